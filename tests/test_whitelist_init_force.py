"""``whitelist init --force`` over a whitelist keeps its done phases (trial s24 nakama).

After phase 1 was renamed, pruned and marked done, a second ``whitelist init
--force`` (new legacy tables to baseline) wrote phase ``"1"`` again, open:
the burn-down, which reads the whitelist's git history by phase id, merged
the two waves ("19 of 19"). Now the done phases stay in the file as they
were and the new entries go into a phase whose id no earlier phase had.

Oracle: real git history read by ``burndown`` (each phase's start and done
counts), and ``check`` passing on the rewritten whitelist.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.whitelist.phasing import fresh_ids
from git_helpers import committed_repo, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return done.exit_code, done.output


def test_a_second_baseline_keeps_the_done_phase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(
        tmp_path / "app",
        {"db/1_init.sql": 'CREATE TABLE "Users" (id int);\nCREATE TABLE "Orders" (id int);\n'},
        monkeypatch,
    )
    assert _run("whitelist", "init")[0] == 0
    git(root, "add", "-A")
    git(root, "commit", "-qm", "baseline", date="2026-01-01T00:00:00")
    # phase 1 done: both renamed, the entries pruned, the phase marked done
    (root / "db/2_rename.sql").write_text(
        'ALTER TABLE "Users" RENAME TO users;\nALTER TABLE "Orders" RENAME TO orders;\n'
    )
    assert _run("whitelist", "prune")[0] == 0
    text = (root / "whitelist.yaml").read_text(encoding="utf-8")
    (root / "whitelist.yaml").write_text(text.replace("status: open", "status: done"))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "phase 1", date="2026-02-01T00:00:00")
    # a second wave of legacy names, baselined again
    (root / "db/3_more.sql").write_text('CREATE TABLE "Items" (id int);\n')
    code, out = _run("whitelist", "init", "--force")
    assert code == 0, out
    assert "its done phases kept (1); the entries are in phase 2" in out
    data = yaml.safe_load((root / "whitelist.yaml").read_text(encoding="utf-8"))
    assert [(p["id"], p["status"]) for p in data["phases"]] == [("1", "done"), ("2", "open")]
    assert [(e["name"], e["phase"]) for e in data["entries"]] == [("Items", "2")]
    assert _run("check")[0] == 0
    git(root, "add", "-A")
    git(root, "commit", "-qm", "wave 2", date="2026-03-01T00:00:00")
    code, out = _run("burndown", "--format", "json")
    assert code == 0, out
    phases = {p["id"]: (p["start"], p["done"], p["status"]) for p in json.loads(out)["phases"]}
    assert phases == {"1": (2, 2, "done"), "2": (1, 0, "open")}


@pytest.mark.parametrize(
    ("ids", "taken", "expected"),
    [
        (["1"], [], {"1": "1"}),
        (["1"], ["1", "2"], {"1": "3"}),
        (["module-auth", "1"], ["module-auth", "4"], {"module-auth": "module-auth-2", "1": "1"}),
    ],
)
def test_fresh_ids(ids: list[str], taken: list[str], expected: dict[str, str]) -> None:
    assert fresh_ids(ids, taken) == expected


def test_a_second_baseline_keeps_the_open_phase_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # trial s30 listmonk: the open phase went 1 -> 2, then 2 -> 1, one wave
    # split in two by the burn-down, which reads the history by phase id
    root = committed_repo(
        tmp_path / "app", {"db/1_init.sql": 'CREATE TABLE "Users" (id int);\n'}, monkeypatch
    )
    assert _run("whitelist", "init")[0] == 0
    git(root, "add", "-A")
    git(root, "commit", "-qm", "baseline", date="2026-01-01T00:00:00")
    (root / "db/2_more.sql").write_text('CREATE TABLE "Items" (id int);\n')
    for _ in range(2):
        code, out = _run("whitelist", "init", "--force")
        assert code == 0, out
        assert "its done phases kept (none); the entries are in phase 1 (the open phase 1 " in out
    data = yaml.safe_load((root / "whitelist.yaml").read_text(encoding="utf-8"))
    assert [(p["id"], p["status"]) for p in data["phases"]] == [("1", "open")]
    git(root, "add", "-A")
    git(root, "commit", "-qm", "wave 2", date="2026-02-01T00:00:00")
    code, out = _run("burndown", "--format", "json")
    assert code == 0, out
    phases = {p["id"]: (p["start"], p["status"]) for p in json.loads(out)["phases"]}
    assert phases == {"1": (2, "open")}  # one wave: both names, under one id
