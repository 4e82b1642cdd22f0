"""Benchmark: ``dbnamelint burndown`` on a generated whitelist history.

Prints figures; asserts nothing. Run from the repo root after installing:

    python benchmarks/bench_burndown.py [--tables 300] [--commits 4] [--repeat 3]

A git repository gets a generated PostgreSQL schema of --tables tables
(quoted PascalCase, snake_case in two schemas, renamed tables; about six
whitelist entries per three tables), a whitelist from ``whitelist init
--group-by rule`` and --commits commits each deleting every seventh entry
left. Figures, best of --repeat runs, CPU seconds of this process:

- the whole command in-process (history, schema, code references, report);
- the same with YAML parsed by the pure-Python loader only (libyaml off);
- peers: ``yaml.safe_load`` (pure Python) and ``yaml.load(CSafeLoader)`` of
  every whitelist version, the floor and the ceiling of the YAML part.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.config import yamlsafe

_ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True, env=_ENV
    )
    return done.stdout


def _schema(tables: int) -> str:
    out = ["CREATE SCHEMA app;"]
    for i in range(tables):
        if i % 3 == 0:
            out.append(f'CREATE TABLE "Order{i}" ("id" integer PRIMARY KEY, "userId" integer);')
            out.append(f'CREATE INDEX "Order{i}_userId_idx" ON "Order{i}" ("userId");')
        elif i % 3 == 1:
            out.append(f"CREATE TABLE app.item{i} (id integer PRIMARY KEY, ItemName text);")
        else:
            out.append(f"CREATE TABLE old_thing{i} (id integer PRIMARY KEY, Flag boolean);")
            out.append(f"ALTER TABLE old_thing{i} RENAME TO Thing{i};")
    return "\n".join(out) + "\n"


def _build(root: Path, tables: int, commits: int) -> list[str]:
    (root / "db").mkdir()
    (root / "db" / "schema.sql").write_text(_schema(tables))
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    _git(root, "init", "-q", "-b", "main")
    os.chdir(root)
    result = CliRunner().invoke(cli, ["whitelist", "init", "--group-by", "rule"])
    if result.exit_code != 0:
        raise SystemExit(result.output)
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "whitelist")
    path = root / "whitelist.yaml"
    for n in range(commits):
        head, _, body = path.read_text().partition("entries:\n")
        items = [i for i in re.split(r"(?m)^(?=  - kind:)", body) if i]
        path.write_text(head + "entries:\n" + "".join(i for k, i in enumerate(items) if k % 7))
        _git(root, "commit", "-qam", f"step {n}")
    return [
        _git(root, "show", f"{c}:whitelist.yaml")
        for c in _git(root, "log", "--reverse", "--format=%H", "--", "whitelist.yaml").split()
    ]


def _best(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def _burndown() -> None:
    result = CliRunner().invoke(cli, ["burndown", "--format", "json"])
    if result.exit_code != 0:
        raise SystemExit(result.output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=300)
    parser.add_argument("--commits", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        versions = _build(Path(folder), args.tables, args.commits)
        entries = len(yaml.safe_load(versions[-1])["entries"] or ())
        first = len(yaml.safe_load(versions[0])["entries"] or ())
        print(f"{len(versions)} whitelist versions, {first} -> {entries} entries")
        whole = _best(args.repeat, _burndown)
        saved = yamlsafe.CParser
        yamlsafe.CParser = None
        try:
            pure_whole = _best(args.repeat, _burndown)
        finally:
            yamlsafe.CParser = saved
        pure = _best(args.repeat, lambda: [yaml.safe_load(v) for v in versions])
        fast = _best(args.repeat, lambda: [yaml.load(v, Loader=yaml.CSafeLoader) for v in versions])
    print(f"burndown, libyaml parser:     {whole:6.3f} s CPU")
    print(f"burndown, pure-Python parser: {pure_whole:6.3f} s CPU ({pure_whole / whole:.1f}x)")
    print(f"peer yaml.safe_load, all versions:   {pure:6.3f} s ({pure / whole:.2f} of burndown)")
    print(f"peer CSafeLoader, all versions:      {fast:6.3f} s ({fast / whole:.2f} of burndown)")


if __name__ == "__main__":
    main()
