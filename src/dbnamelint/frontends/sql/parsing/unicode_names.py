"""PostgreSQL's Unicode-escaped identifiers, ``U&"d\\0061ta"``, as one name.

sqlglot tokenizes ``U&"..."`` as a word ``U``, an ``&`` and a quoted name
whose escapes are left as written, so the reader stopped at the ``&``
(``DBN004 '&' was not read``: trial s34 ente). PostgreSQL's manual
("Identifiers and Key Words", "Unicode escapes"): ``U&`` (either case, no
space before the quote) opens a quoted identifier where the escape
character (``\\`` unless ``UESCAPE 'c'`` follows) and four hex digits, or
``+`` and six, stand for that code point, and two escape characters for
one; a UTF-16 surrogate pair written as two escapes is one code point.
The name stored is the decoded one.
"""

from __future__ import annotations

import re

from dbnamelint.frontends.sql.parsing.lexer import Token, Tokenizing, TokenType

_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_HEX6 = re.compile(r"[0-9A-Fa-f]{6}")
#: What ``UESCAPE`` may not name (the manual: a hex digit, ``+``, a quote, a space).
_NOT_ESCAPE = frozenset("0123456789abcdefABCDEF+'\" \t\r\n")


def decode(text: str, escape: str = "\\") -> str | None:
    """A ``U&"..."`` identifier's text (its ``""`` already one quote) as the
    name PostgreSQL stores; None when an escape is invalid (PostgreSQL refuses it)."""
    out: list[str] = []
    high: int | None = None  # a UTF-16 high surrogate waiting for its low half
    at = 0
    while at < len(text):
        char = text[at]
        if char != escape:
            if high is not None:
                return None
            out.append(char)
            at += 1
            continue
        if text[at + 1 : at + 2] == escape:
            if high is not None:
                return None
            out.append(escape)
            at += 2
            continue
        if text[at + 1 : at + 2] == "+" and _HEX6.match(text, at + 2):
            code, at = int(text[at + 2 : at + 8], 16), at + 8
        elif _HEX4.match(text, at + 1):
            code, at = int(text[at + 1 : at + 5], 16), at + 5
        else:
            return None
        if 0xD800 <= code <= 0xDBFF and high is None:
            high = code
            continue
        if 0xDC00 <= code <= 0xDFFF:
            if high is None:
                return None
            code, high = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00), None
        elif high is not None or code == 0 or code > 0x10FFFF:
            return None
        out.append(chr(code))
    return None if high is not None else "".join(out)


def fold_unicode_names(tokens: list[Token]) -> list[Token]:
    """``tokens`` with each ``U&"..."`` (and its ``UESCAPE 'c'``) as one quoted
    name token, decoded; one whose escapes PostgreSQL refuses is left as it is."""
    if not any(t.token_type is TokenType.AMP for t in tokens):
        return tokens
    out: list[Token] = []
    at = 0
    while at < len(tokens):
        tok = tokens[at]
        if (
            tok.text in ("U", "u")
            and at + 2 < len(tokens)
            and tokens[at + 1].token_type is TokenType.AMP
            and tokens[at + 2].token_type is TokenType.IDENTIFIER
            and tokens[at + 1].start == tok.end + 1
            and tokens[at + 2].start == tokens[at + 1].end + 1
        ):
            name, last, escape = tokens[at + 2], at + 2, "\\"
            uescape = tokens[at + 3 : at + 5]
            if (
                len(uescape) == 2
                and uescape[0].text.upper() == "UESCAPE"
                and uescape[1].token_type is TokenType.STRING
                and len(uescape[1].text) == 1
                and uescape[1].text not in _NOT_ESCAPE
            ):
                escape, last = uescape[1].text, at + 4
            decoded = decode(name.text, escape)
            if decoded is not None:
                out.append(
                    Token(
                        TokenType.IDENTIFIER,
                        decoded,
                        line=tok.line,
                        col=name.col,
                        start=tok.start,
                        end=tokens[last].end,
                        comments=[*tok.comments, *name.comments],
                    )
                )
                at = last + 1
                continue
        out.append(tok)
        at += 1
    return out


class UnicodeNames:
    """A PostgreSQL tokenizer whose tokens have ``U&"..."`` folded (:func:`fold_unicode_names`)."""

    def __init__(self, inner: Tokenizing) -> None:
        self.inner = inner

    def tokenize(self, sql: str) -> list[Token]:
        tokens = self.inner.tokenize(sql)
        return fold_unicode_names(tokens) if "&" in sql else tokens
