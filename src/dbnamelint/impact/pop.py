"""gobuffalo/pop's query strings: the SQL and column names its methods take.

pop (``github.com/gobuffalo/pop``, any major version, and Ory's fork
``github.com/ory/pop``) builds each query from strings its methods take
(pop's query.go, query_groups.go, query_having.go, query_joins.go,
finders.go, executors.go): ``Where(stmt, args...)``, ``Order(stmt)``,
``Having(condition)`` and ``RawQuery(stmt)`` take SQL (each string piece of a
concatenated one: ``"DELETE FROM " + t + " WHERE user_id = ?"``),
``Select(fields...)`` and ``GroupBy(field, fields...)`` columns, a join
(``Join``, ``LeftJoin``, ``RightJoin``, ``InnerJoin``, ``LeftOuterJoin``,
``RightOuterJoin``) its table then its condition, ``UpdateColumns(model,
columnNames...)`` and ``UpdateQuery`` the columns to write, ``Create``,
``Save``, ``Update`` and their ``ValidateAnd...`` forms ``(model,
excludeColumns...)`` the columns to leave out, ``CountByField(model, field)``
a column; gotrue's (Supabase Auth's) storage adds ``UpdateOnly(model,
includeColumns...)``. Such a string is SQL whatever it reads as.

Its table is the query's model (pop's ``Model.TableName``): the type of the
model a method of the chain takes (``First(identity)`` after ``identity :=
&Identity{}``, ``All(&users)`` after ``users := []*User{}``, a receiver ``(u
*User)``), or, for a query kept in a variable (``q := tx.Q().Where(...)``,
``q = q.Where(...)``), that of the chains on the variable in the same
function (``q.All(&users)``); joined tables count too. A type's
``TableName()`` gives its table, else pop's convention (``flect.Tableize``:
snake_case and plural, read as GORM's convention is,
:func:`~dbnamelint.impact.gormconv.convention_table`). Only in Go files of
pop: the caller says which (a file importing pop, or of a Go module whose
``go.mod`` requires it: :func:`requires_pop`). Reads text only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.gormconv import Clause, chain, convention_table, declared_type, mask
from dbnamelint.impact.gotablecalls import arguments
from dbnamelint.impact.modpaths import go_imports

#: pop's module path, any major version (``/v6``), and Ory's fork of it.
_MODULE = r"github\.com/(?:gobuffalo|ory)/pop(?:/v\d+)?"
_IMPORT = lazy_compile(_MODULE + r"(?:/[\w./-]*)?")
#: A ``require`` of pop in a ``go.mod`` (a line of its own or of a block), not
#: marked ``// indirect`` (then no package of the module imports pop).
_REQUIRE = lazy_compile(
    rf"^[ \t]*(?:require[ \t]+)?{_MODULE}[ \t]+v\S+[ \t]*(?://(?![ \t]*indirect\b)[^\n]*)?$",
    re.MULTILINE,
)

_LITERAL = r"""(?:"(?:\\.|[^"\\\n])*"|`[^`]*`)"""
_LITERAL_RE = lazy_compile(_LITERAL)
_CALL = lazy_compile(r"\.\s*(?P<name>[A-Z]\w*)\s*\(")
#: Methods whose first argument is SQL (each string piece of it).
_SQL_FIRST = frozenset({"Where", "Order", "Having", "RawQuery"})
#: Methods whose every string argument is a column (or a column expression).
_ALL_COLUMNS = frozenset({"Select", "GroupBy"})
#: Joins: the table, then the condition's SQL.
_JOINS = frozenset(
    {"Join", "LeftJoin", "RightJoin", "InnerJoin", "LeftOuterJoin", "RightOuterJoin"}
)
#: Methods taking a model, then column names (to write, or to leave out).
_COLUMNS_AFTER_MODEL = frozenset(
    {
        "UpdateColumns",
        "UpdateQuery",
        "UpdateOnly",
        "Create",
        "ValidateAndCreate",
        "Save",
        "ValidateAndSave",
        "Update",
        "ValidateAndUpdate",
        "CountByField",
    }
)
#: Methods whose first argument is the query's model (or a slice of them).
_MODEL_FIRST = _COLUMNS_AFTER_MODEL | {
    "Find",
    "First",
    "Last",
    "All",
    "Exists",
    "Count",
    "Delete",
    "Destroy",
    "Reload",
    "Load",
}
#: A model argument: ``&T{...}``, ``T{}``, ``&[]T{}``, ``new(T)``, or a variable
#: (``&users``, ``u``).
_MODEL = lazy_compile(
    r"\s*&?\s*(?:(?:\[\]\*?)?(?:\w+\.)?(?P<type>[A-Za-z_]\w*)\s*\{[^{}]*\}"
    r"|new\(\s*(?:\w+\.)?(?P<new>[A-Za-z_]\w*)\s*\)"
    r"|(?P<var>[A-Za-z_]\w*))\s*"
)
_TABLE_NAME = lazy_compile(r"\s*(?:\w+\.)?\"?(?P<name>\w+)")
#: Context label of a column name in a pop query string whose model the code
#: does not show (``tx.UpdateOnly(user, "c")`` with ``user`` a function's
#: result): plain, and ``--diff`` notes it.
MODEL_UNKNOWN = "pop query (model not known)"
_BUILTIN = frozenset({"nil", "true", "false", "int", "string", "map", "any", "interface"})


