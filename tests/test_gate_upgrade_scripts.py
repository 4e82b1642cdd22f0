"""Upgrade scripts below a full schema, which ``init`` excludes, are applied history in the gate.

Trial s29 icingadb: ``init`` leaves ``schema/{mysql,pgsql}/upgrades/`` out
(a new database runs ``schema.sql``, an older one the upgrades: read
together every table is made twice, ``DBN023``). Every installation older
than the full schema ran them (icingadb's ``doc/04-Upgrading.md``: "apply
all schema versions in their order"), yet a column renamed in
``upgrades/1.4.0.sql`` and ``git rm`` of ``pgsql/upgrades/1.1.1.sql``
passed the hook and ``check --base``. Now both are ``DBN025``, as for a
migration the run reads; a new upgrade script, a comment edit and an
excluded file that is no upgrade script (a test fixture) are not.

Oracles: ``dbnamelint init`` itself says which folders are upgrade scripts
(the config it writes); real git says what the change edits, deletes or
renames (``check --base`` on the working tree, ``--pre-commit`` on the
index); the real pre-commit hook for a commit. Small trees shaped like
icingadb's and guacamole's, written here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo, git, write_files
from test_precommit import Env, hook_repo  # noqa: F401 - the module's hook fixture

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MYSQL_FULL = (
    "CREATE TABLE host (\n"
    "  id binary(20) NOT NULL,\n"
    "  total_children int unsigned DEFAULT NULL,\n"
    "  PRIMARY KEY (id)\n"
    ") ENGINE=InnoDB;\n"
    "CREATE TABLE redundancy_group (\n"
    "  id binary(20) NOT NULL,\n"
    "  display_name text NOT NULL,\n"
    "  PRIMARY KEY (id)\n"
    ") ENGINE=InnoDB;\n"
)
MYSQL_111 = "ALTER TABLE host ADD COLUMN total_children int unsigned DEFAULT NULL;\n"
MYSQL_140 = (
    "CREATE TABLE redundancy_group (\n"
    "  id binary(20) NOT NULL,\n"
    "  display_name text NOT NULL,\n"
    "  PRIMARY KEY (id)\n"
    ") ENGINE=InnoDB;\n"
)
PGSQL_FULL = (
    "CREATE TABLE host (\n  id bytea NOT NULL,\n  total_children integer,\n"
    "  CONSTRAINT pk_host PRIMARY KEY (id)\n);\n"
    "CREATE TABLE redundancy_group (\n  id bytea NOT NULL,\n  display_name text NOT NULL,\n"
    "  CONSTRAINT pk_redundancy_group PRIMARY KEY (id)\n);\n"
)
PGSQL_111 = "ALTER TABLE host ADD COLUMN total_children integer;\n"
PGSQL_140 = (
    "CREATE TABLE redundancy_group (\n  id bytea NOT NULL,\n  display_name text NOT NULL,\n"
    "  CONSTRAINT pk_redundancy_group PRIMARY KEY (id)\n);\n"
)
ICINGADB = {
    "schema/mysql/schema.sql": MYSQL_FULL,
    "schema/mysql/upgrades/1.1.1.sql": MYSQL_111,
    "schema/mysql/upgrades/1.4.0.sql": MYSQL_140,
    "schema/pgsql/schema.sql": PGSQL_FULL,
    "schema/pgsql/upgrades/1.1.1.sql": PGSQL_111,
    "schema/pgsql/upgrades/1.4.0.sql": PGSQL_140,
    # a test's fixture, which init leaves out too: no upgrade script
    "tests/sql/fixture.sql": "CREATE TABLE probes (id integer);\n",
}
MYSQL_140_PATH = "schema/mysql/upgrades/1.4.0.sql"
PGSQL_111_PATH = "schema/pgsql/upgrades/1.1.1.sql"


def _run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return done.exit_code, done.output


def _check(*args: str) -> tuple[int, list[tuple[str, str, int, str]]]:
    """``check`` (JSON): its exit code and (code, path, line, severity) of
    each DBN025 and DBN023 (the full schema and its upgrades read together)."""
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [
        (d["code"], d["path"], d["line"], d["severity"])
        for d in report["diagnostics"]
        if d["code"] in ("DBN025", "DBN023")
    ]
    return result.exit_code, found


def _both(expected_code: int, expected: list[tuple[str, str, int, str]]) -> None:
    """``check --base HEAD`` on the working tree and ``--pre-commit`` on the
    index (everything staged) say ``expected``."""
    assert _check("--base", "HEAD") == (expected_code, expected)
    git(Path.cwd(), "add", "-A")
    assert _check("--pre-commit") == (expected_code, expected)


def _adopted(root: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> Path:
    """``files`` committed, then ``init``'s config and ``whitelist init``'s
    baseline committed over them (as a new user adopts dbnamelint)."""
    committed_repo(root, files, monkeypatch)
    code, out = _run("init")
    assert code == 0, out
    code, out = _run("whitelist", "init")
    assert code == 0, out
    commit_all(root, "adopt dbnamelint")
    return root


@pytest.fixture
def icingadb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return _adopted(tmp_path / "icingadb", monkeypatch, ICINGADB)


def test_an_edited_upgrade_script_is_an_edited_migration(icingadb: Path) -> None:
    config = yaml.safe_load((icingadb / "dbnamelint.yaml").read_text(encoding="utf-8"))
    assert config["exclude"] == ["tests", "schema/mysql/upgrades", "schema/pgsql/upgrades"]
    assert _check("--base", "HEAD") == (0, [])
    path = icingadb / MYSQL_140_PATH
    path.write_text(MYSQL_140.replace("display_name", "name"), encoding="utf-8")
    _both(1, [("DBN025", MYSQL_140_PATH, 3, "error")])
    _code, out = _run("check", "--base", "HEAD")
    assert (
        f"{MYSQL_140_PATH}:3:1: DBN025 error: this upgrade script was committed at HEAD and "
        "this change edits it"
    ) in out
    assert "below the full schema in schema/mysql" in out
    assert "write the change as a new upgrade script" in out


def test_a_deleted_upgrade_script_is_a_deleted_migration(icingadb: Path) -> None:
    git(icingadb, "rm", "-q", PGSQL_111_PATH)
    _both(1, [("DBN025", PGSQL_111_PATH, 1, "error")])
    _code, out = _run("check", "--pre-commit")
    assert f"{PGSQL_111_PATH}:1:1: DBN025 error: this upgrade script was committed at " in out
    assert "this change deletes it" in out


def test_only_the_edit_of_an_applied_upgrade_script_counts(icingadb: Path) -> None:
    """A new upgrade script (its new names are judged as before), a comment
    added to an applied one and an edit of an excluded test fixture pass; the
    real edit beside them is the one DBN025."""
    write_files(
        icingadb,
        {
            "schema/mysql/upgrades/1.5.0.sql": "ALTER TABLE host ADD COLUMN state int;\n",
            "schema/pgsql/upgrades/1.1.1.sql": "-- the children count\n" + PGSQL_111,
            "tests/sql/fixture.sql": "CREATE TABLE probes (id integer, name text);\n",
        },
    )
    _both(0, [])
    (icingadb / MYSQL_140_PATH).write_text(MYSQL_140.replace("text", "varchar(255)"))
    _both(1, [("DBN025", MYSQL_140_PATH, 3, "error")])


def test_ignoring_dbn025_for_the_folder_opts_out(icingadb: Path) -> None:
    """As for a migration folder that is no applied history: a ``per_path``
    ignore in the base's config."""
    (icingadb / MYSQL_140_PATH).write_text(MYSQL_140.replace("display_name", "name"))
    git(icingadb, "rm", "-q", PGSQL_111_PATH)
    _both(1, [("DBN025", MYSQL_140_PATH, 3, "error"), ("DBN025", PGSQL_111_PATH, 1, "error")])
    git(icingadb, "reset", "-q", "--hard")
    config = icingadb / "dbnamelint.yaml"
    config.write_text(
        config.read_text()
        + "per_path:\n  - paths: ['schema/*/upgrades/**']\n    ignore: [DBN025]\n"
    )
    commit_all(icingadb, "upgrade scripts are no history here")
    (icingadb / MYSQL_140_PATH).write_text(MYSQL_140.replace("display_name", "name"))
    git(icingadb, "rm", "-q", PGSQL_111_PATH)
    _both(0, [])


