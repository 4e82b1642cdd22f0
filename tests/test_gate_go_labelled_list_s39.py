"""A Go migration list of labelled steps that name their functions
(WriteFreely's ``New("support user invites", supportUserInvites)``) is
applied by position: a step inserted in the middle is DBN025, one appended
passes whatever its label says, and the counts are the list's.

Trial s39 (writefreely):
- every step read "(no SQL)", and the labels were taken for recorded keys,
  so a step inserted before the last passed (its runner runs
  ``migrations[version:]``: a database at the last version never runs it);
- a label starting with a SQL verb ("update post indexes") was read as SQL,
  so an appended step was a false DBN025;
- the comment after the last comma (``// V2 -> V3``) counted as a step.

Oracle: the runner's rule, written in the test as WriteFreely's
``migrations[version:]`` does it: the steps a database at the base's count
runs from the new list.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, stage
from git_helpers import committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

LIST = """package migrations

func New(d string, fn func(db *datastore) error) Migration {
	return &migration{d, fn}
}

var migrations = []Migration{
	New("support user invites", supportUserInvites),             // -> V1
	New("support dynamic instance pages", supportInstancePages), // V1 -> V2
	New("speed up blog post retrieval", addPostRetrievalIndex),  // V2 -> V3
}

func (db *datastore) Migrate(version int) {
	for _, m := range migrations[version:] {
		m.Migrate(db)
	}
}
"""
STEPS = """package migrations

func supportUserInvites(db *datastore) error {
	_, err := db.Exec(`CREATE TABLE userinvites (id INT PRIMARY KEY)`)
	return err
}

func supportInstancePages(db *datastore) error {
	_, err := db.Exec(`CREATE TABLE appcontent (id INT PRIMARY KEY)`)
	return err
}

func addPostRetrievalIndex(db *datastore) error {
	_, err := db.Exec(`CREATE INDEX appcontent_by_id ON appcontent (id)`)
	return err
}
"""
NEW_STEP = """package migrations

func addLikeIndex(db *datastore) error {
	_, err := db.Exec(`CREATE INDEX posts_owner_created ON posts (id)`)
	return err
}
"""
PATH = "migrations/migrations.go"
LAST = '\tNew("speed up blog post retrieval", addPostRetrievalIndex),  // V2 -> V3\n'


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": 'paths: ["."]\n',
            "schema.sql": "CREATE TABLE posts (id INT PRIMARY KEY);\n",
            PATH: LIST,
            "migrations/v1.go": STEPS,
            "migrations/v4.go": NEW_STEP,
        },
        monkeypatch,
    )


def _errors(text: str) -> list[tuple[str, int, str]]:
    stage(Path.cwd(), PATH, text)
    seen = []
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        _status, found = check_entries(*run, "--no-cache")
        seen.append(sorted((c, line, m) for c, p, line, s, m in found if s == "error"))
    assert seen[0] == seen[1], seen
    return seen[0]


def _runner_skips(before: list[str], now: list[str]) -> list[str]:
    """The steps of ``now`` a database that ran ``before`` never runs
    (``migrations[len(before):]`` runs the rest)."""
    return [step for step in now if step not in before and step not in now[len(before) :]]


def test_a_step_inserted_in_the_middle_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch)
    inserted = LIST.replace(LAST, '\tNew("support post likes", addLikeIndex),\n' + LAST)
    # the runner: a database at V3 never runs the inserted step
    assert _runner_skips(["a", "b", "c"], ["a", "b", "new", "c"]) == ["new"]
    found = _errors(inserted)
    assert [(c, line) for c, line, _ in found] == [("DBN025", 10)], found
    assert "before committed step 3 of 3 (runs addPostRetrievalIndex)" in found[0][2]


@pytest.mark.parametrize(
    "label", ["update post indexes", "create post likes", "rename likes", "like index"]
)
def test_an_appended_step_passes_whatever_its_label(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, label: str
) -> None:
    _repo(tmp_path, monkeypatch)
    assert _runner_skips(["a", "b", "c"], ["a", "b", "c", "new"]) == []
    appended = LIST.replace(LAST, LAST + f'\tNew("{label}", addLikeIndex), // V3 -> V4\n')
    assert _errors(appended) == []


def test_a_deleted_step_counts_the_list_s_steps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch)
    second = '\tNew("support dynamic instance pages", supportInstancePages), // V1 -> V2\n'
    found = _errors(LIST.replace(second, ""))
    assert [c for c, _, _ in found] == ["DBN025"], found
    assert "(the list has 2 steps now, 3 at HEAD)" in found[0][2]


def test_a_relabelled_step_is_no_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _repo(tmp_path, monkeypatch)
    assert _errors(LIST.replace("support dynamic instance pages", "support pages")) == []
