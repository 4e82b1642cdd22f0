"""A schema dump edited by hand while no migration is (trial s32 unleash, finding 3).

Unleash runs db-migrate (``src/migrations/*.js``, ``db.runSql``); the model
is a ``pg_dump --schema-only`` in ``paths:``, as ``init`` advises. ``sed``
renaming ``role_user`` to ``role_users`` in ``db/schema.sql``, then
``whitelist prune``, passed the hook in silence, and burndown counted the
table migrated: no migration renames it, and every database keeps
``role_user``. The gate now says so: a ``DBN008`` warning at the dump's
first edited statement naming the migration folder (``src/migrations``,
db-migrate, ``db.runSql``), unless the change adds or edits a migration
there. ``migrate --write`` into such a project (finding 4) says to put the
forward script in a db-migrate migration (``db.runSql``), never
``--layout numbered``, whose ``db/001-...sql`` db-migrate never runs.

Oracle: db-migrate 0.11.14 + db-migrate-pg 1.5.2 ran unleash's 395
migrations on PostgreSQL 15 (the trial): they live in ``src/migrations``
alone (``migrations-dir``), and ``drift --db`` after the hand edit listed
``role_user`` in the database. Real git for the gate, and the real
``pre-commit`` framework's hook.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import Entry, check_entries
from dbnamelint.cli import cli
from git_helpers import committed_repo, git, init_repo, write_files
from test_precommit import Env, hook_repo  # noqa: F401 - the module's hook fixture

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths:\n  - db/schema.sql\ndialect: postgres\n"
#: pg_dump 15's header, then what the migrations built.
DUMP = """--
-- PostgreSQL database dump
--

-- Dumped from database version 15.8
-- Dumped by pg_dump version 15.8

SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE TABLE public.role_user (
    role_id integer NOT NULL,
    user_id integer NOT NULL
);

CREATE TABLE public.users (
    id integer NOT NULL
);
"""
WHITELIST = """phases:
  - {id: "1", title: Plural tables, status: open}
entries:
  - {kind: table, name: role_user, rules: [DBN105], phase: "1", target: role_users}
"""
MIGRATION = """'use strict';

var dbm;

exports.setup = function (options, seedLink) {
  dbm = options.dbmigrate;
};

exports.up = function (db, cb) {
  db.runSql(`CREATE TABLE role_user (role_id integer NOT NULL, user_id integer NOT NULL)`, cb);
};

