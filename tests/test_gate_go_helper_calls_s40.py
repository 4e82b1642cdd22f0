"""A new call of a committed Go helper whose DDL its parameters complete is judged.

Trial s40 authelia H4: the package held (committed, reviewed) a helper
``func (p *SQLProvider) schemaRenameTable(ctx, conn, from, to string)`` running
``conn.ExecContext(ctx, fmt.Sprintf(p.sqlFmtRenameTable, from, to))``, the
format a field set from ``queryFmtRenameTable = "ALTER TABLE %s RENAME TO
%s;"``. A change adding ``provider.schemaRenameTable(ctx, conn,
tableOneTimeCode, "OneTimeCodes")`` in a special migration added no DDL string,
so ``check --base`` and the hook passed. Such calls were read bound only inside
a Go migration list's steps; now a call anywhere in a Go file is: its
statements laid at the call, a bad name the rule's error there, an argument
the code computes ``DBN013``'s refusal. A helper is also one whose body
formats a parameter into a DDL constant of the package (no DDL word of its
own). A call the base made already, moved, is not new. An exported helper of
another package of the module (an import under the ``go.mod``'s module
path: ``schemautil.RenameTable(ctx, tx, t, "CrossPkg")``) is followed too,
its arguments read in the caller's package.

Oracle: real git for the gate; the names are those ``fmt.Sprintf`` puts in
(the n-th argument in the n-th verb), the SQL the statement then runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, git, git_workdir

QUERIES = (
    "package storage\n\nconst (\n"
    '\tqueryFmtRenameTable = "ALTER TABLE %s RENAME TO %s;"\n'
    '\ttableOneTimeCode    = "one_time_code"\n'
    '\tqueryFmtCreateTable = "CREATE TABLE %s (id INT PRIMARY KEY);"\n)\n'
)
PROVIDER = (
    'package storage\n\nimport "fmt"\n\n'
    "type SQLProvider struct {\n\tsqlFmtRenameTable string\n}\n\n"
    "func NewProvider() *SQLProvider {\n"
    "\treturn &SQLProvider{\n\t\tsqlFmtRenameTable: queryFmtRenameTable,\n\t}\n}\n\n"
    "func (p *SQLProvider) schemaRenameTable(conn Conn, from, to string) error {\n"
    "\t_, err := conn.Exec(fmt.Sprintf(p.sqlFmtRenameTable, from, to))\n"
    "\treturn err\n}\n\n"
    "func createTable(conn Conn, name string) error {\n"
    "\t_, err := conn.Exec(fmt.Sprintf(queryFmtCreateTable, name))\n"
    "\treturn err\n}\n\n"
    "func cacheKey(table string) string {\n"
    '\treturn fmt.Sprintf("authelia:storage:%s", table)\n}\n'
)
SPECIAL_BASE = (
    "package storage\n\n"
    "var migrationsSpecialUp = map[int][]func(Conn, *SQLProvider) error{\n"
    "\t24: {migrationSpecialUp24},\n}\n\n"
    "func migrationSpecialUp24(conn Conn, provider *SQLProvider) error {\n"
    "\treturn nil\n}\n"
)

#: Another package of the module: its exported helper is followed from a caller.
UTIL = (
    'package schemautil\n\nimport "fmt"\n\n'
    "// RenameTable renames a table.\n"
    "func RenameTable(conn Conn, from, to string) error {\n"
    '\t_, err := conn.Exec(fmt.Sprintf("ALTER TABLE %s RENAME TO %s", from, to))\n'
    "\treturn err\n}\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = git_workdir(tmp_path / "project", monkeypatch)
    adopted_repo(
        root,
        {
            "migrations/V0001.Init.up.sql": "CREATE TABLE one_time_code (id INT PRIMARY KEY);\n",
            "storage/queries.go": QUERIES,
            "storage/provider.go": PROVIDER,
            "storage/special.go": SPECIAL_BASE,
            "go.mod": "module example.com/app\n\ngo 1.22\n",
            "internal/schemautil/rename.go": UTIL,
        },
        "paths: [migrations]\ndialect: mysql\n",
    )
    return root


def _gate(root: Path, files: dict[str, str]) -> tuple[int, str]:
    for name, text in files.items():
        (root / name).write_text(text)
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def _special(call: str) -> dict[str, str]:
    """The special migrations with a v25 whose body is ``call`` (the Authelia shape:
    the map names the function)."""
    text = SPECIAL_BASE.replace(
        "\t24: {migrationSpecialUp24},\n",
        "\t24: {migrationSpecialUp24},\n\t25: {migrationSpecialUp25},\n",
    )
    text += (
        f"\nfunc migrationSpecialUp25(conn Conn, provider *SQLProvider) error {{\n\t{call}\n}}\n"
    )
    return {"storage/special.go": text}


def test_a_helper_method_call_in_a_function_a_list_names_is_read(project: Path) -> None:
    code, out = _gate(
        project,
        _special('return provider.schemaRenameTable(conn, tableOneTimeCode, "OneTimeCodes")'),
    )
    assert code == 1, out
    assert (
        "storage/special.go:13:60: DBN101 table \"OneTimeCodes\": table name 'OneTimeCodes' "
        "is not snake_case"
    ) in out, out


@pytest.mark.parametrize("alias", ["", "su "])
def test_a_helper_of_another_package_of_the_module_is_read(project: Path, alias: str) -> None:
    """The call's arguments are the caller's constants; the helper's format its own."""
    called = alias.strip() or "schemautil"
    app = (
        'package storage\n\nimport (\n\t"fmt"\n\n'
        f'\t{alias}"example.com/app/internal/schemautil"\n)\n\n'
        "func Setup(conn Conn) error {\n"
        f'\treturn {called}.RenameTable(conn, tableOneTimeCode, "CrossPkg")\n}}\n'
    )
    code, out = _gate(project, {"storage/setup.go": app})
    assert code == 1, out
    # at the name's literal in the call (its opening quote)
    column = app.split("\n")[9].index('"CrossPkg"') + 1
    assert f'storage/setup.go:10:{column}: DBN101 table "CrossPkg"' in out, out


