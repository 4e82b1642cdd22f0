"""Which read migration a file in a ``rollback/`` or ``rollbacks/`` folder undoes.

The walk never replays such a file (README, "Where the migration files
go"), so the hook says it was not read (``DBN008``): an info note when it
is a read migration's rollback, a warning otherwise, since a migration
moved there by mistake would go unchecked. ``migrate --write`` names a
rollback after its migration; one written by hand often is not
(``rollbacks/002-ws-rollback.sql`` for ``schema/002-ws.sql``,
``rollback/0002_b.sql`` for golang-migrate's ``0002_b.up.sql``), so a
rollback also belongs to the one migration beside it with its version.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.sql.sources import ROLLBACK_DIRS, is_rollback_file

#: A leading version: ``002-x``, ``0002_x.up``, ``20240101000000_x``,
#: ``V1_2__x``, ``1.sql``; after a word saying rollback (``undo_002.sql``).
_VERSION = lazy_compile(
    r"^(?:(?:rollback|undo|revert|down)[_.-]?)?v?(\d+(?:[._]\d+)*)(?![0-9])", re.IGNORECASE
)


class Forward(Struct, frozen=True):
    """The read migration a rollback undoes, as the run names it, and how it was told."""

    shown: str
    by_version: str | None  # the shared version; None: the same file name


def _version_text(name: str) -> str | None:
    match = _VERSION.match(name)
    return match.group(1) if match else None


def version_of(name: str) -> tuple[int, ...] | None:
    """A file name's leading version as numbers (``002-x.sql`` -> ``(2,)``), or None."""
    text = _version_text(name)
    return None if text is None else tuple(int(part) for part in re.split(r"[._]", text))


def forward_places(rollback: Path) -> set[Path]:
    """Folders whose migrations have their rollbacks where ``rollback`` (a real
    path) is, by ``migrate``'s layout: ``m/`` for ``m/rollbacks/``; a folder
    beside it for ``../rollbacks/``; ``m/`` for ``../rollbacks/m/``, and a
    sibling folder's own ``m/`` (temporal's ``rollbacks/v1.1/`` for
    ``versioned/v1.1/``)."""
    folder = rollback.parent
    places = {folder.parent}  # m/rollbacks/x.sql -> m/x.sql
    if folder.name.lower() in ROLLBACK_DIRS:
        places |= {d for d in folder.parent.iterdir() if d.is_dir() and d != folder}
    if folder.parent.name.lower() in ROLLBACK_DIRS:
        top = folder.parent.parent
        places.add(top / folder.name)  # rollbacks/m/x.sql -> m/x.sql
        places |= {
            d / folder.name for d in top.iterdir() if d.is_dir() and d != folder.parent
        }  # rollbacks/v1.1/x.sql -> versioned/v1.1/x.sql
    return places


def forward_of_rollback(rollback: Path, read: dict[str, str]) -> Forward | None:
    """The migration of ``read`` (real path -> as the run names it) that
    ``rollback`` (a real path) undoes: the one of the same file name in
    :func:`forward_places`, else the only one there with its version. None
    when there is none, or several share the version."""
    places = forward_places(rollback)
    beside = [(Path(real), shown) for real, shown in read.items() if Path(real).parent in places]
    for forward, shown in beside:
        if forward.name == rollback.name:
            return Forward(shown, None)
    text, version = _version_text(rollback.name), version_of(rollback.name)
    if version is None:
        return None
    same = [shown for forward, shown in beside if version_of(forward.name) == version]
    return Forward(same[0], text) if len(same) == 1 else None


def undoes_a_read_migration(rollback: Path, read: dict[str, str]) -> bool:
    """Whether ``rollback`` (a real path) has the file name or the leading
    version of a migration of ``read`` beside it (:func:`forward_places`),
    even of several (two modules' ``001-*.sql`` beside one ``rollbacks/001-undo.sql``),
    where :func:`forward_of_rollback` cannot tell which."""
    places = forward_places(rollback)
    version = version_of(rollback.name)
    return any(
        Path(real).parent in places
        and (
            Path(real).name == rollback.name
            or (version is not None and version_of(Path(real).name) == version)
        )
        for real in read
    )


def upgrade_of_rollback(rollback: Path) -> Path | None:
    """The upgrade script ``rollback`` (a real path in ``<schema folder>/rollbacks/``)
    undoes: the file of the same name in the upgrades folder beside it
    (``schema/pgsql/upgrades/1.5.3.sql`` for ``schema/pgsql/rollbacks/1.5.3.sql``,
    as ``migrate`` writes them for a full schema with upgrade scripts below
    it: :mod:`dbnamelint.services.migrate.upgrades`), or None. Such a script
    is never read (the config leaves the upgrades folder out, as ``init``
    writes it), so no read migration has the rollback's name."""
    folder = rollback.parent
    if folder.name.lower() not in ROLLBACK_DIRS:
        return None
    from dbnamelint.services.migrate.upgrades import UPGRADE_FOLDERS  # migrate's, when asked

    for name in sorted(UPGRADE_FOLDERS):
        for spelled in (name, name.capitalize(), name.upper()):
            forward = folder.parent / spelled / rollback.name
            if forward.is_file():
                return forward
    return None


def rollback_beside_its_migration(path: Path, read: Mapping[str, str]) -> bool:
    """Whether ``path`` (absolute) is a rollback by its tool's rule
    (``0002_x.down.sql``, Authelia's ``V0002.X.down.sql``, Diesel's
    ``down.sql``) whose forward migration the run read in the same folder:
    same leading version, or Diesel's ``up.sql`` beside ``down.sql``. Such a
    file is the tool's rollback however the program reaches it (a
    ``//go:embed migrations/*`` embeds both directions): judged as a
    rollback (``DBN033``), never as unread SQL the program runs (trial s40
    authelia: every new migration's ``.down.sql`` was a ``DBN032`` error)."""
    real = Path(os.path.realpath(path))
    if not is_rollback_file(path):
        return False
    version = version_of(real.name)
    for other in read:
        forward = Path(other)
        if forward.parent != real.parent or forward == real:
            continue
        if version is not None and version_of(forward.name) == version:
            return True
        if real.name.lower() == "down.sql" and forward.name.lower() == "up.sql":
            return True
    return False
