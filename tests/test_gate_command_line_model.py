"""``check --base REF`` reads the base with the command line's model options
too (trial s35 firefly-iii, F3).

``check --base <base> --dialect mysql`` read HEAD as MySQL but the base in the
config's dialect (PostgreSQL): a commit adding one table got 25 ``DBN901`` and a
``DBN909``, and a legacy column ``match`` (reserved in MySQL only) was "new".
The same held for ``--search-path``: every legacy finding moved to another
schema and was new. Now both sides are read with ``--dialect`` and
``--search-path``. Real git.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, stage
from git_helpers import committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

LEGACY = (
    "CREATE TABLE bills (id int, match int);\n"  # `match`: reserved in MySQL, not PostgreSQL
    'CREATE TABLE "BadTable" (id int);\n'
)


@pytest.mark.parametrize(
    "option", [("--dialect", "mysql"), ("--search-path", "app")], ids=["dialect", "search-path"]
)
def test_the_base_is_read_with_the_command_lines_model_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: tuple[str, str]
) -> None:
    root = committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": 'paths: ["db"]\ndialect: postgres\n', "db/001.sql": LEGACY},
        monkeypatch,
    )
    stage(root, "db/002.sql", "CREATE TABLE widgets (id int);\n")
    status, found = check_entries("--base", "HEAD", *option, "--no-cache")
    assert status == 0, found
    assert found == [], found
    # what is new is still judged, in the option's terms
    stage(root, "db/003.sql", "CREATE TABLE gadgets (id int, `rank` int);\n")
    if option[0] == "--dialect":
        status, found = check_entries("--base", "HEAD", *option, "--no-cache")
        assert status == 1
        assert {(c, p) for c, p, *_ in found} == {("DBN502", "db/003.sql")}, found
