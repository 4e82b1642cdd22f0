"""A migration tool's own configuration names the database of its folder.

A crate whose ``Cargo.toml`` enables one sqlx driver (``sqlx = { features =
["sqlite"] }``, ``sqlx-sqlite``, through ``[workspace.dependencies]``, a
path dependency or the crate's default features) runs its ``migrations/``
on that database, and Prisma's ``migrations/migration_lock.toml`` names the
provider of the ``migration.sql`` folders beside it. A plain ``create table
store (id text primary key)`` there is SQLite's: the implicit names the model
gives must be the ones sqlite3 writes in ``sqlite_master`` (the oracle), and
``migrate``'s forward script must run on sqlite3. Trial s19 atuin #1.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from dbnamelint.sqlx_crate import sqlx_driver_dialect
from git_helpers import commit_all, init_repo, write_files

#: Nothing SQLite-specific: the text alone reads as PostgreSQL.
INIT = "create table store (id text primary key, v text);\n"
MORE = (
    "create table item (id text, store_id text references store (id), name text unique,"
    " primary key (id, store_id));\n"
    "create index item_name_idx on item (name);\n"
)
MIGRATIONS = {
    "migrations/20240101000000_init.sql": INIT,
    "migrations/20240102000000_more.sql": MORE,
}
_PACKAGE = '[package]\nname = "app"\nversion = "0.1.0"\n\n'


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _names(root: Path, folder: str) -> set[tuple[str, str]]:
    """(table, name) of every unique/primary key and index the model holds below ``folder``."""
    done = _run("inspect", "--format", "json", folder)
    assert done.exit_code == 0, done.output
    objects = json.loads(done.stdout)["objects"]
    return {
        (o["table"], o["name"])
        for o in objects
        if o["kind"] == "index"
        or (o["kind"] == "constraint" and o["constraint_type"] in ("primary_key", "unique"))
    }


def _dialects(folder: str) -> set[str]:
    done = _run("inspect", "--format", "json", folder)
    assert done.exit_code == 0, done.output
    return {o["dialect"] for o in json.loads(done.stdout)["objects"]}


def _sqlite_names(files: list[Path]) -> set[tuple[str, str]]:
    """What sqlite3 names: the indexes of ``sqlite_master`` after the migrations."""
    db = sqlite3.connect(":memory:")
    try:
        for path in files:
            db.executescript(path.read_text(encoding="utf-8"))
        rows = db.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'index'")
        return {(table, name) for table, name in rows}
    finally:
        db.close()


WORKSPACE = (
    '[workspace]\nmembers = ["crates/*"]\n\n'
    '[workspace.dependencies]\nsqlx = { version = "0.8", features = ["runtime-tokio"] }\n'
)
#: Each way a crate's Cargo.toml enables the SQLite driver alone -> files.
SQLITE_CRATES: dict[str, dict[str, str]] = {
    "features": {
        "Cargo.toml": _PACKAGE + '[dependencies]\nsqlx = { version = "0.8", features = '
        '["sqlite", "runtime-tokio"] }\n',
    },
    "driver crate": {"Cargo.toml": _PACKAGE + '[dependencies]\nsqlx-sqlite = "0.8"\n'},
    "table": {
        "Cargo.toml": _PACKAGE + '[dependencies.sqlx]\nversion = "0.8"\n'
        'features = ["sqlite-unbundled", "macros"]\n',
    },
    "renamed": {
        "Cargo.toml": _PACKAGE + '[dependencies]\ndb = { package = "sqlx", version = "0.8", '
        'features = ["sqlite"] }\n',
    },
    "default features": {
        "Cargo.toml": _PACKAGE + '[dependencies]\nsqlx = "0.8"\n\n'
        '[features]\ndefault = ["local"]\nlocal = ["sqlx/sqlite"]\n',
    },
}


@pytest.mark.parametrize("how", sorted(SQLITE_CRATES))
def test_sqlite_crate_names_are_sqlite3s(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, {**SQLITE_CRATES[how], **MIGRATIONS})
    monkeypatch.chdir(tmp_path)
    expected = _sqlite_names(sorted((tmp_path / "migrations").glob("*.sql")))
    assert ("store", "sqlite_autoindex_store_1") in expected
    assert _names(tmp_path, "migrations") == expected
    assert _dialects("migrations") == {"sqlite"}


def test_workspace_features_and_path_dependencies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """atuin: ``sqlx = { workspace = true, features = ["sqlite"] }`` adds to the
    workspace entry's features; atuin-kv's bare ``sqlx = { workspace = true }``
    is built with atuin-client's SQLite driver (cargo unifies features);
    a crate enabling two drivers (tests-database) gives no clue."""
    crates = {
        "Cargo.toml": WORKSPACE,
        "crates/client/Cargo.toml": _PACKAGE.replace("app", "client")
        + '[dependencies]\nsqlx = { workspace = true, features = ["sqlite", "regexp"] }\n',
        "crates/kv/Cargo.toml": _PACKAGE.replace("app", "kv")
        + '[dependencies]\nclient = { path = "../client" }\nsqlx = { workspace = true }\n',
        "crates/server/Cargo.toml": _PACKAGE.replace("app", "server")
        + '[dependencies]\nsqlx = { workspace = true, features = ["postgres"] }\n',
        "crates/both/Cargo.toml": _PACKAGE.replace("app", "both")
        + '[dependencies]\nsqlx = { workspace = true, features = ["sqlite", "postgres"] }\n',
        "crates/none/Cargo.toml": _PACKAGE.replace("app", "none")
        + "[dependencies]\nsqlx = { workspace = true }\n",
    }
    _write(tmp_path, crates)
    for crate in ("client", "kv", "server", "both", "none"):
        _write(tmp_path / "crates" / crate, MIGRATIONS)
    monkeypatch.chdir(tmp_path)
    for crate in ("client", "kv"):
        folder = f"crates/{crate}/migrations"
        assert _dialects(folder) == {"sqlite"}, crate
        assert _names(tmp_path, folder) == _sqlite_names(sorted(Path(folder).glob("*.sql")))
    assert _dialects("crates/server/migrations") == {"postgres"}
    assert ("store", "store_pkey") in _names(tmp_path, "crates/server/migrations")
    anchor = tmp_path / "crates"
    assert sqlx_driver_dialect(anchor / "both" / "migrations" / "1_x.sql") is None
    assert sqlx_driver_dialect(anchor / "none" / "migrations" / "1_x.sql") is None
    assert sqlx_driver_dialect(anchor / "server" / "migrations" / "1_x.sql") == "postgres"


def test_one_driver_each_for_mysql_and_postgres(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plain file of a crate with the MySQL driver reads as MySQL (its
    primary key is ``PRIMARY``); a broken Cargo.toml gives no clue."""
    mysql = '[dependencies]\nsqlx = { version = "0.8", features = ["mysql"] }\n'
    _write(tmp_path / "my", {"Cargo.toml": _PACKAGE + mysql, **MIGRATIONS})
    _write(tmp_path / "bad", {"Cargo.toml": "[package\n", **MIGRATIONS})
    monkeypatch.chdir(tmp_path)
    assert _dialects("my/migrations") == {"mysql"}
    assert ("store", "PRIMARY") in _names(tmp_path, "my/migrations")
    assert _dialects("bad/migrations") == {"postgres"}


