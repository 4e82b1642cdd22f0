"""SQLite numbers a rebuilt table's column ``UNIQUE`` indexes anew (trial s38).

paperless-ngx's ``documents_document`` had four unique columns
(``checksum``, ``filename``, ``archive_filename``,
``archive_serial_number``: ``sqlite_autoindex_documents_document_1`` to
``_4``); ``0005`` made ``checksum`` no longer unique. Django's SQLite
schema editor rebuilds the table (``_remake_table``), and the new table's
autoindexes are ``_1`` to ``_3`` over the three left, in column order. The
model kept all four as made: ``drift`` said ``_4`` was only in the files,
and each name was on the wrong column. An ``AlterField`` that makes a field
unique and a ``RemoveField`` of a unique one renumber them too.

Oracle: Django 5.2's ``manage.py migrate`` on SQLite; ``sqlite_master`` and
``PRAGMA index_info`` give each autoindex's column.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from django_oracle import FOLDER, SETTINGS, migrate, write_app
from oracle_tools import django_python

HEAD = "from django.db import migrations, models\n\n\n"
MIGRATIONS = {
    "0001_initial.py": HEAD
    + """class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Doc",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("checksum", models.CharField(max_length=32, unique=True)),
                ("filename", models.CharField(max_length=32, unique=True)),
                ("name", models.CharField(max_length=32)),
                ("serial", models.IntegerField(unique=True, null=True)),
            ],
        ),
    ]
""",
    "0002_checksum.py": HEAD
    + """class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]
    operations = [
        migrations.AlterField(
            model_name="doc", name="checksum", field=models.CharField(max_length=32)
        ),
    ]
""",
}
MORE = {
    **MIGRATIONS,
    "0003_name.py": HEAD
    + """class Migration(migrations.Migration):
    dependencies = [("api", "0002_checksum")]
    operations = [
        migrations.AlterField(
            model_name="doc", name="name", field=models.CharField(max_length=32, unique=True)
        ),
        migrations.RemoveField(model_name="doc", name="filename"),
    ]
""",
}
#: What ``manage.py migrate`` leaves: each autoindex and its column.
SQLITE = {
    "after-alter": {
        "sqlite_autoindex_api_doc_1": "filename",
        "sqlite_autoindex_api_doc_2": "serial",
    },
    "after-unique-and-remove": {
        "sqlite_autoindex_api_doc_1": "name",
        "sqlite_autoindex_api_doc_2": "serial",
    },
}
CASES = [
    pytest.param(MIGRATIONS, SQLITE["after-alter"], id="after-alter"),
    pytest.param(MORE, SQLITE["after-unique-and-remove"], id="after-unique-and-remove"),
]


@pytest.mark.parametrize(("migrations", "made"), CASES)
def test_the_model_numbers_the_autoindexes_as_the_rebuild_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, migrations: dict[str, str], made: dict
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dbnamelint.yaml").write_text(f"paths: [{FOLDER}]\ndialect: sqlite\n")
    write_app(tmp_path, migrations)
    result = CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    found = {
        o["name"]: ",".join(o["columns"])
        for o in report["objects"]
        if o["name"].startswith("sqlite_autoindex_")
    }
    assert not report["diagnostics"]
    assert found == made


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
@pytest.mark.parametrize(("migrations", "made"), CASES)
def test_django_migrate_makes_those_autoindexes(
    tmp_path: Path, migrations: dict[str, str], made: dict
) -> None:
    python = django_python()
    assert python is not None
    migrate(tmp_path, python, migrations, SETTINGS.format(apps='"api"', extra=""))
    with sqlite3.connect(tmp_path / "app.db") as connection:
        names = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'api_doc'"
            )
            if r[0].startswith("sqlite_autoindex_")
        ]
        found = {
            n: ",".join(r[2] for r in connection.execute(f'PRAGMA index_info("{n}")'))
            for n in names
        }
    assert found == made
