"""What a name means inside one SQL statement: the table, or a name the statement binds.

A line-by-line look cannot tell ``LEFT JOIN media AS m`` (the table) from
the same words after ``WITH media AS (...)``, where ``media`` is the
statement's own common table expression; nor see that ``settings.value``
in an ``ON CONFLICT ... DO UPDATE SET`` qualifies a column by the table the
statement inserts into. This module finds the SQL in a file (a SQL file's
statements, split at ``;``; in code, string literals that read as SQL,
adjacent pieces joined with ``+`` or ``.`` taken as one statement), reads
each statement's tokens with their parenthesis levels, and answers, for a
name's position, one of:

- :data:`LOCAL`: a name the statement binds itself, not the table: a CTE
  name (``WITH x AS (``, in scope after its body, or throughout when
  ``RECURSIVE``), a table alias (``FROM t AS x``, ``JOIN t x``, in scope at
  its query level and below), a column alias (``AS x``), and each use of a
  CTE or table alias in scope;
- :data:`QUALIFIER`: ``t.col`` (or ``t.*``) where ``t`` is a table the same
  statement names in a table position (``FROM``, ``JOIN``, ``INTO``,
  ``UPDATE``, ``USING``) without an alias: PostgreSQL resolves the
  qualifier to that table, so renaming the table must rename it too;
- :data:`ROW`: a bare ``t`` used as a value, a function's argument
  (``row_to_json(t)``, ``json_agg(t)``) or ``(t).col``, where ``t`` is a
  table the statement names without an alias: PostgreSQL reads it as the
  table's whole row, so renaming the table must rename it too;
- :data:`SCHEMA`: the first part of ``schema.table`` in a table position;
- :data:`UNRESOLVED`: ``t.col`` where the statement neither binds ``t`` nor
  names a table ``t`` (a query assembled from pieces this reading cannot
  join, ``"SELECT t.a " + cols + " FROM t"``): a patch renaming the table
  elsewhere cannot tell whether to rename it.

A dollar-quoted routine body is read as statements of its own
(:mod:`~dbnamelint.impact.sqlroutines`), and DDL's table positions and the
words in a keyword's role come from :mod:`~dbnamelint.impact.sqlroles`
(``KEYWORD``: ``LANGUAGE sql``, ``COMMENT ON``, a function's name).

Scoping follows PostgreSQL's (SELECT, "WITH Queries"): a non-recursive
CTE is visible to later CTEs and the main query; an alias hides the
table's own name at its query level. It reads text only.
:meth:`SqlText.table_position` says whether a name stands in a table
position (``FROM``, ``JOIN``, ``INTO``, ``UPDATE``, ``USING``,
``TRUNCATE [TABLE]``), however many lines after its keyword (``TRUNCATE
TABLE a,`` then ``b,`` on the next line of a Go raw string).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterator, Sequence
from typing import Any, Literal

from msgspec import Struct, field

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact import jstemplates, sqlcolumns, sqloutputs, sqlroles, sqlroutines
from dbnamelint.impact.classify import (
    message_call,
    opens_as_sql,
    reads_as_message_sql,
    reads_as_sql,
)
from dbnamelint.impact.languages import family
from dbnamelint.impact.mybatis import MapperFile
from dbnamelint.impact.prose import code_blocks
from dbnamelint.impact.sqltemplates import call_arguments, is_sql_template, sql_view

Verdict = Literal["local", "keyword", "qualifier", "row", "schema", "unresolved"]
LOCAL: Verdict = "local"
KEYWORD: Verdict = "keyword"
QUALIFIER: Verdict = "qualifier"
ROW: Verdict = "row"
SCHEMA: Verdict = "schema"
UNRESOLVED: Verdict = "unresolved"

#: A template interpolation the host language fills in at run time: ``${x}``
#: (JavaScript/TypeScript template literals, Kotlin, Groovy, Scala, Dart,
#: shell, Perl; MyBatis ``${x}``), ``#{x}`` (Ruby, Crystal, Elixir; MyBatis
#: ``#{x}``), PHP's ``{$x}``; one level of braces may nest inside.
_INTERPOLATION = r"(?:[$#]\{(?:[^{}]|\{[^{}]*\})*\}|\{\$(?:[^{}]|\{[^{}]*\})*\})"
_WORD_CHAR = r"(?:[\w\x80-\U0010ffff]|\$(?!\{))"
#: A name at a column position, a quote before it or not.
_NAME_AT = lazy_compile(r"[\"`\[]?([A-Za-z_]\w*)")
_SQL_LEX = lazy_compile(
    r"(?P<skip>--[^\n]*|/\*.*?(?:\*/|\Z)|'(?:''|[^'])*(?:'|\Z)|\$(?P<tag>(?:[A-Za-z_]\w*)?)\$.*?"
    r"(?:\$(?P=tag)\$|\Z))"
    # [name] quotes a name (SQL Server, SQLite) but not glued to a value before
    # it: x[1], x[a:b], f(x)[1] are PostgreSQL's subscripts and slices, whose
    # insides are SQL (river's attempted_by[array_length(river_job.attempted_by, 1):]).
    r'|(?P<qword>"(?:""|[^"])*"|`[^`]*`|(?<![\w\x80-\U0010ffff$"`)\]])\[[^\]\n]*\])'
    # An interpolation, with any name characters glued after it (${prefix}users).
    rf"|(?P<hole>{_INTERPOLATION}(?:{_WORD_CHAR}|{_INTERPOLATION})*)"
    rf"|(?P<word>[A-Za-z_\x80-\U0010ffff]{_WORD_CHAR}*)"
    r"|(?P<punct>[(),.;*])",
    re.DOTALL,
)

#: A heredoc (Ruby, Crystal, shell, Perl): ``<<ID``, ``<<-ID``, ``<<~ID``, the
#: identifier possibly quoted; its body runs from the next line to the line
#: holding only the identifier (indented after ``-``/``~``; leniently always).
_HEREDOC = (
    r"<<[-~]?(?P<hq>[\"'`]?)(?P<hid>[A-Za-z_]\w*)(?P=hq)[^\n]*\n"
    r"(?P<hbody>(?:.*?\n)??)[ \t]*(?P=hid)(?![\w])"
)
#: PHP heredoc (``<<<ID``, ``<<<"ID"``) and nowdoc (``<<<'ID'``); the closing
#: identifier may be indented (PHP 7.3) and followed by ``;``, ``,`` or ``)``.
_PHP_HEREDOC = (
    r"<<<[ \t]*(?P<pq>[\"']?)(?P<pid>[A-Za-z_]\w*)(?P=pq)[ \t]*\r?\n"
    r"(?P<pbody>(?:.*?\n)??)[ \t]*(?P=pid)(?![\w])"
)


def _interpolated(prefix: str, quotes: str, depth: int = 3) -> str:
    """A one-line string opened by ``prefix`` and one of ``quotes`` whose
    replacement fields may hold its own quote and nest ``depth`` deep: a
    Python f-string (3.12, PEP 701: ``f"{d["k"]}"``), a C# ``$"{d["k"]}"``.
    The field's quotes and braces do not end it (session 37: the literal
    ended at the field's quote, ``CREATE TABLE {d[`` read as SQL)."""
    atom = r"[^{}'\"\n]|'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\""
    field = rf"\{{(?:{atom})*\}}"
    for _ in range(depth):
        field = rf"\{{(?:{atom}|{field})*\}}"
    return "|".join(
        rf"{prefix}{q}(?!{q}{q})(?:\\.|\{{\{{|{field}|[^{q}\\\n{{])*{q}" for q in quotes
    )


