"""The methods of an Alembic revision's own classes that ``upgrade()`` runs.

A revision may keep its operations in a class of its own file
(``class _Helper: def add(self): op.add_column("t", ...)`` run as
``_Helper().add()``, a ``@staticmethod`` run as ``_Helper.add()``, a
module-level instance ``_helper = _Helper()`` run as ``_helper.add()``);
Alembic runs those ``op`` calls as ``upgrade()``'s own, yet only
module-level functions were followed, so they were neither read nor said
(session 38 note). :func:`called_methods` finds, in one function ``upgrade()``
runs, the methods it calls on a class of the file: ``Cls(...).m()``,
``obj.m()`` of ``obj = Cls(...)`` bound once (in the function or at module
level), ``Cls.m()``, ``self.m()``/``cls.m()`` in a method (a method of an
in-file base class too), and ``Cls(...)``'s ``__init__``. Any other use of a
class whose methods run ``op`` calls (passed on, stored, a computed method,
an instance bound more than once) is listed as unfollowed: the ``DBN013``
note, never silence. A method's parameters are read as a plain helper's are
(a name the code computes is a hole).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator

from dbnamelint.python_constants import bindings

__all__ = ["Classes", "called_methods", "method_message"]

_Function = ast.FunctionDef | ast.AsyncFunctionDef


class Classes:
    """The module-level classes of a revision (each bound once at module
    level) and its module-level instances of them (``h = Cls(...)``, the
    name bound once in the whole file)."""

    def __init__(self, tree: ast.Module, runs_ops: Callable[[_Function], bool]) -> None:
        self._runs_ops = runs_ops
        self._running: dict[str, bool] = {}
        self.classes: dict[str, ast.ClassDef] = {}
        self.instances: dict[str, str] = {}
        if not any(isinstance(c, ast.ClassDef) for c in tree.body):
            return  # (most revisions: no walk of the whole file)
        bound = bindings(tree)
        self.classes = {
            c.name: c for c in tree.body if isinstance(c, ast.ClassDef) and bound.get(c.name) == 1
        }
        for stmt in tree.body:
            made = _made(stmt, self.classes)
            if made is not None and bound.get(made[0]) == 1:
                self.instances[made[0]] = made[1]

    def _lineage(self, name: str) -> Iterator[ast.ClassDef]:
        """Class ``name`` and its in-file bases, depth first, each once."""
        seen: set[str] = set()
        queue = [name]
        while queue:
            current = queue.pop(0)
            if current in seen or current not in self.classes:
                continue
            seen.add(current)
            cls = self.classes[current]
            yield cls
            queue[:0] = [b.id for b in cls.bases if isinstance(b, ast.Name)]

    def method(self, name: str, attr: str, skip_own: bool = False) -> ast.FunctionDef | None:
        """Method ``attr`` of class ``name`` (or of an in-file base; the last
        ``def`` of a class wins, as Python binds it); ``skip_own``: from the
        bases only (``super().attr``)."""
        for k, cls in enumerate(self._lineage(name)):
            if skip_own and k == 0:
                continue
            found = [s for s in cls.body if isinstance(s, ast.FunctionDef) and s.name == attr]
            if found:
                return found[-1]
        return None

    def runs_ops(self, name: str) -> bool:
        """Whether a method of class ``name`` (or of an in-file base) runs ``op`` calls."""
        if name not in self._running:
            self._running[name] = any(
                self._runs_ops(s)
                for cls in self._lineage(name)
                for s in cls.body
                if isinstance(s, _Function)
            )
        return self._running[name]


def _made(stmt: ast.AST, classes: dict[str, ast.ClassDef]) -> tuple[str, str] | None:
    """(name, class) of ``name = Cls(...)`` of a class of the file; else None."""
    if (
        isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
        and isinstance(stmt.value, ast.Call)
        and isinstance(stmt.value.func, ast.Name)
        and stmt.value.func.id in classes
    ):
        return stmt.targets[0].id, stmt.value.func.id
    return None


def _first_param(function: _Function) -> str | None:
    """The ``self``/``cls`` parameter of a method (none of a ``@staticmethod``)."""
    if any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in function.decorator_list):
        return None
    params = [*function.args.posonlyargs, *function.args.args]
    return params[0].arg if params else None


def called_methods(
    scope: _Function | list[ast.stmt], owner: str | None, classes: Classes
) -> tuple[list[ast.FunctionDef], list[ast.expr]]:
    """The methods of the file's classes ``scope`` (a function ``upgrade()``
    runs, a method of class ``owner``, or the module's own statements, whose
    calls run at import and are not followed) calls, and each use of a class
    running ``op`` calls it does not follow (see the module docstring)."""
    nodes = scope if isinstance(scope, list) else [scope]
    local = bindings(ast.Module(body=list(nodes), type_ignores=[]))
    follow = not isinstance(scope, list)
    receivers: dict[str, str] = {}  # name -> class (an instance, or the class itself)
    for name in classes.classes:
        if not follow or name not in local:
            receivers[name] = name
    for name, made_of in classes.instances.items():
        if not follow or name not in local:
            receivers[name] = made_of
    if follow:
        assert isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(scope):
            made = _made(node, classes.classes)
            if made is not None and local.get(made[0]) == 1:
                receivers[made[0]] = made[1]
        first = _first_param(scope) if owner is not None else None
        if first is not None and local.get(first) == 1:
            receivers[first] = owner or ""
    parents: dict[int, ast.AST] = {}
    for top in nodes:
        for node in ast.walk(top):
            for child in ast.iter_child_nodes(node):
                parents[id(child)] = node
    methods: list[ast.FunctionDef] = []
    unread: list[ast.expr] = []

    def take(cls: str, attr: str, use: ast.expr, skip_own: bool = False) -> None:
        found = classes.method(cls, attr, skip_own)
        if found is not None and follow:
            methods.append(found)
        elif found is None and attr != "__init__" and classes.runs_ops(cls):
            unread.append(use)

    for top in nodes:
        for node in ast.walk(top):
            if (
                owner is not None
                and isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Call)
                and isinstance(node.func.value.func, ast.Name)
                and node.func.value.func.id == "super"
            ):
                take(owner, node.func.attr, node.func, skip_own=True)  # super().m()
                continue
            if not (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)):
                continue
            cls = receivers.get(node.id)
            if cls is None:
                continue
            parent = parents.get(id(node))
            is_class = node.id == cls
            if isinstance(parent, ast.Call) and parent.func is node and is_class:
                take(cls, "__init__", parent)  # Cls(...) runs __init__
                if not _kept(parent, parents, receivers):
                    holder = parents.get(id(parent))
                    if classes.runs_ops(cls) and not isinstance(holder, ast.Attribute):
                        unread.append(parent)  # the instance is passed on or stored
                    elif isinstance(holder, ast.Attribute):
                        _attribute(holder, cls, parents, take, classes, unread)
                continue
            if isinstance(parent, ast.Attribute) and parent.value is node:
                if isinstance(parent.ctx, ast.Load):
                    _attribute(parent, cls, parents, take, classes, unread)
                continue
            if classes.runs_ops(cls) and not _harmless(parent):
                unread.append(node)  # passed on, stored, compared...
    return methods, unread


def _kept(call: ast.Call, parents: dict[int, ast.AST], receivers: dict[str, str]) -> bool:
    """Whether ``Cls(...)``'s value is bound to a name bound once (its uses
    are read where the name is) or thrown away (``Cls(...)`` as a statement)."""
    holder = parents.get(id(call))
    if isinstance(holder, ast.Expr):
        return True
    return (
        isinstance(holder, ast.Assign)
        and len(holder.targets) == 1
        and isinstance(holder.targets[0], ast.Name)
        and holder.targets[0].id in receivers
    )


def _attribute(
    attribute: ast.Attribute,
    cls: str,
    parents: dict[int, ast.AST],
    take: Callable[[str, str, ast.expr], None],
    classes: Classes,
    unread: list[ast.expr],
) -> None:
    """``x.attr`` of an instance or class ``x`` of class ``cls``: a method
    called in place is followed; a method taken away (``fn = h.add``) is
    unfollowed; a data attribute (``self.table``) is nothing."""
    holder = parents.get(id(attribute))
    if isinstance(holder, ast.Call) and holder.func is attribute:
        take(cls, attribute.attr, attribute)
    elif classes.method(cls, attribute.attr) is not None and classes.runs_ops(cls):
        unread.append(attribute)


def _harmless(parent: ast.AST | None) -> bool:
    """Whether the call holding a use of a class or instance runs nothing
    of it (``isinstance(x, Cls)``)."""
    return (
        isinstance(parent, ast.Call)
        and isinstance(parent.func, ast.Name)
        and parent.func.id in ("isinstance", "issubclass", "type")
    )


def method_message(use: ast.expr) -> str:
    """What a ``DBN013`` note says of a use of a revision's own class whose
    methods run Alembic operations, which the reader does not follow."""
    return (
        f"{ast.unparse(use)} uses a class of this revision whose methods run Alembic "
        "operations in a way that is not followed (the class or an instance passed on or "
        "stored, a method taken away or not found, an instance bound more than once): "
        "names they create are not checked and are not in the model. Call the method as "
        "Cls().method(), obj.method() of obj = Cls() bound once, or Cls.method(), "
        "or check its names by hand"
    )
