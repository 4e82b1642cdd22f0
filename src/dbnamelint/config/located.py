"""YAML and TOML documents that remember where each key was written.

pydantic reports errors as key paths; these documents turn a key path back
into a file, line and column, so a config error points at the line to fix.
YAML goes through :mod:`dbnamelint.config.yamlsafe` (bounded, never
blocking); ``pyproject.toml`` through :mod:`tomllib`, with key lines found
by a line scan.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from msgspec import Struct, field

from dbnamelint.config import regular, yamlsafe
from dbnamelint.config.errors import ConfigError, KeyPath, dotted
from dbnamelint.core import tomlread
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import Location


class LocatedDocument(Struct, frozen=True):
    """Parsed data plus the (line, column) of every key and list item.

    pydantic reports errors as key paths; this turns a key path back into a
    place in the file. A path that was never written (a missing required
    key) falls back to its nearest written parent.
    """

    path: str
    data: Any
    marks: Mapping[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, key_path: Sequence[str | int] = ()) -> Location:
        """Location of ``key_path`` or of its closest ancestor that was written."""
        parts = tuple(key_path)
        for n in range(len(parts), -1, -1):
            mark = self.marks.get(parts[:n])
            if mark is not None:
                return Location(self.path, mark[0], mark[1])
        return Location(self.path, 1, 1)


def _collect_marks(
    node: yaml.Node,
    path: KeyPath,
    marks: dict[KeyPath, tuple[int, int]],
    display: str,
) -> None:
    """Record each key's and item's position; refuse duplicate keys.

    PyYAML silently keeps the last of two equal keys, which hides typos such
    as a rule configured twice; we make it an error instead.
    """
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            child: KeyPath = (*path, key)
            line = key_node.start_mark.line + 1
            if key in seen:
                where = Location(display, line, key_node.start_mark.column + 1)
                raise ConfigError(
                    f"{dotted(child)}: duplicate key (first written at line {seen[key]})",
                    where,
                )
            seen[key] = line
            marks[child] = (line, key_node.start_mark.column + 1)
            _collect_marks(value_node, child, marks, display)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            item_path: KeyPath = (*path, index)
            marks[item_path] = (item.start_mark.line + 1, item.start_mark.column + 1)
            _collect_marks(item, item_path, marks, display)


def parse_located_yaml(text: str, display: str) -> LocatedDocument:
    """Parse YAML text, keeping key positions; YAML errors become ConfigError.

    Goes through :mod:`dbnamelint.config.yamlsafe`, so aliases that expand without
    bound, recursive aliases, deep nesting and control characters are
    located errors before anything walks the document.
    """
    try:
        node, loader = yamlsafe.compose(text)
    except yamlsafe.SafeYamlError as exc:
        raise ConfigError(exc.message, Location(display, exc.line, exc.column)) from None
    try:
        if node is None:
            return LocatedDocument(display, None, {})
        marks: dict[KeyPath, tuple[int, int]] = {(): (1, 1)}
        _collect_marks(node, (), marks, display)
        data = yamlsafe.construct(loader, node)
    except yamlsafe.SafeYamlError as exc:
        raise ConfigError(exc.message, Location(display, exc.line, exc.column)) from None
    finally:
        loader.dispose()
    return LocatedDocument(display, data, marks)


def read_text(path: Path, display: str) -> str:
    """Read a config-like file: regular files only, bounded, UTF-8.

    OS and decoding errors, FIFOs and devices become a located ConfigError.
    """
    try:
        return regular.read_regular_text(path)
    except FileNotFoundError:
        raise ConfigError("no such file", Location(display, 1, 1)) from None
    except yamlsafe.SafeYamlError as exc:
        raise ConfigError(exc.message, Location(display, exc.line, exc.column)) from None


def load_located_yaml(path: Path, display: str | None = None) -> LocatedDocument:
    """Read and parse a YAML file with key positions."""
    shown = display or str(path)
    return parse_located_yaml(read_text(path, shown), shown)


_TOML_HEADER = lazy_compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_TOML_KEY = lazy_compile(
    r"^\s*((?:[A-Za-z0-9_\-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|\"[^\"]*\"|'[^']*'))*)\s*="
)
_TOML_LINE_COLUMN = lazy_compile(r"at line (\d+), column (\d+)")
_TOOL_SECTION = ("tool", "dbnamelint")


def _toml_key_parts(text: str) -> tuple[str, ...]:
    parts = re.findall(r"\"[^\"]*\"|'[^']*'|[^.\s]+", text)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


def _toml_marks(text: str) -> dict[KeyPath, tuple[int, int]]:
    """Approximate key lines of ``[tool.dbnamelint]`` by scanning the text.

    tomllib keeps no positions. A line scan of table headers and ``key =``
    lines is exact for the usual layouts and only falls back to a parent's
    line for keys inside inline tables, which is good enough for an error.
    """
    marks: dict[KeyPath, tuple[int, int]] = {}
    table: tuple[str, ...] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TOML_HEADER.match(line)
        if header:
            parts = _toml_key_parts(header.group(1))
            if parts[:2] == _TOOL_SECTION:
                table = parts[2:]
                marks.setdefault(table, (number, 1))
            else:
                table = None
            continue
        key = _TOML_KEY.match(line)
        if key and table is not None:
            column = len(line) - len(line.lstrip()) + 1
            marks.setdefault((*table, *_toml_key_parts(key.group(1))), (number, column))
    return marks


def load_pyproject(path: Path, display: str | None = None) -> LocatedDocument | None:
    """The ``[tool.dbnamelint]`` table of a pyproject.toml, or None when absent."""
    shown = display or str(path)
    text = read_text(path, shown)
    try:
        data = tomlread.loads(text)  # the TOML reader imported only for a pyproject.toml
    except ValueError as exc:  # TOMLDecodeError is one
        found = _TOML_LINE_COLUMN.search(str(exc))
        line, column = (int(found.group(1)), int(found.group(2))) if found else (1, 1)
        message = str(exc).split(" (at line")[0]
        raise ConfigError(f"invalid TOML: {message}", Location(shown, line, column)) from None
    section = data.get("tool", {}).get("dbnamelint")
    if section is None:
        return None
    return LocatedDocument(shown, section, _toml_marks(text))
