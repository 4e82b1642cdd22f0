"""``impact``: a name ``AS`` binds in SQL read line by line is no use of the column (session 42).

rust-lang/crates.io's ``dump-db.toml`` filters users with ``SELECT owner_id
AS user_id FROM crate_owners ... UNION SELECT published_by as user_id FROM
versions``, years after ``crate_owners.user_id`` was renamed to
``owner_id``. A TOML value, a JSON or YAML string, an insta snapshot: no
statement reader covers them, so the line was judged word by word, and the
output name ``user_id`` was a high ``[SQL]`` reference of the old column;
``impact --diff`` rewrote it to ``AS owner_id``, changing the result column
the code reads by name. A name right after ``AS`` (not a cast's, not MySQL's
``RENAME AS``) is now what the statement binds, as in a statement read
whole.

Oracle: PostgreSQL 15 after the migrations runs each statement: the one
naming the old column as an output name runs (its result column is
``user_id``), the one using the old column fails, "column ... does not
exist"; impact lists exactly the latter.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo
from pg_server import PgServer, SqlFailed

MIGRATIONS = {
    "migrations/2017-01-01-000000_owners/up.sql": (
        "CREATE TABLE crate_owners (id int PRIMARY KEY, user_id int NOT NULL, deleted bool);\n"
        "CREATE TABLE versions (id int PRIMARY KEY, published_by int);\n"
    ),
    "migrations/2017-02-01-000000_rename/up.sql": (
        "ALTER TABLE crate_owners RENAME COLUMN user_id TO owner_id;\n"
    ),
}

#: Statements that only name the old column as an output name or an alias.
BOUND = (
    "SELECT owner_id AS user_id FROM crate_owners WHERE NOT deleted",
    "SELECT published_by as user_id FROM versions",
    'SELECT owner_id AS "user_id" FROM crate_owners',
    "SELECT CAST(owner_id AS text) AS user_id FROM crate_owners",
)
#: A statement still using the old column (the positive control).
USED = "SELECT user_id FROM crate_owners"


def _files() -> dict[str, str]:
    toml = '[users]\nfilter = """\nid in (\n    ' + "\n    UNION\n    ".join(BOUND[:2])
    toml += '\n)"""\nstale = "' + USED + '"\n'
    quoted = [s.replace('"', '\\"') for s in (*BOUND, USED)]
    return {
        **MIGRATIONS,
        "dbnamelint.yaml": "dialect: postgres\npaths: [migrations]\n",
        "src/dump-db.toml": toml,
        "src/queries.json": "{\n"
        + ",\n".join(f'  "q{i}": "{q}"' for i, q in enumerate(quoted))
        + "\n}\n",
        "src/queries.yaml": "".join(f"q{i}: '{q}'\n" for i, q in enumerate((*BOUND, USED))),
        "src/snapshots/export.sql.snap": "---\nsource: src/lib.rs\n---\n"
        + "".join(f"\\copy ({q}) TO 'x.csv'\n" for q in (*BOUND, USED)),
    }


def _items() -> list[dict[str, object]]:
    result = CliRunner().invoke(
        cli, ["impact", "--no-cache", "--format", "json", "--min-confidence", "plain"]
    )
    assert result.exit_code == 0, result.output
    return [
        item
        for group in json.loads(result.stdout)["phases"]
        for obj in group["objects"]
        if obj["name"] == "crate_owners.owner_id"
        for item in obj["items"]
    ]


def test_postgresql_tells_the_output_name_from_the_old_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    files = _files()
    committed_repo(tmp_path, files, monkeypatch)
    with pg.fresh_database("s42_impact_as") as db:
        pg.run(files=[tmp_path / p for p in MIGRATIONS], dbname=db)
        rows = "INSERT INTO crate_owners VALUES (1, 2, false); INSERT INTO versions VALUES (1, 2);"
        pg.run(sql=rows, dbname=db)
        for statement in BOUND:  # runs: the old name is only the result's
            names = {k for row in pg.query_json(statement, dbname=db) for k in row}
            assert names == {"user_id"}
        with pytest.raises(SqlFailed, match='column "user_id" does not exist'):
            pg.run(sql=f"{USED};", dbname=db)
    items = _items()
    used = {
        (str(i["path"]), str(i["text"]).strip())
        for i in items
        if str(i["name"]).lower() == "user_id"
    }
    # Before: every AS user_id above was a high [SQL] reference too.
    assert {(p, t) for p, t in used} == {
        ("src/dump-db.toml", f'stale = "{USED}"'),
        ("src/queries.json", f'"q{len(BOUND)}": "{USED}"'),
        ("src/queries.yaml", f"q{len(BOUND)}: '{USED}'"),
        ("src/snapshots/export.sql.snap", f"\\copy ({USED}) TO 'x.csv'"),
    }, items
    assert all(i["confidence"] == "high" for i in items), items


def test_diff_leaves_the_output_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: ``AS user_id`` became ``AS owner_id`` in every file."""
    committed_repo(tmp_path, _files(), monkeypatch)
    diff = CliRunner().invoke(cli, ["impact", "--no-cache", "--diff"])
    assert diff.exit_code == 0, diff.output
    lines = diff.stdout.splitlines()
    removed = [x[1:] for x in lines if x.startswith("-") and not x.startswith("---")]
    added = [x[1:] for x in lines if x.startswith("+") and not x.startswith("+++")]
    # only the stale use is renamed, each output name left as it was
    assert len(removed) == 4, diff.stdout
    assert [r.replace(USED, USED.replace("user_id", "owner_id")) for r in removed] == added
