"""Rust ``format!`` DDL whose fields are the file's string constants, read filled in.

rust-lang/crates.io's test-database helper runs
``sql_query(format!("CREATE SCHEMA IF NOT EXISTS \\"{TEMPLATE_SCHEMA}\\""))``
with ``const TEMPLATE_SCHEMA: &str = "test_template";`` in the same file.
A ``format!`` literal's ``{...}`` fields are holes (what the code fills in),
so a new statement of that shape was a ``DBN013`` error whatever the
constant held (trial s42). The value is known at compile time: a field
that is a string constant of the file (``{NAME}``, an identifier the
literal captures, Rust 2021; or ``{}``/``{0}``/``{name}`` given by the
macro's arguments, each a string literal or such a constant) is put in as
``Display`` writes a ``&str``, as it is; ``{{`` and ``}}`` are one brace
(``std::fmt``, "Syntax"). A field with a format spec (``{NAME:?}``,
``{:>8}``) or any other argument keeps the string's holes. Text only: a
constant is ``[pub] const|static NAME: &[\\'static ]str = "...";`` bound
once in the file (two of one name, in two modules, are none).
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile

_LITERAL = r'"(?P<q>(?:[^"\\]|\\.)*)"|r(?P<h>#*)"(?P<r>.*?)"(?P=h)'
_CONST = lazy_compile(
    r"(?m)^[ \t]*(?:pub(?:\s*\([^)]*\))?\s+)?(?:const|static)\s+(?P<name>[A-Za-z_]\w*)\s*:"
    rf"\s*&\s*(?:'static\s+)?str\s*=\s*(?:{_LITERAL})\s*;",
    re.DOTALL,
)
#: A field of a format string: ``{}``, ``{0}``, ``{name}``.
_FIELD = lazy_compile(r"\{(?P<arg>[A-Za-z_]\w*|\d+)?\}")
#: One macro argument after the literal: ``, "x"``, ``, NAME``, ``, name = ...``.
_ARGUMENT = lazy_compile(
    rf"\s*,\s*(?:(?P<key>[A-Za-z_]\w*)\s*=(?!=)\s*)?(?:(?:{_LITERAL})|(?P<id>[A-Za-z_]\w*))(?=\s*[,)])",
    re.DOTALL,
)
_CLOSE = lazy_compile(r"\s*,?\s*\)")
#: The simple escapes of a Rust string literal (the reference, "Tokens").
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}


def rust_constants(text: str) -> dict[str, str]:
    """The ``&str`` constants and statics of Rust ``text`` bound once, by
    name, to their value (raw strings as written; a quoted one's simple
    escapes decoded, one holding any other escape left out)."""
    seen: dict[str, str | None] = {}
    for found in _CONST.finditer(text):
        value = _value(found)
        name = found.group("name")
        seen[name] = None if name in seen else value
    return {name: value for name, value in seen.items() if value is not None}


def _value(found: re.Match[str]) -> str | None:
    """A string literal's value (the match of :data:`_LITERAL`'s groups)."""
    if found.group("r") is not None:
        return found.group("r")
    quoted = found.group("q")
    if quoted is None:
        return None
    out: list[str] = []
    i = 0
    while i < len(quoted):
        char = quoted[i]
        if char == "\\":
            escaped = _ESCAPES.get(quoted[i + 1 : i + 2])
            if escaped is None:
                return None  # \x, \u{...}, a line continuation: not read here
            out.append(escaped)
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


def constants_filled(
    text: str,
    start: int,
    holes: tuple[tuple[int, int], ...],
    sql: str,
    close: int,
    constants: dict[str, str],
) -> str | None:
    """The SQL of a one-piece ``format!`` literal (content from ``start``,
    its text ``sql`` with holes as ``x``, its closing quote ending at
    ``close``) whose every hole is a field the file's ``constants`` or the
    macro's arguments after ``close`` give (see the module docstring);
    None otherwise."""
    arguments, named = _arguments(text, close, constants)
    out: list[str] = []
    done = 0
    following = 0
    for a, b in sorted(holes):
        field = _FIELD.fullmatch(text, a, b)
        if field is None or a < start:
            return None
        arg = field.group("arg")
        if arg is None:
            value = arguments[following] if following < len(arguments) else None
            following += 1
        elif arg.isdigit():
            value = arguments[int(arg)] if int(arg) < len(arguments) else None
        else:
            value = named.get(arg, constants.get(arg))
        if value is None:
            return None
        out += [_unbraced(sql[done : a - start]), value]
        done = b - start
    return "".join([*out, _unbraced(sql[done:])])


def _arguments(
    text: str, close: int, constants: dict[str, str]
) -> tuple[list[str | None], dict[str, str]]:
    """The macro's positional arguments after the literal (a value each, or
    None when not a literal or constant) and its named ones; none at all
    unless every argument up to the macro's ``)`` is read."""
    positional: list[str | None] = []
    named: dict[str, str] = {}
    at = close
    while (found := _ARGUMENT.match(text, at)) is not None:
        value = _value(found) if found.group("id") is None else constants.get(found.group("id"))
        if found.group("key"):
            if value is not None:
                named[found.group("key")] = value
        else:
            positional.append(value)
        at = found.end()
    if _CLOSE.match(text, at) is None:
        return [], {}
    return positional, named


def _unbraced(part: str) -> str:
    """A literal's text between fields: ``{{`` and ``}}`` are one brace."""
    return part.replace("{{", "{").replace("}}", "}")
