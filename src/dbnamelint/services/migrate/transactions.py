"""What each migration tool does with a transaction, in the words of ``migrate``'s notes.

One sentence per tool, from its manual, saying how it applies a migration
file and so why the scripts carry their own ``BEGIN``/``COMMIT`` or not
(:func:`~.service._for_layout` decides that; this module only words it):

- golang-migrate: its PostgreSQL driver sends the file in one ``Exec``
  (``x-multi-statement=true`` sends it statement by statement) and opens no
  transaction (database/postgres README: "Wrap your existing migrations in
  transactions (BEGIN/COMMIT) if you use multiple statements"; PostgreSQL
  runs a multi-statement ``Exec`` as one implicit transaction); its
  sqlite3/sqlite drivers run each migration in a transaction;
- goose, dbmate, sql-migrate, sqlx, Diesel, Flyway, Liquibase, zdb: each
  migration in a transaction of its own, unless the file (or Diesel's
  ``metadata.toml``, Liquibase's ``runInTransaction``) says otherwise;
- Prisma Migrate on PostgreSQL does not wrap a migration (its maintainers,
  prisma/orm#8080: opt in with ``BEGIN;``/``COMMIT;`` in the file);
- sqitch runs each deploy script as written; ``sqitch add``'s templates open
  it with ``BEGIN;`` and end it with ``COMMIT;``.

- temporal-sql-tool update-schema splits each file itself and runs the
  statements one by one, in no transaction (``tools/common/schema/updatetask.go``
  ``execStmts``), on every database.

pop and postgres-migrations have notes of their own (the version row is in
the tool's transaction), as do runners the tree does not name
(:func:`runner_note`).
"""

from __future__ import annotations

from dbnamelint.dialects import Family
from dbnamelint.services.migrate.layout import Layout

#: How each tool that opens a transaction per migration lets a file opt out,
#: worded so that the note, a comment of the script, holds no marker a tool
#: reads (goose's annotation, sqlx's first line).
_OPT_OUT = {
    Layout.GOOSE: "unless a goose annotation of the file opts out",
    Layout.DBMATE: "unless its migrate:up line opts out",
    Layout.SQL_MIGRATE: "unless its +migrate Up line opts out",
    Layout.SQLX: "unless the file opens with sqlx's no-transaction comment",
    Layout.DIESEL: "unless its metadata.toml says run_in_transaction = false",
    Layout.FLYWAY: "unless its script config says executeInTransaction=false",
    Layout.LIQUIBASE: "unless it says runInTransaction:false",
    Layout.ZDB: "",
}


#: Code migration tools (:func:`dbnamelint.code_migrations.code_migration_kind`)
#: that run a migration in a transaction of their own by default, on the
#: families where they do (their manuals), with how it is said. A forward
#: script pasted into such a migration must not carry BEGIN/COMMIT: its
#: COMMIT ends the tool's transaction part-way (PostgreSQL: "there is already
#: a transaction in progress"), so a later failure leaves the renames
#: committed, and the tool's record of the migration outside it.
CODE_TOOL_TRANSACTIONS: dict[str, tuple[frozenset[Family], str]] = {
    "alembic": (
        frozenset({Family.POSTGRES}),
        "Alembic runs the revision in the transaction its env.py opens "
        "(context.begin_transaction(); PostgreSQL has transactional DDL), with its "
        "alembic_version update",
    ),
    "django": (
        frozenset({Family.POSTGRES, Family.SQLITE}),
        "Django runs each migration in a transaction (atomic = True, its default)",
    ),
    "laravel": (
        # where the schema grammar supports it (PostgreSQL's; not SQLite's:
        # illuminate/database's SQLiteGrammar, tests/test_migrate_laravel_write_s42.py)
        frozenset({Family.POSTGRES}),
        "Laravel's migrator runs each migration in a transaction ($withinTransaction, its default)",
    ),
    "knex": (
        frozenset({Family.POSTGRES, Family.SQLITE}),
        "Knex runs each migration in a transaction (unless its config.transaction is false)",
    ),
    "typeorm": (
        frozenset({Family.POSTGRES, Family.SQLITE}),
        "TypeORM runs the pending migrations in one transaction (transaction: 'all', its default)",
    ),
    "node-pg-migrate": (
        frozenset({Family.POSTGRES}),
        "node-pg-migrate runs each migration in a transaction (unless pgm.noTransaction())",
    ),
    "kysely": (
        frozenset({Family.POSTGRES}),
        "Kysely's Migrator runs the pending migrations in one transaction on PostgreSQL",
    ),
}


