"""Value objects that flow between the layers.

Everything here is frozen so that a later layer can never change what an
earlier one saw; the pipeline is files -> statements -> events -> schema ->
findings, and each arrow only reads the previous layer's values. Nothing in
this module knows about sqlglot, click or YAML.
"""

from __future__ import annotations

from enum import Enum

from msgspec import Struct, field

# "X as X" re-exports them (mypy --strict): every layer imports them from here.
from dbnamelint.kinds import ObjectKind as ObjectKind  # noqa: PLC0414
from dbnamelint.kinds import Severity as Severity  # noqa: PLC0414

#: Kinds that belong to a table. Their identity includes the table because
#: index and constraint namespaces differ per dialect (PostgreSQL: schema,
#: MySQL: table), and ``table.name`` is unambiguous in all of them.
TABLE_ATTACHED_KINDS = frozenset(
    {
        ObjectKind.COLUMN,
        ObjectKind.INDEX,
        ObjectKind.CONSTRAINT,
        ObjectKind.TRIGGER,
        ObjectKind.POLICY,
    }
)


def leading_kind_word(text: str) -> tuple[ObjectKind, str] | None:
    """``("table", "fooBar")`` for ``"table fooBar"``: a kind word written before a name.

    Command-line arguments take a name alone (the kind, where one is asked
    for, has an option of its own); a first word that is a kind
    (:class:`ObjectKind` values, case-insensitive, ``materialized view``
    too) followed by white space and more text is most likely that
    mistake. Returns the kind and the rest, or None. A quoted name that
    really starts with such a word is the caller's to try first.
    """
    words = text.split(None, 1)
    if len(words) < 2:
        return None
    first, rest = words[0].casefold(), words[1].strip()
    if first == "materialized":
        more = rest.split(None, 1)
        if len(more) == 2 and more[0].casefold() == "view":
            return ObjectKind.MATERIALIZED_VIEW, more[1].strip()
        return None
    kind = next((k for k in ObjectKind if k.value == first), None)
    return (kind, rest) if kind is not None else None


def kind_prefix(text: str) -> tuple[ObjectKind, str] | None:
    """``(ObjectKind.TABLE, "LinkComments")`` for ``"table:LinkComments"``: the
    ``KIND:name`` form the config's ``database_ignore:`` and ``drift
    --ignore-table`` take (docs/live.md), written where a name alone is asked
    for (trial s43: ``whitelist add table:LinkComments``). A kind value
    (case-insensitive, ``materialized_view``), a colon, a non-empty name; else
    None. A name that really holds such a colon is the caller's to try first.
    """
    first, colon, rest = text.partition(":")
    if not colon or not rest.strip():
        return None
    kind = next((k for k in ObjectKind if k.value == first.strip().casefold()), None)
    return (kind, rest.strip()) if kind is not None else None


class ConstraintType(str, Enum):
    """Which sort of constraint; decides the dialect's default name suffix."""

    PRIMARY_KEY = "primary_key"
    FOREIGN_KEY = "foreign_key"
    UNIQUE = "unique"
    CHECK = "check"
    EXCLUSION = "exclusion"
    NOT_NULL = "not_null"
    DEFAULT = "default"  # T-SQL's named DEFAULT constraints


class EventOp(str, Enum):
    """What a DDL statement did to a name."""

    CREATE = "create"
    RENAME = "rename"  # new_name and/or new_schema set
    DROP = "drop"
    #: ``ALTER TABLE parent ATTACH PARTITION child``: kind TABLE, ``name`` the
    #: child (with ``schema``), ``table`` the parent. No name is created, but
    #: the child becomes a partition, which rules judge through its parent.
    ATTACH = "attach"
    DETACH = "detach"  # ``ALTER TABLE parent DETACH PARTITION child``: as ATTACH
    #: A statement that works on relation ``name`` (kind TABLE) and makes,
    #: renames and drops no name: ``TRUNCATE t``, ``COPY t FROM``, ``ALTER
    #: TABLE t ALTER COLUMN c SET NOT NULL``; ``action`` says which. Replay
    #: only checks that the relation takes it (a view does not: DBN022).
    USE = "use"


class Location(Struct, frozen=True, array_like=True):
    """Where a name was written: 1-based line and column, as editors count.

    Columns count characters (not bytes) from the start of the line, so a
    location can be pasted into an editor's go-to-line.
    """

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class WrittenPath(Struct, frozen=True):
    """A folder or glob as a config wrote it, with where: an error about what
    it matches points at that line (config ``databases:``)."""

    key: str  # ``databases.billing[0]``, ``per_path[2].paths[0]``
    pattern: str  # as written
    location: Location


class Diagnostic(Struct, frozen=True, array_like=True):
    """A problem with the input itself rather than with a name.

    Diagnostics are how "nothing is silently skipped" is kept: a statement
    we could not read, a file we could not decode, a rename of an object the
    files never created.
    """

    location: Location
    severity: Severity
    message: str
    code: str = "DBN000"
    #: One line per item a grouped diagnostic stands for, in full (``DBN909``:
    #: each finding a config change hides); the message names a few. Machine
    #: formats (JSON, SARIF) carry them; text shows the message.
    details: tuple[str, ...] = ()


