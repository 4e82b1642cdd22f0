"""Our hook driven by the real pre-commit framework in temporary repositories.

pre-commit installs hooks from a git repository at a commit, so the module
fixture snapshots this working tree (tracked and untracked, not ignored
files) into a throw-away repository and commits it: the test then checks
the code as it is now, uncommitted changes included. ``pre-commit
try-repo`` would do the same but builds a new environment on every call
and leaves untracked files out; a shared ``PRE_COMMIT_HOME`` lets the one
environment (a venv with our package pip-installed) serve every test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dbnamelint.checking import default_paths, evaluate
from dbnamelint.config import load_settings
from git_helpers import init_repo, isolated_git_env

REPO = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]
pytest.importorskip("pre_commit")

SCHEMA = "db/module-ws/schema/001-ws.sql"
SCHEMA_SQL = """\
CREATE TABLE ws_workspaces (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE ws_configs (
    id integer PRIMARY KEY,
    ws_id integer REFERENCES ws_workspaces (id)
);
"""
WHITELIST = """\
phases:
  - {id: "3", title: Workspace tables, status: open}
entries:
  - {kind: table, name: ws_configs, rules: [DBN104], phase: "3", target: ws_cfg_sys}
"""
NEW_FILE = "db/module-ws/schema/002-ws-audit.sql"


class Env:
    """Environment for git and pre-commit: isolated config, shared hook cache."""

    def __init__(self, home: Path) -> None:
        gitconfig = home / "gitconfig"
        gitconfig.write_text("")
        self.vars = {
            **os.environ,
            "PRE_COMMIT_HOME": str(home / "pre-commit"),
            **isolated_git_env(str(gitconfig)),
            "PRE_COMMIT_COLOR": "never",
        }

    def run(self, cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            list(args), cwd=cwd, env=self.vars, capture_output=True, text=True, check=False
        )
        if check and done.returncode != 0:
            raise AssertionError(f"{args} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def git(self, cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run(cwd, "git", *args, check=check)

    def pre_commit(self, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run(cwd, sys.executable, "-m", "pre_commit", *args, check=False)


def _working_tree_files() -> list[str]:
    try:
        out = subprocess.run(
            [
                "git",
                "-C",
                str(REPO),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
            capture_output=True,
            check=True,
        ).stdout.decode()
        return [f for f in out.split("\0") if f and (REPO / f).is_file()]
    except (subprocess.CalledProcessError, OSError):  # an unpacked sdist: no git
        return [
            p.relative_to(REPO).as_posix()
            for top in ("src", "rules", "pyproject.toml", ".pre-commit-hooks.yaml", "README.md")
            for p in ([REPO / top] if (REPO / top).is_file() else (REPO / top).rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts
        ]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Env, Path, str]]:
    """(env, snapshot repository of this working tree, its commit), hook env built once."""
    base = tmp_path_factory.mktemp("precommit")
    env = Env(base)
    snapshot = base / "dbnamelint-snapshot"
    for name in _working_tree_files():
        if name.startswith(".git/"):
            continue
        target = snapshot / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    if not (snapshot / "README.md").exists():  # the build needs the readme it declares
        (snapshot / "README.md").write_text("dbnamelint\n")
    init_repo(snapshot, "snapshot of the working tree")
    rev = env.git(snapshot, "rev-parse", "HEAD").stdout.strip()
    warm = make_project(base / "warm-up", snapshot, rev)
    done = env.pre_commit(warm, "install-hooks")
    assert done.returncode == 0, done.stdout + done.stderr
    yield env, snapshot, rev


def make_project(root: Path, snapshot: Path, rev: str, args: str = "") -> Path:
    """A schema project using our hook, with one whitelisted legacy table, committed."""
    (root / "db/module-ws/schema").mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text("extends: [cora]\npaths: [db]\n")
    (root / SCHEMA).write_text(SCHEMA_SQL)
    (root / "whitelist.yaml").write_text(WHITELIST)
    hook = "      - id: dbnamelint\n" + (f"        args: {args}\n" if args else "")
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n{hook}"
    )
    init_repo(root, "legacy schema")
    return root


@pytest.mark.parametrize(
    ("sql", "passes"),
    [
        pytest.param("CREATE TABLE audit_settings (id integer);\n", False, id="bad-name-refused"),
        pytest.param("CREATE TABLE ws_members (id integer);\n", True, id="good-name-passes"),
    ],
)
def test_commit_through_the_installed_hook(
    hook_repo: tuple[Env, Path, str], tmp_path: Path, sql: str, passes: bool
) -> None:
    env, snapshot, rev = hook_repo
    project = make_project(tmp_path / "project", snapshot, rev)
    assert env.pre_commit(project, "install").returncode == 0
    head = env.git(project, "rev-parse", "HEAD").stdout
    (project / NEW_FILE).write_text("-- new table\n" + sql)
    env.git(project, "add", NEW_FILE)
    done = env.git(project, "commit", "-m", "add a table", check=False)
    output = done.stdout + done.stderr
    moved = env.git(project, "rev-parse", "HEAD").stdout != head
    assert moved is passes, output
    if passes:
        assert done.returncode == 0
        assert "dbnamelint" in output and "Passed" in output
    else:
        assert done.returncode == 1
        assert f"{NEW_FILE}:2:14: DBN102" in output
        assert "audit_settings" in output
        assert "ws_configs" not in output  # whitelisted legacy, and not in the commit


@pytest.mark.parametrize(
    "files",
    [
        pytest.param([NEW_FILE], id="new-file"),
        pytest.param([NEW_FILE, SCHEMA], id="new-and-renamed"),
        pytest.param([SCHEMA, "whitelist.yaml"], id="with-whitelist"),
        pytest.param(["whitelist.yaml"], id="whitelist-only"),
    ],
)
def test_hook_verdict_equals_a_full_run_restricted_to_the_files(
    hook_repo: tuple[Env, Path, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    files: list[str],
) -> None:
    env, snapshot, rev = hook_repo
    project = make_project(
        tmp_path / "project", snapshot, rev, args="[--format=json, --output-file=hook.json]"
    )
    # A bad new table, and the legacy table renamed to another bad name: its
    # whitelist entry becomes stale.
    (project / NEW_FILE).write_text("-- audit\nCREATE TABLE audit_log (id integer);\n")
    (project / SCHEMA).write_text(SCHEMA_SQL.replace("ws_configs", "ws_settings"))
    env.git(project, "add", "-A")
    done = env.pre_commit(project, "run", "dbnamelint", "--files", *files)
    report = json.loads((project / "hook.json").read_text())
    hook_findings = {
        (f["path"], f["line"], f["code"], f["qualified_name"])
        for f in report["findings"]
        if not (f["whitelisted"] or f["suppressed"])
    }
    hook_stale = {(e["name"], e["line"]) for e in report["stale_whitelist"]}

    monkeypatch.chdir(project)
    settings = load_settings(project)
    full = evaluate(settings, default_paths(settings, project), project).result
    wanted = set(files)
    expected = {
        (f.location.path, f.location.line, f.code, f.object.qualified_name)
        for f in full.new_findings
        if f.location.path in wanted
    }
    expected_stale = (
        {(e.name, e.location.line) for e in full.stale_whitelist}
        if "whitelist.yaml" in wanted
        else set()
    )
    assert full.new_findings and full.stale_whitelist  # the full run does see both
    assert hook_findings == expected
    assert hook_stale == expected_stale
    assert (done.returncode == 1) is bool(expected or expected_stale), done.stdout
