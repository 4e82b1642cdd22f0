"""The ``upgrades`` layout: a full schema with hand-applied upgrade scripts below it.

icingadb keeps ``schema/pgsql/schema.sql`` (what a new database runs) and
``schema/pgsql/upgrades/<version>.sql`` (what an older one runs, by hand:
its ``doc/04-Upgrading.md`` has the administrator "apply all schema versions
in their order, starting with the earliest release", ``psql -f
schema/pgsql/upgrades/1.2.3.sql``); guacamole its ``schema/upgrade/upgrade-pre-<version>.sql``.
``init`` leaves such a folder out of the read paths (``exclude``), as a new
database never runs both. ``migrate`` writes the phase's renames as a new
upgrade script there, named as the folder names its scripts (the next
version), and edits the full schema in place (:mod:`.full_schema`) so that
a new database gets the new names directly. No tool runs the scripts, so
they keep their ``BEGIN``/``COMMIT``; the rollback goes to ``rollbacks/``
beside the upgrades folder (walks leave ``rollbacks/`` out; the project
never reads it), as the layouts without down migrations do.
"""

from __future__ import annotations

import re
from pathlib import Path

from dbnamelint.core.lazyre import lazy_compile

#: Names of a folder of upgrade scripts below a full schema's folder.
UPGRADE_FOLDERS = frozenset({"upgrade", "upgrades", "update", "updates", "delta", "deltas"})
#: ``<prefix><version><rest>.sql``: ``1.5.2-pr1059.sql``, ``upgrade-pre-1.6.0.sql``.
_VERSIONED = lazy_compile(
    r"^(?P<prefix>\D*?)(?P<version>\d+(?:\.\d+)*)(?P<rest>.*)\.sql$", re.IGNORECASE
)
_SAFE = lazy_compile(r"[A-Za-z0-9][A-Za-z0-9._+-]*\Z")


def upgrades_folder(anchor: Path) -> Path | None:
    """The folder of upgrade scripts beside ``anchor``, a full schema: a
    subfolder of its folder named ``upgrade(s)``, ``update(s)`` or
    ``delta(s)`` that holds ``.sql`` scripts named with a version; None when
    there is none (or ``anchor`` is itself in such a folder)."""
    if anchor.parent.name.lower() in UPGRADE_FOLDERS or not anchor.name.lower().endswith(".sql"):
        return None
    try:
        entries = sorted(anchor.parent.iterdir())
    except OSError:
        return None
    for entry in entries:
        if entry.name.lower() in UPGRADE_FOLDERS and entry.is_dir() and _versions(entry):
            return entry
    return None


def _versions(folder: Path) -> list[tuple[tuple[int, ...], str, str]]:
    """(version, prefix, rest) of each versioned ``.sql`` script of ``folder``."""
    out = []
    for entry in folder.iterdir():
        found = _VERSIONED.match(entry.name)
        if found is not None and entry.is_file():
            version = tuple(int(p) for p in found.group("version").split("."))
            out.append((version, found.group("prefix"), found.group("rest")))
    return out


def upgrade_name(folder: Path, name: str | None) -> str:
    """The new upgrade script's file name in ``folder``: ``name`` (``--name``)
    as given when it is a file-safe word (``1.6.0`` -> ``1.6.0.sql``, after
    the folder's shared prefix when ``name`` is a bare version:
    ``upgrade-pre-1.6.0.sql``), else the highest version's last part one
    higher (``1.5.2`` -> ``1.5.3``), with the prefix of that script and a tail
    every versioned script shares (``-pr1059`` is one script's own, not kept).
    Raises ``ValueError`` for a ``name`` that is not file-safe."""
    versions = _versions(folder)
    prefixes = {p for _, p, _ in versions}
    rests = {r for _, _, r in versions}
    highest = max(versions)
    prefix = highest[1] if len(prefixes) == 1 else ""
    rest = next(iter(rests)) if len(rests) == 1 else ""
    if name is not None:
        if not _SAFE.match(name):
            raise ValueError(
                f"--name {name!r} is no file name for an upgrade script (letters, digits, "
                "'.', '_', '+', '-'): give the version the scripts are named with, as 1.6.0"
            )
        stem = name[:-4] if name.lower().endswith(".sql") else name
        if stem[0].isdigit():
            return f"{prefix}{stem}{rest}.sql"
        return f"{stem}.sql"
    bumped = (*highest[0][:-1], highest[0][-1] + 1)
    return f"{prefix}{'.'.join(map(str, bumped))}{rest}.sql"
