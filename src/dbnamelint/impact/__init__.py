"""Where the old names still live: references in code to legacy table names.

Public API (also what the migration generator calls):

- :func:`collect_impact` ``(settings, cwd, *, paths=(), phase=None, schema=None,
  whitelist=None) -> Impact``: search the repository below ``cwd``.
- :meth:`Impact.referenced_names` ``(min_confidence="high") -> frozenset[str]``:
  case-folded old names code still uses (e.g. ``{"messages", "ai_jobs"}``).
- :meth:`Impact.referenced` and :meth:`Impact.references_per_phase`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dbnamelint.impact.classify import HIGH, PLAIN, Confidence
    from dbnamelint.impact.collect import collect_impact, search
    from dbnamelint.impact.result import Impact, ObjectImpact, totals_text
    from dbnamelint.impact.scan import Reference, ScanError
    from dbnamelint.impact.targets import Target, targets_for

#: Where each public name lives. Imported on first use: the pre-commit hook
#: needs only :mod:`.history` of this package, and the scanners' patterns
#: would otherwise be compiled on every commit.
_HOMES = {
    "HIGH": "classify",
    "PLAIN": "classify",
    "Confidence": "classify",
    "collect_impact": "collect",
    "search": "collect",
    "Impact": "result",
    "ObjectImpact": "result",
    "totals_text": "result",
    "Reference": "scan",
    "ScanError": "scan",
    "Target": "targets",
    "targets_for": "targets",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


__all__ = [
    "HIGH",
    "PLAIN",
    "Confidence",
    "Impact",
    "ObjectImpact",
    "Reference",
    "ScanError",
    "Target",
    "collect_impact",
    "search",
    "targets_for",
    "totals_text",
]
