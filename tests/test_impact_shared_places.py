"""Trial s31 (windmill): ``group_`` in ``INSERT INTO usr_to_group (...,
group_, ...)`` is a plain-text reference to the table ``group_`` and a
high-confidence one to the column ``usr_to_group.group_``. The text summary
counted that place once, as the first object's (plain), and said
``Total: 5 references ... (4 high confidence, 1 plain text)`` under five
high entries. A place is counted once, as high where any object's list shows
it so, and the summary says the place is counted once.

Oracle: the report's own lists (each high entry's ``path:line:col``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

WHITELIST = """\
phases:
  - {id: "1", title: "Names", status: open}
entries:
  - {kind: table, name: group_, rules: [DBN101], phase: "1", target: groups}
  - {kind: column, name: usr_to_group.group_, rules: [DBN201], phase: "1", target: group_name}
"""
SCHEMA = """\
CREATE TABLE group_ (name text PRIMARY KEY);
CREATE TABLE usr_to_group (usr text, group_ text);
"""
CODE = """\
fn add(db: &Pool) {
    sqlx::query!("INSERT INTO usr_to_group (usr, group_) VALUES ($1, $2)", "bob", "all");
}
"""


def test_a_place_two_objects_share_is_counted_once_as_high(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    committed_repo(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST,
            "migrations/0001_init.sql": SCHEMA,
            "src/db.rs": CODE,
        },
        monkeypatch,
    )
    result = CliRunner().invoke(cli, ["impact"])
    out = result.stdout
    high = set(re.findall(r"^\s+(\S+:\d+:\d+): high ", out, re.M))
    assert high, out
    total = re.search(r"^Total: (\d+) references? in \d+ files? \((\d+) high", out, re.M)
    assert total is not None, out
    assert (int(total[1]), int(total[2])) == (len(high), len(high)), out
    assert "a place listed for several objects counted once" in out
