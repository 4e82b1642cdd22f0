"""The table and column strings of go-sqlbuilder's builders.

go-sqlbuilder (github.com/huandu/go-sqlbuilder) builds a statement from calls
on a builder, more often one statement per call than one chain::

    sb := sqlbuilder.NewSelectBuilder()
    sb.Select("t.id", "t.name")
    sb.From("tag t")
    sb.JoinWithOption(sqlbuilder.LeftJoin, "bookmark_tag bt", "bt.tag_id = t.id")
    sb.Where(sb.Equal("t.name", name))

A builder is a chain that makes one (``sqlbuilder.Select(...)``,
``sqlbuilder.InsertInto("t")``, ``Update``, ``DeleteFrom``, ``CreateTable``,
``NewSelectBuilder()`` and the other ``New...Builder()``, ``NewCond()``, a
``NewStruct(...)`` value's ``SelectFrom("t")``/``InsertInto``/``Update``/
``DeleteFrom``), with the variable it is assigned to in the same function and
every call on that variable after it (a parameter typed ``*sqlbuilder.X``
is one too). Its table calls' strings name its tables (``From``, ``Update``,
``DeleteFrom``, ``Using``: each argument; ``Join``'s first, ``JoinWithOption``'s
second; ``InsertInto``/``InsertIgnoreInto``/``ReplaceInto``/``CreateTable``'s
first), ``"table alias"`` giving an alias. Its other strings are SQL written as
is, not quoted (the library's source): each argument of ``Select``,
``SelectMore``, ``Cols``, ``Where``, ``Having``, ``And``, ``Or``, ``Set``,
``GroupBy``, ``OrderBy``, ``Returning``, ``SQL``; a join's conditions; the
first (a column's name) of ``Equal``/``In``/``Like``/``IsNull``/``Between``/...,
``Assign``/``Incr``/``Add``/..., ``OrderByAsc``/``OrderByDesc``, ``As`` and
``Define``. Each such string is a :class:`~dbnamelint.impact.gormconv.Clause`
on the builder's tables and aliases, wherever its calls are in the function.
Only in Go files that import go-sqlbuilder. Reads text only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.buildertables import TableItem, literal_arguments, table_items
from dbnamelint.impact.goconsts import resolve
from dbnamelint.impact.gormconv import Clause, chain, mask
from dbnamelint.impact.gotablecalls import arguments
from dbnamelint.impact.modpaths import go_imports

_IMPORT = lazy_compile(r"github\.com/huandu/go-sqlbuilder(?:/v\d+)?")
_CALL = lazy_compile(r"\.\s*(?P<name>[A-Z]\w*)\s*\(")
#: Table calls whose every argument is a table, and those with one table argument (its index).
_ALL_TABLES = frozenset({"From", "Update", "DeleteFrom", "Using"})
_TABLE_AT = {
    "Join": 0,
    "JoinWithOption": 1,
    "InsertInto": 0,
    "InsertIgnoreInto": 0,
    "ReplaceInto": 0,
    "CreateTable": 0,
    "CreateTempTable": 0,
    "SelectFrom": 0,
    "SelectFromForTag": 0,
    "InsertIntoForTag": 0,
    "InsertIgnoreIntoForTag": 0,
    "ReplaceIntoForTag": 0,
    "UpdateForTag": 0,
}
#: Calls whose every string argument is SQL, and those whose first one is (a column).
_ALL_SQL = frozenset(
    {
        "Select",
        "SelectMore",
        "Cols",
        "Where",
        "Having",
        "And",
        "Or",
        "Not",
        "Set",
        "SetMore",
        "GroupBy",
        "OrderBy",
        "Returning",
        "SQL",
    }
)
_FIRST_SQL = frozenset(
    {
        # Cond's (SelectBuilder, UpdateBuilder, DeleteBuilder embed it).
        "Equal",
        "E",
        "EQ",
        "NotEqual",
        "NE",
        "NEQ",
        "GreaterThan",
        "G",
        "GT",
        "GreaterEqualThan",
        "GE",
        "GTE",
        "LessThan",
        "L",
        "LT",
        "LessEqualThan",
        "LE",
        "LTE",
        "In",
        "NotIn",
        "Like",
        "ILike",
        "NotLike",
        "NotILike",
        "IsNull",
        "IsNotNull",
        "Between",
        "NotBetween",
        "Any",
        "All",
        "Some",
        "IsDistinctFrom",
        "IsNotDistinctFrom",
        # UpdateBuilder's assignments.
        "Assign",
        "Incr",
        "Decr",
        "Add",
        "Sub",
        "Mul",
        "Div",
        "OrderByAsc",
        "OrderByDesc",
        "As",
        "Define",
    }
)
#: The calls that make a builder: ``New...Builder()``, ``NewCond()``, ``NewWhereClause()``.
_NEW = lazy_compile(r"\.\s*New(?:\w*Builder|Cond|WhereClause)\s*\(")
#: The package's functions that make one (``sqlbuilder.Select(``, after its name).
_FUNCTIONS = frozenset(
    {"Select", "InsertInto", "InsertIgnoreInto", "ReplaceInto", "Update", "DeleteFrom"}
    | {"CreateTable", "With", "WithRecursive", "Union", "UnionAll"}
)
#: A ``Struct``'s methods that make a builder on a table.
_STRUCT_MAKERS = frozenset(
    {"SelectFrom", "SelectFromForTag", "InsertInto", "InsertIgnoreInto", "ReplaceInto"}
    | {"InsertIntoForTag", "InsertIgnoreIntoForTag", "ReplaceIntoForTag", "Update"}
    | {"UpdateForTag", "DeleteFrom"}
)
_ASSIGNED = lazy_compile(r"(?:(?<![\w.])var\s+)?(?<![\w.])([A-Za-z_]\w*)\s*(?::=|=(?!=))\s*$")
_RECEIVER = lazy_compile(r"([A-Za-z_]\w*)\s*\.")


class Reading(Struct, frozen=True):
    """What a Go file's go-sqlbuilder builders say: where each table name of a
    table call is, and each SQL string with its builder's tables."""

    tables: tuple[TableItem, ...] = ()
    clauses: tuple[Clause, ...] = ()


