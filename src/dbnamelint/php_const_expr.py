"""PHP expressions made of literals only, evaluated as PHP does.

A Laravel migration names an index or a key with ``sprintf('%s_to_ugi',
'object_groups')``, ``'UQ' . 'OwnerTag'`` or a class constant
(``self::FK_NAME``, ``private const string FK_NAME = 'x';``): no variable,
nothing the code reads when it runs, so the name is known. :func:`fold`
replaces each such expression of a token list by one string token holding
its value (PHP 8's ``sprintf``, ``.``, ``strtolower``/``strtoupper``/
``ucfirst``/``lcfirst``, ``implode``/``join`` of a literal array); anything
else (a variable, ``"UQ_{$idx}"``, a method call) is left as it is, so the
reader sees an argument it cannot read (a ``DBN013`` at the call, never a
default name in its place).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from dbnamelint.core.lazyre import lazy_compile


class Token(Protocol):
    """A PHP token (:class:`dbnamelint.laravel_schema._Tok`)."""

    kind: str
    text: str
    start: int
    end: int


T = TypeVar("T", bound=Token)

#: PHP's ``sprintf`` conversions: ``%%``, ``%s``, ``%d``, ``%1$s``, flags, width, precision.
_SPEC = lazy_compile(
    r"%(?:(?P<pct>%)|(?:(?P<pos>\d+)\$)?(?P<flags>[-+ 0]|'.)*(?P<w>\d+)?(?:\.(?P<p>\d+))?"
    r"(?P<conv>[bcdeEfFgGhHosuxX]))"
)
#: An escape of a double-quoted PHP string (no ``$`` in it: see :func:`literal`).
_DQ_ESCAPE = lazy_compile(r"\\(?:(?P<c>[nrtvef\\$\"])|x(?P<x>[0-9A-Fa-f]{1,2})|(?P<o>[0-7]{1,3}))")
#: The same in a heredoc, where ``\\"`` is no escape (PHP keeps the backslash).
_HEREDOC_ESCAPE = lazy_compile(
    r"\\(?:(?P<c>[nrtvef\\$])|x(?P<x>[0-9A-Fa-f]{1,2})|(?P<o>[0-7]{1,3}))"
)
_DQ_CHARS = {"n": "\n", "r": "\r", "t": "\t", "v": "\v", "e": "\x1b", "f": "\f"}
#: Calls of one string argument whose result is known.
_ONE: dict[str, Callable[[str], str]] = {
    "strtolower": str.lower,
    "strtoupper": str.upper,
    "ucfirst": lambda s: s[:1].upper() + s[1:],
    "lcfirst": lambda s: s[:1].lower() + s[1:],
    "trim": str.strip,
}


def _dq(match: re.Match[str]) -> str:
    if match.group("c"):
        c = match.group("c")
        return _DQ_CHARS.get(c, c)
    if match.group("x"):
        return chr(int(match.group("x"), 16))
    return chr(int(match.group("o"), 8) & 0xFF)


def literal(text: str) -> str | None:
    """A PHP string literal's value: single-quoted (``\\'`` and ``\\\\``
    only), double-quoted without interpolation (its escapes); None for a
    double-quoted one holding ``$`` not escaped (PHP fills it in)."""
    if text.startswith("<<<"):
        return _heredoc(text)
    body = text[1:-1]
    if text[0] == "'":
        return re.sub(r"\\(['\\])", r"\1", body)
    if re.search(r"(?<!\\)(?:\\\\)*\$", body):
        return None
    return _DQ_ESCAPE.sub(_dq, body)


def _heredoc(text: str) -> str | None:
    """A heredoc's or nowdoc's value: its lines between the opening and the
    closing identifier, the closing one's indentation taken off each (PHP
    7.3); a heredoc's escapes read, None when it interpolates."""
    first, _, rest = text.partition("\n")
    lines = rest.split("\n")
    indent = len(lines[-1]) - len(lines[-1].lstrip())
    body = "\n".join(line[indent:] for line in lines[:-1])
    if "'" in first:
        return body
    if re.search(r"(?<!\\)(?:\\\\)*\$", body):
        return None
    return _HEREDOC_ESCAPE.sub(_dq, body)


def sprintf(fmt: str, args: Sequence[str]) -> str | None:
    """PHP's ``sprintf`` of string arguments, for ``%s`` and ``%d`` (of a
    decimal integer string); None for anything else or too few arguments."""
    out: list[str] = []
    at = 0
    nxt = 0
    for m in _SPEC.finditer(fmt):
        out.append(fmt[at : m.start()])
        at = m.end()
        if m.group("pct"):
            out.append("%")
            continue
        if m.group("flags") or m.group("w") or m.group("p") or m.group("conv") not in "sd":
            return None
        if m.group("pos"):
            index = int(m.group("pos")) - 1
        else:
            index, nxt = nxt, nxt + 1
        if index >= len(args):
            return None
        value = args[index]
        if m.group("conv") == "d":
            if not re.fullmatch(r"-?\d+", value):
                return None
            value = str(int(value))
        out.append(value)
    if "%" in fmt[at:]:
        return None
    out.append(fmt[at:])
    return "".join(out)


