"""Files we write atomically get the permissions ``open()`` would give them.

An atomic write renames a :func:`tempfile.mkstemp` file onto the target, and
mkstemp creates ``0600`` whatever the umask: every migration, whitelist and
report would have been readable by its owner only. The oracle is a file
the operating system creates with plain ``open()`` under the same umask;
an existing file keeps its own mode. Through the real commands.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")


@pytest.fixture(params=[0o022, 0o002, 0o077])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _as_open_makes(tmp_path: Path) -> int:
    probe = tmp_path / "probe"
    probe.write_text("x")  # plain open(): 0666 & ~umask, by the OS
    return _mode(probe)


def _run(*args: str) -> None:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code in (0, 1), result.output


def test_new_files_get_the_umask_mode(
    tmp_path: Path, umask: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _as_open_makes(tmp_path)
    project = tmp_path / "project"
    (project / "db" / "migrations").mkdir(parents=True)
    (project / "db" / "migrations" / "001_init.sql").write_text(
        'CREATE TABLE "UserAccounts" (id int PRIMARY KEY);\n'
    )
    (project / "dbnamelint.yaml").write_text("paths: [db/migrations]\ndialect: postgres\n")
    monkeypatch.chdir(project)
    _run("whitelist", "init")
    _run("check", "--output-file", "report.txt")
    _run("migrate", "--all", "--write")
    written = sorted(p.name for p in (project / "db" / "migrations").iterdir())
    assert len(written) > 1, written  # the migration was written beside 001_init.sql
    for path in [
        project / "whitelist.yaml",
        project / "report.txt",
        *(p for p in (project / "db" / "migrations").iterdir() if p.name != "001_init.sql"),
    ]:
        assert _mode(path) == expected, (path.name, oct(_mode(path)), oct(expected))


def test_a_rewritten_file_keeps_its_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001.sql").write_text('CREATE TABLE "UserAccounts" (id int);\n')
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    _run("whitelist", "init")
    (tmp_path / "whitelist.yaml").chmod(0o640)
    (tmp_path / "report.txt").write_text("old")
    (tmp_path / "report.txt").chmod(0o604)
    (tmp_path / "db" / "001.sql").write_text("CREATE TABLE users (id int);\n")
    _run("whitelist", "prune")
    _run("check", "--output-file", "report.txt")
    assert (tmp_path / "whitelist.yaml").read_text().count("UserAccounts") == 0
    assert _mode(tmp_path / "whitelist.yaml") == 0o640
    assert _mode(tmp_path / "report.txt") == 0o604
