"""An entry already at its target (by the dialect's case folding) does not stop its phase.

The trial: a phase with table ``stat_position`` -> ``stat_positions`` and
column ``stat_position.Lock`` -> ``lock``. PostgreSQL stores the unquoted
``Lock`` as ``lock``, so the column needs no rename; ``migrate --phase 1``
refused the whole phase ("nothing to rename: every requested object already
has its target name", exit 2) although the table still needed renaming. The
phase is now planned, and a note says the column needs no rename. The real
PostgreSQL catalog is the oracle: it stores the column as ``lock`` before
the migration, and holds the renamed table after it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pg_server import PgServer
from test_loop_targets import _pg_dump
from test_migrate_dependent_targets import _entries, _project
from test_migrate_loop import _git, _run

SQL = "CREATE TABLE stat_position (Lock CHAR(1) NOT NULL DEFAULT 'X' UNIQUE, stream_id bigint);\n"
WHITELIST = """\
phases:
  - id: "1"
    title: Legacy names
    status: open
entries:
  - kind: column
    name: stat_position.Lock
    rules: [DBN201]
    phase: "1"
    target: lock
  - kind: table
    name: stat_position
    rules: [DBN105]
    phase: "1"
    target: stat_positions
"""
COLUMNS_SQL = """
SELECT table_name || '.' || column_name AS name FROM information_schema.columns
  WHERE table_schema = 'public' AND table_name LIKE 'stat_position%'
"""


def _with_whitelist(tmp_path: Path, whitelist: str) -> Path:
    root = _project(tmp_path, SQL, "paths: [db]\ndialect: postgres\n")
    (root / "whitelist.yaml").write_text(whitelist, encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "whitelist")
    return root


def test_the_phase_renames_the_table_and_notes_the_folded_column(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _with_whitelist(tmp_path, WHITELIST)
    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "1", "--write")
    assert code == 0, out + err
    assert "table       stat_position -> stat_positions  (whitelist.yaml:" in out
    assert (
        "column stat_position.Lock (whitelist.yaml:6): needs no rename in postgres, it is "
        "stored as its target 'lock' already (the database stores the unquoted 'Lock' as 'lock')"
    ) in out
    assert "wrote db/002_rename_phase_1.sql (forward)" in err
    code, out, err = _run(root, monkeypatch, "whitelist", "prune")
    assert code == 0, out + err
    assert _entries(root) == []
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 0, out + err
    with pg.fresh_database("dbnl_folded_entry") as db:
        pg.run(files=[root / "db" / "001_init.sql"], dbname=db)
        before = {r["name"] for r in pg.query_json(COLUMNS_SQL, db)}
        assert before == {"stat_position.lock", "stat_position.stream_id"}  # folded already
        legacy = _pg_dump(pg, db)
        pg.run(files=[root / "db" / "002_rename_phase_1.sql"], dbname=db)
        after = {r["name"] for r in pg.query_json(COLUMNS_SQL, db)}
        # the table and its compatibility view
        assert after == {
            "stat_positions.lock",
            "stat_positions.stream_id",
            "stat_position.lock",
            "stat_position.stream_id",
        }
        pg.run(files=[root / "rollbacks" / "002_rename_phase_1.sql"], dbname=db)
        assert _pg_dump(pg, db) == legacy


def test_a_phase_with_only_folded_entries_is_refused_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    only_column = WHITELIST.split("  - kind: table", maxsplit=1)[0]
    root = _with_whitelist(tmp_path, only_column)
    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "1")
    assert code == 2, out + err
    assert "nothing to rename: column stat_position.Lock (whitelist.yaml:6): needs no rename" in err


def test_an_index_entry_at_its_target_is_noted_beside_the_table_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for an index entry: PostgreSQL stores ``Idx_Stat_Stream`` as
    ``idx_stat_stream``, its target; the table is renamed and the note says why
    the index is not."""
    sql = SQL + "CREATE INDEX Idx_Stat_Stream ON stat_position (stream_id);\n"
    root = _project(tmp_path, sql, "paths: [db]\ndialect: postgres\n")
    index_entry = (
        "  - kind: index\n    name: stat_position.Idx_Stat_Stream\n    rules: [DBN302]\n"
        '    phase: "1"\n    target: idx_stat_stream\n'
    )
    (root / "whitelist.yaml").write_text(
        WHITELIST.split("  - kind: column", maxsplit=1)[0]
        + index_entry
        + "  - kind: table"
        + WHITELIST.split("  - kind: table", maxsplit=1)[1],
        encoding="utf-8",
    )
    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "1")
    assert code == 0, out + err
    assert "table       stat_position -> stat_positions" in out
    assert (
        "index stat_position.Idx_Stat_Stream (whitelist.yaml:6): needs no rename in postgres, "
        "it is stored as its target 'idx_stat_stream' already (the database stores the "
        "unquoted 'Idx_Stat_Stream' as 'idx_stat_stream')"
    ) in out
    assert 'RENAME TO "idx_stat_stream"' not in out
