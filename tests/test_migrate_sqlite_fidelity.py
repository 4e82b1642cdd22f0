"""SQLite rename migrations, checked on a real sqlite3 (trial s6-t2 findings 13, 12, 8, 14, 4).

Oracles: ``sqlite_master`` before and after the forward and rollback
scripts, and SQLite's own ``ALTER TABLE ... RENAME`` (which rewrites the
names in every index, trigger and view definition; lang_altertable.html).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from test_migrate_dependent_targets import _init, _project
from test_migrate_loop import _run

CONFIG = "paths: [db]\ndialect: sqlite\n"


def _scripts(plan: str) -> tuple[str, str]:
    forward = plan.split("-- ==== forward ====")[1].split("-- ==== rollback ====", 1)[0]
    rollback = plan.split("-- ==== rollback ====")[1].split("-- ==== cleanup", 1)[0]
    return forward, rollback


def _master(db: sqlite3.Connection, kind: str | None = None) -> dict[str, str]:
    rows = db.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")
    return {name: sql for type_, name, sql in rows if kind is None or type_ == kind}


def _migrate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sql: str, config: str = CONFIG, *args: str
) -> tuple[str, str, str]:
    root = _project(tmp_path, sql, config)
    _init(root, monkeypatch)
    code, plan, err = _run(root, monkeypatch, "migrate", "--all", *args)
    assert code == 0, plan + err
    forward, rollback = _scripts(plan)
    return plan, forward, rollback


# -- 13: indexes re-created from their own definition ----------------------

INDEXES = """\
CREATE TABLE account (id integer PRIMARY KEY, email text, deleted_at text);
CREATE UNIQUE INDEX ux_account_email ON account (email) WHERE deleted_at IS NULL;
CREATE INDEX ix_account_lower ON account (lower(email));
CREATE INDEX ix_account_email_desc ON account (email COLLATE NOCASE DESC);
"""
INDEX_CONFIG = (
    "paths: [db]\ndialect: sqlite\nselect: [DBN1, DBN3]\nrules:\n"
    '  index-name-off-template: {options: {template: "idx_{table}_{columns}"}}\n'
)


def _renamed_by_sqlite(schema: str, table: tuple[str, str], columns: dict[str, str]) -> dict:
    """``sqlite_master`` after SQLite's own renames of the table and columns."""
    db = sqlite3.connect(":memory:")
    db.executescript(schema)
    db.execute(f'ALTER TABLE "{table[0]}" RENAME TO "{table[1]}"')
    for old, new in columns.items():
        db.execute(f'ALTER TABLE "{table[1]}" RENAME COLUMN "{old}" TO "{new}"')
    return _master(db, "index")


def _index_names(plan: str) -> dict[str, str]:
    return dict(re.findall(r'DROP INDEX "(\w+)";\nCREATE (?:UNIQUE )?INDEX "(\w+)"', plan))


def test_indexes_keep_where_expressions_collate_and_desc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan, forward, rollback = _migrate(tmp_path, monkeypatch, INDEXES, INDEX_CONFIG)
    renamed = _index_names(forward)
    assert set(renamed) == {"ux_account_email", "ix_account_lower", "ix_account_email_desc"}
    db = sqlite3.connect(":memory:")
    db.executescript(INDEXES)
    before = _master(db)
    db.executescript(forward)
    # what SQLite's rename wrote, with only the index names changed
    expected = {
        renamed[name]: sql.replace(f"INDEX {name} ", f'INDEX "{renamed[name]}" ', 1)
        for name, sql in _renamed_by_sqlite(INDEXES, ("account", "accounts"), {}).items()
    }
    assert _master(db, "index") == expected
    # the partial unique index still lets a soft-deleted duplicate in
    db.execute("INSERT INTO accounts (email, deleted_at) VALUES ('a@x', '2020'), ('a@x', NULL)")
    db.execute("DELETE FROM accounts")
    db.executescript(rollback)
    assert _master(db, "index") == {k: v for k, v in before.items() if k in renamed}
    assert "not in the model" not in plan


