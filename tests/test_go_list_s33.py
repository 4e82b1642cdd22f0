"""A Go migration list as miniflux keeps it (trial s33): what its strings run.

miniflux's ``internal/database/migrations.go`` is ``var migrations =
[]func(tx *sql.Tx, driver string) error{...}``, applied by position: its runner
(``internal/database/database.go``) runs ``migrations[version]`` for each
version above the count ``schema_version`` holds. The trial found, each
passing the hook and ``check --base``:

- a string whose first statement the reader did not know (``MERGE``,
  ``REFRESH MATERIALIZED VIEW``, ``BEGIN``, ``NOTIFY``...) skipped whole, its
  DDL unread; ``IMPORT FOREIGN SCHEMA`` (which makes tables) silent;
- ``%`` and a letter in plain SQL (``LIKE '%sourceforge%'``, a ``DO`` block's
  ``format('... %s ...')``) taken as a format verb though no formatting call
  fills it: the step unread;
- a step removed, moved, rewritten or pushed down by one inserted before it;
- a new ``fmt.Sprintf`` step holding ``ALTER TABLE`` only an info note;
- DDL in a ``const`` or helper function of the list's file neither read nor
  gated;
- ``fmt.Errorf("alter table feeds: %w", err)`` read as SQL (a false DBN004);
- Go's ``\\x46``, ``\\u0046`` escapes not decoded (``last  46etch``).

Oracles: the real runner per the trial report (its applied-by-position loop:
``database.go``), the Go spec (interpreted string literals), PostgreSQL's
manual (``IMPORT FOREIGN SCHEMA`` creates foreign tables), real git.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PATH = "internal/database/migrations.go"
CONFIG = f"paths: [{PATH}]\ndialect: postgres\n"
HEAD = """package database

import (
\t"database/sql"
\t"errors"
\t"fmt"
)

var schemaVersion = len(migrations)

var migrations = []func(tx *sql.Tx, driver string) error{
\tfunc(tx *sql.Tx, _ string) (err error) {
\t\tsql := `
\t\t\tCREATE TABLE schema_version (version text not null);
\t\t\tCREATE TABLE feeds (id bigserial primary key, feed_url text not null, disabled bool);
\t\t\tCREATE UNIQUE INDEX feeds_feed_url_idx ON feeds (feed_url);
\t\t`
\t\t_, err = tx.Exec(sql)
\t\treturn err
\t},
\tfunc(tx *sql.Tx, _ string) (err error) {
\t\t_, err = tx.Exec(`CREATE TABLE acme_caches (key text primary key, data text)`)
\t\treturn err
\t},
\tfunc(tx *sql.Tx, _ string) (err error) {
\t\t_, err = tx.Exec(`ALTER TABLE feeds ADD COLUMN language text`)
\t\treturn err
\t},
}
"""
END = "\n}\n"


def _appended(step: str, text: str = HEAD) -> str:
    """``text`` with ``step`` (a list element, without its comma) at the list's end."""
    at = text.rstrip().rfind("}")
    return (
        text[:at] + "\tfunc(tx *sql.Tx, _ string) (err error) {\n" + step + "\n\t},\n" + text[at:]
    )


def _run(*args: str) -> tuple[int, list[tuple[str, str, str]]]:
    result = CliRunner().invoke(cli, [*args, "--no-cache", "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    findings = [
        (f["code"], f["severity"], f'"{f["qualified_name"]}" {f["message"]}')
        for f in report["findings"]
        if not f["whitelisted"] and not f["suppressed"]
    ]
    return result.exit_code, findings + [
        (d["code"], d["severity"], d["message"]) for d in report["diagnostics"]
    ]


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "mf", {"dbnamelint.yaml": CONFIG, PATH: HEAD}, monkeypatch, "adopt"
    )


def _edit(root: Path, text: str) -> None:
    (root / PATH).write_text(text, encoding="utf-8")


def _columns(found: list[tuple[str, str, str]]) -> list[str]:
    return sorted(m.split('"')[1] for c, _, m in found if c == "DBN201")


