"""Go queries built with ``fmt.Sprintf``: a string argument put in a table position.

``fmt.Sprintf(q, "campaign_views")`` with ``const q = `SELECT COUNT(*) FROM %s
WHERE ...``` (listmonk's stats queries) names the table only in the argument:
the format's ``%s`` stands after ``FROM`` (``JOIN``, ``INTO``, ``UPDATE``...),
so the string argument that verb takes (``fmt``: the n-th verb takes the n-th
argument after the format; ``%%`` takes none) is the table's name. The format
is a string literal or an identifier a ``const``/``var``/``:=`` of the same
file assigns one. Reads text only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.go_calls import GO_STRING, call_arguments
from dbnamelint.impact.classify import table_position_before

LABEL = "Go Sprintf table argument"
_CALL = lazy_compile(r"\bSprintf\(")
_VERB = lazy_compile(r"%(?:%|[-+# 0]*(?:\[\d+\])?(?:\d+|\*)?(?:\.(?:\d+|\*)?)?[a-zA-Z])")
_LITERAL = GO_STRING
_IDENT = lazy_compile(r"[A-Za-z_]\w*")


def sprintf_table_arguments(path: str, text: str) -> list[tuple[int, int]]:
    """(start, end) of the content of each string argument of a Go
    ``Sprintf`` call that its format puts in a SQL table position."""
    if not path.lower().endswith(".go"):
        return []
    out: list[tuple[int, int]] = []
    for _, args, _, form in _calls(text):
        for a, b in _table_arguments(form, args):
            value = text[a:b].strip()
            if _LITERAL.fullmatch(value) is not None:
                at = text.index(value, a)
                out.append((at + 1, at + len(value) - 1))
    return out


def table_verb_arguments(text: str) -> list[tuple[int, int]]:
    """(start, end) of every argument (any expression) of a Go ``Sprintf``
    call of ``text`` that its format puts in a SQL table position."""
    return [span for _, args, _, form in _calls(text) for span in _table_arguments(form, args)]


def shown_table_formats(path: str, text: str) -> list[tuple[int, int]]:
    """(start, end) of the content of each format of a Go ``Sprintf`` call
    (a literal argument, or the one its identifier is assigned) whose verb in
    a table position takes a value the file shows: a string literal, or an
    identifier last assigned before the call an expression holding one
    (``archive := Session{}.TableName() + "_archive"``). Such a statement
    reads a table the code names, not one filled in from elsewhere."""
    if not path.lower().endswith(".go"):
        return []
    out: list[tuple[int, int]] = []
    for call, args, span, form in _calls(text):
        for a, b in _table_arguments(form, args):
            value = text[a:b].strip()
            if _LITERAL.fullmatch(value) is not None or _assigned_literal(
                text, value, call.start()
            ):
                out.append(span)
                break
    return out


def _calls(
    text: str,
) -> Iterator[tuple[re.Match[str], list[tuple[int, int]], tuple[int, int], str]]:
    """Each ``Sprintf`` call of ``text`` with a format the file shows: the call,
    its arguments' (start, end), the format's content span and its text."""
    for call in _CALL.finditer(text):
        args = call_arguments(text, call.end())
        if len(args) < 2:
            continue
        span = _format_span(text, *args[0])
        if span is not None:
            yield call, args, span, text[span[0] : span[1]]


def _table_arguments(form: str, args: Sequence[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The (start, end) of each argument that a verb of ``form`` puts in a SQL
    table position (``args[0]`` is the format itself; ``%%`` takes none)."""
    n = 0
    for verb in _VERB.finditer(form):
        if verb.group() == "%%":
            continue
        n += 1
        if n < len(args) and table_position_before(form[: verb.start()]):
            yield args[n]


def _format_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) of the format's content: the literal argument, or the
    literal its identifier is assigned."""
    argument = text[start:end].strip()
    at = text.index(argument, start) if argument else start
    if _LITERAL.fullmatch(argument) is not None:
        return at + 1, at + len(argument) - 1
    if _IDENT.fullmatch(argument) is None:
        return None
    assigned = re.search(
        rf"\b{argument}\b(?:\s+[\w.]+)?\s*(?::=|=(?!=))\s*({_LITERAL.pattern})", text
    )
    return (assigned.start(1) + 1, assigned.end(1) - 1) if assigned is not None else None


def _assigned_literal(text: str, name: str, before: int) -> bool:
    """Whether the identifier ``name``'s last assignment before offset
    ``before`` in its function holds a string literal (``x := T{}.TableName() +
    "_archive"``)."""
    if _IDENT.fullmatch(name) is None:
        return False
    body = text.rfind("\nfunc ", 0, before) + 1  # the function the call is in
    found = list(
        re.finditer(rf"(?<![\w.]){re.escape(name)}\s*(?::=|=(?!=))([^\n]*)", text[body:before])
    )
    return bool(found) and _LITERAL.search(found[-1].group(1)) is not None
