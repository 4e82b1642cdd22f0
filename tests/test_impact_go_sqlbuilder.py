"""go-sqlbuilder's builders name tables and columns (trial s20, shiori).

shiori builds its queries with github.com/huandu/go-sqlbuilder, one call per
statement on a builder variable (``sb.From("tag t")``, ``sb.JoinWithOption(
sqlbuilder.LeftJoin, "bookmark_tag bt", "bt.tag_id = t.id")``,
``ib.InsertInto("bookmark_tag")``, ``db.DeleteFrom("bookmark_tag")``).
``impact`` read only ``.From``/``.Update``/``.Join`` as table calls: the
others were plain text, ``--diff`` left them, and ``migrate --cleanup
--write`` dropped the compatibility views the code still read (PostgreSQL:
``relation "bookmark_tag" does not exist``). The fixtures' calls are
go-sqlbuilder's own API (its source: ``SelectBuilder.JoinWithOption(option,
table string, onExpr ...string)``, ``InsertBuilder.InsertInto(table)``/
``Cols(col ...string)``, ``DeleteBuilder.DeleteFrom(table ...string)``,
``UpdateBuilder.Set(assignment ...string)``/``Assign(field, value)``,
``Cond.Equal(field, value)``...). Oracles: real ``git apply`` of the patch,
and real PostgreSQL preparing the SQL the patched calls build (written here by
hand from the calls, as go-sqlbuilder's ``Build()`` writes it for the
PostgreSQL flavor) on the renamed schema, where the unpatched SQL fails.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from impact_json import impact_items, impact_json
from impact_notes import views_then_refused_cleanup
from pg_server import PgServer, SqlFailed

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = """\
CREATE TABLE tag (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE bookmark_tag (bookmark_id int NOT NULL, tag_id int NOT NULL);
CREATE TABLE account (id int PRIMARY KEY, name text);
"""
RENAMED = """\
ALTER TABLE tag RENAME TO tags;
ALTER TABLE tags RENAME COLUMN name TO tag_name;
ALTER TABLE bookmark_tag RENAME TO bookmark_tags;
ALTER TABLE bookmark_tags RENAME COLUMN tag_id TO tag_ref;
ALTER TABLE account RENAME TO accounts;
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Names", status: open}
entries:
  - {kind: table, name: tag, phase: "1", target: tags}
  - {kind: table, name: bookmark_tag, phase: "1", target: bookmark_tags}
  - {kind: table, name: account, phase: "1", target: accounts}
  - {kind: column, name: tag.name, phase: "1", target: tag_name}
  - {kind: column, name: bookmark_tag.tag_id, phase: "1", target: tag_ref}
"""

#: shiori's calls (internal/database/pg.go, database_tags.go), one function per statement.
GO = """\
package database

import (
	"github.com/huandu/go-sqlbuilder"
)

func getTag(id int) (string, []interface{}) {
	sb := sqlbuilder.PostgreSQL.NewSelectBuilder()
	sb.Select("t.id", "t.name")
	sb.From("tag t")
	sb.JoinWithOption(sqlbuilder.LeftJoin, "bookmark_tag bt", "bt.tag_id = t.id")
	sb.Where(sb.Equal("t.name", id))
	sb.OrderBy("t.id")
	return sb.Build()
}

func createTag(name string) (string, []interface{}) {
	ib := sqlbuilder.PostgreSQL.NewInsertBuilder()
	ib.InsertInto("tag")
	ib.Cols("name")
	ib.Values(name)
	return ib.Build()
}

func link(bookmarkID, tagID int) (string, []interface{}) {
	ib := sqlbuilder.InsertInto("bookmark_tag")
	ib.Cols("bookmark_id", "tag_id")
	ib.Values(bookmarkID, tagID)
	return ib.BuildWithFlavor(sqlbuilder.PostgreSQL)
}

func unlink(tagID int) (string, []interface{}) {
	db := sqlbuilder.DeleteFrom("bookmark_tag")
	db.Where(db.Equal("tag_id", tagID))
	return db.BuildWithFlavor(sqlbuilder.PostgreSQL)
}

func renameTag(id int, name string) (string, []interface{}) {
	ub := sqlbuilder.NewUpdateBuilder()
	ub.Update("tag")
	ub.Set(ub.Assign("name", name))
	ub.Where(ub.Equal("id", id))
	return ub.BuildWithFlavor(sqlbuilder.PostgreSQL)
}

func tagged(id int) (string, []interface{}) {
	sb := sqlbuilder.Select("t.id").From("tag t")
	sb.Join("bookmark_tag bt", "bt.tag_id = t.id", sb.Equal("bt.bookmark_id", id))
	return sb.BuildWithFlavor(sqlbuilder.PostgreSQL)
}

func accounts(name string) (string, []interface{}) {
	ub := sqlbuilder.Update("account")
	ub.Set(ub.Assign("name", name))
	return ub.BuildWithFlavor(sqlbuilder.PostgreSQL)
}
"""

#: What each function's builder builds (go-sqlbuilder's Build(), PostgreSQL
#: flavor), its strings in the order the function writes them as {0}, {1}...
BUILT = {
    "getTag": "SELECT {0}, {1} FROM {2} LEFT JOIN {3} ON {4} WHERE {5} = $1 ORDER BY {6}",
    "createTag": "INSERT INTO {0} ({1}) VALUES ($1)",
    "link": "INSERT INTO {0} ({1}, {2}) VALUES ($1, $2)",
    "unlink": "DELETE FROM {0} WHERE {1} = $1",
    "renameTag": "UPDATE {0} SET {1} = $1 WHERE {2} = $2",
    "tagged": "SELECT {0} FROM {1} JOIN {2} ON {3} AND {4} = $1",
    "accounts": "UPDATE {0} SET {1} = $1",
}

#: The same calls in a file that does not import go-sqlbuilder: no builder's.
NOT_IMPORTED = """\
package other

func f(sb *Builder) {
	sb.JoinWithOption(LeftJoin, "bookmark_tag bt", "bt.tag_id = 1")
	sb.InsertInto("bookmark_tag")
	sb.DeleteFrom("bookmark_tag")
}
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **more: str) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": SCHEMA,
        "internal/database/pg.go": GO,
        **more,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _refs() -> list[tuple[str, str, int, int, str, str]]:
    data = impact_json("--min-confidence", "plain")
    return sorted(
        (obj["name"], i["path"], i["line"], i["column"], i["confidence"], i["context"])
        for obj, i in impact_items(data)
    )


