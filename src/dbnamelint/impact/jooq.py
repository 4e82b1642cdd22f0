"""Tables and columns named by jOOQ's DSL in Java, Kotlin, Scala or Groovy.

jOOQ's documented forms (jooq.org manual, "Names and identifiers", "Named
table columns"; javadoc ``org.jooq.impl.DSL``): ``DSL.name("t")``,
``quotedName("t")`` and ``unquotedName("t")`` make an identifier, qualified
by the parts before the last (``name("AUTHOR", "ID")`` is the column ``ID``
of ``AUTHOR``); ``field(Name)`` and ``table(Name)`` make a column and a
table of it (``field(name("AUTHOR", "ID"))``, ``table(name("ACTOR"))``);
``field(String)`` and ``table(String)`` take a plain SQL template, which a
lone identifier (``field("key")``, ``table("flows")``) makes a column and a
table reference as it stands. Projects wrap them under the same names
(kestra's ``AbstractJdbcRepository.field("key")`` is
``DSL.field(DSL.quotedName("key"))``), so any ``field(``/``table(`` call is
read so, in a file that imports jOOQ (``org.jooq``) only.

A column named so has no table in sight unless qualified (``name("t",
"c")``, ``field("t.c")``: ``t``'s column when ``t`` is a table of the
schema): :mod:`~dbnamelint.impact.scan` judges it as a Rust row read's (high
when every table holding such a column renames it alike). A table named so
is a builder's table call.
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile

COLUMN_LABEL = "jOOQ field()"
NAME_LABEL = "jOOQ name()"
TABLE_LABEL = "jOOQ table()"
_SUFFIXES = (".java", ".kt", ".kts", ".scala", ".groovy")

_STRING = r'"((?:[^"\\\n]|\\.)*)"'
_NAME_CALL = lazy_compile(
    r"(?:(?<![\w$.])|(?<=\bDSL\.))(?:name|quotedName|unquotedName)\(\s*(?=\")"
)
_FIELD_OR_TABLE = lazy_compile(r"(?<![\w$])(?P<call>field|table)\(\s*(?=\")")
_ARGUMENT = lazy_compile(_STRING + r"\s*(?P<next>[,)])\s*")
_IDENTIFIER = lazy_compile(r"[A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)?")
#: What opens the call a ``name(...)`` is the first argument of: ``table(``, ``field(``.
_ENCLOSING = lazy_compile(r"(?<![\w$])(?P<call>field|table)\(\s*(?:DSL\.)?$")


def uses_jooq(path: str, text: str) -> bool:
    """Whether ``text`` is a JVM source file that imports jOOQ."""
    return path.lower().endswith(_SUFFIXES) and "org.jooq" in text


def sites(path: str, text: str) -> tuple[frozenset[int], dict[int, str], dict[int, str]]:
    """(offsets of table names, per offset of a column name its label, per
    offset of a qualified column name its qualifier) in a file importing
    jOOQ; nothing for any other file."""
    tables: set[int] = set()
    columns: dict[int, str] = {}
    owners: dict[int, str] = {}
    if not uses_jooq(path, text):
        return frozenset(), columns, owners
    for found in _NAME_CALL.finditer(text):
        parts = _arguments(text, found.end())
        if not parts:
            continue
        enclosing = _ENCLOSING.search(text, max(0, found.start() - 40), found.start())
        (last, _), qualifiers = parts[-1], parts[:-1]
        if enclosing is not None and enclosing["call"] == "table":
            tables.add(last)  # table(name("schema", "t")): the schema is no table
            continue
        columns[last] = COLUMN_LABEL if enclosing is not None else NAME_LABEL
        if qualifiers:
            tables.add(qualifiers[-1][0])  # name("t", "c"): the table (or an alias)
            owners[last] = qualifiers[-1][1]
    for found in _FIELD_OR_TABLE.finditer(text):
        argument = _ARGUMENT.match(text, found.end())
        if argument is None or _IDENTIFIER.fullmatch(argument[1]) is None:
            continue  # a plain SQL template with more than a name: read as SQL text
        start = argument.start(1)
        head, dot, _ = argument[1].rpartition(".")
        if found["call"] == "table":
            tables.add(start + len(head) + len(dot))
        else:
            columns[start + len(head) + len(dot)] = COLUMN_LABEL
            if dot:
                tables.add(start)
                owners[start + len(head) + len(dot)] = head
    return frozenset(tables), columns, owners


def _arguments(text: str, at: int) -> list[tuple[int, str]]:
    """(offset, value) of the string literals a call's argument list opens with."""
    found: list[tuple[int, str]] = []
    while (argument := _ARGUMENT.match(text, at)) is not None:
        found.append((argument.start(1), argument[1]))
        at = argument.end()
        if argument["next"] == ")":
            break
    return found if found and re.fullmatch(r"[^\"\\]+", found[-1][1]) else []
