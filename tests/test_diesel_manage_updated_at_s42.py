"""Diesel's ``diesel_manage_updated_at('t')``: a ``regclass`` argument bound (session 42).

``diesel setup`` writes ``00000000000000_diesel_initial_setup/up.sql``,
whose ``diesel_manage_updated_at(_tbl regclass)`` runs ``EXECUTE
format('CREATE TRIGGER set_updated_at ... ON %s ...', _tbl)``, and Diesel's
guide has a migration call it: ``SELECT diesel_manage_updated_at('users');``.
Only ``text``/``varchar``/``name`` and integer parameters were bound, so the
call kept a DBN012 note: the model lacked the trigger the database has,
and the gate refused every new call as DDL it cannot check (a trial on
rust-lang/crates.io's Diesel tree). A string literal naming one relation is
now bound to a ``regclass`` parameter as the relation's name
(:mod:`dbnamelint.frontends.sql.parsing.bound_args`); a qualified one,
whose text depends on the search path, keeps the note.

Oracle: PostgreSQL 15 running the migrations (the catalog's triggers beside
the model's, ``drift --db``); real git for the gate.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, git, git_workdir
from pg_server import PgServer

#: The two functions of Diesel CLI's initial setup migration, as it writes them.
SETUP = """\
CREATE OR REPLACE FUNCTION diesel_manage_updated_at(_tbl regclass) RETURNS VOID AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER set_updated_at BEFORE UPDATE ON %s
                    FOR EACH ROW EXECUTE PROCEDURE diesel_set_updated_at()', _tbl);
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION diesel_set_updated_at() RETURNS trigger AS $$
BEGIN
    IF (
        NEW IS DISTINCT FROM OLD AND
        NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at
    ) THEN
        NEW.updated_at := current_timestamp;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

#: A project's own helper of the same shape, naming the trigger after the table.
HELPER = """\
CREATE FUNCTION manage_audit(tbl regclass) RETURNS void AS $$
BEGIN
    EXECUTE 'CREATE TRIGGER audit_' || tbl || ' AFTER UPDATE ON ' || tbl
        || ' FOR EACH ROW EXECUTE PROCEDURE diesel_set_updated_at()';
END;
$$ LANGUAGE plpgsql;
"""

#: One whose constant trigger name breaks the standard.
BAD_HELPER = """\
CREATE FUNCTION audit_rows(tbl regclass) RETURNS void AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER "AuditRow" AFTER UPDATE ON %s
                    FOR EACH ROW EXECUTE PROCEDURE diesel_set_updated_at()', tbl);
END;
$$ LANGUAGE plpgsql;
"""

#: Calls PostgreSQL makes a trigger for: unquoted (folded), quoted, spaced.
CALLS = """\
CREATE TABLE crate_flags (id SERIAL PRIMARY KEY, updated_at TIMESTAMP NOT NULL DEFAULT now());
SELECT diesel_manage_updated_at('crate_flags');
CREATE TABLE "CrateNotes" (id SERIAL PRIMARY KEY, updated_at TIMESTAMP NOT NULL DEFAULT now());
SELECT diesel_manage_updated_at('"CrateNotes"');
CREATE TABLE mixed_case (id SERIAL PRIMARY KEY, updated_at TIMESTAMP NOT NULL DEFAULT now());
SELECT diesel_manage_updated_at(' Mixed_Case ');
SELECT manage_audit('crate_flags');
"""

#: A qualified name: its text is the search path's business, not read.
QUALIFIED = """\
CREATE TABLE crate_tags (id SERIAL PRIMARY KEY, updated_at TIMESTAMP NOT NULL DEFAULT now());
SELECT diesel_manage_updated_at('public.crate_tags');
"""

_TRIGGERS = """
SELECT t.tgname AS name, c.relname AS tbl FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal
"""


def _tree(root: Path, files: dict[str, str]) -> list[Path]:
    paths = []
    for folder, text in files.items():
        (root / "migrations" / folder).mkdir(parents=True)
        (root / "migrations" / folder / "up.sql").write_text(text, encoding="utf-8")
        paths.append(root / "migrations" / folder / "up.sql")
    (root / "dbnamelint.yaml").write_text("dialect: postgres\npaths: [migrations]\n")
    return paths


