"""Django operations that rename or repoint what other fields point to (session 33).

The model missed what Django's schema editor does to the fields pointing at
a model or changed by an operation:

- ``SeparateDatabaseAndState``: its ``database_operations`` run from the
  state before it, its ``state_operations`` after
  (``SeparateDatabaseAndState.database_forwards``); the model learnt the
  state operations first, so an ``AlterModelTable`` of a model they delete
  did not rename its many-to-many tables and a ``RenameField`` of one renamed
  no column (netbox ``ipam/0068_move_l2vpn``, ``tenancy/0020``);
- ``RenameModel`` alters the fields pointing to the model
  (``RenameModel.database_forwards``: "Alter the fields pointing to us"):
  each foreign key's constraint is made again under the new table's name,
  another model's many-to-many column ``<old>_id`` is renamed
  ``<new>_id`` (``_alter_many_to_many``), and so are a self-referencing
  many-to-many's ``from_``/``to_`` columns;
- a many-to-many ``AlterField`` pointing the field at another model renames
  the target's column and makes its foreign key again (``_alter_many_to_many``;
  netbox ``users/0006``, ``extras/0111`` and ``0131``), and an ``AlterField``
  of a foreign key that changes it makes its constraint again
  (``_alter_field``: "Drop any FK constraints, we'll remake them later"),
  under the tables' names now;
- a ``RemoveField`` of a many-to-many field and a ``DeleteModel`` of a model
  with one drop the table Django made for it (``remove_field``: "Special-case
  implicit M2M tables"; ``delete_model``: "Handle auto-created intermediary
  models"; netbox ``extras/0101``: ``extras_webhook_content_types``);
- an ``AlterField`` whose column changes still drops the field's index
  (by the table and column it was made on: ``_alter_field`` drops the ones
  the database lists) and adds what the new field has (a ``_check``) under
  the new column (netbox ``circuits/0051``).

Oracle: Django 5.2's ``manage.py migrate`` of :data:`MIGRATIONS` on
PostgreSQL 15 (``DBNAMELINT_TEST_DJANGO``, a Python with Django and
psycopg). The names it left are :data:`POSTGRES`; the model of the same
files holds the same. On SQLite (session 34) its schema editor rebuilds a
table for each ``AlterField``, and for each foreign key a ``RenameModel``
repoints, and makes a many-to-many table anew when its key is repointed
(``_alter_many_to_many``), which gives their indexes the tables' and
columns' names now: :data:`SQLITE`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dbnamelint.code_ddl_text import ddl_strings, for_database, sql_view
from dbnamelint.django_names import implicit_sql
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from django_oracle import FOLDER, SETTINGS, migrate, write_app
from oracle_tools import django_python
from pg_server import PgServer

HEAD = "import django.db.models.deletion\nfrom django.db import migrations, models\n\n\n"
FK = "on_delete=django.db.models.deletion.CASCADE"
MIGRATIONS = {
    "0001_initial.py": HEAD
    + f"""class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(name="Tag", fields=[("id", models.AutoField(primary_key=True))]),
        migrations.CreateModel(name="Group", fields=[("id", models.AutoField(primary_key=True))]),
        migrations.CreateModel(
            name="Item",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("tags", models.ManyToManyField(to="api.tag")),
                ("parent", models.ForeignKey(null=True, {FK}, to="api.item")),
                ("peers", models.ManyToManyField(to="api.item")),
            ],
        ),
        migrations.CreateModel(
            name="Member",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("items", models.ManyToManyField(to="api.item")),
            ],
        ),
        migrations.CreateModel(
            name="Link",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("item", models.ForeignKey({FK}, to="api.item")),
            ],
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("member", models.ForeignKey({FK}, to="api.member")),
                ("group", models.ForeignKey({FK}, to="api.group")),
            ],
        ),
        migrations.CreateModel(
            name="Assignment",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("circuit", models.ForeignKey({FK}, to="api.tag")),
            ],
        ),
        migrations.CreateModel(
            name="Shelf",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("tags", models.ManyToManyField(to="api.tag")),
            ],
        ),
        migrations.CreateModel(
            name="Box",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("tags", models.ManyToManyField(to="api.tag")),
            ],
        ),
    ]
""",
    "0002_moves.py": HEAD
    + """class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Membership"),
                migrations.DeleteModel(name="Box"),
            ],
            database_operations=[
                migrations.AlterModelTable(name="Membership", table="api_member_groups"),
                migrations.RenameField(
                    model_name="membership", old_name="group", new_name="team"
                ),
                migrations.AlterModelTable(name="Box", table="api_crates"),
            ],
        ),
        migrations.RenameModel(old_name="Item", new_name="Article"),
        migrations.AlterModelTable(name="Assignment", table="api_assignments"),
    ]
