"""GORM's naming convention, its clause strings, and .properties/.ini values.

1. A GORM model without ``TableName()`` reads the table GORM's default
   NamingStrategy gives it (gorm.io/docs/conventions.html, "Pluralized Table
   Name": "GORM pluralizes struct name to snake_cases as table name, for
   struct User, its table name is users"): ``type PageView struct`` is
   ``page_views``. impact did not see it, so a renamed ``page_views`` looked
   unused by the Go code.
2. A chain's clause strings (GORM, "Query > Conditions": ``db.Where("name =
   ?", "jinzhu")``, ``db.Order("age desc")``) hold column names with no SQL
   statement around them: a renamed column there was plain text, left out
   of the report and the patch.
3. A ``.properties``/``.ini`` value of English (``title=Update tags``) read
   as SQL and made a high-confidence finding.

Oracles: GORM's documented convention and real git (``git apply``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from impact_json import impact_items, impact_json

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = (
    "CREATE TABLE page_views (id int PRIMARY KEY, r_id int, created_at timestamp);\n"
    "CREATE TABLE categories (id int PRIMARY KEY, r_id int);\n"
    "CREATE TABLE users (id int PRIMARY KEY, r_id int);\n"
    "CREATE TABLE tags (id int PRIMARY KEY);\n"
)
WHITELIST = """\
phases:
  - {id: "1", title: "Names", status: open}
entries:
  - {kind: table, name: page_views, phase: "1", target: site_page_views}
  - {kind: table, name: categories, phase: "1", target: topic_categories}
  - {kind: table, name: users, phase: "1", target: app_users}
  - {kind: table, name: tags, phase: "1", target: app_tags}
  - {kind: column, name: page_views.r_id, phase: "1", target: referrer_id}
  - {kind: column, name: page_views.created_at, phase: "1", target: viewed_at}
  - {kind: column, name: users.r_id, phase: "1", target: region_id}
"""

#: A model by convention (GORM pluralizes Category as categories), one with
#: TableName() in another file of its package, and a struct of a file without
#: GORM (no model: a JSON payload).
MODELS = """\
package models

import (
	"time"

	"gorm.io/gorm"
)

type PageView struct {
	ID        uint
	RID       int
	CreatedAt time.Time
}

type (
	Category struct {
		ID  uint
		RID int
	}
	Member struct {
		ID uint
	}
)

func Recent(db *gorm.DB, r int) []PageView {
	var views []PageView
	db.Where("r_id = ?", r).Order("created_at desc").Find(&views)
	db.Model(&PageView{}).
		Where("r_id=?", r).
		Count(nil)
	var members []Member
	db.Where("r_id = ?", r).Find(&members) // TableName() in tables.go
	return views
}
"""
TABLES = """\
package models

func (Member) TableName() string { return "users" }
"""
PAYLOAD = """\
package api

type User struct {
	Name string `json:"name"`
}
"""
PROPERTIES = """\
query.users=SELECT * FROM users
title=Update tags
description = select the users you want
"""
INI = """\
[queries]
count = SELECT count(*)
  FROM tags
label = Update tags
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": SCHEMA,
        "models/page_view.go": MODELS,
        "models/tables.go": TABLES,
        "api/user.go": PAYLOAD,
        "conf/app.properties": PROPERTIES,
        "conf/app.ini": INI,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _refs(path: str) -> list[tuple[str, int, int, str, str]]:
    data = impact_json()
    return sorted(
        (obj["name"], i["line"], i["column"], i["confidence"], i["context"])
        for obj, i in impact_items(data)
        if i["path"] == path
    )


def test_a_gorm_struct_without_table_name_names_its_table_by_convention(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch)
    refs = _refs("models/page_view.go")
    assert ("page_views", 9, 6, "high", "GORM model (convention)") in refs
    assert ("categories", 16, 2, "high", "GORM model (convention)") in refs
    # Member says TableName() "users" in tables.go; api.User's file has no GORM.
    assert not [r for r in refs if r[0] == "users"]
    assert _refs("api/user.go") == []


def test_gorm_clause_strings_hold_their_chains_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch)
    columns = [r for r in _refs("models/page_view.go") if "." in r[0]]
    assert columns == [
        # The fields name their columns too (GORM's NamingStrategy.ColumnName: RID is r_id).
        ("page_views.created_at", 12, 2, "high", "GORM model field"),
        ("page_views.created_at", 27, 33, "high", "SQL"),
        ("page_views.r_id", 11, 2, "high", "GORM model field"),
        ("page_views.r_id", 27, 12, "high", "SQL"),
        ("page_views.r_id", 29, 10, "high", "SQL"),
        # The chain's model is Member, whose TableName() is users.
        ("users.r_id", 32, 12, "high", "SQL"),
    ]


def test_properties_and_ini_values_are_sql_only_when_they_read_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch)
    assert _refs("conf/app.properties") == [
        ("tags", 2, 14, "plain", "text"),
        ("users", 1, 27, "high", "SQL"),
        ("users", 3, 26, "plain", "text"),
    ]
    assert _refs("conf/app.ini") == [
        ("tags", 3, 8, "high", "SQL"),
        ("tags", 4, 16, "plain", "text"),
    ]


def test_diff_renames_clause_columns_and_leaves_the_struct_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(root, "apply", str(tmp_path / "fix.patch"))
    assert (root / "models/page_view.go").read_text() == (
        MODELS.replace('Where("r_id = ?", r).Order("created_at desc")', "X")
        .replace("RID       int\n", 'RID       int `gorm:"column:referrer_id"`\n', 1)
        .replace("CreatedAt time.Time", 'CreatedAt time.Time `gorm:"column:viewed_at"`')
        .replace('Where("r_id=?"', 'Where("referrer_id=?"')
        .replace('Where("r_id = ?", r).Find(&members)', 'Where("region_id = ?", r).Find(&members)')
        .replace("X", 'Where("referrer_id = ?", r).Order("viewed_at desc")')
    )
    assert (root / "conf/app.properties").read_text() == PROPERTIES.replace(
        "FROM users", "FROM app_users"
    )
    assert (root / "conf/app.ini").read_text() == INI.replace("FROM tags", "FROM app_tags")
    assert (
        "models/page_view.go:9:6: PageView not rewritten: GORM names its table page_views by "
        "convention; once the table is renamed, give it "
        'func (PageView) TableName() string { return "site_page_views" }'
    ) in result.stderr


def test_a_gorm_tagged_struct_of_a_package_importing_no_gorm_is_a_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Confirmation s39c gotify: ``model.PluginConf`` (``model/`` imports no
    gorm; ``database/`` runs AutoMigrate over it) maps ``plugin_confs``, but
    ``impact`` said the table was not referenced. A struct whose fields carry
    ``gorm:"..."`` tags is GORM's model whatever its package imports; a
    struct without them there stays no model."""
    files = {
        "dbnamelint.yaml": "paths: [db]\n",
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": SCHEMA,
        "model/tag.go": (
            "package model\n\n"
            "// Tag is a label (the package imports no gorm).\n"
            "type Tag struct {\n"
            '\tID   uint `gorm:"primary_key;AUTO_INCREMENT"`\n'
            "\tName string\n"
            "}\n\n"
            "// Category is a plain payload: no gorm tag, no model.\n"
            "type Category struct {\n\tID uint\n}\n"
        ),
    }
    committed_repo(tmp_path / "repo", files, monkeypatch)
    refs = _refs("model/tag.go")
    assert ("tags", 4, 6, "high", "GORM model (convention)") in refs
    assert not [r for r in refs if r[0] == "categories"]
