"""A many-to-many table whose default name is longer than the database takes.

Django names a ``ManyToManyField``'s table ``<table>_<field>`` cut by
``truncate_name`` to the backend's ``max_name_length()`` (PostgreSQL 63,
MySQL 64, SQLite none): the first ``length - 4`` characters and 4 hex digits
of the name's md5 (``fields/related.py`` ``_get_m2m_db_table``,
``db/backends/utils.py``). Its columns' foreign keys and indexes are named
from that cut name. The model held the whole name (PostgreSQL then cut it to
63 characters itself, no digest) and the names Django computed from it.

Oracle: Django 5.2's ``manage.py migrate`` of :data:`MIGRATIONS` on SQLite 3,
PostgreSQL 15 and MariaDB 10.11 (``DBNAMELINT_TEST_DJANGO``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dbnamelint.code_ddl_text import ddl_strings, for_database, sql_view
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from django_oracle import FOLDER, SETTINGS, kept, migrate, write_app
from oracle_tools import django_python
from pg_server import PgServer
from test_gate_django_swappable import HEAD

MIGRATIONS = {
    "0001_initial.py": HEAD
    + """class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Tag",
            fields=[("id", models.BigAutoField(primary_key=True, serialize=False))],
        ),
        migrations.CreateModel(
            name="NotebookEntryWithAVeryLongName",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("collaborators_from_other_teams", models.ManyToManyField(to="api.tag")),
            ],
        ),
        migrations.AddField(
            model_name="tag",
            name="entries_written_by_the_other_teams",
            field=models.ManyToManyField(to="api.notebookentrywithaverylongname"),
        ),
    ]
""",
}
#: The many-to-many tables as each database holds them.
TABLES = {
    "sqlite": {
        "api_notebookentrywithaverylongname",
        "api_notebookentrywithaverylongname_collaborators_from_other_teams",
        "api_tag",
        "api_tag_entries_written_by_the_other_teams",
    },
}


def _model(root: Path, family: str) -> tuple[set[str], set[str]]:
    views = []
    for name, text in MIGRATIONS.items():
        path = str(root / FOLDER / name)
        views.append(sql_view(text, for_database(ddl_strings(path, text), family)))
    schema = schema_from_sql("\n".join(views), dialect=family)
    tables = {o.name for o in schema.of_kind(ObjectKind.TABLE)}
    made = {o.name for o in schema.of_kind(ObjectKind.INDEX)}
    return tables, kept(made | {o.name for o in schema.of_kind(ObjectKind.CONSTRAINT)})


def _sqlite(root: Path) -> tuple[set[str], set[str]]:
    with sqlite3.connect(root / "app.db") as connection:
        rows = connection.execute(
            "SELECT type, name FROM sqlite_master WHERE tbl_name LIKE 'api%'"
        ).fetchall()
    return {n for t, n in rows if t == "table"}, kept({n for t, n in rows if t == "index"})


def _pg(pg: PgServer, database: str) -> tuple[set[str], set[str]]:
    tables = pg.query_json(
        "SELECT tablename AS n FROM pg_tables WHERE tablename LIKE 'api%'", dbname=database
    )
    rows = pg.query_json(
        "SELECT indexname AS n FROM pg_indexes WHERE tablename LIKE 'api%'"
        " UNION SELECT conname FROM pg_constraint WHERE conrelid::regclass::text LIKE '%api%'",
        dbname=database,
    )
    return {r["n"] for r in tables}, kept({r["n"] for r in rows})


def _maria(maria: object, database: str) -> tuple[set[str], set[str]]:
    import mysql_server

    assert isinstance(maria, mysql_server.MysqlServer)
    tables = maria.run(
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
        " AND TABLE_NAME LIKE 'api%'",
        database=database,
    )
    listed = maria.run(
        "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()"
        " AND TABLE_NAME LIKE 'api%' UNION SELECT CONSTRAINT_NAME FROM"
        " information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE()"
        " AND TABLE_NAME LIKE 'api%'",
        database=database,
    )
    return set(tables.split()), set(listed.split()) - {"PRIMARY"}


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_the_model_makes_djangos_names_on_sqlite(tmp_path: Path) -> None:
    python = django_python()
    assert python is not None
    migrate(tmp_path / "dj", python, MIGRATIONS, SETTINGS.format(apps='"api"', extra=""))
    write_app(tmp_path / "files", MIGRATIONS)
    made = _sqlite(tmp_path / "dj")
    assert made[0] == TABLES["sqlite"]
    assert _model(tmp_path / "files", "sqlite") == made


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_the_model_makes_djangos_names_on_postgres(tmp_path: Path, pg: PgServer) -> None:
    python = django_python()
    assert python is not None
    with pg.fresh_database("dbnamelint_django_truncate") as database:
        settings = SETTINGS.format(apps='"api"', extra="")
        migrate(tmp_path / "dj", python, MIGRATIONS, settings, f"{pg.conninfo} dbname={database}")
        made = _pg(pg, database)
    write_app(tmp_path / "files", MIGRATIONS)
    assert "api_notebookentrywithaverylongname_collaborators_from_otherdf7b" in made[0], made
    assert _model(tmp_path / "files", "postgres") == made


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_the_model_makes_djangos_names_on_mariadb(tmp_path: Path, maria: object) -> None:
    python = django_python()
    assert python is not None
    import mysql_server

    assert isinstance(maria, mysql_server.MysqlServer)
    with maria.fresh_database("dbn_django_truncate") as database:
        settings = SETTINGS.format(apps='"api"', extra="")
        my = f"{maria.host}:{maria.port}:{database}"
        migrate(tmp_path / "dj", python, MIGRATIONS, settings, my=my)
        made = _maria(maria, database)
    write_app(tmp_path / "files", MIGRATIONS)
    assert _model(tmp_path / "files", "mysql") == made


LONG_MODEL = "NotebookEntryWithAVeryLongNameThatGoesOnAndOnAndOnAndOnForever"
LONG = {
    "0001_initial.py": HEAD
    + f"""class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="{LONG_MODEL}",
            fields=[("id", models.BigAutoField(primary_key=True, serialize=False))],
        ),
    ]
""",
}


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
@pytest.mark.parametrize(("family", "length"), [("postgres", 63), ("mysql", 64)])
def test_a_model_table_django_truncates_is_said(tmp_path: Path, family: str, length: int) -> None:
    """A model's default table ``<app>_<model>`` longer than the database takes
    is ``truncate_name``'d too (``Options.contribute_to_class``): not followed
    in the model (its name would differ per database in every later
    operation), it is said, with the name Django gives it."""
    import subprocess

    from dbnamelint.django_names import implicit_sql

    python = django_python()
    assert python is not None
    table = f"api_{LONG_MODEL.lower()}"
    django = subprocess.run(
        [
            python,
            "-c",
            "import sys; from django.db.backends.utils import truncate_name; "
            "print(truncate_name(sys.argv[1], int(sys.argv[2])))",
            table,
            str(length),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert len(django) == length
    write_app(tmp_path, LONG)
    path = str(tmp_path / FOLDER / "0001_initial.py")
    said = [u for *_s, found in implicit_sql(path, LONG["0001_initial.py"], family) for u in found]
    assert [u for u in said if f"Django names it {django}," in u], said
    assert not [
        u for *_s, found in implicit_sql(path, LONG["0001_initial.py"], "sqlite") for u in found
    ]
