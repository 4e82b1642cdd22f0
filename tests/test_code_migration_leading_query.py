"""A code migration's SQL string whose first statement is a query holds DDL after it.

Unleash's ``20250529153326-cr-uniqueness.js`` runs one ``db.runSql`` string:
``WITH ranked AS (...) UPDATE change_requests ...; CREATE UNIQUE INDEX ...``.
A string was taken for the SQL a migration runs only when it started with a
statement's word (``CREATE``, ``UPDATE``, ...), not ``WITH`` or ``SELECT``:
the index was left out of the model, and a table created after such a query
in a new migration named in ``paths:`` passed the hook (trial s32 unleash).
Now a string holding DDL after a ``;`` is read whatever its first statement
(:func:`dbnamelint.code_migrations._statement`), in every tool's migrations.

Oracle: PostgreSQL 15 runs the string as one simple query, as db-migrate's
``runSql``, Knex's ``raw`` and Django's ``RunSQL`` send it, and its catalog
holds the index the model now lists.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import new_file_errors
from dbnamelint.cli import cli
from git_helpers import committed_repo
from pg_server import PgServer

TABLE = (
    "CREATE TABLE change_requests (id int PRIMARY KEY, created_by int, project text, "
    "state text, created_at timestamp)"
)
#: Unleash's string, as its migration writes it.
QUERY_THEN_INDEX = """
            WITH ranked AS (
                SELECT id,
                       ROW_NUMBER() OVER (
                       PARTITION BY created_by, project
                       ORDER BY created_at DESC
                   ) AS rn
                FROM change_requests
                WHERE state NOT IN ('Applied', 'Cancelled')
            )
            UPDATE change_requests
            SET state = 'Cancelled'
            WHERE id IN (SELECT id FROM ranked WHERE rn > 1);

            CREATE UNIQUE INDEX IF NOT EXISTS unique_pending_request_per_user_project
                ON change_requests (created_by, project)
                WHERE state NOT IN ('Applied', 'Cancelled');
