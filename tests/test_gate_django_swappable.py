"""A swappable foreign key's names, a unique an ``AlterField`` removes.

makemigrations writes a ``ForeignKey`` or ``ManyToManyField`` to the user
model as ``to=settings.AUTH_USER_MODEL``: Django points it at the model the
project's settings name (``auth.User``, ``conf/global_settings.py``, unless
they set it) and names its constraint ``..._fk_auth_user_id``. The model held
no constraint for it, nor the many-to-many table's columns, keys and
indexes: the gate said only that it did not read them. An ``AlterField``
from ``unique=True`` to a field that is not unique left the ``UNIQUE`` in
the model, where Django's ``_alter_field`` drops every unique constraint of
the column ("Has unique been removed?"): PostgreSQL's ``<table>_<column>_key``
(or MySQL's index named by the column) of a field made unique, the
``..._uniq`` of one an ``AlterField`` made unique.

Oracle: Django 5.2's ``manage.py migrate`` of :data:`MIGRATIONS` (with
``django.contrib.auth``) on SQLite 3, PostgreSQL 15 and MariaDB 10.11, and
of :data:`CUSTOM` with ``AUTH_USER_MODEL = "api.Member"`` in the settings
``manage.py`` names. Set ``DBNAMELINT_TEST_DJANGO`` to a Python with Django,
psycopg and PyMySQL.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dbnamelint.code_ddl_text import ddl_strings, for_database, sql_view
from dbnamelint.django_names import implicit_sql
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from django_oracle import FOLDER, SETTINGS, kept, migrate, write_app
from oracle_tools import django_python
from pg_server import PgServer

HEAD = """import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


"""
MIGRATIONS = {
    "0001_initial.py": HEAD
    + """class Migration(migrations.Migration):
    initial = True

    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="Note",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("code", models.CharField(max_length=20, unique=True)),
                ("slug", models.SlugField(max_length=20)),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "readers",
                    models.ManyToManyField(related_name="read_notes", to=settings.AUTH_USER_MODEL),
                ),
            ],
        ),
    ]