_STRING_FORMS = {
    "c": r'"""(?:\\.|[^\\])*?"""|`(?:\\.|[^`\\])*`|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'',
    # raw r#"..."#, and the byte and C strings' raw forms (br"..", cr#".."#)
    "rs": r'(?<!\w)[bc]?r(?P<hashes>#*)"(?:.|\n)*?"(?P=hashes)|"(?:\\.|[^"\\])*"',
    # prefixes: raw, bytes, unicode, f-strings, 3.14's template t-strings
    "py": _interpolated("(?:[fFtT][rR]?|[rR][fFtT])", "\"'")
    + r'|[rRbBuUfFtT]{0,2}(?:"""(?:\\.|[^\\])*?"""|\'\'\'(?:\\.|[^\\])*?\'\'\''
    r'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\')',
    "hash": rf'{_HEREDOC}|"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|`(?:\\.|[^`\\])*`',
    # PHP: heredoc/nowdoc, and "..."/'...' strings that may span lines.
    "php": rf'{_PHP_HEREDOC}|"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'',
    # Clojure and other Lisps: "..." over lines (a \" inside), #"regex" is one too
    "lisp": r'"(?:\\.|[^"\\])*"',
}
_COMMENT_FORMS = {
    "c": r"//[^\n]*|/\*.*?(?:\*/|\Z)",
    # a char literal ('"') is skipped so its quote opens no string; 'a (a lifetime) is not one
    "rs": r"//[^\n]*|/\*.*?(?:\*/|\Z)|'(?:\\.|[^'\\\n])'",
    "py": r"#[^\n]*",
    "hash": r"#[^\n]*",
    "php": r"//[^\n]*|/\*.*?(?:\*/|\Z)|\#(?!\[)[^\n]*",
    "lisp": r";[^\n]*|\\.",  # a character literal (\" \;) opens nothing
}
_CODE_LEX = {
    family: lazy_compile(
        rf"(?P<comment>{_COMMENT_FORMS[family]})|(?P<string>{_STRING_FORMS[family]})", re.DOTALL
    )
    for family in _STRING_FORMS
}
#: A language's own string forms, tried before its family's (each language's
#: reference, "string literals"): what the family's shared forms miss or
#: misread (trial s34 ente: Dart's ``execute('''`` over lines was not read).
#: A form whose content is a named group (in :data:`_BODIES`) is raw.
_OWN_STRINGS = {
    # Go: a raw `...` has no escapes (a backslash before its closing backtick ends it)
    (".go",): r"`[^`]*`",
    # Dart: raw r'..', r"..", r'''..''', r"""..."""; '''..''' over lines
    (".dart",): r"(?<![\w$])r(?:'''.*?'''|\"\"\".*?\"\"\"|'[^'\n]*'|\"[^\"\n]*\")"
    r"|'''(?:\\.|[^\\])*?'''",
    # Groovy: '''..''' over lines, dollar-slashy $/../$ ($$ and $/ escape),
    # slashy /../ where a value starts (over lines; \/ escapes a slash)
    (".groovy",): r"'''(?:\\.|[^\\])*?'''"
    r"|\$/(?P<gds>(?:\$[$/]|(?!/\$).)*?)/\$"
    r"|(?:^|(?<=[=(,:\[!&|?{;~]))[ \t]*/(?P<gsl>(?![/*])(?:\\.|[^/\\])*)/",
    # Kotlin, Scala: """...""" is raw; quotes before the closing three are content
    (".kt", ".kts", ".scala"): r'""".*?"{3,}',
    # Swift: raw #"..."#, #"""..."""# (any number of #)
    (".swift",): r'(?P<swh>#+)""".*?"""(?P=swh)|(?P<swh2>#+)"[^\n]*?"(?P=swh2)',
    # C#: raw """...""" (three or more quotes, closed by as many), verbatim
    # @"..." over lines ("" a quote), interpolated $@"..", @$"..", $"""..."""
    (".cs",): r'\$*(?P<csq>"{3,})(?P<csr>.*?)(?P=csq)|(?:\$@|@\$?)"(?:""|[^"])*"|'
    + _interpolated(r"\$", '"'),
    # C++11 raw strings R"delim(...)delim" (u8R, LR, uR, UR)
    (".c", ".h", ".cc", ".cpp", ".hpp"): r'(?<!\w)(?:u8|[uUL])?R"'
    r'(?P<cpd>[^()\\\s"]{0,16})\((?P<cpr>.*?)\)(?P=cpd)"',
    # Julia: """...""" over lines
    (".jl",): r'"""(?:\\.|[^\\])*?"""',
    # R 4.0 raw strings r"(...)", R"[...]", r"-{...}-"
    (".r",): r"""[rR](?P<rq>["'])(?P<rd>-*)(?:\((?P<rr1>.*?)\)|\[(?P<rr2>.*?)\]"""
    r"""|\{(?P<rr3>.*?)\})(?P=rd)(?P=rq)""",
    # shell: '...' has no escapes; $'...' has
    (".sh", ".bash"): r"\$'(?:\\.|[^'\\])*'|(?<!\$)'[^']*'",
}
_OWN_LEX = {
    suffixes: lazy_compile(
        rf"(?P<comment>{_COMMENT_FORMS[kind]})|(?P<string>{own}|{_STRING_FORMS[kind]})",
        re.DOTALL | re.MULTILINE,
    )
    for suffixes, own in _OWN_STRINGS.items()
    for kind in [family(f"x{suffixes[0]}") or "c"]
}
#: Ruby's percent literals (``%(...)``, ``%Q{...}``, ``%q[...]``, ``%<...>``,
#: ``%|...|``; Ruby manual, "Literals": brackets nest inside, two levels
#: deep here): a ``%(CREATE TABLE "X" (id int))`` is a string like any
#: (trial s28 chatwoot: such DDL passed the gate unread). Ruby files only:
#: ``%{`` is a map in Elixir and a hash in Perl.
_RUBY_PERCENT = (
    r"%[qQ]?(?:\((?P<rb1>(?:[^()\\]|\\.|\((?:[^()\\]|\\.|\([^()]*\))*\))*)\)"
    r"|\[(?P<rb2>(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]"
    r"|\{(?P<rb3>(?:[^{}\\]|\\.|\{[^{}]*\})*)\}"
    r"|<(?P<rb4>(?:[^<>\\]|\\.)*)>"
    r"|\|(?P<rb5>(?:[^|\\]|\\.)*)\|)"
)
#: Ruby's regular expression literals (``/['?\\:]/i``, ``%r{...}``; Ruby manual,
#: "Regexp"), skipped as comments are: a quote inside one opens no string
#: (trial s30 mastodon: ``DISALLOWED_TSQUERY_CHARACTERS = /['?\\:]/`` made
#: every heredoc after it, and the Ruby between them, read as inverted
#: strings, so ``note`` in ``PlainTextFormatter.new(note, ...)`` was "SQL").
#: ``/`` opens one only where a value starts: after ``=``, ``(``, ``,``, ``!``,
#: ``~``, ``{``, ``[``, ``|``, ``&``, ``?``, ``;``, a line's start, or ``when``,
#: ``if``, ``unless``, ``and``, ``or``, ``not``, ``return``, ``elsif``; elsewhere
#: it divides. One line (an ``/x`` literal over lines is not skipped).
_RUBY_REGEX = (
    r"(?:(?:^|[=(,!~{\[|&?;])[ \t]*"
    r"|\b(?:when|if|unless|and|or|not|return|elsif|while|until)[ \t]+)"
    r"/(?![\s=/])(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n\[])*/[a-z]*"
    r"|%r(?:\{(?:[^{}\\]|\\.)*\}|\((?:[^()\\]|\\.)*\)|\[(?:[^\[\]\\]|\\.)*\]"
    r"|\|(?:[^|\\]|\\.)*\||!(?:[^!\\]|\\.)*!)[a-z]*"
)
_RUBY_LEX = lazy_compile(
    rf"(?P<comment>{_COMMENT_FORMS['hash']}|{_RUBY_REGEX})"
    rf"|(?P<string>{_RUBY_PERCENT}|{_STRING_FORMS['hash']})",
    re.DOTALL | re.MULTILINE,
)
#: Perl's quote-like operators (perlop, "Quote and Quote-like Operators":
#: ``q{...}``, ``qq(...)``, ``q[...]``, ``qq<...>`` with brackets nesting,
#: one level deep here, or any other punctuation ``q|...|``, ``qq/.../``),
#: before its plain strings: Mojo::Pg code writes ``$db->query(q{UPDATE
#: waitlist ...})``, which was plain text (trial s29 Registry: its ``lib/*.pm``
#: uses were missed while the same SQL in ``t/*.t`` was found). ``qw`` is a
#: word list, not one.
_PERL_QUOTES = (
    r"(?<![\w$@%&>])qq?\s*(?:\{(?P<pl1>(?:[^{}\\]|\\.|\{[^{}]*\})*)\}"
    r"|\((?P<pl2>(?:[^()\\]|\\.|\([^()]*\))*)\)"
    r"|\[(?P<pl3>(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]"
    r"|<(?P<pl4>(?:[^<>\\]|\\.)*)>"
    r"|(?P<pld>[|/!~^,:;])(?P<pl5>(?:(?!(?P=pld))[^\\]|\\.)*)(?P=pld))"
)
_PERL_LEX = lazy_compile(
    rf"(?P<comment>{_COMMENT_FORMS['hash']})"
    rf"|(?P<string>{_PERL_QUOTES}|{_STRING_FORMS['hash']})",
    re.DOTALL,
)
#: Elixir's heredocs (``"""``/``'''`` on lines of their own) and sigils
#: (``~s|...|``, ``~s(...)``, ``~S[...]``, ``~s"""..."""``; Elixir's "Sigils"
#: guide: the closing delimiter ends it, brackets do not nest), before its
#: plain strings: plausible's migrations write ``execute("""CREATE ...""")``,
#: which was read as strings cut at every quote, and its sigil DDL was not
#: read at all (trial s28 plausible).
_ELIXIR_STRINGS = (
    r'(?:~[a-zA-Z])?"""(?P<ex1>.*?)"""|(?:~[a-zA-Z])?\'\'\'(?P<ex2>.*?)\'\'\''
    r"|~[a-zA-Z]\((?P<ex3>(?:[^)\\]|\\.)*)\)|~[a-zA-Z]\[(?P<ex4>(?:[^\]\\]|\\.)*)\]"
    r"|~[a-zA-Z]\{(?P<ex5>(?:[^}\\]|\\.)*)\}|~[a-zA-Z]<(?P<ex6>(?:[^>\\]|\\.)*)>"
    r"|~[a-zA-Z]\|(?P<ex7>(?:[^|\\]|\\.)*)\||~[a-zA-Z]/(?P<ex8>(?:[^/\\]|\\.)*)/"
    r'|~[a-zA-Z]"(?P<ex9>(?:[^"\\]|\\.)*)"|~[a-zA-Z]\'(?P<ex10>(?:[^\'\\]|\\.)*)\''
)
_ELIXIR_LEX = lazy_compile(
    rf"(?P<comment>{_COMMENT_FORMS['hash']})"
    rf"|(?P<string>{_ELIXIR_STRINGS}|{_STRING_FORMS['hash']})",
    re.DOTALL,
)
#: Named groups holding a literal's content when its match holds more
#: (a heredoc's opening line, a percent literal's or sigil's delimiters):
#: read as ``<<``.
_BODIES = (
    "hbody",
    "pbody",
    "rb1",
    "rb2",
    "rb3",
    "rb4",
    "rb5",
    *(f"ex{n}" for n in range(1, 11)),
    *(f"pl{n}" for n in range(1, 6)),
    "gds",
    "gsl",
    "csr",
    "cpr",
    "rr1",
    "rr2",
    "rr3",
)
_RUBY_SUFFIXES = (".rb", ".rake", ".cr")  # Crystal: Ruby's heredocs, % literals
_PERL_SUFFIXES = (".pl", ".pm")


def _enclosing(ranges: Sequence[tuple[Any, ...]], outer: list[int], start: int) -> int:
    """The index of the range of ``ranges`` (in order of start; ``outer`` their
    enclosing ones) that a range opening at ``start`` lies inside, or -1."""
    return _inside(ranges, outer, len(ranges) - 1, start)


def _inside(ranges: Sequence[tuple[Any, ...]], outer: list[int], index: int, at: int) -> int:
    """The innermost range holding ``at``, from ``index`` (the last range opening
    at or before it) out through the ranges enclosing it; -1 when none does."""
    while index >= 0 and not ranges[index][0] <= at < ranges[index][1]:
        index = outer[index]
    return index


def _string_literals(
    path: str, kind: str, text: str, js: list[tuple[int, int]] | None
) -> Iterator[tuple[int, int, tuple[int, int]]]:
    """(start, end, (content start, content end)) of each string literal of
    ``text`` (a file of family ``kind`` at ``path``), in order of opening;
    ``js``: a JavaScript/TypeScript file's (:func:`~dbnamelint.impact.jstemplates.literals`:
    a template nested in another's ``${...}`` hole is one of its own, inside it)."""
    if js is not None:
        for begin, finish in js:
            closed = finish - begin > 1 and text[finish - 1] == text[begin]
            yield begin, finish, (begin + 1, finish - 1 if closed else finish)
        return
    for m in _lexer(path, kind).finditer(text):
        if m.lastgroup != "string":
            continue
        groups = m.groupdict()
        body = next((g for g in _BODIES if groups.get(g) is not None), None)
        content = (m.start(body), m.end(body)) if body else _content(m.group(), m.start())
        yield m.start(), m.end(), content


def _lexer(path: str, kind: str) -> Any:
    """The comment-and-string scanner of ``path`` (of family ``kind``)."""
    lowered = path.lower()
    if kind == "hash" and (lowered.endswith(_RUBY_SUFFIXES) or lowered.endswith("rakefile")):
        return _RUBY_LEX
    if kind == "hash" and lowered.endswith((".ex", ".exs")):
        return _ELIXIR_LEX
    if kind == "hash" and lowered.endswith(_PERL_SUFFIXES):
        return _PERL_LEX
    for suffixes, lexer in _OWN_LEX.items():
        if lowered.endswith(suffixes):
            return lexer
    return _CODE_LEX[kind]


#: What may stand between two pieces of one query: ``+`` (Go, JS, Java...),
#: ``.`` (PHP), nothing (Python, C), with spaces and line breaks.
#: Around a name in a table position, what makes it a value filled in at run time.
#: A table position filled in by a template's expression: ``FROM ${this.t}``, ``{t}``.
_FILLED_TABLE = lazy_compile(
    r"\b(?:from|join|into|update|table|exists)\s+\$?\{([^{}]+)\}", re.IGNORECASE
)
#: A ``CREATE TABLE`` of a table filled in by a template's expression.
_CREATED_FILLED = lazy_compile(
    r"\bcreate\s+(?:(?:global|local)\s+)?(?:(?:temp|temporary|unlogged)\s+)?table\s+"
    r"(?:if\s+not\s+exists\s+)?\$?\{([^{}]+)\}",
    re.IGNORECASE,
)
_FILLED_BEFORE = frozenset("%{:$#@")
_FILLED_AFTER = frozenset("%{}$")
_JOIN_GAP = lazy_compile(r"\s*[+.]?\s*")

