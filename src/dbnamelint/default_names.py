"""The names a database gives to constraints and indexes written without one.

An unnamed ``UNIQUE (email)`` still ends up with a name in the catalog, and
that name is what migrations later rename or drop, and what a naming
standard judges (``users_email_key`` embeds the table's *old* name after a
rename). So the schema layer must choose exactly the name the database
would; this module reproduces each dialect's algorithm and nothing else.

MySQL's are MySQL 8's (``<table>_ibfk_<n>``, ``<table>_chk_<n>``, a key named
after its first column); MariaDB differs for CHECK constraints only: one
written in a column's definition takes the column's name, one at table level
is ``CONSTRAINT_<n>``, the first number free among the table-level checks
(``mysql_prepare_create_table``/``make_unique_constraint_name`` in
``sql/sql_table.cc``; every case checked on MariaDB 10.11 by
``tests/test_mariadb_names.py``).

PostgreSQL's rules are ported from ``makeObjectName``, ``ChooseRelationName``,
``ChooseConstraintName``, ``ChooseIndexColumnNames`` and
``ChooseIndexNameAddition`` (``src/backend/commands/indexcmds.c``,
``catalog/pg_constraint.c``, ``tablecmds.c``); the expected values in the tests
were checked against a real PostgreSQL 15 server.
"""

from __future__ import annotations

from collections.abc import Container, Sequence

from msgspec.structs import replace

from dbnamelint.dialects import Family, profile_for
from dbnamelint.dialects.postgres import POSTGRES
from dbnamelint.dialects.profile import clip_bytes
from dbnamelint.model import ConstraintType, Event, EventOp, ObjectKind

# Read once, not per object named: on Python 3.11 reading ``ConstraintType.UNIQUE`` goes through
# ``EnumType.__getattr__``'s slow path (about five times a global's cost;
# 3.12 removed it).
_CONSTRAINT, _INDEX = ObjectKind.CONSTRAINT, ObjectKind.INDEX
_PRIMARY_KEY, _UNIQUE, _FOREIGN_KEY, _CHECK, _EXCLUSION = (
    ConstraintType.PRIMARY_KEY,
    ConstraintType.UNIQUE,
    ConstraintType.FOREIGN_KEY,
    ConstraintType.CHECK,
    ConstraintType.EXCLUSION,
)
_MYSQL, _SQLITE, _TSQL = Family.MYSQL, Family.SQLITE, Family.TSQL

#: PostgreSQL's NAMEDATALEN - 1: identifiers hold at most 63 *bytes*.
PG_MAX_IDENTIFIER_BYTES = POSTGRES.max_identifier
NAMEDATALEN = PG_MAX_IDENTIFIER_BYTES + 1

#: ``pg_mbcliplen``: PostgreSQL measures identifiers in bytes.
pg_clip = clip_bytes

#: Constraint types PostgreSQL backs with an index; their names live in the
#: relation namespace as well as the constraint namespace.
INDEX_BACKED = frozenset(
    {ConstraintType.PRIMARY_KEY, ConstraintType.UNIQUE, ConstraintType.EXCLUSION}
)


def _nbytes(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode())


def make_object_name(name1: str, name2: str | None, label: str | None) -> str:
    """``name1[_name2][_label]`` fitted into 63 bytes like ``makeObjectName``.

    The longer of the two name parts is shortened first (one byte at a time),
    and the label is never shortened, so ``_pkey``/``_fkey`` stay readable.
    """
    overhead = 0
    n1 = _nbytes(name1)
    n2 = 0
    if name2 is not None:
        n2 = _nbytes(name2)
        overhead += 1
    if label:
        overhead += _nbytes(label) + 1
    available = PG_MAX_IDENTIFIER_BYTES - overhead
    while n1 + n2 > available:
        if n1 > n2:
            n1 -= 1
        else:
            n2 -= 1
    result = pg_clip(name1, n1)
    if name2 is not None:
        result += "_" + pg_clip(name2, n2)
    if label:
        result += "_" + label
    return result


def pg_index_column_names(columns: Sequence[str]) -> tuple[str, ...]:
    """Per-column names of an index, made distinct like ``ChooseIndexColumnNames``.

    ``(a, a)`` becomes ``(a, a1)``; that is why PostgreSQL names an unnamed
    index on ``(a, a)`` ``t_a_a1_idx``.
    """
    result: list[str] = []
    for original in columns:
        current = original
        number = 1
        while current in result:
            suffix = str(number)
            current = pg_clip(original, PG_MAX_IDENTIFIER_BYTES - len(suffix)) + suffix
            number += 1
        result.append(current)
    return tuple(result)


