"""``inspect`` says the name the catalog stores beside the name as written (trial s7-t1 #2).

PostgreSQL folds an unquoted name to lower case (``CREATE TYPE OBJECT_TYPE``
stores ``object_type``) and keeps a quoted one exactly. The JSON keeps
``name`` as the file wrote it and adds ``stored_name``; the text listing
names each object as stored and says ``written ...`` where the two differ. The oracle is a real
PostgreSQL catalog after running the same file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

SQL = """\
CREATE TYPE OBJECT_TYPE AS ENUM ('a', 'b');
CREATE TABLE UserAccounts (Id int PRIMARY KEY, "Quoted" int, plain int);
CREATE INDEX UserAccounts_Plain_IDX ON UserAccounts (plain);
CREATE TABLE "MixedCase" (id int);
"""


def test_stored_names_are_the_catalogs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    with pg.fresh_database("dbnl_inspect_stored") as db:
        pg.run(sql=SQL, dbname=db)
        catalog = {
            row["name"]
            for row in pg.query_json(
                "SELECT relname::text AS name FROM pg_class WHERE relnamespace = "
                "'public'::regnamespace AND relkind IN ('r', 'i') UNION "
                "SELECT typname::text FROM pg_type WHERE typnamespace = 'public'::regnamespace "
                "AND typtype = 'e' UNION "
                "SELECT attname::text FROM pg_attribute WHERE attnum > 0 AND attrelid IN "
                "(SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                "AND relkind = 'r') UNION "
                "SELECT conname::text FROM pg_constraint WHERE connamespace = "
                "'public'::regnamespace",
                db,
            )
        }
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001.sql").write_text(SQL, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["inspect", "--format", "json"])
    assert result.exit_code == 0, result.output
    objects = json.loads(result.stdout)["objects"]
    assert {o["stored_name"] for o in objects} == catalog
    by_name = {o["name"]: o["stored_name"] for o in objects}
    # ``name`` stays as written.
    assert by_name["OBJECT_TYPE"] == "object_type"
    assert by_name["UserAccounts"] == "useraccounts"
    assert by_name["Quoted"] == "Quoted" and by_name["MixedCase"] == "MixedCase"
    # The text listing names each object as the catalog stores it (as every
    # other report does, trial s29 lemmy's LANGUAGE), the spelling beside it.
    text = CliRunner().invoke(cli, ["inspect"]).stdout.splitlines()
    assert "db/001.sql:1:13: type object_type  (written OBJECT_TYPE)" in text
    assert "db/001.sql:2:14: table useraccounts  (written UserAccounts)" in text
    assert "db/001.sql:2:48:     column Quoted" in text  # stored as written: nothing added
    assert sum("written" in line for line in text) == 4  # OBJECT_TYPE, UserAccounts, Id, the index
    listed = {line.split(": ", 1)[1].split()[1] for line in text if ": " in line}
    assert catalog <= listed
