"""``migrate``'s own INSTEAD OF triggers on a SQLite compatibility view pass the gate (trial s27).

On SQLite a compatibility view is made writable by triggers named after it
(``apiKey_insert``, ``apiKey_update``, ``apiKey_delete``): karakeep's phase 1
got 69 DBN505 errors on them, so the migration dbnamelint wrote could not be
committed through its own hook. They go with the view at cleanup and are
skipped as the view is. Oracles: the written migration applied to a real
SQLite database (the triggers are there), real git.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_the_compatibility_views_triggers_are_no_findings(git_project: Path) -> None:
    init = 'CREATE TABLE "apiKey" ("id" INTEGER PRIMARY KEY, "keyName" TEXT);\n'
    adopted_repo(git_project, {"db/001_init.sql": init}, "paths: [db]\ndialect: sqlite\n")
    runner = CliRunner()
    done = runner.invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert done.exit_code == 0, done.output
    forward = sorted((git_project / "db").glob("002*.sql"))
    with sqlite3.connect(":memory:") as db:
        db.executescript(init + forward[0].read_text())
        triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert triggers == {"apiKey_insert", "apiKey_update", "apiKey_delete"}
    assert runner.invoke(cli, ["whitelist", "prune"]).exit_code == 0
    git(git_project, "add", "-A")
    done = runner.invoke(cli, ["check", "--base", "HEAD", "--format", "json", "--no-cache"])
    report = json.loads(done.stdout)
    assert [(f["code"], f["name"]) for f in report["findings"]] == []
    assert done.exit_code == 0, done.output


def test_a_hand_made_trigger_on_the_compatibility_view_is_judged(git_project: Path) -> None:
    """Only migrate's ``<view>_insert``/``_update``/``_delete`` go unjudged: any
    other trigger on the view is a new name in the database (trial s31
    windmill: the view's exemption had covered every trigger on it)."""
    init = 'CREATE TABLE "apiKey" ("id" INTEGER PRIMARY KEY, "keyName" TEXT);\n'
    adopted_repo(git_project, {"db/001_init.sql": init}, "paths: [db]\ndialect: sqlite\n")
    runner = CliRunner()
    done = runner.invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert done.exit_code == 0, done.output
    assert runner.invoke(cli, ["whitelist", "prune"]).exit_code == 0
    audit = (
        'CREATE TRIGGER "apiKeyAudit" INSTEAD OF UPDATE ON "apiKey" BEGIN\n'
        "  UPDATE api_keys SET id = NEW.id WHERE id = OLD.id;\nEND;\n"
    )
    (git_project / "db" / "009_audit.sql").write_text(audit)
    forward = sorted((git_project / "db").glob("00[0-9]*.sql"))
    with sqlite3.connect(":memory:") as db:
        db.executescript("".join(p.read_text() for p in forward))
        triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert "apiKeyAudit" in triggers
    git(git_project, "add", "-A")
    done = runner.invoke(cli, ["check", "--base", "HEAD", "--format", "json", "--no-cache"])
    report = json.loads(done.stdout)
    assert [(f["code"], f["name"]) for f in report["findings"]] == [("DBN505", "apiKeyAudit")]
    assert done.exit_code == 1, done.output


def test_a_trigger_may_share_a_tables_name_on_sqlite(git_project: Path) -> None:
    """SQLite keeps triggers in a namespace of their own (a table and a trigger
    may share a name; sqlite3 says so): the view's ``status_report_update``
    trigger beside a table ``status_report_update`` was refused (trial s27
    openstatus)."""
    init = (
        'CREATE TABLE "status_report" ("id" INTEGER PRIMARY KEY, "title" TEXT);\n'
        'CREATE TABLE "status_report_update" ("id" INTEGER PRIMARY KEY, "body" TEXT);\n'
    )
    adopted_repo(git_project, {"db/001_init.sql": init}, "paths: [db]\ndialect: sqlite\n")
    done = CliRunner().invoke(
        cli, ["migrate", "--rename", "status_report=status_reports", "--write"]
    )
    assert done.exit_code == 0, done.output
    (forward,) = sorted((git_project / "db").glob("002*.sql"))
    with sqlite3.connect(":memory:") as db:
        db.executescript(init + forward.read_text())
        db.execute("INSERT INTO status_report (id, title) VALUES (1, 'up')")
        names = set(db.execute("SELECT name, type FROM sqlite_master"))
        assert db.execute("SELECT title FROM status_reports").fetchall() == [("up",)]
    assert {("status_report_update", "table"), ("status_report_update", "trigger")} <= names
    assert ("status_report", "view") in names
