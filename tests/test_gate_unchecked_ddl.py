"""New DDL in a SQL file the gate does not read fails it (trial s20 hasura-auth).

With ``paths: [go/migrations/postgres]``, a commit adding
``go/migrations/extra/00001_a.up.sql`` holding ``CREATE TABLE auth.session``
(a name the standard refuses) passed the hook with only a ``DBN008`` warning,
and ``check --base`` said nothing: a migration tool pointed at the folder
makes the table, and no rule read it. Now a SQL file the change adds or edits
that the run does not read and that holds new DDL is a ``DBN032`` error in
the gate; queries, comments and files an ``exclude`` at the base leaves out
keep the warning, and ``-- dbnamelint: ignore[DBN032] <reason>`` accepts one.

Oracles: PostgreSQL runs each case's file after the base migration (the
tables it makes decide whether the gate must refuse it), real git
repositories, and the real ``pre-commit`` installed as the hook (its verdict
is git's: a commit made or not).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo, isolated_git_env
from pg_server import PgServer
from test_precommit import Env, hook_repo

__all__ = ["hook_repo"]  # the module-scoped fixture: the hook environment is built once

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [go/migrations/postgres]\ndialect: postgres\n"
INIT = "CREATE SCHEMA auth;\nCREATE TABLE auth.users (id uuid PRIMARY KEY, email text);\n"
MIGRATION = "go/migrations/postgres/000001_init.up.sql"
NEW = "go/migrations/extra/00001_a.up.sql"
SESSION = 'CREATE TABLE auth.session (id uuid PRIMARY KEY, "userId" uuid);\n'

#: name -> (the new file's text, whether an inline directive accepts it)
CASES = {
    "creates-a-table": (SESSION, False),
    "queries-only": (
        "SELECT id, email FROM auth.users WHERE email LIKE '%@example.com';\n"
        "INSERT INTO auth.users (id, email) VALUES (gen_random_uuid(), 'a@example.com');\n",
        False,
    ),
    "ddl-in-comments-and-strings": (
        "-- CREATE TABLE auth.session (id uuid);\n"
        "/* DROP TABLE auth.users; */\n"
        "SELECT 'CREATE TABLE auth.session (id uuid)' AS text;\n",
        False,
    ),
    "accepted-inline": (
        "-- dbnamelint: ignore[DBN032] a scratch table for local load tests, not a migration\n"
        + SESSION,
        True,
    ),
}

REFUSED = (
    f"{NEW}:1:1: DBN032 error: SQL file not checked holds new DDL (`CREATE TABLE "
    'auth.session (id uuid PRIMARY KEY, "userId" ...`; the file is new since {ref}): it is '
    "not under the configured paths (go/migrations/postgres), so no rule reads the names it "
    "makes when a migration tool runs it, and the gate refuses it: add its folder to "
    "`paths` (and to a `databases:` entry if it runs on a database of its own) to check it "
    "with the schema, or, if it is not a migration, write `-- dbnamelint: ignore[DBN032] "
    "<reason>` before this statement"
)


def _project(root: Path) -> Path:
    (root / "go/migrations/postgres").mkdir(parents=True)
    (root / MIGRATION).write_text(INIT)
    (root / "go/migrations/postgres/000001_init.down.sql").write_text("DROP SCHEMA auth CASCADE;\n")
    (root / "dbnamelint.yaml").write_text(CONFIG)
    return root


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = _project(tmp_path / "project")
    init_repo(root, "base")
    monkeypatch.chdir(root)
    return root


def _write(root: Path, name: str, text: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text)


def _gate(*args: str) -> tuple[int, list[tuple[str, str, str, int]], str]:
    """(exit code, (code, severity, path, line) of each diagnostic, text output)."""
    done = CliRunner().invoke(cli, ["check", "--no-cache", *args, "--format", "json"])
    assert done.exception is None or isinstance(done.exception, SystemExit), done.output
    report = json.loads(done.stdout)
    found = [(d["code"], d["severity"], d["path"], d["line"]) for d in report["diagnostics"]]
    text = CliRunner().invoke(cli, ["check", "--no-cache", *args])
    return done.exit_code, found, text.output


def _tables_made(pg: PgServer, tmp_path: Path, text: str) -> list[str]:
    """The tables PostgreSQL has after the base migration and ``text`` run,
    beyond those the base migration made."""
    base, new = tmp_path / "base.sql", tmp_path / "new.sql"
    base.write_text(INIT)
    new.write_text(text)
    with pg.fresh_database("newfolder_gate") as db:
        pg.run(files=[base], dbname=db)
        before = pg.query_json(
            "SELECT table_schema || '.' || table_name AS t FROM information_schema.tables "
            "WHERE table_schema = 'auth'",
            dbname=db,
        )
        pg.run(files=[new], dbname=db)
        after = pg.query_json(
            "SELECT table_schema || '.' || table_name AS t FROM information_schema.tables "
            "WHERE table_schema = 'auth'",
            dbname=db,
        )
    return sorted({r["t"] for r in after} - {r["t"] for r in before})


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_gate_refuses_exactly_the_files_that_make_tables(
    case: str, repo: Path, pg: PgServer, tmp_path: Path
) -> None:
    text, accepted = CASES[case]
    made = _tables_made(pg, tmp_path, text)  # the oracle: what running the file makes
    if case == "creates-a-table":
        assert made == ["auth.session"]  # the trial's file: a migration tool makes the table
    _write(repo, NEW, text)
    git(repo, "add", "-A")
    refused = bool(made) and not accepted
    for args, ref in ((("--base", "main"), "main"), (("--pre-commit", NEW), "HEAD")):
        code, found, out = _gate(*args)
        if refused:
            assert (code, found) == (1, [("DBN032", "error", NEW, 1)]), out
            assert REFUSED.format(ref=ref) in out
        else:
            # the file is still said not to be checked, and passes
            assert (code, found) == (0, [("DBN008", "warning", NEW, 1)]), out
    # a plain check has nothing to compare with: the file is outside its tree
    code, found, out = _gate()
    assert (code, found) == (0, []), out


def test_checking_the_folder_reports_its_names(repo: Path) -> None:
    _write(repo, NEW, SESSION)
    (repo / "dbnamelint.yaml").write_text(
        "paths: [go/migrations/postgres, go/migrations/extra]\ndialect: postgres\n"
    )
    git(repo, "add", "-A")
    code, _found, out = _gate("--base", "main")
    assert code == 1, out
    assert "DBN032" not in out
    assert f'{NEW}:1:19: DBN105 table "auth.session"' in out
    assert f'{NEW}:1:49: DBN201 column "auth.session.userId"' in out


def test_paths_named_on_the_command_line_narrow_the_read_not_the_judgement(repo: Path) -> None:
    """A CI job naming its folder (``check --base main go/migrations/postgres``)
    judges the change as the configured run does: a new folder beside it
    holding DDL is refused, with the same exemptions (queries keep the
    warning, an ``exclude`` at the base keeps it, an inline directive
    accepts it)."""
    named = "go/migrations/postgres"
    _write(repo, NEW, SESSION)
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main", named)
    assert (code, found) == (1, [("DBN032", "error", NEW, 1)]), out
    assert (
        "it is not under the paths named on the command line (go/migrations/postgres), so no "
        "rule reads the names it makes when a migration tool runs it, and the gate refuses it: "
        "name its folder there too (or add it to the config's `paths` and name no path)"
    ) in out
    # naming the one migration file: the gate still judges the whole change
    code, found, out = _gate("--base", "main", MIGRATION)
    assert (code, found) == (1, [("DBN032", "error", NEW, 1)]), out
    # a new migration beside the named file, in the configured folder, is no less new DDL
    beside = "go/migrations/postgres/000002_session.up.sql"
    _write(repo, NEW, "SELECT 1;\n")
    _write(repo, beside, SESSION)
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main", MIGRATION)
    assert code == 1 and ("DBN032", "error", beside, 1) in found, out
    assert ("DBN008", "warning", NEW, 1) in found, out
    # both named: read, so its names are judged by the rules instead
    code, found, out = _gate("--base", "main", named, "go/migrations/extra")
    assert code == 1 and "DBN032" not in out, out
    assert f'{beside}:1:19: DBN105 table "auth.session"' in out
    git(repo, "rm", "-q", "--cached", beside)
    (repo / beside).unlink()
    # accepted inline, and excluded at the base: the warning
    _write(repo, NEW, "-- dbnamelint: ignore[DBN032] a load-test scratch table\n" + SESSION)
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main", named)
    assert (code, found) == (0, [("DBN008", "warning", NEW, 1)]), out
    (repo / "dbnamelint.yaml").write_text(CONFIG + "exclude: [go/migrations/extra]\n")
    commit_all(repo, "extra is not ours")
    _write(repo, NEW, SESSION)
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main", named)
    assert (code, found) == (0, [("DBN008", "warning", NEW, 1)]), out


def test_roles_extensions_and_settings_name_nothing_a_rule_checks(repo: Path) -> None:
    # (not run on the shared test server: roles and settings are server-wide)
    setup = "docker/initdb/01_roles.sql"
    _write(
        repo,
        setup,
        "CREATE ROLE app_user LOGIN;\nCREATE EXTENSION IF NOT EXISTS pgcrypto;\n"
        "ALTER SYSTEM SET work_mem = '64MB';\nGRANT SELECT ON ALL TABLES IN SCHEMA auth "
        "TO app_user;\n",
    )
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main")
    assert (code, found) == (0, [("DBN008", "warning", setup, 1)]), out
    # an index among them is DDL a rule checks
    _write(
        repo,
        setup,
        "CREATE ROLE app_user LOGIN;\nCREATE INDEX users_Email ON auth.users (email);\n",
    )
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main")
    assert (code, found) == (1, [("DBN032", "error", setup, 2)]), out


def test_an_untracked_file_is_no_part_of_the_change(repo: Path) -> None:
    _write(repo, NEW, SESSION)
    code, found, out = _gate("--base", "main")
    assert (code, found) == (0, []), out


def test_an_edit_adding_ddl_to_a_committed_file_is_refused(repo: Path) -> None:
    """A committed script outside the paths: its DDL at the base is not this
    change's doing; a statement the change adds is."""
    script = "scripts/reset.sql"
    _write(repo, script, "DROP TABLE IF EXISTS auth.tmp_import;\n")
    commit_all(repo, "a script")
    _write(repo, script, "DROP TABLE IF EXISTS auth.tmp_import;\nSELECT 1;\n")
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main")
    assert (code, found) == (0, [("DBN008", "warning", script, 1)]), out
    _write(
        repo, script, "DROP TABLE IF EXISTS auth.tmp_import;\nALTER TABLE auth.users ADD x int;\n"
    )
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main")
    assert (code, found) == (1, [("DBN032", "error", script, 2)]), out
    assert "(`ALTER TABLE auth.users ADD x int`; new or changed since main)" in out


