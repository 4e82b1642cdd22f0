"""A tree run by liamstask's goose (``bitbucket.org/liamstask/goose``) is read
as that goose runs it, not by pressly's rules.

The oracle: each file split by a port of liamstask's ``splitSQLStatements``
(:mod:`liamstask_splitter`, its Go source lines cited there), each statement
executed on its own (``txn.Exec(query)`` per statement,
``runSQLMigration``) on real MariaDB and SQLite; the tables they end with
are compared with what ``dbnamelint inspect`` models. What the gate does
with such a file comes from real git (``check --base``, the hook's
``check --pre-commit``).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo, write_files
from liamstask_splitter import NoAnnotations, split_sql_statements

DBCONF = "development:\n    driver: mysql\n    open: root@/app\n"
LIAMSTASK_MOD = (
    "module example.com/app\n\ngo 1.13\n\n"
    "require bitbucket.org/liamstask/goose v0.0.0-20150115234039-8488cc47d90c\n"
)
PRESSLY_MOD = "module example.com/app\n\ngo 1.22\n\nrequire github.com/pressly/goose/v3 v3.20.0\n"

#: Files liamstask reads otherwise than pressly (name -> text).
FILES = {
    # `-- +goose down` is no annotation there: the rename runs going up.
    "20230101000000_lower_down.sql": (
        "-- +goose Up\nCREATE TABLE good_names (id INT PRIMARY KEY);\n\n"
        "-- +goose down\nALTER TABLE good_names RENAME TO BadNames;\n"
    ),
    # An indented annotation, and one without the blank after `--`: comments.
    "20230102000000_indented.sql": (
        "-- +goose Up\nCREATE TABLE first_ones (id INT PRIMARY KEY);\n"
        "  -- +goose Down\nCREATE TABLE IndentedDown (id INT PRIMARY KEY);\n"
        "--+goose Down\nCREATE TABLE GluedDown (id INT PRIMARY KEY);\n"
        "-- +goose Down\nCREATE TABLE RealDown (id INT PRIMARY KEY);\n"
    ),
    # The last statement has no `;`: dropped unrun.
    "20230103000000_unended.sql": (
        "-- +goose Up\nCREATE TABLE other_things (id INT PRIMARY KEY);\n"
        "CREATE TABLE NeverMade (id INT PRIMARY KEY)\n"
    ),
    # Text before the first `Up` never runs; `Up` annotations may repeat.
    "20230104000000_before_up.sql": (
        "CREATE TABLE BeforeUp (id INT PRIMARY KEY);\n-- +goose Up\n"
        "CREATE TABLE after_up (id INT PRIMARY KEY);\n-- +goose Down\nDROP TABLE after_up;\n"
        "-- +goose Up\nCREATE TABLE second_up (id INT PRIMARY KEY);\n"
    ),
}
#: No annotation at all: liamstask stops with a fatal error.
NO_ANNOTATION = ("20230105000000_plain.sql", "CREATE TABLE NoAnnotation (id INT PRIMARY KEY);\n")


def _liamstask_tree(root: Path, files: dict[str, str], *, conf: str = "dbconf") -> None:
    extra = {"db/dbconf.yml": DBCONF} if conf == "dbconf" else {"go.mod": LIAMSTASK_MOD}
    write_files(root, {**extra, **{f"db/migrations/{n}": t for n, t in files.items()}})


def _inspect_tables(root: Path, dialect: str) -> set[str]:
    result = CliRunner().invoke(
        cli, ["inspect", "--format", "json", "--dialect", dialect, str(root / "db/migrations")]
    )
    data = json.loads(result.output)
    return {o["name"] for o in data["objects"] if o["kind"] == "table"}


def _oracle_statements(files: dict[str, str]) -> list[str]:
    out: list[str] = []
    for _name, text in sorted(files.items()):
        out += split_sql_statements(text)
    return out


def test_the_splitter_port_drops_and_keeps_what_the_go_code_does() -> None:
    """The port's answers on the cases (read against lines 56-118)."""
    assert [
        s.split("\n")[-2] for s in split_sql_statements(FILES["20230101000000_lower_down.sql"])
    ] == [
        "CREATE TABLE good_names (id INT PRIMARY KEY);",
        "ALTER TABLE good_names RENAME TO BadNames;",
    ]
    assert len(split_sql_statements(FILES["20230103000000_unended.sql"])) == 1
    with pytest.raises(NoAnnotations):
        split_sql_statements(NO_ANNOTATION[1])


def test_mariadb_ends_with_the_tables_dbnamelint_models(
    tmp_path: Path, maria: mysql_server.MysqlServer
) -> None:
    _liamstask_tree(tmp_path, FILES)
    with maria.fresh_database("liamgoose_tables") as db:
        for statement in _oracle_statements(FILES):
            maria.run(statement, database=db)
        made = set(maria.run("SHOW TABLES", database=db).split())
    assert made == {"BadNames", "first_ones", "IndentedDown", "GluedDown", "other_things"} | {
        "after_up",
        "second_up",
    }
    assert _inspect_tables(tmp_path, "mariadb") == made


def test_sqlite_ends_with_the_tables_dbnamelint_models(tmp_path: Path) -> None:
    _liamstask_tree(tmp_path, FILES, conf="go.mod")
    db = sqlite3.connect(":memory:")
    for statement in _oracle_statements(FILES):
        db.execute(statement)
    made = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "BadNames" in made and "NeverMade" not in made and "BeforeUp" not in made
    assert _inspect_tables(tmp_path, "sqlite") == made


