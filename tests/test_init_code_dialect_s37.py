"""``init`` writes the dialect it says for code migrations (session 37 I1).

For a folder of Alembic revisions or Django migrations whose tool's settings
name no database, ``init`` said ``Dialect: postgres (the SQL written for code
migrations is PostgreSQL's unless the config names another ...)`` but wrote
no ``dialect:`` line: ``check`` then read each file in whatever dialect its
SQL seemed to be (one MySQL-looking string made a revision MySQL's), not what
``init`` had said. Now the config says ``dialect: postgres`` as ``init`` does,
and ``inspect`` reads every file so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli

ALEMBIC = {
    "migrations/versions/0001_init.py": '''"""init"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade():
    op.create_table("users", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("CREATE INDEX users_id_idx ON users (id)")
''',
}
DJANGO = {
    "shop/__init__.py": "",
    "shop/migrations/__init__.py": "",
    "shop/migrations/0001_initial.py": """from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Item",
            fields=[("id", models.AutoField(primary_key=True))],
        ),
        migrations.RunSQL("CREATE INDEX shop_item_id_idx ON shop_item (id)"),
    ]
""",
}


@pytest.mark.parametrize("files", [ALEMBIC, DJANGO], ids=["alembic", "django"])
def test_init_writes_the_dialect_it_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]
) -> None:
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "."])
    assert result.exit_code == 0, result.output
    said = next(line for line in result.output.split("\n") if line.startswith("Dialect: "))
    dialect = said.split()[1]
    config = yaml.safe_load((tmp_path / "dbnamelint.yaml").read_text())
    assert config.get("dialect") == dialect == "postgres", said
    result = CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json"])
    objects = json.loads(result.stdout)["objects"]
    assert objects
    assert {o["dialect"] for o in objects} == {dialect}
