"""A config change that stops failing on a code, hiding nothing yet (``DBN909``).

The finding-based ``DBN909`` (:func:`.gate.hidden_by_config`) runs the base's
config over the changed tree: a relaxation that hides nothing today (an
``ignore: [DBN101]`` while no name breaks DBN101) passed, and the next
change, judged against the relaxed config, let every bad name through
(confirmation s39 jellyfin: a two-PR bypass of the whole standard). Here the
two configs are compared as what they fail on, with no tree: for every rule
its effective severity against ``fail_on``, for every diagnostic the gate
refuses whether the config's own ``ignore`` lists it, globally and per
``per_path`` pattern. A code that failed at the base and no longer does is a
relaxation, wherever it is written (``ignore``, ``rules``, ``select``,
``fail_on``, ``extends``, ``local_rules``, ``per_path``).

Not relaxations: a stricter config, options the rules read (judged by their
findings), ``paths``/``exclude`` (``DBN032`` judges DDL in files not read).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from msgspec import Struct

from dbnamelint.config import Settings
from dbnamelint.core.diagnostics import DIAGNOSTICS
from dbnamelint.globs import PathGlob
from dbnamelint.model import Diagnostic, Location, Severity

CODE = "DBN909"
#: Diagnostics that are not errors of their own but that the gate refuses when
#: a change adds them (new dynamic DDL, a CALL, a separate database's definition).
_GATE_REFUSED = frozenset({"DBN012", "DBN013", "DBN023"})


class Relaxed(Struct, frozen=True):
    """One code the changed config no longer fails on (``pattern``: in those files only)."""

    code: str
    name: str
    pattern: str | None = None


def _failing(settings: Settings) -> dict[str, str]:
    """Code -> name of everything ``settings`` fails a run on, wherever it is."""
    out = {r.code: r.name for r, sev in settings.rules if sev.at_least(settings.fail_on)}
    selection = settings.config_selection
    for code, info in DIAGNOSTICS.items():
        refused = info.fails_run or code in _GATE_REFUSED
        if refused and info.ignorable and selection.lists(code, Severity.ERROR):
            out[code] = info.name
    return out


def _covered(pattern: str, code: str, base: Settings) -> bool:
    """Whether the base's ``per_path`` ignored ``code`` already for files
    ``pattern`` matches: the same pattern, or a wider one matching it."""
    return any(
        code in item.ignore
        and (pattern in item.paths or any(PathGlob.compile(p).matches(pattern) for p in item.paths))
        for item in base.per_path
    )


def relaxed_codes(current: Settings, base: Settings) -> list[Relaxed]:
    """The codes ``base`` fails on and ``current`` does not: globally, then
    per ``per_path`` pattern for the codes still failing elsewhere."""
    before, now = _failing(base), _failing(current)
    out = [Relaxed(code, name) for code, name in before.items() if code not in now]
    for item in current.per_path:
        for code in sorted(item.ignore):
            if code not in before or code not in now:
                continue
            out += [Relaxed(code, now[code], p) for p in item.paths if not _covered(p, code, base)]
    return list(dict.fromkeys(out))


def policy_relaxations(
    relaxed: Sequence[Relaxed],
    *,
    ref: str,
    allowed: bool,
    growth: str,
    locate: Callable[[str, str | None], Location],
    reported: Collection[str] = (),
    taken: Collection[Location] = (),
) -> list[Diagnostic]:
    """One ``DBN909`` per config key that relaxes codes (``locate``): an error,
    or a warning when ``allowed`` (``--allow-whitelist-growth``). Said once:
    codes ``reported`` (a finding-based ``DBN909`` names them) and keys
    ``taken`` (one already says what they hide) are left out."""
    by_place: dict[Location, list[Relaxed]] = {}
    for r in relaxed:
        if r.code not in reported:
            by_place.setdefault(locate(r.code, r.pattern), []).append(r)
    for at in taken:
        by_place.pop(at, None)
    out: list[Diagnostic] = []
    for at, items in by_place.items():
        named = [
            f"{r.code} ({r.name})" + (f" in files matching `{r.pattern}`" if r.pattern else "")
            for r in items
        ]
        what = named[0] if len(named) == 1 else f"{len(named)} codes: " + ", ".join(named)
        message = (
            f"the config change since {ref} stops failing the run on {what}: "
            "no finding shows it today, but whatever breaks it next would pass"
        )
        tail = (
            " (allowed by --allow-whitelist-growth)"
            if allowed
            else f"; exceptions may only shrink: restore the config, or {growth}"
        )
        severity = Severity.WARNING if allowed else Severity.ERROR
        details = tuple(named) if len(named) > 1 else ()
        out.append(Diagnostic(at, severity, message + tail, CODE, details))
    return out
