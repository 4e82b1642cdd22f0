"""Kysely's table and reference strings, and SQL tagged templates, in JavaScript/TypeScript.

Kysely (kysely.dev) names tables and columns in plain strings that it
quotes itself when it compiles the query: ``.selectFrom('Envelope')``,
``.innerJoin('Team as t', 't.id', 'Envelope.teamId')``,
``.where('Envelope.status', '=', v)``, ``.whereRef('Recipient.envelopeId',
'=', 'Envelope.id')``, ``.select(['Envelope.id', 'Envelope.title as t'])``,
``fn.count('Recipient.email')``, ``fn('DATE_TRUNC', [sql.lit('MONTH'),
'Envelope.createdAt'])`` and an expression builder's ``eb('Envelope.userId',
'=', id)``. The table part of such a string is the database's table name
(prisma-kysely keys its ``DB`` type by a model's ``@@map`` name, not the
model's): once the table is renamed, every one of them must say the new name.
A string is read so only in a file that uses Kysely (a
``selectFrom``/``insertInto``/``updateTable``/``deleteFrom`` call, or an
import of ``kysely``), only as the argument a Kysely method takes a table or
a reference in, and only when its shape is one (``T``, ``T as a``,
``T.col``, ``T.*``, ``T.col as a``, each with an optional ``schema.``); a
qualifier the file also uses as an alias (``'Team as Envelope'``) is not
read as the table. The name is compared as Kysely sends it: quoted, exact.

A tagged template whose tag is SQL's (Kysely's and Drizzle's ``sql``,
slonik's and postgres.js' ``sql``, ``Prisma.sql``, ``prisma.$queryRaw`` and
``$executeRaw``) is SQL whatever it reads as: ``sql`"Envelope"."type" =
${t}::"EnvelopeType"``` is a condition with no statement around it. Its
tables are those the Kysely chains around it name (``.selectFrom('Envelope')
... .where(() => sql`...`)``, a builder variable's chain: ``qb =
db.selectFrom('Envelope')`` then ``qb.where(() => sql`...`)``), so a
qualifier naming one of them is that table. Reads text only.
"""

from __future__ import annotations

import re
from typing import Literal

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact import jstemplates
from dbnamelint.impact.gormconv import Clause, chain, mask

#: Context labels of the strings read here.
TABLE_LABEL = "Kysely table call"
REFERENCE_LABEL = "Kysely reference"
TYPE_LABEL = "Kysely builder type"
#: A shorthand property of a ``.values``/``.set`` object (``{ createdAt }``): ``--diff``
#: writes the key and keeps the variable (``created_at: createdAt``).
SHORTHAND_LABEL = "Kysely value key (shorthand)"
#: A column reference ``--diff`` renames and aliases back (see :meth:`KyselyFile.returns_key`);
#: written for ``CamelCasePlugin``, in its camelCase spelling.
ALIASED_LABEL = "Kysely reference (aliased back)"
CAMEL_ALIASED_LABEL = "Kysely CamelCasePlugin name (aliased back)"

