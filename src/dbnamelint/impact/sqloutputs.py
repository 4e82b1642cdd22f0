"""The names a SQL statement's query outputs, and who reads them by name.

A select list's item that is a bare column (``col``, ``x.col``,
``x."col"``) gives its output column that column's name (PostgreSQL,
SELECT, "Output List"; MySQL and SQLite alike): the application reads its
rows by it, and so does every reader of a CTE's or subquery's output
(``ct."parentID"``, ``SELECT *``). Renaming such an item bare renames the
output too; :mod:`~dbnamelint.impact.patch` writes it ``x."new" AS "old"``
instead. This module finds, in one statement's tokens, those items (in
``SELECT`` and ``RETURNING`` lists at every level), the ``*`` items, the
names of ``JOIN ... USING (...)`` lists and a ``NATURAL`` join (both match
columns by name, which a rename changes), and the bare names of an ``ORDER
BY`` after ``UNION``/``INTERSECT``/``EXCEPT`` (output names only, SELECT,
"ORDER BY Clause"). Reads tokens only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from msgspec import Struct

#: (kind, folded text, start, end, lead) of one token: ``lead`` is where its
#: text opens (a quoted name's opening quote), ``start`` where its name does.
Token = tuple[str, str, int, int, int]

#: The context of a column written ``new AS old`` to keep its output name.
ALIAS_LABEL = "SQL (output column, aliased back)"

_NAMES = frozenset({"word", "qword"})
#: Words that end a select list at its own level.
_LIST_END = frozenset(
    {
        "from",
        "into",
        "where",
        "group",
        "having",
        "window",
        "order",
        "limit",
        "offset",
        "union",
        "intersect",
        "except",
        "fetch",
        "for",
        "returning",
    }
)
_SET_OPERATIONS = frozenset({"union", "intersect", "except"})
#: Words that end an ORDER BY list at its own level.
_ORDER_END = frozenset({"limit", "offset", "fetch", "for"})


class Outputs(Struct, frozen=True):
    """What one statement's output names hang on (name starts, file offsets)."""

    #: The column name of each select-list item that is that column alone ->
    #: the query level (start, end) of its list; not a list an INSERT inserts.
    items: dict[int, tuple[int, int]] = {}
    #: Those of a ``RETURNING`` list: its rows' names, at whatever level.
    returning: frozenset[int] = frozenset()
    #: The levels (start, end) whose select list has a ``*`` item.
    stars: frozenset[tuple[int, int]] = frozenset()
    #: The names (folded) of its ``JOIN ... USING (...)`` lists.
    using: frozenset[str] = frozenset()
    #: Bare names of an ORDER BY after a set operation: output names.
    ordered: frozenset[int] = frozenset()
    #: The statement joins ``NATURAL``.
    natural: bool = False
    #: Each ``*`` item of a select or RETURNING list: (its start, its qualifier
    #: folded or "", its list's query level).
    star_items: tuple[tuple[int, str, tuple[int, int]], ...] = ()


def read(
    toks: Sequence[Token], span: tuple[int, int], blank: Callable[[int, int], bool]
) -> Outputs:
    """The :class:`Outputs` of one statement's ``toks`` (``span``: its start and
    end); ``blank(a, b)``: whether the text between offsets ``a`` and ``b``
    holds no SQL (whitespace, comments), so ``- col`` or ``1 + col`` (whose
    operators are no tokens) is no bare column."""
    closing: dict[int, int] = {}
    stack: list[int] = []
    for i, tok in enumerate(toks):
        if tok[1] == "(" and tok[0] == "punct":
            stack.append(i)
        elif tok[1] == ")" and tok[0] == "punct" and stack:
            closing[stack.pop()] = i
    items: dict[int, tuple[int, int]] = {}
    returning: set[int] = set()
    stars: set[tuple[int, int]] = set()
    star_items: list[tuple[int, str, tuple[int, int]]] = []
    for i, tok in enumerate(toks):
        if tok[0] != "word" or tok[1] not in ("select", "returning"):
            continue
        level = _level(toks, i, closing, span)
        inserted = tok[1] == "select" and _inserts(toks, i)
        for first, last in _list_items(toks, _list_start(toks, i, closing), closing):
            if toks[last][1] == "*" and _path(toks, first, last, star=True):
                stars.add(level)
                star_items.append((toks[last][2], toks[last - 2][1] if last > first else "", level))
            elif _path(toks, first, last) and _bare(toks, first, last, blank):
                if tok[1] == "returning":
                    returning.add(toks[last][2])
                elif not inserted:
                    items[toks[last][2]] = level
    using = {
        toks[k][1]
        for i, tok in enumerate(toks)
        if tok[0] == "word"
        and tok[1] == "using"
        and i + 1 in closing
        and not (i + 2 < len(toks) and toks[i + 2][1] in ("select", "with", "values"))
        for k in range(i + 2, closing[i + 1])
        if toks[k][0] in _NAMES
    }
    natural = any(t[0] == "word" and t[1] == "natural" for t in toks)
    return Outputs(
        items,
        frozenset(returning),
        frozenset(stars),
        frozenset(using),
        _ordered(toks, closing),
        natural,
        tuple(star_items),
    )


def _inserts(toks: Sequence[Token], i: int) -> bool:
    """Whether the ``SELECT`` at ``toks[i]`` gives an INSERT its rows (``INSERT
    INTO t (a) SELECT ...`` at its own level): their names are no output."""
    depth = 0
    for k in range(i - 1, -1, -1):
        kind, folded = toks[k][0], toks[k][1]
        if kind == "punct" and folded == ")":
            depth += 1
        elif kind == "punct" and folded == "(":
            if depth == 0:
                return False
            depth -= 1
        elif depth == 0 and kind == "word" and folded in ("insert", "replace", "upsert"):
            return True
    return False


