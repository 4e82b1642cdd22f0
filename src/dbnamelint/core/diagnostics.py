"""The one registry of every code that is not a naming rule.

Rules (DBN1xx-DBN5xx) document themselves in their docstrings. Everything
else dbnamelint reports has a code here: problems with the input (DBN0xx:
files, statements, replay notes, suppressions) and whitelist / CI-gate
problems (DBN9xx). Each entry carries the text ``dbnamelint rules CODE``
prints, a kebab-case name usable wherever a code is (``--select``,
``--ignore``, ``-- dbnamelint: ignore[...]``), its default severity, and
whether it can be switched off at all: a path that does not exist or a file
that cannot be decoded stops the run (exit 2 / 3) and cannot be ignored.

This module knows only codes and words. The layers that emit a diagnostic
keep their own code constants (they sit below this registry's users); a
test (``tests/test_cli_flags.py``) greps every ``"DBN0xx"``/``"DBN9xx"`` in
the sources and fails for one that is not documented here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import Comment, Location, Severity, Statement

__all__ = [
    "DIAGNOSTICS",
    "DiagnosticInfo",
    "DiagnosticSelection",
    "DirectiveSpan",
    "diagnostic_doc",
    "expand_diagnostic_selector",
    "lookup_diagnostic",
]


class DiagnosticInfo(Struct, frozen=True):
    """Documentation and defaults of one diagnostic code."""

    code: str
    name: str  # kebab-case, usable instead of the code
    severity: Severity  # what the emitting layer uses unless noted in ``what``
    summary: str  # one line
    what: str
    why: str
    example: str  # SQL or YAML that produces it
    silence: str  # how to make it go away (fix first, switch off second)
    fails_run: bool  # whether, at its default severity, it makes the run exit non-zero
    ignorable: bool = True  # False: the run cannot go on without the input
    #: Former names, still accepted wherever a name is (configs keep working).
    aliases: tuple[str, ...] = ()

    @property
    def hidden_by_default(self) -> bool:
        """Info notes are listed only under ``--verbose`` or when selected."""
        return self.severity is Severity.INFO


_SUPPRESS = (
    "Inline, in a comment of the statement: `-- dbnamelint: ignore[{code}] reason`; "
    "for a run: `--ignore {code}` (or `--ignore {name}`)."
)


def _entry(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    what: str,
    why: str,
    example: str,
    fix: str,
    *,
    fails_run: bool,
    ignorable: bool = True,
    aliases: tuple[str, ...] = (),
) -> DiagnosticInfo:
    silence = fix
    if ignorable:
        silence += " " + _SUPPRESS.format(code=code, name=name)
    else:
        silence += " It cannot be ignored: the run has nothing to check without it."
    if aliases:
        several = len(aliases) > 1
        silence += f" Its former name{'s' if several else ''} "
        silence += ", ".join(f"`{a}`" for a in aliases)
        silence += f" still work{'' if several else 's'} wherever a name does."
    return DiagnosticInfo(
        code, name, severity, summary, what, why, example, silence, fails_run, ignorable, aliases
    )


_ENTRIES = (
    _entry(
        "DBN000",
        "input-problem",
        Severity.WARNING,
        "A problem with the input that has no more specific code.",
        "Reports a problem with the input itself rather than with a name; only "
        "third-party layers that do not set a code produce it.",
        "The report must say when something was not read, so no code means no silence.",
        "(produced by plugins that report a problem without choosing a code)",
        "Read the message; it names what went wrong.",
        fails_run=False,
    ),
    _entry(
        "DBN001",
        "unterminated-input",
        Severity.WARNING,
        "A file ends inside a quoted string, comment or routine body.",
        "The statement splitter reached the end of the file while still inside a "
        "quote, a block comment, a dollar-quoted body or a BEGIN ... END block; the "
        "rest of the file is read as one statement.",
        "Names after the unterminated part may be missing from the model, so their "
        "rules were not applied.",
        "CREATE TABLE t (note text DEFAULT 'unterminated);",
        "Close the quote, comment or block.",
        fails_run=False,
    ),
    _entry(
        "DBN002",
        "missing-path",
        Severity.ERROR,
        "A path named on the command line or in the config does not exist.",
        "A file, folder or glob that was asked for matches nothing on disk.",
        "A typo in a path would otherwise pass the check by checking nothing.",
        "dbnamelint check migratoins/",
        "Fix the path. The run exits 2 (usage error).",
        fails_run=True,
        ignorable=False,
    ),
    _entry(
        "DBN003",
        "unreadable-file",
        Severity.ERROR,
        "A file could not be read as text (binary, undecodable or unreadable).",
        "The file exists but is not UTF-8 (or UTF-16 with a byte-order mark) text, "
        "or the operating system refused to read it; or a file named on the command "
        "line is not SQL: a code file (Go, Python, Java...) or a Prisma schema.",
        "Nothing in the file was checked.",
        "a .sql file saved in Latin-1 with a byte that is not valid UTF-8",
        "Re-save the file as UTF-8, or exclude it in the config (`exclude:`); name "
        "SQL files, not code (the DDL strings a change adds to code are judged by "
        "`check --base` and the hook). The run exits 3 (input error).",
        fails_run=True,
        ignorable=False,
    ),
    _entry(
        "DBN004",
        "unreadable-statement",
        Severity.ERROR,
        "A DDL statement could not be read.",
        "dbnamelint's DDL reader stopped inside a statement; the message names the "
        "statement kind, what was expected and what was found (and, when that is a "
        "quote another dialect uses for names, which dialects do: the file is likely "
        "read in the wrong dialect).",
        "Names the statement creates, renames or drops are missing from the model, "
        "so a wrong name there would pass unseen.",
        "CREATE TABLE (id int);  -- no table name",
        "Fix the SQL, or, when it is valid SQL we cannot read, report it as a bug.",
        fails_run=True,
    ),
    _entry(
        "DBN005",
        "unrecognised-statement",
        Severity.WARNING,
        "A statement is not SQL DDL the reader knows.",
        "The statement's first word does not start any DDL or DML dbnamelint knows, "
        "so the statement is skipped. It is an error (failing the run) when the word is "
        "a typo of CREATE, ALTER, DROP or RENAME (`did you mean CREATE?`), or when DDL "
        "follows it in the same statement: names were then not checked. Also a SQLite "
        "`CREATE VIRTUAL TABLE` of a module dbnamelint does not know (fts3, fts4, fts5, "
        "fts5vocab, rtree and rtree_i32 it knows): the table is read, its columns, "
        "which the module makes of its arguments, are not.",
        "Usually a typo or a client command (psql's `\\connect`) in a migration.",
        "CRATE TABLE users (id int);",
        "Fix the statement, or remove client commands from schema files.",
        fails_run=False,
    ),
    _entry(
        "DBN006",
        "template-placeholder",
        Severity.INFO,
        "A template placeholder stands where a name is written.",
        "Flyway/Liquibase `${name}`, Jinja/dbt/Go `{{ name }}`, MyBatis `#{name}` and "
        "SQLCMD `$(name)` are read as an unknown name: a schema written that way is "
        "unknown, an object named that way is not judged, the rest of the statement is "
        "read as usual.",
        "The real name is known only when the migration tool runs, so it cannot be checked.",
        "CREATE TABLE ${schema}.users (id int);",
        "Nothing to fix; select it (or use --verbose) to list the placeholders.",
        fails_run=False,
    ),
    _entry(
        "DBN007",
        "not-replayed",
        Severity.INFO,
        "A file (or Liquibase changeset) the walk found is one its migration tool never applies.",
        "In a Synapse schema folder (`full_schemas/<N>/` and `delta/<N>/` per data "
        "store), a new database gets the latest full schema and the deltas after it; "
        "older full schemas, deltas it already contains and deltas above "
        "`SCHEMA_VERSION` are left out of the replay, each with this note. Under a "
        "configured `dialect:`, so are the files of a folder named for another database "
        "with no dialect folder of its own (`db/migration/{h2,db2,oracle,...}`, Spring "
        "Boot's per-vendor Flyway locations), and dbmate's schema file (ending with "
        "`-- Dbmate schema migrations`) walked with the dbmate migrations it was dumped "
        "after. So is a Liquibase formatted-SQL changeset whose `dbms:` leaves out the "
        "database the file is read for (`-- changeset a:1 dbms:mysql` in a PostgreSQL "
        "tree), noted on its changeset line. So is each Flyway versioned migration at or "
        "below the version of its group's latest baseline migration (`V3__x.sql` beside "
        "`B5__baseline.sql`), and each older baseline: a new database runs the baseline "
        "instead (they are compared with it, `DBN026`).",
        "Their names are history (or not applied yet): replaying them would put "
        "dropped objects back in the model or old definitions over new ones.",
        "synapse/storage/schema/main/delta/58/00x.sql  -- full_schemas/72 contains it",
        "Nothing to fix; name the file on the command line to read it anyway. Listed "
        "only with `--verbose` or `--select DBN007`.",
        fails_run=False,
    ),
    _entry(
        "DBN008",
        "committed-file-not-checked",
        Severity.WARNING,
        "The pre-commit hook was given an SQL file the configured tree does not hold.",
        "`check --pre-commit FILES` reads the configured schema tree (`paths`, less "
        "`exclude`) and judges what the committed files change in it; a committed SQL "
        "file outside that tree, in a rollback folder, or left out by `exclude`, is not "
        "read. This note names it and why, so a passing hook is not taken for a verdict "
        "on it. The rollback of a migration the run read, in the `rollbacks/` folder "
        "beside it (where `migrate --write` puts it, or a hand-written one whose name "
        "starts with that migration's version), is expected not to be read: its "
        "note is an info note, listed only with `--verbose` or `--select DBN008`.",
        "`dbnamelint check FILE` checks the file on its own and reports its names; the "
        "hook passing the same commit in silence would say the opposite.",
        "SQL/mysql/2026010100.sql  -- with `paths: [SQL/mysql.initial.sql]`",
        "Add the file's folder to `paths` when it is part of the schema; leave it out "
        "with `exclude:` (the note still names it) or ignore the code when it is not.",
        fails_run=False,
    ),
    _entry(
        "DBN010",
        "object-redefined",
        Severity.INFO,
        "An object is created again under a name that already exists.",
        "A CREATE (or a rename) reuses the name of an object that exists at that point "
        "in the files; the new definition replaces the earlier one in the model, as "
        "`CREATE OR REPLACE` or a drop-and-recreate migration pair would.",
        "It is normal in migration trees (up and down files, per-dialect copies), so it "
        "is an info note: listed only with `--verbose` or `--select DBN010`.",
        "CREATE TABLE users (id int);\nCREATE TABLE users (id bigint);",
        "Nothing to fix when the redefinition is intended.",
        fails_run=False,
    ),
    _entry(
        "DBN011",
        "object-not-created",
        Severity.INFO,
        "A statement alters, renames or drops an object the files never create.",
        "An ALTER, RENAME, DROP, ATTACH or ADD names an object that does not exist at "
        "that point in the files. When the object was renamed earlier, the note says "
        "so: `renamed to X at file:line; this statement still uses the old name`.",
        "Either the files do not hold the whole schema (the object comes from elsewhere) "
        "or a migration refers to a name an earlier migration renamed away.",
        "ALTER TABLE users RENAME TO app_users;\nDROP INDEX users_email_idx;  -- fine\n"
        "ALTER TABLE users ADD COLUMN age int;  -- DBN011: users was renamed",
        "Use the current name; when the object is created outside these files, add "
        "those files to `paths`. Listed only with `--verbose` or `--select DBN011`.",
        fails_run=False,
    ),
    _entry(
        "DBN012",
        "procedure-call-not-read",
        Severity.INFO,
        "A CALL, or a statement running a routine whose body holds DDL, is not read.",
        "`CALL p(...)` runs whatever the procedure's body does; dbnamelint does not run "
        "procedures, so tables, indexes or constraints it creates, renames or drops are "
        "not in the model (`drift` against a live database shows the difference). "
        "A MySQL procedure created earlier in the same file whose body is plain DDL "
        "(with empty handlers and `IF ... THEN ... END IF` around it) naming none of its "
        "parameters is read at the CALL instead, with no note. When the procedure's body "
        "in the file holds other DDL, the note says so ('its body holds DDL'); so does "
        "one on a PostgreSQL statement running a function of the file whose body holds "
        "DDL (`SELECT mk()`, `PERFORM mk()` in a DO block, through another routine) or "
        "firing such a trigger (an INSERT on its table). The gate (`check --base`, the "
        "hook) makes such a statement new since the base an error, accepted by "
        "`-- dbnamelint: ignore[DBN012] <reason>` before it.",
        "Migrations sometimes wrap DDL in a procedure (MySQL has no `DROP INDEX IF "
        "EXISTS`), so a name can change without DDL in the files.",
        "CALL drop_index_if_exists('users', 'users_email_idx');",
        "Nothing to fix; write the DDL itself where you can. Listed only with "
        "`--verbose` or `--select DBN012`.",
        fails_run=False,
    ),
    _entry(
        "DBN013",
        "dynamic-ddl-not-read",
        Severity.WARNING,
        "An EXECUTE runs statement text that is not read.",
        "MySQL's `PREPARE s FROM @v; EXECUTE s`, PostgreSQL's `EXECUTE format(...)` "
        "in a `DO` block, or SQL Server's `EXEC(@sql)` or `sp_executesql`, runs text "
        "built when the script runs; dbnamelint does not "
        "evaluate it, so tables, columns, indexes or constraints that text creates, "
        "renames or drops are neither checked nor in the model (`drift` against a live "
        "database shows the difference). A warning, listed by default, "
        "when that text may name an object: a literal piece of it holds CREATE, ALTER, "
        "DROP or RENAME (PostgreSQL also SELECT ... INTO), or none of it is written in "
        "the file (a variable, a PREPARE in another file); the gate (`check --base`, the "
        "hook) makes it an error for a statement the change adds or edits, so a rename "
        "moved into dynamic SQL cannot pass it unread. Text whose pieces hold none "
        "of those (an UPDATE or ANALYZE built per table) gets an info note. Text the "
        "file spells out is read instead, with no note: `EXECUTE '<literal>'`, SQL "
        "Server's `EXEC('<literal>')` and `sp_executesql N'<literal>'`, MySQL's "
        "`SET @v = '<literal>'` or `PREPARE s FROM '<literal>'`, MySQL's `IF(condition, "
        "'<DDL>', 'SELECT 1')` or `CASE WHEN condition THEN ... ELSE ... END` (either "
        "order, also as `(SELECT IF(...) FROM ...)` or "
        "`SELECT IF(...) INTO @v`: the DDL read as run under a condition not evaluated, "
        "what the database would refuse, such as dropping a key not there, skipped), "
        "and the text `migrate` writes to rename a foreign key or check.",
        "A name made by text built at run time (`EXECUTE format('CREATE TABLE %I ...', "
        "'Audit' || 'Event')`) would otherwise pass every check, the gate included, "
        "in silence.",
        "SET @s = CONCAT('ALTER TABLE queue ADD ', 'priorityLevel', ' TINYINT');\n"
        "PREPARE st FROM @s;\nEXECUTE st;",
        "Spell the DDL out: as plain DDL (MariaDB has `ADD COLUMN IF NOT EXISTS`), "
        "`EXECUTE '<literal>'`, or MySQL's `IF(condition, '<DDL>', 'SELECT 1')`; when "
        "the text must be built, check its names by hand and accept it on the statement "
        "(`-- dbnamelint: ignore[DBN013] <reason>`; this is also how the gate lets it "
        "through). The info note is listed only with `--verbose` or `--select DBN013`.",
        fails_run=False,
        aliases=("prepared-statement-not-read",),
    ),
    _entry(
        "DBN014",
        "code-migration-not-read",
        Severity.INFO,
        "A migration folder holds migrations written in code, which are not read.",
        "goose runs `<version>_<name>.go` files beside its `.sql` ones, in one version "
        "order, and zgo.at/zdb projects register Go migrations named as their SQL ones "
        "(goatcounter's `db/migrate/gomig/2021-12-08-1-set-chart-text.go`), and Flyway "
        "runs Java or Kotlin classes (`V19__CreateJobRun.java` in a `db/migration*` "
        "package, or implementing `JavaMigration`) with the SQL files of the same "
        "classpath location, and Synapse's `prepare_database` runs the Python deltas "
        "(`delta/74/04_x.py`) of the versions it applies among their SQL ones; their "
        "schema changes are code, so the model has only what the SQL "
        "files do (it may start in the middle of the history). One note per folder, "
        "naming how many.",
        "Findings and `drift` then judge a partial model; the note says why a table a "
        "`.sql` file alters is 'not created in the files' (DBN011).",
        "db/migrations/00001_init.go  -- beside db/migrations/00002_users.sql",
        "Nothing to fix; a schema dump of the database (`check --db`) judges it whole. "
        "Listed only with `--verbose` or `--select DBN014`. In `check --base` and the "
        "hook these migrations are still history: an edited or deleted one is DBN025, a "
        "clashing or late version DBN016, and a new one whose strings hold DDL DBN013 "
        "(accepted by `// dbnamelint: ignore[DBN013] <reason>` in the file).",
        fails_run=False,
    ),
    _entry(
        "DBN015",
        "file-not-read",
        Severity.INFO,
        "A file with a SQL-like extension that a folder walk does not read.",
        "A walk reads `.sql` and `.ddl` files (any letter case), `.psql`/`.pgsql` "
        "(PostgreSQL), `.mysql` (MySQL), `.mssql`/`.tsql` (SQL Server), `x.sql.<dialect>`, "
        "golang-migrate's `.up.<dialect>` files and zgo.at/zdb's `.gotxt` migrations (a "
        "name starting with a digit). Any other file whose extension is "
        "SQL-like (`.hql`, `.plsql`, `.pls`/`.pks`/`.pkb`, `.sqlite`/`.sqlite3`, zdb's "
        "`schema.gotxt` and query templates) or whose "
        "extension follows a SQL one (`x.sql.j2`, `x.sql.tmpl`, `x.ddl.bak`, `x.sql.gz`) is "
        "passed over with one note per file, naming what it holds and how to read it. "
        "Rollback files (`*.down.sql`) a walk leaves out without a note (see docs/reading.md). "
        "Under `check --pre-commit`, every SQL-like file the hook passes that the run did "
        "not read gets the note too: one outside the configured `paths`, a rollback, a "
        "template; and one note says which untracked files under the paths it left out "
        "(it judges the tree the commit records), which files it read as staged because "
        "the working copy differs, and (a warning) which staged files are deleted from "
        "the working tree. A file or folder named on the command line that the config's "
        "`exclude:` leaves out stays out (a list of files still honours the config), with "
        "a warning naming the entry.",
        "Nothing the user wrote is skipped without a word: a schema in `schema.hql`, a "
        "template `tables.sql.j2` or a committed `scripts/fix.sql` outside the configured "
        "paths would otherwise pass the check by not being read.",
        "db/tables.sql.j2  -- beside db/001_init.sql",
        "To read it, add it or a glob (`db/**/*.sql.j2`) to `paths` in the config (with a "
        "`per_path` entry giving its dialect where the file's own is not PostgreSQL), or "
        "name it on the command line; to drop the note, `exclude` it. Listed only with "
        "`--verbose` or `--select DBN015`.",
        fails_run=False,
    ),
    _entry(
        "DBN016",
        "duplicate-or-out-of-order-migration",
        Severity.ERROR,
        "Two migrations in one folder claim the same version, or a new one sorts below "
        "one already committed.",
        "Two files of one folder start with the same version: Flyway "
        "`V2__a.sql` and `V2__b.sql` (`1.0` is `1`), golang-migrate "
        "`2_a.up.sql` and `2_b.up.sql`, or numbered files `003-x.sql` and "
        "`003-y.sql` (goose, dbmate, `migrate --layout numbered`); for zgo.at/zdb's dated "
        "names the version is the whole name without extension and dialect suffix "
        "(`2022-01-13-1-unfk`): `x.sql` beside `x.gotxt`, or `x-postgres.sql` beside "
        "`x-postgresql.sql`, are one migration zdb reads one file of (an error); the "
        "twins `x-postgres.sql` and `x-sqlite.sql` are not duplicates. Reported on the "
        "later file, naming the earlier. An error for Flyway and golang-migrate names "
        "(pop's too, in a Go module that runs pop: it runs only one of the two), "
        "for numbered names in a sqlx crate and for files marked `-- +goose Up` or "
        "`-- migrate:up` (dbmate); a warning for other numbered names (sql-migrate's "
        "`-- +migrate Up` files are both applied). In a folder the npm "
        "postgres-migrations runs (`<id>-x.sql`, its package in the nearest "
        "`package.json`), an error for a repeated id and for a missing one (`0069-x.sql` "
        "after `0066-y.sql`, or a file of id 0): the runner wants ids consecutive from 1 "
        "and refuses the folder either way ('Found a non-consecutive migration ID'). "
        "Copies that differ after the name's first "
        "dot (`.down.sql`, a dialect as in `.mysql.up.sql`) are not duplicates, nor "
        "are a Flyway baseline migration `B5__x.sql` and `V5__y.sql` (two `B5` are). "
        "In `check --base` and the pre-commit hook, also a migration new since the base "
        "whose version sorts below one already committed (`V1_5__x.sql` after `V2__y.sql`), "
        "as its runner treats it on databases past that version: an error where the runner "
        "refuses it (Flyway, `outOfOrder` off by default; goose; the Supabase CLI) or never "
        "applies it (golang-migrate, Authelia); where it applies it after the later ones "
        "(dbmate, sqlx, Diesel, Prisma, sql-migrate, pop, zdb), a warning when a later committed "
        "migration touches one of its tables, else an info note. "
        "Liquibase formatted SQL files (`-- liquibase formatted sql`) are never reported: "
        "Liquibase keys a changeset by author, id and file path, not by a number in the name.",
        "Flyway ('Found more than one migration with version 2'), golang-migrate "
        "('duplicate migration file'), goose ('duplicate version detected') and "
        "postgres-migrations ('Found a non-consecutive migration ID', a gap too) refuse "
        "such a folder, dbmate never applies both (one `schema_migrations` row per "
        "version), and the order dbnamelint replays the two in is a guess. It "
        "happens when two branches each added the next number and merged cleanly.",
        "db/V2__add_orders.sql\ndb/V2__add_items.sql  -- DBN016",
        "Renumber one of the two files (and its `.down.sql`); a new migration below a "
        "committed one: give it a version above the committed ones.",
        fails_run=True,
        aliases=("duplicate-migration-version",),
    ),
    _entry(
        "DBN017",
        "merge-conflict",
        Severity.ERROR,
        "A file holds an unresolved git merge conflict.",
        "Git's conflict markers (`<<<<<<<`, `=======`, `>>>>>>>`, and `|||||||` in "
        "diff3 style) start lines of the file: two branches changed the same lines "
        "(two `migrate --write` runs gave one migration name). One error per conflict, "
        "at its `<<<<<<<` line; the side before `=======` is read, the markers and the "
        "other side are not.",
        "No migration tool can run the file, and what it will hold once resolved is "
        "unknown: a check that passed on it would mean nothing.",
        "<<<<<<< HEAD\nCREATE TABLE b (id int);\n=======\nCREATE TABLE c (id int);\n"
        ">>>>>>> feature",
        "Resolve the conflict (keep the right side, delete the marker lines). The run "
        "exits 3 (input error).",
        fails_run=True,
        ignorable=False,
    ),
    _entry(
        "DBN018",
        "read-by-view",
        Severity.ERROR,
        "A column, table or view that a view reads is dropped, or a column given another type.",
        "`ALTER TABLE t DROP COLUMN c` (without `CASCADE`) or `ALTER TABLE t ALTER COLUMN "
        "c TYPE x` while a view of the files reads `c`: its body names the column (as it "
        "is called now or was called before a rename), or it selects `*` from `t` and was "
        "made after `c` (PostgreSQL expands the `*` then). On PostgreSQL the body is bound "
        "as PostgreSQL binds it (the dependencies pg_depend records): a `*` covers its own "
        "query level's tables, a bare name the innermost level's table having it; a name "
        "a source of unknown columns (derived table, CTE, function) may hold is a "
        "warning. A compatibility view that "
        "`migrate` left for a renamed table is such a view until the cleanup. An error on "
        "PostgreSQL ('cannot drop column c of table t because other objects depend on "
        "it', 'cannot alter type of a column used by a view or rule') and, for the drop, "
        "on SQLite ('error in view v after drop column'), which refuse the statement: the "
        "model keeps the column. A warning on MySQL/MariaDB, which drop the column and "
        "leave the view failing on every use (ERROR 1356). Also, on PostgreSQL, `DROP "
        "TABLE`, `DROP VIEW` or `DROP MATERIALIZED VIEW` (without `CASCADE`) of a relation "
        "a view outside the statement reads, directly or through other views ('cannot "
        "drop view old because other objects depend on it'), a compatibility view that "
        "`migrate --cleanup` drops included: the model keeps it. With `CASCADE` the views "
        "go too. MariaDB takes such a DROP (its `CASCADE` does nothing) and SQLite too; "
        "the view then fails on use, and is not reported.",
        "The migration fails on the database (or, on MariaDB, every query of the view "
        "fails afterwards) while the files look fine.",
        "CREATE TABLE sessions (id int, issued text);\n"
        "CREATE VIEW session_ids AS SELECT * FROM sessions;\n"
        "ALTER TABLE sessions DROP COLUMN issued;  -- DBN018",
        "Drop the view before the statement and create it again after it (PostgreSQL: "
        "or `DROP ... CASCADE`, which drops the view for good); a view reading a "
        "compatibility view: re-create it over the table's new name first "
        "(`CREATE OR REPLACE VIEW`).",
        fails_run=True,
        aliases=("column-read-by-view",),
    ),
    _entry(
        "DBN019",
        "column-after-compatibility-view",
        Severity.WARNING,
        "A column is added to a table after the compatibility view of its old name.",
        "`migrate` leaves a view under a renamed table's old name (until the cleanup); a "
        "later migration adds a column to the table. The view does not show it: "
        "PostgreSQL and MySQL/MariaDB fix a view's columns when it is created (`*` "
        "included; SQLite expands a `*` at each use, so a `*` view there is not reported).",
        "Code still using the old name cannot read or write the new column (MariaDB: "
        "ERROR 1054 Unknown column) while the files and `drift` look fine.",
        "ALTER TABLE bookmark RENAME TO bookmarks;\n"
        "CREATE VIEW bookmark AS SELECT * FROM bookmarks;\n"
        "ALTER TABLE bookmarks ADD COLUMN archived int;  -- DBN019",
        "Re-create the view in the migration that adds the column (`CREATE OR REPLACE "
        "VIEW`), or move the code still using the old name first (`dbnamelint impact`).",
        fails_run=False,
    ),
    _entry(
        "DBN020",
        "unused-suppression",
        Severity.WARNING,
        "An inline `dbnamelint: ignore` excuses nothing.",
        "A suppression comment lists a code that no finding or diagnostic of its "
        "statement has (as ruff's RUF100 unused `noqa`).",
        "Left-over suppressions would silently excuse a future mistake on that statement.",
        "CREATE TABLE app_users (id int);  -- dbnamelint: ignore[DBN101]",
        "Delete the suppression (or the codes in it that excuse nothing). It fails the run.",
        fails_run=True,
    ),
    _entry(
        "DBN021",
        "malformed-suppression",
        Severity.WARNING,
        "A `dbnamelint:` comment is not a valid suppression.",
        "A comment starts a directive with `dbnamelint:` but is not "
        "`dbnamelint: ignore[CODE,...] reason` or `dbnamelint: ignore`, or names an "
        "unknown code.",
        "The author meant to suppress something, and nothing was suppressed.",
        "CREATE TABLE t (id int);  -- dbnamelint: ignroe[DBN101]",
        "Correct the directive. Like an unused one, it fails the run.",
        fails_run=True,
    ),
    _entry(
        "DBN022",
        "table-ddl-on-view",
        Severity.ERROR,
        "A statement that works on tables only is written against a view.",
        "`ALTER TABLE v ADD COLUMN`, `ADD CONSTRAINT`, `ALTER COLUMN ... TYPE` (MySQL: "
        "`MODIFY`/`CHANGE`), `DROP COLUMN`, `CREATE INDEX ... ON v` or a `CREATE TRIGGER` a "
        "view cannot have, where `v` is a view of the files (not a materialized one): "
        "PostgreSQL ('ALTER action ADD COLUMN cannot be performed on relation \"v\"', 'cannot "
        'create index on relation "v"\', \'"v" is a view\' for a FOR EACH ROW BEFORE/AFTER '
        "trigger), MySQL/MariaDB (ERROR 1347: 'v' is not of type 'BASE TABLE', also for "
        "`RENAME COLUMN` and every trigger; `ALTER TABLE v RENAME TO` too, not reported: it "
        "reads as `RENAME TABLE`, which works on a view) and SQLite ('Cannot add a column to "
        "a view', 'views may not be indexed', also `RENAME COLUMN`, `ALTER TABLE v RENAME TO`"
        " and BEFORE/AFTER triggers) refuse the statement, so the model leaves the view "
        "unchanged. A compatibility view that `migrate` left under a renamed table's old name"
        " is such a view until the cleanup: the message names the table to write instead. "
        "PostgreSQL's `ALTER TABLE v RENAME [COLUMN]`, `ALTER COLUMN ... SET DEFAULT`, "
        "INSTEAD OF and FOR EACH STATEMENT triggers work on a view and are not reported.",
        "The migration fails on the database while the files look fine, and the model "
        "would otherwise show the column or index on the view.",
        "ALTER TABLE project RENAME TO projects;\n"
        "CREATE VIEW project AS SELECT * FROM projects;\n"
        "ALTER TABLE project ADD COLUMN archived boolean;  -- DBN022",
        "Write the table's name (for a compatibility view, the table's new name), or "
        "drop the view and create it again after the change.",
        fails_run=True,
    ),
    _entry(
        "DBN023",
        "separate-databases",
        Severity.WARNING,
        "Another migration folder creates a table that stands: two databases read as one.",
        "A `CREATE TABLE t` (not temporary) in one migration folder while the `t` a file "
        "of another folder created still stands: no database runs both, since CREATE "
        "TABLE of an existing table fails (PostgreSQL 'relation already exists', MySQL "
        "error 1050, SQLite 'table t already exists'); with `IF NOT EXISTS` a database "
        "holding `t` skips it, so its definition is never checked. Such folders are "
        "separate databases kept in one tree (a monorepo's services, sqlx's `examples/`). "
        "A folder is the file's own, or the one above Diesel's `up.sql` and Prisma's "
        "`migration.sql`.",
        "Read as one database, the later definition replaces the earlier table, so the "
        "names a later migration of the first folder gives that table are not checked "
        "and fix targets collide across the databases.",
        "apps/billing/migrations/0001_init.sql: CREATE TABLE users (id int);\n"
        "apps/todos/migrations/0001_init.sql:   CREATE TABLE users (id int);  -- DBN023",
        "Name each database's folders under the config's `databases:` (`databases: "
        "{billing: [apps/billing], todos: [apps/todos]}`): each is then read and checked "
        "as its own database. When one file is a dump of the other's result, leave it out "
        "with `exclude:`. Each skipped IF NOT EXISTS definition also gets an info note; "
        "in `check --base` and the hook one new since the base is an error (accepted by "
        "`-- dbnamelint: ignore[DBN023] <reason>` before it); in a DDL string new code "
        "adds (a listmonk or Django migration's), one giving a name the standing table "
        "lacks is, as a database without the table gets that name (accepted by "
        "`// dbnamelint: ignore[DBN023] <reason>` in the file).",
        fails_run=False,
    ),
    _entry(
        "DBN025",
        "migration-edited",
        Severity.ERROR,
        "A pull request edits, deletes or renames a migration already committed at the "
        "base (`check --base`, the pre-commit hook).",
        "A file a migration tool applies (what `migrate` tells layouts by: Flyway "
        "`V<n>__x.sql` and baseline `B<n>__x.sql`, golang-migrate, Diesel, Prisma, goose, "
        "dbmate, sql-migrate, Liquibase formatted SQL, sqlx, sqitch `deploy/`, "
        "postgres-migrations, timestamped or numbered files; goose's and zdb's Go "
        "migrations; a step of a Go migration list, `var migrations = []migration{...}`) "
        "exists at the base and reads differently now (reported at its first changed "
        "line) or is gone: deleted, or renamed, which most tools take for a new "
        "migration (reported at its old path, line 1). Not for schema dumps "
        "(`structure.sql`, pg_dump/mysqldump output, dbmate's "
        "`schema.sql`), Flyway repeatable `R__x.sql`, Liquibase changesets added to a "
        "file or marked `runOnChange:true`, numbered files under a `schema/` folder, "
        "edits of comments or layout only (not for sqlx, whose checksum is of the text, "
        "nor postgres-migrations, whose hash is of the file name and text: a comment or "
        "a space is an edit there; nor Flyway's versioned SQL migrations, whose checksum "
        "is a CRC32 of the lines: a comment or a space is an edit there, a blank line or "
        "a line ending is not), a sqitch change reworked in the same change, or a "
        "Rails migration deleted (its version stays in schema_migrations and a new "
        "database loads the dump the gate reads: Rails' guides let old migrations be "
        "pruned; an edited one is DBN025). "
        "An info note, not failing, for a migration renumbered or deleted whose version "
        "was a duplicate at the base (golang-migrate, goose and Flyway refuse such a folder; "
        "dbmate applied only the first by name), and for a rename in its folder keeping the "
        "version and SQL for golang-migrate, goose, dbmate and pop (they record only the "
        "version).",
        "An applied migration is history: every database that ran it keeps what it "
        "created (Flyway, Liquibase, sqlx, Prisma and postgres-migrations refuse a changed "
        "checksum). Renaming "
        "a legacy table in its CREATE and deleting the whitelist entry would pass the "
        "gate and count as migrated while no database changed.",
        "-- db/001_init.sql, committed with CREATE TABLE alert\nCREATE TABLE alerts (id int);",
        "Restore the file and write a new migration, one that drops what a deleted one "
        "created (`dbnamelint migrate` writes renames). "
        "When the folder is not applied history (scripts that build a fresh database "
        "each time), opt out in the config: `ignore: [DBN025]`, or a `per_path` entry "
        "with `ignore: [DBN025]` for that folder.",
        fails_run=True,
    ),
    _entry(
        "DBN026",
        "baseline-differs",
        Severity.ERROR,
        "A Flyway baseline migration does not make the schema the versioned migrations "
        "it stands for leave.",
        "`B5__baseline.sql` stands for every versioned migration up to version 5: a new "
        "database runs it instead of them, a database migrated before it ran them. Those "
        "migrations are replayed on their own and compared with the baseline object by "
        "object, as `drift` compares the files with a database: one error per object only "
        "the baseline makes (at its line there), only they leave (at the line of the "
        "migration that named it last), or that the two name differently.",
        "Two kinds of database would hold different names while the model shows one: "
        "a name only older databases hold is never checked, and a baseline that spells a "
        "legacy name the new way would pass as a rename that no database made.",
        "-- V1__init.sql\nCREATE TABLE tbl_user (id int);\n"
        "-- B1__baseline.sql\nCREATE TABLE users (id int);  -- DBN026",
        "Make the baseline the schema those migrations leave, and make any change in a new "
        "versioned migration above it (it runs on every database). When the difference is "
        "the reader's (a statement it cannot read), ignore the code for the migrations' "
        "folder with a `per_path` entry (`ignore: [DBN026]`).",
        fails_run=True,
    ),
    _entry(
        "DBN027",
        "file-in-two-databases",
        Severity.ERROR,
        "A file the config's `databases:` lists under two databases.",
        "A file matches the folders or globs of two databases (`databases:`, or "
        "`per_path` items with `database:`); said once per pair of entries, at the "
        "later one's config line, naming the earlier one and the files.",
        "Each database is its own replay, and a file is read into one: the first that "
        "lists it, so the other database would lack its objects. Replaying it into both is "
        "no exact answer either: each database's runner decides when it runs the file "
        "among its own migrations, which the tree does not say.",
        "databases:\n  billing: [apps/billing, common]\n"
        "  todos: [apps/todos, common]   # DBN027: common/ is listed twice",
        "List the file under one database. A folder both databases run (a shared "
        "`common/`) is a database of its own: name it under `databases:` (`common: "
        "[common]`); its objects are then checked once, and its rename migrations go into "
        "that folder, which both run. The run exits 2 (a configuration error), and no "
        "whitelist entry is judged stale.",
        fails_run=True,
        ignorable=False,
    ),
    _entry(
        "DBN028",
        "gone-name-used",
        Severity.ERROR,
        "A migration uses a name an earlier migration of its folder renamed away or dropped.",
        "An ALTER, DROP, RENAME, ATTACH, COMMENT, GRANT, a foreign key's REFERENCES, a "
        "view's FROM, an INSERT, UPDATE or DELETE or the like names a table, view, index, "
        "sequence or other object by the name it had before an earlier statement of the "
        "same migration folder renamed it, or names a table or view an earlier statement "
        "dropped (DROP TABLE/VIEW, or with a CASCADE), and no object of that name exists "
        "there now (no compatibility view or new object took it, the table was not created "
        "again). Every database refuses it: PostgreSQL 'relation \"x\" does not exist', "
        "MySQL/MariaDB ERROR 1146 'Table ... doesn't exist', SQLite 'no such table'. The "
        "message says which: 'renamed to y at file:line' or 'dropped at file:line'. Each "
        "such statement is reported, once (a run of data statements on one table is one "
        "use). `IF EXISTS` forms the database skips are not reported (DROP TABLE IF "
        "EXISTS, ALTER TABLE IF EXISTS, PostgreSQL's DROP TRIGGER/POLICY IF EXISTS ... ON "
        "t), nor a drop the database refused (a view or another table's foreign key "
        "still depends on it). A use from another migration folder (another app's "
        "database, a snapshot kept beside its upgrades) is DBN011's info note instead.",
        "The hook and the gate passed a migration that fails on the database: the rename "
        "or drop was committed earlier, and the new migration was written against the old "
        "schema.",
        "ALTER TABLE audit_log_entries RENAME TO audit_logs;\n"
        "ALTER TABLE audit_log_entries ADD COLUMN ip text;  -- DBN028\n"
        "DROP TABLE sessions;\n"
        "INSERT INTO sessions (id) VALUES (1);  -- DBN028",
        "Write the object's current name (the message names it and where it was renamed), "
        "or add a compatibility view of the old name with `migrate` if code still needs "
        "it; for a dropped table, create it again before the statement, or remove the "
        "statement.",
        fails_run=True,
        aliases=("renamed-name-used",),
    ),
    _entry(
        "DBN029",
        "prisma-schema-differs",
        Severity.ERROR,
        "A Prisma schema maps a table, column or enum its migrations do not leave.",
        "For each Prisma migrations folder (`migrations/<name>/migration.sql`), the "
        "tables, columns and enum types its migrations leave, replayed in order, are "
        "compared with the schema beside it (`schema.prisma`, a `package.json`'s "
        '`"prisma": {"schema": ...}`, or a folder of `*.prisma` files): a model is the '
        "table of its `@@map` name or its own, a scalar field the column of its `@map` "
        "name or its own, an enum the type of its `@@map` name or its own (PostgreSQL, "
        "CockroachDB). A name the schema maps that the migrations renamed, a name they "
        "never create or drop, and a table or column no model or field maps to are each "
        "an error: at the model, field or enum line, naming the migration that renamed "
        "it and the `@@map`/`@map` to write, or, for a table no model maps, where the "
        "migrations named it. Not compared: schemas listing `schemas = [...]`, MongoDB.",
        "`prisma migrate dev` writes the next migration as the difference between the "
        "schema and the migrations: a table a hand-written migration renamed while the "
        "model still maps the old name comes back as DROP TABLE of the renamed table and "
        "CREATE TABLE of the old name, and its rows are lost.",
        '-- prisma/migrations/20240201000000_rename/migration.sql\nALTER TABLE "Team" '
        'RENAME TO "teams";\n-- prisma/schema.prisma: model Team { id Int @id }  -- DBN029',
        'Map the model or field to the name the migrations leave (`@@map("teams")`, '
        '`@map("team_name")`), or write the migration `prisma migrate dev` asks for; '
        "to keep one difference on purpose, write `// dbnamelint: ignore[DBN029] reason` "
        "on or above its line in the .prisma file (or `-- dbnamelint: ignore[DBN029]` on "
        "the migration statement adding an unmapped column); the gate refuses each newly "
        "silenced one (DBN908). `--ignore DBN029` (or a `per_path` ignore of the schema "
        "file) silences them all.",
        fails_run=True,
    ),
    _entry(
        "DBN030",
        "view-on-compatibility-view",
        Severity.ERROR,
        "A new view reads a compatibility view.",
        "`CREATE VIEW` or `CREATE MATERIALIZED VIEW` whose `FROM`/`JOIN` (a subquery's "
        "too) names a compatibility view: the view `migrate` left under a renamed "
        "table's old name, reading the table, until the cleanup drops it. The database "
        "takes the CREATE, and the model keeps the view.",
        "`migrate --cleanup` then drops the compatibility view: PostgreSQL refuses that "
        "DROP VIEW ('cannot drop view old because other objects depend on it', DBN018), "
        "so the cleanup cannot run; MariaDB and SQLite take it and the new view fails on "
        "every use. It passes every check until then.",
        "ALTER TABLE project RENAME TO projects;\n"
        "CREATE VIEW project AS SELECT * FROM projects;\n"
        "CREATE VIEW report AS SELECT * FROM project;  -- DBN030",
        "Write the table's new name (`FROM projects`).",
        fails_run=True,
    ),
    _entry(
        "DBN031",
        "reference-not-made",
        Severity.WARNING,
        "MySQL 8 ignores REFERENCES written in a column's definition.",
        "`parent_id INT REFERENCES p (id)` in `CREATE TABLE` or `ADD COLUMN`, read as "
        'the `mysql` dialect (MySQL 8.0 and 8.4): the server "parses but ignores inline '
        'REFERENCES specifications" (MySQL manual, CREATE TABLE), so no foreign key and '
        "no index is made, and the model has none (MySQL 9.0 and MariaDB 10.5 make one: "
        "the `mariadb` dialect reads it as a key).",
        "The table has no referential integrity where its author wrote one, and the "
        "naming rules for foreign keys and their indexes never see a name.",
        "CREATE TABLE c (id int, parent_id int REFERENCES p (id));  -- DBN031",
        "Write the key as a table constraint: `FOREIGN KEY (parent_id) REFERENCES p "
        "(id)`, named by `CONSTRAINT fk_...` when your standard names keys.",
        fails_run=False,
    ),
    _entry(
        "DBN032",
        "ddl-file-not-checked",
        Severity.ERROR,
        "A change adds DDL to a file the gate does not read.",
        "In `check --base` and the pre-commit hook, a SQL file the change adds or edits "
        "that the run does not read (outside the configured `paths`, left out by an "
        "`exclude` the config at the base did not have, or in a rollback folder without "
        "being the rollback of a migration the run read) and that holds DDL its copy at "
        "the base did not: a statement that creates, renames or drops an object the reader "
        "models, an `ALTER TABLE` action, DDL the reader could not read, or dynamic DDL "
        "(`DBN013`); comments, string literals, roles and extensions do not count. The "
        "error is at the first such statement. Any other such file keeps its `DBN008` "
        "warning: queries, inserts and fixtures beside the schema, and files an "
        "`exclude` already at the base leaves out. Also a Rails migration "
        "`db/migrate/<version>_x.rb` the change adds beside a `db/structure.sql` the run "
        "reads whose `INSERT INTO schema_migrations` list lacks that version: the dump "
        "was not regenerated, so what the migration makes was never read (the error is "
        "at its `class` line).",
        "A migration tool pointed at that folder makes what the file holds, yet no rule "
        "read its names: a new migrations folder outside `paths` would pass the gate "
        "whatever it names.",
        "go/migrations/extra/00001_a.up.sql  -- CREATE TABLE auth.session (...);\n"
        "-- with `paths: [go/migrations/postgres]`",
        "Add the folder to `paths` (and to a `databases:` entry if it runs on a database "
        "of its own) so its names are checked with the schema. If the file is not a "
        "migration, accept it with `-- dbnamelint: ignore[DBN032] <reason>` before the "
        "statement the error points at, or leave it out with `exclude:` in a change of "
        "its own. For a Rails migration, run `bin/rails db:migrate` (with "
        "`schema_format = :sql`) and commit `db/structure.sql`. `ignore: [DBN032]` added "
        "to the config in the same change is `DBN909`.",
        fails_run=True,
    ),
    _entry(
        "DBN033",
        "rollback-not-checked",
        Severity.WARNING,
        "A change adds a rollback that makes a name no migration makes.",
        "In `check --base` and the pre-commit hook, a rollback the change adds or edits "
        "(golang-migrate's `003_x.down.sql`, Diesel's `down.sql`, Flyway's `U3__x.sql`, a "
        "file in a `rollbacks/` folder, a sqitch `revert/` script) that the run does not "
        "read and that holds a statement new since the base creating, or renaming to, a "
        "name no migration the run read names (makes, renames or drops). One warning "
        "per file, at the first such statement; a rollback that only drops or renames "
        "back gets none.",
        "Rollbacks are never replayed, so no rule reads their names; a database rolled "
        "back holds what the rollback made. It is a warning, not an error: a rollback "
        "restores the names its migration changed, legacy ones included, by design.",
        'db/migrations/003_x.down.sql  -- CREATE TABLE "BadName" (id int);',
        "Check the names by hand; move DDL that does not undo its migration into a "
        "forward migration. `include_down_migrations: true` reads rollbacks with the "
        "schema.",
        fails_run=False,
    ),
    _entry(
        "DBN034",
        "foreign-key-kept",
        Severity.WARNING,
        "MariaDB keeps a foreign key that DROP CONSTRAINT was to drop.",
        "`ALTER TABLE t DROP CONSTRAINT fk, ...` read as the `mariadb` dialect, where `fk` "
        "is a foreign key and the statement runs with `ALGORITHM=COPY`: written so, or "
        "forced by an `ADD ... FOREIGN KEY` in the same statement while "
        "`foreign_key_checks` is on (the model follows the file's `SET "
        "foreign_key_checks`). MariaDB 10.11 runs the statement and leaves the key; the "
        "model keeps it too. `DROP FOREIGN KEY fk` drops it; so does `DROP CONSTRAINT` "
        "of a CHECK or UNIQUE key, or of a foreign key in an in-place ALTER.",
        "The author meant the key gone: it still constrains the table, and its name is "
        "still in the database for later migrations and the rules.",
        "ALTER TABLE kids DROP CONSTRAINT kids_parent_fk,\n"
        "  ADD CONSTRAINT fk_kids_parents FOREIGN KEY (parent_id) REFERENCES parents (id);"
        "  -- DBN034",
        "Write `DROP FOREIGN KEY kids_parent_fk` (MySQL's own spelling for a foreign key).",
        fails_run=False,
    ),
    _entry(
        "DBN035",
        "prisma-join-table",
        Severity.INFO,
        "A Prisma implicit many-to-many table, whose names are not judged.",
        "A table of a Prisma migrations folder that its `schema.prisma` makes as the "
        "join table of an implicit many-to-many relation: two list fields pointing at "
        "each other's models (`tags Tag[]` and `orders Order[]`), named `_` and the "
        "relation's name, else `_<A>To<B>` of the two models in order, with columns `A` "
        "and `B`. Its names and those of its columns, keys and indexes are Prisma's: no "
        "finding is reported on them, one note per table says so, and a whitelist entry "
        "naming one is stale.",
        "No `@@map` renames such a table: a migration renaming it makes the next `prisma "
        "migrate dev` drop it, with its rows (the links), and create it again.",
        'CREATE TABLE "_OrderToTag" ("A" TEXT NOT NULL, "B" TEXT NOT NULL);  -- DBN035',
        "To give it another name, make the relation explicit: a model for the join "
        "table with `@@map`, and a migration moving the rows.",
        fails_run=False,
    ),
    _entry(
        "DBN036",
        "statement-not-run",
        Severity.WARNING,
        "drizzle's SQLite migrator never runs this statement.",
        "A statement after the first of one piece of a drizzle-kit migration (the text "
        "between two `--> statement-breakpoint` lines) read as SQLite: drizzle's migrator "
        "sends each piece by itself, and libsql runs only a piece's first statement, "
        "while better-sqlite3 refuses the piece. The statement is left out of the model, "
        "as the database never gets it.",
        "Its DDL never reaches the database: a rename in it leaves the old name, and a "
        "whitelist entry pruned for it is lost.",
        "ALTER TABLE `maintenance` ADD `note_text` text;\n"
        "ALTER TABLE `maintenance` RENAME COLUMN `from` TO `maintenance_from`;  -- DBN036",
        "Put `--> statement-breakpoint` after each statement (drizzle-kit writes them), "
        "in a new migration: an applied one ran as it is.",
        fails_run=False,
    ),
    _entry(
        "DBN037",
        "renamed-in-routine",
        Severity.ERROR,
        "A column the change renames is still named by a trigger routine of its table.",
        "In `check --base` and the pre-commit hook: a migration of the change renames a "
        "column (`ALTER TABLE t RENAME COLUMN a TO b`) while a trigger of `t` runs a "
        "routine whose body, as the files leave it, still names `NEW.a` or `OLD.a` (a "
        "PostgreSQL trigger function, a MySQL or MariaDB trigger body). A body is text "
        "looked up when it runs, so the rename succeeds and the next INSERT or UPDATE of "
        'the table fails (PostgreSQL: \'record "new" has no field "a"\'). SQLite '
        "rewrites trigger bodies on a rename: not reported there.",
        "Every write of the table breaks once the migration is deployed, while every "
        "check of the migration itself passes.",
        'ALTER TABLE user_requests RENAME COLUMN "mockExamples" TO mock_examples;  -- DBN037\n'
        "-- sync_mock_examples(), run by a trigger of user_requests, assigns "
        'NEW."mockExamples"',
        "Re-create the routine with the new name in the same migration (`CREATE OR "
        "REPLACE FUNCTION`; MySQL: drop and create the trigger).",
        fails_run=True,
    ),
    _entry(
        "DBN099",
        "internal-read-error",
        Severity.ERROR,
        "The DDL reader crashed on a statement.",
        "An unexpected error inside dbnamelint while reading one statement; the "
        "statement is skipped and the rest of the run goes on.",
        "It is a bug in dbnamelint, and the statement's names were not checked.",
        "(any statement that triggers a bug)",
        "Report it with the statement; meanwhile the run fails.",
        fails_run=True,
    ),
    _entry(
        "DBN900",
        "stale-whitelist-entry",
        Severity.ERROR,
        "A whitelist entry excuses nothing any more.",
        "The object the entry names is gone, was renamed, or now complies with the "
        "rules the entry lists.",
        "The whitelist may only shrink; a stale entry would excuse the name again if "
        "someone re-created it.",
        "- kind: table\n  name: usr   # table renamed to app_users",
        "Delete the entry (`dbnamelint whitelist prune`). Pointed at the entry's line "
        "in whitelist.yaml.",
        fails_run=True,
        ignorable=False,
    ),
    _entry(
        "DBN901",
        "whitelist-growth",
        Severity.ERROR,
        "A pull request added or widened a whitelist entry (`check --base`).",
        "The whitelist at the base REF does not have this entry, or the entry now "
        "excuses more rules than it did at the base, or more objects (a scope key such "
        "as `database:` deleted), or it was edited to follow its "
        "object's rename to a name other than its target. It is reported on the entry's "
        "line in the whitelist, not as a problem with the SQL.",
        "The whitelist records legacy names only; a new name should comply instead.",
        "- kind: table\n  name: new_tbl   # added in the pull request",
        "Fix the new name instead, or pass `--allow-whitelist-growth` (then it is a "
        "warning) when a legacy object really was missing from the whitelist.",
        fails_run=True,
        ignorable=False,
    ),
    _entry(
        "DBN902",
        "renamed-off-plan",
        Severity.ERROR,
        "A whitelisted object was renamed to something else than its entry's target.",
        "The whitelist entry plans a target name (`target:`); the object was renamed, "
        "but not to that name. Reported at the rename, naming the entry.",
        "The plan in the whitelist and the schema disagree: the burn-down would count "
        "the entry as done while the name still is not the planned one.",
        "- kind: table\n  name: usr\n  target: access_users\n"
        "# migration: ALTER TABLE usr RENAME TO users;",
        "Rename the object to the planned target, or change the entry's target.",
        fails_run=True,
        ignorable=False,
    ),
    _entry(
        "DBN903",
        "whitelist-entry-dropped",
        Severity.ERROR,
        "A pull request deleted a whitelist entry whose object still breaks its rules.",
        "`check --base` (and the pre-commit hook) found an entry at the base that is gone "
        "now, while the object it excused still breaks the rules it listed, or while a "
        "copy of the object (a schema kept for several databases) still has the old name "
        "another copy was renamed from.",
        "Deleting the entry instead of fixing the name turns a legacy name into a new "
        "finding that nobody planned, or loses a copy's rename plan.",
        "(delete the entry for table usr without renaming usr)",
        "Rename the object (to the entry's target), or restore the entry.",
        fails_run=True,
        ignorable=False,
    ),
    _entry(
        "DBN904",
        "base-note",
        Severity.WARNING,
        "Something at the base revision could not be used as it is (`check --base`).",
        "A note on how the tree at the base was read, for instance a config at the base "
        "that could not be loaded, so the current one was used.",
        "The gate compares with the base; the note says where that comparison is weaker.",
        "(a dbnamelint.yaml at the base that no longer loads)",
        "Read the message; usually nothing to do.",
        fails_run=False,
    ),
    _entry(
        "DBN905",
        "base-whitelist-unreadable",
        Severity.ERROR,
        "The whitelist at the base revision cannot be read (`check --base`).",
        "The gate cannot tell which findings were excused at the base or whether the "
        "whitelist grew. With `--allow-whitelist-growth` it is a warning.",
        "The gate's answer would otherwise rest on a guess.",
        "(a whitelist.yaml at the base with a YAML syntax error)",
        "Compare against a base whose whitelist is valid, or pass --allow-whitelist-growth.",
        fails_run=True,
        ignorable=False,
    ),
    _entry(
        "DBN906",
        "whitelist-not-judged",
        Severity.WARNING,
        "Whitelist staleness was not checked: only part of the tree was read.",
        "Paths on the command line read part of the configured tree; an entry whose "
        "object is outside them would look stale, so no entry is judged.",
        "Says that stale entries may exist although none was reported.",
        "dbnamelint check db/module-ws/",
        "Run without paths to check the whole tree and the whitelist.",
        fails_run=False,
    ),
    _entry(
        "DBN907",
        "history-unavailable",
        Severity.WARNING,
        "Phase progress could not be computed from git history.",
        "The markdown report's rename progress needs the whitelist's history; the "
        "repository is shallow or the history could not be read.",
        "Without it the progress table would show zeros instead of the real burn-down.",
        "(actions/checkout with its default fetch-depth: 1)",
        "Fetch the whole history ('git fetch --unshallow', 'fetch-depth: 0', 'GIT_DEPTH: 0').",
        fails_run=False,
    ),
    _entry(
        "DBN908",
        "suppression-growth",
        Severity.ERROR,
        "A pull request silenced a finding with an inline suppression (`check --base`).",
        "A `-- dbnamelint: ignore` comment silences a finding that no suppression "
        "silenced at the base REF: a new name, or a legacy one moved out of the "
        "whitelist into a comment. Reported where the name is written.",
        "An inline suppression is an exception like a whitelist entry; exceptions may "
        "only shrink, or the gate could be passed by commenting the finding away.",
        "-- dbnamelint: ignore[DBN105]\nCREATE TABLE order_item (id int);",
        "Fix the name, or pass `--allow-whitelist-growth` (then it is a warning) when "
        "the exception is agreed.",
        fails_run=True,
        ignorable=False,
    ),
    _entry(
        "DBN909",
        "config-relaxed",
        Severity.ERROR,
        "A pull request changed the config so that a finding is, or would be, no longer raised "
        "(`check --base`).",
        "The base's config, run over the changed tree, raises a finding the current "
        "config does not raise at all: a rule turned off, a `per_path` ignore added, an "
        "option widened, a path left out. Reported on the config file, once per "
        "change that hides findings, at that change: naming the object and where it "
        "is written, or, when it hides several, their count and the first few (JSON "
        "keeps each one in the diagnostic's `details`). A change that hides nothing "
        "yet is one too: a rule or refused diagnostic that failed the run under the "
        "base's config and no longer does (ignored, switched off, its severity below "
        "`fail_on`, left out of `select` or `extends`, a `per_path` ignore for new "
        "patterns) is reported at the key that relaxes it. The pre-commit hook also "
        "refuses a commit that relaxes the dbnamelint hook's own arguments in "
        "`.pre-commit-config.yaml` "
        "(`--ignore`, `--select`, `--exit-zero`...: pre-commit runs the hook with the "
        "config being committed); `check --base` says so as a warning. Rule code "
        "the change adds or edits (a `local_rules` entry, or a listed module whose "
        "text differs from the base's) is reported at the config's `local_rules`, "
        "and not run: the change is judged with the base's local rules.",
        "Relaxing the standard in the same change as a name that breaks it would pass "
        "the gate unseen.",
        "rules:\n  DBN105: off   # added with CREATE TABLE order_item",
        "Restore the rule or fix the name, or pass `--allow-whitelist-growth` (then it "
        "is a warning) when the relaxation is agreed.",
        fails_run=True,
        ignorable=False,
    ),
    _entry(
        "DBN910",
        "bad-whitelist-target",
        Severity.ERROR,
        "A whitelist entry's `target:` itself breaks an active rule, or is another "
        "entry's target for another object.",
        "The entry's target is judged the way fix targets are: as the database will "
        "store it, by every active rule, on the renamed table for a column, index or "
        "constraint whose table has a target too. Reported on the entry's `target:` "
        "line, naming the rules; `migrate` refuses to plan such a target, with the "
        "same reason.",
        "The rename `migrate` writes from the target would only be reported as a new "
        "finding one pull request later, when the generated migration is committed.",
        "- kind: table\n  name: task\n  target: '\"TaskZ\"'   # not snake_case, not plural",
        "Write a target that passes the rules (`check --no-whitelist` shows the "
        "suggested one), or remove the `target:` line.",
        fails_run=True,
        ignorable=False,
    ),
    _entry(
        "DBN911",
        "whitelist-entry-rule-off",
        Severity.WARNING,
        "Whitelist entries excuse only rules the config does not run.",
        "Entries whose `rules:` name only rules that are off (`DBN105: false`, a pack "
        "change, a `select` that leaves them out) excuse nothing and are never stale. "
        "One warning per group of rules, on the first entry's line, naming how many "
        "entries, the rules and a few of them. Not reported under `--select`/`--ignore`.",
        "A relaxation of the standard would otherwise leave its entries in place "
        "silently, and `burndown` would keep counting them as names left to fix.",
        "rules:\n  table-name-singular: false   # 9 entries still excuse DBN105",
        "Delete the entries if the rule is off for good (`whitelist prune` does not: "
        "they are not stale), or turn the rule back on.",
        fails_run=False,
    ),
    _entry(
        "DBN912",
        "done-phase-with-entries",
        Severity.WARNING,
        "A whitelist phase says `status: done` while entries of it are left.",
        "A phase marked `status: done` (by hand, or kept from a branch) to which "
        "whitelist entries still belong. One warning per such phase, on its `status:` "
        "line, naming how many entries are left and the first few.",
        "`burndown` reports the phase's entries as left while its status says done, and "
        "`whitelist add` no longer offers the phase: the plan's record and its file "
        "disagree, silently.",
        'phases:\n  - {id: "3", title: Workspace tables, status: done}\nentries:\n'
        '  - {kind: table, name: ws_configs, phase: "3", target: ws_cfg_sys}',
        "Rename what is left (`migrate --phase 3`, then `whitelist prune`, which marks "
        "the phase done itself once it empties it), or set the status back to `open` or "
        "`in-progress`.",
        fails_run=False,
    ),
    _entry(
        "DBN913",
        "copy-not-renamed",
        Severity.ERROR,
        "A copy of a whitelisted object still has the old name while another copy was renamed.",
        "A schema kept for several databases (one migration folder per dialect, or "
        "separate databases an entry without `database:` names) has one entry for "
        "every copy of its object. One copy was renamed (to the entry's target), "
        "another still carries the entry's name, even if that copy's rules never "
        "flagged it (`groups` is reserved in MySQL, not in SQLite). Reported on the "
        "entry's line, naming both copies and the `migrate` run (`--dialect`, "
        "`--database`) that writes the rename left. The entry is not stale while a "
        "copy is left: `whitelist prune` keeps it and says why.",
        "Code the copies share expects the new name: the copy left behind breaks at "
        "run time, and pruning the entry would lose that copy's rename plan.",
        "db/db_mysql/migrations/2_rename.sql: RENAME TABLE `groups` TO `target_groups`;\n"
        "db/db_sqlite3/migrations: (no rename yet)",
        "Write the other copy's rename (`dbnamelint migrate --phase ID --dialect sqlite "
        "--write`), then `dbnamelint whitelist prune`.",
        fails_run=True,
    ),
    _entry(
        "DBN917",
        "liquibase-change-type-not-read",
        Severity.INFO,
        "A Liquibase changeset holds change types the reader does not read (`customChange`...).",
        "A `.xml`/`.yaml`/`.yml`/`.json` changelog in the walk holds a changeset that "
        "Liquibase runs on the configured database with change types that make or name "
        "schema objects but are not read (`customChange`, `mergeColumns`, "
        "`addLookupTable`, `dropAllForeignKeyConstraints`...). `createTable`, `addColumn`, "
        "`rename*`, `drop*`, `createIndex`, `add*Constraint`, views, sequences and `sql` "
        "are read; data changes (`insert`, `loadData`...) and changes that name nothing "
        "(`addNotNullConstraint`, `modifyDataType`...) are passed over. One note per such "
        "changeset, on its line, naming those change types and the tables they name. A "
        "changelog that is not well-formed gets one note at line 1. Rails' `db/schema.rb` "
        "gets the same note at each statement its reader does not read (a gem's "
        "`create_function`, `execute`...).",
        "What those changes make is missing from the model: its names are not checked, "
        "and later SQL that alters it gets `DBN011`.",
        "- changeSet: {id: '001', author: x, changes: [{customChange: {class: x.Fill}}]}",
        "Write the change as formatted SQL, a `sql` change or a `sqlFile` to have it read. "
        "Listed only with `--verbose` or `--select DBN917`.",
        fails_run=False,
    ),
)

#: Every diagnostic code, keyed by code, in code order.
DIAGNOSTICS: Mapping[str, DiagnosticInfo] = MappingProxyType({e.code: e for e in _ENTRIES})
_BY_NAME: Mapping[str, DiagnosticInfo] = MappingProxyType(
    {name: e for e in _ENTRIES for name in (e.name, *e.aliases)}
)
_PREFIX = lazy_compile(r"[A-Za-z]+[0-9]*")


def lookup_diagnostic(key: str) -> DiagnosticInfo | None:
    """The entry a code (any case) or kebab-case name stands for, if any."""
    wanted = key.strip()
    return DIAGNOSTICS.get(wanted.upper()) or _BY_NAME.get(wanted.lower())


def expand_diagnostic_selector(selector: str) -> frozenset[str]:
    """Diagnostic codes a selector stands for: ``ALL``, a code, a name or a prefix.

    Returns an empty set when the selector names no diagnostic (it may name
    a rule instead; the caller decides whether that is an error).
    """
    key = selector.strip()
    if key.upper() == "ALL":
        return frozenset(DIAGNOSTICS)
    found = lookup_diagnostic(key)
    if found is not None:
        return frozenset({found.code})
    if _PREFIX.fullmatch(key):
        return frozenset(c for c in DIAGNOSTICS if c.startswith(key.upper()))
    return frozenset()


#: What the gate refuses in a change besides the whitelist itself: an inline
#: suppression added, a config relaxed, a committed migration edited.
GATE_CODES = frozenset({"DBN025", "DBN908", "DBN909"})
#: Problems with inline suppressions themselves.
SUPPRESSION_CODES = frozenset({"DBN020", "DBN021"})
#: Errors after which names may be missing from the model: a file or statement
#: not read (or read past a merge conflict, or crashing the reader). A silenced
#: duplicate version (DBN016) or refused statement (DBN018, DBN022) loses no name.
UNREAD_CODES = frozenset({"DBN003", "DBN004", "DBN005", "DBN017", "DBN099"})
#: Errors about what a later `migrate --cleanup` meets (DBN030: a view reading
#: a compatibility view): the model is whole and the database took every
#: statement, so `migrate` plans (the cleanup judges them itself) and `drift`
#: compares; `check`, the hook and the gate report them.
CLEANUP_CODES = frozenset({"DBN030"})


def diagnostic_category(code: str) -> str:
    """``gate`` (:data:`GATE_CODES`), ``whitelist`` (the other DBN9xx),
    ``suppression`` (DBN020, DBN021) or ``input`` (everything else).

    Reports group by it, so a whitelist that grew or a config that was
    relaxed is never called a problem with the SQL.
    """
    if code in GATE_CODES:
        return "gate"
    if code.startswith("DBN9"):
        return "whitelist"
    if code in SUPPRESSION_CODES:
        return "suppression"
    return "input"


def close_diagnostics(key: str) -> list[str]:
    """Codes and names close to a mistyped ``key``, for "did you mean" hints."""
    candidates = [*DIAGNOSTICS, *_BY_NAME]
    return difflib.get_close_matches(key.strip(), candidates, n=3, cutoff=0.6)


class DiagnosticSelection(Struct, frozen=True):
    """Which diagnostics a run lists, from ``--select``/``--ignore``/``--verbose``.

    ``selected`` is None when no selector named a diagnostic code: then every
    diagnostic except info notes is listed. When selectors did name some,
    only those are listed, plus every error (an unreadable statement must
    never vanish because a ``--select`` was about rules). ``ignored`` codes
    are dropped unless the code cannot be ignored.
    """

    selected: frozenset[str] | None = None
    ignored: frozenset[str] = frozenset()
    show_info: bool = False  # --verbose

    def lists(self, code: str, severity: Severity) -> bool:
        """Whether a diagnostic with ``code`` and ``severity`` is reported."""
        info = DIAGNOSTICS.get(code)
        if info is not None and not info.ignorable:
            return True
        if code in self.ignored:
            return False
        if self.selected is not None and code in self.selected:
            return True
        if severity is Severity.INFO:
            return self.show_info
        return self.selected is None or severity is Severity.ERROR

    def hides(self, code: str) -> bool:
        """Whether an unlisted info note with ``code`` was hidden by default
        (and is worth counting) rather than switched off by the user."""
        return self.selected is None and code not in self.ignored


def selection_from(
    select: Iterable[str], ignore: Iterable[str], *, verbose: bool = False
) -> DiagnosticSelection:
    """A selection from command-line selectors (those naming no diagnostic are skipped)."""
    chosen: set[str] = set()
    for selector in select:
        chosen |= expand_diagnostic_selector(selector)
    dropped: set[str] = set()
    for selector in ignore:
        dropped |= expand_diagnostic_selector(selector)
    return DiagnosticSelection(
        frozenset(chosen) if chosen else None, frozenset(dropped), show_info=verbose
    )


def with_command_line(
    config: DiagnosticSelection,
    select: Iterable[str],
    ignore: Iterable[str],
    *,
    verbose: bool = False,
) -> DiagnosticSelection:
    """The config's selection with the command line's on top, as ruff layers them.

    A ``--select`` naming diagnostics starts over from exactly what it names
    (the config's ``ignore`` included); otherwise ``--ignore`` adds to the
    config's.
    """
    cli = selection_from(select, ignore, verbose=verbose)
    if cli.selected is not None:
        return cli
    return DiagnosticSelection(config.selected, config.ignored | cli.ignored, verbose)


def diagnostic_doc(info: DiagnosticInfo) -> str:
    """Full text for ``dbnamelint rules CODE``, in the rules' heading style."""
    fails = "yes" if info.fails_run else "no"
    hidden = "; listed only with --verbose or when selected" if info.hidden_by_default else ""
    example = "\n".join("    " + line for line in info.example.splitlines())
    return (
        f"{info.code} {info.name}\n"
        f"diagnostic; default severity: {info.severity.value}; fails the run: {fails}{hidden}\n\n"
        f"{info.summary}\n\n"
        f"## What it does\n\n{info.what}\n\n"
        f"## Why is this reported?\n\n{info.why}\n\n"
        f"## Example\n\n{example}\n\n"
        f"## How to silence it\n\n{info.silence}\n"
    )


class DirectiveSpan(Struct, frozen=True, array_like=True):
    """A statement that carries a ``dbnamelint:`` comment, and the lines it covers.

    Diagnostics point into a statement but are not attached to an object, so
    an inline suppression of one is matched by position: the directive
    comments of the statement whose lines hold the diagnostic.
    """

    start: Location  # the statement's first character
    last_line: int
    comments: tuple[Comment, ...]

    def covers(self, location: Location) -> bool:
        """Whether ``location`` lies inside the statement."""
        return (
            location.path == self.start.path and self.start.line <= location.line <= self.last_line
        )


def directive_span(statement: Statement) -> DirectiveSpan | None:
    """The span of ``statement`` when one of its comments mentions ``dbnamelint``.

    A marked comment written before the statement covers the lines from it
    down: what lies between holds only comments and client commands, such as
    a psql ``\\ir file`` whose note (``DBN013``) the comment accepts."""
    marked = tuple(c for c in statement.comments if "dbnamelint" in c.text.lower())
    if not marked:
        return None
    last = statement.location.line + statement.text.count("\n")
    first = min(marked, key=lambda c: c.location.line).location
    start = first if first.line < statement.location.line else statement.location
    return DirectiveSpan(start, last, marked)
