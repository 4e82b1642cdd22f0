"""Python's own SQLite as a second oracle for the sqlite dialect.

Each group of files is executed, in the order :func:`dbnamelint.frontends.sql.sources.discover`
gives, in a fresh in-memory database; ``sqlite_master`` and
``pragma_table_info`` then say what really exists, and our ``Schema`` must
say the same, kind by kind. The groups are the SQLite samples of
``tests/fixtures/dumps`` and every SQLite schema of the corpus (skipped when
the corpus is absent).

Documented exceptions (each applied in code below, never by loosening a
whole comparison):

* ``sqlite_sequence`` and ``sqlite_stat*`` are SQLite's own tables, created
  by the engine (AUTOINCREMENT, ANALYZE), never by a statement we read.
* SQLite names the index behind each PRIMARY KEY / UNIQUE constraint
  ``sqlite_autoindex_<table>_<n>`` even when the constraint has a name, and
  keeps the constraint's own name nowhere; we keep a named constraint under
  its own name. So an unnamed key must carry exactly SQLite's autoindex name
  (same columns), and a named one must match, by columns, an autoindex no
  unnamed key claims. A rowid alias (a one-column ``INTEGER`` primary key of
  a rowid table) has no index: unnamed, we keep no constraint for it;
  named, it is left out of the comparison.
* A virtual table (``CREATE VIRTUAL TABLE t USING fts5(...)``) makes the
  module create shadow tables (``t_data``, ``t_idx``...), which no statement
  names; and its arguments are the module's, not column definitions, so
  its columns are not compared.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import CORPUS
from dbnamelint.frontends.sql.sources import SourceSettings, discover
from dbnamelint.model import ConstraintType, ObjectKind, Schema
from dbnamelint.runner.pipeline import load_files

DUMPS = Path(__file__).resolve().parent / "fixtures" / "dumps"


@dataclass(frozen=True)
class Group:
    """Files applied to one database, as their project applies them."""

    id: str
    root: Path
    paths: tuple[str, ...]  # relative to root
    corpus: bool = False


KRATOS = "kratos/persistence/sql/migrations/sql"

SAMPLES = (
    Group("sample-sqlite-dump", DUMPS, ("sqlite-dump",)),
    Group("sample-sqlite-migrations", DUMPS, ("sqlite-migrations",)),
)

CORPUS_GROUPS = (
    Group("atuin-client", CORPUS, ("atuin/crates/atuin-client/migrations",), True),
    Group("atuin-client-records", CORPUS, ("atuin/crates/atuin-client/record-migrations",), True),
    Group("atuin-client-meta", CORPUS, ("atuin/crates/atuin-client/meta-migrations",), True),
    Group("atuin-server-sqlite", CORPUS, ("atuin/crates/atuin-server-sqlite/migrations",), True),
    Group("atuin-kv", CORPUS, ("atuin/crates/atuin-kv/migrations",), True),
    Group(
        "sakila-sqlite",
        CORPUS,
        ("sakila/sqlite-sakila-db/sqlite-sakila-schema.sql",),
        True,
    ),
    Group(
        "chinook-sqlite",
        CORPUS,
        ("chinook/ChinookDatabase/DataSources/Chinook_Sqlite.ddl.sql",),
        True,
    ),
    Group(
        "chinook-sqlite-autoincrement",
        CORPUS,
        ("chinook/ChinookDatabase/DataSources/Chinook_Sqlite_AutoIncrementPKs.ddl.sql",),
        True,
    ),
    # ory/pop applies a version's "x.sqlite3.up.sql" when it exists, else its
    # generic "x.up.sql": both kinds of file build the sqlite schema.
    Group("kratos-sqlite", CORPUS, (KRATOS,), True),
    # Two databases; "versioned/" holds upgrades of the same schema.sql.
    Group("temporal-sqlite", CORPUS, ("temporal/schema/sqlite/v3/temporal/schema.sql",), True),
    Group(
        "temporal-sqlite-visibility",
        CORPUS,
        ("temporal/schema/sqlite/v3/visibility/schema.sql",),
        True,
    ),
)

GROUPS = [pytest.param(g, id=g.id) for g in (*SAMPLES, *CORPUS_GROUPS)]

#: Tables the engine creates by itself.
_ENGINE_TABLES = ("sqlite_sequence", "sqlite_stat")
_VIRTUAL = re.compile(r"\s*CREATE\s+VIRTUAL\s+TABLE\b", re.IGNORECASE)
#: Shadow tables FTS3/4/5 and R*Tree modules create beside a virtual table.
_SHADOW_SUFFIXES = (
    "content",
    "data",
    "idx",
    "docsize",
    "config",
    "segments",
    "segdir",
    "stat",
    "node",
    "parent",
    "rowid",
)


@dataclass(frozen=True)
class Truth:
    """What SQLite says exists."""

    tables: frozenset[str]
    views: frozenset[str]
    indexes: frozenset[tuple[str, str]]  # (table, name), autoindexes excluded
    triggers: frozenset[tuple[str, str]]  # (table, name)
    autoindexes: dict[tuple[str, str], tuple[str, ...]]  # (table, name) -> columns
    rowid_alias: frozenset[str]  # tables whose PRIMARY KEY is the rowid
    columns: dict[str, tuple[str, ...]]


def _files(group: Group) -> tuple[list[Path], Schema]:
    if group.corpus and not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    settings = SourceSettings(root=group.root, dialect="sqlite")
    paths = list(group.paths)
    if paths == [KRATOS]:
        paths = _pop_sqlite_files(group.root / KRATOS)
    here = Path.cwd()
    os.chdir(group.root)  # shown paths are relative to the root, as a user runs it
    try:
        files, diagnostics = discover(paths, settings)
        assert diagnostics == ()
        assert files, f"{group.id}: no file found"
        schema = load_files(files, group.root).schema
    finally:
        os.chdir(here)
    return [group.root / f.path for f in files], schema


def _pop_sqlite_files(folder: Path) -> list[str]:
    """Kratos' sqlite migrations as ory/pop picks them, in version order."""
    chosen: dict[str, Path] = {}
    for path in folder.glob("*.up.sql"):
        version, _, rest = path.name.partition("_")
        words = rest.split(".")[1:-2]  # between the name and "up.sql"
        dialect = next((w for w in words if w != "autocommit"), None)
        if dialect in ("sqlite", "sqlite3") or (dialect is None and version not in chosen):
            chosen[version] = path
    return [str(chosen[v]) for v in sorted(chosen)]


