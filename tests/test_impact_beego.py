"""Beego's ORM, and docstrings and block comments read as prose (trial s12, harbor).

1. A model registered with Beego's ORM (``orm.RegisterModel(new(T))``) and
   no ``TableName()`` reads the table Beego names it by: the type's name in
   snake_case, no plural (Beego's docs, "Model > Table name": ``AuthUser ->
   auth_user``, ``Auth_User -> auth__user``, ``DB_AuthUser ->
   d_b__auth_user``; ``RegisterModelWithPrefix("prefix_", ...)`` puts the
   prefix in front). impact did not see harbor's ``RetentionPolicy``, so
   ``migrate --cleanup --write`` dropped the ``retention_policy`` view.
2. ``orm:"column(realname)"`` (Beego's docs, "column": ``Name string
   `orm:"column(user_name)"```) was plain text, left out of the patch.
3. A ``TableName()`` string of a Beego file was labelled ``GORM TableName()``.
4. Python docstring prose ("13. Pull image from project(PB) by robot
   account") and ``/* ... */`` comment lines were high-confidence SQL, and
   ``--diff`` rewrote them.

Oracles: Beego's documented rules and real git (``git apply``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from impact_json import impact_items, impact_json
from impact_notes import views_then_refused_cleanup

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = """\
CREATE TABLE retention_policy (id serial PRIMARY KEY, data text);
CREATE TABLE schedule (id serial PRIMARY KEY, cron text);
CREATE TABLE harbor_user (user_id serial PRIMARY KEY, realname text);
CREATE TABLE p_audit_log (id serial PRIMARY KEY);
CREATE TABLE job_log (id serial PRIMARY KEY);
CREATE TABLE project (project_id serial PRIMARY KEY, name text);
CREATE TABLE notes (id serial PRIMARY KEY);
"""
RENAMES = {
    "retention_policy": "retention_policies",
    "schedule": "schedules",
    "harbor_user": "harbor_users",
    "p_audit_log": "p_audit_logs",
    "job_log": "job_logs",
    "project": "projects",
    "notes": "memo_notes",
}
WHITELIST = (
    'phases:\n  - {id: "1", title: "Names", status: open}\nentries:\n'
    + "".join(
        f'  - {{kind: table, name: {old}, phase: "1", target: {new}}}\n'
        for old, new in RENAMES.items()
    )
    + '  - {kind: column, name: harbor_user.realname, phase: "1", target: real_name}\n'
)

#: harbor's way: the models registered in the file declaring them, one with a
#: prefix, one of another file of the package, one a variable (not read).
MODELS = """\
package models

import "github.com/beego/beego/v2/client/orm"

func init() {
	orm.RegisterModel(new(RetentionPolicy),
		&schedule{})
	orm.RegisterModelWithPrefix("p_", new(AuditLog))
	orm.RegisterModel(new(User), new(dao.JobLog))
	// orm.RegisterModel(new(Project))
}

type RetentionPolicy struct {
	ID   int64 `orm:"pk;auto;column(id)"`
	Data string
}

type schedule struct {
	ID   int64  `orm:"pk;auto;column(id)"`
	CRON string `orm:"column(cron)"`
}

type AuditLog struct {
	ID int64 `orm:"pk;auto;column(id)"`
}

type Project struct {
	ProjectID int64 `orm:"pk;auto;column(project_id)"`
}
"""
#: A model with TableName(): its string is the reference, labelled Beego's.
USER = """\
package models

import "github.com/beego/beego/v2/client/orm"

type User struct {
	UserID   int    `orm:"pk;auto;column(user_id)" json:"user_id"`
	Realname string `orm:"column(realname)" json:"realname"`
}

func (u *User) TableName() string { return "harbor_user" }

var _ = orm.NewOrm
"""
#: new(dao.JobLog): declared in a file of package dao, which imports no ORM.
JOB_LOG = """\
package dao

type JobLog struct {
	ID int64
}
"""
#: xorm's TableName(), and a package importing no ORM.
XORM = """\
package store

import "xorm.io/xorm"

type Note struct{}

func (Note) TableName() string { return "notes" }

var _ *xorm.Engine
"""
PLAIN_GO = """\
package other

type Note struct{}

func (Note) TableName() string { return "notes" }
"""
#: harbor's tests/apitests/python: numbered steps in docstrings.
TEST_PY = '''\
def test_copy():
    """
    Test case:
        Copy Artifact Outside Project
    Test step and expected result:
        5. Update role of Bob to project(PA);
        13. Pull image from project(PB) by robot account;
    """


def test_sql(cur):
    """Runs this query.

    SELECT name FROM project WHERE project_id = 1
    """
    cur.execute(
        """
        SELECT * FROM project
        """
    )
'''
BLOCK_GO = """\
package api

