"""Writes the compatibility view takes but answers wrongly (trial s20, shiori).

shiori (Go, SQLite) runs ``INSERT INTO bookmark (...) VALUES (...) RETURNING
id`` and scans the id; once ``dbnamelint migrate`` renames ``bookmark`` and
leaves a view with INSTEAD OF triggers under the old name, SQLite returns
the values the INSERT wrote (NULL for the id), and ``last_insert_rowid()``
keeps its value from before (the trigger made the row). ``impact`` listed
the place as one more reference the view keeps working; it now marks it.
flipt (trial s21) reads ``RowsAffected()`` after an UPDATE to know whether
it won a lock: through the view SQLite counts 0 rows changed
(``sqlite3_changes`` leaves out what INSTEAD OF triggers change).

The database is the oracle: each statement runs on the view ``migrate``
generated and on the table, and ``impact`` must mark exactly the statements
whose answers differ (returned rows, the last inserted id, the count of
rows changed), per dialect.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import psycopg
import pytest

import mysql_server
from impact_json import impact_items
from pg_server import PgServer
from test_migrate_dependent_targets import _init, _project
from test_migrate_loop import _run

CONFIG = "paths: [db]\ndialect: {dialect}\nselect: [DBN105]\n"

_ID = {
    "sqlite": "integer PRIMARY KEY",
    "postgres": "serial PRIMARY KEY",
    "mysql": "int AUTO_INCREMENT PRIMARY KEY",
}


def _schema(dialect: str) -> str:
    return (
        f"CREATE TABLE player (id {_ID[dialect]}, name varchar(50) NOT NULL, "
        "hits integer NOT NULL DEFAULT 0);\n"
    )


SEED = "INSERT INTO players (name) VALUES ('a');\n"

#: Each form (``{t}``: the old name, the view; or the new one, the table) and
#: what the code around it reads: the rows it returns, the new row's id
#: (``lastrowid``) or how many rows it changed (``rowcount``).
FORMS: dict[str, tuple[str, str]] = {
    "returning the id it left out": ("INSERT INTO {t} (name) VALUES ('m') RETURNING id", "rows"),
    "returning *": ("INSERT INTO {t} (id, name) VALUES (5, 'e') RETURNING *", "rows"),
    "returning a defaulted column": (
        "INSERT INTO {t} (id, name) VALUES (6, 'f') RETURNING id, hits",
        "rows",
    ),
    "returning only listed columns": (
        "INSERT INTO {t} (id, name) VALUES (7, 'g') RETURNING id, name",
        "rows",
    ),
    "returning, no column list": ("INSERT INTO {t} VALUES (NULL, 'h', 2) RETURNING id", "rows"),
    "insert, the new id read": ("INSERT INTO {t} (name) VALUES ('p')", "id"),
    "insert, no id read": ("INSERT INTO {t} (name) VALUES ('q')", "rows"),
    "update returning": ("UPDATE {t} SET hits = 3 WHERE id = 1 RETURNING id, hits", "rows"),
    "update, the count read": ("UPDATE {t} SET hits = 4 WHERE id = 1", "count"),
    "delete, the count read": ("DELETE FROM {t} WHERE id = 1", "count"),
    "insert, the count read": ("INSERT INTO {t} (name) VALUES ('r')", "count"),
    "update, nothing read": ("UPDATE {t} SET hits = 5 WHERE id = 1", "rows"),
}

#: MariaDB has no UPDATE ... RETURNING.
_SKIP = {"mysql": {"update returning"}}

_READ = {
    "id": "    return cur.lastrowid\n",
    "count": "    return cur.rowcount\n",
    "rows": "    return cur.fetchall()\n",
}


def _code(forms: dict[str, tuple[str, str]]) -> dict[str, str]:
    """One Python file per form, its statement on line 2: a file that reads
    ``cur.lastrowid`` or ``cur.rowcount`` after it, or one that fetches what
    it returns."""
    files = {}
    for i, (sql, reads) in enumerate(forms.values()):
        files[f"app/q{i}.py"] = (
            f'def run(cur):\n    cur.execute("{sql.format(t="player")}")\n{_READ[reads]}'
        )
    return files


def _marks(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialect: str,
    forms: dict[str, tuple[str, str]],
) -> tuple[dict[str, str | None], str]:
    """Per form: the mark ``impact --format json`` gives its statement's
    reference to ``player`` (None: unmarked); and the forward script."""
    root = _project(tmp_path, _schema(dialect), CONFIG.format(dialect=dialect))
    for path, text in _code(forms).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    _init(root, monkeypatch)
    code, out, err = _run(root, monkeypatch, "impact", "--format", "json")
    assert code == 0, out + err
    by_path: dict[str, str | None] = {}
    for _obj, item in impact_items(json.loads(out), "player"):
        assert item["line"] == 2, item
        by_path[item["path"]] = by_path.get(item["path"]) or item["refused"]
    names = list(forms)
    assert set(by_path) == {f"app/q{i}.py" for i in range(len(names))}, by_path
    code, plan, err = _run(root, monkeypatch, "migrate", "--all")
    assert code == 0, plan + err
    forward = plan.split("-- ==== forward ====")[1].split("-- ==== rollback ====", 1)[0]
    return {n: by_path[f"app/q{i}.py"] for i, n in enumerate(names)}, forward


def _answers_differ(run: object, forms: dict[str, tuple[str, str]]) -> dict[str, bool]:
    """Per form: whether the view's answer (rows, the new id or the count of
    rows changed, whichever the code reads) differs from the table's."""
    assert callable(run)
    return {
        name: run(sql.format(t="player"), reads) != run(sql.format(t="players"), reads)
        for name, (sql, reads) in forms.items()
    }


