"""A code migration's SQL strings are judged as the same text in a .sql file (trial s30 listmonk).

listmonk upgrades its databases with Go migrations
(``internal/migrations/v6.0.0.go``: ``db.Exec(`ALTER TABLE ...`)``) beside a
full ``schema.sql``. The gate read their DDL strings, but:

1. a new migration whose string runs DDL the reader does not read (a ``DO``
   block's ``EXECUTE format('CREATE TABLE %I ...', 'WebhookLog')`` or
   ``EXECUTE 'CREATE TABLE "WebhookLog" ...'``; a plpgsql function creating
   the table, then ``SELECT make_log()``) passed in silence, while the same
   text in schema.sql is a ``DBN013``/``DBN012`` error (or, for the
   literal, the table's own findings);
2. a new migration's ``CREATE TABLE IF NOT EXISTS webhook_logs
   ("statusCode" ...)`` beside schema.sql's ``webhook_logs (status_code
   ...)`` got a ``DBN023`` warning only: a database upgraded through the
   migration gets ``"statusCode"``, unchecked (the same definition in a
   .sql file is the gate's ``DBN023`` error);
3. deleting a DDL statement from an applied migration, or ``git rm`` of one,
   passed: every database that ran it keeps what it made, one that has not
   yet never gets it (``DBN025``, as for a SQL migration).

Oracles: PostgreSQL (each text creates the table; the migration's
definition is what an upgraded database gets), real git (the base commit;
the index in the pre-commit run).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import Entry, check_entries
from git_helpers import committed_repo, git
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = 'paths: ["."]\ndialect: postgres\n'
SCHEMA = """DROP TABLE IF EXISTS campaigns CASCADE;
CREATE TABLE campaigns (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    attribs JSONB NOT NULL DEFAULT '{}'
);
"""
FOLDER = "internal/migrations"
APPLIED = f"{FOLDER}/v6.0.0.go"
OLD = f"{FOLDER}/v0.4.0.go"
HEAD = """package migrations

import (
\t"log"

\t"github.com/jmoiron/sqlx"
)

"""
APPLIED_GO = (
    HEAD
    + """// V6_0_0 performs the DB migrations.
