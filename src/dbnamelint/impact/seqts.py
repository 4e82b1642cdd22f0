"""sequelize-typescript model attributes whose column is the property's name.

A sequelize-typescript model (``@Table({ tableName: "apiKeys" }) class
ApiKey extends Model { @Column(DataType.DATE) lastActiveAt: Date; }``) maps
each ``@Column`` property to the column of the same name unless the
decorator's options give ``field:`` (sequelize-typescript, "Model
definition": ``@Column`` takes a data type or ``ModelAttributeColumnOptions``;
Sequelize's ``field`` option: "If set, sequelize will map the attribute name
to a different name in the database"). ``@CreatedAt``, ``@UpdatedAt`` and
``@DeletedAt`` properties are the timestamp columns of those names. No
string names such a column, yet Sequelize's queries fail once it is renamed
(trial s32 outline: ``impact`` found 0 high-confidence references for
nearly all of its 363 columns, every one mapped so).

Each such property of a class whose ``@Table`` names a column target's table
in ``tableName:`` is a high-confidence reference (``sequelize-typescript
@Column``) on the property's name, and so is each of a base class it extends
(outline's ``IdModel``: ``id``, ``createdAt``, ``updatedAt``). Left out: a
``DataType.VIRTUAL`` attribute (no column), one with ``field:`` (its text is
found as any string), a model with ``underscored`` (columns snake_cased), a
``@Table`` without ``tableName`` (Sequelize then pluralises the model name).
``--diff`` leaves the property (code reads it) and says to map it by hand
(``field: "new"``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.classify import HIGH
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.targets import Target

LABEL = "sequelize-typescript @Column"

_IMPORT = lazy_compile(r"""from\s+["']sequelize-typescript["']""")
_CLASS = lazy_compile(r"^[ \t]*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+(\w+)", re.M)
_TABLE = lazy_compile(r"@Table\s*\(\s*\{")
_TABLE_NAME = lazy_compile(r"""\btableName\s*:\s*["'`]([^"'`]+)["'`]""")
#: A run of decorators, then a property's name and ``:`` (its type).
_PROPERTY = lazy_compile(
    r"((?:@\w+(?:\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))?\s*)+)"
    r"(?:(?:public|private|protected|readonly|declare)\s+)*(\w+)\s*[!?]?\s*:"
)
_COLUMN = lazy_compile(r"@(?:Column|CreatedAt|UpdatedAt|DeletedAt)\b")
_FIELD = lazy_compile(r"\bfield\s*:")


def is_model_file(path: str, text: str) -> bool:
    """Whether ``text`` (a TypeScript file) imports sequelize-typescript."""
    return path.endswith((".ts", ".mts", ".cts")) and _IMPORT.search(text) is not None


def _braced(text: str, at: int) -> int:
    """The offset after the ``}`` closing the ``{`` at ``at`` (strings aside)."""
    depth = 0
    i = at
    n = len(text)
    while i < n:
        c = text[i]
        if c in "\"'`":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n


def _head(text: str, at: int) -> tuple[str | None, int]:
    """A class head from ``at`` (after its name): the class it extends (None)
    and the offset of its body's ``{``; angle brackets of generics skipped."""
    depth = 0
    i = at
    base: str | None = None
    while i < len(text):
        c = text[i]
        if c == "<":
            depth += 1
        elif c == ">" and text[i - 1] != "=":
            depth -= 1
        elif c == "{" and depth <= 0:
            return base, i
        elif depth <= 0 and text.startswith("extends", i) and base is None:
            m = re.match(r"extends\s+([\w.]+)", text[i:])
            if m is not None:
                base = m.group(1).rpartition(".")[2]
        i += 1
    return base, len(text)


class _Class:
    def __init__(self, path: str, table: str | None, base: str | None) -> None:
        self.path = path
        self.table = table
        self.base = base
        #: (offset of the property's name, its column) of each mapped attribute.
        self.columns: list[tuple[int, str]] = []


class SequelizeModels:
    """The columns the properties of a project's sequelize-typescript models name."""

    def __init__(self, files: Iterable[tuple[str, str]]) -> None:
        self._texts: dict[str, str] = {}
        self._classes: dict[str, _Class] = {}
        for path, text in files:
            if not is_model_file(path, text):
                continue
            self._texts[path] = text
            before = 0
            for m in _CLASS.finditer(text):
                if m.start() < before:
                    continue  # a class inside another's body
                base, brace = _head(text, m.end())
                end = _braced(text, brace)
                decorators = text[before : m.start()]
                table = None
                underscored = False
                tables = list(_TABLE.finditer(decorators))
                if tables:
                    options = decorators[tables[-1].end() - 1 :]
                    options = options[: _braced(options, 0)]
                    named = _TABLE_NAME.search(options)
                    table = named.group(1) if named else None
                    underscored = re.search(r"\bunderscored\s*:\s*true", options) is not None
                found = _Class(path, None if underscored else table, base)
                if tables and table is None:
                    found.base = None  # pluralised by Sequelize: not followed
                body = text[brace + 1 : end - 1]
                for p in _PROPERTY.finditer(body):
                    run = p.group(1)
                    if _COLUMN.search(run) is None:
                        continue
                    if _FIELD.search(run) or "DataType.VIRTUAL" in run:
                        continue
                    found.columns.append((brace + 1 + p.start(2), p.group(2)))
                self._classes.setdefault(m.group(1), found)
                before = end

    def _columns(self, name: str, seen: frozenset[str]) -> Iterator[tuple[_Class, int, str]]:
        """(class, offset, column) of ``name``'s attributes and its bases'."""
        found = self._classes.get(name)
        if found is None or name in seen:
            return
        for at, column in found.columns:
            yield found, at, column
        if found.base is not None:
            yield from self._columns(found.base, seen | {name})

    def references(self, targets: Iterable[Target]) -> Iterator[Reference]:
        """A high-confidence reference per attribute whose column is a column
        target's old name in its model's table (a base class's attribute
        once per model extending it)."""
        wanted: dict[tuple[str, str], list[Target]] = {}
        for target in targets:
            if target.kind != "column":
                continue
            for table in target.tables:
                for old in dict.fromkeys((*target.old_names, *target.stored)):
                    wanted.setdefault((table.rpartition(".")[2], old), []).append(target)
        if not wanted:
            return
        seen: set[tuple[str, int, str]] = set()
        for name, model in self._classes.items():
            if model.table is None:
                continue
            for owner, at, column in self._columns(name, frozenset()):
                for target in wanted.get((model.table, column), ()):
                    key = (owner.path, at, target.name)
                    if key in seen:
                        continue
                    seen.add(key)
                    text = self._texts[owner.path]
                    start = text.rfind("\n", 0, at) + 1
                    stop = text.find("\n", at)
                    line = text[start : len(text) if stop < 0 else stop].rstrip("\r")
                    col = at - start + 1
                    yield Reference(
                        owner.path,
                        text.count("\n", 0, at) + 1,
                        col,
                        col + len(column),
                        line,
                        column,
                        target,
                        HIGH,
                        LABEL,
                    )