def test_column_rename_keeps_the_partial_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = (
        "CREATE TABLE users (id integer PRIMARY KEY, userName text, deleted int);\n"
        "CREATE UNIQUE INDEX users_userName_live ON users (userName) WHERE deleted = 0;\n"
    )
    _, forward, rollback = _migrate(tmp_path, monkeypatch, schema)
    assert _index_names(forward) == {"users_userName_live": "users_user_name_live"}
    db = sqlite3.connect(":memory:")
    db.executescript(schema)
    before = _master(db)
    db.executescript(forward)
    assert _master(db, "index") == {
        "users_user_name_live": 'CREATE UNIQUE INDEX "users_user_name_live" ON users '
        '("user_name") WHERE deleted = 0'
    }
    db.executescript(rollback)
    assert _master(db, "index") == {"users_userName_live": before["users_userName_live"]}


# -- 12: generated columns are not written through the view ------------------

GENERATED = (
    "CREATE TABLE item (id integer PRIMARY KEY, price real, qty int, "
    "total real GENERATED ALWAYS AS (price*qty) STORED, note text AS (upper(price)) VIRTUAL, "
    "label text DEFAULT 'x');\n"
)


def test_writes_through_the_view_skip_generated_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, forward, rollback = _migrate(tmp_path, monkeypatch, GENERATED)
    db = sqlite3.connect(":memory:")
    db.executescript(GENERATED)
    generated = {r[1] for r in db.execute("PRAGMA table_xinfo(item)") if r[6] in (2, 3)}
    assert generated == {"total", "note"}  # 2: VIRTUAL, 3: STORED
    db.executescript(forward)
    db.execute("INSERT INTO item (price, qty) VALUES (2, 3)")
    db.execute("UPDATE item SET qty = 4 WHERE price = 2")
    assert db.execute("SELECT price, qty, total, note, label FROM items").fetchall() == [
        (2.0, 4, 8.0, "2.0", "x")
    ]
    db.execute("DELETE FROM item")
    assert db.execute("SELECT count(*) FROM items").fetchone() == (0,)
    db.executescript(rollback)
    assert [r[0] for r in db.execute("SELECT name FROM sqlite_master")] == ["item"]


# -- 8: an insert through the view returns no id: said, not hidden -----------

MEMO = (
    "CREATE TABLE memo (id INTEGER PRIMARY KEY AUTOINCREMENT, uid TEXT NOT NULL UNIQUE, "
    "created_ts BIGINT NOT NULL DEFAULT (strftime('%s','now')));\n"
)


def test_the_plan_says_an_insert_through_the_view_returns_no_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan, forward, _ = _migrate(tmp_path, monkeypatch, MEMO)
    db = sqlite3.connect(":memory:")
    db.executescript(MEMO)
    db.executescript(forward)
    # the oracle: what sqlite3 does (an SQLite limit of INSTEAD OF triggers)
    assert db.execute("INSERT INTO memo (uid) VALUES ('a') RETURNING id").fetchall() == [(None,)]
    assert db.execute("INSERT INTO memo (uid) VALUES ('b')").lastrowid == 0
    assert db.execute("SELECT id, uid FROM memos").fetchall() == [(1, "a"), (2, "b")]
    header = " ".join(line for line in forward.splitlines() if line.startswith("-- note:"))
    for text in (plan, header):
        assert "cannot return the new row's id" in text
        assert "old code can still write through it" not in text


# -- 16: a tracking table no file creates ------------------------------------

TRACKED = "CREATE TABLE UserList (id integer PRIMARY KEY, name text);\n"