def code_tool_note(kind: str, family: Family, forced: bool | None) -> str | None:
    """The note for a forward script meant for a code migration of ``kind``
    run on ``family`` (``forced``: ``--transaction``/``--no-transaction``),
    where the tool holds a transaction of its own; else None."""
    found = CODE_TOOL_TRANSACTIONS.get(kind)
    if found is None or family not in found[0]:
        return None
    if forced:
        return (
            f"the scripts carry BEGIN/COMMIT, as --transaction or the config's "
            f"migrate_transaction: true asks, although {found[1]}: their COMMIT ends that "
            "transaction early; leave them out of the migration"
        )
    return (
        f"{found[1]}: the scripts carry no BEGIN/COMMIT, whose COMMIT would end that "
        "transaction part-way (--transaction prints them)"
    )


#: sequelize-cli opens no transaction: the written migration opens one
#: (:mod:`.sequelize_migration`).
SEQUELIZE_NOTE = (
    "sequelize-cli runs a migration in no transaction of its own: the written migration "
    "runs each script's statements in one queryInterface.sequelize.transaction (one "
    "connection of the pool), so the scripts carry no BEGIN/COMMIT"
)


#: Laravel's migrator wraps a migration in a transaction only where the
#: connection's schema grammar says it can (``supportsSchemaTransactions()``:
#: PostgreSQL's and SQL Server's, not MySQL's or SQLite's; illuminate/database
#: ``Schema/Grammars``, laravel/framework#15780).
LARAVEL_NO_TRANSACTION = (
    "Laravel's migrator runs a {database} migration in no transaction (its schema "
    "grammar's supportsSchemaTransactions() is false){ddl}: the written migration's "
    "DB::unprepared calls run one by one, so if one fails, the ones before it stay done and "
    "the migration is not recorded; run the rollback statements that match, then migrate again"
)


#: TypeORM wraps the pending migrations in a transaction (``migrationsTransactionMode``,
#: ``'all'`` by default; a migration's ``transaction = false`` opts out), which
#: MySQL's DDL commits part-way (its manual, "Statements That Cause an Implicit Commit").
TYPEORM_MYSQL = (
    "TypeORM runs the pending migrations in a transaction (migrationsTransactionMode "
    "'all', its default), but MySQL and MariaDB commit each DDL statement by itself: if a "
    "queryRunner.query of the written migration fails, the statements before it stay done "
    "and the migration is not recorded; run the rollback statements that match, then "
    "migration:run again"
)


#: Kysely's Migrator opens a transaction only where its adapter says
#: ``supportsTransactionalDdl`` (kysely 0.28 ``Migrator``: PostgreSQL's and
#: MSSQL's adapters, not MySQL's or SQLite's).
KYSELY_NO_TRANSACTION = (
    "Kysely's Migrator runs a {database} migration in no transaction (its adapter's "
    "supportsTransactionalDdl is false){ddl}: the written migration's sql`...`.execute(db) "
    "calls run one by one, so if one fails, the ones before it stay done and the migration "
    "is not recorded; run the rollback statements that match, then migrate again"
)


#: temporal-sql-tool: no transaction, a splitter of its own (said on MySQL too).
TEMPORAL_NOTE = (
    "temporal-sql-tool update-schema splits each file with a splitter of its own and runs "
    "the statements one by one, in no transaction (a statement failing with 'already "
    "exist' or 'not found' is skipped, any other error stops it): the scripts are plain "
    "statements it takes (no BEGIN/COMMIT, which its splitter refuses, no DO block or "
    "guard); if it stops half-way, run the rollback statements that match what ran"
)


