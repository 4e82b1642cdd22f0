"""Trial 6 reader faults, each checked against a real server or the documents.

* MySQL/MariaDB with ``lower_case_table_names=0`` (the Linux default) keep
  tables, views, sequences and triggers apart by case, while columns,
  indexes and constraints compare without case (MySQL manual §11.2.3): the
  model must hold what ``information_schema`` holds after the same SQL.
* PostgreSQL ``SELECT ... INTO t`` creates table ``t`` (manual "SELECT
  INTO"); the model must hold what ``pg_catalog`` holds. SQL Server's
  ``SELECT ... INTO`` too (documents); MySQL's ``INTO @v`` creates nothing.
* osTicket's ``%TABLE_PREFIX%`` is a template placeholder.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import mysql_server
import pg_server
from dbnamelint.cli import cli
from dbnamelint.migration_text import PLACEHOLDER_CODE, has_placeholder, prepare_text
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql

pytestmark = pytest.mark.slow


def run(args: Sequence[str]) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def model_names(sql: str, dialect: str, kind: ObjectKind) -> set[str]:
    schema = schema_from_sql(sql, dialect=dialect)
    return {o.name for o in schema.objects if o.kind is kind}


def model_columns(sql: str, dialect: str) -> set[tuple[str, str]]:
    schema = schema_from_sql(sql, dialect=dialect)
    return {(str(o.table), o.name) for o in schema.objects if o.kind is ObjectKind.COLUMN}


# -- MySQL/MariaDB: which names compare with case --------------------------------


def _case_sensitive_server(maria: mysql_server.MysqlServer) -> None:
    if maria.run("SELECT @@lower_case_table_names").strip() != "0":
        pytest.skip("the server folds table names (lower_case_table_names != 0)")


def _server_list(maria: mysql_server.MysqlServer, db: str, sql: str) -> set[str]:
    return {line for line in maria.run(sql, database=db).splitlines() if line}


MIXED_CASE = (
    "CREATE TABLE `order` (id int PRIMARY KEY);\n"
    "CREATE TABLE `Order` (id int PRIMARY KEY);\n"
    "CREATE TABLE `ORDER` (id int PRIMARY KEY);\n"
    "CREATE VIEW v AS SELECT 1 AS x;\n"
    "CREATE VIEW V AS SELECT 2 AS x;\n"
    "CREATE TRIGGER tr BEFORE INSERT ON `order` FOR EACH ROW SET NEW.id = 1;\n"
    "CREATE TRIGGER TR BEFORE UPDATE ON `order` FOR EACH ROW SET NEW.id = 1;\n"
    "CREATE SEQUENCE s;\n"
    "CREATE SEQUENCE S;\n"
)

#: Each statement works on the server only because the names compare
#: without case: `IX`, `CK`, `A` are the index, check and column made as
#: `ix`, `ck`, `a`.
CASE_BLIND = (
    "CREATE TABLE t (a int, b int, KEY ix (a), CONSTRAINT ck CHECK (a > 0));\n"
    "ALTER TABLE t DROP INDEX IX;\n"
    "ALTER TABLE t DROP CONSTRAINT CK;\n"
    "ALTER TABLE t CHANGE COLUMN A renamed int;\n"
    "ALTER TABLE t ADD KEY Kb (b);\n"
    "ALTER TABLE t RENAME INDEX kB TO kb2;\n"
)


def test_tables_views_triggers_and_sequences_differing_in_case_are_distinct(
    maria: mysql_server.MysqlServer,
) -> None:
    _case_sensitive_server(maria)
    with maria.fresh_database("dbnl_trial6_case") as db:
        maria.run(MIXED_CASE, database=db)
        tables = _server_list(
            maria,
            db,
            "SELECT TABLE_NAME FROM information_schema.TABLES"
            " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'",
        )
        views = _server_list(
            maria,
            db,
            "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()",
        )
        sequences = _server_list(
            maria,
            db,
            "SELECT TABLE_NAME FROM information_schema.TABLES"
            " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'SEQUENCE'",
        )
        triggers = _server_list(
            maria,
            db,
            "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS"
            " WHERE TRIGGER_SCHEMA = DATABASE()",
        )
    assert tables == {"order", "Order", "ORDER"}  # the oracle, as the README of the trial says
    assert model_names(MIXED_CASE, "mariadb", ObjectKind.TABLE) == tables
    assert model_names(MIXED_CASE, "mariadb", ObjectKind.VIEW) == views == {"v", "V"}
    assert model_names(MIXED_CASE, "mariadb", ObjectKind.SEQUENCE) == sequences == {"s", "S"}
    assert model_names(MIXED_CASE, "mariadb", ObjectKind.TRIGGER) == triggers == {"tr", "TR"}
    schema = schema_from_sql(MIXED_CASE, dialect="mariadb")
    assert [d.message for d in schema.diagnostics if "created again" in d.message] == []


def test_columns_indexes_and_constraints_compare_without_case(
    maria: mysql_server.MysqlServer,
) -> None:
    _case_sensitive_server(maria)
    with maria.fresh_database("dbnl_trial6_blind") as db:
        maria.run(CASE_BLIND, database=db)
        columns = _server_list(
            maria,
            db,
            "SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME) FROM information_schema.COLUMNS"
            " WHERE TABLE_SCHEMA = DATABASE()",
        )
        indexes = _server_list(
            maria,
            db,
            "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS"
            " WHERE TABLE_SCHEMA = DATABASE()",
        )
        checks = _server_list(
            maria,
            db,
            "SELECT CONSTRAINT_NAME FROM information_schema.CHECK_CONSTRAINTS"
            " WHERE CONSTRAINT_SCHEMA = DATABASE()",
        )
    assert {f"{t}.{c}" for t, c in model_columns(CASE_BLIND, "mariadb")} == columns
    assert model_names(CASE_BLIND, "mariadb", ObjectKind.INDEX) == indexes == {"kb2"}
    constraints = model_names(CASE_BLIND, "mariadb", ObjectKind.CONSTRAINT)
    assert constraints == checks == set()


def test_drift_sees_a_table_differing_only_in_case(
    maria: mysql_server.MysqlServer, tmp_path: Path
) -> None:
    """Files make three tables, the database two: drift names the missing one
    (before, both sides folded them into one table and said "No drift")."""
    _case_sensitive_server(maria)
    files = tmp_path / "001.sql"
    files.write_text(MIXED_CASE.split("CREATE VIEW", maxsplit=1)[0], encoding="utf-8")
    with maria.fresh_database("dbnl_trial6_drift") as db:
        maria.run(
            "CREATE TABLE `order` (id int PRIMARY KEY); CREATE TABLE `Order` (id int PRIMARY KEY);",
            database=db,
        )
        result = run(
            ["drift", "--dialect", "mariadb", "--db", maria.url(db), "--format", "json", str(files)]
        )
    assert result.exit_code == 1, result.output
    items = json.loads(result.stdout)["drift"]
    assert [(i["drift"], i["files_name"]) for i in items] == [("only_in_files", "ORDER")]


# -- SELECT ... INTO ------------------------------------------------------------

SELECT_INTO = (
    "CREATE TABLE roles (id int, name text);\n"
    'SELECT * INTO "BadInto" FROM roles;\n'
    "SELECT id, name AS label, upper(name) INTO TABLE picked FROM roles WHERE id > 1;\n"
    "SELECT 1 AS one INTO UNLOGGED counted;\n"
    "WITH c AS (SELECT id FROM roles) SELECT id INTO public.from_cte FROM c;\n"
    "SELECT count(*) FROM roles;\n"
    "INSERT INTO roles SELECT * FROM roles;\n"
    "WITH c AS (SELECT 1 AS id) INSERT INTO roles (id) SELECT id FROM c;\n"
    "SELECT id FROM roles WHERE id IN (SELECT id FROM roles);\n"
    "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\n"
    "DECLARE n int;\nBEGIN SELECT count(*) INTO n FROM roles; RETURN n; END $$;\n"
    "SELECT f();\n"
)

_PG_COLUMNS = (
    "SELECT c.relname AS t, a.attname AS col FROM pg_attribute a"
    " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped"
)


def test_postgres_select_into_creates_the_tables_the_catalog_holds(
    pg: pg_server.PgServer, tmp_path: Path
) -> None:
    script = tmp_path / "001.sql"
    script.write_text(SELECT_INTO, encoding="utf-8")
    with pg.fresh_database("dbnl_trial6_into") as db:
        pg.run(files=[script], dbname=db)
        rows = pg.query_json(_PG_COLUMNS, db)
    catalog = {(r["t"], r["col"]) for r in rows}
    assert ("BadInto", "name") in catalog and ("picked", "upper") in catalog  # the oracle
    assert model_columns(SELECT_INTO, "postgres") == catalog
    assert model_names(SELECT_INTO, "postgres", ObjectKind.TABLE) == {t for t, _ in catalog}


def test_select_into_temp_is_read_as_create_temp_table_as() -> None:
    """A temporary table lives for the session: neither form leaves one in
    the model, and the permanent table beside them stays."""
    into = "CREATE TABLE roles (id int);\nSELECT id INTO TEMP scratch FROM roles;\n"
    ctas = "CREATE TABLE roles (id int);\nCREATE TEMP TABLE scratch AS SELECT id FROM roles;\n"
    got = [(o.kind, o.name) for o in schema_from_sql(into).objects]
    assert got == [(o.kind, o.name) for o in schema_from_sql(ctas).objects]
    assert got == [(ObjectKind.TABLE, "roles"), (ObjectKind.COLUMN, "id")]


def test_select_into_is_checked_like_create_table_as(tmp_path: Path) -> None:
    """The trial's file: both bad names are findings now."""
    path = tmp_path / "001.sql"
    path.write_text(
        'CREATE TABLE roles (id int);\nSELECT * INTO "BadInto" FROM roles;\n'
        'CREATE TABLE "BadCtas" AS SELECT * FROM roles;\n',
        encoding="utf-8",
    )
    result = run(["check", "--format", "json", str(path)])
    found = {(f["code"], f["name"]) for f in json.loads(result.stdout)["findings"]}
    assert found == {("DBN101", "BadInto"), ("DBN101", "BadCtas")}