def test_an_exclude_added_in_the_same_change_does_not_let_it_through(repo: Path) -> None:
    # a new file in the checked folder, left out by an exclude the change adds:
    # its names are hidden (DBN909, the base's config reads it), and its DDL unread
    inside = "go/migrations/postgres/000002_session.up.sql"
    _write(repo, inside, SESSION)
    (repo / "dbnamelint.yaml").write_text(CONFIG + 'exclude: ["**/000002_*"]\n')
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main")
    assert code == 1, out
    assert ("DBN032", "error", inside, 1) in found, out
    assert ("DBN909", "error", "dbnamelint.yaml", 3) in found, out
    assert "the config's `exclude` leaves it out, which the config at main did not" in out
    # a compliant name: no rule finding to hide, and still refused
    _write(repo, inside, "CREATE TABLE auth.sessions (id uuid PRIMARY KEY);\n")
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main")
    assert (code, found) == (1, [("DBN032", "error", inside, 1)]), out
    # the new folder, excluded by name in the same change
    git(repo, "rm", "-q", "--cached", inside)
    (repo / inside).unlink()
    _write(repo, NEW, SESSION)
    (repo / "dbnamelint.yaml").write_text(CONFIG + "exclude: [go/migrations/extra]\n")
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main")
    assert (code, found) == (1, [("DBN032", "error", NEW, 1)]), out


