"""PHP ``foreach`` loops over literal arrays, unrolled, their variables bound.

firefly-iii's migrations make 78 objects in loops such as
``foreach ($this->tables as $table => $fields) { foreach ($fields as $field)
{ Schema::table($table, static function (Blueprint $t) use ($field): void {
$t->decimal($field, 32, 12); }); } }``, the array a literal: a local
``$set = [...]``, a property's default (``private array $tables = [...]``)
or its one assignment in ``__construct``, a class constant. :func:`unrolled`
gives a method body's tokens with each such loop's body once per item, its
key and value variables (and any local variable assigned a literal-only
value, ``$newColumn = sprintf('%s_tz', $column);``) replaced by string
tokens of their values where read, a closure seeing only what it captures
(``use ($field)``; an arrow ``fn`` sees all) and never its own parameters.
A loop over anything else, and a variable written any other way (``.=``,
``$x[] =``, by reference, in a branch), is left as written: the reader then
sees what it cannot read, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from dbnamelint.php_const_expr import PhpArray, Token, quoted, value

T = TypeVar("T", bound=Token)
Value = str | PhpArray

#: Operator characters before ``=`` that make a compound assignment (``.=``, ``??=``).
_COMPOUND = frozenset(".+-*/%|&^?<>")
_OPEN = frozenset("([{")
#: The most tokens one loop unrolls to (items times its body's tokens).
_MOST_TOKENS = 200_000
_CLOSE = frozenset(")]}")


def _is(tok: Token, text: str) -> bool:
    return tok.text == text and tok.kind == "p"


def _match(toks: Sequence[Token], at: int) -> int:
    """The index of the bracket closing the one at ``toks[at]``."""
    depth = 0
    for k in range(at, len(toks)):
        if toks[k].kind == "p" and toks[k].text in _OPEN:
            depth += 1
        elif toks[k].kind == "p" and toks[k].text in _CLOSE:
            depth -= 1
            if depth == 0:
                return k
    return len(toks) - 1


def _statement_end(toks: Sequence[Token], at: int, end: int) -> int:
    """The index after the statement starting at ``toks[at]``: a ``{...}``
    block, a ``foreach``/``if``/``while`` with its body, or up to its ``;``."""
    if at >= end:
        return end
    if _is(toks[at], "{"):
        return _match(toks, at) + 1
    if toks[at].text in ("foreach", "if", "elseif", "while", "for") and at + 1 < end:
        body = _match(toks, at + 1) + 1
        after = _statement_end(toks, body, end)
        if toks[at].text in ("if", "elseif") and after < end:
            if toks[after].text == "elseif":
                return _statement_end(toks, after, end)
            if toks[after].text == "else":
                return _statement_end(toks, after + 1, end)
        return after
    depth = 0
    k = at
    while k < end:
        t = toks[k]
        if t.kind == "p" and t.text in _OPEN:
            depth += 1
        elif t.kind == "p" and t.text in _CLOSE:
            depth -= 1
        elif _is(t, ";") and depth == 0:
            return k + 1
        k += 1
    return end


def _text(toks: Sequence[Token], k: int) -> str:
    return toks[k].text if 0 <= k < len(toks) else ""


def _writes_at(toks: Sequence[Token], k: int) -> bool:
    """Whether ``toks[k]`` (a variable or property name) is written other
    than by a plain ``=``: ``.=``, ``??=``, ``[] =``, ``++``, by reference."""
    nxt, after = _text(toks, k + 1), _text(toks, k + 2)
    prev = _text(toks, k - 1)
    return (
        nxt == "["
        or (nxt in _COMPOUND and after in ("=", "?"))
        or (nxt in ("+", "-") and after == nxt)
        or prev == "&"
        or (prev in ("+", "-") and _text(toks, k - 2) == prev)
    )


def _plain_assignment(toks: Sequence[Token], k: int) -> bool:
    """Whether ``toks[k]`` is followed by ``=`` (not ``==``, ``===``)."""
    return k + 2 < len(toks) and _is(toks[k + 1], "=") and not _is(toks[k + 2], "=")


def _written(toks: Sequence[Token], at: int, end: int) -> set[str]:
    """The variables ``toks[at:end]`` writes (assigns, by reference,
    ``foreach ... as $k => $v``)."""
    out: set[str] = set()
    for k in range(at, end):
        t = toks[k]
        if t.kind != "w" or not t.text.startswith("$"):
            continue
        if _text(toks, k - 1) in ("->", "::"):
            continue
        if (
            _plain_assignment(toks, k)
            or _writes_at(toks, k)
            or _text(toks, k - 1) == "as"
            or (_text(toks, k - 1) == "=>" and _text(toks, k - 3) == "as")
        ):
            out.add(t.text)
    return out


class _Unroller(Generic[T]):
    def __init__(
        self,
        toks: Sequence[T],
        make: Callable[[str, int, int], T],
        consts: dict[str, str],
        classes: set[str],
        arrays: dict[str, PhpArray],
    ) -> None:
        self.toks = toks
        self.make = make
        self.consts = consts
        self.classes = classes
        self.arrays = arrays

    def _value(self, toks: Sequence[Token], env: dict[str, Value]) -> Value | None:
        """The value of ``toks`` (already bound): a literal, an array literal,
        a variable holding an array, ``$this->prop``, ``self::CONST`` of an array."""
        if len(toks) == 1 and toks[0].text in env:
            return env[toks[0].text]
        if len(toks) == 3 and toks[0].text == "$this" and toks[1].text == "->":
            return self.arrays.get("$" + toks[2].text)
        if len(toks) == 3 and toks[1].text == "::":
            owner = toks[0].text.lstrip("\\")
            if owner.lower() in ("self", "static") or owner in self.classes:
                found = self.arrays.get(toks[2].text)
                if found is not None:
                    return found
        return value(toks, self.consts, self.classes)

    def block(self, at: int, end: int, env: dict[str, Value]) -> list[T]:
        """``toks[at:end]``, a sequence of statements, unrolled; ``env`` is
        updated with what the block assigns at its own level."""
        out: list[T] = []
        toks = self.toks
        k = at
        while k < end:
            t = toks[k]
            if t.text == "foreach" and k + 1 < end and _is(toks[k + 1], "("):
                close = _match(toks, k + 1)
                body_end = _statement_end(toks, close + 1, end)
                out += self._foreach(k, close, body_end, env)
                for var in _written(toks, k, body_end):
                    env.pop(var, None)
                k = body_end
                continue
            if t.text in ("function", "fn") and (k == at or toks[k - 1].text not in ("->", "::")):
                done = self._closure(k, end, env)
                if done is not None:
                    out += done[0]
                    k = done[1]
                    continue
            if _is(t, "{"):
                close = _match(toks, k)
                if close >= end or close <= k:  # unbalanced: the rest as written
                    out += toks[k:end]
                    break
                inner = dict(env)
                out.append(t)
                out += self.block(k + 1, close, inner)
                out.append(toks[close])
                for var in _written(toks, k, close):
                    env.pop(var, None)  # assigned in a branch: not known after it
                k = close + 1
                continue
            if (
                t.kind == "w"
                and t.text.startswith("$")
                and k + 2 < end
                and _is(toks[k + 1], "=")
                and not _is(toks[k + 2], "=")
                and (k == at or toks[k - 1].text in (";", "{", "}"))
            ):
                stop = _statement_end(toks, k, end)
                rhs_end = stop - 1 if _is(toks[stop - 1], ";") else stop
                rhs = self.block(k + 2, rhs_end, dict(env))
                env.pop(t.text, None)
                for var in _written(toks, k + 2, rhs_end):
                    env.pop(var, None)
                found = self._value(rhs, env)
                if found is not None:
                    env[t.text] = found
                out += [t, toks[k + 1], *rhs, *toks[rhs_end:stop]]
                k = stop
                continue
            if t.kind == "w" and t.text.startswith("$") and t.text in env:
                if _writes_at(toks, k) or _plain_assignment(toks, k):
                    env.pop(t.text)
                    out.append(t)
                elif isinstance(bound := env[t.text], str) and (
                    k + 1 >= end or toks[k + 1].text not in ("->", "::", "[")
                ):
                    out.append(self.make(quoted(bound), t.start, t.end))
                else:
                    out.append(t)
                k += 1
                continue
            out.append(t)
            k += 1
        return out

    def _foreach(self, at: int, close: int, body_end: int, env: dict[str, Value]) -> list[T]:
        toks = self.toks
        header = list(toks[at + 2 : close])
        as_at = next((i for i, t in enumerate(header) if t.text == "as"), None)
        if as_at is None:
            return list(toks[at:body_end])
        subject = self.block(at + 2, at + 2 + as_at, dict(env))
        names = [t.text for t in header[as_at + 1 :]]
        key_var: str | None = None
        if len(names) == 3 and names[1] == "=>" and names[0].startswith("$"):
            key_var, item_var = names[0], names[2]
        elif len(names) == 1:
            item_var = names[0]
        else:
            item_var = ""
        array = self._value(subject, env)
        inner = dict(env)
        for var in (key_var, item_var):
            if var:
                inner.pop(var, None)
        if not isinstance(array, PhpArray) or not item_var.startswith("$"):
            # not a literal array: the loop as written, its variables unknown
            head = [*toks[at : at + 2], *subject, *toks[at + 2 + as_at : close + 1]]
            return head + self.block(close + 1, body_end, inner)
        if len(array.items) * (body_end - close) > _MOST_TOKENS:
            # too large to unroll: as written (its calls unread, DBN013)
            return list(toks[at:body_end])
        out: list[T] = []
        for key, item in array.items:
            one = dict(inner)
            if key_var:
                one[key_var] = key
            one[item_var] = item
            out += self.block(close + 1, body_end, one)
        return out

    def _closure(self, at: int, end: int, env: dict[str, Value]) -> tuple[list[T], int] | None:
        """A closure from ``toks[at]`` (``function``/``fn``): its tokens, the
        body's unrolled with what it sees, and the index after it."""
        toks = self.toks
        if at + 1 >= end:
            return None
        k = at + 1
        if toks[k].text == "&":
            k += 1
        if k >= end or not _is(toks[k], "("):
            return None
        params_end = _match(toks, k)
        params = {t.text for t in toks[k:params_end] if t.text.startswith("$")}
        k = params_end + 1
        if toks[at].text == "fn":
            inner = {v: x for v, x in env.items() if v not in params}
            while k < end and toks[k].text != "=>":
                k += 1
            body_end = k + 1
            depth = 0
            while body_end < end:
                b = toks[body_end]
                if b.kind == "p" and b.text in _OPEN:
                    depth += 1
                elif b.kind == "p" and b.text in _CLOSE:
                    if depth == 0:
                        break
                    depth -= 1
                elif (_is(b, ",") or _is(b, ";")) and depth == 0:
                    break
                body_end += 1
            return [*toks[at : k + 1], *self.block(k + 1, body_end, inner)], body_end
        inner = {}
        if k < end and toks[k].text == "use" and k + 1 < end and _is(toks[k + 1], "("):
            use_end = _match(toks, k + 1)
            caps = toks[k + 2 : use_end]
            for i, cap in enumerate(caps):
                by_ref = i > 0 and caps[i - 1].text == "&"
                if cap.text in env and cap.text not in params and not by_ref:
                    inner[cap.text] = env[cap.text]
            k = use_end + 1
        while k < end and not _is(toks[k], "{"):
            k += 1
        if k >= end:
            return None
        close = _match(toks, k)
        body = self.block(k + 1, close, inner)
        return [*toks[at : k + 1], *body, toks[close]], close + 1


