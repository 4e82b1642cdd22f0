"""A ``databases:`` key renamed, or a folder added to a database, hides nothing
(trial s19 atuin #3).

A database's key is a label for its folders. Renaming ``b`` to ``bee`` in
the change that adds a bad name reported the finding and then also
``DBN909 ... config change since HEAD hides DBN101 on table 'BadOne'``: the
base's config, run over the tree, labelled the object ``b`` and the current
one ``bee``, and the comparison took them for two objects. The same label
made the base's failing findings look new and its ``database: b`` entries
look deleted and re-added. A real relaxation in the same change is still
reported.

Oracle: real git repositories, the base read from git's object store.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, init_repo, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [a, b]\ndialect: sqlite\ndatabases:\n  a: [a]\n  b: [b]\n"
RENAMED = CONFIG.replace("  b: [b]", "  bee: [b]")
BAD = 'CREATE TABLE "BadOne" (id int);\n'  # DBN101 and DBN105


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    (root / "a/001_init.sql").write_text("CREATE TABLE items (id int);\n")
    (root / "b/001_init.sql").write_text("CREATE TABLE items (id int);\n")
    (root / "dbnamelint.yaml").write_text(CONFIG)
    init_repo(root, "base")
    monkeypatch.chdir(root)
    return root


def gate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--base", "main", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def _only_the_new_name(code: int, output: str) -> None:
    assert code == 1, output
    assert "b/002_x.sql:1:14: DBN101" in output
    assert "b/002_x.sql:1:14: DBN105" in output
    assert "DBN909" not in output


def test_a_renamed_key_hides_nothing(repo: Path) -> None:
    (repo / "b/002_x.sql").write_text(BAD)
    (repo / "dbnamelint.yaml").write_text(RENAMED)
    _only_the_new_name(*gate())


@pytest.mark.parametrize("already_read", [False, True], ids=["new-folder", "folder-read-before"])
def test_a_folder_added_to_a_database_hides_nothing(repo: Path, already_read: bool) -> None:
    (repo / "c").mkdir()
    (repo / "c/001_more.sql").write_text("CREATE TABLE things (id int);\n")
    if already_read:  # c is read at the base, in no database of `databases:`
        (repo / "dbnamelint.yaml").write_text(CONFIG.replace("paths: [a, b]", "paths: [a, b, c]"))
        commit_all(repo, "c read, in no database")
    (repo / "b/002_x.sql").write_text(BAD)
    (repo / "c/002_x.sql").write_text(BAD.replace("BadOne", "BadTwo"))
    (repo / "dbnamelint.yaml").write_text(
        CONFIG.replace("paths: [a, b]", "paths: [a, b, c]").replace("[b]", "[b, c]")
    )
    code, output = gate()
    _only_the_new_name(code, output)
    assert "c/002_x.sql:1:14: DBN101" in output


def test_a_real_relaxation_beside_a_renamed_key_is_still_reported(repo: Path) -> None:
    (repo / "b/002_x.sql").write_text(BAD)
    (repo / "dbnamelint.yaml").write_text(RENAMED + "ignore: [DBN101]\n")
    code, output = gate()
    assert code == 1, output
    assert "DBN909 error: the config change since main hides DBN101 on table 'BadOne'" in output
    assert "hides DBN105" not in output
    assert "b/002_x.sql:1:14: DBN105" in output


def test_a_renamed_key_keeps_the_base_failing_findings_old(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A legacy name already failing at the base is not the renaming change's doing.
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    (root / "a/001_init.sql").write_text("CREATE TABLE items (id int);\n")
    (root / "b/001_init.sql").write_text('CREATE TABLE "Legacy" (id int);\n')
    (root / "dbnamelint.yaml").write_text(CONFIG)
    init_repo(root, "base, failing")
    monkeypatch.chdir(root)
    (root / "dbnamelint.yaml").write_text(RENAMED)
    code, output = gate()
    assert code == 0, output
    assert "Legacy" not in output


def test_a_renamed_key_with_its_entries_renamed_is_no_growth(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    (root / "a/001_init.sql").write_text("CREATE TABLE items (id int);\n")
    (root / "b/001_init.sql").write_text('CREATE TABLE "Legacy" (id int);\n')
    (root / "dbnamelint.yaml").write_text(CONFIG)
    monkeypatch.chdir(root)
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    assert "database: b\n" in (root / "whitelist.yaml").read_text()
    init_repo(root, "base, whitelisted")
    (root / "dbnamelint.yaml").write_text(RENAMED)
    whitelist = root / "whitelist.yaml"
    whitelist.write_text(whitelist.read_text().replace("database: b\n", "database: bee\n"))
    code, output = gate()
    assert code == 0, output
    assert "DBN901" not in output and "DBN903" not in output
    # the renamed entry still may not widen: deleting its database is growth
    whitelist.write_text(whitelist.read_text().replace("    database: bee\n", ""))
    code, output = gate()
    assert code == 1, output
    assert "DBN901" in output
