"""Options model of :mod:`dbnamelint.rules.builtin.infix`.

A pydantic model, imported only to validate or document a config.
"""

from __future__ import annotations

from pydantic import Field

from dbnamelint.rules.builtin.infix import DEFAULT_INFIXES
from dbnamelint.rules.options import RuleOptions


class TypeInfixOptions(RuleOptions):
    """Options of DBN104."""

    infixes: dict[str, tuple[str, ...]] = Field(
        default_factory=lambda: dict(DEFAULT_INFIXES),
        description="infix -> words (or word_runs) that mark a table of that type",
    )
    empty_rest: str = Field(
        "sys", description="name part used when only the type word is left (ws_configs)"
    )
    anywhere: bool = Field(
        False, description="also find type words in the middle of a name, not only at its ends"
    )
    scopes: dict[str, tuple[str, ...]] = Field(
        default_factory=dict,
        description="infix -> scope words kept right after it (cfg: [sys, org]); "
        "elsewhere a legacy scope prefix is dropped",
    )
    exceptions: tuple[str, ...] = Field((), description="table name globs never flagged")
