"""sql-migrate files read as sql-migrate reads them (trial s24 nakama).

The oracle is a port of sql-migrate's own splitter
(tests/sql_migrate_splitter.py, from the ``sqlparse.go`` nakama vendors),
whose statements run on real PostgreSQL; the gate runs on real git.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import pg_server
from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo, write_files
from sql_migrate_splitter import Refused, parse_migration

#: Files sql-migrate reads otherwise than a loose reader (name -> text).
FILES = {
    # `-- +migrate down` is no command there: the table is made going up.
    "20230101000000-lower-down.sql": (
        "-- +migrate Up\nCREATE TABLE good_names (id INT PRIMARY KEY);\n\n"
        '-- +migrate down\nCREATE TABLE "SneakyTbl" (id INT PRIMARY KEY);\n'
    ),
    # Look-alikes of `-- +migrate Down` it does not take, and two it does.
    "20230102000000-variants.sql": (
        "-- +migrate Up\nCREATE TABLE first_ones (id INT PRIMARY KEY);\n"
        '--  +migrate Down\nCREATE TABLE "TwoBlanks" (id INT PRIMARY KEY);\n'
        ' -- +migrate Down\nCREATE TABLE "IndentedDown" (id INT PRIMARY KEY);\n'
        '-- +Migrate Down\nCREATE TABLE "CapitalDown" (id INT PRIMARY KEY);\n'
        '--+migrate Down\nCREATE TABLE "GluedDown" (id INT PRIMARY KEY);\n'
        '-- +migrate Down notransaction\nCREATE TABLE "RealDown" (id INT PRIMARY KEY);\n'
        "-- +migrate  Up\nCREATE TABLE second_up (id INT PRIMARY KEY);\n"
    ),
    # Text before the first `Up` never runs.
    "20230103000000-preamble.sql": (
        'CREATE TABLE "Preamble" (id INT PRIMARY KEY);\n-- +migrate Up\n'
        "CREATE TABLE after_up (id INT PRIMARY KEY);\n-- +migrate Down\nDROP TABLE after_up;\n"
    ),
}
#: Files sql-migrate refuses: the last statement without `;`, no annotation
#: as it takes one.
UNENDED = (
    "20230104000000-unended.sql",
    "-- +migrate Up\nCREATE TABLE other_things (id INT PRIMARY KEY);\n"
    'CREATE TABLE "NeverMade" (id INT PRIMARY KEY)\n',
)
#: An indented comment after the last statement is statement text to it.
TRAILING_COMMENT = (
    "20230106000000-trailing.sql",
    '-- +migrate Up\nCREATE TABLE "Trailing" (id INT PRIMARY KEY);\n  -- done\n',
)
NO_ANNOTATION = (
    "20230105000000-plain.sql",
    '-- +migrate up\nCREATE TABLE "LowerUp" (id INT PRIMARY KEY);\n',
)


def _oracle_statements(files: dict[str, str]) -> list[str]:
    out: list[str] = []
    for _name, text in sorted(files.items()):
        out += parse_migration(text)[0]
    return out


def _inspect_tables(root: Path) -> set[str]:
    result = CliRunner().invoke(
        cli, ["inspect", "--format", "json", "--dialect", "postgres", str(root / "migrations")]
    )
    data = json.loads(result.output)
    return {o["name"] for o in data["objects"] if o["kind"] == "table"}


def _check_the_port() -> None:
    """The port's answers on the cases (read against sqlparse.go 131-235)."""
    up, down = parse_migration(FILES["20230101000000-lower-down.sql"])
    assert len(up) == 2 and down == []
    up, down = parse_migration(FILES["20230102000000-variants.sql"])
    assert [s.strip().split("\n")[-1][:24] for s in up] == [
        "CREATE TABLE first_ones ",
        'CREATE TABLE "TwoBlanks"',
        'CREATE TABLE "IndentedDo',
        'CREATE TABLE "CapitalDow',
        'CREATE TABLE "GluedDown"',
        "CREATE TABLE second_up (",
    ]
    assert len(down) == 1
    for refused in (UNENDED, NO_ANNOTATION, TRAILING_COMMENT):
        with pytest.raises(Refused):
            parse_migration(refused[1])


