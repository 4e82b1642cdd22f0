"""A migration left with git's conflict markers (trial s6-t1 finding 16).

The oracle is git itself: two branches add the same migration file, a real
``git merge`` (merge and diff3 conflict styles) writes the markers, and
``check`` must report one located DBN017 per conflict (exit 3) instead of
``DBN005 unrecognised statement starting with ''``, reading the side
before ``=======``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.conflicts import drop_conflict_sides
from dbnamelint.exitcodes import ExitCode
from git_helpers import commit_all, git, init_repo

BASE = "CREATE TABLE a (id int);\nCREATE TABLE keep_me (id int);\n"


def _conflicted(repo: Path, style: str) -> str:
    """A repository whose merge left db/002_x.sql in conflict; returns its text."""
    (repo / "db").mkdir(parents=True)
    (repo / "db" / "001_a.sql").write_text("CREATE TABLE base (id int);\n", encoding="utf-8")
    (repo / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    init_repo(repo, "base")
    git(repo, "config", "merge.conflictStyle", style)
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "db" / "002_x.sql").write_text(
        BASE + "CREATE TABLE theirs_one (id int);\nCREATE TABLE after (x int);\n"
        "CREATE TABLE theirs_two (id int);\n",
        encoding="utf-8",
    )
    commit_all(repo, "feature")
    git(repo, "checkout", "-q", "main")
    (repo / "db" / "002_x.sql").write_text(
        BASE + "CREATE TABLE ours_one (id int);\nCREATE TABLE after (x int);\n"
        "CREATE TABLE ours_two (id int);\n",
        encoding="utf-8",
    )
    commit_all(repo, "main")
    done = subprocess.run(
        ["git", "-C", str(repo), "merge", "-q", "feature"], capture_output=True, check=False
    )
    assert done.returncode != 0, "the merge must conflict"
    return (repo / "db" / "002_x.sql").read_text(encoding="utf-8")


@pytest.mark.parametrize("style", ["merge", "diff3"])
def test_each_conflict_is_one_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, style: str
) -> None:
    text = _conflicted(tmp_path, style)
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line.startswith("<<<<<<<")]
    assert starts, text
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli, ["check", "--format", "json", "--no-whitelist"], catch_exceptions=False
    )
    assert result.exit_code == ExitCode.INPUT_ERROR, result.output
    diagnostics = json.loads(result.stdout)["diagnostics"]
    assert [(d["code"], d["path"], d["line"]) for d in diagnostics] == [
        ("DBN017", "db/002_x.sql", line) for line in starts
    ]
    assert all("unresolved git merge conflict" in d["message"] for d in diagnostics)
    inspected = CliRunner().invoke(cli, ["inspect", "--format", "json"], catch_exceptions=False)
    tables = {o["name"] for o in json.loads(inspected.stdout)["objects"] if o["kind"] == "table"}
    assert {"ours_one", "keep_me", "a", "base"} <= tables
    assert not tables & {"theirs_one", "theirs_two"}


def test_locations_stay_exact_and_an_unclosed_conflict_is_reported() -> None:
    text = "CREATE TABLE a (id int);\r\n<<<<<<< HEAD\r\nCREATE TABLE b (id int);\r\n=======\r\n"
    kept, found = drop_conflict_sides(text, "x.sql")
    assert len(kept) == len(text) and kept.count("\n") == text.count("\n")
    assert "CREATE TABLE b" in kept and "<<<" not in kept and "===" not in kept
    assert [(d.code, d.location.line) for d in found] == [("DBN017", 2)]
    assert "not closed" in found[0].message
    plain = "-- <<<<<<< not a marker\nCREATE TABLE t (id int);\n=======\n"
    assert drop_conflict_sides(plain, "y.sql") == (plain, [])


WHITELIST_BASE = "entries:\n  - kind: table\n    name: Legacy\n    rules: [DBN101]\n"


@pytest.mark.parametrize(
    ("name", "ours", "theirs", "hint"),
    [
        (
            "whitelist.yaml",
            WHITELIST_BASE.replace("[DBN101]", "[DBN101, DBN105]"),
            WHITELIST_BASE.replace("[DBN101]", "[DBN101, DBN102]"),
            True,
        ),
        (
            "dbnamelint.yaml",
            "paths: [db]\ndialect: postgres\nmax_length: 50\n",
            "paths: [db]\ndialect: postgres\nmax_length: 40\n",
            False,
        ),
    ],
)
def test_a_conflicted_config_or_whitelist_is_refused_at_its_first_marker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, ours: str, theirs: str, hint: bool
) -> None:
    """Finding s6-t3 #8: git's own merge writes the markers; the error names the
    ``<<<<<<<`` line, not a YAML syntax error further down, and exits as a bad
    config or whitelist does (2)."""
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001_a.sql").write_text('CREATE TABLE "Legacy" (id int);\n', "utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", "utf-8")
    (tmp_path / "whitelist.yaml").write_text(WHITELIST_BASE, "utf-8")
    init_repo(tmp_path, "base")
    git(tmp_path, "checkout", "-q", "-b", "feature")
    (tmp_path / name).write_text(theirs, "utf-8")
    commit_all(tmp_path, "feature")
    git(tmp_path, "checkout", "-q", "main")
    (tmp_path / name).write_text(ours, "utf-8")
    commit_all(tmp_path, "main")
    done = subprocess.run(
        ["git", "-C", str(tmp_path), "merge", "-q", "feature"], capture_output=True, check=False
    )
    assert done.returncode != 0, "the merge must conflict"
    lines = (tmp_path / name).read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines, 1) if line.startswith("<<<<<<<"))
    end = next(n for n, line in enumerate(lines, 1) if line.startswith(">>>>>>>"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check"], catch_exceptions=False)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert result.stderr.startswith(
        f"dbnamelint: {name}:{start}:1: unresolved git merge conflict: "
        f"'{lines[start - 1]}' starts a conflict (to line {end}); nothing of this file was read."
    )
    assert ("whitelist merge driver" in result.stderr) is hint
