"""The Ruby that ActiveRecord's schema dumper writes, read into calls.

``bin/rails db:schema:dump`` (``ActiveRecord::SchemaDumper``,
activerecord/lib/active_record/schema_dumper.rb) writes one method call per
line: ``create_table "users", force: :cascade do |t|`` opening a block of
``t.string "email", null: false, default: ""`` calls and ``end``;
``add_foreign_key "posts", "users", column: "author_id"``; the whole inside
``ActiveRecord::Schema[7.1].define(version: 2024_05_01_120000) do ... end``.
Its values are ``inspect`` output: double-quoted strings, symbols, integers
(``2024_05_01_120000``), floats, ``true``/``false``/``nil``, arrays, hashes
(``{ type: :integer, default: nil }``) and lambdas of a SQL string
(``-> { "now()" }``). Gems add calls of the same shape (scenic's
``create_view "x", sql_definition: <<-SQL``: heredocs are read as strings).

This module reads that subset, nothing more: a call it cannot read is kept
as :class:`Unread` (its line and text), for a located note, never skipped.
"""

from __future__ import annotations

import re

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile

__all__ = ["Call", "Condition", "Lambda", "Schema", "Symbol", "Unread", "Value", "parse"]


class Symbol(Struct, frozen=True):
    """A Ruby symbol (``:cascade``)."""

    name: str


class Lambda(Struct, frozen=True):
    """``-> { "now()" }``: a SQL expression the dumper writes for a default."""

    sql: str


class Raw(Struct, frozen=True):
    """A value this reader does not know (a constant, a method call), as written."""

    text: str


Value = str | int | float | bool | None | Symbol | Lambda | Raw | list["Value"] | dict[str, "Value"]


class Call(Struct):
    """One method call: ``name`` (``create_table``, ``t.string``), its
    positional ``args`` and keyword ``options``, where it is written
    (1-based line and column of the method name) and the calls of its
    ``do |t| ... end`` block (None without one)."""

    name: str
    args: list[Value]
    options: dict[str, Value]
    line: int
    column: int
    block: list[Call] | None = None
    #: The last line the call spans (its arguments; not its block).
    end_line: int = 0
    #: Whether its block takes parameters (``do |t|``): one without
    #: (``safety_assured { ... }``) runs its calls where it stands.
    block_params: bool = False
    #: The block's first parameter (``t`` of ``do |t|``), None without one.
    block_param: str | None = None
    #: The line of the block's closing ``end``/``}`` (0 without a block).
    block_end: int = 0


class Unread(Struct, frozen=True):
    """A statement not read as a call of the dumper's subset."""

    line: int
    column: int
    text: str
    #: The last line the statement spans (its block, a chain continued on the
    #: next lines); 0 when not known.
    end_line: int = 0


class Condition(Struct, frozen=True):
    """Ruby control flow (``if ENV["X"]``, ``unless``, ``case``, ``begin``,
    a ``while`` loop) whose body's calls were read as if they run: ``line``,
    ``column`` and ``text`` of its first line, ``end_line`` of its ``end``."""

    line: int
    column: int
    text: str
    end_line: int


class Schema(Struct):
    """The calls inside ``ActiveRecord::Schema...define ... do``, its
    ``version:``, the versions listed after ``__END__`` (Rails 8.1's
    ``load_schema_migrations``), and what was not read."""

    calls: list[Call]
    version: str | None
    unread: list[Unread]
    listed_versions: list[str]
    #: The ``[7.1]`` of ``ActiveRecord::Schema[7.1]`` (the Rails version whose
    #: migration defaults the file is loaded with), None when not written.
    rails_version: str | None = None
    #: The control flow whose bodies' calls are in :attr:`calls` though they
    #: run only when its condition holds.
    conditions: list[Condition] = []


