"""A routine body naming a renamed table is labelled by the routine's own kind.

Trial s8-t1 #10: in Liquibase formatted SQL on MariaDB (``splitStatements:false``
changesets), ``migrate`` listed a *procedure* body's mention of the renamed
table as ``trigger mentions Orders``. The oracle for each definition's kind is
MariaDB itself: after the changesets run, ``information_schema.ROUTINES``
says ``PROCEDURE``/``FUNCTION`` and ``information_schema.TRIGGERS`` holds the
trigger; the plan's label for each line must be that kind.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
from dbnamelint.cli import cli

CHANGELOG = """\
-- liquibase formatted sql

-- changeset a:1
CREATE TABLE Orders (id INT PRIMARY KEY, createdBy INT);

-- changeset a:2 splitStatements:false
CREATE TRIGGER orders_bi BEFORE INSERT ON Orders FOR EACH ROW
BEGIN
  SET NEW.createdBy = 1;
END;

-- changeset a:3 splitStatements:false
CREATE PROCEDURE order_count(OUT n INT)
BEGIN
  SELECT COUNT(*) INTO n FROM Orders;
END;

-- changeset a:4 splitStatements:false
CREATE FUNCTION order_total() RETURNS INT READS SQL DATA
BEGIN
  RETURN (SELECT COUNT(*) FROM Orders);
END;
"""

#: The line each definition starts on, and its name.
DEFINED = {7: "orders_bi", 13: "order_count", 19: "order_total"}


def _as_client_script(text: str) -> str:
    """The changesets as the mariadb client runs them: each under ``DELIMITER //``,
    sent whole, as Liquibase sends a ``splitStatements:false`` changeset."""
    parts = re.split(r"^-- changeset .*$", text, flags=re.MULTILINE)[1:]
    body = "".join(p.strip().rstrip(";") + " //\n" for p in parts)
    return "DELIMITER //\n" + body + "DELIMITER ;\n"


def test_mentions_are_labelled_with_the_kind_mariadb_gives_the_object(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "db").mkdir()
    (tmp_path / "db/001-init.sql").write_text(CHANGELOG, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mariadb\n", encoding="utf-8")
    script = tmp_path / "client.sql"
    script.write_text(_as_client_script(CHANGELOG), encoding="utf-8")
    with maria.fresh_database("dbn_routine_kinds") as db:
        maria.run(file=script, database=db)
        kinds = {
            name: kind.lower()
            for line in maria.run(
                "SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES "
                f"WHERE ROUTINE_SCHEMA = '{db}' UNION ALL SELECT TRIGGER_NAME, 'TRIGGER' "
                f"FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '{db}'"
            ).splitlines()
            for name, kind in [line.split("\t")]
        }
    assert kinds == {"orders_bi": "trigger", "order_count": "procedure", "order_total": "function"}
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli,
        ["migrate", "--rename", "Orders=orders", "--rename-column", "Orders.createdBy=created_by"],
    )
    assert result.exit_code == 0, result.stderr
    found = re.findall(r"db/001-init\.sql:(\d+): (\w+) mentions (\w+)", result.stdout)
    labelled = {(int(line), what, old) for line, what, old in found}

    def kind_at(line: int) -> str:
        start = max(s for s in DEFINED if s <= line)
        return kinds[DEFINED[start]]

    assert labelled == {
        (9, kind_at(9), "createdBy"),
        (15, kind_at(15), "Orders"),
        (21, kind_at(21), "Orders"),
    }, result.stdout
