"""Liquibase's tracking tables under the names a project configures.

Liquibase records applied changesets in ``DATABASECHANGELOG`` and locks
with ``DATABASECHANGELOGLOCK`` (:data:`dbnamelint.tool_tables.TOOL_TABLES`),
but a project may name them otherwise: Liquibase's
``liquibase.databaseChangeLogTableName`` / ``databaseChangeLogLockTableName``
settings (``liquibase.properties``, a system property), Spring Boot's
``spring.liquibase.database-change-log-table`` /
``database-change-log-lock-table``, SpringLiquibase's
``databaseChangeLogTable`` / ``databaseChangeLogLockTable``, or code calling
``Database.setDatabaseChangeLogTableName("...")`` (OpenMRS's
``DatabaseUpdater``: ``liquibasechangelog`` and ``liquibasechangeloglock``,
which its ``create_openmrs_database.sql`` also creates). Liquibase reads and
writes them by that name and column by column (``MD5SUM``, ``ORDEREXECUTED``
...): linting them, whitelisting them and planning ``MD5SUM -> md5_sum``
would break every later ``liquibase update`` (trial s33 openmrs).

:func:`configured_tables` finds those names in a repository: a literal
value written after one of the setting names above in a tracked (or
untracked, not ignored) ``.properties``, ``.yml``/``.yaml``, ``.xml``,
``.java``, ``.kt``, ``.groovy`` or ``.scala`` file (``git grep``; nothing
outside a git repository). A computed value (``getDatabaseChangeLogTableName()
.toUpperCase()``) names nothing.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from dbnamelint.core import readlog
from dbnamelint.liquibase_sql import CHANGELOG_SUFFIXES
from dbnamelint.model import ObjectKind, SchemaObject

#: A setting name, then (after quotes, ``=``, ``:``, ``,``, ``(`` or an XML
#: ``value=``) the literal table name.
_SETTING = re.compile(
    r"(?:databaseChangeLog(?:Lock)?Table(?:Name)?|database-change-log(?:-lock)?-table(?:-name)?)"
    r"""["']?\s*(?:[:=,(]|\s+value\s*=)\s*["']?([A-Za-z_][A-Za-z0-9_$]*)["']?\s*(?=[)"',;\s/>]|$)""",
    re.IGNORECASE,
)
_GREP = r"databaseChangeLog(Lock)?Table|database-change-log(-lock)?-table"
_GLOBS = ("*.properties", "*.yml", "*.yaml", "*.xml", "*.java", "*.kt", "*.groovy", "*.scala")
TOOL = "Liquibase"


def configured_tables(root: Path) -> dict[str, str]:
    """Table name (case-folded) -> ``"Liquibase"`` for each tracking-table name
    the repository holding ``root`` configures (none outside git)."""
    top = _top(str(root.absolute()))
    return dict(_configured(top)) if top is not None else {}


@lru_cache(maxsize=64)
def _top(folder: str) -> str | None:
    """The work tree ``folder`` is in (the nearest folder above holding ``.git``)."""
    path = Path(folder)
    for candidate in (path, *path.parents):
        if (candidate / ".git").exists():
            return str(candidate)
    return None


@lru_cache(maxsize=16)
def _configured(top: str) -> tuple[tuple[str, str], ...]:
    from dbnamelint.gitutil import GitError, run_git

    try:
        out = run_git(
            Path(top),
            *("grep", "-I", "-l", "-i", "-E", "--untracked", _GREP, "--", *_GLOBS),
        )
    except GitError:  # no match (exit 1), or no git
        return ()
    names: dict[str, str] = {}
    for rel in out.decode("utf-8", "surrogateescape").splitlines():
        path = os.path.join(top, rel)  # noqa: PTH118 - git's relative name
        readlog.note_side(path)
        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for found in _SETTING.finditer(text):
            name = found.group(1)
            if name.casefold() in {"true", "false", "null", "value"}:
                continue
            names.setdefault(name.casefold(), TOOL)
    return tuple(sorted(names.items()))


def is_configured_tool_object(obj: SchemaObject) -> bool:
    """Whether ``obj`` is a Liquibase tracking table under a name its project
    configures (:func:`configured_tables`, the repository holding the file
    that makes it), or a column, index or constraint of one: Liquibase's, not
    the project's to lint or rename."""
    table = obj.name if obj.kind is ObjectKind.TABLE else obj.table
    if table is None or not obj.source.path:
        return False
    if "changelog" not in table.casefold() and not obj.source.path.lower().endswith(
        CHANGELOG_SUFFIXES
    ):
        # Only then ask git: a name Liquibase's settings hold is a changelog's
        # table, or made by a changelog; a hook run on plain SQL starts no
        # git grep (tests/test_git_processes.py).
        return False
    folder = os.path.dirname(os.path.abspath(obj.source.path))  # noqa: PTH100, PTH120
    top = _top(folder)
    if top is None:
        return False
    return any(name == table.casefold() for name, _tool in _configured(top))
