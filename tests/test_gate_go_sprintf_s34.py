"""Go ``fmt.Sprintf`` DDL in application code, as trial s34 (listmonk) wrote it.

- A multi-line ``const`` format filled by ``fmt.Sprintf(createAudit,
  auditTable)`` was laid at the call line by line, over the lines below: the
  next string's ``CREATE TABLE IF NOT EXISTS audit_event (...)`` was garbled
  (``DBN005 unrecognised statement starting with 'ID'``) and its singular
  name never judged; with quoted names the gate failed on ``DBN004``/``DBN001``
  tokenizer errors instead of the names.
- ``fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s (...)`, "audit_log")``, a
  literal format with a literal argument, was only a ``DBN013`` note, though
  the same call of a ``const`` format was read.

Oracles: real git (what the change adds); ``fmt.Sprintf`` puts the n-th
argument in the n-th verb; the names are those the statements create.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_json
from git_helpers import adopted_repo, git, git_workdir

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

AUDIT = "internal/audit/audit.go"
MULTI_LINE = """package audit

import "fmt"

const auditTable = "audit_logs"
const createAudit = `CREATE TABLE IF NOT EXISTS %s (
\tid BIGSERIAL PRIMARY KEY, -- the key
\tactor_id INT NULL,
\tcreated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
)`

func Init(db *sqlx.DB) error {
\tif _, err := db.Exec(fmt.Sprintf(createAudit, auditTable)); err != nil {
\t\treturn err
\t}
\t_, err := db.Exec(`CREATE TABLE IF NOT EXISTS {next} (
\t\tid BIGSERIAL PRIMARY KEY,
\t\t{column} TEXT NOT NULL
\t)`)
\treturn err
}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = git_workdir(tmp_path / "app", monkeypatch)
    adopted_repo(
        root,
        {"schema.sql": "CREATE TABLE subscribers (id int);\n"},
        "paths: [schema.sql]\ndialect: postgres\n",
    )
    return root


def _gate(root: Path, text: str) -> tuple[int, list[tuple[str, str, int]], list[str]]:
    """(exit code, failing (code, name, line), diagnostics' codes) of the hook's run."""
    (root / AUDIT).parent.mkdir(parents=True, exist_ok=True)
    (root / AUDIT).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    code, found, diagnostics = check_json("--pre-commit", "--verbose")
    assert check_json("--base", "HEAD", "--verbose")[:2] == (code, found)
    return code, [(c, n, line) for c, n, _, line, _ in found], [str(d["code"]) for d in diagnostics]


@pytest.mark.parametrize(
    ("first", "next_table", "column", "expected"),
    [
        (
            "audit_logs",
            "audit_event",
            "kind",
            [("DBN105", "audit_event", 16)],
        ),
        (
            "audit_logs",
            '"AuditEvent"',
            '"eventKind"',
            [
                ("DBN101", "AuditEvent", 16),
                ("DBN105", "AuditEvent", 16),
                ("DBN201", "eventKind", 18),
            ],
        ),
        # the format's own statement, filled in, judged too
        ("audit_log", "audit_events", "kind", [("DBN105", "audit_log", 13)]),
    ],
    ids=["singular-after", "quoted-after", "format-itself"],
)
def test_a_multi_line_format_leaves_the_next_string_whole(
    repo: Path, first: str, next_table: str, column: str, expected: list[tuple[str, str, int]]
) -> None:
    text = (
        MULTI_LINE.replace('"audit_logs"', f'"{first}"')
        .replace("{next}", next_table)
        .replace("{column}", column)
    )
    code, found, said = _gate(repo, text)
    assert (code, sorted(found)) == (1, sorted(expected))
    assert not {"DBN001", "DBN004", "DBN005"} & set(said), said


LITERAL = """package audit

import "fmt"

func Init(db *sqlx.DB, name string) error {
\t_, err := db.Exec(fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s (id BIGSERIAL, %s TEXT)`, {args}))
\treturn err
}
"""


def test_a_literal_format_with_literal_arguments_is_read(repo: Path) -> None:
    code, found, said = _gate(repo, LITERAL.replace("{args}", '"audit_log", "kind"'))
    assert (code, found) == (1, [("DBN105", "audit_log", 6)])
    assert "DBN013" not in said
    code, found, said = _gate(repo, LITERAL.replace("{args}", '"audit_logs", "\\"Kind\\""'))
    assert (code, found) == (1, [("DBN201", "Kind", 6)])


def test_a_literal_format_with_a_variable_keeps_its_note(repo: Path) -> None:
    """Not read (a variable fills it): DBN013, which the gate refuses in
    code a change adds (app code, session 34)."""
    code, found, said = _gate(repo, LITERAL.replace("{args}", 'name, "kind"'))
    assert (code, found, said) == (1, [], ["DBN013"])
