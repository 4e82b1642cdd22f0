"""A dependent's own whitelist target: ``migrate`` renames it there, never to a third name.

The user trial on Lemmy found two ways the loop (``whitelist init``,
``migrate --phase P --write``, ``whitelist prune``, ``check``) did not
close: an index with its own entry (DBN302) was renamed by following its
table to a name the entry did not plan (DBN902 plus a new DBN302), and an
index spelling an *older* name of its table was skipped, its target
(``idx_community_tag_community``) spelling the name the table was about to
lose (DBN504 again). Each case runs in a real git repository through the
CLI; the real PostgreSQL catalog is the oracle for the names the forward
script leaves, and ``pg_dump`` shows the rollback restores the schema.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

import mysql_server
from pg_server import PgServer
from test_loop_targets import _NAMES_SQL, _pg_dump
from test_migrate_loop import _git, _run

ACLS = """\
CREATE TABLE acls (id int PRIMARY KEY, address text);
CREATE INDEX index_acls_on_address ON acls (address);
"""
ACLS_CONFIG = """\
paths: [db]
dialect: postgres
select: [DBN107, DBN302]
rules:
  table-legacy-name:
    options:
      names: {acls: access_control_lists}
"""
TAG = """\
CREATE TABLE tag (id int PRIMARY KEY, community_id int);
CREATE INDEX idx_tag_community ON tag (community_id);
ALTER TABLE tag RENAME TO community_tag;
"""


def _project(tmp_path: Path, sql: str, config: str) -> Path:
    root = tmp_path / "app"
    (root / "db").mkdir(parents=True)
    (root / "db" / "001_init.sql").write_text(sql, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(config, encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "legacy")
    return root


def _entries(root: Path) -> list[dict[str, str]]:
    data = yaml.safe_load((root / "whitelist.yaml").read_text(encoding="utf-8"))
    return list(data["entries"] or [])


def _init(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> None:
    code, _, err = _run(root, monkeypatch, "whitelist", "init", *args)
    assert code == 0, err
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "whitelist")


def _phase(root: Path, monkeypatch: pytest.MonkeyPatch, phase: str) -> str:
    """migrate --write, prune, check: the loop must close; the plan's text."""
    code, plan, err = _run(root, monkeypatch, "migrate", "--phase", phase, "--write")
    assert code == 0, plan + err
    code, out, err = _run(root, monkeypatch, "whitelist", "prune")
    assert code == 0, out + err
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 0, out + err
    assert "DBN902" not in out
    return plan


def _apply_and_roll_back(pg: PgServer, root: Path, db_name: str) -> set[str]:
    """The constraint, index and sequence names after the forward script; the
    rollback must restore ``pg_dump --schema-only`` of the legacy schema."""
    init = root / "db" / "001_init.sql"
    forward = sorted(p for p in (root / "db").glob("002_*.sql") if ".down." not in p.name)
    assert len(forward) == 1, forward
    down = (
        root / "rollbacks" / forward[0].name
    )  # numbered: ../rollbacks/, out of the runner's folder
    with pg.fresh_database(db_name) as db:
        pg.run(files=[init], dbname=db)
        legacy = _pg_dump(pg, db)
        pg.run(files=forward, dbname=db)
        names = {row["name"] for row in pg.query_json(_NAMES_SQL, db)}
        pg.run(files=[down], dbname=db)
        assert _pg_dump(pg, db) == legacy
    return names


def test_init_plans_a_dependent_target_on_the_tables_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DBN302's template is filled with the table's target, not its current name."""
    root = _project(tmp_path, ACLS, ACLS_CONFIG)
    _init(root, monkeypatch, "--group-by", "rule")
    targets = {(e["kind"], e["phase"]): e["target"] for e in _entries(root)}
    assert targets == {
        ("table", "rule-DBN107"): "access_control_lists",
        ("index", "rule-DBN302"): "idx_access_control_lists_address",
    }


def test_dependent_with_its_own_entry_in_another_phase_takes_that_target(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trial's repro: the table's phase renames the index to the index entry's
    target (phase rule-DBN302), so prune removes both entries and check passes."""
    root = _project(tmp_path, ACLS, ACLS_CONFIG)
    _init(root, monkeypatch, "--group-by", "rule")
    plan = _phase(root, monkeypatch, "rule-DBN107")
    assert "index_acls_on_address -> idx_access_control_lists_address" in plan
    assert "index_access_control_lists_on_address" not in plan
    assert _entries(root) == []
    names = _apply_and_roll_back(pg, root, "dbnl_dep_targets_acls")
    assert names == {"access_control_lists_pkey", "idx_access_control_lists_address"}


