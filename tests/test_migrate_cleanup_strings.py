"""A name inside a body's message string is not a read of the view the cleanup drops.

Trial s20 (ente): a trigger function whose only mention of ``item_log`` was
the message of a ``RAISE EXCEPTION`` blocked ``migrate --cleanup --write``.
PostgreSQL resolves only the code of a PL/pgSQL body; a string is data unless
the body runs it as SQL (``EXECUTE``). Oracle: PostgreSQL 15, the files and
the cleanup applied, then the functions called: a message-only body still
works with the view dropped (its RAISE says its own message, not "relation
does not exist"); a body that EXECUTEs a string naming the view, or SELECTs
from it, fails, and the cleanup is refused for those. The same on MariaDB
for a trigger's ``SIGNAL ... MESSAGE_TEXT`` and an ``INSERT`` into the view.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer
from mysql_server import SqlFailed as MysqlFailed
from pg_server import PgServer, SqlFailed

CONFIG = "paths: [m]\ndialect: postgres\n"
# Messages only: RAISE, ASSERT, a SQL function's string result, COMMENT ON.
MESSAGES = """CREATE TABLE item_log (id int);
CREATE FUNCTION guard(k int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  IF k < 0 THEN
    RAISE EXCEPTION 'item_log.k is immutable';
  END IF;
  ASSERT k < 100, 'item_log ids stay small';
  RAISE NOTICE 'checked % in item_log', k;
  RETURN k;
END $$;
CREATE FUNCTION label() RETURNS text LANGUAGE sql AS 'SELECT ''rows of item_log''';
COMMENT ON FUNCTION label() IS 'reads no item_log';
"""
DYNAMIC = """CREATE TABLE item_log (id int);
CREATE FUNCTION count_logs() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
  EXECUTE 'SELECT count(*) FROM item_log' INTO n;
  RETURN n;
END $$;
"""
FORMAT = DYNAMIC.replace(
    "'SELECT count(*) FROM item_log'", "format('SELECT count(*) FROM %I', 'item_log')"
)
# Built first, run later: every string of a body that EXECUTEs may be SQL.
BUILT = """CREATE TABLE item_log (id int);
CREATE FUNCTION count_logs() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
  q text := 'SELECT count(*) FROM item_log';
BEGIN
  EXECUTE q INTO n;
  RETURN n;
END $$;
"""
READS = """CREATE TABLE item_log (id int);
CREATE FUNCTION count_logs() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'counting item_log';
  RETURN (SELECT count(*) FROM item_log);
END $$;
"""


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stderr


def _renamed(root: Path, init: str, monkeypatch: pytest.MonkeyPatch) -> None:
    (root / "m").mkdir()
    (root / "m" / "1_init.up.sql").write_text(init, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(root)
    code, err = _run("migrate", "--rename", "item_log=item_logs", "--write")
    assert code == 0, err


def _ups(root: Path) -> list[Path]:
    return sorted((root / "m").glob("*.up.sql"), key=lambda p: int(p.name.split("_")[0]))


def test_a_message_naming_the_view_does_not_block_the_cleanup(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _renamed(tmp_path, MESSAGES, monkeypatch)
    code, err = _run("migrate", "--cleanup", "--write")
    assert code == 0, err
    assert "still reads the views" not in err
    files = _ups(tmp_path)
    assert [p.name for p in files] == [
        "1_init.up.sql",
        "2_rename_tables.up.sql",
        "3_drop_compatibility_views.up.sql",
    ]
    with pg.fresh_database("cleanupstr_messages") as db:
        pg.run(files=files, dbname=db)
        assert pg.query_json("SELECT to_regclass('item_log') IS NULL AS gone", db) == [
            {"gone": True}
        ]
        assert pg.query_json("SELECT guard(1) AS k, label() AS l", db) == [
            {"k": 1, "l": "rows of item_log"}
        ]
        with pytest.raises(SqlFailed, match=r"item_log\.k is immutable"):
            pg.run(sql="SELECT guard(-1)", dbname=db)


@pytest.mark.parametrize(
    ("init", "said"),
    [
        (DYNAMIC, "m/1_init.up.sql:5 (function may read item_log by dynamic SQL)"),
        (FORMAT, "m/1_init.up.sql:5 (function may read item_log by dynamic SQL)"),
        (BUILT, "m/1_init.up.sql:4 (function may read item_log by dynamic SQL)"),
        (READS, "m/1_init.up.sql:5 (function reads item_log)"),
    ],
    ids=["execute", "format", "built", "select"],
)
def test_a_body_running_or_reading_the_view_still_blocks(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, init: str, said: str
) -> None:
    _renamed(tmp_path, init, monkeypatch)
    code, err = _run("migrate", "--cleanup", "--write")
    assert code == 2
    assert f"1 body in the schema still reads the views ({said})" in err
    assert "nothing written" in err
    code, err = _run("migrate", "--cleanup", "--write", "--force")
    assert code == 0, err
    files = _ups(tmp_path)
    with pg.fresh_database("cleanupstr_reads") as db:
        pg.run(files=files[:2], dbname=db)
        assert pg.query_json("SELECT count_logs() AS n", db) == [{"n": 0}]  # the view answers
        pg.run(files=files[2:], dbname=db)
        with pytest.raises(SqlFailed, match='relation "item_log" does not exist'):
            pg.run(sql="SELECT count_logs()", dbname=db)


# MySQL/MariaDB keep a trigger's body as written: RENAME TABLE leaves it on the
# old name, which the compatibility view answers until the cleanup drops it.
MYSQL_CONFIG = "paths: [db]\ndialect: mysql\n"
MYSQL_INIT = """CREATE TABLE item_log (id int PRIMARY KEY, k int);
CREATE TABLE item (id int PRIMARY KEY);
DELIMITER //
CREATE TRIGGER item_guard BEFORE UPDATE ON item FOR EACH ROW
BEGIN
  IF NEW.id < 0 THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'item_log.k is immutable';
  END IF;
END//
DELIMITER ;
"""
MYSQL_READS = """DELIMITER //
CREATE TRIGGER item_logged AFTER INSERT ON item FOR EACH ROW
BEGIN
  INSERT INTO item_log VALUES (NEW.id, 0);
END//
DELIMITER ;
"""


def _mysql_renamed(root: Path, init: str, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    (root / "db").mkdir()
    (root / "db" / "001_init.sql").write_text(init, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(MYSQL_CONFIG, encoding="utf-8")
    monkeypatch.chdir(root)
    code, err = _run("migrate", "--rename", "item_log=item_logs", "--write")
    assert code == 0, err
    return sorted((root / "db").glob("*.sql"))


def test_a_signal_message_does_not_block_the_mysql_cleanup(
    maria: MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mysql_renamed(tmp_path, MYSQL_INIT, monkeypatch)
    code, err = _run("migrate", "--cleanup", "--write")
    assert code == 0, err
    assert "still reads the views" not in err
    files = sorted((tmp_path / "db").glob("*.sql"))
    assert [p.name for p in files][-1] == "003_drop_compatibility_views.sql"
    with maria.fresh_database("cleanupstr_signal") as db:
        for path in files:
            maria.run(file=path, database=db)
        assert "item_log\t" not in maria.run("SHOW FULL TABLES", database=db)
        maria.run("INSERT INTO item VALUES (1); UPDATE item SET id = 2", database=db)
        with pytest.raises(MysqlFailed, match=r"item_log\.k is immutable"):
            maria.run("UPDATE item SET id = -1", database=db)


def test_a_mysql_trigger_reading_the_view_still_blocks(
    maria: MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mysql_renamed(tmp_path, MYSQL_INIT + MYSQL_READS, monkeypatch)
    code, err = _run("migrate", "--cleanup", "--write")
    assert code == 2
    assert "(db/001_init.sql:14 (trigger reads item_log))" in err
    assert "db/001_init.sql:7" not in err  # the SIGNAL's message
    code, err = _run("migrate", "--cleanup", "--write", "--force")
    assert code == 0, err
    files = sorted((tmp_path / "db").glob("*.sql"))
    with maria.fresh_database("cleanupstr_reads") as db:
        for path in files[:2]:
            maria.run(file=path, database=db)
        maria.run("INSERT INTO item VALUES (1)", database=db)  # the view answers
        maria.run(file=files[2], database=db)
        with pytest.raises(MysqlFailed, match=r"item_log' doesn't exist"):
            maria.run("INSERT INTO item VALUES (2)", database=db)
