"""Laravel's schema builder kept in a variable or a property, then called.

Laravel Telescope's own migration writes ``$schema =
Schema::connection($this->getConnection());`` and then
``$schema->create('telescope_entries', ...)``; others keep the builder as
``$this->schema`` (set in ``__construct``) or take it from
``DB::connection()->getSchemaBuilder()`` or ``Schema::getFacadeRoot()``. The
reader knew only ``Schema::create(...)`` and a builder called where it is
made (``Schema::connection('x')->create(...)``), so the names such a call
makes were neither judged nor in the model, without a word: a new
``$schema->create('BadHeld', ...)`` passed the gate (trial s40 BookStack G1).

:func:`resolved` rewrites each call on a variable or ``$this->`` property
that only ever holds the builder (``$schema->create(``) as the facade's
(``Schema::create(``), which the reader then reads as any other; and returns
where a builder goes somewhere it cannot follow (an argument, a ``return``,
a variable also written with something else, a static property): the
reader's ``DBN013`` there, never silence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from dbnamelint.php_const_expr import Token

T = TypeVar("T", bound=Token)

#: ``Schema::`` methods returning the schema builder itself (Laravel's
#: ``Schema\\Builder``), not a value: ``connection('x')``, ``getFacadeRoot()``.
_MAKERS = frozenset({"connection", "getFacadeRoot"})
#: What ends a statement, walking back from an expression.
_BOUNDARY = frozenset({";", "{", "}"})
#: A key: the tokens naming a variable (``$schema``) or a property (``$this``, ``->``, ``schema``).
Key = tuple[str, ...]


def _text(toks: Sequence[Token], k: int) -> str:
    return toks[k].text if 0 <= k < len(toks) else ""


def _is_schema(tok: Token) -> bool:
    return tok.kind == "w" and tok.text.rsplit("\\", 1)[-1] == "Schema"


def _after_close(toks: Sequence[Token], at: int) -> int:
    """The index after the bracket closing the one at ``toks[at]``."""
    depth = 0
    for k in range(at, len(toks)):
        if toks[k].kind == "p" and toks[k].text in "([{":
            depth += 1
        elif toks[k].kind == "p" and toks[k].text in ")]}":
            depth -= 1
            if depth == 0:
                return k + 1
    return len(toks)


def _open_before(toks: Sequence[Token], close: int) -> int:
    """The index of the ``(`` matching the ``)`` at ``toks[close]`` (-1: none)."""
    depth = 0
    for k in range(close, -1, -1):
        if toks[k].kind == "p" and toks[k].text in ")]}":
            depth += 1
        elif toks[k].kind == "p" and toks[k].text in "([{":
            depth -= 1
            if depth == 0:
                return k
    return -1


def _made(toks: Sequence[Token], i: int) -> tuple[int, int, str] | None:
    """A builder made at ``toks[i]``: (the expression's first token, the index
    after it, what makes it); None when ``toks[i]`` makes none."""
    if (
        _is_schema(toks[i])
        and _text(toks, i + 1) == "::"
        and _text(toks, i + 2) in _MAKERS
        and _text(toks, i + 3) == "("
    ):
        return i, _after_close(toks, i + 3), f"Schema::{toks[i + 2].text}"
    if (
        toks[i].text == "getSchemaBuilder"
        and _text(toks, i - 1) in ("->", "?->", "::")
        and _text(toks, i + 1) == "("
        and _text(toks, i + 2) == ")"
    ):
        # its receiver: DB::connection('x')->, $this->db->, app('db')->
        k = i - 1
        while k > 0:
            before = toks[k - 1]
            if before.kind == "p" and before.text == ")":
                k = _open_before(toks, k - 1)
                if k <= 0:
                    break
            elif before.kind == "w" or before.text in ("->", "?->", "::"):
                k -= 1
            else:
                break
        return max(k, 0), i + 3, "getSchemaBuilder"
    return None


def _key_before(toks: Sequence[Token], eq: int) -> Key | None:
    """The variable or ``$this->`` property a statement ``<key> = ...``
    starting before ``toks[eq]`` (its ``=``) writes; None for anything else."""
    one = _text(toks, eq - 1)
    if one.startswith("$") and one != "$this" and _text(toks, eq - 2) in ("", *_BOUNDARY):
        return (one,)
    if (
        _text(toks, eq - 3) == "$this"
        and _text(toks, eq - 2) in ("->", "?->")
        and toks[eq - 1].kind == "w"
        and (eq - 4 < 0 or _text(toks, eq - 4) in _BOUNDARY)
    ):
        return ("$this", "->", one)
    return None


def _key_at(toks: Sequence[Token], k: int, key: Key) -> bool:
    """Whether ``key`` is read or written at ``toks[k]``."""
    if len(key) == 1:
        return toks[k].text == key[0] and _text(toks, k - 1) not in ("->", "?->", "::")
    return (
        toks[k].text == "$this"
        and _text(toks, k + 1) in ("->", "?->")
        and _text(toks, k + 2) == key[2]
        and _text(toks, k + 3) != "("
    )


def _plain_write(toks: Sequence[Token], k: int, key: Key) -> bool:
    """Whether the ``key`` at ``toks[k]`` is assigned with a plain ``=``."""
    after = k + len(key)
    return _text(toks, after) == "=" and _text(toks, after + 1) != "="


def _other_write(toks: Sequence[Token], k: int, key: Key) -> bool:
    """Whether the ``key`` at ``toks[k]`` is written other than by ``=``
    (``??=``, ``.=``, by reference, a ``foreach``'s variable, ``list(...)``)."""
    after = k + len(key)
    nxt, then = _text(toks, after), _text(toks, after + 1)
    return (
        (nxt in ".+-*/%|&^?" and then == "=")
        or (nxt == then == "?" and _text(toks, after + 2) == "=")
        or _text(toks, k - 1) in ("&", "as")
        or (_text(toks, k - 1) == "=>" and _text(toks, k - 3) == "as")
    )


def _in_use_list(toks: Sequence[Token], k: int) -> bool:
    """Whether ``toks[k]`` is captured by a closure's ``use (...)``."""
    j = k - 1
    while j >= 0 and (toks[j].text in (",", "&") or toks[j].text.startswith("$")):
        j -= 1
    return _text(toks, j) == "(" and _text(toks, j - 1) == "use"


def _writes(toks: Sequence[Token], key: Key) -> tuple[int, int]:
    """(how many writes of ``key`` in ``toks`` assign it a builder, how many
    write it otherwise)."""
    builders = others = 0
    for k in range(len(toks)):
        if not _key_at(toks, k, key):
            continue
        if _plain_write(toks, k, key):
            made = _made_rhs(toks, k + len(key) + 1)
            builders, others = (builders + 1, others) if made else (builders, others + 1)
        elif _other_write(toks, k, key):
            others += 1
    return builders, others


def _made_rhs(toks: Sequence[Token], at: int) -> bool:
    """Whether ``toks[at:]`` up to its ``;`` is one expression making a builder."""
    depth, stop = 0, len(toks)
    for k in range(at, len(toks)):
        t = toks[k]
        if t.kind == "p" and t.text in "([{":
            depth += 1
        elif t.kind == "p" and t.text in ")]}":
            depth -= 1
            if depth < 0:
                return False
        elif t.kind == "p" and t.text == ";" and depth == 0:
            stop = k
            break
    for k in range(at, stop):
        made = _made(toks, k)
        if made is not None and made[0] == at and made[1] == stop:
            return True
    return False


def _assigned(toks: Sequence[Token]) -> dict[Key, str]:
    """Each variable or ``$this->`` property ``toks`` assigns a builder to
    (``$schema = Schema::connection('x');``), and what makes it."""
    out: dict[Key, str] = {}
    for i in range(len(toks)):
        made = _made(toks, i)
        if made is None:
            continue
        first, end, what = made
        key = _key_before(toks, first - 1) if _text(toks, first - 1) == "=" else None
        if key is not None and _text(toks, end) == ";":
            out.setdefault(key, what)
    return out


def resolved(
    toks: Sequence[T], file_toks: Sequence[Token], make: Callable[[str, str, int, int], T]
) -> tuple[list[T], list[tuple[int, str]]]:
    """``toks`` (a body's tokens) with each call on a kept builder
    (``$schema->create(``, ``$this->schema->table(``,
    ``Schema::getFacadeRoot()->create(``) as the facade's
    (``Schema::create(``); and (offset, what) of each builder this cannot
    follow. ``file_toks``: the whole file's, where a ``$this->`` property
    may be written (``__construct``). ``make(kind, text, start, end)`` makes
    a token."""
    escaped: list[tuple[int, str]] = []
    for i in range(len(toks)):
        made = _made(toks, i)
        if made is None:
            continue
        first, end, what = made
        if _text(toks, end) in ("->", "?->"):
            continue  # called where it is made: the reader's own case
        key = _key_before(toks, first - 1) if _text(toks, first - 1) == "=" else None
        if key is None or _text(toks, end) != ";":
            escaped.append((toks[first].start, f"{what}, its builder passed on"))
    # a property may be given its builder in another method (__construct)
    keys = {**{k: v for k, v in _assigned(file_toks).items() if len(k) > 1}, **_assigned(toks)}
    # a key holds the builder only if every write of it assigns one
    held: set[Key] = set()
    for key in keys:
        builders, others = _writes(file_toks if len(key) > 1 else toks, key)
        if others == 0 and builders > 0:
            held.add(key)
    out: list[T] = []
    k = 0
    while k < len(toks):
        tok = toks[k]
        key = next((one for one in keys if _key_at(toks, k, one)), None)
        if key is not None and not _plain_write(toks, k, key):
            after = k + len(key)
            called = _text(toks, after) in ("->", "?->") and _text(toks, after + 2) == "("
            if called and key in held:
                out.append(make("w", "Schema", tok.start, tok.end))
                out.append(make("o", "::", toks[after].start, toks[after].end))
                k = after + 1
                continue
            if called or not _in_use_list(toks, k):
                name = "".join(key)
                escaped.append((tok.start, f"{name}, a Schema builder {keys[key]} made"))
        if (
            _is_schema(tok)
            and _text(toks, k + 1) == "::"
            and _text(toks, k + 2) == "getFacadeRoot"
            and [_text(toks, k + n) for n in (3, 4, 5)] == ["(", ")", "->"]
        ):
            # Schema::getFacadeRoot()->create(...): the facade's own call
            out += [tok, toks[k + 1]]
            k += 6
            continue
        out.append(tok)
        k += 1
    return out, escaped
