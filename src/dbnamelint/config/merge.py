"""Merging the layers: plain settings, rules, and which rules run.

Later layers win key by key; a rule's options merge option by option, and
each remembers the layer that set it, so an invalid option from a pack is
blamed on that pack's line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct, field
from pydantic import ValidationError

from dbnamelint.config.errors import ConfigError, KeyPath, dotted
from dbnamelint.config.layers import Layer
from dbnamelint.config.located import LocatedDocument
from dbnamelint.config.model import best_error, validation_error
from dbnamelint.config.selectors import RuleRegistry, expand_all, expand_selector
from dbnamelint.core.diagnostics import (
    DiagnosticSelection,
    expand_diagnostic_selector,
    selection_from,
)
from dbnamelint.model import Location, Severity
from dbnamelint.rules.base import Rule


class _RuleState(Struct):
    """What the layers said about one rule so far (merge scratchpad)."""

    enabled: bool | None = None
    severity: Severity | None = None
    options: dict[str, Any] = field(default_factory=dict)
    option_origin: dict[str, tuple[LocatedDocument, KeyPath]] = field(default_factory=dict)
    origin: tuple[LocatedDocument, KeyPath] | None = None


class Merged(Struct):
    """Non-rule settings after merging, with where each was last set."""

    values: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, tuple[Layer, Location]] = field(default_factory=dict)
    modules: dict[str, tuple[str, ...]] = field(default_factory=dict)
    local_rules: list[str] = field(default_factory=list)

    def where(self, key: str) -> Location | None:
        found = self.origin.get(key)
        return found[1] if found else None


_SCALARS = (
    "paths",
    "exclude",
    "dialect",
    "search_path",
    "module_pattern",
    "per_path",
    "databases",
    "flyway_locations",
    "include_down_migrations",
    "migrate_transaction",
    "fail_on",
    "database",
    "database_ignore",
    "database_schemas",
    "impact_history",
    "impact_code",
)


def merge_plain(layers: Sequence[Layer], project: Path) -> Merged:
    merged = Merged()
    for layer in layers:
        model = layer.model
        for key in _SCALARS:
            value = getattr(model, key)
            if value is not None:
                merged.values[key] = value
                merged.origin[key] = (layer, layer.doc.locate((key,)))
        if model.whitelist is not None:
            merged.values["whitelist"] = layer.base_dir / model.whitelist
            merged.origin["whitelist"] = (layer, layer.doc.locate(("whitelist",)))
        for name, spec in (model.modules or {}).items():
            prefixes = spec if isinstance(spec, list) else spec.prefixes
            merged.modules[name] = tuple(prefixes)
        if model.local_rules is not None:
            merged.local_rules = _local_rule_refs(layer, model.local_rules, project)
            merged.origin["local_rules"] = (layer, layer.doc.locate(("local_rules",)))
    return merged


def _inside(path: Path, folder: Path) -> bool:
    real, top = os.path.realpath(path), os.path.realpath(folder)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _local_rule_refs(layer: Layer, refs: Sequence[str], project: Path) -> list[str]:
    """``local_rules`` of one layer, refused unless the code is the project's own.

    ``local_rules`` runs Python, so only a config file inside the project
    (the repository holding the root config) may set it, and a rule file
    must itself be inside the project: an ``extends`` of a shared or
    downloaded YAML, or a ``../`` path, must not run code nobody reviewed
    in this repository. Built-in packs are ours and allowed.
    """
    builtin = layer.doc.path.startswith("<pack ")
    if not builtin and not _inside(layer.base_dir, project):
        raise ConfigError(
            f"local_rules: refused: {layer.doc.path} is outside the project ({project}); "
            "only the project's own config files may load rule code",
            layer.doc.locate(("local_rules",)),
        )
    out: list[str] = []
    for index, ref in enumerate(refs):
        if ref.endswith(".py") or "/" in ref or "\\" in ref:
            target = layer.base_dir / ref
            if not builtin and not _inside(target, project):
                raise ConfigError(
                    f"local_rules[{index}]: refused: {ref!r} is outside the project ({project})",
                    layer.doc.locate(("local_rules", index)),
                )
            out.append(str(target))
        else:
            out.append(ref)
    return out


def diagnostic_selectors(layers: Sequence[Layer]) -> DiagnosticSelection:
    """The config's ``select``/``ignore`` items that name diagnostics, merged as rules'
    are (a later ``select`` starts over)."""
    select: list[str] = []
    ignore: list[str] = []
    for layer in layers:
        if layer.model.select is not None:
            select = [s for s in layer.model.select if expand_diagnostic_selector(s)]
            ignore = []
        if layer.model.ignore is not None:
            ignore = [s for s in layer.model.ignore if expand_diagnostic_selector(s)]
    return selection_from(select, ignore)


def merge_rules(
    layers: Sequence[Layer], registry: RuleRegistry
) -> tuple[dict[str, _RuleState], frozenset[str] | None, frozenset[str]]:
    states: dict[str, _RuleState] = {}
    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    for layer in layers:
        doc, model = layer.doc, layer.model
        if model.select is not None:
            select = expand_all(model.select, registry, doc, ("select",), diagnostics=True)
            ignore = frozenset()  # a later select starts over, as in ruff
        if model.ignore is not None:
            ignore = expand_all(model.ignore, registry, doc, ("ignore",), diagnostics=True)
        written: dict[str, str] = {}  # code -> the key this layer wrote it as
        for key, value in (model.rules or {}).items():
            where = doc.locate(("rules", key))
            try:
                (code,) = expand_selector(key, registry, prefixes=False)
            except LookupError as exc:
                raise ConfigError(f"rules: {exc.args[0]}", where) from None
            if code in written:
                first = doc.locate(("rules", written[code]))
                raise ConfigError(
                    f"rules.{key}: {code} is already configured as rules.{written[code]} "
                    f"(line {first.line}); keep one",
                    where,
                )
            written[code] = key
            state = states.setdefault(code, _RuleState())
            state.origin = (doc, ("rules", key))
            if isinstance(value, bool):
                state.enabled = value
                continue
            state.enabled = True
            if value.severity is not None:
                state.severity = value.severity
            for option, option_value in value.options.items():
                state.options[option] = option_value
                state.option_origin[option] = (doc, ("rules", key, "options"))
    return states, select, ignore


def instantiate(
    code: str, cls: type[Rule], state: _RuleState | None, fallback: LocatedDocument
) -> Rule:
    """Build a rule with its merged options, validated by its options model.

    An error is blamed on the layer that last set the offending option, or,
    for a missing required option, on the last layer that mentioned the rule
    (the config itself when none did).
    """
    options = state.options if state is not None else {}
    try:
        validated = cls.options_model.model_validate(options)
    except ValidationError as exc:
        _, path, _ = best_error(exc, options)
        origin = state.option_origin.get(str(path[0])) if state and path else None
        if origin is None:
            doc, prefix = state.origin if state and state.origin else (fallback, ("rules", code))
            origin = (doc, (*prefix, "options"))
        raise validation_error(
            exc, options, origin[0], prefix=origin[1], model=cls.options_model
        ) from None
    try:
        return cls(validated)
    except (ValueError, TypeError) as exc:
        doc, prefix = state.origin if state and state.origin else (fallback, ("rules", code))
        raise ConfigError(f"{dotted(prefix)}: {exc}", doc.locate(prefix)) from None


def select_codes(
    registry: RuleRegistry,
    states: Mapping[str, _RuleState],
    *,
    config_select: frozenset[str] | None,
    config_ignore: frozenset[str],
    cli_select: frozenset[str],
    cli_ignore: frozenset[str],
) -> frozenset[str]:
    """Which rules run: config selection, then the command line, as in ruff.

    Configuring a rule with a mapping enables it (a pack that sets options
    wants it to run); ``false`` disables it; ``ignore`` beats both. A
    ``--select`` on the command line starts over from exactly what it names.
    """
    if cli_select:
        return cli_select - cli_ignore
    if config_select is not None:
        codes = set(config_select)
    else:
        codes = {code for code, cls in registry.items() if cls.default_enabled}
    codes |= {code for code, state in states.items() if state.enabled is True}
    codes -= {code for code, state in states.items() if state.enabled is False}
    return frozenset(codes) - config_ignore - cli_ignore
