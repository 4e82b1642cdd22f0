"""One target name per object: every active rule's fix merged, made safe to apply.

Each rule that knows a compliant name proposes a :class:`Rename`, but a rule
only knows its own standard: on ``"User"`` the case rule proposes ``user``
(a reserved word) and the plural rule ``Users`` (breaks the case rule). The
merger answers the user's one question, *what should this be called?*:

1. An explicit old -> new map (rules with ``pins_target``: DBN107, DBN202)
   wins: its name is taken first and never changed by a derived fix.
2. Otherwise the rules' fixes are applied in a defined order (each rule's
   ``fix_order``: case, infix, prefix, plural, ..., length; then code) to a
   candidate name, re-judging
   the candidate with every active rule after each step, until no rule
   objects (a fixpoint) or :data:`MAX_STEPS` steps have been taken or a
   candidate repeats (a cycle).
3. The result is made safe: a doubled leading prefix (``ai_ai_prompts``) is
   collapsed, a name over the dialect's identifier limit is shortened with
   a deterministic hash, a reserved word or a name still breaking a rule is
   refused, and quoting is decided by the dialect (only where needed).
4. Across objects, a target equal to the final name of another object in
   the same namespace (after every other rename) is refused.

A refused or unreachable target leaves the object without a fix and with a
``no_fix`` note naming the rules that conflict, shown once per object.
"""

from __future__ import annotations

import hashlib
from bisect import insort
from collections.abc import Callable, Iterable, Mapping, Sequence

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.core.identity import ObjectRef, ref_of, stored_qualified_name
from dbnamelint.dialects import DialectProfile
from dbnamelint.findings import Finding, Fix, Rename, TableFollow
from dbnamelint.model import ObjectKind, Schema, SchemaObject
from dbnamelint.rules.abbreviations import readable_short
from dbnamelint.rules.base import Rule, RuleContext, Violation
from dbnamelint.rules.dependents import (
    TableNames,
    column_style_of,
    columns_of_tables,
    follow_table,
    spelled_columns,
    stale_column_target,
    stale_target,
)
from dbnamelint.rules.naming import CaseStyle, case_word_starts, split_words
from dbnamelint.rules.stored import needs_quotes, object_words, profile_of, stored_object

#: No other tables (a schema/catalog pair the merger saw none in).
_NO_TABLES = TableNames(())

#: Upper bound on fix steps per object; real rule sets settle in 2-4.
MAX_STEPS = 12
#: Hex digits of the hash that replaces the cut part of a too-long name.
HASH_DIGITS = 8

Judge = Callable[[Rule, SchemaObject], list[Violation]]

#: Kinds that share one namespace per schema (PostgreSQL's pg_class: a table
#: and an index cannot have the same name). Used for every dialect, which is
#: stricter than MySQL (indexes per table) but never unsafe.
_RELATIONS = frozenset(
    {
        ObjectKind.TABLE,
        ObjectKind.VIEW,
        ObjectKind.MATERIALIZED_VIEW,
        ObjectKind.SEQUENCE,
        ObjectKind.INDEX,
    }
)
_TYPES = frozenset({ObjectKind.TYPE, ObjectKind.DOMAIN})
# Read once, not per candidate name: on Python 3.11 reading ``ObjectKind.FUNCTION`` goes
# through ``EnumType.__getattr__``'s slow path (about five times a global's
# cost; 3.12 removed it).
_FUNCTION = ObjectKind.FUNCTION


class Target(Struct, frozen=True):
    """The merged outcome for one object: a fix, or why there is none."""

    fix: Rename | None
    no_fix: str | None = None
    #: The hashed short form of a name shortened readably, taken instead
    #: when another object already holds the readable one.
    fallback: Rename | None = None


def renamed_candidate(
    obj: SchemaObject, name: str, quoted: bool, table: str | None = None
) -> SchemaObject:
    """``obj`` as it will be once renamed to ``name``: on its table's new name
    ``table`` when that is renamed too (a sequence: owned by a column of it),
    so rules that read the table's name judge the result, not the old one.
    The new name is written as it is kept (``written_name`` None)."""
    if table is not None and obj.kind is ObjectKind.SEQUENCE and obj.owned_by is not None:
        owned_by = (table, obj.owned_by[1])
        return replace(obj, name=name, quoted=quoted, owned_by=owned_by, written_name=None)
    if table is not None:
        return replace(obj, name=name, quoted=quoted, table=table, written_name=None)
    return replace(obj, name=name, quoted=quoted, written_name=None)


def _namespace_of(kind: ObjectKind) -> str | None:
    """The first element of :func:`namespace_key` for objects of ``kind``."""
    if kind is ObjectKind.FUNCTION:
        return None
    if kind in _RELATIONS:
        return "relation"
    if kind in _TYPES:
        return "type"
    value: str = kind.value
    return value


