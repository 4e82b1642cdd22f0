"""Read a Prisma schema (``*.prisma``): its blocks and what each maps to in the database.

Prisma's documented mapping (prisma.io, "Database mapping"): a ``model
Comment { ... }`` *is* the table ``Comment`` unless the block says
``@@map("comments")``; a field is the column of its own name unless it says
``@map("...")``; an ``enum`` is the enum type of its name unless ``@@map``.
A relation field (its type is a model, or it has ``@relation``) is no
column. Prisma quotes every name it sends, so a name here is the stored
name exactly, whatever its case. The only comments are ``//`` lines.

This is the one reader of the schema language: ``impact`` (what a word
names) and the check that compares the schema with its migrations
(:mod:`dbnamelint.services.prisma_sync`) both stand on it. It reads text
and never raises on odd input (a block with no closing brace runs to the
end of the file); it reads no files.
"""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile

HEADER = lazy_compile(r"^\s*(model|view|enum|type|datasource|generator)\s+([A-Za-z_]\w*)\s*\{")
#: A Prisma string (``\"`` and ``\\`` escaped inside): see :func:`unquoted`.
_STRING = r'"((?:[^"\\]|\\.)*)"'
BLOCK_MAP = lazy_compile(r"@@map\(\s*(?:name\s*:\s*)?" + _STRING)
FIELD = lazy_compile(r"^\s*([A-Za-z_]\w*)\s+([A-Za-z_]\w*)(?:\([^)]*\))?(\[\])?\??")
FIELD_MAP = lazy_compile(r"(?<!@)@map\(")
MAPPED_NAME = lazy_compile(r"(?<!@)@map\(\s*(?:name\s*:\s*)?" + _STRING)
RELATION = lazy_compile(r"(?<!@)@relation\b")
_PROVIDER = lazy_compile(r"^\s*provider\s*=\s*\"([^\"]*)\"")
_SCHEMAS = lazy_compile(r"^\s*schemas\s*=")
_RELATION_NAME = lazy_compile(r"(?<!@)@relation\(\s*(?:name\s*:\s*)?" + _STRING)


class Block(Struct):
    """One top-level block: ``kind`` (``model``, ``view``, ``enum``, ``type``,
    ``datasource``, ``generator``), its ``name``, the 0-based lines of its
    header and closing brace, the column its name starts at, and its
    ``@@map`` name (None when it has none)."""

    kind: str
    name: str
    header_line: int
    name_start: int
    last_line: int
    mapped: str | None = None
    map_line: int | None = None  # 0-based line of the @@map

    @property
    def database_name(self) -> str:
        return self.mapped if self.mapped is not None else self.name


def prisma_string(text: str) -> str:
    """``text`` as a string of the Prisma schema language: in double quotes,
    with ``\\`` and ``"`` escaped (``@@map("We\\"ird")``; trial s26 ghostfolio:
    ``@@map("We"ird")`` was no schema Prisma reads)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def unquoted(text: str) -> str:
    """The text of a Prisma string given without its quotes: each ``\\x`` is ``x``."""
    return _ESCAPE.sub(r"\1", text) if "\\" in text else text


_ESCAPE = lazy_compile(r"\\(.)")


def code_part(line: str) -> str:
    """``line`` up to a ``//`` comment outside a string (Prisma's only comments)."""
    quoted = False
    for i, char in enumerate(line):
        if char == '"' and (i == 0 or line[i - 1] != "\\"):
            quoted = not quoted
        elif not quoted and line.startswith("//", i):
            return line[:i]
    return line


def blocks(lines: list[str]) -> list[Block]:
    """The blocks of a schema split into ``lines``, in order."""
    out: list[Block] = []
    current: Block | None = None
    for number, raw in enumerate(lines):
        line = code_part(raw)
        if current is None:
            header = HEADER.match(line)
            if header:
                current = Block(header[1], header[2], number, header.start(2), len(lines) - 1)
            continue
        if line.lstrip().startswith("}"):
            current.last_line = number
            out.append(current)
            current = None
            continue
        mapped = BLOCK_MAP.search(line)
        if mapped and current.mapped is None:
            current.mapped = unquoted(mapped[1])
            current.map_line = number
    if current is not None:
        out.append(current)
    return out


