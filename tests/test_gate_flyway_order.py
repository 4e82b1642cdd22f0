"""The gate refuses a new Flyway migration numbered below one already committed (s8-t1 #9).

Flyway's ``outOfOrder`` is false by default: a resolved migration whose
version is below the highest applied one fails validation ("Detected
resolved migration not applied to database", Flyway docs: Configuration,
outOfOrder), and versions compare part by part as numbers (``1.5`` < ``2``,
``1.10`` > ``1.9``). What was committed comes from real git; ``check --base``
and the pre-commit mode both report it as ``DBN016``, on the new file only.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo, write_files

TREE = {
    "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
    "db/migration/V1__a.sql": "CREATE TABLE a (id int);\n",
    "db/migration/V1_9__b.sql": "CREATE TABLE b (id int);\n",
    "db/migration/V2__c.sql": "CREATE TABLE c (id int);\n",
}


def _check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", *args])
    return result.exit_code, result.output


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_files(tmp_path, TREE)
    init_repo(tmp_path, "init")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("mode", ["base", "pre-commit"])
def test_a_new_version_below_a_committed_one_fails(repo: Path, mode: str) -> None:
    write_files(
        repo,
        {
            "db/migration/V1_5__late.sql": "CREATE TABLE late (id int);\n",
            "db/migration/V2_1__next.sql": "CREATE TABLE next_one (id int);\n",
        },
    )
    if mode == "base":
        commit_all(repo, "more")
        code, out = _check("--base", "HEAD~1")
        ref = "HEAD~1"
    else:
        git(repo, "add", "-A")
        code, out = _check(
            "--pre-commit", "db/migration/V1_5__late.sql", "db/migration/V2_1__next.sql"
        )
        ref = "HEAD"
    assert code == 1, out
    assert out.count("DBN016") == 1, out
    assert (
        f"db/migration/V1_5__late.sql:1:1: DBN016 error: migration version 1_5 is new since "
        f"{ref} but sorts before 2 (db/migration/V2__c.sql), already committed"
    ) in out
    assert "V2_1__next.sql:1:1: DBN016" not in out  # 2.1 follows 2: in order


def test_versions_compare_part_by_part(repo: Path) -> None:
    git(repo, "rm", "-q", "db/migration/V2__c.sql")
    commit_all(repo, "only 1 and 1.9")
    write_files(repo, {"db/migration/V1_10__ten.sql": "CREATE TABLE ten (id int);\n"})
    commit_all(repo, "1.10 after 1.9")
    code, out = _check("--base", "HEAD~1")
    assert code == 0, out  # 1.10 > 1.9 (not text order)


def test_a_plain_check_does_not_know_what_was_committed(repo: Path) -> None:
    write_files(repo, {"db/migration/V1_5__late.sql": "CREATE TABLE late (id int);\n"})
    code, out = _check()
    assert code == 0, out
