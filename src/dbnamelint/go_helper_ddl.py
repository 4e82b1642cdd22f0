"""A Go migration list's step calling a helper of the package whose DDL its
parameters complete, read with the call's arguments bound.

miniflux-style lists keep a helper (``func createSimpleTable(tx *sql.Tx,
name string) error { tx.Exec(fmt.Sprintf(`CREATE TABLE %q (...)`, name)) }``)
that steps call: ``return createSimpleTable(tx, "FeedStats")``. Read where it
stands, the helper is one ``DBN013`` note (its name unknown), so a new step
calling it with a bad name passed the gate, and one ``ignore[DBN013]`` at the
helper accepted every future caller (trial confirm35 L1/L2). Here each call,
inside a list, of a function of the package (any of its ``.go`` files, tests
aside; not a method) whose body's DDL is incomplete until its parameters are
known (with them bound to any literal, fewer of its statements are built at
run time; one a package variable completes is read where it stands, as
before), is read as the statements the body makes with each parameter bound to
the call's argument: a string literal, a number or a ``+`` of them and the
package's string constants (:mod:`dbnamelint.go_const_expr`). Laid at the
call, they are judged there, in the list's order. An argument not known (a
variable) leaves the statement built when the code runs: a ``DBN013`` note at
the call, which only a ``// dbnamelint: ignore[DBN013] <reason>`` at the call
accepts. Such a helper of the list's own file is then no note of its own
where it stands: its calls say what it makes.

Session 36: a method (``func (m *Migrator) createTable(tx *sql.Tx, name
string)``, called ``m.createTable(tx, "X")``) is a helper too, and so is a
function that calls a helper (``helperA(tx)`` calling ``helperB(tx,
"BadName")``): a call is followed through the helpers it reaches, each bound
to the arguments it is given there, up to :data:`DEPTH` calls deep and never
into a helper already being followed (recursion). A call nested deeper is a
``DBN013`` note at the step's call: not read, never passed silently. Text
only, no Go type checking.

Session 40: the gate reads such calls anywhere in a Go file the change adds
to or edits, not only in a list's steps (trial s40 authelia H4: a new call of
a committed ``schemaRenameTable(ctx, conn, from, to)`` in a special migration
passed), declarations and calls inside a helper its file calls aside; and a
function whose body formats a parameter into a DDL format of the package
(``fmt.Sprintf(p.sqlFmtRenameTable, from, to)``, the field set from a
constant holding ``ALTER TABLE``), with no DDL word of its own, is a helper.
An exported helper of another package of the module the file imports
(:mod:`dbnamelint.go_imports`) is followed too: :func:`qualified_helper_calls`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.code_ddl_text import DdlString, ddl_strings, laid_string, makes_ddl
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.go_braces import block_end
from dbnamelint.go_calls import call_arguments
from dbnamelint.go_const_expr import value
from dbnamelint.impact.migration_lists import in_lists

__all__ = ["Helper", "helper_calls", "helpers", "qualified_helper_calls", "too_deep"]

#: A top-level function's or a method's declaration up to its parameters' ``(``.
_FUNC = lazy_compile(r"(?m)^func\s*(?P<receiver>\([^()\n]*\)\s*)?(?P<name>[A-Za-z_]\w*)\s*\(")
#: A word of DDL: a body without one completes none.
_DDL_WORD = lazy_compile(r"(?i)\b(?:CREATE|ALTER|DROP|RENAME)\b")
#: A ``fmt.Sprintf``/``Sprint`` call: its format may be a DDL constant of the
#: package (``Sprintf(p.sqlFmtRenameTable, from, to)``, trial s40 authelia H4).
_FORMATTED = lazy_compile(r"\bfmt\.Sprint[f]?\s*\(")
#: How many calls deep a step's call is followed (helper, its helper...).
DEPTH = 4
#: The statement laid at a call whose helpers nest deeper than :data:`DEPTH`:
#: a hole, its comment the reason :func:`too_deep` gives the DBN013 note.
_DEEP_SQL = "CREATE TABLE x /* {name} calls further: {why} */"
_DEEP_WHY = f"helpers nested more than {DEPTH} calls deep are not followed"
_DEEP = lazy_compile(r"/\* (?P<name>\w+) calls further: (?P<why>[^*]*) \*/")
_IDENT = lazy_compile(r"[A-Za-z_]\w*")
#: ``func `` or ``func (m *M) `` just before a name: its declaration, no call.
_DECLARED = lazy_compile(r"\bfunc\s*(?:\([^()\n]*\)\s*)?\Z")
#: A clause of a ``switch``: ``case <values>:`` or ``default:``.
_CASE = lazy_compile(r"\b(?:case\s+(?P<values>[^:\n]+)|default\s*):")
#: A database a ``case`` names: xorm's ``schemas.MYSQL`` (``xorm.io/xorm/schemas``
#: ``DBType`` constants, ``Dialect().URI().DBType``) or a ``database/sql`` driver's name.
_CASE_DATABASE = lazy_compile(
    r"\bschemas\.(?P<const>MYSQL|POSTGRES|SQLITE|MSSQL|ORACLE)\b"
    r'|"(?P<driver>mysql|postgres|pgx|sqlite3?|mssql|sqlserver|oracle)"'
)
_FAMILIES = {
    "MYSQL": "mysql",
    "POSTGRES": "postgres",
    "SQLITE": "sqlite",
    "MSSQL": "tsql",
    "ORACLE": "oracle",
    "mysql": "mysql",
    "postgres": "postgres",
    "pgx": "postgres",
    "sqlite": "sqlite",
    "sqlite3": "sqlite",
    "mssql": "tsql",
    "sqlserver": "tsql",
    "oracle": "oracle",
}
_NUMBER = lazy_compile(r"-?\d+\Z")
#: Go comments and string literals (skipped when a parameter is bound).
_SKIPPED = lazy_compile(
    r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|`[^`]*`' + r"|'(?:\\.|[^'\\\n])*'", re.DOTALL
)


class Helper(Struct, frozen=True):
    """A function of the package whose DDL its parameters complete."""

    name: str
    #: Its parameters' names, in order (``tx``, ``name``).
    params: tuple[str, ...]
    #: Its body's text, braces included.
    body: str
    #: Its body's span in the list's own file, when it is there.
    span: tuple[int, int] | None = None
    #: A method (``m.name(...)``), not a function of the package.
    method: bool = False


def _params(written: str) -> tuple[str, ...]:
    """The names of a parameter list (``tx *sql.Tx, a, b string``); none when
    its parameters are unnamed (``*sql.Tx, string``)."""
    parts = [p.strip() for p in written.split(",") if p.strip()]
    if not any(len(p.split()) > 1 for p in parts):
        return ()
    out = []
    for part in parts:
        found = _IDENT.match(part)
        if found is None:
            return ()
        out.append(found.group())
    return tuple(out)


def _statements(
    path: str, body: str, package: str, wanted: Callable[[str], bool]
) -> list[DdlString]:
    """The DDL statements ``body`` makes, constants of ``package`` filled in."""
    from dbnamelint.go_format_ddl import with_filled_formats

    strings = [s for s in ddl_strings(path, body, wanted) if makes_ddl(s.text)]
    filled = with_filled_formats(body, strings, lambda: body + "\n" + package)
    return sorted((s for s in filled if makes_ddl(s.text)), key=lambda s: s.start)


def helpers(path: str, text: str, package: str, wanted: Callable[[str], bool]) -> dict[str, Helper]:
    """The functions and methods of ``package`` (whose first file is the
    list's ``text``) whose DDL is incomplete until their parameters are
    bound, and those calling one of them, by name."""
    return dict(_helpers(path, len(text), package, wanted))


@lru_cache(maxsize=8)
def _helpers(
    path: str, size: int, package: str, wanted: Callable[[str], bool]
) -> tuple[tuple[str, Helper], ...]:
    """:func:`helpers` of a file of ``size`` characters, kept: the gate asks
    again for each reading of the same file (current and base policy)."""
    out: dict[str, Helper] = {}
    others: dict[str, Helper] = {}  # the rest, each a helper once it calls one
    for found in _FUNC.finditer(package):
        name = found.group("name")
        args = call_arguments(package, found.end())
        if name in out or name in others:
            continue
        params = _params(package[args[0][0] : args[-1][1]]) if args else ()
        after = args[-1][1] if args else found.end()
        brace = package.find("{", after)
        if brace < 0 or "\nfunc " in package[after:brace]:
            continue
        end = block_end(package, brace)
        body = package[brace:end]
        span = (brace, end) if end <= size else None
        helper = Helper(name, params, body, span, found.group("receiver") is not None)
        if (
            params
            and (_DDL_WORD.search(body) or _formats_parameters(body, params, package))
            and _completed_by_parameters(path, body, params, package, wanted)
        ):
            out[name] = helper
        elif "(" in body[1:]:
            others[name] = helper
    # a function calling a helper is one, however deep (followed to DEPTH only)
    while True:
        if not out or not others:
            break
        calling = _call_pattern(out)
        grown = {n: h for n, h in others.items() if calling.search(h.body)}
        if not grown:
            break
        out.update(grown)
        for name in grown:
            del others[name]
    return tuple(out.items())


def _formats_parameters(body: str, params: tuple[str, ...], package: str) -> bool:
    """Whether a ``fmt.Sprintf``/``Sprint`` of ``body`` is given one of its
    ``params`` with a format that may be DDL: a literal holding a DDL word,
    or a name the package binds to one (``Sprintf(p.sqlFmtRenameTable, from,
    to)`` of ``sqlFmtRenameTable: queryFmtRenameTable``). A body formatting
    only constants (Authelia's ``NewSQLProvider``), or a message, is read
    where it stands."""
    for call in _FORMATTED.finditer(body):
        args = call_arguments(body, call.end())
        if len(args) < 2:
            continue
        if not any(w in params for a, b in args[1:] for w in _IDENT.findall(body[a:b])):
            continue
        written = body[args[0][0] : args[0][1]].strip()
        if _DDL_WORD.search(written) or written.rpartition(".")[2] in _ddl_names(package):
            return True
    return False


#: ``name = "..."`` / ``name = `...` `` (a constant, a variable) and ``name:
#: value`` / ``x.name = value`` (a field set from one): a name bound in the package.
_BINDING = lazy_compile(
    r'(?<![\w.])(?P<name>[A-Za-z_]\w*)\s*(?::|(?:string\s*)?=)\s*(?P<value>"(?:[^"\\\n]|\\.)*"|`[^`]*`|[A-Za-z_][\w.]*)'
)


@lru_cache(maxsize=4)
def _ddl_names(package: str) -> frozenset[str]:
    """The names ``package`` binds to a string holding a DDL word, or to
    such a name (a field set from a format constant), in a few passes."""
    literal: dict[str, str] = {}
    named: list[tuple[str, str]] = []
    for found in _BINDING.finditer(package):
        name, value = found.group("name"), found.group("value")
        if value[0] in '"`':
            if _DDL_WORD.search(value):
                literal[name] = value
        else:
            named.append((name, value.rpartition(".")[2]))
    out = set(literal)
    while True:
        grown = {n for n, v in named if v in out and n not in out}
        if not grown:
            return frozenset(out)
        out |= grown


def _completed_by_parameters(
    path: str, body: str, params: tuple[str, ...], package: str, wanted: Callable[[str], bool]
) -> bool:
    """Whether fewer of ``body``'s statements are built at run time with its
    ``params`` bound to literals: its parameters complete its DDL (not a
    package variable: that one is read where it stands, its note there)."""
    unbound = _bound(body, params, [], package)
    holed = sum(1 for s in _statements(path, unbound, package, wanted) if s.holes)
    dummies = [f'"p{i}"' for i in range(len(params))]
    bound = _bound(body, params, dummies, package)
    return holed > sum(1 for s in _statements(path, bound, package, wanted) if s.holes)


def _call_pattern(found: dict[str, Helper]) -> re.Pattern[str]:
    """A call of one of ``found``: a function's not qualified (``pkg.f(`` is
    another package's), a method's on any receiver (``m.f(``)."""
    functions = [re.escape(n) for n, h in found.items() if not h.method]
    methods = [re.escape(n) for n, h in found.items() if h.method]
    parts = []
    if functions:
        parts.append(r"(?<![\w.])(?P<f>" + "|".join(functions) + r")\s*\(")
    if methods:
        parts.append(r"(?<=\.)(?P<m>" + "|".join(methods) + r")\s*\(")
    return lazy_compile("|".join(parts))


def _bound(body: str, params: tuple[str, ...], args: list[str], package: str) -> str:
    """``body`` with each parameter replaced by its argument's value, as a Go
    string literal (a number as it is); a parameter whose argument is not
    known becomes a name no constant has, so what it fills stays a hole."""
    values: dict[str, str] = {}
    for i, param in enumerate(params):
        arg = args[i].strip() if i < len(args) else ""
        known = value(arg, package) if arg else None
        if known is not None:
            values[param] = json.dumps(known, ensure_ascii=False)
        elif _NUMBER.match(arg):
            values[param] = arg
        else:
            values[param] = f"unbound_{param}_"

    def put(match: re.Match[str]) -> str:
        return values.get(match.group(), match.group())

    out: list[str] = []
    at = 0
    for skipped in _SKIPPED.finditer(body):
        out.append(re.sub(r"(?<![\w.])[A-Za-z_]\w*", put, body[at : skipped.start()]))
        out.append(skipped.group())
        at = skipped.end()
    out.append(re.sub(r"(?<![\w.])[A-Za-z_]\w*", put, body[at:]))
    return "".join(out)


def _branches(body: str) -> list[tuple[int, int, str]]:
    """(start, end, families) of each ``case`` clause of ``body`` naming only
    databases (``case schemas.POSTGRES, schemas.SQLITE:``): a statement in
    it runs on those alone (trial s39 woodpecker's ``renameTable``: ``RENAME
    TABLE`` for MySQL, ``ALTER TABLE ... RENAME TO`` for the others, both
    replayed read as a rename and then a use of the old name, DBN028).
    Families as :data:`dbnamelint.django_vendor.VENDORS` gives them,
    comma-joined and sorted."""
    masked = _SKIPPED.sub(lambda m: "".join(c if c == "\n" else " " for c in m.group()), body)
    depth_at: list[int] = []
    depth = 0
    for char in masked:
        depth_at.append(depth)
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
    clauses = list(_CASE.finditer(masked))
    out: list[tuple[int, int, str]] = []
    for at, clause in enumerate(clauses):
        level = depth_at[clause.start()]
        end = len(masked)
        for later in clauses[at + 1 :]:
            if depth_at[later.start()] == level:
                end = later.start()
                break
        for i in range(clause.end(), end):
            if depth_at[i] < level:
                end = i
                break
        values = clause.group("values")
        if values is None:
            continue  # default: every database no other case names
        named = [v.strip() for v in values.split(",") if v.strip()]
        found = [_CASE_DATABASE.fullmatch(v) for v in named]
        if not named or not all(found):
            continue  # a value that is no database's: not a switch on it
        families = {_FAMILIES[m.group("const") or m.group("driver")] for m in found if m}
        out.append((clause.end(), end, ",".join(sorted(families))))
    return out


def _for_branches(body: str, statements: list[DdlString]) -> list[DdlString]:
    """``statements`` of ``body``, each in a ``case`` naming databases marked
    ``/*only:<families>*/`` (read on those alone:
    :func:`dbnamelint.code_ddl_text.for_database`)."""
    if "case" not in body:
        return statements
    branches = _branches(body)
    out = []
    for statement in statements:
        families = next((f for a, b, f in branches if a <= statement.start < b), None)
        sql = statement.text.strip().rstrip(";")
        out.append(
            statement if families is None else replace(statement, text=f"/*only:{families}*/{sql};")
        )
    return out


def helper_calls(
    path: str,
    text: str,
    lists: list[tuple[int, int]],
    package: str,
    wanted: Callable[[str], bool],
) -> tuple[list[DdlString], list[tuple[int, int]]]:
    """The statements each call of a :func:`helpers` function inside
    ``lists`` makes, through the helpers it calls in turn, laid at the call
    (one laid string for those known, one hole for those the code completes
    or nested too deep to follow), and the spans of the helpers of ``text``
    itself that were followed (their own strings are not read where they
    stand)."""
    found = helpers(path, text, package, wanted)
    if not found:
        return [], []
    call = _call_pattern(found)
    out: list[DdlString] = []
    called: set[str] = set()
    matches = [
        m
        for m in call.finditer(text)
        if in_lists(lists, m.start()) and not _DECLARED.search(text, 0, m.start())
    ]
    bodies = {h.name: h.span for h in found.values() if h.span is not None}

    def inside(at: int) -> str | None:
        return next((n for n, (a, b) in bodies.items() if a <= at < b), None)

    # A call inside a helper of this file is read where that helper is called
    # (bound to what its caller passes); only a helper nothing here calls has
    # its own calls read where they stand.
    first = [m for m in matches if inside(m.start()) is None]
    for match in [*first, *(m for m in matches if inside(m.start()) is not None)]:
        holder = inside(match.start())
        if holder is not None and holder in called:
            continue
        args = call_arguments(text, match.end())
        if not args:
            continue
        name = match.group(match.lastgroup or 0)
        written = [text[a:b] for a, b in args]
        statements, deep = _followed(path, found, name, written, package, wanted, (), called)
        if not statements and not deep:
            continue
        out += _laid_at_call(text, match.start(), args[-1][1] + 1, statements, deep)
    spans = [h.span for h in found.values() if h.name in called and h.span is not None]
    return out, spans


def _laid_at_call(
    text: str, start: int, end: int, statements: Sequence[DdlString], deep: str
) -> list[DdlString]:
    """A call's statements laid over ``text[start:end]`` (:func:`laid_string`):
    the ones written whole as one string, those with holes (and, ``deep``,
    a helper chain too deep to follow) as another, unread."""
    known = [s.text for s in statements if not s.holes]
    unknown = [s.text for s in statements if s.holes]
    if deep:
        unknown.append(_DEEP_SQL.format(name=deep, why=_DEEP_WHY))
    out = []
    if known:
        out.append(laid_string(text, start, "; ".join(known), end, known=True))
    if unknown:
        out.append(laid_string(text, start, "; ".join(unknown), end, known=False))
    return out


def qualified_helper_calls(
    path: str,
    text: str,
    package: str,
    imported: dict[str, str],
    wanted: Callable[[str], bool],
) -> list[DdlString]:
    """The statements each call of an exported helper of another package of
    the module (``imported``: the name ``text`` calls it -> its text) makes,
    ``schemautil.RenameTable(ctx, tx, tableOneTimeCode, "CrossPkg")``, laid
    at the call as :func:`helper_calls` lays them. Its arguments are read in
    the caller's ``package`` (its constants), then bound in the helper's."""
    out: list[DdlString] = []
    for alias, other in imported.items():
        if alias + "." not in text:
            continue
        found = {
            n: h
            for n, h in helpers(path, "", other, wanted).items()
            if n[0].isupper() and not h.method
        }
        if not found:
            continue
        names = "|".join(re.escape(n) for n in found)
        call = lazy_compile(rf"(?<![\w.]){re.escape(alias)}\.(?P<f>{names})\s*\(")
        for match in call.finditer(text):
            args = call_arguments(text, match.end())
            if not args:
                continue
            written = [_in_caller(text[a:b].strip(), package) for a, b in args]
            statements, deep = _followed(
                path, found, match.group("f"), written, other, wanted, (), set()
            )
            out += _laid_at_call(text, match.start(), args[-1][1] + 1, statements, deep)
    return out


def _in_caller(arg: str, package: str) -> str:
    """``arg`` as the caller's package makes it: a Go string literal of its
    value when its constants make one, else as written."""
    known = value(arg, package)
    return arg if known is None else json.dumps(known, ensure_ascii=False)


def _followed(
    path: str,
    found: dict[str, Helper],
    name: str,
    written: list[str],
    package: str,
    wanted: Callable[[str], bool],
    stack: tuple[str, ...],
    called: set[str],
) -> tuple[list[DdlString], str]:
    """The statements a call of helper ``name`` with arguments ``written``
    makes, its own and those of the helpers it calls (bound to what it
    passes them), and the name of a helper nested too deep to follow ('')."""
    helper = found[name]
    called.add(name)
    body = _bound(helper.body, helper.params, written, package)
    statements = _for_branches(body, _statements(path, body, package, wanted))
    if len(stack) + 1 >= DEPTH:
        return statements, name if _call_pattern(found).search(body) else ""
    deep = ""
    for inner in _call_pattern(found).finditer(body):
        other = inner.group(inner.lastgroup or 0)
        args = call_arguments(body, inner.end())
        if other in (*stack, name) or not args:
            continue  # recursion: its own statements are read once
        more, nested = _followed(
            path,
            found,
            other,
            [body[a:b] for a, b in args],
            package,
            wanted,
            (*stack, name),
            called,
        )
        statements += more
        deep = deep or nested
    return statements, deep


def too_deep(sql: str) -> str | None:
    """Why the statement laid at a call (``sql``) is not read when the
    helpers it reaches nest deeper than followed, naming the limit (trial
    s36: the note said only "completed when the code runs"), else None."""
    found = _DEEP.search(sql)
    if found is None:
        return None
    return f"{found.group('why')} ({found.group('name')} calls further)"
