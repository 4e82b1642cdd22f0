"""A config change and the rename it lets in, in one change, hide nothing.

Trial: the base's config left ``db/next/**`` out; one commit added
``db/next/002.sql`` renaming the legacy table ``Foo`` to its target
``foos``, dropped the ``exclude:`` line and pruned the whitelist. The gate
and the hook failed it with ``DBN909 ... hides DBN101 on table 'Foo'``: the
base's config, run over the changed tree, still left the rename unread and
saw ``Foo``, which the current config's model no longer holds. The same
change split in two commits passed both. A finding on an object the current
model lacks, in a file the current config reads, exists only because the
base's config left a file unread: no relaxation. The base's config now
reads every file the current config reads, its ``exclude`` notwithstanding,
so a rule turned off in the same change is still one, on a new name in the
folder let in too (that passed before), and so is a file the change leaves
out (tests/test_gate_unchecked_ddl.py).

Oracle: real git repositories and the real pre-commit framework running a
``repo: local`` hook with this interpreter's dbnamelint.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from git_helpers import git, init_repo, isolated_git_env, write_files

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]
pytest.importorskip("pre_commit")

CONFIG = 'paths: [db]\ndialect: mysql\nexclude: ["db/next/**"]\n'
WHITELIST = "entries:\n  - kind: table\n    name: Foo\n    rules: [DBN101]\n    target: foos\n"
RENAME = "RENAME TABLE `Foo` TO `foos`;\n"
HOOK = (
    "repos:\n  - repo: local\n    hooks:\n      - id: dbnamelint\n        name: dbnamelint\n"
    f"        entry: {sys.executable} -m dbnamelint check --pre-commit\n"
    "        language: system\n        pass_filenames: true\n"
    "        require_serial: true\n        always_run: true\n"
)


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


def _dbnamelint(cwd: Path, env: dict[str, str], *args: str) -> tuple[int, str]:
    done = _run(cwd, env, sys.executable, "-m", "dbnamelint", *args)
    return done.returncode, done.stdout + done.stderr


def _project(
    tmp: Path,
    env: dict[str, str],
    table: str = "CREATE TABLE `Foo` (`id` int);\n",
    whitelist: str = WHITELIST,
) -> Path:
    root = tmp / "p"
    write_files(
        root,
        {
            "db/base/001.sql": table,
            "dbnamelint.yaml": CONFIG,
            "whitelist.yaml": whitelist,
            ".pre-commit-config.yaml": HOOK,
        },
    )
    init_repo(root, "base")
    done = _run(root, env, sys.executable, "-m", "pre_commit", "install")
    assert done.returncode == 0, done.stdout + done.stderr
    code, out = _dbnamelint(root, env, "check")
    assert code == 0, out  # Foo is excused at the base
    return root


def _rename_and_read_it(root: Path, env: dict[str, str], config: str = "") -> None:
    """The one change: the rename, the `exclude` line dropped, the whitelist pruned."""
    write_files(root, {"db/next/002.sql": RENAME})
    (root / "dbnamelint.yaml").write_text(CONFIG.replace('exclude: ["db/next/**"]\n', ""))
    code, out = _dbnamelint(root, env, "whitelist", "prune")
    assert code == 0, out
    assert "renamed to its target foos at db/next/002.sql:1:" in out
    with (root / "dbnamelint.yaml").open("a") as f:
        f.write(config)  # ``config``: a relaxation written in the same change


def _commit(root: Path, env: dict[str, str]) -> tuple[int, str]:
    _run(root, env, "git", "add", "-A")
    done = _run(root, env, "git", "commit", "-m", "rename Foo")
    return done.returncode, done.stdout + done.stderr


def test_the_rename_an_exclude_removal_lets_in_hides_nothing(tmp_path: Path) -> None:
    env = _env(tmp_path)
    root = _project(tmp_path, env)
    _rename_and_read_it(root, env)
    code, out = _commit(root, env)  # the real hook: check --pre-commit against HEAD
    assert code == 0, out
    assert "DBN909" not in out
    assert git(root, "log", "-1", "--format=%s").strip() == "rename Foo"
    code, out = _dbnamelint(root, env, "check", "--base", "HEAD~1")
    assert code == 0, out
    assert "DBN909" not in out and "DBN903" not in out


def test_a_rule_turned_off_in_the_same_change_is_still_reported(tmp_path: Path) -> None:
    env = _env(tmp_path)
    root = _project(tmp_path, env)
    _rename_and_read_it(root, env, config="ignore: [DBN101]\n")
    write_files(root, {"db/base/003.sql": "CREATE TABLE `BadTwo` (`id` int);\n"})
    code, out = _commit(root, env)
    assert code == 1, out
    assert (
        "dbnamelint.yaml:3:10: DBN909 error: the config change since HEAD hides DBN101 on "
        "table 'BadTwo' (db/base/003.sql:1:14)" in out
    ), out
    assert "'Foo'" not in out
    git(root, "commit", "-q", "--no-verify", "-m", "relaxed")
    code, out = _dbnamelint(root, env, "check", "--base", "HEAD~1")
    assert code == 1, out
    assert "hides DBN101 on table 'BadTwo'" in out and "'Foo'" not in out


def test_a_column_of_the_renamed_table_keeps_its_identity(tmp_path: Path) -> None:
    """The table's rename carries its columns: a column rule turned off in the
    same change hides the column's finding, under the table's new name."""
    env = _env(tmp_path)
    root = _project(
        tmp_path,
        env,
        table="CREATE TABLE `Foo` (`id` int, `BadCol` int);\n",
        whitelist=WHITELIST + "  - kind: column\n    name: Foo.BadCol\n    rules: [DBN201]\n",
    )
    _rename_and_read_it(root, env, config="ignore: [DBN201]\n")
    code, out = _commit(root, env)
    assert code == 1, out
    assert "DBN909 error: the config change since HEAD hides DBN201 on column" in out, out
    assert "BadCol" in out and "on table 'Foo'" not in out


def test_a_bad_name_the_dropped_exclude_lets_in_under_a_rule_turned_off(tmp_path: Path) -> None:
    """The base's config reads every file the current config reads: a new
    name in the folder its `exclude` left out, which a rule the same change
    turns off would break, is hidden (it passed before: the base's config
    did not read the folder)."""
    env = _env(tmp_path)
    root = _project(tmp_path, env)
    _rename_and_read_it(root, env, config="ignore: [DBN101]\n")
    write_files(root, {"db/next/003.sql": "CREATE TABLE `bad_Three` (`id` int);\n"})
    code, out = _commit(root, env)
    assert code == 1, out
    assert (
        "dbnamelint.yaml:3:10: DBN909 error: the config change since HEAD hides DBN101 on "
        "table 'bad_Three' (db/next/003.sql:1:14)"
    ) in out, out
    assert "'Foo'" not in out
    git(root, "commit", "-q", "--no-verify", "-m", "relaxed")
    code, out = _dbnamelint(root, env, "check", "--base", "HEAD~1")
    assert code == 1, out
    assert "hides DBN101 on table 'bad_Three'" in out and "'Foo'" not in out
