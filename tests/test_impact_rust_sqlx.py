"""``impact`` on Rust code that reads a renamed column without a statement in sight.

Trial s19 (atuin, ``migrate --rename-column history.hostname=host_name``): the
column rename has no compatibility bridge, and these were plain text:
sqlx's ``row.try_get("hostname")`` (``sqlx::Row`` reads a column by name),
``#[derive(sqlx::FromRow)]`` fields (read from the column of the field's
name unless ``#[sqlx(rename = "...")]``), SQL expressions kept in strings
(``"CASE WHEN instr(hostname, ':') ..."``, ``format!("(lower(hostname) = {eq})")``)
and sql_builder's strings (``.field("group_concat(hostname, ',') as hostname")``,
``.group_by(...)``). Oracle: SQLite runs the patched SQL pieces on the
renamed table and refuses the originals (``no such column: hostname``);
``rustfmt`` parses the patched Rust.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from impact_json import impact_items, impact_json

DB = """\
use sqlx::{Row, sqlite::SqliteRow};
use sql_builder::SqlBuilder;

fn read(row: &SqliteRow) -> sqlx::Result<String> {
    let a: String = row.try_get("hostname")?;
    let b: String = row.get("hostname");
    let c = row.try_get::<String, _>("hostname")?;
    Ok(format!("{a}{b}{c}"))
}

fn filters(eq: &str) -> (String, &'static str) {
    let user = "CASE WHEN instr(hostname, ':') > 0 THEN cwd ELSE hostname END";
    (format!("(lower(hostname) = {eq})"), user)
}

fn list() -> String {
    let mut query = SqlBuilder::select_from("history");
    query.field("group_concat(hostname, ',') as hostname");
    query.group_by("cwd, hostname");
    query.sql().unwrap()
}

fn not_columns(map: &std::collections::HashMap<&str, String>) -> Option<&String> {
    println!("the hostname is unknown");
    map.get("hostname")
}
"""

MODEL = """\
#[derive(Debug, sqlx::FromRow)]
pub struct HistoryRow {
    pub id: i64,
    pub hostname: String,
}

#[derive(sqlx::FromRow)]
pub struct Renamed {
    #[sqlx(rename = "hostname")]
    pub host: String,
}

pub struct NotARow {
    pub hostname: String,
}
"""

INIT = "create table history (id integer primary key, hostname text, cwd text);\n"
RENAME = 'ALTER TABLE "history" RENAME COLUMN "hostname" TO "host_name";\n'


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str = "") -> Path:
    return committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": "paths: [migrations]\ndialect: sqlite\n",
            "migrations/20240101000000_init.sql": INIT + extra,
            "migrations/20240201000000_rename.sql": RENAME,
            "src/db.rs": DB,
            "src/model.rs": MODEL,
        },
        monkeypatch,
    )


def _refs() -> list[tuple[str, int, int, str, str]]:
    data = impact_json("--min-confidence", "plain")
    return sorted(
        (i["path"], i["line"], i["column"], i["confidence"], i["context"])
        for obj, i in impact_items(data)
        if i["path"].endswith(".rs")
    )


ROW = "Rust row column by name (sqlx Row::try_get/get)"
UNSEEN = "SQL (table filled in at run time; every table's column renamed alike)"


def test_rust_reads_of_the_column_are_high(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _repo(tmp_path, monkeypatch)
    assert _refs() == [
        ("src/db.rs", 5, 34, "high", ROW),  # row.try_get("hostname")
        ("src/db.rs", 6, 30, "high", ROW),  # row.get("hostname")
        ("src/db.rs", 7, 39, "high", ROW),  # row.try_get::<String, _>("hostname")
        ("src/db.rs", 12, 33, "high", UNSEEN),  # CASE WHEN instr(hostname, ...
        ("src/db.rs", 12, 66, "high", UNSEEN),
        ("src/db.rs", 13, 22, "high", UNSEEN),  # format!("(lower(hostname) = {eq})")
        ("src/db.rs", 18, 31, "high", UNSEEN),  # .field("group_concat(hostname, ',') ...
        # ... as hostname: the name the row reads take, renamed with them.
        ("src/db.rs", 18, 49, "high", "SQL (result alias named as its column, read by name)"),
        ("src/db.rs", 19, 26, "high", UNSEEN),  # .group_by("cwd, hostname")
        ("src/db.rs", 24, 19, "plain", "text"),  # println!'s English
        ("src/db.rs", 25, 14, "plain", "text"),  # a map's key, no row
        ("src/model.rs", 4, 9, "high", "sqlx FromRow field"),
        ("src/model.rs", 9, 22, "high", "sqlx rename"),
        ("src/model.rs", 14, 9, "plain", "text"),  # no FromRow: a Rust field
    ]


def test_a_name_other_tables_have_too_stays_plain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # machines.hostname keeps its name: a row read or fragment may mean either table.
    _repo(tmp_path, monkeypatch, "create table machines (hostname text);\n")
    refs = _refs()
    assert ("src/db.rs", 5, 34, "plain", ROW + " (column of other tables too)") in refs
    assert (
        "src/model.rs",
        4,
        9,
        "plain",
        "sqlx FromRow field (column of other tables too)",
    ) in refs
    assert ("src/db.rs", 13, 22, "plain", "text") in refs
    assert not [r for r in refs if r[3] == "high" and r[4] != "sqlx rename"]


def _sql_pieces(text: str) -> list[str]:
    """The SQL expressions of db.rs (the CASE, the lower() condition, the field)."""
    case = re.search(r'let user = "([^"]*)"', text)
    cond = re.search(r'format!\("\((lower\(\w+\)) = \{eq\}\)"\)', text)
    field = re.search(r'query\.field\("([^"]*)"\)', text)
    group = re.search(r'query\.group_by\("([^"]*)"\)', text)
    assert case and cond and field and group
    return [
        f"SELECT {case[1]} FROM history",
        f"SELECT 1 FROM history WHERE {cond[1]} = 'x'",
        f"SELECT {field[1]} FROM history GROUP BY {group[1]}",
    ]


def test_the_diff_applies_and_reads_the_renamed_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    done = CliRunner().invoke(cli, ["impact", "--diff"])
    assert done.exit_code == 0, done.stderr
    (root / "fix.diff").write_text(done.stdout)
    git(root, "apply", "fix.diff")
    db = (root / "src/db.rs").read_text()
    model = (root / "src/model.rs").read_text()
    assert db.count('try_get("host_name")') == 1
    assert 'row.get("host_name")' in db
    assert 'try_get::<String, _>("host_name")' in db
    assert "group_concat(host_name, ',') as host_name" in db
    assert 'map.get("hostname")' in db and "the hostname is unknown" in db
    # The field keeps its Rust name; sqlx reads it from the renamed column.
    assert '    #[sqlx(rename = "host_name")]\n    pub hostname: String,' in model
    assert '#[sqlx(rename = "host_name")]\n    pub host: String,' in model
    assert "pub struct NotARow {\n    pub hostname: String," in model
    # SQLite: the schema after both migrations runs the patched pieces, not the old ones.
    con = sqlite3.connect(":memory:")
    con.executescript(INIT + RENAME)
    con.execute("INSERT INTO history (host_name, cwd) VALUES ('h:u', '/')")
    for query in _sql_pieces(db):
        con.execute(query).fetchall()
    for query in _sql_pieces(DB):
        with pytest.raises(sqlite3.OperationalError, match="no such column: hostname"):
            con.execute(query)
    rustfmt = shutil.which("rustfmt")
    if rustfmt is not None:
        for path in (root / "src/db.rs", root / "src/model.rs"):
            parsed = subprocess.run(
                [rustfmt, "--edition", "2021", "--emit", "stdout", str(path)],
                capture_output=True,
                text=True,
                check=False,
            )
            assert parsed.returncode == 0, parsed.stderr


# atuin's nushell importer: nushell's own SQLite file has a table history too.
IMPORTER = """\
use sqlx::sqlite::SqlitePool;

