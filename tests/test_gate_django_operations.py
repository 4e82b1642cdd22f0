"""A Django migration's operations are read as the DDL Django emits (trial s30 healthchecks).

makemigrations output (``CreateModel`` with ``db_table``, ``db_column``,
``AddField``, ``RenameField``, ``AlterModelTable``, ``AddIndex``,
``AddConstraint``) passed the gate and the hook in silence: only ``RunSQL``
strings were read.

Oracle: Django 6.1's ``manage.py sqlmigrate api 0125`` in the trial's
healthchecks checkout (Python 3.12 venv), for :data:`CREATE_MODEL` after
``0124`` (whose state makes model ``check`` table ``api_checks``)::

    CREATE TABLE "MaintenanceWindow" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
      "startsAt" datetime NOT NULL, "desc" text NOT NULL, "checkRef" integer NOT NULL
      REFERENCES "api_checks" ("id") ..., "owner_id" integer NOT NULL REFERENCES
      "api_checks" ("id") ..., CONSTRAINT "MwUniq" UNIQUE ("checkRef", "startsAt"));
    CREATE TABLE "MaintenanceWindow_tags" ("id" ..., "maintenancewindow_id" ..., "check_id" ...);
    -- Rename model TokenBucket to RateBucket
    -- (no-op)
    CREATE INDEX "MwStartIdx" ON "MaintenanceWindow" ("startsAt");

and for the trial's cases c08/d08: ``CREATE INDEX "CheckStatusIdx" ON
"api_checks" ("status")``, ``ALTER TABLE "api_checks" RENAME COLUMN
"n_pings" TO "nPings"``, ``ALTER TABLE "api_flips" RENAME TO
"StatusFlips"``, ``ALTER TABLE "api_checks" ADD CONSTRAINT
"UniqueCheckName" UNIQUE ...``, ``ALTER TABLE "api_checks" ADD COLUMN
"retryCount" integer``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = 'paths: ["."]\ndialect: postgres\n'
SCHEMA = """CREATE TABLE api_checks (id SERIAL PRIMARY KEY, status TEXT, n_pings INT,
    project_id INT, name TEXT);
CREATE TABLE api_flips (id SERIAL PRIMARY KEY);
CREATE TABLE api_tokenbuckets (id SERIAL PRIMARY KEY);
"""
FOLDER = "hc/api/migrations"
#: The state the trial's 0124 leaves: models named to their tables.
APPLIED = """from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("api", "0123_alter_channel_kind")]
    operations = [
        migrations.RunSQL(
            "SELECT 1",
            state_operations=[
                migrations.AlterModelTable(name="check", table="api_checks"),
                migrations.AlterModelTable(name="flip", table="api_flips"),
                migrations.AlterModelTable(name="tokenbucket", table="api_tokenbuckets"),
            ],
        ),
    ]
"""
NEW = f"{FOLDER}/0125_x.py"
CREATE_MODEL = """from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [("api", "0124_rename_phase_api")]

    operations = [
        migrations.CreateModel(
            name="MaintenanceWindow",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
                ("startsAt", models.DateTimeField()),
                ("desc", models.TextField(blank=True)),
                (
                    "check",
                    models.ForeignKey(
                        db_column="checkRef",
                        on_delete=django.db.models.deletion.CASCADE,
                        to="api.check",
                    ),
                ),
                ("owner", models.ForeignKey(on_delete=models.CASCADE, to="api.check")),
                ("tags", models.ManyToManyField(to="api.check", related_name="+")),
            ],
            options={
                "db_table": "MaintenanceWindow",
                "indexes": [models.Index(fields=["startsAt"], name="MwStartIdx")],
                "constraints": [
                    models.UniqueConstraint(fields=["check", "startsAt"], name="MwUniq")
                ],
            },
        ),
        migrations.RenameModel(old_name="TokenBucket", new_name="RateBucket"),
    ]
"""
#: The trial's cases c08 and d08 in one migration.
OPERATIONS = """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("api", "0124_rename_phase_api")]
    operations = [
        migrations.AddIndex(
            model_name="check",
            index=models.Index(fields=["status"], name="CheckStatusIdx"),
        ),
        migrations.RenameField(model_name="check", old_name="n_pings", new_name="nPings"),
        migrations.AlterModelTable(name="flip", table="StatusFlips"),
        migrations.AddConstraint(
            model_name="check",
            constraint=models.UniqueConstraint(fields=["project", "name"], name="UniqueCheckName"),
        ),
        migrations.AddField(
            model_name="check",
            name="retryCount",
            field=models.IntegerField(default=0),
        ),
    ]
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "hc",
        {
            "dbnamelint.yaml": CONFIG,
            "db/schema.sql": SCHEMA,
            f"{FOLDER}/__init__.py": "",
            f"{FOLDER}/0124_rename_phase_api.py": APPLIED,
        },
        monkeypatch,
    )


