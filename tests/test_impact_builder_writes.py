"""Writes a Go query builder makes through the compatibility view (trial s29, openfga).

openfga's SQLite store writes with squirrel: ``Insert("assertion")...Suffix("ON
CONFLICT (store, authorization_model_id) DO UPDATE SET assertions = ?")``, an
upsert SQLite refuses on a view ('cannot UPSERT a view'), and
``Delete("tuple")...ExecContext(ctx)`` followed by ``res.RowsAffected()``,
which reads 0 through the view's INSTEAD OF trigger (openfga then reports a
write conflict). ``impact`` marked both in SQL text, never in a builder's
chain: the chain's table call was one more reference the view keeps working.
goqu's chains and Kysely's and Knex's (TypeScript) were missed alike.

The database is the oracle: the statement each chain builds (squirrel's
``ToSql``: ``INSERT INTO t (a,b) VALUES (?,?)`` then the ``Suffix``, as its
README shows) runs on the view ``migrate`` generated and on the table, and
``impact`` must mark exactly the chains whose statement the view refuses or
answers differently (the count of rows changed, the row RETURNING gives).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from impact_json import impact_items
from test_migrate_dependent_targets import _init, _project
from test_migrate_loop import _run

CONFIG = "paths: [db]\ndialect: sqlite\nselect: [DBN105]\n"
SCHEMA = (
    "CREATE TABLE player (id integer PRIMARY KEY, name varchar(50) NOT NULL, "
    "hits integer NOT NULL DEFAULT 0);\n"
)
SEED = "INSERT INTO players (name) VALUES ('a');\n"

#: Per form: the squirrel chain (on line 10 of its file), what the code reads
#: after it (``res.RowsAffected()``, ``res.LastInsertId()``, nothing), and
#: the statement the chain builds (``{t}``: the view's name or the table's).
FORMS: dict[str, tuple[str, str, str]] = {
    "upsert": (
        'sq.Insert("player").Columns("id", "name").Values(1, "b").'
        'Suffix("ON CONFLICT (id) DO UPDATE SET hits = hits + 1")',
        "",
        "INSERT INTO {t} (id,name) VALUES (1,'b') ON CONFLICT (id) DO UPDATE SET hits = hits + 1",
    ),
    "upsert, do nothing": (
        'sq.Insert("player").Columns("id", "name").Values(1, "b").Suffix("on conflict do nothing")',
        "",
        "INSERT INTO {t} (id,name) VALUES (1,'b') on conflict do nothing",
    ),
    "delete, the count read": (
        'sq.Delete("player").Where(sq.Eq{"id": 1})',
        "res.RowsAffected()",
        "DELETE FROM {t} WHERE id = 1",
    ),
    "update, the count read": (
        'sq.Update("player").Set("hits", 4).Where(sq.Eq{"id": 1})',
        "res.RowsAffected()",
        "UPDATE {t} SET hits = 4 WHERE id = 1",
    ),
    "insert, the new id read": (
        'sq.Insert("player").Columns("name").Values("c")',
        "res.LastInsertId()",
        "INSERT INTO {t} (name) VALUES ('c')",
    ),
    "returning the id it left out": (
        'sq.Insert("player").Columns("name").Values("d").Suffix("RETURNING id")',
        "",
        "INSERT INTO {t} (name) VALUES ('d') RETURNING id",
    ),
    "returning only listed columns": (
        'sq.Insert("").Into("player").Columns("id", "name").Values(7, "e").'
        'Suffix("RETURNING id, name")',
        "",
        "INSERT INTO {t} (id,name) VALUES (7,'e') RETURNING id, name",
    ),
    "delete, nothing read": (
        'sq.Delete("player").Where(sq.Eq{"id": 1})',
        "",
        "DELETE FROM {t} WHERE id = 1",
    ),
    "insert, nothing read": (
        'sq.Insert("player").Columns("name").Values("f")',
        "",
        "INSERT INTO {t} (name) VALUES ('f')",
    ),
}

#: The same through goqu (``goqu.Insert("t")...OnConflict(goqu.DoUpdate(...))``
#: builds ``INSERT INTO "t" (...) VALUES (...) ON CONFLICT (id) DO UPDATE SET ...``).
GOQU_FORMS: dict[str, tuple[str, str, str]] = {
    "goqu upsert": (
        'goqu.Insert("player").Cols("id", "name").Vals(goqu.Vals{1, "b"}).'
        'OnConflict(goqu.DoUpdate("id", goqu.Record{"hits": goqu.L("hits + 1")}))',
        "",
        'INSERT INTO "{t}" ("id", "name") VALUES (1, \'b\') '
        'ON CONFLICT (id) DO UPDATE SET "hits"=hits + 1',
    ),
    "goqu delete, the count read": (
        'goqu.Delete("player").Where(goqu.Ex{"id": 1})',
        "res.RowsAffected()",
        'DELETE FROM "{t}" WHERE ("id" = 1)',
    ),
    "goqu insert returning listed": (
        'goqu.Insert("player").Cols("id", "name").Vals(goqu.Vals{8, "g"}).Returning("id")',
        "",
        'INSERT INTO "{t}" ("id", "name") VALUES (8, \'g\') RETURNING "id"',
    ),
    "goqu insert, nothing read": (
        'goqu.Insert("player").Cols("name").Vals(goqu.Vals{"h"})',
        "",
        'INSERT INTO "{t}" ("name") VALUES (\'h\')',
    ),
}

#: The same through Kysely and Knex (TypeScript), with the SQL they build for
#: SQLite (kysely.dev "Upsert", "Delete"; knexjs.org "onConflict", "merge").
JS_FORMS: dict[str, tuple[str, str, str]] = {
    "kysely upsert": (
        'db.insertInto("player").values({ id: 1, name: "b" })\n'
        '    .onConflict((oc) => oc.column("id").doUpdateSet({ hits: 2 }))\n'
        "    .execute()",
        "",
        'insert into "{t}" ("id", "name") values (1, \'b\') '
        'on conflict ("id") do update set "hits" = 2',
    ),
    "kysely delete, the count read": (
        'db.deleteFrom("player").where("id", "=", 1).executeTakeFirst()',
        "res.numDeletedRows",
        'delete from "{t}" where "id" = 1',
    ),
    "kysely insert returning all": (
        'db.insertInto("player").values({ name: "k" }).returningAll().execute()',
        "",
        'insert into "{t}" ("name") values (\'k\') returning *',
    ),
    "knex upsert": (
        'knex("player").insert({ id: 1, name: "b" }).onConflict("id").merge()',
        "",
        "insert into `{t}` (`id`, `name`) values (1, 'b') on conflict (`id`) "
        "do update set `id` = excluded.`id`, `name` = excluded.`name`",
    ),
    "knex delete, nothing read": (
        'knex("player").where({ id: 1 }).del()',
        "",
        "delete from `{t}` where `id` = 1",
    ),
}
JS = """\
import { Kysely } from "kysely";
import knexFactory from "knex";

