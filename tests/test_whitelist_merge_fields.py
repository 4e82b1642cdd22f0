"""The whitelist merge driver merges an entry's fields three-way (trial s6t2, finding 17).

One branch narrowed ``rules`` of an entry, the other edited elsewhere in the
file: the driver (set up as the README installs it, through a real ``git
merge``) gave back the unnarrowed rules, where git's own line merge keeps
the narrowing. The oracle is ``git merge-file`` on the same three versions
wherever it merges cleanly: the driver's result must hold the same entries.
Where git cannot help, the rules are the documents': ``rules`` become what
both sides still excuse (a merge never widens the whitelist), and a field
both sides changed differently is a conflict git is told about.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from git_helpers import commit_all, git, init_repo, isolated_git_env

BASE = """\
# dbnamelint whitelist
phases:
  - id: "1"
    title: "Legacy names"
    status: open
  - id: "2"
    title: "Later"
    status: open
entries:
  - kind: column
    name: system.key
    rules: [DBN502]
    phase: "1"
  - kind: table
    name: order
    rules: [DBN105, DBN502]
    phase: "1"
    target: orders
  - kind: table
    name: system
    rules: [DBN105, DBN502]
    phase: "1"
    target: systems
    reason: legacy name
"""

Edit = Callable[[str], str]


def _sub(old: str, new: str, count: int = 1) -> Edit:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, count)

    return edit


def _entries(text: str) -> dict[str, dict[str, object]]:
    return {e["name"]: e for e in yaml.safe_load(text)["entries"]}


def _dbnamelint() -> str:
    script = Path(sys.executable).with_name("dbnamelint")
    return str(script) if script.exists() else "dbnamelint"


def _merge(tmp_path: Path, ours: Edit, theirs: Edit) -> tuple[int, str, str]:
    """A real ``git merge`` of a branch editing ``theirs`` into one editing ``ours``."""
    repo = tmp_path / "repo"
    repo.mkdir(parents=True)
    (repo / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mysql\n", encoding="utf-8")
    (repo / "whitelist.yaml").write_text(BASE, encoding="utf-8")
    (repo / ".gitattributes").write_text("whitelist.yaml merge=dbnamelint\n", encoding="utf-8")
    init_repo(repo, "base")
    # as the README installs it
    git(repo, "config", "merge.dbnamelint.driver", f"{_dbnamelint()} whitelist merge %O %A %B %P")
    git(repo, "checkout", "-q", "-b", "theirs")
    (repo / "whitelist.yaml").write_text(theirs(BASE), encoding="utf-8")
    commit_all(repo, "theirs")
    git(repo, "checkout", "-q", "main")
    (repo / "whitelist.yaml").write_text(ours(BASE), encoding="utf-8")
    commit_all(repo, "ours")
    done = subprocess.run(
        ["git", "merge", "--no-edit", "theirs"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, **isolated_git_env()},
        check=False,
    )
    return done.returncode, done.stdout + done.stderr, (repo / "whitelist.yaml").read_text()


def _merge_file(tmp_path: Path, ours: Edit, theirs: Edit) -> str:
    """What ``git merge-file`` (git without the driver) makes of the same versions."""
    folder = tmp_path / "plain"
    folder.mkdir(parents=True)
    for name, text in (("o", BASE), ("a", ours(BASE)), ("b", theirs(BASE))):
        (folder / name).write_text(text, encoding="utf-8")
    done = subprocess.run(
        ["git", "merge-file", "-p", "a", "o", "b"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout  # a clean line merge: the oracle holds
    return done.stdout


NARROW_ORDER = _sub(
    'rules: [DBN105, DBN502]\n    phase: "1"\n    target: orders',
    'rules: [DBN502]\n    phase: "1"\n    target: orders',
)
COMMENT_KEY = _sub(
    'name: system.key\n    rules: [DBN502]\n    phase: "1"\n',
    'name: system.key\n    rules: [DBN502]\n    phase: "1"\n    # reviewed\n',
)
RETARGET_SYSTEM = _sub("target: systems", "target: app_systems")
LATER_KEY = _sub(
    'name: system.key\n    rules: [DBN502]\n    phase: "1"',
    'name: system.key\n    rules: [DBN502]\n    phase: "2"',
)
NO_REASON = _sub("    reason: legacy name\n", "")

PHASE_DONE = _sub('title: "Later"\n    status: open', 'title: "Later"\n    status: done')
PHASE_DUE = _sub(
    'title: "Later"\n    status: open', 'title: "Later"\n    status: open\n    due: 2027-01-31'
)

ONE_SIDED = [
    pytest.param(COMMENT_KEY, NARROW_ORDER, id="their-narrowing"),
    pytest.param(NARROW_ORDER, COMMENT_KEY, id="our-narrowing"),
    pytest.param(COMMENT_KEY, RETARGET_SYSTEM, id="their-target"),
    pytest.param(RETARGET_SYSTEM, LATER_KEY, id="their-phase"),
    pytest.param(LATER_KEY, NO_REASON, id="their-removed-reason"),
    pytest.param(NARROW_ORDER, PHASE_DONE, id="their-phase-status"),
    pytest.param(PHASE_DUE, COMMENT_KEY, id="our-phase-due"),
    pytest.param(COMMENT_KEY, PHASE_DUE, id="their-phase-due"),
]


@pytest.mark.parametrize(("ours", "theirs"), ONE_SIDED)
def test_a_one_sided_field_change_wins_as_in_git_merge_file(
    tmp_path: Path, ours: Edit, theirs: Edit
) -> None:
    code, output, merged = _merge(tmp_path, ours, theirs)
    assert code == 0, output
    plain = _merge_file(tmp_path, ours, theirs)
    assert _entries(merged) == _entries(plain)
    assert yaml.safe_load(merged)["phases"] == yaml.safe_load(plain)["phases"]
    assert "# dbnamelint whitelist\n" in merged  # our text, edited in place


def test_the_trial_case_keeps_the_narrowing_and_the_comment(tmp_path: Path) -> None:
    code, output, merged = _merge(tmp_path, COMMENT_KEY, NARROW_ORDER)
    assert code == 0, output
    assert "  - kind: table\n    name: order\n    rules: [DBN502]\n" in merged
    assert "    # reviewed\n" in merged


def test_both_narrowing_keeps_what_both_excuse(tmp_path: Path) -> None:
    only_105 = _sub(
        'rules: [DBN105, DBN502]\n    phase: "1"\n    target: systems',
        'rules: [DBN105]\n    phase: "1"\n    target: systems',
    )
    only_502 = _sub(
        'rules: [DBN105, DBN502]\n    phase: "1"\n    target: systems',
        'rules: [DBN502]\n    phase: "1"\n    target: systems',
    )
    code, output, merged = _merge(tmp_path, _sub("[DBN105, DBN502]", "[DBN502]"), only_502)
    assert code == 0, output
    assert _entries(merged)["order"]["rules"] == ["DBN502"]  # ours narrowed order
    assert _entries(merged)["system"]["rules"] == ["DBN502"]  # theirs narrowed system
    # each side fixed a different rule of one entry: nothing is left to excuse
    code, output, merged = _merge(tmp_path / "2", only_105, only_502)
    assert code == 0, output
    assert "system" not in _entries(merged)
    assert "dropped table system" in output


def test_a_rule_one_side_added_is_not_kept(tmp_path: Path) -> None:
    widen = _sub(
        "name: system.key\n    rules: [DBN502]", "name: system.key\n    rules: [DBN502, DBN201]"
    )
    code, output, merged = _merge(tmp_path, COMMENT_KEY, widen)
    assert code == 0, output
    assert _entries(merged)["system.key"]["rules"] == ["DBN502"]


def test_a_field_changed_differently_on_both_sides_is_a_conflict(tmp_path: Path) -> None:
    code, output, merged = _merge(
        tmp_path, RETARGET_SYSTEM, _sub("target: systems", "target: sys_tables")
    )
    assert code != 0, output
    assert "CONFLICT" in output
    assert (
        "dbnamelint: whitelist merge: conflict: table system: target changed on both sides; "
        "ours was kept, edit it by hand" in output
    )
    assert _entries(merged)["system"]["target"] == "app_systems"
