"""psql's include meta-commands: ``\\i``, ``\\include``, ``\\ir``, ``\\include_relative``.

psql runs the named file's commands in place (psql manual, "Meta-Commands":
``\\i or \\include filename`` "Reads input from the file filename and
executes it as though it had been typed on the keyboard"; ``\\ir or
\\include_relative filename`` is the same, but "when invoked from within a
script, relative file names are interpreted relative to the directory the
script is in", ``\\i`` relative to psql's current directory). A missing file
is an error there: with ``ON_ERROR_STOP`` psql stops at that line.

dbnamelint does not follow an include: the statements of the file it names
are not read at that line (a new-user trial, BeeeOn/server-db with sqitch:
``\\ir ../../lib/alerts_table.sql.inc`` in a deploy script passed the hook
with only a ``DBN015`` note on the ``.inc`` file). So the splitter notes each
include (:func:`placeholder`) and :func:`judge` decides, once the run knows
which files it reads, what the note says:

- the file is read by the run on its own: an info note (its names are
  checked where the walk reads it, not at this line);
- the file is not read and its text holds ``CREATE``, ``ALTER``, ``DROP`` or
  ``RENAME``, or it is missing, or its name is a psql variable: a ``DBN013``
  warning, which the gate (``check --base``, the hook) makes an error when
  the include is new since the base (:func:`dbnamelint.services.gate.new_dynamic_ddl`);
- the file is not read and holds no DDL word: an info note.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from msgspec.structs import replace

from dbnamelint.core import readlog
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import Diagnostic, Severity, SourceFile

#: The code of the note: DDL run but not read, as ``\\gexec`` and ``EXECUTE format(...)``.
CODE = "DBN013"
#: An include meta-command at the start of a statement, with its file argument
#: (single-quoted as psql allows, ``''`` for a quote, or a bare word).
INCLUDE = lazy_compile(
    r"\\(include_relative|include|ir|i)(?=[ \t])[ \t]+('(?:[^'\\]|\\.|'')*'|[^\s]+)"
)
_PLACEHOLDER = "psql's \\{cmd} runs the file {target} here"
_PLACEHOLDER_RE = re.compile(r"\Apsql's \\(\w+) runs the file (.*) here\Z", re.DOTALL)
_DDL_WORDS = lazy_compile(r"(?i)\b(?:create|alter|drop|rename)\b")


_HEAD_RE = re.compile(r"\Apsql's \\\w+ .*? runs the statements of that file here(?=[;,])")


def key_text(message: str) -> str:
    """What the gate compares of an include's note between the base and the
    change: the include as written, not what the run found of its file (the
    base is read from a copy of the tree that holds only what the check reads,
    so there the file is seldom found): an include new since the base is the
    change's doing, one the base had is not."""
    m = _HEAD_RE.match(message)
    return m.group() if m is not None else message


_SAID_RE = re.compile(r"\Apsql's \\(\w+) (.*?) runs the statements of that file here[;,]")


def included_file(d: Diagnostic) -> str | None:
    """The file an include's note (:func:`judge`) names, as the run shows
    paths (None: no include note, or a psql variable names the file)."""
    m = _SAID_RE.match(d.message) if d.code == CODE else None
    if m is None or m.group(2).startswith(":"):
        return None
    return _shown(m.group(1), m.group(2), d.location.path)


def _shown(cmd: str, target: str, including: str) -> str:
    """The path of the file an include names: ``\\ir`` relative to the
    including file's folder, ``\\i`` to psql's current directory."""
    if cmd in ("ir", "include_relative") and not os.path.isabs(target):  # noqa: PTH117
        return os.path.normpath(os.path.join(os.path.dirname(including), target))  # noqa: PTH118, PTH120
    return target


