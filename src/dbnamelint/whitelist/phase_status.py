"""A phase ``whitelist prune`` empties is marked ``status: done`` in the file.

``burndown`` counts a phase with no entry left as done, and ``whitelist
add`` never picks a done phase by default, so the file says what the report
says: a prune that removes a phase's last entries also sets that phase's
``status`` to ``done``. Only phases this prune empties are marked (a phase
declared ahead of its entries stays as written). The edit is a line edit
of the ``status`` value (or a ``status: done`` line added under the
phase's ``id``; ``, status: done`` after the last value of a one-line
phase written ``- {id: "1", title: ...}``, as the README shows it), so
comments and formatting stay; an edit that would change anything else the
file means (anchors, a flow-style ``phases:`` list) is not made.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import yaml

from dbnamelint.config import yamlsafe

DONE = "done"


def _data(text: str) -> dict[str, Any]:
    try:
        data = yamlsafe.safe_load(text)
    except yamlsafe.SafeYamlError:
        return {}
    return data if isinstance(data, dict) else {}


def _phase_of(entry: Any) -> str | None:
    if isinstance(entry, dict) and entry.get("phase") is not None:
        return str(entry["phase"])
    return None


def emptied_phases(before: str, after: str) -> list[str]:
    """Ids of the phases, in file order, that have entries in ``before``, none
    in ``after``, and are not declared done already."""
    had = {_phase_of(e) for e in _data(before).get("entries") or []}
    has = {_phase_of(e) for e in _data(after).get("entries") or []}
    out = []
    for phase in _data(after).get("phases") or []:
        if not isinstance(phase, dict) or "id" not in phase:
            continue
        pid = str(phase["id"])
        if pid in had and pid not in has and phase.get("status") != DONE:
            out.append(pid)
    return out


def _phase_nodes(text: str) -> list[yaml.MappingNode]:
    root, loader = yamlsafe.compose(text)
    loader.dispose()
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        phases = isinstance(key, yaml.ScalarNode) and key.value == "phases"
        if phases and isinstance(value, yaml.SequenceNode) and not value.flow_style:
            return [n for n in value.value if isinstance(n, yaml.MappingNode)]
    return []


def _scalar(node: yaml.MappingNode, name: str) -> tuple[yaml.Node, yaml.Node] | None:
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == name:
            return key, value
    return None


def mark_done(text: str, phases: Collection[str]) -> tuple[str, list[str]]:
    """``text`` with each of ``phases`` set to ``status: done``, and the ids marked.

    A phase whose edit would change more of the file's meaning than that
    status (or a ``phases:`` list written in flow style) is left as written.
    """
    if not phases:
        return text, []
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, str]] = []  # (0-based line, new text), the line replaced
    inserts: list[tuple[int, str]] = []  # (0-based line to insert before, text)
    marked: list[str] = []
    for node in _phase_nodes(text):
        found = _scalar(node, "id")
        if found is None or not isinstance(found[1], yaml.ScalarNode):
            continue
        if found[1].value not in phases:
            continue
        status = _scalar(node, "status")
        if status is not None:
            value = status[1]
            line = value.start_mark.line
            if not isinstance(value, yaml.ScalarNode) or value.end_mark.line != line:
                continue
            old = lines[line]
            new = old[: value.start_mark.column] + DONE + old[value.end_mark.column :]
            edits.append((line, new))
        elif node.flow_style:  # {id: "1", title: x}: the status goes after the last value
            end = node.value[-1][1].end_mark
            old = lines[end.line]
            edits.append((end.line, f"{old[: end.column]}, status: {DONE}{old[end.column :]}"))
        else:
            key = found[0]
            ending = "\r\n" if lines[key.start_mark.line].endswith("\r\n") else "\n"
            indent = " " * key.start_mark.column
            inserts.append((found[1].end_mark.line + 1, f"{indent}status: {DONE}{ending}"))
        marked.append(found[1].value)
    for line, new in edits:
        lines[line] = new
    for line, new in sorted(inserts, reverse=True):
        if line > 0 and not lines[line - 1].endswith("\n"):
            lines[line - 1] += "\n"
        lines.insert(line, new)
    edited = "".join(lines)
    expected = _data(text)
    for phase in expected.get("phases") or []:
        if isinstance(phase, dict) and str(phase.get("id")) in marked:
            phase["status"] = DONE
    if _data(edited) != expected:
        return text, []
    return edited, marked
