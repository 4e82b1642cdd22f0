"""The legacy whitelist: names allowed to break rules until their phase is done.

The whitelist can only shrink: an entry that no longer excuses anything is
*stale* and fails the run (as PHPStan's baseline does), which is what forces
a finished rename to be recorded by deleting its entry.

- :mod:`.format`: the file format, loading and validation;
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
from dbnamelint.whitelist.format import (
    DEFAULT_PHASE,
    Phase,
    Whitelist,
    WhitelistEntry,
    WhitelistError,
    load_whitelist,
    parse_whitelist,
    whitelist_from_document,
)

if TYPE_CHECKING:
    from dbnamelint.whitelist.writer import HEADER, Pruned, init_whitelist, prune, write_atomic

#: The writer (YAML dumping, atomic files) is imported on first use: a check
#: reads the whitelist and never writes it.
_WRITER_NAMES = frozenset({"HEADER", "Pruned", "init_whitelist", "prune", "write_atomic"})


def __getattr__(name: str) -> Any:
    """Import a re-exported writer name on first use (PEP 562)."""
    if name in _WRITER_NAMES:
        from dbnamelint.whitelist import writer

        return getattr(writer, name)
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
