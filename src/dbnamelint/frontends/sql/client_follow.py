"""Following the SQL clients' includes: a file run in place by the client.

Three clients run another file's commands where a line names it, and each
runs a migration folder's files as their tool does (``psql -f``,
``mysql db < file``, ``sqlite3 db < file``):

- psql (manual, "Meta-Commands"): ``\\i or \\include filename`` "Reads
  input from the file filename and executes it as though it had been typed
  on the keyboard"; ``\\ir or \\include_relative filename`` is the same,
  but "when invoked from within a script, relative file names are
  interpreted relative to the directory the script is in", ``\\i``
  relative to psql's current directory.
- the mysql/mariadb client (MySQL manual, "mysql Client Commands":
  ``source file_name``, ``\\. file_name``: "Execute an SQL script file"),
  relative to the client's current directory, nested ones too (MariaDB
  10.11's client: ``source a.sql`` in ``lib/n.sql`` opens ``./a.sql``).
- the sqlite3 shell (sqlite.org/cli.html, ".read FILE": "Read input from
  FILE or command output"), relative to its current directory; ``.read
  '|cmd'`` reads a command's output, which is not followed (a ``DBN013``
  note stays, as for psql's ``\\ir :file``).

So a file read in one of those dialects has the statements of each file it
includes read at the include's line, in order, in the including file's
session (a ``SET search_path`` or ``USE db`` before the include holds in
it), located in the included file (findings, and its inline
``-- dbnamelint:`` comments, are its own), whatever its name (``.sql.inc``,
``.psql``); nested includes are followed the same way. Which lines are
includes is each client's syntax (:mod:`.splitting` notes them:
:func:`dbnamelint.frontends.sql.client_include.placeholder`).

The client's current directory is the folder the run starts from (``sqitch
deploy`` and ``psql -f deploy/x.sql`` run psql there), else the project root
(:func:`dbnamelint.frontends.sql.sources.read_bytes` finds files the same way).

What the client does not run is an error at the include's line: a missing
file (``psql:a.sql:2: error: gone.sql: No such file or directory``, which
stops the script under ``ON_ERROR_STOP``; the mariadb client's ``ERROR at
line 2: Failed to open file 'gone.sql', error: 2``, which stops it unless
``--force``; the sqlite3 shell's ``Error: cannot open "gone.sql"``, which
stops it with ``-bail``) is ``DBN002``, an unreadable one ``DBN003``, and an
include cycle ``DBN004`` (PostgreSQL 15's psql recurses until it crashes, a
segmentation fault after some 3,000 levels, and so does MariaDB 10.11's
client; sqlite 3.40's shell stops at "Input nesting limit (25) reached").
A file named by a psql variable (``\\ir :file``) is not followed: its
``DBN013`` note stays (:mod:`.client_include`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.core import readlog
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import Diagnostic, Location, Severity, SourceFile, Statement

if TYPE_CHECKING:
    from dbnamelint.go_list_files import FileStep

#: Codes of the errors at an include the client cannot run (README's diagnostics table).
MISSING_CODE = "DBN002"
UNREADABLE_CODE = "DBN003"
#: An include of a file that is not there: its DDL is not read (dynamic-ddl-not-read).
NOT_FOLLOWED_CODE = "DBN013"
CYCLE_CODE = "DBN004"


class Client(Struct, frozen=True):
    """One SQL client that runs included files: how messages name it and
    what it does where an include cannot run."""

    #: As messages name it: ``psql``, ``the mysql client``, ``the sqlite3 shell``.
    name: str
    #: What it does at an include of a missing or unreadable file.
    fails: str
    #: What it does at an include of a file already running (a cycle).
    cycle: str
    #: The first character of a file name the client learns only when it
    #: runs (psql's ``:var``, the sqlite3 shell's ``|cmd``), "" for none.
    dynamic: str = ""


PSQL = Client(
    "psql",
    "psql fails there (and stops, with ON_ERROR_STOP)",
    "psql includes it again and again until it crashes",
    ":",
)
MYSQL = Client(
    "the mysql client",
    "the mysql client fails there (Failed to open file; it stops, without --force)",
    "the mysql client includes it again and again until it crashes",
)
MARIADB = replace(
    MYSQL,
    name="the mariadb client",
    fails="the mariadb client fails there (Failed to open file; it stops, without --force)",
    cycle="the mariadb client includes it again and again until it crashes",
)
SQLITE3 = Client(
    "the sqlite3 shell",
    'the sqlite3 shell fails there (Error: cannot open "..."; it stops, with -bail)',
    "the sqlite3 shell reads it again and again until its input nesting limit (25) stops it",
    "|",
)
#: A Go migration list's file step (shiori's ``newFileMigration(..,
#: "postgres/0001_initial")``: :mod:`dbnamelint.go_list_files`): its runner
#: runs the file where the step stands, as a client runs an include.
GO_LIST = Client(
    "the Go migration list",
    "its runner fails at this step (the file cannot be read)",
    "its runner runs it again and again",
)
#: The "command" of a file step; its file is relative to the Go file's folder.
GO_STEP = "step"
CLIENTS = (PSQL, MYSQL, MARIADB, SQLITE3, GO_LIST)
_BY_NAME = {c.name: c for c in CLIENTS}


def client_for(dialect: str) -> Client | None:
    """The client that runs a file of ``dialect`` (by its lexical family):
    psql for PostgreSQL's, mysql/mariadb for MySQL's, the sqlite3 shell."""
    from dbnamelint.frontends.sql.splitting import dialect_family

    family = dialect_family(dialect)
    if family == "postgres":
        return PSQL
    if family == "mysql":
        return MARIADB if dialect == "mariadb" else MYSQL
    if family == "sqlite":
        return SQLITE3
    return None


def client_named(name: str) -> Client:
    """The client a message names (:data:`CLIENTS`)."""
    return _BY_NAME[name]


#: Commands whose relative file name is the including file's folder's
#: (psql's ``\\ir``); every other include's is the client's current directory.
RELATIVE_COMMANDS = frozenset(("\\ir", "\\include_relative", GO_STEP))

#: An include, for the cheap look-ahead that keys the per-file cache
#: (:func:`included_texts`): anywhere in the text, a superset of what the
#: splitter takes for one (at a statement's start, maybe after a comment),
#: of every client's syntax (the dialect may still be a guess here).
_ANY = lazy_compile(
    r"(\\(?:include_relative|include|ir|i))(?=[ \t])[ \t]+('(?:[^'\\\n]|\\.|'')*'|[^\s]+)"
    r"|(?i:(?:^|;)[ \t]*(source) +([^\n]*))"
    r"|(\\\.) +([^\n]*)"
    r"|(?m:^(\.read?)[ \t]+('[^'\n]*'|\"(?:[^\"\\\n]|\\.)*\"|[^\s'\"]\S*)[ \t\r]*$)",
    re.MULTILINE,
)


def _may_include(text: str) -> bool:
    """Whether ``text`` may hold an include (the look-ahead's own
    look-ahead): substring tests, not a case-insensitive regex, which scanned
    every file of a run for ``source`` (5% of a 52,000-line check)."""
    return "\\i" in text or "\\." in text or ".rea" in text or "source " in text.lower()


_PLACEHOLDER_RE = lazy_compile(
    r"\A(psql|the mysql client|the mariadb client|the sqlite3 shell|the Go migration list)'s (\S+) "
    r"runs the file (.*) here\Z",
    re.DOTALL,
)


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
    psql's ``\\ir`` relative to the including file's folder, every other
    include (``\\i``, ``source``, ``\\.``, ``.read``) to the client's current
    directory (the run's; in the gate's base tree, its copy there)."""
    if os.path.isabs(target):  # noqa: PTH117
        return target
    if cmd in RELATIVE_COMMANDS:
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


