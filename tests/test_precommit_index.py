"""``check --pre-commit`` judges the tree the commit records: the index, not the working tree.

Trial s7-t3 finding 9: pre-commit stashes unstaged changes to tracked files
but leaves untracked files in place, and the hook read the whole configured
tree from disk, so an untracked migration changed its verdict both ways.
The oracle is real git and the real pre-commit framework: the verdict of the
hook must equal the CI gate's (``check --base``) on the commit as recorded.
The hook is a ``repo: local`` hook running this interpreter's dbnamelint,
so the code under test is this checkout's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from git_helpers import git, init_repo, isolated_git_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]
pytest.importorskip("pre_commit")

MIGRATIONS = "prisma/migrations"
REPO_HOOKS = Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml"


def _hook_files_pattern() -> str:
    import yaml

    return str(yaml.safe_load(REPO_HOOKS.read_text())[0]["files"])


def _env(tmp: Path) -> dict[str, str]:
    gitconfig = tmp / "gitconfig"
    gitconfig.touch()
    return {
        **os.environ,
        **isolated_git_env(str(gitconfig)),
        "PRE_COMMIT_HOME": str(tmp / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never",
    }


def _run(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, check=False)


def _dbnamelint(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return _run(cwd, env, sys.executable, "-m", "dbnamelint", *args)


def _project(root: Path, env: dict[str, str], config: str = "") -> Path:
    """A Prisma project with one good table and our hook (local, this interpreter), committed."""
    (root / MIGRATIONS / "20261201000000_init").mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text(f"paths: [{MIGRATIONS}]\ndialect: postgres\n{config}")
    (root / MIGRATIONS / "20261201000000_init/migration.sql").write_text(
        "CREATE TABLE users (id int);\n"
    )
    (root / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: local\n    hooks:\n      - id: dbnamelint\n        name: dbnamelint\n"
        f"        entry: {sys.executable} -m dbnamelint check --pre-commit\n"
        "        language: system\n"
        f"        files: '{_hook_files_pattern()}'\n"
        "        require_serial: true\n        always_run: true\n"
    )
    init_repo(root, "init")
    done = _run(root, env, sys.executable, "-m", "pre_commit", "install")
    assert done.returncode == 0, done.stdout + done.stderr
    return root


def _write(root: Path, folder: str, sql: str) -> str:
    path = f"{MIGRATIONS}/{folder}/migration.sql"
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(sql)
    return path


def _commit(root: Path, env: dict[str, str], *paths: str) -> subprocess.CompletedProcess[str]:
    _run(root, env, "git", "add", *paths)
    return _run(root, env, "git", "commit", "-m", "change")


def test_an_untracked_rename_does_not_pass_a_bad_name(tmp_path: Path) -> None:
    env = _env(tmp_path)
    root = _project(tmp_path / "p", env)
    head = git(root, "rev-parse", "HEAD")
    bad = _write(root, "20261201000100_a", 'CREATE TABLE "Invoice2" ("id" TEXT NOT NULL);\n')
    untracked = _write(
        root, "20261201000200_b", 'ALTER TABLE "Invoice2" RENAME TO invoice_items;\n'
    )
    done = _commit(root, env, bad)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert git(root, "rev-parse", "HEAD") == head  # refused
    assert f'{bad}:1:14: DBN101 table "Invoice2"' in output
    assert "1 info note not listed (DBN015 x1)" in output
    by_hand = _dbnamelint(root, env, "check", "--pre-commit", "--select", "DBN015", bad)
    assert (
        f"{untracked}:1:1: DBN015 info: 1 untracked file (not added, or ignored by git) under "
        f"the checked paths was not read ({untracked})"
    ) in by_hand.stdout
    # The oracle: the same commit made without the hook, judged by the CI gate
    # on a clean checkout of it (the untracked file moved away), fails too.
    _run(root, env, "git", "commit", "--no-verify", "-qm", "forced")
    shutil.rmtree(root / MIGRATIONS / "20261201000200_b")
    gate = _dbnamelint(root, env, "check", "--base", "HEAD~1")
    assert gate.returncode == 1 and "Invoice2" in gate.stdout, gate.stdout + gate.stderr


def test_an_untracked_bad_migration_is_not_what_a_relaxation_hides(tmp_path: Path) -> None:
    """The reverse: a relaxed config committed alone hides nothing the commit
    records; it is refused as a relaxation of its own (confirmation s39: it
    hides nothing yet), never for the untracked file's name."""
    env = _env(tmp_path)
    root = _project(tmp_path / "p", env)
    untracked = _write(root, "20261201000100_a", "CREATE TABLE order_item (id int);\n")
    (root / "dbnamelint.yaml").write_text(
        f"paths: [{MIGRATIONS}]\ndialect: postgres\nrules:\n  table-name-singular: false\n"
    )
    before = _dbnamelint(root, env, "check", "--base", "HEAD")  # the working tree: refused
    assert before.returncode == 1 and "DBN909" in before.stdout, before.stdout
    done = _commit(root, env, "dbnamelint.yaml")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "stops failing the run on DBN105" in output and "order_item" not in output, output
    # The oracle: the gate on the commit as recorded (no untracked file) agrees.
    _run(root, env, "git", "commit", "--no-verify", "-qm", "forced")
    (root / untracked).unlink()
    gate = _dbnamelint(root, env, "check", "--base", "HEAD~1")
    assert gate.returncode == 1, gate.stdout + gate.stderr
    assert "stops failing the run on DBN105" in gate.stdout and "order_item" not in gate.stdout


