"""golang-migrate's rule for which files of a folder are migrations.

golang-migrate's source drivers (``source/file``, ``source/iofs``) list the
folder and take every file whose name ``source.Parse`` accepts
(``source/parse.go``: ``^([0-9]+)_(.*)\\.(down|up)\\.(.*)$``, the version
parsed by ``strconv.ParseUint(.., 10, 64)``), whatever its extension: the
database driver runs the text of ``128_note.up.txt`` or ``128_x.up.sql.bak``
as it runs a ``.up.sql`` file's. Its ``Migrations.Append`` keeps one file
per version and direction and refuses the folder for a second one
("duplicate migration file"). The title is greedy, so the last
``.up.``/``.down.`` part is the direction (``78_slow_down.up.sql`` is up).

Other tools read such names more narrowly (sqlx and pop: ``.sql``, and
pop's ``.fizz``); Go files (``1_x.up.go``) are code migrations of runners
of their own (concourse's), never golang-migrate's SQL.
A folder's other names are passed over without a word (its ``Init``
``continue``s past a name ``source.DefaultParse`` fails on): ``000003_fix.sql``
beside ``000001_init.up.sql`` is never run.
"""

from __future__ import annotations

from collections.abc import Collection

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile

#: ``source.Regex``, case and all. No DOTALL: Go's ``.`` does not match a
#: newline (a name holding one is no migration to golang-migrate).
MIGRATION_NAME = lazy_compile(r"^([0-9]+)_(.*)\.(down|up)\.(.*)$")

_UINT64_MAX = 2**64 - 1

#: Extensions of names shaped like golang-migrate's that another runner owns:
#: Go code migrations (goose's, concourse's ``.up.go``) and pop's fizz.
_OTHER_RUNNERS = (".go", ".fizz")


class GolangMigrateName(Struct, frozen=True):
    """What ``source.Parse`` reads from one file name."""

    version: int
    direction: str  # "up" or "down"
    extension: str  # after the last .up./.down. part; may be empty


def parse(name: str) -> GolangMigrateName | None:
    """What golang-migrate reads from file ``name`` (a base name), or None when
    it does not take the file as a migration (no match, or a version over
    ``uint64``, which ``ParseUint`` refuses)."""
    found = MIGRATION_NAME.match(name)
    if found is None:
        return None
    version = int(found.group(1))
    if version > _UINT64_MAX:
        return None
    return GolangMigrateName(version, found.group(3), found.group(4))


def runs_as_sql(name: str) -> bool:
    """Whether golang-migrate's SQL database drivers run file ``name`` when it
    sits in a folder golang-migrate reads: its name parses, and it is not a
    Go or fizz file, which belong to other runners. Says nothing of the
    folder (see :func:`dbnamelint.frontends.sql.sources.SourcePlan.wants_file`)."""
    return parse(name) is not None and not name.lower().endswith(_OTHER_RUNNERS)


def parses(name: str) -> bool:
    """Whether golang-migrate reads file ``name`` as a migration (either direction)."""
    return parse(name) is not None


def looks_golang_migrate(names: Collection[str]) -> bool:
    """Whether a folder holding ``names`` is named as golang-migrate's: at
    least two of its ``.sql`` files, and more than half, parse as its
    migrations (``000001_init.up.sql``, ``000001_init.down.sql``)."""
    sql = [n for n in names if n.lower().endswith(".sql")]
    parsed = sum(1 for n in sql if parses(n))
    return parsed >= 2 and parsed * 2 > len(sql)
