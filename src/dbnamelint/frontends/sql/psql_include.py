"""psql's include meta-commands: ``\\i``, ``\\include``, ``\\ir``, ``\\include_relative``.

psql runs the named file's commands in place (psql manual, "Meta-Commands":
``\\i or \\include filename`` "Reads input from the file filename and
executes it as though it had been typed on the keyboard"; ``\\ir or
\\include_relative filename`` is the same, but "when invoked from within a
script, relative file names are interpreted relative to the directory the
script is in", ``\\i`` relative to psql's current directory). A missing file
is an error there: with ``ON_ERROR_STOP`` psql stops at that line.

A file read as PostgreSQL has the file an include names read in place
(:mod:`.psql_follow`, called by :func:`dbnamelint.runner.pipeline.read_file`);
before that, the splitter notes each include (:func:`placeholder`), and
:mod:`.psql_follow` replaces the note of every include it follows (or the
error of one psql cannot run). What is left for :func:`judge` is an include
whose file a psql variable names (``\\ir :file``), known only when psql
runs: a ``DBN013`` warning, which the gate (``check --base``, the hook)
makes an error when the include is new since the base
(:func:`dbnamelint.services.gate.new_dynamic_ddl`). A reading that does not
follow includes (none of the run's) would leave others: a warning too.
"""

from __future__ import annotations

import re

from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.sql.psql_follow import real_path, shown_path
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
    """The path of the file an include names (:func:`.psql_follow.shown_path`)."""
    return shown_path(cmd, target, including)


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
    """``path`` as the run finds it (:func:`.psql_follow.real_path`)."""
    return real_path(path, root)


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
    shown = _shown(cmd, target, source.path)
    return replace(
        d,
        severity=Severity.WARNING,
        message=f"{said}; it was not followed, so {shown} is not read here, and it may "
        "create, rename or drop objects, whose names are not checked and are not in the model",
    )
