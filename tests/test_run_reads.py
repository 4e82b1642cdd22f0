"""A run's second read of the same bytes (the gate's base tree) equals a fresh read.

The oracle is the reader itself with nothing kept: every fact of the file
served from :mod:`dbnamelint.runner.reads`, at another path, must equal
what reading that path afresh gives.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dbnamelint.model import SourceFile
from dbnamelint.runner import reads
from dbnamelint.runner.pipeline import read_file

SCHEMA = """CREATE SCHEMA app;
CREATE TABLE app.Orders (id serial PRIMARY KEY, CustomerId int NOT NULL);
CREATE INDEX OrdersCustomer ON app.Orders (CustomerId);
ALTER TABLE app.Orders ADD CONSTRAINT orders_fk FOREIGN KEY (CustomerId) REFERENCES app.Orders (id);
CREATE VIEW app.v_orders AS SELECT id FROM app.Orders;
-- dbnamelint: ignore DBN101
CREATE TABLE BadName (id int);
"""


@pytest.fixture
def run_reads() -> Iterator[None]:
    reads.start()
    yield
    reads.stop()


def _two_copies(tmp_path: Path) -> tuple[SourceFile, SourceFile]:
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "schema.sql").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "schema.sql").write_text(SCHEMA, encoding="utf-8")
    base = SourceFile(str(tmp_path / "base" / "schema.sql"), "postgres", None)
    here = SourceFile(str(tmp_path / "schema.sql"), "postgres", None)
    return base, here


def test_the_second_copy_is_served_and_equals_a_fresh_read(tmp_path: Path, run_reads: None) -> None:
    base, here = _two_copies(tmp_path)
    first = read_file(base, None, None)
    assert first.events and first.source.path == base.path
    served = reads.recall(here, SCHEMA)
    assert served is not None  # kept, and moved to the other path
    assert read_file(here, None, None) == served

    reads._Run.on = False  # the oracle: the reader with nothing kept
    fresh = read_file(here, None, None)
    assert served == fresh
    assert all(e.source.path == here.path for e in served.events)
    assert all(e.location.path == here.path for e in served.events)


def test_another_kind_of_file_is_read_again(tmp_path: Path, run_reads: None) -> None:
    base, here = _two_copies(tmp_path)
    read_file(base, None, None)
    mysql = SourceFile(here.path, "mysql", None)
    assert reads.recall(mysql, SCHEMA) is None
    assert reads.recall(SourceFile(here.path, "postgres", "billing"), SCHEMA) is None
    assert reads.recall(here, SCHEMA + "\n") is None


def test_nothing_is_kept_outside_a_command(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    base, here = _two_copies(tmp_path)
    result = CliRunner().invoke(cli, ["inspect", "--no-cache", base.path])
    assert result.exit_code == 0, result.output
    read_file(base, None, None)  # after the command: not kept
    assert reads.recall(here, SCHEMA) is None


def test_the_oldest_reads_go_past_the_bound(
    tmp_path: Path, run_reads: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reads, "MAX_CHARS", len(SCHEMA) * 2)
    base, here = _two_copies(tmp_path)
    read_file(base, None, None)
    other = SCHEMA.replace("BadName", "OtherName")
    third = SCHEMA.replace("BadName", "ThirdName")
    for text in (other, third):
        (tmp_path / "x.sql").write_text(text, encoding="utf-8")
        read_file(SourceFile(str(tmp_path / "x.sql"), "postgres", None), None, None)
    assert reads.recall(here, SCHEMA) is None  # the first read, dropped
    assert reads.recall(here, third) is not None


def test_a_gate_run_says_the_same_with_and_without_kept_reads(tmp_path: Path) -> None:
    """End to end in real git: ``check --base HEAD --no-cache`` after an edit
    prints what it prints when every read is done afresh."""
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    (tmp_path / "schema.sql").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "more.sql").write_text("CREATE TABLE customers (id int);\n", encoding="utf-8")
    git = ["git", "-c", "user.email=t@t", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q", "."], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=tmp_path, check=True)
    with (tmp_path / "more.sql").open("a", encoding="utf-8") as more:
        more.write("CREATE TABLE NewThing (id int);\n")
    probe = (
        "import sys, runpy\n"
        "from dbnamelint.runner import reads\n"
        "if sys.argv[1] == 'off':\n"
        "    reads.start = lambda: None\n"
        "sys.argv = ['dbnamelint', 'check', '--base', 'HEAD', '--no-cache', '.']\n"
        "runpy.run_module('dbnamelint.cli', run_name='__main__')\n"
    )
    src = str(Path(__file__).resolve().parents[1] / "src")
    outputs = []
    for mode in ("on", "off"):
        run = subprocess.run(
            [sys.executable, "-c", probe, mode],
            cwd=tmp_path,
            env={"PYTHONPATH": src, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
            capture_output=True,
            text=True,
            check=False,
        )
        outputs.append((run.returncode, run.stdout, run.stderr))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 1 and "newthing" in outputs[0][1]
    assert "BadName" not in outputs[0][1]  # suppressed, and in the base
