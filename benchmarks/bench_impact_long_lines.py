"""Benchmark: ``dbnamelint impact`` on one-line files (a minified JSON asset).

Prints figures; asserts nothing. Run from the repo root after installing:

    python benchmarks/bench_impact_long_lines.py [--names 100] [--repeat 3]

Each case is a git repository holding one file, a single line of
``{"blob":"AAA...",`` + --names ``"kN":"n"`` values, searched for the
column ``n``; the blob grows 100 KB, 200 KB, 400 KB. Printed, best of
--repeat runs: the search's time (:func:`dbnamelint.impact.search`), its
ratio to ``git grep -c -w -F n`` in the same run, and the ratio of each
case's time to the first one's (2.0 and 4.0: linear in the line's length;
healthchecks' 763 KB icon file once took minutes, trial s8-t2 F11).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

from dbnamelint.impact import search
from dbnamelint.impact.targets import Target

_GREP = ("git", "grep", "-c", "-w", "-F", "n")


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    env.update(GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@x", GIT_COMMITTER_NAME="b")
    env["GIT_COMMITTER_EMAIL"] = "b@x"
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _best(repeat: int, action: object) -> float:
    assert callable(action)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--names", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    target = Target(
        kind="column",
        name="pings.n",
        phase="1",
        target="seq",
        old_names=("n",),
        schemas=("public",),
        tables=("pings",),
        exact=False,
        renamed=False,
        dialect="postgres",
    )
    first = 0.0
    for size in (100_000, 200_000, 400_000):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            values = ",".join(f'"k{i}":"n"' for i in range(args.names))
            (root / "icons.json").write_text('{"blob":"' + "A" * size + '",' + values + "}\n")
            _git(root, "init", "-q")
            _git(root, "add", "-A")
            _git(root, "commit", "-qm", "x")
            found, _files, _notes = search(root, [target])
            ours = _best(args.repeat, lambda r=root: search(r, [target]))
            grep = _best(
                args.repeat,
                lambda r=root: subprocess.run(_GREP, cwd=r, capture_output=True, check=False),
            )
            first = first or ours
            print(
                f"line of {size + len(values):,} chars, {len(found)} references: "
                f"{ours:.3f} s; x{ours / grep:.1f} git grep -w; x{ours / first:.2f} the first case"
            )


if __name__ == "__main__":
    main()