class SourceFile(Struct, frozen=True, array_like=True):
    """One input file with the settings that apply to it."""

    path: str  # as shown to the user (relative to cwd when possible)
    dialect: str  # sqlglot dialect name: postgres, mysql, sqlite, tsql, ...
    module: str | None  # owning module (e.g. "ws" for module-ws/...)
    #: True when nothing (config, suffix, folder name) said which dialect this
    #: is; the pipeline then looks at the text itself before assuming PostgreSQL.
    dialect_guessed: bool = False
    #: PostgreSQL: the ``search_path`` the file starts with (config
    #: ``search_path:``, what the project's migration runner sets), schema names
    #: as the catalog stores them, ``$user`` as written; None: the server's
    #: default (``"$user", public``).
    search_path: tuple[str, ...] | None = None
    #: Which of several separate databases of the tree this file builds
    #: (config ``databases:``); None: the tree's one database.
    database: str | None = None
    #: Which goose runs this file when its tree says so
    #: (:func:`dbnamelint.liamstask_goose.tree_goose`): ``"liamstask"`` (the
    #: old ``bitbucket.org/liamstask/goose``, which reads annotations otherwise)
    #: or ``"pressly"``; None: not said (read as pressly's).
    goose: str | None = None
    #: A migration of a drizzle-kit folder (``meta/_journal.json`` beside it,
    #: :mod:`dbnamelint.drizzle_layout`): cut as drizzle's migrator cuts it.
    drizzle: bool = False
    #: A version of a temporal schema folder (:mod:`dbnamelint.temporal_layout`):
    #: ``temporal-sql-tool`` skips a statement failing with "already exist", so
    #: a ``CREATE`` of a standing object keeps it, as ``IF NOT EXISTS`` would.
    skips_existing: bool = False

    @property
    def catalog(self) -> str:
        """The catalog this file's statements build: its dialect's namespace,
        one per ``databases:`` name (``postgres`` or ``postgres@billing``).

        Files of two dialects, or of two named databases, never share an
        object; only grouping keys use this, never a profile lookup.
        """
        return self.dialect if self.database is None else f"{self.dialect}@{self.database}"


class Comment(Struct, frozen=True, array_like=True):
    """A SQL comment with its location; suppressions are read from these."""

    text: str  # without the -- or /* */ markers, stripped
    location: Location


class Statement(Struct, frozen=True, array_like=True):
    """One SQL statement cut from a file by our splitter.

    ``offset`` is the character offset of ``text`` in the decoded file, so
    any position inside the statement maps back to an exact line and column
    via :class:`LineIndex`.
    """

    text: str
    offset: int
    location: Location  # of the statement's first character
    source: SourceFile
    comments: tuple[Comment, ...] = ()  # comments inside or just before it
    #: The file whose session runs it, when not its own: a file a psql
    #: include reads in place runs in the including file's session
    #: (:mod:`dbnamelint.frontends.sql.client_follow`).
    session: str | None = None


