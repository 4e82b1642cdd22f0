"""Column mappings name their struct's or class's table's column (trial s33, harbor).

harbor's 0004 migration renamed ``replication_target`` to ``registry`` and its
columns ``username``/``password`` to ``access_key``/``access_secret``.
``impact --diff`` rewrote ``orm:"column(username)"`` in ``AuditLog``
(``TableName()`` returns ``"audit_log"``) and ``User`` (``models.UserTable``)
too: every user and audit-log query of the patched Harbor fails, since
those tables have no ``access_key`` column. A mapping of a struct or class
whose table is known and is another is no reference; one whose table is
not known is plain (listed, not patched) unless every table with that
column renames it alike. Followed for Go's ``orm``/``gorm``/``db`` tags,
SQLAlchemy's ``Column()``, Django's ``db_column``, TypeORM's and JPA's
``@Column``.

Oracle: PostgreSQL's catalog (which tables have which columns after the
schema below is applied) and real git (``git apply`` of the patch).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from impact_json import impact_items, impact_json

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = """\
CREATE TABLE registry (id serial PRIMARY KEY, username text, password text);
CREATE TABLE harbor_user (user_id serial PRIMARY KEY, username text, password text);
CREATE TABLE audit_log (id serial PRIMARY KEY, username text);
"""
RENAME = """\
ALTER TABLE registry RENAME COLUMN username TO access_key;
ALTER TABLE registry RENAME COLUMN password TO access_secret;
"""
REGISTRY_GO = """\
package dao

import "github.com/beego/beego/v2/client/orm"

type Registry struct {
	ID       int64  `orm:"pk;auto;column(id)"`
	Username string `orm:"column(username)"`
	Password string `orm:"column(password)"`
}

func (r *Registry) TableName() string { return "registry" }

var _ = orm.NewOrm
"""
AUDIT_GO = """\
package model

type AuditLog struct {
	ID       int64  `orm:"pk;auto;column(id)"`
	Username string `orm:"column(username)"`
}

func (a *AuditLog) TableName() string { return "audit_log" }
"""
#: harbor's user dao: its TableName() returns another package's constant.
USER_GO = """\
package dao

import "example.com/common/models"

type User struct {
	UserID   int    `orm:"pk;auto;column(user_id)"`
	Username string `orm:"column(username)"`
	Password string `orm:"column(password)"`
}

func (u *User) TableName() string { return models.UserTable }
"""
#: A GORM model named by convention (audit_logs is not in the schema: not known)
#: and one with its TableName().
GORM_GO = """\
package store

import "gorm.io/gorm"

type HarborUser struct {
	Username string `gorm:"column:username"`
}

func (HarborUser) TableName() string { return "harbor_user" }

type Registry struct {
	Username string `gorm:"column:username;not null"`
}

func (Registry) TableName() string { return "registry" }

var _ *gorm.DB
"""
MODELS_PY = """\
from sqlalchemy import Column, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class AuditLog(Base):
    __tablename__ = "audit_log"
    username = Column("username", String)


class Registry(Base):
    __tablename__ = "registry"
    username = Column("username", String)
"""
ENTITIES_TS = """\
import { Column, Entity } from "typeorm";

@Entity("harbor_user")
export class HarborUser {
  @Column({ name: "username" })
  name: string;
}

@Entity({ name: "registry" })
export class Registry {
  @Column({ name: "username" })
  name: string;
}
"""
USER_JAVA = """\
package harbor;

import jakarta.persistence.*;

@Entity
@Table(name = "harbor_user")
public class HarborUser {
    @Column(name = "password")
    private String password;
}
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "db/001_init.sql": SCHEMA,
        "db/002_rename.sql": RENAME,
        "src/reg/dao/model.go": REGISTRY_GO,
        "src/audit/model/model.go": AUDIT_GO,
        "src/user/dao/user.go": USER_GO,
        "src/store/models.go": GORM_GO,
        "app/models.py": MODELS_PY,
        "web/entities.ts": ENTITIES_TS,
        "java/HarborUser.java": USER_JAVA,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _refs() -> list[tuple[str, str, int, str, str]]:
    return sorted(
        (obj["name"], i["path"], i["line"], i["confidence"], i["context"])
        for obj, i in impact_items(impact_json("--renamed-only"))
    )


