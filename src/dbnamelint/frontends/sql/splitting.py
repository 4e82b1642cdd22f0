"""Cut a decoded SQL file into statements with exact offsets.

Parsers are fed one statement at a time (see DESIGN.md: a whole-file parse
loses the file on one bad statement), so the splitter must know every
construct that can hide a semicolon or pretend to be SQL: quotes of each
dialect, nested comments, ``$tag$`` bodies, psql back-slash commands,
``COPY ... FROM stdin`` data, MySQL ``DELIMITER`` and ``/*! ... */``,
trigger and procedure bodies, T-SQL batches that use ``GO`` and line
breaks instead of semicolons, and Liquibase formatted SQL, where every
``-- changeset`` line ends the statement in progress (Liquibase runs each
changeset on its own: its last statement needs no ``;``) and sets the
changeset's ``endDelimiter``.

Speed comes from one compiled "master" regex per dialect and state: the
scanner jumps from one interesting character to the next with
``pattern.search(text, pos)`` and whole quoted strings are consumed by the
regex itself, so Python code only runs a few times per statement.

Every statement keeps the offset of its first character, and its text is
always the file's text from there (only MySQL executable-comment markers are
blanked to the same number of spaces), so later layers can map any position
inside a statement back to an exact line and column.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from types import MappingProxyType

from msgspec import Struct

from dbnamelint.core.gcpause import collector_paused
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import profile_for
from dbnamelint.drizzle_layout import BREAKPOINT, breakpoints
from dbnamelint.frontends.sql.client_follow import (
    MARIADB,
    MYSQL,
    PSQL,
    SQLITE3,
    Client,
    target_of,
)
from dbnamelint.frontends.sql.client_include import (
    BACKSLASH_DOT,
    INCLUDE,
    READ,
    SOURCE,
    placeholder,
)
from dbnamelint.frontends.sql.runner_marks import NAMING_WORDS, Mark, runner_mark
from dbnamelint.liquibase_sql import changesets
from dbnamelint.model import Comment, Diagnostic, Location, Severity, SourceFile, Statement
from dbnamelint.positions import LineIndex

__all__ = ["UNTERMINATED_CODE", "dialect_family", "split_statements"]

#: Diagnostic code for input that ends inside a quote, comment or body.
UNTERMINATED_CODE = "DBN001"

_POSTGRES = "postgres"
_MYSQL = "mysql"
_SQLITE = "sqlite"
_TSQL = "tsql"
_ORACLE = "oracle"

# Scanner modes: how the statement in progress ends.
_NORMAL = 0  # at the terminator (or, in T-SQL, GO / a new statement's keyword)
_BLOCK = 1  # at the terminator once BEGIN/CASE ... END blocks are closed
_BATCH = 2  # T-SQL procedure/function/trigger/view: at GO (end of batch)

# --- regex building blocks -------------------------------------------------
# The master regexes have no capturing groups and every alternative starts
# with a literal character: only then can the regex engine skip ahead over
# uninteresting text in C (a named group or a leading look-behind forces a
# full attempt at every position, 30x slower). The scanner dispatches on the
# first character of the match instead of on a group name.
#
# Whole quoted tokens are matched in one go; a lone opener only matches when
# the full form failed, i.e. when the quote never closes.
_SQ = r"'[^']*(?:''[^']*)*'"
_SQ_BS = r"'[^'\\]*(?:(?:\\[\s\S]|'')[^'\\]*)*'"
_DQ = r'"[^"]*(?:""[^"]*)*"'
_DQ_BS = r'"[^"\\]*(?:(?:\\[\s\S]|"")[^"\\]*)*"'
_BT = r"`[^`]*(?:``[^`]*)*`"
_BR = r"\[[^\]]*(?:\]\][^\]]*)*\]"
_DOLLAR = r"\$(?<![\w$]\$)(?:[^\W\d]\w*)?\$"
#: psql's meta-commands that send the query buffer (psql manual, "\\g",
#: "\\gexec", "\\gset", "\\gx", "\\gdesc"), with their arguments to the end
#: of the line: they end a statement as ``;`` does (trial s28 supabase: a
#: ``select ... \\gset`` swallowed the ``create table`` after it).
_PSQL_SEND = r"\\g(?:exec|set|x|desc)?(?![A-Za-z])[^\n]*"
#: The code of the note on ``\\gexec``: psql runs each cell of the query's
#: result as a statement, text built when it runs (as ``EXECUTE format(...)``).
DYNAMIC_CODE = "DBN013"
#: Words of a query whose result ``\\gexec`` may run as DDL.
_DDL_WORDS = lazy_compile(r"(?i)\b(?:create|alter|drop|rename)\b")
_LINE = (r"--[^\n]*",)
_LINE_MYSQL = (r"--(?!\S)[^\n]*", r"#(?<![\w$]#)[^\n]*")
#: SQL*Plus ends a PL/SQL unit (its body is full of ";") with a line holding "/".
_ORACLE_RUN_LINE = r"\n[ \t]*/[ \t]*(?=\r?(?:\n|\Z))"
_TSQL_GO_TAIL = r"[ \t]*(?i:go)(?:[ \t]+\d+)?(?=[ \t]*(?:--[^\n]*)?\r?(?:\n|\Z))"
_TSQL_OBJECTS = (
    "table|view|index|unique|clustered|nonclustered|columnstore|primary|xml|spatial"
    "|fulltext|procedure|proc|function|trigger|database|schema|type|rule|default"
    "|sequence|synonym|user|role|login|assembly|statistics|partition|or|certificate"
    "|master|symmetric|asymmetric|queue|service|contract|message|route|endpoint"
    "|event|application|credential|external|security|availability|broker|server"
    "|workload|resource|search"
)
_TSQL_KEYWORD = (
    r"\n[ \t]*(?i:(?:create|alter|drop)(?=\s+(?:" + _TSQL_OBJECTS + r")(?![\w$@#]))"
    r"|(?:insert|update|delete|execute|exec|set|use|print|declare|if|grant|begin|end|else)"
    r"(?![\w$@#])"
    r"|with(?=\s+[\w\[\]\"]+\s*(?:\([^)]*\)\s*)?as\s*\())"  # a CTE, not WITH (hints)
)
#: Words that open or close a block inside trigger/function bodies, per family.
_BLOCK_WORDS = MappingProxyType(
    {
        _POSTGRES: ("begin\\s+atomic", "case", "end"),
        _MYSQL: ("begin", "case", "end(?:\\s+case\\b)?(?!\\s+(?:if|loop|while|repeat)\\b)"),
        _SQLITE: ("begin", "case", "end"),
    }
)
# E'...' strings (PostgreSQL) are recognised at their quote, see _Scanner._quote.
_ESQ_FROM_QUOTE = lazy_compile(_SQ_BS)

_HEAD_GAP = r"(?:\s|/\*M?!\d*|\*/)+"
#: Statements whose bodies may contain the terminator.
_HEAD = lazy_compile(
    (
        r"(?:create|alter)(?:GAPorGAP(?:replace|alter))?(?:GAPdefiner\s*=\s*\S+)?"
        r"(?:GAP(?:temp|temporary|constraint|aggregate))?"
        r"GAP(?P<kind>trigger|function|procedure|proc|view|event)(?![\w$])"
    ).replace("GAP", _HEAD_GAP),
    re.IGNORECASE,
)
#: Oracle statements that are PL/SQL units: they run to the "/" line.
_ORACLE_PLSQL = lazy_compile(
    r"create\s+(?:or\s+replace\s+)?(?:(?:editionable|noneditionable)\s+)?"
    r"(?:trigger|function|procedure|package|type\s+body)(?![\w$#])",
    re.IGNORECASE,
)
_FIRST_WORD = lazy_compile(r"\w+")
#: Words of a compound statement a routine's body may be without BEGIN (an
#: ``IF NOT EXISTS`` of its head, or an ``IF()`` call, keep it whole too: the safe side).
_BODY_COMPOUND = lazy_compile(r"\b(?:if|while|loop|repeat)\b", re.IGNORECASE)
#: MySQL/MariaDB compound statements whose body holds ";" (MariaDB runs them
#: outside routines): ``BEGIN NOT ATOMIC``, ``IF``, ``CASE``, loops, a label.
_COMPOUND = lazy_compile(
    r"(?:begin\s+not\s+atomic|if|case|while|repeat|loop|for)(?![\w$])|[\w$]+\s*:(?!=)",
    re.IGNORECASE,
)
_INSERT_HAS_ROWS = lazy_compile(r"\b(?:values|select)\b", re.IGNORECASE)
_DELIMITER = lazy_compile(r"(?i:delimiter)[ \t]+(\S+)")
_GO_LINE = lazy_compile(_TSQL_GO_TAIL)
_EXEC_OPEN = lazy_compile(r"/\*M?!\d*")
_NESTED = lazy_compile(r"/\*|\*/")
_COPY_STDIN = lazy_compile(r"copy\b[^;]*?\bfrom\s+stdin\b", re.IGNORECASE)
#: SQLCMD (and SSMS in SQLCMD mode, SSDT deployment scripts) commands: lines
#: starting with ``:`` that the client runs (``:r file`` includes a file).
_SQLCMD_LINE = lazy_compile(
    r":(?:r|setvar|on|connect|out|error|listvar|exit|quit|reset|ed|perftrace|serverlist"
    r"|xml|help)\b|:!!",
    re.IGNORECASE,
)
_COPY_END = lazy_compile(r"^\\\.\r?$", re.MULTILINE)

_QUOTE_NAMES = MappingProxyType(
    {
        "'": ("string literal", "'"),
        '"': ('"quoted identifier"', '"'),
        "`": ("`quoted identifier`", "`"),
        "[": ("[bracketed identifier]", "]"),
    }
)


class _Patterns(Struct, frozen=True):
    """The compiled master regexes for one dialect family and delimiter."""

    between: re.Pattern[str]  # no statement in progress
    normal: re.Pattern[str]  # inside an ordinary statement
    special: re.Pattern[str]  # inside a BLOCK (words) or BATCH (T-SQL body) statement


def _word_alternatives(words: tuple[str, ...]) -> list[str]:
    """``begin`` -> ``b(?<![\\w$]b)(?i:egin)(?![\\w$])`` and the same for ``B``.

    Spelt out per case so that each alternative starts with a literal.
    """
    out = []
    for word in words:
        for first in (word[0], word[0].upper()):
            out.append(f"{first}(?<![\\w$]{first})(?i:{word[1:]})(?![\\w$])")
    return out


@lru_cache(maxsize=64)
def _patterns(family: str, delimiter: str) -> _Patterns:
    """Compile the master regexes; cached because DELIMITER may flip often."""
    line: tuple[str, ...] = _LINE
    if family == _MYSQL:
        quotes, line = [_SQ_BS, _DQ_BS, _BT], _LINE_MYSQL
    elif family == _SQLITE:
        quotes = [_SQ, _DQ, _BT, _BR]
    elif family == _TSQL:
        quotes = [_SQ, _DQ, _BR]
    else:
        quotes = [_SQ, _DQ]
    openers = [q[:2] if q[0] == "\\" else q[0] for q in quotes]  # lone, unclosed quotes
    comments = [*line, r"/\*"]
    term = re.escape(delimiter)
    dollar = [_DOLLAR, _PSQL_SEND] if family == _POSTGRES else []
    exec_close = [r"\*/"] if family == _MYSQL else []
    go = [f"\\n{_TSQL_GO_TAIL}"] if family == _TSQL else []
    if family == _ORACLE:
        go = [_ORACLE_RUN_LINE]
    # Order matters only between alternatives that can start at the same
    # character: whole quotes before lone openers, comments before a
    # delimiter such as "//".
    # MySQL under a custom DELIMITER: the client sends the chunk whole and the
    # server runs each ";"-separated statement of it (after the delimiter: a
    # "delimiter d//" chunk ending in ";;" is the delimiter's).
    semi = [";"] if family == _MYSQL and delimiter != ";" else []
    between = [*comments, *go, *exec_close, term, *semi, r"\S"]
    normal = [*quotes, *comments, term, *semi, *dollar, *exec_close, *openers, *go]
    if family == _TSQL:
        special = [*quotes, *comments, *openers, *go]  # a body runs to GO
        normal += [_TSQL_KEYWORD, r"\(", r"\)"]
    elif family == _ORACLE:
        special = [*quotes, *comments, *openers, *go]  # a PL/SQL unit runs to "/"
        normal = [*quotes, *comments, term, *openers, *go]
    else:
        special = [*normal, *_word_alternatives(_BLOCK_WORDS[family])]
    return _Patterns(
        between=re.compile("|".join(between)),
        normal=re.compile("|".join(normal)),
        special=re.compile("|".join(special)),
    )


def dialect_family(dialect: str) -> str:
    """The lexical family (postgres, mysql, sqlite, tsql, oracle) of a dialect name.

    It is the profile's ``lexical`` family; unknown dialects get PostgreSQL's
    rules, the closest to the SQL standard, which most other dialects extend.
    """
    return profile_for(dialect).lexical.value


class _Pending(Struct):
    """A statement being cut; turned into a frozen Statement at the end."""

    start: int
    comments: list[tuple[int, int, str]]  # (start, end, stripped body)
    end: int = -1
    # /*!NNNNN and */ markers; a tuple, as most statements have none and an
    # empty tuple costs no allocation.
    blanks: tuple[tuple[int, int], ...] = ()


class _Scanner:
    """One pass over one file; all state lives here, none in the module."""

    def __init__(
        self,
        text: str,
        source: SourceFile,
        index: LineIndex,
        cuts: tuple[tuple[int, str], ...] = (),
    ) -> None:
        self.text = text
        # Liquibase changeset lines: (offset, the delimiter from there on);
        # self.cut is the next one's offset (past the end: none left).
        self.cuts = cuts
        self.next_cut = 0
        self.cut = cuts[0][0] if cuts else len(text) + 1
        self.n = len(text)
        self.source = source
        self.index = index
        self.family = dialect_family(source.dialect)
        self.delimiter = ";"
        self.pats = _patterns(self.family, self.delimiter)
        self.scan = self.pats.normal
        self.pos = 0
        self.stmt: _Pending | None = None
        self.mode = _NORMAL
        self.depth = 0  # parentheses (T-SQL) or BEGIN/CASE blocks (_BLOCK)
        self.opened = False  # a BEGIN/CASE block of the statement was opened (_BLOCK)
        self.one_block = False  # a PostgreSQL file's "delimiter X": for one statement
        self.head = ""  # first word of the statement, upper case (T-SQL)
        self.exec_open = -1  # offset of an unclosed MySQL /*! comment
        self.done: list[_Pending] = []
        self.waiting: list[tuple[int, int, str]] = []  # comments for the next statement
        self.prev_line_end = -1  # comments starting before this belong to done[-1]
        self.diagnostics: list[Diagnostic] = []

    # --- driver -------------------------------------------------------------

    def run(self) -> None:
        text = self.text
        while self.pos < self.n:
            if self.pos > self.cut:  # a quote or comment ran over a changeset line
                self._changeset()
                continue
            if self.stmt is None:
                m = self.pats.between.search(text, self.pos)
                if m is not None and m.start() >= self.cut:
                    self._changeset()
                    continue
                if m is None:
                    break
                self._between(m)
            else:
                m = self.scan.search(text, self.pos)
                if self.cut <= self.n and (m is None or m.start() >= self.cut):
                    self._changeset()
                    continue
                if m is None:
                    self.pos = self.n
                    break
                self._inside(m)
        if self.stmt is not None:
            if self.mode == _BLOCK and self.depth > 0:
                self._warn(self.stmt.start, "statement ends at end of file inside BEGIN ... END")
            self._finish(self.n, explicit=False, after=self.n)
        if self.exec_open >= 0:
            self._warn(
                self.exec_open, "unterminated /*! executable comment opened here; expected */"
            )

    def _between(self, m: re.Match[str]) -> None:
        g = m.group()
        c = g[0]
        if g == self.delimiter or (g == ";" and self._semicolon_ends()):  # an empty statement
            self.pos = m.end()
        elif g.startswith("--") or (c == "#" and self.family == _MYSQL):
            self._line_comment(m)
        elif g == "/*":
            self._block_comment(m.start())
        elif c == "\n":  # T-SQL GO
            self.pos = m.end()
            self.prev_line_end = self._line_end(self.pos)
        elif g == "*/" and self.family == _MYSQL:
            self.exec_open = -1
            self.pos = m.end()
        else:
            self._start(m.start())

    def _inside(self, m: re.Match[str]) -> None:
        g = m.group()
        c = g[0]
        if c in "'\"`[":
            if len(g) == 1:
                self._unterminated_quote(m.start(), c)
            elif c == "'" and self.family == _POSTGRES:
                self._quote(m)
            else:
                self.pos = m.end()
        elif g == self.delimiter:
            # (a custom delimiter ends the chunk whatever blocks it leaves open)
            if self.mode == _BLOCK and self.depth > 0 and g == ";":
                self.pos = m.end()
            else:
                self._finish(m.start(), explicit=True, after=m.end())
        elif g == ";":  # MySQL under a custom DELIMITER (_patterns)
            if self._chunk_goes_on(m.start()):
                self.pos = m.end()
            else:
                self._finish(m.start(), explicit=True, after=m.end())
        elif c == "(":
            self.depth += 1
            self.pos = m.end()
        elif c == ")":
            if self.depth > 0:
                self.depth -= 1
            self.pos = m.end()
        elif c in "-#":
            self._line_comment(m)
        elif g == "/*":
            self._block_comment(m.start())
        elif c == "\\":  # psql's \g, \gset, \gexec...: the query is sent
            stmt = self.stmt
            query = self.text[stmt.start : m.start()] if stmt is not None else ""
            if g.startswith("\\gexec") and _DDL_WORDS.search(query):
                self.diagnostics.append(
                    Diagnostic(
                        self._location(m.start()),
                        Severity.WARNING,
                        "psql's \\gexec runs each cell of this query's result as a statement: "
                        "text built when it runs; it is not read, and it may create, rename or "
                        "drop objects, whose names are not checked and are not in the model: "
                        "write the DDL itself to have it checked",
                        DYNAMIC_CODE,
                    )
                )
            self._finish(m.start(), explicit=True, after=m.end())
        elif c == "$":
            self._dollar(m)
        elif c == "\n":
            if g.split()[0].upper() in ("GO", "/"):
                self._finish(m.start(), explicit=False, after=m.end())
                self.prev_line_end = self._line_end(m.end())
            else:
                self._keyword(m)
        elif g == "*/":
            if self.exec_open >= 0 and self.stmt is not None:
                self.stmt.blanks += ((m.start(), m.end()),)
                self.exec_open = -1
            self.pos = m.end()
        else:  # BEGIN / CASE / END in a block body
            if c in "eE":
                self.depth = max(0, self.depth - 1)
            else:
                self.depth += 1
                self.opened = True
            self.pos = m.end()

    def _semicolon_ends(self) -> bool:
        """Whether a ``;`` may end a statement although the delimiter is
        another: MySQL's client sends a ``DELIMITER //`` chunk whole, and the
        server runs every statement of it (``CALL p; ALTER TABLE ...//``)."""
        return self.family == _MYSQL and self.delimiter != ";"

    def _chunk_goes_on(self, at: int) -> bool:
        """Whether the ``;`` at ``at`` (a custom delimiter in force) is inside
        the statement in progress rather than its end: inside a routine's,
        trigger's or event's ``BEGIN ... END``, in a body that opened no block
        but may be a compound ``IF``/``WHILE``/``LOOP``/``REPEAT`` statement
        (read to the delimiter as before; a ``SET NEW.x = 1`` body ends at its
        ``;``), or in a compound statement MariaDB runs outside routines
        (``BEGIN NOT ATOMIC``, ``IF``, ``WHILE``, a label)."""
        stmt = self.stmt
        if stmt is None:  # pragma: no cover - only called inside a statement
            return False
        if self.mode == _BLOCK:
            if self.depth > 0 or self.opened:
                return self.depth > 0
            return _BODY_COMPOUND.search(self.text, stmt.start, at) is not None
        return _COMPOUND.match(self.text, stmt.start) is not None

    def _changeset(self) -> None:
        """A Liquibase ``-- changeset`` line: end the statement in progress
        before it and take the changeset's delimiter."""
        at, delimiter = self.cuts[self.next_cut]
        if self.stmt is not None:
            self._finish(at, explicit=False, after=max(at, self.pos))
            self.prev_line_end = -1
        if not delimiter:
            # drizzle's breakpoint: a comment or quote open before it ends there,
            # and the text after it on its line is the next piece's
            self.stmt = None
            self.pos = at + len(BREAKPOINT)
            self.prev_line_end = -1
        else:
            self.pos = max(at, self.pos)
        if delimiter and delimiter != self.delimiter:
            self.delimiter = delimiter
            self.pats = _patterns(self.family, delimiter)
        self.scan = self.pats.normal
        self.next_cut += 1
        self.cut = self.cuts[self.next_cut][0] if self.next_cut < len(self.cuts) else self.n + 1

    # --- statements -----------------------------------------------------------

    def _start(self, p: int) -> None:
        """Start a statement at ``p`` unless the line is a client command."""
        text = self.text
        c = text[p]
        if c == "\\" and self.family == _POSTGRES:
            # psql meta-command (\connect, \set, \restrict ...): its arguments
            # run to the end of the line, to \\ (SQL goes on after it) or to
            # the next meta-command's backslash (psql_meta_command_end).
            end, resume = psql_meta_command_end(text, p, self._line_end(p))
            include = INCLUDE.match(text, p, end)
            if include is not None:  # \i, \ir ...: psql runs that file here
                cmd = "\\" + include.group(1)
                self._include(p, PSQL, cmd, target_of(cmd, include.group(2)))
            self.pos = resume
            return
        if c in "sS\\" and self.family == _MYSQL and self._mysql_include(p):
            return
        if c in "dD" and self.family in (_MYSQL, _POSTGRES) and self._at_line_start(p):
            dm = _DELIMITER.match(text, p)
            if dm is not None and (
                self.family == _MYSQL or not text[dm.end() : self._line_end(p)].strip()
            ):
                # PostgreSQL has no DELIMITER; Java runners that read MySQL's
                # take it there too: dolphinscheduler's SqlScriptRunner runs
                # the lines after "delimiter d//" up to a line opening with
                # "d//" as one statement (a $$ function whose body is cut into
                # lines ending in ";"), then ";" ends statements again (trial s40).
                self.delimiter = dm.group(1)
                self.one_block = self.family == _POSTGRES and self.delimiter != ";"
                self.pats = _patterns(self.family, self.delimiter)
                self.pos = self._line_end(p)
                return
        if c == "-" and self.family == _MYSQL and text.startswith("--", p):
            # The mysql/mariadb client drops a line whose statement starts
            # with "--" (nothing but blanks and comments before it), whatever
            # follows: "-----------" separators (OpenCart) never reach the
            # server, which alone would want "-- " with a space.
            end = self._line_end(p)
            self._comment(p, end, text[p + 2 : end])
            return
        if c in ".#" and self.family == _SQLITE and (p == 0 or text[p - 1] == "\n"):
            # sqlite3 shell: a line starting with "." where no SQL is pending
            # is a dot-command (.timeout 30000, .headers on, .read x) and "#"
            # a comment, both to the end of their line; not SQL.
            end = self._line_end(p)
            if c == "#":
                self._comment(p, end, text[p + 1 : end])
            else:
                read = READ.match(text, p, end)
                if read is not None:  # .read FILE: the shell runs that file here
                    cmd = read.group(1)
                    self._include(p, SQLITE3, cmd, target_of(cmd, read.group(2)))
                self.pos = end
            return
        if c == ":" and self.family == _TSQL and _SQLCMD_LINE.match(text, p):
            # SQLCMD command (:r file, :setvar x y, :on error exit): to end of line.
            self.pos = self._line_end(p)
            return
        if c in "gG" and self.family == _TSQL and self._at_line_start(p):
            gm = _GO_LINE.match(text, p)
            if gm is not None:
                self.pos = gm.end()
                self.prev_line_end = self._line_end(self.pos)
                return
        self.stmt = _Pending(p, self.waiting)
        self.waiting = []
        self.depth = 0
        self.opened = False
        self.mode = _NORMAL
        hm = _HEAD.match(text, p)
        if hm is not None:
            if self.family == _TSQL:
                self.mode = _BATCH
            elif self.family == _ORACLE:
                pass  # PL/SQL units are recognised by _ORACLE_PLSQL below
            elif hm.group("kind").lower() not in ("view", "proc") and (
                self.delimiter == ";" or self._semicolon_ends()
            ):
                self.mode = _BLOCK
        if self.family == _ORACLE and _ORACLE_PLSQL.match(text, p):
            self.mode = _BATCH
        self.scan = self.pats.normal if self.mode == _NORMAL else self.pats.special
        if self.family == _TSQL:
            wm = _FIRST_WORD.match(text, p)
            self.head = wm.group().upper() if wm else ""
        self.pos = p

    def _include(self, p: int, client: Client, cmd: str, target: str) -> None:
        """Note the include at ``p`` (:mod:`.client_follow` reads its file there)."""
        self.diagnostics.append(
            Diagnostic(
                self._location(p),
                Severity.WARNING,
                placeholder(client, cmd, target),
                DYNAMIC_CODE,
            )
        )

    def _mysql_include(self, p: int) -> bool:
        """The mysql client's ``source file_name`` or ``\\. file_name`` at a
        statement's start ``p``: noted, skipped, True (MySQL manual, "mysql
        Client Commands"; what MariaDB 10.11's client does, README "Client
        includes"). ``\\.`` takes the rest of its line as the file name, as it
        stands (``\\. x.sql;`` names ``x.sql;``). ``source`` is a named
        command: the client runs it where a statement's text before the
        delimiter starts with it (``select 1; source x.sql;`` too), or where
        it starts a line holding no delimiter (the whole line then, trailing
        blanks dropped); else the line is SQL to the server (an error there),
        left to the statement it starts."""
        text = self.text
        end = self._line_end(p)
        client = MARIADB if self.source.dialect == "mariadb" else MYSQL
        if text[p] == "\\":
            dot = BACKSLASH_DOT.match(text, p, end)
            if dot is None:
                return False
            self._include(p, client, "\\.", dot.group(1).rstrip(" \t\r"))
            self.pos = end
            return True
        source = SOURCE.match(text, p, end)
        if source is None:
            return False
        cut = text.find(self.delimiter, source.end(), end)
        if cut >= 0:
            target, after = text[source.end() : cut], cut + len(self.delimiter)
        elif self._at_line_start(p):
            target, after = text[source.end() : end], end
        else:
            return False
        target = target.rstrip(" \t\r")
        if not target:
            return False
        self._include(p, client, text[p : p + 6], target)
        self.pos = after
        return True

    def _keyword(self, m: re.Match[str]) -> None:
        """T-SQL: a statement keyword at the start of a line ends the statement."""
        word = m.group().split()[0].upper()
        head = self.head
        start = self.stmt.start if self.stmt is not None else 0
        dml = word in ("INSERT", "UPDATE", "DELETE")
        exempt = (
            self.depth > 0
            or head == "MERGE"  # T-SQL requires MERGE to end with ";"
            or (head == "WITH" and dml)
            or (word == "SET" and head in ("UPDATE", "ALTER"))
            or (
                word in ("EXEC", "EXECUTE")
                and head == "INSERT"
                and not _INSERT_HAS_ROWS.search(self.text, start, m.start())
            )
        )
        if exempt:
            if head == "WITH" and dml:
                self.head = word  # the CTE's statement; later keywords split again
            self.pos = m.end()
        else:
            self._finish(m.start(), explicit=False, after=m.start())
            self.prev_line_end = -1

    def _finish(self, end: int, *, explicit: bool, after: int) -> None:
        """Close the statement in progress at ``end``; resume scanning at ``after``.

        Without an explicit terminator (GO, a T-SQL keyword, end of file) the
        comments after the last code line document what follows, so they are
        cut off the text and handed to the next statement.
        """
        stmt = self.stmt
        if stmt is None:  # pragma: no cover - only called inside a statement
            return
        text = self.text
        seg_end = end
        moved: list[tuple[int, int, str]] = []
        if not explicit:
            i = len(stmt.comments)
            while i > 0:
                cstart, cend, _ = stmt.comments[i - 1]
                if cstart < stmt.start or text[cend:seg_end].strip():
                    break
                seg_end = cstart
                i -= 1
            trailing = stmt.comments[i:]
            del stmt.comments[i:]
        stmt.end = stmt.start + len(text[stmt.start : seg_end].rstrip())
        if not explicit:
            for c in trailing:
                if "\n" in text[stmt.end : c[0]]:
                    moved.append(c)
                else:
                    stmt.comments.append(c)
        self.done.append(stmt)
        self.stmt = None
        self.mode = _NORMAL
        if self.one_block:
            self.one_block = False
            self.delimiter = ";"
            self.pats = _patterns(self.family, self.delimiter)
        self.depth = 0
        self.waiting = moved
        self.pos = after
        if explicit:
            self.prev_line_end = self._line_end(after)
            if self.family == _POSTGRES and _COPY_STDIN.match(text, stmt.start, stmt.end):
                self._skip_copy_data(after)

    def _skip_copy_data(self, after: int) -> None:
        """Skip the rows psql reads after ``COPY ... FROM stdin;`` up to ``\\.``."""
        nl = self.text.find("\n", after)
        if nl < 0:
            self.pos = self.n
            return
        end = _COPY_END.search(self.text, nl + 1)
        if end is None:
            self._warn(nl + 1, "unterminated COPY data starts here; expected a line '\\.'")
            self.pos = self.n
        else:
            self.pos = end.end()

    # --- quotes and comments -------------------------------------------------

    def _dollar(self, m: re.Match[str]) -> None:
        tag = m.group()
        close = self.text.find(tag, m.end())
        if close < 0:
            self._warn(
                m.start(),
                f"unterminated '{tag}' dollar-quoted string opened here; expected {tag}",
            )
            self.pos = self.n
        else:
            self.pos = close + len(tag)

    def _quote(self, m: re.Match[str]) -> None:
        """A PostgreSQL ``'`` string: an ``E`` prefix turns on backslash escapes."""
        p = m.start()
        text = self.text
        if p and text[p - 1] in "eE" and (p < 2 or not _is_ident_char(text[p - 2])):
            em = _ESQ_FROM_QUOTE.match(text, p)
            if em is None:
                self._unterminated_quote(p - 1, "'")
                return
            self.pos = em.end()
        else:
            self.pos = m.end()

    def _unterminated_quote(self, p: int, opener: str) -> None:
        what, closer = _QUOTE_NAMES[opener]
        if opener == '"' and self.family == _MYSQL:
            what = '"quoted string"'
        self._warn(p, f"unterminated {what} opened here; expected a closing {closer}")
        self.pos = self.n

    def _line_comment(self, m: re.Match[str]) -> None:
        body = m.group()
        p = m.start()
        if self.family == _MYSQL and body[0] == "-" and (p == 0 or self.text[p - 1] == "\n"):
            mark = runner_mark(self.text, p, self.source.path)
            if mark is not None and self._runner_mark(p, m.end(), *mark):
                return
        self._comment(p, m.end(), body[1:] if body[0] == "#" else body[2:])

    def _runner_mark(self, p: int, end: int, mark: Mark, sql: int) -> bool:
        """A line the project's runner un-comments (:mod:`.runner_marks`):
        True when its SQL is read here (the mark blanked), else noted."""
        if mark is Mark.MYSQL:
            if self.stmt is not None:
                self.stmt.blanks += ((p, sql),)
            self.pos = sql
            return True
        if NAMING_WORDS.search(self.text, sql, end):
            self.diagnostics.append(
                Diagnostic(
                    self._location(p),
                    Severity.WARNING,
                    "the project's SQL runner runs this marked line on PostgreSQL only "
                    f"({self.text[p:sql].strip()!r}: Dolibarr's run_sql and install step2 "
                    "un-comment it there), while this file is read as MySQL: the names it "
                    "creates or renames are not checked and are not in the model; write "
                    "the same DDL on a -- VMYSQL line or in plain SQL to have it read",
                    DYNAMIC_CODE,
                )
            )
        return False

    def _block_comment(self, p: int) -> None:
        text = self.text
        if self.family == _MYSQL and text.startswith(("/*!", "/*M!"), p):
            em = _EXEC_OPEN.match(text, p)
            if em is not None and not text.startswith("\\-", em.end()):  # MariaDB sandbox
                # Executable comment: its content is SQL; only the markers go.
                if self.stmt is not None:
                    self.stmt.blanks += ((p, em.end()),)
                self.exec_open = p
                self.pos = em.end()
                return
        if self.family in (_POSTGRES, _TSQL):
            close = _nested_close(text, p + 2)
        else:
            close = text.find("*/", p + 2)
        if close < 0:
            self._warn(p, "unterminated /* comment opened here; expected */")
            self._comment(p, self.n, text[p + 2 :])
            self.pos = self.n
        else:
            self._comment(p, close + 2, text[p + 2 : close])

    def _comment(self, start: int, end: int, body: str) -> None:
        raw = (start, end, body.strip())
        if self.stmt is not None:
            self.stmt.comments.append(raw)
        elif self.done and start < self.prev_line_end:
            self.done[-1].comments.append(raw)
        else:
            self.waiting.append(raw)
        self.pos = end

    # --- helpers ----------------------------------------------------------------

    def _line_end(self, p: int) -> int:
        e = self.text.find("\n", p)
        return self.n if e < 0 else e

    def _at_line_start(self, p: int) -> bool:
        ls = self.text.rfind("\n", 0, p) + 1
        return not self.text[ls:p].strip()

    def _location(self, offset: int) -> Location:
        line, col = self.index.line_col(offset)
        return Location(self.source.path, line, col)

    def _warn(self, offset: int, message: str) -> None:
        """An unterminated construct: everything from it to the end of the
        file was swallowed, so it is an error naming the lines not read
        (a warning let a run pass with DDL silently dropped)."""
        where = self._location(offset)
        last = self.index.line_col(max(offset, len(self.text.rstrip()) - 1))[0]
        lines = f"line {where.line}" if last <= where.line else f"lines {where.line}-{last}"
        self.diagnostics.append(
            Diagnostic(
                where,
                Severity.ERROR,
                f"{message}; {lines} not read as DDL",
                UNTERMINATED_CODE,
            )
        )

    def statements(self) -> tuple[Statement, ...]:
        """Freeze the cut statements (hot loop: names bound locally on purpose)."""
        text, source, path, line_col = self.text, self.source, self.source.path, self.index.line_col
        out = []
        for st in self.done:
            body = text[st.start : st.end]
            if st.blanks:
                body = _blank(body, st.start, st.blanks).rstrip()
            comments = (
                tuple(Comment(c[2], Location(path, *line_col(c[0]))) for c in st.comments)
                if st.comments
                else ()
            )
            location = Location(path, *line_col(st.start))
            out.append(Statement(body, st.start, location, source, comments))
        return tuple(out)


#: psql meta-commands whose argument is the rest of the line, backslashes
#: and all (psql's command.c reads it ``OT_WHOLE_LINE``: ``\\copy``, ``\\!``,
#: ``\\h``/``\\help``, ``\\sf``, ``\\sv``, ``\\ef``, ``\\ev``).
_PSQL_WHOLE_LINE = frozenset(("copy", "!", "h", "help", "sf", "sf+", "sv", "sv+", "ef", "ev"))


def psql_meta_command_end(text: str, p: int, line_end: int) -> tuple[int, int]:
    """Where the psql meta-command at ``p`` (its backslash) ends, and where
    psql reads on: psql manual, "Meta-Commands": "Parsing for arguments
    stops at the end of the line, or when another unquoted backslash is
    found. An unquoted backslash is taken as the beginning of a new
    meta-command. The special sequence \\\\ (two backslashes) marks the end
    of arguments and continues parsing SQL commands, if any." Quotes
    (``'...'`` with its backslash escapes, ``"..."``, a backquoted shell
    command) hide a backslash; a command reading the whole line
    (:data:`_PSQL_WHOLE_LINE`) takes it all. Anything else on the line is
    the command's argument, extra ones ignored: in ``BEGIN; \\ir x.sql
    COMMIT;`` psql never sends the ``COMMIT`` (PostgreSQL 15's psql:
    ``warning: \\ir: extra argument "COMMIT;" ignored``)."""
    k = p + 1
    while k < line_end and not text[k].isspace() and text[k] != "\\":
        k += 1
    if text[p + 1 : k] in _PSQL_WHOLE_LINE or k == p + 1:
        return line_end, line_end
    while k < line_end:
        c = text[k]
        if c in "'\"`":
            k += 1
            while k < line_end and text[k] != c:
                k += 2 if c == "'" and text[k] == "\\" else 1
        elif c == "\\":
            if text.startswith("\\\\", k):
                return k, k + 2
            return k, k
        k += 1
    return line_end, line_end


def _is_ident_char(c: str) -> bool:
    return c.isalnum() or c in "_$"


def _nested_close(text: str, pos: int) -> int:
    """Offset of the ``*/`` closing a nestable comment whose body starts at ``pos``."""
    depth = 1
    for m in _NESTED.finditer(text, pos):
        if m.group() == "/*":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.start()
    return -1


def _blank(body: str, base: int, spans: tuple[tuple[int, int], ...]) -> str:
    """Replace the given spans (file offsets) of ``body`` by spaces, keeping length."""
    parts = []
    last = 0
    for start, end in spans:
        a, b = max(start - base, 0), min(end - base, len(body))
        if a >= b:
            continue
        parts.append(body[last:a])
        parts.append(" " * (b - a))
        last = b
    parts.append(body[last:])
    return "".join(parts)


def split_statements(
    text: str, source: SourceFile, index: LineIndex | None = None
) -> tuple[tuple[Statement, ...], tuple[Diagnostic, ...]]:
    """Split ``text`` (decoded, BOM stripped) into statements for ``source.dialect``.

    Returns the statements in file order and warnings (code ``DBN001``) for
    input that ends inside a quote, comment, body or COPY data; such input
    still yields a statement, so no name is silently lost. In Liquibase
    formatted SQL a ``-- changeset`` line ends the statement before it and
    its ``endDelimiter:`` (default ``;``) cuts the changeset's statements;
    with ``splitStatements:false`` Liquibase sends the changeset whole (no
    delimiter is used) and the database runs every statement in it, so they
    are read one by one at ``;`` (bodies recognised as anywhere else).
    """
    cuts = tuple(
        (c.start, (c.end_delimiter if c.split_statements else None) or ";")
        for c in changesets(text)
    )
    if BREAKPOINT in text:
        # drizzle's migrator cuts the text there first, whatever surrounds it:
        # ``ALTER ...;--> statement-breakpoint ALTER ...`` runs both (trial s27)
        cuts = tuple(sorted(cuts + tuple((at, "") for at in breakpoints(text))))
    with collector_paused():
        scanner = _Scanner(text, source, index if index is not None else LineIndex(text), cuts)
        scanner.run()
        statements = scanner.statements()
    if source.drizzle and len(statements) > 1 and scanner.family == _SQLITE:
        return _first_of_each_piece(text, statements, scanner.diagnostics)
    return statements, tuple(scanner.diagnostics)


#: Code of the warning on a statement drizzle's SQLite migrator never runs.
NOT_RUN_CODE = "DBN036"


def _first_of_each_piece(
    text: str, statements: tuple[Statement, ...], diagnostics: list[Diagnostic]
) -> tuple[tuple[Statement, ...], tuple[Diagnostic, ...]]:
    """The statements of a drizzle-kit migration read as SQLite that its
    migrator runs: the first of each piece between breakpoints (libsql runs a
    piece's first statement only, better-sqlite3's ``prepare`` refuses a
    piece of more: trial s27 openstatus), each other one with a warning."""
    breaks = breakpoints(text)
    kept: list[Statement] = []
    out = list(diagnostics)
    seen: set[int] = set()
    for statement in statements:
        piece = bisect.bisect_right(breaks, statement.offset)
        if piece not in seen:
            seen.add(piece)
            kept.append(statement)
            continue
        out.append(
            Diagnostic(
                statement.location,
                Severity.WARNING,
                "not replayed: drizzle's migrator sends the text between two "
                "--> statement-breakpoint lines as one piece, and on SQLite runs its first "
                "statement only (libsql) or refuses it (better-sqlite3), so this one never "
                "runs; put --> statement-breakpoint before it, in a new migration",
                NOT_RUN_CODE,
            )
        )
    return tuple(kept), tuple(out)
