"""``migrate --write`` in a Django project writes a new Django migration.

It used to refuse (exit 2: "a Django migration, written in its framework's
API: --write does not write one"), and users pasted the SQL into a migration
by hand. Now the phase is a migration of the app whose migrations made the
renamed tables, numbered after the app's leaf and depending on it, running
the forward script with ``RunSQL(sql=[...], reverse_sql=[...])`` inside
``SeparateDatabaseAndState`` whose ``state_operations`` tell Django the new
table (``AlterModelTable``) and column (``AlterField`` with ``db_column``);
tables of two apps get a migration each; ``--cleanup --write`` a migration
after it. The plan's note lists the ``models.py`` edits that keep
``makemigrations`` quiet.

Oracle: Django 5.2 itself (``DBNAMELINT_TEST_DJANGO``): ``manage.py migrate``,
``migrate <app> <leaf>`` back and ``migrate`` again on PostgreSQL, SQLite and MariaDB,
the catalog (``pg_class``, ``sqlite_master``) read after each step;
``makemigrations --check --dry-run`` after the ``models.py`` edits the note
names says "No changes detected" (and, before them, that it would write a
migration); dbnamelint's own reader takes the migration for the renames
(DBN900 stale entries, ``whitelist prune``) and the gate (``check --base``,
real git) accepts it.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest

from django_oracle import SETTINGS
from git_helpers import commit_all, committed_repo
from oracle_tools import django_python
from pg_server import PgServer
from written_migration import assert_taken_as_renames
from written_migration import dbnamelint as _dbnamelint

INITIAL = """from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="UserPrefs",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
                ("theme", models.TextField()),
            ],
            options={"db_table": "UserPrefs"},
        ),
        migrations.CreateModel(
            name="Order",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
                ("orderTotal", models.IntegerField()),
            ],
            options={"db_table": "orders"},
        ),
    ]
"""
#: A field whose default is an imported function (its AlterField needs the
#: import) and a table whose name needs escaping: a ``%s`` (a DB-API
#: placeholder) and a quote.
MORE = """import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]
    operations = [
        migrations.AddField(
            model_name="order",
            name="createdAt",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.CreateModel(
            name="Promo",
            fields=[("id", models.AutoField(primary_key=True, serialize=False))],
            options={"db_table": "Promo%sCode's"},
        ),
        migrations.AddIndex(
            model_name="order",
            index=models.Index(fields=["orderTotal"], name="IX_OrderTotal"),
        ),
    ]
"""
BLOG = """from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Post",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
                ("title", models.TextField()),
            ],
            options={"db_table": "BlogPosts"},
        ),
    ]
"""
SHOP_MODELS = """import django.utils.timezone
from django.db import models


class UserPrefs(models.Model):
    id = models.AutoField(primary_key=True)
    theme = models.TextField()

    class Meta:
        db_table = "UserPrefs"


class Order(models.Model):
    id = models.AutoField(primary_key=True)
    orderTotal = models.IntegerField()
    createdAt = models.DateTimeField(default=django.utils.timezone.now)

    class Meta:
        db_table = "orders"
        indexes = [models.Index(fields=["orderTotal"], name="IX_OrderTotal")]


class Promo(models.Model):
    id = models.AutoField(primary_key=True)

    class Meta:
        db_table = "Promo%sCode's"
"""
BLOG_MODELS = """from django.db import models


class Post(models.Model):
    id = models.AutoField(primary_key=True)
    title = models.TextField()

    class Meta:
        db_table = "BlogPosts"
"""
WHITELIST = """phases:
  - id: "1"
    title: legacy
    status: open
entries:
  - {kind: table, name: UserPrefs, rules: [DBN101], phase: "1", target: user_prefs}
  - {kind: table, name: "Promo%sCode's", rules: [DBN101], phase: "1", target: promo_codes}
  - {kind: table, name: BlogPosts, rules: [DBN101], phase: "1", target: blog_posts}
  - {kind: column, name: orders.orderTotal, rules: [DBN201], phase: "1", target: order_total}
  - {kind: column, name: orders.createdAt, rules: [DBN201], phase: "1", target: created_at}
  - {kind: index, name: orders.IX_OrderTotal, rules: [DBN301], phase: "1", target: ix_order_total}
