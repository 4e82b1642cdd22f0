"""Code migrations read as the SQL their tool runs, for ``paths:``.

A project whose whole schema history is migrations written in its
framework's own API holds no SQL file: Laravel's
``database/migrations/*.php`` (``Schema::create``...), Django's
``<app>/migrations/0001_initial.py`` (``CreateModel``...), Alembic's
``versions/*.py`` (``op.create_table``...), and Knex's, Kysely's and
Sequelize's ``migrations/*.js``/``.ts`` (``knex.schema.createTable``,
``db.schema.createTable(...).execute()``, ``queryInterface.createTable``:
:mod:`dbnamelint.kysely_schema`, :mod:`dbnamelint.knexseq_schema`). A folder of such migrations
named in ``paths:`` (``dbnamelint init`` writes them), or one such file, is
read as migrations: each file as the SQL the gate already reads for it
(:mod:`dbnamelint.laravel_schema`, :mod:`dbnamelint.django_ops`,
:mod:`dbnamelint.alembic_ops`: the SQL the tool's schema builder emits, each
name at the call that writes it), and the raw SQL strings its forward step
runs (``DB::statement``, ``RunSQL``, ``op.execute``); never ``down()``,
``downgrade()``, ``reverse_sql``.

In the tool's own order (:func:`ordered`):

- Laravel: the file names' order (``Migrator::getMigrationFiles`` sorts the
  names of every path: ``database/migrations/2024_01_01_000000_x.php``);
- TypeORM: the timestamp its class name ends with (TypeORM 1.1's
  ``MigrationExecutor.getMigrations``: ``parseInt`` of the last 13
  characters of the instance's ``name``, else of the class's name, sorted
  by number; a stable sort, so equal ones keep file order): ``name =
  'Init1700000000000'`` in the class body names it, whatever the file is called;
- Knex, Kysely, Sequelize: the file names' order too (knex 3.1
  ``lib/migrations/migrate/sources/fs-migrations.js``: ``sortBy(migrations,
  'file')``; kysely 0.28 ``Migrator``: the names sorted with
  ``localeCompare``; sequelize-cli's umzug: the folder's names sorted);
- Django: the dependency graph (``MigrationLoader`` builds it from each
  migration's ``dependencies`` across apps; ``migrate`` applies a migration
  after those it depends on); migrations no edge orders keep file order;
- Alembic: the ``down_revision`` chain (``ScriptDirectory.walk_revisions``:
  a revision runs after the one(s) it names; a merge names several).

What is not read is said, never skipped in silence: a builder call or
operation these readers do not know, and a statement whose name the code
computes (a variable, an f-string), get a ``DBN013`` note at the call
(a warning, as dynamic SQL's in a .sql file: the gate refuses a new one).
A ``# dbnamelint: ignore[DBN013] <reason>`` (``//`` in PHP) comment on the
call's line or right above it (above the first line of a call spread over
several lines: :func:`dbnamelint.services.inline_accept.accepted_at`)
accepts it (the note stays, as info); any
other ``dbnamelint:`` comment is the directive of the SQL written for the
call below it (``ignore[DBN201] <reason>``), as in a .sql file.
"""

from __future__ import annotations

import ast
import functools
import heapq
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from dbnamelint import python_trees
from dbnamelint.code_ddl_text import (
    DdlString,
    ddl_strings,
    for_database,
    may_make_names,
    runs_statements,
    sql_view,
    statement_head,
)
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import Diagnostic, Location, Severity
from dbnamelint.positions import LineIndex

if TYPE_CHECKING:
    from dbnamelint.kysely_schema import _Tok

__all__ = [
    "code_migration_kind",
    "code_migration_text",
    "left_out",
    "migration_files",
    "operations_spans",
    "ordered",
]

DYNAMIC_CODE = "DBN013"
#: A string that starts a SQL statement (after blanks and comments) and is
#: more than a word (``sa.Enum("update", ...)``'s values are not statements).
_STATEMENT = lazy_compile(
    r"\s*(?:--[^\n]*(?:\n|\Z)\s*|/\*.*?\*/\s*)*"
    r"(CREATE|ALTER|DROP|RENAME|COMMENT|INSERT|UPDATE|DELETE|GRANT|REVOKE|TRUNCATE|"
    r"DO|REPLACE|CALL|SET|PRAGMA)\s+\S",
    re.IGNORECASE | re.DOTALL,
)
_DDL_HEADS = frozenset({"CREATE", "ALTER", "DROP", "RENAME", "COMMENT"})
#: The word after a statement's head (past comments), for :func:`_statement`.
_WORD_AFTER = lazy_compile(r"(?:\s|--[^\n]*(?:\n|\Z)|/\*.*?\*/)*([A-Za-z_]+)", re.DOTALL)
#: Laravel's migrator takes ``*_*.php`` of its paths (``Migrator::getMigrationFiles``).
_LARAVEL_NAME = lazy_compile(r"^[^.][^/]*_[^/]*\.php$", re.IGNORECASE)
#: A module-level ``def``/``class``/decorator line: where an Alembic
#: revision's ids have been assigned (its template's order), a cut that never
#: falls inside an expression (see :func:`_alembic_ids`).
_TOP_LEVEL_BLOCK = lazy_compile(r"^(?:@|def\s|async\s+def\s|class\s)", re.MULTILINE)
_T = TypeVar("_T")


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""


#: Knex's, Kysely's and Sequelize's (umzug's) migrations: JavaScript or
#: TypeScript (Knex's default ``loadExtensions`` hold ``.js``, ``.cjs``, ``.ts``;
#: a ``.d.ts`` declares types).
_JS_SUFFIXES = (".js", ".cjs", ".mjs", ".ts", ".cts", ".mts")
#: The tools whose migrations :mod:`dbnamelint.kysely_schema` and
#: :mod:`dbnamelint.knexseq_schema` read (``shadow_text``).
JS_KINDS = frozenset({"knex", "kysely", "sequelize", "db-migrate", "node-pg-migrate", "typeorm"})


def _js_kind(name: str, text: str) -> str | None:
    """``"kysely"``, ``"knex"``, ``"sequelize"``, ``"db-migrate"``,
    ``"node-pg-migrate"`` or ``"typeorm"`` for a migration of that tool: a
    file exporting ``up`` (``exports.up``, ``export async function up``,
    ``module.exports = { up }``, umzug's ``async up({ context })``), or
    TypeORM's class (:func:`dbnamelint.typeorm_schema.is_typeorm_class`)."""
    if name.endswith((".d.ts", ".d.mts", ".d.cts")) or name.startswith((".", "_", "~")):
        return None
    from dbnamelint import knexseq_schema
    from dbnamelint.kysely_schema import _KYSELY, _UP

    if _UP.search(text) is None:
        # a migration a factory defined elsewhere builds (module.exports =
        # addTable(...), trial s39 ghost), named as a migration: read as
        # Knex's, whose reader finds nothing and says so (DBN013), never skipped
        return "knex" if name[:1].isdigit() and _factory_built(text) else None
    from dbnamelint.typeorm_schema import is_typeorm_class

    if is_typeorm_class(text):
        return "typeorm"  # its QueryRunner calls: dbnamelint.typeorm_schema
    if _KYSELY.search(text) is not None:
        return "kysely"
    from dbnamelint import dbmigrate_schema

    # db-migrate's up(db, callback) and node-pg-migrate's up(pgm): their
    # builders (dbnamelint.dbmigrate_schema), db.runSql / pgm.sql strings
    return dbmigrate_schema.migration_tool(text) or knexseq_schema.migration_tool(text)