@pytest.mark.parametrize(
    ("staged", "working", "verdict"),
    [
        pytest.param('CREATE TABLE "Bad" (id int);\n', "CREATE TABLE goods (id int);\n", 1),
        pytest.param("CREATE TABLE goods (id int);\n", 'CREATE TABLE "Bad" (id int);\n', 0),
    ],
    ids=["bad-staged-good-unstaged", "good-staged-bad-unstaged"],
)
def test_by_hand_the_staged_copy_is_judged(
    tmp_path: Path, staged: str, working: str, verdict: int
) -> None:
    """Without pre-commit's stash, ``check --pre-commit`` still judges the staged copy;
    twice, so the run cache cannot replay a verdict for another index."""
    env = _env(tmp_path)
    root = _project(tmp_path / "p", env)
    path = _write(root, "20261201000100_a", staged)
    git(root, "add", path)
    (root / path).write_text(working)
    for _ in range(2):
        done = _dbnamelint(root, env, "check", "--pre-commit", "-v", path)
        assert done.returncode == verdict, done.stdout + done.stderr
        assert ('"Bad"' in done.stdout) is (verdict == 1)
        assert f"1 file has unstaged changes ({path}): read as staged" in done.stdout
    # The oracle: git commits the staged copy; the gate on that commit agrees.
    _run(root, env, "git", "commit", "--no-verify", "-qm", "staged")
    git(root, "checkout", "--", path)
    gate = _dbnamelint(root, env, "check", "--base", "HEAD~1")
    assert gate.returncode == verdict, gate.stdout + gate.stderr
    # Staging the working copy changes the index only: the findings follow it, and
    # the migration committed above is now edited in place (DBN025 either way).
    (root / path).write_text(working)
    git(root, "add", path)
    again = _dbnamelint(root, env, "check", "--pre-commit", path)
    assert again.returncode == 1, again.stdout + again.stderr
    assert ('"Bad"' in again.stdout) is (verdict == 0), again.stdout
    assert f"{path}:1:1: DBN025 error" in again.stdout, again.stdout


def test_an_ignored_migration_is_not_read(tmp_path: Path) -> None:
    """A file git ignores is not in the commit either (nor in the CI gate's tree)."""
    env = _env(tmp_path)
    root = _project(tmp_path / "p", env)
    (root / ".gitignore").write_text("local/\n*.local.sql\n")
    ignored = _write(root, "20261201000300_c", "").replace("migration.sql", "x.local.sql")
    (root / ignored).write_text('CREATE TABLE "Ignored" (id int);\n')
    folder = root / MIGRATIONS / "local"
    folder.mkdir()
    (folder / "migration.sql").write_text('CREATE TABLE "AlsoIgnored" (id int);\n')
    (root / MIGRATIONS / "20261201000300_c/migration.sql").unlink()
    good = _write(root, "20261201000400_d", "CREATE TABLE goods (id int);\n")
    done = _commit(root, env, ".gitignore", good)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Ignored" not in output
    full = _dbnamelint(root, env, "check")  # the working tree, ignored files included
    assert full.returncode == 1 and "AlsoIgnored" in full.stdout


