"""``REFERENCES`` written in a column's definition: a foreign key only where
the server makes one.

MariaDB makes one from 10.5 (MDEV-20729), named and indexed as a table-level
``FOREIGN KEY`` is: a real MariaDB is the oracle. MySQL 8.0 and 8.4 do not
(their manual, CREATE TABLE: "MySQL parses but ignores 'inline REFERENCES
specifications' (as defined in the SQL standard) where the references are
defined as part of the column specification. MySQL accepts REFERENCES
clauses only when specified as part of a separate FOREIGN KEY
specification."); MySQL 9.0.0 does (MySQL bug #102904, closed as
implemented by WL#16130 and WL#16131 in 9.0.0). No MySQL server runs here,
so the ``mysql`` dialect is held to that documented behaviour.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import mysql_server
from dbnamelint.cli import cli
from dbnamelint.commands import drift as drift_command
from dbnamelint.drift import with_inline_foreign_keys
from dbnamelint.frontends.live.mysql import makes_inline_foreign_keys
from dbnamelint.frontends.sql.parsing import parse_statements
from dbnamelint.model import ObjectKind, SchemaObject, SourceFile
from dbnamelint.replay.engine import replay
from dbnamelint.runner.pipeline import schema_from_sql, split_statements

SCRIPT = (
    "CREATE TABLE parents (id INT NOT NULL PRIMARY KEY);\n"
    "CREATE TABLE children (id INT NOT NULL PRIMARY KEY,"
    " parent_id INT REFERENCES parents (id),"
    " p2 INT CONSTRAINT named_fk REFERENCES parents (id));\n"
    "CREATE TABLE same (id INT NOT NULL PRIMARY KEY REFERENCES parents);\n"
    "ALTER TABLE children ADD COLUMN p3 INT REFERENCES parents (id);\n"
    "ALTER TABLE children ADD COLUMN p4 INT UNIQUE REFERENCES parents (id);\n"
)

#: (table, name, kind) of the keys and indexes the script's references make
#: (the server's, checked below), beside the primary keys and the UNIQUE p4.
INLINE = {
    ("children", "children_ibfk_1", "FOREIGN KEY"),
    ("children", "named_fk", "FOREIGN KEY"),
    ("children", "children_ibfk_2", "FOREIGN KEY"),
    ("children", "children_ibfk_3", "FOREIGN KEY"),
    ("same", "same_ibfk_1", "FOREIGN KEY"),
    ("children", "parent_id", "INDEX"),
    ("children", "named_fk", "INDEX"),
    ("children", "p3", "INDEX"),
}
PLAIN = {
    ("parents", "PRIMARY", "PRIMARY KEY"),
    ("children", "PRIMARY", "PRIMARY KEY"),
    ("same", "PRIMARY", "PRIMARY KEY"),
    ("children", "p4", "UNIQUE"),
}

_TYPES = {"primary_key": "PRIMARY KEY", "unique": "UNIQUE", "foreign_key": "FOREIGN KEY"}


def run(args: Sequence[str]) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def keys_of(objects: Sequence[SchemaObject]) -> set[tuple[str, str, str]]:
    out = set()
    for o in objects:
        if o.kind is ObjectKind.INDEX:
            out.add((str(o.table), o.name, "INDEX"))
        elif o.kind is ObjectKind.CONSTRAINT and o.constraint_type is not None:
            ctype = o.constraint_type.value
            out.add((str(o.table), o.name, _TYPES.get(ctype, ctype)))
    return out


def model_keys(sql: str, dialect: str) -> set[tuple[str, str, str]]:
    return keys_of(schema_from_sql(sql, dialect=dialect).objects)


def server_keys(maria: mysql_server.MysqlServer, db: str) -> set[tuple[str, str, str]]:
    constraints = maria.run(
        "SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema."
        "TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE()",
        database=db,
    )
    # An index that backs no key (InnoDB's for a foreign key): a key's own
    # index is the key, as the model keeps it.
    indexes = maria.run(
        "SELECT DISTINCT s.TABLE_NAME, s.INDEX_NAME FROM information_schema.STATISTICS s"
        " WHERE s.TABLE_SCHEMA = DATABASE() AND NOT EXISTS (SELECT 1 FROM"
        " information_schema.TABLE_CONSTRAINTS c WHERE c.TABLE_SCHEMA = s.TABLE_SCHEMA"
        " AND c.TABLE_NAME = s.TABLE_NAME AND c.CONSTRAINT_NAME = s.INDEX_NAME"
        " AND c.CONSTRAINT_TYPE <> 'FOREIGN KEY')",
        database=db,
    )
    rows = {tuple(line.split("\t")) for line in constraints.splitlines() if line}
    rows |= {(*line.split("\t"), "INDEX") for line in indexes.splitlines() if line}
    return {(t, n, k) for t, n, k in rows}


@pytest.mark.slow
def test_mariadb_makes_a_foreign_key_of_a_columns_references(
    maria: mysql_server.MysqlServer,
) -> None:
    """The server's keys and indexes are the ``mariadb`` model's, inline ones included."""
    with maria.fresh_database("dbnl_inline_refs") as db:
        maria.run(SCRIPT, database=db)
        found = server_keys(maria, db)
    assert found == INLINE | PLAIN
    assert model_keys(SCRIPT, "mariadb") == found


def test_mysql_8_makes_no_key_of_a_columns_references() -> None:
    """MySQL 8.0/8.4 manual, CREATE TABLE: "MySQL parses but ignores 'inline
    REFERENCES specifications' ... MySQL accepts REFERENCES clauses only when
    specified as part of a separate FOREIGN KEY specification." The ``mysql``
    model has no foreign key, and so no index InnoDB adds for one, of a
    column's REFERENCES; a table-level FOREIGN KEY is still one."""
    assert model_keys(SCRIPT, "mysql") == PLAIN
    table_level = (
        "CREATE TABLE parents (id INT NOT NULL PRIMARY KEY);\n"
        "CREATE TABLE children (id INT NOT NULL PRIMARY KEY, parent_id INT,"
        " FOREIGN KEY (parent_id) REFERENCES parents (id));\n"
    )
    assert ("children", "children_ibfk_1", "FOREIGN KEY") in model_keys(table_level, "mysql")
    assert ("children", "parent_id", "INDEX") in model_keys(table_level, "mysql")