#: Synapse's prepare_database: one transaction for the whole upgrade, no down migrations.
SYNAPSE_NOTE = (
    "Synapse's prepare_database applies the deltas of delta/<SCHEMA_VERSION>/ not yet "
    "in applied_schema_deltas (every store's, sorted together by file name) on startup, "
    "the whole upgrade in one transaction, each delta's row in it: the scripts carry no "
    "BEGIN/COMMIT; Synapse has no down migrations, so the rollback (and the cleanup's "
    "rollback) is written under rollbacks/ beside the stores, which Synapse never reads: "
    "run it by hand (psql -f, sqlite3) and then DELETE its row from applied_schema_deltas"
)
SYNAPSE_REBUILD = (
    "; the SQLite table rebuild runs inside that transaction, where PRAGMA "
    "foreign_keys=OFF does nothing (Synapse's SQLite connections leave foreign keys off)"
)


def tool_note(layout: Layout, family: Family, rebuilds: bool) -> str | None:
    """The note saying how ``layout``'s tool applies a file in a ``family``
    database and so whether the scripts carry BEGIN/COMMIT; None where another
    note says it (pop, postgres-migrations, golang-migrate's SQLite rebuild),
    where no tool is known (numbered, timestamped folders) or for MySQL, whose
    DDL commits by itself (no BEGIN/COMMIT is written there).

    ``rebuilds``: a SQLite table rebuild is in the plan (its ``PRAGMA
    foreign_keys=OFF`` must run outside any transaction)."""
    if layout is Layout.TEMPORAL:
        return TEMPORAL_NOTE
    if layout is Layout.ALEMBIC:
        # the note a script pasted into a revision got: the written revision is one
        return code_tool_note("alembic", family, None)
    if layout is Layout.DJANGO:
        return code_tool_note("django", family, None)
    if layout is Layout.KNEX:
        return code_tool_note("knex", family, None)
    if layout is Layout.SEQUELIZE:
        return SEQUELIZE_NOTE
    if layout is Layout.LARAVEL:
        if family is Family.POSTGRES:
            return code_tool_note("laravel", family, None)
        mysql = family is Family.MYSQL
        return LARAVEL_NO_TRANSACTION.format(
            database="MySQL or MariaDB" if mysql else "SQLite",
            ddl=", and MySQL commits each DDL statement by itself" if mysql else "",
        )
    if layout is Layout.TYPEORM:
        return TYPEORM_MYSQL if family is Family.MYSQL else code_tool_note("typeorm", family, None)
    if layout is Layout.KYSELY:
        if family is Family.POSTGRES:
            return code_tool_note("kysely", family, None)
        mysql = family is Family.MYSQL
        return KYSELY_NO_TRANSACTION.format(
            database="MySQL or MariaDB" if mysql else "SQLite",
            ddl=", and MySQL commits each DDL statement by itself" if mysql else "",
        )
    if layout is Layout.SYNAPSE:
        return SYNAPSE_NOTE + (SYNAPSE_REBUILD if family is Family.SQLITE and rebuilds else "")
    if family not in (Family.POSTGRES, Family.SQLITE):
        return None
    sqlite = family is Family.SQLITE
    if layout is Layout.GOLANG_MIGRATE:
        if sqlite:
            return (
                None
                if rebuilds
                else (
                    "golang-migrate's sqlite3 driver runs each migration in a transaction of "
                    'its own: the scripts carry no BEGIN/COMMIT (its README: "Migrations '
                    'must not contain explicit BEGIN or COMMIT statements")'
                )
            )
        return (
            "golang-migrate opens no transaction for a migration: its PostgreSQL driver "
            "sends the file in one Exec, which PostgreSQL runs as one implicit transaction "
            "(statement by statement with x-multi-statement=true), and its README says to "
            "wrap a migration of several statements in BEGIN/COMMIT: the scripts do"
        )
    if layout is Layout.PRISMA:
        return (
            "Prisma Migrate runs migration.sql as written, in no transaction of its own on "
            "PostgreSQL (BEGIN/COMMIT in the file opt in): the scripts carry them"
        )
    if layout is Layout.SQITCH:
        return (
            "sqitch runs each deploy and revert script as written, in no transaction of its "
            "own; sqitch add's templates open it with BEGIN and end it with COMMIT: so do "
            "the scripts"
        )
    opt_out = _OPT_OUT.get(layout)
    if opt_out is None:
        return None
    unit = "migration" if layout is not Layout.LIQUIBASE else "changeset"
    how = f" ({opt_out})" if opt_out else ""
    if sqlite and rebuilds and layout is Layout.GOOSE:
        return (
            f"goose runs each migration in a transaction of its own{how}; this one opts "
            "out, because the SQLite table rebuild's PRAGMA foreign_keys=OFF does nothing "
            "inside a transaction: the script carries its own BEGIN/COMMIT around the rebuild"
        )
    inside = (
        "; the SQLite table rebuild runs inside it, with foreign keys as the tool's "
        "connection sets them"
        if sqlite and rebuilds
        else ""
    )
    return (
        f"{layout.value} runs each {unit} in a transaction of its own{how}: the scripts "
        "carry no BEGIN/COMMIT, whose COMMIT would end that transaction early"
        f"{inside}"
    )


