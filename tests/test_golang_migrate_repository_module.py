"""golang-migrate's folder where the go.mod is not above it (trial s33, harbor).

harbor keeps its migrations in ``make/migrations/postgresql`` and its
``go.mod`` in ``src/``. ``init`` named the folder golang-migrate's, yet a file
in a folder below it (``extra/0201_x.up.sql``) was replayed into the model,
and ``migrate`` hedged ("no go.mod above it names golang-migrate: another
runner may apply them"). A ``go.mod`` elsewhere in the repository that
requires golang-migrate confirms the folder as one without a ``go.mod``
above it does not; and golang-migrate never reads a folder below its own:
its ``source/iofs`` driver (which ``source/file`` wraps) lists the folder with
``fs.ReadDir`` and skips each entry whose ``IsDir()`` is true, so such files
get a ``DBN007`` note, as sqlx's do. Without any ``go.mod`` requiring it the
file is still read and the note still hedges (another runner may read it).

Oracle: golang-migrate's source (``source/iofs/iofs.go``, ``PartialDriver.Init``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo

FOLDER = "make/migrations/postgresql"
WHITELIST = (
    'phases:\n  - {id: "1", title: "x", status: open}\nentries:\n'
    '  - {kind: table, name: team, rules: [DBN105], phase: "1", target: teams}\n'
)
MIGRATE_MOD = "module example.com/x\n\nrequire github.com/golang-migrate/migrate/v4 v4.18.3\n"


def _tree(root: Path, monkeypatch: pytest.MonkeyPatch, go_mod: str | None) -> None:
    files = {
        "dbnamelint.yaml": f"paths: [{FOLDER}]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        f"{FOLDER}/000001_init.up.sql": "CREATE TABLE team (id int PRIMARY KEY);\n",
        f"{FOLDER}/000001_init.down.sql": "DROP TABLE team;\n",
        f"{FOLDER}/000002_note.up.sql": "ALTER TABLE team ADD COLUMN note text;\n",
        f"{FOLDER}/000002_note.down.sql": "ALTER TABLE team DROP COLUMN note;\n",
        f"{FOLDER}/extra/000201_x.up.sql": 'CREATE TABLE "SubDir" (id int);\n',
    }
    if go_mod is not None:
        files["src/go.mod"] = go_mod
    committed_repo(root, files, monkeypatch)


def _check() -> tuple[int, list[dict[str, object]]]:
    done = CliRunner().invoke(cli, ["check", "--format", "json", "--select", "DBN"])
    report = json.loads(done.stdout)
    return done.exit_code, report["findings"]


def _notes() -> str:
    done = CliRunner().invoke(cli, ["migrate", "--all"])
    assert done.exit_code == 0, done.output
    return done.stdout.split("\nNotes:\n", 1)[1].split("\n\n", 1)[0]


def test_a_go_mod_elsewhere_in_the_repository_confirms_golang_migrate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, monkeypatch, MIGRATE_MOD)
    code, findings = _check()
    assert code == 0, findings
    assert not [f for f in findings if "SubDir" in json.dumps(f)]
    done = CliRunner().invoke(cli, ["check", "--select", "DBN007", "-v"])
    assert (
        f"{FOLDER}/extra/000201_x.up.sql:1:1: DBN007 info: not replayed: golang-migrate never "
        "runs it (it reads its migrations folder alone, not the folders in it)"
    ) in done.stdout, done.stdout
    notes = _notes()
    assert "no go.mod above it names golang-migrate" not in notes
    assert "golang-migrate's PostgreSQL driver sends each migration in one Exec" in notes


def test_without_a_go_mod_requiring_it_the_folder_below_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, monkeypatch, None)
    code, findings = _check()
    assert code == 1
    assert [f["code"] for f in findings if "SubDir" in json.dumps(f)] == ["DBN101"]
    assert "no go.mod above it names golang-migrate" in _notes()


def test_a_go_mod_requiring_another_module_confirms_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, monkeypatch, "module example.com/x\n\nrequire github.com/lib/pq v1.10.9\n")
    code, findings = _check()
    assert code == 1
    assert [f["code"] for f in findings if "SubDir" in json.dumps(f)] == ["DBN101"]