def test_the_unended_statement_and_the_unannotated_file_are_located(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _liamstask_tree(tmp_path, dict([*FILES.items(), NO_ANNOTATION]))
    result = CliRunner().invoke(cli, ["check", "--dialect", "mariadb", "db/migrations"])
    out = result.output
    assert (
        "db/migrations/20230103000000_unended.sql:3:1: DBN001 warning: statement without a ';' "
        "ending its last line: liamstask's goose never runs it" in out
    ), out
    assert (
        "db/migrations/20230105000000_plain.sql:1:1: DBN004 error: no '-- +goose Up' or "
        "'-- +goose Down' annotation as liamstask's goose" in out
    ), out
    assert 'table "BadNames"' in out and "NoAnnotation" not in out.replace("plain.sql", "")
    assert result.exit_code == 1


def test_a_pressly_module_reads_the_same_files_by_pressly_rules(tmp_path: Path) -> None:
    """go.mod requiring pressly's goose outranks a dbconf.yml: pressly reads
    ``-- +goose down`` as the Down section (v3 annotations are case-blind)."""
    _liamstask_tree(tmp_path, {n: FILES[n] for n in ("20230101000000_lower_down.sql",)})
    write_files(tmp_path, {"go.mod": PRESSLY_MOD})
    assert _inspect_tables(tmp_path, "mariadb") == {"good_names"}


def test_an_unknown_goose_is_said_where_the_readings_differ(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_files(tmp_path, {f"db/migrations/{n}": t for n, t in FILES.items()})
    result = CliRunner().invoke(cli, ["check", "--dialect", "mariadb", "db/migrations"])
    out = result.output
    assert (
        "db/migrations/20230101000000_lower_down.sql:5:1: DBN000 warning: liamstask's goose "
        "(bitbucket.org/liamstask/goose) and pressly's read this file otherwise: liamstask's "
        "goose runs this line, pressly's does not" in out
    ), out
    assert (
        "db/migrations/20230103000000_unended.sql:3:1: DBN000 warning: liamstask's goose "
        "(bitbucket.org/liamstask/goose) and pressly's read this file otherwise: dbnamelint "
        "reads this line as pressly's goose does; liamstask's never runs it" in out
    ), out
    assert 'table "BadNames"' not in out  # read as pressly's, as before


BASE = {"20230101000000_init.sql": "-- +goose Up\nCREATE TABLE accounts (id INT PRIMARY KEY);\n"}
BYPASS = {"20230201000000_sneak.sql": FILES["20230101000000_lower_down.sql"]}


def _gate_repo(root: Path) -> None:
    _liamstask_tree(root, BASE)
    write_files(root, {"dbnamelint.yaml": "paths: [db/migrations]\ndialect: mariadb\n"})
    init_repo(root, "init")
    _liamstask_tree(root, BYPASS)


def test_check_base_refuses_the_lower_case_down_bypass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _gate_repo(tmp_path)
    commit_all(tmp_path, "sneak")
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD~1"])
    assert result.exit_code == 1, result.output
    assert (
        'db/migrations/20230201000000_sneak.sql:5:34: DBN101 table "BadNames"' in result.output
    ), result.output


def test_the_hook_refuses_the_lower_case_down_bypass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _gate_repo(tmp_path)
    git(tmp_path, "add", "-A")
    new = "db/migrations/20230201000000_sneak.sql"
    result = CliRunner().invoke(cli, ["check", "--pre-commit", new])
    assert result.exit_code == 1, result.output
    assert f'{new}:5:34: DBN101 table "BadNames"' in result.output, result.output


def test_a_late_liamstask_migration_is_worded_for_liamstask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """liamstask's ``CollectMigrations`` keeps only versions above the
    database's (``versionFilter``, ``lib/goose/migrate.go``): a late file is
    skipped without a word, no ``-allow-missing`` exists."""
    monkeypatch.chdir(tmp_path)
    _liamstask_tree(
        tmp_path,
        {**BASE, "20230301000000_more.sql": "-- +goose Up\nCREATE TABLE more_things (id INT);\n"},
    )
    write_files(tmp_path, {"dbnamelint.yaml": "paths: [db/migrations]\ndialect: mariadb\n"})
    init_repo(tmp_path, "init")
    late = "db/migrations/20230201000000_late.sql"
    write_files(tmp_path, {late: "-- +goose Up\nCREATE TABLE late_things (id INT);\n"})
    commit_all(tmp_path, "late")
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD~1"])
    out = result.output
    assert result.exit_code == 1, out
    assert f"{late}:1:1: DBN016 error: " in out, out
    assert "liamstask's goose (bitbucket.org/liamstask/goose, which this tree runs) never " in out
    assert "allow-missing" not in out and "found N missing" not in out


def test_editing_a_lower_case_down_section_is_an_edit_of_what_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """liamstask runs a ``-- +goose down`` section going up: editing it edits
    a committed migration (``DBN025``), not a rollback."""
    monkeypatch.chdir(tmp_path)
    _liamstask_tree(tmp_path, BYPASS)
    write_files(tmp_path, {"dbnamelint.yaml": "paths: [db/migrations]\ndialect: mariadb\n"})
    init_repo(tmp_path, "init")
    name = "db/migrations/20230201000000_sneak.sql"
    text = BYPASS["20230201000000_sneak.sql"].replace("BadNames", "bad_names")
    (tmp_path / name).write_text(text.replace("bad_names;", "other_names;"), encoding="utf-8")
    commit_all(tmp_path, "edit the down section")
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD~1"])
    assert f"{name}:5:" in result.output and "DBN025 error" in result.output, result.output
