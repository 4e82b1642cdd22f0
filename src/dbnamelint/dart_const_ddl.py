"""Dart DDL strings whose interpolations are the file's string constants, read filled in.

ente's mobile databases (sqflite) write every statement with their class's
constants: ``static const filesTable = 'files';``, ``static const
columnCaption = 'caption';`` and ``'''ALTER TABLE $filesTable ADD COLUMN
$columnCaption TEXT;'''``. An interpolation is a hole (what the code fills
in), so each new statement of that shape was a ``DBN013`` error whatever the
constants held (trial s43): every honest migration of those databases was
refused. The values are known at compile time: an interpolation ``$name`` or
``${name}`` (Dart's language tour, "Strings") of a string constant of the
file is put in as written. Any other interpolation (``${a.b}``, an
expression, a ``final`` or a parameter) keeps the string's holes. Text only:
a constant is ``[static] const [String] name = '...';`` (or ``"..."``) holding
no escape and no interpolation, bound once in the file (two of one name, in
two classes, are none).
"""

from __future__ import annotations

from dbnamelint.core.lazyre import lazy_compile

_CONST = lazy_compile(
    r"(?m)^[ \t]*(?:static\s+)?const\s+(?:String\s+)?(?P<name>[A-Za-z_]\w*)\s*=\s*"
    r"(?:'(?P<s>[^'\\$\n]*)'|\"(?P<d>[^\"\\$\n]*)\")\s*;"
)
#: An interpolation of an identifier: ``$name`` or ``${name}``.
_FIELD = lazy_compile(r"\$(?:\{\s*(?P<braced>[A-Za-z_]\w*)\s*\}|(?P<bare>[A-Za-z_]\w*))")


def dart_constants(text: str) -> dict[str, str]:
    """The string constants of Dart ``text`` bound once, by name, to their value."""
    seen: dict[str, str | None] = {}
    for found in _CONST.finditer(text):
        name = found.group("name")
        value = found.group("s") if found.group("s") is not None else found.group("d")
        seen[name] = None if name in seen else value
    return {name: value for name, value in seen.items() if value is not None}


def constants_filled(
    text: str,
    start: int,
    holes: tuple[tuple[int, int], ...],
    sql: str,
    constants: dict[str, str],
) -> str | None:
    """The SQL of a one-piece literal (content from ``start``, its text
    ``sql`` with each hole as as many ``x``) whose every hole is an
    interpolation of one of the file's ``constants``; None otherwise."""
    out: list[str] = []
    done = 0
    for a, b in sorted(holes):
        field = _FIELD.fullmatch(text, a, b)
        if field is None or a < start:
            return None
        value = constants.get(field.group("braced") or field.group("bare"))
        if value is None:
            return None
        out += [sql[done : a - start], value]
        done = b - start
    return "".join([*out, sql[done:]])
