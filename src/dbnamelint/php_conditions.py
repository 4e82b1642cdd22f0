"""A PHP ``if`` condition over literals, decided as PHP decides it.

``foreach (['a', 'b'] as $t) { if ($t === 'b') { break; } ... }`` runs its
body for ``'a'`` only: :func:`truth` decides a condition whose variables
are already read as their values (``'b' === 'b'``): ``===``/``!==``,
``==``/``!=`` of strings that are no numbers (PHP 8 compares numeric strings
as numbers), ``!``, ``&&``/``and``, ``||``/``or``, parentheses,
``true``/``false``, ``in_array``, ``str_contains``, ``str_starts_with``,
``str_ends_with``. Anything else is None: not known before the code runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dbnamelint.php_const_expr import Token, expression

_NUMERIC = re.compile(r"\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*")
_TESTS = {
    "str_contains": lambda a, b: b in a,
    "str_starts_with": str.startswith,
    "str_ends_with": str.endswith,
}
Known = str | bool


class _Decider:
    def __init__(self, toks: Sequence[Token], consts: dict[str, str], classes: set[str]) -> None:
        self.toks = toks
        self.consts = consts
        self.classes = classes

    def text(self, i: int) -> str:
        return self.toks[i].text if i < len(self.toks) else ""

    def ops(self, i: int, *words: str) -> int:
        """How many tokens from ``i`` spell one of ``words`` (``&&`` is two), else 0."""
        for word in words:
            if word.isalpha():
                if self.text(i).lower() == word:
                    return 1
            elif all(self.text(i + n) == c for n, c in enumerate(word)):
                return len(word)
        return 0

    def either(self, i: int) -> tuple[Known, int] | None:
        """``a || b``, ``a or b``."""
        first = self.both(i)
        if first is None:
            return None
        value, i = first
        while n := self.ops(i, "||", "or"):
            more = self.both(i + n)
            if more is None or not isinstance(value, bool) or not isinstance(more[0], bool):
                return None
            value, i = value or more[0], more[1]
        return value, i

    def both(self, i: int) -> tuple[Known, int] | None:
        """``a && b``, ``a and b``."""
        first = self.negated(i)
        if first is None:
            return None
        value, i = first
        while n := self.ops(i, "&&", "and"):
            more = self.negated(i + n)
            if more is None or not isinstance(value, bool) or not isinstance(more[0], bool):
                return None
            value, i = value and more[0], more[1]
        return value, i

    def negated(self, i: int) -> tuple[Known, int] | None:
        if self.text(i) == "!" and self.text(i + 1) != "=":
            inner = self.negated(i + 1)
            if inner is None or not isinstance(inner[0], bool):
                return None
            return not inner[0], inner[1]
        return self.compared(i)

    def compared(self, i: int) -> tuple[Known, int] | None:
        first = self.atom(i)
        if first is None:
            return None
        left, i = first
        for op in ("===", "!==", "==", "!="):
            n = self.ops(i, op)
            if not n:
                continue
            second = self.atom(i + n)
            if second is None:
                return None
            right, after = second
            same = _equal(left, right, strict=len(op) == 3)
            if same is None:
                return None
            return (same if op[0] == "=" else not same), after
        return left, i

    def atom(self, i: int) -> tuple[Known, int] | None:
        word = self.text(i).lower()
        if self.text(i) == "(":
            inner = self.either(i + 1)
            if inner is None or self.text(inner[1]) != ")":
                return None
            return inner[0], inner[1] + 1
        if word in ("true", "false") and self.text(i + 1) not in ("(", "::"):
            return word == "true", i + 1
        if word in _TESTS and self.text(i + 1) == "(":
            a = expression(self.toks, i + 2, self.consts, self.classes)
            if a is None or self.text(a[1]) != ",":
                return None
            b = expression(self.toks, a[1] + 1, self.consts, self.classes)
            if b is None or self.text(b[1]) != ")":
                return None
            return bool(_TESTS[word](a[0], b[0])), b[1] + 1
        if word == "in_array" and self.text(i + 1) == "(":
            return self._in_array(i + 2)
        return expression(self.toks, i, self.consts, self.classes)

    def _in_array(self, i: int) -> tuple[Known, int] | None:
        """``in_array(needle, [...], strict?)`` from the needle at ``toks[i]``."""
        needle = expression(self.toks, i, self.consts, self.classes)
        if needle is None or self.text(needle[1]) != "," or self.text(needle[1] + 1) != "[":
            return None
        items: list[str] = []
        i = needle[1] + 2
        while self.text(i) != "]":
            one = expression(self.toks, i, self.consts, self.classes)
            if one is None:
                return None
            items.append(one[0])
            i = one[1] + (self.text(one[1]) == ",")
        i += 1
        strict = False
        if self.text(i) == ",":
            strict = self.text(i + 1).lower() == "true"
            if not strict and self.text(i + 1).lower() != "false":
                return None
            i += 2
        if self.text(i) != ")":
            return None
        found = [_equal(needle[0], x, strict=strict) for x in items]
        if any(f is None for f in found):
            return None
        return any(found), i + 1


def _equal(a: Known, b: Known, *, strict: bool) -> bool | None:
    """PHP's ``===`` (``strict``) or ``==``; None when PHP 8 would compare
    them as numbers or by type juggling (not decided here)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b if strict or (isinstance(a, bool) and isinstance(b, bool)) else None
    if strict:
        return a == b
    if _NUMERIC.fullmatch(a) or _NUMERIC.fullmatch(b):
        return None
    return a == b


def truth(toks: Sequence[Token], consts: dict[str, str], classes: set[str]) -> bool | None:
    """Whether condition ``toks`` (what is between an ``if``'s parentheses,
    its variables read) holds, or None when it is not known (see the module)."""
    done = _Decider(toks, consts, classes).either(0)
    if done is None or done[1] != len(toks) or not isinstance(done[0], bool):
        return None
    return done[0]
