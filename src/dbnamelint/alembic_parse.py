"""An Alembic revision parsed with Alembic's ``op`` under its own name.

The readers of :mod:`dbnamelint.alembic_ops` (and the callers that look for
``op.execute``) know Alembic's operations as ``op.<x>(...)``. Python binds
the same module under another name too: ``from alembic import op as ops``,
``import alembic.op as o``, or ``alembic.op`` itself after ``import alembic``;
their calls were read as nothing at all, so a new revision's bad names
passed the gate (session 37 H1). :func:`parse_revision` renames each such
use to ``op`` in the tree, at the same place in the text, where the name is
certainly that module: bound at module scope by that import only, in a
scope that does not bind it itself; a parameter of the revision's own
function every call passes ``op`` (``def make(o): ...`` called ``make(op)``).
A use that may be ``op`` but is not certainly (the alias bound otherwise at
module scope too, a parameter some calls pass ``op``) is left as written and
listed by :func:`unsure_op_uses`: the gate says it cannot read it (s38 G1).
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Sequence

from dbnamelint.python_constants import bindings
from dbnamelint.python_unrun import without_unrun

__all__ = [
    "OP_ASKS",
    "op_named",
    "op_parameters",
    "parse_revision",
    "renamed_function",
    "unsure_op_uses",
]

_Function = ast.FunctionDef | ast.AsyncFunctionDef


def parse_revision(text: str) -> ast.Module:
    """``ast.parse(text)`` (raising as it does) with :func:`op_named` applied,
    each function's never-run tail taken out (what follows its own ``return``:
    Alembic never runs it, s38 G3)."""
    return op_named(without_unrun(ast.parse(text)))


def _module_statements(tree: ast.Module) -> list[ast.stmt]:
    """The module's own statements: its body and the blocks of a top-level
    ``if``/``try`` (``try: from alembic import op as ops``)."""
    out: list[ast.stmt] = []
    queue = list(tree.body)
    while queue:
        stmt = queue.pop(0)
        out.append(stmt)
        if isinstance(stmt, ast.If):
            queue += [*stmt.body, *stmt.orelse]
        elif isinstance(stmt, ast.Try):
            queue += [*stmt.body, *stmt.orelse, *stmt.finalbody]
            queue += [s for handler in stmt.handlers for s in handler.body]
    return out


def _op_bindings(tree: ast.Module) -> tuple[dict[str, int], dict[str, int]]:
    """(names bound to Alembic's ``op`` module, names bound to the
    ``alembic`` package) by module-level imports, each with how many
    imports bind it so."""
    aliases: dict[str, int] = {}
    packages: dict[str, int] = {}
    for stmt in _module_statements(tree):
        if isinstance(stmt, ast.ImportFrom) and stmt.module == "alembic" and not stmt.level:
            for a in stmt.names:
                if a.name == "op":
                    aliases[a.asname or "op"] = aliases.get(a.asname or "op", 0) + 1
        elif isinstance(stmt, ast.Import):
            for a in stmt.names:
                if a.name == "alembic.op" and a.asname:
                    aliases[a.asname] = aliases.get(a.asname, 0) + 1
                elif a.name == "alembic" or (a.name.startswith("alembic.") and not a.asname):
                    # `import alembic`, `import alembic as al`, `import alembic.op`
                    name = a.asname or "alembic"
                    packages[name] = packages.get(name, 0) + 1
    return aliases, packages


def _own_counts(body: Sequence[ast.AST], args: ast.arguments | None) -> dict[str, int]:
    """How many times a scope binds each name itself: its parameters, and
    what its own statements bind (not those of the functions and classes it
    defines, whose names it binds), less the names it declares ``global``."""
    counts: dict[str, int] = {}

    def add(name: str) -> None:
        counts[name] = counts.get(name, 0) + 1

    if args is not None:
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        for param in every:
            if param is not None:
                add(param.arg)
    declared: set[str] = set()
    queue: list[ast.AST] = list(body)
    while queue:
        node = queue.pop()
        if isinstance(node, _Function | ast.ClassDef):
            add(node.name)
            queue += node.decorator_list
            continue
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, ast.Global | ast.Nonlocal):
            declared.update(node.names)
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for a in node.names:
                add((a.asname or a.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
            add(node.name)
        queue += ast.iter_child_nodes(node)
    return {name: n for name, n in counts.items() if name not in declared}


def _declared_global(tree: ast.Module) -> set[str]:
    """The names any function of ``tree`` declares ``global`` (it may rebind them)."""
    return {n for node in ast.walk(tree) if isinstance(node, ast.Global) for n in node.names}


class _Scopes(ast.NodeTransformer):
    """Renames each use of a name certainly Alembic's ``op`` to ``op``
    (``rename``), and records the uses of a name that may be ``op`` but is
    not certainly (``unsure``: (use, the top-level function it is in)).

    ``module``: names certainly ``op`` at module scope; ``maybe``: names
    that may be; ``params``: per function node id, its parameters certainly
    ``op`` (:func:`_op_parameters`) and those that may be."""

    def __init__(
        self,
        module: set[str],
        maybe: set[str],
        packages: set[str],
        params: dict[int, tuple[set[str], set[str]]],
        rename: bool,
    ) -> None:
        self.certain = set(module)
        self.maybe = set(maybe)
        self.packages = packages
        self.params = params
        self.rename = rename
        self.top: str | None = None
        self.unsure: list[tuple[ast.expr, str | None]] = []
        self.parents: list[ast.AST] = []

    def generic_visit(self, node: ast.AST) -> ast.AST:
        self.parents.append(node)
        try:
            return super().generic_visit(node)
        finally:
            self.parents.pop()

    def _scope(self, node: _Function | ast.Lambda) -> ast.AST:
        saved = (self.certain, self.maybe, self.top)
        body: list[ast.stmt] | list[ast.expr] = (
            [node.body] if isinstance(node, ast.Lambda) else node.body
        )
        own = set(_own_counts(body, node.args))
        sure, may = self.params.get(id(node), (set(), set()))
        self.certain = (self.certain - own) | sure
        self.maybe = (self.maybe - own) | may
        if self.top is None and not isinstance(node, ast.Lambda):
            self.top = node.name
        try:
            return self.generic_visit(node)
        finally:
            self.certain, self.maybe, self.top = saved

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        return self._scope(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:
        return self._scope(node)

    def visit_Lambda(self, node: ast.Lambda) -> ast.AST:
        return self._scope(node)

    def _unsure(self, node: ast.expr, parent: ast.AST | None) -> None:
        use = node
        if isinstance(parent, ast.Attribute) and parent.value is node:
            if parent.attr in OP_ASKS or parent.attr.startswith("drop_"):
                return  # asks, or drops: makes no name
            use = parent
        self.unsure.append((use, self.top))

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if not isinstance(node.ctx, ast.Load) or node.id == "op" or node.id in self.packages:
            return node  # (a package's `.op`: visit_Attribute)
        if node.id in self.certain:
            return ast.copy_location(ast.Name("op", ast.Load()), node) if self.rename else node
        if node.id in self.maybe:
            self._unsure(node, self.parents[-1] if self.parents else None)
        return node

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        value = node.value
        if (
            self.rename
            and node.attr == "op"
            and isinstance(node.ctx, ast.Load)
            and isinstance(value, ast.Name)
            and value.id in self.packages
            and value.id in self.certain
        ):
            return ast.copy_location(ast.Name("op", ast.Load()), node)
        if (
            node.attr == "op"
            and isinstance(value, ast.Name)
            and value.id in self.packages
            and value.id in self.maybe
        ):
            self._unsure(node, self.parents[-1] if self.parents else None)
        return self.generic_visit(node)


#: ``op`` calls that only ask (the connection, the dialect, a literal).
OP_ASKS = frozenset({"get_bind", "get_context", "f", "inline_literal", "implementation_for"})
#: How many rounds helpers passing ``op`` on to helpers are followed.
_PASSES = 8


def _op_parameters(tree: ast.Module) -> dict[int, tuple[set[str], set[str]]]:
    """Per module-level function (by node id): its parameters every call
    passes Alembic's ``op`` (the name ``op`` as written or renamed), and
    those some call passes it but not all, or that the function escapes
    (referred to other than by a call): ``def make(o): o.create_table(...)``
    called ``make(op)`` runs ``op.create_table``. A function bound once
    only; a call with ``*args``/``**kwargs`` decides nothing."""
    bound = bindings(tree)
    functions = {
        f.name: f for f in tree.body if isinstance(f, _Function) and bound.get(f.name) == 1
    }
    passed: dict[str, dict[str, list[bool]]] = {name: {} for name in functions}
    escapes: set[str] = set()
    calls = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Name)
            and node.id in functions
            and isinstance(node.ctx, ast.Load)
            and id(node) not in calls
        ):
            escapes.add(node.id)
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        function = functions.get(node.func.id)
        if function is None:
            continue
        params = [*function.args.posonlyargs, *function.args.args]
        if any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords
        ):
            escapes.add(function.name)
            continue
        given: dict[str, ast.expr] = {p.arg: a for p, a in zip(params, node.args, strict=False)}
        given.update({k.arg: k.value for k in node.keywords if k.arg is not None})
        for p in [*params, *function.args.kwonlyargs]:
            value = given.get(p.arg)
            is_op = isinstance(value, ast.Name) and value.id == "op"
            passed[function.name].setdefault(p.arg, []).append(is_op)
    out: dict[int, tuple[set[str], set[str]]] = {}
    for name, function in functions.items():
        sure = {p for p, seen in passed[name].items() if seen and all(seen)}
        may = {p for p, seen in passed[name].items() if any(seen)}
        if name in escapes:
            sure, may = set(), may | sure
        if sure or may:
            out[id(function)] = (sure, may - sure)
    return out


def _scopes(tree: ast.Module, rename: bool) -> _Scopes:
    """Runs :class:`_Scopes` over ``tree`` (renaming in place when ``rename``)."""
    aliases, packages = _op_bindings(tree)
    at_module = _own_counts(tree.body, None)
    rebound = _declared_global(tree)
    names = {**aliases, **packages}
    certain = {n for n, k in names.items() if at_module.get(n) == k and n not in rebound}
    maybe = set(names) - certain - {"op"}
    if at_module.get("op", 0) != aliases.get("op", 0) or "op" in rebound:
        # `op` means something else somewhere: renaming would mislead
        maybe |= certain - {"op"}
        certain = set()
    # each round renames what the last found certain; a helper's parameter
    # is certain once every call passes `op` (after the callers' renaming)
    params = {} if rename else _op_parameters(tree)
    for _ in range(_PASSES):
        walker = _Scopes(certain, maybe, set(packages), params, rename)
        walker.visit(tree)
        found = _op_parameters(tree)
        if not rename or found == params:
            break
        params = found
    return walker


def op_named(tree: ast.Module) -> ast.Module:
    """``tree`` with each use of Alembic's ``op`` module under another name
    renamed ``op`` in place where the name is certainly that module: an
    import alias bound at module scope by such imports only, in a scope that
    does not bind it itself; a helper's parameter every call passes ``op``
    (:func:`_op_parameters`)."""
    aliases, packages = _op_bindings(tree)
    if not (set(aliases) - {"op"}) and not packages and "op" not in aliases:
        return tree
    _scopes(tree, rename=True)  # in place: the module node itself stays
    return tree


def op_parameters(tree: ast.Module) -> dict[str, set[str]]:
    """Per module-level function of ``tree`` (by name): its parameters every
    call passes Alembic's ``op``, which :func:`op_named` reads as ``op``."""
    by_id = {id(f): f.name for f in tree.body if isinstance(f, _Function)}
    return {by_id[k]: sure for k, (sure, _may) in _op_parameters(tree).items() if sure}


def unsure_op_uses(tree: ast.Module) -> list[tuple[ast.expr, str | None]]:
    """Each use (of :func:`op_named`'s ``tree``) of a name that may be
    Alembic's ``op`` but is not certainly (an alias also bound otherwise at
    module scope, a helper's parameter some calls pass ``op`` and others
    not): (the use, ``ops.create_table`` or the bare name; the top-level
    function it is in, None at module level). Uses that only ask
    (``ops.get_bind``) or drop are none."""
    aliases, packages = _op_bindings(tree)
    if not aliases and not packages:
        return []
    return _scopes(tree, rename=False).unsure


def renamed_function(tree: ast.Module, function: _Function) -> _Function:
    """``function`` (of ``tree``) as :func:`op_named` reads it, on a copy of
    ``tree`` (which other readers share); ``function`` itself when nothing
    is renamed."""
    aliases, packages = _op_bindings(tree)
    if not (set(aliases) - {"op"}) and not packages:
        return function
    for node in ast.walk(op_named(copy.deepcopy(tree))):
        if (
            isinstance(node, type(function))
            and node.name == function.name
            and node.lineno == function.lineno
        ):
            return node
    return function
