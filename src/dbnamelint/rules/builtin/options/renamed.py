"""Options model of :mod:`dbnamelint.rules.builtin.renamed`.

A pydantic model, imported only to validate or document a config.
"""

from __future__ import annotations

from pydantic import Field

from dbnamelint.rules.options import RuleOptions


class EmbedsOptions(RuleOptions):
    """Options of DBN504."""

    sequences_at_start_only: bool = Field(
        True,
        description="sequences (not tied to a table here) match only when the old name "
        "starts their name",
    )