func V6_0_0(db *sqlx.DB, lo *log.Logger) error {
\t// Add attribs field to campaigns table.
\tif _, err := db.Exec(`
\t\tALTER TABLE campaigns ADD COLUMN IF NOT EXISTS attribs JSONB NOT NULL DEFAULT '{}';
\t`); err != nil {
\t\treturn err
\t}

\treturn nil
}
"""
)
OLD_GO = (
    HEAD
    + """func V0_4_0(db *sqlx.DB, lo *log.Logger) error {
\t_, err := db.Exec(`ALTER TABLE campaigns ADD COLUMN IF NOT EXISTS name TEXT`)
\treturn err
}
"""
)
NEW = f"{FOLDER}/v6.3.0.go"

#: The trial's texts (tries Z, Z7, Z8): each creates "WebhookLog" on PostgreSQL.
EXECUTE_FORMAT = """DO $$ BEGIN
\t\t\tEXECUTE format('CREATE TABLE IF NOT EXISTS %I (id SERIAL PRIMARY KEY)',
\t\t\t\tinitcap('webhook') || 'Log');
\t\tEND $$;"""
#: ``format()`` of literals only: constant, read as the text it makes.
EXECUTE_FORMAT_LITERAL = """DO $$ BEGIN
\t\t\tEXECUTE format('CREATE TABLE IF NOT EXISTS %I (id SERIAL PRIMARY KEY)', 'WebhookLog');
\t\tEND $$;"""
EXECUTE_LITERAL = """DO $$ BEGIN
\t\t\tEXECUTE 'CREATE TABLE IF NOT EXISTS "WebhookLog" (id SERIAL PRIMARY KEY)';
\t\tEND $$;"""
FUNCTION = """CREATE OR REPLACE FUNCTION make_log(t text) RETURNS void AS $$
\t\tBEGIN
\t\t\tEXECUTE format('CREATE TABLE IF NOT EXISTS %I (id SERIAL PRIMARY KEY)', t);
\t\tEND;
\t\t$$ LANGUAGE plpgsql;
\t\tSELECT make_log(concat('Webhook', 'Log'));"""
#: The trial's function: literal DDL, read where ``SELECT make_log()`` runs it.
LITERAL_FUNCTION = """CREATE OR REPLACE FUNCTION make_log() RETURNS void AS $$
\t\tBEGIN
\t\t\tCREATE TABLE IF NOT EXISTS "WebhookLog" (id SERIAL PRIMARY KEY);
\t\tEND;
\t\t$$ LANGUAGE plpgsql;
\t\tSELECT make_log();"""


def _migration(sql: str, comment: str = "") -> str:
    return (
        HEAD
        + comment
        + "func V6_3_0(db *sqlx.DB, lo *log.Logger) error {\n"
        + f"\tif _, err := db.Exec(`\n\t\t{sql}\n\t`); err != nil {{\n\t\treturn err\n\t}}\n"
        + "\treturn nil\n}\n"
    )


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "listmonk",
        {
            "dbnamelint.yaml": CONFIG,
            "schema.sql": SCHEMA,
            APPLIED: APPLIED_GO,
            OLD: OLD_GO,
            "cmd/upgrade.go": 'package main\n\nvar migList = []migFunc{{"v6.0.0", '
            "migrations.V6_0_0}}\n",
        },
        monkeypatch,
    )


def _gate(*more: str) -> tuple[int, list[Entry]]:
    return check_entries(*(more or ("--base", "HEAD")), "--no-cache")


def _errors(found: list[Entry]) -> list[tuple[str, str]]:
    return sorted({(c, p) for c, p, _, s, _ in found if s == "error"})


@pytest.mark.parametrize(
    "sql",
    [EXECUTE_FORMAT, EXECUTE_FORMAT_LITERAL, EXECUTE_LITERAL, FUNCTION, LITERAL_FUNCTION],
    ids=["format", "format-literal", "literal", "function", "literal-function"],
)
def test_postgres_makes_the_table(pg: PgServer, sql: str) -> None:
    with pg.fresh_database("code_unread") as db:
        pg.run(sql=SCHEMA + sql.replace("\t", ""), dbname=db)
        assert "WebhookLog" in pg.public_tables(db)


@pytest.mark.parametrize(
    ("sql", "code"),
    [(EXECUTE_FORMAT, "DBN013"), (FUNCTION, "DBN012")],
    ids=["format", "function"],
)
def test_unread_ddl_in_a_new_code_migration_is_refused_as_in_sql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sql: str, code: str
) -> None:
    root = _repo(tmp_path, monkeypatch)
    # the same text in the schema file: the gate's error
    (root / "schema.sql").write_text(SCHEMA + sql.replace("\t", "") + "\n")
    status, found = _gate()
    assert status == 1
    assert _errors(found) == [(code, "schema.sql")]
    git(root, "checkout", "schema.sql")
    # in a new Go migration's string: the same error, at the migration
    (root / NEW).write_text(_migration(sql))
    git(root, "add", "-A")
    status, found = _gate()
    assert status == 1, found
    assert _errors(found) == [(code, NEW)]
    message = next(m for c, p, _, s, m in found if c == code and s == "error")
    assert "this code migration is new since HEAD, so the gate refuses it" in message
    assert f"`dbnamelint: ignore[{code}] <reason>`" in message
    # the hook says the same of the index
    status, found = _gate("--pre-commit")
    assert status == 1
    assert _errors(found) == [(code, NEW)]
    # checked by hand and accepted by the comment the README documents
    accepted = f"// dbnamelint: ignore[{code}] WebhookLog is a reviewed legacy name\n"
    (root / NEW).write_text(_migration(sql, accepted))
    status, found = _gate()
    assert status == 0, found


@pytest.mark.parametrize(
    "sql",
    [EXECUTE_LITERAL, EXECUTE_FORMAT_LITERAL, LITERAL_FUNCTION],
    ids=["literal", "format-literal", "literal-function"],
)
def test_execute_of_a_literal_is_read_and_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sql: str
) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / NEW).write_text(_migration(sql))
    status, found = _gate()
    assert status == 1
    assert ("DBN101", NEW) in {(c, p) for c, p, *_ in found}, found


def test_a_django_migrations_do_block_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    path = "app/migrations/0002_webhook.py"
    (root / path).parent.mkdir(parents=True)
    (root / path).write_text(
        "from django.db import migrations\n\n\n"
        "class Migration(migrations.Migration):\n"
        '    dependencies = [("app", "0001_initial")]\n'
        "    operations = [\n"
        '        migrations.RunSQL("""' + EXECUTE_FORMAT.replace("\t", "") + '"""),\n'
        "    ]\n"
    )
    status, found = _gate()
    assert status == 1
    assert _errors(found) == [("DBN013", path)]


WEBHOOK_SCHEMA = """
DROP TABLE IF EXISTS webhook_logs CASCADE;
CREATE TABLE webhook_logs (
    id BIGSERIAL PRIMARY KEY,
    status_code INT NOT NULL DEFAULT 0
);
"""
WEBHOOK_MIGRATION = """CREATE TABLE IF NOT EXISTS webhook_logs (
\t\t\tid BIGSERIAL PRIMARY KEY,
\t\t\tstatus_code INT NOT NULL DEFAULT 0
\t\t);"""
CAMEL_MIGRATION = WEBHOOK_MIGRATION.replace("status_code", '"statusCode"')


def test_an_upgraded_database_gets_the_migrations_definition(pg: PgServer) -> None:
    """The premise of DBN023 here: a database built before v6.3.0 has no
    webhook_logs; the migration makes it as the migration writes it."""
    with pg.fresh_database("code_skipped") as db:
        pg.run(sql=SCHEMA, dbname=db)  # installed at v6.2.0
        pg.run(sql=CAMEL_MIGRATION.replace("\t", ""), dbname=db)  # upgraded to v6.3.0
        rows = pg.query_json(
            "SELECT column_name AS c FROM information_schema.columns "
            "WHERE table_name = 'webhook_logs' ORDER BY ordinal_position",
            db,
        )
    assert [r["c"] for r in rows] == ["id", "statusCode"]


def test_a_skipped_definition_naming_other_columns_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / "schema.sql").write_text(SCHEMA + WEBHOOK_SCHEMA)
    (root / NEW).write_text(_migration(CAMEL_MIGRATION))
    git(root, "add", "-A")
    status, found = _gate()
    assert status == 1, found
    assert _errors(found) == [("DBN023", NEW)]
    message = next(m for c, _, _, s, m in found if c == "DBN023" and s == "error")
    assert message.startswith("definition skipped, never checked: table 'webhook_logs'")
    assert "it gives names that table lacks: statusCode; new since HEAD" in message
    # the warning's advice fits a statement that has IF NOT EXISTS
    warning = next(m for c, _, _, s, m in found if c == "DBN023" and s == "warning")
    assert "write IF NOT EXISTS" not in warning
    status, found = _gate("--pre-commit")
    assert status == 1
    assert _errors(found) == [("DBN023", NEW)]
    # the same definition as schema.sql's (listmonk's own pattern): no error
    (root / NEW).write_text(_migration(WEBHOOK_MIGRATION))
    status, found = _gate()
    assert status == 0, found
    # reviewed by hand and accepted
    accepted = "// dbnamelint: ignore[DBN023] statusCode is renamed by v6.4.0\n"
    (root / NEW).write_text(_migration(CAMEL_MIGRATION, accepted))
    status, found = _gate()
    assert status == 0, found


def test_deleting_ddl_from_an_applied_code_migration_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    start = APPLIED_GO.index("\t// Add attribs")
    end = APPLIED_GO.index("\treturn nil")
    (root / APPLIED).write_text(APPLIED_GO[:start] + APPLIED_GO[end:])
    status, found = _gate()
    assert status == 1
    assert _errors(found) == [("DBN025", APPLIED)]
    message = next(m for c, *_, m in found if c == "DBN025")
    assert message.startswith(
        "this code migration was committed at HEAD and this change deletes DDL from it "
        "(ALTER TABLE campaigns ADD COLUMN IF NOT EXISTS attribs"
    )
    git(root, "add", "-A")
    status, found = _gate("--pre-commit")
    assert status == 1
    assert _errors(found) == [("DBN025", APPLIED)]


def test_the_deleted_statement_of_a_multi_statement_string_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s34 listmonk: deleting ``ALTER TABLE users ADD COLUMN ...
    twofa_key`` from ``v6.0.0.go``'s string named the ``DO $$`` block that
    starts it, and its line."""
    root = _repo(tmp_path, monkeypatch)
    first = (
        "\t\tALTER TABLE campaigns ADD COLUMN IF NOT EXISTS attribs JSONB NOT NULL DEFAULT '{}';\n"
    )
    lines = (
        "\t\tDO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'k') THEN\n"
        "\t\t\tCREATE TYPE k AS ENUM ('a');\n\t\tEND IF; END $$;\n"
        + first
        + "\t\tALTER TABLE campaigns ADD COLUMN IF NOT EXISTS twofa_key TEXT NULL;\n"
        "\t\tALTER TABLE campaigns ADD COLUMN IF NOT EXISTS twofa_at TIMESTAMP NULL;\n"
    )
    (root / APPLIED).write_text(APPLIED_GO.replace(first, lines))
    git(root, "commit", "-qam", "v6.0.0 with more")
    deleted = "\t\tALTER TABLE campaigns ADD COLUMN IF NOT EXISTS twofa_key TEXT NULL;\n"
    at_base = APPLIED_GO.replace(first, lines)
    line = at_base[: at_base.index(deleted)].count("\n") + 1
    (root / APPLIED).write_text(at_base.replace(deleted, ""))
    status, found = _gate()
    assert status == 1
    said = [(m, n) for c, _, n, _, m in found if c == "DBN025"]
    assert len(said) == 1
    message, at = said[0]
    shown = " ".join(deleted.split())[:60]  # the message's cut
    assert f"deletes DDL from it ({shown}..., line {line} at HEAD)" in message
    assert at == line  # where the line after it stands now


