"""The models an app's Django migrations create, by app folder.

A model class whose base comes from outside the project (``class
Note(SoftDeleteModel)``, the base a third-party abstract model) cannot be
told a model by its bases; its app's migrations can: ``makemigrations``
writes ``CreateModel(name="Note", ...)`` for every concrete model of the
app, and ``RenameModel(old_name=..., new_name="Note")`` when one is renamed
(Django docs, "Migration Operations"). A migration file is
``<app folder>/migrations/<name>.py``; files Python cannot parse are skipped.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

#: Operations whose keyword names the model as it is after them.
_NAMING = {"CreateModel": ("name", 0), "RenameModel": ("new_name", 1)}


def is_migration_file(path: str) -> bool:
    """Whether ``path`` is a module of an app's ``migrations`` package."""
    parts = path.split("/")
    return len(parts) >= 2 and parts[-2] == "migrations" and parts[-1].endswith(".py")


def _callee(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _named(call: ast.Call) -> str | None:
    """The model name a ``CreateModel``/``RenameModel`` call leaves, if written as a literal."""
    spec = _NAMING.get(_callee(call.func))
    if spec is None:
        return None
    keyword, position = spec
    value = next((k.value for k in call.keywords if k.arg == keyword), None)
    if value is None and len(call.args) > position:
        value = call.args[position]
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value
    return None


def created_models(files: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """App folder -> the case-folded model names its migrations create or rename to."""
    out: dict[str, set[str]] = {}
    for path, text in files:
        if not is_migration_file(path) or "Model" not in text:
            continue
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        folder = "/".join(path.split("/")[:-2])
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = _named(node)
                if name is not None:
                    out.setdefault(folder, set()).add(name.casefold())
    return out
