"""The gate reads a Rust ``format!`` of the file's string constants filled in (session 42).

rust-lang/crates.io's ``crates_io_test_db`` runs
``sql_query(format!("CREATE SCHEMA IF NOT EXISTS \\"{TEMPLATE_SCHEMA}\\""))``
beside ``const TEMPLATE_SCHEMA: &str = "test_template";``. A change adding
a statement of that shape was refused as DDL completed when the code runs
(``DBN013``) whatever the constant held, and ``format!("ALTER TABLE {} ADD
COLUMN \\"isHot\\" ...", "crates")`` was judged on a table named ``{}``.
A field that is a constant of the file or a literal argument is now put in
(:mod:`dbnamelint.rust_format_ddl`); any other stays a hole.

Oracle: rustc compiles the same file's constants and calls and prints
what each ``format!`` makes; the names the gate judges are those.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo

CONSTANTS = """\
const SCRATCH_SCHEMA: &str = "scratch";
pub(crate) const AUDIT: &'static str = "AuditSchema";
static RAW: &str = r#"RawLogs"#;
"""
#: Each call's format! expression, as the app would pass it to sql_query.
CALLS = (
    r'format!("CREATE SCHEMA IF NOT EXISTS \"{SCRATCH_SCHEMA}\"")',
    r'format!("CREATE SCHEMA \"{AUDIT}\"")',
    r'format!("CREATE TABLE \"{}\" (id int)", RAW)',
    r'format!("CREATE TABLE {} (id int)", "BadTbl")',
    r'format!("ALTER TABLE {0} ADD COLUMN \"{col}\" int", "crates", col = "isHot")',
    r'format!("CREATE INDEX {{x}}_idx ON crates (id)")',
)
#: What the gate says of each (rule, name), in order.
JUDGED = [
    ("DBN505", "AuditSchema"),
    ("DBN101", "RawLogs"),
    ("DBN101", "BadTbl"),
    ("DBN201", "isHot"),
]

pytestmark = pytest.mark.skipif(shutil.which("rustc") is None, reason="rustc is not installed")


def _printed(tmp_path: Path) -> list[str]:
    """What each call makes, as rustc's program prints it."""
    body = "".join(f'    println!("{{}}", {call});\n' for call in CALLS)
    source = tmp_path / "oracle.rs"
    source.write_text(f"#![allow(dead_code)]\n{CONSTANTS}fn main() {{\n{body}}}\n")
    binary = tmp_path / "oracle"
    subprocess.run(
        ["rustc", "--edition", "2021", "-o", str(binary), str(source)],
        check=True,
        capture_output=True,
    )
    return subprocess.run(
        [str(binary)], check=True, capture_output=True, text=True
    ).stdout.splitlines()


def test_format_of_constants_is_judged_as_rust_fills_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _printed(tmp_path)
    assert made == [
        'CREATE SCHEMA IF NOT EXISTS "scratch"',
        'CREATE SCHEMA "AuditSchema"',
        'CREATE TABLE "RawLogs" (id int)',
        "CREATE TABLE BadTbl (id int)",
        'ALTER TABLE crates ADD COLUMN "isHot" int',
        "CREATE INDEX {x}_idx ON crates (id)",
    ]
    root = tmp_path / "app"
    files = {
        "dbnamelint.yaml": "dialect: postgres\npaths: [migrations]\n",
        "migrations/2024-01-01-000000_init/up.sql": "CREATE TABLE crates (id int);\n",
        "src/db.rs": "pub fn ok() {}\n",
    }
    committed_repo(root, files, monkeypatch)
    calls = "".join(f"    sql_query({call}).execute(conn)?;\n" for call in CALLS[:5])
    # a parameter, a call, a Debug field: built when the code runs, holes still
    calls += (
        '    sql_query(format!("CREATE SCHEMA \\"{name}\\"")).execute(conn)?;\n'
        '    sql_query(format!("CREATE TABLE {} (id int)", table())).execute(conn)?;\n'
        '    sql_query(format!("CREATE TABLE {AUDIT:?} (id int)")).execute(conn)?;\n'
    )
    head = "pub fn setup(conn: &mut PgConnection, name: &str) -> QueryResult<()> {"
    (root / "src/db.rs").write_text(f"{CONSTANTS}\n{head}\n{calls}    Ok(())\n}}\n")
    commit_all(root, "setup")
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--base", "HEAD~1", "--format", "json"]
    )
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    judged = [(f["code"], f["name"]) for f in report["findings"] if f["fails_run"]]
    assert judged == JUDGED, judged
    # before, each of the five was a DBN013 error too; now only the three holes
    unread = [d["line"] for d in report["diagnostics"] if d["code"] == "DBN013"]
    assert unread == [11, 12, 13], report["diagnostics"]
