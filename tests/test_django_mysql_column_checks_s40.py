"""The CHECKs Django's MySQL backend makes for Positive*Field and JSONField (trial s40 paperless).

Django's MySQL backend writes ``CHECK (`col` >= 0)`` in the definition of
every ``Positive*Field`` column (``data_type_check_constraints``) and gives a
``JSONField`` the type ``json``, which MariaDB makes ``longtext`` with
``CHECK (json_valid(`col`))``: unnamed column checks, which MariaDB names as
the column. The model held neither (paperless-ngx's drift on MariaDB: 31
constraints only in the database). An ``AlterField`` that changes such a
column's type or null (MySQL's ``MODIFY``) drops MariaDB's check, and Django
makes it again only for json (paperless_mail's 0002: its Positive fields'
checks gone).

Oracle: Django's ``manage.py migrate`` on MariaDB 10.11, then ``drift``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from django_oracle import SETTINGS, migrate
from oracle_tools import django_python

INITIAL = """from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Gauge",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("hits", models.PositiveIntegerField(default=0)),
                ("data", models.JSONField(default=dict)),
                ("rank", models.PositiveSmallIntegerField(unique=True, null=True)),
            ],
            options={"db_table": "api_gauges"},
        ),
    ]
"""
SECOND = """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]
    operations = [
        migrations.AddField(
            model_name="gauge", name="level", field=models.PositiveSmallIntegerField(null=True)
        ),
        migrations.AddField(model_name="gauge", name="extra", field=models.JSONField(null=True)),
        migrations.AlterField(
            model_name="gauge", name="hits", field=models.PositiveSmallIntegerField(default=0)
        ),
        migrations.AlterField(model_name="gauge", name="data", field=models.JSONField(null=True)),
    ]
"""
MIGRATIONS = {"0001_initial.py": INITIAL, "0002_more.py": SECOND}


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_the_model_holds_the_checks_django_makes_on_mariadb(
    tmp_path: Path, maria: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mysql_server

    assert isinstance(maria, mysql_server.MysqlServer)
    python = django_python()
    assert python is not None
    with maria.fresh_database("dbn_django_checks") as database:
        settings = SETTINGS.format(apps='"api"', extra="")
        migrate(tmp_path, python, MIGRATIONS, settings, my=f"{maria.host}:{maria.port}:{database}")
        listed = maria.run(
            "SELECT CONSTRAINT_NAME FROM information_schema.CHECK_CONSTRAINTS"
            " WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'api_gauges'",
            database=database,
        )
        # what the oracle made: the json checks, the Positive ones not MODIFYed
        assert set(listed.split()) - {"CONSTRAINT_NAME"} == {"data", "rank", "level", "extra"}
        monkeypatch.chdir(tmp_path)
        result = CliRunner().invoke(
            cli,
            ["drift", "--no-cache", "--dialect", "mariadb", "--db", maria.url(database), "api"],
        )
    assert result.exit_code == 0, result.output