SQLC = 'version: "2"\nsql:\n  - engine: postgresql\n    schema: [{schema}]\n    queries: [q.sql]\n'


def test_sqlc_schema_copy_keeps_the_warning(repo: Path) -> None:
    """sqlc's schema file mirrors the database for the code generator; no
    migration tool runs it (trial s20 river #6: the gate refused the patch
    ``impact --diff`` wrote there). A sqlc config the change adds or edits
    excuses nothing."""
    schema = "internal/db/schema.sql"
    _write(repo, "internal/db/sqlc.yaml", SQLC.format(schema="schema.sql"))
    _write(repo, schema, INIT)
    commit_all(repo, "sqlc")
    _write(repo, schema, INIT + SESSION)
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main")
    assert (code, [f[:3] for f in found]) == (0, [("DBN008", "warning", schema)]), out
    # a config naming the new migration folder, added with it: still refused
    _write(repo, NEW, SESSION)
    _write(repo, "go/migrations/extra/sqlc.yaml", SQLC.format(schema='"."'))
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main")
    assert code == 1 and ("DBN032", "error", NEW, 1) in found, out


def test_an_exclude_the_base_had_keeps_the_warning(repo: Path) -> None:
    """Not refused (a reviewed choice), but since trial s22 temporal its new
    names are judged (``test_gate_excluded_copy.py``): a compliant one passes
    with the warning, a bad one is the rule's finding there."""
    (repo / "dbnamelint.yaml").write_text(CONFIG + "exclude: [go/migrations/extra]\n")
    commit_all(repo, "extra is not ours")
    _write(repo, NEW, SESSION.replace("session", "sessions").replace('"userId"', "user_id"))
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main")
    assert (code, found) == (0, [("DBN008", "warning", NEW, 1)]), out
    assert "the config's `exclude` leaves it out" in out
    _write(repo, NEW, SESSION)
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main")
    assert (code, found) == (1, [("DBN008", "warning", NEW, 1)]), out
    assert f"{NEW}:1:19: DBN105 table" in out
    # the note says the file's new names are judged, not that nothing is checked
    # (trial s28 kestra: "not checked" beside errors on the same file)
    assert "the names its new statements make are judged all the same" in out
    assert "committed SQL file not checked" not in out
    # the hook says the same, once (trial s29 coder: "not checked" there)
    done = CliRunner().invoke(cli, ["check", "--no-cache", "--pre-commit", NEW])
    assert done.exit_code == 1 and f"{NEW}:1:19: DBN105 table" in done.output, done.output
    assert done.output.count("DBN008") == 1, done.output
    assert "the names its new statements make are judged all the same" in done.output
    assert "committed SQL file not checked" not in done.output