#: Words after which a table (or a subquery) follows.
_TABLE_INTRO = frozenset({"from", "join", "into", "update", "using"})
#: Words that cannot be an alias (they go on with the statement).
_NOT_ALIAS = frozenset(
    {
        "all",
        "and",
        "any",
        "array",
        "as",
        "asc",
        "by",
        "case",
        "cross",
        "default",
        "delete",
        "desc",
        "distinct",
        "do",
        "else",
        "end",
        "except",
        "fetch",
        "for",
        "from",
        "full",
        "group",
        "having",
        "in",
        "inner",
        "insert",
        "intersect",
        "is",
        "join",
        "lateral",
        "left",
        "like",
        "limit",
        "natural",
        "not",
        "null",
        "offset",
        "on",
        "only",
        "or",
        "order",
        "outer",
        "overriding",
        "partition",
        "returning",
        "right",
        "select",
        "set",
        "tablesample",
        "then",
        "union",
        "update",
        "using",
        "values",
        "when",
        "where",
        "window",
        "with",
        "conflict",
        "nothing",
        "merge",
        "matched",
        "into",
        "straight_join",
        "force",
        "ignore",
        "use",
        "of",
        "skip",
        "nowait",
    }
)
#: For other readers of SQL pieces (a query builder's ``.From("t x")``).
NOT_ALIAS = _NOT_ALIAS
#: Words before ``(`` that open a subquery or a list, not a function call.
_NOT_FUNCTION = frozenset(
    {"in", "exists", "any", "all", "some", "as", "from", "join", "lateral", "using", "values"}
)


class _Tok(Struct, frozen=True):
    kind: str  # "word", "qword", "punct", "hole" or "body" (a routine's, read apart)
    text: str
    folded: str
    start: int  # offset in the file's text
    end: int


def _unquote(text: str) -> str:
    if text[:1] == '"':
        return text[1:-1].replace('""', '"')
    return text[1:-1]


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    """The tokens of ``text[start:end]``; a dollar-quoted string that is SQL
    (:func:`~dbnamelint.impact.sqlroutines.is_code`: a routine's body) is one
    ``body`` token spanning its content, read apart by :func:`_read`."""
    out: list[_Tok] = []
    for m in _SQL_LEX.finditer(text, start, end):
        if m.group("skip") is not None:
            tag = m.group("tag")
            if tag is not None:
                delimiter = len(tag) + 2
                lo = m.start() + delimiter
                closed = m.end() - m.start() >= 2 * delimiter and text.endswith(
                    f"${tag}$", m.start(), m.end()
                )
                hi = m.end() - delimiter if closed else m.end()
                since = next((k + 1 for k in range(len(out) - 1, -1, -1) if out[k].text == ";"), 0)
                head = [(t.kind, t.folded) for t in out[since:]]
                if sqlroutines.is_code(head, text[lo:hi]):
                    out.append(_Tok("body", "", "", lo, hi))
            continue
        raw = m.group()
        escaped = m.start() > 0 and text[m.start() - 1] == "\\"
        if m.group("qword") is not None:
            # A quoted name's position is its first character, as the matcher sees it.
            name = raw[1:-2] if escaped and raw.endswith('\\"') else _unquote(raw)  # \"t\"
            out.append(_Tok("qword", raw, name.casefold(), m.start() + 1, m.end()))
        elif escaped and m.group("word") is not None and raw[0] in "nrt" and len(raw) > 1:
            # \nSELECT in a string literal: the escape ends the word before.
            out.append(_Tok("word", raw[1:], raw[1:].casefold(), m.start() + 1, m.end()))
        elif (
            m.group("hole") is not None
            and out
            and out[-1].kind == "word"
            and (out[-1].end == m.start())
        ):
            # users${suffix}: the name is built at run time, no word of it is one.
            glued = out.pop()
            out.append(_Tok("hole", text[glued.start : m.end()], "", glued.start, m.end()))
        else:
            out.append(_Tok(str(m.lastgroup), raw, raw.casefold(), m.start(), m.end()))
    return out


class _Statement(Struct):
    """One statement's bindings; positions are offsets in the file's text."""

    #: (folded name, scope start, scope end): CTEs and table aliases.
    scopes: list[tuple[str, int, int]] = field(default_factory=list)
    defs: set[int] = field(default_factory=set)  # starts of binding words
    schema_parts: set[int] = field(default_factory=set)  # starts of schema qualifiers
    table_items: set[int] = field(default_factory=set)  # starts of table-position names
    tables: set[str] = field(default_factory=set)  # folded names in table positions
    #: (folded name, level start, level end, item start) of unaliased table names.
    exposed: list[tuple[str, int, int, int]] = field(default_factory=list)
    qualifiers: set[int] = field(default_factory=set)  # starts of words followed by ".x"
    rows: set[int] = field(default_factory=set)  # starts of bare words used as a value
    #: (folded alias, scope start, scope end) -> the folded table name it stands for.
    alias_tables: dict[tuple[str, int, int], str] = field(default_factory=dict)

    ctes: list[tuple[str, int, int]] = field(default_factory=list)  # CTEs only
    #: (folded name, level start, level end) of every table item, aliased or not:
    #: the tables whose columns a bare column name at that level may be.
    items: list[tuple[str, int, int]] = field(default_factory=list)
    #: A CTE's or subquery alias's binding -> its body's query level (start, end):
    #: ``x.col`` is a column of the tables that body reads.
    bodies: dict[tuple[str, int, int], tuple[int, int]] = field(default_factory=dict)
    #: Starts of words in a keyword's role (:func:`~dbnamelint.impact.sqlroles.keyword_roles`).
    keywords: set[int] = field(default_factory=set)
    start: int = 0  # where its first token starts
    #: ``INSERT INTO t (a, b)``: (folded table, its folded column list), per INSERT.
    inserts: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    #: Starts of names in a column position (:mod:`~dbnamelint.impact.sqlcolumns`).
    columns: set[int] = field(default_factory=set)
    #: Start of each table name a write of a form only some databases take on a
    #: view writes -> that form (:data:`WriteForm`).
    write_forms: dict[int, WriteForm] = field(default_factory=dict)
    #: A binding that names its columns (``AS x(a, b)``, ``WITH x(a) AS``) ->
    #: those names (folded): ``x.a`` is the binding's own column, no table's.
    alias_columns: dict[tuple[str, int, int], frozenset[str]] = field(default_factory=dict)
    #: DDL changing the schema (:func:`_changes_schema`), or a routine body such DDL holds.
    schema_change: bool = False
    #: A branch of a set operation (its query level) -> its parentheses' level
    #: (a CTE's or subquery's body, or the statement's span).
    branches: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    #: A statement of a routine's dollar-quoted body (:mod:`~dbnamelint.impact.sqlroutines`).
    routine: bool = False

    def whole(self, lo: int, hi: int) -> tuple[int, int]:
        """The parentheses' level that query level ``lo``..``hi`` is (a branch of)."""
        return self.branches.get((lo, hi), (lo, hi))

    def in_scope(self, name: str, at: int, *, ctes_only: bool = False) -> bool:
        scopes = self.ctes if ctes_only else self.scopes
        return any(n == name and lo <= at < hi for n, lo, hi in scopes)


def _analyse(toks: list[_Tok], lo: int, hi: int) -> _Statement:
    """Bindings and table positions of one statement's tokens (``lo``..``hi``: its span)."""
    st = _Statement(start=lo, schema_change=_changes_schema(toks))
    closing: dict[int, int] = {}
    enclosing: list[int] = []  # index of the "(" around each token, -1 at top
    stack: list[int] = []
    for i, tok in enumerate(toks):
        if tok.text == ")" and stack:
            closing[stack.pop()] = i
        enclosing.append(stack[-1] if stack else -1)
        if tok.text == "(":
            stack.append(i)

    def word(i: int) -> bool:
        return 0 <= i < len(toks) and toks[i].kind in ("word", "qword")

    def is_(i: int, *texts: str) -> bool:
        return 0 <= i < len(toks) and toks[i].kind != "qword" and toks[i].folded in texts

    # Each branch of UNION/INTERSECT/EXCEPT reads its own FROM (PostgreSQL,
    # SELECT, "UNION Clause"): a query level ends at the set operation of its
    # parentheses. BigQuery's ``* EXCEPT (col)`` and MySQL's ``UNION=(t1, t2)`` are none.
    set_ops: dict[int, list[int]] = {}
    for i, tok in enumerate(toks):
        if (
            tok.kind == "word"
            and tok.folded in _SET_OPERATIONS
            and not (is_(i - 1, "*") or is_(i + 1, "="))
        ):
            set_ops.setdefault(enclosing[i], []).append(i)

    def paren_end(i: int) -> int:
        opener = enclosing[i]
        if opener < 0 or opener not in closing:
            return hi
        return toks[closing[opener]].start

    def paren_start(i: int) -> int:
        opener = enclosing[i]
        return lo if opener < 0 else toks[opener].end

    def level(i: int) -> tuple[int, int]:
        """The query level around ``toks[i]``: its branch of a set operation
        (the ORDER BY/LIMIT after the last one with it), else its parentheses."""
        whole = (paren_start(i), paren_end(i))
        ops = set_ops.get(enclosing[i])
        if not ops:
            return whole
        k = bisect.bisect_left(ops, i)
        branch = (
            toks[ops[k - 1]].end if k else whole[0],
            toks[ops[k]].start if k < len(ops) else whole[1],
        )
        st.branches[branch] = whole
        return branch

    rows: list[tuple[int, _Tok | None]] = []  # (start, the word before its "(")
    for i, tok in enumerate(toks):
        if word(i) and is_(i + 1, ".") and (word(i + 2) or is_(i + 2, "*")):
            st.qualifiers.add(tok.start)
        elif tok.kind in ("word", "qword") and is_(i - 1, "(", ","):
            opener = enclosing[i]
            # f(t), f(a, t), agg(t ORDER BY ...): a function's argument; (t).col: a row's field.
            call = (
                opener > 0
                and word(opener - 1)
                and toks[opener - 1].folded not in _NOT_FUNCTION
                and (is_(i + 1, ")", ",") or (is_(i + 1, "order") and is_(i + 2, "by")))
            )
            field_of = opener == i - 1 and is_(i + 1, ")") and is_(i + 2, ".")
            if (call or field_of) and not (tok.kind == "word" and tok.folded in _NOT_ALIAS):
                rows.append((tok.start, None if field_of else toks[opener - 1]))
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.kind == "word" and tok.folded == "with":
            _ctes(toks, i, closing, paren_end(i), st)  # in scope in every branch
        if tok.kind == "word" and tok.folded == "as" and word(i + 1):
            opener = enclosing[i]
            in_cast = opener > 0 and is_(opener - 1, "cast", "treat")
            if not in_cast and toks[i + 1].folded not in _NOT_ALIAS:
                st.defs.add(toks[i + 1].start)
        # IS DISTINCT FROM x, FOR [NO KEY] UPDATE, ON UPDATE CASCADE: no table follows.
        after_other = (
            is_(i - 1, "distinct") if tok.folded == "from" else is_(i - 1, "for", "key", "on")
        ) or (tok.folded == "using" and is_(i + 1, "index"))  # REPLICA IDENTITY USING INDEX x
        if tok.kind == "word" and tok.folded == "truncate" and i == 0:
            # TRUNCATE [TABLE] [ONLY] a [*], b ...: every item a table, none aliased.
            i = _items(toks, i + 1 if is_(i + 1, "table") else i, closing, lo, hi, st, "truncate")
            continue
        if tok.kind == "word" and tok.folded in _TABLE_INTRO and not after_other:
            opener = enclosing[i]
            # extract(epoch FROM ts), substring(s FROM 2): a function's FROM, no table;
            # ARRAY(SELECT ... FROM t), UNION (SELECT ...): a subquery's.
            in_function = (
                opener > 0
                and word(opener - 1)
                and toks[opener - 1].folded not in _NOT_FUNCTION
                and not is_(opener + 1, "select", "with", "values")
            )
            if not in_function:
                subqueries: list[int] = []
                # INSERT INTO t SELECT ... UNION SELECT ... RETURNING: t is every branch's.
                lo_i, hi_i = (paren_start(i), paren_end(i)) if tok.folded == "into" else level(i)
                j = _items(toks, i, closing, lo_i, hi_i, st, subqueries=subqueries)
                # A subquery in the list is a query level of its own: read it too.
                i = subqueries[0] + 1 if subqueries else j
                continue
        i += 1
    _ddl(toks, closing, lo, hi, st)
    _inserts(toks, closing, st)
    _write_forms(toks, st)
    _own_columns(toks, enclosing, st)
    # INSERT INTO t (a, t), AS x(a, t), WITH x(t) AS, ON CONFLICT (t): a column
    # list after a table, an alias or a keyword, no function's arguments.
    st.rows.update(
        start
        for start, before in rows
        if before is None
        or not (
            before.start in st.table_items
            or before.start in st.defs
            or (before.kind == "word" and before.folded in _NOT_ALIAS)
        )
    )
    return st


