"""Renaming a committed migration the tool cannot have applied under its old
name, or whose applied row does not depend on the name (``DBN025``).

Trial s12 (goharbor/harbor, golang-migrate ``make/migrations/postgresql``):
two branches each ran ``migrate --write`` and got ``0204_*``; git merged
them, ``check`` said ``DBN016`` ("renumber one"), and the hook then refused
the renumbering ``git mv`` with ``DBN025`` ("the migration tool still has it
applied under its old name"). At the base the folder had a duplicate
version, which golang-migrate refuses outright (``ErrDuplicateMigration``),
as Flyway ("Found more than one migration with version") and goose
("duplicate version detected") do: no database ran either file from that
tree. dbmate applies the first of the two by file name and never the
second. And a rename that keeps the version is no change at all to
golang-migrate, goose or dbmate, which record only the version
(``schema_migrations.version``, ``goose_db_version.version_id``), while
Flyway validates each applied version's description (the name) and
Liquibase keys a changeset by its file path. The oracle is real git: the
base commit's files, and the change git records.
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

HARBOR = "make/migrations/postgresql"
HARBOR_CONFIG = f"paths: [{HARBOR}]\ndialect: postgres\n"
DB_CONFIG = "paths: [db]\ndialect: postgres\n"


def _report(*args: str) -> tuple[int, list[tuple[str, str, str]], str]:
    """Exit code, every (code, path, severity) listed, and the output; info
    notes are listed under ``--select``."""
    result = CliRunner().invoke(
        cli, ["check", *args, "--select", "DBN016,DBN025", "--format", "json"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.output)
    found = [(d["code"], d["path"], d["severity"]) for d in report["diagnostics"]]
    return result.exit_code, found, result.output


def _text(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture
def project(git_project: Path) -> Path:
    return git_project


def _harbor_merge(root: Path) -> tuple[str, str]:
    """Harbor's layout after two branches each added a ``0204_*`` migration
    and git merged them; returns the two ``.up.sql`` paths."""
    adopted_repo(
        root,
        {
            f"{HARBOR}/0203_init.up.sql": "CREATE TABLE audit_log (id int);\n",
            f"{HARBOR}/0203_init.down.sql": "DROP TABLE audit_log;\n",
        },
        HARBOR_CONFIG,
    )
    audit = f"{HARBOR}/0204_rename_phase_prefix_audit.up.sql"
    registry = f"{HARBOR}/0204_rename_phase_prefix_registry.up.sql"
    git(root, "checkout", "-q", "-b", "audit")
    (root / audit).write_text("ALTER TABLE audit_log ADD COLUMN note text;\n")
    (root / audit.replace(".up.", ".down.")).write_text("ALTER TABLE audit_log DROP COLUMN note;\n")
    commit_all(root, "audit phase")
    git(root, "checkout", "-q", "main")
    git(root, "checkout", "-q", "-b", "registry")
    (root / registry).write_text("CREATE TABLE registries (id int);\n")
    (root / registry.replace(".up.", ".down.")).write_text("DROP TABLE registries;\n")
    commit_all(root, "registry phase")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-edit", "audit")
    git(root, "merge", "-q", "--no-edit", "registry")
    return audit, registry


def test_the_harbor_renumbering_passes_the_hook_and_the_gate(project: Path) -> None:
    audit, registry = _harbor_merge(project)
    # git merged both; golang-migrate refuses the folder (the base's DBN016).
    code, found, output = _report()
    assert (code, found) == (1, [("DBN016", registry, "error")]), output
    renumbered = f"{HARBOR}/0205_rename_phase_prefix_audit.up.sql"
    git(project, "mv", audit, renumbered)
    git(project, "mv", audit.replace(".up.", ".down."), renumbered.replace(".up.", ".down."))
    code, found, output = _report("--pre-commit")
    assert (code, found) == (0, [("DBN025", audit, "info")]), output
    assert (
        f"this golang-migrate migration was committed at HEAD and this change renames it to "
        f"{renumbered}: no database ran it from HEAD, where {registry} claims its version "
        "0204 too: golang-migrate refuses such a folder"
    ) in output, output
    code, found, output = _report("--base", "HEAD")
    assert (code, found) == (0, [("DBN025", audit, "info")]), output
    # the plain hook run, as a user sees it: passes, and says nothing to fix
    code, output = _text("--pre-commit")
    assert code == 0 and "DBN025 error" not in output, output
    commit_all(project, "renumber the audit phase")
    code, found, output = _report("--base", "HEAD~1")
    assert (code, found) == (0, [("DBN025", audit, "info")]), output
    code, found, output = _report()
    assert (code, found) == (0, []), output


def test_renumbering_the_other_one_passes_too(project: Path) -> None:
    """golang-migrate refuses the whole folder: neither file ran from the base."""
    audit, registry = _harbor_merge(project)
    renumbered = f"{HARBOR}/0205_rename_phase_prefix_registry.up.sql"
    git(project, "mv", registry, renumbered)
    git(project, "mv", registry.replace(".up.", ".down."), renumbered.replace(".up.", ".down."))
    code, found, output = _report("--pre-commit")
    assert (code, found) == (0, [("DBN025", registry, "info")]), output
    assert f"where {audit} claims its version 0204 too" in output


def test_deleting_one_of_two_duplicates_passes(project: Path) -> None:
    """Two branches that wrote the same phase: the copy is deleted, never renumbered."""
    audit, registry = _harbor_merge(project)
    git(project, "rm", "-q", registry, registry.replace(".up.", ".down."))
    code, found, output = _report("--base", "HEAD")
    assert (code, found) == (0, [("DBN025", registry, "info")]), output
    assert "this change deletes it: no database ran it from HEAD" in output
    assert f"where {audit} claims its version 0204 too" in output


def test_a_version_that_was_not_duplicate_is_still_refused(project: Path) -> None:
    _harbor_merge(project)
    init = f"{HARBOR}/0203_init.up.sql"
    git(project, "mv", init, f"{HARBOR}/0202_init.up.sql")
    code, found, output = _report("--base", "HEAD")
    assert code == 1 and ("DBN025", init, "error") in found, output


@pytest.mark.parametrize(
    ("first", "second", "renumbered", "text"),
    [
        (
            "db/V2__audit.sql",
            "db/V2__registry.sql",
            "db/V3__audit.sql",
            "CREATE TABLE {0} (id int);\n",
        ),
        (
            "db/00002_audit.sql",
            "db/00002_registry.sql",
            "db/00003_audit.sql",
            "-- +goose Up\nCREATE TABLE {0} (id int);\n-- +goose Down\nDROP TABLE {0};\n",
        ),
    ],
    ids=["flyway", "goose"],
)
def test_renumbering_a_duplicate_of_a_tool_that_refuses_them_passes(
    project: Path, first: str, second: str, renumbered: str, text: str
) -> None:
    init = first.replace("2", "1", 1).replace("audit", "init")
    adopted_repo(
        project,
        {
            init: text.format("init"),
            first: text.format("audit"),
            second: text.format("registry"),
        },
        DB_CONFIG,
    )
    code, found, output = _report()
    assert (code, found) == (1, [("DBN016", second, "error")]), output
    git(project, "mv", first, renumbered)
    code, found, output = _report("--base", "HEAD")
    assert (code, found) == (0, [("DBN025", first, "info")]), output
    assert f"where {second} claims its version" in output
    code, found, output = _report("--pre-commit")
    assert (code, found) == (0, [("DBN025", first, "info")]), output


DBMATE = "-- migrate:up\nCREATE TABLE {0} (id int);\n-- migrate:down\nDROP TABLE {0};\n"


def test_dbmate_applied_the_first_duplicate_so_only_the_second_may_move(project: Path) -> None:
    """dbmate sorts by file name, applies the first and records its version:
    the second fails on a new database and is skipped where the first ran."""
    first, second = "db/20240102000000_audit.sql", "db/20240102000000_registry.sql"
    adopted_repo(
        project,
        {
            "db/20240101000000_init.sql": DBMATE.format("init"),
            first: DBMATE.format("audit"),
            second: DBMATE.format("registry"),
        },
        DB_CONFIG,
    )
    git(project, "mv", second, "db/20240103000000_registry.sql")
    code, found, output = _report("--base", "HEAD")
    assert (code, found) == (0, [("DBN025", second, "info")]), output
    assert "dbmate applies only the first of them by file name" in output
    git(project, "reset", "-q", "--hard")
    git(project, "mv", first, "db/20240103000000_audit.sql")
    code, found, output = _report("--base", "HEAD")
    assert code == 1 and ("DBN025", first, "error") in found, output


@pytest.mark.parametrize(
    ("old", "new", "text", "tool"),
    [
        (
            f"{HARBOR}/0201_rename_phase_prefix_registry.up.sql",
            f"{HARBOR}/0201_rename_registry.up.sql",
            "CREATE TABLE {0} (id int);\n",
            "golang-migrate",
        ),
        (
            "db/00002_pages.sql",
            "db/00002_add_pages.sql",
            "-- +goose Up\nCREATE TABLE {0} (id int);\n-- +goose Down\nDROP TABLE {0};\n",
            "goose",
        ),
        (  # gophish's name: goose's version is the number before the first "_"
            "db/20160131153104_0.1.2_add_pages.sql",
            "db/20160131153104_add_pages.sql",
            "-- +goose Up\nCREATE TABLE {0} (id int);\n",
            "goose",
        ),
        ("db/20240102000000_pages.sql", "db/20240102000000_add_pages.sql", DBMATE, "dbmate"),
    ],
    ids=["golang-migrate", "goose", "goose-dotted", "dbmate"],
)
def test_a_rename_keeping_the_version_passes_for_tools_that_record_only_it(
    project: Path, old: str, new: str, text: str, tool: str
) -> None:
    folder = old.rsplit("/", 1)[0]
    adopted_repo(
        project,
        {
            f"{folder}/0001_init.up.sql"
            if tool == "golang-migrate"
            else f"{folder}/00001_init.sql": text.format("init"),
            old: text.format("pages"),
        },
        f"paths: [{folder}]\ndialect: postgres\n",
    )
    git(project, "mv", old, new)
    code, found, output = _report("--base", "HEAD")
    assert (code, found) == (0, [("DBN025", old, "info")]), output
    assert f"that is all {tool} records of an applied migration" in output
    code, found, output = _report("--pre-commit")
    assert (code, found) == (0, [("DBN025", old, "info")]), output
    # Renamed and its SQL changed: an edit of an applied migration.
    (project / new).write_text(text.format("páginas"))
    code, found, output = _report("--base", "HEAD")
    assert code == 1 and ("DBN025", old, "error") in found, output


def test_a_rename_keeping_the_version_into_another_folder_is_refused(project: Path) -> None:
    """The tool reads one folder: moved out of it, the migration is gone."""
    old = f"{HARBOR}/0201_registry.up.sql"
    adopted_repo(
        project,
        {
            f"{HARBOR}/0001_init.up.sql": "CREATE TABLE a (id int);\n",
            old: "CREATE TABLE b (id int);\n",
        },
        "paths: [make]\ndialect: postgres\n",
    )
    moved = "make/migrations/mysql/0201_registry.up.sql"
    (project / moved).parent.mkdir(parents=True)
    git(project, "mv", old, moved)
    code, found, output = _report("--base", "HEAD")
    assert code == 1 and ("DBN025", old, "error") in found, output


@pytest.mark.parametrize(
    ("old", "new", "text"),
    [
        # Flyway validates each applied version's description ("Migration
        # description mismatch for migration version 2").
        ("db/V2__pages.sql", "db/V2__add_pages.sql", "CREATE TABLE pages (id int);\n"),
        # Liquibase keys a changeset by id, author and the changelog's path.
        (
            "db/002_pages.sql",
            "db/002_add_pages.sql",
            "-- liquibase formatted sql\n-- changeset me:2\nCREATE TABLE pages (id int);\n",
        ),
        # sql-migrate names a migration by its file name.
        (
            "db/002_pages.sql",
            "db/002_add_pages.sql",
            "-- +migrate Up\nCREATE TABLE pages (id int);\n",
        ),
        # No tool's markers: which runner, and what it records, is unknown.
        ("db/002_pages.sql", "db/002_add_pages.sql", "CREATE TABLE pages (id int);\n"),
    ],
    ids=["flyway", "liquibase", "sql-migrate", "numbered"],
)
def test_a_rename_keeping_the_version_is_refused_for_tools_keyed_by_name(
    project: Path, old: str, new: str, text: str
) -> None:
    adopted_repo(
        project,
        {
            "db/001_a.sql" if "V" not in old else "db/V1__a.sql": "CREATE TABLE a (id int);\n",
            old: text,
        },
        DB_CONFIG,
    )
    git(project, "mv", old, new)
    code, found, output = _report("--base", "HEAD")
    assert code == 1 and ("DBN025", old, "error") in found, output
    assert f"this change renames it to {new}" in output


DIESEL_CONFIG = "paths: [migrations]\ndialect: postgres\n"


def test_diesel_renaming_a_migration_folder_keeping_its_version_passes(project: Path) -> None:
    """Diesel keeps ``__diesel_schema_migrations (version, run_on)``: the
    version is the folder name's part before the first ``_`` without its
    ``-`` (migrations_internals ``version_from_string``), and the harness
    runs the folders whose version has no row. The name after it is free."""
    old = "migrations/2024-01-02-000000_pages/up.sql"
    adopted_repo(
        project,
        {
            "migrations/2024-01-01-000000_init/up.sql": "CREATE TABLE a (id int);\n",
            "migrations/2024-01-01-000000_init/down.sql": "DROP TABLE a;\n",
            old: "CREATE TABLE pages (id int);\n",
            "migrations/2024-01-02-000000_pages/down.sql": "DROP TABLE pages;\n",
        },
        DIESEL_CONFIG,
    )
    folder = "migrations/2024-01-02-000000_pages"
    git(project, "mv", folder, "migrations/2024-01-02-000000_add_pages")
    code, found, output = _report("--base", "HEAD")
    assert (code, found) == (0, [("DBN025", old, "info")]), output
    assert "keeping its version 2024-01-02-000000: that is all diesel records" in output
    assert "(__diesel_schema_migrations)" in output
    code, found, output = _report("--pre-commit")
    assert (code, found) == (0, [("DBN025", old, "info")]), output
    # Without the '-' it is the same version to Diesel (20240102000000).
    git(project, "mv", "migrations/2024-01-02-000000_add_pages", "migrations/20240102000000_pages")
    code, found, output = _report("--base", "HEAD")
    assert (code, found) == (0, [("DBN025", old, "info")]), output
    # Another timestamp is another version: Diesel would run it again.
    git(project, "mv", "migrations/20240102000000_pages", "migrations/2024-01-03-000000_pages")
    code, found, output = _report("--base", "HEAD")
    assert code == 1 and ("DBN025", old, "error") in found, output


SQLX_FILES = {
    "Cargo.toml": '[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\nsqlx = "0.8"\n',
    "migrations/0001_init.sql": "CREATE TABLE a (id int);\n",
    "migrations/0002_pages.sql": "CREATE TABLE pages (id int);\n",
}


def test_sqlx_renaming_keeping_the_version_and_the_text_passes(project: Path) -> None:
    """``sqlx migrate run`` (sqlx-core ``Migrator::run``) finds each applied
    row's version among the files (``VersionMissing``) and compares the
    SHA-384 checksum of the file's text (``VersionMismatch``); the
    description column of ``_sqlx_migrations`` is never compared, and the
    version is the file name's number parsed as an integer."""
    old = "migrations/0002_pages.sql"
    adopted_repo(project, SQLX_FILES, "paths: [migrations]\ndialect: postgres\n")
    git(project, "mv", old, "migrations/0002_add_pages.sql")
    code, found, output = _report("--base", "HEAD")
    assert (code, found) == (0, [("DBN025", old, "info")]), output
    assert "keeping its version 0002 and its text: sqlx migrate run compares only" in output
    code, found, output = _report("--pre-commit")
    assert (code, found) == (0, [("DBN025", old, "info")]), output
    git(project, "mv", "migrations/0002_add_pages.sql", "migrations/2_add_pages.sql")
    code, found, output = _report("--base", "HEAD")
    assert (code, found) == (0, [("DBN025", old, "info")]), output
    # A comment changes the checksum: sqlx stops with VersionMismatch(2)
    # (golang-migrate, goose and dbmate would not notice it).
    (project / "migrations/2_add_pages.sql").write_text("-- pages\nCREATE TABLE pages (id int);\n")
    code, found, output = _report("--base", "HEAD")
    assert code == 1 and ("DBN025", old, "error") in found, output
