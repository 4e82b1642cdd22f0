"""Two migrations in one folder that claim one version (``DBN016``).

Migration tools identify a migration by the version its file name starts
with, and refuse a folder where two files claim the same one:

- Flyway (``V<version>__<description>.sql``; ``1.0`` and ``1`` are one
  version): "Found more than one migration with version 2";
- golang-migrate (``<version>_<title>.<up|down>.<ext>``, one file per
  version and direction): "duplicate migration file";
- goose (``<version>_<name>.sql``): "goose: duplicate version 2 detected".

Numbered files ``migrate`` writes (``003-rename-phase-x.sql``) and dbmate's
timestamps follow the same idea. Two branches that each added ``003-...``
merge cleanly in git, and the replay order dbnamelint then picks between
them is a guess. The rest of the file name after its first dot (the
direction, a dialect such as Ory's ``.cockroach.up.sql`` or Synapse's
``.sql.postgres``) tells copies apart: they are not duplicates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath

from dbnamelint.model import Diagnostic, Location, Severity, SourceFile

DUPLICATE_VERSION_CODE = "DBN016"

_FLYWAY = re.compile(r"^V(\d+(?:[._]\d+)*)__", re.IGNORECASE)
_GOLANG_MIGRATE = re.compile(r"^(\d+)_[^.]*\.(?:[^.]+\.)?(up|down)\.[^.]+$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(\d+)(?:[-_]|(?=\.))")


def _key(name: str) -> tuple[tuple[object, ...], str, Severity] | None:
    """``(version key, tool, severity)`` for a versioned file name, else None."""
    flyway = _FLYWAY.match(name)
    if flyway is not None:
        parts = [int(p) for p in re.split(r"[._]", flyway.group(1))]
        while len(parts) > 1 and parts[-1] == 0:
            parts.pop()  # Flyway: 1.0 is version 1
        rest = name[flyway.end() :].partition(".")[2].lower()
        return ("flyway", tuple(parts), rest), "Flyway", Severity.ERROR
    numbered = _NUMBERED.match(name)
    if numbered is None:
        return None
    rest = name[numbered.end() :].partition(".")[2].lower()
    if _GOLANG_MIGRATE.match(name):
        return ("number", int(numbered.group(1)), rest), "golang-migrate", Severity.ERROR
    return ("number", int(numbered.group(1)), rest), "goose", Severity.WARNING


def _shown_version(name: str) -> str:
    flyway = _FLYWAY.match(name)
    if flyway is not None:
        return flyway.group(1)
    numbered = _NUMBERED.match(name)
    return numbered.group(1) if numbered is not None else name


def duplicate_versions(files: Sequence[SourceFile]) -> tuple[Diagnostic, ...]:
    """One ``DBN016`` per file whose folder already holds a file of its version.

    Reported on the later file in replay order (line 1), naming the earlier
    one. An error for Flyway and golang-migrate names (the tool refuses the
    folder), a warning for other numbered names (goose refuses them too; a
    hand-written runner may not). Facts: Flyway's
    ``CompositeMigrationResolver``, golang-migrate's ``source.Migrations.Append``
    (``ErrDuplicateMigration``), goose's ``Migrations`` sort.
    """
    first: dict[tuple[str, tuple[object, ...]], str] = {}
    out: list[Diagnostic] = []
    for source in files:
        path = PurePosixPath(source.path.replace("\\", "/"))
        found = _key(path.name)
        if found is None:
            continue
        key, tool, severity = found
        slot = (str(path.parent), key)
        earlier = first.setdefault(slot, source.path)
        if earlier == source.path:
            continue
        refusal = {
            "Flyway": "Flyway refuses the folder ('Found more than one migration with version')",
            "golang-migrate": "golang-migrate refuses the folder ('duplicate migration file')",
            "goose": "goose refuses the folder ('duplicate version detected')",
        }[tool]
        out.append(
            Diagnostic(
                Location(source.path, 1, 1),
                severity,
                f"migration version {_shown_version(path.name)} is also {earlier}'s: {refusal}, "
                "and the order between the two is a guess; renumber one (two branches that "
                "each added one merge cleanly in git)",
                DUPLICATE_VERSION_CODE,
            )
        )
    return tuple(out)
