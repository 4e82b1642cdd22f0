"""Preconditions of Liquibase formatted SQL changesets, for replay to evaluate.

Liquibase manual, "Preconditions in SQL changelogs", and its
``AbstractFormattedChangeLogParser``/``FormattedSqlChangeLogParser`` (4.28),
each pattern matched against a whole line, case-insensitive, anywhere in
the changeset:

- ``--preconditions onFail:X onError:Y`` (``.*onFail:(\\w+).*``) starts the
  changeset's preconditions afresh (tests written above it are dropped);
  ``onFail`` defaults to ``HALT``;
- ``--precondition-<name> <body>``: ``sql-check`` (body
  ``[expectedResult:]<word> <sql>``, or the result quoted), ``table-exists``
  (``.*table:(\\w+).*``, optional ``.*schema:(\\w+).*``), ``view-exists``
  (``.*view:(\\w+).*``); they add to the preconditions (``HALT`` when no
  ``--preconditions`` line came first). Any other name, or a body those
  patterns do not read, makes Liquibase refuse the whole changelog.

Each changeset's tests become a :class:`~dbnamelint.model.ChangeSetGuard`
on its events, as an XML changeset's ``preConditions`` do
(:mod:`dbnamelint.replay.liquibase_guards`).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.liquibase.reader import EVALUATED, counted, sql_check
from dbnamelint.liquibase_sql import changesets, is_formatted_sql, liquibase_dbms
from dbnamelint.model import (
    ChangeSetGuard,
    Diagnostic,
    Event,
    Location,
    Precondition,
    Severity,
)

__all__ = ["guard_events"]

_PRECONDITIONS = lazy_compile(r"\s*--\s*preconditions(.*)", re.IGNORECASE)
_PRECONDITION = lazy_compile(r"\s*--\s*precondition-([a-zA-Z0-9-]+) (.*)", re.IGNORECASE)
_ON_FAIL = lazy_compile(r".*onFail:(\w+).*", re.IGNORECASE)
_RESULT = (
    lazy_compile(r"(?:expectedResult:)?(\w+) (.*)", re.IGNORECASE | re.DOTALL),
    lazy_compile(r"(?:expectedResult:)?'([^']+)' (.*)", re.IGNORECASE | re.DOTALL),
    lazy_compile(r'(?:expectedResult:)?"([^"]+)" (.*)', re.IGNORECASE | re.DOTALL),
)
_TABLE = lazy_compile(r".*table:(\w+).*", re.IGNORECASE)
_VIEW = lazy_compile(r".*view:(\w+).*", re.IGNORECASE)
_SCHEMA = lazy_compile(r".*schema:(\w+).*", re.IGNORECASE)
_HEAD = lazy_compile(r"\s*--\s*changeset\s+(\"[^\"]+\"|[^:]+):\s*(\"[^\"]+\"|\S+)", re.IGNORECASE)


def guard_events(
    events: tuple[Event, ...], text: str, path: str, dialect: str
) -> tuple[tuple[Event, ...], list[Diagnostic]]:
    """``events`` (of the formatted-SQL file ``text`` at ``path``, read for
    ``dialect``) each given
    its changeset's preconditions, and the one ``DBN013`` note of the file
    naming the tests replay does not evaluate (for changesets whose
    ``onFail`` skips them: ``MARK_RAN``, ``CONTINUE``)."""
    if not is_formatted_sql(text) or "precondition" not in text.lower():
        return events, []
    heads = changesets(text)
    short = liquibase_dbms(dialect)
    starts: list[int] = []
    guards: list[ChangeSetGuard | None] = []
    unread: list[str] = []
    first_unread: Location | None = None
    line, counted = 1, 0
    for number, head in enumerate(heads):
        end = heads[number + 1].start if number + 1 < len(heads) else len(text)
        line += text.count("\n", counted, head.start)  # counted on from the last head
        counted = head.start
        guard, missed, at, on_fail = _guard(text[head.end : end], line, head.line, path, short)
        starts.append(line)
        guards.append(guard)
        if missed and on_fail in ("MARK_RAN", "CONTINUE"):
            unread.extend(missed)
            first_unread = first_unread or at
    notes = []
    if unread and first_unread is not None:
        said = ", ".join(dict.fromkeys(unread))
        notes.append(
            Diagnostic(
                first_unread,
                Severity.INFO,
                f"preconditions not evaluated ({said}): the changesets they guard in this file "
                f"are replayed as if they hold ({EVALUATED})",
                "DBN013",
            )
        )
    if not any(guards):
        return events, notes
    out = []
    for event in events:
        number = bisect_right(starts, event.location.line) - 1
        guard = guards[number] if number >= 0 else None
        out.append(event if guard is None else replace(event, liquibase_guard=guard))
    return tuple(out), notes


def _guard(
    body: str, line: int, head: str, path: str, short: str | None
) -> tuple[ChangeSetGuard | None, list[str], Location | None, str | None]:
    """The guard of the changeset whose lines after its ``-- changeset`` line
    (number ``line``) are ``body``; the tests it does not evaluate; where
    its preconditions are written; its ``onFail``."""
    on_fail: str | None = None
    tests: list[Precondition] = []
    missed: list[str] = []
    at: Location | None = None
    for offset, written in enumerate(body.split("\n")[1:], start=1):
        text = written.rstrip("\r")
        whole = _PRECONDITIONS.fullmatch(text)
        if whole is not None:
            found = _ON_FAIL.fullmatch(whole.group(1))
            on_fail = (found.group(1) if found else "HALT").upper()
            tests, missed = [], []
            at = Location(path, line + offset, 1)
            continue
        one = _PRECONDITION.fullmatch(text)
        if one is None:
            continue
        at = at or Location(path, line + offset, 1)
        on_fail = on_fail or "HALT"
        test = _test(one.group(1), one.group(2).strip(), short)
        if test.tag == "unknown":
            missed.append(test.get("was") or "")
        tests.append(test)
    if on_fail is None or at is None or on_fail == "WARN" or len(missed) == len(tests):
        return None, missed, at, on_fail
    found_head = _HEAD.match(head)
    author, ident = (found_head.group(1), found_head.group(2)) if found_head else ("", "")
    key = f"{path}::{ident.strip(chr(34))}::{author.strip(chr(34))}"
    guard = ChangeSetGuard(key, on_fail, Precondition("and", (), tuple(tests)), at)
    return guard, missed, at, on_fail


def _test(name: str, body: str, short: str | None) -> Precondition:
    """One ``--precondition-<name> <body>`` line as a precondition replay
    evaluates, or ``unknown`` (``was``: what to name in the note)."""
    if name in ("table-exists", "view-exists"):
        found = (_TABLE if name == "table-exists" else _VIEW).fullmatch(body)
        if found is None:
            return Precondition("unknown", (("was", f"precondition-{name} {body}"),))
        schema = _SCHEMA.fullmatch(body)
        attrs: tuple[tuple[str, str], ...] = (
            ("tableName" if name == "table-exists" else "viewName", found.group(1)),
        )
        if schema is not None:
            attrs = (*attrs, ("schemaName", schema.group(1)))
        return Precondition(name.replace("-", ""), attrs)
    if name == "sql-check":
        for pattern in _RESULT:
            result = pattern.fullmatch(body)
            if result is not None:
                sql = result.group(2)
                if not counted(sql, short):
                    return Precondition("unknown", (("was", "precondition-sql-check"),))
                return sql_check(result.group(1), sql)
        return Precondition("unknown", (("was", f"precondition-sql-check {body}"),))
    return Precondition(
        "unknown", (("was", f"precondition-{name} (Liquibase 4.28 refuses this type)"),)
    )
