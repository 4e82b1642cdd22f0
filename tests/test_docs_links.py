"""Every link of the user documentation resolves (README.md and docs/*.md).

The README is the guide and docs/ holds its reference files; a section moved
between them must leave no link pointing at a heading that is not there. A
heading's anchor is GitHub's: lower-cased, punctuation but ``-`` and ``_``
dropped, spaces made ``-``, a repeated anchor numbered ``-1``, ``-2``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docs_text import DOCS, README, ROOT

_LINK = re.compile(r"\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6} (.+)$")


def _prose(path: Path) -> list[str]:
    """The lines of ``path`` outside fenced code blocks."""
    lines, fenced = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def _anchors(path: Path) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for line in _prose(path):
        heading = _HEADING.match(line)
        if heading:
            slug = re.sub(r"[^\w\- ]", "", heading.group(1).strip().lower()).replace(" ", "-")
            n = seen.get(slug, 0)
            seen[slug] = n + 1
            found.add(slug if n == 0 else f"{slug}-{n}")
    return found


FILES = [README, *sorted(DOCS.glob("*.md"))]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_local_link_finds_its_file_and_heading(path: Path) -> None:
    broken = []
    for line in _prose(path):
        for target in _LINK.findall(line):
            if re.match(r"[a-z]+:", target):
                continue  # https:, mailto:
            file_part, _, anchor = target.partition("#")
            linked = (path.parent / file_part).resolve() if file_part else path
            if not linked.exists() or (
                anchor and linked.suffix == ".md" and anchor not in _anchors(linked)
            ):
                broken.append(target)
    assert broken == []


def test_the_readme_links_every_reference_file() -> None:
    linked = {m for line in _prose(README) for m in _LINK.findall(line)}
    files = {target.partition("#")[0] for target in linked}
    assert [p.name for p in sorted(DOCS.glob("*.md")) if f"docs/{p.name}" not in files] == []
