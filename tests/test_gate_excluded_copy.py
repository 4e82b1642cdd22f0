"""The gate on DDL a change adds to a SQL file the config excludes (trial
s22 temporal): the full ``schema.sql`` kept beside ``versioned/`` deltas is
excluded (``DBN023`` said to leave one copy out), and a change appending
``CREATE TABLE "WorkflowTags"`` to it passed the hook and ``check --base``
with a ``DBN008`` warning. The names such new statements make are judged by
the rules, at the name in that file.

Oracles: real git (what the base held, what the change adds), the real
pre-commit, and PostgreSQL for the names the appended statement makes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import check_json as _check
from dbnamelint.cli import cli
from git_helpers import adopted_repo, git, isolated_git_env
from pg_server import PgServer
from test_precommit import Env, hook_repo  # noqa: F401 - the module's hook fixture

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

COPY = "schema/postgresql/temporal/schema.sql"
DELTA = "schema/postgresql/temporal/versioned/v1.0/schema.sql"
CONFIG = f'dialect: postgres\npaths: [schema]\nexclude: ["{COPY}"]\n'
INITIAL = "CREATE TABLE namespaces (id BIGINT PRIMARY KEY, name TEXT);\n"
BAD = 'CREATE TABLE "WorkflowTags" (id BIGINT, "tagName" TEXT);\n'
BAD_COLUMN = 'ALTER TABLE namespaces ADD COLUMN "isGlobal" BOOLEAN;\n'


@pytest.fixture
def temporal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Temporal's layout: a full schema copy (excluded) beside versioned deltas."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "temporal"
    root.mkdir()
    monkeypatch.chdir(root)
    adopted_repo(root, {COPY: INITIAL, DELTA: INITIAL}, CONFIG)
    return root


def _append(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((path.read_text() if path.exists() else "") + text)


def test_a_bad_name_appended_to_the_excluded_copy_fails_the_gate_and_the_hook(
    temporal: Path,
) -> None:
    _append(temporal, COPY, BAD + BAD_COLUMN)
    # Before: exit 0, only the DBN008 warning.
    expected = [
        ("DBN101", "WorkflowTags", COPY, 2, 14),
        ("DBN201", "tagName", COPY, 2, 41),
        ("DBN201", "isGlobal", COPY, 3, 35),
    ]
    code, found, diagnostics = _check("--base", "HEAD")
    assert (code, found) == (1, expected)
    assert [d["code"] for d in diagnostics] == ["DBN008"]
    git(temporal, "add", "-A")
    code, found, _ = _check("--pre-commit")
    assert (code, found) == (1, expected)


def test_compliant_or_unchanged_ddl_in_the_copy_passes(temporal: Path) -> None:
    _append(temporal, COPY, "CREATE TABLE workflow_tags (id BIGINT, tag_name TEXT);\n")
    assert _check("--base", "HEAD")[:2] == (0, [])
    # what the base held, moved: not new
    (temporal / COPY).write_text("-- moved\n\n" + INITIAL)
    assert _check("--base", "HEAD")[:2] == (0, [])


def test_the_same_ddl_in_the_delta_is_reported_once_there(temporal: Path) -> None:
    delta = "schema/postgresql/temporal/versioned/v1.1/tags.sql"
    _append(temporal, COPY, BAD)
    _append(temporal, delta, BAD)
    code, found, _ = _check("--base", "HEAD")
    assert (code, found) == (
        1,
        [("DBN101", "WorkflowTags", delta, 1, 14), ("DBN201", "tagName", delta, 1, 41)],
    )


def test_a_whitelisted_legacy_table_edited_in_the_copy_stays_excused(temporal: Path) -> None:
    legacy = 'CREATE TABLE "LegacyThing" (id BIGINT);\n'
    _append(temporal, COPY, legacy)
    _append(temporal, DELTA, legacy)
    assert CliRunner().invoke(cli, ["whitelist", "init", "--force"]).exit_code == 0
    git(temporal, "add", "-A")
    git(temporal, "commit", "-qm", "legacy table, whitelisted")
    path = temporal / COPY
    path.write_text(path.read_text().replace(legacy, 'CREATE TABLE "LegacyThing" (id INT);\n'))
    assert _check("--base", "HEAD")[:2] == (0, [])


def test_the_names_are_the_ones_postgresql_makes(temporal: Path, pg: PgServer) -> None:
    _append(temporal, COPY, BAD + BAD_COLUMN)
    _code, found, _ = _check("--base", "HEAD")
    name = "tempgate_copy_oracle"
    pg.run(sql=f"DROP DATABASE IF EXISTS {name}")
    pg.run(sql=f"CREATE DATABASE {name}")
    try:
        pg.run(sql=(temporal / COPY).read_text(), dbname=name)
        made = pg.query_json(
            "SELECT attname FROM pg_attribute WHERE attnum > 0 AND NOT attisdropped AND "
            "attrelid IN ('\"WorkflowTags\"'::regclass, 'namespaces'::regclass) "
            "UNION SELECT relname FROM pg_class WHERE relname = 'WorkflowTags'",
            dbname=name,
        )
    finally:
        pg.run(sql=f"DROP DATABASE IF EXISTS {name}")
    stored = {m["attname"] for m in made}
    assert {n for _c, n, *_ in found} <= stored
    assert {"WorkflowTags", "tagName", "isGlobal"} <= stored


def test_through_the_real_pre_commit(
    hook_repo: tuple[Env, Path, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    env, snapshot, rev = hook_repo
    root = tmp_path / "temporal-hook"
    for rel in (COPY, DELTA):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(INITIAL)
    (root / "dbnamelint.yaml").write_text(CONFIG)
    (root / "whitelist.yaml").write_text("entries: []\n")
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n      - id: dbnamelint\n"
    )
    env.git(root, "init", "-q")
    env.git(root, "add", "-A")
    env.git(root, "commit", "-qm", "base")
    assert env.pre_commit(root, "install").returncode == 0
    _append(root, COPY, BAD)
    env.git(root, "add", "-A")
    done = env.git(root, "commit", "-m", "bad table in the copy", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f"{COPY}:2:14: DBN101 table" in output
    path = root / COPY
    path.write_text(INITIAL + "CREATE TABLE workflow_tags (id BIGINT, tag_name TEXT);\n")
    env.git(root, "add", "-A")
    done = env.git(root, "commit", "-m", "good table", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
