"""A symbolic link to a SQL file the tree holds is that file (trial s23, Synapse).

Synapse's ``contrib/datagrip/main.sql`` (and ``common.sql``, ``state.sql``,
``schema_version.sql``) are links to its full schemas, for DataGrip.
Discovery reached the link first (``contrib`` sorts before ``synapse``)
and read the PostgreSQL schema as ``contrib/datagrip``'s, so its SQLite
twin in the schema's own folder "created again" every table (3 ``DBN023``
warnings), and ``init`` wrote ``contrib/datagrip`` into the config. The
link is now left out whenever its target is read: ``init`` lists only the
schema's folder, and ``check`` reads the file once, in its own place. Real
symbolic links on disk; a link whose target is not read is still read.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")

SCHEMA = "synapse/storage/schema/main/full_schemas/72"
FILES = {
    f"{SCHEMA}/full.sql.postgres": "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n"
    'CREATE TABLE "UserIps" (id bigint);\n',
    f"{SCHEMA}/full.sql.sqlite": "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n"
    'CREATE TABLE "UserIps" (id INTEGER);\n',
}


def _tree(root: Path) -> None:
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "contrib/datagrip").mkdir(parents=True)
    (root / "contrib/datagrip/main.sql").symlink_to(f"../../{SCHEMA}/full.sql.postgres")


def _run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args))
    return done.exit_code, done.stdout + done.stderr


def test_init_leaves_out_a_link_to_a_file_of_the_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    assert (tmp_path / "contrib/datagrip/main.sql").is_symlink()
    monkeypatch.chdir(tmp_path)
    code, out = _run("init")
    assert code == 0, out
    config = (tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8")
    assert "contrib" not in config
    assert f"# Found: {SCHEMA} (2 files)" in config


def test_check_reads_the_linked_file_once_in_its_own_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [.]\n", encoding="utf-8")
    code, out = _run("check", "--no-cache")
    assert code == 1, out  # "UserIps": not snake case, in each dialect's schema
    assert "DBN023" not in out and "contrib/datagrip" not in out
    found = [line.split(":")[0] for line in out.splitlines() if '"UserIps"' in line]
    assert sorted(found) == [f"{SCHEMA}/full.sql.postgres", f"{SCHEMA}/full.sql.sqlite"]


def test_a_link_whose_target_is_not_read_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [contrib]\n", encoding="utf-8")
    code, out = _run("check", "--no-cache")
    assert code == 1, out
    found = [line.split(":")[0] for line in out.splitlines() if '"UserIps"' in line]
    assert found == ["contrib/datagrip/main.sql"]
