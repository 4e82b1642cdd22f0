"""A MySQL/MariaDB view's relations are read from the catalog (trial s40 dolphinscheduler, F6).

``migrate``'s compatibility view keeps no marker on MySQL (a view takes no
comment), so drift knows it by what it reads: a view under a renamed
table's earlier name (by the rename plan) reading that table alone is
``compatibility_view_left`` (docs/live.md). The MySQL catalog reader gave
views no relations, so the view ``migrate --rename`` left on MariaDB was an
unexplained ``only_in_database``. ``information_schema.VIEWS`` holds each
view's query as the server stores it, every relation written `db`.`name`.
Oracle: MariaDB, the tree's files and ``migrate``'s forward script applied
by its own client.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer

SCHEMA = (
    "CREATE TABLE legacy_thing (id int PRIMARY KEY, label varchar(20));\n"
    "CREATE VIEW thing_labels AS SELECT t.label FROM legacy_thing t;\n"
)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_the_view_left_by_a_rename_is_named_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "schema.sql").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mariadb\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert _run("whitelist", "init")[0] == 0  # legacy_thing -> legacy_things
    code, out = _run("migrate", "--rename", "legacy_thing=legacy_things", "-o", "fwd.sql")
    assert code == 0, out
    with maria.fresh_database("view_reads") as db:
        maria.run(file=tmp_path / "db" / "schema.sql", database=db)
        maria.run(file=tmp_path / "fwd.sql", database=db)
        code, out = _run("drift", "--no-cache", "--db", maria.url(db), "--format", "json")
        # the files before the rename: the view thing_labels reads the same table
        assert code == 1, out
        found = {(d["drift"], d["kind"], d["name"]) for d in json.loads(out)["drift"]}
        assert ("compatibility_view_left", "view", "legacy_thing") not in found
        # the full schema edited as the rename's new installs run it
        renamed = SCHEMA.replace("legacy_thing ", "legacy_things ")
        (tmp_path / "db" / "schema.sql").write_text(renamed, encoding="utf-8")
        code, out = _run("drift", "--no-cache", "--db", maria.url(db), "--format", "json")
    found = {(d["drift"], d["kind"], d["name"]) for d in json.loads(out)["drift"]}
    assert found == {("compatibility_view_left", "view", "legacy_thing")}, out
