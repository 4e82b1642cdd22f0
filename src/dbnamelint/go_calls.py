"""A Go call's arguments, as text positions: what the gate's reading of
``fmt.Sprintf`` formats (:mod:`dbnamelint.go_format_ddl`) and ``impact``'s
Go readers (:mod:`dbnamelint.impact.sprintf`) both need, kept below both.

Go's string literals (the spec's interpreted ``"..."`` and raw `` `...` ``
forms, and a rune ``'x'``) are skipped whole, so a comma or bracket inside
one splits nothing.
"""

from __future__ import annotations

from dbnamelint.core.lazyre import lazy_compile

__all__ = ["GO_STRING", "call_arguments"]

#: A Go interpreted or raw string literal.
GO_STRING = lazy_compile(r'"(?:\\.|[^"\\\n])*"|`[^`]*`')
#: How far a call's arguments are read (characters).
_REACH = 4000


def call_arguments(text: str, pos: int) -> list[tuple[int, int]]:
    """(start, end) of each top-level argument of the call whose ``(`` ends
    before ``pos``; empty when its ``)`` is not within 4,000 characters."""
    out: list[tuple[int, int]] = []
    depth, start, i, stop = 0, pos, pos, min(len(text), pos + _REACH)
    while i < stop:
        char = text[i]
        if char in "\"`'":
            literal = GO_STRING.match(text, i) if char != "'" else None
            i = literal.end() if literal is not None else text.find("'", i + 1) + 1 or stop
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                out.append((start, i))
                return out
            depth -= 1
        elif char == "," and depth == 0:
            out.append((start, i))
            start = i + 1
        i += 1
    return []