def test_dependent_target_waits_for_its_tables_phase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run the other way round: the index's target is named after the table's
    target, so renaming it first would break DBN302 until the table follows."""
    root = _project(tmp_path, ACLS, ACLS_CONFIG)
    _init(root, monkeypatch, "--group-by", "rule")
    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "rule-DBN302", "--write")
    assert code == 2, out + err
    assert "run `migrate --phase rule-DBN107` first (it renames this one too)" in err
    assert not list((root / "db").glob("002_*"))


CAMPAIGN_VIEWS = """\
CREATE TABLE campaign_views (id int PRIMARY KEY, campaign_id int);
CREATE INDEX idx_views_camp_id ON campaign_views (campaign_id);
"""
CAMPAIGN_CONFIG = ACLS_CONFIG.replace(
    "{acls: access_control_lists}", "{campaign_views: campaign_opens}"
)


def test_a_waiting_index_the_table_phase_leaves_is_not_said_to_follow_it(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s12: ``idx_views_camp_id`` does not spell ``campaign_views``, so the
    table's phase leaves it; the note must not say that phase renames it too,
    but that this phase renames it once the table is renamed. The loop then
    closes in that order, and PostgreSQL holds the index's target."""
    root = _project(tmp_path, CAMPAIGN_VIEWS, CAMPAIGN_CONFIG)
    _init(root, monkeypatch, "--group-by", "rule")
    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "rule-DBN302", "--write")
    assert code == 2, out + err
    assert "it renames this one too" not in err
    assert (
        "run `migrate --phase rule-DBN107` first (it renames the table, not this index: its "
        "name does not spell the table's), then this phase again, which renames it"
    ) in " ".join(err.split())
    table_plan = _phase(root, monkeypatch, "rule-DBN107")
    assert "idx_views_camp_id" not in table_plan
    index_plan = _phase(root, monkeypatch, "rule-DBN302")
    assert "idx_views_camp_id -> idx_campaign_opens_campaign_id" in index_plan
    assert _entries(root) == []
    forward = sorted(p for p in (root / "db").glob("00*.sql") if ".down." not in p.name)
    assert [p.name[:3] for p in forward] == ["001", "002", "003"]
    with pg.fresh_database("dbnl_dep_targets_campaign") as db:
        pg.run(files=forward, dbname=db)
        names = {row["name"] for row in pg.query_json(_NAMES_SQL, db)}
    assert names == {"campaign_opens_pkey", "idx_campaign_opens_campaign_id"}


def test_a_target_spelling_the_old_table_name_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whitelist written before targets followed the table (the trial's): its
    index target would break DBN504, any other name is off-plan; say which target
    to write and write nothing."""
    root = _project(tmp_path, ACLS, ACLS_CONFIG)
    _init(root, monkeypatch, "--group-by", "rule")
    path = root / "whitelist.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("idx_access_control_lists_address", "idx_acls_address"), "utf-8")
    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "rule-DBN107", "--write")
    assert code == 2, out + err
    assert "the target 'idx_acls_address' of index 'index_acls_on_address'" in err
    assert "change the entry's target to 'idx_access_control_lists_address'" in err
    assert not list((root / "db").glob("002_*"))


def test_index_spelling_an_older_table_name_follows_the_table(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``idx_tag_community`` on ``tag`` (since renamed ``community_tag``): its target
    carries the table's target, migrate renames it, and the loop closes."""
    root = _project(tmp_path, TAG, "paths: [db]\ndialect: postgres\n")
    _init(root, monkeypatch)
    targets = {e["name"]: e["target"] for e in _entries(root)}
    assert targets == {
        "community_tag": "community_tags",
        "community_tag.tag_pkey": "community_tags_pkey",
        "community_tag.idx_tag_community": "idx_community_tags_community",
    }
    plan = _phase(root, monkeypatch, "1")
    assert "idx_tag_community -> idx_community_tags_community" in plan
    assert _entries(root) == []
    names = _apply_and_roll_back(pg, root, "dbnl_dep_targets_tag")
    assert names == {"community_tags_pkey", "idx_community_tags_community"}
    # Done: a second run says so, it does not claim entries are left.
    code, _, err = _run(root, monkeypatch, "migrate", "--phase", "1")
    assert code == 2
    assert "phase 1 has no entry left (is it done already?)" in err


def test_index_entries_of_a_phase_are_renamed_without_their_table(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A phase holding only index entries (its table keeps its name) is planned:
    the index gets its target; before, migrate said the phase had nothing left."""
    sql = "CREATE TABLE orders (id int PRIMARY KEY, customer_id int);\n"
    sql += "CREATE INDEX orders_by_customer ON orders (customer_id);\n"
    root = _project(tmp_path, sql, "paths: [db]\ndialect: postgres\nselect: [DBN302]\n")
    _init(root, monkeypatch)
    assert [(e["kind"], e["target"]) for e in _entries(root)] == [
        ("index", "idx_orders_customer_id")
    ]
    plan = _phase(root, monkeypatch, "1")
    assert "orders_by_customer -> idx_orders_customer_id" in plan
    names = _apply_and_roll_back(pg, root, "dbnl_dep_targets_orders")
    assert names == {"orders_pkey", "idx_orders_customer_id"}


def test_entries_left_without_a_target_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only index entries without a target left: say which, and how to finish."""
    sql = "CREATE TABLE orders (id int PRIMARY KEY, customer_id int);\n"
    sql += "CREATE INDEX orders_by_customer ON orders (customer_id);\n"
    root = _project(tmp_path, sql, "paths: [db]\ndialect: postgres\nselect: [DBN302]\n")
    _init(root, monkeypatch)
    path = root / "whitelist.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    target: idx_orders_customer_id\n", ""), "utf-8")
    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "1")
    assert code == 2, out + err
    assert (
        "no entry of phase 1 has a target to rename to: "
        "index orders.orders_by_customer (whitelist.yaml:"
    ) in err
    assert "write each entry's `target:`" in err
    assert "done already" not in err


