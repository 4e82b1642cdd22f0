"""What a Django migration imports from its project (a ``RunSQL`` subclass, ``RunPython`` code).

A migration may run code written in another module of the project
(``from utilities.migration import AddConstraintSQL``,
``RunPython(code=populate_defaults)`` with ``from .helpers import
populate_defaults``). Django runs it as if it were written in the
migration (``migrations.RunPython``: "code: a callable";
``migrations.RunSQL`` subclassed as any class), so the gate reads it as
the migration's own where the import resolves to a file of the project: a
module beside the migration (a relative import), else one under a folder
above it (an absolute import, as the project's ``manage.py`` folder on
``sys.path`` resolves it), up to the repository's root (its ``.git``).
A name imported from elsewhere (an installed package) is not resolved.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

from dbnamelint import python_trees
from dbnamelint.django_reverse import _callee

#: The folders above a migration searched for an absolute import's module.
_MAX_UP = 8


def _roots(path: Path, module: str, level: int) -> list[Path]:
    """The files that may hold ``module`` imported (``level`` dots) from the file at ``path``."""
    folder = path.parent
    dotted = Path(*module.split(".")) if module else None
    if level:
        base = folder
        for _ in range(level - 1):
            base = base.parent
        bases = [base]
    else:
        bases = []
        for up in [folder, *folder.parents][:_MAX_UP]:
            bases.append(up)
            if (up / ".git").exists():
                break
    out: list[Path] = []
    for base in bases:
        stem = base / dotted if dotted is not None else base
        out += [stem.with_suffix(".py") if dotted is not None else base / "__init__.py"]
        out.append(stem / "__init__.py")
    return out


#: Reads a module of the project: its tree, or None when the file is not
#: there (or does not parse): the working tree's by default; the gate
#: passes one reading another side of a change (the base's commit).
Loader = Callable[[Path], ast.Module | bool | None]


def _parse(path: Path) -> ast.Module | bool | None:
    """The file's tree; False when there is no such file, None when it does not parse."""
    if not path.is_file():
        return False
    try:
        return python_trees.module_tree(path.read_text(encoding="utf-8", errors="replace"))
    except (OSError, SyntaxError, ValueError):
        return None


def _module(
    path: Path, module: str, level: int, load: Loader = _parse
) -> tuple[Path, ast.Module] | None:
    for candidate in _roots(path, module, level):
        tree = load(candidate)
        if tree is False:
            continue
        return (candidate, tree) if isinstance(tree, ast.Module) else None
    return None


def _bound(
    path: Path, tree: ast.Module, name: str, depth: int = 0, load: Loader = _parse
) -> tuple[Path, ast.Module, ast.stmt] | None:
    """The top-level ``def``/``class`` ``name`` of the module at ``path``
    (``tree``), or the one it imports under that name from the project."""
    if depth > 3:
        return None
    for node in tree.body:
        if (
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and node.name == name
        ):
            return path, tree, node
    for imported in python_trees.walk(tree):
        if not isinstance(imported, ast.ImportFrom):
            continue
        for alias in imported.names:
            if (alias.asname or alias.name) != name:
                continue
            found = _module(path, imported.module or "", imported.level, load)
            if found is not None:
                return _bound(found[0], found[1], alias.name, depth + 1, load)
            # ``from . import helpers``: a module, not a name in one
            return None
    return None


def resolve(
    path: str | Path | None, tree: ast.Module, written: ast.expr, load: Loader = _parse
) -> tuple[Path, ast.Module, ast.stmt] | None:
    """(file, its tree, the ``def``/``class``) that ``written`` (``name`` or
    ``module.name``) in the migration at ``path`` (``tree``) names, when it
    is defined in the file or imported from a module of the project; None
    when not (an installed package's, a name bound otherwise). ``load``
    reads the project's modules (:data:`Loader`)."""
    if path is None:
        return None
    here = Path(path)
    if isinstance(written, ast.Name):
        return _bound(here, tree, written.id, load=load)
    if not (isinstance(written, ast.Attribute) and isinstance(written.value, ast.Name)):
        return None
    head, attr = written.value.id, written.attr
    for node in python_trees.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if (alias.asname or alias.name) == head:
                    # ``from pkg import helpers``: the module pkg/helpers.py
                    sub = ".".join(p for p in (node.module or "", alias.name) if p)
                    found = _module(here, sub, node.level, load)
                    if found is not None:
                        return _bound(found[0], found[1], attr, load=load)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname == head or (alias.asname is None and alias.name == head):
                    found = _module(here, alias.name, 0, load)
                    if found is not None:
                        return _bound(found[0], found[1], attr, load=load)
    return None


def subclasses(
    path: Path, tree: ast.Module, node: ast.ClassDef, bases: frozenset[str], depth: int = 0
) -> bool:
    """Whether class ``node`` (of the module at ``path``) derives from one of
    ``bases`` (``RunSQL``): a base written so (``migrations.RunSQL``), or a
    class of the project that does."""
    if depth > 4:
        return False
    for base in node.bases:
        if _callee(base) in bases:
            return True
        found = resolve(path, tree, base)
        if (
            found is not None
            and isinstance(found[2], ast.ClassDef)
            and found[2] is not node
            and subclasses(found[0], found[1], found[2], bases, depth + 1)
        ):
            return True
    return False
