"""The legacy whitelist: names allowed to break rules until their phase is done.

Entries name objects by identity (kind + qualified name), never by line, so
editing a schema file does not invalidate the whitelist. The whitelist can
only shrink: an entry that no longer excuses anything is *stale* and fails
the run (as PHPStan's baseline does), which is what forces a finished rename
to be recorded by deleting its entry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from dbnamelint.config import (
    ConfigError,
    LocatedDocument,
    RuleRegistry,
    expand_selector,
    load_located_yaml,
    parse_located_yaml,
    read_text,
    validation_error,
)
from dbnamelint.findings import Finding, PhaseProgress, StaleEntry
from dbnamelint.model import TABLE_ATTACHED_KINDS, Location, ObjectKind, Schema, SchemaObject

DEFAULT_PHASE = "1"


class WhitelistError(ConfigError):
    """A whitelist file that cannot be used; the CLI exits with 2."""


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
    model_config = ConfigDict(extra="forbid", frozen=True)


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


class WhitelistModel(_Strict):
    """The whole file."""

    phases: Annotated[list[PhaseModel], BeforeValidator(_none_as_empty)] = Field(
        default_factory=list
    )
    entries: Annotated[list[EntryModel], BeforeValidator(_none_as_empty)] = Field(
        default_factory=list
    )


@dataclass(frozen=True, slots=True)
class Phase:
    """A named step of the renaming plan; informative only."""

    id: str
    title: str = ""
    status: str = "open"
    owner: str | None = None
    due: date | None = None


@dataclass(frozen=True, slots=True)
class WhitelistEntry:
    """One excused object: which rules it may break, and why."""

    kind: ObjectKind
    name: str  # qualified name as written
    location: Location  # of the entry in the whitelist file
    rules: tuple[str, ...] | None = None  # None: every rule
    phase: str | None = None
    target: str | None = None
    reason: str | None = None

    def covers(self, finding: Finding) -> bool:
        """Whether this entry lists the rule the finding is about."""
        if self.rules is None:
            return True
        wanted = {r.lower() for r in self.rules}
        return finding.code.lower() in wanted or finding.rule.lower() in wanted


@dataclass(frozen=True, slots=True)
class Whitelist:
    """A loaded whitelist file (empty when the file does not exist)."""

    path: str
    phases: tuple[Phase, ...] = ()
    entries: tuple[WhitelistEntry, ...] = ()


# --------------------------------------------------------------------------
# Identity
# --------------------------------------------------------------------------

_QUOTES = MappingProxyType({'"': '"', "`": "`", "[": "]"})


def split_name(name: str) -> tuple[tuple[str, bool], ...]:
    """Split ``a."B.c".d`` into parts, each with whether it was quoted."""
    parts: list[tuple[str, bool]] = []
    current: list[str] = []
    quoted = False
    i = 0
    while i < len(name):
        char = name[i]
        if char in _QUOTES and not current:
            close = _QUOTES[char]
            j = i + 1
            while j < len(name):
                if name[j] == close and name[j + 1 : j + 2] == close:
                    current.append(close)
                    j += 2
                elif name[j] == close:
                    break
                else:
                    current.append(name[j])
                    j += 1
            quoted = True
            i = j + 1
        elif char == ".":
            parts.append(("".join(current), quoted))
            current, quoted = [], False
            i += 1
        else:
            current.append(char)
            i += 1
    parts.append(("".join(current), quoted))
    return tuple(parts)


def _quote_part(part: str) -> str:
    if "." in part or '"' in part or part != part.strip() or not part:
        return '"' + part.replace('"', '""') + '"'
    return part


def identity_name(obj: SchemaObject) -> str:
    """The qualified name an entry writes for ``obj`` (parts quoted if needed)."""
    schema, rest = _object_parts(obj)
    return ".".join(_quote_part(p) for p in (*schema, *rest))


def _object_parts(obj: SchemaObject) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(schema part or empty, the rest) of an object's qualified name."""
    if obj.kind in TABLE_ATTACHED_KINDS and obj.table:
        schema = (obj.table_schema,) if obj.table_schema else ()
        return schema, (obj.table, obj.name)
    return ((obj.schema,) if obj.schema else ()), (obj.name,)


