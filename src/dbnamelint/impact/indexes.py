"""Whether a word that names an index is used as that index's name.

MySQL dumps name single-column indexes after their column (``KEY
customer_id (customer_id)``), so the index's old name is also a column's
and every use of the column would read as the index. Code names an index
only in DDL and hints: ``DROP INDEX x``, ``ALTER INDEX``, ``RENAME INDEX x``,
``USING INDEX x``, ``FORCE|USE|IGNORE INDEX (x)``, ``INDEX x`` / ``KEY x``
in a table definition, ``CONSTRAINT x``, and ORM options that take an
index's name (``index_name``, ``name:`` / ``name=`` in an index
declaration, Prisma's ``map:``).
"""

from __future__ import annotations

from dbnamelint.core.lazyre import lazy_compile

_INDEX_CONTEXT = lazy_compile(
    r"(?i)(?:\b(?:index|key|constraint)\s+(?:if\s+(?:not\s+)?exists\s+)?(?:[\w$]+\.)?"
    r"|\b(?:force|use|ignore)\s+(?:index|key)\s*(?:for\s+\w+(?:\s+by)?\s*)?\([^)]*"
    r"|\b(?:index_name|map|name)\s*[:=]\s*:?"
    r"|\b(?:drop|rename)_?index\w*\(\s*:?)[`\"'\[]?$"
)


def names_index(line: str, column: int) -> bool:
    """Whether the word at 0-based ``column`` of ``line`` is in an index context."""
    return bool(_INDEX_CONTEXT.search(line[:column]))