def test_a_package_of_another_module_is_not_read(project: Path) -> None:
    app = (
        'package storage\n\nimport "example.org/other/schemautil"\n\n'
        "func Setup(conn Conn) error {\n"
        '\treturn schemautil.RenameTable(conn, tableOneTimeCode, "CrossPkg")\n}\n'
    )
    code, out = _gate(project, {"storage/setup.go": app})
    assert code == 0, out


def test_a_helper_call_in_application_code_is_read(project: Path) -> None:
    app = (
        "package storage\n\nfunc Setup(conn Conn) error {\n"
        '\treturn createTable(conn, "AuditLog")\n}\n'
    )
    code, out = _gate(project, {"storage/setup.go": app})
    assert code == 1, out
    assert 'storage/setup.go:4:27: DBN101 table "AuditLog"' in out, out


def test_a_good_name_passes(project: Path) -> None:
    code, out = _gate(
        project,
        _special('return provider.schemaRenameTable(conn, tableOneTimeCode, "one_time_codes")'),
    )
    assert code == 0, out


def test_a_computed_argument_is_dbn013s_refusal(project: Path) -> None:
    code, out = _gate(
        project, _special("return provider.schemaRenameTable(conn, tableOneTimeCode, target)")
    )
    assert code == 1, out
    assert "storage/special.go:13:18: DBN013 error: this string's DDL (ALTER TABLE)" in out, out


def test_a_helper_formatting_no_ddl_is_no_helper(project: Path) -> None:
    code, out = _gate(project, _special('_ = cacheKey("BadKey")\n\treturn nil'))
    assert code == 0, out


def test_a_committed_call_moved_is_not_new(project: Path) -> None:
    """A call the base made (its name legacy, whitelisted or not), moved
    within its file by the change, is no new DDL."""
    app = (
        "package storage\n\nfunc Setup(conn Conn) error {\n"
        '\treturn createTable(conn, "LegacyLog")\n}\n'
    )
    (project / "storage/setup.go").write_text(app)
    git(project, "add", "-A")
    git(project, "commit", "-qm", "legacy call")
    moved = (
        "package storage\n\n// Setup makes the tables.\n"
        "func Setup(conn Conn) error {\n\tif conn == nil {\n\t\treturn nil\n\t}\n\n"
        '\treturn createTable(conn, "LegacyLog")\n}\n'
    )
    code, out = _gate(project, {"storage/setup.go": moved})
    assert code == 0, out
