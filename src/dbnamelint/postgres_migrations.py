"""ThomWright/postgres-migrations (npm): its migration names, transactions and table.

Read in its source (5.3, ``src/``) and README:

- a migration is ``<id>[-_]<name>.sql`` (``file-name-parser.ts``:
  ``^(-?\\d+)[-_]?(.*).(sql|js)$``; README "File name": ``[id][separator][name]``);
  every ``.sql``/``.js`` file of the folder is one (``files-loader.ts``);
- ids must be consecutive from 1 (the runner's own
  ``0_create-migrations-table.sql`` is id 0): sorted by id, the first file
  whose id is not its position is refused, a duplicate id included
  (``validation.ts``: "Found a non-consecutive migration ID on file");
- each migration runs in ``START TRANSACTION`` ... ``COMMIT`` with the
  ``INSERT INTO migrations ("id", "name", "hash")`` that records it, unless
  its text holds ``-- postgres-migrations disable-transaction``
  (``run-migration.ts``);
- the hash is the SHA-1 of the file name and its text (``migration-file.ts``):
  a migration already applied whose hash changed is refused ("Hashes don't
  match for migrations"), a rename or a comment edit included
  (``validateMigrationHashes``);
- its table is ``migrations (id integer PRIMARY KEY, name varchar(100),
  hash varchar(40), executed_at timestamp)``, unqualified: created in the
  first schema of the connection's ``search_path``
  (``0_create-migrations-table.sql``, ``migrate.ts``).

A folder is taken as the runner's when its names are the runner's and the
nearest ``package.json`` above it lists ``postgres-migrations`` in
``dependencies`` or ``devDependencies`` (numbered ``.sql`` files are common:
the names alone do not tell).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.manifests import nearest_manifest

PACKAGE = "postgres-migrations"
#: A migration file of the runner, as dbnamelint reads them (SQL only).
MIGRATION = lazy_compile(r"^(\d+)([-_])(.+)\.sql$", re.IGNORECASE)
#: The marker that makes the runner run a file outside a transaction.
NO_TRANSACTION = "-- postgres-migrations disable-transaction"
#: The runner's table, in the first schema of the search_path.
TABLE = "migrations"


def migration_id(name: str) -> int | None:
    """The id of the runner's migration file ``name`` (``0007-x.sql`` -> 7), else None."""
    found = MIGRATION.match(name)
    return int(found.group(1)) if found is not None else None


def depends_on_runner(anchor: Path) -> bool:
    """Whether the nearest ``package.json`` above ``anchor`` lists the runner in
    ``dependencies`` or ``devDependencies`` (an unreadable or invalid one: no)."""
    text = nearest_manifest(anchor, "package.json")
    if text is None:
        return False
    try:
        manifest = json.loads(text)
    except ValueError:
        return False
    if not isinstance(manifest, dict):
        return False
    for section in ("dependencies", "devDependencies"):
        listed = manifest.get(section)
        if isinstance(listed, dict) and PACKAGE in listed:
            return True
    return False


def runs_file(anchor: Path) -> bool:
    """Whether the file ``anchor`` is a migration the runner applies."""
    return migration_id(anchor.name) is not None and depends_on_runner(anchor)


def runs_transaction(text: str) -> bool:
    """Whether the runner wraps the migration ``text`` in a transaction of its own."""
    return NO_TRANSACTION not in text


def project_folders(paths: Iterable[Path]) -> tuple[Path, ...]:
    """The folders among ``paths``' (absolute files) the runner reads, each once."""
    anchors: dict[Path, Path] = {}
    for path in paths:
        if migration_id(path.name) is not None:
            anchors.setdefault(path.parent, path)
    return tuple(folder for folder, anchor in anchors.items() if depends_on_runner(anchor))


def id_gaps(names: Sequence[str]) -> list[tuple[str, int]]:
    """``(name, the id expected there)`` for each file of one folder (``names``)
    that comes after a missing id, as the runner counts them from 1 (its own
    migration is 0: a file of id 0 is reported, expecting 1). Duplicates are
    not gaps (they are reported as such)."""
    ids = sorted({i for n in names if (i := migration_id(n)) is not None})
    first: dict[int, str] = {}
    for name in sorted(names):
        found = migration_id(name)
        if found is not None:
            first.setdefault(found, name)
    out: list[tuple[str, int]] = []
    expected = 1
    for number in ids:
        if number == 0:  # the runner's own migration's id
            out.append((first[number], expected))
            continue
        if number != expected:
            out.append((first[number], expected))
        expected = max(expected, number) + 1
    return out