def test_other_dialects_keep_a_columns_references() -> None:
    """PostgreSQL names it ``<table>_<column>_fkey``; unchanged by the MySQL 8 rule."""
    names = {n for _, n, k in model_keys(SCRIPT, "postgres") if k == "FOREIGN KEY"}
    assert names == {
        "children_parent_id_fkey",
        "named_fk",
        "children_p3_fkey",
        "children_p4_fkey",
        "same_id_fkey",
    }


@pytest.mark.slow
@pytest.mark.parametrize("suffix", ["mysql", "mariadb"])
def test_drift_of_mysql_files_against_mariadb_matches(
    maria: mysql_server.MysqlServer, tmp_path: Path, suffix: str
) -> None:
    """MySQL files are replayed as the MariaDB server runs them: its inline
    foreign keys and their indexes are the files' too, so no drift; a key
    dropped by hand is drift."""
    schema = tmp_path / f"001_init.{suffix}.sql"
    schema.write_text(SCRIPT, encoding="utf-8")
    with maria.fresh_database("dbnl_inline_refs_drift") as db:
        maria.run(SCRIPT, database=db)
        url = maria.url(db)
        same = run(["drift", "--no-cache", "--db", url, "--format", "json", str(schema)])
        maria.run("ALTER TABLE children DROP FOREIGN KEY children_ibfk_2", database=db)
        drifted = run(["drift", "--no-cache", "--db", url, "--format", "json", str(schema)])
    assert same.exit_code == 0, same.output
    assert json.loads(same.stdout)["drift"] == []
    assert "REFERENCES" not in same.stderr  # the mariadb profile is this server's
    items = json.loads(drifted.stdout)["drift"]
    assert [(i["drift"], i["files_name"]) for i in items] == [
        ("only_in_files", "children.children_ibfk_2")
    ]