def test_deleting_an_applied_code_migration_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    git(root, "rm", "-q", OLD)
    status, found = _gate("--pre-commit")
    assert status == 1
    assert _errors(found) == [("DBN025", OLD)]
    message = next(m for c, *_, m in found if c == "DBN025")
    assert "this change deletes it" in message
    status, found = _gate()
    assert status == 1
    assert _errors(found) == [("DBN025", OLD)]


@pytest.mark.parametrize("edit", ["comment", "layout", "rename", "rename-edited"])
def test_comments_layout_and_renames_still_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    root = _repo(tmp_path, monkeypatch)
    if edit == "comment":
        text = APPLIED_GO.replace("// Add attribs field", "// Add the attribs field (JSONB)")
        (root / APPLIED).write_text(text)
    elif edit == "layout":
        text = APPLIED_GO.replace("ALTER TABLE campaigns ADD", "ALTER TABLE campaigns   ADD")
        (root / APPLIED).write_text(text)
    elif edit == "rename":
        git(root, "mv", APPLIED, f"{FOLDER}/v6_0_0.go")
    else:  # moved and reworded beyond git's pairing: its DDL all in the new file
        git(root, "rm", "-q", APPLIED)
        (root / f"{FOLDER}/v6_0_0.go").write_text(
            "package migrations\n\nfunc V6_0_0(db *sqlx.DB) error {\n\t_, err := db.Exec(`\n"
            "\t\tALTER TABLE campaigns ADD COLUMN IF NOT EXISTS attribs JSONB NOT NULL "
            "DEFAULT '{}';\n\t`)\n\treturn err\n}\n"
        )
    git(root, "add", "-A")
    status, found = _gate()
    assert status == 0, found
    status, found = _gate("--pre-commit")
    assert status == 0, found


