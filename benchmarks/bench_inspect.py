"""Benchmark: read a large synthetic schema end to end, and a small migration cold.

Prints figures; asserts nothing. Run from the repo root after installing:

    python benchmarks/bench_inspect.py [--tables 2000] [--repeat 3]

Figures printed:
- statements per second and wall time for the ~50,000-line file, end to end
  (split, tokenize, read DDL, replay), best of --repeat runs;
- peak memory of that run (tracemalloc) and the process's max RSS;
- the ratio of our time to pglast's raw parse of the same file (the real
  PostgreSQL parser in C: a floor, not a competitor);
- a 1,000-line migration checked by the installed console script, cold,
  interpreter start-up included (best of --repeat).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from dbnamelint.frontends.sql.sources import SourceSettings
from dbnamelint.runner.pipeline import load_paths


def synthetic_schema(tables: int) -> str:
    """About 25 lines per table, so 2,000 tables make 50,000 lines.

    Columns, foreign keys, indexes, comments, views and triggers, in pg_dump's
    style, so the mix of statements is that of a real dump.
    """
    out: list[str] = ["-- synthetic schema for benchmarks", "SET client_encoding = 'UTF8';", ""]
    for i in range(tables):
        t = f"mod{i % 37}_entity_{i}s"
        parent = f"mod{(i - 1) % 37}_entity_{i - 1}s" if i else None
        out.append(f"-- table {i}: what it stores and why")
        out.append(f"CREATE TABLE public.{t} (")
        out.append("    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,")
        out.append("    name character varying(255) NOT NULL,")
        out.append("    description text DEFAULT 'n/a; none',")
        out.append("    created_at timestamp with time zone DEFAULT now() NOT NULL,")
        out.append("    updated_at timestamp with time zone,")
        out.append("    status integer DEFAULT 0 CHECK (status >= 0),")
        out.append("    payload jsonb DEFAULT '{}'::jsonb,")
        out.append("    owner_email text,")
        out.append("    amount numeric(12,2) DEFAULT 0.00 NOT NULL,")
        out.append("    tags text[] DEFAULT ARRAY[]::text[],")
        out.append("    external_ref uuid,")
        out.append("    -- soft delete marker")
        out.append("    deleted_at timestamp with time zone,")
        if parent:
            out.append(f"    parent_id bigint REFERENCES public.{parent}(id) ON DELETE CASCADE,")
        out.append(f"    CONSTRAINT {t}_name_key UNIQUE (name)")
        out.append(");")
        out.append(f"COMMENT ON TABLE public.{t} IS 'Entity {i}';")
        out.append(f"COMMENT ON COLUMN public.{t}.payload IS 'Free-form; see docs';")
        out.append(f"CREATE UNIQUE INDEX uq_{t}_external_ref ON public.{t} (external_ref);")
        out.append(f"CREATE INDEX idx_{t}_created_at ON public.{t} USING btree (created_at);")
        out.append(f"CREATE INDEX idx_{t}_status ON public.{t} (status) WHERE status > 0;")
        out.append(f"ALTER TABLE public.{t} OWNER TO app;")
        if i % 5 == 0:
            out.append(
                f"CREATE VIEW public.v_{t} AS SELECT id, name FROM public.{t} WHERE status = 1;"
            )
        if i % 7 == 0:
            out.append(f"CREATE TRIGGER trg_{t}_updated BEFORE UPDATE ON public.{t}")
            out.append("    FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();")
        out.append("")
    return "\n".join(out) + "\n"


def small_migration(lines: int = 1000) -> str:
    """A migration of roughly ``lines`` lines."""
    return synthetic_schema(max(1, lines // 24))


def best_of(repeat: int, fn: object) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tables", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="dbnamelint-bench-"))
    big = tmp / "big_schema.sql"
    big.write_text(synthetic_schema(args.tables), encoding="utf-8")
    small = tmp / "migration.sql"
    small.write_text(small_migration(), encoding="utf-8")
    text = big.read_text(encoding="utf-8")
    n_lines = text.count("\n")
    settings = SourceSettings(root=tmp, dialect="postgres")

    loaded = load_paths([str(big)], settings)
    ours = best_of(args.repeat, lambda: load_paths([str(big)], settings))
    tracemalloc.start()
    load_paths([str(big)], settings)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    tables = sum(1 for o in loaded.schema.objects if o.kind.value == "table")

    print(
        f"synthetic schema: {n_lines} lines, {loaded.statements} statements, "
        f"{len(loaded.events)} naming events, {tables} tables, "
        f"{len(loaded.diagnostics)} diagnostics"
    )
    print(
        f"end to end (best of {args.repeat}): {ours:.3f} s, "
        f"{loaded.statements / ours:,.0f} statements/s, {n_lines / ours:,.0f} lines/s"
    )
    print(
        f"peak traced memory: {peak / 2**20:.1f} MiB; max RSS: "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB"
    )
    try:
        from pglast import parser as pg_parser

        pg = best_of(args.repeat, lambda: pg_parser.parse_sql_json(text))
        print(f"pglast raw parse (libpg_query, C): {pg:.3f} s; ours / pglast = {ours / pg:.1f}x")
    except ImportError:
        print("pglast not installed: no oracle ratio (pip install pglast)")

    exe = shutil.which("dbnamelint", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "dbnamelint.cli"]
    small_lines = small.read_text(encoding="utf-8").count("\n")
    shown = " ".join(Path(c).name for c in cmd)
    for command in ("inspect", "check"):
        cold = best_of(
            args.repeat,
            lambda command=command: subprocess.run(
                [*cmd, command, small.name], cwd=tmp, capture_output=True, check=False
            ),
        )
        print(
            f"{small_lines}-line migration, cold start ({shown} {command}, no config), "
            f"best of {args.repeat}: {cold:.3f} s"
        )
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
