"""``migrate`` on a column whose table no file creates says which table and
what to do (trial s41 redash).

redash's tables are made by the application (``db.create_all()``); its
Alembic revisions only add columns to them. A phase holding the entry of such
a column (``queries.lastRunAt``) was refused with ``the table of column
'lastRunAt' is not in the files``: no table named, no way on. Now the message
names the table and the file adding the column, says why the plan stops, and
what to do; still exit 2 (a plan error), no traceback.

Oracle: PostgreSQL refuses the migration on a database the files alone make
(``relation "queries" does not exist``): the table is made outside them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cli_json import run_text
from git_helpers import committed_repo

MIGRATION = 'ALTER TABLE queries ADD COLUMN "lastRunAt" timestamptz;\n'
FILES = {
    "dbnamelint.yaml": "paths: [db/migrations]\ndialect: postgres\n",
    "db/migrations/001_last_run.sql": MIGRATION,
}


@pytest.mark.skipif(not os.environ.get("DBNAMELINT_TEST_PG"), reason="no test PostgreSQL")
def test_a_column_of_a_table_made_elsewhere_is_refused_with_its_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    from alembic_oracle import scratch_pg_database

    with (
        scratch_pg_database("s41redash_elsewhere") as (conninfo, _url),
        psycopg.connect(conninfo) as conn,
        pytest.raises(psycopg.errors.UndefinedTable),
    ):
        conn.execute(MIGRATION)

    committed_repo(tmp_path / "repo", FILES, monkeypatch)
    status, out = run_text("whitelist", "init")
    assert status == 0, out
    status, out = run_text("migrate", "--phase", "1")
    assert status == 2, out
    assert (
        "dbnamelint: whitelist.yaml:" in out
        and "column 'lastRunAt' is added to table 'queries' at "
        "db/migrations/001_last_run.sql:1, but no file creates that table (DBN011"
        in out
    ), out
    assert "write its rename by hand" in out, out
