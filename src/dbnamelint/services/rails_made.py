"""What the Rails migrations a change adds make, name by name, for ``DBN032``.

A dump (``db/schema.rb``, ``db/structure.sql``) that changed for one new
migration must still hold what every other new migration makes, else that
migration was not migrated into it and its names were never judged (trial
confirm37 P2: ``add_index ..., name: "idxTagName"`` left out of a schema.rb
updated for the migration's ``add_column`` passed). Every form the gate reads
a Rails migration in counts (:func:`~dbnamelint.code_builders.rails_builder_sql`:
``create_table``, ``add_column``, ``add_index``, ``rename_index``,
``add_reference``, a ``change_table`` block, ``reversible``'s ``dir.up``...),
and so does SQL its forward step runs (``execute "ALTER TABLE ..."``); the
migrations are replayed in version order, so what a later one renames or drops
is looked for under its last name, or not at all.

Only names the dump writes are looked for: tables, columns, indexes, and
foreign key, check, unique and exclusion constraints a migration names itself
(Rails' hashed ``fk_rails_...`` names follow from the dump's own text, and a
primary key's name is the database's).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import msgspec
from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import ConstraintType, Event, EventOp, ObjectKind, SourceFile

__all__ = ["Made", "dump_names", "holds", "identifier_in", "made_by_migrations", "shown"]


class Made(Struct, frozen=True):
    """A name a migration makes: ``kind`` ``table``/``column``/``index``
    (an index or a named constraint: the dump may write either), or a
    rename's ``sequence``/``pkey`` (a sequence, a primary key given
    PostgreSQL's own ``<table>_pkey``: what ``db/schema.rb`` never writes,
    and ``db:schema:load`` names from the table), the table it is on (None
    for an index renamed by name alone)."""

    kind: str
    table: str | None
    name: str
    quoted: bool = True
    columns: tuple[str, ...] = ()  # an index's


#: Rails' hashed constraint names: the dump leaves them out and its reader
#: computes them from the dump's own text (a check's expression as the
#: database prints it), so they are no name a migration chose.
_HASHED = lazy_compile(r"^(?:fk|chk|uniq|excl)_rails_[0-9a-f]{10}$")
_NAMED = frozenset(
    {
        ConstraintType.FOREIGN_KEY,
        ConstraintType.CHECK,
        ConstraintType.UNIQUE,
        ConstraintType.EXCLUSION,
    }
)


def _made(event: Event) -> Made | None:
    """The name ``event`` (a CREATE) makes that a dump writes, or None."""
    if event.name is None or event.implicit or event.temporary:
        return None
    table = event.table.name if event.table is not None else None
    if event.kind is ObjectKind.TABLE:
        return Made("table", None, event.name, event.quoted)
    if event.kind is ObjectKind.COLUMN and table is not None and not event.view_column:
        return Made("column", table, event.name, event.quoted)
    if event.kind is ObjectKind.INDEX:
        return Made("index", table, event.name, event.quoted, event.columns)
    if (
        event.kind is ObjectKind.CONSTRAINT
        and event.constraint_type in _NAMED
        and not _HASHED.match(event.name)
    ):
        return Made("index", table, event.name, event.quoted, event.columns)
    return None


def _events(rel: str, text: str, dialect: str) -> list[Event]:
    """The events of Rails migration ``text``'s forward step: its builder
    calls' SQL (PostgreSQL's, as the gate reads them) and its DDL strings
    (``execute``, in ``dialect``), in line order."""
    from dbnamelint.code_builders import rails_builder_sql, rails_forward_spans
    from dbnamelint.code_ddl_text import ddl_strings, sql_view
    from dbnamelint.frontends.sql.parsing import parse_statements
    from dbnamelint.frontends.sql.splitting import split_statements

    def parse(sql: str, family: str) -> list[Event]:
        split, _ = split_statements(sql, SourceFile(rel, family, None))
        return list(parse_statements(split).events)

    # each piece at its line (a piece before the last one's line is appended to it)
    rows: list[str] = [""]
    for line, sql in rails_builder_sql(text):
        while len(rows) < line:
            rows.append("")
        rows[-1] += " " + sql
    events = parse("\n".join(rows) + "\n", "postgres")
    forward = rails_forward_spans(text)
    strings = [
        s for s in ddl_strings(rel, text, _ddl_or_drop) if any(a <= s.start < b for a, b in forward)
    ]
    if strings:
        # a table Ruby fills in (`ON #{table}`) reads as x's: an index or
        # constraint on it is looked for by its name alone; any other name
        # Ruby fills in is looked for as it reads, so refused (it cannot be
        # told from the dump)
        holes = {"x" * (b - a) for s in strings for a, b in s.holes}
        for said in parse(sql_view(text, strings), dialect):
            table = said.table.name if said.table is not None else None
            if table in holes and said.kind in (ObjectKind.INDEX, ObjectKind.CONSTRAINT):
                events.append(msgspec.structs.replace(said, table=None))
            else:
                events.append(said)
    return sorted(events, key=lambda e: e.location.line)


#: A statement dropping a name: what it drops is not looked for.
_DROPS = lazy_compile(r"^\s*(?:DROP|ALTER\s+TABLE\b[^;]*\bDROP)\s", re.I | re.M)


def _ddl_or_drop(sql: str) -> bool:
    from dbnamelint.code_ddl_text import makes_ddl

    return makes_ddl(sql) or _DROPS.search(sql) is not None


def made_by_migrations(
    migrations: Sequence[tuple[str, str]], dialect: str
) -> dict[str, list[tuple[Made, int]]]:
    """Per migration path of ``migrations`` (``(path, text)`` in the order
    they run), each name it makes that is still there after all of them ran,
    under its last name, with the line that made it."""
    live: dict[tuple[str, str | None, str], tuple[str, Made, int]] = {}

    def fold(name: str) -> str:
        return name.lower()

    def key(m: Made) -> tuple[str, str | None, str]:
        return (m.kind, fold(m.table) if m.table is not None else None, fold(m.name))

    for rel, text in migrations:
        steps: list[tuple[int, Event | _Removal | Made]] = [
            *((e.location.line, e) for e in _events(rel, text, dialect)),
            *((r.line, r) for r in _removals(text)),
            *_virtual_tables(text),
            *_scenic_views(text),
        ]
        for line, event in sorted(steps, key=lambda step: step[0]):
            if isinstance(event, _Removal):
                _remove(live, event)
                continue
            if isinstance(event, Made):
                live[key(event)] = (rel, event, line)
                continue
            table = event.table.name if event.table is not None else None
            if event.op is EventOp.CREATE:
                made = _made(event)
                if made is not None:
                    live[key(made)] = (rel, made, line)
            elif event.op is EventOp.DROP and event.name is not None:
                _drop(live, event.kind, table, fold(event.name))
            elif event.op is EventOp.RENAME and event.name and event.new_name:
                _rename(live, event, rel, line)
    out: dict[str, list[tuple[Made, int]]] = {}
    for rel, made, line in live.values():
        out.setdefault(rel, []).append((made, line))
    return out


#: Rails 8's SQLite ``create_virtual_table :x, :fts5, [...]`` (its dumper
#: writes ``create_virtual_table "x"``); the builder's SQL is PostgreSQL's,
#: which has no virtual table, so the call is read here.
_VIRTUAL = lazy_compile(
    r"""^[ \t]*create_virtual_table\b\s*\(?\s*(?::(\w+)|"([^"\n]+)"|'([^'\n]+)')""",
    re.MULTILINE,
)


