"""A phase ``whitelist prune`` empties is marked done; ``whitelist add`` skips done phases.

Trial s10-t1: after the last entries were pruned the file ended in
``entries: []`` with every phase still ``status: open`` while ``burndown``
showed them done, and ``whitelist add`` kept putting new entries into them.
The oracle for "done" is burndown's own rule (no entry left).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.whitelist.phase_status import mark_done

WHITELIST = """\
# our plan
phases:
  - id: "rule-DBN105"   # tables to plural
    title: Plural tables
    status: open
  - id: later
    title: Declared ahead of its entries
    status: open
  - id: "rule-DBN101"
    title: No status written
entries:
  - kind: table
    name: task_lock
    target: task_locks
    phase: "rule-DBN105"
  - kind: table
    name: queue
    phase: "rule-DBN101"
"""


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001.sql").write_text(
        "CREATE TABLE task_lock (id int);\nCREATE TABLE queue (id int);\n", encoding="utf-8"
    )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\n", encoding="utf-8")
    (tmp_path / "whitelist.yaml").write_text(WHITELIST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _statuses(project: Path) -> dict[str, str]:
    data = yaml.safe_load((project / "whitelist.yaml").read_text(encoding="utf-8"))
    return {p["id"]: p.get("status", "open") for p in data["phases"]}


def test_prune_marks_the_phases_it_empties_done(project: Path) -> None:
    (project / "db" / "002.sql").write_text(
        "ALTER TABLE task_lock RENAME TO task_locks;\nALTER TABLE queue RENAME TO queues;\n",
        encoding="utf-8",
    )
    code, out, _ = invoke("whitelist", "prune", "--dry-run")
    assert code == 0 and "would mark phase rule-DBN105 done" in out
    assert (project / "whitelist.yaml").read_text(encoding="utf-8") == WHITELIST
    code, out, _ = invoke("whitelist", "prune")
    assert code == 0, out
    assert "marked phase rule-DBN105 done" in out and "marked phase rule-DBN101 done" in out
    # the phase declared ahead of its entries had none to lose: left open
    assert _statuses(project) == {"rule-DBN105": "done", "later": "open", "rule-DBN101": "done"}
    text = (project / "whitelist.yaml").read_text(encoding="utf-8")
    # a line edit: comments and the rest of each phase stay as written
    assert '  - id: "rule-DBN105"   # tables to plural\n' in text and "# our plan\n" in text
    assert "    title: Plural tables\n    status: done\n" in text
    assert '  - id: "rule-DBN101"\n    status: done\n    title: No status written\n' in text
    assert text.endswith("entries: []\n")
    code, out, _ = invoke("burndown")
    assert code == 0, out


def test_prune_leaves_a_phase_with_entries_left_open(project: Path) -> None:
    (project / "db" / "002.sql").write_text(
        "ALTER TABLE task_lock RENAME TO task_locks;\n", encoding="utf-8"
    )
    code, out, _ = invoke("whitelist", "prune")
    assert code == 0 and "marked phase rule-DBN105 done" in out
    assert "rule-DBN101" not in out
    assert _statuses(project)["rule-DBN101"] == "open"


def test_add_never_picks_a_done_phase_by_default(project: Path) -> None:
    text = WHITELIST.replace("    status: open\n  - id: later", "    status: done\n  - id: later")
    text = text.split("entries:")[0] + "entries:\n  - kind: table\n    name: queue\n"
    (project / "whitelist.yaml").write_text(text, encoding="utf-8")
    (project / "db" / "002.sql").write_text("CREATE TABLE job (id int);\n", encoding="utf-8")
    code, _, err = invoke("whitelist", "add", "job")
    assert code == 0, err
    data = yaml.safe_load((project / "whitelist.yaml").read_text(encoding="utf-8"))
    # rule-DBN105 (its rule's phase) is done: the first phase not done instead
    assert data["entries"][-1]["phase"] == "later"
    assert "first phase not done" in err


def test_add_refuses_when_every_phase_is_done_unless_given(project: Path) -> None:
    text = WHITELIST.replace("status: open", "status: done").replace(
        "    title: No status written\n", "    title: No status written\n    status: done\n"
    )
    text = text.split("entries:")[0] + "entries: []\n"
    (project / "whitelist.yaml").write_text(text, encoding="utf-8")
    code, _, err = invoke("whitelist", "add", "queue")
    assert code == 2
    assert "every phase is done" in err and "--phase" in err
    code, _, err = invoke("whitelist", "add", "queue", "--phase", "later")
    assert code == 0, err
    assert "that phase is marked done" in err


def test_mark_done_keeps_anchored_or_flow_phases_as_written() -> None:
    flow = 'phases: [{id: "1", status: open}]\nentries: []\n'
    assert mark_done(flow, {"1"}) == (flow, [])
    block = "phases:\n  - id: '1'\n    status: 'open'  # quoted\nentries: []\n"
    edited, marked = mark_done(block, {"1"})
    assert marked == ["1"]
    assert edited == "phases:\n  - id: '1'\n    status: done  # quoted\nentries: []\n"
