"""DBN105 on countable nouns the lexicon files only as a verb or an adjective (trial s33, harbor).

harbor's ``artifact_accessory`` was never flagged (lemminflect files
``accessory`` as an adjective only), nor new tables ``job_retry`` and
``task_retry`` (``retry``: a verb only), while ``webhook_delivery`` was. A
verb that is a productive prefix (re-, over-, un-...) and a countable noun
of the lexicon is that noun's derivative, a noun too (``retry`` of ``try``,
``override`` of ``ride``); ``accessory`` is a lexicon gap. Verbs whose
"prefix" is a Latin part (``define``, ``include``, ``compose``, ``resend``
of the verb-only ``send``), verb forms (``retried``) and the mass and
adjective words of the seed documents' standards stay unjudged.

Oracle: the lemminflect lexicon (word classes) and inflect (the plurals).
"""

from __future__ import annotations

import json
from pathlib import Path

import inflect
import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.model import Location, ObjectKind, Schema, SchemaObject, SourceFile
from dbnamelint.rules import words
from dbnamelint.rules.base import RuleContext
from dbnamelint.rules.builtin.options.plural import PluralOptions
from dbnamelint.rules.builtin.plural import TableNameSingular

SOURCE = SourceFile("db/schema.sql", "postgres", None)
CONTEXT = RuleContext(Schema(()))


def _suggestion(name: str, number: str = "plural") -> str | None:
    rule = TableNameSingular(PluralOptions(number=number))
    obj = SchemaObject(ObjectKind.TABLE, name, Location("db/schema.sql", 1, 14), SOURCE)
    found = list(rule.check(obj, CONTEXT))
    return found[0].suggestion if found else None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("artifact_accessory", "artifact_accessories"),
        ("job_retry", "job_retries"),
        ("task_retry", "task_retries"),
        ("store_film_price_override", "store_film_price_overrides"),
        ("webhook_delivery", "webhook_deliveries"),
        ("job_retries", None),
        ("artifact_accessories", None),
        # no noun: Latin parts, a verb-only base, verb forms
        ("user_define", None),
        ("filter_include", None),
        ("mail_compose", None),
        ("mail_resend", None),
        ("job_retried", None),
        ("cmd_tracking", None),
        # the standards' mass nouns and words that stay as they are
        ("user_status", "user_statuses"),
        ("event_data", None),
        ("chat_metadata", None),
        ("user_info", None),
        ("project_staff", None),
    ],
)
def test_plural_standard(name: str, expected: str | None) -> None:
    assert _suggestion(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("job_retries", "job_retry"),
        ("artifact_accessories", "artifact_accessory"),
        ("price_overrides", "price_override"),
        ("job_retry", None),
        ("mail_resends", None),
    ],
)
def test_singular_standard(name: str, expected: str | None) -> None:
    assert _suggestion(name, "singular") == expected


@pytest.mark.parametrize("word", ["retry", "override", "accessory"])
def test_the_plurals_are_inflects_and_the_lexicon_lacks_the_noun(word: str) -> None:
    """The oracle: inflect's plural is the suggestion's; the lexicon (without
    the gaps list) files the word as no noun."""
    from dbnamelint.rules import lexicon

    assert "NOUN" not in (lexicon.lemmas(word) or {})
    rule = TableNameSingular(PluralOptions(number="plural"))
    found = rule.number_of(word)
    assert found is not None
    assert found[1] == inflect.engine().plural_noun(word) == words.plural_of(word)


def test_check_flags_harbors_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    Path("db").mkdir()
    Path("db/0001_init.up.sql").write_text(
        "CREATE TABLE artifact_accessory (id int);\nCREATE TABLE job_retry (id int);\n"
        "CREATE TABLE webhook_delivery (id int);\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["check", "--format", "json"])
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["summary"]["by_code"] == {"DBN105": 3}
    for name in ("artifact_accessories", "job_retries", "webhook_deliveries"):
        assert name in result.stdout
