"""Writes the compatibility view takes but answers wrongly (trial s20, shiori).

shiori (Go, SQLite) runs ``INSERT INTO bookmark (...) VALUES (...) RETURNING
id`` and scans the id; once ``dbnamelint migrate`` renames ``bookmark`` and
leaves a view with INSTEAD OF triggers under the old name, SQLite returns
the values the INSERT wrote (NULL for the id), and ``last_insert_rowid()``
keeps its value from before (the trigger made the row). ``impact`` listed
the place as one more reference the view keeps working; it now marks it.

The database is the oracle: each statement runs on the view ``migrate``
generated and on the table, and ``impact`` must mark exactly the statements
whose answers differ (returned rows, the last inserted id), per dialect.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

import mysql_server
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
#: whether the code around it reads the new row's id (``lastrowid``).
FORMS: dict[str, tuple[str, bool]] = {
    "returning the id it left out": ("INSERT INTO {t} (name) VALUES ('m') RETURNING id", False),
    "returning *": ("INSERT INTO {t} (id, name) VALUES (5, 'e') RETURNING *", False),
    "returning a defaulted column": (
        "INSERT INTO {t} (id, name) VALUES (6, 'f') RETURNING id, hits",
        False,
    ),
    "returning only listed columns": (
        "INSERT INTO {t} (id, name) VALUES (7, 'g') RETURNING id, name",
        False,
    ),
    "returning, no column list": ("INSERT INTO {t} VALUES (NULL, 'h', 2) RETURNING id", False),
    "insert, the new id read": ("INSERT INTO {t} (name) VALUES ('p')", True),
    "insert, no id read": ("INSERT INTO {t} (name) VALUES ('q')", False),
    "update returning": ("UPDATE {t} SET hits = 3 WHERE id = 1 RETURNING id, hits", False),
}

#: MariaDB has no UPDATE ... RETURNING.
_SKIP = {"mysql": {"update returning"}}


def _code(forms: dict[str, tuple[str, bool]]) -> dict[str, str]:
    """One Python file per form, its statement on line 2: a file that reads
    ``cur.lastrowid`` after it, or one that fetches what it returns."""
    files = {}
    for i, (sql, reads_id) in enumerate(forms.values()):
        after = "    return cur.lastrowid\n" if reads_id else "    return cur.fetchall()\n"
        files[f"app/q{i}.py"] = (
            f'def run(cur):\n    cur.execute("{sql.format(t="player")}")\n{after}'
        )
    return files


def _marks(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialect: str,
    forms: dict[str, tuple[str, bool]],
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
    for phase in json.loads(out)["phases"]:
        for obj in phase["objects"]:
            for item in obj["items"] if obj["name"] == "player" else ():
                assert item["line"] == 2, item
                by_path[item["path"]] = by_path.get(item["path"]) or item["refused"]
    names = list(forms)
    assert set(by_path) == {f"app/q{i}.py" for i in range(len(names))}, by_path
    code, plan, err = _run(root, monkeypatch, "migrate", "--all")
    assert code == 0, plan + err
    forward = plan.split("-- ==== forward ====")[1].split("-- ==== rollback ====", 1)[0]
    return {n: by_path[f"app/q{i}.py"] for i, n in enumerate(names)}, forward


def _answers_differ(run: object, forms: dict[str, tuple[str, bool]]) -> dict[str, bool]:
    """Per form: whether the view's answer (rows, and the new id where the
    code reads it) differs from the table's."""
    assert callable(run)
    return {
        name: run(sql.format(t="player"), reads_id) != run(sql.format(t="players"), reads_id)
        for name, (sql, reads_id) in forms.items()
    }


def test_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marks, forward = _marks(tmp_path, monkeypatch, "sqlite", FORMS)

    def run(sql: str, reads_id: bool) -> object:
        db = sqlite3.connect(":memory:")
        try:
            db.executescript(_schema("sqlite") + forward + SEED)
            cur = db.execute(sql)
            return cur.lastrowid if reads_id else cur.fetchall()
        finally:
            db.close()

    differ = _answers_differ(run, FORMS)
    assert {n: m is not None for n, m in marks.items()} == differ
    # the oracle's own verdicts, so the comparison above cannot pass vacuously
    assert differ["returning the id it left out"] and differ["insert, the new id read"]
    assert not differ["returning only listed columns"] and not differ["insert, no id read"]
    assert "RETURNING through the view" in str(marks["returning *"])
    assert "last_insert_rowid()" in str(marks["insert, the new id read"])
    assert "will answer wrongly on the compatibility view" in str(marks["returning *"])


def test_postgres(pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forms = dict(FORMS)
    # PostgreSQL takes no NULL for a serial: DEFAULT asks for the next id
    forms["returning, no column list"] = (
        "INSERT INTO {t} VALUES (DEFAULT, 'h', 2) RETURNING id",
        False,
    )
    marks, forward = _marks(tmp_path, monkeypatch, "postgres", forms)
    with pg.fresh_database("view_misleads") as name:
        pg.run(sql=_schema("postgres") + forward + SEED, dbname=name)

        def run(sql: str, reads_id: bool) -> object:
            # lastval(): the value the serial's sequence gave last, PostgreSQL's new id
            last = " SELECT lastval();" if reads_id else ""
            # a sequence ignores ROLLBACK: each run starts from the seeded row's id
            reset = "SELECT setval(pg_get_serial_sequence('players', 'id'), 1);"
            return pg.run(sql=f"{reset} BEGIN; {sql};{last} ROLLBACK;", dbname=name)

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

        def run(sql: str, reads_id: bool) -> object:
            last = " SELECT LAST_INSERT_ID();" if reads_id else ""
            # InnoDB's counter ignores ROLLBACK: each run starts after the seeded row
            reset = "ALTER TABLE players AUTO_INCREMENT = 2;"
            return maria.run(f"{reset} START TRANSACTION; {sql};{last} ROLLBACK;", database=name)

        differ = _answers_differ(run, forms)
    assert not any(differ.values()), differ
    assert marks == dict.fromkeys(forms)