def test_every_table_call_is_a_high_confidence_table_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch)
    builder = "Go query builder"
    tables = [r for r in _refs() if r[0] in ("tag", "bookmark_tag", "account")]
    assert tables == [
        ("account", "internal/database/pg.go", 53, 27, "high", builder),
        ("bookmark_tag", "internal/database/pg.go", 11, 42, "high", builder),  # JoinWithOption
        ("bookmark_tag", "internal/database/pg.go", 26, 31, "high", builder),  # InsertInto(
        ("bookmark_tag", "internal/database/pg.go", 33, 31, "high", builder),  # DeleteFrom(
        ("bookmark_tag", "internal/database/pg.go", 48, 11, "high", builder),
        ("tag", "internal/database/pg.go", 10, 11, "high", builder),
        ("tag", "internal/database/pg.go", 19, 17, "high", builder),  # ib.InsertInto(
        ("tag", "internal/database/pg.go", 40, 13, "high", builder),
        ("tag", "internal/database/pg.go", 47, 40, "high", builder),
    ]


def test_column_strings_are_read_on_the_builders_tables_and_aliases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch)
    columns = [
        (name, line, column, confidence, context)
        for name, _path, line, column, confidence, context in _refs()
        if "." in name
    ]
    assert columns == [
        # bt.tag_id: bt is the join's alias of bookmark_tag (JoinWithOption, Join)
        ("bookmark_tag.tag_id", 11, 64, "high", "SQL (table.column)"),
        ("bookmark_tag.tag_id", 27, 26, "high", "SQL"),  # ib.Cols("bookmark_id", "tag_id")
        ("bookmark_tag.tag_id", 34, 21, "high", "SQL"),  # db.Equal("tag_id", ...)
        ("bookmark_tag.tag_id", 48, 33, "high", "SQL (table.column)"),
        # t.name: t is From("tag t")'s alias, given on another line of the function
        ("tag.name", 9, 23, "high", "SQL (table.column)"),
        ("tag.name", 12, 23, "high", "SQL (table.column)"),  # sb.Equal("t.name", ...)
        ("tag.name", 17, 16, "plain", "text"),  # the Go parameter name
        ("tag.name", 20, 11, "high", "SQL"),  # ib.Cols("name")
        ("tag.name", 21, 12, "plain", "text"),  # ib.Values(name): Go's
        ("tag.name", 38, 24, "plain", "text"),
        ("tag.name", 41, 20, "high", "SQL"),  # ub.Assign("name", ...) on Update("tag")
        ("tag.name", 41, 27, "plain", "text"),
        # ub.Assign("name", ...) on Update("account") (line 54) is account's: not listed
        ("tag.name", 52, 15, "plain", "text"),
        ("tag.name", 54, 27, "plain", "text"),
    ]


