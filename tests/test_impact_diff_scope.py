"""What ``impact --diff`` patches before and after a phase's migration (trial s7-t1 #3, s7-t3 #15).

Code patched for a table the schema has not renamed yet reads a table that
does not exist. The patch says which objects it renames ahead of their
migration, ``--renamed-only`` leaves them out, and ``--phase`` on a phase
whose entries were pruned says where its objects went. The search runs
through the real ``git grep``, the patch through the real ``git apply``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo, write_files
from impact_json import impact_items, impact_json

GO = (
    "package app\n"
    "const q1 = `SELECT id FROM account WHERE id = $1`\n"
    "const q2 = `SELECT id FROM invoice WHERE id = $1`\n"
)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two tables, one phase each; the first phase migrated and pruned."""
    init_repo(tmp_path)
    (tmp_path / "db" / "migrations").mkdir(parents=True)
    (tmp_path / "db" / "migrations" / "001_init.sql").write_text(
        "CREATE TABLE account (id int PRIMARY KEY);\nCREATE TABLE invoice (id int PRIMARY KEY);\n",
        encoding="utf-8",
    )
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [db/migrations]\ndialect: postgres\nselect: [DBN105]\n", encoding="utf-8"
    )
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "q.go").write_text(GO, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _run("whitelist", "init", "--group-by", "prefix")[0] == 0
    commit_all(tmp_path, "base")
    code, _, err = _run("migrate", "--phase", "prefix-account", "--write")
    assert code == 0, err
    assert _run("whitelist", "prune")[0] == 0
    commit_all(tmp_path, "phase prefix-account")
    return tmp_path


def _applied(repo: Path, patch: str) -> list[str]:
    (repo / "fix.patch").write_text(patch, encoding="utf-8")
    git(repo, "apply", "fix.patch")
    (repo / "fix.patch").unlink()
    return (repo / "app" / "q.go").read_text(encoding="utf-8").splitlines()


def test_the_patch_names_objects_it_renames_ahead_of_their_migration(repo: Path) -> None:
    code, out, err = _run("impact", "--diff")
    assert code == 0
    assert err == (
        "dbnamelint: note: the patch also renames 1 object the schema has not renamed yet "
        "(invoice -> invoices): apply it only after their migration runs, or pass "
        "--renamed-only\n"
    )
    assert _applied(repo, out)[1:] == [
        "const q1 = `SELECT id FROM accounts WHERE id = $1`",
        "const q2 = `SELECT id FROM invoices WHERE id = $1`",
    ]


def test_renamed_only_patches_what_the_schema_renamed(repo: Path) -> None:
    code, out, err = _run("impact", "--diff", "--renamed-only")
    assert (code, err) == (0, "")
    assert _applied(repo, out)[1:] == [
        "const q1 = `SELECT id FROM accounts WHERE id = $1`",
        "const q2 = `SELECT id FROM invoice WHERE id = $1`",
    ]


def test_a_pruned_phase_says_where_its_objects_went(repo: Path) -> None:
    code, out, err = _run("impact", "--phase", "prefix-account")
    assert code == 0
    assert out.startswith("Total: 0 references")
    assert "phase 'prefix-account' has no entry with a target left (pruned once its" in err
    assert "`impact --diff --renamed-only` patches it" in err
    code, _, err = _run("impact", "--phase", "prefix-invoice")
    assert code == 0 and "no entries left" not in err


def test_an_entry_not_pruned_yet_is_not_named_as_ahead_of_its_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s7-t5 #2: after ``migrate --write`` and before ``whitelist prune``
    the account entry still stands, but the schema renamed its table."""
    init_repo(tmp_path)
    (tmp_path / "db" / "migrations").mkdir(parents=True)
    (tmp_path / "db" / "migrations" / "001_init.sql").write_text(
        "CREATE TABLE account (id int PRIMARY KEY);\nCREATE TABLE invoice (id int PRIMARY KEY);\n",
        encoding="utf-8",
    )
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [db/migrations]\ndialect: postgres\nselect: [DBN105]\n", encoding="utf-8"
    )
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "q.go").write_text(GO, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _run("whitelist", "init", "--group-by", "prefix")[0] == 0
    commit_all(tmp_path, "base")
    assert _run("migrate", "--phase", "prefix-account", "--write")[0] == 0
    commit_all(tmp_path, "phase prefix-account, entries not pruned")
    code, _, err = _run("impact", "--diff")
    assert code == 0
    assert "renames 1 object the schema has not renamed yet (invoice -> invoices)" in err


def test_a_quoted_mixed_case_entry_not_pruned_yet_is_one_object(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s7-t5 #2: after ``migrate --write`` and before ``whitelist prune``,
    entries ``UserAccounts`` / ``UserAccounts.emailAddress`` (written unquoted
    in the whitelist, naming the quoted ``"UserAccounts"`` as ``check`` reads
    them) are the renamed objects, listed once, not a second pending object."""
    init_repo(tmp_path)
    write_files(
        tmp_path,
        {
            "db/migrations/001_init.sql": (
                'CREATE TABLE "UserAccounts" (id int PRIMARY KEY, "emailAddress" text);\n'
            ),
            "dbnamelint.yaml": "paths: [db/migrations]\ndialect: postgres\n",
            "app/repo.py": (
                'cur.execute(\'SELECT id FROM "UserAccounts" WHERE "emailAddress" = %s\', (e,))\n'
            ),
        },
    )
    monkeypatch.chdir(tmp_path)
    assert _run("whitelist", "init")[0] == 0
    commit_all(tmp_path, "base")
    assert _run("migrate", "--phase", "1", "--write")[0] == 0
    commit_all(tmp_path, "phase 1, entries not pruned")
    report = impact_json("app")
    listed = [
        (obj["name"], item["line"], item["column"], item["shared_with"])
        for obj, item in impact_items(report)
    ]
    assert sorted(listed) == [
        ("user_accounts", 1, 30, []),
        ("user_accounts.email_address", 1, 51, []),
    ]
    objects = [o for p in report["phases"] for o in p["objects"] if o["items"]]
    assert all(o["renamed"] and o["stale_entry"] for o in objects)
    assert report["summary"]["references"] == 2
