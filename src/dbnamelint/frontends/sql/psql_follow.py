"""Following psql's includes: ``\\i``, ``\\include``, ``\\ir``, ``\\include_relative``.

psql runs the named file's commands in place (psql manual, "Meta-Commands":
``\\i or \\include filename`` "Reads input from the file filename and
executes it as though it had been typed on the keyboard"; ``\\ir or
\\include_relative filename`` is the same, but "when invoked from within a
script, relative file names are interpreted relative to the directory the
script is in", ``\\i`` relative to psql's current directory). So a file read
as PostgreSQL has the statements of each file it includes read at the
include's line, in order, in the including file's session (a ``SET
search_path`` before the include holds in it), located in the included file
(findings, and its inline ``-- dbnamelint:`` comments, are its own), whatever
its name (``.sql.inc``, ``.psql``); nested includes are followed the same way.

psql's current directory is the folder the run starts from (``sqitch
deploy`` and ``psql -f deploy/x.sql`` run psql there), else the project root
(:func:`dbnamelint.frontends.sql.sources.read_bytes` finds files the same way).

What psql does not run is an error at the include's line: a missing file
(``psql:a.sql:2: error: gone.sql: No such file or directory``, which stops
the script under ``ON_ERROR_STOP``) is ``DBN002``, an unreadable one
``DBN003``, and an include cycle (PostgreSQL 15's psql recurses until it
crashes, a segmentation fault after some 3,000 levels) ``DBN004``. A file
named by a psql variable (``\\ir :file``) is not followed: its ``DBN013``
note stays (:mod:`.psql_include`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from msgspec.structs import replace

from dbnamelint.core import readlog
from dbnamelint.model import Diagnostic, Severity, SourceFile, Statement

#: Codes of the errors at an include psql cannot run (README's diagnostics table).
MISSING_CODE = "DBN002"
UNREADABLE_CODE = "DBN003"
CYCLE_CODE = "DBN004"
#: An include, for the cheap look-ahead that keys the per-file cache
#: (:func:`included_texts`): anywhere in the text, a superset of what the
#: splitter takes for one (at a statement's start, maybe after a comment).
_ANY = re.compile(
    r"\\(include_relative|include|ir|i)(?=[ \t])[ \t]+('(?:[^'\\\n]|\\.|'')*'|[^\s]+)"
)
_PLACEHOLDER_RE = re.compile(r"\Apsql's \\(\w+) runs the file (.*) here\Z", re.DOTALL)


class _Base:
    """Set while the gate reads the tree at its base (:func:`base_tree`)."""

    #: The base tree's copy of the folder the run starts from: psql's current
    #: directory there (else ``\\i`` would read the working tree's file).
    cwd: str | None = None
    #: Writes a file of the base commit into the base tree when an include
    #: names one the tree's copy left out (it holds only the checked paths).
    fetch: Callable[[str], None] | None = None


@contextmanager
def base_tree(cwd: str, fetch: Callable[[str], None]) -> Iterator[None]:
    """While the gate reads its base tree (``services.gate.read_base``):
    ``\\i`` is relative to ``cwd`` (the base tree's copy of the run's current
    directory) and an included file missing there is asked of ``fetch``
    (given its absolute path) before it counts as missing."""
    saved = (_Base.cwd, _Base.fetch)
    _Base.cwd, _Base.fetch = cwd, fetch
    try:
        yield
    finally:
        _Base.cwd, _Base.fetch = saved


def shown_path(cmd: str, target: str, including: str) -> str:
    """The path of the file an include names, as the run shows paths:
    ``\\ir`` relative to the including file's folder, ``\\i`` to psql's
    current directory (the run's; in the gate's base tree, its copy there)."""
    if os.path.isabs(target):  # noqa: PTH117
        return target
    if cmd in ("ir", "include_relative"):
        return os.path.normpath(os.path.join(os.path.dirname(including), target))  # noqa: PTH118, PTH120
    if _Base.cwd is not None:
        return os.path.normpath(os.path.join(_Base.cwd, target))  # noqa: PTH118
    return target


def real_path(path: str, root: str | None) -> str:
    """``path`` as :func:`dbnamelint.frontends.sql.sources.read_bytes` finds
    it: relative to the current directory, else to ``root``."""
    if not os.path.isabs(path):  # noqa: PTH117
        here = os.path.join(os.getcwd(), path)  # noqa: PTH109, PTH118
        if root is not None and not os.path.exists(here):  # noqa: PTH110
            here = os.path.join(root, path)  # noqa: PTH118
        path = here
    return os.path.realpath(path)


def _unquoted(argument: str) -> str:
    if len(argument) >= 2 and argument[0] == "'" and argument[-1] == "'":
        return argument[1:-1].replace("''", "'").replace("\\'", "'")
    return argument


def included_texts(text: str, source: SourceFile, root: Path | None) -> list[str]:
    """What the reading of ``text`` as ``source`` takes from other files: for
    every include line, nested ones too, the file's real path and its text
    (or that it is not there). Part of the per-file cache's key
    (:func:`dbnamelint.runner.pipeline.read_file`): an entry of the including
    file is served only while every file it includes is as it was. Reading
    them notes them for the run cache too (``core.readlog``). Empty when the
    text holds no include line (most files: one ``in`` test)."""
    if "\\i" not in text:
        return []
    from dbnamelint.frontends.sql.sources import SourceError, read_text

    base = str(root) if root is not None else None
    out: list[str] = []
    seen: set[str] = set()
    pending = [(text, source.path)]
    while pending:
        body, path = pending.pop()
        for m in _ANY.finditer(body):
            target = _unquoted(m.group(2))
            if target.startswith(":"):
                continue
            shown = shown_path(m.group(1), target, path)
            real = real_path(shown, base)
            if real in seen:
                continue
            seen.add(real)
            # the run's result depends on it, present or not (runner.runcache)
            if _Base.fetch is None:
                readlog.note_side(real)
            elif not os.path.exists(real):  # noqa: PTH110
                _Base.fetch(real)
            try:
                found = read_text(replace(source, path=shown), root)
            except SourceError:  # missing or unreadable: keyed as such
                out.append(f"{real}\0-")
                continue
            out.append(f"{real}\0{found}")
            pending.append((found, shown))
    return out


def follow(
    statements: Sequence[Statement],
    diagnostics: Sequence[Diagnostic],
    source: SourceFile,
    root: Path | None,
    chain: tuple[str, ...] = (),
) -> tuple[list[Statement], list[Diagnostic], list[SourceFile]]:
    """``statements`` of ``source`` with each include's file read in place.

    Returns the statements (an included file's at the include's place, run
    in ``source``'s session), the diagnostics (an include followed has none;
    one psql cannot run gets its error; an included file's own come after
    the include) and the files followed, nested ones too, in order.
    ``chain``: the real paths of the files whose includes led here.
    """
    from dbnamelint.frontends.sql.sources import SourceError, read_text
    from dbnamelint.frontends.sql.splitting import split_statements

    base = str(root) if root is not None else None
    chain = chain or (real_path(source.path, base),)
    session = statements[0].source.path if statements else source.path
    out_statements = list(statements)
    out_diagnostics: list[Diagnostic] = []
    followed: list[SourceFile] = []
    for d in diagnostics:
        m = _PLACEHOLDER_RE.match(d.message) if d.code == "DBN013" else None
        if m is None or m.group(2).startswith(":"):
            out_diagnostics.append(d)
            continue
        cmd, target = m.group(1), m.group(2)
        shown = shown_path(cmd, target, d.location.path)
        real = real_path(shown, base)
        said = f"psql's \\{cmd} {target} runs {shown} here"
        if real in chain:
            out_diagnostics.append(
                replace(
                    d,
                    severity=Severity.ERROR,
                    code=CYCLE_CODE,
                    message=f"{said}, which is already running at this point (an include "
                    "cycle): psql includes it again and again until it crashes; it is not "
                    "read again here",
                )
            )
            continue
        included = replace(
            source,
            path=shown,
            dialect_guessed=False,
            goose=None,
            drizzle=False,
        )
        try:
            text = read_text(included, root)
        except SourceError as exc:
            where = (
                "the including file's folder"
                if cmd in ("ir", "include_relative")
                else ("psql's current directory, the folder the run starts from")
            )
            missing = exc.diagnostic.code == MISSING_CODE
            out_diagnostics.append(
                replace(
                    d,
                    severity=Severity.ERROR,
                    code=MISSING_CODE if missing else UNREADABLE_CODE,
                    message=f"{said}, but {shown} "
                    + (f"is not found (relative to {where})" if missing else "cannot be read")
                    + ": psql fails there (and stops, with ON_ERROR_STOP); nothing of it is "
                    f"read ({exc.diagnostic.message})",
                )
            )
            continue
        stmts, diags = split_statements(text, included)
        inner, inner_diags, nested = follow(stmts, diags, included, root, (*chain, real))
        at = (d.location.line, d.location.column)
        place = next(
            (
                i
                for i, s in enumerate(out_statements)
                if s.source.path == d.location.path and (s.location.line, s.location.column) > at
            ),
            len(out_statements),
        )
        out_statements[place:place] = [replace(s, session=session) for s in inner]
        out_diagnostics.extend(inner_diags)
        followed += [included, *nested]
    return out_statements, out_diagnostics, followed
