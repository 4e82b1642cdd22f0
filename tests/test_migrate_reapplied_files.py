"""``migrate`` lists the uses of a renamed table in files re-run after the migrations.

Trial s36 lemmy F4: Lemmy's runner applies the Diesel migrations, then
rebuilds its ``replaceable_schema`` (``utils.sql``, ``triggers.sql``) in one
transaction on every start. After ``migrate --phase 2`` renamed
``post_report`` (a compatibility view under the old name), the rebuild
failed on ``CREATE TRIGGER ... ON post_report`` ("is a view") and on the
trigger ``CALL r.create_triggers('post_report', ...)`` makes, so the server
did not start; the plan's only note said to check the database still had
the name (it had). Now the plan lists each line of those files naming the
table, the routine's argument and body among them; and ``impact``, which
never searched the files below ``paths`` (F3), searches these as code.

Oracle: PostgreSQL running the runner's order (migrations, forward script,
rebuild of ``r``): the rebuild fails as the files are, and succeeds once the
listed lines, and only they, are renamed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import init_repo, isolated_git_env, write_files
from pg_server import PgServer, SqlFailed

MIGRATION = "migrations/2020-01-01-000000_init/up.sql"
UTILS = "crates/db/replaceable_schema/utils.sql"
TRIGGERS = "crates/db/replaceable_schema/triggers.sql"
FILES = {
    "diesel.toml": '[print_schema]\nfile = "src/schema.rs"\n',
    MIGRATION: (
        "CREATE TABLE post_report (id int PRIMARY KEY, resolved bool, resolver_id int);\n"
        "CREATE TABLE report_combined (id serial PRIMARY KEY, post_report_id int);\n"
    ),
    "migrations/2020-01-01-000000_init/down.sql": (
        "DROP TABLE report_combined;\nDROP TABLE post_report;\n"
    ),
    # Lemmy's create_triggers, cut down: a statement trigger with a transition table
    UTILS: """\
CREATE PROCEDURE r.create_triggers (table_name text, function_body text)
LANGUAGE plpgsql
AS $a$
BEGIN
    EXECUTE replace(replace($b$
        CREATE FUNCTION r.thing_insert_statement () RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            thing thing;
        BEGIN
            FOR thing IN SELECT * FROM new_table LOOP
                function_body_here
            END LOOP;
            RETURN NULL;
        END $$;
        CREATE TRIGGER insert_statement AFTER INSERT ON thing
            REFERENCING NEW TABLE AS new_table
            FOR EACH STATEMENT EXECUTE FUNCTION r.thing_insert_statement ();
    $b$, 'function_body_here', function_body), 'thing', table_name);
END;
$a$;
""",
    TRIGGERS: """\
CALL r.create_triggers ('post_report', $$
BEGIN
    UPDATE report_combined SET id = id WHERE post_report_id = (post_report).id;
END;
$$);

CREATE FUNCTION r.report_combined_post_insert () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_combined (post_report_id) VALUES (NEW.id);
    RETURN NEW;
END $$;

CREATE TRIGGER report_combined_post_insert
    AFTER INSERT ON post_report
    FOR EACH ROW
    EXECUTE FUNCTION r.report_combined_post_insert ();

CREATE TRIGGER report_combined_post_update
    AFTER UPDATE OF resolved, resolver_id ON post_report
    FOR EACH ROW
    EXECUTE FUNCTION r.report_combined_post_insert ();
""",
}
CONFIG = f"paths: [migrations, {UTILS}, {TRIGGERS}]\ndialect: postgres\n"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def _rebuild(pg: PgServer, root: Path, db: str) -> None:
    """Lemmy's runner after the migrations: ``r`` rebuilt in one transaction."""
    begin, commit = root / "begin.sql", root / "commit.sql"
    begin.write_text("BEGIN;\nDROP SCHEMA IF EXISTS r CASCADE;\nCREATE SCHEMA r;\n")
    commit.write_text("COMMIT;\n")
    pg.run(files=[begin, root / UTILS, root / TRIGGERS, commit], dbname=db)


def test_the_plan_lists_each_use_the_rebuild_needs_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "lemmy"
    write_files(root, {**FILES, "dbnamelint.yaml": CONFIG})
    monkeypatch.chdir(root)
    assert _run("whitelist", "init")[0] == 0
    init_repo(root, "base")
    # impact searches them as code (F3): the schema files they are not history
    code, out = _run("impact", "--phase", "1", "--min-confidence", "plain", "--format", "json")
    assert code == 0, out
    (found,) = json.loads(out)["phases"][0]["objects"]
    used = sorted({item["line"] for item in found["items"] if item["path"] == TRIGGERS})
    code, out = _run("migrate", "--phase", "1", "--write")
    assert code == 0, out
    notes = [line for line in out.splitlines() if line.startswith("  - table post_report:")]
    assert len(notes) == 1, out
    listed = sorted({int(n) for n in re.findall(re.escape(TRIGGERS) + r":(\d+) ", notes[0])})
    assert "post_reports" in notes[0] and "not followed" in notes[0]
    assert "check the database still has" not in out  # it has: the rename is to do here
    forward = next(root.glob("migrations/*_rename_phase_1/up.sql"))
    with pg.fresh_database("s36_lemmy_reapplied") as db:
        pg.run(files=[root / MIGRATION], dbname=db)
        _rebuild(pg, root, db)
        pg.run(files=[forward], dbname=db)
        with pytest.raises(SqlFailed, match='"post_report" is a view'):
            _rebuild(pg, root, db)  # as the files are: the server would not start
        # the listed lines renamed, and nothing else: the rebuild runs
        lines = (root / TRIGGERS).read_text().splitlines(keepends=True)
        for number in listed:
            renamed = re.sub(r"\bpost_report\b", "post_reports", lines[number - 1])
            assert renamed != lines[number - 1], number  # a listed line names it
            lines[number - 1] = renamed
        (root / TRIGGERS).write_text("".join(lines))
        _rebuild(pg, root, db)
        assert used == listed  # impact names the same lines
        made = pg.query_json(
            "SELECT tgname, tgrelid::regclass::text AS relation FROM pg_trigger"
            " WHERE NOT tgisinternal ORDER BY tgname",
            dbname=db,
        )
    assert {(r["tgname"], r["relation"]) for r in made} == {
        ("insert_statement", "post_reports"),
        ("report_combined_post_insert", "post_reports"),
        ("report_combined_post_update", "post_reports"),
    }
