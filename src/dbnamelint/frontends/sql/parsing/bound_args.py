"""The values a PostgreSQL call of constants gives a routine's parameters.

``SELECT mk('audit_log')`` of ``CREATE FUNCTION mk(t text) ... EXECUTE
format('CREATE TABLE %I (id int)', t)`` runs ``CREATE TABLE audit_log (id
int)``: the body read at the call (:func:`.._read_called_body`) knows
``t`` is ``'audit_log'``. Bound only where the value is known to be the
text the body then sees (PostgreSQL manual, "CREATE FUNCTION", and 43.3,
"Declarations"):

- positional arguments, as many as the routine has parameters (a default
  or a variadic one left to PostgreSQL: none bound), every one ``IN``
  (an ``OUT`` of a procedure is passed as well: none bound);
- a string literal to a ``text``, ``varchar``/``character varying`` or
  ``name`` parameter (a parameter's length is not enforced: "the type
  modifiers of parameters are ignored"), an integer literal to an integer
  one (as its digits: ``007`` is ``7``);
- a string literal naming one relation, unqualified, to a ``regclass``
  parameter: Diesel's ``diesel_manage_updated_at(_tbl regclass)``, run by
  ``SELECT diesel_manage_updated_at('users')``. The body sees the
  relation, whose text (``%s``, ``||``) is its name as ``quote_ident``
  writes it (manual 8.19, "Object Identifier Types": the input is a name,
  folded to lower case unless double-quoted, the output quoted where
  needed); a qualified name's text depends on the search path (its
  schema is written unless visible there): not bound;
- a named parameter, unquoted (a quoted ``"T"`` is another name than the
  body's ``t``), that the body never declares, assigns, selects ``INTO``
  or loops over (then it holds another value there).

Anything else is left unbound: the body's use of it stays what it was, a
variable (DBN013 inside, the call's DBN012 note kept). A bound value knows
where the call writes each of its characters (:class:`.loops.Located`): a
name the body makes of it is located at the argument.
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.sql.parsing.loops import Located, located, quote_ident

#: One constant argument: a string literal, an integer, or another constant.
_ARGUMENT = lazy_compile(
    r"\s*(?:'(?P<s>(?:[^']|'')*)'|(?P<i>[-+]?\d+)(?![.\d])|[-+]?\d+\.\d+|TRUE|FALSE|NULL)"
    r"\s*(?:,|\Z)",
    re.IGNORECASE,
)
_TEXT_TYPES = frozenset({"text", "varchar", "character varying", "name"})
_INTEGER_TYPES = frozenset({"int", "integer", "int2", "int4", "int8", "smallint", "bigint"})
#: A ``regclass`` literal of one name: quoted, or unquoted (up to a space,
#: ``.`` or ``"``; PostgreSQL's ``SplitIdentifierString``).
_RELATION = lazy_compile(r'\s*(?:"(?P<q>(?:[^"]|"")+)"|(?P<u>[^\s".]+))\s*\Z')
#: PostgreSQL's longest name in bytes (NAMEDATALEN - 1); a longer one is cut.
_NAME_BYTES = 63
_WORD = lazy_compile(r'"(?:[^"]|"")+"|[^\W\d][\w$]*|\S')
_TYPMOD = lazy_compile(r"\s*\([^()]*\)")
_DEFAULT = lazy_compile(r"\s(?:DEFAULT\s|=)", re.IGNORECASE)
#: A ``DECLARE`` section: up to the ``BEGIN`` of its block.
_DECLARE = lazy_compile(r"\bDECLARE\b(.*?)\bBEGIN\b", re.IGNORECASE | re.DOTALL)
_STRINGS = lazy_compile(r"'(?:[^']|'')*'|--[^\n]*|/\*.*?\*/", re.DOTALL)


def bound_parameters(listed: str, arguments: str, at: int, body: str) -> dict[str, Located]:
    """Each parameter (lower-case name) of the parameter list ``listed`` the
    constant ``arguments`` (at offset ``at`` of the call's text) give a
    known text to, in the PL/pgSQL ``body`` (see the module docstring)."""
    parameters = _split(listed)
    values = _values(arguments, at)
    if values is None or len(values) != len(parameters):
        return {}
    code = _STRINGS.sub(" ", body)
    out: dict[str, Located] = {}
    for parameter, value in zip(parameters, values, strict=True):
        if _DEFAULT.search(f" {parameter} "):
            return {}
        words = _WORD.findall(parameter)
        if words and words[0].upper() in ("OUT", "INOUT", "VARIADIC"):
            return {}
        if words and words[0].upper() == "IN":
            words = words[1:]
        if len(words) < 2 or value is None or not re.fullmatch(r"[^\W\d][\w$]*", words[0]):
            continue
        name = words[0].lower()
        kind = " ".join(_TYPMOD.sub("", " ".join(words[1:])).lower().split())
        kind = kind.removeprefix("pg_catalog.")
        string, text = value
        if string and kind == "regclass":
            relation = _relation_text(text)
            if relation is not None and not _changed(name, code):
                out[name] = relation
            continue
        fits = kind in (_TEXT_TYPES if string else _INTEGER_TYPES)
        if fits and not _changed(name, code):
            out[name] = text
    return out


def arity_fits(listed: str, arguments: str) -> bool:
    """Whether as many positional constants as ``arguments`` holds may call
    a routine of the parameter list ``listed``: no fewer than the
    parameters without a default, no more than them all (a variadic one
    takes any number more). An overload of another arity is another
    routine, which the file's definition of the name is not."""
    values = _values(arguments, 0)
    if values is None:
        return False
    parameters = _split(listed)
    modes = [next(iter(_WORD.findall(p)), "").upper() for p in parameters]
    if "VARIADIC" in modes:
        return True
    # a function's OUT parameters are not passed, a procedure's may be
    needed = [
        p
        for p, mode in zip(parameters, modes, strict=True)
        if mode != "OUT" and not _DEFAULT.search(f" {p} ")
    ]
    return len(needed) <= len(values) <= len(parameters)


def _split(listed: str) -> list[str]:
    """The parameters of a list, cut at its top-level commas."""
    if not listed.strip():
        return []
    out: list[str] = []
    depth, begin = 0, 0
    for at, char in enumerate(listed):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            out.append(listed[begin:at])
            begin = at + 1
    out.append(listed[begin:])
    return out


def _values(arguments: str, base: int) -> list[tuple[bool, Located] | None] | None:
    """Each argument as ``(is a string, its text)``, located at ``base`` +
    where ``arguments`` writes it; None for a constant of another kind;
    None for a list that is not all constants."""
    out: list[tuple[bool, Located] | None] = []
    at = 0
    if not arguments.strip():
        return out
    while at < len(arguments):
        found = _ARGUMENT.match(arguments, at)
        if found is None or found.end() == at:
            return None
        if found.group("s") is not None:
            out.append((True, _undoubled(found.group("s"), base + found.start("s"))))
        elif found.group("i") is not None:
            digits = str(int(found.group("i")))
            out.append((False, located(digits, (base + found.start("i"),) * len(digits))))
        else:
            out.append(None)
        at = found.end()
    return out


def _relation_text(value: Located) -> Located | None:
    """The text of ``value`` given to a ``regclass`` parameter: the one
    relation it names (ASCII letters folded to lower case unless quoted), as
    ``quote_ident`` writes it; None for a qualified name, or one longer
    than PostgreSQL keeps. Located where ``value`` is: character for
    character when the text is as long as what the literal writes, else
    all at the name's first character."""
    found = _RELATION.match(value)
    if found is None:
        return None
    if found.group("q") is not None:
        name = found.group("q").replace('""', '"')
        begin, end = found.start("q") - 1, found.end("q") + 1
    else:
        unquoted = found.group("u")
        name = unquoted.translate(_ASCII_LOWER)
        begin, end = found.start("u"), found.end("u")
    if len(name.encode("utf-8")) > _NAME_BYTES:
        return None
    text = quote_ident(name)
    spots = value.spots[begin:end]
    if len(spots) != len(text):
        spots = (spots[0],) * len(text)
    return located(text, spots)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _undoubled(written: str, at: int) -> Located:
    """A string literal's text (``''`` one quote), each character where it
    is written (``at`` the literal's first)."""
    chars: list[str] = []
    spots: list[int] = []
    i = 0
    while i < len(written):
        chars.append(written[i])
        spots.append(at + i)
        i += 2 if written.startswith("''", i) else 1
    return located("".join(chars), tuple(spots))


def _changed(name: str, code: str) -> bool:
    """Whether the body (strings and comments out) gives ``name`` another
    value or declares its own: assigned, selected into, looped over, or
    declared in a block."""
    word = re.escape(name)
    if re.search(
        rf"(?<![\w$]){word}\s*:=|(?:^|;|\bBEGIN|\bTHEN|\bELSE|\bLOOP)\s*{word}\s*=|"
        rf"\bINTO\s+(?:STRICT\s+)?(?:[\w$]+\s*,\s*)*{word}(?![\w$])"
        rf"|\bFOR(?:EACH)?\s+{word}(?![\w$])|\bDIAGNOSTICS\b[^;]*(?<![\w$]){word}\s*:?=",
        code,
        re.IGNORECASE,
    ):
        return True
    return any(
        re.search(rf"(?<![\w$]){word}(?![\w$])", d.group(1), re.IGNORECASE)
        for d in _DECLARE.finditer(code)
    )