""",
    "0002_unique.py": HEAD
    + """class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="note",
            name="slug",
            field=models.SlugField(max_length=20, unique=True),
        ),
        migrations.AddField(
            model_name="note",
            name="editor",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="auth.user",
            ),
        ),
        migrations.AddField(
            model_name="note",
            name="reviewer",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
""",
    "0003_not_unique.py": HEAD
    + """class Migration(migrations.Migration):
    dependencies = [("api", "0002_unique")]

    operations = [
        migrations.AlterField(
            model_name="note",
            name="code",
            field=models.CharField(max_length=20),
        ),
        migrations.AlterField(
            model_name="note",
            name="slug",
            field=models.SlugField(max_length=20),
        ),
        migrations.AlterField(
            model_name="note",
            name="reviewer",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
""",
}
#: The indexes and constraints ``manage.py migrate`` leaves on the app's
#: tables (primary keys and SQLite's internal ``sqlite_autoindex_`` aside).
NAMES = {
    "sqlite": {
        "api_note_editor_id_c36df257",
        "api_note_owner_id_3135a887",
        "api_note_readers_note_id_f66a3b54",
        "api_note_readers_note_id_user_id_14273ab4_uniq",
        "api_note_readers_user_id_dcac4bbe",
        "api_note_slug_1a2bb895",
        # a OneToOneField made a ForeignKey: its unique dropped, an index made
        "api_note_reviewer_id_b34cfb99",
    },
}
#: PostgreSQL's besides: the foreign keys (to auth_user too) and the slug's
#: _like index; no api_note_code_key, api_note_code_..._like nor
#: api_note_slug_..._uniq (dropped by 0003).
NAMES["postgres"] = NAMES["sqlite"] | {
    "api_note_editor_id_c36df257_fk_auth_user_id",
    "api_note_owner_id_3135a887_fk_auth_user_id",
    "api_note_readers_note_id_f66a3b54_fk_api_note_id",
    "api_note_readers_user_id_dcac4bbe_fk_auth_user_id",
    "api_note_slug_1a2bb895_like",
    "api_note_reviewer_id_b34cfb99_fk_auth_user_id",
}
#: MariaDB's: no index of its own for a foreign key (InnoDB's index of the
#: constraint takes the constraint's name) but for the one an AlterField
#: makes (``_alter_field``'s "Added an index?"); no ``code`` index (dropped
#: by 0003), nor ``reviewer_id``'s unique.
NAMES["mysql"] = {
    "api_note_reviewer_id_b34cfb99",
    "api_note_reviewer_id_b34cfb99_fk_auth_user_id",
    "api_note_editor_id_c36df257_fk_auth_user_id",
    "api_note_owner_id_3135a887_fk_auth_user_id",
    "api_note_readers_note_id_f66a3b54_fk_api_note_id",
    "api_note_readers_note_id_user_id_14273ab4_uniq",
    "api_note_readers_user_id_dcac4bbe_fk_auth_user_id",
    "api_note_slug_1a2bb895",
}


def _model_names(root: Path, migrations: dict[str, str], family: str) -> set[str]:
    views = []
    for name, text in migrations.items():
        path = str(root / FOLDER / name)
        views.append(sql_view(text, for_database(ddl_strings(path, text), family)))
        assert not [u for *_s, u in implicit_sql(path, text, family) if u], name
    schema = schema_from_sql("\n".join(views), dialect=family)
    made = {o.name for o in schema.of_kind(ObjectKind.INDEX)}
    return kept(made | {o.name for o in schema.of_kind(ObjectKind.CONSTRAINT)})


@pytest.mark.parametrize("family", ["postgres", "sqlite", "mysql"])
def test_the_model_holds_the_names_django_makes(tmp_path: Path, family: str) -> None:
    write_app(tmp_path, MIGRATIONS)
    assert _model_names(tmp_path, MIGRATIONS, family) == NAMES[family]


AUTH_APPS = '"django.contrib.contenttypes", "django.contrib.auth", "api"'


def _sqlite_names(root: Path) -> set[str]:
    with sqlite3.connect(root / "app.db") as connection:
        rows = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'api%'"
        )
        return kept({r[0] for r in rows})


def _pg_names(pg: PgServer, database: str) -> set[str]:
    rows = pg.query_json(
        "SELECT indexname AS n FROM pg_indexes WHERE tablename LIKE 'api%'"
        " UNION SELECT conname FROM pg_constraint WHERE conrelid::regclass::text LIKE 'api%'",
        dbname=database,
    )
    return kept({r["n"] for r in rows})


def _maria_names(maria: object, database: str) -> set[str]:
    import mysql_server

    assert isinstance(maria, mysql_server.MysqlServer)
    listed = maria.run(
        "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()"
        " AND TABLE_NAME LIKE 'api%' UNION SELECT CONSTRAINT_NAME FROM"
        " information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE()"
        " AND TABLE_NAME LIKE 'api%'",
        database=database,
    )
    return set(listed.split()) - {"PRIMARY"}


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_makes_those_names_on_sqlite(tmp_path: Path) -> None:
    python = django_python()
    assert python is not None
    migrate(tmp_path, python, MIGRATIONS, SETTINGS.format(apps=AUTH_APPS, extra=""))
    assert _sqlite_names(tmp_path) == NAMES["sqlite"]


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_makes_those_names_on_postgres(tmp_path: Path, pg: PgServer) -> None:
    python = django_python()
    assert python is not None
    with pg.fresh_database("dbnamelint_django_swappable") as database:
        settings = SETTINGS.format(apps=AUTH_APPS, extra="")
        migrate(tmp_path, python, MIGRATIONS, settings, f"{pg.conninfo} dbname={database}")
        assert _pg_names(pg, database) == NAMES["postgres"]


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_makes_those_names_on_mariadb(tmp_path: Path, maria: object) -> None:
    """Django's MySQL backend (on PyMySQL: the Python needs it) on MariaDB 10.11."""
    import mysql_server

    assert isinstance(maria, mysql_server.MysqlServer)
    python = django_python()
    assert python is not None
    with maria.fresh_database("dbn_django_swappable") as database:
        settings = SETTINGS.format(apps=AUTH_APPS, extra="")
        migrate(tmp_path, python, MIGRATIONS, settings, my=f"{maria.host}:{maria.port}:{database}")
        assert _maria_names(maria, database) == NAMES["mysql"]


#: The user model of the app itself (``AUTH_USER_MODEL = "api.Member"``), its
#: table named by ``db_table``.
CUSTOM = {
    "0001_initial.py": HEAD
    + """class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Member",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("handle", models.CharField(max_length=20)),
            ],
            options={"db_table": "members"},
        ),
        migrations.CreateModel(
            name="Post",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
    ]
""",
}
CUSTOM_NAMES = {
    "api_post_author_id_2521e4a1",
    "api_post_author_id_2521e4a1_fk_members_id",
}
MANAGE = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")\n'


@pytest.mark.parametrize(
    ("given", "names"),
    [
        ('"api.Member"', CUSTOM_NAMES),
        # not known: the key's index only, and the constraint said to be unread
        ('os.environ["USER_MODEL"]', {"api_post_author_id_2521e4a1"}),
    ],
)
def test_the_model_follows_the_settings_auth_user_model(
    tmp_path: Path, given: str, names: set[str]
) -> None:
    """``AUTH_USER_MODEL`` as the settings ``manage.py`` names set it."""
    write_app(tmp_path, CUSTOM)
    (tmp_path / "manage.py").write_text(MANAGE)
    settings = SETTINGS.format(apps='"api"', extra=f"AUTH_USER_MODEL = {given}")
    (tmp_path / "settings.py").write_text(settings)
    views = []
    unread = []
    for name, text in CUSTOM.items():
        path = str(tmp_path / FOLDER / name)
        views.append(sql_view(text, for_database(ddl_strings(path, text), "postgres")))
        unread += [u for *_s, found in implicit_sql(path, text, "postgres") for u in found]
    schema = schema_from_sql("\n".join(views), dialect="postgres")
    made = {o.name for o in schema.of_kind(ObjectKind.INDEX)}
    assert kept(made | {o.name for o in schema.of_kind(ObjectKind.CONSTRAINT)}) == names
    if names != CUSTOM_NAMES:
        assert any("foreign key constraint of field author" in u for u in unread), unread
    else:
        assert not unread


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_names_the_custom_user_models_key(tmp_path: Path, pg: PgServer) -> None:
    python = django_python()
    assert python is not None
    with pg.fresh_database("dbnamelint_django_custom_user") as database:
        settings = SETTINGS.format(apps='"api"', extra='AUTH_USER_MODEL = "api.Member"')
        migrate(tmp_path, python, CUSTOM, settings, f"{pg.conninfo} dbname={database}")
        assert _pg_names(pg, database) == CUSTOM_NAMES


def test_the_gate_judges_a_swappable_foreign_keys_constraint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new migration of a ``db_table "NoteLog"`` model with a foreign key to
    ``settings.AUTH_USER_MODEL``: its constraint
    ``NoteLog_owner_id_da7300b3_fk_auth_user_id`` (Django's ``_create_index_name``
    of ``NoteLog``, ``owner_id``) is judged; before, only its index was, and
    nothing said the constraint was not."""
    from check_json import check_entries
    from git_helpers import committed_repo, git

    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "db/schema.sql": "CREATE TABLE seeds (id int);\n",
        },
        monkeypatch,
    )
    text = (
        MIGRATIONS["0001_initial.py"]
        .replace(
            '                ("code", models.CharField(max_length=20, unique=True)),\n',
            "",
        )
        .replace(
            "        ),\n    ]\n",
            '            options={"db_table": "NoteLog"},\n        ),\n    ]\n',
        )
    )
    write_app(root, {"0001_initial.py": text})
    git(root, "add", "-A")
    status, found = check_entries("--base", "HEAD", "--no-cache")
    assert status == 1
    names = {m.split("'")[1] for c, _p, _l, s, m in found if s == "error" and "'" in m}
    assert "NoteLog_owner_id_da7300b3_fk_auth_user_id" in names, found
    assert "NoteLog_owner_id_da7300b3" in names, found
