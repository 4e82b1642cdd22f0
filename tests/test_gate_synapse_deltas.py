"""The gate on Synapse's schema folders (trial s23 synapse).

Synapse's ``synapse/storage/prepare_database.py`` (element-hq/synapse) is
the document: ``_upgrade_existing_database`` runs, for each version from the
database's own up to ``SCHEMA_VERSION``, the files of every store's
``delta/<v>/`` sorted by file name, skips a name found in
``applied_schema_deltas`` and records each one it runs there by name
(``'<v>/<file name>'``); it refuses a version whose stores hold one file
name twice ("Found multiple delta files with the same name"). Its
docstring: "Different delta files for the same version *must* be
orthogonal". ``_setup_new_database`` reads the newest ``full_schemas/<N>``
only for a new database. So deltas and full schemas are applied history
(``DBN025`` for an edit, deletion or rename, although they sit under a
folder named ``schema``), two ``03_`` deltas are no duplicate version, and a
new delta in a folder below a committed one never runs on the databases
already past it (``DBN016``). The oracle for what changed is real git.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_project, commit_all, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

S = "synapse/storage/schema"
CONFIG = f"paths: [{S}]\n"
FILES = {
    f"{S}/__init__.py": "SCHEMA_VERSION = 3\n",
    f"{S}/common/schema_version.sql": "CREATE TABLE schema_versions (version INTEGER);\n",
    f"{S}/common/full_schemas/1/.gitkeep": "",
    f"{S}/common/delta/.gitkeep": "",
    f"{S}/main/full_schemas/1/full.sql.postgres": "CREATE TABLE rooms (room_id TEXT);\n",
    f"{S}/main/full_schemas/1/full.sql.sqlite": "CREATE TABLE rooms (room_id TEXT);\n",
    f"{S}/main/delta/2/01_redactions_recheck.sql": (
        "ALTER TABLE rooms ADD COLUMN recheck BOOLEAN;\n"
    ),
    f"{S}/main/delta/3/03_users.sql": "CREATE TABLE users (user_id TEXT);\n",
    f"{S}/main/delta/3/03_events.sql": "CREATE TABLE events (event_id TEXT);\n",
}
DELTA = f"{S}/main/delta/2/01_redactions_recheck.sql"


def _check(*args: str) -> tuple[int, list[tuple[str, str, int, str]], str]:
    result = CliRunner().invoke(cli, ["check", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.output)
    found = [
        (d["code"], d["path"], d["line"], d["message"])
        for d in report["diagnostics"]
        if d["code"] in ("DBN016", "DBN025")
    ]
    return result.exit_code, found, result.output


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return adopted_project(tmp_path / "project", FILES, CONFIG, monkeypatch)


def test_two_deltas_numbered_alike_in_one_version_are_no_duplicate(project: Path) -> None:
    # Synapse sorts by the whole file name and records each by name.
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (0, []), output
    code, found, output = _check()
    assert found == [], output


def test_an_edited_delta_is_history_rewritten(project: Path) -> None:
    path = project / DELTA
    path.write_text(path.read_text().replace("ADD COLUMN recheck", 'ADD COLUMN "reCheck"'))
    code, found, output = _check("--base", "HEAD")
    assert code == 1, output
    assert [(c, p) for c, p, _, _ in found] == [("DBN025", DELTA)], output
    assert "this Synapse migration was committed at HEAD and this change edits it" in found[0][3]
    assert "applied_schema_deltas" in found[0][3]


def test_a_deleted_delta_is_history_rewritten(project: Path) -> None:
    git(project, "rm", "-q", DELTA)
    code, found, output = _check("--base", "HEAD")
    assert code == 1, output
    assert [(c, p) for c, p, _, _ in found] == [("DBN025", DELTA)], output
    assert "deletes it" in found[0][3]


def test_a_renamed_delta_runs_again_under_its_new_name(project: Path) -> None:
    moved = f"{S}/main/delta/2/02_redactions_recheck.sql"
    git(project, "mv", DELTA, moved)
    code, found, output = _check("--base", "HEAD")
    assert code == 1, output
    # The new name is also a new delta in delta/2, below the committed delta/3.
    assert sorted((c, p) for c, p, _, _ in found) == [("DBN016", moved), ("DBN025", DELTA)]
    edited = next(message for c, _, _, message in found if c == "DBN025")
    assert "'2/<file name>'" in edited


def test_an_edited_full_schema_makes_new_databases_differ(project: Path) -> None:
    path = project / f"{S}/main/full_schemas/1/full.sql.postgres"
    path.write_text("CREATE TABLE rooms (room_id TEXT, creator TEXT);\n")
    code, found, output = _check("--base", "HEAD")
    assert code == 1, output
    assert [(c, p) for c, p, _, _ in found] == [
        ("DBN025", f"{S}/main/full_schemas/1/full.sql.postgres")
    ], output
    assert "_setup_new_database" in found[0][3]


def test_a_new_delta_below_a_committed_version_never_runs_on_old_databases(
    project: Path,
) -> None:
    late = f"{S}/main/delta/2/05_late.sql"
    (project / late).write_text("CREATE TABLE olds (id INT);\n")
    # Named below the committed 03_ files of its own folder: Synapse runs it anyway.
    (project / f"{S}/main/delta/3/00_first.sql").write_text("CREATE TABLE news (id INT);\n")
    code, found, output = _check("--base", "HEAD")
    assert code == 1, output
    assert [(c, p) for c, p, _, _ in found] == [("DBN016", late)], output
    assert "every database already at version 3 or above never runs it" in found[0][3]


def test_one_delta_name_in_two_stores_is_refused(project: Path) -> None:
    (project / f"{S}/state/full_schemas/1").mkdir(parents=True)
    (project / f"{S}/state/delta/3").mkdir(parents=True)
    (project / f"{S}/state/delta/3/03_users.sql").write_text("CREATE TABLE members (id INT);\n")
    code, found, output = _check()
    assert code == 1, output
    assert [(c, p) for c, p, _, _ in found] == [("DBN016", f"{S}/state/delta/3/03_users.sql")]
    assert "Found multiple delta files with the same name in v3" in found[0][3]


def test_a_blob_missing_from_the_object_store_is_a_git_error(project: Path) -> None:
    # A damaged or partial clone: git's cat-file answers "<oid> missing".
    (project / f"{S}/main/data.bin").write_text("blob\n")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "data")
    oid = git(project, "rev-parse", f"HEAD:{S}/main/data.bin").strip()
    (project / ".git/objects" / oid[:2] / oid[2:]).unlink()
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD"])
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output
    assert f"cannot read {S}/main/data.bin at " in result.output
    assert f"object {oid} is missing" in result.output


def test_a_delta_above_schema_version_is_judged_before_the_version_is_raised(
    project: Path,
) -> None:
    """A delta in ``delta/4`` while ``SCHEMA_VERSION = 3`` is not replayed
    (DBN007), but every database runs it once the version is raised
    (``_upgrade_existing_database``): its new names are judged in the change
    that adds it, not first in the commit raising the version (trial s23)."""
    pending = f"{S}/main/delta/4/01_bad.sql"
    (project / pending).parent.mkdir(parents=True)
    (project / pending).write_text('CREATE TABLE "BadRooms" (id BIGINT);\n')
    git(project, "add", pending)
    for args in (("--base", "HEAD"), ("--pre-commit",)):
        result = CliRunner().invoke(cli, ["check", *args, "--format", "json"])
        failing = [
            (f["code"], f["name"], f["path"], f["line"])
            for f in json.loads(result.stdout)["findings"]
            if f["fails_run"]
        ]
        assert result.exit_code == 1, result.output
        assert ("DBN101", "BadRooms", pending, 1) in failing, result.output
    # A well-named pending delta passes.
    (project / pending).write_text("CREATE TABLE room_stats (id BIGINT);\n")
    git(project, "add", pending)
    assert _check("--base", "HEAD")[0] == 0


def test_a_delta_a_new_database_skips_is_history_too(project: Path) -> None:
    """``delta/1`` is at the full schema a new database starts from, so the
    replay leaves it out (DBN007), but a database older than version 1
    upgrades through it (``_upgrade_existing_database`` runs each folder
    from its own version up): editing or deleting it is DBN025 (trial s23)."""
    old = f"{S}/main/delta/1/01_old.sql"
    (project / old).parent.mkdir(parents=True)
    (project / old).write_text("ALTER TABLE rooms ADD COLUMN topic TEXT;\n")
    commit_all(project, "an old delta")
    (project / old).write_text("ALTER TABLE rooms ADD COLUMN subject TEXT;\n")
    code, found, output = _check("--base", "HEAD")
    assert code == 1, output
    assert [(c, p) for c, p, _, _ in found] == [("DBN025", old)], output
    assert "edits it" in found[0][3]
    git(project, "checkout", "-q", "--", old)
    git(project, "rm", "-q", old)
    code, found, output = _check("--base", "HEAD")
    assert code == 1, output
    assert [(c, p) for c, p, _, _ in found] == [("DBN025", old)], output
    assert "deletes it" in found[0][3]
