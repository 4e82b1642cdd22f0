"""The gate judges Liquibase changelogs no changelog includes (trial s33 openmrs).

An application may run a changelog by name rather than through an include:
OpenMRS's ``ChangeLogVersionFinder`` (Java) runs
``updates/liquibase-update-to-latest-<version>.xml`` and the newest
snapshot, which no changelog includes. The walk leaves such a file out of
the model with a ``DBN007`` note (Liquibase runs only what its root
changelog reaches), and so a new bad table in it, an edit of an applied
changeset and the file's deletion all passed the hook and ``check --base``.
Now the DDL a change adds there is judged (its names as new DDL), an edit of
a committed changeset is ``DBN025``, and so is the file's deletion.
Oracles: real git; Liquibase's checksum of an applied changeset (the
Liquibase manual, "changeset checksums"), as for a read changelog.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_json
from git_helpers import adopted_repo, git, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n'
)
MASTER = HEAD + '  <include file="updates/update-1.xml" relativeToChangelogFile="true"/>\n'
MASTER += "</databaseChangeLog>\n"
UPDATE_1 = (
    HEAD
    + '  <changeSet author="a" id="1">\n'
    + '    <createTable tableName="customers"><column name="id" type="int"/></createTable>\n'
    + "  </changeSet>\n</databaseChangeLog>\n"
)
#: The file the application runs by name (no changelog includes it).
UPDATE_2 = (
    HEAD
    + '  <changeSet author="a" id="2">\n'
    + '    <createTable tableName="shedlock"><column name="lock_until" type="int"/></createTable>\n'
    + "  </changeSet>\n</databaseChangeLog>\n"
)
NEW_SET = (
    '  <changeSet author="a" id="3">\n'
    + '    <createTable tableName="PatientFlag"><column name="flag_id" type="int"/></createTable>\n'
    + "  </changeSet>\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    adopted_repo(
        tmp_path,
        {
            "db/master.xml": MASTER,
            "db/updates/update-1.xml": UPDATE_1,
            "db/updates/update-2.xml": UPDATE_2,
        },
        "paths: [db]\ndialect: mysql\n",
    )
    return tmp_path


def test_a_new_changeset_in_an_unincluded_changelog_is_judged(project: Path) -> None:
    text = UPDATE_2.replace("</databaseChangeLog>", NEW_SET + "</databaseChangeLog>")
    (project / "db/updates/update-2.xml").write_text(text)
    code, found, _diagnostics = check_json("--base", "HEAD")
    assert code == 1
    assert sorted({(f[0], f[1], f[2]) for f in found}) == [
        ("DBN101", "PatientFlag", "db/updates/update-2.xml"),
        ("DBN105", "PatientFlag", "db/updates/update-2.xml"),
    ]


def test_a_new_unincluded_changelog_is_judged(project: Path) -> None:
    """OpenMRS starts a release so: a new update file, chosen in Java."""
    (project / "db/updates/update-3.xml").write_text(HEAD + NEW_SET + "</databaseChangeLog>\n")
    git(project, "add", "db/updates/update-3.xml")
    code, found, _diagnostics = check_json("--base", "HEAD")
    assert (code, sorted({(f[0], f[2]) for f in found})) == (
        1,
        [("DBN101", "db/updates/update-3.xml"), ("DBN105", "db/updates/update-3.xml")],
    )


def test_an_edited_applied_changeset_there_is_dbn025(project: Path) -> None:
    edited = UPDATE_2.replace("lock_until", "locked_until")  # a good name, still an edit
    (project / "db/updates/update-2.xml").write_text(edited)
    code, _found, diagnostics = check_json("--base", "HEAD")
    assert code == 1
    assert [(d["code"], d["path"]) for d in diagnostics if d["severity"] == "error"] == [
        ("DBN025", "db/updates/update-2.xml")
    ]


def test_deleting_an_unincluded_changelog_is_dbn025(project: Path) -> None:
    git(project, "rm", "-q", "db/updates/update-2.xml")
    code, _found, diagnostics = check_json("--base", "HEAD")
    assert code == 1
    assert [(d["code"], d["path"]) for d in diagnostics if d["severity"] == "error"] == [
        ("DBN025", "db/updates/update-2.xml")
    ]


def test_an_untouched_unincluded_changelog_stays_a_note(project: Path) -> None:
    code, found, diagnostics = check_json("--base", "HEAD", "--verbose")
    assert (code, found) == (0, [])
    assert [(d["code"], d["path"]) for d in diagnostics if d["code"] != "DBN007"] == []


def test_deleting_a_changelog_outside_the_paths_is_no_dbn025(project: Path) -> None:
    (project / "other").mkdir()
    (project / "other/changes.xml").write_text(UPDATE_2)
    git(project, "add", "other/changes.xml")
    git(project, "commit", "-q", "-m", "a changelog outside paths")
    git(project, "rm", "-q", "other/changes.xml")
    code, _found, diagnostics = check_json("--base", "HEAD")
    assert code == 0
    assert [d["code"] for d in diagnostics if d["severity"] == "error"] == []
