"""lemminflect's answers for lower-case words, read from its files without importing it.

lemminflect loads its whole lexicon into dictionaries on first use: 0.17 s
to import (numpy, for its out-of-vocabulary models), 0.29 s to build the
lemma table and 0.21 s the inflection table (measured on the 2-core
development machine) -- most of a small check's time. Its lookup files
(``resources/lemma_lu.csv.gz``, ``infl_lu.csv.gz``) are sorted by word, so
one word's lines can be found by bisecting the decompressed text instead:
about 15 ms per file, a few microseconds per word.

The answers are lemminflect's own, for the cases this module handles:

* :func:`lemmas` is ``lemminflect.getAllLemmas(word)`` for a word written
  in lower case (its lines of the lemma file, then its overrides);
* :func:`plural` is ``lemminflect.getInflection(lemma, tag="NNS")`` for a
  lower-case lemma the inflection file (or its overrides) gives a plural.

Everything else returns ``None`` and the caller asks lemminflect itself: a
word in another case, a lemma without a listed plural (lemminflect then
guesses with its model), the modal and auxiliary verbs it hard-codes, and
any lemminflect other than :data:`VERIFIED_VERSION` or with files not in the
shape expected. ``tests/test_lexicon.py`` compares every word of both
files with lemminflect's answers.
"""

from __future__ import annotations

import functools
import gzip
import os
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path

from dbnamelint.distinfo import installed_version

#: The lemminflect release whose files and lookup logic this module mirrors.
VERIFIED_VERSION = "0.2.3"

#: Words whose inflections lemminflect replaces by hard-coded forms after
#: loading (``InflectionLUCodec.updateForAuxMod``): left to lemminflect.
_HARD_CODED = frozenset({"can", "may", "will", "shall", "must", "ought", "dare", "be"})
#: Word classes of the inflection file (``InflectionLUCodec.penn_dict``).
_INFLECTION_CLASSES = frozenset({"noun", "adj", "adv", "verb"})


class _SortedLines:
    """The lines of a text sorted by their first comma-separated field."""

    def __init__(self, text: str) -> None:
        self.text = text

    def lines_of(self, word: str) -> list[str]:
        """Every line whose first field is ``word``, in file order."""
        text = self.text
        lo, hi = 0, len(text)  # both always line starts (or the end)
        while lo < hi:
            mid = (lo + hi) // 2
            start = text.rfind("\n", lo, mid)
            start = lo if start == -1 else start + 1  # the line holding ``mid``
            comma = text.find(",", start)
            if text[start : comma if comma != -1 else len(text)] < word:
                end = text.find("\n", start)
                lo = hi if end == -1 else end + 1
            else:
                hi = start
        out: list[str] = []
        key = word + ","
        while text.startswith(key, lo):
            end = text.find("\n", lo)
            end = len(text) if end == -1 else end
            out.append(text[lo:end])
            lo = end + 1
        return out


