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

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.generated_sql import GeneratedRead, Line, read_generated
from dbnamelint.frontends.liquibase.sqlgen import NAMES_NOTHING, READ, generate, missing
from dbnamelint.frontends.liquibase.tree import ChangeSet, Node, changesets, data_properties
from dbnamelint.liquibase_sql import NOT_SCHEMA, dbms_matches, liquibase_dbms
from dbnamelint.migration_text import NOT_REPLAYED_CODE
from dbnamelint.model import Diagnostic, Location, Severity, SourceFile

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


def runs(change_set: ChangeSet, short: str | None) -> bool:
    """Whether Liquibase runs ``change_set`` on database ``short``: its ``dbms``
    lets it, and its ``preConditions`` do not surely fail there (or fail with
    ``onFail: WARN``, which runs it anyway: Liquibase manual, "Preconditions")."""
    dbms = change_set.node.get("dbms")
    if dbms and short is not None and not dbms_matches(dbms, short):
        return False
    guard = next((c for c in change_set.changes if c.tag.lower() == "preconditions"), None)
    if guard is None or short is None:
        return True
    return (guard.get("onFail") or "").upper() == "WARN" or _holds(guard, short) is not False


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


def _skipped(node: Node, what: str, short: str, path: str) -> Diagnostic:
    """The DBN007 note of a changeset (or change) Liquibase never runs on ``short``."""
    return Diagnostic(
        Location(path, node.line, node.column),
        Severity.INFO,
        f"{what} not replayed: {_why(node)} leaves out {short}, the database this file "
        "is read for (Liquibase never runs it there)",
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


def read_changelog(text: str, suffix: str, source: SourceFile) -> GeneratedRead | None:
    """Events of the change types of changelog ``text`` (``suffix``: ``.xml``,
    ``.yaml``, ``.yml``, ``.json``) for ``source`` (its path and dialect);
    None when the text is not well-formed in its format."""
    found = changesets(text, suffix)
    if found is None:
        return None
    short = liquibase_dbms(source.dialect)
    lines: list[Line] = []
    statements = 0
    notes: list[Diagnostic] = []
    properties = _properties(text, suffix, short) if "${" in text else None
    for change_set in found:
        if not runs(change_set, short):
            if short is not None and read_changes(change_set):
                notes.append(_skipped(change_set.node, "changeset", short, source.path))
            continue
        quote_all = change_set.node.get("objectQuotingStrategy") == "QUOTE_ALL_OBJECTS"
        for change in change_set.changes:
            dbms = change.get("dbms")
            if dbms and short is not None and not dbms_matches(dbms, short):
                if change.tag.lower() in READ:
                    notes.append(_skipped(change, f"<{change.tag}>", short, source.path))
                continue
            if properties is not None:
                _substitute(change, properties)
            made = generate(change, source.dialect, quote_all)
            for statement in made or ():
                if not statement:
                    continue
                statements += 1
                lines.extend(statement)
                last = statement[-1]
                lines.append(Line(";", last.line, last.column))
    return read_generated(lines, text, source, notes, statements)
