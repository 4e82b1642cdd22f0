"""Go query helpers: a function's parameter spliced into SQL as the table name.

dex deletes through one helper, ``func (c *conn) delete(table, field, id
string) error { c.Exec(`delete from `+table+` where `+field+` = $1`, id) }``,
and calls it as ``c.delete("client", "id", id)``: no SQL string names the
table, the string argument does. A parameter is the table when the function's
body puts it in a table position: after a literal ending so (``` `delete from
`+table ```), or as the argument of a ``Sprintf`` verb standing so (``FROM
%s``). A string literal passed in that position by a call of the function (a
plain or a method call, ``c.delete(``) in the same file, or in another file
of its package (the caller gives those functions), is then the table's
name. Reads text only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.classify import table_position_before
from dbnamelint.impact.gormconv import mask
from dbnamelint.impact.gotablecalls import arguments
from dbnamelint.impact.sprintf import table_verb_arguments

#: What ``impact`` lists such a place as.
LABEL = "Go table parameter"
#: A top-level function or method declaration, up to its parameters' ``(``.
_FUNC = lazy_compile(
    r"^func[ \t]*(?:\([^()]*\)[ \t]*)?(?P<name>[A-Za-z_]\w*)[ \t]*(?:\[[^\]\n]*\][ \t]*)?\(",
    re.MULTILINE,
)
_IDENT = lazy_compile(r"[A-Za-z_]\w*")
_LITERAL = lazy_compile(r'"(?:\\.|[^"\\\n])*"|`[^`]*`')


def table_parameter_arguments(
    path: str, text: str, package: Mapping[str, Sequence[int]] | None = None
) -> list[tuple[int, int]]:
    """(start, end) of the content of each string literal that a call in
    ``text`` (a Go file) passes as a parameter its function splices into SQL
    as the table name; ``package``: the functions of the file's package
    (:func:`table_parameters` of its other files). [] for a file that is not Go."""
    if not path.lower().endswith(".go"):
        return []
    masked = mask(text)
    spliced = {**(package or {}), **_table_parameters(text, masked)}
    if not spliced:
        return []
    out: list[tuple[int, int]] = []
    calls = re.compile(r"(?<![\w])(" + "|".join(map(re.escape, sorted(spliced))) + r")\s*\(")
    for call in calls.finditer(masked):
        if _declared_here(masked, call.start(1)):
            continue  # the declaration itself
        args = arguments(masked, call.end() - 1)
        for index in spliced[call.group(1)]:
            if index >= len(args):
                continue
            a, b = args[index]
            value = text[a:b].strip()
            if value and _LITERAL.fullmatch(value) is not None:
                at = text.index(value, a)
                out.append((at + 1, at + len(value) - 1))
    return sorted(set(out))


def table_parameters(path: str, text: str) -> dict[str, list[int]]:
    """Per function of ``text`` (a Go file), the positions (0-based) of its
    parameters its body splices into SQL as the table name; {} for a file
    that is not Go or has no such function."""
    if not path.lower().endswith(".go") or "func" not in text:
        return {}
    return _table_parameters(text, mask(text))


def _declared_here(masked: str, at: int) -> bool:
    """Whether the name at ``at`` is the one its line's ``func`` declares."""
    found = _FUNC.match(masked, masked.rfind("\n", 0, at) + 1)
    return found is not None and found.start("name") == at


def _table_parameters(text: str, masked: str) -> dict[str, list[int]]:
    """Per function name, the positions of its parameters its body splices
    into SQL as the table name (a name declared twice: the first)."""
    verb_arguments = table_verb_arguments(text)
    out: dict[str, list[int]] = {}
    for func in _FUNC.finditer(masked):
        params = arguments(masked, func.end() - 1)
        if not params:
            continue
        names = [_IDENT.match(masked[a:b].strip()) for a, b in params]
        opened = params[-1][1]
        closing = masked.find("\n}", opened)
        body = (opened, len(masked) if closing < 0 else closing)
        found = [
            i
            for i, name in enumerate(names)
            if name is not None
            and (
                _concatenated(text, masked, name.group(), body)
                or any(
                    body[0] <= a < body[1] and text[a:b].strip() == name.group()
                    for a, b in verb_arguments
                )
            )
        ]
        if found:
            out.setdefault(func.group("name"), found)
    return out


def _concatenated(text: str, masked: str, name: str, body: tuple[int, int]) -> bool:
    """Whether ``body`` concatenates ``name`` right after a literal ending in a
    table position (```` `delete from `+table ````)."""
    pattern = re.compile(rf"[\"`]\s*\+\s*{re.escape(name)}(?![\w.(\[])")
    for plus in pattern.finditer(masked, *body):
        close = plus.start()
        quote = masked[close]
        opening = masked.rfind(quote, body[0], close)
        if opening >= 0 and table_position_before(text[opening + 1 : close]):
            return True
    return False
