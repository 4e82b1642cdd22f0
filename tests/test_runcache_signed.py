"""The run cache's signed lookups: ``stat`` signatures instead of a second walk.

A stored run keeps the ``stat`` signature (mode, inode, device, size, mtime
and ctime) of every folder its discovery listed and every file it read
(:mod:`dbnamelint.core.readlog`). A later lookup whose signatures all hold
replays without walking or reading; any other lookup walks and reads as
before. The oracle is a fresh ``--no-cache`` run on the same files.

Signatures taken from a file changed within ``readlog.RACY_NS`` of the
run's start are never trusted (git's "racily clean" rule), so a test that
wants a trusted entry ages it: it moves the recorded start later, as if the
run had happened that much after the files were last written. Whether a
replay walked is seen by running ``check`` with discovery made to fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from dbnamelint.core import readlog
from test_runcache import CONFIG, SQL, WHITELIST, Run, _check, _entries, _env, _fresh, _same

#: ``check`` with discovery failing: only a signed replay can succeed.
_NO_WALK = """\
import sys
from dbnamelint.frontends.sql import sources

def no_walk(paths, settings):
    raise SystemExit(99)

sources.discover = no_walk
from dbnamelint.cli import main
sys.argv = ["dbnamelint", "check"]
main()
"""


def _project(root: Path) -> Path:
    (root / "db").mkdir(parents=True)
    (root / "db" / "001.sql").write_text(SQL, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    (root / "whitelist.yaml").write_text(WHITELIST, encoding="utf-8")
    return root


def _age(cache: Path) -> None:
    """Move the stored run's start 10 s later: its signatures are trusted."""
    (entry,) = _entries(cache)
    data = json.loads(entry.read_text(encoding="utf-8"))
    assert data["stamp"] is not None and data["stamp"]["signatures"]
    data["stamp"]["started"] = time.time_ns() + 10_000_000_000
    entry.write_text(json.dumps(data), encoding="utf-8")


def _unwalked(cwd: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _NO_WALK],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=_env(cache),
        check=False,
    )


