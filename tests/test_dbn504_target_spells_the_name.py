"""DBN504 suggests no rename to the name an object already has.

A table renamed ``accounts`` -> ``account`` keeps ``"accounts_pkey"``; the
plural rule's target for the table is ``accounts`` again, so the name that
follows the table is the name the key has: DBN504 said ``(suggestion:
accounts_pkey)``, ``whitelist init`` wrote it as the entry's ``target`` and
``migrate --all`` then refused the entry (trial s20 shiori #10). Oracle:
PostgreSQL holds ``"accounts_pkey"`` and ``accounts_pkey`` as one name
(``quote_ident`` needs no quotes), and after the migration ``migrate``
writes the key and index are named after their table as they are.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

INIT = (
    "CREATE TABLE accounts (id serial, username text NOT NULL,"
    ' CONSTRAINT "accounts_pkey" PRIMARY KEY (id));\n'
    'CREATE INDEX "accounts_username_idx" ON accounts (username);\n'
)
RENAME = "ALTER TABLE accounts RENAME TO account;\n"


def _tree(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = root / "db"
    db.mkdir()
    (db / "001_init.sql").write_text(INIT, encoding="utf-8")
    (db / "002_rename.sql").write_text(RENAME, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(
        "paths: [db]\ndialect: postgres\nextends: recommended\n", encoding="utf-8"
    )
    monkeypatch.chdir(root)
    return db


def _dbn504(runner: CliRunner) -> list[dict[str, object]]:
    result = runner.invoke(cli, ["check", "--no-cache", "--format", "json"])
    findings: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return [f for f in findings if f["code"] == "DBN504"]


def test_no_suggestion_equal_to_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    _tree(tmp_path, monkeypatch)
    with pg.fresh_database("migsmall_dbn504_same") as db:
        pg.run(sql=INIT + RENAME, dbname=db)
        rows = pg.query_json(
            "SELECT relname, quote_ident(relname) AS bare FROM pg_class "
            "WHERE relname IN ('accounts_pkey', 'accounts_username_idx')",
            dbname=db,
        )
    assert sorted((r["relname"], r["bare"]) for r in rows) == [
        ("accounts_pkey", "accounts_pkey"),  # the bare spelling names it: no rename
        ("accounts_username_idx", "accounts_username_idx"),
    ]
    found = _dbn504(CliRunner())
    assert {f["name"] for f in found} == {
        "accounts_pkey",
        "accounts_username_idx",
        "accounts_id_seq",
    }
    for finding in found:
        assert finding["suggestion"] is None and finding["fix"] is None, finding


# What `whitelist init` wrote before: the key's target its own name.
OLD_ENTRIES = """phases:
  - {id: "1", title: "Legacy names", status: open}
entries:
  - {kind: constraint, name: account.accounts_pkey, rules: [DBN504], phase: "1",
     target: accounts_pkey}
  - {kind: table, name: account, rules: [DBN105], phase: "1", target: accounts}
"""


@pytest.mark.parametrize("entries", ["init", "old"])
def test_whitelist_and_migrate_all_leave_the_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, entries: str
) -> None:
    db_folder = _tree(tmp_path, monkeypatch)
    runner = CliRunner()
    if entries == "init":
        assert runner.invoke(cli, ["whitelist", "init"]).exit_code == 0
        written = (tmp_path / "whitelist.yaml").read_text(encoding="utf-8")
        assert written.count("target:") == 1 and "target: accounts\n" in written  # the table's
    else:  # migrate refused it: "change the entry's target to 'account_pkey'"
        (tmp_path / "whitelist.yaml").write_text(OLD_ENTRIES, encoding="utf-8")
    result = runner.invoke(cli, ["migrate", "--all", "--write"])
    assert result.exit_code == 0, result.output + result.stderr
    (forward,) = db_folder.glob("003_*.sql")
    with pg.fresh_database("migsmall_dbn504_mig") as db:
        pg.run(files=[db_folder / "001_init.sql", db_folder / "002_rename.sql", forward], dbname=db)
        rows = pg.query_json(
            "SELECT c.relname, c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY 1",
            dbname=db,
        )
    assert [(r["relname"], r["kind"]) for r in rows] == [
        ("account", "v"),
        ("accounts", "r"),
        ("accounts_id_seq", "S"),
        ("accounts_pkey", "i"),
        ("accounts_username_idx", "i"),
    ]
    assert _dbn504(runner) == []  # the names are right once the table is renamed