def _truth(paths: list[Path]) -> Truth:
    db = sqlite3.connect(":memory:")
    try:
        for path in paths:
            db.executescript(path.read_text(encoding="utf-8-sig"))
        rows = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
        virtual = {n for t, n, _, sql in rows if t == "table" and _VIRTUAL.match(sql or "")}
        shadows = {f"{v}_{suffix}" for v in virtual for suffix in _SHADOW_SUFFIXES}
        tables = frozenset(
            n
            for t, n, _, _ in rows
            if t == "table" and not n.startswith(_ENGINE_TABLES) and n not in shadows
        )
        autoindexes: dict[tuple[str, str], tuple[str, ...]] = {}
        columns: dict[str, tuple[str, ...]] = {}
        rowid: set[str] = set()
        for table in tables:
            # table_xinfo, not table_info: generated columns are "hidden" there.
            info = db.execute(
                "SELECT name, type, pk FROM pragma_table_xinfo(?) WHERE hidden <> 1", (table,)
            ).fetchall()
            # A virtual table's too: its module's columns (hidden ones left out).
            columns[table] = tuple(name for name, _, _ in info)
            pks = [(name, ctype) for name, ctype, pk in info if pk]
            # pragma_index_list, not sqlite_master: a WITHOUT ROWID table's
            # primary-key index is listed only here.
            index_list = db.execute(
                "SELECT name, origin FROM pragma_index_list(?)", (table,)
            ).fetchall()
            for name, _ in index_list:
                if name.startswith("sqlite_autoindex_"):
                    autoindexes[(table, name)] = _index_columns(db, name)
            pk_index = any(origin == "pk" for _, origin in index_list)
            if len(pks) == 1 and pks[0][1].upper() == "INTEGER" and not pk_index:
                rowid.add(table)
        return Truth(
            tables=tables,
            views=frozenset(n for t, n, _, _ in rows if t == "view"),
            indexes=frozenset(
                (tbl, n)
                for t, n, tbl, _ in rows
                if t == "index" and not n.startswith("sqlite_autoindex_")
            ),
            triggers=frozenset((tbl, n) for t, n, tbl, _ in rows if t == "trigger"),
            autoindexes=autoindexes,
            rowid_alias=frozenset(rowid),
            columns=columns,
        )
    finally:
        db.close()