@pytest.mark.parametrize(
    "first",
    [
        "MERGE INTO feeds f USING (SELECT id FROM feeds WHERE disabled) d ON f.id = d.id "
        "WHEN MATCHED THEN UPDATE SET disabled = false",
        "REFRESH MATERIALIZED VIEW feed_counts",
        "NOTIFY feeds_changed",
        "SAVEPOINT before_fetch",
        "BEGIN",
        "START TRANSACTION",
        "CLUSTER feeds",
        "LISTEN feeds_changed",
        "DISCARD ALL",
    ],
)
def test_ddl_after_a_first_statement_the_reader_does_not_know_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: str
) -> None:
    """Before: the whole string was skipped, no word said, gate passed."""
    root = _repo(tmp_path, monkeypatch)
    _edit(
        root,
        _appended(
            f'\t\t_, err = tx.Exec(`{first}; ALTER TABLE feeds ADD COLUMN "lastFetchMs" int;`)'
        ),
    )
    code, found = _run("check", "--base", "HEAD")
    assert code == 1
    assert _columns(found) == ["feeds.lastFetchMs"]


def test_import_foreign_schema_is_not_passed_in_silence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``IMPORT FOREIGN SCHEMA`` creates a foreign table for each remote table
    (PostgreSQL manual): names the reader cannot know. A DBN013 warning in a
    .sql file and a Go step; the gate refuses a new one (before: nothing)."""
    sql = tmp_path / "sql"
    sql.mkdir()
    (sql / "a.sql").write_text(
        "IMPORT FOREIGN SCHEMA remote FROM SERVER films INTO public;\n", encoding="utf-8"
    )
    monkeypatch.chdir(sql)
    code, found = _run("check", "a.sql")
    assert [(c, s) for c, s, _ in found] == [("DBN013", "warning")]
    root = _repo(tmp_path, monkeypatch)
    _edit(
        root,
        _appended(
            "\t\t_, err = tx.Exec(`IMPORT FOREIGN SCHEMA remote FROM SERVER films INTO public`)"
        ),
    )
    code, found = _run("check", "--base", "HEAD")
    assert code == 1
    assert [(c, s) for c, s, _ in found if c == "DBN013"] == [("DBN013", "error")]


def test_a_percent_in_sql_no_formatting_call_fills_is_sql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``tx.Exec`` formats nothing: ``LIKE '%sourceforge.net%'`` is SQL text
    (before: a format hole, the step unread, its column passed the gate)."""
    root = _repo(tmp_path, monkeypatch)
    _edit(
        root,
        _appended(
            "\t\t_, err = tx.Exec(`UPDATE feeds SET disabled = true WHERE feed_url LIKE "
            "'%sourceforge.net%'; ALTER TABLE feeds ADD COLUMN \"lastFetchMs\" int;`)"
        ),
    )
    code, found = _run("check", "--base", "HEAD")
    assert code == 1
    assert _columns(found) == ["feeds.lastFetchMs"]
    assert not [c for c, _, _ in found if c == "DBN013"]