def _factory_built(text: str) -> bool:
    """Whether JS/TS ``text`` exports a migration a function it does not
    define builds (:func:`dbnamelint.js_handoff.built_elsewhere`)."""
    if "export" not in text:
        return False
    from dbnamelint.js_handoff import _defined, built_elsewhere
    from dbnamelint.kysely_schema import _tokens

    toks = _tokens(text)
    return bool(built_elsewhere(toks, _defined(toks)))


def code_migration_kind(path: str, text: str) -> str | None:
    """``"laravel"``, ``"django"``, ``"alembic"``, ``"knex"``, ``"kysely"``
    or ``"sequelize"`` for a migration file of that tool at ``path``
    (``/``-separated) holding ``text``; else None."""
    lower = path.lower()
    name = lower.rsplit("/", 1)[-1]
    if lower.endswith(_JS_SUFFIXES):
        return _js_kind(name, text)
    if lower.endswith(".cs"):
        return "efcore" if is_efcore_migration(path, text) else None
    if lower.endswith(".php"):
        from dbnamelint.laravel_schema import is_laravel_migration

        return "laravel" if is_laravel_migration(path, text) else None
    if not lower.endswith(".py") or name.startswith(("_", "~")):
        return None
    # the whole text: a marker past a fixed cut (a Django class after big
    # RunPython helpers) must not make the file silently no migration
    parent = lower.rsplit("/", 2)[-2] if "/" in lower else ""
    from dbnamelint.django_vendor import defines_migration

    if parent == "migrations" and defines_migration(text):
        return "django"
    from dbnamelint.impact.migration_code import is_alembic_revision, is_alembic_shaped

    if not is_alembic_revision(path, text):
        return None
    if _alembic_ids(text) is not None:
        return "alembic"
    # a revision Python cannot parse is still Alembic's: read, it is a DBN004
    # error (python_syntax_error), never a file silently left out
    return "alembic" if is_alembic_shaped(text) and _parse_fails(text) else None


#: EF Core's generated files beside a migration: its ``<id>.Designer.cs``
#: (the target model) and the ``<Context>ModelSnapshot.cs``: no ``Up``.
_EF_NOT_MIGRATION = (".designer.cs", "modelsnapshot.cs")
#: EF Core's migration file name (``dotnet ef migrations add``: ``<id>.cs``,
#: the id ``<14-digit timestamp>_<Name>``).
EF_FILE = lazy_compile(r"^\d{14}_\w+\.cs$")


def is_efcore_migration(path: str, text: str) -> bool:
    """Whether C# file ``path`` holding ``text`` is an EF Core migration
    whose ``Up`` EF runs: a class overriding ``Up(MigrationBuilder ...)``
    (of ``Migration``, or of a project base deriving from it), neither its
    Designer file nor the model snapshot."""
    from dbnamelint.code_builders import builder_kind

    lower = path.lower()
    if lower.endswith(_EF_NOT_MIGRATION) or "void Up" not in text:
        return False
    return (
        builder_kind(path, text) == "efcore"
        and re.search(r"\bvoid\s+Up\s*\(\s*MigrationBuilder\b", text) is not None
    )


def efcore_id(path: Path, text: str) -> str:
    """EF Core's id of migration ``path`` (holding ``text``): the
    ``[Migration("<id>")]`` attribute of its class, in the file or in its
    ``<stem>.Designer.cs`` (where ``dotnet ef`` writes it), else the file's
    stem (the id ``dotnet ef`` names it by). EF runs migrations in their
    ids' order (``MigrationsAssembly.Migrations``: ``orderby id``), which the
    ids' leading 14-digit timestamps decide."""
    from dbnamelint.code_builders import CS_MIGRATION_ID

    found = CS_MIGRATION_ID.search(text)
    if found is None:
        designer = path.with_name(path.name[: -len(".cs")] + ".Designer.cs")
        found = CS_MIGRATION_ID.search(_read(designer)) if designer.is_file() else None
    return found.group("id") if found is not None else path.name[: -len(".cs")]


def migration_files(folder: Path) -> tuple[str, list[Path]] | None:
    """The tool and the migration files (name order) of ``folder`` when it
    is a folder of code migrations of one tool (its own files only, as the
    tools read them: Laravel's and Alembic's default, a Django migrations
    package), else None."""
    try:
        names = sorted(p.name for p in folder.iterdir() if p.is_file())
    except OSError:
        return None
    found: dict[str, list[Path]] = {}
    for name in names:
        lower = name.lower()
        if lower.endswith(".php") and not _LARAVEL_NAME.match(name):
            continue
        if not lower.endswith((".php", ".py", ".cs", *_JS_SUFFIXES)) or name == "__init__.py":
            continue
        path = folder / name
        kind = code_migration_kind(path.as_posix(), _read(path))
        if kind is not None:
            found.setdefault(kind, []).append(path)
    if len(found) > 1 and set(found) <= JS_KINDS:
        # one JavaScript tool's folder: a Knex migration that only runs
        # knex('t').update(...) has no builder call that tells Knex from
        # Sequelize; the folder is the tool most of its files show
        kind = max(found, key=lambda k: len(found[k]))
        return kind, sorted((p for group in found.values() for p in group), key=lambda p: p.name)
    if len(found) != 1:
        return None
    ((kind, files),) = found.items()
    return kind, files


#: The suffixes of each tool's migration files (what its runner loads).
_TOOL_SUFFIXES = {
    "laravel": (".php",),
    "django": (".py",),
    "alembic": (".py",),
    "efcore": (".cs",),
}


def left_out(folder: Path, kind: str, taken: Sequence[Path]) -> list[str]:
    """The names of the files of ``folder`` with ``kind``'s suffixes that its
    runner would load but :func:`migration_files` did not take (Alembic loads
    every ``*.py`` of ``versions`` but ``__init__``, Django every module of
    the package not starting ``_``/``~``): said by ``init``, never silently
    fewer files than the folder holds."""
    suffixes = _TOOL_SUFFIXES.get(kind, _JS_SUFFIXES)
    names = {p.name for p in taken}
    try:
        here = sorted(p.name for p in folder.iterdir() if p.is_file())
    except OSError:
        return []
    return [
        n
        for n in here
        if n.lower().endswith(suffixes)
        and n not in names
        and not n.startswith((".", "_", "~"))
        and not n.lower().endswith((".d.ts", ".d.mts", ".d.cts"))
        and not (kind == "laravel" and not _LARAVEL_NAME.match(n))
        # EF Core's generated Designer files and model snapshot run nothing
        and not (kind == "efcore" and n.lower().endswith(_EF_NOT_MIGRATION))
    ]


