"""Whether a name written inside a string literal of a body is read as a relation.

A routine body is code, but the strings in it are data: a ``RAISE EXCEPTION
'item_log.k is immutable'`` names no relation, and dropping a view called
``item_log`` leaves the function working (PostgreSQL resolves only the code
of a PL/pgSQL body, when it runs). A string becomes SQL only when the body
runs it: ``EXECUTE 'SELECT ... FROM item_log'``, ``EXECUTE format(...)``,
``PREPARE s FROM '...'`` (MySQL), or a string built first and executed later
(``q := '...'; EXECUTE q``). A string that is exactly a relation's name
(``'item_log'::regclass``, ``format('%I', 'item_log')``, a trigger argument)
names it as data and is kept as a read.

:func:`literals` finds the strings (a routine's own quoted body, ``AS $$...$$``
or ``AS '...'``, is code, not one of them); :func:`judge` says what a name in
one of them is.
"""

from __future__ import annotations

import re
from enum import Enum

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile


class Literal(Struct, frozen=True):
    """A string literal's content: ``text[start:end]``, quotes excluded."""

    start: int
    end: int


class StringUse(Enum):
    """What a name inside a string literal is, for a body that may read it."""

    DATA = "data"  # a message or a value: no relation is read
    NAME = "name"  # the whole string is the name: read as a relation (regclass, %I)
    DYNAMIC = "dynamic"  # the string is, or may be, run as SQL


#: A dollar quote's tag (PostgreSQL manual 4.1.2.4): ``$$`` or ``$tag$``.
_DOLLAR = lazy_compile(r"\$(?:[A-Za-z_]\w*)?\$")
#: Statement words that give a string its use: messages (``RAISE``,
#: ``ASSERT``, MySQL ``SIGNAL``/``RESIGNAL``, ``COMMENT ON``) and dynamic SQL
#: (``EXECUTE`` but not a trigger's ``EXECUTE FUNCTION``, ``PREPARE``);
#: ``;`` ends a statement.
_MARKER = lazy_compile(
    r"(?i)(?<![\w$.])(raise|assert|signal|resignal|comment\s+on|prepare"
    r"|execute(?!\s+(?:function|procedure)\b))(?![\w$])|(;)"
)
#: Code that runs a string as SQL somewhere in the statement: ``EXECUTE``,
#: ``PREPARE``, PostgreSQL's ``query_to_xml`` family and the ``dblink`` ones.
_RUNS_STRINGS = lazy_compile(
    r"(?i)(?<![\w$.])(?:prepare|execute(?!\s+(?:function|procedure)\b)|query_to_xml\w*"
    r"|dblink\w*)(?![\w$])"
)
#: ``::regclass`` (or ``regclass``-like casts) right after a string: the string names a relation.
_REGCLASS = lazy_compile(r"(?i)\s*::\s*reg(?:class|type|proc)\b")