""",
    "0003_repoint.py": HEAD
    + f"""class Migration(migrations.Migration):
    dependencies = [("api", "0002_moves")]
    operations = [
        migrations.AlterField(
            model_name="member",
            name="items",
            field=models.ManyToManyField(to="api.tag"),
        ),
        migrations.AlterModelTable(name="Link", table="api_links"),
        migrations.RemoveField(model_name="article", name="tags"),
        migrations.RenameField(
            model_name="assignment", old_name="circuit", new_name="member_id"
        ),
        migrations.AlterField(
            model_name="assignment",
            name="member_id",
            field=models.PositiveBigIntegerField(),
        ),
        migrations.DeleteModel(name="Shelf"),
        migrations.AlterField(
            model_name="link",
            name="item",
            field=models.ForeignKey(null=True, {FK}, to="api.group"),
        ),
    ]
""",
}
#: What ``manage.py migrate`` left (tables, ``table.column``, indexes and
#: constraints; primary keys, sequences and ``_key`` uniques aside).
POSTGRES = {
    "api_article",
    "api_article.id",
    "api_article.parent_id",
    "api_article_parent_id_e36b9ba4_fk_api_article_id",
    "api_article_peers",
    "api_article_peers.from_article_id",
    "api_article_peers.id",
    "api_article_peers.to_article_id",
    "api_article_peers_from_article_id_530d5b49_fk_api_article_id",
    "api_article_peers_to_article_id_ebde1780_fk_api_article_id",
    "api_assignments",
    "api_assignments.id",
    "api_assignments.member_id",
    "api_assignments_member_id_2d187731_check",
    "api_box_tags_box_id_96ccd923",
    "api_box_tags_box_id_96ccd923_fk_api_box_id",
    "api_box_tags_box_id_tag_id_cb07b1ca_uniq",
    "api_box_tags_tag_id_4e725f40",
    "api_box_tags_tag_id_4e725f40_fk_api_tag_id",
    "api_crates",
    "api_crates.id",
    "api_crates_tags",
    "api_crates_tags.box_id",
    "api_crates_tags.id",
    "api_crates_tags.tag_id",
    "api_group",
    "api_group.id",
    "api_item_parent_id_c53b84b3",
    "api_item_peers_from_item_id_f3deca2f",
    "api_item_peers_from_item_id_to_item_id_2700bc0b_uniq",
    "api_item_peers_to_item_id_634179d2",
    "api_link_item_id_5788513e",
    "api_links",
    "api_links.id",
    "api_links.item_id",
    "api_links_item_id_87cd5a11_fk_api_group_id",
    "api_member",
    "api_member.id",
    "api_member_groups",
    "api_member_groups.id",
    "api_member_groups.member_id",
    "api_member_groups.team_id",
    "api_member_groups_team_id_9c336a61_fk_api_group_id",
    "api_member_items",
    "api_member_items.id",
    "api_member_items.member_id",
    "api_member_items.tag_id",
    "api_member_items_item_id_0bcb533c",
    "api_member_items_member_id_97975d2f",
    "api_member_items_member_id_97975d2f_fk_api_member_id",
    "api_member_items_member_id_item_id_b3bed9c7_uniq",
    "api_member_items_tag_id_d9e4eebf_fk_api_tag_id",
    "api_membership_group_id_7efd988f",
    "api_membership_member_id_bb6a6676",
    "api_membership_member_id_bb6a6676_fk_api_member_id",
    "api_tag",
    "api_tag.id",
}


#: The indexes ``manage.py migrate`` left on SQLite (``sqlite_master``).
SQLITE = {
    "api_article_parent_id_e36b9ba4",
    "api_article_peers_from_article_id_530d5b49",
    "api_article_peers_from_article_id_to_article_id_a3701386_uniq",
    "api_article_peers_to_article_id_ebde1780",
    "api_box_tags_box_id_96ccd923",
    "api_box_tags_box_id_tag_id_cb07b1ca_uniq",
    "api_box_tags_tag_id_4e725f40",
    "api_links_item_id_87cd5a11",
    "api_member_groups_member_id_75e75214",
    "api_member_groups_team_id_9c336a61",
    "api_member_items_member_id_97975d2f",
    "api_member_items_member_id_tag_id_c3d1f034_uniq",
    "api_member_items_tag_id_d9e4eebf",
}


def _model(root: Path, family: str) -> set[str]:
    views = []
    for name, text in MIGRATIONS.items():
        path = str(root / FOLDER / name)
        views.append(sql_view(text, for_database(ddl_strings(path, text), family)))
        assert not [u for *_s, u in implicit_sql(path, text, family) if u], name
    schema = schema_from_sql("\n".join(views), dialect=family)
    out = {o.name for o in schema.of_kind(ObjectKind.TABLE)}
    out |= {f"{o.table}.{o.name}" for o in schema.of_kind(ObjectKind.COLUMN)}
    out |= {o.name for o in schema.of_kind(ObjectKind.INDEX)}
    out |= {o.name for o in schema.of_kind(ObjectKind.CONSTRAINT)}
    return _kept(out)


def _kept(names: set[str]) -> set[str]:
    return {
        n
        for n in names
        if not n.endswith(("_pkey", "_seq", "_key")) and not n.startswith("sqlite_autoindex")
    }


def _pg(pg: PgServer, database: str) -> set[str]:
    rows = pg.query_json(
        "SELECT table_name AS n FROM information_schema.tables WHERE table_schema = 'public'"
        " AND table_name LIKE 'api%'"
        " UNION SELECT table_name || '.' || column_name FROM information_schema.columns"
        " WHERE table_schema = 'public' AND table_name LIKE 'api%'"
        " UNION SELECT indexname FROM pg_indexes WHERE tablename LIKE 'api%'"
        " UNION SELECT conname FROM pg_constraint WHERE conrelid::regclass::text LIKE 'api%'",
        dbname=database,
    )
    return _kept({r["n"] for r in rows})


def test_the_model_follows_what_django_repoints_on_postgres(tmp_path: Path) -> None:
    write_app(tmp_path, MIGRATIONS)
    assert _model(tmp_path, "postgres") == POSTGRES


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_makes_those_names_on_postgres(tmp_path: Path, pg: PgServer) -> None:
    python = django_python()
    assert python is not None
    with pg.fresh_database("dbnamelint_django_repointed") as database:
        settings = SETTINGS.format(apps='"api"', extra="")
        migrate(tmp_path, python, MIGRATIONS, settings, f"{pg.conninfo} dbname={database}")
        assert _pg(pg, database) == POSTGRES


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_the_model_holds_what_django_makes_on_mariadb(tmp_path: Path, maria: object) -> None:
    """Django's MySQL backend (on PyMySQL) on MariaDB 10.11: the model of the
    files for MySQL holds what ``migrate`` left (its foreign keys'
    constraints named as on PostgreSQL, their indexes InnoDB's)."""
    import mysql_server

    assert isinstance(maria, mysql_server.MysqlServer)
    python = django_python()
    assert python is not None
    with maria.fresh_database("dbn_django_repointed") as database:
        settings = SETTINGS.format(apps='"api"', extra="")
        migrate(tmp_path, python, MIGRATIONS, settings, my=f"{maria.host}:{maria.port}:{database}")
        listed = maria.run(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
            " UNION SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME) FROM information_schema.COLUMNS"
            " WHERE TABLE_SCHEMA = DATABASE()"
            " UNION SELECT INDEX_NAME FROM information_schema.STATISTICS"
            " WHERE TABLE_SCHEMA = DATABASE()"
            " UNION SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS"
            " WHERE TABLE_SCHEMA = DATABASE()",
            database=database,
        )
    made = _kept({n for n in listed.split() if n.startswith("api")})
    assert "api_member_items_tag_id_d9e4eebf_fk_api_tag_id" in made, made
    assert _model(tmp_path, "mysql") == made


def test_the_model_follows_what_sqlite_rebuilds(tmp_path: Path) -> None:
    from test_django_sqlite_remake import _model_indexes

    write_app(tmp_path, MIGRATIONS)
    assert _model_indexes(tmp_path, MIGRATIONS) == SQLITE


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_makes_those_names_on_sqlite(tmp_path: Path) -> None:
    import sqlite3

    python = django_python()
    assert python is not None
    migrate(tmp_path, python, MIGRATIONS, SETTINGS.format(apps='"api"', extra=""))
    with sqlite3.connect(tmp_path / "app.db") as connection:
        rows = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'api%'"
        )
        made = {r[0] for r in rows if not r[0].startswith("sqlite_autoindex")}
    assert made == SQLITE
