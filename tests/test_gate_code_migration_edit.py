"""An edited DDL string of a code migration is an edited migration (trial s24 spicedb).

spicedb keeps its schema as Go migrations of its own runner,
``internal/datastore/postgres/migrations/zz_migration.0002_add_reverse_index.go``,
each registering SQL strings it runs once. A change renaming an index inside
an applied one, ``ix_relation_tuple_by_subject`` -> ``ix_relation_tuple_by_subj``,
passed the hook: the file was not known as a migration, and the edited
string was judged as new DDL only. A database that ran the migration keeps
the old index and never runs the edited string: ``DBN025``, as for an edited
step of a Go migration list. A DDL string added to an applied migration is
an edit too (it never runs where the migration has run); a new migration's
strings are new DDL, judged by the rules.

Oracles: real git (what the base commit holds; the hook through the real
pre-commit is in tests/test_gate_go_migration_list_edit.py's kin) and
PostgreSQL (the edited string does not change a database that ran the
migration: the runner records the migration and never runs it again).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import Entry, check_entries
from dbnamelint.impact.history import is_migration
from git_helpers import committed_repo, git
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [db]\ndialect: postgres\n"
SCHEMA = "CREATE TABLE relation_tuples (namespace text, object_id text);\n"
FOLDER = "internal/datastore/postgres/migrations"
MIGRATION = """package migrations

const createReverseQueryIndex = `CREATE INDEX ix_relation_tuples_by_object
\tON relation_tuples (object_id, namespace)`

func init() {
\tif err := DatabaseMigrations.Register("add-reverse-index", "1eaeba4b8a73",
\t\tfunc(ctx context.Context, tx pgx.Tx) error {
\t\t\t_, err := tx.Exec(ctx, createReverseQueryIndex)
\t\t\treturn err
\t\t}); err != nil {
\t\tpanic("failed to register migration: " + err.Error())
\t}
}
"""
EDITED = MIGRATION.replace("ix_relation_tuples_by_object", "ix_relation_tuples_by_obj")
ADDED = MIGRATION.replace(
    "const createReverseQueryIndex",
    "const createOther = `CREATE INDEX ix_relation_tuples_ns ON relation_tuples (namespace)`\n\n"
    "const createReverseQueryIndex",
)
NEW = """package migrations

const createAudit = `CREATE TABLE "AuditEvents" (id text)`
"""


def _diagnostics(*more: str) -> tuple[int, list[Entry]]:
    return check_entries("--base", "HEAD", "--no-cache", *more)


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "spicedb",
        {
            "dbnamelint.yaml": CONFIG,
            "db/schema.sql": SCHEMA,
            f"{FOLDER}/zz_migration.0002_add_reverse_index.go": MIGRATION,
            f"{FOLDER}/manager.go": "package migrations\n\nvar DatabaseMigrations = x\n",
        },
        monkeypatch,
    )


@pytest.mark.parametrize(
    ("path", "history"),
    [
        (f"{FOLDER}/zz_migration.0002_add_reverse_index.go", True),
        ("models/migrations/v1_20/v259.go", True),
        ("app/migrations/migration_0042.py", True),
        (f"{FOLDER}/manager.go", False),  # the runner: live code
        (f"{FOLDER}/migrator.go", False),
        ("internal/db/zz_migration.0002_x.go", False),  # not in a migrations folder
    ],
)
def test_a_hand_rolled_runners_step_is_history(path: str, history: bool) -> None:
    assert is_migration(path, "package migrations\n") is history


def test_an_edited_string_of_an_applied_code_migration_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    path = f"{FOLDER}/zz_migration.0002_add_reverse_index.go"
    assert "ix_relation_tuples_by_object" in git(root, "show", f"HEAD:{path}")
    (root / path).write_text(EDITED, encoding="utf-8")
    code, found = _diagnostics()
    assert code == 1
    edits = [(c, p, line, s) for c, p, line, s, _ in found if c == "DBN025"]
    assert edits == [("DBN025", path, 3, "error")]
    message = next(m for c, *_, m in found if c == "DBN025")
    assert message.startswith("this code migration was committed at HEAD and this change edits")
    assert "write the change as a new migration" in message


def test_a_string_added_to_an_applied_code_migration_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    path = f"{FOLDER}/zz_migration.0002_add_reverse_index.go"
    (root / path).write_text(ADDED, encoding="utf-8")
    code, found = _diagnostics()
    assert code == 1
    assert [(c, line) for c, p, line, *_ in found if c == "DBN025"] == [("DBN025", 3)]


def test_a_new_code_migration_is_new_ddl_not_an_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / f"{FOLDER}/zz_migration.0003_add_audit.go").write_text(NEW, encoding="utf-8")
    git(root, "add", "-A")  # the change as CI sees it: committed files
    code, found = _diagnostics()
    assert code == 1
    assert not any(c == "DBN025" for c, *_ in found)
    assert any(c == "DBN101" and "AuditEvents" in m for c, *_, m in found), found


def test_the_runner_never_runs_an_edited_migration_again(pg: PgServer) -> None:
    """What DBN025 says, on PostgreSQL: the runner records the migration by its
    name and skips it, so a database that ran it keeps the old index."""
    runs = (
        "CREATE TABLE schema_version (name text PRIMARY KEY);\n"
        + SCHEMA
        + "CREATE INDEX ix_relation_tuples_by_object ON relation_tuples (object_id, namespace);\n"
        "INSERT INTO schema_version VALUES ('add-reverse-index');\n"
    )
    with pg.fresh_database("codemig_edit") as db:
        pg.run(sql=runs, dbname=db)
        # the runner's check before the edited string: the name is recorded
        done = pg.query_json(
            "SELECT count(*) AS n FROM schema_version WHERE name = 'add-reverse-index'", db
        )
        indexes = pg.query_json(
            "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'relation_tuples'", db
        )
    assert done == [{"n": 1}]
    assert [r["name"] for r in indexes] == ["ix_relation_tuples_by_object"]


BUILT = """package migrations

