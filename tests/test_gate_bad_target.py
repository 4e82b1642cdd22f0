"""A ``DBN910`` (a whitelist ``target:`` that breaks the rules) already at the base
is left to the change that introduced it, as findings are (trial s7-t3 #4).

Real git repositories: the base commits a bad target (as a merge kept "ours"
and committed with ``--no-verify`` would); a later change that only renames
another index to its target and prunes its entry passes the gate and the
hook, while the full check still reports the bad target, and a change that
writes a bad target itself is refused.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = """\
CREATE TABLE keywords (id int, crates_cnt int);
CREATE INDEX index_keywords_crates_cnt ON keywords (crates_cnt);
CREATE TABLE crates (id int, updated_at int);
CREATE INDEX index_crate_updated_at ON crates (updated_at);
"""
CONFIG = """\
paths: [db]
dialect: postgres
select: [DBN302]
rules:
  DBN302:
    options:
      template: "idx_{table}_{columns}"
"""
WHITELIST = """\
phases:
  - {{id: "1", title: Legacy, status: open}}
entries:
  - kind: index
    name: crates.index_crate_updated_at
    rules: [DBN302]
    phase: "1"
    target: idx_crates_updated_at
  - kind: index
    name: keywords.index_keywords_crates_cnt
    rules: [DBN302]
    phase: "1"
    target: {keywords_target}
"""
BAD = "idx_keywords_crates_cnt_a"  # breaks the template it is meant to meet
RENAME = "ALTER INDEX index_crate_updated_at RENAME TO idx_crates_updated_at;\n"


def _run(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(root)
    return CliRunner().invoke(cli, ["check", "--no-cache", *args])


def _repo(root: Path, keywords_target: str) -> Path:
    (root / "db").mkdir(parents=True)
    (root / "db/001.sql").write_text(SCHEMA)
    (root / "dbnamelint.yaml").write_text(CONFIG)
    (root / "whitelist.yaml").write_text(WHITELIST.format(keywords_target=keywords_target))
    init_repo(root, "base")
    return root


def _rename_and_prune(root: Path, keywords_target: str) -> None:
    (root / "db/002.sql").write_text(RENAME)
    pruned = WHITELIST.format(keywords_target=keywords_target)
    first, _rest = pruned.split("  - kind: index\n")[1:]
    (root / "whitelist.yaml").write_text(pruned.replace("  - kind: index\n" + first, "", 1))
    git(root, "add", "-A")


def test_a_bad_target_at_the_base_is_not_this_changes_doing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path / "p", BAD)
    assert "DBN910" in _run(root, monkeypatch).output  # the base has it
    _rename_and_prune(root, BAD)
    hook = _run(root, monkeypatch, "--pre-commit", "db/002.sql", "whitelist.yaml")
    assert hook.exit_code == 0, hook.output
    assert "DBN910" not in hook.output
    commit_all(root, "rename updated_at")
    gate = _run(root, monkeypatch, "--base", "HEAD~1")
    assert gate.exit_code == 0, gate.output
    full = _run(root, monkeypatch)  # still reported where the whole tree is judged
    assert full.exit_code == 1
    assert f"DBN910 error: whitelist target {BAD}" in full.output


def test_a_change_that_writes_a_bad_target_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path / "p", "idx_keywords_crates_cnt")
    assert _run(root, monkeypatch).exit_code == 0  # a good target at the base
    _rename_and_prune(root, BAD)
    hook = _run(root, monkeypatch, "--pre-commit", "db/002.sql", "whitelist.yaml")
    assert hook.exit_code == 1
    assert f"DBN910 error: whitelist target {BAD}" in hook.output
    commit_all(root, "bad target")
    gate = _run(root, monkeypatch, "--base", "HEAD~1")
    assert gate.exit_code == 1 and "DBN910" in gate.output