def pg_name_addition(columns: Sequence[str]) -> str:
    """Column names joined by ``_``, stopping once 64 bytes are reached.

    ``ChooseIndexNameAddition``: the result may exceed 63 bytes; the final
    cut happens in :func:`make_object_name`.
    """
    buf = b""
    for column in columns:
        if buf:
            buf += b"_"
        buf += pg_clip(column, PG_MAX_IDENTIFIER_BYTES).encode()
        if len(buf) >= NAMEDATALEN:
            break
    return buf.decode()


def pg_choose_name(name1: str, name2: str | None, label: str, taken: Container[str]) -> str:
    """The first of ``label``, ``label1``, ``label2``... giving a free name.

    ``ChooseRelationName``/``ChooseConstraintName``: the number is appended
    to the label before truncation, so it always survives.
    """
    modlabel = label
    attempt = 0
    while True:
        candidate = make_object_name(name1, name2, modlabel)
        if candidate not in taken:
            return candidate
        attempt += 1
        modlabel = f"{label}{attempt}"


def _postgres(
    table: str,
    kind: ObjectKind,
    constraint_type: ConstraintType | None,
    columns: Sequence[str],
    taken: Container[str],
    index_label: str = "idx",
) -> str | None:
    table = pg_clip(table, PG_MAX_IDENTIFIER_BYTES)
    if kind is _INDEX:
        addition = pg_name_addition(pg_index_column_names(columns))
        return pg_choose_name(table, addition, index_label, taken)
    if kind is not _CONSTRAINT or constraint_type is None:
        return None
    if constraint_type is _PRIMARY_KEY:
        return pg_choose_name(table, None, "pkey", taken)
    if constraint_type is _UNIQUE:
        addition = pg_name_addition(pg_index_column_names(columns))
        return pg_choose_name(table, addition, "key", taken)
    if constraint_type is _EXCLUSION:
        addition = pg_name_addition(pg_index_column_names(columns))
        return pg_choose_name(table, addition, "excl", taken)
    if constraint_type is _FOREIGN_KEY:
        return pg_choose_name(table, pg_name_addition(columns), "fkey", taken)
    if constraint_type is _CHECK:
        # AddRelationNewConstraints: "tab_col_check" when the expression
        # mentions exactly one column, else "tab_check".
        distinct = tuple(dict.fromkeys(columns))
        column = distinct[0] if len(distinct) == 1 else None
        return pg_choose_name(table, column, "check", taken)
    # NOT NULL (PostgreSQL 18 catalogs these as named constraints).
    return pg_choose_name(table, columns[0] if columns else None, "not_null", taken)


def _first_free(base: str, start: int, sep: str, taken: Container[str]) -> str:
    number = start
    while f"{base}{sep}{number}" in taken:
        number += 1
    return f"{base}{sep}{number}"


def _mariadb_check(columns: Sequence[str], taken: Container[str], column_level: bool) -> str:
    """MariaDB's name for an unnamed CHECK.

    In a column's definition: the column's name as written, never numbered
    (another check of that name is an error, ER_DUP_CONSTRAINT_NAME). At
    table level: ``CONSTRAINT_1``, ``CONSTRAINT_2``... the first not taken by
    another table-level check of the table, those written later in the same
    statement included, compared without case (column-level checks do not
    count: MariaDB 10.11.18).
    """
    if column_level and columns:
        return columns[0]
    return _first_free("CONSTRAINT", 1, "_", taken)


def _mysql(
    table: str,
    kind: ObjectKind,
    constraint_type: ConstraintType | None,
    columns: Sequence[str],
    taken: Container[str],
    existing: int,
) -> str | None:
    if constraint_type is ConstraintType.PRIMARY_KEY:
        return "PRIMARY"
    if constraint_type is ConstraintType.FOREIGN_KEY:
        # One past the highest generated number, not the first free one: after
        # DROP FOREIGN KEY t_ibfk_1 of (1, 2) the next is t_ibfk_3 (InnoDB's
        # dict_table_get_highest_foreign_id, MySQL 8's
        # get_fk_max_generated_name_number; MariaDB 10.11 by
        # tests/test_mysql_fk_numbers.py).
        if existing:
            return f"{table}_ibfk_{existing + 1}"
        return _first_free(f"{table}_ibfk", 1, "_", taken)
    if constraint_type is ConstraintType.CHECK:
        return _first_free(f"{table}_chk", 1, "_", taken)  # column level too (MySQL 8)
    if kind is ObjectKind.INDEX or constraint_type is ConstraintType.UNIQUE:
        if not columns:
            return None
        # make_unique_key_name: the first column's name, then name_2, name_3.
        base = "functional_index" if columns[0] == "expr" else columns[0]
        if base not in taken and base.upper() != "PRIMARY":
            return base
        return _first_free(base, 2, "_", taken)
    return None