def test_the_same_calls_without_the_import_are_no_builders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch, **{"other/other.go": NOT_IMPORTED})
    other = [r[2:] for r in _refs() if r[1] == "other/other.go" and r[0] == "bookmark_tag"]
    assert other == [(4, 31, "plain", "text"), (5, 17, "plain", "text"), (6, 17, "plain", "text")]


def _built(source: str) -> dict[str, str]:
    """Per function of ``source``, the SQL its builder builds (:data:`BUILT`)."""
    out = {}
    for function, template in BUILT.items():
        body = source[source.index(f"func {function}(") :]
        body = body[: body.index("\n}\n")]
        strings = re.findall(r'"([^"]*)"', body)
        out[function] = template.format(*strings)
    return out


def test_the_patch_renames_them_and_postgresql_runs_the_sql_it_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = _repo(tmp_path, monkeypatch)
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(root, "apply", str(tmp_path / "fix.patch"))
    patched = (root / "internal/database/pg.go").read_text(encoding="utf-8")
    # Only the names change: every line else, Go's code included, as written.
    expected = (
        GO.replace('"tag t"', '"tags t"')
        .replace('"tag"', '"tags"')
        .replace('"bookmark_tag', '"bookmark_tags')
        .replace('"account"', '"accounts"')
        .replace('"t.name"', '"t.tag_name"')
        .replace('Cols("name")', 'Cols("tag_name")')
        .replace('Assign("name", name))\n\tub.Where', 'Assign("tag_name", name))\n\tub.Where')
        .replace("bt.tag_id", "bt.tag_ref")
        .replace('"bookmark_id", "tag_id"', '"bookmark_id", "tag_ref"')
        .replace('Equal("tag_id"', 'Equal("tag_ref"')
    )
    assert patched == expected
    old, new = _built(GO), _built(patched)
    assert new["getTag"] == (
        "SELECT t.id, t.tag_name FROM tags t LEFT JOIN bookmark_tags bt ON bt.tag_ref = t.id"
        " WHERE t.tag_name = $1 ORDER BY t.id"
    )
    with pg.fresh_database("gobuilder_s20") as db:
        pg.run(sql=SCHEMA + RENAMED, dbname=db)
        for function in BUILT:
            pg.run(sql=f"PREPARE {function.lower()} AS {new[function]}", dbname=db)
            with pytest.raises(SqlFailed, match=r"(relation|column) .* does not exist"):
                pg.run(sql=f"PREPARE {function.lower()} AS {old[function]}", dbname=db)


def test_cleanup_refuses_to_drop_the_views_the_builders_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    plan, refusal = views_then_refused_cleanup(root)
    assert 'CREATE VIEW "bookmark_tag" AS SELECT' in plan
    assert "code still uses account, bookmark_tag, tag (" in refusal
    assert "code still uses account, bookmark_tag, tag (9 high-confidence references: " in (refusal)
    assert "internal/database/pg.go:11 (bookmark_tag)" in refusal  # JoinWithOption
    assert not list(root.glob("db/*drop_compatibility_views*"))


# --------------------------------------------------------------------------
# squirrel and goqu: the table items past a call's first
# --------------------------------------------------------------------------

