"""Dependents' whitelist targets follow the targets of the columns their names spell.

Trial s28 kestra: ``CREATE INDEX queues_type__offset ON queues (type, "offset")``
breaks DBN301 and the column ``offset`` DBN502; ``whitelist init`` gave the
column the target ``queue_offset`` but the index ``queues_type_offset``,
built on the column's old name, and ``migrate --phase 1`` refused it (exit 2:
"still spells the column 'offset', which this migration renames to
'queue_offset'") while ``whitelist retarget`` found "0 targets" to rewrite.
``migrate``'s own test (:func:`dbnamelint.rules.dependents.stale_column_target`,
asked by ``check_target``) is what ``init`` and ``retarget`` now answer to:
an index's, constraint's or owned sequence's target follows its columns'
targets. The oracle is PostgreSQL 15 (``DBNAMELINT_TEST_PG``): the written
forward script runs, its catalog holds the names, ``drift`` finds nothing,
and the rollback brings the old names back.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pg_server import PgServer, pg_url
from test_migrate_loop import _run

_INIT = """\
CREATE TABLE queues ("offset" SERIAL PRIMARY KEY, type INT);
CREATE INDEX queues_type__offset ON queues (type, "offset");
ALTER TABLE queues ADD CONSTRAINT "CK_queues_offset" CHECK ("offset" > 0);
"""

_NAMES = (
    "SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace "
    "UNION ALL SELECT conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace "
    "UNION ALL SELECT attname FROM pg_attribute WHERE attrelid = 'public.queues'::regclass "
    "AND attnum > 0"
)


def _project(root: Path) -> Path:
    (root / "migrations").mkdir(parents=True)
    (root / "migrations" / "001_init.sql").write_text(_INIT, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(
        "paths: [migrations]\ndialect: postgres\n", encoding="utf-8"
    )
    return root


def _targets(root: Path) -> list[str]:
    text = (root / "whitelist.yaml").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip().startswith("target:")]


def test_init_targets_follow_the_columns_targets_and_the_migration_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = _project(tmp_path)
    code, out, err = _run(root, monkeypatch, "whitelist", "init")
    assert code == 0, out + err
    assert _targets(root) == [
        "target: queue_offset",
        "target: ck_queues_queue_offset",
        "target: queues_type_queue_offset",
    ]
    code, out, _ = _run(root, monkeypatch, "whitelist", "retarget")
    assert code == 0
    assert out.splitlines()[-1].startswith("0 targets"), out
    code, _, err = _run(root, monkeypatch, "migrate", "--phase", "1", "--write")
    assert code == 0, err
    forward = root / "migrations" / "002_rename_phase_1.sql"
    (rollback,) = (root / "rollbacks").glob("*.sql")

    with pg.fresh_database("dbn_column_targets") as db:
        pg.run(files=[root / "migrations" / "001_init.sql", forward], dbname=db)
        after = {r["name"] for r in pg.query_json(_NAMES, db)}
        assert {
            "queue_offset",
            "queues_type_queue_offset",
            "ck_queues_queue_offset",
            "queues_queue_offset_seq",
        } <= after, after
        assert not {"offset", "queues_type__offset", "CK_queues_offset"} & after, after
        code, out, err = _run(root, monkeypatch, "drift", "--db", pg_url(pg, db), "--no-cache")
        assert code == 0, out + err
        pg.run(files=[rollback], dbname=db)
        back = {r["name"] for r in pg.query_json(_NAMES, db)}
        assert {"offset", "queues_type__offset", "CK_queues_offset", "queues_offset_seq"} <= back


def test_retarget_rewrites_targets_spelling_a_renamed_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whitelist an earlier ``init`` wrote (targets on the column's old name):
    ``migrate`` refuses it naming ``retarget``, which rewrites exactly those
    targets to the names ``migrate`` advised; ``migrate`` then plans them."""
    root = _project(tmp_path)
    code, out, err = _run(root, monkeypatch, "whitelist", "init")
    assert code == 0, out + err
    whitelist = root / "whitelist.yaml"
    fresh = whitelist.read_text(encoding="utf-8")
    old = fresh.replace("target: ck_queues_queue_offset", "target: ck_queues_offset").replace(
        "target: queues_type_queue_offset", "target: queues_type_offset"
    )
    assert old != fresh
    whitelist.write_text(old, encoding="utf-8")
    code, _, err = _run(root, monkeypatch, "migrate", "--phase", "1")
    assert code == 2
    assert "still spells the column 'offset', which this migration renames to" in err
    assert "`dbnamelint whitelist retarget` rewrites every such target" in err
    code, out, err = _run(root, monkeypatch, "whitelist", "retarget")
    assert code == 0, err
    assert out.splitlines()[-1] == "2 targets rewritten in whitelist.yaml", out
    assert "target ck_queues_offset -> ck_queues_queue_offset" in out
    assert "target queues_type_offset -> queues_type_queue_offset" in out
    assert whitelist.read_text(encoding="utf-8") == fresh
    code, plan, err = _run(root, monkeypatch, "migrate", "--phase", "1")
    assert code == 0, err
    assert 'ALTER INDEX "queues_type__offset" RENAME TO "queues_type_queue_offset";' in plan


def test_retarget_follows_a_column_target_set_by_hand_after_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """``init`` built the index's and constraint's targets on the rules' name for
    the column (``queue_offset``); the column's target set by hand afterwards
    (``queue_pos``) leaves them on a column name that will never exist.
    ``retarget`` puts the column's target where the rules' name was
    (``queues_type_queue_pos``, not ``queues_type_queue_queue_pos``, which
    replacing the old word ``offset`` inside ``queue_offset`` gave)."""
    root = _project(tmp_path)
    code, out, err = _run(root, monkeypatch, "whitelist", "init")
    assert code == 0, out + err
    whitelist = root / "whitelist.yaml"
    text = whitelist.read_text(encoding="utf-8")
    whitelist.write_text(
        text.replace("target: queue_offset\n", "target: queue_pos\n"), encoding="utf-8"
    )
    code, out, err = _run(root, monkeypatch, "whitelist", "retarget")
    assert code == 0, err
    assert _targets(root) == [
        "target: queue_pos",
        "target: ck_queues_queue_pos",
        "target: queues_type_queue_pos",
    ], out
    code, out, _ = _run(root, monkeypatch, "whitelist", "retarget")
    assert out.splitlines()[-1].startswith("0 targets"), out
    code, _, err = _run(root, monkeypatch, "migrate", "--phase", "1", "--write")
    assert code == 0, err
    forward = root / "migrations" / "002_rename_phase_1.sql"
    with pg.fresh_database("dbn_column_targets_hand") as db:
        pg.run(files=[root / "migrations" / "001_init.sql", forward], dbname=db)
        after = {r["name"] for r in pg.query_json(_NAMES, db)}
        assert {"queue_pos", "queues_type_queue_pos", "ck_queues_queue_pos"} <= after, after
        code, out, err = _run(root, monkeypatch, "drift", "--db", pg_url(pg, db), "--no-cache")
        assert code == 0, out + err
