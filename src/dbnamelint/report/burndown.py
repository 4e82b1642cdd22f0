"""The burn-down report as text, Markdown, JSON or an HTML page.

Pure functions of a :class:`~dbnamelint.burndown.Burndown` (gathered by
:func:`dbnamelint.services.history.collect_burndown`); the picture itself
comes from :mod:`dbnamelint.report.burndown_chart`. Phase titles, names and
paths come from the repository, so text output passes through
:func:`~dbnamelint.textsafe.visible_path` and Markdown through
:func:`~dbnamelint.report.markdown.escape`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from dbnamelint.burndown import Burndown, Progress
from dbnamelint.report.burndown_chart import html_page
from dbnamelint.report.burndown_tables import (
    MODULE_HEADER,
    PHASE_HEADER,
    PLAN_HEADER,
    RENAMED_ROW,
    TREND_HEADER,
    left_header,
    left_rows,
    module_cells,
    past_due_line,
    phase_cells,
    plan_rows,
    projection_line,
    trend_rows,
)
from dbnamelint.report.common import plural
from dbnamelint.report.markdown import code, escape
from dbnamelint.textsafe import visible_path

FORMATS = ("text", "markdown", "json", "html")


def _aligned(header: Sequence[str], rows: Iterable[Sequence[str]], numeric_from: int) -> list[str]:
    """Plain-text columns; numbers (from column ``numeric_from``) right-aligned."""
    table = [list(header), *(list(r) for r in rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = []
    for row in table:
        cells = [
            cell.rjust(widths[i]) if i >= numeric_from else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def render_text(burndown: Burndown) -> str:
    """A terminal report: headline, then one table per view."""
    # the headline of an unknown progress says what is left already
    known = burndown.total.start is not None and burndown.total.done is not None
    left = f", {burndown.total.left} left" if known else ""
    lines = [f"{burndown.whitelist_path}: {burndown.headline}{left}", ""]
    lines += ["Phases:", *_aligned(PHASE_HEADER, map(phase_cells, burndown.phases), 3), ""]
    if burndown.has_modules:  # a tree without modules would get a table of one "-" row
        lines += ["Modules:", *_aligned(MODULE_HEADER, map(module_cells, burndown.modules), 1)]
        lines.append("")
    lines.append(f"Left ({len(burndown.left)}):")
    if burndown.left:
        header = left_header(burndown)
        lines += _aligned(header, left_rows(burndown), len(header))
    else:
        lines.append("nothing left: the whitelist is empty")
    lines += ["", "Plan:", *_aligned(PLAN_HEADER, plan_rows(burndown), 4)]
    lines.append(projection_line(burndown))
    if past_due := past_due_line(burndown):
        lines.append(past_due)
    if burndown.trend:
        versions = plural(len(burndown.trend), "version")  # "1 version" (trial s33 authelia)
        lines += ["", f"Trend ({versions} of {burndown.whitelist_path}):"]
        lines += _aligned(TREND_HEADER, trend_rows(burndown), 2)
    if burndown.notes:
        lines += ["", "Notes:", *(f"- {n}" for n in burndown.notes)]
    # phase titles, names and paths are untrusted: no controls, no "::" lines
    return "\n".join(map(visible_path, lines)) + "\n"


def _md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def render_markdown(burndown: Burndown) -> str:
    """A pull-request or wiki friendly report (GitHub-flavoured tables)."""
    lines = [
        f"## Rename progress: {escape(burndown.headline)}",
        "",
        f"Whitelist {code(burndown.whitelist_path)}: {burndown.total.left} left.",
        "",
        "### Phases",
        "",
        *_md_table(
            PHASE_HEADER,
            ([escape(c) for c in phase_cells(p)] for p in burndown.phases),
        ),
        "",
        *(
            [
                "### Modules",
                "",
                *_md_table(
                    MODULE_HEADER,
                    ([escape(c) for c in module_cells(p)] for p in burndown.modules),
                ),
                "",
            ]
            if burndown.has_modules
            else []
        ),
        f"### Left ({len(burndown.left)})",
        "",
    ]
    if burndown.left:
        modules = burndown.has_modules
        lines += _md_table(
            left_header(burndown),
            (
                [
                    escape(e.phase or "-"),
                    escape(e.kind),
                    code(e.shown),
                    code(e.target) if e.target else "-",
                    *([escape(e.module)] if modules else []),
                ]
                for e in burndown.left
            ),
        )
    else:
        lines.append("Nothing left: the whitelist is empty.")
    lines += ["", "### Plan", ""]
    lines += _md_table(PLAN_HEADER, ([escape(c) for c in row] for row in plan_rows(burndown)))
    lines += ["", escape(projection_line(burndown))]
    if burndown.past_due:
        lines += ["", "**Past due:** phase " + escape(", ".join(burndown.past_due))]
    if burndown.trend:
        lines += ["", "### Trend", ""]
        lines += _md_table(TREND_HEADER, ([escape(c) for c in r] for r in trend_rows(burndown)))
    if burndown.notes:
        lines += ["", *(f"- {escape(n)}" for n in burndown.notes)]
    return "\n".join(lines) + "\n"


def _progress_json(p: Progress) -> dict[str, object]:
    return {
        "start": p.start,
        "left": p.left,
        "done": p.done,
        "percent": p.percent,
    }


def render_json(burndown: Burndown) -> str:
    """One JSON document; ``start``/``done``/``percent`` are null without history."""
    document = {
        "whitelist": burndown.whitelist_path,
        "history": burndown.history,
        "summary": {
            "text": burndown.headline,
            "noun": burndown.noun,
            **_progress_json(burndown.total),
        },
        "phases": [
            {
                "id": p.key,
                "title": p.title,
                "status": p.status,
                "declared_status": p.declared_status,
                "owner": p.owner,
                "due": p.due.isoformat() if p.due else None,
                "past_due": p.key in burndown.past_due,
                "code_references": (
                    None if burndown.references is None else dict(burndown.references).get(p.key, 0)
                ),
                **_progress_json(p),
            }
            for p in burndown.phases
        ],
        "modules": [{"module": p.key, **_progress_json(p)} for p in burndown.modules],
        "left": [
            {
                "kind": e.kind,
                "name": e.name,
                "phase": e.phase,
                "target": e.target,
                "module": e.module,
                "database": e.database,
            }
            for e in burndown.left
        ],
        "trend": [
            {
                "commit": p.commit or None,
                "date": p.date,
                "left": p.left,
                "by_phase": dict(p.by_phase),
            }
            for p in burndown.trend
        ],
        "projected_finish": (
            burndown.projected_finish.isoformat() if burndown.projected_finish else None
        ),
        "past_due": list(burndown.past_due),
        # "" (names already renamed in the schema, no phase) is written as the
        # text table's row label: an empty key reads as a bug in JSON.
        "code_references": None
        if burndown.references is None
        else {key or RENAMED_ROW: count for key, count in burndown.references},
        "notes": list(burndown.notes),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render(burndown: Burndown, fmt: str) -> str:
    """The report in one of :data:`FORMATS`."""
    if fmt == "text":
        return render_text(burndown)
    if fmt == "markdown":
        return render_markdown(burndown)
    if fmt == "json":
        return render_json(burndown)
    if fmt == "html":
        return html_page(burndown)
    raise ValueError(f"unknown burndown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
