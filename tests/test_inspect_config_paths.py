"""``inspect`` without paths reads the config's, as ``check`` does (trial s23 gophish).

Reported: ``inspect`` with a config and no paths exited 2 "Missing argument
'PATHS...'". On this code it reads the configured paths in their order, from
the config's folder or below it, or through ``--config``; only with no
config at all is a missing path a usage error (exit 2). Oracle: the files
written (what the model must hold).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths:\n  - db/db_mysql/migrations\n  - db/db_sqlite3/migrations\n"
FILES = {
    "dbnamelint.yaml": CONFIG,
    "db/db_mysql/migrations/1_init.sql": "CREATE TABLE `users` (id int);\n",
    "db/db_sqlite3/migrations/1_init.sql": 'CREATE TABLE "pages" ("id" integer);\n',
    "models/user.go": "package models\n",
}


def _tables(args: list[str]) -> list[str]:
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    objects = json.loads(result.stdout)["objects"]
    return sorted(o["name"] for o in objects if o["kind"] == "table")


def test_inspect_reads_the_configured_paths_from_anywhere_below_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(tmp_path / "repo", FILES, monkeypatch)
    assert _tables([]) == ["pages", "users"]
    monkeypatch.chdir(root / "models")
    assert _tables([]) == ["pages", "users"]
    monkeypatch.chdir(tmp_path)
    assert _tables(["--config", str(root / "dbnamelint.yaml")]) == ["pages", "users"]


def test_without_config_or_paths_inspect_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {k: v for k, v in FILES.items() if k != "dbnamelint.yaml"}
    committed_repo(tmp_path / "repo", files, monkeypatch)
    result = CliRunner().invoke(cli, ["inspect"])
    assert result.exit_code == 2
    assert "Missing argument 'PATHS...' (and no config names paths" in result.output
