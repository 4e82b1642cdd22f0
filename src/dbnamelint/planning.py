"""Planning facts for the burn-down: phases past due and a projected finish date.

Pure functions over dates and counts, so each figure is tested by hand.
The projection is an ordinary least-squares line through (commit time,
entries left) — every commit weighs the same, spaced by its real time, not
by its position in the history. A history shorter than
:data:`MIN_HISTORY` projects nothing: two commits seconds apart would put
the finish within the minute, whatever the pace really is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta, timezone

from dbnamelint.whitelist import Phase, Whitelist

#: The shortest span of commit times a finish date is projected from.
MIN_HISTORY = timedelta(days=1)


def parse_when(text: str) -> datetime:
    """An ISO 8601 commit date (git's ``%cI``) as an aware datetime (UTC if naive)."""
    when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def history_span(points: Sequence[tuple[str, int]]) -> timedelta:
    """Time from the first to the last of (ISO date, entries left) points (zero if < 2)."""
    if len(points) < 2:
        return timedelta(0)
    times = [parse_when(when) for when, _ in points]
    return max(times) - min(times)


def too_short(points: Sequence[tuple[str, int]]) -> bool:
    """Whether the points span less than :data:`MIN_HISTORY` (and are not finished)."""
    finished = bool(points) and points[-1][1] == 0
    return not finished and history_span(points) < MIN_HISTORY


def projected_finish_time(
    points: Sequence[tuple[str, int]], not_before: datetime | None = None
) -> datetime | None:
    """When the trend reaches zero, from (ISO date, entries left) points, oldest first.

    None when the times span less than :data:`MIN_HISTORY` (too little
    history to tell a pace), or when the fitted line does not go down
    (nothing to project). Already zero: the last time.
    None, too, when entries are left but the line crosses zero before the
    last point or before ``not_before`` (today): progress stalled, and a
    date in the past would be a wrong answer.
    """
    if points and points[-1][1] == 0:
        return parse_when(points[-1][0])
    if too_short(points):
        return None
    import statistics  # decimal and fractions: 7 ms the check command need not pay

    times = [parse_when(when).timestamp() for when, _ in points]
    slope, intercept = statistics.linear_regression(times, [float(n) for _, n in points])
    if slope >= 0:
        return None
    zero = -intercept / slope
    floor = max(times) if not_before is None else max(*times, not_before.timestamp())
    if zero < floor:
        return None
    return datetime.fromtimestamp(zero, tz=timezone.utc)


def projected_finish(
    points: Sequence[tuple[str, int]], not_before: datetime | None = None
) -> date | None:
    """The (UTC) date of :func:`projected_finish_time`."""
    when = projected_finish_time(points, not_before)
    return None if when is None else when.date()


def past_due(
    due: Mapping[str, date | None], left: Mapping[str, int], today: date
) -> tuple[str, ...]:
    """Phase ids whose due date is before ``today`` with entries still left."""
    return tuple(
        phase
        for phase, when in due.items()
        if when is not None and when < today and left.get(phase, 0)
    )


def overdue(whitelist: Whitelist, today: date) -> list[tuple[Phase, int]]:
    """Phases of the current whitelist past their ``due`` date, with entries left."""
    left: dict[str, int] = {}
    for entry in whitelist.entries:
        if entry.phase is not None:
            left[entry.phase] = left.get(entry.phase, 0) + 1
    return [
        (phase, left[phase.id])
        for phase in whitelist.phases
        if phase.due is not None and phase.due < today and left.get(phase.id)
    ]


def overdue_message(phase: Phase, left: int) -> str:
    """``phase 1 (owner ana) was due 2026-01-31; 2 entries left``."""
    owner = f" (owner {phase.owner})" if phase.owner else ""
    due = phase.due.isoformat() if phase.due else "?"
    noun = "entry" if left == 1 else "entries"
    return f"phase {phase.id}{owner} was due {due}; {left} {noun} left"
