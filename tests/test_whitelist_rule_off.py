"""Whitelist entries that excuse only rules the config turns off: ``DBN911``
(trial s7-t1 finding 11). The relaxation must show in the run that lands it,
and ``burndown`` must say that it counts those entries as left."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import init_repo

SQL = "CREATE TABLE order_item (id int);\nCREATE TABLE user_role (id int);\n"


def _project(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root.mkdir()
    (root / "a.sql").write_text(SQL)
    (root / "dbnamelint.yaml").write_text("paths: [a.sql]\n")
    monkeypatch.chdir(root)
    done = CliRunner().invoke(cli, ["whitelist", "init"])
    assert done.exit_code == 0, done.output
    assert CliRunner().invoke(cli, ["check", "--no-cache"]).exit_code == 0
    return root


def test_entries_for_a_rule_turned_off_are_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "p", monkeypatch)
    (root / "dbnamelint.yaml").write_text("paths: [a.sql]\nrules:\n  table-name-singular: false\n")
    done = CliRunner().invoke(cli, ["check", "--no-cache"])
    assert done.exit_code == 0, done.output  # a warning: the relaxation is allowed
    assert (
        "whitelist.yaml:9:5: DBN911 warning: 2 whitelist entries excuse only DBN105 "
        "(table-name-singular), which the config does not run (order_item, user_role)"
    ) in done.output
    assert "burndown still counts them as left" in done.output
    # Not stale: prune keeps them (the warning says to delete them by hand).
    pruned = CliRunner().invoke(cli, ["whitelist", "prune", "--dry-run"])
    assert "order_item" not in pruned.output


def test_not_under_select(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path / "p", monkeypatch)
    done = CliRunner().invoke(cli, ["check", "--no-cache", "--select", "DBN101"])
    assert "DBN911" not in done.output


def test_an_entry_for_a_running_rule_is_not_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path / "p", monkeypatch)
    done = CliRunner().invoke(cli, ["check", "--no-cache"])
    assert "DBN911" not in done.output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_burndown_says_it_counts_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path / "p", monkeypatch)
    (root / "dbnamelint.yaml").write_text("paths: [a.sql]\nrules:\n  DBN105: false\n")
    init_repo(root, "relax")
    done = CliRunner().invoke(cli, ["burndown"])
    assert done.exit_code == 0, done.output
    assert "dbnamelint: note: whitelist.yaml:9:5: 2 whitelist entries excuse only DBN105" in (
        done.stderr
    )