def test_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marks, forward = _marks(tmp_path, monkeypatch, "sqlite", FORMS)

    def run(sql: str, reads: str) -> object:
        db = sqlite3.connect(":memory:")
        try:
            db.executescript(_schema("sqlite") + forward + SEED)
            cur = db.execute(sql)
            if reads == "id":
                return cur.lastrowid
            return cur.rowcount if reads == "count" else cur.fetchall()
        finally:
            db.close()

    differ = _answers_differ(run, FORMS)
    assert {n: m is not None for n, m in marks.items()} == differ
    # the oracle's own verdicts, so the comparison above cannot pass vacuously
    assert differ["returning the id it left out"] and differ["insert, the new id read"]
    assert differ["update, the count read"] and differ["delete, the count read"]
    assert differ["insert, the count read"]
    assert not differ["returning only listed columns"] and not differ["insert, no id read"]
    assert not differ["update, nothing read"]
    assert "RETURNING through the view" in str(marks["returning *"])
    assert "last_insert_rowid()" in str(marks["insert, the new id read"])
    assert "SQLite counts no row changed" in str(marks["update, the count read"])
    assert "will answer wrongly on the compatibility view" in str(marks["returning *"])


def test_postgres(pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forms = dict(FORMS)
    # PostgreSQL takes no NULL for a serial: DEFAULT asks for the next id
    forms["returning, no column list"] = (
        "INSERT INTO {t} VALUES (DEFAULT, 'h', 2) RETURNING id",
        "rows",
    )
    marks, forward = _marks(tmp_path, monkeypatch, "postgres", forms)
    with pg.fresh_database("view_misleads") as name:
        pg.run(sql=_schema("postgres") + forward + SEED, dbname=name)

        def run(sql: str, reads: str) -> object:
            with psycopg.connect(pg.database(name)) as conn, conn.cursor() as cur:
                # a sequence ignores ROLLBACK: each run starts from the seeded row's id
                cur.execute("SELECT setval(pg_get_serial_sequence('players', 'id'), 1)")
                cur.execute(sql)  # psycopg's transaction, rolled back on leaving
                if reads == "count":
                    answer: object = cur.rowcount
                elif reads == "id":
                    # lastval(): the value the serial's sequence gave last, the new id
                    answer = cur.execute("SELECT lastval()").fetchall()
                else:
                    answer = cur.fetchall() if cur.description else None
                conn.rollback()
                return answer

        differ = _answers_differ(run, forms)
    assert not any(differ.values()), differ
    assert marks == dict.fromkeys(forms)


def test_mariadb(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forms = {n: f for n, f in FORMS.items() if n not in _SKIP["mysql"]}
    marks, forward = _marks(tmp_path, monkeypatch, "mysql", forms)
    with maria.fresh_database("view_misleads") as name:
        maria.run(_schema("mysql") + forward + SEED, database=name)

        def run(sql: str, reads: str) -> object:
            last = {"id": " SELECT LAST_INSERT_ID();", "count": " SELECT ROW_COUNT();"}
            # InnoDB's counter ignores ROLLBACK: each run starts after the seeded row
            reset = "ALTER TABLE players AUTO_INCREMENT = 2;"
            return maria.run(
                f"{reset} START TRANSACTION; {sql};{last.get(reads, '')} ROLLBACK;",
                database=name,
            )

        differ = _answers_differ(run, forms)
    assert not any(differ.values()), differ
    assert marks == dict.fromkeys(forms)
