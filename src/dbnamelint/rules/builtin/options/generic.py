"""Options model of :mod:`dbnamelint.rules.builtin.generic`.

A pydantic model, imported only to validate or document a config.
"""

from __future__ import annotations

from pydantic import Field

from dbnamelint.rules.builtin.generic import DEFAULT_GENERIC_NAMES
from dbnamelint.rules.options import RuleOptions


class GenericNameOptions(RuleOptions):
    """Options of DBN106."""

    names: tuple[str, ...] = Field(DEFAULT_GENERIC_NAMES, description="names (globs) flagged")
    exceptions: tuple[str, ...] = Field((), description="table name globs never flagged")
