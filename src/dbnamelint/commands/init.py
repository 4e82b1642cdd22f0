"""``dbnamelint init [PATH]``: write a starter ``dbnamelint.yaml`` for a project.

What goes in it is learnt by :mod:`dbnamelint.services.project_scan` (as
``check`` and ``migrate`` read the tree) and worded by
:mod:`dbnamelint.report.starter_config`; this module refuses to replace a
config, writes the file atomically and says what it found and what to run next.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import click
from msgspec.structs import replace

from dbnamelint.commands import echo_problems
from dbnamelint.config.files import CONFIG_NAMES, config_in
from dbnamelint.exitcodes import ExitCode
from dbnamelint.frontends.sql.sources import SourceSettings, discover
from dbnamelint.outputs import write_text
from dbnamelint.report.starter_config import (
    describe_dialects,
    describe_folder,
    left_out,
    starter_config,
)
from dbnamelint.rules.pack_files import list_packs
from dbnamelint.services.project_scan import Folder, scan
from dbnamelint.textsafe import visible

CONFIG_NAME = CONFIG_NAMES[0]


def _shown(path: Path, cwd: Path) -> str:
    try:
        return os.path.relpath(path, cwd) if path.is_absolute() else str(path)
    except ValueError:  # another drive (Windows)
        return str(path)


def run_init(folder: Path, *, cwd: Path, force: bool = False) -> ExitCode:
    """Write ``folder/dbnamelint.yaml`` from what the project holds; the exit code.

    2 (usage) when ``folder`` does not exist or is no folder, or when it has
    a config already (any of :data:`CONFIG_NAMES`, or ``[tool.dbnamelint]``
    in its ``pyproject.toml``) and ``force`` is false; the file is written
    atomically, and an unwritable one is reported as
    :class:`~dbnamelint.outputs.OutputError`.
    """
    if not folder.exists():
        _files, problems = discover([str(folder)], SourceSettings(root=cwd))
        echo_problems(problems)
        return ExitCode.USAGE
    if not folder.is_dir():
        click.echo(f"dbnamelint: {visible(str(folder))}: not a folder", err=True)
        return ExitCode.USAGE
    existing = config_in(folder)
    target = folder / CONFIG_NAME
    if existing is not None and not force:
        click.echo(
            f"dbnamelint: {visible(_shown(existing, cwd))} exists; use --force to write "
            f"{CONFIG_NAME} anyway",
            err=True,
        )
        return ExitCode.USAGE
    found = scan(folder)
    # SQL files that make no table of the application (a role and database
    # script, the migration tool's own table) beside code migrations holding
    # the real DDL are no schema: left out, as with no SQL at all
    ops = _ops_scripts(folder, found.paths) if found.files else ()
    if ops:
        found = replace(found, folders=(), paths=())
    # tests' fixtures only, while Go code makes the schema with an ORM: no schema
    fixtures = () if ops or not found.files else _orm_fixtures(folder, found.paths)
    if fixtures:
        found = replace(found, folders=(), paths=(), fixtures=fixtures, dialects=())
    in_code = []
    lists: tuple[str, ...] = ()  # Go migration lists read (dbnamelint.go_list_sql)
    written = found
    # Go migration lists whose file steps run the SQL folders found (shiori's
    # newFileMigration): the lists are what runs, in their order
    runners = _file_step_lists(folder, found.paths) if found.files and not ops else {}
    if runners:
        run_by = tuple(Folder(p, n, "Go migration list") for p, n in runners.items())
        written = replace(found, paths=tuple(runners), folders=run_by)
    doctrine: list[tuple[str, int]] = []
    coded: list[tuple[str, str, int]] = []  # Laravel/Django/Alembic migration folders read
    coded_folders: tuple[Folder, ...] = ()
    told: tuple[tuple[str, ...], str] | None = None  # the dialects their tool's config names
    doctrine_read: tuple[str, bool] | None = None  # Doctrine's: as check reads them, shown?
    if not found.files or ops or fixtures:  # no SQL: the schema may live in code (dex)
        from dbnamelint.code_migrations import TOOL_NAMES, tool_migration_folders
        from dbnamelint.services.code_schema import code_ddl_files, doctrine_folders

        doctrine = doctrine_folders(folder)
        coded = tool_migration_folders(folder)
        if len(coded) > 1:  # the config's paths order is the replay order
            from dbnamelint.services.project_scan import code_folders_order

            order = code_folders_order([p for p, _, _ in coded], folder)
            coded.sort(key=lambda c: order.index(c[0]))
        in_code = [] if doctrine or coded else code_ddl_files(folder)
        lists = tuple(c.path for c in in_code if c.migration_list)
        coded_folders = tuple(Folder(p, n, TOOL_NAMES[tool]) for p, tool, n in coded)
        if coded:  # read as the SQL their tool runs (dbnamelint.code_migrations)
            paths = tuple(p for p, _, _ in coded)
            told = coded_dialects(folder, paths)
            written = replace(found, paths=paths, folders=coded_folders)
        elif lists:  # read as migrations (dbnamelint.go_list_sql)
            folders = tuple(Folder(p, 1, "Go migration list") for p in lists)
            written = replace(found, paths=lists, folders=folders)
        if doctrine:  # read as the SQL their up() runs (dbnamelint.doctrine_schema)
            globs = tuple(f"{f}/*.php" for f, _ in doctrine)
            folders = tuple(
                Folder(g, n, "Doctrine migrations")
                for g, (_, n) in zip(globs, doctrine, strict=True)
            )
            # beside Laravel/Django/Alembic folders read, after them
            paths = tuple(p for p, _, _ in coded) + globs
            written = replace(found, paths=paths, folders=coded_folders + folders)
            if not coded:
                told = doctrine_dialects(folder, [f for f, _ in doctrine])
                if told is None:
                    doctrine_read = read_dialects(folder, globs)
        if told is not None:  # the dialect the model reads them in (sources.py)
            written = replace(written, dialects=(told[0][0],), guessed=False, shown=True)
        elif coded:
            # "Dialect: postgres" is said below: written so, or the config named
            # none and each file's SQL could read as another (session 37 I1)
            written = replace(written, dialects=("postgres",), guessed=False, shown=True)
    from dbnamelint.services.code_schema import rails_advice, rails_schema_rb

    schema_rb = rails_schema_rb(folder)
    # a Rails app keeping no dump (huginn: db/schema.rb in .gitignore): no
    # schema to read, but the gate reads new migrations' calls in its dialect
    bare_rails = (
        None
        if found.files or coded or doctrine or lists or _rails_dump(folder, schema_rb)
        else _bare_rails(folder)
    )
    if bare_rails is not None and bare_rails[1] is not None:
        written = replace(written, dialects=(bare_rails[1],), guessed=False, shown=True)
    write_text(target, starter_config(written, list_packs()))
    # a Rails app's schema.rb is Ruby: "SQL file" would say the tree holds no such file
    noun = "SQL file" if schema_rb is None else "schema file"
    if coded:
        # no SQL file, but migrations their tool's schema builder writes, read as its SQL
        total = sum(n for _, _, n in coded)
        noun = "code migration"
        shown_folders = coded_folders
    else:
        total = found.files
        shown_folders = found.folders
    click.echo(f"Found {total} {noun}{'s' * (total != 1)}", nl=False)
    if shown_folders:
        folders_said = "; ".join(visible(describe_folder(f)) for f in shown_folders)
        click.echo(": " + folders_said, nl=not doctrine)
    if doctrine:
        where = ", ".join(f"{f} ({n} file{'s' * (n != 1)})" for f, n in doctrine)
        click.echo(
            visible(
                f"; Doctrine migrations: {where}, read as the SQL their up() runs "
                "(paths: " + ", ".join(f"{f}/*.php" for f, _ in doctrine) + ")"
            )
        )
    elif not shown_folders:
        click.echo(".")
    if runners:
        click.echo(
            visible(
                "Go migration lists run them, by the files their steps name, in the lists' "
                f"order: {', '.join(runners)}; `paths:` names the lists (a file no step "
                "names never runs: DBN007)"
            )
        )
    if coded:
        _say_left_out(folder, coded)
        click.echo(
            "They are read as the SQL their tool runs for them (Laravel's Schema builder, "
            "Django's operations, Alembic's op.* calls, Knex's, Kysely's, Sequelize's, "
            "db-migrate's and node-pg-migrate's schema builders, TypeORM's QueryRunner calls, "
            "EF Core's MigrationBuilder calls, and their SQL strings), in its order (file "
            "names; TypeORM's class-name timestamps; EF Core's migration ids; Django's "
            "dependencies; Alembic's down_revision chain)"
        )
    if coded and told is not None:
        engines, where = told
        others = (
            f"; it names {', '.join(engines)}: the migrations are read as the first, "
            "the one named outside an `if` (the default branch), else the first written"
            if len(engines) > 1
            else ""
        )
        laravel = _laravel_note(folder, coded, named=False)
        click.echo(
            visible(
                f"Dialect: {engines[0]} (read from {where}{others}"
                + (f"; {laravel}" if laravel else "")
                + ")"
            )
        )
    elif coded:
        laravel = _laravel_note(folder, coded)
        click.echo(
            visible(
                "Dialect: postgres (the SQL written for code migrations is PostgreSQL's unless "
                "the config names another: `dialect: mysql` or `dialect: sqlite`"
                + (f"; {laravel}, so PostgreSQL stands: set `dialect:`" if laravel else "")
                + ")"
            )
        )
    elif doctrine and told is not None:
        click.echo(visible(f"Dialect: {told[0][0]} (read from {told[1]}'s DATABASE_URL)"))
    elif doctrine_read is not None:
        dialect, text_shows = doctrine_read
        how = (
            "as their SQL shows"
            if text_shows
            else "the default: nothing in them shows another, nor does a DATABASE_URL"
        )
        click.echo(
            f"Dialect: {dialect} (no `dialect:` written: check and the gate read the "
            f"Doctrine migrations as {dialect}, {how}; set `dialect:` if wrong)"
        )
    elif lists and not found.dialects and (listed := read_dialects(folder, lists)) is not None:
        # a Go migration list is read (trial s33 M1: "no SQL file found")
        dialect, text_shows = listed
        how = "as its SQL shows" if text_shows else "the default: nothing in it shows another"
        click.echo(
            f"Dialect: {dialect} (no `dialect:` written: check and the gate read the Go "
            f"migration list as {dialect}, {how}; set `dialect:` if wrong)"
        )
    elif bare_rails is not None:
        adapter = bare_rails[1]
        click.echo(
            f"Dialect: {adapter} (config/database.yml's adapter)"
            if adapter is not None
            else "Dialect: postgres (no adapter in config/database.yml: set `dialect:` if wrong)"
        )
        click.echo(
            visible(
                f"Rails migrations, Ruby, not read: db/migrate ({bare_rails[0]} migrations), and "
                "no dump of them here (db/schema.rb or db/structure.sql, which "
                "`bin/rails db:migrate` writes, is not in the tree: check has no schema to "
                "read). For today's names check a database they built (`dbnamelint check "
                "--db URL`), or commit the dump and name `db` in `paths:`. The gate judges "
                "the names each new migration's calls make, as the SQL Rails runs for them "
                "(an edit of an applied one is DBN025)"
            )
        )
    else:
        click.echo(f"Dialect: {describe_dialects(found)}")
    if schema_rb is not None:
        click.echo(visible(rails_advice(schema_rb, folder, found.single_dialect)))
    if in_code:
        from dbnamelint.services.code_schema import advice

        click.echo(visible(advice(in_code, None)))
    elif not coded:
        from dbnamelint.ecto_baseline import dump_coverage as dumped
        from dbnamelint.services.code_schema import code_migration_folders, doctrine_folders

        unread = code_migration_folders(folder)
        # Doctrine migrations beside SQL files: the config may name them
        beside = [] if doctrine else doctrine_folders(folder)
        read_as_sql = {f for f, _ in (doctrine or beside)}
        unread = [c for c in unread if c[0] not in read_as_sql]
        # a tool's migrations folder beside SQL files (Unleash's db-migrate
        # src/migrations beside psql setup scripts): read when named in paths
        from dbnamelint.code_migrations import TOOL_NAMES, tool_migration_folders

        tools = [t for t in tool_migration_folders(folder) if t[0] not in read_as_sql]
        unread = [c for c in unread if c[0] not in {f for f, _, _ in tools}]
        if tools:
            where = ", ".join(
                f"{f} ({n} file{'s' * (n != 1)}, {TOOL_NAMES[t]})" for f, t, n in tools
            )
            click.echo(
                visible(
                    f"Also: {where}. Named in `paths:` (in place of SQL files that only set "
                    "up a database, and of a schema dump kept by hand), check and inspect "
                    "read them as the SQL their tool runs, in its order; the gate judges "
                    "what a change adds to them (an edit of an applied one is DBN025)"
                )
            )
        if beside:
            where = ", ".join(f"{f} ({n} file{'s' * (n != 1)})" for f, n in beside)
            named = ", ".join(f'"{f}/*.php"' for f, _ in beside)
            click.echo(
                visible(
                    f"Also: Doctrine migrations: {where}. The gate judges what a change "
                    "adds to them (an edit of an applied one is DBN025); named in `paths:` "
                    f"after the schema they apply to ({named}), check and inspect read them "
                    "as the SQL their up() runs"
                )
            )
        dump = _rails_dump(folder, schema_rb)
        ruby = [(f, n) for f, n in unread if dump is not None and _rails_migrations(f)]
        unread = [c for c in unread if c not in ruby]
        if ruby:
            # Rails' migrations leave the dump read in `paths`: pointing at a
            # database or a dump of it, as for other code migrations, is wrong
            where = ", ".join(
                f"{f} ({_migrations(folder / f)} migrations, {n} with SQL strings)" for f, n in ruby
            )
            click.echo(
                visible(
                    f"Also: Rails migrations, Ruby, not read: {where}; the dump they leave, "
                    f"{dump}, is read (run bin/rails db:migrate and commit it). The gate "
                    "judges what a change adds to them (an edit of an applied one is DBN025)"
                )
            )
        for rel, strings in [c for c in unread if dumped(folder / c[0]) is not None]:
            unread.remove((rel, strings))
            click.echo(visible(ecto_dump_advice(rel, strings, dumped(folder / rel))))
        if unread:
            where = ", ".join(f"{f} ({n} file{'s' * (n != 1)})" for f, n in unread)
            click.echo(
                visible(
                    f"Also: code migrations hold DDL that check does not read: {where}. "
                    "The gate judges what a change adds to them (an edit of an applied one "
                    "is DBN025); for the names they made, check a database they built "
                    "(`dbnamelint check --db URL`) or a schema dump of it in `paths`"
                )
            )
    if ops:
        click.echo(
            visible(
                f"Left out: {len(ops)} SQL file{'s' * (len(ops) != 1)} making no table of the "
                f"application ({', '.join(ops)}): scripts run beside the migrations (roles, "
                "databases, the migration tool's own table), not the schema the code "
                "migrations build"
            )
        )
    for _paths, why in left_out(found):
        click.echo(visible(why) + " (`exclude:` in the config)")
    from dbnamelint.services.sqlite_files import sqlite_databases

    for database in sqlite_databases(folder):
        # uptime-kuma's db/kuma.db, the template its base schema lives in (trial s40)
        click.echo(
            visible(
                f"Also: {database} is a SQLite database, not SQL text: its tables are in no "
                "file read here. If new installs start from it, save its schema as SQL, first "
                f"in `paths:` (`sqlite3 {database} .schema > <folder>/000_base.sql`), or check "
                f"it as it is (`dbnamelint check --db sqlite:///{database}`)"
            )
        )
    if found.databases:
        names = ", ".join(dict.fromkeys(d.name for d in found.databases))
        click.echo(
            visible(
                f"Separate databases: {names}: "
                + (
                    "folders each building a database of its own, a ClickHouse one beside "
                    "the application's"
                    if any(d.dialects for d in found.databases)
                    else "the Rails app's databases, each dumped to a file of its own"
                    if all(d.tool == "rails" for d in found.databases)
                    else "migration folders each run on a database of its own"
                )
                + " (`databases:` in the config, with why)"
            )
        )
    shown = visible(_shown(target, cwd))
    replaced = ""
    if existing is not None and existing.name != CONFIG_NAME:
        # dbnamelint.yaml comes first in the search: the other file is now unread
        replaced = f" (read before {visible(existing.name)}, which is no longer read)"
    elif existing is not None:
        replaced = " (replaced)"
    click.echo(f"wrote {shown}{replaced}")
    where = "" if folder.resolve() == cwd.resolve() else f" (in {visible(_shown(folder, cwd))})"
    click.echo(f"Next steps{where}:")
    if in_code and written is found:  # nothing to read in files: the database that code builds
        click.echo("  dbnamelint check --db URL   # the names a database that code built holds")
        return ExitCode.OK
    click.echo("  dbnamelint check            # what the standard says about today's names")
    click.echo("  dbnamelint whitelist init   # record them as the legacy baseline")
    return ExitCode.OK


#: ``CREATE TABLE`` and the table's name (its last part, quotes aside).
_CREATED_TABLE = re.compile(
    r"\bcreate\s+(?:(?:global\s+|local\s+)?(?:temp|temporary|unlogged)\s+)?table\s+"
    r"(?:if\s+not\s+exists\s+)?((?:[\w$]+|\"[^\"]+\"|`[^`]+`)(?:\s*\.\s*(?:[\w$]+|\"[^\"]+\"|`[^`]+`))*)",
    re.IGNORECASE,
)
#: Tables a JavaScript migration tool keeps its record in, by default:
#: db-migrate's ``migrations`` (its ``--migration-table`` default, db-migrate
#: 0.11's ``bin/db-migrate`` options) and node-pg-migrate's ``pgmigrations``
#: (its ``migrationsTable`` default), beside :data:`~dbnamelint.tool_tables.TOOL_TABLES`.
_RECORD_TABLES = frozenset({"migrations", "pgmigrations", "sequelizemeta"})
#: At most this many SQL files are looked at as scripts beside migrations.
_MAX_OPS_FILES = 20


def _file_step_lists(root: Path, paths: tuple[str, ...]) -> dict[str, int]:
    """The Go files (relative to ``root``) whose migration lists' file steps
    run the files of every folder of ``paths``, with their file steps'
    count; empty when a folder is no list's (:mod:`dbnamelint.go_list_files`)."""
    from dbnamelint.go_list_files import ListMemo, folder_lists

    out: dict[str, int] = {}
    memo: ListMemo = {}
    for path in paths:
        found = folder_lists(str(root / path), str(root), memo)
        if found is None:
            return {}
        for go, steps in found.lists:
            rel = Path(go).resolve().relative_to(root.resolve()).as_posix()
            out[rel] = out.get(rel, 0) + len(steps)
    return out


