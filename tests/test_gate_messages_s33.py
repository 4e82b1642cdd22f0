"""Gate messages of trial s33 (harbor).

1. A DBN909 for a config ``exclude:`` hiding two rules' findings on one table
   named the table twice: ``hides 2 findings (DBN101, DBN105): table
   'ExclTable' (...:1:14), table 'ExclTable' (...:1:14)``.
2. A DBN901 for a whitelist entry widened to ``rules: all`` said ``now also
   excuses all``, as if ``all`` were a rule's name: it excuses every rule.

Oracle: a real git repository and the real gate (``check --base``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "extends: [recommended]\npaths: [db]\ndialect: postgres\n"
WHITELIST = """\
phases:
  - {id: "1", title: "Names", status: open}
entries:
  - {kind: table, name: project, rules: [DBN105], phase: "1", target: projects}
"""


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    (root / "db").mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text(CONFIG)
    (root / "whitelist.yaml").write_text(WHITELIST)
    (root / "db/001.sql").write_text("CREATE TABLE project (id integer PRIMARY KEY);\n")
    monkeypatch.chdir(root)
    init_repo(root, "legacy schema, whitelisted")
    code, output = _run("check")
    assert code == 0, output
    git(root, "checkout", "-q", "-b", "feature")
    return root


def test_an_object_hidden_from_two_rules_is_named_once(repo: Path) -> None:
    (repo / "db/002.sql").write_text('CREATE TABLE "ExclTable" (id integer PRIMARY KEY);\n')
    (repo / "dbnamelint.yaml").write_text(CONFIG + 'exclude: ["db/002.sql"]\n')
    commit_all(repo, "a new table, excluded")
    code, output = _run("check", "--base", "main")
    assert code == 1, output
    (line,) = [x for x in output.splitlines() if "DBN909" in x and "hides" in x]
    assert "hides 2 findings (DBN101, DBN105): table 'ExclTable' (db/002.sql:1:14);" in line, line
    assert line.count("ExclTable") == 1, line


def test_an_entry_widened_to_every_rule_says_so(repo: Path) -> None:
    (repo / "whitelist.yaml").write_text(WHITELIST.replace("rules: [DBN105]", "rules: all"))
    commit_all(repo, "excuse every rule")
    code, output = _run("check", "--base", "main")
    assert code == 1, output
    assert (
        "whitelist.yaml:4:1: DBN901 error: whitelist entry widened since main: "
        "table project now also excuses every rule;"
    ) in output, output
    assert "excuses all" not in output
