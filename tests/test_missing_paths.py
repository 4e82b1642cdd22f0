"""A path that does not exist is one located usage error (exit 2) and nothing else.

As ruff (``E902``) and sqlfluff (``User Error``) do: every command that
takes paths names the missing one in the ``path:line:col: DBN002 error:``
form ``check`` prints, exits 2, writes nothing, and adds no note that only
makes sense for a tree that was read (the DBN906 staleness note, "no SQL
files found", stale entries of a tree never read, "the tree must read
cleanly").
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import init_repo, isolated_git_env

CONFIG = "extends: snake-case\npaths: [db]\n"
SCHEMA = 'CREATE TABLE "Accounts" (id int PRIMARY KEY, "userId" int);\n'
WHITELIST = """\
phases:
  - {id: "1", title: legacy, status: open}
entries:
  - {kind: table, name: '"Accounts"', rules: all, phase: "1"}
  - {kind: column, name: '"Accounts"."userId"', rules: all, phase: "1"}
"""
ERROR = "nope/:1:1: DBN002 error: no such file or directory"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A committed project whose check passes on its whitelist."""
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001.sql").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "whitelist.yaml").write_text(WHITELIST, encoding="utf-8")
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    init_repo(tmp_path, "baseline")
    with sqlite3.connect(tmp_path / "live.db") as db:  # a real database for --db and drift
        db.execute('CREATE TABLE "Accounts" (id int PRIMARY KEY, "userId" int)')
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["check"]).exit_code == 0
    return tmp_path


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.parts
    }


COMMANDS = [
    ["check", "nope/"],
    ["check", "--format", "text", "-q", "nope/"],
    ["check", "--base", "HEAD", "nope/"],
    ["check", "--db", "sqlite:///live.db", "nope/"],
    ["inspect", "nope/"],
    ["whitelist", "init", "--force", "nope/"],
    ["whitelist", "init", "-o", "other.yaml", "nope/"],
    ["whitelist", "prune", "nope/"],
    ["whitelist", "prune", "--dry-run", "nope/"],
    ["migrate", "--all", "nope/"],
    ["migrate", "--all", "--write", "nope/"],
    ["impact", "nope/"],
    ["drift", "--db", "sqlite:///live.db", "nope/"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_missing_path_is_one_located_usage_error(repo: Path, args: list[str]) -> None:
    before = _files(repo)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    # The error, and at most the run's own count or model summary; nothing else
    # (with --db the database was read: its excused findings are counted).
    assert lines[0] == ERROR, result.output
    summary = [line for line in lines[1:] if not line.startswith("Not failing: 2 whitelisted")]
    assert summary in ([], ["Found 1 problem: 1 input error."], ["0 objects"]), result.output
    assert _files(repo) == before


def test_check_missing_path_beside_a_real_one_still_checks_it(repo: Path) -> None:
    (repo / "db" / "002.sql").write_text('CREATE TABLE "Bad" (id int);\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "nope/", "db"])
    assert result.exit_code == 2
    assert ERROR in result.stdout
    assert 'DBN101 table "Bad"' in result.stdout  # one typo does not hide the other files
    assert "DBN906" not in result.stdout


@pytest.mark.parametrize(
    "args",
    [["check"], ["whitelist", "prune"], ["whitelist", "add", "Accounts"], ["impact"]],
    ids=["check", "prune", "add", "impact"],
)
def test_configured_path_missing_judges_no_entry_stale(repo: Path, args: list[str]) -> None:
    """A config naming a folder that is gone must not make every entry look stale."""
    (repo / "dbnamelint.yaml").write_text("extends: snake-case\npaths: [dbx]\n", encoding="utf-8")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "dbx:1:1: DBN002 error: no such file or directory" in result.output
    assert "DBN900" not in result.output and "stale" not in result.output
    assert (repo / "whitelist.yaml").read_text(encoding="utf-8") == WHITELIST


def test_pre_commit_with_a_file_that_does_not_exist(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--pre-commit", "db/gone.sql"])
    assert result.exit_code == 2
    first = result.stdout.splitlines()[0]
    assert first == "db/gone.sql:1:1: DBN002 error: no such file or directory"


def test_glob_matching_nothing_names_the_glob(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["whitelist", "init", "-o", "x.yaml", "db/*.mysql"])
    assert result.exit_code == 2
    assert result.output.strip() == "db/*.mysql:1:1: DBN002 error: no file matches this glob"
    assert not (repo / "x.yaml").exists()