def _gate(*more: str) -> tuple[int, list[tuple[str, str, str, str]]]:
    args = ["check", *(more or ("--base", "HEAD")), "--no-cache", "--format", "json"]
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [(d["code"], d["path"], "", d["severity"]) for d in report["diagnostics"]]
    found += [
        (f["code"], f["path"], f"{f['table'] or ''}.{f['name']}", f["severity"])
        for f in report["findings"]
        if f.get("new", True)
    ]
    return result.exit_code, found


def _errors(found: list[tuple[str, str, str, str]]) -> set[tuple[str, str]]:
    return {(c, name) for c, p, name, s in found if s == "error" and p == NEW}


def test_create_model_is_judged_by_the_names_django_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / NEW).write_text(CREATE_MODEL)
    git(root, "add", "-A")
    for mode in ((), ("--pre-commit",)):
        status, found = _gate(*mode)
        assert status == 1, found
        errors = _errors(found)
        names = {name.rpartition(".")[2] for _, name in errors}
        # sqlmigrate's names: db_table, the db_column, the M2M table, the index and constraint
        assert {"MaintenanceWindow", "startsAt", "checkRef"} <= names, found
        assert {"MaintenanceWindow_tags", "MwStartIdx", "MwUniq"} <= names, found
        # the field's own name and the FK's "<name>_id" are not what Django makes
        assert not names & {"check", "owner", "owner_id", "RateBucket"}, found


def test_field_index_table_and_constraint_operations_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / NEW).write_text(OPERATIONS)
    git(root, "add", "-A")
    status, found = _gate("--pre-commit")
    assert status == 1, found
    errors = _errors(found)
    for code, name in [
        ("DBN301", "CheckStatusIdx"),
        ("DBN201", "nPings"),
        ("DBN101", "StatusFlips"),
        ("DBN401", "UniqueCheckName"),
        ("DBN201", "retryCount"),
    ]:
        assert any(c == code and n.endswith(name) for c, n in errors), (code, name, found)
    # the model's table is the one the earlier migration's state gives (not api_check)
    assert {n for c, n in errors if c == "DBN201"} == {
        "api_checks.nPings",
        "api_checks.retryCount",
    }, found


def test_good_names_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path, monkeypatch)
    good = (
        OPERATIONS.replace("CheckStatusIdx", "api_checks_status_idx")
        .replace('"nPings"', '"ping_count"')
        # (a table rename keeps "api_flips_pkey": DBN504, as for the same RunSQL)
        .replace('        migrations.AlterModelTable(name="flip", table="StatusFlips"),\n', "")
        .replace("UniqueCheckName", "api_checks_project_name_key")
        .replace("retryCount", "retry_count")
    )
    (root / NEW).write_text(good)
    git(root, "add", "-A")
    status, found = _gate()
    assert status == 0, found


def test_editing_an_applied_migrations_operations_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every database that ran 0125 lacks a field added to its CreateModel now."""
    root = _repo(tmp_path, monkeypatch)
    good = CREATE_MODEL.replace("MaintenanceWindow", "maintenance_windows")
    for bad in ("startsAt", "checkRef", "MwStartIdx", "MwUniq"):
        good = good.replace(bad, bad.lower())
    (root / NEW).write_text(good)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "0125")
    edited = good.replace(
        '("desc", models.TextField(blank=True)),',
        '("desc", models.TextField(blank=True)),\n                ("note", models.TextField()),',
    )
    (root / NEW).write_text(edited)
    git(root, "add", "-A")
    status, found = _gate()
    assert status == 1, found
    assert ("DBN025", NEW) in {(c, p) for c, p, _, s in found if s == "error"}, found


#: Fields as the trial's migrations leave them: Flip.owner a foreign key,
#: Check.desc stored in "api_check_desc" (0124's state_operations).
FIELDS = """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("api", "0124_rename_phase_api")]
    operations = [
        migrations.CreateModel(
            name="Flip",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("owner", models.ForeignKey(on_delete=models.CASCADE, to="api.check")),
            ],
            options={"db_table": "api_flips"},
        ),
        migrations.RunSQL(
            "SELECT 1",
            state_operations=[
                migrations.AlterField(
                    model_name="check",
                    name="desc",
                    field=models.TextField(blank=True, db_column="api_check_desc"),
                ),
            ],
        ),
    ]
