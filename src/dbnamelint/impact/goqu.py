"""The column strings of goqu query builders.

goqu (github.com/doug-martin/goqu) takes columns as strings it quotes as
identifiers: ``goqu.C("col")``, ``goqu.I("t.col")``, a table expression's
``.Col("col")``, an insert's ``.Cols("a", "b")``, the strings of
``.Select``/``.SelectDistinct``/``.GroupBy``/``.Returning``, and the keys of
``goqu.Record{"col": v}``, ``goqu.Ex{"col": v}`` and ``goqu.ExOr{...}``;
``goqu.L("...")`` is SQL as written. Each such string is SQL whatever it
reads as (a :class:`~dbnamelint.impact.gormconv.Clause`). Its tables: for
``.Col``, its receiver's (``goqu.T("t").Col("c")``; none when the receiver
is a variable, a table expression built elsewhere); else those of the chain
it is in (``From``/``Insert``/``Update``/``Delete``/``Into``/the joins, given a
string or ``goqu.T("t")``), looked for in the calls around it
(``.Where(goqu.And(goqu.C("c")...))``). A table call given anything else
(``dialect.From(table)``) adds :data:`RUN_TIME`: a table the code names at
run time. The tables a table call names as strings are where
:func:`table_sites` says (each of ``From("a", "b")``). Only in Go files that
import goqu. Reads text only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.buildertables import TableItem, call_root, literal_arguments, table_items
from dbnamelint.impact.gormconv import Clause, chain, mask
from dbnamelint.impact.modpaths import go_imports, go_std_packages
from dbnamelint.impact.sqlscope import WriteForm
from dbnamelint.impact.squirrel import (
    bracket_depth,
    chain_tables,
    closing_brace,
    constant_argument,
    enclosing_call,
    string_args,
)

#: The table a chain's table call names with no string (``From(table)``): no
#: table's name (a SQL identifier holds no such character).
RUN_TIME = "\x00run time"

_IMPORT = lazy_compile(r"github\.com/doug-martin/goqu(?:/v\d+)?")
_LITERAL = r"""(?:"(?:\\.|[^"\\\n])*"|`[^`]*`)"""
_CALL = lazy_compile(r"\.\s*(?P<name>[A-Z]\w*)\s*\(")
#: Methods whose string arguments are all columns, and the first only.
_ALL_ARGS = frozenset(
    {"Cols", "Select", "SelectAppend", "SelectDistinct", "GroupBy", "GroupByAppend", "Returning"}
)
_FIRST_ARG = frozenset({"Col"})
#: Package functions (``goqu.C(``) whose first string argument is a column or SQL.
_FUNCTIONS = frozenset({"C", "I", "L"})
#: Methods whose argument names the chain's table (a string or ``goqu.T("t")``).
_TABLE_CALLS = frozenset(
    {
        "T",
        "From",
        "Into",
        "Insert",
        "Update",
        "Delete",
        "Table",
        "Join",
        "InnerJoin",
        "LeftJoin",
        "RightJoin",
        "FullJoin",
        "CrossJoin",
        "LeftOuterJoin",
        "RightOuterJoin",
        "FullOuterJoin",
        "NaturalJoin",
    }
)
#: ``goqu.T("t")`` (an ``.As("x")`` after it) ending the text before ``.Col(``.
_T_RECEIVER = lazy_compile(
    r"\.\s*T\s*\(\s*(?:\"(?P<d>[^\"\\\n]*)\"|`(?P<r>[^`]*)`)\s*\)"
    r"(?:\s*\.\s*As\s*\(\s*" + _LITERAL + r"\s*\))?\s*$"
)
#: How many calls out a string's chain is looked for (``.Where(goqu.Or(goqu.And(...``).
_REACH = 8


def package_names(path: str, text: str) -> frozenset[str]:
    """The names the Go file ``text`` calls goqu by (``goqu`` unless aliased)."""
    if "goqu" not in text:
        return frozenset()
    return frozenset(
        alias or "goqu"
        for alias, imported in go_imports(path, text)
        if _IMPORT.fullmatch(imported) and alias not in ("_", ".")
    )


