"""A Go migration list's steps that take their DDL from elsewhere in the
package, as trial confirm35 (miniflux) wrote them.

- G3: ``tx.Exec(fmt.Sprintf(createTableFmt, "FeedStats"))`` whose format
  ``const`` lives in another ``.go`` file of the list's package passed the
  hook and ``check --base`` (no DBN013, the table not in the model): the list
  reader used the list file's own constants only.
- L1/L2: a new step ``return createSimpleTable(tx, "FeedStats")`` calling a
  helper of the package that builds its DDL from its parameter passed too;
  with the helper in the list file, one ``ignore[DBN013]`` at the helper
  accepted every future caller whatever name it passed.

Oracles: real git (what the change adds); Go's ``fmt.Sprintf`` puts the n-th
argument in the n-th verb, ``%q`` Go-quoted; a call binds the helper's
parameters to its arguments, so the runner creates the name the call passes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_json
from git_helpers import adopted_repo, git, git_workdir

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

LIST = "internal/database/migrations.go"
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
HELPER_FILE = """package database

import (
\t"database/sql"
\t"fmt"
)

{ignore}func createSimpleTable(tx *sql.Tx, name string) error {
\t_, err := tx.Exec(fmt.Sprintf(`CREATE TABLE %q (id bigserial primary key)`, name))
\treturn err
}
"""
FORMAT_FILE = """package database

