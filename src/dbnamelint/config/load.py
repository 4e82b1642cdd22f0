"""``load_settings``: find, read, merge and validate the configuration of a run.

A config is a stack of layers (packs in ``extends`` order, then the file
itself), merged once into a frozen :class:`~dbnamelint.config.settings.Settings`.
Every layer keeps the line of every key it set, so an error found after
merging (a bad rule option from a pack, an unknown rule name) still points
at the file and line that wrote it: users fix configs by going to a line,
not by guessing which of three files is wrong.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from types import MappingProxyType

from msgspec import Struct

from dbnamelint.config.errors import ConfigError, KeyPath, dotted
from dbnamelint.config.files import (
    DEFAULT_WHITELIST,
    absolute,
    display_path,
    find_config,
    project_root,
)
from dbnamelint.config.layers import Layer, collect_layers, load_file_doc
from dbnamelint.config.located import LocatedDocument
from dbnamelint.config.merge import (
    Merged,
    diagnostic_selectors,
    instantiate,
    merge_plain,
    merge_rules,
    select_codes,
)
from dbnamelint.config.model import FlywayInstanceModel, PerPathModel
from dbnamelint.config.selectors import RuleRegistry, expand_all
from dbnamelint.config.settings import PerPathSettings, Settings
from dbnamelint.core.diagnostics import expand_diagnostic_selector
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.globs import GLOB_CHARS, PathGlob
from dbnamelint.model import Location, Severity, WrittenPath
from dbnamelint.rules.base import Rule
from dbnamelint.rules.dependents import column_style_of

DEFAULT_MODULE_PATTERN = "module-{module}/"
DEFAULT_EXTENDS = ("recommended",)


def load_settings(
    cwd: Path,
    config_path: Path | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    extra_extends: Sequence[str] = (),
    *,
    registry: RuleRegistry | None = None,
) -> Settings:
    """Find, read, merge and validate the configuration for a run in ``cwd``.

    ``extra_extends`` (packs named on the command line) are appended to the
    config's own ``extends``, so the config file still has the last word.
    ``registry`` replaces rule discovery (tests, embedding).
    """
    config = merged_config(cwd, config_path, extra_extends)
    merged, root, doc, layers, found = (
        config.merged,
        config.root,
        config.doc,
        config.layers,
        config.found,
    )
    cwd = cwd.resolve()

    pattern = merged.values.get("module_pattern", DEFAULT_MODULE_PATTERN)
    if pattern.count("{module}") != 1:
        raise ConfigError(
            "module_pattern: must contain {module} exactly once, e.g. 'module-{module}/'",
            merged.where("module_pattern"),
        )
    dialect = merged.values.get("dialect")
    if dialect is not None:
        dialect = _normalize_dialect(dialect, merged.where("dialect"))
    search_path = merged.values.get("search_path")
    if search_path is not None:
        search_path = search_path_setting(search_path, merged.where("search_path"))
    flyway_locations, flyway_tables = _flyway_locations(
        merged.values.get("flyway_locations", []), root, merged.where("flyway_locations")
    )

    rules_registry = registry if registry is not None else _discover(merged, root)
    states, config_select, config_ignore = merge_rules(layers, rules_registry)
    cli_select = expand_all(select, rules_registry, None, ("--select",))
    cli_ignore = expand_all(ignore, rules_registry, None, ("--ignore",))
    per_path = _per_path(merged, rules_registry)

    # Configured rules are validated even when disabled, so a typo in the
    # options of a rule switched off today does not wait for the day it is on.
    instances = {
        code: instantiate(code, rules_registry[code], states[code], doc) for code in sorted(states)
    }
    chosen = select_codes(
        rules_registry,
        states,
        config_select=config_select,
        config_ignore=config_ignore,
        cli_select=cli_select,
        cli_ignore=cli_ignore,
    )
    # The standard's column case, as the config chose its rules (not the
    # command line's --select/--ignore, which narrow what runs, not the standard)
    configured = select_codes(
        rules_registry,
        states,
        config_select=config_select,
        config_ignore=config_ignore,
        cli_select=frozenset(),
        cli_ignore=frozenset(),
    )
    column_style = column_style_of(
        instances.get(code) or instantiate(code, rules_registry[code], None, doc)
        for code in configured & {"DBN201"}
    )
    rules: list[tuple[Rule, Severity]] = []
    for code in sorted(chosen):
        cls = rules_registry[code]
        state = states.get(code)
        rule = instances.get(code) or instantiate(code, cls, None, doc)
        severity = state.severity if state and state.severity else cls.default_severity
        rules.append((rule, severity))

    return Settings(
        config_path=found,
        root=root,
        paths=tuple(merged.values.get("paths", ())),
        exclude=tuple(merged.values.get("exclude", ())),
        dialect=dialect,
        module_pattern=pattern,
        modules=MappingProxyType(dict(merged.modules)),
        per_path=per_path,
        rules=tuple(rules),
        whitelist_path=merged.values.get("whitelist", root / DEFAULT_WHITELIST),
        local_rules=tuple(merged.local_rules),
        include_down=bool(merged.values.get("include_down_migrations", False)),
        fail_on=merged.values.get("fail_on") or Severity.ERROR,
        migrate_transaction=merged.values.get("migrate_transaction"),
        registry=rules_registry,
        database_env=merged.values.get("database"),
        database_ignore=tuple(merged.values.get("database_ignore", ())),
        database_schemas=tuple(merged.values.get("database_schemas", ())),
        impact_history=_impact_globs(merged, "impact_history"),
        impact_code=_impact_globs(merged, "impact_code"),
        search_path=search_path,
        flyway_locations=flyway_locations,
        flyway_tables=flyway_tables,
        layers=tuple(layer.doc.path for layer in layers),
        diagnostic_selection=diagnostic_selectors(layers),
        config_selection=diagnostic_selectors(layers),
        narrowed=bool(cli_select or cli_ignore),
        column_style=column_style,
    )


#: A ``databases:`` name: it labels findings and whitelist entries.
_DATABASE_NAME = lazy_compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


class MergedConfig(Struct, frozen=True):
    """A config read and merged, before any rule is discovered."""

    merged: Merged
    root: Path
    doc: LocatedDocument
    layers: tuple[Layer, ...]
    found: Path | None  # the config file; None: the default config


def merged_config(
    cwd: Path, config_path: Path | None = None, extra_extends: Sequence[str] = ()
) -> MergedConfig:
    """The config's layers merged (no rule discovered, no local rule code
    imported), with its root, file and layers: what :func:`load_settings`
    starts from, and what the gate reads ``local_rules`` from without
    running them (:mod:`dbnamelint.services.local_rules_gate`)."""
    cwd = cwd.resolve()
    found: Path | None
    if config_path is not None:
        found = absolute(cwd / config_path)
        if not os.path.lexists(found) and (cwd / config_path).exists():
            # a link to no path, that opens all the same: a shell's process
            # substitution (``--config <(...)``: /dev/fd/63 -> "pipe:[...]"),
            # read as given so that reading says what it is
            found = Path(os.path.normpath(cwd / config_path))
        if not os.path.lexists(found):
            raise ConfigError("no such config file", Location(display_path(found, cwd), 1, 1))
    else:
        found = find_config(cwd)
    if found is None:
        root = cwd
        doc = LocatedDocument("<default config>", {"extends": list(DEFAULT_EXTENDS)})
        identity = "<default config>"
    else:
        root = found.parent
        doc = load_file_doc(found, cwd)
        identity = str(found)
    layers = collect_layers(
        doc, root, identity, cwd=cwd, stack=(), seen={identity}, extra_extends=extra_extends
    )
    merged = merge_plain(layers, project_root(root))
    return MergedConfig(merged, root, doc, tuple(layers), found)


def _databases(merged: Merged) -> tuple[PerPathSettings, ...]:
    """``databases: {name: [folder or glob, ...]}`` as ``per_path`` items
    setting ``database``; a folder written without glob characters covers
    every file below it. Raises :class:`ConfigError` at a bad name or an
    empty list."""
    spec: dict[str, list[str]] = merged.values.get("databases", {})
    if not spec:
        return ()
    layer, _ = merged.origin["databases"]
    out: list[PerPathSettings] = []
    for name, folders in spec.items():
        if not _DATABASE_NAME.fullmatch(name):
            raise ConfigError(
                f"databases: {name!r} is not a database name (letters, digits, '_', '.', '-')",
                layer.doc.locate(("databases", name)),
            )
        if not folders:
            raise ConfigError(
                f"databases.{name}: list the folders or globs holding its files",
                layer.doc.locate(("databases", name)),
            )
        globs = _checked_globs(folders, layer.doc, ("databases", name))
        patterns: list[str] = []
        written: list[WrittenPath] = []
        for number, pattern in enumerate(globs):
            where = WrittenPath(
                f"databases.{name}[{number}]",
                pattern,
                layer.doc.locate(("databases", name, number)),
            )
            patterns.append(pattern)
            written.append(where)
            if not GLOB_CHARS.search(pattern):
                patterns.append(pattern.rstrip("/") + "/**")
                written.append(where)
        out.append(PerPathSettings(tuple(patterns), database=name, written=tuple(written)))
    return tuple(out)


def _per_path(merged: Merged, registry: RuleRegistry) -> tuple[PerPathSettings, ...]:
    items: list[PerPathModel] = merged.values.get("per_path", [])
    if not items:
        return _databases(merged)
    layer, _ = merged.origin["per_path"]
    out: list[PerPathSettings] = []
    for index, item in enumerate(items):
        dialect = item.dialect
        if dialect is not None:
            dialect = _normalize_dialect(dialect, layer.doc.locate(("per_path", index, "dialect")))
        if item.database is not None and not _DATABASE_NAME.fullmatch(item.database):
            raise ConfigError(
                f"per_path[{index}].database: {item.database!r} is not a database name "
                "(letters, digits, '_', '.', '-')",
                layer.doc.locate(("per_path", index, "database")),
            )
        key = ("per_path", index, "ignore")
        ignore = expand_all(item.ignore, registry, layer.doc, key, diagnostics=True)
        # Diagnostic codes too (DBN004 in generated files), as the top-level ``ignore``.
        for selector in item.ignore:
            ignore |= expand_diagnostic_selector(selector)
        paths = _checked_globs(item.paths, layer.doc, ("per_path", index, "paths"))
        search_path = None
        if item.search_path is not None:
            where = layer.doc.locate(("per_path", index, "search_path"))
            search_path = search_path_setting(item.search_path, where)
        written: tuple[WrittenPath, ...] = ()
        if item.database is not None:
            written = tuple(
                WrittenPath(
                    f"per_path[{index}].paths[{number}]",
                    pattern,
                    layer.doc.locate(("per_path", index, "paths", number)),
                )
                for number, pattern in enumerate(paths)
            )
        out.append(
            PerPathSettings(
                paths, dialect, item.module, ignore, search_path, item.database, written
            )
        )
    return (*_databases(merged), *out)


def _impact_globs(merged: Merged, key: str) -> tuple[str, ...]:
    """``impact_history:``/``impact_code:`` globs, each known to compile
    (else a :class:`ConfigError` at its line)."""
    patterns: list[str] = merged.values.get(key, [])
    if not patterns:
        return ()
    layer, _ = merged.origin[key]
    return _checked_globs(patterns, layer.doc, (key,))


def _checked_globs(
    patterns: Sequence[str], doc: LocatedDocument, key_path: KeyPath
) -> tuple[str, ...]:
    """The globs, once each is known to compile: matching happens per finding,
    long after the config's lines are at hand to point at."""
    for number, pattern in enumerate(patterns):
        try:
            PathGlob.compile(pattern)
        except ValueError as exc:
            where = (*key_path, number)
            raise ConfigError(f"{dotted(where)}: {exc}", doc.locate(where)) from None
    return tuple(patterns)


