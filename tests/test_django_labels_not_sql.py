"""Labels of Django fields and models are never SQL (trial s38 paperless-ngx).

paperless-ngx's ``verbose_name="grant change permissions to these groups"``
(a ``ManyToManyField``) and ``help_text="Do not consume documents ..."``
were read as a ``GRANT`` and a ``DO`` statement cut into the ``CREATE
TABLE`` of their model: ``DBN004``/``DBN001`` errors at positions inside
the call (which no inline ignore could reach), the tables after them lost
from the model, and a table named ``"..._changgrant change permissions to
these groups; ..."`` written into the whitelist. In application code a
label reading as DDL (``_("Create table of contents")``) was judged by the
gate as a new DDL string.

Oracle: Django 5.2's ``manage.py migrate`` on SQLite; the tables, columns
and indexes it leaves in ``sqlite_master`` are the model's.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from django_oracle import FOLDER, SETTINGS, kept, migrate, write_app
from oracle_tools import django_python

HEAD = "import django.db.models.deletion\nfrom django.db import migrations, models\n\n\n"
#: Labels opening with a statement's word, where Django takes them: a field's
#: keyword and first positional argument, choices, ``Meta`` options.
MIGRATIONS = {
    "0001_initial.py": HEAD
    + """class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(name="Tag", fields=[("id", models.AutoField(primary_key=True))]),
        migrations.CreateModel(
            name="Rule",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                (
                    "change_tags",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="api.tag",
                        verbose_name="grant change permissions to these groups",
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        max_length=32,
                        help_text="Do not consume documents which match this filename.",
                        choices=[("a", "Drop table of contents"), ("b", "Create table b")],
                    ),
                ),
                ("mode", models.CharField("Create table mode", max_length=8, db_index=True)),
            ],
            options={"verbose_name": "drop table rule", "verbose_name_plural": "Do rules"},
        ),
        migrations.CreateModel(
            name="Account",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("name", models.CharField(max_length=20, verbose_name="Grant all to name")),
            ],
        ),
        migrations.AddField(
            model_name="account",
            name="rule",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                to="api.rule",
                help_text="DROP TABLE api_tag",
            ),
        ),
    ]
""",
}


def _model(root: Path) -> tuple[set[str], set[str], list[str]]:
    """The tables (``table.column`` too) and indexes ``inspect`` reads from
    ``root``'s migrations, and its diagnostics."""
    result = CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    tables, indexes = set(), set()
    for obj in report["objects"]:
        if obj["kind"] == "table":
            tables.add(obj["name"])
        elif obj["kind"] == "column":
            tables.add(f"{obj['table']}.{obj['name']}")
        elif obj["kind"] == "index":
            indexes.add(obj["name"])
    return tables, indexes, [json.dumps(d) for d in report["diagnostics"]]


#: What ``manage.py migrate`` of :data:`MIGRATIONS` leaves in ``sqlite_master``.
SQLITE_TABLES = {
    "api_tag",
    "api_tag.id",
    "api_rule",
    "api_rule.id",
    "api_rule.language",
    "api_rule.mode",
    "api_rule_change_tags",
    "api_rule_change_tags.id",
    "api_rule_change_tags.rule_id",
    "api_rule_change_tags.tag_id",
    "api_account",
    "api_account.id",
    "api_account.name",
    "api_account.rule_id",
}
SQLITE_INDEXES = {
    "api_rule_change_tags_rule_id_ac712786",
    "api_rule_change_tags_rule_id_tag_id_e5234a0b_uniq",
    "api_rule_change_tags_tag_id_b5c6ce1e",
    "api_rule_mode_49f290a7",
    "api_account_rule_id_9e8177cc",
}


def test_the_model_reads_past_labels_that_open_with_a_statement_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dbnamelint.yaml").write_text(f"paths: [{FOLDER}]\ndialect: sqlite\n")
    write_app(tmp_path, MIGRATIONS)
    tables, indexes, diagnostics = _model(tmp_path)
    assert not diagnostics, diagnostics
    assert tables == SQLITE_TABLES
    assert kept(indexes) == SQLITE_INDEXES


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_makes_those_names_on_sqlite(tmp_path: Path) -> None:
    python = django_python()
    assert python is not None
    migrate(tmp_path, python, MIGRATIONS, SETTINGS.format(apps='"api"', extra=""))
    with sqlite3.connect(tmp_path / "app.db") as connection:
        rows = connection.execute(
            "SELECT type, name FROM sqlite_master WHERE tbl_name LIKE 'api%'"
        ).fetchall()
        tables, indexes = set(), set()
        for kind, name in rows:
            if kind == "table":
                tables.add(name)
                columns = connection.execute(f'PRAGMA table_info("{name}")').fetchall()
                tables |= {f"{name}.{c[1]}" for c in columns}
            elif kind == "index":
                indexes.add(name)
    assert tables == SQLITE_TABLES
    assert kept(indexes) == SQLITE_INDEXES


APP_CODE = """from django.db import models
from django.utils.translation import gettext_lazy as _


class Toc(models.Model):
    title = models.CharField(_("Create table of contents"), max_length=20)

    class Meta:
        verbose_name = "Create table of contents"
"""
NEW_MIGRATION = (
    HEAD
    + """class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]
    operations = [
        migrations.AddField(
            model_name="tag",
            name="label",
            field=models.CharField(max_length=9, null=True, help_text="Create table labels"),
        ),
        migrations.RunSQL(%s),
    ]
"""
)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize(
    ("sql", "refused"),
    [
        pytest.param('"SELECT 1"', False, id="labels-only"),
        pytest.param('"CREATE TABLE \\"BadRaw\\" (id integer)"', True, id="and-a-bad-table"),
    ],
)
def test_the_gate_takes_no_label_for_ddl_and_still_reads_runsql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sql: str, refused: bool
) -> None:
    """A new migration and model whose labels read as ``CREATE TABLE``:
    nothing to refuse (before: DBN004 errors on the labels); a ``RunSQL``
    beside them is still judged."""
    from git_helpers import committed_repo, git

    root = committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": f"paths: [{FOLDER}]\ndialect: sqlite\n"},
        monkeypatch,
    )
    write_app(root, {"0001_initial.py": MIGRATIONS["0001_initial.py"]})
    (root / "whitelist.yaml").write_text("")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "app")
    write_app(root, {"0002_label.py": NEW_MIGRATION % sql})
    (root / "api" / "models.py").write_text(APP_CODE)
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache", "--format", "json"])
    report = json.loads(result.stdout)
    codes = {f["code"] for f in report["findings"]} | {
        d["code"] for d in report.get("diagnostics", [])
    }
    assert not codes & {"DBN001", "DBN004", "DBN005", "DBN013"}, report
    if refused:
        assert {f["name"] for f in report["findings"]} >= {"BadRaw"}, report
        assert result.exit_code == 1
    else:
        assert {f["name"] for f in report["findings"]} <= {"api_tag", "api_rule", "api_account"}
