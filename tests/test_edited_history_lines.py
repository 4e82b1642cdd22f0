"""``DBN025`` is located at the edited line, whatever sqlglot's line count says.

Trial s36 kestra: sqlglot's PostgreSQL tokenizer counts lines wrong after a
``$1`` parameter (``SELECT $1\\n\\nSELECT 9;``: its last token on line 5 of
3), so an edit appended to ``V1_27__escape_fulltext.sql`` (12 lines, ``$1``
and ``$2``) was reported at line 24, and one after ``V1_1__initial.sql``'s
465 lines at 507. The line is now the edited token's offset in the file's
text; the oracle is the file itself (where the test writes the edit).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, write_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FUNCTIONS = (
    "CREATE FUNCTION f(int) RETURNS int LANGUAGE SQL\n"
    "    RETURN $1;\n"
    "CREATE FUNCTION g(int, int) RETURNS int LANGUAGE SQL\n"
    "    RETURN $1 + $2;\n"
    "\n"
    "CREATE TABLE t (id int);\n"
)


def _dbn025_lines() -> list[tuple[str, int]]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD", "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    return [(d["path"], d["line"]) for d in report["diagnostics"] if d["code"] == "DBN025"]


def _first_changed_line(before: str, after: str) -> int:
    """The edit's line, read off the two texts (the oracle)."""
    old, new = before.splitlines(), after.splitlines()
    return next(
        (n for n, (a, b) in enumerate(zip(old, new, strict=False), start=1) if a != b), len(old) + 1
    )


@pytest.mark.parametrize(
    "edited",
    [
        FUNCTIONS + "CREATE TABLE u (id int);\n",  # appended after the parameters
        FUNCTIONS.replace("CREATE TABLE t", "CREATE TABLE tt"),  # edited below them
        FUNCTIONS.replace("$1 + $2", "$2 + $1"),  # the parameters' own line
    ],
)
def test_an_edit_after_postgres_parameters_is_located_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edited: str
) -> None:
    root = tmp_path / "repo"
    path = "db/migration/V1__a.sql"
    committed_repo(root, {path: FUNCTIONS, "dbnamelint.yaml": "dialect: postgres\n"}, monkeypatch)
    write_files(root, {path: edited})
    assert _dbn025_lines() == [(path, _first_changed_line(FUNCTIONS, edited))]
