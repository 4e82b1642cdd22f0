"""Every statement of a MySQL ``DELIMITER`` chunk is read (trial s40 dolphinscheduler, F1).

Under ``DELIMITER //`` (or ``d//``, ``$$``) the mysql/mariadb client sends
everything up to the next delimiter as one chunk, and the server runs each
``;``-separated statement of it. DolphinScheduler's upgrade scripts close a
``delimiter d//`` block without a ``delimiter ;`` line after it (their own
runner goes back to ``;`` by itself), so ``CALL p; DROP PROCEDURE p; ALTER
TABLE ...`` after the block were one chunk: only its ``CALL`` was read, and a
bad column or table added after it passed ``check`` and the gate. A
routine's ``BEGIN ... END`` keeps its inner ``;`` (a statement after its
``END;`` is read), and so does a compound statement MariaDB runs outside
routines. Oracle: MariaDB fed each file by its own client, after which
``drift --db`` finds nothing the files do not hold.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git
from mysql_server import MysqlServer

#: (file text, the bad names the chunk makes after its first statement).
CASES = {
    # dolphinscheduler's shape: the block ends at d//, no "delimiter ;" after it
    "after_a_block": (
        "CREATE TABLE items (id int PRIMARY KEY);\n"
        "delimiter d//\n"
        "CREATE PROCEDURE noop()\n"
        "BEGIN\n"
        "    SELECT 1;\n"
        "END;\n"
        "d//\n"
        "\n"
        "CALL noop;\n"
        "DROP PROCEDURE noop;\n"
        "ALTER TABLE items ADD COLUMN `HiddenCol` int;\n"
        "CREATE TABLE `HiddenTable` (id int PRIMARY KEY);\n",
        ("HiddenCol", "HiddenTable"),
    ),
    "on_one_line": (
        "CREATE TABLE items (id int PRIMARY KEY);\n"
        "DELIMITER $$\n"
        "INSERT INTO items VALUES (1); CREATE TABLE `AfterInsert` (id int)$$\n"
        "SET @a = 1; ALTER TABLE items ADD COLUMN `AfterSet` int$$\n"
        "DELIMITER ;\n",
        ("AfterInsert", "AfterSet"),
    ),
    "after_a_routine_body": (
        "DELIMITER $$\n"
        "CREATE PROCEDURE p() BEGIN SELECT 1; END; CREATE TABLE `AfterProc` (id int)$$\n"
        "DELIMITER ;\n",
        ("AfterProc",),
    ),
    # a trigger's or routine's body of one statement (no BEGIN) ends at its ";"
    "after_a_single_statement_body": (
        "CREATE TABLE items (id int PRIMARY KEY, n int);\n"
        "DELIMITER //\n"
        "CREATE TRIGGER items_n BEFORE INSERT ON items FOR EACH ROW SET NEW.n = 0;"
        " CREATE TABLE `TrigAfter` (id int)//\n"
        "CREATE PROCEDURE p() SELECT 1; ALTER TABLE items ADD COLUMN `ProcAfter` int//\n"
        "DELIMITER ;\n",
        ("TrigAfter", "ProcAfter"),
    ),
    "two_tables": (
        "DELIMITER $$\n"
        "CREATE TABLE first_things (id int); CREATE TABLE `SecondThing` (id int)$$\n"
        "DELIMITER ;\n",
        ("SecondThing",),
    ),
}


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_statements_after_the_first_are_checked(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, names = CASES[case]
    (tmp_path / "x.sql").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = _run("check", "--no-cache", "--dialect", "mysql", "x.sql")
    assert code == 1, out
    for name in names:
        assert f"'{name}' is not snake_case" in out, out
    assert "DBN004" not in out and "DBN005" not in out, out


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_model_is_what_mariadb_made(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    text, names = CASES[case]
    (tmp_path / "x.sql").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with maria.fresh_database(f"delimchunk_{case}") as db:
        maria.run(file=tmp_path / "x.sql", database=db)
        made = maria.run(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
            "UNION ALL SELECT COLUMN_NAME FROM information_schema.COLUMNS "
            "WHERE TABLE_SCHEMA = DATABASE()",
            database=db,
        ).split()
        assert set(names) <= set(made)
        code, out = _run(
            "drift", "--no-cache", "--dialect", "mariadb", "--db", maria.url(db),
            "--format", "json", "x.sql",
        )  # fmt: skip
    assert (code, json.loads(out)["drift"]) == (0, []), out


#: A trigger whose single-statement body is an ``IF ... END IF`` (no
#: ``BEGIN``), and MariaDB's ``BEGIN NOT ATOMIC`` outside a routine: their
#: ``;`` end nothing.
COMPOUND = (
    "CREATE TABLE items (id int, n int);\n"
    "DELIMITER //\n"
    "CREATE TRIGGER items_n BEFORE INSERT ON items FOR EACH ROW\n"
    "IF NEW.n IS NULL THEN SET NEW.n = 0; END IF//\n"
    "BEGIN NOT ATOMIC\n"
    "    DECLARE x int DEFAULT 1;\n"
    "    ALTER TABLE items ADD COLUMN m int;\n"
    "END//\n"
    "DELIMITER ;\n"
)


def test_a_body_s_own_semicolons_stay_in_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read whole, as before: no input error from a cut body."""
    (tmp_path / "x.sql").write_text(COMPOUND, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = _run("inspect", "--no-cache", "--dialect", "mariadb", "x.sql")
    assert code == 0, out
    assert "x.sql:3:16:     trigger items_n" in out, out
    assert "DBN00" not in out, out


def test_mariadb_runs_the_compound_statements_whole(tmp_path: Path, maria: MysqlServer) -> None:
    """The oracle for the file above: MariaDB's client takes it (a cut body
    would be a syntax error) and makes the trigger and the column."""
    (tmp_path / "x.sql").write_text(COMPOUND, encoding="utf-8")
    with maria.fresh_database("delimchunk_compound") as db:
        maria.run(file=tmp_path / "x.sql", database=db)
        made = maria.run(
            "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = "
            "DATABASE() UNION ALL SELECT COLUMN_NAME FROM information_schema.COLUMNS "
            "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'items'",
            database=db,
        ).split()
    assert made == ["items_n", "id", "n", "m"]


def test_the_gate_refuses_a_bad_name_after_the_block(git_project: Path) -> None:
    """The trial's hole: a new upgrade script whose ALTER follows a
    ``d//`` block passed ``check --base``."""
    (git_project / "db").mkdir()
    (git_project / "db" / "001_init.sql").write_text(
        "CREATE TABLE items (id int PRIMARY KEY);\n", encoding="utf-8"
    )
    (git_project / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mysql\n", "utf-8")
    git(git_project, "init", "-q")
    git(git_project, "add", "-A")
    git(git_project, "commit", "-qm", "base")
    (git_project / "db" / "002_upgrade.sql").write_text(
        CASES["after_a_block"][0].split("\n", 1)[1], encoding="utf-8"
    )
    git(git_project, "add", "-A")
    code, out = _run("check", "--base", "HEAD")
    assert code == 1, out
    assert "'HiddenCol' is not snake_case" in out, out
    assert "'HiddenTable' is not snake_case" in out, out
