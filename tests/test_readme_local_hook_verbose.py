"""The README's ``repo: local`` hook shows the warnings of a passing run (trial s36 lemmy F7).

Without ``verbose: true`` real pre-commit prints only ``dbnamelint...Passed``
for a passing hook, so a warning (``DBN008``: committed SQL outside the
configured paths) was never seen. Oracle: the real pre-commit framework
running the README's snippet as written, with only ``entry`` pointed at this
interpreter so the code under test is this checkout's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from git_helpers import init_repo, isolated_git_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]
pytest.importorskip("pre_commit")

README = Path(__file__).resolve().parents[1] / "README.md"


def _readme_local_hook() -> dict[str, object]:
    readme = README.read_text(encoding="utf-8")
    start = readme.index("local hook does the same:")
    block = readme[readme.index("```yaml\n", start) + 8 : readme.index("```\n", start + 30)]
    hook = yaml.safe_load(block)["repos"][0]["hooks"][0]
    assert isinstance(hook, dict)
    return hook


def _run(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_the_readme_local_hook_prints_a_passing_runs_warning(tmp_path: Path) -> None:
    gitconfig = tmp_path / "gitconfig"
    gitconfig.touch()
    env = {
        **os.environ,
        **isolated_git_env(str(gitconfig)),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never",
    }
    root = tmp_path / "p"
    (root / "db/migrations").mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text("paths: [db/migrations]\ndialect: postgres\n")
    (root / "db/migrations/V1__init.sql").write_text("CREATE TABLE users (id int);\n")
    hook = {**_readme_local_hook(), "entry": f"{sys.executable} -m dbnamelint check --pre-commit"}
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    init_repo(root, "init")
    assert _run(root, env, sys.executable, "-m", "pre_commit", "install").returncode == 0
    (root / "scripts").mkdir()
    (root / "scripts/report.sql").write_text("SELECT 1;\n")
    _run(root, env, "git", "add", "scripts/report.sql")
    done = _run(root, env, "git", "commit", "-m", "a query beside the schema")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output  # a warning does not fail the commit
    assert "Passed" in output
    assert "scripts/report.sql:1:1: DBN008 warning" in output, output