def _overrides(path: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """``OverridesCodec.load``: word -> tag or class -> (form,)."""
    found: dict[str, dict[str, tuple[str, ...]]] = {}
    with open(path, encoding="utf-8") as lines:  # noqa: PTH123
        for raw in lines:
            line = raw.strip()
            if not line or line[0] == "#":
                continue
            word_in, pos, word_out = line.split(",")
            found.setdefault(word_in, {})[pos] = (word_out,)
    return found


class _Files:
    """lemminflect's lookup files, or ``usable = False`` when they cannot be trusted."""

    def __init__(self) -> None:
        self.usable = False
        self.lemma = _SortedLines("")
        self.inflection = _SortedLines("")
        self.lemma_overrides: dict[str, dict[str, tuple[str, ...]]] = {}
        self.inflection_overrides: dict[str, dict[str, tuple[str, ...]]] = {}
        try:
            folder = _resources()
            if folder is None:
                return
            self.lemma = _SortedLines(_unpacked(os.path.join(folder, "lemma_lu.csv.gz")))  # noqa: PTH118
            self.inflection = _SortedLines(_unpacked(os.path.join(folder, "infl_lu.csv.gz")))  # noqa: PTH118
            self.lemma_overrides = _overrides(os.path.join(folder, "lemma_overrides.csv"))  # noqa: PTH118
            self.inflection_overrides = _overrides(os.path.join(folder, "infl_overrides.csv"))  # noqa: PTH118
        except (OSError, ValueError, EOFError):  # missing, unreadable or reshaped files
            return
        self.usable = bool(self.lemma.text and self.inflection.text)


def _resources() -> str | None:
    """lemminflect's ``resources`` folder if it is the verified release."""
    spec = find_spec("lemminflect")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    package = next(iter(spec.submodule_search_locations))
    if installed_version("lemminflect", package) != VERIFIED_VERSION:
        return None
    return os.path.join(package, "resources")  # noqa: PTH118


def _no_folder() -> Path | None:
    return None


#: Where decompressed copies of the lookup files are kept (the command line
#: installs the active cache's folder: :func:`install`); None: none are.
_folder: Callable[[], Path | None] = _no_folder


def install(folder: Callable[[], Path | None]) -> None:
    """Keep decompressed copies of the lookup files in ``folder()`` while it is not None.

    Decompressing both files takes about 45 ms, a fifth of a one-file check
    after an edit; reading the copies back takes about 3 ms.
    """
    global _folder  # noqa: PLW0603
    _folder = folder


def _unpacked(path: str) -> str:
    """The decompressed text of the gzip file at ``path``, from the kept copy
    when there is one for these very bytes (named by the file's size and
    modification time), else decompressed and kept (atomically, best effort)."""
    folder = _folder()
    if folder is None:
        return _gunzip(path)
    stat = os.stat(path)  # noqa: PTH116
    name = os.path.basename(path).removesuffix(".gz")  # noqa: PTH119
    copy = folder / "lexicon" / f"{stat.st_size}-{stat.st_mtime_ns}-{name}"
    try:
        return copy.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    text = _gunzip(path)
    try:
        from dbnamelint import atomicfile

        copy.parent.mkdir(parents=True, exist_ok=True)
        atomicfile.write_bytes(copy, text.encode("utf-8"), durable=False)
    except (OSError, ValueError):
        pass  # an unwritable cache: decompressed again next time
    return text


def _gunzip(path: str) -> str:
    with open(path, "rb") as packed:  # noqa: PTH123
        return gzip.decompress(packed.read()).decode("utf-8")


@functools.cache
def _files() -> _Files:
    return _Files()


def _lower_style(word: str) -> bool:
    """lemminflect's ``getCapsStyle(word) == 'lower'``."""
    return not word.isupper() and not (word and word[0].isupper())


def lemmas(word: str) -> dict[str, tuple[str, ...]] | None:
    """``lemminflect.getAllLemmas(word)``, or ``None``: ask lemminflect.

    Word class (``NOUN``, ``VERB``, ``ADJ``, ``ADV``, ``AUX``) -> its lemmas;
    empty for a word the lexicon lacks.
    """
    files = _files()
    if not files.usable or not _lower_style(word):
        return None
    word = word.lower()
    found: dict[str, tuple[str, ...]] = {}
    for line in files.lemma.lines_of(word):
        fields = line.strip().split(",")
        if len(fields) != 3:
            return None  # not the shape lemminflect reads
        upos = fields[1].upper()
        found["AUX" if upos == "MODAL" else upos] = tuple(fields[2].split("/"))
    found.update(files.lemma_overrides.get(word, {}))
    return {upos: tuple(form.lower() for form in forms) for upos, forms in found.items()}


@functools.cache
def pronouns() -> frozenset[str]:
    """Words lemminflect files as nouns only by its lemma overrides, which are
    its list of pronouns and determiners the lookup file lacks (``my``,
    ``this``, ``which``; the file's own comment says so): tagged NOUN there
    for spaCy, no nouns. Empty when the files are not the verified release's."""
    files = _files()
    if not files.usable:
        return frozenset()
    return frozenset(
        word
        for word, tags in files.lemma_overrides.items()
        if "NOUN" in tags
        and not any(line.split(",")[1:2] == ["noun"] for line in files.lemma.lines_of(word))
    )


def plural(lemma: str) -> tuple[str, ...] | None:
    """``lemminflect.getInflection(lemma, tag="NNS")`` when the files list one, else ``None``.

    ``None`` also when lemminflect would guess (a lemma without a listed
    plural): the caller asks lemminflect, which then uses its model.
    """
    files = _files()
    if not files.usable or not _lower_style(lemma):
        return None
    lemma = lemma.lower()
    if lemma in _HARD_CODED:
        return None
    forms: tuple[str, ...] | None = None
    for line in files.inflection.lines_of(lemma):
        parts = line.strip().split(",")
        if parts[1] not in _INFLECTION_CLASSES:
            return None  # lemminflect would refuse its own file
        if parts[1] == "noun" and len(parts) > 2:
            spellings = tuple(parts[2].split("/"))
            if len(spellings) > 1 or spellings[0]:
                forms = spellings
    override = files.inflection_overrides.get(lemma, {}).get("NNS")
    if override is not None:
        forms = override
    if forms is None:
        return None
    return tuple(form.lower() for form in forms)
