"""The column strings of squirrel query chains, however gofmt lays them out.

squirrel (github.com/Masterminds/squirrel) builds a statement from a chain:
``sq.Insert("changelog").Columns("store", "_user")``,
``sq.Select("store", "_user").From("changelog")``, ``sq.Update("t").Set("c",
v).Where(sq.Eq{"id": id})``. The strings its column methods take are SQL
pieces with no statement around them: column names or expressions
(``Select``/``Columns``/``OrderBy``/``GroupBy``), a ``Set``'s first argument,
the keys of a ``SetMap`` map and of ``sq.Eq{...}``-style predicates, and the
SQL of ``Where``/``Having``/``Suffix``/``Prefix``/``Expr``. Such a string is
SQL whatever it reads as, and its tables are those the chain names
(``Insert``/``Into``/``Update``/``Delete``/``From``/``Join``...), wherever
gofmt breaks the chain's lines; so are its aliases (``.From("t AS x")``,
``.Join("t x ON x.id = ...")``), which another string of the chain uses
(``.Select("x.col")``): squirrel writes the strings into one statement.
The table calls' tables are where :func:`table_sites` says (each item of a
``From`` list, ``Replace``'s too). Only in Go files that import squirrel.
Reads text only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.buildertables import TableItem, call_root, table_items
from dbnamelint.impact.goconsts import resolve
from dbnamelint.impact.gormconv import Clause, chain, closing, mask
from dbnamelint.impact.gotablecalls import arguments
from dbnamelint.impact.modpaths import go_imports, go_std_packages
from dbnamelint.impact.sqlscope import NOT_ALIAS, WriteForm

_IMPORTS = frozenset({"github.com/Masterminds/squirrel", "github.com/masterminds/squirrel"})

_LITERAL = r"""(?:"(?:\\.|[^"\\\n])*"|`[^`]*`)"""
_LITERAL_RE = lazy_compile(_LITERAL)
#: Calls whose string arguments are all column SQL (squirrel's SelectBuilder,
#: InsertBuilder, UpdateBuilder...), and those whose first argument only is.
_ALL_ARGS = frozenset({"Select", "Columns", "Column", "OrderBy", "GroupBy", "Options"})
_FIRST_ARG = frozenset({"Where", "Having", "Suffix", "Prefix", "Expr", "Set", "OrderByClause"})
_CALL = lazy_compile(r"\.\s*(?P<name>[A-Z]\w*)\s*\(")
#: Calls naming the chain's table: the name opens the string (``"t AS x"``,
#: ``"t ON t.id = u.t_id"``).
_TABLE_CALLS = frozenset(
    {
        "Insert",
        "Replace",
        "Into",
        "Update",
        "Delete",
        "From",
        "Table",
        "Join",
        "LeftJoin",
        "RightJoin",
        "InnerJoin",
        "CrossJoin",
        "FullJoin",
    }
)
#: Joins whose string goes on with its condition: SQL, the table's name opening it.
_JOINS = frozenset({"Join", "LeftJoin", "RightJoin", "InnerJoin", "CrossJoin", "FullJoin"})
_CONDITION = lazy_compile(r"(?i)\s(?:on|using)\b")
_TABLE_NAME = lazy_compile(r"\s*(?:[\w]+\.)?\"?(?P<name>\w+)")
#: A table item of a table call's string and its alias: ``t x``, ``s.t AS x``, ``"t" x``.
_ALIASED = lazy_compile(
    r"\s*(?:\\?\"?\w+\\?\"?\.)?\\?\"?(?P<name>\w+)\\?\"?\s+(?:(?i:as)\s+)?(?P<alias>[A-Za-z_]\w*)\b"
)
#: Predicate and map literals whose keys are columns: ``sq.Eq{"c": v}``,
#: ``squirrel.NotEq{...}``, ``map[string]interface{}{"c": v}`` (``SetMap``'s).
_KEYED = lazy_compile(
    r"(?:\b\w+\.(?:Eq|NotEq|Lt|LtOrEq|Gt|GtOrEq|Like|NotLike|ILike|NotILike)"
    r"|(?P<map>\bmap\[string\]\s*(?:any|interface\s*\{\s*\})))\s*\{"
)
#: The calls a plain map's keys are columns in (a map elsewhere is JSON, labels...).
_MAP_CALLS = frozenset({"SetMap", "Where", "Having"})


def imports_squirrel(path: str, text: str) -> bool:
    """Whether the Go file ``text`` imports squirrel."""
    return "quirrel" in text and any(p in _IMPORTS for _n, p in go_imports(path, text))


