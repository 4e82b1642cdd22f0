"""A whitelist entry stays while any copy or database it covers still needs it (trial s30).

Temporal keeps its schema for PostgreSQL, MySQL and SQLite. After
``migrate --phase 1 --dialect postgres --write`` ``check`` called 25 entries
for columns of ``executions_visibility`` stale ("no longer breaks DBN201")
and ``whitelist prune`` deleted them, while the SQLite copy still creates
``Keyword07``. The trigger: the phase renamed the table in the PostgreSQL
copy and left a compatibility view under its old name. The view's columns
(old names on purpose) were skipped by schema and name only, so the SQLite
copy's table of the same name lost its columns: no finding, nothing for the
entry to excuse. A view belongs to one catalog (one copy, one ``databases:``
database); a table of that name in another catalog is judged as any.

Also: a copy that stores the entry's target already (PostgreSQL folds the
unquoted ``Keyword07`` to ``keyword07``) is no copy "still carrying the old
name" once the other copy's rename is written (DBN913 would ask for a rename
``migrate`` says it needs not); and ``check --db`` on one of two databases of
one dialect (temporal's ``temporal`` and ``visibility``, no ``databases:``)
does not judge the other's entries.

Oracles: real SQLite and PostgreSQL run each copy's files (the SQLite copy
still has ``Keyword07``; PostgreSQL stores ``keyword07``); real git for the gate.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cli_json import run_text
from git_helpers import commit_all, init_repo, isolated_git_env
from pg_server import PgServer

PG = 'CREATE TABLE visit (id int PRIMARY KEY, Keyword07 text, "BatcherUser" text);\n'
SQLITE = (
    "CREATE TABLE visit (id int PRIMARY KEY, Keyword07 text, BatcherUser text);\n"
    'CREATE TRIGGER "VisitAudit" AFTER INSERT ON visit BEGIN SELECT 1; END;\n'
)


def _names(root: Path) -> list[str]:
    text = (root / "whitelist.yaml").read_text(encoding="utf-8")
    return sorted(line.split("name: ", 1)[1] for line in text.splitlines() if "name: " in line)


def _sqlite(root: Path) -> sqlite3.Connection:
    """The SQLite copy's migrations run, in order, on a real SQLite database."""
    db = sqlite3.connect(":memory:")
    for path in sorted((root / "db" / "sqlite").glob("*.sql")):
        db.executescript(path.read_text(encoding="utf-8"))
    return db


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "proj"
    for folder, text in (("postgres", PG), ("sqlite", SQLITE)):
        (root / "db" / folder).mkdir(parents=True)
        (root / "db" / folder / "001_init.sql").write_text(text, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [db/postgres, db/sqlite]\n", encoding="utf-8")
    monkeypatch.chdir(root)
    code, out = run_text("whitelist", "init")
    assert code == 0, out
    init_repo(root, "schema")
    return root


def test_a_table_renamed_in_one_copy_keeps_the_other_copys_entries(
    tree: Path, pg: PgServer
) -> None:
    before = _names(tree)
    assert before == [
        "visit",
        "visit.BatcherUser",
        "visit.Keyword07",
        "visit.VisitAudit",
    ], before
    code, out = run_text("migrate", "--phase", "1", "--dialect", "postgres", "--write")
    assert code == 0, out
    forward = tree / "db" / "postgres" / "002_rename_phase_1.sql"
    assert 'ALTER TABLE "visit" RENAME TO "visits";' in forward.read_text(encoding="utf-8")
    # Oracle: PostgreSQL stores Keyword07 as keyword07 (its copy breaks nothing
    # there); the compatibility view keeps the old table name.
    with pg.fresh_database("s30_wlcopies") as db:
        pg.run(files=[tree / "db/postgres/001_init.sql", forward], dbname=db)
        columns = pg.query_json(
            "SELECT table_name AS t, column_name AS c FROM information_schema.columns "
            "WHERE table_schema = 'public' ORDER BY 1, 2",
            db,
        )
    assert {(r["t"], r["c"]) for r in columns} >= {("visits", "keyword07"), ("visit", "keyword07")}
    # Oracle: the SQLite copy still creates Keyword07 and the trigger.
    made = "\n".join(
        r[0] for r in _sqlite(tree).execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")
    )
    assert "Keyword07 text" in made and '"VisitAudit"' in made

    code, out = run_text("check", "--show-whitelisted")
    assert "DBN900" not in out, out
    excused = [line for line in out.splitlines() if "[whitelisted legacy name, phase 1]" in line]
    for column in ("Keyword07", "BatcherUser"):
        assert any(
            line.startswith("db/sqlite/001_init.sql:1:")
            and f'DBN201 column "visit.{column}"' in line
            for line in excused
        ), out
    assert any('trigger "visit.VisitAudit"' in line for line in excused), out
    assert out.count("DBN913") == 2, out  # the table and BatcherUser: SQLite's rename is left
    code, out = run_text("whitelist", "prune")
    assert code == 0, out
    assert "0 stale entries; whitelist.yaml unchanged" in out, out
    assert _names(tree) == before

    # The gate: deleting the entry the SQLite copy needs is no fix.
    commit_all(tree, "postgres copy renamed")
    text = (tree / "whitelist.yaml").read_text(encoding="utf-8")
    entry = next(
        block for block in text.split("  - kind: ") if block.startswith("column\n    name: visit.K")
    )
    (tree / "whitelist.yaml").write_text(text.replace("  - kind: " + entry, ""), encoding="utf-8")
    code, out = run_text("check", "--base", "HEAD")
    assert code == 1, out
    assert (
        "DBN903 error: whitelist entry for column visit.Keyword07 was deleted since HEAD, but "
        "the name still breaks DBN201"
    ) in out, out
    assert 'DBN201 column "visit.Keyword07"' in out, out


def test_a_copy_storing_the_target_already_leaves_no_rename(tree: Path) -> None:
    """The SQLite copy renames Keyword07; the PostgreSQL copy stores keyword07
    already (``migrate`` writes no rename for it): the entry is done."""
    code, out = run_text("migrate", "--phase", "1", "--dialect", "sqlite", "--write")
    assert code == 0, out
    columns = [r[1] for r in _sqlite(tree).execute("PRAGMA table_xinfo(visits)")]
    assert "keyword07" in columns and "Keyword07" not in columns, columns
    code, out = run_text("migrate", "--phase", "1", "--dialect", "postgres", "--write")
    assert code == 0, out
    assert "needs no rename in postgres" in out, out
    # SQLite dropped the trigger and made it under its target; PostgreSQL never had it
    assert (
        "trigger 'visit.VisitAudit' is not in the postgres copy; sqlite created it under its "
        "target already: left out of this plan"
    ) in out, out
    code, out = run_text("check")
    assert "DBN913" not in out, out
    assert (
        "DBN900 stale whitelist entry column visit.Keyword07 (phase 1): renamed to its target "
        "keyword07 at db/sqlite/002_rename_phase_1.sql:"
    ) in out, out
    assert "the postgres copy stores it as its target already: delete this entry" in out, out
    code, out = run_text("whitelist", "prune")
    assert code == 0, out
    assert _names(tree) == []
    code, out = run_text("check")
    assert code == 0, out


def test_an_entry_of_another_database_is_not_hidden_by_a_compatibility_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``databases:`` with two PostgreSQL databases, each with a table
    ``visit``: the temporal one's rename leaves a view ``visit`` there; the
    visibility database's table keeps its entry (``database: visibility``)."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "proj"
    for name, column in (("temporal", '"BatcherUser"'), ("visibility", '"Keyword07"')):
        (root / "db" / name).mkdir(parents=True)
        (root / "db" / name / "001_init.sql").write_text(
            f"CREATE TABLE visit (id int PRIMARY KEY, {column} text);\n", encoding="utf-8"
        )
    (root / "dbnamelint.yaml").write_text(
        "dialect: postgres\ndatabases:\n  temporal: [db/temporal]\n  visibility: [db/visibility]\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(root)
    assert run_text("whitelist", "init")[0] == 0
    entries = (root / "whitelist.yaml").read_text(encoding="utf-8")
    assert (
        'name: visit.Keyword07\n    rules: [DBN201]\n    phase: "1"\n    database: visibility\n'
        in (entries)
    ), entries
    init_repo(root, "schema")
    code, out = run_text("migrate", "--phase", "1", "--database", "temporal", "--write")
    assert code == 0, out
    code, out = run_text("check", "--show-whitelisted")
    assert "visit.Keyword07 (phase 1)" not in out, out
    assert 'db/visibility/001_init.sql:1:41: DBN201 column "visit.Keyword07"' in out, out
    assert out.count("DBN900") == 2, out  # temporal's table and column: renamed
    assert run_text("whitelist", "prune")[0] == 0
    assert _names(root) == ["visit", "visit.Keyword07"]
    assert run_text("check")[0] == 0


def test_check_db_leaves_another_databases_entries_unjudged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """Two PostgreSQL databases in one tree without ``databases:`` (temporal's
    ``schema/.../temporal`` and ``.../visibility``): ``check --db`` on the
    temporal one holds none of the visibility folder's tables, so it cannot
    say their entries are stale. An entry of the temporal folder whose object
    the database lacks is still judged."""
    (tmp_path / "schema/temporal").mkdir(parents=True)
    (tmp_path / "schema/visibility").mkdir(parents=True)
    temporal = 'CREATE TABLE shard (id int PRIMARY KEY, "RangeId" int);\n'
    (tmp_path / "schema/temporal/schema.sql").write_text(temporal, encoding="utf-8")
    (tmp_path / "schema/temporal/v2.sql").write_text(
        'CREATE TABLE "Lease" (id int PRIMARY KEY);\n', encoding="utf-8"
    )
    (tmp_path / "schema/visibility/schema.sql").write_text(
        'CREATE TABLE executions_visibility (id int PRIMARY KEY, "BatcherUser" text);\n',
        encoding="utf-8",
    )
    # a later version's folder adds a column: judged with its table's folder
    (tmp_path / "schema/visibility/v2").mkdir()
    (tmp_path / "schema/visibility/v2/add.sql").write_text(
        'ALTER TABLE executions_visibility ADD COLUMN "Keyword07" text;\n', encoding="utf-8"
    )
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [schema/temporal, schema/visibility]\ndialect: postgres\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert run_text("whitelist", "init")[0] == 0
    assert len(_names(tmp_path)) == 6, _names(tmp_path)
    with pg.fresh_database("s30_temporal") as db:
        pg.run(sql=temporal, dbname=db)  # v2.sql not run: "Lease" is missing
        code, out = run_text("check", "--db", pg.database(db))
    assert (
        "DBN906 warning: 3 whitelist entries name objects of another database than this "
        "postgres one (the files hold them in folders none of whose tables it holds)"
    ) in out, out
    assert "executions_visibility" not in out, out
    assert "DBN900 stale whitelist entry table Lease" in out, out
    assert out.count("DBN900") == 1 and code == 1, out
