"""Dialect names: the canonical list, user aliases, and hints in file paths.

Dialect names are sqlglot's, so the parsing layer can hand them straight to
sqlglot, plus the few databases dbnamelint tells apart where sqlglot does not
(:data:`OWN_DIALECTS`: MariaDB, read with sqlglot's MySQL, and CockroachDB,
read with sqlglot's PostgreSQL); but this module
must not import sqlglot (``import sqlglot`` costs 0.15-0.2 s and only the
parsing layer may touch it), so the list is written out here and a test
checks it against the installed sqlglot.

Users write dialects the way their tools do (``postgresql``, ``sqlite3``,
``mssql``, ``mariadb``), and migration trees announce them in file suffixes
(kratos ``x.postgres.up.sql``) or folder names (``schema/mysql/v8``). All of
those spellings funnel through :func:`normalize_dialect`, so every later
layer sees exactly one name per dialect.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import PurePath
from types import MappingProxyType

from dbnamelint.core.lazyre import lazy_compile

#: sqlglot 30.30's dialect names (``sqlglot.dialects.Dialects`` values).
DIALECTS: tuple[str, ...] = (
    "athena",
    "bigquery",
    "clickhouse",
    "databricks",
    "dax",
    "doris",
    "dremio",
    "drill",
    "druid",
    "duckdb",
    "dune",
    "exasol",
    "fabric",
    "hive",
    "materialize",
    "mysql",
    "oracle",
    "postgres",
    "presto",
    "prql",
    "redshift",
    "risingwave",
    "singlestore",
    "snowflake",
    "solr",
    "spark",
    "spark2",
    "sqlite",
    "starrocks",
    "tableau",
    "teradata",
    "trino",
    "tsql",
)

#: Databases dbnamelint tells apart from the sqlglot dialect they are read
#: with -> that dialect. MariaDB speaks MySQL's DDL but names some objects
#: otherwise (an unnamed CHECK is ``CONSTRAINT_1`` or its column's name, not
#: ``t_chk_1``; see :mod:`dbnamelint.default_names`). CockroachDB speaks
#: PostgreSQL's DDL and names as it does, but a tree's ``.cockroach.`` files
#: are a copy of their own: pop runs them on CockroachDB only, never on
#: PostgreSQL, and their statements (``INDEX (cols)`` inside CREATE TABLE,
#: ``ALTER PRIMARY KEY``) fail there.
OWN_DIALECTS: MappingProxyType[str, str] = MappingProxyType(
    {"mariadb": "mysql", "cockroach": "postgres"}
)

#: What a file gets when nothing else says which dialect it is written in.
DEFAULT_DIALECT = "postgres"

#: Other spellings users and migration tools use (pop's: ``cockroachdb``,
#: ``crdb``, ``sqlite3``).
ALIASES: MappingProxyType[str, str] = MappingProxyType(
    {
        "postgresql": "postgres",
        "pg": "postgres",
        "psql": "postgres",
        "pgsql": "postgres",
        "cockroachdb": "cockroach",
        "crdb": "cockroach",
        "sqlite3": "sqlite",
        "mssql": "tsql",
        "sqlserver": "tsql",
        "sql-server": "tsql",
        "sql_server": "tsql",
    }
)

_CANONICAL: frozenset[str] = frozenset(DIALECTS) | frozenset(OWN_DIALECTS)
_KNOWN: frozenset[str] = _CANONICAL | frozenset(ALIASES)

#: File-name segments that sit between a dialect suffix and the extension in
#: migration tools' names (``x.postgres.autocommit.up.sql``) and so must be
#: looked past when reading the dialect from a suffix.
_NON_DIALECT_SEGMENTS: frozenset[str] = frozenset({"up", "down", "undo", "autocommit", "ddl"})

#: A dialect word inside a folder or file name (``guacamole-auth-jdbc-mysql``,
#: ``Chinook_SqlServer``, ``sql-server-sakila-db``). Bounded by non-letters
#: so ``mysqldump`` or ``nosqlite`` are not read as hints; ``pg`` is left
#: out on purpose because it appears in too many unrelated names.
_PATH_WORD = lazy_compile(
    r"(?<![a-z])(?:"
    r"(?P<mysql>mysql)|(?P<mariadb>mariadb)"
    # golang-migrate's driver folders: pgx (a PostgreSQL driver) and YugabyteDB
    # (YSQL, PostgreSQL's query layer; its driver opens lib/pq) read as
    # PostgreSQL; rqlite (SQLite replicated) and SQLCipher (SQLite encrypted) as SQLite.
    r"|(?P<postgres>postgres(?:ql)?|pgsql|pgx|yugabyte(?:db)?)|(?P<cockroach>cockroach(?:db)?)"
    r"|(?P<sqlite>sqlite3?|rqlite|sqlcipher)"
    r"|(?P<tsql>sql[-_ ]?server|mssql|tsql)"
    # Databases whose DDL no other dialect reads (umami's db/clickhouse/).
    r"|(?P<clickhouse>clickhouse)|(?P<duckdb>duckdb)|(?P<snowflake>snowflake)"
    r"|(?P<bigquery>bigquery)|(?P<redshift>redshift)"
    r")(?![a-z])"
)


def normalize_dialect(name: str) -> str:
    """Return the canonical name for ``name``, or raise ``ValueError``.

    The canonical name is sqlglot's (``postgresql`` -> ``postgres``), or one
    of :data:`OWN_DIALECTS` (``mariadb``, ``cockroach``; :func:`sqlglot_dialect` gives
    the dialect sqlglot reads it with).

    Raising (rather than falling back to a default) is deliberate: a typo in
    a config or on the command line would otherwise lint a MySQL schema with
    PostgreSQL rules and report nonsense without saying why.
    """
    key = name.strip().lower()
    if key in ALIASES:
        return ALIASES[key]
    if key in _CANONICAL:
        return key
    names = (*DIALECTS, *OWN_DIALECTS, *ALIASES)
    import difflib  # only for a misspelt name's suggestion

    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise ValueError(f"unknown dialect {name!r}; {hint}expected one of: {', '.join(names)}")


def sqlglot_dialect(dialect: str) -> str:
    """The sqlglot dialect a canonical dialect name is read with (``mariadb`` -> ``mysql``)."""
    return OWN_DIALECTS.get(dialect, dialect)


def dialect_from_suffix(filename: str, extensions: Iterable[str] = (".sql", ".ddl")) -> str | None:
    """The dialect a file name announces in its dot-suffixes, if any.

    Recognises ``x.postgres.sql``, ``x.postgres.up.sql``,
    ``x.cockroach.autocommit.down.sql``, ``x.down.mysql.sql``, ``x.pg.sql``
    and the extension-last form ``x.sql.postgres``. Only segments after the
    first dot count, so a file *named* ``mysql.sql`` is left to the path-word
    hints instead.
    """
    exts = {e.lower().lstrip(".") for e in extensions}
    segments = filename.lower().split(".")[1:]
    if not segments:
        return None
    if len(segments) >= 2 and segments[-2] in exts and segments[-1] in _KNOWN:
        return normalize_dialect(segments[-1])
    if segments[-1] not in exts:
        return None
    segments = segments[:-1]
    while segments and segments[-1] in _NON_DIALECT_SEGMENTS:
        segments.pop()
    if segments and segments[-1] in _KNOWN:
        return normalize_dialect(segments[-1])
    return None


#: golang-migrate's file name (``source/parse.go``: ``^([0-9]+)_(.*)\.(down|up)\.(.*)$``).
_MIGRATE_NAME = lazy_compile(r"^\d+_.+\.(?:up|down)\.([A-Za-z0-9]+)$")


def migration_extension_dialect(filename: str) -> str | None:
    """The dialect of a golang-migrate file whose extension names one, else None.

    golang-migrate runs every ``<version>_<title>.<up|down>.<ext>`` file of
    its folder, whatever ``<ext>`` is, so ``000002_more.up.pgsql`` is a
    PostgreSQL migration that a walk over ``.sql`` files would pass over.
    """
    found = _MIGRATE_NAME.match(filename)
    if found is None or found.group(1).lower() not in _KNOWN:
        return None
    return normalize_dialect(found.group(1))


#: Extensions that are plainly SQL of one dialect (``schema.psql``,
#: ``init.pgsql``, ``dump.mysql``, ``proc.tsql``): a walk reads them, in that
#: dialect, as it reads ``.sql`` files. ``.sqlite``/``.sqlite3`` are not here:
#: such a file is as often a database as a script.
EXTENSION_DIALECTS: MappingProxyType[str, str] = MappingProxyType(
    {"psql": "postgres", "pgsql": "postgres", "mysql": "mysql", "mssql": "tsql", "tsql": "tsql"}
)


def extension_dialect(filename: str) -> str | None:
    """The dialect a file's own extension names (:data:`EXTENSION_DIALECTS`), else None.

    Only the last dot-segment counts, and only after a name (``x.psql``, not a
    file called ``.psql``): ``schema.psql`` is PostgreSQL.
    """
    stem, dot, extension = filename.rpartition(".")
    if not dot or not stem:
        return None
    return EXTENSION_DIALECTS.get(extension.lower())


def has_dialect_extension(filename: str, extensions: Iterable[str] = (".sql", ".ddl")) -> bool:
    """True for the extension-last form ``x.sql.postgres`` a walk must pick up."""
    exts = {e.lower().lstrip(".") for e in extensions}
    segments = filename.lower().split(".")[1:]
    return len(segments) >= 2 and segments[-2] in exts and segments[-1] in _KNOWN


def dialect_from_path_words(parts: Sequence[str]) -> str | None:
    """The dialect named by the nearest path component that names one.

    ``parts`` run from the outermost folder to the file name; the file name
    is looked at first, then its folders from the innermost outwards, so
    ``modules/guacamole-auth-jdbc-mysql/schema/x.sql`` is MySQL and
    ``Chinook_SqlServer.ddl.sql`` is T-SQL.
    """
    for index, part in enumerate(reversed(parts)):
        if index == 0:
            found = _title_word(part.lower())
            if found is not None:
                return found
            continue
        match = _PATH_WORD.search(part.lower())
        if match is not None and match.lastgroup is not None:
            return match.lastgroup
    return None


#: A migration's version before its title: digits (``007_``, ``20240101120000_``),
#: Flyway's ``V1_2__``/``U1__``/``R__``, zdb's ``2024-01-02-1-``.
_VERSION_HEAD = lazy_compile(r"^(?:[vur]?[\d._-]*\d[._-]*_?_|[vur]__|[\d-]+-)", re.IGNORECASE)


def _title_word(name: str) -> str | None:
    """The dialect a file name (lower case) says: any word of a name that is
    no versioned migration's (``Chinook_PostgreSql_SerialPKs.ddl.sql``,
    ``from_mysql.sql``); in a migration's, a word opening or closing its title
    after the version (``001_sqlite_init.up.sql``, ``V1__init_postgres.sql``):
    a word inside it is the migration's description, not its database (river's
    ``007_notification_outbox_sqlite_jsonb_and_sql_cleanup.up.sql`` is
    PostgreSQL's, in a folder of PostgreSQL)."""
    title = name.split(".", 1)[0]
    head = _VERSION_HEAD.match(title)
    if head is None or head.end() >= len(title):  # no migration's name: any word
        match = _PATH_WORD.search(name)
        return match.lastgroup if match is not None else None
    title = title[head.end() :]
    for match in _PATH_WORD.finditer(title):
        if match.lastgroup is not None and (match.start() == 0 or match.end() == len(title)):
            return match.lastgroup
    return None


