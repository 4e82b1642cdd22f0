"""A ``DO`` block's ``IF <catalog test> THEN ... END IF`` replayed as PostgreSQL runs it.

Trial s37 supabase/auth F3: migration 20240806073726 drops an index only
``if`` it and its new name both exist (never on a fresh database), then
renames it ``if exists``. Read as if every arm ran, the drop went first, the
rename found nothing (DBN011) and an index without a table was left. Replay
now decides a condition that counts catalog rows (``EXISTS (SELECT ... FROM
pg_indexes WHERE ...)``, ``(SELECT count(*) ...) = N``) on the schema built so
far and runs only the arm PostgreSQL runs; one it cannot decide keeps every
arm read. The oracle is PostgreSQL 15 running the same files: ``drift --db``
finds nothing, and the catalog is asked for the objects that matter.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import pg_server
from check_json import check_json
from dbnamelint.cli import cli
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from git_helpers import adopted_repo, git, isolated_git_env
from pg_server import pg_url

SETUP = "create table t (id int); create unique index ix_a on t (id);\n"
#: supabase/auth 20240806073726's shape.
GUARDED = """\
do $$ begin
  if (select count(*) = 2 from pg_indexes where indexname in ('ix_a','ix_b')) then
    execute 'drop index ix_a';
  end if;
  if exists (select 1 from pg_indexes where indexname = 'ix_a') then
    execute 'alter index ix_a rename to ix_b';
  end if;
end $$;
"""
#: ELSIF/ELSE, information_schema and pg_class, a nested IF: run twice, the
#: second run takes the other arms.
ARMS = """\
DO $body$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                 WHERE table_name = 't' AND column_name = 'c') THEN
    EXECUTE 'ALTER TABLE t ADD COLUMN c int';
    IF EXISTS (SELECT FROM pg_class WHERE relname = 'nope') THEN
      EXECUTE 'CREATE TABLE never_made (id int)';
    END IF;
  ELSIF (SELECT count(*) FROM pg_class WHERE relname = 'c_ix') = 0 THEN
    EXECUTE 'CREATE INDEX c_ix ON t (c)';
  ELSE
    EXECUTE 'ALTER INDEX c_ix RENAME TO t_c_ix';
  END IF;
END
$body$;
"""

#: pg_constraint and pg_type; DDL written in the arms, not EXECUTEd.
CATALOGS = """\
CREATE TABLE p (id int CONSTRAINT p_pk PRIMARY KEY);
CREATE TYPE mood AS ENUM ('a');
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN
    CREATE TYPE mood AS ENUM ('b');
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'p_pk') THEN
    ALTER TABLE p ADD CONSTRAINT p_pk PRIMARY KEY (id);
  ELSE
    ALTER TABLE p RENAME CONSTRAINT p_pk TO p_pkey;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'p') THEN
    CREATE TABLE never_p (id int);
  END IF;
  -- a built-in type the files never make: not decided, read as run
  IF EXISTS (SELECT 1 FROM pg_type WHERE typname = 'int4') THEN
    CREATE TABLE t_int (id int);
  END IF;
END $$;
"""

#: A routine read where it is called: each call decides its IFs afresh.
CALLED = """\
create table t (id int);
create function ensure_c() returns void language plpgsql as $$
begin
  if not exists (select 1 from information_schema.columns
                 where table_name = 't' and column_name = 'c') then
    execute 'alter table t add column c int';
  else
    execute 'alter table t rename column c to c2';
  end if;
