"""A change that renames or drops a table its files still use fails the gate (trial s29).

icingadb edits its full ``schema.sql`` in place: ``CREATE TABLE comment``
became ``CREATE TABLE comments`` (and ``whitelist prune`` followed), while
``CREATE INDEX idx_comment_name ON comment`` stayed. Every rule passed and
the replay said only ``DBN011`` (info: a table the files never create is
often the application's), so the hook and ``check --base`` passed a schema
PostgreSQL can no longer load. The base made that table: the statement is
the change's breakage, a ``DBN028`` error. A table the files never made
keeps the ``DBN011`` note.

Oracles: PostgreSQL loads the base's file and refuses the changed one;
real git.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo, git
from pg_server import PgServer, SqlFailed

BASE = (
    "CREATE TABLE comment (id int PRIMARY KEY, name text);\n"
    "CREATE INDEX idx_comment_name ON comment (name);\n"
    "CREATE TRIGGER comment_touch BEFORE UPDATE ON comment\n"
    "  FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();\n"
)
RENAMED = BASE.replace("CREATE TABLE comment ", "CREATE TABLE comments ", 1)


def _check() -> tuple[int, str]:
    done = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache"])
    return done.exit_code, done.output


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path,
        {"dbnamelint.yaml": "paths: [schema]\ndialect: postgres\n", "schema/schema.sql": BASE},
        monkeypatch,
    )


def test_postgres_loads_the_base_and_refuses_the_change(pg: PgServer) -> None:
    with pg.fresh_database("s29_orphans") as db:
        pg.run(sql=BASE, dbname=db)
    with pg.fresh_database("s29_orphans") as db, pytest.raises(SqlFailed, match="comment"):
        pg.run(sql=RENAMED, dbname=db)


def test_statements_left_on_the_renamed_table_fail_the_gate(repo: Path) -> None:
    (repo / "schema/schema.sql").write_text(RENAMED)
    git(repo, "add", "-A")
    code, out = _check()
    assert code == 1, out
    assert (
        "schema/schema.sql:2:14: DBN028 error: index 'idx_comment_name' is on table "
        "'comment', which the files made at HEAD and no longer make"
    ) in out
    assert "schema/schema.sql:3:16: DBN028 error: trigger 'comment_touch'" in out
    # the whole rename: passes
    (repo / "schema/schema.sql").write_text(RENAMED.replace(" ON comment", " ON comments"))
    git(repo, "add", "-A")
    code, out = _check()
    assert code == 0, out


def test_a_table_the_files_never_made_keeps_its_note(repo: Path) -> None:
    """``app_events`` is the application's: an index on it is no breakage."""
    (repo / "schema/schema.sql").write_text(
        BASE + "CREATE INDEX idx_app_events_at ON app_events (at);\n"
    )
    commit_all(repo, "index on the application's table")
    (repo / "schema/schema.sql").write_text(
        BASE + "CREATE INDEX idx_app_events_at ON app_events (at);\n"
        "CREATE INDEX idx_app_events_kind ON app_events (kind);\n"
    )
    git(repo, "add", "-A")
    code, out = _check()
    assert code == 0 and "DBN028" not in out, out
