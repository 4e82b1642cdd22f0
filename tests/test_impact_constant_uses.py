"""``impact --diff`` leaves a table-name constant that is also no SQL as written.

Trial s14a (authelia): ``tableOneTimeCode = "one_time_code"`` builds the SQL
(``fmt.Sprintf(queryFmtSelectOTC, tableOneTimeCode)``) and is also the
AES-GCM additional data of the rows Authelia encrypts
(``p.aad.Get(tableOneTimeCode, columnCode, ...)``); the patch rewrote it,
and every stored code would then fail to decrypt. A constant only SQL uses
is still rewritten. The patch is applied with the real ``git apply``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git

CONST = (
    "package storage\n\nconst (\n"
    '\ttableOneTimeCode = "one_time_code"\n'
    '\ttableBannedUser  = "banned_user"\n)\n'
)
PROVIDER = (
    'package storage\n\nimport "fmt"\n\n'
    'const queryFmtSelect = "SELECT code FROM %s WHERE id = ?"\n\n'
    "func (p *Provider) load() {\n"
    "\tq := fmt.Sprintf(queryFmtSelect, tableOneTimeCode)\n"
    "\tb := fmt.Sprintf(queryFmtSelect, tableBannedUser)\n"
    '\tkey := p.aad.Get(tableOneTimeCode, "code")\n'
    "\t_, _, _ = q, b, key\n}\n"
)


def test_a_constant_that_is_also_a_key_is_left_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
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
            "storage/provider.go": PROVIDER,
        },
        monkeypatch,
    )
    done = CliRunner().invoke(cli, ["impact", "--diff"])
    assert done.exit_code == 0, done.output
    assert "tableOneTimeCode not rewritten: the constant is also used where it is no SQL" in (
        done.stderr
    )
    assert "storage/provider.go:10 (key := p.aad.Get(tableOneTimeCode" in done.stderr
    (tmp_path / "fix.diff").write_text(done.stdout)
    git(tmp_path, "apply", "fix.diff")
    const = (tmp_path / "storage/const.go").read_text()
    assert 'tableOneTimeCode = "one_time_code"' in const  # the key keeps its text
    assert 'tableBannedUser  = "banned_users"' in const  # only SQL uses it: renamed


#: river's riverdrivertest/migration.go (trial s20 river #8): the variable is
#: assigned again with a schema-qualified name the patch does not rewrite.
REASSIGNED = (
    'package app\n\nimport "fmt"\n\n'
    "func run(schema string, sqlite bool) string {\n"
    '\tqueueTable := "river_queue"\n'
    "\tif !sqlite {\n"
    '\t\tqueueTable = schema + ".river_queue"\n'
    "\t}\n"
    "\treturn fmt.Sprintf(\"INSERT INTO %s (name) VALUES ('q')\", queueTable)\n"
    "}\n\n"
    "func other(flag bool) string {\n"
    '\tjobTable := "river_job"\n'
    "\tif flag {\n"
    '\t\tjobTable = "archive"\n'
    "\t}\n"
    '\treturn fmt.Sprintf("SELECT 1 FROM %s", jobTable)\n'
    "}\n"
)


def test_a_variable_assigned_again_with_the_old_name_gets_that_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    committed_repo(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
            "whitelist.yaml": 'phases:\n  - {id: "1", title: "x", status: open}\nentries:\n'
            '  - {kind: table, name: river_queue, phase: "1", target: river_queues}\n'
            '  - {kind: table, name: river_job, phase: "1", target: river_jobs}\n',
            "migrations/001_init.up.sql": (
                "CREATE TABLE river_queue (name text);\nCREATE TABLE river_job (id int);\n"
            ),
            "app/run.go": REASSIGNED,
        },
        monkeypatch,
    )
    done = CliRunner().invoke(cli, ["impact", "--diff"])
    assert done.exit_code == 0, done.output
    assert (
        "app/run.go:6:17: queueTable not rewritten: it is assigned again with a text naming "
        'river_queue too (app/run.go:8 (queueTable = schema + ".river_queue"))'
    ) in done.stderr
    assert "no SQL" not in done.stderr  # an assignment is no use of the value
    (tmp_path / "fix.diff").write_text(done.stdout)
    git(tmp_path, "apply", "fix.diff")
    code = (tmp_path / "app/run.go").read_text()
    assert 'queueTable := "river_queue"' in code  # both names left together
    # Assigned again with another table's name: nothing ties it to the old text.
    assert 'jobTable := "river_jobs"' in code


#: Authelia's mock test (trial s33 authelia #5): the SQL the code builds from
#: ``tableOneTimeCode`` (``fmt.Sprintf("DELETE FROM %s;", table)``), spelt out.
MOCK_TEST = (
    'package storage\n\nimport "testing"\n\n'
    "func TestTruncate(t *testing.T) {\n"
    '\texpect(t, "DELETE FROM one_time_code;")\n'
    '\texpect(t, "DELETE FROM banned_user;")\n}\n'
)


def test_a_test_expecting_sql_of_a_kept_constant_is_left_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, the patch rewrote the test's expected ``DELETE FROM
    one_time_code;`` while the code kept sending it; a test of the constant
    the patch renames is renamed with it."""
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
            "storage/provider.go": PROVIDER,
            "storage/provider_mock_test.go": MOCK_TEST,
        },
        monkeypatch,
    )
    done = CliRunner().invoke(cli, ["impact", "--diff"])
    assert done.exit_code == 0, done.output
    assert (
        "storage/provider_mock_test.go: one_time_code not rewritten on line 6: a test beside "
        "tableOneTimeCode (storage/const.go:4), which is left as written, expects the SQL the "
        "code builds from it"
    ) in done.stderr, done.stderr
    (tmp_path / "fix.diff").write_text(done.stdout)
    git(tmp_path, "apply", "fix.diff")
    test = (tmp_path / "storage/provider_mock_test.go").read_text()
    assert '"DELETE FROM one_time_code;"' in test  # as the unchanged constant builds it
    assert '"DELETE FROM banned_users;"' in test  # its constant is renamed: so is the test
