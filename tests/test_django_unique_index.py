"""A Django ``UniqueConstraint`` is an index, a constraint or nothing, per database (session 35).

Django's schema editor (5.2, ``base/schema.py`` ``_unique_sql``,
``_create_unique_sql``, ``_delete_unique_sql``) makes a ``UniqueConstraint``
with ``condition=``, expressions, ``include=`` or ``opclasses=`` as a unique
INDEX (on every database: ``opclasses=`` alone too, their ``_index_columns``
leaving the classes out but PostgreSQL's) and drops it with ``DROP INDEX``;
any other as a table constraint; and
none on a database lacking what it asks (``_unique_supported``: SQLite has no
covering index, deferrable unique nor ``NULLS NOT DISTINCT``, MariaDB no
partial nor expression index either). Before, a ``RemoveConstraint`` of a
partial, expression or covering one was read as ``ALTER TABLE ... DROP
CONSTRAINT``, which dropped nothing: the model kept the index (and
``inspect`` said "constraint 'c_partial' is not created in the files"); and
SQLite's and MariaDB's models held the constraints those databases never made.

Oracle: Django 5.2's ``manage.py migrate`` of :data:`MIGRATIONS` to ``0002``
and to the end, on PostgreSQL 15 (``pg_constraint``, ``pg_class``), SQLite
(``sqlite_master``) and MariaDB 10.11 (``information_schema.STATISTICS``).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.code_migrations import code_migration_text
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from django_oracle import FOLDER, SETTINGS, migrate, write_app
from oracle_tools import django_python
from pg_server import PgServer

HEAD = "import django.db.models.functions.text\nfrom django.db import migrations, models\n\n\n"
MIGRATIONS = {
    "0001_initial.py": HEAD
    + """class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Item",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("name", models.CharField(max_length=20)),
                ("flag", models.BooleanField(default=False)),
                ("n", models.IntegerField()),
                ("m", models.IntegerField()),
                ("code", models.CharField(max_length=20, null=True)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("flag", True)), fields=("name",), name="c_partial"
                    ),
                    models.UniqueConstraint(
                        django.db.models.functions.text.Upper("name"), name="c_expr"
                    ),
                    models.UniqueConstraint(fields=("n", "m"), name="c_plain"),
                ],
            },
        ),
    ]
""",
    "0002_add.py": HEAD
    + """class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]
    operations = [
        migrations.AddConstraint(
            model_name="item",
            constraint=models.UniqueConstraint(
                condition=models.Q(("flag", False)), fields=("name",), name="a_partial"
            ),
        ),
        migrations.AddConstraint(
            model_name="item",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name"), name="a_expr"
            ),
        ),
        migrations.AddConstraint(
            model_name="item",
            constraint=models.UniqueConstraint(fields=("n",), include=("m",), name="a_include"),
        ),
        migrations.AddConstraint(
            model_name="item",
            constraint=models.UniqueConstraint(
                fields=("m",), deferrable=models.Deferrable.DEFERRED, name="a_deferrable"
            ),
        ),
        migrations.AddConstraint(
            model_name="item",
            constraint=models.UniqueConstraint(
                fields=("code",), nulls_distinct=False, name="a_nulls"
            ),
        ),
        migrations.AddConstraint(
            model_name="item",
            constraint=models.UniqueConstraint(
                fields=("code",), opclasses=("varchar_pattern_ops",), name="a_ops"
            ),
        ),
        migrations.AddConstraint(
            model_name="item",
            constraint=models.UniqueConstraint(fields=("m", "n"), name="a_plain"),
        ),
    ]
""",
    "0003_remove.py": HEAD
    + """class Migration(migrations.Migration):
    dependencies = [("api", "0002_add")]
    operations = [
        migrations.RemoveConstraint(model_name="item", name="c_partial"),
        migrations.RemoveConstraint(model_name="item", name="c_plain"),
        migrations.RemoveConstraint(model_name="item", name="a_partial"),
        migrations.RemoveConstraint(model_name="item", name="a_expr"),
        migrations.RemoveConstraint(model_name="item", name="a_include"),
        migrations.RemoveConstraint(model_name="item", name="a_deferrable"),
        migrations.RemoveConstraint(model_name="item", name="a_nulls"),
        migrations.RemoveConstraint(model_name="item", name="a_ops"),
    ]