def _rest_length(kind: ObjectKind) -> int:
    return 2 if kind in TABLE_ATTACHED_KINDS else 1


@dataclass(frozen=True, slots=True)
class _Key:
    """An entry's name, split into optional schema and the rest."""

    kind: ObjectKind
    schema: tuple[tuple[str, bool], ...]
    rest: tuple[tuple[str, bool], ...]

    @property
    def bucket(self) -> tuple[ObjectKind, tuple[str, ...]]:
        return self.kind, tuple(p.casefold() for p, _ in self.rest)


def _entry_key(entry: WhitelistEntry) -> _Key | None:
    parts = split_name(entry.name)
    rest = _rest_length(entry.kind)
    if entry.kind in TABLE_ATTACHED_KINDS and len(parts) == 1:
        return None  # a column needs its table
    if len(parts) not in {rest, rest + 1}:
        return None
    return _Key(entry.kind, parts[: len(parts) - rest], parts[len(parts) - rest :])


def _same(written: tuple[str, bool], actual: str, exact: bool) -> bool:
    """Unquoted names fold case, as SQL folds them; quoted ones do not."""
    text, quoted = written
    return text == actual if (exact or quoted) else text.casefold() == actual.casefold()


def _matches(key: _Key, obj: SchemaObject) -> bool:
    schema, rest = _object_parts(obj)
    if obj.kind is not key.kind or len(rest) != len(key.rest):
        return False
    last = len(rest) - 1
    if not all(
        _same(w, a, exact=i == last and obj.quoted)
        for i, (w, a) in enumerate(zip(key.rest, rest, strict=True))
    ):
        return False
    # A schema written on one side only still matches: most projects use one.
    return not (schema and key.schema) or _same(key.schema[0], schema[0], exact=False)


def _bucket_of(obj: SchemaObject) -> tuple[ObjectKind, tuple[str, ...]]:
    return obj.kind, tuple(p.casefold() for p in _object_parts(obj)[1])


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
    if missing_ok and not path.exists():
        return Whitelist(shown)
    try:
        doc = load_located_yaml(path, shown)
    except ConfigError as exc:
        raise WhitelistError(exc.message, exc.location) from None
    return whitelist_from_document(doc, known_rules)


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
        error = validation_error(exc, data, doc, known_keys=WhitelistModel.model_fields)
        raise WhitelistError(error.message, error.location) from None

    phases: dict[str, Phase] = {}
    for index, phase in enumerate(model.phases):
        if phase.id in phases:
            raise WhitelistError(
                f"phases[{index}].id: duplicate phase id {phase.id!r}",
                doc.locate(("phases", index, "id")),
            )
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
        )
        if _entry_key(entry) is None:
            raise WhitelistError(
                f"entries[{index}].name: {item.name!r} is not a {item.kind.value} name; expected "
                + ("[schema.]table.name" if item.kind in TABLE_ATTACHED_KINDS else "[schema.]name"),
                doc.locate(("entries", index, "name")),
            )
        entries.append(entry)
    _check_duplicates(entries, canonical)
    return Whitelist(doc.path, tuple(phases.values()), tuple(entries))


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
        tuple[ObjectKind, tuple[str, ...]], list[tuple[WhitelistEntry, frozenset[str] | None]]
    ] = {}
    for entry, mine in zip(entries, canonical, strict=True):
        key = _entry_key(entry)
        parts = (*key.schema, *key.rest) if key is not None else ((entry.name, False),)
        ident = (entry.kind, tuple(p.casefold() for p, _ in parts))
        for earlier, theirs in seen.get(ident, []):
            if mine is None or theirs is None or mine & theirs:
                raise WhitelistError(
                    f"duplicate entry for {entry.kind.value} {entry.name} "
                    f"(first at line {earlier.location.line})",
                    entry.location,
                )
        seen.setdefault(ident, []).append((entry, mine))


# --------------------------------------------------------------------------
# Applying
# --------------------------------------------------------------------------