def test_migrates_forward_pasted_as_a_step_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README's recipe: ``migrate --phase 1 --no-transaction``'s forward added as
    a new step. Its ``DO`` block's ``format('REVOKE %s ...')`` made the whole
    step unread (trial s33 F4): the rename is read now, the entry of the old
    name is stale (DBN900), and the new name passes."""
    root = _repo(tmp_path, monkeypatch)
    base = HEAD.replace("acme_caches", "acme_cache")
    _edit(root, base)
    commit_all(root, "legacy name")
    forward = (
        "ALTER TABLE acme_cache RENAME TO acme_caches;\n"
        "CREATE VIEW acme_cache AS SELECT * FROM acme_caches;\n"
        "DO $$ DECLARE r record; BEGIN FOR r IN SELECT 1 AS x LOOP "
        "EXECUTE format('REVOKE %s ON %s FROM %s', 'INSERT', 'acme_cache', 'PUBLIC'); "
        "END LOOP; END $$;"
    )
    _edit(root, _appended(f"\t\t_, err = tx.Exec(`{forward}`)", base))
    _code, found = _run("check", PATH)
    assert not [c for c, s, _ in found if c == "DBN013"]
    assert not [m for c, _, m in found if c == "DBN105" and "acme_caches" in m]
    assert [m for c, _, m in found if c == "DBN105" and "'acme_cache'" in m] == []


@pytest.mark.parametrize(
    "edit",
    [
        # the applied step creating acme_caches rewritten (the trial's e3)
        lambda t: t.replace(
            "CREATE TABLE acme_caches (key text primary key, data text)", "SELECT 1"
        ),
        # one statement deleted from an applied multi-statement string (e2)
        lambda t: t.replace(
            "\t\t\tCREATE UNIQUE INDEX feeds_feed_url_idx ON feeds (feed_url);\n", ""
        ),
        # the last applied step deleted (d8)
        lambda t: t[: t.rindex("\tfunc(tx")] + "}\n",
        # a step inserted before an applied one (d7)
        lambda t: (
            t[: t.rindex("\tfunc(tx")]
            + "\tfunc(tx *sql.Tx, _ string) (err error) {\n\t\t_, err = tx.Exec(`ALTER TABLE feeds "
            "ADD COLUMN fetch_count int`)\n\t\treturn err\n\t},\n" + t[t.rindex("\tfunc(tx") :]
        ),
        # an applied step's SQL replaced by different SQL (d19)
        lambda t: t.replace(
            "ALTER TABLE feeds ADD COLUMN language text",
            "CREATE INDEX feeds_disabled_idx ON feeds (disabled)",
        ),
    ],
    ids=["rewritten", "statement-deleted", "last-deleted", "inserted-before", "replaced"],
)
def test_an_applied_step_moved_removed_or_rewritten_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: object
) -> None:
    """The runner applies steps by position: each of these passed before."""
    root = _repo(tmp_path, monkeypatch)
    assert callable(edit)
    _edit(root, edit(HEAD))
    code, found = _run("check", "--base", "HEAD")
    assert code == 1
    assert [(c, s) for c, s, _ in found if c == "DBN025"] == [("DBN025", "error")]


def test_comments_layout_and_a_step_appended_are_no_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    text = HEAD.replace(
        "\tfunc(tx *sql.Tx, _ string) (err error) {\n\t\t_, err = tx.Exec(`CREATE TABLE acme",
        "\t// the ACME cache\n\tfunc(tx *sql.Tx, _ string) (err error) {\n"
        "\t\t_, err =  tx.Exec(`CREATE  TABLE acme",
    )
    _edit(
        root,
        _appended("\t\t_, err = tx.Exec(`ALTER TABLE feeds ADD COLUMN fetch_count int`)", text),
    )
    code, found = _run("check", "--base", "HEAD")
    assert (code, found) == (0, [])


DYNAMIC = (
    '\t\tfor _, table := range []string{"feeds", "acme_caches"} {\n'
    "{comment}\t\t\tif _, err = tx.Exec(fmt.Sprintf("
    '`ALTER TABLE %s ADD COLUMN "lastFetchMs" int`, table)); err != nil {\n'
    "\t\t\t\treturn err\n\t\t\t}\n\t\t}\n\t\treturn nil"
)


def test_a_new_dynamic_ddl_step_is_refused_unless_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README, Dynamic DDL (DBN013): text holding ALTER is a warning, an error
    when new (before: an info note, the gate passed; the real runner added
    ``feeds.lastFetchMs`` and ``entries.lastFetchMs``: drift, trial s33)."""
    root = _repo(tmp_path, monkeypatch)
    _edit(root, _appended(DYNAMIC.replace("{comment}", "")))
    code, found = _run("check", "--base", "HEAD")
    assert code == 1
    assert [(c, s) for c, s, _ in found] == [("DBN013", "error")]
    reviewed = "\t\t\t// dbnamelint: ignore[DBN013] lastFetchMs checked by hand\n"
    _edit(root, _appended(DYNAMIC.replace("{comment}", reviewed)))
    code, found = _run("check", "--base", "HEAD")
    assert code == 0
    assert [(c, s) for c, s, _ in found if s != "info"] == []


def test_ddl_in_a_const_or_helper_of_the_lists_file_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    const = (
        _appended("\t\t_, err = tx.Exec(createFeedStatSQL)\n\t\treturn err")
        + "\nconst createFeedStatSQL = `CREATE TABLE feed_stat "
        + '(id bigserial primary key, "fetchCount" int)`\n'
    )
    _edit(root, const)
    code, found = _run("check", "--base", "HEAD")
    assert code == 1
    assert sorted(c for c, _, _ in found) == ["DBN105", "DBN201"]
    helper = (
        _appended("\t\treturn addFeedStats(tx)")
        + "\nfunc addFeedStats(tx *sql.Tx) error {\n\t_, err := tx.Exec(`CREATE TABLE feed_stat "
        '(id bigserial primary key, "fetchCount" int)`)\n\treturn err\n}\n'
    )
    _edit(root, helper)
    code, found = _run("check", "--base", "HEAD")
    assert code == 1
    assert sorted(c for c, _, _ in found) == ["DBN105", "DBN201"]