def _column_list(toks: list[_Tok], opener: int, close: int, st: _Statement) -> frozenset[str]:
    """The names of the column list ``toks[opener]``..``toks[close]`` that
    defines a binding's columns: each is a definition (LOCAL), no use."""
    names = [
        t
        for k, t in enumerate(toks[opener + 1 : close], opener + 1)
        if t.kind in ("word", "qword") and toks[k - 1].text in ("(", ",")
    ]
    st.defs.update(t.start for t in names)
    return frozenset(t.folded for t in names)


def _own_columns(toks: list[_Tok], enclosing: list[int], st: _Statement) -> None:
    """Mark LOCAL the uses of a binding's own column names (``FROM unnest($1)
    AS x(a)``, ``FROM t AS x(a)``, ``WITH x(a) AS``): ``x.a`` where the
    innermost ``x`` names ``a``, whatever table shares a name with ``x`` or
    has an ``a``; a bare ``a`` whose own query level reads such an ``x`` (no
    narrower level around it), unless it is a write's target (``INSERT INTO
    t (a)``, ``SET a = ...``, ``ON CONFLICT (a)``), which is the table's."""
    if not st.alias_columns:
        return
    for k, tok in enumerate(toks):
        if tok.kind not in ("word", "qword") or tok.start in st.defs:
            continue
        before = toks[k - 1] if k else None
        after = toks[k + 1] if k + 1 < len(toks) else None
        if before is not None and before.text == ".":
            qualifier = toks[k - 2] if k >= 2 else None
            if qualifier is None or qualifier.kind not in ("word", "qword"):
                continue
            if k >= 3 and toks[k - 3].text == ".":
                continue  # schema.table.col: a table's
            binding = _innermost(st, qualifier.folded, qualifier.start)
            if binding is not None and tok.folded in st.alias_columns.get(binding, ()):
                st.defs.add(tok.start)
            continue
        if (after is not None and after.text in (".", "(")) or _written(toks, k, enclosing, st):
            continue
        if tok.kind == "word" and tok.folded in _NOT_ALIAS:
            continue
        if tok.start in st.table_items or tok.start in st.keywords:
            continue
        level = _own_level(st, tok.folded, tok.start)
        if level is not None and not any(
            lo <= tok.start < hi and hi - lo < level[1] - level[0] for _, lo, hi in st.items
        ):
            st.defs.add(tok.start)


def _own_level(st: _Statement, name: str, at: int) -> tuple[int, int] | None:
    """The query level (start, end) around ``at`` that reads a binding naming
    column ``name`` itself (an alias's or a CTE's column list), innermost."""
    levels: list[tuple[int, int]] = []
    for (alias, lo, hi), names in st.alias_columns.items():
        if name not in names:
            continue
        if (alias, lo, hi) in st.ctes:
            # A CTE: where the level reads it by name (FROM x), unaliased.
            levels += [
                (ilo, ihi)
                for n, ilo, ihi, item in st.exposed
                if n == alias and ilo <= at < ihi and lo <= item < hi
            ]
        elif lo <= at < hi:
            levels.append((lo, hi))
    return min(levels, key=lambda lv: lv[1] - lv[0]) if levels else None


def _written(toks: list[_Tok], k: int, enclosing: list[int], st: _Statement) -> bool:
    """Whether ``toks[k]`` is a write's target column: in ``INSERT INTO t (a)``'s
    or ``ON CONFLICT (a)``'s list, or first in an UPDATE's ``SET a = ...`` item."""
    opener = enclosing[k]
    if opener > 0:
        head = toks[opener - 1]
        if head.start in st.table_items or (head.kind == "word" and head.folded == "conflict"):
            return True
    before = toks[k - 1] if k else None
    if before is None or not (before.folded == "set" or before.text == ","):
        return False
    for j in range(k - 1, -1, -1):  # back to this level's SET, before its FROM/WHERE
        if enclosing[j] != enclosing[k] or toks[j].kind != "word":
            continue
        if toks[j].folded == "set":
            return True
        if toks[j].folded in ("from", "where", "select", "values", "returning", "on"):
            return False
    return False


def _ddl(toks: list[_Tok], closing: dict[int, int], lo: int, hi: int, st: _Statement) -> None:
    """Record the tables DDL names (:func:`~dbnamelint.impact.sqlroles.table_intros`)
    and the words in a keyword's role."""
    pairs = [(t.kind, t.folded) for t in toks]
    intros, singles = sqlroles.table_intros(pairs)
    for k in intros:
        _items(toks, k, closing, lo, hi, st, "ddl")
    for k in singles:  # COMMENT ON COLUMN [schema.]t.c
        st.table_items.add(toks[k].start)
        st.tables.add(toks[k].folded)
        st.items.append((toks[k].folded, lo, hi))
        if k >= 2 and toks[k - 1].text == ".":
            st.schema_parts.add(toks[k - 2].start)
    st.keywords.update(toks[k].start for k in sqlroles.keyword_roles(pairs))
    st.keywords -= st.table_items


#: Verbs of DDL that changes the schema (``COMMENT`` only as ``COMMENT ON``).
_DDL_VERBS = frozenset({"create", "alter", "drop", "rename", "comment", "grant", "revoke"})
#: ``CREATE [GLOBAL | LOCAL] TEMP[ORARY] ...``: a session's own object, not the schema's.
_TEMPORARY = frozenset({"temp", "temporary"})


def _changes_schema(toks: list[_Tok]) -> bool:
    """Whether the statement of ``toks`` is DDL changing the schema: ``CREATE``,
    ``ALTER``, ``DROP``, ``RENAME``, ``COMMENT ON``, ``GRANT``, ``REVOKE``
    (``CREATE TABLE IF NOT EXISTS`` included); not a temporary object's ``CREATE``."""
    if not toks or toks[0].kind != "word" or toks[0].folded not in _DDL_VERBS:
        return False
    words = [t.folded for t in toks[1:5] if t.kind == "word"]
    if toks[0].folded == "comment":
        return words[:1] == ["on"]
    if toks[0].folded == "create":
        rest = words[2:] if words[:2] == ["or", "replace"] else words
        rest = rest[1:] if rest[:1] in (["global"], ["local"]) else rest
        return not rest or rest[0] not in _TEMPORARY
    return True


#: A statement whose form a view may refuse or answer wrongly: ``"upsert"``,
#: ``INSERT [OR x] INTO t ... ON CONFLICT`` (or ``REPLACE INTO t ... ON CONFLICT``);
#: ``"upsert-constraint"``, ``INSERT INTO t ... ON CONFLICT ON CONSTRAINT c``;
#: ``"merge"``, ``MERGE INTO t``; ``"truncate"``, ``TRUNCATE [TABLE] [ONLY] t, u``;
#: ``"copy"``, ``COPY t`` (either way; not ``COPY (SELECT ...)``);
#: ``"insert-returning"``, an INSERT whose ``RETURNING`` names ``*``, an
#: expression or a column its column list does not set (or it has none);
#: ``"insert"``, any other ``INSERT``/``REPLACE INTO t``; ``"update"``,
#: ``UPDATE [OR x] [ONLY] t``; ``"delete"``, ``DELETE FROM [ONLY] t``.
WriteForm = Literal[
    "upsert",
    "upsert-constraint",
    "merge",
    "truncate",
    "copy",
    "insert-returning",
    "insert",
    "update",
    "delete",
]


def _write_forms(toks: list[_Tok], st: _Statement) -> None:
    """Record the table each upsert, ``MERGE``, ``TRUNCATE`` or ``COPY`` names
    (``st.write_forms``): for an upsert the name after ``INTO``, when its ``ON
    CONFLICT`` stands at the INSERT's own parenthesis level (an INSERT in a CTE
    ends at the CTE's ``)``)."""
    if toks and toks[0].kind == "word" and toks[0].folded in ("truncate", "copy"):
        form: WriteForm = "truncate" if toks[0].folded == "truncate" else "copy"
        j = 1
        while form == "truncate" and j < len(toks) and toks[j].folded in ("table", "only"):
            j += 1  # TRUNCATE [TABLE] [ONLY] t
        while j < len(toks) and toks[j].kind in _NAMES:
            while j + 2 < len(toks) and toks[j + 1].text == "." and toks[j + 2].kind in _NAMES:
                j += 2
            st.write_forms[toks[j].start] = form
            if form == "copy" or not (j + 1 < len(toks) and toks[j + 1].text == ","):
                break
            j += 2
    for i, tok in enumerate(toks):
        if tok.kind == "word" and tok.folded in ("update", "from") and _changes(toks, i):
            j = i + 1
            if tok.folded == "update" and j + 1 < len(toks) and toks[j].folded == "or":
                j += 2  # SQLite's UPDATE OR IGNORE t
            if j < len(toks) and toks[j].folded == "only":
                j += 1
            while j + 2 < len(toks) and toks[j + 1].text == "." and toks[j + 2].kind in _NAMES:
                j += 2
            if j < len(toks) and toks[j].kind in _NAMES:
                st.write_forms[toks[j].start] = "update" if tok.folded == "update" else "delete"
            continue
        if not (tok.kind == "word" and tok.folded == "into") or i == 0:
            continue
        verb = toks[i - 1].folded
        if i >= 3 and toks[i - 2].folded == "or" and toks[i - 2].kind == "word":
            verb = toks[i - 3].folded  # SQLite's INSERT OR IGNORE INTO
        if toks[i - 1].kind != "word" or verb not in ("insert", "replace", "merge"):
            continue
        j = i + 1
        while j + 2 < len(toks) and toks[j + 1].text == "." and toks[j + 2].kind in _NAMES:
            j += 2
        if j >= len(toks) or toks[j].kind not in _NAMES:
            continue
        if verb == "merge":
            st.write_forms[toks[j].start] = "merge"
            continue
        st.write_forms[toks[j].start] = _insert_form(toks, j)
        _upsert_rows(toks, j, st)


