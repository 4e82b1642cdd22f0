"""A full schema beside the application's named-query files (trial s30 listmonk).

listmonk keeps ``schema.sql`` (``DROP TABLE IF EXISTS x CASCADE; CREATE
TABLE x``) and ``queries/*.sql``, goyesql files of ``-- name: x`` queries the
app prepares at start. ``init`` wrote ``paths: ["."]``: the query files, read
before ``schema.sql`` by name, were schema, so

1. DDL a change added to one (``ALTER TABLE users ADD COLUMN "lastSeen"``)
   landed on a table not made yet, which ``schema.sql``'s DROP then wiped:
   never judged, with a false DBN011 note "not created in the files";
2. ``impact`` never searched them (3 references of 76), and neither
   ``impact_code: [queries]`` nor ``exclude: [queries]`` brought them back.

Oracles: PostgreSQL (the schema, then the query file, and ``drift``; each
named query prepared after the rename ``migrate --cleanup`` completes),
goyesql's and HugSQL's documented markers (``-- name: x``, ``-- :name x``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo
from impact_json import impact_items, impact_json
from pg_server import PgServer, SqlFailed

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = """\
DROP TABLE IF EXISTS users CASCADE;
CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL
);

DROP TABLE IF EXISTS subscriber_lists CASCADE;
CREATE TABLE subscriber_lists (
    user_id INT NOT NULL REFERENCES users (id),
    list_id INT NOT NULL
);
"""
#: goyesql (listmonk's reader): "-- name: x" opens each query.
USERS = """\
-- name: get-user
SELECT * FROM users WHERE id = $1;

-- name: user-lists
SELECT list_id FROM subscriber_lists WHERE user_id = $1;
"""
#: HugSQL / PugSQL: "-- :name x :? :*".
LISTS = """\
-- :name add-to-list :! :n
INSERT INTO subscriber_lists (user_id, list_id) VALUES ($1, $2);