def test_error_messages_are_not_sql(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path, monkeypatch)
    step = (
        "\t\tif _, err = tx.Exec(`ALTER TABLE feeds ADD COLUMN fetch_count int`); err != nil {\n"
        '\t\t\treturn fmt.Errorf("alter table feeds: %w", err)\n\t\t}\n'
        "\t\tif _, err = tx.Exec(`CREATE INDEX feeds_fetch_count_idx ON feeds (fetch_count)`);"
        " err != nil {\n"
        '\t\t\treturn errors.New("create index feeds_fetch_count_idx failed")\n'
        "\t\t}\n\t\treturn nil"
    )
    _edit(root, _appended(step))
    code, found = _run("check", "--base", "HEAD")
    assert (code, found) == (0, [])


@pytest.mark.parametrize(
    "literal",
    [
        r'"ALTER TABLE feeds ADD COLUMN \"last\x46etch\" int"',
        r'"ALTER TABLE feeds ADD COLUMN \x22lastFetch\x22 int"',
        r'"ALTER TABLE feeds ADD COLUMN \"last\u0046etch\" int"',
        r'"ALTER TABLE feeds ADD COLUMN \"last\106etch\" int"',
    ],
)
def test_go_escapes_are_decoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, literal: str
) -> None:
    """The Go spec's interpreted string literals: ``\\x46``, ``\\u0046``,
    ``\\106`` are ``F``; ``\\x22`` a double quote (before: ``last  46etch``,
    or a DBN004 error)."""
    root = _repo(tmp_path, monkeypatch)
    _edit(root, _appended(f"\t\t_, err = tx.Exec({literal})"))
    code, found = _run("check", "--base", "HEAD")
    assert code == 1
    assert [(c, m.split('"')[1]) for c, _, m in found] == [("DBN201", "feeds.lastFetch")]


@pytest.mark.parametrize("layout", ["go-list", "golang-migrate"])
def test_prune_keeps_an_entry_whose_ddl_an_edit_of_applied_history_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    """Trial s33 e3: ``CREATE TABLE acme_cache`` replaced by ``SELECT 1`` in an
    applied step; ``whitelist prune`` removed the entry ("no table named
    acme_cache is in the schema the files build") and marked its phase done,
    while every installed database keeps ``acme_cache``. The same for an
    applied SQL migration (golang-migrate's) edited so."""
    if layout == "go-list":
        files = {"dbnamelint.yaml": CONFIG, PATH: HEAD.replace("acme_caches", "acme_cache")}
        edited = {
            PATH: files[PATH].replace(
                "CREATE TABLE acme_cache (key text primary key, data text)", "SELECT 1"
            )
        }
    else:
        files = {
            "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
            "migrations/000001_init.up.sql": "CREATE TABLE feeds (id int);\n",
            "migrations/000002_cache.up.sql": "CREATE TABLE acme_cache (key text);\n",
        }
        edited = {"migrations/000002_cache.up.sql": "SELECT 1;\n"}
    root = committed_repo(tmp_path / "p", files, monkeypatch, "app")
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    commit_all(root, "adopt")
    for name, text in edited.items():
        (root / name).write_text(text, encoding="utf-8")
    before = (root / "whitelist.yaml").read_text(encoding="utf-8")
    assert "acme_cache" in before
    result = CliRunner().invoke(cli, ["whitelist", "prune"])
    assert result.exit_code == 0, result.output
    assert "kept table acme_cache" in result.output
    assert (root / "whitelist.yaml").read_text(encoding="utf-8") == before


KEYED = """package migrate

var DialectPostgres = Migrations{
\t{
\t\tID:         "20211121-094727",
\t\tStatements: []string{"CREATE TABLE feeds (id int)"},
\t},
\t{
\t\tID:         "20220329-030000",
\t\tStatements: []string{"CREATE TABLE entries (id int)"},
\t},
}
"""
MIDDLE = """\t{
\t\tID:         "20211201-000000",
\t\tStatements: []string{"CREATE TABLE users (id int)"},
\t},
"""


