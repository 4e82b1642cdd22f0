"""An applied code migration its path does not show, deleted or cut: DBN025 (trial s34 mealie).

Alembic's ``file_template`` names a revision freely (mealie's
``alembic/versions/2022-08-13-17.07.07_089bfa50d0ed_add_is_ocr_recipe_column_to_recipes.py``)
and its ``script_location`` is any folder (``alembic init alembic`` makes
``alembic/versions``). The gate took a changed code file for a possible
migration from its path alone (a ``migrations`` folder, a
``versions/<12 hex>_x.py`` name), so ``git rm`` of such a revision, or an
``op.add_column`` taken out of it, passed ``check --base`` and the hook,
while ``check`` said "this change deletes it" of the same file under
``migrations/versions/``. Knex, Kysely, TypeORM and Laravel migrations in a
folder not named ``migrations`` passed the same way. Now a deleted code file
is known by its committed text, an edited one by its text now, as the
model reads them (``revision =`` and ``down_revision =``, ``exports.up``,
a ``MigrationInterface``, a class extending ``Migration``).

Oracles: real git (the base commit; the index for ``--pre-commit``), and
Alembic itself (``test_alembic_records_a_free_named_revision``: it applies
the date-named revisions, records their ids in ``alembic_version``, and
refuses to run once the applied one's file is gone).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = "CREATE TABLE accounts (id SERIAL PRIMARY KEY, name TEXT NOT NULL);\n"
INIT = '''"""init"""
from alembic import op
import sqlalchemy as sa

revision = "6b0f5f32d602"
down_revision = None


def upgrade():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade():
    op.drop_table("users")
'''
EMAIL = '''"""email"""
from alembic import op
import sqlalchemy as sa

revision = "089bfa50d0ed"
down_revision = "6b0f5f32d602"


def upgrade():
    op.add_column("users", sa.Column("email", sa.String(), nullable=True))


def downgrade():
    op.drop_column("users", "email")
'''
#: the email revision with its one operation taken out
EMAIL_CUT = EMAIL.replace(
    'op.add_column("users", sa.Column("email", sa.String(), nullable=True))', "pass"
)
#: mealie's alembic.ini ``file_template`` (``%%`` is configparser's ``%``)
ALEMBIC_TEMPLATE = (
    "%%(year)d-%%(month).2d-%%(day).2d-%%(hour).2d.%%(minute).2d.%%(second).2d_%%(rev)s_%%(slug)s"
)
KNEX = """exports.up = function (knex) {
  return knex.raw('ALTER TABLE accounts ADD COLUMN archived_at TIMESTAMP');
};

exports.down = function (knex) {
  return knex.raw('ALTER TABLE accounts DROP COLUMN archived_at');
};
"""
TYPEORM = """import { MigrationInterface, QueryRunner } from "typeorm";

export class Archive1700000000000 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE accounts ADD COLUMN archived_at TIMESTAMP`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {}
}
"""
KYSELY = """import { Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE accounts ADD COLUMN archived_at TIMESTAMP`.execute(db)
}
"""
LARAVEL = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Support\\Facades\\DB;

return new class extends Migration
{
    public function up(): void
    {
        DB::statement('ALTER TABLE accounts ADD COLUMN archived_at TIMESTAMP');
    }
};
"""

#: case -> (config, the applied migration's path, its text, its text with the DDL cut,
#: the tree's other files)
CASES = {
    "alembic-template": (
        "paths:\n  - alembic/versions\n",
        "alembic/versions/2022-08-13-17.07.07_089bfa50d0ed_add_email.py",
        EMAIL,
        EMAIL_CUT,
        {"alembic/versions/2022-02-21-19.56.24_6b0f5f32d602_initial_tables.py": INIT},
    ),
    "alembic-plain-name": (
        "paths:\n  - alembic/versions\n",
        "alembic/versions/bbb_email.py",
        EMAIL,
        EMAIL_CUT,
        {"alembic/versions/aaa_init.py": INIT},
    ),
    "alembic-outside-paths": (
        'paths: ["schema.sql"]\ndialect: postgres\n',
        "db/revisions/email.py",
        EMAIL,
        EMAIL_CUT,
        {"schema.sql": SCHEMA, "db/revisions/init.py": INIT},
    ),
    "knex": (
        'paths: ["."]\ndialect: postgres\n',
        "db/knex/20240105000001_archive.js",
        KNEX,
        KNEX.replace("knex.raw('ALTER TABLE accounts ADD COLUMN archived_at TIMESTAMP')", "null"),
        {"schema.sql": SCHEMA},
    ),
    "typeorm": (
        'paths: ["."]\ndialect: postgres\n',
        "src/db/changes/1700000000000-Archive.ts",
        TYPEORM,
        TYPEORM.replace(
            "await queryRunner.query(`ALTER TABLE accounts ADD COLUMN archived_at TIMESTAMP`);",
            "",
        ),
        {"schema.sql": SCHEMA},
    ),
    "kysely": (
        'paths: ["."]\ndialect: postgres\n',
        "src/db/steps/2024-01-05-archive.ts",
        KYSELY,
        KYSELY.replace(
            "await sql`ALTER TABLE accounts ADD COLUMN archived_at TIMESTAMP`.execute(db)", ""
        ),
        {"schema.sql": SCHEMA},
    ),
    "laravel": (
        'paths: ["."]\ndialect: postgres\n',
        "database/schema/2024_01_05_000001_archive.php",
        LARAVEL,
        LARAVEL.replace(
            "DB::statement('ALTER TABLE accounts ADD COLUMN archived_at TIMESTAMP');", ""
        ),
        {"schema.sql": SCHEMA},
    ),
}