#[derive(sqlx::FromRow, Debug)]
pub struct HistDbEntry {
    pub id: i64,
    pub command_line: Vec<u8>,
    pub start_timestamp: i64,
    pub hostname: Vec<u8>,
    pub cwd: Vec<u8>,
}

async fn entries(pool: SqlitePool) -> sqlx::Result<Vec<HistDbEntry>> {
    let query = r"
        SELECT id, command_line, start_timestamp, hostname, cwd
        FROM history
        ORDER BY start_timestamp
    ";
    sqlx::query_as::<_, HistDbEntry>(query).fetch_all(&pool).await
}

async fn ours(pool: SqlitePool) -> sqlx::Result<()> {
    sqlx::query("SELECT id, hostname, cwd FROM history").execute(&pool).await?;
    Ok(())
}

async fn also_ours(p: SqlitePool) -> sqlx::Result<()> {
    sqlx::query("SELECT rowid, NULL, CURRENT_TIMESTAMP, hostname FROM history").execute(&p).await?;
    Ok(())
}
"""


OPEN = """
async fn open(path: &str) -> sqlx::Result<SqlitePool> {
    SqlitePool::connect(path).await
}
"""


def test_a_statement_naming_columns_the_table_never_had_is_another_databases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    # Without a connection of its own, the file may read our database (a schema
    # the files list only in part): the statement is read as before.
    (root / "src/import.rs").write_text(IMPORTER)
    git(root, "add", "src/import.rs")
    git(root, "commit", "-qm", "importer")
    refs = [r for r in _refs() if r[0] == "src/import.rs"]
    assert [r[3] for r in refs] == ["high"] * 4
    # nushell's own SQLite file, opened here.
    (root / "src/import.rs").write_text(IMPORTER + OPEN)
    git(root, "commit", "-qam", "open")
    other = (
        "SQL of another database? (names columns history never had: command_line, start_timestamp)"
    )
    refs = [r for r in _refs() if r[0] == "src/import.rs"]
    assert refs == [
        ("src/import.rs", 8, 9, "plain", other),  # the struct maps that query's rows
        ("src/import.rs", 14, 51, "plain", other),
        ("src/import.rs", 22, 29, "high", "SQL"),  # ours: every column is history's
        ("src/import.rs", 27, 57, "high", "SQL"),  # SQL's words and rowid are no columns
    ]
    done = CliRunner().invoke(cli, ["impact", "--diff"])
    assert done.exit_code == 0, done.stderr
    (root / "fix.diff").write_text(done.stdout)
    git(root, "apply", "fix.diff")
    text = (root / "src/import.rs").read_text()
    assert "start_timestamp, hostname, cwd" in text and "pub hostname: Vec<u8>" in text
    assert '"SELECT id, host_name, cwd FROM history"' in text
    assert "CURRENT_TIMESTAMP, host_name FROM" in text
    assert "#[sqlx(rename" not in text
