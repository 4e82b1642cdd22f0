"""golang-migrate's rule for which files of a folder are migrations.

golang-migrate (github.com/golang-migrate/migrate, ``source/parse.go``)
parses a file name with ``^([0-9]+)_(.*)\\.(down|up)\\.(.*)$`` (case and
all) and the version with ``strconv.ParseUint(m[1], 10, 64)``; its file
sources (``source/file`` is ``source/iofs``, whose ``Init`` ``continue``s
past a name ``source.DefaultParse`` fails on) pass over every other name
without a word: ``000003_fix.sql`` beside ``000001_init.up.sql`` is never run.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from dbnamelint.core.lazyre import lazy_compile

#: golang-migrate's file name (``source/parse.go``), case and all: the version,
#: a title, the direction (the last ``.up.``/``.down.``), any extension
#: (``30_ignore_autotag.up..sql`` is version 30's up migration, extension ``.sql``).
GOLANG_MIGRATE_NAME = lazy_compile(r"^([0-9]+)_(.*)\.(down|up)\.(.*)$", re.DOTALL)

_UINT64_MAX = 2**64 - 1


def parses(name: str) -> bool:
    """Whether golang-migrate reads file ``name`` as a migration (either direction)."""
    found = GOLANG_MIGRATE_NAME.match(name)
    return found is not None and int(found.group(1)) <= _UINT64_MAX


def looks_golang_migrate(names: Collection[str]) -> bool:
    """Whether a folder holding ``names`` is named as golang-migrate's: at
    least two of its ``.sql`` files, and more than half, parse as its
    migrations (``000001_init.up.sql``, ``000001_init.down.sql``)."""
    sql = [n for n in names if n.lower().endswith(".sql")]
    parsed = sum(1 for n in sql if parses(n))
    return parsed >= 2 and parsed * 2 > len(sql)