def imports_pop(path: str, text: str) -> bool:
    """Whether the Go file ``text`` imports pop (or a package of it)."""
    return "/pop" in text and any(_IMPORT.fullmatch(p) for _n, p in go_imports(path, text))


def requires_pop(go_mod: str) -> bool:
    """Whether a ``go.mod``'s text requires pop directly (not ``// indirect``)."""
    return "/pop" in go_mod and _REQUIRE.search(go_mod) is not None


def clauses(path: str, text: str, tables: Mapping[str, str | None]) -> list[Clause]:
    """Each SQL or column string a pop method of the Go file ``text`` takes, with
    its query's tables (folded; empty when the code does not show them);
    ``tables``: per type with a ``TableName()`` method, the name it returns
    (None: unknown). The caller has judged the file to be pop's."""
    if not path.lower().endswith(".go"):
        return []
    masked = mask(text)
    found: list[tuple[int, int, int]] = []  # (content start, end, the call's dot)
    for call in _CALL.finditer(masked):
        name = call.group("name")
        if name in _SQL_FIRST:
            picked = arguments(masked, call.end() - 1)[:1]
        elif name in _ALL_COLUMNS:
            picked = arguments(masked, call.end() - 1)
        elif name in _JOINS:
            picked = arguments(masked, call.end() - 1)[1:2]
        elif name in _COLUMNS_AFTER_MODEL:
            picked = arguments(masked, call.end() - 1)[1:]
        else:
            continue
        for a, b in picked:
            whole = name not in _SQL_FIRST and name not in _JOINS
            found += [(s, e, call.start()) for s, e in _pieces(text, masked, a, b, whole=whole)]
    out: list[Clause] = []
    chains: dict[int, frozenset[str]] = {}
    for start, end, dot in found:
        if dot not in chains:
            chains[dot] = _query_tables(text, masked, dot, tables)
        out.append(Clause(start, end, chains[dot]))
    return out


def _pieces(text: str, masked: str, a: int, b: int, *, whole: bool) -> list[tuple[int, int]]:
    """(start, end) of the content of the string literals of the argument
    ``text[a:b]``: the argument when it is one literal (``whole``), else each
    literal of it outside any nested call (``"x = ? AND " + cond``)."""
    if whole:
        literal = _literal(text, masked, a, b)
        return [] if literal is None else [(literal[0] + 1, literal[1] - 1)]
    out: list[tuple[int, int]] = []
    depth, i = 0, a
    while i < b:
        char = masked[i]
        if char in '"`':  # masked: the content holds no quote, the next one closes it
            close = masked.find(char, i + 1, b)
            if close < 0:
                break
            if depth == 0:
                out.append((i + 1, close))
            i = close + 1
            continue
        depth += 1 if char in "([{" else -1 if char in ")]}" else 0
        i += 1
    return out


