"""Where the old names still live: references in code to legacy table names.

Public API (also what the migration generator calls):

- :func:`collect_impact` ``(settings, cwd, *, paths=(), phase=None, schema=None,
  whitelist=None) -> Impact``: search the repository below ``cwd``.
- :meth:`Impact.referenced_names` ``(min_confidence="high") -> frozenset[str]``:
  case-folded old names code still uses (e.g. ``{"messages", "ai_jobs"}``).
- :meth:`Impact.referenced` and :meth:`Impact.references_per_phase`.
"""

from dbnamelint.impact.classify import HIGH, PLAIN, Confidence
from dbnamelint.impact.collect import collect_impact, search
from dbnamelint.impact.result import Impact, ObjectImpact, totals_text
from dbnamelint.impact.scan import Reference, ScanError
from dbnamelint.impact.targets import Target, targets_for

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