#: :func:`_namespace_of` of every kind, looked up (asked of every object of a run).
_NAMESPACES: dict[ObjectKind, str | None] = {kind: _namespace_of(kind) for kind in ObjectKind}
_namespace = _NAMESPACES.__getitem__


def namespace_key(
    obj: SchemaObject, name: str, profile: DialectProfile
) -> tuple[object, ...] | None:
    """Which names ``name`` would clash with, as a comparable key (None: never clashes).

    Built on the object's identity (:func:`dbnamelint.core.identity.ref_of`,
    names folded as the dialect compares them) with the kind replaced by its
    namespace: relations (tables, views, sequences, indexes) share one per
    schema, types and domains another; columns, constraints, triggers and
    policies are per table. Functions overload, so they never clash by name.
    Each copy of a schema kept for several databases is its own catalog
    (:func:`dbnamelint.dialects.copy_of`): the SQLite or CockroachDB copy of
    a table never collides with its PostgreSQL copy, although all share one
    identity.
    """
    if obj.kind is _FUNCTION:
        return None
    ref = ref_of(obj, name=name, quoted=needs_quotes(name, profile))
    copy = profile.copy_name
    if obj.source.database is not None:  # a separate database of the tree (``databases:``)
        copy = f"{copy}@{obj.source.database}"
    if obj.kind in _RELATIONS:
        return (copy, "relation", ref.schema, ref.name)
    if obj.kind in _TYPES:
        return (copy, "type", ref.schema, ref.name)
    return (copy, ref.kind, ref.schema, ref.table, ref.name)


def _copy_key(obj: SchemaObject) -> tuple[ObjectRef, str]:
    """An object within one database: its identity, in its file's dialect (each
    copy of a schema kept for several databases gets its own target)."""
    return ref_of(obj), obj.source.catalog


def collapse_doubled_prefix(name: str) -> str:
    """``ai_ai_prompts`` -> ``ai_prompts``: a leading run of 1-3 words written twice."""
    words = name.split("_")
    for size in (3, 2, 1):
        if len(words) > 2 * size and words[:size] == words[size : 2 * size]:
            return "_".join(words[size:])
    return name


#: Characters that separate the words of a name: ``snake_case``, ``kebab-case``
#: and the spaces of quoted free-text names (``"Allow read for members"``).
_WORD_SEPARATORS = "_ -"


def _last_word(name: str) -> tuple[str, str, str]:
    """``(head, separator, last word)``; the separator is the name's own.

    Separated names split at their last ``_``, space or ``-``; a
    camelCase/PascalCase name at its last capital (its hash is then set off
    with ``_``); a single word has no last word to keep: ``(name, "_", "")``.
    """
    at = max(name.rfind(sep) for sep in _WORD_SEPARATORS)
    if at > 0 and name[at + 1 :]:
        return name[:at], name[at], name[at + 1 :]
    cuts = case_word_starts(name)
    if cuts:
        return name[: cuts[-1]], "_", name[cuts[-1] :]
    return name, "_", ""


def _word_prefix(head: str, room: int, size: Callable[[str], int], *, whole: bool = True) -> str:
    """The longest start of ``head`` within ``room`` units, ending between words.

    With ``whole``, a cut inside a word falls back to the end of the word
    before it; only when the first word alone is too long is it cut (never
    mid-character).
    """
    # every character is at least one unit: no prefix longer than ``room``
    # characters fits, so start there (trimming a 1M-character name one
    # character at a time was quadratic)
    cut = head[: max(room, 0)]
    while cut and size(cut) > room:
        cut = cut[:-1]
    if whole and len(cut) < len(head) and head[len(cut)] not in _WORD_SEPARATORS:
        end = max(cut.rfind(sep) for sep in _WORD_SEPARATORS)
        if end > 0 and cut[:end].strip(_WORD_SEPARATORS):
            cut = cut[:end]
    return cut.rstrip(_WORD_SEPARATORS)


def shorten(name: str, limit: int, size: Callable[[str], int] = len) -> str:
    """``name`` cut to ``limit`` (in the dialect's unit) with a stable hash.

    The start (prefix, infix) and the last word (which decides plural or
    singular) are kept; the middle is replaced by ``<sep><8 hex digits of
    sha256(name)><sep>``, with the name's own word separator (``_``, a space
    in a quoted free-text name, ``-``), so the same long name always shortens
    the same way and two long names that share their ends still differ. The
    start is cut between words where it can be: ``Order Line Items For ...
    Last Year`` keeps whole words and ``Year``. Returns ``name`` when it fits;
    the result never exceeds ``limit``.
    """
    if size(name) <= limit:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:HASH_DIGITS]
    head, sep, tail = _last_word(name)
    joint = f"{sep}{digest}{sep}{tail}" if tail else f"{sep}{digest}"
    room = limit - size(joint)
    whole = room >= 1
    if not whole:  # the last word alone does not fit: keep what fits, into that word
        head, joint = name, f"{sep}{digest}"
        room = limit - size(joint)
    kept = _word_prefix(head, room, size, whole=whole)
    short = kept + joint if kept else joint[len(sep) :]
    return short if size(short) <= limit else digest[:limit]  # a limit under 9 units