def sqlite_rowid_alias(data_type: str | None) -> bool:
    """Whether a one-column primary key on a column of ``data_type`` is the rowid.

    SQLite makes such a key an alias of the rowid, with no index and so no
    ``sqlite_autoindex_*`` name, only when the declared type is exactly
    ``INTEGER`` in any case: ``INT``, ``BIGINT``, ``INTEGER(10)`` and
    ``INTEGER UNSIGNED`` get an index (checked with Python's sqlite3). The
    caller checks the rest: one column, and a table that has a rowid.
    """
    return data_type is not None and data_type.upper() == "INTEGER"


def _sqlite(
    table: str,
    constraint_type: ConstraintType | None,
    taken: Container[str],
    existing: int,
) -> str | None:
    if constraint_type in (ConstraintType.PRIMARY_KEY, ConstraintType.UNIQUE):
        # sqlite3CreateIndex numbers by how many indexes the table has, not
        # by the first free name: a named key still takes its number.
        return _first_free(f"sqlite_autoindex_{table}", existing + 1, "_", taken)
    return None  # SQLite keeps other unnamed constraints without any name


def _tsql(
    table: str,
    constraint_type: ConstraintType | None,
    columns: Sequence[str],
    taken: Container[str],
) -> str | None:
    # SQL Server appends a random hex suffix (PK__users__3213E83F...); the
    # stable prefix is what a naming rule can judge and a whitelist can hold.
    column = f"__{columns[0]}" if columns else ""
    if constraint_type is ConstraintType.PRIMARY_KEY:
        base = f"PK__{table}"
    elif constraint_type is ConstraintType.UNIQUE:
        base = f"UQ__{table}"
    elif constraint_type is ConstraintType.FOREIGN_KEY:
        base = f"FK__{table}{column}"
    elif constraint_type is ConstraintType.CHECK:
        base = f"CK__{table}{column}"
    else:
        return None
    return base if base not in taken else _first_free(base, 2, "__", taken)


def default_name(  # six parameters: the agreed API mirrors the dialects' own
    dialect: str,
    table: str,
    kind: ObjectKind,
    constraint_type: ConstraintType | None,
    columns: Sequence[str],
    taken: Container[str],
    *,
    existing: int = 0,
    column_level: bool = False,
    unique: bool = False,
) -> str | None:
    """The name ``dialect`` gives an unnamed constraint or index, or ``None``.

    ``table`` and ``columns`` are the names as the catalog stores them (for
    PostgreSQL: unquoted names already folded to lower case). ``taken`` holds
    the names a new name must not collide with, compared the way the
    dialect compares them; the caller decides which namespace that is (for
    PostgreSQL: relations and/or constraints of the schema). ``None`` means
    the dialect keeps the object nameless (SQLite foreign keys and checks),
    so there is no name to check.

    ``existing`` is for SQLite: how many autoindexes the table already
    has (its earlier PRIMARY KEY and UNIQUE keys, named or not, except a
    rowid alias); the new one is numbered after them. For a MySQL or MariaDB
    foreign key: the highest ``n`` of the table's ``<table>_ibfk_<n>`` keys
    as the statement found them (no leading zero, the table's name as
    stored, case and all; keys the statement dropped count, keys it named
    do not), raised by each unnamed key of the statement before this one;
    the new one is ``n + 1``. 0: the first free number.

    ``column_level`` says a CHECK was written in a column's definition (its
    ``columns`` then hold that column first): MariaDB names it after the
    column (profile ``checks_by_column``); other dialects do not care.

    ``unique`` says an index is a unique one: CockroachDB names it
    ``<table>_<cols>_key`` (profile ``unique_index_label``), PostgreSQL
    ``<table>_<cols>_idx`` like any other.
    """
    profile = profile_for(dialect)
    family = profile.implicit_names
    if family is _MYSQL:
        if constraint_type is _CHECK and profile.checks_by_column:
            return _mariadb_check(columns, taken, column_level)
        return _mysql(table, kind, constraint_type, columns, taken, existing)
    if family is _SQLITE:
        return _sqlite(table, constraint_type, taken, existing)
    if family is _TSQL:
        return _tsql(table, constraint_type, columns, taken)
    label = profile.unique_index_label if unique else "idx"
    return _postgres(table, kind, constraint_type, columns, taken, label)


