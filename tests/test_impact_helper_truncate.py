"""``impact`` marks a table-name constant a Go helper truncates (``"TRUNCATE TABLE %s"``).

Trial s33 authelia #4: the key rotation runs ``p.truncate(ctx, tx, table)``
after ``size, table, desc = sha512.BlockSize, tableOneTimeCode, "..."``, and
``truncate`` formats ``TRUNCATE TABLE %s``. After the forward script the old
name is the compatibility view, which PostgreSQL and MariaDB refuse to
TRUNCATE; migrate's view note says impact marks such writes, but the
constant was listed unmarked (the statement's table is a hole). Now the
constant is marked, one call deep.

Oracles: PostgreSQL 15 and MariaDB refusing TRUNCATE of a view.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo
from mysql_server import MysqlServer, SqlFailed
from pg_server import PgServer
from pg_server import SqlFailed as PgSqlFailed

CONST = (
    "package storage\n\nconst (\n"
    '\ttableOneTimeCode = "one_time_code"\n'
    '\ttableBannedUser  = "banned_user"\n)\n'
)
HELPER = (
    'package storage\n\nimport "fmt"\n\n'
    "func (p *Provider) truncate(conn Conn, table string) error {\n"
    '\t_, err := conn.Exec(fmt.Sprintf("TRUNCATE TABLE %s RESTART IDENTITY CASCADE;", table))\n'
    "\treturn err\n}\n\n"
    "func (p *Provider) rotate(conn Conn, name string) error {\n"
    "\tvar table string\n"
    "\tswitch name {\n"
    '\tcase "otc":\n'
    "\t\ttable = tableOneTimeCode\n"
    "\t}\n"
    "\treturn p.truncate(conn, table)\n}\n\n"
    "func (p *Provider) banned(conn Conn) error {\n"
    '\t_, err := conn.Exec(fmt.Sprintf("SELECT id FROM %s", tableBannedUser))\n'
    "\treturn err\n}\n"
)


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, helper: str) -> None:
    committed_repo(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
            "whitelist.yaml": 'phases:\n  - {id: "1", title: "x", status: open}\nentries:\n'
            '  - {kind: table, name: one_time_code, phase: "1", target: one_time_codes}\n'
            '  - {kind: table, name: banned_user, phase: "1", target: banned_users}\n',
            "migrations/V0001.Init.up.sql": (
                "CREATE TABLE one_time_code (id int, code text);\n"
                "CREATE TABLE banned_user (id int);\n"
            ),
            "storage/const.go": CONST,
            "storage/provider.go": helper,
        },
        monkeypatch,
    )


def test_the_databases_refuse_truncate_of_the_view(pg: PgServer, maria: MysqlServer) -> None:
    with pg.fresh_database("dbnl_truncate_view") as db:
        pg.run(sql="CREATE TABLE one_time_codes (id int)", dbname=db)
        pg.run(sql="CREATE VIEW one_time_code AS SELECT * FROM one_time_codes", dbname=db)
        with pytest.raises(PgSqlFailed, match='"one_time_code" is not a table'):
            pg.run(sql="TRUNCATE TABLE one_time_code RESTART IDENTITY CASCADE", dbname=db)
    with maria.fresh_database("dbnl_truncate_view") as db:
        maria.run("CREATE TABLE one_time_codes (id int)", database=db)
        maria.run("CREATE VIEW one_time_code AS SELECT * FROM one_time_codes", database=db)
        with pytest.raises(SqlFailed, match="1146"):
            maria.run("TRUNCATE TABLE one_time_code", database=db)


def test_the_constant_a_helper_truncates_is_marked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch, HELPER)
    done = CliRunner().invoke(cli, ["impact"])
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    at = lines.index(
        '      storage/const.go:4:22: high [table-name constant] tableOneTimeCode = "one_time_code"'
    )
    assert lines[at + 1] == (
        "        ! will fail on the compatibility view: PostgreSQL cannot TRUNCATE a view "
        "('\"old\" is not a table'); write to the new name one_time_codes before the forward "
        "script runs (it reaches storage/provider.go:6 through storage/provider.go:16)"
    ), done.output
    # the constant only SELECTs go through is not marked
    banned = next(i for i, line in enumerate(lines) if "tableBannedUser  =" in line)
    assert not lines[banned + 1].lstrip().startswith("!"), done.output


def test_a_local_variable_of_the_same_name_elsewhere_is_not_marked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Authelia's ``table = "one_time_code"`` in storage_run.go is a local of
    another function: its name ``table`` in the helper's caller is no use of it."""
    other = (
        "package storage\n\nfunc run(name string) string {\n\tvar table string\n"
        '\tif name == "otc" {\n\t\ttable = "one_time_code"\n\t}\n\treturn table\n}\n'
    )
    _repo(tmp_path, monkeypatch, HELPER.replace("table = tableOneTimeCode", 'table = "x"'))
    (tmp_path / "storage/run.go").write_text(other)
    done = CliRunner().invoke(cli, ["impact", "--untracked"])
    assert done.exit_code == 0, done.output
    assert "storage/run.go:6" in done.output, done.output
    assert "! will fail" not in done.output, done.output