def package_names(path: str, text: str) -> frozenset[str]:
    """The names the Go file ``text`` calls go-sqlbuilder by (``sqlbuilder``
    unless aliased); empty when it does not import it."""
    if "go-sqlbuilder" not in text:
        return frozenset()
    return frozenset(
        alias or "sqlbuilder"
        for alias, imported in go_imports(path, text)
        if _IMPORT.fullmatch(imported) and alias not in ("_", ".")
    )


def read(path: str, text: str, constants: Mapping[str, str | None] | None = None) -> Reading:
    """The table names and SQL strings of the go-sqlbuilder builders of the Go
    file ``text``; empty when it does not import go-sqlbuilder. ``constants``:
    the strings the package's constants stand for, a table call's table when
    it is given one (``sb.From(tableTag)``)."""
    names = package_names(path, text)
    if not names:
        return Reading()
    masked = mask(text)
    package = "|".join(re.escape(n) for n in sorted(names))
    structs = _struct_variables(masked)
    typed = re.compile(
        rf"(?<![\w.])([A-Za-z_]\w*)\s+\*?\s*(?:{package})\s*\.\s*(?:\w*Builder|Cond|WhereClause)\b"
    )
    calls = list(_CALL.finditer(masked))
    # Per call, the builder it is a call of: a chain making one, keyed by its start.
    made: set[int] = set()
    starts: list[int] = []  # per call, where its chain starts
    for call in calls:
        lo, _hi = chain(masked, call.start(), call.end() - 1)
        starts.append(lo)
        name = call.group("name")
        root = _RECEIVER.match(masked, lo)
        if root is not None and (
            _NEW.match(masked, call.start())
            or (name in _FUNCTIONS and root.group(1) in names)
            or (name in _STRUCT_MAKERS and root.group(1) in structs)
        ):
            made.add(lo)
    assigned: dict[str, list[tuple[int, int]]] = {}  # variable -> (offset, builder)
    for lo in sorted(made):
        line = masked.rfind("\n", 0, lo) + 1
        found = _ASSIGNED.search(masked, line, lo)
        if found is not None:
            assigned.setdefault(found.group(1), []).append((lo, lo))
    for found in typed.finditer(masked):
        # A parameter or a declared variable: its own builder, from there on.
        assigned.setdefault(found.group(1), []).append((found.start(), found.start()))
    for spots in assigned.values():
        spots.sort()
    tables: dict[int, set[str]] = {}
    aliases: dict[int, dict[str, str]] = {}
    items: list[TableItem] = []
    strings: list[tuple[int, int, int]] = []  # (start, end, builder)
    for call, lo in zip(calls, starts, strict=True):
        builder = _builder(masked, lo, made, assigned)
        if builder is None:
            continue
        name = call.group("name")
        args = literal_arguments(text, masked, call.end() - 1)
        at = _TABLE_AT.get(name)
        table_args: list[int] = (
            list(range(len(args))) if name in _ALL_TABLES else [] if at is None else [at]
        )
        for i in table_args:
            span = args[i] if i < len(args) else None
            if span is None:
                value = _constant(masked, call.end() - 1, i, constants or {}) or ""
                for item in table_items(value, 0, len(value), listed=name in _ALL_TABLES):
                    tables.setdefault(builder, set()).add(item.name)
                    if item.alias:
                        known = aliases.setdefault(builder, {})
                        known[item.alias] = (
                            item.name if known.get(item.alias, item.name) == item.name else ""
                        )
                continue
            for item in table_items(text, *span, listed=name in _ALL_TABLES):
                items.append(item)
                tables.setdefault(builder, set()).add(item.name)
                if item.alias:
                    known = aliases.setdefault(builder, {})
                    known[item.alias] = (
                        item.name if known.get(item.alias, item.name) == item.name else ""
                    )
        if name in ("Join", "JoinWithOption"):
            conditions = args[(at or 0) + 1 :]
        elif name in _ALL_SQL:
            conditions = args
        elif name in _FIRST_SQL:
            conditions = args[:1]
        else:
            conditions = []
        strings += [(a, b, builder) for span in conditions if span is not None for a, b in [span]]
    clauses = tuple(
        Clause(
            a,
            b,
            frozenset(tables.get(builder, ())),
            aliases=tuple(sorted(aliases.get(builder, {}).items())),
        )
        for a, b, builder in sorted(strings)
    )
    return Reading(tuple(items), clauses)


