"""A dependent name an unread ``EXECUTE`` only creates (in other schemas) is
still renamed; one it drops is left out with a note saying how to make the
migration pass the project's own check (trial s29/s30 Registry, sqitch on
PostgreSQL: its tenant loops ``EXECUTE format('CREATE INDEX
idx_waitlist_status ON %I.waitlist ...', s)`` beside the static ``CREATE INDEX
idx_waitlist_status ON waitlist``; ``migrate`` left those indexes to be
renamed by hand and ``check`` then refused the migration with ``DBN504``).

Oracle: PostgreSQL 15 (``DBNAMELINT_TEST_PG``): the files run with psql, then
the forward script, then the rollback, the catalog compared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import pg_server
from test_migrate_dependent_targets import _project
from test_migrate_loop import _run
from test_migrate_trial_s6t2_mysql import _scripts
from test_migrate_trial_s9t1 import _pg_apply

pytestmark = pytest.mark.slow

CONFIG = "paths: [db]\ndialect: postgres\n"
INIT = """\
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN RETURN NEW; END $f$;
CREATE TABLE waitlist (id int PRIMARY KEY, status text);
CREATE INDEX idx_waitlist_status ON waitlist (status);
CREATE TRIGGER update_waitlist_updated_at BEFORE UPDATE ON waitlist
    FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER reorder_waitlist_on_removal AFTER DELETE ON waitlist
    FOR EACH ROW EXECUTE FUNCTION touch();
CREATE SCHEMA tenant_a;
DO $$
DECLARE
    s name;
BEGIN
    FOR s IN SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant\\_%' LOOP
        EXECUTE format('CREATE TABLE %I.waitlist (id int PRIMARY KEY, status text)', s);
        EXECUTE format('CREATE INDEX IF NOT EXISTS idx_waitlist_status ON %I.waitlist (status)', s);
        EXECUTE format('DROP TRIGGER IF EXISTS update_waitlist_updated_at ON %I.waitlist', s);
        EXECUTE format('CREATE TRIGGER update_waitlist_updated_at BEFORE UPDATE ON %I.waitlist
            FOR EACH ROW EXECUTE FUNCTION public.touch()', s);
    END LOOP;
END $$;
"""
#: Registry's fix-waitlist-reorder-v3: drops the trigger in every schema.
DROPS = """\
DO $$
DECLARE
    s text;
BEGIN
    FOR s IN SELECT table_schema FROM information_schema.tables
        WHERE table_name = 'waitlist' GROUP BY table_schema LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS reorder_waitlist_on_removal ON %I.waitlist;', s);
    END LOOP;
END $$;
"""
CATALOG = (
    "SELECT n.nspname || '.' || c.relname AS name FROM pg_class c "
    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'tenant_a') "
    "UNION ALL SELECT n.nspname || '.' || t.tgname FROM pg_trigger t "
    "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE NOT t.tgisinternal ORDER BY 1"
)


def _names(pg: pg_server.PgServer, db: str) -> list[str]:
    return [str(row["name"]) for row in pg.query_json(CATALOG, dbname=db)]


def test_names_an_unread_execute_only_creates_are_renamed_and_a_dropped_one_is_explained(
    pg: pg_server.PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, INIT, CONFIG)
    (root / "db" / "002_drop_trigger.sql").write_text(DROPS, encoding="utf-8")
    code, plan, err = _run(root, monkeypatch, "migrate", "--rename", "waitlist=waitlists")
    assert code == 0, plan + err
    forward, rollback = _scripts(plan)
    assert 'ALTER INDEX "idx_waitlist_status" RENAME TO "idx_waitlists_status";' in forward
    assert (
        'ALTER TRIGGER "update_waitlist_updated_at" ON "waitlists" '
        'RENAME TO "update_waitlists_updated_at";' in forward
    )
    statements = "\n".join(line for line in forward.splitlines() if not line.startswith("--"))
    assert "reorder_waitlist_on_removal" not in statements
    assert (
        "trigger reorder_waitlist_on_removal on waitlists is not renamed: "
        "db/002_drop_trigger.sql:7 drops it" in plan
    )
    assert "`DROP TRIGGER IF EXISTS reorder_waitlist_on_removal ...`" in plan
    with pg.fresh_database("dbnl_s30_unread_creates") as db:
        _pg_apply(pg, db, INIT + DROPS, tmp_path)
        before = _names(pg, db)
        assert "public.reorder_waitlist_on_removal" not in before  # the DO block dropped it
        _pg_apply(pg, db, forward, tmp_path)
        after = _names(pg, db)
        assert {"public.idx_waitlists_status", "public.update_waitlists_updated_at"} <= set(after)
        assert {"tenant_a.idx_waitlist_status", "tenant_a.update_waitlist_updated_at"} <= set(after)
        _pg_apply(pg, db, rollback, tmp_path)
        assert _names(pg, db) == before

    # the project's check: the one left out is DBN504 until the forward script
    # drops it as the note says (the database holds none: the drop does nothing)
    code, plan, err = _run(
        root, monkeypatch, "migrate", "--rename", "waitlist=waitlists", "--write"
    )
    assert code == 0, plan + err
    code, out, err = _run(root, monkeypatch, "check", "--select", "DBN504")
    assert code == 1 and out.count("DBN504") == 1 and "reorder_waitlist_on_removal" in out, out
    written = next(
        p for p in (root / "db").glob("*.sql") if "rename" in p.name and "down" not in p.name
    )
    text = written.read_text(encoding="utf-8")
    written.write_text(
        text.replace(
            'RENAME TO "waitlists";\n',
            'RENAME TO "waitlists";\n'
            'DROP TRIGGER IF EXISTS "reorder_waitlist_on_removal" ON "waitlists";\n',
            1,
        ),
        encoding="utf-8",
    )
    code, out, err = _run(root, monkeypatch, "check", "--select", "DBN504")
    assert code == 0 and "DBN504" not in out, out + err


@pytest.mark.parametrize(
    ("text", "done"),
    [
        ("EXECUTE format('CREATE INDEX idx_a ON %I.t (a)', s)", None),
        ("EXECUTE format('CREATE UNIQUE INDEX IF NOT EXISTS \"idx_a\" ON %I.t (a)', s)", None),
        ("EXECUTE 'ALTER TABLE t ADD CONSTRAINT idx_a CHECK (a > 0)'", None),
        ("EXECUTE 'DROP INDEX IF EXISTS idx_a'; EXECUTE 'CREATE INDEX idx_a ON t (a)'", None),
        ("EXECUTE format('DROP INDEX IF EXISTS %I.idx_a', s)", "drops"),
        ("EXECUTE 'ALTER TABLE t RENAME CONSTRAINT idx_a TO idx_b'", "names"),
        ("EXECUTE 'ALTER INDEX idx_a RENAME TO idx_b'", "names"),
        ("IF EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'idx_a') THEN", "names"),
        ("EXECUTE 'CREATE INDEX idx_a ON t (a)'; EXECUTE 'ALTER INDEX idx_a RENAME TO x'", "names"),
    ],
)
def test_what_an_unread_text_may_have_done_to_a_name(text: str, done: str | None) -> None:
    """Only a create (or a drop and a create again) leaves the name as it was;
    PostgreSQL's grammar: ``CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS]
    name``, ``[ADD] CONSTRAINT name``, ``RENAME CONSTRAINT name TO``."""
    from dbnamelint.services.migrate.unread import _may_rename

    assert _may_rename(text, "idx_a") == done
