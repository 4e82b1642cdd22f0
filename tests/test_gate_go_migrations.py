"""The gate on goose's Go migrations, which are versioned beside the SQL ones
but never read as SQL (``DBN014``): an applied one edited, deleted or renamed
is ``DBN025``, a new version clashing with or below a committed Go one is
``DBN016``, and a new one whose string literals hold DDL is refused as new
dynamic DDL (``DBN013``) unless ``// dbnamelint: ignore[DBN013] <reason>``
accepts it (navidrome trial: 93 of its 126 migrations are ``.go``).

The oracle is real git (what the base commit holds, what the working tree or
the index holds now), and the real pre-commit for the hook.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, git, isolated_git_env, write_files
from test_precommit import Env, hook_repo  # noqa: F401 - the module's hook fixture

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [db/migrations]\ndialect: sqlite\n"
INIT = "-- +goose Up\nCREATE TABLE users (id integer primary key);\n"
GO = """package migrations

import (
\t"context"
\t"database/sql"

\t"github.com/pressly/goose/v3"
)

func init() {
\tgoose.AddMigrationContext(Up{v}, Down{v})
}

func Up{v}(ctx context.Context, tx *sql.Tx) error {
\t_, err := tx.ExecContext(ctx, `{sql}`)
\treturn err
}

func Down{v}(ctx context.Context, tx *sql.Tx) error {
\treturn nil
}
"""
ADD_COLUMN = "alter table users add email text;"
PLAY = 'CREATE TABLE "PlayHistory" (id integer)'


def _go(version: str, sql: str) -> str:
    return GO.replace("{v}", version).replace("{sql}", sql)


def _check(*args: str) -> tuple[int, list[tuple[str, str, int, str]]]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)  # stderr may warn that no SQL file was named
    found = [
        (d["code"], d["path"], d["line"], d["severity"])
        for d in report["diagnostics"]
        if d["code"] != "DBN014"  # the folder's note that Go migrations are not read
    ]
    return result.exit_code, found


def _adopted(
    root: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], config: str = CONFIG
) -> None:
    """``root`` (the working folder) as a repository that adopted dbnamelint with ``files``."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(root)
    adopted_repo(root, files, config)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    _adopted(
        root,
        monkeypatch,
        {
            "db/migrations/00001_init.sql": INIT,
            "db/migrations/00002_add_email.go": _go("00002", ADD_COLUMN),
        },
    )
    return root


EDITED = "db/migrations/00002_add_email.go"


def test_an_applied_go_migration_edited_fails_the_gate_and_the_hook(project: Path) -> None:
    path = project / EDITED
    path.write_text(path.read_text().replace("add email", "add mail"))
    assert _check("--base", "HEAD") == (1, [("DBN025", EDITED, 15, "error")])
    git(project, "add", "-A")
    assert _check("--pre-commit") == (1, [("DBN025", EDITED, 15, "error")])


def test_comments_layout_and_the_down_body_are_no_edit(project: Path) -> None:
    path = project / EDITED
    text = path.read_text().replace("return nil", 'return errors.New("no way back") // why')
    path.write_text("// applied in 2020\n" + text.replace("\t_, err", "\n\t_, err"))
    assert _check("--base", "HEAD") == (0, [])


def test_the_old_code_passes_and_the_edit_fails_on_the_run_cache_too(project: Path) -> None:
    ran = CliRunner().invoke(cli, ["check", "--base", "HEAD"])
    assert ran.exit_code == 0, ran.output
    path = project / EDITED
    path.write_text(path.read_text().replace("add email", "add mail"))
    again = CliRunner().invoke(cli, ["check", "--base", "HEAD"])
    assert again.exit_code == 1, again.output
    assert f"{EDITED}:15:1: DBN025 error" in again.output