def apply_whitelist(
    findings: Sequence[Finding],
    schema: Schema,
    whitelist: Whitelist,
    *,
    active_rules: Collection[str] | None = None,
) -> tuple[tuple[Finding, ...], tuple[StaleEntry, ...]]:
    """Mark excused findings and list the entries that excuse nothing any more.

    ``active_rules`` (codes and names of the rules that ran) keeps entries
    for rules that were not run, e.g. under ``--select``, from looking stale.
    """
    keyed = [(entry, _entry_key(entry)) for entry in whitelist.entries]
    by_bucket: dict[tuple[ObjectKind, tuple[str, ...]], list[tuple[WhitelistEntry, _Key]]] = {}
    for entry, key in keyed:
        if key is not None:
            by_bucket.setdefault(key.bucket, []).append((entry, key))

    used: set[int] = set()
    out: list[Finding] = []
    for finding in findings:
        chosen: WhitelistEntry | None = None
        for entry, key in by_bucket.get(_bucket_of(finding.object), ()):
            if entry.covers(finding) and _matches(key, finding.object):
                used.add(id(entry))
                chosen = chosen or entry
        out.append(
            finding
            if chosen is None
            else replace(finding, whitelisted=True, whitelist_phase=chosen.phase)
        )

    objects = _objects_by_bucket((*schema.objects, *(f.object for f in findings)))
    stale: list[StaleEntry] = []
    for entry, key in keyed:
        if id(entry) in used or key is None or not _is_active(entry, active_rules):
            continue
        exists = any(_matches(key, obj) for obj in objects.get(key.bucket, ()))
        if not exists:
            reason = f"no {entry.kind.value} named {entry.name} exists any more: delete this entry"
        elif entry.rules is None:
            reason = "no longer breaks any rule: delete this entry"
        else:
            reason = f"no longer breaks {', '.join(entry.rules)}: delete this entry"
        stale.append(StaleEntry(entry.kind.value, entry.name, entry.location, reason, entry.phase))
    return tuple(out), tuple(stale)


def _objects_by_bucket(
    objects: Iterable[SchemaObject],
) -> dict[tuple[ObjectKind, tuple[str, ...]], list[SchemaObject]]:
    out: dict[tuple[ObjectKind, tuple[str, ...]], list[SchemaObject]] = {}
    for obj in objects:
        out.setdefault(_bucket_of(obj), []).append(obj)
    return out


def _is_active(entry: WhitelistEntry, active_rules: Collection[str] | None) -> bool:
    if active_rules is None or entry.rules is None:
        return True
    active = {r.lower() for r in active_rules}
    return any(r.lower() in active for r in entry.rules)


def phase_progress(whitelist: Whitelist) -> tuple[PhaseProgress, ...]:
    """Entries left per phase, in the file's order; ``done`` needs git history."""
    counts: dict[str | None, int] = {}
    for entry in whitelist.entries:
        counts[entry.phase] = counts.get(entry.phase, 0) + 1
    out = [PhaseProgress(p.id, p.title, p.status, counts.get(p.id, 0), 0) for p in whitelist.phases]
    if counts.get(None):
        out.append(PhaseProgress("", "(no phase)", "open", counts[None], 0))
    return tuple(out)


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
_YAML_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "null", "y", "n", "all"})

HEADER = (
    "# dbnamelint whitelist: legacy names allowed to break rules until their phase is done.\n"
    "# Entries match objects by kind and qualified name, never by line. Delete an entry\n"
    "# when its object is renamed; an entry that excuses nothing fails the run.\n"
)


def _scalar(value: str) -> str:
    """A YAML scalar: plain when unambiguous, else JSON-style double quoted."""
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS:
        return value
    return json.dumps(value, ensure_ascii=False)


