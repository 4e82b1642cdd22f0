"""On real schemas, no suggestion pluralises what is not a noun.

Before issue 8 the plural rule suggested `receipts_linearizeds`,
`report_combineds`, `presence_toes` and `*_jsons` on real trees. Reads
../shared/corpus beside the repository; skipped when it is absent.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
pytestmark = pytest.mark.corpus

#: Acronyms and abbreviations seen in schemas; none has a plural as a table word.
ACRONYMS = frozenset(
    {
        "json",
        "jsonb",
        "api",
        "url",
        "uri",
        "uuid",
        "id",
        "kb",
        "sku",
        "ip",
        "sql",
        "html",
        "xml",
        "csv",
        "pdf",
        "sms",
        "otp",
        "jwt",
        "mfa",
        "sso",
        "oauth",
        "oidc",
        "saml",
        "ldap",
        "dns",
        "http",
        "ssh",
        "gpg",
        "pgp",
        "aws",
        "s3",
        "cdn",
        "faq",
        "crm",
        "erp",
        "vat",
        "utc",
    }
)


def _suggestions(tmp_path: Path) -> list[tuple[str, str]]:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    config = tmp_path / "dbnamelint.yaml"
    config.write_text("extends: recommended\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["check", "--no-whitelist", "--format", "json", "--config", str(config), str(CORPUS)],
        catch_exceptions=False,
    )
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    return [(f["name"], f["suggestion"]) for f in data["findings"] if f["suggestion"]]


def _last_word(name: str) -> str:
    words = [w for w in re.split(r"[^A-Za-z]+", name) if w]
    return words[-1] if words else ""


def test_no_suggestion_pluralises_a_participle_gerund_or_acronym(tmp_path: Path) -> None:
    pairs = _suggestions(tmp_path)
    assert pairs, "the corpus should produce some suggestions"
    bad = []
    for name, suggestion in pairs:
        last, before = _last_word(suggestion), _last_word(name)
        if last.lower().endswith(("eds", "ings")) and not before.lower().endswith(("eds", "ings")):
            bad.append((name, suggestion))
        if last.lower() == f"{before.lower()}s" and (
            before.lower() in ACRONYMS or (before.isupper() and len(before) > 1)
        ):
            bad.append((name, suggestion))
    assert bad == []