"""

needs_django = pytest.mark.skipif(django_python() is None, reason="Django is not installed")


def _project(root: Path, monkeypatch: pytest.MonkeyPatch, dialect: str) -> Path:
    files = {
        "dbnamelint.yaml": (
            f"paths:\n  - shop/migrations\n  - blog/migrations\ndialect: {dialect}\n"
        ),
        "whitelist.yaml": WHITELIST,
        "settings.py": SETTINGS.format(apps='"shop", "blog"', extra=""),
        "shop/__init__.py": "",
        "shop/models.py": SHOP_MODELS,
        "shop/migrations/__init__.py": "",
        "shop/migrations/0001_initial.py": INITIAL,
        "shop/migrations/0002_more.py": MORE,
        "blog/__init__.py": "",
        "blog/models.py": BLOG_MODELS,
        "blog/migrations/__init__.py": "",
        "blog/migrations/0001_initial.py": BLOG,
    }
    return committed_repo(root, files, monkeypatch)


def _django(root: Path, *args: str, pg: str = "", my: str = "") -> subprocess.CompletedProcess[str]:
    python = django_python()
    assert python is not None
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "settings", "PYTHONPATH": str(root)}
    env.update(DJ_PG=pg, DJ_MY=my, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [python, "-m", "django", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _migrate(root: Path, *target: str, pg: str = "") -> None:
    done = _django(root, "migrate", *target, pg=pg)
    assert done.returncode == 0, done.stderr


def _pg_names(pg: PgServer, database: str) -> dict[str, str]:
    rows = pg.query_json(
        "SELECT relname AS n, relkind AS k FROM pg_class c JOIN pg_namespace s"
        " ON s.oid = c.relnamespace WHERE s.nspname = 'public' AND relkind IN ('r', 'v')"
        " AND relname NOT LIKE 'django%'",
        dbname=database,
    )
    return {r["n"]: r["k"] for r in rows}


def _pg_columns(pg: PgServer, database: str) -> set[str]:
    """The columns of ``orders`` and its named index."""
    rows = pg.query_json(
        "SELECT column_name AS n FROM information_schema.columns"
        " WHERE table_schema = 'public' AND table_name = 'orders'"
        " UNION SELECT indexname FROM pg_indexes WHERE tablename = 'orders'"
        " AND indexname NOT LIKE '%pkey'",
        dbname=database,
    )
    return {r["n"] for r in rows}


#: The relations after the forward migrations: the tables renamed, a
#: compatibility view under each old name.
FORWARD = {
    "user_prefs": "r",
    "UserPrefs": "v",
    "promo_codes": "r",
    "Promo%sCode's": "v",
    "blog_posts": "r",
    "BlogPosts": "v",
    "orders": "r",
}
BEFORE = {"UserPrefs": "r", "Promo%sCode's": "r", "BlogPosts": "r", "orders": "r"}


def _edit_models(root: Path) -> None:
    """The ``models.py`` edits the plan's note names."""
    shop = root / "shop" / "models.py"
    text = shop.read_text()
    text = text.replace('db_table = "UserPrefs"', 'db_table = "user_prefs"')
    text = text.replace('db_table = "Promo%sCode\'s"', 'db_table = "promo_codes"')
    text = text.replace('name="IX_OrderTotal"', 'name="ix_order_total"')
    text = text.replace(
        "orderTotal = models.IntegerField()",
        'orderTotal = models.IntegerField(db_column="order_total")',
    )
    text = text.replace(
        "models.DateTimeField(default=django.utils.timezone.now)",
        'models.DateTimeField(default=django.utils.timezone.now, db_column="created_at")',
    )
    shop.write_text(text)
    blog = root / "blog" / "models.py"
    blog.write_text(blog.read_text().replace('"BlogPosts"', '"blog_posts"'))