@pytest.mark.parametrize(
    ("version", "made"),
    [
        ("8.0.39", False),
        ("8.4.3", False),
        ("8.4.3-commercial", False),
        ("9.0.1", True),
        ("9.1.0", True),
        ("10.4.34-MariaDB", False),
        ("10.5.27-MariaDB-log", True),
        ("10.11.6-MariaDB-0+deb12u1", True),
        ("11.4.2-MariaDB", True),
        ("5.5.5-10.11.6-MariaDB", True),  # the prefix some proxies add
        ("", None),
    ],
)
def test_which_servers_make_inline_foreign_keys(version: str, made: bool | None) -> None:
    assert makes_inline_foreign_keys(version) is made


def test_mysql_files_read_as_a_mysql_9_server_runs_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Against a server whose VERSION() is MySQL 9 (none runs here: its answer
    is stood in for), drift replays a column's REFERENCES as a foreign key,
    named as the table-level key would be; against MySQL 8.4 it keeps none."""
    statements, _ = split_statements(SCRIPT, SourceFile("schema.sql", "mysql", None))
    read = parse_statements(statements).events
    answers = {"8.4.3": PLAIN, "9.1.0": INLINE | PLAIN}
    for version, expected in answers.items():
        monkeypatch.setattr(drift_command, "read_rows", lambda url, q, v=version: [(v,)])
        served = drift_command._server_references("mysql://x/db", "mysql", read)
        assert keys_of(replay(served).objects) == expected
    assert with_inline_foreign_keys(read, made=False) is not read


def _warned(sql: str, dialect: str, folder: Path) -> list[str]:
    """``file:line:col`` of each DBN031 a check of ``sql`` as ``dialect`` prints."""
    (folder / "schema.sql").write_text(sql)
    done = run(["check", "--no-cache", "--dialect", dialect, str(folder / "schema.sql")])
    return [line.split(" DBN031")[0] for line in done.stdout.splitlines() if " DBN031 " in line]


@pytest.mark.slow
def test_mysql_8_warns_at_each_reference_the_server_would_have_made(
    maria: mysql_server.MysqlServer, tmp_path: Path
) -> None:
    """DBN031 (a warning, not failing) at every column REFERENCES of the script,
    as many as the foreign keys MariaDB makes of them: the keys a MySQL 8
    author believes in and does not get. None as ``mariadb`` or ``postgres``."""
    with maria.fresh_database("dbnl_inline_warned") as db:
        maria.run(SCRIPT, database=db)
        made = {k for k in server_keys(maria, db) if k[2] == "FOREIGN KEY"}
    warned = _warned(SCRIPT, "mysql", tmp_path)
    assert len(warned) == len(made) == 5
    # at each REFERENCES, the name a CONSTRAINT gives it, or the ADD COLUMN
    # it is written in (where the model places such a key: line:column of the script)
    lines = SCRIPT.splitlines()
    for where in warned:
        line, column = (int(x) for x in where.rstrip(":").rsplit(":", 2)[1:])
        at = lines[line - 1][column - 1 :]
        assert at.startswith(("REFERENCES", "named_fk", "ADD COLUMN")), where
    assert _warned(SCRIPT, "mariadb", tmp_path) == _warned(SCRIPT, "postgres", tmp_path) == []
    table_level = "CREATE TABLE c (id INT, p INT, FOREIGN KEY (p) REFERENCES c (id));\n"
    assert _warned(table_level, "mysql", tmp_path) == []


def test_reference_not_made_says_what_to_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    sql = "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (pid int REFERENCES p (id));\n"
    Path("schema.sql").write_text(sql)
    done = run(["check", "--no-cache", "--dialect", "mysql", "schema.sql"])
    assert done.exit_code == 0, done.stdout  # a warning does not fail the run
    assert (
        "schema.sql:2:25: DBN031 warning: MySQL 8 parses and ignores REFERENCES written in "
        "a column's definition: no foreign key (nor index) is made on `pid`; write FOREIGN "
        "KEY (`pid`) REFERENCES `p` (`id`) as a table constraint"
    ) in done.stdout
    # silenced inline as any warning
    Path("schema.sql").write_text(
        sql.replace("(id));", "(id));  -- dbnamelint: ignore[DBN031] MySQL 9 only")
    )
    quiet = run(["check", "--no-cache", "--dialect", "mysql", "schema.sql"])
    assert "DBN031" not in quiet.stdout, quiet.stdout