def _index_columns(db: sqlite3.Connection, index: str) -> tuple[str, ...]:
    rows = db.execute("SELECT name FROM pragma_index_info(?) ORDER BY seqno", (index,))
    return tuple(str(name).casefold() for (name,) in rows)


def _ours(schema: Schema, *kinds: ObjectKind) -> frozenset[str]:
    return frozenset(o.name for o in schema.of_kind(*kinds))


def _attached(schema: Schema, kind: ObjectKind) -> frozenset[tuple[str, str]]:
    return frozenset((o.table or "", o.name) for o in schema.of_kind(kind))


@pytest.fixture(params=GROUPS)
def compared(request: pytest.FixtureRequest) -> tuple[Truth, Schema]:
    group: Group = request.param
    paths, schema = _files(group)
    return _truth(paths), schema


def test_tables(compared: tuple[Truth, Schema]) -> None:
    truth, schema = compared
    assert _ours(schema, ObjectKind.TABLE) == truth.tables


def test_views(compared: tuple[Truth, Schema]) -> None:
    truth, schema = compared
    assert _ours(schema, ObjectKind.VIEW) == truth.views


def test_indexes(compared: tuple[Truth, Schema]) -> None:
    truth, schema = compared
    assert _attached(schema, ObjectKind.INDEX) == truth.indexes


def test_triggers(compared: tuple[Truth, Schema]) -> None:
    truth, schema = compared
    assert _attached(schema, ObjectKind.TRIGGER) == truth.triggers


def _our_autoindexes(truth: Truth, schema: Schema) -> dict[tuple[str, str], tuple[str, ...]]:
    """Our PRIMARY KEY / UNIQUE constraints keyed as SQLite's autoindexes.

    Unnamed keys by their own (implicit) name; each named key by the first
    autoindex of its table on the same columns that no unnamed key claims,
    or by ``named:<name>`` when there is none, which then fails the test.
    """
    keys = [
        o
        for o in schema.of_kind(ObjectKind.CONSTRAINT)
        if o.constraint_type in (ConstraintType.PRIMARY_KEY, ConstraintType.UNIQUE)
    ]
    ours = {
        (o.table or "", o.name): tuple(c.casefold() for c in o.columns) for o in keys if o.implicit
    }
    for o in keys:
        table = o.table or ""
        if o.implicit or (
            o.constraint_type is ConstraintType.PRIMARY_KEY and table in truth.rowid_alias
        ):
            continue
        columns = tuple(c.casefold() for c in o.columns)
        free = sorted(
            key
            for key, cols in truth.autoindexes.items()
            if key[0] == table and cols == columns and key not in ours
        )
        ours[free[0] if free else (table, f"named:{o.name}")] = columns
    return ours


def test_autoindex_names(compared: tuple[Truth, Schema]) -> None:
    truth, schema = compared
    assert _our_autoindexes(truth, schema) == truth.autoindexes


def test_columns(compared: tuple[Truth, Schema]) -> None:
    truth, schema = compared
    ours: dict[str, list[str]] = {}
    for o in schema.of_kind(ObjectKind.COLUMN):
        ours.setdefault(o.table or "", []).append(o.name)
    assert {t: tuple(c) for t, c in ours.items() if t in truth.columns} == truth.columns


