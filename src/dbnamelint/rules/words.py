"""Word class and number of English words, from the lemminflect lexicon.

inflect pluralises anything it is given (``linearized`` -> ``linearizeds``,
``to`` -> ``toes``) and cannot tell a noun from a participle. lemminflect
ships the SPECIALIST lexicon of the U.S. National Library of Medicine with
every word's classes (NOUN, VERB, ADJ, ADV) and lemmas, so ``users`` is the
plural of the noun ``user``, ``combined`` is only a verb form, and ``json``
is not an English word at all. Countable nouns of software schemas it
lacks (``tuple``, ``emoji``) or files only as verbs (``log``, ``invite``)
come from :mod:`dbnamelint.rules.lexicon_gaps`, as its own nouns do.

lemminflect costs about 0.2 s to import (numpy) and 0.5 s to load its
tables on first use (measured on the development machine), so lookups go
through :mod:`dbnamelint.rules.lexicon`, which reads the same files without
loading them whole, and lemminflect itself is imported only for what that
module leaves to it. Every answer is memoised per word; inflect's are also
kept from run to run (:mod:`dbnamelint.rules.inflect_answers`), since
importing it imports pydantic.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from dbnamelint.rules import inflect_answers, inflect_table, lexicon, lexicon_gaps

#: Shortest part a closed compound is split into (``work`` + ``space``):
#: shorter parts match too many abbreviations (``js`` + ``on``).
_MIN_PART = 3
#: Longer "words" are in no lexicon, and trying every cut of one is quadratic
#: (a 1,000,000-character table name never finished).
_LONGEST_WORD = 64
#: Endings inflect turns into ``-ves`` by rule, not from its lists of words.
_GUESSED_VES = ("alf", "elf", "olf", "arf", "eaf")


def _lemmas(word: str) -> Mapping[str, tuple[str, ...]]:
    """Word classes of ``word`` -> its lemmas, from the lexicon (empty: unknown)."""
    return _lexicon_lookup(word.lower())


@functools.lru_cache(maxsize=4096)
def _lexicon_lookup(word: str) -> Mapping[str, tuple[str, ...]]:
    found = lexicon.lemmas(word)
    if found is None:
        found = _lemminflect().getAllLemmas(word)
    if "NOUN" in found and word in lexicon.pronouns():  # my, this: no noun (DynBadMy -> mies)
        found = {("PRON" if upos == "NOUN" else upos): lemmas for upos, lemmas in found.items()}
    gap = lexicon_gaps.noun_lemmas(word)
    if gap and "NOUN" not in found:  # a schema noun the lexicon lacks, or files as a verb only
        found = {**found, "NOUN": gap}
    return MappingProxyType(found)


@functools.cache
def _lemminflect() -> Any:
    import lemminflect

    return lemminflect


def known(word: str) -> bool:
    """Whether the lexicon has ``word`` in any class."""
    return bool(_lemmas(word))


@functools.lru_cache(maxsize=4096)
def compound_head(word: str) -> tuple[str, str] | None:
    """(modifier, head noun) of a closed compound the lexicon lacks, or None.

    ``workspace`` -> ``("work", "space")``, ``workspaces`` -> ``("work",
    "spaces")``. Both parts must be known words of three letters or more;
    the longest head wins.
    """
    low = word.lower()
    if len(low) > _LONGEST_WORD or known(low):
        return None
    for cut in range(_MIN_PART, len(low) - _MIN_PART + 1):
        first, head = low[:cut], low[cut:]
        if known(first) and "NOUN" in _lemmas(head):
            return first, head
    return None


def noun_lemmas(word: str) -> tuple[str, ...]:
    """Singular forms of ``word`` as a noun; empty when it is no noun."""
    low = word.lower()
    lemmas = _lemmas(low)
    if lemmas:
        return lemmas.get("NOUN", ())
    split = compound_head(low)
    if split is None:
        return ()
    first, head = split
    return tuple(first + lemma for lemma in _lemmas(head).get("NOUN", ()))


def classes(word: str) -> frozenset[str]:
    """Word classes of ``word`` (a compound takes its head's)."""
    lemmas = _lemmas(word)
    if lemmas:
        return frozenset(lemmas)
    split = compound_head(word)
    return frozenset(_lemmas(split[1])) if split else frozenset()


def verb_form(word: str) -> bool:
    """Whether ``word`` is an inflected form of a verb (``processing``,
    ``combined``), not a verb's base form (``feed``, ``seed``)."""
    low = word.lower()
    verbs = _lemmas(low).get("VERB", ())
    return bool(verbs) and low not in verbs


def count_noun_only(word: str) -> bool:
    """Whether the lexicon files ``word`` as a noun with a plural of its own
    and no zero plural: a countable noun only (``booking``: bookings), not
    also a mass noun (``processing``: processing, processings)."""
    low = word.lower()
    if low not in _lemmas(low).get("NOUN", ()):
        return False
    forms = lexicon.plural(low)
    return bool(forms) and low not in (forms or ())


def no_listed_plural(word: str) -> bool:
    """Whether the lexicon lists no plural of the noun ``word`` but the word
    itself (``now``, ``above``) or none at all (``once``)."""
    low = word.lower()
    return set(lexicon.plural(low) or ()) <= {low}


@functools.lru_cache(maxsize=4096)
def plural_of(noun: str) -> str:
    """The regular or irregular plural of a singular noun (lower case).

    The lexicon lists a noun that is also a mass noun with itself among its
    plurals (``syntax``: syntax, syntaxes; ``transport``: transport only);
    a form that differs wins, and when the lexicon has none inflect's
    plural is taken (``transports``). The noun itself comes back only for
    a true zero plural (``sheep``, ``aircraft``): the word is its own plural.
    """
    low = noun.lower()
    split = compound_head(low)
    first, head = split if split else ("", low)
    gap = lexicon_gaps.NOUNS.get(head)
    if gap is not None:
        return first + gap
    forms = lexicon.plural(head)
    if forms is None:  # lemminflect's model guesses: remembered from run to run
        forms = inflect_answers.guessed_plurals(head)
    own = _plural_filed_apart(head, forms or ())
    if own is not None:
        return first + own
    changed = [form for form in forms or () if form != head]
    if changed:
        return first + changed[0]
    if forms:  # the lexicon's only plural is the word itself
        return first + _countable_plural(head)
    return f"{first}{head}s"


def _countable_plural(head: str) -> str:
    """The countable plural of a noun the lexicon files as its own plural only.

    inflect's plural, except where it is only inflect's ending rule for a
    word its lists lack: a consonant and ``o`` take ``-oes`` (``two`` ->
    ``twoes``, ``judo``, ``mayo``) and ``-alf``/``-elf``/``-olf``/``-arf``/
    ``-eaf`` take ``-ves`` (``golf`` -> ``golves``). The nouns that really
    take those plurals (``potato``, ``hero``, ``half``, ``leaf``) have them
    in the lexicon and never come here; a mass noun's countable plural is
    the regular ``-s`` (``twos``, ``golfs``), as lemminflect's model also
    gives. ``-life``/``-wife``/``-knife`` keep inflect's ``-lives``.
    """
    plural = inflect_answers.plural_noun(head) or head
    if plural[:1] != head[:1]:  # inflect's pronoun table: i -> we (the letter's plural is no word)
        return f"{head}s"
    if (plural == f"{head}es" and head.endswith("o")) or (
        plural == f"{head[:-1]}ves" and head.endswith(_GUESSED_VES)
    ):
        return f"{head}s"
    return plural


def _plural_filed_apart(head: str, forms: tuple[str, ...]) -> str | None:
    """The irregular plural of ``head`` the lexicon files as a lemma of its own, or None.

    SPECIALIST lists ``people`` as a noun in its own right and ``person``'s
    plurals as ``persons``/``person``; inflect knows ``people`` as the plural
    of ``person``. Taken when inflect's plural is not among the lexicon's
    ``forms``, is a noun the lexicon knows (by itself or as a compound's
    head: ``spokespeople``), is its own lemma, goes back to ``head``
    (:func:`irregular_singular`), and starts with the same letter (inflect's
    pronoun table makes ``ours`` the plural of ``mine``).
    """
    plural = inflect_answers.plural_noun(head)
    if not plural or plural == head or plural in forms:
        return None
    if plural[:1] != head[:1] or plural not in noun_lemmas(plural):
        return None
    return plural if irregular_singular(plural) == head else None


@functools.lru_cache(maxsize=4096)
def singular_of(word: str) -> str | None:
    """The noun whose plural (:func:`plural_of`) is ``word``, or None.

    For plurals the lexicon does not file as noun forms: it lists
    ``transports`` only as a verb, yet :func:`plural_of` makes it the plural
    of the noun ``transport``, so the two answers agree both ways.
    """
    low = word.lower()
    if not _may_be_noun_plural(low):
        return None
    singular = inflect_answers.singular_noun(low)
    if not singular or singular == low or "NOUN" not in classes(singular):
        return None
    return singular if plural_of(singular) == low else None


def _may_be_noun_plural(low: str) -> bool:
    """False when no noun's :func:`plural_of` is ``low``, so :func:`singular_of`
    is None whatever inflect says; True when it may be (or is not known).

    A noun here is a word the lexicon files as one, or a closed compound of a
    known word and one (:func:`compound_head`), whose plural is the first
    word and the head's plural: ``low`` is then among the shipped plurals of
    the lexicon's nouns, or ends with one after a known word.
    """
    plurals = inflect_table.noun_plurals()
    if plurals is None or low in plurals:
        return True
    # Only a tail no longer than the longest plural can be one: a million-character
    # name tried every cut, a copy of the name each (quadratic: it never finished).
    first = max(_MIN_PART, len(low) - _longest(plurals))
    return any(low[cut:] in plurals and known(low[:cut]) for cut in range(first, len(low)))


@functools.lru_cache(maxsize=4)
def _longest(plurals: frozenset[str]) -> int:
    """The length of the longest word of ``plurals`` (0 when empty)."""
    return max(map(len, plurals), default=0)


@functools.lru_cache(maxsize=4096)
def irregular_singular(word: str) -> str | None:
    """The singular of a word the lexicon files as its own lemma, if it is a plural all the same.

    The lexicon lists ``people`` as a noun in its own right (the peoples of
    the world); inflect knows it as the plural of ``person``. A true plural
    only takes an ``s`` when pluralised again (``peoples``) or stays the same,
    while a singular gets its real plural (``status`` -> ``statuses``), so
    inflect's singular is trusted only when that holds.
    """
    low = word.lower()
    singular = inflect_answers.singular_noun(low)
    if not singular or singular == low:  # no plural, or its own plural (moose, aircraft)
        return None
    if inflect_answers.plural_noun(low) not in (low, f"{low}s"):
        return None
    return singular
