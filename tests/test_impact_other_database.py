"""``impact`` leaves another database's backend alone. Trial s8-t1 finding 7.

allisson/secrets keeps ``migrations/{mysql,postgresql}`` and
``internal/.../repository/{mysql,postgresql}/*.go``; with the MySQL copy
configured, renaming ``tokens`` there leaves the PostgreSQL database's
``tokens`` as it is (its own migrations never rename it), so its code must
keep the name: PostgreSQL 15 runs that code's query on its copy only
unpatched. Searches run through the real ``git grep``, patches through the
real ``git apply``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.impact.otherdb import other_database_files
from git_helpers import commit_all, committed_repo, git
from pg_server import PgServer, SqlFailed

INIT = "CREATE TABLE tokens (id int PRIMARY KEY);\n"
MYSQL_CODE = "package mysql\n\nconst q = `SELECT id FROM tokens WHERE id = ?`\n"
PG_CODE = "package postgresql\n\nconst q = `SELECT id FROM tokens WHERE id = $1`\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": "paths: [migrations/mysql]\ndialect: mariadb\n",
            "whitelist.yaml": 'phases:\n  - {id: "1", title: "x", status: open}\nentries:\n'
            '  - {kind: table, name: tokens, phase: "1", target: auth_tokens}\n',
            "migrations/mysql/000001_init.up.sql": INIT,
            "migrations/postgresql/000001_init.up.sql": INIT,
            "internal/repository/mysql/token.go": MYSQL_CODE,
            "internal/repository/postgresql/token.go": PG_CODE,
        },
        monkeypatch,
    )
    written = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert written.exit_code == 0, written.stderr
    commit_all(root, "renamed")
    return root


def test_the_other_databases_code_is_listed_apart_and_not_patched(repo: Path, pg: PgServer) -> None:
    result = CliRunner().invoke(cli, ["impact", "--diff", "--renamed-only"])
    assert result.exit_code == 0, result.stderr
    assert "internal/repository/mysql/token.go" in result.stdout
    assert "postgresql/token.go" not in result.stdout
    assert (
        "not patched: another database's code (internal/repository/postgresql/token.go)"
        in result.stderr
    )
    patch = repo.parent / "p.patch"  # outside the repository, which impact searches
    patch.write_text(result.stdout)
    git(repo, "apply", str(patch))
    assert "FROM auth_tokens" in (repo / "internal/repository/mysql/token.go").read_text()
    report = json.loads(CliRunner().invoke(cli, ["impact", "--format", "json"]).stdout)
    assert report["other_database"] == [
        {"path": "internal/repository/postgresql/token.go", "references": 1}
    ]
    assert report["summary"]["references"] == 0  # the MySQL code is patched
    # Nothing of this database reads tokens: the cleanup may drop its view.
    commit_all(repo, "code follows")
    cleanup = CliRunner().invoke(cli, ["migrate", "--cleanup", "--write"])
    assert cleanup.exit_code == 0, cleanup.stderr
    assert (
        "DROP VIEW `tokens`;"
        in (repo / "migrations/mysql/000003_drop_compatibility_views.up.sql").read_text()
    )
    # The PostgreSQL copy still has tokens (its migrations never renamed it):
    # its code's query runs there only as written.
    pg_code = (repo / "internal/repository/postgresql/token.go").read_text()
    query = pg_code.split("`")[1].replace("$1", "1")
    with pg.fresh_database("impact_other_db") as db:
        pg.run(files=[repo / "migrations/postgresql/000001_init.up.sql"], dbname=db)
        assert pg.query_json(query, dbname=db) == []
        with pytest.raises(SqlFailed, match="auth_tokens"):
            pg.query_json(query.replace("tokens", "auth_tokens"), dbname=db)


def test_only_a_layout_per_database_sets_code_apart() -> None:
    files = {"repo/postgresql/b.go", "repo/mysql/a.go", "web/app.go"}
    assert other_database_files(files, "mariadb", ["migrations/mysql"]) == {"repo/postgresql/b.go"}
    # MySQL's and MariaDB's code is one family; PostgreSQL's and CockroachDB's too.
    assert other_database_files(files, "mysql", []) == {"repo/postgresql/b.go"}
    assert (
        other_database_files({"db/cockroachdb/x.go", "db/postgres/y.go"}, "postgres", []) == set()
    )
    # Spring Boot's vendor folders are databases too.
    assert other_database_files({"src/h2/T.java", "src/postgresql/T.java"}, "postgres", []) == {
        "src/h2/T.java"
    }
    # No dialect configured, or nothing named for the configured database: all code counts.
    assert other_database_files(files, None, ["migrations/mysql"]) == set()
    assert other_database_files({"store/mysql/a.go"}, "postgres", ["db"]) == set()
    # A schema file below the paths in a folder named for it lays the project
    # out so (trial s13 openfga: paths [migrations] over migrations/{mysql,postgres}).
    schema = ["db/mysql/001.sql", "db/postgres/001.sql"]
    assert other_database_files({"store/mysql/a.go"}, "postgres", ["db"], schema) == {
        "store/mysql/a.go"
    }
    assert other_database_files({"store/mysql/a.go"}, "postgres", ["db"], schema[:1]) == set()


def test_a_file_named_for_another_database_is_its_code() -> None:
    # shiori's layout (trial s10-t2 #4): one Go file per database in one folder.
    files = {
        "internal/database/mysql.go",
        "internal/database/pg.go",
        "internal/database/sqlite.go",
        "internal/database/store_postgres_test.go",
        "internal/database/database_tags.go",
        "internal/http/pgup.go",  # "pgup" is no database's name
    }
    roots = ["internal/database/migrations/mysql"]
    assert other_database_files(files, "mariadb", roots) == {
        "internal/database/pg.go",
        "internal/database/sqlite.go",
        "internal/database/store_postgres_test.go",
    }
    # the file's own name wins over its folder's
    assert other_database_files({"db/mysql/sqlite.go"}, "mysql", roots) == {"db/mysql/sqlite.go"}


def test_a_crate_per_database_names_its_code() -> None:
    """atuin keeps ``crates/atuin-server-{postgres,sqlite}`` (trial s11 #1): a
    separated part of a folder's name names the database, so with the
    PostgreSQL crate's migrations configured the SQLite crate's code and a
    client's ``sqlite_store.rs`` are another database's, and the server's
    own crate and shared code are not."""
    roots = ["crates/atuin-server-postgres/migrations"]
    files = {
        "crates/atuin-server-sqlite/src/lib.rs",
        "crates/atuin-client/src/record/sqlite_store.rs",
        "crates/atuin-server-postgres/src/lib.rs",
        "crates/atuin-server/src/handlers/record.rs",
    }
    assert other_database_files(files, "postgres", roots) == {
        "crates/atuin-server-sqlite/src/lib.rs",
        "crates/atuin-client/src/record/sqlite_store.rs",
    }
    # a part only counts when it is a database's whole name: no "pg" for folders
    assert other_database_files({"crates/pg-boss/src/lib.rs"}, "mysql", ["db/mysql"]) == set()
    assert other_database_files({"pkg/mysqlish/a.go"}, "postgres", ["db/postgres"]) == set()