def _flyway_locations(
    value: Sequence[Sequence[str] | FlywayInstanceModel], root: Path, where: Location | None
) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, str], ...]]:
    """Config ``flyway_locations`` as absolute folders, one tuple per Flyway
    instance, and (folder, history table) for each folder of an instance
    written as ``{locations: [...], table: name}``; an empty instance, an
    empty or absolute folder, or a folder named twice is a located
    :class:`ConfigError`."""
    out: list[tuple[str, ...]] = []
    tables: list[tuple[str, str]] = []
    seen: set[str] = set()
    for index, item in enumerate(value):
        table = item.table if isinstance(item, FlywayInstanceModel) else None
        locations = item.locations if isinstance(item, FlywayInstanceModel) else item
        if not locations:
            raise ConfigError(
                f"flyway_locations[{index}]: an empty list; name the folders one Flyway "
                "instance runs, e.g. [db/migration, db/migration_data]",
                where,
            )
        folders = []
        for folder in locations:
            text = folder.strip().strip("/")
            if not text or Path(folder).is_absolute():
                raise ConfigError(
                    f"flyway_locations[{index}]: {folder!r} is not a folder relative to the "
                    "config's folder",
                    where,
                )
            full = os.path.normpath(root / text)
            if full in seen:
                raise ConfigError(
                    f"flyway_locations[{index}]: {folder!r} is named twice; a folder belongs "
                    "to one Flyway instance",
                    where,
                )
            seen.add(full)
            folders.append(full)
        out.append(tuple(folders))
        if table:
            tables += [(folder, str(table)) for folder in folders]
    return tuple(out), tuple(tables)


