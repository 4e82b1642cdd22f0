"""Session 33 leftovers: applied history deleted under ``whitelist prune``.

Deleting a committed migration drops nothing from the databases that ran it
(golang-migrate records only the version in ``schema_migrations``; the
table the file made stays), so an entry whose object only that file made
is not done. Oracle: real git for the working tree's deletion; the gate's
own ``DBN025`` for a deleted applied migration
(:func:`dbnamelint.services.edited_history.deleted_migrations`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FILES = {
    "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
    "migrations/000001_init.up.sql": "CREATE TABLE feeds (id int);\n",
    "migrations/000002_cache.up.sql": "CREATE TABLE acme_cache (key text);\n",
}


@pytest.mark.parametrize("how", ["delete", "rename"])
def test_prune_keeps_entries_while_an_applied_migration_is_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """The working tree deletes (or renames away) the applied migration that
    made ``acme_cache``: prune removed its entry ("no table named acme_cache
    is in the schema the files build") and marked its phase done."""
    root = committed_repo(tmp_path / "p", FILES, monkeypatch, "app")
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    commit_all(root, "adopt")
    old = root / "migrations/000002_cache.up.sql"
    if how == "delete":
        old.unlink()
    else:
        old.rename(root / "migrations/000002_cache_old.sql.bak")
    before = (root / "whitelist.yaml").read_text(encoding="utf-8")
    assert "acme_cache" in before
    result = CliRunner().invoke(cli, ["whitelist", "prune"])
    assert result.exit_code == 0, result.output
    assert "kept table acme_cache" in result.output
    assert "migrations/000002_cache.up.sql:1" in result.output
    assert "marked phase" not in result.output
    assert (root / "whitelist.yaml").read_text(encoding="utf-8") == before


def test_prune_removes_an_entry_when_only_an_excluded_file_is_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deleted SQL file the config leaves out is no applied history: the
    entry its rename made stale goes, as before."""
    files = {
        **FILES,
        "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n"
        "exclude: [migrations/queries]\n",
        "migrations/queries/000003_find.up.sql": "SELECT 1;\n",
    }
    root = committed_repo(tmp_path / "p", files, monkeypatch, "app")
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    commit_all(root, "adopt")
    (root / "migrations/queries/000003_find.up.sql").unlink()
    (root / "migrations/000003_rename.up.sql").write_text(
        "ALTER TABLE acme_cache RENAME TO acme_caches;\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["whitelist", "prune"])
    assert result.exit_code == 0, result.output
    assert "removed table acme_cache" in result.output
