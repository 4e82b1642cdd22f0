"""Finding the config file: the cheap part of :mod:`dbnamelint.config`.

Finding a config must be cheap: ``inspect`` looks for one on every run, and
the config layer itself imports pydantic and the rules, which costs more
than reading a small migration.

Where we look is a security boundary, because a config can name Python
files to run (``local_rules``): the search never leaves the project. It
climbs from the current folder to the repository root (the first folder
holding ``.git``) and stops there, as pre-commit and flake8 do; outside a
repository it climbs no higher than below ``$HOME``, and outside both it
reads only the current folder. A ``dbnamelint.yaml`` planted in ``/tmp``,
``$HOME`` or a parent of a checkout is never read.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

CONFIG_NAMES = ("dbnamelint.yaml", ".dbnamelint.yaml", "dbnamelint.yml", ".dbnamelint.yml")
#: The whitelist a config that names none uses, beside the config (or in the current folder).
DEFAULT_WHITELIST = "whitelist.yaml"


def search_folders(cwd: Path) -> tuple[Path, ...]:
    """The folders the config search reads, nearest first (see the module doc)."""
    chain = (cwd, *cwd.parents)
    for index, directory in enumerate(chain):
        if os.path.lexists(directory / ".git"):
            return chain[: index + 1]
    home_text = os.environ.get("HOME")
    if home_text:
        home = Path(home_text).absolute()
        if home in cwd.parents:
            return tuple(d for d in chain if home in d.parents)
    return (cwd,)


def _mentions_us(pyproject: Path) -> bool:
    """Whether a pyproject.toml configures dbnamelint.

    One that cannot be read or parsed counts as "yes": it may well hold our
    table, and silently using a parent's config (or the defaults) instead
    would run with rules the project never chose. Loading it then reports
    the located error.
    """
    # Imported here: most runs find a dbnamelint.yaml first, or no pyproject.toml.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    try:
        if not stat.S_ISREG(pyproject.stat().st_mode):  # a FIFO would block the read
            return True
        data = tomllib.loads(pyproject.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True
    return isinstance(data.get("tool"), dict) and "dbnamelint" in data["tool"]


def config_in(folder: Path) -> Path | None:
    """The config file of ``folder`` itself (no search upward), or None.

    As :func:`find_config` would find it there: a ``dbnamelint.yaml`` (or
    another of :data:`CONFIG_NAMES`, a broken link included), else a
    ``pyproject.toml`` with a ``[tool.dbnamelint]`` table.
    """
    for name in CONFIG_NAMES:
        if os.path.lexists(folder / name):
            return folder / name
    pyproject = folder / "pyproject.toml"
    if os.path.lexists(pyproject) and _mentions_us(pyproject):
        return pyproject
    return None


def find_config(cwd: Path) -> Path | None:
    """The nearest config file from ``cwd`` up to the project root.

    A pyproject.toml without a ``[tool.dbnamelint]`` table does not stop the
    search: most projects have one for other tools.
    """
    for directory in search_folders(cwd.absolute()):
        found = config_in(directory)  # a broken link is an error, not "no config"
        if found is not None:
            return found
    return None


def project_root(config_folder: Path) -> Path:
    """The repository holding a config's folder, else that folder itself.

    ``local_rules`` code must live inside it (see :mod:`dbnamelint.config.merge`).
    """
    folders = search_folders(config_folder.absolute())
    top = folders[-1]
    return top if os.path.lexists(top / ".git") else config_folder


def display_path(path: Path, cwd: Path) -> str:
    """``path`` as errors show it: relative to ``cwd`` when inside it."""
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


def absolute(path: Path) -> Path:
    """``path`` with links resolved where possible; a symlink loop stays as
    written (``Path.resolve`` raises RuntimeError on 3.10-3.12) so that
    reading it reports the loop as a located error."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return Path(os.path.normpath(path.absolute()))
