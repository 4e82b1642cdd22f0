"""The lines of a Liquibase changelog that run on other databases only.

A tree is read for one dialect, but Liquibase runs one changelog on every
database a project supports, each part where its filters allow
(``DatabaseList.definitionMatches``). traccar keeps SQL Server's parts apart
in three forms inside a changelog: a changeset's ``dbms`` attribute, a
changeset's ``<preConditions onFail="MARK_RAN"><dbms type="mssql"/>``, and a
change's own ``dbms`` (``<sql dbms="mssql">``); formatted SQL writes
``-- changeset a:1 dbms:mssql``. The gate reads each such range as the
databases it runs on (:func:`dbnamelint.services.unchecked_ddl.other_dbms_ddl`).
"""

from __future__ import annotations

from dbnamelint.frontends.liquibase.reader import by_context, runs
from dbnamelint.frontends.liquibase.tree import ChangeSet
from dbnamelint.frontends.liquibase.tree import changesets as changelog_changesets
from dbnamelint.liquibase_sql import (
    CHANGELOG_SUFFIXES,
    DBMS_DIALECTS,
    changeset_dbms,
    contexts_pick_dbms,
    dbms_matches,
    is_changelog_text,
)
from dbnamelint.liquibase_sql import changesets as sql_changesets

#: (first line, last line, the Liquibase names of the databases that run them).
Range = tuple[int, int, frozenset[str]]

#: The databases the gate reads a changelog's parts for: Liquibase's name ->
#: the dialect read as, None for one dbnamelint has no dialect for (H2,
#: traccar's default; DB2...), whose parts are read with the tree's grammar.
GATE_DATABASES: dict[str, str | None] = {
    **DBMS_DIALECTS,
    "cockroachdb": "cockroach",
    "redshift": "redshift",
    "snowflake": "snowflake",
    "edb": "postgres",
    **dict.fromkeys(
        ("h2", "hsqldb", "db2", "db2z", "derby", "firebird", "informix", "sybase", "asany"), None
    ),
}


def other_dbms_ranges(text: str, suffix: str, here: str) -> list[Range]:
    """The line ranges of changelog ``text`` (``suffix``: its format) that
    Liquibase runs on other databases but not on ``here`` (Liquibase's name
    of the database the file is read for), each with those databases."""
    total = text.count("\n") + 1
    if suffix.lower() in CHANGELOG_SUFFIXES:
        if not is_changelog_text(text[:16_384]):
            return []
        return _structured(changelog_changesets(text, suffix) or [], here, total)
    sets = sql_changesets(text)
    contexts = contexts_pick_dbms(c.context_filter or c.context for c in sets)
    heads = [
        (
            text.count("\n", 0, c.start) + 1,
            changeset_dbms(c.dbms, c.context_filter or c.context, contexts),
        )
        for c in sets
    ]
    out: list[Range] = []
    for number, (line, dbms) in enumerate(heads):
        if dbms and not dbms_matches(dbms, here):
            last = heads[number + 1][0] - 1 if number + 1 < len(heads) else total
            where = frozenset(s for s in DBMS_DIALECTS if s != here and dbms_matches(dbms, s))
            if where:
                out.append((line, last, where))
    return out


def _structured(found: list[ChangeSet], here: str, total: int) -> list[Range]:
    """The ranges of XML/YAML/JSON changesets: a changeset that does not run
    ``here`` (its ``dbms``, its context, or its preconditions' ``dbms``) whole;
    in one that does, each change whose own ``dbms`` leaves ``here`` out, and
    the whole changeset where a ``modifySql`` of another ``dbms`` rewrites it."""
    contexts = by_context(found)
    others = [s for s in GATE_DATABASES if s != here]
    out: list[Range] = []
    for number, change_set in enumerate(found):
        last = found[number + 1].node.line - 1 if number + 1 < len(found) else total
        if not runs(change_set, here, contexts):
            where = frozenset(s for s in others if runs(change_set, s, contexts))
            if where:
                out.append((change_set.node.line, last, where))
            continue
        changes = change_set.changes
        for index, change in enumerate(changes):
            dbms = change.get("dbms")
            if not dbms or dbms_matches(dbms, here):
                continue
            # a modifySql rewrites the changeset's SQL there: all of it is that database's
            whole = change.tag.lower() == "modifysql"
            first = change_set.node.line if whole else change.line
            end = changes[index + 1].line - 1 if index + 1 < len(changes) and not whole else last
            where = frozenset(
                s for s in others if dbms_matches(dbms, s) and runs(change_set, s, contexts)
            )
            if where:
                out.append((first, end, where))
    return out
