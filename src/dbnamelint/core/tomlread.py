"""TOML text to data, the reader imported on first use.

Most runs read no TOML file (a ``Cargo.toml``, Prisma's
``migration_lock.toml``), so modules that may read one call :func:`loads`
rather than importing ``tomllib`` (``tomli`` on Python 3.10) at their top.
"""

from __future__ import annotations

import sys
from typing import Any


def loads(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``. Raises ``ValueError`` (``TOMLDecodeError`` is
    one) for text that is not TOML 1.0."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib.loads(text)