def _virtual_tables(text: str) -> list[tuple[int, Made]]:
    """The tables the forward step's ``create_virtual_table`` calls make, at their lines."""
    from dbnamelint.code_builders import rails_forward_spans

    forward = rails_forward_spans(text)
    return [
        (
            text.count("\n", 0, found.start()) + 1,
            Made("table", None, next(g for g in found.groups() if g)),
        )
        for found in _VIRTUAL.finditer(text)
        if any(a <= found.start() < b for a, b in forward)
    ]


#: scenic's ``create_view :x`` (``materialized: true``), whose SQL is the
#: app's ``db/views/x_v01.sql``, and ``drop_view :x``: its dumper writes
#: ``create_view "x"`` into schema.rb.
_SCENIC = lazy_compile(
    r"""^[ \t]*(?P<call>create_view|drop_view)\b\s*\(?\s*(?::(\w+)|"([^"\n]+)"|'([^'\n]+)')""",
    re.MULTILINE,
)


def _scenic_views(text: str) -> list[tuple[int, Made | _Removal]]:
    """The views the forward step's scenic calls make (and drop), at their
    lines: a ``create_view`` call is no SQL the reader writes (trial s38
    mastodon: a view left out of a hand-edited schema.rb passed)."""
    from dbnamelint.code_builders import rails_forward_spans

    forward = rails_forward_spans(text)
    out: list[tuple[int, Made | _Removal]] = []
    for found in _SCENIC.finditer(text):
        if not any(a <= found.start() < b for a, b in forward):
            continue
        line = text.count("\n", 0, found.start()) + 1
        name = next(g for g in found.groups()[1:] if g)
        if found.group("call") == "create_view":
            out.append((line, Made("view", None, name)))
        else:
            out.append((line, _Removal(line, "table", None, (name,))))
    return out