def clauses(
    path: str, text: str, constants: Mapping[str, str | None] | None = None
) -> list[Clause]:
    """Each column string of a squirrel chain in a Go file that imports
    squirrel, with the tables its chain names (empty when it shows none).
    ``constants``: the strings the package's constants stand for
    (:func:`~dbnamelint.impact.goconsts.string_constants`), read for a table
    call given one (``.From(tableRollouts)``)."""
    if not imports_squirrel(path, text):
        return []
    masked = mask(text)
    strings: dict[int, tuple[int, int]] = {}  # content start -> (end, the call's dot)
    for call in _CALL.finditer(masked):
        name = call.group("name")
        if name not in _ALL_ARGS and name not in _FIRST_ARG:
            continue
        open_at = call.end() - 1
        args = string_args(text, masked, open_at)
        if name in _FIRST_ARG:
            args = args[:1] if args and not masked[open_at + 1 : args[0][0] - 1].strip() else []
        # .OrderBy(fmt.Sprintf("\"rank\" %s", order)): the format is the column SQL.
        formats = sprintf_formats(text, masked, open_at)
        args += formats[:1] if name in _FIRST_ARG else formats
        for a, b in args:
            strings[a] = (b, call.start())
    for call in _CALL.finditer(masked):
        if call.group("name") in _JOINS:
            args = string_args(text, masked, call.end() - 1)[:1]
            if args and _CONDITION.search(text, *args[0]):
                strings[args[0][0]] = (args[0][1], call.start())  # "t ON t.a = u.b"
    for lit in _KEYED.finditer(masked):
        brace = lit.end() - 1
        end = closing_brace(masked, brace, "{", "}")
        for key in re.finditer(rf"[{{,]\s*({_LITERAL})\s*:", text[brace:end]):
            a = brace + key.start(1)
            if masked[a] in '"`' and bracket_depth(masked, brace, a) == 1:
                dot = enclosing_call(masked, brace)
                if dot is not None and (
                    lit.group("map") is None or _name_at(masked, dot) in _MAP_CALLS
                ):
                    strings[a + 1] = (brace + key.end(1) - 1, dot)
    chains: dict[int, tuple[frozenset[str], tuple[tuple[str, str], ...]]] = {}
    out: list[Clause] = []
    for a in sorted(strings):
        b, dot = strings[a]
        if dot not in chains:
            chains[dot] = chain_tables(text, masked, dot, constants=constants)
            outer = None if any(chains[dot]) else enclosing_call(masked, dot)
            if outer is not None:
                # .Where(sq.Expr("...")): the string is the outer chain's SQL.
                chains[dot] = chain_tables(text, masked, outer, constants=constants)
        tables, aliases = chains[dot]
        suffix = _name_at(masked, dot) == "Suffix"
        if len(tables) == 1 and suffix and _ON_CONFLICT.search(text, a, b):
            # Suffix("ON CONFLICT (a) DO UPDATE SET a = excluded.a") of Insert("t"):
            # excluded is the row the INSERT proposes, t's columns.
            aliases = (*aliases, ("excluded", next(iter(tables))))
        out.append(Clause(a, b, tables, aliases=aliases))
    return out


def table_sites(path: str, text: str) -> list[TableItem]:
    """The tables the table calls of squirrel chains name in a Go file that
    imports squirrel: each item of ``From("a x, b y")``, the table opening a
    join's string (``"t x ON ..."``), ``Insert``/``Replace``/``Into``/``Update``/
    ``Delete``'s."""
    if not imports_squirrel(path, text):
        return []
    masked = mask(text)
    standard = go_std_packages(path, text)  # fp.Join("a", "b"): a path, no table
    out: list[TableItem] = []
    for call in _CALL.finditer(masked):
        name = call.group("name")
        if name not in _TABLE_CALLS or call_root(masked, call.start()) in standard:
            continue
        args = string_args(text, masked, call.end() - 1)[:1]
        if not args or masked[call.end() : args[0][0] - 1].strip():
            continue  # not the first argument
        a, b = args[0]
        if name in _JOINS:
            condition = _CONDITION.search(text, a, b)
            b = condition.start() if condition else b
        out += table_items(text, a, b, listed=name == "From")
    return out


#: The write each table call's chain makes (squirrel's InsertBuilder, UpdateBuilder,
#: DeleteBuilder); ``Into`` names an ``Insert("")``'s or ``Replace("")``'s table.
_WRITE_CALLS = {
    "Insert": "insert",
    "Replace": "insert",
    "Into": "insert",
    "Update": "update",
    "Delete": "delete",
}
_ON_CONFLICT = lazy_compile(r"(?i)\bon\s+conflict\b(?P<named>\s+on\s+constraint\b)?")
_RETURNING = lazy_compile(r"(?i)\breturning\b(?P<items>.*)", re.DOTALL)


