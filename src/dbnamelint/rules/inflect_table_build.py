"""Building :data:`~dbnamelint.rules.inflect_table.TABLE` from inflect itself.

``python -m dbnamelint.rules.inflect_table_build`` asks the installed
inflect (it must be :data:`~dbnamelint.rules.inflect_table.VERIFIED_VERSION`)
about every word of the domain and rewrites the file: about 15 s. Run it
after changing :mod:`.lexicon_gaps` or :func:`~dbnamelint.rules.words.plural_of`;
``tests/test_inflect_table.py`` fails until then.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from typing import Any

from dbnamelint.rules import inflect_table, lexicon, lexicon_gaps, words


def domain() -> list[str]:
    """Every word :func:`~dbnamelint.rules.inflect_table.in_domain` accepts, sorted.

    Raises ``ValueError`` when lemminflect's files are not the ones
    :mod:`.lexicon` reads (the table would describe another lexicon).
    """
    files = lexicon._files()
    if not files.usable:
        raise ValueError("lemminflect's files are not the verified release's")
    candidates: set[str] = set(files.lemma_overrides)
    candidates.update(line.split(",", 1)[0] for line in files.lemma.text.splitlines() if line)
    candidates.update(lexicon_gaps.NOUNS)
    candidates.update(lexicon_gaps.NOUNS.values())
    return sorted(w for w in candidates if inflect_table.in_domain(w))


def _engine() -> Any:
    import inflect

    return inflect.engine()


def answers(words_: list[str]) -> tuple[dict[str, object], dict[str, str]]:
    """inflect's answers for ``words_`` that differ from the table's defaults:
    (singular exceptions, plural exceptions)."""
    engine = _engine()
    singular: dict[str, object] = {}
    plural: dict[str, str] = {}
    for word in words_:
        s = engine.singular_noun(word)
        s = False if s is False else str(s)
        if s != inflect_table.default_singular(word):
            singular[word] = s
        p = str(engine.plural_noun(word))
        if p != inflect_table.default_plural(word):
            plural[word] = p
    return singular, plural


def noun_plurals(domain_: list[str]) -> list[str]:
    """:func:`~dbnamelint.rules.words.plural_of` of every word of the domain
    the lexicon (or :mod:`.lexicon_gaps`) files as a noun, sorted."""
    return sorted({words.plural_of(w) for w in _nouns(domain_)})


def _nouns(domain_: list[str]) -> Iterator[str]:
    for word in domain_:
        if "NOUN" in words.classes(word) and words.known(word):
            yield word


def build() -> bytes:
    """The file's bytes. Raises ``ValueError`` for an inflect other than the verified one."""
    release = inflect_table.inflect_release()
    if release is None or not release.startswith(inflect_table.VERIFIED_VERSION + " "):
        raise ValueError(f"inflect {release} is not {inflect_table.VERIFIED_VERSION}")
    words_ = domain()
    singular, plural = answers(words_)
    # plural_of answers from the new table (it equals inflect on the domain)
    inflect_table._building.append(
        inflect_table.Table(singular, plural, frozenset())  # type: ignore[arg-type]
    )
    try:
        plurals = noun_plurals(words_)
    finally:
        inflect_table._building.pop()
    data = {
        "format": inflect_table.FORMAT,
        "inflect": release,
        "lemminflect": lexicon.VERIFIED_VERSION,
        "singular": singular,
        "plural": plural,
        "plurals": plurals,
    }
    text = json.dumps(data, separators=(",", ":"), sort_keys=True)
    return gzip.compress(text.encode("utf-8"), mtime=0)


def main() -> None:
    from dbnamelint import atomicfile

    atomicfile.write_bytes(inflect_table.TABLE, build())
    print(f"wrote {inflect_table.TABLE}")


if __name__ == "__main__":
    main()