def python_syntax_error(path: str, text: str) -> Diagnostic | None:
    """A ``DBN004`` error at the syntax error of the Python migration
    ``text`` (Django's, Alembic's) that the ``ast`` of the Python dbnamelint
    runs on cannot parse (a PEP 701 f-string of Python 3.12 read by 3.11, a
    plain syntax error); None when it parses. Every reader of such a file
    (:mod:`dbnamelint.django_ops`, :mod:`dbnamelint.alembic_ops`) gives up on
    it, so nothing it makes is checked or in the model: said, never skipped
    (``ast.parse`` raises ``SyntaxError`` with ``lineno``/``offset``, 1-based)."""
    import sys

    try:
        python_trees.module_tree(text)
    except SyntaxError as error:
        version = ".".join(str(n) for n in sys.version_info[:3])
        line = error.lineno or 1
        column = max(error.offset or 1, 1)
        return Diagnostic(
            Location(path, line, column),
            Severity.ERROR,
            f"could not read this Python migration: Python {version}'s parser (the Python "
            f"dbnamelint runs on) says {error.msg}; nothing the migration makes is checked "
            "or in the model. Fix the syntax, or run dbnamelint on the Python the project "
            "runs (a newer Python reads newer syntax: Python 3.12's f-strings, PEP 701)",
            "DBN004",
        )
    except ValueError as error:  # a NUL byte in the source
        return Diagnostic(
            Location(path, 1, 1),
            Severity.ERROR,
            f"could not read this Python migration: {error}; nothing the migration makes is "
            "checked or in the model",
            "DBN004",
        )
    return None


def _span_of(tree: ast.Module, name: str, text: str) -> tuple[int, int] | None:
    """The span of module-level function ``name`` of ``text`` (its lines)."""
    index = LineIndex(text)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            end = text.find("\n", index.offset(node.end_lineno or node.lineno, 1))
            return index.offset(node.lineno, 1), len(text) if end < 0 else end
    return None


def code_migration_text(
    path: str, text: str, family: str = "postgres", *, sniffing: bool = False
) -> tuple[str, list[Diagnostic]] | None:
    """As :func:`_code_migration_text` (a run asks twice a file: its SQL, its notes)."""
    found = _converted(path, text, family, sniffing)
    return None if found is None else (found[0], list(found[1]))


@functools.lru_cache(maxsize=16)
def _converted(
    path: str, text: str, family: str, sniffing: bool = False
) -> tuple[str, tuple[Diagnostic, ...]] | None:
    found = _code_migration_text(path, text, family, sniffing)
    return None if found is None else (found[0], tuple(found[1]))


def _laravel_on(text: str, family: str, sniffing: bool) -> str:
    """Laravel migration ``text``, its builder calls laid as SQL
    (:func:`~dbnamelint.laravel_schema.shadow_text`), with the branches on
    the connection's driver that a database of ``family`` does not take
    blanked (:mod:`dbnamelint.laravel_drivers`; trial s42 koel: the SQLite
    rebuild of a table entered the MySQL model); ``sniffing``: every branch
    some database does not take, as they say nothing of the project's
    database. A branch inside a builder closure is laid with the call and
    stays read. The gate judges the branches left out on the databases that
    take them (:func:`dbnamelint.services.code_ddl.code_guards`, the same
    spans)."""
    from dbnamelint.laravel_drivers import DRIVERS, unrun_spans
    from dbnamelint.php_platforms import blanked

    families = tuple(DRIVERS) if sniffing else (family,)
    return blanked(text, [span for one in families for span in unrun_spans(text, one)])


