"""An upsert naming its constraint fails on the compatibility view (trial s43, ente).

ente's cron lock (``server/pkg/repo/tasklock.go``) upserts ``INSERT INTO
task_lock(...) VALUES($1, $2, $3, $4) ON CONFLICT ON CONSTRAINT task_lock_pkey
DO UPDATE SET ...``. Once ``dbnamelint migrate`` renames ``task_lock`` and
leaves a view under the old name, PostgreSQL refuses the statement
(``constraint "task_lock_pkey" for table "task_lock" does not exist``; a
view has no constraints, so the constraint's new name fails too), while
``impact`` listed the place as one more reference the view keeps working: it
marked only TRUNCATE, COPY and MERGE. The same statement comes out of
squirrel's ``Suffix("ON CONFLICT ON CONSTRAINT ...")`` and Kysely's
``onConflict((oc) => oc.constraint("..."))``.

The database is the oracle: each statement runs on the view ``migrate``
generated and on the new table (PostgreSQL, PREPARE then EXECUTE, as the
drivers send ``$n``), and ``impact`` must mark exactly the places whose
statement the view refused. Kysely's SQL is the real Kysely's
(tests/kysely/compile.cjs); squirrel's is the one its README documents
(``INSERT INTO t (a,b) VALUES ($1,$2)`` then the ``Suffix``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from impact_json import impact_items
from pg_server import PgServer, SqlFailed
from test_impact_casts_kysely import _compiled
from test_migrate_dependent_targets import _init, _project
from test_migrate_loop import _run

CONFIG = "paths: [db]\ndialect: postgres\nselect: [DBN105]\n"

#: ente's 9_create_datacenter.up.sql, its task_lock table.
SCHEMA = """\
CREATE TABLE IF NOT EXISTS task_lock (
    task_name  TEXT PRIMARY KEY,
    lock_until BIGINT NOT NULL,
    locked_at  BIGINT NOT NULL,
    locked_by  TEXT NOT NULL
);
"""
SEED = "INSERT INTO task_locks VALUES ('cron', 1, 1, 'a');\n"

#: ente's AcquireLock (line 5 names the table), and an upsert on the columns (line 12).
TASKLOCK_GO = """\
package repo

func (repo *TaskLockRepository) AcquireLock(name string, until int64, now int64, by string) error {
	_, err := repo.DB.Exec(
		`INSERT INTO task_lock(task_name, lock_until, locked_at, locked_by) VALUES($1, $2, $3, $4)
		ON CONFLICT ON CONSTRAINT task_lock_pkey DO UPDATE SET lock_until = $2, locked_at = $3,
		locked_by = $4 where task_lock.lock_until < $3`, name, until, now, by)
	return err
}

func (repo *TaskLockRepository) Touch(name string) error {
	_, err := repo.DB.Exec(`INSERT INTO task_lock(task_name, lock_until, locked_at, locked_by)
		VALUES($1, 0, 0, '') ON CONFLICT (task_name) DO NOTHING`, name)
	return err
}
"""

#: squirrel (line 10: the upsert by constraint; line 17: by column).
SQUIRREL_GO = """\
package repo

import (
\t"database/sql"

\tsq "github.com/Masterminds/squirrel"
)

func lock(db *sql.DB) error {
\t_, err := sq.Insert("task_lock").Columns("task_name", "lock_until", "locked_at", "locked_by").
\t\tValues("cron", 2, 2, "b").Suffix("ON CONFLICT ON CONSTRAINT task_lock_pkey DO NOTHING").
\t\tPlaceholderFormat(sq.Dollar).RunWith(db).Exec()
\treturn err
}

func touch(db *sql.DB) error {
\t_, err := sq.Insert("task_lock").Columns("task_name", "lock_until", "locked_at", "locked_by").
\t\tValues("cron", 2, 2, "b").Suffix("ON CONFLICT (task_name) DO NOTHING").
\t\tPlaceholderFormat(sq.Dollar).RunWith(db).Exec()
\treturn err
}
"""

#: What the squirrel chains send, ``{t}`` and ``{c}`` the table's and its key's names.
SQUIRREL_SQL = {
    10: "INSERT INTO {t} (task_name,lock_until,locked_at,locked_by) VALUES ($1,$2,$3,$4) "
    "ON CONFLICT ON CONSTRAINT {c} DO NOTHING",
    17: "INSERT INTO {t} (task_name,lock_until,locked_at,locked_by) VALUES ($1,$2,$3,$4) "
    "ON CONFLICT (task_name) DO NOTHING",
}
SQUIRREL_VALUES = ["cron", 2, 2, "b"]

#: Kysely (line 4: by constraint; line 10: by column); {t} and {c} as above.
KYSELY_TS = """\
import { Kysely } from "kysely";

