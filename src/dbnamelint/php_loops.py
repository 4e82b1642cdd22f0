"""PHP ``foreach`` loops over literal arrays, unrolled, their variables bound.

firefly-iii's migrations make 78 objects in loops such as
``foreach ($this->tables as $table => $fields) { foreach ($fields as $field)
{ Schema::table($table, static function (Blueprint $t) use ($field): void {
$t->decimal($field, 32, 12); }); } }``, the array a literal: a local
``$set = [...]``, a property's default (``private array $tables = [...]``)
or its one assignment in ``__construct``, a class constant. :func:`unrolled`
gives ``up()``'s tokens with each such loop's body once per item, its
key and value variables (and any local variable assigned a literal-only
value, ``$newColumn = sprintf('%s_tz', $column);``) replaced by string
tokens of their values where read, a closure seeing only what it captures
(``use ($field)``; an arrow ``fn`` sees all) and never its own parameters.
What reads them is read too (session 36): ``"{$field}_id"`` and heredocs
(:mod:`dbnamelint.php_strings`), array items (``self::COLUMNS[$table]``,
``$map['k']``, ``$this->map['k']``, ``?? 'default'``), and the class's own
methods ``up()`` calls (``$this->helper('tags')``, ``self::``, ``static::``),
followed with their parameters bound to the arguments (a ``Blueprint``
passed on is read under the caller's name), a method not in the file noted
unread. A ``break``/``continue`` stops or skips the unrolled loop where PHP
does, its condition decided on the values bound
(:mod:`dbnamelint.php_conditions`), one in a ``catch`` never runs (the
migration is read as succeeding); under a condition known only when the code
runs the loop is not unrolled. A loop over anything else, and a variable
written any other way (``.=``, ``$x[] =``, by reference, in a branch), is
left as written: the reader then sees what it cannot read, as before.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from dbnamelint.php_conditions import truth
from dbnamelint.php_const_expr import PhpArray, Token, quoted, value
from dbnamelint.php_strings import filled, item

T = TypeVar("T", bound=Token)
Value = str | PhpArray

#: Operator characters before ``=`` that make a compound assignment (``.=``, ``??=``).
_COMPOUND = frozenset(".+-*/%|&^?<>")
_OPEN = frozenset("([{")
#: The most tokens one loop unrolls to (items times its body's tokens).
_MOST_TOKENS = 200_000
#: The most tokens read again in one method (loops within loops, helpers calling helpers).
_MOST_READ = 200_000
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


def _expression_end(toks: Sequence[Token], at: int, end: int, stop: Callable[[Token], bool]) -> int:
    """The index of the first token from ``toks[at]`` (before ``end``) that
    closes the bracket the expression sits in, or at its depth that ``stop``
    accepts; ``end`` when none does."""
    depth = 0
    while at < end:
        tok = toks[at]
        if tok.kind == "p" and tok.text in _OPEN:
            depth += 1
        elif tok.kind == "p" and tok.text in _CLOSE:
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and stop(tok):
            break
        at += 1
    return at


def _statement_end(toks: Sequence[Token], at: int, end: int) -> int:
    """The index after the statement starting at ``toks[at]``: a ``{...}``
    block, a ``foreach``/``if``/``while`` with its body, or up to its ``;``."""
    if at >= end:
        return end
    if _is(toks[at], "{"):
        return _match(toks, at) + 1
    if toks[at].text in ("foreach", "if", "elseif", "while", "for", "switch") and at + 1 < end:
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


#: Statements that leave the function: PHP runs nothing after one in its body.
_LEAVING = frozenset({"return", "throw", "exit", "die"})


def runs_until(toks: Sequence[Token], at: int, end: int) -> int:
    """The index after what the function body ``toks[at:end]`` runs: after
    its first statement at its own level that leaves it unconditionally
    (``return;``, ``throw``, ``exit``, ``die``), whose code PHP never runs
    (trial s37: a Laravel ``up()``'s calls after ``return;`` were read as
    made); ``end`` when none does. One in a branch, a loop or a closure
    leaves only when it runs: what follows that statement is read."""
    k = at
    while k < end:
        stop = _statement_end(toks, k, end)
        if toks[k].kind == "w" and toks[k].text.lower() in _LEAVING:
            return stop
        k = max(stop, k + 1)
    return end


def _text(toks: Sequence[Token], k: int) -> str:
    return toks[k].text if 0 <= k < len(toks) else ""


#: PHP functions that write their first argument (taken by reference).
_WRITE_FIRST = frozenset(
    {
        "array_push",
        "array_unshift",
        "array_pop",
        "array_shift",
        "array_splice",
        "array_walk",
        "array_walk_recursive",
        "array_multisort",
        "sort",
        "rsort",
        "usort",
        "uasort",
        "uksort",
        "ksort",
        "krsort",
        "asort",
        "arsort",
        "natsort",
        "natcasesort",
        "shuffle",
        "settype",
        "unset",
        "extract",
    }
)


def _writes_at(toks: Sequence[Token], k: int) -> bool:
    """Whether ``toks[k]`` (a variable or property name) is written other
    than by a plain ``=``: ``.=``, ``??=``, ``[] =``, ``++``, by reference,
    given to a function that writes it (``array_push($set, 'x')``, ``sort``,
    ``unset``)."""
    first = k - 2 if _text(toks, k - 1) in ("->", "::") else k  # $this->x, self::$x
    if _text(toks, first - 1) == "(" and _text(toks, first - 2).lower() in _WRITE_FIRST:
        return True
    prev = _text(toks, k - 1)
    indexed = False
    while _text(toks, k + 1) == "[" and toks[k + 1].kind == "p":
        if _text(toks, k + 2) == "]":
            return True  # $x[] = ...
        k, indexed = _match(toks, k + 1), True  # $x['k'] = ... writes; $x['k'] reads
    nxt, after = _text(toks, k + 1), _text(toks, k + 2)
    return (
        (indexed and nxt == "=" and after != "=")
        or (nxt in _COMPOUND and nxt != "?" and after == "=")
        or (nxt == after == "?" and _text(toks, k + 3) == "=")  # ??=
        or (nxt in ("+", "-") and after == nxt)
        or (prev == "&" and _text(toks, k - 2) in ("=", "(", ",", "as", "=>"))  # &$x, not &&
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


class _Refused(Exception):
    """A loop not unrolled as PHP runs it: a ``break``/``continue`` under a
    condition not known before the code runs (the loop is then read as
    written, its variables unknown: ``DBN013`` where they name something)."""


@dataclass(frozen=True)
class _Alias:
    """A helper's parameter standing for the caller's variable (a ``Blueprint``
    passed on: ``$this->addColumns($table)``), read under the caller's name."""

    name: str