def _ops_scripts(root: Path, paths: tuple[str, ...]) -> tuple[str, ...]:
    """The SQL files under ``paths`` (of ``root``), when they are few and
    none creates a table but a migration tool's own record table (unleash's
    ``docker/local-postgres/init-unleash.sql``: a role and databases;
    ``scripts/resetdatabase.sql``: ``DROP DATABASE``;
    ``scripts/fix-migrations-version-1.sql``: db-migrate's ``migrations``
    table), while code migrations of a tool dbnamelint knows hold the DDL
    (:func:`~dbnamelint.services.code_tools.migration_tools`); else ``()``.
    Trial s32 unleash: ``init`` wrote those scripts as ``paths:``, and
    ``check`` passed a model of one table."""
    from dbnamelint.impact.languages import SQL_SUFFIXES
    from dbnamelint.services.code_tools import migration_tools
    from dbnamelint.tool_tables import TOOL_TABLES

    files: list[str] = []
    for entry in paths:
        path = root / entry
        found = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        for file in found:
            if file.is_file() and file.name.lower().endswith(SQL_SUFFIXES):
                rel = file.relative_to(root).as_posix()
                if rel not in files:
                    files.append(rel)
        if len(files) > _MAX_OPS_FILES:
            return ()
    if not files:
        return ()
    for rel in files:
        try:
            text = (root / rel).read_text("utf-8", "replace")
        except OSError:
            return ()
        for match in _CREATED_TABLE.finditer(text):
            name = re.split(r"\s*\.\s*", match.group(1))[-1].strip('"`').lower()
            if name not in TOOL_TABLES and name not in _RECORD_TABLES:
                return ()
    if not migration_tools(root):
        # Laravel's, Django's, Knex's... migrations init names in paths:
        # (BookStack's dev/docker/init.db beside database/migrations: trial s37)
        from dbnamelint.code_migrations import tool_migration_folders

        if not tool_migration_folders(root) and not _orm_schema(root):
            return ()
    return tuple(files)


