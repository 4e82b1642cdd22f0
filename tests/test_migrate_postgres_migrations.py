"""The npm ``postgres-migrations`` runner (ThomWright/postgres-migrations) runs the
migrations: ``migrate`` names its layout, numbers the new file as the runner
wants and leaves the transaction to it (trial s15, supabase/storage).

The runner's ``runMigration`` (``src/run-migration.ts``, 5.3) sends
``START TRANSACTION``, the file's text, the ``INSERT INTO migrations ("id",
"name", "hash")`` that records it, then ``COMMIT`` (``ROLLBACK`` on error),
unless the text holds ``-- postgres-migrations disable-transaction``. A
script with its own ``BEGIN``/``COMMIT`` ends that transaction early ("there
is already a transaction in progress"): the renames commit and the row is
written outside it. PostgreSQL judges: each forward script runs inside such
a transaction, which is then rolled back, and the old names (and no row)
must be all that is left; the same oracle shows the early commit of the
numbered layout's script (its own ``BEGIN``/``COMMIT``). Ids must be
consecutive from 1 (``validation.ts``); the runner reads every ``.sql``
file of its folder (``files-loader.ts``), so no rollback may sit there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo
from pg_server import PgServer

INIT = (
    "CREATE TABLE banned_user (id SERIAL CONSTRAINT banned_user_pkey PRIMARY KEY);\n"
    "CREATE TABLE parent (id SERIAL PRIMARY KEY);\n"
)
WHITELIST = (
    'phases:\n  - {id: "1", title: "x", status: open}\nentries:\n'
    '  - {kind: table, name: banned_user, rules: [DBN105], phase: "1", target: banned_users}\n'
    '  - {kind: table, name: parent, rules: [DBN105], phase: "1", target: parents}\n'
)
#: The runner's own migration 0 (``src/migrations/0_create-migrations-table.sql``, 5.3).
RUNNER_TABLE = """CREATE TABLE IF NOT EXISTS migrations (
  id integer PRIMARY KEY,
  name varchar(100) UNIQUE NOT NULL,
  hash varchar(40) NOT NULL,
  executed_at timestamp DEFAULT current_timestamp
);
"""
PACKAGE = json.dumps({"name": "app", "dependencies": {"postgres-migrations": "^5.3.0"}})
FOLDER = "migrations/tenant"
RELATIONS = (
    "SELECT relname FROM pg_class WHERE relkind IN ('r', 'v') "
    "AND relnamespace = 'public'::regnamespace AND relname <> 'migrations'"
)


def _tree(
    root: Path,
    monkeypatch: pytest.MonkeyPatch,
    package: str | None,
    names: tuple[str, ...] = ("0001-initialmigration.sql",),
) -> None:
    files = {
        "dbnamelint.yaml": f"paths: [{FOLDER}]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        f"{FOLDER}/{names[0]}": INIT,
        **{f"{FOLDER}/{name}": "SELECT 1;\n" for name in names[1:]},
    }
    if package is not None:
        files["package.json"] = package
    committed_repo(root, files, monkeypatch)


def _migrate(*args: str) -> str:
    done = CliRunner().invoke(cli, ["migrate", "--all", *args])
    assert done.exit_code == 0, done.output
    return done.output


def _bare(text: str) -> list[str]:
    return [line.strip().upper() for line in text.splitlines()]


@pytest.mark.parametrize(
    ("package", "layout", "forced"),
    [
        (PACKAGE, "postgres-migrations", False),
        # a plain numbered folder whose files open no transaction: none either
        (None, "numbered", False),
        # --transaction: its own BEGIN/COMMIT, which commits early under this runner
        (None, "numbered", True),
    ],
)
def test_the_forward_commits_with_the_runners_row_or_not_at_all(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pg: PgServer,
    package: str | None,
    layout: str,
    forced: bool,
) -> None:
    _tree(tmp_path, monkeypatch, package)
    out = _migrate("--write", *(["--transaction"] if forced else []))
    assert f"Files ({layout} layout), written:" in out, out
    noted = "postgres-migrations runs each migration file in a transaction of its own" in out
    assert noted == (layout == "postgres-migrations"), out
    forward = tmp_path / FOLDER / "0002-rename-whitelist-targets.sql"
    rollback = tmp_path / "migrations/rollbacks/0002-rename-whitelist-targets.sql"
    assert sorted(p.name for p in (tmp_path / FOLDER).iterdir()) == [
        "0001-initialmigration.sql",
        forward.name,
    ]
    wrapped = "BEGIN;" in _bare(forward.read_text()) and "COMMIT;" in _bare(forward.read_text())
    assert wrapped == forced

    def as_runner(script: Path, record: str, end: str) -> None:
        """What ``runMigration`` sends on one connection: START TRANSACTION,
        the script, the row, then the end of the transaction."""
        begin, done = tmp_path / "begin.sql", tmp_path / "record.sql"
        begin.write_text("START TRANSACTION;\n")
        done.write_text(f"{record};\n{end};\n")
        pg.run(files=[begin, script, done], dbname=db)

    def state() -> tuple[set[str], list[int]]:
        names = {r["relname"] for r in pg.query_json(RELATIONS, db)}
        rows = pg.query_json("SELECT id FROM migrations ORDER BY id", db)
        return names, [r["id"] for r in rows]

    insert = (
        'INSERT INTO migrations ("id", "name", "hash") '
        "VALUES (2, 'rename-whitelist-targets', 'x')"
    )
    with pg.fresh_database("dbn_pgmig_tx") as db:
        pg.run(files=[tmp_path / FOLDER / "0001-initialmigration.sql"], sql=RUNNER_TABLE, dbname=db)
        pg.run(sql="INSERT INTO migrations VALUES (1, 'initialmigration', 'x');", dbname=db)
        as_runner(forward, insert, "ROLLBACK")
        if forced:
            # its own COMMIT ended the runner's transaction: renames and row stayed
            assert state() == ({"banned_users", "parents", "banned_user", "parent"}, [1, 2])
            return
        assert state() == ({"banned_user", "parent"}, [1])
        as_runner(forward, insert, "COMMIT")
        assert state() == ({"banned_users", "parents", "banned_user", "parent"}, [1, 2])
        # the runner has no down migrations: the rollback is run by hand, whole
        pg.run(files=[rollback], sql="DELETE FROM migrations WHERE id = 2;", dbname=db)
        assert state() == ({"banned_user", "parent"}, [1])


@pytest.mark.parametrize(
    ("package", "layout"),
    [
        (PACKAGE, "postgres-migrations"),
        (json.dumps({"devDependencies": {"postgres-migrations": "5.3.0"}}), "postgres-migrations"),
        # another package's dependency, or none: a plain numbered folder
        (
            json.dumps({"dependencies": {"pg": "^8"}, "keywords": ["postgres-migrations"]}),
            "numbered",
        ),
        ("{not json", "numbered"),
        (None, "numbered"),
    ],
    ids=["dependency", "dev-dependency", "other", "invalid", "no-package-json"],
)
def test_the_layout_is_the_runners_where_package_json_depends_on_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, package: str | None, layout: str
) -> None:
    _tree(tmp_path, monkeypatch, package)
    assert f"Files ({layout} layout), not written" in _migrate(), layout


@pytest.mark.parametrize(
    ("names", "new"),
    [
        # supabase/storage's names: four digits and a dash
        (
            ("0001-initialmigration.sql", "0002-x.sql", "0003-y.sql"),
            "0004-rename-whitelist-targets.sql",
        ),
        # the runner's README: 1_create-table.sql, 2_alter-table.sql
        (("1_create-table.sql", "2_alter-table.sql"), "3_rename_whitelist_targets.sql"),
        (("00001_a.sql", "00002-b.sql"), "00003-rename-whitelist-targets.sql"),
    ],
    ids=["storage", "readme", "last-separator"],
)
def test_the_new_file_takes_the_next_consecutive_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, names: tuple[str, ...], new: str
) -> None:
    _tree(tmp_path, monkeypatch, PACKAGE, names)
    out = _migrate("--write")
    assert "Files (postgres-migrations layout), written:" in out, out
    written = sorted(p.name for p in (tmp_path / FOLDER).iterdir())
    assert (tmp_path / FOLDER / new).is_file(), written
    assert (tmp_path / "migrations/rollbacks" / new).is_file()
