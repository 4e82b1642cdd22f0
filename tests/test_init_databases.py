"""``init`` writes ``databases:`` for migration folders that are each a database.

Each ``sqlx::migrate!("./migrations")`` runs its folder on a database of its
own (sqlx's migrator refuses a database holding versions its folder lacks),
so atuin's crates (and atuin-client's ``record-migrations/``) are separate
databases. Without ``databases:`` the first ``check`` read them as one model
and warned DBN023 where two folders create ``history``. Oracle: each
database's model holds the names sqlite3 gives that folder's migrations run
alone. Trial s19 atuin #2.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from dbnamelint.cli import cli


def _crate(name: str, driver: str) -> str:
    return (
        f'[package]\nname = "{name}"\nversion = "0.1.0"\n\n[dependencies]\n'
        f'sqlx = {{ version = "0.8", features = ["{driver}", "runtime-tokio"] }}\n'
    )


#: Two crates create ``history`` (as atuin-client and atuin-server-sqlite do).
TREE = {
    "crates/client/Cargo.toml": _crate("atuin-client", "sqlite"),
    "crates/client/migrations/20210422143411_create_history.sql": (
        "create table history (id text primary key, command text not null, host text);\n"
        "create unique index history_command_host on history (command, host);\n"
    ),
    "crates/client/record-migrations/20230531212437_create-records.sql": (
        "create table store (id text primary key, tag text unique);\n"
    ),
    "crates/server/Cargo.toml": _crate("atuin-server-sqlite", "sqlite"),
    "crates/server/migrations/20210425153745_create_history.sql": (
        "create table history (id integer primary key autoincrement, client_id text unique,"
        " data text);\n"
    ),
    "crates/server/migrations/20210425153757_create_users.sql": (
        "create table users (id integer primary key autoincrement, username text unique);\n"
    ),
}


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _sqlite_names(folder: Path) -> set[tuple[str, str, str]]:
    """(kind, table, name) sqlite3 gives the folder's migrations run alone."""
    db = sqlite3.connect(":memory:")
    try:
        for path in sorted(folder.glob("*.sql")):
            db.executescript(path.read_text(encoding="utf-8"))
        rows = db.execute(
            "SELECT type, tbl_name, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_sequence'"
        )
        return {(kind, table, name) for kind, table, name in rows}
    finally:
        db.close()


def _model_names(objects: list[dict[str, object]]) -> set[tuple[str, str, str]]:
    out: set[tuple[str, str, str]] = set()
    for o in objects:
        if o["kind"] == "table":
            out.add(("table", str(o["name"]), str(o["name"])))
        elif o["kind"] == "index" or (
            o["kind"] == "constraint"
            # an INTEGER PRIMARY KEY is the rowid: no index in sqlite_master, none in the model
            and o["constraint_type"] in ("primary_key", "unique")
        ):
            out.add(("index", str(o["table"]), str(o["name"])))
    return out


def test_init_names_each_sqlx_folder_a_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, TREE)
    monkeypatch.chdir(tmp_path)
    done = _run("init")
    assert done.exit_code == 0, done.output
    text = (tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8")
    assert "# Separate databases: each sqlx migrations folder" in text
    config = yaml.safe_load(text)
    assert config["databases"] == {
        "atuin-client": ["crates/client/migrations"],
        "atuin-client-record-migrations": ["crates/client/record-migrations"],
        "atuin-server-sqlite": ["crates/server/migrations"],
    }
    checked = _run("check")
    assert "DBN023" not in checked.output, checked.output
    assert checked.exit_code in (0, 1), checked.output
    listed = _run("inspect", "--format", "json")
    assert listed.exit_code == 0, listed.output
    by_database: dict[str, list[dict[str, object]]] = defaultdict(list)
    for o in json.loads(listed.stdout)["objects"]:
        by_database[str(o["database"])].append(o)
    assert set(by_database) == set(config["databases"])
    for name, (folder,) in config["databases"].items():
        assert {o["dialect"] for o in by_database[name]} == {"sqlite"}
        assert _model_names(by_database[name]) == _sqlite_names(tmp_path / folder), name


def test_without_databases_the_folders_merge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the trial saw: the folders read as one database warn DBN023."""
    _write(tmp_path, TREE)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [crates]\n", encoding="utf-8")
    assert "DBN023" in _run("check").output


def test_one_sqlx_folder_writes_no_databases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, {k: v for k, v in TREE.items() if k.startswith("crates/server/")})
    monkeypatch.chdir(tmp_path)
    assert _run("init").exit_code == 0
    assert "databases" not in yaml.safe_load((tmp_path / "dbnamelint.yaml").read_text())


def test_same_crate_names_take_their_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two crates of one name (examples of a workspace) get their folders' paths."""
    _write(
        tmp_path,
        {
            "examples/a/Cargo.toml": _crate("example", "postgres"),
            "examples/a/migrations/1_init.sql": "create table todos (id int primary key);\n",
            "examples/b/Cargo.toml": _crate("example", "postgres"),
            "examples/b/migrations/1_init.sql": "create table todos (id int primary key);\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    assert _run("init").exit_code == 0
    config = yaml.safe_load((tmp_path / "dbnamelint.yaml").read_text())
    assert config["databases"] == {
        "examples-a-migrations": ["examples/a/migrations"],
        "examples-b-migrations": ["examples/b/migrations"],
    }
    assert "DBN023" not in _run("check").output
