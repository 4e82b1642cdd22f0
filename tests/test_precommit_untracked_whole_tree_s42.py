"""The hook leaves untracked and ignored files out when the config names no ``paths:``.

A config without ``paths:`` checks the whole repository (``.``). There the
hook asked git for the untracked and ignored files with the pathspec
``:(top).``, for which ``git ls-files --others`` lists nothing (git 2.39),
so every untracked file was read: a developer's git-ignored local
``db/schema.rb`` (huginn lists it in ``.gitignore``) made the hook refuse
each new Rails migration (DBN032 "newer than the version db/schema.rb's
define(version:) records"), and an untracked SQL file with a bad name
failed a commit that does not hold it (trial s41 huginn; the README says an
untracked migration can neither excuse nor break the commit).

Oracle: real git (``git status --porcelain --ignored`` says which files the
commit leaves out) and the real pre-commit framework: the hook's verdict
equals the CI gate's (``check --base``) on a clean clone of the commit.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from git_helpers import git, init_repo
from test_precommit_index import _dbnamelint, _env, _hook_files_pattern, _run

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]
pytest.importorskip("pre_commit")

HOOK = (
    "repos:\n  - repo: local\n    hooks:\n      - id: dbnamelint\n        name: dbnamelint\n"
    f"        entry: {sys.executable} -m dbnamelint check --pre-commit\n"
    "        language: system\n"
    f"        files: '{_hook_files_pattern()}'\n"
    "        require_serial: true\n        always_run: true\n"
)
CREATE_USERS = """class CreateUsers < ActiveRecord::Migration[7.0]
  def change
    create_table :users do |t|
      t.string :name
    end
  end
end
"""
CREATE_POSTS = """class CreatePosts < ActiveRecord::Migration[7.0]
  def change
    create_table :posts do |t|
      t.string :title
    end
  end
end
"""
LOCAL_DUMP = """ActiveRecord::Schema[7.0].define(version: 2024_01_01_000000) do
  create_table "users", force: :cascade do |t|
    t.string "name"
  end
end
"""


def _project(root: Path, env: dict[str, str], files: dict[str, str]) -> Path:
    for name, text in {
        "dbnamelint.yaml": "dialect: postgres\n",  # no paths: the whole repository
        ".pre-commit-config.yaml": HOOK,
        **files,
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    init_repo(root, "init")
    done = _run(root, env, sys.executable, "-m", "pre_commit", "install")
    assert done.returncode == 0, done.stdout + done.stderr
    return root


def _left_out(root: Path) -> set[str]:
    """What git says the commit leaves out: untracked (??) and ignored (!!) files."""
    status = git(root, "status", "--porcelain", "--ignored", "--untracked-files=all")
    return {line[3:] for line in status.splitlines() if line[:2] in ("??", "!!")}


def test_an_ignored_local_schema_rb_does_not_refuse_a_new_rails_migration(
    tmp_path: Path,
) -> None:
    env = _env(tmp_path)
    root = _project(
        tmp_path / "app",
        env,
        {".gitignore": "db/schema.rb\n", "db/migrate/20240101000000_create_users.rb": CREATE_USERS},
    )
    (root / "db" / "schema.rb").write_text(LOCAL_DUMP)  # a developer ran db:migrate
    (root / "db/migrate/20240201000000_create_posts.rb").write_text(CREATE_POSTS)
    assert "db/schema.rb" in _left_out(root)
    _run(root, env, "git", "add", "db/migrate")
    done = _run(root, env, "git", "commit", "-m", "posts")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "DBN032" not in output
    # The oracle: the CI gate on a clean clone of that commit (no local dump) passes it.
    clone = tmp_path / "clone"
    _run(tmp_path, env, "git", "clone", "-q", str(root), str(clone))
    gate = _dbnamelint(clone, env, "check", "--base", "HEAD~1")
    assert gate.returncode == 0, gate.stdout + gate.stderr


def test_an_untracked_bad_sql_file_does_not_fail_a_commit_without_it(tmp_path: Path) -> None:
    env = _env(tmp_path)
    root = _project(
        tmp_path / "app",
        env,
        {
            ".gitignore": "scratch/\n",
            "db/migrations/001_init.sql": "CREATE TABLE users (id int);\n",
        },
    )
    (root / "db/migrations/002_local.sql").write_text('CREATE TABLE "BadLocal" (id int);\n')
    (root / "scratch").mkdir()
    (root / "scratch/try.sql").write_text('CREATE TABLE "BadScratch" (id int);\n')
    (root / "db/migrations/003_posts.sql").write_text("CREATE TABLE posts (id int);\n")
    assert {"db/migrations/002_local.sql", "scratch/try.sql"} <= _left_out(root)
    _run(root, env, "git", "add", "db/migrations/003_posts.sql")
    done = _run(root, env, "git", "commit", "-m", "posts")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "BadLocal" not in output and "BadScratch" not in output
    by_hand = _dbnamelint(root, env, "check", "--pre-commit", "--select", "DBN015")
    assert (
        "db/migrations/002_local.sql:1:1: DBN015 info: 1 untracked file (not added, or "
        "ignored by git) under the checked paths was not read (db/migrations/002_local.sql)"
    ) in by_hand.stdout, by_hand.stdout
    clone = tmp_path / "clone"
    _run(tmp_path, env, "git", "clone", "-q", str(root), str(clone))
    gate = _dbnamelint(clone, env, "check", "--base", "HEAD~1")
    assert gate.returncode == 0, gate.stdout + gate.stderr
