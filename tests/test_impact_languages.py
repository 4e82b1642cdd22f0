"""``dbnamelint impact`` on Go query builders, Diesel schemas and prose in strings.

Each fixture is written from the tool's own documented syntax: squirrel's
README (``sq.Select("*").From("users").Join("emails USING (email_id)")``,
``sq.Insert("users")``, ``sq.Update("users")``, ``sq.Delete("users")``,
``.Into``), goqu's (``goqu.From("test")``, ``goqu.T("test2")``,
``goqu.Insert``/``Update``/``Delete``), GORM's ``db.Table("users")``, and
Diesel's ``table!`` / ``joinable!`` / ``allow_tables_to_appear_in_same_query!``
documentation (docs.rs/diesel, macro ``table``: ``#[sql_name = "type"]`` on a
column whose Rust name differs). The search runs through the real ``git
grep``; patches through the real ``git apply``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from git_helpers import commit_all, git, init_repo, isolated_git_env, write_files

SCHEMA = """\
CREATE TABLE users (id int PRIMARY KEY, email_id int);
CREATE TABLE emails (email_id int PRIMARY KEY);
CREATE TABLE post (id int PRIMARY KEY, name text, "type" text, user_id int);
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Legacy", status: open}
entries:
  - {kind: table, name: users, phase: "1", target: app_users}
  - {kind: table, name: emails, phase: "1", target: user_emails}
  - {kind: table, name: post, phase: "1", target: posts}
  - {kind: column, name: post.name, phase: "1", target: title}
  - {kind: column, name: post.type, phase: "1", target: post_type}
"""


@pytest.fixture
def make_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)

    def make(files: dict[str, str], config: str = "paths: [db]\ndialect: postgres\n") -> Path:
        root = tmp_path / "repo"
        root.mkdir()
        write_files(
            root,
            {
                "dbnamelint.yaml": config,
                "whitelist.yaml": WHITELIST,
                "db/001_init.sql": SCHEMA,
                **files,
            },
        )
        init_repo(root)
        commit_all(root, "app")
        monkeypatch.chdir(root)
        return root

    return make


def _refs(root: Path) -> list[tuple[str, int, str, str, str]]:
    settings = load_settings(root, None, (), (), ())
    impact = collect_impact(settings, root)
    return sorted((r.path, r.line, r.name, r.confidence, r.context) for r in impact.references)


def _diff(root: Path) -> str:
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    return result.stdout


# --------------------------------------------------------------------------
# Go query builders
# --------------------------------------------------------------------------

GO = """\
package store

