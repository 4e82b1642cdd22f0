"""MySQL 8 refuses to rename a column a CHECK constraint or a generated column uses.

s8-t1 #17. Oracle for ``mysql``: MySQL's documentation (no MySQL 8 server
here): error 3959 ER_DEPENDENT_BY_CHECK_CONSTRAINT, "Check constraint '%s' uses
column '%s', hence column cannot be dropped or renamed", raised for RENAME
COLUMN and CHANGE by ``Check_constraint_column_dependency_checker`` (MySQL
8.0/8.4/9.x source documentation), and error 3108 ER_DEPENDENT_BY_GENERATED_COLUMN
"Column '%s' has a generated column dependency". ``migrate --dialect mysql``
refuses such a plan (exit 2) naming each dependent and where it is defined.
Oracle for ``mariadb``: the real MariaDB (``DBNAMELINT_TEST_MYSQL``) runs the
same renames and rewrites the expressions itself, so that dialect is planned.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mysql_server import MysqlServer
from test_migrate_loop import _run

_INIT = """\
CREATE TABLE secrets (id INT PRIMARY KEY, `Path` VARCHAR(255),
  path_hash CHAR(64) AS (SHA2(`Path`, 256)) STORED);
CREATE TABLE grp (id INT PRIMARY KEY, `groupName` VARCHAR(100) NOT NULL,
  CONSTRAINT grp_name_nonempty CHECK (`groupName` <> ''));
CREATE TABLE items (id INT PRIMARY KEY, qty INT CHECK (qty > 0), price INT,
  `Total` INT GENERATED ALWAYS AS (qty * price) VIRTUAL, note TEXT);
"""


def _project(tmp_path: Path, *more: str, dialect: str = "mysql") -> Path:
    root = tmp_path / "project"
    folder = root / "migrations"
    folder.mkdir(parents=True)
    (folder / "000001_init.up.sql").write_text(_INIT, encoding="utf-8")
    for n, text in enumerate(more, start=2):
        (folder / f"00000{n}_more.up.sql").write_text(text, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(
        f"paths: [migrations]\ndialect: {dialect}\n", encoding="utf-8"
    )
    return root


@pytest.mark.parametrize(
    ("rename", "says"),
    [
        (
            "secrets.Path=secret_path",
            "--rename-column: MySQL 8 refuses to rename column secrets.Path to 'secret_path': "
            "generated column 'path_hash' (migrations/000001_init.up.sql:2) reads it "
            "(MySQL error 3108)",
        ),
        (
            "grp.groupName=group_name",
            "--rename-column: MySQL 8 refuses to rename column grp.groupName to 'group_name': "
            "CHECK constraint 'grp_name_nonempty' (migrations/000001_init.up.sql:4) uses it "
            "(MySQL error 3959)",
        ),
        (
            "items.price=unit_price",
            "generated column 'Total' (migrations/000001_init.up.sql:6) reads it",
        ),
        (
            # MySQL names an unnamed CHECK <table>_chk_<n>
            "items.qty=quantity",
            "CHECK constraint 'items_chk_1' (migrations/000001_init.up.sql:5) uses it "
            "(MySQL error 3959); generated column 'Total' (migrations/000001_init.up.sql:6) "
            "reads it (MySQL error 3108)",
        ),
    ],
)
def test_mysql_refuses_a_rename_of_a_column_something_uses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rename: str, says: str
) -> None:
    root = _project(tmp_path)
    code, out, err = _run(root, monkeypatch, "migrate", "--rename-column", rename)
    assert code == 2, out + err
    assert says in err
    assert "drop each such CHECK" in err and "--dialect mariadb" in err
    assert "RENAME COLUMN" not in out


@pytest.mark.parametrize(
    "rename", ["items.note=notes", "items.Total=total", "secrets.path_hash=path_sha256"]
)
def test_a_column_nothing_uses_is_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rename: str
) -> None:
    root = _project(tmp_path)
    code, out, err = _run(root, monkeypatch, "migrate", "--rename-column", rename)
    assert code == 0, err
    table, rest = rename.split(".")
    old, new = rest.split("=")
    assert f"ALTER TABLE `{table}` RENAME COLUMN `{old}` TO `{new}`;" in out


@pytest.mark.parametrize(
    "later",
    [
        "ALTER TABLE secrets DROP COLUMN path_hash;",
        "ALTER TABLE secrets MODIFY COLUMN path_hash CHAR(64);",
    ],
)
def test_a_generation_gone_later_no_longer_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, later: str
) -> None:
    root = _project(tmp_path, later)
    code, out, err = _run(root, monkeypatch, "migrate", "--rename-column", "secrets.Path=p")
    assert code == 0, err
    assert "ALTER TABLE `secrets` RENAME COLUMN `Path` TO `p`;" in out


def test_a_generated_column_added_later_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(
        tmp_path, "ALTER TABLE grp ADD COLUMN name_len INT AS (CHAR_LENGTH(`id`)) VIRTUAL;"
    )
    code, _, err = _run(root, monkeypatch, "migrate", "--rename-column", "grp.id=grp_id")
    assert code == 2
    assert "generated column 'name_len' (migrations/000002_more.up.sql:1) reads it" in err


def test_mariadb_plans_them_and_renames_the_expressions_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    root = _project(tmp_path, dialect="mariadb")
    forward: list[str] = []
    for rename in ("secrets.Path=secret_path", "grp.groupName=group_name", "items.qty=quantity"):
        code, out, err = _run(root, monkeypatch, "migrate", "--rename-column", rename)
        assert code == 0, err
        forward += [
            line
            for line in out.splitlines()
            if "RENAME COLUMN" in line and not line.startswith("--")
        ][:1]
    assert len(forward) == 3, forward
    with maria.fresh_database("dbnl_mysql8_deps") as db:
        maria.run(_INIT, database=db)
        maria.run("\n".join(forward), database=db)
        generation = maria.run(
            "SELECT TABLE_NAME, COLUMN_NAME, GENERATION_EXPRESSION FROM "
            "information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND "
            "GENERATION_EXPRESSION IS NOT NULL ORDER BY TABLE_NAME",
            database=db,
        )
        assert "secret_path" in generation and "quantity" in generation, generation
        checks = maria.run(
            "SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
            "WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY CONSTRAINT_NAME",
            database=db,
        )
        assert "group_name" in checks and "quantity" in checks, checks
