"""``init`` writes ``databases:`` for golang-migrate (goose, dbmate, sql-migrate)
folders the tree shows are separate databases.

Trial s22, golang-migrate's repository: ``database/postgres/examples/migrations``,
``database/pgx/...``, ``source/github/...`` each create ``users``; init wrote
no ``databases:``, so the first ``check`` warned ``DBN023`` for each pair.
``CREATE TABLE`` of a table that exists fails, so no database ran two of
them. Oracle: PostgreSQL refuses the two folders run on one database, and
each database's model holds the columns PostgreSQL gives its folder run alone.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import write_files
from pg_server import PgServer, SqlFailed

MOD = "module example.com/app\n\nrequire github.com/golang-migrate/migrate/v4 v4.18.3\n"
BILLING = "services/billing/migrations"
TODOS = "services/todos/migrations"
TREE = {
    "go.mod": MOD,
    f"{BILLING}/1_init.up.sql": 'CREATE TABLE users (id int PRIMARY KEY, "Email" text);\n',
    f"{BILLING}/1_init.down.sql": "DROP TABLE users;\n",
    f"{BILLING}/2_email.up.sql": 'ALTER TABLE users RENAME COLUMN "Email" TO "EmailAddr";\n',
    f"{TODOS}/1_init.up.sql": (
        'CREATE TABLE users (id int PRIMARY KEY, "Name" text);\n'
        "CREATE TABLE todos (id int PRIMARY KEY, user_id int REFERENCES users (id));\n"
    ),
    # a folder that clashes with none stays in the tree's other database
    "tools/audit/migrations/1_audit.up.sql": "CREATE TABLE audit_log (id int PRIMARY KEY);\n",
}


def _run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return done.exit_code, done.output


def _ups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.up.sql"), key=lambda p: int(p.name.split("_")[0]))


def _pg_columns(pg: PgServer, db: str) -> set[tuple[str, str]]:
    rows = pg.query_json(
        "SELECT table_name AS t, column_name AS c FROM information_schema.columns "
        "WHERE table_schema = 'public'",
        dbname=db,
    )
    return {(r["t"], r["c"]) for r in rows}


def test_init_names_clashing_folders_databases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    write_files(tmp_path, TREE)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_init22_one") as db:  # both folders on one database
        pg.run(files=_ups(tmp_path / BILLING), dbname=db)
        with pytest.raises(SqlFailed, match='relation "users" already exists'):
            pg.run(files=_ups(tmp_path / TODOS), dbname=db)
    code, out = _run("init")
    assert code == 0, out
    assert "Separate databases: billing, todos: migration folders each run on a database" in out
    text = (tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8")
    assert "# Separate databases: these golang-migrate folders each create a table" in text
    config = yaml.safe_load(text)
    assert config["databases"] == {"billing": [BILLING], "todos": [TODOS]}
    code, checked = _run("check")
    assert code in (0, 1) and "DBN023" not in checked, checked
    code, listed = _run("inspect", "--format", "json")
    assert code == 0, listed
    model: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for o in json.loads(listed)["objects"]:
        if o["kind"] == "column":
            model[str(o["database"])].add((str(o["table"]), str(o["name"])))
    for name, (folder,) in config["databases"].items():
        with pg.fresh_database(f"dbn_init22_{name}") as db:
            pg.run(files=_ups(tmp_path / folder), dbname=db)
            assert model[name] == _pg_columns(pg, db), name
    assert set(model) == {"billing", "todos", "None"}  # audit: the tree's other database


def test_without_databases_the_folders_clash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the trial saw: read as one, the folders warn DBN023."""
    write_files(tmp_path, TREE)
    monkeypatch.chdir(tmp_path)
    assert "DBN023" in _run("check", ".")[1]


def test_folders_that_clash_with_none_get_no_databases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two golang-migrate folders may share a database (two version tables):
    without a table both create, and in dialects of their own (an app's
    postgres/ and sqlite/ copies), init writes no entries."""
    write_files(
        tmp_path,
        {
            "go.mod": MOD,
            "db/postgres/1_init.up.sql": "CREATE TABLE users (id int PRIMARY KEY);\n",
            "db/sqlite/1_init.up.sql": "CREATE TABLE users (id integer PRIMARY KEY);\n",
            "jobs/migrations/1_jobs.up.sql": "CREATE TABLE jobs (id int PRIMARY KEY);\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    assert _run("init")[0] == 0
    config = yaml.safe_load((tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8"))
    assert "databases" not in config
    assert "DBN023" not in _run("check")[1]


def test_folders_side_by_side_are_left_to_the_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """kratos' ``migrations/legacy`` and ``migrations/sql``: an old history and
    its renumbered copy, one database's. No entries: DBN023 still asks."""
    write_files(
        tmp_path,
        {
            "go.mod": MOD,
            "migrations/legacy/1_init.up.sql": "CREATE TABLE identities (id int PRIMARY KEY);\n",
            "migrations/sql/10_init.up.sql": "CREATE TABLE identities (id int PRIMARY KEY);\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    assert _run("init")[0] == 0
    config = yaml.safe_load((tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8"))
    assert "databases" not in config
    assert "DBN023" in _run("check")[1]