@needs_django
def test_write_is_a_migration_django_applies_and_reverts_on_postgres(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = _project(tmp_path / "app", monkeypatch, "postgres")
    with pg.fresh_database("s41djangowrite_pg") as database:
        conninfo = f"{pg.conninfo} dbname={database}"
        assert _django(root, "makemigrations", "--check", "--dry-run").returncode == 0
        _migrate(root, pg=conninfo)
        assert _pg_names(pg, database) == BEFORE

        status, output = _dbnamelint("migrate", "--phase", "1", "--write")
        assert status == 0, output
        shop = root / "shop" / "migrations" / "0003_rename_phase_1.py"
        blog = root / "blog" / "migrations" / "0002_rename_phase_1.py"
        assert f"wrote {shop.relative_to(root)} (forward+rollback)" in output
        assert f"wrote {blog.relative_to(root)} (forward+rollback)" in output
        text = shop.read_text()
        assert "dependencies = [('shop', '0002_more')]" in text
        assert "BEGIN;" not in text and "COMMIT" not in text
        assert "migrations.AlterModelTable(name='userprefs', table='user_prefs')" in text
        renamed = "new_name='ix_order_total', old_name='IX_OrderTotal'"
        assert f"migrations.RenameIndex(model_name='order', {renamed})" in text
        assert "import django.utils.timezone" in text
        # each app's migration holds its own tables' renames only
        assert "BlogPosts" not in text and "UserPrefs" not in blog.read_text()
        note = re.sub(r"\s+", " ", output)
        assert 'model UserPrefs: class Meta: db_table = "user_prefs"' in note
        assert 'field Order.orderTotal: db_column="order_total"' in note
        assert 'model Post: class Meta: db_table = "blog_posts"' in note
        assert 'model Order: Index(name="ix_order_total")' in note

        _migrate(root, pg=conninfo)
        assert _pg_names(pg, database) == FORWARD
        assert _pg_columns(pg, database) == {"id", "order_total", "created_at", "ix_order_total"}
        _migrate(root, "shop", "0002_more", pg=conninfo)
        _migrate(root, "blog", "0001_initial", pg=conninfo)
        assert _pg_names(pg, database) == BEFORE
        assert _pg_columns(pg, database) == {"id", "orderTotal", "createdAt", "IX_OrderTotal"}
        _migrate(root, pg=conninfo)
        assert _pg_names(pg, database) == FORWARD

        # Django's state holds the new names: unedited models differ from it,
        # the edits the note names make them agree
        assert _django(root, "makemigrations", "--check", "--dry-run").returncode == 1
        _edit_models(root)
        done = _django(root, "makemigrations", "--check", "--dry-run")
        assert done.returncode == 0 and "No changes detected" in done.stdout, done.stdout

        # dbnamelint's reader takes the migrations for the renames
        assert_taken_as_renames(root)

        # the cleanup: a migration after it in each app, dropping the views
        status, output = _dbnamelint("migrate", "--phase", "1", "--cleanup", "--write")
        assert status == 0, output
        cleanup = root / "shop" / "migrations" / "0004_drop_compatibility_views.py"
        assert "dependencies = [('shop', '0003_rename_phase_1')]" in cleanup.read_text()
        assert (root / "blog" / "migrations" / "0003_drop_compatibility_views.py").is_file()
        _migrate(root, pg=conninfo)
        assert _pg_names(pg, database) == {k: v for k, v in FORWARD.items() if v == "r"}
        _migrate(root, "shop", "0003_rename_phase_1", pg=conninfo)
        _migrate(root, "blog", "0002_rename_phase_1", pg=conninfo)
        assert _pg_names(pg, database) == FORWARD
        _migrate(root, pg=conninfo)
        done = _django(root, "makemigrations", "--check", "--dry-run")
        assert done.returncode == 0, done.stdout
        status, output = _dbnamelint("check", ".")
        assert status == 0, output


@needs_django
def test_write_on_sqlite_django_applies_and_reverts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "app", monkeypatch, "sqlite")
    _migrate(root)
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 0, output

    def names() -> dict[str, str]:
        with sqlite3.connect(root / "app.db") as conn:
            rows = conn.execute(
                "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')"
                " AND name NOT LIKE 'django%' AND name NOT LIKE 'sqlite%'"
            ).fetchall()
        return {r[0]: {"table": "r", "view": "v"}[r[1]] for r in rows}

    def columns() -> set[str]:
        with sqlite3.connect(root / "app.db") as conn:
            return {r[1] for r in conn.execute("PRAGMA table_info(orders)")}

    _migrate(root)
    assert names() == FORWARD
    assert columns() == {"id", "order_total", "created_at"}
    _migrate(root, "shop", "0002_more")
    _migrate(root, "blog", "0001_initial")
    assert names() == BEFORE
    assert columns() == {"id", "orderTotal", "createdAt"}
    _migrate(root)
    assert names() == FORWARD
    _edit_models(root)
    done = _django(root, "makemigrations", "--check", "--dry-run")
    assert done.returncode == 0 and "No changes detected" in done.stdout, done.stdout

    status, output = _dbnamelint("migrate", "--phase", "1", "--cleanup", "--write")
    assert status == 0, output
    _migrate(root)
    assert names() == {k: v for k, v in FORWARD.items() if v == "r"}
    _migrate(root, "shop", "0003_rename_phase_1")
    assert "UserPrefs" in names()