def _upsert_rows(toks: list[_Tok], j: int, st: _Statement) -> None:
    """Bind the names an upsert gives the row it proposes, each standing for
    the INSERT's table ``toks[j]`` (``excluded.col``, ``new.col`` are that
    table's columns): PostgreSQL's and SQLite's ``excluded`` in ``ON CONFLICT
    ... DO UPDATE SET a = excluded.a`` (PostgreSQL's INSERT, "the special
    excluded table"; sqlite.org/lang_upsert.html), and MySQL 8.0.19's row
    alias ``INSERT INTO t ... VALUES (...) AS new ON DUPLICATE KEY UPDATE a =
    new.a``. Read at the INSERT's own parenthesis level, to the statement's end."""
    depth = 0
    alias: _Tok | None = None
    values = False  # past VALUES: an AS after its rows' ")" names the row
    for k in range(j + 1, len(toks)):
        tok = toks[k]
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth -= 1
            if depth < 0:
                return
        elif depth or tok.kind != "word":
            continue
        elif tok.folded == "values":
            values = True
        elif (
            tok.folded == "as"
            and values
            and toks[k - 1].text == ")"
            and k + 1 < len(toks)
            and toks[k + 1].kind in _NAMES
        ):
            alias = toks[k + 1]  # VALUES (...) AS new [(a, b)]
        elif tok.folded == "on" and k + 1 < len(toks):
            following = toks[k + 1].folded
            if following == "conflict":
                name, at = "excluded", tok.start
            elif following == "duplicate" and alias is not None:
                name, at = alias.folded, alias.start
                st.defs.add(alias.start)
            else:
                continue
            scope = (name, at, toks[-1].end + 1)
            st.scopes.append(scope)
            st.alias_tables[scope] = toks[j].folded
            return


def _changes(toks: list[_Tok], i: int) -> bool:
    """Whether ``toks[i]`` opens an ``UPDATE`` (the statement's verb: first, or
    after a CTE's ``)``) or is the ``FROM`` of a ``DELETE FROM``."""
    if toks[i].folded == "from":
        return i > 0 and toks[i - 1].kind == "word" and toks[i - 1].folded == "delete"
    return i == 0 or toks[i - 1].text == ")"


def _insert_form(toks: list[_Tok], j: int) -> WriteForm:
    """The form of the INSERT whose table name is ``toks[j]``, read at its own
    parenthesis level (an INSERT in a CTE ends at the CTE's ``)``)."""
    listed, after = _insert_columns(toks, j + 1)
    form: WriteForm = "insert"
    depth = 0
    for k in range(after, len(toks)):
        tok = toks[k]
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth -= 1
            if depth < 0:
                break
        elif depth or tok.kind != "word":
            continue
        elif tok.folded == "on" and k + 1 < len(toks) and toks[k + 1].folded == "conflict":
            named = [t.folded for t in toks[k + 2 : k + 4]] == ["on", "constraint"]
            return "upsert-constraint" if named else "upsert"
        elif tok.folded == "returning" and not _returns_listed(toks[k + 1 :], listed):
            form = "insert-returning"
    return form


def _insert_columns(toks: list[_Tok], k: int) -> tuple[set[str] | None, int]:
    """(the folded names of a column list ``(a, b)`` opening at ``toks[k]``,
    where reading goes on after it); None and ``k`` when none opens there."""
    if k >= len(toks) or toks[k].text != "(":
        return None, k
    names: set[str] = set()
    i = k + 1
    while i + 1 < len(toks) and toks[i].kind in ("word", "qword"):
        names.add(toks[i].folded)
        if toks[i + 1].text == ")":
            return names, i + 2
        if toks[i + 1].text != ",":
            break
        i += 2
    return None, k


def _returns_listed(rest: list[_Tok], listed: set[str] | None) -> bool:
    """Whether a ``RETURNING`` list (``rest``: the tokens after the word)
    names only plain columns the INSERT's column list sets: those come back
    as written, whatever answers for the table."""
    if not listed:
        return False
    expect_name = True
    for tok in rest:
        if tok.text == ";":
            break
        if expect_name:
            if tok.kind not in ("word", "qword") or tok.folded not in listed:
                return False
            expect_name = False
        elif tok.text == ",":
            expect_name = True
        else:
            return False
    return not expect_name


def _inserts(toks: list[_Tok], closing: dict[int, int], st: _Statement) -> None:
    """Record each ``INTO [schema.]t (a, b, ...)`` column list of plain names."""
    for i, tok in enumerate(toks):
        if not (tok.kind == "word" and tok.folded == "into"):
            continue
        j = i + 1
        while j + 2 < len(toks) and toks[j + 1].text == "." and toks[j + 2].kind in _NAMES:
            j += 2
        if not (j + 1 < len(toks) and toks[j].kind in _NAMES and toks[j + 1].text == "("):
            continue
        close = closing.get(j + 1)
        inner = toks[j + 2 : close]
        names = inner[0::2]
        if (
            close is None
            or not names
            or any(t.kind not in _NAMES for t in names)
            or any(t.text != "," for t in inner[1::2])
        ):
            continue  # not a plain column list (a subquery, an expression, a hole)
        st.inserts.append((toks[j].folded, tuple(t.folded for t in names)))


_NAMES = frozenset({"word", "qword"})


def _ctes(toks: list[_Tok], i: int, closing: dict[int, int], end: int, st: _Statement) -> bool:
    """Record the CTEs of ``WITH [RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED]
    (body), ...`` at ``toks[i]``; whether there were any (their bodies are read
    by the caller's walk like any other tokens)."""
    j = i + 1
    recursive = j < len(toks) and toks[j].kind == "word" and toks[j].folded == "recursive"
    if recursive:
        j += 1
    found = False
    while j < len(toks) and toks[j].kind in ("word", "qword"):
        name = toks[j]
        k = j + 1
        listed = k if k < len(toks) and toks[k].text == "(" and k in closing else None
        if listed is not None:
            k = closing[listed] + 1
        if not (k < len(toks) and toks[k].kind == "word" and toks[k].folded == "as"):
            break
        k += 1
        while (
            k < len(toks) and toks[k].kind == "word" and toks[k].folded in ("not", "materialized")
        ):
            k += 1
        if not (k < len(toks) and toks[k].text == "(" and k in closing):
            break
        close = closing[k]
        st.defs.add(name.start)
        start = toks[i].start if recursive else toks[close].end
        st.scopes.append((name.folded, start, end))
        st.ctes.append((name.folded, start, end))
        st.bodies[(name.folded, start, end)] = (toks[k].end, toks[close].start)
        if listed is not None:  # WITH x(a, b) AS: the CTE's own column names
            own = _column_list(toks, listed, closing[listed], st)
            st.alias_columns[(name.folded, start, end)] = own
        found = True
        j = close + 1
        if j < len(toks) and toks[j].text == ",":
            j += 1
            continue
        break
    return found


def _items(
    toks: list[_Tok],
    i: int,
    closing: dict[int, int],
    lo: int,
    hi: int,
    st: _Statement,
    intro: str = "",
    subqueries: list[int] | None = None,
) -> int:
    """Read the table item(s) after ``FROM``/``JOIN``/``INTO``/``UPDATE``/``USING``
    (or ``intro``: ``truncate``, whose items are a list without aliases);
    the index of each subquery's ``(`` goes to ``subqueries``."""
    intro = intro or toks[i].folded
    j = i + 1
    if (
        intro == "into"
        and j + 1 < len(toks)
        and toks[j].kind == "word"
        and toks[j].folded == "table"
    ):
        j += 1  # MySQL's LOAD DATA/XML ... INTO TABLE t: TABLE is no table, t no alias
    while True:
        while j < len(toks) and toks[j].kind == "word" and toks[j].folded in ("only", "lateral"):
            j += 1
        if j >= len(toks):
            return j
        tok = toks[j]
        name: _Tok | None = None
        body: tuple[int, int] | None = None  # a subquery's level
        if tok.kind == "hole" and not (j + 1 < len(toks) and toks[j + 1].text == "."):
            j += 1  # FROM ${table} t: a table the code names at run time
        elif tok.text == "(" and j in closing:
            inner = toks[j + 1] if j + 1 < len(toks) else None
            if inner is None or inner.folded not in ("select", "with", "values", "("):
                return j  # JOIN ... USING (col): a column list, not a table
            body = (tok.end, toks[closing[j]].start)
            if subqueries is not None:
                subqueries.append(j)
            j = closing[j] + 1
        elif tok.kind in ("word", "qword", "hole") and not (
            tok.kind == "word" and tok.folded in _NOT_ALIAS
        ):
            parts = [j]
            j += 1
            while (
                j + 1 < len(toks) and toks[j].text == "." and toks[j + 1].kind in ("word", "qword")
            ):
                parts.append(j + 1)
                j += 2
            if j < len(toks) and toks[j].text == "(" and intro not in ("into", "ddl"):
                j = closing.get(j, j) + 1  # a function in FROM (generate_series(...))
            else:
                name = toks[parts[-1]]
                st.table_items.add(name.start)
                st.tables.add(name.folded)
                st.items.append((name.folded, lo, hi))
                st.schema_parts.update(toks[p].start for p in parts[:-1])
            if j < len(toks) and toks[j].text == "*":
                j += 1
        else:
            return j
        # FROM t ${joins} JOIN ...: what the code puts there (joins, a filter, nothing)
        # is no alias; the list goes on after it.
        while j < len(toks) and toks[j].kind == "hole":
            j += 1
        aliased = False
        if intro in ("truncate", "ddl"):
            if j < len(toks) and toks[j].text == ",":
                j += 1
                continue
            return j
        if j < len(toks) and toks[j].kind == "word" and toks[j].folded == "as":
            j += 1
        if j < len(toks) and (
            toks[j].kind == "qword" or (toks[j].kind == "word" and toks[j].folded not in _NOT_ALIAS)
        ):
            st.defs.add(toks[j].start)
            st.scopes.append((toks[j].folded, lo, hi))
            if name is not None:
                st.alias_tables[(toks[j].folded, lo, hi)] = name.folded
            if body is not None:
                st.bodies[(toks[j].folded, lo, hi)] = body
            aliased = True
            j += 1
            if j < len(toks) and toks[j].text == "(" and j in closing and intro != "into":
                # AS x(a, b): the alias's own column names, no use of a table's.
                own = _column_list(toks, j, closing[j], st)
                st.alias_columns[(toks[j - 1].folded, lo, hi)] = own
                j = closing[j] + 1
        if name is not None and not aliased:
            st.exposed.append((name.folded, lo, hi, name.start))
        if intro in ("from", "using") and j < len(toks) and toks[j].text == ",":
            j += 1
            continue
        return j


