"""``load_whitelist``: read a whitelist file, from the cache when its bytes were read before.

Parsing and validating a whitelist (PyYAML, then pydantic's models of the
format) grows with the file: about a tenth of a second for 300 entries, paid
by every run the run cache cannot replay, such as the pre-commit hook after
a schema file was edited. The result depends only on the file's bytes, the
name it is shown under and the rules an entry may name, so it is kept in
the active cache (:mod:`dbnamelint.runner.readcache`) under a digest of
those, as a pickle read back by :mod:`dbnamelint.runner.pickled`'s
restricted unpickler. A hit imports neither PyYAML nor the format's models.

Without an active cache (``--no-cache``, library callers), and for every
file that cannot be read as a regular file, this is
:func:`dbnamelint.whitelist.format.load_whitelist` itself, whose errors are
the same located ones either way.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

from dbnamelint import atomicfile
from dbnamelint.config.regular import SafeYamlError, decode_text, read_regular_bytes
from dbnamelint.core import readlog
from dbnamelint.runner import pickled, readcache
from dbnamelint.runner.runcache import prune
from dbnamelint.whitelist.entries import Whitelist, WhitelistError

if TYPE_CHECKING:
    from dbnamelint.config.selectors import RuleRegistry

#: Bumped when an entry's shape or the key changes.
FORMAT = 1
#: Entries kept; the oldest are removed past this (on writes only).
MAX_ENTRIES = 64


def load_whitelist(
    path: Path,
    *,
    display: str | None = None,
    known_rules: RuleRegistry | None = None,
    missing_ok: bool = True,
    known_databases: Collection[str] | None = None,
) -> Whitelist:
    """Read and validate a whitelist; errors name the file, key path and line.

    ``known_rules``, when given, makes an unknown rule code or name in an
    entry an error instead of an entry that silently never matches; so do
    ``known_databases`` (the config's ``databases:`` names) for an entry's
    ``database:``, which would otherwise look stale and be pruned. Raises
    :class:`~dbnamelint.whitelist.entries.WhitelistError`.
    """
    shown = display or str(path)
    # lexists: a dangling or looping symlink is an error to report, not "no whitelist"
    if missing_ok and not os.path.lexists(path):
        return Whitelist(shown)
    cache = readcache.active()
    if cache is None:
        return _declared(_uncached(path, shown, known_rules, missing_ok), known_databases)
    try:
        data = read_regular_bytes(path)
        text = decode_text(data)
    except (OSError, SafeYamlError):  # the uncached reader words the error
        return _declared(_uncached(path, shown, known_rules, missing_ok), known_databases)
    return _declared(
        _cached(cache, data, shown, known_rules, lambda: _parse_file(text, shown, known_rules)),
        known_databases,
    )


def _declared(whitelist: Whitelist, known: Collection[str] | None) -> Whitelist:
    """``whitelist``, once every entry's ``database:`` is one of ``known``."""
    if known is None:
        return whitelist
    for entry in whitelist.entries:
        if entry.database is not None and entry.database not in known:
            declared = ", ".join(sorted(known)) if known else "none"
            raise WhitelistError(
                f"entry {entry.kind.value} {entry.name}: database {entry.database!r} is not "
                f"one of the config's databases: ({declared}); correct the entry or the "
                "config (a database renamed in the config is renamed in its entries too)",
                entry.location,
            )
    return whitelist


def parse_whitelist(
    text: str, display: str = "whitelist.yaml", known_rules: RuleRegistry | None = None
) -> Whitelist:
    """Like :func:`load_whitelist` for text already in memory (a version from
    git, say): :func:`dbnamelint.whitelist.format.parse_whitelist`, cached."""
    cache = readcache.active()
    if cache is None:
        return _parse_text(text, display, known_rules)
    data = text.encode("utf-8", "surrogatepass")
    return _cached(
        cache, data, display, known_rules, lambda: _parse_text(text, display, known_rules), "text"
    )


def _cached(
    cache: readcache.FileCache,
    data: bytes,
    shown: str,
    known_rules: RuleRegistry | None,
    parse: Callable[[], Whitelist],
    how: str = "file",
) -> Whitelist:
    """``parse()``, or what it returned before for the same bytes, name and rules."""
    rules = "\1" if known_rules is None else "\2".join(sorted(known_rules))
    key = readlog.digest(str(FORMAT), cache.fingerprint, how, shown, rules, data)
    entry = cache.directory / "whitelists" / f"{key}.pickle"
    try:
        found = pickled.loads(entry.read_bytes())
        if isinstance(found, Whitelist):
            return found
    except Exception:  # absent, unreadable, foreign or half-written: a miss
        pass
    whitelist = parse()
    try:
        atomicfile.write_bytes(entry, pickled.dumps(whitelist), durable=False)
        prune(entry.parent, ".pickle", MAX_ENTRIES)
    except (OSError, ValueError):  # an unwritable cache: no entry
        pass
    return whitelist


def _parse_file(text: str, shown: str, known_rules: RuleRegistry | None) -> Whitelist:
    from dbnamelint.whitelist.format import whitelist_from_text

    return whitelist_from_text(text, shown, known_rules)


def _parse_text(text: str, shown: str, known_rules: RuleRegistry | None) -> Whitelist:
    from dbnamelint.whitelist import format as whitelist_format

    return whitelist_format.parse_whitelist(text, shown, known_rules)


def _uncached(
    path: Path, shown: str, known_rules: RuleRegistry | None, missing_ok: bool
) -> Whitelist:
    from dbnamelint.whitelist.format import load_whitelist as read

    return read(path, display=shown, known_rules=known_rules, missing_ok=missing_ok)