def _code_migration_text(
    path: str, text: str, family: str = "postgres", sniffing: bool = False
) -> tuple[str, list[Diagnostic]] | None:
    """``text``, the code migration at ``path`` (as shown), as the SQL its
    forward step runs on a database of ``family`` (``postgres``, ``mysql``,
    ``sqlite``), of ``text``'s line count (each name on the line of the call
    that writes it), and the ``DBN013`` notes for what is not read; None
    for a file that is no code migration (:func:`code_migration_kind`).
    ``sniffing``: the SQL that shows the file's database, without a Django or
    Alembic string in a branch on the database (``if isinstance(bind.dialect,
    MySQLDialect):``, :func:`~dbnamelint.django_vendor.vendor_guards`): one
    database's branch says nothing of which one the project runs (trial s36
    superset: one MySQL ``ALTER TABLE ... MODIFY`` branch made every revision
    MySQL's, its ``key VARCHAR(50)`` read as an index)."""
    kind = code_migration_kind(path, text)
    if kind is None:
        return None
    index = LineIndex(text)
    notes: list[Diagnostic] = []

    lines = text.split("\n")

    def note(at: int, severity: Severity, message: str, where: LineIndex = index) -> None:
        line, column = where.line_col(at)
        if _accepted(lines, line):
            # reviewed: stays a note, which the gate does not refuse
            severity, message = Severity.INFO, message + ACCEPTED
        notes.append(Diagnostic(Location(path, line, column), severity, message, DYNAMIC_CODE))

    if kind in ("django", "alembic"):
        unparsed = python_syntax_error(path, text)
        if unparsed is not None:
            notes.append(unparsed)
    source = text
    spans: list[tuple[int, int]] = []
    if kind == "laravel":
        from dbnamelint.laravel_schema import _up_bodies, shadow_text

        source, unread = shadow_text(path, text, mysql=family == "mysql")
        source = _laravel_on(source, family, sniffing)
        for call in unread:
            note(
                call.start,
                Severity.WARNING,
                f"this Laravel Schema builder call ({call.call}) is not read: a name it makes "
                "is neither checked nor in the model (`drift --db` lists it as only in the "
                "database). In a new migration, write it with the builder calls dbnamelint "
                "reads (see docs/diagnostics.md) or in DB::statement. An applied migration "
                "must not "
                "change (DBN025): check its names by hand and accept the call with a "
                "`// dbnamelint: ignore[DBN013] <reason>` comment on the line above (an edit "
                "of comments passes the gate), and name what it makes under the config's "
                "`database_ignore:` (`column:<name>`, `index:<name>`) for `drift`",
            )
        spans = _up_bodies(source)
    if kind in JS_KINDS:
        from dbnamelint.kysely_schema import shadow_text as js_shadow_text

        source, unread_calls = js_shadow_text(
            path, text, mysql=family == "mysql", sqlite=family == "sqlite"
        )
        from dbnamelint.js_handoff import handed_off

        # the handle passed to a function defined elsewhere: its DDL unread (trial s35)
        unread_calls += handed_off(path, text)
        from dbnamelint.js_context_calls import context_calls

        # a schema helper up() takes from its context object (trial s39 n8n)
        unread_calls += context_calls(path, text)
        # db-migrate, Knex, TypeORM
        tool = kind if "-" in kind else "TypeORM" if kind == "typeorm" else kind.capitalize()
        for call in unread_calls:
            note(
                call.start,
                Severity.WARNING,
                # a call read as what it does (TypeORM's refused on MySQL): why
                f"this {tool} schema builder call ({call.call}): {call.why}"
                if call.why
                else f"this {tool} schema builder call ({call.call}) is not "
                "read: a name it makes is neither checked nor in the model. Write it with the "
                "builder calls dbnamelint reads (see docs/diagnostics.md), or in a raw SQL string",
            )
        # the whole file but down() (ddl_strings leaves a migration's down out)
        spans = [(0, len(source))]
    if kind == "efcore":
        from dbnamelint.code_builders import ef_model_text

        # MigrationBuilder calls as the SQL the provider's generator writes
        source, builder_unread, spans = ef_model_text(path, text, family)
        for call in builder_unread:
            note(
                call.start,
                Severity.WARNING,
                f"this EF Core MigrationBuilder call ({call.call}) is not read: a name it "
                "makes is neither checked nor in the model. Write it with the builder calls "
                "dbnamelint reads (see docs/diagnostics.md), names as literals, or in "
                "migrationBuilder.Sql(...)",
            )
        # (spans: Up and the helpers it calls; never Down, the rollback)
    tree: ast.Module | None = None
    if kind == "alembic":
        from dbnamelint.alembic_ops import op_calls, upgrade_functions
        from dbnamelint.alembic_ops import unread_calls as alembic_unread

        _calls, unknown = op_calls(text)
        for at, name in unknown:
            note(
                at,
                Severity.WARNING,
                f"op.{name}() is not read: names it creates are not checked and are not "
                "in the model (read: create_table, add_column, create_index, rename_table, "
                "alter_column(new_column_name=), create_*_constraint, create_foreign_key, "
                "drop_*)",
            )
        for at, what in alembic_unread(text, path):
            note(at, Severity.WARNING, what)
        from dbnamelint.alembic_parse import parse_revision

        try:
            tree = parse_revision(text)  # `op as ops` read as op (H1)
        except (SyntaxError, ValueError):
            tree = None
        # upgrade() and the revision's functions it runs (alembic_ops.upgrade_functions)
        spans = []
        for function in upgrade_functions(tree) if tree is not None else []:
            span = _span_of(tree, function.name, text) if tree is not None else None
            if span is not None:
                spans.append(span)
    for at, runner in _built_sql(kind, text, tree if kind == "alembic" else None, path):
        note(
            at,
            Severity.WARNING,
            f"{runner} runs SQL the code builds or reads when it runs: it is not read, and "
            "what it makes or changes is not in the model",
        )
    strings = ddl_strings(path, source, _statement)
    if kind != "django":
        strings = [s for s in strings if s.laid or any(a <= s.start < b for a, b in spans)]
        if kind == "alembic":
            if tree is not None:
                # op.execute(CONSTANT): the module string it runs, laid at the call
                strings = sorted([*strings, *_constants_run(tree, text)], key=lambda s: s.start)
            # as SQLAlchemy's dialect writes them: a named Enum's CREATE TYPE and a
            # Sequence on PostgreSQL only (SQLite's model held them), backticks on
            # MySQL, SQLite's INTEGER rowid key and MySQL's INT, as the gate reads them
            strings = for_database(strings, family)
    else:
        # the strings of its operations (RunSQL's), not a constant beside them
        # unless a RunSQL runs it (laid at the call)
        spans = operations_spans(text)
        strings = [s for s in strings if s.django or any(a <= s.start < b for a, b in spans)]
        strings = sorted([*strings, *_runsql_constants(text, path)], key=lambda s: s.start)
        strings = for_database(strings + _django_implicit(path, text, family, note), family)
    if kind in ("django", "alembic"):
        from dbnamelint.django_vendor import other_databases, vendor_guards

        guards = vendor_guards(text)
        if sniffing:
            strings = [s for s in strings if not any(g.start <= s.start < g.end for g in guards)]
        else:
            # A branch for another database never runs on this one: its SQL is
            # not this folder's (not read as its dialect, no change of its model;
            # session 37 F7: `if dialect.name == "mysql": op.execute("... MODIFY
            # ...")` was a DBN004 error in a PostgreSQL folder). The gate reads
            # it in its own dialect (services.code_ddl._judged).
            strings = [s for s in strings if not other_databases(guards, s.start, family)]
    if kind in JS_KINDS and not sniffing:
        from dbnamelint.js_vendor import js_vendor_guards, other_databases

        # A branch on the Knex client for other databases (and a helper only it
        # calls) never runs on this one: not read as its dialect nor in its model
        # (trial s38 directus: an Oracle helper's `MODIFY` was a DBN004 error on
        # PostgreSQL). The gate reads it in their own dialects (services.code_ddl).
        # A string completed at run time stays, for its DBN013 note.
        guards = js_vendor_guards(text)
        if guards:
            strings = [
                s for s in strings if s.holes or not other_databases(guards, s.start, family)
            ]
    read: list[DdlString] = []
    shown = LineIndex(source)
    for string in strings:
        if not string.holes:
            read.append(string)
            continue
        a, b = string.holes[0]
        built = " ".join(source[a:b].split())[:60]
        head = statement_head(string.text)
        # a warning (the gate refuses a new one) only where the text may make a
        # name; an UPDATE given bind parameters is a note (trial s41 redash)
        note(
            string.start,
            Severity.WARNING if may_make_names(string) else Severity.INFO,
            f"this migration's SQL ({head}) is completed when the code runs ({built}): "
            "it is not read, and the names it makes or changes are not in the model",
            shown,
        )
    view = sql_view(source, read)
    if kind == "typeorm":
        view = _typeorm_follows(view, source)
    return _with_directives(view, lines), notes


def _constants_run(tree: ast.Module, text: str) -> list[DdlString]:
    """The SQL of each module string constant ``upgrade()`` (and what it
    runs) passes to ``op.execute`` (:mod:`dbnamelint.alembic_constants`), as
    a statement laid at the call: read where and when it runs."""
    from dbnamelint.alembic_constants import executed_constants
    from dbnamelint.alembic_ops import upgrade_functions
    from dbnamelint.code_ddl_text import laid_string

    index = LineIndex(text)
    out: list[DdlString] = []
    for call, sql in executed_constants(tree, upgrade_functions(tree)):
        if not _statement(sql):
            continue
        start = index.offset(call.lineno, call.col_offset + 1)
        end = index.offset(call.end_lineno or call.lineno, (call.end_col_offset or 0) + 1)
        out.append(laid_string(text, start, sql, end, known=True))
    return out


def _runsql_calls(module: ast.Module, path: str | None) -> list[ast.Call]:
    """A Django migration's ``RunSQL`` calls (and its ``RunSQL`` subclasses':
    :func:`dbnamelint.django_names.runsql_calls`)."""
    from dbnamelint.django_names import runsql_calls

    calls = [
        n
        for n in python_trees.walk(module)
        if isinstance(n, ast.Call)
        and (
            (isinstance(n.func, ast.Attribute) and n.func.attr == "RunSQL")
            or (isinstance(n.func, ast.Name) and n.func.id == "RunSQL")
        )
    ]
    return calls + runsql_calls(path, module)


def _runsql_constant_calls(module: ast.Module, path: str | None) -> list[tuple[ast.Call, str]]:
    """Each ``RunSQL(NAME)`` (``sql=NAME``) whose ``NAME`` is a string the
    module binds once at its top level (``INDEX_SQL = \"\"\"CREATE INDEX
    ...\"\"\"``: :func:`dbnamelint.alembic_constants.module_constants`), with
    that SQL: Django runs it as if written in the call (trial s42)."""
    from dbnamelint.alembic_constants import module_constants

    constants = module_constants(module)
    if not constants:
        return []
    out: list[tuple[ast.Call, str]] = []
    for call in _runsql_calls(module, path):
        arg = (
            call.args[0]
            if call.args
            else next((k.value for k in call.keywords if k.arg in ("sqltext", "sql")), None)
        )
        if isinstance(arg, ast.Name) and arg.id in constants:
            out.append((call, constants[arg.id]))
    return sorted(out, key=lambda found: (found[0].lineno, found[0].col_offset))


