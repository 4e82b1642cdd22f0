"""The Flyway history table a project's own configuration names.

Flyway records applied migrations in ``flyway_schema_history`` unless its
``table`` setting names another (Flyway's ``flyway.table``, in a
``flyway.conf``; Micronaut's ``flyway.datasources.<name>.table``; Spring
Boot's ``spring.flyway.table``, in an ``application.properties``/``.yml`` or
any properties file the app loads:
hawkbit's ``hawkbit-jpa-flyway-defaults.properties`` sets
``spring.flyway.table=schema_version``). The rollback advice ``migrate``
prints deletes the version's row from that table, so it names the
configured one when the files beside the migrations say it.

Where: the folders from the migration folder up to the tree's root, each
with the files directly in it and in its ``src/main/resources/`` and
``config/`` (Spring Boot's places for them). One name found is used; none,
or several different ones, and the advice says which settings to look at.

Flyway's ``outOfOrder`` and ``ignoreMigrationPatterns`` are read the same
way, and also from the settings of the tree's modules (kestra's
``cli/src/main/resources/application.yml`` configures the migrations of
``jdbc-postgres/``): ``DBN016`` and ``DBN025`` say what the project's Flyway
does with a late or a missing migration, not only what it does by default
(:func:`flyway_switches`).
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import NamedTuple

from dbnamelint.core.lazyre import lazy_compile

#: ``spring.flyway.table=x`` / ``flyway.table: x`` in a properties or conf file.
_PROPERTY = lazy_compile(
    r"^\s*(?:spring\.)?flyway\.(?:datasources\.[\w-]+\.)?table\s*[=:]\s*(\S.*?)\s*$", re.MULTILINE
)
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
    out: list[tuple[str, str]] = []
    for path, text in _settings_files(folder):
        tables = (
            _yaml_tables(text)
            if path.lower().endswith((".yml", ".yaml"))
            else {m.group(1) for m in _PROPERTY.finditer(text)}
        )
        out += [(t, path) for t in sorted(tables) if _NAME.fullmatch(t)]
    return tuple(out)


def _yaml_tables(text: str) -> set[str]:
    """``spring: {flyway: {table: x}}``, ``flyway: {table: x}`` or the dotted
    keys, in each document of a YAML file."""
    import yaml  # (only when a settings file mentions Flyway: the hook need not load it)

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
        # Micronaut's flyway.datasources.<name>.table
        sources = _lookup(document, ("flyway", "datasources"))
        if isinstance(sources, dict):
            out.update(
                b["table"]
                for b in sources.values()
                if isinstance(b, dict) and isinstance(b.get("table"), str)
            )
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


class FlywaySwitch(NamedTuple):
    """A Flyway setting a project's files give, and the first file giving it."""

    value: str
    path: str


#: Flyway's ``outOfOrder`` and ``ignoreMigrationPatterns`` as each runner's
#: settings spell them (Flyway's ``flyway.conf``: ``flyway.outOfOrder``;
#: Spring Boot: ``spring.flyway.out-of-order``; Micronaut:
#: ``flyway.datasources.<name>.out-of-order``), compared without ``-``/``_``
#: and case.
_SWITCHES = {"outoforder": "outOfOrder", "ignoremigrationpatterns": "ignoreMigrationPatterns"}
#: ``[spring.]flyway.[datasources.<name>.]<key> = value`` in a properties or conf file.
_SWITCH_LINE = lazy_compile(
    r"^\s*(?:spring\.)?flyway\.(?:datasources\.[\w-]+\.)?([\w-]+)\s*[=:]\s*(\S.*?)\s*$",
    re.MULTILINE,
)
#: Where a multi-module build keeps the application's settings: each module's.
_MODULE_PLACES = ("*/src/main/resources", "*/config")


