"""The names Django gives of its own accord, and where CreateModel's are located.

A Django migration's ``ForeignKey`` makes a constraint
``PingLog_owner_id_5b655e65_fk_api_check_id`` and an index
``PingLog_owner_id_5b655e65``, a ``db_index`` field an index, a ``varchar``
or ``text`` one on PostgreSQL a second ``..._like`` index,
``unique_together`` a ``..._uniq`` constraint (a unique index on SQLite),
``index_together`` a ``..._idx`` index, an ``AlterField`` drops or makes
them (Django's
``BaseDatabaseSchemaEditor._create_index_name``: ``<table>_<columns>_<8 hex
digits of md5(table, *columns)><suffix>``). The gate did not know them: the
model lacked them and a ``RenameIndex(old_fields=...)`` (renaming the
``_idx`` index) was not read, so its new name was not judged. A
``CreateModel``'s ``db_table`` finding was located at the call's first line.

Oracle: Django 5.2's ``manage.py migrate`` of :data:`MIGRATIONS` on SQLite 3,
PostgreSQL 15 and MariaDB 10.11 (``test_django_migrate_makes_those_names_*``;
the same names ``sqlmigrate`` prints). Set ``DBNAMELINT_TEST_DJANGO_PYTHON``
to a Python with Django, psycopg and PyMySQL (else this one, when it has Django).
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.code_ddl_text import ddl_strings, for_database, sql_view
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from django_oracle import FOLDER, SETTINGS, kept, migrate, write_app
from git_helpers import committed_repo, git
from oracle_tools import django_python
from pg_server import PgServer

MIGRATIONS = {
    "0001_initial.py": """import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Check",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("name", models.CharField(db_index=True, max_length=100)),
                ("slug", models.SlugField()),
                ("code", models.CharField(max_length=20, unique=True)),
                ("kind", models.TextField(db_index=True)),
            ],
            options={
                "unique_together": {("name", "kind")},
            },
        ),
        migrations.CreateModel(
            name="Ping",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("n", models.IntegerField(db_index=True)),
                (
                    "checkRef",
                    models.ForeignKey(
                        db_column="checkRef",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="api.check",
                    ),
                ),
            ],
            options={
                "db_table": "PingLog",
            },
        ),
    ]
""",
    "0002_owner.py": """import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="ping",
            name="owner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, to="api.check"
            ),
        ),
        migrations.AlterIndexTogether(
            name="check",
            index_together={("slug", "code")},
        ),
        migrations.AddField(
            model_name="ping",
            name="checks",
            field=models.ManyToManyField(related_name="pings", to="api.check"),
        ),
    ]
""",
    "0003_rename.py": """from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("api", "0002_owner")]

    operations = [
        migrations.RenameIndex(
            model_name="check",
            new_name="CheckSlugCodeIdx",
            old_fields=("slug", "code"),
        ),
    ]
""",
    "0004_alter.py": """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("api", "0003_rename")]

    operations = [
        migrations.AddField(
            model_name="check",
            name="title",
            field=models.CharField(default="", max_length=50),
        ),
        migrations.AlterField(
            model_name="check",
            name="kind",
            field=models.TextField(),
        ),
        migrations.AlterField(
            model_name="check",
            name="slug",
            field=models.SlugField(unique=True),
        ),
        migrations.AlterField(
            model_name="ping",
            name="n",
            field=models.IntegerField(),
        ),
        migrations.AlterField(
            model_name="check",
            name="title",
            field=models.CharField(db_index=True, default="", max_length=50),
        ),
    ]