def runner_note(
    folder: str, layout: Layout | None, transactions: bool, read: int, module: bool | None
) -> str:
    """The note where the folder's runner is unknown and its own migrations
    decided (:func:`~.layout.folder_convention`): ``transactions`` whether
    one of them opens a transaction, ``read`` how many were read; ``module``
    whether the Go module above requires golang-migrate (None: no
    ``go.mod``), said for a folder of golang-migrate's ``*.up.sql`` names;
    ``layout`` None: no tool's names at all (the layout was not told)."""
    if layout is Layout.GOLANG_MIGRATE:
        where = (
            "no go.mod above it names golang-migrate"
            if module is None
            else "its Go module (go.mod) does not require golang-migrate"
        )
        who = (
            f"the files of {folder}/ are named as golang-migrate names its migrations, but "
            f"{where}: another runner may apply them (golang-migrate itself opens no "
            "transaction on PostgreSQL; a project's own runner may wrap each file in one)"
        )
    elif layout is None:
        who = (
            f"no migration tool dbnamelint knows names the files of {folder}/ (--write "
            "needs --layout): its runner is not known"
        )
    else:
        who = (
            f"{folder}/ is a {layout.value} folder, a layout no single tool owns: its "
            "runner is not known"
        )
    if transactions:
        return (
            f"{who}; its migrations open transactions of their own (BEGIN): the scripts "
            "carry BEGIN/COMMIT too (--no-transaction leaves them out)"
        )
    return (
        f"{who}; none of its {read} SQL migrations opens a transaction of its own, as "
        "when the runner wraps each file or sends it at once: the scripts carry no "
        "BEGIN/COMMIT either (--transaction writes them)"
    )


def exec_once_note(folder: str, transactions: bool, read: int) -> str:
    """The note for golang-migrate on PostgreSQL, where the folder's own
    migrations decided (:func:`~.layout.folder_convention`): ``transactions``
    whether one of them opens a transaction, ``read`` how many were read.

    Its driver sends a file in one ``Exec`` (statement by statement only with
    ``x-multi-statement=true``), and PostgreSQL runs the statements of one
    simple Query message as one transaction unless they hold transaction
    control (PostgreSQL manual, 55.2.2.1 "Multiple Statements in a Simple
    Query"): a file is atomic without BEGIN/COMMIT. A project's own runner may
    wrap a whole batch in one transaction (coder's ``txnmigrator``), where a
    COMMIT in the file ends it early and leaves the version dirty."""
    head = (
        "golang-migrate's PostgreSQL driver sends each migration in one Exec, which "
        "PostgreSQL runs as one implicit transaction (statement by statement only with "
        "x-multi-statement=true)"
    )
    if transactions:
        return (
            f"{head}; the migrations of {folder}/ open transactions of their own (BEGIN), "
            "as its README advises for x-multi-statement: the scripts carry BEGIN/COMMIT "
            "too (--no-transaction leaves them out)"
        )
    return (
        f"{head}; none of the {read} SQL migrations of {folder}/ opens a transaction of "
        "its own, as when the project's runner wraps a batch in one transaction, where a "
        "COMMIT would end it early and leave the version dirty: the scripts carry no "
        "BEGIN/COMMIT either (--transaction writes them, as x-multi-statement needs)"
    )
