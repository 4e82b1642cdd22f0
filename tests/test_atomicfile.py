"""Files we write follow symlinks, never replace one, and write devices in place.

Trial s6-t2 finding 18: ``check -o LINK`` replaced the link with a regular
file (as root, ``-o /dev/stdout`` replaced the system's ``/dev/stdout``),
and ``-o /dev/null`` failed with "Invalid argument". The oracle is the file
system itself (``os.lstat``, ``stat.S_IS*``); nothing under ``/dev`` is ever
replaced or unlinked here: ``/dev/null`` is only written to, and the
``/dev/stdout`` case uses a link of our own to ``/proc/self/fd/1``.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from dbnamelint import atomicfile

CONFIG = "paths: [db]\ndialect: postgres\n"
BAD = 'CREATE TABLE "BadName" (id int);\n'


def project(root: Path) -> Path:
    (root / "db").mkdir(parents=True)
    (root / "db" / "001_init.sql").write_text(BAD, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    return root


def dbnamelint(
    cwd: Path, *args: str, stdout: int | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dbnamelint", *args],
        cwd=cwd,
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )


def is_link(path: Path) -> bool:
    return stat.S_ISLNK(os.lstat(path).st_mode)


def test_a_link_to_a_file_in_another_folder_is_written_through(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    (tmp_path / "shared").mkdir()
    real = tmp_path / "shared" / "report.json"
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    (root / "report.json").symlink_to(real)
    for _ in range(2):  # the second run is replayed from the run cache
        real.write_text("old\n", encoding="utf-8")
        done = dbnamelint(root, "check", "--format", "json", "-o", "report.json")
        assert done.returncode == 1, done.stderr
        assert is_link(root / "report.json")
        assert (root / "report.json").readlink() == real
        report = json.loads(real.read_text(encoding="utf-8"))
        assert "BadName" in json.dumps(report["findings"])
        assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the target's mode is kept
    assert sorted(p.name for p in real.parent.iterdir()) == ["report.json"]  # no temp left


def test_a_dangling_link_gets_its_target_made(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    (root / "out.txt").symlink_to("../reports/new/out.txt")
    done = dbnamelint(root, "check", "-o", "out.txt")
    assert done.returncode == 1, done.stderr
    assert is_link(root / "out.txt")
    made = tmp_path / "reports" / "new" / "out.txt"
    assert stat.S_ISREG(os.lstat(made).st_mode)
    assert "BadName" in made.read_text(encoding="utf-8")


def test_a_chain_of_relative_links_is_followed_to_its_end(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "real.txt").write_text("old", encoding="utf-8")
    (tmp_path / "b" / "hop").symlink_to("real.txt")
    (tmp_path / "a" / "first").symlink_to("../b/hop")
    written = atomicfile.write_bytes(tmp_path / "a" / "first", b"new")
    assert written == tmp_path.resolve() / "b" / "real.txt"
    assert (tmp_path / "b" / "real.txt").read_bytes() == b"new"
    assert is_link(tmp_path / "a" / "first")
    assert is_link(tmp_path / "b" / "hop")


def test_a_link_loop_is_an_error_not_a_hang(tmp_path: Path) -> None:
    (tmp_path / "x").symlink_to("y")
    (tmp_path / "y").symlink_to("x")
    with pytest.raises(OSError, match="symbolic links"):
        atomicfile.write_bytes(tmp_path / "x", b"data")
    assert is_link(tmp_path / "x") and is_link(tmp_path / "y")


def test_a_fifo_is_written_in_place(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    fifo = root / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []

    def reader() -> None:
        with fifo.open(encoding="utf-8") as handle:
            received.append(handle.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    done = dbnamelint(root, "check", "-o", "pipe")
    thread.join(timeout=60)
    assert done.returncode == 1, done.stderr
    assert received and "BadName" in received[0]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_dev_null_is_written_and_stays_a_device(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    for args in (["check"], ["check", "--format", "json"], ["check", "--format", "sarif"]):
        done = dbnamelint(root, *args, "-o", "/dev/null")
        assert done.returncode == 1, done.stderr
        assert "cannot write" not in done.stderr
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_a_link_to_the_stdout_descriptor_writes_to_stdout_and_stays_a_link(
    tmp_path: Path,
) -> None:
    """What ``-o /dev/stdout`` does (``/dev/stdout -> /proc/self/fd/1``), on a link of
    our own: stdout redirected to a file with earlier content (a shell's ``>>``)."""
    if not Path("/proc/self/fd/1").exists():
        pytest.skip("no /proc descriptor table here")
    root = project(tmp_path / "p")
    (root / "stdout").symlink_to("/proc/self/fd/1")
    captured = tmp_path / "captured.txt"
    captured.write_text("earlier line\n", encoding="utf-8")
    with captured.open("a", encoding="utf-8") as out:
        done = dbnamelint(root, "check", "--format", "json", "-o", "stdout", stdout=out.fileno())
    assert done.returncode == 1, done.stderr
    assert is_link(root / "stdout")
    text = captured.read_text(encoding="utf-8")
    assert text.startswith("earlier line\n")
    assert json.loads(text.removeprefix("earlier line\n"))["findings"]
    assert is_link(root / "stdout") and (root / "stdout").readlink() == Path("/proc/self/fd/1")


def test_the_whitelist_writer_follows_links_and_writes_a_fifo_in_place(tmp_path: Path) -> None:
    from dbnamelint.whitelist import write_atomic

    (tmp_path / "real").mkdir()
    (tmp_path / "wl.yaml").symlink_to("real/wl.yaml")
    write_atomic(tmp_path / "wl.yaml", "entries: []\n")
    assert is_link(tmp_path / "wl.yaml")
    assert (tmp_path / "real" / "wl.yaml").read_text(encoding="utf-8") == "entries: []\n"

    fifo = tmp_path / "wl.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    thread = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    thread.start()
    write_atomic(fifo, "entries: []\n", expected_digest="not-checked-in-place")
    thread.join(timeout=60)
    assert received == [b"entries: []\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_the_migration_writer_keeps_a_linked_migration_a_link(tmp_path: Path) -> None:
    from dbnamelint.services.migrate.layout import NewFile, undo_files, write_files

    (tmp_path / "kept").mkdir()
    real = tmp_path / "kept" / "changelog.xml"
    real.write_text("<old/>\n", encoding="utf-8")
    (tmp_path / "db").mkdir()
    link = tmp_path / "db" / "changelog.xml"
    link.symlink_to("../kept/changelog.xml")
    new = NewFile(path=link, text="<new/>\n", role="changelog", replaces="<old/>\n")
    write_files([new])
    assert is_link(link) and real.read_text(encoding="utf-8") == "<new/>\n"
    undo_files([new])
    assert is_link(link) and real.read_text(encoding="utf-8") == "<old/>\n"
