"""MySQL/MariaDB ``MODIFY c type`` stores the column under the spelling it writes.

``ALTER TABLE files MODIFY File_Name VARCHAR(10)`` on a table whose column is
``file_name`` leaves ``File_Name`` in ``information_schema.COLUMNS`` (MariaDB
10.11; ``CHANGE a A`` likewise, ``ALTER COLUMN A SET DEFAULT`` does not).
Replay kept ``file_name``, so ``check --base`` and the hook passed a change
that turned a compliant name into ``File_Name`` (trial s24 photoprism). The
model now respells the column as a rename does (with its old name in its
history), and the rules judge the new spelling.

Oracles: a real MariaDB (column and index-column names it stores); real git.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
from dbnamelint.cli import cli
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from git_helpers import commit_all, init_repo, isolated_git_env

CREATE = "CREATE TABLE files (id INT, file_name VARCHAR(10), size INT, kind INT);\n"
CASES = {
    "modify": "ALTER TABLE files MODIFY File_Name VARCHAR(755);\n",
    "modify-column-quoted": "ALTER TABLE files MODIFY COLUMN `File_Name` VARCHAR(10);\n",
    "modify-same-spelling": "ALTER TABLE files MODIFY file_name VARCHAR(20);\n",
    "modify-twice-in-one-statement": (
        "ALTER TABLE files MODIFY SIZE BIGINT, MODIFY COLUMN Kind BIGINT;\n"
    ),
    "change-same-name-other-case": "ALTER TABLE files CHANGE file_name FILE_NAME VARCHAR(10);\n",
    "alter-column-keeps-spelling": "ALTER TABLE files ALTER COLUMN File_Name SET DEFAULT 'a';\n",
    "index-follows": (
        "CREATE INDEX files_file_name_idx ON files (file_name);\n"
        "ALTER TABLE files MODIFY File_Name VARCHAR(10);\n"
    ),
}


def _server_names(maria: mysql_server.MysqlServer, db: str) -> set[tuple[str, str]]:
    out = maria.run(
        "SELECT 'column', COLUMN_NAME FROM information_schema.COLUMNS"
        " WHERE TABLE_SCHEMA = DATABASE() UNION ALL"
        " SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS"
        " WHERE TABLE_SCHEMA = DATABASE()",
        database=db,
    )
    return {(a, b) for a, b in (line.split("\t") for line in out.splitlines() if line)}


def _model_names(sql: str) -> set[tuple[str, str]]:
    schema = schema_from_sql(sql, dialect="mariadb")
    names = {("column", o.name) for o in schema.of_kind(ObjectKind.COLUMN)}
    for index in schema.of_kind(ObjectKind.INDEX):
        names |= {(index.name, c) for c in index.columns}
    return names


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_column_spelling_is_the_one_mariadb_stores(
    maria: mysql_server.MysqlServer, case: str
) -> None:
    sql = CREATE + CASES[case]
    with maria.fresh_database("dbnl_modify_respells") as db:
        maria.run(sql, database=db)
        expected = _server_names(maria, db)
    assert _model_names(sql) == expected


def test_respelled_column_keeps_its_old_name_in_history() -> None:
    schema = schema_from_sql(CREATE + CASES["modify"], dialect="mysql")
    column = next(o for o in schema.of_kind(ObjectKind.COLUMN) if o.name == "File_Name")
    assert column.previous_names == ("file_name",)


def test_postgres_alter_column_type_respells_nothing() -> None:
    sql = (
        "CREATE TABLE files (file_name text);\n"
        'ALTER TABLE files ALTER COLUMN "file_name" TYPE varchar(9);\n'
    )
    schema = schema_from_sql(sql, dialect="postgres")
    assert [o.name for o in schema.of_kind(ObjectKind.COLUMN)] == ["file_name"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_gate_fails_a_modify_that_respells_a_compliant_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    (root / "mysql").mkdir(parents=True)
    (root / "mysql/001.sql").write_text("CREATE TABLE files (id INT, file_name VARCHAR(10));\n")
    init_repo(root)
    commit_all(root, "base")
    (root / "mysql/002.sql").write_text("ALTER TABLE files MODIFY File_Name VARCHAR(10);\n")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(
        cli, ["check", "--base", "HEAD", "--dialect", "mariadb", "--format", "json"]
    )
    assert result.exit_code == 1, result.output
    found = [(f["code"], f["name"], f["path"]) for f in json.loads(result.output)["findings"]]
    assert found == [("DBN201", "File_Name", "mysql/002.sql")]