def short_name(name: str, limit: int, size: Callable[[str], int] = len) -> str:
    """``name`` within ``limit``: readable when words can be abbreviated or
    dropped (:func:`dbnamelint.rules.abbreviations.readable_short`), else
    with a hash (:func:`shorten`)."""
    return readable_short(name, limit, size) or shorten(name, limit, size)


def _ordered(rules: Sequence[Rule]) -> list[Rule]:
    """Explicit maps first, then by ``fix_order`` (case, infix, prefix, plural, length)."""
    return sorted(rules, key=lambda r: (not r.pins_target, r.fix_order, r.code))


class _Merger:
    """Computes the merged target of single objects for one rule set."""

    def __init__(self, rules: Sequence[Rule], ctx: RuleContext, judge: Judge) -> None:
        self.rules = _ordered(rules)
        self.ctx = ctx
        self.judge = judge
        #: The rules that can judge an object of each kind, in fix order.
        self._judging: dict[ObjectKind, list[Rule]] = {}
        #: While :meth:`target` runs: the renamed columns candidates stand on.
        self._columns: Mapping[str, str] = {}

    def _rules_for(self, kind: ObjectKind) -> list[Rule]:
        found = self._judging.get(kind)
        if found is None:
            found = self._judging[kind] = [r for r in self.rules if r.judges_kind(kind)]
        return found

    def _candidate(
        self, obj: SchemaObject, name: str, profile: DialectProfile, table: str | None = None
    ) -> SchemaObject:
        cand = renamed_candidate(obj, name, needs_quotes(name, profile), table)
        moved = self._columns
        if not moved or obj.kind is ObjectKind.COLUMN:
            return cand
        # over its columns' targets, as ``migrate`` and DBN910 judge a target
        # (services.targets): ``{columns}`` is user_id once userId is renamed
        if cand.kind is ObjectKind.SEQUENCE and cand.owned_by is not None:
            owner, column = cand.owned_by
            return replace(cand, owned_by=(owner, moved.get(column, column)))
        return replace(cand, columns=tuple([moved.get(c, c) for c in cand.columns]))

    def _failing(self, cand: SchemaObject) -> list[tuple[Rule, list[Violation]]]:
        out = []
        for rule in self._rules_for(cand.kind):
            found = self.judge(rule, cand)
            if found:
                out.append((rule, found))
        return out

    def target(
        self,
        obj: SchemaObject,
        proposers: Iterable[str],
        derived: str | None = None,
        table: str | None = None,
        columns: Mapping[str, str] | None = None,
    ) -> Target:
        """The one name for ``obj`` (as stored) that passes every active rule.

        ``derived``: where to start instead of the stored name (an object
        built on its table's name starts from the name that follows the
        table's target, :func:`dbnamelint.rules.dependents.follow_table`).
        Without it the start keeps the words the author wrote
        (:func:`dbnamelint.rules.stored.object_words`): an unquoted
        ``InvoiceLine``, stored ``invoiceline`` in PostgreSQL, starts from
        ``invoice_line``, and a name the database cut to its limit from the
        name as written. Only when no name is reached from there is the
        folded spelling tried instead, so an object never loses a fix to it.
        ``table``: the target of ``obj``'s table; candidates are judged on
        the renamed table (a template's ``{table}`` is the new name), so the
        target still passes once ``migrate`` has renamed the table.
        ``columns``: the targets of the columns of that table (old -> new
        stored names); candidates are judged over the renamed columns.
        """
        self._columns = columns or {}
        try:
            return self._merged(obj, proposers, derived, table)
        finally:
            self._columns = {}

    def _merged(
        self, obj: SchemaObject, proposers: Iterable[str], derived: str | None, table: str | None
    ) -> Target:
        """:meth:`target` with :attr:`_columns` set."""
        if derived is not None:
            return self._target(obj, proposers, derived, table)
        words = object_words(obj, self.ctx)
        found = self._target(obj, proposers, words, table)
        if found.fix is None and found.no_fix is not None:
            profile = profile_of(obj, self.ctx)
            folded = profile.fold(obj.written_name or obj.name, obj.quoted)
            if folded != words:
                plain = self._target(obj, proposers, folded, table)
                if plain.fix is not None:
                    return plain
        return found

    def _target(
        self, obj: SchemaObject, proposers: Iterable[str], derived: str, table: str | None
    ) -> Target:
        """:meth:`target` from ``derived`` (the stored name when equal to it)."""
        profile = profile_of(obj, self.ctx)
        start = stored_object(obj, self.ctx)
        name = start.name
        pinned: Rule | None = None
        for rule in self._rules_for(obj.kind):
            if not rule.pins_target:
                continue
            fix = next((v.fix for v in self.judge(rule, start) if v.fix), None)
            if fix is not None:
                name, pinned = fix.new_name, rule
                break
        moved = pinned is not None
        if pinned is None and derived != name:
            name, moved = derived, True
        seen = {name}
        fallback: Rename | None = None  # the hashed form of a readable shortening
        fresh = moved or table is not None or bool(self._columns)
        cand = self._candidate(obj, name, profile, table) if fresh else start
        involved = set(proposers)
        for _ in range(MAX_STEPS):
            failing = self._failing(cand)
            if not failing:
                break
            if pinned is not None:
                codes = ", ".join(r.code for r, _ in failing)
                return Target(
                    Rename(name, needs_quotes(name, profile)),
                    f"the {pinned.code} target {name!r} itself breaks {codes}",
                )
            rule, found = failing[0]
            fix = next((v.fix for v in found if v.fix and v.fix.new_name != cand.name), None)
            if fix is None and cand.quoted != needs_quotes(cand.name, profile):
                fix = Rename(cand.name)  # only the quoting was wrong
            if fix is None:
                return self._stuck(failing, involved, (obj, profile, table))
            involved.add(rule.code)
            new = fix.new_name
            if collapse_doubled_prefix(cand.name) == cand.name:
                # only a doubling the fix introduced (ai_ + ai_prompts); a name
                # that repeats a word itself (customer_customer_demo) keeps it
                new = collapse_doubled_prefix(new)
            if new in seen and new != cand.name:
                return self._stuck(failing, involved, (obj, profile, table))
            seen.add(new)
            fallback = self._hashed(cand.name, new, profile)
            name = new
            cand = self._candidate(obj, name, profile, table)
        else:
            return self._stuck(self._failing(cand), involved, (obj, profile, table))
        return self._safe(obj, cand, profile, involved, table, fallback)

    def rule_fix(self, finding: Finding, obj: SchemaObject, rule: Rule | None) -> Fix | None:
        """What the finding's rule alone proposes for ``obj``, from the words
        its author wrote where folding lost them (:func:`object_words`).

        The rule judged the stored name (``invoiceline``) and built its fix
        on it (``invoicelines``); asked about ``invoice_line`` it proposes
        ``invoice_lines``, and a rule that accepts that name proposes it as
        it is. An explicit map's name (``pins_target``) is the team's,
        whatever the spelling.
        """
        if finding.rule_fix is None or rule is None or rule.pins_target:
            return finding.rule_fix
        words = object_words(obj, self.ctx)
        if words == stored_object(obj, self.ctx).name:
            return finding.rule_fix
        profile = profile_of(obj, self.ctx)
        found = self.judge(rule, self._candidate(obj, words, profile))
        if not found:
            return Rename(words)  # the merged fix decides the quoting, as for any rule's
        fixes = (v.fix for v in found if v.fix and v.fix.new_name != words)
        return next(fixes, finding.rule_fix)

    @staticmethod
    def _hashed(old: str, new: str, profile: DialectProfile) -> Rename | None:
        """The hashed short form of ``old`` when ``new`` is its readable one
        (DBN501's fix), to take instead if another object holds ``new``."""
        limit, size = profile.max_identifier, profile.identifier_size
        if not limit or size(old) <= limit or new != readable_short(old, limit, size):
            return None
        hashed = shorten(old, limit, size)
        return Rename(hashed, needs_quotes(hashed, profile))

    def _stuck(
        self,
        failing: list[tuple[Rule, list[Violation]]],
        involved: set[str],
        where: tuple[SchemaObject, DialectProfile, str | None] | None = None,
    ) -> Target:
        codes = sorted(involved | {r.code for r, _ in failing})
        blocking = "; ".join(self._blocking(rule, found, where) for rule, found in failing)
        return Target(
            None, f"no name satisfies every rule ({', '.join(codes)} conflict; {blocking})"
        )

    def _blocking(
        self,
        rule: Rule,
        found: list[Violation],
        where: tuple[SchemaObject, DialectProfile, str | None] | None,
    ) -> str:
        """Why ``rule`` blocks: the name it accepts and the rule refusing that.

        Its message judges the last candidate, another rule's (DBN501's
        ``index_..._lengths_user_name``, which dropped the template's ``_on_``
        to fit; trial s21 openstreetmap): quoting it reads as the rule's
        suggestion. The name the rule asks for, and who refuses it, says why.
        """
        wanted = next((v.fix.new_name for v in found if v.fix), None)
        if where is None or wanted is None:
            return f"{rule.code}: {found[0].message}"
        obj, profile, table = where
        refusing = [
            (other, why)
            for other, why in self._failing(self._candidate(obj, wanted, profile, table))
            if other is not rule
        ]
        if not refusing:
            return f"{rule.code}: {found[0].message}"
        other, why = refusing[0]
        said = why[0].message
        reason = "" if repr(wanted) in said else f" ({said})"  # no name quoted twice
        return f"{rule.code} accepts only {wanted!r}, which breaks {other.code}{reason}"

    def _safe(
        self,
        obj: SchemaObject,
        cand: SchemaObject,
        profile: DialectProfile,
        involved: set[str],
        table: str | None = None,
        fallback: Rename | None = None,
    ) -> Target:
        name = cand.name
        limit = profile.max_identifier
        if limit and profile.identifier_size(name) > limit:
            readable = readable_short(name, limit, profile.identifier_size)
            fallback = self._hashed(name, readable, profile) if readable else None
            if readable is not None and not self._failing(
                self._candidate(obj, readable, profile, table)
            ):
                name = readable
            else:
                name, fallback = shorten(name, limit, profile.identifier_size), None
            failing = self._failing(self._candidate(obj, name, profile, table))
            if failing:
                return self._stuck(failing, involved | {"DBN501"}, (obj, profile, table))
        if name.lower() in profile.reserved_words:
            return Target(None, f"the only name the rules agree on, {name!r}, is a reserved word")
        if obj.kind in _TYPES and name.lower() in profile.type_keywords:
            return Target(
                None,
                f"the only name the rules agree on, {name!r}, is a keyword that cannot "
                f"name a {obj.kind.value} unquoted",
            )
        quoted = needs_quotes(name, profile)
        if name == stored_object(obj, self.ctx).name and quoted == obj.quoted:
            return Target(None)  # only the source spelling was at fault
        # Same stored name with other quoting is a fix too: write it bare.
        if fallback is not None and not self._failing(
            self._candidate(obj, fallback.new_name, profile, table)
        ):
            return Target(Rename(name, quoted), fallback=fallback)
        return Target(Rename(name, quoted))


