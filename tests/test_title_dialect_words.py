"""A database's name inside a migration's title is its description (trial s20, river).

river's PostgreSQL migrations include
``007_notification_outbox_sqlite_jsonb_and_sql_cleanup.up.sql``: the word
``sqlite`` made the file SQLite's, so its ``DROP TABLE river_client`` was
"not created in the files" and its primary key ``sqlite_autoindex_...``;
``drift`` against the real database then reported three differences. A
dialect word counts in a migration's name only when it opens or closes the
title after the version (``001_sqlite_init.up.sql``, ``V1__init_postgres.sql``);
any word still counts in other names (``Chinook_PostgreSql_SerialPKs.ddl.sql``).

Oracle: PostgreSQL runs the folder; ``drift --db`` finds the model equal to
its catalog.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import pg_server
from dbnamelint.cli import cli
from dbnamelint.dialects import dialect_from_path_words
from pg_server import pg_url

INIT = "CREATE TABLE job (id bigserial PRIMARY KEY);\nCREATE TABLE client (id text PRIMARY KEY);\n"
LATER = "CREATE TABLE note (id bigserial PRIMARY KEY);\nDROP TABLE client;\n"


@pytest.mark.parametrize(
    ("name", "dialect"),
    [
        ("007_notification_outbox_sqlite_jsonb_and_sql_cleanup.up.sql", None),
        ("2_note_sqlite_compat.up.sql", None),
        ("V3__move_mysql_rows_out.sql", None),
        ("001_sqlite_init.up.sql", "sqlite"),
        ("V1__init_postgres.sql", "postgres"),
        ("20240101120000_mysql.sql", "mysql"),
        ("2024-01-02-1-sqlite-x.sql", "sqlite"),
        ("Chinook_PostgreSql_SerialPKs.ddl.sql", "postgres"),
        ("from_mysql.sql", "mysql"),
    ],
)
def test_words_of_a_file_name(name: str, dialect: str | None) -> None:
    assert dialect_from_path_words(["db", name]) == dialect


def test_the_folder_is_read_as_the_database_runs_it(pg: pg_server.PgServer, tmp_path: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "1_init.up.sql").write_text(INIT, encoding="utf-8")
    (folder / "2_note_sqlite_compat.up.sql").write_text(LATER, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [m]\n", encoding="utf-8")
    runner = CliRunner()
    shown = runner.invoke(
        cli,
        [
            "inspect",
            "--no-cache",
            "--config",
            str(tmp_path / "dbnamelint.yaml"),
            "--format",
            "json",
        ],
    )
    assert shown.exit_code == 0, shown.output
    objects = json.loads(shown.stdout)["objects"]
    assert {o["dialect"] for o in objects} == {"postgres"}
    assert not any(o["name"] == "client" for o in objects)
    with pg.fresh_database("dbnl_title_words") as name:
        pg.run(
            files=[folder / "1_init.up.sql", folder / "2_note_sqlite_compat.up.sql"], dbname=name
        )
        drift = runner.invoke(
            cli,
            [
                "drift",
                "--no-cache",
                "--config",
                str(tmp_path / "dbnamelint.yaml"),
                "--db",
                pg_url(pg, name),
                "--format",
                "json",
            ],
        )
    assert drift.exit_code == 0, drift.output
    assert json.loads(drift.stdout)["drift"] == []
