"""SQL Server procedures whose body runs DDL, read at their ``EXEC``.

Before (session 34), T-SQL procedures were not recorded as routines:
``CREATE PROCEDURE dbo.mk AS BEGIN CREATE TABLE BadName (id int) END`` then
``EXEC dbo.mk`` gave no finding and no note, and the gate passed the table
in silence. Now the body is read at the EXEC (plain DDL, ``EXEC('...')``,
``sp_executesql`` of text built with ``+`` and ``QUOTENAME`` from the EXEC's
constant arguments), or the EXEC gets ``DBN012`` (an error in the gate when
new), as MySQL's ``CALL`` and PostgreSQL's runs are.

No SQL Server runs here: the right values come from the Microsoft docs —
"CREATE PROCEDURE" (``CREATE [OR ALTER] {PROC | PROCEDURE}``, parameters
``@p type [= default] [OUTPUT]``, the body to the end of the batch),
"ALTER PROCEDURE", "DROP PROCEDURE" (``[IF EXISTS] a, b``), "EXECUTE"
(values by position, then ``@p = value``), "sp_executesql" (``[@stmt =]``),
"sp_rename" (a procedure renamed runs by its new name), "QUOTENAME"
(``[`` + text with ``]`` doubled + ``]``), "nchar and nvarchar" (a longer
value is cut to the parameter's length), "sysname" (``nvarchar(128)``) —
and sqlglot's tsql tokenizer, which the reader uses (``GO`` ends a batch).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, git, git_workdir


def _found(root: Path, *args: str) -> tuple[int, list[tuple[str, str, str, int, int]], str]:
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--dialect", "tsql", *args, "--format", "json", "--verbose"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [
        (d["code"], d["severity"], d["path"], d["line"], d["column"])
        for d in [*report["findings"], *report["diagnostics"]]
        if d["code"] in ("DBN101", "DBN012", "DBN013")
    ]
    return result.exit_code, sorted(found), result.output


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m").mkdir()
    return tmp_path


PLAIN = """CREATE PROCEDURE dbo.mk AS BEGIN CREATE TABLE BadName (id int) END
GO
EXEC dbo.mk
"""


@pytest.mark.parametrize(
    ("text", "at"),
    [
        (PLAIN, (1, 47)),
        (PLAIN.replace("CREATE PROCEDURE", "CREATE OR ALTER PROC"), (1, 51)),
        (PLAIN.replace("EXEC dbo.mk", "EXECUTE mk;"), (1, 47)),
        # a body without BEGIN ... END runs to the end of its batch
        ("CREATE PROCEDURE mk\nAS\nCREATE TABLE BadName (id int)\nGO\nEXEC mk\n", (3, 14)),
        # EXEC('<literal>') and sp_executesql N'<literal>' in the body
        (
            "CREATE PROCEDURE mk AS BEGIN EXEC('CREATE TABLE BadName (id int)') END\nGO\nEXEC mk\n",
            (1, 49),
        ),
        (
            "CREATE PROCEDURE mk AS BEGIN\n"
            "  EXEC sp_executesql @stmt = N'CREATE TABLE BadName (id int)'\nEND\nGO\nEXEC mk\n",
            (2, 45),
        ),
    ],
)
def test_a_body_of_written_ddl_is_read_at_its_exec(
    tree: Path, text: str, at: tuple[int, int]
) -> None:
    (tree / "m/001.sql").write_text(text)
    code, found, out = _found(tree, "m")
    assert (code, found) == (1, [("DBN101", "error", "m/001.sql", *at)]), out
    # not run: nothing made
    (tree / "m/001.sql").write_text(text.rsplit("GO", 1)[0])
    code, found, out = _found(tree, "m")
    assert found == [], out


BUILT = """CREATE PROCEDURE dbo.make_table @name sysname, @suffix nvarchar(10) = N'' AS
BEGIN
    DECLARE @sql nvarchar(max);
    SET @sql = N'CREATE TABLE ' + QUOTENAME(@name + @suffix)
        + N' (id int)';
    EXEC sp_executesql @sql;
