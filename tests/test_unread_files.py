"""Nothing the user wrote is skipped without a word (``check``, the hook's file lists).

A folder walk reads the SQL it knows (``.sql``, ``.ddl``, ``.psql``...); any
other SQL-like file gets a ``DBN015`` note, a SQLite database named on the
command line is an input error, and a file pre-commit passes that the run
did not read (outside the configured paths, a rollback, a template) is
noted at the file. Oracles: real PostgreSQL (a ``.psql`` file's names as
the catalog stores them), real SQLite (a database file), real git.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.frontends.sql.sources import SourceSettings, unread_named_files
from git_helpers import init_repo
from pg_server import PgServer

BAD = 'CREATE TABLE "UserAccount" (id int PRIMARY KEY, "FirstName" text);\n'


def run(*args: str) -> tuple[int, dict[str, Any], str]:
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout), result.stderr


def codes_at(report: dict[str, Any], code: str) -> list[str]:
    return sorted(d["path"] for d in report["diagnostics"] if d["code"] == code)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "db").mkdir()
    (tmp_path / "dbnamelint.yaml").write_text("extends: snake-case\npaths: [db]\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_psql_file_in_a_folder_is_read_as_postgres(pg: PgServer, project: Path) -> None:
    """``schema.psql`` was passed over by the walk (the check passed by
    reading nothing); now its names are judged, as PostgreSQL stores them."""
    (project / "db" / "schema.psql").write_text(BAD)
    with pg.fresh_database("dbn_psql_ext") as db:
        pg.run(files=[project / "db" / "schema.psql"], dbname=db)
        stored = pg.query_json(
            "SELECT table_name AS t, column_name AS c FROM information_schema.columns "
            "WHERE table_schema = 'public'",
            dbname=db,
        )
    names = {("table", r["t"]) for r in stored} | {("column", r["c"]) for r in stored}
    assert names == {("table", "UserAccount"), ("column", "id"), ("column", "FirstName")}
    code, report, _ = run("check")
    assert code == 1
    judged = {(f["kind"], f["name"]) for f in report["findings"]}
    # The quoted mixed-case names the catalog holds are the ones judged.
    assert judged == {("table", "UserAccount"), ("column", "FirstName")}
    assert report["summary"]["files_checked"] == 1


def test_sql_like_files_not_read_are_noted_and_a_glob_reads_them(project: Path) -> None:
    (project / "db" / "001_init.sql").write_text("CREATE TABLE good_items (id int);\n")
    (project / "db" / "tables.sql.j2").write_text(BAD)
    (project / "db" / "etl.hql").write_text(BAD)
    code, report, _ = run("check", "--select", "DBN015")
    assert code == 0
    assert codes_at(report, "DBN015") == ["db/etl.hql", "db/tables.sql.j2"]
    # Hidden by default, counted in the summary.
    code, report, _ = run("check")
    assert (code, report["summary"]["hidden_notes"]) == (0, {"DBN015": 2})
    # The note's advice: a glob in `paths` reads the template; its note goes.
    (project / "dbnamelint.yaml").write_text('extends: snake-case\npaths: [db, "db/**/*.sql.j2"]\n')
    code, report, _ = run("check", "--select", "DBN015,DBN101")
    assert code == 1
    assert codes_at(report, "DBN015") == ["db/etl.hql"]
    assert {f["path"] for f in report["findings"]} == {"db/tables.sql.j2"}
    # `exclude` drops the note.
    (project / "dbnamelint.yaml").write_text(
        'extends: snake-case\npaths: [db]\nexclude: ["**/*.hql", "**/*.j2"]\n'
    )
    code, report, _ = run("check", "--select", "DBN015")
    assert (code, codes_at(report, "DBN015")) == (0, [])


def test_a_sqlite_database_named_on_the_command_line_is_an_input_error(project: Path) -> None:
    """A real SQLite database (made by sqlite3) is not SQL text: exit 3 with
    the way to check it, never a walk of its bytes."""
    with sqlite3.connect(project / "db" / "app.sqlite") as con:
        con.execute('CREATE TABLE "UserAccount" (id integer)')
    code, report, _ = run("check", "db/app.sqlite")
    assert code == 3
    (problem,) = report["diagnostics"]
    assert (problem["code"], problem["path"]) == ("DBN003", "db/app.sqlite")
    assert "`dbnamelint check --db sqlite:///db/app.sqlite`" in problem["message"]
    # Walked, it is noted, and the run passes on the other files.
    (project / "db" / "001_init.sql").write_text("CREATE TABLE good_items (id int);\n")
    code, report, _ = run("check", "--select", "DBN015")
    assert (code, codes_at(report, "DBN015")) == (0, ["db/app.sqlite"])


def test_files_the_hook_passes_that_the_run_did_not_read_are_noted(project: Path) -> None:
    """pre-commit passes every SQL-like file of a commit; one outside the
    configured paths, a rollback and a template are each noted at the file
    (they were committed unchecked); a file the run read, a YAML file and a
    file the config excludes are not."""
    (project / "db" / "001_init.sql").write_text("CREATE TABLE good_items (id int);\n")
    (project / "dbnamelint.yaml").write_text(
        "extends: snake-case\npaths: [db]\nexclude: [db/skipped.sql]\n"
    )
    init_repo(project, "base")
    (project / "scripts").mkdir()
    (project / "scripts" / "fix.sql").write_text(BAD)
    (project / "db" / "002_x.down.sql").write_text("DROP TABLE good_items;\n")
    (project / "db" / "tables.sql.j2").write_text(BAD)
    (project / "db" / "003_more.sql").write_text("CREATE TABLE more_items (id int);\n")
    (project / "db" / "skipped.sql").write_text(BAD)
    staged = [
        "scripts/fix.sql",
        "db/002_x.down.sql",
        "db/tables.sql.j2",
        "db/003_more.sql",
        "db/skipped.sql",
        "dbnamelint.yaml",
    ]
    code, report, _ = run("check", "--pre-commit", *staged, "--select", "DBN015")
    assert code == 0, report
    assert codes_at(report, "DBN015") == [
        "db/002_x.down.sql",
        "db/tables.sql.j2",
        "scripts/fix.sql",
    ]
    messages = {d["path"]: d["message"] for d in report["diagnostics"]}
    assert "outside the configured paths" in messages["scripts/fix.sql"]
    assert "include_down_migrations: true" in messages["db/002_x.down.sql"]
    assert messages["db/tables.sql.j2"].startswith("not read (a template)")
    # Hidden by default: the hook's run counts them. A file outside the
    # configured paths (or excluded) gets the DBN008 warning instead, which
    # says the same with its reason: one word per file.
    code, report, _ = run("check", "--pre-commit", *staged)
    assert (code, report["summary"]["hidden_notes"]) == (0, {"DBN015": 2})
    assert codes_at(report, "DBN008") == ["db/skipped.sql", "scripts/fix.sql"]


def test_unread_named_files_leaves_read_and_non_sql_files_alone(tmp_path: Path) -> None:
    for name in ("a.sql", "b.txt", ".hidden.sql", "c.sql.bak"):
        (tmp_path / name).write_text("select 1;\n")
    settings = SourceSettings(root=tmp_path)
    read = {str((tmp_path / "a.sql").resolve())}
    names = [str(tmp_path / n) for n in ("a.sql", "b.txt", ".hidden.sql", "c.sql.bak", "gone.sql")]
    notes = unread_named_files(names, read, settings)
    assert [(d.code, Path(d.location.path).name) for d in notes] == [("DBN015", "c.sql.bak")]


def test_a_file_in_a_rollbacks_folder_says_so_not_outside_the_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration moved into ``rollbacks/`` under ``paths: [.]`` is under the
    paths; the walk leaves it out because it is a rollback (trial s6-t3 #6)."""
    (tmp_path / "dbnamelint.yaml").write_text("extends: snake-case\npaths: ['.']\n")
    (tmp_path / "001.sql").write_text("CREATE TABLE good_items (id int);\n")
    monkeypatch.chdir(tmp_path)
    init_repo(tmp_path, "base")
    (tmp_path / "rollbacks").mkdir()
    (tmp_path / "rollbacks" / "003-old.sql").write_text(BAD)
    _, report, _ = run("check", "--pre-commit", "rollbacks/003-old.sql")
    [message] = [d["message"] for d in report["diagnostics"] if d["code"] == "DBN008"]
    assert "rollback folder (`rollbacks/`)" in message
    assert "include_down_migrations: true" in message
    assert "not under the configured paths" not in message


