"""Kysely's schema builder in a TypeScript/JavaScript file, as the SQL it runs.

A Kysely migration (``export async function up(db: Kysely<any>)``) makes
its tables with ``db.schema.createTable('t').addColumn('c', 'integer',
(col) => col.notNull()).execute()``, ``alterTable``, ``createIndex``...:
no DDL string the gate reads (trial s31 immich: such a migration passed the
hook and ``check --base``). :func:`shadow_text` rewrites each such chain
(``<any name>.schema.<method>(...)...``) outside a migration's ``down()``
into a ``sql`...``` template holding the SQL Kysely compiles for it, each
name at its literal's line and column where the line leaves room (the
file's line count kept, :func:`dbnamelint.laravel_schema.layout`): the gate
then reads it as it reads a ``sql``` string (new names judged, an edit
of an applied migration's builder calls ``DBN025``). A name the code
computes (a variable, a template literal's ``${...}``) is written as a
``${...}`` hole of the template: the ``DBN013`` the gate gives such a name.

The SQL follows Kysely 0.28's ``DefaultQueryCompiler`` (``.compile().sql``
of each builder: ``create table "t" ("c" integer not null, constraint "u"
unique ("c"))``, ``alter table "t" add column "c" integer, rename column
"a" to "b"``, ``create unique index "i" on "t" using btree ("c")``,
``create type "mood" as enum ('a', 'b')``, ``withSchema('s')``: ``"s"."t"``;
a ``'s.t'`` name is ``"s"."t"`` too). Column types are kept as written
(names are what the gate judges); defaults are left out.

:func:`down_spans` gives the bodies of a Knex/Kysely/TypeORM/Sequelize
migration's ``down`` (its rollback, never run forward): their DDL strings
are not read as the change's new names (:func:`dbnamelint.code_ddl_text.ddl_strings`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.laravel_schema import Unread, layout

#: Code tokens but template literals (read by :func:`_template_end`):
#: comments, quoted strings, words, numbers, ``=>``/``?.``/``...``, one character.
_TOKEN = lazy_compile(
    r"(?P<c>//[^\n]*|/\*.*?(?:\*/|\Z))"
    r"|(?P<s>'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\")"
    r"|(?P<w>[A-Za-z_$][\w$]*)|(?P<n>\d[\w.]*)|(?P<o>=>|\?\.|\.\.\.)|(?P<p>\S)",
    re.DOTALL,
)
_JS_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")
#: A migration's ``down`` (Knex/Kysely/Sequelize/db-migrate ``exports.down``,
#: ``export async function down``, ``export const down``, an object's or
#: TypeORM class's ``down(...)`` / ``async down(queryRunner)``, ``down:``;
#: umzug's ``async function down({ context })`` / ``const down = ...`` beside
#: ``module.exports = { up, down }``).
_DOWN = lazy_compile(
    r"\b(?:export\s+(?:default\s+)?)?(?:async\s+)?function\s+down\b"
    r"|\b(?:module\.)?exports\.down\s*="
    r"|\bexport\s+(?:const|let|var)\s+down\b\s*(?::[^=\n]*)?="
    r"|\b(?:const|let|var)\s+down\s*="
    r"(?=\s*(?:async\b|function\b|\(|[A-Za-z_$][\w$]*\s*=>))"
    r"|(?:^[ \t]*|(?<=[{,])\s*)(?:(?:public|private|protected)\s+)?(?:async\s+)?down\s*(?=\(|:)",
    re.MULTILINE,
)
#: A file that holds a migration's ``up`` beside its ``down``.
_UP = lazy_compile(
    r"\bexport\s+(?:default\s+)?(?:async\s+)?function\s+up\b|\b(?:module\.)?exports\.up\s*="
    r"|\bexport\s+(?:const|let|var)\s+up\b|(?<![.\w$])(?:async\s+)?up\s*[(:]"
    r"|\b(?:const|let|var)\s+up\s*=(?=\s*(?:async\b|function\b|\(|[A-Za-z_$][\w$]*\s*=>))"
    r"|\bMigrationInterface\b"
)


@dataclass
class _Tok:
    kind: str  # s (a string or template literal), w, n, o, p
    text: str
    start: int
    end: int


def _template_end(text: str, at: int) -> int:
    """The offset after the template literal opening at ``text[at]`` (a backtick)."""
    i = at + 1
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
        elif c == "`":
            return i + 1
        elif c == "$" and text.startswith("${", i):
            i = _code_end(text, i + 2)
        else:
            i += 1
    return n


def _code_end(text: str, at: int) -> int:
    """The offset after the ``}`` closing the code from ``at`` (a ``${`` hole's)."""
    depth = 0
    for tok in _scan(text, at, len(text)):
        if tok.text == "{" and tok.kind == "p":
            depth += 1
        elif tok.text == "}" and tok.kind == "p":
            if depth == 0:
                return tok.end
            depth -= 1
    return len(text)


def _scan(text: str, start: int, end: int) -> Iterator[_Tok]:
    """The tokens of ``text[start:end]`` (comments left out), one by one."""
    i = start
    while i < end:
        if text[i] == "`":
            j = _template_end(text, i)
            yield _Tok("s", text[i:j], i, j)
            i = j
            continue
        m = _TOKEN.search(text, i, end)
        if m is None:
            return
        if m.group()[:1] == "`" or "`" in text[i : m.start()]:
            i = text.index("`", i)
            continue
        i = m.end()
        kind = m.lastgroup or "p"
        if kind != "c":
            yield _Tok(kind, m.group(), m.start(), m.end())


def _tokens(text: str, start: int = 0, end: int | None = None) -> list[_Tok]:
    return list(_scan(text, start, len(text) if end is None else end))


class Cursor:
    """A place :func:`member_accesses` stops at: ``toks[index]``, a word
    followed by ``.`` or ``?.``. The reader sets ``resume`` to the token the
    scan goes on from (past a call's arguments it read); left alone, the scan
    goes on at the next token."""

    __slots__ = ("index", "resume")

    def __init__(self, index: int) -> None:
        self.index = index
        self.resume = index + 1


def member_accesses(toks: list[_Tok], skipped: list[tuple[int, int]]) -> Iterator[Cursor]:
    """Each word of ``toks`` followed by ``.``/``?.`` (and two tokens more)
    that starts outside ``skipped`` (a migration's ``down``: :func:`down_spans`),
    in order, each a :class:`Cursor`: the scan of the builder readers
    (:mod:`dbnamelint.knexseq_schema`'s Knex and Sequelize calls,
    :mod:`dbnamelint.dbmigrate_schema`, :mod:`dbnamelint.typeorm_schema`)."""
    i = 0
    while i + 3 < len(toks):
        tok = toks[i]
        if (
            tok.kind != "w"
            or toks[i + 1].text not in (".", "?.")
            or any(a <= tok.start < b for a, b in skipped)
        ):
            i += 1
            continue
        cursor = Cursor(i)
        yield cursor
        i = max(cursor.resume, i + 1)


def receiver_calls(
    toks: list[_Tok], receivers: set[str], skipped: list[tuple[int, int]]
) -> Iterator[Cursor]:
    """The :func:`member_accesses` of a receiver (``queryRunner.createTable``,
    ``db.addColumn``: one of ``receivers``, no property of another object)
    naming a member word: ``toks[index + 2]`` is the method."""
    for cursor in member_accesses(toks, skipped):
        i = cursor.index
        if (
            toks[i].text in receivers
            and toks[i + 2].kind == "w"
            and not (i and toks[i - 1].text in (".", "?."))
        ):
            yield cursor


def is_js(path: str) -> bool:
    return path.lower().endswith(_JS_SUFFIXES)


def down_spans(path: str, text: str, up: bool = False) -> list[tuple[int, int]]:
    """The spans of a JS/TS migration's ``down`` bodies (see the module
    docstring): Knex's and Kysely's ``down(db)``, TypeORM's
    ``MigrationInterface.down(queryRunner)``, Sequelize's ``down``; none in
    a file without a migration's ``up`` (``up``: the caller knows it has
    one, an anonymous function given to a factory)."""
    if not is_js(path) or "down" not in text or (not up and _UP.search(text) is None):
        return []
    out: list[tuple[int, int]] = []
    for m in _DOWN.finditer(text):
        if out and out[-1][0] <= m.start() < out[-1][1]:
            continue
        span = _body(text, m.end())
        if span is not None:
            out.append(span)
    return out


def down_only_spans(text: str, down: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The initializers of the declarations (``const rollback = `...`;``)
    outside ``down`` (:func:`down_spans`) whose name the code uses only
    inside ``down``: a rollback's SQL kept in a module-level constant runs
    only backwards, as the ``down`` body that reads it (trial s32 outline:
    ``migrate``'s printed rollback in ``const rollback``, run by
    ``down()``, was judged as forward DDL). A name used nowhere, or also
    outside ``down`` (``up`` too), is not one; a property (``x.rollback``)
    is not a use; a ``${rollback}`` hole of a template is."""
    if not down:
        return []
    toks = _tokens(text)
    within = [any(a <= t.start < b for a, b in down) for t in toks]
    out: list[tuple[int, int]] = []
    for i, tok in enumerate(toks):
        if tok.kind != "w" or tok.text not in ("const", "let", "var") or within[i]:
            continue
        if i + 1 >= len(toks) or toks[i + 1].kind != "w":
            continue
        name = toks[i + 1]
        eq = next(
            (
                j
                for j in range(i + 2, min(i + 10, len(toks)))
                if toks[j].kind == "p" and toks[j].text in "=;"
            ),
            None,
        )
        if eq is None or toks[eq].text != "=" or eq + 1 >= len(toks):
            continue
        uses = [
            k
            for k, t in enumerate(toks)
            if k != i + 1
            and t.kind == "w"
            and t.text == name.text
            and not (k and toks[k - 1].text in (".", "?."))
        ]
        hole = re.compile(rf"\$\{{[^`}}]*(?<![\w$]){re.escape(name.text)}(?![\w$])")
        uses += [
            k
            for k, t in enumerate(toks)
            if t.kind == "s" and t.text.startswith("`") and hole.search(t.text)
        ]
        if uses and all(within[k] for k in uses):
            out.append((toks[eq + 1].start, _initializer_end(text, toks, eq + 1)))
    return out


def _initializer_end(text: str, toks: list[_Tok], first: int) -> int:
    """Where the initializer starting at ``toks[first]`` ends: at a ``;``,
    ``,`` or closing bracket outside its brackets, or at a line break after
    an operand that the next token does not continue (automatic semicolon
    insertion: ``const a = `x`\\nmodule.exports = ...`` is two statements)."""
    depth = 0
    end = toks[first].end
    prev: _Tok | None = None
    for tok in toks[first:]:
        t = tok.text
        if depth == 0 and prev is not None:
            if tok.kind == "p" and t in ";,)]}":
                break
            operand = prev.kind in ("s", "w", "n") or prev.text in (")", "]", "}")
            goes_on = tok.kind == "o" or (tok.kind == "p" and t in "+-*/%.?:=<>&|^([")
            goes_on = goes_on or (tok.kind == "s" and t.startswith("`"))
            if operand and not goes_on and "\n" in text[prev.end : tok.start]:
                break
        if tok.kind == "p" and t in "([{":
            depth += 1
        elif tok.kind == "p" and t in ")]}":
            depth -= 1
        end = tok.end
        prev = tok
    return end


def _body(text: str, at: int) -> tuple[int, int] | None:
    """The body span of the function whose head starts at ``at``: from its
    parameters to its ``{ ... }`` (or an arrow's expression, to the ``;``,
    ``,`` or bracket that ends it). None for a call (``down(x);``)."""
    depth = 0
    arrow = False
    seen_params = False
    toks = _scan(text, at, len(text))
    for tok in toks:
        t = tok.text
        if tok.kind == "p" and t in "([":
            depth += 1
            continue
        if tok.kind == "p" and t in ")]":
            depth -= 1
            if depth == 0:
                seen_params = True
            if depth < 0:
                return None
            continue
        if depth:
            continue
        if tok.kind == "p" and t == "{":
            return _braced(text, tok, toks)
        if tok.kind == "o" and t == "=>":
            arrow = True
            continue
        if arrow:
            return _expression(text, tok, toks)
        if tok.kind == "p" and (t in ";,}" or (seen_params and t == ".")):
            return None
    return None


def _braced(text: str, open_tok: _Tok, toks: Iterator[_Tok]) -> tuple[int, int]:
    depth = 1
    for tok in toks:
        if tok.kind == "p" and tok.text == "{":
            depth += 1
        elif tok.kind == "p" and tok.text == "}":
            depth -= 1
            if depth == 0:
                return open_tok.start, tok.end
    return open_tok.start, len(text)


def _expression(text: str, first: _Tok, toks: Iterator[_Tok]) -> tuple[int, int]:
    depth = 1 if first.kind == "p" and first.text in "([{" else 0
    end = first.end
    for tok in toks:
        if tok.kind == "p" and tok.text in "([{":
            depth += 1
        elif tok.kind == "p" and tok.text in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif tok.kind == "p" and tok.text in ";," and depth == 0:
            break
        end = tok.end
    return first.start, end


def _literal(tok: _Tok) -> str | None:
    """A string literal's value (a template literal without ``${``)."""
    if tok.kind != "s":
        return None
    body = tok.text[1:-1]
    if tok.text[0] == "`" and "${" in body:
        return None
    return re.sub(r"\\(.)", r"\1", body)


class _Call:
    def __init__(self, name: _Tok, args: list[list[_Tok]]) -> None:
        self.name = name
        self.args = args

    def arg(self, at: int) -> list[_Tok]:
        return self.args[at] if at < len(self.args) else []


def _args(toks: list[_Tok], at: int) -> tuple[list[list[_Tok]], int]:
    """The arguments of the call whose ``(`` is ``toks[at]``, and the index after ``)``."""
    depth = 0
    args: list[list[_Tok]] = [[]]
    i = at
    while i < len(toks):
        tok = toks[i]
        if tok.kind == "p" and tok.text in "([{":
            depth += 1
            if depth > 1:
                args[-1].append(tok)
        elif tok.kind == "p" and tok.text in ")]}":
            depth -= 1
            if depth == 0:
                return [a for a in args if a], i + 1
            args[-1].append(tok)
        elif tok.kind == "p" and tok.text == "," and depth == 1:
            args.append([])
        else:
            args[-1].append(tok)
        i += 1
    return [a for a in args if a], i


#: A file that uses Kysely: it imports it, or names its ``Kysely<DB>`` type.
_KYSELY = lazy_compile(r"""\bfrom\s+['"]kysely['"]|\brequire\(\s*['"]kysely['"]\s*\)|\bKysely<""")
#: The calls that run a Kysely builder (elsewhere a chain on ``.schema`` is
#: read only in a file that uses Kysely: Knex's ``knex.schema`` is another API).
_RUNS = frozenset({"execute", "compile"})
#: First calls after ``.schema`` that this module reads.
#: Kysely 0.28's ``SchemaModule`` calls (``dist/cjs/schema/schema.js``) that
#: are not read and are no drop: the chain after them may make names.
_SCHEMA_MODULE_UNREAD = frozenset({"withPlugin", "withoutPlugins"})
_READ = frozenset(
    {
        "createTable",
        "alterTable",
        "createIndex",
        "createView",
        "createType",
        "createSchema",
        "dropTable",
        "dropIndex",
        "dropView",
        "dropType",
        "dropSchema",
    }
)
#: Builder calls that make no name (options, execution).
_NAMELESS = frozenset(
    {
        "ifNotExists",
        "ifExists",
        "temporary",
        "onCommit",
        "execute",
        "compile",
        "cascade",
        "orReplace",
        "materialized",
        "using",
        "where",
        "nullsNotDistinct",
        "unique",
        "alterColumn",
        "setDataType",
        "dropConstraint",
        "dropIndex",
        "dropColumn",
        "modifyColumn",
        "toOperationNode",
    }
)


#: ``alterTable`` calls that make no name: ``addIndex``'s columns, a
#: column's type or default, and the actions and deferral of a foreign key
#: ``addForeignKeyConstraint`` adds (Kysely 0.28's
#: ``AlterTableAddForeignKeyConstraintBuilder``: trial s39 docmost, whose
#: ``.onDelete('set null')`` was DBN013).
_ALTER_NAMELESS = frozenset(
    {
        "column",
        "columns",
        "expression",
        "setDataType",
        "setDefault",
        "dropDefault",
        "onDelete",
        "onUpdate",
        "deferrable",
        "notDeferrable",
        "initiallyDeferred",
        "initiallyImmediate",
        "restrict",  # dropConstraint's (AlterTableDropConstraintBuilder)
    }
)


class _Sql:
    """The statement's SQL as pieces: keywords, and names at their literals."""

    def __init__(self, mysql: bool) -> None:
        self.mysql = mysql
        #: Knex's SQLite compiler (:mod:`dbnamelint.knexseq_schema`): unique
        #: keys as unique indexes, keys unnamed unless given a name
        self.sqlite = False
        self.pieces: list[tuple[int, str, int]] = []
        self.buffer = ""
        self.last = -1
        self.unread: list[Unread] = []
        #: the call read (its offset and label, ``db.addIndex``): where a flag
        #: that is no literal is ``DBN013`` (:func:`literal_flag`); none: not said
        self.at = -1
        self.label = ""
        #: a literal ``'s.t'`` is schema ``s``'s table ``t`` (Kysely, Knex,
        #: Sequelize); False: one name, quoted whole (db-migrate-pg's and
        #: node-pg-migrate's ``"s.t"``)
        self.split_dots = True

    def kw(self, sql: str) -> None:
        if (
            self.buffer
            and not self.buffer.endswith((" ", "("))
            and not sql.startswith((" ", ")", ","))
        ):
            self.buffer += " "
        self.buffer += sql

    def quote(self, name: str) -> str:
        if self.mysql:
            # backquoted as the tools write it (a bare `key` was read as an index):
            # escaped, for the sql`...` template the chain is laid out as
            return "\\`" + name.replace("`", "``") + "\\`"
        return '"' + name.replace('"', '""') + '"'

    def qualified(self, name: str) -> str:
        if not self.split_dots:
            return self.quote(name)
        return ".".join(self.quote(p) for p in name.split("."))

    def name(
        self,
        arg: list[_Tok],
        schema: str | None = None,
        anchored: bool = True,
        *,
        unquoted: bool = False,
    ) -> None:
        """A name the code gives as ``arg``: a literal (``'s.t'``: qualified),
        else a ``${...}`` hole of the code's expression. ``unquoted``: the
        tool writes it as given, unquoted (Knex's check constraint names), so
        the database folds it as it folds any bare word."""
        value = _literal(arg[0]) if len(arg) == 1 else None
        prefix = f"{self.quote(schema)}." if schema else ""
        if value is None:
            self.kw(prefix + _hole(arg))
            return
        sql = prefix + (value if unquoted else self.qualified(value))
        # a bare word stands where its literal's text starts, past the quote; an
        # escaped backquote (MySQL's) opens a character before the literal's quote
        at = arg[0].start + (1 if unquoted else -1 if self.mysql and not prefix else 0)
        if not anchored:
            self.kw(sql)
            return
        self.text_at(sql, at)

    def text_at(self, sql: str, at: int) -> None:
        """SQL the tool makes for the call at offset ``at`` (its name, its
        literal): laid there, so what it makes is located at the call."""
        if at <= self.last:
            self.kw(sql)
            return
        self.kw("")
        lead = self.buffer + ("" if self.buffer.endswith((" ", "(")) or not self.buffer else " ")
        self.pieces.append((at, lead + sql, len(lead)))
        self.buffer = ""
        self.last = at

    def names(self, arg: list[_Tok]) -> None:
        """``['a', 'b']`` or ``'a'``: a parenthesised column list."""
        items = _items(arg)
        self.kw("(")
        for i, item in enumerate(items):
            if i:
                self.kw(", ")
            self.name(item)
        self.kw(")")

    def finish(self, end: int) -> list[tuple[int, str, int]]:
        if self.buffer or not self.pieces:
            self.pieces.append((max(end, self.last + 1), self.buffer, 0))
        return self.pieces


def literal_truth(value: list[_Tok]) -> bool | None:
    """A JavaScript literal's truthiness (``if (unique)``, ``unique ? ...``: how
    db-migrate-pg, node-pg-migrate, Knex, Sequelize and TypeORM test their
    flags), else None: a variable or an expression, known at run time only."""
    if len(value) != 1:
        return None
    tok = value[0]
    if tok.text == "true":
        return True
    if tok.text in ("false", "null", "undefined"):
        return False
    if tok.kind == "n":
        try:
            return float(tok.text) != 0
        except ValueError:
            return True  # 0x1, 1n: a non-zero literal
    text = _literal(tok)
    return bool(text) if tok.kind == "s" and text is not None else None


def literal_flag(out: _Sql, what: str, value: list[_Tok] | None) -> bool:
    """Whether flag ``what`` given as ``value`` (None or empty: not given) is
    set, a truthy literal; one that is no literal (``unique: isUnique``) is
    ``DBN013`` at ``out``'s call (:func:`flag_not_literal`) and read as unset."""
    if not value:
        return False
    truth = literal_truth(value)
    if truth is None:
        flag_not_literal(out, what, value)
    return bool(truth)


def flag_not_literal(out: _Sql, what: str, value: list[_Tok]) -> None:
    """``DBN013`` on ``out`` at its call (``out.at``, ``out.label``: ``db.addIndex``):
    ``what`` (a flag such as ``unique``, or the options object holding the
    flags) is ``value``, no literal, and its value decides the SQL
    (``UNIQUE``, ``PRIMARY KEY``, ``NOT NULL``, a name the tool makes from
    it). The call is still read, as if the flag were unset; once per ``why``."""
    shown = "".join(
        (" " if prev is not None and prev.kind in "wn" and tok.kind in "wn" else "") + tok.text
        for prev, tok in zip([None, *value], value, strict=False)
    )
    shown = shown if len(shown) <= 40 and "\n" not in shown else "an expression"
    why = (
        f"its {what} is {shown}, not a literal: the SQL the tool sends (UNIQUE, PRIMARY "
        "KEY, NOT NULL, the names it makes) depends on its value at run time, which "
        "dbnamelint does not know. Write the literal (true or false, an object of "
        "literals), or the DDL as a raw SQL string"
    )
    if out.label and all(u.start != out.at or u.why != why for u in out.unread):
        out.unread.append(Unread(out.at, out.label, why))


def _items(arg: list[_Tok]) -> list[list[_Tok]]:
    """An array literal's items (each a token list), or ``arg`` as one item."""
    if arg and arg[0].text == "[" and arg[-1].text == "]":
        out: list[list[_Tok]] = [[]]
        depth = 0
        for tok in arg[1:-1]:
            if tok.kind == "p" and tok.text in "([{":
                depth += 1
            elif tok.kind == "p" and tok.text in ")]}":
                depth -= 1
            if tok.kind == "p" and tok.text == "," and depth == 0:
                out.append([])
                continue
            out[-1].append(tok)
        return [o for o in out if o]
    return [arg] if arg else []


def _hole(arg: list[_Tok]) -> str:
    """``${expr}`` for a name the code computes (one line, no braces), else
    ``${x}``; a template literal's text as it is (``${prefix}_id``)."""
    if not arg:
        return "${x}"
    if len(arg) == 1 and arg[0].text[:1] == "`" and "\n" not in arg[0].text:
        body = arg[0].text[1:-1]
        if "`" not in body and "\\" not in body:
            return '"' + body + '"'
        return "${x}"
    expr = ""
    for prev, tok in zip([None, *arg], arg, strict=False):
        words = prev is not None and prev.kind in "wn" and tok.kind in "wn"
        expr += (" " if words else "") + tok.text
    if "\n" in expr or "{" in expr or "}" in expr or "`" in expr or len(expr) > 60:
        return "${x}"
    return "${" + expr + "}"


def _expr_sql(arg: list[_Tok]) -> str:
    """A ``sql`...``` expression's text (a check, an index expression), or ``true``."""
    if len(arg) == 2 and arg[0].text == "sql" and arg[1].kind == "s":
        body = _literal(arg[1])
        if body is not None and "`" not in body:
            return body
    return "true"


def _chain(toks: list[_Tok], j: int) -> tuple[list[_Call], int]:
    """The calls ``.name(args)`` from ``toks[j]`` (a ``.``), and the index after."""
    chain: list[_Call] = []
    while j + 2 < len(toks) and toks[j].text in (".", "?.") and toks[j + 1].kind == "w":
        if toks[j + 2].text != "(":
            break
        args, after = _args(toks, j + 2)
        chain.append(_Call(toks[j + 1], args))
        j = after
    return chain, j


def _callback_calls(arg: list[_Tok]) -> list[_Call] | None:
    """The calls an arrow function ``(b) => b.addColumn(...)...`` (or
    ``{ return b...; }``) makes on its parameter, the builder ``$call``
    passes it; None for any other argument (a function's name, other code)."""
    arrow = next((i for i, t in enumerate(arg) if t.text == "=>"), None)
    if arrow is None:
        return None
    param = next((t for t in arg[:arrow] if t.kind == "w"), None)
    if param is None:
        return None
    body = arg[arrow + 1 :]
    if body and body[0].text == "{" and body[-1].text == "}":
        body = body[1:-1]
        if not body or body[0].text != "return":
            return None
        body = body[1:]
        if body and body[-1].text == ";":
            body = body[:-1]
    if not body or body[0].text != param.text:
        return None
    calls, after = _chain(body, 1)
    return calls if after == len(body) else None


def _spliced(calls: list[_Call], unread: list[Unread]) -> list[_Call]:
    """``calls`` with each ``$call(fn)`` replaced by the calls ``fn`` makes on
    the builder (Kysely's ``$call`` runs ``fn(this)``: its calls are the
    chain's, trial s39 docmost: ``.$call((b) => b.addColumn('BadCall', ...))``
    passed the gate unread); a ``$call`` whose function is not an arrow
    written there is unread (``DBN013``)."""
    out: list[_Call] = []
    for call in calls:
        if call.name.text != "$call":
            out.append(call)
            continue
        inner = _callback_calls(call.arg(0))
        if inner is None:
            unread.append(Unread(call.name.start, "$call"))
        else:
            out += _spliced(inner, unread)
    return out


def _column(out: _Sql, call: _Call) -> None:
    """``addColumn(name, type, (col) => col.notNull()...)``."""
    out.name(call.arg(0))
    kind = call.arg(1)
    type_value = _literal(kind[0]) if len(kind) == 1 else None
    if type_value is None and len(kind) == 2 and kind[0].text == "sql":
        type_value = _literal(kind[1])
    out.kw(type_value if type_value and "`" not in type_value else "text")
    callback = call.arg(2)
    for i, tok in enumerate(callback[:-1]):
        if tok.text != "." or callback[i + 1].kind != "w":
            continue
        method = callback[i + 1].text
        inner: list[_Tok] = []
        if i + 2 < len(callback) and callback[i + 2].text == "(":
            args, _ = _args(callback, i + 2)
            inner = args[0] if args else []
        if method == "primaryKey":
            out.kw("primary key")
        elif method == "notNull":
            out.kw("not null")
        elif method == "unique":
            out.kw("unique")
        elif method == "references" and inner:
            value = _literal(inner[0]) if len(inner) == 1 else None
            if value is not None and "." in value:
                table, _, col = value.rpartition(".")
                out.kw(f"references {out.qualified(table)} ({out.quote(col)})")
            else:
                out.kw(f"references {_hole(inner)}")
        elif method == "check" and inner:
            out.kw(f"check ({_expr_sql(inner)})")
        elif method in ("modifyFront", "modifyEnd"):
            _fragment(out, callback[i + 1], inner)


def _fragment(out: _Sql, method: _Tok, arg: list[_Tok]) -> None:
    """``modifyFront(sql`...`)``/``modifyEnd(sql`...`)`` of a table or a
    column: SQL Kysely writes there as given, so what it makes is read
    (trial s39 docmost: ``.modifyEnd(sql`; CREATE TABLE "BadSneak" ...`)``
    made a table PostgreSQL created and the gate never saw); any other
    argument is unread (``DBN013``)."""
    if len(arg) == 2 and arg[0].text == "sql" and _literal(arg[1]) is not None:
        out.text_at(arg[1].text[1:-1], arg[1].start + 1)
    else:
        out.unread.append(Unread(method.start, method.text))


def _constraint(out: _Sql, call: _Call, adding: bool) -> None:
    method = call.name.text
    out.kw("add constraint" if adding else "constraint")
    out.name(call.arg(0))
    if method == "addPrimaryKeyConstraint":
        out.kw("primary key")
        out.names(call.arg(1))
    elif method == "addUniqueConstraint":
        out.kw("unique")
        out.names(call.arg(1))
    elif method == "addForeignKeyConstraint":
        out.kw("foreign key")
        out.names(call.arg(1))
        out.kw("references")
        out.name(call.arg(2), anchored=False)
        out.names(call.arg(3))
    elif method == "addCheckConstraint":
        out.kw(f"check ({_expr_sql(call.arg(1))})")


def _statement(calls: list[_Call], schema: str | None, out: _Sql) -> None:
    """The SQL of the chain's ``calls`` (the first one after ``.schema``)."""
    head = calls[0]
    method = head.name.text
    rest = calls[1:]
    names = {c.name.text for c in rest}
    if method == "createTable":
        out.kw("create")
        for call in rest:
            if call.name.text == "modifyFront":
                _fragment(out, call.name, call.arg(0))
        out.kw("table" + (" if not exists" if "ifNotExists" in names else ""))
        out.name(head.arg(0), schema)
        out.kw("(")
        first = True
        for call in rest:
            m = call.name.text
            if m == "addColumn":
                out.kw("" if first else ", ")
                _column(out, call)
            elif m in (
                "addPrimaryKeyConstraint",
                "addUniqueConstraint",
                "addForeignKeyConstraint",
                "addCheckConstraint",
            ):
                out.kw("" if first else ", ")
                _constraint(out, call, False)
            elif m == "as":
                out.unread.append(Unread(call.name.start, "createTable(...).as"))
                continue
            elif m in ("modifyFront", "modifyEnd"):
                continue  # before and after the column list
            elif m not in _NAMELESS:
                out.unread.append(Unread(call.name.start, f"createTable(...).{m}"))
                continue
            else:
                continue
            first = False
        out.kw(")")
        for call in rest:
            if call.name.text == "modifyEnd":
                _fragment(out, call.name, call.arg(0))
    elif method == "alterTable":
        out.kw("alter table")
        out.name(head.arg(0), schema)
        first = True
        for call in rest:
            m = call.name.text
            sep = "" if first else ", "
            if m == "addColumn":
                out.kw(sep + "add column")
                _column(out, call)
            elif m == "dropColumn":
                out.kw(sep + "drop column")
                out.name(call.arg(0), anchored=False)
            elif m == "renameColumn":
                out.kw(sep + "rename column")
                out.name(call.arg(0), anchored=False)
                out.kw("to")
                out.name(call.arg(1))
            elif m == "renameTo":
                out.kw(sep + "rename to")
                out.name(call.arg(0))
            elif m in (
                "addPrimaryKeyConstraint",
                "addUniqueConstraint",
                "addForeignKeyConstraint",
                "addCheckConstraint",
            ):
                out.kw(sep)
                _constraint(out, call, True)
            elif m == "dropConstraint":
                out.kw(sep + "drop constraint")
                out.name(call.arg(0), anchored=False)
            elif m == "addIndex":
                # MySQL's ALTER TABLE ... ADD INDEX: an index of the table
                out.kw(sep + "add index")
                out.name(call.arg(0))
                listed = next((c for c in rest if c.name.text in ("column", "columns")), None)
                out.names(listed.arg(0) if listed else [])
            elif m in _NAMELESS or m in _ALTER_NAMELESS:
                continue
            else:
                out.unread.append(Unread(call.name.start, f"alterTable(...).{m}"))
                continue
            first = False
    elif method == "createIndex":
        unique = "unique " if "unique" in names else ""
        out.kw(f"create {unique}index" + (" if not exists" if "ifNotExists" in names else ""))
        out.name(head.arg(0))
        on = next((c for c in rest if c.name.text == "on"), None)
        out.kw("on")
        if on is None:
            out.kw(_hole([]))
        else:
            out.name(on.arg(0), schema)
        cols: list[list[_Tok]] = []
        exprs: list[str] = []
        for call in rest:
            if call.name.text == "column":
                cols.append(call.arg(0))
            elif call.name.text == "columns":
                cols += _items(call.arg(0))
            elif call.name.text == "expression":
                exprs.append(_expr_sql(call.arg(0)))
        using = next((c for c in rest if c.name.text == "using"), None)
        if using is not None:
            value = _literal(using.arg(0)[0]) if len(using.arg(0)) == 1 else None
            out.kw(f"using {value or 'btree'}")
        out.kw("(")
        for i, col in enumerate(cols):
            out.kw("" if not i else ", ")
            out.name(col)
        if exprs:
            out.kw((", " if cols else "") + ", ".join(f"({e})" for e in exprs))
        out.kw(")")
    elif method == "createView":
        materialized = "materialized " if "materialized" in names else ""
        replace = "or replace " if "orReplace" in names else ""
        out.kw(f"create {replace}{materialized}view")
        out.name(head.arg(0), schema)
        columns = next((c for c in rest if c.name.text == "columns"), None)
        if columns is not None:
            out.names(columns.arg(0))
        body = next((c for c in rest if c.name.text == "as"), None)
        query = body.arg(0) if body is not None else []
        if len(query) == 2 and query[0].text == "sql" and query[1].kind == "s":
            out.kw("as " + query[1].text[1:-1])
        else:
            # a query builder's select: its column names are not read
            out.kw("as select " + _hole(query))
    elif method == "createType":
        out.kw("create type")
        out.name(head.arg(0), schema)
        enum = next((c for c in rest if c.name.text == "asEnum"), None)
        if enum is None:
            out.unread.append(Unread(head.name.start, "createType"))
            out.pieces, out.buffer = [], ""
            return
        values = [_literal(i[0]) if len(i) == 1 else None for i in _items(enum.arg(0))]
        labels = ", ".join("'" + (v or "x").replace("'", "''") + "'" for v in values)
        out.kw(f"as enum ({labels})")
    elif method == "createSchema":
        out.kw("create schema" + (" if not exists" if "ifNotExists" in names else ""))
        out.name(head.arg(0))
    elif method.startswith("drop"):
        word = {"dropTable": "table", "dropIndex": "index", "dropView": "view"}.get(method)
        word = word or {"dropType": "type", "dropSchema": "schema"}[method]
        if method == "dropView" and "materialized" in names:
            word = "materialized view"
        out.kw(f"drop {word}" + (" if exists" if "ifExists" in names else ""))
        out.name(head.arg(0), schema if method != "dropSchema" else None, anchored=False)
        if "cascade" in names:
            out.kw("cascade")


def with_constants(toks: list[_Tok]) -> list[_Tok]:
    """``toks`` with each use of a name the file binds once, with ``const``,
    to a string literal alone (``const TABLE = 'audit_logs';``) as that
    literal, at the name: ``createTable(TABLE, ...)`` makes ``audit_logs``
    (it was a name "the code completes", ``DBN013``). A name declared twice
    (shadowed), or bound to more than a literal, stays a name."""
    declared: dict[str, int] = {}
    for i, tok in enumerate(toks[:-1]):
        if tok.text in ("const", "let", "var") and toks[i + 1].kind == "w":
            declared[toks[i + 1].text] = declared.get(toks[i + 1].text, 0) + 1
    bound: dict[str, _Tok] = {}
    for i, tok in enumerate(toks[:-4]):
        name, eq, value, after = toks[i + 1], toks[i + 2], toks[i + 3], toks[i + 4]
        if (
            tok.text == "const"
            and name.kind == "w"
            and declared.get(name.text) == 1
            and eq.text == "="
            and value.kind == "s"
            and _literal(value) is not None
            and after.text not in (".", "+", "[", "(", "?", "|", "&")
        ):
            bound[name.text] = value
    if not bound:
        return toks
    out: list[_Tok] = []
    for i, tok in enumerate(toks):
        literal = bound.get(tok.text) if tok.kind == "w" else None
        use = (
            literal is not None
            and (i == 0 or toks[i - 1].text not in (".", "?.", "const", "let", "var"))
            and (i + 1 >= len(toks) or toks[i + 1].text not in (":", "="))
        )
        out.append(_Tok("s", literal.text, tok.start, tok.end) if use and literal else tok)
    return out


@dataclass
class Builder:
    """What :func:`builder_sql` found in one file."""

    #: (start, end, SQL pieces at file offsets) of each chain rewritten.
    calls: list[tuple[int, int, list[tuple[int, str, int]]]]
    unread: list[Unread]


def builder_sql(path: str, text: str, *, mysql: bool = False) -> Builder:
    """The schema builder chains of ``text`` outside a migration's ``down``
    as SQL (see the module docstring)."""
    calls: list[tuple[int, int, list[tuple[int, str, int]]]] = []
    unread: list[Unread] = []
    if ".schema" not in text:
        return Builder(calls, unread)
    skipped = down_spans(path, text)
    kysely = _KYSELY.search(text) is not None
    toks = with_constants(_tokens(text))
    i = 0
    while i + 4 < len(toks):
        tok = toks[i]
        if not (
            tok.kind == "w"
            and toks[i + 1].text in (".", "?.")
            and toks[i + 2].text == "schema"
            and toks[i + 3].text == "."
            and toks[i + 4].kind == "w"
        ):
            i += 1
            continue
        if any(a <= tok.start < b for a, b in skipped):
            i += 1
            continue
        first = i  # this.db.schema...: the chain starts at ``this``
        while first >= 2 and toks[first - 1].text in (".", "?.") and toks[first - 2].kind == "w":
            first -= 2
        start = toks[first].start
        chain, j = _chain(toks, i + 3)
        end = toks[j - 1].end
        i = max(j, i + 1)
        schema: str | None = None
        if chain and chain[0].name.text == "withSchema":
            arg = chain[0].arg(0)
            schema = _literal(arg[0]) if len(arg) == 1 else None
            if schema is None:
                schema = _hole(arg)
            chain = chain[1:]
        if not chain or not (kysely or any(c.name.text in _RUNS for c in chain)):
            continue  # Knex's knex.schema.createTable('t', (table) => ...): not Kysely's
        if chain[0].name.text not in _READ:
            # Kysely's SchemaModule calls not read; a call that is none of its
            # (zod's `trigger.schema.parse(x)`) is no schema chain (trial s34)
            if chain[0].name.text in _SCHEMA_MODULE_UNREAD:
                unread.append(Unread(chain[0].name.start, chain[0].name.text))
            continue
        chain = chain[:1] + _spliced(chain[1:], unread)
        out = _Sql(mysql)
        _statement(chain, schema, out)
        unread += out.unread
        if out.pieces or out.buffer:
            calls.append((start, end, out.finish(end)))
    return Builder(calls, unread)


def shadow_text(
    path: str, text: str, *, mysql: bool = False, sqlite: bool = False
) -> tuple[str, list[Unread]]:
    """``text`` with each schema builder chain (Kysely's; Knex's and
    Sequelize's: :mod:`dbnamelint.knexseq_schema`) as a ``sql`<SQL>```
    template (same line count), and the calls not read; ``text`` itself for
    a file that is not JavaScript/TypeScript or has none."""
    if not is_js(path):
        return text, []
    from dbnamelint import knexseq_schema

    found = builder_sql(path, text, mysql=mysql)
    # Knex's knex.schema.createTable('t', (table) => ...) and Sequelize's
    # queryInterface calls (dbnamelint.knexseq_schema), in a file without Kysely
    other = knexseq_schema.builder_sql(path, text, mysql=mysql, sqlite=sqlite)
    found.calls += other.calls
    found.unread += other.unread
    # db-migrate's db.createTable/addColumn/... and node-pg-migrate's
    # pgm.createTable (dbnamelint.dbmigrate_schema)
    from dbnamelint import dbmigrate_schema

    other = dbmigrate_schema.builder_sql(path, text, mysql=mysql)
    found.calls += other.calls
    found.unread += other.unread
    # TypeORM's queryRunner.createTable/addColumn/... (dbnamelint.typeorm_schema)
    from dbnamelint import typeorm_schema

    other = typeorm_schema.builder_sql(path, text, mysql=mysql)
    found.calls += other.calls
    found.unread += other.unread
    out = text
    for start, end, pieces in sorted(found.calls, key=lambda c: -c[0]):
        sql = layout(text, start, end, pieces, prefix=len("sql`"))
        # a backquote of the SQL ends the template unless escaped (MySQL's quotes are)
        out = out[:start] + "sql`" + re.sub(r"(?<!\\)`", " ", sql) + "`" + out[end:]
    return out, found.unread