def test_postgresql_ends_with_the_tables_dbnamelint_models(
    tmp_path: Path, pg: pg_server.PgServer
) -> None:
    _check_the_port()
    write_files(tmp_path, {f"migrations/{n}": t for n, t in FILES.items()})
    with pg.fresh_database("sqlmigrate_tables") as db:
        for statement in _oracle_statements(FILES):
            pg.run(sql=statement, dbname=db)
        rows = pg.query_json(
            "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'", dbname=db
        )
    made = {r["t"] for r in rows}
    assert made == {
        "good_names",
        "SneakyTbl",
        "first_ones",
        "TwoBlanks",
        "IndentedDown",
        "CapitalDown",
        "GluedDown",
        "second_up",
        "after_up",
    }
    assert _inspect_tables(tmp_path) == made


def test_look_alike_markers_are_said_and_refused_files_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_files(
        tmp_path,
        {
            f"migrations/{n}": t
            for n, t in [*FILES.items(), UNENDED, NO_ANNOTATION, TRAILING_COMMENT]
        },
    )
    result = CliRunner().invoke(cli, ["check", "--dialect", "postgres", "migrations"])
    out = result.output
    assert (
        "migrations/20230101000000-lower-down.sql:4:1: DBN000 warning: '-- +migrate down' is "
        "no sql-migrate annotation: sql-migrate takes only '-- +migrate Down' written exactly "
        "so at column 0" in out
    ), out
    variants = "migrations/20230102000000-variants.sql"
    for line in (3, 5, 7, 9):
        assert f"{variants}:{line}:1: DBN000 warning:" in out, out
    assert f"{variants}:11:1: DBN000" not in out and f"{variants}:13:1: DBN000" not in out
    assert (
        "migrations/20230104000000-unended.sql:3:1: DBN001 error: sql-migrate refuses this file"
        in out
    ), out
    assert (
        "migrations/20230105000000-plain.sql:1:1: DBN004 error: no '-- +migrate Up' or "
        "'-- +migrate Down' annotation as sql-migrate takes one" in out
    ), out
    assert (
        "migrations/20230106000000-trailing.sql:3:1: DBN001 error: sql-migrate refuses this "
        "file" in out
    ), out
    assert 'table "SneakyTbl"' in out and 'table "Preamble"' not in out
    assert "Trailing" not in out.replace("trailing.sql", "")
    assert "NeverMade" not in out and "LowerUp" not in out and "RealDown" not in out
    assert result.exit_code == 1


BASE = {"20230101000000-base.sql": "-- +migrate Up\nCREATE TABLE good_names (id INT);\n"}
SNEAK = {
    "migrations/20230201000000-sneak.sql": (
        "-- +migrate Up\nCREATE TABLE more_names (id INT);\n\n"
        '-- +migrate down\nCREATE TABLE "SneakyTbl" (id INT);\n'
    )
}


def _gate_repo(root: Path) -> None:
    write_files(root, {f"migrations/{n}": t for n, t in BASE.items()})
    write_files(root, {"dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n"})
    init_repo(root, "init")
    write_files(root, SNEAK)


def test_check_base_refuses_the_lower_case_down_bypass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _gate_repo(tmp_path)
    commit_all(tmp_path, "sneak")
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD~1"])
    assert result.exit_code == 1, result.output
    assert 'migrations/20230201000000-sneak.sql:5:14: DBN101 table "SneakyTbl"' in result.output


