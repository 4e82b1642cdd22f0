"""Process exit codes, decided in one place so every command agrees on them."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import TYPE_CHECKING

from dbnamelint.kinds import Severity

if TYPE_CHECKING:  # the CLI needs ExitCode at start-up, a replayed run nothing more
    from dbnamelint.findings import CheckResult
    from dbnamelint.model import Diagnostic


class ExitCode(IntEnum):
    """What a run of dbnamelint ends with.

    CI systems and pre-commit only see this number, so the meaning of each
    value is part of the public interface and must never change.
    """

    OK = 0
    FINDINGS = 1  # new findings, stale whitelist entries, or DDL we could not read
    USAGE = 2  # bad command line, bad config, bad whitelist
    INPUT_ERROR = 3  # a file that cannot be used (binary, undecodable, a merge conflict)
    INTERNAL = 4  # a bug in dbnamelint itself; reported without a traceback
    DATABASE = 5  # --db/drift: the database cannot be reached or its catalog read


def for_diagnostics(diagnostics: Iterable[Diagnostic]) -> ExitCode:
    """The exit code input problems call for; the most serious kind wins.

    A path that does not exist, or a file the config's ``databases:`` lists
    under two databases, is a usage error (2); a file that is not
    UTF-8 text, or holds an unresolved git merge conflict, is unusable
    input (3); DDL we could not read is 1.
    """
    codes = {d.code for d in diagnostics if d.severity is Severity.ERROR}
    if "DBN002" in codes or "DBN027" in codes:  # a path, or a database's files, mistyped
        return ExitCode.USAGE
    if "DBN003" in codes or "DBN017" in codes:
        return ExitCode.INPUT_ERROR
    return ExitCode.FINDINGS if codes else ExitCode.OK


def exit_code(result: CheckResult) -> ExitCode:
    """The exit code of a check run: the one policy every command and mode uses.

    2 or 3 when the input itself could not be used (see
    :func:`for_diagnostics`); 1 for new findings, stale whitelist entries,
    unused suppressions, unreadable DDL or any gate error (whitelist growth,
    an entry dropped unfixed, an off-plan rename, a base that could not be
    checked); 0 otherwise.
    """
    code = for_diagnostics(result.diagnostics)
    if code in (ExitCode.USAGE, ExitCode.INPUT_ERROR):
        return code
    return ExitCode.FINDINGS if result.failed else ExitCode.OK
