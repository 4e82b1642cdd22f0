"""Benchmark: read the catalog of a PostgreSQL database with 10,000 tables.

Prints figures; asserts nothing. Run from the repo root after installing
``.[test]`` (psycopg) with PostgreSQL's binaries on the machine:

    python benchmarks/bench_live.py [--tables 10000] [--repeat 3]

It generates the database on the test server (``DBNAMELINT_TEST_PG``, else a
private cluster started by ``tests/pg_server.py``): each table has 6
columns, a primary key, a unique key, a foreign key to the previous table,
a check and two indexes (10,000 tables: about 130,000 objects). Then, best
of --repeat runs:

- ``load_database`` (the live front end: catalog queries + replay), wall
  time and objects per second;
- peers in the same run, as ratios: ``pg_dump --schema-only`` of the same
  database (what a team would otherwise diff), and ``psql`` running one
  ``count(*)`` over ``pg_class`` (a floor: one round trip, no names moved).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from dbnamelint.database import load_database  # noqa: E402
from pg_server import PgServer, server  # noqa: E402


def generate(pg: PgServer, dbname: str, tables: int) -> None:
    """Create the tables in one server-side DO block (no client round trip per table)."""
    pg.run(
        dbname=dbname,
        sql=f"""
DO $$
BEGIN
  FOR i IN 0..{tables - 1} LOOP
    EXECUTE format(
      'CREATE TABLE mod%s_entity_%s (id bigint PRIMARY KEY, name text NOT NULL UNIQUE,
         status int CHECK (status >= 0), created_at timestamptz, parent_id bigint %s,
         owner_email text)',
      i % 37, i,
      CASE WHEN i > 0 THEN format('REFERENCES mod%s_entity_%s (id)', (i - 1) % 37, i - 1)
           ELSE '' END);
    EXECUTE format('CREATE INDEX idx_mod%s_entity_%s_created ON mod%s_entity_%s (created_at)',
                   i % 37, i, i % 37, i);
    EXECUTE format('CREATE INDEX idx_mod%s_entity_%s_owner ON mod%s_entity_%s (owner_email)',
                   i % 37, i, i % 37, i);
    IF i % 500 = 499 THEN
      COMMIT;  -- one transaction would need a lock per table
    END IF;
  END LOOP;
END $$;
""",
    )


def best(repeat: int, action: Callable[[], object]) -> tuple[float, object]:
    times = []
    value: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        value = action()
        times.append(time.perf_counter() - start)
    return min(times), value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with server() as pg:
        info = dict(part.split("=", 1) for part in pg.conninfo.split())
        host, port = info.get("host", "127.0.0.1"), info.get("port", "5432")
        with pg.fresh_database("dbnl_bench_live") as db:
            start = time.perf_counter()
            generate(pg, db, args.tables)
            print(f"generated {args.tables} tables in {time.perf_counter() - start:.1f} s")
            url = f"postgresql://{info.get('user', 'postgres')}@{host}:{port}/{db}"
            ours, loaded = best(args.repeat, lambda: load_database(url))
            objects = len(loaded.schema.objects)  # type: ignore[attr-defined]
            print(
                f"load_database: {ours:.2f} s for {objects} objects "
                f"({objects / ours:,.0f} objects/s)"
            )
            conninfo = pg.database(db)
            if shutil.which("pg_dump"):
                dump, _ = best(
                    args.repeat,
                    lambda: subprocess.run(
                        ["pg_dump", "--schema-only", "-d", conninfo],
                        check=True,
                        stdout=subprocess.DEVNULL,
                    ),
                )
                print(f"pg_dump --schema-only: {dump:.2f} s (ours / pg_dump = {ours / dump:.2f}x)")
            floor, _ = best(
                args.repeat,
                lambda: pg.run(sql="SELECT count(*) FROM pg_class", dbname=db),
            )
            print(f"psql one catalog count: {floor:.2f} s (ours / floor = {ours / floor:.1f}x)")


if __name__ == "__main__":
    main()