class QualifiedName(Struct, frozen=True, array_like=True):
    """A possibly schema-qualified name exactly as written."""

    name: str
    schema: str | None = None
    quoted: bool = False

    def __str__(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name


#: A name in a view body as written: ``(text, quoted)``.
ViewName = tuple[str, bool]


class ViewLevel(Struct, frozen=True, array_like=True):
    """One query level of a PostgreSQL view body (a SELECT, a subquery, a
    CTE's body, one arm of a UNION): its FROM sources, ``(table, alias)``
    with ``table`` None for a derived table, CTE or function (columns
    unknown) and ``alias`` case-folded unless quoted; its select list's
    stars (None: ``*``, else the qualifier of ``q.*``); the column
    references it writes, ``(qualifier, name)``; the names of its ``JOIN
    ... USING (...)`` lists; and the level it is nested in (-1: none)."""

    parent: int
    sources: tuple[tuple[QualifiedName | None, str | None], ...] = ()
    stars: tuple[ViewName | None, ...] = ()
    names: tuple[tuple[ViewName | None, ViewName], ...] = ()
    using: tuple[ViewName, ...] = ()


class ViewSource(Struct, frozen=True, array_like=True):
    """One source of a view's ``FROM`` list, read where a ``*`` / ``t.*``
    of its select list is to be expanded: a table or view (``table``), or,
    with ``derived``, a derived table (``(SELECT ...) s``), a ``WITH``
    query (``table`` then names it) or a table with an alias column list
    (``t AS x(a, b)``), whose output columns ``derived`` gives; ``alias`` as
    written (None: none), ``using`` the ``JOIN ... USING (...)`` list that
    joins it to the sources before it, ``natural`` a ``NATURAL JOIN``."""

    table: QualifiedName
    alias: ViewName | None = None
    using: tuple[ViewName, ...] = ()
    natural: bool = False
    derived: ViewQuery | None = None


class ViewQuery(Struct, frozen=True, array_like=True):
    """The output columns of a query inside a view's body (a derived table,
    a ``WITH`` query): its select list's items in order, each a name
    (``(text, quoted)``; ``""`` where the database names it after its text,
    unknown unless ``renamed`` names it) or None for a star, whose qualifier (None for
    ``*``, ``q`` for ``q.*``) is the next of ``stars``, over ``sources``; then
    ``renamed``, an alias or ``WITH`` column list, names the first columns
    (PostgreSQL manual, "Table and Column Aliases": "If fewer column aliases
    are specified than the actual table has columns, the remaining columns
    are not renamed")."""

    names: tuple[ViewName | None, ...] = ()
    stars: tuple[ViewName | None, ...] = ()
    sources: tuple[ViewSource, ...] = ()
    renamed: tuple[ViewName, ...] = ()


class ViewStar(Struct, frozen=True, array_like=True):
    """A ``*`` (``qualifier`` None) or ``q.*`` in a view's select list:
    ``at`` is how many of the view's column events come before it."""

    at: int
    qualifier: ViewName | None
    location: Location


class Branch(Struct, frozen=True, array_like=True):
    """One arm of a PL/pgSQL ``IF c0 THEN ... ELSIF c1 THEN ... ELSE ... END IF``.

    ``block``: the offset in its file of the statement that runs the body
    (the ``DO``; one run of the body); ``at``: the ``IF``'s offset in its
    file (one ``IF`` statement); ``tests``:
    every condition of the chain as written, in order; ``taken``: the arm,
    ``i`` for ``tests[i]``'s, ``len(tests)`` for ``ELSE``. PostgreSQL tests
    the conditions in order when it reaches the ``IF`` and runs the first
    true one's arm, else the ``ELSE`` (manual 43.6.2, "Conditionals").
    """

    block: int
    at: int
    taken: int
    tests: tuple[str, ...]
    #: The event follows the ``IF`` (up to the end of the arm or body it is
    #: in) and arm ``taken`` ends the routine with ``RETURN``: it runs
    #: unless PostgreSQL takes that arm.
    returns: bool = False
    #: With ``returns``, for an event after an outer ``IF`` the one with
    #: the RETURN is nested in: the outer arms (outermost first) PostgreSQL
    #: must take to reach it; the event runs unless it takes all of them.
    within: tuple[Branch, ...] = ()


class Event(Struct, frozen=True, array_like=True):
    """One naming event in a statement: a name created, renamed or dropped.

    ``name`` is the object's name as written; for table-attached kinds
    ``table`` names the table it belongs to as written in that statement.
    ``name`` is ``None`` for an unnamed constraint or index, whose name the
    dialect chooses (the schema layer computes it). ``location`` points at
    the name (or, for unnamed objects, at the start of its definition).

    ``statement`` is the character offset of the statement the event comes
    from in its file, so ``(source.path, statement)`` tells which events one
    statement made: PostgreSQL chooses implicit names and merges duplicate
    keys per statement, and ``CREATE TABLE IF NOT EXISTS`` of an existing
    table skips exactly its own elements. ``-1`` (events built by hand)
    means "unknown": such an event shares its statement with no other.
    """

    op: EventOp
    kind: ObjectKind
    name: str | None
    location: Location
    source: SourceFile
    schema: str | None = None
    #: The schema qualifier as written when it is a template placeholder
    #: (``{{ index .Options "Namespace" }}``): ``schema`` is then None (unknown)
    #: and identity ignores this; generated SQL writes it back.
    schema_text: str | None = None
    quoted: bool = False
    table: QualifiedName | None = None
    new_name: str | None = None  # RENAME ... TO new_name
    new_schema: str | None = None  # SET SCHEMA new_schema
    new_quoted: bool = False
    new_location: Location | None = None
    # details, filled where they apply
    constraint_type: ConstraintType | None = None
    columns: tuple[str, ...] = ()  # indexed / constrained columns (a type's attributes), in order
    ref_table: QualifiedName | None = None  # foreign key target
    ref_columns: tuple[str, ...] = ()
    unique: bool = False  # unique index
    selects_from: tuple[QualifiedName, ...] = ()  # tables a view reads
    view_is_select_star: bool = False  # body is SELECT * FROM one table
    if_exists: bool = False  # DROP/ALTER ... IF EXISTS, CREATE IF NOT EXISTS
    #: An action of ``ALTER TABLE IF EXISTS t ...`` on ``table``: when no such
    #: table exists the database skips the statement (PostgreSQL: NOTICE
    #: "relation t does not exist, skipping"; MariaDB: a note), so replay does.
    table_if_exists: bool = False
    #: An inline constraint of a column added ``ADD COLUMN IF NOT EXISTS``:
    #: PostgreSQL skips it with the column when the column exists (MariaDB
    #: still adds it; both checked, tests/test_replay_if_exists.py).
    if_column_added: bool = False
    #: Read from a branch the database may not run: a DO block with IF, CASE,
    #: a loop or an EXCEPTION handler, or a T-SQL/MySQL ``IF`` statement. The
    #: reader does not evaluate the condition and reads the DDL as run; replay
    #: then reports a name renamed away there as DBN011's note, not DBN028.
    guarded: bool = False
    #: The PL/pgSQL ``IF`` arms (outermost first) the event is written in:
    #: replay runs it only when each one's condition, where it can decide it
    #: on the schema built so far, picks that arm (:class:`Branch`).
    branches: tuple[Branch, ...] = ()
    or_replace: bool = False
    cascade: bool = False
    suppressions: tuple[Comment, ...] = ()  # comments of the statement
    statement: int = -1  # offset of the statement in its file; -1: unknown
    #: CREATE TABLE child PARTITION OF parent: the parent as written.
    partition_of: QualifiedName | None = None
    #: CREATE TABLE ... PARTITION BY (PostgreSQL): its rows live in partitions,
    #: tables of their own that DROP TABLE of it drops.
    partitioned: bool = False
    #: CREATE COLUMN (and CREATE DOMAIN: its base type): the declared type as written (``INTEGER``,
    #: ``character varying(20)``), ``None`` when the column has none (SQLite
    #: allows that). SQLite decides from it whether a primary key is the
    #: rowid (exactly ``INTEGER``, so ``INTEGER(10)`` is not) and has no index.
    data_type: str | None = None
    #: SQLite CREATE COLUMN: the DEFAULT expression as written (``0``,
    #: ``'open'``, ``CURRENT_TIMESTAMP``, ``(datetime('now'))``), None without
    #: one. Read for SQLite only, where a default never changes after the
    #: column is made (no ALTER COLUMN).
    default_sql: str | None = None
    #: CREATE TABLE ... WITHOUT ROWID (SQLite): the primary key is the table's
    #: storage key, so even an ``INTEGER PRIMARY KEY`` gets an index.
    without_rowid: bool = False
    #: The name is written but was chosen by the database: a catalog reader
    #: (``frontends.live``) knows every name, and marks those equal to the
    #: dialect's default so they are judged as unnamed objects of files are.
    implicit: bool = False
    #: CREATE TEMP/TEMPORARY TABLE (or T-SQL ``#name``): dropped when the
    #: session ends, which replay takes to be the end of its file. On a DROP
    #: (MySQL DROP TEMPORARY TABLE): only a temporary table is dropped.
    temporary: bool = False
    #: CREATE COLUMN of type serial/bigserial/smallserial or GENERATED ... AS
    #: IDENTITY: PostgreSQL creates a sequence owned by the column.
    owns_sequence: bool = False
    #: ``SEQUENCE NAME x`` in the identity options: that sequence's name.
    sequence_name: QualifiedName | None = None
    #: RENAME of whatever object the database finds under the name (T-SQL
    #: ``sp_rename`` without an object type): ``kind`` is only the first guess.
    any_kind: bool = False
    #: ADD CONSTRAINT ... UNIQUE/PRIMARY KEY USING INDEX i (PostgreSQL): the
    #: index becomes the constraint's and takes its name.
    using_index: str | None = None
    #: ``INCLUDE (cols)`` of an index or key: not indexed, but PostgreSQL
    #: spells them in the name it chooses (``t_a_b_idx``).
    include: tuple[str, ...] = ()
    #: For an index with expression elements (``columns`` says ``expr``): the
    #: names PostgreSQL derives for them (``lower``), which name the index.
    name_columns: tuple[str, ...] = ()
    #: For an index with expression elements: each key element's expression
    #: as written (``lower(code)``; a database's as ``pg_get_indexdef`` prints
    #: it), "" for a column; empty when every element is a column.
    expressions: tuple[str, ...] = ()
    #: A CHECK constraint's expression, or an EXCLUDE's element list, as
    #: written between its parentheses (``quantity > 0``); None otherwise.
    #: Rails hashes it into the name it gives (``chk_rails_``/``excl_rails_``).
    check_text: str | None = None
    #: MySQL/MariaDB index or key: how many of ``columns`` (from the first)
    #: are indexed in full, before the first written with a prefix length
    #: (``s(10)``); None: all of them. Only full columns serve a foreign key.
    full_columns: int | None = None
    #: CREATE TABLE b (LIKE a) / b LIKE a / b AS SELECT * FROM a / AS TABLE a:
    #: the table whose columns (and, per ``like_copies``, more) b starts with.
    like: QualifiedName | None = None
    #: What else LIKE copies: "indexes" (PostgreSQL INCLUDING INDEXES, MySQL
    #: always), "constraints" (PostgreSQL INCLUDING CONSTRAINTS: checks).
    like_copies: frozenset[str] = frozenset()
    #: CREATE TABLE c (...) INHERITS (p, q) (PostgreSQL): the parents whose
    #: columns and CHECK constraints c gets, under their names (local columns
    #: of the same name are merged with them).
    inherits: tuple[QualifiedName, ...] = ()
    #: CHECK (...) NO INHERIT (PostgreSQL): children do not get the constraint.
    no_inherit: bool = False
    #: A CHECK written in a column's definition (``a int CHECK (a > 0)``), not
    #: at table level: MariaDB names it after the column when unnamed.
    column_level: bool = False
    #: A foreign key written ``REFERENCES t (c)`` in a column's definition:
    #: MySQL 8 makes no key of it (profile ``inline_references``).
    inline_reference: bool = False
    #: A UNIQUE written in a MySQL column's definition beside its PRIMARY KEY
    #: (``k int PRIMARY KEY UNIQUE``): MariaDB makes the primary key alone
    #: (profile ``inline_primary_absorbs_unique``), MySQL 8 both keys. Kept
    #: in the events so a MySQL file replayed as MariaDB's (``drift`` on a
    #: MariaDB server) drops it there.
    beside_primary: bool = False
    #: DROP CONSTRAINT (so spelled) in a MySQL ``ALTER TABLE`` that runs with
    #: ``ALGORITHM=COPY``: written so, or forced by an ``ADD ... FOREIGN KEY``
    #: while ``foreign_key_checks`` is on. MariaDB keeps a foreign key so
    #: dropped (profile ``copy_keeps_foreign_keys``; MariaDB 10.11, checked in
    #: tests/test_mariadb_copy_drop.py); ``DROP FOREIGN KEY`` drops it.
    keeps_foreign_key: bool = False
    #: RENAME COLUMN event of MySQL ``ALTER TABLE ... CHANGE old new type`` or
    #: ``MODIFY c type`` (then ``new_name`` is ``name``): the column's whole
    #: definition is replaced, with ``data_type`` the new type. MariaDB drops
    #: the column-level CHECK of the old definition (RENAME COLUMN keeps it).
    redefines: bool = False
    #: CREATE TABLE t OF type (PostgreSQL): the composite type whose
    #: attributes (``columns`` of its CREATE TYPE event) are t's columns.
    of_type: QualifiedName | None = None
    #: PostgreSQL: the ``search_path`` the statement ran with, when it is not
    #: the default (schema names as the catalog stores them; the role's own
    #: schema, ``"$user"``, as ``USER_SCHEMA + role``). Replay creates
    #: unqualified names in the first schema of it that exists and finds them
    #: in the first that holds them.
    search_path: tuple[str, ...] | None = None
    #: CREATE TRIGGER ... EXECUTE FUNCTION f(...) (PostgreSQL; also the older
    #: EXECUTE PROCEDURE): the function the trigger runs, as written. A DROP
    #: FUNCTION f CASCADE drops the trigger with it (pg_depend 'n').
    function: QualifiedName | None = None
    #: CREATE TRIGGER: its timing as written (``BEFORE``, ``AFTER``, ``INSTEAD
    #: OF``; None when not written, SQLite's BEFORE), and whether it is written
    #: ``FOR [EACH] ROW``. A view takes only some triggers (DBN022).
    trigger_timing: str | None = None
    row_trigger: bool = False
    #: CREATE TRIGGER: the operations it fires on as written (``INSERT``,
    #: ``UPDATE``, ...): a view's INSTEAD OF INSERT trigger lets COPY FROM
    #: write to it; a view takes no TRUNCATE trigger.
    trigger_events: tuple[str, ...] = ()
    #: EventOp.USE: what the statement does to the relation, in PostgreSQL's
    #: words for an ALTER TABLE action (``ALTER COLUMN ... SET NOT NULL``,
    #: ``ENABLE ROW SECURITY``) or the statement's (``TRUNCATE``, ``COPY
    #: FROM``); MySQL's other ALTER TABLE actions are ``ALTER TABLE``.
    action: str | None = None
    #: CREATE or DROP FUNCTION/PROCEDURE f(args): the types of the argument
    #: list's input arguments (OUT ones left out, as PostgreSQL leaves them
    #: out of the signature), spelt as :func:`dbnamelint.routines.argument_type`
    #: does, which tell overloads apart; ``None`` when no list is written (or
    #: it cannot be read).
    arguments: tuple[str, ...] | None = None
    #: CREATE FUNCTION/PROCEDURE (PostgreSQL): the digest of a body written as
    #: one string (:func:`dbnamelint.routines.body_digest`), else None.
    body: str | None = None
    #: CREATE or DROP PROCEDURE (kind FUNCTION): a procedure, which MySQL
    #: keeps apart from a function of the same name
    #: (:attr:`~dbnamelint.dialects.profile.DialectProfile.procedures_apart`).
    procedure: bool = False
    #: CREATE INDEX (PostgreSQL): names written in the index's expressions,
    #: its WHERE predicate and INCLUDE list. Replay keeps those that are
    #: columns of the table: dropping one drops the index. CREATE VIEW
    #: (PostgreSQL, SQLite, MySQL): the names its body writes (``*`` for a
    #: star in a select list), so that dropping a column with CASCADE drops
    #: the views reading it, and without it is DBN018 (read-by-view).
    uses: tuple[str, ...] = ()
    #: CREATE COLUMN of a view's (or materialized view's) output: named by
    #: its column list or its select list (``parsing.ddl._view_columns``),
    #: made with the view, not added to it (which a database refuses: DBN022).
    view_column: bool = False
    #: CREATE VIEW: some of its output columns are not in the events (a
    #: ``*``, an expression MySQL/SQLite name after its text, a VALUES body);
    #: CREATE TABLE (``AS SELECT`` or ``SELECT ... INTO``): a ``*`` or ``t.*``
    #: over more than one table, whose columns the reader does not expand.
    view_columns_unknown: bool = False
    #: CREATE VIEW (PostgreSQL): the body's query levels, which replay binds
    #: to the columns they read as PostgreSQL does (pg_depend): DBN018.
    view_levels: tuple[ViewLevel, ...] = ()
    #: CREATE VIEW (PostgreSQL, MySQL, MariaDB, SQLite) and CREATE TABLE AS
    #: SELECT / SELECT INTO: the select list's stars and the ``FROM`` list
    #: they read, when it is one replay can expand (tables, views, derived
    #: tables and ``WITH`` queries, joined by ``,``, ``JOIN ... ON``/``USING``,
    #: ``NATURAL JOIN``): replay expands each into the columns the sources
    #: have then (a ``*`` is frozen when the view is made; SQLite re-reads a
    #: table's at each use of a view). Empty otherwise.
    view_stars: tuple[ViewStar, ...] = ()
    view_from: tuple[ViewSource, ...] = ()
    #: CREATE TYPE t AS (a x, b y) (PostgreSQL): each attribute's type as
    #: written, in the order of ``columns``; None where it cannot be read.
    attribute_types: tuple[str | None, ...] = ()
    #: CREATE FUNCTION/PROCEDURE (PostgreSQL): the types its arguments and
    #: result name, as written (``mood``, ``app."Mood"``): DROP TYPE ...
    #: CASCADE drops the routine.
    type_uses: tuple[str, ...] = ()
    #: SQLite CREATE COLUMN written ``GENERATED ALWAYS AS (...)`` or ``AS
    #: (...)`` (STORED or VIRTUAL): nothing can be written into it.
    generated: bool = False
    #: SQLite CREATE INDEX: its definition as ``sqlite_master.sql`` keeps it
    #: (:class:`IndexText`), so a migration re-creates the very index.
    index_text: IndexText | None = None
    #: SQLite CREATE VIRTUAL TABLE ... USING module: the module, lower-case
    #: (``fts5``, ``rtree``). Its columns are the module's: SQLite renames none
    #: of them, nor adds one (``ALTER TABLE`` refuses).
    virtual_module: str | None = None
    #: CREATE VIRTUAL TABLE: the shadow tables its module makes (``t_data``,
    #: ``t_idx``...), its own storage, which no file writes and no rule judges.
    shadow_tables: tuple[str, ...] = ()
    #: A constraint of a PostgreSQL domain (``CREATE DOMAIN d ... CONSTRAINT n
    #: CHECK (...)``, ``ALTER DOMAIN d ADD/DROP/RENAME CONSTRAINT``): ``table``
    #: names the domain, not a table (pg_constraint ``contypid``).
    domain: bool = False
    #: An attribute of a PostgreSQL composite type (``CREATE TYPE t AS (a x)``,
    #: ``ALTER TYPE t ADD/DROP/RENAME ATTRIBUTE``), a COLUMN event: ``table``
    #: names the type, whose row PostgreSQL keeps in pg_attribute as a
    #: table's (``pg_type.typrelid``, a pg_class of relkind ``c``).
    composite: bool = False
    #: The ``preConditions`` of the Liquibase changeset that made the event,
    #: when they test the schema (``tableExists``...): replay evaluates them
    #: once, before the changeset's first event, and skips every event of a
    #: changeset whose guard fails with ``onFail`` ``MARK_RAN``/``CONTINUE``.
    liquibase_guard: ChangeSetGuard | None = None
    #: SQLite: a column's own ``PRIMARY KEY DESC``, which SQLite's quirk keeps
    #: from being the rowid alias even on an ``INTEGER`` column (it gets a
    #: ``sqlite_autoindex_*``; a table's ``PRIMARY KEY (c DESC)`` does not).
    descending_key: bool = False


class Precondition(Struct, frozen=True, array_like=True):
    """One Liquibase precondition as written: its tag (``tableExists``,
    ``not``...), its attributes, and the nested ones (``and``/``or``/``not``)."""

    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    children: tuple[Precondition, ...] = ()

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)


