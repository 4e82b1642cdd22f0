"""The gate on transient names of several dialects' copies (trial s37 memos).

memos keeps one migration tree per dialect (``store/migration/{sqlite,mysql,
postgres}``) and writes every upgrade once for each; its full ``LATEST.sql``
replays after the upgrades and makes their tables again, so what an upgrade
adds is a transient name (:mod:`dbnamelint.services.transient`). The gate
judged the first copy of such a name only, under that copy's dialect: a
column ``"user"`` (a word PostgreSQL reserves and SQLite does not) added in
every dialect folder passed, and failed when added in the PostgreSQL folder
alone. Each catalog's copy is judged by its own dialect's rules, as the final
model's objects are.

Oracles: the same change made in one dialect's folder alone (what the gate
says of it there it must say with the other copies beside it), real git, the
real pre-commit run, and PostgreSQL's own keyword list (``pg_get_keywords``:
``user`` is reserved) with the upgrade run on it (the column is made).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import Failing
from check_json import check_json as _check
from git_helpers import adopted_repo, git, isolated_git_env
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

DIALECTS = ("sqlite", "postgres")
INIT = "CREATE TABLE things (id INT PRIMARY KEY, label TEXT);\n"
ADD = 'ALTER TABLE things ADD COLUMN "user" TEXT;\n'
# a full schema replayed after the upgrade, making the table again without it
FULL = "CREATE TABLE things (id INT PRIMARY KEY, label TEXT);\n"
#: Where PostgreSQL's copy writes the name (line 1, 1-based column).
AT = ("postgres/0.2/00__user.sql", 1, ADD.index('"user"') + 1)


def _repo(
    root: Path, monkeypatch: pytest.MonkeyPatch, dialects: tuple[str, ...] = DIALECTS
) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root.mkdir()
    monkeypatch.chdir(root)
    files = {}
    for dialect in dialects:
        files[f"{dialect}/0.1/00__init.sql"] = INIT
        files[f"{dialect}/LATEST.sql"] = FULL
    adopted_repo(root, files, f"paths: [{', '.join(dialects)}]\n")
    return root


def _add_upgrade(root: Path, dialects: tuple[str, ...]) -> None:
    for dialect in dialects:
        path = root / dialect / "0.2" / "00__user.sql"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ADD)


def _gate_and_hook(root: Path) -> tuple[tuple[int, list[Failing]], tuple[int, list[Failing]]]:
    code, found, _ = _check("--base", "HEAD")
    git(root, "add", "-A")
    hook_code, hook_found, _ = _check("--pre-commit")
    return (code, sorted(found)), (hook_code, sorted(hook_found))


def test_each_dialect_copy_of_a_transient_name_is_judged_by_its_dialect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = _repo(tmp_path / "alone", monkeypatch)
    _add_upgrade(alone, ("postgres",))
    expected = _gate_and_hook(alone)
    # the oracle's verdict: PostgreSQL's reserved word, at the upgrade's statement
    assert expected == ((1, [("DBN502", "user", *AT)]),) * 2
    both = _repo(tmp_path / "both", monkeypatch)
    _add_upgrade(both, DIALECTS)
    assert _gate_and_hook(both) == expected


def test_a_live_namesake_in_another_catalog_does_not_excuse_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite's full schema keeps the column (no rule of SQLite's judges it);
    # PostgreSQL's makes the table again without it
    root = _repo(tmp_path / "app", monkeypatch)
    _add_upgrade(root, DIALECTS)
    (root / "sqlite" / "LATEST.sql").write_text(
        'CREATE TABLE things (id INT PRIMARY KEY, label TEXT, "user" TEXT);\n'
    )
    expected = (1, [("DBN502", "user", *AT)])
    assert _gate_and_hook(root) == (expected, expected)


def test_postgres_reserves_the_word_and_the_upgrade_makes_the_column(pg: PgServer) -> None:
    """The verdict's grounds: ``user`` is a reserved keyword of PostgreSQL,
    and a database upgraded through ``0.2`` holds the column."""
    words = pg.query_json("SELECT word, catcode FROM pg_get_keywords() WHERE word = 'user'")
    assert words == [{"word": "user", "catcode": "R"}]
    name = "s37_transient_catalogs"
    pg.run(sql=f"DROP DATABASE IF EXISTS {name}")
    pg.run(sql=f"CREATE DATABASE {name}")
    try:
        pg.run(sql=INIT + ADD, dbname=name)
        made = pg.query_json(
            "SELECT attname FROM pg_attribute WHERE attnum > 0 AND NOT attisdropped "
            "AND attrelid = 'things'::regclass ORDER BY attnum",
            dbname=name,
        )
    finally:
        pg.run(sql=f"DROP DATABASE IF EXISTS {name}")
    assert [m["attname"] for m in made] == ["id", "label", "user"]


def test_each_copy_is_reported_at_its_own_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # memos' memo.BadCol: SQLite's copy is transient (its full schema makes
    # the table again without it); MySQL's full schema keeps the column, judged
    # there; both fold the name alike, and SQLite's copy went unreported
    dialects = ("sqlite", "mysql")
    bad = "ALTER TABLE things ADD COLUMN BadCol TEXT;\n"
    full = "CREATE TABLE things (id INT PRIMARY KEY, label TEXT, BadCol TEXT);\n"

    def change(root: Path, copies: tuple[str, ...]) -> None:
        for dialect in copies:
            (root / dialect / "0.2").mkdir()
            (root / dialect / "0.2" / "00__bad.sql").write_text(bad)
        if "mysql" in copies:
            (root / "mysql" / "LATEST.sql").write_text(full)

    alone = _repo(tmp_path / "alone", monkeypatch, dialects)
    change(alone, ("sqlite",))
    sqlite_copy = _gate_and_hook(alone)
    column = bad.index("BadCol") + 1
    assert sqlite_copy == ((1, [("DBN201", "BadCol", "sqlite/0.2/00__bad.sql", 1, column)]),) * 2
    both = _repo(tmp_path / "both", monkeypatch, dialects)
    change(both, dialects)
    at_full = ("DBN201", "BadCol", "mysql/LATEST.sql", 1, full.index("BadCol") + 1)
    expected = (1, sorted([*sqlite_copy[0][1], at_full]))
    assert _gate_and_hook(both) == (expected, expected)
