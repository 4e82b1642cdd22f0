"""Benchmark: ``dbnamelint impact`` on a generated 10k+ file repository.

Prints figures; asserts nothing. Run from the repo root after installing:

    python benchmarks/bench_impact.py [--files 12000] [--names 40] [--repeat 3]

The tree is a git repository of --files source files (Python, TypeScript,
Ruby, SQL) where about one file in 20 uses one of --names legacy table names
(in SQL strings, ORM mappings and query-builder calls) and the rest hold
look-alikes (``messages_count``) and unrelated code. Figures printed, best
of --repeat runs:

- files per second (tracked files in the tree / wall time) for the search
  alone (:func:`dbnamelint.impact.search`) and for the whole command (schema
  read, whitelist, search, text report) through the console script;
- the ratio of the search's time to ``git grep -c -w -F`` with the same names
  and, when installed, ``rg -c -w -F`` (a floor: plain word counts without
  any judgement of context);
- the same search with --many-names names (a realistic whitelist: papermark's
  has 454 entries; the extra names are not in the code), with its ratio to
  ``git grep -c -w -i -F -f names.txt`` and ``git grep -c -i -F -f`` (the
  pre-filter impact runs) in the same run, and the ratio of the many-names
  search to the few-names one (1.0: the cost does not grow with the names);
- the search for columns the --names tables all have (as hatchet's tables
  share ``tenantId``, ``id``, ``a``): PostgreSQL columns created quoted in
  mixed case (``"Event"``, ``"Items"``), which the tree's lower-case words
  (``event``, ``items``) do not name, and a plain ``id`` every table has,
  so each place has one candidate per table.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from dbnamelint.impact import search
from dbnamelint.impact.targets import Target

_FILLER = """\
def handler_{i}(event, context):
    total = sum(x.amount for x in event.get("items", []))
    messages_count_{i} = len(event.get("records", []))
    return {{"statusCode": 200, "body": str(total + messages_count_{i})}}
