"""Shared test helpers: where the corpus and the published schemas live."""

from __future__ import annotations

import atexit
import gc
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

import mysql_server
import pg_server

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SCHEMAS = SHARED / "schemas"

# A test run from a git hook, `git bisect run` or a worktree's script inherits
# GIT_DIR, GIT_INDEX_FILE and the like, which would point every git command of
# the tests (their own repositories under tmp_path) at the caller's repository:
# a test committed into it and set core.bare (confirmation s34). The tool
# strips them itself (gitutil); the tests drop them for every process they start.
try:
    _LOCAL_GIT = subprocess.run(
        ["git", "rev-parse", "--local-env-vars"], capture_output=True, text=True, check=False
    ).stdout.split()
except OSError:  # no git: the tests that need it skip
    _LOCAL_GIT = []
for _name in _LOCAL_GIT:
    os.environ.pop(_name, None)

# The CLI caches what it reads (dbnamelint.runner.readcache); tests, and the
# processes they start, keep theirs in a folder of their own rather than the
# user's cache directory. A caching bug would show as a wrong result here too.
if "DBNAMELINT_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="dbnamelint-test-cache-")
    os.environ["DBNAMELINT_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, True)

# No property test has a time limit: hypothesis's default 200 ms deadline is a
# timed assertion, which failed on a loaded machine (speed is measured by
# benchmarks/, never asserted in tests).
settings.register_profile("dbnamelint", deadline=None)
settings.load_profile("dbnamelint")


@pytest.fixture(autouse=True)
def _collector_unfrozen() -> Iterator[None]:
    """The CLI freezes what it read (dbnamelint.core.gcpause) for the rest of its
    process; a test process runs it many times, so it thaws after each test."""
    yield
    from dbnamelint.core import gcpause

    gcpause.freeze_after_reads(False)
    gc.unfreeze()


@pytest.fixture
def corpus() -> Path:
    """The real-world schema corpus beside the repo; skip when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture
def git_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder ``project`` made the current directory, with git kept
    from the user's configuration (:func:`git_helpers.isolated_git_env`)."""
    from git_helpers import isolated_git_env

    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.chdir(root)
    return root


# -- servers: one fixture each, for every module that needs a real database --


@pytest.fixture(scope="module")
def pg() -> Iterator[pg_server.PgServer]:
    """The PostgreSQL server (``DBNAMELINT_TEST_PG``, else one started here);
    skips without one, fails when the variable names a server that is down."""
    try:
        with pg_server.server() as found:
            yield found
    except pg_server.ServerUnavailable as exc:
        if os.environ.get(pg_server.ENV_VAR):
            pytest.fail(str(exc))
        pytest.skip(f"no PostgreSQL server: {exc}")


@pytest.fixture(scope="module")
def maria() -> Iterator[mysql_server.MysqlServer]:
    """The MariaDB server (``DBNAMELINT_TEST_MYSQL``); skips without one, fails
    when the variable names a server that is down."""
    try:
        with mysql_server.server() as found:
            yield found
    except mysql_server.ServerUnavailable as exc:
        if os.environ.get(mysql_server.ENV_VAR):
            pytest.fail(str(exc))
        pytest.skip(f"no MariaDB server: {exc}")