#: DDL no rule can read, in the shapes of icingadb's upgrade scripts (trial s29).
HIDDEN_DDL = {
    "execute": (
        "DO $$ BEGIN EXECUTE format('ALTER TABLE auth.%I ADD COLUMN \"checkTimeoutMs\" int', "
        "lower('USERS')); END $$;\n",
        "DBN013",
    ),
    "routine": (
        "CREATE FUNCTION upgrade_160() RETURNS void LANGUAGE plpgsql AS $$\n"
        "DECLARE t text := 'slaCache'; BEGIN\n"
        "  EXECUTE format('CREATE TABLE auth.%I (id int)', t);\nEND $$;\nSELECT upgrade_160();\n",
        "DBN012",
    ),
}


@pytest.mark.parametrize("shape", sorted(HIDDEN_DDL))
def test_hidden_ddl_in_an_excluded_file_is_refused(
    repo: Path, pg: PgServer, tmp_path: Path, shape: str
) -> None:
    """icingadb (trial s29): ``init`` excludes its ``upgrades/`` folders (a
    full schema beside them); a new upgrade script's names are judged, but
    DDL built at run time there (``EXECUTE``, a routine running DDL) passed
    with a DBN008 warning, while the same in a read file is refused."""
    text, code_said = HIDDEN_DDL[shape]
    # PostgreSQL runs each (the EXECUTE adds a column, the routine a table)
    assert _tables_made(pg, tmp_path, text) == (["auth.slaCache"] if shape == "routine" else [])
    (repo / "dbnamelint.yaml").write_text(CONFIG + "exclude: [go/migrations/extra]\n")
    commit_all(repo, "extra is not ours")
    _write(repo, NEW, text)
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main")
    assert code == 1 and (code_said, "error") in {f[:2] for f in found}, out
    assert "new since main, so the gate refuses it" in out
    # the reviewed way through, as in a read file: before the statement said
    accept = f"-- dbnamelint: ignore[{code_said}] checked by hand\n"
    first = text.index("SELECT") if shape == "routine" else 0
    _write(repo, NEW, text[:first] + accept + text[first:])
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main")
    assert code == 0, out


