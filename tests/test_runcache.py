"""The whole-run result cache of ``check`` (dbnamelint.runner.runcache).

Every run here is a real ``python -m dbnamelint.cli`` process, as a user
runs it. The oracle for every cached answer is the same command with
``--no-cache`` on the same files: after each change a run must print what
a fresh run prints. Whether a run was replayed is read from
``-X importtime``: a replay never imports the configuration's types, a real
run must (whether it reads the configuration or takes it from the settings
cache).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from dbnamelint.runner import readcache, runcache
from git_helpers import commit_all, init_repo, isolated_git_env

SQL = """\
CREATE TABLE users (id integer PRIMARY KEY);
CREATE TABLE "UserGroups" (id integer PRIMARY KEY);
"""
CONFIG = "paths: [db]\ndialect: postgres\n"
WHITELIST = """\
phases:
  - {id: "1", title: Legacy, status: open}
entries:
  - {kind: table, name: UserGroups, rules: [DBN101], phase: "1"}
"""


#: Modules every run that is not replayed imports (a replay never does).
_RUN_ONLY = frozenset({"dbnamelint.config.settings"})


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str  # without the interpreter's import timings
    replayed: bool


def _env(cache: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "FORCE_COLOR", readcache.OFF_ENV)
    }
    env.update(isolated_git_env())
    env[readcache.DIR_ENV] = str(cache)
    env.update(extra or {})
    return env


def _check(cwd: Path, cache: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "dbnamelint.cli", "check", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=_env(cache, env),
        check=False,
    )
    timings = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    rest = "".join(
        line for line in done.stderr.splitlines(True) if not line.startswith("import time:")
    )
    names = {line.rsplit("|", 1)[-1].strip() for line in timings}
    loaded = bool(names & _RUN_ONLY)
    assert timings, "no import timings: the run cannot be classified"
    return Run(done.returncode, done.stdout, rest, replayed=not loaded)


def _fresh(cwd: Path, cache: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """The oracle: the same command, reading everything afresh."""
    run = _check(cwd, cache, "--no-cache", *args, env=env)
    assert not run.replayed
    return run


def _same(a: Run, b: Run) -> None:
    assert (a.code, a.stdout, a.stderr) == (b.code, b.stdout, b.stderr)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    (root / "db").mkdir(parents=True)
    (root / "db" / "001.sql").write_text(SQL, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    (root / "whitelist.yaml").write_text(WHITELIST, encoding="utf-8")
    return root


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*/runs/*.json"))


def test_an_unchanged_run_is_replayed_exactly(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (project / "db" / "002.sql").write_text('CREATE TABLE "Accounts" (id int);\n', "utf-8")
    args = ("--show-whitelisted", "--verbose")  # stderr gets the verbose report too
    first = _check(project, cache, *args)
    second = _check(project, cache, *args)
    oracle = _fresh(project, cache, *args)
    assert first.code == 1 and "Accounts" in first.stdout and "dbnamelint: config:" in first.stderr
    assert not first.replayed and second.replayed
    _same(second, first)
    _same(second, oracle)
    assert len(_entries(cache)) == 1


def test_the_output_file_is_written_again(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    report = project / "out" / "report.json"
    first = _check(project, cache, "--format", "json", "-o", "out/report.json")
    written = report.read_text(encoding="utf-8")
    report.unlink()
    second = _check(project, cache, "--format", "json", "-o", "out/report.json")
    assert second.replayed and second.code == first.code == 0
    assert report.read_text(encoding="utf-8") == written
    assert json.loads(written)["summary"]["whitelisted"] == 1


def _same_size_same_mtime(project: Path) -> None:
    path = project / "db" / "001.sql"
    stat = path.stat()
    path.write_text(SQL.replace("users", '"Usr"'), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size


def _new_file(project: Path) -> None:
    (project / "db" / "sub").mkdir()
    (project / "db" / "sub" / "002.sql").write_text('CREATE TABLE "Roles" (id int);\n', "utf-8")


def _config_edit(project: Path) -> None:
    (project / "dbnamelint.yaml").write_text(CONFIG + "ignore: [DBN101]\n", encoding="utf-8")


def _whitelist_edit(project: Path) -> None:
    (project / "whitelist.yaml").write_text(
        WHITELIST.replace("rules: [DBN101]", "rules: [DBN102]"), encoding="utf-8"
    )


def _extends_edit(project: Path) -> None:
    # The config extends a file: the first run recorded it, edit it now.
    (project / "base.yaml").write_text("ignore: [DBN101]\n", encoding="utf-8")


def _file_removed(project: Path) -> None:
    (project / "db" / "001.sql").unlink()
    (project / "db" / "002.sql").write_text('CREATE TABLE "Things" (id int);\n', "utf-8")


CHANGES = {
    "same size and mtime": _same_size_same_mtime,
    "new file in a new folder": _new_file,
    "config": _config_edit,
    "whitelist": _whitelist_edit,
    "extends file": _extends_edit,
    "file removed, another added": _file_removed,
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_every_input_change_is_seen(project: Path, tmp_path: Path, change: str) -> None:
    cache = tmp_path / "cache"
    if change == "extends file":
        (project / "base.yaml").write_text("select: [DBN1]\n", encoding="utf-8")
        (project / "dbnamelint.yaml").write_text(
            CONFIG + "extends: [recommended, ./base.yaml]\n", encoding="utf-8"
        )
    before = _check(project, cache)
    assert _check(project, cache).replayed
    CHANGES[change](project)
    after = _check(project, cache)
    assert not after.replayed
    _same(after, _fresh(project, cache))
    assert (after.code, after.stdout) != (before.code, before.stdout)
    assert _check(project, cache).replayed  # and the new answer is kept


def test_environment_and_directory_are_part_of_the_key(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _check(project, cache)
    coloured = _check(project, cache, env={"FORCE_COLOR": "1"})
    assert not coloured.replayed
    _same(coloured, _fresh(project, cache, env={"FORCE_COLOR": "1"}))
    assert "\x1b[" in coloured.stdout
    below = _check(project / "db", cache)
    assert not below.replayed
    _same(below, _fresh(project / "db", cache))
    # A config placed nearer the current folder is found instead.
    nearer_config = "dialect: postgres\nignore: [DBN101]\n"
    (project / "db" / "dbnamelint.yaml").write_text(nearer_config, "utf-8")
    nearer = _check(project / "db", cache)
    assert not nearer.replayed
    _same(nearer, _fresh(project / "db", cache))
    assert nearer.code != below.code


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_gate_sees_a_new_commit(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    init_repo(project)
    # New in the working tree: not in HEAD, so it fails the gate.
    (project / "db" / "002.sql").write_text('CREATE TABLE "Accounts" (id int);\n', "utf-8")
    new = _check(project, cache, "--pre-commit", "db/002.sql")
    assert new.code == 1 and "Accounts" in new.stdout
    assert _check(project, cache, "--pre-commit", "db/002.sql").replayed
    commit_all(project, "accounts")
    committed = _check(project, cache, "--pre-commit", "db/002.sql")
    assert not committed.replayed and committed.code == 0  # legacy now: in HEAD
    after = _check(project, cache, "--pre-commit", "db/002.sql")
    assert after.replayed
    _same(after, _fresh(project, cache, "--pre-commit", "db/002.sql"))
    (project / "db" / "003.sql").write_text("CREATE TABLE things (id int);\n", "utf-8")
    commit_all(project, "things")
    moved = _check(project, cache, "--pre-commit", "db/002.sql")
    assert not moved.replayed  # HEAD moved: the base tree is another one
    _same(moved, _fresh(project, cache, "--pre-commit", "db/002.sql"))


def test_runs_that_cannot_be_cached_never_are(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    for _ in range(2):
        assert not _check(project, cache, "--format", "markdown").replayed
        usage = _check(project, cache, "--select", "NOPE999")
        assert usage.code == 2 and not usage.replayed
        off = _check(project, cache, env={readcache.OFF_ENV: "1"})
        assert not off.replayed
        assert not _check(project, cache, "--no-cache").replayed
    assert _entries(cache) == []
    rules = project / "my_rules.py"
    rules.write_text("# no rules yet\n", encoding="utf-8")
    (project / "dbnamelint.yaml").write_text(
        CONFIG + "local_rules: [my_rules.py]\n", encoding="utf-8"
    )
    assert not _check(project, cache).replayed
    assert not _check(project, cache).replayed  # Python rules may read anything
    assert _entries(cache) == []


def test_broken_or_planted_entries_are_misses(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _check(project, cache, "--no-whitelist")
    assert first.code == 1
    (entry,) = _entries(cache)
    planted = json.loads(entry.read_text(encoding="utf-8"))
    planted.update(exit=0, chunks=[[0, "All checks passed!\n"]], inputs=["x", "y"])
    entry.write_text(json.dumps(planted), encoding="utf-8")
    again = _check(project, cache, "--no-whitelist")
    assert not again.replayed
    _same(again, first)
    entry.write_text("{not json", encoding="utf-8")
    third = _check(project, cache, "--no-whitelist")
    assert not third.replayed
    _same(third, first)


def test_the_key_holds_the_date_options_and_environment(tmp_path: Path) -> None:
    cache = readcache.FileCache(tmp_path)
    here = Path.cwd()

    def path(params: dict[str, object], today: date, environ: dict[str, str]) -> Path:
        run = runcache.CheckRun(
            cache, params, gate_ref=None, cwd=here, environ=environ, today=today
        )
        return run.path

    day = date(2026, 12, 1)
    base = path({"fmt": "text"}, day, {})
    assert base == path({"fmt": "text"}, day, {"UNRELATED": "1"})
    assert base != path({"fmt": "text"}, date(2026, 12, 2), {})  # phases fall due
    assert base != path({"fmt": "json"}, day, {})
    assert base != path({"fmt": "text"}, day, {"NO_COLOR": "1"})
    assert base != path({"fmt": "text"}, day, {"DBNAMELINT_X": "1"})
    assert base != path({"fmt": "text"}, day, {"GIT_DIR": "/elsewhere"})


#: Runs ``check`` with the file ``db/001.sql`` rewritten right after the run
#: has read it, as an editor saving while the run is under way would.
_EDITED_MID_RUN = """\
import sys
from pathlib import Path
from dbnamelint.runner import pipeline
from dbnamelint.cli import main

