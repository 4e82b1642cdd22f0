"""inflect's answers for every word of the lexicon, shipped with dbnamelint.

``import inflect`` imports pydantic (inflect 6 wraps its engine in
``validate_call``): about 0.15 s of CPU, 30-45% of a first ``check`` of a
real schema tree (measured on the shared corpus: mattermost, temporal,
pagila), paid for questions such as "is ``user`` a plural?" that have the
same answer on every machine. :data:`TABLE` holds inflect's answers to the
two questions :mod:`.inflect_answers` asks, for every word of the domain:

* the domain is every lower-case word lemminflect's lexicon lists
  (:func:`~dbnamelint.rules.lexicon.lemmas` is not empty) and every word of
  :mod:`.lexicon_gaps`; any other word asks inflect as before;
* ``singular_noun(word)`` and ``plural_noun(word)`` are stored where they
  differ from a default (``word[:-1]`` for a word in ``s``, else False; and
  ``word + "s"``), so the file is small and exact for every word of the
  domain;
* ``plurals`` is every plural :func:`~dbnamelint.rules.words.plural_of` gives
  a noun of the domain: a word none of them is, nor ends with after a known
  word, is no noun's plural, so :func:`~dbnamelint.rules.words.singular_of`
  answers None for it without asking inflect (``kv``, ``dlq``, ``override``).

The table is used only with the inflect it was built from (its version and
module file's size, :data:`VERIFIED_VERSION`), and with the lemminflect files
:mod:`.lexicon` trusts; otherwise every question goes to inflect. It is
rebuilt by ``python -m dbnamelint.rules.inflect_table_build``;
``tests/test_inflect_table.py`` checks every answer against inflect itself
and every plural against :func:`~dbnamelint.rules.words.plural_of`.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
from importlib.util import find_spec
from pathlib import Path
from typing import Literal

from dbnamelint.distinfo import installed_version
from dbnamelint.rules import lexicon, lexicon_gaps

#: The file, beside this module.
TABLE = Path(__file__).with_name("inflect-table.json.gz")
#: Bumped when the file changes shape.
FORMAT = 1
#: The inflect release the table is built from and used with.
VERIFIED_VERSION = "6.2.0"
#: Set (to anything), every question goes to inflect: to compare, or to test
#: :mod:`.inflect_answers`' memo, which the table's words never reach.
OFF_ENV = "DBNAMELINT_NO_INFLECT_TABLE"

Singular = str | Literal[False]


class Table:
    """The loaded file: exceptions to the defaults, and the nouns' plurals."""

    def __init__(
        self, singular: dict[str, Singular], plural: dict[str, str], plurals: frozenset[str]
    ) -> None:
        self.singular = singular
        self.plural = plural
        self.plurals = plurals


def default_singular(word: str) -> Singular:
    """The singular stored answers differ from: ``word`` less its ``s``, else False."""
    return word[:-1] if word.endswith("s") else False


def default_plural(word: str) -> str:
    """The plural stored answers differ from: ``word + "s"``."""
    return word + "s"


def inflect_release() -> str | None:
    """The installed inflect's version and module file size, found without
    importing it (``"6.2.0 119473"``); None when it is not installed."""
    try:
        spec = find_spec("inflect")
        if spec is None or spec.origin is None:
            return None
        size = Path(spec.origin).stat().st_size
        version = installed_version("inflect", os.path.dirname(spec.origin))  # noqa: PTH120
    except (OSError, ValueError, ImportError):
        return None
    return None if version is None else f"{version} {size}"


def in_domain(word: str) -> bool:
    """Whether the table answers for ``word`` (already lower case)."""
    if word in lexicon_gaps.NOUNS or word in _GAP_PLURALS:
        return True
    if not word or not word.islower():
        return False
    return bool(lexicon.lemmas(word))


_GAP_PLURALS = frozenset(lexicon_gaps.NOUNS.values())


#: The table :func:`table` answers with while one is being built (the build's own).
_building: list[Table] = []


def table() -> Table | None:
    """The shipped table, or None when it cannot be trusted here (another
    inflect, lemminflect files :mod:`.lexicon` does not read, a missing or
    foreign file). Never raises."""
    return _building[-1] if _building else _shipped()


@functools.cache
def _shipped() -> Table | None:
    if os.environ.get(OFF_ENV):
        return None
    release = inflect_release()
    if release is None or not release.startswith(VERIFIED_VERSION + " "):
        return None
    if lexicon.lemmas("table") is None:  # the lexicon's files are not the verified ones
        return None
    try:
        data = json.loads(gzip.decompress(TABLE.read_bytes()))
    except (OSError, ValueError, EOFError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    if data.get("inflect") != release or data.get("lemminflect") != lexicon.VERIFIED_VERSION:
        return None
    singular, plural, plurals = data.get("singular"), data.get("plural"), data.get("plurals")
    if not (isinstance(singular, dict) and isinstance(plural, dict) and isinstance(plurals, list)):
        return None
    return Table(singular, plural, frozenset(plurals))


def singular_noun(word: str) -> Singular | None:
    """inflect's ``singular_noun(word)`` from the table; None: ask inflect."""
    found = table()
    if found is None or not in_domain(word):
        return None
    return found.singular.get(word, default_singular(word))


def plural_noun(word: str) -> str | None:
    """inflect's ``plural_noun(word)`` from the table; None: ask inflect."""
    found = table()
    if found is None or not in_domain(word):
        return None
    return found.plural.get(word, default_plural(word))


def noun_plurals() -> frozenset[str] | None:
    """Every plural :func:`~dbnamelint.rules.words.plural_of` gives a noun of
    the domain; None when the table is not used."""
    found = table()
    return None if found is None else found.plurals