def _collisions(
    targets: dict[SchemaObject, Target], schema: Schema, ctx: RuleContext
) -> dict[SchemaObject, Target]:
    """Refuse targets that would take a name another object has after all renames.

    Targets are checked in order; the first that collides is refused (its
    object keeps its stored name, which may in turn block another target)
    and the check starts over, until no target collides. Which names each
    object holds is worked out once and updated as targets are refused.
    """
    out = dict(targets)
    if not out:
        return out
    objects = schema.objects
    # Only objects in a namespace some target is in can hold its new name;
    # an object equal to a target has its kind, name and location.
    namespaces = {_namespace(obj.kind) for obj in out} - {None}
    spelled = {(obj.kind, obj.name, obj.location) for obj in out}
    stored: dict[int, str] = {}
    holders: dict[tuple[object, ...], list[int]] = {}  # key -> positions in ``objects``
    held: dict[int, tuple[object, ...] | None] = {}
    for position, obj in enumerate(objects):
        if _namespace(obj.kind) not in namespaces:
            continue
        profile = profile_of(obj, ctx)
        stored[position] = profile.fold(obj.name, obj.quoted)
        target = out.get(obj) if (obj.kind, obj.name, obj.location) in spelled else None
        final = target.fix.new_name if target and target.fix else stored[position]
        key = namespace_key(obj, final, profile)
        held[position] = key
        if key is not None:
            holders.setdefault(key, []).append(position)
    positions: dict[SchemaObject, list[int]] | None = None  # built on the first refusal
    order = list(out)  # refusing replaces values only: the order never changes
    current = [out[obj] for obj in order]
    #: Per target with a fix: whether it only re-spells the stored name, and
    #: the key of its new name (a target is only ever replaced by a refusal).
    wanted: list[tuple[bool, tuple[object, ...] | None] | None] = [None] * len(order)
    changed = True
    while changed:
        changed = False
        for i, obj in enumerate(order):
            target = current[i]
            if target.fix is None:
                continue
            found = wanted[i]
            if found is None:
                profile = profile_of(obj, ctx)
                new_name = target.fix.new_name
                found = wanted[i] = (
                    new_name == profile.fold(obj.name, obj.quoted),
                    namespace_key(obj, new_name, profile),
                )
            same, key = found
            if same or key is None:
                continue
            other = next((objects[j] for j in holders.get(key, ()) if objects[j] is not obj), None)
            if other is None:
                continue
            if target.fallback is not None:
                # the readable short name is taken: the hashed one is unique
                current[i] = out[obj] = Target(target.fallback)
                wanted[i] = None
            else:
                current[i] = out[obj] = Target(
                    None,
                    f"the merged target {target.fix.new_name!r} would collide with "
                    f"{other.kind.value} {stored_qualified_name(other)!r} ({other.location})",
                )
            # Every object equal to ``obj`` now keeps its stored name (or
            # takes the hashed one).
            if positions is None:
                positions = {}
                for j in held:
                    each = objects[j]
                    if (each.kind, each.name, each.location) in spelled:
                        positions.setdefault(each, []).append(j)
            for j in positions.get(obj, ()):
                fix = current[i].fix
                name = fix.new_name if fix is not None else stored[j]
                key = namespace_key(objects[j], name, profile_of(objects[j], ctx))
                _move(holders, held, j, key)
            changed = True
            break
    return out


