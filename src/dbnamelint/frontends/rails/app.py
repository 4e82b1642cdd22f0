"""What a Rails app's configuration says about its ``db/schema.rb``.

- The database: ``config/database.yml``'s ``adapter:`` (or, when the app
  keeps it out of git, its shipped ``database.yml.sample``'s) (``postgresql``,
  ``postgis`` -> PostgreSQL; ``mysql2``, ``trilogy`` -> MySQL; ``sqlite3`` ->
  SQLite), the one of the database a ``db/<name>_schema.rb`` dumps
  (Rails 6+ multi-database: ``development: {primary: ..., <name>: ...}``),
  else the first written.
- Which dump Rails keeps: ``config.active_record.schema_format`` in
  ``config/application.rb`` (``:ruby``, Rails' default, writes
  ``db/schema.rb``; ``:sql`` writes ``db/structure.sql``).
"""

from __future__ import annotations

import re
from pathlib import Path

from dbnamelint.core import readlog
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.rails import yml_sections

__all__ = [
    "DATABASE_YML_TEMPLATES",
    "adapter_dialect",
    "database_yml",
    "migration_folders",
    "migrations_path",
    "migrations_paths",
    "reads_ruby",
    "schema_format",
]

#: ActiveRecord adapter names -> dialect.
ADAPTERS = {
    "postgresql": "postgres",
    "postgis": "postgres",
    "mysql2": "mysql",
    "trilogy": "mysql",
    "mysql": "mysql",
    "sqlite3": "sqlite",
    "sqlite": "sqlite",
}
#: An ERB value's default, the adapter Rails gives every environment not
#: setting the variable (huginn's ``<%= ENV['DATABASE_ADAPTER'].presence ||
#: "mysql2" %>``, ``<%= ENV.fetch("DATABASE_ADAPTER", "postgresql") %>``).
_ERB_DEFAULT = r"(?:<%=[^\n%]*?(?:\|\||,)[ \t]*)?"
_ADAPTER = lazy_compile(
    r"^(?P<indent>[ \t]*)adapter:[ \t]*" + _ERB_DEFAULT + r"[\"']?(?P<name>[\w-]+)", re.MULTILINE
)
_ADAPTER_VALUE = lazy_compile(_ERB_DEFAULT + r"[\"']?(?P<name>[\w-]+)")
_SECTION = lazy_compile(r"^(?P<indent>[ \t]*)(?P<key>[\w-]+):[ \t]*(?:#.*)?$", re.MULTILINE)
#: ``config.active_record.schema_format = :sql`` (``config/application.rb``, an
#: environment file), ``ActiveRecord.schema_format = :sql`` or the older
#: ``ActiveRecord::Base.schema_format = :sql`` (an initializer).
_FORMAT = lazy_compile(
    r"^[ \t]*(?:(?:Rails\.application\.)?config\.active_record|ActiveRecord(?:::Base)?)"
    r"\.schema_format[ \t]*=[ \t]*:(?P<format>\w+)",
    re.MULTILINE,
)


def _read(path: Path) -> str | None:
    readlog.note_side(str(path.absolute()))
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


#: The templates an app ships when it keeps ``config/database.yml`` out of git
#: (lobsters' ``.gitignore`` lists it; a developer copies the sample into
#: place): the copy every checkout, CI's included, has.
DATABASE_YML_TEMPLATES = (
    "database.yml.sample",
    "database.yml.example",
    "database.yml.dist",
    "database.yml.template",
    "database.sample.yml",
    "database.example.yml",
)


def database_yml(app: Path) -> Path | None:
    """The app's ``config/database.yml``, else the template of it the app
    ships (:data:`DATABASE_YML_TEMPLATES`, the first present), else None."""
    config = app / "config"
    for name in ("database.yml", *DATABASE_YML_TEMPLATES):
        path = config / name
        readlog.note_side(str(path.absolute()))
        if path.is_file():
            return path
    return None


def _database_yml_text(app: Path) -> str | None:
    path = database_yml(app)
    return _read(path) if path is not None else None


def adapter_dialect(schema_rb: Path) -> str | None:
    """The dialect of the database ``schema_rb`` (``<app>/db/[<name>_]schema.rb``)
    dumps, from ``<app>/config/database.yml``; None when it names none known."""
    text = _database_yml_text(schema_rb.parent.parent)
    if text is None:
        return None
    database = schema_rb.name[: -len("_schema.rb")] if schema_rb.name != "schema.rb" else None
    found = list(_ADAPTER.finditer(text))
    if database is not None and yml_sections.has_alias(text):
        # the section's adapter may come from an anchor (`<<: *queue`)
        data = yml_sections.load(text)
        for section in yml_sections.sections(data, database) if data is not None else []:
            adapter = section.get("adapter")
            value = _ADAPTER_VALUE.match(adapter) if isinstance(adapter, str) else None
            if value is not None:
                return ADAPTERS.get(value.group("name").lower())
    if database is not None:
        # the adapter written in (or inherited into) the `<name>:` section
        named = _in_section(text, database, found)
        if named is not None:
            return ADAPTERS.get(named.lower())
    for adapter in found:
        dialect = ADAPTERS.get(adapter.group("name").lower())
        if dialect is not None:
            return dialect
    return None


