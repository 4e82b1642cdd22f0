"""The gate does not run the rule code a change adds or edits (trial s36 lemmy F2).

A change adding ``local_rules: [tools/naming_rules.py]`` with a module that
patches the built-in case rule, beside ``CREATE TABLE "BadThings"``, passed
``check --base`` and the real pre-commit hook: the gate imported the new
module from the working tree. A module holding ``os._exit(0)`` made the gate
exit 0 with no output. Rule code is now judged like a config change that
relaxes the rules (``DBN909`` at the config's ``local_rules``) and the change
is judged with the base's local rules; a module ending the run while it is
imported, or a rule calling ``sys.exit``, is an error, not a pass.

Oracle: real git, real ``python -m dbnamelint`` processes (``os._exit``
would end the test process itself), and the real ``pre-commit``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from git_helpers import git, git_workdir, init_repo, isolated_git_env, write_files

CONFIG = "paths: [migrations]\ndialect: postgres\n"
GOOD = "CREATE TABLE things (id int);\n"
BAD = 'CREATE TABLE "BadThings" (id int, "badCol" int);\n'
#: The trial's module: it silences DBN101/DBN201 on the names it likes.
PATCHING = '''\
"""House naming rules: allow the reporting team's legacy spellings."""
from dbnamelint.rules.builtin import case as _case

_orig = _case._CaseRule.check


def _check(self, obj, ctx):
    if "Things" in obj.name or obj.name.startswith("bad"):
        return iter(())
    return _orig(self, obj, ctx)


