"""Phases for ``whitelist init --group-by``: one phase per module, rule or prefix.

A big legacy tree is renamed in steps a team can own: all of one module's
names, all breaches of one rule, or all names sharing a prefix (``sys_``,
``tmp_``). Each object goes to exactly one phase, chosen from its findings,
so the phases partition the entries and each can be burnt down on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence

from dbnamelint.findings import Finding
from dbnamelint.model import TABLE_ATTACHED_KINDS, SchemaObject
from dbnamelint.rules.naming import split_words
from dbnamelint.whitelist.entries import Phase

#: What ``--group-by`` accepts.
GROUPINGS = ("module", "rule", "prefix")
_NO_MODULE = "no-module"


def _grouped_name(obj: SchemaObject) -> str:
    """The name an object is grouped under: attached objects go with their
    table, and so does a sequence a column owns (serial, identity): the
    phase renaming the table renames it (``migrate``), whatever it is called."""
    if obj.kind in TABLE_ATTACHED_KINDS and obj.table:
        return obj.table
    if obj.owned_by is not None:
        return obj.owned_by[0]
    return obj.name


def _words(obj: SchemaObject) -> list[str]:
    """The words of the grouped name, lower-cased, split as the naming rules split them.

    Separators and changes of case end a word
    (:func:`dbnamelint.rules.naming.split_words`): ``DocumentShareLink`` is
    ``document``, ``share``, ``link``, like ``document_share_link``; a part
    in lower case is one word, digits included (``p2p``, ``oauth2``). A part
    with letters outside ASCII is one word as spelt (``größe``), never
    transliterated, so phase ids keep the name's own letters.
    """
    words: list[str] = []
    for part in _grouped_name(obj).split("_"):
        if part.isascii() and not part.islower():
            words.extend(split_words(part))
        elif part:
            # No case change to split at: one word, digits and all (harbor's
            # p2p_preheat_policy is p2p's, not "p2" and "p").
            words.append(part.lower())
    return words


def _prefix(obj: SchemaObject) -> str:
    """The first word of the name an object is grouped under (see :func:`_words`).

    Attached objects (columns, indexes, constraints...) go with their table,
    so one table's renaming is one phase. ``Document``, ``DocumentMeta`` and
    ``document_audit_log`` share the prefix ``document``.
    """
    words = _words(obj)
    return words[0] if words else _grouped_name(obj).lower()


def _is_prefix_itself(obj: SchemaObject) -> bool:
    """Whether the grouped name is the prefix word alone (the table ``actor``)."""
    return len(_words(obj)) <= 1


def _prefix_title(prefix: str, itself: bool, longer: bool) -> str:
    """``Names starting actor_``; ``Name actor`` when the phase holds the word itself.

    Columns, indexes and constraints go with their table, so ``Name actor``
    covers the table ``actor`` and everything attached to it.
    """
    if itself and longer:
        return f"Name {prefix} and names starting {prefix}_"
    if itself:
        return f"Name {prefix}"
    return f"Names starting {prefix}_"


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
    # prefix phases: (holds the prefix word itself, holds longer names)
    shapes: dict[str, tuple[bool, bool]] = {}
    for group in objects.values():
        phase_id, title = _key(group, by)
        titles[phase_id] = title
        if by == "prefix":
            itself, longer = shapes.get(phase_id, (False, False))
            alone = _is_prefix_itself(group[0].object)
            shapes[phase_id] = (itself or alone, longer or not alone)
    for phase_id, (itself, longer) in shapes.items():
        titles[phase_id] = _prefix_title(phase_id.removeprefix("prefix-"), itself, longer)
    phases = [Phase(pid, titles[pid], "open") for pid in sorted(titles)]
    return phases, lambda group: _key(group, by)[0]


def group_phase(group: Sequence[Finding], declared: Sequence[str]) -> str | None:
    """The one phase of ``declared`` that ``whitelist init --group-by`` would have
    put the object of ``group`` (its findings) in: ``prefix-user`` for a table
    ``user_badge`` beside the phases ``prefix-alert`` and ``prefix-user``, its
    ``module-*`` or ``rule-*`` phase likewise; None when no grouping's phase is
    declared, or several are."""
    wanted = set(declared)
    found = {pid for by in GROUPINGS if (pid := _key(group, by)[0]) in wanted}
    return found.pop() if len(found) == 1 else None


def fresh_ids(ids: Sequence[str], taken: Collection[str]) -> dict[str, str]:
    """Each of ``ids`` -> an id none of ``taken`` is: itself when free; a
    number past the highest numeric one taken for a number (``1`` after
    ``1`` and ``2`` is ``3``); else the id with ``-2``, ``-3``... appended."""
    used = set(taken)
    numbers = [int(t) for t in used if t.isdigit()]
    out: dict[str, str] = {}
    for phase_id in ids:
        new = phase_id
        if new in used and phase_id.isdigit():
            new = str(max(numbers) + 1)
        count = 1
        while new in used:
            count += 1
            new = f"{phase_id}-{count}"
        used.add(new)
        if new.isdigit():
            numbers.append(int(new))
        out[phase_id] = new
    return out
