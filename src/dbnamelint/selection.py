"""``--select``/``--ignore`` across rules and diagnostics.

Rules and diagnostics share one code space (DBN101 is a rule, DBN011 a
diagnostic), so a selector may name either or both (``DBN``, ``ALL``).
This splits a command line's selectors so that the config layer sees only
rule selectors and the diagnostic filter only diagnostic ones; a selector
that names neither stays with the rules, whose loader reports it as unknown
with close matches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dbnamelint.core.diagnostics import expand_diagnostic_selector
from dbnamelint.rules.base import Rule


def _names_rule(selector: str, registry: Mapping[str, type[Rule]]) -> bool:
    from dbnamelint.config import expand_selector

    try:
        expand_selector(selector, registry)
    except LookupError:
        return False
    return True


def rule_selectors(selectors: Sequence[str], registry: Mapping[str, type[Rule]]) -> tuple[str, ...]:
    """The selectors the rule loader must see: those naming a rule or nothing known."""
    return tuple(
        s for s in selectors if _names_rule(s, registry) or not expand_diagnostic_selector(s)
    )
