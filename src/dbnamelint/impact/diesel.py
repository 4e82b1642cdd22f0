"""What a word in a Diesel schema (``schema.rs``) names in the database.

Diesel's documented syntax (docs.rs, ``diesel::table!``, ``joinable!``,
``allow_tables_to_appear_in_same_query!``): ``table! { users (id) { id ->
Integer, name -> Text, } }`` declares the table ``users`` with those
columns (an optional ``schema.`` before the name; the parenthesised list is
the primary key's columns). The Rust name is the database name unless an
attribute ``#[sql_name = "..."]`` on the table or the column gives another:
then the string is the database name and the identifier only Rust's.
``joinable!(posts -> users (user_id))`` names two tables and the child
table's foreign-key column; ``allow_tables_to_appear_in_same_query!(a, b)``
names tables, all by their Rust names. Diesel quotes every name it sends,
so a name here is the stored name exactly.

This module reads one file's text and answers, for a position in it, what
the macro there declares or names; positions outside these macros have no
site. It does not read files or know any target.
"""

from __future__ import annotations

import bisect
import re

from msgspec import Struct, field

from dbnamelint.core.lazyre import lazy_compile

_TABLE_MACRO = lazy_compile(r"(?<![\w:])(?:diesel::)?table!\s*\{")
_SQL_NAME = lazy_compile(r'^\s*#\[\s*sql_name\s*=\s*"([^"]*)"\s*\]')
_ATTRIBUTE = lazy_compile(r"^\s*#\[")
_HEADER = lazy_compile(
    r"^\s*(?:(?P<schema>[A-Za-z_]\w*)\s*\.\s*)?(?P<name>[A-Za-z_]\w*)\s*"
    r"(?:\((?P<keys>[^)]*)\))?\s*\{"
)
_COLUMN = lazy_compile(r"^\s*(?:r#)?(?P<name>[A-Za-z_]\w*)\s*->")
_IDENT = lazy_compile(r"[A-Za-z_]\w*")
_JOINABLE = lazy_compile(
    r"(?<![\w:])(?:diesel::)?joinable!\s*\(\s*(?:\w+::)*(?P<child>\w+)\s*->\s*"
    r"(?:\w+::)*(?P<parent>\w+)\s*\(\s*(?P<fk>\w+)\s*\)\s*\)"
)
_SAME_QUERY = lazy_compile(
    r"(?<![\w:])(?:diesel::)?allow_tables_to_appear_in_same_query!\s*\((?P<list>[^)]*)\)"
)


class DieselSite(Struct, frozen=True):
    """What one position of a Diesel schema names.

    ``declares``: ``"table"`` or ``"column"``; ``table``: the database name
    of the table (the column's own table for a column); ``schema``: the
    schema written before the table name, if any; ``label``: the context
    shown in reports (``Diesel table!``, ``Diesel column``, ``Diesel
    sql_name``, ``Diesel primary key``, ``Diesel joinable!``, ``Diesel
    allow_tables_to_appear_in_same_query!``). ``client_name``: the word is
    only Rust's name (a ``#[sql_name]`` maps it), never a database name.
    """

    declares: str
    table: str
    label: str
    schema: str | None = None
    client_name: bool = False


#: Per 0-based line, the (start, end, site) of each word a schema file names.
Spans = dict[int, list[tuple[int, int, DieselSite]]]


def site_at(spans: Spans, line: int, column: int) -> DieselSite | None:
    """The site whose word covers 0-based ``line`` and ``column``, or None."""
    for start, end, site in spans.get(line, ()):
        if start <= column < end:
            return site
    return None


def add_span(spans: Spans, line: int, start: int, word: str, site: DieselSite) -> None:
    """Record that ``word`` at ``line``/``start`` (0-based) names ``site``."""
    spans.setdefault(line, []).append((start, start + len(word), site))


class _Table(Struct):
    rust: str
    database: str
    mapped: bool
    schema: str | None
    columns: dict[str, bool] = field(default_factory=dict)  # rust name -> mapped
    keys: list[tuple[int, int, str]] = field(default_factory=list)  # (line, column, rust name)


