"""Where a project with no SQL file keeps its DDL: the code files that hold it.

miniflux and dex keep their whole schema in Go (a migration list of SQL
strings their own runner applies); ``init`` found "0 SQL files" and
``check`` said "All checks passed!" with a bare "no SQL files found"
warning, as if there were nothing to check (trial s22 dex #8). These runs
now name the code files: ``init`` writes a Go migration list into
``paths:`` (read as migrations: :mod:`dbnamelint.go_list_sql`), and for
other code's DDL (start-up ``db.Exec("CREATE TABLE ...")``, which the gate
judges when a change adds it: :mod:`.code_ddl`) says how to check today's
names: a database the code built (``check --db``) or a schema dump of it.

Looked at only when a run found no SQL file: every file of a language
:func:`~dbnamelint.impact.languages.family` knows, up to :data:`MAX_BYTES`,
outside hidden and dependency folders and not a test (as the gate tells
one), whose text holds ``CREATE TABLE``. Reads text only; unreadable files
are skipped (they are code, not input the run was asked to read).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.code_ddl_text import ddl_strings
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.fixture_paths import is_test_file
from dbnamelint.impact.languages import family
from dbnamelint.impact.migration_lists import migration_lists
from dbnamelint.model import Diagnostic, Location, Severity

#: What a code file named where SQL was asked for is (exit 3, README "Exit codes").
UNREADABLE_CODE = "DBN003"

#: Files larger than this (bytes) are generated or data, not DDL someone keeps.
MAX_BYTES = 2_000_000
#: Files looked at, at most: a hint, not a walk of a monorepo.
MAX_FILES = 20_000
#: Folders of dependencies and build output, never the project's own code.
_SKIPPED = frozenset(
    {"node_modules", "vendor", "third_party", "target", "build", "dist", "venv", "__pycache__"}
)
_CREATE_TABLE = lazy_compile(r"create\s+table", re.IGNORECASE)


class CodeDdl(Struct, frozen=True):
    """A code file holding DDL: ``path`` relative to the folder looked in
    (``/``-separated), and whether the DDL is a Go migration list's steps."""

    path: str
    migration_list: bool
    #: The ORM schema call making tables from Go structs (``GORM AutoMigrate()``), or "".
    orm: str = ""
    #: An Ecto migration (``use Ecto.Migration``): its builder calls, read by the gate.
    ecto: bool = False

    def describe(self) -> str:
        """``internal/database/migrations.go (a Go migration list)``."""
        what = "a Go migration list" if self.migration_list else "DDL strings"
        if self.orm:
            what = f"{self.orm}: a schema made from Go structs"
        if self.ecto:
            what = "an Ecto migration"
        return f"{self.path} ({what})"


def _code_files(root: Path) -> Iterator[tuple[Path, str]]:
    """``(path, relative /-path)`` of each code file under ``root`` a hint
    looks at: a language :func:`~dbnamelint.impact.languages.family` knows,
    not a test, outside hidden and dependency folders, in path order, at
    most :data:`MAX_FILES` files walked."""
    seen = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED)
        for name in sorted(files):
            seen += 1
            if seen > MAX_FILES:
                return
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            if family(name) in (None, "sql", "prose") or is_test_file(rel):
                continue
            yield path, rel


