"""One bounded YAML loader for every whitelist read, and a merge driver that names its files.

A hostile whitelist (an alias bomb, a recursive alias, a duplicate key, deep
nesting, a NUL byte, a document over the size limit, a FIFO) is refused by
every command with the same located message as ``check``; the line editors
(prune's and the merge driver's ``remove_entries``, ``whitelist add``'s
``add_entry``) refuse it themselves, not only because a caller read it first.
The merge driver names the side (ancestor %O, ours %A, theirs %B), the file
git gave for it and, with %P, the whitelist's own path.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.config import ConfigError, parse_located_yaml, regular
from dbnamelint.whitelist import WhitelistError
from dbnamelint.whitelist.adding import add_entry
from dbnamelint.whitelist.writer import remove_entries
from git_helpers import commit_all, git, init_repo, isolated_git_env

#: The probe's 9-line billion laughs: 9**9 strings once expanded.
LAUGHS = (
    "".join(
        f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
        for prev, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
    )
    + "entries:\n  - {kind: table, name: gone}\n"
)

GOOD = """\
phases:
  - {id: "1", title: legacy, status: open}
entries:
  - {kind: table, name: '"Accounts"', rules: all, phase: "1"}
  - {kind: table, name: gone, rules: all, phase: "1"}
"""

HOSTILE = {
    "billion-laughs": LAUGHS,
    "recursive-alias": "entries: &e [*e]\n",
    "duplicate-key": 'entries:\n  - {kind: table, name: gone, name: "Accounts"}\n',
    "duplicate-top-key": "entries: []\nentries:\n  - {kind: table, name: gone}\n",
    "deep-nesting": "entries:\n  - " + "[" * 3000 + "\n",
    "nul-byte": "entries:\n  - {kind: table, name: gone\x00}\n",
}


def _reference_error(text: str) -> str:
    """What ``check`` says about this text: the config layer's located message."""
    with pytest.raises(ConfigError) as caught:
        parse_located_yaml(text, "whitelist.yaml")
    return str(caught.value)


# -- the line editors refuse on their own ---------------------------------------------


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_remove_entries_refuses_what_check_refuses(text: str) -> None:
    with pytest.raises(WhitelistError) as caught:
        remove_entries(text, {2, 3}, "whitelist.yaml")
    assert str(caught.value) == _reference_error(text)


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_add_entry_refuses_what_check_refuses(text: str) -> None:
    with pytest.raises(WhitelistError) as caught:
        add_entry(text, [], None, "whitelist.yaml")
    assert str(caught.value) == _reference_error(text)


def test_no_raw_pyyaml_loading_outside_the_bounded_loader() -> None:
    """grep as a test: only yamlsafe turns user text into YAML nodes or data."""
    src = Path(__file__).resolve().parents[1] / "src" / "dbnamelint"
    raw = re.compile(r"yaml\.(safe_load|load|full_load|unsafe_load|compose|SafeLoader|Loader)\b")
    offenders = [
        f"{p.relative_to(src)}:{n}"
        for p in src.rglob("*.py")
        if p.name != "yamlsafe.py"
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if raw.search(line)
    ]
    assert offenders == []


