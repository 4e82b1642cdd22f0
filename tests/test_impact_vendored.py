"""impact leaves vendored code out of its search (trial s23 gophish).

gophish keeps jQuery, CKEditor and friends in ``static/js/src/vendor/``:
impact counted 281 plain references to column ``key`` there and filed
CKEditor's ``CHANGES.md`` under "Migration history ... a copy of the schema
for another database". ``vendor/``, ``node_modules/`` and ``third_party/``
are other projects' code: left out unless a path given names them, with a
note saying so (``*.min.js`` was skipped already, as a generated asset).
Oracle: real git (the tracked files searched).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from git_helpers import committed_repo
from impact_json import impact_items, impact_json

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

WHITELIST = """\
phases:
  - {id: "1", title: "Names", status: open}
entries:
  - {kind: column, name: headers.key, phase: "1", target: header_key}
"""
JS = "function get(o) { return o.key; }\n"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: mysql\n",
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": "CREATE TABLE headers (id int PRIMARY KEY, `key` varchar(9));\n",
        "static/js/src/app/app.js": JS,
        "static/js/src/vendor/jquery.js": JS,
        "static/js/src/vendor/ckeditor/CHANGES.md": "ALTER TABLE headers DROP COLUMN key;\n",
        "node_modules/lib/index.js": JS,
        "third_party/lib/util.js": JS,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _paths(report: dict[str, object]) -> list[str]:
    return sorted({i["path"] for _o, i in impact_items(report)})  # type: ignore[arg-type]


def test_vendored_files_are_left_out_with_a_note(tree: Path) -> None:
    report = impact_json("--min-confidence", "plain")
    assert _paths(report) == ["static/js/src/app/app.js"]
    assert report["history"] == []  # CHANGES.md was "migration history"
    assert any(
        n.startswith("4 vendored files left out (vendor/, node_modules/, third_party/: other")
        for n in report["notes"]
    )


def test_a_path_naming_a_vendored_folder_is_searched(tree: Path) -> None:
    report = impact_json("--min-confidence", "plain", "static/js/src/vendor")
    assert _paths(report) == ["static/js/src/vendor/jquery.js"]
    assert not any("vendored" in n for n in report["notes"])
