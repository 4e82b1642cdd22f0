"""A folder whose scripts keep a section per database is no one dialect's.

Closing confirmation of session 36 (umami): ``scripts/data-migrations/``
holds scripts with a ``-- PostgreSQL`` section and a ``-- MySQL`` section
(backticks). Each showed MySQL (the backticks), so the folder's majority
made a new PostgreSQL-only file MySQL too: ``DBN004`` ("double quotes make
a string, not a name, in mysql") instead of its names judged. Such a folder
holds several dialects, so each file keeps what its own text shows.

Oracles: PostgreSQL takes the new file and names its table and column as
the model does; MariaDB refuses it (double quotes are a string there).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from git_helpers import write_files
from mysql_server import MysqlServer
from mysql_server import SqlFailed as MysqlSqlFailed
from pg_server import PgServer

SECTIONED = (
    "-----------------------------------------------------\n"
    "-- PostgreSQL\n"
    "-----------------------------------------------------\n"
    'UPDATE "website_event" SET "utm_source" = LEFT("utm_source", 255);\n\n'
    "-----------------------------------------------------\n"
    "-- MySQL\n"
    "-----------------------------------------------------\n"
    "UPDATE `website_event` SET `utm_source` = LEFT(`utm_source`, 255);\n"
)
NEW = 'CREATE TABLE "TmpBackfill" ("eventId" UUID);\n'
#: the same scripts without their section headings: MySQL's alone
MYSQL_ONLY = "UPDATE `website_event` SET `utm_source` = LEFT(`utm_source`, 255);\n"
PLAIN = "CREATE INDEX website_event_idx ON website_event (utm_source);\n"


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _columns(folder: str) -> set[tuple[str, str, str]]:
    """(table, column, dialect) of the model of ``folder``."""
    listed = _run("inspect", folder, "--format", "json", "--no-cache")
    assert listed.exit_code == 0, listed.output
    return {
        (str(o["table"]), str(o["name"]), str(o["dialect"]))
        for o in json.loads(listed.stdout)["objects"]
        if o["kind"] == "column"
    }


def test_the_new_file_is_postgresql(pg: PgServer, maria: MysqlServer) -> None:
    with pg.fresh_database("s37_umami_sectioned") as db:
        pg.run(sql=NEW, dbname=db)
        rows = pg.query_json(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = 'public'",
            dbname=db,
        )
    assert {(r["table_name"], r["column_name"]) for r in rows} == {("TmpBackfill", "eventId")}
    with maria.fresh_database("s37_umami_sectioned") as db, pytest.raises(MysqlSqlFailed):
        maria.run(NEW, database=db)


def test_a_new_file_beside_sectioned_scripts_keeps_its_own_dialect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(
        tmp_path,
        {
            "scripts/data-migrations/convert-utm-clid-columns.sql": SECTIONED,
            "scripts/data-migrations/populate-revenue-table.sql": SECTIONED,
            "scripts/data-migrations/zz.sql": NEW,
        },
    )
    monkeypatch.chdir(tmp_path)
    checked = _run("check", "scripts/data-migrations", "--no-cache")
    assert "DBN004" not in checked.output, checked.output
    assert 'zz.sql:1:14: DBN101 table "TmpBackfill"' in checked.output, checked.output
    assert _columns("scripts/data-migrations") == {("TmpBackfill", "eventId", "postgres")}
    alone = _run("check", "scripts/data-migrations/zz.sql", "--no-cache")
    assert [line for line in checked.output.splitlines() if "zz.sql" in line] == [
        line for line in alone.output.splitlines() if "zz.sql" in line
    ]


def test_without_sections_a_silent_file_still_takes_its_folders_dialect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder of one dialect's scripts settles a file that shows none (pi-hole's)."""
    write_files(
        tmp_path,
        {
            "scripts/a.sql": MYSQL_ONLY,
            "scripts/b.sql": MYSQL_ONLY,
            "scripts/c.sql": "CREATE TABLE website_event (utm_source varchar(255));\n" + PLAIN,
        },
    )
    monkeypatch.chdir(tmp_path)
    assert {d for _, _, d in _columns("scripts")} == {"mysql"}
    headed = SECTIONED.replace("-- PostgreSQL", "-- MySQL")  # one database named: no sections
    write_files(tmp_path, {"scripts/a.sql": headed, "scripts/b.sql": headed})
    assert {d for _, _, d in _columns("scripts")} == {"mysql"}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (SECTIONED, {"postgres", "mysql"}),
        ("-- for MySQL:\nSELECT 1;\n--== SQLite ==--\nSELECT 2;\n", {"mysql", "sqlite"}),
        ("-- MariaDB\nSELECT 1;\n", {"mysql"}),
        # a comment after code, or one saying more than a name, heads nothing
        ("SELECT 1; -- MySQL\n-- works on PostgreSQL too\n", set()),
        ("-- mysqldump of the PostgreSQL copy\n", set()),
    ],
)
def test_section_headings(text: str, named: set[str]) -> None:
    from dbnamelint.dialects import section_dialects

    assert section_dialects(text) == named