def target_of(cmd: str, argument: str) -> str:
    """The file name the client takes from an include's argument as written:
    psql's single-quoted one unquoted (``''`` and ``\\'`` a quote); the
    sqlite3 shell's quoted one unquoted (in double quotes a backslash escapes
    the next character); the mysql client's as it stands."""
    if cmd.startswith(".rea"):
        if len(argument) >= 2 and argument[0] == argument[-1] and argument[0] in "'\"":
            inner = argument[1:-1]
            return re.sub(r"\\(.)", r"\1", inner) if argument[0] == '"' else inner
        return argument
    if cmd in ("source", "\\."):
        return argument
    if len(argument) >= 2 and argument[0] == "'" and argument[-1] == "'":
        return argument[1:-1].replace("''", "'").replace("\\'", "'")
    return argument


def is_dynamic(client: Client, target: str) -> bool:
    """A file name the client learns only when it runs (:attr:`Client.dynamic`)."""
    return bool(client.dynamic) and target.startswith(client.dynamic)


def cmd_client(cmd: str) -> Client:
    """The client whose include ``cmd`` is (:data:`MYSQL` for mariadb's too)."""
    if cmd.startswith(".rea"):
        return SQLITE3
    if cmd == "\\." or cmd.lower() == "source":
        return MYSQL
    return PSQL


