"""``dbnamelint impact`` leaves migration history alone: counted apart, never patched.

The repository below keeps the configured MySQL schema (``db/mysql``) and
copies of it for other databases and tools, each named as that tool's
manual names its files: Flyway ``V1__init.sql`` (and ``U1__``), golang-migrate
``000001_init.up.sql``/``.down.sql``, Diesel ``<ts>_x/up.sql``, a goose file
marked ``-- +goose Up``, Django ``migrations/0001_initial.py``, Rails
``db/migrate/<ts>_x.rb``. Applied migrations must keep creating the old
name (Flyway checks their checksums; a fresh install replays them before
the rename), so only the application code and the seed data are counted
and patched. The search runs through the real ``git grep``; the patch
through the real ``git apply``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from dbnamelint.impact.history import is_migration
from git_helpers import committed_repo, git

CREATE = "CREATE TABLE queue (id int PRIMARY KEY, body text);\n"
HISTORY = {
    "db/postgres/V1__init.sql": CREATE,
    "db/postgres/U1__init.sql": "DROP TABLE queue;\n",
    "db/sqlite/000001_init.up.sql": CREATE,
    "db/sqlite/000001_init.down.sql": "DROP TABLE queue;\n",
    "diesel/2019-03-03-163336_create_queue/up.sql": CREATE,
    "sql/queue.sql": "-- +goose Up\n" + CREATE + "-- +goose Down\nDROP TABLE queue;\n",
    "app/migrations/0001_initial.py": "options={'db_table': 'queue'},\n",
    "db/migrate/20240101120000_create_queue.rb": "create_table :queue do |t|\nend\n",
    # release notes tell what each release did, under the names of the time (trial s20 river)
    "CHANGELOG.md": "- Run `CREATE INDEX CONCURRENTLY queue_body ON queue (body)` first.\n",
    "docs/CHANGES.rst": "* ``queue`` gained ``body``.\n",
}
CODE = {
    "src/Dao.java": 'class Dao { String q = "SELECT * FROM queue"; }\n',
    "seeds/seed.sql": "INSERT INTO queue (id, body) VALUES (1, 'hello');\n",
}
WHITELIST = """\
phases:
  - {id: "1", title: "Legacy", status: open}
entries:
  - {kind: table, name: queue, phase: "1", target: queues}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": "paths: [db/mysql]\ndialect: mysql\n",
            "whitelist.yaml": WHITELIST,
            "db/mysql/V1__init.sql": CREATE,
            **HISTORY,
            **CODE,
        },
        monkeypatch,
    )


def test_migration_files_are_history_not_references(repo: Path) -> None:
    impact = collect_impact(load_settings(repo, None, (), (), ()), repo)
    assert sorted({r.path for r in impact.references}) == sorted(CODE)
    assert impact.references_per_phase() == {"1": 2}
    assert [path for path, _ in impact.history_files()] == sorted(HISTORY)
    assert dict(impact.history_files())["sql/queue.sql"] == 2  # CREATE and DROP


def test_the_patch_never_touches_migration_history(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    patched = {line[6:] for line in result.stdout.splitlines() if line.startswith("+++ b/")}
    assert patched == set(CODE)
    (repo / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", "fix.patch")
    for name, text in HISTORY.items():
        assert (repo / name).read_text(encoding="utf-8") == text
    assert (repo / "src/Dao.java").read_text(encoding="utf-8") == (
        'class Dao { String q = "SELECT * FROM queues"; }\n'
    )


def test_reports_list_history_apart(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["impact"])
    assert result.exit_code == 0
    assert "Total: 2 references in 2 files (2 high confidence, 0 plain text)" in result.stdout
    assert (
        "Migration history and release notes (past names: never counted or patched): "
        "11 references in 10 files; " in result.stdout
    )
    assert "  db/postgres/V1__init.sql (1)\n" in result.stdout
    document = json.loads(CliRunner().invoke(cli, ["impact", "--format", "json"]).stdout)
    assert document["summary"]["references"] == 2
    assert {"path": "sql/queue.sql", "references": 2} in document["history"]
    assert len(document["history"]) == len(HISTORY)


@pytest.mark.parametrize(
    ("path", "history"),
    [
        ("db/postgres/V1__init.sql", True),
        ("CHANGELOG.md", True),
        ("docs/RELEASE_NOTES.md", True),
        ("HISTORY", True),
        ("app/news.py", False),  # code of a news feature, no release notes
        ("db/history.sql", False),
        ("db/postgres/V1.2__add_x.sql", True),
        ("db/postgres/U3__undo.sql", True),
        ("db/postgres/R__views.sql", True),
        ("store/sqlite/000001_init.up.sql", True),
        ("store/sqlite/000001_init.down.sql", True),
        ("x/2019-03-03-163336_create/up.sql", True),
        ("x/20240101120000_init/migration.sql", True),
        ("sql/20240101120000_init.sql", True),
        ("sql/001_init.sql", True),
        ("sql/001-init.sql", True),
        ("sql/001.sql", True),
        ("app/migrations/0001_initial.py", True),
        ("db/migrate/20240101120000_create_users.rb", True),
        ("src/main/resources/db/changelog/changes.xml", True),
        ("supabase/seed.sql", False),
        ("seeds/users.sql", False),
        ("src/Dao.java", False),
        ("src/migrator.go", False),
        # invidious' upgrade scripts: a folder opening with "migrate", a step's script.
        ("config/migrate-scripts/migrate-db-17cf077.sh", True),
        ("scripts/migrate-db-17cf077.sh", True),
        ("db/migrations_old/0001.py", True),
        ("tools/migration_0042.py", True),
        ("src/migrator/run.go", False),
        ("bin/migrate.sh", False),
        ("scripts/migrate-db.sh", False),
        ("docs/V1 notes.md", False),
    ],
)
def test_is_migration_follows_the_tools_names(path: str, history: bool) -> None:
    assert is_migration(path) is history


def test_is_migration_reads_the_tools_markers() -> None:
    for head in ("-- +goose Up\n", "-- migrate:up\n", "-- +migrate Up\n"):
        assert is_migration("sql/queue.sql", head)
    assert is_migration("sql/queue.sql", "-- liquibase formatted sql\n")
    assert not is_migration("sql/queue.sql", "SELECT 1;\n")


@pytest.mark.parametrize(
    ("path", "head", "history"),
    [
        # supabase/storage's test data (trial s15 #6): numbered, INSERTs only
        ("src/test/db/02-dummy-data.sql", "INSERT INTO buckets (id) VALUES ('a');\n", False),
        ("sql/001_init.sql", "-- the first\nCREATE TABLE users (id int);\n", True),
        ("sql/002-rename.sql", "ALTER TABLE users RENAME TO accounts;\n", True),
        ("sql/003.sql", "  drop table gone;\n", True),
        # the strong names stay history whatever they hold
        ("sql/V4__data.sql", "INSERT INTO users VALUES (1);\n", True),
        ("sql/20240101120000_seed.sql", "INSERT INTO users VALUES (1);\n", True),
    ],
)
def test_a_numbered_file_is_history_when_it_opens_with_ddl(
    path: str, head: str, history: bool
) -> None:
    assert is_migration(path, head) is history
