"""``whitelist add table:LinkComments``: the ``KIND:name`` form is the name with ``--kind``.

Trial s43 (LinkAce): ``whitelist add table:LinkComments`` said ``no object of
that name in the files read``, exit 2, though ``whitelist add LinkComments``
worked. ``KIND:pattern`` is how the config's ``database_ignore:`` and ``drift
--ignore-table`` name an object of a kind (docs/live.md: "``table:x`` is
``x``"), so ``whitelist add`` takes it too (docs/whitelist.md). The entry
written is the one ``--kind table LinkComments`` writes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.exitcodes import ExitCode

SCHEMA = (
    'CREATE TABLE "LinkComments" (id int, "noteId" int);\n'
    'CREATE TABLE "table:odd" (id int);\n'
    'CREATE INDEX "LinkComments" ON "LinkComments" (id);\n'
)


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001-init.sql").write_text(SCHEMA)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["whitelist", "add", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_kind_colon_name_is_the_name_with_kind(tree: Path) -> None:
    """Before: exit 2, 'no object of that name in the files read'."""
    code, out, err = _run("--kind", "table", "LinkComments", "--dry-run")
    assert code == ExitCode.OK, err
    code, prefixed, err = _run("table:LinkComments", "--dry-run")
    assert code == ExitCode.OK, err
    assert (
        prefixed
        == out
        == "would add table LinkComments (DBN101) to whitelist.yaml; "
        + ("nothing written (--dry-run)\n")
    )
    code, out, err = _run("column:LinkComments.noteId")
    assert code == ExitCode.OK, err
    assert out.startswith("added column LinkComments.noteId (DBN201)")
    # a name that really holds the colon is found under it first
    code, out, err = _run("table:odd", "--dry-run")
    assert code == ExitCode.OK, err
    assert out.startswith("would add table table:odd (DBN101)")


def test_a_kind_the_option_contradicts_is_refused(tree: Path) -> None:
    code, _, err = _run("table:LinkComments", "--kind", "column")
    assert code == ExitCode.USAGE
    assert "OBJECT 'table:LinkComments' says the kind 'table' and --kind says 'column'" in err
    assert not (tree / "whitelist.yaml").exists()
