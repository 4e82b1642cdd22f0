"""A rename migration in a drizzle-kit folder: what drizzle's migrator and drizzle-kit read.

Facts (drizzle-orm ``migrator.ts``, drizzle-kit 0.31 ``writeResult``, checked
with both in trial s27):

- the migrator runs ``<tag>.sql`` for each entry of ``meta/_journal.json``:
  the new file gets an entry (``idx`` one past the last, the last entry's
  ``version``, ``when`` in milliseconds above every entry's, ``breakpoints``
  true); the journal is written as drizzle-kit writes it
  (``JSON.stringify(journal, null, 2)``), keys it does not know kept;
- each piece between ``--> statement-breakpoint`` lines is sent on its own;
  SQLite (libsql, better-sqlite3) runs only the first statement of a piece,
  so every statement is a piece of its own;
- drizzle-kit diffs ``schema.ts`` against the latest ``meta/*_snapshot.json``
  (the last name in text order not starting with ``_``): without a snapshot
  that has the new names, the next ``drizzle-kit generate`` after
  ``schema.ts`` follows the rename asks to rename again and writes a second
  rename, which then fails on a new database. The new snapshot is the latest
  one with the renames applied (tables, columns, indexes, constraints, the
  columns and tables their definitions name, enums and the columns of their
  type, sequences, views), a new ``id`` and ``prevId`` the latest's ``id``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dbnamelint.drizzle_layout import BREAKPOINT, JOURNAL
from dbnamelint.model import ConstraintType, ObjectKind

if TYPE_CHECKING:
    from dbnamelint.services.migrate.plan import Step

#: Where each constraint type sits in a snapshot's table.
_CONSTRAINT_KEYS: dict[ConstraintType | None, tuple[str, ...]] = {
    ConstraintType.PRIMARY_KEY: ("compositePrimaryKeys",),
    ConstraintType.UNIQUE: ("uniqueConstraints",),
    ConstraintType.FOREIGN_KEY: ("foreignKeys",),
    ConstraintType.CHECK: ("checkConstraints",),
}
_ALL_CONSTRAINTS = ("compositePrimaryKeys", "uniqueConstraints", "foreignKeys", "checkConstraints")


class DrizzleError(Exception):
    """The folder's journal cannot take a new entry (unreadable, not drizzle-kit's)."""


def journal_text(folder: Path) -> str:
    """The journal of ``folder`` as it is on disk. Raises :class:`DrizzleError`."""
    try:
        return (folder / JOURNAL).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DrizzleError(f"{folder / JOURNAL}: cannot be read ({exc})") from exc


def next_tag(journal: str, slug: str, folder: Path) -> tuple[str, int]:
    """``(tag, idx)`` of the next migration: drizzle-kit's ``<idx:04>_<name>``,
    ``idx`` one past the last entry's. Raises :class:`DrizzleError`."""
    entries = _entries(_parsed(journal, folder), folder)
    last = max((e.get("idx", -1) for e in entries if isinstance(e.get("idx"), int)), default=-1)
    idx = max(last + 1, len(entries))
    return f"{idx:04d}_{slug}", idx


def with_entry(journal: str, tag: str, idx: int, now: datetime, folder: Path) -> str:
    """``journal`` with an entry for ``tag`` appended. Its ``when`` is ``now``
    in milliseconds, or one past the highest ``when`` when the clock is
    behind: drizzle runs on a migrated database only entries whose ``when``
    is above the latest one it recorded. Raises :class:`DrizzleError`."""
    data = _parsed(journal, folder)
    entries = _entries(data, folder)
    whens = [e["when"] for e in entries if isinstance(e.get("when"), int)]
    when = max(int(now.timestamp() * 1000), max(whens, default=0) + 1)
    version = next(
        (e["version"] for e in reversed(entries) if "version" in e), data.get("version", "7")
    )
    entries.append({"idx": idx, "version": version, "when": when, "tag": tag, "breakpoints": True})
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return text + "\n" if journal.endswith("\n") else text


