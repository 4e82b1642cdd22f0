"""Dynamic SQL: statement text a script builds and then runs.

MySQL's ``SET @v = ...; PREPARE s FROM @v; EXECUTE s``, PL/pgSQL's
``EXECUTE <expression>`` in a ``DO`` block and SQL Server's ``EXEC(...)``
or ``sp_executesql`` run text the reader sees only in pieces. What the file
shows of that text decides what is done with it:

* one plain literal is the statement itself, read where it runs;
* MySQL's ``IF(<condition>, '<DDL>', 'SELECT 1')`` or ``CASE WHEN ... THEN
  ... ELSE ... END`` (either order, also inside ``(SELECT ... FROM ...)``
  or ``SELECT ... INTO @v``) is the DDL run under a condition the
  reader does not evaluate, read as guarded (the "drop/add if (not) exists"
  idiom: replay skips what the database would refuse);
* anything else is not read (DBN013). A literal piece holding ``CREATE``,
  ``ALTER``, ``DROP`` or ``RENAME`` (PostgreSQL also ``SELECT ... INTO``,
  which creates a table), or no literal piece at all (a variable), may make,
  rename or drop an object whose name is never checked: a warning. Text
  whose pieces hold none of those (an ``UPDATE`` built per table) is an
  info note.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.sql.parsing.lexer import Token, TokenType
from dbnamelint.model import Statement

__all__ = [
    "DDL_HEADS",
    "NO_OP_HEADS",
    "Dynamic",
    "ddl_word",
    "executed_pieces",
    "head_word",
    "if_branches",
    "mysql_value",
    "snippet",
    "unescaped_literal",
]

# Patterns compiled on first use (re's cache): most runs never get here,
# and compiling at import costs every run (about 1M instructions together).
#: Words that may create, rename or drop an object, in text run dynamically.
_DDL_WORD = r"(?i)\b(CREATE|ALTER|DROP|RENAME)\b"
#: PostgreSQL: ``SELECT ... INTO t`` in EXECUTE text creates table t
#: (PL/pgSQL takes INTO only outside the text: "SELECT INTO is not
#: currently supported within EXECUTE", manual 43.5.4).
_SELECT_INTO = r"(?is)\bSELECT\b[^;]*?\bINTO\b"
#: First words of a literal that is read as the statement it is.
DDL_HEADS = frozenset({"CREATE", "ALTER", "DROP", "RENAME"})
#: First words of the branch an ``IF(...)`` picks when nothing is to be done.
NO_OP_HEADS = frozenset({"SELECT", "DO"})
_HEAD = lazy_compile(r"[\s(]*([A-Za-z_]+)")


def ddl_word(pieces: Sequence[str] | None, *, select_into: bool = False) -> tuple[str, str] | None:
    """Why text built from ``pieces`` may create, rename or drop an object:
    (the DDL word, the piece holding it), ``("", "")`` when no piece is
    visible (the text is a variable or a call's result), None when the
    pieces hold no such word (``select_into``: PostgreSQL, where ``SELECT
    ... INTO`` counts)."""
    if not pieces:
        return "", ""
    for piece in pieces:
        found = re.search(_DDL_WORD, piece)
        if found is not None:
            return found.group(1).upper(), piece
        if select_into and re.search(_SELECT_INTO, piece):
            return "SELECT INTO", piece
    return None


def head_word(text: str) -> str:
    """The first word of ``text``, upper-cased ('' when it has none)."""
    found = _HEAD.match(text)
    return found.group(1).upper() if found else ""


def snippet(text: str, limit: int = 60) -> str:
    """``text`` on one line, spaces collapsed, cut to ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


#: MySQL's backslash escapes (manual 11.1.1, Table 11.1); any other ``\x`` is ``x``,
#: except ``\%`` and ``\_``, which keep their backslash.
_MYSQL_ESCAPES = {"0": "\0", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a"}


def unescaped_literal(
    written: str, quote: str, *, backslashes: bool
) -> tuple[str, tuple[int, ...]]:
    """The statement a quoted literal holds, as the server reads it, and
    for each of its characters (and its end) the offset in ``written`` (the
    literal's characters between its quotes) it is read from.

    A doubled ``quote`` is one; with ``backslashes`` (MySQL) ``\\x`` escapes too.
    """
    out: list[str] = []
    where: list[int] = []
    i = 0
    while i < len(written):
        char = written[i]
        where.append(i)
        if char == quote and written[i + 1 : i + 2] == quote:
            out.append(quote)
            i += 2
        elif char == "\\" and backslashes and i + 1 < len(written):
            nxt = written[i + 1]
            if nxt in "%_":
                out.append(char)
                where.append(i + 1)
                out.append(nxt)
            else:
                out.append(_MYSQL_ESCAPES.get(nxt, nxt))
            i += 2
        else:
            out.append(char)
            i += 1
    where.append(len(written))
    return "".join(out), tuple(where)


class Dynamic:
    """What a MySQL user variable or prepared statement holds, as the file shows it.

    ``text``: (offset in ``origin`` of the literal's first character, the
    statement it holds, where each of its characters is written: see
    :func:`unescaped_literal`) when it is read where it runs;
    ``guarded``: chosen by an ``IF`` against a no-op; ``read``: nothing
    left to read (``migrate``'s own text, read at its SET, or a no-op);
    ``pieces``: otherwise, the literal pieces visible (None: none).
    ``shown``: how a note names the text; ``origin``: the statement the
    text is written in (``text``'s offset is in it). A plain class: a
    dataclass costs more to define at import (every run) than this
    module's whole use in most runs.
    """

    __slots__ = ("guarded", "origin", "pieces", "read", "shown", "text")

    def __init__(
        self,
        origin: Statement | None = None,
        text: tuple[int, str, tuple[int, ...]] | None = None,
        *,
        guarded: bool = False,
        read: bool = False,
        pieces: tuple[str, ...] | None = None,
        shown: str = "",
    ) -> None:
        self.origin = origin
        self.text = text
        self.guarded = guarded
        self.read = read
        self.pieces = pieces
        self.shown = shown


def _closing(tokens: Sequence[Token], opening: int) -> int:
    """Index of the ``)`` closing the ``(`` at ``opening`` (-1: none)."""
    depth = 0
    for j in range(opening, len(tokens)):
        kind = tokens[j].token_type
        if kind is TokenType.L_PAREN:
            depth += 1
        elif kind is TokenType.R_PAREN:
            depth -= 1
            if depth == 0:
                return j
    return -1


def if_branches(tokens: Sequence[Token], at: int) -> tuple[int, Token, Token] | None:
    """``IF(condition, 'a', 'b')`` or ``CASE WHEN condition THEN 'a' ELSE 'b'
    END`` starting at ``tokens[at]``: the index of its last token (``)`` or
    ``END``) and the two branch literals, when both are one plain literal
    each (a CASE of one WHEN)."""
    if at < len(tokens) and tokens[at].token_type is TokenType.CASE:
        return _case_branches(tokens, at)
    if (
        at + 1 >= len(tokens)
        or tokens[at].text.upper() != "IF"
        or tokens[at + 1].token_type is not TokenType.L_PAREN
    ):
        return None
    close = _closing(tokens, at + 1)
    if close < 0:
        return None
    commas: list[int] = []
    depth = 0
    for j in range(at + 2, close):
        kind = tokens[j].token_type
        if kind is TokenType.L_PAREN:
            depth += 1
        elif kind is TokenType.R_PAREN:
            depth -= 1
        elif kind is TokenType.COMMA and depth == 0:
            commas.append(j)
    if len(commas) != 2 or commas[1] != commas[0] + 2 or close != commas[1] + 2:
        return None
    first, second = tokens[commas[0] + 1], tokens[commas[1] + 1]
    if first.token_type is not TokenType.STRING or second.token_type is not TokenType.STRING:
        return None
    return close, first, second


def _case_branches(tokens: Sequence[Token], at: int) -> tuple[int, Token, Token] | None:
    """:func:`if_branches` of ``CASE WHEN c THEN 'a' ELSE 'b' END`` at ``tokens[at]``."""
    depth, end, whens = 0, -1, 0
    for j in range(at, len(tokens)):
        kind = tokens[j].token_type
        if kind is TokenType.CASE:
            depth += 1
        elif kind is TokenType.END:
            depth -= 1
            if depth == 0:
                end = j
                break
        elif kind is TokenType.WHEN:
            whens += 1
    if end < at + 6 or whens != 1 or tokens[at + 1].token_type is not TokenType.WHEN:
        return None
    then, first, otherwise, second = tokens[end - 4 : end]
    if (
        then.token_type is not TokenType.THEN
        or otherwise.token_type is not TokenType.ELSE
        or first.token_type is not TokenType.STRING
        or second.token_type is not TokenType.STRING
    ):
        return None
    return end, first, second


#: How far :func:`executed_pieces` looks for an EXECUTE's end: each EXECUTE
#: of a body with no ``;`` would otherwise scan the rest of it (quadratic).
_LONGEST_EXPRESSION = 100_000


def executed_pieces(text: str, start: int) -> tuple[int, list[str] | None]:
    """PL/pgSQL: the end of the ``EXECUTE`` expression starting at
    ``text[start]`` (its ``;``, or the text's end) and the literals written
    in it, as the server reads them ('' undoubled; ``E'...'`` escapes and
    ``$q$...$q$`` bodies taken as they are; None past
    :data:`_LONGEST_EXPRESSION` characters: not known). Comments are skipped."""
    pieces: list[str] = []
    i = start
    while i < len(text):
        if i - start > _LONGEST_EXPRESSION:
            return i, None
        char = text[i]
        if char == ";":
            return i, pieces
        if text.startswith("--", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = len(text) if end < 0 else end + 2
        elif char == "'":
            escaped = i > 0 and text[i - 1] in "eE" and not (text[i - 2 : i - 1].isalnum())
            j = i + 1
            body: list[str] = []
            while j < len(text):
                if escaped and text[j] == "\\" and j + 1 < len(text):
                    body.append(text[j + 1])
                    j += 2
                elif text[j] == "'" and text[j + 1 : j + 2] == "'":
                    body.append("'")
                    j += 2
                elif text[j] == "'":
                    break
                else:
                    body.append(text[j])
                    j += 1
            pieces.append("".join(body))
            i = j + 1
        elif char == "$":
            tag = re.compile(r"\$(?:[^\W\d]\w*)?\$").match(text, i)
            if tag is None:
                i += 1
                continue
            close = text.find(tag.group(0), tag.end())
            if close < 0:
                pieces.append(text[tag.end() :])
                return len(text), pieces
            pieces.append(text[tag.end() : close])
            i = close + len(tag.group(0))
        else:
            i += 1
    return len(text), pieces


def _literal(text: str, token: Token) -> tuple[int, str, tuple[int, ...]]:
    """:attr:`Dynamic.text` of a MySQL literal token written in ``text``."""
    quote = text[token.start]
    inner, where = unescaped_literal(text[token.start + 1 : token.end], quote, backslashes=True)
    return token.start + 1, inner, where


def mysql_value(statement: Statement, tokens: Sequence[Token], shown: str) -> Dynamic:
    """What a MySQL ``SET @v = <value>`` (or ``SELECT <value> INTO @v``,
    ``PREPARE s FROM <value>``) puts in ``@v``: ``tokens`` are the value's,
    located in ``statement``.

    One literal is read where it runs. ``IF(c, '<DDL>', '<no-op>')``, bare
    or as ``(SELECT IF(...) [FROM ...])``, is its DDL read as guarded; two
    no-ops leave nothing to read. Anything else is not read: its literal
    pieces say how loud the note is."""
    text = statement.text
    strings = [t for t in tokens if t.token_type is TokenType.STRING]
    if len(tokens) == 1 and strings:
        return Dynamic(statement, _literal(text, strings[0]), shown=shown)
    branches = if_branches(tokens, 0)
    if branches is not None and branches[0] != len(tokens) - 1:
        branches = None
    if (
        branches is None
        and len(tokens) > 3
        and tokens[0].token_type is TokenType.L_PAREN
        and tokens[1].token_type is TokenType.SELECT
        and _closing(tokens, 0) == len(tokens) - 1
    ):
        branches = if_branches(tokens, 2)
        after = branches[0] + 1 if branches is not None else 0
        if after < len(tokens) - 1 and tokens[after].token_type is not TokenType.FROM:
            branches = None  # more than the IF is selected
    if branches is not None:
        _, first, second = branches
        texts = [_literal(text, first), _literal(text, second)]
        heads = [head_word(t[1]) for t in texts]
        if heads[0] in NO_OP_HEADS and heads[1] in NO_OP_HEADS:
            return Dynamic(read=True, shown=shown)
        for one, other in ((0, 1), (1, 0)):
            if heads[one] in DDL_HEADS and heads[other] in NO_OP_HEADS:
                return Dynamic(statement, texts[one], guarded=True, shown=shown)
    return Dynamic(pieces=tuple(t.text for t in strings) or None, shown=shown)
