"""A sqlx version written with a sign: ``-1_x.sql`` is version -1, ``+5_x.sql`` 5.

sqlx splits a migration's name at its first ``_`` and parses the first part
as Rust's ``i64`` (``sqlx-core`` ``migrate/source.rs``: ``let version: i64 =
parts[0].parse()?``), then sorts by it (``sort_by_key(|m| m.version)``), and
``Migrator::run`` applies every version ``_sqlx_migrations`` lacks. Rust's
integer parse takes a sign, so ``-1_phone.sql`` is a migration, the first
one on a new database, and applied last on one already migrated. Before, the
gate said nothing of such a file new since the base (no out-of-order note:
its version was not read), and the replay ran it last. The oracle for the
order is that very parse and sort, compiled with ``rustc`` where installed;
what was committed comes from real git.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.frontends.sql.sources import SourceSettings, discover
from git_helpers import commit_all, init_repo, write_files

CRATE = '[package]\nname = "app"\n\n[dependencies]\nsqlx = "0.8"\n'
BASE = {
    "Cargo.toml": CRATE,
    "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
    "migrations/20240101000000_accounts.sql": "CREATE TABLE accounts (id int PRIMARY KEY);\n",
    "migrations/20240301000000_email.sql": "ALTER TABLE accounts ADD COLUMN email text;\n",
}
NEGATIVE = "migrations/-1_phone.sql"
PLUS = "migrations/+20240201000000_fax.sql"

#: sqlx-core's ``MigrationSource for &Path`` name handling, as written there.
SQLX_ORDER = r"""
fn main() {
    let mut versions: Vec<(i64, String)> = Vec::new();
    for file_name in std::env::args().skip(1) {
        let parts = file_name.splitn(2, '_').collect::<Vec<_>>();
        if parts.len() != 2 || !parts[1].ends_with(".sql") {
            continue;
        }
        let version: i64 = parts[0].parse().unwrap();
        versions.push((version, file_name.clone()));
    }
    versions.sort_by_key(|m| m.0);
    for (_, name) in versions {
        println!("{}", name);
    }
}
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new: str, sql: str) -> None:
    monkeypatch.chdir(tmp_path)
    write_files(tmp_path, BASE)
    init_repo(tmp_path, "init")
    write_files(tmp_path, {new: sql})
    commit_all(tmp_path, "late")


def _check() -> str:
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD~1", "--verbose", "--no-cache"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


def test_a_negative_version_new_since_the_base_is_out_of_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch, NEGATIVE, "ALTER TABLE accounts ADD COLUMN phone text;\n")
    out = _check()
    # a new database runs it first, before the table it alters exists: an
    # error since s41 (a late migration touching a name only a later one makes)
    assert (
        f"{NEGATIVE}:1:1: DBN016 error: migration version -1 is new since HEAD~1 but sorts "
        "before 20240301000000 (migrations/20240301000000_email.sql), already committed: "
        "sqlx migrate run applies it after 20240301000000 on a database already migrated past "
        "it, before it on a new one (it applies every version _sqlx_migrations lacks) ('-1' "
        "is the integer -1 to sqlx: Rust's i64 parse takes a sign); on a new database it runs "
        "before migrations/20240101000000_accounts.sql (committed, later), the migration that "
        "makes 'accounts', which it touches"
    ) in out, out
    assert f"{NEGATIVE}:1:33: DBN011 info: table 'accounts' is not created yet" in out, out


def test_a_version_with_a_plus_sign_is_its_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch, PLUS, "CREATE TABLE invoices (id int PRIMARY KEY);\n")
    out = _check()
    assert (
        f"{PLUS}:1:1: DBN016 info: migration version +20240201000000 is new since HEAD~1 but "
        "sorts before 20240301000000"
    ) in out, out
    assert "'+20240201000000' is the integer 20240201000000 to sqlx" in out


def test_the_replay_runs_the_folder_in_sqlx_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_files(tmp_path, {**BASE, NEGATIVE: "SELECT 1;\n", PLUS: "SELECT 1;\n"})
    found, _ = discover(["migrations"], SourceSettings(root=tmp_path))
    ours = [Path(f.path).name for f in found]
    rustc = shutil.which("rustc")
    if rustc is None:
        pytest.skip("rustc is not installed: sqlx's parse and sort cannot be run")
    (tmp_path / "order.rs").write_text(SQLX_ORDER, encoding="utf-8")
    subprocess.run(
        [rustc, "-O", "-o", str(tmp_path / "order"), str(tmp_path / "order.rs")],
        check=True,
        capture_output=True,
    )
    names = sorted(p.name for p in (tmp_path / "migrations").iterdir())
    done = subprocess.run(
        [str(tmp_path / "order"), *names], check=True, capture_output=True, text=True
    )
    assert ours == done.stdout.split()
    assert ours[0] == "-1_phone.sql"


def test_a_signed_version_equal_to_anothers_is_a_duplicate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``+20240101000000`` is ``20240101000000``: ``_sqlx_migrations``' key twice."""
    monkeypatch.chdir(tmp_path)
    write_files(
        tmp_path, {**BASE, "migrations/+20240101000000_users.sql": "CREATE TABLE users (id int);\n"}
    )
    result = CliRunner().invoke(cli, ["check", "--no-cache"])
    assert result.exit_code == 1, result.output
    assert (
        "DBN016 error: migration version 20240101000000 is also migrations/+20240101000000_"
        "users.sql's: sqlx migrate stops at the second one"
    ) in result.output, result.output
