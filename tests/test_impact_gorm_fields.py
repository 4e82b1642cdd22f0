"""GORM model fields whose column comes from the field's name (gophish, s23).

gophish's ``type Header struct { Id int64; Key string `json:"key"` }`` maps
to column ``headers.key``: GORM's default ``NamingStrategy.ColumnName`` is
``toDBName`` of the field's name (gorm.io/docs/conventions.html, "Column
Name": "Column db name uses the field's name's snake_case by convention").
Renaming the column reported no high-confidence reference, ``--diff`` left
the model alone, and GORM's INSERT failed after the migration. Oracles:
GORM's own ``toDBName`` test table (go-gorm/gorm ``schema/naming_test.go``),
GORM's documented tags (``column``, ``-``, ``embedded``,
``embeddedPrefix``; anonymous fields are embedded), and real git (``git apply``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.impact.gormfields import column_name, with_column
from git_helpers import committed_repo, git
from impact_json import impact_items, impact_json

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

#: go-gorm/gorm schema/naming_test.go, TestToDBName.
GORM_TO_DB_NAME = {
    "x": "x",
    "X": "x",
    "userRestrictions": "user_restrictions",
    "ThisIsATest": "this_is_a_test",
    "PFAndESI": "pf_and_esi",
    "AbcAndJkl": "abc_and_jkl",
    "EmployeeID": "employee_id",
    "SKU_ID": "sku_id",
    "FieldX": "field_x",
    "HTTPAndSMTP": "http_and_smtp",
    "HTTPServerHandlerForURLID": "http_server_handler_for_url_id",
    "UUID": "uuid",
    "HTTPURL": "http_url",
    "HTTP_URL": "http_url",
    "SHA256Hash": "sha256_hash",
    "SHA256HASH": "sha256_hash",
    "ThisIsActuallyATestSoWeMayBeAbleToUseThisCodeInGormPackageAlsoIdCanBeUsedAtTheEndAsID": (
        "this_is_actually_a_test_so_we_may_be_able_to_use_this_code_in_gorm_package_also_id_"
        "can_be_used_at_the_end_as_id"
    ),
}


@pytest.mark.parametrize(("field", "column"), sorted(GORM_TO_DB_NAME.items()))
def test_column_name_is_gorms_to_db_name(field: str, column: str) -> None:
    assert column_name(field) == column


@pytest.mark.parametrize(
    ("field", "column"), [("Key", "key"), ("CreatedAt", "created_at"), ("UserID", "user_id")]
)
def test_jinzhu_gorm_names_common_fields_alike(field: str, column: str) -> None:
    assert column_name(field, v1=True) == column


@pytest.mark.parametrize(
    ("line", "mapped"),
    [
        ("\tKey string", '\tKey string `gorm:"column:k2"`'),
        ('\tKey string `json:"key"`', '\tKey string `json:"key" gorm:"column:k2"`'),
        (
            '\tKey string `gorm:"size:64;not null" json:"key"` // the key',
            '\tKey string `gorm:"column:k2;size:64;not null" json:"key"` // the key',
        ),
        ("\tKey *string // c", '\tKey *string `gorm:"column:k2"` // c'),
    ],
)
def test_with_column_merges_into_the_tag(line: str, mapped: str) -> None:
    assert with_column(line, "k2") == mapped


SCHEMA = """\
CREATE TABLE headers (id integer PRIMARY KEY, `key` varchar(255), `value` varchar(255));
CREATE TABLE accounts (id integer PRIMARY KEY, created_at datetime, employee_id int,
  legacy_name varchar(9), note varchar(9), audit_by varchar(9), size_code varchar(9));
CREATE TABLE invoices (id integer PRIMARY KEY, created_at datetime);
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Names", status: open}
entries:
  - {kind: column, name: headers.key, phase: "1", target: header_key}
  - {kind: column, name: accounts.employee_id, phase: "1", target: staff_id}
  - {kind: column, name: accounts.legacy_name, phase: "1", target: display_name}
  - {kind: column, name: accounts.note, phase: "1", target: remark}
  - {kind: column, name: accounts.audit_by, phase: "1", target: audited_by}
  - {kind: column, name: accounts.size_code, phase: "1", target: size_key}
  - {kind: column, name: accounts.created_at, phase: "1", target: opened_at}
"""
#: gophish's models/smtp.go, reduced (jinzhu/gorm).
SMTP = """\
package models

import "github.com/jinzhu/gorm"

var db *gorm.DB

type Header struct {
	Id    int64
	Key   string `json:"key"`
	Value string `json:"value"`
}
"""
#: gorm.io/gorm: an embedded struct shared by two tables, an embedded prefix,
#: an explicit column, an ignored field, a relation, a tag to merge into.
ACCOUNT = """\
package models

import (
	"time"

	"gorm.io/gorm"
)

type Base struct {
	ID        uint
	CreatedAt time.Time
}

type Audit struct {
	By string
}

