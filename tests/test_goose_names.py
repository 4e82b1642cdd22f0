"""goose's own rule for migration file names, and drift reading it.

The oracle is goose's source (github.com/pressly/goose, ``migration.go``)::

    func NumericComponent(filename string) (int64, error) {
        base := filepath.Base(filename)
        if ext := filepath.Ext(base); ext != ".go" && ext != ".sql" {
            return 0, errors.New("migration file does not have .sql or .go file extension")
        }
        before, _, ok := strings.Cut(base, "_")
        if !ok {
            return 0, errors.New("no filename separator '_' found")
        }
        n, err := strconv.ParseInt(before, 10, 64)
        ...
        if n < 1 {
            return 0, errors.New("migration version must be greater than zero")
        }

and ``provider_collect.go``: ``if strings.HasSuffix(base, "_test.go") { continue }``.
navidrome's ``20201128100726_add_real-path_option.go`` (a hyphen) and
``20240122223340_add_default_values_to_null_columns.go.go`` are goose
migrations; drift said the database had applied versions "with no
migration file any more".
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.applied_migrations import file_versions
from dbnamelint.cli import cli
from dbnamelint.frontends.sql.sources import is_go_migration
from dbnamelint.goose_names import goose_version

#: name -> what NumericComponent (and the _test.go skip) make of it.
GOOSE_RULE = {
    "20201128100726_add_real-path_option.go": 20201128100726,  # after "_": anything
    "20240122223340_add_default_values_to_null_columns.go.go": 20240122223340,  # Ext: ".go"
    "00001_init.sql": 1,
    "030_x.sql": 30,
    "1510262030_x.up.go": 1510262030,
    "+5_x.sql": 5,  # ParseInt takes a sign
    "00002_merge_test.go": None,  # skipped test file
    "0_zero.go": None,  # "must be greater than zero"
    "-3_x.go": None,
    "helpers.go": None,  # no "_"
    "12.go": None,
    "abc_x.go": None,
    "1_2_x.GO": None,  # filepath.Ext is case-sensitive
    "1_x.sql.bak": None,
    "9223372036854775808_x.go": None,  # beyond int64
    "9223372036854775807_x.go": 9223372036854775807,
    "\u0661_x.go": None,  # ParseInt: ASCII digits only (Python's int takes more)
    "1 _x.go": None,
}


@pytest.mark.parametrize(("name", "version"), GOOSE_RULE.items(), ids=list(GOOSE_RULE))
def test_goose_version_follows_numeric_component(name: str, version: int | None) -> None:
    assert goose_version(name) == version
    assert goose_version(f"db/migrations/{name}") == version
    expected = {(version,): f"m/{name}"} if version is not None else {}
    assert file_versions("goose", [f"m/{name}"]) == expected


@pytest.mark.parametrize(
    "name",
    [
        "20201128100726_add_real-path_option.go",
        "20240122223340_add_default_values_to_null_columns.go.go",
    ],
)
def test_navidrome_go_names_are_go_migrations(name: str) -> None:
    assert is_go_migration(name)


@pytest.mark.parametrize("name", ["00002_merge_test.go", "helpers.go", "0_zero.go"])
def test_what_goose_skips_is_no_go_migration(name: str) -> None:
    assert not is_go_migration(name)


def test_drift_counts_go_files_goose_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "db" / "migrations"
    folder.mkdir(parents=True)
    (folder / "20200101000000_a.sql").write_text(
        "-- +goose Up\nCREATE TABLE a (id text PRIMARY KEY);\n", encoding="utf-8"
    )
    for name in ("20200102000000_add_real-path.go", "20200103000000_defaults.go.go"):
        (folder / name).write_text("package migrations\n", encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(
        "dialect: sqlite\npaths: [db/migrations]\n", encoding="utf-8"
    )
    conn = sqlite3.connect(tmp_path / "t.db")
    with conn:
        # goose's sqlite3 dialect makes it so (internal/dialects/sqlite3.go CreateTable)
        conn.executescript(
            "CREATE TABLE goose_db_version (id INTEGER PRIMARY KEY AUTOINCREMENT, "
            "version_id INTEGER NOT NULL, is_applied INTEGER NOT NULL, "
            "tstamp TIMESTAMP DEFAULT (datetime('now')));"
            "INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, 1), "
            "(20200101000000, 1), (20200102000000, 1), (20200103000000, 1);"
            "CREATE TABLE a (id text PRIMARY KEY);"
        )
    conn.close()
    monkeypatch.chdir(tmp_path)
    text = CliRunner().invoke(cli, ["drift", "--db", "sqlite:///t.db"]).stdout
    assert "no migration file any more" not in text
    assert "all 3 of its migration files are applied" in text
