"""A backslash-escaped quote in a string is MySQL's (trial s39 dolibarr).

Dolibarr's website templates (``install/doctemplates/websites/*/
website_pages.sql``) say no dialect: plain ``INSERT``s whose strings hold
PHP, ``'<?php includeContainer(\\'header\\'); ?>'``. Read as PostgreSQL (the
default when nothing shows another), each ``\\'`` ended a string, and the
rest of the file was misread: 3 ``DBN004``/``DBN001`` errors (the first
``check`` of the adopted tree failed) and 45 ``DBN005``. A string holding
``\\'`` now counts as MySQL's sign when the file shows no dialect;
PostgreSQL's ``E'...'`` strings escape so too and stay PostgreSQL's.
Oracles: MariaDB runs the file, PostgreSQL refuses it; PostgreSQL runs the
``E''`` file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
import pg_server
from dbnamelint.cli import cli
from dbnamelint.dialects.names import sniff_signal

TABLE = "CREATE TABLE pages (id INT, content TEXT);\n"
PAGES = (
    "INSERT INTO pages (id, content) VALUES (1, '<?php includeContainer(\\'header\\'); ?>');\n"
    "INSERT INTO pages (id, content) VALUES (2, 'it\\'s; fine');\n"
)
E_STRINGS = "INSERT INTO pages (id, content) VALUES (1, E'it\\'s; fine');\n"


def test_the_databases_agree(maria: mysql_server.MysqlServer, pg: pg_server.PgServer) -> None:
    with maria.fresh_database("backslash_quotes") as db:
        maria.run(TABLE + PAGES, database=db)
        assert maria.run("SELECT COUNT(*) FROM pages", database=db).strip() == "2"
    with pg.fresh_database("backslash_quotes") as db:
        with pytest.raises(pg_server.SqlFailed):
            pg.run(sql=TABLE + PAGES, dbname=db)
        pg.run(sql=TABLE + E_STRINGS, dbname=db)


def test_a_file_of_backslash_escaped_quotes_reads_as_mysql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert sniff_signal(PAGES) == "mysql"
    assert sniff_signal(E_STRINGS) is None  # PostgreSQL's escape string
    (tmp_path / "website_pages.sql").write_text(TABLE + PAGES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["check", "--no-cache", "website_pages.sql"])
    assert done.exit_code == 0, done.output
    assert "DBN00" not in done.output, done.output
