"""Go ``fmt.Sprintf(<format constant>, <literals>)`` whose format is committed DDL, read filled in.

Authelia's "special migrations" run ``conn.ExecContext(ctx,
fmt.Sprintf(provider.sqlFmtRenameTable, tableBannedIP, "BannedIPs"))``: the
format is a field the provider sets from a constant
(``sqlFmtRenameTable: queryFmtRenameTable``, ``queryFmtRenameTable =
"ALTER TABLE %s RENAME TO %s;"``), so a change adding that line adds no
DDL string at all, and the gate said nothing of ``BannedIPs`` (trial s33
authelia #1). Here, in a Go file, each ``Sprintf`` whose format argument is
an identifier or a selector (``provider.sqlFmtRenameTable``) resolving in
the file's package (its folder's ``.go`` files, tests aside) to a string
constant holding DDL, through one field assignment at most, is read as the
statement it makes: a :class:`~dbnamelint.code_ddl_text.DdlString` laid at
the call (``laid``), so the gate judges the names as a literal's. Each verb
takes a string literal, a number or such a constant; ``%%`` is ``%``; any
other argument (a variable, a call) is a name the code builds: read as
``x``, the whole statement a hole, so the ``DBN013`` info note says it is
completed when the code runs, as for a literal format's ``%s``. The
package's constants are read from the working tree. Text only, no Go type
checking: ``fmt``'s n-th verb takes the n-th argument after the format
(``%[n]s`` indexes are not followed: unread).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dbnamelint.code_ddl_text import DdlString
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.go_calls import call_arguments

_SPRINTF = lazy_compile(r"\bSprintf\(")
_VERB = lazy_compile(r"%(?:%|[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*)?)?[a-zA-Z]|\[)")
_SELECTOR = lazy_compile(r"(?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*)\Z")
_LITERAL = lazy_compile(r'"((?:\\.|[^"\\\n])*)"\Z|`([^`]*)`\Z', re.DOTALL)
_NUMBER = lazy_compile(r"\d+\Z")
_DDL = lazy_compile(r"\s*(?:CREATE|ALTER|DROP|RENAME)\b", re.IGNORECASE)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "'": "'"}


def _go_string(written: str) -> str | None:
    """The value of a Go string literal as written, else None."""
    found = _LITERAL.match(written.strip())
    if found is None:
        return None
    if found.group(2) is not None:
        return found.group(2)
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), found.group(1))


def _constant(name: str, package: str) -> str | None:
    """The string a ``const``/``var`` (``name = "..."``, ``name string =
    `...` ``) of the package's text assigns ``name``, else None."""
    found = re.search(
        rf"(?m)^\s*(?:const\s+|var\s+)?{re.escape(name)}(?:\s+[\w.]+)?\s*=\s*"
        r"(\"(?:\\.|[^\"\\\n])*\"|`[^`]*`)",
        package,
    )
    return _go_string(found.group(1)) if found is not None else None


def _format(name: str, package: str) -> str | None:
    """The DDL format ``name`` holds: a constant, or a field set from one
    (``name: otherConst,`` in a composite literal, ``x.name = otherConst``)."""
    value = _constant(name, package)
    if value is None:
        for found in re.finditer(
            rf"(?:\b{re.escape(name)}\s*:|\.{re.escape(name)}\s*=)\s*([A-Za-z_][\w.]*)\s*[,\n;}})]",
            package,
        ):
            other = found.group(1).rsplit(".", 1)[-1]
            value = _constant(other, package)
            if value is not None and _DDL.match(value):
                break
    return value if value is not None and _DDL.match(value) else None


def format_ddl_strings(text: str, package: Callable[[], str]) -> list[DdlString]:
    """The statements the Go ``text``'s ``Sprintf`` calls of a DDL format
    constant make with constant arguments, and those of a literal DDL format
    whose every argument is known (see the module's docstring);
    ``package``: the text of the file's package (called only when needed)."""
    return [string for string, _ in _formatted(text, package)]


