"""Benchmark: every row of issue 12's table, as ratios against peers run alongside.

Prints figures; asserts nothing. Run from the repo root after installing
(``pip install -e '.[test]'``; squawk and sqlfluff are optional peers:
``pip install squawk-cli sqlfluff``):

    python benchmarks/bench_table.py [--repeat 5] [--sqlfluff]

Every figure is the CPU time (user + system) of one whole process, start-up
included, as ``getrusage(RUSAGE_CHILDREN)`` reports it: the median of
``--repeat`` runs, the runs of a row's commands alternated (ours, peer,
ours, peer...) so that a noisy neighbour on a shared machine hurts both
sides alike. A ratio is the median over rounds of ours / peer timed in the
same round (not the ratio of the two medians): the shared machine's speed
was seen to change 1.6x within minutes, and each round's pair ran within a
second or two of each other. Inputs are generated here, so a fresh checkout needs nothing
else:

* a pg_dump-style schema of about 52,800 lines (``CREATE TABLE`` with
  sequences and defaults, then ``ALTER TABLE ONLY ... ADD CONSTRAINT`` for
  keys and foreign keys, indexes, comments, views and triggers, in
  pg_dump's section order);
* a 1,010-line slice of it (pre-commit's case), and a one-line file;
* a Diesel-style tree of 684 ``migrations/<stamp>_<name>/up.sql`` files
  (each with its ``down.sql``, which a walk leaves out).

Besides issue 12's rows, a *floor* row times the least any Python program
reading the Diesel tree must do (start, import sqlglot's tokenizer, read
and tokenize every file) against squawk's whole run: where it reaches
squawk, the first-run target is out of a Python reader's reach.

The per-file cache is cleared before each "first run" and kept for the
"second run" row; ``--no-cache`` is passed only in its own rows. The
"after editing one file" row rewrites its file before each run, so the run
cache misses and the file is read (tokenized) again with the cache folder
warm; the "edited since HEAD" hook row appends a comment line to the
committed slice before each run, as a commit that edits a migration does
(the gate then also reads HEAD's copy).

The package is byte-compiled first (``compileall``), as installing a wheel
does: an editable checkout run with ``PYTHONDONTWRITEBYTECODE`` set would
otherwise compile every module on every run (a quarter of a second) and
the figures would measure that instead of dbnamelint.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

# --------------------------------------------------------------- generators


def pg_dump_schema(tables: int) -> str:
    """A schema in pg_dump's layout: about 26.4 lines per table.

    pg_dump writes every table and sequence first, then column defaults,
    then keys and unique constraints as ``ALTER TABLE ONLY ... ADD
    CONSTRAINT``, then indexes, triggers and finally foreign keys; the mix
    of statement shapes (and so where a reader spends its time) follows.
    """
    head = [
        "--",
        "-- PostgreSQL database dump",
        "--",
        "",
        "SET statement_timeout = 0;",
        "SET client_encoding = 'UTF8';",
        "SET standard_conforming_strings = on;",
        "SELECT pg_catalog.set_config('search_path', '', false);",
        "",
    ]
    names = [f"mod{i % 37}_entity_{i}s" for i in range(tables)]
    create: list[str] = []
    defaults: list[str] = []
    keys: list[str] = []
    indexes: list[str] = []
    triggers: list[str] = []
    fks: list[str] = []

    def header(name: str, kind: str) -> list[str]:
        return ["--", f"-- Name: {name}; Type: {kind}; Schema: public; Owner: -", "--", ""]

    for i, t in enumerate(names):
        create += header(t, "TABLE")
        create += [
            f"CREATE TABLE public.{t} (",
            "    id bigint NOT NULL,",
            "    name character varying(255) NOT NULL,",
            "    status integer DEFAULT 0 NOT NULL,",
            "    payload jsonb DEFAULT '{}'::jsonb NOT NULL,",
            "    amount_cents bigint DEFAULT 0 NOT NULL,",
            "    external_ref uuid,",
            *(["    parent_id bigint,"] if i else []),
            "    created_at timestamp(6) without time zone NOT NULL,",
            "    updated_at timestamp(6) without time zone NOT NULL",
            ");",
            "",
            f"COMMENT ON TABLE public.{t} IS 'Entity {i}; see docs';",
            "",
            f"CREATE SEQUENCE public.{t}_id_seq",
            "    START WITH 1",
            "    INCREMENT BY 1",
            "    NO MINVALUE",
            "    NO MAXVALUE",
            "    CACHE 1;",
            "",
            f"ALTER SEQUENCE public.{t}_id_seq OWNED BY public.{t}.id;",
            "",
        ]
        if i % 10 == 0:
            create += header(f"v_{t}", "VIEW")
            create += [
                f"CREATE VIEW public.v_{t} AS",
                f" SELECT {t}.id,",
                f"    {t}.name",
                f"   FROM public.{t}",
                f"  WHERE ({t}.status = 1);",
                "",
            ]
        defaults.append(
            f"ALTER TABLE ONLY public.{t} ALTER COLUMN id SET DEFAULT "
            f"nextval('public.{t}_id_seq'::regclass);"
        )
        defaults.append("")
        keys += header(f"{t} {t}_pkey", "CONSTRAINT")
        keys += [
            f"ALTER TABLE ONLY public.{t}",
            f"    ADD CONSTRAINT {t}_pkey PRIMARY KEY (id);",
            "",
        ]
        if i % 2 == 0:
            keys += [
                f"ALTER TABLE ONLY public.{t}",
                f"    ADD CONSTRAINT {t}_name_key UNIQUE (name);",
                "",
            ]
        indexes += [
            f"CREATE UNIQUE INDEX index_{t}_on_external_ref ON public.{t} "
            "USING btree (external_ref);",
            "",
            f"CREATE INDEX index_{t}_on_status ON public.{t} "
            "USING btree (status) WHERE (status > 0);",
            "",
        ]
        if i % 7 == 0:
            triggers += [
                f"CREATE TRIGGER trg_{t}_updated BEFORE UPDATE ON public.{t} "
                "FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();",
                "",
            ]
        if i:
            fks += header(f"{t} fk_rails_{i:08x}", "FK CONSTRAINT")
            fks += [
                f"ALTER TABLE ONLY public.{t}",
                f"    ADD CONSTRAINT fk_rails_{i:08x} FOREIGN KEY (parent_id) "
                f"REFERENCES public.{names[i - 1]}(id) ON DELETE CASCADE;",
                "",
            ]
    tail = ["--", "-- PostgreSQL database dump complete", "--", ""]
    return "\n".join([*head, *create, *defaults, *keys, *indexes, *triggers, *fks, *tail])


def lines_to_tables(lines: int) -> int:
    """Tables that make a :func:`pg_dump_schema` of about ``lines`` lines."""
    per_table = pg_dump_schema(100).count("\n") / 100
    return max(1, round(lines / per_table))


def slice_of(text: str, lines: int) -> str:
    """The first statements of ``text`` that fill about ``lines`` lines."""
    cut = text.split("\n")[:lines]
    while cut and not cut[-1].rstrip().endswith(";"):
        cut.pop()  # end on a whole statement
    return "\n".join(cut) + "\n"


def diesel_tree(root: Path, migrations: int) -> list[Path]:
    """A Diesel project: one folder per migration with ``up.sql`` and ``down.sql``."""
    ups: list[Path] = []
    for i in range(migrations):
        stamp = f"2020-{1 + i // 300 % 12:02d}-{1 + i % 28:02d}-{i:06d}"
        table = f"feature_{i}_items"
        folder = root / "migrations" / f"{stamp}_create_{table}"
        folder.mkdir(parents=True)
        up = folder / "up.sql"
        up.write_text(
            f"-- Your SQL goes here\n"
            f"CREATE TABLE {table} (\n"
            f"    id SERIAL PRIMARY KEY,\n"
            f"    owner_id INTEGER NOT NULL,\n"
            f"    title VARCHAR NOT NULL,\n"
            f"    body TEXT NOT NULL DEFAULT '',\n"
            f"    created_at TIMESTAMP NOT NULL DEFAULT NOW()\n"
            f");\n"
            f"CREATE INDEX idx_{table}_owner_id ON {table} (owner_id);\n",
            encoding="utf-8",
        )
        (folder / "down.sql").write_text(f"DROP TABLE {table};\n", encoding="utf-8")
        ups.append(up)
    (root / "diesel.toml").write_text('[print_schema]\nfile = "src/schema.rs"\n', "utf-8")
    return ups


#: Row 5b's program: the least any Python tool reading those files must do.
_FLOOR = """
import os, sys
from sqlglot.tokens import Tokenizer
tokenizer = Tokenizer()
root = sys.argv[1]
for folder in sorted(os.listdir(root)):
    for name in ("up.sql", "down.sql"):
        with open(os.path.join(root, folder, name), encoding="utf-8") as f:
            tokenizer.tokenize(f.read())