def inside_title_word(name: str) -> str | None:
    """The dialect that words strictly inside the title of file ``name``
    name (lower or any case), when no word opening or closing the title
    names one: uptime-kuma's ``patch-add-sqlserver-monitor.sql`` (a patch
    adding a monitor of SQL Server, among SQLite patches) is ``tsql``,
    ``init_postgres.sql`` and ``001_sqlite_init.up.sql`` are None. Such a
    word describes the file as often as it names its database: a folder's
    majority settles it (:func:`dbnamelint.runner.pipeline._folder_dialects`)."""
    title = name.lower().split(".", 1)[0]
    found = [m for m in _PATH_WORD.finditer(title) if m.lastgroup is not None]
    if not found or any(m.start() == 0 or m.end() == len(title) for m in found):
        return None
    named = {m.lastgroup for m in found}
    return found[0].lastgroup if len(named) == 1 else None


#: Folders named for a database with no dialect folder of its own
#: (:func:`dialect_from_folder_names` knows the others):
#: the vendor ids of Spring Boot's ``DatabaseDriver`` that
#: ``spring.flyway.locations=classpath:db/migration/{vendor}`` resolves to, and
#: the upper-case folders projects name them by (hawkbit's ``H2/``, ``DB2/``).
#: Under a configured ``dialect:`` their files are another database's copy,
#: left out of the walk with a ``DBN007`` note each.
OTHER_DATABASE_FOLDERS = frozenset(
    {
        "h2",
        "hsqldb",
        "hsql",
        "derby",
        "db2",
        "db2_as400",
        "oracle",
        "informix",
        "firebird",
        "hana",
        "sybase",
        "teradata",
        "sqlanywhere",
    }
)