Bound = Value | _Alias


@dataclass(frozen=True)
class Method:
    """A method of the migration's class: its parameters (name, literal
    default or None, whether plain: not by reference, not variadic) and
    its body's token indices (first token, closing brace)."""

    params: tuple[tuple[str, Value | None, bool], ...]
    body: tuple[int, int]


#: The Migration base class's methods a migration calls: they make nothing.
_MIGRATION_METHODS = frozenset({"getconnection", "shouldrun", "withintransaction"})
#: How deep helpers calling helpers are followed.
_MOST_DEPTH = 8


def _escapes(toks: Sequence[Token], at: int, end: int, loops: int) -> bool:
    """Whether ``toks[at:end]`` holds a ``break``/``continue`` leaving more
    than ``loops`` loops (or ``switch``es) around it (a closure's own aside)."""
    k = at
    while k < end:
        t = toks[k]
        prev = _text(toks, k - 1)
        if t.kind == "w" and prev not in ("->", "::", "?->"):
            if t.text in ("function", "fn"):
                k += 1
                while k < end and not (_is(toks[k], "{") or toks[k].text == "=>"):
                    k += 1
                if k < end and _is(toks[k], "{"):
                    k = _match(toks, k)
                k += 1
                continue
            if t.text in ("foreach", "for", "while", "switch") and _is(
                toks[min(k + 1, end - 1)], "("
            ):
                head = _match(toks, k + 1)
                body = _statement_end(toks, head + 1, end)
                if _escapes(toks, head + 1, body, loops + 1):
                    return True
                k = body
                continue
            if t.text == "do":
                body = _statement_end(toks, k + 1, end)
                if _escapes(toks, k + 1, body, loops + 1):
                    return True
                k = body
                continue
            if t.text in ("break", "continue"):
                level = int(toks[k + 1].text) if k + 1 < end and toks[k + 1].kind == "n" else 1
                if level > loops:
                    return True
        k += 1
    return False


def _split(toks: Sequence[T]) -> list[list[T]]:
    """``toks`` (a call's arguments) split at its top-level commas."""
    return [list(toks[a:b]) for a, b in _spans(toks, 0, len(toks))]


