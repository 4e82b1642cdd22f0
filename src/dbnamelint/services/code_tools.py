"""Which migration tool runs a folder of code migrations, and how its
migrations run SQL of their own.

A project whose migrations are code (db-migrate's ``src/migrations/*.js``,
Knex, Laravel, Django...) and whose model is a schema dump in ``paths:``
(what ``init`` advises for it) has nothing that runs a SQL file beside the
dump: a rename written as ``db/001-rename.sql`` is run by no database
(trial s32 unleash, finding 4). What ``migrate`` and the gate say there
names the folder, its tool, and the call a new migration of that tool runs
the forward script with, each the tool's own SQL runner:

- db-migrate: ``db.runSql(sql, callback)`` (db-migrate-pg 1.5.2's
  ``runSql(sql, [params,] callback)``, the call unleash's migrations make);
- node-pg-migrate: ``pgm.sql(sql)`` (node-pg-migrate 8's ``operations/sql``);
- Knex: ``knex.raw(sql)`` (knex 3.1, ``Knex.raw``);
- Sequelize: ``queryInterface.sequelize.query(sql)`` (Sequelize 6's
  ``QueryInterface.sequelize``);
- Kysely: ``sql`...`.execute(db)`` (Kysely 0.28's ``sql`` template);
- TypeORM: ``queryRunner.query(sql)`` (``MigrationInterface.up(queryRunner)``);
- Laravel: ``DB::statement(sql)`` (illuminate/database 12);
- Doctrine Migrations: ``$this->addSql(sql)`` (doctrine/migrations 3.8's
  ``AbstractMigration::addSql``);
- Django: ``migrations.RunSQL(sql, reverse_sql)`` (Django 5's operation);
- Alembic: ``op.execute(sql)`` (Alembic 1.13's ``Operations.execute``);
- Rails: ``execute <<~SQL`` (ActiveRecord's ``Migration#execute``);
- goose's Go migrations: ``tx.ExecContext`` in the up function
  (pressly/goose v3's ``AddMigrationContext``);
- Go steps a project lists and runs itself (listmonk): ``db.Exec`` in a new step.
"""

from __future__ import annotations

import re
from pathlib import Path

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.migration_code import is_code

#: (tool, its SQL runner, what shows it in a migration's text), most specific first.
_TOOLS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "Doctrine Migrations",
        "$this->addSql(...) in up()",
        lazy_compile(r"\bDoctrine\\Migrations\\AbstractMigration\b|\$this->addSql\s*\("),
    ),
    (
        "Laravel",
        "DB::statement(...) in up()",
        lazy_compile(r"\bIlluminate\\Database\\Migrations\\Migration\b"),
    ),
    (
        "Kysely",
        "sql`...`.execute(db) in up()",
        lazy_compile(r"""\bfrom\s+['"]kysely['"]|\brequire\(\s*['"]kysely['"]|\bKysely<"""),
    ),
    (
        "TypeORM",
        "queryRunner.query(...) in up()",
        lazy_compile(r"\bMigrationInterface\b"),
    ),
    (
        "node-pg-migrate",
        "pgm.sql(...) in up",
        lazy_compile(r"\bpgm\.\w+\s*\(|\bup\s*=\s*(?:async\s*)?\(?\s*pgm\b"),
    ),
    (
        "db-migrate",
        "db.runSql(...) in exports.up",
        lazy_compile(r"\bexports\.setup\s*=|\bdbm\s*=|\bdb\.runSql\s*\("),
    ),
    (
        "Sequelize",
        "queryInterface.sequelize.query(...) in up",
        lazy_compile(r"\bqueryInterface\b|\bup\s*\(\s*\{\s*context\b|\bSequelize\.\w+"),
    ),
    (
        "Knex",
        "knex.raw(...) in exports.up",
        lazy_compile(r"\bknex\b|\bKnex\b"),
    ),
    (
        "Django",
        "migrations.RunSQL(sql, reverse_sql) in operations",
        lazy_compile(r"\bclass\s+Migration\s*\(\s*migrations\.Migration\s*\)"),
    ),
    (
        "Alembic",
        "op.execute(...) in upgrade()",
        lazy_compile(r"^down_revision\s*(?::[^=\n]*)?=|\bfrom\s+alembic\s+import\b", re.MULTILINE),
    ),
    (
        "Rails",
        "execute <<~SQL in up",
        lazy_compile(r"<\s*ActiveRecord::Migration\b"),
    ),
    (
        "goose",
        "tx.ExecContext(ctx, ...) in the up function goose.AddMigrationContext registers",
        lazy_compile(r"\bgoose\.Add(?:Named)?Migration"),
    ),
    (
        # listmonk's internal/migrations/v*.go, run in order by a list of
        # (version, step) in its upgrade command (trial s34 listmonk)
        "Go migration steps",
        "db.Exec(...) in a new step function, added to the project's list of steps",
        lazy_compile(r"(?m)^package[ \t]+\w+[ \t]*$(?s:.*?)\.(?:Must)?Exec(?:Context)?\s*\("),
    ),
)
#: How many of a folder's files are looked at for its tool, at most.
_SAMPLE = 40


class MigrationTool:
    """A folder of code migrations and the tool that runs it."""

    __slots__ = ("files", "folder", "runner", "tool")

    def __init__(self, folder: str, files: int, tool: str, runner: str) -> None:
        self.folder = folder
        self.files = files
        self.tool = tool
        self.runner = runner

    def describe(self) -> str:
        """``src/migrations (db-migrate, 395 files)``."""
        return f"{self.folder} ({self.tool}, {self.files} file{'s' * (self.files != 1)})"


def tool_of(text: str) -> tuple[str, str] | None:
    """(tool, SQL runner) of a code migration holding ``text``, else None."""
    head = text[:20_000]
    for tool, runner, shows in _TOOLS:
        if shows.search(head) is not None:
            return tool, runner
    return None


def folder_tool(folder: Path) -> tuple[str, str] | None:
    """The tool most of the code files of ``folder`` show (:func:`tool_of`),
    the newest names first, at most :data:`_SAMPLE` of them."""
    try:
        names = sorted((p.name for p in folder.iterdir() if is_code(p.name)), reverse=True)
    except OSError:
        return None
    votes: dict[tuple[str, str], int] = {}
    for name in names[:_SAMPLE]:
        try:
            text = (folder / name).read_text("utf-8", "replace")
        except OSError:
            continue
        found = tool_of(text)
        if found is not None:
            votes[found] = votes.get(found, 0) + 1
    if not votes:
        return None
    return max(votes.items(), key=lambda kv: kv[1])[0]


def migration_tools(root: Path) -> list[MigrationTool]:
    """The code migration folders under ``root`` that ``init`` finds
    (:func:`~dbnamelint.services.code_schema.code_migration_folders`), each
    with its tool when one shows."""
    from dbnamelint.services.code_schema import code_migration_folders

    out: list[MigrationTool] = []
    for folder, files in code_migration_folders(root):
        found = folder_tool(root / folder)
        if found is not None:
            out.append(MigrationTool(folder, files, *found))
    return out


def project_root(start: Path) -> Path:
    """The folder holding ``start`` that holds ``.git`` or a config
    (``dbnamelint.yaml``), the nearest; else ``start``'s own folder."""
    here = start if start.is_dir() else start.parent
    for folder in (here, *here.parents):
        if (folder / ".git").exists() or (folder / "dbnamelint.yaml").exists():
            return folder
    return here
