"""A foreign key to a ``varchar`` key gets PostgreSQL's ``_like`` index (trial s42 plane).

plane's ``DeviceSession.session`` is a ``ForeignKey`` to its ``Session``
model, whose primary key ``session_key`` is a ``CharField``: the key's
column is ``varchar`` (``ForeignKey.db_type`` is the target field's
``rel_db_type``), so Django's PostgreSQL schema editor adds
``device_sessions_session_id_5382b02b_like`` beside the key's index
(``_create_like_index_sql``). The model took every foreign key for an
integer: that index was only in the database (``drift``). So is a key
``to_field=`` a ``CharField``; an ``AlterField`` to ``db_index=False``
drops both.

Oracle: Django 5.2's ``manage.py migrate`` of :data:`MIGRATIONS` on
PostgreSQL 15 (``DBNAMELINT_TEST_DJANGO``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dbnamelint.code_ddl_text import ddl_strings, for_database, sql_view
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from django_oracle import FOLDER, SETTINGS, kept, migrate, write_app
from oracle_tools import django_python
from pg_server import PgServer

HEAD = "import django.db.models.deletion\nfrom django.db import migrations, models\n\n\n"
CASCADE = "on_delete=django.db.models.deletion.CASCADE"
MIGRATIONS = {
    "0001_initial.py": HEAD
    + f"""class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Session",
            fields=[
                ("session_key", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("code", models.CharField(max_length=20, unique=True)),
            ],
            options={{"db_table": "sessions"}},
        ),
        migrations.CreateModel(
            name="DeviceSession",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("session", models.ForeignKey({CASCADE}, to="api.session")),
                ("by_code", models.ForeignKey({CASCADE}, to="api.session", to_field="code",
                    related_name="+")),
                ("kept", models.ForeignKey({CASCADE}, to="api.session", related_name="+")),
            ],
            options={{"db_table": "device_sessions"}},
        ),
    ]
""",
    "0002_unindexed.py": HEAD
    + f"""class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="devicesession",
            name="kept",
            field=models.ForeignKey({CASCADE}, to="api.session", related_name="+",
                db_index=False),
        ),
    ]
""",
}
#: What ``migrate`` leaves (primary keys aside): each key's index and its
#: ``_like`` twin (the keys' too), ``kept``'s both dropped by 0002 (its
#: constraint stays).
NAMES = {
    "device_sessions_by_code_id_f08ce9a1",
    "device_sessions_by_code_id_f08ce9a1_fk_sessions_code",
    "device_sessions_by_code_id_f08ce9a1_like",
    "device_sessions_kept_id_46b86f63_fk_sessions_session_key",
    "device_sessions_session_id_5382b02b",
    "device_sessions_session_id_5382b02b_fk_sessions_session_key",
    "device_sessions_session_id_5382b02b_like",
    "sessions_code_94858d46_like",
    "sessions_code_key",
    "sessions_session_key_58f9471b_like",
}


def _model_names(root: Path) -> set[str]:
    views = []
    for name, text in MIGRATIONS.items():
        path = str(root / FOLDER / name)
        views.append(sql_view(text, for_database(ddl_strings(path, text), "postgres")))
    schema = schema_from_sql("\n".join(views), dialect="postgres")
    made = {o.name for o in schema.of_kind(ObjectKind.INDEX)}
    return kept(made | {o.name for o in schema.of_kind(ObjectKind.CONSTRAINT)})


def test_the_model_holds_the_like_indexes(tmp_path: Path) -> None:
    write_app(tmp_path, MIGRATIONS)
    assert _model_names(tmp_path) == NAMES


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_on_postgres(tmp_path: Path, pg: PgServer) -> None:
    python = django_python()
    assert python is not None
    with pg.fresh_database("dbn_s42_fk_like") as database:
        settings = SETTINGS.format(apps='"api"', extra="")
        migrate(tmp_path, python, MIGRATIONS, settings, f"{pg.conninfo} dbname={database}")
        rows = pg.query_json(
            "SELECT indexname AS n FROM pg_indexes WHERE tablename LIKE '%sessions'"
            " UNION SELECT conname FROM pg_constraint WHERE conrelid::regclass::text"
            " LIKE '%sessions'",
            dbname=database,
        )
    assert kept({r["n"] for r in rows}) == NAMES
