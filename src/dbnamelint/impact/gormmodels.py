"""GORM models that name their table by convention: ``type PageView struct``.

A struct declared in a Go file that imports GORM, with no ``TableName()``
method in its package (its folder), reads the table GORM's default naming
strategy gives it (:func:`~dbnamelint.impact.gormconv.convention_table`):
``PageView`` is ``page_views``. Its name is a high-confidence reference to
that table (``GORM model (convention)``), as a Rails model named by
convention is (:mod:`dbnamelint.impact.rails`). ``--diff`` does not rename
the type (the code uses it everywhere): a note says to add a ``TableName()``
method instead. Not followed: a struct declared in a file that does not
import GORM, a ``NamingStrategy`` other than GORM's (``SingularTable`` and
``TablePrefix`` are read), and embedded structs (``gorm:"embedded"``), which
name no table but share the convention's chance of a match.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator

from dbnamelint.go_braces import block_end
from dbnamelint.impact import gorm, gormconv
from dbnamelint.impact.classify import HIGH
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.targets import Target, by_old_table_name

#: Context label of a model's type name; a patch leaves it and adds a note.
LABEL = "GORM model (convention)"


def _folder(path: str) -> str:
    return path.rpartition("/")[0]


class GormModels:
    """The Go files' GORM models: those named by convention, and the tables the
    ``TableName()`` methods give their types."""

    def __init__(self, files: Iterable[tuple[str, str]]) -> None:
        """``files``: (path, text) of the Go files that import GORM or declare a
        ``TableName`` method (other files are ignored)."""
        files = [(p, t) for p, t in files if p.lower().endswith(".go")]
        tabled: set[tuple[str, str]] = set()  # (folder, type) with a TableName method
        #: Per type with a TableName method, the name it returns (None: unknown or several).
        self.go_tables: dict[str, str | None] = {}
        #: The same per folder (a Go package): its own types' names win there.
        self.folder_tables: dict[str, dict[str, str | None]] = {}
        for path, text in files:
            for name, table in gorm.table_names(path, text).items():
                tabled.add((_folder(path), name))
                self.folder_tables.setdefault(_folder(path), {})[name] = table
                known = self.go_tables.setdefault(name, table)
                if known != table:
                    self.go_tables[name] = None  # types of one name in two packages
        gorm_files = [(p, t) for p, t in files if gormconv.imports_gorm(p, t)]
        #: The naming the GORM files configure (SingularTable, TablePrefix).
        self.naming = gormconv.naming(t for _p, t in gorm_files)
        # a struct tagged `gorm:"..."` is GORM's model in a file that imports no
        # gorm too (gotify's model/ package: confirmation s39c)
        tagged = [(p, t) for p, t in files if 'gorm:"' in t and not gormconv.imports_gorm(p, t)]
        self._models = [
            (path, text, name, at)
            for path, text in gorm_files
            for name, at in gormconv.structs(text)
            if (_folder(path), name) not in tabled
        ] + [
            (path, text, name, at)
            for path, text in tagged
            for name, at in gormconv.structs(text)
            if (_folder(path), name) not in tabled and _gorm_tagged(text, at)
        ]

    def references(self, targets: Iterable[Target]) -> Iterator[Reference]:
        """A high-confidence reference per model whose conventional table is a
        target's old name, on the struct's name."""
        by_name = by_old_table_name(targets)
        if not by_name:
            return
        for path, text, name, at in self._models:
            table = gormconv.convention_table(name, self.naming).casefold()
            for target in dict.fromkeys(by_name.get(table, ())):
                starts = _line_starts(text)
                row = bisect.bisect_right(starts, at) - 1
                end = text.find("\n", at)
                line = text[starts[row] : len(text) if end < 0 else end].rstrip("\r")
                column = at - starts[row] + 1
                yield Reference(
                    path, row + 1, column, column + len(name), line, name, target, HIGH, LABEL
                )


def _line_starts(text: str) -> list[int]:
    return [0, *(i + 1 for i, char in enumerate(text) if char == "\n")]


def _gorm_tagged(text: str, at: int) -> bool:
    """Whether the struct named at ``at`` in Go ``text`` has a ``gorm:"..."`` tag."""
    brace = text.find("{", at)
    return brace >= 0 and 'gorm:"' in text[brace : block_end(text, brace)]
