"""RedBean's bean calls name their table (trial s40 uptime-kuma F6).

uptime-kuma reads and writes its tables through redbean-node:
``R.findOne("remote_browser", " id = ? ", [id])``, ``R.find(...)``,
``R.dispense("remote_browser")``; RedBeanPHP's ``R::dispense('book')`` and
``R::find('book', ...)`` alike (the bean type is the table, redbean-node's
README and redbeanphp.com "CRUD" / "Finding"). ``impact`` listed them as
plain text only, not a place to change, and ``--diff`` left them. Now they
are high-confidence "RedBean table call" places, patched by ``--diff``; a
receiver other than ``R``, and a longer name, are not. The patch is checked
with the real ``git apply``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import init_repo, isolated_git_env, write_files

FILES = {
    "dbnamelint.yaml": "paths: [db]\ndialect: sqlite\n",
    "db/001_init.sql": "CREATE TABLE remote_browser (id INTEGER PRIMARY KEY, url TEXT);\n",
    "whitelist.yaml": """phases:
  - id: "1"
    title: "Legacy names"
    status: open
entries:
  - kind: table
    name: remote_browser
    rules: [DBN105]
    phase: "1"
    target: remote_browsers
""",
    "server/remote-browser.js": (
        'let bean = await R.findOne("remote_browser", " id = ? ", [id]);\n'
        'bean = R.dispense("remote_browser");\n'
        "let list = await R.find('remote_browser', ' user_id = ? ', [userID]);\n"
        'let n = await R.count("remote_browser");\n'
        'XR.find("remote_browser");\n'
        'R.findOne("remote_browser_extra");\n'
    ),
    "app/Browser.php": (
        "<?php\n$b = R::dispense('remote_browser');\n$all = R::findAll('remote_browser');\n"
    ),
}
HIGH = {
    ("server/remote-browser.js", 1),
    ("server/remote-browser.js", 2),
    ("server/remote-browser.js", 3),
    ("server/remote-browser.js", 4),
    ("app/Browser.php", 2),
    ("app/Browser.php", 3),
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    write_files(root, FILES)
    init_repo(root, "base")
    monkeypatch.chdir(root)
    return root


def test_bean_calls_are_high(repo: Path) -> None:
    args = ["impact", "--no-cache", "--format", "json", "--min-confidence", "plain"]
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 0, done.output
    items = [
        item
        for phase in json.loads(done.stdout)["phases"]
        for obj in phase["objects"]
        for item in obj["items"]
    ]
    high = {(i["path"], i["line"]) for i in items if i["confidence"] == "high"}
    assert high == HIGH, items
    labels = {i["context"] for i in items if i["confidence"] == "high"}
    assert labels == {"RedBean table call"}


def test_diff_renames_the_bean_types(repo: Path) -> None:
    done = CliRunner().invoke(cli, ["impact", "--no-cache", "--diff"])
    assert done.exit_code == 0, done.output
    patch = repo / "rename.patch"
    patch.write_text(done.stdout)
    subprocess.run(["git", "apply", str(patch)], cwd=repo, check=True)
    js = (repo / "server/remote-browser.js").read_text()
    assert js.count('"remote_browsers"') + js.count("'remote_browsers'") == 4, js
    assert 'XR.find("remote_browser")' in js and '"remote_browser_extra"' in js
    assert "R::dispense('remote_browsers')" in (repo / "app/Browser.php").read_text()