@needs_django
def test_write_on_mariadb_django_applies_and_reverts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: object
) -> None:
    """MariaDB: the forward script's guard (a prepared statement built in a
    session variable, ``%`` in it) runs statement by statement through
    Django's MySQL backend, and its rollback back."""
    import mysql_server

    assert isinstance(maria, mysql_server.MysqlServer)
    root = _project(tmp_path / "app", monkeypatch, "mysql")
    with maria.fresh_database("s41djangowrite_my") as database:
        my = f"{maria.host}:{maria.port}:{database}"

        def names() -> dict[str, str]:
            listed = maria.run(
                "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES"
                " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE 'django%'",
                database=database,
            )
            kinds = {"BASE TABLE": "r", "VIEW": "v"}
            return {n: kinds[k] for n, k in (x.split("\t") for x in listed.splitlines())}

        def migrate(*target: str) -> None:
            done = _django(root, "migrate", *target, my=my)
            assert done.returncode == 0, done.stderr

        migrate()
        assert names() == BEFORE
        status, output = _dbnamelint("migrate", "--phase", "1", "--write")
        assert status == 0, output
        migrate()
        assert names() == FORWARD
        migrate("shop", "0002_more")
        migrate("blog", "0001_initial")
        assert names() == BEFORE
        migrate()
        assert names() == FORWARD
        _edit_models(root)
        done = _django(root, "makemigrations", "--check", "--dry-run")
        assert done.returncode == 0 and "No changes detected" in done.stdout, done.stdout


def test_several_leaves_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path / "app", monkeypatch, "postgres")
    folder = root / "shop" / "migrations"
    (folder / "0003_other.py").write_text(
        "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n"
        '    dependencies = [("shop", "0001_initial")]\n    operations = []\n'
    )
    commit_all(root, "two leaves")
    before = sorted(p.name for p in folder.iterdir())
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 2, output
    assert "Conflicting migrations detected; multiple leaf nodes in the migration graph: " in (
        output
    )
    assert "(0002_more, 0003_other in shop)" in output
    assert "Traceback" not in output
    assert sorted(p.name for p in folder.iterdir()) == before
    assert not (root / "blog" / "migrations" / "0002_rename_phase_1.py").exists()


def test_dependencies_not_literal_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path / "app", monkeypatch, "postgres")
    folder = root / "shop" / "migrations"
    (folder / "0003_other.py").write_text(
        "from django.db import migrations\n\nBEFORE = [('shop', '0002_more')]\n\n\n"
        "class Migration(migrations.Migration):\n    dependencies = BEFORE\n"
        "    operations = []\n"
    )
    commit_all(root, "computed dependencies")
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 2, output
    assert "0003_other.py: its dependencies is not a literal list" in output
    assert sorted(p.name for p in folder.iterdir()) == [
        "0001_initial.py",
        "0002_more.py",
        "0003_other.py",
        "__init__.py",
    ]


def test_another_apps_model_table_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A table of shop's model whose last change is a blog migration: the
    rename would go in blog's migrations, where no state operation can tell
    Django shop's model's table; refused, nothing written."""
    root = _project(tmp_path / "app", monkeypatch, "postgres")
    (root / "blog" / "migrations" / "0002_index.py").write_text(
        "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n"
        '    dependencies = [("blog", "0001_initial"), ("shop", "0002_more")]\n'
        "    operations = [\n"
        """        migrations.RunSQL('CREATE INDEX "prefs_theme" ON "UserPrefs" ("theme")'),\n"""
        "    ]\n"
    )
    commit_all(root, "blog indexes shop's table")
    status, output = _dbnamelint("migrate", "--rename", '"UserPrefs"=user_prefs', "--write")
    assert status == 2, output
    assert "0002_index.py: the renames go in app blog's migrations" in output
    assert "UserPrefs (model shop.userprefs) is another app's model" in output
    assert sorted(p.name for p in (root / "blog" / "migrations").iterdir()) == [
        "0001_initial.py",
        "0002_index.py",
        "__init__.py",
    ]
    assert len(list((root / "shop" / "migrations").iterdir())) == 3


TAGS = """from django.db import migrations, models


def _no_title():
    return ""


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Tag",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
                ("tagTitle", models.TextField(default=_no_title)),
            ],
            options={"db_table": "tags"},
        ),
        migrations.CreateModel(
            name="Item",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
                ("tags", models.ManyToManyField(to="shop.tag", db_table="ItemTags")),
            ],
            options={"db_table": "items"},
        ),
    ]