class _Removal(Struct, frozen=True):
    """A Rails call taking names away, which runs no SQL the reader writes:
    ``drop_table``, ``remove_column(s)``, ``remove_index``,
    ``remove_reference``, ``remove_timestamps`` (a ``change_table``
    block's ``t.remove...``: ``table`` None, any table)."""

    line: int
    what: str  # "table" (or a view), "columns", "index"
    table: str | None
    names: tuple[str, ...]  # the table, the columns, an index's columns
    index: str | None = None  # an index's ``name:``


_REMOVE_CALL = lazy_compile(
    r"^[ \t]*(?:(?P<call>drop_table|drop_join_table|remove_columns?|remove_index|remove_reference"
    r"|remove_belongs_to|remove_timestamps)|\w+\.(?P<inner>remove|remove_index|remove_references"
    r"|remove_belongs_to|remove_timestamps))\b\s*\(?(?P<args>[^\n]*)",
    re.MULTILINE,
)
_WORD = lazy_compile(r""":(\w+)|"([^"\n]*)"|'([^'\n]*)'""")
_OPTION = lazy_compile(r"\b(\w+):\s*(\[[^\]]*\]|:\w+|\"[^\"\n]*\"|'[^'\n]*')")


def _words(text: str) -> list[str]:
    return [a or b or c for a, b, c in _WORD.findall(text)]


def _removals(text: str) -> list[_Removal]:
    """The removals of Rails migration ``text``'s forward step."""
    from dbnamelint.code_builders import rails_forward_spans

    forward = rails_forward_spans(text)
    out: list[_Removal] = []
    for found in _REMOVE_CALL.finditer(text):
        if not any(a <= found.start() < b for a, b in forward):
            continue
        line = text.count("\n", 0, found.start()) + 1
        args = re.split(r"\s(?:if|unless)\s", found.group("args"))[0]
        first = re.search(r"\b\w+:\s", args)
        positional = _words(args[: first.start()] if first else args)
        options = {k: _words(v) for k, v in _OPTION.findall(args)}
        call = found.group("call")
        if call is None:  # change_table's t.remove...: its table is the block's
            positional = ["", *positional]
            call = {"remove": "remove_columns", "remove_references": "remove_reference"}.get(
                found.group("inner"), found.group("inner")
            )
        table = positional[0] if positional else None
        if not table and call != "remove_columns" and not found.group("inner"):
            continue
        on = table or None
        rest = positional[1:]
        if call in ("drop_table", "drop_join_table") and table:
            out.append(_Removal(line, "table", None, (table,)))
        elif call == "remove_column" and rest:
            out.append(_Removal(line, "columns", on, (rest[0],)))
        elif call == "remove_columns":
            out.append(_Removal(line, "columns", on, tuple(rest)))
        elif call == "remove_timestamps":
            out.append(_Removal(line, "columns", on, ("created_at", "updated_at")))
        elif call in ("remove_reference", "remove_belongs_to") and rest:
            out.append(_Removal(line, "columns", on, (f"{rest[0]}_id", f"{rest[0]}_type")))
        elif call == "remove_index":
            name = options.get("name")
            columns = tuple(options.get("column") or rest)
            out.append(_Removal(line, "index", on, columns, name[0] if name else None))
    return out


