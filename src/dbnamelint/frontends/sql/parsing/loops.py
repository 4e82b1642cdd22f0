"""``EXECUTE format(...)`` in a PL/pgSQL loop over a constant list, unrolled.

windmill's first migration runs one statement text per table::

    DECLARE i text; arr text[] := array['resource', 'script', 'flow'];
    BEGIN FOREACH i IN ARRAY arr LOOP
      EXECUTE FORMAT($$ ALTER TABLE %1$I ADD COLUMN extra_perms JSONB ...;
                        CREATE INDEX %1$I_extra_perms ON %1$I ...; $$, i);
    END LOOP; END

The list is constant, so the text each pass runs is known: it is read as
``EXECUTE '<literal>'`` is, once a value, and the objects it makes enter the
model. Read only when everything is constant (anything else stays DBN013):

- the loop is ``FOREACH v IN ARRAY <list> LOOP`` (PostgreSQL manual 43.6.7,
  "Looping through Arrays") or ``FOR v IN SELECT unnest(<list>) LOOP``
  (43.6.6), ``<list>`` an ``ARRAY['a', 'b']`` of string literals or a
  variable the block declares with one (``arr text[] := ARRAY[...]``) and
  never assigns again; ``v`` is not assigned in the loop;
- the statement is ``EXECUTE format('<text>', <args>);`` (the text a
  quoted or dollar-quoted constant), each argument the loop's variable or
  a string literal; ``format`` (manual 9.4.1) with ``%s``, ``%I``, ``%L``
  and ``%%``, positions ``%n$`` or in order (flags and widths: not read).
  ``%I`` quotes as ``quote_ident`` does: as written when the value is a
  lower-case name that is no reserved word, else double-quoted.

Outside such a loop, text that is constant all the same is read the same
way (:func:`constant_text`): ``format()`` whose arguments are all string
literals, and literals (and such calls) joined by ``||`` (manual 9.4).

A routine's body read where a statement runs it with constant arguments
(``SELECT mk('audit_log')``) knows its parameters' values: ``bound`` maps
each parameter's name (lower case) to the text it holds (a :class:`Located`,
each character's place in the calling statement), so a ``format``
argument, a ``||`` piece or a ``quote_ident(...)`` of one is that text,
located at the argument that spells it: a character's offset ``w`` in a
:data:`Literal` below 0 is at ``-w - 1`` of the call's text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import profile_for

#: A text a statement runs, as :func:`_read_literal` takes it: the offset
#: it is located from, the text, and each character's offset from there.
Literal = tuple[int, str, tuple[int, ...]]

_DOLLAR = r"\$(?:[^\W\d]\w*)?\$"
_LIST = r"ARRAY\s*\[(?P<items>[^\]]*)\]|(?P<var>[^\W\d]\w*)"
_FOREACH = lazy_compile(
    rf"\bFOREACH\s+(?P<v>[^\W\d]\w*)\s+IN\s+ARRAY\s+(?:{_LIST})\s+LOOP\b", re.IGNORECASE
)
_FOR_UNNEST = lazy_compile(
    rf"\bFOR\s+(?P<v>[^\W\d]\w*)\s+IN\s+SELECT\s+unnest\s*\(\s*(?:{_LIST})\s*\)"
    rf"(?:\s+(?:AS\s+)?[^\W\d]\w*)?\s+LOOP\b",
    re.IGNORECASE,
)
_LOOP_WORDS = lazy_compile(r"\bEND\s+LOOP\b|\bLOOP\b", re.IGNORECASE)
_ITEM = lazy_compile(r"\s*'((?:[^']|'')*)'(?:\s*::\s*\w+)?\s*(?:,|$)")
_FORMAT = lazy_compile(rf"\s*format\s*\(\s*(?:'(?P<q>(?:[^']|'')*)'|(?P<d>{_DOLLAR}))", re.I)
_ARG = lazy_compile(r"\s*,\s*(?:'(?P<lit>(?:[^']|'')*)'|(?P<name>[^\W\d]\w*))")
_END = lazy_compile(r"\s*\)\s*(?:;|$)")
_SPEC = lazy_compile(r"%(?:(?P<pos>[1-9]\d*)\$)?(?P<type>[sIL%])|%")
#: What ``quote_ident`` leaves unquoted (a keyword aside): lower-case letters,
#: digits and ``_``, not starting with a digit (PostgreSQL's
#: ``quote_identifier``, ruleutils.c; ``format('%I', 'a$b')`` is ``"a$b"``).
_NAME = lazy_compile(r"[a-z_][a-z0-9_]*")
#: Quoted text, comments and ``;``: where a run text's statements end.
_SPLIT = lazy_compile(
    rf"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|(?P<d>{_DOLLAR}).*?(?P=d)|--[^\n]*|/\*.*?\*/|;",
    re.DOTALL,
)


def constant_loops(text: str) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """``(start, end, variable, values)`` of each loop of the PL/pgSQL body
    ``text`` over a constant list (see the module's docstring)."""
    out = []
    for pattern in (_FOREACH, _FOR_UNNEST):
        for m in pattern.finditer(text):
            items = m.group("items")
            if items is None:
                items = _declared(text, m.group("var"), m.start())
            values = _strings(items) if items is not None else None
            end = _loop_end(text, m.end())
            var = m.group("v")
            if values is None or end is None:
                continue
            if re.search(rf"\b{re.escape(var)}\s*:=", text[m.end() : end], re.IGNORECASE):
                continue  # assigned in the loop: no longer the list's value
            out.append((m.end(), end, var, values))
    return out


def _declared(text: str, var: str, before: int) -> str | None:
    """The ``ARRAY[...]`` items a ``DECLARE`` gives ``var``, when nothing
    assigns it again; None otherwise."""
    found = list(
        re.finditer(
            rf"\b{re.escape(var)}\s+\w+\s*\[\s*\]\s*(?::=|=|\bDEFAULT\b)\s*ARRAY\s*\[([^\]]*)\]",
            text[:before],
            re.IGNORECASE,
        )
    )
    if len(found) != 1:
        return None
    assigned = re.findall(rf"\b{re.escape(var)}\s*:=", text, re.IGNORECASE)
    if len(assigned) > (1 if ":=" in found[0].group(0) else 0):
        return None
    return found[0].group(1)


def _strings(items: str) -> tuple[str, ...] | None:
    """The string literals of an ``ARRAY[...]``'s items; None when any item is
    something else."""
    values: list[str] = []
    at = 0
    while at < len(items.rstrip()):
        m = _ITEM.match(items, at)
        if m is None:
            return None
        values.append(m.group(1).replace("''", "'"))
        at = m.end()
    return tuple(values) or None


def _loop_end(text: str, start: int) -> int | None:
    """Where the loop whose body starts at ``start`` ends (its ``END LOOP``)."""
    depth = 1
    for m in _LOOP_WORDS.finditer(text, start):
        depth += -1 if m.group().upper().startswith("END") else 1
        if depth == 0:
            return m.start()
    return None


def unrolled(
    text: str,
    at: int,
    loops: list[tuple[int, int, str, tuple[str, ...]]],
    bound: Mapping[str, str] | None = None,
) -> list[Literal] | None:
    """The statements ``EXECUTE format(...)`` (its text from ``at``, after
    the word EXECUTE) runs in the constant loop around it, once each value;
    None when it is not read (no such loop, or anything not constant).
    ``bound``: the values of the routine's parameters (module docstring)."""
    around = [loop for loop in loops if loop[0] <= at < loop[1]]
    if len(around) != 1:
        return None  # none, or nested loops: not read
    _start, _end, var, values = around[0]
    call = _format_call(text, at)
    if call is None:
        return None
    fmt_at, fmt, fmt_where, args, after = call
    looped = var.lower()
    args = [a if a.lower() == looped else _bound(a, bound) for a in args]
    if any(isinstance(a, _Variable) and a.lower() != looped for a in args):
        return None  # another variable: not constant
    if _END.match(text, after) is None:
        return None
    out: list[Literal] = []
    for value in values:
        made = _format(fmt, fmt_where, [value if isinstance(a, _Variable) else a for a in args])
        if made is None:
            return None
        out += _statements(0, made[0], _from(fmt_at, made[1]))
    return out


class Located(str):
    """A parameter's value, each character's offset in the calling
    statement's text (:func:`located`)."""

    __slots__ = ("spots",)
    spots: tuple[int, ...]


def located(value: str, spots: tuple[int, ...]) -> Located:
    """``value`` with the offsets of its characters in the call's text."""
    out = Located(value)
    out.spots = spots
    return out


def _spots(value: str, made: str) -> list[int]:
    """Where each character of ``made`` (``value`` as written, quoted or
    not) is told to be: a :class:`Located` value's characters in the call
    (encoded below 0), all at its first when quoting changed them."""
    if not isinstance(value, Located) or not value.spots:
        return []
    if made == value:
        return [-1 - w for w in value.spots]
    return [-1 - value.spots[0]] * len(made)


class _Variable(str):
    """A ``format`` argument that is a variable's name, not a literal."""

    __slots__ = ()


def _bound(arg: str, bound: Mapping[str, str] | None) -> str:
    """A ``format`` argument: a parameter's name is the value ``bound``
    gives it (a variable of any other name stays one)."""
    if bound and isinstance(arg, _Variable) and arg.lower() in bound:
        return bound[arg.lower()]
    return arg


def _format_call(text: str, at: int) -> tuple[int, str, list[int], list[str], int] | None:
    """``format('<text>', <args>)`` starting at ``text[at]``: where its format
    text starts, that text (quotes undoubled), each character's offset from
    there, its arguments (a literal's value, or a :class:`_Variable`), and
    where the call's ``)`` is looked for; None for anything else."""
    head = _FORMAT.match(text, at)
    if head is None:
        return None
    if head.group("d") is not None:
        tag = head.group("d")
        close = text.find(tag, head.end())
        if close < 0:
            return None
        fmt_at, fmt, after = head.end(), text[head.end() : close], close + len(tag)
        fmt_where = list(range(len(fmt)))
    else:
        fmt_at, written, after = head.start("q"), head.group("q"), head.end()
        fmt, fmt_where = _undoubled(written)
    args: list[str] = []
    while (arg := _ARG.match(text, after)) is not None:
        name = arg.group("name")
        args.append(_Variable(name) if name is not None else arg.group("lit").replace("''", "'"))
        after = arg.end()
    return fmt_at, fmt, fmt_where, args, after


#: One piece of a constant text: a quoted or dollar-quoted literal, or a
#: ``format(...)`` call (read by :func:`_format_call`).
_PIECE = lazy_compile(rf"\s*(?:'(?P<q>(?:[^']|'')*)'|(?P<d>{_DOLLAR})|(?P<f>format\s*\())", re.I)
_CONCAT = lazy_compile(r"\s*\|\|")
#: A piece of ``||`` that is a name, or ``quote_ident(<name>)``: a parameter
#: when the routine's call binds it (:func:`constant_text`'s ``bound``).
_NAMED = lazy_compile(
    r"\s*(?:quote_ident\s*\(\s*(?P<qi>[^\W\d]\w*)\s*\)|(?P<n>[^\W\d]\w*)(?![\w$]|\s*[(.]))",
    re.I,
)
_ENDS = lazy_compile(r"\s*(?:;|$)")


def constant_text(
    text: str, at: int, bound: Mapping[str, str] | None = None
) -> list[Literal] | None:
    """The statements ``EXECUTE <expression>`` (its text from ``at``, after the
    word EXECUTE) runs when the expression is constant outside any loop:
    ``format('<text>', <args>)`` whose arguments are all string literals
    (formatted as in a constant loop, :func:`_format`), or string literals
    (and such calls) joined by ``||`` (PostgreSQL manual 9.4, "text ||
    text"), each character located where it is written. None for anything
    else (a variable, a call of anything else, ``USING``, an ``E'...'``
    literal, a literal alone: read as it is elsewhere). ``bound``: the
    values of the routine's parameters (module docstring)."""
    chars: list[str] = []
    where: list[int] = []
    pieces = 0
    after = at
    literal_alone = True
    while True:
        piece = _PIECE.match(text, after)
        named = _NAMED.match(text, after) if piece is None and bound else None
        if named is not None:
            value = _named(named, bound)
            if value is None:
                return None
            pieces += 1
            literal_alone = False
            chars.append(value)
            name = (named.group("qi") or named.group("n")).lower()
            spots = _spots(bound[name], value) if bound else []
            where += spots or [named.start("qi" if named.group("qi") else "n")] * len(value)
            after = named.end()
        elif piece is None:
            return None
        elif piece.group("f") is not None:
            pieces += 1
            literal_alone = False
            call = _format_call(text, piece.start("f"))
            if call is None:
                return None
            fmt_at, fmt, fmt_where, args, after = call
            args = [_bound(a, bound) for a in args]
            if any(isinstance(a, _Variable) for a in args):
                return None
            close = re.compile(r"\s*\)").match(text, after)
            if close is None:
                return None
            made = _format(fmt, fmt_where, args)
            if made is None:
                return None
            chars.append(made[0])
            where += _from(fmt_at, made[1])
            after = close.end()
        elif piece.group("d") is not None:
            pieces += 1
            tag = piece.group("d")
            close_at = text.find(tag, piece.end())
            if close_at < 0:
                return None
            chars.append(text[piece.end() : close_at])
            where += range(piece.end(), close_at)
            after = close_at + len(tag)
        else:
            pieces += 1
            value, spots = _undoubled(piece.group("q"))
            chars.append(value)
            where += [piece.start("q") + w for w in spots]
            after = piece.end()
        concat = _CONCAT.match(text, after)
        if concat is None:
            break
        after = concat.end()
    if _ENDS.match(text, after) is None:
        return None
    if pieces == 1 and literal_alone:
        return None  # one literal: read as EXECUTE '<literal>' is
    made_text = "".join(chars)
    if not made_text.strip():
        return None
    return _statements(0, made_text, where)


def _named(named: re.Match[str], bound: Mapping[str, str] | None) -> str | None:
    """The text a :data:`_NAMED` piece makes: a bound parameter's value, or
    ``quote_ident`` of it; None for a name ``bound`` does not give."""
    name = (named.group("qi") or named.group("n")).lower()
    value = bound.get(name) if bound else None
    if value is None or named.group("n"):
        return value
    return _quoted(value, "I")


def _undoubled(written: str) -> tuple[str, list[int]]:
    """A quoted literal's text with ``''`` read as one quote, and where each
    character is written."""
    chars, where = [], []
    i = 0
    while i < len(written):
        chars.append(written[i])
        where.append(i)
        i += 2 if written.startswith("''", i) else 1
    return "".join(chars), where


def _from(at: int, where: list[int]) -> list[int]:
    """``where`` (offsets in a format text) as offsets from where the text
    starts, ``at``; a call's (below 0) kept."""
    return [at + w if w >= 0 else w for w in where]


def _format(fmt: str, where: list[int], args: list[str]) -> tuple[str, list[int]] | None:
    """``format(fmt, args...)`` and, for each character, where in the format
    text it comes from (a substituted value: its ``%``); None for a format
    this does not read (flags, widths, a missing argument)."""
    chars: list[str] = []
    at: list[int] = []
    last, following = 0, 0
    for m in _SPEC.finditer(fmt):
        chars.append(fmt[last : m.start()])
        at += where[last : m.start()]
        last = m.end()
        kind = m.group("type")
        if kind is None:
            return None  # flags or a width: not read
        if kind == "%":
            chars.append("%")
            at.append(where[m.start()])
            continue
        index = int(m.group("pos")) - 1 if m.group("pos") else following
        following = index + 1
        if index >= len(args):
            return None
        value = _quoted(args[index], kind)
        if value is None:
            return None
        chars.append(value)
        at += _spots(args[index], value) or [where[m.start()]] * len(value)
    chars.append(fmt[last:])
    at += where[last:]
    return "".join(chars), at


def _quoted(value: str, kind: str) -> str | None:
    """``value`` as ``format`` writes it for ``%s``, ``%I`` (quote_ident) or
    ``%L`` (quote_literal; a backslash, which makes it ``E'...'``: not read)."""
    if kind == "s":
        return value
    if kind == "L":
        return None if "\\" in value else "'" + value.replace("'", "''") + "'"
    return quote_ident(value)


def quote_ident(value: str) -> str:
    """``value`` as PostgreSQL's ``quote_ident`` (and ``%I``, and a
    ``regclass``'s text) writes it: as is when a lower-case name that is no
    reserved word, else double-quoted, each ``"`` doubled."""
    reserved = profile_for("postgres").reserved_words
    if _NAME.fullmatch(value) and value not in reserved:
        return value
    return '"' + value.replace('"', '""') + '"'


def _statements(offset: int, text: str, where: list[int]) -> list[Literal]:
    """The statements of a run text, cut at each ``;`` outside quotes and
    comments (``EXECUTE`` runs them all when no ``USING`` binds a value),
    each with where its characters come from, relative to ``offset``."""
    out: list[Literal] = []
    start = 0
    cuts = [m.start() for m in _SPLIT.finditer(text) if m.group() == ";"] + [len(text)]
    for cut in cuts:
        piece = text[start:cut]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            begin = start + lead
            body = text[begin:cut].rstrip()
            spots = where[begin : begin + len(body)]
            base = spots[0]
            out.append(
                (
                    offset + base,
                    body,
                    (*(w - base for w in spots), spots[-1] - base + 1),
                )
            )
        start = cut + 1
    return out
