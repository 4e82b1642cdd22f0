"""A new statement whose made name is all placeholder is refused by the gate (trial s40 navidrome).

goose's ``-- +goose ENVSUB ON`` fills ``${NAME}`` from the environment when
it runs a migration (Flyway and Liquibase fill their ``${name}`` from their
configuration), so in ``CREATE TABLE ${PH_TABLE} (...)`` the table's name is
in no file: the reader keeps a ``DBN006`` info note and no rule judges it.
A change adding such a statement passed ``check --base`` and the hook
whatever the name would be, while the same name written out is refused:
it is unread DDL, as dynamic SQL is (``DBN013``). Now such a placeholder's
note names the object the statement makes, and the gate refuses it when new
unless ``-- dbnamelint: ignore[DBN006] <reason>`` accepts it. A placeholder
that is only a qualifier (``${schema}.t``) or a part of a name
(``${prefix}users``, whose rest is judged), or names an existing table
(``ON ${t}``), is left as it was.

Oracles: SQLite runs the migration as goose does after ENVSUB (the name the
environment gives is the table the database gets), real git for the base.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, git, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

INIT = "-- +goose Up\nCREATE TABLE users (id integer);\n"
ENVSUB = """-- +goose Up
-- +goose ENVSUB ON
{sql}
-- +goose ENVSUB OFF
-- +goose Down
"""
NEW = "db/migrations/00002_play.sql"


def _check(*args: str) -> tuple[int, list[tuple[str, int, str]]]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [(d["code"], d["line"], d["severity"]) for d in report["diagnostics"]]
    found += [(f["code"], f["line"], f["severity"]) for f in report["findings"]]
    return result.exit_code, found


@pytest.fixture
def goose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "goose"
    root.mkdir()
    monkeypatch.chdir(root)
    adopted_repo(
        root, {"db/migrations/00001_init.sql": INIT}, "paths: [db/migrations]\ndialect: sqlite\n"
    )
    return root


@pytest.mark.parametrize(
    ("sql", "made"),
    [
        ("CREATE TABLE ${PH_TABLE} (id integer);", "PlayHistory"),
        ('CREATE TABLE IF NOT EXISTS "${PH_TABLE}" (id integer);', "PlayHistory"),
        ("ALTER TABLE users ADD COLUMN ${PH_COLUMN} integer;", "PlayCount"),
        ("ALTER TABLE users RENAME TO ${PH_TABLE};", "PlayHistory"),
        ("CREATE INDEX ${PH_INDEX} ON users (id);", "UsersById"),
        ("CREATE TABLE play_histories (id integer, ${PH_COLUMN} integer);", "PlayCount"),
        (
            "CREATE TABLE play_histories (\n  ${PH_COLUMN} integer NOT NULL DEFAULT (0)\n);",
            "PlayCount",
        ),
        (
            "CREATE TABLE play_histories (id integer, CONSTRAINT ${PH_INDEX} CHECK (id > 0));",
            "UsersById",
        ),
    ],
)
def test_a_new_name_left_to_a_placeholder_is_refused(goose: Path, sql: str, made: str) -> None:
    # the oracle: goose's ENVSUB gives the statement the environment's name
    env = {"PH_TABLE": "PlayHistory", "PH_COLUMN": "PlayCount", "PH_INDEX": "UsersById"}
    ran = sql
    for key, value in env.items():
        ran = ran.replace("${" + key + "}", value)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE users (id integer)")
    db.execute(ran)
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    for table in ("users", "play_histories", made):
        names |= {r[1] for r in db.execute(f"PRAGMA table_info({table})")}
    names |= {
        made
        for (sql,) in db.execute("SELECT sql FROM sqlite_master")
        if f"CONSTRAINT {made}" in sql
    }
    assert made in names
    (goose / NEW).write_text(ENVSUB.format(sql=sql))
    line = 3 + sql[: sql.index("${")].count("\n")  # the placeholder's line
    assert _check("--base", "HEAD") == (1, [("DBN006", line, "error")])
    git(goose, "add", "-A")
    assert _check("--pre-commit") == (1, [("DBN006", line, "error")])
    # the name written out is judged (and refused) as any
    (goose / NEW).write_text(ENVSUB.format(sql=ran))
    code, found = _check("--base", "HEAD")
    assert code == 1 and found and all(f[2] == "error" and f[0] != "DBN006" for f in found)


def test_accepted_inline_after_a_review(goose: Path) -> None:
    sql = (
        "-- dbnamelint: ignore[DBN006] PlayHistory checked by hand\n"
        "CREATE TABLE ${PH_TABLE} (id integer);"
    )
    (goose / NEW).write_text(ENVSUB.format(sql=sql))
    assert _check("--base", "HEAD")[0] == 0


@pytest.mark.parametrize(
    "sql",
    [
        "CREATE TABLE ${schema}.play_histories (id integer);",  # a qualifier
        "CREATE TABLE ${prefix}play_histories (id integer);",  # a part: the rest is judged
        "CREATE INDEX users_id_idx ON ${users} (id);",  # names an existing table
        "INSERT INTO users (id) VALUES (${first_id});",  # a value
        "CREATE TABLE play_histories (id integer, PRIMARY KEY (${key_column}));",  # a use
        "CREATE TABLE play_histories (name varchar(${name_length}) DEFAULT ${name});",  # values
    ],
)
def test_other_placeholders_pass_as_before(goose: Path, sql: str) -> None:
    (goose / NEW).write_text(ENVSUB.format(sql=sql))
    code, found = _check("--base", "HEAD")
    assert code == 0, found


def test_a_committed_one_is_a_note_and_the_full_check_passes(goose: Path) -> None:
    (goose / NEW).write_text(ENVSUB.format(sql="CREATE TABLE ${PH_TABLE} (id integer);"))
    git(goose, "add", "-A")
    git(goose, "commit", "-qm", "envsub table")
    assert _check("--base", "HEAD")[0] == 0
    assert _check("--select", "DBN006") == (0, [("DBN006", 3, "info")])
