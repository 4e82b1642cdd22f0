"""Session 9 trial findings on the SQL reader (s9-t1).

#1: a comma inside ``[...]`` (``ARRAY['a', 'b']``, a subscript) or nested
``(...)`` does not end an ALTER TABLE action or a CREATE TABLE element. The
right model is PostgreSQL 15's catalog after running the same file.

#6: MySQL ``USE db`` sets the database of the unqualified names after it, in
its file; the right model is MariaDB's information_schema.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from msgspec.structs import replace

from dbnamelint.frontends.sql.sources import SourceSettings, discover
from dbnamelint.migration_text import PLACEHOLDER_CODE, prepare_text
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import Loaded, load_files
from mysql_server import MysqlServer
from pg_server import PgServer
from test_drift_tool_tables import drifted, run
from test_postgres_oracle import _report, compare, load_on_server, model_keys

_BRACKETS_SQL = """
CREATE TABLE polls (
    id int,
    vals text[] DEFAULT ARRAY['1', 'zz'],
    grid int[][] DEFAULT ARRAY[[1, 2], [3, 4]],
    first_of int DEFAULT (ARRAY[5, 6])[1],
    w int,
    CONSTRAINT polls_vals_check CHECK (vals <> ARRAY['x', 'y'])
);
ALTER TABLE polls ALTER COLUMN vals SET DEFAULT ARRAY['1', '2'], ADD COLUMN after_default int;
ALTER TABLE polls ADD COLUMN w2 text[] DEFAULT ARRAY['a','b'], ADD COLUMN w3 int;
ALTER TABLE polls ADD COLUMN sub int[] DEFAULT (ARRAY[7, 8, 9])[2:3], ADD COLUMN last_one int;
"""


@pytest.mark.slow
def test_commas_inside_brackets_do_not_split_elements_or_actions(
    pg: PgServer, tmp_path: Path
) -> None:
    (tmp_path / "1_polls.sql").write_text(_BRACKETS_SQL, encoding="utf-8")
    with pg.fresh_database("dbnl_s9_brackets") as db:
        loaded, catalog = load_on_server(pg, db, tmp_path, [tmp_path])
    assert not [d for d in loaded.diagnostics if d.code == "DBN004"], loaded.diagnostics
    diff = compare(catalog, model_keys(loaded.schema.objects))
    assert not diff, _report(diff)
    # Not vacuous: the columns after each bracketed comma are on the server.
    columns = {k[3] for k in catalog.objects if k[0] == "column"}
    assert {"w", "after_default", "w3", "last_one"} <= columns


# -- #6: MySQL ``USE db`` --------------------------------------------------


def _mysql_model(root: Path) -> Loaded:
    found, diagnostics = discover([str(root)], SourceSettings(root=root))
    assert not diagnostics, diagnostics
    return load_files([replace(f, dialect="mysql", dialect_guessed=False) for f in found], root)


@pytest.mark.slow
def test_use_sets_the_database_of_unqualified_names_as_the_server_does(
    maria: MysqlServer, tmp_path: Path
) -> None:
    """apollo's two scripts (``Use ApolloConfigDB;`` / ``Use ApolloPortalDB;``)
    each make a table ``App``: two tables, one per database, on the server and
    in the model; the second file's DROP TABLE drops only its own database's."""
    with (
        maria.fresh_database("dbnl_s9_config") as config,
        maria.fresh_database("dbnl_s9_portal") as portal,
    ):
        (tmp_path / "1_config.sql").write_text(
            f"USE {config};\n"
            "CREATE TABLE `App` (`Id` int PRIMARY KEY, `OrgId` varchar(32));\n"
            "CREATE TABLE `Only` (`Id` int);\n",
            encoding="utf-8",
        )
        (tmp_path / "2_portal.sql").write_text(
            f"Use {portal};\n"
            "DROP TABLE IF EXISTS `App`;\n"
            "CREATE TABLE `App` (`Id` int PRIMARY KEY, `OwnerName` varchar(32));\n"
            "CREATE INDEX ix_owner ON App (OwnerName);\n"
            f"USE `{config}`;\n"
            "ALTER TABLE `App` ADD COLUMN `Back` int;\n"
            "DROP TABLE `Only`;\n",
            encoding="utf-8",
        )
        for name in ("1_config.sql", "2_portal.sql"):  # each file a session of its own
            maria.run(file=tmp_path / name)
        listed = maria.run(
            "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS "
            f"WHERE TABLE_SCHEMA IN ('{config}', '{portal}')"
        )
        indexes = maria.run(
            "SELECT DISTINCT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME "
            "FROM information_schema.STATISTICS "
            f"WHERE TABLE_SCHEMA IN ('{config}', '{portal}') AND INDEX_NAME <> 'PRIMARY'"
        )
    server = {tuple(line.split("\t")) for line in listed.splitlines() if line}
    server_indexes = {tuple(line.split("\t")) for line in indexes.splitlines() if line}
    loaded = _mysql_model(tmp_path)
    objects = loaded.schema.objects
    model = {(o.table_schema, o.table, o.name) for o in objects if o.kind is ObjectKind.COLUMN}
    model_indexes = {
        (o.table_schema, o.table, o.name) for o in objects if o.kind is ObjectKind.INDEX
    }
    assert model == server
    assert model_indexes == server_indexes
    # Not vacuous: both databases hold an App, with different columns.
    assert {
        (config, "App", "OrgId"),
        (portal, "App", "OwnerName"),
        (config, "App", "Back"),
    } <= server


def test_drift_reads_the_used_database_as_the_connected_one(
    maria: MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A schema file that says ``USE db`` (sakila, employees, chinook) loaded
    into db: its objects are the database's, so drift has nothing to say; the
    same objects missing from the database are still drift."""
    (tmp_path / "db").mkdir()
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mariadb\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    with maria.fresh_database("dbnl_s9_use_drift") as db:
        up = tmp_path / "db" / "001.sql"
        up.write_text(
            f"USE `{db}`;\nCREATE TABLE `App` (`Id` int PRIMARY KEY, `OrgId` varchar(32));\n"
            "CREATE INDEX ix_org ON App (OrgId);\n",
            encoding="utf-8",
        )
        maria.run(file=up)
        code, out, err = run("drift", "--db", maria.url(db), "--format", "json")
        assert (code, drifted(out)) == (0, []), out + err
        maria.run("DROP INDEX ix_org ON App", database=db)
        code, out, _ = run("drift", "--db", maria.url(db), "--format", "json")
        assert code == 1 and drifted(out)


