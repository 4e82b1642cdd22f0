"""``impact --diff`` never rewrites a rollback (trial s21 apollo).

``migrate --write`` puts a numbered folder's rollback in ``rollbacks/``
beside the folder (the runners of a numbered folder read every file in it),
which may lie outside the configured ``paths``. ``impact`` then took it for
code: its name is a bare number (``001-x.sql``), history only when the file
opens with DDL, and the rollback opens with comments and MySQL's guard
statement. ``impact --diff --renamed-only`` rewrote the rollback's old names
to the new ones, so it no longer restored anything. A rollback restores the
old names by design: a SQL file in a ``rollback``/``rollbacks`` folder (where
the reader leaves it out too), and any script ``dbnamelint migrate`` wrote,
is migration history now.

Oracle: real git (the diff applies with ``git apply`` and leaves the
rollback as written).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from dbnamelint.impact.history import is_migration
from test_mysql_use_database import _project, _run

CODE = 'class AppDao { String q = "SELECT * FROM App WHERE AppId = ?"; }\n'


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


@pytest.mark.parametrize(
    ("path", "head"),
    [
        # a rollback migrate writes: comments, then MySQL's guard (no DDL opening a line)
        ("rollbacks/001-rename.sql", "-- dbnamelint migrate: x\nSET SESSION a = 1;\n"),
        ("db/rollback/002_x.sql", "SET @a = 1;\n"),
        ("rollbacks/mod-a/003-x.sql", ""),
        # a forward or cleanup script migrate wrote, under a name no tool's
        ("sql/rename-tables.sql", "-- dbnamelint migrate: rename whitelist targets\n"),
    ],
)
def test_rollbacks_and_migrate_scripts_are_history(path: str, head: str) -> None:
    assert is_migration(path, head)


def test_code_in_a_rollbacks_folder_and_seed_data_stay_code() -> None:
    assert not is_migration("src/rollbacks/handler.go", "package rollbacks\n")
    assert not is_migration("db/02-dummy-data.sql", "INSERT INTO app VALUES (1);\n")


def test_impact_diff_leaves_the_written_rollback_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path)
    (root / "src").mkdir()
    (root / "src" / "AppDao.java").write_text(CODE, encoding="utf-8")
    code, out, err = _run(root, monkeypatch, "whitelist", "init")
    assert code == 0, out + err
    path = root / "whitelist.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["entries"] = [
        e
        for e in data["entries"]
        if e["name"] in ("ApolloConfigDB.App", "ApolloConfigDB.App.AppId")
    ]
    for entry in data["entries"]:
        entry["target"] = "apps" if entry["kind"] == "table" else "app_id"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out, err = _run(root, monkeypatch, "migrate", "--all", "--layout", "numbered", "--write")
    assert code == 0, out + err
    rollback = root / "rollbacks" / "003_rename_whitelist_targets.sql"
    assert "wrote rollbacks/003_rename_whitelist_targets.sql (rollback)" in err
    written = rollback.read_text(encoding="utf-8")
    assert "`apps` TO " in written and "`App`;" in written
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "rename")

    code, out, err = _run(root, monkeypatch, "impact", "--diff", "--renamed-only")
    assert code == 0, out + err
    touched = {line[6:] for line in out.splitlines() if line.startswith("+++ b/")}
    assert touched == {"src/AppDao.java"}, out
    (tmp_path / "patch.diff").write_text(out, encoding="utf-8")
    _git(root, "apply", str(tmp_path / "patch.diff"))
    assert rollback.read_text(encoding="utf-8") == written
    assert "FROM apps WHERE app_id = ?" in (root / "src" / "AppDao.java").read_text(
        encoding="utf-8"
    )
    code, out, err = _run(root, monkeypatch, "impact")
    assert "rollbacks/003_rename_whitelist_targets.sql" in out  # listed as history
