"""A Go migration list's steps that reach their DDL through the package's
helpers, as the session 35 gate left them open (golistholes report):

- a step calling a method (``m.createTable(tx, "FeedStats")``), or a helper
  calling the helper with the DDL (``helperA(tx)`` -> ``helperB(tx,
  "FeedStats")``), passed: helpers were followed one level, methods not;
- an applied step calling a helper of another file of the package whose
  argument (a constant there) the change edits passed: DBN025 compared the
  list's file alone;
- a new ``%q`` format constant in another file was a DBN004 error there
  ("expected a table name but found '%'") instead of being read at its call.

Oracles: real git (what the change adds and edits); Go's call semantics (a
call binds the callee's parameters to its arguments; a method call runs the
method of the receiver's type) and ``fmt.Sprintf``'s ``%q`` (Go-quoted:
``"FeedStats"``) from the Go documentation (Go is not installed here).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_json
from dbnamelint.go_helper_ddl import DEPTH
from git_helpers import adopted_repo, git, git_workdir

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

LIST = "internal/database/migrations.go"
OTHER = "internal/database/helpers.go"
CONFIG = f"paths: [{LIST}]\ndialect: postgres\n"
HEAD = """package database

import (
\t"database/sql"
\t"fmt"
)

var migrations = []func(tx *sql.Tx) error{
\tfunc(tx *sql.Tx) (err error) {
\t\t_, err = tx.Exec(`CREATE TABLE feeds (id bigserial primary key, title text)`)
\t\treturn err
\t},
"""
TAIL = "}\n"
HELPERS = """package database

import (
\t"database/sql"
\t"fmt"
)

const iconsTable = "feed_icons"

type migrator struct{}

func (m *migrator) createTable(tx *sql.Tx, name string) error {
\t_, err := tx.Exec(fmt.Sprintf(`CREATE TABLE %q (id bigserial primary key)`, name))
\treturn err
}

func createSimpleTable(tx *sql.Tx, name string) error {
\t_, err := tx.Exec(fmt.Sprintf(`CREATE TABLE %q (id bigserial primary key)`, name))
\treturn err
}

func createStats(tx *sql.Tx) error {
\treturn createSimpleTable(tx, "FeedStats")
}

func createNamed(tx *sql.Tx, table string) error {
\treturn createSimpleTable(tx, table)
}

func again(tx *sql.Tx, table string) error {
\treturn again(tx, table)
}
"""


def _step(body: str) -> str:
    return f"\tfunc(tx *sql.Tx) (err error) {{\n\t\t{body}\n\t}},\n"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return git_workdir(tmp_path / "app", monkeypatch)


def _gate(root: Path, files: dict[str, str]) -> tuple[int, list[tuple[str, str, int]], list[str]]:
    """(exit code, failing (code, name, line), errors as code@path:line) of
    the hook's run with ``files`` written; ``check --base HEAD`` agrees."""
    for path, text in files.items():
        (root / path).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    code, found, said = check_json("--pre-commit", "--verbose")
    assert check_json("--base", "HEAD", "--verbose")[:2] == (code, found)
    errors = [f"{d['code']}@{d['path']}:{d['line']}" for d in said if d["severity"] == "error"]
    return code, sorted((c, n, line) for c, n, _, line, _ in found), errors


#: A new step: (its body, the table the runner creates, the line it is judged at).
STEPS = {
    "method": ('m := &migrator{}\n\t\treturn m.createTable(tx, "FeedStats")', 15),
    "helper-of-a-helper": ("return createStats(tx)", 14),
    "argument-through-a-helper": ('return createNamed(tx, "FeedStats")', 14),
}


@pytest.mark.parametrize("case", sorted(STEPS))
def test_a_step_reaching_its_ddl_through_helpers_is_judged_at_the_call(
    root: Path, case: str
) -> None:
    body, line = STEPS[case]
    adopted_repo(root, {LIST: HEAD + TAIL, OTHER: HELPERS}, CONFIG)
    code, found, _ = _gate(root, {LIST: HEAD + _step(body) + TAIL})
    assert (code, found) == (1, [("DBN101", "FeedStats", line)])
    # the well-named call passes: read, not merely refused
    good = body.replace("FeedStats", "feed_stats")
    if case != "helper-of-a-helper":
        assert _gate(root, {LIST: HEAD + _step(good) + TAIL})[:2] == (0, [])


def test_a_recursive_helper_is_no_hang_and_no_silent_pass(root: Path) -> None:
    """``again`` calls itself: followed once (cycle-safe); it makes no DDL."""
    adopted_repo(root, {LIST: HEAD + TAIL, OTHER: HELPERS}, CONFIG)
    code, found, _ = _gate(root, {LIST: HEAD + _step('return again(tx, "FeedStats")') + TAIL})
    assert (code, found) == (0, [])


def test_a_chain_deeper_than_followed_is_refused_at_the_call(root: Path) -> None:
    """Five calls deep (more than DEPTH): DBN013 at the step's call, not a pass,
    its note naming the limit."""
    chain = "".join(
        f"\nfunc level{i}(tx *sql.Tx, t string) error {{\n\treturn level{i + 1}(tx, t)\n}}\n"
        for i in range(1, 5)
    )
    deep = HELPERS + chain + "\nfunc level5(tx *sql.Tx, t string) error {\n"
    deep += "\treturn createSimpleTable(tx, t)\n}\n"
    adopted_repo(root, {LIST: HEAD + TAIL, OTHER: deep}, CONFIG)
    code, found, errors = _gate(root, {LIST: HEAD + _step('return level1(tx, "FeedStats")') + TAIL})
    assert (code, found) == (1, [])
    assert errors == [f"DBN013@{LIST}:14"]
    # the note names the limit, not only "completed when the code runs" (s37 M1)
    (said,) = [d["message"] for d in check_json("--pre-commit")[2] if d["code"] == "DBN013"]
    assert f"helpers nested more than {DEPTH} calls deep are not followed" in str(said)


APPLIED = HEAD + _step("return createSimpleTable(tx, iconsTable)")
APPLIED += _step('return createNamed(tx, "feed_b")') + TAIL


@pytest.mark.parametrize(
    ("files", "line"),
    [
        # the constant an applied step passes, in helpers.go, edited
        ({OTHER: HELPERS.replace('"feed_icons"', '"feed_icon_sets"')}, 13),
        # an applied step's argument to a helper of another file edited
        ({LIST: APPLIED.replace('"feed_b"', '"feed_bs"')}, 16),
    ],
)
def test_an_applied_steps_helper_in_another_file_edited_is_dbn025(
    root: Path, files: dict[str, str], line: int
) -> None:
    adopted_repo(root, {LIST: APPLIED, OTHER: HELPERS}, CONFIG)
    code, _found, errors = _gate(root, files)
    assert code == 1
    assert errors == [f"DBN025@{LIST}:{line}"]


def test_a_helper_file_edited_elsewhere_is_no_dbn025(root: Path) -> None:
    """An edit of the package that leaves every applied step's SQL as it
    was (a new helper, a comment) is no edit of history."""
    adopted_repo(root, {LIST: APPLIED, OTHER: HELPERS}, CONFIG)
    extra = HELPERS + "\n// a comment\nfunc unused(tx *sql.Tx) error { return nil }\n"
    assert _gate(root, {OTHER: extra})[:2] == (0, [])


FORMAT = "package database\n\nconst createTableFmt = `CREATE TABLE %q (id bigserial primary key)`\n"


@pytest.mark.parametrize(
    ("name", "found"), [("FeedStats", [("DBN101", "FeedStats", 14)]), ("feed_stats", [])]
)
def test_a_new_format_constant_in_another_file_is_read_at_its_call(
    root: Path, name: str, found: list[tuple[str, str, int]]
) -> None:
    """G2: the constant (new in fmts.go) and the step using it: judged at the
    call, no DBN004 at the constant."""
    adopted_repo(root, {LIST: HEAD + TAIL}, CONFIG)
    step = _step(f'_, err = tx.Exec(fmt.Sprintf(createTableFmt, "{name}"))\n\t\treturn err')
    files = {LIST: HEAD + step + TAIL, "internal/database/fmts.go": FORMAT}
    code, got, errors = _gate(root, files)
    assert (code, got) == (1 if found else 0, found)
    assert not [e for e in errors if e.startswith("DBN004")]


def test_a_new_format_constant_used_at_run_time_is_dbn013_not_dbn004(root: Path) -> None:
    """G2 with a variable filling the verb: not read (DBN013), not a DBN004."""
    adopted_repo(root, {LIST: HEAD + TAIL}, CONFIG)
    step = _step('t := "x"\n\t\t_, err = tx.Exec(fmt.Sprintf(createTableFmt, t))\n\t\treturn err')
    files = {LIST: HEAD + step + TAIL, "internal/database/fmts.go": FORMAT}
    code, got, errors = _gate(root, files)
    assert (code, got) == (1, [])
    assert errors == [f"DBN013@{LIST}:15"]
