"""A hole where a Go code string's column TYPE (or default) goes is no name
the statement builds: its names are judged, and DBN013 is only for a hole in
a name the statement creates or renames.

Trial s39 (writefreely): every migration concatenates the type,
``ALTER TABLE posts ADD COLUMN likeCount ` + db.typeInt() + ` NOT NULL``.
The reader filled the hole with ``x``s (a type), but a name right before it
counted as "built" (its span ran two characters past the name into the
hole), so a well-named migration was refused with DBN013, and once the
message's ``ignore[DBN013]`` was added, ``likeCount``/``likedBy`` passed
unjudged.

Oracle: sqlite3 runs the statements as the code does (the types filled in):
its catalog holds the columns named as written, so the hole made no name.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from check_json import check_entries, stage
from git_helpers import committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [db]\ndialect: sqlite\n"
SCHEMA = "CREATE TABLE posts (id INTEGER PRIMARY KEY);\n"
PATH = "migrations/v16.go"
HEAD = """package migrations

func supportPostLikes(db *datastore) error {
	t, err := db.Begin()
"""
TYPES = (
    "\t_, err = t.Exec(`CREATE TABLE post_likes (post_id ` + db.typeVarChar(16) + "
    "` not null, likedBy ` + db.typeInt() + ` not null)`)\n"
    "\t_, err = t.Exec(`ALTER TABLE posts ADD COLUMN likeCount ` + db.typeInt() + "
    "` DEFAULT '0' NOT NULL`)\n"
)
GOOD = TYPES.replace("likedBy", "liked_by").replace("likeCount", "like_count")
NAMES = (
    "\t_, err = t.Exec(`ALTER TABLE posts ADD COLUMN ` + colName + ` INTEGER`)\n"
    "\t_, err = t.Exec(`CREATE TABLE ` + tableName + ` (id INTEGER)`)\n"
)
TAIL = "\treturn err\n}\n"
ACCEPT = "// dbnamelint: ignore[DBN013] only column types are built (db.type*)\n"


def _run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> list[tuple[str, int, str]]:
    root = committed_repo(
        tmp_path / "app", {".dbnamelint.yml": CONFIG, "db/schema.sql": SCHEMA}, monkeypatch
    )
    stage(root, PATH, text)
    seen = []
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        _status, found = check_entries(*run, "--no-cache")
        seen.append(sorted((c, line, s) for c, p, line, s, _ in found if p == PATH))
    assert seen[0] == seen[1], seen
    return seen[0]


def test_type_holes_judge_the_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = _run(tmp_path, monkeypatch, HEAD + TYPES + TAIL)
    # likedBy (line 5) and likeCount (line 6): camelCase; no DBN013
    assert found == [("DBN201", 5, "error"), ("DBN201", 6, "error")]


def test_good_names_with_type_holes_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run(tmp_path, monkeypatch, HEAD + GOOD + TAIL) == []


def test_an_accept_comment_does_not_hide_written_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _run(tmp_path, monkeypatch, ACCEPT + HEAD + TYPES + TAIL)
    assert [(c, line) for c, line, s in found if s == "error"] == [("DBN201", 6), ("DBN201", 7)]
    # and the comment accepts nothing: an unused suppression
    assert ("DBN020", 1, "warning") in found


def test_an_accept_comment_used_by_a_built_name_is_no_dbn020(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _run(tmp_path, monkeypatch, ACCEPT + HEAD + GOOD + NAMES + TAIL)
    # the built names' DBN013 accepted (info notes, not listed); no DBN020
    assert found == []


def test_a_hole_in_a_name_stays_dynamic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = _run(tmp_path, monkeypatch, HEAD + GOOD + NAMES + TAIL)
    assert found == [("DBN013", 7, "error"), ("DBN013", 8, "error")]


def test_sqlite_names_the_columns_as_written() -> None:
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    db.execute("CREATE TABLE post_likes (post_id VARCHAR(16) not null, likedBy INTEGER not null)")
    db.execute("ALTER TABLE posts ADD COLUMN likeCount INTEGER DEFAULT '0' NOT NULL")
    likes = [r[1] for r in db.execute("PRAGMA table_info(post_likes)")]
    posts = [r[1] for r in db.execute("PRAGMA table_info(posts)")]
    assert likes == ["post_id", "likedBy"]
    assert posts == ["id", "likeCount"]
