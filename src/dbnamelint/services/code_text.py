"""The text of a migration written in code (Go, Java, Kotlin) as the gate
compares and searches it: tokens with their lines, where an applied
migration's code changed, which string literals hold DDL and whether a
``// dbnamelint: ignore[DBN013] <reason>`` comment accepts them.

The language is the caller's: a tokenizer (:func:`tokens_of` with one
pattern per language) whose comments start with ``//`` or ``/*`` and whose
string literals start with a quote or a backquote.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from dbnamelint.code_ddl_text import SELECT_INTO
from dbnamelint.core.lazyre import lazy_compile

#: Text of a string literal that creates, alters, renames or drops a named object.
_DDL = lazy_compile(
    r"\b(?:CREATE|ALTER|DROP)(?:\s+(?:OR\s+REPLACE|UNIQUE|TEMP|TEMPORARY|VIRTUAL|"
    r"MATERIALIZED|GLOBAL|LOCAL))*\s+(?:TABLE|INDEX|VIEW|TRIGGER|SEQUENCE|SCHEMA|TYPE|"
    r"FUNCTION|PROCEDURE|DOMAIN)\b|\bRENAME\s+(?:TO|COLUMN)\b|\bADD\s+(?:COLUMN|CONSTRAINT)\b"
    # SELECT ... INTO "Backup" makes a table (trial s34 listmonk)
    rf"|\b{SELECT_INTO}",
    re.IGNORECASE,
)
#: The accepting comment: ``// dbnamelint: ignore[DBN013] <reason>``.
_ACCEPT = lazy_compile(
    r"^(?://|/\*)\s*dbnamelint\s*:\s*ignore\[([^\]]*)\]\s+(\S.*?)\s*(?:\*/)?$",
    re.IGNORECASE | re.DOTALL,
)
_DYNAMIC_NAMES = frozenset({"dbn013", "dynamic-ddl-not-read", "prepared-statement-not-read"})
#: The same acceptance in a comment of any language (``//``, ``#``, ``--``, ``/*``).
_ACCEPT_ANYWHERE = lazy_compile(
    r"(?://|#|--|/\*)[ \t]*dbnamelint[ \t]*:[ \t]*ignore\[([^\]\n]*)\][ \t]+\S", re.IGNORECASE
)

Token = tuple[str, int]  # text, 1-based line
Tokenizer = Callable[[str], list[Token]]


def tokens_of(pattern: re.Pattern[str], text: str) -> list[Token]:
    """``text`` cut by ``pattern`` (one alternative per kind of token) into
    tokens with their 1-based lines, comments included."""
    out: list[Token] = []
    line, last = 1, 0
    for match in pattern.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        out.append((match.group(), line))
    return out


def is_comment(token: str) -> bool:
    return token.startswith(("//", "/*"))


def code_text(data: bytes) -> str:
    """A code file's bytes as text: BOM dropped, CRLF as LF, bad bytes replaced."""
    return data.decode("utf-8-sig", "replace").replace("\r\n", "\n")


