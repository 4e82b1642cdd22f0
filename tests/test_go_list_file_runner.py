"""A folder whose files a Go migration list's file steps run (shiori:
``newFileMigration("0.3.0", "0.4.0", "postgres/0002_created_time")``):
its runner runs the files the list names, in the list's order, never the
folder's other files.

1. A ``.sql`` file of the folder that no step names is not replayed
   (``DBN007``, with the exact line to add); a commented-out step names
   nothing.
2. ``migrate --write`` writes the new file there, does not add it to
   ``paths``, and prints the element to add to the list; with that line
   added (the printed text itself), PostgreSQL running the steps in the
   list's order holds what ``inspect`` of the tree says, renamed.
3. The gate (real git): a new file no step names is a ``DBN008`` warning
   naming the list and the line, its new names judged; a new file a new
   step names is read at the step.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo
from pg_server import PgServer

PG_GO = """\
package database

import "database/sql"

var postgresMigrations = []migration{
\tnewFileMigration("0.0.0", "0.1.0", "postgres/0000_initial"),
\tnewFuncMigration("0.1.0", "0.2.0", func(db *sql.DB) error {
\t\t_, err := db.Exec(`CREATE TABLE "Tags" (id INT PRIMARY KEY, label TEXT)`)
\t\treturn err
\t}),
\t// newFileMigration("0.1.5", "0.1.6", "postgres/0009_draft"),
\tnewFileMigration("0.2.0", "0.3.0", "postgres/0001_more"),
}
"""
FOLDER = "internal/database/migrations/postgres"
FILES = {
    "internal/database/pg.go": PG_GO,
    f"{FOLDER}/0000_initial.up.sql": "CREATE TABLE users (id INT PRIMARY KEY, email TEXT);\n",
    f"{FOLDER}/0001_more.up.sql": "ALTER TABLE users ADD COLUMN nick TEXT;\n",
    # no step names it (the only one is commented out): never run
    f"{FOLDER}/0009_draft.up.sql": "CREATE TABLE drafts (id INT PRIMARY KEY);\n",
}


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _inspect(*paths: str) -> dict[str, Any]:
    result = _run("inspect", "--format", "json", *paths)
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.output)
    return found


def _tables(found: dict[str, Any]) -> set[str]:
    return {o["name"] for o in found["objects"] if o["kind"] == "table"}


def test_unnamed_file_of_a_list_folder_is_not_replayed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, FILES)
    monkeypatch.chdir(tmp_path)
    found = _inspect(FOLDER)
    assert _tables(found) == {"users"}  # Tags is the Go step's: the folder alone
    notes = [d for d in found["diagnostics"] if d["code"] == "DBN007"]
    assert [d["path"] for d in notes] == [f"{FOLDER}/0009_draft.up.sql"]
    assert "internal/database/pg.go" in notes[0]["message"]
    # the line a step naming it takes, continuing the list's last step's versions
    assert 'newFileMigration("0.3.0", "0.4.0", "postgres/0009_draft"),' in notes[0]["message"]
    # read through the list, the same: only the named files, in its order
    assert _tables(_inspect("internal/database/pg.go")) == {"users", "Tags"}
    # named on the command line, a file is read whatever the list says
    assert _tables(_inspect(f"{FOLDER}/0009_draft.up.sql")) == {"drafts"}

    # a step naming it added: run, and read (the run cache serves no stale walk)
    def checked() -> int:
        found = json.loads(_run("check", "--format", "json", FOLDER).output)
        return int(found["summary"]["files_checked"])

    assert checked() == 2
    go = tmp_path / "internal/database/pg.go"
    go.write_text(PG_GO.replace("\t// newFileMigration", "\tnewFileMigration"), encoding="utf-8")
    assert _tables(_inspect(FOLDER)) == {"users", "drafts"}
    assert checked() == 3


def _element(note: str) -> str:
    found = re.search(r"add this line at the end of its list: (.*?),? \(", note)
    assert found is not None, note
    return found.group(1)


def _steps(go: Path) -> list[str]:
    """The SQL of each step, in the list's order (the oracle's own reading)."""
    out: list[str] = []
    for line in go.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("//"):
            continue
        named = re.search(r'newFileMigration\([^)]*"([\w/]+)"\)', line)
        if named:
            out.append((go.parent / "migrations" / f"{named.group(1)}.up.sql").read_text())
        out += [f"{s};" for s in re.findall(r"`([^`]*)`", line)]
    return out


@pytest.mark.slow
def test_migrate_write_names_the_line_to_add(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, {**FILES, "dbnamelint.yaml": "paths: [internal/database/pg.go]\n"})
    monkeypatch.chdir(tmp_path)
    assert _run("whitelist", "init").exit_code == 0
    result = _run("migrate", "--all", "--write", "--no-views")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / FOLDER).iterdir())
    assert "0010_rename_whitelist_targets.up.sql" in written
    note = next(line for line in result.output.splitlines() if "never runs until" in line)
    assert "internal/database/pg.go" in note
    element = _element(note)
    assert element == (
        'newFileMigration("0.3.0", "0.4.0", "postgres/0010_rename_whitelist_targets")'
    )
    # not added to paths: the list runs it once a step names it
    assert (tmp_path / "dbnamelint.yaml").read_text() == "paths: [internal/database/pg.go]\n"
    go = tmp_path / "internal/database/pg.go"
    text = go.read_text(encoding="utf-8")
    end = text.rstrip().rfind("}")
    go.write_text(f"{text[:end]}\t{element},\n{text[end:]}", encoding="utf-8")
    tree = {
        (o["kind"], o["table"], o["name"])
        for o in _inspect()["objects"]
        if o["kind"] in ("table", "column")
    }
    assert ("table", None, "tags") in tree
    with pg.fresh_database("s35_golistfiles_mig") as db:
        for sql in _steps(go):
            pg.run(sql=sql, dbname=db)
        live = {
            (o["kind"], o["table"], o["name"])
            for o in json.loads(_run("inspect", "--db", pg.url(db), "--format", "json").output)[
                "objects"
            ]
            if o["kind"] in ("table", "column")
        }
    assert tree == live


def test_gate_new_unnamed_file_and_new_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {**FILES, "dbnamelint.yaml": f"paths: [{FOLDER}]\n"}
    del files[f"{FOLDER}/0009_draft.up.sql"]
    repo = committed_repo(tmp_path / "repo", files, monkeypatch)
    # a new file no step names: never run; its names judged all the same
    _write(repo, {f"{FOLDER}/0002_extra.up.sql": 'CREATE TABLE "BadExtra" (id INT);\n'})
    commit_all(repo, "extra")
    result = _run("check", "--base", "HEAD~1", "--no-cache", "--format", "json")
    found = json.loads(result.output)
    warned = [d for d in found["diagnostics"] if d["code"] == "DBN008"]
    assert [d["path"] for d in warned] == [f"{FOLDER}/0002_extra.up.sql"]
    assert warned[0]["severity"] == "warning"
    assert "internal/database/pg.go" in warned[0]["message"]
    assert 'newFileMigration("0.3.0", "0.4.0", "postgres/0002_extra"),' in warned[0]["message"]
    assert {f["name"] for f in found["findings"] if f["code"] == "DBN101"} == {"BadExtra"}
    assert result.exit_code == 1
    # named by a new step: read there, no warning; a good name passes
    _write(repo, {f"{FOLDER}/0002_extra.up.sql": "CREATE TABLE extras (id INT);\n"})
    go = repo / "internal/database/pg.go"
    text = go.read_text(encoding="utf-8")
    end = text.rstrip().rfind("}")
    step = '\tnewFileMigration("0.3.0", "0.4.0", "postgres/0002_extra"),\n'
    go.write_text(text[:end] + step + text[end:], encoding="utf-8")
    commit_all(repo, "named")
    result = _run("check", "--base", "HEAD~2", "--no-cache", "--format", "json")
    found = json.loads(result.output)
    assert result.exit_code == 0, result.output
    assert not [d for d in found["diagnostics"] if d["code"] == "DBN008"]


def test_init_names_the_list_that_runs_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``init`` writes the Go list in ``paths:`` (before: the SQL folder, as
    golang-migrate's, whose unnamed file was read and whose function steps
    were not)."""
    _write(tmp_path, FILES)
    monkeypatch.chdir(tmp_path)
    result = _run("init")
    assert result.exit_code == 0, result.output
    assert "Go migration lists run them" in result.output
    config = (tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8")
    assert "paths:\n  - internal/database/pg.go\n" in config
    assert _tables(_inspect()) == {"users", "Tags"}


def test_gate_edit_of_a_committed_file_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file a committed step names is applied history: editing it is
    ``DBN025`` at the file, as an edited migration (comments are no edit)."""
    files = {**FILES, "dbnamelint.yaml": "paths: [internal/database/pg.go]\n"}
    repo = committed_repo(tmp_path / "repo", files, monkeypatch)
    initial = repo / FOLDER / "0000_initial.up.sql"
    initial.write_text("-- the users\n" + FILES[f"{FOLDER}/0000_initial.up.sql"], encoding="utf-8")
    result = _run("check", "--base", "HEAD", "--no-cache")
    assert result.exit_code == 0, result.output
    initial.write_text(
        "CREATE TABLE users (id INT PRIMARY KEY, email TEXT, extra INT);\n", encoding="utf-8"
    )
    result = _run("check", "--base", "HEAD", "--no-cache", "--format", "json")
    edited = [d for d in json.loads(result.output)["diagnostics"] if d["code"] == "DBN025"]
    assert [(d["path"], d["severity"]) for d in edited] == [
        (f"{FOLDER}/0000_initial.up.sql", "error")
    ]
    assert "Go migration list in internal/database/pg.go" in edited[0]["message"]
    assert result.exit_code == 1


SQLITE_GO = """\
package database

import "database/sql"

var sqliteMigrations = []migration{
\tnewFileMigration("0.0.0", "0.1.0", "sqlite/0000_initial"),
\tnewFuncMigration("0.1.0", "0.2.0", func(db *sql.DB) error {
\t\t_, err := db.Exec(`ALTER TABLE account ADD COLUMN config TEXT NOT NULL DEFAULT '{}'`)
\t\treturn err
\t}),
}
"""


def test_migrate_rebuilds_a_sqlite_table_a_file_step_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite renames a constraint by rebuilding the table from the CREATE
    TABLE that made it, which a file step's file holds: the written
    migration, its step added, leaves sqlite_master as ``inspect`` says."""
    import sqlite3

    folder = "internal/database/migrations/sqlite"
    _write(
        tmp_path / "project",
        {
            "internal/database/sqlite.go": SQLITE_GO,
            f"{folder}/0000_initial.up.sql": (
                "CREATE TABLE account (id INTEGER NOT NULL, username TEXT NOT NULL,"
                " CONSTRAINT account_PK PRIMARY KEY (id));\n"
            ),
            "dbnamelint.yaml": "paths: [internal/database/sqlite.go]\n",
        },
    )
    monkeypatch.chdir(tmp_path / "project")
    assert _run("whitelist", "init").exit_code == 0
    result = _run("migrate", "--all", "--write", "--no-views")
    assert result.exit_code == 0, result.output
    assert "not renamed" not in result.output
    note = next(line for line in result.output.splitlines() if "never runs until" in line)
    go = tmp_path / "project/internal/database/sqlite.go"
    text = go.read_text(encoding="utf-8")
    end = text.rstrip().rfind("}")
    go.write_text(f"{text[:end]}\t{_element(note)},\n{text[end:]}", encoding="utf-8")
    tree = {(o["kind"], o["table"], o["name"]) for o in _inspect()["objects"]}
    assert ("constraint", "accounts", "accounts_pk") in tree
    live = tmp_path / "live.db"
    connection = sqlite3.connect(live)
    try:
        for sql in _steps(go):
            connection.executescript(sql)
    finally:
        connection.close()
    read = json.loads(_run("inspect", "--db", f"sqlite:///{live}", "--format", "json").output)
    assert {(o["kind"], o["table"], o["name"]) for o in read["objects"]} == tree