MAKE_LOG = """
CREATE OR REPLACE FUNCTION make_log() RETURNS void AS $$
BEGIN
    CREATE TABLE IF NOT EXISTS "WebhookLog" (id SERIAL PRIMARY KEY);
END;
$$ LANGUAGE plpgsql;
"""


def test_a_new_migration_running_a_committed_routine_that_holds_ddl_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The routine is the tree's (schema.sql, committed): the new migration's
    string only runs it, as a new .sql file's ``SELECT make_log();`` would."""
    root = _repo(tmp_path, monkeypatch)
    (root / "schema.sql").write_text(SCHEMA + MAKE_LOG)
    git(root, "commit", "-qam", "routine")
    (root / "upgrade.sql").write_text("SELECT make_log();\n")
    status, found = _gate()
    assert status == 1
    # a SQL file's call of the committed routine is read now (session 34): the
    # table its body makes is judged, at the body's line
    assert _errors(found) == [("DBN101", "schema.sql"), ("DBN105", "schema.sql")]
    (root / "upgrade.sql").unlink()
    (root / NEW).write_text(_migration("SELECT make_log();"))
    status, found = _gate()
    assert status == 1, found
    assert _errors(found) == [("DBN012", NEW)]


GOOSE_GO = """package migrations

import (
\t"context"
\t"database/sql"

\t"github.com/pressly/goose/v3"
)
{comment}
func init() {
\tgoose.AddMigrationContext(Up00002, Down00002)
}

func Up00002(ctx context.Context, tx *sql.Tx) error {
\t_, err := tx.ExecContext(ctx, `SELECT make_log();`)
\treturn err
}

func Down00002(ctx context.Context, tx *sql.Tx) error {
\treturn nil
}
"""


