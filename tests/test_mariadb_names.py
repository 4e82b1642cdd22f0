"""MariaDB's implicit names, with a real MariaDB as the oracle.

MariaDB names an unnamed CHECK otherwise than MySQL 8 (``t_chk_1``): after
its column when written in the column's definition, else ``CONSTRAINT_<n>``,
the first number free among the table's checks. Each script below runs in a
fresh database through the ``mariadb`` client; the names the server stores
(``information_schema.TABLE_CONSTRAINTS``) must be the names the files'
model gives (``dialect="mariadb"``). Then the live reader, ``inspect`` of a
``mariadb-dump``, and ``drift`` of files declared as MySQL or as MariaDB are
checked against the same server.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import mysql_server
from dbnamelint.cli import cli
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql

pytestmark = pytest.mark.slow

#: (table, name, constraint type as information_schema spells it)
Row = tuple[str, str, str]

_TYPES = {"primary_key": "PRIMARY KEY", "unique": "UNIQUE", "foreign_key": "FOREIGN KEY"}

CASES = {
    # A column's check takes the column's name (as written: `Ab`); table-level
    # ones are numbered, named ones take no number.
    "column-and-table-level": (
        "CREATE TABLE t (a int CHECK (a > 0), b int, c int, CHECK (b > 0),"
        " CHECK (c > 0 AND b > 0), d int CHECK (d > 1), CONSTRAINT e CHECK (a < 10));\n"
        "CREATE TABLE u (Ab int CHECK (Ab > 0), x int, CONSTRAINT n CHECK (x > 0),"
        " CHECK (x < 9));\n"
    ),
    # A column-level check may read other columns: still the column's name.
    "column-level-reads-another-column": "CREATE TABLE t (a int, b int CHECK (a > 0));\n",
    # CONSTRAINT_1 written later in the statement (any case) is skipped.
    "explicit-number-later": (
        "CREATE TABLE q (a int, CHECK (a < 10), CONSTRAINT CONSTRAINT_1 CHECK (a > 0));\n"
        "CREATE TABLE r (a int, CHECK (a < 10), CONSTRAINT constraint_1 CHECK (a > 0));\n"
        "CREATE TABLE s (a int, CONSTRAINT CONSTRAINT_7 CHECK (a > 0), CHECK (a < 10));\n"
    ),
    # A column named CONSTRAINT_1 holds its check's name, before or after.
    "column-named-like-a-number": (
        "CREATE TABLE p (CONSTRAINT_1 int CHECK (CONSTRAINT_1 > 0), CHECK (CONSTRAINT_1 < 10));\n"
        "CREATE TABLE q (CHECK (CONSTRAINT_1 < 10), CONSTRAINT_1 int CHECK (CONSTRAINT_1 > 0));\n"
    ),
    # ALTER TABLE ADD CHECK continues after the table's checks; several at once.
    "alter-add-check": (
        "CREATE TABLE w (a int, b int, CHECK (a > 0), CHECK (b > 0));\n"
        "ALTER TABLE w ADD CHECK (a < 100);\n"
        "ALTER TABLE w ADD CHECK (b < 100), ADD CHECK (a <> 5);\n"
        "ALTER TABLE w ADD COLUMN c int CHECK (c > 0);\n"
        "CREATE TABLE y (a int);\n"
        "ALTER TABLE y ADD CONSTRAINT CHECK (a > 0);\n"
    ),
    # A dropped number is the first free one again.
    "alter-after-drop": (
        "CREATE TABLE q (a int, b int, CHECK (a > 0), CHECK (b > 0), CHECK (a < 9));\n"
        "ALTER TABLE q DROP CONSTRAINT CONSTRAINT_1;\n"
        "ALTER TABLE q ADD CHECK (b < 9);\n"
        "CREATE TABLE r (a int, b int, CHECK (a > 0), CHECK (b > 0));\n"
        "ALTER TABLE r DROP CONSTRAINT CONSTRAINT_2;\n"
        "ALTER TABLE r ADD CHECK (b < 9);\n"
    ),
    # A renamed column keeps its check's name.
    "rename-column": (
        "CREATE TABLE x (a int CHECK (a > 0));\nALTER TABLE x RENAME COLUMN a TO aa;\n"
    ),
    # RENAME TABLE rewrites <old>_ibfk_N but no check name (MySQL 8 does
    # <old>_chk_N too); CONSTRAINT_N does not involve the table's name.
    "rename-table": (
        "CREATE TABLE k (id int PRIMARY KEY, a int, CONSTRAINT k_chk_1 CHECK (a > 0),"
        " CHECK (a < 9), FOREIGN KEY (a) REFERENCES k (id));\n"
        "RENAME TABLE k TO k2;\nALTER TABLE k2 RENAME TO k3;\n"
    ),
    # JSON is LONGTEXT with a column-level CHECK (json_valid(col)) named after
    # the column, unless the column has a check of its own; ADD COLUMN too.
    "json-columns": (
        "CREATE TABLE j (id int, doc JSON, meta json NOT NULL, own JSON CHECK (own <> ''),"
        " CHECK (id > 0));\n"
        "ALTER TABLE j ADD COLUMN extra JSON;\n"
        "ALTER TABLE j DROP COLUMN meta;\n"
    ),
    # CHANGE and MODIFY replace the column's definition: its column-level
    # check goes (a table-level one on it stays), a CHECK written in the new
    # definition is named after the column as it is now, JSON brings its
    # json_valid check back. RENAME COLUMN and ALTER COLUMN keep the check.
    "change-modify-column": (
        "CREATE TABLE m1 (id int, qty int CHECK (qty > 0));\n"
        "ALTER TABLE m1 MODIFY qty int;\n"
        "CREATE TABLE m2 (id int, qty int CHECK (qty > 0));\n"
        "ALTER TABLE m2 MODIFY COLUMN qty int CHECK (qty > 1);\n"
        "CREATE TABLE m3 (id int, qty int CHECK (qty > 0), o int CHECK (o > 0));\n"
        "ALTER TABLE m3 CHANGE qty quantity int CHECK (quantity > 0);\n"
        "ALTER TABLE m3 CHANGE COLUMN o o bigint;\n"
        "CREATE TABLE m4 (id int, qty int CHECK (qty > 0));\n"
        "ALTER TABLE m4 RENAME COLUMN qty TO quantity;\n"
        "ALTER TABLE m4 ALTER COLUMN quantity SET DEFAULT 1;\n"
        "CREATE TABLE m5 (id int, qty int CHECK (qty > 0));\n"
        "ALTER TABLE m5 RENAME COLUMN qty TO quantity;\n"
        "ALTER TABLE m5 MODIFY quantity bigint;\n"
        "CREATE TABLE m6 (id int, doc json, d2 json, d4 json);\n"
        "ALTER TABLE m6 MODIFY doc json NOT NULL, CHANGE d2 d3 json,"
        " MODIFY d4 json CHECK (d4 <> '');\n"
        "CREATE TABLE m7 (id int, qty int, CONSTRAINT qty CHECK (qty > 0), CHECK (qty < 10));\n"
        "ALTER TABLE m7 CHANGE qty q int;\n"
        "CREATE TABLE m8 (id int, qty int CHECK (qty > 0));\n"
        "ALTER TABLE m8 MODIFY qty int, ADD CONSTRAINT qty CHECK (id > 0);\n"
    ),
    # CREATE TABLE ... LIKE copies the checks under their names (column- and
    # table-level, numbered or not), not the foreign keys.
    "create-table-like": (
        "CREATE TABLE p (id int PRIMARY KEY);\n"
        "CREATE TABLE c (id int PRIMARY KEY, qty int CHECK (qty > 0), pid int,"
        " CONSTRAINT named_chk CHECK (id > 0), CHECK (qty < 9), UNIQUE (pid),"
        " CONSTRAINT c_p FOREIGN KEY (pid) REFERENCES p (id));\n"
        "CREATE TABLE h LIKE c;\n"
        "ALTER TABLE h ADD CHECK (id < 100);\n"
        "ALTER TABLE h MODIFY qty int;\n"
    ),
    # What MariaDB names as MySQL 8 does: PRIMARY, <table>_ibfk_<n>, keys
    # after their first column with _2, _3 on a clash.
    "keys-and-foreign-keys": (
        "CREATE TABLE z (id int PRIMARY KEY, p int, FOREIGN KEY (p) REFERENCES z (id),"
        " UNIQUE (p), UNIQUE (p), FOREIGN KEY (p) REFERENCES z (id));\n"
        "CREATE TABLE v (id int PRIMARY KEY, CONSTRAINT c1 FOREIGN KEY (id) REFERENCES z (id),"
        " FOREIGN KEY (id) REFERENCES z (id));\n"
    ),
}


def run(args: Sequence[str]) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def server_rows(maria: mysql_server.MysqlServer, db: str) -> set[Row]:
    out = maria.run(
        "SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema."
        "TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE()",
        database=db,
    )
    rows = (line.split("\t") for line in out.splitlines() if line)
    return {(t, n, c) for t, n, c in rows}


def model_rows(sql: str, dialect: str) -> set[Row]:
    schema = schema_from_sql(sql, dialect=dialect)
    return {
        (str(o.table), o.name, _TYPES.get(o.constraint_type.value, "CHECK"))
        for o in schema.objects
        if o.kind is ObjectKind.CONSTRAINT and o.constraint_type is not None
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_mariadb_names_unnamed_constraints_as_the_files_model_does(
    maria: mysql_server.MysqlServer, case: str
) -> None:
    sql = CASES[case]
    with maria.fresh_database("dbnl_maria_names") as db:
        maria.run(sql, database=db)
        expected = server_rows(maria, db)
    assert model_rows(sql, "mariadb") == expected


#: Scripts whose index names (information_schema.STATISTICS) and constraint
#: names must both be the model's: MariaDB numbers an unnamed index among the
#: table's index names only, a CHECK of the same name does not count, and an
#: unnamed CHECK's CONSTRAINT_<n> does not avoid an index of that name.
INDEX_CASES = {
    "index-beside-check-of-same-name": (
        "CREATE TABLE c (id int PRIMARY KEY, qty int CHECK (qty > 0),"
        " CONSTRAINT named_chk CHECK (id > 0));\n"
        "ALTER TABLE c ADD INDEX (qty);\n"
        "ALTER TABLE c ADD INDEX (qty, id), ADD INDEX (qty);\n"
        "CREATE TABLE g (b int, INDEX (b));\n"
        "ALTER TABLE g ADD CONSTRAINT b CHECK (b > 0);\n"
        "CREATE TABLE k (a int, CONSTRAINT k CHECK (a > 0), INDEX k (a), INDEX (a));\n"
        "CREATE TABLE n (named_chk int, CONSTRAINT named_chk CHECK (named_chk > 0),"
        " INDEX (named_chk));\n"
        "CREATE TABLE h LIKE c;\n"
    ),
    "check-number-beside-index": (
        "CREATE TABLE t2 (a int, INDEX CONSTRAINT_1 (a), CHECK (a > 0));\n"
        "CREATE TABLE t3 (a int, CHECK (a > 0), INDEX CONSTRAINT_1 (a));\n"
        "CREATE TABLE t4 (a int, INDEX CONSTRAINT_1 (a));\n"
        "ALTER TABLE t4 ADD CHECK (a > 0);\n"
    ),
    "index-beside-foreign-key-of-same-name": (
        "CREATE TABLE p (id int PRIMARY KEY);\n"
        "CREATE TABLE t5 (qty int, x int, INDEX ix (qty, x),"
        " CONSTRAINT qty FOREIGN KEY (qty) REFERENCES p (id));\n"
        "ALTER TABLE t5 ADD INDEX (qty);\n"
    ),
}


def server_indexes(maria: mysql_server.MysqlServer, db: str) -> set[tuple[str, str]]:
    out = maria.run(
        "SELECT DISTINCT TABLE_NAME, INDEX_NAME FROM information_schema.STATISTICS"
        " WHERE TABLE_SCHEMA = DATABASE()",
        database=db,
    )
    rows = (line.split("\t") for line in out.splitlines() if line)
    return {(t, n) for t, n in rows}


def model_indexes(sql: str) -> set[tuple[str, str]]:
    schema = schema_from_sql(sql, dialect="mariadb")
    keys = {"primary_key", "unique"}
    return {
        (str(o.table), o.name)
        for o in schema.objects
        if o.kind is ObjectKind.INDEX
        or (o.constraint_type is not None and o.constraint_type.value in keys)
    }


@pytest.mark.parametrize("case", sorted(INDEX_CASES))
def test_mariadb_index_names_are_apart_from_check_names(
    maria: mysql_server.MysqlServer, case: str
) -> None:
    sql = INDEX_CASES[case]
    with maria.fresh_database("dbnl_maria_index_names") as db:
        maria.run(sql, database=db)
        indexes = server_indexes(maria, db)
        constraints = server_rows(maria, db)
    assert model_indexes(sql) == indexes
    assert model_rows(sql, "mariadb") == constraints


def test_mysql_like_copies_checks_under_generated_names() -> None:
    """MySQL 8 manual §15.1.20.3: LIKE "preserves CHECK constraints from the
    original table, except that all the constraint names are generated", and
    no foreign key definitions."""
    rows = model_rows(CASES["create-table-like"].split("ALTER TABLE h MODIFY")[0], "mysql")
    assert sorted(n for t, n, _ in rows if t == "h") == [
        "PRIMARY",
        "h_chk_1",
        "h_chk_2",
        "h_chk_3",
        "h_chk_4",
        "pid",
    ]


def test_mysql_files_keep_mysql_8_names() -> None:
    """The same script declared as MySQL gets MySQL 8's names, not MariaDB's."""
    rows = model_rows(CASES["column-and-table-level"], "mysql")
    checks = sorted(n for _, n, c in rows if c == "CHECK")
    assert checks == ["e", "n", "t_chk_1", "t_chk_2", "t_chk_3", "t_chk_4", "u_chk_1", "u_chk_2"]
    renamed = model_rows(CASES["rename-table"], "mysql")
    assert ("k3", "k3_chk_1", "CHECK") in renamed  # MySQL 8 renames its own check names


# -- the live reader and drift --------------------------------------------------

SHOP = (
    "CREATE TABLE orders (\n"
    "  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
    "  qty INT NOT NULL CHECK (qty > 0),\n"
    "  price INT NOT NULL,\n"
    "  CHECK (price >= 0),\n"
    "  CONSTRAINT chk_orders_sane CHECK (qty < 1000),\n"
    "  parent_id INT,\n"
    "  FOREIGN KEY (parent_id) REFERENCES orders (id)\n"
    ") ENGINE=InnoDB;\n"
    "ALTER TABLE orders ADD CHECK (price < 100000);\n"
    "ALTER TABLE orders ADD COLUMN note_len INT CHECK (note_len <= 200);\n"
)


def objects(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)["objects"]
    return found


def check_levels(maria: mysql_server.MysqlServer, db: str) -> dict[str, str]:
    out = maria.run(
        "SELECT CONSTRAINT_NAME, LEVEL FROM information_schema.CHECK_CONSTRAINTS"
        " WHERE CONSTRAINT_SCHEMA = DATABASE()",
        database=db,
    )
    return dict(line.split("\t") for line in out.splitlines() if line)


def test_live_reader_reads_mariadb_checks_as_implicit(maria: mysql_server.MysqlServer) -> None:
    """A column's check is implicit and on its column; CONSTRAINT_<n> implicit;
    a written name is not. The server's LEVEL column is the oracle."""
    with maria.fresh_database("dbnl_maria_live") as db:
        maria.run(SHOP, database=db)
        levels = check_levels(maria, db)
        read = objects(run(["inspect", "--db", maria.url(db), "--format", "json"]))
    checks = {o["name"]: o for o in read if o["constraint_type"] == "check"}
    assert set(checks) == set(levels)
    assert levels == {
        "qty": "Column",
        "note_len": "Column",
        "CONSTRAINT_1": "Table",
        "CONSTRAINT_2": "Table",
        "chk_orders_sane": "Table",
    }
    assert {n for n, o in checks.items() if o["implicit"]} == {
        "qty",
        "note_len",
        "CONSTRAINT_1",
        "CONSTRAINT_2",
    }
    assert checks["qty"]["columns"] == ["qty"]
    assert checks["note_len"]["columns"] == ["note_len"]


