"""Laravel Eloquent's implicit pivot tables.

``$this->belongsToMany(Tag::class)`` in ``class Post extends Model`` reads
the table ``post_tag`` without spelling it: with no table argument,
illuminate/database's ``BelongsToMany`` takes ``joiningTable($related,
$instance)`` (Eloquent/Concerns/HasRelationships.php): each model's
``joiningTableSegment()``, ``Str::snake(class_basename($model))``, sorted
(PHP's ``sort``) and joined by ``_``, lower-cased (``UserRole`` and
``Permission``: ``permission_user_role``). ``Str::snake`` puts ``_``
before every upper-case letter but the first (``HTMLPage``:
``h_t_m_l_page``).

Counted: a call whose only argument is the related class (``Tag::class``,
``\\App\\Models\\Tag::class``, ``'App\\Models\\Tag'``), in a class that
``extends`` another and does not override ``joiningTableSegment``; a table
written as the second argument is a literal, found as any other. Not
followed: a related model overriding ``joiningTableSegment``,
``morphToMany`` (``taggables``), a call with more arguments and no table
(``belongsToMany(Tag::class, null, 'post_id')``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.classify import HIGH
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.targets import Target, by_old_table_name

#: Context label of the related class argument; a patch writes the table after it.
LABEL = "Eloquent pivot table (convention)"

_CLASS = lazy_compile(r"\bclass\s+([A-Za-z_]\w*)\s+extends\s+\\?[\w\\]+")
_CALL = lazy_compile(r"\bbelongsToMany\s*\(\s*")
_RELATED = lazy_compile(
    r"(\\?(?:[A-Za-z_]\w*\\)*([A-Za-z_]\w*)::class"
    r"|'\\?(?:[A-Za-z_]\w*\\\\?)*([A-Za-z_]\w*)'"
    r'|"\\?(?:[A-Za-z_]\w*\\\\?)*([A-Za-z_]\w*)")'
    r"\s*\)"
)
_SNAKE = lazy_compile(r"(.)(?=[A-Z])")
_OVERRIDES = lazy_compile(r"\bfunction\s+joiningTableSegment\b")


def is_pivot_file(path: str, text: str) -> bool:
    """A PHP file that may declare an implicit pivot table."""
    return path.endswith(".php") and "belongsToMany" in text


def snake(name: str) -> str:
    """Laravel's ``Str::snake`` of a class name (no blanks): ``_`` before
    each upper-case letter but the first, then lower case."""
    if name.islower():
        return name
    return _SNAKE.sub(r"\1_", name).lower()


def joining_table(model: str, related: str) -> str:
    """``joiningTable``: the two models' snake-cased names, sorted, joined by ``_``."""
    return "_".join(sorted((snake(related), snake(model)))).lower()


def _pivots(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, implicit table) of each counted call's related class argument."""
    classes = [(m.start(), m.group(1)) for m in _CLASS.finditer(text)]
    if not classes:
        return
    overriding = {
        name
        for k, (at, name) in enumerate(classes)
        if _OVERRIDES.search(text, at, classes[k + 1][0] if k + 1 < len(classes) else len(text))
    }
    for call in _CALL.finditer(text):
        owner = [name for at, name in classes if at < call.start()]
        if not owner or owner[-1] in overriding:
            continue
        related = _RELATED.match(text, call.end())
        if related is None:
            continue
        name = related.group(2) or related.group(3) or related.group(4)
        yield related.start(1), related.end(1), joining_table(owner[-1], name)


def references(files: Iterable[tuple[str, str]], targets: Iterable[Target]) -> Iterator[Reference]:
    """A high-confidence reference per implicit pivot table that is a target's old name."""
    by_name = by_old_table_name(targets)
    if not by_name:
        return
    for path, text in files:
        for start, end, table in _pivots(text):
            found = by_name.get(table.casefold(), ())
            if not found:
                continue
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", start)
            line = text[line_start : line_end if line_end >= 0 else len(text)]
            for target in dict.fromkeys(found):
                yield Reference(
                    path,
                    text.count("\n", 0, start) + 1,
                    start - line_start + 1,
                    end - line_start + 1,
                    line.rstrip("\r"),
                    text[start:end],
                    target,
                    HIGH,
                    LABEL,
                )


def with_table(line: str, end: int, table: str) -> str:
    """``line`` with the table written after the related class argument
    ending at ``end`` (0-based, exclusive): ``belongsToMany(Tag::class,
    'new_name')``."""
    return f"{line[:end]}, '{table}'{line[end:]}"
