"""``migrate --cleanup --write`` does not drop a view whose name code still uses.

Trial s6-t1 finding 17 (listmonk: 15 high-confidence references to
``media``/``settings``, and the cleanup dropped both views with no word).
The cleanup runs ``impact``'s search (in a real git repository) for the
names of the views it drops, as ``--views-where-referenced`` does: high-
confidence references refuse ``--write`` (exit 2, nothing written) unless
``--force``; without ``--write`` they are a warning.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dbnamelint.cli import cli

_GO = """\
package main

func load() {
\tdb.Query(`SELECT key, value FROM settings WHERE key = $1`, k)
}
"""


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def _migrate(*args: str) -> Result:
    return CliRunner().invoke(cli, ["migrate", *args])


def _renamed(root: Path, monkeypatch: pytest.MonkeyPatch, code: str) -> None:
    """A repository whose table ``settings`` was renamed, with its view, and ``code``."""
    (root / "db").mkdir()
    (root / "db" / "001_init.sql").write_text(
        "CREATE TABLE settings (key text PRIMARY KEY, value text);\n", encoding="utf-8"
    )
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    (root / "main.go").write_text(code, encoding="utf-8")
    _git(root, "init", "-q")
    monkeypatch.chdir(root)
    assert _migrate("--rename", "settings=app_settings", "--write").exit_code == 0
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "renamed")


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*.sql")}


def test_cleanup_write_is_refused_while_code_uses_the_old_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _renamed(tmp_path, monkeypatch, _GO)
    before = _files(tmp_path)
    result = _migrate("--cleanup", "--write")
    assert result.exit_code == 2
    assert "code still uses settings (1 high-confidence reference: main.go:4 (settings)" in (
        result.stderr
    )
    assert "nothing written (--force drops them anyway)" in result.stderr
    assert _files(tmp_path) == before
    # without --write: the plan, and a warning
    result = _migrate("--cleanup")
    assert result.exit_code == 0
    assert 'DROP VIEW "settings";' in result.stdout
    assert "warning: code still uses settings" in result.stderr
    assert "--write would be refused without --force" in result.stderr
    # --force: written, and said
    result = _migrate("--cleanup", "--write", "--force")
    assert result.exit_code == 0, result.stderr
    assert "dropped anyway (--force)" in result.stderr
    assert _files(tmp_path) - before == {
        "db/003_drop_compatibility_views.sql",
        "rollbacks/003_drop_compatibility_views.sql",
    }


def test_cleanup_writes_once_code_uses_the_new_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _renamed(tmp_path, monkeypatch, _GO.replace("FROM settings", "FROM app_settings"))
    result = _migrate("--cleanup", "--write")
    assert result.exit_code == 0, result.stderr
    assert "code still uses" not in result.stderr
    assert (tmp_path / "db" / "003_drop_compatibility_views.sql").is_file()


def test_the_search_is_the_one_views_where_referenced_uses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The names the cleanup keeps are those `impact --min-confidence high` lists."""
    _renamed(tmp_path, monkeypatch, _GO)
    impact = CliRunner().invoke(cli, ["impact", "--min-confidence", "high"])
    assert "main.go:4" in impact.output
    result = _migrate("--cleanup", "--write")
    assert result.exit_code == 2
    assert "main.go:4" in result.stderr


def test_untracked_code_is_searched_with_untracked_and_named_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """s6-t3 #3: a new file not yet `git add`ed that uses the old name: without
    --untracked the cleanup says it was not searched; with it, --write is refused
    as for a tracked file; an ignored file stays out of both."""
    _renamed(tmp_path, monkeypatch, _GO.replace("FROM settings", "FROM app_settings"))
    (tmp_path / "extra.go").write_text(_GO, encoding="utf-8")
    (tmp_path / ".gitignore").write_text("vendor/\n", encoding="utf-8")
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "lib.go").write_text(_GO, encoding="utf-8")
    before = _files(tmp_path)
    result = _migrate("--cleanup")
    assert result.exit_code == 0, result.stderr
    assert "code still uses" not in result.stderr
    assert (
        "note: 1 file git does not track (extra.go) mentions the views' names and was not "
        "searched (tracked files only); --untracked searches them too"
    ) in result.stderr
    assert "vendor" not in result.stderr
    result = _migrate("--cleanup", "--write", "--untracked")
    assert result.exit_code == 2
    assert "code still uses settings (1 high-confidence reference: extra.go:4 (settings)" in (
        result.stderr
    )
    assert "not searched" not in result.stderr
    assert _files(tmp_path) == before


def test_the_untracked_note_names_only_files_untracked_would_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """s11 #3 (atuin): a new migration in the schema tree (read as schema, never
    searched) was named as a file --untracked would search. The note now names
    only files where that search finds a view's name: not the schema tree, not
    migration history, not a file holding the name only inside a longer one."""
    _renamed(tmp_path, monkeypatch, _GO.replace("FROM settings", "FROM app_settings"))
    files = {
        "db/003_count.sql": "-- reads app_settings, not the view settings\n"
        "CREATE FUNCTION settings_rows() RETURNS bigint\n"
        "AS $$ SELECT count(*) FROM app_settings $$ LANGUAGE sql;\n",
        "new.go": _GO.replace("FROM settings", "FROM app_settings"),
        "legacy/migrations/001_init.sql": "CREATE TABLE settings (key text);\n",
        "extra.go": _GO,
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = _migrate("--cleanup")
    assert result.exit_code == 0, result.stderr
    assert (
        "note: 1 file git does not track (extra.go) mentions the views' names and was not "
        "searched (tracked files only); --untracked searches them too"
    ) in result.stderr
    # What --untracked then finds is that file, and only it.
    result = _migrate("--cleanup", "--untracked")
    assert "code still uses settings (1 high-confidence reference: extra.go:4 (settings)" in (
        result.stderr
    )
    assert "lower-confidence" not in result.stderr


def test_lower_confidence_references_are_noted_not_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """s8-t1 #11 (kestra): a Java string that is exactly the old table name is
    rated plain text by `impact`; the cleanup is still written, but says where
    the remaining mentions are, as `impact --min-confidence plain` lists them."""
    java = 'class Tables {\n    static final String T = "settings";\n}\n'
    _renamed(tmp_path, monkeypatch, _GO.replace("FROM settings", "FROM app_settings"))
    (tmp_path / "Tables.java").write_text(java, encoding="utf-8")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "java")
    impact = CliRunner().invoke(cli, ["impact", "--min-confidence", "plain"])
    assert "Tables.java:2:" in impact.output and "plain" in impact.output
    # The default text report counts the place instead of listing it.
    impact = CliRunner().invoke(cli, ["impact"])
    assert "Tables.java:2:" not in impact.output
    assert "plain text, not listed: 1 reference in 1 file: Tables.java (1)" in impact.output
    result = _migrate("--cleanup", "--write")
    assert result.exit_code == 0, result.stderr
    assert "code still uses" not in result.stderr
    assert (
        "note: 1 lower-confidence reference (plain text, not read as SQL or an ORM) to the "
        "views' names remains: Tables.java:2 (settings); `dbnamelint impact --min-confidence "
        "plain` lists them"
    ) in result.stderr
    assert (tmp_path / "db" / "003_drop_compatibility_views.sql").is_file()
