"""A rollback beside its migration is a rollback, even when code embeds the folder.

A Go module that embeds its migration folder (``//go:embed migrations/*``:
Authelia's own runner, golang-migrate's ``iofs`` source) embeds the
``.down.sql`` files too. The gate took each new one holding DDL for "a file
code embeds that no walk takes for SQL" and refused it (``DBN032``), so every
ordinary migration pair was refused, the rollbacks ``migrate --write`` writes
among them (trial s40 authelia F1). A rollback whose forward migration the run
reads beside it is judged as a rollback: silent when it only undoes, the
``DBN033`` warning when it makes a name no migration made. A down file with no
migration beside it, and any other embedded file, stays ``DBN032``.

Which names are rollbacks is each tool's rule: golang-migrate's and sqlx's
``<version>_x.down.sql`` and Authelia's ``V<version>.Name.down.sql``
(``^V(\\d{4})\\.([^.]+)\\.(up|down)\\.sql$``, run only when migrating down).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git, init_repo, isolated_git_env, write_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GO_MOD = "module example.com/svc\n\ngo 1.22\n"
#: layout -> (base files, the new forward migration, its rollback)
LAYOUTS = {
    "golang-migrate": (
        {
            "go.mod": GO_MOD,
            "db.go": 'package svc\n\nimport "embed"\n\n'
            "//go:embed migrations/*.sql\nvar fs embed.FS\n",
            "dbnamelint.yaml": "paths: [migrations]\n",
            "migrations/000001_init.up.sql": "CREATE TABLE users (id int);\n",
            "migrations/000001_init.down.sql": "DROP TABLE users;\n",
        },
        "migrations/000002_posts.up.sql",
        "migrations/000002_posts.down.sql",
    ),
    "authelia": (
        {
            "go.mod": GO_MOD,
            "storage/migrations.go": 'package storage\n\nimport "embed"\n\n'
            "//go:embed migrations/*\nvar migrationsFS embed.FS\n",
            "dbnamelint.yaml": "paths: [storage/migrations/postgres]\n",
            "storage/migrations/postgres/V0001.Initial_Schema.up.sql": (
                "CREATE TABLE users (id int);\n"
            ),
            "storage/migrations/postgres/V0001.Initial_Schema.down.sql": "DROP TABLE users;\n",
        },
        "storage/migrations/postgres/V0002.Posts.up.sql",
        "storage/migrations/postgres/V0002.Posts.down.sql",
    ),
    "sqlx-include-str": (
        {
            "Cargo.toml": '[package]\nname = "c"\nversion = "0.1.0"\n\n'
            '[dependencies]\nsqlx = "0.8"\n',
            "src/lib.rs": 'const UNDO: &str = include_str!("../migrations/0002_posts.down.sql");\n',
            "dbnamelint.yaml": "paths: [migrations]\n",
            "migrations/0001_init.up.sql": "CREATE TABLE users (id int);\n",
            "migrations/0001_init.down.sql": "DROP TABLE users;\n",
        },
        "migrations/0002_posts.up.sql",
        "migrations/0002_posts.down.sql",
    ),
}


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base: dict[str, str]) -> Path:
    root = tmp_path / "project"
    write_files(root, base)
    init_repo(root, "base")
    monkeypatch.chdir(root)
    return root


def _gate() -> tuple[int, list[dict[str, object]]]:
    done = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD", "--format", "json"])
    assert done.exception is None or isinstance(done.exception, SystemExit), done.output
    report = json.loads(done.stdout)
    return done.exit_code, [*report["findings"], *report["diagnostics"]]


@pytest.mark.usefixtures("isolated")
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_new_migration_pair_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    base, up, down = LAYOUTS[layout]
    root = _repo(tmp_path, monkeypatch, base)
    write_files(root, {up: "CREATE TABLE posts (id int);\n", down: "DROP TABLE posts;\n"})
    git(root, "add", "-A")
    code, found = _gate()
    assert [d["code"] for d in found] == [], found
    assert code == 0


@pytest.mark.usefixtures("isolated")
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_rollback_making_a_new_name_is_the_rollback_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    base, up, down = LAYOUTS[layout]
    root = _repo(tmp_path, monkeypatch, base)
    write_files(root, {up: "DROP TABLE users;\n", down: 'CREATE TABLE "BadBack" (id int);\n'})
    git(root, "add", "-A")
    code, found = _gate()
    assert [(d["code"], d["path"], d["severity"]) for d in found] == [
        ("DBN033", down, "warning")
    ], found
    assert code == 0


@pytest.mark.usefixtures("isolated")
def test_a_down_file_without_its_migration_stays_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base, _up, _down = LAYOUTS["golang-migrate"]
    root = _repo(tmp_path, monkeypatch, base)
    write_files(root, {"migrations/000003_orphan.down.sql": 'CREATE TABLE "Orphan" (id int);\n'})
    git(root, "add", "-A")
    code, found = _gate()
    assert [(d["code"], d["path"]) for d in found] == [
        ("DBN032", "migrations/000003_orphan.down.sql")
    ], found
    assert code == 1