def _move(
    holders: dict[tuple[object, ...], list[int]],
    held: dict[int, tuple[object, ...] | None],
    position: int,
    key: tuple[object, ...] | None,
) -> None:
    """Object ``position`` now holds ``key``; lists stay in schema order."""
    old = held[position]
    if old is not None:
        holders[old].remove(position)
    held[position] = key
    if key is not None:
        insort(holders.setdefault(key, []), position)


#: Kinds whose names are usually built on their table's name.
_DEPENDENT_KINDS = frozenset(
    {ObjectKind.INDEX, ObjectKind.CONSTRAINT, ObjectKind.TRIGGER, ObjectKind.SEQUENCE}
)


def _table_target(
    obj: SchemaObject,
    tables: dict[tuple[str | None, str, str], SchemaObject],
    targets: dict[SchemaObject, Target],
) -> tuple[SchemaObject, str] | None:
    """The table ``obj`` hangs on and that table's merged target, or None."""
    if obj.kind is ObjectKind.SEQUENCE:
        if obj.owned_by is None:
            return None
        key = (obj.schema, obj.owned_by[0], obj.source.catalog)
    else:
        if obj.table is None:
            return None
        key = (obj.table_schema, obj.table, obj.source.catalog)
    table = tables.get(key)
    target = targets.get(table) if table is not None else None
    if table is None or target is None or target.fix is None:
        return None
    return table, target.fix.new_name