GUACAMOLE_SCHEMA = "extensions/guacamole-auth-jdbc/modules/guacamole-auth-jdbc-postgresql/schema"
GUACAMOLE = {
    f"{GUACAMOLE_SCHEMA}/001-create-schema.sql": (
        "CREATE TABLE guacamole_entity (\n  entity_id serial NOT NULL,\n  name varchar(128) "
        "NOT NULL,\n  PRIMARY KEY (entity_id)\n);\n"
        "CREATE TABLE guacamole_user_group (\n  user_group_id serial NOT NULL,\n"
        "  entity_id integer NOT NULL,\n  PRIMARY KEY (user_group_id)\n);\n"
    ),
    f"{GUACAMOLE_SCHEMA}/upgrade/upgrade-pre-1.0.0.sql": (
        "CREATE TABLE guacamole_user_group (\n  user_group_id serial NOT NULL,\n"
        "  entity_id integer NOT NULL,\n  PRIMARY KEY (user_group_id)\n);\n"
    ),
}


def test_a_renamed_guacamole_upgrade_script(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """guacamole's ``schema/upgrade/`` below ``001-create-schema.sql``: an
    upgrade script renamed is its old name gone (administrators pick the
    scripts by the version they upgrade from)."""
    root = _adopted(tmp_path / "guacamole", monkeypatch, GUACAMOLE)
    config = yaml.safe_load((root / "dbnamelint.yaml").read_text(encoding="utf-8"))
    assert config["exclude"] == [f"{GUACAMOLE_SCHEMA}/upgrade"]
    old = f"{GUACAMOLE_SCHEMA}/upgrade/upgrade-pre-1.0.0.sql"
    git(root, "mv", old, f"{GUACAMOLE_SCHEMA}/upgrade/upgrade-pre-1.1.0.sql")
    _both(1, [("DBN025", old, 1, "error")])
    _code, out = _run("check", "--pre-commit")
    assert "this change renames it to " in out


def test_through_the_real_pre_commit(
    hook_repo: tuple[Env, Path, str],  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env, snapshot, rev = hook_repo
    root = _adopted(tmp_path / "icingadb", monkeypatch, ICINGADB)
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n      - id: dbnamelint\n"
    )
    env.git(root, "add", "-A")
    env.git(root, "commit", "-qm", "hook")
    assert env.pre_commit(root, "install").returncode == 0
    (root / MYSQL_140_PATH).write_text(MYSQL_140.replace("display_name", "name"))
    env.git(root, "add", "-A")
    done = env.git(root, "commit", "-m", "rename a column in an applied upgrade", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f"{MYSQL_140_PATH}:3:1: DBN025 error" in output
    env.git(root, "reset", "-q", "--hard")
    env.git(root, "rm", "-q", PGSQL_111_PATH)
    done = env.git(root, "commit", "-m", "drop an applied upgrade", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f"{PGSQL_111_PATH}:1:1: DBN025 error" in output