def test_deleted_and_renamed_go_migrations(project: Path) -> None:
    git(project, "rm", "-q", EDITED)
    assert _check("--pre-commit") == (1, [("DBN025", EDITED, 1, "error")])
    git(project, "reset", "-q", "--hard")
    git(project, "mv", EDITED, "db/migrations/00002_add_mail.go")
    # goose records the version alone: a rename keeping it is a note
    assert _check("--pre-commit", "--select", "DBN025") == (0, [("DBN025", EDITED, 1, "info")])
    git(project, "mv", "db/migrations/00002_add_mail.go", "db/migrations/00003_add_mail.go")
    assert _check("--pre-commit") == (1, [("DBN025", EDITED, 1, "error")])


def test_a_new_go_migration_with_ddl_is_refused_unless_accepted(project: Path) -> None:
    new = "db/migrations/00003_add_play_history.go"
    (project / new).write_text(_go("00003", PLAY))
    assert _check("--base", "HEAD") == (1, [("DBN013", new, 15, "error")])
    git(project, "add", "-A")
    assert _check("--pre-commit") == (1, [("DBN013", new, 15, "error")])
    accepted = "// dbnamelint: ignore[DBN013] PlayHistory checked by hand\n" + _go("00003", PLAY)
    (project / new).write_text(accepted)
    git(project, "add", "-A")
    assert _check("--pre-commit") == (0, [])
    # a reason is required: a bare directive accepts nothing
    (project / new).write_text("// dbnamelint: ignore[DBN013]\n" + _go("00003", PLAY))
    assert _check("--base", "HEAD")[0] == 1


@pytest.mark.parametrize(
    "sql",
    [
        'SELECT id AS "userId" INTO "UsersBackup" FROM users',
        'WITH u AS (SELECT id FROM users) SELECT id INTO "UsersBackup" FROM u',
    ],
)
def test_a_new_go_migration_selecting_into_a_table_is_refused(project: Path, sql: str) -> None:
    """Trial s34: ``SELECT ... INTO`` creates the table (PostgreSQL, SQL
    Server) as ``CREATE TABLE AS`` does; before, the new migration passed."""
    new = "db/migrations/00003_backup.go"
    (project / new).write_text(_go("00003", sql))
    assert _check("--base", "HEAD") == (1, [("DBN013", new, 15, "error")])


def test_a_new_go_migration_without_ddl_passes(project: Path) -> None:
    (project / "db/migrations/00003_fix_data.go").write_text(
        _go("00003", "UPDATE users SET id = id")
    )
    assert _check("--base", "HEAD") == (0, [])


def test_go_versions_clash_and_sort_against_committed_ones(project: Path) -> None:
    dup = "db/migrations/00002_other.sql"
    (project / dup).write_text("-- +goose Up\nCREATE TABLE tags (id integer);\n")
    assert _check("--base", "HEAD") == (1, [("DBN016", dup, 1, "error")])
    (project / dup).unlink()
    late = "db/migrations/00001_late.go"
    (project / late).write_text(_go("00001", "UPDATE users SET id = id"))
    code, found = _check("--base", "HEAD")
    assert (code, found) == (1, [("DBN016", late, 1, "error")])


