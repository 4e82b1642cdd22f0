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
checking: ``fmt``'s n-th verb takes the n-th argument after the format,
``%[n]s`` the n-th; ``%s``/``%v`` put a string in as it is, ``%q``
Go-quoted (a quoted SQL name), ``%d``/``%v`` a number; a verb with flags or
a width, or a missing argument, is a name the code builds.

Session 34: a ``+`` of string literals and the package's string constants
(:mod:`dbnamelint.go_const_expr`), ``db.Exec("CREATE TABLE " + tbl + "
(id int)")``, is the statement it makes too, laid where its first piece's
text starts, and so is an argument or a format written so; ``fmt.Sprint``
(operands joined as they are) and ``fmt.Sprintln`` (a space between) of
DDL too. Before, each was a ``DBN013`` note (``Sprint``: nothing at all),
whatever the constants held, so a new ``const tbl = "AuditLog"`` passed.
A format constant of the file each use of which is a call read here is no
note of its own at its definition: its calls say what it makes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dbnamelint.code_ddl_text import DdlString, laid_string
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.go_calls import call_arguments
from dbnamelint.go_const_expr import constant, value

_SPRINTF = lazy_compile(r"\bSprint(?P<kind>f|ln|)\(")
#: A ``fmt`` verb: ``%%``, or ``%[n]`` (an argument index), flags, width,
#: precision and the verb's letter.
_VERB = lazy_compile(
    r"%(?:%|(?P<index>\[\d+\])?(?P<flags>[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*)?)?)(?P<verb>[a-zA-Z])"
    r"|\[)"
)
_SELECTOR = lazy_compile(r"(?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*)\Z")
_NUMBER = lazy_compile(r"\d+\Z")
_DDL = lazy_compile(r"\s*(?:CREATE|ALTER|DROP|RENAME)\b", re.IGNORECASE)


def _format(name: str, package: str) -> tuple[str, str] | None:
    """The DDL format ``name`` holds and the constant holding it: ``name``
    itself, or the one a field ``name`` is set from (``name: otherConst,``
    in a composite literal, ``x.name = otherConst``)."""
    value = constant(name, package)
    if value is not None:
        return (value, name) if _DDL.match(value) else None
    for found in re.finditer(
        rf"(?:\b{re.escape(name)}\s*:|\.{re.escape(name)}\s*=)\s*([A-Za-z_][\w.]*)\s*[,\n;}})]",
        package,
    ):
        other = found.group(1).rsplit(".", 1)[-1]
        value = constant(other, package)
        if value is not None and _DDL.match(value):
            return value, other
    return None


def format_ddl_strings(
    text: str, package: Callable[[], str], strings: list[DdlString] | None = None
) -> list[DdlString]:
    """The statements the Go ``text``'s ``Sprintf`` calls of a DDL format
    constant make with constant arguments, and those of a literal DDL format
    whose every argument is known (see the module's docstring), and those of
    ``strings`` (``text``'s DDL strings) its constants complete;
    ``package``: the text of the file's package (called only when needed)."""
    return [s for s in with_filled_formats(text, strings or [], package) if s.laid]


def with_filled_formats(
    text: str, strings: list[DdlString], package: Callable[[], str]
) -> list[DdlString]:
    """``strings`` (Go ``text``'s DDL strings) with each literal ``Sprintf``
    format whose arguments are all known replaced by the statement it makes,
    and the statements of format constants added: a literal format is read
    as well as a constant one (trial s34 listmonk: ``fmt.Sprintf(`CREATE
    TABLE %s (...)`, "audit_log")`` was only a ``DBN013`` note). A string
    a ``+`` completes with constants (``"CREATE TABLE " + tbl + " (id
    int)"``) is the statement it makes too, and the format constant every
    use of which in ``text`` is a call read here is not a note of its own:
    its calls say what it makes (session 34)."""
    held: list[str] = []

    def pkg() -> str:
        if not held:
            held.append(package())
        return held[0]

    formatted, used = _formatted(text, pkg)
    filled = [span for _, span in formatted if span is not None]
    kept = [s for s in strings if not any(a <= s.start < b for a, b in filled)]
    kept = [
        s for s in kept if not _read_format(text, s, used) and not _format_elsewhere(text, s, pkg)
    ]
    out: list[DdlString] = []
    for string in kept:
        joined = _joined(text, string, pkg) if string.holes and not string.laid else None
        out.append(joined if joined is not None else string)
    return out + [string for string, _ in formatted]


#: A constant's definition ending before its string: ``name =``, ``name string =``.
_DEFINED = lazy_compile(r"(?:^|[\s(;])([A-Za-z_]\w*)(?:\s+string)?\s*=\s*\Z", re.MULTILINE)


def _read_format(text: str, string: DdlString, used: dict[str, int]) -> bool:
    """Whether ``string`` is the value of a constant of ``text`` each use of
    which in ``text`` is the format of a call read (``used``: the calls read
    of each constant)."""
    if string.laid or not string.holes or len(string.pieces) != 1:
        return False
    line = text.rfind("\n", 0, string.start) + 1
    found = _DEFINED.search(text, line, string.start - 1)
    if found is None or used.get(found.group(1), 0) == 0:
        return False
    uses = len(re.findall(rf"\b{re.escape(found.group(1))}\b", text)) - 1
    return uses == used[found.group(1)]


def _format_elsewhere(text: str, string: DdlString, package: Callable[[], str]) -> bool:
    """Whether ``string`` is the value of a constant ``text`` never uses whose
    every use in the package (if any) is a ``Sprintf`` format, read at its
    call there (trial confirm35 G2: a new format constant in ``fmts.go`` was
    a ``DBN004`` error there, while its call is what makes the statement)."""
    if string.laid or not string.holes or len(string.pieces) != 1:
        return False
    line = text.rfind("\n", 0, string.start) + 1
    found = _DEFINED.search(text, line, string.start - 1)
    if found is None:
        return False
    name = re.escape(found.group(1))
    if len(re.findall(rf"(?<![\w.]){name}\b", text)) != 1:
        return False  # used here too: this file's calls say what it makes
    code = package()
    uses = len(re.findall(rf"(?<![\w.]){name}\b(?!\s*(?:string\s*)?=[^=])", code))
    calls = len(re.findall(rf"\bSprintf\s*\(\s*{name}\s*[,)]", code))
    return uses == calls  # none at all: a format the package never runs


def _joined(text: str, string: DdlString, package: Callable[[], str]) -> DdlString | None:
    """``string`` as the statement it makes, laid where it starts, when each
    of its holes is a ``+`` of string constants of the package, else None."""
    begin = string.start - 1  # its opening quote
    piece_ends = {b for _, b in string.pieces}
    if begin < 0 or any(a not in piece_ends for a, _ in string.holes):
        return None  # a hole in a piece: a % verb, a ${...}
    last = string.pieces[-1][1] + 1
    end = max([last, *(b for _, b in string.holes)])
    expression = text[begin:end]
    while expression.endswith((")", "]")) and expression.count(expression[-1]) > expression.count(
        "(" if expression[-1] == ")" else "["
    ):
        expression = expression[:-1]  # ``+ name)``: the call's own bracket
    if text[begin + len(expression) :].lstrip().startswith("+"):
        return None  # ``"CREATE TABLE " + tbl + name``: more is added than the string read
    if not _DDL.match(sql := value(expression, package()) or ""):
        return None
    # laid where its first piece's text starts: that piece's names where written
    return laid_string(text, string.start, sql, string.end, known=True)


def _formatted(
    text: str, package: Callable[[], str]
) -> tuple[list[tuple[DdlString, tuple[int, int] | None]], dict[str, int]]:
    """Each ``Sprintf`` (``Sprint``, ``Sprintln``) statement
    :func:`format_ddl_strings` reads, and the span of its format argument
    when that is written in the call (a literal, a ``+`` of constants), else
    None; and how many calls read each format constant."""
    out: list[tuple[DdlString, tuple[int, int] | None]] = []
    used: dict[str, int] = {}
    for call in _SPRINTF.finditer(text):
        args = call_arguments(text, call.end())
        if not args:
            continue
        written = [text[a:b].strip() for a, b in args]
        if call.group("kind") != "f":
            # Sprint joins strings as they are, Sprintln with a space between
            parts = [value(arg, package()) for arg in written]
            if not parts or parts[0] is None or not _DDL.match(parts[0]):
                continue
            between = " " if call.group("kind") == "ln" else ""
            known = all(part is not None for part in parts)
            sql = between.join(part if part is not None else "x" for part in parts)
            string = _rewritten(text, call.start(), sql, args[-1][1] + 1, known)
            out.append((string, (args[0][0], args[-1][1])))
            continue
        first = written[0]
        selector = _SELECTOR.match(first)
        fmt: str | None = None
        name = ""
        if selector is not None:
            found = _format(selector.group(1), package())
            if found is None:
                continue
            fmt, name = found
        else:
            fmt = value(first, package()) if "`" in first or '"' in first else None
            if fmt is None or not _DDL.match(fmt):
                continue  # fmt.Sprintf("%d items", n): the package is not read for it
        filled, known = _filled(fmt, written[1:], package())
        if selector is None and not known:
            continue  # a written format's unknown verb: its own DBN013 note says so
        if selector is not None:
            used[name] = used.get(name, 0) + 1
        string = _rewritten(text, call.start(), filled, args[-1][1] + 1, known)
        out.append((string, args[0] if selector is None else None))
    return out, used


#: ``fmt.`` before a ``Sprintf(`` (the call's own start).
_QUALIFIER = lazy_compile(r"\bfmt\s*\.\s*\Z")


def _rewritten(text: str, start: int, sql: str, end: int, known: bool) -> DdlString:
    """The statement a ``Sprintf`` call at ``start`` makes, laid there, as a
    call around it rewrites it (``strings.ReplaceAll(fmt.Sprintf(...), a,
    b)``: :mod:`dbnamelint.code_transforms`), a hole when that is not known."""
    from dbnamelint.code_transforms import transform

    qualifier = _QUALIFIER.search(text, max(0, start - 20), start)
    begin = qualifier.start() if qualifier is not None else start
    found = transform(".go", text, begin, end, sql if known else None)
    if found is None:
        return laid_string(text, start, sql, end, known=known)
    value = found.value
    return laid_string(text, start, value or sql, max(end, found.span[1]), known=value is not None)


def _filled(fmt: str, args: list[str], package: str) -> tuple[str, bool]:
    """``fmt`` with each verb's argument put in, and whether each was known:
    a string literal or a ``+`` of them and string constants of the package
    for ``%s``/``%v`` (``%q`` Go-quotes it: a quoted SQL name), a number for
    ``%d``/``%v``; ``%[n]`` takes the n-th argument, the next verb the one
    after. Another (a variable, a call, a verb with flags or a width, a
    missing argument) is put in as ``x``, a name the code builds."""
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
        if verb.group("index"):
            taken = int(verb.group("index")[1:-1]) - 1
        arg = args[taken] if 0 <= taken < len(args) and verb.group("verb") else ""
        taken += 1
        put = _verb(verb.group("verb") or "", verb.group("flags") or "", arg, package)
        if put is None:
            known = False
            put = "x"
        out.append(put)
    out.append(fmt[at:])
    return "".join(out), known


def _verb(letter: str, flags: str, arg: str, package: str) -> str | None:
    """What verb ``letter`` puts in for the argument written ``arg``, else None."""
    if flags or not arg:
        return None
    if _NUMBER.match(arg):
        return arg if letter in "dv" else None
    text = value(arg, package)
    named = _SELECTOR.match(arg)
    if text is None and named is not None:
        text = constant(named.group(1), package)  # provider.tableBannedIP: the field's constant
    if text is None:
        return None
    if letter in "sv":
        return text
    if letter == "q" and text.isprintable() and "`" not in text:
        # strconv.Quote: a printable string's backslashes and quotes escaped
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return None
