"""A line-for-line port of sql-migrate's splitter, the oracle of
``tests/test_sql_migrate_reading.py``: which statements ``sql-migrate up``
sends to the database, one ``Exec`` each, or the error that refuses the file.

Source: ``sqlparse/sqlparse.go`` as vendored by heroiclabs/nakama
(``vendor/github.com/heroiclabs/sql-migrate/sqlparse/sqlparse.go``; rubenv's
upstream has the same logic). Line numbers are that file's. ``LineSeparator``
is left at its default, blank. Written apart from :mod:`dbnamelint.sql_migrate`
(which blanks text in place rather than cutting statements) so the two can
disagree.
"""

from __future__ import annotations

SQL_CMD_PREFIX = "-- +migrate "  # line 14


class Refused(Exception):
    """``ParseMigration`` returned an error (lines 96, 148, 158, 219, 223, 231)."""


def ends_with_semicolon(line: str) -> bool:
    """Lines 47-62."""
    prev = ""
    for word in line.split():
        if word.startswith("--"):
            break
        prev = word
    return prev.endswith(";")


def scan_lines(text: str) -> list[str]:
    """``bufio.ScanLines``."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def parse_migration(text: str) -> tuple[list[str], list[str]]:
    """Lines 115-235: (up statements, down statements); raises :class:`Refused`."""
    up: list[str] = []
    down: list[str] = []
    buf = ""
    statement_ended = False  # line 127
    ignore_semicolons = False  # line 128
    direction = None  # line 129, directionNone
    for line in scan_lines(text):
        if line.startswith("-- ") and not line.startswith("-- +"):  # line 134
            continue
        if line.startswith(SQL_CMD_PREFIX):  # line 139
            fields = line[len(SQL_CMD_PREFIX) :].split()  # line 94
            if not fields:
                raise Refused("incomplete migration command")  # line 96
            cmd = fields[0]
            if cmd == "Up":
                if buf.strip():
                    raise Refused("no terminator")  # line 148
                direction = "up"
            elif cmd == "Down":
                if buf.strip():
                    raise Refused("no terminator")  # line 158
                direction = "down"
            elif cmd == "StatementBegin":
                if direction is not None:
                    ignore_semicolons = True
            elif cmd == "StatementEnd" and direction is not None:  # lines 172-176
                statement_ended = ignore_semicolons
                ignore_semicolons = False
        if direction is None:  # line 181
            continue
        if not line.startswith("-- +"):  # line 187
            buf += line + "\n"
        if (not ignore_semicolons and ends_with_semicolon(line)) or statement_ended:
            statement_ended = False
            (up if direction == "up" else down).append(buf)
            buf = ""
    if ignore_semicolons:
        raise Refused("StatementBegin with no StatementEnd")  # line 219
    if direction is None:
        raise Refused("no Up/Down annotations found")  # line 223
    if buf.strip() and not buf.startswith("-- +"):
        raise Refused("no terminator")  # line 231
    return up, down