const createAudit = `CREATE TABLE %s (id text)`

func init() { _ = fmt.Sprintf(createAudit, auditTable()) }
"""


def test_a_name_a_new_code_migration_builds_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s24 spicedb: ``fmt.Sprintf(`CREATE TABLE %q ...`, name)`` in a new
    migration passed the hook with an info note: the name is never checked. (A
    literal argument is read since session 34, its name judged: the argument
    here is a call's result.)"""
    root = _repo(tmp_path, monkeypatch)
    path = f"{FOLDER}/zz_migration.0003_add_audit.go"
    (root / path).write_text(BUILT, encoding="utf-8")
    git(root, "add", "-A")
    code, found = _diagnostics()
    assert code == 1
    built = [(c, p, line, s) for c, p, line, s, _ in found if c == "DBN013"]
    assert built == [("DBN013", path, 5, "error")]  # at the call
    assert "so the gate refuses a name it does not check" in next(
        m for c, *_, m in found if c == "DBN013"
    )
    # checked by hand and accepted in a comment: the note again, not failing
    (root / path).write_text(
        BUILT.replace(
            "package migrations\n",
            "package migrations\n\n"
            "// dbnamelint: ignore[DBN013] the table prefix is the operator's\n",
        ),
        encoding="utf-8",
    )
    git(root, "add", "-A")
    code, found = _diagnostics("--verbose")  # info notes listed
    assert code == 0, found
    assert [(c, s) for c, _, _, s, _ in found if c == "DBN013"] == [("DBN013", "info")]


def test_a_name_application_code_builds_is_refused_unless_accepted_at_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same built name in application code: a note that passed the gate
    before (trial s34 documenso), now the error a new migration's is,
    accepted by a comment at the statement alone (one at the file's top
    would accept whatever later changes add to the file)."""
    root = _repo(tmp_path, monkeypatch)
    (root / "internal/app").mkdir(parents=True)
    at_top = BUILT.replace(
        "package migrations\n",
        "package migrations\n\n// dbnamelint: ignore[DBN013] the table prefix is the operator's\n",
    )
    (root / "internal/app/setup.go").write_text(at_top, encoding="utf-8")
    git(root, "add", "-A")
    code, found = _diagnostics("--verbose")
    assert code == 1
    assert [(c, line, s) for c, _, line, s, _ in found if c == "DBN013"] == [("DBN013", 7, "error")]
    at_it = BUILT.replace(
        "func init()",
        "// dbnamelint: ignore[DBN013] the table prefix is the operator's\nfunc init()",
    )
    (root / "internal/app/setup.go").write_text(at_it, encoding="utf-8")
    git(root, "add", "-A")
    code, found = _diagnostics("--verbose")
    assert code == 0
    assert [(c, line, s) for c, _, line, s, _ in found if c == "DBN013"] == [("DBN013", 6, "info")]