def _orm_fixtures(root: Path, paths: tuple[str, ...]) -> tuple[str, ...]:
    """The test folders (:func:`~dbnamelint.fixture_paths.outer_test_folder`)
    holding every SQL file under ``paths`` (of ``root``), when Go code makes
    the schema with GORM's or xorm's calls (:func:`_orm_schema`); else ``()``.
    The scan keeps a tree whose only SQL is a test's (linted as it is), but
    beside an ORM that SQL is a fixture: trial s39 woodpecker's
    ``migration/test-files/postgres.sql``, a dump its upgrade tests load,
    older than its migrations, was written as ``paths:``."""
    from dbnamelint.fixture_paths import outer_test_folder
    from dbnamelint.impact.languages import SQL_SUFFIXES

    held: dict[str, None] = {}
    for entry in paths:
        path = root / entry
        found = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        for file in found:
            if file.is_file() and file.name.lower().endswith(SQL_SUFFIXES):
                folder = outer_test_folder(file.relative_to(root).as_posix())
                if folder is None:
                    return ()
                held[folder] = None
    return tuple(held) if held and _orm_schema(root) else ()


def _orm_schema(root: Path) -> bool:
    """Whether Go code under ``root`` makes its schema with GORM's or xorm's
    calls (``AutoMigrate``, ``Sync``): trial s38 gogs, whose only SQL file
    is a ``CREATE DATABASE`` script, got it as ``paths:`` and a model of nothing."""
    from dbnamelint.services.code_schema import code_ddl_files

    return any(f.orm for f in code_ddl_files(root))


