"""Options models of :mod:`dbnamelint.rules.builtin.limits`.

Pydantic models, imported only to validate or document a config.
"""

from __future__ import annotations

from pydantic import Field

from dbnamelint.rules.options import RuleOptions


class LengthOptions(RuleOptions):
    """Options of DBN501."""

    max_length: int | None = Field(
        None, ge=1, description="limit for every dialect, overriding the table below"
    )
    limits: dict[str, int] = Field(
        default_factory=dict, description="dialect -> limit, overriding the built-in limits"
    )
    skip_implicit: bool = Field(True, description="skip names the dialect chose")


class ReservedWordOptions(RuleOptions):
    """Options of DBN502."""

    extra_words: tuple[str, ...] = Field((), description="words flagged in every dialect")
    allowed_words: tuple[str, ...] = Field((), description="reserved words accepted anyway")
    skip_compatibility_views: bool = Field(
        True, description="skip views that stand in for a renamed table"
    )
