"""SQLite rebuilds a table, and its indexes take the table's name now (session 34).

Django's SQLite schema editor cannot alter most of a table in place: an
``AlterField`` (but a column's rename alone), a ``RenameField`` of a
foreign key, an ``AddField`` of a ``NOT NULL``, defaulted or unique field,
a ``RemoveField`` of an indexed or foreign key field, an ``AddConstraint``
of a check or plain unique constraint each rebuild it (``sqlite3/schema.py`` ``_remake_table``: a
``new__<table>`` made by ``create_model``, the old one dropped, the new one
renamed; the deferred index statements follow the rename,
``rename_table_references``). So every index Django names itself is made
again under the table's and columns' names now: after ``AlterModelTable``
to ``api_things`` and a ``RenameField`` of ``c`` to ``d``,
``api_item_c_eed1fe35`` becomes ``api_things_d_059ba1a4``, and
``unique_together``'s ``_uniq`` alike; ``index_together``'s ``_idx`` is
not made again (Django 5.1 removed it from ``Meta``). The model kept the
names the indexes were first made with.

Oracle: Django 5.2's ``manage.py migrate`` of :data:`MIGRATIONS` on SQLite;
the names it left in ``sqlite_master`` are :data:`SQLITE`.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.code_ddl_text import ddl_strings, for_database, sql_view
from dbnamelint.django_names import implicit_sql
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from django_oracle import FOLDER, SETTINGS, migrate, write_app
from oracle_tools import django_python

HEAD = "import django.db.models.deletion\nfrom django.db import migrations, models\n\n\n"
FK = "on_delete=django.db.models.deletion.CASCADE"
MIGRATIONS = {
    "0001_initial.py": HEAD
    + f"""class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(name="Tag", fields=[("id", models.AutoField(primary_key=True))]),
        migrations.CreateModel(
            name="Item",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("owner", models.ForeignKey({FK}, to="api.tag")),
                ("slug", models.SlugField()),
                ("a", models.IntegerField()),
                ("b", models.IntegerField()),
                ("c", models.IntegerField(db_index=True)),
                ("e", models.IntegerField(db_index=True)),
            ],
            options={{"unique_together": {{("a", "b")}}, "index_together": {{("b", "c")}}}},
        ),
        migrations.CreateModel(
            name="Other",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("tag", models.ForeignKey({FK}, to="api.tag")),
                ("x", models.IntegerField(db_index=True)),
                ("y", models.IntegerField(db_index=True)),
            ],
        ),
        migrations.CreateModel(
            name="Third",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("tag", models.ForeignKey({FK}, to="api.tag")),
                ("x", models.IntegerField(db_index=True)),
            ],
        ),
    ]
""",
    "0002_move.py": HEAD
    + """class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]
    operations = [
        migrations.AlterModelTable(name="Item", table="api_things"),
        migrations.RenameField(model_name="item", old_name="c", new_name="d"),
        migrations.AlterModelTable(name="Other", table="api_others"),
        migrations.AlterModelTable(name="Third", table="api_thirds"),
        migrations.RenameModel(old_name="Third", new_name="Fourth"),
        migrations.AlterField(
            model_name="other", name="x", field=models.IntegerField(db_index=True, db_column="xx")
        ),
        migrations.AddField(model_name="fourth", name="z", field=models.IntegerField(null=True)),
        migrations.RenameField(model_name="fourth", old_name="tag", new_name="label"),
    ]
""",
    "0003_remake.py": HEAD
    + f"""class Migration(migrations.Migration):
    dependencies = [("api", "0002_move")]
    operations = [
        migrations.RemoveField(model_name="item", name="e"),
        migrations.AddConstraint(
            model_name="other",
            constraint=models.CheckConstraint(condition=models.Q(y__gte=0), name="other_y_pos"),
        ),
        migrations.AlterUniqueTogether(name="item", unique_together={("a", "d")}),
        migrations.AlterField(
            model_name="fourth", name="x", field=models.IntegerField(db_index=False)
        ),
    ]
""",
    "0004_more.py": HEAD
    + """class Migration(migrations.Migration):
    dependencies = [("api", "0003_remake")]
    operations = [
        migrations.AlterUniqueTogether(name="item", unique_together=set()),
        migrations.AlterModelTable(name="Item", table="api_items2"),
        migrations.AlterField(
            model_name="item", name="slug", field=models.SlugField(max_length=80)
        ),
    ]
