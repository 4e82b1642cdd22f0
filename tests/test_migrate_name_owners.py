"""A name that spells a longer table's name belongs to that table, in ``migrate`` too.

The trial's repro: tables ``presence`` and ``presence_stream`` and a sequence
no column owns, ``presence_stream_sequence``. ``migrate`` planned it twice,
once per table (``presences_stream_sequence`` and
``presence_streams_sequence``), and PostgreSQL failed on the second rename.
DBN504 already reads such a name as the longer table's; the planner and the
fix merger now do too, and a plan never renames one object twice. The real
PostgreSQL catalog is the oracle for the names the forward script leaves;
``pg_dump`` shows the rollback restores the schema.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from dbnamelint.services.migrate.plan import PlanError, _Planner, plan_renames
from dbnamelint.services.migrate.requests import parse_rename
from pg_server import PgServer
from test_migrate_dependent_targets import (
    _apply_and_roll_back,
    _entries,
    _init,
    _phase,
    _project,
)
from test_migrate_loop import _run

PRESENCE = """\
CREATE TABLE presence (user_id text UNIQUE, state text);
CREATE TABLE presence_stream (stream_id bigint, user_id text);
CREATE SEQUENCE presence_stream_sequence;
CREATE INDEX "presence_stream_State_idx" ON presence (state);
"""
CONFIG = "paths: [db]\ndialect: postgres\nselect: [DBN105, DBN301, DBN504]\n"


def test_a_sequence_named_after_the_longer_table_is_renamed_once(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, PRESENCE, CONFIG)
    _init(root, monkeypatch)
    targets = {e["name"]: e["target"] for e in _entries(root)}
    # The fix merger: the index on `presence` spells `presence_stream`, so it does
    # not follow `presence` -> `presences` (before: presences_stream_state_idx).
    assert targets == {
        "presence": "presences",
        "presence_stream": "presence_streams",
        "presence.presence_stream_State_idx": "presence_stream_state_idx",
    }
    plan = _phase(root, monkeypatch, "1")  # write, prune, check passes (DBN504 too)
    assert plan.count("presence_stream_sequence ->") == 1, plan
    assert "presence_stream_sequence -> presence_streams_sequence" in plan
    names = _apply_and_roll_back(pg, root, "dbnl_name_owner_presence")
    assert names == {
        "presences_user_id_key",
        "presence_streams_sequence",
        "presence_stream_state_idx",
    }


def test_a_rename_of_the_shorter_table_alone_leaves_the_longer_ones_names() -> None:
    """``presence`` -> ``presences`` alone: ``presence_stream_sequence`` and the
    index spelling ``presence_stream`` are that table's, which keeps its name."""
    schema = schema_from_sql(PRESENCE, dialect="postgres")
    plan = plan_renames(schema, [parse_rename("presence=presences")], dialect="postgres")
    assert [(s.kind, s.old, s.new) for s in plan.steps] == [
        (ObjectKind.TABLE, "presence", "presences"),
        (ObjectKind.CONSTRAINT, "presence_user_id_key", "presences_user_id_key"),
    ]


def test_a_second_rename_of_one_object_is_refused() -> None:
    """The planner's guard: a second step for an object already renamed is an
    error naming both tables, never a second ALTER of a name that is gone."""
    schema = schema_from_sql(PRESENCE, dialect="postgres")
    planner = _Planner(schema, "postgres", None)
    sequence = next(o for o in schema.objects if o.kind is ObjectKind.SEQUENCE)
    planner.claim(sequence, "presence_stream_sequence", "presence_streams")
    with pytest.raises(
        PlanError, match="would be renamed twice, once for table 'presence_streams'"
    ):
        planner.claim(sequence, "presence_stream_sequence", "presences")


def test_two_targets_for_one_column_are_refused() -> None:
    """Two requests for one column: one rename, never a silent pick of the last."""
    schema = schema_from_sql(PRESENCE, dialect="postgres")
    same = [parse_rename("presence.state=status", column=True)] * 2
    plan = plan_renames(schema, same, dialect="postgres")
    assert [(s.old, s.new) for s in plan.steps if s.kind is ObjectKind.COLUMN] == [
        ("state", "status")
    ]
    both = [
        parse_rename("presence.state=status", column=True),
        parse_rename("presence.state=presence_state", column=True),
    ]
    with pytest.raises(PlanError, match=r"column presence\.state is renamed twice"):
        plan_renames(schema, both, dialect="postgres")


def test_two_entries_of_a_phase_for_one_index_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two index entries of the phase (one by an older table name) with different
    targets: refused, naming both lines, nothing written."""
    sql = PRESENCE + "ALTER TABLE presence RENAME TO presences;\n"
    root = _project(tmp_path, sql, "paths: [db]\ndialect: postgres\n")
    entry = (
        '  - kind: index\n    name: {table}."presence_stream_State_idx"\n    rules: [DBN301]\n'
        '    phase: "1"\n    target: {target}\n'
    )
    (root / "whitelist.yaml").write_text(
        'phases:\n  - id: "1"\n    title: t\n    status: open\nentries:\n'
        + entry.format(table="presences", target="presence_stream_state_idx")
        + entry.format(table="presence", target="presence_stream_state_index"),
        encoding="utf-8",
    )
    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "1", "--write")
    assert code == 2, out + err
    assert "index 'presence_stream_State_idx' is renamed twice" in err
    assert "by whitelist.yaml:6" in err
    assert not list((root / "db").glob("002_*"))
