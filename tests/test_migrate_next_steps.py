"""What ``migrate`` prints after its SQL (trial s19, hasura-auth): a blank line
first, so "N migration files would be written" or "wrote ..." does not read
as the SQL's last line; and after ``--write``, the one command that comes
next, ``whitelist prune``, with the number of entries it then removes (the
oracle: ``check`` and ``whitelist prune`` themselves, run afterwards)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo

WHITELIST = (
    'phases:\n  - {id: "1", title: "x", status: open}\n'
    '  - {id: "2", title: "y", status: open}\nentries:\n'
    '  - {kind: table, name: Team, rules: [DBN101], phase: "1", target: teams}\n'
    '  - {kind: table, name: Member, rules: [DBN101], phase: "1", target: members}\n'
    '  - {kind: table, name: Later, rules: [DBN101], phase: "2", target: laters}\n'
)
INIT = (
    'CREATE TABLE "Team" (id int PRIMARY KEY);\n'
    'CREATE TABLE "Member" (id int PRIMARY KEY);\n'
    'CREATE TABLE "Later" (id int PRIMARY KEY);\n'
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST,
            "db/001_init.sql": INIT,
        },
        monkeypatch,
    )


def _run(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(cli, list(args))
    return done.exit_code, done.stdout, done.stderr


def test_dry_run_separates_the_count_from_the_sql(project: Path) -> None:
    code, stdout, stderr = _run("migrate", "--phase", "1")
    assert code == 0, stderr
    assert stdout.endswith(";\n")  # the SQL's last statement
    assert stderr.startswith("\n"), stderr
    assert stderr.splitlines()[-1].endswith("would be written; nothing written (no --write)")
    assert "whitelist prune" not in stderr  # nothing was written: nothing comes next


def test_write_says_prune_comes_next_and_how_many(project: Path) -> None:
    code, _, stderr = _run("migrate", "--phase", "1", "--write")
    assert code == 0, stderr
    lines = stderr.splitlines()
    assert lines[0] == "", stderr
    assert all(line.startswith("wrote ") for line in lines[1:-2]), stderr
    assert "`dbnamelint migrate --cleanup --write` writes it" in lines[-2]  # views: later
    hint = lines[-1]
    assert hint.startswith("next: `dbnamelint whitelist prune` removes the 2 whitelist entries")
    assert stderr.count("whitelist prune") == 1
    # The oracle: check reports that many stale entries; prune removes that many.
    code, out, _ = _run("check")
    assert len(re.findall(r"DBN900 stale whitelist entry", out)) == 2, out
    code, out, _ = _run("whitelist", "prune")
    assert code == 0, out
    assert "2 stale entries removed" in out, out
    assert "marked phase 1 done" in out, out
    code, out, _ = _run("check")
    assert "DBN900" not in out, out


def test_no_hint_without_whitelist_entries(project: Path) -> None:
    (project / "db/002_more.sql").write_text("CREATE TABLE plain_rows (id int);\n")
    code, _, stderr = _run("migrate", "--rename", "plain_rows=plain_items", "--write")
    assert code == 0, stderr
    assert "whitelist prune" not in stderr


def test_a_rename_off_an_entrys_target_is_said_as_check_reads_it(project: Path) -> None:
    """``--rename`` of a whitelisted table to a name other than its target:
    the hint agrees with what ``check`` then reports of the entry."""
    code, _, stderr = _run("migrate", "--rename", '"Later"=later_rows', "--write")
    assert code == 0, stderr
    code, out, _ = _run("check")
    stale = len(re.findall(r"DBN900 stale whitelist entry", out))
    assert ("whitelist prune" in stderr) == bool(stale), (stderr, out)


@pytest.mark.parametrize("old", ['"Team"', 'public."Team"'])
def test_a_rename_retiring_an_entry_says_prune_comes_next(project: Path, old: str) -> None:
    """Trial s34 ente: ``migrate --rename queue=queues --write`` renamed a
    whitelisted table to its target, said nothing of ``whitelist prune``, and
    the next ``check`` failed with DBN900 (``--phase``/``--all`` say it)."""
    code, _, stderr = _run("migrate", "--rename", f"{old}=teams", "--write")
    assert code == 0, stderr
    # Before: no hint at all.
    assert stderr.splitlines()[-1].startswith(
        "next: `dbnamelint whitelist prune` removes the 1 whitelist entry"
    ), stderr
    # The oracle: check reports that many stale entries; prune removes that many.
    code, out, _ = _run("check")
    assert len(re.findall(r"DBN900 stale whitelist entry", out)) == 1, out
    code, out, _ = _run("whitelist", "prune")
    assert "1 stale entry removed" in out, out