# -- #4: placeholders in comments ---------------------------------------------

_COMMENTED = (
    "-- see `${WEBAPP_URL}/api` for details\n"
    "CREATE TABLE users (id int);\n"
    "/* ${X}\n   ${X2} */\n"
    "CREATE TABLE ${p}_x (note text DEFAULT '-- ${Y}'); -- ${Z}\n"
)


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "sqlite"])
def test_a_placeholder_in_a_comment_gets_no_note(dialect: str) -> None:
    """formbricks quotes JS template strings in ``--`` comments: the server
    skips a comment (PostgreSQL manual 4.1.5; MySQL 11.7: ``-- `` and ``#``),
    so the placeholder there stands for no name. One in the statement, and
    one in a string that merely contains ``--``, still get theirs."""
    _, notes = prepare_text(_COMMENTED, "c.sql", dialect)
    placeholders = sorted(n.message.split("'")[1] for n in notes if n.code == PLACEHOLDER_CODE)
    assert placeholders == ["${Y}", "${p}"]


def test_mysql_hash_comment_and_mybatis_placeholder() -> None:
    text = "# ${H}\nCREATE TABLE t (a int) COMMENT 'x#${K}';\nSELECT #{id}, 1 --${W}\n;"
    _, notes = prepare_text(text, "m.sql", "mysql")
    found = sorted(n.message.split("'")[1] for n in notes if n.code == PLACEHOLDER_CODE)
    # '--${W}' is no comment in MySQL (the dashes need a blank after them).
    assert found == ["#{id}", "${K}", "${W}"]


# -- #7: DBN105 splits words as every rule does ---------------------------------


def _dbn105(name: str) -> list[str | None]:
    from dbnamelint.model import Location, Schema, SchemaObject, SourceFile
    from dbnamelint.rules.base import RuleContext
    from dbnamelint.rules.builtin.plural import TableNameSingular

    source = SourceFile("db/schema.sql", "mysql", None)
    obj = SchemaObject(ObjectKind.TABLE, name, Location(source.path, 1, 1), source, quoted=True)
    return [v.suggestion for v in TableNameSingular().check(obj, RuleContext(Schema((obj,))))]


@pytest.mark.parametrize(
    ("snake", "pascal", "expected"),
    [
        # Seed 001, Rule 2: plural nouns, `security_event_logs`; seed 000:
        # "ensure it uses `ws_activity_logs` (plural)". A type word at the
        # end is the table's noun, not an infix.
        ("audit_log", "AuditLog", ["audit_logs"]),
        ("change_log", "ChangeLog", ["change_logs"]),
        ("data_influence", "DataInfluence", ["data_influences"]),
        ("ws_activity_log", "WsActivityLog", ["ws_activity_logs"]),
        # Seed 000, Rule 8: <module>_<type>_<name> tables are skipped.
        ("ws_log_activity", "WsLogActivity", []),
        ("ws_cfg_sys", "WsCfgSys", []),
        ("audit_log_data_influence", "AuditLogDataInfluence", []),
    ],
)
def test_plural_rule_gives_both_spellings_one_verdict(
    snake: str, pascal: str, expected: list[str]
) -> None:
    assert _dbn105(snake) == expected
    assert len(_dbn105(pascal)) == len(expected)


def test_the_pascal_case_finding_gets_the_combined_suggestion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """apollo's `AuditLog`: DBN101 and DBN105 agree on `audit_logs` (before,
    DBN105 had no suggestion and `audit_log`, DBN101's, was exempt from it)."""
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    monkeypatch.chdir(tmp_path)  # the default rules, no project config
    sql = tmp_path / "m.sql"
    sql.write_text("CREATE TABLE `AuditLog` (id int);\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--dialect", "mysql", "--format", "json", str(sql)])
    import json

    found = {f["code"]: f["suggestion"] for f in json.loads(result.output)["findings"]}
    assert found == {"DBN101": "audit_logs", "DBN105": "audit_logs"}