def _in_section(text: str, database: str, found: list[re.Match[str]]) -> str | None:
    """The ``name`` group of the first of ``found`` (matches of a key) written
    inside a ``<database>:`` section of ``database.yml``'s ``text``."""
    key = _key_in_section(text, database, found)
    return key.group("name") if key is not None else None


def _key_in_section(text: str, database: str, found: list[re.Match[str]]) -> re.Match[str] | None:
    keys = _keys_in_sections(text, database, found)
    return keys[0] if keys else None


def _keys_in_sections(text: str, database: str, found: list[re.Match[str]]) -> list[re.Match[str]]:
    """The first of ``found`` inside each ``<database>:`` section of
    ``database.yml``'s ``text`` (one per environment: ``development:``,
    ``test:``, ``production:`` each hold a ``queue:``), in file order."""
    out: list[re.Match[str]] = []
    for section in _SECTION.finditer(text):
        if section.group("key") != database:
            continue
        indent = len(section.group("indent"))
        for key in found:
            if key.start() > section.end() and len(key.group("indent")) > indent:
                between = text[section.end() : key.start()]
                if not re.search(rf"^[ \t]{{0,{indent}}}[\w-]+:", between, re.MULTILINE):
                    out.append(key)
                break
    return out


_MIGRATIONS_PATHS = lazy_compile(
    r"^(?P<indent>[ \t]*)migrations_paths:[ \t]*(?P<name>[^\n#]*)", re.MULTILINE
)
#: One entry of a YAML list: ``- db/a_migrate`` on its own line.
_YAML_ITEM = lazy_compile(r"\A[ \t]*-[ \t]*[\"']?(?P<item>[\w./-]+)")
_PATH_WORD = lazy_compile(r"[\"']?(?P<item>[\w./-]+)[\"']?")


def migrations_paths(app: Path, database: str) -> list[str] | None:
    """The ``migrations_paths:`` of the ``database`` sections of the app's
    ``config/database.yml``, every environment's, the first written first
    (Rails' ``HashConfig#migrations_paths``: Rails 8's
    generated ``queue:`` section says ``db/queue_migrate``), relative to the
    app: one path, a flow list ``[db/a, db/b]`` or a block list of ``- db/a``
    lines (Rails accepts a string or an array there), or None (that database
    then shares ``db/migrate``)."""
    text = _database_yml_text(app)
    if text is None:
        return None
    # Every environment's: lobsters' development section says
    # db/development/queue_migrate, production's db/queue_migrate, and
    # `db:migrate` in production runs the latter (trial s37 lobsters A8: a
    # migration there passed the gate). The first stays first: where
    # `migrations_path` (new migrations) looks.
    items: list[str] = []
    if yml_sections.has_alias(text):
        # a section may take migrations_paths: from an anchor (`<<: *queue`),
        # which no line of it says (session 37 H2): read it as YAML does
        data = yml_sections.load(text)
        if data is not None:
            for section in yml_sections.sections(data, database):
                value = section.get("migrations_paths")
                found = value if isinstance(value, list) else [value]
                items += [p for p in found if isinstance(p, str) and p and p not in items]
            return items or None
    for key in _keys_in_sections(text, database, list(_MIGRATIONS_PATHS.finditer(text))):
        items += [item for item in _paths_of(text, key) if item not in items]
    return items or None


def _paths_of(text: str, key: re.Match[str]) -> list[str]:
    """The folders one ``migrations_paths:`` key of ``text`` names."""
    value = key.group("name").strip()
    if value.startswith("["):
        return [m.group("item") for m in _PATH_WORD.finditer(value.strip("[] "))]
    if value:
        word = _PATH_WORD.match(value)
        return [word.group("item")] if word else []
    # a block list: the `- x` lines below the key
    items = []
    for line in text[key.end() :].split("\n")[1:]:
        item = _YAML_ITEM.match(line)
        if item is None:
            if line.strip() and not line.strip().startswith("#"):
                break
            continue
        items.append(item.group("item"))
    return items


def migrations_path(app: Path, database: str) -> str | None:
    """The first of :func:`migrations_paths` (the folder the database's
    ``db:migrate`` writes new migrations to), or None."""
    paths = migrations_paths(app, database)
    return paths[0] if paths else None


