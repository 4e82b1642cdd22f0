"""DBN105 judges nouns only: a table name ending in a pronoun, determiner or
adverb gets no made-up plural (trial s36 kestra: ``DynBadMy`` -> ``dyn_bad_mies``).

lemminflect tags the pronouns and determiners its lookup file lacks as NOUN
through its lemma overrides (``my``, ``this``, ``which``), so the rule
pluralised them (``mies``, ``thi``, ``anies``); adverbs whose noun sense has
no plural (``now``, ``once``, ``above``) got ``nows``. Oracles: lemminflect's
override list and lookup file, inflect's pronoun, possessive and determiner
tables, and its preposition list.
"""

from __future__ import annotations

import functools
import gzip
import os
from importlib.metadata import version

import inflect
import lemminflect
import pytest

from dbnamelint.model import Location, ObjectKind, Schema, SchemaObject, SourceFile
from dbnamelint.rules import lexicon
from dbnamelint.rules.base import RuleContext
from dbnamelint.rules.builtin.options.plural import PluralOptions
from dbnamelint.rules.builtin.plural import TableNameSingular

pytestmark = pytest.mark.skipif(
    version("lemminflect") != lexicon.VERIFIED_VERSION,
    reason="the pronoun list is read from the verified lemminflect release's files",
)

RESOURCES = os.path.join(os.path.dirname(lemminflect.__file__), "resources")  # noqa: PTH118, PTH120
SOURCE = SourceFile("db/schema.sql", "postgres", None)
CONTEXT = RuleContext(Schema(()))


def _suggestion(name: str, number: str) -> str | None:
    rule = TableNameSingular(PluralOptions(number=number))
    obj = SchemaObject(ObjectKind.TABLE, name, Location("db/schema.sql", 1, 14), SOURCE)
    found = list(rule.check(obj, CONTEXT))
    return found[0].suggestion if found else None


def _override_nouns() -> set[str]:
    """Words lemminflect's lemma overrides tag NOUN (its pronoun list)."""
    with open(os.path.join(RESOURCES, "lemma_overrides.csv"), encoding="utf-8") as f:  # noqa: PTH118, PTH123
        rows = [ln.strip().split(",") for ln in f if ln.strip() and not ln.startswith("#")]
    return {word for word, upos, _ in rows if upos == "NOUN"}


@functools.cache
def _lookup_nouns() -> frozenset[str]:
    """The words lemminflect's lookup file (not its overrides) has as nouns."""
    with gzip.open(os.path.join(RESOURCES, "lemma_lu.csv.gz"), "rt", encoding="utf-8") as f:  # noqa: PTH118
        return frozenset(ln.split(",", 1)[0] for ln in f if ln.split(",")[1:2] == ["noun"])


def _pronouns() -> list[str]:
    """Pronouns and determiners: lemminflect's override nouns, and inflect's
    tables of them, less words the lookup file also has as nouns (``mine``)."""
    inflects = {
        *inflect.pl_pron_nom,
        *inflect.pl_pron_acc,
        *inflect.pl_adj_poss,
        *inflect.pl_adj_special,
    }
    found = _override_nouns() | inflects
    return sorted(w for w in found if w not in _lookup_nouns() and len(w) > 1)


def test_the_pronoun_lists_are_not_empty() -> None:
    words_ = _pronouns()
    assert {"my", "this", "which", "their", "those", "they", "an"} <= set(words_)
    assert len(words_) > 80


@pytest.mark.parametrize("number", ["plural", "singular"])
def test_no_table_ending_in_a_pronoun_gets_a_suggestion(number: str) -> None:
    wrong = {w: _suggestion(f"dyn_bad_{w}", number) for w in _pronouns()}
    assert {w: s for w, s in wrong.items() if s is not None} == {}


def test_kestras_pascal_case_table() -> None:
    assert _suggestion("DynBadMy", "plural") is None
    assert _suggestion("DynBadMyItem", "plural") == "DynBadMyItems"  # the noun after it counts


@pytest.mark.parametrize("number", ["plural", "singular"])
def test_prepositions_and_adverbs_get_only_a_listed_plural(number: str) -> None:
    """A preposition or adverb the lexicon also files as a noun gets the plural
    lemminflect's lookup file lists for that noun (``ups``, ``todays``), or none."""
    adverbs = ("now", "once", "above", "more", "today", "back", "here", "never", "soon")
    for word in {*inflect.pl_prep_list, *adverbs}:
        fixed = _suggestion(f"dyn_bad_{word}", number)
        if fixed is None:
            continue
        assert number == "plural", word
        listed = lexicon.plural(word) or ()
        assert fixed.removeprefix("dyn_bad_") in set(listed) - {word}, (word, fixed)


@pytest.mark.parametrize(("name", "number"), [("plan_a", "plural"), ("dyn_bad_i", "plural")])
def test_one_letter_is_no_noun(name: str, number: str) -> None:
    assert _suggestion(name, number) is None


def test_we_has_no_singular_of_one_letter() -> None:
    assert _suggestion("dyn_bad_we", "singular") is None


@pytest.mark.parametrize("name", ["DynBadMy", "report_this", "sync_now", "run_once", "plan_a"])
def test_readme_examples_pass(name: str) -> None:
    assert _suggestion(name, "plural") is None
