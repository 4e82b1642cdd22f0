"""DDL in a file the program embeds (Rust ``include_str!``, Go ``//go:embed``) is refused.

A walk takes SQL files by name, so atuin-like code running
``sqlx::raw_sql(include_str!("sql/extra_schema.txt"))`` made a table the
gate never read: "All checks passed" (trial s35 atuin H2). A file the
change gives new DDL that code embeds is now the gate's ``DBN032`` error
(as a psql ``\\i`` include's), and naming it in ``paths`` reads it as SQL.
A file no code embeds stays unread and silent (a ``.txt`` note is no SQL).

Oracle: SQLite runs the embedded file's text (``executescript``, as
``raw_sql`` does) and holds the table the gate must not let pass.
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
BASE = {
    "dbnamelint.yaml": "paths: [crates, svc]\ndialect: sqlite\n",
    "crates/c/Cargo.toml": CARGO,
    "crates/c/migrations/20250501160746_init.sql": "create table kv (id int);\n",
    "crates/c/src/database.rs": 'fn setup() {\n    sqlx::migrate!("./migrations");\n}\n',
    "svc/go.mod": "module example.com/svc\n\ngo 1.22\n",
    "svc/db/db.go": 'package db\n\nvar schema = ""\n',
}
DDL = 'CREATE TABLE "IncTbl" (id int);\n'
#: name -> (files the change writes, the embedded file, the embedding site)
CASES = {
    "include_str": (
        {
            "crates/c/src/database.rs": 'fn setup() {\n    sqlx::migrate!("./migrations");\n'
            '    sqlx::raw_sql(include_str!("sql/extra_schema.txt"));\n}\n',
        },
        "crates/c/src/sql/extra_schema.txt",
        "crates/c/src/database.rs:3 (include_str!)",
    ),
    "raw-string": (
        {"crates/c/src/extra.rs": 'const X: &str = include_str!(r"../schema.ddl.txt");\n'},
        "crates/c/schema.ddl.txt",
        "crates/c/src/extra.rs:1 (include_str!)",
    ),
    "manifest-dir": (
        {
            "crates/c/src/extra.rs": "const X: &[u8] = include_bytes!(concat!("
            'env!("CARGO_MANIFEST_DIR"), "/data/init.txt"));\n'
        },
        "crates/c/data/init.txt",
        "crates/c/src/extra.rs:1 (include_str!)",
    ),
    "go-embed": (
        {
            "svc/db/db.go": 'package db\n\nimport _ "embed"\n\n'
            "//go:embed schema/*.txt\nvar schema string\n"
        },
        "svc/db/schema/init.txt",
        "svc/db/db.go:5 (//go:embed)",
    ),
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    write_files(root, BASE)
    init_repo(root, "base")
    monkeypatch.chdir(root)
    return root


def _gate() -> tuple[int, list[dict[str, object]]]:
    done = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD", "--format", "json"])
    assert done.exception is None or isinstance(done.exception, SystemExit), done.output
    report = json.loads(done.stdout)
    return done.exit_code, [*report["findings"], *report["diagnostics"]]


@pytest.mark.parametrize("case", sorted(CASES))
def test_new_ddl_in_an_embedded_file_is_refused(repo: Path, case: str) -> None:
    files, embedded, site = CASES[case]
    write_files(repo, {**files, embedded: DDL})
    git(repo, "add", "-A")
    db = sqlite3.connect(":memory:")
    db.executescript((repo / embedded).read_text())  # what the program runs
    assert db.execute("select name from sqlite_master").fetchall() == [("IncTbl",)]
    code, found = _gate()
    assert code == 1, found
    errors = [d for d in found if d["code"] == "DBN032"]
    assert [(d["path"], d["line"]) for d in errors] == [(embedded, 1)]
    assert site in str(errors[0]["message"])


def test_named_in_paths_it_is_read_as_sql(repo: Path) -> None:
    files, embedded, _site = CASES["include_str"]
    write_files(repo, {**files, embedded: DDL})
    write_files(repo, {"dbnamelint.yaml": f"paths: [crates, svc, {embedded}]\ndialect: sqlite\n"})
    git(repo, "add", "-A")
    code, found = _gate()
    assert code == 1, found
    assert [(d["code"], d["path"], d["line"], d["column"]) for d in found] == [
        ("DBN101", embedded, 1, 14)
    ]


def test_a_file_no_code_embeds_stays_unread(repo: Path) -> None:
    write_files(repo, {"crates/c/notes/schema.txt": DDL})
    git(repo, "add", "-A")
    code, found = _gate()
    assert code == 0, found


@pytest.mark.parametrize("name", ["Dockerfile", "docker/db.Dockerfile", "Containerfile"])
def test_ddl_a_dockerfile_run_line_writes_is_judged(repo: Path, name: str) -> None:
    """A Dockerfile's ``RUN`` line is shell, read as a shell script's strings
    are (``psql -c '...'`` was caught, ``RUN echo '...' > initdb.d/01.sql`` was
    not: trial s35 atuin H3); a ``#`` comment line is no statement."""
    write_files(
        repo,
        {
            name: 'FROM postgres:14\n# CREATE TABLE "Commented" (id int);\n'
            "RUN echo 'CREATE TABLE \"DockTbl\" (id int);' > /docker-entrypoint-initdb.d/01.sql\n"
        },
    )
    git(repo, "add", "-A")
    code, found = _gate()
    assert code == 1, found
    assert [(d["code"], d["name"], d["path"], d["line"], d["column"]) for d in found] == [
        ("DBN101", "DockTbl", name, 3, 24)
    ]
