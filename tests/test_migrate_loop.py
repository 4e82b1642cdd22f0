"""The burn-down loop on every bundled example: migrate --write, check, prune, burndown.

For each example and each whitelist phase with targets: a git repository
holds the example; ``migrate --phase P --write`` writes the migration in the
example's layout; ``check`` then reports exactly the phase's renamed entries
as stale (the objects are gone under their old names), and nothing new;
``whitelist prune`` removes them; ``check`` passes; after a commit,
``burndown`` (from git history) shows every target entry of the phase done.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


def _phases() -> list[tuple[str, str]]:
    cases = []
    for folder in sorted(EXAMPLES.iterdir()):
        whitelist = folder / "whitelist.yaml"
        if folder.name == "cora":
            whitelist = REPO / "whitelist.yaml"
        data = yaml.safe_load(whitelist.read_text(encoding="utf-8"))
        phases = sorted({str(e["phase"]) for e in data["entries"] if e.get("target")})
        cases += [(folder.name, p) for p in phases]
    return cases


def _project(tmp_path: Path, example: str) -> Path:
    """A git repository holding the example as its own project."""
    root = tmp_path / example
    if example == "cora":
        root.mkdir()
        shutil.copytree(EXAMPLES / "cora", root / "examples" / "cora")
        shutil.copy(REPO / "whitelist.yaml", root / "whitelist.yaml")
        (root / "dbnamelint.yaml").write_text(
            "extends: cora\npaths: [examples/cora]\n", encoding="utf-8"
        )
    else:
        shutil.copytree(EXAMPLES / example, root)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "legacy state")
    return root


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def _run(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


def _target_entries(root: Path, phase: str) -> set[str]:
    data = yaml.safe_load((root / "whitelist.yaml").read_text(encoding="utf-8"))
    return {e["name"] for e in data["entries"] if e.get("target") and str(e["phase"]) == phase}


@pytest.mark.slow
@pytest.mark.parametrize(("example", "phase"), _phases())
def test_migrate_check_prune_burndown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example: str, phase: str
) -> None:
    root = _project(tmp_path, example)
    targets = _target_entries(root, phase)
    before = {p.relative_to(root) for p in root.rglob("*.sql")}

    code, plan, err = _run(root, monkeypatch, "migrate", "--phase", phase, "--write")
    assert code == 0, err
    written = {p.relative_to(root) for p in root.rglob("*.sql")} - before
    # forward + rollback per folder holding renamed tables (cora phase 5 spans two modules)
    assert written and len(written) % 2 == 0, written
    assert "-- ==== forward ====" in plan

    code, out, _ = _run(root, monkeypatch, "check", "--format", "json")
    report = json.loads(out)
    assert code == 1
    new = [f for f in report["findings"] if not f["whitelisted"] and not f.get("suppressed")]
    assert new == [], new  # the renamed objects pass every rule
    stale = {s["name"] for s in report["stale_whitelist"]}
    # Every renamed entry is stale; a DBN503 "missing" entry satisfied by a
    # rename (canonical-core: user_id -> owner_user_id) may be stale too.
    assert targets <= stale, targets - stale
    for entry in report["stale_whitelist"]:
        if entry["name"] in targets:
            assert entry["reason"].startswith("renamed to its target"), entry
    for extra in stale - targets:
        entry = next(s for s in report["stale_whitelist"] if s["name"] == extra)
        assert "no longer breaks" in entry["reason"], entry

    code, out, err = _run(root, monkeypatch, "whitelist", "prune")
    assert code == 0, err
    assert f"{len(stale)} stale entries removed" in out
    code, out, _ = _run(root, monkeypatch, "check")
    assert code == 0, out

    _git(root, "add", "-A")
    _git(root, "commit", "-qm", f"phase {phase}")
    code, out, err = _run(root, monkeypatch, "burndown", "--format", "json")
    assert code == 0, err
    row = next(p for p in json.loads(out)["phases"] if p["id"] == phase)
    assert row["done"] >= len(targets)
    left = {
        e["name"]
        for e in yaml.safe_load((root / "whitelist.yaml").read_text())["entries"] or []
        if str(e.get("phase")) == phase
    }
    assert row["left"] == len(left)
    assert not left & targets
    if not left:
        assert row["status"] == "done"