def _literal(text: str, masked: str, a: int, b: int) -> tuple[int, int] | None:
    """(start, end) of the string literal that is the whole of ``text[a:b]``, or None."""
    while a < b and masked[a].isspace():
        a += 1
    while b > a and masked[b - 1].isspace():
        b -= 1
    if a == b or masked[a] not in '"`' or _LITERAL_RE.fullmatch(text, a, b) is None:
        return None
    return a, b


def _query_tables(
    text: str, masked: str, dot: int, tables: Mapping[str, str | None]
) -> frozenset[str]:
    """The tables of the query whose chain calls ``.Method(`` at ``dot``: its
    models and joins; for a chain taking no model, on a query variable or
    assigned to one (``q := tx.Q().Where(...)``, ``q = q.Where(...)``), those
    of the variable's chains in the same function (``q.All(&users)``)."""
    lo, hi = chain(masked, dot, masked.index("(", dot))
    found, finished = _chain_tables(text, masked, lo, hi, tables)
    if found or finished:
        return found  # a model this code does not show (``&p.Provider``) is not guessed
    body = masked.rfind("\nfunc ", 0, lo) + 1
    end = masked.find("\nfunc ", hi)
    end = len(masked) if end < 0 else end
    names = set()
    line_start = masked.rfind("\n", 0, lo) + 1
    assigned = re.search(r"(?<![\w.])([A-Za-z_]\w*)\s*:?=\s*$", masked[line_start:lo])
    if assigned is not None:
        names.add(assigned.group(1))
    receiver = re.match(r"([A-Za-z_]\w*)\s*\.", masked[lo:hi])
    if receiver is not None and re.search(
        rf"(?<![\w.]){receiver.group(1)}\s*:?=(?!=)", masked[body:line_start]
    ):
        names.add(receiver.group(1))  # a query variable, not the connection
    out: set[str] = set()
    for name in names:
        uses = re.compile(rf"(?<![\w.]){re.escape(name)}\s*\.\s*[A-Z]\w*\s*\(")
        for use in uses.finditer(masked, body, end):
            if lo <= use.start() < hi:
                continue
            use_dot = masked.index(".", use.start())
            use_lo, use_hi = chain(masked, use_dot, masked.index("(", use_dot))
            out |= _chain_tables(text, masked, use_lo, use_hi, tables)[0]
    return frozenset(out)


def _chain_tables(
    text: str, masked: str, lo: int, hi: int, tables: Mapping[str, str | None]
) -> tuple[frozenset[str], bool]:
    """The (folded) tables the calls of a chain name (its models and joins), and
    whether it takes a model at all (known or not)."""
    out: set[str] = set()
    finished = False
    for call in _CALL.finditer(masked, lo, hi):
        name = call.group("name")
        if name not in _JOINS and name not in _MODEL_FIRST:
            continue
        args = arguments(masked, call.end() - 1)
        if not args:
            continue
        a, b = args[0]
        if name in _JOINS:
            literal = _literal(text, masked, a, b)
            if literal is not None:
                joined = _TABLE_NAME.match(text, literal[0] + 1, literal[1] - 1)
                if joined:
                    out.add(joined.group("name").casefold())
            continue
        finished = True
        model = _MODEL.fullmatch(masked, a, b)
        if model is None:
            continue
        type_name = model.group("type") or model.group("new")
        if type_name is None:
            type_name = declared_type(text[:lo], model.group("var"))
        if type_name is None or type_name in _BUILTIN:
            continue
        table = tables[type_name] if type_name in tables else convention_table(type_name)
        if table is not None:
            out.add(table.rpartition(".")[2].casefold())
    return frozenset(out), finished
