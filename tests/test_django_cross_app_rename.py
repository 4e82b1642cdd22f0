"""A ``RenameModel`` alters the fields of other apps pointing to the model (session 34).

``RenameModel.database_forwards`` alters every field in
``old_model._meta.related_objects`` ("Alter the fields pointing to us"),
whatever app holds it: ``beta.Link.item``'s constraint is made again as
``..._fk_alpha_article_id``, and ``beta.Shelf.items``' many-to-many table's
column ``item_id`` is renamed ``article_id`` with its key made again
(``_alter_many_to_many``). The model followed this for the app's own models
only: another app's kept ``..._fk_alpha_item_id`` and ``item_id``, and a
later migration of that app dropped a constraint by a name the database no
longer has. ``related_objects`` leaves out a foreign key whose reverse
relation is hidden (``related_name="+"``, many-to-many ones aside): its
constraint keeps its name, in the app's own models too.

The other app's fields are those its migrations that the renaming migration
depends on leave (``makemigrations`` makes a ``RenameModel`` depend on the
apps whose fields point to the model: ``generate_renamed_models``), and its
later migrations see the model renamed once one they depend on has run it.

Oracle: Django 5.2's ``manage.py migrate`` of :data:`APPS` on PostgreSQL 15
and MariaDB 10.11: what it leaves is what ``inspect`` of the project lists
(:data:`POSTGRES`: the tables, columns, indexes and constraints but primary
keys, sequences and ``_key`` uniques).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from django_oracle import SETTINGS, run_migrate, write_app
from oracle_tools import django_python
from pg_server import PgServer

HEAD = "import django.db.models.deletion\nfrom django.db import migrations, models\n\n\n"
FK = "on_delete=django.db.models.deletion.CASCADE"
APPS = {
    "alpha": {
        "0001_initial.py": HEAD
        + f"""class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(name="Item", fields=[("id", models.AutoField(primary_key=True))]),
        migrations.CreateModel(
            name="Note",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("item", models.ForeignKey({FK}, to="alpha.item", related_name="+")),
                ("main", models.ForeignKey({FK}, to="alpha.item", related_name="notes")),
            ],
        ),
    ]
""",
        "0003_again.py": HEAD
        + """class Migration(migrations.Migration):
    dependencies = [("alpha", "0002_rename"), ("beta", "0002_more")]
    operations = [
        migrations.RenameModel(old_name="Article", new_name="Post"),
    ]
""",
        "0002_rename.py": HEAD
        + """class Migration(migrations.Migration):
    dependencies = [("alpha", "0001_initial"), ("beta", "0001_initial")]
    operations = [
        migrations.RenameModel(old_name="Item", new_name="Article"),
    ]
""",
    },
    "beta": {
        "0001_initial.py": HEAD
        + f"""class Migration(migrations.Migration):
    initial = True
    dependencies = [("alpha", "0001_initial")]
    operations = [
        migrations.CreateModel(
            name="Link",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("item", models.ForeignKey({FK}, to="alpha.item")),
                ("spare", models.OneToOneField(null=True, {FK}, to="alpha.item", related_name="+")),
            ],
        ),
        migrations.CreateModel(
            name="Shelf",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("items", models.ManyToManyField(to="alpha.item")),
            ],
        ),
    ]
""",
        "0002_more.py": HEAD
        + f"""class Migration(migrations.Migration):
    dependencies = [("beta", "0001_initial"), ("alpha", "0002_rename")]
    operations = [
        migrations.AlterField(
            model_name="link",
            name="spare",
            field=models.OneToOneField({FK}, to="alpha.article", related_name="+"),
        ),
        migrations.AddField(
            model_name="link",
            name="extra",
            field=models.ForeignKey(null=True, {FK}, to="alpha.article"),
        ),
    ]
""",
        "0003_drop.py": HEAD
        + """class Migration(migrations.Migration):
    dependencies = [("beta", "0002_more"), ("alpha", "0003_again")]
    operations = [
        migrations.RemoveField(model_name="link", name="item"),
    ]