class DieselFile(Struct):
    """The sites of one Rust file; :meth:`site` answers per position.

    ``mapped_tables``: the Rust names of the ``table!`` tables a
    ``#[sql_name]`` maps; ``mapped_columns``: per ``table!`` table (its Rust
    name), the Rust names of its columns a ``#[sql_name]`` maps. Other
    files' ``#[diesel(table_name = t)]`` and ``column_name = c`` name these
    Rust names, never the database's.
    """

    _spans: Spans = field(default_factory=dict)
    mapped_tables: frozenset[str] = frozenset()
    mapped_columns: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str) -> DieselFile:
        """Read ``text`` (a whole ``.rs`` file); never raises on odd input."""
        parsed = cls()
        if "table!" not in text and "joinable!" not in text and "same_query!" not in text:
            return parsed
        lines = text.split("\n")
        tables: dict[str, _Table] = {}
        number = 0
        while number < len(lines):
            if _TABLE_MACRO.search(lines[number]) and not lines[number].lstrip().startswith("//"):
                number = parsed._table_macro(lines, number + 1, tables)
            number += 1
        parsed.mapped_tables = frozenset(t.rust for t in tables.values() if t.mapped)
        parsed.mapped_columns = {
            t.rust: frozenset(c for c, mapped in t.columns.items() if mapped)
            for t in tables.values()
            if any(t.columns.values())
        }
        for table in tables.values():
            for line, column, key in table.keys:
                parsed._add(line, column, key, _column_site(table, key, "Diesel primary key"))
        starts = [0]
        starts += [m.end() for m in re.finditer("\n", text)]
        for found in _JOINABLE.finditer(text):
            for group in ("child", "parent"):
                site = _ref_site(found[group], tables, "Diesel joinable!")
                parsed._add_at(starts, found.start(group), found[group], site)
            child = tables.get(found["child"])
            if child is not None:
                site = _column_site(child, found["fk"], "Diesel joinable!")
                parsed._add_at(starts, found.start("fk"), found["fk"], site)
        for found in _SAME_QUERY.finditer(text):
            offset = found.start("list")
            for name in _IDENT.finditer(found["list"]):
                parsed._add_at(
                    starts,
                    offset + name.start(),
                    name.group(),
                    _ref_site(name.group(), tables, "Diesel allow_tables_to_appear_in_same_query!"),
                )
        return parsed

    def site(self, line: int, column: int) -> DieselSite | None:
        """What the macro at 0-based ``line`` and ``column`` names, or None."""
        return site_at(self._spans, line, column)

    # -- parsing -----------------------------------------------------------

    def _add(self, line: int, start: int, word: str, site: DieselSite) -> None:
        add_span(self._spans, line, start, word, site)

    def _add_at(self, starts: list[int], position: int, word: str, site: DieselSite) -> None:
        line = bisect.bisect_right(starts, position) - 1
        self._add(line, position - starts[line], word, site)

    def _table_macro(self, lines: list[str], number: int, tables: dict[str, _Table]) -> int:
        """Read a ``table!`` body from line ``number``; the index of its last line."""
        pending: tuple[int, re.Match[str]] | None = None
        current: _Table | None = None
        while number < len(lines):
            line = lines[number]
            stripped = line.strip()
            mapped = _SQL_NAME.match(line)
            if mapped:
                pending = (number, mapped)
            elif stripped.startswith(("//", "use ")) or _ATTRIBUTE.match(line) or not stripped:
                pass
            elif current is None and stripped.startswith("}"):
                return number  # the macro's closing brace
            elif current is None:
                current = self._header(line, number, pending, tables)
                pending = None
            elif stripped.startswith("}"):
                current = None
            else:
                self._column(line, number, pending, current)
                pending = None
            number += 1
        return number

    def _header(
        self,
        line: str,
        number: int,
        pending: tuple[int, re.Match[str]] | None,
        tables: dict[str, _Table],
    ) -> _Table | None:
        header = _HEADER.match(line)
        if header is None:
            return None
        name, schema = header["name"], header["schema"]
        table = _Table(name, pending[1][1] if pending else name, pending is not None, schema)
        known = tables.get(name)
        if known is None or (known.schema is not None and schema is None):
            tables[name] = table  # Rust paths name it; the default schema's wins
        if pending is not None:
            at, attribute = pending
            site = DieselSite("table", table.database, "Diesel sql_name", schema)
            self._add(at, attribute.start(1), attribute[1], site)
        site = DieselSite("table", table.database, "Diesel table!", schema, table.mapped)
        self._add(number, header.start("name"), name, site)
        if header["keys"] is not None:
            offset = header.start("keys")
            table.keys += [
                (number, offset + k.start(), k.group()) for k in _IDENT.finditer(header["keys"])
            ]
        return table

    def _column(
        self, line: str, number: int, pending: tuple[int, re.Match[str]] | None, table: _Table
    ) -> None:
        column = _COLUMN.match(line)
        if column is None:
            return
        name = column["name"]
        table.columns[name] = pending is not None
        if pending is not None:
            at, attribute = pending
            site = DieselSite("column", table.database, "Diesel sql_name", table.schema)
            self._add(at, attribute.start(1), attribute[1], site)
        site = DieselSite(
            "column", table.database, "Diesel column", table.schema, pending is not None
        )
        self._add(number, column.start("name"), name, site)


def _column_site(table: _Table, rust: str, label: str) -> DieselSite:
    """A column named by its Rust name (a key list, a foreign key)."""
    return DieselSite("column", table.database, label, table.schema, table.columns.get(rust, False))


def _ref_site(rust: str, tables: dict[str, _Table], label: str) -> DieselSite:
    """A table named by its Rust name; a mapped table's Rust name is Rust's only.

    A table this file does not declare is taken as named by its database name.
    """
    table = tables.get(rust)
    if table is None:
        return DieselSite("table", rust, label)
    return DieselSite("table", table.database, label, table.schema, table.mapped)
