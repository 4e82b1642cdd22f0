"""The whitelist file format: phases and entries, loaded and validated with locations.

Entries name objects by identity (kind + qualified name), never by line, so
editing a schema file does not invalidate the whitelist. What an entry
denotes in the catalog is decided by :mod:`dbnamelint.core.identity`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from dbnamelint.config import (
    ConfigError,
    LocatedDocument,
    RuleRegistry,
    expand_selector,
    parse_located_yaml,
    read_text,
    validation_error,
)
from dbnamelint.model import TABLE_ATTACHED_KINDS, Location, ObjectKind
from dbnamelint.whitelist.entries import (
    Phase,
    Whitelist,
    WhitelistEntry,
    WhitelistError,
)

# --------------------------------------------------------------------------
# File format
# --------------------------------------------------------------------------


def _to_str(value: Any) -> Any:
    """YAML reads ``id: 1`` as an int; phase ids are labels, so accept it."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _status(value: Any) -> Any:
    return value.strip().lower().replace("_", "-") if isinstance(value, str) else value


def _none_as_empty(value: Any) -> Any:
    """``entries:`` with every entry deleted reads as null; that is an empty list."""
    return [] if value is None else value


PhaseId = Annotated[str, BeforeValidator(_to_str)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class PhaseModel(_Strict):
    """One ``phases`` item."""

    id: PhaseId
    title: str = ""
    status: Annotated[
        Literal["open", "in-progress", "deferred", "done"], BeforeValidator(_status)
    ] = "open"
    owner: str | None = None  # planning: who drives the phase
    due: date | None = None  # planning: YYYY-MM-DD the phase should be done by


class EntryModel(_Strict):
    """One ``entries`` item."""

    kind: ObjectKind
    name: str = Field(min_length=1)
    rules: Literal["all"] | list[str] = "all"
    phase: PhaseId | None = None
    target: str | None = None
    reason: str | None = None
    #: Which of the tree's separate databases (config ``databases:``) holds
    #: the object; left out: every one holding an object of that name.
    database: str | None = Field(default=None, min_length=1)


class WhitelistModel(_Strict):
    """The whole file."""

    phases: Annotated[list[PhaseModel], BeforeValidator(_none_as_empty)] = Field(
        default_factory=list
    )
    entries: Annotated[list[EntryModel], BeforeValidator(_none_as_empty)] = Field(
        default_factory=list
    )


def _well_formed(entry: WhitelistEntry) -> bool:
    """``[schema.]name``, or ``[schema.]table.name`` for attached kinds, no empty part."""
    rest = 2 if entry.kind in TABLE_ATTACHED_KINDS else 1
    parts = entry.parts
    return len(parts) in (rest, rest + 1) and all(text for text, _ in parts)


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------


def load_whitelist(
    path: Path,
    *,
    display: str | None = None,
    known_rules: RuleRegistry | None = None,
    missing_ok: bool = True,
) -> Whitelist:
    """Read and validate a whitelist; errors name the file, key path and line.

    ``known_rules``, when given, makes an unknown rule code or name in an
    entry an error instead of an entry that silently never matches.
    """
    shown = display or str(path)
    # lexists: a dangling or looping symlink is an error to report, not "no whitelist"
    if missing_ok and not os.path.lexists(path):
        return Whitelist(shown)
    try:
        text = read_text(path, shown)
    except ConfigError as exc:
        raise WhitelistError(exc.message, exc.location) from None
    return whitelist_from_text(text, shown, known_rules)


def whitelist_from_text(
    text: str, display: str, known_rules: RuleRegistry | None = None
) -> Whitelist:
    """:func:`load_whitelist` of a file whose text was read already (by the
    whitelist cache, :mod:`.loading`); a merge conflict's error says how to
    avoid it."""
    try:
        doc = parse_located_yaml(text, display)
    except ConfigError as exc:
        message = exc.message
        if message.startswith("unresolved git merge conflict"):
            message += MERGE_DRIVER_HINT
        raise WhitelistError(message, exc.location) from None
    return whitelist_from_document(doc, known_rules)


#: Added to a conflict in the whitelist: the driver that merges it without one.
MERGE_DRIVER_HINT = (
    "; the whitelist merge driver merges branches' whitelists without this "
    "(README: Merging branches)"
)


def parse_whitelist(
    text: str, display: str = "whitelist.yaml", known_rules: RuleRegistry | None = None
) -> Whitelist:
    """Like :func:`load_whitelist` for text already in memory."""
    try:
        doc = parse_located_yaml(text, display)
    except ConfigError as exc:
        raise WhitelistError(exc.message, exc.location) from None
    return whitelist_from_document(doc, known_rules)


def whitelist_from_document(
    doc: LocatedDocument, known_rules: RuleRegistry | None = None
) -> Whitelist:
    """Validate a parsed whitelist document and check it for contradictions."""
    data = {} if doc.data is None else doc.data
    if not isinstance(data, Mapping):
        raise WhitelistError("expected a mapping with 'phases' and 'entries'", doc.locate())
    try:
        model = WhitelistModel.model_validate(data)
    except ValidationError as exc:
        error = validation_error(exc, data, doc, model=WhitelistModel)
        raise WhitelistError(error.message, error.location) from None

    phases: dict[str, Phase] = {}
    located: dict[str, Location] = {}
    for index, phase in enumerate(model.phases):
        if phase.id in phases:
            raise WhitelistError(
                f"phases[{index}].id: duplicate phase id {phase.id!r}",
                doc.locate(("phases", index, "id")),
            )
        written = phases_data(data, index)
        located[phase.id] = doc.locate(("phases", index, "status" if "status" in written else "id"))
        phases[phase.id] = Phase(phase.id, phase.title, phase.status, phase.owner, phase.due)

    entries: list[WhitelistEntry] = []
    canonical: list[frozenset[str] | None] = []
    for index, item in enumerate(model.entries):
        if item.phase is not None and item.phase not in phases:
            known = ", ".join(phases) or "none declared"
            raise WhitelistError(
                f"entries[{index}].phase: unknown phase {item.phase!r} (phases: {known})",
                doc.locate(("entries", index, "phase")),
            )
        if item.rules != "all" and not item.rules:
            # excuses nothing, so it could never be found stale either
            raise WhitelistError(
                f"entries[{index}].rules: empty list excuses nothing; "
                "name the rules, or leave 'rules' out to excuse every rule",
                doc.locate(("entries", index, "rules")),
            )
        rules = None if item.rules == "all" else tuple(item.rules)
        if rules is None:
            canonical.append(None)
        elif known_rules is not None:
            canonical.append(_check_rules(rules, known_rules, doc, index))
        else:
            canonical.append(frozenset(r.upper() for r in rules))
        entry = WhitelistEntry(
            kind=item.kind,
            name=item.name,
            location=doc.locate(("entries", index)),
            rules=rules,
            phase=item.phase,
            target=item.target,
            reason=item.reason,
            database=item.database,
            target_location=(
                doc.locate(("entries", index, "target")) if item.target is not None else None
            ),
        )
        if not _well_formed(entry):
            raise WhitelistError(
                f"entries[{index}].name: {item.name!r} is not a {item.kind.value} name; expected "
                + ("[schema.]table.name" if item.kind in TABLE_ATTACHED_KINDS else "[schema.]name"),
                doc.locate(("entries", index, "name")),
            )
        entries.append(entry)
    _check_duplicates(entries, canonical)
    return Whitelist(doc.path, tuple(phases.values()), tuple(entries), tuple(located.items()))


def _check_rules(
    rules: Sequence[str], known: RuleRegistry, doc: LocatedDocument, index: int
) -> frozenset[str]:
    """The codes an entry's rules stand for; an unknown one is an error."""
    codes: set[str] = set()
    for position, rule in enumerate(rules):
        try:
            codes |= expand_selector(rule, known, prefixes=False)
        except LookupError as exc:
            raise WhitelistError(
                f"entries[{index}].rules[{position}]: {exc.args[0]}",
                doc.locate(("entries", index, "rules", position)),
            ) from None
    return frozenset(codes)


def _check_duplicates(
    entries: Sequence[WhitelistEntry], canonical: Sequence[frozenset[str] | None]
) -> None:
    """Two entries for one object with overlapping rules: which phase applies?

    ``canonical`` holds each entry's rules as codes when the rules are known
    (so ``DBN104`` and ``table-type-infix`` overlap), else as written.
    """
    seen: dict[
        tuple[ObjectKind, tuple[str, ...], str | None],
        list[tuple[WhitelistEntry, frozenset[str] | None]],
    ] = {}
    for entry, mine in zip(entries, canonical, strict=True):
        # A quoted part compares exactly ("UserAccount" is not useraccount).
        ident = (
            entry.kind,
            tuple(p if quoted else p.casefold() for p, quoted in entry.parts),
            entry.database,
        )
        for earlier, theirs in seen.get(ident, []):
            if mine is None or theirs is None or mine & theirs:
                raise WhitelistError(
                    f"duplicate entry for {entry.kind.value} {entry.name} "
                    f"(first at line {earlier.location.line})",
                    entry.location,
                )
        seen.setdefault(ident, []).append((entry, mine))


def phases_data(data: Mapping[str, Any], index: int) -> Mapping[str, Any]:
    """The ``index``-th phase of the file as written (empty when it is no mapping)."""
    phases = data.get("phases")
    phase: object = phases[index] if isinstance(phases, list) and index < len(phases) else None
    return phase if isinstance(phase, Mapping) else {}