end $$;
select ensure_c();
select ensure_c();
select ensure_c();
"""


def _files(tmp_path: Path, files: list[str]) -> Path:
    folder = tmp_path / "migrations"
    folder.mkdir()
    for number, sql in enumerate(files, 1):
        (folder / f"{number}_m.up.sql").write_text(sql, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [migrations]\ndialect: postgres\n", encoding="utf-8"
    )
    return tmp_path / "dbnamelint.yaml"


def _drift_clean(pg: pg_server.PgServer, tmp_path: Path, files: list[str]) -> set[str]:
    """Run ``files`` on PostgreSQL; ``drift --db`` must find nothing. The
    relations of ``public`` the database has."""
    config = _files(tmp_path, files)
    with pg.fresh_database("dbnl_doif") as db:
        for sql in files:
            pg.run(sql=sql, dbname=db)
        names = {
            r["relname"]
            for r in pg.query_json(
                "SELECT relname FROM pg_class c JOIN pg_namespace n"
                " ON n.oid = c.relnamespace WHERE nspname = 'public'",
                db,
            )
        }
        url = pg_url(pg, db)
        args = ["drift", "--no-cache", "--config", str(config), "--db", url, "--format", "json"]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["drift"] == []
    return names


def _indexes(sql: str) -> set[tuple[str | None, str]]:
    schema = schema_from_sql(sql, dialect="postgres")
    return {(o.table, o.name) for o in schema.objects if o.kind is ObjectKind.INDEX}


@pytest.mark.slow
def test_gotrue_guarded_drop_then_rename_matches_postgres(
    pg: pg_server.PgServer, tmp_path: Path
) -> None:
    names = _drift_clean(pg, tmp_path, [SETUP, GUARDED])
    assert {"ix_b"} <= names and "ix_a" not in names


def test_gotrue_guarded_drop_is_skipped_on_a_fresh_schema() -> None:
    schema = schema_from_sql(SETUP + GUARDED, dialect="postgres")
    indexes = [(o.table, o.name) for o in schema.objects if o.kind is ObjectKind.INDEX]
    assert indexes == [("t", "ix_b")]
    assert not [d for d in schema.diagnostics if d.code in ("DBN011", "DBN028")]


@pytest.mark.slow
def test_the_other_outcome_drops_and_skips_the_rename(
    pg: pg_server.PgServer, tmp_path: Path
) -> None:
    both = SETUP + "create unique index ix_b on t (id);\n"
    names = _drift_clean(pg, tmp_path, [both, GUARDED])
    assert "ix_b" in names and "ix_a" not in names
    assert _indexes(both + GUARDED) == {("t", "ix_b")}


@pytest.mark.slow
def test_elsif_else_and_nested_arms_follow_postgres(pg: pg_server.PgServer, tmp_path: Path) -> None:
    names = _drift_clean(pg, tmp_path, ["create table t (id int);\n", ARMS, ARMS, ARMS])
    assert "t_c_ix" in names and "never_made" not in names


def test_arms_taken_one_run_after_another() -> None:
    base = "create table t (id int);\n"
    schema = schema_from_sql(base + ARMS, dialect="postgres")
    assert {(o.kind, o.name) for o in schema.objects} >= {(ObjectKind.COLUMN, "c")}
    assert "never_made" not in {o.name for o in schema.objects}
    assert _indexes(base + ARMS) == set()
    assert _indexes(base + ARMS + ARMS) == {("t", "c_ix")}
    assert _indexes(base + ARMS + ARMS + ARMS) == {("t", "t_c_ix")}


@pytest.mark.slow
def test_pg_constraint_and_pg_type_follow_postgres(pg: pg_server.PgServer, tmp_path: Path) -> None:
    names = _drift_clean(pg, tmp_path, [CATALOGS])
    assert "p_pkey" in names and "never_p" not in names and "t_int" in names


def test_pg_constraint_and_pg_type_arms() -> None:
    schema = schema_from_sql(CATALOGS, dialect="postgres")
    names = {(o.kind, o.name) for o in schema.objects}
    assert (ObjectKind.CONSTRAINT, "p_pkey") in names
    assert (ObjectKind.TABLE, "never_p") not in names
    assert (ObjectKind.TABLE, "t_int") in names
    assert not [d for d in schema.diagnostics if d.code == "DBN010"]  # mood made once


@pytest.mark.slow
def test_each_call_of_a_routine_takes_its_own_arm(pg: pg_server.PgServer, tmp_path: Path) -> None:
    names = _drift_clean(pg, tmp_path, [CALLED])
    assert "t" in names
    schema = schema_from_sql(CALLED, dialect="postgres")
    columns = {o.name for o in schema.objects if o.kind is ObjectKind.COLUMN}
    assert columns == {"id", "c", "c2"}  # add, rename, add again
    assert not [d for d in schema.diagnostics if d.code == "DBN010"]


def test_an_undecidable_condition_reads_every_arm() -> None:
    """A role, a setting, a table the files never make: not known from the
    files, so every arm is read, as before (DBN011 notes the guarded rename)."""
    for test in (
        "exists (select 1 from pg_roles where rolname = 'x')",
        "current_setting('app.flag', true) is null",
        # a part not known decides nothing when the other is false (OR)
        "exists (select 1 from information_schema.tables where table_name = 'made_elsewhere')"
        " or current_setting('app.flag', true) is null",
        "(select count(*) from pg_indexes where indexname = 'ix_a')",
    ):
        sql = (
            SETUP
            + f"do $$ begin if {test} then execute 'alter index ix_a rename to ix_c';"
            + " else execute 'create table other_t (id int)'; end if; end $$;\n"
        )
        schema = schema_from_sql(sql, dialect="postgres")
        names = {(o.kind, o.name) for o in schema.objects}
        assert {(ObjectKind.INDEX, "ix_c"), (ObjectKind.TABLE, "other_t")} <= names, test


def test_an_if_in_a_loop_is_not_decided_once() -> None:
    """Each pass of a loop tests its IF again (an arm may change the answer):
    replay, which decides an IF once, reads its arms as run, as before."""
    sql = SETUP + (
        "do $$ declare v text; begin foreach v in array array['a', 'b'] loop"
        " if exists (select 1 from pg_indexes where indexname = 'nope') then"
        " execute 'alter index ix_a rename to ix_c'; end if; end loop; end $$;\n"
    )
    assert _indexes(sql) == {("t", "ix_c")}


def test_a_table_the_files_never_make_is_not_decided() -> None:
    """``made_elsewhere`` is only altered here (a ghost): whether its column
    exists is not known, so both arms are read."""
    sql = (
        "alter table made_elsewhere add column a int;\n"
        "do $$ begin if not exists (select 1 from information_schema.columns"
        " where table_name = 'made_elsewhere' and column_name = 'b') then"
        " execute 'alter table made_elsewhere add column b int'; end if;"
        " if exists (select 1 from information_schema.columns"
        " where table_name = 'made_elsewhere' and column_name = 'z') then"
        " execute 'alter table made_elsewhere add column y int'; end if; end $$;\n"
    )
    schema = schema_from_sql(sql, dialect="postgres")
    columns = {o.name for o in schema.objects if o.kind is ObjectKind.COLUMN}
    assert {"a", "b", "y"} <= columns


def test_placeholder_schema_condition(tmp_path: Path) -> None:
    """supabase/auth writes the schema as pop's ``{{ index .Options "Namespace" }}``,
    in the names and in the condition's ``schemaname``: the same placeholder."""
    ns = '{{ index .Options "Namespace" }}'
    config = _files(
        tmp_path,
        [
            f"create table {ns}.t (id int); create unique index ix_a on {ns}.t (id);\n",
            GUARDED.replace("'ix_b'))", f"'ix_b') and schemaname = '{ns}')")
            .replace("= 'ix_a')", f"= 'ix_a' and schemaname = '{ns}')")
            .replace("index ix_a", f"index {ns}.ix_a"),
        ],
    )
    result = CliRunner().invoke(
        cli,
        ["inspect", "--no-cache", "--config", str(config), "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "DBN011" not in result.output
    model = json.loads(result.stdout)
    indexes = [(o.get("table"), o["name"]) for o in model["objects"] if o["kind"] == "index"]
    assert indexes == [("t", "ix_b")]


@pytest.mark.parametrize("hook", [False, True], ids=["base", "pre-commit"])
def test_the_gate_judges_the_names_of_a_new_skipped_arm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hook: bool
) -> None:
    """An arm the files' schema skips runs on a database in another state (the
    reason for the test): a change adding one has its names judged, as a
    Liquibase changeset its guard skips has."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    adopted_repo(
        tmp_path,
        {"migrations/1_a.up.sql": "create table things (id int);\n"},
        "paths: [migrations]\ndialect: postgres\n",
    )
    (tmp_path / "migrations/2_b.up.sql").write_text(
        "do $$ begin\n"
        "  if exists (select 1 from pg_tables where tablename = 'old_things') then\n"
        '    alter table old_things rename to "BadThings";\n'
        "  end if;\nend $$;\n",
        encoding="utf-8",
    )
    git(tmp_path, "add", "migrations/2_b.up.sql")  # a new file: untracked is no change
    code, found, _ = check_json(*(("--pre-commit",) if hook else ("--base", "HEAD")))
    assert code == 1
    assert ("DBN101", "BadThings") in {(f[0], f[1]) for f in found}


#: What real migrations write (s38 M1): to_regclass, NOT/AND/OR of decidable
#: tests (one part not known beside a false AND), a searched CASE statement,
#: and a RETURN in an arm ending the block. Every ``wrong*`` table is in an
#: arm or after a RETURN PostgreSQL does not run.
REGCLASS = """\
CREATE TABLE t (id int);
CREATE TABLE "T" (id int);
CREATE TYPE pair AS (a int, b int);
CREATE TYPE mood AS ENUM ('a');
DO $$
BEGIN
  IF to_regclass('pair') IS NULL THEN
    CREATE TABLE wrong11 (id int);
  END IF;
  IF to_regclass('mood') IS NULL THEN
    CREATE TABLE made_no_enum_class (id int);
  END IF;
  IF to_regclass('public.t') IS NOT NULL AND to_regclass('t_old') IS NULL THEN
    EXECUTE 'CREATE TABLE t_new (id int)';
  ELSIF NOT (to_regclass('"T"') IS NULL) OR to_regclass('t_ix') IS NOT NULL THEN
    CREATE TABLE wrong1 (id int);
  END IF;
  IF to_regclass('t_pkey') IS NOT NULL OR to_regclass('public.nope') IS NOT NULL THEN
    CREATE TABLE wrong2 (id int);
  ELSE
    CREATE INDEX t_ix ON t (id);
  END IF;
  IF NOT (to_regclass('t_ix') IS NOT NULL AND to_regclass('t_new') IS NOT NULL) THEN
    CREATE TABLE wrong3 (id int);
  END IF;
  IF current_setting('app.flag', true) = 'x' AND to_regclass('"t"') IS NULL THEN
    CREATE TABLE wrong4 (id int);
  END IF;
END $$;
DO $$
BEGIN
  CASE
    WHEN to_regclass('t_new') IS NULL THEN
      CREATE TABLE wrong5 (id int);
    WHEN EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 't_ix') THEN
      ALTER INDEX t_ix RENAME TO t_id_ix;
    ELSE
      CREATE TABLE wrong6 (id int);
  END CASE;
