"""The tables a Go query builder's table call names in its string arguments.

A builder's table call takes a string that is the table's name, maybe with
its schema and an alias after it: ``sb.From("tag t")``, ``sq.Select("*").From("a
x, b y")``, ``goqu.From("s.t")``, ``ib.InsertInto("bookmark_tag")``. Each item
of such a string is read here: where its table's name is (the word a patch
renames) and the alias it gives it (another string of the builder qualifies
columns with). Reads text only.
"""

from __future__ import annotations

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.gormconv import chain
from dbnamelint.impact.gotablecalls import arguments
from dbnamelint.impact.sqlscope import NOT_ALIAS

_LITERAL = lazy_compile(r"""(?:"(?:\\.|[^"\\\n])*"|`[^`]*`)""")
#: One table item: ``t``, ``s.t``, ``"t" AS x``, ``\"s\".\"t\" x`` (the quotes
#: of a ``"..."`` literal escaped), nothing else after it.
_ITEM = lazy_compile(
    r"\s*(?:(?P<sq>\\?[\"`]?)[A-Za-z_]\w*(?P=sq)\s*\.\s*)?"
    r"(?P<q>\\?[\"`]?)(?P<name>[A-Za-z_]\w*)(?P=q)"
    r"(?:\s+(?:(?i:as)\s+)?(?P<alias>[A-Za-z_]\w*))?\s*"
)


class TableItem(Struct, frozen=True):
    """A table a builder's string names: where its name is, and its alias."""

    start: int
    end: int
    name: str  # folded
    alias: str | None = None  # folded


def table_items(
    text: str, start: int, end: int, *, listed: bool = True, aliased: bool = True
) -> list[TableItem]:
    """The tables the string whose content is ``text[start:end]`` names: each
    comma-separated item (one only unless ``listed``) that is a table's name,
    with its schema and alias (none unless ``aliased``: goqu quotes the whole
    string as one identifier); a subquery's or an expression's item is left out."""
    out: list[TableItem] = []
    spans = _items(text, start, end) if listed else [(start, end)]
    for a, b in spans:
        found = _ITEM.fullmatch(text, a, b)
        if found is None:
            continue
        alias = found.group("alias")
        if alias and not aliased:
            continue
        folded = alias.casefold() if alias else None
        out.append(
            TableItem(
                found.start("name"),
                found.end("name"),
                found.group("name").casefold(),
                None if folded in NOT_ALIAS else folded,
            )
        )
    return out


def call_root(masked: str, dot: int) -> str:
    """The name the chain calling ``.Method(`` at ``dot`` starts with (``fp`` of
    ``fp.Join(``, ``sq`` of ``sq.Select(...).From(``), or ""."""
    lo, _hi = chain(masked, dot, masked.index("(", dot))
    found = _ROOT.match(masked, lo)
    return found.group(1) if found else ""


_ROOT = lazy_compile(r"([A-Za-z_]\w*)\s*\.")


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each comma-separated item of ``text[start:end]``."""
    out, at = [], start
    while True:
        comma = text.find(",", at, end)
        if comma < 0:
            out.append((at, end))
            return out
        out.append((at, comma))
        at = comma + 1


def literal_arguments(text: str, masked: str, open_at: int) -> list[tuple[int, int] | None]:
    """Per top-level argument of the call whose ``(`` is at ``open_at``: the
    (start, end) of its content when it is one string literal, else None."""
    out: list[tuple[int, int] | None] = []
    for a, b in arguments(masked, open_at):
        value = masked[a:b].strip()
        if len(value) >= 2 and value[0] in '"`' and value[-1] == value[0]:
            at = masked.index(value[0], a)
            found = _LITERAL.match(text, at)
            if found is not None and found.end() - found.start() == len(value):
                out.append((at + 1, found.end() - 1))
                continue
        out.append(None)
    return out
