"""Plural table names, judged by the ``inflect`` library.

inflect answers "what is the singular of this plural?" and happily strips an
``s`` from singular words (``status`` -> ``statu``, ``bus`` -> ``bu``). The
check below asks inflect a second question to tell the two apart: pluralising
a real plural only appends ``s`` (``logs`` -> ``logss``) or leaves it alone
(``sheep``), while pluralising a singular gives its true plural
(``status`` -> ``statuses``). No plural rule is written by hand here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import Field

from dbnamelint.model import ObjectKind, SchemaObject
from dbnamelint.rules.base import Rule, RuleContext, RuleOptions, Violation
from dbnamelint.rules.naming import matches_any

DEFAULT_UNCOUNTABLES = (
    "data",
    "metadata",
    "history",
    "info",
    "information",
    "staff",
    "media",
    "multimedia",
    "feedback",
    "audit",
    "analytics",
    "settings",
    "usage",
    "progress",
    "equipment",
    "news",
    "series",
    "species",
    "software",
    "knowledge",
    "evidence",
    "inventory",
    "access",
    "traffic",
)
DEFAULT_TYPE_INFIXES = ("cfg", "log", "hist", "usage", "state", "queue")

# inflect takes the plural of a noun ending in "u" for a singular ending in
# "us" and calls it singular; these few real plurals are the exception.
_U_PLURALS = frozenset({"menus", "gurus", "emus", "haikus", "tofus", "gnus", "sudokus"})

_PART = re.compile(r"[^_]+")
_CAMEL_TAIL = re.compile(r"(?:[A-Z][a-z]+|[a-z]+)$")


class PluralOptions(RuleOptions):
    """Options of DBN105."""

    uncountables: tuple[str, ...] = Field(
        DEFAULT_UNCOUNTABLES, description="last words accepted as they are"
    )
    extra_uncountables: tuple[str, ...] = Field(
        (), description="added to uncountables (lets a pack extend the default list)"
    )
    exceptions: tuple[str, ...] = Field((), description="table name globs never flagged")
    skip_type_infix_tables: bool = Field(
        True, description="skip <prefix>_<infix>_<name> tables (ws_cfg_sys)"
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


def last_word_span(name: str) -> tuple[int, int] | None:
    """Start and end of the word that decides the number, or None.

    Trailing version or date words (``_v2``, ``_2024``) are skipped:
    ``user_profiles_v2`` is judged by ``profiles``.
    """
    for part in reversed(list(_PART.finditer(name))):
        text = part.group()
        if not text.isalpha():
            continue
        if text.islower() or text.isupper():
            return part.start(), part.end()
        tail = _CAMEL_TAIL.search(text)
        if tail is None:
            return None
        return part.start() + tail.start(), part.end()
    return None


class TableNameSingular(Rule):
    """Table names must end in a plural noun.

    ## What it does
    Takes the last word of a table name (skipping version suffixes such as
    `_v2`) and asks the `inflect` library whether it is plural. Words in
    `uncountables` (data, history, settings...) pass, and so, by default, do
    typed tables such as `ws_cfg_sys` whose second word is a type infix. The
    suggestion pluralises the last word: `chat_session_kb` ->
    `chat_session_kbs`, `workspace` -> `workspaces`.

    Partitions (`CREATE TABLE ... PARTITION OF`, `ATTACH PARTITION`) are
    skipped: their names are the parent's plus a range or list suffix
    (`payment_p2022_01`, `enriched_events_default`), so the parent is judged.

    ## Why is this bad?
    A table holds many rows; mixing `user` and `orders` in one schema makes
    every join a guess, and ORMs map plural table names to singular models.

    ## Example
    ```sql
    CREATE TABLE workspace (id bigint PRIMARY KEY);
    ```

    ## Use instead
    ```sql
    CREATE TABLE workspaces (id bigint PRIMARY KEY);
    ```

    ## Options
    `uncountables` (replaces the default list), `extra_uncountables` (adds
    to it), `exceptions` (globs such as `*_temp`), `skip_type_infix_tables`,
    `type_infixes`.
    """

    code = "DBN105"
    name = "table-name-singular"
    kinds = frozenset({ObjectKind.TABLE})
    options_model = PluralOptions

    def __init__(self, options: RuleOptions | None = None) -> None:
        super().__init__(options)
        self._engine: Any = None
        # Verdicts per word: inflect validates every call with pydantic
        # (~0.3 ms), and real schemas end hundreds of names on the same words.
        self._verdicts: dict[str, bool] = {}
        opts = self.options
        assert isinstance(opts, PluralOptions)
        self._uncountables = frozenset(
            w.lower() for w in (*opts.uncountables, *opts.extra_uncountables)
        )

    @property
    def _inflect(self) -> Any:
        """inflect's engine, imported on first use: a run with no table to
        judge (a one-line pre-commit check) does not pay for the import."""
        if self._engine is None:
            import inflect

            self._engine = inflect.engine()
        return self._engine

    def is_plural(self, word: str) -> bool:
        """Whether a single lower- or capitalised word reads as a plural noun."""
        low = word.lower()
        verdict = self._verdicts.get(low)
        if verdict is None:
            verdict = self._verdicts[low] = self._judge(low)
        return verdict

    def _judge(self, low: str) -> bool:
        if low in self._uncountables or low in _U_PLURALS:
            return True
        if not self._inflect.singular_noun(low):
            return False
        return bool(self._inflect.plural_noun(low) in (low, f"{low}s"))

    def plural(self, word: str) -> str:
        """The plural of ``word``, keeping a leading capital."""
        plural = str(self._inflect.plural_noun(word.lower()))
        return plural[:1].upper() + plural[1:] if word[:1].isupper() else plural

    def check(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        opts = self.options
        assert isinstance(opts, PluralOptions)
        if obj.partition_of is not None or matches_any(obj.name, opts.exceptions):
            return
        words = [w.lower() for w in obj.name.split("_") if w]
        if (
            opts.skip_type_infix_tables
            and len(words) >= 2
            and words[1] in {i.lower() for i in opts.type_infixes}
        ):
            return
        span = last_word_span(obj.name)
        if span is None:
            return
        start, end = span
        word = obj.name[start:end]
        infix_rule_runs = ctx.active_rules is None or "DBN104" in ctx.active_rules
        if infix_rule_runs and word.lower() in {w.lower() for w in opts.type_words}:
            return
        if self.is_plural(word):
            return
        suggestion = obj.name[:start] + self.plural(word) + obj.name[end:]
        yield Violation(f"table name {obj.name!r} does not end in a plural noun", suggestion)
