"""A table created again by another migration folder while the first stands.

``CREATE TABLE t`` fails on a database that holds ``t`` (PostgreSQL "relation
already exists", MySQL error 1050, SQLite "table t already exists"), so two
migration folders that each create ``t`` without a drop between were never
run on one database: they are separate databases kept in one tree (a
monorepo's services, sqlx's ``examples/``). Read as one, the second
definition would hide the first table and every name a later migration of
the first folder gives it, so this is said as a warning (``DBN023``) naming
the config's ``databases:`` key, not as the info note of a redefinition:
one per pair of folders, at the first table they both create, counting the
others. A full schema beside upgrade scripts that build the same database
(guacamole's ``001-create-schema.sql`` and ``upgrade/``) gets it too: no
database runs both of those either, and ``exclude:`` leaves one out.
"""

from __future__ import annotations

import re

from dbnamelint.model import Diagnostic, Event, Location, ObjectKind, Severity
from dbnamelint.replay.model import Node

SEPARATE_DATABASES = "DBN023"

#: File names a tool gives every migration, each in a folder of its own
#: (Diesel's ``up.sql``, Prisma's ``migration.sql``): the sequence is the folder above.
_FIXED_NAMES = frozenset({"up.sql", "down.sql", "migration.sql"})


#: A folder named as a version (``v1.10``, ``0.22``, ``20240101_init``): one
#: step of the sequence in the folder above (temporal's ``versioned/v1.10/``,
#: memos' ``migration/prod/0.22/``, a Diesel or Prisma migration's folder).
_VERSION_FOLDER = re.compile(r"v?\d[\w.-]*", re.IGNORECASE)


def sequence_folder(path: str) -> str:
    """The folder holding the migration sequence ``path`` belongs to (``/``-separated)."""
    parts = path.replace("\\", "/").split("/")
    folder = parts[:-1]
    if folder and (parts[-1].lower() in _FIXED_NAMES or _VERSION_FOLDER.fullmatch(folder[-1])):
        folder = folder[:-1]
    return "/".join(folder)


def other_sequence(existing: Node, event: Event) -> bool:
    """Whether ``event`` creates a table while ``existing``, a live table a file
    of another migration folder created, still stands."""
    if event.kind is not ObjectKind.TABLE or existing.kind is not ObjectKind.TABLE:
        return False
    if event.or_replace or event.temporary:
        return False
    return sequence_folder(existing.location.path) != sequence_folder(event.location.path)


class SequenceClashes:
    """The tables each pair of migration folders both create, in replay order."""

    def __init__(self) -> None:
        #: (earlier folder, later folder) -> [(where created again, name, where
        #: the standing table got its name, IF NOT EXISTS)]
        self._pairs: dict[tuple[str, str], list[tuple[Location, str, Location, bool]]] = {}
        #: the ``databases:`` name both folders' files are in (None: none)
        self._database: dict[tuple[str, str], str | None] = {}

    def add(self, existing: Node, event: Event) -> None:
        """Note that ``event`` creates ``existing``'s table again from another folder."""
        pair = (sequence_folder(existing.location.path), sequence_folder(event.location.path))
        self._pairs.setdefault(pair, []).append(
            (event.location, event.name or existing.name, existing.location, event.if_exists)
        )
        self._database.setdefault(pair, event.source.database)

    def diagnostics(self) -> list[Diagnostic]:
        """One ``DBN023`` warning per pair of folders."""
        out: list[Diagnostic] = []
        for (theirs, mine), clashes in self._pairs.items():
            where, name, first, skipped = clashes[0]
            # a table per dialect copy of the folders is one name
            others = [n for n in dict.fromkeys(n for _, n, _, _ in clashes) if n != name]
            more = ""
            if others:
                names = ", ".join(repr(n) for n in others[:3])
                rest = len(others) - 3
                more = f" (and {len(others)} more: {names}{f', +{rest}' if rest > 0 else ''})"
            how = (
                "IF NOT EXISTS: skipped, so its definition is never checked"
                if skipped
                else "no database runs both: CREATE TABLE of an existing table fails"
            )
            folders = f"{theirs or '.'}/ and {mine or '.'}/"
            database = self._database[(theirs, mine)]
            advice = (
                f"If {folders} are separate databases, name them under `databases:` in the "
                "config, so each is checked as its own database"
                if database is None
                else f"{folders} are both in the database {database!r} of the config's "
                "`databases:`; if they are separate databases, list them apart"
            )
            out.append(
                Diagnostic(
                    where,
                    Severity.WARNING,
                    f"table '{name}'{more} is created again while the one at {first} "
                    f"stands ({how}). {advice}; if one builds the same database another way "
                    "(a full schema beside upgrade scripts), leave it out with `exclude:`. "
                    "Read as one, the earlier table hides or is hidden by the later one",
                    SEPARATE_DATABASES,
                )
            )
        return out