def ecto_dump_advice(
    rel: str, strings: int, coverage: tuple[int, list[str], str | None] | None
) -> str:
    """What ``init`` says of the Ecto migrations folder ``rel`` (``strings``
    of its files hold DDL strings) beside the dump ``mix ecto.dump`` writes:
    the dump is read, and which migrations it does not list are not."""
    count, unlisted, alias = coverage or (0, [], None)
    dump = rel.rpartition("/")[0] + "/structure.sql"
    said = (
        f"Also: Ecto migrations, Elixir, not read: {rel} ({count} migrations, {strings} "
        f"with DDL strings); the dump they leave, {dump}, is read"
    )
    if unlisted:
        shown = ", ".join(unlisted[:3]) + (f" and {len(unlisted) - 3} more" if unlisted[3:] else "")
        said += (
            f", but its schema_migrations list lacks {len(unlisted)} of them ({shown}), so "
            "check reads none of their names"
            + (
                f" (mix.exs's `{alias}` loads the dump, then runs them: ecto.load, "
                "ecto.migrate; the gate judged their calls when each was added)"
                if alias
                else ""
            )
            + ": run `mix ecto.migrate` and `mix ecto.dump` and commit the dump to check them"
        )
    return (
        said + ". The gate judges what a change adds to them (an edit of an applied one is DBN025)"
    )


