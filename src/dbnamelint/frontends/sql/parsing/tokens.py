"""A cursor over sqlglot's tokens, with the few moves a DDL reader needs.

We read DDL on sqlglot's *tokens* rather than its trees: the tokenizer knows
every dialect's quoting and comments, while the tree parser gives up on a
tenth of real-world DDL (``CREATE INDEX ... ON ONLY``, ``RENAME CONSTRAINT``,
``CREATE POLICY``...) and silently mis-reads ``ALTER TABLE t RENAME a TO b``
as a table rename. A small grammar over tokens reads all of them the same way
and is several times faster than building trees we would only walk for names.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import DialectProfile, Family, profile_for, sqlglot_dialect
from dbnamelint.frontends.sql.parsing.colname import index_column_name, parenthesised_column
from dbnamelint.frontends.sql.parsing.lexer import Token, TokenType
from dbnamelint.migration_text import is_placeholder
from dbnamelint.model import Location, QualifiedName

#: A word that can be a bare name: a letter or ``_`` first, then letters, digits,
#: ``$``, ``#`` or ``@`` (the migrate full-schema editor reads names by it too).
NAME_WORD = lazy_compile(r"[^\W\d][\w$#@]*\Z")
_PUNCT_TYPES = frozenset(
    {
        TokenType.L_PAREN,
        TokenType.R_PAREN,
        TokenType.COMMA,
        TokenType.DOT,
        TokenType.SEMICOLON,
        TokenType.STRING,
        TokenType.NUMBER,
        TokenType.NATIONAL_STRING,
        TokenType.EQ,
        TokenType.STAR,
        TokenType.PARAMETER,
    }
)


class ReadError(Exception):
    """The statement does not have the shape we expected at some token."""

    def __init__(self, expected: str, token: Token | None) -> None:
        super().__init__(expected)
        self.expected = expected
        self.token = token


class NameTok(Struct, frozen=True):
    """A name read from the tokens, with the token where it starts."""

    name: str
    quoted: bool
    token: Token


class QName(Struct, frozen=True):
    """A possibly qualified name; ``last`` is the object's own name token."""

    parts: tuple[NameTok, ...]

    @property
    def last(self) -> NameTok:
        """The object's own name (the right-most part)."""
        return self.parts[-1]

    @property
    def schema(self) -> str | None:
        """The schema part, ignoring a leading database/catalog part.

        A template placeholder there (``${schema}.users``) means the schema
        is unknown: ``None``, as if unqualified.
        """
        if len(self.parts) < 2 or is_placeholder(self.parts[-2].name):
            return None
        return self.parts[-2].name

    def qualified(self) -> QualifiedName:
        """As the model's value type."""
        return QualifiedName(self.last.name, self.schema, self.last.quoted)


# Token types the cursor tests on every token, read once: on Python 3.11
# reading ``TokenType.COMMA`` goes through ``EnumType.__getattr__``'s slow path
# (about five times a global's cost; 3.12 removed it).
_L_PAREN, _R_PAREN = TokenType.L_PAREN, TokenType.R_PAREN
_IDENTIFIER, _DOT = TokenType.IDENTIFIER, TokenType.DOT
_COMMA, _SEMICOLON = TokenType.COMMA, TokenType.SEMICOLON
_L_BRACKET, _R_BRACKET = TokenType.L_BRACKET, TokenType.R_BRACKET
_HASH, _NUMBER = TokenType.HASH, TokenType.NUMBER

_MYSQL = Family.MYSQL

_NO_WORDS = frozenset({TokenType.IDENTIFIER, TokenType.STRING, TokenType.NATIONAL_STRING})


#: :func:`words_of` and :meth:`Cursor.is_name`'s pattern test, per token text:
#: a schema repeats its words and names (``id``, ``bigint``, ``NOT NULL``) in
#: every statement. Emptied when large (a tree of many distinct names).
_WORDS: dict[str, tuple[str, ...]] = {}
_NAME_WORDS: dict[str, bool] = {}
_MEMO_LIMIT = 200_000


def words_of(token: Token) -> tuple[str, ...]:
    """Upper-case words of a keyword-ish token (``PRIMARY KEY`` is one token)."""
    if token.token_type in _NO_WORDS:
        return ()
    text = token.text
    words = _WORDS.get(text)
    if words is None:
        if len(_WORDS) >= _MEMO_LIMIT:
            _WORDS.clear()
        words = _WORDS[text] = tuple(text.upper().split())
    return words


