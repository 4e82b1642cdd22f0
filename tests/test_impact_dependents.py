"""``impact`` and the dependent names ``migrate`` renames with their tables (trial s10-t1).

``migrate`` renames a table's constraints, indexes and sequences whose names
derive from it (``task_lock_pkey`` -> ``task_locks_pkey``); no compatibility
view keeps those names, so code naming them (``ON CONFLICT ON CONSTRAINT``,
``REINDEX INDEX``, ``nextval('seq')``) fails as soon as the migration runs.
The oracle: ``migrate --phase 1 --write``'s own forward script on a real
PostgreSQL, where each query fails as written and runs once ``impact
--diff``'s patch is applied (DDL in code aside: left as written, for a
person). Also: a multi-line ``TRUNCATE`` list in a Go raw string is SQL on
every line, and a qualifier the patch must leave is a loud
warning at the end.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from dbnamelint.impact.classify import dependent_position
from dbnamelint.impact.sqlscope import SqlText
from git_helpers import commit_all, committed_repo, git
from impact_notes import without_ahead_note
from pg_server import PgServer, SqlFailed

SCHEMA_SQL = """\
CREATE TABLE task_lock (task_name text PRIMARY KEY, lock_until bigint NOT NULL);
CREATE INDEX task_lock_lock_until ON task_lock (lock_until);
CREATE TABLE job (id serial PRIMARY KEY, name text);
CREATE TABLE trash (file_id bigint PRIMARY KEY, is_deleted boolean NOT NULL DEFAULT false);
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Plural", status: open}
entries:
  - {kind: table, name: task_lock, phase: "1", target: task_locks}
  - {kind: table, name: job, phase: "1", target: jobs}
  - {kind: table, name: trash, phase: "1", target: trashes}
"""
LOCK_GO = """\
package repo

// The queries the program sends; each names a dependent the migration renames.
const acquire = `INSERT INTO task_lock(task_name, lock_until) VALUES ('a', 1)
		ON CONFLICT ON CONSTRAINT task_lock_pkey DO UPDATE SET lock_until = 2`

const reindex = `REINDEX INDEX task_lock_lock_until`

const cluster = `CLUSTER task_lock USING task_lock_lock_until`

const next = `SELECT nextval('job_id_seq')`

const qualified = `SELECT nextval('public.job_id_seq'::regclass)`

const quoted = `SELECT setval('"job_id_seq"', 5)`

const drop = `ALTER TABLE task_lock DROP CONSTRAINT IF EXISTS task_lock_pkey`

func isDuplicate(constraint string) bool {
	return constraint == "task_lock_pkey"
}
"""
RESET_GO = """\
package testutil

func reset(db DB) {
	db.Exec(`
		TRUNCATE TABLE
			job,
			task_lock,
			trash
		RESTART IDENTITY CASCADE`)
}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": SCHEMA_SQL,
        "app/lock.go": LOCK_GO,
        "app/reset.go": RESET_GO,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _queries(path: Path) -> list[str]:
    return re.findall(r"`([^`]*)`", path.read_text(encoding="utf-8"))


def _found(repo: Path, path: str) -> set[tuple[int, str, str, str]]:
    settings = load_settings(repo, None, (), (), ())
    return {
        (r.line, r.name, r.confidence, r.context)
        for r in collect_impact(settings, repo, phase="1").references
        if r.path == path
    }


def test_dependent_names_are_high_confidence_references(repo: Path) -> None:
    found = {f for f in _found(repo, "app/lock.go") if f[1] != "task_lock"}
    assert found == {
        (5, "task_lock_pkey", "high", "SQL (constraint name)"),
        (7, "task_lock_lock_until", "high", "SQL (index name)"),
        (9, "task_lock_lock_until", "high", "SQL (index name)"),
        (11, "job_id_seq", "high", "SQL (sequence name)"),
        (13, "job_id_seq", "high", "SQL (sequence name)"),
        (15, "job_id_seq", "high", "SQL (sequence name)"),
        (17, "task_lock_pkey", "high", "SQL (constraint name)"),
        (20, "task_lock_pkey", "high", "constraint name string"),
    }
    # The comment's word and the Go identifiers are no constraint's name.
    text = CliRunner().invoke(cli, ["impact", "--phase", "1"]).stdout
    assert "constraint task_lock.task_lock_pkey -> task_locks_pkey: 3 references" in text
    assert "sequence job_id_seq -> jobs_id_seq: 3 references" in text
    # A dependent no code names is not listed (jobs_pkey).
    assert "job_pkey" not in text