def _rails_dump(root: Path, schema_rb: str | None) -> str | None:
    """The dump of a Rails app under ``root`` that ``check`` reads: its
    ``db/schema.rb`` (``schema_rb``), else a ``db/structure.sql`` beside a
    ``config/application.rb``; None for another tree."""
    if schema_rb is not None:
        return schema_rb
    structure = root / "db" / "structure.sql"
    if structure.is_file() and (root / "config" / "application.rb").is_file():
        return "db/structure.sql"
    return None


def _bare_rails(root: Path) -> tuple[int, str | None] | None:
    """A Rails app at ``root`` (``config/application.rb``) with migrations in
    ``db/migrate`` and no dump: their count and the dialect of
    ``config/database.yml``'s adapter (None: it names none known); else None."""
    from dbnamelint.frontends.rails.app import adapter_dialect

    if not (root / "config" / "application.rb").is_file():
        return None
    count = _migrations(root / "db" / "migrate")
    return (count, adapter_dialect(root / "db" / "schema.rb")) if count else None


def _rails_migrations(folder: str) -> bool:
    """Whether ``folder`` is a Rails migrations folder: ``db/migrate``, or
    another database's or phase's ``db/<name>_migrate`` (``db/post_migrate``,
    ``db/queue_migrate``)."""
    parent, _, last = folder.rpartition("/")
    return parent.rpartition("/")[2] == "db" and (last == "migrate" or last.endswith("_migrate"))


