"""A table-name constant handed to a Go helper that TRUNCATEs (or COPYs) the table it is given.

Authelia rotates a key with ``p.truncate(ctx, tx, table)`` after ``size,
table, desc = sha512.BlockSize, tableOneTimeCode, "one time-codes"``; the
helper runs ``fmt.Sprintf("TRUNCATE TABLE %s;", table)``. After the forward
script ``one_time_code`` is a compatibility view, which PostgreSQL and
MySQL refuse to TRUNCATE (``"one_time_code" is not a table``, error 1146),
but the statement's table is a hole, so the SQL route never saw the name
(trial s33 authelia #4). Followed one call deep, in text:

* a Go function ``func [(recv)] name(... param T ...)`` whose body formats
  a statement of a form the database refuses on the view
  (:func:`~dbnamelint.services.migrate.view_limits.refused_write`:
  ``TRUNCATE``, PostgreSQL's ``COPY`` and ``MERGE INTO``) with the verb
  before the table taking ``param`` (``Sprintf("TRUNCATE TABLE %s", param)``);
* each call ``name(...)`` (``.name(`` too) passing an identifier in that
  parameter's place;
* the function holding the call: a table-name constant (the place impact
  lists as ``table-name constant``) whose identifier that function names,
  or the constant's own line when it is there, is marked as the SQL route
  marks a refused write (``! will fail on the compatibility view: ...``).

What goes deeper (a helper calling a helper, a table chosen from a map) is
not followed; the constant stays listed, unmarked.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.go_calls import call_arguments
from dbnamelint.impact.constuses import constant_name
from dbnamelint.impact.scan import Reference, refusal

#: The statement forms with their table right after these words, whose
#: table a ``%s``/``%v`` verb fills (the form :func:`refusal` takes).
_HOLES = (
    ("truncate", lazy_compile(r"\bTRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?%[sv]", re.IGNORECASE)),
    ("copy", lazy_compile(r"\bCOPY\s+%[sv]", re.IGNORECASE)),
    ("merge", lazy_compile(r"\bMERGE\s+INTO\s+%[sv]", re.IGNORECASE)),
)
_GREP = r"(TRUNCATE|COPY|MERGE).*%[sv]"
_FUNC = lazy_compile(r"^func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)\s*\(([^)]*)\)", re.MULTILINE)
_VERB = lazy_compile(r"%(?:%|[-+# 0]*(?:\[\d+\])?(?:\d+|\*)?(?:\.(?:\d+|\*)?)?[a-zA-Z])")
_SPRINTF = lazy_compile(r"\bSprintf\(")
_IDENT = lazy_compile(r"[A-Za-z_]\w*\Z")
LABEL = "table-name constant"


def _git(cwd: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else ""


def _parameters(listed: str) -> list[str]:
    """A Go parameter list's names in order (``ctx context.Context, conn
    SQLXConnection, table string``; ``a, b string`` gives both)."""
    names: list[str] = []
    for part in listed.split(","):
        words = part.split()
        if words:
            names.append(words[0])
    return names


def _helpers(cwd: Path, text_of: dict[str, str]) -> dict[str, tuple[int, str, str]]:
    """Go functions formatting a refused form with a parameter as its table:
    name -> (the parameter's index, the form, ``path:line`` of the call)."""
    out: dict[str, tuple[int, str, str]] = {}
    listed = _git(cwd, "grep", "-l", "-I", "-i", "-E", "-e", _GREP, "--", "*.go")
    for path in listed.splitlines():
        text = text_of.setdefault(path, _read(cwd, path))
        funcs = list(_FUNC.finditer(text))
        for call in _SPRINTF.finditer(text):
            args = call_arguments(text, call.end())
            if len(args) < 2:
                continue
            fmt = text[args[0][0] : args[0][1]].strip()
            if not fmt or fmt[0] not in '"`':
                continue
            for form, hole in _HOLES:
                found = hole.search(fmt)
                if found is None:
                    continue
                verbs = [v for v in _VERB.finditer(fmt[: found.end()]) if v.group() != "%%"]
                taken = len(verbs)  # the hole is the n-th verb: the n-th argument after fmt
                if taken >= len(args):
                    continue
                word = text[args[taken][0] : args[taken][1]].strip()
                owner = [f for f in funcs if f.start() < call.start()]
                if not owner or not _IDENT.match(word):
                    continue
                params = _parameters(owner[-1].group(2))
                if word in params:
                    line = text.count("\n", 0, call.start()) + 1
                    out[owner[-1].group(1)] = (params.index(word), form, f"{path}:{line}")
    return out


def _in_function(text: str, line: int) -> bool:
    """Whether line ``line`` of Go ``text`` is inside a function's body: a
    ``func`` line comes before it with no closing ``}`` at the left margin between."""
    for above in reversed(text.splitlines()[: line - 1]):
        if above.startswith("}"):
            return False
        if above.startswith("func "):
            return True
    return False


def _read(cwd: Path, path: str) -> str:
    try:
        return (cwd / path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _callers(
    cwd: Path, helpers: dict[str, tuple[int, str, str]], text_of: dict[str, str]
) -> list[tuple[str, int, int, str, str]]:
    """Each Go function calling a helper with an identifier in its table's
    place: (path, body start line, call line, form, the helper's place)."""
    out: list[tuple[str, int, int, str, str]] = []
    for name, (index, form, where) in helpers.items():
        listed = _git(cwd, "grep", "-l", "-I", "-w", "-F", "-e", name, "--", "*.go")
        call = re.compile(rf"(?<![\w])(?:\.)?{re.escape(name)}\(")
        for path in listed.splitlines():
            text = text_of.setdefault(path, _read(cwd, path))
            funcs = list(_FUNC.finditer(text))
            for found in call.finditer(text):
                if any(f.start() <= found.start() < f.end() for f in funcs):
                    continue  # its definition
                args = call_arguments(text, found.end())
                if index >= len(args):
                    continue
                word = text[args[index][0] : args[index][1]].strip()
                owner = [f for f in funcs if f.start() < found.start()]
                if not _IDENT.match(word) or not owner:
                    continue
                start = text.count("\n", 0, owner[-1].start()) + 1
                line = text.count("\n", 0, found.start()) + 1
                out.append((path, start, line, form, where))
    return out


def through_helpers(cwd: Path, references: Sequence[Reference]) -> list[Reference]:
    """``references`` with each Go table-name constant that reaches a helper
    refusing the compatibility view marked (see the module's docstring)."""
    candidates = [
        r
        for r in references
        if r.context == LABEL
        and r.path.endswith(".go")
        and not r.refused
        and r.target.kind == "table"
    ]
    if not candidates:
        return list(references)
    text_of: dict[str, str] = {}
    helpers = _helpers(cwd, text_of)
    if not helpers:
        return list(references)
    callers = _callers(cwd, helpers, text_of)
    marks: dict[int, str] = {}
    for ref in candidates:
        text = text_of.setdefault(ref.path, _read(cwd, ref.path))
        # a function's local variable is no name another function sees
        ident = None if _in_function(text, ref.line) else constant_name(ref)
        for path, start, line, form, where in callers:
            body = text_of[path].splitlines()[start - 1 : line]
            here = path == ref.path and start <= ref.line <= line
            named = ident is not None and any(
                re.search(rf"(?<![\w.]){re.escape(ident)}(?!\w)", b) for b in body
            )
            if not (here or named):
                continue
            why = refusal(ref.target, form, path)
            if why:
                marks[id(ref)] = f"{why} (it reaches {where} through {path}:{line})"
                break
    return [replace(r, refused=marks[id(r)]) if id(r) in marks else r for r in references]