#: How many strings after a statement cut by code :meth:`SqlText.returns_later` reads.
_CHAIN_LITERALS = 12
_RETURNING = lazy_compile(r"(?i)\breturning\b")


def _chain_ends(gap: str, newline: int, joined: bool) -> bool:
    """Whether a ``+`` chain ends at ``gap[newline]``: its line does not end in
    ``+`` (``joined``) and the next does not open with one."""
    return not joined and not gap[newline + 1 :].lstrip().startswith("+")


class SqlText(Struct):
    """The SQL statements of one file; :meth:`verdict` judges a name's position."""

    _starts: list[int] = field(default_factory=list)
    _spans: list[tuple[int, int, list[tuple[int, int]]]] = field(default_factory=list)
    #: Per span (literal): the span (literal) it lies inside, or -1: a JavaScript
    #: template nested in another's ``${...}`` hole.
    _span_outer: list[int] = field(default_factory=list)
    _literal_outer: list[int] = field(default_factory=list)
    _text: str = ""
    #: The content (start, end) of each string literal of a code file, in order.
    _literals: list[tuple[int, int]] = field(default_factory=list)
    _done: dict[int, list[tuple[int, int, _Statement]]] = field(default_factory=dict)
    #: Per span: its statements' starts, for a bisection (a SQL file is one
    #: span of thousands of statements, asked about once per name found).
    _lows: dict[int, list[int]] = field(default_factory=dict)
    #: Per statement (span, index): its tables, frozen once, not once per name.
    _frozen: dict[tuple[int, int], frozenset[str]] = field(default_factory=dict)
    _forced: frozenset[int] = frozenset()
    #: A SQL template's function calls' string arguments (content start, end), in order.
    _arguments: list[tuple[int, int]] = field(default_factory=list)
    #: Per statement (span, index): its tokens and output names (read for a patch only).
    _outputs: dict[tuple[int, int], tuple[list[_Tok], sqloutputs.Outputs]] = field(
        default_factory=dict
    )
    #: Per span: its tokens and their starts, as :meth:`_statements` read them.
    _span_tokens: dict[int, list[_Tok]] = field(default_factory=dict)
    _span_starts: dict[int, list[int]] = field(default_factory=dict)  # theirs, for a patch

    @classmethod
    def parse(cls, path: str, text: str, forced: Collection[int] = ()) -> SqlText:
        """The SQL of ``text`` (the content of the file at ``path``); a MyBatis
        mapper's SQL elements, each one statement (:mod:`dbnamelint.impact.mybatis`).
        ``forced``: content starts of string literals that are SQL whatever they
        read as (a GORM chain's ``.Where("r_id = ?")``)."""
        out = cls(_text=text, _forced=frozenset(forced))
        kind = family(path)
        mapper = MapperFile.parse(path, text)
        if mapper is not None:
            for element in mapper.statements:  # one statement per SQL element
                out._add(element[0][0], element[-1][1], element)
        elif kind == "sql":
            out._add(0, len(text), [(0, len(text))])
        elif kind == "prose":
            for block in code_blocks(path, text):
                out._group([block])
        elif kind is None and is_sql_template(path, text):
            # Its statements, with the template's actions read as sql_view says.
            out._text = sql_view(text)
            out._arguments = call_arguments(text)
            out._add(0, len(text), [(0, len(text))])
        elif kind is not None:
            pieces: list[tuple[int, int]] = []
            last_end = -1
            opened = 0  # where the group's first literal opens
            literals: list[tuple[int, int]] | None = None
            if "`" in text and path.lower().endswith(jstemplates.SUFFIXES):
                literals = jstemplates.literals(text)
            for begin, finish, content in _string_literals(path, kind, text, literals):
                out._literal_outer.append(_enclosing(out._literals, out._literal_outer, content[0]))
                out._literals.append(content)
                if pieces and begin >= last_end and _JOIN_GAP.fullmatch(text, last_end, begin):
                    pieces.append(content)
                else:
                    out._group(pieces, opened)
                    pieces = [content]
                    opened = begin
                last_end = finish
            out._group(pieces, opened)
        return out

    def _group(self, pieces: list[tuple[int, int]], opened: int | None = None) -> None:
        """Take ``pieces`` as one statement when they read as SQL; ``opened``:
        where their first string literal opens (the code before it may make
        them an error or log call's message, SQL only with upper-case keywords)."""
        if not pieces:
            return
        joined = " ".join(self._text[a:b] for a, b in pieces)
        if pieces[0][0] in self._forced:
            self._add(pieces[0][0], pieces[-1][1], pieces)
            return
        if not reads_as_sql(joined):
            return
        if "\n" in joined and not opens_as_sql(joined):
            return  # a model's or prose's lines: "type document ... viewer from store"
        before = self._text[max(0, opened - 200) : opened] if opened is not None else ""
        if not message_call(before) or reads_as_message_sql(joined):
            self._add(pieces[0][0], pieces[-1][1], pieces)

    def _add(self, start: int, end: int, pieces: list[tuple[int, int]]) -> None:
        self._span_outer.append(_enclosing(self._spans, self._span_outer, start))
        self._starts.append(start)
        self._spans.append((start, end, pieces))

    def verdict(self, start: int, name: str) -> Verdict | None:
        """What ``name``, starting at offset ``start``, is in its statement, or None.

        None outside SQL, or when the statement says nothing beyond what
        the line shows (a table position, a plain word).
        """
        st = self._statement_at(start)
        return None if st is None else _judge(st, name.casefold(), start)

    def table_position(self, start: int, name: str) -> bool:
        """Whether ``name`` at offset ``start`` stands where its statement names a
        table (not the statement's own CTE), on whatever line its keyword is."""
        st = self._statement_at(start)
        return (
            st is not None
            and start in st.table_items
            and not st.in_scope(name.casefold(), start, ctes_only=True)
        )

    def alias_table(self, start: int, name: str) -> str | None:
        """The table (folded) that the alias ``name`` at offset ``start`` stands for.

        None when the innermost binding of ``name`` there is not an alias of
        a table (the table itself, a CTE, a subquery's alias, or nothing).
        """
        st = self._statement_at(start)
        if st is None:
            return None
        binding = _innermost(st, name.casefold(), start)
        return st.alias_tables.get(binding) if binding is not None else None

    def tables_at(self, start: int) -> frozenset[str] | None:
        """The tables (folded) the SQL statement around offset ``start`` names in a
        table position (``FROM``, ``JOIN``, ``INTO``, ``UPDATE``, ``USING``), or
        None outside SQL. The statement may span lines (a Go raw string, a
        Python triple-quoted string, a heredoc, a PHP string)."""
        key = self._locate(start)
        if key is None:
            return None
        if key not in self._frozen:
            self._frozen[key] = frozenset(self._done[key[0]][key[1]][2].tables)
        return self._frozen[key]

    def own_table(self, start: int) -> bool:
        """Whether every table the statement around offset ``start`` fills in
        at run time (``INSERT INTO ${this.workingTable}``) is one a ``CREATE
        TABLE`` of the same file makes from the same expression: a working
        table the code makes itself, not the schema's, whose columns a bare
        name at a query level naming no other table is (trial s35 outline: ``impact --diff`` rewrote
        ``"documentId"`` of ``UpdateDocumentsPopularityScoreTask``'s own
        ``CREATE UNLOGGED TABLE ${this.workingTable}``)."""
        key = self._locate(start)
        if key is None:
            return False
        lo, hi, _ = self._done[key[0]][key[1]]
        used = {" ".join(m[1].split()) for m in _FILLED_TABLE.finditer(self._text, lo, hi)}
        if not used:
            return False
        made = {" ".join(m[1].split()) for m in _CREATED_FILLED.finditer(self._text)}
        return used <= made

    def literal_tables(self, start: int) -> frozenset[str]:
        """The tables (folded) the statement around offset ``start`` names
        literally at each of its table positions (``UPDATE `Consumer```), not
        as a value filled in at run time (``FROM %s``, ``{t}``, ``:tbl``,
        ``t_%s``); empty outside SQL."""
        st = self._statement_at(start)
        if st is None:
            return frozenset()
        literal: dict[str, bool] = {}
        for at in st.table_items:
            word = _NAME_AT.match(self._text, at)
            if word is None:
                continue
            filled = self._text[at - 1 : at] in _FILLED_BEFORE or (
                self._text[word.end() : word.end() + 1] in _FILLED_AFTER
            )
            name = word[1].casefold()
            literal[name] = literal.get(name, True) and not filled
        return frozenset(n for n, ok in literal.items() if ok)

    def column_levels(
        self, start: int, qualifier: str | None = None, qualifier_at: int | None = None
    ) -> tuple[frozenset[str], ...] | None:
        """The tables (folded) whose column a name at offset ``start`` may be,
        per query level, innermost first, as PostgreSQL resolves a column: the
        tables its own query level reads, then those of each enclosing level
        (SELECT, "FROM Clause"; a subquery's columns may be an outer query's).
        With ``qualifier`` (at ``qualifier_at``), the tables the body of the CTE
        or subquery it names reads. None outside SQL or when the qualifier is
        no such name; empty when the statement names no table around it.
        """
        st = self._statement_at(start)
        if st is None:
            return None
        if qualifier is not None and qualifier_at is not None:
            binding = _innermost(st, qualifier.casefold(), qualifier_at)
            body = st.bodies.get(binding) if binding is not None else None
            if body is None:
                return None  # a table, an alias of one or a name it cannot bind: by the qualifier
            return (frozenset(n for n, lo, hi in st.items if st.whole(lo, hi) == body),)
        levels: dict[tuple[int, int], set[str]] = {}
        for name, lo, hi in st.items:
            if lo <= start < hi:
                levels.setdefault((lo, hi), set()).add(name)
        return tuple(
            frozenset(names)
            for (lo, hi), names in sorted(levels.items(), key=lambda kv: kv[0][1] - kv[0][0])
        )

    def output_role(self, start: int) -> OutputRole | None:
        """What renaming the column named at offset ``start`` does to the names
        its statement outputs (:mod:`~dbnamelint.impact.sqloutputs`), or None
        outside SQL (:meth:`joins` says what else holds a statement back):
        ``("alias", "top")`` (the statement's own output: its top query's
        select list or a ``RETURNING`` list) or ``("alias", "")`` (a CTE's or
        a subquery's in ``FROM``), a select-list item that is the column
        alone, whose output keeps its name written ``new AS old`` (no list an
        INSERT inserts, an ``IN``/``EXISTS``/scalar subquery's: unnamed); ``("keep",
        "")``, a read of a CTE's or subquery's output (``ct."parentID"``, a bare
        name whose query level reads only such bindings) or an ORDER BY name
        after a set operation, which names that output, kept by the alias;
        ``("held", why)``, a read through a body whose select list is ``*`` of
        a table, which passes the new name on; ``("plain", "")`` otherwise."""
        key = self._locate(start)
        if key is None:
            return None
        st = self._done[key[0]][key[1]][2]
        toks, outputs = self._statement_outputs(key)
        k = bisect.bisect_left(toks, start, key=lambda t: t.start)
        if k >= len(toks) or toks[k].start != start:
            return None
        sources = _read_through(st, toks, k)
        if sources:
            for name, (lo, hi) in sources:
                if (lo, hi) in outputs.stars and any(
                    st.whole(a, b) == (lo, hi) and not st.in_scope(n, a, ctes_only=True)
                    for n, a, b in st.items
                ):
                    return (
                        "held",
                        f"it reads {toks[k].text} from {name}, whose select list's * "
                        "passes the table's columns on under their new names",
                    )
            return ("keep", "")
        if start in outputs.ordered:
            return ("keep", "")
        level = outputs.items.get(start)
        lo, hi, _ = self._done[key[0]][key[1]]
        if start in outputs.returning or level == (lo, hi):
            if not _names_rows(st, toks):
                return ("plain", "")  # RETURN QUERY, SELECT ... INTO: by position
            return ("alias", "top" if level == (lo, hi) or level is None else "")
        # A CTE's or a subquery's in FROM: named; not IN (...), EXISTS (...), a scalar's.
        named = level is not None and level in st.bodies.values()
        return ("alias", "") if named else ("plain", "")

    def star_tables(self, start: int) -> frozenset[str]:
        """The tables (folded) each of whose columns the statement around offset
        ``start`` outputs under its own name through a ``*`` of its top query's
        select list or of its ``RETURNING`` list (``SELECT * FROM t``, ``t.*``,
        ``*`` of a CTE or subquery whose own list is ``*`` of t): renamed, the
        rows come back under the new name. Empty outside SQL."""
        key = self._locate(start)
        if key is None:
            return frozenset()
        lo, hi, st = self._done[key[0]][key[1]]
        toks, outputs = self._statement_outputs(key)
        if not _names_rows(st, toks):
            return frozenset()
        out: set[str] = set()
        for at, qualifier, level in outputs.star_items:
            if level == (lo, hi):
                out |= _star_tables(st, outputs, at, qualifier, set())
        return frozenset(out)

    def joins(self, start: int) -> tuple[frozenset[str], bool, frozenset[str]]:
        """Of the statement around offset ``start``: the names (folded) its
        ``JOIN ... USING (...)`` lists name, whether it joins ``NATURAL`` (both
        match columns by name, in both tables: a column renamed in one of
        them changes the join), and the tables (folded) it names; empty
        outside SQL."""
        key = self._locate(start)
        if key is None:
            return frozenset(), False, frozenset()
        outputs = self._statement_outputs(key)[1]
        return outputs.using, outputs.natural, self.tables_at(start) or frozenset()

    def _statement_outputs(self, key: tuple[int, int]) -> tuple[list[_Tok], sqloutputs.Outputs]:
        """The tokens and :class:`~dbnamelint.impact.sqloutputs.Outputs` of statement ``key``."""
        found = self._outputs.get(key)
        if found is not None:
            return found
        index, k = key
        lo, hi, _ = self._done[index][k]
        pieces = self._spans[index][2]
        every = self._span_tokens[index]  # a SQL file is one span: tokenized once
        if index not in self._span_starts:
            self._span_starts[index] = [t.start for t in every]
        starts = self._span_starts[index]
        first = bisect.bisect_left(starts, lo)
        if self._done[index][k][2].routine:
            # Read apart from the span's tokens (one "body" token there): read again.
            toks = [t for t in _tokens(self._text, lo, hi) if t.kind != "body"]
        else:
            # A routine body's statements are read apart (its one token here): none is.
            last = bisect.bisect_left(starts, hi, first)
            toks = [t for t in every[first:last] if t.kind != "body"]

        def blank(a: int, b: int) -> bool:
            text = " ".join(self._text[max(a, p) : min(b, q)] for p, q in pieces if p < b and a < q)
            return not _NO_SQL.sub("", text)

        found = (
            toks,
            sqloutputs.read(
                [(t.kind, t.folded, t.start, t.end, t.end - len(t.text)) for t in toks],
                (lo, hi),
                blank,
            ),
        )
        self._outputs[key] = found
        return found

    def column_position(self, start: int) -> bool:
        """Whether the name at offset ``start`` stands where its SQL statement
        names a column (:func:`~dbnamelint.impact.sqlcolumns.column_positions`):
        quoted, or in a select list, a condition, a ``SET`` or a column list."""
        st = self._statement_at(start)
        return st is not None and start in st.columns

    def statement_start(self, start: int) -> int | None:
        """Where the SQL statement around offset ``start`` starts, or None outside SQL
        (a statement around a routine body starts before it)."""
        st = self._statement_at(start)
        return None if st is None else st.start

    def inserts(self, start: int) -> list[tuple[str, tuple[str, ...]]]:
        """The ``INSERT INTO t (a, b)`` column lists of the statement around offset
        ``start`` (folded table, folded columns); empty outside SQL."""
        st = self._statement_at(start)
        return [] if st is None else st.inserts

    def write_form(self, start: int) -> WriteForm | None:
        """The form of the statement whose table is the name at offset ``start``
        (:data:`WriteForm`: ``"upsert"``, ``INSERT INTO t ... ON CONFLICT``;
        ``"upsert-constraint"``, one ``ON CONFLICT ON CONSTRAINT c``;
        ``"merge"``, ``"truncate"``, ``"copy"``), or None: none of those, or
        not its table."""
        st = self._statement_at(start)
        return None if st is None else st.write_forms.get(start)

    def schema_change(self, start: int) -> bool:
        """Whether the statement around offset ``start`` is DDL changing the schema
        (``CREATE``/``ALTER``/``DROP``/``RENAME`` of a table, index, view, trigger...,
        ``COMMENT ON``, ``GRANT``, ``REVOKE``; a routine body such DDL creates), not a
        temporary object's ``CREATE``; False outside SQL."""
        st = self._statement_at(start)
        return st is not None and st.schema_change

    def all_tables(self) -> frozenset[str]:
        """The tables (folded) any statement of the file names in a table position."""
        return frozenset(
            t
            for index in range(len(self._spans))
            for _, _, st in self._statements(index)
            for t in st.tables
        )

    def statement_reads(self, start: int) -> tuple[frozenset[str], frozenset[str]] | None:
        """(tables, column names), folded, of the statement around offset
        ``start`` when it reads at one query level (no CTE, no subquery); None
        otherwise or outside SQL. The names are the words in column positions
        the statement does not bind itself (aliases), keywords and qualifiers aside."""
        st = self._statement_at(start)
        if st is None or st.ctes or st.bodies or len({(a, b) for _n, a, b in st.items}) != 1:
            return None
        bound = {name for name, _lo, _hi in st.scopes}
        names: set[str] = set()
        for at in st.columns:
            if at in st.defs or at in st.keywords or at in st.qualifiers or at in st.table_items:
                continue
            if self._text[at - 1 : at] in ("%", ":", "@", "$", "{", "?"):
                continue  # a parameter or a filled-in value: %s, :name, {eq}
            word = _NAME_AT.match(self._text, at)
            if word is not None and word[1].casefold() not in bound:
                names.add(word[1].casefold())
        return frozenset(n for n, _a, _b in st.items), frozenset(names)

    def statement_starts(self) -> list[int]:
        """Where each SQL statement of the file starts (its first token)."""
        return [lo for index in range(len(self._spans)) for lo, _hi, _st in self._statements(index)]

    def returns_later(self, start: int) -> bool:
        """Whether the code completing the statement around offset ``start``
        adds ``RETURNING`` in a later string of its ``+`` chain: memos'
        ``"INSERT INTO t (" + strings.Join(fields, ", ") + ") VALUES (" + ... +
        ") RETURNING id"`` is cut where the code computes a part, and its
        statement read here ends at ``(``. The strings inside a call of the
        chain (``", "``) are arguments, not the statement's; the chain ends at
        a ``,`` or ``;`` outside any parenthesis, a closing one it did not
        open, or a line neither ending in ``+`` nor followed by one opening
        with it (``"..." + cols.join(", ") + ")"`` then ``+ " RETURNING id"``)."""
        index = bisect.bisect_right(self._starts, start) - 1
        if index < 0 or not self._spans[index][0] <= start < self._spans[index][1]:
            return False
        at = bisect.bisect_left(self._literals, (self._spans[index][1], -1))
        pos = self._spans[index][1]
        depth = 0
        for a, b in self._literals[at : at + _CHAIN_LITERALS]:
            opening = a
            while opening > pos and self._text[opening - 1] in "\"'`":
                opening -= 1
            gap = self._text[pos:opening].lstrip("\"'`")
            joined = False
            for i, ch in enumerate(gap):
                if ch == "(":
                    depth += 1
                elif ch == ")":
                    depth -= 1
                    if depth < 0:
                        return False
                elif depth == 0 and (ch in ",;{}" or (ch == "\n" and _chain_ends(gap, i, joined))):
                    return False
                if not ch.isspace():
                    joined = ch == "+"
            if depth == 0:
                if not joined:
                    return False
                if _RETURNING.search(self._text, a, b):
                    return True
            pos = b
        return False

    def in_literal(self, at: int) -> bool:
        """Whether offset ``at`` is inside a string literal of the code file
        (one that may span lines: a Go raw string, a triple-quoted string)."""
        index = bisect.bisect_right(self._literals, (at, len(self._text) + 1)) - 1
        index = _inside(self._literals, self._literal_outer, index, at)
        return index >= 0

    def template_argument(self, start: int, end: int) -> bool:
        """Whether ``start``..``end`` is the whole of a string a SQL template's
        function call passes (:func:`~dbnamelint.impact.sqltemplates.call_arguments`)."""
        index = bisect.bisect_right(self._arguments, (start, end)) - 1
        return index >= 0 and self._arguments[index] == (start, end)

    def _statement_at(self, start: int) -> _Statement | None:
        key = self._locate(start)
        return None if key is None else self._done[key[0]][key[1]][2]

    def _locate(self, start: int) -> tuple[int, int] | None:
        """(span, statement) indexes of the statement around offset ``start``, or None."""
        index = bisect.bisect_right(self._starts, start) - 1
        index = _inside(self._spans, self._span_outer, index, start)
        if index < 0:
            return None
        return self._statement_in(index, start)

    def _statement_in(self, index: int, start: int) -> tuple[int, int] | None:
        """(``index``, statement) of span ``index``'s statement around ``start``, or None."""
        statements = self._statements(index)
        # Statements follow one another (split at ";"): the last opening at or
        # before ``start`` is the only one that may hold it.
        k = bisect.bisect_right(self._lows[index], start) - 1
        return (index, k) if k >= 0 and start < statements[k][1] else None

    def _statements(self, index: int) -> list[tuple[int, int, _Statement]]:
        done = self._done.get(index)
        if done is None:
            toks: list[_Tok] = []
            for a, b in self._spans[index][2]:
                toks += _tokens(self._text, a, b)
            done = sorted(_read(self._text, toks), key=lambda s: s[0])
            self._done[index] = done
            self._span_tokens[index] = toks
            self._lows[index] = [lo for lo, _, _ in done]
        return done


