"""The Flyway undo note names the history table of the instance that runs the
undo file's folder when the config names it (trial s19, conductor: its
scheduler's Flyway keeps ``flyway_schema_history_scheduler``, set in Java
with ``.table(...)``, and the note said ``flyway_schema_history``).

The oracle: on PostgreSQL, a database holding the instance's history table
(and no default one), the note's ``DELETE`` runs and removes the version's row.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo
from pg_server import PgServer

CORE = "core/db/migration_postgres"
SCHED = "scheduler/db/migration_scheduler"
WHITELIST = """phases:
  - {id: "1", title: x, status: open}
entries:
  - {kind: table, name: Scheduler, rules: [DBN101], phase: "1", target: schedulers}
"""


def _config(table: str | None) -> str:
    sched = f"{{locations: [{SCHED}], table: {table}}}" if table else f"[{SCHED}]"
    return f"dialect: postgres\nflyway_locations:\n  - [{CORE}]\n  - {sched}\n"


def _tree(root: Path, monkeypatch: pytest.MonkeyPatch, table: str | None) -> None:
    committed_repo(
        root,
        {
            "dbnamelint.yaml": _config(table),
            "whitelist.yaml": WHITELIST,
            f"{CORE}/V1__init.sql": "CREATE TABLE workflows (id int PRIMARY KEY);\n",
            f"{SCHED}/V1__init.sql": 'CREATE TABLE "Scheduler" (id int PRIMARY KEY);\n',
        },
        monkeypatch,
    )


def _undo_note(*args: str) -> str:
    done = CliRunner().invoke(cli, ["migrate", "--phase", "1", *args])
    assert done.exit_code == 0, done.output
    (note,) = [line for line in done.stderr.splitlines() if "Flyway runs the undo" in line]
    return note


def test_the_instance_history_table_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    _tree(tmp_path, monkeypatch, "flyway_schema_history_scheduler")
    note = _undo_note("--write")
    assert f"{SCHED}/U2__rename_phase_1.sql" in note, note
    found = re.search(r"DELETE FROM (\w+) WHERE version = '2'", note)
    assert found is not None and found.group(1) == "flyway_schema_history_scheduler", note
    assert "as the config's flyway_locations names it" in note
    assert "if set" not in note
    with pg.fresh_database("dbn_smalls_flyway_table") as db:
        pg.run(
            sql="CREATE TABLE flyway_schema_history_scheduler (version varchar(50)); "
            "INSERT INTO flyway_schema_history_scheduler VALUES ('1'), ('2');",
            dbname=db,
        )
        pg.run(sql=found.group(0), dbname=db)
        rows = pg.query_json("SELECT version FROM flyway_schema_history_scheduler", db)
        assert rows == [{"version": "1"}]


def test_without_a_table_the_default_is_named_with_its_caveat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, monkeypatch, None)
    note = _undo_note()
    assert "DELETE FROM flyway_schema_history WHERE version = '2'" in note, note
    assert "spring.flyway.table, flyway.table or flyway.datasources.<name>.table" in note


def test_an_unknown_key_in_an_instance_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, monkeypatch, "x")
    (tmp_path / "dbnamelint.yaml").write_text(_config("x").replace("table: x", "tabel: x"))
    done = CliRunner().invoke(cli, ["check"])
    assert done.exit_code == 2, done.output
    assert "dbnamelint.yaml:4" in done.output and "tabel" in done.output, done.output


#: Where projects set the table (Spring Boot's spring.flyway.table, Flyway's
#: own flyway.table): hawkbit's module properties file, an application.yml, a
#: flyway.conf.
SETTINGS = {
    "properties": (
        "core/src/main/resources/hawkbit-jpa-flyway-defaults.properties",
        "spring.flyway.enabled=true\nspring.flyway.table=schema_version\n",
    ),
    "yaml": (
        "core/src/main/resources/application.yml",
        "spring:\n  jpa:\n    open-in-view: false\n  flyway:\n    table: schema_version\n",
    ),
    "flyway-conf": (
        "core/flyway.conf",
        "flyway.locations=filesystem:db\nflyway.table=schema_version\n",
    ),
}


@pytest.mark.parametrize("where", list(SETTINGS))
def test_the_projects_own_setting_names_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, where: str
) -> None:
    """hawkbit sets ``spring.flyway.table=schema_version`` (trial s33: the
    note said ``flyway_schema_history``, a table hawkbit's databases do not
    have). Oracle: the note's DELETE runs on PostgreSQL holding that table."""
    path, text = SETTINGS[where]
    folder = "core/src/main/resources/db/migration/POSTGRESQL"
    committed_repo(
        tmp_path,
        {
            "dbnamelint.yaml": "dialect: postgres\npaths: [core]\n",
            "whitelist.yaml": WHITELIST,
            f"{folder}/V1__init.sql": 'CREATE TABLE "Scheduler" (id int PRIMARY KEY);\n',
            path: text,
        },
        monkeypatch,
    )
    note = _undo_note("--write")
    found = re.search(r"DELETE FROM (\w+) WHERE version = '2'", note)
    assert found is not None and found.group(1) == "schema_version", note
    assert f"as {path} sets it" in note and "if set" not in note, note
    with pg.fresh_database("dbn_flyway_spring_table") as db:
        pg.run(
            sql="CREATE TABLE schema_version (version varchar(50)); "
            "INSERT INTO schema_version VALUES ('1'), ('2');",
            dbname=db,
        )
        pg.run(sql=found.group(0), dbname=db)
        assert pg.query_json("SELECT version FROM schema_version", db) == [{"version": "1"}]


def test_two_different_settings_name_no_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two files naming different tables: which one runs is the app's choice
    (a profile), so the note keeps the default with its caveat."""
    folder = "core/src/main/resources/db/migration"
    committed_repo(
        tmp_path,
        {
            "dbnamelint.yaml": "dialect: postgres\npaths: [core]\n",
            "whitelist.yaml": WHITELIST,
            f"{folder}/V1__init.sql": 'CREATE TABLE "Scheduler" (id int PRIMARY KEY);\n',
            "core/src/main/resources/a.properties": "spring.flyway.table=one\n",
            "core/src/main/resources/b.properties": "spring.flyway.table=two\n",
        },
        monkeypatch,
    )
    note = _undo_note()
    assert "DELETE FROM flyway_schema_history WHERE version = '2'" in note, note
    assert "if set" in note
