"""A statement dbnamelint cannot read, accepted inline in a change, is growth (trial s24).

photoprism: ``-- dbnamelint: ignore[DBN004] MariaDB syntax`` over a statement the reader
cannot read silences the error, and the statement's names are never
checked: a new one passed ``check --base`` and the hook whatever it named.
The README offers the comment for statements checked by hand, so it stays:
in a change, one the base did not have is a ``DBN908`` error (as a new
naming suppression is), a warning with ``--allow-whitelist-growth``; once
committed, it is the base's and passes.

Oracles: real git (what the base commit holds) and MariaDB, which creates
the column the unread statement names.
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

BASE = "CREATE TABLE files (id INT, file_name VARCHAR(10));\n"
#: MariaDB runs it (a column per table is added), dbnamelint does not read it.
UNREAD = "ALTER TABLE files WAIT 5 ADD COLUMN badCol INT;\n"
ACCEPTED = "-- dbnamelint: ignore[DBN004] checked by hand\n" + UNREAD


def _run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return done.exit_code, done.output


def test_a_new_accepted_unread_statement_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    with maria.fresh_database("accepted_unread") as db:
        maria.run(BASE + UNREAD, database=db)
        columns = maria.run(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
            "ORDER BY ORDINAL_POSITION",
            database=db,
        ).split()
    assert columns == ["id", "file_name", "badCol"]  # the unread statement does name one
    root = committed_repo(
        tmp_path / "app",
        # Read as MySQL 8's, which has no lock wait (MariaDB's is read since s25)
        {"dbnamelint.yaml": "dialect: mysql\npaths: [mysql]\n", "mysql/001.sql": BASE},
        monkeypatch,
    )
    (root / "mysql/002.sql").write_text(UNREAD, encoding="utf-8")
    code, out = _run("check", "--base", "HEAD")
    assert code == 1 and "DBN004 error" in out and "DBN908" not in out  # the error itself
    (root / "mysql/002.sql").write_text(ACCEPTED, encoding="utf-8")
    code, out = _run("check", "--base", "HEAD")
    assert code == 1
    assert "mysql/002.sql:2:" in out and "DBN908 error: inline ignore[DBN00" in out
    assert "accepts a statement dbnamelint cannot read" in out
    git(root, "add", "-A")
    code, hook = _run("check", "--pre-commit", "mysql/002.sql")
    assert code == 1 and "DBN908" in hook
    code, out = _run("check", "--base", "HEAD", "--allow-whitelist-growth")
    assert code == 0 and "DBN908 warning" in out
    git(root, "commit", "-qm", "accepted by a reviewer")
    (root / "mysql/003.sql").write_text("CREATE TABLE tags (id INT);\n", encoding="utf-8")
    assert _run("check", "--base", "HEAD")[0] == 0  # the base's acceptance is no growth


#: An accepted statement the reader cannot read (trial s29 dolphinscheduler's
#: was a PostgreSQL ``delimiter d//`` block, read since s40: MariaDB's here).
BLOCK = BASE + ACCEPTED


@pytest.mark.parametrize("edit", ["body", "layout"])
def test_an_edit_of_an_accepted_statement_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    """trial s29 dolphinscheduler: an ``ALTER TABLE`` added in the body of an
    accepted ``delimiter d//`` block passed the hook and ``check --base``: the
    ignore accepted the statement at the base, and its key (place, message)
    did not change with its text. Its layout (line breaks, spaces) is no edit."""
    # an upgrade folder no migration tool owns: DBN025 does not see the edit
    root = committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": "dialect: mysql\npaths: [sql]\n", "sql/upgrade_ddl.sql": BLOCK},
        monkeypatch,
    )
    assert _run("check")[0] == 0  # accepted at the base
    if edit == "body":
        changed = BLOCK.replace("badCol INT;", "badCol INT, ADD COLUMN `lastLoginTime` INT;")
    else:
        changed = BLOCK.replace("WAIT 5 ADD COLUMN", "WAIT 5\n    ADD COLUMN")
    assert changed != BLOCK
    (root / "sql/upgrade_ddl.sql").write_text(changed, encoding="utf-8")
    code, out = _run("check", "--base", "HEAD")
    if edit == "layout":
        assert code == 0 and "DBN908" not in out, out
        return
    assert code == 1, out
    assert (
        "DBN908 error: the statement an inline ignore[DBN004] accepts changed since HEAD"
    ) in out
    git(root, "add", "-A")
    code, hook = _run("check", "--pre-commit", "sql/upgrade_ddl.sql")
    assert code == 1 and "DBN908" in hook
