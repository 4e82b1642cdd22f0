"""A Liquibase changelog's changesets as one shape for XML, YAML and JSON.

Liquibase's XML, YAML and JSON changelogs say the same things (Liquibase
manual, "Changelog formats"): ``databaseChangeLog`` holds ``changeSet``
entries whose changes are change types (``createTable``...) with attributes
and nested elements (``column``, ``constraints``). XML writes nested
elements as child elements and a change's text (``sql``, ``createView``)
as its content; YAML and JSON write attributes as keys, lists of nested
elements as ``columns: [{column: {...}}]`` and ``constraints`` as a
mapping. Both are read into :class:`Node` values carrying the 1-based line
and column where each element and attribute is written, so events point
at the changelog's own lines.

XML is read with the standard library's expat (no DTD or entity is
fetched; an internal entity expansion is refused), YAML and JSON with
the project's checked YAML composer (JSON is read as YAML: its lines are
kept).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from msgspec import Struct, field

__all__ = ["ChangeSet", "Node", "changesets", "data_properties"]


class Node(Struct):
    """One element: its tag (namespace prefix dropped), attributes as
    written, where each attribute is (line, column; 1-based), children in
    order, and its text content with where that starts."""

    tag: str
    line: int
    column: int
    attrs: dict[str, str] = field(default_factory=dict)
    where: dict[str, tuple[int, int]] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    text: str = ""
    text_at: tuple[int, int] | None = None

    def at(self, attr: str) -> tuple[int, int]:
        """Where ``attr`` is written, else where the element starts."""
        return self.where.get(attr, (self.line, self.column))

    def get(self, attr: str) -> str | None:
        value = self.attrs.get(attr)
        return value if value else None


class ChangeSet(Struct):
    """A ``changeSet``: its attributes (``id``, ``author``, ``dbms``,
    ``context``, ``objectQuotingStrategy``...), line, and changes in order."""

    node: Node
    changes: list[Node]


def changesets(text: str, suffix: str) -> list[ChangeSet] | None:
    """The changesets of a changelog ``text`` in file order (``suffix``:
    ``.xml``, ``.yaml``, ``.yml``, ``.json``); None when the text cannot be
    read as its format."""
    if suffix.lower() == ".xml":
        return _xml(text)
    return _yaml(text)


def _xml(text: str) -> list[ChangeSet] | None:
    import xml.parsers.expat

    parser = xml.parsers.expat.ParserCreate()
    stack: list[Node] = []
    out: list[ChangeSet] = []
    depth = 0
    set_depth = -1
    current: ChangeSet | None = None

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth, set_depth, current
        depth += 1
        local = name.rsplit(":", 1)[-1]
        line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        node = Node(local, line, column, dict(attrs), dict.fromkeys(attrs, (line, column)))
        if current is None:
            if local == "changeSet":
                current = ChangeSet(node, [])
                set_depth = depth
            return
        if depth == set_depth + 1:
            current.changes.append(node)
        elif stack:
            stack[-1].children.append(node)
        stack.append(node)

    def end(name: str) -> None:
        nonlocal depth, current
        if current is not None:
            if depth == set_depth:
                out.append(current)
                current = None
            elif stack:
                stack.pop()
        depth -= 1

    def data(chars: str) -> None:
        if stack:
            node = stack[-1]
            if node.text_at is None:
                node.text_at = (parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
            node.text += chars

    def refuse(*_args: object) -> None:
        raise xml.parsers.expat.ExpatError("entity declarations are not read")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(text, True)
    except xml.parsers.expat.ExpatError:
        return None
    return out


def _yaml(text: str) -> list[ChangeSet] | None:
    import yaml

    from dbnamelint.config.yamlsafe import SafeYamlError, compose

    try:
        root, loader = compose(text)
    except SafeYamlError:
        return None
    loader.dispose()

    def get(node: object, key: str) -> yaml.Node | None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == key:
                    return v  # type: ignore[no-any-return]
        return None

    def pairs(value: yaml.Node | None) -> list[tuple[yaml.Node, yaml.Node]]:
        """A mapping's key-value pairs; a list of mappings is one mapping
        (Liquibase's ``ParsedNode.setValue`` adds each list item's keys to the
        same node: ``sql: [{sql: ...}]`` is ``sql: {sql: ...}``)."""
        if isinstance(value, yaml.MappingNode):
            return list(value.value)
        out: list[tuple[yaml.Node, yaml.Node]] = []
        for item in value.value if isinstance(value, yaml.SequenceNode) else ():
            out.extend(item.value if isinstance(item, yaml.MappingNode) else ())
        return out

    def element(tag: str, key: yaml.Node, value: yaml.Node | None) -> Node:
        mark = key.start_mark
        node = Node(tag, mark.line + 1, mark.column + 1)
        if isinstance(value, yaml.SequenceNode):  # `sql: [CREATE ...]`: a list's one scalar
            scalars = [v for v in value.value if isinstance(v, yaml.ScalarNode)]
            if len(scalars) == 1:
                value = scalars[0]
        if isinstance(value, yaml.ScalarNode):  # `- sql: CREATE ...`
            node.text = str(value.value)
            node.text_at = _text_start(value)
            return node
        for k, v in pairs(value):
            if not isinstance(k, yaml.ScalarNode):
                continue
            name = str(k.value)
            if isinstance(v, yaml.ScalarNode):
                node.attrs[name] = str(v.value)
                node.where[name] = (v.start_mark.line + 1, v.start_mark.column + 1)
                if name in ("sql", "selectQuery"):
                    node.text, node.text_at = str(v.value), _text_start(v)
            elif name in _WRAPPERS:
                # columns: [- column: {...}] or columns: {column: {...}} (Liquibase
                # loads a change's columns from the ``column`` children of
                # ``columns`` either way: ``AbstractChange.load``)
                for ck, cv in pairs(v):
                    if isinstance(ck, yaml.ScalarNode):
                        node.children.append(element(str(ck.value), ck, cv))
            elif isinstance(v, (yaml.MappingNode, yaml.SequenceNode)):
                # constraints: {...}, or [- nullable: false, - primaryKey: true]
                node.children.append(element(name, k, v))
        return node

    out: list[ChangeSet] = []
    entries = get(root, "databaseChangeLog")
    for entry in entries.value if isinstance(entries, yaml.SequenceNode) else ():
        for key, value in entry.value if isinstance(entry, yaml.MappingNode) else ():
            if not (isinstance(key, yaml.ScalarNode) and key.value == "changeSet"):
                continue
            head = element("changeSet", key, value)
            changes: list[Node] = []
            for k, v in pairs(value):
                # preConditions: [- onFail: MARK_RAN, - or: [- dbms: {type: mysql}]]
                # as XML's <preConditions onFail=...><or><dbms type=.../></or>
                if isinstance(k, yaml.ScalarNode) and k.value == "preConditions":
                    changes.append(_condition("preConditions", k, v, pairs))
            listed = next((v for k, v in pairs(value) if k.value == "changes"), None)
            for change in listed.value if isinstance(listed, yaml.SequenceNode) else ():
                for ck, cv in change.value if isinstance(change, yaml.MappingNode) else ():
                    if isinstance(ck, yaml.ScalarNode):
                        changes.append(element(str(ck.value), ck, cv))
            head.children = []
            out.append(ChangeSet(head, changes))
    return out


#: YAML/JSON keys whose value lists nested elements by their own key
#: (``columns: [- column: ...]``): the elements are the change's children.
_WRAPPERS = frozenset({"columns"})


def _condition(
    tag: str,
    key: object,
    value: object,
    pairs: Callable[[Any], list[tuple[Any, Any]]],
) -> Node:
    """A precondition written in YAML/JSON as a :class:`Node` shaped as its XML:
    scalar keys are attributes (``onFail``, ``type``), the others nested
    conditions in order (``and``/``or``/``not`` lists, ``dbms: {type: x}``)."""
    import yaml

    mark = key.start_mark  # type: ignore[attr-defined]
    node = Node(tag, mark.line + 1, mark.column + 1)
    for k, v in pairs(value):
        if not isinstance(k, yaml.ScalarNode):
            continue
        if isinstance(v, yaml.ScalarNode):
            node.attrs[str(k.value)] = str(v.value)
            node.where[str(k.value)] = (v.start_mark.line + 1, v.start_mark.column + 1)
        else:
            node.children.append(_condition(str(k.value), k, v, pairs))
    return node


def data_properties(text: str) -> list[dict[str, str]]:
    """The ``property`` entries of a YAML or JSON changelog ``text``, in order,
    each as its scalar keys (``name``, ``value``, ``dbms``, ``context``...):
    ``- property: {name: x, value: y}`` (Liquibase's ``YamlChangeLogParser``
    takes a mapping: a list there is an error)."""
    from dbnamelint.config.yamlsafe import SafeYamlError, safe_load

    try:
        data = safe_load(text)
    except SafeYamlError:
        return []
    entries = data.get("databaseChangeLog") if isinstance(data, dict) else None
    out: list[dict[str, str]] = []
    for entry in entries if isinstance(entries, list) else ():
        value = entry.get("property") if isinstance(entry, dict) else None
        attrs: dict[str, str] = {}
        for k, v in value.items() if isinstance(value, dict) else ():
            if isinstance(v, (str, int, float, bool)):
                attrs[str(k)] = str(v).lower() if isinstance(v, bool) else str(v)
        if attrs:
            out.append(attrs)
    return out


def _text_start(node: object) -> tuple[int, int]:
    """Where a YAML scalar's text starts: a block scalar (``|``) on the next line."""
    mark = node.start_mark  # type: ignore[attr-defined]
    style = getattr(node, "style", None)
    if style in ("|", ">"):
        return mark.line + 2, 1
    return mark.line + 1, mark.column + 1 + (1 if style in ("'", '"') else 0)