-- :name count-members :? :1
SELECT COUNT(*) FROM subscriber_lists WHERE list_id = $1;
"""
FILES = {"schema.sql": SCHEMA, "queries/users.sql": USERS, "queries/lists.sql": LISTS}
ADDED = (
    '\n-- name: ensure-last-seen\nALTER TABLE users ADD COLUMN IF NOT EXISTS "lastSeen" '
    "TIMESTAMP WITH TIME ZONE NULL;\n\n-- name: ensure-idx\nCREATE INDEX IF NOT EXISTS "
    '"IdxUsersLastSeen" ON users ("lastSeen");\n'
)
UPGRADE = 'CREATE TABLE IF NOT EXISTS webhook_logs (id BIGSERIAL PRIMARY KEY, "statusCode" INT);\n'
WEBHOOKS = (
    "\nDROP TABLE IF EXISTS webhook_logs CASCADE;\n"
    "CREATE TABLE webhook_logs (id BIGSERIAL PRIMARY KEY, status_code INT);\n"
)


def _run(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(cli, list(args))
    return done.exit_code, done.stdout, done.stderr


def _findings(*args: str) -> tuple[int, list[tuple[str, str, str]], list[Any]]:
    code, out, err = _run(*args, "--format", "json", "--no-cache")
    assert code in (0, 1), err
    report = yaml.safe_load(out)
    found = [(f["code"], f["name"], f["path"]) for f in report["findings"]]
    return code, sorted(found), report["diagnostics"]


def test_init_leaves_named_query_files_out_and_lists_the_schema_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(tmp_path / "app", FILES, monkeypatch)
    code, out, err = _run("init")
    assert code == 0, err
    assert "Left out: queries, the application's named queries" in out, out
    config = yaml.safe_load((root / "dbnamelint.yaml").read_text())
    assert (config["paths"], config["exclude"]) == (["schema.sql", "."], ["queries"])


def test_a_query_file_holding_ddl_stays_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # aiosql's "#" scripts and HugSQL's ":!" commands may run DDL: that is the schema's.
    script = "-- name: create-audit#\nCREATE TABLE audit (id int);\n"
    files = {**FILES, "queries/audit.sql": script}
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    code, _out, err = _run("init")
    assert code == 0, err
    config = yaml.safe_load((root / "dbnamelint.yaml").read_text())
    assert config["exclude"] == ["queries/lists.sql", "queries/users.sql"], config


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "queries/users.sql",
            USERS + ADDED,
            [
                ("DBN201", "lastSeen", "queries/users.sql"),
                ("DBN301", "IdxUsersLastSeen", "queries/users.sql"),
            ],
        ),
        ("internal/migrations/v2.sql", UPGRADE, [("DBN023", "", "internal/migrations/v2.sql")]),
    ],
)
def test_the_gate_judges_ddl_added_beside_the_schema_init_configured(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    text: str,
    expected: list[tuple[str, str, str]],
) -> None:
    root = committed_repo(tmp_path / "app", FILES, monkeypatch)
    assert _run("init")[0] == 0
    assert _run("whitelist", "init")[0] == 0
    commit_all(root, "adopted")
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text)
    if name.startswith("internal/"):
        (root / "schema.sql").write_text(SCHEMA + WEBHOOKS)
    commit_all(root, "change")
    code, out, err = _run("check", "--base", "HEAD~1", "--format", "json", "--no-cache")
    report = yaml.safe_load(out)
    refused = [
        (f["code"], f["name"], f["path"]) for f in report["findings"] if f["severity"] == "error"
    ] + [(d["code"], "", d["path"]) for d in report["diagnostics"] if d["severity"] == "error"]
    assert (code, sorted(refused)) == (1, expected), err


def test_ddl_read_before_the_schema_is_kept_and_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    # paths: ["."] as init wrote it before: queries/ replays before schema.sql.
    files = {**FILES, "queries/users.sql": USERS + ADDED}
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    code, found, diagnostics = _findings("check", "--dialect", "postgres", "--verbose", ".")
    assert (code, found) == (
        1,
        [
            ("DBN201", "lastSeen", "queries/users.sql"),
            ("DBN301", "IdxUsersLastSeen", "queries/users.sql"),
        ],
    )
    notes = {d["code"]: d["message"] for d in diagnostics}
    assert notes["DBN011"].startswith(
        "table 'users' is not created yet when this runs: the files create it later, "
        "at schema.sql:2"
    ), notes
    # The oracle: the schema, then the query file, as the app runs them;
    # drift compares the model with what PostgreSQL made.
    with pg.fresh_database("dbnl_query_files") as db:
        pg.run(files=[root / "schema.sql"], dbname=db)
        for _line, query in _named_queries(ADDED):  # the app runs each by its name
            pg.run(sql=query, dbname=db)
        code, out, err = _run(
            "drift", "--db", pg.url(db), "--dialect", "postgres", "--format", "json", "."
        )
    assert (code, yaml.safe_load(out)["drift"]) == (0, []), err


@pytest.mark.parametrize("key", ["exclude", "impact_code"])
def test_impact_searches_query_files_the_config_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, key: str
) -> None:
    config = (
        f'paths: ["."]\ndialect: postgres\n{key}: [queries]\n'
        "rules:\n  table-legacy-name:\n    options:\n      names:\n"
        "        subscriber_lists: subscriptions\n"
    )
    root = committed_repo(tmp_path / "app", {**FILES, "dbnamelint.yaml": config}, monkeypatch)
    assert _run("whitelist", "init")[0] == 0
    commit_all(root, "adopted")
    report = impact_json("--min-confidence", "high")
    places = sorted(
        (item["path"], item["line"]) for _o, item in impact_items(report, "subscriber_lists")
    )
    # migrate --cleanup, once the rename and its view are in the files, warns.
    assert _run("migrate", "--phase", "1", "-o", "phase1.sql")[0] == 0
    commit_all(root, "phase 1")
    _code, _out, err = _run("migrate", "--cleanup")
    assert "code still uses subscriber_lists (3 high-confidence references" in err, err
    # The oracle: each named query prepared once the table has its new name.
    with pg.fresh_database(f"dbnl_query_impact_{key}") as db:
        pg.run(files=[root / "schema.sql"], dbname=db)
        pg.run(sql="ALTER TABLE subscriber_lists RENAME TO subscriptions", dbname=db)
        failing = sorted(
            (name, line)
            for name in ("queries/lists.sql", "queries/users.sql")
            for line, query in _named_queries((root / name).read_text())
            if not _prepares(pg, db, query)
        )
    assert (
        places
        == failing
        == [
            ("queries/lists.sql", 2),
            ("queries/lists.sql", 5),
            ("queries/users.sql", 5),
        ]
    )


def _named_queries(text: str) -> list[tuple[int, str]]:
    """(line of its SQL, the SQL) of each ``-- name:``/``-- :name`` query."""
    out: list[tuple[int, str]] = []
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if re.match(r"--\s*:?name", line):
            out.append((number + 1, lines[number]))
    return out


def _prepares(pg: PgServer, db: str, query: str) -> bool:
    try:
        pg.run(sql=f"PREPARE q AS {query.rstrip(';')}", dbname=db)
    except SqlFailed:
        return False
    return True


GO_UPGRADE = """\
package migrations

import "github.com/jmoiron/sqlx"

func V2(db *sqlx.DB) error {
	_, err := db.Exec(`%s`)
	return err
}
"""
REPEATED = "CREATE TABLE IF NOT EXISTS webhook_logs (id BIGSERIAL PRIMARY KEY, status_code INT)"


def test_code_repeating_the_schemas_table_with_if_not_exists_gets_advice_that_fits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    # listmonk's upgrades repeat schema.sql's new table with IF NOT EXISTS:
    # DBN023 advised "write IF NOT EXISTS" and said the statement fails.
    files = {
        "go.mod": "module example.com/app\n\ngo 1.22\n\nrequire github.com/jmoiron/sqlx v1.4.0\n",
        "schema.sql": SCHEMA,
        "dbnamelint.yaml": 'paths: [schema.sql, "."]\ndialect: postgres\n',
    }
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    (root / "schema.sql").write_text(SCHEMA + WEBHOOKS)
    (root / "internal/migrations").mkdir(parents=True)
    (root / "internal/migrations/v2.go").write_text(GO_UPGRADE % REPEATED)
    commit_all(root, "webhooks")
    _code, out, _err = _run("check", "--base", "HEAD~1", "--no-cache", "--format", "json")
    (message,) = [
        d["message"] for d in yaml.safe_load(out)["diagnostics"] if d["severity"] == "warning"
    ]
    assert "write IF NOT EXISTS" not in message and "fails" not in message, message
    assert "a database the schema built skips this code's CREATE TABLE IF NOT EXISTS" in message
    # The oracle: on a database the schema built, the statement runs and does nothing.
    with pg.fresh_database("dbnl_query_files_go") as db:
        pg.run(files=[root / "schema.sql"], dbname=db)
        pg.run(sql=REPEATED, dbname=db)
        assert pg.public_tables(db) == ["subscriber_lists", "users", "webhook_logs"]
