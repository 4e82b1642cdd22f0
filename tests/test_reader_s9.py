"""Session 9 trial findings on the SQL reader (s9-t1).

#1: a comma inside ``[...]`` (``ARRAY['a', 'b']``, a subscript) or nested
``(...)`` does not end an ALTER TABLE action or a CREATE TABLE element. The
right model is PostgreSQL 15's catalog after running the same file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pg_server import PgServer
from test_postgres_oracle import _report, compare, load_on_server, model_keys

_BRACKETS_SQL = """
CREATE TABLE polls (
    id int,
    vals text[] DEFAULT ARRAY['1', 'zz'],
    grid int[][] DEFAULT ARRAY[[1, 2], [3, 4]],
    first_of int DEFAULT (ARRAY[5, 6])[1],
    w int,
    CONSTRAINT polls_vals_check CHECK (vals <> ARRAY['x', 'y'])
);
ALTER TABLE polls ALTER COLUMN vals SET DEFAULT ARRAY['1', '2'], ADD COLUMN after_default int;
ALTER TABLE polls ADD COLUMN w2 text[] DEFAULT ARRAY['a','b'], ADD COLUMN w3 int;
ALTER TABLE polls ADD COLUMN sub int[] DEFAULT (ARRAY[7, 8, 9])[2:3], ADD COLUMN last_one int;
"""


@pytest.mark.slow
def test_commas_inside_brackets_do_not_split_elements_or_actions(
    pg: PgServer, tmp_path: Path
) -> None:
    (tmp_path / "1_polls.sql").write_text(_BRACKETS_SQL, encoding="utf-8")
    with pg.fresh_database("dbnl_s9_brackets") as db:
        loaded, catalog = load_on_server(pg, db, tmp_path, [tmp_path])
    assert not [d for d in loaded.diagnostics if d.code == "DBN004"], loaded.diagnostics
    diff = compare(catalog, model_keys(loaded.schema.objects))
    assert not diff, _report(diff)
    # Not vacuous: the columns after each bracketed comma are on the server.
    columns = {k[3] for k in catalog.objects if k[0] == "column"}
    assert {"w", "after_default", "w3", "last_one"} <= columns
