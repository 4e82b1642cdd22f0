"""The legacy whitelist: names allowed to break rules until their phase is done.

The whitelist can only shrink: an entry that no longer excuses anything is
*stale* and fails the run (as PHPStan's baseline does), which is what forces
a finished rename to be recorded by deleting its entry.

- :mod:`.entries`: what a loaded whitelist is (phases, entries);
- :mod:`.format`: the file format, parsing and validation;
- :mod:`.loading`: loading, from the cache when the file's bytes were read before;
- :mod:`.apply`: which findings entries excuse, which entries are stale;
- :mod:`.writer`: ``init`` and ``prune``, written atomically;
- :mod:`.changes`: what changed between two versions (the gate, the burn-down);
- :mod:`.merge`: the git merge driver.
"""

from typing import TYPE_CHECKING, Any

from dbnamelint.core.identity import split_name
from dbnamelint.whitelist.apply import (
    Applied,
    apply_whitelist,
    excusing_rules_off,
    phase_progress,
)
from dbnamelint.whitelist.entries import (
    DEFAULT_PHASE,
    Phase,
    Whitelist,
    WhitelistEntry,
    WhitelistError,
)
from dbnamelint.whitelist.loading import load_whitelist, parse_whitelist

if TYPE_CHECKING:
    from dbnamelint.whitelist.format import whitelist_from_document
    from dbnamelint.whitelist.writer import HEADER, Pruned, init_whitelist, prune, write_atomic

#: Imported on first use: the writer (YAML dumping, atomic files), since a
#: check reads the whitelist and never writes it, and the format's parser
#: (PyYAML, pydantic's models), since a check whose whitelist is cached
#: (:mod:`.loading`) does not parse it.
_LAZY = {
    **dict.fromkeys(("HEADER", "Pruned", "init_whitelist", "prune", "write_atomic"), "writer"),
    "whitelist_from_document": "format",
}


def __getattr__(name: str) -> Any:
    """Import a lazily re-exported name on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is not None:
        from importlib import import_module

        return getattr(import_module(f"dbnamelint.whitelist.{module}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_PHASE",
    "HEADER",
    "Applied",
    "Phase",
    "Pruned",
    "Whitelist",
    "WhitelistEntry",
    "WhitelistError",
    "apply_whitelist",
    "excusing_rules_off",
    "init_whitelist",
    "load_whitelist",
    "parse_whitelist",
    "phase_progress",
    "prune",
    "split_name",
    "whitelist_from_document",
    "write_atomic",
]
