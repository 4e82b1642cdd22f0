"""The SQL clients' include commands, as the splitter finds them.

psql's ``\\i``, ``\\include``, ``\\ir``, ``\\include_relative``, the
mysql/mariadb client's ``source`` and ``\\.``, the sqlite3 shell's ``.read``
run the named file's commands in place (:mod:`.client_follow` cites each
client's manual). A missing file is an error there.

A file read in the client's dialect has the file an include names read in
place (:mod:`.client_follow`, called by
:func:`dbnamelint.runner.pipeline.read_file`); before that, the splitter
notes each include (:func:`placeholder`), and :mod:`.client_follow` replaces
the note of every include it follows (or the error of one the client cannot
run). What is left for :func:`judge` is an include whose file is known only
when the client runs (psql's ``\\ir :file``, a psql variable; the sqlite3
shell's ``.read '|cmd'``, a command's output): a ``DBN013`` warning, which
the gate (``check --base``, the hook) makes an error when the include is new
since the base (:func:`dbnamelint.services.gate.new_dynamic_ddl`). A reading
that does not follow includes (none of the run's) would leave others: a
warning too.
"""

from __future__ import annotations

import re

from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.sql.client_follow import (
    Client,
    client_named,
    is_dynamic,
    real_path,
    shown_path,
)
from dbnamelint.model import Diagnostic, Severity, SourceFile

#: The code of the note: DDL run but not read, as ``\\gexec`` and ``EXECUTE format(...)``.
CODE = "DBN013"
#: psql's include meta-command at the start of a statement, with its file
#: argument (single-quoted as psql allows, ``''`` for a quote, or a bare word).
INCLUDE = lazy_compile(
    r"\\(include_relative|include|ir|i)(?=[ \t])[ \t]+('(?:[^'\\]|\\.|'')*'|[^\s]+)"
)
#: The mysql client's ``source file_name`` at a statement's start (the
#: client takes a named command's argument after a space, case-insensitively;
#: MariaDB 10.11: ``source\tx.sql`` is a usage error).
SOURCE = lazy_compile(r"(?i:source) +")
#: The mysql client's ``\\. file_name``: the rest of the line, as it stands.
BACKSLASH_DOT = lazy_compile(r"\\\. +([^\n]*)")
#: The sqlite3 shell's ``.read FILE`` (``.rea`` too: a dot-command may be cut
#: to three letters), one argument, quoted or not (else "Usage: .read FILE").
READ = lazy_compile(
    r"(\.read?)[ \t]+('[^'\n]*'|\"(?:[^\"\\\n]|\\.)*\"|[^\s'\"]\S*)[ \t\r]*$", re.MULTILINE
)
_PLACEHOLDER = "{client}'s {cmd} runs the file {target} here"
_CLIENTS = "(psql|the mysql client|the mariadb client|the sqlite3 shell|the Go migration list)"
_PLACEHOLDER_RE = lazy_compile(rf"\A{_CLIENTS}'s (\S+) runs the file (.*) here\Z", re.DOTALL)
_HEAD_RE = lazy_compile(rf"\A{_CLIENTS}'s \S+ .*? runs the statements of that file here(?=[;,])")


def is_placeholder(message: str) -> bool:
    """Whether ``message`` is the splitter's note of an include (:func:`placeholder`)."""
    return _PLACEHOLDER_RE.match(message) is not None


def key_text(message: str) -> str:
    """What the gate compares of an include's note between the base and the
    change: the include as written, not what the run found of its file (the
    base is read from a copy of the tree that holds only what the check reads,
    so there the file is seldom found): an include new since the base is the
    change's doing, one the base had is not."""
    m = _HEAD_RE.match(message)
    return m.group() if m is not None else message


_SAID_RE = lazy_compile(rf"\A{_CLIENTS}'s (\S+) (.*?) runs the statements of that file here[;,]")


def included_file(d: Diagnostic) -> str | None:
    """The file an include's note (:func:`judge`) names, as the run shows
    paths (None: no include note, or a psql variable names the file)."""
    m = _SAID_RE.match(d.message) if d.code == CODE else None
    if m is None or is_dynamic(client_named(m.group(1)), m.group(3)):
        return None
    return _shown(m.group(2), m.group(3), d.location.path)


def _shown(cmd: str, target: str, including: str) -> str:
    """The path of the file an include names (:func:`.client_follow.shown_path`)."""
    return shown_path(cmd, target, including)


def placeholder(client: Client, cmd: str, target: str) -> str:
    """The message the splitter writes at an include (``cmd`` as the client
    spells it: ``\\ir``, ``source``, ``.read``); :func:`judge` rewrites it."""
    return _PLACEHOLDER.format(client=client.name, cmd=cmd, target=target)


def absolute(path: str, root: str | None) -> str:
    """``path`` as the run finds it (:func:`.client_follow.real_path`)."""
    return real_path(path, root)


def judge(
    diagnostics: tuple[Diagnostic, ...],
    source: SourceFile,
    read: frozenset[str],
    root: str | None,
) -> tuple[Diagnostic, ...]:
    """``diagnostics`` (of one file) with each include placeholder made its
    note. ``read`` holds the real paths of the files the run reads."""
    if not any(d.code == CODE and is_placeholder(d.message) for d in diagnostics):
        return diagnostics
    return tuple(_judged(d, source, read, root) for d in diagnostics)


def _judged(
    d: Diagnostic, source: SourceFile, read: frozenset[str], root: str | None
) -> Diagnostic:
    m = _PLACEHOLDER_RE.match(d.message) if d.code == CODE else None
    if m is None:
        return d
    client, cmd, target = client_named(m.group(1)), m.group(2), m.group(3)
    said = f"{client.name}'s {cmd} {target} runs the statements of that file here"
    if is_dynamic(client, target):
        known = (
            "a file named by a psql variable when it runs"
            if client.dynamic == ":"
            else "but it reads a command's output, known only when it runs, no file to follow"
        )
        return replace(
            d,
            severity=Severity.WARNING,
            message=f"{said}, {known}; it is not read, "
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
