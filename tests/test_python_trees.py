"""dbnamelint.python_trees: shared module trees and the eager walk are
ast's own, node for node; and the one-pass list of names a file calls
``.format()`` on answers as the per-name search it replaced did.

Oracles: :func:`ast.walk` and :func:`ast.parse` themselves (every Python
file of this repository), and the regular expression the code used before
(``re.search(rf"\\b{name}\\s*\\.\\s*format\\s*\\(", text)``) on generated texts.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dbnamelint import python_trees
from dbnamelint.code_ddl_text import _py_formatted_names

ROOT = Path(__file__).resolve().parents[1]
PY_FILES = sorted([*ROOT.glob("src/dbnamelint/**/*.py"), *ROOT.glob("tests/test_django*.py")])


def test_walk_lists_ast_walk_nodes_in_its_order() -> None:
    assert len(PY_FILES) > 100
    for path in PY_FILES:
        text = path.read_text(encoding="utf-8")
        own = ast.parse(text)
        assert python_trees.walk(own) == tuple(ast.walk(own)), path
        shared = python_trees.module_tree(text)
        # a shared tree: listed once, the same nodes again on the next walk
        first = python_trees.walk(shared)
        assert [ast.dump(n) for n in first[:50]] == [ast.dump(n) for n in list(ast.walk(own))[:50]]
        assert len(first) == len(tuple(ast.walk(shared)))
        assert python_trees.walk(shared) is first
        # and of a subtree: ast.walk's nodes (not cached)
        for node in shared.body[:3]:
            assert python_trees.walk(node) == tuple(ast.walk(node))


def test_module_tree_is_shared_per_text_and_raises_as_ast_parse() -> None:
    text = "x = 1\n"
    assert python_trees.module_tree(text) is python_trees.module_tree("x = " + "1\n")
    assert python_trees.module_tree("y = 2\n") is not python_trees.module_tree(text)
    for bad in ("def (:\n", "x = '\0'\n".replace("'\0'", "\0")):
        with pytest.raises((SyntaxError, ValueError)) as expected:
            ast.parse(bad)
        with pytest.raises(expected.type):
            python_trees.module_tree(bad)


def test_an_evicted_tree_is_parsed_again_and_walked_uncached() -> None:
    first = python_trees.module_tree("a = 0\n")
    nodes = python_trees.walk(first)
    for i in range(python_trees._SIZE + 1):  # more texts than the cache keeps
        python_trees.module_tree(f"b{i} = {i}\n")
    again = python_trees.module_tree("a = 0\n")
    assert again is not first
    assert python_trees.walk(first) == nodes  # still ast.walk's nodes
    assert python_trees.walk(first) is not nodes  # but no longer the cached tuple


_WORDS = st.sampled_from(["q", "sql", "self", "x9q", "_t", "format", "formats", "é", "q2", "Q"])
_GLUE = st.sampled_from(
    [".", " . ", ".format(", " .format (", ".format", "(", " ", "\n", "=", '"', "'", "f"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_WORDS, _GLUE), max_size=30), _WORDS)
def test_formatted_names_answers_as_the_per_name_search(parts: list[str], name: str) -> None:
    text = "".join(parts)
    before = re.search(rf"\b{re.escape(name)}\s*\.\s*format\s*\(", text) is not None
    if not re.fullmatch(r"[A-Za-z_]\w*", name):
        return  # the names asked about are Python identifiers (_PY_ASSIGNED's)
    assert (name in _py_formatted_names(text)) == before
