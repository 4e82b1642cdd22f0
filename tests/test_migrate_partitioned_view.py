"""A partitioned table's compatibility view takes no partition DDL (trial s25 hatchet).

hatchet renames ``v1_log_line`` (``PARTITION BY RANGE``), whose partitions its
application makes at run time: ``create_v1_range_partition('v1_log_line',
...)`` runs ``CREATE TABLE ... PARTITION OF``/``ATTACH PARTITION`` on the
name it is given. After the forward script the old name is a view and that
DDL fails; the plan said nothing. It now notes it for each partitioned table
given a view. Oracle: PostgreSQL running the forward script, then the
partition DDL on the old name (refused) and on the new one (taken).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer, SqlFailed

INIT = (
    "CREATE TABLE v1_log_line (id bigint, created_at date NOT NULL, msg text)"
    " PARTITION BY RANGE (created_at);\n"
    "CREATE TABLE v1_log_line_20260101 PARTITION OF v1_log_line"
    " FOR VALUES FROM ('2026-01-01') TO ('2026-01-02');\n"
    "CREATE TABLE job_run (id bigint PRIMARY KEY);\n"
)
LATER = (
    "CREATE TABLE v1_log_line_20260102 PARTITION OF {name}"
    " FOR VALUES FROM ('2026-01-02') TO ('2026-01-03')"
)


def test_the_plan_says_partition_ddl_fails_on_the_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001_init.sql").write_text(INIT)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    out = tmp_path / "forward.sql"
    done = CliRunner().invoke(cli, ["migrate", "--phase", "1", "-o", str(out)])
    assert done.exit_code == 0, done.output
    notes = [line for line in done.output.splitlines() if "is partitioned" in line]
    assert len(notes) == 1, done.output  # job_run -> job_runs is no partitioned table
    assert "table v1_log_line -> v1_log_lines is partitioned" in notes[0]
    with pg.fresh_database("dbnl_partitioned_view") as db:
        pg.run(sql=INIT, dbname=db)
        pg.run(files=[out], dbname=db)
        with pytest.raises(SqlFailed, match="is not a table or foreign table"):
            pg.run(sql=LATER.format(name="v1_log_line"), dbname=db)
        attach = (
            "CREATE TABLE loose (id bigint, created_at date NOT NULL, msg text);"
            " ALTER TABLE v1_log_line ATTACH PARTITION loose"
            " FOR VALUES FROM ('2026-02-01') TO ('2026-02-02')"
        )
        with pytest.raises(SqlFailed, match="not supported for views"):
            pg.run(sql=attach, dbname=db)
        pg.run(sql=LATER.format(name="v1_log_lines"), dbname=db)
        rows = pg.query_json(
            "SELECT relname FROM pg_class WHERE relname = 'v1_log_line'", dbname=db
        )
    assert rows == [{"relname": "v1_log_line"}]  # the view stays for reads and writes
