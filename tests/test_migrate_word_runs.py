"""A table's new name that is a word run of its old one, or the other way round.

Trial s8-t2 F4: after ``post_votes`` -> ``votes``, ``migrate`` left
``post_votes_post_id_fkey`` and ``post_votes_post_id_idx`` as they were, and
DBN504 stayed silent: the names "already contained" the new name ``votes``.
A current name spelled inside the old one is the old name; an old name
spelled inside the current one (``logs`` -> ``app_logs``: ``app_logs_pkey``)
is the current one. Both directions, at the start, the end and the middle.

The oracle for every name is PostgreSQL itself: the legacy schema spells the
names PostgreSQL chooses for the old tables (``CREATE INDEX ON t (c)``), so
after the forward script the catalog must hold exactly the names PostgreSQL
chooses when the same schema is created under the new table names.
``pg_dump`` shows the rollback restores the legacy schema byte for byte.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dbnamelint.runner.pipeline import schema_from_sql
from dbnamelint.services.migrate.plan import plan_renames
from dbnamelint.services.migrate.requests import parse_rename
from pg_server import PgServer
from test_loop_targets import _NAMES_SQL
from test_migrate_dependent_targets import _apply_and_roll_back, _init, _phase, _project
from test_migrate_loop import _run

#: old table -> new table: the new one a suffix, a prefix-extended, an infix,
#: an infix-extended name of the old one.
RENAMES = {
    "post_votes": "votes",
    "likes": "post_likes",
    "app_post_flags_v2": "post_flags",
    "marks": "app_marks_v2",
}


def _schema(names: dict[str, str], explicit: bool) -> str:
    """The schema with each table called ``names[old]``; ``explicit``: its
    constraints and indexes spelled out with the names PostgreSQL gives them
    under that table name, else left for PostgreSQL to choose."""
    lines = ["CREATE TABLE posts (id int PRIMARY KEY);"]
    for old in RENAMES:
        t = names[old]
        lines.append(f"CREATE TABLE {t} (id int PRIMARY KEY, post_id int, user_id int);")
        fk = f"CONSTRAINT {t}_post_id_fkey " if explicit else ""
        lines.append(f"ALTER TABLE {t} ADD {fk}FOREIGN KEY (post_id) REFERENCES posts (id);")
        uq = f"CONSTRAINT {t}_post_id_user_id_key " if explicit else ""
        lines.append(f"ALTER TABLE {t} ADD {uq}UNIQUE (post_id, user_id);")
        idx = f"{t}_user_id_idx " if explicit else ""
        lines.append(f"CREATE INDEX {idx}ON {t} (user_id);")
    return "\n".join(lines) + "\n"


CONFIG = "paths: [db]\ndialect: postgres\nselect: [DBN107, DBN504]\n" + (
    "rules:\n  table-legacy-name:\n    options:\n      names:\n"
    + "".join(f"        {old}: {new}\n" for old, new in RENAMES.items())
)


def _chosen_by_postgres(pg: PgServer, sql: str, db_name: str) -> set[str]:
    with pg.fresh_database(db_name) as db:
        pg.run(sql=sql, dbname=db)
        return {row["name"] for row in pg.query_json(_NAMES_SQL, db)}


def test_the_legacy_schema_spells_postgres_own_names(pg: PgServer) -> None:
    """The premise: the explicit names are the ones PostgreSQL would choose."""
    same = {old: old for old in RENAMES}
    assert _chosen_by_postgres(pg, _schema(same, True), "dbnl_word_runs_a") == (
        _chosen_by_postgres(pg, _schema(same, False), "dbnl_word_runs_b")
    )


def test_dependents_follow_a_table_whose_names_contain_each_other(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, _schema({o: o for o in RENAMES}, True), CONFIG)
    _init(root, monkeypatch)
    plan = _phase(root, monkeypatch, "1")  # write, prune, check passes (no DBN504)
    assert "votes.post_votes_post_id_fkey -> votes_post_id_fkey" in plan
    assert "post_likes.likes_user_id_idx -> post_likes_user_id_idx" in plan
    code, out, err = _run(root, monkeypatch, "check", "--select", "DBN504")
    assert code == 0 and "DBN504" not in out, out + err
    names = _apply_and_roll_back(pg, root, "dbnl_word_runs_fwd")
    assert names == _chosen_by_postgres(pg, _schema(RENAMES, False), "dbnl_word_runs_new")


def test_dbn504_reads_names_left_by_a_bare_table_rename(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the tables renamed: DBN504 reports every stale name, and its
    suggestion is the name PostgreSQL chooses on the new table."""
    sql = _schema({o: o for o in RENAMES}, True) + "".join(
        f"ALTER TABLE {old} RENAME TO {new};\n" for old, new in RENAMES.items()
    )
    root = _project(tmp_path, sql, "paths: [db]\ndialect: postgres\nselect: [DBN504]\n")
    code, out, err = _run(root, monkeypatch, "check", "--format", "json")
    assert code == 1, out + err
    suggested = {f["name"]: f["suggestion"] for f in json.loads(out)["findings"]}
    assert set(suggested) == {
        f"{old}{rest}"
        for old in RENAMES
        for rest in ("_pkey", "_post_id_fkey", "_post_id_user_id_key", "_user_id_idx")
    }
    expected = _chosen_by_postgres(pg, _schema(RENAMES, False), "dbnl_word_runs_504")
    assert set(suggested.values()) == expected - {"posts_pkey"}


def test_the_planner_alone_renames_each_dependent() -> None:
    schema = schema_from_sql(_schema({o: o for o in RENAMES}, True), dialect="postgres")
    requests = [parse_rename(f"{o}={n}") for o, n in RENAMES.items()]
    plan = plan_renames(schema, requests, dialect="postgres")
    renamed = {s.old: s.new for s in plan.steps}
    for old, new in RENAMES.items():
        assert renamed[f"{old}_user_id_idx"] == f"{new}_user_id_idx"
        assert renamed[f"{old}_post_id_fkey"] == f"{new}_post_id_fkey"
