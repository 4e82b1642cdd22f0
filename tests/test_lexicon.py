"""The fast lexicon reader gives lemminflect's own answers, word for word.

Oracle: lemminflect itself (``getAllLemmas``, ``getInflection(..., "NNS")``)
over every word of both of its lookup files, their overrides and words it
does not know.
"""

from __future__ import annotations

import gzip
import os
from importlib.metadata import version

import lemminflect
import pytest

from dbnamelint.rules import lexicon, words

pytestmark = pytest.mark.skipif(
    version("lemminflect") != lexicon.VERIFIED_VERSION,
    reason="the fast reader steps aside for other lemminflect releases",
)

RESOURCES = os.path.join(os.path.dirname(lemminflect.__file__), "resources")  # noqa: PTH118, PTH120


def _first_fields(name: str) -> list[str]:
    with gzip.open(os.path.join(RESOURCES, name), "rt", encoding="utf-8") as f:  # noqa: PTH118
        return sorted({line.split(",", 1)[0] for line in f})


def _override_words(name: str) -> set[str]:
    with open(os.path.join(RESOURCES, name), encoding="utf-8") as f:  # noqa: PTH118, PTH123
        return {ln.split(",", 1)[0] for ln in f if ln.strip() and not ln.startswith("#")}


#: Words neither file has, written as table names end.
UNKNOWN = [
    "json",
    "workspace",
    "workspaces",
    "xyzzies",
    "",
    "s",
    "_",
    "2fa",
    "\u0131d",
    "stra\u00dfe",
]


def test_every_lemma_file_word_answers_as_lemminflect() -> None:
    checked = 0
    for word in [*_first_fields("lemma_lu.csv.gz"), *_override_words("lemma_overrides.csv")]:
        for form in {word, word.lower()}:
            ours = lexicon.lemmas(form)
            if ours is None:
                assert not lexicon._lower_style(form)  # only other cases go to lemminflect
                continue
            assert ours == lemminflect.getAllLemmas(form), form
            checked += 1
    assert checked > 70_000


def test_every_inflection_file_word_answers_as_lemminflect() -> None:
    answered = 0
    for word in [*_first_fields("infl_lu.csv.gz"), *_override_words("infl_overrides.csv")]:
        for form in {word, word.lower()}:
            ours = lexicon.plural(form)
            if ours is not None:
                assert ours == lemminflect.getInflection(form, tag="NNS"), form
                answered += 1
    assert answered > 19_000  # every listed noun: the fast path does the work


@pytest.mark.parametrize("word", UNKNOWN)
def test_unknown_words(word: str) -> None:
    assert lexicon.lemmas(word) == lemminflect.getAllLemmas(word)
    ours = lexicon.plural(word)
    assert ours is None or ours == lemminflect.getInflection(word, tag="NNS")


def test_left_to_lemminflect() -> None:
    # Another case, a hard-coded modal, a lemma without a listed plural.
    assert lexicon.lemmas("Users") is None
    assert lexicon.plural("can") is None
    assert lexicon.plural("workspace") is None
    # ...and the words module still answers them, through lemminflect.
    assert words.plural_of("workspace") == "workspaces"
    assert words.plural_of("criterion") == lemminflect.getInflection("criterion", tag="NNS")[0]
    # (person: the lexicon says persons; people, filed apart, wins: test_plural_consistency)


def test_a_mass_noun_takes_no_guessed_ending() -> None:
    """Trial s22: ``two`` -> ``twoes``. A noun whose only listed plural is
    itself (a mass noun to the lexicon) used to take inflect's plural, and
    inflect's ending rules (consonant + ``o`` -> ``-oes``, ``-olf`` ->
    ``-olves``) are guesses for words its lists lack. Oracle: lemminflect's
    own model for words it does not list (``getAllInflectionsOOV``), which
    gives the regular plural; every such noun of the file is checked."""
    mass: list[str] = []
    with gzip.open(os.path.join(RESOURCES, "infl_lu.csv.gz"), "rt", encoding="utf-8") as f:  # noqa: PTH118
        for line in f:
            parts = line.strip().split(",")
            if len(parts) > 2 and parts[1] == "noun" and parts[2] == parts[0]:
                mass.append(parts[0])
    guessed = [w for w in mass if w.isalpha() and w.islower() and w.endswith(("o", "lf"))]
    assert {"two", "judo", "golf"} <= set(guessed)
    for word in guessed:
        model = lemminflect.getAllInflectionsOOV(word, "NOUN")["NNS"][0]
        assert words.plural_of(word) == model, word