def _spans(toks: Sequence[Token], at: int, end: int) -> list[tuple[int, int]]:
    """The spans of ``toks[at:end]`` (a call's arguments) between its
    top-level commas, empty ones (a trailing comma) left out."""
    out: list[tuple[int, int]] = []
    depth = 0
    start = at
    for k in range(at, end):
        t = toks[k]
        if t.kind == "p" and t.text in _OPEN:
            depth += 1
        elif t.kind == "p" and t.text in _CLOSE:
            depth -= 1
        elif _is(t, ",") and depth == 0:
            out.append((start, k))
            start = k + 1
    out.append((start, end))
    return [(a, b) for a, b in out if b > a]


class _Unroller(Generic[T]):
    def __init__(
        self,
        toks: Sequence[T],
        make: Callable[[str, int, int], T],
        consts: dict[str, str],
        classes: set[str],
        values: dict[str, Value],
        methods: dict[str, Method],
    ) -> None:
        self.toks = toks
        self.make = make
        self.consts = consts
        self.classes = classes
        self.values = values
        self.methods = methods
        #: (offset, call) of each helper call not followed
        self.unread: list[tuple[int, str]] = []
        #: loops (and switches) not unrolled inside the innermost unrolled one
        self.loops = 0
        #: inside a catch block: its break/continue runs only on an error
        self.inert = 0
        #: unrolled loops around the statement read, in this function
        self.unrolling = 0
        #: a break or continue reached: (which, how many unrolled loops it leaves)
        self.exit: tuple[str, int] | None = None
        #: the helpers being followed (lower-case names)
        self.stack: list[str] = []
        #: tokens read again so far (loop items, helper bodies): at most _MOST_READ
        self.spent = 0

    def _owner(self, k: int) -> bool:
        """Whether ``toks[k]`` is ``self``, ``static`` or the file's class before ``::``."""
        owner = self.toks[k].text.lstrip("\\")
        return _text(self.toks, k + 1) == "::" and (
            owner.lower() in ("self", "static") or owner in self.classes
        )

    def _key(self, seq: Sequence[Token], env: dict[str, Bound]) -> str | None:
        """The key ``seq`` (what is between ``[`` and ``]``) names."""
        if len(seq) == 1 and seq[0].text in env:
            found = env[seq[0].text]
            return found if isinstance(found, str) else None
        found_value = value(seq, self.consts, self.classes)
        return found_value if isinstance(found_value, str) else None

    def _read(
        self, seq: Sequence[Token], k: int, end: int, env: dict[str, Bound]
    ) -> tuple[Value | None, int] | None:
        """A variable, ``$this->prop`` or array constant at ``seq[k]`` with
        the items it reads (``$map['k']``, ``self::COLUMNS[$table]``): (its
        value, or None for a key the array lacks; the index after), or None."""
        t = seq[k]
        found: Value | None
        if t.text == "$this" and _text(seq, k + 1) in ("->", "?->") and k + 2 < end:
            if seq[k + 2].kind != "w" or _text(seq, k + 3) in ("(", "::"):
                return None
            found, i = self.values.get("$" + seq[k + 2].text), k + 3
        elif t.text in env and t.text.startswith("$"):
            bound = env[t.text]
            if isinstance(bound, _Alias):
                return None
            found, i = bound, k + 1
        elif t.kind == "w" and k + 2 < end and self._owner_in(seq, k):
            name = seq[k + 2].text
            found = self.values.get(name) or self.consts.get(name)
            i = k + 3
            if _text(seq, i) in ("(", "::"):
                return None
        else:
            return None
        if found is None:
            return None
        while i < end and _is(seq[i], "["):
            close = _match(seq, i)
            if close >= end:
                return None
            key = self._key(seq[i + 1 : close], env)
            if key is None:
                return None
            if found is not None:
                found = item(found, key)
            i = close + 1
        return found, i

    def _owner_in(self, seq: Sequence[Token], k: int) -> bool:
        owner = seq[k].text.lstrip("\\")
        return _text(seq, k + 1) == "::" and (
            owner.lower() in ("self", "static") or owner in self.classes
        )

    def _value(self, seq: Sequence[Token], env: dict[str, Bound]) -> Value | None:
        """The value of ``seq`` (already bound): a literal, an array literal, a
        variable, ``$this->prop``, an array constant, the item of one they read."""
        if seq:
            read = self._read(seq, 0, len(seq), env)
            if read is not None and read[1] == len(seq):
                return read[0]
        arrays = {n: v for n, v in self.values.items() if not n.startswith("$")}
        return value(seq, self.consts, self.classes, arrays)

    def _saved(self) -> tuple[int, int, int, tuple[str, int] | None]:
        return self.loops, self.inert, self.unrolling, self.exit

    def _restore(self, saved: tuple[int, int, int, tuple[str, int] | None]) -> None:
        self.loops, self.inert, self.unrolling, self.exit = saved

    def _function(self, at: int, end: int, env: dict[str, Bound]) -> list[T]:
        """A function body (a closure's, a helper's): what is around it does
        not reach in (its break/continue are its own)."""
        saved = self._saved()
        self.loops = self.inert = self.unrolling = 0
        self.exit = None
        try:
            return self.block(at, runs_until(self.toks, at, end), env)
        finally:
            self._restore(saved)

    def block(self, at: int, end: int, env: dict[str, Bound]) -> list[T]:
        """``toks[at:end]``, a sequence of statements, unrolled; ``env`` is
        updated with what the block assigns at its own level. A ``break`` or
        ``continue`` reached ends it (``self.exit``)."""
        out: list[T] = []
        toks = self.toks
        k = at
        while k < end:
            t = toks[k]
            first = k == at or toks[k - 1].text in (";", "{", "}", ":")
            word = t.text if t.kind == "w" and first else ""
            if word in ("break", "continue"):
                level = int(toks[k + 1].text) if k + 1 < end and toks[k + 1].kind == "n" else 1
                stop = _statement_end(toks, k, end)
                out += toks[k:stop]
                k = stop
                if self.inert or not self.unrolling or level <= self.loops:
                    continue  # a switch's or inner loop's, or one that does not run
                self.exit = (word, level - self.loops)
                return out
            if word in ("while", "for", "switch", "do") and (
                word == "do" or (k + 1 < end and _is(toks[k + 1], "("))
            ):
                stop = _statement_end(toks, k, end)
                head = k if word == "do" else _match(toks, k + 1)
                if self.unrolling and not self.inert and _escapes(toks, head + 1, stop, 1):
                    raise _Refused  # it may run its break/continue or not
                # a loop runs its body again: what it writes is not known in it
                again = {v: x for v, x in env.items() if v not in _written(toks, k, stop)}
                within = env if word == "switch" else again
                self.loops += 1
                try:
                    out.append(t)
                    out += self.block(k + 1, head + 1, dict(within)) if word != "do" else []
                    out += self.block(head + 1, stop, dict(within))
                finally:
                    self.loops -= 1
                for var in _written(toks, k, stop):
                    env.pop(var, None)
                k = stop
                continue
            if word == "if" and not self.inert and k + 1 < end and _is(toks[k + 1], "("):
                stop = _statement_end(toks, k, end)
                taken = self._if(k, stop, env)
                if taken is None and self.unrolling and _escapes(toks, k, stop, self.loops):
                    raise _Refused  # it may run its break/continue or not
                if taken is not None:
                    out += taken
                    for var in _written(toks, k, stop):
                        env.pop(var, None)
                    if self.exit:
                        return out
                    k = stop
                    continue
            if t.text == "catch" and k + 1 < end and _is(toks[k + 1], "("):
                close = _match(toks, k + 1)
                if close + 1 < end and _is(toks[close + 1], "{"):
                    body = _match(toks, close + 1)
                    self.inert += 1
                    try:
                        caught = self.block(close + 2, body, dict(env))
                    finally:
                        self.inert -= 1
                    out += [*toks[k : close + 2], *caught, toks[body]]
                    for var in _written(toks, k, body):
                        env.pop(var, None)
                    k = body + 1
                    continue
            if t.text == "foreach" and k + 1 < end and _is(toks[k + 1], "("):
                close = _match(toks, k + 1)
                body_end = _statement_end(toks, close + 1, end)
                out += self._foreach(k, close, body_end, env)
                for var in _written(toks, k, body_end):
                    env.pop(var, None)
                if self.exit:
                    return out
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
                if self.exit:
                    return out
                k = close + 1
                continue
            if (
                t.kind == "w"
                and t.text.startswith("$")
                and k + 2 < end
                and _is(toks[k + 1], "=")
                and not _is(toks[k + 2], "=")
                and first
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
            each = self._each(k, end, env) if first and t.text.lstrip("\\") == "collect" else None
            if each is not None:
                out += each[0]
                k = each[1]
                continue
            called = self._call(k, end, env)
            if called is not None:
                out += called[0]
                k = called[1]
                continue
            if t.kind == "w" and t.text.startswith("$") and t.text in env:
                bound = env[t.text]
                if _writes_at(toks, k) or _plain_assignment(toks, k):
                    env.pop(t.text)
                    out.append(t)
                    k += 1
                    continue
                if isinstance(bound, _Alias):
                    renamed = copy.copy(t)
                    renamed.text = bound.name
                    out.append(renamed)
                    k += 1
                    continue
            read = self._read(toks, k, end, env) if t.kind == "w" else None
            if (
                read is not None
                and _text(toks, read[1]) not in ("->", "::", "[", "(")
                and not _plain_assignment(toks, read[1] - 1)
            ):
                done = self._item(k, read[0], read[1], end)
                if done is not None:
                    out += done[0]
                    k = done[1]
                    continue
            if t.kind == "s" and "$" in t.text and t.text[0] in '"<':
                known = {n: v for n, v in env.items() if not isinstance(v, _Alias)}
                text = filled(t.text, known, self.values)
                if text is not None:
                    out.append(self.make(quoted(text), t.start, t.end))
                    k += 1
                    continue
            out.append(t)
            k += 1
        return out

    def _item(
        self, k: int, found: Value | None, after: int, end: int
    ) -> tuple[list[T], int] | None:
        """What a read ``toks[k:after]`` (its value ``found``) stands for: its
        string, with ``?? default`` taken or left as PHP does; None to leave it."""
        toks = self.toks
        coalesce = _text(toks, after) == "?" and _text(toks, after + 1) == "?"
        coalesce = coalesce and _text(toks, after + 2) != "="
        if found is None:
            # an undefined key: PHP's warning and null, or the default after ??
            return ([], after + 2) if coalesce else None
        start, stop = toks[k].start, toks[after - 1].end
        if isinstance(found, PhpArray):
            listed = [v for _, v in found.items]
            keys = [key for key, _ in found.items]
            if coalesce or keys != [str(i) for i in range(len(keys))]:
                return None
            if not all(isinstance(v, str) for v in listed):
                return None
            # a list of strings (an index's columns): written out as its literal
            out = [self._punct(toks[k], "[")]
            for i, v in enumerate(listed):
                out += [self._punct(toks[k], ",")] if i else []
                out.append(self.make(quoted(str(v)), start, stop))
            return [*out, self._punct(toks[after - 1], "]")], after
        token = self.make(quoted(found), start, stop)
        if not coalesce:
            return [token], after
        # the default is not evaluated: skip it up to the expression's end
        j = _expression_end(
            toks, after + 2, end, lambda x: x.text in (",", ";", "?", ":", "=>") or _is(x, "=")
        )
        return [token], j

    def _punct(self, like: T, text: str) -> T:
        """A punctuation token ``text`` at ``like``'s place."""
        made = copy.copy(like)
        made.kind, made.text = "p", text
        return made

    def _call(self, k: int, end: int, env: dict[str, Bound]) -> tuple[list[T], int] | None:
        """A call of one of the class's methods (``$this->addOwner('tags')``,
        ``self::addFlag(...)``, ``static::``) from ``toks[k]``: the call and
        the method's body read with its parameters bound to the arguments
        (a literal; a variable passed on, read under its name), and the index
        after; a method not in the file, or followed too deep, is noted unread."""
        toks = self.toks
        if k + 3 >= end or _text(toks, k - 1) in ("->", "::", "?->"):
            return None
        this = toks[k].text == "$this" and toks[k + 1].text in ("->", "?->")
        parent = toks[k].text.lower() == "parent" and toks[k + 1].text == "::"
        if not (this or parent or self._owner(k)):
            return None
        if toks[k + 2].kind != "w" or _text(toks, k + 3) != "(":
            return None
        name = toks[k + 2]
        close = _match(toks, k + 3)
        # each argument read on its own (a helper called in one adds its body)
        spans = _spans(toks, k + 4, close)
        given = [(toks[a:b], self.block(a, b, dict(env))) for a, b in spans]
        args: list[T] = []
        for i, (a, _) in enumerate(spans):
            args += [toks[a - 1], *given[i][1]] if i else given[i][1]  # toks[a - 1]: its comma
        call = [*toks[k : k + 4], *args, toks[close]]
        lower = name.text.lower()
        # parent::up(): the parent class's, not in the file
        method = None if parent else self.methods.get(lower)
        label = f"{toks[k].text}{toks[k + 1].text}{name.text}"
        too_much = method is not None and self.spent + method.body[1] - method.body[0] > _MOST_READ
        if method is None or lower in self.stack or len(self.stack) >= _MOST_DEPTH or too_much:
            if lower not in _MIGRATION_METHODS:
                self.unread.append((name.start, label))
            return call, close + 1
        if lower in ("up", "down"):
            return call, close + 1
        self.spent += method.body[1] - method.body[0]
        inner: dict[str, Bound] = {}
        named = {o[0].text: (o, a[2:]) for o, a in given if len(o) > 2 and o[1].text == ":"}
        positional = [(o, a) for o, a in given if not (len(o) > 2 and o[1].text == ":")]
        body_at, body_end = method.body
        written = _written(toks, body_at, body_end)
        for i, (param, default, plain) in enumerate(method.params):
            both = named.get(param[1:]) or (positional[i] if i < len(positional) else None)
            arg = None if both is None else both[1]
            if not plain:
                if both is not None and len(both[0]) == 1:
                    env.pop(both[0][0].text, None)  # by reference: the method may write it
                continue
            if arg is None:
                if default is not None:
                    inner[param] = default
                continue
            found = self._value(arg, env)
            if found is not None:
                inner[param] = found
            elif (
                len(arg) == 1
                and arg[0].text.startswith("$")
                and arg[0].text != "$this"
                and param not in written
            ):
                alias = env.get(arg[0].text)
                inner[param] = alias if isinstance(alias, _Alias) else _Alias(arg[0].text)
        self.stack.append(lower)
        try:
            body = self._function(body_at, body_end, inner)
        finally:
            self.stack.pop()
        if body and body[0].text == "return" and [t.text for t in body].count(";") == 1:
            # a method that returns a literal (`return 'tags';`): the call is its value
            returned = self._value(body[1:-1] if _is(body[-1], ";") else body[1:], {})
            if isinstance(returned, str):
                return [self.make(quoted(returned), toks[k].start, toks[close].end)], close + 1
        return [*call, *body], close + 1

    def _if(self, at: int, stop: int, env: dict[str, Bound]) -> list[T] | None:
        """An ``if``/``elseif``/``else`` chain whose conditions are decided
        on the values bound (:func:`dbnamelint.php_conditions.truth`): the
        branch PHP takes, read (none taken: nothing); None when a condition
        before it is known only when the code runs."""
        toks = self.toks
        k = at
        while k < stop:
            word = toks[k].text
            if word == "else" and _text(toks, k + 1) == "if":
                k, word = k + 1, "if"
            if word in ("if", "elseif"):
                head = _match(toks, k + 1)
                if head + 1 >= stop or _is(toks[head + 1], ":"):
                    return None  # if (...): ... endif;
                body_end = _statement_end(toks, head + 1, stop)
                cond = self.block(k + 2, head, dict(env))
                holds = truth(cond, self.consts, self.classes)
                if holds is None:
                    return None
                if holds:
                    return self.block(head + 1, body_end, dict(env))
                k = body_end
                continue
            if word == "else":
                return self.block(k + 1, _statement_end(toks, k + 1, stop), dict(env))
            break
        return []

    def _foreach(self, at: int, close: int, body_end: int, env: dict[str, Bound]) -> list[T]:
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
        head = [*toks[at : at + 2], *subject, *toks[at + 2 + as_at : close + 1]]
        if (
            isinstance(array, PhpArray)
            and item_var.startswith("$")
            and len(array.items) * (body_end - close) <= _MOST_TOKENS
            and self.spent + len(array.items) * (body_end - close) <= _MOST_READ
        ):
            unrolled = self._unrolled(array, close, body_end, inner, key_var, item_var)
            if unrolled is not None:
                return unrolled
        # not a literal array (or too large, or refused): as written, its variables unknown
        if self.unrolling and not self.inert and _escapes(toks, close + 1, body_end, 1):
            raise _Refused
        # its body runs again: what it writes is not known in it
        for var in _written(toks, close + 1, body_end):
            inner.pop(var, None)
        self.loops += 1
        try:
            return head + self.block(close + 1, body_end, inner)
        finally:
            self.loops -= 1

    def _each(self, k: int, end: int, env: dict[str, Bound]) -> tuple[list[T], int] | None:
        """The statement ``collect([...])->each(function ($item, $key) use (...)
        {...});`` at ``toks[k]`` (Laravel's ``Collection::each``, koel's
        migrations): the closure's body once per item of a literal array,
        as a ``foreach`` (the closure sees its parameters and what it
        captures), and the index after it; None to leave it as written."""
        toks = self.toks
        if k + 1 >= end or not _is(toks[k + 1], "("):
            return None
        close = _match(toks, k + 1)
        if (
            close + 4 >= end
            or _text(toks, close + 1) != "->"
            or _text(toks, close + 2) != "each"
            or not _is(toks[close + 3], "(")
        ):
            return None
        args_end = _match(toks, close + 3)
        if args_end + 1 >= end or not _is(toks[args_end + 1], ";"):
            return None  # the collection used further (->each(...)->map(...))
        array = self._value(self.block(k + 2, close, dict(env)), env)
        f = close + 4 + (_text(toks, close + 4) == "static")
        if not isinstance(array, PhpArray) or _text(toks, f) != "function":
            return None
        if not _is(toks[f + 1], "("):
            return None
        params_end = _match(toks, f + 1)
        params = [t.text for t in toks[f + 2 : params_end] if t.text.startswith("$")]
        g = params_end + 1
        inner: dict[str, Bound] = {}
        if _text(toks, g) == "use" and _is(toks[g + 1], "("):
            use_end = _match(toks, g + 1)
            caps = toks[g + 2 : use_end]
            if any(_is(c, "&") for c in caps):
                return None  # the closure may write it when it runs
            inner = {c.text: env[c.text] for c in caps if c.text in env and c.text not in params}
            g = use_end + 1
        while g < args_end and not _is(toks[g], "{"):
            g += 1
        if not 1 <= len(params) <= 2 or g >= args_end or _match(toks, g) + 1 != args_end:
            return None
        body = toks[g + 1 : args_end - 1]
        size = len(array.items) * len(body)
        if any(t.text in _LEAVING for t in body) or size > _MOST_TOKENS:
            return None  # a `return` ends one item's call, not the loop: not read so
        if self.spent + size > _MOST_READ:
            return None
        key_var = params[1] if len(params) == 2 else None
        out = self._unrolled(array, g - 1, args_end, inner, key_var, params[0])
        return None if out is None else (out, args_end + 2)

    def _unrolled(
        self,
        array: PhpArray,
        close: int,
        body_end: int,
        inner: dict[str, Bound],
        key_var: str | None,
        item_var: str,
    ) -> list[T] | None:
        """The loop's body once per item of ``array``, stopped and skipped
        where its ``break``/``continue`` runs; None when refused."""
        saved = self._saved()
        noted = len(self.unread)
        self.loops = self.inert = 0
        self.unrolling += 1
        out: list[T] = []
        try:
            one = dict(inner)
            self.spent += len(array.items) * (body_end - close)
            for key, each in array.items:
                # what an item's body assigns is what the next one sees, as in PHP
                one = dict(one)
                if key_var:
                    one[key_var] = key
                one[item_var] = each
                if _is(self.toks[close + 1], "{") and body_end - 1 > close + 1:
                    # the body's braces: the loop's own scope, not a branch
                    out += self.block(close + 2, body_end - 1, one)
                else:
                    out += self.block(close + 1, body_end, one)
                if self.exit is None:
                    continue
                which, level = self.exit
                self.exit = None
                if level > 1:  # break 2 / continue 2: the loop around this one
                    saved = (*saved[:3], (which, level - 1))
                    break
                if which == "break":
                    break
        except _Refused:
            del self.unread[noted:]
            self._restore(saved)
            return None
        self._restore(saved)
        return out

    def _closure(self, at: int, end: int, env: dict[str, Bound]) -> tuple[list[T], int] | None:
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
            body_end = _expression_end(toks, k + 1, end, lambda b: _is(b, ",") or _is(b, ";"))
            return [*toks[at : k + 1], *self._function(k + 1, body_end, inner)], body_end
        inner = {}
        if k < end and toks[k].text == "use" and k + 1 < end and _is(toks[k + 1], "("):
            use_end = _match(toks, k + 1)
            caps = toks[k + 2 : use_end]
            for i, cap in enumerate(caps):
                by_ref = i > 0 and caps[i - 1].text == "&"
                if by_ref:
                    env.pop(cap.text, None)  # the closure may write it when it runs
                elif cap.text in env and cap.text not in params:
                    inner[cap.text] = env[cap.text]
            k = use_end + 1
        while k < end and not _is(toks[k], "{"):
            k += 1
        if k >= end:
            return None
        close = _match(toks, k)
        body = self._function(k + 1, close, inner)
        return [*toks[at : k + 1], *body, toks[close]], close + 1


def class_methods(
    toks: Sequence[Token], consts: dict[str, str], classes: set[str]
) -> dict[str, Method]:
    """The methods the file declares (``function name(...) {``), by lower-case
    name (PHP's are case-insensitive): parameters and body (token indices)."""
    out: dict[str, Method] = {}
    for k, t in enumerate(toks):
        if t.text != "function" or _text(toks, k + 2) != "(" or toks[k + 1].kind != "w":
            continue
        params_end = _match(toks, k + 2)
        j = params_end + 1
        while j < len(toks) and not _is(toks[j], "{") and not _is(toks[j], ";"):
            j += 1
        if j >= len(toks) or not _is(toks[j], "{"):
            continue
        params: list[tuple[str, Value | None, bool]] = []
        for param in _split(toks[k + 3 : params_end]):
            at = next((i for i, p in enumerate(param) if p.text.startswith("$")), None)
            if at is None:
                continue
            plain = not (at and param[at - 1].text in ("&", "."))
            default = None
            if at + 1 < len(param) and param[at + 1].text == "=":
                default = value(param[at + 2 :], consts, classes)
            params.append((param[at].text, default, plain))
        out.setdefault(toks[k + 1].text.lower(), Method(tuple(params), (j + 1, _match(toks, j))))
    return out


def unrolled(
    toks: Sequence[T],
    make: Callable[[str, int, int], T],
    consts: dict[str, str],
    classes: set[str],
    values: dict[str, Value],
    span: tuple[int, int] | None = None,
) -> tuple[list[T], list[tuple[int, str]]]:
    """``toks[span]`` (a file's tokens, ``span`` its ``up()`` body's token
    indices; all of ``toks`` by default) with each ``foreach`` over a literal
    array unrolled, literal-valued variables and reads read as their values,
    and the class's methods it calls followed (see the module docstring); and
    (offset, call) of each method call not followed. ``make(text, start,
    end)`` makes a string token; ``consts``/``classes``: the file's literal
    class constants and classes; ``values``: its array constants (``NAME``)
    and literal properties (``$name``, :func:`class_values`)."""
    methods = class_methods(toks, consts, classes)
    done = _Unroller(toks, make, consts, classes, values, methods)
    at, end = span if span is not None else (0, len(toks))
    return done.block(at, end, {}), done.unread


def class_values(
    toks: Sequence[Token],
    consts: dict[str, str],
    classes: set[str],
    construct: tuple[int, int] | None,
) -> dict[str, Value]:
    """The file's literal array class constants (``const TABLES = [...]``,
    by name; one may hold another: ``['a' => self::COLUMNS]``) and literal
    properties (``private array $tables = [...]``, ``private string $table =
    'x'``, by ``$name``): a property's default, or its one assignment
    ``$this->name = ...;`` at the top level of ``__construct`` (whose body
    spans ``construct``, file offsets) when nothing else writes it."""
    out: dict[str, Value] = {}
    for _ in range(4):  # a constant naming one declared after it: read again
        found = _class_values(toks, consts, classes, construct, out)
        if found == out:
            break
        out = found
    return out


def _class_values(
    toks: Sequence[Token],
    consts: dict[str, str],
    classes: set[str],
    construct: tuple[int, int] | None,
    known: dict[str, Value],
) -> dict[str, Value]:
    """One pass of :func:`class_values`, the array constants ``known`` read."""
    arrays = {n: v for n, v in known.items() if not n.startswith("$")}
    out: dict[str, Value] = {}
    depth = 0
    writes: dict[str, list[Value | None]] = {}
    for k, t in enumerate(toks):
        if _is(t, "{"):
            depth += 1
        elif _is(t, "}"):
            depth -= 1
        if t.kind != "w":
            continue
        prop = _text(toks, k - 2) == "$this" and _text(toks, k - 1) == "->"
        if _text(toks, k - 1) == "::" and t.text.startswith("$"):
            # a static property (self::$tables) written anywhere: not known
            if _plain_assignment(toks, k) or _writes_at(toks, k):
                writes.setdefault(t.text, []).extend([None, None])
            continue
        if not _plain_assignment(toks, k):
            if prop and _writes_at(toks, k):
                writes.setdefault("$" + t.text, []).append(None)
            continue
        stop = _statement_end(toks, k, len(toks))
        rhs = toks[k + 2 : stop - 1 if _is(toks[stop - 1], ";") else stop]
        found = value(rhs, consts, classes, arrays)
        if prop:
            top = (
                construct is not None
                and construct[0] <= t.start < construct[1]
                and depth == 2
                and _text(toks, k - 3) in (";", "{", "}")
            )
            writes.setdefault("$" + t.text, []).append(found if top else None)
        elif depth == 1 and found is not None:
            # a property's default; an array constant (`const TABLES`, `const array TABLES`)
            const = "const" in (_text(toks, k - 1), _text(toks, k - 2))
            if t.text.startswith("$") or (const and isinstance(found, PhpArray)):
                out.setdefault(t.text, found)
    for name, done in writes.items():
        out.pop(name, None)
        if len(done) == 1 and done[0] is not None:
            out[name] = done[0]
    return out
