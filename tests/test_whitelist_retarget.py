"""``dbnamelint whitelist retarget``: dependents' targets follow a hand-set table target.

s8-t1 #13: ``whitelist init`` writes an index's, constraint's and sequence's
target after the table's name of the day; a table ``target:`` set by hand
afterwards leaves them spelling the old name (DBN910 in ``check``, refused by
``migrate``). ``retarget`` rewrites them in place, leaves every other byte
of the file as it was, and the result passes ``check``; the migration it
lets ``migrate`` write runs on the real PostgreSQL 15 (``DBNAMELINT_TEST_PG``),
whose catalog is the oracle for the names, and ``drift`` then finds nothing.
The expected names are the config's templates rendered on the new table
(``idx_{table}_{columns}``, ``{table}_{columns}_fkey``) and DBN504's rule
(the old table name replaced by the new one).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pg_server import PgServer, pg_url
from test_migrate_loop import _run

_INIT = """\
CREATE TABLE clients (id uuid PRIMARY KEY, name text);
CREATE TABLE tokens (
  id uuid PRIMARY KEY,
  client_id uuid NOT NULL,
  expires_at timestamptz NOT NULL,
  CONSTRAINT fk_tokens_client_id FOREIGN KEY (client_id) REFERENCES clients(id)
);
CREATE INDEX idx_tokens_expiry ON tokens (expires_at);
CREATE INDEX tok_client ON tokens (client_id);
CREATE SEQUENCE "tokens_Serial_seq";
"""

_CONFIG = """\
paths: [migrations]
dialect: postgres
rules:
  DBN103: {options: {prefixes: [auth_, crypto_], exceptions: [clients]}}
  DBN302: {options: {template: "idx_{table}_{columns}"}}
  DBN402: {}
"""

#: What `whitelist init` wrote, then: a table target set by hand (line 31), a
#: comment, a flow-style entry, an owner on the phase, and a hand-written
#: index target that already follows the new table name.
_WHITELIST = """\
# legacy names; see the runbook
phases:
  - id: "1"
    title: "Legacy names"
    status: open
    owner: team-auth
entries:
  - kind: constraint
    name: tokens.fk_tokens_client_id
    rules: [DBN402]
    phase: "1"
    target: tokens_client_id_fkey   # written by init
  - {kind: index, name: tokens.idx_tokens_expiry, rules: [DBN302], target: idx_tokens_expires_at}
  - kind: index
    name: tokens.tok_client
    rules: [DBN302]
    phase: "1"
    reason: chosen by hand
    target: idx_auth_tokens_client_id
  - kind: sequence
    name: tokens_Serial_seq
    rules: [DBN505]
    phase: "1"
    target: tokens_serial_seq
  # the table's target, set by hand after init
  - kind: table
    name: tokens
    rules: [DBN103]
    phase: "1"
    target: auth_tokens