"""


# ------------------------------------------------------------------ timing


def cpu_of(cmd: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """CPU seconds (user + system) of one run of ``cmd`` and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


@dataclass
class Timed:
    """CPU seconds of each named command of one row, per round and as medians."""

    medians: dict[str, float]
    rounds: dict[str, list[float]]

    def ratio(self, mine: str, peer: str) -> float | None:
        """Median over rounds of ``mine / peer`` timed in the same round, or None
        without the peer: the two ran back to back, so a change of the shared
        machine's speed between rounds (seen here: 1.6x within minutes) cancels."""
        if peer not in self.rounds:
            return None
        pairs = zip(self.rounds[mine], self.rounds[peer], strict=True)
        return statistics.median(a / b for a, b in pairs if b > 0)


def alternate(
    repeat: int, runs: dict[str, Callable[[], float]], before_each: Callable[[], None] | None = None
) -> Timed:
    """Run each of ``runs`` ``repeat`` times, alternated; medians of each."""
    got: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            if before_each is not None:
                before_each()
            got[name].append(run())
    return Timed({name: statistics.median(values) for name, values in got.items()}, got)


def settle() -> None:
    """Wait out the run cache's racy window (``dbnamelint.core.readlog.RACY_NS``):
    a file written less than that before a run is hashed again by the next one,
    as git re-reads a racily clean file. A "cached" row measures a tree at
    rest (the hook run again on an unchanged commit), not one just written."""
    from dbnamelint.core.readlog import RACY_NS

    time.sleep(RACY_NS / 1e9 + 0.2)


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