"""
#: Django 6.1 ``sqlmigrate api 0125`` (PostgreSQL backend) in the trial's checkout:
#: ``-- Rename field desc on check to description`` ``-- (no-op)``;
#: ``ALTER TABLE "api_checks" RENAME COLUMN "tz" TO "timeZone"``;
#: ``ALTER TABLE "api_flips" RENAME COLUMN "owner_id" TO "ownerCheck_id"``;
#: ``ALTER INDEX "api_checks_project_slug" RENAME TO "CheckSlugIdx"``.
ALTERED = """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("api", "0124b_fields")]

    operations = [
        migrations.RenameField(model_name="check", old_name="desc", new_name="description"),
        migrations.AlterField(
            model_name="check",
            name="tz",
            field=models.CharField(max_length=36, default="UTC", db_column="timeZone"),
        ),
        migrations.RenameField(model_name="flip", old_name="owner", new_name="ownerCheck"),
        migrations.RenameIndex(
            model_name="check", new_name="CheckSlugIdx", old_name="api_checks_project_slug"
        ),
    ]
"""


def test_renamed_and_altered_columns_are_the_ones_django_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / "db/schema.sql").write_text(
        SCHEMA.replace("name TEXT", "name TEXT, tz TEXT, api_check_desc TEXT").replace(
            "api_flips (id SERIAL PRIMARY KEY", "api_flips (id SERIAL PRIMARY KEY, owner_id INT"
        )
        + "CREATE INDEX api_checks_project_slug ON api_checks (project_id);\n"
    )
    (root / f"{FOLDER}/0124b_fields.py").write_text(FIELDS)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "fields")
    (root / NEW).write_text(ALTERED)
    git(root, "add", "-A")
    status, found = _gate()
    assert status == 1, found
    assert _errors(found) == {
        ("DBN201", "api_checks.timeZone"),
        ("DBN201", "api_flips.ownerCheck_id"),
        # the foreign key made again under its new column (_alter_field:
        # "Drop any FK constraints, we'll remake them later"), the trial
        # s32 netbox database's dcim_device_role_id_61edcc33_fk_...
        ("DBN401", "api_flips.api_flips_ownerCheck_id_f3a49b54_fk_api_checks_id"),
        ("DBN301", "api_checks.CheckSlugIdx"),
    }, found


@pytest.mark.parametrize("dialect", ["mysql", "sqlite"])
def test_names_are_quoted_as_the_databases_backend_quotes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str
) -> None:
    """Django quotes names in backticks on MySQL (``quote_name``), in double
    quotes on SQLite and PostgreSQL: the operation is read, not refused."""
    root = _repo(tmp_path, monkeypatch)
    (root / "dbnamelint.yaml").write_text(f'paths: ["."]\ndialect: {dialect}\n')
    (root / "db/schema.sql").write_text("CREATE TABLE api_checks (id INTEGER PRIMARY KEY);\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", dialect)
    (root / NEW).write_text(OPERATIONS)
    git(root, "add", "-A")
    status, found = _gate()
    assert status == 1, found
    assert ("DBN201", "api_checks.retryCount") in _errors(found), found
    assert not [d for d in found if d[0] == "DBN004"], found


#: Django 6.1 ``sqlmigrate`` (PostgreSQL backend) in the trial's checkout:
#: ``ALTER TABLE "api_checks" DROP COLUMN "tz"; ALTER TABLE "api_checks" ADD
#: COLUMN "tz" text ...; DROP TABLE "api_tokenbuckets" CASCADE;`` (SQLite's
#: backend: ``DROP TABLE`` without ``CASCADE``).
DROPS = """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("api", "0124_rename_phase_api")]

    operations = [
        migrations.AddField(model_name="check", name="tz", field=models.TextField(default="")),
        migrations.RemoveField(model_name="check", name="tz"),
        migrations.AddField(model_name="check", name="tz", field=models.TextField(default="UTC")),
        migrations.DeleteModel(name="TokenBucket"),
    ]
"""


@pytest.mark.parametrize("dialect", ["postgres", "sqlite", "mysql"])
def test_drops_are_replayed_as_django_runs_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str
) -> None:
    """The column dropped and added again, the table dropped though a view
    depends on it (CASCADE on PostgreSQL): read, nothing refused."""
    root = _repo(tmp_path, monkeypatch)
    (root / "dbnamelint.yaml").write_text(f'paths: ["."]\ndialect: {dialect}\n')
    view = "CREATE VIEW api_tokenbucket AS SELECT * FROM api_tokenbuckets;\n"
    (root / "db/schema.sql").write_text(SCHEMA.replace("SERIAL", "INTEGER") + view)
    git(root, "add", "-A")
    git(root, "commit", "-qm", dialect)
    (root / NEW).write_text(DROPS)
    git(root, "add", "-A")
    status, found = _gate()
    assert status == 0, found
    (root / NEW).write_text(
        DROPS.replace(
            'name="tz", field=models.TextField(default="UTC")',
            'name="timeZone", field=models.TextField(default="UTC")',
        )
    )
    git(root, "add", "-A")
    status, found = _gate()
    assert _errors(found) == {("DBN201", "api_checks.timeZone")}, found
