"""``migrate --all`` on an entry naming nothing the files make says how to go on (trial s42 plane).

A whitelist written when the model kept 12 constraints Django had dropped
(``AlterUniqueTogether(..., unique_together=set())`` after a table
rename) named them; once the model dropped them too, ``migrate --all``
stopped at the first: ``whitelist.yaml:224: no constraint named
'issue_assignees.issue_assignee_issue_id_assignee_id_4ee260b4_uniq' in the
files``, exit 2, and no word that the entry is stale and that ``whitelist
prune`` removes it (docs/migrate.md: an entry found in no copy is refused;
README: ``whitelist prune`` removes stale entries). After the prune the
plan is written.

Oracle: the documents; ``check`` of the same tree calls the entry stale
(DBN900).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

SCHEMA = """\
CREATE TABLE issue_assignees (
    id int PRIMARY KEY,
    "issueId" int,
    assignee_id int
);
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Legacy", status: open}
entries:
  - {kind: column, name: issue_assignees.issueId, phase: "1", target: issue_id}
  - kind: constraint
    name: issue_assignees.issue_assignee_issue_id_assignee_id_4ee260b4_uniq
    phase: "1"
    target: issue_assignees_issue_id_assignee_id_uniq
"""


def test_the_refusal_names_the_prune(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001_init.sql").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    (tmp_path / "whitelist.yaml").write_text(WHITELIST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    checked = CliRunner().invoke(cli, ["check", "--no-cache"])
    assert "DBN900" in checked.output, checked.output
    result = CliRunner().invoke(cli, ["migrate", "--no-cache", "--all"])
    assert result.exit_code == 2, result.output
    assert (
        "whitelist.yaml:5: no constraint named "
        "'issue_assignees.issue_assignee_issue_id_assignee_id_4ee260b4_uniq' in the files "
        "(the entry is stale, DBN900: `dbnamelint whitelist prune` removes it, or correct "
        "its name)"
    ) in result.output + result.stderr
    pruned = CliRunner().invoke(cli, ["whitelist", "prune"])
    assert pruned.exit_code == 0, pruned.output
    result = CliRunner().invoke(cli, ["migrate", "--no-cache", "--all"])
    assert result.exit_code == 0, result.output
    assert 'RENAME COLUMN "issueId" TO "issue_id"' in result.output