def literals(text: str, body: int | None = None, *, mysql: bool = False) -> list[Literal]:
    """The string literals of one statement's ``text`` (comments skipped).

    ``body``: offset of the opening quote of the routine's own body (``$$``
    or ``'``), whose content is code: strings inside it are listed, written
    with doubled quotes in a ``'``-quoted body (``''x''``). ``mysql``:
    backslash escapes, and ``"..."`` is a string (MySQL's default SQL mode);
    otherwise ``"..."`` is a quoted name and dollar quotes are strings.
    """
    out: list[Literal] = []
    n = len(text)
    i = 0
    # In a '-quoted body, the body's closing quote and its doubled inner quotes.
    body_end: int | None = None
    while i < n:
        c = text[i]
        if body_end is not None and i >= body_end:
            body_end = None
            i += 1  # the body's closing quote
            continue
        if c == "-" and text.startswith("--", i):
            nl = text.find("\n", i)
            i = n if nl < 0 else nl
            continue
        if c == "/" and text.startswith("/*", i):
            close = text.find("*/", i + 2)
            i = n if close < 0 else close + 2
            continue
        if c == "#" and mysql:
            nl = text.find("\n", i)
            i = n if nl < 0 else nl
            continue
        if c == "$" and not mysql:
            tag = _DOLLAR.match(text, i)
            if tag is not None and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
                close = text.find(tag.group(), tag.end())
                end = n if close < 0 else close
                if i == body:
                    i = tag.end()  # the body: its content is code
                    continue
                out.append(Literal(tag.end(), end))
                i = n if close < 0 else close + len(tag.group())
                continue
        if c == "'" and i == body:
            body_end = _quoted_end(text, i + 1, "'", mysql)
            i += 1
            continue
        if c == "'" and body_end is not None:
            # Inside a '-quoted body, '' opens a string whose '' closes it ('''' is a quote).
            if text.startswith("''", i):
                j = i + 2
                while j < body_end:
                    if text.startswith("''''", j):
                        j += 4
                    elif text.startswith("''", j):
                        break
                    else:
                        j += 1
                out.append(Literal(i + 2, min(j, body_end)))
                i = j + 2
                continue
            i += 1
            continue
        if c == "'" or (c == '"' and mysql):
            end = _quoted_end(text, i + 1, c, mysql)
            out.append(Literal(i + 1, end))
            i = end + 1
            continue
        if c in '"`':
            end = _quoted_end(text, i + 1, c, False)
            i = end + 1
            continue
        i += 1
    return out


def _quoted_end(text: str, i: int, quote: str, backslash: bool) -> int:
    """Offset of the quote closing a string or name opened before ``i``
    (a doubled quote is one quote; ``backslash``: ``\\`` escapes); the end of
    ``text`` when it is not closed."""
    n = len(text)
    while i < n:
        c = text[i]
        if backslash and c == "\\":
            i += 2
            continue
        if c == quote:
            if text.startswith(quote, i + 1):
                i += 2
                continue
            return i
        i += 1
    return n


def containing(spans: list[Literal], offset: int) -> Literal | None:
    """The literal of ``spans`` (in text order) whose content holds ``offset``."""
    for span in spans:
        if span.start <= offset < span.end:
            return span
        if span.start > offset:
            break
    return None


def judge(text: str, spans: list[Literal], span: Literal, name: str) -> StringUse:
    """What ``name`` written in the literal ``span`` of ``text`` is.

    The statement word before the string decides first: a message's
    (``RAISE``, ``ASSERT``, ``SIGNAL``, ``COMMENT ON``) is data, an
    ``EXECUTE``'s or ``PREPARE``'s is dynamic SQL. Otherwise a string that is
    the name alone (schema-qualified or quoted too) or is cast to ``regclass``
    names the relation; any other string is dynamic when the statement runs
    strings as SQL anywhere (``q := '...'; EXECUTE q``), else data.
    """
    code = _mask(text, spans)
    marker = None
    for found in _MARKER.finditer(code, 0, span.start):
        marker = None if found.group(2) else found.group(1).lower()
    if marker is not None:
        if marker in ("execute", "prepare"):
            return StringUse.DYNAMIC
        return StringUse.DATA
    content = text[span.start : span.end].strip()
    if _whole_name(content, name) or _REGCLASS.match(text, span.end + 1):
        return StringUse.NAME
    if _RUNS_STRINGS.search(code):
        return StringUse.DYNAMIC
    return StringUse.DATA


def _whole_name(content: str, name: str) -> bool:
    """Whether a string's content is ``name`` alone, maybe qualified or quoted."""
    word = re.escape(name)
    pattern = rf'(?:(?:"[^"]+"|`[^`]+`|[\w$]+)\s*\.\s*)?(?:"{word}"|`{word}`|{word})'
    return re.fullmatch(pattern, content, re.IGNORECASE) is not None


def _mask(text: str, spans: list[Literal]) -> str:
    """``text`` with every literal's content blanked (offsets kept)."""
    parts = []
    at = 0
    for span in spans:
        parts.append(text[at : span.start])
        parts.append(" " * (span.end - span.start))
        at = span.end
    parts.append(text[at:])
    return "".join(parts)