#: Where a name splits into words: ``-``, ``_``, ``.``, blanks, and
#: camelCase (``h2Function``).
_NAME_WORDS = lazy_compile(r"[._\-\s]+|(?<=[a-z0-9])(?=[A-Z])")


def other_database_word(name: str) -> str | None:
    """The database of :data:`OTHER_DATABASE_FOLDERS` a folder or file name
    is named for, the whole name or one of its words (Apollo's
    ``h2-default/``, ``configdb.init.h2.sql``, ``h2Function.sql``: ``h2``); else None."""
    for word in _NAME_WORDS.split(name):
        if word.lower() in OTHER_DATABASE_FOLDERS:
            return word.lower()
    return None


#: Folders named for a database whose language dbnamelint does not read, each
#: with that language: Cloud Spanner's GoogleSQL DDL (``PRIMARY KEY (UserId)`` after the column
#: list, ``INTERLEAVE IN PARENT``), Cassandra's and ScyllaDB's CQL, and ql's
#: (modernc.org/ql: ``string``, ``bool`` columns, no constraints), as
#: golang-migrate's driver folders name them. Read as the configured dialect
#: (or a guessed one) their statements would be unreadable or misread, so a
#: walk leaves their files out with a ``DBN007`` note whatever ``dialect:``
#: says; a ``per_path`` dialect or a ``databases:`` entry still reads them.
UNREADABLE_DATABASE_FOLDERS: MappingProxyType[str, str] = MappingProxyType(
    {
        "spanner": "Cloud Spanner's GoogleSQL DDL",
        "cassandra": "CQL",
        "scylla": "CQL",
        "scylladb": "CQL",
        "ql": "ql's own SQL",
    }
)


