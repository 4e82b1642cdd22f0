"""`impact --database X` keeps to X's code with the `databases:` that `init` writes.

Trial s35 atuin (I2): `init` lists each sqlx migrations folder under a
database of its own, not the crate around it. `impact --database
atuin-server-postgres` then counted the SQLite crate's and the client
crate's queries as the PostgreSQL database's uses, and `--diff` patched
none of them, not even the PostgreSQL crate's own: every file was code no
entry lists. A crate runs the migrations it holds (`sqlx::migrate!` is
relative to its Cargo.toml; a Go module, npm package... alike), so a code
file is attributed by its package; in a package holding several databases'
folders, by the migrator the file itself runs. Code no package attributes is
listed as such.

The oracle is the databases themselves: each folder applied as sqlx does
(files in version order, one database per folder) on PostgreSQL or SQLite,
then each code file's query run on the database its crate migrates, before
and after the patch.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo, git
from pg_server import PgServer, SqlFailed


def _cargo(name: str, driver: str | None) -> str:
    sqlx = f'sqlx = {{ version = "0.8", features = ["{driver}"] }}\n' if driver else ""
    return f'[package]\nname = "{name}"\nversion = "0.1.0"\n\n[dependencies]\n{sqlx}'


def _rust(migrations: str | None, query: str, pool: str = "SqlitePool") -> str:
    """A Rust file that runs ``query`` (and, given, the crate's migrations)."""
    setup = (
        f"pub async fn setup(pool: &{pool}) {{\n"
        f'    sqlx::migrate!("{migrations}").run(pool).await.unwrap();\n}}\n'
        if migrations
        else ""
    )
    return (
        f"{setup}pub async fn run(pool: &{pool}) {{\n"
        f'    sqlx::query("{query}").execute(pool).await.unwrap();\n}}\n'
    )


PG_STORE = "CREATE TABLE store (id bigint PRIMARY KEY, tag text);\n"
LITE_STORE = "CREATE TABLE store (id integer PRIMARY KEY, tag text);\n"
#: The atuin shape: a PostgreSQL and a SQLite server crate, a client crate
#: migrating two SQLite databases, a server crate with no migrations.
TREE = {
    "Cargo.toml": '[workspace]\nmembers = ["crates/*"]\n',
    "crates/server-postgres/Cargo.toml": _cargo("server-postgres", "postgres"),
    "crates/server-postgres/migrations/20240101000000_init.sql": PG_STORE,
    "crates/server-postgres/src/lib.rs": _rust(
        "./migrations", "SELECT tag FROM store WHERE id = $1", "PgPool"
    ),
    "crates/server-sqlite/Cargo.toml": _cargo("server-sqlite", "sqlite"),
    "crates/server-sqlite/migrations/20240101000000_init.sql": LITE_STORE,
    "crates/server-sqlite/src/lib.rs": _rust("./migrations", "SELECT tag FROM store WHERE id = ?"),
    "crates/client/Cargo.toml": _cargo("client", "sqlite"),
    "crates/client/migrations/20240101000000_init.sql": (
        "CREATE TABLE history (id integer PRIMARY KEY, command text);\n"
    ),
    "crates/client/record-migrations/20240101000000_init.sql": LITE_STORE,
    "crates/client/src/database.rs": _rust("./migrations", "SELECT command FROM history"),
    "crates/client/src/record.rs": _rust(
        "./record-migrations", "SELECT tag FROM store WHERE id = ?"
    ),
    # Runs no migrator: one of the crate's two databases, not said which.
    "crates/client/src/cache.rs": _rust(None, "SELECT count(*) FROM store"),
    # No migrations in its crate: any database's code.
    "crates/server/Cargo.toml": _cargo("server", None),
    "crates/server/src/handlers.rs": _rust(None, "SELECT tag FROM store", "PgPool"),
    # Named for SQLite: not PostgreSQL's, whatever crate it is in.
    "crates/server/src/sqlite.rs": _rust(None, "SELECT id FROM store"),
}
RENAME = "ALTER TABLE store RENAME TO stores;\n"
PG_RENAME = {"crates/server-postgres/migrations/20240201000000_rename.sql": RENAME}
RECORD_RENAME = {"crates/client/record-migrations/20240201000000_rename.sql": RENAME}


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _adopted(root: Path, monkeypatch: pytest.MonkeyPatch, renames: dict[str, str]) -> None:
    """TREE adopted as the README says (`init`, its config unedited), then
    ``renames`` committed."""
    committed_repo(root, TREE, monkeypatch)
    init = _run("init")
    assert init.exit_code == 0, init.output
    config = (root / "dbnamelint.yaml").read_text()
    # init's own `databases:`: one per migrations folder, not the crates.
    assert "  server-postgres: [crates/server-postgres/migrations]\n" in config, config
    assert "  client-record-migrations: [crates/client/record-migrations]\n" in config
    commit_all(root, "adopt")
    for path, text in renames.items():
        (root / path).write_text(text)
    commit_all(root, "rename")


def _query(root: Path, path: str) -> str:
    """The SQL the Rust file runs (its one ``sqlx::query`` string)."""
    found = re.search(r'sqlx::query\("([^"]*)"\)', (root / path).read_text())
    assert found is not None
    return found.group(1)


def _sqlite(root: Path, folder: str) -> sqlite3.Connection:
    """A SQLite database built from a sqlx folder, files in version order."""
    db = sqlite3.connect(":memory:")
    for file in sorted((root / folder).glob("*.sql"), key=lambda f: int(f.name.split("_")[0])):
        db.executescript(file.read_text())
    return db


def test_postgres_database_counts_and_patches_its_own_crate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    _adopted(tmp_path, monkeypatch, PG_RENAME)

    report = _run("impact", "--database", "server-postgres", "--format", "json")
    assert report.exit_code == 0, report.output
    found = json.loads(report.stdout)
    (phase,) = found["phases"]
    (store,) = phase["objects"]
    assert (store["old_names"], store["target"]) == (["store"], "stores")
    assert store["files"] == ["crates/server-postgres/src/lib.rs", "crates/server/src/handlers.rs"]
    assert found["other_database"] == [
        {
            "path": "crates/client/src/cache.rs",
            "references": 1,
            "databases": ["client", "client-record-migrations"],
        },
        {
            "path": "crates/client/src/record.rs",
            "references": 1,
            "database": "client-record-migrations",
        },
        {"path": "crates/server-sqlite/src/lib.rs", "references": 1, "database": "server-sqlite"},
        {"path": "crates/server/src/sqlite.rs", "references": 1},
    ]
    assert found["unattributed"] == [{"path": "crates/server/src/handlers.rs", "references": 1}]
    text = _run("impact", "--database", "server-postgres").stdout
    assert "Code no database is known for (counted here, may run on others too): 1 reference" in (
        text
    )
    assert "\n  crates/server/src/handlers.rs (1)\n" in text
    assert "  crates/client/src/cache.rs (1, database client or client-record-migrations)" in text

    diff = _run("impact", "--database", "server-postgres", "--diff", "--renamed-only")
    assert diff.exit_code == 0, diff.output
    assert (
        "not patched: crates/server/src/handlers.rs:2 (store): code no `databases:` entry lists, "
        "so it may run on client-record-migrations and server-sqlite too" in diff.stderr
    )
    (tmp_path / "fix.patch").write_text(diff.stdout)
    git(tmp_path, "apply", "fix.patch")
    changed = git(tmp_path, "diff", "--name-only").split()
    assert changed == ["crates/server-postgres/src/lib.rs"]

    migrations = sorted((tmp_path / "crates/server-postgres/migrations").glob("*.sql"))
    with pg.fresh_database("s36_impact_server_pg") as db:
        pg.run(files=migrations, dbname=db)
        patched = _query(tmp_path, "crates/server-postgres/src/lib.rs").replace("$1", "1")
        pg.run(sql=patched, dbname=db)
        with pytest.raises(SqlFailed, match='"store" does not exist'):  # why it was patched
            pg.run(sql=patched.replace("stores", "store"), dbname=db)
    # Each SQLite crate's query, left as written, still runs on its own database.
    for folder, code in [
        ("crates/server-sqlite/migrations", "crates/server-sqlite/src/lib.rs"),
        ("crates/client/record-migrations", "crates/client/src/record.rs"),
        ("crates/client/record-migrations", "crates/client/src/cache.rs"),
    ]:
        sql = _query(tmp_path, code)
        _sqlite(tmp_path, folder).execute(sql, (1,) * sql.count("?"))


def test_a_crate_of_two_databases_runs_each_from_its_own_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _adopted(tmp_path, monkeypatch, RECORD_RENAME)

    report = _run("impact", "--database", "client-record-migrations", "--format", "json")
    assert report.exit_code == 0, report.output
    found = json.loads(report.stdout)
    (store,) = found["phases"][0]["objects"]
    assert store["files"] == [
        "crates/client/src/cache.rs",
        "crates/client/src/record.rs",
        "crates/server/src/handlers.rs",
        "crates/server/src/sqlite.rs",
    ]
    assert [(o["path"], o.get("database")) for o in found["other_database"]] == [
        ("crates/server-postgres/src/lib.rs", "server-postgres"),
        ("crates/server-sqlite/src/lib.rs", "server-sqlite"),
    ]
    # cache.rs runs on the client's history database or on this one; handlers.rs anywhere.
    assert found["unattributed"] == [
        {
            "path": "crates/client/src/cache.rs",
            "references": 1,
            "databases": ["client", "client-record-migrations"],
        },
        {"path": "crates/server/src/handlers.rs", "references": 1},
        {
            "path": "crates/server/src/sqlite.rs",
            "references": 1,
            "databases": ["client", "client-record-migrations", "server-sqlite"],
        },
    ]

    diff = _run("impact", "--database", "client-record-migrations", "--diff", "--renamed-only")
    assert diff.exit_code == 0, diff.output
    (tmp_path / "fix.patch").write_text(diff.stdout)
    git(tmp_path, "apply", "fix.patch")
    assert (
        "crates/server/src/handlers.rs:2 (store), crates/server/src/sqlite.rs:2 (store): code "
        "no `databases:` entry lists, so it may run on server-postgres and server-sqlite too"
        in diff.stderr
    )
    # The history database has no `store`: cache.rs, patched, breaks nothing there.
    assert git(tmp_path, "diff", "--name-only").split() == [
        "crates/client/src/cache.rs",
        "crates/client/src/record.rs",
    ]
    records = _sqlite(tmp_path, "crates/client/record-migrations")
    for code in ("crates/client/src/record.rs", "crates/client/src/cache.rs"):
        sql = _query(tmp_path, code)
        records.execute(sql, (1,) * sql.count("?"))
        with pytest.raises(sqlite3.OperationalError, match="no such table: store"):
            records.execute(sql.replace("stores", "store"), (1,) * sql.count("?"))
    history = _sqlite(tmp_path, "crates/client/migrations")
    history.execute(_query(tmp_path, "crates/client/src/database.rs"))
    lite = _sqlite(tmp_path, "crates/server-sqlite/migrations")
    lite.execute(_query(tmp_path, "crates/server-sqlite/src/lib.rs"), (1,))


def _go(package: str, query: str) -> str:
    return f'package {package}\n\nconst q = "{query}"\n'


def _embed(package: str, pattern: str) -> str:
    return f'package {package}\n\nimport "embed"\n\n//go:embed {pattern}\nvar migrations embed.FS\n'


#: One Go module migrating two databases (each package embeds its own
#: folder) and an npm package with its own; the config lists the folders.
MODULES = {
    "go.mod": "module example.com/app\n\ngo 1.22\n",
    "internal/store/migrations/0001_init.sql": (
        "CREATE TABLE account (id bigint PRIMARY KEY, email text);\n"
    ),
    "internal/store/migrations/0002_rename.sql": "ALTER TABLE account RENAME TO accounts;\n",
    "internal/store/migrate.go": _embed("store", "migrations/*.sql"),
    "internal/store/repo.go": _go("store", "SELECT email FROM account"),
    "internal/events/migrations/0001_init.sql": (
        "CREATE TABLE account (id bigint PRIMARY KEY, kind text);\n"
    ),
    "internal/events/migrate.go": _embed("events", "migrations"),
    "internal/events/repo.go": _go("events", "SELECT kind FROM account"),
    # The module's own package: either of its two databases.
    "cmd/tool/main.go": _go("main", "SELECT id FROM account"),
    "web/package.json": '{"name": "web", "version": "1.0.0"}\n',
    "web/migrations/0001_init.sql": "CREATE TABLE account (id bigint PRIMARY KEY, name text);\n",
    "web/src/db.js": 'export const q = "SELECT name FROM account";\n',
    "dbnamelint.yaml": (
        "paths: [internal, web/migrations]\ndialect: postgres\ndatabases:\n"
        "  store: [internal/store/migrations]\n  events: [internal/events/migrations]\n"
        "  web: [web/migrations]\n"
    ),
}


def test_go_packages_and_npm_packages_are_their_databases_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    committed_repo(tmp_path, MODULES, monkeypatch)
    report = _run("impact", "--database", "store", "--format", "json")
    assert report.exit_code == 0, report.output
    found = json.loads(report.stdout)
    (account,) = found["phases"][0]["objects"]
    assert account["files"] == ["cmd/tool/main.go", "internal/store/repo.go"]
    assert found["other_database"] == [
        {"path": "internal/events/repo.go", "references": 1, "database": "events"},
        {"path": "web/src/db.js", "references": 1, "database": "web"},
    ]
    assert found["unattributed"] == [
        {"path": "cmd/tool/main.go", "references": 1, "databases": ["events", "store"]}
    ]

    diff = _run("impact", "--database", "store", "--diff", "--renamed-only")
    assert diff.exit_code == 0, diff.output
    assert (
        "cmd/tool/main.go:3 (account): code no `databases:` entry lists, so it may run on "
        "events too" in diff.stderr
    )
    (tmp_path / "fix.patch").write_text(diff.stdout)
    git(tmp_path, "apply", "fix.patch")
    assert git(tmp_path, "diff", "--name-only").split() == ["internal/store/repo.go"]

    def query(path: str) -> str:
        return (tmp_path / path).read_text().split('"')[1]

    # Each database built from its folder runs its own code, patched or left.
    for name, folder, code in [
        ("store", "internal/store/migrations", "internal/store/repo.go"),
        ("events", "internal/events/migrations", "internal/events/repo.go"),
        ("web", "web/migrations", "web/src/db.js"),
    ]:
        with pg.fresh_database(f"s36_impact_{name}") as db:
            pg.run(files=sorted((tmp_path / folder).glob("*.sql")), dbname=db)
            pg.run(sql=query(code), dbname=db)