@pytest.mark.parametrize(
    ("files", "paths"),
    [
        pytest.param({"001.sql": BAD}, "['.']", id="numbered-at-the-top"),
        pytest.param(
            {"db/mod-a/001_a.sql": BAD, "db/mod-b/001_b.sql": "CREATE TABLE b_items (id int);\n"},
            "[db]",
            id="numbered-with-sibling-modules",
        ),
        pytest.param(
            {"supabase/migrations/20240101000000_init.sql": BAD},
            "[supabase/migrations]",
            id="timestamped",
        ),
    ],
)
def test_the_rollback_migrate_writes_gets_an_info_note_wherever_it_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], paths: str
) -> None:
    """Trial s11 finding 5: each phase commit holds the rollback ``migrate
    --write`` put in a ``rollbacks/`` folder, which walks leave out; the hook
    warned about it every time. Where ``migrate`` writes it (the oracle) it is
    the rollback of a migration the run read: an info note, listed with
    ``--verbose``. Another file in that folder stays a warning."""
    (tmp_path / "dbnamelint.yaml").write_text(f"paths: {paths}\ndialect: postgres\n")
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    init_repo(tmp_path, "base")
    wrote = CliRunner().invoke(cli, ["migrate", '--rename="UserAccount"=user_accounts', "--write"])
    assert wrote.exit_code == 0, wrote.output
    written = dict(
        reversed(line.split(" ", 1)[1].rsplit(" ", 1))
        for line in wrote.stderr.splitlines()
        if line.startswith("wrote ")
    )
    rollback, forward = written["(rollback)"], written["(forward)"]
    assert "rollbacks/" in rollback
    stray = str(Path(rollback).with_name("999_moved_here.sql"))
    Path(stray).write_text(BAD)
    code, report, _ = run("check", "--pre-commit", forward, rollback, stray)
    assert code == 0, report
    notes = {d["path"]: d for d in report["diagnostics"] if d["code"] == "DBN008"}
    assert list(notes) == [stray]  # the rollback's note is hidden, counted
    assert notes[stray]["severity"] == "warning"
    assert report["summary"]["hidden_notes"] == {"DBN008": 1}
    _, report, _ = run("check", "--pre-commit", forward, rollback, "--verbose")
    [note] = [d for d in report["diagnostics"] if d["code"] == "DBN008"]
    assert (note["path"], note["severity"]) == (rollback, "info")
    assert f"it is the rollback of {forward}" in note["message"]