""",
    },
}
#: What ``manage.py migrate`` left on PostgreSQL.
POSTGRES = {
    "alpha_note",
    "alpha_note.id",
    "alpha_note.item_id",
    "alpha_note.main_id",
    "alpha_note_item_id_eac5f1dc",
    "alpha_note_item_id_eac5f1dc_fk_alpha_item_id",
    "alpha_note_main_id_f3034e2b",
    "alpha_note_main_id_f3034e2b_fk_alpha_post_id",
    "alpha_post",
    "alpha_post.id",
    "beta_link",
    "beta_link.extra_id",
    "beta_link.id",
    "beta_link.spare_id",
    "beta_link_extra_id_fd3f802b",
    "beta_link_extra_id_fd3f802b_fk_alpha_post_id",
    "beta_link_spare_id_d304d150_fk_alpha_article_id",
    "beta_shelf",
    "beta_shelf.id",
    "beta_shelf_items",
    "beta_shelf_items.id",
    "beta_shelf_items.post_id",
    "beta_shelf_items.shelf_id",
    "beta_shelf_items_item_id_125e2008",
    "beta_shelf_items_post_id_28bfe9f8_fk_alpha_post_id",
    "beta_shelf_items_shelf_id_c7611131",
    "beta_shelf_items_shelf_id_c7611131_fk_beta_shelf_id",
    "beta_shelf_items_shelf_id_item_id_d236d620_uniq",
}


#: The indexes ``manage.py migrate`` left on SQLite: ``beta_shelf_items``
#: made anew for its renamed column (``_alter_many_to_many``).
SQLITE = {
    "alpha_note_item_id_eac5f1dc",
    "alpha_note_main_id_f3034e2b",
    "beta_link_extra_id_fd3f802b",
    "beta_shelf_items_post_id_28bfe9f8",
    "beta_shelf_items_shelf_id_c7611131",
    "beta_shelf_items_shelf_id_post_id_43f2c7ad_uniq",
}


def _write(root: Path, apps: dict[str, dict[str, str]]) -> None:
    for app, files in apps.items():
        write_app(root, files, app)


def _kept(names: set[str]) -> set[str]:
    return {
        n
        for n in names
        if not n.endswith(("_pkey", "_seq", "_key")) and n.startswith(("alpha", "beta"))
    }


def _inspect(
    root: Path, dialect: str, monkeypatch: pytest.MonkeyPatch, kinds: tuple[str, ...] = ()
) -> set[str]:
    """What ``inspect`` of the project lists (of ``kinds``: all)."""
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", "--dialect", dialect, "."])
    assert result.exit_code == 0, result.output
    out = set()
    for made in json.loads(result.stdout)["objects"]:
        if kinds and made["kind"] not in kinds:
            continue
        if made["kind"] == "column":
            out.add(f"{made['table']}.{made['name']}")
        elif made["kind"] in ("table", "index", "constraint"):
            out.add(made["name"])
    return _kept(out)


def test_inspect_follows_the_rename_into_the_other_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, APPS)
    assert _inspect(tmp_path, "postgres", monkeypatch) == POSTGRES


def test_inspect_follows_the_rename_into_the_other_app_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, APPS)
    assert _inspect(tmp_path, "sqlite", monkeypatch, ("index",)) == SQLITE


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_makes_those_names_on_sqlite(tmp_path: Path) -> None:
    import sqlite3

    _migrate(tmp_path)
    with sqlite3.connect(tmp_path / "app.db") as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        made = {r[0] for r in rows if not r[0].startswith("sqlite_autoindex")}
    assert _kept(made) == SQLITE


def _migrate(
    root: Path, pg: str = "", my: str = "", apps: dict[str, dict[str, str]] | None = None
) -> None:
    python = django_python()
    assert python is not None
    _write(root, APPS if apps is None else apps)
    run_migrate(root, python, SETTINGS.format(apps='"alpha", "beta"', extra=""), pg, my)


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_makes_those_names_on_postgres(tmp_path: Path, pg: PgServer) -> None:
    with pg.fresh_database("dbnamelint_django_cross_app") as database:
        _migrate(tmp_path, pg=f"{pg.conninfo} dbname={database}")
        rows = pg.query_json(
            "SELECT table_name AS n FROM information_schema.tables WHERE table_schema = 'public'"
            " UNION SELECT table_name || '.' || column_name FROM information_schema.columns"
            " WHERE table_schema = 'public'"
            " UNION SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
            " UNION SELECT conname FROM pg_constraint",
            dbname=database,
        )
    assert _kept({r["n"] for r in rows}) == POSTGRES


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_inspect_holds_what_django_makes_on_mariadb(
    tmp_path: Path, maria: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mysql_server

    assert isinstance(maria, mysql_server.MysqlServer)
    with maria.fresh_database("dbn_django_cross_app") as database:
        _migrate(tmp_path, my=f"{maria.host}:{maria.port}:{database}")
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
    made = _kept(set(listed.split()))
    assert "beta_shelf_items_post_id_28bfe9f8_fk_alpha_post_id" in made, made
    (tmp_path / "settings.py").unlink()  # inspect reads the dialect given
    assert _inspect(tmp_path, "mysql", monkeypatch) == made


#: A committed legacy table in ``beta`` (``db_table "LinkRows"``) whose
#: foreign key points to ``alpha.Item``; the change renames the model.
LEGACY = {
    "alpha": {"0001_initial.py": APPS["alpha"]["0001_initial.py"]},
    "beta": {
        "0001_initial.py": HEAD
        + f"""class Migration(migrations.Migration):
    initial = True
    dependencies = [("alpha", "0001_initial")]
    operations = [
        migrations.CreateModel(
            name="Link",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("item", models.ForeignKey({FK}, to="alpha.item")),
            ],
            options={{"db_table": "LinkRows"}},
        ),
    ]
