"""SQLite: a phase renaming a table re-creates the triggers named after it.

SQLite has no ALTER TRIGGER ... RENAME: the migration drops each trigger and
creates it again under its new name from its own text, as SQLite's
``ALTER TABLE ... RENAME`` rewrote it (trial s7-t2 #3: pi-hole's
``tr_client_update`` was left behind and ``check`` failed with DBN504 right
after ``migrate --write`` and ``whitelist prune``). The oracle is sqlite3:
after the forward script each trigger's ``sqlite_master`` row is the one
SQLite's own renames leave on the legacy database with only the trigger's
name replaced, and the trigger still fires; after the rollback the
triggers' rows are the legacy ones byte for byte (the rest differs only by
the quotes SQLite's RENAME writes around a table name it rewrites).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.services.migrate.sqlite_trigger import renamed_text
from test_migrate_dependent_targets import _init, _project
from test_migrate_loop import _run
from test_migrate_sqlite_constraints import _apply

LEGACY = """\
CREATE TABLE client (id INTEGER PRIMARY KEY, ip TEXT, modifiedAt INTEGER,
    CONSTRAINT uq_client_ip UNIQUE (ip));
CREATE TABLE "group" (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE audit (what TEXT);
CREATE TRIGGER tr_client_update AFTER UPDATE OF ip ON client
BEGIN
  UPDATE client SET modifiedAt = 1 WHERE id = NEW.id;
  INSERT INTO audit SELECT name FROM "group" WHERE id = NEW.id;
END;
CREATE TRIGGER [tr_group_zero] BEFORE DELETE ON "group" WHEN OLD.id = 0
BEGIN SELECT RAISE(FAIL, 'cannot delete default group'); END;
"""
ROWS = """\
INSERT INTO "group" VALUES (0, 'default'), (1, 'one');
INSERT INTO client VALUES (1, '10.0.0.1', 0);
"""
#: The trigger names as sqlite_master.sql writes them -> after the migration.
TRIGGERS = {
    "CREATE TRIGGER tr_client_update ": 'CREATE TRIGGER "tr_clients_update" ',
    "CREATE TRIGGER [tr_group_zero] ": 'CREATE TRIGGER "tr_groups_zero" ',
}


def _database(path: Path, renames: bool = False) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript(LEGACY + ROWS)
    if renames:  # what SQLite's own renames leave
        db.executescript(
            'ALTER TABLE "client" RENAME TO "clients";'
            'ALTER TABLE "group" RENAME TO "groups";'
            'ALTER TABLE "audit" RENAME TO "audits";'  # countable: DBN105's plural
            'ALTER TABLE "clients" RENAME COLUMN "modifiedAt" TO "modified_at";'
        )
    return db


def _triggers(db: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """Triggers on tables (the compatibility views' INSTEAD OF ones left out)."""
    return sorted(
        db.execute(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name IN (SELECT name FROM sqlite_master WHERE type = 'table')"
        )
    )


def _master(db: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    return sorted(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = _project(tmp_path, LEGACY, "paths: [db]\ndialect: sqlite\n")
    _init(root, monkeypatch)
    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "1", "--write")
    assert code == 0, out + err
    assert "cannot rename trigger" not in out
    return root


def _scripts(root: Path) -> tuple[str, str]:
    forward = root / "db" / "002_rename_phase_1.sql"
    rollback = root / "rollbacks" / "002_rename_phase_1.sql"
    return forward.read_text(encoding="utf-8"), rollback.read_text(encoding="utf-8")


def test_forward_recreates_the_triggers_as_sqlite_rewrites_them(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forward, _ = _scripts(tree)
    db = _database(tmp_path / "app.db")
    _apply(db, forward)
    reference = _database(tmp_path / "reference.db", renames=True)
    expected = []
    for name, table, sql in _triggers(reference):
        text = sql
        for old, new in TRIGGERS.items():
            text = text.replace(old, new)
        expected.append((name.replace("client", "clients").replace("group", "groups"), table, text))
    assert _triggers(db) == sorted(expected)
    assert {n for n, _, _ in _triggers(db)} == {"tr_clients_update", "tr_groups_zero"}
    # they still fire, on the renamed table and columns
    db.execute("UPDATE clients SET ip = '10.0.0.2' WHERE id = 1")
    assert db.execute("SELECT modified_at FROM clients").fetchall() == [(1,)]
    assert db.execute("SELECT what FROM audit").fetchall() == [("one",)]
    with pytest.raises(sqlite3.IntegrityError, match="cannot delete default group"):
        db.execute("DELETE FROM groups WHERE id = 0")
    db.close()

    # the loop closes: no trigger left with the old table's name (DBN504)
    code, out, err = _run(tree, monkeypatch, "whitelist", "prune")
    assert code == 0, out + err
    url = str(tmp_path / "app.db")
    for args in (("check",), ("check", "--db", url)):
        code, out, err = _run(tree, monkeypatch, *args)
        assert code == 0, out + err
        assert "DBN504" not in out


def test_rollback_restores_the_triggers_byte_for_byte(tree: Path, tmp_path: Path) -> None:
    forward, rollback = _scripts(tree)
    db = _database(tmp_path / "app.db")
    _apply(db, forward)
    _apply(db, rollback)
    legacy = _database(tmp_path / "legacy.db")
    assert _triggers(db) == _triggers(legacy)
    # the rest: only the quotes SQLite's RENAME writes around a table it rewrites
    unquoted = [
        (t, n, tb, s.replace('"client"', "client").replace('"audit"', "audit") if s else s)
        for t, n, tb, s in _master(db)
    ]
    assert unquoted == _master(legacy)
    db.execute("UPDATE client SET ip = 'x' WHERE id = 1")
    assert db.execute("SELECT what FROM audit").fetchall() == [("one",)]


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END", '"n" AFTER'),
        ('CREATE TRIGGER "t ""x" AFTER INSERT ON a BEGIN SELECT 1; END', '"n" AFTER'),
        ("CREATE TRIGGER [t x] AFTER INSERT ON a BEGIN SELECT 1; END", '"n" AFTER'),
        ("CREATE TRIGGER `t` AFTER INSERT ON a BEGIN SELECT 1; END", '"n" AFTER'),
    ],
)
def test_renamed_text_replaces_only_the_name(sql: str, expected: str) -> None:
    out = renamed_text(sql, '"n"')
    assert out is not None and out.endswith("END;")
    assert out.startswith("CREATE TRIGGER " + expected)
    db = sqlite3.connect(":memory:")
    db.executescript("CREATE TABLE a (x int);" + out)
    assert db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall() == [
        ("n",)
    ]


def test_a_trigger_the_files_do_not_define_is_named_in_a_note() -> None:
    from dbnamelint.model import ObjectKind
    from dbnamelint.services.migrate.plan import Plan, Step
    from dbnamelint.services.migrate.sqlite_trigger import with_triggers

    table = Step(ObjectKind.TABLE, None, None, "client", "clients", "why")
    trigger = Step(
        ObjectKind.TRIGGER, None, "clients", "tr_client", "tr_clients", "why", recreate=True
    )
    plan = with_triggers(Plan("sqlite", (table, trigger), (), ()), ())
    assert plan.steps == (table,)
    assert [n.message for n in plan.notes] == [
        "sqlite cannot rename trigger 'tr_client' on 'clients' and cannot re-create it (its "
        "CREATE TRIGGER is not in a database built from the files): not renamed (re-create "
        "it as 'tr_clients')"
    ]


def test_a_taken_instead_of_trigger_name_is_refused_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s7-t4 #11: the view's INSTEAD OF INSERT trigger is named
    ``client_insert``; a trigger of that name on another table made the
    forward script fail in sqlite3 (``trigger client_insert already exists``)."""
    init = (
        "CREATE TABLE client (id INTEGER PRIMARY KEY, name TEXT);\n"
        "CREATE TABLE log (msg TEXT);\n"
        "CREATE TRIGGER client_insert AFTER INSERT ON log BEGIN SELECT 1; END;\n"
    )
    db = sqlite3.connect(":memory:")
    db.executescript(init)
    with pytest.raises(sqlite3.OperationalError, match="client_insert already exists"):
        db.execute("CREATE TRIGGER client_insert AFTER DELETE ON log BEGIN SELECT 1; END")
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001_init.sql").write_text(init, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: sqlite\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "client=clients", "--write"])
    assert result.exit_code == 2
    assert "its INSTEAD OF INSERT trigger would be named 'client_insert'" in result.stderr
    assert [p.name for p in (tmp_path / "db").iterdir()] == ["001_init.sql"]
    result = CliRunner().invoke(
        cli, ["migrate", "--rename", "client=clients", "--no-views", "--write"]
    )
    assert result.exit_code == 0, result.stderr
