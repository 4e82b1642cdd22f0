"""SQLite virtual tables (fts5, fts4, fts3, rtree, fts5vocab, an unknown module).

The oracle is sqlite3 itself: ``sqlite_master`` for what is stored,
``pragma_table_list`` for which tables are a module's shadow tables, and
``pragma_table_xinfo`` (``hidden = 0``) for the columns each module makes of
its arguments. ``inspect --db`` of a database built from the DDL and
``inspect`` of the DDL file must both say exactly that (trial s19: navidrome's
``media_fts USING fts5(title, artist, content='media', tokenize='unicode61')``
had no columns on either side). ``migrate`` renaming a virtual table is
applied with sqlite3; renaming one of its columns, which SQLite refuses, is
left out of the plan and listed as not renamed (the phase's other renames
are written), and ``whitelist init`` writes no target for one.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from dbnamelint.frontends.live import sqlite as live_sqlite
from dbnamelint.frontends.live.url import parse_url

MODULES = {
    "fts5": (
        "CREATE TABLE media (id INTEGER PRIMARY KEY, title TEXT, artist TEXT);\n"
        "CREATE VIRTUAL TABLE media_fts USING fts5(title, artist, content='media', "
        "tokenize='unicode61');\n"
        'CREATE VIRTUAL TABLE opts_fts USING fts5("Title X", [b], `c` UNINDEXED, '
        "prefix='2 3', content='', columnsize=0, detail=none, tokenize = 'porter ascii');\n"
        "CREATE VIRTUAL TABLE IF NOT EXISTS 'plain_fts' USING fts5(body);\n"
    ),
    "fts4": (
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, head, body);\n"
        "CREATE VIRTUAL TABLE docs_fts4 USING fts4(body, note, notindexed=note, "
        "tokenize=porter, prefix='2,3', order=DESC, languageid=\"lid\");\n"
        "CREATE VIRTUAL TABLE ext_fts4 USING fts4(content=notes, tokenize=porter);\n"
        "CREATE VIRTUAL TABLE bare_fts4 USING fts4(tokenize porter);\n"
        "CREATE VIRTUAL TABLE small_fts4 USING fts4(a, matchinfo=fts3);\n"
    ),
    "fts3": (
        'CREATE VIRTUAL TABLE docs_fts3 USING fts3(subject TEXT NOT NULL, "Body Text", '
        "notindexed=x, tokenize=simple);\n"
        "CREATE VIRTUAL TABLE empty_fts3 USING fts3;\n"
    ),
    "rtree": (
        "CREATE VIRTUAL TABLE geo_box USING rtree(id, min_x, max_x, min_y, max_y);\n"
        'CREATE VIRTUAL TABLE geo_aux USING rtree_i32("Id", x0, x1, +label TEXT, +extra);\n'
    ),
    "fts5vocab": (
        "CREATE VIRTUAL TABLE words USING fts5(body);\n"
        "CREATE VIRTUAL TABLE words_row USING fts5vocab(words, row);\n"
        "CREATE VIRTUAL TABLE words_col USING fts5vocab(words, col);\n"
        "CREATE VIRTUAL TABLE words_inst USING fts5vocab('words', 'instance');\n"
    ),
}


def run(args: Sequence[str]) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _objects(result: Result) -> list[tuple[str, str]]:
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return [(o["kind"], o["qualified_name"]) for o in data["objects"]]


def _oracle(db: Path) -> list[tuple[str, str]]:
    """Tables (shadow tables left out) and their visible columns, as sqlite3 says."""
    with sqlite3.connect(db) as conn:
        shadows = {
            r[0] for r in conn.execute("SELECT name FROM pragma_table_list WHERE type = 'shadow'")
        }
        out: list[tuple[str, str]] = []
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid"
        ):
            if name in shadows:
                continue
            out.append(("table", name))
            for (column,) in conn.execute(
                "SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0 ORDER BY cid", (name,)
            ):
                out.append(("column", f"{name}.{column}"))
    conn.close()
    return out


def _build(tmp_path: Path, ddl: str) -> tuple[Path, Path]:
    sql = tmp_path / "schema.sql"
    sql.write_text(ddl, encoding="utf-8")
    db = tmp_path / "app.db"
    with sqlite3.connect(db) as conn:
        conn.executescript(ddl)
    conn.close()
    return sql, db


@pytest.mark.parametrize("module", sorted(MODULES))
def test_file_and_live_readers_say_what_sqlite_says(tmp_path: Path, module: str) -> None:
    sql, db = _build(tmp_path, MODULES[module])
    truth = _oracle(db)
    live = _objects(run(["inspect", "--db", f"sqlite:///{db}", "--format", "json"]))
    files = _objects(run(["inspect", "--dialect", "sqlite", str(sql), "--format", "json"]))
    assert sorted(live) == sorted(truth)
    assert sorted(files) == sorted(truth)
    assert any(kind == "column" for kind, _ in truth)


def test_the_navidrome_table_has_its_two_columns(tmp_path: Path) -> None:
    sql, db = _build(tmp_path, MODULES["fts5"])
    for args in (["--db", f"sqlite:///{db}"], ["--dialect", "sqlite", str(sql)]):
        objects = _objects(run(["inspect", *args, "--format", "json"]))
        columns = [n for k, n in objects if k == "column" and n.startswith("media_fts.")]
        assert columns == ["media_fts.title", "media_fts.artist"]


def test_a_schema_dump_with_shadow_tables_reads_as_the_database(tmp_path: Path) -> None:
    """What ``sqlite3 .schema`` prints holds the shadow tables too (``CREATE TABLE
    'media_fts_data'(...)``, and after a rename ``"x_data"``): they are the
    module's, left out as ``pragma_table_list`` says, on both sides."""
    ddl = "".join(MODULES[m] for m in ("fts5", "fts4", "fts3", "rtree"))
    _, db = _build(tmp_path, ddl)
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE geo_box RENAME TO geo_boxes")
        stored = [r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")]
    conn.close()
    assert "CREATE TABLE 'media_fts_data'(id INTEGER PRIMARY KEY, block BLOB)" in stored
    dump = tmp_path / "dump.sql"
    dump.write_text("".join(s + ";\n" for s in stored), encoding="utf-8")
    truth = _oracle(db)
    files = run(["inspect", "--dialect", "sqlite", str(dump), "--format", "json"])
    assert json.loads(files.stdout)["diagnostics"] == []
    assert sorted(_objects(files)) == sorted(truth)
    live = _objects(run(["inspect", "--db", f"sqlite:///{db}", "--format", "json"]))
    assert sorted(live) == sorted(truth)


def test_shadow_tables_are_left_out_without_pragma_table_list(tmp_path: Path) -> None:
    """SQLite before 3.37 has no ``pragma_table_list``: the SQL front end knows
    each module's shadow tables (and which options leave some out)."""
    _, db = _build(tmp_path, "".join(MODULES[m] for m in ("fts5", "fts4", "fts3", "rtree")))

    class NoTableList:
        def __init__(self, real: sqlite3.Connection) -> None:
            self.real = real

        def execute(self, query: str) -> sqlite3.Cursor:
            if "pragma_table_list" in query:
                raise sqlite3.OperationalError("no such table: pragma_table_list")
            return self.real.execute(query)

    url = parse_url(f"sqlite:///{db}")
    with sqlite3.connect(db) as conn:
        events, _ = live_sqlite.read_sqlite(NoTableList(conn), url)  # type: ignore[arg-type]
    conn.close()
    tables = {e.name for e in events if e.kind.value == "table"}
    assert tables == {n for k, n in _oracle(db) if k == "table"}


def test_an_unknown_module_is_a_located_warning_and_no_guess(tmp_path: Path) -> None:
    """sqlite3 cannot say the columns of a module it has not loaded ("no such
    module"): neither reader guesses them; the file reader says so (DBN005)."""
    ddl = "CREATE TABLE t (a);\nCREATE VIRTUAL TABLE vv USING vec0(embedding float[4], k);\n"
    sql = tmp_path / "schema.sql"
    sql.write_text(ddl, encoding="utf-8")
    db = tmp_path / "app.db"
    with sqlite3.connect(db) as conn:
        with pytest.raises(sqlite3.OperationalError, match="no such module: vec0"):
            conn.execute("CREATE VIRTUAL TABLE vv USING vec0(embedding float[4], k)")
        conn.execute("CREATE TABLE t (a)")
        conn.execute("PRAGMA writable_schema = ON")  # as a database made where vec0 is loaded
        conn.execute(
            "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES "
            "('table', 'vv', 'vv', 0, 'CREATE VIRTUAL TABLE vv USING vec0(embedding float[4], k)')"
        )
    conn.close()
    with (
        sqlite3.connect(db) as conn,
        pytest.raises(sqlite3.OperationalError, match="no such module: vec0"),
    ):
        conn.execute("SELECT * FROM pragma_table_xinfo('vv')").fetchall()
    conn.close()
    expected = [("table", "t"), ("column", "t.a"), ("table", "vv")]
    live = run(["inspect", "--db", f"sqlite:///{db}", "--format", "json"])
    assert _objects(live) == expected
    (said,) = json.loads(live.stdout)["diagnostics"]
    assert (said["code"], said["severity"], said["line"], said["column"]) == (
        "DBN005",
        "warning",
        1,
        31,
    )
    assert said["path"].endswith("#vv")
    result = run(["inspect", "--dialect", "sqlite", str(sql), "--format", "json"])
    assert _objects(result) == expected
    (diagnostic,) = json.loads(result.stdout)["diagnostics"]
    assert (diagnostic["code"], diagnostic["severity"]) == ("DBN005", "warning")
    assert (diagnostic["line"], diagnostic["column"]) == (2, 31)
    assert "module 'vec0' is not one dbnamelint knows" in diagnostic["message"]


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    (root / "db").mkdir(parents=True)
    (root / "db" / "001_init.sql").write_text(MODULES["fts5"] + MODULES["rtree"], encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths:\n  - db\ndialect: sqlite\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return root


@pytest.mark.parametrize(
    ("rename", "table"), [("media_fts.title=name", "media_fts"), ("geo_box.min_x=x0", "geo_box")]
)
def test_migrate_refuses_a_virtual_table_column_sqlite_cannot_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rename: str, table: str
) -> None:
    root = _project(tmp_path)
    with sqlite3.connect(":memory:") as conn:
        conn.executescript(MODULES["fts5"] + MODULES["rtree"])
        old, new = rename.split("=")
        with pytest.raises(sqlite3.OperationalError, match="cannot rename columns of virtual"):
            conn.execute(f'ALTER TABLE "{table}" RENAME COLUMN "{old.split(".")[1]}" TO "{new}"')
    conn.close()
    monkeypatch.chdir(root)
    result = run(["migrate", "--dialect", "sqlite", "--rename-column", rename, "db"])
    assert result.exit_code == 2, result.output
    # the only rename asked: nothing left to rename, and why
    assert "nothing to rename" in result.output
    assert f"SQLite cannot rename column {old}" in result.output
    assert f"'{table}' is a virtual table" in result.output
    assert "db/001_init.sql:" in result.output
    assert "RENAME COLUMN" not in result.output


def test_migrate_renames_a_virtual_table_and_sqlite_takes_its_shadows_along(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path)
    monkeypatch.chdir(root)
    result = run(
        ["migrate", "--dialect", "sqlite", "--rename", "media_fts=search_media", "db", "--write"]
    )
    assert result.exit_code == 0, result.output
    forward = next((root / "db").glob("002_*.sql")).read_text(encoding="utf-8")
    rollback = next((root / "rollbacks").glob("002_*.sql")).read_text(encoding="utf-8")
    db = tmp_path / "app.db"
    with sqlite3.connect(db) as conn:
        conn.executescript(MODULES["fts5"] + MODULES["rtree"])
        conn.executescript(forward)
    conn.close()
    truth = _oracle(db)
    assert ("column", "search_media.title") in truth
    with sqlite3.connect(db) as conn:
        shadows = {
            r[0] for r in conn.execute("SELECT name FROM pragma_table_list WHERE type = 'shadow'")
        }
    conn.close()
    assert {"search_media_data", "search_media_idx", "search_media_config"} <= shadows
    assert not any(s.startswith("media_fts_") for s in shadows)
    # The database after the forward script is what the files say now.
    drift = run(["drift", "--db", f"sqlite:///{db}", "--dialect", "sqlite", "db"])
    assert drift.exit_code == 0, drift.output
    with sqlite3.connect(db) as conn:
        conn.executescript(rollback)
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert {"media_fts", "media_fts_data"} <= names and "search_media" not in names


def test_drift_sees_a_virtual_table_column_the_database_lacks(tmp_path: Path) -> None:
    """Before, neither side had the columns: the two tables never differed."""
    sql = tmp_path / "schema.sql"
    sql.write_text(
        "CREATE VIRTUAL TABLE media_fts USING fts5(title, performer, content='media');\n",
        encoding="utf-8",
    )
    db = tmp_path / "app.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE VIRTUAL TABLE media_fts USING fts5(title, artist, content='media')")
    conn.close()
    result = run(
        ["drift", "--db", f"sqlite:///{db}", "--dialect", "sqlite", str(sql), "--format", "json"]
    )
    assert result.exit_code == 1, result.output
    found = {
        (d["drift"], d.get("files_name"), d.get("database_name"))
        for d in json.loads(result.stdout)["drift"]
    }
    assert found == {
        ("only_in_files", "media_fts.performer", None),
        ("only_in_database", None, "media_fts.artist"),
    }