def flyway_vendor_folder(name: str) -> bool:
    """Whether a folder ``name`` is one of Spring Boot's per-database Flyway
    locations (``db/migration/{vendor}``) or the ``common`` one beside them:
    Flyway runs their files as one version sequence with their siblings'
    (``spring.flyway.locations=db/migration/common,db/migration/{vendor}``)."""
    low = name.lower()
    return (
        low == "common"
        or low in OTHER_DATABASE_FOLDERS
        or dialect_from_folder_names([name]) is not None
    )


def merged_flyway_locations(folders: Iterable[PurePath]) -> set[PurePath]:
    """The parents whose Flyway folders (``folders``: those holding Flyway
    files) Flyway runs as one sequence: ``common`` beside exactly one
    database's folder (Spring Boot's ``db/migration/{common,postgresql}``).
    Copies for several databases (``mysql/`` beside ``postgresql/``) stay
    apart: Spring Boot uses one of them."""
    vendors: dict[PurePath, set[str]] = {}
    for folder in folders:
        if flyway_vendor_folder(folder.name):
            vendors.setdefault(folder.parent, set()).add(folder.name.lower())
    return {
        parent
        for parent, names in vendors.items()
        if "common" in names and len(names - {"common"}) == 1
    }


def dialect_from_folder_names(folders: Sequence[str]) -> str | None:
    """The dialect a folder is named for outright, the innermost first.

    Only a whole folder name counts (``mysql/``, ``sqlite3/``, ``postgresql/``,
    ``sql_server/``, any case): a multi-dialect tree keeps one copy of its
    migrations per such folder, an explicit per-file statement that beats a
    config's default ``dialect:``. A word inside a longer name
    (``guacamole-auth-jdbc-mysql/``, ``from_mysql.sql``) is only a hint, for
    files nothing else names a dialect for (:func:`dialect_from_path_words`).
    """
    for folder in reversed(folders):
        match = _PATH_WORD.fullmatch(folder.lower())
        if match is not None and match.lastgroup is not None:
            return match.lastgroup
    return None


