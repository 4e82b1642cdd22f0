"""A Flyway migration is read as the database its configuration's JDBC URL names.

Guides s40: ``flyway.conf``'s ``flyway.url=jdbc:mysql://...`` was not read,
so a plain ``CREATE TABLE UserAccounts (id int)`` of a MySQL project's
``V1__init.sql`` was modelled as PostgreSQL folds it (``useraccounts``).
The configuration is ``flyway.conf`` (or ``conf/flyway.conf``), Flyway 10's
``flyway.toml``, or a Spring Boot application's ``application.properties``
/ ``application.yml`` beside ``src/main/resources/db/migration``. The
oracle is the database Flyway would run the file on: MariaDB keeps the
table's case, PostgreSQL folds it; the model's names are the catalog's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
import pg_server
from dbnamelint.cli import cli
from dbnamelint.flyway_config import file_dialect

MIGRATION = "CREATE TABLE UserAccounts (id int);\nCREATE INDEX UserIdx ON UserAccounts (id);\n"
SPRING = "src/main/resources/db/migration"
#: (configuration file, its text, the migrations folder) per way of naming the URL.
CONFIGS = {
    "flyway.conf": ("flyway.conf", "flyway.url=jdbc:{sub}://localhost/app\n", "sql"),
    "conf/flyway.conf": ("conf/flyway.conf", "flyway.url=jdbc:{sub}://localhost/app\n", "sql"),
    "flyway.toml": (
        "flyway.toml",
        '[environments.default]\nurl = "jdbc:{sub}://localhost/app"\n'
        '[flyway]\nenvironment = "default"\nlocations = ["filesystem:sql"]\n',
        "sql",
    ),
    "application.properties": (
        "src/main/resources/application.properties",
        "# jdbc:h2:mem:test in tests\nspring.datasource.url=jdbc:{sub}://localhost/app\n",
        SPRING,
    ),
    "application.yml": (
        "src/main/resources/application.yml",
        "spring:\n  datasource:\n    url: ${{DB_URL:jdbc:{sub}://localhost:5432/app}}\n",
        SPRING,
    ),
}


def _model(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, set[str]]:
    """(init's dialect line, the table and index names ``inspect`` models, as stored)."""
    monkeypatch.chdir(root)
    done = CliRunner().invoke(cli, ["init"])
    assert done.exit_code == 0, done.output
    dialect = next(x for x in done.output.splitlines() if x.startswith("Dialect: "))
    done = CliRunner().invoke(cli, ["inspect", "--format", "json", "--no-cache"])
    assert done.exit_code == 0, done.output
    objects = json.loads(done.stdout)["objects"]
    # the name as the database stores it (PostgreSQL folds an unquoted one)
    return dialect, {
        o["stored_name"] or o["name"] for o in objects if o["kind"] in ("table", "index")
    }


def _project(root: Path, config: str, sub: str) -> Path:
    path, text, folder = CONFIGS[config]
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text.format(sub=sub))
    (root / folder).mkdir(parents=True, exist_ok=True)
    (root / folder / "V1__init.sql").write_text(MIGRATION)
    return root / folder / "V1__init.sql"


def _mariadb_names(maria: mysql_server.MysqlServer, migration: Path) -> set[str]:
    with maria.fresh_database("s40_flyway_conf") as database:
        maria.run(file=migration, database=database)
        listed = maria.run(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
            " UNION SELECT INDEX_NAME FROM information_schema.STATISTICS"
            " WHERE TABLE_SCHEMA = DATABASE()",
            database=database,
        )
    return set(listed.split())


def _pg_names(pg: pg_server.PgServer, migration: Path) -> set[str]:
    with pg.fresh_database("s40_flyway_conf") as database:
        pg.run(files=[migration], dbname=database)
        rows = pg.query_json(
            "SELECT relname AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace"
            " WHERE s.nspname = 'public'",
            dbname=database,
        )
    return {r["n"] for r in rows}


@pytest.mark.parametrize("config", list(CONFIGS))
def test_a_mysql_url_reads_the_migrations_as_mysql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: mysql_server.MysqlServer, config: str
) -> None:
    migration = _project(tmp_path, config, "mysql")
    dialect, names = _model(tmp_path, monkeypatch)
    assert dialect == "Dialect: mysql (named by Flyway's configuration)"
    assert names == _mariadb_names(maria, migration) - {"PRIMARY"} == {"UserAccounts", "UserIdx"}


@pytest.mark.parametrize("config", ["flyway.conf", "application.yml"])
def test_a_postgresql_url_reads_them_as_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: pg_server.PgServer, config: str
) -> None:
    migration = _project(tmp_path, config, "postgresql")
    dialect, names = _model(tmp_path, monkeypatch)
    assert dialect == "Dialect: postgres (named by Flyway's configuration)"
    assert names == _pg_names(pg, migration) == {"useraccounts", "useridx"}


def test_what_a_configuration_names() -> None:
    assert file_dialect("flyway.url=jdbc:mariadb://db:3306/app\n") == "mariadb"
    assert file_dialect("url=jdbc:jtds:sqlserver://db/app\n") == "tsql"
    assert file_dialect("url=jdbc:oracle:thin:@db:1521:xe\n") == "oracle"
    # a commented-out URL is none; two databases, or one it does not know, say none
    assert file_dialect("#flyway.url=jdbc:mysql://x/app\nflyway.url=jdbc:sqlite:app.db\n") == (
        "sqlite"
    )
    assert file_dialect("a=jdbc:mysql://x/a\nb=jdbc:postgresql://x/b\n") is None
    assert file_dialect("spring.datasource.url=jdbc:h2:mem:app\n") is None


def test_a_url_for_two_databases_names_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spring profiles for two databases in one file: the SQL is read as
    without a configuration (PostgreSQL by default here)."""
    _project(tmp_path, "application.yml", "mysql")
    yml = tmp_path / "src/main/resources/application.yml"
    yml.write_text(
        yml.read_text() + "---\nspring:\n  config:\n    activate:\n      on-profile: pg\n"
        "  datasource:\n    url: jdbc:postgresql://localhost/app\n"
    )
    dialect, names = _model(tmp_path, monkeypatch)
    assert names == {"useraccounts", "useridx"}
    assert "mysql" not in dialect
