"""The default, ruff-style report: one ``path:line:col: CODE message`` line each.

Editors and terminals turn ``path:line:col`` into a link, so every problem,
including an unreadable statement or a stale whitelist entry, gets exactly
that shape. The summary after the lines tells a reader what to fix first
(counts per rule) and whether legacy names are still being carried.
"""

from __future__ import annotations

from collections import Counter
from types import MappingProxyType
from typing import NamedTuple

import click

from dbnamelint.core.diagnostics import DIAGNOSTICS
from dbnamelint.findings import CheckResult, Finding
from dbnamelint.model import Diagnostic, Location, Severity
from dbnamelint.report.common import (
    STALE_CODE,
    STALE_RULE,
    RenderOptions,
    Summary,
    excuse_text,
    finding_message,
    follows_note,
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
from dbnamelint.report.frames import code_frame
from dbnamelint.textsafe import visible, visible_path

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
    return f"{paint(visible_path(path), bold=True)}:{line}:{column}:"


def _finding_line(paint: _Painter, finding: Finding) -> str:
    loc = finding.location
    excuse = excuse_text(finding)
    colour = "bright_black" if excuse else _SEVERITY_COLOURS[finding.severity]
    text = f"{_position(paint, loc.path, loc.line, loc.column)} "
    text += (
        f"{paint(finding.code, fg=colour, bold=True)} {visible(one_line(finding_message(finding)))}"
    )
    # Every finding of one object carries the same merged target, and each
    # line shows it: a line read alone (grep, a CI annotation) still says it.
    if finding.suggestion:
        # A kept target that breaks another rule says so (the JSON's no_fix).
        note = f"; note: {visible(finding.no_fix)}" if finding.no_fix else ""
        follows = visible(follows_note(finding))
        text += f" (suggestion: {paint(visible(finding.suggestion), fg='green')}{follows}{note})"
    elif finding.no_fix:
        text += f" (no consistent fix: {visible(finding.no_fix)})"
    if excuse:
        text += " " + paint(f"[{excuse}]", dim=True)
    return text


def _diagnostic_line(paint: _Painter, diagnostic: Diagnostic) -> str:
    """``path:l:c: DBN004 error: message``: a diagnostic always says how loud it is."""
    loc = diagnostic.location
    colour = _SEVERITY_COLOURS[diagnostic.severity]
    label = paint(f"{diagnostic.severity.value}:", fg=colour)
    return (
        f"{_position(paint, loc.path, loc.line, loc.column)} "
        f"{paint(diagnostic.code, fg=colour, bold=True)} {label} "
        f"{visible(one_line(diagnostic.message))}"
    )


def diagnostic_line(diagnostic: Diagnostic) -> str:
    """``path:l:c: DBN002 error: message``, uncoloured: a diagnostic on stderr.

    The same line the text report prints, so a command that refuses to run
    (``whitelist init``, ``migrate``...) names a problem exactly as ``check`` does.
    """
    return _diagnostic_line(_Painter(False), diagnostic)


def _frame(paint: _Painter, options: RenderOptions, location: Location, code: str) -> list[str]:
    if options.source_lines is None:
        return []
    lines = options.source_lines(location.path)
    frame = code_frame(lines, location.line, location.column, code) if lines else None
    if frame is None:
        return []
    return [paint(line, fg="cyan") if n != 1 else line for n, line in enumerate(frame)]


def _statistics(paint: _Painter, rows: list[_Row]) -> list[str]:
    """ruff's ``--statistics``: one line per code, most frequent first."""
    counts: Counter[tuple[str, str]] = Counter((row.code, row.name) for row in rows)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    width = max((len(str(n)) for _, n in ordered), default=1)
    return [f"{n:>{width}}  {paint(code, bold=True)}  {name}" for (code, name), n in ordered]


def _summary_lines(paint: _Painter, summary: Summary) -> list[str]:
    lines: list[str] = []
    if summary.by_severity:
        lines.append("New findings by severity: " + severity_counts(summary.by_severity))
    if summary.not_failing:
        quiet = plural(summary.not_failing, "new finding")
        lines.append(f"{quiet} below --fail-on, not failing the run.")
    if summary.input_warnings:
        lines.append(summary.warning_text)
    excused = []
    if summary.whitelisted:
        excused.append(plural(summary.whitelisted, "whitelisted (legacy) finding"))
    if summary.suppressed:
        excused.append(f"{summary.suppressed} suppressed inline")
    if excused:
        lines.append("Not failing: " + ", ".join(excused) + ".")
    if summary.hidden:
        total = sum(n for _, n in summary.hidden)
        codes = ", ".join(f"{code} x{n}" for code, n in summary.hidden)
        lines.append(
            f"{plural(total, 'info note')} not listed ({codes}); "
            "--verbose or --select CODE lists them."
        )
    if summary.failed:
        found = f"Found {plural(summary.failures, 'problem')}: {', '.join(summary.failure_parts)}."
        lines.append(paint(found, fg="red", bold=True))
    else:
        lines.append(paint(summary.passed_text, fg="green", bold=True))
    return lines


class _Row(NamedTuple):
    key: tuple[str, int, int, str]
    code: str
    name: str
    lines: list[str]


def _rows(paint: _Painter, result: CheckResult, options: RenderOptions) -> list[_Row]:
    """Every listed problem in one file-top-down order (the sort is stable)."""
    rows: list[_Row] = []
    for finding in listed_findings(result, options.show_whitelisted):
        loc = finding.location
        lines = [_finding_line(paint, finding), *_frame(paint, options, loc, finding.code)]
        rows.append(
            _Row((loc.path, loc.line, loc.column, finding.code), finding.code, finding.rule, lines)
        )
    for diagnostic in (p.diagnostic for p in input_problems(result)):
        loc = diagnostic.location
        info = DIAGNOSTICS.get(diagnostic.code)
        lines = [_diagnostic_line(paint, diagnostic), *_frame(paint, options, loc, diagnostic.code)]
        name = info.name if info else diagnostic.severity.value
        rows.append(
            _Row((loc.path, loc.line, loc.column, diagnostic.code), diagnostic.code, name, lines)
        )
    rows.sort(key=lambda row: row.key)
    for entry in sorted_stale(result):
        path = stale_path(entry, options.whitelist_path)
        where = _position(paint, path, entry.location.line, entry.location.column)
        text = visible(one_line(stale_text(entry)))
        line = f"{where} {paint(STALE_CODE, fg='red', bold=True)} {text}"
        rows.append(
            _Row((path, entry.location.line, 0, STALE_CODE), STALE_CODE, STALE_RULE, [line])
        )
    return rows


def render_text(result: CheckResult, options: RenderOptions) -> str:
    """Render ``result`` as ruff-style lines (or ``--statistics`` counts) plus a summary.

    ``quiet`` keeps only the problem lines; the summary names what every
    count counts, so "Found N problems" adds up to its parts.
    """
    paint = _Painter(options.color)
    rows = _rows(paint, result, options)
    if options.statistics:
        lines = _statistics(paint, rows)
    else:
        lines = [line for row in rows for line in row.lines]
    if options.quiet:
        return "".join(line + "\n" for line in lines)
    if lines:
        lines.append("")
    lines.extend(_summary_lines(paint, summarize(result)))
    return "\n".join(lines) + "\n"