def write_forms(path: str, text: str) -> dict[int, WriteForm]:
    """Per table site of a squirrel chain that writes (``Insert``, ``Replace``,
    ``Into``, ``Update``, ``Delete``; :func:`table_sites`' offsets), the form of
    the statement it builds, as :meth:`~dbnamelint.impact.sqlscope.SqlText.write_form`
    reads SQL text: an INSERT whose ``Suffix("ON CONFLICT ...")`` makes it an
    upsert (squirrel writes the suffix after the VALUES: ``INSERT INTO t ...
    ON CONFLICT (a, b) DO UPDATE SET ...``; ``"upsert-constraint"`` for ``ON
    CONFLICT ON CONSTRAINT c``), one whose ``Suffix("RETURNING
    ...")`` returns ``*`` or a column its ``Columns(...)`` does not set
    (``"insert-returning"``), any other INSERT, an UPDATE, a DELETE."""
    if not imports_squirrel(path, text):
        return {}
    masked = mask(text)
    out: dict[int, WriteForm] = {}
    for call in _CALL.finditer(masked):
        verb = _WRITE_CALLS.get(call.group("name"))
        if verb is None:
            continue
        args = string_args(text, masked, call.end() - 1)[:1]
        if not args or masked[call.end() : args[0][0] - 1].strip():
            continue
        form: WriteForm = "update" if verb == "update" else "delete"
        if verb == "insert":
            form = _insert_form(text, masked, call.start())
        for item in table_items(text, *args[0], listed=False):
            out[item.start] = form
    return out


def _insert_form(text: str, masked: str, dot: int) -> WriteForm:
    """The form of the INSERT the chain calling ``.Insert(`` at ``dot`` builds."""
    lo, hi = chain(masked, dot, masked.index("(", dot))
    listed: set[str] = set()
    returned: list[str] = []
    for call in _CALL.finditer(masked, lo, hi):
        name = call.group("name")
        if name in ("Columns", "Column"):
            listed |= {
                text[a:b].strip().strip('"`').casefold()
                for a, b in string_args(text, masked, call.end() - 1)
            }
        elif name in ("Suffix", "Prefix"):
            for a, b in string_args(text, masked, call.end() - 1)[:1]:
                conflict = _ON_CONFLICT.search(text, a, b) if name == "Suffix" else None
                if conflict is not None:
                    return "upsert-constraint" if conflict["named"] else "upsert"
                found = _RETURNING.search(text, a, b)
                if found is not None:
                    items = found["items"].split(",")
                    returned += [i.strip().strip('"`').casefold() for i in items]
    if any(item == "*" or item not in listed for item in returned):
        return "insert-returning"
    return "insert"


def string_args(text: str, masked: str, open_at: int) -> list[tuple[int, int]]:
    """(start, end) of the content of each string literal that is a whole
    argument of the call whose ``(`` is at ``open_at``."""
    close_at = closing(masked, open_at)
    out = []
    for m in _LITERAL_RE.finditer(text, open_at + 1, close_at):
        if masked[m.start()] not in '"`' or bracket_depth(masked, open_at, m.start()) != 1:
            continue
        before = masked[open_at + 1 : m.start()].rstrip()
        after = masked[m.end() : close_at + 1].lstrip()
        if (not before or before.endswith(",")) and after[:1] in (",", ")"):
            out.append((m.start() + 1, m.end() - 1))
    return out


def chain_tables(
    text: str,
    masked: str,
    dot: int,
    depth: int = 0,
    calls: frozenset[str] = _TABLE_CALLS,
    constants: Mapping[str, str | None] | None = None,
) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    """The tables and aliases of the chain calling ``.Method(`` at ``dot``; a
    chain on a builder variable (``sb = sb.Where(...)``) adds those of the
    variable's last assignment before it in the same function (``sb :=
    stbl.Select(...).From("t")``). ``calls``: the methods whose string
    argument is a table (squirrel's by default); ``constants``: the strings
    the package's constants stand for, a table call's argument when it is
    one (``.From(tableRollouts)``)."""
    lo, hi = chain(masked, dot, masked.index("(", dot))
    tables, aliases = _tables(text, masked, lo, hi, calls, constants or {})
    receiver = _RECEIVER.match(masked, lo)
    if tables or receiver is None or depth > 64:
        return tables, aliases
    name = receiver.group(1)
    body = masked.rfind("\nfunc ", 0, lo) + 1
    assigned = [
        m
        for m in re.finditer(rf"(?<![\w.]){re.escape(name)}\s*:?=\s*", masked[body:lo])
        if body + m.end() < lo  # not this statement's own "sb = "
    ]
    if not assigned:
        return tables, aliases
    call = _CALL.search(masked, body + assigned[-1].end(), lo)
    if call is None or "\n" in masked[body + assigned[-1].end() : call.start()].strip(" \t"):
        return tables, aliases
    return chain_tables(text, masked, call.start(), depth + 1, calls, constants)


