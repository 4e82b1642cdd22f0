"""One DBN909 per config change that hides findings, not one per finding.

Trial s20: a commit adding ``ignore: [DBN105]`` got 23 separate DBN909
errors from the hook, one per finding it hides. Now the line gets one,
counting them and naming the first few; JSON keeps every hidden finding
(``details``; SARIF never runs with ``--base``). Oracle: a real git repository and the real gate.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

TABLES = ["audit_entry", "community_post", "community_tag", "invoice_line", "user_account"]
CONFIG = "extends: [recommended]\npaths: [db]\n"
RELAXED = CONFIG + "ignore: [DBN105]\n"  # line 3


def run(*args: str) -> tuple[int, str]:
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
    (root / "db/001.sql").write_text(
        "".join(f"CREATE TABLE {t} (id integer PRIMARY KEY);\n" for t in TABLES)
    )
    monkeypatch.chdir(root)
    code, output = run("whitelist", "init")
    assert code == 0, output
    init_repo(root, "legacy schema, whitelisted")
    code, output = run("check")
    assert code == 0, output
    git(root, "checkout", "-q", "-b", "feature")
    (root / "dbnamelint.yaml").write_text(RELAXED)
    commit_all(root, "turn the plural rule off")
    return root


def _relaxations(output: str) -> list[str]:
    return [line for line in output.splitlines() if "DBN909" in line]


def test_one_line_hiding_five_findings_is_one_error(repo: Path) -> None:
    code, output = run("check", "--base", "main")
    assert code == 1, output
    found = _relaxations(output)
    assert len(found) == 1, output
    assert found[0].startswith(
        "dbnamelint.yaml:3:10: DBN909 error: the config change since main hides 5 findings "
        "(DBN105): table 'audit_entry' (db/001.sql:1:14), table 'community_post' "
        "(db/001.sql:2:14), table 'community_tag' (db/001.sql:3:14) and 2 more "
        "(5 of them the whitelist excuses at main;"
    ), found[0]
    # the hook, on the commit that makes the change
    git(repo, "reset", "-q", "--soft", "HEAD~1")
    code, output = run("check", "--pre-commit", "dbnamelint.yaml")
    assert code == 1, output
    assert len(_relaxations(output)) == 1, output
    assert "SKIP=dbnamelint" in _relaxations(output)[0]


def test_json_keeps_every_hidden_finding(repo: Path) -> None:
    code, output = run("check", "--base", "main", "--format", "json")
    assert code == 1
    relaxations = [d for d in json.loads(output)["diagnostics"] if d["code"] == "DBN909"]
    assert len(relaxations) == 1
    details = relaxations[0]["details"]
    assert [d.split(" hides DBN105 on table ")[1].split(" (")[0] for d in details] == [
        f"'{t}'" for t in TABLES
    ]