#: squirrel's ``From`` takes one string, a table list too (it writes it after
#: FROM as given), and ``sq.Replace`` (MySQL's REPLACE INTO) names its table as
#: ``Insert`` does; goqu's ``From(table ...interface{})`` takes several tables.
OTHERS = """\
package store

import (
	fp "path/filepath"

	sq "github.com/Masterminds/squirrel"
	"github.com/doug-martin/goqu/v9"
)

func q() {
	a := sq.Select("t.id").From("account a, tag t")
	b := sq.Replace("tag").Columns("id").Values(1)
	c := goqu.From("account", "bookmark_tag")
	d := fp.Join("tag", "bookmark_tag")
	e := i18n.T("tag")
}
"""


def test_squirrel_table_lists_and_goqu_table_arguments_are_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = _repo(tmp_path, monkeypatch, **{"store/store.go": OTHERS})
    got = [r[0:1] + r[2:] for r in _refs() if r[1] == "store/store.go" and "." not in r[0]]
    builder = "Go query builder"
    assert got == [
        ("account", 11, 31, "high", builder),
        ("account", 13, 18, "high", builder),
        ("bookmark_tag", 13, 29, "high", builder),  # goqu.From's second table
        ("bookmark_tag", 14, 23, "plain", "text"),  # path/filepath's Join: a path
        ("tag", 11, 42, "high", builder),  # the list's second item
        ("tag", 12, 19, "high", builder),  # sq.Replace(
        ("tag", 14, 16, "plain", "text"),
        ("tag", 15, 15, "plain", "text"),  # a T( not goqu's
    ]
    result = CliRunner().invoke(cli, ["impact", "--diff", "--", "store"])
    assert result.exit_code == 0, result.stderr
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(root, "apply", str(tmp_path / "fix.patch"))
    patched = (root / "store/store.go").read_text(encoding="utf-8")
    assert patched == OTHERS.replace('"account a, tag t"', '"accounts a, tags t"').replace(
        'Replace("tag")', 'Replace("tags")'
    ).replace('From("account", "bookmark_tag")', 'From("accounts", "bookmark_tags")')
    # What the patched calls build: squirrel writes the From string as given,
    # goqu quotes each table.
    with pg.fresh_database("gobuilder_s20_lists") as db:
        pg.run(sql=SCHEMA + RENAMED, dbname=db)
        pg.run(sql="PREPARE a AS SELECT t.id FROM accounts a, tags t", dbname=db)
        pg.run(sql='PREPARE c AS SELECT * FROM "accounts", "bookmark_tags"', dbname=db)


#: A ``NewStruct`` value's ``SelectFrom``, go-sqlbuilder imported under another
#: name, a builder parameter, and a subquery's chain inside another builder's
#: call (shiori's ``sb.BuilderAs(db.Flavor().NewSelectBuilder()...)``).
STRUCT = """\
package store

import (
	sb "github.com/huandu/go-sqlbuilder"
)

var tagStruct = sb.NewStruct(new(Tag))

func byName(name string) (string, []interface{}) {
	q := tagStruct.SelectFrom("tag")
	q.Where(q.Equal("name", name))
	return q.Build()
}

func filter(q *sb.SelectBuilder, name string) {
	q.Where(q.Like("t.name", name))
}

func counted() (string, []interface{}) {
	q := sb.NewSelectBuilder()
	q.From("tag t")
	q.SelectMore(q.BuilderAs(sb.Select("COUNT(bt2.tag_id)").From("bookmark_tag bt2"), "n"))
	return q.Build()
}
"""


def test_struct_builders_parameters_and_subquery_chains(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch, **{"store/st.go": STRUCT})
    got = [r[0:1] + r[2:] for r in _refs() if r[1] == "store/st.go" and r[4] == "high"]
    builder = "Go query builder"
    assert got == [
        ("bookmark_tag", 22, 64, "high", builder),
        ("bookmark_tag.tag_id", 22, 48, "high", "SQL (table.column)"),  # bt2: the subquery's
        ("tag", 10, 29, "high", builder),  # tagStruct.SelectFrom(
        ("tag", 21, 10, "high", builder),
        ("tag.name", 11, 19, "high", "SQL"),
    ]
