"""The value of a Go constant string expression, read as text: what the
gate's reading of Go DDL (:mod:`dbnamelint.go_format_ddl`) fills in.

An expression is one or more operands joined by ``+``, each an interpreted
``"..."`` or raw `` `...` `` string literal or an identifier naming a string
constant of the package (``const tbl = "x"``, ``tbl string = `x` `` in a
grouped ``const ( ... )`` block too); a call, an index or a name of another
package is not known. No Go type checking: text only.
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.go_calls import GO_STRING

__all__ = ["constant", "go_string", "value"]

_LITERAL = lazy_compile(r'"((?:\\.|[^"\\\n])*)"\Z|`([^`]*)`\Z', re.DOTALL)
_IDENT = lazy_compile(r"[A-Za-z_]\w*\Z")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "'": "'"}


def go_string(written: str) -> str | None:
    """The value of a Go string literal as written, else None."""
    found = _LITERAL.match(written.strip())
    if found is None:
        return None
    if found.group(2) is not None:
        return found.group(2)
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), found.group(1))


def constant(name: str, package: str) -> str | None:
    """The string a ``const``/``var`` (``name = "..."``, ``name string =
    `...` ``) of the package's text assigns ``name``, else None."""
    found = re.search(
        rf"(?m)^\s*(?:const\s+|var\s+)?{re.escape(name)}(?:\s+[\w.]+)?\s*=\s*"
        r"(\"(?:\\.|[^\"\\\n])*\"|`[^`]*`)"
        # the whole value: not the first literal of ``"a" + suffix()``
        r"(?=[ \t]*(?://[^\n]*)?$|[ \t]*[;)])",
        package,
    )
    return go_string(found.group(1)) if found is not None else None


def operands(expression: str) -> list[str]:
    """``expression``'s operands joined by a top-level ``+`` (a ``+`` in a
    string literal joins nothing); one operand when there is no ``+``."""
    out: list[str] = []
    start = i = 0
    while i < len(expression):
        char = expression[i]
        if char in '"`':
            literal = GO_STRING.match(expression, i)
            if literal is None:
                return [expression]
            i = literal.end()
            continue
        if char == "+":
            out.append(expression[start:i].strip())
            start = i + 1
        i += 1
    out.append(expression[start:].strip())
    return out


def value(expression: str, package: str) -> str | None:
    """The string ``expression`` is (see the module's docstring), else None."""
    parts: list[str] = []
    for operand in operands(expression):
        known = go_string(operand)
        if known is None and _IDENT.match(operand):
            known = constant(operand, package)
        if known is None:
            return None
        parts.append(known)
    return "".join(parts)
