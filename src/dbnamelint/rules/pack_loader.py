"""Finding and reading rule packs: named config fragments shipped as YAML.

A pack is data, not code: which rules, which options, which prefixes. The
config loader merges packs (later wins, rule options key by key); this
module only finds a pack, reads it, and checks that it can be used, so a
broken pack fails with its path rather than deep inside a run.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dbnamelint.config import yamlsafe
from dbnamelint.rules.base import Rule
from dbnamelint.rules.pack_files import is_path, list_packs, locate
from dbnamelint.rules.registry import UnknownRuleError, resolve_rule

PACK_KEYS = frozenset(
    {"description", "extends", "module_pattern", "modules", "select", "ignore", "rules"}
)
RULE_KEYS = frozenset({"severity", "options"})
SEVERITIES = frozenset({"info", "warning", "error"})


class PackError(ValueError):
    """A pack that cannot be found, read or used; names the pack's path."""

    def __init__(self, message: str, path: str | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


def load_pack(name_or_path: str | Path, root: Path | None = None) -> dict[str, Any]:
    """The pack's mapping, as written; ``extends`` is left for the config loader."""
    source = locate(name_or_path, root)
    if source is None:
        if is_path(name_or_path):
            raise PackError("rule pack file not found", str(name_or_path))
        known = ", ".join(list_packs()) or "none"
        raise PackError(f"unknown rule pack {str(name_or_path)!r} (available: {known})")
    where = str(source)
    try:  # the one bounded loader, as for configs and whitelists
        data = yamlsafe.safe_load(source.read_text(encoding="utf-8"))
    except yamlsafe.SafeYamlError as exc:
        raise PackError(exc.message, f"{where}:{exc.line}:{exc.column}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"cannot read: {exc}", where) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PackError("a rule pack must be a mapping", where)
    return data


def _is_prefix_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(p, str) for p in value)


def check_pack(data: Mapping[str, Any], rules: Mapping[str, type[Rule]]) -> tuple[str, ...]:
    """Problems that would make a pack unusable; empty when it is fine.

    Options are validated against each rule's options model on their own,
    which is sound because every option has a default: a pack overriding
    two keys is valid exactly when those two keys are.
    """
    problems = [f"unknown key {key!r}" for key in data if key not in PACK_KEYS]
    for listed in ("select", "ignore"):
        for key in data.get(listed) or ():
            try:
                resolve_rule(str(key), rules)
            except UnknownRuleError as exc:
                problems.append(f"{listed}: {exc}")
    modules = data.get("modules") or {}
    if not isinstance(modules, dict) or not all(
        _is_prefix_list(v.get("prefixes") if isinstance(v, dict) else v) for v in modules.values()
    ):
        problems.append("modules: expected a mapping of module -> list of prefixes")
    for key, entry in (data.get("rules") or {}).items():
        try:
            rule = resolve_rule(str(key), rules)
        except UnknownRuleError as exc:
            problems.append(f"rules: {exc}")
            continue
        if isinstance(entry, bool):
            continue
        if not isinstance(entry, dict):
            problems.append(f"rules.{key}: expected true, false or a mapping")
            continue
        problems.extend(f"rules.{key}: unknown key {k!r}" for k in entry if k not in RULE_KEYS)
        severity = entry.get("severity")
        if severity is not None and severity not in SEVERITIES:
            problems.append(
                f"rules.{key}.severity: {severity!r} is not one of {sorted(SEVERITIES)}"
            )
        try:
            rule.options_model.model_validate(entry.get("options") or {})
        except ValidationError as exc:
            for err in exc.errors():
                loc = ".".join(str(p) for p in err["loc"])
                problems.append(f"rules.{key}.options.{loc}: {err['msg']}")
    return tuple(problems)
