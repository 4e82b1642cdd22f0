"""A function and a procedure of the same name: two objects in MySQL, one name in PostgreSQL.

MySQL and MariaDB keep functions and procedures in separate namespaces:
``CREATE FUNCTION f`` and ``CREATE PROCEDURE f`` both succeed, and ``DROP
PROCEDURE f`` leaves the function. The model keyed both as one routine, so
``DROP PROCEDURE f`` dropped the function too. PostgreSQL refuses "a
procedure and a function with the same name and argument types" (manual,
CREATE PROCEDURE): there they stay one name per signature.

Oracles: MariaDB's information_schema.ROUTINES (ROUTINE_TYPE) and
PostgreSQL's pg_proc (prokind) after running the same SQL.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer
from pg_server import PgServer, SqlFailed

BOTH = """DELIMITER $$
CREATE FUNCTION f() RETURNS INT RETURN 1$$
CREATE PROCEDURE f() BEGIN SELECT 1; END$$
CREATE PROCEDURE p() BEGIN SELECT 1; END$$
CREATE FUNCTION p() RETURNS INT RETURN 2$$
DELIMITER ;
"""


def _objects(path: Path, dialect: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(
        cli, ["inspect", "--no-cache", "--dialect", dialect, "--format", "json", str(path)]
    )
    assert result.exit_code == 0, result.output
    objects: list[dict[str, object]] = json.loads(result.stdout)["objects"]
    return [o for o in objects if o["kind"] == "function"]


def _routines(path: Path, dialect: str) -> list[str]:
    """The names of the routines ``inspect --format json`` models, sorted."""
    return sorted(str(o["stored_name"]) for o in _objects(path, dialect))


def _typed(path: Path, dialect: str, sql: str) -> list[tuple[str, str]]:
    """``(name, FUNCTION|PROCEDURE)`` of each routine modelled, sorted: the
    type is the word of the CREATE statement on the object's line."""
    lines = sql.splitlines()
    out = []
    for o in _objects(path, dialect):
        line = lines[int(str(o["line"])) - 1]
        out.append((str(o["stored_name"]), "PROCEDURE" if "PROCEDURE" in line else "FUNCTION"))
    return sorted(out)


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        pytest.param("", [("f", "FUNCTION"), ("f", "PROCEDURE")], id="both"),
        pytest.param("DROP PROCEDURE f;\n", [("f", "FUNCTION")], id="drop-procedure"),
        pytest.param("DROP FUNCTION f;\n", [("f", "PROCEDURE")], id="drop-function"),
        pytest.param(
            "DROP PROCEDURE IF EXISTS f;\nDROP FUNCTION IF EXISTS f;\n", [], id="drop-both"
        ),
    ],
)
def test_mariadb_keeps_a_function_and_a_procedure_apart(
    tmp_path: Path, maria: MysqlServer, tail: str, expected: list[tuple[str, str]]
) -> None:
    sql = BOTH + "DROP PROCEDURE p;\nDROP FUNCTION p;\n" + tail
    script = tmp_path / "routines.sql"
    script.write_text(sql, encoding="utf-8")
    with maria.fresh_database("fnxfile_ns") as db:
        maria.run(file=script, database=db)
        rows = maria.run(
            "SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES "
            "WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY ROUTINE_NAME, ROUTINE_TYPE",
            database=db,
        )
    found = [tuple(line.split("\t")) for line in rows.splitlines() if line]
    assert found == expected
    assert _typed(script, "mariadb", sql) == found
    assert _typed(script, "mysql", sql) == found


def test_postgresql_keeps_one_name_per_signature(tmp_path: Path, pg: PgServer) -> None:
    function = "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
    procedure = "CREATE PROCEDURE f(a int) LANGUAGE sql AS $$ SELECT 1 $$;\n"
    script = tmp_path / "routines.sql"
    script.write_text(function + procedure + "DROP PROCEDURE f(int);\n", encoding="utf-8")
    with pg.fresh_database("fnxfile_ns") as db:
        pg.run(files=[script], dbname=db)
        rows = pg.query_json(
            "SELECT proname, prokind FROM pg_proc WHERE pronamespace = 'public'::regnamespace",
            dbname=db,
        )
        # a procedure of the function's name and argument types is refused
        with pytest.raises(SqlFailed, match="already exists with same argument types"):
            pg.run(sql="CREATE PROCEDURE f() LANGUAGE sql AS $$ SELECT 1 $$;", dbname=db)
    assert rows == [{"proname": "f", "prokind": "f"}]
    assert _routines(script, "postgres") == ["f"]
    same = tmp_path / "same.sql"
    same.write_text(function + "CREATE OR REPLACE PROCEDURE f() LANGUAGE sql AS $$ SELECT 1 $$;\n")
    assert _routines(same, "postgres") == ["f"]


def test_drift_after_drop_procedure_keeps_the_function(
    tmp_path: Path, maria: MysqlServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was a known gap: the model lost the function with the procedure, so
    the function standing in the database was ``only_in_database``."""
    from test_drift_functions import drift, project

    sql = BOTH + "DROP PROCEDURE f;\n"
    (path,) = project(tmp_path, "mariadb", ("001_init.sql", sql))
    monkeypatch.chdir(tmp_path)
    with maria.fresh_database("fnxfile_drift") as db:
        maria.run(file=path, database=db)
        code, found, _, _ = drift("--db", maria.url(db))
    assert (code, found) == (0, [])