def search_path_setting(value: str | Sequence[str], where: Location | None) -> tuple[str, ...]:
    """A ``search_path`` setting as schema names the catalog stores.

    A string is read as PostgreSQL reads the setting (``storage, public``:
    unquoted names folded to lower case, ``"Quoted"`` kept); a list holds
    the names exactly as stored. Raises :class:`ConfigError` at ``where``
    for an empty name.
    """
    from dbnamelint.frontends.sql.parsing.session import parse_search_path

    entries = parse_search_path(value) if isinstance(value, str) else tuple(value)
    if any(not entry for entry in entries):
        raise ConfigError(
            "search_path: an empty schema name; write schema names separated by commas "
            "(search_path: 'storage, public') or a list ([storage, public])",
            where,
        )
    return entries


def _normalize_dialect(name: str, where: Location | None) -> str:
    try:
        from dbnamelint.dialects import normalize_dialect
    except ImportError:  # pragma: no cover - until the sources layer lands
        return name.lower()
    try:
        return normalize_dialect(name)
    except ValueError as exc:
        raise ConfigError(f"dialect: {exc}", where) from None


def _discover(merged: Merged, root: Path) -> RuleRegistry:
    from dbnamelint.rules.registry import RuleLoadError, discover_rules

    try:
        return discover_rules(tuple(merged.local_rules), root)
    except RuleLoadError as exc:
        raise ConfigError(f"local_rules: {exc}", merged.where("local_rules")) from None