def _level(
    toks: Sequence[Token], i: int, closing: dict[int, int], span: tuple[int, int]
) -> tuple[int, int]:
    """The query level (start, end) around ``toks[i]``: inside its parentheses,
    or the level around them when they only group a set operation's branch
    (``(SELECT a FROM t) UNION (SELECT ...)``, whose names are that level's)."""
    depth = 0
    for k in range(i - 1, -1, -1):
        if toks[k][0] != "punct":
            continue
        if toks[k][1] == ")":
            depth += 1
        elif toks[k][1] == "(":
            if depth == 0:
                close = closing.get(k)
                if close is not None and _grouping(toks, k, close):
                    return _level(toks, k, closing, span)
                return toks[k][3], toks[close][2] if close is not None else span[1]
            depth -= 1
    return span


def _grouping(toks: Sequence[Token], k: int, close: int) -> bool:
    """Whether the parentheses ``toks[k]``..``toks[close]`` group a query that is
    a set operation's branch (or all its level holds), no subquery of an expression."""
    before = toks[k - 1][1] if k else ""
    if k >= 2 and before in ("all", "distinct") and toks[k - 2][1] in _SET_OPERATIONS:
        before = toks[k - 2][1]
    after = toks[close + 1][1] if close + 1 < len(toks) else ""
    opens = toks[k + 1][1] if k + 1 < close else ""
    return (
        opens in ("select", "with", "values", "(")
        and before in ("", "(", *_SET_OPERATIONS)
        and after in ("", ")", ";", *_SET_OPERATIONS, "order", "limit", "offset", "fetch")
        and (before in _SET_OPERATIONS or after in _SET_OPERATIONS or before == after == "")
    )


def _list_start(toks: Sequence[Token], i: int, closing: dict[int, int]) -> int:
    """The index of a list's first token after ``SELECT``/``RETURNING`` at ``toks[i]``."""
    j = i + 1
    if j < len(toks) and toks[j][0] == "word" and toks[j][1] in ("distinct", "all"):
        j += 1
        if j + 1 < len(toks) and toks[j][1] == "on" and j + 1 in closing:
            j = closing[j + 1] + 1  # DISTINCT ON (a, b): no output
    return j


def _list_items(toks: Sequence[Token], j: int, closing: dict[int, int]) -> list[tuple[int, int]]:
    """(first, last) token indexes of each item of the list opening at ``toks[j]``."""
    out: list[tuple[int, int]] = []
    first = j
    while j < len(toks):
        kind, folded = toks[j][0], toks[j][1]
        if kind == "punct" and folded == "(" and j in closing:
            j = closing[j] + 1
            continue
        if (kind == "punct" and folded in (")", ";")) or (kind == "word" and folded in _LIST_END):
            break
        if kind == "punct" and folded == ",":
            if j > first:
                out.append((first, j - 1))
            first = j + 1
        j += 1
    if j > first:
        out.append((first, j - 1))
    return out


def _path(toks: Sequence[Token], first: int, last: int, *, star: bool = False) -> bool:
    """Whether ``toks[first..last]`` is ``name(.name)*`` (``star``: ``[name.]*``)."""
    if (last - first) % 2:
        return False
    for k in range(first, last + 1):
        kind, folded = toks[k][0], toks[k][1]
        if (k - first) % 2:
            if kind != "punct" or folded != ".":
                return False
        elif star and k == last:
            if folded != "*":
                return False
        elif kind not in _NAMES:
            return False
    return True


def _bare(toks: Sequence[Token], first: int, last: int, blank: Callable[[int, int], bool]) -> bool:
    """Whether the item's text is its tokens alone, from the separator before
    it to the one after (no operator, number or literal the lexer skips)."""
    bounds = [toks[first - 1][3] if first else toks[first][4]]
    for k in range(first, last + 1):
        bounds += [toks[k][4], toks[k][3]]
    after = toks[last + 1][4] if last + 1 < len(toks) else toks[last][3]
    bounds.append(after)
    return all(blank(bounds[k], bounds[k + 1]) for k in range(0, len(bounds), 2))


def _ordered(toks: Sequence[Token], closing: dict[int, int]) -> frozenset[int]:
    """Bare names of each ORDER BY list after a set operation at its own level."""
    out: set[int] = set()
    depth = 0
    combined: list[bool] = [False]  # per open parenthesis: a set operation seen
    k = 0
    while k < len(toks):
        kind, folded = toks[k][0], toks[k][1]
        if kind == "punct" and folded == "(":
            depth += 1
            combined.append(False)
        elif kind == "punct" and folded == ")" and depth:
            depth -= 1
            combined.pop()
        elif kind == "word" and folded in _SET_OPERATIONS:
            combined[-1] = True
        elif (
            kind == "word"
            and folded == "order"
            and combined[-1]
            and k + 1 < len(toks)
            and toks[k + 1][1] == "by"
        ):
            j = k + 2
            while j < len(toks):
                if toks[j][0] == "punct" and toks[j][1] == "(" and j in closing:
                    j = closing[j] + 1
                    continue
                if (toks[j][0] == "punct" and toks[j][1] in (")", ";")) or (
                    toks[j][0] == "word" and toks[j][1] in _ORDER_END
                ):
                    break
                qualified = toks[j - 1][1] == "." or (j + 1 < len(toks) and toks[j + 1][1] == ".")
                if toks[j][0] in _NAMES and not qualified:
                    out.add(toks[j][2])
                j += 1
            k = j
            continue
        k += 1
    return frozenset(out)