def flyway_switches(folder: Path, root: Path) -> dict[str, FlywaySwitch]:
    """``outOfOrder`` and ``ignoreMigrationPatterns`` (by those names) as the
    project's settings files set them for the migrations in ``folder`` (both
    absolute): the files from ``folder`` up to ``root`` (as for the history
    table) and those of ``root``'s modules (kestra's ``cli/src/main/resources/
    application.yml`` sets them for ``jdbc-h2/``'s migrations). A Micronaut
    datasource whose ``locations`` name another folder's classpath path is not
    ``folder``'s; a setting given two ways is not known."""
    places: list[str] = []
    current = folder
    while True:
        places += [os.path.normpath(current / place) for place in _PLACES]
        if current in (root, current.parent) or root not in current.parents:
            break
        current = current.parent
    for pattern in _MODULE_PLACES:
        places += sorted(str(p) for p in root.glob(pattern))
    found: dict[str, dict[str, str]] = {}
    tail = folder.as_posix()
    for place in dict.fromkeys(places):
        for key, value, path, locations in _switches_in(place):
            if locations and not any(tail.endswith("/" + loc.strip("/")) for loc in locations):
                continue
            found.setdefault(key, {}).setdefault(value, path)
    return {
        key: FlywaySwitch(*next(iter(values.items())))
        for key, values in found.items()
        if len(values) == 1
    }


@functools.lru_cache(maxsize=256)
def _switches_in(folder: str) -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """(setting, value, file, the classpath folders its datasource names) for
    each Flyway switch a settings file of ``folder`` sets."""
    out: list[tuple[str, str, str, tuple[str, ...]]] = []
    for path, text in _settings_files(folder):
        if path.lower().endswith((".yml", ".yaml")):
            out += [(k, v, path, locs) for k, v, locs in _yaml_switches(text)]
            continue
        for match in _SWITCH_LINE.finditer(text):
            key = _SWITCHES.get(match.group(1).replace("-", "").replace("_", "").lower())
            if key is not None:
                out.append((key, match.group(2).strip("\"'"), path, ()))
    return tuple(out)


def _settings_files(folder: str) -> list[tuple[str, str]]:
    """(path, text) of the settings files of ``folder`` that mention Flyway."""
    try:
        paths = sorted(Path(folder).iterdir())
    except OSError:
        return []
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
        if "flyway" in text:
            out.append((str(path), text))
    return out


def _yaml_switches(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(setting, value, datasource locations) of ``spring.flyway``,
    ``flyway`` and each ``flyway.datasources.<name>`` of a YAML file."""
    import yaml  # (as above)

    try:
        documents = list(yaml.safe_load_all(text))
    except yaml.YAMLError:
        return []
    out: list[tuple[str, str, tuple[str, ...]]] = []
    for document in documents:
        if not isinstance(document, dict):
            continue
        blocks: list[tuple[object, tuple[str, ...]]] = [
            (_lookup(document, ("spring", "flyway")), ()),
            (_lookup(document, ("flyway",)), ()),
        ]
        sources = _lookup(document, ("flyway", "datasources"))
        if isinstance(sources, dict):
            for block in sources.values():
                if isinstance(block, dict):
                    blocks.append((block, _classpaths(block.get("locations"))))
        for block, locations in blocks:
            if not isinstance(block, dict):
                continue
            for name, value in block.items():
                key = _SWITCHES.get(str(name).replace("-", "").replace("_", "").lower())
                if key is not None and isinstance(value, (str, bool)):
                    said = str(value).lower() if isinstance(value, bool) else value
                    out.append((key, said, locations))
    return out


def _classpaths(value: object) -> tuple[str, ...]:
    """The ``classpath:`` folders of a ``locations`` setting (a list or a
    comma-separated string)."""
    items = value if isinstance(value, list) else str(value or "").split(",")
    return tuple(
        str(item).strip().removeprefix("classpath:")
        for item in items
        if str(item).strip().startswith("classpath:")
    )


def ignores_missing(switches: dict[str, FlywaySwitch]) -> FlywaySwitch | None:
    """The ``ignoreMigrationPatterns`` setting when it ignores a versioned
    migration applied but missing here (``*:missing``, ``versioned:missing``)."""
    found = switches.get("ignoreMigrationPatterns")
    if found is None:
        return None
    patterns = {p.strip().lower() for p in found.value.split(",")}
    return found if patterns & {"*:missing", "versioned:missing"} else None


def out_of_order(switches: dict[str, FlywaySwitch]) -> FlywaySwitch | None:
    """The ``outOfOrder`` setting when it is on."""
    found = switches.get("outOfOrder")
    return found if found is not None and found.value.strip().lower() == "true" else None
