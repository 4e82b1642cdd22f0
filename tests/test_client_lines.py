"""Lines the command-line clients consume before SQL reaches the database.

A ``.sql`` file is read as the client that runs it reads it:

- the sqlite3 shell (``sqlite3 x.db < file``, how pi-hole's gravity
  migrations run) takes a line starting with ``.`` where no SQL is pending as
  a dot-command (``.timeout 30000``, ``.headers on``) and ``#`` there as a
  comment, each to the end of its line;
- the mysql/mariadb client drops a line whose statement starts with ``--``,
  whatever follows (OpenCart's ``-----------`` separators), where the server
  alone wants ``-- `` with a space.

The oracles are the real clients: the tables ``sqlite_master`` lists after
the sqlite3 shell ran the file, and ``SHOW TABLES`` after the mariadb client
ran it, against the tables dbnamelint's model holds.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from dbnamelint.frontends.sql.sources import SourceSettings, discover
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import load_files
from mysql_server import MysqlServer


def _model(path: Path, dialect: str) -> tuple[set[str], list[str]]:
    """Tables of ``path`` read as ``dialect``, and the DBN005 messages."""
    found, problems = discover([str(path)], SourceSettings(root=path.parent, dialect=dialect))
    assert not problems
    loaded = load_files(found, path.parent)
    tables = {o.name for o in loaded.schema.objects if o.kind is ObjectKind.TABLE}
    return tables, [d.message for d in loaded.schema.diagnostics if d.code == "DBN005"]


SQLITE_FILES = {
    "pihole-timeout": (
        ".timeout 30000\n\nBEGIN TRANSACTION;\n\n"
        "CREATE TABLE client (id INTEGER PRIMARY KEY AUTOINCREMENT, ip TEXT);\n"
        "UPDATE info SET value = 2 WHERE property = 'version';\nCOMMIT;\n"
    ),
    "after-a-comment-line": "-- settings\n.headers on\nCREATE TABLE z (a);\n",
    "after-a-block-comment": "/* x */\n.timeout 5\nCREATE TABLE y3 (a);\n",
    "hash-comment": "#c\nCREATE TABLE y4 (a);\n",
    "whole-line-is-the-command": ".timeout 3 ; CREATE TABLE y5 (a);\nCREATE TABLE y6 (a);\n",
    "several": ".bail on\n.mode list\nCREATE TABLE a (x);\n.read nothing_here.sql\n",
}


@pytest.mark.parametrize("name", sorted(SQLITE_FILES))
def test_sqlite3_shell_dot_commands_are_not_sql(tmp_path: Path, name: str) -> None:
    shell = shutil.which("sqlite3")
    if shell is None:
        pytest.skip("the sqlite3 shell is not installed")
    text = SQLITE_FILES[name]
    script = tmp_path / "gravity.sql"
    script.write_text(text, encoding="utf-8")
    db = tmp_path / "x.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE info (property TEXT, value TEXT)")
    conn.close()
    subprocess.run([shell, str(db)], input=text, text=True, capture_output=True, check=False)
    with sqlite3.connect(db) as conn:
        expected = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    expected -= {"info", "sqlite_sequence"}
    assert expected  # the shell created something: the case tests a real file
    tables, unread = _model(script, "sqlite")
    assert tables == expected
    assert unread == []


def test_a_dot_command_elsewhere_is_named_in_the_message(tmp_path: Path) -> None:
    """Read as PostgreSQL (psql sends it to the server, which rejects it), the
    DBN005 error quotes the statement's start, not an empty string."""
    script = tmp_path / "x.sql"
    script.write_text(".timeout 30000\nCREATE TABLE t (id int);\n", encoding="utf-8")
    _, unread = _model(script, "postgres")
    assert len(unread) == 1
    assert "starting with '.timeout 30000'" in unread[0], unread
    assert "''" not in unread[0]


MYSQL_FILE = (
    "-----------------------------------------------------------\n"
    "-- Table structure for table `oc_address`\n"
    "-----------------------------------------------------------\n\n"
    "DROP TABLE IF EXISTS `oc_address`;\n"
    "CREATE TABLE `oc_address` (`address_id` int(11) NOT NULL);\n\n"
    "--x no space\nCREATE TABLE t2 (id int);\n"
    "  -----\nCREATE TABLE t3 (id int);\n"
    "CREATE TABLE a1 (id int); --x rest of the line\nCREATE TABLE a2 (id int);\n"
    "/* c */ --x\nCREATE TABLE a6 (id int);\n"
    "--- CREATE TABLE a3 (id int);\nCREATE TABLE a4 (id int);\n"
)


def test_mysql_client_drops_dash_lines_at_statement_start(
    tmp_path: Path, maria: MysqlServer
) -> None:
    script = tmp_path / "opencart.sql"
    script.write_text(MYSQL_FILE, encoding="utf-8")
    with maria.fresh_database("dbnl_client_lines") as db:
        maria.run(file=script, database=db)
        expected = set(maria.run("SHOW TABLES", database=db).split())
    assert expected == {"oc_address", "t2", "t3", "a1", "a2", "a6", "a4"}
    tables, unread = _model(script, "mysql")
    assert tables == expected
    assert unread == []