func queries() {
	users := sq.Select("*").From("users").Join("emails USING (email_id)")
	ins := sq.Insert("users").Columns("name", "age").Values("moe", 13)
	upd := sq.Update("users").Set("name", "moe")
	del := sq.Delete("users").Where(sq.Eq{"id": 1})
	into := sq.Insert("").Into("users")
	left := sq.Select("*").From("users u").LeftJoin("emails e ON e.email_id = u.email_id")
	ds := goqu.From("users").Join(goqu.T("emails"), goqu.On(goqu.Ex{"a": "b"}))
	gi := goqu.Insert("users").Rows(goqu.Record{"name": "x"})
	gorm := db.Table("users").Where("id = ?", 1)
	fmt.Println("users")
	name := strings.Join([]string{"users", "emails"}, ",")
}
"""


def test_go_builders_are_high_confidence_table_references(make_repo: Any) -> None:
    root = make_repo({"store/store.go": GO})
    got = [
        (line, name, conf, ctx)
        for _path, line, name, conf, ctx in _refs(root)
        if name in {"users", "emails"}  # not post.name, which "name" may be
    ]
    builder = "Go query builder"
    assert got == [
        (4, "emails", "high", builder),
        (4, "users", "high", builder),
        (4, "users", "plain", "text"),  # the Go variable named users
        (5, "users", "high", builder),
        (6, "users", "high", builder),
        (7, "users", "high", builder),
        (8, "users", "high", builder),
        (9, "emails", "high", builder),
        (9, "users", "high", builder),
        (10, "emails", "high", builder),
        (10, "users", "high", builder),
        (11, "users", "high", builder),
        (12, "users", "high", builder),
        (13, "users", "plain", "text"),
        (14, "emails", "plain", "text"),
        (14, "users", "plain", "text"),
    ]


def test_go_builder_patch_renames_only_the_builders_arguments(make_repo: Any) -> None:
    root = make_repo({"store/store.go": GO})
    patch = _diff(root)
    assert (
        '+\tusers := sq.Select("*").From("app_users").Join("user_emails USING (email_id)")\n'
        in patch
    )
    assert '+\tleft := sq.Select("*").From("app_users u").LeftJoin(' in patch
    (root / "fix.patch").write_text(patch, encoding="utf-8")
    git(root, "apply", "fix.patch")
    text = (root / "store/store.go").read_text(encoding="utf-8")
    assert '\tfmt.Println("users")\n' in text  # plain text stays
    assert 'strings.Join([]string{"users", "emails"}, ",")' in text


# --------------------------------------------------------------------------
# Words in a string that is not SQL
# --------------------------------------------------------------------------

RUST = """\
pub fn q() {
    let _ = diesel::sql_query("SELECT * FROM post");
    warn!("Failed to update post stats: {e}");
    info!("Post removed from post queue");
    let _ = sqlx::query("UPDATE post SET name = $1 WHERE id = $2");
    let _ = sqlx::query("update post set name = ?");
    let _ = conn.execute("DELETE FROM post WHERE id = ?1", [id]);
    let _ = sqlx::query("SELECT u.id FROM users u JOIN post p ON p.user_id = u.id");
    bail!("cannot join post {} to users", id);
}
"""
JAVA = """\
class Dao {
    String q = "SELECT id, name "
        + "FROM post "
        + "WHERE id = ?";
    String msg = "update post " + id + " failed";
}
"""
SEED = "INSERT INTO post (id, name) VALUES (1, 'update post stats');\n"


def test_a_string_is_sql_context_only_when_it_reads_as_sql(make_repo: Any) -> None:
    root = make_repo({"src/lib.rs": RUST, "src/Dao.java": JAVA, "seed/seed.sql": SEED})
    got = [(p, line, conf, ctx) for p, line, name, conf, ctx in _refs(root) if name == "post"]
    assert got == [
        ("seed/seed.sql", 1, "high", "SQL"),
        ("seed/seed.sql", 1, "plain", "text"),  # the words of a value
        ("src/Dao.java", 3, "high", "SQL"),  # a clause of a query built from pieces
        ("src/Dao.java", 5, "plain", "text"),
        ("src/lib.rs", 2, "high", "SQL"),
        ("src/lib.rs", 3, "plain", "text"),  # a log message
        ("src/lib.rs", 4, "plain", "text"),
        ("src/lib.rs", 5, "high", "SQL"),
        ("src/lib.rs", 6, "high", "SQL"),
        ("src/lib.rs", 7, "high", "SQL"),
        ("src/lib.rs", 8, "high", "SQL"),
        ("src/lib.rs", 9, "plain", "text"),
    ]


def test_the_patch_leaves_log_messages_alone(make_repo: Any) -> None:
    root = make_repo({"src/lib.rs": RUST})
    patch = _diff(root)
    assert '+    let _ = diesel::sql_query("SELECT * FROM posts");\n' in patch
    assert "\n-    warn!(" not in patch
    (root / "fix.patch").write_text(patch, encoding="utf-8")
    git(root, "apply", "fix.patch")
    lines = (root / "src/lib.rs").read_text(encoding="utf-8").splitlines()
    assert lines[2] == '    warn!("Failed to update post stats: {e}");'
    assert lines[4] == '    let _ = sqlx::query("UPDATE posts SET title = $1 WHERE id = $2");'


# --------------------------------------------------------------------------
# Diesel schema.rs
# --------------------------------------------------------------------------

SCHEMA_RS = """\
// @generated automatically by Diesel CLI.

diesel::table! {
    post (id) {
        id -> Int4,
        name -> Text,
        #[sql_name = "type"]
        kind -> Text,
        user_id -> Int4,
    }
}

diesel::table! {
    /// The users
    #[sql_name = "users"]
    app_user (id) {
        id -> Int4,
        email_id -> Int4,
    }
}

diesel::table! {
    emails (email_id) {
        email_id -> Int4,
    }
}

diesel::table! {
    archive.post (id) {
        name -> Text,
    }
}

