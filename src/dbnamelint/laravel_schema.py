"""Laravel's Schema builder in a migration's ``up()``, as the SQL it runs.

A Laravel migration (``database/migrations/2024_01_01_000000_x.php``) makes
its tables with ``Schema::create('t', function (Blueprint $table) {
$table->id(); $table->string('c'); ... })``, ``Schema::table``,
``Schema::rename``: no DDL string the gate reads. :func:`shadow_text`
rewrites each such call of ``up()`` (never ``down()``, the rollback) into a
``DB::statement('<SQL>')`` holding the SQL Laravel's schema grammar emits
for it, each name on the line of the PHP call that makes it (its column
where the line leaves room), the file's line count kept: the gate then
reads it as it reads a ``DB::statement`` string (new names judged, an edit
of an applied migration's builder calls ``DBN025``).

The SQL follows illuminate/database 12's ``Schema\\Blueprint`` and
``Schema\\Grammars``: ``id()`` is ``bigIncrements('id')``; ``timestamps()``
``created_at`` and ``updated_at``; ``softDeletes()`` ``deleted_at``;
``rememberToken()`` ``remember_token``; ``morphs('x')`` ``x_type``, ``x_id``
and an index; an index, unique or foreign key without a name gets
``Blueprint::createIndexName``'s: ``strtolower("<table>_<columns joined
_>_<type>")`` with ``-`` and ``.`` as ``_`` (``users_email_unique``,
``posts_user_id_foreign``); ``foreignId('user_id')->constrained()``
references ``users`` (``Str::plural`` of the name before ``_id``: here only
``s`` added) ``id``; a primary key gets the database's own name (PostgreSQL
``<table>_pkey``: ``compilePrimary`` names none). Column types are kept
simple (names are what the gate judges).

A ``$table->`` method or a ``Schema::`` call this module does not know is
returned as unread (a warning at the call), not left in silence: it may
make a name (a macro, ``foreignIdFor(Model::class)``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import overload

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.laravel_held_builder import resolved
from dbnamelint.php_arrays import old_arrays
from dbnamelint.php_const_expr import class_constants, fold
from dbnamelint.php_const_expr import literal as php_literal
from dbnamelint.php_loops import class_values, runs_until, unrolled
from dbnamelint.php_uses import imports

#: PHP tokens: comments, strings, variables, words, ``->``/``::``/``=>``, one character.
_TOKEN = lazy_compile(
    r"(?P<c>//[^\n]*|#(?!\[)[^\n]*|/\*.*?(?:\*/|\Z))"
    r"|(?P<s>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|"
    # a heredoc or nowdoc (<<<'SQL' ... SQL): one string, its quotes not read as code
    r"<<<[ \t]*([\"']?)(?P<hid>[A-Za-z_]\w*)\3[ \t]*\r?\n(?:.*?\n)??[ \t]*(?P=hid)(?!\w))"
    r"|(?P<w>\$?[A-Za-z_\\][\w\\]*)|(?P<o>->|::|=>|\?->)|(?P<n>\d+)|(?P<p>\S)",
    re.DOTALL,
)
#: ``Schema::`` methods that make no name: checks, reads, switches, drops.
_SCHEMA_NAMELESS = (
    "has",
    "get",
    "disable",
    "enable",
    "default",  # defaultStringLength, defaultMorphKeyType, defaultTimePrecision
    "drop",
    "withoutForeignKeyConstraints",
    "whenTableHas",
    "whenTableDoesntHave",
    # settings an app's service provider makes (application code is read too)
    "morphUsing",
    "useNativeSchemaOperationsIfPossible",
    "blueprintResolver",
    "setConnection",
)
#: ``Schema::`` checks that run a ``Schema::table`` closure (their third
#: argument) when they hold: Laravel's ``Schema\\Builder`` (9.x to 12.x).
_WHEN_TABLE = frozenset(
    {
        "whenTableHasColumn",
        "whenTableDoesntHaveColumn",
        "whenTableHasIndex",
        "whenTableDoesntHaveIndex",
    }
)
#: Laravel's Schema facade.
SCHEMA_FACADE = "Illuminate\\Support\\Facades\\Schema"
#: A Laravel migration: the class it extends.
_MIGRATION_CLASS = "Illuminate\\Database\\Migrations\\Migration"
_LARAVEL = lazy_compile(r"\bIlluminate\\Database\\Migrations\\Migration\b")
#: The file name ``make:migration`` gives (``2025_01_01_000000_create_x.php``).
_LARAVEL_FILE = lazy_compile(r"(?:^|/)\d{4}_\d{2}_\d{2}_\d{6}_\w+\.php$", re.IGNORECASE)
#: A class extending another, with an ``up()``, using Laravel's schema API.
_EXTENDS = lazy_compile(r"\bclass\b[^{;]*?\bextends\s+\\?[A-Za-z_]")
_UP = lazy_compile(r"\bfunction\s+up\s*\(")
_ILLUMINATE_SCHEMA = lazy_compile(
    r"\bIlluminate\\(?:Support\\Facades\\(?:Schema|DB)|Database\\Schema\\Blueprint)\b"
)


@dataclass
class _Tok:
    kind: str
    text: str
    start: int
    end: int


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    """PHP's tokens of ``text[start:end]``, comments left out, each
    ``array(...)`` literal as ``[...]`` (:func:`_short_arrays`)."""
    out: list[_Tok] = []
    maybe = False  # a five-letter word seen: an `array` may open a literal
    for m in _TOKEN.finditer(text, start, end):
        kind = m.lastgroup or "p"
        if kind != "c":
            out.append(_Tok(kind, m.group(), m.start(), m.end()))
            maybe = maybe or (kind == "w" and len(m.group()) == 5)
    return _short_arrays(out) if maybe else out


def _short_arrays(toks: list[_Tok]) -> list[_Tok]:
    """``toks`` with each ``array(...)`` literal (:func:`dbnamelint.php_arrays.old_arrays`;
    LinkAce's ``$table->index(array('a', 'b'))``) as the ``[...]`` every reader
    here takes: one ``[`` spanning ``array(``, its ``)`` a ``]``."""
    opens, closes = old_arrays([(t.kind, t.text) for t in toks])
    out: list[_Tok] = []
    parens = set(opens.values())
    for i, tok in enumerate(toks):
        if i in opens:
            out.append(_Tok("p", "[", tok.start, toks[opens[i]].end))
        elif i in closes:
            out.append(_Tok("p", "]", tok.start, tok.end))
        elif i not in parens:
            out.append(tok)
    return out


def _literal(tok: _Tok) -> str | None:
    """A PHP string literal's value (single-quoted, or double-quoted without ``$``)."""
    if tok.kind != "s":
        return None
    return php_literal(tok.text)


def _folded(
    text: str, span: tuple[int, int] | None = None
) -> tuple[list[_Tok], list[tuple[int, str]]]:
    """The tokens of what ``text``'s ``up()`` (or the body at offsets
    ``span``) runs, each ``foreach`` over a literal array unrolled,
    literal-valued variables and array reads read as their values, and the
    class's methods it calls (``$this->addOwner('tags')``, ``self::``,
    ``static::``) followed with their parameters bound
    (:func:`dbnamelint.php_loops.unrolled`: firefly-iii's loops), then each
    literal-only expression (``sprintf('%s_to_ugi', 'object_groups')``,
    ``'UQ' . 'X'``, ``self::FK_NAME``) one string token of its value
    (:func:`dbnamelint.php_const_expr.fold`); and the method calls not
    followed (offset, call)."""
    everything = _tokens(text, 0, len(text))
    consts, classes = class_constants(everything)
    values = class_values(everything, consts, classes, _method_body(text, "__construct"))
    up = _method_body(text, "up") if span is None else span
    if up is None:
        return [], []

    def make(q: str, s: int, e: int) -> _Tok:
        return _Tok("s", q, s, e)

    at = next((i for i, t in enumerate(everything) if t.start >= up[0]), len(everything))
    end = next((i for i, t in enumerate(everything) if t.start >= up[1]), len(everything))
    end = runs_until(everything, at, end)  # not what follows an unconditional `return;`
    toks, calls = unrolled(everything, make, consts, classes, values, (at, end))
    return fold(toks, make, consts, classes), calls


@dataclass
class Unread:
    """A builder call the reader does not know: where, what; or (``why``
    given) one it reads that does not do what its name says (Doctrine's
    ``renameTable``: a new table and a drop), and why."""

    start: int
    call: str
    why: str = ""
    #: Where the call (with a chain it starts) ends, when known (-1: not):
    #: an edit inside its arguments is an edit of the call (trial s39 n8n).
    end: int = -1


@dataclass
class _Out:
    """SQL pieces each at a file offset, for one builder call's statement(s)."""

    pieces: list[tuple[int, str, int]] = field(default_factory=list)

    def add(self, at: int, sql: str, name: str = "") -> None:
        """``sql`` at file offset ``at``; ``name`` (quoted as in ``sql``): the
        name that stands at ``at`` in the code, laid out there."""
        self.pieces.append((at, sql, max(sql.rfind(name), 0) if name else 0))


#: Column methods: the SQL type (PostgreSQL spelling; MySQL reads it too).
_TYPES = {
    "string": "varchar(255)",
    "char": "char(255)",
    "text": "text",
    "tinyText": "text",
    "mediumText": "text",
    "longText": "text",
    "integer": "integer",
    "tinyInteger": "smallint",
    "smallInteger": "smallint",
    "mediumInteger": "integer",
    "bigInteger": "bigint",
    "unsignedInteger": "integer",
    "unsignedTinyInteger": "smallint",
    "unsignedSmallInteger": "smallint",
    "unsignedMediumInteger": "integer",
    "unsignedBigInteger": "bigint",
    "float": "double precision",
    "double": "double precision",
    "decimal": "decimal(8, 2)",
    "unsignedDecimal": "decimal(8, 2)",
    "boolean": "boolean",
    "enum": "varchar(255)",
    "set": "varchar(255)",
    "json": "json",
    "jsonb": "json",
    "date": "date",
    "dateTime": "timestamp",
    "dateTimeTz": "timestamp",
    "time": "time",
    "timeTz": "time",
    "timestamp": "timestamp",
    "timestampTz": "timestamp",
    "year": "integer",
    "binary": "bytea",
    "uuid": "uuid",
    "ulid": "char(26)",
    "ipAddress": "varchar(45)",
    "macAddress": "varchar(17)",
    "geometry": "text",
    "geography": "text",
    "point": "text",
    "vector": "text",
    "foreignId": "bigint",
    "foreignUuid": "uuid",
    "foreignUlid": "char(26)",
}
_INCREMENTS = frozenset(
    {"increments", "bigIncrements", "tinyIncrements", "smallIncrements", "mediumIncrements"}
)
#: Methods that make no name (table options, drops read below, checks).
_NAMELESS = frozenset(
    {
        "engine",
        "charset",
        "collation",
        "comment",
        "temporary",
        "dropIndex",
        "dropUnique",
        "dropForeign",
        "dropPrimary",
        "dropFullText",
        "dropSpatialIndex",
        "dropConstrainedForeignId",
        "dropForeignIdFor",
        "dropIfExists",
    }
)
#: Column modifiers that make no name.
_MODIFIERS = frozenset(
    {
        "nullable",
        "default",
        "unsigned",
        "after",
        "first",
        "comment",
        "useCurrent",
        "useCurrentOnUpdate",
        "autoIncrement",
        "charset",
        "collation",
        "storedAs",
        "virtualAs",
        "generatedAs",
        "always",
        "invisible",
        "from",
        "startingValue",
        "cascadeOnDelete",
        "cascadeOnUpdate",
        "restrictOnDelete",
        "restrictOnUpdate",
        "nullOnDelete",
        "noActionOnDelete",
        "noActionOnUpdate",
        "onDelete",
        "onUpdate",
        "deferrable",
        "initiallyImmediate",
        "notValid",
        "change",
        "references",
        "on",
        "lock",
        "online",
        "algorithm",
        "nullsNotDistinct",
    }
)


#: Calls with a name argument (its index) Laravel uses in place of its
#: default one, or that is the name made: a computed one is not read.
_NAMING: dict[str, tuple[int, ...]] = {
    "id": (0,),
    "softDeletes": (0,),
    "softDeletesTz": (0,),
    "morphs": (1,),
    "nullableMorphs": (1,),
    "uuidMorphs": (1,),
    "nullableUuidMorphs": (1,),
    "index": (1,),
    "unique": (1,),
    "fullText": (1,),
    "spatialIndex": (1,),
    "foreign": (1,),
}
#: Column methods whose ``->references(...)->on(...)`` makes a foreign key
#: (``ForeignIdColumnDefinition``; on another column it is an attribute only).
_FOREIGN_IDS = frozenset({"foreignId", "foreignUuid", "foreignUlid"})
#: The same for a column's modifiers (``->index('name')``, ``->constrained('t', 'c', 'name')``).
_MOD_NAMING: dict[str, tuple[int, ...]] = {
    "index": (0,),
    "unique": (0,),
    "fullText": (0,),
    "fulltext": (0,),
    "spatialIndex": (0,),
    "constrained": (0, 1, 2),
}


def index_name(table: str, columns: list[str], kind: str) -> str:
    """``Blueprint::createIndexName``: ``strtolower`` of ``<table>_<columns>_<kind>``,
    ``-`` and ``.`` as ``_`` (no table prefix)."""
    name = f"{table}_{'_'.join(columns)}_{kind}".lower()
    return name.replace("-", "_").replace(".", "_")


#: A name argument that asks for Laravel's default name.
_DEFAULTS = frozenset({"null", "true", "false"})


class _Call:
    """One ``name(args)`` of a chain: its tokens' span and arguments."""

    def __init__(self, name: _Tok, args: list[list[_Tok]], end: int) -> None:
        self.name = name
        self.args = args
        self.end = end

    def string(self, at: int) -> str | None:
        if at >= len(self.args) or len(self.args[at]) != 1:
            return None
        return _literal(self.args[at][0])

    def strings(self, at: int) -> list[str] | None:
        """A string or an array of strings argument."""
        if at >= len(self.args):
            return None
        arg = self.args[at]
        if len(arg) == 1:
            one = _literal(arg[0])
            return None if one is None else [one]
        if arg and arg[0].text == "[" and arg[-1].text == "]":
            out: list[str] = []
            for tok in arg[1:-1]:
                if tok.text == ",":
                    continue
                value = _literal(tok)
                if value is None:
                    return None
                out.append(value)
            return out
        return None

    def computed(self, at: int) -> bool:
        """Whether argument ``at`` is given but is no literal (nor a
        literal-only expression, folded into one): a name the code computes
        when it runs (``$idx``, ``"UQ_{$idx}"``), which Laravel uses in place
        of its default one. ``null`` (and ``true``/``false`` of a column's
        ``->index()``) asks for the default."""
        if at >= len(self.args):
            return False
        arg = self.args[at]
        if len(arg) == 1 and arg[0].kind == "w" and arg[0].text.lower() in _DEFAULTS:
            return False
        return self.string(at) is None

    def literal_at(self, at: int) -> _Tok | None:
        if at < len(self.args) and len(self.args[at]) == 1 and self.args[at][0].kind == "s":
            return self.args[at][0]
        return None


class _From(Sequence[_Tok]):
    """``toks[at:]`` without copying it (a call is looked for at each token
    of ``up()``'s, which a loop read per item makes long)."""

    def __init__(self, toks: list[_Tok], at: int) -> None:
        self.toks = toks
        self.at = at

    def __len__(self) -> int:
        return len(self.toks) - self.at

    @overload
    def __getitem__(self, i: int) -> _Tok: ...

    @overload
    def __getitem__(self, i: slice) -> list[_Tok]: ...

    def __getitem__(self, i: int | slice) -> _Tok | list[_Tok]:
        if isinstance(i, slice):
            start, stop, step = i.indices(len(self))
            return self.toks[self.at + start : self.at + stop : step]
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.toks[self.at + i]


def _args(toks: Sequence[_Tok], at: int) -> tuple[list[list[_Tok]], int]:
    """The arguments of the call whose ``(`` is ``toks[at]``, and the index after ``)``."""
    depth = 0
    args: list[list[_Tok]] = [[]]
    i = at
    while i < len(toks):
        t = toks[i].text
        if t in "([{" and toks[i].kind == "p":
            depth += 1
            if depth > 1:
                args[-1].append(toks[i])
        elif t in ")]}" and toks[i].kind == "p":
            depth -= 1
            if depth == 0:
                return ([a for a in args if a] if args != [[]] else []), i + 1
            args[-1].append(toks[i])
        elif t == "," and depth == 1:
            args.append([])
        else:
            args[-1].append(toks[i])
        i += 1
    return args, i


def _chain(toks: Sequence[_Tok], at: int) -> tuple[list[_Call], int]:
    """The calls ``->a(...)->b(...)`` from ``toks[at]`` (a ``->``), and the index after."""
    calls: list[_Call] = []
    i = at
    while i + 2 < len(toks) and toks[i].text in ("->", "?->"):
        name = toks[i + 1]
        after = i + 2
        # ->{'string'}(...): the method a literal names (a loop unrolled
        # over method names gives it: `$table->{$type}($name)`)
        braced = _literal(toks[i + 2]) if name.text == "{" and i + 4 < len(toks) else None
        if braced is not None and toks[i + 3].text == "}" and braced.isidentifier():
            name = _Tok("w", braced, toks[i + 2].start, toks[i + 2].end)
            after = i + 4
        elif name.kind != "w":
            break
        if toks[after].text != "(":
            break
        args, i = _args(toks, after)
        calls.append(_Call(name, args, toks[i - 1].end))
    return calls, i


class _Table:
    """SQL for one ``Schema::create``/``Schema::table`` closure."""

    def __init__(self, table: str, q: str, creating: bool, at: int, mysql: bool) -> None:
        self.table = table
        self.q = q
        self.mysql = mysql
        self.creating = creating
        self.open = creating  # inside the CREATE TABLE's column list
        self.first = True
        self.out = _Out()
        self.unread: list[Unread] = []
        if creating:
            self.out.add(at, f"CREATE TABLE {self.name(table)} (", self.name(table))

    def name(self, name: str) -> str:
        return f"{self.q}{name}{self.q}"

    def _close(self, at: int) -> None:
        if self.open:
            self.out.add(at, ");")
            self.open = False

    def column(self, at: int, name: str, sql_type: str) -> None:
        if self.open:
            sql = f"{'' if self.first else ', '}{self.name(name)} {sql_type}"
            self.first = False
        else:
            sql = f"ALTER TABLE {self.name(self.table)} ADD COLUMN {self.name(name)} {sql_type};"
        self.out.add(at, sql, f"{self.name(name)} ")

    def constraint(self, at: int, sql: str, name: str = "") -> None:
        """A table constraint: inline while creating, else ``ALTER TABLE ... ADD``."""
        if self.open:
            self.out.add(at, f"{'' if self.first else ', '}{sql}", name)
            self.first = False
        else:
            self.out.add(at, f"ALTER TABLE {self.name(self.table)} ADD {sql};", name)

    def index(self, at: int, name: str, columns: list[str], unique: bool) -> None:
        cols = ", ".join(self.name(c) for c in columns)
        if unique:
            self.constraint(at, f"CONSTRAINT {self.name(name)} UNIQUE ({cols})", self.name(name))
            return
        self._close(at)
        sql = f"CREATE INDEX {self.name(name)} ON {self.name(self.table)} ({cols});"
        self.out.add(at, sql, self.name(name))

    def foreign(self, at: int, name: str, columns: list[str], on: str, ref: list[str]) -> None:
        cols = ", ".join(self.name(c) for c in columns)
        refs = ", ".join(self.name(c) for c in ref)
        into = f"REFERENCES {self.name(on)} ({refs})"
        sql = f"CONSTRAINT {self.name(name)} FOREIGN KEY ({cols}) {into}"
        self.constraint(at, sql, self.name(name))

    def statement(self, at: int, sql: str, name: str = "") -> None:
        self._close(at)
        self.out.add(at, sql, name)

    def finish(self, at: int) -> None:
        self._close(at)


#: Blueprint's index drops: the kind its default name ends in (``createIndexName``).
_DROPS = {
    "dropIndex": "index",
    "dropUnique": "unique",
    "dropForeign": "foreign",
    "dropPrimary": "primary",
    "dropFullText": "fulltext",
    "dropSpatialIndex": "spatialindex",
}


def _drop(tbl: _Table, head: _Call, method: str, at: int) -> None:
    """``$table->dropIndex('name')`` (or ``(['cols'])``: Laravel's default
    name for them) as the SQL Laravel's grammar runs, so the model no longer
    holds what it drops (before, the index stayed). A name the code computes
    drops what the gate cannot know: left unread, as before (it makes no name)."""
    kind = _DROPS[method]
    table = tbl.table
    if method == "dropPrimary":
        sql = (
            f"ALTER TABLE {tbl.name(table)} DROP PRIMARY KEY;"
            if tbl.mysql  # PostgreSQL's is <table>_pkey whatever the name given
            else f"ALTER TABLE {tbl.name(table)} DROP CONSTRAINT {tbl.name(table + '_pkey')};"
        )
        tbl.statement(at, sql)
        return
    name = head.string(0)
    if name is None:
        columns = head.strings(0)
        if columns is None or not head.args or head.args[0][0].text != "[":
            return
        name = index_name(table, columns, kind)
    if tbl.mysql:
        what = "FOREIGN KEY" if kind == "foreign" else "INDEX"
        sql = f"ALTER TABLE {tbl.name(table)} DROP {what} {tbl.name(name)};"
    elif kind in ("unique", "foreign"):
        sql = f"ALTER TABLE {tbl.name(table)} DROP CONSTRAINT {tbl.name(name)};"
    else:
        sql = f"DROP INDEX {tbl.name(name)};"
    tbl.statement(at, sql)


#: A column's index modifiers in the order Laravel's
#: ``Blueprint::addFluentIndexes`` tries them: it makes the first one set and
#: no other (``->unique()->index()`` makes the unique index only).
_FLUENT_INDEXES = ("primary", "unique", "index", "fulltext", "fullText", "spatialIndex")


def _fluent_index(mods: Sequence[_Call]) -> _Call | None:
    """The one index modifier of ``mods`` Laravel makes an index for, or None:
    the first kind in ``_FLUENT_INDEXES`` order, its last call (a repeated
    modifier sets the same attribute again)."""
    for kind in _FLUENT_INDEXES:
        calls = [c for c in mods if c.name.text == kind]
        if calls:
            return calls[-1]
    return None


def _increments(mysql: bool, big: bool) -> str:
    if mysql:
        return f"{'bigint' if big else 'int'} unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY"
    return f"{'bigserial' if big else 'serial'} PRIMARY KEY"


def _computed_member(toks: list[_Tok], at: int) -> Unread | None:
    """The call at ``toks[at]`` when its method name is computed in braces
    (``->{$type}(...)``, ``->{'string'}(...)``): PHP calls whatever method
    the expression names. None for anything else (a property, ``->engine = ...``)."""
    if at + 1 >= len(toks) or toks[at].text not in ("->", "?->") or toks[at + 1].text != "{":
        return None
    depth = 0
    for end in range(at + 1, len(toks)):
        if toks[end].text in ("{", "(", "["):
            depth += 1
        elif toks[end].text in ("}", ")", "]"):
            depth -= 1
            if depth == 0:
                if end + 1 < len(toks) and toks[end + 1].text == "(":
                    label = "".join(t.text for t in toks[at + 1 : end + 1])
                    return Unread(toks[at + 1].start, label)
                return None
    return None


def _statement(tbl: _Table, toks: list[_Tok], var: str) -> None:
    """One statement of the closure, ``$table->m(...)->...;``."""
    if len(toks) < 2 or toks[0].text != var or toks[1].text != "->":
        return
    calls, after = _chain(toks, 1)
    computed = _computed_member(toks, after)
    if computed is not None:
        # a method name the code computes, ``$table->{$type}($name)``: it
        # may make any name (trial s43 pixelfed's style), so it is not read
        tbl.unread.append(computed)
    if not calls:
        return
    head = calls[0]
    method = head.name.text
    at = head.name.start
    lit = head.literal_at(0)
    if lit is not None:
        at = lit.start
    mods = calls[1:]
    table = tbl.table
    columns: list[str] = []
    name: str | None
    if method in _NAMING and any(head.computed(k) for k in _NAMING[method]):
        # a name the code computes: Laravel uses it, not the default (trial s35 firefly-iii)
        tbl.unread.append(Unread(head.name.start, method))
        return
    if method == "id":
        name = head.string(0) or "id"
        tbl.column(at, name, _increments(tbl.mysql, True))
        return
    if method in _INCREMENTS:
        name = head.string(0)
        if name is None:
            tbl.unread.append(Unread(head.name.start, method))
            return
        tbl.column(at, name, _increments(tbl.mysql, method == "bigIncrements"))
        return
    if method in ("timestamps", "timestampsTz", "nullableTimestamps"):
        tbl.column(head.name.start, "created_at", "timestamp")
        tbl.column(head.name.start, "updated_at", "timestamp")
        return
    if method in ("softDeletes", "softDeletesTz"):
        tbl.column(at, head.string(0) or "deleted_at", "timestamp")
        return
    if method == "rememberToken":
        tbl.column(head.name.start, "remember_token", "varchar(100)")
        return
    if method in ("morphs", "nullableMorphs", "uuidMorphs", "nullableUuidMorphs"):
        base = head.string(0)
        if base is None:
            tbl.unread.append(Unread(head.name.start, method))
            return
        tbl.column(at, f"{base}_type", "varchar(255)")
        tbl.column(at, f"{base}_id", "uuid" if "uuid" in method.lower() else "bigint")
        name = head.string(1) or index_name(table, [f"{base}_type", f"{base}_id"], "index")
        tbl.index(at, name, [f"{base}_type", f"{base}_id"], False)
        return
    if method in ("index", "unique", "primary", "fullText", "spatialIndex", "foreign"):
        cols = head.strings(0)
        if cols is None:
            tbl.unread.append(Unread(head.name.start, method))
            return
        given = head.literal_at(1)
        where = given.start if given is not None else at
        if method == "primary":
            tbl.constraint(where, f"PRIMARY KEY ({', '.join(tbl.name(c) for c in cols)})")
            return
        kind = {"fullText": "fulltext", "spatialIndex": "spatialindex"}.get(method, method)
        name = head.string(1) or index_name(table, cols, kind)
        if method == "foreign":
            on = next((c.string(0) for c in mods if c.name.text == "on"), None)
            ref = next((c.strings(0) for c in mods if c.name.text == "references"), None)
            if on is None or ref is None:
                tbl.unread.append(Unread(head.name.start, method))
                return
            tbl.foreign(where, name, cols, on, ref)
            return
        tbl.index(where, name, cols, method == "unique")
        return
    if method == "renameColumn":
        old, new = head.string(0), head.string(1)
        new_lit = head.literal_at(1)
        if old is None or new is None or new_lit is None:
            tbl.unread.append(Unread(head.name.start, method))
            return
        tbl.statement(
            new_lit.start,
            f"ALTER TABLE {tbl.name(table)} RENAME COLUMN {tbl.name(old)} TO {tbl.name(new)};",
            tbl.name(new),
        )
        return
    if method == "renameIndex":
        old, new = head.string(0), head.string(1)
        new_lit = head.literal_at(1)
        if old is None or new is None or new_lit is None:
            tbl.unread.append(Unread(head.name.start, method))
            return
        sql = (
            f"ALTER TABLE {tbl.name(table)} RENAME INDEX {tbl.name(old)} TO {tbl.name(new)};"
            if tbl.mysql
            else f"ALTER INDEX {tbl.name(old)} RENAME TO {tbl.name(new)};"
        )
        tbl.statement(new_lit.start, sql, tbl.name(new))
        return
    if method == "rename" and not tbl.creating:
        # Blueprint::rename: the table renamed, as Schema::rename does
        new, new_lit = head.string(0), head.literal_at(0)
        if new is None or new_lit is None:
            tbl.unread.append(Unread(head.name.start, method))
            return
        sql = f"ALTER TABLE {tbl.name(table)} RENAME TO {tbl.name(new)};"
        tbl.statement(new_lit.start, sql, tbl.name(new))
        return
    if method in ("dropColumn", "dropColumns"):
        dropped = head.strings(0) if len(head.args) == 1 else None
        if dropped is None:
            dropped = [s for i in range(len(head.args)) if (s := head.string(i)) is not None]
        for name in dropped:
            tbl.statement(at, f"ALTER TABLE {tbl.name(table)} DROP COLUMN {tbl.name(name)};")
        return
    if method in ("dropTimestamps", "dropTimestampsTz"):
        for name in ("created_at", "updated_at"):
            tbl.statement(at, f"ALTER TABLE {tbl.name(table)} DROP COLUMN {tbl.name(name)};")
        return
    if method in _DROPS:
        _drop(tbl, head, method, at)
        return
    if method in _NAMELESS or method.startswith("drop"):
        return
    if method in _TYPES:
        name = head.string(0)
        if name is None:
            tbl.unread.append(Unread(head.name.start, method))
            return
        columns = [name]
        if any(c.name.text == "change" for c in mods):
            # a column changed in place: no new column. MySQL's grammar runs
            # `modify`, which on MariaDB drops the column's own check (a JSON
            # column's json_valid: trial s42 koel, json columns made text);
            # its index modifiers still make indexes (read below)
            if tbl.mysql:
                sql = f"ALTER TABLE {tbl.name(table)} MODIFY {tbl.name(name)} {_TYPES[method]};"
                tbl.statement(at, sql)
        else:
            tbl.column(at, name, _TYPES[method])
    else:
        tbl.unread.append(Unread(head.name.start, method))
        return
    fluent = _fluent_index(mods)
    # The column's modifiers: ->index(), ->unique(), ->primary(), ->constrained(), ->foreign...
    for call in mods:
        mod = call.name.text
        if mod in _FLUENT_INDEXES and call is not fluent:
            continue
        if mod in _MOD_NAMING and any(call.computed(k) for k in _MOD_NAMING[mod]):
            tbl.unread.append(Unread(call.name.start, mod))
            continue
        given = call.literal_at(0)
        where = given.start if given is not None else call.name.start
        if mod == "primary":  # the database names it (PostgreSQL: <table>_pkey)
            tbl.constraint(where, f"PRIMARY KEY ({tbl.name(columns[0])})")
        elif mod in ("index", "unique", "fullText", "fulltext", "spatialIndex"):
            kind = {"fullText": "fulltext", "spatialIndex": "spatialindex"}.get(mod, mod)
            name = call.string(0) or index_name(table, columns, kind)
            tbl.index(where, name, columns, mod == "unique")
        elif mod == "constrained":
            on = call.string(0)
            if on is None:
                if not columns[0].endswith("_id"):
                    tbl.unread.append(Unread(call.name.start, mod))
                    continue
                on = columns[0][:-3] + "s"  # Str::plural, the common case
            column = call.string(1) or "id"
            name = call.string(2) or index_name(table, columns, "foreign")
            named = call.literal_at(2)
            tbl.foreign(named.start if named is not None else where, name, columns, on, [column])
        elif mod == "references" and method in _FOREIGN_IDS:
            # ForeignIdColumnDefinition::references($column, $indexName):
            # Blueprint::foreign(column, name)->references(...)->on(...) (s40 G5)
            on_call = next((c for c in mods if c.name.text == "on"), None)
            fk_table = on_call.string(0) if on_call is not None else None
            fk_column = call.string(0)
            if fk_table is None or fk_column is None or call.computed(1):
                tbl.unread.append(Unread(call.name.start, mod))
                continue
            name = call.string(1) or index_name(table, columns, "foreign")
            named = call.literal_at(1)
            tbl.foreign(
                named.start if named is not None else where, name, columns, fk_table, [fk_column]
            )
        elif mod not in _MODIFIERS:
            tbl.unread.append(Unread(call.name.start, mod))


def _closure(toks: list[_Tok], at: int) -> tuple[str, int, int] | None:
    """The closure argument starting at ``toks[at]``: (its ``$table``
    variable, index of its first body token, index after its body)."""
    i = at
    if i < len(toks) and toks[i].text == "static":
        i += 1
    if i >= len(toks) or toks[i].text not in ("function", "fn"):
        return None
    arrow = toks[i].text == "fn"
    j = i + 1
    while j < len(toks) and toks[j].text != "(":
        j += 1
    params, j = _args(toks, j)
    var = next((t.text for p in params for t in p if t.text.startswith("$")), None)
    if var is None:
        return None
    if arrow:
        while j < len(toks) and toks[j].text != "=>":
            j += 1
        body = j + 1
        depth = 0
        k = body
        while k < len(toks):
            t = toks[k].text
            if toks[k].kind == "p" and t in "([{":
                depth += 1
            elif toks[k].kind == "p" and t in ")]}":
                if depth == 0:
                    break
                depth -= 1
            elif t == "," and depth == 0:
                break
            k += 1
        return var, body, k
    while j < len(toks) and toks[j].text != "{":
        j += 1
    depth = 0
    k = j
    while k < len(toks):
        if toks[k].kind == "p" and toks[k].text == "{":
            depth += 1
        elif toks[k].kind == "p" and toks[k].text == "}":
            depth -= 1
            if depth == 0:
                break
        k += 1
    return var, j + 1, k


def _paramless(toks: Sequence[_Tok]) -> bool:
    """Whether ``toks`` is a closure taking no parameter: ``[static]
    function () ...`` or ``fn () => ...``."""
    i = 1 if toks and toks[0].text == "static" else 0
    texts = [t.text for t in toks[i : i + 3]]
    return len(texts) == 3 and texts[0] in ("function", "fn") and texts[1:] == ["(", ")"]


def _uses(toks: list[_Tok], var: str) -> list[list[_Tok]]:
    """Each ``$table->...`` statement of a closure body, however nested (in
    an ``if``): its tokens up to its ``;`` (or the body's end)."""
    out: list[list[_Tok]] = []
    at = 0
    while at < len(toks):
        if toks[at].text != var or at + 1 >= len(toks) or toks[at + 1].text != "->":
            at += 1
            continue
        depth = 0
        end = at
        while end < len(toks):
            t = toks[end]
            if t.kind == "p" and t.text in "([{":
                depth += 1
            elif t.kind == "p" and t.text in ")]}":
                if depth == 0:
                    break
                depth -= 1
            elif t.text == ";" and depth == 0:
                break
            end += 1
        out.append(toks[at:end])
        at = end + 1
    return out


@dataclass
class Builder:
    """What :func:`builder_sql` found in one file."""

    #: (start, end, SQL pieces at file offsets) of each builder call rewritten.
    calls: list[tuple[int, int, list[tuple[int, str, int]]]]
    unread: list[Unread]
    #: The starts of calls whose pieces are laid out in the order given (:func:`_merged`).
    ordered: set[int] = field(default_factory=set)


def _method_body(text: str, name: str) -> tuple[int, int] | None:
    """The body span of method ``name`` of ``text`` (``function name(``)."""
    m = re.search(rf"\bfunction\s+{re.escape(name)}\s*\(", text)
    if m is None:
        return None
    toks = _tokens(text, m.end(), len(text))
    depth = 0
    begin = None
    for t in toks:
        if t.kind == "p" and t.text == "{":
            depth += 1
            if begin is None:
                begin = t.end
        elif t.kind == "p" and t.text == "}":
            depth -= 1
            if depth == 0 and begin is not None:
                return begin, t.start
    return None


#: A call of one of the class's own methods: ``$this->createAccountTables()``,
#: ``self::addFlag(...)``, ``static::``.
_THIS_CALL = lazy_compile(r"(?:\$this\s*\??->|\b(?:self|static)\s*::)\s*([A-Za-z_]\w*)\s*\(")


def _reached(text: str) -> list[tuple[int, int, int]]:
    """(start, end of what runs, end) of the bodies Laravel runs for
    ``up()``: its own and those of the class's methods it calls
    (``$this->createAccountTables()``, firefly-iii's layout), transitively,
    what runs ending after an unconditional ``return;`` (or ``throw``,
    ``exit``) at the body's own level (:func:`runs_until`); never ``down()``'s."""
    out: list[tuple[int, int, int]] = []
    todo = ["up"]
    seen = {"up", "down"}
    while todo:
        body = _method_body(text, todo.pop())
        if body is None:
            continue
        toks = _tokens(text, *body)
        ran = runs_until(toks, 0, len(toks))
        until = toks[ran - 1].end if ran < len(toks) else body[1]
        out.append((body[0], until, body[1]))
        for m in _THIS_CALL.finditer(text, body[0], until):
            if m.group(1) not in seen:
                seen.add(m.group(1))
                todo.append(m.group(1))
    return sorted(out)


def _up_bodies(text: str) -> list[tuple[int, int]]:
    """The spans Laravel runs for ``up()`` (:func:`_reached`)."""
    return [(start, until) for start, until, _end in _reached(text)]


def unrun_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``up()`` and the methods it calls that never run: after
    an unconditional ``return;`` (trial s37: their strings were judged)."""
    return [(until, end) for _start, until, end in _reached(text) if until < end]


def is_laravel_migration(path: str, text: str) -> bool:
    """Whether ``text`` at ``path`` is a Laravel migration: its class extends
    ``Illuminate\\Database\\Migrations\\Migration``, or, in a file named as
    ``make:migration`` names them, another class, with an ``up()`` using
    Laravel's ``Schema``/``DB`` facades or ``Blueprint``."""
    if not path.lower().endswith(".php"):
        return False
    head = text[:20_000]
    if _LARAVEL.search(head) is not None:
        return True
    if "Migrations" in head and _MIGRATION_CLASS in imports(head).values():
        return True  # a group import: use Illuminate\\Database\\{Migrations\\Migration, ...};
    # extending the project's own base class (`extends BaseMigration`):
    # Laravel's migrator runs the up() of whatever class the file holds, so
    # its tables were missing from the model without a word (trial s40 M1)
    return (
        _LARAVEL_FILE.search(path) is not None
        and _EXTENDS.search(head) is not None
        and _UP.search(text) is not None
        and _ILLUMINATE_SCHEMA.search(head) is not None
    )


def _bound_closure(toks: list[_Tok], var: str, before: int) -> list[_Tok] | None:
    """The closure variable ``var`` holds at ``toks[before]``: its tokens up
    to the ``;`` of ``var = function (...) {...};`` (or ``fn``), when that is
    the only write of ``var`` in ``toks`` and comes before; else None (a
    closure chosen in a branch or passed in stays unread)."""

    def written(i: int) -> bool:
        """``toks[i]`` (``var``) assigned (``=``, ``.=``...), by reference or by a ``foreach``."""
        after = [t.text for t in toks[i + 1 : i + 3]]
        return (
            after[:1] == ["="]
            or (len(after) == 2 and after[1] == "=" and after[0] in ".+-*/?|&^%")
            or (i > 0 and toks[i - 1].text in ("&", "as"))
        )

    writes = [i for i, t in enumerate(toks) if t.text == var and written(i)]
    if len(writes) != 1 or writes[0] >= before:
        return None
    at = writes[0]
    if at + 2 >= len(toks) or toks[at + 1].text != "=" or toks[at + 2].text == "=":
        return None
    depth = 0
    for end in range(at + 2, before):
        t = toks[end]
        if t.kind == "p" and t.text in "([{":
            depth += 1
        elif t.kind == "p" and t.text in ")]}":
            depth -= 1
        elif t.text == ";" and depth == 0:
            return toks[at + 2 : end]
    return None


def schema_imports(text: str) -> set[str]:
    """The names a PHP file's ``use`` declarations import the Schema facade
    as, in any of PHP's forms (``use ...\\Facades\\{DB, Schema as S};``)."""
    if "Schema" not in text:
        return set()
    return {short for short, full in imports(text).items() if full == SCHEMA_FACADE}


def _facade_named(toks: list[_Tok], text: str) -> list[_Tok]:
    """``toks`` with the Schema facade imported under another name (``use
    Illuminate\\Support\\Facades\\Schema as S;``, then ``S::create(...)``)
    spelt ``Schema``: its calls passed unread (trial s40 BookStack G6)."""
    aliases = schema_imports(text) - {"Schema"}
    if not aliases:
        return toks
    return [
        _Tok("w", "Schema", t.start, t.end)
        if t.kind == "w" and t.text in aliases and k + 1 < len(toks) and toks[k + 1].text == "::"
        else t
        for k, t in enumerate(toks)
    ]


def builder_sql(text: str, *, mysql: bool = False, span: tuple[int, int] | None = None) -> Builder:
    """The Schema builder calls of ``text``'s ``up()`` (or of the body at
    offsets ``span``: application code, :mod:`dbnamelint.laravel_app_schema`,
    whose method calls not followed are not noted) as SQL (see the module
    docstring)."""
    q = "`" if mysql else '"'
    toks, helpers = _folded(text, span)
    toks = _facade_named(toks, text)
    # $schema = Schema::connection('x'); $schema->create(...): the facade's call (s40 G1)
    toks, kept = resolved(toks, _tokens(text, 0, len(text)), _Tok)
    calls: list[tuple[int, int, list[tuple[int, str, int]]]] = []
    # a method of the class not followed: what it makes is not read (DBN013 at the call)
    unread = [Unread(at, call) for at, call in helpers] if span is None else []
    unread += [Unread(at, what) for at, what in kept]
    moved: set[int] = set()
    # A Schema:: call anywhere in up(): in an `if (!Schema::hasTable(...))`, a `try`.
    at = 0
    while at < len(toks):
        base = at
        head = toks[at].text
        at += 1
        if head != "getSchemaBuilder" and head.rsplit("\\", 1)[-1] != "Schema":
            continue
        stmt = _From(toks, base)
        # DB::connection()->getSchemaBuilder()->create(...): the same builder (trial s35)
        builder = (
            len(stmt) > 5
            and stmt[0].text == "getSchemaBuilder"
            and [t.text for t in stmt[1:4]] == ["(", ")", "->"]
        )
        if not builder and (
            len(stmt) < 4 or stmt[0].text.rsplit("\\", 1)[-1] != "Schema" or stmt[1].text != "::"
        ):
            continue
        at += 1
        i = 4 if builder else 2
        # Schema::connection('x')->create(...): the method after the connection
        if stmt[i].text == "connection" and i + 1 < len(stmt) and stmt[i + 1].text == "(":
            _, i = _args(stmt, i + 1)
            if i < len(stmt) and stmt[i].text == "->":
                i += 1
        if i + 1 >= len(stmt) or stmt[i + 1].text != "(":
            continue
        method = stmt[i]
        args, after = _args(stmt, i + 1)
        at = base + after
        start, end = stmt[0].start, stmt[after - 1].end
        if end <= start:
            # unclosed, its arguments run on into the calling code's tokens: no call
            unread.append(Unread(method.start, f"Schema::{method.text}"))
            continue
        call = _Call(method, args, end)
        name = method.text
        table = call.string(0)
        lit = call.literal_at(0)
        # whenTableHasColumn('t', 'c', fn (Blueprint $t) => ...): Laravel's
        # Schema::table('t', ...) when the check holds, read as if it does (s40 G3)
        given_at = 1 if name in ("create", "table") else 2 if name in _WHEN_TABLE else 0
        if given_at:
            if table is None or lit is None or len(args) <= given_at:
                unread.append(Unread(method.start, f"Schema::{name}"))
                continue
            # the closure: the second argument's tokens, or the one a
            # variable holds (BookStack's `$addColumn = fn (Blueprint $t) => ...;`)
            given = args[given_at]
            if len(given) == 1 and given[0].text.startswith("$"):
                given = _bound_closure(toks, given[0].text, base) or given
            closure = _closure(given, 0)
            if closure is None and name != "create" and _paramless(given):
                # Schema::table('songs', function () { DB::table(...)->update(...); }):
                # no Blueprint reaches the body, so the call makes no name; what
                # the body runs is read as written (trial s42 koel)
                at = base + i + 2
                continue
            if closure is None:
                unread.append(Unread(method.start, f"Schema::{name}"))
                continue
            var, b0, b1 = closure
            tbl = _Table(table, q, name == "create", lit.start, mysql)
            inner = given[b0:b1]
            for piece in _uses(inner, var):
                _statement(tbl, piece, var)
            tbl.finish(end)
            if tbl.creating and tbl.first:
                # no column read: a CREATE TABLE of none is no SQL the databases take
                tbl.out.pieces[-1:] = [(end, "x int);", 0)]
            # a Blueprint passed to a helper: what it makes is laid in the
            # call, in the order made (a CREATE TABLE's pieces stay in order)
            inside = [(min(max(a, start), end), sql, n) for a, sql, n in tbl.out.pieces]
            if inside != tbl.out.pieces:
                moved.add(start)
            calls.append((start, end, inside))
            unread += tbl.unread
        elif name == "rename":
            new = call.string(1)
            new_lit = call.literal_at(1)
            if table is None or new is None or new_lit is None:
                unread.append(Unread(method.start, "Schema::rename"))
                continue
            sql = f"ALTER TABLE {q}{table}{q} RENAME TO {q}{new}{q};"
            calls.append((start, end, [(new_lit.start, sql, sql.rfind(f"{q}{new}{q}"))]))
        elif name in ("drop", "dropIfExists"):
            if table is not None:
                exists = " IF EXISTS" if name == "dropIfExists" else ""
                calls.append((start, end, [(start, f"DROP TABLE{exists} {q}{table}{q};", 0)]))
        else:
            # what its arguments run is read: withoutForeignKeyConstraints(fn
            # () => Schema::create(...)) hid the calls in its closure (s40 G2)
            at = base + i + 2
            if not name.startswith(_SCHEMA_NAMELESS):
                unread.append(Unread(method.start, f"Schema::{name}"))
    done = _merged(calls, unread)
    done.ordered |= moved
    return done


def _merged(
    calls: list[tuple[int, int, list[tuple[int, str, int]]]], unread: list[Unread]
) -> Builder:
    """``calls`` with those of one span (a call in an unrolled loop, once per
    item) made one, each item's SQL after the one before (``ordered``: a
    ``CREATE TABLE``'s pieces must stay together); ``unread`` without repeats."""
    spans: dict[tuple[int, int], list[tuple[int, str, int]]] = {}
    ordered: set[int] = set()
    for start, end, pieces in calls:
        if (start, end) in spans:
            if any(sql.startswith("CREATE TABLE") for _, sql, _ in pieces):
                ordered.add(start)
            spans[(start, end)] += pieces
        else:
            spans[(start, end)] = list(pieces)
    seen: set[tuple[int, str, str]] = set()
    once = []
    for one in unread:
        if (one.start, one.call, one.why) not in seen:
            seen.add((one.start, one.call, one.why))
            once.append(one)
    return Builder([(a, b, p) for (a, b), p in spans.items()], once, ordered)


#: The lead of an ALTER TABLE adding the item whose name follows (a builder's
#: alter, one statement per item).
_ADD_LEAD = lazy_compile(r"alter table \S+ add(?: column)? ")


def layout(
    text: str,
    start: int,
    end: int,
    pieces: list[tuple[int, str, int]],
    prefix: int = 15,
    *,
    in_order: bool = False,
) -> str:
    """The SQL ``pieces`` laid out over ``text[start:end]``'s lines: each at
    its offset's line, its name (at the piece's third item) at the offset's
    column when the line leaves room, the span's
    line breaks kept (no ``'`` or ``\\`` in the SQL: names from literals
    hold none the gate reads). ``prefix``: the length of what opens the
    string at ``start`` (``DB::statement('``; Kysely's ``sql```). Pieces go
    by offset, or with ``in_order`` as given (Doctrine's: a piece for an
    earlier line then follows the one before it)."""
    line_start = text.rfind("\n", 0, start) + 1
    out: list[str] = []
    col = start - line_start + prefix
    line = 0
    for at, piece, name_at in pieces if in_order else sorted(pieces, key=lambda p: p[0]):
        sql, anchor = piece, name_at
        want_line = text.count("\n", start, max(at, start))
        at_line = text.rfind("\n", 0, at) + 1
        head = sql[:anchor]
        cut = max(head.rfind(", "), head.rfind("; "))
        if line < want_line and anchor > at - at_line and cut >= 0:
            # the SQL before the name does not fit before it on its line: up to its
            # last item (`, `/`; `) it ends the line it follows (what a `.primary()`
            # there made), so the name keeps its own line; the item it opens (a
            # constraint whose columns these are) stays on the name's line when it fits
            moved = head[: cut + 2]
            if len(head) - len(moved) > at - at_line and _ADD_LEAD.fullmatch(head, cut + 2):
                # what is left, `alter table "t" add column ` before the column it adds,
                # does not fit either: all of it ends the line before, so the name
                # keeps its column (a constraint's keywords stay on its columns' line)
                moved = head
            if out and not out[-1].endswith((" ", "\n", "(")):
                out.append(" ")
            out.append(moved)
            col += len(moved)
            sql, anchor = sql[len(moved) :], anchor - len(moved)
        while line < want_line:
            out.append("\n")
            line += 1
            col = 0
        want_col = at - at_line - anchor
        if line == want_line and want_col > col:
            out.append(" " * (want_col - col))
            col = want_col
        elif out and not out[-1].endswith((" ", "\n", "(")):
            out.append(" ")
            col += 1
        out.append(sql)
        col += len(sql)
    total = text.count("\n", start, end)
    while line < total:
        out.append("\n")
        line += 1
    return "".join(out)


def shadow_text(path: str, text: str, *, mysql: bool = False) -> tuple[str, list[Unread]]:
    """``text`` with each Schema builder call of a Laravel migration's
    ``up()`` as a ``DB::statement('<SQL>')`` (same line count), and the
    calls not read; ``text`` itself for other files."""
    if not is_laravel_migration(path, text):
        return text, []
    found = builder_sql(text, mysql=mysql)
    return as_statements(text, found), found.unread


def as_statements(text: str, found: Builder) -> str:
    """``text`` with each builder call of ``found`` laid out as a
    ``DB::statement('<SQL>')`` in its place (same line count)."""
    out = text
    # last call first, so the earlier calls' offsets still hold
    for start, end, pieces in sorted(found.calls, key=lambda c: -c[0]):
        laid = layout(text, start, end, pieces, in_order=start in found.ordered)
        sql = laid.replace("\\", "\\\\").replace("'", "\\'")
        out = out[:start] + "DB::statement('" + sql + "')" + out[end:]
    return out


def forward_code(path: str, text: str, unrun: bool = False) -> list[tuple[str, int]] | None:
    """What Laravel (or doctrine/migrations) runs of migration ``text``
    forward, as (token, offset): its PHP tokens, comments left out, a
    string's spaces collapsed (a builder call laid out anew by
    :func:`shadow_text` is the same call), ``down()``'s body (the rollback)
    left out (of a Doctrine migration, all but ``up()``, the methods it
    calls, ``preUp()`` and ``postUp()``); None for a file that is neither a
    Laravel nor a Doctrine migration. An applied migration whose forward
    code changes is edited, wherever the change is: in a builder call the gate reads, or in
    code it does not (a loop's body, the array it runs over, a ``sprintf``'s
    arguments: trial s35 firefly-iii, where such edits passed). What follows
    an unconditional ``return;`` never runs: left out unless ``unrun``."""
    ran: list[tuple[int, int]] | None = None  # None: the whole file
    if is_laravel_migration(path, text):
        down = _method_body(text, "down")
        skipped = [down] if down is not None else []
    else:
        # a Doctrine migration alike, but only what runs forward: up(), the
        # methods it calls, preUp() and postUp() (doctrine/migrations records
        # the version as applied; getDescription() runs nothing): trial s39
        # wallabag, an edit of a Schema API call it does not read passed
        from dbnamelint.doctrine_schema import is_doctrine_migration

        if not is_doctrine_migration(path, text):
            return None
        skipped = []
        hooks = [b for n in ("preUp", "postUp") if (b := _method_body(text, n))]
        ran = [*((a, b) for a, _u, b in _reached(text)), *hooks]
    # what follows up()'s unconditional `return;` never runs: no edit (s38 G3)
    skipped += [] if unrun else unrun_spans(text)
    out: list[tuple[str, int]] = []
    for tok in _tokens(text, 0, len(text)):
        if any(a <= tok.start < b for a, b in skipped):
            continue
        if ran is not None and not any(a <= tok.start < b for a, b in ran):
            continue
        shown = " ".join(tok.text.split()) if tok.kind == "s" else tok.text
        out.append((shown, tok.start))
    return out


#: The ``DB::`` methods that run their one argument as SQL.
_RUNS_SQL = frozenset({"statement", "unprepared"})


def statement_values(path: str, text: str) -> dict[int, list[str | None]]:
    """Per offset of a string literal's opening quote: the SQL each
    ``DB::statement(...)``/``DB::unprepared(...)`` that ``up()`` runs with it
    (its own, or a helper method's it calls with literal arguments:
    ``$this->addAudit('BadTable')`` of ``DB::statement("CREATE TABLE
    {$table}_audit ...")``; once per call or loop pass) computes, None where
    the argument is not one known string (s38 G4). {} for a file that is no
    Laravel migration."""
    if not is_laravel_migration(path, text) or "DB" not in text:
        return {}
    toks, _unread = _folded(text)
    out: dict[int, list[str | None]] = {}
    for i in range(len(toks) - 3):
        if not (
            toks[i].text.rsplit("\\", 1)[-1] == "DB"
            and toks[i + 1].text == "::"
            and toks[i + 2].text in _RUNS_SQL
            and toks[i + 3].text == "("
        ):
            continue
        args, _after = _args(toks, i + 3)
        if not args or not args[0]:
            continue
        first = args[0][0]
        value = _literal(first) if len(args[0]) == 1 else None
        out.setdefault(first.start, []).append(value)
    return out