def _name_word(text: str) -> bool:
    """Whether ``text`` is a word that can be a name (:data:`NAME_WORD`), memoized."""
    found = _NAME_WORDS.get(text)
    if found is None:
        if len(_NAME_WORDS) >= _MEMO_LIMIT:
            _NAME_WORDS.clear()
        found = _NAME_WORDS[text] = NAME_WORD.match(text) is not None
    return found


class Cursor:
    """Reads a statement's tokens left to right.

    ``positions`` maps a token's start offset (relative to the statement)
    to a file :class:`Location`; it is built lazily because most statements
    in a real dump are data, not DDL.
    """

    __slots__ = ("_locate_base", "dialect_family", "end", "i", "tokens", "words")

    def __init__(
        self,
        tokens: list[Token],
        locate_base: Any,
        words: list[tuple[str, ...] | None] | None = None,
        start: int = 0,
        end: int | None = None,
        dialect_family: str | None = None,
    ) -> None:
        # A cursor reads tokens[start:end]; pieces of a statement (columns,
        # ALTER actions) share its token and word lists instead of copying.
        self.tokens = tokens
        self.end = len(tokens) if end is None else end
        # Upper-case words of each token, computed on first use: most tokens
        # of a table definition (types, defaults) are never looked at.
        self.words: list[tuple[str, ...] | None] = (
            words if words is not None else [None] * len(tokens)
        )
        self.i = start
        self._locate_base = locate_base
        if dialect_family is None:
            dialect = locate_base.source.dialect if locate_base is not None else ""
            mysql = profile_for(dialect).lexical is _MYSQL
            dialect_family = "mysql" if mysql else sqlglot_dialect(dialect)
        self.dialect_family = dialect_family

    @property
    def profile(self) -> DialectProfile:
        """The dialect profile of the statement's file."""
        base = self._locate_base
        return profile_for(base.source.dialect if base is not None else "")

    # -- looking -------------------------------------------------------
    def peek(self, k: int = 0) -> Token | None:
        """The token ``k`` ahead, or ``None`` past the end."""
        j = self.i + k
        return self.tokens[j] if j < self.end else None

    def done(self) -> bool:
        """True when every token was consumed (or only a ``;`` is left)."""
        tok = self.peek()
        return tok is None or tok.token_type is _SEMICOLON

    def at(self, *words: str) -> bool:
        """True when the next tokens spell ``words`` (case-insensitive)."""
        return self._match(words) is not None

    def at_type(self, *types: TokenType) -> bool:
        """True when the next token has one of ``types``."""
        tok = self.peek()
        return tok is not None and tok.token_type in types

    def word(self, j: int) -> tuple[str, ...]:
        """Upper-case words of token ``j``; empty for names in quotes and strings."""
        if j >= self.end:
            return ()
        words = self.words
        got = words[j]
        if got is None:
            got = words[j] = words_of(self.tokens[j])
        return got

    def _match(self, words: tuple[str, ...]) -> int | None:
        # :meth:`word` written out for the first token: the grammar asks
        # this once or more per token it reads, and one word is the usual ask.
        j = self.i
        if j >= self.end:
            return None
        got = self.words[j]
        if got is None:
            got = self.words[j] = words_of(self.tokens[j])
        if got == words:
            return j + 1
        if len(words) == 1 or not got or got[0] != words[0]:
            return None
        want = words
        while want:
            if j >= self.end:
                return None
            got = self.word(j)
            if not got or want[: len(got)] != got:
                return None
            want = want[len(got) :]
            j += 1
        return j

    # -- moving --------------------------------------------------------
    def accept(self, *words: str) -> bool:
        """Consume ``words`` if they come next."""
        # :meth:`_match`'s one-token case written out: the grammar tries
        # several alternatives per token, most of them one word that fails.
        j = self.i
        if j >= self.end:
            return False
        got = self.words[j]
        if got is None:
            got = self.words[j] = words_of(self.tokens[j])
        if got == words:
            self.i = j + 1
            return True
        if len(words) == 1 or not got or got[0] != words[0]:
            return False
        found = self._match(words)
        if found is None:
            return False
        self.i = found
        return True

    def expect(self, *words: str) -> None:
        """Consume ``words`` or fail saying they were expected."""
        if not self.accept(*words):
            raise ReadError(" ".join(words), self.peek())

    def advance(self) -> Token:
        """Consume and return one token."""
        tok = self.peek()
        if tok is None:
            raise ReadError("more tokens", None)
        self.i += 1
        return tok

    def skip_group(self) -> None:
        """Consume a parenthesised group starting at the current ``(``."""
        depth = 0
        while (tok := self.peek()) is not None:
            self.i += 1
            if tok.token_type is _L_PAREN:
                depth += 1
            elif tok.token_type is _R_PAREN:
                depth -= 1
                if depth <= 0:
                    return
        raise ReadError("')'", None)

    def skip_until(self, *words: str) -> bool:
        """Move to the next top-level occurrence of ``words``; False if none."""
        depth = 0
        while (tok := self.peek()) is not None:
            if depth == 0 and self.at(*words):
                return True
            if tok.token_type is _L_PAREN:
                depth += 1
            elif tok.token_type is _R_PAREN:
                depth -= 1
            self.i += 1
        return False

    def split_commas(
        self, *, in_parens: bool, closing: str = "')'", empty: str | None = None
    ) -> list[Cursor]:
        """Cut the rest (or the ``(...)`` group at the cursor) at top-level commas
        (a comma inside ``(...)`` or ``[...]`` is not one).

        Each piece is a cursor of its own over the same tokens, so names keep
        their exact locations. With ``in_parens`` the cursor must be at ``(``
        and stops after its ``)``; otherwise it runs to the end or a ``;``.
        Empty pieces are dropped, or with ``empty`` (what belongs there) a
        :class:`ReadError` at the comma that follows one (``a int,, b int``).
        """
        pieces: list[Cursor] = []
        if in_parens:
            self.advance()
        start = i = self.i
        end = self.end
        depth = 0
        tokens = self.tokens
        # Locals, not attribute look-ups: this loop sees every token of every
        # ALTER TABLE and CREATE TABLE, a quarter of a dump's reading time.
        l_paren, r_paren, comma, semicolon = _L_PAREN, _R_PAREN, _COMMA, _SEMICOLON
        # ``[...]`` nests as ``(...)`` does: ARRAY['a', 'b'], a[1, 2].
        l_bracket, r_bracket = _L_BRACKET, _R_BRACKET
        while i < end:
            tt = tokens[i].token_type
            if tt is l_paren or tt is l_bracket:
                depth += 1
            elif tt is r_bracket:
                depth -= 1
            elif tt is r_paren:
                depth -= 1
                if in_parens and depth < 0:
                    pieces.append(self._slice(start, i))
                    self.i = i + 1
                    return self._kept(pieces, empty)
            elif depth == 0:
                if tt is comma:
                    pieces.append(self._slice(start, i))
                    start = i + 1
                elif tt is semicolon and not in_parens:
                    break
            i += 1
        self.i = i
        if in_parens:
            raise ReadError(closing if closing != "')'" else "')' closing the list", None)
        pieces.append(self._slice(start, i))
        return self._kept(pieces, empty)

    def _kept(self, pieces: list[Cursor], empty: str | None) -> list[Cursor]:
        # ``()`` is an empty list (PostgreSQL's CREATE TABLE t ()); with a
        # comma, an empty piece is a syntax error, except the last one in
        # SQL Server and ClickHouse, which accept a trailing comma in a table
        # definition (langfuse's ClickHouse migrations end their columns so).
        if empty is not None and len(pieces) > 1:
            last = len(pieces) - 1
            trailing_ok = self.dialect_family in ("tsql", "clickhouse")
            for number, piece in enumerate(pieces):
                if piece.i < piece.end or (number == last and trailing_ok):
                    continue
                at = self.tokens[piece.end] if piece.end < len(self.tokens) else None
                raise ReadError(empty, at)
        return [p for p in pieces if p.i < p.end]

    def _slice(self, a: int, b: int) -> Cursor:
        return Cursor(self.tokens, self._locate_base, self.words, a, b, self.dialect_family)

    @property
    def text(self) -> str:
        """The statement's text (empty for cursors over loose tokens)."""
        stmt = self._locate_base
        return "" if stmt is None else str(stmt.text)

    def rest_text(self) -> str:
        """Source text from the current token to the end, for quick scans."""
        stmt = self._locate_base
        if stmt is None or self.i >= self.end:
            return ""
        return str(stmt.text[self.tokens[self.i].start : self.tokens[self.end - 1].end + 1])

    # -- names ---------------------------------------------------------
    def is_name(self, tok: Token | None) -> bool:
        """Whether a token can be a name (identifiers and non-reserved words)."""
        if tok is None:
            return False
        tt = tok.token_type
        if tt is _IDENTIFIER:
            return True
        if tt in _PUNCT_TYPES:
            return False
        found = _NAME_WORDS.get(tok.text)
        if found is None:
            found = _name_word(tok.text)
        if found:
            return True
        # SQL Server #temp / ##global: sqlglot splits off the '#'
        return tt is _HASH and self.dialect_family == "tsql"

    def name(self, what: str = "a name") -> NameTok:
        """Consume one name token (SQL Server: ``#t``/``##t`` are read as one name)."""
        tok = self.tokens[self.i] if self.i < self.end else None
        if not self.is_name(tok):
            raise ReadError(what, tok)
        assert tok is not None
        tt = tok.token_type
        if tt is _HASH:
            return self._temp_name(tok, what)
        self.i += 1
        return NameTok(tok.text, tt is _IDENTIFIER, tok)

    def _temp_name(self, tok: Token, what: str) -> NameTok:
        """SQL Server ``#name`` / ``##name``: sqlglot splits off the ``#``; the
        name is the source text of the tokens written together with it."""
        tokens, j = self.tokens, self.i
        while j + 1 < self.end and tokens[j + 1].start == tokens[j].end + 1:
            nxt = tokens[j + 1]
            if nxt.token_type in _PUNCT_TYPES and nxt.token_type is not TokenType.PARAMETER:
                break
            j += 1
        if j == self.i or tokens[j].token_type is _HASH:
            raise ReadError(what, tok)
        self.i = j + 1
        return NameTok(self.text[tok.start : tokens[j].end + 1], False, tok)

    def qname(self, what: str = "a name") -> QName:
        """Consume a dotted name: ``[db.][schema.]name``."""
        parts = [self.name(what)]
        tokens, end = self.tokens, self.end
        while (
            self.i + 1 < end
            and tokens[self.i].token_type is _DOT
            and self.is_name(tokens[self.i + 1])
        ):
            self.i += 1
            parts.append(self.name(what))
        if self.dialect_family == "bigquery" and any("." in p.name for p in parts):
            # BigQuery quotes whole paths: `project.dataset.table` is three parts.
            parts = [
                NameTok(piece, p.quoted, p.token) for p in parts for piece in p.name.split(".")
            ]
        return QName(tuple(parts))

    def element_spans_in_parens(self) -> Iterator[tuple[int, int]]:
        """The ``(first, last)`` token indexes of each top-level element of
        the ``( ... )`` at the cursor (none when no ``(`` is there), the cursor
        moved past its ``)`` (or to the end when it is not closed).

        An element before a comma may be empty (``last == first - 1``); an
        empty one before the ``)`` is not an element (``()``, ``(a,)``).
        """
        if not self.at_type(_L_PAREN):
            return
        tokens, end = self.tokens, self.end
        l_paren, r_paren, comma = _L_PAREN, _R_PAREN, _COMMA
        first = k = self.i + 1
        depth = 1
        while k < end:
            tt = tokens[k].token_type
            if tt is l_paren:
                depth += 1
            elif tt is r_paren:
                depth -= 1
                if depth == 0:
                    break
            elif tt is comma and depth == 1:
                yield first, k - 1
                first = k + 1
            k += 1
        self.i = k + 1 if k < end else end
        if first < k:
            yield first, k - 1

    def name_list_in_parens(self, *, figure: bool = False) -> tuple[str, ...]:
        """Read ``(a, b DESC, lower(c))`` as column names; expressions -> ``expr``.

        With ``figure``, an expression gets the name PostgreSQL derives for
        it instead (``lower``; :func:`~dbnamelint.frontends.sql.parsing.colname.index_column_name`).
        """
        tokens = self.tokens
        return tuple(
            _element_name(tokens[first : last + 1], self, figure)
            for first, last in self.element_spans_in_parens()
        )

    def element_texts_in_parens(self) -> tuple[str, ...]:
        """The text of each element of ``(a, lower(b) DESC)`` as written, the
        cursor left where it was."""
        at = self.i
        texts = tuple(self.source_text(a, b) for a, b in self.element_spans_in_parens())
        self.i = at
        return texts

    def group_text(self) -> str | None:
        """The text between the ``(`` at the cursor and its ``)``, as written
        (``quantity > 0`` of ``CHECK (quantity > 0)``), the cursor left where
        it was; None when no ``(`` is there, the group is empty or not closed."""
        if not self.at_type(_L_PAREN):
            return None
        tokens, first = self.tokens, self.i
        depth = 0
        for k in range(first, self.end):
            tt = tokens[k].token_type
            if tt is _L_PAREN:
                depth += 1
            elif tt is _R_PAREN:
                depth -= 1
                if depth == 0:
                    return self.source_text(first + 1, k - 1) if k > first + 1 else None
        return None

    def source_text(self, first: int, last: int) -> str:
        """The statement's text from token ``first`` to token ``last`` (both
        included), as written (a string keeps its quotes)."""
        text: str = self._locate_base.text
        return text[self.tokens[first].start : self.tokens[last].end + 1]

    def source_text_to_semicolon(self, first: int, last: int) -> str:
        """:meth:`source_text` from token ``first`` to token ``last``, and the
        comments after ``last`` up to the statement's end (its ``;``, which the
        statement's text leaves out with the spaces before it); a ``--``
        comment keeps its line break, so a ``;`` written after it still ends
        the statement."""
        text: str = self._locate_base.text
        start, end = self.tokens[first].start, self.tokens[last].end + 1
        at, line_comment = end, False
        while at < len(text):
            if text[at].isspace():
                at += 1
            elif text.startswith("--", at):
                newline = text.find("\n", at)
                at, line_comment = (len(text), True) if newline < 0 else (newline + 1, False)
            elif text.startswith("/*", at):
                close = text.find("*/", at + 2)
                if close < 0:
                    return text[start:end]
                at, line_comment = close + 2, False
            else:
                return text[start:end]
        if at == end:
            return text[start:end]
        return text[start:at] + ("\n" if line_comment else "")

    def full_columns_in_parens(self) -> int | None:
        """MySQL: how many elements of the ``(...)`` list here come before the
        first written with a prefix length (``(a, s(10))``: 1); None when none
        is. Reads ahead only: the position is left where it was."""
        if not self.at_type(_L_PAREN):
            return None
        at, count, depth = self.i + 1, 0, 1
        start = at
        while at < self.end:
            tok = self.tokens[at]
            tt = tok.token_type
            if tt is _L_PAREN:
                if (
                    depth == 1
                    and at == start + 1
                    and at + 2 < self.end
                    and self.tokens[at + 1].token_type is _NUMBER
                    and self.tokens[at + 2].token_type is _R_PAREN
                ):
                    return count
                depth += 1
            elif tt is _R_PAREN:
                depth -= 1
                if depth == 0:
                    return None
            elif depth == 1 and tt is _COMMA:
                count += 1
                start = at + 1
            at += 1
        return None

    # -- positions -----------------------------------------------------
    def location(self, tok: Token | None) -> Location:
        """File location of ``tok`` (or of the statement end when None)."""
        # Counted where asked rather than through a :class:`LineIndex` of the
        # statement: a statement asks for a few locations, and building the
        # index cost more than counting its newlines in C each time.
        stmt = self._locate_base
        text = stmt.text
        start = tok.start if tok is not None else max(len(text) - 1, 0)
        newlines = text.count("\n", 0, start)
        base = stmt.location
        if not newlines:
            return Location(base.path, base.line, base.column + start)
        return Location(base.path, base.line + newlines, start - text.rfind("\n", 0, start))


