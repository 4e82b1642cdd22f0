"""MariaDB is no stand-in for MySQL 8 where a schema uses ``->"$.x"`` (docs/reading.md).

Trial s30 temporal: its MySQL 8 visibility schema's generated columns use
MySQL 8's JSON path operators (``search_attributes->"$.TemporalChangeVersion"``,
``search_attributes->>"$.BatcherUser"``), which MariaDB does not have. The
reader's reference (docs/reading.md) says so where it discusses the ``mysql``
and ``mariadb`` dialects; the oracle is MariaDB 10.11 itself: it refuses both
operators and runs the ``JSON_EXTRACT`` forms it gives instead.
"""

from __future__ import annotations

import pytest

from docs_text import doc_text
from mysql_server import MysqlServer, SqlFailed


@pytest.mark.parametrize("expression", ['doc->"$.x"', 'doc->>"$.x"'])
def test_mariadb_refuses_mysql8_json_path_operators(maria: MysqlServer, expression: str) -> None:
    with maria.fresh_database("dbn_json_path") as db, pytest.raises(SqlFailed, match="1064"):
        maria.run(
            f"CREATE TABLE v (doc JSON, x VARCHAR(255) GENERATED ALWAYS AS ({expression}))",
            database=db,
        )


def test_the_readmes_forms_run_on_mariadb(maria: MysqlServer) -> None:
    with maria.fresh_database("dbn_json_path_ok") as db:
        maria.run(
            "CREATE TABLE v (doc JSON, a JSON GENERATED ALWAYS AS (JSON_EXTRACT(doc, '$.x')), "
            "b VARCHAR(255) GENERATED ALWAYS AS (JSON_UNQUOTE(JSON_EXTRACT(doc, '$.x'))));"
            'INSERT INTO v (doc) VALUES (\'{"x": "y"}\')',
            database=db,
        )
        assert maria.run("SELECT b FROM v", database=db).strip() == "y"
    text = doc_text("reading.md")
    assert "So MariaDB is no stand-in for MySQL 8" in text
