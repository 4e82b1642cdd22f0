"""A Python file's module-level string constants, and a string expression
computed from them as Python computes it.

``TABLE = "users"`` ... ``cursor.execute(f"ALTER TABLE {TABLE} ADD COLUMN
badCol int")`` runs one statement whatever happens at run time, when the
name is bound once in the whole file (no other assignment, argument,
import, loop target, ``global`` or ``del``; no ``from m import *``): the
gate read its field as a hole, ``DBN013``, and refused a new string it can
judge (session 37 H3). :meth:`PythonFile.computed_string` computes such a string (an
f-string's fields, ``+`` of literals and constants, implicit
concatenation, ``%`` and ``.format()`` of them), class constants too
(``T.NAME``, ``self.NAME``: session 38 G2); anything else (a call, a name
bound twice or in a function) is None: the string stays built at run time.
"""

from __future__ import annotations

import ast
import re

from dbnamelint import python_trees

__all__ = [
    "PythonFile",
    "bindings",
    "class_constants",
    "line_starts",
    "module_constants",
    "offset_of",
]


def bindings(tree: ast.AST) -> dict[str, int]:
    """How many times each name is bound anywhere in ``tree`` (assigned,
    deleted, an argument, a def or class, an import, a ``global`` or
    ``nonlocal``, a loop or ``with`` target, an ``except ... as``)."""
    counts: dict[str, int] = {}

    def add(name: str) -> None:
        counts[name] = counts.get(name, 0) + 1

    for node in python_trees.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            add(node.id)
        elif isinstance(node, ast.arg):
            add(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.Global | ast.Nonlocal):
            for name in node.names:
                add(name)
        elif isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
            add(node.name)
    return counts


def module_constants(tree: ast.Module) -> dict[str, str]:
    """Each name a top-level statement binds to a string literal
    (``TABLE = "users"``, ``TABLE: Final = "users"``) and nothing else binds
    anywhere in the file."""
    if any(
        isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names)
        for n in python_trees.walk(tree)
    ):
        return {}  # a star import may bind any name
    written: dict[str, str] = {}
    for stmt in tree.body:
        target: ast.expr | None = None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            target, value = stmt.target, stmt.value
        if (
            isinstance(target, ast.Name)
            and isinstance(value, ast.Constant)
            and isinstance(value.value, str)
        ):
            written[target.id] = value.value
    if not written:
        return {}
    bound = bindings(tree)
    return {name: value for name, value in written.items() if bound.get(name) == 1}


