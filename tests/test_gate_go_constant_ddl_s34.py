"""Go DDL the code completes with constants is read by the gate (session 34).

A change adding ``db.Exec("CREATE TABLE " + tbl + " (id int)")`` with
``const tbl = "AuditLog"`` beside it, ``fmt.Sprintf("CREATE TABLE %q ...",
"AuditLog")``, ``fmt.Sprintf("ALTER TABLE %[2]s RENAME TO %[1]s", ...)`` or
``fmt.Sprint("CREATE TABLE ", tbl, ...)`` fixes every name in the source,
yet the gate only noted (``DBN013`` info) that the code completes it, or
read ``%q``'s quoted name unquoted; a new format constant read at each of
its calls still got a note of its own at its definition.

Oracle: the same statement written as a literal in the same place. Go's
constant ``+`` joins the strings; ``fmt`` puts the n-th argument in the
n-th verb, ``%[n]`` the n-th, ``%q`` Go-quotes a string (``strconv.Quote``),
``Sprint`` joins string operands with nothing between, ``Sprintln`` with a
space. Real git for what the change adds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_json
from git_helpers import adopted_repo, git, git_workdir

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

APP = "internal/store/store.go"
HEAD = 'package store\n\nimport (\n\t"database/sql"\n\t"fmt"\n)\n\n{consts}\n'
BODY = "func Make(db *sql.DB, name string) {\n\tdb.Exec({call})\n\t_ = fmt.Sprint\n}\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = git_workdir(tmp_path / "app", monkeypatch)
    adopted_repo(
        root,
        {"schema.sql": "CREATE TABLE subscribers (id int);\n"},
        "paths: [schema.sql]\ndialect: postgres\n",
    )
    return root


def _gate(root: Path, consts: str, call: str) -> tuple[int, list[tuple[str, str, int]], list[str]]:
    """(exit code, failing (code, name, line), diagnostics' codes) of the gate
    on a change adding :data:`APP` with ``consts`` and ``db.Exec(call)``."""
    (root / APP).parent.mkdir(parents=True, exist_ok=True)
    (root / APP).write_text(HEAD.replace("{consts}", consts) + BODY.replace("{call}", call))
    git(root, "add", "-A")
    code, found, diagnostics = check_json("--pre-commit", "--verbose")
    assert check_json("--base", "HEAD", "--verbose")[:2] == (code, found)
    # (sorted: a name a constant gives stands at its use, the literal's at itself)
    return (
        code,
        sorted((c, n, line) for c, n, _, line, _ in found),
        [str(d["code"]) for d in diagnostics],
    )


CASES = [
    # (constants, the call's argument, the statement it makes as a Go literal)
    (
        'const tbl = "audit_log"',
        '"CREATE TABLE " + tbl + " (id int)"',
        "CREATE TABLE audit_log (id int)",
    ),
    (
        'const tbl string = `"AuditLog"`',
        '"CREATE TABLE IF NOT EXISTS " + tbl',
        'CREATE TABLE IF NOT EXISTS \\"AuditLog\\"',
    ),
    (
        'const (\n\tother  = "kept"\n\ttbl    = "audit_log"\n)',
        '"CREATE TABLE " + tbl + " (id int)"',
        "CREATE TABLE audit_log (id int)",
    ),
    (
        'const (\n\ttbl = "audit_log"\n\tcol = "\\"KindOf\\""\n)',
        '"CREATE TABLE " + tbl +\n\t\t" (id int, " + col + " text)"',
        'CREATE TABLE audit_log (id int, \\"KindOf\\" text)',
    ),
    (
        'const fmtMake = "CREATE TABLE IF NOT EXISTS %s (id int)"',
        'fmt.Sprintf(fmtMake, "audit_log")',
        "CREATE TABLE IF NOT EXISTS audit_log (id int)",
    ),
    (
        "",
        'fmt.Sprintf("CREATE TABLE %q (id int)", "AuditLog")',
        'CREATE TABLE \\"AuditLog\\" (id int)',
    ),
    (
        "",
        'fmt.Sprintf("ALTER TABLE %[2]s RENAME TO %[1]s", "audit_log", "subscribers")',
        "ALTER TABLE subscribers RENAME TO audit_log",
    ),
    (
        'const tbl = "audit_log"',
        'fmt.Sprintf("CREATE TABLE %v (%s int)", tbl, "Id"+"x")',
        "CREATE TABLE audit_log (Idx int)",
    ),
    (
        'const tbl = "audit_log"',
        'fmt.Sprint("CREATE TABLE ", tbl, " (id int)")',
        "CREATE TABLE audit_log (id int)",
    ),
    (
        'const tbl = "audit_log"',
        'fmt.Sprintln("CREATE TABLE", tbl, "(id int)")',
        "CREATE TABLE audit_log (id int)",
    ),
]


@pytest.mark.parametrize(
    ("consts", "call", "literal"),
    CASES,
    ids=[
        "concat",
        "typed-raw-trailing",
        "grouped",
        "multi-line-concat",
        "new-format-const",
        "q-verb",
        "index-verbs",
        "v-verb-and-concat-arg",
        "sprint",
        "sprintln",
    ],
)
def test_a_statement_constants_complete_is_judged_as_its_literal(
    repo: Path, consts: str, call: str, literal: str
) -> None:
    # (the constants' lines blank: the call on the same line)
    expected = _gate(repo, "\n" * consts.count("\n"), f'"{literal}"')
    assert expected[0] == 1 and expected[1], expected  # the literal's names fail
    assert "DBN013" not in expected[2], expected
    assert _gate(repo, consts, call) == expected


def test_a_constant_in_another_file_of_the_package_is_read(repo: Path) -> None:
    (repo / "internal/store").mkdir(parents=True)
    (repo / "internal/store/names.go").write_text('package store\n\nconst tbl = "AuditLog"\n')
    code, found, said = _gate(repo, "", '"CREATE TABLE \\"" + tbl + "\\" (id int)"')
    assert (code, found) == (1, [("DBN101", "AuditLog", 10), ("DBN105", "AuditLog", 10)])
    assert "DBN013" not in said


@pytest.mark.parametrize(
    ("consts", "call"),
    [
        ("", '"CREATE TABLE " + name + " (id int)"'),
        ('const tbl = "audit_log"', '"CREATE TABLE " + tbl + name'),
        ("", 'fmt.Sprintf("CREATE TABLE %s (id int)", strings.ToLower(name))'),
        ("", 'fmt.Sprint("CREATE TABLE ", name, " (id int)")'),
        # a value the code completes: not its first literal alone
        ('var tbl = "audit_log" + suffix()', 'fmt.Sprintf("CREATE TABLE %s (id int)", tbl)'),
        ('const fmtMake = "CREATE TABLE %s (id int)"', "fmt.Sprintf(fmtMake, name)"),
        # a format constant also used unread keeps its own note
        (
            'const fmtMake = "CREATE TABLE %s (id int)"',
            'fmt.Sprintf(fmtMake, "audit_logs") + fmtMake',
        ),
    ],
    ids=[
        "variable",
        "variable-after-const",
        "call",
        "sprint-variable",
        "var-with-call",
        "format-const",
        "format-const-unread-use",
    ],
)
def test_a_name_the_code_builds_keeps_its_note(repo: Path, consts: str, call: str) -> None:
    """Not read: no name is judged; the DBN013 the added dynamic DDL gets is
    the gate's error (app code, session 34), so the change is refused."""
    code, found, said = _gate(repo, consts, call)
    assert (code, found) == (1, [])
    assert "DBN013" in said, said


LIST = """package database

import (
\t"database/sql"
\t"fmt"
)

const tbl = "audit_log"
const fmtMake = "CREATE TABLE %s (id int)"

var migrations = [...]func(tx *sql.Tx) error{
\tfunc(tx *sql.Tx) (err error) {
\t\t_, err = tx.Exec({first})
\t\treturn err
\t},
\tfunc(tx *sql.Tx) (err error) {
\t\t_, err = tx.Exec({second})
\t\treturn err
\t},
}
"""


def _list_check(root: Path, first: str, second: str) -> tuple[int, list[tuple[str, str, int, int]]]:
    (root / "db").mkdir(exist_ok=True)
    (root / "db/migrations.go").write_text(
        LIST.replace("{first}", first).replace("{second}", second)
    )
    code, found, said = check_json("db/migrations.go")
    assert "DBN013" not in {str(d["code"]) for d in said}, said
    return code, [(c, n, line, column) for c, n, _, line, column in found]


def test_a_go_list_step_constants_complete_is_read_as_its_literal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Go migration list named in ``paths:`` (check, not only the gate):
    its steps' names where the literal form has them, line and column."""
    root = git_workdir(tmp_path / "list", monkeypatch)
    (root / "dbnamelint.yaml").write_text("paths: [db/migrations.go]\ndialect: postgres\n")
    expected = _list_check(
        root, '"CREATE TABLE audit_log (id int)"', '"CREATE TABLE \\"SneakyFmt\\" (id int)"'
    )
    assert expected[0] == 1 and len(expected[1]) == 2, expected
    built = _list_check(
        root, '"CREATE TABLE " + tbl + " (id int)"', 'fmt.Sprintf(fmtMake, "\\"SneakyFmt\\"")'
    )
    # the Sprintf's statement is laid at the call: its name's line, not its column
    assert (built[0], [f[:3] for f in built[1]]) == (expected[0], [f[:3] for f in expected[1]])
    assert [f for f in built[1] if f[1] == "audit_log"] == [
        f for f in expected[1] if f[1] == "audit_log"
    ]


def test_a_committed_statement_moved_is_not_new(repo: Path) -> None:
    """A constant-completed statement the base held, on a line the change
    edits (re-indented), is not new: the base's reading of it is the same."""
    consts = 'const tbl = `"AuditLog"`'
    call = '"CREATE TABLE " + tbl + " (id int)"'
    assert _gate(repo, consts, call)[0] == 1
    git(repo, "commit", "-qm", "the statement")
    (repo / APP).write_text((repo / APP).read_text().replace("\tdb.Exec(", "\t  db.Exec("))
    git(repo, "add", "-A")
    code, found, _ = check_json("--pre-commit", "--verbose")
    assert (code, found) == (0, [])
