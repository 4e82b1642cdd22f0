"""``impact`` after trial s13 (Lemmy): SQL in routine bodies and DDL, and SQL's own words.

#1 Lemmy rebuilds its triggers at start-up from a SQL file that is no
migration (``replaceable_schema/triggers.sql``). Its ``CREATE TRIGGER ...
ON comment`` and the statements inside PL/pgSQL ``IF ... THEN`` blocks were
plain text, so ``--diff`` left them and ``migrate --cleanup`` did not count
them: after the cleanup the server could not start. DDL naming a table and
the statements of a dollar-quoted body (a routine's, a ``DO`` block's, a
dynamic ``EXECUTE $q$ ... $q$``) are SQL now, high confidence.
#2 ``LANGUAGE plpgsql`` was a reference to the table ``language``: a word
in its SQL role (a routine's ``LANGUAGE``, ``COMMENT`` of ``COMMENT ON``, a
function's name before ``(``, a reserved word written bare) names no table.

The oracles: PostgreSQL refuses the file as written once ``migrate``'s
forward script has run (a row trigger on the compatibility view), and runs
the patched file with the same effect the original had on the original
schema.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from dbnamelint.impact.sqlroles import keyword_roles, table_intros
from dbnamelint.impact.sqlroutines import boundaries
from git_helpers import committed_repo, git
from pg_server import PgServer, SqlFailed

CONFIG = "paths: [db]\ndialect: postgres\n"
SCHEMA = """\
CREATE TABLE post (id int PRIMARY KEY, n int NOT NULL DEFAULT 0);
CREATE TABLE comment (id int PRIMARY KEY, post_id int, saved_at timestamptz);
CREATE TABLE saved (comment_id int, post_id int);
CREATE TABLE language (id int PRIMARY KEY, code text);
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Plural", status: open}
entries:
  - {kind: table, name: comment, phase: "1", target: comments}
  - {kind: table, name: language, phase: "1", target: languages}
"""
# Rebuilt at start-up, as Lemmy's replaceable schema is: no migration.
TRIGGERS = """\
-- The comment triggers.
CREATE OR REPLACE FUNCTION count_comments ()
    RETURNS TRIGGER
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE post SET n = (SELECT count(*) FROM comment c WHERE c.post_id = NEW.post_id)
        WHERE id = NEW.post_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE post SET n = n - 1 WHERE id = OLD.post_id;
    END IF;
    IF NEW.saved_at IS NOT NULL THEN
        INSERT INTO saved (comment_id, post_id)
        SELECT
            NEW.id,
            c.post_id
        FROM
            comment AS c
        WHERE
            c.id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER count_comments
    AFTER INSERT OR UPDATE ON comment
    FOR EACH ROW
    EXECUTE FUNCTION count_comments ();
CREATE INDEX comment_post ON
    comment (post_id);
COMMENT ON TABLE comment IS 'what people say';
GRANT SELECT ON comment TO PUBLIC;
CREATE FUNCTION codes ()
    RETURNS SETOF language
    LANGUAGE sql
    AS $$ SELECT * FROM language ORDER BY id $$;
DO $$
BEGIN
    FOR i IN 1..2 LOOP
        EXECUTE $q$
            UPDATE comment SET post_id = CASE WHEN comment.post_id IS NULL THEN 0
                ELSE comment.post_id END
        $q$;
    END LOOP;
END
$$;
SELECT 'comment'::regclass;
CREATE OR REPLACE FUNCTION purge (k int)
    RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    CASE k
    WHEN 1 THEN
        DELETE FROM
            comment
        WHERE id = k;
    ELSE
        UPDATE
            comment SET saved_at = NULL WHERE id = k;
    END CASE;
EXCEPTION
    WHEN OTHERS THEN
        DELETE FROM
            comment;