@dataclass(frozen=True)
class PhpArray:
    """A PHP array of literals: its (key, value) items in PHP's order (a
    list's keys ``0``, ``1``...; a key given twice keeps its first place and
    its last value, as PHP does)."""

    items: tuple[tuple[str, str | PhpArray], ...]


#: A PHP integer key (``"1"`` is the key ``1``; ``"01"`` stays a string).
_INT_KEY = lazy_compile(r"0|-?[1-9]\d*")


class _Parser:
    """A recursive-descent reader of one literal-only expression of ``toks``."""

    def __init__(
        self,
        toks: Sequence[Token],
        consts: dict[str, str],
        classes: set[str],
        arrays: Mapping[str, str | PhpArray] | None = None,
    ) -> None:
        self.toks = toks
        self.consts = consts
        self.classes = classes
        self.arrays = arrays or {}

    def text(self, i: int) -> str:
        return self.toks[i].text if i < len(self.toks) else ""

    def expr(self, i: int) -> tuple[str, int] | None:
        """``operand ('.' operand)*`` from ``toks[i]``: (value, index after)."""
        first = self.operand(i)
        if first is None:
            return None
        value, i = first
        while self.text(i) == "." and self.toks[i].kind == "p":
            more = self.operand(i + 1)
            if more is None:
                return None
            value, i = value + more[0], more[1]
        return value, i

    def args(self, i: int) -> tuple[list[str], int] | None:
        """``(expr, expr, ...)`` from the ``(`` at ``toks[i]``."""
        return self._items(i, ")")

    def array(self, i: int) -> tuple[list[str], int] | None:
        """``[expr, ...]`` from the ``[`` at ``toks[i]``."""
        return self._items(i, "]")

    def _items(self, i: int, close: str) -> tuple[list[str], int] | None:
        """Comma-separated expressions (a trailing comma allowed, as PHP
        allows) from the opening bracket at ``toks[i]`` to ``close``."""
        out: list[str] = []
        i += 1
        while self.text(i) != close:
            one = self.expr(i)
            if one is None:
                return None
            out.append(one[0])
            i = one[1]
            if self.text(i) == ",":
                i += 1
            elif self.text(i) != close:
                return None
        return out, i + 1

    def constant(self, i: int) -> tuple[str | PhpArray, int] | None:
        """``self::NAME`` (``static::``, the file's ``ClassName::``) of an
        array constant, and its items read (``self::MAP['a'][$k]`` once bound,
        a nested constant): (value, index after)."""
        if i + 2 >= len(self.toks) or self.text(i + 1) != "::":
            return None
        owner = self.text(i).lstrip("\\")
        if owner.lower() not in ("self", "static") and owner not in self.classes:
            return None
        found: str | PhpArray | None = self.arrays.get(self.text(i + 2))
        if found is None and self.text(i + 2) in self.consts:
            found = self.consts[self.text(i + 2)]
        if found is None or self.text(i + 3) in ("(", "::"):
            return None
        i += 3
        while self.text(i) == "[" and self.toks[i].kind == "p":
            key = self.expr(i + 1)
            if key is None or self.text(key[1]) != "]" or not isinstance(found, PhpArray):
                return None
            found = next((v for k, v in found.items if k == key[0]), None)
            if found is None:
                return None  # PHP: an undefined key's warning and null
            i = key[1] + 1
        return found, i

    def value(self, i: int) -> tuple[str | PhpArray, int] | None:
        """An array literal (``[k => v, ...]``, ``array(...)``, nested), an
        array constant or an expression from ``toks[i]``: (value, index after)."""
        const = self.constant(i)
        if const is not None and isinstance(const[0], PhpArray):
            return const
        if self.text(i) == "[" and self.toks[i].kind == "p":
            close, i = "]", i + 1
        elif self.text(i).lower() == "array" and self.text(i + 1) == "(":
            close, i = ")", i + 2
        else:
            return self.expr(i)
        items: dict[str, str | PhpArray] = {}
        nxt = 0
        while self.text(i) != close:
            first = self.value(i)
            if first is None:
                return None
            item, i = first
            if self.text(i) == "=>":
                second = self.value(i + 1)
                if second is None or not isinstance(item, str):
                    return None
                key, (item, i) = item, second
                if _INT_KEY.fullmatch(key):
                    nxt = max(nxt, int(key) + 1)
            else:
                key, nxt = str(nxt), nxt + 1
            items[key] = item
            if self.text(i) == ",":
                i += 1
            elif self.text(i) != close:
                return None
        return PhpArray(tuple(items.items())), i + 1

    def operand(self, i: int) -> tuple[str, int] | None:
        if i >= len(self.toks):
            return None
        tok = self.toks[i]
        if tok.kind == "s":
            value = literal(tok.text)
            return None if value is None else (value, i + 1)
        if tok.kind == "n":
            return tok.text, i + 1
        if tok.text == "(" and tok.kind == "p":
            inner = self.expr(i + 1)
            if inner is None or self.text(inner[1]) != ")":
                return None
            return inner[0], inner[1] + 1
        if tok.kind != "w":
            return None
        word = tok.text.lstrip("\\")
        if word.rsplit("\\", 1)[-1] == "DB" and [self.text(i + k) for k in (1, 2, 3, 4)] == [
            "::",
            "getTablePrefix",
            "(",
            ")",
        ]:
            # Laravel's table prefix, '' by default: the builder's names are
            # read without it too, so "ALTER TABLE {$prefix}pages" is read as
            # pages (BookStack's migrations; trial s40 F4)
            return "", i + 5
        if self.text(i + 1) == "::" and i + 2 < len(self.toks):
            name = self.toks[i + 2]
            if name.kind != "w" or self.text(i + 3) in ("(", "::"):
                return None
            const = self.constant(i)
            if const is None or not isinstance(const[0], str):
                return None
            return const[0], const[1]
        if self.text(i + 1) != "(":
            return None
        lower = word.lower()
        if lower in ("implode", "join") and self.text(i + 2) != "[":
            glue = self.expr(i + 2)
            if glue is None or self.text(glue[1]) != "," or self.text(glue[1] + 1) != "[":
                return None
            items = self.array(glue[1] + 1)
            if items is None or self.text(items[1]) != ")":
                return None
            return glue[0].join(items[0]), items[1] + 1
        args = self.args(i + 1)
        if args is None:
            return None
        values, after = args
        if lower == "sprintf" and values:
            done = sprintf(values[0], values[1:])
            return None if done is None else (done, after)
        if lower in _ONE and len(values) == 1:
            return _ONE[lower](values[0]), after
        return None