def _runsql_constants(text: str, path: str | None) -> list[DdlString]:
    """The SQL each ``RunSQL(NAME)`` of a module string constant runs
    (:func:`_runsql_constant_calls`), as a statement laid at the call."""
    from dbnamelint.code_ddl_text import laid_string

    try:
        module = python_trees.module_tree(text)
    except (SyntaxError, ValueError):
        return []
    index = LineIndex(text)
    out: list[DdlString] = []
    for call, sql in _runsql_constant_calls(module, path):
        if not _statement(sql):
            continue
        start = index.offset(call.lineno, call.col_offset + 1)
        end = index.offset(call.end_lineno or call.lineno, (call.end_col_offset or 0) + 1)
        out.append(laid_string(text, start, sql, end, known=True))
    return out


def _typeorm_follows(view: str, source: str) -> str:
    """``view`` with the :data:`~dbnamelint.typeorm_names.FOLLOW` comment of
    each ``renameTable``/``renameColumn`` call's ``RENAME`` back where
    :func:`~dbnamelint.code_ddl_text.sql_view` blanked it (a SQL string's
    comments are blanked; this one tells the replay to rename what TypeORM
    renames with the table or column: :mod:`dbnamelint.typeorm_names`)."""
    from dbnamelint.typeorm_names import FOLLOW

    mark = f"/* {FOLLOW} */"
    at = source.find(mark)
    while at >= 0:
        end = at + len(mark)
        if len(view) >= end and not view[at:end].strip():
            view = view[:at] + mark + view[end:]
        at = source.find(mark, end)
    return view


#: What a note accepted by a ``dbnamelint: ignore[DBN013] <reason>`` comment ends with.
ACCEPTED = "; accepted by the `dbnamelint: ignore[DBN013]` comment above it"
#: A ``dbnamelint:`` comment of PHP or Python code (``#``, ``//``).
_DIRECTIVE = lazy_compile(r"(?:#|//)[ \t]*(dbnamelint[ \t]*:.*)$", re.IGNORECASE)


def _accepted(lines: Sequence[str], line: int) -> bool:
    """Whether a ``dbnamelint: ignore[DBN013] <reason>`` comment on ``line``
    (1-based) or a comment line right above it accepts what is not read there."""
    from dbnamelint.services.code_text import accepts_dynamic
    from dbnamelint.services.inline_accept import accepted_at

    if accepts_dynamic(lines[line - 1]):
        return True
    at = line - 2
    while at >= 0 and lines[at].lstrip().startswith(("#", "//")):
        if accepts_dynamic(lines[at]):
            return True
        at -= 1
    # above the first line of a call spread over several lines (trial s35
    # outline: the comment above `await queryInterface.sequelize.query(`, the
    # template literal on the next line), as the gate takes it in application code
    return accepted_at(list(lines), line - 1, line - 1)


def _with_directives(sql: str, lines: Sequence[str]) -> str:
    """``sql`` (the view of a file whose lines are ``lines``) with each
    ``# dbnamelint: ...`` (``// dbnamelint: ...``) comment of the code as a
    SQL comment at its place, where the view is blank from there on: an
    ``ignore[...]`` on the line above a call (or on its line) is the
    directive of the statement written for it, as in a .sql file."""
    if "dbnamelint" not in "\n".join(lines).lower():
        return sql
    out = sql.split("\n")
    for i, line in enumerate(lines):
        found = _DIRECTIVE.search(line) if "dbnamelint" in line.lower() else None
        if found is None or i >= len(out):
            continue
        col = found.start()
        row = out[i]
        if row[col:].strip():
            continue
        out[i] = row[:col].ljust(col) + "-- " + found.group(1)
    return "\n".join(out)


def operations_spans(text: str) -> list[tuple[int, int]]:
    """The spans of a Django migration's ``operations = [...]`` values: what
    the model reads of it (not the functions ``RunPython`` runs, which the
    gate reads: :func:`dbnamelint.services.code_ddl._model_engine`)."""
    try:
        tree = python_trees.module_tree(text)
    except (SyntaxError, ValueError):
        return []
    index = LineIndex(text)
    out = []
    for node in python_trees.walk(tree):
        if not (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "operations" for t in node.targets)
        ):
            continue
        value = node.value
        end_line, end_col = value.end_lineno, value.end_col_offset
        if end_line is not None and end_col is not None:
            start = index.offset(value.lineno, value.col_offset + 1)
            out.append((start, index.offset(end_line, end_col + 1)))
    return out


#: Laravel: ``DB::statement(...)``, ``DB::unprepared(...)``.
_DB_CALL = lazy_compile(r"\bDB\s*::\s*(statement|unprepared)\s*\(\s*")


def _built_sql(
    kind: str, text: str, tree: ast.Module | None, path: str | None = None, names: bool = False
) -> list[tuple[int, str]]:
    """``(offset, call)`` for each call of the forward step that runs SQL
    given as no string literal (a variable, ``file_get_contents(...)``, a
    function's result): Alembic's ``op.execute(x)``, Django's
    ``RunSQL(x)`` (and a ``RunSQL`` subclass's, the migration's own or one
    imported from the project: :func:`dbnamelint.django_names.runsql_calls`),
    Laravel's ``DB::statement($x)``/``DB::unprepared(...)``.
    A literal with a part the code fills in (``"..." + name``, an f-string)
    is the DDL strings' note instead. ``names``: a name (a module constant)
    is SQL written in the file too (the gate reads the file's strings where
    they are written; the model, only its operations')."""
    out: list[tuple[int, str]] = []
    if kind in JS_KINDS:
        return _js_built_sql(kind, text)
    if kind == "efcore":
        return _ef_built_sql(text)
    if kind == "laravel":
        from dbnamelint.laravel_schema import _up_bodies

        for start, end in _up_bodies(text):
            for m in _DB_CALL.finditer(text, start, end):
                # a literal: '...', "...", a heredoc or nowdoc (<<<'SQL')
                if text[m.end() : m.end() + 1] not in ("'", '"', "<"):
                    out.append((m.start(), f"DB::{m.group(1)}()"))
        return out
    if kind == "alembic":
        from dbnamelint.alembic_constants import executed_constants
        from dbnamelint.alembic_dml import core_dml
        from dbnamelint.alembic_ops import upgrade_functions

        # upgrade() and the revision's functions it runs
        reached = upgrade_functions(tree) if tree is not None else []
        # op.execute(CONSTANT) of a module string: read (_constants_run), not built
        read = {id(c) for c, _sql in executed_constants(tree, reached)} if tree else set()
        calls = [
            n
            for function in reached
            for n in python_trees.walk(function)
            if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and n.func.attr == "execute"
            and isinstance(n.func.value, ast.Name)
            and n.func.value.id in ("op", "batch_op")
            # a Core insert/update/delete changes rows, no name (trial s41 redash)
            and not (n.args and core_dml(n.args[0], function))
            and id(n) not in read
        ]
        name = "op.execute()"
    else:
        try:
            module = python_trees.module_tree(text)
        except (SyntaxError, ValueError):
            return []
        # RunSQL(CONSTANT) of a module string: read (_runsql_constants), not built
        read = {id(c) for c, _sql in _runsql_constant_calls(module, path)}
        calls = [c for c in _runsql_calls(module, path) if id(c) not in read]
        name = "RunSQL()"
    index = LineIndex(text)
    for call in calls:
        arg = (
            call.args[0]
            if call.args
            else next((k.value for k in call.keywords if k.arg in ("sqltext", "sql")), None)
        )
        if arg is not None and not _literal_sql(arg, names) and not _runsql_noop(arg, name):
            func = call.func
            shown = (
                f"{func.attr if isinstance(func, ast.Attribute) else getattr(func, 'id', '')}()"
                if name == "RunSQL()"
                else name
            )
            out.append((index.offset(call.lineno, call.col_offset + 1), shown))
    return out