const knex = knexFactory({ client: "better-sqlite3" });

export async function run(db: Kysely<any>) {
  const res = await {chain};
  return {read};
}
"""

GO = """\
package app

import (
\t"database/sql"

\tsq "github.com/Masterminds/squirrel"
)

func run(db *sql.DB) (any, error) {{
\tres, err := {chain}.RunWith(db).Exec()
\tif err != nil {{
\t\treturn nil, err
\t}}
\treturn {read}, nil
}}
"""


ALL_FORMS = {**FORMS, **GOQU_FORMS, **JS_FORMS}


def _marks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, str], str]:
    """Per form: the mark ``impact`` gives its chain's ``player`` ("" for
    none); and the forward script ``migrate`` writes."""
    root = _project(tmp_path, SCHEMA, CONFIG)
    (root / "app").mkdir(exist_ok=True)
    paths = {}
    for i, (name, (chain, read, _sql)) in enumerate(ALL_FORMS.items()):
        paths[name] = f"app/q{i}.ts" if name in JS_FORMS else f"app/q{i}.go"
        if name in JS_FORMS:
            text = JS.replace("{chain}", chain).replace("{read}", read or "res")
            (root / paths[name]).write_text(text, encoding="utf-8")
            continue
        text = GO.format(chain=chain, read=read or "res")
        if name in GOQU_FORMS:
            text = text.replace(
                'sq "github.com/Masterminds/squirrel"', '"github.com/doug-martin/goqu/v9"'
            ).replace(".RunWith(db).Exec()", ".Executor().Exec()")
        (root / paths[name]).write_text(text, encoding="utf-8")
    _init(root, monkeypatch)
    code, out, err = _run(root, monkeypatch, "impact", "--format", "json")
    assert code == 0, out + err
    marks: dict[str, str] = {}
    for _obj, item in impact_items(json.loads(out), "player"):
        assert item["path"] not in marks, item  # one place per file: its chain's table
        marks[item["path"]] = item["refused"] or ""
    assert set(marks) == set(paths.values()), marks
    code, plan, err = _run(root, monkeypatch, "migrate", "--all")
    assert code == 0, plan + err
    forward = plan.split("-- ==== forward ====")[1].split("-- ==== rollback ====", 1)[0]
    return {n: marks[p] for n, p in paths.items()}, forward


def test_sqlite_refuses_or_misleads_builder_writes_as_impact_marks_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marks, forward = _marks(tmp_path, monkeypatch)

    def run(sql: str, read: str) -> object:
        db = sqlite3.connect(":memory:")
        try:
            db.executescript(SCHEMA + forward + SEED)
            try:
                cur = db.execute(sql)
            except sqlite3.OperationalError as error:
                return f"refused: {error}"
            if read in ("res.RowsAffected()", "res.numDeletedRows"):
                return cur.rowcount
            if read == "res.LastInsertId()":
                return cur.lastrowid
            return cur.fetchall()
        finally:
            db.close()

    answers = {
        name: (run(sql.format(t="player"), read), run(sql.format(t="players"), read))
        for name, (_chain, read, sql) in ALL_FORMS.items()
    }
    refused = {n for n, (view, _table) in answers.items() if str(view).startswith("refused")}
    differ = {n for n, (view, table) in answers.items() if view != table}
    # the oracle's own verdicts, so the comparison below cannot pass vacuously
    assert refused == {
        "upsert",
        "upsert, do nothing",
        "goqu upsert",
        "kysely upsert",
        "knex upsert",
    }
    assert answers["upsert"][0] == "refused: cannot UPSERT a view"
    assert {"delete, the count read", "returning the id it left out"} <= differ
    assert "returning only listed columns" not in differ
    assert "delete, nothing read" not in differ
    assert "goqu delete, the count read" in differ
    assert "goqu insert returning listed" not in differ
    assert {"kysely delete, the count read", "kysely insert returning all"} <= differ

    assert {n for n, m in marks.items() if m.startswith("will fail")} == refused
    assert {n for n, m in marks.items() if m} == differ
    assert "SQLite counts no row changed" in marks["delete, the count read"]
    assert "last_insert_rowid()" in marks["insert, the new id read"]
    assert "RETURNING through the view" in marks["returning the id it left out"]
