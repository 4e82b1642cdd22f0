"""Which of a Rails app's databases its Ruby code runs on.

A Rails 6+ app with several databases (``config/database.yml``:
``primary`` beside solid_queue's ``queue``...) dumps each to a file of its own
(``db/schema.rb``, ``db/queue_schema.rb``); its models run on the primary
(``ApplicationRecord``, ``primary_abstract_class``) unless a class of their
chain says ``connects_to database: { writing: :queue }``. The app's code was
attributed by package only, and one package holding several databases' dumps
made every file of it "code no database is known for" (trial s37 lobsters:
``app/models/read_ribbon.rb``, ``database cache or primary or queue or
rack_attack``).

A file is the database of the ``connects_to`` of its class or of a class up
its chain (the app's ``app/`` classes, read once); a file naming such a class
of another database may run there too (no answer); any other file of the app
is the primary's.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from dbnamelint.core.lazyre import lazy_compile

__all__ = ["RailsOwners"]

_CLASS = lazy_compile(
    r"^[ \t]*class[ \t]+(?P<name>[\w:]+)[ \t]*<[ \t]*(?P<parent>[\w:]+)", re.MULTILINE
)
_CONNECTS = lazy_compile(
    r"\bconnects_to\b[ \t(]*database:\s*\{[^}]*?\bwriting:\s*:?[\"']?(?P<db>\w+)", re.DOTALL
)
_OTHER_CONNECTION = lazy_compile(r"\b(?:connects_to|establish_connection|connected_to)\b")
#: Ruby that runs in the app (views with it).
_RUBY = (".rb", ".rake", ".erb")


class RailsOwners:
    """The app's dumps and class chains, per package (an app's folder)."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._classes: dict[str, tuple[dict[str, str], dict[str, str]]] = {}

    def database(
        self, path: str, text: str, package: str, held: Mapping[str, Sequence[str]]
    ) -> str | None:
        """The database of ``held`` (name -> its schema files) the Ruby file
        ``path`` (``text``) of the app at ``package`` runs on, or None when
        it is no such app's file or may run on several."""
        if not path.endswith(_RUBY):
            return None
        dumps = _rails_databases(package, held)
        primary = dumps.get("primary")
        if primary is None:
            return None
        parents, connects = self._app_classes(package)
        if _OTHER_CONNECTION.search(text):
            found = _CONNECTS.search(text)
            return dumps.get(found.group("db")) if found else None
        for own in _CLASS.finditer(text):
            at, seen = own.group("parent"), 0
            while at and seen < 20:
                if at in connects:
                    return dumps.get(connects[at])
                at, seen = parents.get(at, ""), seen + 1
        others = [c for c, db in connects.items() if dumps.get(db) != primary]
        if any(_names(text, c) for c in others):
            return None  # it may run a query through another database's class
        return primary

    def _app_classes(self, package: str) -> tuple[dict[str, str], dict[str, str]]:
        """(class -> its parent, class -> the Rails database its connects_to
        names) of the app's ``app/`` Ruby."""
        if package in self._classes:
            return self._classes[package]
        parents: dict[str, str] = {}
        connects: dict[str, str] = {}
        top = self._root / package / "app" if package else self._root / "app"
        for folder, _dirs, files in os.walk(top):
            for name in files:
                if not name.endswith(".rb"):
                    continue
                try:
                    text = Path(folder, name).read_text(encoding="utf-8", errors="replace")
                except OSError:
                    continue
                classes = [(m.group("name"), m.group("parent")) for m in _CLASS.finditer(text)]
                for child, parent in classes:
                    parents[_short(child)] = _short(parent)
                found = _CONNECTS.search(text)
                if found is not None and classes:
                    connects[_short(classes[0][0])] = found.group("db")
        self._classes[package] = (parents, connects)
        return parents, connects


def _short(name: str) -> str:
    return name.rpartition("::")[2]


def _names(text: str, name: str) -> bool:
    return re.search(rf"\b{re.escape(name)}\b", text) is not None


def _rails_databases(package: str, held: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Rails database name (``primary``, ``queue``) -> the ``databases:``
    entry reading its dump in the app at ``package``."""
    prefix = f"{package}/db/" if package else "db/"
    out: dict[str, str] = {}
    for database, files in held.items():
        for path in files:
            if not path.startswith(prefix) or "/" in path[len(prefix) :]:
                continue
            name = path[len(prefix) :]
            if name in ("schema.rb", "structure.sql"):
                out.setdefault("primary", database)
            for tail in ("_schema.rb", "_structure.sql"):
                if name.endswith(tail) and name[: -len(tail)].isidentifier():
                    out.setdefault(name[: -len(tail)], database)
    return out