class ChangeSetGuard(Struct, frozen=True, array_like=True):
    """A Liquibase changeset's ``preConditions`` (``test``, an implicit
    ``and`` of its children) with ``on_fail`` (``HALT``, ``CONTINUE``,
    ``MARK_RAN``, ``WARN``), keyed by the changeset (``path::id::author``)."""

    key: str
    on_fail: str
    test: Precondition
    location: Location


class IndexText(Struct, frozen=True, array_like=True):
    """A SQLite index's definition as written, with the names it spells located.

    ``text`` runs from the index's name (its schema qualifier left out) to
    the statement's last token, as SQLite stores it after ``CREATE [UNIQUE]
    INDEX `` (sqlite.org/schematab.html: the original text, normalized only
    at the start). ``names``: ``(start, end, role)`` offsets into ``text``
    of the index name (role ``index``), the table after ``ON`` (``table``)
    and each word that may name a column (``column``: not a call, a
    qualifier, a collation or a keyword), in text order.
    """

    text: str
    names: tuple[tuple[int, int, str], ...] = ()


#: A ``search_path`` entry that is the current role's schema (``"$user"``):
#: it counts only where the files create that schema.
USER_SCHEMA = "$user:"

#: The comment :mod:`dbnamelint.doctrine_schema` writes in the ``CREATE INDEX``
#: of the index doctrine/dbal adds for a foreign key (``Table::_addForeignKeyConstraint``):
#: replay skips it when an index the table had before the migration has its columns.
DOCTRINE_FK_INDEX = "Doctrine adds this index for a foreign key unless an index has its columns"

