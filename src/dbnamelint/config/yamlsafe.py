"""Reading YAML and small text files we do not trust: bounded, never blocking.

Configs, packs and whitelists come from the repository, so from anyone who
can open a pull request. PyYAML's ``SafeLoader`` runs no code, but on its own
it still lets a few lines of YAML cost unbounded time and memory:

* aliases are shared in the node graph, yet everything that walks the
  document (key positions, validation, matching) sees the expanded tree, so a
  9-line "billion laughs" means 10**9 nodes;
* an alias to its own ancestor (``entries: &e [*e]``) is an infinite tree;
* deep nesting exhausts Python's recursion limit inside the composer;
* ``open()`` on a FIFO blocks forever and ``/dev/zero`` never ends.

This module refuses all of those with a :class:`SafeYamlError` carrying a
1-based line and column, before anything walks the document. It is the one
YAML entry point for config, pack and whitelist loading
(:mod:`dbnamelint.config.located` wraps the error into its located
``ConfigError``).

Scanning and parsing run in libyaml when PyYAML was built with it (about
8x faster on a large whitelist); composing, the checks above and building
Python data stay in PyYAML's own code, so the limits hold alike. Text the
C parser refuses is parsed again by the pure-Python one, so every error
message and position is PyYAML's. Two details differ and nothing reads
them: a block collection's end mark when the file has no final newline,
and an indentless sequence's ``flow_style`` (False, not None: both "block").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from dbnamelint.config.regular import SafeYamlError

__all__ = [
    "ALIAS_BUDGET",
    "ALIAS_FACTOR",
    "MAX_DEPTH",
    "CParser",
    "Loader",
    "SafeYamlError",
    "check_node_graph",
    "compose",
    "construct",
    "safe_load",
]


def _libyaml_parser() -> Callable[[str], Any] | None:
    try:
        from yaml import cyaml
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        return None
    found: Callable[[str], Any] | None = getattr(cyaml, "CParser", None)
    return found


#: libyaml's parser (``yaml.cyaml.CParser``); None when PyYAML was built without it.
CParser = _libyaml_parser()

#: Nodes the document may expand to beyond those actually written: aliases
#: that reuse a small mapping (``<<: *defaults`` per entry) stay far below.
ALIAS_BUDGET = 100_000
#: Expanded nodes allowed per node written (on top of ``ALIAS_BUDGET``).
ALIAS_FACTOR = 10
#: Deepest nesting of collections accepted; configs use fewer than 6 levels.
MAX_DEPTH = 100


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def check_node_graph(node: yaml.Node, written: int | None = None) -> int:
    """Expanded size of a composed document, refusing cycles and blow-ups.

    ``written`` is how many distinct nodes the text holds (counted here when
    not given). Linear in the number of distinct nodes: each node's expanded
    size is computed once and reused for every alias to it. Returns the
    expanded size; raises :class:`SafeYamlError` at the offending node.
    """
    sizes: dict[int, int] = {}
    depth_of: dict[int, int] = {id(node): 1}
    on_path: set[int] = set()
    # iterative post-order walk: (node, children visited?)
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    distinct = 0
    limit: int | None = None if written is None else ALIAS_BUDGET + ALIAS_FACTOR * written
    while stack:
        current, done = stack.pop()
        key = id(current)
        if done:
            on_path.discard(key)
            total = 1 + sum(sizes[id(c)] for c in _children(current))
            sizes[key] = total
            if limit is not None and total > limit:
                raise _at(current, f"aliases expand to more than {limit} nodes")
            continue
        if key in sizes:
            continue
        distinct += 1
        depth = depth_of.get(key, 1)
        if depth > MAX_DEPTH:
            raise _at(current, f"nested more than {MAX_DEPTH} levels deep")
        on_path.add(key)
        stack.append((current, True))
        for child in _children(current):
            child_key = id(child)
            if child_key in on_path:
                raise _at(child, "recursive alias: a node contains itself")
            if child_key not in sizes:
                depth_of[child_key] = depth + 1
                stack.append((child, False))
    if written is None:
        # first pass only counted; the budget depends on the written size
        limit = ALIAS_BUDGET + ALIAS_FACTOR * distinct
        if sizes[id(node)] > limit:
            raise _at(node, f"aliases expand to more than {limit} nodes")
    return sizes[id(node)]


def _at(node: yaml.Node, message: str) -> SafeYamlError:
    mark = node.start_mark
    return SafeYamlError(message, mark.line + 1, mark.column + 1)


class _FastLoader(Composer, SafeConstructor, Resolver):
    """libyaml's events, PyYAML's composer and safe constructor (see the module doc).

    The composer being PyYAML's, nesting still ends in ``RecursionError``
    (turned into a located error) and nodes carry the same marks.
    """

    def __init__(self, text: str) -> None:
        assert CParser is not None
        self._events: Any = CParser(text)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    def check_event(self, *choices: type[yaml.Event]) -> bool:
        return bool(self._events.check_event(*choices))

    def peek_event(self) -> yaml.Event:
        event: yaml.Event = self._events.peek_event()
        return event

    def get_event(self) -> yaml.Event:
        event: yaml.Event = self._events.get_event()
        return event

    def dispose(self) -> None:
        """Nothing to release (the interface of PyYAML's loaders)."""


#: A loader :func:`compose` returns: pass it to :func:`construct`, then ``dispose()``.
Loader = yaml.SafeLoader | _FastLoader


def _fast_compose(text: str) -> tuple[yaml.Node | None, _FastLoader] | None:
    """The document composed with libyaml's parser; None to use the pure-Python path.

    None when libyaml is missing, the text holds a character PyYAML's
    reader refuses, or the C parser fails for any reason: the slow path
    then gives PyYAML's own error (or result, where the parsers disagree).
    """
    if CParser is None or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    loader = _FastLoader(text)
    try:
        return loader.get_single_node(), loader
    except (yaml.YAMLError, RecursionError):
        return None


def compose(text: str) -> tuple[yaml.Node | None, Loader]:
    """Compose one YAML document into a checked node graph.

    Returns the root node (``None`` for an empty document) and the loader,
    which the caller passes to :func:`construct` and then disposes of. The
    graph is free of cycles and expands to a bounded number of nodes, so a
    recursive walk of it (bounded by :data:`MAX_DEPTH`) is safe. A text
    holding git's conflict markers is refused at its first ``<<<<<<<`` line
    (the DBN017 wording), before YAML reports a syntax error further down.
    """
    if "<<<<<<<" in text:
        _refuse_conflict(text)
    fast = _fast_compose(text)
    if fast is not None:
        node, fast_loader = fast
        if node is not None:
            check_node_graph(node)
        return node, fast_loader
    try:
        # the reader checks for control characters already here
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(text, exc) from None
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        loader.dispose()
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        if mark is None:
            raise SafeYamlError(f"invalid YAML: {problem}") from None
        raise SafeYamlError(f"invalid YAML: {problem}", mark.line + 1, mark.column + 1) from None
    except yaml.reader.ReaderError as exc:
        loader.dispose()
        raise _reader_error(text, exc) from None
    except yaml.YAMLError as exc:
        loader.dispose()
        raise SafeYamlError(f"invalid YAML: {exc}") from None
    except RecursionError:
        loader.dispose()
        raise SafeYamlError(f"invalid YAML: nested more than {MAX_DEPTH} levels deep") from None
    if node is not None:
        try:
            check_node_graph(node)
        except SafeYamlError:
            loader.dispose()
            raise
    return node, loader


def _refuse_conflict(text: str) -> None:
    from dbnamelint.conflicts import conflict_message, first_conflict

    found = first_conflict(text)
    if found is not None:
        line, marker, end = found
        raise SafeYamlError(conflict_message(marker, end, "nothing of this file was read"), line, 1)


def _reader_error(text: str, exc: yaml.reader.ReaderError) -> SafeYamlError:
    line, column = _position(text, exc.position)
    char = exc.character if isinstance(exc.character, int) else ord(exc.character)
    name = {0: "NUL", 0x0C: "form feed"}.get(char, f"U+{char:04X}")
    return SafeYamlError(f"invalid YAML: control character {name} is not allowed", line, column)


def construct(loader: Loader, node: yaml.Node | None) -> Any:
    """Python data for a node from :func:`compose` (plain dicts, lists, scalars)."""
    if node is None:
        return None
    try:
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid value"
        if mark is None:
            raise SafeYamlError(f"invalid YAML: {problem}") from None
        raise SafeYamlError(f"invalid YAML: {problem}", mark.line + 1, mark.column + 1) from None
    except yaml.YAMLError as exc:
        raise SafeYamlError(f"invalid YAML: {exc}") from None


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` with the bounds above; raises :class:`SafeYamlError`."""
    node, loader = compose(text)
    try:
        return construct(loader, node)
    finally:
        loader.dispose()
