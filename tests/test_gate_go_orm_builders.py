"""GORM's and xorm's schema calls a change adds to Go code are ``DBN013``.

Trial s38 gogs (whose schema is GORM models, migrated by ``AutoMigrate``
and by Go migrations in ``internal/database/migrations/vNN.go``): a new
migration running ``db.AutoMigrate(&BadThing{})`` over a struct tagged
``gorm:"column:OwnerRef;uniqueIndex:UQ_Bad"``, and
``db.Migrator().AddColumn(&User{}, "BadColumnName")``, passed ``check
--base`` and the hook with "All checks passed!", while the same migration
running ``db.Exec("CREATE TABLE BadTable ...")`` was refused. Gitea's
migrations (``models/migrations/v1_NN/vNNN.go``) make their tables with
xorm's ``x.Sync(new(T))`` the same way. Names an ORM makes from structs are
as unread as DDL in a string a code builds: refused when new, unless a
``// dbnamelint: ignore[DBN013] <reason>`` comment at the call accepts it.
The calls are GORM's ``AutoMigrate`` and ``Migrator`` methods that make or
rename names (GORM docs, "Migration") and xorm's ``Sync``/``Sync2``/
``CreateTables``/``CreateIndexes``/``CreateUniques``; a call of that name
in a file importing neither ORM, in a comment or a string, or with no
argument (``f.Sync()``), is none.

The oracle is real git (what the base commit holds, what the working tree
or the index holds now).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, commit_all, git, isolated_git_env, write_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MIGRATIONS = "internal/database/migrations"
GORM = """package migrations

import (
\t"gorm.io/gorm"
)

type BadThing struct {
\tID      int64
\tOwnerID int64 `gorm:"column:OwnerRef;uniqueIndex:UQ_Bad"`
}

func addBadThing(db *gorm.DB) error {
{body}
\treturn nil
}
"""
XORM = """package v1_23

import (
\t"xorm.io/xorm"
)

func AddBadTable(x *xorm.Engine) error {
\ttype BadTable struct {
\t\tID       int64  `xorm:"pk autoincr"`
\t\tUserName string `xorm:"INDEX"`
\t}
{body}
}
"""


def _check(*args: str) -> tuple[int, list[tuple[str, str, int, str]]]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [
        (d["code"], d["path"], d["line"], d["severity"])
        for d in [*report["diagnostics"], *report["findings"]]
        if d["severity"] != "info"
    ]
    return result.exit_code, found


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "gogs"
    root.mkdir()
    monkeypatch.chdir(root)
    adopted_repo(
        root,
        {
            "db/schema.sql": "CREATE TABLE users (id int PRIMARY KEY);\n",
            f"{MIGRATIONS}/v20.go": GORM.replace("{body}", "\t_ = db"),
        },
        "paths: [db]\ndialect: postgres\n",
    )
    return root


@pytest.mark.parametrize(
    ("body", "line"),
    [
        # the trial's migrations
        ("\tif err := db.AutoMigrate(&BadThing{}); err != nil {\n\t\treturn err\n\t}", 13),
        ('\t_ = db.Migrator().AddColumn(&BadThing{}, "OwnerID")', 13),
        ('\t_ = db.Migrator().\n\t\tCreateIndex(&BadThing{}, "UQ_Bad")', 14),
        ('\t_ = db.Migrator().RenameColumn(&BadThing{}, "owner_id", "OwnerRef")', 13),
    ],
)
def test_a_new_gorm_migration_is_refused(project: Path, body: str, line: int) -> None:
    new = f"{MIGRATIONS}/v22.go"
    (project / new).write_text(GORM.replace("{body}", body))
    # the call, and the struct's tag naming OwnerRef and UQ_Bad (line 9)
    want = [
        ("DBN013", new, line, "error"),
        ("DBN201", new, 9, "error"),
        ("DBN301", new, 9, "error"),
    ]
    assert _check("--base", "HEAD") == (1, want)
    git(project, "add", "-A")
    assert _check("--pre-commit") == (1, want)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD"])
    assert "GORM and xorm make from Go structs" in result.output


@pytest.mark.parametrize("call", ["x.Sync(new(BadTable))", "x.Sync2(new(BadTable))"])
def test_a_new_xorm_migration_is_refused(project: Path, call: str) -> None:
    """Gitea's migration style: a struct declared in the function, synced."""
    new = "models/migrations/v1_23/v300.go"
    write_files(project, {new: XORM.replace("{body}", f"\treturn {call}")})
    assert _check("--base", "HEAD") == (1, [("DBN013", new, 12, "error")])