exports.down = function (db, cb) {
  db.runSql('DROP TABLE role_user', cb);
};
"""
FILES = {
    "dbnamelint.yaml": CONFIG,
    "db/schema.sql": DUMP,
    "whitelist.yaml": WHITELIST,
    "src/migrations/20200101000000-role-user.js": MIGRATION,
    "src/migrations/20200102000000-users.js": MIGRATION.replace("role_user", "users").replace(
        "role_id integer NOT NULL, user_id integer NOT NULL", "id integer NOT NULL"
    ),
}
PRUNED = 'phases:\n  - {id: "1", title: Plural tables, status: done}\nentries: []\n'
RENAMED = DUMP.replace("public.role_user ", "public.role_users ")
RENAME_MIGRATION = "src/migrations/20260901100000-rename-role-user.js"


def _dump_warnings(found: list[Entry]) -> list[tuple[str, int, str]]:
    return [(p, line, m) for c, p, line, s, m in found if c == "DBN008" and s == "warning"]


@pytest.mark.parametrize("run", [("--base", "HEAD"), ("--pre-commit",)], ids=["base", "hook"])
def test_a_dump_edited_alone_is_a_warning_naming_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: tuple[str, ...]
) -> None:
    root = committed_repo(tmp_path / "unleash", FILES, monkeypatch)
    (root / "db/schema.sql").write_text(RENAMED)
    git(root, "add", "-A")
    # the trial's next step took the entry out (prune keeps it now: below)
    (root / "whitelist.yaml").write_text(PRUNED)
    git(root, "add", "-A")
    status, found = check_entries(*run, "--no-cache")
    warned = _dump_warnings(found)
    assert [(p, line) for p, line, _ in warned] == [("db/schema.sql", 11)], found
    message = warned[0][2]
    assert "no migration in the project's migration folders" in message
    assert "src/migrations (db-migrate, 2 files)" in message and "db.runSql" in message
    assert status == 0, found  # a warning: the migration may be in an earlier commit


def test_prune_keeps_an_entry_renamed_only_by_a_hand_edit_of_the_dump(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trial's ``whitelist prune`` after the ``sed`` removed the entry
    (burndown then counted the table migrated); it is kept now, saying why,
    and pruned once a migration of ``src/migrations`` comes with the dump."""
    root = committed_repo(tmp_path / "unleash", FILES, monkeypatch)
    (root / "db/schema.sql").write_text(RENAMED)
    done = CliRunner().invoke(cli, ["whitelist", "prune", "--no-cache"])
    assert done.exit_code == 0, done.output
    said = " ".join(done.output.split())
    assert "kept table role_user (whitelist.yaml:4): its target is only in db/schema.sql" in said
    assert "role_user" in (root / "whitelist.yaml").read_text()
    (root / RENAME_MIGRATION).write_text(
        MIGRATION.replace(
            "`CREATE TABLE role_user (role_id integer NOT NULL, user_id integer NOT NULL)`",
            "'ALTER TABLE role_user RENAME TO role_users'",
        )
    )
    done = CliRunner().invoke(cli, ["whitelist", "prune", "--no-cache"])
    assert done.exit_code == 0, done.output
    assert "removed table role_user" in done.output
    assert "role_user" not in (root / "whitelist.yaml").read_text()


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param("migration", id="with-its-migration"),
        pytest.param("header", id="only-the-dump-header"),
    ],
)
def test_a_dump_regenerated_with_its_migration_or_reheaded_is_not_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    root = committed_repo(tmp_path / "unleash", FILES, monkeypatch)
    if edit == "migration":
        (root / "db/schema.sql").write_text(RENAMED)
        (root / RENAME_MIGRATION).write_text(
            MIGRATION.replace(
                "`CREATE TABLE role_user (role_id integer NOT NULL, user_id integer NOT NULL)`",
                "'ALTER TABLE role_user RENAME TO role_users'",
            )
        )
    else:  # pg_dump's version line and settings change with every dump
        (root / "db/schema.sql").write_text(
            DUMP.replace("version 15.8", "version 15.14").replace(
                "SET statement_timeout = 0;", "SET statement_timeout = 0;\nSET lock_timeout = 0;"
            )
        )
    git(root, "add", "-A")
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        _status, found = check_entries(*run, "--no-cache")
        assert _dump_warnings(found) == [], (run, found)


def test_without_code_migrations_a_dump_edit_is_not_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project whose dump is its only schema source (no migration folder
    known): nothing to name, nothing said."""
    files = {k: v for k, v in FILES.items() if not k.startswith("src/")}
    root = committed_repo(tmp_path / "plain", files, monkeypatch)
    (root / "db/schema.sql").write_text(RENAMED)
    git(root, "add", "-A")
    _status, found = check_entries("--pre-commit", "--no-cache")
    assert _dump_warnings(found) == [], found


@pytest.mark.slow
def test_the_real_pre_commit_hook_shows_the_warning(
    hook_repo: tuple[Env, Path, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    env, snapshot, rev = hook_repo
    project = tmp_path / "unleash"
    write_files(
        project,
        {
            **FILES,
            ".pre-commit-config.yaml": f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n"
            "    hooks:\n      - id: dbnamelint\n        verbose: true\n",
        },
    )
    init_repo(project, "baseline")
    assert env.pre_commit(project, "install").returncode == 0
    (project / "db/schema.sql").write_text(RENAMED)
    env.git(project, "add", "db/schema.sql")
    done = env.git(project, "commit", "-m", "rename by hand", check=False)
    output = done.stdout + done.stderr
    assert "db/schema.sql:11:1: DBN008 warning: this schema dump's DDL changed" in output, output
    assert "src/migrations (db-migrate, 2 files)" in output


def test_migrate_write_names_the_tools_runner_not_the_numbered_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 4: the note advised ``db/000-schema.sql`` and ``--layout
    numbered``; db-migrate never runs a SQL file of ``db/``."""
    committed_repo(tmp_path / "unleash", FILES, monkeypatch)
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write", "--no-cache"])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "db/schema.sql: a schema dump, no migration" in said, said
    assert "src/migrations (db-migrate, 2 files): db.runSql(...)" in said
    assert "000-schema.sql" not in said and "pass --layout" not in said
    assert not list((tmp_path / "unleash/db").glob("001-*"))