def test_a_missing_tracking_table_is_warned_and_stops_the_scripts_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, TRACKED, CONFIG)
    _init(root, monkeypatch)
    code, plan, err = _run(root, monkeypatch, "migrate", "--all", "--tracking-table", "sys_t")
    assert code == 0, plan + err
    assert "warning: --tracking-table sys_t: no file in the tree creates a table" in err
    forward, rollback = _scripts(plan)
    db = sqlite3.connect(":memory:")
    db.executescript(TRACKED)
    before = _master(db)
    for script in (forward, rollback):
        with pytest.raises(sqlite3.OperationalError, match="no such table: sys_t"):
            db.executescript(script)
        db.rollback()
        assert _master(db) == before  # stopped before any change
    # with the table there, forward and rollback run and keep its rows right
    db.execute("CREATE TABLE sys_t (old_name text, new_name text, migrated_at text)")
    db.executescript(forward)
    assert db.execute("SELECT old_name, new_name FROM sys_t").fetchall() == [
        ("UserList", "user_lists")
    ]
    db.executescript(rollback)
    assert db.execute("SELECT count(*) FROM sys_t").fetchone() == (0,)


# -- 4: a case-only table rename ---------------------------------------------

CASE_ONLY = (
    "CREATE TABLE Users (Id integer PRIMARY KEY, Email text);\n"
    "CREATE INDEX IX_Users_Email ON Users (Email);\n"
)


def _shape(db: sqlite3.Connection) -> list[tuple[object, ...]]:
    """The schema as SQLite resolves it: names (with their case), kinds,
    columns and index columns; definitions with the double quotes SQLite's
    own renames add taken out (ALTER TABLE ... RENAME always writes them)."""
    out: list[tuple[object, ...]] = []
    for type_, name, table, sql in db.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
    ):
        out.append((type_, name, table, (sql or "").replace('"', "")))
        if type_ == "table":
            out += [("col", name, *r) for r in db.execute(f'PRAGMA table_xinfo("{name}")')]
        if type_ == "index":
            out += [("idx", name, *r) for r in db.execute(f'PRAGMA index_xinfo("{name}")')]
    return out


def test_a_case_only_table_rename_goes_through_a_temporary_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan, forward, rollback = _migrate(tmp_path, monkeypatch, CASE_ONLY)
    assert "only the case changes, renamed through the temporary name 'users__dbnl_tmp'" in plan
    assert "no compatibility view 'Users'" in plan
    assert "a column rename cannot be bridged" not in plan  # Email -> email: case only
    assert "CREATE VIEW" not in forward
    db = sqlite3.connect(":memory:")
    db.executescript(CASE_ONLY)
    db.execute("INSERT INTO Users (Email) VALUES ('a@x')")
    before = _shape(db)
    db.executescript(forward)
    assert [r[:2] for r in db.execute("SELECT type, name FROM sqlite_master")] == [
        ("table", "users"),
        ("index", "ix_users_email"),
    ]
    assert [r[1] for r in db.execute("PRAGMA table_info(users)")] == ["id", "email"]
    # old code's spelling still finds the table and column
    assert db.execute("SELECT Email FROM Users").fetchall() == [("a@x",)]
    db.executescript(rollback)
    assert _shape(db) == before
    db.executescript(forward)  # and again: down then up


# -- 5: drift sees a case-only rename the database never got -------------------


def test_drift_reports_case_only_renames_not_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    legacy = "CREATE TABLE Users (id integer PRIMARY KEY, Name text);\n"
    root = _project(tmp_path, legacy, CONFIG)
    renames = 'ALTER TABLE Users RENAME TO "u_tmp";\nALTER TABLE u_tmp RENAME TO users;\n'
    renames += "ALTER TABLE users RENAME COLUMN Name TO name;\n"
    (root / "db" / "002_rename.sql").write_text(renames, encoding="utf-8")
    path = tmp_path / "x.db"
    db = sqlite3.connect(path)
    db.executescript(legacy)
    code, out, err = _run(root, monkeypatch, "drift", "--db", f"sqlite:///{path}")
    assert code == 1, out + err
    assert "table Users was renamed to users in the files" in out
    assert "column Users.Name was renamed to name in the files" in out
    db.executescript(renames)
    db.close()
    code, out, err = _run(root, monkeypatch, "drift", "--db", f"sqlite:///{path}")
    assert code == 0, out + err