def test_an_unstaged_deletion_is_said(tmp_path: Path) -> None:
    env = _env(tmp_path)
    root = _project(tmp_path / "p", env)
    path = f"{MIGRATIONS}/20261201000000_init/migration.sql"
    (root / path).unlink()
    done = _dbnamelint(root, env, "check", "--pre-commit")
    assert f"{path}:1:1: DBN015 warning: 1 staged file is deleted from the working tree" in (
        done.stdout
    )


def test_commit_all_judges_the_temporary_index(tmp_path: Path) -> None:
    """``git commit -a`` hands its hooks a temporary index (``GIT_INDEX_FILE``)."""
    env = _env(tmp_path)
    root = _project(tmp_path / "p", env)
    path = f"{MIGRATIONS}/20261201000000_init/migration.sql"
    (root / path).write_text('CREATE TABLE users (id int);\nCREATE TABLE "Bad" (id int);\n')
    head = git(root, "rev-parse", "HEAD")
    done = _run(root, env, "git", "commit", "-a", "-m", "all")
    assert done.returncode == 1, done.stdout + done.stderr
    assert '"Bad"' in done.stdout + done.stderr
    assert git(root, "rev-parse", "HEAD") == head


def _readme_local_hook() -> dict[str, object]:
    import yaml

    readme = (REPO_HOOKS.parent / "README.md").read_text()
    start = readme.index("local hook does the same:")
    block = readme[readme.index("```yaml\n", start) + 8 : readme.index("```\n", start + 30)]
    hooks = yaml.safe_load(block)["repos"][0]["hooks"]
    assert isinstance(hooks[0], dict)
    return hooks[0]


def test_the_readme_local_hook_matches_the_shipped_hook() -> None:
    """Trial s7-t3 finding 8: the README's copy passed no `.up.postgres` or `.tsql` names."""
    import yaml

    shipped = yaml.safe_load(REPO_HOOKS.read_text())[0]
    local = _readme_local_hook()
    for key in ("files", "always_run", "require_serial"):
        assert local[key] == shipped[key], key
    assert local["entry"] == shipped["entry"]


def test_staged_files_the_hook_pattern_misses_are_judged(tmp_path: Path) -> None:
    """With a narrower `files:` (the README's old local hook) pre-commit passes no name
    for `000002_bad.up.postgres`; the check still judges what the index stages."""
    env = _env(tmp_path)
    root = tmp_path / "r"
    (root / "db/migrations").mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text("paths: [db/migrations]\ndialect: postgres\n")
    (root / "db/migrations/000001_init.up.sql").write_text("CREATE TABLE users (id int);\n")
    old_pattern = (
        r"(?i)(\.(sql|ddl|pgsql|psql|mysql|sqlite3?|mssql)(\.[a-z0-9]+)?|\.ya?ml"
        r"|(^|/)pyproject\.toml)$"
    )
    (root / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: local\n    hooks:\n      - id: dbnamelint\n        name: dbnamelint\n"
        f"        entry: {sys.executable} -m dbnamelint check --pre-commit\n"
        f"        language: system\n        files: '{old_pattern}'\n"
        "        require_serial: true\n        always_run: true\n"
    )
    init_repo(root, "init")
    assert _run(root, env, sys.executable, "-m", "pre_commit", "install").returncode == 0
    head = git(root, "rev-parse", "HEAD")
    bad = "db/migrations/000002_bad.up.postgres"
    (root / bad).write_text('CREATE TABLE "BadThing" (id int);\n')
    done = _commit(root, env, bad)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f'{bad}:1:14: DBN101 table "BadThing"' in output
    assert git(root, "rev-parse", "HEAD") == head
    by_hand = _dbnamelint(root, env, "check", "--pre-commit")  # no names at all
    assert by_hand.returncode == 1 and "BadThing" in by_hand.stdout, by_hand.stdout
    full = _dbnamelint(root, env, "check")  # the oracle the trial used
    assert full.returncode == 1 and "BadThing" in full.stdout
