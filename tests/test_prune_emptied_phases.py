"""``whitelist prune`` marks done every phase ``burndown`` counts done, however it emptied.

Trial s12: a merge (or a hand edit) that removed a phase's last entries
left nothing stale, so prune said "0 stale entries; whitelist.yaml
unchanged" and the phase stayed ``status: open`` while ``burndown`` showed
it done at 100%; and phases written as in the README (``- {id: "1", title:
..., status: open}``) were never marked, even when prune removed their last
entry. The oracle is ``burndown --format json`` on the same real git
history: after prune, each phase's declared status is the status burndown
gives it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo, git

SCHEMA = "CREATE TABLE task_lock (id int);\nCREATE TABLE queue (id int);\n"
LOCK_ENTRY = '  - kind: table\n    name: task_lock\n    target: task_locks\n    phase: "1"\n'
QUEUE_ENTRY = '  - kind: table\n    name: queue\n    target: queues\n    phase: "2"\n'
BLOCK = (
    "# the plan\n"
    "phases:\n"
    '  - id: "1"   # locks first\n'
    "    title: Locks\n"
    "    status: open\n"
    '  - id: "2"\n'
    "    title: Queues\n"
    "    status: open\n"
    "  - id: later\n"
    "    title: Declared ahead of its entries\n"
    "entries:\n" + LOCK_ENTRY + QUEUE_ENTRY
)
#: The README's own layout: one flow mapping per phase.
FLOW = (
    "phases:\n"
    '  - {id: "1", title: "Locks", status: open}   # first\n'
    '  - {id: "2", title: "Queues"}\n'
    "entries:\n" + LOCK_ENTRY + QUEUE_ENTRY
)


def invoke(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(cli, list(args))
    return done.exit_code, done.stdout, done.stderr


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whitelist: str) -> Path:
    files = {"db/001.sql": SCHEMA, "dbnamelint.yaml": "paths: [db]\n", "whitelist.yaml": whitelist}
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _burndown_statuses() -> dict[str, tuple[str, str]]:
    """Each phase's (status burndown gives it, status the file declares)."""
    code, out, err = invoke("burndown", "--format", "json")
    assert code == 0, err
    return {p["id"]: (p["status"], p["declared_status"]) for p in json.loads(out)["phases"]}


def _rename_task_lock(repo: Path) -> None:
    (repo / "db" / "002.sql").write_text("ALTER TABLE task_lock RENAME TO task_locks;\n")


def test_prune_marks_a_phase_a_merge_emptied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, monkeypatch, BLOCK)
    git(repo, "checkout", "-q", "-b", "locks")
    _rename_task_lock(repo)
    (repo / "whitelist.yaml").write_text(BLOCK.replace(LOCK_ENTRY, ""))
    commit_all(repo, "rename task_lock, its entry deleted by hand")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "locks", "-m", "merge locks")
    merged = (repo / "whitelist.yaml").read_text()
    # what burndown says, and the file does not
    assert _burndown_statuses()["1"] == ("done", "open")

    code, out, err = invoke("whitelist", "prune", "--dry-run")
    assert code == 0, err
    assert "would mark phase 1 done (status: done): none of its entries is left" in out
    assert (repo / "whitelist.yaml").read_text() == merged

    code, out, err = invoke("whitelist", "prune")
    assert code == 0, err
    assert "marked phase 1 done (status: done): none of its entries is left" in out
    assert "0 stale entries; phase 1 marked done in whitelist.yaml" in out
    # only the status value changed, every other byte as merged
    assert (repo / "whitelist.yaml").read_text() == merged.replace(
        "    title: Locks\n    status: open\n", "    title: Locks\n    status: done\n"
    )
    # the file now says what burndown says; a phase that never had an entry stays as written
    assert _burndown_statuses() == {
        "1": ("done", "done"),
        "2": ("open", "open"),
        "later": ("open", "open"),
    }
    code, out, _ = invoke("whitelist", "prune")
    assert code == 0 and "0 stale entries; whitelist.yaml unchanged" in out


def test_prune_marks_a_phase_emptied_by_an_uncommitted_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, monkeypatch, BLOCK)
    _rename_task_lock(repo)
    (repo / "whitelist.yaml").write_text(BLOCK.replace(LOCK_ENTRY, ""))
    code, out, err = invoke("whitelist", "prune")
    assert code == 0, err
    assert "marked phase 1 done" in out
    assert _burndown_statuses()["1"] == ("done", "done")


def test_prune_marks_readme_style_flow_phases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, monkeypatch, FLOW)
    _rename_task_lock(repo)
    (repo / "db" / "003.sql").write_text("ALTER TABLE queue RENAME TO queues;\n")
    code, out, err = invoke("whitelist", "prune")
    assert code == 0, err
    assert "marked phase 1 done" in out and "marked phase 2 done" in out
    assert (repo / "whitelist.yaml").read_text() == (
        "phases:\n"
        '  - {id: "1", title: "Locks", status: done}   # first\n'
        '  - {id: "2", title: "Queues", status: done}\n'
        "entries: []\n"
    )
    assert _burndown_statuses() == {"1": ("done", "done"), "2": ("done", "done")}
