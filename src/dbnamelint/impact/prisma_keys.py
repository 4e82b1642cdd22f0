"""Keep a Prisma schema's key and index names when ``impact --diff`` maps it.

Prisma derives each key's and index's name from the table's and the
columns' *database* names (:func:`~dbnamelint.impact.prisma.derived_names`).
A patch that maps a model to a renamed table (``@@map``), or a field to a
renamed column (``@map``), changes what Prisma derives; where the database
names the key otherwise, the attribute needs ``map: "its name"``, else the
next ``prisma migrate dev`` renames the key back (trial s40 documenso: a
column rename left ``@@index([createdAt])`` bare, and Prisma would have
renamed ``rate_limits_created_at_idx`` to ``RateLimit_created_at_idx``).
"""

from __future__ import annotations

from collections.abc import Mapping

from dbnamelint.frontends.prisma.schema import blocks
from dbnamelint.impact.keys import KeyName, database_name
from dbnamelint.impact.prisma import derived_names, with_map
from dbnamelint.impact.scan import Reference

__all__ = ["keep_key_names"]


def keep_key_names(
    path: str,
    original: str,
    new: list[str],
    lines: Mapping[int, list[Reference]],
    keys: Mapping[str, tuple[KeyName, ...]],
) -> list[str]:
    """Add ``map:`` to the attributes of ``new`` (the patched lines, edited in
    place) whose derived name the patch changes away from the database's.

    ``original``: the file's text before the patch, where ``lines`` (the
    patched references by 1-based line) stand. A model mapped to a new table
    has every attribute compared; a model only some of whose fields are
    mapped, the attributes covering those columns (the others' derived names
    did not change). When the schema holds no key of a newly mapped table, a
    note lists the derived names to check (none when the primary key is all
    there is).
    """
    notes: list[str] = []
    tables: dict[str, tuple[str, int]] = {}  # model -> its new table, the reference's line
    columns: dict[str, set[str]] = {}  # model -> its fields' new columns, folded
    before = blocks(original.split("\n"))
    for number, refs in sorted(lines.items()):
        for ref in refs:
            target = ref.target.target
            if not target:
                continue
            if ref.context == "Prisma model":
                tables.setdefault(ref.name, (target, number))
            elif ref.context == "Prisma field":
                model = next(
                    (
                        b.name
                        for b in before
                        if b.kind == "model" and b.header_line < number - 1 < b.last_line
                    ),
                    None,
                )
                if model is not None:
                    columns.setdefault(model, set()).add(target.casefold())
    for model, (table, number) in tables.items():
        notes += _map_keys(f"{path}:{number}", new, model, table, keys, None)
    after = {b.name: b for b in blocks("".join(new).split("\n")) if b.kind == "model"}
    for model, renamed in columns.items():
        if model not in tables and model in after:
            notes += _map_keys(path, new, model, after[model].database_name, keys, renamed)
    return notes


def _map_keys(
    where: str,
    new: list[str],
    model: str,
    table: str,
    keys: Mapping[str, tuple[KeyName, ...]],
    only: set[str] | None,
) -> list[str]:
    """``map:`` where ``model``'s derived names (on ``table``) differ from the
    database's; ``only``: just the attributes covering these columns;
    ``where``: the place a note names."""
    derived = [
        d
        for d in derived_names("".join(new), model, table)
        # {table}_pkey names no column: a column rename leaves it as it was.
        if only is None or (d.kind != "pkey" and only.intersection(d.columns))
    ]
    known = keys.get(table.casefold())
    if known is None:
        # Every model has a primary key: a note for it alone would be noise.
        if only is None and any(d.kind != "pkey" for d in derived):
            listed = ", ".join(
                f"{d.name} ({d.attribute}, patched line {d.line + 1})" for d in derived
            )
            return [
                f"{where}: model {model} now maps to {table}, and Prisma "
                f'derives these names from it: {listed}; add map: "<name>" to each '
                f"attribute whose index or constraint the database names otherwise"
            ]
        return []
    for d in reversed(derived):  # right to left, so spans stay valid
        actual = database_name(known, d.kind, d.columns)
        if actual is None or actual == d.name:
            continue
        line = new[d.line]
        new[d.line] = line[: d.start] + with_map(d.attribute, actual) + line[d.end :]
    return []