def _inspected() -> tuple[set[tuple[str, str]], list[dict[str, object]]]:
    result = CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    triggers = {
        (str(o["stored_name"]), str(o["table"])) for o in data["objects"] if o["kind"] == "trigger"
    }
    return triggers, data["diagnostics"]


def test_a_regclass_argument_makes_the_trigger_postgresql_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """Before: a DBN012 note at each call, no trigger in the model, and
    drift found the four triggers only in the database."""
    files = {
        "00000000000000_diesel_initial_setup": SETUP + HELPER,
        "2024-01-01-000000_flags": CALLS,
    }
    paths = _tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("s42_diesel_regclass") as db:
        pg.run(files=paths, dbname=db)
        catalog = {(r["name"], r["tbl"]) for r in pg.query_json(_TRIGGERS, dbname=db)}
        drift = CliRunner().invoke(cli, ["drift", "--no-cache", "--db", pg.url(db)])
    assert catalog == {
        ("set_updated_at", "crate_flags"),
        ("set_updated_at", "CrateNotes"),
        ("set_updated_at", "mixed_case"),
        ("audit_crate_flags", "crate_flags"),
    }
    assert drift.exit_code == 0, drift.output
    assert "No drift" in drift.output
    triggers, diagnostics = _inspected()
    assert triggers == catalog
    assert not [d for d in diagnostics if d["code"] in ("DBN012", "DBN013")], diagnostics


def test_a_qualified_regclass_argument_keeps_its_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """``'public.crate_tags'``: PostgreSQL makes the trigger, the model
    does not, and the call says so (DBN012), not passed over silently,
    while the unqualified call beside it is read (before: both noted)."""
    files = {
        "00000000000000_diesel_initial_setup": SETUP,
        "2024-01-01-000000_tags": QUALIFIED + "".join(CALLS.splitlines(keepends=True)[:2]),
    }
    paths = _tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("s42_diesel_regclass_q") as db:
        pg.run(files=paths, dbname=db)
        catalog = {(r["name"], r["tbl"]) for r in pg.query_json(_TRIGGERS, dbname=db)}
    assert catalog == {("set_updated_at", "crate_tags"), ("set_updated_at", "crate_flags")}
    triggers, diagnostics = _inspected()
    assert triggers == {("set_updated_at", "crate_flags")}
    noted = [
        (Path(str(d["path"])).parent.name, d["line"]) for d in diagnostics if d["code"] == "DBN012"
    ]
    assert noted == [("2024-01-01-000000_tags", 2)], diagnostics


def test_the_gate_passes_diesels_idiom_and_judges_what_it_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new migration calling the committed helper: the trigger it makes
    is checked (before: refused as DBN012 whatever the table)."""
    root = git_workdir(tmp_path / "project", monkeypatch)
    adopted_repo(
        root,
        {
            "migrations/00000000000000_diesel_initial_setup/up.sql": SETUP + BAD_HELPER,
            "migrations/00000000000000_diesel_initial_setup/down.sql": "SELECT 1;\n",
        },
        "paths: [migrations]\ndialect: postgres\n",
    )
    new = root / "migrations" / "2024-01-01-000000_flags" / "up.sql"
    new.parent.mkdir(parents=True)
    cases = {
        # Diesel's idiom on a good table: nothing to refuse
        "CREATE TABLE crate_flags (id int, updated_at timestamp);\n"
        "SELECT diesel_manage_updated_at('crate_flags');\n": (0, ""),
        # a helper whose trigger name breaks the standard: judged in its body
        "CREATE TABLE crate_flags (id int, updated_at timestamp);\n"
        "SELECT audit_rows('crate_flags');\n": (
            1,
            "migrations/00000000000000_diesel_initial_setup/up.sql:21:36:"
            ' DBN505 trigger "crate_flags.AuditRow"',
        ),
    }
    for text, (code, where) in cases.items():
        new.write_text(text)
        git(root, "add", "-A")
        result = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD"])
        assert result.exit_code == code, (text, result.output)
        assert "DBN012" not in result.output, result.output
        assert where in result.output, (text, result.output)
        hook = CliRunner().invoke(cli, ["check", "--no-cache", "--pre-commit", str(new)])
        assert hook.exit_code == code, (text, hook.output)
