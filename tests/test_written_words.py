"""Targets keep the words the author wrote, when the database folded them away.

PostgreSQL stores an unquoted ``CREATE TABLE InvoiceLine`` as
``invoiceline`` (manual §4.1.1; the real server below says so), and every
rule judges that stored name (the case rules also judge the words the
capitals started, ``judge: written``). The targets were built on it too, so
the capital that started ``Line`` was lost: ``invoicelines``. They are now
built on ``invoice_line``, in every place a target is made: the merged
suggestion, each rule's own ``rule_fix``, the whitelist's ``target``, and
so what ``migrate`` renames to. Dialects that keep the spelling (MySQL,
SQLite: the real SQLite below keeps it) and quoted names are unchanged.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.dialects import profile_for
from dbnamelint.findings import Rename
from dbnamelint.rules.stored import stored_words
from pg_server import PgServer
from test_fixes import lint
from test_migrate_dependent_targets import _entries, _init, _phase, _project

SQL = (
    "CREATE TABLE InvoiceLine (id int PRIMARY KEY, InvoiceId int);\n"
    "CREATE INDEX InvoiceLineIdx ON InvoiceLine (InvoiceId);\n"
)


@pytest.mark.parametrize(
    ("written", "quoted", "dialect", "expected"),
    [
        ("InvoiceLine", False, "postgres", "invoice_line"),
        ("InvoiceId", False, "postgres", "invoice_id"),
        ("HTTPServer", False, "postgres", "http_server"),
        ("userIDs", False, "postgres", "user_ids"),
        ("UserOAuth", False, "postgres", "user_oauth"),
        ("Order2Item", False, "postgres", "order2_item"),
        ("Invoice_Line", False, "postgres", "invoice_line"),  # the words are written already
        ("invoiceline", False, "postgres", "invoiceline"),  # no capitals: no words to keep
        ("InvoiceLine", True, "postgres", "InvoiceLine"),  # quoted: kept as written
        ("InvoiceLine", False, "oracle", "INVOICE_LINE"),  # folded to upper case
        ("InvoiceLine", False, "mysql", "InvoiceLine"),  # kept as written
        ("InvoiceLine", False, "sqlite", "InvoiceLine"),
    ],
)
def test_stored_words(written: str, quoted: bool, dialect: str, expected: str) -> None:
    assert stored_words(written, quoted, profile_for(dialect)) == expected


def test_unquoted_pascal_case_table_keeps_its_words(tmp_path: Path) -> None:
    findings = lint("extends: recommended\n", SQL, tmp_path)
    # the same findings and targets as MySQL and SQLite, which keep the spelling
    assert [(f.code, f.object.name, f.suggestion) for f in findings] == [
        ("DBN101", "InvoiceLine", "invoice_lines"),
        ("DBN105", "InvoiceLine", "invoice_lines"),
        ("DBN201", "InvoiceId", "invoice_id"),
        ("DBN301", "InvoiceLineIdx", "invoice_lines_idx"),
    ]
    # each rule's own proposal too, not only the merged one
    assert findings[0].rule_fix == Rename("invoice_line")
    assert findings[1].rule_fix == Rename("invoice_lines")


def test_dependent_index_follows_the_table_from_its_written_words(tmp_path: Path) -> None:
    """``InvoiceLineIdx`` (stored ``invoicelineidx``) spells its table in the
    words its capitals start: it follows the table's target."""
    config = (
        "extends: recommended\nrules:\n  index-name-wrong-case:\n    options:\n"
        "      style: UPPER_SNAKE\n"
    )
    findings = lint(config, SQL, tmp_path)
    assert {(f.code, f.object.name, f.suggestion) for f in findings} == {
        ("DBN101", "InvoiceLine", "invoice_lines"),
        ("DBN105", "InvoiceLine", "invoice_lines"),
        ("DBN201", "InvoiceId", "invoice_id"),
        ("DBN301", "InvoiceLineIdx", "INVOICE_LINES_IDX"),
    }


def test_template_target_uses_the_table_target(tmp_path: Path) -> None:
    config = "extends: recommended\nrules:\n  index-name-off-template: true\n"
    findings = lint(config, SQL, tmp_path)
    # the index follows its column's target too (judged over the renamed column)
    assert {(f.code, f.object.name, f.suggestion) for f in findings} == {
        ("DBN101", "InvoiceLine", "invoice_lines"),
        ("DBN105", "InvoiceLine", "invoice_lines"),
        ("DBN201", "InvoiceId", "invoice_id"),
        ("DBN301", "InvoiceLineIdx", "idx_invoice_lines_invoice_id"),
        ("DBN302", "InvoiceLineIdx", "idx_invoice_lines_invoice_id"),
    }


