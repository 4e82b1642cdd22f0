"""The gate takes the base's configuration from the working tree only when
every file it is read from is the same in the base.

With a cache, ``check --base`` (and the pre-commit hook) reuses the working
tree's configuration for the base when the config, its ``extends`` files and
packs have the same bytes there; otherwise it loads the base's own. The
oracle is ``--no-cache``, which always loads the base's configuration from
the base tree: every run below must print what it prints.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from git_helpers import init_repo, isolated_git_env, write_files

BASE_FILES = {
    "dbnamelint.yaml": "extends: [recommended, ./naming.yaml]\npaths: [db]\n",
    "naming.yaml": "rules:\n  table-name-singular: false\n",
    "db/schema.sql": "CREATE TABLE user_profile (id int);\n",
}


def _check(repo: Path, cache: Path, *extra: str) -> tuple[int, str]:
    env = {
        **os.environ,
        **isolated_git_env(),
        "DBNAMELINT_CACHE_DIR": str(cache),
        "NO_COLOR": "1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "dbnamelint", "check", "--base", "HEAD", *extra],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("change", "expect_new_finding"),
    [
        ({}, False),
        # an extends file changed: the base must keep DBN105 off
        ({"naming.yaml": "rules:\n  table-name-singular: true\n"}, True),
        # the config itself changed
        ({"dbnamelint.yaml": "extends: [recommended]\npaths: [db]\n"}, True),
    ],
    ids=["same-config", "extends-file-changed", "config-changed"],
)
def test_base_config_as_without_cache(
    tmp_path: Path, change: dict[str, str], expect_new_finding: bool
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    write_files(repo, BASE_FILES)
    init_repo(repo, "base")
    write_files(repo, {**change, "db/schema.sql": BASE_FILES["db/schema.sql"] + "-- edited\n"})
    expected = _check(repo, tmp_path / "unused", "--no-cache")
    cache = tmp_path / "cache"
    first = _check(repo, cache)
    write_files(repo, {"db/schema.sql": BASE_FILES["db/schema.sql"] + "-- edited again\n"})
    again = _check(repo, cache)  # the run cache misses, the settings cache hits
    again_expected = _check(repo, tmp_path / "unused", "--no-cache")
    assert first == expected
    assert again == again_expected
    # the scenario shows the difference the base's own configuration makes
    assert ("DBN105" in expected[1]) is expect_new_finding, expected[1]
    assert (expected[0] != 0) is expect_new_finding
