"""DBN025 in Liquibase XML/YAML changelogs compares changeset by changeset
(s9 round-2 trial findings F7, F8).

JHipster appends changesets to an entity's committed changelog (its
``jhipster-needle-liquibase-add-changeset``); Liquibase keys each changeset
by id, author and file and checksums its change types only (not XML
comments, layout, nor the changeset's ``comment``/``rollback``), so a new
changeset in an old file is simply run. The oracle is real git: the base
commit's file and the working tree's; which edits change a changeset's
checksum was read from real Liquibase 4.28 (``calculate-checksum``, npm
``liquibase``): ``FIRST`` is ``9:d662f3a9...`` with its XML comment and
attribute layout edited, its ``rollback`` replaced and a ``comment`` added
alike, ``9:69f81852...`` with ``integer`` and ``9:4175baba...`` with
``nullable="true"``; ``YAML_FIRST`` is ``9:ded4ab8b...`` with its comment
and SQL layout edited, ``9:bb29f391...`` with ``DESC``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from git_helpers import isolated_git_env
from test_gate_edited_migration import _check, _start

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MASTER = """<?xml version="1.0" encoding="utf-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
    <include file="changelog/label.xml" relativeToChangelogFile="true"/>
</databaseChangeLog>
"""
HEAD = """<?xml version="1.0" encoding="utf-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
"""
FIRST = """
    <!--
        Added the entity Label.
    -->
    <changeSet id="20150805124936-1" author="jhipster">
        <createTable tableName="label">
            <column name="id" type="bigint">
                <constraints primaryKey="true" nullable="false"/>
            </column>
        </createTable>
        <rollback><dropTable tableName="label"/></rollback>
    </changeSet>
"""
VIEW = """
    <changeSet id="view" author="me" runOnChange="true">
        <createView viewName="label_v">SELECT id FROM label</createView>
    </changeSet>
"""
ADDED = """
    <changeSet id="20150805124936-2" author="me">
        <addColumn tableName="label"><column name="color" type="varchar(20)"/></addColumn>
    </changeSet>
    <!-- jhipster-needle-liquibase-add-changeset - JHipster will add changesets here -->
"""
TAIL = "</databaseChangeLog>\n"
LABEL = "db/changelog/label.xml"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder, the current directory, git shielded from the machine."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_a_changeset_added_to_a_committed_xml_changelog_passes(project: Path) -> None:
    _start(project, {"db/master.xml": MASTER, LABEL: HEAD + FIRST + VIEW + TAIL})
    (project / LABEL).write_text(HEAD + FIRST + VIEW + ADDED + TAIL)
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (0, []), output


def test_an_applied_xml_changeset_changed_or_deleted_fails_at_its_line(project: Path) -> None:
    _start(project, {"db/master.xml": MASTER, LABEL: HEAD + FIRST + VIEW + TAIL})
    # Changed along with a new changeset: flagged at the changed one's line.
    edited = HEAD + FIRST.replace('"bigint"', '"integer"') + VIEW + ADDED + TAIL
    (project / LABEL).write_text(edited)
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (1, [("DBN025", LABEL, _line_of(edited, "<changeSet"))]), output
    assert "Liquibase stops on the changed checksum" in output
    # Deleted: it stays applied everywhere it ran, the file no longer says so.
    (project / LABEL).write_text(HEAD + VIEW + TAIL)
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (1, [("DBN025", LABEL, 1)]), output
    # A nested attribute changed (a constraint of a column) is an edit too.
    edited = HEAD + FIRST.replace('nullable="false"', 'nullable="true"') + VIEW + TAIL
    (project / LABEL).write_text(edited)
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (1, [("DBN025", LABEL, _line_of(edited, "<changeSet"))]), output


def test_comments_layout_rollback_and_run_on_change_are_no_edit(project: Path) -> None:
    _start(project, {"db/master.xml": MASTER, LABEL: HEAD + FIRST + VIEW + TAIL})
    first = (
        FIRST.replace("Added the entity Label.", "Added the entity Label (reviewed).")
        .replace('<column name="id" type="bigint">', '<column type="bigint"\n  name="id" >')
        .replace('<dropTable tableName="label"/>', '<sql>DROP TABLE "label"</sql>')
        .replace("<createTable", "<comment>the labels</comment>\n        <createTable")
    )
    view = VIEW.replace("SELECT id FROM label", "SELECT id, 1 AS one FROM label")
    (project / LABEL).write_text(HEAD + first + view + TAIL)
    code, found, output = _check("--base", "HEAD")
    assert "DBN025" not in output and (code, found) == (0, []), output


YAML_FIRST = """databaseChangeLog:
  # the labels
  - changeSet:
      id: 1
      author: me
      changes:
        - createTable:
            tableName: label
            columns:
              - column:
                  name: id
                  type: bigint
        - sql:
            sql: CREATE INDEX label_id ON label (id)
"""
YAML_ADDED = """  - changeSet:
      id: 2
      author: me
      changes:
        - addColumn:
            tableName: label
            columns:
              - column: {name: color, type: varchar(20)}
"""


def test_a_yaml_changelog_is_compared_changeset_by_changeset(project: Path) -> None:
    name = "db/changelog/label.yaml"
    _start(project, {name: YAML_FIRST})
    # Added changeset, a comment and the SQL's layout changed: nothing applied changed.
    relaid = YAML_FIRST.replace("# the labels", "# the labels, reviewed").replace(
        "sql: CREATE INDEX label_id ON label (id)",
        "sql: CREATE INDEX label_id\n              ON label (id)",
    )
    (project / name).write_text(relaid + YAML_ADDED)
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (0, []), output
    # The applied changeset's SQL changed: flagged at its `- changeSet:` line.
    edited = YAML_FIRST.replace("ON label (id)", "ON label (id DESC)") + YAML_ADDED
    (project / name).write_text(edited)
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (1, [("DBN025", name, 3)]), output