END
GO
"""


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        # by position, and by name, the name located at the argument
        ("EXEC dbo.make_table N'AuditLog', N'Rows';", [("DBN101", "error", "m/001.sql", 9, 23)]),
        (
            "EXEC make_table @suffix = N's', @name = N'AuditLog';",
            [("DBN101", "error", "m/001.sql", 9, 43)],
        ),
        ("EXEC make_table 'audit', '_logs';", []),
        # not known: a variable, an expression, a value the parameter cuts
        # (nvarchar(10)), an argument left to its default
        ("EXEC make_table @v, N'x';", [("DBN012", "info", "m/001.sql", 9, 1)]),
        (
            "EXEC make_table N'audit', N'_logs_longer_than_ten';",
            [("DBN012", "info", "m/001.sql", 9, 1)],
        ),
        ("EXEC make_table N'AuditLog';", [("DBN012", "info", "m/001.sql", 9, 1)]),
    ],
)
def test_text_built_from_the_exec_constants_is_read(
    tree: Path, call: str, expected: list[tuple[str, str, str, int, int]]
) -> None:
    (tree / "m/001.sql").write_text(BUILT + call + "\n")
    _code, found, out = _found(tree, "m")
    assert found == expected, out


def test_quotename_doubles_the_closing_bracket(tree: Path) -> None:
    (tree / "m/001.sql").write_text(BUILT + "EXEC make_table N'odd]', N'Name';\n")
    result = CliRunner().invoke(cli, ["inspect", "--no-cache", "--dialect", "tsql", "m"])
    assert "odd]Name" in result.output, result.output


OPAQUE = """CREATE PROCEDURE dbo.opaque @name nvarchar(128) AS
BEGIN
    DECLARE @sql nvarchar(max) = N'CREATE TABLE ' + UPPER(@name) + N' (id int)';
    EXEC (@sql);
END
GO
EXEC dbo.opaque @name = N'x';
"""


READ = OPAQUE.replace("UPPER(@name)", "@name")
TWICE = READ.replace(
    "    EXEC (@sql);", "    SET @sql = N'CREATE TABLE other (id int)';\n    EXEC (@sql);"
)
SET_AFTER = """CREATE PROCEDURE dbo.opaque @name nvarchar(128) AS
BEGIN
    DECLARE @sql nvarchar(max);
    EXEC (@sql);
    SET @sql = N'CREATE TABLE ' + @name + N' (id int)';
END
GO
EXEC dbo.opaque @name = N'x';
"""
RUNS_ANOTHER = READ.replace("EXEC (@sql);", "EXEC (@sql); EXEC dbo.other;")


@pytest.mark.parametrize("text", [OPAQUE, TWICE, SET_AFTER, RUNS_ANOTHER])
def test_built_otherwise_the_exec_is_noted(tree: Path, text: str) -> None:
    (tree / "m/001.sql").write_text(text)
    _code, found, out = _found(tree, "m")
    line = text.splitlines().index("EXEC dbo.opaque @name = N'x';") + 1
    assert found == [("DBN012", "info", "m/001.sql", line, 1)], out
    assert "EXEC dbo.opaque: what the procedure does to the schema is not read" in out


def test_the_same_body_built_from_the_argument_is_read(tree: Path) -> None:
    (tree / "m/001.sql").write_text(READ.replace("N'x'", "N'BadName'"))
    _code, found, out = _found(tree, "m")
    assert found == [("DBN101", "error", "m/001.sql", 7, 27)], out


EARLIER = """CREATE PROCEDURE dbo.make_table @name nvarchar(128) AS
BEGIN
    EXEC (N'CREATE TABLE ' + @name + N' (id int)')