# -------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs per command (median)")
    ap.add_argument("--lines", type=int, default=52_792, help="size of the big schema")
    ap.add_argument("--sqlfluff", action="store_true", help="also time sqlfluff (slow)")
    args = ap.parse_args()

    # This interpreter's own dbnamelint first: a PATH one may be another
    # install (a pyenv shim adds a bash start-up and runs that copy's code).
    exe = shutil.which("dbnamelint", path=str(Path(sys.executable).parent))
    ours = [exe] if exe else [sys.executable, "-m", "dbnamelint.cli"]
    import dbnamelint

    package = Path(dbnamelint.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    tmp = Path(tempfile.mkdtemp(prefix="dbnamelint-bench-"))
    # Outside the inputs' folder: a check with no config also walks its
    # current directory, and cache entries there would be walked too.
    cache = Path(tempfile.mkdtemp(prefix="dbnamelint-bench-cache-"))
    env = {**os.environ, "DBNAMELINT_CACHE_DIR": str(cache)}

    def clear_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def run(cmd: Sequence[str], cwd: Path) -> Callable[[], float]:
        return lambda: cpu_of(cmd, cwd, env)

    tables = lines_to_tables(args.lines)
    big_text = pg_dump_schema(tables)
    big = tmp / "schema.sql"
    big.write_text(big_text, encoding="utf-8")
    n_lines = big_text.count("\n")
    pg_cmd = [
        sys.executable,
        "-c",
        "import sys; from pglast import parser; "
        "parser.parse_sql_json(open(sys.argv[1], encoding='utf-8').read())",
        str(big),
    ]
    try:
        import pglast  # noqa: F401

        have_pglast = True
    except ImportError:
        have_pglast = False
    # A peer pip installed into this interpreter's environment is found even
    # when that environment is not activated (its scripts are not on PATH).
    scripts = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    squawk = shutil.which("squawk", path=scripts)
    sqlfluff = shutil.which("sqlfluff", path=scripts)
    print(f"inputs in {tmp}; CPU seconds per process, median of {args.repeat}, alternated")
    print(f"byte-compiled {package} first; load average {os.getloadavg()[0]:.2f}")
    print(
        f"peers: pglast {'yes' if have_pglast else 'no'}, squawk {squawk or 'no'}, "
        f"sqlfluff {sqlfluff if sqlfluff and args.sqlfluff else 'no'}"
    )
    print()
    print("| case | ours | peer | ratio | target | verdict |")
    print("|---|---|---|---|---|---|")

    def row(
        case: str,
        mine: float,
        peer: str,
        theirs: float | None,
        target: str,
        ok: bool | None,
        paired: float | None = None,
    ) -> None:
        shown = f"{peer} {theirs:.3f} s" if theirs is not None else peer
        ratio = f"{paired:.1f}x" if paired is not None else "-"
        said = "-" if ok is None else verdict(ok)
        print(f"| {case} | {mine:.3f} s | {shown} | {ratio} | {target} | {said} |")

    # Rows 1 and 2: the big schema, first runs (cache cleared before each).
    for label, cmd in (
        (
            "inspect --format json",
            [*ours, "inspect", "--format", "json", "--dialect", "postgres", big.name],
        ),
        (
            "check --format json",
            [*ours, "check", "--format", "json", "--dialect", "postgres", big.name],
        ),
    ):
        runs = {"ours": run(cmd, tmp)}
        if have_pglast:
            runs["pglast"] = run(pg_cmd, tmp)
        t = alternate(args.repeat, runs, clear_cache)
        mine, pg = t.medians["ours"], t.medians.get("pglast")
        paired = t.ratio("ours", "pglast")
        row(
            f"`{label}`, {n_lines:,}-line pg_dump schema",
            mine,
            "pglast (C parser)",
            pg,
            "≤ 12x",
            paired is not None and paired <= 12,
            paired,
        )

    # Row 3: pre-commit on a 1,010-line slice (config names the slice as the tree).
    pc = tmp / "precommit"
    pc.mkdir()
    (pc / "slice.sql").write_text(slice_of(big_text, 1010), encoding="utf-8")
    (pc / "dbnamelint.yaml").write_text("paths: [slice.sql]\ndialect: postgres\n", "utf-8")
    slice_lines = (pc / "slice.sql").read_text(encoding="utf-8").count("\n")
    # In a git repository, as pre-commit runs it: the hook is the CI gate
    # against HEAD, so it also reads the tree of HEAD.
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
    for step in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
        subprocess.run([*git, *step], cwd=pc, check=True, capture_output=True)
    settle()
    cpu_of([*ours, "check", "--pre-commit", "slice.sql"], pc, env)  # fill the cache
    t = alternate(args.repeat, {"ours": run([*ours, "check", "--pre-commit", "slice.sql"], pc)})
    row(
        f"`check --pre-commit` in git, {slice_lines:,}-line slice, start-up included (cached)",
        t.medians["ours"],
        "-",
        None,
        "≤ 0.30 s",
        t.medians["ours"] <= 0.30,
    )
    # The hook as a commit meets it: the slice was edited since HEAD (and
    # since the last run), so the run cache misses, the file is read again,
    # and the gate reads HEAD's version too; the settings cache is warm.
    slice_text = (pc / "slice.sql").read_text(encoding="utf-8")
    slice_edits = [0]

    def edit_slice() -> None:
        slice_edits[0] += 1
        (pc / "slice.sql").write_text(f"{slice_text}-- edit {slice_edits[0]}\n", "utf-8")

    edit_slice()
    cpu_of([*ours, "check", "--pre-commit", "slice.sql"], pc, env)  # warm the caches
    t = alternate(
        args.repeat, {"ours": run([*ours, "check", "--pre-commit", "slice.sql"], pc)}, edit_slice
    )
    row(
        f"`check --pre-commit` in git, {slice_lines:,}-line slice edited since HEAD (caches warm)",
        t.medians["ours"],
        "-",
        None,
        "≤ 0.30 s",
        t.medians["ours"] <= 0.30,
    )
    (pc / "slice.sql").write_text(slice_text, "utf-8")
    no_cache = [*ours, "check", "--pre-commit", "--no-cache", "slice.sql"]
    t = alternate(args.repeat, {"ours": run(no_cache, pc)})
    row(
        f"`check --pre-commit --no-cache` in git, {slice_lines:,}-line slice",
        t.medians["ours"],
        "-",
        None,
        "≤ 0.30 s",
        t.medians["ours"] <= 0.30,
    )

    # Row 4: a one-line file.
    one = tmp / "one"
    one.mkdir()
    (one / "one.sql").write_text("CREATE TABLE users (id integer);\n", encoding="utf-8")
    settle()
    cpu_of([*ours, "check", "one.sql"], one, env)  # fill the cache
    runs = {
        "ours": run([*ours, "check", "one.sql"], one),
        "no-cache": run([*ours, "check", "--no-cache", "one.sql"], one),
    }
    if squawk:
        runs["squawk"] = run([squawk, "one.sql"], one)
    if sqlfluff and args.sqlfluff:
        runs["sqlfluff"] = run([sqlfluff, "lint", "--dialect", "postgres", "one.sql"], one)
    t = alternate(args.repeat, runs)
    peer = "squawk" if squawk else "-"
    row(
        "`check`, 1-line file (cached)",
        t.medians["ours"],
        peer,
        t.medians.get("squawk"),
        "≤ 0.20 s",
        t.medians["ours"] <= 0.20,
        t.ratio("ours", "squawk"),
    )
    row(
        "`check --no-cache`, 1-line file",
        t.medians["no-cache"],
        peer,
        t.medians.get("squawk"),
        "≤ 0.20 s",
        t.medians["no-cache"] <= 0.20,
        t.ratio("no-cache", "squawk"),
    )
    if "sqlfluff" in t.medians:
        row(
            "`check`, 1-line file",
            t.medians["ours"],
            "sqlfluff",
            t.medians["sqlfluff"],
            "(peer)",
            True,
            t.ratio("ours", "sqlfluff"),
        )

    # Row 4b: the file was edited since the last run, so the run cache
    # misses and the file is read again; the cache folder (with sqlglot's
    # tokenizer snapshots) is warm, as in daily use.
    edited = tmp / "edited"
    edited.mkdir()
    edits = [0]

    def edit_one() -> None:
        edits[0] += 1
        (edited / "one.sql").write_text(
            f"CREATE TABLE users_{edits[0]} (id integer PRIMARY KEY, name text);\n", "utf-8"
        )

    edit_one()
    cpu_of([*ours, "check", "one.sql"], edited, env)  # fill the cache
    t = alternate(args.repeat, {"ours": run([*ours, "check", "one.sql"], edited)}, edit_one)
    row(
        "`check` after editing one file (per-file cache warm, run cache misses)",
        t.medians["ours"],
        "-",
        None,
        "≤ 0.30 s",
        t.medians["ours"] <= 0.30,
    )

    # Rows 5 and 6: a Diesel tree of 684 small files, first and second runs.
    diesel = tmp / "diesel"
    diesel.mkdir()
    ups = diesel_tree(diesel, 684)
    rel = [str(p.relative_to(diesel)) for p in ups]
    runs = {"ours": run([*ours, "check", "--dialect", "postgres", "migrations"], diesel)}
    if squawk:
        runs["squawk"] = run([squawk, *rel], diesel)
    t = alternate(args.repeat, runs, clear_cache)
    sq, paired = t.medians.get("squawk"), t.ratio("ours", "squawk")
    row(
        f"`check`, Diesel tree of {len(ups)} files (first run)",
        t.medians["ours"],
        "squawk",
        sq,
        "≤ squawk",
        paired is not None and paired <= 1,
        paired,
    )
    # Row 5b: the floor of any Python tool on that tree, against squawk's
    # whole run: start the interpreter, import sqlglot's tokenizer, read and
    # tokenize every migration (up and down), nothing else: no statement
    # read, no replay, no rule. Where this alone reaches squawk, row 5's
    # target is out of reach of a Python program that reads the SQL at all.
    floor = [sys.executable, "-c", _FLOOR, "migrations"]
    runs = {"floor": run(floor, diesel)}
    if squawk:
        runs["squawk"] = run([squawk, *rel], diesel)
    t = alternate(args.repeat, runs)
    sq = t.medians.get("squawk")
    row(
        "floor: Python start-up, sqlglot's tokenizer, read and tokenize the Diesel tree only",
        t.medians["floor"],
        "squawk",
        sq,
        "- (a floor, not a target)",
        None,
        t.ratio("floor", "squawk"),
    )
    cpu_of([*ours, "check", "--dialect", "postgres", "migrations"], diesel, env)  # fill the cache
    runs = {"ours": run([*ours, "check", "--dialect", "postgres", "migrations"], diesel)}
    if squawk:
        runs["squawk"] = run([squawk, *rel], diesel)
    t = alternate(args.repeat, runs)
    sq = t.medians.get("squawk")
    row(
        "second `check`, unchanged Diesel tree",
        t.medians["ours"],
        "squawk",
        sq,
        "≤ 0.25 s",
        t.medians["ours"] <= 0.25,
        t.ratio("ours", "squawk"),
    )

    # Row 7: growth per doubling: reading work only (start-up, measured on a
    # one-line file in the same alternation, is subtracted from both sides).
    half = tmp / "half.sql"
    half.write_text(pg_dump_schema(tables // 2), encoding="utf-8")
    (tmp / "one.sql").write_text("CREATE TABLE users (id integer);\n", encoding="utf-8")

    def inspect_cmd(name: str) -> list[str]:
        return [*ours, "inspect", "--no-cache", "--format", "json", "--dialect", "postgres", name]

    t = alternate(
        args.repeat,
        {
            "one": run(inspect_cmd("one.sql"), tmp),
            "half": run(inspect_cmd(half.name), tmp),
            "full": run(inspect_cmd(big.name), tmp),
        },
    )
    start = t.medians["one"]
    # Per round, as the ratios are: each round's three runs share its speed.
    growth = statistics.median(
        (full - one) / (half_ - one)
        for one, half_, full in zip(
            t.rounds["one"], t.rounds["half"], t.rounds["full"], strict=True
        )
        if half_ > one
    )
    print(
        f"| growth per doubling ({tables // 2} -> {tables} tables, start-up {start:.3f} s "
        f"subtracted) | {t.medians['full']:.3f} s | half: {t.medians['half']:.3f} s "
        f"| {growth:.2f} | ≤ 2.1 | {verdict(growth <= 2.1)} |"
    )

    print(f"\nload average at the end {os.getloadavg()[0]:.2f} (on {os.cpu_count()} CPUs)")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
