"""The string a Go identifier stands for when a query builder is given it.

flipt writes ``const ( tableRollouts = "rollouts" ... )`` and then
``builder.Select("id, \\"rank\\"").From(tableRollouts)``: the chain's table is
the constant's string, so its column strings are that table's columns as
they are for ``From("rollouts")`` (trial s21 flipt #1). Resolved here: a
package-level ``const x = "..."``, ``var x = "..."`` (``x string = ...`` too),
or an entry of a ``const (...)``/``var (...)`` block, of the file or of another
Go file of its folder (one package); a ``var`` its file assigns again
(``x = ...``, ``x += ...``, ``&x``) is no one string, nor is a name two files
give two strings. A function that declares the name itself (``x := ...``,
``var x``, a parameter) shadows it: no string there. Reads text only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from dbnamelint.core.lazyre import lazy_compile

_LITERAL = r"""(?:"(?:\\.|[^"\\\n])*"|`[^`]*`)"""
#: ``const x = "v"`` / ``var x string = "v"`` at the top level.
_SINGLE = lazy_compile(
    r"^(?P<kind>const|var)[ \t]+(?P<name>[A-Za-z_]\w*)(?:[ \t]+string)?[ \t]*=[ \t]*"
    rf"(?P<value>{_LITERAL})[ \t]*(?://[^\n]*)?$",
    re.MULTILINE,
)
#: A ``const (`` / ``var (`` block at the top level, to its closing line.
_BLOCK = lazy_compile(
    r"^(?P<kind>const|var)[ \t]*\([ \t]*(?://[^\n]*)?\n(?P<body>.*?)^\)", re.M | re.S
)
_ENTRY = lazy_compile(
    rf"^[ \t]+(?P<name>[A-Za-z_]\w*)(?:[ \t]+string)?[ \t]*=[ \t]*(?P<value>{_LITERAL})"
    r"[ \t]*(?://[^\n]*)?$",
    re.MULTILINE,
)
_PACKAGE = lazy_compile(r"^package[ \t]+(\w+)", re.MULTILINE)
#: The escapes of an interpreted ("...") Go string that a table's name may hold.
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "'": "'"}


def package_name(text: str) -> str | None:
    """The package a Go file's ``package`` clause names, or None."""
    found = _PACKAGE.search(text)
    return found.group(1) if found else None


def string_constants(text: str) -> dict[str, str | None]:
    """Per name a Go file declares at the top level as one string literal
    (``const``/``var``, alone or in a block), its value; None for a ``var``
    the file assigns again, or a name declared twice with two values."""
    found: list[tuple[str, str, int, str]] = []  # (kind, name, its offset, literal)
    for single in _SINGLE.finditer(text):
        found.append(
            (
                single.group("kind"),
                single.group("name"),
                single.start("name"),
                single.group("value"),
            )
        )
    for block in _BLOCK.finditer(text):
        base = block.start("body")
        for entry in _ENTRY.finditer(block.group("body")):
            at = base + entry.start("name")
            found.append((block.group("kind"), entry.group("name"), at, entry.group("value")))
    out: dict[str, str | None] = {}
    for kind, name, at, literal in found:
        value = None if kind == "var" and _reassigned(text, name, at) else _value(literal)
        out[name] = value if out.get(name, value) == value else None
    return out


def merged(tables: Iterable[Mapping[str, str | None]]) -> dict[str, str | None]:
    """One package's constants from its files' (a name two files give two
    strings: None)."""
    out: dict[str, str | None] = {}
    for each in tables:
        for name, value in each.items():
            out[name] = value if out.get(name, value) == value else None
    return out


def resolve(masked: str, name: str, at: int, constants: Mapping[str, str | None]) -> str | None:
    """The string ``name`` used at ``at`` of ``masked`` (a
    :func:`~dbnamelint.impact.gormconv.mask`\\ ed Go file) stands for: its
    package-level constant's, unless the enclosing function declares the
    name itself; None when unknown."""
    value = constants.get(name)
    if value is None:
        return None
    body = masked.rfind("\nfunc ", 0, at) + 1
    if body > 0:
        head = masked[body:at]
        if re.search(
            rf"(?:(?<![\w.])|,\s*){re.escape(name)}\s*(?:,\s*\w+\s*)*:=|\bvar\s+{re.escape(name)}\b"
            rf"|[(,]\s*{re.escape(name)}\s+[\w.*\[\]]",
            head,
        ):
            return None  # shadowed by a local or a parameter
    return value


def _reassigned(text: str, name: str, declared: int) -> bool:
    """Whether a ``var`` declared at ``declared`` is assigned again, or its
    address taken, anywhere in the file (a ``:=`` declares a local instead)."""
    word = re.escape(name)
    pattern = rf"(?<![\w.]){word}\s*(?:[-+*/%|&^]|<<|>>)?=(?!=)|&\s*{word}\b|{word}\s*(?:\+\+|--)"
    return any(m.start() != declared for m in re.finditer(pattern, text))


def _value(literal: str) -> str:
    """The string a Go literal stands for (a raw one as written)."""
    if literal.startswith("`"):
        return literal[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), literal[1:-1])