#: Primary keys and unique keys whose autoindex numbering is easy to get
#: wrong; SQLite itself (Python's sqlite3) is the expected value of each.
SNIPPETS = [
    pytest.param("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT UNIQUE);", id="rowid-alias"),
    pytest.param(
        "CREATE TABLE t (id integer primary key autoincrement, a UNIQUE);", id="autoincrement"
    ),
    pytest.param('CREATE TABLE t (id "INTEGER" PRIMARY KEY, a UNIQUE);', id="quoted-type"),
    pytest.param("CREATE TABLE t (id INTEGER, a UNIQUE, PRIMARY KEY (id));", id="table-level"),
    pytest.param(
        "CREATE TABLE t (id INTEGER, a UNIQUE, CONSTRAINT pk PRIMARY KEY (id));",
        id="table-level-named",
    ),
    pytest.param(
        "CREATE TABLE t (id INTEGER CONSTRAINT pk PRIMARY KEY, a UNIQUE, b UNIQUE);",
        id="named-rowid-alias-takes-no-number",
    ),
    pytest.param("CREATE TABLE t (id INT PRIMARY KEY, a UNIQUE);", id="int-is-not-integer"),
    pytest.param("CREATE TABLE t (id INTEGER(10) PRIMARY KEY, a UNIQUE);", id="integer-10"),
    pytest.param("CREATE TABLE t (id BIGINT PRIMARY KEY, a UNIQUE);", id="bigint"),
    pytest.param("CREATE TABLE t (id PRIMARY KEY, a UNIQUE);", id="no-type"),
    pytest.param(
        "CREATE TABLE t (id INTEGER, b INTEGER, a UNIQUE, PRIMARY KEY (id, b));",
        id="two-columns",
    ),
    pytest.param(
        "CREATE TABLE t (id TEXT CONSTRAINT pk PRIMARY KEY, a CONSTRAINT u UNIQUE, b UNIQUE);",
        id="named-keys-take-numbers",
    ),
    pytest.param(
        "CREATE TABLE t (id INTEGER PRIMARY KEY UNIQUE, a UNIQUE);", id="alias-and-unique"
    ),
    pytest.param(
        "CREATE TABLE t (id INTEGER UNIQUE, a UNIQUE, PRIMARY KEY (id));", id="unique-then-alias"
    ),
    pytest.param(
        "CREATE TABLE t (a TEXT UNIQUE, b UNIQUE, PRIMARY KEY (a));",
        id="primary-key-takes-over-unique-index",
    ),
    pytest.param(
        "CREATE TABLE t (a TEXT UNIQUE, b UNIQUE, CONSTRAINT p PRIMARY KEY (a));",
        id="named-primary-key-takes-over",
    ),
    pytest.param(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a UNIQUE, b UNIQUE) WITHOUT ROWID;",
        id="without-rowid-integer-key-last",
    ),
    pytest.param(
        "CREATE TABLE t (id integer primary key, a TEXT UNIQUE) STRICT, without rowid;",
        id="without-rowid-strict",
    ),
    pytest.param(
        "CREATE TABLE t (a TEXT UNIQUE, id TEXT PRIMARY KEY, b UNIQUE) WITHOUT ROWID;",
        id="without-rowid-text-key-in-place",
    ),
    pytest.param(
        "CREATE TABLE t (id INTEGER, a, b, PRIMARY KEY (id), UNIQUE (a), UNIQUE (b))"
        " WITHOUT ROWID;",
        id="without-rowid-table-level",
    ),
    pytest.param(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a UNIQUE, UNIQUE (id)) WITHOUT ROWID;",
        id="without-rowid-later-equal-unique",
    ),
    pytest.param(
        "CREATE TABLE t (id INTEGER PRIMARY KEY UNIQUE, a UNIQUE) WITHOUT ROWID;",
        id="without-rowid-inline-equal-unique",
    ),
    pytest.param(
        "CREATE TABLE t (id INTEGER UNIQUE, a UNIQUE, PRIMARY KEY (id)) WITHOUT ROWID;",
        id="without-rowid-earlier-equal-unique",
    ),
    pytest.param(
        "CREATE TABLE t (id INTEGER CONSTRAINT pk PRIMARY KEY, a UNIQUE) WITHOUT ROWID;",
        id="without-rowid-named-integer-key",
    ),
    pytest.param(
        "CREATE TABLE new_t (id INTEGER PRIMARY KEY, a UNIQUE, b UNIQUE) WITHOUT ROWID;\n"
        "ALTER TABLE new_t RENAME TO t;",
        id="without-rowid-renamed",
    ),
    pytest.param(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a UNIQUE);\n"
        "DROP TABLE t;\n"
        "CREATE TABLE t (id INT PRIMARY KEY, a UNIQUE);",
        id="recreated-without-alias",
    ),
]


@pytest.mark.parametrize("sql", SNIPPETS)
def test_autoindex_names_of_snippets(sql: str, tmp_path: Path) -> None:
    (tmp_path / "schema.sql").write_text(sql, encoding="utf-8")
    paths, schema = _files(Group("snippet", tmp_path, ("schema.sql",)))
    truth = _truth(paths)
    assert truth.autoindexes  # every snippet makes at least one autoindex
    assert _our_autoindexes(truth, schema) == truth.autoindexes
