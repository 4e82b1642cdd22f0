"""The burn-down's tables as rows of cells, shared by every report format.

Text, Markdown and the HTML page (:mod:`dbnamelint.report.burndown_chart`)
lay out the same rows, so a row or a date format added for one is there in
all of them. Cells are plain strings; each format escapes them its own way.
"""

from __future__ import annotations

from datetime import timedelta

from dbnamelint.burndown import Burndown, Progress
from dbnamelint.planning import MIN_HISTORY, history_span, too_short

#: The row (text) and key (JSON) of code references to names the schema
#: already renamed, which belong to no phase any more.
RENAMED_ROW = "(renamed)"

PHASE_HEADER = ("Phase", "Title", "Status", "Start", "Left", "Done", "Complete")
MODULE_HEADER = ("Module", "Start", "Left", "Done", "Complete")
LEFT_HEADER = ("Phase", "Kind", "Name", "Target", "Module")
PLAN_HEADER = ("Phase", "Owner", "Due", "State", "Left", "Code refs")
TREND_HEADER = ("Date", "Commit", "Left")


def _n(value: int | None) -> str:
    return "-" if value is None else str(value)


def _pct(value: int | None) -> str:
    return "-" if value is None else f"{value}%"


def phase_cells(p: Progress) -> list[str]:
    return [p.key or "-", p.title, p.status, _n(p.start), str(p.left), _n(p.done), _pct(p.percent)]


def module_cells(p: Progress) -> list[str]:
    return [p.key, _n(p.start), str(p.left), _n(p.done), _pct(p.percent)]


def left_header(burndown: Burndown) -> tuple[str, ...]:
    """:data:`LEFT_HEADER`, without its Module column for a tree without modules."""
    return LEFT_HEADER if burndown.has_modules else LEFT_HEADER[:-1]


def left_rows(burndown: Burndown) -> list[list[str]]:
    """One row per whitelist entry left (the module last, when the tree has modules)."""
    modules = burndown.has_modules
    return [
        [e.phase or "-", e.kind, e.shown, e.target or "-", *([e.module] if modules else [])]
        for e in burndown.left
    ]


def plan_rows(burndown: Burndown) -> list[list[str]]:
    """One row per phase with planning fields or code references, and the
    references to names already renamed (no phase) as a last row."""
    refs = dict(burndown.references or ())
    rows = []
    for p in burndown.phases:
        state = "past due" if p.key in burndown.past_due else p.status
        code_refs = "-" if burndown.references is None else str(refs.get(p.key, 0))
        rows.append(
            [
                p.key or "-",
                p.owner or "-",
                p.due.isoformat() if p.due else "-",
                state,
                str(p.left),
                code_refs,
            ]
        )
    if burndown.references is not None and refs.get(""):
        rows.append([RENAMED_ROW, "-", "-", "old names in code", "-", str(refs[""])])
    return rows


def trend_rows(burndown: Burndown) -> list[list[str]]:
    """One row per whitelist version, dated by day (JSON keeps the full time)."""
    return [[p.date[:10], p.commit[:12] or "(uncommitted)", str(p.left)] for p in burndown.trend]


def finished_line(burndown: Burndown) -> str | None:
    """``Finished: <date> ...`` when the last version has no entry left, else None:
    a plan that is done has a finish date, not a projection of one."""
    trend = burndown.trend
    if not trend or trend[-1].left != 0 or burndown.projected_finish is None:
        return None
    where = trend[-1].commit[:12] or "the working tree"
    return f"Finished: {burndown.projected_finish.isoformat()} (no entry left since {where})"


def projection_line(burndown: Burndown) -> str:
    """The finish date, or the projected one, or why there is none."""
    done = finished_line(burndown)
    if done is not None:
        return done
    points = [(p.date, p.left) for p in burndown.trend]
    if burndown.projected_finish is None and too_short(points):
        return (
            "Projected finish: unknown (not enough history: the versions span "
            f"{_span(history_span(points))}, a projection needs {_span(MIN_HISTORY)})"
        )
    if burndown.projected_finish is None:
        return "Projected finish: unknown (needs a trend falling over the history)"
    return (
        f"Projected finish: {burndown.projected_finish.isoformat()} "
        f"(least-squares trend over {len(burndown.trend)} versions, by commit time)"
    )


def past_due_line(burndown: Burndown) -> str | None:
    """``Past due: phase 1, 3`` when a phase is past its due date, else None."""
    return "Past due: phase " + ", ".join(burndown.past_due) if burndown.past_due else None


def _span(span: timedelta) -> str:
    """``3 h 5 min``, ``1 day``, ``12 s``: a span as a reader says it."""
    seconds = int(span.total_seconds())
    if seconds >= 86400:
        days = seconds // 86400
        return f"{days} day" if days == 1 else f"{days} days"
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min"
    if seconds >= 60:
        return f"{seconds // 60} min"
    return f"{seconds} s"
