"""Several separate databases of one dialect in one tree (config ``databases:``).

Closing trial s13 (sqlx's ``examples/``): apps that each have their own
``migrations/`` folder were read as one database, so a later app's
``CREATE TABLE users`` replaced an earlier app's, a bad column a later
migration of the first app added to its ``users`` passed ``check`` and the
gate, and fix targets collided with other apps' tables. With ``databases:``
each app is its own catalog; without it, ``DBN023`` says the folders cannot
be one database. PostgreSQL is the oracle: each app's migrations run alone
build the catalog the model must equal, both apps' migrations run into one
database fail as DBN023 says, and the rename migration planned for one app
runs forward and back on that app's database.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.separate import shared_note
from dbnamelint.impact.targets import Target
from git_helpers import commit_all, committed_repo, git
from pg_server import PgServer, SqlFailed

BILLING = {
    "apps/billing/migrations/0001_init.sql": (
        "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n"
        "CREATE TABLE account (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));\n"
    ),
}
TODOS = {
    "apps/todos/migrations/0001_init.sql": (
        "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);\n"
        "CREATE TABLE accounts (id bigint PRIMARY KEY);\n"
    ),
    "apps/todos/migrations/0002_account.sql": (
        'CREATE TABLE account (id bigint PRIMARY KEY, "ownerId" bigint);\n'
    ),
}
#: A later migration of the first app: its bad column must not be hidden.
BAD_COLUMN = {
    "apps/billing/migrations/0002_more.sql": 'ALTER TABLE users ADD COLUMN "BadCol" text;\n'
}
CONFIG = "paths: [apps]\ndatabases:\n  billing: [apps/billing]\n  todos: [apps/todos/migrations]\n"


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _tree(
    root: Path,
    monkeypatch: pytest.MonkeyPatch,
    config: str | None = CONFIG,
    extra: dict[str, str] | None = None,
) -> None:
    """The two apps (and ``extra``) committed in a repository that is the
    current directory."""
    files = {**BILLING, **TODOS, **(extra or {})}
    if config is not None:
        files["dbnamelint.yaml"] = config
    committed_repo(root, files, monkeypatch)


def _catalog_columns(pg: PgServer, dbname: str) -> set[tuple[str, str]]:
    rows = pg.query_json(
        "SELECT c.relname AS t, a.attname AS c FROM pg_attribute a "
        "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped",
        dbname,
    )
    return {(r["t"], r["c"]) for r in rows}


def _model_columns(objects: list[dict[str, object]], database: str) -> set[tuple[str, str]]:
    return {
        (str(o["table"]), str(o["stored_name"]))
        for o in objects
        if o["kind"] == "column" and o["database"] == database
    }


def test_each_database_is_the_catalog_its_own_migrations_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    _tree(tmp_path, monkeypatch, extra=BAD_COLUMN)
    done = _run("inspect", "--format", "json", "--no-cache")
    assert done.exit_code == 0, done.output
    objects = json.loads(done.output)["objects"]
    for app in ("billing", "todos"):
        files = sorted((tmp_path / "apps" / app / "migrations").glob("*.sql"))
        with pg.fresh_database(f"sepdb_{app}") as dbname:
            pg.run(files=files, dbname=dbname)
            assert _model_columns(objects, app) == _catalog_columns(pg, dbname)
    # Every object belongs to one of the two databases: none is read twice or lost.
    assert {o["database"] for o in objects} == {"billing", "todos"}


def test_without_databases_the_folders_are_two_databases_dbn023_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    _tree(tmp_path, monkeypatch, config="paths: [apps]\n")
    done = _run("check", "--no-cache", "--no-whitelist", "--select", "DBN023")
    lines = [line for line in done.output.splitlines() if "DBN023" in line]
    # One warning per pair of folders, at the first table both create,
    # counting the others ('account', created again by 0002).
    assert len(lines) == 1, done.output
    assert lines[0].startswith("apps/todos/migrations/0001_init.sql:1:14: DBN023 warning:")
    message = lines[0].split(" DBN023 warning: ", 1)[1]
    assert message == (
        "table 'users' (and 1 more) is created again while the one at "
        "apps/billing/migrations/0001_init.sql:1:14 stands: name this folder and "
        "apps/billing/migrations/ under `databases:` or `exclude:` one "
        "(docs/reading.md: Several separate databases in one tree)"
    )
    assert done.exit_code == 0  # a warning does not fail the run
    # The database's verdict: the two folders cannot run on one database.
    files = [
        tmp_path / "apps/billing/migrations/0001_init.sql",
        tmp_path / "apps/todos/migrations/0001_init.sql",
    ]
    with pg.fresh_database("sepdb_both") as dbname, pytest.raises(SqlFailed, match="already"):
        pg.run(files=files, dbname=dbname)
    # Declared, the warning is gone.
    (tmp_path / "dbnamelint.yaml").write_text(CONFIG)
    again = _run("check", "--no-cache", "--no-whitelist", "--select", "DBN023")
    assert "DBN023" not in again.output


def test_a_bad_name_in_one_database_is_not_hidden_by_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, monkeypatch)
    assert _run("whitelist", "init").exit_code == 0
    commit_all(tmp_path, "adopt")
    # check --base (the CI gate) on a branch that adds the bad column
    git(tmp_path, "checkout", "-q", "-b", "feature")
    (tmp_path / "apps/billing/migrations/0002_more.sql").write_text(
        BAD_COLUMN[next(iter(BAD_COLUMN))]
    )
    commit_all(tmp_path, "bad column")
    gate = _run("check", "--base", "main")
    assert gate.exit_code == 1, gate.output
    assert 'DBN201 column "users.BadCol"' in gate.output
    assert "apps/billing/migrations/0002_more.sql:1:30" in gate.output


def test_targets_and_whitelist_entries_are_per_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, monkeypatch)
    done = _run("check", "--no-cache", "--no-whitelist")
    # billing's `account` takes `accounts`: the `accounts` table is todos'.
    billing = [line for line in done.output.splitlines() if "billing" in line and "account" in line]
    assert billing and all("(suggestion: accounts)" in line for line in billing), done.output
    todos = [
        line for line in done.output.splitlines() if "todos" in line and 'table "account"' in line
    ]
    assert todos and all("would collide with table 'accounts'" in line for line in todos)

    assert _run("whitelist", "init").exit_code == 0
    text = (tmp_path / "whitelist.yaml").read_text()
    assert "    name: account\n    rules: [DBN105]\n" in text
    assert text.count("name: account\n") == 2  # one entry per database
    assert "    database: billing\n    target: accounts\n" in text
    assert "    database: todos\n" in text
    assert _run("check").exit_code == 0
    # billing's entry for `account` does not excuse a new `account` elsewhere:
    # drop todos' entry, and todos' table is a new finding again.
    kept = text.replace(
        "  - kind: table\n    name: account\n    rules: [DBN105]\n"
        '    phase: "1"\n    database: todos\n',
        "",
    )
    assert kept != text
    (tmp_path / "whitelist.yaml").write_text(kept)
    again = _run("check")
    assert again.exit_code == 1
    assert 'apps/todos/migrations/0002_account.sql:1:14: DBN105 table "account"' in again.output
    assert "billing" not in again.output.split("New findings")[0]


def test_migrate_plans_one_database_and_runs_on_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    _tree(tmp_path, monkeypatch)
    assert _run("whitelist", "init").exit_code == 0
    refused = _run("migrate", "--all")
    assert refused.exit_code == 2
    assert "2 separate databases" in refused.output
    assert "billing, todos" in refused.output and "--database NAME" in refused.output
    unknown = _run("migrate", "--all", "--database", "shop")
    assert unknown.exit_code == 2 and "'shop'" in unknown.output

    done = _run("migrate", "--all", "--database", "billing", "--write")
    assert done.exit_code == 0, done.output
    forward = tmp_path / "apps/billing/migrations/0002_rename_whitelist_targets.sql"
    assert forward.exists(), done.output
    assert not list((tmp_path / "apps/todos").rglob("*rename*"))
    rollback = next((tmp_path / "apps/billing").rglob("*rollback*/0002_*.sql"), None) or next(
        p for p in (tmp_path / "apps/billing").rglob("0002_*.sql") if p != forward
    )
    init = tmp_path / "apps/billing/migrations/0001_init.sql"
    with pg.fresh_database("sepdb_billing_mig") as dbname:
        pg.run(files=[init], dbname=dbname)
        before = _catalog_columns(pg, dbname)
        pg.run(files=[forward], dbname=dbname)
        assert ("accounts", "user_id") in _catalog_columns(pg, dbname)
        pg.run(files=[rollback], dbname=dbname)
        assert _catalog_columns(pg, dbname) == before


def test_database_names_are_checked_where_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, monkeypatch, config="paths: [apps]\ndatabases:\n  'bad name': [apps/billing]\n")
    done = _run("check")
    assert done.exit_code == 2
    assert "dbnamelint.yaml:3:3" in done.output and "'bad name'" in done.output
    (tmp_path / "dbnamelint.yaml").write_text("paths: [apps]\ndatabases:\n  billing: []\n")
    empty = _run("check")
    assert empty.exit_code == 2 and "databases.billing" in empty.output


def test_drift_compares_the_database_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    _tree(tmp_path, monkeypatch)
    with pg.fresh_database("sepdb_drift") as dbname:
        pg.run(files=sorted((tmp_path / "apps/todos/migrations").glob("*.sql")), dbname=dbname)
        url = pg.url(dbname)
        refused = _run("drift", "--db", url)
        assert refused.exit_code == 2 and "--database NAME" in refused.output
        todos = _run("drift", "--db", url, "--database", "todos")
        assert todos.exit_code == 0, todos.output
        assert "No drift" in todos.output
        # billing's files against todos' database: its tables differ
        billing = _run("drift", "--db", url, "--database", "billing")
        assert billing.exit_code == 1, billing.output


def test_whitelist_add_picks_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(
        tmp_path,
        monkeypatch,
        extra={
            "apps/billing/migrations/0002_t.sql": "CREATE TABLE invoice (id int);\n",
            "apps/todos/migrations/0003_t.sql": "CREATE TABLE invoice (id int);\n",
        },
    )
    ambiguous = _run("whitelist", "add", "invoice")
    assert ambiguous.exit_code == 2
    assert "table invoice (database billing); table invoice (database todos)" in ambiguous.output
    assert "--database" in ambiguous.output
    done = _run("whitelist", "add", "invoice", "--database", "todos")
    assert done.exit_code == 0, done.output
    text = (tmp_path / "whitelist.yaml").read_text()
    assert "name: invoice" in text and "database: todos" in text
    check = _run("check", "--no-cache")
    # todos' table is excused, billing's is still a new finding
    assert check.exit_code == 1
    assert "apps/billing/migrations/0002_t.sql:1:14: DBN105" in check.output
    assert "apps/todos/migrations/0003_t.sql" not in check.output.split("New findings")[0]


def test_check_db_judges_the_database_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    _tree(tmp_path, monkeypatch)
    assert _run("whitelist", "init").exit_code == 0
    with pg.fresh_database("sepdb_checkdb") as dbname:
        pg.run(files=sorted((tmp_path / "apps/billing/migrations").glob("*.sql")), dbname=dbname)
        url = pg.url(dbname)
        refused = _run("check", "--db", url)
        assert refused.exit_code == 2 and "--database NAME" in refused.output
        # billing's entries excuse its database's legacy names; todos' entries
        # are not judged (not reported stale) against billing's database
        done = _run("check", "--db", url, "--database", "billing")
        assert done.exit_code == 0, done.output
        assert "DBN900" not in done.output and "whitelisted" in done.output
    needs_db = _run("check", "--database", "billing")
    assert needs_db.exit_code == 2 and "it needs --db" in needs_db.output


def test_if_not_exists_in_another_folder_is_said_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """A later app's ``CREATE TABLE IF NOT EXISTS users`` is skipped by a
    database holding the earlier app's ``users``: its columns are never
    read, so a bad one would pass unseen (trial s14b #1)."""
    later = {
        "apps/cache/migrations/0001_init.sql": (
            'CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY, "cacheKey" text);\n'
        )
    }
    _tree(tmp_path, monkeypatch, config="paths: [apps]\n", extra=later)
    done = _run("check", "--no-cache", "--no-whitelist")
    lines = [line for line in done.output.splitlines() if "apps/cache" in line]
    assert len(lines) == 1 and "DBN023 warning" in lines[0], done.output
    assert "(IF NOT EXISTS: 1 definition skipped, never checked)" in lines[0]
    # PostgreSQL's verdict on one database: the definition is skipped.
    files = [tmp_path / "apps/billing/migrations/0001_init.sql", tmp_path / next(iter(later))]
    with pg.fresh_database("sepdb_ifne") as dbname:
        pg.run(files=files, dbname=dbname)
        assert ("users", "cacheKey") not in _catalog_columns(pg, dbname)
    # As its own database, its bad column is a finding.
    (tmp_path / "dbnamelint.yaml").write_text(CONFIG + "  cache: [apps/cache]\n")
    named = _run("check", "--no-cache", "--no-whitelist")
    assert (
        'apps/cache/migrations/0001_init.sql:1:58: DBN201 column "users.cacheKey"' in named.output
    )


def test_the_warning_counts_the_definitions_if_not_exists_skips(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """The first table both folders create is created plainly, a later one
    ``IF NOT EXISTS``: the warning, short and located at the first, counts
    the definitions left unchecked (review s15 #6: it said only the first's)."""
    mixed = (
        "CREATE TABLE users (id bigint PRIMARY KEY);\n"
        'CREATE TABLE IF NOT EXISTS account (id bigint PRIMARY KEY, "ownerRef" bigint);\n'
    )
    committed_repo(
        tmp_path,
        {**BILLING, "apps/later/0001_init.sql": mixed, "dbnamelint.yaml": "paths: [apps]\n"},
        monkeypatch,
    )
    done = _run("check", "--no-cache", "--no-whitelist", "--select", "DBN023")
    lines = [line for line in done.output.splitlines() if "DBN023 warning" in line]
    assert len(lines) == 1, done.output
    # and the skipped definition's own note (trial s19: the gate refuses a new one)
    assert (
        "apps/later/0001_init.sql:2:28: DBN023 info: definition skipped, never checked: "
        "table 'account' is created with IF NOT EXISTS while the one apps/billing/migrations/ "
        "created stands, so no name in it is checked"
    ) in done.output
    assert lines[0] == (
        "apps/later/0001_init.sql:1:14: DBN023 warning: table 'users' (and 1 more) is created "
        "again while the one at apps/billing/migrations/0001_init.sql:1:14 stands (IF NOT "
        "EXISTS: 1 definition skipped, never checked): name this folder and "
        "apps/billing/migrations/ under `databases:` or `exclude:` one "
        "(docs/reading.md: Several separate databases in one tree)"
    )
    # PostgreSQL's verdict: the plain CREATE fails, the IF NOT EXISTS one is skipped.
    billing = tmp_path / "apps/billing/migrations/0001_init.sql"
    first, skipped = mixed.splitlines()
    with pg.fresh_database("sepdb_mixed") as dbname:
        pg.run(files=[billing], dbname=dbname)
        with pytest.raises(SqlFailed, match="already exists"):
            pg.run(sql=first, dbname=dbname)
        pg.run(sql=skipped, dbname=dbname)
        assert ("account", "ownerRef") not in _catalog_columns(pg, dbname)


def test_two_folders_listed_in_one_database_are_told_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, monkeypatch, config="paths: [apps]\ndatabases:\n  all: [apps]\n")
    done = _run("check", "--no-cache", "--no-whitelist", "--select", "DBN023")
    assert "are both in the database 'all' of the config's `databases:`" in done.output


def test_an_entry_for_an_undeclared_database_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database renamed in the config must not turn its entries stale (and
    pruned): the entry's undeclared ``database:`` is a located error."""
    _tree(tmp_path, monkeypatch)
    assert _run("whitelist", "init").exit_code == 0
    renamed = CONFIG.replace("  billing:", "  invoicing:")
    (tmp_path / "dbnamelint.yaml").write_text(renamed)
    for command in (["check"], ["whitelist", "prune", "--dry-run"], ["burndown"]):
        done = _run(*command)
        assert done.exit_code == 2, (command, done.output)
        assert "database 'billing' is not one of the config's databases: (invoicing, todos)" in (
            done.output
        )
        assert "whitelist.yaml:" in done.output
    assert "database: billing" in (tmp_path / "whitelist.yaml").read_text()  # nothing pruned


def test_burndown_counts_each_databases_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two databases' ``account`` entries are two entries left, each named
    with its database (trial s14b #5: they were counted as one)."""
    _tree(tmp_path, monkeypatch)
    assert _run("whitelist", "init").exit_code == 0
    commit_all(tmp_path, "adopt")
    done = _run("burndown", "--format", "json")
    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    accounts = sorted((e["name"], e["database"]) for e in report["left"] if e["kind"] == "table")
    assert accounts == [("account", "billing"), ("account", "todos")]
    text = _run("burndown").output
    assert "account (billing)" in text and "account (todos)" in text
    unknown = _run("whitelist", "add", "account", "--database", "shop")
    assert unknown.exit_code == 2
    assert "--database 'shop' is not one of the config's databases: (billing, todos)" in (
        unknown.output
    )


def test_a_database_named_in_the_config_is_read_in_a_vendor_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under `dialect: postgres` a `firebird/` folder is another database's copy
    and left out (DBN007); listed under `databases:`, it is read (closing
    check s14: golang-migrate's firebird example, a bad table passed the gate)."""
    config = (
        "paths: [db]\ndialect: postgres\ndatabases:\n"
        "  pg: [db/postgres/migrations]\n  fb: [db/firebird/migrations]\n"
    )
    committed_repo(
        tmp_path,
        {
            "dbnamelint.yaml": config,
            "db/postgres/migrations/1_init.up.sql": "CREATE TABLE users (id int);\n",
            "db/firebird/migrations/1_init.up.sql": 'CREATE TABLE "BadTable" (id int);\n',
        },
        monkeypatch,
    )
    done = _run("check", "--no-cache")
    assert done.exit_code == 1
    assert 'db/firebird/migrations/1_init.up.sql:1:14: DBN101 table "BadTable"' in done.output
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    unlisted = _run("check", "--no-cache", "--select", "DBN007,DBN101")
    assert "DBN007 info: not replayed: firebird/" in unlisted.output
    assert "DBN101" not in unlisted.output


def test_a_phase_of_other_databases_is_said_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every entry of the phase is billing's: planning todos says so, not
    "phase 1 has no entry left (is it done already?)" (closing check s14 #5)."""
    _tree(tmp_path, monkeypatch)
    assert _run("whitelist", "init").exit_code == 0
    text = (tmp_path / "whitelist.yaml").read_text()
    (tmp_path / "whitelist.yaml").write_text(
        "\n  - kind: ".join(b for b in text.split("\n  - kind: ") if "database: todos" not in b)
    )
    done = _run("migrate", "--phase", "1", "--database", "todos")
    assert done.exit_code == 2
    assert "every entry of phase 1 is another database's (billing)" in done.output
    assert "--database billing" in done.output


def test_a_database_folder_that_names_nothing_is_an_error_at_its_config_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A typo in a `databases:` folder (`apps/biling`) read billing's files into
    no database, silently: it is DBN002 at the config line, as a `paths:`
    typo is, and nothing is judged or written (closing check s15)."""
    _tree(tmp_path, monkeypatch)
    assert _run("whitelist", "init").exit_code == 0
    commit_all(tmp_path, "adopt")
    wrote = (tmp_path / "whitelist.yaml").read_text()
    typo = CONFIG.replace("[apps/billing]", "[apps/biling]")
    (tmp_path / "dbnamelint.yaml").write_text(typo)
    line = (
        "dbnamelint.yaml:3:13: DBN002 error: databases.billing[0]: no such file or directory: "
        "'apps/biling' (relative to the config's folder): database 'billing' gets no file from it"
    )
    done = _run("check")
    assert done.exit_code == 2, done.output
    assert line in done.output
    assert "DBN900" not in done.output  # billing's entries are not called stale
    for command in (
        ["whitelist", "prune"],
        ["whitelist", "add", "users", "--database", "todos"],
        ["migrate", "--all", "--database", "todos", "--write"],
        ["impact", "--database", "todos"],
        ["inspect"],
    ):
        refused = _run(*command)
        assert refused.exit_code == 2, (command, refused.output)
        assert line in refused.output, command
    assert (tmp_path / "whitelist.yaml").read_text() == wrote  # nothing pruned or added
    assert not list(tmp_path.rglob("*rename*"))
    # The hook says it whichever file a commit changes.
    hook = _run("check", "--pre-commit", "apps/todos/migrations/0002_account.sql")
    assert hook.exit_code == 2 and hook.output.count(line) == 1, hook.output

    # A glob that matches nothing, and a `per_path` item's database, alike.
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [apps]\ndatabases:\n  billing: [apps/billing]\n"
        '  todos: ["apps/*/migratons/*.sql"]\n'
    )
    glob = _run("check")
    assert glob.exit_code == 2
    assert (
        "dbnamelint.yaml:4:11: DBN002 error: databases.todos[0]: no file or folder matches "
        "this glob: 'apps/*/migratons/*.sql'" in glob.output
    )
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [apps]\nper_path:\n  - paths: [apps/billing]\n    database: billing\n"
        "  - paths: [apps/todo]\n    database: todos\n"
    )
    item = _run("check")
    assert item.exit_code == 2
    assert "dbnamelint.yaml:5:13: DBN002 error: per_path[1].paths[0]: no such file" in item.output
    # A folder that exists without SQL files is no typo (as for `paths:`).
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/README.md").write_text("billing notes\n")
    (tmp_path / "dbnamelint.yaml").write_text(
        CONFIG.replace("[apps/billing]", "[apps/billing, docs]")
    )
    assert "DBN002" not in _run("check").output


SHARED = {"common/0001_settings.sql": "CREATE TABLE setting (id bigint PRIMARY KEY);\n"}


def test_a_file_two_databases_list_is_an_error_naming_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shared `common/` listed under two databases was read into the first
    one only, silently: it is DBN027 at the later entry, naming the earlier
    one, and nothing is judged or written; named a database of its own, it is
    read once (closing check s15)."""
    good = "paths: [apps, common]\ndatabases:\n  billing: [apps/billing]\n  todos: [apps/todos]\n"
    _tree(tmp_path, monkeypatch, config=good + "  common: [common]\n", extra=SHARED)
    assert _run("whitelist", "init").exit_code == 0
    commit_all(tmp_path, "adopt")
    wrote = (tmp_path / "whitelist.yaml").read_text()
    assert "name: setting\n" in wrote and "database: common\n" in wrote
    twice = good.replace("[apps/billing]", "[apps/billing, common]") + "  common: [common]\n"
    (tmp_path / "dbnamelint.yaml").write_text(twice)
    line = (
        "dbnamelint.yaml:5:12: DBN027 error: databases.common[0]: 'common' (database 'common') "
        "lists common/0001_settings.sql, which database 'billing' lists too "
        "(databases.billing[1]: 'common', at dbnamelint.yaml:3:27)"
    )
    done = _run("check")
    assert done.exit_code == 2, done.output
    assert done.output.count(line) == 1
    # common's entry for `setting` is not called stale: the file went to billing.
    assert "DBN900" not in done.output
    for command in (
        ["whitelist", "prune"],
        ["whitelist", "add", "users", "--database", "todos"],
        ["migrate", "--all", "--database", "billing"],
        ["impact", "--database", "billing"],
    ):
        refused = _run(*command)
        assert refused.exit_code == 2, (command, refused.output)
        assert "DBN027 error: databases.common[0]" in refused.output, command
    assert (tmp_path / "whitelist.yaml").read_text() == wrote
    # The gate and the hook say it, whichever file the change touched.
    git(tmp_path, "checkout", "-q", "-b", "shared")
    commit_all(tmp_path, "list common twice")
    gate = _run("check", "--base", "main")
    assert gate.exit_code == 2 and line in gate.output, gate.output
    hook = _run("check", "--pre-commit", "apps/todos/migrations/0002_account.sql")
    assert hook.exit_code == 2 and line in hook.output, hook.output

    # Listed once, the shared folder is a database of its own: read once, its own.
    (tmp_path / "dbnamelint.yaml").write_text(good + "  common: [common]\n")
    model = _run("inspect", "--format", "json", "--no-cache")
    assert model.exit_code == 0, model.output
    objects = json.loads(model.output)["objects"]
    assert [o["database"] for o in objects if o["name"] == "setting"] == ["common"]
    assert _run("check").exit_code == 0


#: Two apps that each have a table `account`, each app's code reading it, and
#: a library neither app's entry lists that reads it too.
APPS_WITH_CODE = {
    "apps/billing/migrations/0001_init.sql": (
        "CREATE TABLE account (id bigint PRIMARY KEY, user_id bigint);\n"
    ),
    "apps/todos/migrations/0001_init.sql": (
        "CREATE TABLE account (id bigint PRIMARY KEY, title text);\n"
    ),
    "apps/billing/src/repo.go": 'package billing\n\nconst q = "SELECT id, user_id FROM account"\n',
    "apps/todos/src/repo.go": 'package todos\n\nconst q = "SELECT id, title FROM account"\n',
    "lib/store/store.go": 'package store\n\nconst q = "SELECT id FROM account"\n',
}
APPS_CONFIG = "paths: [apps]\ndatabases:\n  billing: [apps/billing]\n  todos: [apps/todos]\n"


def _query(repo: Path, path: str) -> str:
    """The SQL a Go file of APPS_WITH_CODE runs (its one string constant)."""
    return (repo / path).read_text().split('"')[1]


def test_impact_searches_the_database_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """`impact` listed every app's `account` references for billing's rename
    (closing check s15): it takes --database as migrate does, searches for
    that database's names, sets another database's code apart, and --diff
    patches only what runs on billing. PostgreSQL judges the result: each
    app's code runs on its own database after billing's migration, and the
    library, patched, would fail on todos'."""
    committed_repo(tmp_path, {**APPS_WITH_CODE, "dbnamelint.yaml": APPS_CONFIG}, monkeypatch)
    assert _run("whitelist", "init").exit_code == 0
    commit_all(tmp_path, "adopt")

    refused = _run("impact")
    assert refused.exit_code == 2
    assert (
        "dbnamelint: the tree holds 2 separate databases (config `databases:`): billing, todos; "
        "name one with --database NAME" in refused.output
    )
    unknown = _run("impact", "--database", "shop")
    assert unknown.exit_code == 2 and "--database 'shop': no file read belongs to it" in (
        unknown.output
    )

    done = _run("impact", "--database", "billing", "--format", "json")
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report["database"] == "billing"
    (phase,) = report["phases"]
    (account,) = phase["objects"]  # billing's account only: todos' is another object
    assert (account["name"], account["target"]) == ("account", "accounts")
    assert account["files"] == ["apps/billing/src/repo.go", "lib/store/store.go"]
    assert report["other_database"] == [
        {"path": "apps/todos/src/repo.go", "references": 1, "database": "todos"}
    ]
    text = _run("impact", "--database", "billing").stdout
    assert text.startswith("Database billing (config `databases:`)")
    assert "  apps/todos/src/repo.go (1, database todos)" in text

    diff = _run("impact", "--database", "billing", "--diff")
    assert diff.exit_code == 0, diff.output
    assert "not patched: another database's code (apps/todos/src/repo.go, database todos)" in (
        diff.stderr
    )
    assert (
        "not patched: lib/store/store.go:3 (account): code no `databases:` entry lists, so it "
        "may run on todos too, whose table account keeps that name" in diff.stderr
    )
    (tmp_path / "fix.patch").write_text(diff.stdout)
    git(tmp_path, "apply", "fix.patch")
    assert _query(tmp_path, "apps/billing/src/repo.go") == "SELECT id, user_id FROM accounts"
    for kept in ("apps/todos/src/repo.go", "lib/store/store.go"):
        assert (tmp_path / kept).read_text() == APPS_WITH_CODE[kept]

    migrated = _run("migrate", "--all", "--database", "billing", "--no-views", "--write")
    assert migrated.exit_code == 0, migrated.output
    forward = tmp_path / "apps/billing/migrations/0002_rename_whitelist_targets.sql"
    with pg.fresh_database("sepdb_impact_billing") as billing:
        pg.run(files=[tmp_path / "apps/billing/migrations/0001_init.sql", forward], dbname=billing)
        pg.run(sql=_query(tmp_path, "apps/billing/src/repo.go"), dbname=billing)
        with pytest.raises(SqlFailed, match='"account" does not exist'):  # why it was patched
            pg.run(sql=APPS_WITH_CODE["apps/billing/src/repo.go"].split('"')[1], dbname=billing)
    with pg.fresh_database("sepdb_impact_todos") as todos:
        pg.run(files=[tmp_path / "apps/todos/migrations/0001_init.sql"], dbname=todos)
        pg.run(sql=_query(tmp_path, "apps/todos/src/repo.go"), dbname=todos)
        pg.run(sql=_query(tmp_path, "lib/store/store.go"), dbname=todos)
        with pytest.raises(SqlFailed, match='"accounts" does not exist'):  # why it was left
            pg.run(sql="SELECT id FROM accounts", dbname=todos)

    # An app listed by its migrations folder only: its code is no database's,
    # so it is counted for billing, and left by --diff while todos has `account`.
    git(tmp_path, "checkout", "-q", "--", ".")
    git(tmp_path, "clean", "-fdq")
    (tmp_path / "dbnamelint.yaml").write_text(
        APPS_CONFIG.replace("[apps/todos]", "[apps/todos/migrations]")
    )
    narrow = json.loads(_run("impact", "--database", "billing", "--format", "json").stdout)
    assert narrow["other_database"] == []
    assert "apps/todos/src/repo.go" in narrow["phases"][0]["objects"][0]["files"]
    left = _run("impact", "--database", "billing", "--diff")
    assert "apps/todos/src/repo.go" not in left.stdout
    assert "not patched: apps/todos/src/repo.go:3 (account), lib/store/store.go:3 (account)" in (
        left.stderr
    )


def test_impact_shared_note_names_each_object_once() -> None:
    """atuin trial #8: prose spelling the table `Store` (SQLite: the same
    name) beside code's `store` made the ``--diff`` note say "whose table
    Store, table store keep those names" of one table."""
    target = Target(
        kind="table",
        name="store",
        phase="1",
        target="stores",
        old_names=("store",),
        schemas=(),
        tables=(),
        exact=False,
        renamed=False,
        stored=("store",),
        dialect="sqlite",
    )
    left = [
        (
            Reference(path, line, 1, 6, text, name, target, "plain", "text"),
            ("server_sqlite",),
        )
        for path, line, text, name in (
            ("AGENTS.md", 54, "Store keeps records", "Store"),
            ("AGENTS.md", 12, "the store table", "store"),
        )
    ]
    note = shared_note(left, "AGENTS.md:12, AGENTS.md:54", "records")
    assert "whose table store keeps that name;" in note, note
