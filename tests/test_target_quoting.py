"""Targets keep their case: written quoted exactly when the dialect needs quotes.

Trial 6 (documenso, camelCase columns): ``check`` suggested ``accessToken``,
``whitelist init`` wrote ``target: accessToken`` unquoted, and an unquoted
target is read as SQL reads it (PostgreSQL folds it to ``accesstoken``), so
``migrate`` renamed ``access_token`` to ``accesstoken`` and ``check`` called
the entry done. Now every writer of a target (``whitelist init``,
``whitelist add``) writes the merged fix's quoting (``fix.quoted``, from
:func:`dbnamelint.rules.stored.needs_quotes`). The oracle is the real
PostgreSQL catalog (``pg_attribute``) after the forward script ``migrate``
wrote, and the folding of the other dialects as their manuals state it
(MySQL keeps a column's case without quotes).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dbnamelint.findings import Rename
from dbnamelint.whitelist.writer import target_scalar, target_text
from pg_server import PgServer
from test_migrate_dependent_targets import _entries, _init, _project
from test_migrate_loop import _git, _run

CAMEL = """\
paths: [db]
dialect: postgres
rules:
  column-name-wrong-case:
    options: {style: camelCase}
"""
PRISMA = """\
CREATE TABLE "accounts" (
    "id" TEXT NOT NULL,
    "access_token" TEXT,
    "expires_at" INTEGER,
    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);
"""


def _raw_targets(root: Path) -> list[str]:
    text = (root / "whitelist.yaml").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip().startswith("target:")]


def test_init_quotes_a_target_postgresql_would_fold_and_migrate_keeps_its_case(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, PRISMA, CAMEL)
    _init(root, monkeypatch)
    assert _raw_targets(root) == ["target: '\"accessToken\"'", "target: '\"expiresAt\"'"]
    assert [e["target"] for e in _entries(root)] == ['"accessToken"', '"expiresAt"']
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 0, out + err

    code, plan, err = _run(root, monkeypatch, "migrate", "--all", "--write")
    assert code == 0, plan + err
    (forward,) = [p for p in (root / "db").glob("002_*.sql") if ".down." not in p.name]
    script = forward.read_text(encoding="utf-8")
    assert 'RENAME COLUMN "access_token" TO "accessToken"' in script, script
    assert "accesstoken" not in script
    with pg.fresh_database("dbnl_target_quoting") as db:
        pg.run(files=[root / "db" / "001_init.sql", forward], dbname=db)
        rows = pg.query_json(
            "SELECT attname FROM pg_attribute WHERE attrelid = 'accounts'::regclass "
            "AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
            db,
        )
    assert [r["attname"] for r in rows] == ["id", "accessToken", "expiresAt"]

    # Only now, with the catalog's names in the tree, is the entry done.
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 1, out + err
    assert "renamed to its target accessToken at" in out, out
    assert "DBN902" not in out
    code, out, err = _run(root, monkeypatch, "whitelist", "prune")
    assert code == 0, out + err
    assert _entries(root) == []
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 0, out + err


def test_a_rename_to_the_folded_name_is_off_plan_for_a_quoted_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading side: ``'"accessToken"'`` is that exact name, not ``accesstoken``."""
    root = _project(tmp_path, PRISMA, CAMEL)
    _init(root, monkeypatch)
    (root / "db" / "002_fold.sql").write_text(
        "ALTER TABLE accounts RENAME COLUMN access_token TO accessToken;\n", encoding="utf-8"
    )
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "folded")
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 1, out + err
    assert "DBN902" in out and 'plans "accessToken"' in out, out
    assert "renamed to its target" not in out


def test_whitelist_add_writes_the_quoted_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, PRISMA, CAMEL)
    code, out, err = _run(root, monkeypatch, "whitelist", "add", "accounts.access_token")
    assert code == 0, out + err
    assert _raw_targets(root) == ["target: '\"accessToken\"'"]


@pytest.mark.parametrize("dialect", ["mysql", "sqlite"])
def test_dialects_that_keep_case_unquoted_get_a_bare_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str
) -> None:
    sql = "CREATE TABLE accounts (id int PRIMARY KEY, access_token text);\n"
    root = _project(tmp_path, sql, CAMEL.replace("postgres", dialect))
    _init(root, monkeypatch)
    assert _raw_targets(root) == ["target: accessToken"]


@pytest.mark.parametrize(
    ("fix", "scalar"),
    [
        (Rename("users"), "users"),
        (Rename("accessToken", quoted=True), "'\"accessToken\"'"),
        (Rename("order", quoted=True), "'\"order\"'"),  # a reserved word
        (Rename('say "hi"', quoted=True), '\'"say ""hi"""\''),
        (Rename("it's", quoted=True), '"\\"it\'s\\""'),
    ],
)
def test_target_scalar_loads_back_as_sql_writes_the_name(fix: Rename, scalar: str) -> None:
    assert target_scalar(fix) == scalar
    assert yaml.safe_load(f"t: {scalar}")["t"] == target_text(fix)


def test_an_entry_repointed_to_its_quoted_target_is_not_growth(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check --base``: an entry edited to follow its object to the quoted target
    it planned excuses no new name (the same name compares exactly)."""
    root = _project(tmp_path, PRISMA, CAMEL)
    _init(root, monkeypatch)
    (root / "db" / "002_rename.sql").write_text(
        'ALTER TABLE accounts RENAME COLUMN access_token TO "accessToken";\n', encoding="utf-8"
    )
    path = root / "whitelist.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("name: accounts.access_token", "name: 'accounts.\"accessToken\"'"),
        encoding="utf-8",
    )
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "renamed, entry edited")
    code, out, err = _run(root, monkeypatch, "check", "--base", "HEAD~1")
    assert code == 1, out + err  # the entry is stale: it excuses nothing now
    assert "DBN901" not in out, out + err
    assert "no longer breaks DBN201" in out, out + err
