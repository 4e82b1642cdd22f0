"""A Rails app's models and the compatibility views: no primary key.

Active Record reads a table's primary key from the database's index
catalog (PostgreSQL: ``primary_keys`` in Rails'
``connection_adapters/postgresql/schema_statements.rb`` selects the
``pg_index`` rows with ``indisprimary``; MySQL's reads the ``PRIMARY`` index
from ``information_schema.statistics``, SQLite's the ``pk`` column of
``PRAGMA table_info``). A view has no index, so a model still reading the
old name, now the compatibility view, has no primary key: ``find``,
``update`` and ``destroy`` by id fail until the model reads the new table or
says ``self.primary_key = "id"``. The note names those models, found as
``impact`` finds them (:class:`~dbnamelint.impact.rails.RailsModels`).
"""

from __future__ import annotations

from pathlib import Path

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import profile_for
from dbnamelint.impact.rails import RailsModels

_PRIMARY_KEY = lazy_compile(r"\bself\.primary_keys?\s*=")
#: Where each database's Active Record adapter finds a table's primary key.
_KEY_SOURCES = {
    "postgres": "PostgreSQL: pg_index rows with indisprimary",
    "mysql": "MySQL: information_schema.statistics' PRIMARY index",
    "sqlite": "SQLite: PRAGMA table_info's pk",
}


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def primary_key_note(old_tables: list[str], root: Path, dialect: str | None = None) -> str | None:
    """The note for a Rails app below ``root`` (an ``app/models`` folder holding
    Ruby files) whose tables ``old_tables`` become compatibility views, on a
    ``dialect`` database (its catalog named); None for another tree or no
    view. Models' files that set ``self.primary_key`` are left out."""
    models_dir = root / "app" / "models"
    if not old_tables or not models_dir.is_dir():
        return None
    texts: dict[str, str] = {}
    for file in sorted(models_dir.rglob("*.rb")):
        text = _read(file)
        if text is not None:
            texts[file.relative_to(root).as_posix()] = text
    if not texts:
        # no Ruby model: not a Rails app's folder (trial s32 outline: its
        # frontend's MobX stores in app/models/*.ts got this note)
        return None
    models = RailsModels(texts.items(), lambda p: texts.get(p) or _read(root / p))
    olds = {t.casefold() for t in old_tables}
    named = sorted(
        f"{name} ({path}, table {table})"
        for name, (table, path) in models.tables().items()
        if table.casefold() in olds and not _PRIMARY_KEY.search(texts.get(path, ""))
    )
    which = (
        f": {', '.join(named)} need one, or `dbnamelint impact --diff` to point them at the "
        "new tables"
        if named
        else ""
    )
    return (
        "Rails: Active Record reads a table's primary key from the database's index catalog "
        f"({_KEY_SOURCES.get(profile_for(dialect).family.value, _KEY_SOURCES['postgres'])}), "
        "and a compatibility view has none, so "
        "a model still reading an old table name cannot find, update or destroy by id "
        'until it reads the new table or sets self.primary_key = "id"' + which
    )