def _element_name(element: list[Token], cur: Cursor, figure: bool = False) -> str:
    """The column an index/constraint element names, else ``expr`` (or, with
    ``figure``, the name PostgreSQL derives for the expression).

    A bare name is folded as the dialect stores it (PostgreSQL: ``(A)`` is
    column ``a``, ``("A")`` column ``A``), so a list of column names is the
    catalog's: keys, implicit names and dropped columns match the right one.
    """
    if (
        len(element) == 2
        and element[0].text.upper() == "PERIOD"
        and element[0].token_type is not _IDENTIFIER
        and cur.is_name(element[1])
        and element[1].text.upper() not in ("ASC", "DESC")
    ):
        # PostgreSQL 18 temporal keys: FOREIGN KEY (id, PERIOD valid_at) lists valid_at.
        element = element[1:]
    if element and cur.is_name(element[0]):
        rest = element[1:]
        if not rest or rest[0].token_type not in (_L_PAREN, _DOT):
            first = element[0]
            if first.token_type is _IDENTIFIER or cur.dialect_family == "mysql":
                return first.text
            return cur.profile.fold(first.text, False)
        if (
            cur.dialect_family == "mysql"
            and len(rest) >= 3
            and rest[1].token_type is _NUMBER
            and rest[2].token_type is _R_PAREN
        ):
            return element[0].text  # MySQL: a column prefix, c(20)
    column = parenthesised_column(element) if cur.dialect_family != "mysql" else None
    if column is not None:
        # (a COLLATE "C"), ((a)): a plain key column, as the database stores it
        if column.token_type is _IDENTIFIER:
            return column.text
        return cur.profile.fold(column.text, False)
    return index_column_name(element) if figure else "expr"