diesel::joinable!(post -> app_user (user_id));
diesel::allow_tables_to_appear_in_same_query!(
    app_user,
    emails,
    post,
);
"""
USES_RS = """\
use crate::schema::post;
pub fn titles(conn: &mut PgConnection) -> QueryResult<Vec<String>> {
    post::table.select(post::name).load(conn)
}
"""


def test_diesel_schema_names_every_table_and_column(make_repo: Any) -> None:
    root = make_repo({"src/schema.rs": SCHEMA_RS, "src/lib.rs": USES_RS})
    refs = _refs(root)
    schema = [(line, name, conf, ctx) for path, line, name, conf, ctx in refs if "schema" in path]
    same_query = "Diesel allow_tables_to_appear_in_same_query!"
    assert schema == [
        (4, "post", "high", "Diesel table!"),
        (6, "name", "high", "Diesel column"),
        (7, "type", "high", "Diesel sql_name"),  # kind is Rust's name only
        (14, "users", "plain", "comment"),
        (15, "users", "high", "Diesel sql_name"),  # app_user is Rust's name only
        (23, "emails", "high", "Diesel table!"),
        (34, "post", "high", "Diesel joinable!"),
        (37, "emails", "high", same_query),
        (38, "post", "high", same_query),
        # archive.post (line 29) is another schema's table: no reference.
    ]
    uses = {(line, conf) for path, line, name, conf, _ in refs if path == "src/lib.rs"}
    assert uses == {(1, "plain"), (3, "plain")}  # Rust names in code are plain text


def test_diesel_patch_maps_with_sql_name_and_keeps_the_rust_names(make_repo: Any) -> None:
    root = make_repo({"src/schema.rs": SCHEMA_RS, "src/lib.rs": USES_RS})
    patch = _diff(root)
    (root / "fix.patch").write_text(patch, encoding="utf-8")
    git(root, "apply", "fix.patch")
    (root / "fix.patch").unlink()
    text = (root / "src/schema.rs").read_text(encoding="utf-8")
    assert text.splitlines()[2:12] == [
        "diesel::table! {",
        '    #[sql_name = "posts"]',
        "    post (id) {",
        "        id -> Int4,",
        '        #[sql_name = "title"]',
        "        name -> Text,",
        '        #[sql_name = "post_type"]',
        "        kind -> Text,",
        "        user_id -> Int4,",
        "    }",
    ]
    assert '    #[sql_name = "app_users"]\n    app_user (id) {\n' in text
    assert '    #[sql_name = "user_emails"]\n    emails (email_id) {\n' in text
    assert "diesel::joinable!(post -> app_user (user_id));\n" in text
    assert "    emails,\n    post,\n);\n" in text
    assert (root / "src/lib.rs").read_text(encoding="utf-8") == USES_RS
    # Mapped now: the Rust names are Rust's only, the strings the new names.
    high = [r for r in _refs(root) if r[0] == "src/schema.rs" and r[3] == "high"]
    assert high == []


# --------------------------------------------------------------------------
# Perl quote-like operators
# --------------------------------------------------------------------------

#: Mojo::Pg's documented style (``$db->query('select ...')``) written with
#: perlop's quote-like operators, as Tamarou/Registry's DAO modules do.
PERL = """\
package App::DAO::Post;
use Mojo::Base -base;
sub bump ($self, $db, $id) {
    $db->query(q{ UPDATE post SET name = name || '!' WHERE id = ? }, $id);
    $db->query(qq(SELECT "type" FROM post WHERE user_id = $id));
    my @words = qw(post users);
    return $db->query(q|DELETE FROM users WHERE id = ?|, $id);
}
1;
"""


@pytest.mark.parametrize("name", ["lib/App/DAO/Post.pm", "script/bump.pl"])
def test_perl_quote_like_strings_are_sql(make_repo: Any, name: str) -> None:
    """trial s29 Registry: ``q{ UPDATE waitlist ...}`` in ``lib/*.pm`` was plain
    text (the same SQL in a ``t/*.t`` was found), so ``impact --diff`` and the
    cleanup's count covered only the tests."""
    root = make_repo({name: PERL})
    found = {(line, ref, confidence) for path, line, ref, confidence, _ in _refs(root)}
    assert (4, "post", "high") in found
    assert (4, "name", "high") in found  # post.name, a column
    assert (5, "type", "high") in found
    assert (7, "users", "high") in found
    assert not any(line == 6 and conf == "high" for line, _, conf in found)  # qw() is words
    patch = _diff(root)
    assert "+    $db->query(q{ UPDATE posts SET title = title || '!' WHERE id = ? }, $id);" in patch
    # the select list's column keeps its output name (session 43)
    assert (
        '+    $db->query(qq(SELECT "post_type" AS "type" FROM posts WHERE user_id = $id));' in patch
    )
    (root / "change.patch").write_text(patch, encoding="utf-8")
    git(root, "apply", "--check", "change.patch")