def _LINE_OF(word: str) -> re.Pattern[str]:
    """A hint that ``word`` may stand alone on a line (text already lower-cased).

    Starting with a literal, it is found by a fast scan, unlike the
    case-insensitive ``^\\s*GO\\s*$`` it stands for.
    """
    return lazy_compile(re.escape(word) + r"\s*$", re.MULTILINE)


#: Text signals of each dialect, for files nothing else names a dialect for:
#: the dialect, hints (lower-case words or patterns at least one of which any
#: match contains), and the pattern whose matches are counted. The hints are
#: what make sniffing cheap: a case-insensitive pattern scans the whole text
#: slowly (0.1 s per dialect on a 52,000-line dump) even when it finds
#: nothing, while a missing word is ruled out at memchr speed. Every
#: alternative of a pattern needs a hint (tests/test_sniff_hints.py checks).
_SNIFFERS: tuple[tuple[str, tuple[str | re.Pattern[str], ...], re.Pattern[str]], ...] = (
    (
        "mysql",
        (
            *("`", "engine", "delimiter", "auto_increment", "source", "unsigned", "zerofill"),
            # Words any file holds ("primary key", "create index"): patterns that
            # start with a literal, so a file without them stays cheap.
            lazy_compile(r"after\s+\w+\s*(?:[,;]|\Z)"),
            lazy_compile(r"first\s*(?:[,;]|\Z)"),
            lazy_compile(r"table\s+[\w.]+\s+(?:modify|change)\b"),
            lazy_compile(r"key\s+\w+\s*\(\s*[a-z_]"),
            lazy_compile(r"index\s+\w+\s*\(\s*[a-z_]"),
        ),
        lazy_compile(
            r"`\w+`|\bENGINE\s*=|^\s*DELIMITER\s|\bAUTO_INCREMENT\b|^\s*SOURCE\s+[\w./-]*\.\w+\s*;?\s*$"
            # What PostgreSQL refuses and the reader passes over (foreign_syntax):
            # UNSIGNED, a column position, MODIFY/CHANGE, an index inside CREATE
            # TABLE (on its own line, as MySQL's dumps and hand-written files put it).
            r"|\b(?:UNSIGNED|ZEROFILL)\b"
            r"|\bADD\s+(?:COLUMN\s+)?\w+\s[^;]*?\b(?:AFTER\s+\w+|FIRST)\s*(?=[,;]|\Z)"
            r"|\bALTER\s+TABLE\s+[\w.]+\s+(?:MODIFY|CHANGE)\b"
            r"|^\s*(?:UNIQUE\s+|FULLTEXT\s+)?(?:KEY|INDEX)\s+\w+\s*\(\s*[A-Za-z_]",
            re.IGNORECASE | re.MULTILINE,
        ),
    ),
    (
        "tsql",
        ("[dbo]", "].", ".[", "nvarchar", "identity", "sp_rename", _LINE_OF("go")),
        lazy_compile(
            # IDENTITY(seed, increment): PostgreSQL's "AS IDENTITY (START ...)" is not it.
            # [Schema].Name, Schema.[Name]: SSDT projects write names so, often with no GO.
            r"^\s*GO\s*$|\[dbo\]|\[[A-Za-z_][\w ]*\]\.|\.\[[A-Za-z_]|\bNVARCHAR\b"
            r"|\bIDENTITY\s*\(\s*-?\d+\s*,|\bsp_rename\b",
            re.IGNORECASE | re.MULTILINE,
        ),
    ),
    (
        "sqlite",
        (
            *("autoincrement", "pragma", "rowid", "attach", "detach", "\n."),
            lazy_compile(r"insert\s+or\s"),
            lazy_compile(r"conflict\s+(?:replace|ignore|abort|fail|rollback)"),
            lazy_compile(r"begin\s+(?:immediate|exclusive|deferred)"),
        ),
        lazy_compile(
            r"\bAUTOINCREMENT\b|^\s*PRAGMA\s|\bWITHOUT\s+ROWID\b"
            # ATTACH DATABASE 'x.db' AS old (the file name is emptied to '').
            r"|\b(?:ATTACH|DETACH)\s+(?:DATABASE\b|'')"
            r"|\bINSERT\s+OR\s+(?:REPLACE|IGNORE|ABORT|FAIL|ROLLBACK)\b"
            r"|\bON\s+CONFLICT\s+(?:REPLACE|IGNORE|ABORT|FAIL|ROLLBACK)\b"
            r"|\bBEGIN\s+(?:IMMEDIATE|EXCLUSIVE|DEFERRED)\b"
            # a sqlite3 shell dot-command (.timeout 30000, .headers on)
            r"|^\.[a-z]+\b",
            re.IGNORECASE | re.MULTILINE,
        ),
    ),
    (
        "oracle",
        ("varchar2", "number", "tablespace", "editionable", _LINE_OF("/")),
        lazy_compile(
            r"\bN?VARCHAR2\b|\bNUMBER\s*\(\d|^\s*/\s*$|\bTABLESPACE\s+\"|\bEDITIONABLE\b",
            re.IGNORECASE | re.MULTILINE,
        ),
    ),
    (
        "postgres",
        # Only what SQLite and MariaDB refuse: SQLite takes `jsonb` and
        # `serial` as column types (any type name is one), MariaDB `serial`
        # too (BIGINT UNSIGNED AUTO_INCREMENT), so those tell nothing
        # (tests/test_sniff_postgres_signals.py runs each on all three).
        (
            *("$$", "::", "extension", "\\connect", "enum", "identity"),
            *("pg_catalog.", "client_encoding", "standard_conforming_strings", "owner"),
            *("check_function_bodies", "client_min_messages", "row_security"),
            "default_tablespace",
        ),
        lazy_compile(
            r"\$\$|::\w|\bCREATE\s+EXTENSION\b|^\\connect\b|\bAS\s+ENUM\b"
            r"|\bGENERATED\s+(?:ALWAYS|BY\s+DEFAULT)\s+AS\s+IDENTITY\b|\bpg_catalog\."
            r"|^\s*SET\s+(?:client_encoding|standard_conforming_strings|check_function_bodies"
            r"|client_min_messages|row_security|default_tablespace)\b|\bOWNER\s+TO\b",
            re.IGNORECASE | re.MULTILINE,
        ),
    ),
)


