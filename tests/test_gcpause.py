"""The collector is paused while a tree is read, and the CLI freezes what it read.

Oracles: ``gc.isenabled()`` and ``gc.get_freeze_count()`` (CPython's own
bookkeeping), and a real CLI run.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.core import gcpause
from dbnamelint.runner.pipeline import schema_from_sql


def test_paused_during_a_read_and_restored() -> None:
    seen: list[bool] = []
    with gcpause.collector_paused():
        seen.append(gc.isenabled())
    assert seen == [False]
    assert gc.isenabled()


def test_library_reads_freeze_nothing() -> None:
    gc.unfreeze()
    schema_from_sql("CREATE TABLE users (id int);\n")
    assert gc.get_freeze_count() == 0


def test_cli_freezes_what_it_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gc.unfreeze()
    (tmp_path / "a.sql").write_text("CREATE TABLE users (id int);\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["inspect", "--no-cache", "a.sql"])
    assert result.exit_code == 0, result.output
    assert gc.get_freeze_count() > 0
    assert gc.isenabled()  # frozen, not switched off: new garbage is still collected
