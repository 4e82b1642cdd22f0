"""zgo.at/zdb's migration layout: file names, dialect suffixes, versions.

Read in zdb's source (``migrate.go`` ``Migrate.List``/``Schema``/``Run``,
``connect.go`` ``insertDialect``/``findFile``/``Create``, ``tpl.go``):

- migrations live in ``db/migrate/``: ``<name>.sql`` or ``<name>.gotxt``
  (a Go ``text/template`` zdb renders per database first) run on every
  database; ``<name>-postgres.sql`` (``-postgresql``) only on PostgreSQL,
  ``<name>-sqlite.sql`` (``-sqlite3``) only on SQLite, ``<name>-mariadb.sql``
  (``-maria``, ``-mysql``) only on MariaDB. Only ``.sql`` names carry a
  dialect: ``List`` reads no suffix on a ``.gotxt``;
- a migration is its name without extension and dialect suffix
  (``2022-01-13-1-unfk``): the ``version`` table records that name, the
  names run in plain text order (``sort.Strings``), and for each database
  ``Schema`` takes the first file of ``<name>-<dialect>.sql``, ``<name>.gotxt``,
  ``<name>.sql``: a dialect's own file replaces the shared one there;
- Go migrations are functions the program registers under a migration name
  (goatcounter keeps them as ``db/migrate/gomig/<name>.go``);
- a new database runs ``db/schema.gotxt`` (or ``schema-<dialect>.sql``,
  ``schema.sql``) and then every migration.

Projects name migrations ``YYYY-MM-DD-N-<what>`` (goatcounter), so a name in
that form, or any name in a ``db/migrate/`` folder of a Go module that
requires zdb (its ``go.mod``), is read by these rules.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.go_module import go_module_requires

#: zdb's module path (``go.mod``).
ZDB_MODULE = "zgo.at/zdb"
#: The extension of zdb's SQL templates.
TEMPLATE_EXTENSION = ".gotxt"

#: ``-<word>.sql`` suffixes ``Migrate.List`` keeps to one database -> dialect.
DIALECT_SUFFIXES = {
    "postgres": "postgres",
    "postgresql": "postgres",
    "sqlite": "sqlite",
    "sqlite3": "sqlite",
    "maria": "mariadb",
    "mariadb": "mariadb",
    "mysql": "mariadb",
}
#: The suffix a new file of each dialect gets (goatcounter's spelling).
NEW_SUFFIX = {"postgres": "postgres", "sqlite": "sqlite", "mariadb": "mariadb"}

#: ``YYYY-MM-DD-N-`` at the start of a migration name.
_DATED = lazy_compile(r"^(\d{4})-(\d{2})-(\d{2})-(\d+)-")
_SQL_NAME = lazy_compile(
    r"^(?P<stem>.+?)(?:-(?P<dialect>" + "|".join(DIALECT_SUFFIXES) + r"))?\.sql$"
)
#: A Go migration named as zdb's migrations are (``2021-12-08-1-set-chart-text.go``).
_GO_NAME = lazy_compile(r"^\d{4}-\d{2}-\d{2}-\d+-[\w.-]+(?<!_test)\.go$")


def is_dated(name: str) -> bool:
    """Whether file ``name`` starts with zdb projects' ``YYYY-MM-DD-N-``."""
    return _DATED.match(name) is not None


def dated_parts(name: str) -> tuple[str, int, str] | None:
    """``(YYYY-MM-DD, N, rest)`` of a dated migration name
    (``2022-01-13-1-unfk`` -> ``("2022-01-13", 1, "unfk")``), else None."""
    found = _DATED.match(name)
    if found is None:
        return None
    return (
        f"{found.group(1)}-{found.group(2)}-{found.group(3)}",
        int(found.group(4)),
        name[found.end() :],
    )


def in_migrate_folder(path: str) -> bool:
    """Whether ``path`` (``/``-separated) is directly in a ``db/migrate/`` folder."""
    # String tests, not a path object: this asks once per file of a tree.
    folder = path.replace("\\", "/").rpartition("/")[0]
    return folder == "db/migrate" or folder.endswith("/db/migrate")


def is_zdb_name(path: str) -> bool:
    """Whether ``path`` (absolute, or relative to the working folder) is read
    by zdb's naming rules: a dated name, or a file directly in ``db/migrate/``
    of a Go module that requires zdb (its ``go.mod``, read once per folder)."""
    name = path.replace("\\", "/").rpartition("/")[2]
    if is_dated(name):
        return True
    return in_migrate_folder(path) and _requires_zdb(str(Path(path).absolute().parent))


@lru_cache(maxsize=256)
def _requires_zdb(folder: str) -> bool:
    return go_module_requires(Path(folder) / "x", ZDB_MODULE) is True


def dash_dialect(path: str) -> str | None:
    """The dialect a zdb migration's ``-<dialect>.sql`` suffix keeps it to
    (``2022-01-13-1-unfk-sqlite.sql`` -> ``sqlite``), else None (a shared
    file, a ``.gotxt``, or a file zdb's rules do not name)."""
    name = path.replace("\\", "/").rpartition("/")[2]
    found = _SQL_NAME.match(name.lower())
    word = found.group("dialect") if found is not None else None
    if word is None or not is_zdb_name(path):  # the name first: it is the cheaper test
        return None
    return DIALECT_SUFFIXES[word]


def migration_name(path: str) -> str | None:
    """The migration a zdb file is (its name without ``.sql``/``.gotxt`` and
    without a dialect suffix: ``2022-01-13-1-unfk-sqlite.sql`` ->
    ``2022-01-13-1-unfk``), the letter case kept; None for other files."""
    if not is_zdb_name(path):
        return None
    name = path.replace("\\", "/").rpartition("/")[2]
    low = name.lower()
    if low.endswith(TEMPLATE_EXTENSION):
        return name[: -len(TEMPLATE_EXTENSION)]
    found = _SQL_NAME.match(low)
    if found is None:
        return None
    return name[: len(found.group("stem"))]


def is_template_migration(name: str) -> bool:
    """Whether a walk reads the ``.gotxt`` file ``name`` as a migration: its
    name starts with a digit, as a version does (zdb runs names in text
    order; goatcounter's ``2021-12-02-1-languages.gotxt``). Other ``.gotxt``
    files (``schema.gotxt``, ``query/*.gotxt``) get a ``DBN015`` note."""
    return name.lower().endswith(TEMPLATE_EXTENSION) and name[:1].isdigit()


def is_go_migration(name: str) -> bool:
    """Whether ``name`` is a Go migration named as zdb's migrations are."""
    return _GO_NAME.match(name) is not None


def new_migration_names(stem: str, dialects: tuple[str, ...]) -> tuple[str, ...]:
    """File names of a new migration ``stem`` for each of ``dialects``
    (``-postgres.sql``, ``-sqlite.sql``, ``-mariadb.sql``)."""
    return tuple(f"{stem}-{NEW_SUFFIX.get(d, d)}.sql" for d in dialects)
