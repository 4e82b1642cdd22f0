"""SQLite indexes re-created from their own definition, renamed token by token.

SQLite has no ``ALTER INDEX ... RENAME`` (sqlite.org/lang_altertable.html):
a rename is ``DROP INDEX`` then ``CREATE INDEX``. The new statement is the
index's definition as written (:class:`~dbnamelint.model.IndexText`: its
expressions, ``COLLATE``, ``ASC``/``DESC`` and partial ``WHERE`` kept byte
for byte) with only the index name, the table and renamed columns replaced,
so ``sqlite_master.sql`` of the new index is the old one with the names
changed, as SQLite's own ``ALTER TABLE ... RENAME`` would have written it
(a replaced name is double-quoted, as SQLite quotes the names it rewrites).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from msgspec import Struct

from dbnamelint.model import IndexText


class IndexColumn(Struct, frozen=True):
    """A column an index definition may spell, under every name it had.

    ``written``: the names (case-folded, as SQLite compares them) a
    definition may spell it by (current and earlier names); ``before``/
    ``after``: its name before and after the migration.
    """

    written: tuple[str, ...]
    before: str
    after: str


def column_words(columns: tuple[IndexColumn, ...], after: bool) -> dict[str, tuple[str, bool]]:
    """Written word (case-folded) -> the column's name before or after the
    migration, and whether the migration renames it (then it is written
    anew even when only its case changes, as SQLite's RENAME COLUMN does)."""
    return {
        w: (c.after if after else c.before, after and c.after != c.before)
        for c in columns
        for w in c.written
    }


def create_index(
    text: IndexText,
    unique: bool,
    name: str | None,
    table: str | None,
    columns: Mapping[str, tuple[str, bool]],
    quote: Callable[[str], str],
) -> str:
    """``CREATE [UNIQUE] INDEX`` from ``text`` with its names replaced.

    ``name``: the index name's SQL (already quoted and qualified), None to
    keep it as written; ``table``: the table's name (quoted here), None to
    keep it as written; ``columns``: written word (case-folded) -> the
    column's name and whether the migration renames it; replaced (quoted)
    when renamed, or when it differs from the word without case (an earlier
    rename; SQLite resolves names without case). Everything else is the
    definition as written.
    """
    out: list[str] = []
    at = 0
    for start, end, role in text.names:
        written = text.text[start:end]
        word = _unquote(written)
        if role == "index":
            new = name
        elif role == "table":
            new = quote(table) if table is not None else None
        else:
            found = columns.get(word.casefold())
            new = None
            if found is not None and (found[1] or found[0].casefold() != word.casefold()):
                new = quote(found[0])
        out.append(text.text[at:start])
        out.append(written if new is None else new)
        at = end
    out.append(text.text[at:])
    return f"CREATE {'UNIQUE ' if unique else ''}INDEX {''.join(out)};"


def _unquote(word: str) -> str:
    """A name token's text without its quotes (``"a""b"`` is ``a"b``)."""
    if len(word) >= 2 and word[0] in '"`[' and word[-1] in '"`]':
        close = word[-1]
        return word[1:-1].replace(close * 2, close)
    return word


def as_written(text: IndexText, role: str) -> str | None:
    """The name spelt in ``role`` (``index``, ``table``) without quotes, or None."""
    for start, end, found in text.names:
        if found == role:
            return _unquote(text.text[start:end])
    return None
