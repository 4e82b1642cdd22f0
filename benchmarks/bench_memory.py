"""Benchmark: peak memory as a multiple of the SQL read, at growing sizes.

Prints figures; asserts nothing. Run from the repo root after installing:

    python benchmarks/bench_memory.py [--tables 500 1000 2000 4000]

Each size runs in a fresh interpreter, so one run's garbage cannot inflate
the next. For each synthetic pg_dump-style schema (bench_inspect's) it
prints:

- the SQL size;
- dbnamelint's peak Python heap while reading it end to end (split,
  tokenize, read DDL, replay: ``load_paths``), from tracemalloc, as a
  multiple of the SQL size, and what stays alive after (the model);
- the growth of the process's max RSS over the interpreter with everything
  imported (C allocations included), as a multiple of the SQL size;
- the same RSS growth for pglast's parse of the same file into Python
  objects (PostgreSQL's own parser: a peer reading the same text).

"Bounded" means the multiple stays flat as the SQL grows: memory is linear
in the input, with no quadratic term.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

_CHILD = r"""
import json, resource, sys, tracemalloc
from pathlib import Path
sys.path.insert(0, {bench!r})
from bench_inspect import synthetic_schema
from dbnamelint.runner.pipeline import load_paths
from dbnamelint.frontends.sql.sources import SourceSettings
which, tables, folder, traced = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
path = folder / "schema.sql"
path.write_text(synthetic_schema(tables), encoding="utf-8")
size = path.stat().st_size
if which == "pglast":
    import pglast
def rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
base = rss()
if traced == "1":  # tracemalloc's own bookkeeping would inflate the RSS figure
    tracemalloc.start()
if which == "pglast":
    tree = pglast.parse_sql(path.read_text(encoding="utf-8"))
else:
    loaded = load_paths([str(path)], SourceSettings(root=folder))
current, peak = tracemalloc.get_traced_memory()
print(json.dumps({{"size": size, "peak": peak, "kept": current, "rss": rss() - base}}))
"""


def _child(which: str, tables: int, traced: bool) -> dict[str, int]:
    bench = str(Path(__file__).resolve().parent)
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                _CHILD.format(bench=bench),
                which,
                str(tables),
                folder,
                "1" if traced else "0",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    figures: dict[str, int] = json.loads(done.stdout)
    return figures


def measure(which: str, tables: int) -> dict[str, int]:
    """Heap figures from a traced run, RSS from an untraced one."""
    traced = _child(which, tables, traced=True)
    traced["rss"] = _child(which, tables, traced=False)["rss"]
    return traced


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, nargs="+", default=[500, 1000, 2000, 4000])
    args = parser.parse_args()
    try:
        import pglast  # noqa: F401

        peer = True
    except ImportError:
        peer = False
    header = f"{'tables':>7} {'SQL MB':>7} {'peak x':>7} {'kept x':>7} {'RSS x':>7}"
    print(header + (f" {'pglast RSS x':>13} {'ours/pglast':>12}" if peer else ""))
    for tables in args.tables:
        ours = measure("dbnamelint", tables)
        size = ours["size"]
        line = (
            f"{tables:>7} {size / 1e6:>7.1f} {ours['peak'] / size:>7.1f} "
            f"{ours['kept'] / size:>7.1f} {ours['rss'] / size:>7.1f}"
        )
        if peer:
            theirs = measure("pglast", tables)
            ratio = ours["rss"] / theirs["rss"] if theirs["rss"] else float("nan")
            line += f" {theirs['rss'] / size:>13.1f} {ratio:>12.2f}"
        print(line)


if __name__ == "__main__":
    main()
