"""Options model of :mod:`dbnamelint.rules.builtin.required`.

A pydantic model, imported only to validate or document a config.
"""

from __future__ import annotations

from pydantic import Field

from dbnamelint.rules.options import RuleOptions


class RequiredObjectOptions(RuleOptions):
    """Options of DBN503."""

    tables: tuple[str, ...] = Field((), description="tables that must exist ([schema.]table)")
    columns: tuple[str, ...] = Field((), description="columns that must exist (table.column)")
