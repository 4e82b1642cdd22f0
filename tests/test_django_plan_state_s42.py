"""A key to another app's model is named after its table when the migration runs (trial s42 plane).

plane's ``license/0001_initial`` depends on
``migrations.swappable_dependency(settings.AUTH_USER_MODEL)``, which is
``("db", "__first__")``; ``db/0001`` made the user's table ``user`` and
``db/0012`` renamed it ``users`` (``AlterModelTable``). The model named
license's keys to the user after the table the dependency leaves,
``instances_created_by_id_c76e92ef_fk_user_id``; Django's ``migrate`` runs
every ``db`` migration first (its plan takes the apps' leaves in order,
``db`` before ``license``) and names it after the state then:
``..._fk_users_id`` (10 keys differing in ``drift``, and DBN011 notes
"this statement still uses the old name").

Oracle: Django 5.2's ``manage.py migrate`` on PostgreSQL 15
(``DBNAMELINT_TEST_DJANGO``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dbnamelint.code_ddl_text import ddl_strings, for_database, sql_view
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from django_oracle import SETTINGS, run_migrate, write_app
from oracle_tools import django_python
from pg_server import PgServer

HEAD = (
    "import django.db.models.deletion\nfrom django.conf import settings\n"
    "from django.db import migrations, models\n\n\n"
)
DB = {
    "0001_initial.py": HEAD
    + """class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="User",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("password", models.CharField(max_length=128)),
                ("last_login", models.DateTimeField(blank=True, null=True)),
            ],
            options={"db_table": "user"},
        ),
    ]
""",
    "0002_users.py": HEAD
    + """class Migration(migrations.Migration):
    dependencies = [("db", "0001_initial")]

    operations = [migrations.AlterModelTable(name="user", table="users")]
""",
}
LICENSE = {
    "0001_initial.py": HEAD
    + """class Migration(migrations.Migration):
    initial = True

    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="Instance",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"db_table": "instances"},
        ),
    ]
""",
}
#: The key Django's migrate makes (the oracle test), and its index.
KEY = "instances_created_by_id_c76e92ef_fk_users_id"
INDEX = "instances_created_by_id_c76e92ef"
MANAGE = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")\n'
EXTRA = 'AUTH_USER_MODEL = "db.User"'


def _write(root: Path) -> None:
    write_app(root, DB, "db")
    write_app(root, LICENSE, "license")
    (root / "manage.py").write_text(MANAGE)
    (root / "settings.py").write_text(SETTINGS.format(apps='"db", "license"', extra=EXTRA))


def test_the_key_is_named_after_the_table_when_it_runs(tmp_path: Path) -> None:
    _write(tmp_path)
    views = []
    for app, files in (("db", DB), ("license", LICENSE)):  # migrate's order
        for name, text in files.items():
            path = str(tmp_path / app / "migrations" / name)
            views.append(sql_view(text, for_database(ddl_strings(path, text), "postgres")))
    schema = schema_from_sql("\n".join(views), dialect="postgres")
    names = {o.name for o in schema.of_kind(ObjectKind.CONSTRAINT)}
    names |= {o.name for o in schema.of_kind(ObjectKind.INDEX)}
    assert {n for n in names if n.startswith("instances_created")} == {KEY, INDEX}


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_on_postgres(tmp_path: Path, pg: PgServer) -> None:
    python = django_python()
    assert python is not None
    _write(tmp_path)
    with pg.fresh_database("dbn_s42_plan_state") as database:
        settings = SETTINGS.format(apps='"db", "license"', extra=EXTRA)
        run_migrate(tmp_path, python, settings, f"{pg.conninfo} dbname={database}")
        rows = pg.query_json(
            "SELECT conname AS n FROM pg_constraint WHERE conrelid = 'instances'::regclass"
            " UNION SELECT indexname FROM pg_indexes WHERE tablename = 'instances'",
            dbname=database,
        )
    assert {r["n"] for r in rows} - {"instances_pkey"} == {KEY, INDEX}
