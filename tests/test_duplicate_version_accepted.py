"""Two committed migrations of one version (``DBN016``) once they are history.

A Go module that runs its own golang-migrate-named files (shiori's
``0000_system_create.up.sql`` beside ``0000_system_insert.up.sql``, both
long applied) gets a ``DBN016`` warning on every plain ``check``: its
message says how to accept it, and the config or comment it names does
accept it. In ``check --base`` and the hook such a pair, committed at the
base, is not the change's doing: the base run named the earlier file by its
path in the extracted base tree, so the gate took the working tree's same
finding for a new one and showed it on every commit. A file new since the
base that claims a committed version, or sorts below the highest committed
one, is still the change's doing. What was committed comes from real git.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo, write_files

GO_MOD = "module example.com/bookmarks\n\ngo 1.22\n\nrequire github.com/lib/pq v1.10.9\n"
FOLDER = "internal/database/migrations/postgres"
FIRST = f"{FOLDER}/0000_system_create.up.sql"
SECOND = f"{FOLDER}/0000_system_insert.up.sql"
CONFIG = f"paths: [{FOLDER}]\ndialect: postgres\n"


def _check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--verbose", *args])
    return result.exit_code, result.output


def _tree(root: Path) -> None:
    write_files(
        root,
        {
            "go.mod": GO_MOD,
            "dbnamelint.yaml": CONFIG,
            FIRST: "CREATE TABLE systems (schema_version text NOT NULL);\n",
            SECOND: "INSERT INTO systems VALUES ('0.0.0');\n",
            f"{FOLDER}/0001_initial.up.sql": "CREATE TABLE accounts (id int PRIMARY KEY);\n",
            f"{FOLDER}/0003_tags.up.sql": "CREATE TABLE tags (id int PRIMARY KEY);\n",
        },
    )


def _dbn016(output: str) -> list[str]:
    return [line for line in output.splitlines() if " DBN016 " in line]


def test_the_warning_says_how_to_accept_it_and_that_accepts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out = _check()
    (line,) = _dbn016(out)
    assert line.startswith(f"{SECOND}:1:1: DBN016 warning:"), out
    config = re.search(r"in the config (per_path: \[.*\]\}\])", line)
    comment = re.search(r"a first line '(-- dbnamelint: ignore\[DBN016\])' in this file", line)
    assert config is not None and comment is not None, line
    # the config the message spells, appended as it is: YAML flow style
    (tmp_path / "dbnamelint.yaml").write_text(CONFIG + config.group(1) + "\n", encoding="utf-8")
    code, out = _check()
    assert code == 0 and not _dbn016(out) and "DBN020" not in out, out
    # or the comment, on the file's first line
    (tmp_path / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    text = (tmp_path / SECOND).read_text(encoding="utf-8")
    (tmp_path / SECOND).write_text(f"{comment.group(1)}\n{text}", encoding="utf-8")
    code, out = _check()
    assert code == 0 and not _dbn016(out) and "DBN020" not in out, out


@pytest.mark.parametrize("run", [("--base", "HEAD~1"), ("--pre-commit",)], ids=["base", "hook"])
def test_a_committed_pair_is_not_the_changes_doing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: tuple[str, ...]
) -> None:
    _tree(tmp_path)
    init_repo(tmp_path, "shiori-like tree")
    write_files(tmp_path, {f"{FOLDER}/0004_notes.up.sql": "CREATE TABLE notes (id int);\n"})
    if run[0] == "--base":
        commit_all(tmp_path, "notes")
    else:
        git(tmp_path, "add", "-A")
    monkeypatch.chdir(tmp_path)
    code, out = _check(*run)
    assert code == 0 and not _dbn016(out), out


def test_a_new_file_of_a_committed_version_or_below_is_still_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Flyway refuses both (an error each); the committed pair stays quiet."""
    write_files(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [db/migration]\ndialect: postgres\n",
            "db/migration/V1__accounts.sql": "CREATE TABLE accounts (id int PRIMARY KEY);\n",
            "db/migration/V2__users.sql": "CREATE TABLE users (id int PRIMARY KEY);\n",
            "db/migration/V2__tags.sql": "CREATE TABLE tags (id int PRIMARY KEY);\n",
            "db/migration/V3__notes.sql": "CREATE TABLE notes (id int PRIMARY KEY);\n",
        },
    )
    init_repo(tmp_path, "base")
    monkeypatch.chdir(tmp_path)
    code, out = _check("--base", "HEAD")
    assert code == 0 and not _dbn016(out), out  # the pair alone: history
    write_files(
        tmp_path,
        {
            "db/migration/V2__labels.sql": "CREATE TABLE labels (id int PRIMARY KEY);\n",
            "db/migration/V1_5__late.sql": "CREATE TABLE lates (id int PRIMARY KEY);\n",
        },
    )
    commit_all(tmp_path, "two new files")
    code, out = _check("--base", "HEAD~1")
    found = _dbn016(out)
    assert code == 1, out
    assert len(found) == 2, out
    assert any(
        line.startswith("db/migration/V2__labels.sql:1:1: DBN016 error: migration version 2 ")
        for line in found
    ), out
    assert any(
        line.startswith("db/migration/V1_5__late.sql:1:1: DBN016 error: migration version 1_5 ")
        for line in found
    ), out