def test_patched_dependent_names_run_after_the_migration(
    repo: Path, pg: PgServer, tmp_path: Path
) -> None:
    written = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert written.exit_code == 0, written.stderr
    forward = sorted((repo / "db").glob("002_*.sql"))
    assert len(forward) == 1
    before = _queries(repo / "app/lock.go")
    with pg.fresh_database("dbnl_dependents") as db:
        pg.run(files=[repo / "db/001_init.sql", forward[0]], dbname=db)
        # As written, every query fails on the migrated database: the views keep
        # the tables' old names, not the constraint's, the index's or the sequence's.
        for query in before:
            with pytest.raises(SqlFailed):
                pg.run(sql=query, dbname=db)
        with pytest.raises(
            SqlFailed, match='constraint "task_lock_pkey" for table "task_lock" does not'
        ):
            pg.run(sql=before[0], dbname=db)
        with pytest.raises(SqlFailed, match='relation "job_id_seq" does not exist'):
            pg.run(sql=before[3], dbname=db)
        git(repo, "checkout", "--", "db")
        git(repo, "clean", "-fdq", "db", "rollbacks")
        result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--diff"])
        assert result.exit_code == 0, result.stderr
        (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
        git(repo, "apply", str(tmp_path / "fix.patch"))
        after = _queries(repo / "app/lock.go")
        assert "ON CONFLICT ON CONSTRAINT task_locks_pkey" in after[0]
        assert after[5] == "SELECT setval('\"jobs_id_seq\"', 5)"
        # DDL in code (a migration step or start-up set-up) is left for a person.
        assert after[6] == before[6]
        assert "app/lock.go:17:27: SQL statement left as written: DDL in code" in result.stderr
        for query in after[:6]:
            pg.run(sql=query, dbname=db)
    assert 'return constraint == "task_locks_pkey"' in (repo / "app/lock.go").read_text()


def test_each_line_of_a_truncate_list_is_sql(repo: Path, pg: PgServer) -> None:
    assert _found(repo, "app/reset.go") == {
        (6, "job", "high", "SQL"),
        (7, "task_lock", "high", "SQL"),
        (8, "trash", "high", "SQL"),
    }
    result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--diff", "app/reset.go"])
    (truncate,) = re.findall(r"`([^`]*)`", "".join(_patched(result.stdout)))
    assert truncate.split() == [
        "TRUNCATE",
        "TABLE",
        "jobs,",
        "task_locks,",
        "trashes",
        "RESTART",
        "IDENTITY",
        "CASCADE",
    ]
    # The oracle: TRUNCATE through a compatibility view fails; the patched one runs.
    with pg.fresh_database("dbnl_truncate") as db:
        pg.run(sql=SCHEMA_SQL, dbname=db)
        pg.run(
            sql="ALTER TABLE job RENAME TO jobs; ALTER TABLE task_lock RENAME TO task_locks;"
            "ALTER TABLE trash RENAME TO trashes; CREATE VIEW trash AS SELECT * FROM trashes;",
            dbname=db,
        )
        with pytest.raises(SqlFailed, match="is not a table"):
            pg.run(sql="TRUNCATE TABLE trash", dbname=db)
        pg.run(sql=truncate, dbname=db)


def _patched(diff: str) -> list[str]:
    """The new side of a one-file patch's lines (context and added)."""
    return [
        line[1:]
        for line in diff.splitlines(keepends=True)
        if line[:1] in "+ " and not line.startswith("+++")
    ]


@pytest.mark.parametrize(
    ("text", "path", "table"),
    [
        ("TRUNCATE t", "q.sql", True),
        ("TRUNCATE ONLY x, t * RESTART IDENTITY", "q.sql", True),
        ("q := `TRUNCATE TABLE x,\n\tt\n\tCASCADE`", "a.go", True),
        ("q := `SELECT a\n\tFROM x,\n\tt`", "a.go", True),
        ("q := `WITH t AS (SELECT 1) SELECT * FROM\n\tt`", "a.go", False),
        ("TRUNCATE x RESTART IDENTITY; SELECT t FROM x", "q.sql", False),
    ],
)
def test_table_positions_span_lines(text: str, path: str, table: bool) -> None:
    sql = SqlText.parse(path, text)
    at = [m.start() for m in re.finditer(r"(?<![\w$])t(?![\w$])", text)][-1]
    assert sql.table_position(at, "t") is table


@pytest.mark.parametrize(
    ("kind", "before", "label"),
    [
        ("constraint", "ON CONFLICT ON CONSTRAINT ", "SQL (constraint name)"),
        ("constraint", "ALTER TABLE t VALIDATE CONSTRAINT ", "SQL (constraint name)"),
        ("constraint", 'violates unique constraint \\"', "SQL (constraint name)"),
        ("index", "DROP INDEX CONCURRENTLY IF EXISTS ", "SQL (index name)"),
        ("index", "REINDEX (VERBOSE) INDEX ", "SQL (index name)"),
        ("index", "SELECT * FROM t FORCE INDEX (a, ", "SQL (index name)"),
        ("sequence", "SELECT currval( '", "SQL (sequence name)"),
        # river's queries open the string with a comment its migrator fills in (trial s20)
        ("sequence", "SELECT nextval('/* TEMPLATE: schema */", "SQL (sequence name)"),
        ("trigger", "ALTER TABLE t DISABLE TRIGGER ", "SQL (trigger name)"),
        ("trigger", "DROP TRIGGER IF EXISTS ", "SQL (trigger name)"),
        ("index", "SELECT nextval('", None),
        ("sequence", "SELECT * FROM ", None),
        ("column", "ON CONFLICT ON CONSTRAINT ", None),
    ],
)
def test_dependent_positions(kind: str, before: str, label: str | None) -> None:
    line = before + "x_key rest"
    assert dependent_position(kind, line, len(before), len(before) + 5) == label


def test_a_qualifier_left_as_written_ends_the_notes_with_a_warning(repo: Path) -> None:
    # trial s10-t1 #3: the query is built over several Go statements, so the
    # qualifier's statement cannot be told; the patch renames INSERT INTO trash.
    (repo / "app/trash.go").write_text(
        "package repo\n"
        "func insert(trash Trash, vals string) string {\n"
        '\tquery := "INSERT INTO trash(file_id) VALUES " + vals\n'
        "\tquery = query + ` ON CONFLICT (file_id) DO UPDATE SET is_deleted = ` +\n"
        '\t\tfmt.Sprintf("%v", trash.IsDeleted) + ` WHERE trash.is_deleted = FALSE`\n'
        "\treturn query\n"
        "}\n",
        encoding="utf-8",
    )
    commit_all(repo, "trash")
    result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--diff", "app/trash.go"])
    assert '+\tquery := "INSERT INTO trashes(file_id) VALUES " + vals\n' in result.stdout
    # trash.IsDeleted is Go's own name (outside every string): no note for it.
    assert without_ahead_note(result.stderr) == (
        "dbnamelint: app/trash.go:5:48: trash.is_deleted left as written: the SQL statement "
        "does not name table trash here; if it qualifies that table, rename it by hand to "
        "trashes\n"
        "dbnamelint: warning: the patch leaves 1 qualifier of a table it renames as written "
        "(listed above); a statement the table is renamed in fails on the renamed schema "
        "until each is edited by hand\n"
    )


def test_after_the_migration_the_old_dependent_names_are_still_found(repo: Path) -> None:
    # The phase's migration is written and the entries pruned: the schema holds
    # the renames, and code still naming task_lock_pkey fails on the database.
    written = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert written.exit_code == 0, written.stderr
    (repo / "whitelist.yaml").write_text(
        'phases:\n  - {id: "1", title: "Plural", status: done}\nentries: []\n', encoding="utf-8"
    )
    commit_all(repo, "phase 1")
    settings = load_settings(repo, None, (), (), ())
    found = {
        (r.line, r.name, r.target.kind, r.target.target, r.target.renamed, r.confidence)
        for r in collect_impact(settings, repo).references
        if r.path == "app/lock.go" and r.target.kind != "table"
    }
    assert (5, "task_lock_pkey", "constraint", "task_locks_pkey", True, "high") in found
    assert (7, "task_lock_lock_until", "index", "task_locks_lock_until", True, "high") in found
    assert (11, "job_id_seq", "sequence", "jobs_id_seq", True, "high") in found
    text = CliRunner().invoke(cli, ["impact"]).stdout
    # A renamed constraint no code names is not listed (jobs_pkey).
    assert "job_pkey" not in text
