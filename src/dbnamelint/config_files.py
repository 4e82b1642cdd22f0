"""Finding the config file: kept apart from :mod:`dbnamelint.config`.

Finding a config must be cheap: ``inspect`` looks for one on every run, and
the config layer itself imports pydantic and the rules, which costs more
than reading a small migration.
"""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_NAMES = ("dbnamelint.yaml", ".dbnamelint.yaml", "dbnamelint.yml", ".dbnamelint.yml")


def find_config(cwd: Path) -> Path | None:
    """The nearest config file from ``cwd`` upward, like ruff and pytest do.

    A pyproject.toml without a ``[tool.dbnamelint]`` table does not stop the
    search: most projects have one for other tools.
    """
    for directory in (cwd, *cwd.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file():
                return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if isinstance(data.get("tool"), dict) and "dbnamelint" in data["tool"]:
                return pyproject
    return None
