"""The settings and whitelist caches (dbnamelint.runner.settingscache,
dbnamelint.whitelist.loading).

Every run is a real ``python -m dbnamelint.cli`` process. Which cache was
used is read from ``-X importtime``: reading the configuration imports
``dbnamelint.config.load``, parsing a whitelist ``dbnamelint.whitelist.format``;
a hit imports neither. The oracle for every answer is the same command with
``--no-cache``. Each run first edits a schema file, so the whole-run cache
(tests/test_runcache.py) never answers instead.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from dbnamelint.runner import pickled, readcache
from git_helpers import isolated_git_env

CONFIG = "paths: [db]\ndialect: postgres\nextends: [recommended, ./team.yaml]\n"
TEAM = "rules:\n  DBN101: {severity: error}\n"
WHITELIST = """\
phases:
  - {id: "1", title: Legacy, status: open}
entries:
  - {kind: table, name: UserGroups, rules: [DBN101], phase: "1"}
  - {kind: table, name: OldThings, rules: [DBN101], phase: "1"}
"""


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    read_config: bool
    parsed_whitelist: bool


class _Edits:
    count = 0


def _check(cwd: Path, cache: Path, *args: str, extra_env: dict[str, str] | None = None) -> Run:
    _Edits.count += 1  # a new schema text: the run cache cannot replay the run
    (cwd / "db" / "002.sql").write_text(
        f'CREATE TABLE "UserGroups" (id int);\nCREATE TABLE t{_Edits.count} (id int);\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != readcache.OFF_ENV}
    env.update(isolated_git_env())
    env[readcache.DIR_ENV] = str(cache)
    env.update(extra_env or {})
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "dbnamelint.cli", "check", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    lines = done.stderr.splitlines(True)
    names = {line.rsplit("|", 1)[-1].strip() for line in lines if line.startswith("import time:")}
    assert "dbnamelint.config.settings" in names, "the run was replayed whole"
    rest = "".join(line for line in lines if not line.startswith("import time:"))
    # t<n> is the edit itself: compare runs without it
    stdout = "\n".join(line for line in done.stdout.splitlines() if f"t{_Edits.count}" not in line)
    return Run(
        done.returncode,
        stdout,
        rest,
        # a simple config file is read without pydantic (config.simple), any
        # other through config.load: either import means the file was read
        read_config=bool({"dbnamelint.config.load", "dbnamelint.config.simple"} & names),
        parsed_whitelist="dbnamelint.whitelist.format" in names,
    )


def _fresh(cwd: Path, cache: Path, *args: str) -> Run:
    run = _check(cwd, cache, "--no-cache", *args)
    assert run.read_config and run.parsed_whitelist
    return run


def _same(a: Run, b: Run) -> None:
    assert (a.code, a.stdout, a.stderr) == (b.code, b.stdout, b.stderr)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    (root / "db").mkdir(parents=True)
    (root / "db" / "001.sql").write_text('CREATE TABLE "OldThings" (id int);\n', "utf-8")
    (root / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    (root / "team.yaml").write_text(TEAM, encoding="utf-8")
    (root / "whitelist.yaml").write_text(WHITELIST, encoding="utf-8")
    return root


def test_a_second_run_takes_settings_and_whitelist_from_the_cache(
    project: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = _check(project, cache)
    assert first.read_config and first.parsed_whitelist
    second = _check(project, cache)
    assert not second.read_config and not second.parsed_whitelist
    _same(second, first)
    _same(second, _fresh(project, cache))
    assert second.code == 0 and "2 whitelisted" in second.stdout


def _edit_config(project: Path) -> None:
    (project / "dbnamelint.yaml").write_text(CONFIG + "ignore: [DBN101]\n", encoding="utf-8")


def _edit_extends(project: Path) -> None:
    (project / "team.yaml").write_text("ignore: [DBN101]\n", encoding="utf-8")


def _nearer_config(project: Path) -> None:
    # The run's folder gets a config of its own: it is found instead.
    (project / "db" / "dbnamelint.yaml").write_text(
        "paths: [.]\ndialect: postgres\nwhitelist: ../whitelist.yaml\n", encoding="utf-8"
    )


CONFIG_CHANGES = {
    "config edited": _edit_config,
    "extends file edited": _edit_extends,
    "a nearer config": _nearer_config,
}


@pytest.mark.parametrize("change", sorted(CONFIG_CHANGES))
def test_every_change_of_the_configuration_is_seen(
    project: Path, tmp_path: Path, change: str
) -> None:
    cache = tmp_path / "cache"
    cwd = project / "db" if change == "a nearer config" else project
    if change == "a nearer config":
        (cwd / "db").mkdir()  # _check writes db/002.sql under its cwd
    before = _check(cwd, cache)
    assert not _check(cwd, cache).read_config
    CONFIG_CHANGES[change](project)
    after = _check(cwd, cache)
    assert after.read_config
    _same(after, _fresh(cwd, cache))
    assert (after.code, after.stdout) != (before.code, before.stdout)
    assert not _check(cwd, cache).read_config  # and the new settings are kept


def test_an_edited_whitelist_is_parsed_again(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = _check(project, cache)
    assert not _check(project, cache).parsed_whitelist
    (project / "whitelist.yaml").write_text(
        WHITELIST.replace("name: OldThings", "name: old_things"), encoding="utf-8"
    )
    after = _check(project, cache)
    assert after.parsed_whitelist and not after.read_config
    _same(after, _fresh(project, cache))
    assert after.code == 1 and after.stdout != before.stdout
    broken = WHITELIST + "  - {kind: table, name: [oops]}\n"
    (project / "whitelist.yaml").write_text(broken, encoding="utf-8")
    error = _check(project, cache)
    assert error.code == 2 and "whitelist.yaml:6" in error.stderr
    _same(error, _check(project, cache))  # an error is never stored as an answer


def test_the_command_line_is_part_of_the_key(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _check(project, cache)
    ignored = _check(project, cache, "--ignore", "DBN101")
    assert ignored.read_config
    _same(ignored, _fresh(project, cache, "--ignore", "DBN101"))
    assert not _check(project, cache, "--ignore", "DBN101").read_config


def test_local_rules_are_never_cached(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (project / "house_rules.py").write_text("", encoding="utf-8")
    (project / "dbnamelint.yaml").write_text(
        CONFIG + "local_rules: [house_rules.py]\n", encoding="utf-8"
    )
    for _ in range(2):
        assert _check(project, cache).read_config
    assert not list(cache.glob("*/settings/*.pickle"))


class _Planted:
    def __reduce__(self) -> tuple[object, ...]:
        return (os.mkdir, (self.target,))

    def __init__(self, target: str) -> None:
        self.target = target


@pytest.mark.parametrize("folder", ["settings", "whitelists"])
def test_a_planted_entry_runs_nothing_and_is_a_miss(
    project: Path, tmp_path: Path, folder: str
) -> None:
    cache = tmp_path / "cache"
    _check(project, cache)
    entries = list(cache.glob(f"*/{folder}/*.pickle"))
    assert len(entries) == 1
    marker = tmp_path / "pwned"
    entries[0].write_bytes(pickle.dumps(_Planted(str(marker))))
    run = _check(project, cache)
    assert not marker.exists()
    assert run.read_config if folder == "settings" else run.parsed_whitelist
    _same(run, _fresh(project, cache))
    with pytest.raises(pickle.UnpicklingError):
        pickled.loads(pickle.dumps(_Planted(str(marker))))
    assert not marker.exists()


class _Foreign:
    """A class outside dbnamelint, as a plugin's rule would be."""


def test_values_the_unpickler_refuses_are_not_stored() -> None:
    with pytest.raises(ValueError, match="not allowed"):
        pickled.dumps({"rule": _Foreign()})
    assert pickled.loads(pickled.dumps({"path": Path("a"), "n": (1, "x")})) == {
        "path": Path("a"),
        "n": (1, "x"),
    }
