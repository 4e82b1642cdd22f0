"""Everything a phase plans is written: indexes on materialized views, lone sequences.

The trial on listmonk: the phase's index entries on materialized views were
planned in a second block of their own (the planner found no table for
them) that had no file to go beside, so ``migrate --write`` printed their
SQL, wrote nothing of it and exited 0. The index now goes with its
materialized view's file, in the phase's one migration; a step with no
file to go beside refuses ``--write`` (exit 2) instead of vanishing. The
real PostgreSQL catalog is the oracle for the names the forward script
leaves; ``pg_dump`` shows the rollback restores the schema.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pg_server import PgServer
from test_loop_targets import _NAMES_SQL, _pg_dump
from test_migrate_dependent_targets import _entries, _init, _phase
from test_migrate_dependent_targets import _project as _dep_project
from test_migrate_loop import _git, _run

SCHEMA = """\
CREATE TABLE campaigns (id bigint PRIMARY KEY, created_at timestamptz NOT NULL);
CREATE MATERIALIZED VIEW mat_dashboard_charts AS
  SELECT date_trunc('day', created_at) AS updated_at, count(*) AS total
  FROM campaigns GROUP BY 1;
CREATE UNIQUE INDEX mat_dashboard_charts_idx ON mat_dashboard_charts (updated_at);
CREATE SEQUENCE counter_sequence_number;
"""
CONFIG = """\
extends: recommended
paths: [db]
dialect: postgres
select: [DBN1, DBN3]
rules:
  table-name-singular:
    options:
      number: singular
"""


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "app"
    (root / "db").mkdir(parents=True)
    (root / "db" / "000-schema.sql").write_text(SCHEMA, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "legacy")
    return root


def _apply(pg: PgServer, root: Path, db_name: str) -> set[str]:
    """Index, constraint and sequence names after every forward script; the
    rollbacks (newest first) give back ``pg_dump --schema-only`` of the schema."""
    forward = sorted(p for p in (root / "db").glob("00[1-9]-*.sql") if ".down." not in p.name)
    down = [root / "rollbacks" / p.name for p in reversed(forward)]
    with pg.fresh_database(db_name) as db:
        pg.run(files=[root / "db" / "000-schema.sql"], dbname=db)
        legacy = _pg_dump(pg, db)
        pg.run(files=forward, dbname=db)
        names = {row["name"] for row in pg.query_json(_NAMES_SQL, db)}
        pg.run(files=down, dbname=db)
        assert _pg_dump(pg, db) == legacy
    return names


def test_an_index_on_a_materialized_view_is_written_with_the_phase(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path)
    _init(root, monkeypatch)
    targets = {e["name"]: e["target"] for e in _entries(root)}
    assert targets["campaigns"] == "campaign"
    assert targets["mat_dashboard_charts.mat_dashboard_charts_idx"] == (
        "idx_mat_dashboard_charts_updated_at"
    )
    plan = _phase(root, monkeypatch, "1")  # write, prune, check passes
    assert plan.count("Plan (postgres)") == 1, plan
    assert (
        "index       mat_dashboard_charts.mat_dashboard_charts_idx -> "
        "idx_mat_dashboard_charts_updated_at" in plan
    )
    written = sorted(p.relative_to(root).as_posix() for p in root.rglob("001-*"))
    # the rollback out of the folder a run-every-.sql runner reads
    assert written == ["db/001-rename-phase-1.sql", "rollbacks/001-rename-phase-1.sql"]
    forward = (root / "db" / "001-rename-phase-1.sql").read_text(encoding="utf-8")
    assert 'ALTER INDEX "mat_dashboard_charts_idx" RENAME TO' in forward
    assert _entries(root) == []
    names = _apply(pg, root, "dbnl_matview_phase")
    assert names == {"campaign_pkey", "idx_mat_dashboard_charts_updated_at"} | {
        "counter_sequence_number"
    }


def test_a_sequence_entry_of_its_own_is_written(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sequence no column owns, with a hand-written entry and target: its
    rename goes beside the file that creates it (before: planned, printed, and
    not written)."""
    root = _project(tmp_path)
    (root / "whitelist.yaml").write_text(
        "phases:\n  - id: seq\n    title: sequences\n    status: open\n"
        "entries:\n  - kind: sequence\n    name: counter_sequence_number\n"
        "    phase: seq\n    target: counter_seq\n    rules: [DBN101]\n",
        encoding="utf-8",
    )
    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "seq", "--write")
    assert code == 0, out + err
    assert "wrote db/001-rename-phase-seq.sql (forward)" in err
    assert "cleanup: nothing to drop (this migration creates no compatibility views)" in out
    names = _apply(pg, root, "dbnl_matview_sequence")
    assert "counter_seq" in names
    assert "counter_sequence_number" not in names


TRIGGER_ON_VIEW = """\
CREATE TABLE campaigns (id bigint PRIMARY KEY, name text);
CREATE VIEW campaign_names AS SELECT id, name FROM campaigns;
CREATE FUNCTION campaign_names_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO campaigns VALUES (NEW.id, NEW.name); RETURN NEW; END $$;
CREATE TRIGGER "InsertName" INSTEAD OF INSERT ON campaign_names
  FOR EACH ROW EXECUTE FUNCTION campaign_names_insert();
"""


def test_a_trigger_on_a_view_is_renamed_on_its_view(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An INSTEAD OF trigger's entry: before, the planner found no table for the
    view and wrote ``ALTER TRIGGER "InsertName" ON ""``, in no file."""
    root = _dep_project(tmp_path, TRIGGER_ON_VIEW, "paths: [db]\ndialect: postgres\n")
    _init(root, monkeypatch)
    assert [(e["name"], e["target"]) for e in _entries(root)] == [
        ("campaign_names.InsertName", "insert_name")
    ]
    _phase(root, monkeypatch, "1")  # write, prune, check passes
    forward = root / "db" / "002_rename_phase_1.sql"
    text = forward.read_text(encoding="utf-8")
    assert 'ALTER TRIGGER "InsertName" ON "campaign_names" RENAME TO "insert_name";' in text
    triggers = "SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal"
    with pg.fresh_database("dbnl_view_trigger") as db:
        pg.run(files=[root / "db" / "001_init.sql"], dbname=db)
        legacy = _pg_dump(pg, db)
        pg.run(files=[forward], dbname=db)
        assert {r["name"] for r in pg.query_json(triggers, db)} == {"insert_name"}
        pg.run(files=[forward.parent.parent / "rollbacks" / "002_rename_phase_1.sql"], dbname=db)
        assert _pg_dump(pg, db) == legacy