""",
}
#: What ``manage.py migrate`` left in ``sqlite_master`` (its indexes but
#: ``sqlite_autoindex_``): after the rebuilds, each under the table's name now.
SQLITE = {
    "api_items2_d_433dbbe1",
    "api_items2_owner_id_df271d29",
    "api_items2_slug_00147ca2",
    "api_others_tag_id_0cfd3468",
    "api_others_xx_af5bf54f",
    "api_others_y_bec1c86b",
    "api_thirds_label_id_63b43147",
}

#: A ``RemoveConstraint`` of a check (a rebuild; of a partial unique
#: constraint, an index dropped in place: none), and a ``RenameField`` of a
#: many-to-many field, whose table SQLite makes anew under its new name
#: (``_alter_many_to_many``: "Make a new through table").
MORE = {
    "0001_initial.py": HEAD
    + f"""class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(name="Tag", fields=[("id", models.AutoField(primary_key=True))]),
        migrations.CreateModel(
            name="Item",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("owner", models.ForeignKey({FK}, to="api.tag")),
                ("n", models.IntegerField()),
                ("m", models.IntegerField()),
                ("tags", models.ManyToManyField(to="api.tag")),
            ],
            options={{
                "constraints": [
                    models.CheckConstraint(condition=models.Q(n__gte=0), name="item_n_pos")
                ]
            }},
        ),
        migrations.AddConstraint(
            model_name="item",
            constraint=models.UniqueConstraint(
                fields=["m"], condition=models.Q(n__gt=0), name="item_m_part"
            ),
        ),
    ]
""",
    "0002_move.py": HEAD
    + """class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]
    operations = [
        migrations.AlterModelTable(name="Item", table="api_things"),
        migrations.RemoveConstraint(model_name="item", name="item_m_part"),
        migrations.AlterModelTable(name="Item", table="api_things2"),
        migrations.RemoveConstraint(model_name="item", name="item_n_pos"),
        migrations.RenameField(model_name="item", old_name="tags", new_name="labels"),
    ]
""",
}
SQLITE_MORE = {
    "api_things2_labels_item_id_d7ac2355",
    "api_things2_labels_item_id_tag_id_667b14f5_uniq",
    "api_things2_labels_tag_id_9b2fbdb7",
    "api_things2_owner_id_30f7a386",
}


def _model_indexes(root: Path, migrations: dict[str, str]) -> set[str]:
    views = []
    for name, text in migrations.items():
        path = str(root / FOLDER / name)
        views.append(sql_view(text, for_database(ddl_strings(path, text), "sqlite")))
        assert not [u for *_s, u in implicit_sql(path, text, "sqlite") if u], name
    schema = schema_from_sql("\n".join(views), dialect="sqlite")
    return {o.name for o in schema.of_kind(ObjectKind.INDEX) if o.table.startswith("api")}


CASES = [
    pytest.param(MIGRATIONS, SQLITE, id="fields"),
    pytest.param(MORE, SQLITE_MORE, id="constraint-and-many"),
]


@pytest.mark.parametrize(("migrations", "names"), CASES)
def test_the_model_names_the_indexes_as_sqlites_rebuild_does(
    tmp_path: Path, migrations: dict[str, str], names: set[str]
) -> None:
    write_app(tmp_path, migrations)
    assert {n for n in _model_indexes(tmp_path, migrations) if n.startswith("api")} == names


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
@pytest.mark.parametrize(("migrations", "names"), CASES)
def test_django_migrate_makes_those_names_on_sqlite(
    tmp_path: Path, migrations: dict[str, str], names: set[str]
) -> None:
    python = django_python()
    assert python is not None
    migrate(tmp_path, python, migrations, SETTINGS.format(apps='"api"', extra=""))
    with sqlite3.connect(tmp_path / "app.db") as connection:
        rows = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'api%'"
        )
        made = {r[0] for r in rows if not r[0].startswith("sqlite_autoindex")}
    assert made == names


REBUILT = {
    "0001_initial.py": HEAD
    + f"""class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(name="Tag", fields=[("id", models.AutoField(primary_key=True))]),
        migrations.CreateModel(
            name="Item",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("owner", models.ForeignKey({FK}, to="api.tag")),
                ("size", models.IntegerField()),
            ],
        ),
        migrations.AlterModelTable(name="Item", table="ItemThings"),
    ]
""",
    "0002_size.py": HEAD
    + """class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]
    operations = [
        migrations.AlterField(model_name="item", name="size", field=models.BigIntegerField()),
    ]
""",
}


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_gate_judges_the_index_a_rebuild_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new ``AlterField`` of a model whose table is ``"ItemThings"`` (an
    accepted legacy name, committed): on SQLite it rebuilds the table, and
    the foreign key's index becomes ``ItemThings_owner_id_0196dab3`` (Django
    5.2's ``migrate`` made it so), a new name the gate judges (before: the
    model kept ``api_item_owner_id_<hash>``, and the gate passed)."""
    from git_helpers import committed_repo, git

    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: sqlite\n",
            "db/schema.sql": "CREATE TABLE seeds (id int);\n",
        },
        monkeypatch,
    )
    write_app(root, {"0001_initial.py": REBUILT["0001_initial.py"]})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "legacy table")
    write_app(root, REBUILT)
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache", "--format", "json"])
    report = json.loads(result.stdout)
    found = {(f["name"], f["path"].rpartition("/")[2]) for f in report["findings"]}
    assert ("ItemThings_owner_id_0196dab3", "0002_size.py") in found, report
    assert result.exit_code == 1, report
