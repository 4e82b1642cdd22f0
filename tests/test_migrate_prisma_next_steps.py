"""``migrate`` says what a Prisma project does after its migration is written
(trial s16, documenso), as it does for Flyway's undo files.

Prisma reads the tables through ``schema.prisma`` (a model left on the old
table name makes the next ``prisma migrate dev`` rename it back: ``@@map``),
``prisma migrate deploy`` runs ``migration.sql`` only, and ``prisma migrate
resolve --rolled-back`` refuses a migration that succeeded
(``CannotRollBackSucceededMigration``). The rollback the note gives is run
here on PostgreSQL as written: the database is built as Prisma leaves it
(its ``_prisma_migrations`` rows), and ``drift`` (which reads them) is the
oracle for "Prisma counts it unapplied".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, init_repo, isolated_git_env, write_files
from pg_server import PgServer
from test_drift_prisma import PRISMA_TABLE

INIT = "prisma/migrations/20230404095503_initial_migration/migration.sql"
SCHEMA = """\
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
}
"""
FILES = {
    "dbnamelint.yaml": "paths: [prisma/migrations]\ndialect: postgres\n",
    "prisma/schema.prisma": SCHEMA,
    "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n',
    INIT: 'CREATE TABLE "User" (\n    "id" SERIAL NOT NULL,\n    "email" TEXT NOT NULL,\n'
    '    CONSTRAINT "User_pkey" PRIMARY KEY ("id")\n);\n'
    'CREATE UNIQUE INDEX "User_email_key" ON "User"("email");\n',
}


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    write_files(tmp_path, FILES)
    init_repo(tmp_path, "prisma project")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _row(name: str) -> str:
    return (
        "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, "
        f"applied_steps_count) VALUES (gen_random_uuid()::text, repeat('0', 64), now(), "
        f"'{name}', 1);\n"
    )


def test_the_note_names_the_map_and_the_rollback(project: Path) -> None:
    code, _plan, err = _invoke("migrate", "--rename", '"User"=users')
    assert code == 0, err
    assert 'the model of "User": @@map("users")' in err  # said before --write too
    code, _plan, err = _invoke("migrate", "--rename", '"User"=users', "--write")
    assert code == 0, err
    (folder,) = [p for p in (project / "prisma/migrations").iterdir() if "rename" in p.name]
    note = next(line for line in err.splitlines() if "note: Prisma:" in line)
    assert f"`prisma migrate deploy` applies {folder.name} (its migration.sql only" in note
    down = f"prisma/migrations/{folder.name}/down.sql"
    assert f"`prisma db execute --file {down}` (or psql -f {down})" in note
    assert f"DELETE FROM \"_prisma_migrations\" WHERE migration_name = '{folder.name}'" in note
    assert "`prisma migrate resolve --rolled-back` refuses a migration that was applied" in note
    # the patch the note points at maps the model
    code, patch, err = _invoke("impact", "--diff", "--renamed-only")
    assert code == 0, err
    assert '+  @@map("users")' in patch


def test_flyway_gets_no_prisma_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    write_files(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "db/V1__init.sql": "CREATE TABLE account (id int PRIMARY KEY);\n",
        },
    )
    init_repo(tmp_path, "flyway project")
    monkeypatch.chdir(tmp_path)
    code, _plan, err = _invoke("migrate", "--rename", "account=accounts")
    assert code == 0, err
    assert "Prisma" not in err


def test_the_rollback_as_the_note_says_leaves_the_migration_unapplied(
    pg: PgServer, project: Path
) -> None:
    code, _plan, err = _invoke("migrate", "--rename", '"User"=users', "--write")
    assert code == 0, err
    commit_all(project, "rename")
    (folder,) = [p for p in (project / "prisma/migrations").iterdir() if "rename" in p.name]
    note = next(line for line in err.splitlines() if "note: Prisma:" in line)
    delete = re.search(r"(DELETE FROM \"_prisma_migrations\" WHERE migration_name = '[^']+')", note)
    assert delete is not None, note
    with pg.fresh_database("dbn_prisma_rollback") as db:
        # as `prisma migrate deploy` leaves it: its table, each script, a row each
        pg.run(sql=PRISMA_TABLE, dbname=db)
        pg.run(files=[project / INIT], sql=_row(Path(INIT).parent.name), dbname=db)
        pg.run(files=[folder / "migration.sql"], sql=_row(folder.name), dbname=db)
        code, out, err = _invoke("drift", "--db", pg.url(db), "--format", "json")
        applied = json.loads(out)
        # the note's rollback, as written
        pg.run(files=[folder / "down.sql"], sql=delete.group(1) + ";", dbname=db)
        code_after, out, _err = _invoke("drift", "--db", pg.url(db), "--format", "json")
        rolled = json.loads(out)
    assert (code, applied["drift"]) == (0, []), applied
    (state,) = rolled["migrations"]
    assert state["not_applied"] == [
        {"version": folder.name, "path": f"prisma/migrations/{folder.name}/migration.sql"}
    ], rolled
    marked = {d["not_applied_yet"] for d in rolled["drift"]}
    assert code_after == 1 and marked == {f"prisma/migrations/{folder.name}/migration.sql"}, rolled


def test_a_driver_adapter_config_gets_the_split_note(project: Path) -> None:
    """Trial s26 ghostfolio: with a driver adapter set in ``prisma.config.ts``,
    ``prisma migrate deploy`` (6.19, @prisma/adapter-pg) sent the script
    through the adapter's ``executeScript``, which split it at each ``;`` and
    failed inside the DO block. The note says so and how to run it instead."""
    (project / "prisma.config.ts").write_text(
        'import { defineConfig } from "prisma/config";\n'
        "export default defineConfig({\n"
        "  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),\n"
        "});\n"
    )
    code, _plan, err = _invoke("migrate", "--rename", '"User"=users', "--write")
    assert code == 0, err
    (folder,) = [p for p in (project / "prisma/migrations").iterdir() if "rename" in p.name]
    assert "$dbnamelint$" in (folder / "migration.sql").read_text()
    note = next(line for line in err.splitlines() if "note: Prisma:" in line)
    assert "prisma.config.ts sets a driver adapter" in note
    script = f"prisma/migrations/{folder.name}/migration.sql"
    assert f"run this one with psql -f {script} and then `prisma migrate resolve" in note
    assert f"--applied {folder.name}`" in note


def test_a_config_without_an_adapter_gets_no_split_note(project: Path) -> None:
    (project / "prisma.config.ts").write_text(
        'import { defineConfig } from "prisma/config";\n'
        'export default defineConfig({ schema: "prisma/schema.prisma" });\n'
    )
    code, _plan, err = _invoke("migrate", "--rename", '"User"=users', "--write")
    assert code == 0, err
    assert "driver adapter" not in err


def test_the_note_names_an_enum_s_map(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A phase renaming a Prisma enum's type: the enum needs ``@@map`` as a
    model does (Prisma's "Database mapping": ``enum Role { ... @@map("role") }``),
    or the next ``prisma migrate dev`` renames the type back. The note named
    the models and fields only, and for an enum alone said "check that
    schema.prisma's models map to the names the database holds" (trial s43,
    formbricks' WebhookSource)."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    files = {
        **FILES,
        INIT: FILES[INIT] + "CREATE TYPE \"WidgetPlacement\" AS ENUM ('left', 'right');\n",
        "whitelist.yaml": "phases:\n  - id: '1'\n    title: enum\nentries:\n"
        "  - {kind: type, name: '\"WidgetPlacement\"', rules: [DBN101], phase: '1',"
        " target: widget_placement}\n",
    }
    write_files(tmp_path, files)
    init_repo(tmp_path, "prisma project")
    monkeypatch.chdir(tmp_path)
    code, _plan, err = _invoke("migrate", "--phase", "1")
    assert code == 0, err
    assert 'the enum of "WidgetPlacement": @@map("widget_placement")' in err, err
