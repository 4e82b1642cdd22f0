"""``DBN016`` for the folders of a migration tool that has migrations in code
(:mod:`dbnamelint.services.code_gate`): a migration new since the base
whose version a committed one already holds, one of the two being code
(the tool refuses the folder), or that sorts below the highest committed
version, where it is code or a committed code migration is what makes it
late (the tool refuses it on a database past that version, or runs it out
of order). A SQL file late against SQL files alone is
:mod:`dbnamelint.services.late_migrations`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from dbnamelint.migration_versions import DUPLICATE_VERSION_CODE
from dbnamelint.model import Diagnostic, Location, Severity

Version = tuple[int, ...]


class VersionRule(Protocol):
    """How a tool versions the files of one of its folders."""

    def is_code(self, name: str) -> bool:
        """Whether file ``name`` is one of the tool's code migrations (one it applies)."""
        ...

    def version(self, name: str) -> Version | None:
        """The version file ``name`` holds in the sequence (a migration the
        tool applies, code or SQL), or None."""
        ...

    def shown_version(self, version: Version) -> str:
        """``version`` as the tool prints it."""
        ...

    def clash_reason(self, version: str) -> str:
        """What follows ``... but <path>, already committed`` when shown
        ``version`` is held twice: where, and the tool's refusal."""
        ...

    def late_reason(self, top: str) -> str:
        """What the tool does with a migration below the highest committed
        version (shown ``top``): on databases past it, and on a new one."""
        ...


def version_findings(
    rule: VersionRule,
    at_base: set[str],
    now: set[str],
    code_base: set[str],
    ref: str,
    shown: Callable[[str], str],
) -> list[Diagnostic]:
    """``DBN016`` for the files of one sequence (repository paths: ``at_base``
    at the base, ``now``; ``code_base`` the code migrations at the base) new
    since ``ref`` (see the module docstring); ``shown`` says a path as the
    run shows it."""
    committed = {p: v for p in at_base & now if (v := rule.version(Path(p).name)) is not None}
    if not committed:
        return []
    top = max(committed.values())
    sql_top = max((v for p, v in committed.items() if p not in code_base), default=None)
    shown_top = rule.shown_version(top)
    out: list[Diagnostic] = []
    for rel in sorted(now - at_base):
        version = rule.version(Path(rel).name)
        if version is None:
            continue
        is_code = rule.is_code(Path(rel).name)
        number = rule.shown_version(version)
        clash = sorted(
            p for p, v in committed.items() if v == version and (is_code or p in code_base)
        )
        if clash:
            message = (
                f"migration version {number} is new since {ref} but {shown(clash[0])}, "
                f"already committed{rule.clash_reason(number)}; give it a version above "
                f"{shown_top}"
            )
        elif version < top and (is_code or sql_top is None or version > sql_top):
            high = min(p for p, v in committed.items() if v == top)
            message = (
                f"migration version {number} is new since {ref} but sorts before "
                f"{shown_top} ({shown(high)}), already committed: {rule.late_reason(shown_top)}; "
                f"give it a version above {shown_top}"
            )
        else:
            continue
        out.append(
            Diagnostic(Location(shown(rel), 1, 1), Severity.ERROR, message, DUPLICATE_VERSION_CODE)
        )
    return out
