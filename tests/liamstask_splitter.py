"""A line-for-line port of liamstask's goose splitter, the oracle of
``tests/test_liamstask_goose.py``: which statements ``goose up`` sends to the
database, one ``Exec`` each.

Source: ``bitbucket.org/liamstask/goose`` ``lib/goose/migration_sql.go``, as
kept in pressly/goose's history (commit f3e80f67732033d792d66ad777366e0323ac9c62,
the code pressly forked; its fatal error still points at
``bitbucket.org/liamstask/goose/overview``). Line numbers are that file's.
Written apart from :mod:`dbnamelint.liamstask_goose` (which blanks text in
place rather than cutting statements) so the two can disagree.
"""

from __future__ import annotations

SQL_CMD_PREFIX = "-- +goose "  # line 14


class NoAnnotations(Exception):
    """Lines 113-116: ``log.Fatalf("ERROR: no Up/Down annotations found, ...")``."""


def ends_with_semicolon(line: str) -> bool:
    """Lines 16-31: the last ``bufio.ScanWords`` word before one starting
    with ``--`` ends with ``;``."""
    prev = ""
    for word in line.split():  # ScanWords: runs of non-space
        if word.startswith("--"):
            break
        prev = word
    return prev.endswith(";")


def scan_lines(text: str) -> list[str]:
    """``bufio.ScanLines``: split at ``\\n``, drop one ``\\r`` before it, no
    empty last token after a final newline."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def split_sql_statements(text: str, direction: bool = True) -> list[str]:
    """Lines 42-119, ``splitSQLStatements(r, direction)``."""
    buf = ""  # line 44
    up_sections = 0  # line 49
    down_sections = 0  # line 50
    statement_ended = False  # line 52
    ignore_semicolons = False  # line 53
    direction_is_active = False  # line 54
    stmts: list[str] = []
    for line in scan_lines(text):  # lines 56-58
        if line.startswith(SQL_CMD_PREFIX):  # line 61
            cmd = line[len(SQL_CMD_PREFIX) :].strip()  # line 62 (TrimSpace)
            if cmd == "Up":  # lines 64-67
                direction_is_active = direction is True
                up_sections += 1
            elif cmd == "Down":  # lines 69-72
                direction_is_active = direction is False
                down_sections += 1
            elif cmd == "StatementBegin":  # lines 74-78
                if direction_is_active:
                    ignore_semicolons = True
            elif cmd == "StatementEnd":  # lines 80-85  # noqa: SIM102 - as the Go code nests it
                if direction_is_active:
                    statement_ended = ignore_semicolons is True
                    ignore_semicolons = False
        if not direction_is_active:  # lines 89-91
            continue
        buf += line + "\n"  # line 93
        if not ignore_semicolons and (statement_ended or ends_with_semicolon(line)):  # 97
            statement_ended = False
            stmts.append(buf)
            buf = ""
    if up_sections == 0 and down_sections == 0:  # lines 113-116
        raise NoAnnotations("no Up/Down annotations found, so no statements were executed")
    return stmts  # line 118: whatever is left in buf is dropped
