"""goose sends a migration statement by statement; ours must run that way.

Trial s11b #1 (gophish, goose on MySQL): the whole Up section sat between
``-- +goose StatementBegin``/``StatementEnd``, so goose sent it as one
query, which go-sql-driver/mysql without ``multiStatements=true`` cannot
run (error 1064). goose ends a statement at each line ending in ``;``
outside those markers (its sqlparser), so only a statement with such a line
inside it (a PL/pgSQL ``DO`` body) needs them. Oracles: MariaDB
over PyMySQL without ``CLIENT_MULTI_STATEMENTS``, and Python's sqlite3,
whose ``execute`` refuses more than one statement, each sent goose's pieces
one by one in one transaction.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pymysql
import pytest
from click.testing import CliRunner

import mysql_server
from dbnamelint.cli import cli


def goose_statements(section: str) -> list[str]:
    """goose's split of one section: a statement ends at a line ending in
    ``;``; between StatementBegin and StatementEnd only at StatementEnd;
    comment lines outside a statement are skipped."""
    out: list[str] = []
    buffer: list[str] = []
    whole = False
    for line in section.splitlines():
        stripped = line.strip()
        if stripped == "-- +goose StatementBegin":
            whole = True
            continue
        if stripped == "-- +goose StatementEnd":
            whole = False
            out.append("\n".join(buffer))
            buffer = []
            continue
        if not buffer and (not stripped or stripped.startswith("--")):
            continue
        buffer.append(line)
        if not whole and stripped.endswith(";"):
            out.append("\n".join(buffer))
            buffer = []
    assert not "".join(buffer).strip(), f"goose would refuse the unterminated {buffer}"
    return out


def sections(text: str) -> tuple[str, str]:
    up = text.split("-- +goose Up\n", 1)[1]
    return up.split("-- +goose Down\n", 1)[0], up.split("-- +goose Down\n", 1)[1]


def write(root: Path, monkeypatch: pytest.MonkeyPatch, dialect: str, init: str) -> str:
    folder = root / "db" / "migrations"
    folder.mkdir(parents=True)
    (folder / "20240101000000_init.sql").write_text(
        f"-- +goose Up\n{init}-- +goose Down\nSELECT 1;\n", "utf-8"
    )
    (root / "dbnamelint.yaml").write_text(f"paths: [db/migrations]\ndialect: {dialect}\n")
    monkeypatch.chdir(root)
    runner = CliRunner()
    assert runner.invoke(cli, ["whitelist", "init"]).exit_code == 0
    done = runner.invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert done.exit_code == 0, done.output
    (written,) = [p for p in folder.iterdir() if p.name != "20240101000000_init.sql"]
    return written.read_text("utf-8")


MYSQL_INIT = (
    "CREATE TABLE `Tag` (id int PRIMARY KEY, name varchar(20));\n"
    "CREATE TABLE `BookmarkTag` (tag_id int, KEY `ix_tag` (tag_id),\n"
    "  CONSTRAINT fk_tag FOREIGN KEY (tag_id) REFERENCES `Tag` (id));\n"
)


def test_mysql_migration_runs_one_statement_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: mysql_server.MysqlServer
) -> None:
    up, down = sections(write(tmp_path, monkeypatch, "mariadb", MYSQL_INIT))
    with maria.fresh_database("dbn_goose") as db:
        maria.run(MYSQL_INIT, database=db)
        before = set(maria.run("SHOW TABLES", database=db).split())
        link = pymysql.connect(host=maria.host, port=maria.port, user=maria.user, database=db)
        try:
            cursor = link.cursor()
            for statement in goose_statements(up):  # one query each, as goose sends them
                cursor.execute(statement)
            link.commit()
            after = set(maria.run("SHOW FULL TABLES", database=db).split())
            assert {"tags", "bookmark_tags"} <= after
            for statement in goose_statements(down):
                cursor.execute(statement)
            link.commit()
        finally:
            link.close()
        assert set(maria.run("SHOW TABLES", database=db).split()) == before


SQLITE_INIT = (
    'CREATE TABLE "Tag" (id integer PRIMARY KEY, name text);\n'
    'CREATE TABLE "BookmarkTag" (tag_id integer REFERENCES "Tag" (id));\n'
)


def test_sqlite_triggers_run_as_goose_splits_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = write(tmp_path, monkeypatch, "sqlite", SQLITE_INIT)
    up, down = sections(text)
    pieces = goose_statements(up)
    # each INSTEAD OF trigger is one line ending in END;: goose's split keeps it whole
    assert sum("CREATE TRIGGER" in p for p in pieces) == 6
    assert "StatementBegin" not in text
    db = sqlite3.connect(tmp_path / "app.db", isolation_level=None)
    try:
        db.executescript(SQLITE_INIT)
        before = db.execute("SELECT type, name FROM sqlite_master ORDER BY 1, 2").fetchall()
        db.execute("BEGIN")
        for statement in pieces:
            db.execute(statement)  # refuses more than one statement
        db.execute("COMMIT")
        names = {n for (n,) in db.execute("SELECT name FROM sqlite_master")}
        assert {"tags", "bookmark_tags", "Tag", "BookmarkTag"} <= names
        db.execute('INSERT INTO "Tag" (id, name) VALUES (1, ?)', ("x",))  # through the view
        assert db.execute("SELECT name FROM tags").fetchall() == [("x",)]
        db.execute("DELETE FROM tags")
        db.execute("BEGIN")
        for statement in goose_statements(down):
            db.execute(statement)
        db.execute("COMMIT")
        assert db.execute("SELECT type, name FROM sqlite_master ORDER BY 1, 2").fetchall() == before
    finally:
        db.close()


def test_only_statements_with_inner_semicolon_lines_are_wrapped() -> None:
    """A DO body or a multi-line trigger is one statement between the markers;
    goose's split of the result (as above) gives back the splitter's statements."""
    from dbnamelint.services.migrate.layout import _one_statement

    script = (
        "-- forward\n"
        'ALTER TABLE "a" RENAME TO "b";\n'
        "DO $$\nBEGIN\n  EXECUTE 'GRANT SELECT ON b TO x';\n  PERFORM 1;\nEND\n$$;\n"
        'CREATE VIEW "a" AS SELECT * FROM "b";\n'
    )
    mark = ("-- +goose StatementBegin\n", "-- +goose StatementEnd\n")
    wrapped = _one_statement(script, "postgres", mark)
    assert wrapped == script.replace("DO $$", mark[0] + "DO $$").replace("$$;\n", "$$;\n" + mark[1])
    assert [s.splitlines()[0] for s in goose_statements(wrapped)] == [
        'ALTER TABLE "a" RENAME TO "b";',
        "DO $$",
        'CREATE VIEW "a" AS SELECT * FROM "b";',
    ]
    trigger = (
        'CREATE TRIGGER "t" INSTEAD OF INSERT ON "a"\nBEGIN\n'
        '  INSERT INTO "b" VALUES (NEW."id");\nEND;\n'
    )
    assert _one_statement(trigger, "sqlite", mark) == mark[0] + trigger + mark[1]
    assert _one_statement('ALTER TABLE "a" RENAME TO "b";\n', "mysql", mark) == (
        'ALTER TABLE "a" RENAME TO "b";\n'
    )