@pytest.mark.parametrize("suffix", ["mariadb", "mysql"])
def test_drift_compares_like_with_like(
    maria: mysql_server.MysqlServer, tmp_path: Path, suffix: str
) -> None:
    """Files declared as MariaDB match; files declared as MySQL match too,
    compared as the server names them, and the run says so."""
    schema = tmp_path / f"001_orders.{suffix}.sql"
    schema.write_text(SHOP, encoding="utf-8")
    with maria.fresh_database("dbnl_maria_drift") as db:
        maria.run(SHOP, database=db)
        url = maria.url(db)
        files = objects(run(["inspect", "--format", "json", str(schema)]))
        result = run(["drift", "--db", url, "--format", "json", str(schema)])
        maria.run("ALTER TABLE orders DROP CONSTRAINT CONSTRAINT_2", database=db)
        drifted = run(["drift", "--db", url, "--format", "json", str(schema)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["drift"] == []
    follows = "the database is mariadb; files in mysql are compared" in result.stderr
    assert follows is (suffix == "mysql")
    checks = sorted(o["name"] for o in files if o["constraint_type"] == "check")
    if suffix == "mariadb":  # inspect of the files alone names them as the server did
        assert checks == ["CONSTRAINT_1", "CONSTRAINT_2", "chk_orders_sane", "note_len", "qty"]
    else:
        assert checks == ["chk_orders_sane"] + [f"orders_chk_{n}" for n in (1, 2, 3, 4)]
    assert drifted.exit_code == 1
    items = json.loads(drifted.stdout)["drift"]
    assert [(i["drift"], i["files_name"]) for i in items] == [
        ("only_in_files", "orders.CONSTRAINT_2")
    ]


def test_a_mariadb_dump_is_read_as_mariadb(maria: mysql_server.MysqlServer, tmp_path: Path) -> None:
    """mariadb-dump writes column-level checks without a name; read as the
    MariaDB dump it says it is, they get the server's names."""
    dump = shutil.which("mariadb-dump") or shutil.which("mysqldump")
    if dump is None:
        pytest.skip("no mariadb-dump installed")
    with maria.fresh_database("dbnl_maria_dump") as db:
        maria.run(SHOP, database=db)
        server = ["-h", maria.host, "-P", str(maria.port), "-u", maria.user]
        done = subprocess.run(
            [dump, "--no-defaults", *server, "--no-data", "--skip-triggers", db],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        (tmp_path / "dump.sql").write_text(done.stdout, encoding="utf-8")
        read = objects(run(["inspect", "--db", maria.url(db), "--format", "json"]))
    assert "-- Server version" in done.stdout and "MariaDB" in done.stdout[:2000]
    files = objects(run(["inspect", "--format", "json", str(tmp_path / "dump.sql")]))

    def constraints(found: list[dict[str, Any]]) -> set[tuple[str, str]]:
        return {(o["table"], o["name"]) for o in found if o["kind"] == "constraint"}

    assert constraints(files) == constraints(read)

    # The dump writes table-level names out, the server's own too (its
    # CONSTRAINT_<n> and <table>_ibfk_<n>): those count as the server's, as
    # the catalog reader counts them (trial s32 outline, on pg_dump);
    # the column-level ones it cannot write.
    def unnamed(found: list[dict[str, Any]]) -> set[str]:
        return {o["name"] for o in found if o["kind"] == "constraint" and o["implicit"]}

    assert unnamed(files) == unnamed(read)
    assert {"PRIMARY", "qty", "note_len", "orders_ibfk_1"} <= unnamed(files)


def test_drift_matches_checks_beside_indexes_change_and_like(
    maria: mysql_server.MysqlServer, tmp_path: Path
) -> None:
    """trial5 finding 14: a check and an index both named ``qty``, CHANGE
    dropping a column-level check, LIKE copying checks: no drift."""
    sql = (
        "CREATE TABLE c (id int PRIMARY KEY, qty int CHECK (qty > 0),"
        " CONSTRAINT named_chk CHECK (id > 0));\n"
        "ALTER TABLE c ADD INDEX (qty);\n"
        "CREATE TABLE c2 (id int PRIMARY KEY, qty int CHECK (qty > 0));\n"
        "ALTER TABLE c2 CHANGE qty quantity int;\n"
        "CREATE TABLE h LIKE c;\n"
    )
    schema = tmp_path / "001.mariadb.sql"
    schema.write_text(sql, encoding="utf-8")
    with maria.fresh_database("dbnl_maria_f14") as db:
        maria.run(sql, database=db)
        result = run(["drift", "--db", maria.url(db), "--format", "json", str(schema)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["drift"] == []


@pytest.mark.parametrize("suffix", ["mariadb", "mysql"])
def test_drift_primary_key_unique_in_one_column(
    maria: mysql_server.MysqlServer, tmp_path: Path, suffix: str
) -> None:
    """``k VARCHAR(255) PRIMARY KEY UNIQUE`` (flipt's namespaces, trial s21 #7):
    MariaDB keeps the primary key alone, in either order of the two words, and
    UNIQUE twice is one key; files declared as MySQL were compared with a
    unique key MariaDB never made. The server's STATISTICS is the oracle, and
    the files read as MySQL 8 still keep both keys."""
    sql = (
        "CREATE TABLE ns (`key` VARCHAR(255) PRIMARY KEY UNIQUE NOT NULL);\n"
        "CREATE TABLE ns2 (id INT UNIQUE PRIMARY KEY);\n"
        "CREATE TABLE ns3 (id INT PRIMARY KEY UNIQUE UNIQUE, v INT UNIQUE);\n"
        "CREATE TABLE ns4 (id INT, PRIMARY KEY (id), UNIQUE (id));\n"
    )
    schema = tmp_path / f"001.{suffix}.sql"
    schema.write_text(sql, encoding="utf-8")
    with maria.fresh_database("dbnl_maria_pk_unique") as db:
        maria.run(sql, database=db)
        indexes = maria.run(
            "SELECT TABLE_NAME, INDEX_NAME FROM information_schema.STATISTICS"
            " WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1, 2",
            database=db,
        )
        result = run(["drift", "--db", maria.url(db), "--format", "json", str(schema)])
    pairs = indexes.split()
    assert sorted(zip(pairs[::2], pairs[1::2], strict=True)) == [
        ("ns", "PRIMARY"),
        ("ns2", "PRIMARY"),
        ("ns3", "PRIMARY"),
        ("ns3", "v"),
        ("ns4", "PRIMARY"),
        ("ns4", "id"),
    ]
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["drift"] == []
    keys = {
        (o["table"], o["name"])
        for o in objects(run(["inspect", "--format", "json", str(schema)]))
        if o["kind"] == "constraint"
    }
    unique = {("ns", "key"), ("ns2", "id"), ("ns3", "id")}
    assert unique <= keys if suffix == "mysql" else not unique & keys


@pytest.mark.parametrize(
    "sql",
    [
        "CREATE TABLE t (a int NOT NULL, b int NOT NULL, PRIMARY KEY (a));\n"
        "ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (a, b);\n",
        "CREATE TABLE t (a int NOT NULL, PRIMARY KEY (a));\nALTER TABLE t DROP PRIMARY KEY;\n",
        "CREATE TABLE t (a int NOT NULL, b int NOT NULL, PRIMARY KEY (a));\n"
        "ALTER TABLE t ADD COLUMN c int, DROP PRIMARY KEY, ADD PRIMARY KEY (b, a);\n",
    ],
    ids=["replace", "drop", "with-a-column"],
)
def test_drop_primary_key(maria: mysql_server.MysqlServer, tmp_path: Path, sql: str) -> None:
    """``ALTER TABLE t DROP PRIMARY KEY`` drops the key named PRIMARY (trial
    s21 flipt: it was read as no change, so a following ADD PRIMARY KEY was
    "created again" (DBN010) and a lone DROP left the key in the model). The
    server's catalog is the oracle: drift is clean, no DBN010."""
    schema = tmp_path / "001.mysql.sql"
    schema.write_text(sql, encoding="utf-8")
    with maria.fresh_database("dbnl_drop_pk") as db:
        maria.run(sql, database=db)
        result = run(["drift", "--db", maria.url(db), "--format", "json", str(schema)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["drift"] == []
    checked = run(["check", "--no-cache", "--verbose", str(schema)])
    assert "DBN010" not in checked.output
