"""Rule documentation generated from the rules themselves.

The docstring is the single source of a rule's documentation and the
options model the single source of its settings, so ``dbnamelint rules``
can never drift from what the code accepts.
"""

from __future__ import annotations

import inspect
import json
import typing
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from pydantic.fields import FieldInfo

from dbnamelint.rules.base import Rule

REQUIRED_SECTIONS = (
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
    "## Options",
)


class RuleRow(NamedTuple):
    """One line of ``dbnamelint rules``."""

    code: str
    name: str
    kinds: str
    default_enabled: bool
    summary: str


def _docstring(rule_cls: type[Rule]) -> str:
    return inspect.cleandoc(rule_cls.__doc__ or "")


def summary(rule_cls: type[Rule]) -> str:
    """The first line of the docstring."""
    doc = _docstring(rule_cls)
    return doc.splitlines()[0].strip() if doc else ""


def missing_sections(rule_cls: type[Rule]) -> tuple[str, ...]:
    """Required documentation headings the rule's docstring lacks."""
    lines = {line.strip() for line in _docstring(rule_cls).splitlines()}
    return tuple(s for s in REQUIRED_SECTIONS if s not in lines)


def _type_name(annotation: Any) -> str:
    if annotation is None or annotation is type(None):
        return "null"
    origin = typing.get_origin(annotation)
    if origin is None:
        return getattr(annotation, "__name__", str(annotation))
    args = typing.get_args(annotation)
    if origin is typing.Literal:
        return " | ".join(json.dumps(getattr(a, "value", a)) for a in args)
    if str(origin) in ("typing.Union", "<class 'types.UnionType'>"):
        return " | ".join(_type_name(a) for a in args)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return f"list[{_type_name(args[0])}]"  # YAML has lists, not tuples
    inner = ", ".join(_type_name(a) for a in args)
    return f"{getattr(origin, '__name__', str(origin))}[{inner}]"


def _default(field: FieldInfo) -> str:
    value = field.get_default(call_default_factory=True)
    value = getattr(value, "value", value)  # enums as users write them
    try:
        return json.dumps(value, default=lambda o: getattr(o, "value", str(o)))
    except (TypeError, ValueError):
        return repr(value)


def options_reference(rule_cls: type[Rule]) -> str:
    """Markdown list of option fields with type, default and description."""
    fields = rule_cls.options_model.model_fields
    if not fields:
        return "This rule has no options."
    lines = []
    for name, field in fields.items():
        line = f"- `{name}` ({_type_name(field.annotation)}), default `{_default(field)}`"
        if field.description:
            line += f": {field.description}"
        lines.append(line)
    return "\n".join(lines)


def rule_doc(rule_cls: type[Rule]) -> str:
    """Full text for ``dbnamelint rules CODE``."""
    kinds = ", ".join(sorted(k.value for k in rule_cls.kinds)) or "schema"
    state = "on" if rule_cls.default_enabled else "off"
    header = (
        f"{rule_cls.code} {rule_cls.name}\n"
        f"kinds: {kinds}; enabled by default: {state}; "
        f"default severity: {rule_cls.default_severity.value} (a new finding fails the "
        "run at or above `check --fail-on`, default error; set `severity:` in the config "
        "to demote the rule)"
    )
    return (
        f"{header}\n\n{_docstring(rule_cls)}\n\n"
        f"### Option reference\n\n{options_reference(rule_cls)}\n"
    )


def rules_table(rules: Mapping[str, type[Rule]] | Iterable[type[Rule]]) -> list[RuleRow]:
    """Rows for the rule list (a registry mapping or rule classes), sorted by code."""
    classes = list(rules.values()) if isinstance(rules, Mapping) else list(rules)
    return [
        RuleRow(
            code=cls.code,
            name=cls.name,
            kinds=", ".join(sorted(k.value for k in cls.kinds)) or "schema",
            default_enabled=cls.default_enabled,
            summary=summary(cls),
        )
        for cls in sorted(classes, key=lambda c: c.code)
    ]