def test_postgres_using_an_access_method_is_no_virtual_table(tmp_path: Path) -> None:
    """PostgreSQL ``CREATE TABLE t USING heap AS SELECT ...``: USING after the
    name is a module only after CREATE VIRTUAL TABLE."""
    sql = tmp_path / "schema.sql"
    sql.write_text("CREATE TABLE t2 USING heap AS SELECT 1 AS a;\n", encoding="utf-8")
    result = run(["inspect", "--dialect", "postgres", str(sql), "--format", "json"])
    assert _objects(result) == [("table", "t2"), ("column", "t2.a")]
    assert json.loads(result.stdout)["diagnostics"] == []


PHASE_SQL = (
    'CREATE TABLE "Notes" (id INTEGER PRIMARY KEY, "bodyText" TEXT);\n'
    'CREATE VIRTUAL TABLE notes_fts USING fts5("bodyText", "titleText");\n'
)


def _phase_project(tmp_path: Path) -> Path:
    root = tmp_path / "phase"
    (root / "db").mkdir(parents=True)
    (root / "db" / "001_init.sql").write_text(PHASE_SQL, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: sqlite\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return root


def test_whitelist_init_writes_no_target_sqlite_cannot_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s22 temporal: init gave the fts5 columns targets, and migrate
    then refused the whole phase."""
    monkeypatch.chdir(_phase_project(tmp_path))
    result = CliRunner().invoke(cli, ["whitelist", "init"])
    assert result.exit_code == 0, result.output
    text = Path("whitelist.yaml").read_text(encoding="utf-8")
    targets = [ln.strip() for ln in text.splitlines() if "target:" in ln]
    assert targets == [
        "target: body_text",
        "# target: body_text  (left out: it is a column of SQLite virtual table notes_fts "
        "(USING fts5), which SQLite refuses to rename ('cannot rename columns of virtual table'))",
        "# target: title_text  (left out: it is a column of SQLite virtual table notes_fts "
        "(USING fts5), which SQLite refuses to rename ('cannot rename columns of virtual table'))",
        "target: notes",
    ]
    assert "'migrate' could not apply it" in result.output
    assert run(["check"]).exit_code == 0
    forward = run(["migrate", "--phase", "1"])
    assert forward.exit_code == 0, forward.output


def test_migrate_renames_the_rest_of_the_phase_and_lists_the_virtual_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _phase_project(tmp_path)
    monkeypatch.chdir(root)
    assert run(["whitelist", "init"]).exit_code == 0
    # targets written by hand (or by an older init) for the fts5 columns
    path = root / "whitelist.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("# target: body_text  (left", "target: body_text #")
        .replace("# target: title_text  (left", "target: title_text #"),
        encoding="utf-8",
    )
    result = run(["migrate", "--phase", "1", "--write"])
    assert result.exit_code == 0, result.output
    assert "SQLite cannot rename column notes_fts.bodyText" in result.output
    assert "not renamed (wanted 'title_text')" in result.output
    forward = next((root / "db").glob("002*.sql")).read_text(encoding="utf-8")
    rollback = next((root / "rollbacks").glob("002*.sql")).read_text(encoding="utf-8")
    db = tmp_path / "app.db"
    with sqlite3.connect(db) as conn:
        conn.executescript(PHASE_SQL)
        conn.executescript(forward)  # sqlite3 applies it: no virtual column in it
        after = _oracle(db)
        conn.executescript(rollback)
        back = _oracle(db)
    conn.close()
    assert ("column", "notes.body_text") in after
    assert ("column", "notes_fts.bodyText") in after
    assert ("column", "Notes.bodyText") in back