def _remove(
    live: dict[tuple[str, str | None, str], tuple[str, Made, int]], removal: _Removal
) -> None:
    """Take what ``removal`` removes out of ``live``; a column takes its
    indexes with it (PostgreSQL drops an index of a dropped column)."""
    on = removal.table.lower() if removal.table is not None else None
    names = {n.lower() for n in removal.names}
    for k in list(live):
        k_kind, k_table, k_name = k
        made = live[k][1]
        if on is not None and k_table is not None and k_table != on:
            continue
        if removal.what == "table":  # (or a view: drop_view)
            gone = (k_kind in ("table", "view") and k_table is None and k_name in names) or (
                k_table in names
            )
        elif removal.what == "columns":
            gone = (k_kind == "column" and k_name in names) or (
                k_kind == "index" and bool(names & {c.lower() for c in made.columns})
            )
        elif removal.index is not None:
            gone = k_kind == "index" and k_name == removal.index.lower()
        else:
            gone = k_kind == "index" and [c.lower() for c in made.columns] == [
                c.lower() for c in removal.names
            ]
        if gone:
            del live[k]


def _drop(
    live: dict[tuple[str, str | None, str], tuple[str, Made, int]],
    kind: ObjectKind,
    table: str | None,
    name: str,
) -> None:
    """Take what a DROP of ``name`` (on ``table``) removes out of ``live``:
    a table with its columns and indexes, a column, an index or constraint."""
    on = table.lower() if table is not None else None

    def dropped(k: tuple[str, str | None, str]) -> bool:
        k_kind, k_table, k_name = k
        if kind is ObjectKind.TABLE:
            return k == ("table", None, name) or k_table == name
        if kind is ObjectKind.COLUMN:
            return k_kind == "column" and k_name == name and on in (None, k_table)
        return kind in (ObjectKind.INDEX, ObjectKind.CONSTRAINT) and k[::2] == ("index", name)

    for k in [k for k in live if dropped(k)]:
        del live[k]


