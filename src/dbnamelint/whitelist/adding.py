"""``whitelist add OBJECT``: excuse one object, and only one that breaks a rule.

The whitelist records legacy names, so an entry is only added for an object
whose findings fail the run today; anything else (a compliant name, a name
already excused, a name that does not exist) is refused. The entry is
appended to the file's ``entries:`` by a line edit, so the rest of the file
(comments, order, phases) stays as written, and written atomically.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

import yaml
from msgspec import Struct

from dbnamelint.config import ConfigError, parse_located_yaml, yamlsafe
from dbnamelint.core.identity import (
    NamePart,
    display_name,
    matches_parts,
    ref_from_parts,
    ref_of,
    split_name,
)
from dbnamelint.dialects.profile import profile_for
from dbnamelint.findings import Finding
from dbnamelint.model import TABLE_ATTACHED_KINDS, SchemaObject
from dbnamelint.whitelist.entries import DEFAULT_PHASE, WhitelistError
from dbnamelint.whitelist.phasing import group_phase
from dbnamelint.whitelist.writer import HEADER, entry_lines, entry_name, object_groups

T = TypeVar("T")


class Candidates(Struct, frozen=True):
    """What a name given to ``whitelist add`` denotes among a run's findings."""

    new: tuple[Finding, ...]  # findings that fail the run, on that one object
    excused: tuple[Finding, ...]  # findings on it already excused (whitelist or inline)
    objects: tuple[str, ...]  # other objects the name could mean (ambiguous)


def _names(obj: SchemaObject) -> set[str]:
    return {display_name(obj), obj.qualified_name, obj.name}


def _written_for(parts: tuple[NamePart, ...], obj: SchemaObject) -> bool:
    """Whether ``parts`` name ``obj`` as a whitelist entry would.

    ``"User"``, ``public."User"`` and ``"User"."userId"`` denote what an entry
    written so denotes (:func:`~dbnamelint.core.identity.matches_parts`).
    A column's, index's or constraint's own name alone (``"userId"``)
    denotes it as the qualified form does, in any table: several matches
    are refused as ambiguous by the caller.
    """
    attached = obj.kind in TABLE_ATTACHED_KINDS and obj.table is not None
    if attached and len(parts) == 1:
        ((text, quoted),) = parts
        exact = quoted or obj.quoted  # as matches_parts compares the own name
        return text == obj.name if exact else text.casefold() == obj.name.casefold()
    stored = (obj.table or "", obj.name) if attached else (obj.name,)
    if len(parts) not in (len(stored), len(stored) + 1):
        return False
    default = profile_for(obj.source.dialect).default_schema
    return matches_parts(parts, ref_of(obj), stored, obj.quoted, default)


def _denotes(obj: SchemaObject, parts: tuple[NamePart, ...]) -> bool:
    """Whether the written name denotes ``obj`` in its dialect
    (``public.users`` and ``users`` are one PostgreSQL table)."""
    return ref_from_parts(obj.kind, parts, obj.source.dialect, obj.source.database) == ref_of(obj)


def matching(objects: Iterable[T], wanted: str, of: Callable[[T], SchemaObject]) -> list[T]:
    """The items whose object ``wanted`` names (qualified, or its own name).

    Matching is exact first (a name as written in an entry, quotes and all),
    then ignoring case, as users type names in a shell, then by identity
    (the default schema written or not).
    """
    pool = list(objects)
    if "{" in wanted or "$" in wanted or "%" in wanted:  # {{.prefix}}boards: as read
        from dbnamelint.migration_text import masked

        wanted = masked(wanted)
    parts = split_name(wanted)
    matchers: tuple[Callable[[SchemaObject], bool], ...] = (
        lambda o: wanted in _names(o) or _written_for(parts, o),
        lambda o: wanted.casefold() in {n.casefold() for n in _names(o)},
        lambda o: _denotes(o, parts),
    )
    for matches in matchers:
        hits = [item for item in pool if matches(of(item))]
        if hits:
            return hits
    return []


def find_object(findings: Sequence[Finding], wanted: str, kind: str | None) -> Candidates:
    """Findings of the object ``wanted`` names (qualified, or its own name if unique).

    ``kind`` narrows the match (``table``, ``column``...); see :func:`matching`.
    An object kept for several databases (one copy per dialect) is one
    object: its copies share an :class:`~dbnamelint.core.identity.ObjectRef`
    (or, spelled alike but folded differently, the entry that would excuse
    them), and all their findings are returned together, for one entry.
    """
    pool = [f for f in findings if kind is None or f.kind.value == kind]
    hits = matching(pool, wanted, lambda f: f.object)
    if not hits:
        return Candidates((), (), ())
    chosen = {id(f) for f in hits}
    groups = [g for g in object_groups(pool) if any(id(f) in chosen for f in g)]
    if len(groups) > 1:
        objects = sorted(
            f"{g[0].kind.value} {entry_name([f.object for f in g])}"
            + (f" (database {db})" if (db := g[0].object.source.database) else "")
            for g in groups
        )
        return Candidates((), (), tuple(objects))
    (group,) = groups
    return Candidates(
        tuple(f for f in group if f.is_new), tuple(f for f in group if not f.is_new), ()
    )


