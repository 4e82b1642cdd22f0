"""SQLite compatibility views: an insert through the view gets the table's defaults.

The trial on sqlc's ondeck schema (SQLite copy): the compatibility view's
INSTEAD OF INSERT trigger passed ``NEW.col`` for every column, and a view
has no defaults, so ``INSERT INTO venue (status, slug, name, city,
spotify_playlist) ...`` failed ``NOT NULL constraint failed:
venues.created_at`` (``DEFAULT CURRENT_TIMESTAMP``). The trigger now gives
a column the insert left NULL its table DEFAULT, as written. The oracle is
sqlite3: the same insert straight into the table.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from test_migrate_dependent_targets import _init, _project
from test_migrate_loop import _run

# ondeck's SQLite copy, with defaults of each form SQLite's grammar allows
ONDECK = """\
CREATE TABLE city (slug varchar(255) PRIMARY KEY, name text NOT NULL);
CREATE TABLE venues (
    id integer PRIMARY KEY AUTOINCREMENT,
    status text NOT NULL DEFAULT 'open',
    slug text NOT NULL,
    name varchar(255) NOT NULL,
    city text NOT NULL REFERENCES city (slug),
    spotify_playlist varchar(255) NOT NULL,
    rating int DEFAULT -1,
    note text DEFAULT ('n' || 'one'),
    songkick_id text,
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
ALTER TABLE venues RENAME TO venue;
ALTER TABLE venue ADD COLUMN score real NOT NULL DEFAULT 2.5;
"""
CONFIG = "paths: [db]\ndialect: sqlite\nselect: [DBN105]\n"
INSERT = (
    "INSERT INTO {t} (slug, name, city, spotify_playlist) "
    "VALUES ('the-fillmore', 'The Fillmore', 'sf', 'pl')"
)
_STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


@pytest.fixture
def migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> sqlite3.Connection:
    root = _project(tmp_path, ONDECK, CONFIG)
    _init(root, monkeypatch)
    code, plan, err = _run(root, monkeypatch, "migrate", "--all")
    assert code == 0, plan + err
    forward = plan.split("-- ==== forward ====")[1].split("-- ==== rollback ====", 1)[0]
    db = sqlite3.connect(":memory:")
    db.executescript(ONDECK)
    db.execute("INSERT INTO city VALUES ('sf', 'San Francisco')")
    db.executescript(forward)
    return db


def _row(db: sqlite3.Connection, slug: str) -> dict[str, object]:
    cur = db.execute("SELECT * FROM venues WHERE slug = ?", (slug,))
    names = [d[0] for d in cur.description]
    return dict(zip(names, cur.fetchone(), strict=True))


def test_insert_through_the_view_gets_the_table_defaults(migrated: sqlite3.Connection) -> None:
    db = migrated
    db.execute(INSERT.format(t="venue"))  # old code, old name
    db.execute(INSERT.format(t="venues").replace("the-fillmore", "direct"))
    through, direct = _row(db, "the-fillmore"), _row(db, "direct")
    for row in (through, direct):
        assert _STAMP.fullmatch(str(row.pop("created_at")))  # CURRENT_TIMESTAMP's form
        row.pop("id")
        row.pop("slug")
    assert through == direct
    assert through["status"] == "open" and through["rating"] == -1
    assert through["note"] == "none" and through["score"] == 2.5


def test_named_values_win_and_explicit_null_takes_the_default(
    migrated: sqlite3.Connection,
) -> None:
    """The documented limit: the trigger cannot tell an explicit NULL from an
    omitted column, so NULL into a nullable column with a default stores the
    default (the table would store NULL); a column without a default keeps NULL."""
    db = migrated
    db.execute(
        "INSERT INTO venue (slug, name, city, spotify_playlist, status, rating, songkick_id) "
        "VALUES ('x', 'X', 'sf', 'pl', 'closed', NULL, NULL)"
    )
    row = _row(db, "x")
    assert row["status"] == "closed"
    assert row["rating"] == -1
    assert row["songkick_id"] is None


def test_an_upsert_through_the_view_fails_as_the_plan_says(
    migrated: sqlite3.Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s13 (openfga's WriteAssertions): ``INSERT ... ON CONFLICT ... DO
    UPDATE`` into the compatibility view fails on sqlite3 ('cannot UPSERT a
    view'), while INSERT OR REPLACE goes through the trigger; the plan's note
    says both (the oracle is sqlite3 itself)."""
    db = migrated
    db.execute(INSERT.format(t="venues").replace("the-fillmore", "u"))
    (key,) = db.execute("SELECT id FROM venues WHERE slug = 'u'").fetchone()
    upsert = (
        "INSERT INTO venue (id, slug, name, city, spotify_playlist) "
        f"VALUES ({key}, 'u', 'U2', 'sf', 'pl') "
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name"
    )
    with pytest.raises(sqlite3.OperationalError, match="cannot UPSERT a view"):
        db.execute(upsert)
    with pytest.raises(sqlite3.OperationalError, match="cannot UPSERT a view"):
        db.execute(upsert.split(" ON CONFLICT", maxsplit=1)[0] + " ON CONFLICT DO NOTHING")
    assert db.execute(upsert.replace("INTO venue ", "INTO venues ")).rowcount == 1  # the table
    plan = _run(tmp_path / "app", monkeypatch, "migrate", "--all")[1]
    note = " ".join(plan.split())
    assert "an UPSERT through it (INSERT ... ON CONFLICT ... DO UPDATE or DO NOTHING) fails" in note
    assert "('cannot UPSERT a view')" in note
    assert "(INSERT OR REPLACE and INSERT OR IGNORE work)" in note
    db.execute(  # through the trigger (changes() does not count a trigger's rows)
        "INSERT OR REPLACE INTO venue (id, slug, name, city, spotify_playlist) "
        "SELECT id, slug, 'U3', city, spotify_playlist FROM venues WHERE slug = 'u'"
    )
    assert _row(db, "u")["name"] == "U3"
    assert db.execute("SELECT count(*) FROM venues WHERE slug = 'u'").fetchone() == (1,)
