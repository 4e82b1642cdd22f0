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
where it stands: its calls say what it makes. One level: a helper a helper
calls is not followed. Text only, no Go type checking.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from msgspec import Struct

from dbnamelint.code_ddl_text import DdlString, ddl_strings, makes_ddl
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.go_calls import call_arguments
from dbnamelint.go_const_expr import value
from dbnamelint.impact.migration_lists import _closing, in_lists

__all__ = ["Helper", "helper_calls", "helpers"]

#: A top-level function's declaration up to its parameters' ``(`` (no receiver).
_FUNC = lazy_compile(r"(?m)^func\s+(?P<name>[A-Za-z_]\w*)\s*\(")
_IDENT = lazy_compile(r"[A-Za-z_]\w*")
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
    """The functions of ``package`` (whose first file is the list's ``text``)
    whose DDL is incomplete until their parameters are bound, by name."""
    out: dict[str, Helper] = {}
    for found in _FUNC.finditer(package):
        name = found.group("name")
        args = call_arguments(package, found.end())
        if not args or name in out:
            continue
        params = _params(package[args[0][0] : args[-1][1]])
        brace = package.find("{", args[-1][1])
        if not params or brace < 0 or "\nfunc " in package[args[-1][1] : brace]:
            continue
        end = _closing(package, brace)
        body = package[brace:end]
        unbound = _bound(body, params, [], package)
        holed = sum(1 for s in _statements(path, unbound, package, wanted) if s.holes)
        dummies = [f'"p{i}"' for i in range(len(params))]
        bound = _bound(body, params, dummies, package)
        if holed <= sum(1 for s in _statements(path, bound, package, wanted) if s.holes):
            # complete as written, or built from more than its parameters:
            # read where it stands, as before (its note there)
            continue
        span = (brace, end) if end <= len(text) else None
        out[name] = Helper(name, params, body, span)
    return out


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


def helper_calls(
    path: str,
    text: str,
    lists: list[tuple[int, int]],
    package: str,
    wanted: Callable[[str], bool],
) -> tuple[list[DdlString], list[tuple[int, int]]]:
    """The statements each call of a :func:`helpers` function inside
    ``lists`` makes, laid at the call (one laid string for those known, one
    hole for those the code completes), and the spans of the called helpers
    of ``text`` itself (their own strings are not read where they stand)."""
    from dbnamelint.go_format_ddl import _laid

    found = helpers(path, text, package, wanted)
    if not found:
        return [], []
    call = lazy_compile(r"(?<![\w.])(" + "|".join(map(re.escape, found)) + r")\s*\(")
    out: list[DdlString] = []
    called: set[str] = set()
    for match in call.finditer(text):
        if not in_lists(lists, match.start()):
            continue
        args = call_arguments(text, match.end())
        if not args:
            continue
        helper = found[match.group(1)]
        written = [text[a:b] for a, b in args]
        body = _bound(helper.body, helper.params, written, package)
        statements = _statements(path, body, package, wanted)
        if not statements:
            continue
        called.add(helper.name)
        end = args[-1][1] + 1
        known = [s.text for s in statements if not s.holes]
        unknown = [s.text for s in statements if s.holes]
        if known:
            out.append(_laid(text, match.start(), "; ".join(known), end, known=True))
        if unknown:
            out.append(_laid(text, match.start(), "; ".join(unknown), end, known=False))
    spans = [h.span for h in found.values() if h.name in called and h.span is not None]
    return out, spans
