"""Options model of :mod:`dbnamelint.rules.builtin.plural`.

A pydantic model, imported only to validate or document a config.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from dbnamelint.rules.builtin.plural import (
    DEFAULT_MODIFIERS,
    DEFAULT_NOUNS,
    DEFAULT_TYPE_INFIXES,
    DEFAULT_UNCOUNTABLES,
)
from dbnamelint.rules.options import RuleOptions


class PluralOptions(RuleOptions):
    """Options of DBN105."""

    number: Literal["plural", "singular"] = Field(
        "plural", description="what the last word must be: plural (users) or singular (user)"
    )
    nouns: tuple[str, ...] = Field(
        DEFAULT_NOUNS,
        description="countable nouns the lexicon does not know as nouns (log, config); "
        "an abbreviation listed here (kb) is pluralised like a noun",
    )
    extra_nouns: tuple[str, ...] = Field((), description="added to nouns")

    uncountables: tuple[str, ...] = Field(
        DEFAULT_UNCOUNTABLES, description="last words accepted as they are"
    )
    extra_uncountables: tuple[str, ...] = Field(
        (), description="added to uncountables (lets a pack extend the default list)"
    )
    modifiers: tuple[str, ...] = Field(
        DEFAULT_MODIFIERS,
        description="words that end a name after its noun (user_old, stats_hourly): the "
        "noun before them is judged",
    )
    extra_modifiers: tuple[str, ...] = Field((), description="added to modifiers")
    exceptions: tuple[str, ...] = Field((), description="table name globs never flagged")
    skip_type_infix_tables: bool = Field(
        True, description="skip <prefix>_<infix>_<name> tables (ws_cfg_sys, WsCfgSys)"
    )
    type_infixes: tuple[str, ...] = Field(
        DEFAULT_TYPE_INFIXES, description="infixes that mark a typed table"
    )
    type_words: tuple[str, ...] = Field(
        (),
        description="last words that mark a typed table DBN104 renames (log, history, "
        "config...): left to DBN104, when it runs, so the two rules never suggest "
        "different names",
    )
