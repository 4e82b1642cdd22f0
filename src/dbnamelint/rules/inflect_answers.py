"""inflect's ``plural_noun`` and ``singular_noun``, remembered from run to run.

inflect 6 wraps its engine in pydantic's ``validate_call``, so ``import
inflect`` imports and builds pydantic: 376 M instructions under callgrind, a
quarter of a ``check`` of a one-line file after editing it. :mod:`.words`
asks it about any singular-looking table name (``user_profile``), so every
such run paid it even when the run before asked the very same words.

When the process has a cache (the command line installs a folder with
:func:`install`: the per-file cache's folder for the installed code, so a
new dbnamelint is a new memo), inflect's answers are kept there in
:data:`FILE_NAME`, and a run that asks only words already answered never
imports inflect. The memo is exact: an answer is the string (or ``False``)
inflect returned, stored as JSON, and the file names the inflect it came
from (version, size and time of its module file): any other inflect finds no
answers. The file is read once per process, on the first question, and
written only when the run learnt new answers, atomically (a temporary file
renamed over it), holding at most :data:`MAX_ANSWERS` answers of each kind,
the ones asked most recently. A file that cannot be read, is too big, foreign
or of another shape answers nothing; two runs writing at once may lose one
run's new answers, which the next run asks inflect again.

lemminflect's guesses are kept the same way, in :data:`GUESS_FILE_NAME`
named by the lemminflect they came from: the plural it infers for a noun its
lexicon lacks (``allowlist``) loads its whole inflection table and imports
NumPy for its model, about a second, on every run that judged such a name.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from dbnamelint.rules import inflect_table

#: The memo's file name in the cache folder.
FILE_NAME = "inflect-answers.json"
#: Bumped when the file changes shape.
FORMAT = 1
#: Answers kept of each kind (``plural_noun``, ``singular_noun``): a table
#: name asks two or three; 5,000 of each are about 210 kB of JSON, read in 2 ms.
MAX_ANSWERS = 5000
#: A bigger file is not read (no memo this module writes comes near it).
MAX_BYTES = 4 * 1024 * 1024

#: The lemminflect guesses' file name in the cache folder.
GUESS_FILE_NAME = "lemminflect-answers.json"

#: ``singular_noun``'s answer: the singular, or ``False`` for a word that is no plural.
Singular = str | Literal[False]
#: Any stored answer: inflect's, or lemminflect's plurals (a list of forms).
Answer = str | Literal[False] | list[str]
_KINDS = ("plural_noun", "singular_noun")
_GUESS_KINDS = ("nns",)


def _no_folder() -> Path | None:
    return None


#: Where the memo lives, asked on each question (the command line's cache may
#: be turned off after start-up: ``--no-cache``); None: no memo.
_folder: Callable[[], Path | None] = _no_folder


def install(folder: Callable[[], Path | None]) -> None:
    """Remember answers in ``folder()``'s :data:`FILE_NAME` while it is a folder, not None."""
    global _folder  # noqa: PLW0603
    _folder = folder


def guessed_plurals(word: str) -> tuple[str, ...]:
    """``lemminflect.getInflection(word, tag="NNS")``: the plurals lemminflect
    gives a noun (inferred by its model for one its lexicon lacks)."""
    memo = _guess_memo()
    if memo is None:
        return _guess(word)
    found = memo.get("nns", word)
    if not isinstance(found, list):
        found = list(_guess(word))
        memo.learn("nns", word, found)
    return tuple(found)


def _guess(word: str) -> tuple[str, ...]:
    import lemminflect

    return tuple(lemminflect.getInflection(word, tag="NNS") or ())


def plural_noun(word: str) -> str:
    """``inflect.engine().plural_noun(word)`` (from the shipped table for a lexicon word)."""
    shipped = inflect_table.plural_noun(word)
    if shipped is not None:
        return shipped
    memo = _memo()
    if memo is None:
        return str(_engine().plural_noun(word))
    found = memo.get("plural_noun", word)
    if found is None:
        found = str(_engine().plural_noun(word))
        memo.learn("plural_noun", word, found)
    return str(found)


def singular_noun(word: str) -> Singular:
    """``inflect.engine().singular_noun(word)``: the singular, or ``False``
    (from the shipped table for a lexicon word)."""
    shipped = inflect_table.singular_noun(word)
    if shipped is not None:
        return shipped
    memo = _memo()
    if memo is None:
        return _singular(word)
    found = memo.get("singular_noun", word)
    if found is None or isinstance(found, list):  # _read keeps lists to "nns"
        found = _singular(word)
        memo.learn("singular_noun", word, found)
    return found


def _singular(word: str) -> Singular:
    answer = _engine().singular_noun(word)
    return False if answer is False else str(answer)


