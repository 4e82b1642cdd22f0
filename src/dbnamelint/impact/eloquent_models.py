"""Laravel Eloquent models that name their table by convention.

``class Tag extends Model`` reads the table ``tags`` without spelling it:
illuminate/database's ``Model::getTable()`` is ``$this->table ??
Str::snake(Str::pluralStudly(class_basename($this)))`` (the last studly word
made plural: ``ActivityLog`` -> ``activity_logs``). BookStack names every
table so (``Tag``, ``Book``, ``Page``: ``class Book extends Entity``,
``abstract class Entity extends Model``, ``class Model extends
EloquentModel`` of its own), and ``impact`` found none of them after a
rename (trial s40 BookStack I1): only the pivots ``belongsToMany`` names by
convention (:mod:`dbnamelint.impact.eloquent`) were read.

Counted: a class, not ``abstract``, whose ``extends`` chain (each base
resolved through the file's ``namespace`` and ``use`` lines, across the
files read) reaches ``Illuminate\\Database\\Eloquent\\Model`` or
``Illuminate\\Foundation\\Auth\\User``; neither it nor a base of the
project declares ``$table`` or ``getTable()`` (that literal is found as
any ``Eloquent $table``). The plural is the ``inflection`` package's
(ActiveSupport's rules), which agrees with Laravel's English pluralizer on
regular nouns; an irregular one the two spell differently is missed. Not
followed: ``Pivot`` models (singular by Laravel's rule), a base outside the
files read (a package's model), a table prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import inflection
from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.classify import HIGH
from dbnamelint.impact.eloquent import snake
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.targets import Target, by_old_table_name
from dbnamelint.php_uses import imports

#: Context label of a model's class name; no patch rewrites it (a note says what to add).
LABEL = "Eloquent model (convention)"
#: The classes whose subclasses Eloquent names by convention.
_ROOTS = frozenset({"Illuminate\\Database\\Eloquent\\Model", "Illuminate\\Foundation\\Auth\\User"})
#: Pivot models: a model too, but named by convention in the singular
#: (``Pivot::getTable()``), so only one declaring ``$table`` is counted.
_PIVOTS = frozenset(
    {
        "Illuminate\\Database\\Eloquent\\Relations\\Pivot",
        "Illuminate\\Database\\Eloquent\\Relations\\MorphPivot",
    }
)
_CLASS = lazy_compile(
    r"^[ \t]*((?:(?:abstract|final|readonly)\s+)*)class\s+([A-Za-z_]\w*)\s+extends\s+(\\?[\w\\]+)",
    re.MULTILINE,
)
_NAMESPACE = lazy_compile(r"^\s*namespace\s+([\w\\]+)\s*[;{]", re.MULTILINE)
#: A ``$table`` property declared (``protected $table = 'x';``) or ``getTable()`` overridden.
_OWN_TABLE = lazy_compile(
    r"\b(?:protected|public|private|var)\s+(?:static\s+)?(?:\??[\w\\|]+\s+)?\$table\b"
    r"|\bfunction\s+getTable\s*\("
)
#: The string a ``$table`` property declares.
_TABLE_VALUE = lazy_compile(
    r"\b(?:protected|public|private|var)\s+(?:static\s+)?(?:\??[\w\\|]+\s+)?\$table\s*=\s*"
    r"(?:'([^'\\]+)'|\"([^\"\\$]+)\")\s*;"
)
#: PHP's studly words: a split before each upper-case letter but the first.
_STUDLY = lazy_compile(r"(?<=.)(?=[A-Z])")
_DEPTH = 32


def is_class_file(path: str, text: str) -> bool:
    """A PHP file that may declare a model."""
    return path.endswith(".php") and "extends" in text


def table_of(name: str) -> str:
    """``Str::snake(Str::pluralStudly($name))``: the last studly word plural."""
    words = _STUDLY.split(name)
    words[-1] = inflection.pluralize(words[-1])
    return snake("".join(words))


class PhpClass(Struct):
    """A PHP class declaring a base: where it is, its name, its base's and its table's."""

    path: str
    start: int  # offset of the class name
    name: str
    base: str  # fully qualified
    abstract: bool
    own_table: bool  # declares $table or getTable()
    end: int = 0  # offset where the class's text ends (the next class or the file's end)
    table: str = ""  # the string its ``$table`` declares, if one does


def _resolve(name: str, space: str, uses: dict[str, str]) -> str:
    """The fully qualified name ``name`` means in a file of namespace ``space``."""
    if name.startswith("\\"):
        return name[1:]
    head, _, rest = name.partition("\\")
    if head in uses:
        return uses[head] + ("\\" + rest if rest else "")
    return f"{space}\\{name}" if space else name


def names(text: str) -> tuple[str, dict[str, str]]:
    """The namespace of a PHP file and the classes its ``use`` lines import,
    by the short name (or alias) the file writes."""
    found = _NAMESPACE.search(text)
    space = found.group(1) if found else ""
    return space, imports(text)


def resolve(name: str, space: str, uses: dict[str, str]) -> str:
    """The fully qualified class ``name`` means in a file of namespace
    ``space`` importing ``uses`` (see :func:`names`)."""
    return _resolve(name, space, uses)


def _classes(path: str, text: str) -> Iterator[tuple[str, PhpClass]]:
    """(fully qualified name, class) of each class ``text`` declares with a base."""
    space, uses = names(text)
    heads = list(_CLASS.finditer(text))
    for k, m in enumerate(heads):
        body_end = heads[k + 1].start() if k + 1 < len(heads) else len(text)
        own = _OWN_TABLE.search(text, m.end(), body_end) is not None
        value = _TABLE_VALUE.search(text, m.end(), body_end)
        fqn = f"{space}\\{m.group(2)}" if space else m.group(2)
        base = _resolve(m.group(3), space, uses)
        table = (value.group(1) or value.group(2)) if value else ""
        abstract = "abstract" in m.group(1)
        yield fqn, PhpClass(path, m.start(2), m.group(2), base, abstract, own, body_end, table)


def _tables(files: Iterable[tuple[str, str]]) -> Iterator[tuple[PhpClass, str]]:
    """Each convention-named model and the table it reads."""
    known: dict[str, PhpClass] = {}
    for path, text in files:
        for fqn, one in _classes(path, text):
            known.setdefault(fqn, one)
    for one in known.values():
        if one.abstract or one.own_table:
            continue
        base, seen = one.base, 0
        while base in known and seen < _DEPTH:
            if known[base].own_table:
                break
            base, seen = known[base].base, seen + 1
        if base in _ROOTS:
            yield one, table_of(one.name)


def models(files: Iterable[tuple[str, str]]) -> dict[str, tuple[PhpClass, str]]:
    """Each Eloquent model class of ``files`` (not ``abstract``), by fully
    qualified name: the class and the table it reads, its own or a project
    base's ``$table`` string, else the convention's (a ``Pivot`` only with a
    ``$table``). A class whose table is computed (``getTable()``, a
    ``$table`` that is no plain string) is left out."""
    known: dict[str, PhpClass] = {}
    for path, text in files:
        for fqn, one in _classes(path, text):
            known.setdefault(fqn, one)
    out: dict[str, tuple[PhpClass, str]] = {}
    for fqn, one in known.items():
        if one.abstract:
            continue
        table, current, seen = "", one, 0
        while True:
            if current.own_table and not table:
                table = current.table or "?"  # the nearest declaration wins
            if current.base not in known or seen >= _DEPTH:
                break
            current, seen = known[current.base], seen + 1
        if table == "?":
            continue
        if current.base in _ROOTS:
            table = table or table_of(one.name)
        if table and current.base in _ROOTS | _PIVOTS:
            out[fqn] = (one, table)
    return out


def references(files: Iterable[tuple[str, str]], targets: Iterable[Target]) -> Iterator[Reference]:
    """A high-confidence reference at the class name of each model whose
    convention-named table is a target's old name."""
    by_name = by_old_table_name(targets)
    if not by_name:
        return
    texts = dict(files)
    for one, table in _tables(texts.items()):
        found = by_name.get(table.casefold(), ())
        if not found:
            continue
        text = texts[one.path]
        line_start = text.rfind("\n", 0, one.start) + 1
        line_end = text.find("\n", one.start)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        column = one.start - line_start + 1
        for target in dict.fromkeys(found):
            yield Reference(
                one.path,
                text.count("\n", 0, one.start) + 1,
                column,
                column + len(one.name),
                line.rstrip("\r"),
                one.name,
                target,
                HIGH,
                LABEL,
            )
