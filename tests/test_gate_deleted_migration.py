"""The gate refuses a change that deletes or renames a committed migration (``DBN025``).

Deleting an applied migration leaves what it created in every database that
ran it, and its row in the tool's table, while the schema dbnamelint reads
loses it (trial s11b finding 4: ``git rm`` of a gophish goose migration
passed the hook that refuses an edit of it). The oracle is real git: what
the base commit holds and what the change (working tree, or the index in a
pre-commit run) still holds. Files an edit of is not flagged stay quiet.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, commit_all, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FOLDER = "db/db_mysql/migrations"
CONFIG = f"paths: [{FOLDER}]\ndialect: mysql\n"
INIT = f"{FOLDER}/20160118194630_init.sql"
PAGES = f"{FOLDER}/20160131153104_0.1.2_add_pages.sql"
GOOSE = (
    "-- +goose Up\nCREATE TABLE `{0}` (`id` integer PRIMARY KEY);\n"
    "-- +goose Down\nDROP TABLE `{0}`;\n"
)


def _check(*args: str) -> tuple[int, list[tuple[str, str, int]], str]:
    result = CliRunner().invoke(cli, ["check", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.output)
    found = [(d["code"], d["path"], d["line"]) for d in report["diagnostics"]]
    return result.exit_code, found, result.output


def _hook(*names: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--pre-commit", *names])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture
def project(git_project: Path) -> Path:
    return git_project


def _start(root: Path, files: dict[str, str], config: str = CONFIG) -> None:
    adopted_repo(root, files, config)


def test_the_trial_repro_fails_in_the_hook_and_the_gate(project: Path) -> None:
    _start(project, {INIT: GOOSE.format("users"), PAGES: GOOSE.format("pages")})
    git(project, "rm", "-q", PAGES)
    code, output = _hook()
    assert code == 1, output
    assert (
        f"{PAGES}:1:1: DBN025 error: this goose migration was committed at HEAD and this "
        "change deletes it: the migration tool still has it applied"
    ) in output
    assert "write a new migration that drops what it created" in output
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (1, [("DBN025", PAGES, 1)]), output
    commit_all(project, "drop pages")
    code, found, output = _check("--base", "HEAD~1")
    assert (code, found) == (1, [("DBN025", PAGES, 1)]), output
    # The right way: the file as committed, and a new migration that drops the table.
    git(project, "reset", "-q", "--hard", "HEAD~1")
    later = f"{FOLDER}/20240101000000_drop_pages.sql"
    (project / later).write_text("-- +goose Up\nDROP TABLE `pages`;\n")
    git(project, "add", later)
    assert _hook(later)[0] == 0
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (0, []), output


def test_a_deletion_not_staged_is_not_in_the_commit(project: Path) -> None:
    """The hook judges the index (the commit keeps the file); the gate, the working tree."""
    _start(project, {INIT: GOOSE.format("users"), PAGES: GOOSE.format("pages")})
    (project / PAGES).unlink()
    code, output = _hook()
    assert code == 0 and "DBN025" not in output, output
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (1, [("DBN025", PAGES, 1)]), output


@pytest.mark.parametrize("renames", ["true", "false"])
def test_a_renamed_migration_fails_whatever_git_pairs(project: Path, renames: str) -> None:
    _start(project, {INIT: GOOSE.format("users"), PAGES: GOOSE.format("pages")})
    git(project, "config", "diff.renames", renames)
    moved = f"{FOLDER}/20160131153105_pages.sql"  # a new version: goose runs it again
    git(project, "mv", PAGES, moved)
    code, output = _hook(moved)
    assert code == 1, output
    assert f"{PAGES}:1:1: DBN025 error: this goose migration was committed at HEAD and " in (output)
    assert f"this change renames it to {moved}: the migration tool still has it applied" in (output)
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (1, [("DBN025", PAGES, 1)]), output
    # Moved and rewritten beyond git's pairing: a deletion and a new file.
    (project / moved).write_text("-- +goose Up\nCREATE TABLE `páginas` (`x` text, `y` text);\n")
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (1, [("DBN025", PAGES, 1)]), output
    assert "this change deletes it" in output


@pytest.mark.parametrize(
    ("kept", "name", "text"),
    [
        ("db/V1__init.sql", "db/V2__pages.sql", "CREATE TABLE pages (id int);\n"),
        ("db/0001_a.up.sql", "db/0002_pages.up.sql", "CREATE TABLE pages (id int);\n"),
        (
            "db/2024-01-01-000000_a/up.sql",
            "db/2024-02-01-000000_pages/up.sql",
            "CREATE TABLE pages (id int);\n",
        ),
        (
            "db/20240101000000_a/migration.sql",
            "db/20240201000000_pages/migration.sql",
            "CREATE TABLE pages (id int);\n",
        ),
        (
            "db/001_a.sql",
            "db/002_pages.sql",
            "-- liquibase formatted sql\n-- changeset me:2\nCREATE TABLE pages (id int);\n",
        ),
        (
            "db/001_a.sql",
            "db/changelog/pages.xml",
            '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n'
            '  <changeSet id="2" author="me">\n'
            '    <createTable tableName="pages"><column name="id" type="int"/></createTable>\n'
            "  </changeSet>\n</databaseChangeLog>\n",
        ),
        ("db/001_a.sql", "db/002_pages.sql", "CREATE TABLE pages (id int);\n"),
    ],
    ids=["flyway", "golang-migrate", "diesel", "prisma", "liquibase", "liquibase-xml", "numbered"],
)
def test_a_deleted_migration_of_each_tool_fails(
    project: Path, kept: str, name: str, text: str
) -> None:
    _start(
        project,
        {kept: "CREATE TABLE a (id int);\n", name: text},
        "paths: [db]\ndialect: postgres\n",
    )
    (project / name).unlink()
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (1, [("DBN025", name, 1)]), output


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # Flyway runs a repeatable migration whenever its checksum changes.
        ("db/R__views.sql", "CREATE VIEW v AS SELECT 1 AS a;\n"),
        # A dump is regenerated from the database after every migration.
        ("db/structure.sql", "CREATE TABLE b (id int);\n"),
        ("db/000_schema.sql", "--\n-- PostgreSQL database dump\n--\nCREATE TABLE b (id int);\n"),
        # Numbered declarative schema files, kept up to date in place.
        ("db/module-ws/schema/002-ws.sql", "CREATE TABLE b (id int);\n"),
        # The rollback of a migration that stays.
        ("db/0001_a.down.sql", "DROP TABLE a;\n"),
        # No migration tool names it.
        ("db/views.sql", "CREATE VIEW v AS SELECT 1 AS a;\n"),
        # Outside the configured paths: the run never read it.
        ("scripts/001_seed.sql", "CREATE TABLE b (id int);\n"),
    ],
    ids=[
        "flyway-repeatable",
        "rails-structure",
        "pg-dump",
        "schema-folder",
        "down",
        "plain",
        "out",
    ],
)
def test_files_an_edit_of_is_not_flagged_may_go(project: Path, name: str, text: str) -> None:
    _start(
        project,
        {"db/0001_a.up.sql": "CREATE TABLE a (id int);\n", name: text},
        "paths: [db]\ndialect: postgres\n",
    )
    git(project, "rm", "-q", name)
    code, _, output = _check("--base", "HEAD")
    assert "DBN025" not in output and code == 0, output
    code, output = _hook()
    assert "DBN025" not in output and code == 0, output


@pytest.mark.parametrize(
    "config",
    [
        CONFIG + "ignore: [DBN025]\n",
        CONFIG + f"per_path:\n  - paths: ['{FOLDER}/**']\n    ignore: [DBN025]\n",
    ],
    ids=["ignore", "per-path"],
)
def test_the_config_opts_out_and_not_in_the_same_change(project: Path, config: str) -> None:
    _start(project, {INIT: GOOSE.format("users"), PAGES: GOOSE.format("pages")}, config)
    git(project, "rm", "-q", PAGES)
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (0, []), output
    # Turned off by the change that deletes the migration: a config relaxation.
    git(project, "reset", "-q", "--hard")
    (project / "dbnamelint.yaml").write_text(CONFIG)
    commit_all(project, "DBN025 on")
    git(project, "rm", "-q", PAGES)
    (project / "dbnamelint.yaml").write_text(config)
    git(project, "add", "dbnamelint.yaml")
    code, output = _hook("dbnamelint.yaml")
    assert code == 1, output
    # at the line that turns it off: the ignore entry, or the per_path one
    where = "3:10" if config.endswith("ignore: [DBN025]\n") and "per_path" not in config else "5:14"
    assert f"dbnamelint.yaml:{where}: DBN909 error: the config change since HEAD hides DBN025" in (
        output
    )


def _hook_report(*args: str) -> tuple[int, list[tuple[str, str, int, str]], str]:
    """The pre-commit run's every diagnostic, info notes too (``--select`` lists them)."""
    selected = ["--select", "DBN008,DBN015,DBN025", "--format", "json"]
    result = CliRunner().invoke(cli, ["check", "--pre-commit", *selected, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.output)
    found = [(d["code"], d["path"], d["line"], d["severity"]) for d in report["diagnostics"]]
    return result.exit_code, found, result.output


def test_git_rm_cached_is_the_deletion_git_rm_is(project: Path) -> None:
    """Trial s12 #2: after ``git rm --cached`` of a committed migration (the file
    left on disk, untracked) the hook said DBN008 "not under the configured
    paths" of a file in them. The commit deletes the migration, exactly as
    ``git rm`` does (git's index is the oracle): DBN025, and no DBN008."""
    _start(project, {INIT: GOOSE.format("users"), PAGES: GOOSE.format("pages")})
    git(project, "rm", "-q", PAGES)
    removed = _hook_report()
    assert removed[:2] == (1, [("DBN025", PAGES, 1, "error")]), removed[2]
    git(project, "reset", "-q", "--hard")

    git(project, "rm", "-q", "--cached", PAGES)
    assert git(project, "status", "--porcelain", "--", PAGES) == f"D  {PAGES}\n?? {PAGES}\n"
    code, found, output = _hook_report()
    assert (code, [f[:3] for f in found]) == (1, [("DBN025", PAGES, 1)]), output
    assert "DBN008" not in output, output
    # the message says what happened: deleted from the commit, the copy on disk left untracked
    code, output = _hook("--verbose")
    assert code == 1 and "DBN008" not in output, output
    assert (
        f"{PAGES}:1:1: DBN025 error: this goose migration was committed at HEAD and this "
        "change deletes it from the commit (the copy left on disk is untracked and not "
        "read): the migration tool still has it applied"
    ) in output
    assert "`git add` the file back" in output
    # named, as `pre-commit run --files` would: still the commit's deletion, not a new file
    code, found, output = _hook_report(PAGES)
    assert (code, [f[:3] for f in found]) == (1, [("DBN025", PAGES, 1)]), output
    # the gate against the working tree, where the file is still there, sees no deletion
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (0, []), output
