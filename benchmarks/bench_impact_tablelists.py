"""Benchmark: the table-name-list pass of ``impact`` on a monorepo-sized tree (trial s9-t1 #5).

Prints figures; asserts nothing. Run from the repo root after installing:

    python benchmarks/bench_impact_tablelists.py [--files 2200] [--repeat 3]

The tree is a git repository of --files TypeScript files of about 9 KB each
(formbricks' ``apps/web`` + ``packages/database``: 2,227 files, 20 MB),
every one naming a legacy table somewhere, so the search reads them all.
Printed, in one run, best of --repeat:

- CPU seconds of :func:`dbnamelint.impact.search` with the table-list pass
  as it was before (one ``finditer`` of the whole list pattern, which tries
  an identifier and an assignment at every character) and as it is now
  (a literal search for ``table`` first), and their ratio;
- the same for the pass alone over the files' texts;
- with --profile, the cProfile top entries of the current search.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

from dbnamelint.impact import scan, search
from dbnamelint.impact.tablelists import _STRING, _TABLE_WORD, table_list_items
from dbnamelint.impact.targets import Target

#: The pass before trial s9-t1 #5, kept here as the reference.
_OLD_LIST = re.compile(
    r"(?P<ident>[A-Za-z_]\w*)\s*(?::\s*[\w.\[\]]+\s*)?(?::=|=(?!=)|=>)\s*(?:range\s+)?"
    r"(?:\[\d*\]string\s*|\[\.\.\.\]string\s*|new\s+String\s*\[\]\s*|array\s*|Array\s*|list\s*)?"
    r"(?P<open>[\[{(])(?P<body>[^\[\]{}()]*)[\]})]"
)

_ITEM = re.compile(rf"(?P<string>{_STRING})|(?P<gap>\s+|,|//[^\n]*|#[^\n]*)")


def old_table_list_items(text: str, tables: object = ()) -> list[tuple[int, int]]:
    """The table-list pass as it was before the fix (``tables``, which the
    current pass takes for lists with no name saying so, unused)."""
    out: list[tuple[int, int]] = []
    for m in _OLD_LIST.finditer(text):
        if not _TABLE_WORD.search(m.group("ident")):
            continue
        pos, end = m.start("body"), m.end("body")
        items: list[tuple[int, int]] = []
        while pos < end:
            item = _ITEM.match(text, pos, end)
            if item is None:
                items = []
                break
            if item.group("string") is not None:
                items.append((item.start() + 1, item.end() - 1))
            pos = item.end()
        out += items
    return out


_BLOCK = """\
export async function getSurvey{i}(surveyId: string, environmentId: string) {{
  const survey = await prisma.survey.findUnique({{
    where: {{ id: surveyId, environmentId }},
    select: {{ id: true, name: true, status: true, createdAt: true, updatedAt: true }},
  }});
  if (!survey) throw new ResourceNotFoundError("Survey", surveyId);
  const responses = await prisma.response.count({{ where: {{ surveyId: survey.id }} }});
  return {{ ...survey, responseCount: responses, displayPercentage: {i} / 100 }};
}}

"""
_USES = (
    'const rows = await prisma.$queryRaw`SELECT * FROM "{name}" WHERE id = ${{id}}`;\n',
    "// {name} keeps the survey answers\n",
    'export const {name}Table = "{name}";\n',
)
NAMES = ("Response", "Display", "Contact", "Tag", "Webhook")


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    env.update(GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@x", GIT_COMMITTER_NAME="b")
    env["GIT_COMMITTER_EMAIL"] = "b@x"
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def make_tree(root: Path, files: int) -> None:
    """A committed repository of ``files`` TypeScript files of about 9 KB."""
    for i in range(files):
        folder = root / "apps" / "web" / f"mod{i % 150:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        body = "".join(_BLOCK.format(i=f"{i}_{k}") for k in range(14))
        name = NAMES[i % len(NAMES)]
        body += _USES[i % len(_USES)].format(name=name)
        (folder / f"service{i}.ts").write_text(body, encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "tree")


def _targets() -> list[Target]:
    return [
        Target(
            "table", n, "1", n.lower() + "s", (n,), ("public",), (), True, False, (n,), "postgres"
        )
        for n in NAMES
    ]


def _cpu(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="dbnamelint-bench-lists-"))
    try:
        make_tree(root, args.files)
        texts = [p.read_text(encoding="utf-8") for p in root.rglob("*.ts")]
        size = sum(len(t) for t in texts) / 1e6
        targets = _targets()
        print(f"tree: {len(texts)} files, {size:.1f} MB (every file names a legacy table)")

        def run_search() -> object:
            return search(root, targets)

        with mock.patch.object(scan, "table_list_items", old_table_list_items):
            before = _cpu(run_search, args.repeat)
        after = _cpu(run_search, args.repeat)
        print(f"search CPU: before {before:.2f} s, after {after:.2f} s ({before / after:.2f}x)")
        old_pass = _cpu(lambda: [old_table_list_items(t) for t in texts], args.repeat)
        new_pass = _cpu(lambda: [table_list_items(t) for t in texts], args.repeat)
        print(
            f"table-list pass CPU: before {old_pass:.2f} s, after {new_pass:.3f} s "
            f"({old_pass / max(new_pass, 1e-9):.0f}x); share of the search before "
            f"{old_pass / before:.0%}, after {new_pass / after:.0%}"
        )
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(run_search)
            pstats.Stats(profile).sort_stats("tottime").print_stats(8)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