def is_default_name(
    dialect: str,
    table: str,
    kind: ObjectKind,
    constraint_type: ConstraintType | None,
    columns: Sequence[str],
    name: str,
) -> bool:
    """Whether ``name`` is the one ``dialect`` gives such an object unnamed.

    ``table``, ``columns`` and ``name`` as the catalog stores them. The
    dialect's clash number counts too (``users_email_key1``): which names
    were taken when the object was named is not known, so any number after
    the default's stem is accepted. A catalog does not record who chose a
    name, so ``check --db`` reads such a name as chosen by the database;
    replay keeps an object the database named so when a rename gives it
    this name again (``migrate`` renaming ``a_x_idx`` with its table ``a``
    -> ``b`` writes ``b_x_idx``).
    """
    base = default_name(dialect, table, kind, constraint_type, columns, frozenset())
    if base is None:
        return False
    if name == base:
        return True
    stem = base.rstrip("0123456789")
    number = name[len(stem) :].removeprefix("_")
    return name.startswith(stem) and number.isascii() and number.isdigit()


def database_chosen(events: Sequence[Event], dialect: str) -> tuple[Event, ...]:
    """``events`` of a dump a tool wrote from a database (``pg_dump``,
    ``mysqldump``), each named index or constraint whose name is the one
    ``dialect`` gives such an object unnamed marked ``implicit``, as the
    catalog reader marks it (:func:`is_default_name`;
    :meth:`dbnamelint.frontends.live.events.EventBuilder.attached`).

    A dump writes every name (``ALTER TABLE ONLY public.access_requests ADD
    CONSTRAINT "access_requests_documentId_fkey" FOREIGN KEY ...``), also
    the ones PostgreSQL chose (``<table>_pkey``, ``<table>_<cols>_key``,
    ``_fkey``, ``_check``, ``_excl``, ``_idx``: ``ChooseConstraintName`` /
    ``ChooseRelationName`` in ``indexcmds.c``; a ``serial`` column's
    ``<table>_<column>_seq`` its ``ALTER SEQUENCE ... OWNED BY`` names, an
    identity column's sequence, as ``_implicit_sequence`` of
    :mod:`dbnamelint.frontends.live.postgres` judges them): read as written, ``check``
    of the dump gave ``DBN401`` on 121 names ``check --db`` of the same
    database takes for the database's (trial s32 outline)."""
    out = list(events)
    # Locals, not attribute look-ups: the loops see every event of the dump.
    attach, create, sequence = EventOp.ATTACH, EventOp.CREATE, ObjectKind.SEQUENCE
    named_kinds = (ObjectKind.INDEX, ObjectKind.CONSTRAINT)
    # a serial column's sequence: CREATE SEQUENCE, then ALTER SEQUENCE ... OWNED BY
    owners = {
        (e.schema, e.name): (e.table.name, e.columns[0])
        for e in out
        if e.op is attach and e.kind is sequence and e.table is not None and len(e.columns) == 1
    }
    for i, e in enumerate(out):
        if e.op is not create or e.implicit:
            continue  # neither branch below takes it
        if e.kind is sequence:
            if e.sequence_name is not None:  # an identity column's: always the database's
                out[i] = replace(e, implicit=True)
            elif (owner := owners.get((e.schema, e.name))) is not None and e.name is not None:
                stem = e.name.rstrip("0123456789")
                table, column = owner
                if stem == make_object_name(table, column, "seq") or stem.endswith(
                    f"_{column}_seq"
                ):
                    out[i] = replace(e, implicit=True)
        elif (
            e.kind in named_kinds
            and e.name is not None
            and e.table is not None
            and is_default_name(
                dialect,
                e.table.name,
                e.kind,
                e.constraint_type,
                [*(e.name_columns or e.columns), *e.include],
                e.name,
            )
        ):
            out[i] = replace(e, implicit=True)
    return tuple(out)
