"""``impact`` compares names in code with the name the catalog stores, per dialect.

``CREATE TABLE "post"`` and ``CREATE TABLE post`` store the same name in
PostgreSQL, and every rename ``dbnamelint migrate`` writes quotes both
names; code saying ``SELECT * FROM post`` uses that table either way. A
name stored in a spelling only quotes give (``"Note"``) is reached only
quoted. The oracle is the database: which table (or column) each written
identifier resolves to in a real PostgreSQL (``parse_ident`` and the
catalog, before the renames) or SQLite (the statement runs or not). The
search runs through the real ``git grep`` in a real repository.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from git_helpers import commit_all, init_repo, isolated_git_env
from impact_json import impact_items, impact_json
from pg_server import PgServer

#: The tables as they were before the renames (what old names resolve to).
BEFORE = """\
CREATE TABLE "post" (id int PRIMARY KEY, "author" text);
CREATE TABLE "Note" (id int PRIMARY KEY);
CREATE TABLE "comment" (id int PRIMARY KEY);
CREATE TABLE "NoteReactions" (id int);
CREATE TABLE NoteLikes (id int);
"""
#: Renames as ``dbnamelint migrate`` writes them (every name quoted), and by hand.
RENAMES = """\
ALTER TABLE "comment" RENAME TO "comments";
ALTER TABLE "NoteReactions" RENAME TO note_reactions;
ALTER TABLE NoteLikes RENAME TO note_likes;
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Legacy", status: open}
entries:
  - {kind: table, name: post, phase: "1", target: posts}
  - {kind: table, name: '"Note"', phase: "1", target: notes}
  - {kind: column, name: post.author, phase: "1", target: author_name}
"""
#: Each application line and the identifiers in it: (as SQL spells it, "table" or "column").
LINES = [
    ('q = "SELECT * FROM post"', [("post", "table")]),
    ("q = 'SELECT * FROM \"post\"'", [('"post"', "table")]),
    ('q = "SELECT * FROM POST"', [("POST", "table")]),
    ("q = 'SELECT * FROM \"Post\"'", [('"Post"', "table")]),
    ('q = "SELECT * FROM Note"', [("Note", "table")]),
    ("q = 'SELECT * FROM \"Note\"'", [('"Note"', "table")]),
    ('q = "SELECT * FROM comment"', [("comment", "table")]),
    ("q = 'SELECT * FROM \"comment\"'", [('"comment"', "table")]),
    ("q = 'SELECT * FROM \"NoteReactions\"'", [('"NoteReactions"', "table")]),
    ('q = "SELECT * FROM notereactions"', [("notereactions", "table")]),
    ('q = "SELECT * FROM NoteReactions"', [("NoteReactions", "table")]),
    ('q = "SELECT * FROM notelikes"', [("notelikes", "table")]),
    ('q = "SELECT * FROM NoteLikes"', [("NoteLikes", "table")]),
    ("q = 'SELECT \"author\" FROM post'", [('"author"', "column"), ("post", "table")]),
    ('q = "SELECT AUTHOR FROM post"', [("AUTHOR", "column"), ("post", "table")]),
    ("q = 'SELECT \"Author\" FROM post'", [('"Author"', "column"), ("post", "table")]),
]
#: impact's object names -> the table, or (table, column), before the renames.
TABLES = {
    "post": "post",
    '"Note"': "Note",
    "comments": "comment",
    "note_reactions": "NoteReactions",
    "note_likes": "notelikes",
}
COLUMNS = {"post.author": "author"}  # all on table post


def _impact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str) -> set[tuple[int, str]]:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    (root / "db").mkdir(parents=True)
    (root / "db" / "001_init.sql").write_text(BEFORE + RENAMES, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(f"paths: [db]\ndialect: {dialect}\n", encoding="utf-8")
    (root / "whitelist.yaml").write_text(WHITELIST, encoding="utf-8")
    (root / "app.py").write_text("".join(line + "\n" for line, _ in LINES), encoding="utf-8")
    init_repo(root)
    commit_all(root, "app")
    monkeypatch.chdir(root)
    found = set()
    for obj, item in impact_items(impact_json(codes=(0, 1))):
        assert item["path"] == "app.py"
        found.add((item["line"], obj["name"]))
    return found


def _expected(
    resolve_table: Callable[[str], str | None], has_column: Callable[[str], str | None]
) -> set[tuple[int, str]]:
    """(line, object) for every identifier the database resolves to a tracked object.

    ``resolve_table(ident)``: the stored name of the table ``ident`` reads, or
    None; ``has_column(ident)``: the stored name of post's column it reads, or None.
    """
    out = set()
    for number, (_, idents) in enumerate(LINES, 1):
        for ident, kind in idents:
            if kind == "table":
                stored = resolve_table(ident)
                out |= {(number, n) for n, t in TABLES.items() if t == stored}
            else:
                stored = has_column(ident)
                out |= {(number, n) for n, c in COLUMNS.items() if c == stored}
    return out


def test_postgres_matches_what_the_catalog_resolves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    with pg.fresh_database("dbnl_impact_folding") as db:
        pg.run(sql=BEFORE, dbname=db)

        def lookup(ident: str, where: str) -> str | None:
            written = ident.replace("'", "''")
            rows = pg.query_json(
                f"SELECT name FROM ({where}) AS s(name) WHERE name = (parse_ident('{written}'))[1]",
                db,
            )
            return rows[0]["name"] if rows else None

        expected = _expected(
            lambda i: lookup(i, "SELECT relname::text FROM pg_class WHERE relkind = 'r'"),
            lambda i: lookup(
                i, "SELECT attname::text FROM pg_attribute WHERE attrelid = 'post'::regclass"
            ),
        )
    found = _impact(tmp_path, monkeypatch, "postgres")
    assert found == expected
    # the trial's case, kept visible: "post" quoted in the DDL, post bare in code
    assert (1, "post") in found and (7, "comments") in found
    assert (5, '"Note"') not in found and (4, "post") not in found


def test_sqlite_compares_without_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = sqlite3.connect(":memory:")
    database.executescript(BEFORE)
    stored = ["post", "Note", "comment", "NoteReactions", "NoteLikes"]
    for marker, table in enumerate(stored):
        database.execute(f'INSERT INTO "{table}" (id) VALUES ({marker})')

    def resolve_table(ident: str) -> str | None:
        try:
            (marker,) = database.execute(f"SELECT id FROM {ident}").fetchone()
        except sqlite3.Error:
            return None
        # notelikes is stored as written, NoteLikes: impact's object says notelikes
        return {"NoteLikes": "notelikes"}.get(stored[marker], stored[marker])

    def has_column(ident: str) -> str | None:
        # author is NULL: a real column gives 'null', SQLite's fallback of an
        # unknown "name" to a string literal gives 'text'
        (kind,) = database.execute(f"SELECT typeof({ident}) FROM post").fetchone()
        return "author" if kind == "null" else None

    expected = _expected(resolve_table, has_column)
    found = _impact(tmp_path, monkeypatch, "sqlite")
    assert found == expected
    # SQLite compares names without case: "Note" and note are one table
    assert (5, '"Note"') in found and (4, "post") in found
