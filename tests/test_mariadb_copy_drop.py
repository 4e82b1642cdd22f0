"""MariaDB keeps a foreign key that ``DROP CONSTRAINT`` drops in a copying ALTER TABLE.

``ALTER TABLE kids DROP CONSTRAINT kids_parent_fk, ADD CONSTRAINT fk2 FOREIGN
KEY ...`` runs on MariaDB 10.11 and leaves ``kids_parent_fk`` in place: an
``ADD FOREIGN KEY`` makes the statement copy the table while
``foreign_key_checks`` is on, and ``DROP CONSTRAINT`` then does nothing to a
foreign key (``ALGORITHM=COPY`` written out does the same; ``DROP FOREIGN
KEY`` drops it; a CHECK or UNIQUE key goes either way). The model dropped it
(trial s24 keto); now the ``mariadb`` model keeps it, with a ``DBN034``
warning. Also MariaDB's lock wait, ``ALTER TABLE t WAIT n``/``NOWAIT`` and
``CREATE INDEX ... WAIT n``, which was a ``DBN004`` error.

Oracle: a real MariaDB (``information_schema.TABLE_CONSTRAINTS``, ``COLUMNS``
and ``STATISTICS``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import mysql_server
from check_json import check_json
from dbnamelint.model import ConstraintType, ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql

CREATE = (
    "CREATE TABLE parents (id INT PRIMARY KEY);\n"
    "CREATE TABLE kids (id INT PRIMARY KEY, parent_id INT, n INT,\n"
    "  CONSTRAINT kids_parent_fk FOREIGN KEY (parent_id) REFERENCES parents (id),\n"
    "  CONSTRAINT kids_n_chk CHECK (n > 0), CONSTRAINT kids_n_key UNIQUE (n));\n"
)
ADD_FK = "ADD CONSTRAINT fk_two FOREIGN KEY (id) REFERENCES parents (id)"
#: case -> (statements after CREATE, whether DBN034 is said)
CASES = {
    "drop-constraint-with-add-fk": (
        f"ALTER TABLE kids DROP CONSTRAINT kids_parent_fk, {ADD_FK};\n",
        True,
    ),
    "add-fk-first": (f"ALTER TABLE kids {ADD_FK}, DROP CONSTRAINT kids_parent_fk;\n", True),
    "same-columns-new-key": (
        "ALTER TABLE kids DROP CONSTRAINT kids_parent_fk,"
        " ADD CONSTRAINT fk_two FOREIGN KEY (parent_id) REFERENCES parents (id);\n",
        True,
    ),
    "algorithm-copy": (
        "ALTER TABLE kids DROP CONSTRAINT kids_parent_fk, ADD COLUMN c INT, ALGORITHM=COPY;\n",
        True,
    ),
    "algorithm-copy-no-equals": (
        "ALTER TABLE kids DROP CONSTRAINT IF EXISTS kids_parent_fk, ALGORITHM COPY;\n",
        True,
    ),
    "drop-foreign-key-with-add-fk": (
        f"ALTER TABLE kids DROP FOREIGN KEY kids_parent_fk, {ADD_FK};\n",
        False,
    ),
    "drop-constraint-alone": ("ALTER TABLE kids DROP CONSTRAINT kids_parent_fk;\n", False),
    "drop-constraint-with-add-column": (
        "ALTER TABLE kids DROP CONSTRAINT kids_parent_fk, ADD COLUMN c INT;\n",
        False,
    ),
    "checks-off": (
        "SET foreign_key_checks = 0;\n"
        f"ALTER TABLE kids DROP CONSTRAINT kids_parent_fk, {ADD_FK};\n",
        False,
    ),
    "dump-style-checks-off-then-on": (
        "/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;\n"
        "SET FOREIGN_KEY_CHECKS = 0;\n"
        "SET FOREIGN_KEY_CHECKS = 1;\n"
        f"ALTER TABLE kids DROP CONSTRAINT kids_parent_fk, {ADD_FK};\n",
        True,
    ),
    "checks-off-but-algorithm-copy": (
        "SET SESSION foreign_key_checks = OFF;\n"
        f"ALTER TABLE kids DROP CONSTRAINT kids_parent_fk, {ADD_FK}, ALGORITHM=COPY;\n",
        True,
    ),
    "check-and-unique-go-anyway": (
        f"ALTER TABLE kids DROP CONSTRAINT kids_n_chk, DROP CONSTRAINT kids_n_key, {ADD_FK};\n",
        False,
    ),
    "lock-wait": (
        "ALTER TABLE kids WAIT 5 ADD COLUMN waited INT;\n"
        "ALTER TABLE kids NOWAIT ADD COLUMN not_waited INT;\n"
        "CREATE INDEX kids_waited_idx ON kids (waited) WAIT 3;\n"
        "CREATE INDEX kids_not_waited_idx ON kids (not_waited) NOWAIT ALGORITHM=INPLACE;\n",
        False,
    ),
}


def _server_names(maria: mysql_server.MysqlServer, db: str) -> set[tuple[str, str]]:
    out = maria.run(
        "SELECT 'constraint', CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS"
        " WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_TYPE <> 'PRIMARY KEY' UNION ALL"
        " SELECT 'column', COLUMN_NAME FROM information_schema.COLUMNS"
        " WHERE TABLE_SCHEMA = DATABASE() UNION ALL"
        " SELECT DISTINCT 'index', INDEX_NAME FROM information_schema.STATISTICS"
        " WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME <> 'PRIMARY'",
        database=db,
    )
    return {(a, b) for a, b in (line.split("\t") for line in out.splitlines() if line)}


def _model_names(sql: str) -> set[tuple[str, str]]:
    schema = schema_from_sql(sql, dialect="mariadb")
    names = {("column", o.name) for o in schema.of_kind(ObjectKind.COLUMN)}
    names |= {("index", o.name) for o in schema.of_kind(ObjectKind.INDEX)}
    for o in schema.of_kind(ObjectKind.CONSTRAINT):
        if o.constraint_type is not ConstraintType.PRIMARY_KEY:
            names.add(("constraint", o.name))
        if o.constraint_type is ConstraintType.UNIQUE:  # the unique index is the key there
            names.add(("index", o.name))
    return names


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_model_keeps_what_mariadb_keeps(maria: mysql_server.MysqlServer, case: str) -> None:
    sql = CREATE + CASES[case][0]
    with maria.fresh_database("dbnl_copy_drop") as db:
        maria.run(sql, database=db)
        expected = _server_names(maria, db)
    assert _model_names(sql) == expected


def _codes(folder: Path, sql: str, dialect: str) -> list[tuple[str, int]]:
    """(code, line) of every diagnostic ``check`` says of ``sql``."""
    (folder / "m.sql").write_text(sql, encoding="utf-8")
    _, _, diagnostics = check_json("--dialect", dialect, str(folder / "m.sql"))
    return [(str(d["code"]), int(str(d["line"]))) for d in diagnostics]


@pytest.mark.parametrize("case", sorted(CASES))
def test_dbn034_where_the_key_stays(tmp_path: Path, case: str) -> None:
    sql, said = CASES[case]
    codes = _codes(tmp_path, CREATE + sql, "mariadb")
    last = (CREATE + sql).count("\n")  # the ALTER is the last statement but for lock-wait
    assert (("DBN034", last) in codes) is said, codes
    assert not [c for c in codes if c[0] == "DBN004"], codes


def test_mysql_profile_drops_the_key(tmp_path: Path) -> None:
    """MySQL 8 is not known to keep it: the ``mysql`` model drops the key, no DBN034."""
    sql = CREATE + CASES["drop-constraint-with-add-fk"][0]
    assert "DBN034" not in [c for c, _ in _codes(tmp_path, sql, "mysql")]
    names = {o.name for o in schema_from_sql(sql, dialect="mysql").of_kind(ObjectKind.CONSTRAINT)}
    assert "kids_parent_fk" not in names and "fk_two" in names


def test_mysql_refuses_the_lock_wait(tmp_path: Path) -> None:
    """MySQL 8 has no ``ALTER TABLE t WAIT n``: DBN004 there, as before."""
    sql = CREATE + "ALTER TABLE kids WAIT 5 ADD COLUMN waited INT;\n"
    assert ("DBN004", 5) in _codes(tmp_path, sql, "mysql")