_RECEIVER = lazy_compile(r"([A-Za-z_]\w*)\s*\.")


def _tables(
    text: str,
    masked: str,
    lo: int,
    hi: int,
    calls: frozenset[str],
    constants: Mapping[str, str | None],
) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    """The (folded) tables a chain's table calls name, and the aliases they
    give them ((alias, table), the table "" for an alias given twice); a call
    given a constant (``From(tableRollouts)``) names the constant's string."""
    tables: set[str] = set()
    aliases: dict[str, str] = {}
    for call in _CALL.finditer(masked, lo, hi):
        if call.group("name") not in calls:
            continue
        at = call.end()
        while at < hi and masked[at].isspace():
            at += 1
        found = _LITERAL_RE.match(text, at)
        content: str | None = None
        if found and masked[found.start()] in '"`':
            content = found.group()[1:-1]
        else:
            constant = constant_argument(masked, at, constants)
            content = constant.replace('"', '\\"') if constant is not None else None
        if content is not None:
            name = _TABLE_NAME.match(content)
            if name:
                tables.add(name.group("name").casefold())
            # .From("a x, b y"): each item of a list; a join's string holds one.
            items = content.split(",") if call.group("name") == "From" else [content]
            for item in items:
                aliased = _ALIASED.match(item)
                if aliased is None or aliased.group("alias").casefold() in NOT_ALIAS:
                    continue
                alias, table = aliased.group("alias").casefold(), aliased.group("name").casefold()
                aliases[alias] = table if aliases.get(alias, table) == table else ""
    return frozenset(tables), tuple(sorted(aliases.items()))


#: An identifier that is a call's whole (first) argument: ``From(tableRollouts)``.
_IDENT_ARGUMENT = lazy_compile(r"([A-Za-z_]\w*)\s*[,)]")
_SPRINTF = lazy_compile(r"(?:[A-Za-z_]\w*\s*\.\s*)?Sprintf\s*\(\s*")


def constant_argument(masked: str, at: int, constants: Mapping[str, str | None]) -> str | None:
    """The string the identifier opening the argument at ``at`` stands for
    (a package's constant, :func:`~dbnamelint.impact.goconsts.resolve`), or None."""
    found = _IDENT_ARGUMENT.match(masked, at)
    if found is None or not constants:
        return None
    return resolve(masked, found.group(1), at, constants)


def sprintf_formats(text: str, masked: str, open_at: int) -> list[tuple[int, int]]:
    """(start, end) of the format literal's content of each argument of the
    call whose ``(`` is at ``open_at`` that is a ``Sprintf`` call on one
    (``OrderBy(fmt.Sprintf("\"rank\" %s", order))``)."""
    out: list[tuple[int, int]] = []
    for a, b in arguments(masked, open_at):
        value = masked[a:b]
        lead = len(value) - len(value.lstrip())
        call = _SPRINTF.match(masked, a + lead, b)
        if call is None:
            continue
        found = _LITERAL_RE.match(text, call.end())
        if found is not None and masked[found.start()] in '"`':
            out.append((found.start() + 1, found.end() - 1))
    return out


def enclosing_call(masked: str, at: int) -> int | None:
    """The dot of the ``.Method(`` call whose parentheses hold ``at``
    (``.Where(sq.And{sq.Eq{...}})``), or None: a block's brace comes first."""
    depth = 0
    for i in range(at - 1, max(-1, at - 5000), -1):
        char = masked[i]
        if char in ")]}":
            depth += 1
        elif char in "([{":
            if depth:
                depth -= 1
            elif char == "{" and masked[i + 1 : i + 2] in ("\n", "\r"):
                return None  # a function's or statement's block
            elif char == "(":
                found = _METHOD_BEFORE.search(masked, max(0, i - 80), i)
                if found:
                    return found.start()
    return None


_METHOD_BEFORE = lazy_compile(r"\.\s*[A-Z]\w*\s*$")
_METHOD_AT = lazy_compile(r"\.\s*(\w+)")


def _name_at(masked: str, dot: int) -> str:
    """The name of the method called at ``dot``."""
    found = _METHOD_AT.match(masked, dot)
    return found.group(1) if found else ""


def closing_brace(masked: str, opening: int, open_char: str, close_char: str) -> int:
    """Offset of the ``close_char`` matching ``open_char`` at ``opening`` (the
    text's last offset when it is not closed)."""
    depth = 0
    for i in range(opening, len(masked)):
        char = masked[i]
        depth += 1 if char == open_char else -1 if char == close_char else 0
        if depth == 0:
            return i
    return len(masked) - 1


def bracket_depth(masked: str, opening: int, at: int) -> int:
    """Bracket depth of ``at`` counted from ``opening`` (1: a direct argument)."""
    depth = 0
    for char in masked[opening:at]:
        depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(char, 0)
    return depth