"""


def _db_migrate(sql: str) -> str:
    return (
        f"exports.up = (db, callback) => {{\n  db.runSql(\n    `{sql}`,\n    callback,\n  );\n}};\n"
    )


def test_the_index_after_a_query_is_in_the_model(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "20250101000000-change-requests.js").write_text(_db_migrate(TABLE + ";"))
    (folder / "20250529153326-cr-uniqueness.js").write_text(_db_migrate(QUERY_THEN_INDEX))
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(
        cli, ["inspect", "--no-cache", "--dialect", "postgres", "--format", "json", "migrations"]
    )
    assert done.exit_code == 0, done.output
    indexes = {o["name"] for o in json.loads(done.stdout)["objects"] if o["kind"] == "index"}
    with pg.fresh_database("leading_query") as db:
        pg.run(sql=TABLE + ";\n" + QUERY_THEN_INDEX, dbname=db)
        catalog = [
            row["indexname"]
            for row in pg.query_json(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'change_requests' "
                "AND indexname NOT LIKE '%_pkey'",
                dbname=db,
            )
        ]
    assert catalog == ["unique_pending_request_per_user_project"]
    assert indexes == set(catalog)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (
            "migrations/20260901000000-bad.js",
            _db_migrate('WITH r AS (SELECT 1) SELECT 1;\n    CREATE TABLE "BadThings" (id int);'),
        ),
        (
            "app/migrations/0002_bad.py",
            "from django.db import migrations\n\n\n"
            "class Migration(migrations.Migration):\n"
            '    dependencies = [("app", "0001_initial")]\n'
            "    operations = [\n"
            '        migrations.RunSQL("SELECT 1;\\n'
            'CREATE TABLE \\"BadThings\\" (id int);"),\n'
            "    ]\n",
        ),
    ],
    ids=["db-migrate-with", "django-select"],
)
def test_a_table_after_a_query_is_judged_in_the_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, text: str
) -> None:
    folder = path.rsplit("/", 1)[0]
    first = (
        _db_migrate(TABLE + ";")
        if path.endswith(".js")
        else "from django.db import migrations\n\n\n"
        "class Migration(migrations.Migration):\n"
        "    initial = True\n"
        "    dependencies = []\n"
        f'    operations = [migrations.RunSQL("{TABLE};")]\n'
    )
    first_name = "20250101000000-first.js" if path.endswith(".js") else "0001_initial.py"
    files = {
        "dbnamelint.yaml": f"paths: [{folder}]\ndialect: postgres\n",
        f"{folder}/{first_name}": first,
    }
    if path.endswith(".py"):
        files["app/__init__.py"] = ""
        files["app/migrations/__init__.py"] = ""
    root = committed_repo(tmp_path / "repo", files, monkeypatch)
    errors = new_file_errors(root, path, text)
    assert ("DBN101", text[: text.index("BadThings")].count("\n") + 1) in errors, errors


@pytest.mark.parametrize(
    "first",
    ["NOTIFY requests_changed", "REFRESH MATERIALIZED VIEW request_counts", "BEGIN"],
)
def test_a_drop_after_a_statement_no_reader_knows_is_read(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: str
) -> None:
    """Trial s33 miniflux (every code-string reader): a string whose first
    statement the reader did not know was read only for DDL that makes a
    name; a ``DROP TABLE`` after it was skipped, the dropped table kept in
    the model. PostgreSQL runs the string: the table is gone."""
    folder = tmp_path / "migrations"
    folder.mkdir()
    made = "CREATE TABLE request_count (n int); CREATE MATERIALIZED VIEW request_counts AS SELECT 1"
    (folder / "20250101000000-first.js").write_text(_db_migrate(made + ";"))
    then = f"{first}; DROP TABLE request_count;"
    (folder / "20250201000000-drop.js").write_text(_db_migrate(then))
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(
        cli, ["inspect", "--no-cache", "--dialect", "postgres", "--format", "json", "migrations"]
    )
    assert done.exit_code == 0, done.output
    tables = {o["name"] for o in json.loads(done.stdout)["objects"] if o["kind"] == "table"}
    with pg.fresh_database("unknown_first") as db:
        pg.run(sql=made + ";\n" + then + ("COMMIT;" if first == "BEGIN" else ""), dbname=db)
        catalog = {
            row["tablename"]
            for row in pg.query_json(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'", dbname=db
            )
        }
    assert catalog == set()
    assert tables == catalog


LIKE_THEN_TABLE = "UPDATE change_requests SET state = 'x' WHERE project LIKE '%sourceforge%';"


@pytest.mark.parametrize(
    ("path", "text", "codes"),
    [
        (
            "migrations/20260901000000-like.js",
            _db_migrate(LIKE_THEN_TABLE + '\n    CREATE TABLE "BadThings" (id int);'),
            ["DBN101"],
        ),
        (
            "app/migrations/0002_like.py",
            "from django.db import migrations\n\n\n"
            "class Migration(migrations.Migration):\n"
            '    dependencies = [("app", "0001_initial")]\n'
            "    operations = [\n"
            f'        migrations.RunSQL("{LIKE_THEN_TABLE}\\n'
            'CREATE TABLE \\"BadThings\\" (id int);"),\n'
            "    ]\n",
            ["DBN101"],
        ),
        (
            # formatted by Python's % operator of a module constant bound once:
            # computed as Python does (s38 G2), its name judged
            "app/migrations/0002_built.py",
            "from django.db import migrations\n\nNAME = 'BadThings'\n\n\n"
            "class Migration(migrations.Migration):\n"
            '    dependencies = [("app", "0001_initial")]\n'
            "    operations = [\n"
            '        migrations.RunSQL("CREATE TABLE %s (id int);" % NAME),\n'
            "    ]\n",
            ["DBN101"],
        ),
    ],
    ids=["db-migrate-like", "django-like", "django-percent-operator"],
)
def test_a_percent_no_formatting_call_fills_is_sql_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, text: str, codes: list[str]
) -> None:
    """Trial s33 miniflux, every language: ``%s`` of ``LIKE '%sourceforge%'``
    in a string the migration runs as written (``db.runSql``, ``RunSQL``) was
    a format hole, the string taken as built at run time (a DBN013 refusal,
    its table's name never checked); only a formatting call (``%``,
    ``sprintf``, ``util.format``, ``String.format``) fills a verb in."""
    folder = path.rsplit("/", 1)[0]
    first = (
        _db_migrate(TABLE + ";")
        if path.endswith(".js")
        else "from django.db import migrations\n\n\n"
        "class Migration(migrations.Migration):\n"
        "    initial = True\n"
        "    dependencies = []\n"
        f'    operations = [migrations.RunSQL("{TABLE};")]\n'
    )
    first_name = "20250101000000-first.js" if path.endswith(".js") else "0001_initial.py"
    files = {
        "dbnamelint.yaml": f"paths: [{folder}]\ndialect: postgres\n",
        f"{folder}/{first_name}": first,
    }
    if path.endswith(".py"):
        files["app/__init__.py"] = ""
        files["app/migrations/__init__.py"] = ""
    root = committed_repo(tmp_path / "repo", files, monkeypatch)
    errors = new_file_errors(root, path, text)
    assert sorted({c for c, _ in errors}) == codes, errors


def test_an_error_message_in_a_migration_is_not_sql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s33 F10 (every language): a message thrown when the statement
    fails (``throw new Error("create table feed_stats failed")``) was read as
    a statement: a false DBN004 refusing the commit."""
    files = {
        "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
        "migrations/20250101000000-first.js": _db_migrate(TABLE + ";"),
    }
    root = committed_repo(tmp_path / "repo", files, monkeypatch)
    text = (
        "exports.up = async (db) => {\n"
        "  try {\n    await db.runSql('CREATE TABLE feed_stats (id int)');\n"
        "  } catch (e) {\n"
        "    throw new Error('create table feed_stats failed: ' + e.message);\n  }\n};\n"
    )
    stage = root / "migrations/20260901000000-stats.js"
    stage.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache"])
    assert result.exit_code == 0, result.output
