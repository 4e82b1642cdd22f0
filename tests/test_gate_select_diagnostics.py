"""``check --base REF --select DBN025``: a run of diagnostics only is no config change.

Closing check s14 (golang-migrate): a CI job gating only edited migrations
(``--select DBN025``) failed with DBN909 "the config change since HEAD~1
hides DBN101 on table 'BadTable'" although the config never changed: the
run's rules were dropped (no rule selected) and the gate took that for the
config relaxing them. Real git repositories.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo


@pytest.mark.parametrize("selected", ["DBN025", "DBN004", "DBN016,DBN025"])
def test_selecting_diagnostics_only_is_no_relaxation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, selected: str
) -> None:
    committed_repo(
        tmp_path,
        {"dbnamelint.yaml": "paths: [db]\n", "db/1_init.up.sql": "CREATE TABLE users (id int);\n"},
        monkeypatch,
    )
    (tmp_path / "db/2_bad.up.sql").write_text('CREATE TABLE "BadTable" (id int);\n')
    commit_all(tmp_path, "bad")
    narrowed = CliRunner().invoke(cli, ["check", "--base", "HEAD~1", "--select", selected])
    assert narrowed.exit_code == 0, narrowed.output
    assert "DBN909" not in narrowed.output
    # the rules still gate when they run
    full = CliRunner().invoke(cli, ["check", "--base", "HEAD~1"])
    assert full.exit_code == 1 and 'DBN101 table "BadTable"' in full.output
    assert "DBN909" not in full.output
