"""The gate on Synapse's Python deltas (trial s38 synapse).

Synapse's ``synapse/storage/prepare_database.py`` (element-hq/synapse) is
the document: ``_upgrade_existing_database`` imports each ``.py`` file of a
``delta/<v>/`` folder and runs its ``run_create`` (and ``run_upgrade``),
then records ``'<v>/<file name>'`` in ``applied_schema_deltas`` exactly as it
does for a ``.sql`` file, and skips a recorded name afterwards; it upgrades
a database over the folders from its own schema version up only. So an
applied Python delta edited, deleted or renamed is history rewritten
(``DBN025``) and a new one below a committed folder never runs on the
databases already past it (``DBN016``), as for the SQL deltas
(tests/test_gate_synapse_deltas.py). Before this, each passed
``check --base`` and the hook. The oracle for what changed is real git.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from git_helpers import adopted_project, git
from test_gate_synapse_deltas import _check

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

S = "synapse/storage/schema"
CONFIG = f"paths: [{S}]\n"
PY_DELTA = f"{S}/main/delta/2/04_room_index.py"
PY_TEXT = '''"""Add an index Synapse makes in Python."""

from synapse.storage.engines import BaseDatabaseEngine


def run_create(cur, database_engine: BaseDatabaseEngine) -> None:
    cur.execute("CREATE INDEX rooms_room_id_idx ON rooms (room_id)")
'''
FILES = {
    f"{S}/__init__.py": "SCHEMA_VERSION = 3\n",
    f"{S}/common/schema_version.sql": "CREATE TABLE schema_versions (version INTEGER);\n",
    f"{S}/common/full_schemas/1/.gitkeep": "",
    f"{S}/common/delta/.gitkeep": "",
    f"{S}/main/full_schemas/1/full.sql.postgres": "CREATE TABLE rooms (room_id TEXT);\n",
    f"{S}/main/full_schemas/1/full.sql.sqlite": "CREATE TABLE rooms (room_id TEXT);\n",
    f"{S}/main/delta/2/01_recheck.sql": "ALTER TABLE rooms ADD COLUMN recheck BOOLEAN;\n",
    PY_DELTA: PY_TEXT,
    f"{S}/main/delta/3/03_users.sql": "CREATE TABLE users (user_id TEXT);\n",
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return adopted_project(tmp_path / "project", FILES, CONFIG, monkeypatch)


def test_the_adopted_tree_passes(project: Path) -> None:
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (0, []), output


def test_an_edited_python_delta_is_history_rewritten(project: Path) -> None:
    path = project / PY_DELTA
    path.write_text(
        PY_TEXT + '    cur.execute("CREATE INDEX rooms_recheck_idx ON rooms (recheck)")\n'
    )
    code, found, output = _check("--base", "HEAD")
    assert code == 1, output
    assert [(c, p, line) for c, p, line, _ in found] == [("DBN025", PY_DELTA, 8)], output
    assert (
        "this Synapse Python delta was committed at HEAD and this change edits it" in (found[0][3])
    )
    assert "'2/04_room_index.py'" in found[0][3]


def test_a_staged_edit_fails_the_hook(project: Path) -> None:
    path = project / PY_DELTA
    path.write_text(PY_TEXT.replace("(room_id)", "(room_id, recheck)"))
    git(project, "add", PY_DELTA)
    code, found, output = _check("--pre-commit")
    assert code == 1, output
    assert [(c, p, line) for c, p, line, _ in found] == [("DBN025", PY_DELTA, 7)], output


def test_comments_and_layout_are_no_edit(project: Path) -> None:
    path = project / PY_DELTA
    edited = PY_TEXT.replace(
        '    cur.execute("CREATE INDEX rooms_room_id_idx ON rooms (room_id)")\n',
        "    # rooms are looked up by id\n"
        "    cur.execute(\n"
        '        "CREATE INDEX rooms_room_id_idx ON rooms (room_id)"\n'
        "    )  # once\n",
    )
    path.write_text(edited)
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (0, []), output


def test_a_deleted_python_delta_is_history_rewritten(project: Path) -> None:
    git(project, "rm", "-q", PY_DELTA)
    code, found, output = _check("--base", "HEAD")
    assert code == 1, output
    assert [(c, p) for c, p, _, _ in found] == [("DBN025", PY_DELTA)], output
    assert "deletes it" in found[0][3]
    code, found, output = _check("--pre-commit")
    assert code == 1, output
    assert [(c, p) for c, p, _, _ in found] == [("DBN025", PY_DELTA)], output


def test_a_renamed_python_delta_runs_again_under_its_new_name(project: Path) -> None:
    moved = f"{S}/main/delta/2/05_room_index.py"
    git(project, "mv", PY_DELTA, moved)
    code, found, output = _check("--base", "HEAD")
    assert code == 1, output
    assert [(c, p) for c, p, _, _ in found] == [("DBN025", PY_DELTA)], output
    assert f"renames it to {moved}" in found[0][3]
    assert "'2/05_room_index.py' counts as never applied" in found[0][3]


def test_a_new_python_delta_below_a_committed_version_never_runs_on_old_databases(
    project: Path,
) -> None:
    late = f"{S}/main/delta/2/09_late.py"
    current = f"{S}/main/delta/3/09_current.py"
    for path in (late, current):
        (project / path).write_text(PY_TEXT.replace("rooms_room_id_idx", "rooms_late_idx"))
    git(project, "add", late, current)
    code, found, output = _check("--base", "HEAD")
    assert code == 1, output
    assert [(c, p) for c, p, _, _ in found] == [("DBN016", late)], output
    assert "in delta/2, below delta/3" in found[0][3]
    code, found, output = _check("--pre-commit")
    assert [(c, p) for c, p, _, _ in found] == [("DBN016", late)], output
