"""An xorm tag's bare word names its column, as xorm's tag parser reads it.

Trial s39 woodpecker: its models write column names bare
(``xorm:"name UNIQUE(s) INDEX"``, ``xorm:"repo_id"``). xorm's
``Parser.parseFieldWithTags`` (xorm.io/xorm ``tags/parser.go``) gives each
word of the tag, upper-cased, to its handler (``defaultTagHandlers`` of
``tags/tag.go``, and every ``schemas.SqlTypes`` name); a word none takes is
the column's name, quoted or not, the last one winning; ``DEFAULT`` without
parentheses takes the next word as its value; ``-`` and ``extends`` make no
column. Only a name in single quotes was judged, so a new field
``BadField string `xorm:"BadField"``` passed the gate and the hook. The table
is the struct's ``TableName()`` when it has one (woodpecker's ``Cron`` is
``crons``), else xorm's mapper's snake_case of the struct's name.

``TableName()`` is the ORMs' own way to name (and rename) a table: xorm's
and GORM's ``Sync``/``AutoMigrate`` create the table it returns. A change
to its returned name (``"crons"`` made ``"CronJobs"``), or a new model's
(``"BadThings"``), passed too; it is now judged as the ``CREATE TABLE`` the
ORM runs, at the returned literal. The oracle is real git; what xorm takes
as a keyword is its source's, cited above.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.go_orm_tags import xorm_column
from git_helpers import adopted_repo, commit_all, git, isolated_git_env, write_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MODEL = "server/model/cron.go"
CRON = """package model

type Cron struct {
\tID       int64  `json:"id"       xorm:"pk autoincr 'id'"`
\tName     string `json:"name"     xorm:"name UNIQUE(s) INDEX"`
{fields}}

// TableName returns the database table name for xorm.
func (Cron) TableName() string {
\treturn "crons"
}
"""


@pytest.mark.parametrize(
    ("settings", "column"),
    [
        ("BadField", "BadField"),
        ("'BadField' VARCHAR(40)", "BadField"),
        ("varchar(255) NOT NULL BadField", "BadField"),
        ("name UNIQUE(s) INDEX", "name"),
        ("timezone NOT NULL DEFAULT 'UTC'", "timezone"),
        ("json 'variables'", "variables"),
        ("first second", "second"),  # each bare word sets the name: the last wins
        ("comment('a b') x_y", "x_y"),
        # keywords, case aside: the mapper's name
        ("created NOT NULL DEFAULT 0", None),
        ("pk autoincr", None),
        ("TEXT JSON", None),
        ("UNIQUE(s) INDEX", None),
        ("DEFAULT Foo", None),  # DEFAULT's value
        ("LongText", None),
        ("-", None),
        ("extends", None),
    ],
)
def test_the_column_a_tag_names(settings: str, column: str | None) -> None:
    assert xorm_column(settings) == column


def _check(*args: str) -> tuple[int, list[tuple[str, str, int, str]]]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    return result.exit_code, [
        (d["code"], d["path"], d["line"], d.get("qualified_name", ""))
        for d in [*report["diagnostics"], *report["findings"]]
        if d["severity"] != "info"
    ]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "woodpecker"
    root.mkdir()
    monkeypatch.chdir(root)
    adopted_repo(
        root,
        {
            "db/schema.sql": "CREATE TABLE crons (id bigint NOT NULL, name text);\n",
            MODEL: CRON.replace("{fields}", ""),
        },
        "paths: [db]\ndialect: postgres\n",
    )
    return root


def test_a_bare_bad_column_name_is_refused(project: Path) -> None:
    added = (
        '\tBadField string `json:"bad"      xorm:"BadField"`\n'
        '\tNextRun  int64  `json:"next_run" xorm:"next_run NOT NULL DEFAULT 0"`\n'
        '\tCreated  int64  `json:"created"  xorm:"created NOT NULL DEFAULT 0"`\n'
        '\tVars     string `json:"vars"     xorm:"json \'variables\'"`\n'
    )
    write_files(project, {MODEL: CRON.replace("{fields}", added)})
    want = (1, [("DBN201", MODEL, 6, "crons.BadField")])
    assert _check("--base", "HEAD") == want
    git(project, "add", "-A")
    assert _check("--pre-commit") == want


def test_compliant_and_committed_names_pass(project: Path) -> None:
    added = '\tNextRun  int64  `json:"next_run" xorm:"next_run NOT NULL DEFAULT 0"`\n'
    write_files(project, {MODEL: CRON.replace("{fields}", added)})
    assert _check("--base", "HEAD") == (0, [])
    commit_all(project, "next_run")
    # a committed field's tag, its line untouched, is not new
    edited = CRON.replace("{fields}", added).replace("// TableName", "// TableName, xorm's")
    write_files(project, {MODEL: edited})
    assert _check("--base", "HEAD") == (0, [])


@pytest.mark.parametrize(
    ("table", "want"),
    [("CronJobs", (1, [("DBN101", MODEL, 10, "CronJobs")])), ("cron_jobs", (0, []))],
)
def test_a_table_name_method_s_new_name_is_judged(
    project: Path, table: str, want: tuple[int, list[tuple[str, str, int, str]]]
) -> None:
    write_files(project, {MODEL: CRON.replace("{fields}", "").replace('"crons"', f'"{table}"')})
    assert _check("--base", "HEAD") == want
    git(project, "add", "-A")
    assert _check("--pre-commit") == want


GORM_MODEL = """package model

import "gorm.io/gorm"

type Token struct {
\tgorm.Model
\tValue string
}

func (Token) TableName() string {
\treturn "{table}"
}
"""


def test_a_gorm_model_s_table_name_is_judged_too(project: Path) -> None:
    gorm = "server/model/token.go"
    write_files(project, {gorm: GORM_MODEL.replace("{table}", "AccessTokens")})
    want = (1, [("DBN101", gorm, 11, "AccessTokens")])
    assert _check("--base", "HEAD") == want
    write_files(project, {gorm: GORM_MODEL.replace("{table}", "access_tokens")})
    assert _check("--base", "HEAD") == (0, [])
