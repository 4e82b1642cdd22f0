"""``impact --dialect X --diff`` patches X's own code only (trial s20 shiori #6).

shiori keeps one Go file per database (``internal/database/mysql.go``,
``pg.go``, ``sqlite.go``) beside shared code (``database_tags.go``) and a
migration folder per database. Each ``--dialect`` run's patch also rewrote
the shared file, so the three patches did not apply one after another
(``git apply`` of the second: ``patch does not apply``). Now a ``--dialect X``
run in a tree kept for several databases patches only the code X's name
claims (the file's or its folder's name, else the one database driver it
imports) and says which code it left; the run without ``--dialect``
patches the whole tree in one patch.

Oracle: real ``git apply`` of each patch after the others, then of the
whole-tree patch the run without ``--dialect`` writes on their result; and
``gofmt -l`` on the patched Go when Go is installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MIGRATIONS = "internal/database/migrations"
WHITELIST = """\
phases:
  - {id: "1", title: "Names", status: open}
entries:
  - {kind: table, name: account, phase: "1", target: accounts}
"""


def _go(driver: str, function: str) -> str:
    """A shiori-shaped database file: a driver import and one query."""
    return (
        "package database\n\n"
        f'import (\n\t"database/sql"\n\n\t_ "{driver}"\n)\n\n'
        f"func {function}(db *sql.DB, name string) (*sql.Rows, error) {{\n"
        '\treturn db.Query("SELECT id, username FROM account WHERE username = $1", name)\n'
        "}\n"
    )


SHARED = """\
package database

import "database/sql"

func countAccounts(db *sql.DB) *sql.Row {
	return db.QueryRow("SELECT COUNT(*) FROM account")
}
"""

FILES = {
    "dbnamelint.yaml": (
        f"paths:\n  - {MIGRATIONS}/mysql\n  - {MIGRATIONS}/postgres\n  - {MIGRATIONS}/sqlite\n"
    ),
    "whitelist.yaml": WHITELIST,
    f"{MIGRATIONS}/mysql/0001_initial.up.sql": (
        "CREATE TABLE account (id INT AUTO_INCREMENT PRIMARY KEY, username VARCHAR(250));\n"
    ),
    f"{MIGRATIONS}/postgres/0001_initial.up.sql": (
        "CREATE TABLE account (id SERIAL PRIMARY KEY, username TEXT);\n"
    ),
    f"{MIGRATIONS}/sqlite/0001_initial.up.sql": (
        "CREATE TABLE account (id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT);\n"
    ),
    "internal/database/mysql.go": _go("github.com/go-sql-driver/mysql", "mysqlAccount"),
    "internal/database/pgsql.go": _go("github.com/lib/pq", "pgAccount"),
    "internal/database/sqlite.go": _go("modernc.org/sqlite", "sqliteAccount"),
    # Named for no database: the driver it imports says whose code it is.
    "internal/database/listener.go": _go("github.com/jackc/pgx/v5/stdlib", "listenAccount"),
    "internal/database/database_tags.go": SHARED,
}

OWN = {
    "mysql": ["internal/database/mysql.go"],
    "postgres": ["internal/database/listener.go", "internal/database/pgsql.go"],
    "sqlite": ["internal/database/sqlite.go"],
}


def _patch(*args: str) -> tuple[str, str]:
    result = CliRunner().invoke(cli, ["impact", "--diff", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout, result.stderr


def _patched_files(patch: str) -> list[str]:
    return sorted(line[6:] for line in patch.splitlines() if line.startswith("+++ b/"))


def _apply_all(repo: Path, tmp_path: Path) -> None:
    """Each per-database patch, applied after the others; then the whole tree's."""
    patches = {dialect: _patch("--dialect", dialect) for dialect in OWN}
    for dialect, (patch, notes) in patches.items():
        assert _patched_files(patch) == OWN[dialect]
        left = "internal/database/database_tags.go" + (
            "" if dialect == "postgres" else ", internal/database/listener.go"
        )
        assert f"not patched: code that is not {dialect}'s own ({left}): " in notes
    for dialect, (patch, _notes) in patches.items():
        (tmp_path / f"{dialect}.patch").write_text(patch, encoding="utf-8")
        git(repo, "apply", str(tmp_path / f"{dialect}.patch"))
    commit_all(repo, "per-database patches")
    rest, _notes = _patch()
    assert _patched_files(rest) == ["internal/database/database_tags.go"]
    (tmp_path / "rest.patch").write_text(rest, encoding="utf-8")
    git(repo, "apply", str(tmp_path / "rest.patch"))


def test_per_dialect_patches_apply_one_after_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = committed_repo(tmp_path / "repo", FILES, monkeypatch)
    _apply_all(repo, tmp_path)
    for path, text in FILES.items():
        if path.endswith(".go"):
            got = (repo / path).read_text(encoding="utf-8")
            assert got == text.replace("FROM account", "FROM accounts"), path


def test_the_whole_tree_in_one_patch_without_dialect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = committed_repo(tmp_path / "repo", FILES, monkeypatch)
    patch, _notes = _patch()
    assert _patched_files(patch) == sorted(p for p in FILES if p.endswith(".go"))
    (tmp_path / "all.patch").write_text(patch, encoding="utf-8")
    git(repo, "apply", str(tmp_path / "all.patch"))


@pytest.mark.skipif(shutil.which("gofmt") is None, reason="Go is not installed")
def test_the_patched_go_is_well_formed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = committed_repo(tmp_path / "repo", FILES, monkeypatch)
    _apply_all(repo, tmp_path)
    done = subprocess.run(
        ["gofmt", "-l", "-e", "internal/database"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
