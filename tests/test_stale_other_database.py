"""``DBN900`` never offers an entry's own name as its correction (trial s22
temporal: ``no table named build_id_to_task_queue exists: did you mean
build_id_to_task_queue?``). When the object is in another separate database
of the tree than the entry's ``database:``, it says which, and where."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

CONFIG = "dialect: postgres\npaths: [a, b]\ndatabases:\n  main: [a]\n  visibility: [b]\n"
TABLE = 'CREATE TABLE "build_id_to_task_queue" (id INT, "BadCol" INT);\n'


def _stale(root: Path) -> list[str]:
    done = CliRunner().invoke(cli, ["check", "--no-cache"])
    assert done.exit_code == 1, done.output
    return [line for line in done.output.splitlines() if "DBN900" in line]


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "dbnamelint.yaml").write_text(CONFIG)
    (tmp_path / "a/001.sql").write_text("CREATE TABLE users (id INT);\n")
    (tmp_path / "b/001.sql").write_text(TABLE)
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    return tmp_path


def test_an_entry_of_the_wrong_database_says_where_the_object_is(tree: Path) -> None:
    path = tree / "whitelist.yaml"
    path.write_text(path.read_text().replace("database: visibility", "database: main"))
    lines = _stale(tree)
    assert len(lines) == 2
    table = next(line for line in lines if "entry table" in line)
    assert "did you mean" not in table
    assert (
        "no table named build_id_to_task_queue exists in database main (the entry's "
        "`database:`); it is in database visibility (b/001.sql:1:14): write `database: "
        "visibility` in the entry, or delete the entry if the table is gone from main" in table
    )


def test_a_name_outside_the_paths_is_never_its_own_suggestion(tree: Path) -> None:
    # the table's only file moves outside the configured paths
    (tree / "c").mkdir()
    (tree / "b/001.sql").rename(tree / "c/001.sql")
    (tree / "b/001.sql").write_text("CREATE TABLE build_id_to_task_queue_v2 (id INT);\n")
    lines = _stale(tree)
    table = next(line for line in lines if "entry table build_id_to_task_queue " in line)
    assert "did you mean build_id_to_task_queue?" not in table
    assert "did you mean build_id_to_task_queue_v2?" in table


def test_a_typo_still_gets_its_suggestion(tree: Path) -> None:
    path = tree / "whitelist.yaml"
    path.write_text(
        path.read_text().replace("name: build_id_to_task_queue\n", "name: build_id_to_task_queu\n")
    )
    lines = _stale(tree)
    assert any("did you mean build_id_to_task_queue?" in line for line in lines), lines
