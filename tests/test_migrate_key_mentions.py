"""``PRIMARY KEY`` and ``AS key`` are not mentions of a column ``key`` (trial s19 conductor #2).

`migrate` lists the routine bodies and re-run scripts that still spell a
renamed column. Conductor's ``R__initial_schema.sql`` writes ``PRIMARY KEY
(id)`` and its notify function ``jsonb_object_agg(KEY, val)`` over a
subquery's ``queue_name AS KEY``: a keyword, an alias and a read of that
alias, none of them the column. Oracle: PostgreSQL 15 after the forward
script runs exactly the functions and script not listed, and fails the one
listed (``column "key" does not exist``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer, SqlFailed

V1 = "CREATE TABLE kv (id int PRIMARY KEY, key text, val text);\n"
V2 = """CREATE FUNCTION f_notify() RETURNS jsonb LANGUAGE sql AS $$
  SELECT COALESCE(jsonb_object_agg(KEY, val), '{}'::jsonb)
  FROM (
    SELECT
      val AS KEY,
      count(*) AS val
    FROM kv
    GROUP BY val) AS sq;
$$;
CREATE FUNCTION f_reads() RETURNS bigint LANGUAGE sql AS $$
  SELECT count(key) FROM kv;
$$;
"""
REPEATABLE = """CREATE TABLE IF NOT EXISTS blobs
(
    id   TEXT,
    data bytea NOT NULL,
    PRIMARY KEY (id)
);
"""
WHITELIST = """phases: [{id: "1", title: p, status: open}]
entries:
  - {kind: column, name: kv.key, phase: "1", target: kv_key}
"""


def test_postgres_keyword_and_alias_are_not_the_column(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "db" / "migration"
    folder.mkdir(parents=True)
    (folder / "V1__init.sql").write_text(V1, encoding="utf-8")
    (folder / "V2__notify.sql").write_text(V2, encoding="utf-8")
    (folder / "R__blobs.sql").write_text(REPEATABLE, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [db/migration]\ndialect: postgres\n", encoding="utf-8"
    )
    (tmp_path / "whitelist.yaml").write_text(WHITELIST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert result.exit_code == 0, result.stderr
    listed = [line.strip() for line in result.output.splitlines() if " mentions " in line]
    assert listed == [
        "db/migration/V2__notify.sql:11: function mentions key",
        # the forward script's header, written into the Flyway migration too
        "-- warning: db/migration/V2__notify.sql:11: function mentions key, which this script "
        "renames: update it by hand (an old column name fails as soon as the body runs, a "
        "re-run script at its next run)",
    ]

    # The oracle: Flyway's order (versioned, then the repeatable), then each function.
    files = [folder / "V1__init.sql", folder / "V2__notify.sql"]
    files += [*sorted(folder.glob("V3__*.sql")), folder / "R__blobs.sql"]
    assert len(files) == 4
    with pg.fresh_database("impactfp_key_mentions") as db:
        pg.run(files=files, dbname=db)
        pg.run(sql="INSERT INTO kv VALUES (1, 'a', 'x')", dbname=db)
        assert pg.query_json("SELECT f_notify() AS j", db) == [{"j": {"x": 1}}]
        with pytest.raises(SqlFailed, match='column "key" does not exist'):
            pg.run(sql="SELECT f_reads()", dbname=db)
        pg.run(files=[folder / "R__blobs.sql"], dbname=db)  # runs again, as Flyway would