"""

_EXPECTED = (
    _WHITELIST.replace("target: tokens_client_id_fkey", "target: auth_tokens_client_id_fkey")
    .replace("target: idx_tokens_expires_at}", "target: idx_auth_tokens_expires_at}")
    .replace("target: tokens_serial_seq", "target: auth_tokens_serial_seq")
)

_CHANGES = [
    "whitelist.yaml:12: constraint tokens.fk_tokens_client_id: "
    "target tokens_client_id_fkey -> auth_tokens_client_id_fkey",
    "whitelist.yaml:13: index tokens.idx_tokens_expiry: "
    "target idx_tokens_expires_at -> idx_auth_tokens_expires_at",
    "whitelist.yaml:24: sequence tokens_Serial_seq: "
    "target tokens_serial_seq -> auth_tokens_serial_seq",
]


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "migrations").mkdir(parents=True)
    (root / "migrations" / "001_init.sql").write_text(_INIT, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(_CONFIG, encoding="utf-8")
    (root / "whitelist.yaml").write_text(_WHITELIST, encoding="utf-8")
    return root


def test_stale_targets_are_reported_with_the_command_that_fixes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path)
    code, out, _ = _run(root, monkeypatch, "check", "--no-cache")
    assert code == 1, out
    assert (
        "whitelist.yaml:13:68: DBN910 error: whitelist target idx_tokens_expires_at of index "
        "tokens.idx_tokens_expiry (stored as 'idx_tokens_expires_at') itself breaks DBN302 "
        "index-name-off-template: index name 'idx_tokens_expires_at' does not follow the "
        "template 'idx_{table}_{columns}': it still spells its table's old name 'tokens'; "
        "`dbnamelint whitelist retarget` rewrites it to 'idx_auth_tokens_expires_at'"
    ) in out
    # the hand-written target that passes is not reported
    assert "tok_client" not in out
    code, _, err = _run(root, monkeypatch, "migrate", "--phase", "1")
    assert code == 2
    assert "`dbnamelint whitelist retarget` rewrites the ones that still spell" in err


def test_a_sequence_target_check_accepts_is_refused_by_migrate_with_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No rule templates sequence names, so `check` passes it; DBN504 would flag
    the renamed sequence, so migrate refuses it and names `whitelist retarget`."""
    root = _project(tmp_path)
    whitelist = root / "whitelist.yaml"
    fixed = _EXPECTED.replace("target: auth_tokens_serial_seq", "target: tokens_serial_seq")
    whitelist.write_text(fixed, encoding="utf-8")
    code, out, _ = _run(root, monkeypatch, "check", "--no-cache")
    assert code == 0, out
    code, _, err = _run(root, monkeypatch, "migrate", "--phase", "1")
    assert code == 2
    assert "the target 'tokens_serial_seq' of sequence 'tokens_Serial_seq' still spells" in err
    assert "change the entry's target to 'auth_tokens_serial_seq'" in err
    assert "`dbnamelint whitelist retarget` rewrites every such target" in err
    code, out, _ = _run(root, monkeypatch, "whitelist", "retarget")
    assert code == 0
    assert out.splitlines()[0] == _CHANGES[2]
    assert whitelist.read_text(encoding="utf-8") == _EXPECTED


def test_dry_run_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    before = (root / "whitelist.yaml").read_bytes()
    code, out, _ = _run(root, monkeypatch, "whitelist", "retarget", "--dry-run")
    assert code == 0
    assert out.splitlines() == [
        *_CHANGES,
        "3 targets would be rewritten in whitelist.yaml; nothing written (--dry-run)",
    ]
    assert (root / "whitelist.yaml").read_bytes() == before


def test_table_argument_limits_it_and_an_unknown_table_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path)
    before = (root / "whitelist.yaml").read_bytes()
    code, out, _ = _run(root, monkeypatch, "whitelist", "retarget", "clients", "--dry-run")
    assert (code, out.splitlines()[-1]) == (
        0,
        "0 targets would be rewritten in whitelist.yaml; nothing written (--dry-run)",
    )
    # the table's target names it too
    code, out, _ = _run(root, monkeypatch, "whitelist", "retarget", "auth_tokens", "--dry-run")
    assert out.splitlines()[:-1] == _CHANGES
    code, _, err = _run(root, monkeypatch, "whitelist", "retarget", "tokenz")
    assert code == 2
    assert "no table named tokenz" in err
    assert (root / "whitelist.yaml").read_bytes() == before
    (root / "whitelist.yaml").unlink()
    code, _, err = _run(root, monkeypatch, "whitelist", "retarget")
    assert (code, err.strip()) == (2, "dbnamelint: no whitelist at whitelist.yaml")


