"""What a word in a Prisma schema (``*.prisma``) names in the database.

Prisma's documented mapping (prisma.io, "Database mapping"): a ``model
Comment { ... }`` *is* the table ``Comment`` unless the block says
``@@map("comments")``, and then ``Comment`` is only Prisma Client's name
for the table ``comments``; a field is the column of its own name unless it
says ``@map("...")``. ``view`` blocks map to views and ``enum`` blocks to
enum types the same way. A relation field (its type is a model, or it has
``@relation``) is no column. Prisma quotes every name it sends, so a name
here is the stored name exactly, whatever its case.

The schema language is read by :mod:`dbnamelint.frontends.prisma.schema`;
this module reads one file's text and answers, for a position in it, what
the context shows: the block it is in, the table that block maps to, and
whether the word there declares a table, view, enum type or column, or is a
client-side name. It does not read files or know any target.
"""

from __future__ import annotations

import bisect
import re

from msgspec import Struct, field

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.prisma.schema import (
    FIELD,
    FIELD_MAP,
    MAPPED_NAME,
    RELATION,
    Block,
    blocks,
    code_part,
    unquoted,
)

__all__ = [
    "PrismaFile",
    "Site",
    "block_attribute_lines",
    "code_part",
    "derived_names",
    "with_map",
]

#: Block kinds whose names map to a database object, and that object's kind.
_DECLARES = {"model": "table", "view": "view", "enum": "type"}
_REFERENCES = lazy_compile(r"\breferences\s*:\s*\[([^\]]*)\]")


class Site(Struct, frozen=True):
    """What the context shows at one position of a Prisma schema.

    ``block``: ``model``, ``view``, ``enum``, ``type``, ``datasource`` or
    ``generator`` (None outside any block). ``table``: the database name of
    the table or view whose columns the position can name (the block's own,
    or the related model's in ``references: [...]``); None when unknown.
    ``declares``: ``"table"``, ``"view"``, ``"type"`` or ``"column"`` when
    the word declares that object under its database name (no ``@@map`` /
    ``@map``). ``client_name``: the word is only Prisma Client's name (a
    mapped model or field, or a relation field), never a database name.
    """

    block: str | None = None
    table: str | None = None
    declares: str | None = None
    client_name: bool = False


_OUTSIDE = Site()


class _Span(Struct, frozen=True):
    start: int
    end: int
    site: Site


def block_attribute_lines(
    lines: list[str], header: int, attribute: str
) -> tuple[int, list[str]] | None:
    """Where and what to add so the block whose header is line ``header``
    (0-based) of ``lines`` ends with ``attribute`` (``@@map("x")``): the
    closing brace's line, and the lines to put above it. ``prisma format``
    puts block attributes after the fields, the first of them after a blank
    line, and ``@@map`` last; the indent is the body's. None when the brace
    is not on a line of its own (a one-line block, or none at all)."""
    block = next((b for b in blocks(lines) if b.header_line == header), None)
    if block is None or block.last_line == header:
        return None
    if not code_part(lines[block.last_line]).strip().startswith("}"):
        return None
    body = [line.rstrip("\r") for line in lines[header + 1 : block.last_line] if line.strip()]
    indent = body[0][: len(body[0]) - len(body[0].lstrip())] if body else "  "
    attributes = any(code_part(line).lstrip().startswith("@@") for line in body)
    return block.last_line, ([] if attributes or not body else [""]) + [indent + attribute]


class PrismaFile(Struct):
    """The sites of one Prisma schema file; :meth:`site` answers per position."""

    _blocks: list[Block] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)
    _spans: dict[int, list[_Span]] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str) -> PrismaFile:
        """Read ``text`` (a whole ``.prisma`` file); never raises on odd input."""
        lines = text.split("\n")
        found = blocks(lines)
        models = {b.name: b for b in found if b.kind in ("model", "view")}
        spans: dict[int, list[_Span]] = {}
        for block in found:
            declares = _DECLARES.get(block.kind)
            table = block.database_name if block.kind in ("model", "view") else None
            if declares is not None:
                spans.setdefault(block.header_line, []).append(
                    _Span(
                        block.name_start,
                        block.name_start + len(block.name),
                        Site(
                            block.kind,
                            table,
                            None if block.mapped is not None else declares,
                            block.mapped is not None,
                        ),
                    )
                )
            if table is None:
                continue
            for number in range(block.header_line + 1, block.last_line):
                _field_spans(code_part(lines[number]), block, models, spans.setdefault(number, []))
        return cls(found, [b.header_line for b in found], spans)

    def site(self, line: int, column: int) -> Site:
        """What the context shows at 0-based ``line`` and ``column``."""
        for span in self._spans.get(line, ()):
            if span.start <= column < span.end:
                return span.site
        index = bisect.bisect_right(self._starts, line) - 1
        if index < 0:
            return _OUTSIDE
        block = self._blocks[index]
        if line > block.last_line:
            return _OUTSIDE
        table = block.database_name if block.kind in ("model", "view") else None
        return Site(block.kind, table)