# -- every command that reads the whitelist says the same ------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()  # the config search stops here
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001.sql").write_text('CREATE TABLE "Accounts" (id int);\n')
    (tmp_path / "dbnamelint.yaml").write_text("extends: snake-case\npaths: [db]\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


COMMANDS = [
    ["check"],
    ["whitelist", "prune"],
    ["whitelist", "prune", "--dry-run"],
    ["whitelist", "add", "Accounts"],
    ["burndown", "--no-history"],
    ["migrate", "--all"],
]


@pytest.mark.parametrize("name", list(HOSTILE))
@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_every_command_refuses_a_hostile_whitelist_alike(
    project: Path, args: list[str], name: str
) -> None:
    text = HOSTILE[name]
    (project / "whitelist.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert f"dbnamelint: {_reference_error(text)}" in result.stderr
    assert (project / "whitelist.yaml").read_text(encoding="utf-8") == text


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_every_command_refuses_a_whitelist_over_the_size_limit(
    project: Path, args: list[str]
) -> None:
    with (project / "whitelist.yaml").open("wb") as big:  # sparse: nothing is written
        big.truncate(regular.MAX_FILE_BYTES + 1)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "dbnamelint: whitelist.yaml:1:1: file too large" in result.stderr


# -- the merge driver ------------------------------------------------------------------


def _merge(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["whitelist", "merge", *args])
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("broken", "side"), [(0, "ancestor (%O)"), (1, "ours (%A)"), (2, "theirs (%B)")]
)
@pytest.mark.parametrize("name", [*HOSTILE, "not-utf8", "fifo"])
def test_merge_driver_names_the_side_and_its_file(
    tmp_path: Path, broken: int, side: str, name: str
) -> None:
    paths = [tmp_path / f"{label}.yaml" for label in ("O", "A", "B")]
    for path in paths:
        path.write_text(GOOD, encoding="utf-8")
    bad = paths[broken]
    bad.unlink()
    if name == "fifo":
        os.mkfifo(bad)  # read with the bounded reader: refused, never waited on
        expected = f"{bad}:1:1: cannot read: a FIFO (named pipe), not a file"
    elif name == "not-utf8":
        line = b"  - {kind: table, name: x\xff}"
        bad.write_bytes(b"entries:\n" + line + b"\n")
        expected = f"{bad}:2:{line.index(0xFF) + 1}: not UTF-8 text (invalid start byte)"
    else:
        bad.write_text(HOSTILE[name], encoding="utf-8")
        expected = _reference_error(HOSTILE[name]).replace("whitelist.yaml", str(bad), 1)
    code, err = _merge(*map(str, paths))
    assert code == 1  # git leaves the file in conflict
    assert err == f"dbnamelint: whitelist merge: {side}: {expected}\n"
    code, err = _merge(*map(str, paths), "db/whitelist.yaml")
    assert err == f"dbnamelint: whitelist merge: db/whitelist.yaml, {side}: {expected}\n"
    if broken != 1:
        assert paths[1].read_text(encoding="utf-8") == GOOD  # ours is left as it was


def _dbnamelint() -> str:
    script = Path(sys.executable).with_name("dbnamelint")
    return str(script) if script.exists() else "dbnamelint"


def test_real_git_merge_names_the_whitelist_and_the_side(tmp_path: Path) -> None:
    """git runs the documented driver line; its conflict says which file and side."""
    repo = tmp_path / "repo"
    (repo / "db").mkdir(parents=True)
    (repo / "db" / "whitelist.yaml").write_text(GOOD, encoding="utf-8")
    (repo / ".gitattributes").write_text("whitelist.yaml merge=dbnamelint\n")
    init_repo(repo, "baseline")
    driver = f"{_dbnamelint()} whitelist merge %O %A %B %P"
    git(repo, "config", "merge.dbnamelint.driver", driver)
    git(repo, "checkout", "-q", "-b", "other")
    broken = GOOD + "  - {kind: table, name: [\n"
    (repo / "db" / "whitelist.yaml").write_text(broken)
    commit_all(repo, "other: a broken whitelist")
    git(repo, "checkout", "-q", "main")
    (repo / "db" / "whitelist.yaml").write_text(GOOD.replace("  - {kind: table, name: gone", "#"))
    commit_all(repo, "main: one entry fixed")
    done = subprocess.run(
        ["git", "merge", "--no-edit", "other"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, **isolated_git_env()},
        check=False,
    )
    assert done.returncode != 0  # a conflict for a person
    said = re.search(
        r"dbnamelint: whitelist merge: db/whitelist\.yaml, theirs \(%B\): (\S+):(\d+):(\d+): "
        r"invalid YAML",
        done.stdout + done.stderr,
    )
    assert said, done.stdout + done.stderr
    assert said.group(1).startswith(".merge_file_")  # git's copy of their side
    where = _reference_error(broken).split(": ", 1)[0]  # whitelist.yaml:L:C
    assert f"{said.group(1)}:{said.group(2)}:{said.group(3)}" == where.replace(
        "whitelist.yaml", said.group(1)
    )
