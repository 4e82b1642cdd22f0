"""sql-migrate's reading of a ``-- +migrate Up`` file: what of it runs going up.

``sqlparse.ParseMigration`` (rubenv/sql-migrate ``sqlparse/sqlparse.go``; the
same code vendored by nakama as ``heroiclabs/sql-migrate``, lines 115-235):

* a line is a command only when it starts, at column 0, with exactly
  ``-- +migrate `` (``sqlCmdPrefix``, line 139); its first word
  (``strings.Fields``) is the command, case-sensitive: ``Up``, ``Down``,
  ``StatementBegin``, ``StatementEnd``; any other word is ignored. So
  ``-- +migrate down``, ``-- +Migrate Down``, ``--  +migrate Down`` (a ``-- ``
  comment, skipped, line 134), `` -- +migrate Down`` and ``--+migrate Down``
  (SQL comments inside the statement) leave the section as it was;
* nothing before the first ``Up``/``Down`` runs (line 181);
* a statement ends at a line whose last word before a ``--`` word ends with
  ``;`` (``endsWithSemicolon``) or at ``StatementEnd``;
* it refuses the file (an error that stops every migration) when text is left
  unended at an ``Up``/``Down`` or at the end of the file (``errNoTerminator``,
  lines 147, 157, 230), at ``StatementBegin`` without ``StatementEnd`` (218),
  at a bare ``-- +migrate `` (``incomplete migration command``, 96), and when
  there is no ``Up``/``Down`` at all (222).

:func:`read_as_sql_migrate` keeps, in place, exactly the text sql-migrate runs
going up.
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.go_scanning import blank, ends_with_semicolon, keep_only, scanned_lines
from dbnamelint.liamstask_goose import UNTERMINATED_CODE
from dbnamelint.model import Diagnostic, Location, Severity

#: sql-migrate's ``sqlCmdPrefix``.
_PREFIX = "-- +migrate "
#: The error on a file sql-migrate refuses (no annotation, a bad command).
REFUSED_CODE = "DBN004"
#: The warning on a line that looks like a section marker sql-migrate does not take.
NOT_TAKEN_CODE = "DBN000"

#: A ``+migrate Up``/``Down`` marker as a loose reader takes one (blanks, any case).
_LOOSE = lazy_compile(r"^[ \t]*--[ \t]*\+migrate[ \t]+(up|down)\b", re.IGNORECASE)
#: Whether a file has one (any line).
_ANY = lazy_compile(r"^[ \t]*--[ \t]*\+migrate[ \t]+(?:up|down)\b", re.IGNORECASE | re.MULTILINE)


#: sql-migrate's ``numberPrefixRegex`` (``^(\d+).*$``, on the file name).
_SQL_MIGRATE_NUMBER = lazy_compile(r"^([0-9]+)")


def sql_migrate_key(name: str) -> str:
    """sql-migrate's ``Migration.Less`` as a text key: numbered names first,
    by the number, then the whole name byte-wise (a text's code-point order
    is its UTF-8 bytes' order); other names after them, by name."""
    found = _SQL_MIGRATE_NUMBER.match(name)
    if found is None:
        return "1" + name
    return f"0{int(found.group(1)):040d}/{name}"


def is_sql_migrate(text: str) -> bool:
    """Whether ``text`` is a sql-migrate file: a line opens with something
    read as a ``-- +migrate Up``/``Down`` marker, however spelled."""
    return "+migrate" in text.lower() and _ANY.search(text) is not None


class _Refused(Exception):
    def __init__(self, offset: int, message: str, code: str = REFUSED_CODE) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message
        self.code = code


_NO_TERMINATOR = (
    "sql-migrate refuses this file ('ERROR: The last statement must be ended by a "
    "semicolon or '-- +migrate StatementEnd' marker'): the statement starting here has no "
    "';' ending its last line {where} (a comment after it, '--x' or an indented '-- x', "
    "counts as statement text there); it runs no migration until it is ended, so nothing "
    "of this file is read"
)


def read_as_sql_migrate(text: str, path: str) -> tuple[str, list[Diagnostic]]:
    """``text`` (a sql-migrate file, :func:`is_sql_migrate`) with everything
    sql-migrate does not run going up blanked (spaces, line breaks kept; its
    ``Up``/``Down`` lines and ``-- `` comments of the Up section stay), and its
    diagnostics: a ``DBN000`` warning on each line that looks like a section
    marker sql-migrate does not take; an error (all of ``text`` blanked) where
    it refuses the file: ``DBN001`` for a statement left without ``;``,
    ``DBN004`` otherwise."""
    notes: list[Diagnostic] = []
    try:
        kept = _run(text, path, notes)
    except _Refused as exc:
        number = text.count("\n", 0, exc.offset) + 1
        refused = Diagnostic(Location(path, number, 1), Severity.ERROR, exc.message, exc.code)
        return blank(text), [*notes, refused]
    return keep_only(text, kept), notes


def _run(text: str, path: str, notes: list[Diagnostic]) -> list[tuple[int, int]]:
    """The spans of ``text`` kept (ParseMigration's loop); raises :class:`_Refused`."""
    kept: list[tuple[int, int]] = []
    buf: list[tuple[int, int, str]] = []
    direction = ""  # "", "up", "down"
    ended = ignore = False
    number = 0
    for start, end, line in scanned_lines(text):
        number += 1
        taken = ""
        if line.startswith("-- ") and not line.startswith("-- +"):
            _not_taken(line, number, direction, path, notes)
            if direction == "up":
                kept.append((start, end))  # a comment either way; keeps suppressions
            continue
        if line.startswith(_PREFIX):
            fields = line[len(_PREFIX) :].split()
            if not fields:
                raise _Refused(
                    start,
                    "sql-migrate refuses this file ('ERROR: incomplete migration command'): "
                    "'-- +migrate ' with no command; nothing of this file is read",
                )
            taken = fields[0]
            if taken in ("Up", "Down"):
                if "".join(b[2] for b in buf).strip():
                    raise _Refused(
                        buf[0][0],
                        _NO_TERMINATOR.format(where=f"before '{line}'"),
                        UNTERMINATED_CODE,
                    )
                direction = taken.lower()
                kept.append((start, end))
            elif taken == "StatementBegin":
                ignore = ignore or direction != ""
            elif taken == "StatementEnd" and direction:
                ended, ignore = ignore, False
        if taken not in ("Up", "Down"):
            _not_taken(line, number, direction, path, notes)
        if not direction:
            continue
        if not line.startswith("-- +"):
            buf.append((start, end, line))
        if (not ignore and ends_with_semicolon(line)) or ended:
            ended = False
            if direction == "up":
                kept.extend((s, e) for s, e, _ in buf)
            buf = []
    if ignore:
        raise _Refused(
            len(text),
            "sql-migrate refuses this file (\"ERROR: saw '-- +migrate StatementBegin' with no "
            "matching '-- +migrate StatementEnd'\"); nothing of this file is read",
        )
    if not direction:
        raise _Refused(
            0,
            "no '-- +migrate Up' or '-- +migrate Down' annotation as sql-migrate takes one: at "
            "column 0, spelled exactly so; it refuses the file ('no Up/Down annotations found, "
            "so no statements were executed') and runs no migration; nothing of it is read",
        )
    if "".join(b[2] for b in buf).strip():
        raise _Refused(
            buf[0][0], _NO_TERMINATOR.format(where="at the end of the file"), UNTERMINATED_CODE
        )
    return sorted(kept)


def _not_taken(line: str, number: int, direction: str, path: str, notes: list[Diagnostic]) -> None:
    """A ``DBN000`` warning when ``line`` looks like an ``Up``/``Down`` marker."""
    match = _LOOSE.match(line)
    if match is None:
        return
    said = match.group(1).capitalize()
    if direction == "up":
        effect = "the lines after it run going up, as part of the Up section before it"
    elif direction == "down":
        effect = "the lines after it stay in the Down section before it"
    else:
        effect = "nothing before the first '-- +migrate Up' runs"
    notes.append(
        Diagnostic(
            Location(path, number, 1),
            Severity.WARNING,
            f"'{line.strip()}' is no sql-migrate annotation: sql-migrate takes only "
            f"'-- +migrate {said}' written exactly so at column 0 (case-sensitive, one blank "
            f"after '--'), so {effect}; read as sql-migrate runs it",
            NOT_TAKEN_CODE,
        )
    )