def breakpointed(script: str, dialect: str | None) -> str:
    """``script`` with ``--> statement-breakpoint`` before every statement but
    the first, as drizzle-kit writes a migration (``stmt;--> statement-breakpoint``
    then the next on its own line). Statements are found by dbnamelint's
    splitter for ``dialect``; comments before a statement stay with the one
    before it."""
    from dbnamelint.frontends.sql.splitting import split_statements
    from dbnamelint.model import SourceFile

    statements, _ = split_statements(
        script, SourceFile("migration.sql", dialect or "postgres", None)
    )
    out: list[str] = []
    start = 0
    for statement in statements[:-1]:
        # right after the statement and its ";", as drizzle-kit puts it
        end = statement.offset + len(statement.text)
        if script.startswith(";", end):
            end += 1
        out.append(script[start:end] + BREAKPOINT)
        start = end
    out.append(script[start:])
    return "".join(out)


def latest_snapshot(folder: Path) -> Path | None:
    """The snapshot drizzle-kit diffs against: the last ``meta/`` file in text
    order whose name does not start with ``_`` (drizzle-kit's ``prepareOutFolder``)."""
    meta = folder / "meta"
    try:
        names = sorted(
            n
            for n in (p.name for p in meta.iterdir())
            if not n.startswith("_") and n.endswith(".json")
        )
    except OSError:
        return None
    return meta / names[-1] if names else None


def renamed_snapshot(text: str, steps: Sequence[Step]) -> str:
    """The snapshot ``text`` (drizzle-kit's JSON) after ``steps``, with a new
    ``id`` and ``prevId`` its ``id``; what it does not know kept as it is.
    Raises :class:`DrizzleError` when ``text`` is no snapshot."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise DrizzleError(f"not a drizzle-kit snapshot: {exc}") from exc
    if not isinstance(data, dict):
        raise DrizzleError("not a drizzle-kit snapshot: no JSON object")
    found = data.get("tables")
    tables: dict[str, Any] = found if isinstance(found, dict) else {}
    derived = _derived_names(tables)
    for step in steps:
        if step.kind is ObjectKind.TABLE:
            _rename_table(tables, step)
        elif step.kind is ObjectKind.COLUMN:
            _rename_column(tables, step)
        elif step.kind is ObjectKind.INDEX:
            table = _table(tables, step.table, step.schema)
            if table is not None:
                _rename_key(table.get("indexes"), step.old, step.new)
        elif step.kind is ObjectKind.CONSTRAINT:
            table = _table(tables, step.table, step.schema)
            for key in _CONSTRAINT_KEYS.get(step.constraint_type, _ALL_CONSTRAINTS):
                if table is not None:
                    _rename_key(table.get(key), step.old, step.new)
        elif step.kind in (ObjectKind.TYPE, ObjectKind.DOMAIN):
            if _rename_key(data.get("enums"), step.old, step.new, step.schema):
                for table in tables.values():
                    for column in _values(table.get("columns")):
                        if column.get("type") == step.old:
                            column["type"] = step.new
        elif step.kind is ObjectKind.SEQUENCE:
            _rename_key(data.get("sequences"), step.old, step.new, step.schema)
            for table in tables.values():
                for column in _values(table.get("columns")):
                    identity = column.get("identity")
                    if isinstance(identity, dict) and identity.get("name") == step.old:
                        identity["name"] = step.new
        elif step.kind in (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW):
            _rename_key(data.get("views"), step.old, step.new, step.schema)
    _follow_derived(tables, derived)
    previous = data.get("id")
    out: dict[str, Any] = {}
    for key, value in data.items():  # id and prevId where drizzle-kit writes them
        if key == "id":
            out["id"] = str(uuid.uuid4())
        elif key == "prevId":
            out["prevId"] = previous
        else:
            out[key] = value
    if "id" not in out:
        out = {"id": str(uuid.uuid4()), "prevId": previous, **out}
    return json.dumps(out, indent=2, ensure_ascii=False)


def _parsed(journal: str, folder: Path) -> dict[str, Any]:
    try:
        data = json.loads(journal)
    except ValueError as exc:
        raise DrizzleError(f"{folder / JOURNAL}: not JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise DrizzleError(f"{folder / JOURNAL}: not drizzle-kit's journal (no JSON object)")
    return data


def _entries(data: dict[str, Any], folder: Path) -> list[dict[str, Any]]:
    entries = data.get("entries")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise DrizzleError(f"{folder / JOURNAL}: not drizzle-kit's journal (no entries list)")
    return entries


def _values(found: object) -> list[dict[str, Any]]:
    return [v for v in found.values() if isinstance(v, dict)] if isinstance(found, dict) else []


def _named(key: str, entry: dict[str, Any], name: str, schema: str | None) -> bool:
    """Whether the snapshot entry at ``key`` is the object ``schema.name``:
    PostgreSQL snapshots key by ``schema.name`` (``"schema": ""`` for public)."""
    if entry.get("name", key.rpartition(".")[2]) != name:
        return False
    written = entry.get("schema") or (key.rpartition(".")[0] if "." in key else "")
    return (written or "public") == (schema or "public") or (not written and schema is None)


def _rename_key(found: object, old: str, new: str, schema: str | None = None) -> bool:
    """Rename the entry of ``found`` (a dict keyed by name or ``schema.name``)
    named ``old``, key and ``name``, in place, keeping the order. Whether one was."""
    if not isinstance(found, dict):
        return False
    for key in list(found):
        entry = found[key]
        if isinstance(entry, dict) and _named(key, entry, old, schema):
            head = key.rpartition(".")[0] if "." in key and key != old else ""
            renamed = f"{head}.{new}" if head else new
            items = [(renamed if k == key else k, v) for k, v in found.items()]
            found.clear()
            found.update(items)
            entry["name"] = new
            return True
    return False


def _table(tables: dict[str, Any], name: str | None, schema: str | None) -> dict[str, Any] | None:
    for key, entry in tables.items():
        if isinstance(entry, dict) and name is not None and _named(key, entry, name, schema):
            return entry
    return None


def _in_sql(tables: dict[str, Any], old: str, new: str) -> None:
    """``old`` made ``new`` in the SQL a snapshot keeps as text: each index's
    ``where`` and each check's ``value`` (drizzle renders a column qualified,
    ``"incident"."resolved_at"``, with its table's current name)."""
    for table in tables.values():
        if not isinstance(table, dict):
            continue
        for key, field in (("indexes", "where"), ("checkConstraints", "value")):
            for entry in _values(table.get(key)):
                text = entry.get(field)
                if isinstance(text, str) and old in text:
                    entry[field] = text.replace(old, new)


