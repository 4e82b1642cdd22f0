"""The default, ruff-style report: one ``path:line:col: CODE message`` line each.

Editors and terminals turn ``path:line:col`` into a link, so every problem,
including an unreadable statement or a stale whitelist entry, gets exactly
that shape. The summary after the lines tells a reader what to fix first
(counts per rule) and whether legacy names are still being carried.
"""

from __future__ import annotations

from types import MappingProxyType

import click

from dbnamelint.findings import CheckResult, Finding
from dbnamelint.model import Diagnostic, Severity
from dbnamelint.report.common import (
    STALE_CODE,
    RenderOptions,
    Summary,
    excuse_text,
    finding_message,
    input_problems,
    listed_findings,
    one_line,
    plural,
    severity_counts,
    sorted_stale,
    stale_path,
    stale_text,
    summarize,
)

_SEVERITY_COLOURS = MappingProxyType(
    {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
)


class _Painter:
    """Applies colour only when asked, so plain output stays byte-identical."""

    __slots__ = ("_on",)

    def __init__(self, on: bool) -> None:
        self._on = on

    def __call__(
        self, text: str, *, fg: str | None = None, bold: bool = False, dim: bool = False
    ) -> str:
        if not self._on:
            return text
        return click.style(text, fg=fg, bold=bold or None, dim=dim or None)


def _position(paint: _Painter, path: str, line: int, column: int) -> str:
    return f"{paint(path, bold=True)}:{line}:{column}:"


def _finding_line(paint: _Painter, finding: Finding, first: bool = True) -> str:
    loc = finding.location
    excuse = excuse_text(finding)
    colour = "bright_black" if excuse else _SEVERITY_COLOURS[finding.severity]
    text = f"{_position(paint, loc.path, loc.line, loc.column)} "
    text += f"{paint(finding.code, fg=colour, bold=True)} {one_line(finding_message(finding))}"
    # Every finding of one object carries the same merged target: it is shown
    # on the object's first line only.
    if finding.suggestion and first:
        text += f" (suggestion: {paint(finding.suggestion, fg='green')})"
    elif finding.no_fix and first:
        text += f" (no consistent fix: {finding.no_fix})"
    if excuse:
        text += " " + paint(f"[{excuse}]", dim=True)
    return text


def _diagnostic_line(paint: _Painter, diagnostic: Diagnostic) -> str:
    loc = diagnostic.location
    colour = _SEVERITY_COLOURS[diagnostic.severity]
    return (
        f"{_position(paint, loc.path, loc.line, loc.column)} "
        f"{paint(diagnostic.code, fg=colour, bold=True)} {one_line(diagnostic.message)}"
    )


def _summary_lines(paint: _Painter, summary: Summary) -> list[str]:
    lines: list[str] = []
    if summary.by_code:
        width = max(len(str(c.count)) for c in summary.by_code)
        lines.extend(
            f"{c.count:>{width}}  {paint(c.code, fg='red', bold=True)}  {c.rule}"
            for c in summary.by_code
        )
        lines.append("New findings by severity: " + severity_counts(summary.by_severity))
    excused = []
    if summary.whitelisted:
        excused.append(plural(summary.whitelisted, "whitelisted (legacy) finding"))
    if summary.suppressed:
        excused.append(f"{summary.suppressed} suppressed inline")
    if excused:
        lines.append(", ".join(excused) + ".")
    if summary.failed:
        lines.append(paint(f"Found {plural(summary.failures, 'error')}.", fg="red", bold=True))
    else:
        lines.append(paint("All checks passed!", fg="green", bold=True))
    return lines


def render_text(result: CheckResult, options: RenderOptions) -> str:
    """Render ``result`` as ruff-style lines plus a grouped summary."""
    paint = _Painter(options.color)
    # Findings and input problems share one ordering so a file reads top-down;
    # the sort is stable, so findings keep their finer order among equals.
    rows: list[tuple[tuple[str, int, int, str], str]] = []
    shown: set[object] = set()
    for finding in listed_findings(result, options.show_whitelisted):
        loc = finding.location
        first = finding.object not in shown
        shown.add(finding.object)
        line = _finding_line(paint, finding, first)
        rows.append(((loc.path, loc.line, loc.column, finding.code), line))
    for diagnostic in (p.diagnostic for p in input_problems(result)):
        loc = diagnostic.location
        key = (loc.path, loc.line, loc.column, diagnostic.code)
        rows.append((key, _diagnostic_line(paint, diagnostic)))
    rows.sort(key=lambda row: row[0])
    lines = [line for _, line in rows]
    for entry in sorted_stale(result):
        path = stale_path(entry, options.whitelist_path)
        where = _position(paint, path, entry.location.line, entry.location.column)
        text = one_line(stale_text(entry))
        lines.append(f"{where} {paint(STALE_CODE, fg='red', bold=True)} {text}")
    if lines:
        lines.append("")
    lines.extend(_summary_lines(paint, summarize(result)))
    return "\n".join(lines) + "\n"