def target_of(argument: str) -> str:
    """The file name psql takes from an argument as written: a single-quoted
    one unquoted (``''`` and ``\\'`` a quote)."""
    if len(argument) >= 2 and argument[0] == "'" and argument[-1] == "'":
        return argument[1:-1].replace("''", "'").replace("\\'", "'")
    return argument


def placeholder(cmd: str, target: str) -> str:
    """The message the splitter writes at an include; :func:`judge` rewrites it."""
    return _PLACEHOLDER.format(cmd=cmd, target=target)


def absolute(path: str, root: str | None) -> str:
    """``path`` as :func:`dbnamelint.frontends.sql.sources.read_bytes` finds
    it: relative to the current directory, else to ``root``."""
    if not os.path.isabs(path):  # noqa: PTH117
        here = os.path.join(os.getcwd(), path)  # noqa: PTH109, PTH118
        if root is not None and not os.path.exists(here):  # noqa: PTH110
            here = os.path.join(root, path)  # noqa: PTH118
        path = here
    return os.path.realpath(path)


def judge(
    diagnostics: tuple[Diagnostic, ...],
    source: SourceFile,
    read: frozenset[str],
    root: str | None,
) -> tuple[Diagnostic, ...]:
    """``diagnostics`` (of one file) with each include placeholder made its
    note. ``read`` holds the real paths of the files the run reads."""
    if not any(d.code == CODE and _PLACEHOLDER_RE.match(d.message) for d in diagnostics):
        return diagnostics
    return tuple(_judged(d, source, read, root) for d in diagnostics)


def _judged(
    d: Diagnostic, source: SourceFile, read: frozenset[str], root: str | None
) -> Diagnostic:
    from dbnamelint.frontends.sql.sources import SourceError, read_bytes

    m = _PLACEHOLDER_RE.match(d.message) if d.code == CODE else None
    if m is None:
        return d
    cmd, target = m.group(1), m.group(2)
    said = f"psql's \\{cmd} {target} runs the statements of that file here"
    if target.startswith(":"):
        return replace(
            d,
            severity=Severity.WARNING,
            message=f"{said}, a file named by a psql variable when it runs; it is not read, "
            "and it may create, rename or drop objects, whose names are not checked and are "
            "not in the model: include the file by its name, or write its DDL here",
        )
    relative = cmd in ("ir", "include_relative")
    shown = _shown(cmd, target, source.path)
    # The note depends on that file, present or not, which the run may not
    # read otherwise: a run cache replays it only while the file is as it was
    # (core.readlog; runner.runcache digests side inputs).
    readlog.note_side(absolute(shown, root))
    try:
        text = read_bytes(
            SourceFile(shown, source.dialect, source.module), Path(root) if root else None
        ).decode("utf-8", errors="replace")
    except SourceError:
        where = "the including file's folder" if relative else "psql's current directory"
        return replace(
            d,
            severity=Severity.WARNING,
            message=f"{said}, but {shown} is not found (relative to {where}): psql fails "
            "there (and stops, with ON_ERROR_STOP); nothing of it is read, and it may create, "
            "rename or drop objects, whose names are not checked and are not in the model",
        )
    if absolute(shown, root) in read:
        return replace(
            d,
            severity=Severity.INFO,
            message=f"{said}; dbnamelint does not follow psql includes: {shown} is read on its "
            "own, where the walk reads it, not at this line",
        )
    ddl = _DDL_WORDS.search(text)
    if ddl is None:
        return replace(
            d,
            severity=Severity.INFO,
            message=f"{said}; dbnamelint does not follow psql includes, and {shown} is not "
            "read (its text holds no CREATE, ALTER, DROP or RENAME)",
        )
    return replace(
        d,
        severity=Severity.WARNING,
        message=f"{said}; dbnamelint does not follow psql includes, so {shown} is not read, "
        f"and it may create, rename or drop objects (its text holds {ddl.group().upper()}), "
        "whose names are not checked and are not in the model: write its DDL in this file, "
        "or name the file in `paths`, to have it checked",
    )