def _rename_table(tables: dict[str, Any], step: Step) -> None:
    if not _rename_key(tables, step.old, step.new, step.schema):
        return
    _in_sql(tables, f'"{step.old}".', f'"{step.new}".')
    for table in tables.values():
        for key in ("foreignKeys",):
            for fk in _values(table.get(key)):
                if fk.get("tableTo") == step.old:
                    fk["tableTo"] = step.new
                if fk.get("tableFrom") == step.old:
                    fk["tableFrom"] = step.new


def _rename_column(tables: dict[str, Any], step: Step) -> None:
    table = _table(tables, step.table, step.schema)
    if table is None or not _rename_key(table.get("columns"), step.old, step.new):
        return
    _in_sql(tables, f'"{step.table}"."{step.old}"', f'"{step.table}"."{step.new}"')

    def renamed(columns: object) -> object:
        if not isinstance(columns, list):
            return columns
        out: list[object] = []
        for column in columns:
            if column == step.old:
                out.append(step.new)
            elif isinstance(column, dict) and column.get("expression") == step.old:
                out.append({**column, "expression": step.new})
            else:
                out.append(column)
        return out

    for index in _values(table.get("indexes")):
        index["columns"] = renamed(index.get("columns"))
    for key in ("uniqueConstraints", "compositePrimaryKeys"):
        for constraint in _values(table.get(key)):
            constraint["columns"] = renamed(constraint.get("columns"))
    for fk in _values(table.get("foreignKeys")):
        fk["columnsFrom"] = renamed(fk.get("columnsFrom"))
    for other in tables.values():
        for fk in _values(other.get("foreignKeys")):
            if fk.get("tableTo") == step.table:
                fk["columnsTo"] = renamed(fk.get("columnsTo"))


