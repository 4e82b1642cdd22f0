"""A table-name constant's uses that are no SQL: its text is a key there too.

``impact --diff`` rewrites ``tableOneTimeCode = "one_time_code"`` so the SQL
built from it names the new table. The same constant may also be a value
that must keep its text: Authelia passes it as the AES-GCM additional data
of the rows it encrypts (``p.aad.Get(tableOneTimeCode, columnCode, ...)``),
so rewriting it makes every stored secret undecryptable (trial s14a #1).
Such a constant is left as written, with a note naming those uses: the SQL
needs a constant of its own with the new name.

A use is SQL's when its line holds an SQL word (``FROM``, ``JOIN``...), a
string format call (``Sprintf``, ``format``), or a query builder's table
call (``.From(``, ``.Table(``...); any other line using the constant is
"another use". The search is ``git grep -w`` over files of the constant's
own extension (nothing outside git).

A line assigning the name again (``queueTable = schema + ".river_queue"``)
is no use: when the text it assigns names the old table too, the patch
(which does not rewrite that text) would leave the variable holding the new
name on one path and the old one on the other, so the constant is left as
written for that reason (:func:`reassigned`, trial s20 river #8); an
assignment of another text is ignored.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path, PurePosixPath

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.scan import Reference

#: The identifier assigned on the constant's line, right before its string.
_ASSIGNED = lazy_compile(
    r"\b(?P<name>[A-Za-z_]\w*)\s*(?::\s*[\w.\[\]]+\s*|\s+[\w.]+\s*)?(?::=|(?<![=!<>:])=)\s*$"
)
_SQL_WORDS = lazy_compile(
    r"\b(?:SELECT|INSERT|UPDATE|DELETE|FROM|JOIN|INTO|TABLE|WHERE|ALTER|CREATE|DROP|TRUNCATE)\b",
    re.IGNORECASE,
)
_SQL_CALLS = lazy_compile(
    r"(?:\b(?:Sprintf|Sprint|format|Format|sprintf)\s*\(|\.(?:From|Into|Table|Update|Insert"
    r"|Delete|Join|InnerJoin|LeftJoin|RightJoin|FullJoin|CrossJoin|Exec|Query|QueryRow|Select"
    r"|Rebind|Model)\s*\("
    # Laravel's query builder and DB facade: DB::table($table), ->join($table, ...)
    r"|(?:->|::)(?:table|from|join|leftJoin|rightJoin|crossJoin|select|statement|insert"
    r"|update|delete|unprepared)\s*\()"
)
#: At most this many uses are named in a note.
_SHOWN = 3


def constant_name(ref: Reference) -> str | None:
    """The identifier the constant's line assigns the name to, else None."""
    found = _ASSIGNED.search(ref.text[: max(ref.column - 2, 0)])
    return found.group("name") if found is not None else None


def _php_variable(ref: Reference, name: str) -> bool:
    """Whether the constant is a PHP variable (``$table = 'x';``): its uses are
    in its own file (a function's scope), and ``$`` is part of its name;
    ``git grep -w table`` matched every line of every file with the word
    (trial s35 firefly F6: 1,109 "uses")."""
    head = ref.text[: max(ref.column - 2, 0)]
    found = _ASSIGNED.search(head)
    return (
        ref.path.lower().endswith(".php")
        and found is not None
        and head[found.start("name") - 1 : found.start("name")] == "$"
        and found.group("name") == name
    )


def _lines(cwd: Path, ref: Reference) -> tuple[str, list[tuple[str, str, str]]]:
    """(the constant's name, ``(path, line, text)`` of each other line naming
    it); empty when there is none, or nothing can be searched."""
    name = constant_name(ref)
    suffix = PurePosixPath(ref.path).suffix
    if name is None or not suffix:
        return "", []
    where = f"*{suffix}"
    if _php_variable(ref, name):
        name, where = f"${name}", f":(literal){ref.path}"
    try:
        done = subprocess.run(
            ["git", "grep", "-n", "-w", "-F", "-I", "-e", name, "--", where],
            cwd=cwd,
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return name, []
    if done.returncode not in (0, 1):
        return name, []
    out: list[tuple[str, str, str]] = []
    for raw in done.stdout.decode("utf-8", "replace").splitlines():
        path, _, rest = raw.partition(":")
        line, _, text = rest.partition(":")
        if line.isdigit() and not (path == ref.path and int(line) == ref.line):
            out.append((path, line, text))
    return name, out


def _assigns(name: str, text: str) -> bool:
    """Whether ``text`` assigns ``name`` (``name = ...``, ``name += ...``)."""
    return re.search(rf"(?<![\w.$]){re.escape(name)}\s*(?:\+|:|\.)?=(?!=)", text) is not None


def reassigned(cwd: Path, ref: Reference) -> list[str]:
    """``path:line (text)`` of each line assigning ``ref``'s constant again with
    a text that names the old table too (``queueTable = schema +
    ".river_queue"``); empty when none."""
    name, lines = _lines(cwd, ref)
    word = re.compile(rf"(?<![\w$]){re.escape(ref.name)}(?![\w$])", re.IGNORECASE)
    return [
        f"{path}:{line} ({text.strip()[:60]})"
        for path, line, text in lines
        if _assigns(name, text) and word.search(text.split("=", 1)[1])
    ]


def other_uses(cwd: Path, ref: Reference) -> list[str]:
    """``path:line`` of each use of ``ref``'s constant that is no SQL (see the
    module's docstring); empty when none, or nothing can be searched. A
    line assigning it again is no use."""
    name, lines = _lines(cwd, ref)
    out: list[str] = []
    for path, line, text in lines:
        if _assigns(name, text):
            continue
        probe = re.sub(rf"(?<![\w$]){re.escape(name)}\b", "", text)  # a constant named `table`
        if _SQL_WORDS.search(probe) or _SQL_CALLS.search(probe):
            continue
        out.append(f"{path}:{line} ({text.strip()[:60]})")
    return out


def reassigned_note(ref: Reference, lines: list[str]) -> str:
    """Why the constant at ``ref``, assigned again at ``lines``, is left as written."""
    shown = "; ".join(lines[:_SHOWN]) + (
        f"; and {len(lines) - _SHOWN} more" if len(lines) > _SHOWN else ""
    )
    return (
        f"{ref.path}:{ref.line}:{ref.column}: {constant_name(ref)} not rewritten: it is "
        f"assigned again with a text naming {ref.name} too ({shown}), which the patch does "
        "not rewrite, so the variable would hold the new name on one path and the old on "
        f"the other; rename both by hand to {ref.target.target or ''!r}"
    )


def note(ref: Reference, uses: list[str]) -> str:
    """Why the constant at ``ref`` is left as written."""
    shown = "; ".join(uses[:_SHOWN]) + (
        f"; and {len(uses) - _SHOWN} more" if len(uses) > _SHOWN else ""
    )
    return (
        f"{ref.path}:{ref.line}:{ref.column}: {constant_name(ref)} not rewritten: the constant "
        f"is also used where it is no SQL ({shown}), and a value that is a key there (an "
        "encryption's additional data, a cache key, a label) must keep its old text; give "
        f"the SQL a constant of its own named {ref.target.target or ''!r}"
    )