"""
    },
}
RENAME = (
    HEAD
    + """class Migration(migrations.Migration):
    dependencies = [("alpha", "0001_initial"), ("beta", "0001_initial")]
    operations = [
        migrations.RenameModel(old_name="Item", new_name="Article"),
    ]
"""
)
#: The constraint ``migrate`` makes again on PostgreSQL for the rename.
REMADE = "LinkRows_item_id_da85507c_fk_alpha_article_id"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_gate_judges_the_other_apps_constraint_the_rename_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new ``RenameModel`` in ``alpha`` makes ``beta``'s key to it again as
    :data:`REMADE`, on a table whose legacy name is accepted: a new name the
    gate judges at the rename (before: none was made, and the gate passed)."""
    from git_helpers import committed_repo, git

    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "db/schema.sql": "CREATE TABLE seeds (id int);\n",
        },
        monkeypatch,
    )
    _write(root, LEGACY)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "legacy")
    (root / "alpha/migrations/0002_rename.py").write_text(RENAME)
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache", "--format", "json"])
    report = json.loads(result.stdout)
    found = {(f["name"], f["path"]) for f in report["findings"]}
    assert (REMADE, "alpha/migrations/0002_rename.py") in found, report
    assert result.exit_code == 1, report


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_makes_that_constraint(tmp_path: Path, pg: PgServer) -> None:
    apps = {**LEGACY, "alpha": {**LEGACY["alpha"], "0002_rename.py": RENAME}}
    with pg.fresh_database("dbnamelint_django_cross_legacy") as database:
        _migrate(tmp_path, pg=f"{pg.conninfo} dbname={database}", apps=apps)
        rows = pg.query_json("SELECT conname AS n FROM pg_constraint", dbname=database)
    assert REMADE in {r["n"] for r in rows}


