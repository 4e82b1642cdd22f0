"""The burn-down as a picture: an SVG chart, or a self-contained HTML page.

pygal is optional (``pip install dbnamelint[chart]``): it is pure Python,
writes SVG without a browser or a GUI toolkit, and an inline SVG makes an
HTML page that opens offline, so the page can be kept as a CI artifact.
It is imported lazily and through :mod:`importlib`, so the linter itself
never pays for it and a missing install is a message, not a traceback.
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Iterable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from dbnamelint.burndown import Burndown, Progress, TrendPoint
from dbnamelint.extras import install_hint
from dbnamelint.outputs import write_bytes_with, write_text
from dbnamelint.planning import parse_when, projected_finish_time
from dbnamelint.report.burndown_tables import (
    MODULE_HEADER,
    PHASE_HEADER,
    PLAN_HEADER,
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
from dbnamelint.textsafe import visible

CHART_SUFFIXES = (".svg", ".html", ".htm", ".png")
INSTALL_HINT = f"the burn-down chart needs pygal (the chart extra): {install_hint('chart')}"


class ChartError(Exception):
    """The chart cannot be made here (missing extra, unknown file type)."""


def _pygal() -> Any:
    try:
        return importlib.import_module("pygal")
    except ImportError:
        raise ChartError(INSTALL_HINT) from None


def _short(point_date: str) -> str:
    return point_date[:10] or "now"


#: Above this many phases, one line each would be an unreadable tangle near
#: zero: the time chart then draws the total and the projection only.
_MAX_PHASE_LINES = 8
_X_LABELS = 8
#: Height of one bottom-legend row (pygal's default legend font and spacing), px.
_LEGEND_ROW = 26


def _chart(burndown: Burndown) -> Any:
    """A stacked chart of entries left per phase, one point per whitelist commit."""
    pygal = _pygal()
    options: dict[str, Any] = {
        "js": [],  # no external script: the SVG must open offline
        "disable_xml_declaration": True,
        "title": visible(f"{burndown.whitelist_path}: {burndown.headline}"),
        "x_title": "commit date",
        "y_title": "entries left",
        "x_label_rotation": 30,
        "legend_at_bottom": True,
        # Phase titles are the point of the legend: one per row, so long
        # titles never overlap their neighbours.
        "legend_at_bottom_columns": 1,
        "truncate_legend": -1,
        "include_x_axis": True,  # a burn-down is read against zero
        "min_scale": 1,
        "show_minor_x_labels": True,
        "print_values": False,
        # The bottom legend takes one row per series out of the drawing's
        # height; with a fixed height, 20 phases leave the plot no room (and
        # pygal loops forever wrapping an axis title into negative space).
        "width": 1200,
        "height": 520 + _LEGEND_ROW * (min(len(burndown.phases), _MAX_PHASE_LINES) + 2),
    }
    points = burndown.trend
    if not points:
        # No history: entries left per phase, one bar each.
        chart = pygal.Bar(**options)
        chart.x_title = "phase"
        chart.x_labels = [_phase_label(p) for p in burndown.phases]
        chart.add("entries left", [p.left for p in burndown.phases])
        return chart
    if len(points) == 1:
        chart = pygal.StackedBar(**options)
        chart.x_labels = [_point_label(points[0])]
        titles = {p.key: _phase_label(p) for p in burndown.phases}
        for index, key in enumerate(titles):
            value = dict(points[0].by_phase).get(key, 0)
            if value or index == 0:
                chart.add(titles[key], [value])
        return chart
    return _time_chart(pygal, burndown, options)


def _point_label(point: TrendPoint) -> str:
    if point.commit:
        return f"{_short(point.date)} {point.commit[:7]}"
    return f"{_short(point.date)} (uncommitted)"


def _time_chart(pygal: Any, burndown: Burndown, options: dict[str, Any]) -> Any:
    """Entries left against commit *time*: a busy week is not as wide as a quiet year.

    One line for the total, one per phase that ever had entries, and the
    projection (dashed) from the last version to the projected finish.
    """
    points = burndown.trend
    times = [parse_when(p.date) for p in points]
    finish = burndown.projected_finish
    end = projected_finish_time([(p.date, p.left) for p in points]) or times[-1]
    span = max(end, times[-1]) - times[0]
    # Within two days, dates alone would all read the same.
    fmt = "%Y-%m-%d" if span >= timedelta(days=2) else "%Y-%m-%d %H:%M"
    # Evenly spaced date labels over the whole span (pygal's own choice
    # marks them all minor and shows none).
    labels = [times[0] + span * i / (_X_LABELS - 1) for i in range(_X_LABELS)]
    by_phase = len(burndown.phases) <= _MAX_PHASE_LINES
    title = options["title"] if by_phase else options["title"] + " (phases: see the table)"
    options = {**options, "x_label_rotation": 30, "title": title}
    chart = pygal.DateTimeLine(
        x_value_formatter=lambda when: when.strftime(fmt),
        dots_size=2,
        stroke_style={"width": 1.5},
        **options,
    )
    chart.x_title = "commit date"
    chart.x_labels = labels
    chart.add(
        "all phases",
        [(t, p.left) for t, p in zip(times, points, strict=True)],
        stroke_style={"width": 4},
    )
    for phase in burndown.phases if by_phase else ():
        series = [dict(p.by_phase).get(phase.key, 0) for p in points]
        if any(series):
            chart.add(_phase_label(phase), list(zip(times, series, strict=True)), show_dots=False)
    if finish is not None and points[-1].left:
        chart.add(
            f"projected finish {finish.isoformat()}",
            [(times[-1], points[-1].left), (end, 0)],
            stroke_style={"width": 2, "dasharray": "6, 4"},
        )
    return chart


def _phase_label(phase: Progress) -> str:
    """The legend text; :func:`visible` because XML 1.0 forbids most control
    characters even as character references, so one in a phase title would
    make the whole SVG unreadable."""
    if not phase.key:
        return visible(phase.title)
    label = f"{phase.key}: {phase.title}" if phase.title else f"phase {phase.key}"
    plan = [x for x in (phase.owner, f"due {phase.due.isoformat()}" if phase.due else "") if x]
    # visible: XML 1.0 forbids most control characters even as references
    return visible(f"{label} ({', '.join(plan)})" if plan else label)


def chart_svg(burndown: Burndown) -> str:
    """The chart as an SVG document (text)."""
    svg: str = _chart(burndown).render(is_unicode=True)
    return svg


def _table(header: tuple[str, ...], rows: Iterable[Sequence[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _p(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}"
    "table{border-collapse:collapse;margin:1rem 0}"
    "th,td{border:1px solid #ccc;padding:.25rem .6rem;text-align:left}"
    "td:nth-last-child(-n+4){text-align:right}"
    ".chart{max-width:60rem}"
)


def html_page(burndown: Burndown, *, with_chart: bool = True) -> str:
    """A self-contained page: headline, chart (when pygal is there), and the
    text report's tables and lines (:mod:`.burndown_tables`)."""
    title = f"dbnamelint burn-down: {burndown.whitelist_path}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p><strong>{html.escape(burndown.headline)}</strong></p>",
    ]
    if with_chart:
        try:
            parts.append(f'<div class="chart">{chart_svg(burndown)}</div>')
        except ChartError as exc:
            parts.append(f"<p><em>{html.escape(str(exc))}</em></p>")
    parts += ["<h2>Phases</h2>", _table(PHASE_HEADER, map(phase_cells, burndown.phases))]
    if burndown.has_modules:  # a tree without modules would get a table of one "-" row
        parts += ["<h2>Modules</h2>", _table(MODULE_HEADER, map(module_cells, burndown.modules))]
    parts.append(f"<h2>Left ({len(burndown.left)})</h2>")
    if burndown.left:
        parts.append(_table(left_header(burndown), left_rows(burndown)))
    else:
        parts.append(_p("nothing left: the whitelist is empty"))
    parts += ["<h2>Plan</h2>", _table(PLAN_HEADER, plan_rows(burndown))]
    parts.append(_p(projection_line(burndown)))
    if past_due := past_due_line(burndown):
        parts.append(_p(past_due))
    if burndown.trend:
        parts += ["<h2>Trend</h2>", _table(TREND_HEADER, trend_rows(burndown))]
    if burndown.notes:
        parts.append("<h2>Notes</h2><ul>")
        parts += [f"<li>{html.escape(n)}</li>" for n in burndown.notes]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def unknown_chart_type(path: Path) -> ChartError | None:
    """The error for a chart file whose suffix names no format we write, else None."""
    suffix = path.suffix.lower()
    if suffix in CHART_SUFFIXES:
        return None
    return ChartError(
        f"{path}: unknown chart type {suffix or '(none)'}; use one of " + ", ".join(CHART_SUFFIXES)
    )


