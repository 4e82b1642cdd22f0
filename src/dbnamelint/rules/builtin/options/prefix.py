"""Options models of :mod:`dbnamelint.rules.builtin.prefix`.

Pydantic models, imported only to validate or document a config.
"""

from __future__ import annotations

from pydantic import Field

from dbnamelint.rules.options import RuleOptions


class ModulePrefixOptions(RuleOptions):
    """Options of DBN102."""

    replace_prefixes: tuple[str, ...] = Field(
        (), description="wrong prefixes dropped before the module prefix is added"
    )
    exceptions: tuple[str, ...] = Field((), description="table name globs never flagged")


class AllowedPrefixOptions(RuleOptions):
    """Options of DBN103."""

    prefixes: tuple[str, ...] = Field((), description="allowed table name prefixes")
    exceptions: tuple[str, ...] = Field((), description="table name globs never flagged")
    replace_prefixes: dict[str, str] = Field(
        default_factory=dict,
        description="old prefix -> allowed prefix, used to suggest a name",
    )
