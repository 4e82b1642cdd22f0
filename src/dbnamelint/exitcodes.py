"""Process exit codes, decided in one place so every command agrees on them."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a run of dbnamelint ends with.

    CI systems and pre-commit only see this number, so the meaning of each
    value is part of the public interface and must never change.
    """

    OK = 0
    FINDINGS = 1  # new findings, stale whitelist entries, or DDL we could not read
    USAGE = 2  # bad command line, bad config, bad whitelist
    INPUT_ERROR = 3  # a file that cannot be read at all (missing, binary, undecodable)
    INTERNAL = 4  # a bug in dbnamelint itself; reported without a traceback
