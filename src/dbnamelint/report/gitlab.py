"""GitLab Code Quality JSON, shown in merge requests as a widget and diff marks.

GitLab compares the report of a merge request with the target branch's by
``fingerprint``; a fingerprint that moved with line numbers would show every
finding as "fixed" and "new" at once after an unrelated edit, so it hashes
identity only. GitLab has no notion of an excused finding: whitelisted ones
are left out unless asked for, and then reported as ``info``.
"""

from __future__ import annotations

import json
from types import MappingProxyType

from dbnamelint.core.diagnostics import DIAGNOSTICS
from dbnamelint.findings import CheckResult, Finding
from dbnamelint.model import Severity
from dbnamelint.report.common import (
    STALE_CODE,
    STALE_RULE,
    RenderOptions,
    dedupe_fingerprints,
    diagnostic_fingerprint,
    excuse_text,
    finding_fingerprint,
    finding_text,
    forward_slashes,
    input_problems,
    listed_findings,
    sorted_stale,
    stale_fingerprint,
    stale_path,
    stale_text,
)

#: GitLab's scale is info < minor < major < critical < blocker.
_SEVERITIES = MappingProxyType(
    {Severity.INFO: "info", Severity.WARNING: "minor", Severity.ERROR: "major"}
)

JsonObject = dict[str, object]


def _issue(description: str, check_name: str, severity: str, path: str, line: int) -> JsonObject:
    return {
        "type": "issue",
        "description": description,
        "check_name": check_name,
        "severity": severity,
        "location": {"path": forward_slashes(path), "lines": {"begin": max(line, 1)}},
    }


def _finding_issue(finding: Finding) -> JsonObject:
    excuse = excuse_text(finding)
    description = finding_text(finding) + (f" [{excuse}]" if excuse else "")
    severity = "info" if excuse else _SEVERITIES[finding.severity]
    loc = finding.location
    return _issue(description, f"{finding.code} {finding.rule}", severity, loc.path, loc.line)


def render_gitlab(result: CheckResult, options: RenderOptions) -> str:
    """Render ``result`` as a GitLab Code Quality report (a JSON array)."""
    issues: list[JsonObject] = []
    prints: list[str] = []
    for finding in listed_findings(result, options.show_whitelisted):
        issues.append(_finding_issue(finding))
        prints.append(finding_fingerprint(finding))
    for problem in input_problems(result):
        diagnostic = problem.diagnostic
        loc = diagnostic.location
        severity = "major" if problem.fails else _SEVERITIES[diagnostic.severity]
        info = DIAGNOSTICS.get(diagnostic.code)
        check = f"{diagnostic.code} {info.name}" if info else diagnostic.code
        issues.append(_issue(diagnostic.message, check, severity, loc.path, loc.line))
        prints.append(diagnostic_fingerprint(diagnostic))
    for entry in sorted_stale(result):
        path = stale_path(entry, options.whitelist_path)
        check = f"{STALE_CODE} {STALE_RULE}"
        issues.append(_issue(stale_text(entry), check, "major", path, entry.location.line))
        prints.append(stale_fingerprint(entry))
    for issue, value in zip(issues, dedupe_fingerprints(prints), strict=True):
        issue["fingerprint"] = value
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
