"""Options model of :mod:`dbnamelint.rules.builtin.spelling`.

A pydantic model, imported only to validate or document a config.
"""

from __future__ import annotations

from pydantic import Field

from dbnamelint.rules.options import RuleOptions


class SpellingOptions(RuleOptions):
    """Options of DBN506."""

    exceptions: tuple[str, ...] = Field((), description="name globs never flagged")
