"""A folder named for another database is its copy, not this one's (trial s8-t1 #14).

Spring Boot resolves ``spring.flyway.locations=classpath:db/migration/{vendor}``
to the lower-case id of its ``DatabaseDriver`` (``h2``, ``hsqldb``, ``derby``,
``db2`` (also for DB2 on AS/400), ``oracle``, ``informix``, ...), so a tree
such as hawkbit's keeps one copy of its migrations per database
(``db/migration/{MYSQL,H2,DB2,...}``). Under a configured ``dialect:`` the
folders of databases with no dialect folder of their own are left out of the
walk with a located ``DBN007`` note each, never merged into the model.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

MYSQL = "CREATE TABLE items (id INT PRIMARY KEY);\n"
OTHER = "CREATE TABLE items (id INT PRIMARY KEY, other_only INT);\nCREATE TABLE other_t (id INT);\n"


def _tree(root: Path, vendor: str, dialect: str, extra: str = "") -> None:
    for folder, text in (("MYSQL", MYSQL), (vendor, OTHER)):
        (root / "db" / "migration" / folder).mkdir(parents=True)
        (root / "db" / "migration" / folder / "V1__init.sql").write_text(text, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(
        f"paths: [db/migration]\ndialect: {dialect}\n{extra}", encoding="utf-8"
    )


def _inspect(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["inspect", "--format", "text", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize("vendor", ["H2", "DB2", "hsqldb", "derby", "oracle"])
def test_another_databases_folder_is_left_out_with_a_note(
    vendor: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, vendor, "mariadb")
    monkeypatch.chdir(tmp_path)
    code, out = _inspect("db/migration")
    assert code == 0, out
    assert "other_t" not in out
    assert "other_only" not in out
    assert "created again" not in out
    assert (
        f"db/migration/{vendor}/V1__init.sql:1:1: DBN007 info: not replayed: {vendor}/ holds "
        f"the migrations of another database ({vendor.lower()}), not mariadb's"
    ) in out


def test_the_configured_databases_own_folder_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, "oracle", "oracle")
    monkeypatch.chdir(tmp_path)
    code, out = _inspect("db/migration/oracle")
    assert code == 0, out
    assert "table OTHER_T  (written other_t)" in out  # as Oracle stores it


def test_a_per_path_dialect_or_naming_the_folder_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(
        tmp_path,
        "H2",
        "mariadb",
        "per_path:\n  - paths: ['db/migration/H2/**']\n    dialect: mysql\n",
    )
    monkeypatch.chdir(tmp_path)
    code, out = _inspect("db/migration")
    assert "table other_t" in out
    assert "DBN007" not in out
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mariadb\n", "utf-8")
    code, out = _inspect("db/migration/H2")
    assert code == 0, out
    assert "table other_t" in out


def test_without_a_configured_dialect_nothing_is_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "db" / "H2").mkdir(parents=True)
    (tmp_path / "db" / "H2" / "V1__init.sql").write_text(OTHER, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, out = _inspect("db")
    assert "table other_t" in out