def _read(
    text: str, toks: list[_Tok], *, routine: bool = False
) -> list[tuple[int, int, _Statement]]:
    """(start, end, statement) of each run of a statement's tokens, split at
    ``;``: a routine body inside a statement is read as statements of its own
    (``routine``: PL/pgSQL's control words end a statement too,
    :func:`~dbnamelint.impact.sqlroutines.boundaries`), so the statement
    around it is recorded once per run of its tokens before and after it."""
    ends = set(sqlroutines.boundaries([(t.kind, t.folded) for t in toks])) if routine else set()
    done: list[tuple[int, int, _Statement]] = []
    current: list[_Tok] = []
    for k, tok in enumerate([*toks, None]):
        if tok is None or tok.text == ";" or k - 1 in ends:
            done += _statement(text, current)
            current = []
        if tok is not None and tok.text != ";":
            current.append(tok)
    return done


def _statement(text: str, toks: list[_Tok]) -> list[tuple[int, int, _Statement]]:
    """The runs of one statement's tokens (split by its routine bodies) and its bodies'."""
    own = [t for t in toks if t.kind != "body"]
    out: list[tuple[int, int, _Statement]] = []
    if own:
        st = _analyse(own, own[0].start, own[-1].end)
        st.columns = sqlcolumns.column_positions(
            text, [(t.kind, t.folded, t.start, t.end) for t in own]
        ) - (st.table_items | st.defs | st.keywords | st.schema_parts | st.qualifiers)
        run: list[_Tok] = []
        for tok in [*toks, None]:
            if tok is None or tok.kind == "body":
                if run:
                    out.append((run[0].start, run[-1].end, st))
                run = []
            else:
                run.append(tok)
    for body in (t for t in toks if t.kind == "body"):
        read = _read(text, _tokens(text, body.start, body.end), routine=True)
        for _lo, _hi, inner in read:
            inner.routine = True
        if own and _changes_schema(own):
            # CREATE FUNCTION's body is made with the DDL, however its statements read.
            for _lo, _hi, inner in read:
                inner.schema_change = True
        out += read
    return out


