"""The one error type of configuration, and how a key path is shown.

Every config problem (a YAML syntax error, an unknown key, a bad rule
option from a pack, an unknown rule in ``--select``) is a
:class:`ConfigError` carrying the file, line and column that wrote it; the
CLI turns it into exit 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dbnamelint.model import Location

#: A path of keys and list indexes into a parsed document (``("rules", "DBN101")``).
KeyPath = tuple[str | int, ...]


class ConfigError(Exception):
    """Bad user input in a config, pack or whitelist; the CLI exits with 2.

    ``location`` is ``None`` only for errors in command-line options, which
    have no file to point at.
    """

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class MissingLayerError(ConfigError):
    """An ``extends`` file that does not exist; ``path`` is where it was looked for."""

    def __init__(self, message: str, location: Location | None, path: Path) -> None:
        super().__init__(message, location)
        self.path = path


def dotted(path: Sequence[str | int]) -> str:
    """A key path as users write it: ``rules.DBN101.options``, ``per_path[0].paths``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"
