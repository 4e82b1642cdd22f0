"""golang-migrate runs every file its ``source.Parse`` regex takes
(``^([0-9]+)_(.*)\\.(down|up)\\.(.*)$``), whatever the extension: in its
folders ``128_note.up.txt`` and ``128_x.up.sql.bak`` are migrations, read by
a walk, judged by the gate and the hook, and counted by ``migrate``
(trial s20, ente: a ``.up.txt`` passed ``check``, the hook and ``check --base``).

Oracles: real PostgreSQL (psql runs the file's text, as golang-migrate's
driver does, and the catalog holds the table), real git, the real pre-commit.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.frontends.sql.sources import SourceSettings, discover
from git_helpers import adopted_repo, git, isolated_git_env
from pg_server import PgServer
from test_precommit import Env, hook_repo  # noqa: F401 - the module's hook fixture

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FOLDER = "server/migrations"
CONFIG = f"paths: [{FOLDER}]\ndialect: postgres\n"
GO_MOD = "module museum\n\ngo 1.21\n\nrequire github.com/golang-migrate/migrate/v4 v4.17.0\n"
INIT = "CREATE TABLE users (id bigint PRIMARY KEY);\n"
NOTES = "CREATE TABLE notes (id bigint PRIMARY KEY);\n"
BAD = 'CREATE TABLE "NoteX" (id int);\n'
NEW = f"{FOLDER}/128_note.up.txt"


def _run(*args: str) -> tuple[int, list[tuple[str, str, int, str]]]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [
        (d["code"], d["path"], d["line"], d["severity"])
        for d in (*report["findings"], *report["diagnostics"])
        if not d.get("whitelisted")
    ]
    return result.exit_code, sorted(found)


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---------------------------------------------------------------- the walk


def test_the_trial_repro_is_read_and_refused(in_tmp: Path) -> None:
    # Before: "All checks passed!", the .up.txt never read.
    bad = 'CREATE TABLE "BadName" (id int);\n'
    _write(in_tmp, {"m/1_init.up.sql": INIT, "m/2_bad.up.txt": bad})
    code, found = _run("--select", "DBN101", "m")
    assert (code, found) == (1, [("DBN101", "m/2_bad.up.txt", 1, "error")])


def test_a_walk_reads_what_golang_migrate_runs_in_its_folder(in_tmp: Path) -> None:
    _write(
        in_tmp,
        {
            "db/1_init.up.sql": INIT,
            "db/1_init.down.sql": "DROP TABLE users;\n",
            "db/2_notes.up.txt": NOTES,
            "db/2_notes.down.txt": "DROP TABLE notes;\n",
            "db/10_tags.up.": "CREATE TABLE tags (id int);\n",  # an empty extension parses too
            "db/3_x.up.go": "package migrations\n",  # Go code: a DBN014 note, never SQL
            "db/4_x.up.fizz": 'create_table("x")\n',  # pop's language
            "db/5_x.UP.txt": "CREATE TABLE upper (id int);\n",  # golang-migrate's regex: lower case
            "db/.6_hidden.up.txt": "CREATE TABLE hidden (id int);\n",
            "db/notes.txt": "not a migration\n",
            "mongodb/1_pets.up.json": '[{"create": "pets"}]\n',  # no SQL migration beside it
        },
    )
    files, _ = discover(["db", "mongodb"], SourceSettings(root=in_tmp))
    assert [f.path for f in files] == ["db/1_init.up.sql", "db/2_notes.up.txt", "db/10_tags.up."]
    # rollbacks as .down.sql ones: read with include_down_migrations
    files, _ = discover(["db"], SourceSettings(root=in_tmp, include_down=True))
    assert [f.path for f in files] == [
        "db/1_init.down.sql",
        "db/1_init.up.sql",
        "db/2_notes.down.txt",
        "db/2_notes.up.txt",
        "db/10_tags.up.",
    ]


def test_sqlx_crates_and_pop_modules_read_only_their_own_extensions(in_tmp: Path) -> None:
    """sqlx (``resolve_blocking``: a name not ending ``.sql`` is skipped) and
    pop (``.sql`` and ``.fizz``) do not run ``2_x.up.txt``: not read there."""
    _write(
        in_tmp,
        {
            "crate/Cargo.toml": '[package]\nname = "x"\n\n[dependencies]\nsqlx = "0.7"\n',
            "crate/migrations/1_init.up.sql": INIT,
            "crate/migrations/2_x.up.txt": BAD,
            "popapp/go.mod": "module x\n\nrequire github.com/gobuffalo/pop/v6 v6.1.1\n",
            "popapp/migrations/1_init.up.sql": INIT,
            "popapp/migrations/2_x.up.txt": BAD,
        },
    )
    files, _ = discover(["crate", "popapp"], SourceSettings(root=in_tmp))
    assert [f.path for f in files] == [
        "crate/migrations/1_init.up.sql",
        "popapp/migrations/1_init.up.sql",
    ]


def test_a_left_over_copy_is_golang_migrates_duplicate(in_tmp: Path) -> None:
    # Before: a hidden DBN015 info note; golang-migrate refuses the folder
    # ("duplicate migration file": one file per version and direction).
    _write(in_tmp, {"db/1_init.up.sql": INIT, "db/1_init.up.sql.bak": INIT})
    code, found = _run("--select", "DBN016,DBN015", "db")
    assert (code, found) == (1, [("DBN016", "db/1_init.up.sql.bak", 1, "error")])
    said = CliRunner().invoke(cli, ["check", "--no-cache", "--select", "DBN016", "db"]).output
    assert "a left-over copy (`.bak`, `.txt`...) is a migration to golang-migrate" in said
    assert "delete it or move it out of the folder" in said


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        pytest.param(b"CREATE TABLE a (id int);\n\x00\x01\x02", 2, 1, id="binary"),
        pytest.param(b"CREATE TABLE a (id int);\n-- caf\xe9\n", 2, 7, id="latin-1"),
    ],
)
def test_undecodable_content_is_a_located_error(
    in_tmp: Path, data: bytes, line: int, column: int
) -> None:
    _write(in_tmp, {"db/1_init.up.sql": INIT, "db/2_blob.up.dat": data})
    result = CliRunner().invoke(cli, ["check", "--no-cache", "db"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 3, result.output
    assert f"db/2_blob.up.dat:{line}:{column}: DBN003 error" in result.output
    assert "Traceback" not in result.output


# ---------------------------------------------------------- PostgreSQL oracle


def test_postgresql_runs_the_text_golang_migrate_hands_it(in_tmp: Path, pg: PgServer) -> None:
    """golang-migrate's postgres driver sends the file's bytes as one query
    (``Run`` -> ``ExecContext``): psql runs the same text, the catalog gets
    the table, and dbnamelint's model has exactly the catalog's tables."""
    _write(in_tmp, {"db/1_init.up.sql": INIT, "db/128_note.up.txt": BAD})
    with pg.fresh_database("extgate_any_extension") as db:
        pg.run(files=[in_tmp / "db/1_init.up.sql", in_tmp / "db/128_note.up.txt"], dbname=db)
        rows = pg.query_json(
            "SELECT relname FROM pg_class WHERE relkind = 'r' "
            "AND relnamespace = 'public'::regnamespace ORDER BY relname",
            db,
        )
    catalog = sorted(r["relname"] for r in rows)
    assert catalog == ["NoteX", "users"]
    done = CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json", "db"])
    assert done.exit_code == 0, done.output
    tables = sorted(o["name"] for o in json.loads(done.stdout)["objects"] if o["kind"] == "table")
    assert tables == catalog


# ------------------------------------------------------ the gate, with git


@pytest.fixture
def ente(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "ente"
    root.mkdir()
    monkeypatch.chdir(root)
    adopted_repo(
        root,
        {
            "server/go.mod": GO_MOD,
            f"{FOLDER}/1_init.up.sql": INIT,
            f"{FOLDER}/1_init.down.sql": "DROP TABLE users;\n",
            f"{FOLDER}/127_notes.up.txt": NOTES,
        },
        CONFIG,
    )
    return root


@needs_git
def test_a_new_bad_name_fails_check_base_and_the_pre_commit_check(ente: Path) -> None:
    _write(ente, {NEW: BAD})
    refused = (1, [("DBN101", NEW, 1, "error")])
    assert _run("--select", "DBN101", "--base", "HEAD") == refused
    assert _run("--select", "DBN101") == refused
    git(ente, "add", "-A")
    # named on the command line, as pre-commit names it
    assert _run("--select", "DBN101", "--pre-commit", NEW) == refused
    assert _run("--select", "DBN101", "--pre-commit") == refused


@needs_git
def test_an_applied_one_edited_deleted_or_renamed_is_dbn025(ente: Path) -> None:
    applied = f"{FOLDER}/127_notes.up.txt"
    _write(ente, {applied: "CREATE TABLE notes (id bigint PRIMARY KEY, body text);\n"})
    assert _run("--base", "HEAD") == (1, [("DBN025", applied, 1, "error")])
    git(ente, "checkout", "-q", "--", applied)
    git(ente, "rm", "-q", applied)
    assert _run("--pre-commit") == (1, [("DBN025", applied, 1, "error")])
    git(ente, "reset", "-q", "--hard")
    git(ente, "mv", applied, f"{FOLDER}/126_notes.up.txt")
    code, found = _run("--pre-commit")
    assert code == 1 and ("DBN025", applied, 1, "error") in found


@needs_git
def test_a_new_one_below_a_committed_version_is_dbn016(ente: Path) -> None:
    late = f"{FOLDER}/5_tags.up.txt"
    _write(ente, {late: "CREATE TABLE tags (id int);\n"})
    assert _run("--base", "HEAD") == (1, [("DBN016", late, 1, "error")])
    # and one claiming a committed version (golang-migrate: duplicate migration file)
    Path(late).unlink()
    twin = f"{FOLDER}/127_notes.up.sql.bak"
    _write(ente, {twin: NOTES})
    code, found = _run("--base", "HEAD", "--select", "DBN016")
    assert (code, found) == (1, [("DBN016", twin, 1, "error")])


@needs_git
def test_migrate_numbers_the_next_migration_above_them(ente: Path) -> None:
    _write(ente, {NEW: BAD})
    done = CliRunner().invoke(cli, ["whitelist", "init", "--force"])
    assert done.exit_code == 0, done.output
    git(ente, "add", "-A")
    git(ente, "commit", "-qm", "note")
    done = CliRunner().invoke(cli, ["migrate", "--all"])
    assert done.exit_code == 0, done.output
    assert f"{FOLDER}/129_rename_whitelist_targets.up.sql (forward)" in done.output
    assert f"{FOLDER}/129_rename_whitelist_targets.down.sql (rollback)" in done.output


@needs_git
def test_the_real_pre_commit_hook_refuses_the_commit(
    hook_repo: tuple[Env, Path, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    env, snapshot, rev = hook_repo
    root = tmp_path / "ente-hook"
    _write(
        root,
        {
            "dbnamelint.yaml": CONFIG,
            "whitelist.yaml": "entries: []\n",
            "server/go.mod": GO_MOD,
            f"{FOLDER}/1_init.up.sql": INIT,
            ".pre-commit-config.yaml": (
                f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n"
                "      - id: dbnamelint\n"
            ),
        },
    )
    env.git(root, "init", "-q")
    env.git(root, "add", "-A")
    env.git(root, "commit", "-qm", "base")
    assert env.pre_commit(root, "install").returncode == 0
    _write(root, {NEW: BAD})
    env.git(root, "add", "-A")
    done = env.git(root, "commit", "-m", "note", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f"{NEW}:1:14: DBN101" in output
