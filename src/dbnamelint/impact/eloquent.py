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
``\\App\\Models\\Tag::class``, ``'App\\Models\\Tag'``), or whose table
argument is ``null`` (``belongsToMany(Playlist::class, null, 'folder_id')``:
the same default), in a class that ``extends`` another and does not override
``joiningTableSegment``, or in a trait such a class uses (koel's
``trait HasSongRelationships``, ``use HasSongRelationships;`` in ``class
Song extends Model``: the table of each class using it, by the trait's
short name in the files read; trial s42 koel); a table written as the
second argument is a literal, found as any other. Not followed: a related
model overriding ``joiningTableSegment``, ``morphToMany`` (``taggables``),
a trait used by another trait.
"""

from __future__ import annotations

import re
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
    # alone, or before a null table on its line (the patch writes the table there)
    r"(?:\s*\)|[ \t]*,[ \t]*null\b(?=[ \t]*[,)]))"
)
_NULL_TABLE = lazy_compile(r"[ \t]*,[ \t]*null\b")
_TRAIT = lazy_compile(r"\btrait\s+([A-Za-z_]\w*)")
#: ``use A, \\B\\C;`` in a class body: the traits it uses.
_USES = lazy_compile(r"^[ \t]*use\s+([\w\\]+(?:\s*,\s*[\w\\]+)*)\s*[;{]", re.MULTILINE)
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


def trait_users(files: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Each trait's short name -> the classes (``extends`` another, not
    overriding ``joiningTableSegment``) whose body ``use``s it, in ``files``."""
    users: dict[str, list[str]] = {}
    for _path, text in files:
        classes = list(_CLASS.finditer(text))
        for k, found in enumerate(classes):
            end = classes[k + 1].start() if k + 1 < len(classes) else len(text)
            if _OVERRIDES.search(text, found.start(), end):
                continue
            for used in _USES.finditer(text, found.end(), end):
                for trait in used.group(1).split(","):
                    short = trait.strip().rpartition("\\")[2]
                    users.setdefault(short, []).append(found.group(1))
    return users


def _pivots(text: str, traits: dict[str, list[str]]) -> Iterator[tuple[int, int, str]]:
    """(start, end, implicit table) of each counted call's related class
    argument (one per class using the trait it is in)."""
    owners = [(m.start(), [m.group(1)]) for m in _CLASS.finditer(text)]
    owners += [(m.start(), traits.get(m.group(1), [])) for m in _TRAIT.finditer(text)]
    if not owners:
        return
    owners.sort()
    overriding = {
        at
        for k, (at, _names) in enumerate(owners)
        if _OVERRIDES.search(text, at, owners[k + 1][0] if k + 1 < len(owners) else len(text))
    }
    for call in _CALL.finditer(text):
        owner = [(at, names) for at, names in owners if at < call.start()]
        if not owner or owner[-1][0] in overriding:
            continue
        related = _RELATED.match(text, call.end())
        if related is None:
            continue
        name = related.group(2) or related.group(3) or related.group(4)
        for model in dict.fromkeys(owner[-1][1]):
            yield related.start(1), related.end(1), joining_table(model, name)


def references(
    files: Iterable[tuple[str, str]],
    targets: Iterable[Target],
    classes: Iterable[tuple[str, str]] = (),
) -> Iterator[Reference]:
    """A high-confidence reference per implicit pivot table that is a target's
    old name, in ``files`` (those calling ``belongsToMany``); ``classes``: the
    PHP files declaring classes, where a trait's users are found."""
    by_name = by_old_table_name(targets)
    if not by_name:
        return
    files = list(files)
    traits = trait_users(classes) if any(_TRAIT.search(text) for _p, text in files) else {}
    for path, text in files:
        for start, end, table in _pivots(text, traits):
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
    'new_name')``; a ``null`` table argument there is replaced."""
    null = _NULL_TABLE.match(line, end)
    return f"{line[:end]}, '{table}'{line[null.end() if null else end :]}"
