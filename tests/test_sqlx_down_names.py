"""sqlx runs ``1_x.DOWN.sql``, ``1_x.Down.sql`` and ``1_x.down.sql.sql`` forward.

sqlx-core's ``MigrationType::from_filename`` (``migrate/migration_type.rs``)
takes a name for a rollback only when it ends in ``.down.sql`` exactly
(``str::ends_with``, case-sensitive); anything else of the shape
``<i64>_<description>.sql`` is a simple migration ``migrate!`` applies. The
gate took those three names for rollbacks (a DBN033 warning, exit 0: trial
s35 atuin H1) while sqlx created their tables. golang-migrate's and pop's
rules are case-sensitive too, but they ignore such a name (their regexes
do not parse it), so outside a sqlx crate it stays out of the forward replay.

Oracle: sqlx's source (launchbadge/sqlx 9d6bf662, ``migration_type.rs`` and
``source.rs``); SQLite applies the folder as sqlx does (files in version
order, ``.down.sql`` left out) to confirm the table the gate must judge.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, init_repo, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CARGO = (
    '[package]\nname = "kv"\nversion = "0.1.0"\n\n[dependencies]\n'
    'sqlx = { version = "0.8", features = ["sqlite"] }\n'
)
CONFIG = "paths: [migrations]\ndialect: sqlite\n"
INIT_UP = "create table kv (id int);\n"
INIT_DOWN = "drop table kv;\n"
BAD = 'create table "NameTbl" (id int);\n'
NAMES = ["20260901000000_x.DOWN.sql", "20260901000000_x.Down.sql", "20260901000000_x.down.sql.sql"]


def _sqlx_applies(name: str) -> bool:
    """sqlx-core's rule, from its source: ``source.rs`` splits at the first
    ``_``, wants the rest to end in ``.sql`` and the first part to parse as
    i64; ``from_filename`` makes only ``.down.sql`` a rollback."""
    version, _, rest = name.partition("_")
    return (
        bool(rest.endswith(".sql"))
        and version.lstrip("+-").isdigit()
        and not rest.endswith(".down.sql")
    )


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cargo: bool) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    (root / "migrations").mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text(CONFIG)
    if cargo:
        (root / "Cargo.toml").write_text(CARGO)
    (root / "migrations/20250501160746_init.up.sql").write_text(INIT_UP)
    (root / "migrations/20250501160746_init.down.sql").write_text(INIT_DOWN)
    init_repo(root, "base")
    monkeypatch.chdir(root)
    return root


def _gate() -> tuple[int, list[tuple[str, str, int, int]]]:
    done = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD", "--format", "json"])
    assert done.exception is None or isinstance(done.exception, SystemExit), done.output
    report = json.loads(done.stdout)
    found = [
        (d["code"], d["path"], d["line"], d["column"])
        for d in (*report["findings"], *report["diagnostics"])
    ]
    return done.exit_code, found


def _sqlite_tables(folder: Path) -> set[str]:
    """Apply ``folder`` as sqlx does; the tables SQLite then holds."""
    names = sorted(
        (p.name for p in folder.iterdir() if _sqlx_applies(p.name)),
        key=lambda n: int(n.partition("_")[0]),
    )
    db = sqlite3.connect(":memory:")
    for name in names:
        db.executescript((folder / name).read_text())
    return {r[0] for r in db.execute("select name from sqlite_master where type = 'table'")}


@pytest.mark.parametrize("name", NAMES)
def test_sqlx_runs_an_odd_case_down_name_forward(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    root = _repo(tmp_path, monkeypatch, cargo=True)
    (root / "migrations" / name).write_text(BAD)
    assert "NameTbl" in _sqlite_tables(root / "migrations")  # sqlx's rule creates it
    code, found = _gate()
    assert code == 1, found
    assert ("DBN101", f"migrations/{name}", 1, 14) in found
    assert not any(c == "DBN033" for c, *_ in found)


def test_sqlx_exact_down_name_stays_a_rollback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch, cargo=True)
    (root / "migrations/20260901000000_x.up.sql").write_text("create table ok_tbl (id int);\n")
    (root / "migrations/20260901000000_x.down.sql").write_text(BAD)
    assert "NameTbl" not in _sqlite_tables(root / "migrations")
    code, found = _gate()
    assert code == 0, found
    assert not any(c == "DBN101" for c, *_ in found)


@pytest.mark.parametrize("name", NAMES[:2])
def test_outside_sqlx_an_odd_case_down_name_is_not_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """golang-migrate's ``^([0-9]+)_(.*)\\.(down|up)\\.(.*)$`` is case-sensitive:
    it skips ``x.DOWN.sql`` (iofs ``continue``s on a name it cannot parse), so
    the name is never applied forward there."""
    root = _repo(tmp_path, monkeypatch, cargo=False)
    (root / "migrations" / name).write_text(BAD)
    code, found = _gate()
    assert code == 0, found
    assert not any(c == "DBN101" for c, *_ in found)


#: goose (pressly/goose: every ``<version>_x.sql`` of the folder, its ``+goose
#: Up`` section run going up), dbmate (``FindMigrations``: ``^(\d+).*\.sql$``,
#: its ``-- migrate:up`` section) and sql-migrate (every ``.sql`` file, its
#: ``-- +migrate Up`` section): a ``.down.sql`` name is no rollback to them.
SECTIONED = {
    "goose": ("-- +goose Up\n", "-- +goose Down\n"),
    "dbmate": ("-- migrate:up\n", "-- migrate:down\n"),
    "sql-migrate": ("-- +migrate Up\n", "-- +migrate Down\n"),
}


@pytest.mark.parametrize("tool", sorted(SECTIONED))
def test_a_sectioned_down_name_runs_its_up_section(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tool: str
) -> None:
    up, down = SECTIONED[tool]
    root = _repo(tmp_path, monkeypatch, cargo=False)
    for old in (root / "migrations").iterdir():
        old.unlink()
    (root / "migrations/20250501160746_init.sql").write_text(f"{up}{INIT_UP}{down}{INIT_DOWN}")
    commit_all(root, "sectioned")
    (root / "migrations/20260901000000_x.down.sql").write_text(f"{up}{BAD}{down}drop table x;\n")
    code, found = _gate()
    assert code == 1, found
    assert ("DBN101", "migrations/20260901000000_x.down.sql", 2, 14) in found


def test_a_golang_migrate_down_file_stays_a_rollback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``-- +GOOSE UP`` is a comment to goose: no Up section opens."""
    root = _repo(tmp_path, monkeypatch, cargo=False)
    (root / "migrations/20260901000000_x.up.sql").write_text("create table ok_tbl (id int);\n")
    (root / "migrations/20260901000000_x.down.sql").write_text(f"-- +GOOSE UP\n{BAD}")
    code, found = _gate()
    assert code == 0, found