/*
Update project metadata to regex filter pattern
*/
func f() {}
"""

#: A JavaScript regex holding "/*" opens no comment: the query after it is SQL.
APP_JS = """\
const trimmed = path.replace(/\\/*$/, "");
db.query("SELECT * FROM project");
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": SCHEMA,
        "src/models/models.go": MODELS,
        "src/models/user.go": USER,
        "src/dao/job_log.go": JOB_LOG,
        "src/store/note.go": XORM,
        "src/other/note.go": PLAIN_GO,
        "tests/test_copy.py": TEST_PY,
        "src/api/doc.go": BLOCK_GO,
        "web/app.js": APP_JS,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _refs(*args: str) -> list[tuple[str, str, int, int, str, str]]:
    data = impact_json(*args)
    return sorted(
        (obj["name"], i["path"], i["line"], i["column"], i["confidence"], i["context"])
        for obj, i in impact_items(data)
    )


def test_snake_string_follows_beegos_documented_examples() -> None:
    from dbnamelint.impact.beego import snake_string

    assert snake_string("AuthUser") == "auth_user"
    assert snake_string("Auth_User") == "auth__user"
    assert snake_string("DB_AuthUser") == "d_b__auth_user"
    assert snake_string("RetentionPolicy") == "retention_policy"
    assert snake_string("schedule") == "schedule"


def test_registered_beego_models_name_their_tables_by_convention(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch)
    high = [r for r in _refs() if r[4] == "high" and r[1].startswith("src/")]
    assert high == [
        ("harbor_user", "src/models/user.go", 10, 45, "high", "Beego TableName()"),
        ("harbor_user.realname", "src/models/user.go", 7, 31, "high", "Go struct tag orm column"),
        ("job_log", "src/dao/job_log.go", 3, 6, "high", "Beego model (convention)"),
        ("notes", "src/other/note.go", 5, 42, "high", "Go TableName()"),
        ("notes", "src/store/note.go", 7, 42, "high", "xorm TableName()"),
        ("p_audit_log", "src/models/models.go", 23, 6, "high", "Beego model (convention)"),
        ("retention_policy", "src/models/models.go", 13, 6, "high", "Beego model (convention)"),
        ("schedule", "src/models/models.go", 18, 6, "high", "Beego model (convention)"),
    ]
    # Project is registered in a comment only; User has TableName().
    assert ("project", "src/models/models.go", 27, 6) not in {r[:4] for r in _refs()}


def test_diff_renames_orm_column_tags_and_notes_the_convention_models(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(root, "apply", str(tmp_path / "fix.patch"))
    assert (root / "src/models/user.go").read_text() == USER.replace(
        "column(realname)", "column(real_name)"
    ).replace('"harbor_user"', '"harbor_users"')
    assert (root / "src/models/models.go").read_text() == MODELS
    assert (root / "tests/test_copy.py").read_text() == TEST_PY.replace(
        "SELECT name FROM project WHERE", "SELECT name FROM projects WHERE"
    ).replace("SELECT * FROM project\n", "SELECT * FROM projects\n")
    assert (root / "src/api/doc.go").read_text() == BLOCK_GO
    assert (
        "src/models/models.go:13:6: RetentionPolicy not rewritten: Beego names its table "
        "retention_policy by convention; once the table is renamed, give it "
        'func (RetentionPolicy) TableName() string { return "retention_policies" }'
    ) in result.stderr
    # The prefix is Beego's to add: TableName() returns the rest.
    assert 'func (AuditLog) TableName() string { return "audit_logs" }' in result.stderr


def test_docstring_prose_and_block_comments_are_plain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch)
    refs = [r for r in _refs("--min-confidence", "plain") if r[0] == "project"]
    assert refs == [
        ("project", "src/api/doc.go", 4, 8, "plain", "comment"),
        ("project", "tests/test_copy.py", 6, 34, "plain", "docstring"),
        ("project", "tests/test_copy.py", 7, 29, "plain", "docstring"),
        # A docstring paragraph that is a whole statement, and a query string.
        ("project", "tests/test_copy.py", 14, 22, "high", "SQL"),
        ("project", "tests/test_copy.py", 18, 23, "high", "SQL"),
        ("project", "web/app.js", 2, 25, "high", "SQL"),
    ]


def test_views_and_cleanup_count_a_beego_convention_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    plan, refusal = views_then_refused_cleanup(root)
    assert 'CREATE VIEW "retention_policy" AS SELECT * FROM "retention_policies";' in plan
    assert 'CREATE VIEW "schedule" AS SELECT * FROM "schedules";' in plan
    assert "src/models/models.go:13 (retention_policy, by RetentionPolicy)" in refusal
    assert "src/models/models.go:18 (schedule)" in refusal