real = pipeline.read_source
new_text = sys.argv[1]

def read_then_edit(found, root=None):
    text = real(found, root)
    if found.path.endswith("001.sql"):
        Path("db/001.sql").write_text(new_text, encoding="utf-8")
    return text

pipeline.read_source = read_then_edit
sys.argv = ["dbnamelint", "check"]
main()
"""


def test_a_file_edited_while_the_run_reads_is_read_again_next_time(
    project: Path, tmp_path: Path
) -> None:
    # The stored entry describes the bytes the run read, not the file as it
    # is when the run ends: otherwise the next run would replay output made
    # from the older bytes as if it described the new ones.
    cache = tmp_path / "cache"
    edited = SQL + 'CREATE TABLE "BadName" (id int);\n'
    during = subprocess.run(
        [sys.executable, "-c", _EDITED_MID_RUN, edited],
        cwd=project,
        capture_output=True,
        text=True,
        env=_env(cache),
        check=False,
    )
    assert during.returncode == 0 and "BadName" not in during.stdout, during.stderr
    assert (project / "db" / "001.sql").read_text(encoding="utf-8") == edited
    assert len(_entries(cache)) == 1  # the run was stored
    after = _check(project, cache)
    oracle = _fresh(project, cache)
    assert not after.replayed
    assert after.code == 1 and "BadName" in after.stdout
    _same(after, oracle)
    again = _check(project, cache)
    assert again.replayed
    _same(again, oracle)