def clauses(
    path: str, text: str, constants: Mapping[str, str | None] | None = None
) -> list[Clause]:
    """Each column string of goqu's builders in a Go file that imports goqu,
    with the tables it is read against (empty, or :data:`RUN_TIME` among
    them, when the code names a table the text does not show); ``constants``:
    the strings the package's constants stand for (``From(tableUsers)``)."""
    constants = constants or {}
    names = package_names(path, text)
    if not names:
        return []
    masked = mask(text)
    package = "|".join(re.escape(n) for n in sorted(names))
    out: dict[int, Clause] = {}
    for call in _CALL.finditer(masked):
        name = call.group("name")
        function = name in _FUNCTIONS and _package_before(masked, call.start(), package)
        if not (function or name in _ALL_ARGS or name in _FIRST_ARG):
            continue
        args = string_args(text, masked, call.end() - 1)
        if name not in _ALL_ARGS:
            open_at = call.end() - 1
            args = args[:1] if args and not masked[open_at + 1 : args[0][0] - 1].strip() else []
        if not args:
            continue
        if name == "Col":
            tables = _receiver_table(text, call.start())
        else:
            tables = _tables_around(
                text, masked, call.start(), own=not function, constants=constants
            )
        for a, b in args:
            out[a] = Clause(a, b, tables, quoted=name != "L")
    keyed = rf"(?<![\w.])(?:{package})\s*\.\s*(?:Record|Ex|ExOr)\s*\{{"
    for lit in re.finditer(keyed, masked):
        brace = lit.end() - 1
        end = closing_brace(masked, brace, "{", "}")
        found = [
            brace + key.start(1)
            for key in re.finditer(rf"[{{,]\s*({_LITERAL})\s*:", text[brace:end])
        ]
        keys = [a for a in found if masked[a] in '"`' and bracket_depth(masked, brace, a) == 1]
        if not keys:
            continue
        tables = _tables_around(text, masked, lit.start(), own=False, constants=constants)
        for a in keys:
            b = a + text[a:].index(text[a], 1)
            out[a + 1] = Clause(a + 1, b, tables, quoted=True)
    return [out[a] for a in sorted(out)]


def table_sites(path: str, text: str) -> list[TableItem]:
    """The tables goqu's table calls name as strings in a Go file that imports
    goqu: each argument of ``From("a", "b")``, ``T("t")``, ``Insert``,
    ``Into``, ``Update``, ``Delete``, ``Table`` that is a name (``"s.t"``
    too: goqu splits it at the dot)."""
    names = package_names(path, text)
    if not names:
        return []
    masked = mask(text)
    package = "|".join(re.escape(n) for n in sorted(names))
    standard = go_std_packages(path, text)  # fp.Join("a", "b"): a path, no table
    out: list[TableItem] = []
    for call in _CALL.finditer(masked):
        name = call.group("name")
        if name not in _TABLE_CALLS or call_root(masked, call.start()) in standard:
            continue
        if name == "T" and not _package_before(masked, call.start(), package):
            continue  # i18n.T("..."): goqu's T is the package's
        for span in literal_arguments(text, masked, call.end() - 1):
            if span is not None:
                out += table_items(text, *span, listed=False, aliased=False)
    return out


_WRITE_CALLS = {"Insert": "insert", "Into": "insert", "Update": "update", "Delete": "delete"}


