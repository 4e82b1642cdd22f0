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
from collections.abc import Sequence

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import Diagnostic, Event, Location, ObjectKind, Severity
from dbnamelint.replay.model import Node

SEPARATE_DATABASES = "DBN023"

#: File names a tool gives every migration, each in a folder of its own
#: (Diesel's ``up.sql``, Prisma's ``migration.sql``): the sequence is the folder above.
_FIXED_NAMES = frozenset({"up.sql", "down.sql", "migration.sql"})


#: A folder named as a version (``v1.10``, ``0.22``, ``20240101_init``): one
#: step of the sequence in the folder above (temporal's ``versioned/v1.10/``,
#: memos' ``migration/prod/0.22/``, a Diesel or Prisma migration's folder).
_VERSION_FOLDER = lazy_compile(r"v?\d[\w.-]*", re.IGNORECASE)


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


#: What follows the other folder in a DBN023 warning on folders no
#: ``databases:`` entry holds (read back by :func:`clashing_folders`).
_ADVICE_END = " under `databases:` or `exclude:` one"
_CLASH = lazy_compile(
    r" stands(?: \(IF NOT EXISTS: [^)]*\))?: name this folder and (.+)/"
    + re.escape(_ADVICE_END)
    + " "
)


def clashing_folders(diagnostic: Diagnostic) -> tuple[str, str] | None:
    """(The folder whose table stood, the folder creating it again) of a
    ``DBN023`` warning on two folders no ``databases:`` entry holds, as
    :func:`sequence_folder` gives them (``""`` for the root); else None."""
    if diagnostic.code != SEPARATE_DATABASES or diagnostic.severity is not Severity.WARNING:
        return None
    found = _CLASH.search(diagnostic.message)
    if found is None:
        return None
    theirs = found.group(1)
    return ("" if theirs == "." else theirs), sequence_folder(diagnostic.location.path)


class SequenceClashes:
    """The tables each pair of migration folders both create, in replay order."""

    def __init__(self) -> None:
        #: (earlier folder, later folder) -> [(where created again, name, where
        #: the standing table got its name, IF NOT EXISTS)]
        self._pairs: dict[tuple[str, str], list[tuple[Location, str, Location, bool]]] = {}
        #: the ``databases:`` name both folders' files are in (None: none)
        self._database: dict[tuple[str, str], str | None] = {}
        #: where an IF NOT EXISTS definition was skipped -> the names it gives
        #: that the standing table lacks
        self._lacking: dict[Location, list[str]] = {}

    def add(self, existing: Node, event: Event) -> None:
        """Note that ``event`` creates ``existing``'s table again from another folder."""
        pair = (sequence_folder(existing.location.path), sequence_folder(event.location.path))
        self._pairs.setdefault(pair, []).append(
            (event.location, event.name or existing.name, existing.location, event.if_exists)
        )
        self._database.setdefault(pair, event.source.database)

    def lacking(self, where: Location, names: list[str]) -> None:
        """Note the names the skipped definition at ``where`` gives that the
        standing table lacks (none: the same names)."""
        if names:
            self._lacking[where] = names

    def diagnostics(self) -> list[Diagnostic]:
        """One ``DBN023`` warning per pair of folders, short: the why is the
        README's (What the reader understands: "Several separate databases
        in one tree")."""
        out: list[Diagnostic] = []
        for (theirs, mine), clashes in self._pairs.items():
            where, name, first, _ = clashes[0]
            # a table per dialect copy of the folders is one name
            names = dict.fromkeys(n for _, n, _, _ in clashes)
            others = len(names) - 1
            more = f" (and {others} more)" if others else ""
            skipped = len({n for _, n, _, s in clashes if s})
            unchecked = (
                f" (IF NOT EXISTS: {skipped} definition{'s' * (skipped != 1)} skipped, "
                "never checked)"
                if skipped
                else ""
            )
            database = self._database[(theirs, mine)]
            folders = f"this folder and {theirs or '.'}/"
            advice = (
                f"name {folders}{_ADVICE_END}"
                if database is None
                else f"{folders} are both in the database {database!r} of the config's "
                "`databases:`; list them apart"
            )
            out.append(
                Diagnostic(
                    where,
                    Severity.WARNING,
                    f"table '{name}'{more} is created again while the one at {first} "
                    f"stands{unchecked}: {advice} "
                    "(docs/reading.md: Several separate databases in one tree)",
                    SEPARATE_DATABASES,
                )
            )
            out += [
                skipped_note(at, table, theirs, self._lacking.get(at, ()))
                for at, table, _, skips in clashes
                if skips
            ]
        return out


#: How a note on one skipped definition starts (the gate refuses a new one).
SKIPPED_PREFIX = "definition skipped, never checked: "


#: How a skipped definition's note goes on when it names what the standing
#: table lacks (read back by :func:`lacking_names`).
_LACKS = "; it gives names that table lacks: "


def skipped_note(
    where: Location, name: str, theirs: str, lacking: Sequence[str] = ()
) -> Diagnostic:
    """An info note on one ``CREATE TABLE IF NOT EXISTS`` another folder's table
    makes a no-op; ``lacking``: the names its elements give that the standing
    table lacks (a database without the table gets them). No line of the other
    file is written in it, so the note keeps its text while that file changes:
    ``check --base`` compares it with the base's notes to tell a definition
    the change added (an error there)."""
    lacks = ""
    if lacking:
        more = f" and {len(lacking) - 5} more" if len(lacking) > 5 else ""
        lacks = _LACKS + ", ".join(lacking[:5]) + more
    return Diagnostic(
        where,
        Severity.INFO,
        f"{SKIPPED_PREFIX}table '{name}' is created with IF NOT EXISTS while the one "
        f"{theirs or '.'}/ created stands, so no name in it is checked{lacks}",
        SEPARATE_DATABASES,
    )


def skipped_text(message: str) -> str:
    """A skipped definition's note without what it says the standing table
    lacks: that changes with the other file, and a definition the base had
    is not new because that file changed (:func:`skipped_note`)."""
    return message.partition(_LACKS)[0]


def lacking_names(diagnostic: Diagnostic) -> bool:
    """Whether ``diagnostic`` is the note on a skipped definition that gives
    names the standing table lacks (:func:`skipped_note`)."""
    return (
        diagnostic.code == SEPARATE_DATABASES
        and diagnostic.message.startswith(SKIPPED_PREFIX)
        and _LACKS in diagnostic.message
    )