""",
}
#: (indexes, constraints) the database holds after each migration, pkeys aside.
#: MySQL's family is MySQL 8.0.13+'s, which makes the expression indexes
#: (MariaDB makes none: EXPRESSIONS), its unique indexes constraints in the model.
EXPRESSIONS = {"c_expr", "a_expr"}
NAMES = {
    ("0002", "postgres"): (
        {"c_partial", "c_expr", "a_partial", "a_expr", "a_include", "a_ops"},
        {"c_plain", "a_deferrable", "a_nulls", "a_plain"},
    ),
    ("0003", "postgres"): ({"c_expr"}, {"a_plain"}),
    ("0002", "sqlite"): (
        {"c_partial", "c_expr", "a_partial", "a_expr", "a_ops"},
        {"c_plain", "a_plain"},
    ),
    ("0003", "sqlite"): ({"c_expr"}, {"a_plain"}),
    ("0002", "mysql"): (set(), {"c_expr", "a_expr", "a_ops", "c_plain", "a_plain"}),
    ("0003", "mysql"): (set(), {"c_expr", "a_plain"}),
}


def _model(root: Path, upto: str, family: str) -> tuple[set[str], set[str]]:
    """The model's (indexes, constraints) of the migrations up to ``upto``,
    as ``inspect`` reads them (the operations' SQL and Django's implicit one)."""
    views = []
    for name, text in MIGRATIONS.items():
        if name[:4] <= upto:
            read = code_migration_text(str(root / FOLDER / name), text, family)
            assert read is not None
            views.append(read[0])
    schema = schema_from_sql("\n".join(views), dialect=family)
    kept = {"PRIMARY", "api_item_pkey"}
    constraints = {o.name for o in schema.of_kind(ObjectKind.CONSTRAINT)} - kept
    return {o.name for o in schema.of_kind(ObjectKind.INDEX)} - constraints, constraints


@pytest.mark.parametrize("family", ["postgres", "sqlite", "mysql"])
@pytest.mark.parametrize("upto", ["0002", "0003"])
def test_the_model_holds_what_django_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, family: str, upto: str
) -> None:
    write_app(tmp_path, MIGRATIONS)
    monkeypatch.chdir(tmp_path)
    assert _model(tmp_path, upto, family) == NAMES[(upto, family)]


def _migrate(root: Path, upto: str, pg: str = "", my: str = "") -> None:
    """``manage.py migrate api <upto>``."""
    python = django_python()
    assert python is not None
    settings = SETTINGS.format(apps='"api"', extra="")
    migrate(root, python, MIGRATIONS, settings, pg, my, ("api", upto))


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_makes_those_on_postgres(tmp_path: Path, pg: PgServer) -> None:
    with pg.fresh_database("dbnamelint_django_unique") as database:
        for upto in ("0002", "0003"):
            _migrate(tmp_path, upto, pg=f"{pg.conninfo} dbname={database}")
            rows = pg.query_json(
                "SELECT 'I' AS k, c.relname AS n FROM pg_class c WHERE c.relkind = 'i'"
                " AND c.relname NOT LIKE '%_pkey' AND NOT EXISTS (SELECT 1 FROM pg_constraint x"
                " WHERE x.conindid = c.oid) AND c.relnamespace = 'public'::regnamespace"
                " UNION ALL SELECT 'C', conname FROM pg_constraint"
                " WHERE conrelid = 'api_item'::regclass AND contype = 'u'",
                dbname=database,
            )
            made = tuple({r["n"] for r in rows if r["k"] == k} for k in "IC")
            assert made == NAMES[(upto, "postgres")], upto


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_makes_those_on_sqlite(tmp_path: Path) -> None:
    for upto in ("0002", "0003"):
        _migrate(tmp_path, upto)
        with sqlite3.connect(tmp_path / "app.db") as connection:
            rows = connection.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'api_item'"
            ).fetchall()
        indexes = {n for t, n, _s in rows if t == "index" and not n.startswith("sqlite_")}
        table = next(s for t, _n, s in rows if t == "table")
        constraints = set(re.findall(r'CONSTRAINT "(\w+)"', table))
        assert (indexes, constraints) == NAMES[(upto, "sqlite")], upto


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_makes_those_on_mariadb(tmp_path: Path, maria: object) -> None:
    """Django's MySQL backend (on PyMySQL: the Python needs it) on MariaDB 10.11:
    the model's names but the expression indexes MySQL 8 makes."""
    import mysql_server

    assert isinstance(maria, mysql_server.MysqlServer)
    with maria.fresh_database("dbn_django_unique") as database:
        for upto in ("0002", "0003"):
            _migrate(tmp_path, upto, my=f"{maria.host}:{maria.port}:{database}")
            listed = maria.run(
                "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS WHERE"
                " TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'api_item'",
                database=database,
            )
            indexes, constraints = NAMES[(upto, "mysql")]
            assert set(listed.split()) - {"PRIMARY"} == (indexes | constraints) - EXPRESSIONS


#: Unique indexes named after their table, one removed: ``migrate --rename``
#: renames those the database holds.
RENAMED = {
    "0001_initial.py": HEAD
    + """class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Item",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("name", models.CharField(max_length=20)),
                ("flag", models.BooleanField(default=False)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("flag", True)),
                        fields=("name",),
                        name="api_item_name_uq",
                    ),
                    models.UniqueConstraint(
                        django.db.models.functions.text.Lower("name"), name="api_item_lower_uq"
                    ),
                ],
            },
        ),
    ]
""",
    "0002_drop.py": HEAD
    + """class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]
    operations = [migrations.RemoveConstraint(model_name="item", name="api_item_lower_uq")]
""",
}


def _rename_script(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``dbnamelint migrate --rename api_item=items`` of :data:`RENAMED`'s forward SQL."""
    write_app(root, RENAMED)
    monkeypatch.chdir(root)
    out = root / "forward.sql"
    options = ["--dialect", "postgres", "--no-views", FOLDER, "-o", str(out)]
    result = CliRunner().invoke(cli, ["migrate", "--rename", "api_item=items", *options])
    assert result.exit_code == 0, result.output
    return out


def test_the_rename_script_leaves_a_removed_unique_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, the model kept ``api_item_lower_uq`` after its ``RemoveConstraint``,
    and the script renamed it: ``relation "api_item_lower_uq" does not exist``."""
    script = _rename_script(tmp_path, monkeypatch).read_text()
    assert 'ALTER INDEX "api_item_name_uq" RENAME TO "items_name_uq"' in script
    assert "api_item_lower_uq" not in script


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_the_rename_script_runs_where_migrate_ran(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    python = django_python()
    assert python is not None
    script = _rename_script(tmp_path, monkeypatch)
    with pg.fresh_database("dbnamelint_django_unique_rename") as database:
        settings = SETTINGS.format(apps='"api"', extra="")
        migrate(tmp_path, python, RENAMED, settings, f"{pg.conninfo} dbname={database}")
        pg.run(files=[script], dbname=database)
        rows = pg.query_json(
            "SELECT indexname AS n FROM pg_indexes WHERE tablename = 'items'", dbname=database
        )
    assert {r["n"] for r in rows} == {"items_pkey", "items_name_uq"}