#: A many-to-many field of the renamed model to another app's (its table
#: renamed ``alpha_article_shelves``), and many-to-many fields to it with
#: ``db_table=`` (a table Django still makes: not renamed, its column
#: ``item_id`` renamed ``article_id`` and its key made again), one hidden.
NAMED = {
    "alpha": {
        "0001_initial.py": HEAD
        + """class Migration(migrations.Migration):
    initial = True
    dependencies = [("beta", "0001_initial")]
    operations = [
        migrations.CreateModel(name="Item", fields=[
            ("id", models.AutoField(primary_key=True)),
            ("shelves", models.ManyToManyField(to="beta.shelf")),
            (
                "boxes",
                models.ManyToManyField(to="beta.shelf", db_table="alpha_boxes", related_name="+"),
            ),
        ]),
    ]
""",
        "0002_rename.py": HEAD
        + """class Migration(migrations.Migration):
    dependencies = [("alpha", "0001_initial"), ("beta", "0002_link")]
    operations = [
        migrations.RenameModel(old_name="Item", new_name="Article"),
    ]
""",
    },
    "beta": {
        "0001_initial.py": HEAD
        + """class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(name="Shelf", fields=[("id", models.AutoField(primary_key=True))]),
    ]
""",
        "0002_link.py": HEAD
        + f"""class Migration(migrations.Migration):
    dependencies = [("beta", "0001_initial"), ("alpha", "0001_initial")]
    operations = [
        migrations.CreateModel(name="Link", fields=[
            ("id", models.AutoField(primary_key=True)),
            ("item", models.OneToOneField({FK}, to="alpha.item")),
            ("items", models.ManyToManyField(to="alpha.item", db_table="beta_link_things")),
        ]),
    ]
""",
    },
}
#: What ``manage.py migrate`` of :data:`NAMED` left on PostgreSQL.
NAMED_POSTGRES = {
    "alpha_article",
    "alpha_article.id",
    "alpha_article_shelves",
    "alpha_article_shelves.article_id",
    "alpha_article_shelves.id",
    "alpha_article_shelves.shelf_id",
    "alpha_article_shelves_article_id_8a4f4ed1_fk_alpha_article_id",
    "alpha_boxes",
    "alpha_boxes.article_id",
    "alpha_boxes.id",
    "alpha_boxes.shelf_id",
    "alpha_boxes_article_id_d6f66822_fk_alpha_article_id",
    "alpha_boxes_item_id_242a6fb8",
    "alpha_boxes_item_id_shelf_id_d286ab6f_uniq",
    "alpha_boxes_shelf_id_d1052988",
    "alpha_boxes_shelf_id_d1052988_fk_beta_shelf_id",
    "alpha_item_shelves_item_id_f3f2df39",
    "alpha_item_shelves_item_id_shelf_id_d5c25adb_uniq",
    "alpha_item_shelves_shelf_id_65117532",
    "alpha_item_shelves_shelf_id_65117532_fk_beta_shelf_id",
    "beta_link",
    "beta_link.id",
    "beta_link.item_id",
    "beta_link_item_id_848e86c9_fk_alpha_article_id",
    "beta_link_things",
    "beta_link_things.article_id",
    "beta_link_things.id",
    "beta_link_things.link_id",
    "beta_link_things_article_id_9212eb22_fk_alpha_article_id",
    "beta_link_things_item_id_5bf953e5",
    "beta_link_things_link_id_86a91ade",
    "beta_link_things_link_id_86a91ade_fk_beta_link_id",
    "beta_link_things_link_id_item_id_016c366c_uniq",
    "beta_shelf",
    "beta_shelf.id",
}
#: ... and its indexes on SQLite.
NAMED_SQLITE = {
    "alpha_article_shelves_article_id_8a4f4ed1",
    "alpha_article_shelves_article_id_shelf_id_53485729_uniq",
    "alpha_article_shelves_shelf_id_2c546bdb",
    "alpha_boxes_article_id_d6f66822",
    "alpha_boxes_article_id_shelf_id_d7208bda_uniq",
    "alpha_boxes_shelf_id_d1052988",
    "beta_link_things_article_id_9212eb22",
    "beta_link_things_link_id_86a91ade",
    "beta_link_things_link_id_article_id_9b908fe7_uniq",
}


def test_inspect_follows_the_rename_of_named_many_to_many_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, NAMED)
    assert _inspect(tmp_path, "postgres", monkeypatch) == NAMED_POSTGRES
    assert _inspect(tmp_path, "sqlite", monkeypatch, ("index",)) == NAMED_SQLITE


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_makes_the_named_ones(tmp_path: Path, pg: PgServer) -> None:
    import sqlite3

    with pg.fresh_database("dbnamelint_django_cross_named") as database:
        _migrate(tmp_path / "pg", pg=f"{pg.conninfo} dbname={database}", apps=NAMED)
        rows = pg.query_json(
            "SELECT table_name AS n FROM information_schema.tables WHERE table_schema = 'public'"
            " UNION SELECT table_name || '.' || column_name FROM information_schema.columns"
            " WHERE table_schema = 'public'"
            " UNION SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
            " UNION SELECT conname FROM pg_constraint",
            dbname=database,
        )
    assert _kept({r["n"] for r in rows}) == NAMED_POSTGRES
    _migrate(tmp_path / "lite", apps=NAMED)
    with sqlite3.connect(tmp_path / "lite" / "app.db") as connection:
        listed = connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        made = {r[0] for r in listed if not r[0].startswith("sqlite_autoindex")}
    assert _kept(made) == NAMED_SQLITE
