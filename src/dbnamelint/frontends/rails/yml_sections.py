"""``config/database.yml`` read as YAML reads it, when the text needs it.

Rails loads ``database.yml`` through ERB, then ``YAML.load(..., aliases:
true)``: an anchor and a merge key (``queue: {<<: *queue_defaults}``) give a
section the keys written in the anchor (Rails 8's generated file shares
``migrations_paths:`` that way). The line reader of :mod:`.app` sees only
keys written in a section, so a file with an alias is read here with
PyYAML's bounded safe loader instead (:func:`~dbnamelint.config.yamlsafe.safe_load`,
which resolves ``<<`` as Ruby's Psych does). ERB is tolerated as the line
reader tolerates it: an output tag ``<%= ... %>`` becomes a plain word, a
control or comment tag ``<% ... %>`` nothing.
"""

from __future__ import annotations

import re
from typing import Any

from dbnamelint.core.lazyre import lazy_compile

__all__ = ["has_alias", "load", "sections"]

#: ``*name`` as a value or list item: an alias (a merge key uses one too).
_ALIAS = lazy_compile(r"(?:^|[:\-\[,{])[ \t]*\*[\w.-]+", re.MULTILINE)
_ERB_OUTPUT = lazy_compile(r"<%=.*?%>", re.DOTALL)
_ERB_OTHER = lazy_compile(r"<%.*?%>", re.DOTALL)


def has_alias(text: str) -> bool:
    """Whether ``text`` uses an alias (so keys may come from elsewhere)."""
    return _ALIAS.search(text) is not None


def load(text: str) -> dict[str, Any] | None:
    """``text`` as YAML data (ERB tolerated), or None when it is not a
    mapping YAML reads (the caller then keeps its line reader)."""
    from dbnamelint.config.yamlsafe import SafeYamlError, safe_load

    plain = _ERB_OTHER.sub("", _ERB_OUTPUT.sub("erb", text))
    try:
        data = safe_load(plain)
    except SafeYamlError:
        return None
    return data if isinstance(data, dict) else None


def sections(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """Every mapping held under a key ``name`` of ``data``, at any depth
    (``development: {queue: ...}``, ``production: {queue: ...}``), in file
    order (PyYAML keeps it), each once."""
    out: list[dict[str, Any]] = []
    stack: list[Any] = [data]
    seen: set[int] = set()
    while stack:
        node = stack.pop(0)
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        for key, value in node.items():
            if key == name and isinstance(value, dict) and value not in out:
                out.append(value)
            stack.append(value)
    return out