def _ef_built_sql(text: str) -> list[tuple[int, str]]:
    """``(offset, call)`` of each ``<builder>.Sql(x)`` of an EF Core
    migration's ``Up`` whose SQL is no string literal (a variable, a
    ``File.ReadAllText(...)``): SQL the code builds or reads when it runs."""
    from dbnamelint.code_builders import ef_forward_spans

    out: list[tuple[int, str]] = []
    for start, end, var in ef_forward_spans(text):
        for m in re.finditer(rf"\b{re.escape(var)}\s*\.\s*Sql\s*\(\s*", text[start:end]):
            after = text[start + m.end() : start + m.end() + 3]
            if not after.startswith(('"', '@"', '$"', '@$"', '$@"', '"""', '$"""')):
                out.append((start + m.start(), f"{var}.Sql()"))
    return out


def _js_built_sql(kind: str, text: str) -> list[tuple[int, str]]:
    """``(offset, call)`` of each ``<x>.raw(...)`` / ``<x>.query(...)`` of a
    Knex, Kysely or Sequelize migration (db-migrate's ``db.runSql(...)``,
    node-pg-migrate's ``pgm.sql(...)``) outside its ``down`` whose SQL is no
    string literal (``knex.raw(sql)``, ``sql.raw(text)``,
    ``queryInterface.sequelize.query(readFileSync(...))``): SQL the code
    builds or reads when it runs."""
    from dbnamelint.kysely_schema import _tokens, down_spans

    # db-migrate's db.runSql(x), node-pg-migrate's pgm.sql(x)
    names = {"raw", "query"} | {"db-migrate": {"runSql"}, "node-pg-migrate": {"sql"}}.get(
        kind, set()
    )
    if not any("." + n in text for n in names):
        return []
    skipped = down_spans(f"x.{'ts' if kind == 'kysely' else 'js'}", text)
    toks = _tokens(text)
    written = _literal_names(text, toks)
    out: list[tuple[int, str]] = []
    for i in range(1, len(toks) - 2):
        tok = toks[i]
        if (
            tok.kind == "w"
            and tok.text in names
            and toks[i - 1].text in (".", "?.")
            and toks[i + 1].text == "("
            and toks[i + 2].kind not in ("s",)
            and toks[i + 2].text != ")"
            and not any(a <= tok.start < b for a, b in skipped)
            # a name bound only to SQL written in the file: read where it is written
            and not (toks[i + 2].text in written and toks[i + 3].text in (")", ","))
        ):
            receiver = toks[i - 2] if i >= 2 and toks[i - 2].kind == "w" else tok
            shown = f"{receiver.text}.{tok.text}()" if receiver is not tok else f"{tok.text}()"
            out.append((receiver.start, shown))
    return out


def _literal_names(text: str, toks: Sequence[_Tok]) -> frozenset[str]:
    """The names a JS/TS file binds only to string literals, which its DDL
    strings read where they are written (trial s35 outline: ``const sql =
    `CREATE ...`; await queryInterface.sequelize.query(sql)`` was said "not
    read" though its table was in the model): ``const sql = `...```, and the
    variable of a ``for (const sql of [`...`, `...`])`` loop. A name bound
    anywhere to anything else (``readFileSync(...)``, a call, a ``+``) is none."""
    good: set[str] = set()
    bad: set[str] = set()
    n = len(toks)
    for i, tok in enumerate(toks):
        if tok.kind != "w" or i + 1 >= n:
            continue
        declared = i and toks[i - 1].text in ("const", "let", "var")
        if toks[i + 1].text == "=" and (i == 0 or toks[i - 1].text not in (".", "?.")):
            value = i + 2
            end = value + 1
            ok = (
                value < n
                and toks[value].kind == "s"
                and (
                    end >= n
                    or toks[end].text in (";", ",", ")", "}")
                    or "\n" in text[toks[value].end : toks[end].start]
                )
            )
            (good if ok else bad).add(tok.text)
        elif declared and toks[i + 1].text == "of" and i >= 3 and toks[i - 3].text == "for":
            j = i + 2
            ok = j < n and toks[j].text == "["
            if ok:
                j += 1
                while j < n and toks[j].text != "]":
                    if toks[j].kind != "s" and toks[j].text != ",":
                        ok = False
                        break
                    j += 1
            (good if ok else bad).add(tok.text)
    return frozenset(good - bad)


def _runsql_noop(node: ast.expr, name: str) -> bool:
    """Whether ``node`` is Django's ``RunSQL.noop`` (``migrations.RunSQL.noop``):
    the empty string Django documents as "no SQL" (django/db/migrations/
    operations/special.py: ``noop = ""``), which runs nothing (trial s41
    healthchecks: a no-op forward beside a ``reverse_sql`` was refused as
    SQL the code builds, DBN013)."""
    if name != "RunSQL()" or not (isinstance(node, ast.Attribute) and node.attr == "noop"):
        return False
    owner = node.value
    return (isinstance(owner, ast.Name) and owner.id == "RunSQL") or (
        isinstance(owner, ast.Attribute) and owner.attr == "RunSQL"
    )