def test_the_hook_refuses_the_lower_case_down_bypass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _gate_repo(tmp_path)
    git(tmp_path, "add", "-A")
    new = "migrations/20230201000000-sneak.sql"
    result = CliRunner().invoke(cli, ["check", "--pre-commit", new])
    assert result.exit_code == 1, result.output
    assert f'{new}:5:14: DBN101 table "SneakyTbl"' in result.output, result.output


#: Three files of one version: sql-migrate runs them by name as bytes
#: (upper-case first, `-10` before `-2`); each renames what the one before made.
SAME_VERSION = {
    "20230301000000-x-2.sql": (
        "-- +migrate Up\nALTER TABLE second_tbl RENAME TO third_tbl;\n"
        "-- +migrate Down\nALTER TABLE third_tbl RENAME TO second_tbl;\n"
    ),
    "20230301000000-X-3.sql": (
        "-- +migrate Up\nCREATE TABLE first_tbl (id INT);\n"
        "-- +migrate Down\nDROP TABLE first_tbl;\n"
    ),
    "20230301000000-x-10.sql": (
        "-- +migrate Up\nALTER TABLE first_tbl RENAME TO second_tbl;\n"
        "-- +migrate Down\nALTER TABLE second_tbl RENAME TO first_tbl;\n"
    ),
    "20230201000000-base.sql": "-- +migrate Up\nCREATE TABLE base_tbl (id INT);\n",
}


def _less(a: str, b: str) -> int:
    """A port of migrate.go's ``Migration.Less`` (lines 126-136) as a cmp."""
    import re

    ma, mb = re.match(r"^(\d+).*$", a), re.match(r"^(\d+).*$", b)
    if ma and mb and int(ma.group(1)) != int(mb.group(1)):
        return -1 if int(ma.group(1)) < int(mb.group(1)) else 1
    if ma and not mb:
        return -1
    if mb and not ma:
        return 1
    ab, bb = a.encode(), b.encode()
    return (ab > bb) - (ab < bb)


def test_files_of_one_version_run_in_sql_migrates_order_on_postgresql(
    tmp_path: Path, pg: pg_server.PgServer
) -> None:
    from functools import cmp_to_key

    write_files(tmp_path, {f"migrations/{n}": t for n, t in SAME_VERSION.items()})
    order = sorted(SAME_VERSION, key=cmp_to_key(_less))
    assert order[1:] == [
        "20230301000000-X-3.sql",
        "20230301000000-x-10.sql",
        "20230301000000-x-2.sql",
    ]
    with pg.fresh_database("sqlmigrate_order") as db:
        for name in order:
            for statement in parse_migration(SAME_VERSION[name])[0]:
                pg.run(sql=statement, dbname=db)
        rows = pg.query_json(
            "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'", dbname=db
        )
    made = {r["t"] for r in rows}
    assert made == {"base_tbl", "third_tbl"}
    assert _inspect_tables(tmp_path) == made


def test_one_version_in_two_sql_migrate_files_is_an_ordered_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """nakama's 20230222172540-purchases-not-null-uid-{1,2}.sql: legal there."""
    monkeypatch.chdir(tmp_path)
    write_files(tmp_path, {f"migrations/{n}": t for n, t in SAME_VERSION.items()})
    result = CliRunner().invoke(cli, ["check", "--dialect", "postgres", "migrations"])
    assert result.exit_code == 0, result.output
    assert "DBN016 warning" not in result.output, result.output
    result = CliRunner().invoke(cli, ["check", "--dialect", "postgres", "--verbose", "migrations"])
    assert (
        "migrations/20230301000000-x-10.sql:1:1: DBN016 info: migration version "
        "20230301000000 is also migrations/20230301000000-X-3.sql's: sql-migrate runs both, "
        "each recorded by its file name, in its order (the version, then the whole file name "
        "byte by byte): migrations/20230301000000-X-3.sql, then "
        "migrations/20230301000000-x-10.sql" in result.output
    ), result.output
    assert "the order between the two is a guess" not in result.output
