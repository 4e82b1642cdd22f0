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

# An upper-case run that ends before a capitalised word (HTTP|Server), a
# capitalised or lower-case word, or a bare upper-case run; digits stay glued
# to the word they follow (oauth2, v2) so that versions do not become words.
_WORD = re.compile(r"[A-Z]+\d*(?=[A-Z][a-z])|[A-Z]?[a-z]+\d*|[A-Z]+\d*|\d+")
_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")
# A hexadecimal run of 6 or more with letters and digits both: a generated
# suffix (hash, object id), not words and version numbers to split apart.
_HASH = re.compile(r"(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{6,}")


class CaseStyle(str, Enum):
    """The identifier spellings a case rule can require."""

    SNAKE_CASE = "snake_case"  # lower-case words joined by single underscores
    LOWER_SNAKE = "lower_snake"  # lower case, digits and underscores in any layout
    CAMEL_CASE = "camelCase"
    PASCAL_CASE = "PascalCase"
    UPPER_SNAKE = "UPPER_SNAKE"


_STYLE_PATTERNS = MappingProxyType(
    {
        CaseStyle.SNAKE_CASE: re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*"),
        CaseStyle.LOWER_SNAKE: re.compile(r"[a-z_][a-z0-9_]*"),
        CaseStyle.CAMEL_CASE: re.compile(r"[a-z][a-zA-Z0-9]*"),
        CaseStyle.PASCAL_CASE: re.compile(r"[A-Z][a-zA-Z0-9]*"),
        CaseStyle.UPPER_SNAKE: re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*"),
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
            words.extend(w.lower() for w in _WORD.findall(part))
    return tuple(words)


def join_words(words: Sequence[str], style: CaseStyle) -> str:
    """Spell lower-case ``words`` in ``style``."""
    if style in (CaseStyle.SNAKE_CASE, CaseStyle.LOWER_SNAKE):
        return "_".join(words)
    if style is CaseStyle.UPPER_SNAKE:
        return "_".join(w.upper() for w in words)
    capitalised = [w[:1].upper() + w[1:] for w in words]
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