export async function lock(db: Kysely<any>) {
  return db.insertInto("{t}")
    .values({ task_name: "cron", lock_until: 3, locked_at: 3, locked_by: "c" })
    .onConflict((oc) => oc.constraint("{c}").doNothing())
    .execute();
}
export async function touch(db: Kysely<any>) {
  return db.insertInto("{t}")
    .values({ task_name: "cron", lock_until: 3, locked_at: 3, locked_by: "c" })
    .onConflict((oc) => oc.column("task_name").doUpdateSet({ lock_until: 4 }))
    .execute();
}
"""

#: The same chains as a module compile.cjs builds: name -> query.
KYSELY_MODULE = """\
module.exports = (db) => ({
  4: db.insertInto("{t}")
    .values({ task_name: "cron", lock_until: 3, locked_at: 3, locked_by: "c" })
    .onConflict((oc) => oc.constraint("{c}").doNothing()),
  10: db.insertInto("{t}")
    .values({ task_name: "cron", lock_until: 3, locked_at: 3, locked_by: "c" })
    .onConflict((oc) => oc.column("task_name").doUpdateSet({ lock_until: 4 })),
});
"""


def _literal(value: object) -> str:
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _statements(tmp_path: Path, table: str, key: str) -> dict[tuple[str, int], tuple[str, list]]:
    """(file, line of the table's name) -> (the statement sent, its parameters),
    for ``table`` and its primary key ``key``."""
    go = TASKLOCK_GO.split("`")
    out: dict[tuple[str, int], tuple[str, list]] = {
        ("app/tasklock.go", 5): (go[1].replace("task_lock", table), ["cron", 5, 5, "d"]),
        ("app/tasklock.go", 12): (go[3].replace("task_lock", table), ["cron"]),
    }
    for line, sql in SQUIRREL_SQL.items():
        out["app/squirrel.go", line] = (sql.format(t=table, c=key), SQUIRREL_VALUES)
    module = tmp_path / f"kysely_{table}.cjs"
    module.write_text(KYSELY_MODULE.replace("{t}", table).replace("{c}", key), encoding="utf-8")
    for line, query in _compiled(module).items():
        parameters = query["parameters"]
        assert isinstance(parameters, list)
        out["app/locks.ts", int(line)] = (str(query["sql"]), parameters)
    return out


def test_upserts_on_a_named_constraint_are_marked_as_postgres_refuses_them(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, SCHEMA, CONFIG)
    (root / "app").mkdir()
    (root / "app" / "tasklock.go").write_text(TASKLOCK_GO, encoding="utf-8")
    (root / "app" / "squirrel.go").write_text(SQUIRREL_GO, encoding="utf-8")
    kysely = KYSELY_TS.replace("{t}", "task_lock").replace("{c}", "task_lock_pkey")
    (root / "app" / "locks.ts").write_text(kysely, encoding="utf-8")
    _init(root, monkeypatch)
    code, plan, err = _run(root, monkeypatch, "migrate", "--all")
    assert code == 0, plan + err
    assert "task_lock -> task_locks" in plan and "task_lock_pkey -> task_locks_pkey" in plan
    forward = plan.split("-- ==== forward ====")[1].split("-- ==== rollback ====", 1)[0]

    old = _statements(tmp_path, "task_lock", "task_lock_pkey")
    new = _statements(tmp_path, "task_locks", "task_locks_pkey")
    refused: dict[tuple[str, int], str] = {}
    with pg.fresh_database("s43_on_constraint") as name:
        pg.run(sql=SCHEMA + forward + SEED, dbname=name)

        def run(sql: str, parameters: list) -> str | None:
            values = ", ".join(_literal(p) for p in parameters)
            try:
                pg.run(
                    sql=f"BEGIN; PREPARE s AS {sql}; EXECUTE s({values}); ROLLBACK;", dbname=name
                )
            except SqlFailed as exc:
                return str(exc)
            return None

        for place, (sql, parameters) in old.items():
            assert run(*new[place]) is None, f"{place} fails on the table itself"
            error = run(sql, parameters)
            if error is not None:
                refused[place] = error
    # the oracle's own verdicts, so the comparison below cannot pass vacuously
    assert set(refused) == {
        ("app/tasklock.go", 5),
        ("app/squirrel.go", 10),
        ("app/locks.ts", 4),
    }, refused
    assert 'constraint "task_lock_pkey" for table "task_lock" does not exist' in str(
        refused["app/tasklock.go", 5]
    )

    code, out, err = _run(root, monkeypatch, "impact", "--format", "json")
    assert code == 0, out + err
    marks: dict[tuple[str, int], str] = {}
    for _obj, item in impact_items(json.loads(out), "task_lock"):
        key = (item["path"], item["line"])
        marks[key] = marks.get(key) or item["refused"] or ""
    assert set(old) <= set(marks), marks
    assert {place for place, mark in marks.items() if mark} == set(refused), marks
    mark = marks["app/tasklock.go", 5]
    assert "PostgreSQL cannot take ON CONFLICT ON CONSTRAINT through a view" in mark
    assert "write to the new name task_locks before the forward script runs" in mark