"""
TAG_MODELS = """from django.db import models


class Tag(models.Model):
    id = models.AutoField(primary_key=True)

    class Meta:
        db_table = "tags"


class Item(models.Model):
    id = models.AutoField(primary_key=True)
    tags = models.ManyToManyField(Tag, db_table="ItemTags")

    class Meta:
        db_table = "items"
"""


@needs_django
def test_many_to_many_table_state_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table Django makes for a many-to-many field is the field's
    ``db_table``: its rename is an ``AlterField`` of the field."""
    files = {
        "dbnamelint.yaml": "paths:\n  - shop/migrations\ndialect: sqlite\n",
        "whitelist.yaml": 'phases:\n  - {id: "1", title: l, status: open}\nentries:\n'
        '  - {kind: table, name: ItemTags, rules: [DBN101], phase: "1", target: item_tags}\n',
        "settings.py": SETTINGS.format(apps='"shop"', extra=""),
        "shop/__init__.py": "",
        "shop/models.py": TAG_MODELS,
        "shop/migrations/__init__.py": "",
        "shop/migrations/0001_initial.py": TAGS.replace(
            '("tagTitle", models.TextField(default=_no_title)),\n', ""
        ),
    }
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    _migrate(root)
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 0, output
    assert 'field Item.tags: db_table="item_tags"' in re.sub(r"\s+", " ", output)
    _migrate(root)
    with sqlite3.connect(root / "app.db") as conn:
        made = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "item_tags" in made and "ItemTags" not in made
    models = root / "shop" / "models.py"
    models.write_text(models.read_text().replace('"ItemTags"', '"item_tags"'))
    done = _django(root, "makemigrations", "--check", "--dry-run")
    assert done.returncode == 0 and "No changes detected" in done.stdout, done.stdout
    _migrate(root, "shop", "0001_initial")


