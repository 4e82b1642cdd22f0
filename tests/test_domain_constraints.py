"""A PostgreSQL domain's constraints are named objects (trial s29, icingadb).

``CREATE DOMAIN bytea8 AS bytea CONSTRAINT "Exactly8BytesLong" CHECK (...)``
and ``ALTER DOMAIN bytea8 ADD CONSTRAINT "NotEmpty" CHECK (...)`` were never
read: neither ``inspect`` nor ``inspect --db`` showed the names, ``drift`` was
clean because both sides missed them, and the gate let a bad name through.

Oracles: a real PostgreSQL's ``pg_constraint`` (``contypid``) for the names
the model holds (the unnamed ones too, ``<domain>_check`` numbered among the
schema's constraints; more DDL in ``tests/test_postgres_oracle.py``, case
``domain-constraints``), and for the ``ALTER DOMAIN ... RENAME CONSTRAINT``
scripts ``migrate`` writes, run forward and back on it; real git for the gate.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from git_helpers import commit_all, committed_repo
from pg_server import PgServer

ICINGA = """\
CREATE DOMAIN bytea8 AS bytea CONSTRAINT "Exactly8BytesLong" CHECK (octet_length(VALUE) = 8);
ALTER DOMAIN bytea8 ADD CONSTRAINT "NotEmpty" CHECK (octet_length(VALUE) > 0);
CREATE TABLE t6 (a int, CONSTRAINT d6_check CHECK (a > 0));
CREATE DOMAIN d6 AS int CHECK (VALUE > 0) CHECK (VALUE < 10) CONSTRAINT nn NOT NULL;
CREATE DOMAIN d9 AS int CONSTRAINT d9_check CHECK (VALUE > 0);
ALTER DOMAIN d9 RENAME CONSTRAINT d9_check TO d9_first;
ALTER DOMAIN d9 ADD CHECK (VALUE > 1);
ALTER DOMAIN d9 RENAME TO d10;
CREATE DOMAIN d11 AS int CONSTRAINT dropped CHECK (VALUE > 0) CONSTRAINT kept CHECK (VALUE > 1);
ALTER DOMAIN d11 DROP CONSTRAINT dropped;
ALTER DOMAIN d11 DROP CONSTRAINT IF EXISTS never_made;
CREATE DOMAIN gone AS int CONSTRAINT gone_check_named CHECK (VALUE > 0);
DROP DOMAIN gone;
"""

#: (domain, constraint) as pg_constraint holds them after ICINGA (PostgreSQL 15).
EXPECTED = {
    ("bytea8", "Exactly8BytesLong"),
    ("bytea8", "NotEmpty"),
    ("d6", "d6_check1"),  # d6_check is t6's: PostgreSQL numbers past it
    ("d6", "d6_check2"),
    ("d10", "d9_first"),
    ("d10", "d9_check"),  # named after the domain's name then; RENAME TO keeps it
    ("d11", "kept"),
}

_DOMAIN_CHECKS = """
SELECT t.typname, k.conname FROM pg_constraint k JOIN pg_type t ON t.oid = k.contypid
WHERE k.contypid <> 0 AND t.typnamespace = 'public'::regnamespace
"""


def _server_checks(pg: PgServer, db: str) -> set[tuple[str, str]]:
    return {(r["typname"], r["conname"]) for r in pg.query_json(_DOMAIN_CHECKS, dbname=db)}


def _model_checks(sql: str) -> set[tuple[str, str]]:
    schema = schema_from_sql(sql, dialect="postgres")
    domains = {o.name for o in schema.objects if o.kind is ObjectKind.DOMAIN}
    return {
        (o.table or "", o.name)
        for o in schema.objects
        if o.kind is ObjectKind.CONSTRAINT and o.table in domains
    }


def test_model_holds_every_domain_constraint_the_server_holds(pg: PgServer) -> None:
    assert _model_checks(ICINGA) == EXPECTED
    with pg.fresh_database("dbnl_domain_constraints") as db:
        pg.run(sql=ICINGA, dbname=db)
        assert _server_checks(pg, db) == EXPECTED


def test_domain_constraints_are_judged_and_shown_under_their_domain() -> None:
    schema = schema_from_sql(ICINGA, dialect="postgres")
    names = [(o.kind.value, o.name, o.table) for o in schema.objects if o.table == "bytea8"]
    assert names == [
        ("constraint", "Exactly8BytesLong", "bytea8"),
        ("constraint", "NotEmpty", "bytea8"),
    ]
    implicit = {o.name for o in schema.objects if o.implicit and o.domain}
    assert implicit == {"d6_check1", "d6_check2", "d9_check"}


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_inspect_shows_domain_constraints_under_the_domain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "001.sql").write_text(ICINGA, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = _cli("inspect", "--no-cache", "--dialect", "postgres", "001.sql")
    assert code == 0, out
    lines = [line.split(": ", 1)[1] for line in out.splitlines() if ": " in line]
    at = lines.index("domain bytea8")
    assert lines[at + 1 : at + 3] == [
        "    constraint Exactly8BytesLong",
        "    constraint NotEmpty",
    ]
    code, out = _cli(
        "inspect", "--no-cache", "--dialect", "postgres", "--format", "json", "001.sql"
    )
    assert code == 0, out
    doc = json.loads(out)
    objects = doc["objects"] if isinstance(doc, dict) else doc
    found = {
        (o["table"], o["name"])
        for o in objects
        if o["kind"] == "constraint" and o.get("domain") and o["table"] in {"bytea8", "d10"}
    }
    assert found == {
        ("bytea8", "Exactly8BytesLong"),
        ("bytea8", "NotEmpty"),
        ("d10", "d9_first"),
        ("d10", "d9_check"),
    }


def test_inspect_db_and_drift_agree_with_the_files(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "migrations").mkdir()
    path = tmp_path / "migrations" / "001_init.sql"
    path.write_text(ICINGA, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [migrations]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbnl_domain_constraints_live") as db:
        pg.run(files=[path], dbname=db)
        code, out = _cli("inspect", "--no-cache", "--db", pg.url(db), "--format", "json")
        assert code == 0, out
        doc = json.loads(out)
        objects = doc["objects"] if isinstance(doc, dict) else doc
        live = {
            (o["table"], o["name"], bool(o.get("implicit")))
            for o in objects
            if o["kind"] == "constraint" and o.get("domain")
        }
        assert {(t, n) for t, n, _ in live} == EXPECTED
        # d9_check, named after d10's old name: the catalog cannot tell who
        # chose it (as with a renamed table's t_pkey)
        assert {n for _, n, implicit in live if implicit} == {"d6_check1", "d6_check2"}
        code, out = _cli("drift", "--no-cache", "--db", pg.url(db))
        assert code == 0, out
        pg.run(sql='ALTER DOMAIN bytea8 RENAME CONSTRAINT "NotEmpty" TO "ByHand"', dbname=db)
        code, out = _cli("drift", "--no-cache", "--db", pg.url(db))
        assert code == 1, out
        assert "ByHand" in out, out


CONFIG = "paths: [migrations]\ndialect: postgres\n"


def test_gate_refuses_a_new_bad_domain_constraint_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": CONFIG,
            "migrations/001_init.sql": "CREATE DOMAIN bytea8 AS bytea;\n",
        },
        monkeypatch,
    )
    Path("migrations/002_checks.sql").write_text(
        'ALTER DOMAIN bytea8 ADD CONSTRAINT "NotEmpty" CHECK (octet_length(VALUE) > 0);\n'
        'CREATE DOMAIN uuid16 AS bytea CONSTRAINT "Exactly16" CHECK (octet_length(VALUE) = 16);\n'
        "CREATE DOMAIN fine AS int CONSTRAINT fine_positive CHECK (VALUE > 0);\n",
        encoding="utf-8",
    )
    commit_all(Path.cwd(), "checks")
    code, out = _cli("check", "--no-cache", "--base", "HEAD~1")
    assert code == 1, out
    assert 'DBN401 constraint "bytea8.NotEmpty"' in out, out
    assert 'DBN401 constraint "uuid16.Exactly16"' in out, out
    assert "fine_positive" not in out, out


def test_check_template_names_a_domain_check_after_its_domain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DBN402's ``check`` template fills ``{table}`` with the domain's name, as
    PostgreSQL names an unnamed one (``<domain>_check``); one that needs
    ``{columns}`` has nothing to fill it with and leaves the constraint alone."""
    (tmp_path / "001.sql").write_text(
        "CREATE DOMAIN bytea8 AS bytea CONSTRAINT octets CHECK (octet_length(VALUE) = 8);\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    for template, flagged in (("{table}_check", True), ("{table}_{columns}_check", False)):
        Path("dbnamelint.yaml").write_text(
            "dialect: postgres\nselect: [DBN4]\nrules:\n  DBN402:\n"
            f"    options:\n      check: '{template}'\n"
        )
        code, out = _cli("check", "--no-cache", "001.sql")
        assert code == (1 if flagged else 0), out
        assert ("DBN402 constraint" in out) is flagged, out
        if flagged:
            assert "bytea8_check" in out, out


def test_migrate_renames_a_domain_constraint_with_alter_domain(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ALTER DOMAIN d RENAME CONSTRAINT`` (PostgreSQL manual, ALTER DOMAIN),
    after the domain's own rename in the same phase, run forward and back."""
    committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": CONFIG,
            "migrations/001_init.sql": (
                'CREATE DOMAIN "MyDom" AS bytea\n'
                '    CONSTRAINT "Exactly8" CHECK (octet_length(VALUE) = 8);\n'
                'ALTER DOMAIN "MyDom" ADD CHECK (octet_length(VALUE) < 100);\n'
                'CREATE TABLE t (a "MyDom");\n'
            ),
        },
        monkeypatch,
    )
    code, out = _cli("whitelist", "init")
    assert code == 0, out
    code, out = _cli("migrate", "--no-cache", "--phase", "1", "--write")
    assert code == 0, out
    forward = Path("migrations/002_rename_phase_1.sql").read_text(encoding="utf-8")
    assert 'ALTER DOMAIN "MyDom" RENAME TO "my_dom";' in forward
    assert 'ALTER DOMAIN "my_dom" RENAME CONSTRAINT "Exactly8" TO "exactly8";' in forward
    rollback = Path("rollbacks/002_rename_phase_1.sql")
    with pg.fresh_database("dbnl_domain_constraints_migrate") as db:
        pg.run(files=[Path("migrations/001_init.sql")], dbname=db)
        pg.run(files=[Path("migrations/002_rename_phase_1.sql")], dbname=db)
        assert _server_checks(pg, db) == {("my_dom", "exactly8"), ("my_dom", "MyDom_check")}
        pg.run(files=[rollback], dbname=db)
        assert _server_checks(pg, db) == {("MyDom", "Exactly8"), ("MyDom", "MyDom_check")}
    code, out = _cli("check", "--no-cache")
    assert "renamed to its target exactly8" in out, out


def test_inspect_events_mark_a_domain_constraint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "001.sql").write_text(ICINGA, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = _cli(
        "inspect", "--no-cache", "--events", "--dialect", "postgres", "--format", "json", "001.sql"
    )
    assert code == 0, out
    events = json.loads(out)["events"]
    first = [(e["op"], e["name"], e["table"], e.get("domain")) for e in events][:4]
    assert first == [
        ("create", "bytea8", None, None),
        ("create", "Exactly8BytesLong", "bytea8", True),
        ("create", "NotEmpty", "bytea8", True),
        ("create", "t6", None, None),
    ]