END
GO
CREATE PROCEDURE dbo.gone AS CREATE TABLE GoneBad (id int)
GO
CREATE PROCEDURE dbo.old_name AS CREATE TABLE RenamedBad (id int)
GO
CREATE PROCEDURE dbo.changed AS CREATE TABLE FirstBad (id int)
GO
"""
LATER = """EXEC dbo.make_table N'AuditLog';
GO
DROP PROCEDURE IF EXISTS dbo.other, dbo.gone;
GO
EXEC gone;
GO
EXEC sp_rename 'dbo.old_name', 'new_name';
GO
EXEC new_name;
GO
ALTER PROCEDURE dbo.changed AS CREATE TABLE SecondBad (id int)
GO
EXEC changed;
"""


def test_a_procedure_of_an_earlier_file_is_read_at_a_later_exec(tree: Path) -> None:
    (tree / "m/001_procs.sql").write_text(EARLIER)
    (tree / "m/002_runs.sql").write_text(LATER)
    _code, found, out = _found(tree, "m")
    assert [f for f in found if f[0] == "DBN101"] == [
        ("DBN101", "error", "m/001_procs.sql", 8, 47),  # RenamedBad, run as new_name
        ("DBN101", "error", "m/002_runs.sql", 1, 23),  # AuditLog, at the argument
        ("DBN101", "error", "m/002_runs.sql", 11, 45),  # SecondBad: the body ALTER gave
    ], out
    assert "GoneBad" not in out and "FirstBad" not in out  # dropped, replaced
    assert [f for f in found if f[0] != "DBN101"] == [], out


def test_sp_rename_of_a_procedure_of_the_file_renames_no_table(tree: Path) -> None:
    """Before, the rename was read as one of a table ``old_name``: a DBN011
    note, and ``new_names``'s DBN105 on a table that does not exist."""
    (tree / "m/001.sql").write_text(
        EARLIER.split("GO")[2].lstrip("\n")
        + "GO\n"
        + LATER.split("GO")[3].lstrip("\n")
        + "GO\nEXEC new_name;\n"
    )
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--dialect", "tsql", "--verbose", "m"])
    assert ": DBN011" not in result.output and ": DBN105" not in result.output, result.output
    assert 'DBN101 table "RenamedBad"' in result.output, result.output


# -- the gate (real git) -----------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = git_workdir(tmp_path / "project", monkeypatch)
    adopted_repo(
        root,
        {
            "db/V1__procs.sql": OPAQUE.split("GO", maxsplit=1)[0]
            + "GO\n"
            + EARLIER.split("GO", maxsplit=1)[0].replace("make_table", "make_log")
        },
        "paths: [db]\ndialect: tsql\n",
    )
    return root


def _gate(*args: str) -> tuple[int, list[tuple[str, str, str, int]], str]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [
        (d["code"], d["severity"], d["path"], d["line"])
        for d in [*report["findings"], *report["diagnostics"]]
        if d["code"] != "DBN105"
    ]
    return result.exit_code, found, result.output


NEW = "db/V2__run.sql"


def test_a_new_exec_of_a_committed_procedure_is_judged_in_the_gate(project: Path) -> None:
    # read: the name it makes is judged
    (project / NEW).write_text("EXEC dbo.make_log N'AuditLogs';\n")
    git(project, "add", "-A")
    code, found, out = _gate("--base", "HEAD")
    assert (code, found) == (1, [("DBN101", "error", NEW, 1)]), out
    (project / NEW).write_text("EXEC dbo.make_log N'audit_logs';\n")
    code, found, out = _gate("--base", "HEAD")
    assert (code, found) == (0, []), out
    # not read: a new EXEC of a body holding DDL is refused unless accepted
    (project / NEW).write_text("EXEC dbo.opaque N'x';\n")
    code, found, out = _gate("--base", "HEAD")
    assert (code, found) == (1, [("DBN012", "error", NEW, 1)]), out
    git(project, "add", "-A")
    code, found, out = _gate("--pre-commit", NEW)  # the hook's path
    assert (code, found) == (1, [("DBN012", "error", NEW, 1)]), out
    (project / NEW).write_text(
        "-- dbnamelint: ignore[DBN012] makes X, checked by hand\nEXEC dbo.opaque N'x';\n"
    )
    code, found, out = _gate("--base", "HEAD")
    assert (code, found) == (0, []), out
    # committed, a full check keeps the note and passes
    (project / NEW).write_text("EXEC dbo.opaque N'x';\n")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "run")
    code, found, out = _gate("--verbose")
    assert (code, found) == (0, [("DBN012", "info", NEW, 1)]), out