def _judge(st: _Statement, name: str, at: int) -> Verdict | None:
    if at in st.defs:
        return LOCAL
    if at in st.keywords:
        return KEYWORD
    if at in st.schema_parts:
        return SCHEMA
    if at in st.table_items and st.in_scope(name, at, ctes_only=True):
        return LOCAL  # the statement's own CTE, not the table
    if at in st.qualifiers or at in st.rows:
        # The innermost binding of the name wins, as PostgreSQL resolves it: an
        # alias or CTE (not the table), or a table the query level names.
        binding = _innermost(st, name, at)
        if binding is None and at in st.qualifiers and _named_table(st, name):
            # t.col beside FROM t AS x (or t where this reading cannot see it):
            # whatever PostgreSQL makes of it, it is renamed with the FROM, not apart.
            return QUALIFIER
        if binding is None:
            return UNRESOLVED if at in st.qualifiers else None
        if binding[0]:
            return LOCAL  # an alias or CTE, not the table
        return QUALIFIER if at in st.qualifiers else ROW
    return None


def _named_table(st: _Statement, name: str) -> bool:
    """Whether the statement names table ``name`` in a table position (not as its CTE)."""
    return name in st.tables and not any(n == name for n, _, _ in st.ctes)


def _innermost(st: _Statement, name: str, at: int) -> tuple[str, int, int] | None:
    """The innermost binding of ``name`` at ``at``: an alias or CTE as
    ``(name, lo, hi)`` (a key of ``alias_tables``), a table the query level
    names unaliased as ``("", lo, hi)``; None when nothing binds it."""
    bindings = [(hi - lo, (n, lo, hi)) for n, lo, hi in st.scopes if n == name and lo <= at < hi]
    bindings += [
        (hi - lo, ("", lo, hi))
        for n, lo, hi, item in st.exposed
        if n == name and lo <= at < hi and not st.in_scope(n, item, ctes_only=True)
    ]
    if not bindings:
        return None
    # At equal width an alias or CTE hides the table (it sorts after "").
    width = min(w for w, _ in bindings)
    return max(b for w, b in bindings if w == width)


_SET_OPERATIONS = frozenset({"union", "intersect", "except"})

#: Text that is no SQL between two tokens: blanks, comments, a string's escapes.
_NO_SQL = lazy_compile(r"--[^\n]*|/\*.*?\*/|\\[nrt]?|\s+", re.DOTALL)

#: What renaming a column does to its statement's outputs (:meth:`SqlText.output_role`).
OutputRole = tuple[Literal["alias", "keep", "held", "plain"], str]


def _read_through(st: _Statement, toks: list[_Tok], k: int) -> list[tuple[str, tuple[int, int]]]:
    """The CTEs and subqueries (name, body level) whose output the column name
    ``toks[k]`` reads: its qualifier's binding (``ct."parentID"``), or, bare,
    those its own query level reads when it reads no table; empty otherwise."""
    at = toks[k].start
    if k >= 2 and toks[k - 1].text == "." and toks[k - 2].kind in _NAMES:
        if k >= 3 and toks[k - 3].text == ".":
            return []  # schema.table.col: a table's
        binding = _innermost(st, toks[k - 2].folded, toks[k - 2].start)
        if binding is not None and binding in st.alias_tables:  # JOIN cte AS ct
            binding = _innermost(st, st.alias_tables[binding], at)
            binding = binding if binding in st.ctes else None
        body = st.bodies.get(binding) if binding is not None and binding[0] else None
        return [(toks[k - 2].text, body)] if body is not None else []
    if k + 1 < len(toks) and toks[k + 1].text in (".", "("):
        return []
    derived = [b for b in st.bodies if b not in st.ctes and b[1] <= at < b[2]]
    levels = [(lo, hi) for _, lo, hi in st.items if lo <= at < hi]
    levels += [(lo, hi) for _, lo, hi in derived]
    if not levels:
        return []
    level = min(levels, key=lambda lv: lv[1] - lv[0])
    out: list[tuple[str, tuple[int, int]]] = []
    for name, lo, hi in st.items:
        if (lo, hi) != level:
            continue
        binding = _innermost(st, name, at)
        if binding is None or binding not in st.ctes:
            return []  # the level reads a table (or an alias of one)
        out.append((name, st.bodies[binding]))
    out += [(name, st.bodies[(name, lo, hi)]) for name, lo, hi in derived if (lo, hi) == level]
    return out


def _names_rows(st: _Statement, toks: list[_Tok]) -> bool:
    """Whether the rows of statement ``st`` (``toks``) are read by their columns'
    names: any statement but one of a routine's body, where only a PL/pgSQL
    ``FOR r IN query LOOP`` and ``OPEN cur FOR query`` (then ``FETCH cur INTO
    r``) name the record's fields after the output (PostgreSQL, PL/pgSQL,
    "Looping through Query Results"); ``RETURN QUERY`` and ``SELECT ... INTO
    v`` match the function's result and the variables by position, and a SQL
    function's result columns are its ``RETURNS TABLE``'s."""
    return not st.routine or (bool(toks) and toks[0].folded in ("for", "open"))


def _star_tables(
    st: _Statement, outputs: sqloutputs.Outputs, at: int, qualifier: str, seen: set[int]
) -> set[str]:
    """The tables (folded) whose columns the ``*`` item at ``at`` (``qualifier.*``
    or bare) passes on, through CTEs and subqueries whose own list is ``*``."""
    bodies: list[tuple[int, int]] = []
    tables: set[str] = set()
    if qualifier:
        binding = _innermost(st, qualifier, at)
        if binding is None or not binding[0]:
            return {qualifier}  # t.* of a table the level names (or none in sight)
        if binding in st.alias_tables:  # FROM t AS x, or JOIN cte AS x
            name = st.alias_tables[binding]
            cte = _innermost(st, name, binding[1])
            if cte is None or cte not in st.ctes:
                return {name}
            binding = cte
        if binding in st.bodies:
            bodies.append(st.bodies[binding])
    else:
        derived = [b for b in st.bodies if b not in st.ctes and b[1] <= at < b[2]]
        levels = [(lo, hi) for _, lo, hi in st.items if lo <= at < hi]
        levels += [(lo, hi) for _, lo, hi in derived]
        if not levels:
            return set()
        level = min(levels, key=lambda lv: lv[1] - lv[0])
        for name, lo, hi in st.items:
            if (lo, hi) != level:
                continue
            cte = _innermost(st, name, at)
            if cte is not None and cte in st.ctes:
                bodies.append(st.bodies[cte])
            else:
                tables.add(name)
        bodies += [st.bodies[b] for b in derived if (b[1], b[2]) == level]
    for body in bodies:
        for inner, q, level in outputs.star_items:
            if level == body and inner not in seen:
                seen.add(inner)
                tables |= _star_tables(st, outputs, inner, q, seen)
    return tables


def _content(literal: str, offset: int) -> tuple[int, int]:
    """(start, end) of a string literal's content in the file."""
    head = 0
    while head < len(literal) and literal[head] not in "\"'`":
        head += 1  # a prefix: r, b, f, r#
    width = 3 if literal[head : head + 3] in ('"""', "'''") else 1
    hashes = literal[:head].count("#")  # Rust r#"..."#
    return offset + head + width, offset + len(literal) - width - hashes


def block_comments(path: str, text: str) -> list[tuple[int, int]]:
    """(start, end) of each ``/* ... */`` comment of a C-like, Rust or PHP file,
    in order (lines inside one need not start with ``*``). Only one opening
    where a comment may (a line's start, after a space or ``;{}(),=``): a
    JavaScript regex's ``[/*]`` (or an escaped slash and ``*``) opens none."""
    kind = family(path)
    if kind not in ("c", "rs", "php") or "/*" not in text:
        return []
    return [
        (m.start(), m.end())
        for m in _lexer(path, kind).finditer(text)
        if m.lastgroup == "comment"
        and m.group().startswith("/*")
        and (m.start() == 0 or text[m.start() - 1] in _BEFORE_COMMENT)
    ]


_BEFORE_COMMENT = frozenset(" \t\r\n;{}(),=")


def string_literals(path: str, text: str) -> list[tuple[int, int, str]]:
    """(content start, content end, opening) of each string literal of a code file.

    ``opening`` is what opens the literal before its content: ``"``, ``'``,
    a backtick, ``\"\"\"``, ``'''``, a prefix with its quote (``r"``,
    ``r#"``, ``f'``, ``b"``), ``<<`` for a heredoc, or ``<<'`` for one that
    fills nothing in (PHP's nowdoc ``<<<'ID'``, the shell's ``<<'ID'``). Empty for a
    file whose family has no string literals this module reads (SQL, prose,
    MyBatis mappers, unknown languages).
    """
    kind = family(path)
    if kind not in _CODE_LEX or MapperFile.parse(path, text) is not None:
        return []
    out: list[tuple[int, int, str]] = []
    for m in _lexer(path, kind).finditer(text):
        if m.lastgroup != "string":
            continue
        groups = m.groupdict()
        body = next((g for g in _BODIES if groups.get(g) is not None), None)
        if body:
            # <<'ID': PHP's nowdoc, a shell, Perl or Ruby heredoc that fills nothing in
            quoted = groups.get("pq") == "'" or groups.get("hq") == "'"
            out.append((m.start(body), m.end(body), "<<'" if quoted else "<<"))
            continue
        start, end = _content(m.group(), m.start())
        out.append((start, end, text[m.start() : start]))
    return out