class Added(Struct, frozen=True):
    """The whitelist text with the entry added, and the phase it went into and why."""

    text: str
    phase: str
    #: "given" (``--phase``), "group" (the declared phase ``whitelist init
    #: --group-by`` would have chosen), "first" (the file's first phase),
    #: "first-open" (its first phase not done, a done one before it) or "new"
    #: (no whitelist yet: a file with one phase was started).
    how: str
    #: The phase is marked ``status: done`` (only when ``--phase`` named it).
    done: bool = False


def add_entry(
    text: str | None, group: Sequence[Finding], phase: str | None, display: str = "whitelist.yaml"
) -> Added:
    """The whitelist text with one entry for ``group`` (one object's new findings) added.

    ``text`` None means no whitelist yet: one is started with a single
    phase. ``phase`` defaults to the declared phase the object's module,
    prefix or rule names (``prefix-user`` for ``user_badge``, as ``whitelist
    init --group-by`` names phases: :func:`~dbnamelint.whitelist.phasing.group_phase`),
    else to the file's first phase, never to one whose ``status`` is ``done``. Raises
    :class:`WhitelistError` when the file has no block ``entries:`` list
    to append to (a flow-style list other than ``[]``), when ``phase``
    is not one the file declares, or when no ``phase`` is given and every
    declared phase is done.
    """
    if text is None:
        chosen = phase or DEFAULT_PHASE
        head = [
            HEADER.rstrip("\n"),
            "phases:",
            f'  - id: "{chosen}"',
            "    title: Legacy names",
            "    status: open",
            "entries:",
        ]
        how = "given" if phase else "new"
        return Added("\n".join([*head, *entry_lines(group, chosen)]) + "\n", chosen, how)
    try:  # the one bounded loader: bombs, recursion, duplicate keys are located errors
        data = parse_located_yaml(text, display).data or {}
    except ConfigError as exc:
        raise WhitelistError(exc.message, exc.location) from None
    phases = (data.get("phases") or []) if isinstance(data, dict) else []
    declared = [str(p["id"]) for p in phases if isinstance(p, dict) and "id" in p]
    # A done phase (burndown's word; `whitelist prune` marks the phases it
    # empties) is never picked by default: its work is over.
    done = {str(p["id"]) for p in phases if isinstance(p, dict) and p.get("status") == "done"}
    open_ids = [p for p in declared if p not in done]
    if phase is not None and declared and phase not in declared:
        # Written, the entry would make the whitelist invalid for every command.
        raise WhitelistError(
            f"unknown phase {phase!r} (phases: {', '.join(declared)}); declare it under "
            "`phases:` first, or pick one of those"
        )
    how = "given"
    if phase is None:
        if declared and not open_ids:
            raise WhitelistError(
                f"every phase is done ({', '.join(declared)}): name one with --phase, or "
                "declare a new phase under `phases:` (or set one's status back to open)"
            )
        matched = group_phase(group, open_ids)
        first = open_ids[0] if open_ids else DEFAULT_PHASE
        skipped = bool(declared) and first != declared[0]
        how = "group" if matched is not None else "first-open" if skipped else "first"
        phase = matched if matched is not None else first
    new = entry_lines(group, phase)
    lines = text.splitlines()
    at = _entries_end(text)
    if at is None:
        raise WhitelistError("no block 'entries:' list to add to; add the entry by hand")
    line_no, replace_empty = at
    if replace_empty:  # "entries: []" becomes "entries:" followed by the entry
        lines[line_no] = lines[line_no].replace("[]", "", 1).rstrip()
    lines[line_no + 1 : line_no + 1] = new
    return Added("\n".join(lines) + "\n", phase, how, phase in done)


def _entries_end(text: str) -> tuple[int, bool] | None:
    """(0-based line after which entries go, whether it is an empty ``[]``), or None."""
    root, loader = yamlsafe.compose(text)  # already checked by add_entry's parse
    loader.dispose()
    if root is None:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if not (isinstance(key, yaml.ScalarNode) and key.value == "entries"):
            continue
        if isinstance(value, yaml.ScalarNode) and value.value in ("", "null", "~"):
            return key.start_mark.line, False
        if not isinstance(value, yaml.SequenceNode):
            return None
        if value.flow_style:
            return (key.start_mark.line, True) if not value.value else None
        return _last_line(value), False
    return None


def _last_line(node: yaml.Node) -> int:
    """0-based last line of a block node's content."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        end = node.end_mark
        return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
    children = (
        [v for _, v in node.value] if isinstance(node, yaml.MappingNode) else list(node.value)
    )
    return max((_last_line(c) for c in children), default=node.start_mark.line)
