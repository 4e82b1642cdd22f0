"""Rails ActiveRecord models that name their table by convention.

``class Activity < ApplicationRecord`` under ``app/models`` reads the
table ``activities`` without spelling it: Active Record's
``compute_table_name`` (Rails guides, "Active Record Basics > Naming
Conventions"; ``ActiveRecord::ModelSchema``) takes the class name without
its modules, ``underscore``\\ s and pluralizes it (the ``inflection``
package is a port of ActiveSupport's inflector, rules included), puts the
first enclosing module's ``table_name_prefix`` in front (``module Ci``
whose ``app/models/ci.rb`` says ``def self.table_name_prefix; "ci_"``:
``Ci::Build`` -> ``ci_builds``) or else the one the class or a base class
sets (``def self.table_name_prefix`` / ``self.table_name_prefix =``, as
GitLab's ``Ci::ApplicationRecord`` does), and for a class in a concrete
model's namespace the model's singular table and ``_``
(``MergeRequest::Metrics``, with ``class MergeRequest`` a model, ->
``merge_request_metrics``).

Counted: a class whose base is ``ApplicationRecord`` (any namespace's),
``ActiveRecord::Base`` or a class the models declare
``self.abstract_class = true``; not abstract itself; with no
``self.table_name =`` (that literal is found as any mapping). A subclass of
another model (``class EpicActivity < Activity``) is single-table
inheritance: it reads its base's table, no reference of its own.
Not followed: ``pluralize_table_names = false``, ``table_name_suffix``,
and custom inflections in ``config/initializers/inflections.rb``. A class
written on one line (``class A < ApplicationRecord; end``) counts; its patch
goes before the ``; end``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

import inflection
from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.classify import HIGH
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.targets import Target, by_old_table_name

#: Context label of a model's class line; a patch adds ``self.table_name``.
LABEL = "Rails model (convention)"

_CLASS = lazy_compile(r"^(\s*)class\s+((?:::)?[A-Z]\w*(?:::[A-Z]\w*)*)(?:\s*<\s*((?:::)?[\w:]+))?")
_MODULE = lazy_compile(r"^(\s*)module\s+([A-Z]\w*(?:::[A-Z]\w*)*)")
_END = lazy_compile(r"^(\s*)end\b")
_ABSTRACT = lazy_compile(r"\bself\.abstract_class\s*=\s*true\b|^\s*primary_abstract_class\b")
_TABLE_NAME = lazy_compile(r"\bself\.table_name\s*=")
_TABLE_LITERAL = lazy_compile(r"\bself\.table_name\s*=\s*[\"']([^\"'#{}]+)[\"']")
#: ``self.table_name_prefix = "ci_"`` or ``def self.table_name_prefix = "ci_"`` / ``; 'ci_'``.
_PREFIX_LINE = lazy_compile(
    r"^\s*(?:def\s+)?self\.table_name_prefix\b\s*(?:=|;)?\s*[\"']([^\"']*)[\"']"
)
_PREFIX_OPEN = lazy_compile(r"^\s*def\s+self\.table_name_prefix\s*(?:\(\s*\))?\s*$")
_STRING_LINE = lazy_compile(r"^\s*[\"']([^\"']*)[\"']\s*$")
_PREFIX_DEF = lazy_compile(
    r"def\s+self\.table_name_prefix\b[^\n]*\n?\s*[\"']([^\"']*)[\"']", re.MULTILINE
)


def is_model_file(path: str) -> bool:
    """Whether ``path`` is a Ruby file below a ``models`` folder (``app/models``)."""
    return path.endswith(".rb") and "/models/" in "/" + path


class _Model(Struct):
    path: str
    line: int  # 0-based class line
    column: int  # 0-based start of the last name segment
    written: str  # the last name segment, as written
    name: str  # the class name without modules
    base: str | None
    modules: tuple[str, ...]  # enclosing modules and classes, outermost first
    source: str = ""  # the class line
    prefix: str | None = None  # its own table_name_prefix, when the class sets one
    abstract: bool = False
    explicit: bool = False  # says self.table_name = ...
    table: str | None = None  # the literal of its self.table_name = "..."


def _models(path: str, text: str) -> list[_Model]:
    """The classes of one file, with what their bodies say."""
    out: list[_Model] = []
    stack: list[tuple[int, str, _Model | None]] = []  # (indent, name, model)
    pending: _Model | None = None  # a class whose table_name_prefix body comes next
    for number, line in enumerate(text.split("\n")):
        ended = _END.match(line)
        if ended and pending is None:
            indent = len(ended.group(1))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            continue
        opened = _MODULE.match(line) or _CLASS.match(line)
        if opened:
            indent = len(opened.group(1))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            parts = opened.group(2).lstrip(":").split("::")
            model = None
            if line.lstrip().startswith("class"):
                model = _Model(
                    path,
                    number,
                    opened.end(2) - len(parts[-1]),
                    parts[-1],
                    parts[-1],
                    opened.group(3),
                    tuple(n for _i, n, _m in stack) + tuple(parts[:-1]),
                    line.rstrip("\r"),
                )
                out.append(model)
            stack.append((indent, opened.group(2), model))
            continue
        current = stack[-1][2] if stack else None
        if pending is not None:
            literal = _STRING_LINE.match(line)
            if literal:
                pending.prefix = literal.group(1)
            pending = None
        if current is not None:
            own = _PREFIX_LINE.match(line)
            if own:
                current.prefix = own.group(1)
            elif _PREFIX_OPEN.match(line):
                pending = current
            current.abstract = current.abstract or bool(_ABSTRACT.search(line))
            current.explicit = current.explicit or bool(_TABLE_NAME.search(line))
            literal_name = _TABLE_LITERAL.search(line)
            if literal_name is not None and current.table is None:
                current.table = literal_name.group(1)
    return out


class RailsModels:
    """The convention-named models of a repository's ``models`` folders."""

    def __init__(self, files: Iterable[tuple[str, str]], read: Callable[[str], str | None]) -> None:
        """``files``: (path, text) of each model file; ``read(path)`` gives any
        other file's text (a namespace module's ``table_name_prefix``) or None."""
        self._models = [m for path, text in files for m in _models(path, text)]
        self._abstract = {m.name for m in self._models if m.abstract}
        self._by_path = {"::".join((*m.modules, m.name)): m for m in self._models}
        self._read = read
        self._prefixes: dict[str, str] = {}

    def _prefix(self, model: _Model) -> str:
        """The innermost enclosing module's ``table_name_prefix`` ("" when none)."""
        root = (
            model.path[: model.path.rindex("/models/") + len("/models/")]
            if ("/models/" in model.path)
            else ("models/" if model.path.startswith("models/") else "")
        )
        for depth in range(len(model.modules), 0, -1):
            module_path = root + "/".join(inflection.underscore(m) for m in model.modules[:depth])
            if module_path not in self._prefixes:
                text = self._read(module_path + ".rb") or ""
                found = _PREFIX_DEF.search(text)
                self._prefixes[module_path] = found.group(1) if found else ""
            if self._prefixes[module_path]:
                return self._prefixes[module_path]
        seen: set[int] = set()
        current: _Model | None = model
        while current is not None and id(current) not in seen:  # inherited from a base
            if current.prefix is not None:
                return current.prefix
            seen.add(id(current))
            current = self._base(current)
        return ""

    def _base(self, model: _Model) -> _Model | None:
        """The class ``model`` inherits from, when the models define it (Ruby's
        lexical lookup: ``Ci::ApplicationRecord`` before ``::ApplicationRecord``)."""
        if model.base is None:
            return None
        parts = tuple(model.base.lstrip(":").split("::"))
        scopes = () if model.base.startswith("::") else model.modules
        for depth in range(len(scopes), -1, -1):
            found = self._by_path.get("::".join((*scopes[:depth], *parts)))
            if found is not None and found is not model:
                return found
        return None

    def _counted(self, model: _Model) -> bool:
        if model.abstract or model.explicit or model.base is None:
            return False
        base = model.base.split("::")[-1]
        return (
            base == "ApplicationRecord"
            or model.base.lstrip(":") == "ActiveRecord::Base"
            or base in self._abstract
        )

    def table_name(self, model: _Model) -> str:
        """Active Record's table name for ``model`` (see the module docstring)."""
        contained = ""
        # Active Record's module_parent: the namespace, written nested or as A::B.
        parent = self._by_path.get("::".join(model.modules)) if model.modules else None
        if parent is not None and parent is not model and self._counted(parent):
            contained = inflection.singularize(self.table_name(parent)) + "_"
        return self._prefix(model) + contained + inflection.tableize(model.name)

    def model_table(self, model: _Model) -> str | None:
        """The table ``model`` reads: its ``self.table_name`` literal, its
        conventional name, or its base model's (single-table inheritance);
        None for an abstract class, a class that is no model, or a name
        computed at run time."""
        seen: set[int] = set()
        current: _Model | None = model
        while current is not None and id(current) not in seen:
            seen.add(id(current))
            if current.abstract:
                return None
            if current.explicit:
                return current.table
            if self._counted(current):
                return self.table_name(current)
            current = self._base(current)
        return None

    def tables(self) -> dict[str, tuple[str, str]]:
        """Each model's table by its class name as code writes it (the last
        segment, ``Acl``), with the model's file: ``{"Acl": ("acls",
        "app/models/acl.rb")}``. A class name two models share is left out."""
        out: dict[str, tuple[str, str]] = {}
        shared: set[str] = set()
        for model in self._models:
            table = self.model_table(model)
            if table is None:
                continue
            if model.name in out and out[model.name][0] != table:
                shared.add(model.name)
            out.setdefault(model.name, (table, model.path))
        return {name: found for name, found in out.items() if name not in shared}

    def references(self, targets: Iterable[Target]) -> Iterator[Reference]:
        """A high-confidence reference per model whose table is a target's old name."""
        by_name = by_old_table_name(targets)
        if not by_name:
            return
        for model in self._models:
            if not self._counted(model):
                continue
            for target in dict.fromkeys(by_name.get(self.table_name(model).casefold(), ())):
                yield Reference(
                    model.path,
                    model.line + 1,
                    model.column + 1,
                    model.column + len(model.written) + 1,
                    model.source,
                    model.written,
                    target,
                    HIGH,
                    LABEL,
                )
