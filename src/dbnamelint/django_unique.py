"""What Django's schema editor makes of a ``UniqueConstraint`` on each database.

Django 5.2's ``db/backends/base/schema.py``: ``_unique_supported`` makes
nothing of a constraint whose option the database lacks (a ``condition=``
without ``supports_partial_indexes``, ``include=`` without
``supports_covering_indexes``, expressions without
``supports_expression_indexes``, ``deferrable=`` without
``supports_deferrable_unique_constraints``, ``nulls_distinct=`` without
``supports_nulls_distinct_unique_constraints``: ``sqlmigrate`` prints
``-- (no-op)``); of the rest, one with a condition, ``include=``,
``opclasses=`` or expressions is a unique INDEX (``sql_create_unique_index``,
dropped by ``sql_delete_index``: ``DROP INDEX``), any other a table
constraint (``ALTER TABLE ... ADD CONSTRAINT ... UNIQUE``, dropped by
``sql_delete_unique``). The features are each backend's ``features.py``;
``mysql`` is MySQL 8.0.13 or later, which has expression indexes (MariaDB
has none, and makes no expression one either). ``opclasses=`` alone makes an
index on every database (only PostgreSQL's ``_index_columns`` writes the
classes). PostgreSQL lists such an index in ``pg_indexes`` only, so it is
renamed with ``ALTER INDEX``. Oracle: tests/test_django_unique_index.py.
"""

from __future__ import annotations

import ast
from typing import Literal

__all__ = ["INDEXED", "unique_made", "unique_options"]

#: The options that make a unique constraint an index (``_create_unique_sql``).
INDEXED = frozenset({"condition", "include", "opclasses", "expressions"})
#: The options each database lacks (its ``features.py``): PostgreSQL (15+)
#: has them all; SQLite no covering index, deferrable unique nor ``NULLS
#: [NOT] DISTINCT``; MySQL no partial index besides.
_LACKS = {
    "postgres": frozenset[str](),
    "sqlite": frozenset({"include", "deferrable", "nulls_distinct"}),
    "mysql": frozenset({"condition", "include", "deferrable", "nulls_distinct"}),
}


def _given(value: ast.expr) -> bool:
    """Whether an option's value is one Django acts on: truthy (``condition=None``,
    ``include=[]`` are not)."""
    if isinstance(value, ast.Constant):
        return bool(value.value)
    if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        return bool(value.elts)
    return True


def unique_options(constraint: ast.Call) -> frozenset[str]:
    """The options of a ``UniqueConstraint(...)`` call that change what Django
    makes: ``expressions`` for positional arguments, ``nulls_distinct`` when
    given at all (Django asks ``is not None``), the others when truthy."""
    given = {
        k.arg for k in constraint.keywords if k.arg in INDEXED | {"deferrable"} and _given(k.value)
    }
    if any(k.arg == "nulls_distinct" for k in constraint.keywords):
        given.add("nulls_distinct")
    if constraint.args:
        given.add("expressions")
    return frozenset(s for s in given if s is not None)


def unique_made(options: frozenset[str], family: str) -> Literal["index", "constraint"] | None:
    """What a unique constraint with ``options`` (:func:`unique_options`) is
    on a database of ``family``: a unique index, a table constraint, or
    nothing (an option the database lacks)."""
    if options & _LACKS.get(family, frozenset()):
        return None
    return "index" if options & INDEXED else "constraint"
