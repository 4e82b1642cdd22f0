"""A new call of a committed Python helper whose DDL its parameters complete is judged.

Trial s40 authelia H4c (the Python side of H4): a committed ``def
rename_table(cur, old, new): cur.execute(f"ALTER TABLE {old} RENAME TO
{new}")`` is one ``DBN013`` note where it stands, so a change adding
``rename_table(cur, "users", "BadUsers")`` passed ``check --base``. Each call
of a module-level function of the file, or of one imported by name from a
module of the project, is now read as the statements the helper makes with
its parameters bound to the call's string literals, laid at the call; an
argument that is no literal is ``DBN013``'s refusal.

Oracle: real git for the gate; the statement is the one Python's f-string
makes (checked against Python itself below).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, git, git_workdir

DB = (
    "def rename_table(cur, old, new):\n"
    '    cur.execute(f"ALTER TABLE {old} RENAME TO {new}")\n\n\n'
    "def make_table(cur, name):\n"
    '    cur.execute("CREATE TABLE " + name + " (id int)")\n\n\n'
    "def cache_key(table):\n"
    '    return f"app:{table}"\n'
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = git_workdir(tmp_path / "project", monkeypatch)
    adopted_repo(
        root,
        {
            "migrations/001_init.sql": "CREATE TABLE users (id int);\n",
            "app/__init__.py": "",
            "app/db.py": DB,
        },
        "paths: [migrations]\ndialect: postgres\n",
    )
    return root


def _gate(root: Path, files: dict[str, str]) -> tuple[int, str]:
    for name, text in files.items():
        (root / name).write_text(text)
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_the_statement_is_pythons() -> None:
    made: list[str] = []
    scope: dict[str, object] = {}
    exec(DB, scope)  # the helper as Python runs it

    class Cursor:
        def execute(self, sql: str) -> None:
            made.append(sql)

    scope["rename_table"](Cursor(), "users", "BadUsers")  # type: ignore[operator]
    assert made == ["ALTER TABLE users RENAME TO BadUsers"]


def test_an_imported_helper_called_with_a_bad_name_is_refused(project: Path) -> None:
    setup = (
        "from app.db import rename_table\n\n\n"
        'def setup(cur):\n    rename_table(cur, "users", "BadUsers")\n'
    )
    code, out = _gate(project, {"app/setup.py": setup})
    assert code == 1, out
    assert 'app/setup.py:5:33: DBN101 table "badusers"' in out, out


def test_a_helper_of_the_same_file_by_keyword_is_refused(project: Path) -> None:
    code, out = _gate(
        project,
        {"app/db.py": DB + '\n\ndef later(cur):\n    make_table(cur, name="BadMade")\n'},
    )
    assert code == 1, out
    assert 'app/db.py:14:26: DBN101 table "badmade"' in out, out  # its literal


def test_a_good_name_passes(project: Path) -> None:
    setup = (
        "from app.db import rename_table\n\n\n"
        'def setup(cur):\n    rename_table(cur, "users", "accounts")\n'
    )
    code, out = _gate(project, {"app/setup.py": setup})
    assert code == 0, out


def test_a_computed_argument_is_dbn013s_refusal(project: Path) -> None:
    setup = (
        "from app.db import rename_table\n\n\n"
        'def setup(cur, target):\n    rename_table(cur, "users", target)\n'
    )
    code, out = _gate(project, {"app/setup.py": setup})
    assert code == 1, out
    assert "app/setup.py:5:5: DBN013 error: this string's DDL (ALTER TABLE)" in out, out


def test_a_helper_making_no_ddl_is_no_helper(project: Path) -> None:
    setup = "from app.db import cache_key\n\nKEY = cache_key('BadKey')\n"
    code, out = _gate(project, {"app/setup.py": setup})
    assert code == 0, out


def test_an_invalid_format_spec_is_a_built_string_not_a_crash(project: Path) -> None:
    """``f"{X:{WIDTH}}"`` with ``WIDTH = "zz"`` raises in Python (``Unknown
    format code``); computing it raised here too, a traceback of the gate
    (found binding a helper's parameters to stand-ins): now it stays built."""
    boot = (
        'X = "a"\nWIDTH = "zz"\n\n\n'
        'def boot(cur):\n    cur.execute(f"CREATE TABLE t_{X:{WIDTH}} (id int)")\n'
    )
    with pytest.raises(ValueError, match="Unknown format code"):
        exec('X = "a"\nWIDTH = "zz"\nf"CREATE TABLE t_{X:{WIDTH}} (id int)"\n', {})
    code, out = _gate(project, {"app/boot.py": boot})
    assert code == 1, out
    assert "app/boot.py:6:19: DBN013 error" in out, out