def test_tsql_select_into_creates_a_table_and_a_hash_name_a_temporary_one() -> None:
    """SQL Server docs, SELECT - INTO Clause: "creates a new table in the default
    filegroup and inserts the resulting rows from the query into it"; a
    ``#`` name is a local temporary table."""
    sql = (
        "CREATE TABLE dbo.src (a int, b int);\n"
        "SELECT a, b AS bee INTO dbo.NewT FROM dbo.src;\n"
        "SELECT * INTO #scratch FROM dbo.src;\n"
    )
    assert model_names(sql, "tsql", ObjectKind.TABLE) == {"src", "NewT"}  # #scratch: temporary
    assert model_columns(sql, "tsql") == {
        ("src", "a"),
        ("src", "b"),
        ("NewT", "a"),
        ("NewT", "bee"),
    }


def test_mysql_select_into_variables_creates_nothing(maria: mysql_server.MysqlServer) -> None:
    sql = "CREATE TABLE t (a int);\nSELECT a INTO @v FROM t;\nSELECT 1 INTO @w;\n"
    with maria.fresh_database("dbnl_trial6_myinto") as db:
        maria.run(sql, database=db)
        tables = _server_list(
            maria,
            db,
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
        )
    assert tables == {"t"}
    assert model_names(sql, "mysql", ObjectKind.TABLE) == tables


