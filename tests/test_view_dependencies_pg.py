"""DBN018 on PostgreSQL follows pg_depend: a column is refused exactly when
some view depends on it (the Lemmy trial's three false warnings).

PostgreSQL records a view's column dependencies when it makes the view: the
columns a ``*``/``t.*`` expanded to and every column a reference binds to,
at any query level (subqueries, CTEs, EXISTS, LATERAL, JOIN ... USING,
WHERE, ORDER BY), a bare name binding to the innermost level whose FROM
has it. ``ALTER TABLE ... DROP COLUMN`` (without CASCADE) is refused exactly
for those columns. The oracles, on a real server: ``pg_depend`` (which views
depend on each column) and the drop itself, run and rolled back per column.
Replay must report DBN018 as an error naming exactly those views, and
nothing (not even a warning) for the other columns.
"""

# ruff: noqa: E501  (the views are one statement a line, as the oracles run them)
from __future__ import annotations

import re

import pytest

import pg_server
from dbnamelint.model import ObjectKind, Severity
from dbnamelint.runner.pipeline import schema_from_sql

pytestmark = pytest.mark.slow

#: Lemmy's migrations/2019-12-29-164820_add_avatar: a view reads `*` of
#: another table, and only a subquery reads `user_`; PostgreSQL renames and
#: retypes user_.icon without complaint (the trial's repro-dbn018).
LEMMY_AVATAR = """\
CREATE TABLE users (id int, name text, icon varchar(200));
CREATE TABLE sites (id int, creator_id int);
CREATE VIEW site_views AS SELECT *, (SELECT name FROM users u WHERE s.creator_id = u.id) AS creator_name FROM sites s;
ALTER TABLE users RENAME COLUMN icon TO avatar;
ALTER TABLE users ALTER COLUMN avatar TYPE text;
"""

CORPUS = """\
CREATE TABLE users (id int PRIMARY KEY, name text, icon text, bio text, banned boolean);
CREATE TABLE sites (id int, creator_id int, title text, name text);
CREATE TABLE posts (id int PRIMARY KEY, name text, body text, author_id int, published timestamptz, score int, url text);
CREATE TABLE comments (id int, post_id int, content text, creator_id int, removed boolean, name text, url text, published timestamptz);
CREATE TABLE tags (id int, post_id int, label text, color text);
CREATE VIEW site_views AS SELECT *, (SELECT name FROM users u WHERE s.creator_id = u.id) AS creator_name FROM sites s;
CREATE VIEW post_views AS SELECT p.id, p.name, (SELECT name FROM users WHERE users.id = p.author_id) AS author FROM posts p;
CREATE VIEW tag_rows AS SELECT t.*, p.url FROM tags t JOIN posts p ON p.id = t.post_id;
CREATE VIEW joined AS SELECT post_id, content FROM comments JOIN tags USING (post_id);
CREATE VIEW cte_views AS WITH c AS (SELECT id, body FROM posts) SELECT * FROM c;
CREATE VIEW derived AS SELECT s.id FROM (SELECT id, score FROM posts) s;
CREATE VIEW with_exists AS SELECT p.id FROM posts p WHERE EXISTS (SELECT * FROM tags t WHERE t.post_id = p.id);
CREATE VIEW correlated AS SELECT p.id, (SELECT count(*) FROM comments c WHERE c.post_id = p.id AND removed AND published IS NOT NULL) AS n FROM posts p;
CREATE VIEW unioned AS SELECT id, name FROM users UNION SELECT id, content FROM comments;
CREATE VIEW aliased AS SELECT p.id body, p.url AS content FROM posts p;
CREATE VIEW windowed AS SELECT row_number() OVER (PARTITION BY author_id ORDER BY published DESC NULLS LAST) AS rn FROM posts WHERE score IS DISTINCT FROM 0 GROUP BY author_id, published ORDER BY 1;
CREATE VIEW functions AS SELECT g, title FROM sites, generate_series(1, 2) g;
CREATE VIEW casts AS SELECT EXTRACT(year FROM published) AS y, CAST(score AS bigint) AS s, url::varchar AS u FROM posts;
CREATE VIEW whole_rows AS SELECT row_to_json(u) AS j FROM users u;
CREATE MATERIALIZED VIEW banned_users AS SELECT u.id FROM users u WHERE u.banned;
CREATE VIEW over_view AS SELECT v.name, bio FROM post_views v, users WHERE users.id = v.id;
CREATE VIEW ordered AS SELECT p.name AS url FROM posts p ORDER BY url;
CREATE SCHEMA app;
CREATE TABLE app."Notes" (id int, "Body" text, post_id int, kind text);
CREATE VIEW quoted AS SELECT n."Body", n.post_id FROM app."Notes" n WHERE kind = 'x';
CREATE VIEW lateral_view AS SELECT p.id, l.c FROM posts p, LATERAL (SELECT count(*) AS c FROM comments WHERE comments.post_id = p.id) l;
CREATE VIEW cases AS SELECT DISTINCT ON (author_id) author_id, CASE WHEN score > 0 THEN 'up' ELSE 'down' END AS dir, COALESCE(url, '') AS u, published::timestamp with time zone AS at FROM posts ORDER BY author_id, published DESC;
CREATE VIEW in_list AS SELECT c.id FROM comments c WHERE c.post_id IN (SELECT t.post_id FROM tags t WHERE t.label = 'x') AND c.creator_id NOT IN (SELECT id FROM users WHERE banned);
CREATE VIEW star_of_view AS SELECT * FROM joined;
ALTER TABLE users RENAME COLUMN icon TO avatar;
ALTER TABLE users ALTER COLUMN avatar TYPE varchar(300);
ALTER TABLE sites DROP COLUMN title CASCADE;
ALTER TABLE sites ADD COLUMN title text;
"""

