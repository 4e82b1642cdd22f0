"""Compatibility views in a schema dump, where no rename statement is left.

Replay links a view to the table it stands in for when the view is named
after that table's earlier name (:mod:`dbnamelint.replay.views`): the rename
is in the files. Once the phase's forward script ran and the schema was
dumped again (Rails rewrites ``db/structure.sql`` with ``pg_dump``), the dump
holds the table under its new name and ``CREATE VIEW public.acls WITH
(security_invoker='true') AS SELECT access_control_lists.id, ... FROM
public.access_control_lists;``, and nothing says ``acls`` was the table's name.

A view the files leave unlinked is taken for the compatibility view of the one
table it reads when

- it carries ``migrate``'s marker, which the dialect keeps through a dump:
  PostgreSQL ``COMMENT ON VIEW v IS 'dbnamelint compatibility view of t'``
  in the same file (``pg_dump`` writes it), SQLite a ``/* dbnamelint
  compatibility view of t */`` inside the view's text (``sqlite_master``
  keeps it verbatim); or
- it selects exactly that table's columns, plainly (a dump's ``CREATE VIEW``,
  or scenic's ``create_view "v", sql_definition: <<-SQL`` in ``db/schema.rb``,
  which keeps no comment) (``[t.]column [AS name]``
  or ``*``, no ``WHERE``, join or expression), and its name is one the rename
  plan records as that table's earlier name: a whitelist entry's name whose
  ``target`` is the table (whatever its phase's status), or a key of
  ``table-legacy-name``'s ``names`` mapped to it.

The view then gets ``compatibility_view_for``, and the table its name as an
earlier name (``previous_names``): the cleanup drops it, ``impact`` searches
code for it. Reads the schema files' text (each once); pure otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from msgspec.structs import replace

from dbnamelint.config import Settings
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.core.view_marker import MARKED as _MARKED
from dbnamelint.core.view_marker import MARKER
from dbnamelint.model import ObjectKind, Schema, SchemaObject
from dbnamelint.whitelist import Whitelist

_NAME = r'(?:"(?:[^"]|"")+"|`(?:[^`]|``)+`|\[[^\]]+\]|[^\W\d][\w$]*)'
_NAME_RE = lazy_compile(_NAME)
_QNAME = rf"{_NAME}(?:\s*\.\s*{_NAME})*"
#: After the view's name: options, AS, the body up to the statement's end.
_BODY = lazy_compile(
    r"\s*(?:\([^)]*\)\s*)?(?:WITH\s*\([^)]*\)\s*)?AS\s+(?P<body>[^;]*)", re.IGNORECASE
)
_COLUMN = rf"(?:{_NAME}\s*\.\s*)*(?P<col>{_NAME})(?:\s+AS\s+{_NAME})?"
_ANY_COLUMN = _COLUMN.replace("(?P<col>", "(?:")
#: A plain body: a column list (or ``*``) of one table, nothing else.
_PLAIN = lazy_compile(
    rf"^\s*SELECT\s+(?P<cols>\*|{_ANY_COLUMN}(?:\s*,\s*{_ANY_COLUMN})*)\s+FROM\s+(?:ONLY\s+)?"
    rf"(?P<table>{_QNAME})\s*$",
    re.IGNORECASE,
)
_ONE_COLUMN = lazy_compile(_COLUMN, re.IGNORECASE)
#: scenic's dump of a view in ``db/schema.rb`` after its name: ``, sql_definition:
#: <<-SQL`` (its ``SchemaDumper``: ``create_view "v", sql_definition: <<-SQL``, the
#: definition ``pg_get_viewdef`` gives, then ``SQL``; ``materialized: true`` may come first).
_SCENIC = lazy_compile(
    r"[\"']?\s*,\s*(?:materialized:\s*\w+\s*,\s*)?sql_definition:\s*<<[-~]?(?P<q>['\"]?)(?P<tag>\w+)(?P=q)[^\n]*\n"
)
_COMMENT_ON = lazy_compile(
    rf"COMMENT\s+ON\s+VIEW\s+(?P<view>{_QNAME})\s+IS\s+'dbnamelint\s+compatibility view of\s+",
    re.IGNORECASE,
)


def earlier_table_names(
    entries: Iterable[tuple[ObjectKind, str, str | None]], legacy: Mapping[str, str | None]
) -> dict[str, frozenset[str]]:
    """Folded table name -> the folded names the rename plan records as its
    earlier ones: ``entries`` as ``(kind, name, target)`` (a whitelist's)
    and ``legacy``, ``table-legacy-name``'s ``names`` (globs left out).
    Names are compared by their last part."""
    out: dict[str, set[str]] = {}
    pairs = [(name, target) for kind, name, target in entries if kind is ObjectKind.TABLE]
    pairs += list(legacy.items())
    for old, new in pairs:
        if not new or any(ch in old for ch in "*?["):
            continue
        out.setdefault(_last(new), set()).add(_last(old))
    return {k: frozenset(v) for k, v in out.items()}


def rename_plan(settings: Settings, whitelist: Whitelist | None) -> dict[str, frozenset[str]]:
    """:func:`earlier_table_names` of ``whitelist``'s entries and the
    configured ``table-legacy-name`` rule's ``names``."""
    legacy: Mapping[str, str | None] = {}
    for rule, _severity in settings.rules:
        names = getattr(rule.options, "names", None) if rule.name == "table-legacy-name" else None
        if isinstance(names, dict):
            legacy = names
    entries = () if whitelist is None else whitelist.entries
    return earlier_table_names(((e.kind, e.name, e.target) for e in entries), legacy)


def _last(name: str) -> str:
    return _bare(name.rpartition(".")[2])


def _bare(name: str) -> str:
    name = name.strip()
    if len(name) > 1 and name[0] in '"`[' and name[-1] in '"`]':
        name = name[1:-1]
    return name.casefold()


def with_dumped_views(
    schema: Schema,
    earlier: Mapping[str, frozenset[str]],
    root: Path,
    texts: Mapping[str, str] | None = None,
) -> Schema:
    """``schema`` with each view a dump left unlinked that the module's
    tests take for a compatibility view linked to its table (and its name
    added to the table's earlier names); ``schema`` itself when there is
    none. ``root``: what the objects' paths are relative to. ``texts``: a
    path's text as read (the gate's SQL view of a code file's DDL strings,
    staged), instead of the file on disk."""
    views = [
        v
        for v in schema.of_kind(ObjectKind.VIEW)
        if not v.compatibility_view_for and len(v.selects_from) == 1
    ]
    if not views:
        return schema  # the common case (check runs this on every tree): nothing to link
    tables: dict[tuple[str | None, str], SchemaObject] = {}
    for t in schema.of_kind(ObjectKind.TABLE):
        tables.setdefault((t.schema, t.name.casefold()), t)
    columns: dict[tuple[str | None, str], set[str]] | None = None  # made when first asked
    linked: dict[int, str] = {}  # id(view) -> its table's name
    earlier_of: dict[tuple[str | None, str], list[SchemaObject]] = {}
    read_texts: dict[str, str | None] = dict(texts or {})
    marked: dict[str, bool] = {}  # path -> holds migrate's marker (one scan per file, not per view)
    #: (schema, folded table, folded column) -> the names a linked view shows it by
    aliases: dict[tuple[str | None, str, str], list[tuple[str, bool]]] = {}
    for view in views:
        key = (view.schema, view.selects_from[0].casefold())
        table = tables.get(key)
        if table is None:
            continue
        path = view.location.path
        if path not in read_texts:
            read_texts[path] = _read(root, path)
        if path not in marked:
            marked[path] = MARKER in (read_texts[path] or "")
        text = read_texts[path]
        if text is None or (not earlier and not marked[path]):
            continue  # no plan to match names by: only migrate's marker links a view
        if columns is None:
            columns = _columns_by_table(schema)
        if not _stands_for(view, table, text, columns.get(key, set()), earlier):
            continue
        linked[id(view)] = table.name
        earlier_of.setdefault(key, []).append(view)
        for column, alias in _aliases(text, view, table.name):
            aliases.setdefault((*key, column), []).append(alias)
    if not linked:
        return schema
    out = []
    for obj in schema.objects:
        key = (obj.schema, obj.name.casefold())
        if id(obj) in linked:
            out.append(replace(obj, compatibility_view_for=linked[id(obj)]))
        elif obj.kind is ObjectKind.TABLE and key in earlier_of:
            known = {n.casefold() for n in obj.previous_names}
            views = [v for v in earlier_of[key] if v.name.casefold() not in known]
            out.append(
                replace(
                    obj,
                    previous_names=(*obj.previous_names, *(v.name for v in views)),
                    previous_quoted=(*obj.previous_quoted, *(v.quoted for v in views)),
                )
            )
        elif obj.kind is ObjectKind.COLUMN and obj.table is not None:
            shown = aliases.get((obj.table_schema, obj.table.casefold(), obj.name.casefold()))
            out.append(obj if shown is None else _shown_as(obj, shown))
        else:
            out.append(obj)
    return replace(schema, objects=tuple(out))


def _shown_as(column: SchemaObject, shown: list[tuple[str, bool]]) -> SchemaObject:
    """``column`` with the names its compatibility view shows it by added to
    its earlier names: the view's ``batcher_user AS "BatcherUser"`` is the
    rename a replay of the files would have read (``core.compatibility``
    then leaves that view column unjudged, ``impact`` searches code for it)."""
    known = {n.casefold() for n in (column.name, *column.previous_names)}
    new = [(n, q) for n, q in dict.fromkeys(shown) if n.casefold() not in known]
    if not new:
        return column
    quoted = column.previous_quoted
    if len(quoted) == len(column.previous_names):
        quoted = (*quoted, *(q for _, q in new))
    # else unknown for the earlier ones (empty): it stays unknown
    return replace(
        column,
        previous_names=(*column.previous_names, *(n for n, _ in new)),
        previous_quoted=quoted,
    )


#: One select-list item ``[schema.][t.]column AS alias``, nothing else.
_ALIASED = lazy_compile(
    rf"^\s*(?P<qual>(?:{_NAME}\s*\.\s*)*)(?P<col>{_NAME})\s+AS\s+(?P<alias>{_NAME})\s*$",
    re.IGNORECASE,
)
#: A comment, a quoted name or string (kept whole), a parenthesis, a comma,
#: or the word FROM: what splits a select list at its top level.
_TOKENS = lazy_compile(
    r"/\*.*?\*/|--[^\n]*|\"(?:[^\"]|\"\")*\"|`(?:[^`]|``)*`|'(?:[^']|'')*'|[(),]|\bFROM\b",
    re.IGNORECASE | re.DOTALL,
)


def _aliases(text: str, view: SchemaObject, table: str) -> list[tuple[str, tuple[str, bool]]]:
    """``(folded column, (alias, quoted))`` of each item ``[table.]column AS
    alias`` of a linked view's select list (``SELECT user_prefs.theme_name AS
    "themeName", 1 AS "sortOrder" FROM public.user_prefs``, as ``pg_dump``
    writes migrate's view; migrate's SQLite marker comment aside): the
    names the view shows ``table``'s columns by. Other items (expressions,
    another table's columns) give none."""
    body = _view_body(text, view)
    if body is None:
        return []
    start = re.match(r"\s*SELECT\s", body, re.IGNORECASE)
    if start is None:
        return []
    items: list[str] = []
    depth, last = 0, start.end()
    pieces: list[str] = []
    for t in _TOKENS.finditer(body, start.end()):
        token = t.group()
        if token.startswith(("/*", "--")):
            pieces.append(body[last : t.start()] + " ")
            last = t.end()
        elif token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif depth == 0 and (token == "," or token.upper() == "FROM"):
            items.append("".join(pieces) + body[last : t.start()])
            pieces, last = [], t.end()
            if token != ",":
                break
    out = []
    for item in items:
        m = _ALIASED.match(item)
        if m is None:
            continue
        qual = m.group("qual").strip().rstrip(".").strip()
        if qual and _last(qual) != table.casefold():
            continue  # another table's column
        alias = m.group("alias")
        quoted = alias[0] in '"`['
        if quoted:
            alias = alias[1:-1] if alias[0] == "[" else alias[1:-1].replace(alias[0] * 2, alias[0])
        out.append((_bare(m.group("col")), (alias, quoted)))
    return out


def _columns_by_table(schema: Schema) -> dict[tuple[str | None, str], set[str]]:
    """Each table's (schema, folded name) -> its columns' folded names."""
    columns: dict[tuple[str | None, str], set[str]] = {}
    for c in schema.of_kind(ObjectKind.COLUMN):
        columns.setdefault((c.table_schema, (c.table or "").casefold()), set()).add(
            c.name.casefold()
        )
    return columns


def _stands_for(
    view: SchemaObject,
    table: SchemaObject,
    text: str,
    columns: set[str],
    earlier: Mapping[str, frozenset[str]],
) -> bool:
    body = _view_body(text, view)
    if body is None:
        return False
    marked = _MARKED.search(body)
    if marked is None:
        for m in _COMMENT_ON.finditer(text):
            if _last(m.group("view")) == view.name.casefold():
                rest = text[m.start() : text.find(";", m.end()) + 1 or len(text)]
                marked = _MARKED.search(rest)
                break
    if marked is not None:
        return _last(marked.group("table")) == table.name.casefold()
    if view.name.casefold() not in earlier.get(table.name.casefold(), frozenset()):
        return False
    plain = _PLAIN.match(body)
    if plain is None or _last(plain.group("table")) != table.name.casefold():
        return False
    if plain.group("cols") == "*":
        return True
    chosen = [_bare(m.group("col")) for m in _ONE_COLUMN.finditer(plain.group("cols"))]
    return len(chosen) == len(set(chosen)) and set(chosen) == columns


def _view_body(text: str, view: SchemaObject) -> str | None:
    """The text after the view's name up to the statement's ``;``."""
    lines = text.splitlines(keepends=True)
    line = view.location.line
    if not 1 <= line <= len(lines):
        return None
    at = sum(len(x) for x in lines[: line - 1]) + view.location.column - 1
    name = _NAME_RE.match(text, at)
    if name is None:
        return None
    heredoc = _SCENIC.match(text, name.end())
    if heredoc is not None:
        # scenic's `create_view "v", sql_definition: <<-SQL` in db/schema.rb:
        # the body (pg_get_viewdef's text) up to the terminator's own line
        end = re.compile(rf"^[ \t]*{re.escape(heredoc.group('tag'))}[ \t]*$", re.MULTILINE)
        stop = end.search(text, heredoc.end())
        body = text[heredoc.end() : stop.start() if stop else len(text)]
        return body.strip().removesuffix(";")
    found = _BODY.match(text, name.end())
    return None if found is None else found.group("body")


def _read(root: Path, path: str) -> str | None:
    try:
        return (root / path).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None