def init_whitelist(findings: Iterable[Finding], phases: Sequence[Phase] | None = None) -> str:
    """YAML text excusing every given finding (suppressed ones need no entry).

    One entry per object listing all rules it breaks; ``target`` is the
    name a legacy-name rule (DBN107/DBN202) maps the object to, since that
    mapping is the team's own decision; otherwise the suggestion every
    finding agrees on, if they agree.
    """
    phase_list = list(phases) if phases else [Phase(DEFAULT_PHASE, "Legacy names", "open")]
    first_phase = phase_list[0].id
    grouped: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        if not finding.suppressed:
            key = (finding.object.kind.value, identity_name(finding.object))
            grouped.setdefault(key, []).append(finding)

    lines = [HEADER.rstrip("\n"), "phases:"]
    for phase in phase_list:
        lines += [
            f"  - id: {json.dumps(phase.id)}",
            f"    title: {_scalar(phase.title)}",
            f"    status: {_scalar(phase.status)}",
        ]
        if phase.owner:
            lines.append(f"    owner: {_scalar(phase.owner)}")
        if phase.due:
            lines.append(f"    due: {phase.due.isoformat()}")
    lines.append("entries:" if grouped else "entries: []")
    for (kind, name), group in sorted(
        grouped.items(), key=lambda kv: (kv[0][0], kv[0][1].casefold())
    ):
        codes = sorted({f.code for f in group})
        lines += [
            f"  - kind: {kind}",
            f"    name: {_scalar(name)}",
            f"    rules: [{', '.join(_scalar(c) for c in codes)}]",
            f"    phase: {json.dumps(first_phase)}",
        ]
        target = _target(group)
        if target:
            lines.append(f"    target: {_scalar(target)}")
    return "\n".join(lines) + "\n"


#: Rules whose suggestion is an explicit old -> new mapping from the config.
_MAPPING_RULES = ("DBN107", "DBN202")


def _target(group: Sequence[Finding]) -> str | None:
    """The target name for one whitelisted object, if one can be told."""
    for finding in group:
        if finding.code in _MAPPING_RULES and finding.suggestion:
            return finding.suggestion
    suggestions = {f.suggestion for f in group}
    (only,) = suggestions if len(suggestions) == 1 else (None,)
    return only


def prune(path: Path, stale: Iterable[StaleEntry]) -> str:
    """The whitelist text without the stale entries; all else stays as written.

    The file is edited by the entries' line ranges rather than re-dumped, so
    comments, order and formatting survive. A comment on its own line above
    an entry is kept (it may head a group); comments on the entry's lines go
    with it.
    """
    display = str(path)
    text = read_text(path, display)
    lines = text.splitlines(keepends=True)
    drop_lines = {s.location.line for s in stale}
    if not drop_lines:
        return text
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise WhitelistError(f"invalid YAML: {exc}", Location(display, 1, 1)) from None
    finally:
        loader.dispose()
    entries = _entries_node(root)
    if entries is None:
        return text
    if entries.flow_style:
        raise WhitelistError(
            "cannot prune a flow-style entries list; write one entry per block item",
            Location(display, entries.start_mark.line + 1, entries.start_mark.column + 1),
        )
    remove: set[int] = set()
    for item in entries.value:
        if item.start_mark.line + 1 in drop_lines:
            remove.update(_item_lines(item, lines))
    kept = [line for number, line in enumerate(lines) if number not in remove]
    return "".join(kept)


def _entries_node(root: yaml.Node | None) -> yaml.SequenceNode | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "entries":
            return value if isinstance(value, yaml.SequenceNode) else None
    return None


def _item_lines(item: yaml.Node, lines: Sequence[str]) -> range:
    """0-based line numbers an entry occupies, from its dash to its last value."""
    start = item.start_mark.line
    if "-" not in lines[start][: item.start_mark.column]:
        # "-" alone on the line above the entry's first key
        while start > 0 and not lines[start - 1].strip():
            start -= 1
        if start > 0 and lines[start - 1].strip() == "-":
            start -= 1
    return range(start, _last_line(item) + 1)


def _last_line(node: yaml.Node) -> int:
    """0-based last line holding the node's content (not the comments after it)."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        end = node.end_mark
        return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
    if isinstance(node, yaml.MappingNode) and node.value:
        return max(_last_line(value) for _, value in node.value)
    if isinstance(node, yaml.SequenceNode) and node.value:
        return max(_last_line(value) for value in node.value)
    return node.start_mark.line
