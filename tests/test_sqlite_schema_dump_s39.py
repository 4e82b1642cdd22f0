"""A ``sqlite3 .schema`` dump of a GORM-made SQLite database (confirmation s39c gotify).

GORM quotes every name with backticks, which SQLite accepts, and the shell's
``.schema`` writes the tables as they were created, with SQLite's own
``CREATE TABLE sqlite_sequence(name,seq);`` after the first AUTOINCREMENT
table. ``init`` read such a file as MySQL (the backticks outnumbered
``AUTOINCREMENT``), and ``check`` gave ``DBN105`` on ``sqlite_sequence``,
which SQLite reserves ("Table names that begin with sqlite_ are reserved for
internal use", sqlite.org/lang_createtable.html) and the live reader leaves
out. Oracles: the real sqlite3 shell writes the dump and holds the database
``drift`` reads; MariaDB refuses ``AUTOINCREMENT``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.dialects import sniff_dialect
from mysql_server import MysqlServer, SqlFailed

pytestmark = pytest.mark.skipif(shutil.which("sqlite3") is None, reason="no sqlite3 shell")

GORM = (
    "CREATE TABLE `messages` (`id` integer PRIMARY KEY AUTOINCREMENT,`application_id` integer,"
    "`message` text,`title` text,`date` datetime);"
    "CREATE INDEX `idx_messages_id` ON `messages`(`id`);"
    "CREATE TABLE `plugin_confs` (`id` integer PRIMARY KEY AUTOINCREMENT,`user_id` integer);"
)


def _dump(tmp_path: Path) -> Path:
    db = tmp_path / "gotify.db"
    subprocess.run(["sqlite3", str(db), GORM], check=True)
    schema = subprocess.run(
        ["sqlite3", str(db), ".schema"], check=True, capture_output=True, text=True
    ).stdout
    assert "CREATE TABLE sqlite_sequence(name,seq);" in schema  # what the shell writes
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "schema.sql").write_text(schema, encoding="utf-8")
    return db


def test_the_dump_reads_as_sqlite_and_sqlites_own_table_is_not_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _dump(tmp_path)
    assert sniff_dialect((tmp_path / "db" / "schema.sql").read_text()) == "sqlite"
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    done = runner.invoke(cli, ["init"])
    assert done.exit_code == 0, done.output
    assert "Dialect: sqlite" in done.output
    done = runner.invoke(cli, ["check", "--no-cache"])
    assert done.exit_code == 0, done.output
    assert "sqlite_sequence" not in done.output
    done = runner.invoke(cli, ["drift", "--db", f"sqlite:///{db}", "--no-cache"])
    assert done.exit_code == 0, done.output
    assert "No drift" in done.output


def test_autoincrement_is_no_mysql(maria: MysqlServer) -> None:
    """The outright sign is one MySQL's family refuses (and PostgreSQL has no such word)."""
    with maria.fresh_database("dbn_autoinc") as name, pytest.raises(SqlFailed):
        maria.run("CREATE TABLE t (id integer PRIMARY KEY AUTOINCREMENT)", database=name)
    assert sniff_dialect("CREATE TABLE `t` (`id` int NOT NULL AUTO_INCREMENT)") == "mysql"
