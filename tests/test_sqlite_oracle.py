"""Python's own SQLite as a second oracle for the sqlite dialect.

Each group of files is executed, in the order :func:`dbnamelint.sources.discover`
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
  keeps the constraint's own name nowhere; we keep the constraint (named or
  not). So autoindexes are compared by count per table against our PRIMARY
  KEY and UNIQUE constraints, and the rowid alias (a single ``INTEGER``
  primary key in a rowid table) has no index in SQLite at all.
* A virtual table (``CREATE VIRTUAL TABLE t USING fts5(...)``) makes the
  module create shadow tables (``t_data``, ``t_idx``...), which no statement
  names; and its arguments are the module's, not column definitions, so
  its columns are not compared.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import CORPUS
from dbnamelint.model import ConstraintType, ObjectKind, Schema
from dbnamelint.pipeline import load_files
from dbnamelint.sources import SourceSettings, discover

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
    autoindexes: Counter[str]  # table -> how many sqlite_autoindex_*
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
        autoindexes: Counter[str] = Counter()
        columns: dict[str, tuple[str, ...]] = {}
        rowid: set[str] = set()
        for table in tables:
            # table_xinfo, not table_info: generated columns are "hidden" there.
            info = db.execute(
                "SELECT name, type, pk FROM pragma_table_xinfo(?) WHERE hidden <> 1", (table,)
            ).fetchall()
            if table not in virtual:
                columns[table] = tuple(name for name, _, _ in info)
            pks = [(name, ctype) for name, ctype, pk in info if pk]
            # pragma_index_list, not sqlite_master: a WITHOUT ROWID table's
            # primary-key index is listed only here.
            index_list = db.execute(
                "SELECT name, origin FROM pragma_index_list(?)", (table,)
            ).fetchall()
            autoindexes[table] = sum(1 for n, _ in index_list if n.startswith("sqlite_autoindex_"))
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
            autoindexes=+autoindexes,
            rowid_alias=frozenset(rowid),
            columns=columns,
        )
    finally:
        db.close()


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


def test_autoindexes_match_primary_and_unique_constraints(
    compared: tuple[Truth, Schema],
) -> None:
    truth, schema = compared
    ours: Counter[str] = Counter(
        o.table or ""
        for o in schema.of_kind(ObjectKind.CONSTRAINT)
        if o.constraint_type in (ConstraintType.PRIMARY_KEY, ConstraintType.UNIQUE)
    )
    for table in truth.rowid_alias:
        ours[table] -= 1  # the rowid alias is a primary key without an index
    assert +ours == truth.autoindexes


def test_columns(compared: tuple[Truth, Schema]) -> None:
    truth, schema = compared
    ours: dict[str, list[str]] = {}
    for o in schema.of_kind(ObjectKind.COLUMN):
        ours.setdefault(o.table or "", []).append(o.name)
    assert {t: tuple(c) for t, c in ours.items() if t in truth.columns} == truth.columns