def chart_problem(path: Path) -> ChartError | None:
    """Why a chart cannot be written to ``path`` here (an unknown suffix; for
    an ``.svg`` or ``.png``, pygal, and for a PNG cairosvg, not installed),
    else None; an ``.html`` page is always written (:func:`missing_chart`).
    Asked before any work: a report written and then a failing exit reads as
    half done."""
    problem = unknown_chart_type(path)
    if problem is not None:
        return problem
    if is_page(path):
        return None  # the page is written anyway: its tables, and a line saying what to install
    try:
        _pygal()
        if path.suffix.lower() == ".png":
            _cairosvg()
    except ChartError as exc:
        return exc
    return None


def is_page(path: Path) -> bool:
    """Whether the chart file is an HTML page (the report's tables, with the chart)."""
    return path.suffix.lower() in {".html", ".htm"}


def missing_chart(path: Path) -> str | None:
    """What an ``.html`` chart lacks here (pygal not installed), else None:
    the page is written without the chart, with a line saying what to install."""
    if not is_page(path):
        return None
    try:
        _pygal()
    except ChartError as exc:
        return str(exc)
    return None


def _cairosvg() -> None:
    try:
        importlib.import_module("cairosvg")
    except (ImportError, OSError):  # OSError: cairocffi finds no Cairo library
        raise ChartError(
            "a PNG chart also needs cairosvg (pip install cairosvg, which needs the "
            "Cairo library); an .svg or .html chart needs only pygal"
        ) from None


def write_chart(burndown: Burndown, path: Path) -> None:
    """Write the chart in the format the file's suffix asks for; raises
    :class:`ChartError` for an unknown suffix or a missing extra
    (:func:`chart_problem`; an ``.html`` page without pygal has the tables
    and the line saying what to install instead of the chart)."""
    problem = chart_problem(path)
    if problem is not None:
        raise problem
    suffix = path.suffix.lower()
    if suffix == ".svg":
        write_text(path, chart_svg(burndown))
    elif is_page(path):
        write_text(path, html_page(burndown))
    else:
        chart = _chart(burndown)
        write_bytes_with(path, lambda target: chart.render_to_png(str(target)))
