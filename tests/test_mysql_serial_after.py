"""MySQL column shorthands the reader missed (trial s30 openemr).

- ``SERIAL`` is "an alias for BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE"
  and ``SERIAL DEFAULT VALUE`` in an integer column's definition "an alias
  for NOT NULL AUTO_INCREMENT UNIQUE" (MySQL manual, Numeric Data Type
  Syntax): each makes a unique key named after the column, which the model
  lacked (openemr's 13 ICD tables: drift's only differences);
- ``ADD d int AFTER date``: the column goes after the column ``date``; a
  type-named column after ``AFTER`` was read as a second column lost its
  comma (a DBN004 error on valid SQL, openemr's 2_8_1-to-2_8_2 upgrade).

Oracle: MariaDB 10.11 makes each table; ``drift`` finds nothing.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer

SQL = """\
CREATE TABLE icd_codes (dx_id SERIAL, code varchar(10));
CREATE TABLE icd_keys (id SERIAL PRIMARY KEY);
CREATE TABLE icd_twice (id SERIAL UNIQUE);
CREATE TABLE icd_orders (dx_id int SERIAL DEFAULT VALUE, k int);
CREATE TABLE reminders (id int, `date` datetime);
ALTER TABLE reminders ADD due INT AFTER date;
ALTER TABLE reminders ADD late INT AFTER `date`, ADD early INT FIRST;
"""


def _constraints(path: Path) -> list[tuple[str, str]]:
    import json

    result = CliRunner().invoke(
        cli, ["inspect", "--dialect", "mariadb", "--format", "json", str(path)]
    )
    assert result.exit_code == 0, result.output
    objects = json.loads(result.stdout)["objects"]
    return sorted((o["table"], o["name"]) for o in objects if o["kind"] in ("constraint", "column"))


def test_serial_makes_its_unique_key_and_after_a_type_named_column_reads(
    maria: MysqlServer, tmp_path: Path
) -> None:
    path = tmp_path / "schema.sql"
    path.write_text(SQL, encoding="utf-8")
    found = _constraints(path)
    assert ("icd_codes", "dx_id") in found and found.count(("icd_codes", "dx_id")) == 2
    assert ("icd_orders", "dx_id") in found and found.count(("icd_orders", "dx_id")) == 2
    assert ("reminders", "due") in found and ("reminders", "early") in found
    with maria.fresh_database("dbn_serial_after") as db:
        maria.run(file=path, database=db)
        drift = CliRunner().invoke(
            cli, ["drift", "--dialect", "mariadb", "--db", maria.url(db), str(path)]
        )
        assert drift.exit_code == 0, drift.output
        assert "No drift" in drift.output
