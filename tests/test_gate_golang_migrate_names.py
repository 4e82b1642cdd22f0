"""The gate on golang-migrate file names as golang-migrate parses them, in real git.

golang-migrate's ``source/parse.go``::

    Regex = regexp.MustCompile(
        `^([0-9]+)_(.*)\\.(` + string(Down) + `|` + string(Up) + `)\\.(.*)$`,
    )

is the oracle (:data:`GOLANG_MIGRATE`): the version is the leading number,
the direction the ``.up.``/``.down.`` part, the title and extension
anything. So ``78_slow_down.up.sql`` is an up migration (read, judged),
``2_1_notes.up.sql`` claims version 2 as ``2_tags.up.sql`` does
(``source.Migrations.Append`` refuses the folder: the new file is the one
to renumber, whichever sorts first), and ``30_x.up..sql`` renamed
``30_x.up.sql`` keeps version 30 and direction up: golang-migrate's
``schema_migrations`` records only the version, so the rename is an info
note, not a rewrite of history. ``check --base`` and the hook (``check
--pre-commit`` on the staged files) agree; the real ``pre-commit`` on these
cases: ``tests/test_precommit.py::test_the_hook_reads_golang_migrate_names_as_it_does``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo, isolated_git_env, write_files

#: golang-migrate's ``source.Regex``, verbatim.
GOLANG_MIGRATE = re.compile(r"^([0-9]+)_(.*)\.(down|up)\.(.*)$")

GO_MOD = (
    "module example.com/app\n\ngo 1.22\n\nrequire github.com/golang-migrate/migrate/v4 v4.17.0\n"
)
BASE = {
    "go.mod": GO_MOD,
    "dbnamelint.yaml": "paths: [db/migrations]\ndialect: sqlite\n",
    "db/migrations/1_init.up.sql": "CREATE TABLE accounts (id integer);\n",
    "db/migrations/1_init.down.sql": "DROP TABLE accounts;\n",
    "db/migrations/2_tags.up.sql": "CREATE TABLE tags (id integer);\n",
}
BAD = "CREATE TABLE `BadName` (id integer);\n"


def _parsed(name: str) -> tuple[int, str]:
    found = GOLANG_MIGRATE.match(name)
    assert found is not None, name
    return int(found.group(1)), found.group(3)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    write_files(tmp_path, BASE)
    init_repo(tmp_path, "init")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _both(*staged: str) -> list[tuple[int, str]]:
    """(exit code, output) of ``check --base HEAD`` and of the hook's command."""
    base = CliRunner().invoke(cli, ["check", "--base", "HEAD"])
    hook = CliRunner().invoke(cli, ["check", "--pre-commit", *staged])
    return [(base.exit_code, base.output), (hook.exit_code, hook.output)]


@pytest.mark.parametrize("name", ["3_slow_down.up.sql", "3_down.up.sql", "3_rollback.up.sql"])
def test_an_up_migration_named_down_is_judged(repo: Path, name: str) -> None:
    assert _parsed(name)[1] == "up"
    write_files(repo, {f"db/migrations/{name}": BAD})
    git(repo, "add", "-A")
    for code, output in _both(f"db/migrations/{name}"):
        assert code == 1, output
        assert f"db/migrations/{name}:1:14: DBN101" in output
        assert "DBN015" not in output  # no "not read (a rollback...)" note


@pytest.mark.parametrize("name", ["2_1_notes.up.sql", "2_z_notes.up.sql", "02_notes.up.sql"])
def test_a_new_file_claiming_a_committed_version_is_blamed(repo: Path, name: str) -> None:
    assert _parsed(name) == _parsed("2_tags.up.sql")
    new = f"db/migrations/{name}"
    write_files(repo, {new: "CREATE TABLE notes (id integer);\n"})
    git(repo, "add", "-A")
    for code, output in _both(new):
        assert code == 1, output
        assert f"{new}:1:1: DBN016 error: migration version" in output
        assert "is also db/migrations/2_tags.up.sql's" in output
        assert "db/migrations/2_tags.up.sql:1:1: DBN016" not in output


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("3_notes.up..sql", "3_notes.up.sql"),
        ("3_notes.up.sql", "3_notes.up..sql"),
        ("3_notes.up.sql", "3_notes_table.up.sql"),
        ("3_notes.up.sql", "03_notes.up.sql"),
    ],
)
def test_a_rename_keeping_the_parsed_version_is_a_note(repo: Path, old: str, new: str) -> None:
    assert _parsed(old) == _parsed(new)
    write_files(repo, {f"db/migrations/{old}": "CREATE TABLE notes (id integer);\n"})
    commit_all(repo, "notes")
    git(repo, "mv", f"db/migrations/{old}", f"db/migrations/{new}")
    for code, output in _both(f"db/migrations/{new}"):
        assert code == 0, output
    base = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--select", "DBN025"])
    assert f"db/migrations/{old}:1:1: DBN025 info:" in base.output, base.output
    assert f"keeping its version {_parsed(old)[0]}:" in base.output


def test_a_rename_changing_the_direction_is_refused(repo: Path) -> None:
    """``3_notes.up.sql`` -> ``3_notes.down.sql``: golang-migrate no longer has
    a version 3 up migration; the rename is history rewritten."""
    assert _parsed("3_notes.down.sql") == (3, "down")
    write_files(repo, {"db/migrations/3_notes.up.sql": "CREATE TABLE notes (id integer);\n"})
    commit_all(repo, "notes")
    git(repo, "mv", "db/migrations/3_notes.up.sql", "db/migrations/3_notes.down.sql")
    base = CliRunner().invoke(cli, ["check", "--base", "HEAD"])
    assert base.exit_code == 1, base.output
    assert "db/migrations/3_notes.up.sql:1:1: DBN025 error:" in base.output
