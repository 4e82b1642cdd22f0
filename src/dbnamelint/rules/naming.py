"""Word-level helpers shared by the built-in rules.

Rules disagree about what a good name is but agree on what a word is: every
rule that suggests a name must split ``IFK_AlbumArtistId`` and
``ws_activity_log`` the same way, or two rules would suggest two spellings of
the same fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from enum import Enum
from fnmatch import fnmatchcase
from types import MappingProxyType

from dbnamelint.core.lazyre import lazy_compile

# Runs of one character class; words are assembled from them by word_spans.
_RUNS = lazy_compile(r"[A-Z]+|[a-z]+|[0-9]+")
#: Shortest lower-case tail that can be a word of its own after an acronym
#: (``URLto``); a single letter after one is its plural ``s`` or noise.
_MIN_TAIL = 2
_SEPARATORS = lazy_compile(r"[^A-Za-z0-9]+")
# A hexadecimal run of 6 or more with letters and digits both: a generated
# suffix (hash, object id), not words and version numbers to split apart.
_HASH = lazy_compile(r"(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{6,}")


class CaseStyle(str, Enum):
    """The identifier spellings a case rule can require."""

    SNAKE_CASE = "snake_case"  # lower-case words joined by single underscores
    LOWER_SNAKE = "lower_snake"  # lower case, digits and underscores in any layout
    CAMEL_CASE = "camelCase"
    PASCAL_CASE = "PascalCase"
    UPPER_SNAKE = "UPPER_SNAKE"


_STYLE_PATTERNS = MappingProxyType(
    {
        CaseStyle.SNAKE_CASE: lazy_compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*"),
        CaseStyle.LOWER_SNAKE: lazy_compile(r"[a-z_][a-z0-9_]*"),
        CaseStyle.CAMEL_CASE: lazy_compile(r"[a-z][a-zA-Z0-9]*"),
        CaseStyle.PASCAL_CASE: lazy_compile(r"[A-Z][a-zA-Z0-9]*"),
        CaseStyle.UPPER_SNAKE: lazy_compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*"),
    }
)


def split_words(name: str) -> tuple[str, ...]:
    """Split any spelling into its words, lower-cased.

    ``IFK_AlbumArtistId`` -> ``("ifk", "album", "artist", "id")``,
    ``HTTPServer`` -> ``("http", "server")``. A hash the database or a tool
    appended (``bd26b2e655``, SQL Server's ``3B75D760``) stays one word.
    Letters outside ASCII are transliterated first (``Größe`` ->
    ``("grosse",)``, anyascii's table) instead of being dropped.
    """
    if not name.isascii():
        from anyascii import anyascii

        name = anyascii(name)
    words: list[str] = []
    for part in _SEPARATORS.split(name):
        if _HASH.fullmatch(part) and (part.islower() or part.isupper()):
            words.append(part.lower())
        else:
            words.extend(part[start:end].lower() for start, end in word_spans(part))
    return tuple(words)


def _acronym_keeps_last_capital(run: str, tail: str) -> bool:
    """Whether the upper-case ``run`` keeps its last capital before the lower-case ``tail``.

    ``HTTPServer`` reads ``HTTP`` + ``Server``: the last capital starts the
    next word, the usual reading (Java, .NET, inflection's ``underscore``).
    It is taken unless it makes a fragment that is no word while the other
    cut makes one: ``PTRignore`` -> ``PTR`` + ``ignore`` (``rignore`` is no
    word, ``ignore`` is). "Word" means the lemminflect lexicon knows it
    (:func:`dbnamelint.rules.words.known`), so the answer is the same on
    every machine for one lemminflect release; when neither or both cuts
    make a word, the usual reading stands (``XMLHttpRequest``: neither
    ``http`` nor ``ttp`` is in the lexicon).
    """
    if len(tail) < _MIN_TAIL:
        return False
    from dbnamelint.rules import words  # the lexicon loads only for these rare names

    return words.known(tail.lower()) and not words.known((run[-1] + tail).lower())


#: Acronyms and names spelled in mixed case, each one word (Rails'
#: ``inflect.acronym``; ``inflection.underscore`` has no such list and gives
#: ``o_auth``). Case by case no rule could tell ``OAuth`` from ``OTable``.
MIXED_CASE_ACRONYMS = (
    "OAuth",
    "GraphQL",
    "PostgreSQL",
    "MySQL",
    "NoSQL",
    "SQLite",
    "JavaScript",
    "TypeScript",
    "iOS",
    "macOS",
)
#: One of them as a whole word: not after a lower-case letter when it starts
#: lower-case (``radiOS``), not before one (``OAuthor``: the capital starts a
#: word); digits stay with it (``OAuth2``). A camelCase name starts with the
#: first one's capital lowered (``oAuthToken``, ``graphQLQuery``).
_MIXED = lazy_compile(
    "|".join(
        rf"(?:{'(?<![a-z])' if a[0].islower() else ''}{re.escape(a)}"
        rf"|^{re.escape(a[0].lower() + a[1:])})[0-9]*(?![a-z])"
        for a in sorted(MIXED_CASE_ACRONYMS, key=len, reverse=True)
    )
)


#: Their spelling inside a camelCase or PascalCase name; one starting
#: lower-case (``iOS``) is capitalised as any word there (``Ios``), which
#: reads back as the same word (``appiOS`` would not).
_MIXED_SPELLING = MappingProxyType({a.lower(): a for a in MIXED_CASE_ACRONYMS if a[0].isupper()})


def word_spans(part: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each word of ``part``; anything but ASCII letters and digits separates.

    A mixed-case acronym (:data:`MIXED_CASE_ACRONYMS`) is one word
    (``UserOAuth``: ``User``, ``OAuth``); the rest splits as
    :func:`_case_spans` reads it.
    """
    spans: list[tuple[int, int]] = []
    at = 0
    for found in _MIXED.finditer(part):
        spans.extend((at + s, at + e) for s, e in _case_spans(part[at : found.start()]))
        spans.append(found.span())
        at = found.end()
    spans.extend((at + s, at + e) for s, e in _case_spans(part[at:]))
    return spans


def _case_spans(part: str) -> list[tuple[int, int]]:
    """Words of ``part`` at its changes of case.

    A word is a lower-case run, a capitalised word, or an upper-case run
    (an acronym, split from the lower-case letters after it as
    :func:`_acronym_keeps_last_capital` decides; a lone ``s`` after it is
    its plural: ``IDs``, ``URLs``); digits stay glued to the
    word they follow (``oauth2``, ``v2``) so that versions do not become
    words, and a leading number is a word of its own.
    """
    runs = [(m.start(), m.end()) for m in _RUNS.finditer(part)]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(runs):
        start, end = runs[i]
        first = part[start]
        following = runs[i + 1] if i + 1 < len(runs) else None
        if first.isdigit() and spans and spans[-1][1] == start:
            spans[-1] = (spans[-1][0], end)
        elif (
            first.isupper()
            and following is not None
            and following[0] == end
            and part[end].islower()
        ):
            run, tail, tail_end = part[start:end], part[following[0] : following[1]], following[1]
            if len(run) == 1 or tail == "s":  # Server, IDs
                spans.append((start, tail_end))
            elif _acronym_keeps_last_capital(run, tail):  # PTR|ignore
                spans.extend([(start, end), (end, tail_end)])
            else:  # HTTP|Server
                spans.extend([(start, end - 1), (end - 1, tail_end)])
            i += 1
        else:
            spans.append((start, end))
        i += 1
    return spans


def case_word_starts(name: str) -> list[int]:
    """Offsets in ``name`` where a word starts at a change of case.

    ``lineItems`` -> ``[4]``, ``HTTPServer`` -> ``[4]``, ``PTRignore`` ->
    ``[3]``: the words of :func:`split_words`. A word after a separator or
    at the start, and one between a digit and a lower-case letter (``2fa``),
    starts at no change of case and is left out.
    """
    return [
        start
        for start, _ in word_spans(name)
        if start
        and name[start - 1].isascii()
        and name[start - 1].isalnum()
        and (name[start].isupper() or name[start - 1].isupper())
    ]


def join_words(words: Sequence[str], style: CaseStyle) -> str:
    """Spell lower-case ``words`` in ``style``."""
    if style in (CaseStyle.SNAKE_CASE, CaseStyle.LOWER_SNAKE):
        return "_".join(words)
    if style is CaseStyle.UPPER_SNAKE:
        return "_".join(w.upper() for w in words)
    # A mixed-case acronym keeps its spelling (Rails' camelize: ``OAuth``).
    capitalised = [_MIXED_SPELLING.get(w, w[:1].upper() + w[1:]) for w in words]
    if style is CaseStyle.CAMEL_CASE and words:
        return words[0] + "".join(capitalised[1:])
    return "".join(capitalised)


def matches_style(name: str, style: CaseStyle) -> bool:
    """True when ``name`` is spelled in ``style``."""
    return _STYLE_PATTERNS[style].fullmatch(name) is not None


def convert(name: str, style: CaseStyle) -> str:
    """Respell ``name`` in ``style``: ``userId`` -> ``user_id`` for snake_case."""
    return join_words(split_words(name), style)


def underscore_words(name: str) -> list[str]:
    """Split on underscores only, keeping each word as written.

    Prefix and infix rules work on the words a human typed between
    underscores, so ``ws_cfg_sys`` keeps exactly three words.
    """
    return [w for w in name.split("_") if w]


def matches_any(name: str, patterns: Iterable[str]) -> bool:
    """Case-insensitive glob match of ``name`` against any of ``patterns``."""
    if isinstance(patterns, (tuple, list)) and not patterns:
        return False  # the usual case (no exceptions configured), per object and rule
    lowered = name.lower()
    return any(fnmatchcase(lowered, p.lower()) for p in patterns)


def find_run(words: Sequence[str], run: Sequence[str]) -> int:
    """Index where ``run`` occurs in ``words`` as whole words, or -1.

    Comparison is case-insensitive because unquoted names fold case, so
    ``User_pkey`` still embeds the old table name ``user``.
    """
    n = len(run)
    if not n:
        return -1
    low_run = [w.lower() for w in run]
    for i in range(len(words) - n + 1):
        if [w.lower() for w in words[i : i + n]] == low_run:
            return i
    return -1