_IDENT = lazy_compile(r"\s*([A-Za-z_]\w*)\s*")


def _constant(
    masked: str, open_at: int, index: int, constants: Mapping[str, str | None]
) -> str | None:
    """The string the ``index``-th argument of the call whose ``(`` is at
    ``open_at`` stands for when it is a package's constant, else None."""
    found = arguments(masked, open_at)
    if index >= len(found) or not constants:
        return None
    ident = _IDENT.fullmatch(masked, *found[index])
    return resolve(masked, ident.group(1), ident.start(1), constants) if ident else None


def _builder(
    masked: str, lo: int, made: set[int], assigned: dict[str, list[tuple[int, int]]]
) -> int | None:
    """The builder a call is on, its chain starting at ``lo``: the chain making
    it, or the builder last assigned (before the call, in its function) to the
    variable it is called on."""
    if lo in made:
        return lo
    root = _RECEIVER.match(masked, lo)
    if root is None:
        return None
    body = masked.rfind("\nfunc ", 0, lo)
    last = None
    for offset, builder in assigned.get(root.group(1), ()):
        if body < offset < lo:
            last = builder
    return last


_STRUCT = lazy_compile(r"(?<![\w.])([A-Za-z_]\w*)\s*(?::=|=(?!=))[^\n]*?\bNewStruct\s*\(")


def _struct_variables(masked: str) -> frozenset[str]:
    """The variables the file assigns a ``NewStruct(...)`` value to."""
    return frozenset(m.group(1) for m in _STRUCT.finditer(masked))
