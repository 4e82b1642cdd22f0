"""Comment lines a project's own SQL runner un-comments and runs.

Dolibarr keeps its schema as MySQL files and runs them with its own PHP
loaders, which take some ``--`` lines as statements:

- ``run_sql()`` (``htdocs/core/lib/admin.lib.php``, every upgrade script and
  module file) matches each line against ``^--\\sV(MYSQL|PGSQL)([^\\s]*)``:
  on MySQL/MariaDB it strips a ``-- VMYSQL4.3 `` mark and runs the rest of
  the line, on PostgreSQL a ``-- VPGSQL8.2 `` one (the version, or a
  collation constant, only ever narrows it);
- ``install/step2.php`` does the same for the ``*.key.sql`` files of a new
  database: ``^--\\sV([0-9.]+)`` on MySQL, ``^--\\sPOSTGRESQL\\sV([0-9.]+)``
  on PostgreSQL.

So ``-- VMYSQL4.3 ALTER TABLE t ADD COLUMN badName int;`` creates a column
every MySQL upgrade runs while a reader of SQL sees a comment (trial s39
dolibarr: it passed ``check --base`` and the hook). A MySQL file's MySQL
marks are read as the SQL they are; a PostgreSQL-only line is SQL another
database runs, which the MySQL reading of the file cannot model: when it
makes or renames a name it is said (``DBN013``), so the gate refuses a new
one. The marks need the whitespace after ``--`` the runners' patterns need:
``--VMYSQL4.1 ...`` is a comment there too.
"""

from __future__ import annotations

import re
from enum import Enum

from dbnamelint.core.lazyre import lazy_compile

__all__ = ["Mark", "runner_mark"]


class Mark(Enum):
    """What the runner does with a marked line of a MySQL file."""

    MYSQL = "mysql"  # runs it here: read its SQL
    OTHER = "other"  # runs it on PostgreSQL only


#: run_sql()'s pattern, anchored at a line start (``preg_match`` on a line).
_RUN_SQL = lazy_compile(r"--\sV(MYSQL|PGSQL)[^\s]*", re.IGNORECASE)
#: step2.php's patterns for ``*.key.sql`` files.
_STEP2_MYSQL = lazy_compile(r"--\sV[0-9.]+", re.IGNORECASE)
_STEP2_POSTGRES = lazy_compile(r"--\sPOSTGRESQL\sV[0-9.]+", re.IGNORECASE)
#: Words of a statement that make or rename a name (DDL that only alters a
#: type or drops says nothing new to judge).
NAMING_WORDS = lazy_compile(r"(?i)\b(?:create|add|rename|change)\b")


def runner_mark(text: str, p: int, path: str) -> tuple[Mark, int] | None:
    """The mark of the ``--`` line comment at ``p`` (a line start) and where
    the statement after it starts; None for a plain comment."""
    found = _RUN_SQL.match(text, p)
    if found is not None:
        which = Mark.MYSQL if found.group(1).upper() == "MYSQL" else Mark.OTHER
        return which, found.end()
    if not path.lower().endswith(".key.sql"):
        return None
    found = _STEP2_POSTGRES.match(text, p)
    if found is not None:
        return Mark.OTHER, found.end()
    found = _STEP2_MYSQL.match(text, p)
    if found is not None:
        return Mark.MYSQL, found.end()
    return None
