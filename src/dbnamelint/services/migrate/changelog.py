"""A Liquibase master changelog that lists its SQL files: include one more, last.

Liquibase runs only what its changelog reaches: files named by ``include``
(in that order) or every file of an ``includeAll`` folder (in name order).
When the changelog that includes the migration beside which a new one is
written lists files one by one, the new file gets its own ``include``, a copy
of the entry that includes its neighbour (same path style, same
``relativeToChangelogFile``), placed after the last ``include`` so it runs
last. YAML and XML changelogs are edited as text, keeping everything else
byte for byte; other formats are named in the plan for a hand edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from dbnamelint.liquibase_sql import CHANGELOG_SUFFIXES, is_changelog_text, read_head

#: Names Liquibase changelogs go by (``db.changelog-master.yaml``, ``changelog.xml``).
_MASTER = re.compile(r"changelog.*\.(?:ya?ml|xml|json)$", re.IGNORECASE)
_YAML_INCLUDE = re.compile(r"^(?P<indent>[ \t]*)-[ \t]*include[ \t]*:", re.MULTILINE)
_XML_INCLUDE = re.compile(r"<include\b[^>]*?/>|<include\b[^>]*?>.*?</include\s*>", re.DOTALL)
_INCLUDE_ALL = re.compile(r"\bincludeAll\b")
_MAX_BYTES = 1_000_000


@dataclass(frozen=True, slots=True)
class ChangelogEdit:
    """A changelog that lists files, and its text with the new file included last."""

    path: Path
    before: str
    after: str


def find_master(anchor: Path, stop: Path) -> tuple[Path, str] | None:
    """The changelog (in ``anchor``'s folder or above, up to ``stop``) naming ``anchor``."""
    folder = anchor.parent
    stop = stop.resolve()
    while True:
        for path in sorted(folder.iterdir()) if folder.is_dir() else ():
            if _is_changelog(path):
                try:
                    if path.stat().st_size > _MAX_BYTES:
                        continue
                    with path.open(encoding="utf-8", newline="") as handle:
                        text = handle.read()  # line endings kept: the edit keeps them
                except (OSError, UnicodeDecodeError):
                    continue
                if anchor.name in text:
                    return path, text
        if folder.resolve() == stop or folder.parent == folder:
            return None
        folder = folder.parent


def _is_changelog(path: Path) -> bool:
    """A changelog by its name (``db.changelog-master.yaml``) or, whatever its name
    (JHipster's ``master.xml``), by its first characters (``<databaseChangeLog``)."""
    if not path.name.lower().endswith(CHANGELOG_SUFFIXES) or not path.is_file():
        return False
    return bool(_MASTER.search(path.name)) or is_changelog_text(read_head(str(path)))


def include_last(master: Path, text: str, anchor: Path, new: Path) -> ChangelogEdit | None:
    """``text`` with an include of ``new`` after the last include, or None.

    None when the changelog does not list ``anchor`` in an include of a
    format edited here (the caller says so in the plan). Raises nothing.
    """
    if master.suffix.lower() in (".yaml", ".yml"):
        after = _yaml(text, anchor.name, new.name)
    elif master.suffix.lower() == ".xml":
        after = _xml(text, anchor.name, new.name)
    else:
        after = None
    return ChangelogEdit(master, text, after) if after is not None else None


def lists_by_folder(text: str) -> bool:
    """Whether the changelog uses ``includeAll`` (file-name order, nothing to add)."""
    return bool(_INCLUDE_ALL.search(text))


def _entry_end(lines: list[str], start: int, indent: int) -> int:
    """Index after the YAML list entry starting at ``start`` (deeper lines belong to it)."""
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def _yaml(text: str, anchor: str, new: str) -> str | None:
    lines = text.splitlines(keepends=True)
    starts = [
        i for i, line in enumerate(lines) if _YAML_INCLUDE.match(line) and "includeAll" not in line
    ]
    entries = []
    for start in starts:
        indent = len(lines[start]) - len(lines[start].lstrip())
        entries.append((start, _entry_end(lines, start, indent)))
    model = next((e for e in entries if anchor in "".join(lines[e[0] : e[1]])), None)
    if model is None:
        return None
    eol = "\r\n" if "\r\n" in text else "\n"
    block = "".join(lines[model[0] : model[1]])
    if not block.endswith("\n"):
        block += eol
    copy = _rename(block, anchor, new)
    last_end = entries[-1][1]
    head = "".join(lines[:last_end])
    if not head.endswith("\n"):
        head += eol
    tail = "".join(lines[last_end:])
    if not tail and not text.endswith("\n"):
        copy = copy[: -len(eol)]  # the file ended without a line break: so does the edit
    return head + copy + tail


def _xml(text: str, anchor: str, new: str) -> str | None:
    found = list(_XML_INCLUDE.finditer(text))
    model = next((m for m in found if anchor in m.group(0)), None)
    if model is None:
        return None
    last = found[-1]
    line_start = text.rfind("\n", 0, model.start()) + 1
    indent = text[line_start : model.start()]
    indent = indent if not indent.strip() else ""
    element = _rename(model.group(0), anchor, new)
    eol = "\r\n" if "\r\n" in text else "\n"
    return text[: last.end()] + eol + indent + element + text[last.end() :]


def _rename(entry: str, anchor: str, new: str) -> str:
    """``entry`` with the file name ``anchor`` (a whole path segment) replaced by ``new``."""
    pattern = re.compile(r"(?<![^/\s\"':=])" + re.escape(anchor) + r"(?=[\"'\s,}]|$)")
    return pattern.sub(lambda _: new, entry, count=1)
