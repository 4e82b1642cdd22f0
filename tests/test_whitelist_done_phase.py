"""A phase marked ``status: done`` that still has entries is a located
``DBN912`` warning (trial s19, conductor: it was accepted in silence).

The oracle for "entries left" is the file itself, read with PyYAML: the
entries whose ``phase`` is the done phase's id."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli

SQL = 'CREATE TABLE "Later" (id int PRIMARY KEY);\nCREATE TABLE "Other" (id int);\n'
WHITELIST = """phases:
  - id: "1"
    title: first
    status: done
  - {id: "2", title: second, status: done}
  - {id: "3", title: third, status: open}
entries:
  - {kind: table, name: Later, rules: [DBN101], phase: "1", target: laters}
  - {kind: table, name: Other, rules: [DBN101, DBN105], phase: "3", target: others}
"""


def _check(root: Path, whitelist: str, *args: str) -> tuple[int, str]:
    (root / "db").mkdir(exist_ok=True)
    (root / "db" / "001_init.sql").write_text(SQL)
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    (root / "whitelist.yaml").write_text(whitelist)
    done = CliRunner().invoke(cli, ["check", "--no-cache", *args])
    return done.exit_code, done.stdout


def test_done_phase_with_entries_is_a_located_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = _check(tmp_path, WHITELIST)
    data = yaml.safe_load(WHITELIST)
    left = {
        p["id"]: [e["name"] for e in data["entries"] if e["phase"] == p["id"]]
        for p in data["phases"]
        if p["status"] == "done"
    }
    assert left == {"1": ["Later"], "2": []}
    warned = [line for line in out.splitlines() if " DBN912 " in line]
    # Phase 1 only: phase 2 is done and empty, phase 3 is open.
    assert warned == [
        "whitelist.yaml:4:5: DBN912 warning: phase 1 is marked status: done, but 1 whitelist "
        "entry of it is left (whitelist.yaml:8 table Later): rename it (migrate --phase 1, "
        "then whitelist prune), or set the phase's status back to open or in-progress"
    ], out
    assert code == 0, out  # a warning: the run does not fail on it


def test_flow_style_phase_is_located_on_its_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = WHITELIST.replace('phase: "1", target', 'phase: "2", target')
    _, out = _check(tmp_path, text, "--format", "github")
    assert "file=whitelist.yaml,line=5," in out and "DBN912" in out, out
    assert "phase 2 is marked status: done" in out
