"""A Django model as migrate makes it on PostgreSQL: netbox's kinds (trial s32).

Each of these was wrong in the model built from the migrations (so a
generated rename migration failed on the real database, or the gate judged
names the database does not hold):

- a ``UniqueConstraint`` with ``condition=`` or expressions is a unique
  INDEX (``CREATE UNIQUE INDEX``), renamed with ``ALTER INDEX``, not a
  constraint;
- ``AlterUniqueTogether(unique_together=set())`` drops the ``_uniq``
  constraint;
- django-taggit's ``TaggableManager`` is no column (a relation through
  ``taggit.TaggedItem``), django-mptt's ``TreeForeignKey`` is a foreign key
  (``parent_id``, its constraint and index), a foreign key to
  ``contenttypes.ContentType`` references ``django_content_type``;
- a proxy model makes no table, and drops none (a foreign key to it references its
  concrete model's table);
- ``PositiveIntegerField``/``PositiveSmallIntegerField``/
  ``PositiveBigIntegerField`` make ``<table>_<column>_check`` on PostgreSQL
  (an ``AlterField`` to one ``<table>_<column>_<hash>_check``; from one drops it);
- a ``RenameField`` of a foreign key makes its constraint again under the
  new column's name (its index keeps the old one);
- ``AlterModelTable`` (``table=None`` too: back to ``<app>_<model>``),
  ``RenameField`` of a many-to-many field and ``RenameModel`` rename the
  many-to-many table, ``RenameModel`` its ``<model>_id`` column and that
  column's foreign key;
- a foreign key to another app's model is named after the table that app's
  migrations leave at the migration this one depends on (netbox's
  ``users.User``, ``db_table="auth_user"`` until ``users/0005``).

Oracle: Django 6.0 (django-mptt 0.18, django-taggit 6.1) ``manage.py
migrate`` of :data:`MIGRATIONS` on PostgreSQL 15
(``test_django_migrate_makes_those_names_on_postgres``: set
``DBNAMELINT_TEST_DJANGO`` to a Python with Django, psycopg, django-mptt
and django-taggit, else it skips).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from dbnamelint.code_ddl_text import ddl_strings, for_database, sql_view
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from django_oracle import FOLDER, SETTINGS, run_migrate, write_app
from oracle_tools import django_python
from pg_server import PgServer

MIGRATIONS = {
    "0001_initial.py": """import django.db.models.deletion
import django.db.models.functions.text
import mptt.fields
import taggit.managers
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="Region",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=100)),
                ("lft", models.PositiveIntegerField(editable=False)),
                ("level", models.PositiveSmallIntegerField(editable=False)),
                (
                    "parent",
                    mptt.fields.TreeForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="children",
                        to="api.region",
                    ),
                ),
                (
                    "object_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        to="contenttypes.contenttype",
                    ),
                ),
                (
                    "tags",
                    taggit.managers.TaggableManager(through="taggit.TaggedItem", to="taggit.Tag"),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("parent", "name"), name="api_region_parent_name"
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("parent__isnull", True)),
                        fields=("name",),
                        name="api_region_name",
                    ),
                    models.UniqueConstraint(
                        django.db.models.functions.text.Lower("name"), name="api_region_lower_name"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="RegionProxy",
            fields=[],
            options={"proxy": True, "indexes": [], "constraints": []},
            bases=("api.region",),
        ),
        migrations.CreateModel(
            name="Port",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=100)),
                (
                    "device_role",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="api.regionproxy"
                    ),
                ),
            ],
            options={"unique_together": {("device_role", "name")}},
        ),
    ]
""",
    "0002_changes.py": """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.AlterUniqueTogether(name="port", unique_together=set()),
        migrations.RenameField(model_name="port", old_name="device_role", new_name="role"),
        migrations.AddField(
            model_name="port", name="count", field=models.PositiveBigIntegerField(default=0)
        ),
        migrations.AddField(
            model_name="port", name="size", field=models.IntegerField(default=0)
        ),
        migrations.CreateModel(
            name="PortProxy",
            fields=[],
            options={"proxy": True},
            bases=("api.port",),
        ),
        migrations.AddConstraint(
            model_name="port",
            constraint=models.UniqueConstraint(
                condition=models.Q(("count", 0)), fields=("role", "name"), name="api_port_role_name"
            ),
        ),
        migrations.CreateModel(
            name="Group",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("members", models.ManyToManyField(to="api.port")),
            ],
        ),
    ]
""",
    "0003_rename.py": """from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("api", "0002_changes")]

    operations = [
        migrations.AlterModelTable(name="group", table="api_groups"),
        migrations.RenameField(model_name="group", old_name="members", new_name="ports"),
    ]
""",
    "0004_back.py": """from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("api", "0003_rename")]

    operations = [
        migrations.AlterModelTable(name="group", table=None),
    ]
""",
    "0005_team.py": """from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("api", "0004_back")]

    operations = [
        migrations.RenameModel(old_name="Group", new_name="Team"),
    ]
""",
    "0006_alter.py": """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("api", "0005_team")]

    operations = [
        migrations.AlterField(
            model_name="port", name="count", field=models.BigIntegerField(default=0)
        ),
        migrations.AlterField(
            model_name="port", name="size", field=models.PositiveIntegerField(default=0)
        ),
        migrations.DeleteModel(name="PortProxy"),
    ]
""",
    "0007_owner.py": """import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("api", "0006_alter"), ("zusers", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="port",
            name="owner",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, to="zusers.member"
            ),
        ),
    ]