def test_what_makes_no_names_or_is_accepted_passes(project: Path) -> None:
    """A GORM query, schema call names in a comment or string, a ``Sync`` in
    a file importing no ORM or with no argument, and a call accepted by the
    comment above it."""
    write_files(
        project,
        {
            f"{MIGRATIONS}/v22.go": GORM.replace(
                "OwnerRef;uniqueIndex:UQ_Bad", "owner_ref"
            ).replace(
                "{body}",
                '\tdb.Where("id = ?", 1).Find(&BadThing{})\n'
                "\t// db.AutoMigrate(&BadThing{})\n"
                '\t_ = "db.Migrator().CreateTable(&BadThing{})"\n'
                "\t// dbnamelint: ignore[DBN013] bad_things checked by hand\n"
                "\t_ = db.AutoMigrate(&BadThing{})",
            ),
            "internal/store/flush.go": 'package store\n\nimport "os"\n\n'
            "func flush(f *os.File, x *os.File) {\n\t_ = f.Sync()\n\tx.Sync(f)\n}\n",
            "models/migrations/v1_23/v300.go": XORM.replace(
                "{body}", "\t_ = x.Sync()\n\treturn nil"
            ),
        },
    )
    assert _check("--base", "HEAD") == (0, [])


def test_only_the_calls_a_change_adds_are_refused(project: Path) -> None:
    """Application code syncing its models at start: the committed call is
    history, a call the change adds is judged."""
    app = "internal/database/database.go"
    committed = "\t_ = db.AutoMigrate(&BadThing{})"
    write_files(project, {app: GORM.replace("{body}", committed)})
    commit_all(project, "app")
    write_files(
        project,
        {app: GORM.replace("{body}", f'{committed}\n\t_ = db.Migrator().CreateTable("Extra")')},
    )
    assert _check("--base", "HEAD") == (1, [("DBN013", app, 14, "error")])


APPLIED = """package migrations

import (
\t"gorm.io/gorm"
)

func addIndexToActionUserID(db *gorm.DB) error {
\ttype action struct {
\t\tUserID string `gorm:"{tag}"`
\t}
\treturn db.Migrator().CreateIndex(&action{}, "UserID")
}
"""


@pytest.mark.parametrize(
    ("tag", "line", "rule"),
    [
        ("index:IDX_Action_User", 9, "DBN301"),  # the trial's edit: the index's name
        ("index;column:UserRef", 9, "DBN201"),
    ],
)
def test_an_edited_applied_gorm_migration_is_dbn025(
    project: Path, tag: str, line: int, rule: str
) -> None:
    """Trial s38 gogs: ``v21.go``'s struct tag edited passed. Its structs,
    tags and calls are the DDL it ran, so a change to its Go code (comments
    and layout aside) edits an applied migration."""
    applied = f"{MIGRATIONS}/v21.go"
    write_files(project, {applied: APPLIED.replace("{tag}", "index")})
    commit_all(project, "v21")
    write_files(project, {applied: APPLIED.replace("{tag}", tag)})
    # the edit, and the name the edited tag writes
    want = [("DBN025", applied, line, "error"), (rule, applied, line, "error")]
    assert _check("--base", "HEAD") == (1, want)
    git(project, "add", "-A")
    assert _check("--pre-commit") == (1, want)


def test_comments_and_layout_of_an_applied_gorm_migration_may_change(project: Path) -> None:
    applied = f"{MIGRATIONS}/v21.go"
    write_files(project, {applied: APPLIED.replace("{tag}", "index")})
    commit_all(project, "v21")
    edited = APPLIED.replace("{tag}", "index").replace(
        "\treturn db", "\t// the index speeds up the feed\n\n\treturn  db"
    )
    write_files(project, {applied: edited})
    assert _check("--base", "HEAD") == (0, [])


