"""A name the database chose, renamed by ``migrate`` to the name it would choose now, stays its.

The trial on listmonk: ``CREATE INDEX ON campaign_lists (campaign_id,
list_id)`` has the name PostgreSQL chose, which rules that skip such names
leave alone. The phase renames the table to ``campaign_list`` and the index
with it, recomputed as PostgreSQL would name it now
(``campaign_list_campaign_id_list_id_idx``); replay then took the rename for
a written name and DBN302 failed ``check`` after ``whitelist prune``. Replay
now keeps an index or constraint the database named as the database's when a
rename gives it exactly the name the database would choose for it, as a
live catalog reads that name (``check --db``). The oracles: a real
PostgreSQL names the same unnamed index on a fresh ``campaign_list`` so, and
``check --db`` on the migrated database passes too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from pg_server import PgServer, pg_url
from test_migrate_dependent_targets import _entries, _init, _phase, _project
from test_migrate_loop import _git, _run

SQL = """\
CREATE TABLE campaign_lists (id int PRIMARY KEY, campaign_id int, list_id int);
CREATE INDEX ON campaign_lists (campaign_id, list_id);
"""
CONFIG = """\
paths: [db]
dialect: postgres
select: [DBN105, DBN302]
rules:
  table-name-singular:
    options:
      number: singular
"""
INDEXES_SQL = """
SELECT indexrelid::regclass::text AS name FROM pg_index
  WHERE indrelid = 'campaign_list'::regclass AND NOT indisprimary
"""


def test_the_recomputed_implicit_name_passes_check_after_prune(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, SQL, CONFIG)
    _init(root, monkeypatch)
    assert [(e["kind"], e["target"]) for e in _entries(root)] == [("table", "campaign_list")]
    plan = _phase(root, monkeypatch, "1")  # write, prune, then check passes
    assert (
        "index       campaign_list.campaign_lists_campaign_id_list_id_idx -> "
        "campaign_list_campaign_id_list_id_idx  (implicit name)"
    ) in plan
    forward = root / "db" / "002_rename_phase_1.sql"
    with pg.fresh_database("dbnl_implicit_oracle") as db:
        # What PostgreSQL names the unnamed index on the renamed table.
        pg.run(sql=SQL.replace("campaign_lists", "campaign_list"), dbname=db)
        chosen = {r["name"] for r in pg.query_json(INDEXES_SQL, db)}
    assert chosen == {"campaign_list_campaign_id_list_id_idx"}
    with pg.fresh_database("dbnl_implicit_migrated") as db:
        pg.run(files=[root / "db" / "001_init.sql", forward], dbname=db)
        assert {r["name"] for r in pg.query_json(INDEXES_SQL, db)} == chosen
        # The live catalog reads that name as the database's: check --db agrees.
        monkeypatch.chdir(root)
        result = CliRunner().invoke(cli, ["check", "--db", pg_url(pg, db)])
        assert result.exit_code == 0, result.output


def test_a_hand_written_rename_to_another_name_is_still_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, SQL, CONFIG)
    _init(root, monkeypatch)
    _phase(root, monkeypatch, "1")
    (root / "db" / "003_by_hand.sql").write_text(
        "ALTER INDEX campaign_list_campaign_id_list_id_idx RENAME TO campaign_list_lookup;\n",
        encoding="utf-8",
    )
    _git(root, "add", "-A")
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 1, out + err
    assert 'db/003_by_hand.sql:1:61: DBN302 index "campaign_list.campaign_list_lookup"' in out, out


@pytest.mark.parametrize(
    ("rename", "implicit"),
    [
        # the database's name, recomputed for the renamed table: still the database's
        ("ALTER INDEX a_x_idx RENAME TO b_x_idx", True),
        # a clash number the database would add
        ("ALTER INDEX a_x_idx RENAME TO b_x_idx1", True),
        # any other name: written by whoever wrote the rename
        ("ALTER INDEX a_x_idx RENAME TO b_x_index", False),
        # the old table's default is not the default any more
        ("ALTER INDEX a_x_idx RENAME TO a_x_idx2", False),
    ],
)
def test_replay_keeps_the_databases_name_only_when_it_is_the_default(
    rename: str, implicit: bool
) -> None:
    sql = (
        f"CREATE TABLE a (x int);\nCREATE INDEX ON a (x);\nALTER TABLE a RENAME TO b;\n{rename};\n"
    )
    schema = schema_from_sql(sql, dialect="postgres")
    index = next(o for o in schema.objects if o.kind is ObjectKind.INDEX)
    assert index.implicit is implicit


def test_a_written_name_renamed_to_the_default_stays_written() -> None:
    """Only a name the database chose stays its: a written index renamed to the
    default spelling was still named by hand (the files say who chose it)."""
    sql = "CREATE TABLE b (x int);\nCREATE INDEX b_by_x ON b (x);\n"
    sql += "ALTER INDEX b_by_x RENAME TO b_x_idx;\n"
    schema = schema_from_sql(sql, dialect="postgres")
    index = next(o for o in schema.objects if o.kind is ObjectKind.INDEX)
    assert index.implicit is False


@pytest.mark.parametrize(
    ("rename", "implicit"),
    [
        ("ALTER SEQUENCE a_id_seq RENAME TO b_id_seq", True),
        ("ALTER SEQUENCE a_id_seq RENAME TO b_id_seq1", True),
        ("ALTER SEQUENCE a_id_seq RENAME TO b_ids", False),
    ],
)
def test_a_serial_sequence_renamed_to_its_default_stays_the_databases(
    pg: PgServer, rename: str, implicit: bool
) -> None:
    """``<table>_<column>_seq`` for the renamed table is what PostgreSQL names a
    serial column's sequence there (asked of the server), so the rename keeps
    the name the database's."""
    with pg.fresh_database("dbnl_implicit_serial") as db:
        pg.run(sql="CREATE TABLE b (id serial)", dbname=db)
        chosen = pg.query_json("SELECT pg_get_serial_sequence('b', 'id') AS name", db)
    assert chosen == [{"name": "public.b_id_seq"}]
    sql = f"CREATE TABLE a (id serial);\nALTER TABLE a RENAME TO b;\n{rename};\n"
    schema = schema_from_sql(sql, dialect="postgres")
    sequence = next(o for o in schema.objects if o.kind is ObjectKind.SEQUENCE)
    assert sequence.owned_by == ("b", "id")
    assert sequence.implicit is implicit