END
$$;
"""
SEED = """\
INSERT INTO post (id) VALUES (1), (2);
INSERT INTO language VALUES (1, 'en'), (2, 'fr');
"""
EXERCISE = """\
INSERT INTO {comment} VALUES (1, 1, NULL), (2, 1, now()), (3, 2, now());
UPDATE {comment} SET post_id = 2 WHERE id = 1;
SELECT purge(1), purge(2);
"""
RESULT = (
    "SELECT (SELECT json_agg(p ORDER BY id) FROM post p) AS posts, "
    "(SELECT json_agg(c.id ORDER BY id) FROM {comment} c) AS comments, "
    "(SELECT count(*) FROM {comment} WHERE saved_at IS NULL) AS unsaved, "
    "(SELECT json_agg(s ORDER BY comment_id) FROM saved s) AS saved, "
    "(SELECT json_agg(c) FROM codes() c) AS codes"
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": CONFIG,
        "db/001_init.sql": SCHEMA,
        "whitelist.yaml": WHITELIST,
        "app/triggers.sql": TRIGGERS,
    }
    return committed_repo(tmp_path / "lemmy", files, monkeypatch)


def _found(repo: Path) -> dict[str, set[tuple[int, str, str]]]:
    """Per old name: (line, confidence, context) of each reference."""
    impact = collect_impact(load_settings(cwd=repo), repo)
    out: dict[str, set[tuple[int, str, str]]] = {}
    for r in impact.references:
        out.setdefault(r.target.name, set()).add((r.line, r.confidence, r.context))
    return out


def test_ddl_and_routine_bodies_are_sql(repo: Path) -> None:
    found = _found(repo)
    assert found["comment"] == {
        (1, "plain", "comment"),  # -- The comment triggers.
        (8, "high", "SQL"),  # inside IF ... THEN
        (19, "high", "SQL"),  # FROM on the line above, inside IF
        (27, "high", "SQL"),  # CREATE TRIGGER ... ON comment
        (31, "high", "SQL"),  # CREATE INDEX ... ON on the line above
        (32, "high", "SQL"),  # COMMENT ON TABLE comment (its COMMENT is the keyword)
        (33, "high", "SQL"),  # GRANT ... ON comment
        (42, "high", "SQL"),  # EXECUTE $q$ UPDATE comment ...
        (42, "high", "SQL (table qualifier)"),  # CASE ... THEN inside the statement
        (43, "high", "SQL (table qualifier)"),  # ... ELSE comment.post_id END
        (48, "plain", "text"),  # a string: the patch leaves it, with a note
        (57, "high", "SQL"),  # a CASE statement's WHEN ... THEN, FROM on the line above
        (61, "high", "SQL"),  # its ELSE
        (66, "high", "SQL"),  # EXCEPTION WHEN OTHERS THEN
    }
    # LANGUAGE plpgsql / LANGUAGE sql are no references; the row type and FROM are.
    assert found["language"] == {(35, "high", "SQL"), (37, "high", "SQL")}


def test_cleanup_counts_them(repo: Path) -> None:
    written = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert written.exit_code == 0, written.stderr
    cleanup = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--cleanup", "--write"])
    assert cleanup.exit_code == 2
    # Every high place above (the CREATE TRIGGER's among the first five listed);
    # before, 4 were high and the trigger's ON comment plain.
    assert "code still uses comment, language (14 high-confidence references: " in cleanup.stderr
    assert "app/triggers.sql:27 (comment)" in cleanup.stderr


def _run(pg: PgServer, db: str, *, files: list[Path], sql: str = "") -> None:
    pg.run(files=files, sql=sql or None, dbname=db)


def test_patched_triggers_run_on_the_renamed_schema(
    repo: Path, pg: PgServer, tmp_path: Path
) -> None:
    # The original file on the original schema: what the triggers do.
    with pg.fresh_database("dbnl_s13_before") as db:
        _run(pg, db, files=[repo / "db/001_init.sql", repo / "app/triggers.sql"], sql=SEED)
        pg.run(sql=EXERCISE.format(comment="comment"), dbname=db)
        expected: list[dict[str, Any]] = pg.query_json(RESULT.format(comment="comment"), db)
    written = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert written.exit_code == 0, written.stderr
    (forward,) = sorted((repo / "db").glob("002_*.sql"))
    forward_sql = forward.read_text(encoding="utf-8")
    assert 'CREATE VIEW "comment"' in forward_sql  # the compatibility views
    git(repo, "checkout", "--", "db")
    git(repo, "clean", "-fdq", "db", "rollbacks")
    with pg.fresh_database("dbnl_s13_after") as db:
        _run(pg, db, files=[repo / "db/001_init.sql"], sql=SEED)
        pg.run(sql=forward_sql, dbname=db)
        # As written, PostgreSQL refuses the file on the migrated schema.
        with pytest.raises(SqlFailed, match='"comment" is a view'):
            pg.run(files=[repo / "app/triggers.sql"], dbname=db)
        result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--diff"])
        assert result.exit_code == 0, result.stderr
        (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
        git(repo, "apply", str(tmp_path / "fix.patch"))
        assert (
            "app/triggers.sql:48:9: 'comment' left as written: a string that is the name of "
            "table comment, which this patch renames in the file; if the SQL uses it as the "
            "table's name, rename it by hand to comments"
        ) in result.stderr
        patched = (repo / "app/triggers.sql").read_text(encoding="utf-8")
        assert "LANGUAGE plpgsql" in patched and "LANGUAGE sql" in patched
        assert "COMMENT ON TABLE comments IS" in patched
        assert "-- The comment triggers." in patched
        pg.run(files=[repo / "app/triggers.sql"], dbname=db)
        pg.run(sql=EXERCISE.format(comment="comments"), dbname=db)
        assert pg.query_json(RESULT.format(comment="comments"), dbname=db) == expected


# -- the token-level rules ------------------------------------------------------


def _pairs(sql: str) -> list[tuple[str, str]]:
    out = []
    for char in "(),.":
        sql = sql.replace(char, f" {char} ")
    for word in sql.split():
        kind = "punct" if word in "(),.;" else "word"
        out.append((kind, word.casefold()))
    return out


@pytest.mark.parametrize(
    "sql",
    [
        "CREATE TRIGGER t BEFORE INSERT OR UPDATE OF a , b ON comment FOR EACH ROW",
        "CREATE UNIQUE INDEX IF NOT EXISTS i ON comment ( a )",
        "ALTER TABLE IF EXISTS comment ADD x int",
        "DROP TRIGGER IF EXISTS t ON comment",
        "CREATE POLICY p ON comment USING ( true )",
        "CREATE RULE r AS ON INSERT TO comment DO NOTHING",
        "ALTER RULE r ON comment RENAME TO s",
        "COMMENT ON TRIGGER t ON comment IS",
        "GRANT SELECT , INSERT ON TABLE comment TO x",
        "LOCK TABLE comment",
        "CREATE VIRTUAL TABLE comment USING fts5 ( body )",
        "CREATE NONCLUSTERED INDEX ix ON comment ( a )",
        "COPY comment ( a ) FROM stdin",
        "CREATE FUNCTION f ( ) RETURNS SETOF comment LANGUAGE sql",
    ],
)
def test_ddl_table_positions(sql: str) -> None:
    pairs = _pairs(sql)
    intros, singles = table_intros(pairs)
    assert singles == []
    assert [pairs[i + 1][1] for i in intros] == ["comment"]  # the list of tables follows


def test_grant_on_other_objects_names_no_table() -> None:
    assert table_intros(_pairs("GRANT USAGE ON SEQUENCE comment TO x")) == ([], [])
    assert table_intros(_pairs("COMMENT ON COLUMN s.comment.body IS")) == ([], [5])


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("CREATE FUNCTION f ( ) RETURNS int LANGUAGE sql", {"function", "f", "language"}),
        ("DO LANGUAGE plpgsql", {"language"}),
        ("COMMENT ON TABLE comment IS", {"comment", "table"}),
        ("CREATE ROLE event", {"role"}),
        ("CREATE EVENT TRIGGER t ON ddl_command_start", {"event"}),
        ("SET SESSION AUTHORIZATION x", {"session", "authorization"}),
        ("SELECT position ( a IN b ) FROM session", {"position"}),
        # a table and its column list, no call
        ("INSERT INTO session ( a ) VALUES ( 1 )", {"values"}),
        ("CREATE TABLE session ( a int )", {"table"}),
        ("COPY public.session ( a ) FROM stdin", set()),
        ("SELECT r.session ( x ) FROM t", {"session"}),
        ("SELECT * FROM language l", set()),
        ("CREATE FUNCTION f ( l language ) RETURNS SETOF language LANGUAGE sql", {"function", "f"}),
    ],
)
def test_keyword_roles(sql: str, words: set[str]) -> None:
    pairs = _pairs(sql)
    found = {pairs[i][1] for i in keyword_roles(pairs)}
    # The last one: only the clause's LANGUAGE, not the argument's or the row type's.
    if sql.endswith("SETOF language LANGUAGE sql"):
        assert [i for i in keyword_roles(pairs) if pairs[i][1] == "language"] == [len(pairs) - 2]
        found.discard("language")
    assert found == words


def test_plpgsql_control_words_end_statements_but_not_a_case_expression() -> None:
    body = _pairs(
        "BEGIN IF x THEN SELECT CASE WHEN a THEN 1 ELSE 2 END FROM t ; ELSE DELETE FROM t ; "
        "END IF ; CASE y WHEN 1 THEN NULL ; END CASE ; FOR r IN SELECT 1 LOOP NULL ; END LOOP ;"
    )
    ends = [body[i][1] for i in boundaries(body)]
    assert ends == ["begin", "then", "else", "then", "loop"]


# -- #3: --renamed-only renames a statement whole ---------------------------------

HISTORY = {
    "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
    "migrations/2020-01-01-000000_init/up.sql": (
        "CREATE TABLE user_ (id int PRIMARY KEY, actor_id text, preferred_username text);\n"
    ),
    "migrations/2021-01-01-000000_rename_user/up.sql": "ALTER TABLE user_ RENAME TO person;\n",
    "migrations/2022-01-01-000000_rename_col/up.sql": (
        "ALTER TABLE person RENAME COLUMN actor_id TO ap_id;\n"
        "ALTER TABLE person RENAME COLUMN preferred_username TO display_name;\n"
    ),
    "whitelist.yaml": (
        'phases:\n  - {id: "1", title: "Plural", status: open}\n'
        "entries:\n"
        '  - {kind: table, name: person, rules: [DBN105], phase: "1", target: people}\n'
    ),
    "src/fixture.rs": (
        "fn insert_test_data(conn: &mut PgConnection) {\n"
        '    conn.batch_execute("INSERT INTO user_ (id, actor_id, preferred_username) '
        "VALUES (1, 'a', 'b')\").unwrap();\n"
        '    conn.batch_execute("SELECT preferred_username FROM person").unwrap();\n'
        "}\n"
    ),
}


def test_renamed_only_renames_a_table_s_earlier_name_with_its_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    repo = committed_repo(tmp_path / "history", HISTORY, monkeypatch)
    result = CliRunner().invoke(cli, ["impact", "--diff", "--renamed-only"])
    assert result.exit_code == 0, result.stderr
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", str(tmp_path / "fix.patch"))
    before = [q.split('"')[1] for q in HISTORY["src/fixture.rs"].splitlines()[1:3]]
    after = [q.split('"')[1] for q in (repo / "src/fixture.rs").read_text().splitlines()[1:3]]
    # user_ is person now (the entry's person -> people waits for its phase).
    assert after == [
        "INSERT INTO person (id, ap_id, display_name) VALUES (1, 'a', 'b')",
        "SELECT display_name AS preferred_username FROM person",
    ]
    migrations = sorted((repo / "migrations").glob("*/up.sql"))
    with pg.fresh_database("dbnl_s13_history") as db:
        pg.run(files=migrations, dbname=db)
        for query in before:
            with pytest.raises(SqlFailed, match="does not exist"):
                pg.run(sql=query, dbname=db)
        for query in after:
            pg.run(sql=query, dbname=db)


# -- #2 beyond LANGUAGE: other keywords that are also tables' names ------------------

KEYWORDS_SCHEMA = """\
CREATE TABLE "user" (id int PRIMARY KEY, name text);
CREATE TABLE session (id int, user_id int);
CREATE TABLE event (id int);
"""
KEYWORDS_SQL = """\
SELECT user, current_user FROM "user" u WHERE u.name = user;
SET SESSION AUTHORIZATION postgres;
SELECT position('a' IN 'abc') FROM session;
CREATE EVENT TRIGGER ev ON ddl_command_start EXECUTE FUNCTION f();
INSERT INTO session (id, user_id) VALUES (1, 1);
SELECT * FROM event;
"""


def test_keywords_in_their_sql_role_name_no_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    files = {
        "dbnamelint.yaml": CONFIG,
        "db/001_init.sql": KEYWORDS_SCHEMA,
        "whitelist.yaml": (
            'phases:\n  - {id: "1", title: "Plural", status: open}\nentries:\n'
            '  - {kind: table, name: user, phase: "1", target: users}\n'
            '  - {kind: table, name: session, phase: "1", target: sessions}\n'
            '  - {kind: table, name: event, phase: "1", target: events}\n'
        ),
        "app/q.sql": KEYWORDS_SQL,
    }
    repo = committed_repo(tmp_path / "keywords", files, monkeypatch)
    found = _found(repo)
    # Bare USER (PostgreSQL: CURRENT_USER), SET SESSION, CREATE EVENT and position()
    # are no references; the quoted "user" and the table positions are.
    assert found == {
        "user": {(1, "high", "SQL")},
        "session": {(3, "high", "SQL"), (5, "high", "SQL")},
        "event": {(6, "high", "SQL")},
    }
    # The oracle: with a table "user" there, bare user is still the role.
    with pg.fresh_database("dbnl_s13_keywords") as db:
        pg.run(sql=KEYWORDS_SCHEMA + "INSERT INTO \"user\" VALUES (1, 'x');", dbname=db)
        (row,) = pg.query_json('SELECT user AS u, current_user AS c, name FROM "user"', db)
        assert row["u"] == row["c"] != row["name"]


def test_a_statement_with_a_place_left_as_written_is_left_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # description was renamed to bio, then info took the name and became summary:
    # description is an earlier name of two columns, so the patch cannot pick one.
    files = {
        **HISTORY,
        "migrations/2020-01-01-000000_init/up.sql": (
            "CREATE TABLE user_ (id int PRIMARY KEY, actor_id text, preferred_username text,"
            " description text, info text);\n"
        ),
        "migrations/2023-01-01-000000_swap/up.sql": (
            "ALTER TABLE person RENAME COLUMN description TO bio;\n"
            "ALTER TABLE person RENAME COLUMN info TO description;\n"
            "ALTER TABLE person RENAME COLUMN description TO summary;\n"
        ),
        "src/fixture.rs": (
            "fn insert_test_data(conn: &mut PgConnection) {\n"
            '    conn.batch_execute("INSERT INTO user_ (id, actor_id, description) '
            "VALUES (1, 'a', 'b')\").unwrap();\n"
            '    conn.batch_execute("SELECT actor_id FROM user_").unwrap();\n'
            "}\n"
        ),
    }
    repo = committed_repo(tmp_path / "swap", files, monkeypatch)
    result = CliRunner().invoke(cli, ["impact", "--diff", "--renamed-only"])
    assert result.exit_code == 0, result.stderr
    assert (
        "src/fixture.rs:2:58: description not rewritten: it may be 2 objects with different "
        "new names (bio, summary); its SQL statement is left whole (2 other names in it not "
        "renamed either)"
    ) in result.stderr
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", str(tmp_path / "fix.patch"))
    lines = (repo / "src/fixture.rs").read_text(encoding="utf-8").splitlines()
    assert lines[1] == files["src/fixture.rs"].splitlines()[1]  # as written, whole
    assert lines[2] == '    conn.batch_execute("SELECT ap_id AS actor_id FROM person").unwrap();'


def test_a_statement_written_for_another_schema_is_left_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    # Lemmy's fixture inserts into user_ columns the migrations moved away from it
    # (password_encrypted): no renaming makes that statement run on today's schema.
    files = {
        **HISTORY,
        "migrations/2020-01-01-000000_init/up.sql": (
            "CREATE TABLE user_ (id int PRIMARY KEY, actor_id text, preferred_username text,"
            " password_encrypted text);\n"
        ),
        "migrations/2023-01-01-000000_split/up.sql": (
            "ALTER TABLE person DROP COLUMN password_encrypted;\n"
        ),
        "src/fixture.rs": (
            "fn insert_test_data(conn: &mut PgConnection) {\n"
            '    conn.batch_execute("INSERT INTO user_ (id, actor_id, password_encrypted) '
            "VALUES (1, 'a', 'b')\").unwrap();\n"
            '    conn.batch_execute("INSERT INTO user_ (id, actor_id) '
            "VALUES (2, 'c')\").unwrap();\n"
            "}\n"
        ),
    }
    repo = committed_repo(tmp_path / "split", files, monkeypatch)
    for args in (["--renamed-only"], []):
        result = CliRunner().invoke(cli, ["impact", "--diff", *args])
        assert result.exit_code == 0, result.stderr
        assert (
            "src/fixture.rs:2:37: SQL statement left as written: it inserts columns its table "
            "has neither now nor under an earlier name (password_encrypted), so it was written "
            "for another version of the schema (a test of old migrations?) and no renaming "
            "makes it run"
        ) in result.stderr
        patched = [line for line in result.stdout.splitlines() if line.startswith("+ ")]
        new = "person" if args else "people"
        assert patched == [
            f"+    conn.batch_execute(\"INSERT INTO {new} (id, ap_id) VALUES (2, 'c')\").unwrap();"
        ]
    statement = files["src/fixture.rs"].splitlines()[1].split('"')[1]
    migrations = sorted((repo / "migrations").glob("*/up.sql"))
    with pg.fresh_database("dbnl_s13_split") as db:
        pg.run(files=migrations, dbname=db)
        renamed = statement.replace("user_", "person").replace("actor_id", "ap_id")
        with pytest.raises(SqlFailed, match=r'column "password_encrypted" .* does not exist'):
            pg.run(sql=renamed, dbname=db)
    with pg.fresh_database("dbnl_s13_split_old") as db:
        pg.run(files=migrations[:1], dbname=db)
        pg.run(sql=statement, dbname=db)  # the version of the schema it was written for
