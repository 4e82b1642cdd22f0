"""A migrations folder moved as a whole, versions and text unchanged, is no edit of history.

The tools that record only a migration's version (sqlx: version and
checksum in ``_sqlx_migrations``; golang-migrate, goose, dbmate: the
version) record no path, so a database that ran ``20250501160746`` counts it
applied wherever the folder now is. ``git mv crates/kv/migrations
crates/kv/db-migrations`` (and ``sqlx::migrate!`` pointed there) was a
``DBN025`` error claiming "sqlx migrate run stops: previously applied but
missing" (trial s35 atuin G1). One migration moved out of a folder that
still holds others is gone from the folder the tool runs: still the error.

Oracle: real git (``git mv``); sqlx's source (``migrate/migrator.rs``
validates applied versions by version and checksum only).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git, init_repo, isolated_git_env, write_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CARGO = '[package]\nname = "kv"\nversion = "0.1.0"\n\n[dependencies]\nsqlx = "0.8"\n'
GOOSE_UP = "-- +goose Up\n"
#: tool -> base files (the folder is ``<db>/migrations``)
TOOLS = {
    "sqlx": {
        "db/Cargo.toml": CARGO,
        "db/src/database.rs": 'fn f() { sqlx::migrate!("./migrations"); }\n',
        "db/migrations/20250501160746_create_kv.up.sql": "create table kv (id int);\n",
        "db/migrations/20250501160746_create_kv.down.sql": "drop table kv;\n",
        "db/migrations/20250601000000_add_tags.sql": "create table tags (id int);\n",
    },
    "goose": {
        "db/migrations/00001_create_kv.sql": f"{GOOSE_UP}create table kv (id int);\n",
        "db/migrations/00002_add_tags.sql": f"{GOOSE_UP}create table tags (id int);\n",
    },
    "golang-migrate": {
        "db/migrations/000001_create_kv.up.sql": "create table kv (id int);\n",
        "db/migrations/000001_create_kv.down.sql": "drop table kv;\n",
        "db/migrations/000002_add_tags.up.sql": "create table tags (id int);\n",
        "db/migrations/000002_add_tags.down.sql": "drop table tags;\n",
    },
}


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tool: str) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    write_files(root, {"dbnamelint.yaml": "paths: [db]\ndialect: sqlite\n", **TOOLS[tool]})
    init_repo(root, "base")
    monkeypatch.chdir(root)
    return root


def _gate() -> tuple[int, list[tuple[str, str, str]]]:
    done = CliRunner().invoke(
        cli, ["check", "--no-cache", "--base", "HEAD", "--format", "json", "--verbose"]
    )
    assert done.exception is None or isinstance(done.exception, SystemExit), done.output
    report = json.loads(done.stdout)
    return done.exit_code, [(d["code"], d["severity"], d["message"]) for d in report["diagnostics"]]


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_a_folder_moved_whole_is_no_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tool: str
) -> None:
    root = _repo(tmp_path, monkeypatch, tool)
    git(root, "mv", "db/migrations", "db/db-migrations")
    if tool == "sqlx":
        write_files(root, {"db/src/database.rs": 'fn f() { sqlx::migrate!("./db-migrations"); }\n'})
    git(root, "add", "-A")
    code, found = _gate()
    assert code == 0, found
    assert not [f for f in found if f[0] == "DBN025" and f[1] == "error"]


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_one_migration_moved_out_is_still_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tool: str
) -> None:
    root = _repo(tmp_path, monkeypatch, tool)
    first = sorted(n for n in TOOLS[tool] if n.startswith("db/migrations/") and ".down." not in n)[
        0
    ]
    (root / "db/other").mkdir()
    git(root, "mv", first, "db/other/" + first.rsplit("/", 1)[1])
    code, found = _gate()
    assert code == 1, found
    assert [f for f in found if f[0] == "DBN025" and f[1] == "error"]