#: A bare name inside a subquery whose FROM is a function: PostgreSQL binds
#: `score` to the outer posts (generate_series gives only `g`), but the model
#: does not know a function's columns, so DBN018 only warns ("may be read");
#: likewise beside a table made AS SELECT * FROM a view (`snap`).
MAYBE = """\
CREATE TABLE posts (id int, score int, url text);
CREATE VIEW best AS SELECT p.id, (SELECT max(g) FROM generate_series(1, 3) g WHERE g < score) AS m FROM posts p;
CREATE VIEW urls AS SELECT id AS post_id FROM posts;
CREATE TABLE snap AS SELECT * FROM urls;
CREATE VIEW linked AS SELECT p.id FROM posts p WHERE EXISTS (SELECT 1 FROM snap WHERE snap.post_id = p.id AND score > 0);
"""

_DEPENDS = (
    "SELECT DISTINCT v.relname AS view, t.relname AS tbl, a.attname AS col FROM pg_depend d"
    " JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class"
    " JOIN pg_class t ON t.oid = d.refobjid"
    " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
    " WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjsubid > 0 AND t.relkind = 'r'"
    " AND v.oid <> t.oid"
)
_COLUMNS = (
    "SELECT n.nspname AS schema, c.relname AS tbl, a.attname AS col FROM pg_attribute a"
    " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE c.relkind = 'r' AND n.nspname IN ('public', 'app') AND a.attnum > 0"
    " AND NOT a.attisdropped"
)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _drop(schema: str, table: str, column: str) -> str:
    qualified = _ident(table) if schema == "public" else f"{_ident(schema)}.{_ident(table)}"
    return f"ALTER TABLE {qualified} DROP COLUMN {_ident(column)};"


def _retype(schema: str, table: str, column: str) -> str:
    qualified = _ident(table) if schema == "public" else f"{_ident(schema)}.{_ident(table)}"
    col = _ident(column)
    return f"ALTER TABLE {qualified} ALTER COLUMN {col} TYPE text USING {col}::text;"


def _dbn018(sql: str) -> list[tuple[Severity, str]]:
    schema = schema_from_sql(sql, dialect="postgres")
    return [(d.severity, d.message) for d in schema.diagnostics if d.code == "DBN018"]


