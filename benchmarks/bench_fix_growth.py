"""Growth per doubling of ``check`` when most objects get a fix.

``bench_table.py``'s growth row reads with the default rules, which find
little to fix in its generated dump. A standard that renames most tables
(the cora pack: plural table names) sends every table and each index and
key built on its name through the fix merger, which must stay linear: a
search over every other table for each dependent made ``check`` of a
6,000-table dump take 12.6 s instead of 2.9 s (fixed; this script is the
guard). Prints the median CPU seconds of ``check --format json --no-cache``
on the generated pg_dump schema at N/2 and N tables, start-up (a one-line
file, same config) subtracted, and their ratio. Nothing is asserted. Run:
``python benchmarks/bench_fix_growth.py [--repeat 5] [--lines 52792]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_table import alternate, cpu_of, lines_to_tables, pg_dump_schema


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs per command (median)")
    ap.add_argument("--lines", type=int, default=52_792, help="size of the larger schema")
    args = ap.parse_args()
    exe = shutil.which("dbnamelint", path=str(Path(sys.executable).parent))
    ours = [exe] if exe else [sys.executable, "-m", "dbnamelint.cli"]
    tmp = Path(tempfile.mkdtemp(prefix="dbnamelint-fix-growth-"))
    env = {**os.environ, "DBNAMELINT_CACHE_DIR": str(tmp / ".cache")}
    tables = lines_to_tables(args.lines)
    runs = {}
    for label, text in (
        ("one", "CREATE TABLE users (id integer);\n"),
        ("half", pg_dump_schema(tables // 2)),
        ("full", pg_dump_schema(tables)),
    ):
        folder = tmp / label
        folder.mkdir()
        (folder / "dbnamelint.yaml").write_text(
            "extends: cora\ndialect: postgres\npaths: [schema.sql]\n", encoding="utf-8"
        )
        (folder / "schema.sql").write_text(text, encoding="utf-8")
        cmd = [*ours, "check", "--format", "json", "--no-cache"]
        runs[label] = lambda cmd=cmd, folder=folder: cpu_of(cmd, folder, env)
    t = alternate(args.repeat, runs)
    start = t.medians["one"]
    growth = (t.medians["full"] - start) / (t.medians["half"] - start)
    print(f"CPU seconds per process, median of {args.repeat}, alternated; extends: cora")
    print("| case | one-line | half | full | growth | target |")
    print("|---|---|---|---|---|---|")
    print(
        f"| `check` with fixes, {tables // 2} -> {tables} tables | {start:.3f} s "
        f"| {t.medians['half']:.3f} s | {t.medians['full']:.3f} s | {growth:.2f} "
        f"| ≤ 2.1 ({'meets' if growth <= 2.1 else 'MISSES'}) |"
    )
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