#: The name a table passes through while ClickHouse's ``EXCHANGE TABLES a AND
#: b`` swaps two names (read as ``a`` -> this, ``b`` -> ``a``, this -> ``b``):
#: no database holds it, and replay keeps it out of the table's earlier names.
EXCHANGE_SCRATCH = "\x00exchange"


class RoutineStep(Struct, frozen=True, array_like=True):
    """One thing a statement does with routines and triggers, or a run of
    them, as :mod:`dbnamelint.frontends.sql.parsing.routines` records it per
    file: the DBN012 notes are worked out after loading, over every file of
    a catalog in replay order, so a routine an earlier file defines is
    followed into the file that runs it (and a cached file's steps give the
    same notes).

    ``op`` is one of ``routine`` (CREATE [OR REPLACE] FUNCTION/PROCEDURE:
    ``key``, ``name`` as written, ``kind``, ``ddl`` its body's own first DDL
    words or None, ``calls`` the keys its body calls, ``writes`` the
    ``(event, table key)`` its body writes), ``trigger`` (CREATE TRIGGER:
    ``name`` its key, ``table``, ``events``, ``key`` its function's),
    ``drop`` (a routine's ``key``), ``drop-trigger`` (``name`` on
    ``table``), ``rename`` (``key`` to ``name``), ``rename-table`` (PostgreSQL
    ``ALTER TABLE table RENAME TO name``: its triggers go with it), ``run`` (a statement that
    evaluates expressions, PostgreSQL: ``word`` its head, ``calls`` the
    ``(key, as written)`` of every ``name(`` in it, ``writes``) and ``call``
    (a ``CALL``: ``key``, ``name`` as written). Keys are a routine's or
    table's last name part, unquoted, lower case.
    """

    op: str
    key: str = ""
    name: str = ""
    kind: str = ""
    ddl: str | None = None
    calls: tuple[tuple[str, str], ...] = ()
    writes: tuple[tuple[str, str], ...] = ()
    table: str = ""
    events: tuple[str, ...] = ()
    word: str = ""
    location: Location | None = None
    #: ``routine``: a digest of the definition's text, whitespace aside (a
    #: body edited changes it): the gate tells a run of a changed body by it.
    digest: str = ""


