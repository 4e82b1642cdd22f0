"""``migrate --write`` in a drizzle-kit folder, run by drizzle's own migrator (trial s27).

The trials found the written rename never run (no journal entry), or failing
under drizzle's SQLite migrator (no breakpoints: it runs a piece's first
statement only), and a later ``drizzle-kit generate`` writing the rename a
second time (no snapshot with the new names). Now the migration gets its
journal entry, a breakpoint between statements and a snapshot.

Oracles, installed by ``.ci/run`` into ``tests/drizzle`` (``npm ci``):
drizzle-orm's own ``migrate`` (node-postgres and libsql), drizzle-kit's
``generate`` ("No schema changes" once the schema file has the new names),
and the real PostgreSQL and SQLite catalogs (``drift``).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import pg_server
from dbnamelint.cli import cli
from git_helpers import git, init_repo

ORACLE = Path(__file__).parent / "drizzle"
BREAK = "--> statement-breakpoint"
pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (ORACLE / "node_modules/drizzle-kit").is_dir(),
    reason="drizzle's oracle is not installed: npm ci --prefix tests/drizzle",
)

PG_SCHEMA = """import { pgTable, serial, text, integer, index, pgEnum } from "drizzle-orm/pg-core";
export const moodEnum = pgEnum("MoodKind", ["sad", "ok"]);
export const users = pgTable("UserAccounts", {
  id: serial("id").primaryKey(),
  userName: text("userName").notNull().unique(),
  mood: moodEnum("mood"),
}, (t) => [index("UserAccounts_userName_idx").on(t.userName)]);
export const posts = pgTable("posts", {
  id: serial("id").primaryKey(),
  authorId: integer("authorId").references(() => users.id, { onDelete: "cascade" }),
  title: text("title"),
});
"""
#: The schema file as its author updates it after the rename.
PG_RENAMED = {
    '"MoodKind"': '"mood_kind"',
    '"UserAccounts"': '"user_accounts"',
    'text("userName")': 'text("user_name")',
    '"UserAccounts_userName_idx"': '"user_accounts_user_name_idx"',
    'integer("authorId")': 'integer("author_id")',
}
SQLITE_SCHEMA = """\
import { sqliteTable, integer, text, index, check } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";
export const users = sqliteTable("UserAccounts", {
  id: integer("id").primaryKey(),
  userName: text("userName").notNull(),
}, (t) => [
  index("UserAccounts_userName_idx").on(t.userName).where(sql`${t.userName} IS NOT NULL`),
  check("UserAccounts_userName_check", sql`length(${t.userName}) > 0`),
]);
export const posts = sqliteTable("posts", {
  id: integer("id").primaryKey(),
  authorId: integer("authorId").references(() => users.id, { onDelete: "cascade" }),
  title: text("title"),
});
"""
SQLITE_RENAMED = {
    '"UserAccounts"': '"user_accounts"',
    '"UserAccounts_userName_check"': '"user_accounts_user_name_check"',
    'text("userName")': 'text("user_name")',
    '"UserAccounts_userName_idx"': '"user_accounts_user_name_idx"',
    'integer("authorId")': 'integer("author_id")',
}


def _node(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["node", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=300
    )


def _kit(project: Path) -> str:
    """``drizzle-kit generate``'s output in ``project``."""
    done = _node(str(ORACLE / "node_modules/drizzle-kit/bin.cjs"), "generate", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def _migrate(project: Path, target: str) -> None:
    done = _node(str(ORACLE / "migrate.mjs"), "drizzle", target, cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr


def _dbnamelint(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def _drift(url: str) -> list[Any]:
    code, out, _err = _dbnamelint("drift", "--db", url, "--format", "json")
    drift: list[Any] = json.loads(out)["drift"]
    assert code == (1 if drift else 0)
    return drift


def _project(root: Path, schema: str, dialect: str) -> None:
    (root / "node_modules").symlink_to(ORACLE / "node_modules")
    (root / ".gitignore").write_text("node_modules\n")
    (root / "schema.ts").write_text(schema)
    (root / "drizzle.config.ts").write_text(
        'import { defineConfig } from "drizzle-kit";\n'
        f'export default defineConfig({{ dialect: "{dialect}", schema: "./schema.ts", '
        'out: "./drizzle" });\n'
    )
    assert "Your SQL migration file" in _kit(root)
    (root / "dbnamelint.yaml").write_text("paths: [drizzle]\n")
    code, out, _err = _dbnamelint("whitelist", "init")
    assert code == 0, out
    init_repo(root, "base")


def _renamed(root: Path, renames: dict[str, str]) -> None:
    text = (root / "schema.ts").read_text()
    for old, new in renames.items():
        text = text.replace(old, new)
    (root / "schema.ts").write_text(text)


def test_a_postgres_rename_runs_under_drizzle_and_drizzle_kit_agrees(
    git_project: Path, pg: pg_server.PgServer
) -> None:
    _project(git_project, PG_SCHEMA, "postgresql")
    with pg.fresh_database("dbn_drizzle_mig") as db:
        conninfo = pg.database(db)
        _migrate(git_project, conninfo)
        pg.run(
            sql='INSERT INTO "UserAccounts" ("userName") VALUES (\'ann\');'
            'INSERT INTO "posts" ("authorId", "title") VALUES (1, \'hello\');',
            dbname=db,
        )
        code, _out, err = _dbnamelint("migrate", "--phase", "1", "--write")
        assert code == 0, err
        assert "drizzle: rename the tables" in err
        journal = json.loads((git_project / "drizzle/meta/_journal.json").read_text())
        assert [e["idx"] for e in journal["entries"]] == [0, 1]
        assert journal["entries"][1]["tag"] == "0001_rename_phase_1"
        assert journal["entries"][1]["when"] > journal["entries"][0]["when"]
        assert (git_project / "drizzle/meta/0001_snapshot.json").is_file()
        _migrate(git_project, conninfo)
        assert _drift(pg.url(db)) == []
        rows = pg.query_json(
            'SELECT u."user_name", p."title" FROM "posts" p JOIN "user_accounts" u '
            'ON u."id" = p."author_id"',
            dbname=db,
        )
        assert rows == [{"user_name": "ann", "title": "hello"}]
        _renamed(git_project, PG_RENAMED)
        assert "No schema changes" in _kit(git_project)
        # rolled back as the note says, then forward again
        pg.run(files=[git_project / "rollbacks/0001_rename_phase_1.sql"], dbname=db)
        when = journal["entries"][-1]["when"]
        pg.run(
            sql=f'DELETE FROM "drizzle"."__drizzle_migrations" WHERE created_at = {when}', dbname=db
        )
        _migrate(git_project, conninfo)
        assert _drift(pg.url(db)) == []
        git(git_project, "add", "-A")
        git(git_project, "commit", "-q", "-m", "phase 1")
        code, _out, err = _dbnamelint("migrate", "--cleanup", "--write", "--force")
        assert code == 0, err
        _migrate(git_project, conninfo)
        assert _drift(pg.url(db)) == []
        assert "No schema changes" in _kit(git_project)


def test_a_sqlite_rename_runs_under_drizzle_and_keeps_the_rows(git_project: Path) -> None:
    _project(git_project, SQLITE_SCHEMA, "sqlite")
    database = git_project.parent / "app.db"
    target = f"sqlite:{database}"
    _migrate(git_project, target)
    with sqlite3.connect(database) as db:
        db.execute('INSERT INTO "UserAccounts" ("userName") VALUES (\'ann\')')
        db.execute('INSERT INTO "posts" ("authorId", "title") VALUES (1, \'hello\')')
    code, _out, err = _dbnamelint("migrate", "--phase", "1", "--write")
    assert code == 0, err
    _migrate(git_project, target)
    url = f"sqlite:///{database}"
    assert _drift(url) == []
    with sqlite3.connect(database) as db:
        rows = db.execute(
            'SELECT u."user_name", p."title" FROM "posts" p JOIN "user_accounts" u '
            'ON u."id" = p."author_id"'
        ).fetchall()
    assert rows == [("ann", "hello")]
    _renamed(git_project, SQLITE_RENAMED)
    assert "No schema changes" in _kit(git_project)


def test_a_second_statement_of_a_sqlite_piece_never_runs(git_project: Path) -> None:
    """libsql runs a piece's first statement only (trial s27 openstatus): the
    second is left out of the model, with DBN036, and a whitelist entry its
    rename would retire stays."""
    _project(git_project, SQLITE_SCHEMA, "sqlite")
    journal_path = git_project / "drizzle/meta/_journal.json"
    journal = json.loads(journal_path.read_text())
    entry = dict(
        journal["entries"][-1], idx=1, tag="0001_fix", when=journal["entries"][-1]["when"] + 1
    )
    journal["entries"].append(entry)
    journal_path.write_text(json.dumps(journal, indent=2))
    (git_project / "drizzle/0001_fix.sql").write_text(
        "ALTER TABLE `posts` ADD `note_text` text;\n"
        "ALTER TABLE `posts` RENAME COLUMN `authorId` TO `author_id`;\n"
    )
    database = git_project.parent / "app.db"
    _migrate(git_project, f"sqlite:{database}")
    assert _drift(f"sqlite:///{database}") == []  # the model is what ran
    _code, out, _err = _dbnamelint("check", "--format", "json", "--no-cache")
    report = json.loads(out)
    assert [(d["code"], d["line"]) for d in report["diagnostics"] if d["code"] == "DBN036"] == [
        ("DBN036", 2)
    ]
    assert not [d for d in report["diagnostics"] if d["code"] == "DBN900"]  # authorId's entry holds


@pytest.mark.parametrize(
    ("change", "rewritten"),
    [
        ("rename", False),
        ("rename and edit", True),
        ("rename and rewrite", True),
        ("rename and raise when", True),
    ],
)
def test_renaming_an_applied_migration_with_its_tag(
    git_project: Path, change: str, rewritten: bool
) -> None:
    """drizzle's migrator records a migration by its entry's ``when`` alone:
    renamed with its tag and the same SQL, the database that ran it still
    matches the files after the migrator runs again (an info note); edited
    too, the edit never reaches it, and with a later ``when`` the migrator
    runs it again and fails: history rewritten, ``DBN025``."""
    _project(git_project, SQLITE_SCHEMA, "sqlite")
    database = git_project.parent / "app.db"
    _migrate(git_project, f"sqlite:{database}")
    folder = git_project / "drizzle"
    journal_path = folder / "meta/_journal.json"
    journal = json.loads(journal_path.read_text())
    old = journal["entries"][0]["tag"]
    git(git_project, "mv", f"drizzle/{old}.sql", "drizzle/0000_initial_schema.sql")
    journal["entries"][0]["tag"] = "0000_initial_schema"
    if change == "rename and raise when":
        journal["entries"][0]["when"] += 1000
    journal_path.write_text(json.dumps(journal, indent=2))
    if change == "rename and rewrite":  # git sees a delete and an add
        (folder / "0000_initial_schema.sql").write_text(
            "CREATE TABLE `other_things` (`id` integer PRIMARY KEY, `label` text);\n"
        )
    if change == "rename and edit":
        path = folder / "0000_initial_schema.sql"
        path.write_text(f"{path.read_text()}{BREAK}\nCREATE TABLE `extra` (`id` integer);\n")
    git(git_project, "add", "-A")
    # The oracle: drizzle's own migrator run again on the database that ran it.
    rerun = _node(str(ORACLE / "migrate.mjs"), "drizzle", f"sqlite:{database}", cwd=git_project)
    matches = rerun.returncode == 0 and _drift(f"sqlite:///{database}") == []
    assert matches != rewritten, rerun.stdout + rerun.stderr
    code, out, _err = _dbnamelint(
        "check", "--base", "HEAD", "--verbose", "--format", "json", "--no-cache"
    )
    said = [d for d in json.loads(out)["diagnostics"] if d["code"] == "DBN025"]
    edits = {(d["severity"], d["path"]) for d in said}
    if rewritten:
        assert code == 1, out
        assert edits & {("error", f"drizzle/{old}.sql"), ("error", "drizzle/meta/_journal.json")}
        if change != "rename and raise when":
            # drizzle pairs the files by the entry's when, whatever git pairs
            (message,) = [d["message"] for d in said]
            assert "renames it to drizzle/0000_initial_schema.sql and edits its SQL" in message
            assert "never runs the edit" in message
    else:
        assert (code, edits) == (0, {("info", f"drizzle/{old}.sql")}), out
