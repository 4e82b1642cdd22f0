"""Benchmark: ``dbnamelint migrate --all`` against ``check`` as the whitelist grows.

Prints figures; asserts nothing. Run from the repo root after installing:

    python benchmarks/bench_migrate.py [--sizes 250 500 1000] [--repeat 3]

For each size N a PostgreSQL schema of N tables is generated (each with a
``bigserial`` key, an implicitly named index and one quoted ``"CamelCol"``
column; every other table named ``"Tbl<i>Item"``, so ``whitelist init``
writes N column entries and N/2 table entries, all with targets). Figures are
the CPU time (user + system) of one whole process, best of --repeat:
``migrate --all --layout numbered`` (plan and SQL, nothing written) and, in
the same loop as the peer, ``check --no-cache`` of the same tree; then the
growth of each per doubling of N (2.0 is linear). Trial s7-t1 #16 measured
migrate at 3.0 / 12.9 / 51.7 s for 250 / 500 / 1000 entries (x4 per
doubling) before plans on one model shared their indexes.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path


def _schema(tables: int) -> str:
    # Every other table is quoted PascalCase: a table entry (renamed with its
    # dependents) beside the column entries, so both plan paths are timed.
    return "".join(
        f'CREATE TABLE {name} (id bigserial PRIMARY KEY, name text NOT NULL, "CamelCol" int);\n'
        f"CREATE INDEX ON {name} (name);\n"
        for name in (f"t{i:05d}" if i % 2 else f'"Tbl{i}Item"' for i in range(tables))
    )


def _cpu(args: list[str], cwd: Path) -> float:
    """CPU seconds (user + system) of one ``dbnamelint`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [sys.executable, "-m", "dbnamelint", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        env={**os.environ, "DBNAMELINT_NO_CACHE": "1"},
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows: list[tuple[int, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            root = Path(tmp) / f"n{size}"
            (root / "db").mkdir(parents=True)
            (root / "db" / "000-schema.sql").write_text(_schema(size), encoding="utf-8")
            (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
            _cpu(["whitelist", "init"], root)
            migrate, check = [], []
            for _ in range(args.repeat):  # alternated, so both see the same load
                migrate.append(_cpu(["migrate", "--all", "--layout", "numbered"], root))
                check.append(_cpu(["check", "--no-cache"], root))
            rows.append((size, min(migrate), min(check)))
    print("| tables | migrate --all | check --no-cache | ratio |")
    print("|---|---|---|---|")
    for size, migrate_s, check_s in rows:
        print(f"| {size} | {migrate_s:.2f} s | {check_s:.2f} s | {migrate_s / check_s:.1f}x |")
    for (a, ma, ca), (b, mb, cb) in itertools.pairwise(rows):
        doublings = math.log2(b / a)
        print(
            f"growth {a} -> {b} per doubling: migrate {(mb / ma) ** (1 / doublings):.2f}, "
            f"check {(cb / ca) ** (1 / doublings):.2f}"
        )


if __name__ == "__main__":
    main()
