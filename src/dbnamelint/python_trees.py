"""Python module trees shared by the readers of one file, and a faster :func:`ast.walk`.

Reading a Django migration asks a dozen readers (its operations, the names
Django makes, its ``RunPython`` code, its reverse spans, its dependencies,
the states of the migrations before it, the modules it imports) for facts
of the same text, and each parsed and walked it again: ~12 parses and ~20
walks a file, most of a 127-migration project's ``check`` (trial s42 plane:
7.7 s of CPU after the quadratic search below it went). :func:`module_tree`
parses a text once while it is among the last few read; :func:`walk`
lists a shared tree's nodes once.

Contract: a tree from :func:`module_tree` is shared, so no caller may
change it (the readers that cut a tree in place, :func:`dbnamelint.
python_unrun.without_unrun` and :func:`dbnamelint.django_forward.
forward_tree`, parse their own with :func:`ast.parse`).
"""

from __future__ import annotations

import ast
from collections import OrderedDict

__all__ = ["module_tree", "walk"]

#: Texts parsed lately (text -> its tree), oldest first.
_TREES: OrderedDict[str, ast.Module] = OrderedDict()
#: Each shared tree's nodes in :func:`ast.walk`'s order (id(tree) -> (tree, nodes)),
#: made on the first walk; a tree leaves with its text.
_NODES: dict[int, tuple[ast.Module, tuple[ast.AST, ...]]] = {}
#: Shared trees (ids of the values of :data:`_TREES`, alive while there).
_SHARED: set[int] = set()
#: Enough for a project's migrations: reading one asks for the trees of the
#: migrations before it (its folder's states, the order they run in).
_SIZE = 512


def module_tree(text: str) -> ast.Module:
    """``ast.parse(text)``, the same tree object for the same text while it
    is one of the last :data:`_SIZE` texts parsed here. Raises what
    :func:`ast.parse` raises (:class:`SyntaxError`, :class:`ValueError` for a
    NUL byte); a failure is not remembered. The tree must not be changed."""
    tree = _TREES.get(text)
    if tree is not None:
        _TREES.move_to_end(text)
        return tree
    tree = ast.parse(text)
    _TREES[text] = tree
    _SHARED.add(id(tree))
    if len(_TREES) > _SIZE:
        _, old = _TREES.popitem(last=False)
        _SHARED.discard(id(old))
        _NODES.pop(id(old), None)
    return tree


def _nodes(node: ast.AST) -> tuple[ast.AST, ...]:
    """``node`` and every node below it in :func:`ast.walk`'s order
    (breadth first, each node's children in field order), made without
    its generators (about half the time)."""
    out = [node]
    add = out.append
    i = 0
    while i < len(out):
        current = out[i]
        i += 1
        for name in current._fields:
            value = getattr(current, name, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        add(item)
            elif isinstance(value, ast.AST):
                add(value)
    return tuple(out)


def walk(node: ast.AST) -> tuple[ast.AST, ...]:
    """The nodes :func:`ast.walk` yields for ``node``, in its order, as a
    tuple; listed once for a tree from :func:`module_tree` (a walk of a
    tree a caller may change is listed again each time)."""
    if id(node) not in _SHARED:
        return _nodes(node)
    hit = _NODES.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    nodes = _nodes(node)
    if isinstance(node, ast.Module):  # always: only module trees are shared
        _NODES[id(node)] = (node, nodes)
    return nodes
