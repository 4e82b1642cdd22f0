"""Every rule over real-world schemas: no crash, and known names flagged as expected.

Reads ../shared/corpus beside the repository; skipped when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dbnamelint.findings import Finding
from dbnamelint.model import Severity
from dbnamelint.rules.base import RuleContext
from dbnamelint.rules.engine import run_rules
from dbnamelint.rules.registry import discover_rules
from dbnamelint.runner.pipeline import schema_from_sql

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
pytestmark = pytest.mark.corpus

# corpus folder -> dialect of all of its files (single-dialect corpora only)
SINGLE_DIALECT = {
    "pagila": "postgres",
    "chatbot-ui-supabase": "postgres",
    "documenso-prisma": "postgres",
    "lago-structure": "postgres",
    "northwind-pg": "postgres",
    "mattermost": "postgres",
    "employees": "mysql",
}


def _lint(path: Path, dialect: str) -> tuple[Finding, ...]:
    text = path.read_text(encoding="utf-8", errors="replace")
    schema = schema_from_sql(text, path=str(path.relative_to(CORPUS)), dialect=dialect)
    rules = [(cls(), Severity.ERROR) for cls in discover_rules().values()]
    return run_rules(schema, rules, RuleContext(schema))


def _require(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"corpus file {path} not available")
    return path


@pytest.mark.parametrize("corpus", sorted(SINGLE_DIALECT))
def test_every_rule_runs_on_the_corpus_without_crashing(corpus: str) -> None:
    folder = CORPUS / corpus
    if not folder.is_dir():
        pytest.skip(f"corpus {corpus} not available")
    files = sorted(folder.rglob("*.sql"))
    assert files
    total = 0
    for path in files:
        total += len(_lint(path, SINGLE_DIALECT[corpus]))  # RuleCrashError would fail here
    assert total > 0  # every corpus breaks some default-off rule at least


def test_chinook_mysql_pascal_case() -> None:
    path = _require(CORPUS / "chinook/ChinookDatabase/DataSources/Chinook_MySql.ddl.sql")
    findings = _lint(path, "mysql")
    by = {(f.code, f.object.name): f.suggestion for f in findings}
    # each rule's own fix, then the one target every finding of the table shows
    own = {(f.code, f.object.name): f.rule_fix.new_name for f in findings if f.rule_fix}
    assert own[("DBN101", "InvoiceLine")] == "invoice_line"
    assert own[("DBN105", "InvoiceLine")] == "InvoiceLines"
    assert by[("DBN101", "InvoiceLine")] == by[("DBN105", "InvoiceLine")] == "invoice_lines"
    assert own[("DBN301", "IFK_AlbumArtistId")] == "ifk_album_artist_id"
    # every rule runs here, DBN302's idx_{table}_{columns} template too, filled
    # with the table's own target (Album -> albums): the name still holds
    # after the table is renamed
    assert by[("DBN301", "IFK_AlbumArtistId")] == "idx_albums_artist_id"
    assert by[("DBN201", "AlbumId")] == "album_id"


def test_documenso_prisma_names() -> None:
    folder = CORPUS / "documenso-prisma"
    if not folder.is_dir():
        pytest.skip("corpus documenso-prisma not available")
    found: dict[tuple[str, str], str | None] = {}
    for path in sorted(folder.rglob("*.sql")):
        for f in _lint(path, "postgres"):
            found.setdefault((f.code, f.object.name), f.suggestion)
    # the case rule and the plural rule agree on one target
    assert found[("DBN101", "Document")] == found[("DBN105", "Document")] == "documents"
    assert found[("DBN201", "userId")] == "user_id"
