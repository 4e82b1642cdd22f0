"""One ``DBN909`` per config change that hides findings, not one per finding.

A single ``ignore: [DBN105]`` can hide dozens of findings; the hook and the
gate printed one long error for each (trial: 23 for one line). The reviewer
needs the line, how many it hides and a few of them; machine formats keep
every hidden finding in the diagnostic's ``details``.
"""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import Struct

from dbnamelint.model import Diagnostic, Location, Severity

#: How many hidden findings a grouped message names before "and N more".
SHOWN = 3


class Hidden(Struct, frozen=True):
    """One finding (or diagnostic) a config change hides, where the change is."""

    at: Location  # the config line that hides it
    code: str
    short: str  # ``table 'a' (m/1.sql:3)``
    full: str  # the whole sentence said when it is the only one hidden there
    advice: str  # what to do, for the refusal's tail
    whitelisted: bool = False  # the base's whitelist excused it already


def grouped(
    hidden: Sequence[Hidden], *, ref: str, allowed: bool, code: str, growth: str
) -> list[Diagnostic]:
    """One diagnostic ``code`` per config location of ``hidden`` (in first-seen
    order): a lone hidden item keeps its ``full`` sentence; several are
    counted, the first :data:`SHOWN` named (``hides 23 findings (DBN105):
    table 'a' (m/1.sql:3), ... and 20 more``), each ``full`` in ``details``.
    ``allowed``: a warning (``--allow-whitelist-growth``), else an error whose
    tail gives the advice and ``growth`` (how growth is accepted)."""
    by_place: dict[Location, list[Hidden]] = {}
    for h in hidden:
        by_place.setdefault(h.at, []).append(h)
    out: list[Diagnostic] = []
    for at, items in by_place.items():
        advice = " or ".join(dict.fromkeys(h.advice for h in items))
        tail = (
            " (allowed by --allow-whitelist-growth)"
            if allowed
            else f"; exceptions may only shrink: {advice}, or {growth}"
        )
        severity = Severity.WARNING if allowed else Severity.ERROR
        if len(items) == 1:
            out.append(Diagnostic(at, severity, items[0].full + tail, code))
            continue
        codes = ", ".join(dict.fromkeys(h.code for h in items))
        # one object hidden from several rules is named once (trial s33 harbor)
        shorts = list(dict.fromkeys(h.short for h in items))
        more = f" and {len(shorts) - SHOWN} more" if len(shorts) > SHOWN else ""
        shown = ", ".join(shorts[:SHOWN]) + more
        excused = sum(h.whitelisted for h in items)
        note = (
            f" ({excused} of them the whitelist excuses at {ref}; with the config so changed, new "
            "names that break it pass too)"
            if excused
            else ""
        )
        message = (
            f"the config change since {ref} hides {len(items)} findings ({codes}): {shown}{note}"
        )
        out.append(Diagnostic(at, severity, message + tail, code, tuple(h.full for h in items)))
    return out
