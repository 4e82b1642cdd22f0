"""What the pre-commit hook imports when a schema file was edited (issue 12).

The hook on an edited file cannot be replayed from the run cache; what it
still need not do is import what only some changes use: PyYAML (read only
when ``.pre-commit-config.yaml`` or the config changed, or a sqlc config is
read), impact's code scanners (only when the change adds code holding a DDL
string), the TOML reader (only when a ``Cargo.toml`` is read). Which modules
a run imported is read from ``-X importtime`` of real ``python -m
dbnamelint.cli`` processes in a real git repository; every verdict is held
to the same command run with ``--no-cache``, and the relaxation those modules
serve is still found when the hook config does change.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dbnamelint.runner import readcache

HOOK_CONFIG = """\
repos:
  - repo: local
    hooks:
      - id: dbnamelint
        name: dbnamelint
        entry: dbnamelint check --pre-commit
        language: system
        files: \\.sql$
"""
SCHEMA = "CREATE TABLE users (id int PRIMARY KEY, email text);\n"
#: Imported only by what this change does not need: the Rails schema.rb
#: reader (with its Ruby reader, SQL generator and ActiveSupport's inflection
#: rules) only reads a ``db/schema.rb``; the gate needs two of its note words.
#: TypeORM's and Knex's readers only read JavaScript or TypeScript code.
#: The applied Alembic/Django helper check only runs when Python files changed.
NOT_NEEDED = (
    "yaml",
    "dbnamelint.impact.classify",
    "dbnamelint.impact.scan",
    "tomllib",
    "dbnamelint.frontends.rails.reader",
    "dbnamelint.frontends.rails.sqlgen",
    "dbnamelint.frontends.rails.names",
    "dbnamelint.typeorm_schema",
    "dbnamelint.knexseq_schema",
    "dbnamelint.services.applied_helpers",
    "dbnamelint.migration_reach",
)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def _hook(cwd: Path, cache: Path | None) -> tuple[int, str, set[str]]:
    env = {k: v for k, v in os.environ.items() if k not in (readcache.OFF_ENV,)}
    env[readcache.DIR_ENV] = str(cache or cwd / "unused-cache")
    extra = [] if cache is not None else ["--no-cache"]
    done = subprocess.run(
        [
            *(sys.executable, "-X", "importtime", "-m", "dbnamelint.cli"),
            *("check", "--pre-commit", *extra, "schema.sql"),
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    lines = done.stderr.splitlines(True)
    names = {line.rsplit("|", 1)[-1].strip() for line in lines if line.startswith("import time:")}
    rest = "".join(line for line in lines if not line.startswith("import time:"))
    return done.returncode, done.stdout + rest, names


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "dbnamelint.yaml").write_text("paths: [schema.sql]\ndialect: postgres\n", "utf-8")
    (root / ".pre-commit-config.yaml").write_text(HOOK_CONFIG, "utf-8")
    (root / "schema.sql").write_text(SCHEMA, "utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    return root


def _edit(repo: Path, line: str) -> None:
    with (repo / "schema.sql").open("a", encoding="utf-8") as handle:
        handle.write(line)
    _git(repo, "add", "schema.sql")


@pytest.mark.parametrize(
    ("added", "code"),
    [("-- a comment\n", 0), ('CREATE TABLE "BadName" (id int);\n', 1)],
    ids=["clean", "bad-name"],
)
def test_an_edited_schema_file_imports_only_what_it_needs(
    repo: Path, tmp_path: Path, added: str, code: int
) -> None:
    cache = tmp_path / "cache"
    _edit(repo, "-- warm the caches\n")
    _hook(repo, cache)
    _edit(repo, added)
    got, out, names = _hook(repo, cache)
    assert "dbnamelint.services.gate" in names, "the run was replayed whole"
    assert [m for m in NOT_NEEDED if m in names] == []
    want, want_out, _ = _hook(repo, None)
    assert (got, out) == (want, want_out)
    assert got == code
    if code:
        assert "BadName" in out


def test_a_relaxed_hook_config_is_still_read_and_refused(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _hook(repo, cache)
    relaxed = HOOK_CONFIG.replace("--pre-commit", "--pre-commit --exit-zero")
    (repo / ".pre-commit-config.yaml").write_text(relaxed, "utf-8")
    _git(repo, "add", ".pre-commit-config.yaml")
    _edit(repo, "-- an edit\n")
    got, out, names = _hook(repo, cache)
    assert "yaml" in names  # the changed hook config is read
    assert got == 1 and "DBN909" in out and "--exit-zero" in out
    assert (got, out) == _hook(repo, None)[:2]


def test_the_hook_without_caches_imports_no_toml_reader_nor_rails_reader(repo: Path) -> None:
    """``--no-cache`` reads the YAML config afresh (the config layer, PyYAML),
    but still needs no TOML reader (the config is no pyproject.toml) nor the
    schema.rb reader (no Rails file in the change)."""
    _edit(repo, 'CREATE TABLE "BadName" (id int);\n')
    got, out, names = _hook(repo, None)
    assert "dbnamelint.services.gate" in names and "yaml" in names  # the config was read
    assert [m for m in NOT_NEEDED if m in names and m != "yaml"] == []
    assert got == 1 and "BadName" in out


def test_the_hook_without_caches_on_a_simple_config_imports_no_pydantic(repo: Path) -> None:
    """A config of plain keys (``paths``, ``dialect``) is the shipped default
    settings plus those keys (:mod:`dbnamelint.config.simple`): the
    ``--no-cache`` hook validates it without importing pydantic, and reports
    what validating it with pydantic (the bundle turned off) reports."""
    from dbnamelint.config import bundled

    _edit(repo, 'CREATE TABLE "BadName" (id int);\n')
    got, out, names = _hook(repo, None)
    assert "dbnamelint.services.gate" in names and "yaml" in names  # the config was read
    assert [m for m in names if m.split(".")[0] in ("pydantic", "pydantic_core")] == []
    assert got == 1 and "BadName" in out
    os.environ[bundled.OFF_ENV] = "1"
    try:
        want, want_out, want_names = _hook(repo, None)
    finally:
        del os.environ[bundled.OFF_ENV]
    assert "pydantic" in want_names  # the oracle did validate with pydantic
    assert (got, out) == (want, want_out)