def _table_of(
    obj: SchemaObject, tables: Mapping[tuple[str | None, str, str], SchemaObject]
) -> SchemaObject | None:
    """The table ``obj`` hangs on (a sequence: the table of the column owning it)."""
    if obj.kind is ObjectKind.SEQUENCE:
        if obj.owned_by is None:
            return None
        return tables.get((obj.schema, obj.owned_by[0], obj.source.catalog))
    if obj.table is None:
        return None
    return tables.get((obj.table_schema, obj.table, obj.source.catalog))


def _moved_columns(
    obj: SchemaObject, moved: Mapping[tuple[str, str | None, str], Mapping[str, str]] | None
) -> Mapping[str, str]:
    """The renamed columns (old -> new stored names) of the table ``obj`` hangs on."""
    if not moved:
        return {}
    if obj.kind is ObjectKind.SEQUENCE:
        if obj.owned_by is None:
            return {}
        return moved.get((obj.source.catalog, obj.schema, obj.owned_by[0]), {})
    return moved.get((obj.source.catalog, obj.table_schema, obj.table or ""), {})


def _column_targets(
    targets: Mapping[SchemaObject, Target], ctx: RuleContext
) -> dict[tuple[str, str | None, str], dict[str, str]]:
    """(catalog, table schema, table) -> {column's stored name: its merged target}
    (the keys :func:`dbnamelint.rules.dependents.columns_of_tables` uses), for
    every column whose merged target renames it."""
    out: dict[tuple[str, str | None, str], dict[str, str]] = {}
    for obj, target in targets.items():
        if obj.kind is not ObjectKind.COLUMN or obj.table is None or target.fix is None:
            continue
        old = stored_object(obj, ctx).name
        if target.fix.new_name != old:
            key = (obj.source.catalog, obj.table_schema, obj.table)
            out.setdefault(key, {})[old] = target.fix.new_name
    return out


def _follows_columns(
    obj: SchemaObject,
    target: Target,
    table: SchemaObject,
    new_table: str | None,
    moved: Mapping[str, str],
    ctx: RuleContext,
    names: Mapping[tuple[str | None, str], TableNames],
    merger: _Merger,
    column_style: CaseStyle | None,
) -> Target:
    """``target`` unless ``migrate`` would refuse it for still spelling a
    column the same plan renames (``moved``: the table's columns' old ->
    new stored names), by :func:`dbnamelint.rules.dependents.stale_column_target`,
    the test ``migrate`` asks (trial s28 kestra: the index
    ``queues_type__offset`` got the target ``queues_type_offset`` while the
    column ``offset`` got ``queue_offset``, and ``migrate`` refused it);
    then the name that follows the columns, re-judged, or no fix with the reason."""
    if target.fix is None or not moved:
        return target
    mine = {table.name, *table.previous_names}
    others = names.get((table.schema, table.source.catalog), _NO_TABLES).excluding(mine)
    final = new_table or stored_object(table, ctx).name
    stale = stale_column_target(obj, target.fix.new_name, final, moved, others, column_style)
    if stale is None:
        return target
    spelled, better = stale
    again = merger.target(obj, (), better, new_table, moved)
    if (
        again.fix is not None
        and stale_column_target(obj, again.fix.new_name, final, moved, others, column_style) is None
    ):
        return again
    return Target(
        None,
        f"every name the rules agree on still spells the column {spelled!r}, whose target "
        f"is {moved[spelled]!r}",
    )


