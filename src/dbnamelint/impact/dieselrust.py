"""Diesel's ``table_name``/``column_name`` attributes after a ``#[sql_name]`` mapping.

A model's ``#[diesel(table_name = posts)]`` names the ``table!`` module
``posts`` (docs.rs, ``diesel::prelude::Insertable``/``Queryable``: "the
table this type is associated with"), and ``#[diesel(column_name = title)]``
one of its columns, by their Rust names. While that ``table!`` spells the
database's name, the attribute uses the old table; once the crate's schema
maps it (``#[sql_name = "new_posts"]`` above ``posts (id) {``, as
``impact --diff`` writes), the Rust name only stands for the new one and
the attribute needs no change. So such a reference is dropped where a
``table!`` of the same crate (nearest ``Cargo.toml``) maps its word.

Trial s41 (vaultwarden): after the patch, every model's
``#[diesel(table_name = twofactor)]`` kept ``migrate --cleanup`` refusing.
This module reads the crates' schema files it is handed; it finds no files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from dbnamelint.impact.diesel import DieselFile
from dbnamelint.impact.scan import Reference

#: The labels of a Diesel attribute naming a ``table!`` item by its Rust name.
TABLE_LABEL = "Diesel table_name"
COLUMN_LABEL = "Diesel column_name"

#: The word that marks a file that may map names (read only then).
WORD = "sql_name"


def needs_mappings(references: Iterable[Reference]) -> bool:
    """Whether any reference is a Diesel attribute naming a Rust name."""
    return any(r.context in (TABLE_LABEL, COLUMN_LABEL) for r in references)


def _crate(root: Path, path: str) -> str:
    """The folder (below ``root``, with "/") of the nearest ``Cargo.toml``
    above ``path``; "" when none is found up to ``root``."""
    folder = (root / path).parent
    while True:
        if (folder / "Cargo.toml").is_file():
            return os.path.relpath(folder, root).replace(os.sep, "/")
        if folder in (root, folder.parent):
            return ""
        folder = folder.parent


def settle(
    references: list[Reference], root: Path, schemas: Iterable[tuple[str, str]]
) -> list[Reference]:
    """``references`` without the Diesel ``table_name``/``column_name`` ones
    whose word a ``table!`` of their crate maps with ``#[sql_name]``.

    ``root``: the folder paths are relative to; ``schemas``: (path, text)
    of the Rust files that may declare ``table!`` items."""
    tables: dict[str, set[str]] = {}  # crate -> mapped Rust table names
    columns: dict[str, dict[str, set[str]]] = {}  # crate -> column -> its tables
    for path, text in schemas:
        parsed = DieselFile.parse(text)
        if not parsed.mapped_tables and not parsed.mapped_columns:
            continue
        crate = _crate(root, path)
        tables.setdefault(crate, set()).update(parsed.mapped_tables)
        by_column = columns.setdefault(crate, {})
        for table, names in parsed.mapped_columns.items():
            for name in names:
                by_column.setdefault(name, set()).add(table.casefold())
    if not tables and not columns:
        return references
    crates: dict[str, str] = {}
    kept: list[Reference] = []
    for ref in references:
        if ref.context in (TABLE_LABEL, COLUMN_LABEL):
            if ref.path not in crates:
                crates[ref.path] = _crate(root, ref.path)
            crate = crates[ref.path]
            if ref.context == TABLE_LABEL and ref.name in tables.get(crate, ()):
                continue
            owners = columns.get(crate, {}).get(ref.name, set())
            if ref.context == COLUMN_LABEL and owners & {t.casefold() for t in ref.target.tables}:
                continue
        kept.append(ref)
    return kept