#: ClickHouse's own table definitions: decide outright, before the counting,
#: for a ClickHouse file writes backticks and ``ENGINE =`` as MySQL's do
#: (plausible's ``priv/ingest_repo/structure.sql``, its ``ENGINE =
#: MergeTree`` tables all backticks, was read as MySQL: trial s28). Only
#: what PostgreSQL, MariaDB and sqlite3 all refuse (tests/test_sniff_clickhouse.py
#: runs each there): an engine of the MergeTree family (``MergeTree``,
#: ``ReplacingMergeTree``, ``ReplicatedMergeTree``..., ClickHouse manual,
#: "MergeTree table engine"), of the Log family (``TinyLog``, ``StripeLog``,
#: ``Log``) or ``Distributed``; the types ``LowCardinality(T)`` and
#: ``Nullable(T)`` ("Data Types"); ``ON CLUSTER c`` after a table's,
#: database's, view's or dictionary's name ("Distributed DDL Queries"; Oracle's
#: ``CREATE INDEX i ON CLUSTER c`` is not it); and a table-level ``ORDER BY
#: tuple()`` (MergeTree's "no sorting"). ``UInt64`` or ``FixedString(2)`` are
#: no evidence: sqlite3 takes any type name.
#: Run on the lower-cased text, case-sensitively: a case-insensitive scan
#: costs 0.4 s on a 52,000-line MySQL dump that says ``ENGINE=`` on each table.
_CLICKHOUSE = lazy_compile(
    r"\bengine\s*=\s*(?:\w*mergetree|tinylog|stripelog|log|distributed)\b"
    r"|\blowcardinality\s*\(|\bnullable\s*\(|\bon\s+cluster\b"
    r"|\border\s+by\s+tuple\s*\(\s*\)"
)
#: What precedes a ClickHouse ``ON CLUSTER``: the name of a table, database,
#: view or dictionary (lower case, up to the end of the text searched).
_CLUSTERED = lazy_compile(
    r"\b(?:table|database|view|dictionary)\s+(?:if\s+(?:not\s+)?exists\s+)?[\w.`\"]+\s+\Z"
)
#: Words one of which every match of :data:`_CLICKHOUSE` holds (lower case).
_CLICKHOUSE_HINTS = ("engine", "lowcardinality", "nullable", "cluster", "tuple")