def unrolled(
    toks: Sequence[T],
    make: Callable[[str, int, int], T],
    consts: dict[str, str],
    classes: set[str],
    arrays: dict[str, PhpArray],
) -> list[T]:
    """``toks`` (one method body's) with each ``foreach`` over a literal
    array unrolled and literal-valued variables read as their values (see
    the module docstring). ``make(text, start, end)`` makes a string token;
    ``consts``/``classes``: the file's literal class constants and classes;
    ``arrays``: its array constants (``NAME``) and properties (``$name``)."""
    return _Unroller(toks, make, consts, classes, arrays).block(0, len(toks), {})


def class_arrays(
    toks: Sequence[Token],
    consts: dict[str, str],
    classes: set[str],
    construct: tuple[int, int] | None,
) -> dict[str, PhpArray]:
    """The file's literal array class constants (``const TABLES = [...]``,
    by name) and properties (``private array $tables = [...]``, by
    ``$name``): a property's default, or its one assignment
    ``$this->name = [...];`` at the top level of ``__construct`` (whose body
    spans ``construct``, file offsets) when nothing else writes it."""
    out: dict[str, PhpArray] = {}
    depth = 0
    writes: dict[str, list[PhpArray | None]] = {}
    for k, t in enumerate(toks):
        if _is(t, "{"):
            depth += 1
        elif _is(t, "}"):
            depth -= 1
        if t.kind != "w":
            continue
        prop = _text(toks, k - 2) == "$this" and _text(toks, k - 1) == "->"
        if not _plain_assignment(toks, k):
            if prop and _writes_at(toks, k):
                writes.setdefault("$" + t.text, []).append(None)
            continue
        stop = _statement_end(toks, k, len(toks))
        found = value(toks[k + 2 : stop - 1 if _is(toks[stop - 1], ";") else stop], consts, classes)
        array = found if isinstance(found, PhpArray) else None
        if prop:
            top = (
                construct is not None
                and construct[0] <= t.start < construct[1]
                and depth == 2
                and _text(toks, k - 3) in (";", "{", "}")
            )
            writes.setdefault("$" + t.text, []).append(array if top else None)
        elif (
            depth == 1
            and array is not None
            # a property's default, a constant (`const TABLES`, `const array TABLES`)
            and (t.text.startswith("$") or "const" in (_text(toks, k - 1), _text(toks, k - 2)))
        ):
            out.setdefault(t.text, array)
    for name, done in writes.items():
        out.pop(name, None)
        if len(done) == 1 and done[0] is not None:
            out[name] = done[0]
    return out
