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