# -- 14: what SQLite rewrites itself is not listed to update by hand ----------

TOUCHED = """\
CREATE TABLE account (id integer PRIMARY KEY, email text, updated_at text);
CREATE TRIGGER account_touch AFTER UPDATE OF email ON account
BEGIN
  UPDATE account SET updated_at = datetime('now') WHERE id = NEW.id;
END;
CREATE VIEW account_emails AS SELECT id, email FROM account;
"""


def test_triggers_and_views_sqlite_rewrites_are_not_listed_by_hand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan, forward, rollback = _migrate(tmp_path, monkeypatch, TOUCHED)
    assert "update them by hand" not in plan
    assert "nothing to update by hand in db/001_init.sql:4 (trigger), db/001_init.sql:6 (view)" in (
        plan
    )
    db = sqlite3.connect(":memory:")
    db.executescript(TOUCHED)
    db.executescript(forward)
    defs = _master(db)
    # the oracle: SQLite rewrote both; neither spells the old table any more
    # (the trigger, named after its table, is re-created as accounts_touch)
    assert "account_touch" not in defs
    for name in ("accounts_touch", "account_emails"):
        assert '"accounts"' in defs[name]
        assert not re.search(r"\baccount\b(?!s)", defs[name].replace('"accounts"', ""))
    db.execute("INSERT INTO accounts (email) VALUES ('a')")
    db.execute("UPDATE accounts SET email = 'b'")  # the trigger runs on the new table
    assert db.execute(
        "SELECT e.email, a.updated_at IS NOT NULL FROM account_emails e JOIN accounts a USING (id)"
    ).fetchall() == [("b", 1)]
    db.executescript(rollback)


def test_a_view_name_taken_by_a_renamed_table_is_refused_with_the_way_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = "CREATE TABLE Users (id integer PRIMARY KEY);\nCREATE TABLE other (id integer);\n"
    root = _project(tmp_path, schema, CONFIG)
    args = ("migrate", "--rename", "other=users_x", "--rename", "Users=other")
    code, out, err = _run(root, monkeypatch, *args)
    assert code == 2, out + err
    assert "cannot create the compatibility view 'other' for table other -> users_x" in err
    assert "--no-views" in err


def test_a_comment_in_an_index_definition_survives_the_forward_and_the_rollback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """s6-t3 #12: SQLite keeps a comment before the ";" in sqlite_master; the
    re-created index keeps it, and the rollback restores the original byte for byte."""
    schema = (
        "CREATE TABLE docItem (id INTEGER PRIMARY KEY, data TEXT, kind TEXT);\n"
        "CREATE INDEX docItem_json ON docItem (json_extract(data, '$.data') /* key */, kind)"
        " WHERE data IS NOT NULL AND kind <> 'data' /* data comment */;\n"
        "CREATE INDEX docItemKind ON docItem (kind) -- trailing note\n;\n"
    )
    _, forward, rollback = _migrate(tmp_path, monkeypatch, schema)
    renamed = _index_names(forward)
    assert set(renamed) == {"docItem_json", "docItemKind"}
    db = sqlite3.connect(":memory:")
    db.executescript(schema)
    before = _master(db)
    assert before["docItem_json"].endswith("/* data comment */")
    assert before["docItemKind"].endswith("-- trailing note\n")
    db.executescript(forward)
    # what SQLite's own table rename wrote, with only the index names changed
    expected = {
        renamed[name]: sql.replace(f"INDEX {name} ", f'INDEX "{renamed[name]}" ', 1)
        for name, sql in _renamed_by_sqlite(schema, ("docItem", "doc_items"), {}).items()
    }
    assert _master(db, "index") == expected
    db.executescript(rollback)
    # (the table's own CREATE comes back quoted, as SQLite's RENAME writes it)
    assert _master(db, "index") == {k: v for k, v in before.items() if k in renamed}