#: Ruby that adds to the primary database's migration folders:
#: ``config.paths["db/migrate"] << "db/post_migrate"`` (``Rails::Paths::Root``;
#: ``ActiveRecord::Tasks::DatabaseTasks#migrations_paths`` is
#: ``Rails.application.paths["db/migrate"].to_a``, what ``db:migrate`` runs),
#: ``paths.add "db/migrate", with: [...]``, ``paths["db/migrate"].push(...)``,
#: or ``ActiveRecord::Migrator.migrations_paths << ...`` (mastodon's
#: ``Mastodon::Database.add_post_migrate_path_to_rails``, GitLab's
#: ``db/post_migrate``).
_ADDS_PATH = lazy_compile(
    r"""paths\s*\[\s*["']db/migrate["']\s*\]|paths\.add\s*\(?\s*["']db/migrate["']"""
    r"|\bmigrations_paths\s*(?:<<|\.(?:push|append|unshift|prepend|concat)|\+?=)"
)
#: A string literal naming a folder whose last part ends with ``migrate``.
_MIGRATE_LITERAL = lazy_compile(r"""["'](?P<path>(?:[\w.-]+/)*[\w.-]*migrate)["']""")


def migration_folders(app: Path) -> list[str]:
    """The primary database's migration folders, relative to the app:
    ``db/migrate`` and each folder the app's Ruby (``config/**/*.rb``,
    ``lib/**/*.rb``) adds to ``paths["db/migrate"]`` or
    ``ActiveRecord::Migrator.migrations_paths`` that exists: a file doing so
    names it as a string literal ending in ``migrate`` (``"db/post_migrate"``,
    or ``'post_migrate'`` joined to ``paths['db']``, mastodon's), a folder
    ``bin/rails db:migrate`` runs the migrations of as of ``db/migrate``."""
    found = ["db/migrate"]
    for rel in _primary_migrations_paths(app):
        if rel not in found and (app / rel).is_dir():
            found.append(rel)
    for folder in ("config", "lib"):
        try:
            files = sorted((app / folder).rglob("*.rb"))
        except OSError:
            continue
        for path in files:
            text = _read(path)
            if text is None or _ADDS_PATH.search(text) is None:
                continue
            for literal in _MIGRATE_LITERAL.finditer(text):
                name = literal.group("path").strip("/")
                rel = name if "/" in name else f"db/{name}"
                if rel not in found and (app / rel).is_dir():
                    found.append(rel)
    return found


#: The keys of one database's configuration (a two-tier ``database.yml``'s
#: environment section is the primary database's).
_CONFIG_KEYS = frozenset({"adapter", "database", "url", "migrations_paths", "host"})


def _primary_migrations_paths(app: Path) -> list[str]:
    """The ``migrations_paths:`` of the primary database in every environment
    of ``config/database.yml``: an environment's own key (two-tier file), or
    its ``primary:`` (else first) database's (three-tier). Rails'
    ``db:migrate`` runs those folders for the primary (``HashConfig#
    migrations_paths``; trial s40 maybe: a migration in such a folder passed
    the gate unseen)."""
    text = _database_yml_text(app)
    if text is None or "migrations_paths" not in text:
        return []
    data = yml_sections.load(text)
    out: list[str] = []
    for env in (data or {}).values():
        if not isinstance(env, dict):
            continue
        config: object = env
        if not _CONFIG_KEYS & env.keys():
            named = [v for v in env.values() if isinstance(v, dict)]
            config = env.get("primary", named[0] if named else None)
        value = config.get("migrations_paths") if isinstance(config, dict) else None
        for path in value if isinstance(value, list) else [value]:
            if isinstance(path, str) and path.strip("/ ") and path.strip("/ ") not in out:
                out.append(path.strip("/ "))
    return out


def schema_format(app: Path) -> str | None:
    """``config.active_record.schema_format`` of the app at ``app``
    (``ruby`` or ``sql``) as ``config/application.rb``, an environment file
    (``config/environments/*.rb``) or an initializer sets it; ``ruby`` when
    none does (Rails' default), None without a ``config/application.rb``."""
    config = app / "config"
    text = _read(config / "application.rb")
    if text is None:
        return None
    found = _FORMAT.search(text)
    if found is not None:
        return found.group("format")
    for folder in ("environments", "initializers"):
        try:
            files = sorted((config / folder).glob("*.rb"))
        except OSError:
            continue
        for path in files:
            more = _read(path)
            if more is not None and (found := _FORMAT.search(more)) is not None:
                return found.group("format")
    return "ruby"


def reads_ruby(db: Path) -> bool:
    """Whether Rails keeps ``db/schema.rb`` for the app whose ``db`` folder
    is ``db``: its ``schema_format`` is ``:ruby`` (the default), or, with no
    ``config/application.rb`` to say, no ``db/structure.sql`` is beside it."""
    found = schema_format(db.parent)
    if found is None:
        return not (db / "structure.sql").is_file()
    return found == "ruby"
