"""``--note`` with no blank after the dashes in a MySQL statement (trial s39 dolibarr).

MySQL takes ``--`` as a comment only before a blank, so MariaDB refuses
``a integer, --note``; Dolibarr's installer strips every ``--`` to the end
of its line before sending a file, and its tables hold such lines
(``ip varchar(250), --ip used ...``, ``  --module_comm smallint,``). Read as
MySQL reads them, each such ``CREATE TABLE`` was ``DBN004`` and lost every
column after the note (89 columns of a Dolibarr install, ``drift`` against
the installed MariaDB). A MySQL statement that reads no other way is now
read as the loader sends it. Oracle: MariaDB refuses the statement as
written and creates exactly the columns the model holds from the text the
loader sends.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.frontends.sql.parsing.dash_comments import without_dash_notes
from mysql_server import MysqlServer, SqlFailed

TABLE = (
    "create table llx_things\n(\n  rowid integer PRIMARY KEY,\n"
    "  ip varchar(250),  --ip used to create record\n\n"
    "  --module_comm       smallint DEFAULT 1,\n"
    "  label varchar(32) DEFAULT 'x',\n  import_key varchar(14)   -- import key\n"
    ")ENGINE=innodb;\n"
)
#: What Dolibarr's install/step2.php sends: ``preg_replace('/--(.+)*/', '')`` per line.
LOADER = re.compile(r"--.*")


def _inspect(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> str:
    (tmp_path / "llx_things.sql").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["inspect", "--no-cache", "--dialect", "mysql", "."])
    return done.output


def test_the_model_holds_the_columns_the_loader_creates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    with maria.fresh_database("dash_notes") as db:
        with pytest.raises(SqlFailed):
            maria.run(TABLE, database=db)  # as written: two minus signs
        maria.run(LOADER.sub("", TABLE), database=db)
        expected = maria.run(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
            "ORDER BY ORDINAL_POSITION",
            database=db,
        ).split()
    assert expected == ["rowid", "ip", "label", "import_key"]
    out = _inspect(tmp_path, monkeypatch, TABLE)
    assert re.findall(r"column (\w+)$", out, re.MULTILINE) == expected, out
    assert "DBN004" not in out and "llx_things.sql:7:3:     column label" in out


def test_a_statement_that_still_does_not_read_keeps_its_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _inspect(
        tmp_path,
        monkeypatch,
        "CREATE TABLE files (id INT);\nALTER ONLINE TABLE files ADD COLUMN x INT, --note\n"
        "  ADD COLUMN y INT;\n",
    )
    assert "llx_things.sql:2:7: DBN004 error" in out, out


def test_quotes_and_real_comments_are_left_alone() -> None:
    text = "a char(3) DEFAULT '--x', -- real\n b int, --note\n c int /* --y */ #--z\n"
    assert without_dash_notes(text) == (
        "a char(3) DEFAULT '--x', -- real\n b int,       \n c int /* --y */ #--z\n"
    )
    assert without_dash_notes("a int -- fine\n") is None
