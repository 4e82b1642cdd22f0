"""Rust string escapes are read as Rust reads them: ``\\x22``, ``\\u{22}``.

``sqlx::query("create table \\x22HexTbl\\x22 (id int)")`` creates ``"HexTbl"``:
in a Rust string literal ``\\xNN`` is the ASCII character NN and ``\\u{...}``
the Unicode scalar value (the Rust reference, "Tokens": ASCII and Unicode
escapes). The gate read the hex digits as SQL (``DBN004 ... expected a
table name but found '22'``: trial s35 atuin G2), refusing a correct
statement with a wrong reason and missing the name's own rule.

Oracle: SQLite runs each statement as Rust's compiler decodes it (the
Python strings below are written from the Rust reference) and holds the
names the gate must judge.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git, init_repo, isolated_git_env, write_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CARGO = '[package]\nname = "c"\nversion = "0.1.0"\n\n[dependencies]\nsqlx = "0.8"\n'
SETUP = "pub async fn setup(pool: &Pool) {\n"
#: (Rust source line, the statement Rust makes of it, the expected finding)
LINES = [
    (
        r'    sqlx::query("create table \x22HexTbl\x22 (id int)").execute(pool).await?;',
        'create table "HexTbl" (id int)',
        ("DBN101", 3, 31),
    ),
    (
        r'    sqlx::query("create table ok_tbls (\u{22}camelCol\u{22} int)").execute(pool).await?;',
        'create table ok_tbls ("camelCol" int)',
        ("DBN201", 4, 40),
    ),
    (
        r'    sqlx::query("create table \"EscTbl\"\n(id int,\tok_col int, x\u{5f}y int)")'
        ".execute(pool).await?;",
        'create table "EscTbl"\n(id int,\tok_col int, x_y int)',
        ("DBN101", 5, 32),
    ),
    (
        r'    sqlx::query("create table \u{00_22}Big\u{22} (id int)").execute(pool).await?;',
        'create table "Big" (id int)',
        ("DBN101", 6, 31),
    ),
]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    write_files(
        root,
        {
            "dbnamelint.yaml": "paths: [crates]\ndialect: sqlite\n",
            "crates/c/Cargo.toml": CARGO,
            "crates/c/migrations/20250501160746_init.sql": "create table kv (id int);\n",
            "crates/c/src/database.rs": f"{SETUP}    let _ = 1;\n}}\n",
        },
    )
    init_repo(root, "base")
    monkeypatch.chdir(root)
    return root


def test_escapes_are_decoded(repo: Path) -> None:
    db = sqlite3.connect(":memory:")
    for _line, statement, _finding in LINES:
        db.execute(statement)
    names = {r[0] for r in db.execute("select name from sqlite_master")}
    assert {"HexTbl", "ok_tbls", "EscTbl", "Big"} <= names
    assert "camelCol" in {r[1] for r in db.execute("pragma table_info(ok_tbls)")}
    body = "".join(f"{line}\n" for line, _s, _f in LINES)
    write_files(repo, {"crates/c/src/database.rs": f"{SETUP}    let _ = 1;\n{body}}}\n"})
    git(repo, "add", "-A")
    done = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD", "--format", "json"])
    report = json.loads(done.stdout)
    found = sorted(
        (d["code"], d["line"], d["column"]) for d in (*report["findings"], *report["diagnostics"])
    )
    expected = sorted((code, line, column) for _l, _s, (code, line, column) in LINES)
    assert found == expected
    assert done.exit_code == 1