def _field_spans(line: str, block: Block, models: dict[str, Block], out: list[_Span]) -> None:
    found = FIELD.match(line)
    if not found:
        return
    related = models.get(found[2])
    relation = related is not None or bool(RELATION.search(line))
    mapped = bool(FIELD_MAP.search(line))
    client = relation or mapped
    table = block.database_name
    out.append(
        _Span(
            found.start(1),
            found.end(1),
            Site(block.kind, table, None if client else "column", client),
        )
    )
    for listed in _REFERENCES.finditer(line):
        # references: [...] names the related model's fields, not this block's.
        other = related.database_name if related is not None else None
        out.append(_Span(listed.start(1), listed.end(1), Site(block.kind, other)))


class Derived(Struct, frozen=True):
    """A key or index name Prisma derives for a model (see :func:`derived_names`).

    ``line`` is 0-based; ``start``/``end`` span the attribute on it
    (``@@index([teamId])``, ``@id``, ``@relation(...)``); ``kind`` is the
    name's suffix (``pkey``, ``key``, ``idx``, ``fkey``); ``columns`` the
    database column names, case-folded (empty for a field's ``@id``).
    """

    line: int
    start: int
    end: int
    attribute: str
    kind: str
    columns: tuple[str, ...]
    name: str


def with_map(attribute: str, name: str) -> str:
    """``attribute`` with a ``map: "name"`` argument (``@id`` -> ``@id(map: "x")``)."""
    if not attribute.endswith(")"):
        return f'{attribute}(map: "{name}")'
    inner = attribute[attribute.index("(") + 1 : -1]
    separator = ", " if inner.strip() else ""
    return f'{attribute[:-1]}{separator}map: "{name}")'


_LIST_ATTR = lazy_compile(r"@@(id|unique|index)\(\s*(?:fields\s*:\s*)?\[([^\]]*)\]([^)]*)\)")
_FIELD_ATTR = lazy_compile(r"(?<!@)@(id|unique)\b(\([^)]*\))?")
_RELATION_FIELDS = lazy_compile(r"(?<!@)@relation\(([^)]*)\)")
_FIELDS_LIST = lazy_compile(r"\bfields\s*:\s*\[([^\]]*)\]")
_MAP_ARG = lazy_compile(r"\bmap\s*:")
_SUFFIXES = {"id": "pkey", "unique": "key", "index": "idx"}


def derived_names(text: str, model: str, table: str) -> list[Derived]:
    """Names Prisma derives for a model's keys and indexes once it maps to ``table``.

    Prisma's default naming (prisma.io, "Database mapping > Constraint and
    index names"): ``{table}_pkey`` for a primary key,
    ``{table}_{columns}_key`` for ``@unique``/``@@unique``,
    ``{table}_{columns}_idx`` for ``@@index``, ``{table}_{columns}_fkey`` for
    ``@relation(fields: [...])``, with the *database* column names (a
    field's ``@map``) joined by ``_``. Attributes that set ``map:`` keep
    their own name and are left out. Answers for ``model`` (its name in the
    schema) in ``text`` (a whole ``.prisma`` file), in line order. Prisma's
    truncation of long names to the database's limit is not applied.
    """
    lines = text.split("\n")
    block = next((b for b in blocks(lines) if b.kind == "model" and b.name == model), None)
    if block is None:
        return []
    body = range(block.header_line + 1, block.last_line)
    columns: dict[str, str] = {}
    for number in body:
        found = FIELD.match(code_part(lines[number]))
        if found:
            mapped = MAPPED_NAME.search(code_part(lines[number]))
            columns[found[1]] = unquoted(mapped[1]) if mapped else found[1]

    def listed(names: str) -> tuple[str, ...]:
        bare = [re.sub(r"\(.*", "", n).strip() for n in names.split(",")]
        return tuple(columns.get(n, n) for n in bare if n)

    out: list[Derived] = []

    def add(number: int, found: re.Match[str], kind: str, cols: tuple[str, ...]) -> None:
        middle = "".join("_" + c for c in cols) if kind != "pkey" else ""
        out.append(
            Derived(
                number,
                found.start(),
                found.end(),
                found[0],
                kind,
                tuple(c.casefold() for c in cols),
                f"{table}{middle}_{kind}",
            )
        )

    for number in body:
        line = code_part(lines[number])
        for found in _LIST_ATTR.finditer(line):
            if not _MAP_ARG.search(found[3]):
                add(number, found, _SUFFIXES[found[1]], listed(found[2]))
        field = FIELD.match(line)
        if field is None:
            continue
        for found in _FIELD_ATTR.finditer(line):
            if not (found[2] and _MAP_ARG.search(found[2])):
                add(number, found, _SUFFIXES[found[1]], (columns.get(field[1], field[1]),))
        for found in _RELATION_FIELDS.finditer(line):
            fields = _FIELDS_LIST.search(found[1])
            if fields and not _MAP_ARG.search(found[1]):
                add(number, found, "fkey", listed(fields[1]))
    return sorted(out, key=lambda d: (d.line, d.start))