# -- %NAME% placeholders ----------------------------------------------------------


def test_percent_placeholders_are_blanked_and_noted() -> None:
    text = (
        "CREATE TABLE `%TABLE_PREFIX%api_keys` (id int);\n"
        "CREATE TABLE %%PREFIX%%config (id int);\n"
        "CREATE TABLE t (s text CHECK (s LIKE '%ABC%'), u text CHECK (u LIKE '%AB%cd'),"
        " d varchar(9) DEFAULT (DATE_FORMAT(now(), 'x%Y%m%d')));\n"
    )
    out, notes = prepare_text(text, "install-mysql.sql", "mysql")
    assert len(out) == len(text)
    assert "`" + "_" * len("%TABLE_PREFIX%") + "api_keys`" in out
    assert "_" * len("%%PREFIX%%") + "config" in out
    assert text.splitlines()[2] == out.splitlines()[2]  # patterns are not placeholders
    assert [(n.code, n.location.line) for n in notes] == [
        (PLACEHOLDER_CODE, 1),
        (PLACEHOLDER_CODE, 2),
    ]
    assert has_placeholder("______________api_keys") and not has_placeholder("api__keys")


def test_a_table_prefixed_by_a_placeholder_is_not_judged_its_columns_are(tmp_path: Path) -> None:
    path = tmp_path / "install-mysql.sql"
    path.write_text(
        "CREATE TABLE `%TABLE_PREFIX%api_keys` (\n  `Id` int NOT NULL,\n  PRIMARY KEY (`Id`)\n);\n",
        encoding="utf-8",
    )
    result = run(["check", "--dialect", "mysql", "--format", "json", str(path)])
    found = [(f["code"], f["name"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("DBN201", "Id")]


def test_a_whitelisted_table_stays_listed_when_one_differing_in_case_is_added(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trial's gate: `Orders` is whitelisted, a migration adds `ORDERS`
    (a second table on the server, see above): the new table is a finding
    and the entry is not stale ("did you mean ORDERS?" before)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "db").mkdir()
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mariadb\n", encoding="utf-8")
    (tmp_path / "db" / "001.sql").write_text(
        "CREATE TABLE `Orders` (id int PRIMARY KEY);\n", encoding="utf-8"
    )
    assert run(["whitelist", "init"]).exit_code == 0
    (tmp_path / "db" / "002.sql").write_text(
        "CREATE TABLE `ORDERS` (id int PRIMARY KEY);\n", encoding="utf-8"
    )
    result = run(["check", "--format", "json"])
    out = json.loads(result.stdout)
    assert result.exit_code == 1
    assert [(f["name"], f["whitelisted"]) for f in out["findings"]] == [
        ("Orders", True),
        ("ORDERS", False),
    ]
    assert out["stale_whitelist"] == []