#: What only SQLite takes, deciding outright before the counting: the keyword
#: AUTOINCREMENT (MySQL and MariaDB write AUTO_INCREMENT and refuse it;
#: PostgreSQL has neither) and the shell's ``CREATE TABLE sqlite_sequence(...)``
#: of a ``.schema`` dump. GORM's SQLite tables quote every name with
#: backticks, which SQLite accepts: counted, they made a ``sqlite3 .schema``
#: dump MySQL (confirmation s39c gotify). Lower case, quoted names emptied.
_SQLITE_OUTRIGHT = lazy_compile(
    r"\bprimary\s+key\s+(?:(?:asc|desc)\s+)?(?:on\s+conflict\s+\w+\s+)?autoincrement\b"
    r"|\bcreate\s+table\s+sqlite_sequence\s*\("
)

#: The first lines dump tools write: they name the database outright.
_DUMP_HEADER = lazy_compile(
    r"^--\s*(?:(?P<postgres>PostgreSQL database (?:cluster )?dump)"
    r"|(?P<mysql>MySQL dump)|(?P<mariadb>MariaDB dump))",
    re.MULTILINE,
)

#: The server a MySQL/MariaDB dump was taken from (``-- Server version\t10.11.6-MariaDB``):
#: either client dumps either server, and the server decides the implicit names.
_DUMP_SERVER = lazy_compile(r"^--\s*Server version\s+(\S+)", re.MULTILINE)

#: Comments (not MySQL's executable /*! */ ones) say nothing about the dialect:
#: Prisma writes `backticks` in its warnings on PostgreSQL migrations.
_COMMENTS = lazy_compile(r"--[^\n]*|/\*(?!!).*?\*/", re.DOTALL)
#: Nor do template actions: zdb's ``{{auto_increment}}`` is no MySQL
#: AUTO_INCREMENT, and its ``{{psql `...`}}`` text is one database's of several.
#: A pattern of its own, run only on a text holding ``{{``.
_TEMPLATE_ACTIONS = lazy_compile(r"\{\{.*?\}\}", re.DOTALL)


#: Quoted identifiers and strings say nothing either: a backtick inside a
#: PostgreSQL "my`table`" made a file read as MySQL and lose its tables. They
#: are emptied, not removed, so `TABLESPACE ""` still tells Oracle.
_QUOTED = lazy_compile(r""""(?:[^"\n]|"")*"|'(?:[^'\\\n]|\\.|'')*'""")


def _empty_quoted(match: re.Match[str]) -> str:
    return match.group()[0] * 2


def _backslash_quotes(text: str) -> int:
    """Strings holding ``\\'``, a quote MySQL escapes with a backslash
    (capped at 200): PostgreSQL ends a standard string there, so the rest of
    the file is misread (trial s39 dolibarr: website templates' ``INSERT
    ... '<?php includeContainer(\\'header\\'); ?>'`` were 11 DBN004 and 42
    DBN005 read as PostgreSQL). An ``E'...'`` string is PostgreSQL's own."""
    count = 0
    for m in _QUOTED.finditer(text):
        start = m.start()
        if (
            text[start] == "'"
            and "\\'" in m.group()
            and not (start and text[start - 1] in "Ee" and not _word_before(text, start - 1))
        ):
            count += 1
            if count >= 200:
                break
    return count


def _word_before(text: str, at: int) -> bool:
    """Whether a word character stands before ``at`` (``type'...'`` is no E'')."""
    return at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_")


def sniff_dialect(text: str, default: str = DEFAULT_DIALECT) -> str:
    """The dialect whose tell-tale constructs appear most often in ``text``.

    Used only when no config, suffix or folder name says which dialect a
    file is: reading MySQL as PostgreSQL turns every backtick into an error.
    A dump's header names its database outright; a MySQL/MariaDB dump is
    MariaDB when its ``Server version`` line says so (whichever client wrote it).
    Counts are capped at the first 200 matches so a huge dump stays cheap.
    """
    found = sniff_signal(text)
    return default if found is None else found


