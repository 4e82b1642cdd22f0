"""MySQL and MariaDB name every primary key ``PRIMARY``, whatever the DDL wrote.

s8-t3 F9 (DiscordModBot): ``CONSTRAINT pk_points PRIMARY KEY (a, b)`` keeps its
written name in the files' model, and the server's catalog says ``PRIMARY``;
``drift`` reported the pair as a renamed constraint on every freshly migrated
database. The oracle is the real MariaDB: loaded with the files, the database
does not drift; a key on other columns still does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mysql_server import MysqlServer
from test_drift_tool_tables import drifted, run

SQL = (
    "CREATE TABLE points (a int NOT NULL, b int NOT NULL, "
    "CONSTRAINT pk_points PRIMARY KEY (a, b));\n"
)


def test_a_named_primary_key_is_primary_in_the_database(
    maria: MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "db").mkdir()
    up = tmp_path / "db" / "001.sql"
    up.write_text(SQL, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mariadb\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    with maria.fresh_database("dbn_pk_named") as db:
        maria.run(file=up, database=db)
        names = maria.run(
            "SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS "
            f"WHERE TABLE_SCHEMA = '{db}' AND CONSTRAINT_TYPE = 'PRIMARY KEY'"
        )
        assert names.split() == ["PRIMARY"]
        code, out, err = run("drift", "--db", maria.url(db), "--format", "json")
        assert (code, drifted(out)) == (0, []), out + err
        # The key moved to other columns is still drift.
        maria.run("ALTER TABLE points DROP PRIMARY KEY, ADD PRIMARY KEY (a)", database=db)
        code, out, _ = run("drift", "--db", maria.url(db), "--format", "json")
        assert code == 1 and drifted(out)