def test_a_signed_entry_replays_without_walking(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    cache = tmp_path / "cache"
    first = _check(project, cache)
    _age(cache)
    replay = _unwalked(project, cache)
    assert replay.returncode == first.code, replay.stderr
    assert replay.stdout == first.stdout and "whitelisted" in first.stdout
    # Something unrelated changing beside the project (a busy /tmp) does not matter.
    (tmp_path / "unrelated.txt").write_text("x", encoding="utf-8")
    assert _unwalked(project, cache).returncode == first.code


def test_an_unsigned_entry_walks_then_is_signed(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    cache = tmp_path / "cache"
    first = _check(project, cache)
    (entry,) = _entries(cache)
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["stamp"] = None  # an entry whose signatures could not be trusted
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert _unwalked(project, cache).returncode == 99  # it has to walk
    second = _check(project, cache)
    assert second.replayed
    _same(second, first)
    signed = json.loads(entry.read_text(encoding="utf-8"))["stamp"]
    assert signed is not None
    assert str(project / "db" / "001.sql") in signed["signatures"]


def _same_size_same_mtime(project: Path) -> None:
    path = project / "db" / "001.sql"
    stat = path.stat()
    path.write_text(SQL.replace("users", '"Usr"'), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns


def _new_file_in_new_folder(project: Path) -> None:
    (project / "db" / "sub").mkdir()
    (project / "db" / "sub" / "002.sql").write_text('CREATE TABLE "Roles" (id int);\n', "utf-8")


def _file_replaced_by_rename(project: Path) -> None:
    # Another inode, with the old file's size and times.
    path = project / "db" / "001.sql"
    stat = path.stat()
    spare = project / "spare.sql"
    spare.write_text(SQL.replace("users", '"Usr"'), encoding="utf-8")
    os.utime(spare, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    spare.replace(path)


def _file_removed(project: Path) -> None:
    (project / "db" / "001.sql").unlink()
    (project / "db" / "002.sql").write_text('CREATE TABLE "Things" (id int);\n', "utf-8")


def _whitelist_edit(project: Path) -> None:
    (project / "whitelist.yaml").write_text(
        WHITELIST.replace("rules: [DBN101]", "rules: [DBN102]"), encoding="utf-8"
    )


def _symlink_repointed(project: Path) -> None:
    # The walked folder is a symbolic link: pointed at another tree now.
    other = project / "db_v2"
    other.mkdir()
    (other / "001.sql").write_text('CREATE TABLE "Others" (id int);\n', encoding="utf-8")
    link = project / "db"
    link.unlink()
    link.symlink_to(other.name)


CHANGES: dict[str, Callable[[Path], None]] = {
    "same size and mtime": _same_size_same_mtime,
    "new file in a new folder": _new_file_in_new_folder,
    "file replaced by rename": _file_replaced_by_rename,
    "file removed, another added": _file_removed,
    "whitelist": _whitelist_edit,
    "symlinked folder repointed": _symlink_repointed,
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_signed_entry_sees_every_change(tmp_path: Path, change: str) -> None:
    project = _project(tmp_path / "p")
    if change == "symlinked folder repointed":
        (project / "db").rename(project / "db_v1")
        (project / "db").symlink_to("db_v1")
    cache = tmp_path / "cache"
    before = _check(project, cache)
    _age(cache)
    assert _unwalked(project, cache).returncode == before.code  # signed: no walk
    CHANGES[change](project)
    after = _check(project, cache)
    assert not after.replayed
    oracle: Run = _fresh(project, cache)
    _same(after, oracle)
    assert (after.code, after.stdout) != (before.code, before.stdout)


def test_a_racy_signature_is_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "f.sql"
    path.write_text("x", encoding="utf-8")
    sig = readlog.signature_of(str(path))
    changed = max(sig[4], sig[5])
    # Unchanged since, but written within RACY_NS of the run's start: a
    # second write in the same clock tick would leave the same signature.
    assert not readlog.signatures_hold({str(path): sig}, changed + readlog.RACY_NS)
    assert readlog.signatures_hold({str(path): sig}, changed + readlog.RACY_NS + 1)
    # A path recorded as missing holds while it stays missing.
    gone = str(tmp_path / "missing.sql")
    assert readlog.signatures_hold({gone: []}, changed + readlog.RACY_NS + 1)
    Path(gone).write_text("y", encoding="utf-8")
    assert not readlog.signatures_hold({gone: []}, time.time_ns() + readlog.RACY_NS + 1)


_LOADED = """\
import sys
from dbnamelint.cli import main
sys.argv = ["dbnamelint", "check"]
try:
    main()
except SystemExit as end:
    code = end.code
heavy = [m for m in ("pydantic", "dbnamelint.model", "dbnamelint.frontends.sql.sources",
         "dbnamelint.config.settings", "sqlglot") if m in sys.modules]
print("loaded:", heavy, "exit:", code, file=sys.stderr)
"""


def test_a_replayed_run_imports_nothing_of_reading(tmp_path: Path) -> None:
    """A replay needs the cache, not the model, the config's validation or the reader."""
    project = _project(tmp_path / "p")
    cache = tmp_path / "cache"
    first = _check(project, cache)
    _age(cache)
    replay = subprocess.run(
        [sys.executable, "-c", _LOADED],
        cwd=project,
        capture_output=True,
        text=True,
        env=_env(cache),
        check=False,
    )
    assert replay.stdout == first.stdout and "whitelisted" in first.stdout
    assert f"loaded: [] exit: {first.code}" in replay.stderr


def test_a_hook_run_is_signed_without_its_copy_of_the_base(tmp_path: Path) -> None:
    """The gate reads the base from a temporary copy it removes when the run
    ends; the entry is keyed by the base commit, and its stamp must not name
    that copy's files, which no later run finds (the stamp would never hold)."""
    project = _project(tmp_path / "p")
    env = _env(tmp_path / "cache")
    for step in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
        subprocess.run(["git", *step], cwd=project, env=env, check=True, capture_output=True)
    (project / "db" / "001.sql").write_text(SQL + "-- edited\n", encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=project, env=env, check=True, capture_output=True)
    cache = tmp_path / "cache"
    first = _check(project, cache, "--pre-commit", "db/001.sql")
    assert not first.replayed and first.code == 0, first.stderr
    (entry,) = _entries(cache)
    signed = json.loads(entry.read_text(encoding="utf-8"))["stamp"]["signatures"]
    assert str(project / "db" / "001.sql") in signed
    assert all(Path(path).exists() for path, sig in signed.items() if sig), signed
    _age(cache)
    script = _NO_WALK.replace(
        '["dbnamelint", "check"]', '["dbnamelint", "check", "--pre-commit", "db/001.sql"]'
    )
    replay = subprocess.run(
        [sys.executable, "-c", script],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert replay.returncode == first.code, replay.stderr
    assert replay.stdout == first.stdout
