"""DBN105 never contradicts itself: its suggestion is a name it accepts.

The lexicon lists a noun that is also a mass noun with itself among its
plurals (``transport``: transport; ``syntax``: syntax, syntaxes), so the
rule used to suggest the very name it flagged (``app_transport`` ->
``app_transport``: "no name satisfies every rule (DBN105 conflict)") for
about one lexicon noun in five. Oracles: lemminflect's plural forms and
inflect's plural (the two libraries :mod:`dbnamelint.rules.words` reads),
over every noun lemma of lemminflect's lookup file.
"""

from __future__ import annotations

import gzip
import os
import re
from importlib.metadata import version
from pathlib import Path

import inflect
import lemminflect
import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.model import Location, ObjectKind, Schema, SchemaObject, SourceFile
from dbnamelint.rules import lexicon
from dbnamelint.rules.base import RuleContext
from dbnamelint.rules.builtin.options.plural import PluralOptions
from dbnamelint.rules.builtin.plural import TableNameSingular
from docs_text import doc_text

pytestmark = pytest.mark.skipif(
    version("lemminflect") != lexicon.VERIFIED_VERSION,
    reason="the word list is read from the verified lemminflect release's files",
)

RESOURCES = os.path.join(os.path.dirname(lemminflect.__file__), "resources")  # noqa: PTH118, PTH120
SOURCE = SourceFile("db/schema.sql", "postgres", None)
CONTEXT = RuleContext(Schema(()))


def noun_lemmas() -> list[str]:
    """Lower-case ASCII nouns that are their own lemma (singulars), 3+ letters."""
    found: set[str] = set()
    path = os.path.join(RESOURCES, "lemma_lu.csv.gz")  # noqa: PTH118
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            word, upos, lemmas = line.strip().split(",")
            if (
                upos == "noun"
                and len(word) > 2
                and word.isascii()
                and word.isalpha()
                and word.islower()
                and word in lemmas.split("/")
            ):
                found.add(word)
    return sorted(found)


def suggestion(rule: TableNameSingular, name: str) -> str | None:
    obj = SchemaObject(ObjectKind.TABLE, name, Location("db/schema.sql", 1, 14), SOURCE)
    found = list(rule.check(obj, CONTEXT))
    return found[0].suggestion if found else None


def plurals(word: str) -> set[str]:
    """What the two libraries call the word's plural (other than the word itself):
    also lemminflect's model's regular plural for a noun its file lists as its
    own plural only, where inflect's is an ending rule's guess (two -> twoes)."""
    forms = set(lemminflect.getInflection(word, tag="NNS"))  # its model guesses when unlisted
    forms.add(str(inflect.engine().plural_noun(word)))
    if forms <= {word, str(inflect.engine().plural_noun(word))}:
        forms.update(lemminflect.getAllInflectionsOOV(word, "NOUN").get("NNS", ()))
    return forms - {word}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("app_transport", "app_transports"),
        ("bad_syntax", "bad_syntaxes"),
        ("box", "boxes"),
        ("tax", "taxes"),
        ("status", "statuses"),
        ("app_darkness", "app_darknesses"),
        ("sheep", None),  # its own plural: nothing to fix
        ("app_taxis", None),  # the plural of taxi (and a singular with plural taxes)
        ("app_transports", None),
        # mass nouns the lexicon also gives a plural (privacies, healths)
        ("user_privacy", None),
        ("system_health", None),
        ("device_telemetry", None),
        ("blob_storage", None),
        ("account_security", None),
        ("portfolio_securities", None),  # the countable sense stays a plural
    ],
)
def test_plural_suggestions(name: str, expected: str | None) -> None:
    assert suggestion(TableNameSingular(PluralOptions(number="plural")), name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("app_transports", "app_transport"),  # a verb form to the lexicon, inflect's plural
        ("bad_syntaxes", "bad_syntax"),
        ("boxes", "box"),
        ("moose", None),
        ("nexus", None),
    ],
)
def test_singular_suggestions(name: str, expected: str | None) -> None:
    assert suggestion(TableNameSingular(PluralOptions(number="singular")), name) == expected


def test_quoted_pascal_case_table_gets_one_consistent_name(tmp_path: Path) -> None:
    schema = tmp_path / "schema.sql"
    schema.write_text('CREATE TABLE "EmailTransport" (id integer);\n')
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(schema)])
    assert "no consistent fix" not in result.output
    assert "email_transports" in result.output


@pytest.mark.parametrize("number", ["plural", "singular"])
def test_every_lexicon_noun_gets_a_suggestion_the_rule_accepts(number: str) -> None:
    rule = TableNameSingular(PluralOptions(number=number))
    nouns = noun_lemmas()
    assert len(nouns) > 15_000
    checked = 0
    for word in nouns:
        # a prefix that is no noun: before a modifier (``annual``) the noun judged
        # is the prefix (``app`` is one since trial s21's Apollo: ``apps_annual``)
        name = f"xq_{word}"
        fixed = suggestion(rule, name)
        if fixed is None:
            continue
        assert fixed != name, word
        assert suggestion(rule, fixed) is None, (word, fixed)
        if number == "plural":
            assert fixed.removeprefix("xq_") in plurals(word), (word, fixed)
        checked += 1
    assert checked > 10_000 if number == "plural" else checked > 0


def documented_plurals() -> list[tuple[str, str]]:
    """docs/targets.md's plural section's ``singular`` -> ``plural`` pairs (before its options)."""
    text = doc_text("targets.md")
    section = text.split("**Plural and singular.**", 1)[1].split("Options:", 1)[0]
    return re.findall(r"`(\w+)`\s+->\s+`(\w+)`", section)


def test_readme_lists_the_irregular_plurals() -> None:
    pairs = dict(documented_plurals())
    # the trial's case and the kind it belongs to
    assert {"person", "child", "man", "woman", "mouse", "criterion"} <= set(pairs)


@pytest.mark.parametrize(("singular", "plural"), documented_plurals())
def test_documented_plurals_are_suggested_and_accepted(singular: str, plural: str) -> None:
    rule = TableNameSingular(PluralOptions(number="plural"))
    assert suggestion(rule, f"app_{singular}") == f"app_{plural}"
    assert suggestion(rule, f"app_{plural}") is None
    backwards = TableNameSingular(PluralOptions(number="singular"))
    assert suggestion(backwards, f"app_{plural}") == f"app_{singular}"