def test_a_list_of_keyed_steps_is_matched_by_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """photoprism's runner records a step by its ``ID`` (not its position): a
    step inserted before another is new, one deleted is DBN025."""
    path = "internal/migrate/dialect_postgres.go"
    root = committed_repo(
        tmp_path / "pp",
        {"dbnamelint.yaml": f"paths: [{path}]\ndialect: postgres\n", path: KEYED},
        monkeypatch,
        "app",
    )
    second = KEYED.index('\t{\n\t\tID:         "20220329')
    (root / path).write_text(KEYED[:second] + MIDDLE + KEYED[second:], encoding="utf-8")
    assert _run("check", "--base", "HEAD") == (0, [])
    (root / path).write_text(KEYED[:second] + "}\n", encoding="utf-8")
    code, found = _run("check", "--base", "HEAD")
    assert code == 1
    assert [c for c, _, _ in found] == ["DBN025"]


def test_check_db_leaves_the_lists_runner_table_alone(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """File ``check`` does not lint the version table a Go list's runner keeps
    (``schema_version``); ``check --db`` of the database the list built did
    (trial s33 F7: DBN105 ``schema_version``, exit 1, CI failing after
    adoption). The database: the list's SQL run on PostgreSQL."""
    _repo(tmp_path, monkeypatch)
    from dbnamelint.go_list_sql import list_strings

    sql = ";\n".join(s.text for s in list_strings(PATH, HEAD)) + ";\n"
    with pg.fresh_database("golist_runner_table") as db:
        pg.run(sql=sql, dbname=db)
        assert "schema_version" in pg.public_tables(db)
        code, found = _run("check", "--db", pg.url(db))
    assert (code, found) == (0, [])


def test_a_suppression_comment_above_a_steps_string_applies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s33 M4: ``// dbnamelint: ignore[DBN105] <reason>`` above a step
    was ignored (still DBN105, and no DBN020 either)."""
    root = _repo(tmp_path, monkeypatch)
    step = (
        "\t\t// dbnamelint: ignore[DBN105] a legacy name kept on purpose\n"
        "\t\t_, err = tx.Exec(`CREATE TABLE feed_stat (id int)`)\n\t\treturn err"
    )
    _edit(root, _appended(step))
    code, found = _run("check", PATH)
    assert (code, [c for c, _, _ in found]) == (0, [])
    _edit(root, _appended(step.replace("feed_stat", "feed_stats")))
    result = CliRunner().invoke(cli, ["check", "--no-cache", PATH])
    assert "DBN020" in result.output, result.output


def test_init_says_the_lists_dialect_and_how_to_add_a_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s33 M1: ``init`` said "Dialect: no SQL file found" of a tree whose
    PostgreSQL Go list it reads, and wrote "`dbnamelint migrate --write` names
    new files in it" of the list, which --write refuses."""
    root = committed_repo(tmp_path / "mf", {PATH: HEAD}, monkeypatch, "app")
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert "Dialect: postgres (" in result.output
    written = (root / "dbnamelint.yaml").read_text(encoding="utf-8")
    assert "names new files in it" not in written
    assert "does not add a step to Go code" in written


def test_a_paths_narrowing_is_not_called_a_rule_turned_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s33 w3: narrowing ``paths:`` so a whitelisted name is no longer
    read is DBN909, whose message said "with the rule off" (no rule was)."""
    root = committed_repo(
        tmp_path / "p",
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "db/a.sql": "CREATE TABLE acme_cache (id int);\n",
            "db/b.sql": "CREATE TABLE feeds (id int);\n",
        },
        monkeypatch,
        "app",
    )
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    commit_all(root, "adopt")
    (root / "dbnamelint.yaml").write_text("paths: [db/b.sql]\ndialect: postgres\n")
    code, found = _run("check", "--base", "HEAD")
    assert code == 1
    said = [m for c, _, m in found if c == "DBN909"]
    assert len(said) == 1 and "hides DBN105" in said[0]
    assert "rule off" not in said[0] and "restore the rule" not in said[0]


def test_a_list_left_with_one_step_is_said_in_the_singular(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Confirmation s33: the DBN025 for a deleted step said "the list has 1 steps now"."""
    root = _repo(tmp_path, monkeypatch)
    first = HEAD.index("\tfunc(tx")
    second = HEAD.index("\tfunc(tx", first + 1)
    _edit(root, HEAD[:second] + "}\n")  # the first step only
    code, found = _run("check", "--base", "HEAD")
    assert code == 1
    [message] = [m for c, _, m in found if c == "DBN025"]
    assert "(the list has 1 step now, 3 at HEAD)" in message
