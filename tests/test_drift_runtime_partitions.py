"""``drift`` leaves out the partitions an application makes at run time (trial s25 hatchet).

hatchet partitions ``v1_task`` and friends by day (``PARTITION BY RANGE``);
its application creates ``v1_task_20261204`` and the like. No file creates
them, so every real database showed them all as ``only_in_database`` drift.
A partition attached to a table the files partition, that no file creates,
is now left out of the comparison with a note; a stray table is still
drift, and so is a partition the files create that the database lacks.
Oracle: PostgreSQL's catalog (``pg_inherits``), read by ``drift --db``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

FILES = (
    "CREATE TABLE v1_log_line (id bigint, created_at date NOT NULL, msg text)"
    " PARTITION BY RANGE (created_at);\n"
    "CREATE TABLE v1_log_line_20260101 PARTITION OF v1_log_line"
    " FOR VALUES FROM ('2026-01-01') TO ('2026-01-02');\n"
    "CREATE TABLE v1_log_line_20260103 PARTITION OF v1_log_line"
    " FOR VALUES FROM ('2026-01-03') TO ('2026-01-04');\n"
    "CREATE TABLE job_runs (id bigint PRIMARY KEY);\n"
)
#: What the database has besides: the files' tables but 20260103, a partition
#: made at run time (with an index of its own), and a stray table.
DATABASE = (
    FILES.split("CREATE TABLE v1_log_line_20260103", maxsplit=1)[0]
    + "CREATE TABLE job_runs (id bigint PRIMARY KEY);\n"
    "CREATE TABLE v1_log_line_20260102 PARTITION OF v1_log_line"
    " FOR VALUES FROM ('2026-01-02') TO ('2026-01-03');\n"
    "CREATE INDEX v1_log_line_20260102_msg_idx ON v1_log_line_20260102 (msg);\n"
    "CREATE TABLE stray (id int);\n"
)


def test_runtime_partitions_are_no_drift(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001_init.sql").write_text(FILES)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbnl_drift_runtime_parts") as db:
        pg.run(sql=DATABASE, dbname=db)
        parents = pg.query_json(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid ORDER BY 1",
            dbname=db,
        )
        assert [r["relname"] for r in parents] == ["v1_log_line_20260101", "v1_log_line_20260102"]
        done = CliRunner().invoke(cli, ["drift", "--db", pg.url(db), "--format", "json"])
    assert done.exit_code == 1, done.output
    report = json.loads(done.stdout)
    found = sorted((d["drift"], d["name"]) for d in report["drift"])
    assert found == [
        ("only_in_database", "stray"),
        ("only_in_files", "v1_log_line_20260103"),
    ], found
    assert "1 partition made at run time not compared (v1_log_line_20260102)" in (done.stderr)