const createTableFmt = `CREATE TABLE %q (id bigserial primary key)`
"""
ACCEPT = "// dbnamelint: ignore[DBN013] reviewed: callers pass literal snake_case names\n"


def _step(body: str) -> str:
    return f"\tfunc(tx *sql.Tx) (err error) {{\n\t\t{body}\n\t}},\n"


def _repo(root: Path, files: dict[str, str]) -> None:
    adopted_repo(root, files, f"paths: [{LIST}]\ndialect: postgres\n")


def _gate(root: Path, text: str) -> tuple[int, list[tuple[str, str, int]], list[str]]:
    """(exit code, failing (code, name, line), diagnostics' codes) of the
    hook's run of the list edited to ``text``; ``check --base`` agrees."""
    (root / LIST).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    code, found, diagnostics = check_json("--pre-commit", "--verbose")
    assert check_json("--base", "HEAD", "--verbose")[:2] == (code, found)
    return code, [(c, n, line) for c, n, _, line, _ in found], [str(d["code"]) for d in diagnostics]


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return git_workdir(tmp_path / "app", monkeypatch)


def test_a_format_const_of_another_file_of_the_package_is_read(root: Path) -> None:
    """G3: the step's table is judged (and in the model), at the call."""
    _repo(root, {LIST: HEAD + TAIL, "internal/database/fmts.go": FORMAT_FILE})
    step = _step('_, err = tx.Exec(fmt.Sprintf(createTableFmt, "FeedStats"))\n\t\treturn err')
    code, found, _ = _gate(root, HEAD + step + TAIL)
    assert (code, sorted(found)) == (1, [("DBN101", "FeedStats", 14)])
    # the well-named one passes: read, not merely refused
    good = _step('_, err = tx.Exec(fmt.Sprintf(createTableFmt, "feed_stats"))\n\t\treturn err')
    assert _gate(root, HEAD + good + TAIL)[:2] == (0, [])


@pytest.mark.parametrize("where", ["helpers.go", "list"])
def test_a_new_step_calling_a_dynamic_helper_is_read_with_its_arguments(
    root: Path, where: str
) -> None:
    """L1 (helper in another file) and L2 (in the list file, accepted once
    with ignore[DBN013]): the call's literal name is the table it makes."""
    helper = HELPER_FILE.replace("{ignore}", ACCEPT)
    base_step = _step('return createSimpleTable(tx, "feed_icons")')
    if where == "list":
        body = helper.split(")\n\n", 1)[1]  # the helper without its package and imports
        head = HEAD + base_step
        _repo(root, {LIST: head + TAIL + "\n" + body})
        # the helper's acceptance is moot now its calls are read: not an
        # unused suppression (DBN020) failing the committed tree
        code, found, said = check_json("--verbose")
        assert (code, found) == (0, []), said
        assert "DBN020" not in [d["code"] for d in said]
        text = head + _step('return createSimpleTable(tx, "FeedStats")') + TAIL + "\n" + body
    else:
        head = HEAD + base_step
        _repo(root, {LIST: head + TAIL, "internal/database/helpers.go": helper})
        text = head + _step('return createSimpleTable(tx, "FeedStats")') + TAIL
    code, found, _ = _gate(root, text)
    assert (code, sorted(found)) == (1, [("DBN101", "FeedStats", 17)])


def test_a_helper_call_with_an_unknown_argument_is_refused_at_the_call(root: Path) -> None:
    """Not read (a variable fills it): the new call is DBN013, which the
    helper's own acceptance does not cover; one at the call does."""
    helper = HELPER_FILE.replace("{ignore}", ACCEPT)
    _repo(root, {LIST: HEAD + TAIL, "internal/database/helpers.go": helper})
    step = _step('name := "FeedStats"\n\t\treturn createSimpleTable(tx, name)')
    code, found, said = _gate(root, HEAD + step + TAIL)
    assert (code, found) == (1, [])
    assert "DBN013" in said
    accepted = _step(
        'name := "feed_stats"\n\t\t' + ACCEPT.strip() + "\n\t\treturn createSimpleTable(tx, name)"
    )
    assert _gate(root, HEAD + accepted + TAIL)[:2] == (0, [])


MOVED = "internal/database/migrations_pg.go"


def test_a_list_file_renamed_with_its_steps_is_no_deletion(root: Path) -> None:
    """I1: ``git mv`` of the list's file, ``paths:`` updated, content the
    same: the runner counts steps, not files. An info note names the move;
    a step rewritten on the way is still DBN025, at the new file."""
    text = HEAD + _step("return nil") + TAIL
    _repo(root, {LIST: text})
    git(root, "mv", LIST, MOVED)
    (root / "dbnamelint.yaml").write_text(f"paths: [{MOVED}]\ndialect: postgres\n")
    git(root, "add", "-A")
    for run in (("--pre-commit",), ("--base", "HEAD")):
        code, found, said = check_json(*run, "--verbose")
        assert (code, found) == (0, []), said
        notes = [d for d in said if d["code"] == "DBN025"]
        assert [(d["severity"], d["path"]) for d in notes] == [("info", MOVED)], said
        assert LIST in str(notes[0]["message"])
    # the same move with its applied step rewritten: refused at the new file
    (root / MOVED).write_text(text.replace("feeds", "feed_items"), encoding="utf-8")
    git(root, "add", "-A")
    code, found, said = check_json("--pre-commit", "--verbose")
    errors = [(d["code"], d["path"]) for d in said if d["severity"] == "error"]
    assert code == 1
    assert ("DBN025", MOVED) in errors, said


def test_the_forward_file_pastes_into_a_go_raw_string_step(root: Path) -> None:
    """The ``-o`` file of a Go list's rename (README: paste its statements as
    a new step at the list's end) holds no backtick: its last comment's
    ``\\`dbnamelint migrate\\``` ended a Go raw string early (trial confirm35).
    Pasted into ``tx.Exec(`...`)``, Go's string reader takes the whole file
    as the one literal, and the model reads the step: the renames are made."""
    from click.testing import CliRunner

    from dbnamelint.cli import cli
    from dbnamelint.go_calls import GO_STRING

    legacy = _step(
        "_, err = tx.Exec(`CREATE TABLE acme_cache (key text primary key, data text);\n"
        "\t\t\tCREATE INDEX acme_cache_data_idx ON acme_cache (data)`)\n\t\treturn err"
    )
    _repo(root, {LIST: HEAD + legacy + TAIL})
    done = CliRunner().invoke(
        cli, ["migrate", "--phase", "1", "--no-transaction", "-o", "fwd.sql", "--no-cache"]
    )
    assert done.exit_code == 0, done.output
    forward = (root / "fwd.sql").read_text(encoding="utf-8")
    assert "ALTER TABLE" in forward
    assert "`" not in forward
    text = HEAD + legacy + _step(f"_, err = tx.Exec(`{forward}`)\n\t\treturn err") + TAIL
    opening = text.index("tx.Exec(`" + forward[:20]) + len("tx.Exec(")
    literal = GO_STRING.match(text, opening)
    assert literal is not None and literal.group() == f"`{forward}`"
    (root / LIST).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["inspect", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "table acme_caches  (was acme_cache)" in result.output
    assert "index acme_caches_data_idx  (was acme_cache_data_idx)" in result.output


def test_a_helper_built_from_more_than_its_parameters_keeps_its_note(root: Path) -> None:
    """A helper whose DDL a package variable completes (not its parameter)
    is read where it stands, as before: its acceptance there still holds."""
    helper = (
        "\nvar suffix = computeSuffix()\n\n"
        + ACCEPT
        + "func createSuffixed(tx *sql.Tx, name string) "
        "error {\n\t_, err := tx.Exec(fmt.Sprintf(`CREATE TABLE t_%s (id int)`, suffix))\n"
        "\treturn err\n}\n"
    )
    text = HEAD + _step('return createSuffixed(tx, "feed_stats")') + TAIL + helper
    _repo(root, {LIST: HEAD + TAIL + helper})
    code, found, said = _gate(root, text)
    assert (code, found) == (0, []), said


def test_an_applied_steps_helper_argument_edited_is_dbn025(root: Path) -> None:
    """The step's SQL is what its call makes: renaming the table an applied
    call passes is an edit of applied history, as editing its literal SQL."""
    body = HELPER_FILE.replace("{ignore}", "").split(")\n\n", 1)[1]
    text = HEAD + _step('return createSimpleTable(tx, "feed_icons")') + TAIL + "\n" + body
    _repo(root, {LIST: text})
    (root / LIST).write_text(text.replace('"feed_icons"', '"feed_icon_sets"'), encoding="utf-8")
    git(root, "add", "-A")
    code, _found, said = check_json("--pre-commit", "--verbose")
    assert code == 1
    assert ("DBN025", 13) in [(d["code"], d["line"]) for d in said if d["severity"] == "error"]
