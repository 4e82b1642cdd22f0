"""An unreadable statement the config's ``ignore`` accepts, edited or new (trial s39).

Dolibarr's ``llx_user.sql`` holds ``--module_comm smallint,`` lines the
project's installer strips and MySQL refuses, so the reader gave ``DBN004``
and the adopter wrote ``per_path: ignore: [DBN004]`` for the file. A column
added further down that ``CREATE TABLE`` then passed ``check --base`` and
the hook: the gate judged statements accepted by an inline
``ignore[DBN004]`` (``DBN908``), not those the config accepts. Now both are
``DBN908``: an error, a warning with ``--allow-whitelist-growth``; the
statement as the base had it passes, and a ``--ignore`` of the CI job's
command line stays the caller's narrowing.

Oracles: real git (the base commit) and MariaDB, which creates the column
the unread statement names.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from mysql_server import MysqlServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

TABLE = "CREATE TABLE files (id INT, file_name VARCHAR(10));\n"
#: MariaDB runs it; read as MySQL's (no ALTER ONLINE TABLE), dbnamelint cannot.
OLD = "ALTER ONLINE TABLE files ADD COLUMN file_size INT;\n"
EDITED = "ALTER ONLINE TABLE files ADD COLUMN file_size INT, ADD COLUMN badCol INT;\n"
NEW = "ALTER ONLINE TABLE files ADD COLUMN otherBad INT;\n"

PER_PATH = (
    'dialect: mysql\npaths: [sql]\nper_path:\n  - paths: ["sql/b_changes.sql"]\n'
    "    ignore: [DBN004]\n"
)
TOP_LEVEL = "dialect: mysql\npaths: [sql]\nignore: [DBN004]\n"


def _run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return done.exit_code, done.output


def test_mariadb_creates_the_column_the_edit_adds(maria: MysqlServer) -> None:
    with maria.fresh_database("config_unread") as db:
        maria.run(TABLE + EDITED, database=db)
        columns = maria.run(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
            "ORDER BY ORDINAL_POSITION",
            database=db,
        ).split()
    assert columns == ["id", "file_name", "file_size", "badCol"]


@pytest.mark.parametrize("config", [PER_PATH, TOP_LEVEL], ids=["per_path", "ignore"])
def test_an_edit_of_a_statement_the_config_accepts_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str
) -> None:
    root = committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": config, "sql/a_tables.sql": TABLE, "sql/b_changes.sql": OLD},
        monkeypatch,
    )
    assert _run("check")[0] == 0  # accepted at the base
    (root / "sql/b_changes.sql").write_text(EDITED, encoding="utf-8")
    code, out = _run("check", "--base", "HEAD")
    assert code == 1, out
    assert (
        "sql/b_changes.sql:1:" in out
        and "DBN908 error: the statement the config's ignore of DBN004 accepts changed since HEAD"
        in out
    ), out
    git(root, "add", "-A")
    code, hook = _run("check", "--pre-commit", "sql/b_changes.sql")
    assert code == 1 and "DBN908" in hook, hook
    code, out = _run("check", "--base", "HEAD", "--allow-whitelist-growth")
    assert code == 0 and "DBN908 warning" in out, out


def test_a_new_statement_the_config_accepts_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": TOP_LEVEL, "sql/a_tables.sql": TABLE, "sql/b_changes.sql": OLD},
        monkeypatch,
    )
    (root / "sql/c_more.sql").write_text(NEW, encoding="utf-8")
    code, out = _run("check", "--base", "HEAD")
    assert code == 1, out
    assert (
        "sql/c_more.sql:1:" in out
        and "DBN908 error: the config's ignore of DBN004 accepts a statement new since HEAD" in out
    ), out


def test_the_base_statement_and_the_command_line_narrowing_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": PER_PATH, "sql/a_tables.sql": TABLE, "sql/b_changes.sql": OLD},
        monkeypatch,
    )
    (root / "sql/c_more.sql").write_text("CREATE TABLE tags (id INT);\n", encoding="utf-8")
    code, out = _run("check", "--base", "HEAD")
    assert code == 0 and "DBN908" not in out, out  # the base's acceptance is no growth
    # without a config ignore, the CI job's own --ignore is its narrowing
    (root / "dbnamelint.yaml").write_text("dialect: mysql\npaths: [sql]\n", encoding="utf-8")
    git(root, "commit", "-qam", "no ignore")
    (root / "sql/b_changes.sql").write_text(EDITED, encoding="utf-8")
    code, out = _run("check", "--base", "HEAD", "--ignore", "DBN004")
    assert "DBN908" not in out, out