def dump_dialect(text: str) -> str | None:
    """The database a dump tool's header line names (``-- PostgreSQL database
    dump``, ``-- MySQL dump``, ``-- MariaDB dump``, the last two told apart by
    their ``Server version`` line), or None: outright, unlike a construct."""
    header = _DUMP_HEADER.search(text[:2000])
    if header is None or header.lastgroup is None:
        return None
    if header.lastgroup == "postgres":
        return "postgres"
    server = _DUMP_SERVER.search(text[:2000])
    if server is None:
        return header.lastgroup
    return "mariadb" if "mariadb" in server.group(1).lower() else "mysql"


def clickhouse_signal(lowered: str) -> bool:
    """Whether ``lowered`` (a text with comments dropped, quoted names and
    strings emptied, in lower case) holds a construct only ClickHouse takes
    (:data:`_CLICKHOUSE`; ``ON CLUSTER`` after a name, :data:`_CLUSTERED`)."""
    if not any(h in lowered for h in _CLICKHOUSE_HINTS):
        return False
    for found in _CLICKHOUSE.finditer(lowered):
        if not found.group().startswith("on"):
            return True
        if _CLUSTERED.search(lowered, max(0, found.start() - 300), found.start()):
            return True
    return False


#: A comment line that only names a database, heading the statements for it
#: (umami's ``scripts/data-migrations/*.sql``: a ``-- PostgreSQL`` section,
#: then a ``-- MySQL`` one with backticks), framed by dashes or ``=`` or not,
#: with an optional ``for`` and colon.
#: Opening with the literal ``--`` lets the scan skip to each comment; that
#: it opens its line is checked after (:func:`section_dialects`).
_SECTION_HEADING = lazy_compile(
    r"--[-= \t]*(?:for[ \t]+)?(?P<word>[A-Za-z][A-Za-z0-9 _-]*?)[ \t]*:?[-= \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


def section_dialects(text: str) -> frozenset[str]:
    """The dialects comment headings of ``text`` name, each a ``--`` line
    that is a database's name and nothing else (``-- PostgreSQL``, ``--
    MySQL:``, ``-- for SQLite``). Two or more: the file keeps one section
    per database, run each on its own, so no single dialect its text shows
    is the one of the files beside it."""
    if "--" not in text:
        return frozenset()
    out: set[str] = set()
    for found in _SECTION_HEADING.finditer(text):
        if text[text.rfind("\n", 0, found.start()) + 1 : found.start()].strip(" \t"):
            continue  # a comment after code, not a heading
        word = found.group("word").lower()
        named = _PATH_WORD.fullmatch(word)
        if named is not None and named.lastgroup is not None:
            out.add("mysql" if named.lastgroup == "mariadb" else named.lastgroup)
    return frozenset(out)


def sniff_signal(text: str, among: Callable[[str], bool] | None = None) -> str | None:
    """:func:`sniff_dialect` without a default: None when no dialect's
    tell-tale construct is in ``text`` (a plain ``CREATE TABLE t (id int)``),
    so the caller can take the dialect of the file's neighbours. ``among``:
    only the dialects it accepts are counted (those a tree uses)."""
    dumped = dump_dialect(text)
    if dumped is not None and (among is None or among(dumped)):
        return dumped
    if "{{" in text:
        text = _TEMPLATE_ACTIONS.sub(" ", text)
    text = _COMMENTS.sub(" ", text)
    escaped = _backslash_quotes(text) if "\\'" in text else 0
    text = _QUOTED.sub(_empty_quoted, text)
    # A line break first: "\n." finds a dot-command on the first line too.
    lowered = "\n" + text.lower()
    if (among is None or among("clickhouse")) and clickhouse_signal(lowered):
        return "clickhouse"
    if (
        ("autoincrement" in lowered or "sqlite_sequence" in lowered)
        and (among is None or among("sqlite"))
        and _SQLITE_OUTRIGHT.search(lowered) is not None
    ):
        return "sqlite"
    best: str | None = None
    best_count = 0
    for dialect, hints, pattern in _SNIFFERS:
        if among is not None and not among(dialect):
            continue
        count = escaped if dialect == "mysql" else 0
        if not count and not any(
            (h in lowered) if isinstance(h, str) else (h.search(lowered) is not None) for h in hints
        ):
            continue  # no match is possible: skip the slow scan
        for _ in pattern.finditer(text):
            count += 1
            if count >= 200:
                break
        if count > best_count:
            best, best_count = dialect, count
    return best
