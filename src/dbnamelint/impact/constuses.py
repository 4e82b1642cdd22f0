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
    r"|Rebind|Model)\s*\()"
)
#: At most this many uses are named in a note.
_SHOWN = 3


def constant_name(ref: Reference) -> str | None:
    """The identifier the constant's line assigns the name to, else None."""
    found = _ASSIGNED.search(ref.text[: max(ref.column - 2, 0)])
    return found.group("name") if found is not None else None


def other_uses(cwd: Path, ref: Reference) -> list[str]:
    """``path:line`` of each use of ``ref``'s constant that is no SQL (see the
    module's docstring); empty when none, or nothing can be searched."""
    name = constant_name(ref)
    suffix = PurePosixPath(ref.path).suffix
    if name is None or not suffix:
        return []
    try:
        done = subprocess.run(
            ["git", "grep", "-n", "-w", "-F", "-I", "-e", name, "--", f"*{suffix}"],
            cwd=cwd,
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    if done.returncode not in (0, 1):
        return []
    out: list[str] = []
    for raw in done.stdout.decode("utf-8", "replace").splitlines():
        path, _, rest = raw.partition(":")
        line, _, text = rest.partition(":")
        if not line.isdigit() or (path == ref.path and int(line) == ref.line):
            continue
        probe = re.sub(rf"\b{re.escape(name)}\b", "", text)  # a constant named `table`
        if _SQL_WORDS.search(probe) or _SQL_CALLS.search(probe):
            continue
        out.append(f"{path}:{line} ({text.strip()[:60]})")
    return out


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
