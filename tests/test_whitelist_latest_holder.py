"""A whitelist entry denotes the object that held its name last.

semaphore (trial s26) replaces a table by renaming it to a backup and making
it again under the old name (``v2.8.20.sql``: ``event`` to
``event_backup_5784568``, then a new ``event``). ``whitelist init`` after
that wrote the entry ``table event`` for the new table. When a later
migration renamed both, the entry was taken for the backup (the first
object ever named ``event``): a false ``DBN902`` off-plan rename that
``whitelist prune`` could not clear. Two objects cannot hold one name at
once, so of those renamed away from it, the later-made one held it last.

Oracle: a real MariaDB says which table the entry's object (the one with
column ``x``, as the entry was written) is after the renames.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
from check_json import check_json
from dbnamelint.cli import cli

FIRST = "CREATE TABLE event (id INT);\n"
BACKUP = "ALTER TABLE event RENAME TO event_backup;\nCREATE TABLE event (id INT, x INT);\n"
#: case -> the renaming migration written after `whitelist init`
RENAMES = {
    "backup-first": "RENAME TABLE event_backup TO events_backup;\nRENAME TABLE event TO events;\n",
    "new-first": "RENAME TABLE event TO events;\nRENAME TABLE event_backup TO events_backup;\n",
    "one-statement": "RENAME TABLE event TO events, event_backup TO events_backup;\n",
}


def _adopt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str) -> Path:
    migrations = tmp_path / "db" / "migrations"
    migrations.mkdir(parents=True)
    (migrations / "001_init.sql").write_text(FIRST, encoding="utf-8")
    (migrations / "002_backup.sql").write_text(BACKUP, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(
        f"paths: [db/migrations]\ndialect: {dialect}\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["whitelist", "init"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "whitelist.yaml").read_text(encoding="utf-8")
    assert "name: event\n" in text and "target: events\n" in text, text
    return migrations


@pytest.mark.parametrize("dialect", ["mysql", "mariadb"])
@pytest.mark.parametrize("case", sorted(RENAMES))
def test_both_renamed_to_target_are_stale_not_off_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, dialect: str
) -> None:
    migrations = _adopt(tmp_path, monkeypatch, dialect)
    (migrations / "003_rename.sql").write_text(RENAMES[case], encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json"])
    report = json.loads(result.stdout)
    assert report["diagnostics"] == []  # no DBN902
    assert sorted(e["name"] for e in report["stale_whitelist"]) == ["event", "event_backup"]
    assert result.exit_code == 1  # the two stale entries
    result = CliRunner().invoke(cli, ["whitelist", "prune"])
    assert result.exit_code == 0, result.output
    assert check_json() == (0, [], [])


def test_postgres_renames_the_same_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    migrations = _adopt(tmp_path, monkeypatch, "postgres")
    (migrations / "003_rename.sql").write_text(
        "ALTER TABLE event_backup RENAME TO events_backup;\nALTER TABLE event RENAME TO events;\n",
        encoding="utf-8",
    )
    assert CliRunner().invoke(cli, ["whitelist", "prune"]).exit_code == 0
    assert check_json() == (0, [], [])


def test_an_entry_still_naming_a_current_table_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the backup is renamed: the entry is the table still called ``event``."""
    migrations = _adopt(tmp_path, monkeypatch, "mysql")
    (migrations / "003_rename.sql").write_text(
        "RENAME TABLE event_backup TO events_backup;\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json"])
    report = json.loads(result.stdout)
    assert report["diagnostics"] == []
    assert [e["name"] for e in report["stale_whitelist"]] == ["event_backup"], report
    assert result.exit_code == 1


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(RENAMES))
def test_mariadb_agrees_the_entrys_table_is_events(
    maria: mysql_server.MysqlServer, case: str
) -> None:
    with maria.fresh_database("dbnl_latest_holder") as db:
        maria.run(FIRST + BACKUP + RENAMES[case], database=db)
        out = maria.run(
            "SELECT TABLE_NAME FROM information_schema.COLUMNS"
            " WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME = 'x'",
            database=db,
        )
    assert out.split() == ["events"]


def test_a_rebuild_of_the_older_holder_keeps_its_age(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite: the backup rebuilt later (``CREATE TABLE new_x``, copy, ``DROP``,
    ``RENAME``, as drizzle-kit and the SQLite manual do) is still the table made
    first: its rebuild made it look the later holder of ``event``, a false
    DBN902 after the phase's own migration (trial s27 openstatus). Oracle:
    sqlite3 says which table has column ``x``."""
    migrations = _adopt(tmp_path, monkeypatch, "sqlite")
    rebuild = (
        "CREATE TABLE new_event_backup (id INT, note TEXT);\n"
        "INSERT INTO new_event_backup (id) SELECT id FROM event_backup;\n"
        "DROP TABLE event_backup;\n"
        "ALTER TABLE new_event_backup RENAME TO event_backup;\n"
    )
    (migrations / "003_rebuild.sql").write_text(rebuild, encoding="utf-8")
    renames = (
        "ALTER TABLE event_backup RENAME TO events_backup;\nALTER TABLE event RENAME TO events;\n"
    )
    (migrations / "004_rename.sql").write_text(renames, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json"])
    report = json.loads(result.stdout)
    assert report["diagnostics"] == []  # no DBN902
    assert sorted(e["name"] for e in report["stale_whitelist"]) == ["event", "event_backup"]

    with sqlite3.connect(":memory:") as db:
        db.executescript(FIRST + BACKUP + rebuild + renames)
        holder = db.execute(
            "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p "
            "WHERE m.type = 'table' AND p.name = 'x'"
        ).fetchall()
    assert holder == [("events",)]
