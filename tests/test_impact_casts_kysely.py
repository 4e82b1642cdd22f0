"""``impact`` on type casts in SQL text.

Trial s16 (documenso): a raw query's ``'DOCUMENT'::"EnvelopeType"`` was plain
text, so ``--diff`` renamed the tables around it and left the cast naming a
type the migration renames (``ERROR: type "EnvelopeType" does not exist``).
"""

from __future__ import annotations

import pytest

from dbnamelint.impact.classify import type_position


@pytest.mark.parametrize(
    ("kind", "before", "label"),
    [
        ("type", "SELECT 'a'::", "SQL (type cast)"),
        ("type", 'SELECT $1 :: "', "SQL (type cast)"),
        ("type", "WHERE s = ANY(ARRAY[]::", "SQL (type cast)"),
        ("type", 'WHERE \\"state\\" = \'a\'::\\"', "SQL (type cast)"),
        ("type", "SELECT CAST('a' AS ", "SQL (type cast)"),
        ("type", 'SELECT cast(lower(x) as "', "SQL (type cast)"),
        ("domain", "SELECT CAST(x AS ", "SQL (type cast)"),
        ("type", "ALTER TYPE ", "SQL (type name)"),
        ("type", "DROP TYPE IF EXISTS ", "SQL (type name)"),
        ("type", 'ALTER TABLE t ALTER COLUMN "state" SET DATA TYPE "', "SQL (type name)"),
        ("table", "SELECT * FROM jsonb_populate_recordset(NULL::", "SQL (type cast)"),
        # An alias, a closed CAST, and DDL naming a table are no type positions.
        ("type", 'SELECT state AS "', None),
        ("type", "SELECT CAST(a AS int) AS ", None),
        ("table", "ALTER TYPE ", None),
        ("column", "SELECT x::", None),
    ],
)
def test_type_positions(kind: str, before: str, label: str | None) -> None:
    assert type_position(kind, before) == label