def _includes(body: str, client: Client | None) -> Iterator[tuple[str, str]]:
    """(command, file name) of each include :data:`_ANY` finds in ``body``:
    ``client``'s only, when the file's dialect is known (None: every client's)."""
    for m in _ANY.finditer(body):
        i = m.lastindex or 2
        i -= (i + 1) % 2  # the command's group: 1, 3, 5 or 7
        cmd = m.group(i)
        if client is not None and cmd_client(cmd) is not client:
            continue
        target = target_of(cmd, m.group(i + 1))
        if cmd == "\\." or cmd.lower() == "source":
            target = target.rstrip(" \t\r")
            # the line as it stands, up to a ";" delimiter, or to another one
            # (``DELIMITER //``): every reading the splitter may take keys
            rest = (target, target.split(";")[0].rstrip(), re.sub(r"\W+$", "", target))
            yield from ((cmd, t) for t in dict.fromkeys(rest) if t)
        elif target and not target.startswith((":", "|")):
            yield cmd, target


def included_texts(text: str, source: SourceFile, root: Path | None) -> list[str]:
    """What the reading of ``text`` as ``source`` takes from other files: for
    every include line, nested ones too, the file's real path and its text
    (or that it is not there). Part of the per-file cache's key
    (:func:`dbnamelint.runner.pipeline.read_file`): an entry of the including
    file is served only while every file it includes is as it was. Reading
    them notes them for the run cache too (``core.readlog``). Empty when the
    text holds no include line (most files: one ``in`` test)."""
    steps = go_file_steps(source, root)
    if not steps and not _may_include(text):
        return []
    from dbnamelint.frontends.sql.sources import SourceError, read_text

    base = str(root) if root is not None else None
    client = None if source.dialect_guessed else client_for(source.dialect)
    if client is MARIADB:
        client = MYSQL  # the same commands (cmd_client)
    out: list[str] = []
    seen: set[str] = set()
    pending = [(text, source.path)]
    first = True
    while pending:
        body, path = pending.pop()
        found_here = list(_includes(body, client))
        if first:
            # a Go migration list's file steps (its SQL view holds no include)
            found_here = [(GO_STEP, step.target) for step in steps] + found_here
            first = False
        for cmd, target in found_here:
            shown = shown_path(cmd, target, path)
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


def go_file_steps(source: SourceFile, root: Path | None) -> list[FileStep]:
    """The file steps of the Go migration list file ``source``
    (:func:`dbnamelint.go_list_files.file_steps`); [] for another file."""
    if not source.path.lower().endswith(".go"):
        return []
    from dbnamelint.frontends.sql.sources import SourceError, read_text
    from dbnamelint.go_list_files import file_steps, may_name_files

    try:
        text = read_text(source, root)
    except SourceError:
        return []
    if not may_name_files(text):
        return []
    base = str(root) if root is not None else None
    folder = os.path.dirname(real_path(source.path, base))  # noqa: PTH120
    return file_steps(source.path, text, folder, base)


def go_step_notes(source: SourceFile, root: Path | None) -> list[Diagnostic]:
    """The include placeholder of each file step of Go file ``source``, at
    its string, for :func:`follow` to read the file there."""
    steps = go_file_steps(source, root)
    if not steps:
        return []
    from dbnamelint.frontends.sql.sources import SourceError, read_text
    from dbnamelint.positions import LineIndex

    try:
        index = LineIndex(read_text(source, root))
    except SourceError:
        return []
    out = []
    for step in steps:
        line, column = index.line_col(step.offset)
        message = f"{GO_LIST.name}'s {GO_STEP} runs the file {step.target} here"
        out.append(
            Diagnostic(Location(source.path, line, column), Severity.INFO, message, "DBN013")
        )
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
    one the client cannot run gets its error; an included file's own come after
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
        client = client_named(m.group(1)) if m is not None else None
        if m is None or client is None or is_dynamic(client, m.group(3)):
            out_diagnostics.append(d)
            continue
        cmd, target = m.group(2), m.group(3)
        shown = shown_path(cmd, target, d.location.path)
        real = real_path(shown, base)
        said = f"{client.name}'s {cmd} {target} runs {shown} here"
        if real in chain:
            out_diagnostics.append(
                replace(
                    d,
                    severity=Severity.ERROR,
                    code=CYCLE_CODE,
                    message=f"{said}, which is already running at this point (an include "
                    f"cycle): {client.cycle}; it is not read again here",
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
                if cmd in RELATIVE_COMMANDS
                else f"{client.name}'s current directory, the folder the run starts from"
            )
            missing = exc.diagnostic.code == MISSING_CODE
            # Missing: the note of DDL not read, a warning (a schema kept
            # without the data files it sources, MySQL's employees database's
            # `source load_salaries1.dump`, is still read) that the gate makes
            # an error where the include is new; unreadable: an input error.
            out_diagnostics.append(
                replace(
                    d,
                    severity=Severity.WARNING if missing else Severity.ERROR,
                    code=NOT_FOLLOWED_CODE if missing else UNREADABLE_CODE,
                    message=f"{said}, but {shown} "
                    + (f"is not found (relative to {where})" if missing else "cannot be read")
                    + f": {client.fails}; nothing of it is read ({exc.diagnostic.message})",
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
