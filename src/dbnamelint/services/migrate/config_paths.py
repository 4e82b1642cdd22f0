"""A written migration the config's ``paths`` do not reach: appended to them.

A project that lists its schema files one by one (``paths: [sql/b.sql,
sql/a.sql]``, the order its own runner applies them) has no folder for a
new migration to land in: ``dbnamelint check`` would never read the file
``migrate --write`` writes. The file is added as the last entry of
``paths`` (the replay order is the order of ``paths``, so it replays last),
in the config file itself, by a text edit that keeps every other byte
(comments, order, quoting): an item after the last one of a block list, or
``, item`` before the ``]`` of a flow list (and of a ``pyproject.toml``
array under ``[tool.dbnamelint]``). The edit is checked by loading the new
text: it must mean the old config with one more path, else the command
refuses and says what to add by hand.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml
from msgspec import Struct

from dbnamelint.config import ConfigError, parse_located_yaml, yamlsafe
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.globs import GLOB_CHARS, translate_glob
from dbnamelint.services.migrate.layout import LayoutError
from dbnamelint.whitelist.writer import digest, last_line, yaml_scalar

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


def reaches(paths: Sequence[str], root: Path, new: Path) -> bool:
    """Whether the configured ``paths`` (relative to ``root``; empty: the
    whole root) take in the file ``new`` (absolute), existing or not: it is
    a path itself, lies in a folder of them, or matches a glob of them."""
    if not paths:
        return True
    target = new.resolve()
    try:
        relative = target.relative_to(root.resolve()).as_posix()
    except ValueError:
        relative = None
    for entry in paths:
        if GLOB_CHARS.search(entry):
            pattern = entry.removeprefix("./")
            if relative is not None and re.fullmatch(translate_glob(pattern), relative):
                return True
            continue
        place = (root / entry).resolve()
        if target == place or place in target.parents:
            return True
    return False


class PathsEdit(Struct, frozen=True):
    """The config file's new text, with ``added`` (root-relative, ``/``) at
    the end of its ``paths``; ``digest`` is of the bytes it was made from."""

    config: Path
    original: str
    text: str
    digest: str
    added: tuple[str, ...]


def appended(config: Path | None, root: Path, new: Sequence[Path]) -> PathsEdit:
    """The edit adding the files ``new`` (absolute, in order) to ``paths`` in ``config``.

    Raises :class:`~.layout.LayoutError`, saying exactly what to add by
    hand, when the config's own ``paths`` is no list this can extend
    (``paths`` set by an ``extends`` layer, a YAML alias...), or when the
    edited text would mean anything else.
    """
    added = tuple(_relative(p, root) for p in new)
    hand = ", ".join(f'"{a}"' for a in added)
    where = config.name if config is not None else "a dbnamelint.yaml"
    entries = "entry" if len(added) == 1 else "entries"
    refusal = (
        f"`dbnamelint check` would not read {', '.join(added)}: the config's `paths` "
        f"name files one by one and reach no folder it could land in, and {where} holds "
        "no `paths` list this command can extend; print the migration instead (without "
        f"--write, or with -o FILE), save it as {', '.join(added)} and add {hand} as the "
        f"last {entries} of `paths` (the replay order); nothing written"
    )
    if config is None:
        raise LayoutError(refusal)
    try:
        raw = config.read_bytes()
        original = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        raise LayoutError(refusal) from None
    if config.name == "pyproject.toml":
        text = _toml_with_items(original, added)
        if text is None:
            raise LayoutError(refusal)
        return PathsEdit(config, original, text, digest(raw), added)
    try:
        data = parse_located_yaml(original, config.name).data
    except ConfigError:
        raise LayoutError(refusal) from None
    text = _with_items(original, [yaml_scalar(a) for a in added])
    if text is None or not isinstance(data, dict) or not isinstance(data.get("paths"), list):
        raise LayoutError(refusal)
    try:
        edited = parse_located_yaml(text, config.name).data
    except ConfigError:
        raise LayoutError(refusal) from None
    if edited != {**data, "paths": [*data["paths"], *added]}:
        raise LayoutError(refusal)
    return PathsEdit(config, original, text, digest(raw), added)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _with_items(text: str, items: Sequence[str]) -> str | None:
    """``text`` with YAML scalars ``items`` after the last item of the root's
    ``paths`` list (block or flow); None when there is no such list."""
    try:
        root, loader = yamlsafe.compose(text)
    except yaml.YAMLError:
        return None
    loader.dispose()
    if not isinstance(root, yaml.MappingNode):
        return None
    node = next(
        (v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "paths"),
        None,
    )
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        return None
    if node.flow_style:
        close = node.end_mark.index - 1  # the "]"
        if text[close : close + 1] != "]":
            return None
        before = text[:close].rstrip()
        return before + "".join(f", {item}" for item in items) + text[len(before) :]
    lines = text.splitlines(keepends=True)
    last = node.value[-1]
    dash = lines[last.start_mark.line][: last.start_mark.column]
    if dash.strip() != "-":
        return None  # an item not alone after its dash
    end = last_line(last)
    ending = "\r\n" if lines[end].endswith("\r\n") else "\n"
    if not lines[end].endswith(("\n", "\r")):
        lines[end] += ending
    lines[end + 1 : end + 1] = [f"{dash}{item}{ending}" for item in items]
    return "".join(lines)


_TOML_TABLE = lazy_compile(
    r"^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*dbnamelint[ \t]*\][ \t]*(?:#.*)?$", re.M
)
_TOML_HEADER = lazy_compile(r"^[ \t]*\[", re.M)
_TOML_PATHS = lazy_compile(r"^[ \t]*paths[ \t]*=[ \t]*\[", re.M)


def _toml_with_items(text: str, added: Sequence[str]) -> str | None:
    """``text`` (a pyproject.toml) with ``added`` after the last item of
    ``[tool.dbnamelint]``'s ``paths`` array; None when that cannot be done
    so that the file means the same with the paths added."""
    try:
        before = tomllib.loads(text).get("tool", {}).get("dbnamelint")
    except tomllib.TOMLDecodeError:
        return None
    table = _TOML_TABLE.search(text)
    if table is None or not isinstance(before, dict) or not isinstance(before.get("paths"), list):
        return None
    following = _TOML_HEADER.search(text, table.end())
    limit = following.start() if following is not None else len(text)
    key = _TOML_PATHS.search(text, table.end(), limit)
    if key is None:
        return None
    found = _array_end(text, key.end() - 1)
    if found is None:
        return None
    _close, last = found
    items = ", ".join(json.dumps(a, ensure_ascii=False) for a in added)
    insert = f" {items}," if text[last - 1] == "," else f", {items}"
    edited = text[:last] + insert + text[last:]
    try:
        after = tomllib.loads(edited).get("tool", {}).get("dbnamelint")
    except tomllib.TOMLDecodeError:
        return None
    return edited if after == {**before, "paths": [*before["paths"], *added]} else None


def _array_end(text: str, start: int) -> tuple[int, int] | None:
    """(index of the ``]`` closing the TOML array opened at ``start``, index
    just after its last item or comma), skipping strings and comments."""
    depth, last, i = 0, start + 1, start
    while i < len(text):
        char = text[i]
        if char == "#":
            i = text.find("\n", i)
            if i < 0:
                return None
            continue
        if char in "\"'":
            quote = char * 3 if text.startswith(char * 3, i) else char
            j = i + len(quote)
            while True:
                k = text.find(quote, j)
                if k < 0:
                    return None
                backslashes = len(text[:k]) - len(text[:k].rstrip("\\"))
                if char == '"' and backslashes % 2:
                    j = k + 1
                    continue
                break
            i = last = k + len(quote)
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return i, last
        if not char.isspace():
            last = i + 1
        i += 1
    return None