def _literal_sql(node: ast.expr, names: bool = False) -> bool:
    """Whether ``node`` is SQL written in the file: a string (an f-string or
    a ``+`` of strings too: their holes are noted as such), ``sa.text("...")``,
    a list of them (Django's ``RunSQL([...])``, ``(sql, params)`` pairs)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if names and isinstance(node, ast.Name):
        return True
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _literal_sql(node.left, names) or _literal_sql(node.right, names)
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        callee = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return callee == "text" and _literal_sql(node.args[0], names)
    if isinstance(node, ast.List | ast.Tuple):
        return all(
            _literal_sql(e.elts[0] if isinstance(e, ast.Tuple) and e.elts else e, names)
            for e in node.elts
        )
    return False


def _django_implicit(
    path: str, text: str, family: str, note: Callable[[int, Severity, str], None]
) -> list[DdlString]:
    """What the model needs of each operation beyond the SQL
    :mod:`dbnamelint.django_ops` writes (its own names included:
    :func:`dbnamelint.django_names.implicit_sql`: PostgreSQL's primary keys,
    ``RemoveIndex``, ``RemoveConstraint``), as a Django statement laid past
    the end of the operation's last line (after the operation's own SQL,
    :func:`~dbnamelint.code_ddl_text.for_database` quotes it for the
    database); what is not followed, a ``DBN013`` warning."""
    from dbnamelint.django_names import implicit_sql, runpython_unread

    said = runpython_unread(text, path)
    for at, what in said:
        note(at, Severity.WARNING, f"{what} is not read: what it makes is not in the model")
    for at, what in runpython_unread(text, path, literal=True):
        if (at, what) not in said:
            # a literal: the gate judges its names where it is written, so a note
            # only (a warning would make the gate refuse every new one)
            note(
                at,
                Severity.INFO,
                f"{what} is not replayed: what it makes is not in the model "
                "(inspect, drift, the whitelist); the gate judges the names it writes",
            )
    out: list[DdlString] = []
    for start, end, sql, unread in implicit_sql(path, text, family):
        for what in unread:
            note(
                start,
                Severity.WARNING,
                f"{what} is not read: what Django makes or changes for it is not in the model",
            )
        if not sql:
            continue
        at = text.find("\n", end)
        at = len(text) if at < 0 else at
        out.append(DdlString(((at, at),), (), " " + sql.rstrip(";"), at, laid=True, django=True))
    return out


def _statement(sql: str) -> bool:
    """Whether a string of a migration's forward step is SQL it runs: one
    starting with a statement's word, or one holding DDL after a ``;``
    whatever its first statement is (a ``WITH ... UPDATE ...;`` before a
    ``CREATE UNIQUE INDEX``: trial s32 unleash, whose index was left out of
    the model, and a table so written passed the gate), or any statement
    after a ``;`` (:func:`~dbnamelint.code_ddl_text.runs_statements`: a
    ``MERGE``, ``REFRESH MATERIALIZED VIEW``, ``BEGIN`` first: trial s33)."""
    found = _STATEMENT.match(sql)
    if found is not None and found.group(1).upper() in _DDL_HEADS:
        # prose a migration keeps as data ('Create All', 'Drop it') is no
        # statement: its second word starts nothing the reader reads
        from dbnamelint.frontends.sql.parsing.ddl import may_start_ddl

        following = _WORD_AFTER.match(sql, found.end(1))
        if following is None or not may_start_ddl(found.group(1), following.group(1)):
            found = None
    return found is not None or runs_statements(sql)


def _parse_fails(text: str) -> bool:
    try:
        python_trees.module_tree(text)
    except (SyntaxError, ValueError):
        return True
    return False


def alembic_ids(text: str) -> tuple[str, tuple[str, ...]] | None:
    """:func:`_alembic_ids`, for the writer of a new revision
    (:mod:`dbnamelint.services.migrate.alembic_revision`)."""
    return _alembic_ids(text)


def _alembic_ids(text: str) -> tuple[str, tuple[str, ...]] | None:
    """An Alembic revision's ``revision`` and its ``down_revision`` ids (a
    merge names several; the first revision none). Read from the module's
    text before its first ``def``/``class`` (a cut at a statement's start:
    one at a fixed length fell inside an expression, a SyntaxError that made
    a big revision silently no revision), else from the whole text."""
    first = _TOP_LEVEL_BLOCK.search(text)
    if first is not None:
        found = _ids_in(text[: first.start()])
        if found is not None:
            return found
    return _ids_in(text)


def _ids_in(text: str) -> tuple[str, tuple[str, ...]] | None:
    try:
        tree = python_trees.module_tree(text)
    except (SyntaxError, ValueError):
        return None
    revision: str | None = None
    down: tuple[str, ...] | None = None
    for node in tree.body:
        target: ast.expr | None = None
        value: ast.expr | None = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        if not isinstance(target, ast.Name) or value is None:
            continue
        if target.id == "revision" and isinstance(value, ast.Constant):
            revision = value.value if isinstance(value.value, str) else None
        elif target.id == "down_revision":
            down = _ids(value)
    if revision is None or down is None:
        return None
    return revision, down


def _ids(node: ast.expr) -> tuple[str, ...] | None:
    if isinstance(node, ast.Constant):
        if node.value is None:
            return ()
        return (node.value,) if isinstance(node.value, str) else None
    if isinstance(node, ast.Tuple | ast.List):
        out = [e.value for e in node.elts if isinstance(e, ast.Constant)]
        return tuple(v for v in out if isinstance(v, str))
    return None


def _django_node(path: str) -> tuple[str, str] | None:
    from dbnamelint.django_ops import app_label

    app = app_label(path)
    if app is None:
        return None
    return app, path.replace("\\", "/").rsplit("/", 1)[-1][:-3]


def ordered(items: Sequence[_T], path_of: Callable[[_T], str]) -> list[_T]:
    """``items`` with their Django migrations, and their Alembic revisions,
    each in their tool's order (see the module docstring) among the places
    they hold; every other item where it is. ``path_of`` gives an item's
    path (one a file can be read at)."""
    out = list(items)
    out = _typeorm_ordered(out, path_of)
    out = _efcore_ordered(out, path_of)
    for kind in ("django", "alembic"):
        places: list[int] = []
        texts: list[str] = []
        for i, item in enumerate(out):
            path = path_of(item)
            if not path.lower().endswith(".py"):
                continue
            text = _read(Path(path))
            if code_migration_kind(path.replace("\\", "/"), text) == kind:
                places.append(i)
                texts.append(text)
        if len(places) < 2:
            continue
        paths = [path_of(out[i]).replace("\\", "/") for i in places]
        if kind == "django":
            order = _django_order(paths, texts, [path_of(out[i]) for i in places])
        else:
            order = _topological(_alembic_before(paths, texts))
        moved = [out[places[j]] for j in order]
        for i, item in zip(places, moved, strict=True):
            out[i] = item
    return out


def _typeorm_ordered(items: list[_T], path_of: Callable[[_T], str]) -> list[_T]:
    """``items`` with their TypeORM migrations in TypeORM's order among the
    places they hold (by their timestamp: :func:`typeorm_timestamp`; one
    without a timestamp, which TypeORM refuses to run, where it is)."""
    from dbnamelint.typeorm_schema import typeorm_timestamp

    places: list[int] = []
    stamps: list[int] = []
    for i, item in enumerate(items):
        path = path_of(item)
        if not path.lower().endswith(_JS_SUFFIXES):
            continue
        text = _read(Path(path))
        if code_migration_kind(path.replace("\\", "/"), text) != "typeorm":
            continue
        stamp = typeorm_timestamp(text)
        if stamp is not None:
            places.append(i)
            stamps.append(stamp)
    if len(places) < 2:
        return items
    order = sorted(range(len(places)), key=lambda j: stamps[j])  # stable, as Array.sort
    out = list(items)
    for i, j in zip(places, order, strict=True):
        out[i] = items[places[j]]
    return out


def _efcore_ordered(items: list[_T], path_of: Callable[[_T], str]) -> list[_T]:
    """``items`` with their EF Core migrations in EF's order among the places
    they hold: by id (:func:`efcore_id`; ``MigrationsAssembly`` sorts the
    ids, ``Migrator`` applies them in that order), compared ordinally."""
    places: list[int] = []
    ids: list[str] = []
    for i, item in enumerate(items):
        path = path_of(item)
        if not path.lower().endswith(".cs"):
            continue
        text = _read(Path(path))
        if code_migration_kind(path.replace("\\", "/"), text) != "efcore":
            continue
        places.append(i)
        ids.append(efcore_id(Path(path), text))
    if len(places) < 2:
        return items
    order = sorted(range(len(places)), key=lambda j: ids[j].encode("utf-16-be"))
    out = list(items)
    for i, j in zip(places, order, strict=True):
        out[i] = items[places[j]]
    return out


def _django_order(paths: list[str], texts: list[str], files: list[str]) -> list[int]:
    """Positions in the order ``migrate`` runs the migrations on an empty
    database (Django 5.2 ``MigrationExecutor.migration_plan`` of
    ``graph.leaf_nodes()``): for each leaf (a migration no other of its app
    depends on), sorted by ``(app, name)``, the migrations it needs in
    ``MigrationGraph.iterative_dfs``'s order, a depth-first walk taking the
    *greatest* ``(app, name)`` dependency first (it pushes them sorted and
    pops the last), each migration once. Trial s36 netbox: a free order by
    position ran ``core.0017`` (an ``AddField`` on ``core_objectchange``)
    before ``extras.0117``, which renames the table to that name, where
    Django runs them the other way. A cycle's members (Django refuses them)
    are left at the end in position order."""
    from dbnamelint.django_ops import migration_dependencies
    from dbnamelint.django_plan import migrate_plan, resolved

    keys = [_django_node(p) or ("", p) for p in paths]
    where = {k: i for i, k in enumerate(keys)}
    by_app: dict[str, list[str]] = {}
    for app, name in sorted(keys):
        by_app.setdefault(app, []).append(name)
    parents: list[set[int]] = [set() for _ in keys]
    for i, (text, file) in enumerate(zip(texts, files, strict=True)):
        for dep in resolved(migration_dependencies(text, Path(file)), by_app):
            if dep in where and where[dep] != i:
                parents[i].add(where[dep])
    return migrate_plan(keys, parents)


def _alembic_before(paths: list[str], texts: list[str]) -> list[set[int]]:
    ids = [_alembic_ids(t) for t in texts]
    where = {i[0]: n for n, i in enumerate(ids) if i is not None}
    return [{where[d] for d in i[1] if d in where} if i is not None else set() for i in ids]


def _topological(before: list[set[int]]) -> list[int]:
    """Positions in an order where each comes after those ``before`` names,
    the first position free to go next each time (file order where no edge
    decides); a cycle's members are left in position order at the end."""
    after: list[list[int]] = [[] for _ in before]
    waiting = [len(b) for b in before]
    for n, b in enumerate(before):
        for m in b:
            after[m].append(n)
    ready = [n for n, w in enumerate(waiting) if w == 0]
    heapq.heapify(ready)
    out: list[int] = []
    while ready:
        n = heapq.heappop(ready)
        out.append(n)
        for m in after[n]:
            waiting[m] -= 1
            if waiting[m] == 0:
                heapq.heappush(ready, m)
    taken = set(out)
    return out + [n for n in range(len(before)) if n not in taken]


