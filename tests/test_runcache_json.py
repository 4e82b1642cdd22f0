"""The run cache's entries as JSON (:mod:`dbnamelint.runner.runcache`).

An entry keeps a signature per folder listed and file read, so a tree of
many small files (issue 12's 684-folder Diesel tree: 212 kB) makes a large
one, and ``json.dumps`` took about five times as long as msgspec's C
encoder. The entry is the same values either way; what msgspec refuses (a
lone surrogate in a recorded output) is written by ``json.dumps`` as
before. The oracle is ``json`` itself: every entry reads back as
``json.loads(json.dumps(entry))`` does, and a replay prints what a
``--no-cache`` run prints.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dbnamelint.runner.runcache import _from_json, _to_json

#: Counts ``json.dumps`` calls on a run cache entry, then runs the command line.
_COUNT_DUMPS = """
import json
import sys

dumped = []
real = json.dumps


def counted(value, *args, **kwargs):
    if isinstance(value, dict) and "chunks" in value:
        dumped.append(1)
    return real(value, *args, **kwargs)


json.dumps = counted
from dbnamelint.cli import main

try:
    main()  # the arguments after -c's program
except SystemExit as exc:
    code = exc.code
print("dumped:", len(dumped), file=sys.stderr)
sys.exit(code)
"""


def _tree(root: Path) -> None:
    for i in range(12):
        folder = root / "migrations" / f"2020-01-{1 + i:02d}-000000_create_t{i}"
        folder.mkdir(parents=True)
        name = f'"Item{i}"' if i % 3 == 0 else f"item_{i}"
        (folder / "up.sql").write_text(f"CREATE TABLE {name} (id int);\n", encoding="utf-8")
        (folder / "down.sql").write_text(f"DROP TABLE {name};\n", encoding="utf-8")


def _run(tree: Path, cache: Path, *extra: str) -> tuple[int, str, int]:
    env = {**os.environ, "DBNAMELINT_CACHE_DIR": str(cache)}
    env.pop("DBNAMELINT_NO_CACHE", None)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _COUNT_DUMPS,
            "check",
            "--dialect",
            "postgres",
            *extra,
            "migrations",
        ],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    (line,) = (x for x in done.stderr.splitlines() if x.startswith("dumped:"))
    return done.returncode, done.stdout, int(line.split()[1])


def test_entry_written_without_json_dumps(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    _tree(tree)
    cache = tmp_path / "cache"
    fresh = _run(tree, cache, "--no-cache")
    first = _run(tree, cache)
    assert first[2] == 0  # before: json.dumps wrote the entry
    (entry,) = cache.glob("*/runs/*.json")
    stored = json.loads(entry.read_text(encoding="utf-8"))
    assert stored["exit"] == fresh[0] == 1  # the quoted names break a default rule
    second = _run(tree, cache)
    assert first[:2] == second[:2] == fresh[:2]


@pytest.mark.parametrize(
    "entry",
    [
        {"format": 6, "files": {"/a/b.sql": "0f" * 20, "/a/w.yaml": None}, "exit": 1},
        {"chunks": [["out", 'tables: é, 表, \u2028, \x00, "q", \\\\']], "git": None},
        {"chunks": [["err", "a lone surrogate: \udc80"]], "exit": 0},  # json.dumps writes it
        {"stamp": {"started": 2**63 - 1, "signatures": {"/x": [16877, 2**64 - 1, 0]}}},
        {"stamp": {"started": 2**70}, "links": [["a", "b"]], "extra": [], "ok": True},
    ],
)
def test_entry_reads_back_as_json_does(entry: dict[str, Any]) -> None:
    assert _from_json(_to_json(entry)) == json.loads(json.dumps(entry)) == entry