def test_ignoring_it_in_the_config_of_the_change_is_a_relaxation(repo: Path) -> None:
    _write(repo, NEW, SESSION)
    (repo / "dbnamelint.yaml").write_text(CONFIG + "ignore: [DBN032]\n")
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main")
    assert (code, [f[0] for f in found]) == (1, ["DBN909"]), out
    assert "the config change since main hides DBN032" in out


def test_a_stray_file_in_a_rollback_folder(repo: Path) -> None:
    folder = "go/migrations/postgres/rollbacks"
    # the rollback of the migration beside it: expected unread, an info note
    _write(repo, f"{folder}/000001_init.sql", "DROP SCHEMA auth CASCADE;\n")
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main", "--verbose")
    assert (code, found) == (0, [("DBN008", "info", f"{folder}/000001_init.sql", 1)]), out
    # a migration put there by mistake: its table would go unchecked
    _write(repo, f"{folder}/000002_session.sql", SESSION)
    git(repo, "add", "-A")
    code, found, out = _gate("--base", "main")
    assert (code, found) == (1, [("DBN032", "error", f"{folder}/000002_session.sql", 1)]), out
    assert "it is in a rollback folder (`rollbacks/`)" in out


def test_the_run_cache_sees_a_file_added_outside_the_tree(repo: Path, tmp_path: Path) -> None:
    """``check --base`` replays a stored run only while the change's files
    are the same: a new folder outside the tree is part of it."""
    env = {
        **os.environ,
        **isolated_git_env(),
        "DBNAMELINT_CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONPATH": os.pathsep.join(
            [str(Path(__file__).resolve().parents[1] / "src"), os.environ.get("PYTHONPATH", "")]
        ),
    }

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "dbnamelint", "check", "--base", "main"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    assert run().returncode == 0
    assert run().returncode == 0  # replayed
    git(repo, "checkout", "-q", "-b", "session")
    _write(repo, NEW, SESSION)
    commit_all(repo, "session")
    done = run()
    assert done.returncode == 1, done.stdout + done.stderr
    assert "DBN032" in done.stdout
    # edited again, the same file is read again
    _write(repo, NEW, "SELECT 1;\n")
    done = run()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "DBN008" in done.stdout


@pytest.mark.slow
def test_the_hook_refuses_it(hook_repo: tuple[Env, Path, str], tmp_path: Path) -> None:
    env, snapshot, rev = hook_repo
    project = _project(tmp_path / "hasura")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n      - id: dbnamelint\n"
    )
    init_repo(project, "base")
    assert env.pre_commit(project, "install").returncode == 0
    head = env.git(project, "rev-parse", "HEAD").stdout
    _write(project, NEW, SESSION)
    env.git(project, "add", "-A")
    done = env.git(project, "commit", "-m", "session", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert env.git(project, "rev-parse", "HEAD").stdout == head
    assert REFUSED.format(ref="HEAD") in output
    # DDL only in comments and strings: the commit is made
    _write(project, NEW, CASES["ddl-in-comments-and-strings"][0])
    env.git(project, "add", "-A")
    done = env.git(project, "commit", "-m", "a query", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    # accepted inline, it passes too
    _write(project, "go/migrations/extra/00002_b.up.sql", CASES["accepted-inline"][0])
    env.git(project, "add", "-A")
    done = env.git(project, "commit", "-m", "scratch", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
