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

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import ConstraintType, Event, EventOp, ObjectKind, SourceFile

__all__ = ["Made", "dump_names", "holds", "identifier_in", "made_by_migrations", "shown"]


class Made(Struct, frozen=True):
    """A name a migration makes: ``kind`` ``table``/``column``/``index``
    (an index or a named constraint: the dump may write either),
    the table it is on (None for an index renamed by name alone)."""

    kind: str
    table: str | None
    name: str
    quoted: bool = True


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
        return Made("index", table, event.name, event.quoted)
    if (
        event.kind is ObjectKind.CONSTRAINT
        and event.constraint_type in _NAMED
        and not _HASHED.match(event.name)
    ):
        return Made("index", table, event.name, event.quoted)
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
        events += parse(sql_view(text, strings), dialect)
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
        for event in _events(rel, text, dialect):
            table = event.table.name if event.table is not None else None
            line = event.location.line
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
    column the new one: ``rename_table_indexes``, ``rename_column_indexes``);
    else the new name is one the migration makes."""
    old, new = str(event.name).lower(), str(event.new_name)
    table = event.table.name if event.table is not None else None
    kind = {ObjectKind.TABLE: "table", ObjectKind.COLUMN: "column"}.get(event.kind, "index")
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
            if m.kind == "index" and m.name.lower().startswith(f"index_{old}_on_"):
                name = f"index_{new}_on_" + m.name[len(f"index_{old}_on_") :]
            moved = Made(m.kind, new, name, m.quoted)
            live[(m.kind, new.lower(), name.lower())] = (owner, moved, at)
    elif kind == "column" and table is not None:
        prefix = f"index_{table.lower()}_on_"
        for k in [k for k in live if k[0] == "index" and k[1] == table.lower()]:
            if not k[2].startswith(prefix):
                continue
            parts = k[2][len(prefix) :].split("_and_")
            if old in parts:
                owner, m, at = live.pop(k)
                name = m.name[: len(prefix)] + "_and_".join(new if p == old else p for p in parts)
                live[("index", k[1], name.lower())] = (owner, Made("index", m.table, name), at)


def dump_names(text: str, source: SourceFile) -> set[tuple[str, str | None, str]]:
    """The names ``db/schema.rb`` ``text`` writes (read as ``source``), keyed
    as :func:`made_by_migrations` keys them (names folded to lower case:
    never a false error over case)."""
    from dbnamelint.frontends.rails.reader import read_schema_rb

    out: set[tuple[str, str | None, str]] = set()
    for event in read_schema_rb(text, source).events:
        if event.op is not EventOp.CREATE:
            continue
        made = _made(event)
        if made is None and event.kind is ObjectKind.CONSTRAINT and event.name:
            made = Made("index", event.table.name if event.table else None, event.name)
        if made is not None:
            out.add((made.kind, made.table.lower() if made.table else None, made.name.lower()))
    return out


def holds(names: set[tuple[str, str | None, str]], made: Made) -> bool:
    """Whether a dump writing ``names`` holds ``made``."""
    name = made.name.lower()
    if made.table is None and made.kind == "index":
        return any(k[0] == "index" and k[2] == name for k in names)
    return (made.kind, made.table.lower() if made.table else None, name) in names


def shown(made: Made) -> str:
    """``made`` as the message names it: ``index "tags"."idxTagName"``."""
    word = {"table": "table", "column": "column"}.get(made.kind, "index or constraint")
    if made.table is None:
        return f'{word} "{made.name}"'
    return f'{word} "{made.table}"."{made.name}"'


def identifier_in(text: str, name: str) -> bool:
    """Whether structure.sql ``text`` writes ``name`` as an identifier."""
    quoted = re.escape(name)
    return re.search(rf'(?<![\w$"`]){quoted}(?![\w$"`])|["`]{quoted}["`]', text, re.I) is not None