_case._CaseRule.check = _check
'''
EXITING = "import os\n\nos._exit(0)\n"
HARMLESS = '"""House naming rules (none yet)."""\n'
LOCAL = "local_rules: [tools/naming_rules.py]\n"
BAD_NAMES = [("DBN101", "BadThings"), ("DBN201", "badCol")]


def _run(*args: str) -> tuple[int, dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-m", "dbnamelint", "check", "--no-cache", *args, "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert "Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout) if done.stdout.strip() else {}
    return done.returncode, report


def _failing(report: dict[str, object]) -> list[tuple[str, str]]:
    findings = report.get("findings", [])
    assert isinstance(findings, list)
    return sorted((f["code"], f["name"]) for f in findings if f["fails_run"])


def _config_changes(report: dict[str, object]) -> list[tuple[str, str, int]]:
    diagnostics = report.get("diagnostics", [])
    assert isinstance(diagnostics, list)
    return [
        (d["severity"], d["path"], d["line"])
        for d in diagnostics
        if d["code"] == "DBN909" and "local_rules" in d["message"]
    ]


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> Path:
    root = git_workdir(tmp_path / "repo", monkeypatch)
    write_files(root, {"migrations/001.sql": GOOD, **files})
    init_repo(root, "base")
    return root


@pytest.mark.parametrize("module", [PATCHING, EXITING], ids=["patching", "os-exit"])
def test_a_new_rule_module_is_reported_and_not_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str
) -> None:
    root = _repo(tmp_path, monkeypatch, {"dbnamelint.yaml": CONFIG})
    write_files(
        root,
        {
            "migrations/002.sql": BAD,
            "tools/naming_rules.py": module,
            "dbnamelint.yaml": CONFIG + LOCAL,
        },
    )
    code, report = _run("--base", "main")
    assert code == 1
    assert _failing(report) == BAD_NAMES  # judged with the base's rules
    assert _config_changes(report) == [("error", "dbnamelint.yaml", 3)]
    # accepted: a warning, and the new code still does not judge the change
    code, report = _run("--base", "main", "--allow-whitelist-growth")
    assert code == 1
    assert _failing(report) == BAD_NAMES
    assert _config_changes(report) == [("warning", "dbnamelint.yaml", 3)]


def test_an_edited_rule_module_is_reported_and_not_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(
        tmp_path,
        monkeypatch,
        {"dbnamelint.yaml": CONFIG + LOCAL, "tools/naming_rules.py": HARMLESS},
    )
    write_files(root, {"migrations/002.sql": BAD, "tools/naming_rules.py": PATCHING})
    code, report = _run("--base", "main")
    assert code == 1
    assert _failing(report) == BAD_NAMES
    assert _config_changes(report) == [("error", "dbnamelint.yaml", 3)]


def test_a_new_entry_for_an_existing_file_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(
        tmp_path, monkeypatch, {"dbnamelint.yaml": CONFIG, "tools/naming_rules.py": PATCHING}
    )
    write_files(root, {"migrations/002.sql": BAD, "dbnamelint.yaml": CONFIG + LOCAL})
    code, report = _run("--base", "main")
    assert code == 1
    assert _failing(report) == BAD_NAMES
    assert _config_changes(report) == [("error", "dbnamelint.yaml", 3)]


def test_unchanged_rule_code_runs_without_a_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The base's own rule code is the accepted standard: it judges the change."""
    root = _repo(
        tmp_path,
        monkeypatch,
        {"dbnamelint.yaml": CONFIG + LOCAL, "tools/naming_rules.py": PATCHING},
    )
    write_files(root, {"migrations/002.sql": BAD})
    code, report = _run("--base", "main")
    assert (code, _failing(report), _config_changes(report)) == (0, [], [])


@pytest.mark.parametrize(
    "module",
    [EXITING, "import sys\n\nsys.exit(0)\n"],
    ids=["os-exit", "sys-exit"],
)
def test_a_module_ending_the_run_on_import_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str
) -> None:
    """Even as the base's accepted code: never a silent exit 0."""
    root = _repo(
        tmp_path,
        monkeypatch,
        {"dbnamelint.yaml": CONFIG + LOCAL, "tools/naming_rules.py": module},
    )
    write_files(root, {"migrations/002.sql": BAD})
    done = subprocess.run(
        [sys.executable, "-m", "dbnamelint", "check", "--no-cache", "--base", "main"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "dbnamelint.yaml:3:1: local_rules:" in done.stderr
    assert "exit(0) while being imported" in done.stderr


def test_a_rule_calling_sys_exit_is_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = (
        "import sys\nfrom dbnamelint.rules.builtin import case as _case\n\n\n"
        "def _check(self, obj, ctx):\n    sys.exit(0)\n\n\n_case._CaseRule.check = _check\n"
    )
    _repo(
        tmp_path, monkeypatch, {"dbnamelint.yaml": CONFIG + LOCAL, "tools/naming_rules.py": module}
    )
    done = subprocess.run(
        [sys.executable, "-m", "dbnamelint", "check", "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 4
    assert "internal error in rule DBN101" in done.stderr
    assert "SystemExit: 0" in done.stderr


HOOK = (
    "repos:\n  - repo: local\n    hooks:\n      - id: dbnamelint\n        name: dbnamelint\n"
    f"        entry: {sys.executable} -m dbnamelint check --pre-commit\n"
    "        language: system\n        pass_filenames: true\n"
    "        require_serial: true\n        always_run: true\n"
)


def test_the_pre_commit_hook_refuses_new_rule_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pre_commit")
    root = _repo(
        tmp_path, monkeypatch, {"dbnamelint.yaml": CONFIG, ".pre-commit-config.yaml": HOOK}
    )
    write_files(
        root,
        {
            "migrations/002.sql": BAD,
            "tools/naming_rules.py": EXITING,
            "dbnamelint.yaml": CONFIG + LOCAL,
        },
    )
    git(root, "add", "-A")
    gitconfig = tmp_path / "gitconfig"
    gitconfig.touch()
    env = {
        **os.environ,
        **isolated_git_env(str(gitconfig)),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never",
    }
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "dbnamelint.yaml:3:1: DBN909 error: local_rules:" in done.stdout
    assert 'DBN101 table "BadThings"' in done.stdout
