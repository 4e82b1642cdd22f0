"""Widening a whitelist entry's scope is growth (trial s19 atuin #1).

Deleting ``database: a`` from an entry made it excuse ``store`` in every
database of the tree's ``databases:``; a new legacy-named ``store`` in
database ``b`` then passed ``check --base`` and the pre-commit hook. Any
change that makes an entry excuse more objects is now ``DBN901`` at the
entry's line, as widening its ``rules`` is; narrowing stays allowed.

Oracles: real git repositories (the base read from git's object store) and
the real ``pre-commit`` installed as the repository's hook, whose verdict is
git's (a commit made or not).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import init_repo, isolated_git_env
from test_precommit import Env, hook_repo

__all__ = ["hook_repo"]  # the module-scoped fixture: the hook environment is built once

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [a, b]\ndialect: sqlite\ndatabases:\n  a: [a]\n  b: [b]\n"
#: What `whitelist init` writes for this tree (the entry starts on line 9).
WHITELIST = """\
phases:
  - id: "1"
    title: "Legacy names"
    status: open
entries:
  - kind: table
    name: store
    rules: [DBN105]
    phase: "1"
    database: a
    target: stores
"""
ENTRY_LINE = 6
NEW_STORE = "CREATE TABLE store (id int);\n"  # DBN105: not plural


def _project(root: Path, whitelist: str = WHITELIST) -> Path:
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    (root / "a/001_init.sql").write_text("CREATE TABLE store (id int);\n")
    (root / "b/001_init.sql").write_text("CREATE TABLE users (id int);\n")
    (root / "dbnamelint.yaml").write_text(CONFIG)
    (root / "whitelist.yaml").write_text(whitelist)
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


def test_the_base_passes_and_the_new_store_breaks_a_rule(repo: Path) -> None:
    code, output = gate()
    assert code == 0, output
    (repo / "b/002_store.sql").write_text(NEW_STORE)
    code, output = gate()
    assert code == 1, output
    assert "b/002_store.sql:1:14: DBN105" in output  # the entry keeps to database a


def test_database_deleted_with_a_new_store_elsewhere_is_growth(repo: Path) -> None:
    (repo / "b/002_store.sql").write_text(NEW_STORE)
    (repo / "whitelist.yaml").write_text(WHITELIST.replace("    database: a\n", ""))
    code, output = gate()
    assert code == 1, output
    assert (
        f"whitelist.yaml:{ENTRY_LINE}:1: DBN901 error: whitelist entry widened since main: "
        "table store now also excuses table store in every database (`database:` deleted), "
        "so table store in database 'b'"
    ) in output
    allowed, output = gate("--allow-whitelist-growth")
    assert allowed == 0, output
    assert f"whitelist.yaml:{ENTRY_LINE}:1: DBN901 warning" in output


def test_database_deleted_alone_is_growth(repo: Path) -> None:
    # No other database has a `store` yet: the next change could add one and
    # pass with the entry untouched, so the deletion itself is refused.
    (repo / "whitelist.yaml").write_text(WHITELIST.replace("    database: a\n", ""))
    code, output = gate()
    assert code == 1, output
    assert "table store in every database (`database:` deleted)" in output


def test_database_moved_to_another_database_is_growth(repo: Path) -> None:
    (repo / "b/002_store.sql").write_text(NEW_STORE)
    (repo / "whitelist.yaml").write_text(WHITELIST.replace("database: a", "database: b"))
    code, output = gate()
    assert code == 1, output
    assert f"whitelist.yaml:{ENTRY_LINE}:1: DBN901" in output


def test_an_entry_excusing_every_database_may_be_narrowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    wide = WHITELIST.replace("    database: a\n", "")
    root = _project(tmp_path / "project", wide)
    (root / "b/002_store.sql").write_text(NEW_STORE)
    init_repo(root, "base: store in both databases, one entry for both")
    monkeypatch.chdir(root)
    assert gate()[0] == 0
    # the same entry, unchanged: nothing grew
    (root / "b/003_more.sql").write_text("CREATE TABLE things (id int);\n")
    code, output = gate()
    assert code == 0, output
    # narrowed to database a: b's store now fails on its own, the entry did not grow
    (root / "whitelist.yaml").write_text(WHITELIST)
    code, output = gate()
    assert "DBN901" not in output, output
    assert "b/002_store.sql:1:14: DBN105" in output
    assert code == 1
    # renaming b's store after narrowing passes
    (root / "b/004_rename.sql").write_text("ALTER TABLE store RENAME TO stores;\n")
    code, output = gate()
    assert code == 0, output


@pytest.mark.slow
def test_the_hook_refuses_the_widened_entry(
    hook_repo: tuple[Env, Path, str], tmp_path: Path
) -> None:
    env, snapshot, rev = hook_repo
    project = _project(tmp_path / "project")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n      - id: dbnamelint\n"
    )
    init_repo(project, "base")
    assert env.pre_commit(project, "install").returncode == 0
    head = env.git(project, "rev-parse", "HEAD").stdout
    (project / "b/002_store.sql").write_text(NEW_STORE)
    (project / "whitelist.yaml").write_text(WHITELIST.replace("    database: a\n", ""))
    env.git(project, "add", "-A")
    done = env.git(project, "commit", "-m", "store in b", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert env.git(project, "rev-parse", "HEAD").stdout == head
    assert f"whitelist.yaml:{ENTRY_LINE}:1: DBN901" in output
    # with the entry left scoped, the new store itself is what the hook refuses
    (project / "whitelist.yaml").write_text(WHITELIST)
    env.git(project, "add", "-A")
    done = env.git(project, "commit", "-m", "store in b", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "b/002_store.sql:1:14: DBN105" in output
    assert "DBN901" not in output


def test_a_schema_deleted_from_the_name_names_another_object(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The name's parts are the entry's identity: `app.store` edited to `store`
    # names public.store, a new table, so the edit is an entry added (and
    # app.store's deleted while it still breaks the rule), not a pass.
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    (root / "db").mkdir(parents=True)
    (root / "db/001.sql").write_text("CREATE SCHEMA app;\nCREATE TABLE app.store (id int);\n")
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(root)
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    whitelist = root / "whitelist.yaml"
    assert "name: app.store\n" in whitelist.read_text()
    init_repo(root, "base")
    (root / "db/002.sql").write_text("CREATE TABLE store (id int);\n")
    whitelist.write_text(whitelist.read_text().replace("name: app.store", "name: store"))
    code, output = gate()
    assert code == 1, output
    assert "DBN901 error: whitelist entry added since main: table store" in output
    assert "DBN903 error: whitelist entry for table app.store was deleted" in output


def test_databases_merged_into_one_need_no_database_key(repo: Path) -> None:
    # The config no longer keeps separate databases: `database: a` must go (an
    # undeclared database is an error), and the entry excuses the one `store`.
    (repo / "dbnamelint.yaml").write_text("paths: [a, b]\ndialect: sqlite\n")
    (repo / "whitelist.yaml").write_text(WHITELIST.replace("    database: a\n", ""))
    code, output = gate()
    assert code == 0, output
    assert "DBN901" not in output
