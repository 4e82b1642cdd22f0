"""Trial s9-t2 F9: Liquibase splits a changeset's ``-- rollback`` lines at each
``;`` whatever ``splitStatements`` says, so the cleanup's rollback (the views
re-created, then a ``DO`` block copying their privileges) failed with
"Unterminated dollar quote". The changeset now says
``rollbackSplitStatements:false``.

Oracle: real Liquibase 4.28.0 (npm ``liquibase@4.28.1``) on PostgreSQL 15:
``update`` then ``rollback-count --count=1`` of the changeset written here
re-creates the view (run in the trial; without the attribute it fails as
above). Set ``DBNAMELINT_TEST_LIQUIBASE`` to a ``liquibase`` executable to
run it again here; otherwise the rollback is sent to PostgreSQL whole, as
Liquibase sends it under ``rollbackSplitStatements:false``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import liquibase_cli
from dbnamelint.cli import cli
from pg_server import PgServer

_INIT = (
    "-- liquibase formatted sql\n\n-- changeset a:1\n"
    "CREATE TABLE upload_part (id int PRIMARY KEY, note text);\n"
    "-- rollback DROP TABLE upload_part;\n"
)


def _run(*args: str) -> None:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output


def _tree(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (root / "db/sql").mkdir(parents=True)
    (root / "db/main.yaml").write_text(
        "databaseChangeLog:\n"
        "  - include: { file: sql/001_init.sql, relativeToChangelogFile: true }\n",
        encoding="utf-8",
    )
    (root / "db/sql/001_init.sql").write_text(_INIT, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    monkeypatch.chdir(root)
    _run("migrate", "--rename", "upload_part=upload_parts", "--write")
    _run("migrate", "--rename", "upload_part=upload_parts", "--cleanup", "--write", "--untracked")
    return root / "db/sql/003_drop_compatibility_views.sql"


def _views(pg: PgServer, db: str) -> list[str]:
    rows = pg.query_json(
        "SELECT relname FROM pg_class"
        " WHERE relkind = 'v' AND relnamespace = 'public'::regnamespace",
        db,
    )
    return [r["relname"] for r in rows]


def test_cleanup_rollback_is_not_split_at_semicolons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    cleanup = _tree(tmp_path, monkeypatch)
    text = cleanup.read_text(encoding="utf-8")
    head = text.split("\n")[2]
    assert head == (
        "-- changeset dbnamelint:drop_compatibility_views"
        " splitStatements:false rollbackSplitStatements:false"
    ), head
    rollback = "\n".join(
        line.removeprefix("-- rollback ")
        for line in text.splitlines()
        if line.startswith("-- rollback ")
    )
    assert "DO $dbnamelint$" in rollback
    # The rename's own changeset has no block in its rollback: nothing added.
    rename_head = (tmp_path / "db/sql/002_rename_tables.sql").read_text().split("\n")[2]
    assert "rollbackSplitStatements" not in rename_head, rename_head
    with pg.fresh_database("dbn_lb_rollback_whole") as db:
        for path in ("001_init.sql", "002_rename_tables.sql", "003_drop_compatibility_views.sql"):
            body = (tmp_path / "db/sql" / path).read_text(encoding="utf-8")
            pg.run(sql=body, dbname=db)  # `-- rollback` lines are comments to psql
        assert _views(pg, db) == []
        pg.run(sql=rollback, dbname=db)
        assert _views(pg, db) == ["upload_part"]


@pytest.mark.skipif(
    not os.environ.get("DBNAMELINT_TEST_LIQUIBASE"),
    reason="set DBNAMELINT_TEST_LIQUIBASE to a liquibase executable",
)
def test_real_liquibase_rolls_the_cleanup_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    _tree(tmp_path, monkeypatch)
    with pg.fresh_database("dbn_lb_rollback_real") as db:
        for command in (["update"], ["rollback-count", "--count=1"]):
            done = liquibase_cli.update(pg, db, tmp_path, "db/main.yaml", *command)
            assert done.returncode == 0, done.stdout + done.stderr
        assert _views(pg, db) == ["upload_part"]
