"""``check --db`` on MySQL: entries of another database the files ``USE`` (trial s24).

photoprism keeps ``scripts/sql/mariadb-init.sql`` in its tree, which makes
other databases (``CREATE DATABASE keycloak; USE keycloak; CREATE TABLE
...``). ``whitelist init`` baselined their tables as ``keycloak.x``, and
``check --db`` against photoprism's own database called every such entry
stale ("no table named keycloak.x exists any more"), 774 of 777. That
database cannot say whether another one's tables are gone: those entries
are not judged there, with a ``DBN906`` warning, as for other copies'
entries; the connection's own entries still are.

Oracle: MariaDB, where the connected database holds only its own tables.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer

OWN = "CREATE TABLE photo (id INT PRIMARY KEY);\nCREATE TABLE album (id INT PRIMARY KEY);\n"
OTHER = (
    "CREATE DATABASE IF NOT EXISTS keycloak_s24;\nUSE keycloak_s24;\n"
    "CREATE TABLE realm (id INT PRIMARY KEY);\n"
)


def test_entries_of_another_database_are_not_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    (tmp_path / "db").mkdir()
    (tmp_path / "db/schema.sql").write_text(OWN, encoding="utf-8")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts/init.sql").write_text(OTHER, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db, scripts]\ndialect: mariadb\n")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    entries = (tmp_path / "whitelist.yaml").read_text(encoding="utf-8")
    assert "name: keycloak_s24.realm" in entries and "name: photo" in entries
    with maria.fresh_database("s24_photo") as db:
        maria.run(OWN, database=db)
        tables = maria.run("SHOW TABLES", database=db).split()
        assert sorted(tables) == ["album", "photo"]  # the other database is not here
        done = CliRunner().invoke(cli, ["check", "--db", maria.url(db)])
    assert "DBN900" not in done.output and "stale whitelist" not in done.output, done.output
    assert (
        f"DBN906 warning: 1 whitelist entry names an object of another MySQL database than {db}"
    ) in done.output
    assert done.exit_code == 0, done.output