def _value(
    node: ast.AST, constants: dict[str, str], used: set[str], ctx: _Context | None = None
) -> str | None:
    def sub(part: ast.AST) -> str | None:
        if ctx is None:
            return _value(part, constants, used)
        found = _computed(part, ctx, used)
        return found if isinstance(found, str) else None

    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.Name):
        used.add(node.id)
        return constants.get(node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = sub(node.left), sub(node.right)
        return left + right if left is not None and right is not None else None
    if isinstance(node, ast.JoinedStr):
        parts: list[str] = []
        for part in node.values:
            found = sub(part)
            if found is None:
                return None
            parts.append(found)
        return "".join(parts)
    if isinstance(node, ast.FormattedValue):
        value = sub(node.value)
        spec = "" if node.format_spec is None else sub(node.format_spec)
        if value is None or spec is None:
            return None
        # !s, !r, !a, then the spec: as Python's f-string does
        converted = {-1: value, 115: str(value), 114: repr(value), 97: ascii(value)}.get(
            node.conversion
        )
        if converted is None:
            return None
        try:
            return format(converted, spec)
        except (TypeError, ValueError):
            return None  # a spec Python refuses (`{x:{width}}`, width "zz"): raises at run time
    return None


def offset_of(text: str, starts: list[int], line: int, col: int) -> int:
    """The offset in ``text`` of ``ast``'s (line, UTF-8 byte column);
    ``starts``: :func:`line_starts`."""
    start = starts[min(line - 1, len(starts) - 1)]
    head = text[start : start + col].encode("utf-8")[:col]
    return start + len(head.decode("utf-8", "ignore"))


def line_starts(text: str) -> list[int]:
    """The offset each line of ``text`` starts at, as Python counts lines."""
    return [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]


def class_constants(tree: ast.Module) -> dict[tuple[str, str], str]:
    """(class, attribute) -> value of each attribute a top-level class's
    body binds once to a string literal (``class T: NAME = "users"``) where
    nothing in the file binds it again (no ``T.NAME = ...``, ``self.NAME =
    ...``, ``setattr``, ``del``) and no class of the file derives from it
    (a subclass's ``NAME`` would be its ``self.NAME``)."""
    found: dict[tuple[str, str], list[str | None]] = {}
    derived = {
        base.id
        for node in python_trees.walk(tree)
        if isinstance(node, ast.ClassDef)
        for base in node.bases
        if isinstance(base, ast.Name)
    }
    for cls in tree.body:
        if not isinstance(cls, ast.ClassDef) or cls.name in derived or _transformed(cls):
            continue
        plain = not cls.bases and not cls.keywords and not cls.decorator_list
        for counted in bindings(ast.Module(list(cls.body), [])).items():
            found.setdefault((cls.name, counted[0]), []).extend([None] * counted[1])
        for stmt in cls.body:
            target: ast.expr | None = None
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                target, value = stmt.targets[0], stmt.value
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None and plain:
                # (annotated in a dataclass, a pydantic model...: a field's default)
                target, value = stmt.target, stmt.value
            if (
                isinstance(target, ast.Name)
                and isinstance(value, ast.Constant)
                and isinstance(value.value, str)
            ):
                found[(cls.name, target.id)].append(value.value)
    stored = {
        n.attr
        for n in python_trees.walk(tree)
        if isinstance(n, ast.Attribute) and not isinstance(n.ctx, ast.Load)
    }
    if any(isinstance(n, ast.Name) and n.id == "setattr" for n in python_trees.walk(tree)):
        return {}
    out: dict[tuple[str, str], str] = {}
    for key, values in found.items():
        # one binding (counted once as None), its literal
        written = [v for v in values if v is not None]
        if len(values) == 2 and len(written) == 1 and key[1] not in stored:
            out[key] = written[0]
    return out


def _transformed(cls: ast.ClassDef) -> bool:
    """Whether a base makes the class's attributes other than their values:
    an ``Enum``'s members, a ``NamedTuple``'s or ``TypedDict``'s fields."""
    for base in cls.bases:
        name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
        if name.endswith(("Enum", "Flag", "NamedTuple", "TypedDict")):
            return True
    return False


class _Context:
    """What a string expression may name: the module's constants, its
    classes' constants and the class the expression is in (for ``self.X``,
    ``cls.X``)."""

    def __init__(
        self,
        constants: dict[str, str],
        classes: dict[tuple[str, str], str],
        here: str | None,
    ) -> None:
        self.constants = constants
        self.classes = classes
        self.here = here


def _computed(node: ast.AST, ctx: _Context, used: set[str]) -> str | tuple[str, ...] | None:
    """``node``'s value as Python computes it (a string, or a tuple of strings
    for ``%``'s right side), else None."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        owner = node.value.id
        if owner in ("self", "cls") and ctx.here is not None:
            owner = ctx.here
        used.add(node.attr)
        return ctx.classes.get((owner, node.attr))
    if isinstance(node, ast.Tuple):
        items = [_computed(e, ctx, used) for e in node.elts]
        strs = [i for i in items if isinstance(i, str)]
        return tuple(strs) if len(strs) == len(items) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        left, right = _computed(node.left, ctx, used), _computed(node.right, ctx, used)
        if not isinstance(left, str) or right is None:
            return None
        try:
            return left % right
        except (TypeError, ValueError, KeyError):
            return None
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    ):
        template = _computed(node.func.value, ctx, used)
        args = [_computed(a, ctx, used) for a in node.args]
        kwargs: dict[str, str] = {}
        for k in node.keywords:
            value = _computed(k.value, ctx, used)
            if k.arg is None or not isinstance(value, str):
                return None  # **mapping, or a value not known
            kwargs[k.arg] = value
        if not isinstance(template, str) or not all(isinstance(a, str) for a in args):
            return None
        try:
            return template.format(*args, **kwargs)
        except (IndexError, KeyError, ValueError, AttributeError):
            return None  # (a field's attribute or index: not computed)
    return _value(node, ctx.constants, used, ctx)


class PythonFile:
    """A Python file's tree indexed for :meth:`computed_string`: each string
    literal (the outermost node at its place) by offset, with its class."""

    def __init__(self, text: str, tree: ast.Module) -> None:
        self.text = text
        self.starts = line_starts(text)
        self.constants = module_constants(tree)
        self.classes = class_constants(tree)
        self.parents: dict[int, ast.AST] = {}
        self.strings: dict[int, tuple[ast.AST, str | None]] = {}
        stack: list[tuple[ast.AST, str | None]] = [(tree, None)]
        while stack:
            node, cls = stack.pop()
            if isinstance(node, ast.ClassDef) and node in tree.body:
                cls = node.name
            if isinstance(node, ast.Constant | ast.JoinedStr) and hasattr(node, "lineno"):
                at = offset_of(text, self.starts, node.lineno, node.col_offset)
                # the outermost: an f-string's parts may share its place
                self.strings.setdefault(at, (node, cls))
            for child in ast.iter_child_nodes(node):
                self.parents[id(child)] = node
                stack.append((child, cls))

    def computed_string(self, quote: int, verbs: bool) -> tuple[str, int] | None:
        """The string Python makes of the expression starting with the
        string literal at offset ``quote``: the literal, joined by ``+``,
        formatted by ``%`` or ``.format()``, its fields naming module
        constants (:func:`module_constants`) or class constants
        (:func:`class_constants`: ``T.NAME``, ``self.NAME``, ``cls.NAME``);
        and where the expression ends. None when any part is not certain, or
        the literal has ``verbs`` (``%s``, ``{}``) no ``%``/``.format()`` of
        the expression fills (another call does: psycopg's ``sql.SQL``)."""
        entry = self.strings.get(quote)
        if entry is None:
            return None
        found, here = entry
        parents = self.parents
        top = found
        formatted = False
        while True:
            parent = parents.get(id(top))
            if (
                isinstance(parent, ast.BinOp)
                and isinstance(parent.op, ast.Add | ast.Mod)
                and (parent.left is top or isinstance(parent.op, ast.Add))
            ) or (
                isinstance(parent, ast.Attribute)
                and parent.attr == "format"
                and isinstance(parents.get(id(parent)), ast.Call)
            ):
                # `%` or .format(): fills the literal's verbs
                formatted = formatted or not (
                    isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Add)
                )
                top = parent if isinstance(parent, ast.BinOp) else parents[id(parent)]
                continue
            break
        if verbs and not formatted:
            return None
        value = _computed(top, _Context(self.constants, self.classes, here), set())
        if not isinstance(value, str):
            return None
        assert isinstance(top, ast.expr)  # a literal, or an operation on it
        end_line = top.end_lineno or top.lineno
        end_col = top.end_col_offset or 0
        return value, offset_of(self.text, self.starts, end_line, end_col)
