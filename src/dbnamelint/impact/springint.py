"""Spring Integration's JDBC lock table: ``DefaultLockRepository``'s ``<prefix>LOCK``.

Spring Integration's ``org.springframework.integration.jdbc.lock.DefaultLockRepository``
never spells its table: every query is written ``... FROM %sLOCK ...`` and
formatted with its prefix (``afterPropertiesSet``: ``String.format(query,
this.prefix)``), ``INT_`` unless ``setPrefix(...)`` sets another
(``DEFAULT_TABLE_PREFIX``). hawkbit's ``JpaRepositoryConfiguration`` calls
``repository.setPrefix("SP_")``, so its lock table is ``SP_LOCK`` (its
baseline marks it ``-- spring table --``), and the table is the framework's:
renaming it or dropping its compatibility view breaks the lock registry
(trial s33: ``impact`` said ``not referenced: sp_lock``). A ``setPrefix("X")``
call in a file naming ``DefaultLockRepository`` is a use of ``XLOCK``; such a
file without one, of ``INT_LOCK``, at the constructor. High confidence, never
rewritten: the name is the framework's (``setPrefix`` gives only its prefix).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.classify import HIGH
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.targets import Target

LABEL = "Spring Integration DefaultLockRepository (<prefix>LOCK; framework table, not patched)"
#: The word a file must hold to be read here.
WORD = "DefaultLockRepository"
DEFAULT_PREFIX = "INT_"
_SET_PREFIX = lazy_compile(r"""\bsetPrefix\(\s*"(?P<prefix>[^"\\]*)"\s*\)""")
_CONSTRUCTOR = lazy_compile(r"\bDefaultLockRepository\s*\(")
_TABLE_KINDS = frozenset({"table", "view"})


def lock_targets(targets: Iterable[Target]) -> dict[str, list[Target]]:
    """Folded table name -> the targets whose old name ends in ``LOCK``."""
    out: dict[str, list[Target]] = {}
    for target in targets:
        if target.kind not in _TABLE_KINDS:
            continue
        for old in dict.fromkeys((*target.old_names, *target.stored)):
            if old.casefold().endswith("lock"):
                out.setdefault(old.casefold(), []).append(target)
    return out


def references(path: str, text: str, locks: dict[str, list[Target]]) -> Iterator[Reference]:
    """The lock table each ``setPrefix`` of a ``DefaultLockRepository`` file names."""
    if WORD not in text or not locks:
        return
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    places = [
        (m.start("prefix"), m.group("prefix"), len(m.group("prefix")))
        for m in _SET_PREFIX.finditer(text)
    ]
    if not places:
        places = [
            (m.start(), DEFAULT_PREFIX, len("DefaultLockRepository"))
            for m in _CONSTRUCTOR.finditer(text)
        ]
    for offset, prefix, width in places:
        table = f"{prefix}LOCK"
        index = bisect.bisect_right(starts, offset) - 1
        line_start = starts[index]
        line_end = text.find("\n", line_start)
        line = text[line_start : len(text) if line_end < 0 else line_end].rstrip("\r")
        column = offset - line_start + 1
        for target in dict.fromkeys(locks.get(table.casefold(), ())):
            yield Reference(
                path, index + 1, column, column + width, line, table, target, HIGH, LABEL
            )
