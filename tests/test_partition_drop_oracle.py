"""DROP TABLE of a partitioned table, against a real PostgreSQL.

PostgreSQL drops a partitioned table's partitions with it (and theirs, with
their indexes, constraints and the sequences their columns own). Replay
must do so for every partition it knows: made PARTITION OF, attached, and
those dynamic SQL makes (a PL/pgSQL function or DO block running ``EXECUTE
'CREATE TABLE ... PARTITION OF ...'``, as hatchet's goose migrations do),
which the files only name when they index one. The catalog after the
files run is the oracle; ``drift`` of that database against the files must
find nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.runner.pipeline import schema_from_sql
from pg_server import PgServer, pg_url
from test_postgres_oracle import compare, model_keys, read_catalog

#: A function making ``n`` hash partitions ``<parent>_<i>`` by dynamic SQL.
MAKE_PARTS = """
CREATE FUNCTION make_parts(parent text, n int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE i int;
BEGIN
  FOR i IN 0..n-1 LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES WITH (modulus %s, remainder %s)',
                   parent || '_' || i, parent, n, i);
  END LOOP;
END $$;
"""

CASES: tuple[tuple[str, str], ...] = (
    (
        "function-made-partitions-indexed-by-name",
        MAKE_PARTS
        + """
        CREATE TABLE wal (id int, tenant int) PARTITION BY HASH (id);
        SELECT make_parts('wal', 2);
        CREATE INDEX wal_0_tenant_idx ON wal_0 (tenant);
        CREATE INDEX IF NOT EXISTS wal_1_tenant_idx ON wal_1 (tenant);
        ALTER TABLE wal_1 ADD CONSTRAINT wal_1_tenant_positive CHECK (tenant > 0);
        DROP TABLE wal;
        CREATE TABLE wal (id int, tenant int) PARTITION BY HASH (id);
        CREATE INDEX wal_tenant_idx ON wal (tenant);
        """,
    ),
    (
        "do-block-partition-of-a-renamed-parent",
        """
        CREATE TABLE events (at date NOT NULL, n int) PARTITION BY RANGE (at);
        CREATE TABLE events_log (id int);
        CREATE TABLE events_new (at date NOT NULL, n int) PARTITION BY RANGE (at);
        DO $$ BEGIN
          EXECUTE format('CREATE TABLE %I PARTITION OF events_new FOR VALUES FROM (%L) TO (%L)',
                         'events_new_2024', '2024-01-01', '2025-01-01');
        END $$;
        CREATE INDEX events_new_2024_n_idx ON events_new_2024 (n);
        CREATE INDEX events_log_id_idx ON events_log (id);
        DROP TABLE events;
        ALTER TABLE events_new RENAME TO events;
        DROP TABLE events;
        """,
    ),
    (
        "known-partitions-with-their-objects",
        """
        CREATE TABLE m (at date NOT NULL, k int, v int) PARTITION BY RANGE (at);
        CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
            PARTITION BY LIST (k);
        CREATE TABLE m_2024_a PARTITION OF m_2024 FOR VALUES IN (1);
        CREATE INDEX m_2024_a_v_idx ON m_2024_a (v);
        ALTER TABLE m_2024_a ADD CONSTRAINT m_2024_a_v_check CHECK (v > 0);
        CREATE SEQUENCE m_2024_a_v_seq OWNED BY m_2024_a.v;
        CREATE TABLE m_2025 (at date NOT NULL, k int, v int);
        CREATE UNIQUE INDEX m_2025_k_key ON m_2025 (k, at);
        ALTER TABLE m ATTACH PARTITION m_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        CREATE TABLE keep (id int);
        CREATE INDEX keep_id_idx ON keep (id);
        DROP TABLE m;
        """,
    ),
)


@pytest.mark.parametrize(("case", "sql"), CASES, ids=[c for c, _ in CASES])
def test_drop_of_a_parent_drops_its_partitions_as_postgresql_does(
    pg: PgServer, tmp_path: Path, case: str, sql: str
) -> None:
    schema = schema_from_sql(sql)
    (tmp_path / "001_schema.sql").write_text(sql, encoding="utf-8")
    with pg.fresh_database("dbnl_partdrop") as db:
        pg.run(sql=sql, dbname=db)
        catalog = read_catalog(pg, db)
        result = CliRunner().invoke(
            cli,
            ["drift", "--no-cache", "--format", "json", "--db", pg_url(pg, db), str(tmp_path)],
        )
    diff = compare(catalog, model_keys(schema.objects))
    assert not diff, diff
    assert json.loads(result.output)["drift"] == [], result.output
    assert result.exit_code == 0
    # not vacuous: something outlives the drop
    assert any(k[0] in ("table", "index") for k in catalog.objects)


def test_a_table_named_after_the_parent_without_a_bound_is_not_its_partition(
    pg: PgServer,
) -> None:
    """``wal_archive``, made by dynamic SQL and indexed by name, outlives DROP TABLE wal."""
    sql = """
    CREATE TABLE wal (id int) PARTITION BY HASH (id);
    DO $$ BEGIN EXECUTE format('CREATE TABLE %I (id int)', 'wal_' || 'archive'); END $$;
    CREATE INDEX wal_archive_id_idx ON wal_archive (id);
    DROP TABLE wal;
    """
    schema = schema_from_sql(sql)
    with pg.fresh_database("dbnl_partdrop") as db:
        pg.run(sql=sql, dbname=db)
        catalog = read_catalog(pg, db)
    diff = compare(catalog, model_keys(schema.objects))
    # the model does not know the table dynamic SQL made, only its index
    assert diff.only_server == {
        "column": (("column", "public", "wal_archive", "id"),),
        "table": (("table", "public", None, "wal_archive"),),
    }
    assert not diff.only_model
    assert ("index", "public", "wal_archive", "wal_archive_id_idx") in catalog.objects
