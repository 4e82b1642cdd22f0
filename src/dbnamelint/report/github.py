"""GitHub Actions workflow commands: one annotation per problem.

GitHub turns ``::error file=...,line=...::message`` lines in a job's log
into annotations on the pull request's diff. Property values and messages
must be escaped exactly as the runner unescapes them, or a name containing
``,`` or ``:`` silently truncates the annotation's file or title.
"""

from __future__ import annotations

from types import MappingProxyType

from dbnamelint.core.diagnostics import DIAGNOSTICS
from dbnamelint.findings import CheckResult, Finding
from dbnamelint.model import Severity
from dbnamelint.report.common import (
    STALE_CODE,
    STALE_RULE,
    RenderOptions,
    excuse_text,
    finding_text,
    input_problems,
    listed_findings,
    plural,
    sorted_stale,
    stale_path,
    stale_text,
    summarize,
)

_COMMANDS = MappingProxyType(
    {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
)


def escape_data(text: str) -> str:
    """Escape a message the way the Actions runner unescapes command data."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value; ``:`` and ``,`` end a value unless escaped."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, *, path: str, line: int, column: int, title: str) -> str:
    """One ``::name file=...,line=...,col=...,title=...::message`` line."""
    props = ",".join(
        f"{key}={escape_property(value)}"
        for key, value in (
            ("file", path),
            ("line", str(line)),
            ("col", str(column)),
            ("title", title),
        )
    )
    return f"::{name} {props}::{escape_data(message)}"


def _finding_command(finding: Finding) -> str:
    excuse = excuse_text(finding)
    message = finding_text(finding)
    if excuse:
        message += f" [{excuse}]"
    loc = finding.location
    return command(
        "notice" if excuse else _COMMANDS[finding.severity],
        message,
        path=loc.path,
        line=loc.line,
        column=loc.column,
        title=f"{finding.code} {finding.rule}",
    )


def _diagnostic_title(code: str) -> str:
    """``DBN004 unreadable-statement``: named from the registry, as rules are."""
    info = DIAGNOSTICS.get(code)
    return f"{code} {info.name}" if info is not None else code


def render_github(result: CheckResult, options: RenderOptions) -> str:
    """Render ``result`` as workflow commands, then a plain summary line for the log."""
    lines = [_finding_command(f) for f in listed_findings(result, options.show_whitelisted)]
    for problem in input_problems(result):
        diagnostic, fails = problem.diagnostic, problem.fails
        loc = diagnostic.location
        lines.append(
            command(
                "error" if fails else _COMMANDS[diagnostic.severity],
                diagnostic.message,
                path=loc.path,
                line=loc.line,
                column=loc.column,
                title=_diagnostic_title(diagnostic.code),
            )
        )
    for entry in sorted_stale(result):
        lines.append(
            command(
                "error",
                stale_text(entry),
                path=stale_path(entry, options.whitelist_path),
                line=entry.location.line,
                column=entry.location.column,
                title=f"{STALE_CODE} {STALE_RULE}",
            )
        )
    summary = summarize(result)
    if summary.failed:
        found = f"{plural(summary.failures, 'problem')}: {', '.join(summary.failure_parts)}"
        lines.append(f"dbnamelint: found {found}.")
    else:
        passed = summary.passed_text
        lines.append("dbnamelint: a" + passed[1:])
    return "\n".join(lines) + "\n"