type Account struct {
	Base
	EmployeeID uint
	Name       string `gorm:"column:legacy_name"`
	Note       string `gorm:"-"`
	Audit      Audit  `gorm:"embedded;embeddedPrefix:audit_"`
	SizeCode   string `gorm:"size:9" json:"size"`
	Invoices   []Invoice
}

type Invoice struct {
	Base
}

func Open(db *gorm.DB) { db.AutoMigrate(&Account{}) }
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: mysql\n",
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": SCHEMA,
        "go.mod": "module x\n\ngo 1.20\n",
        "models/smtp.go": SMTP,
        "models/account.go": ACCOUNT,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _high(path: str) -> list[tuple[str, int, int, str]]:
    return sorted(
        (obj["name"], i["line"], i["column"], i["context"])
        for obj, i in impact_items(impact_json())
        if i["path"] == path and i["confidence"] == "high"
    )


def test_a_field_named_as_a_renamed_column_is_a_high_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch)
    assert _high("models/smtp.go") == [("headers.key", 9, 2, "GORM model field")]


def test_embedded_prefixed_and_tagged_fields_follow_gorms_tags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch)
    refs = _high("models/account.go")
    fields = [r for r in refs if r[3].startswith("GORM model field")]
    assert fields == [
        ("accounts.audit_by", 15, 2, "GORM model field"),  # Audit.By, embeddedPrefix audit_
        # Base is embedded in Invoice too: invoices.created_at is not renamed.
        ("accounts.created_at", 11, 2, "GORM model field (shared)"),
        ("accounts.employee_id", 20, 2, "GORM model field"),
        ("accounts.size_code", 24, 2, "GORM model field"),
    ]
    # The explicit column is its tag's text; gorm:"-" names no column.
    assert not [r for r in refs if r[0] == "accounts.note"]
    assert ("accounts.legacy_name", 21, 34, "Go struct tag gorm column") in refs


def test_diff_maps_the_fields_with_column_tags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(root, "apply", str(tmp_path / "fix.patch"))
    assert (root / "models/smtp.go").read_text() == SMTP.replace(
        '`json:"key"`', '`json:"key" gorm:"column:header_key"`'
    )
    assert (root / "models/account.go").read_text() == (
        ACCOUNT.replace("\tBy string", '\tBy string `gorm:"column:audited_by"`')
        .replace("EmployeeID uint", 'EmployeeID uint `gorm:"column:staff_id"`')
        .replace('column:legacy_name"', 'column:display_name"')
        .replace('`gorm:"size:9" json', '`gorm:"column:size_key;size:9" json')
    )
    assert (
        "models/account.go:11:2: CreatedAt not rewritten: GORM names its column created_at "
        "from the field's name, and its struct gives columns to several tables (embedded), "
        'which one tag would rename alike; map it by hand (gorm:"column:opened_at")'
    ) in result.stderr


def test_fields_after_a_nested_struct_and_braces_on_one_line_are_read() -> None:
    from dbnamelint.impact.gormfields import fields

    text = (
        "type T struct {\n"
        "\tMeta map[string]interface{}\n"
        "\tInner struct {\n\t\tHidden int\n\t}\n"
        '\tLast string `sql:"-"`\n'
        "}\n"
    )
    assert [(f.name, f.type) for f in fields(text, text.index("{"))] == [
        ("Meta", "map[string]interface{}"),
        ("Last", "string"),
    ]


#: photoprism's internal/entity/photo_album.go, reduced: the model's file
#: imports only "time"; another file of the package imports jinzhu's GORM.
PHOTO_ALBUM = """\
package models

import "time"

type PhotoAlbum struct {
	PhotoUID  string    `gorm:"type:VARBINARY(42);primary_key" json:"PhotoUID"`
	Order     int       `json:"Order" yaml:"Order,omitempty"`
	CreatedAt time.Time `json:"CreatedAt"`
}

func (PhotoAlbum) TableName() string {
	return "photos_albums"
}
"""


def test_a_model_whose_file_does_not_import_gorm_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s24 photoprism: ``Order int`` of ``PhotoAlbum`` (column
    ``photos_albums.order``) had no high-confidence reference, as its file
    does not import GORM; the package's ``db.go`` does, and its fields carry
    ``gorm:`` tags. GORM reads the struct all the same."""
    root = _repo(tmp_path, monkeypatch)
    (root / "db/002_albums.sql").write_text(
        "CREATE TABLE photos_albums (photo_uid varbinary(42), `order` int, created_at datetime);\n"
    )
    (root / "whitelist.yaml").write_text(
        WHITELIST
        + '  - {kind: column, name: photos_albums.order, phase: "1", target: sort_order}\n'
    )
    (root / "models/photo_album.go").write_text(PHOTO_ALBUM)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "albums")
    assert _high("models/photo_album.go") == [("photos_albums.order", 7, 2, "GORM model field")]
    # a struct without gorm tags in a file not importing GORM is not a model
    (root / "models/photo_album.go").write_text(
        PHOTO_ALBUM.replace('gorm:"type:VARBINARY(42);primary_key" ', "")
    )
    git(root, "commit", "-qam", "no tags")
    assert _high("models/photo_album.go") == []