def _gate(*more: str) -> tuple[int, list[tuple[str, str, str, str]]]:
    args = ["check", *(more or ("--base", "HEAD")), "--no-cache", "--format", "json"]
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [(d["code"], d["path"], d["severity"], d["message"]) for d in report["diagnostics"]]
    found += [
        (f["code"], f["path"], f["severity"], f["message"])
        for f in report["findings"]
        if f.get("new", True)
    ]
    return result.exit_code, found


def _errors(found: list[tuple[str, str, str, str]]) -> list[tuple[str, str, str]]:
    return [(c, p, m) for c, p, s, m in found if s == "error"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_deleting_an_applied_migration_named_freely_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    config, path, text, _, others = CASES[case]
    root = committed_repo(
        tmp_path / "app", {"dbnamelint.yaml": config, path: text, **others}, monkeypatch
    )
    git(root, "rm", "-q", path)
    for run in ((), ("--pre-commit",)):
        status, found = _gate(*run)
        assert status == 1, (run, found)
        errors = _errors(found)
        assert [(c, p) for c, p, _ in errors] == [("DBN025", path)], run
        assert errors[0][2].startswith(
            "this code migration was committed at HEAD and this change deletes it: "
        )


@pytest.mark.parametrize("case", sorted(CASES))
def test_cutting_ddl_from_an_applied_migration_named_freely_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    config, path, text, cut, others = CASES[case]
    root = committed_repo(
        tmp_path / "app", {"dbnamelint.yaml": config, path: text, **others}, monkeypatch
    )
    (root / path).write_text(cut)
    git(root, "add", "-A")
    for run in ((), ("--pre-commit",)):
        status, found = _gate(*run)
        assert status == 1, (run, found)
        errors = _errors(found)
        assert [(c, p) for c, p, _ in errors] == [("DBN025", path)], run
        assert "this change deletes DDL from it" in errors[0][2]


def test_deleting_code_beside_the_revisions_that_is_none_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Alembic's ``env.py`` and a helper module in ``versions/`` are no revisions (no
    ``revision =``): deleting them drops nothing applied."""
    config, path, text, _, others = CASES["alembic-template"]
    helper = "alembic/versions/_helpers.py"
    env = "alembic/env.py"
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": config,
            path: text,
            **others,
            helper: "def is_postgres():\n    return True\n",
            env: "from alembic import context\n\ncontext.run_migrations()\n",
        },
        monkeypatch,
    )
    git(root, "rm", "-q", helper, env)
    for run in ((), ("--pre-commit",)):
        status, found = _gate(*run)
        assert status == 0, (run, found)


def _alembic() -> str | None:
    return os.environ.get("DBNAMELINT_TEST_ALEMBIC") or shutil.which("alembic")


@pytest.mark.skipif(_alembic() is None, reason="alembic is not installed")
def test_alembic_records_a_free_named_revision(tmp_path: Path) -> None:
    """The oracle: Alembic (on SQLite) runs the date-named revisions of a
    ``file_template``, records the deleted one's id as applied, and once its
    file is gone cannot run at all: deleting it rewrites applied history."""
    alembic = _alembic()
    assert alembic is not None
    _, path, text, _, others = CASES["alembic-template"]
    (tmp_path / "alembic" / "versions").mkdir(parents=True)
    for name, body in {path: text, **others}.items():
        (tmp_path / name).write_text(body)
    (tmp_path / "alembic" / "env.py").write_text(
        "from alembic import context\nfrom sqlalchemy import create_engine\n"
        "engine = create_engine(context.config.get_main_option('sqlalchemy.url'))\n"
        "with engine.connect() as connection:\n"
        "    context.configure(connection=connection)\n"
        "    with context.begin_transaction():\n"
        "        context.run_migrations()\n"
    )
    database = tmp_path / "app.db"
    (tmp_path / "alembic.ini").write_text(
        f"[alembic]\nscript_location = {tmp_path / 'alembic'}\n"
        f"file_template = {ALEMBIC_TEMPLATE}\nsqlalchemy.url = sqlite:///{database}\n"
    )
    command = [alembic, "-c", str(tmp_path / "alembic.ini"), "upgrade", "head"]
    subprocess.run(command, check=True, capture_output=True)
    with sqlite3.connect(database) as connection:
        applied = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    assert applied == [("089bfa50d0ed",)]
    (tmp_path / path).unlink()
    done = subprocess.run(command, check=False, capture_output=True, text=True)
    assert done.returncode != 0
    assert "089bfa50d0ed" in done.stdout + done.stderr