def test_column_targets_keep_their_words(tmp_path: Path) -> None:
    """Columns alike: a PascalCase standard gets the author's ``InvoiceId``
    back (quoted, as PostgreSQL needs), not ``Invoiceid``; a name over the
    63-byte limit is shortened by its words, not hashed as one word."""
    long = "SomeVeryLongColumnNameThatKeepsGoingAndGoingPastTheIdentifierLimitOfPg"
    sql = f"CREATE TABLE invoice_lines (InvoiceId int, {long} int);\n"
    config = (
        "extends: recommended\nrules:\n  column-name-wrong-case:\n    options:\n"
        "      style: PascalCase\n"
    )
    findings = lint(config, sql, tmp_path)
    fixes = {(f.code, f.object.name): (f.fix, f.rule_fix) for f in findings}
    # the merged fix decides the quoting; the rule's own proposal is the name
    assert fixes[("DBN201", "InvoiceId")] == (Rename("InvoiceId", quoted=True), Rename("InvoiceId"))
    findings = lint("extends: recommended\n", sql, tmp_path)
    short = "some_very_long_column_name_that_keeps_going_going_past_id_pg"
    assert [(f.code, f.suggestion) for f in findings] == [
        ("DBN201", "invoice_id"),
        ("DBN201", short),  # the words as written, cut by PostgreSQL or not
        ("DBN501", short),
    ]


@pytest.mark.parametrize("dialect", ["mysql", "sqlite"])
def test_dialects_that_keep_case_get_the_same_targets(tmp_path: Path, dialect: str) -> None:
    """The spelling is the stored name there: the case rules flag it and
    split it as written. The index, whose table is joined to its suffix by a
    capital only, follows the table's target as in PostgreSQL."""
    findings = lint("extends: recommended\n", SQL, tmp_path, dialect=dialect)
    assert {(f.code, f.object.name, f.suggestion) for f in findings} == {
        ("DBN101", "InvoiceLine", "invoice_lines"),
        ("DBN105", "InvoiceLine", "invoice_lines"),
        ("DBN201", "InvoiceId", "invoice_id"),
        ("DBN301", "InvoiceLineIdx", "invoice_lines_idx"),
    }


def test_sqlite_keeps_the_spelling() -> None:
    """The oracle for the case above: SQLite stores the name as written."""
    with sqlite3.connect(":memory:") as db:
        db.executescript(SQL)
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert {"InvoiceLine", "InvoiceLineIdx"} <= names


def test_quoted_names_are_unchanged(tmp_path: Path) -> None:
    sql = 'CREATE TABLE "InvoiceLine" (id int);\n'
    findings = lint("extends: recommended\n", sql, tmp_path)
    assert {(f.code, f.suggestion) for f in findings} == {
        ("DBN101", "invoice_lines"),
        ("DBN105", "invoice_lines"),
    }


def test_check_json_init_and_migrate_keep_the_words(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check``, ``whitelist init`` and ``migrate`` agree on ``invoice_lines``;
    the real server folds the name as written and holds the target after the
    forward script."""
    config = "paths: [db]\ndialect: postgres\nrules:\n  index-name-off-template: true\n"
    root = _project(tmp_path, SQL, config)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check", "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert {(f["code"], f["suggestion"], f["rule_fix"]) for f in report["findings"]} == {
        ("DBN101", "invoice_lines", "invoice_line"),
        ("DBN105", "invoice_lines", "invoice_lines"),
        ("DBN201", "invoice_id", "invoice_id"),
        ("DBN301", "idx_invoice_lines_invoice_id", "invoice_line_idx"),
        ("DBN302", "idx_invoice_lines_invoice_id", "idx_invoice_line_invoiceid"),
    }
    _init(root, monkeypatch)
    assert {(e["name"], e.get("target")) for e in _entries(root)} == {
        ("invoiceline", "invoice_lines"),  # entries name objects as stored
        ("invoiceline.invoiceid", "invoice_id"),
        ("invoiceline.invoicelineidx", "idx_invoice_lines_invoice_id"),
    }
    plan = _phase(root, monkeypatch, "1")
    assert "table       invoiceline -> invoice_lines" in plan
    relations = (
        "SELECT c.relname AS name, c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n"
        " ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
    )
    with pg.fresh_database("dbnl_written_words") as db:
        pg.run(files=[root / "db" / "001_init.sql"], dbname=db)
        before = {(r["name"], r["kind"]) for r in pg.query_json(relations, db)}
        assert before == {
            ("invoiceline", "r"),
            ("invoiceline_pkey", "i"),
            ("invoicelineidx", "i"),
        }
        forward = sorted((root / "db").glob("002_*.sql"))
        pg.run(files=forward, dbname=db)
        after = {(r["name"], r["kind"]) for r in pg.query_json(relations, db)}
        assert after == {
            ("invoice_lines", "r"),
            ("invoice_lines_pkey", "i"),
            ("idx_invoice_lines_invoice_id", "i"),
            ("invoiceline", "v"),  # the compatibility view under the old name
        }
