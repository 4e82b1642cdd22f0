"""A Prisma migrations folder of another name, and the data migrations in it.

Trial s26 (formbricks): its migrations live in ``packages/database/migration``
(singular; ``prisma.config.ts`` names it), with ``migration_lock.toml`` and
the multi-file schema ``schema/*.prisma`` beside. ``DBN029`` looked for the
schema beside a folder named ``migrations`` only, so a table renamed while
``model Tag`` kept its name (the next ``prisma migrate dev`` drops the rows)
passed the hook. And formbricks keeps data migrations, each
``<timestamp>_<name>/migration.ts`` run once in timestamp order: ``impact
--diff`` patched them as live code, renaming in history that ran against
the old names. A folder holding Prisma's lock is Prisma's whatever its name;
a code file in a dated migration's folder is history.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git, init_repo, isolated_git_env

FOLDER = "packages/database/migration"
SCHEMA = """\
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}
"""
MODELS = """\
model Tag {
  id          String @id
  workspaceId String
}
"""
DATA = (
    "export const backfill = {\n  run: async ({ tx }) => {\n"
    '    await tx.$executeRaw`UPDATE "Tag" SET "workspaceId" = \'w\'\n'
    '      WHERE "workspaceId" IS NULL`;\n'
    "  },\n};\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        f"{FOLDER}/migration_lock.toml": 'provider = "postgresql"\n',
        f"{FOLDER}/20240101000000_init/migration.sql": (
            'CREATE TABLE "Tag" ("id" TEXT NOT NULL PRIMARY KEY, "workspaceId" TEXT NOT NULL);\n'
        ),
        f"{FOLDER}/20240102000000_backfill/migration.ts": DATA,
        "packages/database/schema/schema.prisma": SCHEMA,
        "packages/database/schema/main.prisma": MODELS,
        "packages/database/src/tags.ts": (
            'export const q = () => prisma.$queryRaw`SELECT "workspaceId" FROM "Tag"`;\n'
        ),
        "dbnamelint.yaml": f"paths: [{FOLDER}]\ndialect: postgres\n",
    }
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _dbn029() -> list[str]:
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--select", "DBN029", "--format", "json"]
    )
    report = json.loads(result.stdout)
    return [str(d["message"]) for d in report["diagnostics"] if d["code"] == "DBN029"]


def test_dbn029_compares_a_folder_of_another_name(project: Path) -> None:
    assert _dbn029() == []  # the schema is found and agrees
    rename = project / FOLDER / "20240201000000_rename/migration.sql"
    rename.parent.mkdir()
    rename.write_text('ALTER TABLE "Tag" RENAME TO "tags";\n')
    found = _dbn029()
    assert len(found) == 1 and "model Tag maps to table 'Tag'" in found[0], found
    (project / "packages/database/schema/main.prisma").write_text(
        MODELS.replace("}\n", '\n  @@map("tags")\n}\n')
    )
    assert _dbn029() == []


def test_impact_leaves_a_dated_data_migration_as_history(project: Path) -> None:
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    whitelist = project / "whitelist.yaml"
    text = whitelist.read_text()
    assert "name: Tag.workspaceId" in text, text
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.output
    assert "+++ b/packages/database/src/tags.ts" in result.stdout  # live code is patched
    assert "migration.ts" not in result.stdout  # the applied data migration is not
    listed = CliRunner().invoke(cli, ["impact", "--format", "json"])
    history = [h["path"] for h in json.loads(listed.stdout)["history"]]
    assert f"{FOLDER}/20240102000000_backfill/migration.ts" in history


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_new_data_migration_building_a_name_is_refused(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dated folder's ``migration.ts`` is a code migration to the gate too:
    a name it builds at run time is refused as for a goose Go migration."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    init_repo(project, "base")
    built = project / FOLDER / "20260903000000_interp/migration.ts"
    built.parent.mkdir()
    built.write_text(
        "export const m = { run: async ({ tx }) => {\n"
        '  await tx.$executeRawUnsafe(`ALTER TABLE "Tag" ADD COLUMN "${col}" INTEGER`);\n'
        "} };\n"
    )
    git(project, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD", "--format", "json"])
    report = json.loads(result.stdout)
    refused = [d for d in report["diagnostics"] if d["code"] == "DBN013"]
    assert [d["severity"] for d in refused] == ["error"], report["diagnostics"]
    assert result.exit_code == 1