""",
}
#: Another app's migrations: a foreign key to its model is named after the
#: table that app's migrations leave when it runs (its dependency's:
#: ``legacy_member``, renamed ``zusers_member`` only later in Django's plan).
OTHER_FOLDER = "zusers/migrations"
OTHER = {
    "0001_initial.py": """from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Member",
            fields=[("id", models.BigAutoField(primary_key=True, serialize=False))],
            options={"db_table": "legacy_member"},
        ),
    ]
""",
    "0002_default_table.py": """from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("zusers", "0001_initial")]

    operations = [
        migrations.AlterModelTable(name="member", table=None),
    ]
""",
}

#: PostgreSQL 15 after ``migrate`` (``pg_indexes`` less the constraints' own
#: indexes; ``pg_constraint``; ``information_schema.columns``), ``_pkey`` left out.
INDEXES = {
    "api_group_members_group_id_dca038f0",
    "api_group_members_port_id_ac84dc72",
    "api_port_device_role_id_183bcffd",
    "api_port_owner_id_011295c6",
    "api_port_role_name",
    "api_region_lower_name",
    "api_region_name",
    "api_region_object_type_id_d19db406",
    "api_region_parent_id_41e7ae97",
}

CONSTRAINTS = {
    "api_group_members_group_id_port_id_0526f69f_uniq",
    "api_group_members_port_id_ac84dc72_fk_api_port_id",
    "api_port_owner_id_011295c6_fk_legacy_member_id",
    "api_port_role_id_3f12f7d2_fk_api_region_id",
    "api_port_size_b933bc38_check",
    "api_region_level_check",
    "api_region_lft_check",
    "api_region_object_type_id_d19db406_fk_django_content_type_id",
    "api_region_parent_id_41e7ae97_fk_api_region_id",
    "api_region_parent_name",
    "api_team_ports_team_id_39bfc538_fk_api_team_id",
}

TABLES = {
    "api_port",
    "api_region",
    "api_team",
    "api_team_ports",
    "zusers_member",
}

COLUMNS = {
    "api_port.count",
    "api_port.id",
    "api_port.name",
    "api_port.owner_id",
    "api_port.role_id",
    "api_port.size",
    "api_region.id",
    "api_region.level",
    "api_region.lft",
    "api_region.name",
    "api_region.object_type_id",
    "api_region.parent_id",
    "api_team.id",
    "api_team_ports.id",
    "api_team_ports.port_id",
    "api_team_ports.team_id",
}


def _write(root: Path) -> None:
    write_app(root, MIGRATIONS)
    write_app(root, OTHER, "zusers")


def _kept(names: set[str]) -> set[str]:
    return {n for n in names if not n.endswith("_pkey")}


def test_the_model_is_what_migrate_makes_on_postgres(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path)
    monkeypatch.chdir(tmp_path)
    views = []
    for folder, migrations in ((OTHER_FOLDER, OTHER), (FOLDER, MIGRATIONS)):
        for name, text in migrations.items():
            path = f"{folder}/{name}"
            views.append(sql_view(text, for_database(ddl_strings(path, text), "postgres")))
    schema = schema_from_sql("\n".join(views), dialect="postgres")
    constraints = _kept({o.name for o in schema.of_kind(ObjectKind.CONSTRAINT)})
    indexes = _kept({o.name for o in schema.of_kind(ObjectKind.INDEX)}) - constraints
    assert indexes == INDEXES
    assert constraints == CONSTRAINTS
    assert {o.name for o in schema.of_kind(ObjectKind.TABLE)} == TABLES
    columns = {f"{o.table}.{o.name}" for o in schema.of_kind(ObjectKind.COLUMN)}
    columns = {c for c in columns if c.startswith("api")}
    assert columns == COLUMNS


APPS = '"django.contrib.contenttypes", "taggit", "api", "zusers"'


def _oracle() -> str | None:
    python = django_python()
    if python is None:
        return None
    found = subprocess.run(
        [python, "-c", "import django, mptt, taggit, psycopg"], capture_output=True, check=False
    )
    return python if found.returncode == 0 else None


@pytest.mark.skipif(_oracle() is None, reason="no Python with Django, mptt, taggit and psycopg")
def test_django_migrate_makes_those_names_on_postgres(tmp_path: Path, pg: PgServer) -> None:
    python = _oracle()
    assert python is not None
    _write(tmp_path)
    with pg.fresh_database("dbnamelint_django_netbox") as database:
        run_migrate(tmp_path, python, SETTINGS.format(apps=APPS, extra=""), pg.database(database))
        api = "c.relname LIKE 'api%'"
        rows = pg.query_json(
            "SELECT 'I' AS k, c.relname AS n FROM pg_class c WHERE c.relkind = 'i' AND "
            "c.relnamespace = 'public'::regnamespace AND NOT EXISTS (SELECT 1 FROM pg_constraint"
            " x WHERE x.conindid = c.oid) AND c.relname LIKE 'api%'"
            " UNION ALL SELECT 'C', conname FROM pg_constraint x JOIN pg_class c"
            f" ON c.oid = x.conrelid WHERE {api}"
            " UNION ALL SELECT 'T', c.relname FROM pg_class c WHERE c.relkind = 'r'"
            " AND c.relnamespace = 'public'::regnamespace"
            f" AND ({api} OR c.relname LIKE 'zusers%')"
            " UNION ALL SELECT 'K', table_name || '.' || column_name FROM"
            " information_schema.columns WHERE table_schema = 'public' AND table_name LIKE 'api%'",
            dbname=database,
        )
    got = {k: {r["n"] for r in rows if r["k"] == k} for k in "ICTK"}
    assert _kept(got["I"]) == INDEXES
    assert _kept(got["C"]) == CONSTRAINTS
    assert got["T"] == TABLES
    assert got["K"] == COLUMNS