def _migrations(folder: Path) -> int:
    """The Ruby migrations in ``folder`` (``<version>_<name>.rb``)."""
    try:
        return sum(1 for p in folder.glob("*.rb") if p.name[:1].isdigit())
    except OSError:
        return 0


def _say_left_out(root: Path, coded: list[tuple[str, str, int]]) -> None:
    """Name the files of each code migration folder its tool would load but
    that are not read as its migrations (not shaped as one: no ``revision``
    id, no ``Migration`` class), so the count said is never silently short."""
    from dbnamelint.code_migrations import left_out, migration_files

    for rel, tool, _n in coded:
        listed = migration_files(root / rel)
        skipped = left_out(root / rel, tool, listed[1] if listed is not None else [])
        if skipped:
            click.echo(
                visible(
                    f"Not read in {rel} ({len(skipped)} file{'s' * (len(skipped) != 1)}: "
                    f"not shaped as a migration of the folder's tool): " + ", ".join(skipped)
                )
            )


def _laravel_note(
    root: Path, coded: list[tuple[str, str, int]], *, named: bool = True
) -> str | None:
    """What :func:`~dbnamelint.tool_dialect.laravel_default_note` says of
    the ``config/database.php`` above the first Laravel migration folder of
    ``coded``, after its path when ``named``; None when nothing needs saying."""
    from dbnamelint.tool_dialect import laravel_database_config, laravel_default_note

    for rel, tool, _ in coded:
        if tool != "laravel":
            continue
        for parent in [root / rel, *(root / rel).parents]:
            config = laravel_database_config(parent)
            if config is not None:
                note = laravel_default_note(config)
                if note is None or not named:
                    return note
                try:
                    shown = config.resolve().relative_to(root.resolve()).as_posix()
                except ValueError:
                    shown = config.as_posix()
                return f"{shown}: {note}"
            if parent == root:
                break
    return None


