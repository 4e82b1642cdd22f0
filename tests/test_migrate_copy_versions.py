"""One migration, one name in every dialect copy of a migration tree (trial
s17, vaultwarden #4).

vaultwarden keeps its Diesel migrations three times, in
``migrations/{mysql,postgresql,sqlite}``, and names a migration alike in each
(``2026-03-09-005927_add_archives``). A rename is planned one copy per run
(``--dialect``); each run must write the same folder name, after every
migration of every copy. A copy that already has a later migration (here
the MySQL one, far in the future) sets the version for all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo

INIT = {
    "mysql": "CREATE TABLE folders (uuid CHAR(36) PRIMARY KEY, name TEXT);\n",
    "postgresql": "CREATE TABLE folders (uuid CHAR(36) PRIMARY KEY, name TEXT);\n",
    "sqlite": "CREATE TABLE folders (uuid TEXT PRIMARY KEY, name TEXT);\n",
}
DIALECT = {"mysql": "mysql", "postgresql": "postgres", "sqlite": "sqlite"}


def _run(*args: str) -> str:
    done = CliRunner().invoke(cli, ["migrate", "--rename", "folders=folder_items", *args])
    assert done.exit_code == 0, done.output
    return done.output


def test_diesel_copies_get_one_folder_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {"dbnamelint.yaml": "paths: [migrations]\n"}
    for copy, sql in INIT.items():
        files[f"migrations/{copy}/2018-01-14-171611_create_tables/up.sql"] = sql
        files[f"migrations/{copy}/2018-01-14-171611_create_tables/down.sql"] = (
            "DROP TABLE folders;\n"
        )
    # one copy ahead of the others (a clock in the future, or a migration not yet ported)
    files["migrations/mysql/2999-01-01-000000_later/up.sql"] = "CREATE TABLE later (id INT);\n"
    files["migrations/mysql/2999-01-01-000000_later/down.sql"] = "DROP TABLE later;\n"
    committed_repo(tmp_path, files, monkeypatch)
    written = {}
    for copy in ("postgresql", "sqlite", "mysql"):
        _run("--dialect", DIALECT[copy], "--write")
        (new,) = (tmp_path / "migrations" / copy).glob("*_rename_tables")
        written[copy] = new.name
    assert len(set(written.values())) == 1, written
    (name,) = set(written.values())
    assert name > "2999-01-01-000000_later", name  # after every copy's migrations


def test_a_copy_ahead_keeps_its_own_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A copy's name that would sort before this copy's latest migration is not
    taken: the migration must still run last here."""
    files = {"dbnamelint.yaml": "paths: [migrations]\n"}
    for copy in ("postgresql", "sqlite"):
        files[f"migrations/{copy}/2018-01-14-171611_create_tables/up.sql"] = INIT[copy]
    files["migrations/sqlite/2019-01-01-000000_rename_tables/up.sql"] = "SELECT 1;\n"
    files["migrations/postgresql/2020-01-01-000000_x/up.sql"] = "CREATE TABLE x (id int);\n"
    committed_repo(tmp_path, files, monkeypatch)
    _run("--dialect", "postgres", "--write")
    names = sorted(p.name for p in (tmp_path / "migrations/postgresql").iterdir())
    assert names[-1].endswith("_rename_tables") and names[-1] > "2020-01-01-000000_x", names


def test_numbered_copies_share_the_next_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "dbnamelint.yaml": "paths: [db]\n",
        "db/postgres/001_init.sql": INIT["postgresql"],
        "db/sqlite/001_init.sql": INIT["sqlite"],
        "db/sqlite/002_more.sql": "CREATE TABLE more (id INTEGER);\n",
    }
    committed_repo(tmp_path, files, monkeypatch)
    _run("--dialect", "postgres", "--write")
    _run("--dialect", "sqlite", "--write")
    assert (tmp_path / "db/postgres/003_rename_tables.sql").is_file()
    assert (tmp_path / "db/sqlite/003_rename_tables.sql").is_file()


def test_flyway_vendor_folders_share_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spring Boot's ``db/migration/{mysql,postgresql}``: one ``V`` for both."""
    files = {
        "dbnamelint.yaml": "paths: [db/migration]\n",
        "db/migration/mysql/V1__init.sql": INIT["mysql"],
        "db/migration/mysql/V2__more.sql": "CREATE TABLE more (id INT);\n",
        "db/migration/postgresql/V1__init.sql": INIT["postgresql"],
    }
    committed_repo(tmp_path, files, monkeypatch)
    _run("--dialect", "postgres", "--write")
    _run("--dialect", "mysql", "--write")
    assert (tmp_path / "db/migration/postgresql/V3__rename_tables.sql").is_file()
    assert (tmp_path / "db/migration/mysql/V3__rename_tables.sql").is_file()


def test_copies_in_one_folder_share_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """kratos (pop) keeps the copies side by side, ``<v>_x.postgres.up.sql`` and
    ``<v>_x.sqlite3.up.sql``: the second run takes the first one's version."""
    folder = "persistence/sql/migrations"
    files = {
        "go.mod": "module x\n\nrequire github.com/gobuffalo/pop/v6 v6.1.1\n",
        "dbnamelint.yaml": "paths: [persistence]\n",
        f"{folder}/20200101000000000000_init.postgres.up.sql": INIT["postgresql"],
        f"{folder}/20200101000000000000_init.sqlite3.up.sql": INIT["sqlite"],
    }
    committed_repo(tmp_path, files, monkeypatch)
    _run("--dialect", "postgres", "--write")
    _run("--dialect", "sqlite", "--write")
    ups = sorted(p.name for p in (tmp_path / folder).glob("*_rename_tables.*.up.sql"))
    assert len(ups) == 2 and len({n.split("_", 1)[0] for n in ups}) == 1, ups
    assert [n.split(".", 1)[1] for n in ups] == ["postgres.up.sql", "sqlite3.up.sql"]