def next_steps(
    forward: Path, journal: str, rollback: Path | None, shown: str, dialect: str, *, renames: bool
) -> str:
    """What to do after a drizzle migration is written: ``forward`` (its
    ``.sql``), the new ``journal`` text, ``rollback`` (its script, if any)
    and ``shown``: how the rollback's path is printed; ``renames``: it renames
    (not a cleanup, which drops views only).

    drizzle-kit diffs ``schema.ts`` against the new snapshot, which holds the
    new names: the schema's ``pgTable``/``sqliteTable`` names follow, or the
    next ``drizzle-kit generate`` renames them back. drizzle has no down
    migrations: an applied one is undone by running its rollback and
    deleting its row (``created_at`` is the entry's ``when``) from
    ``__drizzle_migrations`` (in the ``drizzle`` schema on PostgreSQL)."""
    tag = forward.stem
    when = next(
        (
            e.get("when")
            for e in json.loads(journal).get("entries", [])
            if isinstance(e, dict) and e.get("tag") == tag
        ),
        None,
    )
    table = '"drizzle"."__drizzle_migrations"' if dialect == "postgres" else "__drizzle_migrations"
    undo = (
        f"to roll it back once applied, run {shown} with your database's client, then "
        f"DELETE FROM {table} WHERE created_at = {when} so drizzle counts it unapplied, and "
        "take its journal entry and snapshot back out (revert the commit)"
        if rollback is not None
        else "drizzle has no down migrations"
    )
    follow = (
        "rename the tables, columns and enums in the schema file (schema.ts) to the new "
        "names: the new snapshot holds them, so `drizzle-kit generate` then finds no change, "
        "while a schema file left on the old names makes it write a migration renaming them "
        "back (`dbnamelint impact --diff --renamed-only` prints that patch of its pgTable, "
        "column and pgEnum names); "
        if renames
        else ""
    )
    return f"drizzle: {follow}drizzle's migrator applies {tag} from its journal entry; {undo}"


def _derived(table: dict[str, Any], key: str, entry: dict[str, Any]) -> str | None:
    """The name drizzle gives the constraint ``entry`` of ``table`` (under the
    snapshot key ``key``) when its schema file names none (drizzle-orm
    ``getName``: ``<table>_<columns>_<foreign table>_<foreign columns>_fk``,
    ``<table>_<columns>_unique``, ``<table>_<columns>_pk``); None if unknown."""
    name = table.get("name")
    columns = entry.get("columns")
    if key == "foreignKeys":
        parts = [entry.get("tableFrom"), *(entry.get("columnsFrom") or [])]
        parts += [entry.get("tableTo"), *(entry.get("columnsTo") or [])]
        if all(isinstance(p, str) for p in parts):
            return "_".join(parts) + "_fk"
        return None
    if not isinstance(name, str) or not isinstance(columns, list):
        return None
    if not all(isinstance(c, str) for c in columns):
        return None
    suffix = "_unique" if key == "uniqueConstraints" else "_pk"
    return f"{name}_{'_'.join(columns)}{suffix}"


_DERIVED_KEYS = ("foreignKeys", "uniqueConstraints", "compositePrimaryKeys")


def _derived_names(tables: dict[str, Any]) -> list[tuple[dict[str, Any], str, dict[str, Any]]]:
    """The constraints named as drizzle names them by default: ``(table,
    snapshot key, entry)`` each, before the renames."""
    out = []
    for table in tables.values():
        if not isinstance(table, dict):
            continue
        for key in _DERIVED_KEYS:
            for entry in _values(table.get(key)):
                if entry.get("name") is not None and entry.get("name") == _derived(
                    table, key, entry
                ):
                    out.append((table, key, entry))
    return out


def _follow_derived(
    tables: dict[str, Any], derived: list[tuple[dict[str, Any], str, dict[str, Any]]]
) -> None:
    """Give each default-named constraint no step renamed the name drizzle
    derives from the new names: a SQLite foreign key has no name in the
    database, so nothing renames it, while the schema file's derives anew
    (a stale one made ``drizzle-kit generate`` rebuild the table)."""
    before = {id(entry): entry.get("name") for _t, _k, entry in derived}
    for table, key, entry in derived:
        name = entry.get("name")
        new = _derived(table, key, entry)
        if name == before[id(entry)] and new is not None and new != name:
            _rename_key(table.get(key), str(name), new)
