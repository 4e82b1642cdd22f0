"""gobuffalo/pop (``soda migrate``) and Ory's popx: its migration names and version table.

Read in pop's source (``migrator.go``, ``migration_info.go``,
``connection_details.go``, ``config.go``) and popx's (``match.go``,
``migrator.go``):

- a migration is ``<version>_<name>[.<dialect>][.autocommit].<up|down>.<sql|fizz>``
  (pop's ``mrx``; popx adds ``.autocommit``, a file it runs outside a
  transaction); its version is the leading digits, compared as text
  (``UpMigrations.Less``: ``Version <``);
- ``Migrator.UpTo`` runs, in that order, every up migration whose version
  its table lacks, each inside ``Connection.Transaction`` together with the
  ``insert into <table> (version)`` of its version (popx likewise, except on
  MySQL and CockroachDB and for ``.autocommit`` files);
- the table is ``ConnectionDetails.MigrationTableName()``: the
  ``migration_table_name`` option, else ``schema_migration``; the option is
  set in ``database.yml`` (``options:``), found in the working folder or its
  ``config/``, or in the code that opens the connection (supabase/auth:
  ``schema_migrations``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from dbnamelint.core import readlog
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.go_module import runs_pop

#: pop's migration file name (``mrx``), with popx's ``.autocommit``.
MIGRATION = lazy_compile(r"^(\d+)_([^.]+)(\.[a-z0-9]+)?(\.autocommit)?\.(up|down)\.(sql|fizz)$")
#: ``MigrationTableName()`` without a ``migration_table_name`` option.
DEFAULT_TABLE = "schema_migration"
#: Tried too when no ``database.yml`` names the table: the name supabase/auth
#: sets in its code (``cmd/migrate_cmd.go``), golang-migrate's and dbmate's default.
COMMON_TABLE = "schema_migrations"
_OPTION = lazy_compile(
    r"""^\s*["']?migration_table_name["']?\s*:\s*["']?([A-Za-z0-9_.]+)["']?\s*(?:#.*)?$"""
)


def up_version(name: str) -> str | None:
    """The version of pop's up migration ``name`` (``20210710035447_x.up.sql`` ->
    ``20210710035447``), else None (a down migration, or no name of pop's)."""
    found = MIGRATION.match(name)
    return found.group(1) if found is not None and found.group(5) == "up" else None


def migration_tables(anchor: Path) -> tuple[str, ...]:
    """The names pop's version table may have for the migrations beside ``anchor``.

    The ``migration_table_name`` options of the ``database.yml`` (or
    ``config/database.yml``) in ``anchor``'s folders, upwards to the nearest
    one holding ``go.mod`` (pop reads the file from the folder it runs in:
    the module's, or one of the folders below it), each once; a value that
    is a template (``{{ env ... }}``) says nothing. None found: the default
    ``schema_migration`` and ``schema_migrations``.
    """
    names: list[str] = []
    for folder in anchor.parents:
        for config in (folder / "database.yml", folder / "config" / "database.yml"):
            for name in _configured(config):
                if name not in names:
                    names.append(name)
        readlog.note_side(str((folder / "go.mod").absolute()))  # where the search stops
        if (folder / "go.mod").is_file():
            break
    return tuple(names) or (DEFAULT_TABLE, COMMON_TABLE)


def _configured(config: Path) -> list[str]:
    """The ``migration_table_name`` values of the YAML file ``config`` (none when unreadable)."""
    readlog.note_side(str(config.absolute()))  # the run cache: edited, added or removed
    try:
        text = config.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [m.group(1) for line in text.splitlines() if (m := _OPTION.match(line))]


def project_tables(paths: Iterable[Path]) -> tuple[str, ...]:
    """The names pop's version table may have (:func:`migration_tables`) for
    the up migrations of pop's naming among ``paths`` (absolute) whose Go
    module runs pop (:func:`~dbnamelint.go_module.runs_pop`), each once; none
    when no such module holds them. One file per folder is asked."""
    names: list[str] = []
    folders: dict[Path, Path] = {}
    for path in paths:
        if up_version(path.name) is not None:
            folders.setdefault(path.parent, path)
    for anchor in folders.values():
        if runs_pop(anchor):
            names += [n for n in migration_tables(anchor) if n not in names]
    return tuple(names)