def test_the_lemmy_avatar_migration_is_no_finding(pg: pg_server.PgServer) -> None:
    with pg.fresh_database("dbnl_view_deps_lemmy") as db:
        for statement in LEMMY_AVATAR.splitlines():
            pg.run(sql=statement, dbname=db)  # the oracle: none is refused
    assert _dbn018(LEMMY_AVATAR) == []


def test_dbn018_is_an_error_exactly_where_pg_depend_refuses_the_drop(
    pg: pg_server.PgServer,
) -> None:
    refused: dict[tuple[str, str, str], str] = {}
    retype_refused: dict[tuple[str, str, str], str] = {}
    with pg.fresh_database("dbnl_view_deps") as db:
        pg.run(sql=CORPUS, dbname=db)
        depends: dict[tuple[str, str], set[str]] = {}
        for row in pg.query_json(_DEPENDS, db):
            depends.setdefault((row["tbl"], row["col"]), set()).add(row["view"])
        columns = [(r["schema"], r["tbl"], r["col"]) for r in pg.query_json(_COLUMNS, db)]
        views = pg.query_json(
            "SELECT relname AS name FROM pg_class WHERE relkind IN ('v', 'm')"
            " AND relnamespace = 'public'::regnamespace",
            db,
        )
        for schema, table, column in columns:
            try:
                pg.run(sql=f"BEGIN; {_drop(schema, table, column)} ROLLBACK;", dbname=db)
            except pg_server.SqlFailed as exc:
                refused[(schema, table, column)] = str(exc)
            try:
                pg.run(sql=f"BEGIN; {_retype(schema, table, column)} ROLLBACK;", dbname=db)
            except pg_server.SqlFailed as exc:
                retype_refused[(schema, table, column)] = str(exc)
    model = schema_from_sql(CORPUS, dialect="postgres")
    kinds = (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)
    view_names = {o.name for o in model.objects if o.kind in kinds}
    known = {
        (o.table, o.name)
        for o in model.objects
        if o.kind is ObjectKind.COLUMN and o.table not in view_names  # a view's output columns
    }
    assert known == {(t, c) for _, t, c in columns}
    # ALTER TABLE sites DROP COLUMN title CASCADE took site_views and functions along
    kinds = (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)
    assert {o.name for o in model.objects if o.kind in kinds} == {r["name"] for r in views}
    assert "site_views" not in {r["name"] for r in views}
    assert len(refused) >= 20 and len(columns) - len(refused) >= 8  # both kinds are tried
    for schema, table, column in columns:
        readers = depends.get((table, column), set())
        assert bool(readers) == ((schema, table, column) in refused), (table, column)
        found = _dbn018(CORPUS + _drop(schema, table, column) + "\n")
        if not readers:
            assert found == [], (table, column, found)
            continue
        ((severity, message),) = found
        assert severity is Severity.ERROR, (table, column, message)
        named = re.search(r"depend on it \(views? ([^)]*)\)", message)
        assert named is not None, message
        assert set(named.group(1).split(", ")) == readers, (table, column, message)
    # ALTER COLUMN ... TYPE: refused for the same columns, an error there only
    assert set(retype_refused) == set(refused)
    for schema, table, column in columns:
        found = _dbn018(CORPUS + _retype(schema, table, column) + "\n")
        wanted = [Severity.ERROR] if (schema, table, column) in refused else []
        assert [severity for severity, _ in found] == wanted, (table, column, found)


def test_a_name_a_function_source_may_hold_is_a_warning(pg: pg_server.PgServer) -> None:
    drop = "ALTER TABLE posts DROP COLUMN score;"
    with pg.fresh_database("dbnl_view_deps_maybe") as db:
        pg.run(sql=MAYBE, dbname=db)
        with pytest.raises(pg_server.SqlFailed, match="other objects depend on it"):
            pg.run(sql=drop, dbname=db)
    ((severity, message),) = _dbn018(MAYBE + drop + "\n")
    assert severity is Severity.WARNING
    assert "may be read by views best, linked" in message
    assert "beside a source whose columns are unknown" in message
    assert _dbn018(MAYBE + "ALTER TABLE posts DROP COLUMN url;\n") == []