_TOKEN = lazy_compile(
    r"""
    (?P<ws>[ \t\r]+|\\\n)
  | (?P<nl>\n)
  | (?P<comment>\#[^\n]*)
  | (?P<heredoc><<[-~]?(?P<hq>['"]?)(?P<htag>[A-Za-z_]\w*)(?P=hq))
  | (?P<dstr>"(?:[^"\\]|\\.)*")
  | (?P<sstr>'(?:[^'\\]|\\.)*')
  | (?P<sym>:(?:"(?:[^"\\]|\\.)*"|[A-Za-z_]\w*[?!=]?))
  | (?P<label>[A-Za-z_]\w*[?!]?:(?!:))
  | (?P<strlabel>"(?:[^"\\]|\\.)*":(?!:))
  | (?P<num>-?\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][-+]?\d+)?)
  | (?P<arrow>=>|->)
  | (?P<ident>[A-Za-z_]\w*(?:::[A-Za-z_]\w*)*[?!]?)
  | (?P<punct>[\[\](){},.|])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "e": "\x1b", "s": " ", "a": "\a"}


def _unescape_double(body: str) -> str:
    """A double-quoted Ruby string's value (``String#inspect``'s escapes)."""

    def one(found: re.Match[str]) -> str:
        text = found.group(1)
        if text[0] in "ux" and len(text) > 1:
            try:
                return chr(int(text[1:].strip("{}"), 16))
            except (ValueError, OverflowError):
                return text
        return _ESCAPES.get(text, text)

    return re.sub(
        r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{1,2}|.)", one, body, flags=re.S
    )


def _unescape_single(body: str) -> str:
    return re.sub(r"\\([\\'])", r"\1", body)


class _Tok(Struct, frozen=True):
    kind: str
    text: str
    line: int
    column: int
    value: object = None


def _tokens(text: str) -> list[_Tok]:
    """The tokens of ``text``, heredoc bodies read as strings (``<<-SQL``,
    ``<<~SQL``: the body up to the tag's line; ``~`` removes the common indent)."""
    out: list[_Tok] = []
    pos = 0
    line = 1
    line_start = 0
    pending: list[tuple[int, str, str]] = []  # heredocs opened on this line: (index, tag, kind)
    while pos < len(text):
        found = _TOKEN.match(text, pos)
        if found is None:  # pragma: no cover - `other` matches any character
            break
        kind = found.lastgroup or "other"
        if kind in ("hq", "htag"):
            kind = "heredoc"
        body = found.group()
        column = pos - line_start + 1
        pos = found.end()
        if kind == "nl" or (kind == "ws" and body == "\\\n"):
            if kind == "nl":
                out.append(_Tok("nl", "\n", line, column))
            line += 1
            line_start = pos
            if kind == "nl" and pending:
                # the heredocs' bodies follow this line, one after another
                for index, tag, style in pending:
                    lines: list[str] = []
                    while pos < len(text):
                        end = text.find("\n", pos)
                        end = len(text) if end < 0 else end
                        current = text[pos:end]
                        pos = min(end + 1, len(text))
                        line += 1
                        line_start = pos
                        if current.strip() == tag and (style != "" or current == tag):
                            break
                        lines.append(current)
                    if style == "~":
                        indents = [len(s) - len(s.lstrip()) for s in lines if s.strip()]
                        cut = min(indents, default=0)
                        lines = [s[cut:] for s in lines]
                    old = out[index]
                    out[index] = _Tok(
                        "str", old.text, old.line, old.column, "\n".join(lines) + "\n"
                    )
                pending = []
            continue
        if kind in ("ws", "comment"):
            continue
        if kind == "heredoc":
            style = body[2] if body[2:3] in ("-", "~") else ""
            pending.append((len(out), found.group("htag"), style))
            out.append(_Tok("str", body, line, column, ""))
            continue
        if kind == "ident" and body == "__END__" and column == 1:
            out.append(_Tok("end_data", body, line, column, text[pos:]))
            break
        value: object = None
        if kind == "dstr":
            kind, value = "str", _unescape_double(body[1:-1])
        elif kind == "sstr":
            kind, value = "str", _unescape_single(body[1:-1])
        elif kind == "sym":
            raw = body[1:]
            value = Symbol(_unescape_double(raw[1:-1]) if raw.startswith('"') else raw)
        elif kind == "label":
            value = body[:-1]
        elif kind == "strlabel":
            kind, value = "label", _unescape_double(body[1:-2])
        elif kind == "num":
            digits = body.replace("_", "")
            value = float(digits) if any(c in digits for c in ".eE") else int(digits)
        out.append(_Tok(kind, body, line, column, value))
    return out


class _Stop(Exception):
    """A construct outside the dumper's subset."""


#: Ruby control flow whose body the reader reads as if it runs.
_CONTROL = frozenset({"if", "unless", "case", "begin", "while", "until", "for"})
#: The lines that part such a body into branches.
_BRANCHES = frozenset({"else", "elsif", "when", "in", "rescue", "ensure"})
#: Keywords that open a block ``end`` closes when they begin a statement.
_OPENERS = _CONTROL | {"def", "class", "module"}
#: Words that are no method call.
_NOT_CALLS = _OPENERS | _BRANCHES | {"do", "end", "then"}
#: What may stand right before a statement on its line.
_BEFORE_STATEMENT = frozenset({";", "=", "(", ",", "[", "{", "|", "||", "&&"})
_KEYWORDS_BEFORE_STATEMENT = frozenset({"do", "then", "else", "and", "or", "not", "return"})
#: A line ending in one of these goes on to the next.
_OPERATOR_CHARS = frozenset("+-*/=<>&|%^!~?:")


class _Parser:
    def __init__(self, tokens: list[_Tok], text: str) -> None:
        self.toks = tokens
        self.i = 0
        self.lines = text.splitlines()
        self.unread: list[Unread] = []
        self.conditions: list[Condition] = []

    def peek(self, ahead: int = 0) -> _Tok | None:
        at = self.i + ahead
        return self.toks[at] if at < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.peek()
        if tok is None:
            raise _Stop
        self.i += 1
        return tok

    def at(self, kind: str, text: str | None = None) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == kind and (text is None or tok.text == text)

    def skip_newlines(self) -> None:
        while self.at("nl"):
            self.i += 1

    def starts_statement(self) -> bool:
        """Whether the token at hand begins a statement (a keyword there opens
        a block ``end`` closes: ``if x`` does, ``create_table "t" if x`` not)."""
        prev = self.toks[self.i - 1] if self.i else None
        return (
            prev is None
            or prev.kind == "nl"
            or prev.text in _BEFORE_STATEMENT
            or (prev.kind == "ident" and prev.text in _KEYWORDS_BEFORE_STATEMENT)
        )

    def continues(self) -> bool:
        """At a newline: whether the statement goes on to the next line (the
        line ends in ``.``, ``,`` or an operator, or the next starts with
        ``.``: hair_trigger's ``create_trigger(...).`` / ``on("t").`` chain)."""
        prev = self.toks[self.i - 1] if self.i else None
        if prev is not None and (
            prev.text in (".", ",")
            or (prev.kind == "other" and prev.text in _OPERATOR_CHARS)
            or prev.kind == "arrow"
        ):
            return True
        at = self.i + 1
        while at < len(self.toks) and self.toks[at].kind == "nl":
            at += 1
        nxt = self.toks[at] if at < len(self.toks) else None
        return nxt is not None and nxt.kind in ("punct", "other") and nxt.text in (".", "&")

    def skip_line(self) -> None:
        """Past the rest of the statement (and its block, for a ``do`` or a
        control-flow keyword that opens one; to the chain's last line)."""
        depth = 0
        brackets = 0
        loop_line = -1  # `while x do`: that `do` opens no block of its own
        while (tok := self.peek()) is not None:
            if tok.kind == "end_data":
                return
            if tok.kind == "ident" and tok.text in _OPENERS and self.starts_statement():
                depth += 1
                if tok.text in ("while", "until", "for"):
                    loop_line = tok.line
            elif tok.kind == "ident" and tok.text == "do":
                if tok.line == loop_line:
                    loop_line = -1
                else:
                    depth += 1
            elif tok.kind == "punct" and tok.text in "([{":
                brackets += 1
            elif tok.kind == "punct" and tok.text in ")]}":
                if brackets == 0 and depth == 0:
                    return  # the brace block's close this statement stands in
                brackets -= 1
            elif tok.kind == "ident" and tok.text == "end":
                if depth == 0:
                    return
                depth -= 1
            elif tok.kind == "nl" and depth <= 0 and brackets <= 0 and not self.continues():
                self.i += 1
                return
            self.i += 1

    def header(self) -> bool:
        """Past a control-flow line (``if x``, ``when "a"``, ``while x do``)
        to its newline; True when code follows its ``then`` or an ``end``
        closes it on the line (``if x then y end``: not a block)."""
        brackets = 0
        tail = False
        first = self.peek()
        while (tok := self.peek()) is not None and not (tok.kind == "nl" and brackets <= 0):
            if tok.kind == "end_data":
                raise _Stop
            if tok.kind == "punct" and tok.text in "([{":
                brackets += 1
            elif tok.kind == "punct" and tok.text in ")]}":
                brackets -= 1
            elif tok.kind == "ident" and tok.text == "end" and tok is not first:
                tail = True
            elif tok.kind == "ident" and tok.text == "then":
                nxt = self.peek(1)
                tail = tail or (nxt is not None and nxt.kind not in ("nl", "end_data"))
            self.i += 1
        return tail

    # values -------------------------------------------------------------

    def value(self) -> Value:
        tok = self.take()
        if tok.kind in ("str", "num"):
            value = tok.value
            assert isinstance(value, str | int | float)
            # adjacent string literals join ("a" "b")
            while isinstance(value, str) and self.at("str"):
                more = self.take().value
                assert isinstance(more, str)
                value += more
            return value
        if tok.kind == "sym":
            assert isinstance(tok.value, Symbol)
            return tok.value
        if tok.kind == "ident" and tok.text in ("true", "false", "nil"):
            return {"true": True, "false": False, "nil": None}[tok.text]
        if tok.kind == "punct" and tok.text == "[":
            items: list[Value] = []
            self.skip_newlines()
            while not self.at("punct", "]"):
                items.append(self.value())
                self.skip_newlines()
                if self.at("punct", ","):
                    self.take()
                    self.skip_newlines()
                elif not self.at("punct", "]"):
                    raise _Stop
            self.take()
            return items
        if tok.kind == "punct" and tok.text == "{":
            return self.hash_body("}")
        if tok.kind == "arrow" and tok.text == "->":
            if not self.at("punct", "{"):
                raise _Stop
            self.take()
            self.skip_newlines()
            inner = self.value()
            self.skip_newlines()
            if not isinstance(inner, str) or not self.at("punct", "}"):
                raise _Stop
            self.take()
            return Lambda(inner)
        if tok.kind == "ident" and tok.text[:1].isupper():
            return Raw(tok.text)
        raise _Stop

    def hash_body(self, close: str) -> dict[str, Value]:
        out: dict[str, Value] = {}
        self.skip_newlines()
        while not self.at("punct", close):
            key = self.key()
            out[key] = self.value()
            self.skip_newlines()
            if self.at("punct", ","):
                self.take()
                self.skip_newlines()
            elif not self.at("punct", close):
                raise _Stop
        self.take()
        return out

    def key(self) -> str:
        tok = self.take()
        if tok.kind == "label":
            assert isinstance(tok.value, str)
            return tok.value
        if tok.kind in ("sym", "str") and self.at("arrow", "=>"):
            self.take()
            return tok.value.name if isinstance(tok.value, Symbol) else str(tok.value)
        raise _Stop

    # calls ----------------------------------------------------------------

    def arguments(self, call: Call) -> None:
        """The call's arguments, with or without parentheses, up to the line's end."""
        paren = False
        if self.at("punct", "(") and self.toks[self.i].column == call.column + len(call.name):
            self.take()
            paren = True
            self.skip_newlines()
        first = True
        while True:
            tok = self.peek()
            if tok is None or tok.kind in ("nl", "end_data"):
                break
            if paren and tok.kind == "punct" and tok.text == ")":
                self.take()
                break
            if not paren and tok.kind == "punct" and tok.text == "}":
                break  # a brace block's close (the caller checks it is one)
            if tok.kind == "ident" and tok.text == "do":
                break  # the call's block
            if first and not paren and tok.kind == "punct" and tok.text == "{":
                break  # `dir.up { ... }`: a block, never a hash (Ruby's parse)
            if not first:
                raise _Stop
            while True:
                if self.at("label") or (
                    (self.at("sym") or self.at("str"))
                    and (nxt := self.peek(1)) is not None
                    and nxt.kind == "arrow"
                    and nxt.text == "=>"
                ):
                    key = self.key()
                    call.options[key] = self.value()
                else:
                    call.args.append(self.value())
                if self.at("punct", ","):
                    self.take()
                    self.skip_newlines()
                    continue
                break
            first = False
            if paren:
                self.skip_newlines()
        prev = self.toks[self.i - 1] if self.i else None
        call.end_line = prev.line if prev is not None else call.line

    def block(self, call: Call) -> None:
        """``do |t| ... end`` after a call: its calls (``t.string`` ...); or
        ``{ |t| ... }`` after a parenthesized call (``create_table("x") { |t|
        t.string "y" }``, which Rails runs as the ``do`` block), or after a
        call of no arguments (a migration's ``dir.up { add_column ... }``,
        ``up_only { ... }``: Ruby binds the braces to the call as a block)."""
        prev = self.toks[self.i - 1]
        brace = self.at("punct", "{") and (
            (
                prev.kind == "punct"
                and prev.text == ")"
                and (nxt := self.peek(1)) is not None
                and nxt.text == "|"
            )
            or (prev.kind == "ident" and not call.args and not call.options)
        )
        if not self.at("ident", "do") and not brace:
            return
        self.take()
        if self.at("punct", "|"):
            call.block_params = True
            self.take()
            while not self.at("punct", "|"):
                param = self.take()
                if call.block_param is None and param.kind == "ident":
                    call.block_param = param.text
            self.take()
        call.block = self.statements(until_end=True, close="}" if brace else "end")
        call.block_end = self.toks[self.i - 1].line

    def statements(
        self, *, until_end: bool, close: str = "end", branches: bool = False
    ) -> list[Call]:
        """The calls up to the block's ``close`` (``end``, a brace block's
        ``}``), or to the file's end; in a control-flow body (``branches``)
        across its ``else``/``elsif``/``when``/``rescue``/``ensure`` lines."""
        out: list[Call] = []
        while True:
            self.skip_newlines()
            tok = self.peek()
            if tok is None or tok.kind == "end_data":
                if until_end:
                    raise _Stop
                return out
            if (tok.kind == "ident" and tok.text == close) or (
                tok.kind == "punct" and tok.text == close
            ):
                self.take()
                if until_end:
                    return out
                self.unread.append(Unread(tok.line, tok.column, tok.text))
                continue
            if tok.kind == "ident" and tok.text in _CONTROL:
                out.extend(self.control())
                continue
            if branches and tok.kind == "ident" and tok.text in _BRANCHES:
                if self.header():  # `when "a" then create_table ...`: not read
                    self.unread.append(Unread(tok.line, tok.column, self.text_of(tok)))
                continue
            start = self.i
            try:
                out.append(self.call(close))
            except _Stop:
                self.i = start
                self.skip_line()
                if self.i == start:  # a stray `)`: past it
                    self.i += 1
                last = self.toks[self.i - 1].line if self.i > start else tok.line
                self.unread.append(Unread(tok.line, tok.column, self.text_of(tok), last))

    def text_of(self, tok: _Tok) -> str:
        return self.lines[tok.line - 1].strip() if tok.line <= len(self.lines) else tok.text

    def control(self) -> list[Call]:
        """``if``/``unless``/``case``/``begin``/``while``/``until``/``for``
        and its body up to its ``end``: the body's calls (every branch's),
        read as if they run, and a :class:`Condition` saying they may not;
        a one-line form (``if x then y end``) is one statement not read."""
        tok = self.take()
        start = self.i - 1
        if self.header():
            self.i = start
            self.skip_line()
            self.unread.append(
                Unread(tok.line, tok.column, self.text_of(tok), self.toks[self.i - 1].line)
            )
            return []
        body = self.statements(until_end=True, branches=True)
        self.conditions.append(
            Condition(tok.line, tok.column, self.text_of(tok), self.toks[self.i - 1].line)
        )
        return body

    def call(self, close: str = "end") -> Call:
        tok = self.take()
        if tok.kind != "ident" or tok.text in _NOT_CALLS:
            raise _Stop
        name = tok.text
        while self.at("punct", ".") and (nxt := self.peek(1)) is not None and nxt.kind == "ident":
            self.take()
            name += "." + self.take().text
        call = Call(name, [], {}, tok.line, tok.column)
        self.arguments(call)
        self.block(call)
        tail = self.peek()
        if tail is not None and tail.kind not in ("nl", "end_data") and tail.text != close:
            raise _Stop
        return call


_DEFINE = lazy_compile(r"(?:ActiveRecord::)?Schema(?:\[[\d.]+\])?\.define\b")
_VERSION_LINE = lazy_compile(r"^\s*(\d+)\s*$", re.MULTILINE)
#: Rails 8.1's call recording the versions listed after ``__END__``.
_LOAD_MIGRATIONS = "ActiveRecord::Schema.load_schema_migrations"


def parse(text: str) -> Schema:
    """The dumper's calls in ``text`` (a ``db/schema.rb``); what is not read
    is listed in :attr:`Schema.unread` (a file cut short: at its start)."""
    try:
        return _parse(text)
    except (_Stop, RecursionError):
        return Schema([], None, [Unread(1, 1, "ActiveRecord::Schema (not read to its end)")], [])


def _parse(text: str) -> Schema:
    tokens = _tokens(text)
    parser = _Parser(tokens, text)
    version: str | None = None
    calls: list[Call] = []
    listed: list[str] = []
    # find `ActiveRecord::Schema[7.1].define(version: ...) do`
    start = next(
        (
            i
            for i, tok in enumerate(tokens)
            if tok.kind == "ident" and tok.text in ("ActiveRecord::Schema", "Schema")
        ),
        None,
    )
    if start is None:
        parser.i = 0
        calls = parser.statements(until_end=False)
        return Schema(calls, None, parser.unread, [], conditions=parser.conditions)
    parser.i = start
    head = parser.take()
    # `[7.1]` then `.define`
    rails_version: str | None = None
    if parser.at("punct", "["):
        parser.take()
        while not parser.at("punct", "]"):
            rails_version = parser.take().text
        parser.take()
    if not (
        parser.at("punct", ".") and (nxt := parser.peek(1)) is not None and nxt.text == "define"
    ):
        parser.unread.append(Unread(head.line, head.column, "ActiveRecord::Schema (no define)"))
        return Schema([], None, parser.unread, [])
    parser.take()
    define = parser.take()
    probe = Call("define", [], {}, define.line, define.column)
    try:
        parser.arguments(probe)
        found = probe.options.get("version")
        if isinstance(found, int | str):
            version = str(found).replace("_", "")
        if parser.at("ident", "do"):
            parser.take()
            if parser.at("punct", "|"):
                parser.take()
                while not parser.at("punct", "|"):
                    parser.take()
                parser.take()
            calls = parser.statements(until_end=True)
            # `db:schema:load` runs the whole file (`load`): what stands
            # before and after the define block runs too (trial s40 maybe:
            # an `execute` there passed the gate unseen)
            end = next((i for i, t in enumerate(tokens) if t.kind == "end_data"), len(tokens))
            parser.unread.extend(_outside(tokens, text, 0, start))
            parser.unread.extend(_outside(tokens, text, parser.i, end))
    except _Stop:
        parser.unread.append(Unread(define.line, define.column, "ActiveRecord::Schema.define"))
    tail = next((t for t in tokens if t.kind == "end_data"), None)
    if tail is not None and isinstance(tail.value, str):
        # Rails 8.1: `ActiveRecord::Schema.load_schema_migrations(__FILE__)`,
        # then the versions after `__END__`
        listed = _VERSION_LINE.findall(tail.value)
    calls = [c for c in calls if c.name != _LOAD_MIGRATIONS]
    return Schema(calls, version, parser.unread, listed, rails_version, parser.conditions)


def _outside(tokens: list[_Tok], text: str, lo: int, hi: int) -> list[Unread]:
    """The statements of ``tokens[lo:hi]``, outside the define block, as
    :class:`Unread`: Ruby runs them, but with no schema's methods at hand
    (``ActiveRecord::Base.connection.execute``), so none is a dumper's call
    to read; Rails 8.1's ``load_schema_migrations`` makes no name."""
    sub = _Parser(tokens[lo:hi], text)
    try:
        calls = sub.statements(until_end=False)
    except _Stop:
        first = tokens[lo] if lo < hi else None
        return [] if first is None else [Unread(first.line, first.column, sub.text_of(first))]
    out = [u for u in sub.unread if not u.text.startswith(_LOAD_MIGRATIONS)]
    for call in calls:
        if call.name == _LOAD_MIGRATIONS:
            continue
        line = call.line
        text_line = sub.lines[line - 1].strip() if line <= len(sub.lines) else call.name
        out.append(Unread(line, call.column, text_line, max(call.end_line, call.block_end)))
    return out
