"""`migrate` renames PostgreSQL types and domains (trial s7-t5 #4).

`whitelist init` gives enum, composite and domain types entries with
targets (DBN505) in the same phase as the tables; `migrate` writes
``ALTER TYPE ... RENAME TO`` / ``ALTER DOMAIN ... RENAME TO`` and their
reverse. PostgreSQL refers to a type by OID (``pg_attribute.atttypid``),
so columns, defaults and function signatures follow; a body that casts to
the old name does not, and is listed. Oracle: PostgreSQL 15 itself: the
forward script runs, `drift --db` finds the database equal to the files,
the listed function fails and the others run, the rollback makes
``pg_dump --schema-only`` identical to before; a target taken by a
table's row type is refused as PostgreSQL refuses it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer, SqlFailed

INIT = """CREATE SCHEMA billing;
CREATE TYPE "CredentialType" AS ENUM ('password', 'oauth');
CREATE TYPE "MoneyPair" AS (amount numeric, currency text);
CREATE DOMAIN "PositiveInt" AS int CHECK (VALUE > 0);
CREATE TYPE billing."InvoiceState" AS ENUM ('open', 'paid');
CREATE TABLE credentials (
  id int PRIMARY KEY,
  kind "CredentialType" NOT NULL DEFAULT 'password',
  price "MoneyPair",
  n "PositiveInt",
  state billing."InvoiceState"
);
CREATE FUNCTION kinds() RETURNS SETOF "CredentialType" LANGUAGE sql
  AS $$ SELECT kind FROM credentials $$;
CREATE FUNCTION is_pw(k "CredentialType") RETURNS boolean LANGUAGE plpgsql
  AS $$ BEGIN RETURN k = 'password'::"CredentialType"; END $$;
"""


def _dump(pg: PgServer, db: str) -> str:
    binary = shutil.which("pg_dump") or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))), "pg_dump"
    )
    command = [binary, "--schema-only", "--no-owner", "-d", pg.database(db)]
    done = subprocess.run(
        [*command, "--restrict-key=dbnamelint"], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:  # a pg_dump older than the \\restrict lines
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    return done.stdout


def _url(pg: PgServer, db: str) -> str:
    info = dict(part.split("=", 1) for part in pg.conninfo.split())
    who = info.get("user", "postgres")
    return f"postgresql://{who}@{info.get('host', '127.0.0.1')}:{info.get('port', 5432)}/{db}"


def _tree(root: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    (root / "db").mkdir()
    (root / "db" / "001.sql").write_text(INIT, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(root)
    runner = CliRunner()
    assert runner.invoke(cli, ["whitelist", "init"]).exit_code == 0
    return runner


def test_types_and_domains_round_trip_on_postgres(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = _tree(tmp_path, monkeypatch)
    result = runner.invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert result.exit_code == 0, result.stderr
    assert "not renamed" not in result.stderr
    assert result.output.startswith("Plan (postgres): 0 tables, 0 columns, ")
    assert "3 types, 1 domain" in result.output.splitlines()[0]
    listed = [
        line.strip()
        for line in result.output.splitlines()
        if " mentions " in line and not line.startswith("-- warning: ")  # the script's header
    ]
    assert listed == ["db/001.sql:16: function mentions CredentialType"]
    forward = tmp_path / "db" / "002-rename-phase-1.sql"
    text = forward.read_text(encoding="utf-8")
    assert 'ALTER TYPE "CredentialType" RENAME TO "credential_type";' in text
    assert 'ALTER TYPE "billing"."InvoiceState" RENAME TO "invoice_state";' in text
    assert 'ALTER DOMAIN "PositiveInt" RENAME TO "positive_int";' in text
    rollback = next((tmp_path / "rollbacks").glob("*.sql"))
    with pg.fresh_database("dbnamelint_migrate_types") as db:
        pg.run(files=[tmp_path / "db" / "001.sql"], dbname=db)
        before = _dump(pg, db)
        pg.run(files=[forward], dbname=db)
        drift = runner.invoke(cli, ["drift", "--db", _url(pg, db)])
        assert drift.exit_code == 0, drift.output + drift.stderr
        columns = pg.query_json(
            "SELECT attname, format_type(atttypid, atttypmod) AS type FROM pg_attribute "
            "WHERE attrelid = 'credentials'::regclass AND attnum > 1 ORDER BY attnum",
            db,
        )
        assert [c["type"] for c in columns] == [
            "credential_type",
            "money_pair",
            "positive_int",
            "billing.invoice_state",
        ]
        pg.run(sql="INSERT INTO credentials VALUES (1, 'oauth', (1, 'eur'), 3, 'open')", dbname=db)
        pg.run(sql="SELECT kinds()", dbname=db)  # the signature followed the rename
        with pytest.raises(SqlFailed, match='type "CredentialType" does not exist'):
            pg.run(sql="SELECT is_pw('oauth')", dbname=db)  # the listed body did not
        pg.run(sql="DELETE FROM credentials", dbname=db)
        pg.run(files=[rollback], dbname=db)
        assert _dump(pg, db) == before
    assert runner.invoke(cli, ["whitelist", "prune"]).exit_code == 0
    checked = runner.invoke(cli, ["check"])
    assert checked.exit_code == 0, checked.output


def test_a_target_a_relation_holds_is_refused_as_postgres_refuses_it(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, monkeypatch)
    wl = tmp_path / "whitelist.yaml"
    wl.write_text(
        wl.read_text(encoding="utf-8").replace("target: credential_type", "target: credentials"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1"])
    assert result.exit_code == 2
    assert "cannot rename type 'CredentialType' to 'credentials': that name is already taken" in (
        result.stderr
    )
    with pg.fresh_database("dbnamelint_migrate_types_taken") as db:
        pg.run(files=[tmp_path / "db" / "001.sql"], dbname=db)
        with pytest.raises(SqlFailed, match='type "credentials" already exists'):
            pg.run(sql='ALTER TYPE "CredentialType" RENAME TO credentials', dbname=db)