def _follows_table(
    obj: SchemaObject,
    tables: dict[tuple[str | None, str, str], SchemaObject],
    targets: dict[SchemaObject, Target],
    ctx: RuleContext,
    names: Mapping[tuple[str | None, str], TableNames],
    column_style: CaseStyle | None = None,
    renamed_columns: Mapping[tuple[str, str | None, str], Mapping[str, str]] | None = None,
) -> str | None:
    """``obj``'s name after its table and columns take their merged targets, or None.

    The table is the one ``obj`` is attached to (a sequence: the table of
    the column owning it); None when that table has no new name or ``obj``'s
    name is not built on it, unless ``renamed_columns`` (columns' old -> new
    stored names by (catalog, table schema, table)) renames a column it
    spells: then it follows them on the table as it is. Computed by
    :func:`dbnamelint.rules.dependents.follow_table`, as ``migrate`` does,
    from the table's current name, else from the names it had before (newest
    first: ``idx_tag_community`` on ``tag``, renamed ``community_tag``, gets
    the target ``idx_community_tags_community`` with the table's).
    ``names``: every table's current and earlier names by (schema,
    dialect): a run spelling another table's longer name that starts with
    the old one is that table's (DBN504's reading).
    """
    found = _table_target(obj, tables, targets)
    key = (obj.source.catalog, obj.table_schema, obj.table or "")
    moved = _moved_columns(obj, renamed_columns)
    if found is None:
        table = _table_of(obj, tables)
        if table is None or not moved:
            return None
        new_table: str | None = None
    else:
        table, new_table = found
    # From the name as written, not the database's cut of it (whose trailing
    # ``_`` or half word would be carried into the target); failing that,
    # with the words its capitals started, which folding may have lost
    # (``InvoiceLineIdx`` spells ``InvoiceLine`` as ``invoice_line_idx``,
    # not PostgreSQL's ``invoicelineidx``; MySQL keeps ``InvoiceLineIdx``,
    # one ``_``-word).
    words, table_words = object_words(obj, ctx), object_words(table, ctx)
    spellings = dict.fromkeys(
        (
            profile_of(obj, ctx).fold(obj.written_name or obj.name, obj.quoted),
            words,
            "_".join(split_words(words)),
        )
    )
    olds = dict.fromkeys(
        (
            stored_object(table, ctx).name,
            *reversed(table.previous_names),
            table_words,
            "_".join(split_words(table_words)),
        )
    )
    mine = {table.name, *table.previous_names}
    others = names.get((table.schema, table.source.catalog), _NO_TABLES).excluding(mine)
    spelled = spelled_columns(obj, columns_of_tables(ctx.schema).get(key, ()))
    for name in spellings:
        for old_table in olds:
            new = follow_table(
                obj,
                name,
                old_table,
                new_table,
                moved,
                obj.source.dialect,
                others=others,
                column_style=column_style,
                spelled=spelled,
            )
            if new is not None:
                return new
    return None


def _not_stale(
    obj: SchemaObject,
    target: Target,
    table: SchemaObject,
    new_table: str,
    ctx: RuleContext,
    names: Mapping[tuple[str | None, str], TableNames],
    merger: _Merger,
    columns: Mapping[str, str] | None = None,
) -> Target:
    """``target`` unless ``migrate`` would refuse it for still spelling an old
    name of its table (:func:`dbnamelint.rules.dependents.stale_target`, the
    one rule both use); then the name that follows the table, re-judged, or
    no fix with the reason."""
    assert target.fix is not None
    stored = stored_object(obj, ctx).name
    table_stored = stored_object(table, ctx).name
    olds = [n for n in (table_stored, *reversed(table.previous_names)) if n != new_table]
    mine = {table.name, *table.previous_names}
    others = names.get((table.schema, table.source.catalog), _NO_TABLES).excluding(mine)
    stale = stale_target(obj, stored, target.fix.new_name, olds, new_table, others)
    if stale is None:
        return target
    before, better = stale
    if better is not None:
        again = merger.target(obj, (), better, new_table, columns)
        if (
            again.fix is None
            or stale_target(obj, stored, again.fix.new_name, olds, new_table, others) is None
        ):
            return again
    return Target(
        None,
        f"every name the rules agree on still spells the table's old name {before!r} "
        f"(the table's target is {new_table!r})",
    )


