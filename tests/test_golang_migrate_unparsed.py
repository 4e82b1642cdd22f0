"""A ``.sql`` file golang-migrate never runs, in a golang-migrate folder.

golang-migrate reads a folder through ``source/iofs/iofs.go``, which calls
``source.DefaultParse(e.Name())`` on each file and ``continue``s past the
names it fails on; ``source/parse.go`` parses

    Regex = regexp.MustCompile(`^([0-9]+)_(.*)\\.(` + string(Down) + `|` + string(Up) + `)\\.(.*)$`)

(:data:`GOLANG_MIGRATE`, verbatim, is the oracle here). So ``1185749659_fix.sql``
beside ``1085649617_create_users_table.up.sql`` (names from golang-migrate's
own ``source/github/examples/migrations``) is never run: before, dbnamelint
replayed it and judged its names. Now it is left out of the replay with a
``DBN007`` note, and the model is the database golang-migrate builds: real
SQLite, the files golang-migrate parses applied in version order, and
``drift`` finds no difference. Where another runner may run the file (a Go
module that does not require golang-migrate, a sqlx crate), or the folder is
not golang-migrate's by its names, the file is read as before.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import write_files

#: golang-migrate's ``source.Regex``, verbatim.
GOLANG_MIGRATE = re.compile(r"^([0-9]+)_(.*)\.(down|up)\.(.*)$")

GO_MOD = (
    "module example.com/app\n\ngo 1.22\n\nrequire github.com/golang-migrate/migrate/v4 v4.17.0\n"
)
FOLDER = "db/migrations"
MIGRATIONS = {
    "1085649617_create_users_table.up.sql": (
        "CREATE TABLE users (\n  user_id integer unique,\n  name    varchar(40),\n"
        "  email   varchar(40)\n);\n"
    ),
    "1085649617_create_users_table.down.sql": "DROP TABLE IF EXISTS users;\n",
    "1185749658_add_city_to_users.up.sql": "ALTER TABLE users ADD COLUMN city varchar(100);\n",
    "1185749658_add_city_to_users.down.sql": "ALTER TABLE users DROP COLUMN city;\n",
    "1385949617_create_books_table.up.sql": (
        "CREATE TABLE books (\n  user_id integer,\n  name    varchar(40),\n"
        "  author  varchar(40)\n);\n"
    ),
}
STRAY = f"{FOLDER}/1185749659_fix.sql"
BAD = 'CREATE TABLE "BadName" (id integer);\n'
CONFIG = f"paths: [{FOLDER}]\ndialect: sqlite\n"


def _tree(root: Path, manifest: dict[str, str]) -> None:
    files = {f"{FOLDER}/{name}": text for name, text in MIGRATIONS.items()}
    write_files(root, {**files, STRAY: BAD, "dbnamelint.yaml": CONFIG, **manifest})


def _check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--verbose", *args])
    return result.exit_code, result.output


def _as_golang_migrate_runs(root: Path, db: Path) -> None:
    """The database ``migrate up`` builds: the up files it parses, by version."""
    ups = []
    for path in (root / FOLDER).iterdir():
        found = GOLANG_MIGRATE.match(path.name)
        if found is not None and found.group(3) == "up":
            ups.append((int(found.group(1)), path))
    with sqlite3.connect(db) as conn:
        for _, path in sorted(ups):
            conn.executescript(path.read_text())
    conn.close()


def test_a_file_golang_migrate_cannot_parse_is_not_replayed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert GOLANG_MIGRATE.match(Path(STRAY).name) is None
    _tree(tmp_path, {"go.mod": GO_MOD})
    monkeypatch.chdir(tmp_path)
    code, output = _check()
    assert code == 0, output
    assert (
        f"{STRAY}:1:1: DBN007 info: not replayed: golang-migrate never runs it (the "
        "folder's migrations are golang-migrate's, and it passes over a name without the "
        "version, title and direction of `<version>_<title>.up.sql` / `.down.sql`); "
        "rename it so to have it run, or name the file on the command line to read it anyway"
    ) in output
    assert "BadName" not in output
    # the model is what golang-migrate builds
    db = tmp_path / "app.db"
    _as_golang_migrate_runs(tmp_path, db)
    drift = CliRunner().invoke(cli, ["drift", "--db", f"sqlite:///{db}"])
    assert drift.exit_code == 0, drift.output
    # named on the command line, it is read
    code, output = _check(STRAY)
    assert code == 1, output
    assert f"{STRAY}:1:14: DBN101" in output


def test_without_a_go_mod_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing says golang-migrate runs the folder: sqlx runs ``N_x.sql``
    beside ``.up.sql`` files too (its table in the database may be the only
    sign), so the file is read; skipping one a tool runs would hide its names."""
    _tree(tmp_path, {})
    monkeypatch.chdir(tmp_path)
    code, output = _check()
    assert code == 1, output
    assert f"{STRAY}:1:14: DBN101" in output
    assert "DBN007" not in output


@pytest.mark.parametrize(
    "manifest",
    [
        # its own runner reads the folder (concourse's, shiori's)
        {"go.mod": "module example.com/app\n\nrequire github.com/jmoiron/sqlx v1.3.5\n"},
        # sqlx runs `<version>_<description>.sql` as a simple migration
        {"Cargo.toml": '[package]\nname = "app"\n\n[dependencies]\nsqlx = "0.7"\n'},
    ],
    ids=["go-module-without-golang-migrate", "sqlx-crate"],
)
def test_where_another_runner_may_run_it_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, manifest: dict[str, str]
) -> None:
    _tree(tmp_path, manifest)
    monkeypatch.chdir(tmp_path)
    code, output = _check()
    assert code == 1, output
    assert f"{STRAY}:1:14: DBN101" in output
    assert "DBN007" not in output


def test_a_folder_not_named_as_golang_migrate_is_read_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One ``.up.sql`` among plain numbered files is no golang-migrate folder."""
    write_files(
        tmp_path,
        {
            "go.mod": GO_MOD,
            "dbnamelint.yaml": CONFIG,
            f"{FOLDER}/1_init.sql": "CREATE TABLE users (id integer);\n",
            f"{FOLDER}/2_tags.sql": "CREATE TABLE tags (id integer);\n",
            f"{FOLDER}/3_books.up.sql": "CREATE TABLE books (id integer);\n",
            STRAY: BAD,
        },
    )
    monkeypatch.chdir(tmp_path)
    code, output = _check()
    assert code == 1, output
    assert f"{STRAY}:1:14: DBN101" in output
    assert "DBN007" not in output
