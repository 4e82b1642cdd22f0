"""Rails' ``db/structure.sql``: which migration versions it records, and its migrations.

``bin/rails db:migrate`` (``schema_format = :sql``) rewrites the dump and ends
it with the versions ``schema_migrations`` holds (ActiveRecord's
``insert_versions_sql``): ``INSERT INTO "schema_migrations" (version) VALUES
('20261203130000'), ...;`` for PostgreSQL and SQLite, backquoted for MySQL,
one ``INSERT`` per version in older Rails. The migrations are
``db/migrate/<version>_<name>.rb`` beside it.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from dbnamelint.core.lazyre import lazy_compile

#: Rails' migration file name: the version, then the name (``ActiveRecord::Migrator``).
MIGRATION_NAME = lazy_compile(r"^(?P<version>\d+)_\w+\.rb$")
#: One ``INSERT INTO schema_migrations (version) VALUES ...;`` of a dump, any quoting.
_INSERT = lazy_compile(
    r"INSERT\s+INTO\s+(?:[\"`]?\w+[\"`]?\.)?[\"`]?schema_migrations[\"`]?\s*"
    r"\(\s*[\"`]?version[\"`]?\s*\)\s*VALUES\s*(?P<values>[^;]*)",
    re.IGNORECASE,
)
#: :data:`_INSERT` with its ``;``: one statement per version (``mix ecto.dump``,
#: older Rails) leaves no ``;`` behind to tell one more from one less.
_INSERT_STATEMENT = lazy_compile(_INSERT.pattern + r";?", re.IGNORECASE)
_VERSION = lazy_compile(r"(\d+)")  # Rails quotes them, Ecto does not


#: An Ecto migration's name: ``priv/<repo>/migrations/<version>_x.exs``.
ECTO_MIGRATION_NAME = lazy_compile(r"^(?P<version>\d+)_\w+\.exs$")


def structure_dump_name(name: str) -> bool:
    """Whether the file name ``name`` (lower case) is Rails' dump's:
    ``structure.sql``, or one word before it (``ci_structure.sql``, Rails'
    ``<database>_structure.sql``). Not a name that merely ends so
    (``unified-pricing-infrastructure.sql``, a sqitch change read as a dump:
    trial s29 Registry)."""
    return name == "structure.sql" or name.endswith(
        ("_structure.sql", "-structure.sql", ".structure.sql")
    )


def is_ecto_dump(path: str) -> bool:
    """True for ``priv/<repo>/structure.sql``, what ``mix ecto.dump`` writes
    (its ``schema_migrations`` list as Rails writes it)."""
    pure = PurePosixPath(path.replace("\\", "/"))
    return pure.name == "structure.sql" and pure.parent.parent.name == "priv"


def is_rails_dump(path: str) -> bool:
    """True for ``db/structure.sql`` (the primary database's dump)."""
    pure = PurePosixPath(path.replace("\\", "/"))
    return pure.name == "structure.sql" and pure.parent.name == "db"


def without_versions(text: str) -> str:
    """A dump's ``text`` without its ``schema_migrations`` inserts, blank
    lines and ``--`` comment lines: the schema it describes, to compare."""
    kept = _INSERT_STATEMENT.sub("", text)
    return "\n".join(
        line.rstrip()
        for line in kept.splitlines()
        if line.strip() and not line.lstrip().startswith("--")
    )


def recorded_versions(text: str) -> frozenset[str]:
    """The versions the ``schema_migrations`` inserts of a dump's ``text``
    list (empty when it has none: not a dump Rails wrote)."""
    return frozenset(v for m in _INSERT.finditer(text) for v in _VERSION.findall(m.group("values")))


#: Rails' Ruby dump of a database: ``schema.rb`` (the primary), ``<name>_schema.rb``
#: (``HashConfig#schema_dump``: ``"#{name}_#{schema_file_type(format)}"``).
_SCHEMA_RB = lazy_compile(r"^(?:\w+_)?schema\.rb$")


def is_schema_rb(path: str) -> bool:
    """True for ``db/schema.rb`` and ``db/<name>_schema.rb`` (Rails' Ruby dumps)."""
    if not path.endswith("schema.rb"):
        return False  # every file of a run is asked: no path parsed for the rest
    pure = PurePosixPath(path.replace("\\", "/"))
    return _SCHEMA_RB.match(pure.name) is not None and pure.parent.name == "db"


#: A Rails dump of a database other than the primary, and that database's name.
_OTHER_DUMP = lazy_compile(r"^(?P<name>\w+?)_(?P<kind>structure\.sql|schema\.rb)$")


def other_databases(files: list[str]) -> dict[str, str]:
    """The Rails databases a ``db/`` folder's file names show beside the
    primary's dump: ``{database name: file name}``, the primary under
    ``"primary"`` (the name Rails' generators give the first database of
    ``config/database.yml``), empty when no ``<name>_schema.rb`` or
    ``<name>_structure.sql`` sits beside a ``schema.rb`` or ``structure.sql``
    of the same format (Rails' ``HashConfig#schema_dump``:
    ``"#{name}_#{schema_file_type(format)}"``)."""
    out: dict[str, str] = {}
    for primary in ("schema.rb", "structure.sql"):
        if primary not in files:
            continue
        kind = primary
        others = {
            m.group("name"): name
            for name in sorted(files)
            if (m := _OTHER_DUMP.match(name)) is not None and m.group("kind") == kind
        }
        if others and "primary" not in others:
            return {"primary": primary, **others}
    return out