def _rename(
    live: dict[tuple[str, str | None, str], tuple[str, Made, int]],
    event: Event,
    rel: str,
    line: int,
) -> None:
    """Apply ``event`` (a RENAME) to ``live``: the object it renames, if one
    of the change's migrations made it, takes the new name (and its columns
    and indexes a renamed table, an index Rails named after the table or
    column the new one, when it had Rails' default name:
    ``rename_table_indexes``, ``rename_column_indexes``);
    else the new name is one the migration makes."""
    from dbnamelint.default_names import make_object_name
    from dbnamelint.frontends.rails.names import index_name

    old, new = str(event.name).lower(), str(event.new_name)
    table = event.table.name if event.table is not None else None
    kind = {ObjectKind.TABLE: "table", ObjectKind.COLUMN: "column"}.get(event.kind, "index")
    if event.kind is ObjectKind.SEQUENCE:
        kind = "sequence"
    elif (
        event.kind is ObjectKind.CONSTRAINT
        and table is not None
        and new == make_object_name(table, None, "pkey")
    ):
        kind = "pkey"  # the name PostgreSQL gives the table's primary key
    mine = (kind, table.lower() if table is not None and kind != "table" else None, old)
    found = live.pop(mine, None)
    if found is None and kind == "index":  # an index renamed by its name alone
        found = next((live.pop(k) for k in list(live) if k[0] == "index" and k[2] == old), None)
    first = found[0] if found is not None else rel
    line = found[2] if found is not None else line
    on = found[1].table if found is not None else table
    made = Made(kind, None if kind == "table" else on, new, event.new_quoted)
    live[(kind, made.table.lower() if made.table else None, new.lower())] = (first, made, line)
    if kind == "table":
        for k in [k for k in live if k[1] == old]:
            owner, m, at = live.pop(k)
            name = m.name
            if m.kind == "index" and m.columns and m.name == index_name(old, list(m.columns)):
                name = index_name(new, list(m.columns))
            moved = Made(m.kind, new, name, m.quoted, m.columns)
            live[(m.kind, new.lower(), name.lower())] = (owner, moved, at)
    elif kind == "column" and table is not None:
        for k in [k for k in live if k[0] == "index" and k[1] == table.lower()]:
            m = live[k][1]
            if old not in [c.lower() for c in m.columns]:
                continue
            owner, _, at = live.pop(k)
            columns = tuple(new if c.lower() == old else c for c in m.columns)
            name = m.name
            if m.name == index_name(table, list(m.columns)):
                name = index_name(table, list(columns))
            live[("index", k[1], name.lower())] = (
                owner,
                Made("index", m.table, name, m.quoted, columns),
                at,
            )


def dump_names(text: str, source: SourceFile) -> set[tuple[str, str | None, str]]:
    """The names ``db/schema.rb`` ``text`` writes (read as ``source``), keyed
    as :func:`made_by_migrations` keys them (names folded to lower case:
    never a false error over case)."""
    from dbnamelint.frontends.rails.reader import read_schema_rb

    out: set[tuple[str, str | None, str]] = set()
    for event in read_schema_rb(text, source).events:
        if event.op is not EventOp.CREATE:
            continue
        if event.kind in (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW) and event.name:
            out.add(("view", None, event.name.lower()))  # scenic's create_view
            continue
        made = _made(event)
        if made is None and event.kind is ObjectKind.CONSTRAINT and event.name:
            made = Made("index", event.table.name if event.table else None, event.name)
        if made is not None:
            out.add((made.kind, made.table.lower() if made.table else None, made.name.lower()))
    return out


#: What a migration makes that ``db/schema.rb`` never writes (see :class:`Made`).
NOT_IN_RUBY_DUMP = frozenset({"sequence", "pkey"})


def holds(names: set[tuple[str, str | None, str]], made: Made) -> bool:
    """Whether a dump writing ``names`` (a ``db/schema.rb``'s) holds ``made``:
    a sequence or a primary key's own name it holds as the table it names."""
    if made.kind in NOT_IN_RUBY_DUMP:
        return True
    name = made.name.lower()
    if made.table is None and made.kind == "index":
        return any(k[0] == "index" and k[2] == name for k in names)
    return (made.kind, made.table.lower() if made.table else None, name) in names


def shown(made: Made) -> str:
    """``made`` as the message names it: ``index "tags"."idxTagName"``."""
    word = {"table": "table", "column": "column", "view": "view"}.get(
        made.kind, "index or constraint"
    )
    if made.table is None:
        return f'{word} "{made.name}"'
    return f'{word} "{made.table}"."{made.name}"'


def identifier_in(text: str, name: str) -> bool:
    """Whether structure.sql ``text`` writes ``name`` as an identifier."""
    quoted = re.escape(name)
    return re.search(rf'(?<![\w$"`]){quoted}(?![\w$"`])|["`]{quoted}["`]', text, re.I) is not None