_SUFFIXES = (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts")
#: What says a file uses Kysely: a query's opening call, or an import of it; the
#: words are looked for first, as plain text (most files hold none of them).
_WORDS = ("selectFrom", "insertInto", "updateTable", "deleteFrom", "replaceInto", "mergeInto")
_USES = lazy_compile(
    r"\.\s*(?:selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\s*\("
    r"|\bfrom\s+['\"]kysely['\"]|\brequire\(\s*['\"]kysely['\"]\s*\)"
)

#: A JavaScript identifier (``\w`` is Unicode's: no wide character range to compile).
_IDENT = r"(?:[^\W\d]|\$)[\w$]*"
#: A table string: ``T``, ``schema.T``, either ``as alias``.
_TABLE = lazy_compile(
    rf"(?:(?P<schema>{_IDENT})\.)?(?P<table>{_IDENT})(?:\s+as\s+(?P<alias>{_IDENT}))?"
)
#: A reference string: ``T.col``, ``T.*``, ``schema.T.col``, ``T.col as alias``; in a
#: template, the column may be filled in (```T.${column}```).
_REFERENCE = lazy_compile(
    rf"(?:(?P<schema>{_IDENT})\.)?(?P<table>{_IDENT})\.(?P<column>{_IDENT}|\*|\$\{{[^{{}}`]*\}})"
    rf"(?:\s+as\s+{_IDENT})?"
)

#: Methods whose first argument (or the strings of an array there) is a table.
_TABLE_CALLS = frozenset(
    {
        "selectFrom",
        "insertInto",
        "replaceInto",
        "updateTable",
        "deleteFrom",
        "mergeInto",
        "innerJoin",
        "leftJoin",
        "rightJoin",
        "fullJoin",
        "crossJoin",
        "using",
        "selectAll",
    }
)
#: Methods taking a reference as their first argument (a value follows).
_FIRST = frozenset(
    {
        "where",
        "orWhere",
        "having",
        "orHaving",
        "on",
        "orOn",
        "ref",
        "count",
        "sum",
        "avg",
        "min",
        "max",
        "between",
        "betweenSymmetric",
        "cmpr",
    }
)
#: Methods comparing two references: the first and third arguments.
_BOTH = frozenset({"whereRef", "orWhereRef", "havingRef", "onRef", "orOnRef"})
#: Joins: the table, then the two references of the condition.
_JOINS = frozenset({"innerJoin", "leftJoin", "rightJoin", "fullJoin"})
#: Methods whose every string argument (or array element) is a reference.
_ALL = frozenset(
    {
        "select",
        "distinctOn",
        "orderBy",
        "groupBy",
        "returning",
        "column",
        "columns",
        "partitionBy",
        "coalesce",
    }
)
#: Methods taking an object whose keys are columns (an array of them for ``values``).
_VALUE_CALLS = frozenset({"values", "set", "doUpdateSet"})
#: The colon after an object's key (not TypeScript's ``::``, nor ``?:``'s).
_KEY_COLON = lazy_compile(r"\s*:(?!:)")
#: What follows a shorthand property (``{ id, createdAt }``): its value is a variable.
_SHORTHAND_END = lazy_compile(r"\s*[,}]")
#: Methods whose references are the query's result columns, keyed by the column's name.
_RETURNED = frozenset({"select", "returning"})
_AS = lazy_compile(r"\s+as\s+")
#: Function calls whose second argument is an array of references: ``fn('f', [...])``.
_FUNCTIONS = frozenset({"fn", "agg"})
#: A builder type's type arguments after the database's (``ExpressionBuilder<DB, 'T'>``,
#: ``UpdateQueryBuilder<DB, 'T', 'T', R>``), up to the string read: its tables.
_TYPE_ARGUMENTS = lazy_compile(
    rf"\b(?:Select|Insert|Update|Delete|Merge)?(?:QueryBuilder|ExpressionBuilder)\s*<\s*"
    rf"{_IDENT}\s*,(?:\s*(?:'[^'\n]*'|\"[^\"\n]*\"|{_IDENT})\s*[|,])*\s*$"
)
_COMMA = lazy_compile(r"\s*,\s*")
#: The operator an expression builder's call takes second: ``eb('T.c', '=', v)``.
_OPERATOR = lazy_compile(
    r"(?i)[=<>!~@^&|?#*+/%-]{1,4}"
    r"|(?:not\s+)?(?:in|like|ilike|match|regexp|similar\s+to)"
    r"|is(?:\s+not)?(?:\s+distinct\s+from)?"
)

_STRING = lazy_compile(r"""'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\\n])*`""")
#: The function or method before a call's ``(``: ``.where``, ``eb``, ``fn<Date>``, ``sql.table``.
_CALLEE = lazy_compile(
    rf"(?:(?:(?P<receiver>{_IDENT})\s*)?(?P<dot>\.)\s*)?(?P<name>{_IDENT})\s*(?:<[^()]*>\s*)?$"
)
#: How far back an enclosing call is looked for (characters).
_REACH = 3000

Part = Literal["table", "column"]


class Site(Struct, frozen=True):
    """A name in a Kysely string: the table (of a table or reference string),
    or a reference's column with its table as written (None: not known)."""

    part: Part
    label: str
    table: str | None = None


class _Call(Struct, frozen=True):
    name: str
    method: bool  # called as ``.name(``
    receiver: str  # the name before ``.name(`` (``sql`` of ``sql.table(``), or ""
    argument: int  # which argument (0-based) holds the string
    in_array: bool  # the string is an element of an array literal that argument is
    after: int  # offset just after the string


class KyselyFile:
    """A JavaScript/TypeScript file that uses Kysely, read lazily per name found."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._masked = mask(text)
        self._aliases: dict[str, str | None] | None = None

    @classmethod
    def parse(cls, path: str, text: str) -> KyselyFile | None:
        """The file's reading, or None when it is no JavaScript/TypeScript using Kysely."""
        if not path.lower().endswith(_SUFFIXES):
            return None
        if not any(w in text for w in _WORDS) and "kysely" not in text:
            return None
        if _USES.search(text) is None:
            return None
        return cls(text)

    def site(self, at: int, end: int) -> Site | None:
        """What the name at ``text[at:end]`` is, when a Kysely string holds it, else None."""
        opening, closing = self._string(at)
        if opening < 0 or (opening == at - 1 and closing == end):
            key = self._value_key(at, end, quoted=opening >= 0)
            if key is not None or opening < 0:
                return key
        content = self._text[opening + 1 : closing]
        filled = "${" in content and self._text[opening] == "`"
        lo, hi = at - opening - 1, end - opening - 1
        table = _TABLE.fullmatch(content)
        if (
            table is not None
            and table.group("alias") is None
            and (table.start("table"), table.end("table")) == (lo, hi)
            and _TYPE_ARGUMENTS.search(self._masked, max(0, opening - 300), opening)
        ):
            return Site("table", TYPE_LABEL)  # the builder's table, in TypeScript's types
        call = self._call(opening)
        if call is None:
            return None
        if table is not None and not filled and self._takes_table(call):
            if (table.start("table"), table.end("table")) == (lo, hi):
                return Site("table", TABLE_LABEL)
            return None
        reference = _REFERENCE.fullmatch(content)
        if reference is None and table is not None and table.group("schema") is None:
            # A bare column (``.select(['id', 'avatarColor'])``, ``.where('id', ...)``):
            # Kysely resolves it among the query's tables (its ``SelectExpression``
            # / ``ReferenceExpression`` types: a column of any table the query's
            # ``selectFrom``/joins name), so it is that table's when the chain
            # names one table, else a column whose table is not known.
            if filled or (table.start("table"), table.end("table")) != (lo, hi):
                return None
            # (the first argument only: ``orderBy('a', 'desc')``'s second is a direction)
            if call.argument != 0 or not self._takes_reference(call):
                return None
            tables = self._chain_tables(opening)
            owner = next(iter(tables)) if len(tables) == 1 else None
            return Site("column", REFERENCE_LABEL, owner)
        if reference is None or not self._takes_reference(call):
            return None
        qualifier = reference.group("table")
        aliases = self.aliases()
        if (reference.start("table"), reference.end("table")) == (lo, hi):
            return None if qualifier in aliases else Site("table", REFERENCE_LABEL)
        if (reference.start("column"), reference.end("column")) == (lo, hi):
            owner = aliases.get(qualifier, qualifier)
            return Site("column", REFERENCE_LABEL, owner)
        return None

    def _value_key(self, at: int, end: int, *, quoted: bool) -> Site | None:
        """The column a key of the object ``.values``/``.set``/``.doUpdateSet``
        takes names (``.values({ createdAt: d })``, ``'createdAt': d``, a
        shorthand ``{ createdAt }``, each object of ``.values([...])``): Kysely
        sends the keys as the columns of the chain's table (``insertInto('T')``,
        ``updateTable('T')``), so a renamed column's key fails the insert
        (trial s40). None for any other word, a nested object's key, or a
        chain naming no table."""
        masked = self._masked
        after = end + 1 if quoted else end
        shorthand = not quoted and _SHORTHAND_END.match(masked, after) is not None
        if not shorthand and not _KEY_COLON.match(masked, after):
            return None
        before = at - 1 if quoted else at
        i = before - 1
        while i >= 0 and masked[i].isspace():
            i -= 1
        if i < 0 or masked[i] not in "{,":
            return None
        depth, brace, bracket = 0, -1, False
        for j in range(i if masked[i] == "{" else i - 1, max(-1, at - _REACH), -1):
            char = masked[j]
            if char in ")]}":
                depth += 1
            elif char in "([{":
                if depth:
                    depth -= 1
                elif char == "{" and brace < 0:
                    brace = j
                elif char == "[" and brace >= 0 and not bracket:
                    bracket = True
                elif char == "(" and brace >= 0:
                    callee = _CALLEE.search(masked, max(0, j - 200), j)
                    if callee is None or not callee.group("dot"):
                        return None
                    if callee.group("name") not in _VALUE_CALLS:
                        return None
                    if bracket and callee.group("name") != "values":
                        return None
                    tables = self._chain_tables(j + 1)
                    if not tables and callee.group("name") == "doUpdateSet":
                        # onConflict((oc) => oc.doUpdateSet({...})): the insert's table
                        tables = set(_around(self._text, masked, j + 1))
                    if not tables:
                        return None
                    owner = next(iter(tables)) if len(tables) == 1 else None
                    return Site("column", SHORTHAND_LABEL if shorthand else REFERENCE_LABEL, owner)
                else:
                    return None
            elif char == ";" and not depth:
                return None
        return None

    def returns_key(self, at: int, end: int) -> bool:
        """Whether the column named at ``text[at:end]`` ends a string that
        ``.select``/``.returning`` takes with no ``as`` alias (``'t.createdAt'``,
        ``'createdAt'``): Kysely returns it under the column's name, so once the
        column is renamed the row's key changes unless the string aliases it
        back (``'t.created_at as createdAt'``; trial s40 documenso, whose
        ``teams as TeamInsights[]`` read ``createdAt``)."""
        opening, closing = self._string(at)
        if opening < 0 or end != closing:
            return False
        content = self._text[opening + 1 : closing]
        if "${" in content or _AS.search(content):
            return False
        call = self._call(opening)
        return call is not None and call.method and call.name in _RETURNED

    def _chain_tables(self, opening: int) -> set[str]:
        """The tables (folded) the query chain whose call holds the string
        opening at ``opening`` names (not an enclosing query's)."""
        opened = _enclosing_method(self._masked, opening)
        if opened is None:
            return set()
        dot, paren = opened
        lo, hi = chain(self._masked, dot, paren + 1)
        return _chain_tables(self._text, self._masked, lo, hi)

    def aliases(self) -> dict[str, str | None]:
        """Per alias the file's table strings give (``'Team as t'``), its table
        (None when the file aliases two tables so)."""
        if self._aliases is None:
            found: dict[str, str | None] = {}
            for m in _STRING.finditer(self._text):
                if self._masked[m.start()] != m.group()[0]:
                    continue  # inside a comment or another string
                table = _TABLE.fullmatch(m.group()[1:-1])
                if table is None or table.group("alias") is None:
                    continue
                call = self._call(m.start())
                if call is None or not self._takes_table(call):
                    continue
                alias, name = table.group("alias"), table.group("table")
                found[alias] = name if found.get(alias, name) == name else None
            self._aliases = found
        return self._aliases

    def _string(self, at: int) -> tuple[int, int]:
        """(opening, closing quote) of the one-line string literal holding ``at``,
        or (-1, -1)."""
        line_start = self._text.rfind("\n", 0, at) + 1
        line_end = self._text.find("\n", at)
        line_end = len(self._text) if line_end < 0 else line_end
        for m in _STRING.finditer(self._text, line_start, line_end):
            if m.start() < at < m.end() - 1:
                if self._masked[m.start()] != m.group()[0]:
                    return -1, -1  # a quote inside a comment or another string
                return m.start(), m.end() - 1
            if m.start() >= at:
                break
        return -1, -1

    def _call(self, opening: int) -> _Call | None:
        """The call whose argument (or an array element of one) the string opening at
        ``opening`` is; None when an object, a block or nothing encloses it first."""
        masked = self._masked
        depth, commas, in_array = 0, 0, False
        for i in range(opening - 1, max(-1, opening - _REACH), -1):
            char = masked[i]
            if char in ")]}":
                depth += 1
            elif char in "([{":
                if depth:
                    depth -= 1
                    continue
                if char == "{" or (char == "[" and in_array):
                    return None  # an object's value, or an array in an array
                if char == "[":
                    in_array, commas = True, 0  # now count the arguments before the array
                    continue
                callee = _CALLEE.search(masked, max(0, i - 200), i)
                if callee is None:
                    return None
                return _Call(
                    callee.group("name"),
                    bool(callee.group("dot")),
                    callee.group("receiver") or "",
                    commas,
                    in_array,
                    self._close(opening),
                )
            elif char == "," and not depth:
                commas += 1
            elif char == ";" and not depth:
                return None
        return None

    def _close(self, opening: int) -> int:
        found = _STRING.match(self._text, opening)
        return found.end() if found else opening + 1

    @staticmethod
    def _takes_table(call: _Call) -> bool:
        if call.argument != 0:
            return False
        if not call.method:
            # an expression builder's, destructured (trial s39 docmost):
            # .where(({ exists, selectFrom }) => exists(selectFrom('T')...))
            return call.name == "selectFrom" and not call.in_array
        if call.name == "table":
            return call.receiver == "sql" and not call.in_array  # sql.table('T')
        return call.name in _TABLE_CALLS and (not call.in_array or call.name == "selectFrom")

    def _takes_reference(self, call: _Call) -> bool:
        name, arg = call.name, call.argument
        if call.method:
            if name in _ALL:
                return True
            if name in _BOTH:
                return arg in (0, 2) and not call.in_array
            if name in _JOINS:
                return arg in (1, 2) and not call.in_array
            if name in _FIRST and arg == 0 and not call.in_array:
                return True
        if name in _FUNCTIONS:
            return arg == 1 and call.in_array
        # An expression builder called as a function: eb('T.col', '=', value).
        return arg == 0 and not call.in_array and self._operator_follows(call.after)

    def _operator_follows(self, at: int) -> bool:
        """Whether the argument after the string ending at ``at`` is an operator string."""
        gap = _COMMA.match(self._text, at)
        if gap is None:
            return False
        found = _STRING.match(self._text, gap.end())
        return found is not None and _OPERATOR.fullmatch(found.group()[1:-1]) is not None


#: A tag that makes its template SQL: ``sql`...```, ``Prisma.sql`...```,
#: ``prisma.$queryRaw<T>`...```, ``tx.$executeRaw`...```, slonik's ``sql.fragment`...```.
_TAG = lazy_compile(
    r"(?:(?<![\w$])sql(?:\s*\.\s*(?:fragment|unsafe))?|\$queryRaw|\$executeRaw)"
    r"\s*(?:<[^`;]*?>\s*)?`"
)
#: A table string as a Kysely table call's first argument (an alias makes the table
#: no qualifier of the query: ``'Envelope as e'`` then ``e.id``).
_TABLE_CALL = lazy_compile(
    r"\.\s*(?:" + "|".join(sorted(_TABLE_CALLS)) + r")\s*\(\s*(?P<literal>'[^'\n]*'|\"[^\"\n]*\")"
)
_METHOD_BEFORE = lazy_compile(rf"\.\s*{_IDENT}\s*(?:<[^()]*>\s*)?$")
_METHOD_CALL = lazy_compile(rf"\.\s*{_IDENT}\s*(?:<[^()]*>\s*)?\(")
#: The builder variable a chain starts from: ``qb`` of ``qb.where(...)``.
_RECEIVER = lazy_compile(rf"({_IDENT})\s*\.")
#: How many enclosing chains (a subquery's, its query's...) and builder
#: variables' assignments (``qb = qb.where(...)`` once per filter) are followed.
_LEVELS = 64


def sql_templates(path: str, text: str) -> list[Clause]:
    """Each SQL-tagged template literal of a JavaScript/TypeScript file (its
    content's offsets), with the tables the Kysely chains around it name
    (folded; empty when none)."""
    if not path.lower().endswith(_SUFFIXES) or "`" not in text:
        return []
    if "sql" not in text and "Raw" not in text:
        return []
    tags = list(_TAG.finditer(text))
    if not tags:
        return []
    masked = mask(text)
    # Each template's end by its opening backtick; one nested in another's
    # hole is a literal of its own (a tick in a comment or string opens none).
    templates = {a: b for a, b in jstemplates.literals(text) if text[a] == "`"}
    out: list[Clause] = []
    for tag in tags:
        tick = tag.end() - 1
        end = templates.get(tick)
        if end is None or text[end - 1] != "`" or end - 1 == tick:
            continue  # in a comment or a string, or never closed
        tables = _around(text, masked, tag.start()) or _where_used(text, masked, tag.start(), end)
        out.append(Clause(tick + 1, end - 1, tables))
    return out


#: A variable a template initializes: ``const total = `` before ``sql`...```.
_INITIALIZED = lazy_compile(rf"(?:const|let|var)\s+({_IDENT})(?:\s*:[^=;]*)?\s*=\s*$")


def _where_used(text: str, masked: str, tag: int, end: int) -> frozenset[str]:
    """The tables (folded) the Kysely chains name where the variable a template
    initializes is used (``const total = sql`"Stat"."a" + "Stat"."b"` ``, then
    ``db.selectFrom('Stat').orderBy(total)``): the fragment is compiled into
    those queries, so its qualifiers are their tables (trial s40 documenso's
    ``totalCountExpression``). Empty when it initializes none, or no use is in a
    chain that names a table."""
    named = _INITIALIZED.search(masked, max(0, tag - 200), tag)
    if named is None:
        return frozenset()
    use = re.compile(rf"(?<![\w$.]){re.escape(named.group(1))}(?![\w$])")
    tables: set[str] = set()
    for found in use.finditer(masked, end):
        tables |= _around(text, masked, found.start())
    return frozenset(tables)


def _around(text: str, masked: str, at: int) -> frozenset[str]:
    """The tables (folded) the Kysely chains enclosing offset ``at`` name."""
    tables: set[str] = set()
    for _ in range(_LEVELS):
        opened = _enclosing_method(masked, at)
        if opened is None:
            break
        dot, paren = opened
        lo, hi = chain(masked, dot, paren + 1)
        tables |= _chain_tables(text, masked, lo, hi)
        at = lo
    return frozenset(tables)


def _enclosing_method(masked: str, at: int) -> tuple[int, int] | None:
    """(dot, opening parenthesis) of the ``.method(`` call whose parentheses hold
    ``at`` (through arrow functions' bodies and arrays), or None."""
    depth = 0
    for i in range(at - 1, max(-1, at - 4 * _REACH), -1):
        char = masked[i]
        if char in ")]}":
            depth += 1
        elif char in "([{":
            if depth:
                depth -= 1
            elif char == "(":
                found = _METHOD_BEFORE.search(masked, max(0, i - 200), i)
                if found is not None:
                    return found.start(), i
    return None


def _chain_tables(text: str, masked: str, lo: int, hi: int, depth: int = 0) -> set[str]:
    """The tables (folded) a chain's table calls name without an alias; a chain
    on a builder variable (``qb.where(...)``) adds those of the variable's last
    assignment before it (``let qb = db.selectFrom('t')``, ``qb = qb.where(...)``)."""
    tables: set[str] = set()
    for named in _TABLE_CALL.finditer(text, lo, hi):
        if masked[named.start()] != ".":
            continue
        table = _TABLE.fullmatch(named.group("literal")[1:-1])
        if table is not None and table.group("alias") is None:
            tables.add(table.group("table").casefold())
    receiver = _RECEIVER.match(masked, lo, hi)
    if tables or receiver is None or depth >= _LEVELS:
        return tables
    assignment = re.compile(rf"(?<![\w$.]){re.escape(receiver.group(1))}\s*=(?![=>])\s*")
    assigned = [m for m in assignment.finditer(masked, 0, lo) if m.end() < lo]
    if not assigned:
        return tables
    start = assigned[-1].end()
    call = _METHOD_CALL.search(masked, start, lo)
    if call is None or ";" in masked[start : call.start()]:
        return tables
    inner_lo, inner_hi = chain(masked, call.start(), call.end())
    return _chain_tables(text, masked, inner_lo, inner_hi, depth + 1)
