"""Which SQL file names Flyway runs (its default naming, no ``flyway.conf`` read).

Flyway's ``ResourceNameParser`` takes a SQL file as a migration when its name
is ``<prefix><version>__<description>.sql`` with the prefix ``V``
(versioned), ``U`` (undo) or ``B`` (baseline), or ``R__<description>.sql``
(repeatable); as a callback when it is ``<event>.sql`` or
``<event>__<description>.sql`` for an event id of
``org.flywaydb.core.api.callback.Event``. Any other name is ignored (with
``validateMigrationNaming=false``, the default), so a ``fix.sql`` beside
``V1__init.sql`` never runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dbnamelint.core.lazyre import lazy_compile

#: Flyway's callback event ids (``org.flywaydb.core.api.callback.Event``):
#: a SQL file named ``<event>.sql`` or ``<event>__<description>.sql`` runs
#: at that event, on every run of the command.
FLYWAY_CALLBACK_EVENTS = frozenset(
    {
        *(
            f"{when}{what}"
            for when in ("before", "after")
            for what in ("Clean", "Migrate", "Validate", "Baseline", "Repair", "Info", "Undo")
        ),
        *(f"after{what}Error" for what in ("Clean", "Migrate", "Validate", "Baseline", "Repair")),
        "afterInfoError",
        "afterUndoError",
        "beforeEachMigrate",
        "beforeEachMigrateStatement",
        "afterEachMigrateStatement",
        "afterEachMigrateStatementError",
        "afterEachMigrate",
        "afterEachMigrateError",
        "beforeRepeatables",
        "afterVersioned",
        "afterMigrateApplied",
        "beforeEachUndo",
        "beforeEachUndoStatement",
        "afterEachUndoStatement",
        "afterEachUndoStatementError",
        "afterEachUndo",
        "afterEachUndoError",
        "afterMigrateOperationFinish",
        "afterInfoOperationFinish",
        "createSchema",
    }
)

#: A versioned, undo or baseline migration (``V1.2__x.sql``, ``V1_2__x.sql``).
_MIGRATION = lazy_compile(r"^[VUB]\d+(?:[._]\d+)*__.*\.sql$", re.IGNORECASE)
_REPEATABLE = lazy_compile(r"^R__.+\.sql$", re.IGNORECASE)


def is_callback(name: str) -> bool:
    """Whether the file ``name`` is a Flyway SQL callback (``afterMigrate.sql``)."""
    stem, dot, suffix = name.rpartition(".")
    event = stem.split("__", 1)[0]
    return bool(dot) and suffix.lower() == "sql" and event in FLYWAY_CALLBACK_EVENTS


def is_migration(name: str) -> bool:
    """Whether the file ``name`` is a Flyway versioned, undo, baseline or
    repeatable migration."""
    return _MIGRATION.match(name) is not None or _REPEATABLE.match(name) is not None


def runs(name: str) -> bool:
    """Whether Flyway runs a SQL file named ``name`` from a folder it reads."""
    return is_migration(name) or is_callback(name)


#: A versioned migration exactly as Flyway's defaults name it, case and all:
#: ``ResourceNameParser`` matches the prefix ``V`` and the suffix ``.sql``
#: with ``startsWith``/``endsWith`` (case-sensitive), and a version must
#: stand before the separator ``__`` (``MigrationVersion.fromVersion``).
_EXACT_VERSIONED = lazy_compile(r"^V\d+(?:[._]\d+)*__.*\.sql$")


def is_flyway_folder(sql_names: Iterable[str]) -> bool:
    """Whether a folder holding the SQL files ``sql_names`` is Flyway's: two or
    more Flyway migrations, or a single versioned one named exactly as Flyway
    names it (``V1__init.sql``, a new project's first migration beside its
    ``rollback/V1__init.sql``, trial s29), and more of them than SQL files
    Flyway does not run (a stray ``V1__x.sql`` among numbered files does not
    make them Flyway's)."""
    ours = others = exact = 0
    for name in sql_names:
        if is_migration(name):
            ours += 1
            exact += _EXACT_VERSIONED.match(name) is not None
        elif not is_callback(name):
            others += 1
    return (ours >= 2 or exact == 1) and ours > others