""",
}
#: The indexes and constraints ``manage.py migrate`` leaves (primary keys and
#: SQLite's internal ``sqlite_autoindex_`` aside).
NAMES = {
    "sqlite": {
        "CheckSlugCodeIdx",
        "PingLog_checkRef_1e131672",
        "PingLog_owner_id_5b655e65",
        "api_check_name_b1bd1d2c",
        "api_check_name_kind_afacb22e_uniq",
        "api_check_title_c025d197",
        # the many-to-many table Django makes (PingLog_checks: ping_id, check_id)
        "PingLog_checks_check_id_5fa801bd",
        "PingLog_checks_ping_id_22ae0bd2",
        "PingLog_checks_ping_id_check_id_e97e6cb7_uniq",
    },
}
#: PostgreSQL's besides: foreign keys' constraints, the _like indexes, the
#: UNIQUE of a field created unique (named by the database) and of one made
#: unique by AlterField (_uniq).
NAMES["postgres"] = NAMES["sqlite"] | {
    "PingLog_checkRef_1e131672_fk_api_check_id",
    "PingLog_owner_id_5b655e65_fk_api_check_id",
    "api_check_code_d76cf6a3_like",
    "api_check_code_key",
    "api_check_name_b1bd1d2c_like",
    "api_check_slug_8ee09d6f_like",
    "api_check_slug_8ee09d6f_uniq",
    "api_check_title_c025d197_like",
    "PingLog_checks_check_id_5fa801bd_fk_api_check_id",
    "PingLog_checks_ping_id_22ae0bd2_fk_PingLog_id",
}
#: MariaDB's: no index of its own for a foreign key (InnoDB's index of the
#: constraint takes the constraint's name) nor for the TEXT column; the
#: created-unique field's index is named by the column (``code``).
NAMES["mysql"] = {
    "CheckSlugCodeIdx",
    "PingLog_checkRef_1e131672_fk_api_check_id",
    "PingLog_checks_check_id_5fa801bd_fk_api_check_id",
    "PingLog_checks_ping_id_22ae0bd2_fk_PingLog_id",
    "PingLog_checks_ping_id_check_id_e97e6cb7_uniq",
    "PingLog_owner_id_5b655e65_fk_api_check_id",
    "api_check_name_b1bd1d2c",
    "api_check_name_kind_afacb22e_uniq",
    "api_check_slug_8ee09d6f_uniq",
    "api_check_title_c025d197",
    "code",
}


def _write(root: Path) -> None:
    write_app(root, MIGRATIONS)


@pytest.mark.parametrize("family", ["postgres", "sqlite", "mysql"])
def test_the_model_holds_the_names_django_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, family: str
) -> None:
    _write(tmp_path)
    monkeypatch.chdir(tmp_path)
    views = []
    for name, text in MIGRATIONS.items():
        path = f"{FOLDER}/{name}"
        views.append(sql_view(text, for_database(ddl_strings(path, text), family)))
    schema = schema_from_sql("\n".join(views), dialect=family)
    made = {o.name for o in schema.of_kind(ObjectKind.INDEX)}
    made |= {o.name for o in schema.of_kind(ObjectKind.CONSTRAINT)}
    assert kept(made) == NAMES[family]


def _migrate(root: Path, python: str, pg: str = "", my: str = "") -> None:
    settings = SETTINGS.format(apps='"api"', extra="")
    migrate(root, python, MIGRATIONS, settings, pg, my, ("api",))


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_makes_those_names_on_sqlite(tmp_path: Path) -> None:
    python = django_python()
    assert python is not None
    _migrate(tmp_path, python)
    with sqlite3.connect(tmp_path / "app.db") as connection:
        made = {
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
    assert kept(made) == NAMES["sqlite"]


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_makes_those_names_on_postgres(tmp_path: Path, pg: PgServer) -> None:
    python = django_python()
    assert python is not None
    with pg.fresh_database("dbnamelint_django_names") as database:
        _migrate(tmp_path, python, f"{pg.conninfo} dbname={database}")
        rows = pg.query_json(
            "SELECT indexname AS n FROM pg_indexes WHERE schemaname = 'public'"
            " UNION SELECT conname FROM pg_constraint"
            " WHERE connamespace = 'public'::regnamespace",
            dbname=database,
        )
    made = {r["n"] for r in rows} - {"django_migrations_pkey"}
    assert kept(made) == NAMES["postgres"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_gate_judges_them_and_locates_db_table_at_its_literal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New migrations: Django's own names of a ``db_table "PingLog"`` model are
    judged (not snake_case: its foreign key's constraint and indexes), the
    ``RenameIndex(old_fields=...)``'s new name too, and the table's finding
    is at the ``"PingLog"`` literal of ``options``, not the call's first line."""
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "db/schema.sql": "CREATE TABLE seeds (id int);\n",
        },
        monkeypatch,
    )
    _write(root)
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache", "--format", "json"])
    report = json.loads(result.stdout)
    found = {
        (f["code"], f["name"], f["path"].rpartition("/")[2], f["line"]) for f in report["findings"]
    }
    literal = (
        MIGRATIONS["0001_initial.py"].splitlines().index('                "db_table": "PingLog",')
        + 1
    )
    assert ("DBN101", "PingLog", "0001_initial.py", literal) in found
    names = {name for _code, name, _path, _line in found}
    assert {
        "PingLog_owner_id_5b655e65_fk_api_check_id",
        "PingLog_checkRef_1e131672_fk_api_check_id",
        "PingLog_owner_id_5b655e65",
        "CheckSlugCodeIdx",
    } <= names, found
    assert not [d for d in report["diagnostics"] if d["code"] in ("DBN001", "DBN004")]
    assert re.search(r"\bCheckSlugCodeIdx\b", json.dumps(report["findings"]))


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_makes_those_names_on_mariadb(tmp_path: Path, maria: object) -> None:
    """Django's MySQL backend (on PyMySQL: the Python needs it) on MariaDB 10.11."""
    import mysql_server

    assert isinstance(maria, mysql_server.MysqlServer)
    python = django_python()
    assert python is not None
    with maria.fresh_database("dbn_django_names") as database:
        _migrate(tmp_path, python, my=f"{maria.host}:{maria.port}:{database}")
        listed = maria.run(
            "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()"
            " UNION SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS"
            " WHERE TABLE_SCHEMA = DATABASE()",
            database=database,
        )
    assert set(listed.split()) - {"PRIMARY"} == NAMES["mysql"]
