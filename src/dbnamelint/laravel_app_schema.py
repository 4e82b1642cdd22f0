"""Laravel Schema builder calls in an app's own PHP, outside its migrations.

``Schema::create('x', function (Blueprint $t) {...})``, ``Schema::table``
and ``Schema::rename`` in a controller, an artisan command, a seeder or a
route closure make names at run time as a migration's calls do, but passed
the gate in silence: only a migration's ``up()`` was read (trial s37
BookStack s28, s31, s32, s65), while the same DDL as ``DB::statement`` there
was judged. :func:`app_shadow_text` reads them with the migration reader
(:func:`dbnamelint.laravel_schema.builder_sql`) over each method nothing in
the file calls (``handle()``, ``run()``, an action; a method the file calls is
read from its caller, its parameters bound) and over code outside any method,
so the gate judges their names as a ``DB::statement``'s; a call it cannot read
(a name from a parameter, ``config()``) is returned unread, which the gate
refuses unless a comment at the call accepts it (as the Rails app's schema
calls, :mod:`dbnamelint.rails_app_schema`).

A method of another file that a call there reaches is not noted: that file's
own Schema calls are judged where they are written.
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.laravel_schema import (
    _THIS_CALL,
    Builder,
    Unread,
    _tokens,
    as_statements,
    builder_sql,
    is_laravel_migration,
    schema_imports,
)

__all__ = ["app_shadow_text", "is_laravel_app_code"]

#: A Schema facade or builder call.
_SCHEMA_CALL = lazy_compile(r"\bSchema\s*::|\bgetSchemaBuilder\s*\(|\bSchema\s+as\s+\w+\s*[;,}]")
#: The facade named: imported, fully qualified, the global alias (``\Schema``,
#: ``use Schema;``), or a builder from a connection. Another class named
#: ``Schema`` (a GraphQL or JSON schema) is not Laravel's.
_LARAVEL_SCHEMA = lazy_compile(
    r"\bIlluminate\\Support\\Facades\\Schema\b|(?<![\w\\])\\Schema\s*::"
    r"|\buse\s+Schema\s*;|\bgetSchemaBuilder\s*\("
)
#: A namespace statement: without one, ``Schema::`` is Laravel's global alias.
_NAMESPACE = lazy_compile(r"^\s*namespace\s+[\w\\]+\s*[;{]", re.MULTILINE)
_FUNCTION = lazy_compile(r"\bfunction\s+&?\s*([A-Za-z_]\w*)\s*\(")


def is_laravel_app_code(path: str, text: str) -> bool:
    """Whether PHP file ``path`` is no Laravel migration and calls Laravel's
    Schema builder."""
    return (
        path.lower().endswith(".php")
        and _SCHEMA_CALL.search(text) is not None
        and not is_laravel_migration(path, text)
        and (
            _LARAVEL_SCHEMA.search(text) is not None
            or _NAMESPACE.search(text) is None
            or bool(schema_imports(text))  # a group import: use ...\\Facades\\{DB, Schema};
        )
    )


def _bodies(text: str) -> list[tuple[str, int, int]]:
    """(name, start, end) of each named function's body in ``text``."""
    out: list[tuple[str, int, int]] = []
    for m in _FUNCTION.finditer(text):
        toks = _tokens(text, m.end() - 1, len(text))
        depth = 0
        begin = None
        for t in toks:
            if begin is None and depth == 0 and t.kind == "p" and t.text == ";":
                break  # abstract or interface: no body
            if t.kind == "p" and t.text in "({[":
                depth += 1
                if t.text == "{" and begin is None and depth == 1:
                    begin = t.end
            elif t.kind == "p" and t.text in ")}]":
                depth -= 1
                if depth == 0 and begin is not None and t.text == "}":
                    out.append((m.group(1), begin, t.start))
                    break
    return out


def _found(text: str, mysql: bool) -> Builder:
    """The Schema calls of ``text``'s entry methods and top-level code."""
    bodies = _bodies(text)
    called = {
        m.group(1)
        for m in _THIS_CALL.finditer(text)
        # a method calling itself is still an entry
        if not any(b0 <= m.start() < b1 and m.group(1) == n for n, b0, b1 in bodies)
    }
    spans: list[tuple[tuple[int, int], bool]] = [
        ((b0, b1), False) for n, b0, b1 in bodies if n not in called
    ]
    inside = [(b0, b1) for _, b0, b1 in bodies]

    def outside(at: int) -> bool:
        return not any(b0 <= at < b1 for b0, b1 in inside)

    if any(outside(m.start()) for m in _SCHEMA_CALL.finditer(text)):
        spans.append(((0, len(text)), True))
    calls: dict[tuple[int, int], list[tuple[int, str, int]]] = {}
    ordered: set[int] = set()
    unread: dict[tuple[int, str, str], Unread] = {}
    for span, top in spans:
        got = builder_sql(text, mysql=mysql, span=span)
        for start, end, pieces in got.calls:
            if (start, end) not in calls and (not top or outside(start)):
                calls[(start, end)] = pieces
                if start in got.ordered:
                    ordered.add(start)
        for one in got.unread:
            if not top or outside(one.start):
                unread.setdefault((one.start, one.call, one.why), one)
    read_at = {start for start, _end in calls}
    return Builder(
        [(a, b, p) for (a, b), p in sorted(calls.items())],
        # a call one entry could not read that another read (a parameter bound) is read
        [u for u in unread.values() if u.start not in read_at or u.why],
        ordered,
    )


def app_shadow_text(path: str, text: str, *, mysql: bool = False) -> tuple[str, list[Unread]]:
    """``text`` with each Laravel Schema builder call of application code as
    a ``DB::statement('<SQL>')`` (same line count), and the calls not read;
    ``text`` itself for a migration or a file calling no Schema builder."""
    if not is_laravel_app_code(path, text):
        return text, []
    found = _found(text, mysql)
    return as_statements(text, found), found.unread
