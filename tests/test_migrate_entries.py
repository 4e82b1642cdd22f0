"""migrate finds a whitelist entry's object exactly as ``check`` does.

An entry names its object through the whitelist's identity (quoting rules,
default schema, earlier names). After one phase renamed a table, the next
phase's entries, written against the table's old name, still denote their
columns: ``check`` keeps excusing them, and ``migrate --phase`` plans them.
Each migration written runs on the real PostgreSQL (``DBNAMELINT_TEST_PG``)
and is rolled back there; the catalog is the oracle.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pg_server import PgServer
from test_migrate_loop import _run

_INIT = """\
CREATE TABLE "Account" (
    "id" BIGINT NOT NULL,
    "userId" BIGINT NOT NULL,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Account_userId_idx" ON "Account"("userId");
CREATE TABLE "Session" (
    "id" BIGINT NOT NULL,
    "accountId" BIGINT NOT NULL,
    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "Session" ADD CONSTRAINT "Session_accountId_fkey"
    FOREIGN KEY ("accountId") REFERENCES "Account"("id");
"""

#: Phase 1 renames the tables; phase 2's entries still name them as they were.
_WHITELIST = """\
phases:
  - {id: tables, title: Tables, status: open}
  - {id: columns, title: Columns, status: open}
entries:
  - {kind: table, name: Account, rules: [DBN101], phase: tables, target: accounts}
  - {kind: table, name: Session, rules: [DBN101], phase: tables, target: sessions}
  - {kind: column, name: Account.userId, rules: [DBN201], phase: columns, target: user_id}
  - {kind: column, name: public.account.createdAt, rules: [DBN201], phase: columns,
     target: created_at}
  - {kind: column, name: '"Session".accountId', rules: [DBN201], phase: columns,
     target: account_id}
"""


def _written(stderr: str, role: str) -> Path:
    """The file ``migrate --write`` reports as written with ``role``."""
    lines = [line for line in stderr.splitlines() if line.endswith(f"({role})")]
    assert len(lines) == 1, stderr
    return Path(lines[0].split(" ", 1)[1].rsplit(" (", 1)[0])


def _catalog(pg: PgServer, db: str) -> dict[str, list[str]]:
    """Relation -> its columns in order, from pg_catalog (tables and views of public)."""
    rows = pg.query_json(
        "SELECT c.relname AS rel, c.relkind AS kind, a.attname AS col FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v') ORDER BY c.relname, a.attnum",
        db,
    )
    out: dict[str, list[str]] = {}
    for row in rows:
        out.setdefault(f"{row['rel']}:{row['kind']}", []).append(row["col"])
    return out


def _excused(root: Path, monkeypatch: pytest.MonkeyPatch) -> set[tuple[str, str]]:
    """(kind, qualified name) of every object `check` excuses a finding of."""
    _, out, _ = _run(root, monkeypatch, "check", "--no-cache", "--format", "json")
    findings = json.loads(out)["findings"]
    return {(f["kind"], f["qualified_name"]) for f in findings if f["whitelisted"]}


def test_a_later_phase_is_migrated_after_an_earlier_phase_renamed_its_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = tmp_path / "project"
    init = root / "prisma" / "migrations" / "20240101000000_init" / "migration.sql"
    init.parent.mkdir(parents=True)
    init.write_text(_INIT, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(
        "paths: [prisma/migrations]\ndialect: postgres\n", encoding="utf-8"
    )
    (root / "whitelist.yaml").write_text(_WHITELIST, encoding="utf-8")

    code, _, err = _run(root, monkeypatch, "migrate", "--phase", "tables", "--write")
    assert code == 0, err
    tables_up, tables_down = _written(err, "forward"), _written(err, "rollback")

    # check still excuses the column entries written against the old table names
    excused = _excused(root, monkeypatch)
    assert {
        ("column", "accounts.userId"),
        ("column", "accounts.createdAt"),
        ("column", "sessions.accountId"),
    } <= excused, excused

    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "columns", "--write")
    assert code == 0, err
    assert 'ALTER TABLE "accounts" RENAME COLUMN "userId" TO "user_id"' in out
    assert 'ALTER TABLE "accounts" RENAME COLUMN "createdAt" TO "created_at"' in out
    assert 'ALTER TABLE "sessions" RENAME COLUMN "accountId" TO "account_id"' in out
    columns_up, columns_down = _written(err, "forward"), _written(err, "rollback")

    with pg.fresh_database("dbnamelint_entries_loop") as db:
        pg.run(files=[init], dbname=db)
        legacy = _catalog(pg, db)
        assert legacy == {
            "Account:r": ["id", "userId", "createdAt"],
            "Session:r": ["id", "accountId"],
        }
        pg.run(files=[root / tables_up], dbname=db)
        after_tables = _catalog(pg, db)
        assert after_tables["accounts:r"] == legacy["Account:r"]
        assert after_tables["sessions:r"] == legacy["Session:r"]
        assert "Account:v" in after_tables and "Session:v" in after_tables

        pg.run(files=[root / columns_up], dbname=db)
        after_columns = _catalog(pg, db)
        assert after_columns["accounts:r"] == ["id", "user_id", "created_at"]
        assert after_columns["sessions:r"] == ["id", "account_id"]

        pg.run(files=[root / columns_down], dbname=db)
        assert _catalog(pg, db) == after_tables
        pg.run(files=[root / tables_down], dbname=db)
        assert _catalog(pg, db) == legacy


_SPELLINGS_TREE = {
    "001_init.sql": (
        'CREATE TABLE "UserAccounts" (id bigint PRIMARY KEY, "emailAddress" text, '
        '"EmailAddress" text, "phoneNumber" text);\n'
        'CREATE TABLE "userAccounts" (id bigint PRIMARY KEY, "emailAddress" text);\n'
        "CREATE SCHEMA audit;\n"
        'CREATE TABLE audit."UserAccounts" (id bigint PRIMARY KEY, "emailAddress" text);\n'
        'CREATE TABLE "OldThings" (id bigint PRIMARY KEY, "thingName" text);\n'
    ),
    "002_rename.sql": 'ALTER TABLE "OldThings" RENAME TO "NewThings";\n',
}

_TABLES = [
    "UserAccounts",
    '"UserAccounts"',
    "useraccounts",
    "USERACCOUNTS",
    "userAccounts",
    '"userAccounts"',
    "public.UserAccounts",
    "PUBLIC.UserAccounts",
    '"public"."UserAccounts"',
    "audit.UserAccounts",
    'audit."UserAccounts"',
    "AUDIT.useraccounts",
    "other.UserAccounts",
    "OldThings",
    "NewThings",
    "newthings",
    '"OldThings"',
]
_COLUMNS = [
    "UserAccounts.emailAddress",
    "UserAccounts.emailaddress",
    'UserAccounts."emailAddress"',
    'UserAccounts."EmailAddress"',
    "UserAccounts.EMAILADDRESS",
    "UserAccounts.phoneNumber",
    "useraccounts.phoneNumber",
    "userAccounts.emailAddress",
    '"userAccounts".emailAddress',
    "public.UserAccounts.emailAddress",
    "audit.UserAccounts.emailAddress",
    "audit.userAccounts.emailAddress",
    "OldThings.thingName",
    "oldthings.thingName",
    '"OldThings"."thingName"',
    "NewThings.thingName",
    "NewThings.thingname",
    "public.OldThings.thingName",
]


def _quoted(*parts: str | None) -> str:
    return ".".join('"' + p.replace('"', '""') + '"' for p in parts if p)


@pytest.mark.parametrize(
    ("kind", "written"),
    [("table", w) for w in _TABLES] + [("column", w) for w in _COLUMNS],
)
def test_the_object_check_excuses_is_the_one_migrate_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, written: str
) -> None:
    """For each spelling of an entry's name, ``migrate --phase`` renames exactly
    the object ``check`` excuses (or, for an object renamed since, the one
    ``check`` reports renamed off-plan), and refuses when ``check`` finds none."""
    (tmp_path / "db").mkdir()
    for name, text in _SPELLINGS_TREE.items():
        (tmp_path / "db" / name).write_text(text, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    name = "'" + written.replace("'", "''") + "'"
    (tmp_path / "whitelist.yaml").write_text(
        'phases:\n  - {id: "1", title: One, status: open}\nentries:\n'
        f'  - {{kind: {kind}, name: {name}, phase: "1", target: renamed_x}}\n',
        encoding="utf-8",
    )
    _, out, _ = _run(tmp_path, monkeypatch, "check", "--no-cache", "--format", "json")
    report = json.loads(out)
    excused = {
        (f["schema"], f["table"], f["name"])
        for f in report["findings"]
        if f["whitelisted"] and f["kind"] == kind
    }
    off_plan = [d for d in report["diagnostics"] if d["code"] == "DBN902"]
    code, plan, err = _run(tmp_path, monkeypatch, "migrate", "--phase", "1")
    if not excused and not off_plan:
        assert code == 2, plan
        assert "whitelist.yaml:4" in err
        return
    assert code == 0, err
    if off_plan:  # the table itself was renamed since: check names its new name
        assert not excused
        assert "was renamed to NewThings" in off_plan[0]["message"]
        expected = 'ALTER TABLE "NewThings" RENAME TO "renamed_x";'
    else:
        assert len(excused) == 1, excused
        ((schema, table, obj),) = excused
        if kind == "table":
            expected = f'ALTER TABLE {_quoted(schema, obj)} RENAME TO "renamed_x";'
        else:
            expected = (
                f'ALTER TABLE {_quoted(schema, table)} RENAME COLUMN {_quoted(obj)} TO "renamed_x";'
            )
    renames = [line for line in plan.splitlines() if line.endswith('TO "renamed_x";')]
    assert renames == [expected], plan