END $$;
DO $$
BEGIN
  IF to_regclass('t_id_ix') IS NOT NULL THEN
    CREATE TABLE made_before_return (id int);
    RETURN;
  END IF;
  CREATE TABLE wrong7 (id int);
END $$;
DO $$
BEGIN
  IF to_regclass('nope') IS NOT NULL THEN
    RETURN;
  END IF;
  IF to_regclass('t') IS NOT NULL THEN
    BEGIN
      IF to_regclass('t_new') IS NOT NULL THEN
        RETURN;
      END IF;
    END;
    CREATE TABLE wrong8 (id int);
  ELSE
    CREATE TABLE wrong9 (id int);
  END IF;
  CREATE TABLE wrong10 (id int);
END $$;
DO $$
BEGIN
  IF to_regclass('t') IS NOT NULL THEN
    IF to_regclass('nope') IS NOT NULL THEN
      RETURN;
    END IF;
  END IF;
  CREATE TABLE made_after_nested (id int);
END $$;
DO $$
BEGIN
  IF to_regclass('t_new') IS NOT NULL THEN
    BEGIN
      CREATE TABLE made_in_block (id int);
    EXCEPTION WHEN others THEN
      RETURN;
    END;
  END IF;
  CREATE TABLE made_after_handler (id int);