def write_forms(path: str, text: str) -> dict[int, WriteForm]:
    """Per table site of a goqu chain that writes (``Insert``/``Into``,
    ``Update``, ``Delete`` given the table as a string; :func:`table_sites`'
    offsets), the form of its statement: an INSERT with ``.OnConflict(...)``
    is an upsert (goqu writes ``ON CONFLICT`` for PostgreSQL and SQLite,
    ``goqu.DoNothing()`` and ``goqu.DoUpdate(...)`` alike); one with
    ``.Returning(...)`` returning a column its ``.Cols(...)`` does not set (or
    with none listed: ``.Rows(record)``) is ``"insert-returning"``."""
    if not package_names(path, text):
        return {}
    masked = mask(text)
    out: dict[int, WriteForm] = {}
    for call in _CALL.finditer(masked):
        verb = _WRITE_CALLS.get(call.group("name"))
        if verb is None:
            continue
        spans = literal_arguments(text, masked, call.end() - 1)
        if len(spans) != 1 or spans[0] is None:
            continue
        form: WriteForm = "update" if verb == "update" else "delete"
        if verb == "insert":
            form = _insert_form(text, masked, call.start())
        for item in table_items(text, *spans[0], listed=False, aliased=False):
            out[item.start] = form
    return out


def _insert_form(text: str, masked: str, dot: int) -> WriteForm:
    """The form of the INSERT the goqu chain calling ``.Insert(`` at ``dot`` builds."""
    lo, hi = chain(masked, dot, masked.index("(", dot))
    listed: set[str] = set()
    returned: list[str | None] = []
    for call in _CALL.finditer(masked, lo, hi):
        name = call.group("name")
        if name == "OnConflict":
            return "upsert"
        spans = literal_arguments(text, masked, call.end() - 1)
        if name == "Cols":
            listed |= {text[a:b].casefold() for a, b in (s for s in spans if s is not None)}
        elif name == "Returning":
            returned += [text[s[0] : s[1]].casefold() if s is not None else None for s in spans]
    if any(item is None or item == "*" or item not in listed for item in returned):
        return "insert-returning"
    return "insert"


def _package_before(masked: str, dot: int, package: str) -> bool:
    """Whether the call at ``dot`` is the goqu package's (``goqu.C(``)."""
    return re.search(rf"(?<![\w.])(?:{package})\s*$", masked[max(0, dot - 80) : dot]) is not None


def _receiver_table(text: str, dot: int) -> frozenset[str]:
    """The table of ``goqu.T("t").Col(`` at ``dot``; empty for any other receiver."""
    found = _T_RECEIVER.search(text, max(0, dot - 400), dot)
    if found is None:
        return frozenset()
    name = found.group("d") if found.group("d") is not None else found.group("r")
    return frozenset({name.rpartition(".")[2].casefold()}) if name else frozenset()


def _tables_around(
    text: str, masked: str, at: int, *, own: bool, constants: Mapping[str, str | None]
) -> frozenset[str]:
    """The tables of the chain whose call is at ``at`` (``own``) or holds it,
    else of the nearest call around that names one."""
    dot: int | None = at if own else enclosing_call(masked, at)
    for _ in range(_REACH):
        if dot is None:
            return frozenset()
        tables = _chain(text, masked, dot, constants)
        if tables:
            return tables
        dot = enclosing_call(masked, dot)
    return frozenset()


def _chain(text: str, masked: str, dot: int, constants: Mapping[str, str | None]) -> frozenset[str]:
    """The tables of the chain calling ``.Method(`` at ``dot``, with
    :data:`RUN_TIME` for a table call given no string (nor a constant)."""
    tables, _aliases = chain_tables(text, masked, dot, calls=_TABLE_CALLS, constants=constants)
    lo, hi = chain(masked, dot, masked.index("(", dot))
    for call in _CALL.finditer(masked, lo, hi):
        if call.group("name") not in _TABLE_CALLS or call.group("name") == "T":
            continue
        argument = masked[call.end() : call.end() + 200].lstrip()
        at = hi - len(masked[call.end() : hi].lstrip())
        if (
            argument[:1] not in ('"', "`")
            and _T_CALL.match(argument) is None
            and constant_argument(masked, at, constants) is None
        ):
            tables |= {RUN_TIME}
    return tables


_T_CALL = lazy_compile(r"\w+\s*\.\s*T\s*\(")
