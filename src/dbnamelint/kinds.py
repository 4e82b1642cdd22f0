"""The vocabulary enums every layer shares: object kinds and severities.

Apart from :mod:`dbnamelint.model` (which re-exports them) so that the
command line can name them at start-up without building the model's
value types: a ``check`` the run cache replays needs nothing more.
"""

from __future__ import annotations

from enum import Enum


class Severity(str, Enum):
    """How loud a diagnostic or finding is; ordered from quiet to loud."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    def at_least(self, other: Severity) -> bool:
        """Whether this severity is as loud as ``other`` or louder."""
        return _LOUDNESS.index(self) >= _LOUDNESS.index(other)


#: Quiet to loud, built once: every finding's severity is compared, and on
#: Python 3.11 reading ``Severity.INFO`` goes through
#: ``EnumType.__getattr__``'s slow path (3.12 removed it).
_LOUDNESS = (Severity.INFO, Severity.WARNING, Severity.ERROR)


class ObjectKind(str, Enum):
    """Every kind of named database object the linter tracks.

    The values are the strings users write in configs, whitelists and JSON,
    so they are part of the public interface.
    """

    SCHEMA = "schema"
    TABLE = "table"
    COLUMN = "column"
    INDEX = "index"
    CONSTRAINT = "constraint"
    VIEW = "view"
    MATERIALIZED_VIEW = "materialized_view"
    SEQUENCE = "sequence"
    TYPE = "type"  # enum / composite / range types
    DOMAIN = "domain"
    TRIGGER = "trigger"
    POLICY = "policy"
    FUNCTION = "function"  # functions and procedures