def test_retargeted_whitelist_checks_migrates_and_leaves_no_drift(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = _project(tmp_path)
    code, out, err = _run(root, monkeypatch, "whitelist", "retarget")
    assert code == 0, err
    assert out.splitlines() == [*_CHANGES, "3 targets rewritten in whitelist.yaml"]
    # only the three target values changed: comments, flow style, owner, the
    # hand-written target and the order are as they were
    assert (root / "whitelist.yaml").read_text(encoding="utf-8") == _EXPECTED
    code, out, _ = _run(root, monkeypatch, "whitelist", "retarget")
    assert (code, out.splitlines()) == (
        0,
        [
            "0 targets spell their table's old name or a column their entries rename; "
            "whitelist.yaml unchanged"
        ],
    )

    code, out, _ = _run(root, monkeypatch, "check", "--no-cache")
    assert code == 0, out
    code, _, err = _run(root, monkeypatch, "migrate", "--phase", "1", "--write")
    assert code == 0, err
    forward = root / "migrations" / "002_rename_phase_1.sql"
    assert forward.is_file(), err

    with pg.fresh_database("dbn_retarget") as db:
        pg.run(files=[root / "migrations" / "001_init.sql", forward], dbname=db)
        rows = pg.query_json(
            "SELECT c.relname AS name, c.relkind AS kind FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i', "
            "'S') UNION ALL SELECT conname, 'c' FROM pg_constraint WHERE contype = 'f'",
            db,
        )
        found = {(r["name"], r["kind"]) for r in rows}
        assert {
            ("auth_tokens", "r"),
            ("idx_auth_tokens_expires_at", "i"),
            ("idx_auth_tokens_client_id", "i"),
            ("auth_tokens_serial_seq", "S"),
            ("auth_tokens_client_id_fkey", "c"),
        } <= found, found
        assert not any(name.startswith("tokens") for name, _ in found), found
        code, out, err = _run(root, monkeypatch, "drift", "--db", pg_url(pg, db), "--no-cache")
        assert code == 0, out + err

    # the entries are now done: check says so (stale), and only so
    code, out, _ = _run(root, monkeypatch, "check", "--no-cache")
    assert code == 1
    assert "DBN910" not in out and "DBN504" not in out and "DBN900" in out


def test_targets_init_built_on_the_table_s_suggestion_follow_a_hand_set_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """s8-t3 F5: the table broke a rule itself, so ``whitelist init`` built its
    index's target on the table's *suggested* name (``idx_tbl_customers_email``);
    a hand-set table target (``customers``) left that target on a table that
    will never exist, and ``retarget`` saw nothing to do. It now follows the
    table's target; PostgreSQL's catalog after the migration is the oracle."""
    root = tmp_path
    (root / "migrations").mkdir()
    (root / "migrations" / "001_init.sql").write_text(
        "CREATE TABLE tbl_customer (id bigserial PRIMARY KEY, email text);\n"
        'CREATE INDEX "IDX_tbl_customer_email" ON tbl_customer (email);\n',
        encoding="utf-8",
    )
    (root / "dbnamelint.yaml").write_text(
        "paths: [migrations]\ndialect: postgres\n", encoding="utf-8"
    )
    code, out, err = _run(root, monkeypatch, "whitelist", "init")
    assert code == 0, out + err
    text = (root / "whitelist.yaml").read_text(encoding="utf-8")
    assert "target: tbl_customers\n" in text and "idx_tbl_customers_email" in text, text
    (root / "whitelist.yaml").write_text(
        text.replace("target: tbl_customers\n", "target: customers\n"), encoding="utf-8"
    )
    code, out, err = _run(root, monkeypatch, "whitelist", "retarget")
    assert code == 0, out + err
    assert "-> idx_customers_email" in out, out
    code, _, err = _run(root, monkeypatch, "migrate", "--phase", "1", "--write")
    assert code == 0, err
    forward = root / "migrations" / "002_rename_phase_1.sql"
    with pg.fresh_database("dbn_retarget_suggested") as db:
        pg.run(files=[root / "migrations" / "001_init.sql", forward], dbname=db)
        rows = pg.query_json(
            "SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = "
            "c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')",
            db,
        )
        found = {r["name"] for r in rows}
        assert {"customers", "idx_customers_email"} <= found, found
        assert not any("tbl_" in name for name in found), found