def code_difference(before: str, now: str, applied: Tokenizer) -> int | None:
    """The line of ``now`` where what the migration applies (``applied``: the
    tokens that count, comments and layout aside) first differs from
    ``before``; None when only what does not count changed."""
    old, new = applied(before), applied(now)
    if [t for t, _ in old] == [t for t, _ in new]:
        return None
    for (a, _), (b, line) in zip(old, new, strict=False):
        if a != b:  # within a multi-line string: the line of its first changed character
            common = next(
                (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                min(len(a), len(b)),
            )
            return line + b.count("\n", 0, common)
    return new[len(old)][1] if len(new) > len(old) else (new[-1][1] if new else 1)


def ddl_literals(text: str, tokenize: Tokenizer) -> tuple[list[int], bool]:
    """(lines of the string literals of ``text`` (cut by ``tokenize``) that
    hold DDL, whether a ``// dbnamelint: ignore[DBN013] <reason>`` comment in
    it accepts them). A literal holds DDL when its value does, or the value
    of the ``+`` chain it opens (``"create " + "table X"``; an operand that is
    a name is an unknown word): escapes decoded, as the code runs it (trial
    s40 navidrome: a new goose Go migration so written passed the gate)."""
    lines: list[int] = []
    accepted = False
    tokens = tokenize(text)
    for token, line in tokens:
        if is_comment(token):
            found = _ACCEPT.match(token)
            if found is not None:
                rules = {r.strip().lower() for r in found.group(1).split(",")}
                accepted = accepted or bool(rules & _DYNAMIC_NAMES)
        elif token[:1] in '`"' and _DDL.search(token) is not None:
            lines.append(line)
    code = [(token, line) for token, line in tokens if not is_comment(token)]
    for at, (token, line) in enumerate(code):
        if token[:1] not in '`"' or (at and code[at - 1][0] == "+"):
            continue  # not a literal opening a chain
        value, past = _chain(code, at)
        pieces = [t for t, _ in code[at:past] if t[:1] in '`"']
        if _DDL.search(value) is not None and not any(_DDL.search(t) for t in pieces):
            lines.append(line)  # only the value the code builds holds DDL
    return sorted(lines), accepted


def _chain(code: list[Token], at: int) -> tuple[str, int]:
    """The value of the ``+`` chain of literals starting at ``code[at]`` (a
    name operand as ``_``), and the index past its last literal."""
    parts = [_value(code[at][0])]
    nxt = at + 1
    while nxt + 1 < len(code) and code[nxt][0] == "+":
        operand = code[nxt + 1][0]
        if operand[:1] in '`"':
            parts.append(_value(operand))
            nxt += 2
        elif _NAME.fullmatch(operand) and nxt + 2 < len(code) and code[nxt + 2][0] == "+":
            parts.append(" _ ")
            nxt += 2
        else:
            break
    return "".join(parts), nxt


def _value(token: str) -> str:
    """A literal's value: quotes off, a quoted one's escapes decoded."""
    if token.startswith('"""'):
        return _ESCAPE.sub(_unescape, token[3:-3] if token.endswith('"""') else token[3:])
    body = token[1:-1] if len(token) > 1 and token[-1] == token[0] else token[1:]
    return body if token[0] == "`" else _ESCAPE.sub(_unescape, body)


_NAME = lazy_compile(r"[A-Za-z_]\w*")
#: Go's and Java's escapes in a quoted literal.
_ESCAPE = lazy_compile(r"\\(?:[0-7]{1,3}|x[0-9A-Fa-f]{2}|u+[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "b": "\b", "s": " ", "a": "\a"}


def _unescape(found: re.Match[str]) -> str:
    body = found.group()[1:]
    if body[0] in "01234567":
        return chr(int(body, 8))
    if body[0] in "xuU":
        return chr(int(body.lstrip("xuU"), 16))
    return _SIMPLE.get(body, body)


def accepts_dynamic(text: str) -> bool:
    """Whether a comment of code ``text`` (any language's: ``//``, ``#``,
    ``--``, ``/*``) accepts its unread DDL: ``dbnamelint: ignore[DBN013] <reason>``."""
    return accepts(text, _DYNAMIC_NAMES)


def dynamic_accept_at(text: str) -> int | None:
    """Where the first comment of code ``text`` accepting its unread DDL
    (``dbnamelint: ignore[DBN013] <reason>``) starts, or None."""
    for found in _ACCEPT_ANYWHERE.finditer(text):
        if {r.strip().lower() for r in found.group(1).split(",")} & _DYNAMIC_NAMES:
            return found.start()
    return None


def accepts(text: str, names: Collection[str]) -> bool:
    """Whether a comment of code ``text`` (``dbnamelint: ignore[CODE] <reason>``,
    in any language's comment) names one of ``names`` (lower case: codes and
    rule names)."""
    return any(
        {r.strip().lower() for r in found.group(1).split(",")} & set(names)
        for found in _ACCEPT_ANYWHERE.finditer(text)
    )