#: What ``init`` calls each tool's folder.
TOOL_NAMES = {
    "laravel": "Laravel migrations",
    "django": "Django migrations",
    "alembic": "Alembic revisions",
    "knex": "Knex migrations",
    "kysely": "Kysely migrations",
    "sequelize": "Sequelize migrations",
    "db-migrate": "db-migrate migrations",
    "node-pg-migrate": "node-pg-migrate migrations",
    "typeorm": "TypeORM migrations",
    "efcore": "EF Core migrations",
}
#: The folders a tool keeps its migrations in: Laravel's
#: ``database/migrations``, a Django app's ``migrations`` package, Alembic's
#: ``<script_location>/versions``.
_FOLDER_NAMES = frozenset({"migrations", "versions"})
#: A folder named for its tool or use before ``migrations``: a Knex
#: ``directory`` such as uptime-kuma's ``db/knex_migrations`` (left out, so
#: its 55 migrations were not in the model: trial s40 uptime-kuma F2),
#: ``db_migrations``, ``sql-migrations``.
_FOLDER_SUFFIXES = ("_migrations", "-migrations")


def _tool_folder_name(name: str) -> bool:
    """Whether a folder ``name`` is one a tool keeps its migrations in."""
    return name in _FOLDER_NAMES or name.lower().endswith(_FOLDER_SUFFIXES)


#: TypeORM 0.2's ``src/migration`` (its ``init`` and docs' ``migrationsDir``;
#: 0.3's is ``src/migrations``): a folder so named when TypeORM's.
_TYPEORM_FOLDER = "migration"
#: Folders of dependencies and build output, never the project's own.
_SKIPPED = frozenset(
    {"node_modules", "vendor", "third_party", "target", "build", "dist", "venv", "site-packages"}
)


def tool_migration_folders(root: Path) -> list[tuple[str, str, int]]:
    """``(folder, tool, files)`` for each folder under ``root`` (``/``-path
    relative to it) that :func:`migration_files` reads, in path order:
    what ``init`` names in ``paths:`` when the tree holds no SQL file."""
    out: list[tuple[str, str, int]] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(
            d for d in dirs if not d.startswith((".", "_")) and d not in _SKIPPED | {"bin", "obj"}
        )
        here = Path(folder)
        # EF Core's folder: any name (`Migrations`, `Schema/Changes`), its files
        # named by their ids (dotnet ef migrations add)
        ef = any(EF_FILE.match(f) for f in files)
        named = _tool_folder_name(here.name)
        if not named and here.name != _TYPEORM_FOLDER and not ef:
            continue
        found = migration_files(here)
        if found is not None and (named or found[0] == "typeorm" or found[0] == "efcore"):
            rel = here.relative_to(root).as_posix()
            out.append((rel, found[0], len(found[1])))
    return out


#: The tools whose own table is a bare ``migrations``: db-migrate's
#: ``migrationTable`` default (``lib/migrator.js``), Laravel's
#: ``database.migrations`` (``config/database.php``) and TypeORM's
#: ``migrationsTableName`` default (``MigrationExecutor``: ``?? "migrations"``); not a default of
#: :mod:`dbnamelint.tool_tables`, too common a name for a project's own table.
_BARE_RUNNER_TABLE = {"db-migrate": "db-migrate", "laravel": "Laravel", "typeorm": "TypeORM"}


def runner_table_of(paths: Iterable[str], cwd: Path) -> dict[str, str]:
    """``{"migrations": tool}`` when the first code migration among ``paths``
    (the files read, relative to ``cwd``) is db-migrate's, Laravel's or TypeORM's, whose
    runner keeps its records in a table of that name no file creates; else
    empty. Read as :func:`dbnamelint.tool_tables.leave_out`'s ``tools`` (left
    out of a database's model only where no file creates such a table)."""
    for path in paths:
        if not path.lower().endswith((*_JS_SUFFIXES, ".php")):
            continue
        kind = code_migration_kind(path.replace(os.sep, "/"), _read(cwd / path))
        if kind is not None:
            tool = _BARE_RUNNER_TABLE.get(kind)
            return {"migrations": tool} if tool is not None else {}
    return {}