MODEL = """package database

import "gorm.io/gorm"

var _ *gorm.DB

// AccessToken is a personal access token.
type AccessToken struct {
\tID     int64 `gorm:"primarykey"`
\tUserID int64 `gorm:"column:uid;index"`
{fields}
}
"""


def test_gorm_tags_a_change_adds_are_judged_by_the_rules(project: Path) -> None:
    """Trial s38 gogs: a field added to a model with ``column:BadField;
    uniqueIndex:UQ_Tok`` passed; the names a tag writes are now judged as the
    DDL AutoMigrate runs for them (a compliant one passes, one already
    committed is not judged again)."""
    app = "internal/database/access_tokens.go"
    write_files(project, {app: MODEL.replace("{fields}", '\tOld string `gorm:"column:OldCol"`')})
    commit_all(project, "model")
    added = (
        '\tOld string `gorm:"column:OldCol"`\n'
        '\tBadField string `gorm:"column:BadField;uniqueIndex:UQ_Tok"`\n'
        '\tGood string `gorm:"column:good_field;index:idx_access_tokens_good_field"`'
    )
    write_files(project, {app: MODEL.replace("{fields}", added)})
    code, found = _check("--base", "HEAD")
    assert code == 1
    assert sorted({(c, line) for c, path, line, _s in found if path == app}) == [
        ("DBN201", 12),
        ("DBN301", 12),
    ]
    git(project, "add", "-A")
    assert _check("--pre-commit")[0] == 1


GITEA_MODEL = """package user

import "code.gitea.io/gitea/models/db"

func init() {
\tdb.RegisterModel(new(User))
}

// User represents the object of individual and member of organization.
type User struct {
\tID        int64  `xorm:"pk autoincr"`
\tLowerName string `xorm:"UNIQUE NOT NULL"`
{fields}
}
"""


def test_xorm_tags_naming_a_column_a_change_adds_are_judged(project: Path) -> None:
    """Gitea's models (``models/user/user.go``) import no xorm: the tag is
    xorm's alone. A quoted name in it (``'BadCol'``) is the column xorm makes,
    judged as that DDL; a compliant one and a tag naming none pass."""
    app = "models/user/user.go"
    write_files(project, {app: GITEA_MODEL.replace("{fields}", "")})
    commit_all(project, "model")
    added = (
        "\tBadCol    string `xorm:\"'BadCol' VARCHAR(40)\"`\n"
        "\tGoodCol   string `xorm:\"'good_col' INDEX\"`\n"
        '\tPlain     string `xorm:"TEXT"`'
    )
    write_files(project, {app: GITEA_MODEL.replace("{fields}", added)})
    assert _check("--base", "HEAD") == (1, [("DBN201", app, 13, "error")])


GOTIFY_MODEL = """package model

import "time"

// Message holds a message (gotify's model/: the package imports no gorm).
type Message struct {
\tID    uint `gorm:"primary_key;AUTO_INCREMENT;index"`
\tDate  time.Time
{fields}
}
"""


def test_gorm_tags_are_judged_in_a_package_that_imports_no_gorm(project: Path) -> None:
    """Confirmation s39c gotify: its models live in ``model/``, whose files
    import no gorm (``database/`` imports it and runs AutoMigrate over them);
    ``ReadAt *time.Time `gorm:"column:ReadAt;index:IX_MsgRead"``` passed the
    hook and ``check --base``. A ``gorm:"..."`` tag is GORM's whatever its
    file imports."""
    app = "model/message.go"
    write_files(project, {app: GOTIFY_MODEL.replace("{fields}", "")})
    commit_all(project, "model")
    added = '\tReadAt *time.Time `gorm:"column:ReadAt;index:IX_MsgRead"`'
    write_files(project, {app: GOTIFY_MODEL.replace("{fields}", added)})
    code, found = _check("--base", "HEAD")
    assert code == 1
    assert sorted({(c, line) for c, path, line, _s in found if path == app}) == [
        ("DBN201", 9),
        ("DBN301", 9),
    ]
    git(project, "add", "-A")
    assert _check("--pre-commit")[0] == 1