def test_a_mapping_of_another_tables_struct_is_no_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch)
    refs = [r for r in _refs() if not r[1].startswith("db/")]
    high = [r for r in refs if r[3] == "high"]
    assert high == [
        ("registry.access_key", "app/models.py", 14, "high", "SQLAlchemy Column()"),
        ("registry.access_key", "src/reg/dao/model.go", 7, "high", "Go struct tag orm column"),
        ("registry.access_key", "src/store/models.go", 12, "high", "Go struct tag gorm column"),
        ("registry.access_key", "web/entities.ts", 11, "high", "TypeORM @Column"),
        ("registry.access_secret", "src/reg/dao/model.go", 8, "high", "Go struct tag orm column"),
    ]
    # harbor's User: TableName() returns models.UserTable, not read here.
    unknown = "Go struct tag orm column (its struct's table not known)"
    assert ("registry.access_key", "src/user/dao/user.go", 7, "plain", unknown) in refs
    assert ("registry.access_secret", "src/user/dao/user.go", 8, "plain", unknown) in refs
    places = {(r[1], r[2]) for r in refs if r[4] != "text"}
    for other in (
        ("src/audit/model/model.go", 5),
        ("src/store/models.go", 6),
        ("app/models.py", 9),
        ("web/entities.ts", 5),
        ("java/HarborUser.java", 8),
    ):
        assert other not in places


def test_diff_rewrites_only_the_renamed_tables_mappings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    result = CliRunner().invoke(cli, ["impact", "--diff", "--renamed-only"])
    assert result.exit_code == 0, result.output
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(root, "apply", str(tmp_path / "fix.patch"))
    assert (root / "src/reg/dao/model.go").read_text() == REGISTRY_GO.replace(
        "column(username)", "column(access_key)"
    ).replace("column(password)", "column(access_secret)")
    for path, text in (
        ("src/audit/model/model.go", AUDIT_GO),
        ("src/user/dao/user.go", USER_GO),
        ("java/HarborUser.java", USER_JAVA),
    ):
        assert (root / path).read_text() == text
    assert (root / "src/store/models.go").read_text() == GORM_GO.replace(
        'gorm:"column:username;not null"', 'gorm:"column:access_key;not null"'
    )
    assert (root / "app/models.py").read_text() == MODELS_PY.replace(
        'registry"\n    username = Column("username"',
        'registry"\n    username = Column("access_key"',
    )
    assert (root / "web/entities.ts").read_text() == ENTITIES_TS.replace(
        'export class Registry {\n  @Column({ name: "username" })',
        'export class Registry {\n  @Column({ name: "access_key" })',
    )


UNKNOWN = " (its struct's table not known)"
_TAG_COLUMNS = re.compile(r'column\((\w+)\)|Column\(name = "(\w+)"')


def test_the_patched_mappings_name_columns_their_tables_have(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: Any
) -> None:
    """PostgreSQL's catalog after the schema and the renames: every column a
    one-table file maps after ``git apply`` is one its table has."""
    with pg.fresh_database("dbnl_impact_mapping_owners") as db:
        pg.run(sql=SCHEMA, dbname=db)
        pg.run(sql=RENAME, dbname=db)
        rows = pg.query_json(
            "SELECT table_name AS t, column_name AS c FROM information_schema.columns"
            " WHERE table_schema = 'public'",
            db,
        )
    catalog: dict[str, set[str]] = {}
    for row in rows:
        catalog.setdefault(row["t"], set()).add(row["c"])
    root = _repo(tmp_path, monkeypatch)
    result = CliRunner().invoke(cli, ["impact", "--diff", "--renamed-only"])
    assert result.exit_code == 0, result.output
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(root, "apply", str(tmp_path / "fix.patch"))
    for path, table in (
        ("src/reg/dao/model.go", "registry"),
        ("src/audit/model/model.go", "audit_log"),
        ("src/user/dao/user.go", "harbor_user"),
        ("java/HarborUser.java", "harbor_user"),
    ):
        text = (root / path).read_text()
        mapped = {a or b for a, b in _TAG_COLUMNS.findall(text)}
        assert mapped and mapped <= catalog[table], (path, mapped, catalog[table])


MIXIN_PY = """\
from sqlalchemy import Column, String
from sqlalchemy.orm import declared_attr


class User(Base):
    @declared_attr
    def __tablename__(cls):
        return cls.__name__.lower() + "s"

    username = Column("username", String)
"""


def test_a_class_whose_table_is_not_written_is_listed_plain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No literal names User's table: harbor_user (which ends in _user, as a
    Django model's default table would) is no reason to drop it, and since
    harbor_user keeps its username the place is not sure either."""
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "db/001_init.sql": (
            "CREATE TABLE users (id serial PRIMARY KEY, username text);\n"
            "CREATE TABLE harbor_user (user_id serial PRIMARY KEY, username text);\n"
        ),
        "db/002_rename.sql": "ALTER TABLE users RENAME COLUMN username TO login;\n",
        "app/user.py": MIXIN_PY,
    }
    committed_repo(tmp_path / "repo", files, monkeypatch)
    refs = [r for r in _refs() if r[1] == "app/user.py" and r[4] != "text"]
    assert refs == [
        ("users.login", "app/user.py", 10, "plain", "SQLAlchemy Column()" + UNKNOWN),
    ]
