"""``AlterUniqueTogether``/``AlterIndexTogether`` drop what the database has (trial s42 plane).

plane's ``0001_initial`` made ``unique_together`` constraints under the
tables' first names (``workspace_name_owner_id_56867b58_uniq``), ``0012``
renamed the tables (``AlterModelTable``: ``workspace`` -> ``workspaces``),
``0071`` renamed a model (``RenameModel`` IssueProperty ->
IssueUserProperty) and ``0017``/``0073`` dropped them
(``unique_together=set()``). Django's ``_delete_composed_index`` drops the
constraint the database lists for the tuple's columns, by the name it was
made with. The model dropped a name made from the table's name now, which
never existed (a DBN011 note "is not created in the files; dropped here"),
kept the real one (12 constraints in the files but not in the database,
``drift``; two false DBN504 errors), and after a ``RenameModel`` dropped
nothing: the option was not carried to the new model. A ``RenameField`` of
a field the tuple lists (``ProjectState.rename_field`` "Fix
index/unique_together to refer to the new field") keeps the name too.

Oracle: Django 5.2's ``manage.py migrate`` of :data:`MIGRATIONS` on
PostgreSQL 15, MariaDB 10.11 and SQLite 3 (set ``DBNAMELINT_TEST_DJANGO``
to a Python with Django, psycopg and PyMySQL).
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

HEAD = "from django.db import migrations, models\n\n\n"
MIGRATIONS = {
    "0001_initial.py": HEAD
    + """class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Workspace",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=80)),
                ("owner", models.IntegerField()),
            ],
            options={"db_table": "workspace", "unique_together": {("name", "owner")}},
        ),
        migrations.CreateModel(
            name="IssueProperty",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("member", models.IntegerField()),
                ("project", models.IntegerField()),
            ],
            options={"db_table": "issue_property"},
        ),
        migrations.AlterUniqueTogether(
            name="issueproperty",
            unique_together={("member", "project")},
        ),
        migrations.CreateModel(
            name="State",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=80)),
                ("project", models.IntegerField()),
            ],
            options={"db_table": "state", "index_together": {("name", "project")}},
        ),
    ]
""",
    "0002_rename.py": HEAD
    + """class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.AlterModelTable(name="workspace", table="workspaces"),
        migrations.RenameField(model_name="workspace", old_name="name", new_name="title"),
        migrations.RenameModel(old_name="IssueProperty", new_name="IssueUserProperty"),
        migrations.AlterModelTable(name="issueuserproperty", table="issue_user_properties"),
        migrations.AlterModelTable(name="state", table="states"),
    ]
""",
    "0003_drop.py": HEAD
    + """class Migration(migrations.Migration):
    dependencies = [("api", "0002_rename")]

    operations = [
        migrations.AlterUniqueTogether(name="workspace", unique_together=set()),
        migrations.AlterUniqueTogether(name="issueuserproperty", unique_together=set()),
        migrations.AlterIndexTogether(name="state", index_together=set()),
    ]
""",
}
#: What ``migrate`` leaves on the three tables (primary keys aside): nothing,
#: on every database; before 0003, the names made under the first tables.
NAMES: set[str] = set()
BEFORE = {
    "workspace_name_owner_c7dfa2f8_uniq",
    "issue_property_member_project_f09631b2_uniq",
    "state_name_project_3ec9ac6e_idx",
}


def _model_names(root: Path, migrations: dict[str, str], family: str) -> set[str]:
    views = []
    for name, text in migrations.items():
        path = str(root / FOLDER / name)
        views.append(sql_view(text, for_database(ddl_strings(path, text), family)))
    schema = schema_from_sql("\n".join(views), dialect=family)
    made = {o.name for o in schema.of_kind(ObjectKind.INDEX)}
    return kept(made | {o.name for o in schema.of_kind(ObjectKind.CONSTRAINT)})


@pytest.mark.parametrize("family", ["postgres", "mysql", "sqlite"])
def test_the_model_drops_the_names_django_made(tmp_path: Path, family: str) -> None:
    write_app(tmp_path, MIGRATIONS)
    assert _model_names(tmp_path, MIGRATIONS, family) == NAMES


@pytest.mark.parametrize("family", ["postgres", "mysql"])
def test_the_names_before_the_drop(tmp_path: Path, family: str) -> None:
    first = {k: v for k, v in MIGRATIONS.items() if k != "0003_drop.py"}
    write_app(tmp_path, first)
    assert _model_names(tmp_path, first, family) == BEFORE


def _pg_names(pg: PgServer, database: str) -> set[str]:
    rows = pg.query_json(
        "SELECT indexname AS n FROM pg_indexes WHERE schemaname = 'public'"
        " AND tablename <> 'django_migrations'"
        " UNION SELECT conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
        " AND conrelid <> 'django_migrations'::regclass",
        dbname=database,
    )
    return kept({r["n"] for r in rows})


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
@pytest.mark.parametrize("upto", [("api", "0002_rename"), ()])
def test_django_migrate_on_postgres(tmp_path: Path, pg: PgServer, upto: tuple[str, ...]) -> None:
    python = django_python()
    assert python is not None
    with pg.fresh_database("dbn_s42_together") as database:
        settings = SETTINGS.format(apps='"api"', extra="")
        conninfo = f"{pg.conninfo} dbname={database}"
        migrate(tmp_path, python, MIGRATIONS, settings, conninfo, "", upto)
        assert _pg_names(pg, database) == (BEFORE if upto else NAMES)


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
@pytest.mark.parametrize("upto", [("api", "0002_rename"), ()])
def test_django_migrate_on_mariadb(tmp_path: Path, maria: object, upto: tuple[str, ...]) -> None:
    import mysql_server

    assert isinstance(maria, mysql_server.MysqlServer)
    python = django_python()
    assert python is not None
    with maria.fresh_database("dbn_s42_together") as database:
        settings = SETTINGS.format(apps='"api"', extra="")
        my = f"{maria.host}:{maria.port}:{database}"
        migrate(tmp_path, python, MIGRATIONS, settings, "", my, upto)
        listed = maria.run(
            "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()"
            " AND TABLE_NAME <> 'django_migrations'",
            database=database,
        )
    assert set(listed.split()) - {"PRIMARY"} == (BEFORE if upto else NAMES)


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_on_sqlite(tmp_path: Path) -> None:
    python = django_python()
    assert python is not None
    migrate(tmp_path, python, MIGRATIONS, SETTINGS.format(apps='"api"', extra=""))
    with sqlite3.connect(tmp_path / "app.db") as connection:
        rows = connection.execute(
            "SELECT name FROM sqlite_master"
            " WHERE type = 'index' AND tbl_name <> 'django_migrations'"
        )
        assert kept({r[0] for r in rows}) == NAMES