def _as_it_is(obj: SchemaObject, target: Target, ctx: RuleContext) -> bool:
    """Whether ``target`` renames ``obj``, whose table has a target, to the
    name it has (its quoting aside): the table goes back to the name ``obj``
    was built on (``"accounts_pkey"`` after ``accounts`` -> ``account``, the
    plural rule's target ``accounts``), so the name is right as it is once
    the table is renamed. DBN504 suggested the name itself, and a whitelist
    entry with it as ``target`` made ``migrate`` refuse (trial s20 shiori #10).
    """
    fix = target.fix
    return fix is not None and fix.new_name == stored_object(obj, ctx).name


def merge_fixes(
    findings: Sequence[Finding],
    schema: Schema,
    rules: Sequence[Rule],
    ctx: RuleContext,
    judge: Judge,
) -> list[Finding]:
    """``findings`` with each object's one merged target in ``fix``/``suggestion``.

    Objects none of whose findings proposes a fix keep no fix (nothing is
    invented for them, except that ``no_fix`` stays empty). ``judge`` runs one
    rule on one candidate object (the engine wraps crashes there).
    """
    if all(f.rule_fix is None for f in findings):
        return list(findings)  # no rule proposes a name: nothing to merge
    # A finding may point elsewhere than its object's definition (DBN504
    # reports at the rename that made a name stale): group by identity.
    kinds = {f.object.kind for f in findings}  # a reference names its kind
    known = {_copy_key(obj): obj for obj in schema.objects if obj.kind in kinds}
    owners = [known.get(_copy_key(finding.object)) for finding in findings]
    by_object: dict[SchemaObject, list[Finding]] = {}
    for finding, obj in zip(findings, owners, strict=True):
        if obj is not None:
            by_object.setdefault(obj, []).append(finding)
    merger = _Merger(rules, ctx, judge)
    # the config's column case (not narrowed by --select), else the rules'
    column_style = ctx.column_style or column_style_of(rules)
    targets: dict[SchemaObject, Target] = {}
    follows: dict[SchemaObject, TableFollow] = {}  # targets spelling a table's target
    # Tables first: an index, constraint, trigger or owned sequence named
    # after its table starts from the name that follows the table's target.
    later: list[tuple[SchemaObject, set[str]]] = []
    for obj, group in by_object.items():
        proposers = {f.code for f in group if f.rule_fix is not None}
        if not proposers:
            continue
        if obj.kind in _DEPENDENT_KINDS:
            later.append((obj, proposers))
        else:
            targets[obj] = merger.target(obj, proposers)
    if later:
        # every table: an index of a table without a target still follows
        # its columns' targets
        tables = {
            (t.schema, t.name, t.source.catalog): t
            for t in schema.objects
            if t.kind is ObjectKind.TABLE
        }
        moved = _column_targets(targets, ctx)
        listed: dict[tuple[str | None, str], list[str]] = {}
        for t in schema.objects:
            if t.kind is ObjectKind.TABLE:
                listed.setdefault((t.schema, t.source.catalog), []).extend(
                    (t.name, *t.previous_names)
                )
        names = {key: TableNames(found) for key, found in listed.items()}
        for obj, proposers in later:
            derived = _follows_table(obj, tables, targets, ctx, names, column_style, moved)
            found = _table_target(obj, tables, targets)
            new_table = found[1] if found is not None else None
            own = _moved_columns(obj, moved)
            merged = merger.target(obj, proposers, derived, new_table, own)
            if found is not None and merged.fix is not None:
                merged = _not_stale(obj, merged, found[0], new_table or "", ctx, names, merger, own)
            table = _table_of(obj, tables)
            if table is not None and own:
                merged = _follows_columns(
                    obj, merged, table, new_table, own, ctx, names, merger, column_style
                )
            if found is not None and _as_it_is(obj, merged, ctx):
                merged = Target(None)
            targets[obj] = merged
            if found is not None and merged.fix is not None:
                today = merger.target(obj, proposers, columns=own).fix
                if today is not None and today.new_name != merged.fix.new_name:
                    table_now = stored_object(found[0], ctx).name
                    follows[obj] = TableFollow(table_now, found[1], today.new_name)
    targets = _collisions(targets, schema, ctx)
    by_code = {rule.code: rule for rule in rules}
    out: list[Finding] = []
    for finding, owner in zip(findings, owners, strict=True):
        target = targets.get(owner) if owner is not None else None
        if target is None or owner is None:
            out.append(finding)
            continue
        fix = target.fix
        follow = follows.get(owner)
        out.append(
            replace(
                finding,
                fix=fix,
                suggestion=fix.new_name if fix else None,
                no_fix=target.no_fix,
                rule_fix=merger.rule_fix(finding, owner, by_code.get(finding.code)),
                follows=follow
                if fix is not None and follow and follow.today != fix.new_name
                else None,
            )
        )
    return out