def test_through_the_real_pre_commit(
    hook_repo: tuple[Env, Path, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    env, snapshot, rev = hook_repo
    root = tmp_path / "navi"
    (root / "db/migrations").mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text(CONFIG)
    (root / "whitelist.yaml").write_text("entries: []\n")
    (root / "db/migrations/00001_init.sql").write_text(INIT)
    (root / EDITED).write_text(_go("00002", ADD_COLUMN))
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n      - id: dbnamelint\n"
    )
    env.git(root, "init", "-q")
    env.git(root, "add", "-A")
    env.git(root, "commit", "-qm", "base")
    assert env.pre_commit(root, "install").returncode == 0
    (root / "db/migrations/00003_add_play_history.go").write_text(_go("00003", PLAY))
    env.git(root, "add", "-A")
    done = env.git(root, "commit", "-m", "play history", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "db/migrations/00003_add_play_history.go:15:1: DBN013 error" in output
    env.git(root, "reset", "-q", "--hard")
    (root / EDITED).write_text((root / EDITED).read_text().replace("add email", "add mail"))
    env.git(root, "add", "-A")
    done = env.git(root, "commit", "-m", "edit applied", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f"{EDITED}:15:1: DBN025 error" in output


def test_a_go_migration_named_on_the_command_line_is_not_read_as_sql(project: Path) -> None:
    # Before: read as SQL, a DBN005 error on `package`, and "this numbered migration" edited.
    assert _check(EDITED) == (0, [])
    path = project / EDITED
    path.write_text(path.read_text().replace("add email", "add mail"))
    assert _check("--base", "HEAD", EDITED) == (1, [("DBN025", EDITED, 15, "error")])
    git(project, "add", "-A")
    assert _check("--pre-commit", EDITED) == (1, [("DBN025", EDITED, 15, "error")])


def test_a_zdb_go_migration_edited_and_a_new_one_with_ddl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "goat"
    (root / "db/migrate/gomig").mkdir(parents=True)
    monkeypatch.chdir(root)
    gomig = "db/migrate/gomig/2021-12-08-1-set-chart-text.go"
    adopted_repo(
        root,
        {
            "db/migrate/2020-01-01-1-init.sql": "create table users (id integer);\n",
            gomig: "package gomig\n\nfunc SetChartText(ctx context.Context) error {\n"
            "\treturn zdb.Exec(ctx, `update users set id = 1`)\n}\n",
        },
        "paths: [db/migrate]\ndialect: sqlite\n",
    )
    (root / gomig).write_text((root / gomig).read_text().replace("id = 1", "id = 2"))
    assert _check("--base", "HEAD") == (1, [("DBN025", gomig, 4, "error")])
    git(root, "checkout", "-q", ".")
    new = "db/migrate/gomig/2022-01-01-1-foo.go"
    (root / new).write_text(
        "package gomig\n\nfunc Foo(ctx context.Context) error {\n"
        "\treturn zdb.Exec(ctx, `create table Foo (id int)`)\n}\n"
    )
    assert _check("--base", "HEAD") == (1, [("DBN013", new, 4, "error")])


def test_an_edit_inside_a_multi_line_literal_is_located_at_its_line(project: Path) -> None:
    path = project / EDITED
    path.write_text(path.read_text().replace(ADD_COLUMN, "\nalter table users\n add email text;\n"))
    git(project, "add", "-A")
    git(project, "commit", "-qm", "layout")  # a new base: the literal spans lines 15-18
    assert _check("--base", "HEAD~1") == (1, [("DBN025", EDITED, 15, "error")])
    path.write_text(path.read_text().replace(" add email", " add mail"))
    assert _check("--base", "HEAD") == (1, [("DBN025", EDITED, 17, "error")])


def test_a_new_go_migration_clashing_with_sql_ones_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """goose collects ``.sql`` and ``.go`` files as one sequence ("duplicate
    version detected"): a first Go migration holding a committed SQL file's
    version is refused as a later one is (before: no word, no Go at the base)."""
    root = tmp_path / "project"
    _adopted(
        root,
        monkeypatch,
        {
            "db/migrations/00001_init.sql": INIT,
            "db/migrations/00002_tags.sql": "-- +goose Up\nCREATE TABLE tags (id integer);\n",
        },
    )
    new = "db/migrations/00002_fix.go"
    (root / new).write_text(_go("00002", "UPDATE users SET id = id"))
    assert _check("--base", "HEAD") == (1, [("DBN016", new, 1, "error")])


def test_a_file_goose_does_not_collect_holds_no_version(project: Path) -> None:
    """goose globs ``*.sql`` and ``*.go``: ``00009_notes.txt`` is no migration,
    so a new ``00003`` sorts after every committed one (before: "sorts before 9")."""
    write_files(project, {"db/migrations/00009_notes.txt": "release notes\n"})
    git(project, "add", "-A")
    git(project, "commit", "-qm", "notes")
    (project / "db/migrations/00003_fix.go").write_text(_go("00003", "UPDATE users SET id = id"))
    assert _check("--base", "HEAD") == (0, [])


def test_go_migrations_at_the_top_of_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A repository of migrations alone (before: the top folder was never listed)."""
    _adopted(
        tmp_path,
        monkeypatch,
        {"00001_init.sql": INIT, "00002_add_email.go": _go("00002", ADD_COLUMN)},
        "paths: [.]\ndialect: sqlite\n",
    )
    path = tmp_path / "00002_add_email.go"
    path.write_text(path.read_text().replace("add email", "add mail"))
    (tmp_path / "00003_play.go").write_text(_go("00003", PLAY))
    assert _check("--base", "HEAD") == (
        1,
        [("DBN025", "00002_add_email.go", 15, "error"), ("DBN013", "00003_play.go", 15, "error")],
    )


def test_a_rename_keeping_the_version_is_not_late(project: Path) -> None:
    """goose records the version alone: ``00002_add_mail.go`` is the applied
    version 2 under a new name, not a new version below 3 (before: DBN016
    "sorts before 3" beside the note that nothing runs again)."""
    write_files(
        project, {"db/migrations/00003_tags.sql": "-- +goose Up\nCREATE TABLE tags (id integer);\n"}
    )
    git(project, "add", "-A")
    git(project, "commit", "-qm", "tags")
    git(project, "mv", EDITED, "db/migrations/00002_add_mail.go")
    assert _check("--pre-commit") == (0, [])
    assert _check("--pre-commit", "--select", "DBN025,DBN016") == (
        0,
        [("DBN025", EDITED, 1, "info")],
    )


HELPER = """
func buildCreateMirrorTableSQL(source, target, columns string) string {
\treturn fmt.Sprintf(`CREATE TABLE %s (LIKE %s INCLUDING ALL, %s)`, target, source, columns)
}
"""
REUSES = """package migrations

import (
\t"context"
\t"database/sql"

\t"github.com/pressly/goose/v3"
)

func init() {
\tgoose.AddMigrationContext(Up00003, Down00003)
}

func Up00003(ctx context.Context, tx *sql.Tx) error {
\t_, err := tx.ExecContext(ctx, buildCreateMirrorTableSQL(
\t\t"users", "alert_mirrors", `"alertKind" TEXT NOT NULL`))
\treturn err
}

func Down00003(ctx context.Context, tx *sql.Tx) error {
\treturn nil
}
"""


def test_a_new_go_migration_calling_an_applied_ones_ddl_helper_is_refused(
    project: Path,
) -> None:
    """hatchet (trial s25): ``v1_0_148.go`` passed ``"alertKind" TEXT`` to the
    helper ``v1_0_99.go`` defines; no literal of the new file held DDL, so the
    gate passed it."""
    (project / "db/migrations/00002_add_email.go").write_text(_go("00002", ADD_COLUMN) + HELPER)
    git(project, "add", "-A")
    git(project, "commit", "-qm", "helper")
    new = "db/migrations/00003_alert_mirror.go"
    (project / new).write_text(REUSES)
    assert _check("--base", "HEAD") == (1, [("DBN013", new, 15, "error")])
    # accepted after a review by hand, as a migration holding DDL is
    (project / new).write_text("// dbnamelint: ignore[DBN013] mirror checked by hand\n" + REUSES)
    assert _check("--base", "HEAD") == (0, [])
    # calling a helper holding no DDL is fine
    (project / new).write_text(REUSES.replace("buildCreateMirrorTableSQL", "strings.ToLower"))
    assert _check("--base", "HEAD") == (0, [])
