"""What an unread statement or builder call is, which text it runs, on which table.

A rename plan notes each table or column an unread statement (``DBN012``,
``DBN013``) may have changed (:mod:`.unread`). A code migration's builder
call the reader does not know (``this Laravel Schema builder call (index)
is not read``) is no SQL statement: the statement of the file's model that
spans its line is another one (LinkAce's ``CREATE TABLE revisions``, whose
``key`` column made the unread ``$table->index(array(...))`` a note on every
table's ``key`` column, ``settings.key`` too, "(EXECUTE or CALL)"; trial
s43). Its own text is the call as written, and its table the one whose
``Schema::create('t', ...)``/``createTable('t', ...)``/``create_table("t")``
call encloses it, when that is a literal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import Diagnostic

#: A builder-call note's head: ``this <tool's builder> call (<method>) is not read``
#: (:mod:`dbnamelint.code_migrations`, :mod:`dbnamelint.fizz_schema`).
_BUILDER = lazy_compile(r"^this (.+?\b(?:call|step)) \((.+?)\)(?: is not read|: )")
#: Code tokens the scans below step over or count: comments, strings, brackets, ``;``, newlines.
_CODE = lazy_compile(
    r"(?P<c>//[^\n]*|#(?!\[)[^\n]*|/\*.*?(?:\*/|\Z))"
    r"|(?P<s>'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|`(?:[^`\\]|\\.)*`)"
    r"|(?P<w>[A-Za-z_]\w*)|(?P<p>[()\[\]{};\n])",
    re.DOTALL,
)
#: Calls whose first argument names the table the calls inside them act on:
#: Laravel's ``Schema::create``/``table``, Knex's ``createTable``/``alterTable``/
#: ``table``, Alembic's ``create_table``, fizz's ``create_table``/``change_table``.
_SCOPES = frozenset(
    {"create", "table", "createtable", "altertable", "createtableifnotexists", "create_table"}
    | {"change_table"}
)
#: The longest call text kept: a note's closure, not a whole file.
_MOST = 20_000


@dataclass(frozen=True)
class Unfollowed:
    """One unread statement or builder call of a note: ``place``
    (``path:line``), the ``text`` it runs (a statement's SQL, a call's code),
    ``what`` it is (``an EXECUTE``, ``an unread Laravel Schema builder call
    (index)``), and the ``table`` it acts on (None: not known).

    A call's ``text`` is cut to its statement; a closure passed to it comes
    whole, with what else it runs."""

    place: str
    text: str
    what: str
    table: str | None = None
    #: A builder call's string literals, case-folded (None: a statement's
    #: SQL, whose words are searched): a call names an object only by a
    #: literal of its name, not by ``config('permission.cache.key')``.
    literals: frozenset[str] | None = None


def code_literals(text: str) -> frozenset[str]:
    """The string literals of code ``text``, unquoted and case-folded."""
    return frozenset(m.group()[1:-1].casefold() for m in _CODE.finditer(text) if m.lastgroup == "s")


def builder_call(diagnostic: Diagnostic) -> str | None:
    """``an unread <tool's builder> call (<method>)`` when ``diagnostic`` is
    a code migration's note of a builder call not read, else None."""
    found = _BUILDER.match(diagnostic.message)
    if found is None:
        return None
    return f"an unread {found.group(1)} ({found.group(2)})"


def statement_kind(diagnostic: Diagnostic, call_code: str) -> str:
    """What the statement of a ``DBN012``/``DBN013`` note is, from its message:
    ``a CALL <name>``, ``an EXECUTE``, else the message's head (``this
    migration's SQL (ALTER TABLE) is completed when the code runs ...``)."""
    head = diagnostic.message.split(": ", 1)[0]
    if diagnostic.code == call_code:
        return f"a {head}" if head.upper().startswith("CALL") else "a CALL"
    if head[:7].upper() == "EXECUTE" or " EXECUTE" in head[:40].upper():
        return "an EXECUTE"
    return head if len(head) <= 80 else head[:77] + "..."


def call_text(text: str, at: int) -> str:
    """The code of the call starting at offset ``at`` of ``text``: up to the
    ``;`` (or line end) that ends its statement at its own depth, or the
    bracket that closes the one it stands in; its closures with it."""
    depth = 0
    for m in _CODE.finditer(text, at, min(len(text), at + _MOST)):
        kind = m.lastgroup
        t = m.group()
        if kind != "p":
            continue
        if t in "([{":
            depth += 1
        elif t in ")]}":
            depth -= 1
            if depth < 0:
                return text[at : m.start()]
        elif depth == 0:  # `;` or a line's end at the call's own level
            return text[at : m.start()]
    return text[at : at + _MOST]


def enclosing_table(text: str, at: int) -> str | None:
    """The table the call at offset ``at`` acts on: the literal first argument
    of the innermost enclosing call of :data:`_SCOPES` (``Schema::create('revisions',
    function ($table) { ... })``); None when no such call encloses it or its
    table is computed (``Schema::create($name, ...)``)."""
    # each open bracket: the word before it, where its first argument starts
    opened: list[tuple[str, int]] = []
    last_word = ""
    for m in _CODE.finditer(text, 0, at):
        kind = m.lastgroup
        t = m.group()
        if kind == "w":
            last_word = t
            continue
        if kind == "p" and t in "([{":
            opened.append((last_word if t == "(" else "", m.end()))
        elif kind == "p" and t in ")]}" and opened:
            opened.pop()
        if kind != "c" and t != "\n":
            last_word = ""
    for word, start in reversed(opened):
        if word.lower() not in _SCOPES:
            continue
        first = _CODE.search(text, start, at)
        while first is not None and (first.lastgroup == "c" or first.group() == "\n"):
            first = _CODE.search(text, first.end(), at)
        if first is None or first.lastgroup != "s":
            return None
        return first.group()[1:-1]
    return None