def value(
    toks: Sequence[Token],
    consts: dict[str, str],
    classes: set[str],
    arrays: Mapping[str, str | PhpArray] | None = None,
) -> str | PhpArray | None:
    """The value of ``toks``, one literal-only expression or array literal
    (:meth:`_Parser.value`; ``arrays``: the file's array constants by name)
    and nothing else; None when it is anything else."""
    done = _Parser(toks, consts, classes, arrays).value(0)
    return done[0] if done is not None and done[1] == len(toks) else None


def expression(
    toks: Sequence[Token], i: int, consts: dict[str, str], classes: set[str]
) -> tuple[str, int] | None:
    """The literal-only string expression from ``toks[i]`` (``'a' . 'b'``,
    ``sprintf(...)``): (value, index after), or None."""
    return _Parser(toks, consts, classes).expr(i)


def quoted(value: str) -> str:
    """``value`` as a single-quoted PHP literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


#: What may stand before an expression that is an argument or a value.
_BEFORE = frozenset({"(", ",", "[", "=", "=>"})
#: What may follow it.
_AFTER = frozenset({")", ",", "]", ";"})


def fold(
    toks: list[T], make: Callable[[str, int, int], T], consts: dict[str, str], classes: set[str]
) -> list[T]:
    """``toks`` with each literal-only expression standing as an argument,
    an array item or a value (after ``(``, ``,``, ``[``, ``=``, ``=>``;
    before ``)``, ``,``, ``]``, ``;``) made one string token
    (``make(text, start, end)``) holding its value; a single literal is left
    as it is."""
    parser = _Parser(toks, consts, classes)
    out: list[T] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if i and toks[i - 1].text in _BEFORE and tok.kind in ("s", "w", "n", "p"):
            done = parser.expr(i)
            if done is not None and done[1] - i > 1 and parser.text(done[1]) in _AFTER:
                value, after = done
                out.append(make(quoted(value), tok.start, toks[after - 1].end))
                i = after
                continue
        out.append(tok)
        i += 1
    return out


#: A class constant: ``const NAME = ...;``, with PHP 8.3's type (``const string NAME``).
_CONST_WORDS = frozenset({"const"})


def class_constants(toks: Sequence[Token]) -> tuple[dict[str, str], set[str]]:
    """The literal-only class constants of a file's tokens (``const X =
    'a';``, ``private const string X = self::Y . 'b';``, several in one
    ``const A = 'a', B = 'b';``) by name, and the names of the classes it
    declares (``ClassName::X`` is one of them)."""
    consts: dict[str, str] = {}
    classes: set[str] = set()
    parser = _Parser(toks, consts, classes)
    for i, tok in enumerate(toks):
        if (
            tok.text in ("class", "interface", "trait", "enum")
            and i + 1 < len(toks)
            and toks[i + 1].kind == "w"
            and (i == 0 or toks[i - 1].text != "::")
        ):
            classes.add(toks[i + 1].text)
    for i, tok in enumerate(toks):
        if tok.text not in _CONST_WORDS:
            continue
        j = i + 1
        while True:
            # the name is the word before '='
            k = j
            while k < len(toks) and toks[k].text != "=" and toks[k].text != ";":
                k += 1
            if k >= len(toks) or toks[k].text != "=" or toks[k - 1].kind != "w":
                break
            name = toks[k - 1].text
            done = parser.expr(k + 1)
            if done is None:
                break
            consts.setdefault(name, done[0])
            if parser.text(done[1]) != ",":
                break
            j = done[1] + 1
    return consts, classes
