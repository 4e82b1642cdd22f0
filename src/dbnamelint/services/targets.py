"""Whitelist targets judged by the active rules, as fix targets are judged.

An entry's ``target:`` is the name ``migrate`` will rename the object to, so
it must pass the rules the object is held to. Each target is judged as
:mod:`dbnamelint.rules.fixes` judges a candidate: the object under its new
name as the database will store it (the dialect's folding of the target as
written: an unquoted ``TaskZ`` is ``taskz`` in PostgreSQL), quoted only
where the dialect needs it, and, for a column, index, constraint, trigger
or owned sequence whose table has a target too, on the renamed table. Every
active rule that can judge the kind is asked (:meth:`Rule.check_name`).
``check`` reports each failing target on its ``target:`` line (DBN910);
``migrate`` refuses to plan it with the same message.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.config import Settings
from dbnamelint.core.identity import earlier_names, split_name
from dbnamelint.core.index import catalog_of
from dbnamelint.dialects import profile_for
from dbnamelint.model import Diagnostic, ObjectKind, Schema, SchemaObject, Severity
from dbnamelint.rules.base import Rule, RuleContext, Violation
from dbnamelint.rules.dependents import stale_target
from dbnamelint.rules.fixes import namespace_key, renamed_candidate
from dbnamelint.rules.stored import needs_quotes
from dbnamelint.whitelist import Whitelist, WhitelistEntry, parse_whitelist

#: An entry's target breaks an active rule.
BAD_TARGET_CODE = "DBN910"


class BadTarget(Struct, frozen=True):
    """One entry whose target breaks rules: the entry, and (rule, violation) pairs."""

    entry: WhitelistEntry
    stored: str  # the target as the database will store it
    broken: tuple[tuple[Rule, Violation], ...]
    #: Another entry whose object would take the same name (same namespace).
    clash: WhitelistEntry | None = None
    #: The table's old name the target still spells, and the name that follows
    #: the table's target (what ``whitelist retarget`` writes; None: none told).
    stale: tuple[str, str | None] | None = None

    @property
    def reason(self) -> str:
        """Why the target is refused, after "it": ``breaks DBN105 table-name-singular``."""
        if self.clash is not None:
            other = self.clash
            return (
                f"is also the target of {other.kind.value} {other.name} "
                f"({other.location.path}:{other.location.line})"
            )
        return "breaks " + ", ".join(dict.fromkeys(f"{r.code} {r.name}" for r, _ in self.broken))

    @property
    def message(self) -> str:
        """``whitelist target 'X' of table t itself breaks DBN101 (...)``, one line."""
        if self.clash is not None:
            return (
                f"whitelist target {self.entry.target} of {self.entry.kind.value} "
                f"{self.entry.name} {self.reason}: two objects cannot take "
                f"one name ({self.stored!r}); give each its own target"
            )
        rules = "; ".join(f"{rule.code} {rule.name}: {v.message}" for rule, v in self.broken)
        advice = "write a target that passes the rules, or remove the target"
        if self.stale is not None:
            before, better = self.stale
            advice = (
                f"it still spells its table's old name {before!r}; `dbnamelint whitelist "
                f"retarget` rewrites it{f' to {better!r}' if better else ''} (or {advice})"
            )
        return (
            f"whitelist target {self.entry.target} of {self.entry.kind.value} "
            f"{self.entry.name} (stored as {self.stored!r}) itself breaks {rules}: {advice}"
        )

    def diagnostic(self) -> Diagnostic:
        """The DBN910 error, on the entry's ``target:`` line (else the entry's)."""
        where = self.entry.target_location or self.entry.location
        return Diagnostic(where, Severity.ERROR, self.message, BAD_TARGET_CODE)


def bad_targets(
    whitelist: Whitelist,
    schema: Schema,
    rules: Sequence[Rule],
    ctx: RuleContext,
    entries: Collection[WhitelistEntry] | None = None,
) -> list[BadTarget]:
    """The entries (of ``entries``, default all) whose target breaks one of ``rules``,
    or lands on the name an earlier entry's target gives another object.

    An entry whose object is gone or already renamed is skipped (``check``
    calls it stale), and so is a qualified target (``migrate`` refuses it
    on its own). ``ctx`` is the run's rule context (its schema and modules).
    """
    with_target = [e for e in whitelist.entries if e.target]
    if not with_target or not rules:
        return []
    index = catalog_of(schema)
    # Each copy of a schema kept for several databases (MySQL and SQLite
    # files of one tree) is its own catalog: an entry denotes its object in
    # every copy that has it, and each copy is judged on its own table.
    found: list[tuple[WhitelistEntry, SchemaObject, str, bool]] = []
    tables: dict[tuple[str | None, str, str], str] = {}
    columns: dict[tuple[str | None, str, str], dict[str, str]] = {}
    table_objs: dict[tuple[str | None, str, str], SchemaObject] = {}
    for entry in with_target:
        target = split_name(entry.target or "")
        if len(target) != 1:
            continue
        for resolved in index.resolve_all(entry.kind, entry.parts, database=entry.database):
            if resolved.renamed:
                continue
            obj = resolved.obj
            profile = profile_for(obj.source.dialect or ctx.default_dialect)
            stored = profile.fold(*target[0])
            found.append((entry, obj, stored, needs_quotes(stored, profile)))
            if obj.kind is ObjectKind.TABLE:
                tables.setdefault((obj.schema, obj.name, obj.source.catalog), stored)
                table_objs.setdefault((obj.schema, obj.name, obj.source.catalog), obj)
            elif obj.kind is ObjectKind.COLUMN and obj.table is not None:
                on = (obj.table_schema, obj.table, obj.source.catalog)
                # keyed by the stored name, as an index's ``columns`` spell it
                column = profile.fold(obj.name, obj.quoted)
                columns.setdefault(on, {}).setdefault(column, stored)
    wanted = None if entries is None else {id(e) for e in entries}
    out: list[BadTarget] = []
    reported: set[int] = set()  # one error per entry, from its first failing copy
    #: Where a target lands (its namespace key) -> the first entry and object there.
    taken: dict[tuple[object, ...], tuple[WhitelistEntry, SchemaObject]] = {}
    for entry, obj, stored, quoted in found:
        cand = _candidate(obj, stored, quoted, tables, columns)
        key = namespace_key(cand, stored, profile_for(obj.source.dialect or ctx.default_dialect))
        first, holder = taken.setdefault(key, (entry, obj)) if key is not None else (entry, obj)
        if (wanted is not None and id(entry) not in wanted) or id(entry) in reported:
            continue
        if holder is not obj:  # two entries of one object may share their target
            reported.add(id(entry))
            out.append(BadTarget(entry, stored, (), clash=first))
            continue
        broken = [
            (rule, v)
            for rule in rules
            if rule.judges_kind(cand.kind)
            for v in rule.check_name(cand, ctx)
        ]
        if broken:
            reported.add(id(entry))
            stale = _spells_old_table(obj, stored, tables, table_objs, schema, ctx)
            out.append(BadTarget(entry, stored, tuple(broken), stale=stale))
    return out


def _spells_old_table(
    obj: SchemaObject,
    stored: str,
    tables: dict[tuple[str | None, str, str], str],
    table_objs: dict[tuple[str | None, str, str], SchemaObject],
    schema: Schema,
    ctx: RuleContext,
) -> tuple[str, str | None] | None:
    """(old name spelled, name that follows) when the target ``stored`` of the
    dependent ``obj`` still spells its renamed table's old name
    (:func:`dbnamelint.rules.dependents.stale_target`, as ``migrate`` asks), else None."""
    if obj.kind is ObjectKind.SEQUENCE and obj.owned_by is not None:
        key = (obj.schema, obj.owned_by[0], obj.source.catalog)
    elif obj.table is not None:
        key = (obj.table_schema, obj.table, obj.source.catalog)
    else:
        return None
    table = table_objs.get(key)
    if table is None:
        return None
    profile = profile_for(obj.source.dialect or ctx.default_dialect)
    final = tables[key]
    # Each name folds as it was written (earlier_names: its own quoting).
    olds = [
        profile.fold(n, q) for n, q in ((table.name, table.quoted), *reversed(earlier_names(table)))
    ]
    others = [
        profile.fold(n, q)
        for t in schema.of_kind(ObjectKind.TABLE)
        if t is not table and t.schema == table.schema and t.source.catalog == key[2]
        for n, q in ((t.name, t.quoted), *earlier_names(t))
    ]
    own = obj.name if obj.implicit else profile.fold(obj.name, obj.quoted)
    return stale_target(obj, own, stored, [n for n in olds if n != final], final, others)


def _candidate(
    obj: SchemaObject,
    stored: str,
    quoted: bool,
    tables: dict[tuple[str | None, str, str], str],
    columns: dict[tuple[str | None, str, str], dict[str, str]],
) -> SchemaObject:
    """``obj`` renamed to ``stored``, on its table's target when that has one,
    over its columns' targets where they have one (``migrate`` renames them
    in the same plan: an index target is judged on ``comment_hex``, not on
    the ``commenthex`` it leaves behind)."""
    table: str | None = None
    if obj.kind is ObjectKind.SEQUENCE and obj.owned_by is not None:
        on = (obj.schema, obj.owned_by[0], obj.source.catalog)
    elif obj.table is not None:
        on = (obj.table_schema, obj.table, obj.source.catalog)
    else:
        return renamed_candidate(obj, stored, quoted, None)
    table = tables.get(on)
    cand = renamed_candidate(obj, stored, quoted, table)
    new = columns.get(on)
    if not new or obj.kind is ObjectKind.COLUMN:
        return cand
    if cand.kind is ObjectKind.SEQUENCE and cand.owned_by is not None:
        owner, column = cand.owned_by
        return replace(cand, owned_by=(owner, new.get(column, column)))
    return replace(cand, columns=tuple(new.get(c, c) for c in cand.columns))


def planned_bad_targets(
    settings: Settings,
    whitelist: Whitelist,
    schema: Schema,
    origins: Collection[str],
) -> list[BadTarget]:
    """:func:`bad_targets` for ``migrate``: the entries at ``origins`` (``path:line``,
    a request's origin), judged by every active rule, as ``check`` judges them."""
    entries = [e for e in whitelist.entries if f"{e.location.path}:{e.location.line}" in origins]
    if not entries:
        return []
    ctx = settings.rule_context(schema)
    return bad_targets(whitelist, schema, [rule for rule, _ in settings.rules], ctx, entries)


#: How many times :func:`without_bad_targets` looks again after leaving
#: targets out (a table's target left out changes how its indexes are judged).
_INIT_ROUNDS = 8


class LeftOut(Struct, frozen=True):
    """A target ``init`` wrote as a comment: the entry, and why (after "it")."""

    entry: WhitelistEntry
    reason: str
    #: Whether ``check`` would refuse it (DBN910); else ``migrate`` cannot apply it.
    by_rules: bool = True


class CheckedInit(Struct, frozen=True):
    """``whitelist init``'s text with the targets ``check`` would refuse left out."""

    text: str
    left_out: tuple[LeftOut, ...]


def without_bad_targets(text: str, settings: Settings, schema: Schema) -> CheckedInit:
    """``text`` (a whitelist ``init`` wrote) with each target DBN910 would refuse
    turned into a comment that says why, so the next ``check`` passes.

    The targets are judged as ``check`` judges them (:func:`bad_targets`, every
    active rule, ``schema`` the run's model). Leaving a table's target out
    changes how its columns' and indexes' targets are judged, so the text is
    judged again until nothing more is refused. Raises nothing: the text is
    ``init``'s own and always parses.
    """
    rules = [rule for rule, _ in settings.rules]
    ctx = settings.rule_context(schema)
    left_out: list[LeftOut] = []
    text = _without_unappliable(text, settings, schema, left_out)
    for round_ in range(_INIT_ROUNDS):
        whitelist = parse_whitelist(text, settings.whitelist_path.name, settings.registry)
        bad = bad_targets(whitelist, schema, rules, ctx)
        if not bad:
            break
        lines = text.split("\n")
        for item in bad:
            where = item.entry.target_location
            if where is None:
                continue
            reason = item.reason + (" once another target was left out" if round_ else "")
            written = lines[where.line - 1].strip()
            lines[where.line - 1] = f"    # {written}  (left out: it {reason})"
            left_out.append(LeftOut(item.entry, reason))
        text = "\n".join(lines)
    return CheckedInit(text, tuple(left_out))


def _without_unappliable(
    text: str, settings: Settings, schema: Schema, left_out: list[LeftOut]
) -> str:
    """``text`` with each target ``migrate`` cannot apply written as a
    comment (added to ``left_out``): a column of a SQLite virtual table,
    which SQLite refuses to rename (trial s22 temporal: fts5 columns)."""
    virtual = {
        t.name.casefold(): t
        for t in schema.of_kind(ObjectKind.TABLE)
        if t.virtual_module and t.source.dialect == "sqlite"
    }
    if not virtual:
        return text
    whitelist = parse_whitelist(text, settings.whitelist_path.name, settings.registry)
    lines = text.split("\n")
    for entry in whitelist.entries:
        where = entry.target_location
        if entry.kind is not ObjectKind.COLUMN or where is None or len(entry.parts) < 2:
            continue
        table = virtual.get(entry.parts[-2][0].casefold())
        if table is None:
            continue
        reason = (
            f"is a column of SQLite virtual table {table.name} (USING {table.virtual_module}), "
            "which SQLite refuses to rename ('cannot rename columns of virtual table')"
        )
        lines[where.line - 1] = f"    # {lines[where.line - 1].strip()}  (left out: it {reason})"
        left_out.append(LeftOut(entry, reason, by_rules=False))
    return "\n".join(lines)