def with_filled_formats(
    text: str, strings: list[DdlString], package: Callable[[], str]
) -> list[DdlString]:
    """``strings`` (Go ``text``'s DDL strings) with each literal ``Sprintf``
    format whose arguments are all known replaced by the statement it makes,
    and the statements of format constants added: a literal format is read
    as well as a constant one (trial s34 listmonk: ``fmt.Sprintf(`CREATE
    TABLE %s (...)`, "audit_log")`` was only a ``DBN013`` note)."""
    formatted = _formatted(text, package)
    filled = [span for _, span in formatted if span is not None]
    kept = [s for s in strings if not any(a <= s.start < b for a, b in filled)]
    return kept + [string for string, _ in formatted]


def _formatted(
    text: str, package: Callable[[], str]
) -> list[tuple[DdlString, tuple[int, int] | None]]:
    """Each ``Sprintf`` statement :func:`format_ddl_strings` reads, and the
    span of its format argument when that is a literal (else None)."""
    out: list[tuple[DdlString, tuple[int, int] | None]] = []
    held: str | None = None
    for call in _SPRINTF.finditer(text):
        args = call_arguments(text, call.end())
        if not args:
            continue
        first = text[args[0][0] : args[0][1]].strip()
        selector = _SELECTOR.match(first)
        literal = _go_string(first) if selector is None else None
        if selector is None and literal is None:
            continue
        if literal is not None and not _DDL.match(literal):
            continue  # fmt.Sprintf("%d items", n): the package is not read for it
        if held is None:
            held = package()
        if literal is not None:
            fmt: str | None = literal
        else:
            assert selector is not None
            fmt = _format(selector.group(1), held)
        if fmt is None:
            continue
        filled, known = _filled(fmt, [text[a:b].strip() for a, b in args[1:]], held)
        if filled is None or (literal is not None and not known):
            continue  # a literal format's unknown verb: its own DBN013 note says so
        start = call.start()
        row = text.count("\n", 0, start)
        col = start - (text.rfind("\n", 0, start) + 1)
        sql = _one_line(filled.strip().rstrip(";").strip())
        # in the laid line's columns, as a name's location counts; the call at least
        end = max(start + len(sql), args[-1][1] + 1)
        string = DdlString(
            pieces=((start, start),),
            # an argument not known: the whole statement is built (DBN013's note)
            holes=() if known else ((start, end),),
            text=sql,
            end=end,
            laid=True,
            laid_at=(row, col),
        )
        out.append((string, args[0] if literal is not None else None))
    return out


#: A SQL quoted string (kept) or line comment (blanked).
_QUOTED_OR_COMMENT = lazy_compile(r"'(?:[^'\n]|'')*'|(?P<c>--[^\n]*)")


def _one_line(sql: str) -> str:
    """``sql`` on one line: it is laid at its call, past the line's end, and
    a line break would lay the rest over the lines below, the next string's
    (trial s34 listmonk: a multi-line format constant hid the
    ``CREATE TABLE audit_event`` after it). A ``--`` comment, which a break
    ended, is blanked."""
    return _QUOTED_OR_COMMENT.sub(
        lambda m: " " * len(m.group()) if m.group("c") else m.group(), sql
    ).replace("\n", " ")


def _filled(fmt: str, args: list[str], package: str) -> tuple[str | None, bool]:
    """``fmt`` with each verb's argument put in, and whether each was known:
    a string literal, a number or a string constant of the package (another,
    a variable or a call, is put in as ``x``, a name the code builds); None
    for a ``%[n]s`` index or too few arguments."""
    known = True
    out: list[str] = []
    at = 0
    taken = 0
    for verb in _VERB.finditer(fmt):
        out.append(fmt[at : verb.start()])
        at = verb.end()
        if verb.group() == "%%":
            out.append("%")
            continue
        if verb.group().endswith("[") or taken >= len(args):
            return None, False  # %[n]s, or too few arguments
        arg = args[taken]
        taken += 1
        value = _go_string(arg)
        if value is None and _NUMBER.match(arg):
            value = arg
        if value is None:
            named = _SELECTOR.match(arg)
            value = _constant(named.group(1), package) if named is not None else None
        if value is None:
            known = False
            value = "x"
        out.append(value)
    out.append(fmt[at:])
    return "".join(out), known
