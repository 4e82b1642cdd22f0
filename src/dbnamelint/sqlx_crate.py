"""Whether a file belongs to a Rust crate that runs its migrations with sqlx,
and which database sqlx can run them on."""

from __future__ import annotations

import re
from pathlib import Path

from dbnamelint.cargo_drivers import SQLX, driver_dialect
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.manifests import nearest_manifest

_SQLX_DEPENDENCY = lazy_compile(r"^\s*sqlx\s*=|^\s*\[(?:[\w-]+\.)*dependencies\.sqlx\]", re.M)


def uses_sqlx(anchor: Path) -> bool:
    """Whether the Rust crate holding ``anchor`` depends on sqlx.

    The nearest ``Cargo.toml`` in ``anchor``'s folders, upwards: a
    ``sqlx = ...`` dependency (or ``[dependencies.sqlx]``). sqlx's
    ``migrate!()`` and ``sqlx migrate run`` read ``<version>_x.sql`` and
    ``.up.sql``/``.down.sql`` files, names other tools use too (Supabase,
    golang-migrate), so the name alone does not tell.
    """
    text = nearest_manifest(anchor, "Cargo.toml")
    return text is not None and _SQLX_DEPENDENCY.search(text) is not None


def sqlx_driver_dialect(anchor: Path) -> str | None:
    """The one database sqlx can run ``anchor``'s crate's migrations on, or None
    (:func:`~dbnamelint.cargo_drivers.driver_dialect`). ``sqlx::migrate!``
    runs a folder on the pool it is given, and a crate built with one driver
    has pools of that database only (atuin's ``tests-database``, with
    ``sqlite`` and ``postgres``, gives no clue)."""
    return driver_dialect(anchor, SQLX)