@functools.cache
def _engine() -> Any:
    import inflect

    return inflect.engine()


def _memo() -> Memo | None:
    folder = _folder()
    if folder is None:
        return None
    return _memo_in(folder)


@functools.cache
def _memo_in(folder: Path) -> Memo | None:
    origin = inflect_origin()
    return None if origin is None else Memo(folder / FILE_NAME, origin)


def _guess_memo() -> Memo | None:
    folder = _folder()
    if folder is None:
        return None
    return _guess_memo_in(folder)


@functools.cache
def _guess_memo_in(folder: Path) -> Memo | None:
    origin = _origin("lemminflect")
    if origin is None:
        return None
    return Memo(folder / GUESS_FILE_NAME, origin, library="lemminflect", kinds=_GUESS_KINDS)


@functools.cache
def inflect_origin() -> str | None:
    """Which inflect answers: its version, and the size and modification time
    of its module file (a local edit), found without importing it; None when
    it is not installed."""
    return _origin("inflect")


def _origin(package: str) -> str | None:
    """``package``'s version and its module file's size and modification time,
    found without importing it; None when it is not installed."""
    from importlib.util import find_spec

    from dbnamelint.distinfo import installed_version

    try:
        spec = find_spec(package)
        if spec is None or spec.origin is None:
            return None
        st = os.stat(spec.origin)  # noqa: PTH116
        release = installed_version(package, os.path.dirname(spec.origin))  # noqa: PTH120
        return None if release is None else f"{release} {st.st_size} {st.st_mtime_ns}"
    except (OSError, ValueError, ImportError):
        return None


class Memo:
    """The answers stored in ``path`` by the ``library`` (inflect, or
    lemminflect) named ``origin``, and this run's; ``kinds``: its questions."""

    def __init__(
        self,
        path: Path,
        origin: str,
        *,
        library: str = "inflect",
        kinds: tuple[str, ...] = _KINDS,
    ) -> None:
        self.path = path
        self.origin = origin
        self.library = library
        self.kinds = kinds
        self.stored = _read(path, origin, library, kinds)
        #: Answers this run gave, hits and new ones, in the order first asked.
        self.asked: dict[str, dict[str, Answer]] = {kind: {} for kind in kinds}
        self.learnt = False

    def get(self, kind: str, word: str) -> Answer | None:
        """The stored answer, or None when inflect must be asked."""
        found = self.stored[kind].get(word)
        if found is not None:
            self.asked[kind][word] = found
        return found

    def learn(self, kind: str, word: str, answer: Answer) -> None:
        """Keep inflect's ``answer``; the first one of a run has the memo saved at exit."""
        self.stored[kind][word] = self.asked[kind][word] = answer
        if not self.learnt:
            self.learnt = True
            import atexit

            atexit.register(self.save)

    def save(self) -> None:
        """Write the memo: what another run stored meanwhile, then this run's
        answers (the most recent last), the oldest past :data:`MAX_ANSWERS` left out."""
        import json

        from dbnamelint import atomicfile

        current = _read(self.path, self.origin, self.library, self.kinds)
        data: dict[str, object] = {"format": FORMAT, self.library: self.origin}
        for kind in self.kinds:
            asked = self.asked[kind]
            merged = {w: a for w, a in current[kind].items() if w not in asked}
            merged.update(asked)
            data[kind] = dict(list(merged.items())[-MAX_ANSWERS:])
        text = json.dumps(data, separators=(",", ":"))
        try:
            atomicfile.write_bytes(self.path, text.encode("utf-8"), durable=False)
        except (OSError, ValueError):  # a cache that cannot be written is skipped
            return


def _read(
    path: Path, origin: str, library: str = "inflect", kinds: tuple[str, ...] = _KINDS
) -> dict[str, dict[str, Answer]]:
    """The answers in ``path`` if it is a memo of ``library`` ``origin``, else none."""
    empty: dict[str, dict[str, Answer]] = {kind: {} for kind in kinds}
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            return empty
        import json

        data = json.loads(raw)
    except (OSError, ValueError, RecursionError):  # missing, unreadable, half-written
        return empty
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return empty
    if data.get(library) != origin:
        return empty
    found: dict[str, dict[str, Answer]] = {}
    for kind in kinds:
        answers = data.get(kind)
        if not isinstance(answers, dict) or not all(_answer(kind, a) for a in answers.values()):
            return empty
        found[kind] = answers
    return found


def _answer(kind: str, answer: object) -> bool:
    """Whether ``answer`` is one the library can give: a string, ``False`` for
    a singular, or lemminflect's list of plurals."""
    if kind == "nns":
        return type(answer) is list and all(type(a) is str for a in answer)
    return type(answer) is str or (kind == "singular_noun" and answer is False)
