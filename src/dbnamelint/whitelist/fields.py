"""Editing fields of whitelist entries and phases in place (the merge driver's field merge).

Only the edited key's text changes: the value of a key that stays is
replaced where it is written, a removed key's lines are deleted, and an
added key is written after the entry's last line at its keys' indent (or
before the ``}`` of a flow-style entry), so comments and formatting
elsewhere survive. The result is read back and must hold exactly the
wanted values, else :class:`WhitelistError` (the driver then leaves the
file in conflict for a person).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import yaml
from msgspec import Struct

from dbnamelint.config import ConfigError, parse_located_yaml, yamlsafe
from dbnamelint.core.identity import ObjectRef
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import Location
from dbnamelint.whitelist.entries import WhitelistError
from dbnamelint.whitelist.format import parse_whitelist
from dbnamelint.whitelist.writer import last_line, yaml_scalar

_ISO_DATE = lazy_compile(r"\d{4}-\d{2}-\d{2}")

#: A field's new value: text, a rule list, or None (remove the key).
Value = str | tuple[str, ...] | None


class FieldEdit(Struct, frozen=True):
    """Set ``field`` of the entry or phase that starts on ``line`` (1-based) to ``value``.

    ``owner`` is the entry's object, or the phase's id.
    """

    owner: ObjectRef | str
    line: int
    field: str
    value: Value


def phase_lines(text: str) -> dict[str, int]:
    """Each phase's id -> the line (1-based) its item starts on, in a whitelist's text."""
    root, loader = yamlsafe.compose(text)
    loader.dispose()
    out: dict[str, int] = {}
    for item in _items(root, "phases"):
        if isinstance(item, yaml.MappingNode):
            for key, value in item.value:
                if key.value == "id" and isinstance(value, yaml.ScalarNode):
                    out.setdefault(value.value, item.start_mark.line + 1)
    return out


def edit_fields(text: str, edits: Sequence[FieldEdit], display: str) -> str:
    """``text`` with each edit made; raises WhitelistError when one cannot be made in place."""
    if not edits:
        return text
    try:
        parse_located_yaml(text, display)
    except ConfigError as exc:
        raise WhitelistError(exc.message, exc.location) from None
    root, loader = yamlsafe.compose(text)
    loader.dispose()
    items: dict[int, yaml.Node] = {}
    order: dict[int, tuple[str, int]] = {}
    for section in ("phases", "entries"):
        for position, item in enumerate(_items(root, section)):
            items[item.start_mark.line + 1] = item
            order[item.start_mark.line + 1] = (section, position)
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    spans: list[tuple[int, int, str]] = []
    for edit in edits:
        found = items.get(edit.line)
        if not isinstance(found, yaml.MappingNode):
            raise _cannot(edit, display, "it is not a mapping")
        spans.append(_span(found, edit, lines, starts, display))
    out = text
    for start, end, replacement in sorted(spans, key=lambda s: (s[0], s[1]), reverse=True):
        out = out[:start] + replacement + out[end:]
    _verify(out, edits, order, display)
    return out


def _items(root: yaml.Node | None, section: str) -> list[yaml.Node]:
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == section:
            return list(value.value) if isinstance(value, yaml.SequenceNode) else []
    return []


def _render(field: str, value: str | tuple[str, ...]) -> str:
    """The YAML text of a value (a phase id always quoted: ``"2"`` is not ``2``;
    a due date plain)."""
    if isinstance(value, tuple):
        return "[" + ", ".join(yaml_scalar(v) for v in value) + "]"
    if field == "due" and _ISO_DATE.fullmatch(value):
        return value  # a YAML date, as init and people write it
    return yaml_scalar(value, quoted=field == "phase")


def _span(
    item: yaml.MappingNode,
    edit: FieldEdit,
    lines: Sequence[str],
    starts: Sequence[int],
    display: str,
) -> tuple[int, int, str]:
    """The text span an edit replaces and what replaces it."""
    found = [
        (k, v) for k, v in item.value if isinstance(k, yaml.ScalarNode) and k.value == edit.field
    ]
    flow = bool(item.flow_style)
    if found:
        key, value = found[0]
        if edit.value is not None and (
            isinstance(value, yaml.ScalarNode) or getattr(value, "flow_style", False)
        ):
            return value.start_mark.index, value.end_mark.index, _render(edit.field, edit.value)
        before = lines[key.start_mark.line][: key.start_mark.column]
        if flow or before.strip() not in ("", "-"):
            raise _cannot(edit, display, "its key is not on a line of its own")
        first, last = key.start_mark.line, last_line(value)
        if edit.value is None:
            if before.strip() == "-":
                raise _cannot(edit, display, "it is the entry's first key")
            return starts[first], starts[last + 1], ""
        ending = "\n" if lines[last].endswith("\n") else ""
        text = f"{before}{edit.field}: {_render(edit.field, edit.value)}{ending}"
        return starts[first], starts[last + 1], text
    if edit.value is None:
        return 0, 0, ""  # nothing to remove
    if flow:
        end = item.end_mark.index - 1  # before the closing brace
        return end, end, f", {edit.field}: {_render(edit.field, edit.value)}"
    indent = " " * item.value[0][0].start_mark.column
    last = last_line(item)
    newline = "" if lines[last].endswith("\n") else "\n"
    return (
        starts[last + 1],
        starts[last + 1],
        f"{newline}{indent}{edit.field}: {_render(edit.field, edit.value)}\n",
    )


def _verify(
    text: str, edits: Sequence[FieldEdit], order: dict[int, tuple[str, int]], display: str
) -> None:
    """Read the edited text back: every edited field must hold its new value.

    ``order`` maps an item's first line before the edits to its section and
    position (items keep their order; added lines move later ones down).
    """
    merged = parse_whitelist(text, display)
    for edit in edits:
        section, position = order[edit.line]
        items: Sequence[object] = merged.phases if section == "phases" else merged.entries
        item = items[position] if position < len(items) else None
        got = None if item is None else getattr(item, edit.field)
        if isinstance(got, date):
            got = got.isoformat()
        if got != edit.value:
            raise _cannot(edit, display, f"it reads back as {got!r}")


def _cannot(edit: FieldEdit, display: str, why: str) -> WhitelistError:
    return WhitelistError(
        f"cannot set {edit.field} in place ({why}); merge this by hand",
        Location(display, edit.line, 1),
    )