def test_a_definition_not_copied_faithfully_is_left_to_the_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A field whose definition uses a function of its migration (no import
    brings it): its AlterField is not written, the note says what to add."""
    files = {
        "dbnamelint.yaml": "paths:\n  - shop/migrations\ndialect: postgres\n",
        "whitelist.yaml": 'phases:\n  - {id: "1", title: l, status: open}\nentries:\n'
        '  - {kind: column, name: tags.tagTitle, rules: [DBN201], phase: "1", '
        "target: tag_title}\n",
        "shop/__init__.py": "",
        "shop/migrations/__init__.py": "",
        "shop/migrations/0001_initial.py": TAGS,
    }
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 0, output
    said = re.sub(r"\s+", " ", output)
    assert (
        "the state of field tag.tagTitle is not written (it uses _no_title, which "
        '0001_initial.py does not import): add migrations.AlterField(model_name="tag", '
        'name="tagTitle", field=<its definition with db_column="tag_title">)'
    ) in said
    text = (root / "shop" / "migrations" / "0002_rename_phase_1.py").read_text()
    assert "SeparateDatabaseAndState" not in text and "AlterField" not in text
    assert "RENAME COLUMN" in text


def _empty(dependencies: str, replaces: str = "") -> str:
    more = f"    replaces = {replaces}\n" if replaces else ""
    return (
        "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n"
        f"{more}    dependencies = {dependencies}\n    operations = []\n"
    )


#: Folders of app shop, and what ``makemigrations`` names the next one after:
#: a squash stands for the migrations it replaces (its number the last
#: replaced one's), a later one depending on a replaced one follows the squash.
FOLDERS = {
    "squashed": {
        "0001_initial.py": _empty("[]"),
        "0002_x.py": _empty('[("shop", "0001_initial")]'),
        "0001_squashed_0002_x.py": _empty("[]", '[("shop", "0001_initial"), ("shop", "0002_x")]'),
    },
    "after a squash": {
        "0001_initial.py": _empty("[]"),
        "0002_x.py": _empty('[("shop", "0001_initial")]'),
        "0001_squashed_0002_x.py": _empty("[]", '[("shop", "0001_initial"), ("shop", "0002_x")]'),
        "0003_y.py": _empty('[("shop", "0002_x")]'),
    },
}


@needs_django
@pytest.mark.parametrize("shape", sorted(FOLDERS))
def test_named_and_placed_as_makemigrations_would(tmp_path: Path, shape: str) -> None:
    """Django's own ``makemigrations --empty --dry-run -v 3`` names the next
    migration and its dependency as ``migrate --write`` does."""
    from dbnamelint.services.migrate.django_migration import leaf, next_number

    folder = tmp_path / "shop" / "migrations"
    folder.mkdir(parents=True)
    (tmp_path / "shop" / "__init__.py").write_text("")
    (folder / "__init__.py").write_text("")
    for name, text in FOLDERS[shape].items():
        (folder / name).write_text(text)
    (tmp_path / "settings.py").write_text(SETTINGS.format(apps='"shop"', extra=""))
    done = _django(tmp_path, "makemigrations", "shop", "--empty", "--dry-run", "-n", "x", "-v", "3")
    assert done.returncode == 0, done.stderr
    label, last = leaf(folder)
    assert f"shop/migrations/{next_number(last):04d}_x.py" in done.stdout
    assert f"({label!r}, {last!r})," in done.stdout


@needs_django
def test_each_statement_reaches_django_as_written(tmp_path: Path) -> None:
    """Statements holding both triple quotes, a backslash, a ``%s`` and a
    dollar-quoted block: Django imports the written migration and its
    ``RunSQL`` holds each statement exactly as the script spells it."""
    import json

    from dbnamelint.services.migrate.code_script import statements
    from dbnamelint.services.migrate.django_migration import migration

    forward = (
        "COMMENT ON TABLE \"Promo%sCode's\" IS 'a \"\"\" b '''''' c \\';\n"
        "DO $x$ BEGIN RAISE NOTICE '%; %s'; END $x$;\n"
        'ALTER TABLE "t\\" RENAME TO "u";\n'
    )
    folder = tmp_path / "shop" / "migrations"
    folder.mkdir(parents=True)
    written = migration(
        folder, ("shop", "0001_initial"), "x", forward, "SELECT 1;", dialect="postgres", state=None
    )
    written.path.write_text(written.text)
    python = django_python()
    assert python is not None
    script = (
        "import importlib.util, json, sys\n"
        "spec = importlib.util.spec_from_file_location('m', sys.argv[1])\n"
        "module = importlib.util.module_from_spec(spec)\nspec.loader.exec_module(module)\n"
        "(op,) = module.Migration.operations\n"
        "print(json.dumps([op.sql, op.reverse_sql]))\n"
    )
    done = subprocess.run(
        [python, "-c", script, str(written.path)], capture_output=True, text=True, check=True
    )
    sql, reverse = json.loads(done.stdout)
    assert sql == statements(forward, "postgres")
    assert sql[0] == forward.partition(";\n")[0] and sql[2] == 'ALTER TABLE "t\\" RENAME TO "u"'
    assert len(sql) == 3 and sql[1].startswith("DO $x$") and sql[1].endswith("END $x$")
    assert reverse == ["SELECT 1"]


def test_a_named_constraint_of_the_state_is_left_to_the_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Django has no operation renaming a constraint (its manual's
    "Migration Operations" lists AddConstraint and RemoveConstraint only):
    the note says which state operations and models.py edit to add."""
    migration = (
        "from django.db import migrations, models\n\n\n"
        "class Migration(migrations.Migration):\n    initial = True\n    dependencies = []\n"
        "    operations = [\n        migrations.CreateModel(\n            name='Order',\n"
        "            fields=[('id', models.AutoField(primary_key=True, serialize=False)),"
        " ('amount', models.IntegerField())],\n"
        "            options={'db_table': 'orders', 'constraints': [models.CheckConstraint("
        "condition=models.Q(amount__gt=0), name='CK_Amount')]},\n        ),\n    ]\n"
    )
    files = {
        "dbnamelint.yaml": "paths:\n  - shop/migrations\ndialect: postgres\n",
        "whitelist.yaml": 'phases:\n  - {id: "1", title: l, status: open}\nentries:\n'
        '  - {kind: constraint, name: orders.CK_Amount, rules: [DBN401], phase: "1", '
        "target: orders_amount_check}\n",
        "shop/__init__.py": "",
        "shop/migrations/__init__.py": "",
        "shop/migrations/0001_initial.py": migration,
    }
    committed_repo(tmp_path / "app", files, monkeypatch)
    status, output = _dbnamelint("migrate", "--phase", "1")
    assert status == 0, output
    assert (
        "the state of constraint CK_Amount of model Order is not written (Django renames no "
        'constraint): add migrations.RemoveConstraint(model_name="order", name="CK_Amount") '
        'and migrations.AddConstraint(model_name="order", constraint=<its definition with '
        'name="orders_amount_check">)'
    ) in re.sub(r"\s+", " ", output)
