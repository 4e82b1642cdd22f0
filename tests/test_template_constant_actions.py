"""Go template actions whose output is constant are read as the text they write.

text/template copies a pipeline's value to the output: ``{{ "user_accounts" }}``
writes ``user_accounts``, ``{{ printf "%s_idx" "a" }}`` ``a_idx``, a comment
``{{/* c */}}`` nothing, and ``{{- `` / `` -}}`` trim the blanks beside the
action (Go's text/template documentation: "Text and spaces", "Actions",
"Functions": print is fmt.Sprint, printf fmt.Sprintf). pop renders every
``.sql`` migration so. Read as an unknown placeholder, such a name was never
checked and the gate passed it (trial s37 supabase/auth, F2); a comment
inside a quoted name left blanks in it.

The model oracle is PostgreSQL running the text Go renders (written out
below from those rules): ``drift`` finds no difference.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cli_json import run_streams
from git_helpers import git, init_repo, isolated_git_env, write_files
from pg_server import PgServer, pg_url

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

TEMPLATE = """\
CREATE TABLE {{ "user_accounts" }} (id int PRIMARY KEY, "display{{/* shown */}}_name" text,
  nick {{- /* trimmed */ -}} _name text);
CREATE INDEX {{ printf "%s_idx" "user_accounts_nick" }} ON user_accounts (nick_name);
CREATE TABLE {{ print "audit" "_" "events" }} (id int);
"""
#: What text/template writes for TEMPLATE.
RENDERED = """\
CREATE TABLE user_accounts (id int PRIMARY KEY, "display_name" text,
  nick_name text);
CREATE INDEX user_accounts_nick_idx ON user_accounts (nick_name);
CREATE TABLE audit_events (id int);
"""


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "app"
    root.mkdir()
    write_files(
        root,
        {
            "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
            "migrations/001_init.sql": "CREATE TABLE accounts (id int PRIMARY KEY);\n",
        },
    )
    init_repo(root, "init")
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize(
    ("sql", "name"),
    [
        ('CREATE TABLE {{ "UserSessions" }} (id int);\n', "usersessions"),
        ("CREATE TABLE {{ `UserSessions` }} (id int);\n", "usersessions"),
        ('CREATE TABLE {{ print "User" "Sessions" }} (id int);\n', "usersessions"),
        ('CREATE TABLE {{ printf "%sSessions" "User" }} (id int);\n', "usersessions"),
        ('CREATE TABLE "User{{/* c */}}Sessions" (id int);\n', "UserSessions"),
        ('CREATE TABLE user_sessions (id int, "last{{- /* c */ -}}Seen" int);\n', "'lastSeen'"),
    ],
)
def test_a_name_a_constant_action_writes_is_judged_by_the_gate(
    tree: Path, sql: str, name: str
) -> None:
    base = git(tree, "rev-parse", "HEAD").strip()
    write_files(tree, {"migrations/002_x.sql": sql})
    git(tree, "add", "-A")
    code, out, err = run_streams("check", "--base", base, "--no-cache", "--format", "json")
    assert code == 1, out + err
    findings = json.loads(out)["findings"]
    assert {f["code"] for f in findings} <= {"DBN101", "DBN201"}, out
    assert findings and all(f["path"] == "migrations/002_x.sql" for f in findings)
    assert any(name in f["message"] for f in findings), out


def test_the_finding_is_at_the_action(tree: Path) -> None:
    write_files(tree, {"migrations/002_x.sql": 'CREATE TABLE {{ "UserSessions" }} (id int);\n'})
    code, out, _ = run_streams("check", "--no-cache", "-v")
    assert code == 1
    assert "migrations/002_x.sql:1:14: DBN101 table" in out, out
    assert "read as the text it writes, 'UserSessions'" in out, out


def test_an_action_that_is_not_constant_stays_a_placeholder(tree: Path) -> None:
    write_files(tree, {"migrations/002_x.sql": "CREATE TABLE {{ .Prefix }}sessions (id int);\n"})
    code, out, _ = run_streams("check", "--no-cache", "-v")
    assert code == 0, out
    assert "template placeholder '{{ .Prefix }}'" in out, out


@pytest.mark.slow
def test_model_matches_postgresql_running_the_rendered_text(tree: Path, pg: PgServer) -> None:
    write_files(tree, {"migrations/002_x.sql": TEMPLATE})
    with pg.fresh_database("dbnamelint_tmpl_const") as db:
        pg.run(sql="CREATE TABLE accounts (id int PRIMARY KEY);\n" + RENDERED, dbname=db)
        code, out, err = run_streams(
            "drift", "--db", pg_url(pg, db), "--format", "json", "--no-cache"
        )
    assert code == 0, out + err
    assert json.loads(out)["drift"] == []
