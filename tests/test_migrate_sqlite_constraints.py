"""SQLite: a phase that renames a table renames its named constraints by rebuilding it.

SQLite has no RENAME CONSTRAINT; a constraint's name lives only in the
table's CREATE TABLE text. ``migrate`` rebuilds the table as the SQLite
manual's "Making Other Kinds Of Table Schema Changes" does, from the text
a database built from the files holds, with only the constraint names
changed. The oracle is sqlite3 itself: the forward script's
``sqlite_master`` equals that of plain ``ALTER TABLE ... RENAME``s on the
legacy database with only the constraint names replaced (quoted), the rows
(rowids, children, AUTOINCREMENT counter) are kept, ``foreign_key_check``
finds nothing, and the rollback's ``sqlite_master`` equals the legacy one
but for SQLite's own normalisation: a RENAME writes the table's name quoted
where it rewrites it (``CREATE TABLE "bookmark"``, a view's ``FROM
"bookmark"``), as it does for a table the migration only renames; the
indexes and triggers the rebuild makes again are byte-identical.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from dbnamelint.model import ObjectKind
from dbnamelint.services.migrate.plan import Plan, Step
from dbnamelint.services.migrate.sqlite_rebuild import (
    FOREIGN_KEY_VIOLATIONS_BEFORE,
    FOREIGN_KEYS_ON,
    with_rebuilds,
)
from test_migrate_dependent_targets import _init, _project
from test_migrate_loop import _run

LEGACY = """\
CREATE TABLE user_account (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    CONSTRAINT uq_user_account_name UNIQUE (name)
);
CREATE TABLE bookmark (
    id integer NOT NULL,
    user_id integer NOT NULL, -- CONSTRAINT fk_bookmark_user is below
    url text NOT NULL CONSTRAINT ck_bookmark_url CHECK (url <> 'CONSTRAINT pk_bookmark'),
    CONSTRAINT pk_bookmark PRIMARY KEY (user_id, url),
    CONSTRAINT [fk_bookmark_user] FOREIGN KEY (user_id) REFERENCES user_account (id)
        ON DELETE CASCADE,
    constraint "uq_bookmark_id" unique (id),
    CONSTRAINT ck_bookmark_id CHECK (id > 0)
);
CREATE TABLE tags (
    bookmark_id integer NOT NULL REFERENCES bookmark (id) ON DELETE CASCADE,
    label text NOT NULL
);
CREATE INDEX idx_saved_user ON bookmark (user_id) WHERE user_id > 0;
CREATE TRIGGER trg_touch_saved AFTER UPDATE OF url ON bookmark
BEGIN UPDATE tags SET label = label WHERE bookmark_id = NEW.id; END;
CREATE TRIGGER trg_account_cleanup AFTER DELETE ON user_account
BEGIN DELETE FROM bookmark WHERE user_id = OLD.id; END;
CREATE VIEW recent_bookmark AS SELECT id, url FROM bookmark;
"""
ROWS = """\
INSERT INTO user_account (name) VALUES ('ann'), ('bob'), ('cy');
DELETE FROM user_account WHERE name = 'cy';
INSERT INTO bookmark (rowid, id, user_id, url) VALUES (7, 1, 1, 'https://a'), (3, 2, 2, 'b');
INSERT INTO tags VALUES (1, 'x'), (2, 'y');
"""
CONFIG = "paths: [db]\ndialect: sqlite\n"
#: Each constraint as the legacy text writes it -> as the forward script leaves it.
RENAMED = {
    "CONSTRAINT uq_user_account_name ": 'CONSTRAINT "uq_user_accounts_name" ',
    "CONSTRAINT ck_bookmark_url ": 'CONSTRAINT "ck_bookmarks_url" ',
    "CONSTRAINT pk_bookmark ": 'CONSTRAINT "pk_bookmarks" ',
    "CONSTRAINT [fk_bookmark_user] ": 'CONSTRAINT "fk_bookmarks_user" ',
    'constraint "uq_bookmark_id" ': 'constraint "uq_bookmarks_id" ',
    "CONSTRAINT ck_bookmark_id ": 'CONSTRAINT "ck_bookmarks_id" ',
}
RENAMES = (("bookmark", "bookmarks"), ("user_account", "user_accounts"))


def _statements(script: str) -> list[str]:
    """``script`` cut into statements as sqlite3 completes them."""
    out, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending)
            pending = ""
    assert not pending.strip() or pending.lstrip().startswith("--"), pending
    return out


def _apply(db: sqlite3.Connection, script: str) -> None:
    for statement in _statements(script):
        db.execute(statement)


def _database(path: Path, *renames: tuple[str, str]) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript(LEGACY + ROWS)
    for old, new in renames:
        db.execute(f'ALTER TABLE "{old}" RENAME TO "{new}"')
    return db


def _master(db: sqlite3.Connection) -> list[tuple[str, str, str | None]]:
    return sorted(db.execute("SELECT type, name, sql FROM sqlite_master"))


def _data(db: sqlite3.Connection, bookmark: str, account: str) -> dict[str, object]:
    return {
        "bookmark": db.execute(f'SELECT rowid, * FROM "{bookmark}" ORDER BY rowid').fetchall(),
        "account": db.execute(f'SELECT * FROM "{account}" ORDER BY id').fetchall(),
        "tags": db.execute("SELECT * FROM tags ORDER BY label").fetchall(),
        "seq": db.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (account,)).fetchall(),
    }


def _renamed(sql: str | None) -> str | None:
    for old, new in RENAMED.items():
        sql = sql.replace(old, new) if sql else sql
    return sql


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = _project(tmp_path, LEGACY, CONFIG)
    _init(root, monkeypatch)
    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "1", "--no-views", "--write")
    assert code == 0, out + err
    return root


def _scripts(root: Path) -> tuple[str, str]:
    forward = root / "db" / "002_rename_phase_1.sql"
    rollback = root / "rollbacks" / "002_rename_phase_1.sql"
    return forward.read_text(encoding="utf-8"), rollback.read_text(encoding="utf-8")


def test_forward_renames_the_constraints_and_keeps_everything_else(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forward, _ = _scripts(tree)
    db = _database(tmp_path / "app.db")
    before = _data(db, "bookmark", "user_account")
    _apply(db, forward)
    # SQLite's own renames, then only the constraint names differ
    reference = _database(tmp_path / "reference.db", *((o, n) for o, n in RENAMES))
    expected = [(t, n, _renamed(s)) for t, n, s in _master(reference)]
    assert _master(db) == expected
    names = {
        m.group(1)
        for (sql,) in db.execute("SELECT sql FROM sqlite_master WHERE type = 'table'")
        for m in re.finditer(r'CONSTRAINT "([^"]+)"', sql, re.IGNORECASE)
    }
    assert names == {
        "uq_user_accounts_name",
        "ck_bookmarks_url",
        "pk_bookmarks",
        "fk_bookmarks_user",
        "uq_bookmarks_id",
        "ck_bookmarks_id",
    }
    # rows, rowids, the children DROP TABLE did not cascade to, the counter
    assert _data(db, "bookmarks", "user_accounts") == before
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA foreign_keys").fetchone() == (1,)  # step 12: back on
    # the keys still hold: a dangling user is refused, a delete still cascades
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO bookmarks VALUES (9, 99, 'z')")
    db.execute("DELETE FROM user_accounts WHERE name = 'bob'")
    assert db.execute("SELECT id FROM bookmarks").fetchall() == [(1,)]
    db.close()

    url = str(tmp_path / "app.db")
    code, out, err = _run(tree, monkeypatch, "drift", "--db", url)
    assert code == 0, out + err
    code, out, err = _run(tree, monkeypatch, "whitelist", "prune")
    assert code == 0, out + err
    for args in (("check",), ("check", "--db", url)):
        code, out, err = _run(tree, monkeypatch, *args)
        assert code == 0, out + err
        assert "DBN504" not in out


def test_rollback_restores_the_legacy_definitions(tree: Path, tmp_path: Path) -> None:
    forward, rollback = _scripts(tree)
    db = _database(tmp_path / "app.db")
    before = _data(db, "bookmark", "user_account")
    _apply(db, forward)
    _apply(db, rollback)
    legacy = _master(_database(tmp_path / "legacy.db"))
    # SQLite quotes a renamed table's name where its RENAME rewrites it: the
    # table's own CREATE TABLE, the view, the other table's trigger; nothing else
    rewritten = [
        (t, n, s.replace('"bookmark"', "bookmark").replace('"user_account"', "user_account"))
        for t, n, s in _master(db)
        if s is not None
    ]
    assert rewritten == [row for row in legacy if row[2] is not None]
    assert [r for r in _master(db) if r[2] is None] == [r for r in legacy if r[2] is None]
    # what the rebuild made again from its own text is byte-identical
    again = {"idx_saved_user", "trg_touch_saved"}
    assert [r for r in _master(db) if r[1] in again] == [r for r in legacy if r[1] in again]
    assert (
        "table",
        "bookmark",
        LEGACY.split(";")[1].strip().replace("CREATE TABLE bookmark", 'CREATE TABLE "bookmark"'),
    ) in _master(db)
    assert _data(db, "bookmark", "user_account") == before
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_foreign_keys_on_in_a_tools_transaction_stops_before_any_change(
    tree: Path, tmp_path: Path
) -> None:
    """PRAGMA foreign_keys=OFF does nothing inside a transaction (a migration
    tool's own): DROP TABLE would delete the rows first and cascade, so the
    script stops at its first statement and nothing changes."""
    forward, _ = _scripts(tree)
    db = _database(tmp_path / "app.db")
    master, data = _master(db), _data(db, "bookmark", "user_account")
    body = [s for s in _statements(forward) if s.strip() not in ("BEGIN;", "COMMIT;")]
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("BEGIN")
    with pytest.raises(sqlite3.IntegrityError, match=re.escape(FOREIGN_KEYS_ON)):
        for statement in body:
            db.execute(statement)
    db.execute("ROLLBACK")
    assert _master(db) == master
    assert _data(db, "bookmark", "user_account") == data


def test_a_violation_that_predates_the_migration_is_named_as_such(
    tree: Path, tmp_path: Path
) -> None:
    """Trial s6-t3 #4: the sqlite3 shell runs with foreign keys off, so an
    orphan may be there already; the script stops before any change and says
    the database had it, not that the rebuild made it."""
    forward, _ = _scripts(tree)
    db = _database(tmp_path / "app.db")
    db.execute("INSERT INTO tags VALUES (99, 'orphan')")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == [("tags", 3, "bookmark", 0)]
    master, data = _master(db), _data(db, "bookmark", "user_account")
    with pytest.raises(sqlite3.IntegrityError, match=re.escape(FOREIGN_KEY_VIOLATIONS_BEFORE)):
        _apply(db, forward)
    if db.in_transaction:
        db.execute("ROLLBACK")
    assert _master(db) == master
    assert _data(db, "bookmark", "user_account") == data


def test_a_plan_without_constraint_renames_is_written_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, "CREATE TABLE bookmark (id integer PRIMARY KEY);\n", CONFIG)
    _init(root, monkeypatch)
    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "1", "--no-views")
    assert code == 0, out + err
    assert "PRAGMA" not in out and "new_bookmark" not in out
    # no BEGIN/COMMIT: none of the folder's files opens a transaction
    assert '\nALTER TABLE "bookmark" RENAME TO "bookmarks";\n' in out
    assert "BEGIN;" not in out


def test_a_constraint_the_definition_does_not_hold_is_left_with_a_note() -> None:
    """Nothing replayed holds the table: the step is not planned, a note says why."""
    step = Step(
        ObjectKind.CONSTRAINT, None, "t", "ck_t", "ck_ts", "embeds the old name", recreate=True
    )
    plan = with_rebuilds(Plan("sqlite", (step,), (), ()), ())
    assert plan.steps == () and plan.rebuilds == ()
    assert [n.message for n in plan.notes] == [
        "sqlite cannot rename constraint 'ck_t' on 't' and the table is not rebuilt for it "
        "(the table is not in a database built from the files): not renamed (wanted 'ck_ts')"
    ]


ALTERED = """\
CREATE TABLE saved (id integer NOT NULL, CONSTRAINT pk_bookmark PRIMARY KEY (id));
ALTER TABLE saved RENAME TO bookmark;
ALTER TABLE bookmark ADD COLUMN note text CONSTRAINT ck_bookmark_note CHECK (note <> '');
"""


def test_the_definition_is_the_one_the_files_leave_after_their_alters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table renamed and given a column with a named CHECK by ALTER TABLE:
    the rebuild starts from the text SQLite made of them, not the CREATE."""
    root = _project(tmp_path, ALTERED, CONFIG)
    _init(root, monkeypatch)
    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "1", "--no-views", "--write")
    assert code == 0, out + err
    forward, rollback = _scripts(root)
    db = sqlite3.connect(tmp_path / "app.db", isolation_level=None)
    db.executescript(ALTERED + "INSERT INTO bookmark VALUES (1, 'n');")
    _apply(db, forward)
    reference = sqlite3.connect(":memory:")
    reference.executescript(ALTERED + "ALTER TABLE bookmark RENAME TO bookmarks;")
    (legacy,) = reference.execute("SELECT sql FROM sqlite_master WHERE name = 'bookmarks'")
    expected = (
        legacy[0]
        .replace("CONSTRAINT pk_bookmark ", 'CONSTRAINT "pk_bookmarks" ')
        .replace("CONSTRAINT ck_bookmark_note ", 'CONSTRAINT "ck_bookmarks_note" ')
    )
    assert db.execute("SELECT sql FROM sqlite_master WHERE name = 'bookmarks'").fetchone() == (
        expected,
    )
    assert db.execute("SELECT * FROM bookmarks").fetchall() == [(1, "n")]
    _apply(db, rollback)
    (restored,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'bookmark'")
    # byte for byte: the legacy table was renamed once already, its name is quoted
    (original,) = (
        sqlite3.connect(":memory:")
        .executescript(ALTERED)
        .execute("SELECT sql FROM sqlite_master WHERE name = 'bookmark'")
    )
    assert restored == original


def test_a_view_naming_the_table_and_a_renamed_column_is_listed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Trial s6-t3 #4: the note listed db/001_init.sql:2 (view) twice.
    sql = (
        "CREATE TABLE member (id INTEGER PRIMARY KEY, fullName TEXT);\n"
        "CREATE VIEW v_member AS SELECT id, fullName FROM member;\n"
    )
    root = _project(tmp_path, sql, CONFIG)
    args = ["--rename", "member=members", "--rename-column", "member.fullName=full_name"]
    code, out, err = _run(root, monkeypatch, "migrate", *args)
    assert code == 0, out + err
    note = next(line for line in out.splitlines() if "nothing to update by hand" in line)
    assert note.endswith("nothing to update by hand in db/001_init.sql:2 (view)"), note