def _text(path: Path) -> str | None:
    """The file's text, or None when it is larger than :data:`MAX_BYTES` or unreadable."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def code_ddl_files(root: Path, limit: int = 5) -> list[CodeDdl]:
    """Up to ``limit`` code files under ``root`` (a folder) holding DDL,
    migration lists first, then in path order."""
    found = [hit for path, rel in _code_files(root) if (hit := _holding_ddl(path, rel))]
    return _ordered(found, limit)


def _ordered(found: list[CodeDdl], limit: int) -> list[CodeDdl]:
    return sorted(found, key=lambda c: (not c.migration_list, c.path))[:limit]


#: A schema builder's call creating a table (Knex, Kysely, Sequelize, Laravel).
_BUILDER_CREATE = lazy_compile(r"\bcreateTable\b|\bSchema::create\b")


def _holding_ddl(path: Path, rel: str) -> CodeDdl | None:
    text = _text(path)
    if text is not None and _BUILDER_CREATE.search(text):
        # Builder calls as the SQL they run, as the gate reads them (trial
        # s32 outline: `check server/migrations`, 301 Sequelize migrations
        # of queryInterface.createTable, passed with a warning).
        if rel.lower().endswith((".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")):
            from dbnamelint.kysely_schema import shadow_text as js_shadow

            text = js_shadow(rel, text)[0]
        elif rel.lower().endswith(".php"):
            from dbnamelint.laravel_schema import shadow_text as php_shadow

            text = php_shadow(rel, text)[0]
    if text is not None and rel.endswith(".go") and not _CREATE_TABLE.search(text):
        # GORM's AutoMigrate, xorm's Sync: a schema with no DDL text (trial s38 gogs)
        from dbnamelint.go_orm_builders import builder_calls

        calls = builder_calls(rel, text)
        return CodeDdl(rel, migration_list=False, orm=calls[0][1]) if calls else None
    if text is None or not _CREATE_TABLE.search(text):
        return None
    if rel.endswith(".go") and migration_lists(rel, text):
        return CodeDdl(rel, migration_list=True)
    if rel.endswith(".exs") and "Ecto.Migration" in text:
        # `create table(:t) do`: builder calls, no DDL string (trial s40
        # papercups: `init` and `check` said only "no SQL files found")
        from dbnamelint.code_builders import builder_kind, shadow_text

        if builder_kind(rel, text) == "ecto":
            ecto = bool(ddl_strings(rel, shadow_text(rel, text)[0]))
            return CodeDdl(rel, migration_list=False, ecto=True) if ecto else None
    return CodeDdl(rel, migration_list=False) if ddl_strings(rel, text) else None


def named_code_folders(
    named: Sequence[str], cwd: Path, dialect: str | None, read: Iterable[str]
) -> list[Diagnostic]:
    """A ``DBN003`` error at each folder ``named`` on the command line from
    which no SQL file was ``read`` (the read files' paths) and whose code files
    hold DDL: naming it names those files, and a code file named is
    ``DBN003`` (exit 3). Before, ``inspect server/src/schema/migrations``
    (immich's Kysely .ts migrations) printed ``0 objects`` and exited 0, and
    ``check`` passed with a warning, while naming one file was exit 3
    (trial s31)."""
    # Each read file's real path is worked out only until one lies in the
    # folder: the first does, as a rule (684 ``realpath`` calls, an ``lstat``
    # per component of each, were 0.4% of a Diesel tree's first check).
    resolved: list[str] = []
    pending = iter(read)

    def reads_in(real: str) -> bool:
        below = real.rstrip(os.sep) + os.sep
        if any(p == real or p.startswith(below) for p in resolved):
            return True
        for path in pending:
            resolved.append(os.path.realpath(path))
            if resolved[-1] == real or resolved[-1].startswith(below):
                return True
        return False

    out: list[Diagnostic] = []
    for raw in named:
        folder = cwd / raw
        try:
            if not folder.is_dir():
                continue
        except OSError:  # unsearchable: the run's own DBN003 says so
            continue
        real = os.path.realpath(folder)
        if reads_in(real):
            continue
        found = code_ddl_files(folder)
        if not found:
            continue
        shown = [
            replace(f, path=os.path.relpath(folder / f.path, cwd).replace(os.sep, "/"))
            for f in found
        ]
        out.append(
            Diagnostic(
                Location(raw.replace(os.sep, "/"), 1, 1),
                Severity.ERROR,
                "no SQL file in this folder, only code holding DDL, which check and inspect "
                "do not read as a schema (as for a code file named, this is an input error: "
                f"exit 3). {advice(shown, dialect)}",
                UNREADABLE_CODE,
            )
        )
    return out


def code_ddl_hint(dialect: str | None, tree: Sequence[str], cwd: Path) -> str:
    """``; DDL in code: ...`` when the folders of ``tree`` hold DDL in code
    files only, else empty: what ``check`` and ``drift`` add to "no SQL files
    found" (trial s40: an Ecto app's `drift` said only that)."""
    from dbnamelint.textsafe import visible

    found = []
    for path in tree:
        folder = cwd / path
        try:
            is_folder = folder.is_dir()
        except OSError:  # unsearchable: the run's own DBN003 says so
            continue
        if is_folder:
            found += [
                replace(f, path=os.path.relpath(folder / f.path, cwd).replace(os.sep, "/"))
                for f in code_ddl_files(folder)
            ]
    said = [advice(found[:5], dialect)] if found else []
    return f"; {visible(' '.join(said))}" if said else ""


def advice(files: list[CodeDdl], dialect: str | None) -> str:
    """What to do about DDL that only ``files`` hold (one paragraph, no newline)."""
    lists = [f.path for f in files if f.migration_list]
    others = [f for f in files if not f.migration_list and not f.ecto]
    said = [f"DDL in code: {', '.join(f.describe() for f in files)}."]
    if lists:
        said.append(
            f"A Go migration list named in `paths:` (paths: [{', '.join(lists)}]) is read as "
            "the migrations its steps are."
        )
    if others:
        dump = {
            "mysql": "mysqldump --no-data",
            "sqlite": "sqlite3 FILE .schema",
        }.get(dialect or "", "pg_dump --schema-only")
        said.append(
            "Other code's DDL is not read as a schema: check a database that code built "
            f"(`dbnamelint check --db URL`), or save its schema ({dump}) as a .sql file and "
            "check that; the gate (`check --base`, the pre-commit hook) judges the DDL strings "
            "a change adds to code (not to a Rails migration under db/migrate/, whose DDL "
            "a db/structure.sql dump carries)."
        )
    if any(f.ecto for f in files):
        said.append(
            "Ecto migrations are not read as a schema: `mix ecto.dump` writes the schema they "
            "make to priv/<repo>/structure.sql, which is read as one (name its folder in "
            "`paths:`), and the gate then checks each new migration's version against it "
            "(DBN032); without it the gate judges the names each new migration's calls make."
        )
    if any(f.orm for f in files):
        said.append(
            "No Go struct is read as a schema: the gate refuses each GORM or xorm schema "
            "call a change adds (DBN013) unless a `// dbnamelint: ignore[DBN013] <reason>` "
            "comment accepts it."
        )
    return " ".join(said)


def rails_schema_rb(root: Path) -> str | None:
    """``db/schema.rb`` (``/``-path relative to ``root``) of a Rails app under
    ``root`` or one folder below it that keeps its schema as Ruby
    (:func:`dbnamelint.frontends.rails.app.reads_ruby`: ``schema_format``
    ``:ruby``, Rails' default), else None. Such a file is read as the
    database's dump (:mod:`dbnamelint.frontends.rails`)."""
    from dbnamelint.frontends.rails.app import reads_ruby

    candidates = [root / "db" / "schema.rb"]
    try:
        candidates += [c / "db" / "schema.rb" for c in sorted(root.iterdir()) if c.is_dir()]
    except OSError:
        return None
    for path in candidates:
        if path.is_file() and reads_ruby(path.parent):
            return path.relative_to(root).as_posix()
    return None


def rails_advice(schema_rb: str, root: Path, dialect: str | None) -> str:
    """How a Rails app's :func:`rails_schema_rb` (relative to ``root``) is read
    (``init`` says it)."""
    from dbnamelint.frontends.rails.app import adapter_dialect, database_yml

    adapter = adapter_dialect(root / schema_rb)
    config = database_yml((root / schema_rb).parent.parent)
    told = (
        f"config/{config.name if config else 'database.yml'}'s adapter: {adapter}"
        if adapter is not None
        else f"no adapter in config/database.yml: {dialect or 'postgres'}"
    )
    return (
        f"Rails: {schema_rb} is read as the database's dump ({told}): its create_table, "
        "t.index, t.check_constraint, add_foreign_key... as the SQL bin/rails db:schema:load "
        "runs, implicit names as Rails and the database give them; the Ruby migrations "
        "under db/migrate/ are not read: the gate refuses one newer than its "
        "define(version:) (run bin/rails db:migrate and commit db/schema.rb)"
    )


def _schema_api(rel: str, text: str) -> bool:
    """Whether ``text`` is a Doctrine migration changing the schema with the
    Schema API (``$schema->createTable('x')``), or a JavaScript/TypeScript
    migration with Kysely's, Knex's or Sequelize's schema builder calls the
    gate reads (``db.schema.createTable('t')``, ``queryInterface.addColumn``,
    :mod:`dbnamelint.kysely_schema`): DDL with no SQL in it (confirmation
    s31: a Kysely-only tree's ``init`` said only "Found 0 SQL files")."""
    from dbnamelint.doctrine_schema import is_doctrine_migration, schema_sql
    from dbnamelint.kysely_schema import is_js

    if is_js(rel):
        from dbnamelint import knexseq_schema, kysely_schema

        lower = text.lower()
        if ".schema" not in text and "sequelize" not in lower and "queryinterface" not in lower:
            return False
        return bool(
            kysely_schema.builder_sql(rel, text).calls
            or knexseq_schema.builder_sql(rel, text).calls
        )
    if not is_doctrine_migration(rel, text) or "$" not in text:
        return False
    found = schema_sql(text)
    return bool(found.runs or found.unread)


def doctrine_folders(root: Path, limit: int = 5) -> list[tuple[str, int]]:
    """Folders under ``root`` holding Doctrine migrations that change the
    schema (``addSql`` DDL strings or Schema API calls): ``(folder, files)``,
    ``files`` every Doctrine migration of the folder,
    ``/``-separated and relative to ``root``, the most files first. Named in
    ``paths:`` as ``<folder>/*.php``, they are read as the SQL their ``up()``
    runs (:func:`dbnamelint.doctrine_schema.migration_sql`)."""
    from dbnamelint.doctrine_schema import is_doctrine_migration
    from dbnamelint.impact.history import in_migration_folder

    counts: dict[str, int] = {}
    schema: set[str] = set()  # folders with a migration making tables
    for path, rel in _code_files(root):
        if not rel.endswith(".php") or not in_migration_folder(rel):
            continue
        text = _text(path)
        if text is None or not is_doctrine_migration(rel, text):
            continue
        # every migration of the folder counts: `<folder>/*.php` reads them
        # all (trial s41 kimai: "52 files" of 78, those with an ALTER only left out)
        parent = rel.rpartition("/")[0] or "."
        counts[parent] = counts.get(parent, 0) + 1
        if parent not in schema and (
            _schema_api(rel, text) or (_CREATE_TABLE.search(text) and ddl_strings(rel, text))
        ):
            schema.add(parent)
    found = [(f, n) for f, n in counts.items() if f in schema]
    return sorted(found, key=lambda fc: (-fc[1], fc[0]))[:limit]


def code_migration_folders(root: Path, limit: int = 5) -> list[tuple[str, int]]:
    """Folders under ``root`` whose code migrations (files a tool applies as
    one migration each, :func:`dbnamelint.impact.history.is_migration`:
    spicedb's ``migrations/zz_migration.0001_initial_schema.go``, Django's
    ``0001_initial.py``) hold DDL strings: ``(folder, files)``, ``/``-separated
    and relative to ``root``, the most files first, at most ``limit``.
    Asked by ``init`` when it found SQL files too (spicedb's two FDW examples
    beside 38 Go migrations: the tree's schema is the code's)."""
    from dbnamelint.impact.history import in_migration_folder, is_migration

    counts: dict[str, int] = {}
    for path, rel in _code_files(root):
        if not in_migration_folder(rel):
            continue  # a cheap test first: only there is code a migration
        text = _text(path)
        if text is None:
            continue
        has_ddl = _CREATE_TABLE.search(text) or "ALTER TABLE" in text.upper()
        if (has_ddl and is_migration(rel, text) and ddl_strings(rel, text)) or _schema_api(
            rel, text
        ):
            parent = rel.rpartition("/")[0] or "."
            counts[parent] = counts.get(parent, 0) + 1
    return sorted(counts.items(), key=lambda fc: (-fc[1], fc[0]))[:limit]
