"""A Liquibase XML/YAML/JSON changelog read into naming events.

Each changeset Liquibase runs on the file's database (its ``dbms`` filter,
as for formatted SQL; every ``context``: Liquibase runs all of them when
no ``--contexts`` is given) has its change types written as the SQL
Liquibase generates for them (:mod:`.sqlgen`); that SQL goes through the
SQL reader, so the events are the very ones the same DDL written by hand
makes (implicit names left to the dialect). Each event's location is then
moved to the changelog line (and column) of the element or attribute that
wrote it. Change types not read are listed for the ``DBN917`` note.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import Family, profile_for
from dbnamelint.frontends.generated_sql import GeneratedRead, Line, read_generated
from dbnamelint.frontends.liquibase.sqlgen import NAMES_NOTHING, READ, generate, missing
from dbnamelint.frontends.liquibase.tree import ChangeSet, Node, changesets, data_properties
from dbnamelint.liquibase_sql import (
    NOT_SCHEMA,
    changeset_dbms,
    contexts_pick_dbms,
    dbms_matches,
    liquibase_dbms,
)
from dbnamelint.liquibase_sql_check import answerable, parse
from dbnamelint.migration_text import NOT_REPLAYED_CODE
from dbnamelint.model import (
    ChangeSetGuard,
    Diagnostic,
    Event,
    Location,
    Precondition,
    Severity,
    SourceFile,
)

__all__ = [
    "NOT_SCHEMA",
    "read_changelog",
    "read_changes",
    "runs",
    "unread_changes",
]


def unread_changes(change_set: ChangeSet) -> list[str]:
    """The change types of ``change_set`` that name schema objects but are
    not read (``customChange``, ``mergeColumns``...), as ``type`` or
    ``type table``, in order."""
    out: list[str] = []
    for change in change_set.changes:
        kind = change.tag.lower()
        if kind == "sql" and not (change.text.strip() or change.get("sql")):
            # written in a way not read: say so rather than pass it over
            out.append(f"{change.tag} without its SQL text")
            continue
        if kind in READ and kind != "sql" and (lacking := missing(change)) is not None:
            out.append(f"{change.tag} without {lacking}")
            continue
        if kind in READ or kind in NAMES_NOTHING or kind in NOT_SCHEMA:
            continue
        table = change.get("tableName") or change.get("newTableName")
        out.append(f"{change.tag} {table}" if table else change.tag)
    return out


def read_changes(change_set: ChangeSet) -> bool:
    """Whether ``change_set`` holds a change type that is read (:data:`READ`)."""
    return any(change.tag.lower() in READ for change in change_set.changes)


def by_context(found: list[ChangeSet]) -> bool:
    """Whether the contexts of a changelog's changesets pick their database
    (:func:`~dbnamelint.liquibase_sql.contexts_pick_dbms`)."""
    return contexts_pick_dbms(_context(c) for c in found)


def _context(change_set: ChangeSet) -> str | None:
    return change_set.node.get("contextFilter") or change_set.node.get("context")


def runs(change_set: ChangeSet, short: str | None, contexts: bool = False) -> bool:
    """Whether Liquibase runs ``change_set`` on database ``short``: its ``dbms``
    (or, ``contexts``, the database its context names) lets it, and its
    ``preConditions`` do not surely fail there (or fail with ``onFail: WARN``,
    which runs it anyway: Liquibase manual, "Preconditions")."""
    if ignored(change_set):
        return False
    dbms = changeset_dbms(change_set.node.get("dbms"), _context(change_set), contexts)
    if dbms and short is not None and not dbms_matches(dbms, short):
        return False
    guard = next((c for c in change_set.changes if c.tag.lower() == "preconditions"), None)
    if guard is None or short is None:
        return True
    return (guard.get("onFail") or "").upper() == "WARN" or _holds(guard, short) is not False


#: The database a changelog is read for when it is none of dbnamelint's
#: dialects (H2, DB2...): the gate reads such a database's changesets with
#: the tree's grammar (:func:`read_as`).
_READ_AS: ContextVar[str | None] = ContextVar("liquibase_read_as", default=None)


@contextmanager
def read_as(dbms: str | None) -> Iterator[None]:
    """Changelogs read within are read for Liquibase's database ``dbms``
    (its ``dbms`` filters), whatever their dialect's grammar; None: as their
    dialect says."""
    token = _READ_AS.set(dbms)
    try:
        yield
    finally:
        _READ_AS.reset(token)


def ignored(change_set: ChangeSet) -> bool:
    """Whether ``change_set`` says ``ignore="true"``: Liquibase runs it on no
    database (the manual, "changeset"; Liquibase 4.28 on PostgreSQL)."""
    return (change_set.node.get("ignore") or "").strip().lower() == "true"


def _holds(node: Node, short: str) -> bool | None:
    """What a ``preConditions`` element (or one of its ``and``/``or``/``not``/
    ``dbms``) says on database ``short``: False when it surely fails there
    (Liquibase then marks the changeset ran, skips it, or stops: it runs
    nothing there), None when it depends on more than the database (a
    ``tableExists``, a ``sqlCheck``...). Liquibase manual, "Preconditions"."""
    tag = node.tag.lower()
    if tag == "dbms":
        wanted = node.get("type")
        return None if wanted is None else dbms_matches(wanted, short)
    said = [_holds(child, short) for child in node.children]
    if tag in ("preconditions", "and"):
        return False if False in said else (True if said and None not in said else None)
    if tag == "or":
        return True if True in said else (False if said and None not in said else None)
    if tag == "not":
        inner = False if False in said else (True if said and None not in said else None)
        return None if inner is None else not inner
    return None


#: Preconditions replay evaluates against the schema it has built so far
#: (Liquibase's ``*ExistsPrecondition`` classes test a snapshot of the
#: database at that point of the update), and ``changeSetExecuted``.
SCHEMA_TESTS = frozenset(
    {
        "tableexists",
        "columnexists",
        "indexexists",
        "foreignkeyconstraintexists",
        "primarykeyexists",
        "viewexists",
        "sequenceexists",
        "changesetexecuted",
    }
)
_LOGIC = frozenset({"and", "or", "not"})


def _as_precondition(node: Node, short: str | None) -> Precondition:
    """``node`` (a precondition element) for replay: a ``dbms`` is decided
    here (tag ``true``/``false``), a test replay does not evaluate
    (``sqlCheck``, ``runningAs``, ``rowCount``...) becomes ``unknown``."""
    tag = node.tag.lower()
    if tag == "dbms":
        wanted = node.get("type")
        if wanted is None or short is None:
            return Precondition("unknown")
        return Precondition("true" if dbms_matches(wanted, short) else "false")
    if tag in _LOGIC:
        return Precondition(tag, (), tuple(_as_precondition(c, short) for c in node.children))
    if tag in SCHEMA_TESTS:
        return Precondition(tag, tuple((k, v) for k, v in node.attrs.items() if v))
    if tag == "sqlcheck" and (sql := _check_sql(node, short)) is not None:
        return sql_check(node.get("expectedResult"), sql)
    return Precondition("unknown", (("was", node.tag),))


def _check_sql(node: Node, short: str | None) -> str | None:
    """A ``sqlCheck``'s SQL when replay counts it on database ``short``
    (:mod:`dbnamelint.liquibase_sql_check`): XML's text, YAML/JSON's ``sql`` key."""
    sql = node.text.strip() or node.get("sql") or ""
    return sql if counted(sql, short) else None


def counted(sql: str, short: str | None) -> bool:
    """Whether replay counts the ``sqlCheck`` query ``sql`` on database
    ``short`` (Liquibase's name: ``postgresql``, ``mariadb``...)."""
    check = parse(sql)
    family = {"postgresql": "postgres", "mysql": "mysql", "mariadb": "mysql"}.get(short or "")
    return check is not None and answerable(check, family)


def sql_check(expected: str | None, sql: str) -> Precondition:
    """A ``sqlCheck`` replay evaluates (its SQL is a shape :func:`parse` reads)."""
    attrs = (("expectedResult", expected),) if expected is not None else ()
    return Precondition("sqlcheck", (*attrs, ("sql", sql)))


def _evaluated(node: Node, short: str | None) -> bool:
    """Whether replay evaluates the precondition ``node`` itself (not its children)."""
    tag = node.tag.lower()
    return tag in SCHEMA_TESTS or (tag == "sqlcheck" and _check_sql(node, short) is not None)


def _not_evaluated(node: Node, short: str | None) -> list[str]:
    """The tags under ``node`` that replay does not evaluate (``sqlCheck``...)."""
    out: list[str] = []
    for child in node.children:
        tag = child.tag.lower()
        if tag in _LOGIC:
            out.extend(_not_evaluated(child, short))
        elif not _evaluated(child, short) and tag != "dbms":
            out.append(child.tag)
    return out


def _guard(change_set: ChangeSet, short: str | None, path: str) -> ChangeSetGuard:
    """The schema ``preConditions`` of ``change_set`` for replay to evaluate
    (an empty ``and``, which holds, when it has none that test the schema,
    or ``onFail`` is ``WARN``: Liquibase then runs the changeset anyway).
    Liquibase's ``preConditions`` holds its tests as an ``and``
    (``PreconditionContainer`` extends ``AndPrecondition``); ``onFail``
    defaults to ``HALT``."""
    node = next((c for c in change_set.changes if c.tag.lower() == "preconditions"), None)
    key = f"{path}::{change_set.node.get('id') or ''}::{change_set.node.get('author') or ''}"
    on_fail = (node.get("onFail") or "HALT").upper() if node is not None else ""
    if node is None or on_fail == "WARN" or not _tests_schema(node, short):
        # no test replay evaluates: the changeset runs, and replay records
        # it ran for a later ``changeSetExecuted``
        at = Location(path, change_set.node.line, change_set.node.column)
        return ChangeSetGuard(key, "", Precondition("and"), at)
    test = Precondition("and", (), tuple(_as_precondition(c, short) for c in node.children))
    return ChangeSetGuard(key, on_fail, test, Location(path, node.line, node.column))


def _tests_schema(node: Node, short: str | None) -> bool:
    return any(
        _evaluated(child, short) or (child.tag.lower() in _LOGIC and _tests_schema(child, short))
        for child in node.children
    )


#: What the DBN013 note says replay does evaluate.
EVALUATED = (
    "tableExists, columnExists, indexExists, foreignKeyConstraintExists, primaryKeyExists, "
    "viewExists, sequenceExists, changeSetExecuted, and a sqlCheck counting rows of "
    "information_schema.tables/views/columns/table_constraints/statistics/routines, "
    "pg_indexes, pg_tables, pg_views or pg_class by name, are evaluated against the schema "
    "built so far"
)


def _unevaluated_note(node: Node, tags: list[str], path: str) -> Diagnostic:
    """The one ``DBN013`` note of a file whose changesets' preConditions hold
    tests replay does not evaluate: those changesets are replayed as run."""
    said = ", ".join(dict.fromkeys(tags))
    return Diagnostic(
        Location(path, node.line, node.column),
        Severity.INFO,
        f"preConditions not evaluated ({said}): the changesets they guard in this file are "
        f"replayed as if they hold ({EVALUATED})",
        "DBN013",
    )


def _guarded(
    events: tuple[Event, ...], starts: list[int], guards: list[ChangeSetGuard | None]
) -> tuple[Event, ...]:
    """``events`` with each given the guard of the changeset whose lines hold it."""
    out = []
    for event in events:
        at = bisect_right(starts, event.location.line) - 1
        guard = guards[at] if at >= 0 else None
        out.append(event if guard is None else replace(event, liquibase_guard=guard))
    return tuple(out)


def _unapplied(node: Node, path: str) -> Diagnostic:
    """The ``DBN013`` warning of a changeset whose ``modifySql`` is not applied
    (a ``regExpReplace`` pattern Python's ``re`` does not read): what its
    statements run is not known, so they are not read."""
    return Diagnostic(
        Location(path, node.line, node.column),
        Severity.WARNING,
        "changeset not read: its modifySql regExpReplace pattern does not read here, so the "
        "SQL Liquibase runs is not known (the names it makes are not in the model)",
        "DBN013",
    )


def _skipped(node: Node, what: str, short: str, path: str) -> Diagnostic:
    """The DBN007 note of a changeset (or change) Liquibase never runs on ``short``."""
    return Diagnostic(
        Location(path, node.line, node.column),
        Severity.INFO,
        f"{what} not replayed: {_why(node)} leaves out {short}, the database this file "
        "is read for (Liquibase never runs it there)",
        NOT_REPLAYED_CODE,
    )


def _ignored(node: Node, path: str) -> Diagnostic:
    """The DBN007 note of a changeset marked ``ignore="true"``."""
    return Diagnostic(
        Location(path, node.line, node.column),
        Severity.INFO,
        'changeset not replayed: it says ignore="true" (Liquibase never runs it)',
        NOT_REPLAYED_CODE,
    )


def _why(node: Node) -> str:
    dbms = node.get("dbms")
    return f"its dbms={dbms}" if dbms else "its preConditions' dbms"


#: An XML changelog's ``<property name="x" value="y" [dbms="..."]/>``.
_PROPERTY = lazy_compile(r"<property\b([^>]*?)/?>")
_XML_ATTRIBUTE = lazy_compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
#: A changelog property's use: ``${name}``.
_PROPERTY_USE = lazy_compile(r"\$\{([^}]*)\}")


def _properties(text: str, suffix: str, short: str | None) -> dict[str, str]:
    """The changelog's own properties for database ``short``: name -> value,
    the first definition of a name winning (Liquibase manual, "Substituting
    property values": properties are set once). XML writes them as
    ``<property name= value= dbms=/>``, YAML and JSON as ``- property:``
    entries of ``databaseChangeLog`` with the same keys; a ``context`` is no
    filter (Liquibase runs every context when no ``--contexts`` is given)."""
    out: dict[str, str] = {}
    if suffix.lower() == ".xml":
        found_all = [
            {
                m.group(1): m.group(2) or m.group(3) or ""
                for m in _XML_ATTRIBUTE.finditer(found.group(1))
            }
            for found in _PROPERTY.finditer(text)
        ]
    else:
        found_all = data_properties(text)
    for attrs in found_all:
        name, value, dbms = attrs.get("name"), attrs.get("value"), attrs.get("dbms")
        if not name or value is None:
            continue
        if dbms and short is not None and not dbms_matches(dbms, short):
            continue
        out.setdefault(name, value)
    return out


def _substitute(node: Node, properties: dict[str, str]) -> None:
    """``${name}`` in ``node``'s attributes and text (and its children's) as
    Liquibase substitutes it: the property's value, or, for one the file does
    not define (the master changelog's, the command line's), a run of
    underscores of its length, a placeholder as for SQL files (not judged)."""

    def value(found: re.Match[str]) -> str:
        return properties.get(found.group(1), "_" * len(found.group()))

    for key, written in node.attrs.items():
        if "${" in written:
            node.attrs[key] = _PROPERTY_USE.sub(value, written)
    if "${" in node.text:
        node.text = _PROPERTY_USE.sub(value, node.text)
    for child in node.children:
        _substitute(child, properties)


#: A ``modifySql`` step: ``replace``/``regExpReplace`` (what, with) or
#: ``append``/``prepend`` (value, "").
SqlVisitor = tuple[str, str, str]


def sql_visitors(change_set: ChangeSet, short: str | None) -> list[SqlVisitor]:
    """The ``modifySql`` steps of ``change_set`` that apply on ``short`` (their
    ``dbms`` allowing, as ``DatabaseList.definitionMatches``; every context and
    label), in written order: Liquibase applies each to every SQL statement
    the changeset's changes generate, in that order, before running it
    (``JdbcExecutor.applyVisitors``; ``ReplaceSqlVisitor``: ``sql.replace``,
    every occurrence; ``RegExpReplaceSqlVisitor``: Java's ``replaceAll``;
    ``AppendSqlVisitor``/``PrependSqlVisitor``: the value after/before it)."""
    out: list[SqlVisitor] = []
    for node in change_set.changes:
        if node.tag != "modifySql":
            continue
        dbms = node.get("dbms")
        if dbms and short is not None and not dbms_matches(dbms, short):
            continue
        for child in node.children:
            if child.tag in ("replace", "regExpReplace"):
                what = child.attrs.get("replace", "")
                if what:
                    out.append((child.tag, what, child.attrs.get("with", "")))
            elif child.tag in ("append", "prepend"):
                out.append((child.tag, child.attrs.get("value", ""), ""))
    return out


_JAVA_GROUP = lazy_compile(r"\\(.)|\$(\d+)|\$\{(\w+)\}|\\")


def _java_replacement(with_: str) -> str:
    """Java's ``replaceAll`` replacement (``$1``, ``${name}``, ``\\$``) for ``re.sub``."""

    def one(found: re.Match[str]) -> str:
        if found.group(1) is not None:
            return found.group(1).replace("\\", "\\\\")
        if found.group(2) is not None:
            return f"\\g<{found.group(2)}>"
        if found.group(3) is not None:
            return f"\\g<{found.group(3)}>"
        return "\\\\"

    return _JAVA_GROUP.sub(one, with_)


def _modified(statement: list[Line], visitors: list[SqlVisitor]) -> list[Line] | None:
    """``statement`` (generated SQL lines) as ``visitors`` change it (None when a
    ``regExpReplace`` pattern does not read as a regular expression here)."""
    text = "\n".join(line.text for line in statement)
    new = text
    for kind, what, with_ in visitors:
        if kind == "replace":
            new = new.replace(what, with_)
        elif kind == "regExpReplace":
            try:
                new = re.sub(what, _java_replacement(with_), new)
            except (re.error, IndexError):
                return None
        elif kind == "append":
            new += what
        else:
            new = what + new
    if new == text:
        return statement
    lines = new.split("\n")
    if len(lines) == len(statement):
        return [
            old if old.text == now else Line(now, old.line, old.column)
            for old, now in zip(statement, lines, strict=True)
        ]
    first = statement[0]
    return [Line(now, first.line, first.column) for now in lines]


def read_changelog(text: str, suffix: str, source: SourceFile) -> GeneratedRead | None:
    """Events of the change types of changelog ``text`` (``suffix``: ``.xml``,
    ``.yaml``, ``.yml``, ``.json``) for ``source`` (its path and dialect);
    None when the text is not well-formed in its format."""
    found = changesets(text, suffix)
    if found is None:
        return None
    short = _READ_AS.get() or liquibase_dbms(source.dialect)
    batches = profile_for(source.dialect).lexical is Family.TSQL
    lines: list[Line] = []
    statements = 0
    notes: list[Diagnostic] = []
    properties = _properties(text, suffix, short) if "${" in text else None
    starts: list[int] = []
    guards: list[ChangeSetGuard | None] = []
    unevaluated: tuple[Node, list[str]] | None = None
    contexts = by_context(found)
    for change_set in found:
        if not runs(change_set, short, contexts):
            if ignored(change_set):
                notes.append(_ignored(change_set.node, source.path))
            elif short is not None and read_changes(change_set):
                notes.append(_skipped(change_set.node, "changeset", short, source.path))
            continue
        guard = _guard(change_set, short, source.path) if short is not None else None
        starts.append(change_set.node.line)
        guards.append(guard)
        pre = next((c for c in change_set.changes if c.tag.lower() == "preconditions"), None)
        on_fail = (pre.get("onFail") or "HALT").upper() if pre is not None else ""
        skips = pre is not None and on_fail in ("MARK_RAN", "CONTINUE") and read_changes(change_set)
        if pre is not None and skips and (tags := _not_evaluated(pre, short)):
            if unevaluated is None:
                unevaluated = (pre, tags)
            else:
                unevaluated[1].extend(tags)
        quote_all = change_set.node.get("objectQuotingStrategy") == "QUOTE_ALL_OBJECTS"
        visitors = sql_visitors(change_set, short)
        for change in change_set.changes:
            dbms = change.get("dbms")
            if dbms and short is not None and not dbms_matches(dbms, short):
                if change.tag.lower() in READ:
                    notes.append(_skipped(change, f"<{change.tag}>", short, source.path))
                continue
            if properties is not None:
                _substitute(change, properties)
            made = generate(change, source.dialect, quote_all)
            for generated in made or ():
                statement = _modified(list(generated), visitors) if visitors else generated
                if statement is None:
                    notes.append(_unapplied(change_set.node, source.path))
                    continue
                if not statement:
                    continue
                statements += 1
                lines.extend(statement)
                last = statement[-1]
                lines.append(Line(";", last.line, last.column))
                if batches:
                    # Liquibase executes each statement alone: a T-SQL trigger's or
                    # procedure's body ends with it, not at the next GO (trial s40 traccar)
                    lines.append(Line("GO", last.line, last.column))
    if unevaluated is not None:
        notes.insert(0, _unevaluated_note(unevaluated[0], unevaluated[1], source.path))
    read = read_generated(lines, text, source, notes, statements)
    if not any(guards):
        return read
    return replace(read, events=_guarded(read.events, starts, guards))
