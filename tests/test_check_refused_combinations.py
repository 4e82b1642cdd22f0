"""``check`` options that cannot run together, or would do nothing together: exit 2.

The README's oracle: code scanning (SARIF) and GitLab code quality compare
each upload with the last and mark every missing alert fixed, so their
reports must come from a full run, never the gate (``--base``,
``--pre-commit``); ``--allow-whitelist-growth`` only relaxes the gate;
``--schema`` only chooses what ``--db`` reads; the whitelist flags need the
whitelist; ``--quiet``, ``--statistics`` and ``--show-source`` shape only
the text report. Each refusal happens before anything is read or written
(the ``-o`` file is not created), and the same options without the
conflicting one still run, in a real git repository for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.exitcodes import ExitCode
from git_helpers import git, init_repo, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

WHITELIST = """\
phases:
  - {id: "1", title: Legacy, status: open}
entries:
  - {kind: table, name: UserAccounts, rules: [DBN101]}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository on branch ``feature`` from ``main``: one whitelisted legacy table."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001-init.sql").write_text('CREATE TABLE "UserAccounts" (id int);\n')
    (tmp_path / "whitelist.yaml").write_text(WHITELIST)
    init_repo(tmp_path, "legacy schema")
    git(tmp_path, "checkout", "-q", "-b", "feature")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


REFUSED = [
    (["--base", "main", "--format", "sarif"], "--format sarif cannot run with --base"),
    (["--base", "main", "--format", "gitlab"], "--format gitlab cannot run with --base"),
    (["--pre-commit", "--format", "sarif", "db/001-init.sql"], "cannot run with --pre-commit"),
    (["--allow-whitelist-growth"], "--allow-whitelist-growth relaxes the gate"),
    (["--pre-commit", "--no-whitelist", "--allow-whitelist-growth"], "relaxes the gate"),
    (["--no-whitelist", "--show-whitelisted"], "--show-whitelisted cannot run with"),
    (["--no-whitelist", "--fail-past-due"], "--fail-past-due cannot run with --no-whitelist"),
    (["--schema", "public"], "--schema chooses what a live database is read for"),
    (["--format", "json", "--statistics"], "--statistics shapes the text report"),
    (["--format", "sarif", "-q", "--show-source"], "--quiet, --show-source shape the text"),
]


@pytest.mark.parametrize(("args", "said"), REFUSED, ids=[" ".join(a) for a, _ in REFUSED])
def test_refused_before_anything_is_written(repo: Path, args: list[str], said: str) -> None:
    report = repo / "report.out"
    code, output = _check(*args, "-o", str(report))
    assert code == ExitCode.USAGE, output
    assert said in output
    assert not report.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "sarif"],  # the full run code scanning wants
        ["--format", "gitlab"],
        ["--base", "main", "--format", "github"],
        ["--base", "main", "--format", "junit", "--show-whitelisted"],
        ["--base", "main", "--allow-whitelist-growth"],
        ["--pre-commit", "--allow-whitelist-growth", "db/001-init.sql"],
        ["--format", "text", "--statistics", "-q", "--show-source"],
        ["--format", "json", "--no-show-source"],  # turning a text flag off is no conflict
        ["--fail-past-due"],
    ],
    ids=" ".join,
)
def test_the_same_options_without_the_conflict_run(repo: Path, args: list[str]) -> None:
    code, output = _check(*args)
    assert code == ExitCode.OK, output
