"""The indexes Django's migration state names, and which model holds each.

An ``Index(name=...)`` of a model (``AddIndex``, ``CreateModel``'s
``options={"indexes": [...]}``) is kept by name in Django's state: a later
``RemoveIndex`` drops it by that name, and ``makemigrations`` compares it
with ``Meta.indexes``. A phase renaming one in the database must rename it
in the state too (``RenameIndex(model_name, new_name, old_name)``, Django
4.1+: :mod:`.django_state`). Read from the app's migrations in name order,
as :func:`dbnamelint.django_ops.app_state` reads them.
"""

from __future__ import annotations

import ast
from pathlib import Path


def _string(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _argument(call: ast.Call, position: int, name: str) -> ast.expr | None:
    given = next((k.value for k in call.keywords if k.arg == name), None)
    if given is None and len(call.args) > position:
        return call.args[position]
    return given


def _callee(call: ast.Call) -> str:
    func = call.func
    return (
        func.attr
        if isinstance(func, ast.Attribute)
        else func.id
        if isinstance(func, ast.Name)
        else ""
    )


def _index_name(index: ast.expr | None) -> str | None:
    return _string(_argument(index, 99, "name")) if isinstance(index, ast.Call) else None


def named_indexes(folder: Path) -> dict[str, str]:
    """Index name -> its model (lowercased) for each named index the
    migrations of ``folder`` leave in Django's state."""
    out: dict[str, str] = {}
    files = sorted(p for p in folder.glob("*.py") if p.name[:1].isdigit())
    for path in files:
        try:
            tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
        except (OSError, SyntaxError, ValueError):
            continue
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
        for call in sorted(calls, key=lambda c: (c.lineno, c.col_offset)):
            _learn(call, out)
    return out


def _learn(call: ast.Call, out: dict[str, str]) -> None:
    operation = _callee(call)
    if operation in ("AddIndex", "AddIndexConcurrently"):
        model = _string(_argument(call, 0, "model_name"))
        name = _index_name(_argument(call, 1, "index"))
        if model and name:
            out[name] = model.lower()
    elif operation in ("RemoveIndex", "RemoveIndexConcurrently"):
        out.pop(_string(_argument(call, 1, "name")) or "", None)
    elif operation == "RenameIndex":
        new = _string(_argument(call, 1, "new_name"))
        old = _string(_argument(call, 2, "old_name"))
        if old and new and old in out:
            out[new] = out.pop(old)
    elif operation == "CreateModel":
        model = _string(_argument(call, 0, "name"))
        options = _argument(call, 3, "options")
        if model and isinstance(options, ast.Dict):
            for key, value in zip(options.keys, options.values, strict=False):
                if _string(key) == "indexes" and isinstance(value, (ast.List, ast.Tuple)):
                    for index in value.elts:
                        name = _index_name(index)
                        if name:
                            out[name] = model.lower()
    elif operation == "DeleteModel":
        model = (_string(_argument(call, 0, "name")) or "").lower()
        for name in [n for n, m in out.items() if m == model]:
            del out[name]
    elif operation == "RenameModel":
        old_model = (_string(_argument(call, 0, "old_name")) or "").lower()
        new_model = (_string(_argument(call, 1, "new_name")) or "").lower()
        for name, model in list(out.items()):
            if model == old_model and new_model:
                out[name] = new_model