class Field(Struct, frozen=True):
    """A model's scalar field: a column. ``line`` 0-based; ``start`` the
    column its name starts at; ``mapped`` its ``@map`` name, if any."""

    name: str
    line: int
    start: int
    mapped: str | None = None

    @property
    def column(self) -> str:
        return self.mapped if self.mapped is not None else self.name


class Model(Struct, frozen=True):
    """A ``model`` block and its scalar fields (the columns it maps to)."""

    block: Block
    fields: tuple[Field, ...] = ()
    ignored: bool = False  # ``@@ignore``: left out of Prisma Client, still migrated


class SchemaFile(Struct, frozen=True):
    """What one ``.prisma`` file declares: models and enums with their lines,
    the datasource's ``provider`` and whether it lists ``schemas`` (several
    database schemas, ``multiSchema``)."""

    models: tuple[Model, ...] = ()
    enums: tuple[Block, ...] = ()
    provider: str | None = None
    multi_schema: bool = False
    #: Names of every model, view and composite ``type`` block: a field of one
    #: of these types is a relation or an embedded document, not a column.
    non_scalar: frozenset[str] = frozenset()
    #: ``(model, related model, relation name or None)`` of each list
    #: relation field (``tags Tag[]``): two that point at each other with one
    #: name are an implicit many-to-many relation (see :func:`join_tables`).
    list_relations: tuple[tuple[str, str, str | None], ...] = ()


def read_schema(text: str, other_types: frozenset[str] = frozenset()) -> SchemaFile:
    """The models, enums and datasource facts of ``text`` (one ``.prisma``
    file). ``other_types``: model, view and ``type`` names declared in the
    other files of a multi-file schema, whose fields are relations too."""
    lines = text.split("\n")
    found = blocks(lines)
    non_scalar = frozenset(b.name for b in found if b.kind in ("model", "view", "type"))
    relation_types = non_scalar | other_types
    models: list[Model] = []
    lists: list[tuple[str, str, str | None]] = []
    provider = None
    multi = False
    for block in found:
        body = range(block.header_line + 1, block.last_line)
        if block.kind == "datasource":
            for number in body:
                line = code_part(lines[number])
                if (hit := _PROVIDER.match(line)) is not None:
                    provider = hit[1]
                multi = multi or _SCHEMAS.match(line) is not None
        if block.kind != "model":
            continue
        fields: list[Field] = []
        ignored = False
        for number in body:
            line = code_part(lines[number])
            if line.lstrip().startswith("@@ignore"):
                ignored = True
            hit = FIELD.match(line)
            if hit is not None and hit[3] and hit[2] in relation_types:
                named = _RELATION_NAME.search(line)
                lists.append((block.name, hit[2], unquoted(named[1]) if named else None))
            if hit is None or hit[2] in relation_types or RELATION.search(line):
                continue
            mapped = MAPPED_NAME.search(line)
            name = unquoted(mapped[1]) if mapped else None
            fields.append(Field(hit[1], number, hit.start(1), name))
        models.append(Model(block, tuple(fields), ignored))
    enums = tuple(b for b in found if b.kind == "enum")
    return SchemaFile(tuple(models), enums, provider, multi, non_scalar, tuple(lists))


def join_tables(lists: Iterable[tuple[str, str, str | None]]) -> frozenset[str]:
    """The join tables of the implicit many-to-many relations among ``lists``
    (:attr:`SchemaFile.list_relations`, of every file of a schema): two list
    fields pointing at each other's models under one relation name (prisma.io,
    "Relations > Many-to-many > Conventions for relation tables"): ``_`` and the
    relation name, else ``_<A>To<B>`` with the two model names sorted."""
    seen = set(lists)
    out = set()
    for model, other, name in seen:
        if (other, model, name) in seen:
            first, second = sorted((model, other))
            out.add("_" + (name if name is not None else f"{first}To{second}"))
    return frozenset(out)


def declared_types(text: str) -> frozenset[str]:
    """Names of the model, view and ``type`` blocks of ``text`` (for
    :func:`read_schema`'s ``other_types`` across a multi-file schema)."""
    found = blocks(text.split("\n"))
    return frozenset(b.name for b in found if b.kind in ("model", "view", "type"))
