"""A too-long snake_case name made short enough by words a reader still knows.

DBN501's fix, and a dependent name ``migrate`` lengthens past the limit,
used to replace the middle of the name by a hash
(``trigger_authenticator_key_updated_time_on_6eb5fe06_entities``). A name
can usually be brought under the limit the way a person would do it:

1. spell long words the way they are commonly abbreviated in schemas
   (``authenticator`` -> ``auth``, ``organization`` -> ``org``), the longest
   first;
2. drop the little words (``on``, ``for``, ``of``...), last first;
3. drop the middle words nearest the last one, one at a time.

The first word (a prefix such as ``idx``, ``fk``, ``trigger``) is never
dropped, the last one (which decides plural or singular, or says ``pkey``)
never changed. Only
names written with ``_`` are shortened this way; a camelCase name or a
quoted free-text name keeps the hashed form (:func:`dbnamelint.rules.fixes.shorten`),
and the callers fall back to it when the readable name is taken.
"""

from __future__ import annotations

from collections.abc import Callable

#: Common abbreviations of long words in database names. Each word's plural
#: (``organizations``) is abbreviated with an ``s`` (``orgs``).
ABBREVIATIONS: dict[str, str] = {
    "administrator": "admin",
    "application": "app",
    "attribute": "attr",
    "authentication": "auth",
    "authenticator": "auth",
    "authorization": "authz",
    "average": "avg",
    "configuration": "config",
    "database": "db",
    "description": "desc",
    "document": "doc",
    "environment": "env",
    "identifier": "id",
    "information": "info",
    "maximum": "max",
    "message": "msg",
    "minimum": "min",
    "notification": "notif",
    "number": "num",
    "organisation": "org",
    "organization": "org",
    "parameter": "param",
    "permission": "perm",
    "previous": "prev",
    "reference": "ref",
    "repository": "repo",
    "sequence": "seq",
    "statistics": "stats",
    "subscription": "sub",
    "temporary": "tmp",
    "transaction": "txn",
}

#: Words a name reads without: dropped before any word that carries meaning.
LITTLE_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "the", "to"})


def _abbreviation(word: str) -> str | None:
    found = ABBREVIATIONS.get(word)
    if found is None and word.endswith("s") and word[:-1] in ABBREVIATIONS:
        found = ABBREVIATIONS[word[:-1]] + "s"
    return found


def readable_short(name: str, limit: int, size: Callable[[str], int] = len) -> str | None:
    """``name`` within ``limit`` units by the steps of the module doc, or None.

    None when ``name`` is not a lower-case ``_``-separated name of at least
    three words, or when even its first and last words alone do not fit.
    """
    if size(name) <= limit:
        return name
    words = name.split("_")
    if len(words) < 3 or not all(words) or name != name.lower():
        return None

    def joined() -> str:
        return "_".join(words)

    # 1. abbreviations (of any word but the last), the longest first (ties:
    # the first written)
    for i in sorted(range(len(words) - 1), key=lambda i: (-len(words[i]), i)):
        short = _abbreviation(words[i])
        if short is not None:
            words[i] = short
            if size(joined()) <= limit:
                return joined()
    # 2. little words, then 3. the middle words nearest the last one
    for little_only in (True, False):
        i = len(words) - 2
        while i >= 1:
            if words[i] in LITTLE_WORDS or not little_only:
                del words[i]
                if size(joined()) <= limit:
                    return joined()
            i -= 1
    return None