END $$;
"""
MADE = {
    *("t", "T", "t_new", "t_id_ix", "made_before_return", "made_in_block"),
    *("made_after_handler", "made_after_nested", "made_no_enum_class"),
}


@pytest.mark.slow
def test_regclass_boolean_case_and_return_follow_postgres(
    pg: pg_server.PgServer, tmp_path: Path
) -> None:
    names = _drift_clean(pg, tmp_path, [REGCLASS])
    assert names == MADE | {"pair"}  # a composite type's pg_class row


def test_regclass_boolean_case_and_return_arms() -> None:
    schema = schema_from_sql(REGCLASS, dialect="postgres")
    kinds = (ObjectKind.TABLE, ObjectKind.INDEX)
    assert {o.name for o in schema.objects if o.kind in kinds} == MADE


def test_return_in_a_loop_or_an_undecided_arm_keeps_what_follows() -> None:
    """A RETURN replay cannot place (in a loop; nested in an arm whose
    test it cannot decide) leaves the statements after it read, as before."""
    sql = SETUP + (
        "do $$ declare v text; begin"
        " foreach v in array array['a'] loop"
        "   if to_regclass('t') is not null then return; end if;"
        " end loop;"
        " if current_setting('app.flag', true) = 'x' then"
        "   if to_regclass('ix_a') is not null then return; end if;"
        " end if;"
        " create table after_both (id int);"
        " end $$;\n"
    )
    schema = schema_from_sql(sql, dialect="postgres")
    assert "after_both" in {o.name for o in schema.objects}
