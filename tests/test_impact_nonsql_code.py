"""``impact`` does not count Cassandra's code as a SQL database's (trial s22).

Temporal keeps ``schema/postgresql/``, ``schema/mysql/`` and
``schema/cassandra/*.cql``, and Go code that queries Cassandra through
``gocql`` with CQL strings. ``impact --database pg_temporal`` listed the
``.cql`` file and that Go code as high-confidence [SQL] references of the
PostgreSQL database's ``namespace``. Oracles: real PostgreSQL refuses the
CQL file (it is no PostgreSQL SQL) and runs the SQL code's query on its
copy; gocql's import path is the one its documentation gives
(``import "github.com/gocql/gocql"``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.impact.nonsql import engine_of
from git_helpers import committed_repo
from pg_server import PgServer, SqlFailed

PG = "CREATE TABLE namespace (id bytea PRIMARY KEY, name varchar(255));\n"
MYSQL = "CREATE TABLE namespace (id binary(16) PRIMARY KEY, name varchar(255));\n"
CQL = (
    "CREATE TABLE namespace (\n  id uuid,\n  name text,\n  PRIMARY KEY (id)\n"
    ") WITH COMPACTION = {'class': 'org.apache.cassandra.db.compaction."
    "LeveledCompactionStrategy'};\n"
)
GOCQL = """package store

import (
\t"github.com/gocql/gocql"
)

const getNamespace = `SELECT id, name FROM namespace WHERE id = ?`

func Get(session *gocql.Session, id string) error {
\treturn session.Query(getNamespace, id).Exec()
}
"""
SQL_QUERY = "SELECT id, name FROM namespace WHERE id = $1"
SQL_CODE = f'package sql\n\nimport "database/sql"\n\nconst getNamespace = `{SQL_QUERY}`\n'
FILES = {
    "dbnamelint.yaml": "databases:\n  pg_temporal: [schema/postgresql/v12/temporal]\n"
    "  mysql_temporal: [schema/mysql/v8/temporal]\n",
    "whitelist.yaml": 'phases:\n  - {id: "1", title: Names, status: open}\nentries:\n'
    '  - {kind: table, name: namespace, phase: "1", target: namespaces}\n',
    "schema/postgresql/v12/temporal/schema.sql": PG,
    "schema/mysql/v8/temporal/schema.sql": MYSQL,
    "schema/cassandra/temporal/schema.cql": CQL,
    # a folder that names no database: only the import tells
    "common/persistence/nosql/store/namespace.go": GOCQL,
    "common/persistence/sql/namespace.go": SQL_CODE,
}


def test_cql_code_is_not_the_sql_databases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    with pg.fresh_database("smalls22b_temporal") as db:
        pg.run(sql=PG, dbname=db)
        pg.run(sql=f"PREPARE q(bytea) AS {SQL_QUERY}", dbname=db)  # the SQL code's query runs
        with pytest.raises(SqlFailed):
            pg.run(sql=CQL, dbname=db)  # the .cql file is no PostgreSQL SQL
    committed_repo(tmp_path / "temporal", FILES, monkeypatch)

    result = CliRunner().invoke(cli, ["impact", "--database", "pg_temporal", "--no-cache"])
    assert result.exit_code == 0, result.output
    counted, _, apart = result.stdout.partition("Another database's code")
    assert "common/persistence/sql/namespace.go:5:" in counted
    assert "1 reference in 1 file (1 high confidence)" in counted
    assert ".cql" not in counted and "nosql" not in counted
    assert "common/persistence/nosql/store/namespace.go (1, Cassandra, not SQL)" in apart
    assert "schema/cassandra/temporal/schema.cql (1, Cassandra, not SQL)" in apart
    assert "speaks no SQL" in apart

    as_json = CliRunner().invoke(
        cli, ["impact", "--database", "pg_temporal", "--no-cache", "--format", "json"]
    )
    others = json.loads(as_json.stdout)["other_database"]
    assert {(o["path"], o.get("engine")) for o in others} == {
        ("common/persistence/nosql/store/namespace.go", "Cassandra"),
        ("schema/cassandra/temporal/schema.cql", "Cassandra"),
    }


@pytest.mark.parametrize(
    ("path", "text", "engine"),
    [
        ("schema/cassandra/temporal/schema.cql", None, "Cassandra"),
        ("db/keyspace.CQL", None, "Cassandra"),
        ("store/namespace.go", GOCQL, "Cassandra"),
        # a Go file that runs SQL too is not the engine's alone
        ("store/both.go", GOCQL.replace("import (", 'import (\n\t"database/sql"'), None),
        ("cassandra/sql.go", SQL_CODE, None),
        ("store/namespace.go", SQL_CODE, None),
        ("schema/postgresql/v1/schema.sql", None, None),
    ],
)
def test_engine_of(path: str, text: str | None, engine: str | None) -> None:
    assert engine_of(path, text) == engine
