"""What renaming a column in a SQL statement of the code does to the names it outputs.

:meth:`~dbnamelint.impact.sqlscope.SqlText.output_role` answers for one
place; this reads each file once and finds the place's offset from its line
and column, for :func:`~dbnamelint.impact.patch.make_diff`. Reads files only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.languages import family
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.sqlscope import OutputRole, SqlText
from dbnamelint.impact.targets import Target

#: A word that may join by column name, for a quick look before reading statements.
_JOINING = lazy_compile(r"(?i)\b(?:using|natural)\b")


class OutputRoles:
    """:meth:`role` of references; files read by ``read`` (path -> text or None)."""

    def __init__(self, read: Callable[[str], str | None]) -> None:
        self._read = read
        self._files: dict[str, tuple[SqlText, list[int]] | None] = {}
        self._roles: dict[tuple[str, int, int], OutputRole | None] = {}
        self._joining: dict[str, bool] = {}  # the file has USING or NATURAL at all
        self._starry: dict[str, bool] = {}  # the file has a * at all

    def held(self, ref: Reference, columns: Iterable[Target]) -> str:
        """Why ``ref``'s SQL statement is left whole when the patch renames
        ``columns`` (column targets): a ``JOIN ... USING`` list naming one of a
        table the statement names, or a ``NATURAL`` join of such a table
        (both match by name in the other table too); "" when neither."""
        if ref.statement is None:
            return ""
        if ref.path not in self._joining:
            text = self._read(ref.path) or ""
            self._joining[ref.path] = _JOINING.search(text) is not None
        found = self._sql(ref) if self._joining[ref.path] else None
        if found is None:
            return ""
        sql, starts = found
        using, natural, tables = sql.joins(starts[ref.line - 1] + ref.column - 1)
        if not using and not natural:
            return ""
        for target in columns:
            if tables.isdisjoint(t.casefold() for t in target.tables):
                continue
            named = [o for o in target.old_names if o.casefold() in using]
            if named:
                return f"it joins USING ({named[0]}), matching that column by name in both tables"
            if natural:
                return "it joins NATURAL, matching columns by name, which a rename changes"
        return ""

    def stars(self, ref: Reference, columns: Iterable[Target]) -> list[Target]:
        """Of ``columns`` (column targets), those whose table ``ref``'s SQL
        statement outputs through a ``*`` of its own select or RETURNING list
        (:meth:`~dbnamelint.impact.sqlscope.SqlText.star_tables`): no name in
        the statement says so, yet its rows come back under the new name."""
        if (
            ref.statement is None
            or ref.path.lower().endswith(".xml")
            or family(ref.path) == "prose"
        ):
            return []
        if ref.path not in self._starry:
            self._starry[ref.path] = "*" in (self._read(ref.path) or "")
        found = self._sql(ref) if self._starry[ref.path] else None
        if found is None:
            return []
        sql, starts = found
        tables = sql.star_tables(starts[ref.line - 1] + ref.column - 1)
        return [t for t in columns if tables and not tables.isdisjoint(_folded(t.tables))]

    def role(self, ref: Reference) -> OutputRole | None:
        """The output role of ``ref``, a renamed column's place in a SQL
        statement (``SQL ...`` context); None for any other place, or where
        the file no longer reads as it did (its SQL not found there)."""
        if (
            ref.statement is None
            or ref.target.kind != "column"
            or not ref.context.startswith("SQL")
            or ref.path.lower().endswith(".xml")  # MyBatis maps its own (patch._auto_mapped)
            or family(ref.path) == "prose"  # documentation shows the new names
        ):
            return None
        key = (ref.path, ref.line, ref.column)
        if key not in self._roles:
            found = self._sql(ref)
            self._roles[key] = (
                None
                if found is None
                else found[0].output_role(found[1][ref.line - 1] + ref.column - 1)
            )
        return self._roles[key]

    def _sql(self, ref: Reference) -> tuple[SqlText, list[int]] | None:
        """The SQL of ``ref``'s file and its lines' offsets; None when unreadable
        or shorter than ``ref``'s line (the file changed since the search)."""
        if ref.path not in self._files:
            text = self._read(ref.path)
            if text is None:
                self._files[ref.path] = None
            else:
                starts = [0]
                for line in text.splitlines(keepends=True):
                    starts.append(starts[-1] + len(line))
                self._files[ref.path] = (SqlText.parse(ref.path, text), starts)
        found = self._files[ref.path]
        return None if found is None or ref.line > len(found[1]) else found


def _folded(names: Iterable[str]) -> set[str]:
    return {n.casefold() for n in names}