"""

_USES = (
    'ROWS = db.fetch_all("SELECT * FROM {name} WHERE id = %s", [1])\n',
    '    __tablename__ = "{name}"\n',
    "const q = supabase.from('{name}').select('*');\n",
    '  self.table_name = "{name}"\n',
    "knex('{name}').where({{ id: 1 }});\n",
    "# {name} is read nightly\n",
)


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    env.update(GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@x", GIT_COMMITTER_NAME="b")
    env["GIT_COMMITTER_EMAIL"] = "b@x"
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def make_tree(root: Path, files: int, names: list[str]) -> None:
    """A committed repository with ``files`` source files and a schema + whitelist."""
    rng = random.Random(10)
    suffixes = (".py", ".ts", ".rb", ".sql", ".js")
    for i in range(files):
        folder = root / "src" / f"pkg{i % 200:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        body = "".join(_FILLER.format(i=f"{i}_{k}") for k in range(rng.randint(3, 12)))
        if i % 20 == 0:
            body += "".join(
                rng.choice(_USES).format(name=rng.choice(names)) for _ in range(rng.randint(1, 6))
            )
        (folder / f"mod{i}{suffixes[i % len(suffixes)]}").write_text(body, encoding="utf-8")
    schema = root / "db" / "schema"
    schema.mkdir(parents=True)
    (schema / "001.sql").write_text(
        "".join(f"CREATE TABLE {n} (id int PRIMARY KEY);\n" for n in names), encoding="utf-8"
    )
    (root / "dbnamelint.yaml").write_text("paths: [db/schema]\n", encoding="utf-8")
    (root / "whitelist.yaml").write_text(
        "phases:\n  - {id: '1', title: Legacy}\nentries:\n"
        + "".join(f"  - {{kind: table, name: {n}, phase: '1', target: app_{n}}}\n" for n in names),
        encoding="utf-8",
    )
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "tree")


def _best(repeat: int, action: object) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def _search_case(root: Path, files: int, names: list[str], repeat: int, label: str) -> float:
    """Time the search for ``names``; print it with the ratio to ``git grep -F -f``."""
    targets = [
        Target("table", n, "1", f"app_{n}", (n,), ("public",), (), False, False) for n in names
    ]
    found: list[int] = []

    def ours() -> None:
        refs, _, _ = search(root, targets)
        found.append(len(refs))

    ours_s = _best(repeat, ours)
    print(
        f"[{label}: {len(names)} names] impact search: {ours_s:.3f} s, "
        f"{files / ours_s:,.0f} files/s, {found[-1]} references"
    )
    listed = root.parent / f"names-{len(names)}.txt"
    listed.write_text("".join(f"{n}\n" for n in names), encoding="utf-8")
    for flags in (["-w", "-i"], ["-i"]):
        grep_s = _best(
            repeat,
            lambda flags=flags: subprocess.run(
                ["git", "-C", str(root), "grep", "-c", *flags, "-F", "-I", "-f", str(listed)],
                capture_output=True,
                check=False,
            ),
        )
        print(
            f"[{label}: {len(names)} names] git grep -c {' '.join(flags)} -F -f: {grep_s:.3f} s; "
            f"ratio impact search / git grep: {ours_s / grep_s:.2f}"
        )
    return ours_s


def _columns_case(root: Path, files: int, tables: list[str], repeat: int) -> None:
    """Time the search for columns every table has (see the module's docstring)."""
    targets = [
        Target("column", f'{t}."{c}"', "1", c.lower(), (c,), ("public",), (t,), True, False, (c,))
        for t in tables
        for c in ("Event", "Context", "Items", "Records")
    ]
    targets += [
        Target("column", f"{t}.{c}", "1", f"{c}_x", (c,), ("public",), (t,), False, False)
        for t in tables
        for c in ("id",)
    ]
    targets = [replace(t, dialect="postgres") for t in targets]
    found: list[int] = []

    def ours() -> None:
        refs, _, _ = search(root, targets)
        found.append(len(refs))

    ours_s = _best(repeat, ours)
    print(
        f"[columns: {len(targets)} columns of {len(tables)} tables] impact search: "
        f"{ours_s:.3f} s, {files / ours_s:,.0f} files/s, {found[-1]} references"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=12000)
    parser.add_argument("--names", type=int, default=40)
    parser.add_argument("--many-names", type=int, default=450)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    names = [f"legacy_table_{i}" for i in range(args.names - 3)] + [
        "messages",
        "contacts",
        "profiles",
    ]
    # A realistic whitelist (papermark's has 454 entries): more names, same tree.
    many = names + [f"old_name_{i}" for i in range(args.many_names - len(names))]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        root.mkdir()
        started = time.perf_counter()
        make_tree(root, args.files, names)
        print(f"generated {args.files} files in {time.perf_counter() - started:.1f} s")
        ours_s = _search_case(root, args.files, names, args.repeat, "few")
        word_args = [a for n in names for a in ("-e", n)]
        git_s = _best(
            args.repeat,
            lambda: subprocess.run(
                ["git", "-C", str(root), "grep", "-c", "-w", "-F", "-I", *word_args],
                capture_output=True,
                check=False,
            ),
        )
        print(f"git grep -c -w -F: {git_s:.3f} s, {args.files / git_s:,.0f} files/s")
        print(f"ratio impact search / git grep: {ours_s / git_s:.2f}")
        rg = shutil.which("rg")
        if rg:
            rg_s = _best(
                args.repeat,
                lambda: subprocess.run(
                    [rg, "-c", "-w", "-F", *word_args, str(root)], capture_output=True, check=False
                ),
            )
            print(f"rg -c -w -F: {rg_s:.3f} s; ratio impact search / rg: {ours_s / rg_s:.2f}")
        else:
            print("rg: not installed (no ripgrep ratio)")
        _columns_case(root, args.files, names, args.repeat)
        if len(many) > len(names):
            many_s = _search_case(root, args.files, many, args.repeat, "many")
            print(f"ratio many-names search / few-names search: {many_s / ours_s:.2f}")
        exe = shutil.which("dbnamelint", path=str(Path(sys.executable).parent))
        if exe:
            cli_s = _best(
                args.repeat,
                lambda: subprocess.run(
                    [exe, "impact", "-o", os.devnull], cwd=root, capture_output=True, check=True
                ),
            )
            print(
                f"dbnamelint impact (whole command, cold process): {cli_s:.3f} s, "
                f"{args.files / cli_s:,.0f} files/s"
            )


if __name__ == "__main__":
    main()
