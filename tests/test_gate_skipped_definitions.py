"""A new definition the run skips unchecked fails the gate (trial s19 atuin #2).

With ``databases: {app: [app]}`` (the app folder listed whole), a second
migrations folder inside it holding ``CREATE TABLE IF NOT EXISTS kv (id int,
"badCol" text)`` while the first folder's ``kv`` stands is a no-op on a
database that ran both folders, so no rule reads ``badCol``: the change got
only the ``DBN023`` warning and passed ``check --base`` and the hook. A
definition new since the base that the run skips is now an error there, as
new dynamic DDL (``DBN013``) is; one the base already had stays a warning.

Oracles: sqlite3 (both folders run into one database skip the definition:
``badCol`` never exists), real git repositories, and the real ``pre-commit``
installed as the repository's hook (its verdict is git's: a commit made or
not).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, init_repo, isolated_git_env
from test_precommit import Env, hook_repo

__all__ = ["hook_repo"]  # the module-scoped fixture: the hook environment is built once

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [app]\ndialect: sqlite\ndatabases:\n  app: [app]\n"
INIT = "CREATE TABLE kv (id int);\n"
KV = 'CREATE TABLE IF NOT EXISTS kv (id int, "badCol" text);\n'
NEW = "app/migrations2/001_kv.sql"
REFUSED = (
    f"{NEW}:1:28: DBN023 error: definition skipped, never checked: table 'kv' is created "
    "with IF NOT EXISTS while the one app/migrations/ created stands, so no name in it is "
    "checked; it gives names that table lacks: badCol; new since main, so the gate "
    "refuses it: if the two folders are separate "
    "databases, list them apart in the config's `databases:`"
)


def _project(root: Path) -> Path:
    (root / "app/migrations").mkdir(parents=True)
    (root / "app/migrations/001_init.sql").write_text(INIT)
    (root / "dbnamelint.yaml").write_text(CONFIG)
    return root


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = _project(tmp_path / "project")
    init_repo(root, "base")
    monkeypatch.chdir(root)
    return root


def gate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--base", "main", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def _add_kv(repo: Path, text: str = KV) -> None:
    (repo / "app/migrations2").mkdir(exist_ok=True)
    (repo / NEW).write_text(text)


def test_sqlite_skips_the_definition(tmp_path: Path) -> None:
    # The premise: run into one database, the second definition does nothing.
    db = sqlite3.connect(tmp_path / "one.db")
    db.executescript(INIT)
    db.executescript(KV)
    columns = [row[1] for row in db.execute("PRAGMA table_info(kv)")]
    db.close()
    assert columns == ["id"]


def test_a_new_skipped_definition_fails_the_gate(repo: Path) -> None:
    _add_kv(repo)
    code, output = gate()
    assert code == 1, output
    assert REFUSED in output
    # the plain check still only warns: nothing in the tree itself is wrong
    plain = CliRunner().invoke(cli, ["check"])
    assert plain.exit_code == 0, plain.output
    assert f"{NEW}:1:28: DBN023 warning" in plain.output


def test_a_skipped_definition_at_the_base_stays_a_warning(repo: Path) -> None:
    _add_kv(repo)
    commit_all(repo, "kv again, committed past the gate")
    (repo / "app/migrations/002_things.sql").write_text("CREATE TABLE things (id int);\n")
    code, output = gate()
    assert code == 0, output
    assert "DBN023 error" not in output


def test_a_skipped_definition_at_the_base_stays_a_warning_when_the_table_changes(
    repo: Path,
) -> None:
    """The note names what the standing table lacks (``badCol``, then ``id``
    too once the first folder renames it): that part of its text changes with
    the other folder, and the definition is no newer for it."""
    _add_kv(repo)
    commit_all(repo, "kv again, committed past the gate")
    (repo / "app/migrations/002_rename.sql").write_text(
        "ALTER TABLE kv RENAME COLUMN id TO kv_id;\n"
    )
    code, output = gate("--verbose")
    assert code == 0, output
    assert "DBN023 error" not in output
    assert "it gives names that table lacks: id, badCol" in output


def test_listing_the_folders_apart_checks_its_names(repo: Path) -> None:
    _add_kv(repo)
    (repo / "dbnamelint.yaml").write_text(
        "paths: [app]\ndialect: sqlite\ndatabases:\n"
        "  app: [app/migrations]\n  app2: [app/migrations2]\n"
    )
    code, output = gate()
    assert code == 1, output
    assert "DBN023" not in output
    assert f'{NEW}:1:40: DBN201 column "kv.badCol": quoted column name' in output


def test_an_inline_ignore_accepts_it(repo: Path) -> None:
    _add_kv(repo, "-- dbnamelint: ignore[DBN023] both folders run on one database\n" + KV)
    code, output = gate()
    assert code == 0, output


def test_a_config_ignoring_it_in_the_same_change_is_a_relaxation(repo: Path) -> None:
    _add_kv(repo)
    (repo / "dbnamelint.yaml").write_text(CONFIG + "ignore: [DBN023]\n")
    code, output = gate()
    assert code == 1, output
    assert "DBN909 error: the config change since main hides DBN023" in output
    assert "list the folders apart in `databases:`" in output


@pytest.mark.slow
def test_the_hook_refuses_it(hook_repo: tuple[Env, Path, str], tmp_path: Path) -> None:
    env, snapshot, rev = hook_repo
    project = _project(tmp_path / "project")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n      - id: dbnamelint\n"
    )
    init_repo(project, "base")
    assert env.pre_commit(project, "install").returncode == 0
    head = env.git(project, "rev-parse", "HEAD").stdout
    _add_kv(project)
    env.git(project, "add", "-A")
    done = env.git(project, "commit", "-m", "kv", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert env.git(project, "rev-parse", "HEAD").stdout == head
    assert REFUSED.replace("since main", "since HEAD") in output
    # a good new folder passes
    (project / NEW).unlink()
    (project / "app/migrations2/001_other.sql").write_text("CREATE TABLE others (id int);\n")
    env.git(project, "add", "-A")
    done = env.git(project, "commit", "-m", "others", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