def test_clue_ranks_below_per_path_and_above_dialect_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``dialect:`` is the default for files that do not say theirs (the
    trial's config had ``dialect: postgres``, written by an older ``init``);
    a ``per_path`` entry still decides; a file named for no sqlx migration
    (``schema.sql``) takes no clue."""
    _write(tmp_path, {**SQLITE_CRATES["features"], **MIGRATIONS})
    _write(tmp_path, {"migrations/seeds/schema.sql": INIT.replace("store", "seed")})
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [migrations]\ndialect: postgres\n", encoding="utf-8"
    )
    assert _dialects("migrations/20240101000000_init.sql") == {"sqlite"}
    assert _dialects("migrations/seeds") == {"postgres"}
    (tmp_path / "dbnamelint.yaml").write_text(
        'paths: [migrations]\nper_path:\n  - paths: ["migrations/**"]\n    dialect: mysql\n',
        encoding="utf-8",
    )
    assert _dialects("migrations") == {"mysql"}


def test_prisma_lock_names_the_dialect(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = "prisma/migrations"
    _write(
        tmp_path,
        {
            f"{folder}/migration_lock.toml": 'provider = "sqlite"\n',
            f"{folder}/20240101000000_init/migration.sql": INIT,
            f"{folder}/20240102000000_more/migration.sql": MORE,
            "other/migrations/migration_lock.toml": 'provider = "mongodb"\n',
            "other/migrations/20240101000000_init/migration.sql": INIT,
        },
    )
    monkeypatch.chdir(tmp_path)
    files = sorted((tmp_path / folder).glob("*/migration.sql"))
    assert _names(tmp_path, folder) == _sqlite_names(files)
    assert _dialects(folder) == {"sqlite"}
    assert _dialects("other/migrations") == {"postgres"}


def test_init_writes_the_crates_dialect(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, {**SQLITE_CRATES["features"], **MIGRATIONS})
    monkeypatch.chdir(tmp_path)
    done = _run("init")
    assert done.exit_code == 0, done.output
    assert "Dialect: sqlite" in done.output
    assert "\ndialect: sqlite\n" in (tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8")


def test_migrate_forward_runs_on_sqlite3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The trial's repro: ``migrate`` wrote ``RENAME CONSTRAINT`` and a
    ``DO $dbnamelint$`` block (PostgreSQL's) that sqlite3 refused."""
    _write(tmp_path, {**SQLITE_CRATES["features"], **MIGRATIONS})
    monkeypatch.chdir(tmp_path)
    done = _run("migrate", "--rename", "store=stores", "--write")
    assert done.exit_code == 0, done.output
    new = sorted(set((tmp_path / "migrations").glob("*.sql")) - {tmp_path / n for n in MIGRATIONS})
    assert len(new) == 1
    forward = new[0].read_text(encoding="utf-8")
    assert "RENAME CONSTRAINT" not in forward
    assert "DO $" not in forward
    db = sqlite3.connect(":memory:")
    try:
        for name in MIGRATIONS:
            db.executescript((tmp_path / name).read_text(encoding="utf-8"))
        db.executescript(forward)
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        db.close()
    assert "stores" in tables


def test_gate_reads_the_base_with_the_same_driver(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check --base``: the base tree is read with the manifests that gave
    the working tree its dialect, a path dependency's included; else an
    unchanged file's implicit names differ and read as new findings."""
    write_files(
        tmp_path,
        {
            "Cargo.toml": WORKSPACE,
            "crates/client/Cargo.toml": _PACKAGE.replace("app", "client")
            + '[dependencies]\nsqlx = { workspace = true, features = ["sqlite"] }\n',
            "crates/kv/Cargo.toml": _PACKAGE.replace("app", "kv")
            + '[dependencies]\nclient = { path = "../client" }\nsqlx = { workspace = true }\n',
            "crates/kv/migrations/20240101000000_init.sql": "create table store "
            "(id text primary key, v text unique);\n",
            "dbnamelint.yaml": "paths: [crates/kv/migrations]\nrules:\n"
            "  constraint-name-off-template:\n"
            '    options: {skip_implicit: false, unique: "uq_{table}_{columns}"}\n',
        },
    )
    init_repo(tmp_path, "base")
    later = {"crates/kv/migrations/20240102000000_x.sql": "create table xs (id text);\n"}
    write_files(tmp_path, later)
    commit_all(tmp_path, "next")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DBNAMELINT_NO_CACHE", "1")
    assert "sqlite_autoindex_store_2" in _run("check").output
    done = _run("check", "--base", "HEAD~1")
    assert done.exit_code == 0, done.output
    assert "sqlite_autoindex" not in done.output


@pytest.mark.parametrize(
    ("diesel", "dialect"),
    [
        ('diesel = { version = "2", features = ["sqlite", "chrono"] }', "sqlite"),
        ('diesel = { version = "2", features = ["sqlite_backend"] }', "sqlite"),
        ('diesel = { version = "2", features = ["postgres", "sqlite"] }', "postgres"),
    ],
)
def test_diesel_backend_names_the_dialect(
    diesel: str, dialect: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Diesel's ``<version>_x/up.sql`` in a crate whose ``diesel`` enables
    one backend is that backend's (two: no clue, PostgreSQL by default)."""
    _write(
        tmp_path,
        {
            "Cargo.toml": _PACKAGE + f"[dependencies]\n{diesel}\n",
            "migrations/2024-01-01-000000_init/up.sql": INIT,
            "migrations/2024-01-01-000000_init/down.sql": "drop table store;\n",
            "migrations/2024-01-02-000000_more/up.sql": MORE,
        },
    )
    monkeypatch.chdir(tmp_path)
    assert _dialects("migrations") == {dialect}
    if dialect == "sqlite":
        ups = sorted((tmp_path / "migrations").glob("*/up.sql"))
        assert _names(tmp_path, "migrations") == _sqlite_names(ups)


def test_migrate_plans_the_crates_dialect_despite_dialect_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trial's repro config says ``dialect: postgres`` (an older ``init``'s
    guess): every file says SQLite, so ``migrate`` plans SQLite, as ``check``
    reads it."""
    _write(tmp_path, {**SQLITE_CRATES["features"], **MIGRATIONS})
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [migrations]\ndialect: postgres\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    done = _run("migrate", "--rename", "store=stores", "--write")
    assert done.exit_code == 0, done.output
    assert "Plan (sqlite)" in done.output
    new = sorted(set((tmp_path / "migrations").glob("*.sql")) - {tmp_path / n for n in MIGRATIONS})
    db = sqlite3.connect(":memory:")
    try:
        for path in [*(tmp_path / n for n in MIGRATIONS), *new]:
            db.executescript(path.read_text(encoding="utf-8"))
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        db.close()
    assert "stores" in tables