def coded_dialects(root: Path, folders: tuple[str, ...]) -> tuple[tuple[str, ...], str] | None:
    """The dialects the configuration of the tool running the code migration
    folders ``folders`` (relative to ``root``) names
    (:func:`~dbnamelint.tool_dialect.code_migration_config`: Django's settings
    ``ENGINE``, Alembic's ``sqlalchemy.url``, Laravel's default connection),
    with the file they were read from (relative), when all the folders agree;
    else None (PostgreSQL stays the default)."""
    from dbnamelint.code_migrations import migration_files
    from dbnamelint.tool_dialect import code_migration_config

    seen: set[tuple[str, ...]] = set()
    where: list[str] = []
    for rel in folders:
        listed = migration_files(root / rel)
        if listed is None or not listed[1]:
            return None
        named, read = code_migration_config(listed[1][0].absolute())
        if not named or read is None:
            return None
        seen.add(named)
        try:
            shown = read.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            shown = read.as_posix()
        where.append(f"the Django settings {shown} names" if read.name == "manage.py" else shown)
    if len(seen) != 1:
        return None
    return next(iter(seen)), ", ".join(dict.fromkeys(where))


def doctrine_dialects(root: Path, folders: list[str]) -> tuple[tuple[str, ...], str] | None:
    """:func:`coded_dialects` for Doctrine migration folders: Symfony's
    ``DATABASE_URL`` in ``.env`` (:func:`~dbnamelint.tool_dialect.code_migration_config`)."""
    from dbnamelint.doctrine_schema import is_doctrine_migration
    from dbnamelint.tool_dialect import code_migration_config

    seen: set[tuple[tuple[str, ...], str]] = set()
    for rel in folders:
        files = sorted((root / rel).glob("*.php"))
        first = next(
            (
                f
                for f in files
                if is_doctrine_migration(f.as_posix(), f.read_text("utf-8", errors="replace"))
            ),
            None,
        )
        if first is None:
            return None
        named, read = code_migration_config(first.absolute())
        if not named or read is None:
            return None
        try:
            where = read.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            where = read.as_posix()
        seen.add((named, where))
    return next(iter(seen)) if len(seen) == 1 else None


def read_dialects(root: Path, paths: tuple[str, ...]) -> tuple[str, bool] | None:
    """The one dialect ``check`` reads the files of ``paths`` in, and whether
    their text showed it (else it is PostgreSQL, the default); None when
    they are read in several or none."""
    from dbnamelint.dialects.names import sniff_signal
    from dbnamelint.frontends.sql.sources import read_source
    from dbnamelint.runner.pipeline import load_paths

    loaded = load_paths([str(root / p) for p in paths], SourceSettings(root=root))
    dialects = {f.dialect for f in loaded.files}
    if len(dialects) != 1:
        return None
    texts = [read_source(f, root) for f in loaded.files]
    shown = any(isinstance(t, str) and sniff_signal(t) is not None for t in texts)
    return next(iter(dialects)), shown
