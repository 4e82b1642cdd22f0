"""A Go migration list applied by position: one DBN025 per thing the change did.

Trial confirm35 (miniflux, B2): one well-named step inserted before step 4
of the 132-step list gave 129 ``DBN025`` errors of ~500 characters, one per
step it pushed down, each naming the step that used to stand at that line
("this step ... was committed as step 5" at the line holding the old step 4).
One removed mid-list (D2) gave one per step after it. miniflux's runner
(``internal/database/migrations.go``/``database.go``) runs
``migrations[version]`` for each version past the count ``schema_version``
holds: the inserted step is what a database that ran the list never runs,
and the line to move it to is the list's end. Oracle: that runner's loop
(as the trial report quotes it) and real git.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PATH = "internal/database/migrations.go"
CONFIG = f"paths: [{PATH}]\ndialect: postgres\n"
TABLES = ["feeds", "users", "entries", "icons", "sessions", "categories"]


def _step(sql: str) -> str:
    return (
        "\tfunc(tx *sql.Tx, _ string) (err error) {\n"
        f"\t\t_, err = tx.Exec(`{sql}`)\n\t\treturn err\n\t}},\n"
    )


def _list(steps: list[str]) -> str:
    return (
        'package database\n\nimport "database/sql"\n\n'
        "var migrations = []func(tx *sql.Tx, driver string) error{\n"
        + "".join(_step(s) for s in steps)
        + "}\n"
    )


STEPS = [f"CREATE TABLE {t} (id bigserial primary key)" for t in TABLES]
NEW = "CREATE TABLE feed_stats (id bigserial primary key)"


def _dbn025(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> list[str]:
    """``check --base HEAD``'s DBN025 as ``line:column: message``, the list
    committed with :data:`STEPS` and edited to ``text``."""
    root = committed_repo(
        tmp_path / "mf", {"dbnamelint.yaml": CONFIG, PATH: _list(STEPS)}, monkeypatch, "adopt"
    )
    (root / PATH).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache", "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    return [
        f"{d['line']}:{d['column']}: {d['message']}"
        for d in report["diagnostics"]
        if d["code"] == "DBN025"
    ]


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_one_step_inserted_mid_list_is_one_error_at_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _list([*STEPS[:1], NEW, *STEPS[1:]])
    [said] = _dbn025(tmp_path, monkeypatch, text)
    at = _line_of(text, NEW) - 1  # the step's `func(` line
    last = text.rstrip().count("\n")  # the last step's closing `},` (the list's `}` follows)
    assert said.startswith(f"{at}:2: this step of a Go migration list is new since HEAD")
    assert "before committed step 2 of 6 (CREATE TABLE users" in said
    assert "5 steps committed after it shift one position down" in said
    assert said.endswith(f"move this step to the list's end, after its last step (line {last})")
    assert len(said) < 600


def test_two_steps_inserted_together_are_one_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = "CREATE TABLE feed_counts (id bigserial primary key)"
    text = _list([*STEPS[:3], NEW, other, *STEPS[3:]])
    [said] = _dbn025(tmp_path, monkeypatch, text)
    assert said.startswith(f"{_line_of(text, NEW) - 1}:2: these 2 steps of a Go migration list")
    assert "before committed step 4 of 6 (CREATE TABLE icons" in said
    assert "3 steps committed after them shift 2 positions down" in said


def test_one_step_deleted_mid_list_is_one_error_where_it_stood(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _list([*STEPS[:2], *STEPS[3:]])
    [said] = _dbn025(tmp_path, monkeypatch, text)
    assert said.startswith(f"{_line_of(text, STEPS[3]) - 1}:2: ")
    assert "with step 3 (CREATE TABLE entries" in said
    assert "(the list has 5 steps now, 6 at HEAD)" in said
    assert "3 steps committed after it shift 1 position up" in said


def test_two_steps_swapped_is_one_error_at_the_moved_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _list([*STEPS[:2], STEPS[3], STEPS[2], *STEPS[4:]])
    said = _dbn025(tmp_path, monkeypatch, text)
    assert len(said) == 1
    assert re.search(r"as step \d \(CREATE TABLE (entries|icons)", said[0])
    assert "moves it to position" in said[0]


def test_a_step_rewritten_and_one_inserted_elsewhere_are_said_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rewritten = "SELECT 1"
    # NEW is like the string rewritten away (CREATE TABLE sessions ...): before,
    # the inserted step was also called an edit of it, a third DBN025
    text = _list([NEW, *STEPS[:4], rewritten, STEPS[5]])
    said = _dbn025(tmp_path, monkeypatch, text)
    assert len(said) == 2, "\n".join(said)
    assert "before committed step 1 of 6" in said[0]
    assert "6 steps committed after it shift one position down" in said[0]
    assert said[1].startswith(f"{_line_of(text, rewritten) - 1}:2: ")
    assert "as step 5 (CREATE TABLE sessions" in said[1]
    assert "removes or rewrites its SQL" in said[1]


def test_an_inserted_step_like_a_rewritten_one_is_judged_as_new_ddl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its string is new DDL, not an edit of the like one taken out elsewhere."""
    root = committed_repo(
        tmp_path / "mf", {"dbnamelint.yaml": CONFIG, PATH: _list(STEPS)}, monkeypatch, "adopt"
    )
    bad = 'CREATE TABLE "FeedStats" (id bigserial primary key)'
    (root / PATH).write_text(_list([bad, *STEPS[:4], "SELECT 1", STEPS[5]]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache", "--format", "json"])
    report = json.loads(result.stdout)
    assert [f["code"] for f in report["findings"] if f["name"] == "FeedStats"] == ["DBN101"], (
        report["findings"]
    )
    assert [d["message"][:40] for d in report["diagnostics"] if d["code"] == "DBN025"] == [
        "this step of a Go migration list is new ",
        "this step of a Go migration list was com",
    ]
