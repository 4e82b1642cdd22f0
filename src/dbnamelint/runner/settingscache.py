"""A cache of the merged configuration: a run whose config did not change
skips reading, merging and validating it.

Loading the configuration (the YAML reader, the config's pydantic models and
the validators pydantic builds for them on first use, rule discovery) is
about a fifth of a ``check`` that the run cache (:mod:`runcache`) cannot
replay, such as the pre-commit hook after a file was edited. This cache
keeps the resulting :class:`~dbnamelint.config.Settings` as a pickle, keyed
like the run cache by everything the result is a function of:

* the code (the per-file cache's fingerprint of dbnamelint and sqlglot), the
  Python environment (``sys.prefix``, version, the modification time of each
  site-packages folder: a rule plugin installed or removed changes it);
* the current directory, ``$HOME`` (where the config search stops outside a
  repository) and the command line's ``--config``, ``--select``, ``--ignore``
  and ``--extends``;
* checked on every lookup, not trusted from the key: the config file found
  from the current directory, and the bytes of every layer read (the config,
  its ``extends`` files and the packs).

Not cached: a config with ``local_rules`` (Python code whose imports cannot
be known) or rules that are not dbnamelint's own (a plugin's classes could
not be read back by the restricted unpickler below), and a load that fails.
``--no-cache`` and ``$DBNAMELINT_NO_CACHE`` bypass it, as every cache (a simple config
is then still read without pydantic: :mod:`dbnamelint.config.simple`).

Entries are pickles under ``<cache>/<code fingerprint>/settings/``, written
to a temporary file and renamed, and read by :mod:`.pickled`'s restricted
unpickler: an entry naming anything else, or unreadable, is a miss.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dbnamelint import atomicfile
from dbnamelint.core import readlog
from dbnamelint.runner import pickled, readcache
from dbnamelint.runner.runcache import config_files, found_config, prune, site_fingerprint

if TYPE_CHECKING:  # importing the config layer is what a hit saves
    from dbnamelint.config import Settings

#: Bumped when an entry's shape or the key changes.
FORMAT = 1
#: Entries kept; the oldest are removed past this (on writes only).
MAX_ENTRIES = 64


class SettingsEntry:
    """The entry for one way of loading settings: :meth:`get` it, or :meth:`put` it.

    ``options`` are the command line's inputs to loading (``--config``,
    ``--select``, ``--ignore``, ``--extends``), as given.
    """

    def __init__(self, cache: readcache.FileCache, cwd: Path, options: Sequence[str]) -> None:
        self.cwd = cwd
        key = readlog.digest(
            str(FORMAT),
            cache.fingerprint,
            sys.prefix,
            sys.version,
            *site_fingerprint(),
            str(cwd),
            os.environ.get("HOME", "\1"),
            *options,
        )
        self.folder = cache.directory / "settings"
        self.path = self.folder / f"{key}.pickle"

    def get(self) -> Settings | None:
        """The stored settings if the config found and every layer's bytes are unchanged."""
        from dbnamelint.config.settings import Settings

        try:
            stored = pickled.loads(self.path.read_bytes())
            if not isinstance(stored, dict) or stored.get("format") != FORMAT:
                return None
            if stored["config"] != found_config(self.cwd):
                return None
            for name, expected in stored["files"].items():
                if _digest_of(Path(name)) != expected:
                    return None
            settings = stored["settings"]
        except Exception:  # absent, unreadable, foreign or half-written: a miss
            return None
        return settings if isinstance(settings, Settings) else None

    def put(self, settings: Settings) -> None:
        """Store ``settings`` unless they cannot be read back (see the module doc)."""
        if settings.local_rules:
            return
        try:
            layers = config_files(settings, self.cwd, whitelist=False)
            files = {str(path): _digest_of(path) for path in layers}
            if None in files.values():
                return
            data = pickled.dumps(
                {
                    "format": FORMAT,
                    "config": found_config(self.cwd),
                    "files": files,
                    "settings": settings,
                }
            )
            atomicfile.write_bytes(self.path, data, durable=False)
        except Exception:  # an unwritable cache, a plugin's rule: no entry
            return
        prune(self.folder, ".pickle", MAX_ENTRIES)


def _digest_of(path: Path) -> str | None:
    try:
        return readlog.digest(path.read_bytes())
    except OSError:
        return None


def cached(cwd: Path, options: Sequence[str], load: Callable[[], Settings]) -> Settings:
    """``load()``, or the settings a previous run stored for the same inputs.

    Without an active cache (``--no-cache``, library callers) this is ``load()``.
    Errors ``load`` raises propagate; nothing is stored then.
    """
    cache = readcache.active()
    if cache is None:
        return load()
    entry = SettingsEntry(cache, cwd, options)
    found = entry.get()
    if found is not None:
        return found
    settings = load()
    entry.put(settings)
    return settings