def test_a_new_goose_go_migration_running_a_routine_that_holds_ddl_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """goose's Go migrations are not read as SQL: a string holding DDL is
    refused (DBN013); one that only runs a function a SQL migration made,
    whose body holds DDL, passed in silence, while the same statement in a
    new .sql migration is read (DBN012 until the body was read at the call,
    session 34)."""
    root = committed_repo(
        tmp_path / "goose",
        {
            "dbnamelint.yaml": "paths: [db/migrations]\ndialect: postgres\n",
            "db/migrations/00001_init.sql": "-- +goose Up\n" + SCHEMA + MAKE_LOG,
        },
        monkeypatch,
    )
    (root / "db/migrations/00002_log.sql").write_text("-- +goose Up\nSELECT make_log();\n")
    status, found = _gate()
    assert status == 1
    # the SQL migration's call is read (session 34): the body's table is judged
    assert _errors(found) == [
        ("DBN101", "db/migrations/00001_init.sql"),
        ("DBN105", "db/migrations/00001_init.sql"),
    ]
    (root / "db/migrations/00002_log.sql").unlink()
    path = "db/migrations/00002_log.go"
    (root / path).write_text(GOOSE_GO.replace("{comment}", ""))
    git(root, "add", "-A")
    status, found = _gate()
    assert status == 1, found
    assert _errors(found) == [("DBN012", path)]
    message = next(m for c, p, _, s, m in found if c == "DBN012" and s == "error")
    assert "runs make_log(), a routine of the tree whose body holds DDL" in message
    accepted = "\n// dbnamelint: ignore[DBN012] make_log's table is reviewed\n"
    (root / path).write_text(GOOSE_GO.replace("{comment}", accepted))
    status, found = _gate()
    assert status == 0, found
