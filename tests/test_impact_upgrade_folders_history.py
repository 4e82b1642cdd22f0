"""Upgrade scripts of a release's folder are history to ``impact`` (trial s40 dolphinscheduler, F3).

dolphinscheduler keeps a full schema per database and, below it, the
scripts that upgrade an older database release by release:
``sql/upgrade/3.2.0_schema/mysql/dolphinscheduler_ddl.sql``. ``init``
leaves them out of the model and the gate calls an edit of one applied
history (``DBN025``), but ``impact`` counted their old names as uses and
``impact --diff`` rewrote them, which would break every older database's
upgrade (the 3.2.0 script would alter a table only the next release
renames). A SQL file below ``upgrade(s)/``, ``update(s)/`` or ``delta(s)/``
whose name or a folder between names a version is now history: listed
apart, never counted nor patched; the code using the name still is.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git

FILES = {
    "sql/demo_postgresql.sql": 'CREATE TABLE "DsThing" (id int);\n',
    "sql/upgrade/1.1.0_schema/postgresql/demo_ddl.sql": (
        'CREATE TABLE IF NOT EXISTS "DsThing" (id int);\n'
    ),
    "sql/upgrade/1.0.0_schema/postgresql/demo_ddl.sql": (
        'ALTER TABLE "DsThing" ADD COLUMN IF NOT EXISTS note text;\n'
    ),
    "src/main/java/org/example/Things.java": (
        'class Things { String q = "select id from \\"DsThing\\""; }\n'
    ),
}
UPGRADES = (
    "sql/upgrade/1.0.0_schema/postgresql/demo_ddl.sql",
    "sql/upgrade/1.1.0_schema/postgresql/demo_ddl.sql",
)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def _project(root: Path) -> None:
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    git(root, "init", "-q")
    assert _run("init")[0] == 0
    assert _run("whitelist", "init")[0] == 0
    git(root, "add", "-A")
    git(root, "commit", "-qm", "adopted")


def test_upgrade_scripts_are_history_and_never_patched(git_project: Path) -> None:
    _project(git_project)
    config = (git_project / "dbnamelint.yaml").read_text(encoding="utf-8")
    assert "- sql/upgrade" in config  # init left them out: upgrades below the full schema
    code, out = _run("impact", "--format", "json")
    assert code == 0, out
    report = json.loads(out)
    history = {entry["path"] for entry in report["history"]}
    assert set(UPGRADES) <= history, report["history"]
    counted = {
        item["path"]
        for phase in report["phases"]
        for obj in phase["objects"]
        for item in obj["items"]
    }
    assert counted.isdisjoint(UPGRADES), counted
    assert "src/main/java/org/example/Things.java" in counted
    code, patch = _run("impact", "--diff")
    assert code == 0, patch
    assert "+++ b/src/main/java/org/example/Things.java" in patch, patch
    assert not any(f"b/{rel}" in patch for rel in UPGRADES), patch


def test_the_gate_calls_them_applied_history(git_project: Path) -> None:
    """What impact now leaves alone is what the gate refuses to see edited."""
    _project(git_project)
    for rel in UPGRADES:
        path = git_project / rel
        path.write_text(path.read_text(encoding="utf-8").replace("DsThing", "ds_things"), "utf-8")
    git(git_project, "add", "-A")
    code, out = _run("check", "--base", "HEAD")
    assert code == 1, out
    for rel in UPGRADES:
        assert f"{rel}:1:1: DBN025 error: this upgrade script was committed" in out, out
