"""Synapse's background index updates in the gate (trial s38 synapse).

``register_background_index_update(update_name, index_name, table, columns,
where_clause=None, unique=False, ...)`` in a store's Python names an index
that Synapse's background updater creates (element-hq/synapse
``synapse/storage/background_updates.py``, ``_background_index_update``);
no SQL text holds the name, so a new one passed ``check --base`` and the
hook unread. The oracle for the index it makes is Synapse's own SQLite
statement template from that file, run by sqlite3.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.synapse_index_updates import shadow_text
from git_helpers import adopted_project, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

S = "synapse/storage/schema"
STORE = "synapse/storage/databases/main/registration.py"
CONFIG = f"paths: [{S}]\n"
FILES = {
    f"{S}/__init__.py": "SCHEMA_VERSION = 2\n",
    f"{S}/common/schema_version.sql": "CREATE TABLE schema_versions (version INTEGER);\n",
    f"{S}/common/full_schemas/1/.gitkeep": "",
    f"{S}/common/delta/.gitkeep": "",
    f"{S}/main/full_schemas/1/full.sql": (
        "CREATE TABLE users (name TEXT, creation_ts BIGINT);\n"
        "CREATE TABLE background_updates (update_name TEXT, progress_json TEXT);\n"
    ),
    f"{S}/main/delta/2/01_x.sql": "ALTER TABLE users ADD COLUMN admin BOOLEAN;\n",
    STORE: (
        "class RegistrationStore:\n"
        "    def __init__(self, db_pool):\n"
        "        self.db_pool = db_pool\n"
    ),
}
CALL = """        self.db_pool.updates.register_background_index_update(
            "users_creation_idx",
            index_name={name!r},
            table="users",
            columns=["name", "creation_ts"],
            unique={unique},
        )
"""
#: Synapse's statement for SQLite (background_updates.py), as it formats it.
_SYNAPSE_SQLITE = (
    "CREATE %(unique)s INDEX IF NOT EXISTS %(name)s ON %(table)s (%(columns)s) %(where)s"
)


def _synapse_index(name: str, unique: bool) -> tuple[str, str]:
    """(index name, table) sqlite_master holds after Synapse's statement."""
    con = sqlite3.connect(":memory:")
    try:
        con.execute("CREATE TABLE users (name TEXT, creation_ts BIGINT)")
        con.execute(
            _SYNAPSE_SQLITE
            % {
                "unique": "UNIQUE" if unique else "",
                "name": name,
                "table": "users",
                "columns": ", ".join(["name", "creation_ts"]),
                "where": "",
            }
        )
        row = con.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'"
        ).fetchone()
    finally:
        con.close()
    return row[0], row[1]


def _check(*args: str) -> tuple[int, list[dict[str, object]], str]:
    result = CliRunner().invoke(cli, ["check", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.output)
    return result.exit_code, report["findings"], result.output


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return adopted_project(tmp_path / "project", FILES, CONFIG, monkeypatch)


def _add_call(project: Path, name: str, unique: bool) -> None:
    path = project / STORE
    path.write_text(path.read_text() + CALL.format(name=name, unique=unique))
    git(project, "add", STORE)


@pytest.mark.parametrize("unique", [False, True])
def test_a_new_background_index_with_a_bad_name_is_refused(project: Path, unique: bool) -> None:
    _add_call(project, "UsersCreationIdx", unique)
    index, table = _synapse_index("UsersCreationIdx", unique)
    for args in (("--base", "HEAD"), ("--pre-commit",)):
        code, findings, output = _check(*args)
        assert code == 1, output
        found = [
            (f["code"], f["qualified_name"], f["path"], f["line"], f["column"]) for f in findings
        ]
        # the name's line and column: line 6 of the file, after `index_name='`
        assert (
            "DBN301",
            f"{table}.{index}",
            STORE,
            6,
            len("            index_name='") + 1,
        ) in found, output


def test_a_compliant_background_index_passes(project: Path) -> None:
    _add_call(project, "users_creation_idx", False)
    assert _synapse_index("users_creation_idx", False) == ("users_creation_idx", "users")
    code, findings, output = _check("--base", "HEAD")
    assert (code, findings) == (0, []), output


def test_the_shadow_keeps_lines_and_leaves_other_code() -> None:
    text = "class S:\n    def __init__(self):\n" + CALL.format(name="a_idx", unique=False)
    text += "y = f(2)\n"
    shadow = shadow_text(text)
    assert shadow.count("\n") == text.count("\n")
    assert '"CREATE INDEX a_idx ON users (name, creation_ts)"' in shadow
    assert shadow.startswith("class S:\n") and shadow.endswith("y = f(2)\n")
    # a name the call does not spell as a literal is left as it is
    dynamic = "f.register_background_index_update('u', index_name=n, table='t', columns=['c'])\n"
    assert shadow_text(dynamic) == dynamic


DYNAMIC_CALL = """        self.db_pool.updates.register_background_index_update(
            "users_creation_idx",
            index_name=self.index_name,
            table="users",
            columns=["name", "creation_ts"],
        )
"""


def _diagnostics(*args: str) -> tuple[int, list[tuple[str, str, int, str]], str]:
    result = CliRunner().invoke(cli, ["check", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.output)
    found = [
        (d["code"], d["severity"], d["line"], d["message"])
        for d in report["diagnostics"]
        if d["path"] == STORE
    ]
    return result.exit_code, found, result.output


def test_a_background_index_named_at_run_time_is_refused(project: Path) -> None:
    path = project / STORE
    path.write_text(path.read_text() + DYNAMIC_CALL)
    git(project, "add", STORE)
    for args in (("--base", "HEAD"), ("--pre-commit",)):
        code, found, output = _diagnostics(*args)
        assert code == 1, output
        assert [(c, s, line) for c, s, line, _ in found] == [("DBN013", "error", 6)], output
        assert "Synapse background index update" in found[0][3]
    # an inline comment at the call accepts it after a review by hand
    path.write_text(
        path.read_text().replace(
            "            index_name=self.index_name,\n",
            "            # dbnamelint: ignore[DBN013] users_creation_idx, checked by hand\n"
            "            index_name=self.index_name,\n",
        )
    )
    git(project, "add", STORE)
    code, found, output = _diagnostics("--base", "HEAD")
    assert code == 0, output
    assert [c for c, s, _, _ in found if s == "error"] == [], output
