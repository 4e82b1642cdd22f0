"""Code for a database engine that speaks no SQL: not any SQL database's use.

A tree kept for several databases may hold one that is no SQL database at
all: Temporal's ``schema/cassandra/*.cql`` beside ``schema/postgresql/``, and
Go code that queries Cassandra through ``gocql`` with CQL strings
(``SELECT id FROM namespaces WHERE ...``). CQL reads like SQL, so its table
names were counted as high-confidence SQL references of the PostgreSQL
database's tables (trial s22 temporal). They are Cassandra's own tables: a
rename of the SQL copy changes nothing there. :func:`engine_of` tells such a
file by its suffix (``.cql``), a folder named for the engine
(:data:`~dbnamelint.dialects.names.UNREADABLE_DATABASE_FOLDERS`' CQL ones),
or, for Go, the driver it imports (each driver's documented import path)
when it imports no SQL one.
"""

from __future__ import annotations

from dbnamelint.core.lazyre import lazy_compile

#: File suffixes of a non-SQL engine's schema or query language.
_SUFFIXES = {".cql": "Cassandra"}

#: Folders named for a CQL database (golang-migrate's driver folders).
_FOLDERS = {"cassandra": "Cassandra", "scylla": "ScyllaDB", "scylladb": "ScyllaDB"}

#: A Go import of a non-SQL engine's driver, and the engine.
_GO_ENGINES = lazy_compile(
    r'"(?:(?P<Cassandra>github\.com/gocql/gocql|github\.com/apache/cassandra-gocql-driver'
    r"(?:/v\d+)?|github\.com/scylladb/gocqlx(?:/v\d+)?)"
    r"|(?P<MongoDB>go\.mongodb\.org/mongo-driver(?:/v\d+)?/mongo)"
    r'|(?P<Redis>github\.com/(?:redis|go-redis)/(?:go-)?redis(?:/v\d+)?))"'
)

#: Imports of SQL: ``database/sql`` or a SQL driver's package.
_GO_SQL = lazy_compile(
    r'"(?:database/sql|github\.com/go-sql-driver/mysql|github\.com/lib/pq'
    r"|github\.com/jackc/pgx(?:/v\d+)?(?:/\w+)?|github\.com/jmoiron/sqlx"
    r'|modernc\.org/sqlite|github\.com/mattn/go-sqlite3|gorm\.io/gorm)"'
)


def engine_of(path: str, text: str | None) -> str | None:
    """The non-SQL database engine code file ``path`` (relative,
    ``/``-separated; ``text`` its content, or None) is written for:
    ``Cassandra`` for ``schema/cassandra/x.cql`` or a Go file importing
    gocql and no SQL package; None for anything else."""
    *folders, name = path.split("/")
    dot = name.rfind(".")
    if dot > 0 and (engine := _SUFFIXES.get(name[dot:].lower())) is not None:
        return engine
    if path.endswith(".go") and text is not None:
        if _GO_SQL.search(text) is not None:
            return None  # it runs SQL too, whatever its folder says
        found = {m.lastgroup for m in _GO_ENGINES.finditer(text)}
        if len(found) == 1:
            return found.pop()
    for folder in reversed(folders):
        if (engine := _FOLDERS.get(folder.lower())) is not None:
            return engine
    return None