def test_mentions_only_in_live_definitions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A DO block ran once; a function replaced later is not in the database; a
    function dropped later neither: counted, not listed. The live body is listed."""
    sql = (
        "CREATE TABLE film (id int PRIMARY KEY);\n"
        "CREATE FUNCTION n() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM film $$;\n"
        "DO $$ BEGIN PERFORM 1 FROM film; END $$;\n"
        "CREATE FUNCTION gone() RETURNS bigint LANGUAGE sql AS $$ SELECT 1 FROM film $$;\n"
        "DROP FUNCTION gone();\n"
        "CREATE OR REPLACE FUNCTION n() RETURNS bigint LANGUAGE sql\n"
        "  AS $$ SELECT count(*) + 1 FROM film $$;\n"
    )
    root = _project(tmp_path, sql, "paths: [db]\ndialect: postgres\n")
    code, out, err = _run(root, monkeypatch, "migrate", "--rename", "film=films")
    assert code == 0, out + err
    lines = out.splitlines()
    by_hand = lines.index(next(line for line in lines if line.startswith("Routine bodies")))
    assert lines[by_hand + 1 :][:2] == ["  db/001_init.sql:7: function mentions film", ""]
    gone = lines.index(next(line for line in lines if line.startswith("Old names in code")))
    assert "(3 mentions; nothing to update:" in lines[gone]
    assert lines[gone + 1 : gone + 5] == [
        "  db/001_init.sql:2: function mentions film (replaced or dropped later)",
        "  db/001_init.sql:3: do block mentions film (ran once)",
        "  db/001_init.sql:4: function mentions film (replaced or dropped later)",
        "",
    ]


def test_only_superseded_mentions_never_leave_an_empty_heading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Lemmy trial: every mention was in a DO block or a body replaced
    later, and the plan printed the "update them by hand" heading over a lone
    "(150 more mentions left out...)". No live body: no such heading; the
    first few mentions are listed under one that says there is nothing to do."""
    dos = "".join(f"DO $$ BEGIN PERFORM {n} FROM film; END $$;\n" for n in range(7))
    sql = "CREATE TABLE film (id int PRIMARY KEY);\n" + dos
    root = _project(tmp_path, sql, "paths: [db]\ndialect: postgres\n")
    code, out, err = _run(root, monkeypatch, "migrate", "--rename", "film=films")
    assert code == 0, out + err
    assert "update them by hand" not in out
    lines = out.splitlines()
    at = lines.index(next(line for line in lines if line.startswith("Old names in code")))
    assert "(7 mentions, the first 5; nothing to update:" in lines[at]
    assert lines[at + 1 : at + 8] == [
        *(f"  db/001_init.sql:{n}: do block mentions film (ran once)" for n in range(2, 7)),
        "  (2 more mentions of that kind not listed)",
        "",
    ]