class ParseResult(Struct, frozen=True):
    """Everything the parsing layer learnt from a set of statements."""

    events: tuple[Event, ...]
    diagnostics: tuple[Diagnostic, ...]
    statements: int = 0  # how many statements were looked at
    #: What each file's statements do with routines (:class:`RoutineStep`),
    #: per file read, in file order; files with none left out.
    routine_steps: tuple[tuple[SourceFile, tuple[RoutineStep, ...]], ...] = ()


class SchemaObject(Struct, frozen=True):
    """A named object as it exists after replaying every file.

    Identity (used by the whitelist) is ``kind`` + :attr:`qualified_name`,
    never a line number: lines move with every edit, identities don't.
    """

    kind: ObjectKind
    name: str  # current name; for implicit names, the dialect's choice
    location: Location  # where it got its current name
    source: SourceFile  # file where it got its current name
    schema: str | None = None
    table: str | None = None  # owning table's current name (attached kinds)
    table_schema: str | None = None
    quoted: bool = False
    implicit: bool = False  # name chosen by the dialect, not written
    previous_names: tuple[str, ...] = ()  # oldest first
    constraint_type: ConstraintType | None = None
    columns: tuple[str, ...] = ()
    ref_table: str | None = None
    unique: bool = False
    selects_from: tuple[str, ...] = ()
    compatibility_view_for: str | None = None  # table this view stands in for
    created_at: Location | None = None  # where first created, if different
    suppressions: tuple[Comment, ...] = ()
    #: Parent table's current name when this table is a partition of it
    #: (PARTITION OF / ATTACH PARTITION): its name is the parent's plus a
    #: range or list suffix, so rules about the table's noun judge the parent.
    partition_of: str | None = None
    #: A sequence owned by a column (serial/identity; PostgreSQL ``pg_depend``
    #: 'a'/'i'): ``(table, column)`` current names, the table in the
    #: sequence's schema. Dropped with the column; not renamed with the table.
    owned_by: tuple[str, str] | None = None
    #: Whether each of ``previous_names`` was written quoted (same order;
    #: empty when unknown): the stored name is ``fold(name, quoted)``.
    previous_quoted: tuple[bool, ...] = ()
    #: A SQLite column's DEFAULT expression as written (``Event.default_sql``).
    default_sql: str | None = None
    #: The schema (of the object, or of its table) written as a template
    #: placeholder (``Event.schema_text``); not part of identity.
    schema_text: str | None = None
    #: A SQLite generated column (``Event.generated``).
    generated: bool = False
    #: A PostgreSQL table written ``PARTITION BY`` (or with partitions attached):
    #: a view cannot stand in for it where DDL makes partitions.
    partitioned: bool = False
    #: A SQLite index's definition as written (``Event.index_text``).
    index_text: IndexText | None = None
    #: The name as the file wrote it when the database cut it (PostgreSQL
    #: keeps the first 63 bytes of a longer identifier; ``name`` is what it
    #: keeps); None when ``name`` is the name as written. DBN501 judges this.
    written_name: str | None = None
    #: An index with expression elements (``columns`` says ``expr``): each
    #: element as PostgreSQL's ``FigureIndexColname`` names it (``lower`` for
    #: ``lower(email)``, ``int4`` for ``(a + b)::int``; ``Event.name_columns``);
    #: empty when every element is a column.
    name_columns: tuple[str, ...] = ()
    #: Each key element's expression as written, "" for a column
    #: (``Event.expressions``); empty when every element is a column. How
    #: ``drift`` knows a renamed expression index (:mod:`dbnamelint.index_expressions`).
    expressions: tuple[str, ...] = ()
    #: A CHECK's expression or an EXCLUDE's elements as written
    #: (``Event.check_text``): what Rails hashes into ``chk_rails_``/``excl_rails_``.
    check_text: str | None = None
    #: ``INCLUDE (cols)`` of an index or key (``Event.include``): not indexed,
    #: but PostgreSQL spells them in the name it chooses (``t_a_b_idx``).
    include: tuple[str, ...] = ()
    #: A column's declared type as written (``Event.data_type``; the
    #: catalog's spelling for a database's model), None when unknown.
    data_type: str | None = None
    #: Whether ``table`` (the owning table's name) was written quoted; None
    #: when unknown. With it ``table`` shows as the database stores it
    #: (:func:`dbnamelint.core.identity.stored_qualified_name`).
    table_quoted: bool | None = None
    #: A routine of one overload: how many input arguments it takes and its
    #: body's digest (:func:`dbnamelint.routines.definition`), how ``drift``
    #: knows it under another name; None when overloaded or either is unknown.
    routine: str | None = None
    #: A SQLite virtual table's module (``Event.virtual_module``), lower-case.
    virtual_module: str | None = None
    #: A view whose output columns the model does not all hold
    #: (``Event.view_columns_unknown``: a ``*``, an expression MySQL/SQLite
    #: name after its text), or a table made from such a query or copying
    #: such a view: ``drift`` leaves the database's columns of it alone.
    columns_unknown: bool = False
    #: A constraint of a PostgreSQL domain (``Event.domain``): ``table`` and
    #: ``table_schema`` name the domain. PostgreSQL keeps types (a table's
    #: row type too) in one namespace, so no table shares the domain's name.
    domain: bool = False
    #: An attribute of a PostgreSQL composite type (``Event.composite``), kind
    #: COLUMN: ``table`` and ``table_schema`` name the type (one namespace
    #: with tables, pg_type), so the column rules judge it as a column.
    composite: bool = False
    #: Made only by an ``IF EXISTS`` rename of an object the files never
    #: made (``ALTER INDEX IF EXISTS x RENAME TO y``): a database built from
    #: the files skips that statement, so ``drift`` does not miss it there.
    assumed: bool = False
    #: A procedure (kind FUNCTION, ``CREATE PROCEDURE``): messages call it so;
    #: not part of its identity (a whitelist entry says ``kind: function``).
    procedure: bool = False

    @property
    def module(self) -> str | None:
        """The module owning the file where the object got its current name."""
        return self.source.module

    @property
    def qualified_name(self) -> str:
        """``[schema.]name``, or ``[schema.]table.name`` for attached kinds."""
        if self.kind in TABLE_ATTACHED_KINDS and self.table:
            parts = [p for p in (self.table_schema, self.table) if p]
        else:
            parts = [self.schema] if self.schema else []
        return ".".join([*parts, self.name])


class Transient(Struct, frozen=True):
    """A name replay saw made, then dropped or renamed away by a later statement.

    ``object`` is the object as it was just before (located where that name
    was written); ``ended`` the statement that dropped or renamed it. The
    final model no longer holds it, yet every database that ran the first
    statement held it (the gate judges such names a change adds).
    """

    object: SchemaObject
    ended: Location


class Schema(Struct, frozen=True):
    """The final model: every object, plus what replay had to say."""

    objects: tuple[SchemaObject, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    files: tuple[SourceFile, ...] = field(default=())
    #: Names held for a while only (:class:`Transient`), in replay order.
    transient: tuple[Transient, ...] = ()

    def of_kind(self, *kinds: ObjectKind) -> tuple[SchemaObject, ...]:
        """Objects of the given kinds, in the order replay produced them."""
        wanted = set(kinds)
        if len(wanted) == len(ObjectKind):
            return self.objects  # every kind (the length rules): all of them, as they are
        return tuple([o for o in self.objects if o.kind in wanted])
