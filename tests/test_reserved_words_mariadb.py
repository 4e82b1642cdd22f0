"""DBN502's MariaDB reserved words, asked of a real MariaDB.

MariaDB reserves other words than MySQL 8 (``rank`` is a name in MariaDB,
reserved in MySQL 8.0.2+; ``returning`` the reverse). The server is the
oracle: a word is reserved when ``CREATE TABLE t (<word> int)`` does not
parse. The words asked are those of its ``information_schema.KEYWORDS``
(MariaDB 10.6+); on 10.11, the version the list was taken from, the sets
must be equal, elsewhere the words where MySQL 8 and MariaDB differ and a
sample of common ones must agree. The trial's flipt ``rollouts.rank``
(findings 04) is the end-to-end case.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
from dbnamelint.cli import cli
from dbnamelint.dialects.reserved_words import MARIADB, MYSQL

pytestmark = pytest.mark.slow

#: PREPARE parses without running: a syntax error is a reserved word.
_PROBE = """
CREATE PROCEDURE probe_words()
BEGIN
  DECLARE done INT DEFAULT 0;
  DECLARE bad INT DEFAULT 0;
  DECLARE w VARCHAR(64);
  DECLARE words CURSOR FOR SELECT WORD FROM information_schema.KEYWORDS
    WHERE WORD REGEXP '^[A-Za-z_][A-Za-z0-9_]*$';
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1;
  DECLARE CONTINUE HANDLER FOR SQLEXCEPTION SET bad = 1;
  CREATE TABLE reserved (word varchar(64));
  OPEN words;
  next_word: LOOP
    FETCH words INTO w;
    IF done THEN LEAVE next_word; END IF;
    SET bad = 0;
    SET @probe = CONCAT('CREATE TABLE t_probe (', w, ' int)');
    PREPARE probe FROM @probe;
    IF bad THEN INSERT INTO reserved VALUES (LOWER(w)); ELSE DEALLOCATE PREPARE probe; END IF;
  END LOOP;
  CLOSE words;
END
"""

#: Common to both lists, and words neither reserves.
_SAMPLE_COMMON = ("select", "table", "key", "index", "order", "group", "int", "check")
_SAMPLE_NEITHER = ("name", "type", "status", "data", "value", "user")


def _server_reserved(maria: mysql_server.MysqlServer) -> tuple[str, set[str]]:
    with maria.fresh_database("dbnl_reserved_words") as db:
        maria.run(f"DELIMITER //\n{_PROBE}//\nDELIMITER ;\nCALL probe_words();", database=db)
        words = set(maria.run("SELECT word FROM reserved", database=db).split())
        version = maria.run("SELECT VERSION()").strip()
    return version, words


def test_mariadb_reserved_words_are_the_servers(maria: mysql_server.MysqlServer) -> None:
    version, reserved = _server_reserved(maria)
    if "MariaDB" not in version:
        pytest.skip(f"not a MariaDB server: {version}")
    assert reserved, "the probe found no reserved word at all"
    if version.startswith("10.11."):
        assert reserved == MARIADB
    sample = (MYSQL ^ MARIADB) | set(_SAMPLE_COMMON)
    assert {w for w in sample if w in reserved} == {w for w in sample if w in MARIADB}
    assert "rank" not in reserved and "returning" in reserved
    assert not set(_SAMPLE_NEITHER) & (reserved | MARIADB)


def test_dbn502_rank_is_reserved_in_mysql_only(tmp_path: Path) -> None:
    (tmp_path / "001.sql").write_text(
        "CREATE TABLE rollouts (id int PRIMARY KEY, `rank` int NOT NULL, `offset` int);\n"
    )
    runner = CliRunner()
    found = {}
    for dialect in ("mysql", "mariadb"):
        result = runner.invoke(
            cli,
            ["check", "--no-cache", "--select", "DBN502", "--dialect", dialect, str(tmp_path)],
            catch_exceptions=False,
        )
        found[dialect] = sorted(
            line.split('"')[1] for line in result.output.splitlines() if "DBN502" in line
        )
    assert found == {"mysql": ["rollouts.rank"], "mariadb": ["rollouts.offset"]}
