"""The Flyway history table a project's own configuration names.

Flyway records applied migrations in ``flyway_schema_history`` unless its
``table`` setting names another (Flyway's ``flyway.table``, in a
``flyway.conf``; Spring Boot's ``spring.flyway.table``, in an
``application.properties``/``.yml`` or any properties file the app loads:
hawkbit's ``hawkbit-jpa-flyway-defaults.properties`` sets
``spring.flyway.table=schema_version``). The rollback advice ``migrate``
prints deletes the version's row from that table, so it names the
configured one when the files beside the migrations say it.

Where: the folders from the migration folder up to the tree's root, each
with the files directly in it and in its ``src/main/resources/`` and
``config/`` (Spring Boot's places for them). One name found is used; none,
or several different ones, and the advice says which settings to look at.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import yaml

from dbnamelint.core.lazyre import lazy_compile

#: ``spring.flyway.table=x`` / ``flyway.table: x`` in a properties or conf file.
_PROPERTY = lazy_compile(r"^\s*(?:spring\.)?flyway\.table\s*[=:]\s*(\S.*?)\s*$", re.MULTILINE)
_SUFFIXES = (".properties", ".conf", ".yml", ".yaml")
_PLACES = ("", "src/main/resources", "config")
#: A name a table can be (no ``${placeholder}``, which Spring resolves at run time).
_NAME = lazy_compile(r"[A-Za-z_][A-Za-z0-9_$.]*")


def configured_history_table(folder: Path, root: Path) -> tuple[str, str] | None:
    """The history table named in the settings files from ``folder`` up to
    ``root`` (both absolute), with the first file naming it, when exactly one
    name is found."""
    found: dict[str, str] = {}
    current = folder
    while True:
        for place in _PLACES:
            for table, path in _tables_in(os.path.normpath(current / place)):
                found.setdefault(table, path)
        if current in (root, current.parent) or root not in current.parents:
            break
        current = current.parent
    return next(iter(found.items())) if len(found) == 1 else None


@functools.lru_cache(maxsize=256)
def _tables_in(folder: str) -> tuple[tuple[str, str], ...]:
    """(table, file) for each history table a settings file of ``folder`` names."""
    try:
        paths = sorted(Path(folder).iterdir())
    except OSError:
        return ()
    out: list[tuple[str, str]] = []
    for path in paths:
        if not path.name.lower().endswith(_SUFFIXES):
            continue
        try:
            if not path.is_file() or path.stat().st_size > 1_000_000:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if "flyway" not in text:
            continue
        tables = (
            _yaml_tables(text)
            if path.name.lower().endswith((".yml", ".yaml"))
            else {m.group(1) for m in _PROPERTY.finditer(text)}
        )
        out += [(t, str(path)) for t in sorted(tables) if _NAME.fullmatch(t)]
    return tuple(out)


def _yaml_tables(text: str) -> set[str]:
    """``spring: {flyway: {table: x}}``, ``flyway: {table: x}`` or the dotted
    keys, in each document of a YAML file."""
    out: set[str] = set()
    try:
        documents = list(yaml.safe_load_all(text))
    except yaml.YAMLError:
        return out
    for document in documents:
        if not isinstance(document, dict):
            continue
        for path in (("spring", "flyway", "table"), ("flyway", "table")):
            value = _lookup(document, path)
            if isinstance(value, str):
                out.add(value)
    return out


def _lookup(node: object, path: tuple[str, ...]) -> object:
    """``path`` in nested mappings, a dotted key standing for several levels."""
    if not path:
        return node
    if not isinstance(node, dict):
        return None
    for size in range(len(path), 0, -1):
        key = ".".join(path[:size])
        if key in node:
            found = _lookup(node[key], path[size:])
            if found is not None:
                return found
    return None
