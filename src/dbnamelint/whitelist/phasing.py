"""Phases for ``whitelist init --group-by``: one phase per module, rule or prefix.

A big legacy tree is renamed in steps a team can own: all of one module's
names, all breaches of one rule, or all names sharing a prefix (``sys_``,
``tmp_``). Each object goes to exactly one phase, chosen from its findings,
so the phases partition the entries and each can be burnt down on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from dbnamelint.findings import Finding
from dbnamelint.model import TABLE_ATTACHED_KINDS, SchemaObject
from dbnamelint.whitelist.format import Phase

#: What ``--group-by`` accepts.
GROUPINGS = ("module", "rule", "prefix")
_NO_MODULE = "no-module"


def _prefix(obj: SchemaObject) -> str:
    """The first ``_``-separated word of the name an object is grouped under.

    Attached objects (columns, indexes, constraints...) go with their table,
    so one table's renaming is one phase.
    """
    name = obj.table if obj.kind in TABLE_ATTACHED_KINDS and obj.table else obj.name
    head = name.lstrip("_").split("_", 1)[0]
    return head.lower() or name.lower()


def _key(group: Sequence[Finding], by: str) -> tuple[str, str]:
    """(phase id, title) for one object's findings."""
    first = group[0]
    if by == "module":
        module = first.object.source.module or _NO_MODULE
        title = f"Module {module}" if module != _NO_MODULE else "Files outside any module"
        return f"module-{module}", title
    if by == "rule":
        lead = min(group, key=lambda f: f.code)  # lowest code: tables before columns
        return f"rule-{lead.code}", f"{lead.code} {lead.rule}"
    if by == "prefix":
        prefix = _prefix(first.object)
        return f"prefix-{prefix}", f"Names starting {prefix}_"
    raise ValueError(f"unknown grouping {by!r}; choose one of: {', '.join(GROUPINGS)}")


def phases_by(
    findings: Iterable[Finding], by: str
) -> tuple[list[Phase], Callable[[Sequence[Finding]], str]]:
    """Phases (sorted by id) and the function giving each object's phase id.

    Raises ``ValueError`` for a grouping not in :data:`GROUPINGS`.
    """
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}; choose one of: {', '.join(GROUPINGS)}")
    objects: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        if not finding.suppressed:
            objects.setdefault((finding.kind.value, finding.object.qualified_name), []).append(
                finding
            )
    titles: dict[str, str] = {}
    for group in objects.values():
        phase_id, title = _key(group, by)
        titles[phase_id] = title
    phases = [Phase(pid, titles[pid], "open") for pid in sorted(titles)]
    return phases, lambda group: _key(group, by)[0]
