"""The separate database an ORM's schema file belongs to (config ``databases:``).

An ORM keeps its schema file beside the migrations folder it writes, not in
it: ``databases: {umami: [prisma/migrations]}`` lists the migrations, and
``prisma/schema.prisma`` (whose ``@@map``/``@map`` lines ``impact --diff``
patches) was code no entry lists, so it was left unpatched while another
database of the tree (umami's ClickHouse) held the old name. The file is
bound to that folder's database by the tool itself:

- Prisma: the schema of a migrations folder is found as
  :func:`dbnamelint.services.prisma_sync.schema_paths` says (prisma.io,
  "Prisma schema location": ``schema.prisma`` beside ``migrations``, a
  ``package.json``'s ``"prisma": {"schema": ...}``, a multi-file schema whose
  ``migrations`` sits in its folder); ``prisma migrate`` runs that folder on
  the schema's one ``datasource``.
- Diesel: ``diesel.toml``'s ``[print_schema] file`` (no default: without
  it nothing is written; ``diesel setup`` writes ``src/schema.rs``) is
  rewritten by ``diesel migration run`` from the database the crate's
  ``[migrations_directory] dir`` (else ``migrations`` beside ``Cargo.toml``
  and ``diesel.toml``) builds, both relative to the folder of
  ``diesel.toml`` (diesel.rs, "Configuring Diesel CLI"; diesel_cli's
  ``Config::read``); keyed ``[print_schema.NAME]`` sections are read alike.

A file bound so is that database's code, as if its entry listed it. A
folder whose files several entries list (one subfolder per database)
binds it to none: it is code each of those databases may run.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dbnamelint.services.prisma_sync import schema_paths

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: Lister of the database whose ``databases:`` entry lists a path, or None.
Listing = Callable[[Path], "str | None"]


def orm_database(root: Path, path: Path, listing: Listing) -> str | None:
    """The database of the migrations folder whose ORM schema file ``path``
    is (absolute, below ``root``), as ``listing`` finds it; None when it is
    no such file or no entry lists that folder."""
    if path.suffix.lower() == ".prisma":
        return _prisma(root, path, listing)
    if path.suffix.lower() == ".rs":
        return _diesel(root, path, listing)
    return None


def _folder_database(folder: Path, listing: Listing) -> str | None:
    """The database listing ``folder`` or, for a glob naming its files, the
    one database entries list them under; None when they are listed under
    several (vaultwarden's ``migrations/`` holds ``mysql/``, ``postgresql/``
    and ``sqlite/``, one database each, which its one ``schema.rs`` serves
    alike: no single database's code)."""
    owner = listing(folder)
    if owner is not None:
        return owner
    try:
        files = sorted(p for p in folder.rglob("*") if p.is_file())
    except OSError:
        return None
    owners = {o for f in files if (o := listing(f)) is not None}
    return owners.pop() if len(owners) == 1 else None


def _prisma(root: Path, path: Path, listing: Listing) -> str | None:
    """The database of the Prisma migrations folder whose schema holds ``path``."""
    target = Path(os.path.normpath(path))
    for holder in (path.parent, *path.parent.parents):
        migrations = holder / "migrations"
        if migrations.is_dir():
            found = {Path(os.path.normpath(p.absolute())) for p in schema_paths(str(migrations))}
            if target in found:
                return _folder_database(migrations, listing)
        if holder == root:
            break
    return None


def _nearest(root: Path, start: Path, name: str) -> Path | None:
    """The file ``name`` in ``start`` or the nearest folder above it, up to ``root``."""
    for holder in (start, *start.parents):
        if (holder / name).is_file():
            return holder / name
        if holder == root:
            break
    return None


def _diesel(root: Path, path: Path, listing: Listing) -> str | None:
    """The database of the Diesel migrations folder whose ``print_schema``
    file ``path`` is (the nearest ``diesel.toml`` above it)."""
    config = _nearest(root, path.parent, "diesel.toml")
    if config is None:
        return None
    try:
        data: dict[str, Any] = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    base = config.parent
    printed = data.get("print_schema", {})
    sections = [printed, *(v for v in printed.values() if isinstance(v, dict))]
    files = {
        Path(os.path.normpath(base / s["file"]))
        for s in sections
        if isinstance(s, dict) and isinstance(s.get("file"), str)
    }
    if Path(os.path.normpath(path)) not in files:
        return None
    folder = data.get("migrations_directory", {}).get("dir", "migrations")
    if not isinstance(folder, str):
        return None
    return _folder_database(Path(os.path.normpath(base / folder)), listing)