def test_mentions_of_a_renamed_column_in_a_trigger_function(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """hoppscotch's sync_mock_examples() assigns NEW."mockExamples": after the
    column is renamed every INSERT fails, and no compatibility view answers for
    a column, so the plan lists the body with its line."""
    sql = (
        'CREATE TABLE requests (id int PRIMARY KEY, "mockExamples" jsonb);\n'
        "CREATE FUNCTION sync() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        '  NEW."mockExamples" := coalesce(NEW."mockExamples", \'[]\');\n'
        "  RETURN NEW;\n"
        "END $$;\n"
        "CREATE TRIGGER t BEFORE INSERT ON requests FOR EACH ROW EXECUTE FUNCTION sync();\n"
    )
    root = _project(tmp_path, sql, "paths: [db]\ndialect: postgres\n")
    code, out, err = _run(
        root, monkeypatch, "migrate", "--rename-column", 'requests."mockExamples"=mock_examples'
    )
    assert code == 0, out + err
    listed = [
        line.strip()
        for line in out.splitlines()
        if " mentions " in line and not line.startswith("-- warning: ")  # the script's header
    ]
    assert listed == ["db/001_init.sql:4: function mentions mockExamples"]
    assert "still name an old table or column" in out


def test_a_word_that_folds_to_another_name_is_no_mention(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """documenso's nanoid(): a local variable `counter` beside the table
    "Counter". PostgreSQL folds the unquoted word to counter, which never names
    "Counter"; the quoted spelling in dynamic SQL does."""
    sql = (
        'CREATE TABLE "Counter" (id text PRIMARY KEY, value int);\n'
        "CREATE FUNCTION nanoid(size int) RETURNS text LANGUAGE plpgsql AS $$\n"
        "DECLARE\n"
        "    counter int := 0;\n"
        "BEGIN\n"
        "    FOR counter IN 0..size LOOP NULL; END LOOP;\n"
        "    RETURN 'x';\n"
        "END $$;\n"
        "CREATE FUNCTION bump() RETURNS void LANGUAGE plpgsql AS $$\n"
        "BEGIN EXECUTE 'UPDATE \"Counter\" SET value = value + 1'; END $$;\n"
    )
    root = _project(tmp_path, sql, "paths: [db]\ndialect: postgres\n")
    code, out, err = _run(root, monkeypatch, "migrate", "--rename", '"Counter"=counters')
    assert code == 0, out + err
    listed = [
        line.strip()
        for line in out.splitlines()
        if " mentions " in line and not line.startswith("-- warning: ")  # the script's header
    ]
    assert listed == ["db/001_init.sql:10: function mentions Counter"]


LIQUIBASE_MYSQL = """\
-- liquibase formatted sql
-- changeset dev:1
CREATE TABLE film (film_id int PRIMARY KEY, title varchar(50));
CREATE INDEX film_title ON film (title);
-- rollback DROP TABLE film;
"""


def test_liquibase_file_reads_as_mysql(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-- changeset``/``-- rollback`` with a space: MySQL only reads ``-- `` as a
    comment, so the written file must run on MariaDB as it is (and ``check``, which
    reads it as MySQL does, reports no DBN005); Liquibase's parser allows the space
    (``--[\\s]*changeset``)."""
    config = "paths: [db]\ndialect: mysql\n"
    root = tmp_path / "app"
    (root / "db" / "changes").mkdir(parents=True)
    (root / "db" / "changes" / "create-film.sql").write_text(LIQUIBASE_MYSQL, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(config, encoding="utf-8")
    code, out, err = _run(root, monkeypatch, "migrate", "--rename", "film=films", "--write")
    assert code == 0, out + err
    written = sorted(
        set((root / "db" / "changes").glob("*.sql")) - {root / "db/changes/create-film.sql"}
    )
    assert len(written) == 1, written
    text = written[0].read_text(encoding="utf-8")
    assert text.startswith("-- liquibase formatted sql\n")
    assert "\n-- changeset dbnamelint:" in text
    assert "\n-- rollback RENAME TABLE `films` TO `film`;" in text
    assert not any(
        line.startswith("--") and not line.startswith("-- ") for line in text.splitlines()
    )
    code, out, _ = _run(root, monkeypatch, "check", "--select", "DBN005")
    assert "DBN005" not in out, out
    with maria.fresh_database(f"dbn_liquibase_{os.getpid()}") as db:
        maria.run(file=root / "db" / "changes" / "create-film.sql", database=db)
        maria.run(file=written[0], database=db)
        tables = maria.run("SHOW TABLES", database=db)
        assert "films" in tables.split()


SAKILA_LIKE = """\
SET NAMES utf8mb4;
CREATE TABLE `actor` (
  `actor_id` smallint unsigned NOT NULL AUTO_INCREMENT,
  `last_name` varchar(45) NOT NULL,
  PRIMARY KEY (`actor_id`),
  KEY `idx_actor_last_name` (`last_name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
"""


def test_a_mysql_file_with_a_neutral_name_is_planned_as_mysql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sakila's MySQL schema copied to ``schema.sql`` (the trial): the objects read
    as MySQL, so the plan is MySQL's; forcing another dialect names the mismatch
    and the option, instead of "no table 'actor'; did you mean "actor"?"."""
    root = tmp_path / "app"
    (root / "db").mkdir(parents=True)
    (root / "db" / "schema.sql").write_text(SAKILA_LIKE, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [db]\n", encoding="utf-8")
    _git(root, "init", "-q")
    _init(root, monkeypatch)
    assert any(e["name"] == "actor" and e.get("target") for e in _entries(root))
    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "1")
    assert code == 0, out + err
    assert out.startswith("Plan (mysql):"), out
    assert "RENAME TABLE `actor` TO `actors`;" in out
    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "1", "--dialect", "postgres")
    assert code == 2
    assert "the tree's files are read as mysql" in err
    assert "--dialect mysql (or `dialect: mysql` in the config)" in err
    assert "did you mean" not in err


@pytest.mark.slow
def test_a_camel_case_column_standard_keeps_the_columns_in_dependent_names(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Prisma's plan (the prisma-map pack: camelCase columns, snake_case tables):
    the foreign key follows its table as users_avatarImageId_fkey, the name
    PostgreSQL gives the same key on the renamed table (and Prisma derives,
    {table}_{columns}_fkey), not users_avatar_image_id_fkey."""
    sql = (
        'CREATE TABLE "AvatarImage" ("id" TEXT NOT NULL, CONSTRAINT "AvatarImage_pkey" '
        'PRIMARY KEY ("id"));\n'
        'CREATE TABLE "User" ("id" SERIAL NOT NULL, "avatarImageId" TEXT, '
        'CONSTRAINT "User_pkey" PRIMARY KEY ("id"));\n'
        'ALTER TABLE "User" ADD CONSTRAINT "User_avatarImageId_fkey" FOREIGN KEY '
        '("avatarImageId") REFERENCES "AvatarImage"("id");\n'
    )
    root = _project(tmp_path, sql, "extends: prisma-map\npaths: [db]\ndialect: postgres\n")
    code, plan, err = _run(root, monkeypatch, "migrate", "--rename", '"User"=users', "--write")
    assert code == 0, plan + err
    assert "users.User_avatarImageId_fkey -> users_avatarImageId_fkey" in plan
    names = _apply_and_roll_back(pg, root, "dbnl_prisma_fk_name")
    with pg.fresh_database("dbnl_prisma_fk_name_pg") as db:
        # What PostgreSQL itself names the key on a table called users.
        pg.run(
            sql="CREATE TABLE a (id text PRIMARY KEY); CREATE TABLE users (id int, "
            '"avatarImageId" text REFERENCES a (id));',
            dbname=db,
        )
        chosen = {row["name"] for row in pg.query_json(_NAMES_SQL, db)}
    assert "users_avatarImageId_fkey" in chosen
    assert "users_avatarImageId_fkey" in names


DOC = """\
CREATE TABLE doc (id int PRIMARY KEY, doc int, data jsonb);
CREATE INDEX doc_data ON doc (data);
CREATE INDEX doc_idx ON doc (doc);
"""


def test_an_index_named_after_its_table_follows_the_table_not_a_same_named_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    # Trial s6-t3 #11: column doc -> parent_id made doc_idx parent_id_idx.
    root = _project(tmp_path, DOC, "paths: [db]\ndialect: postgres\n")
    args = ["--rename", "doc=docs", "--rename-column", "doc.data=payload"]
    args += ["--rename-column", "doc.doc=parent_id", "--write"]
    code, out, err = _run(root, monkeypatch, "migrate", *args)
    assert code == 0, out + err
    forward = next(p for p in (root / "db").iterdir() if p.name != "001_init.sql")
    with pg.fresh_database("dbnl_g2_doc_idx") as db:
        pg.run(files=[root / "db" / "001_init.sql", forward], dbname=db)
        names = pg.query_json(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'docs' ORDER BY 1", db
        )
    assert [r["indexname"] for r in names] == ["docs_idx", "docs_payload", "docs_pkey"]
