"""SARIF 2.1.0, the format GitHub code scanning and many IDEs import.

Identity matters more here than anywhere: code scanning tracks an alert
across commits by ``partialFingerprints``, so they hash the rule and the
object's identity (kind + qualified name) and never a line number. Excused
findings are kept as results with ``suppressions`` so the tool shows them as
dismissed rather than forgetting them.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath, PureWindowsPath
from types import MappingProxyType
from urllib.parse import quote

from dbnamelint.core.diagnostics import DIAGNOSTICS, diagnostic_category
from dbnamelint.dialects import profile_for
from dbnamelint.findings import CheckResult, Finding, StaleEntry
from dbnamelint.model import Diagnostic, Severity
from dbnamelint.report.common import (
    INFORMATION_URI,
    STALE_CODE,
    STALE_RULE,
    InputProblem,
    RenderOptions,
    all_findings,
    dedupe_fingerprints,
    diagnostic_fingerprint,
    finding_fingerprint,
    finding_text,
    input_problems,
    sorted_stale,
    stale_fingerprint,
    stale_path,
    stale_text,
)
from dbnamelint.report.rule_help import rule_help

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "dbnamelint/v1"
SRCROOT = "%SRCROOT%"

_LEVELS = MappingProxyType(
    {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
)
_RANK = MappingProxyType({Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2})

_DIAGNOSTIC = ("input-problem", "A problem with the input")

JsonObject = dict[str, object]


def artifact_location(path: str) -> JsonObject:
    """A SARIF artifactLocation: relative URIs with forward slashes.

    Relative paths are anchored at ``%SRCROOT%`` (the repository root for
    code scanning); an absolute path becomes a ``file://`` URI instead.
    """
    if PurePosixPath(path).is_absolute():
        return {"uri": "file://" + quote(path, safe="/")}
    windows = PureWindowsPath(path)
    if windows.is_absolute():
        return {"uri": windows.as_uri()}
    posix = windows.as_posix()
    while posix.startswith("./"):
        posix = posix[2:]
    return {"uri": quote(posix, safe="/"), "uriBaseId": SRCROOT}


def _humanize(name: str) -> str:
    words = name.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else name


class _RuleTable:
    """Collects the rules that appear in results, in first-seen order."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self._rules: list[JsonObject] = []
        self._levels: list[Severity] = []

    def index(self, code: str, name: str, description: str, severity: Severity) -> int:
        if code in self._index:
            at = self._index[code]
            if _RANK[severity] > _RANK[self._levels[at]]:
                self._levels[at] = severity
            return at
        self._index[code] = len(self._rules)
        self._rules.append(descriptor(code, name, description))
        self._levels.append(severity)
        return self._index[code]

    def descriptors(self) -> list[JsonObject]:
        return [
            {**rule, "defaultConfiguration": {"level": _LEVELS[level]}}
            for rule, level in zip(self._rules, self._levels, strict=True)
        ]


def descriptor(code: str, name: str, description: str) -> JsonObject:
    """A reportingDescriptor with the help ``dbnamelint rules CODE`` prints."""
    out: JsonObject = {"id": code, "name": name, "shortDescription": {"text": description}}
    found = rule_help(code)
    if found is not None:
        out["fullDescription"] = {"text": found.full_description}
        out["help"] = {"text": found.markdown, "markdown": found.markdown}
        out["helpUri"] = found.uri
    return out


def _diagnostic_names(diagnostic: Diagnostic) -> tuple[str, str]:
    info = DIAGNOSTICS.get(diagnostic.code)
    return (info.name, info.summary) if info is not None else _DIAGNOSTIC


def _location(path: str, line: int, column: int) -> JsonObject:
    return {
        "physicalLocation": {
            "artifactLocation": artifact_location(path),
            "region": {"startLine": max(line, 1), "startColumn": max(column, 1)},
        }
    }


def _finding_result(finding: Finding, rules: _RuleTable) -> JsonObject:
    obj = finding.object
    loc = finding.location
    location = _location(loc.path, loc.line, loc.column)
    location["logicalLocations"] = [
        {"name": obj.name, "fullyQualifiedName": obj.qualified_name, "kind": obj.kind.value}
    ]
    result: JsonObject = {
        "ruleId": finding.code,
        "ruleIndex": rules.index(
            finding.code, finding.rule, _humanize(finding.rule), finding.severity
        ),
        "level": _LEVELS[finding.severity],
        "message": {"text": finding_text(finding)},
        "locations": [location],
    }
    if finding.suggestion:
        result["properties"] = {"suggestion": finding.suggestion}
    if finding.fix is not None:
        result["fixes"] = [_sarif_fix(finding)]
    if finding.whitelisted:
        phase = f" (phase {finding.whitelist_phase})" if finding.whitelist_phase else ""
        result["suppressions"] = [
            {"kind": "external", "justification": f"whitelisted legacy name{phase}"}
        ]
    elif finding.suppressed:
        result["suppressions"] = [
            {"kind": "inSource", "justification": "suppressed by an inline dbnamelint comment"}
        ]
    return result


def _sarif_fix(finding: Finding) -> JsonObject:
    """A SARIF ``fix``: replace the name where the object got it by the merged target."""
    assert finding.fix is not None
    obj = finding.object
    loc = finding.location
    written = len(obj.name) + (2 if obj.quoted else 0)
    new = finding.fix.new_name
    text = profile_for(obj.source.dialect).quote(new) if finding.fix.quoted else new
    return {
        "description": {"text": f"rename {obj.kind.value} {obj.name!r} to {new!r}"},
        "artifactChanges": [
            {
                "artifactLocation": artifact_location(loc.path),
                "replacements": [
                    {
                        "deletedRegion": {
                            "startLine": max(loc.line, 1),
                            "startColumn": max(loc.column, 1),
                            "endColumn": max(loc.column, 1) + written,
                        },
                        "insertedContent": {"text": text},
                    }
                ],
            }
        ],
    }


def _problem_result(problem: InputProblem, rules: _RuleTable) -> JsonObject:
    diagnostic = problem.diagnostic
    severity = Severity.ERROR if problem.fails else diagnostic.severity
    name, description = _diagnostic_names(diagnostic)
    loc = diagnostic.location
    return {
        "ruleId": diagnostic.code,
        "ruleIndex": rules.index(diagnostic.code, name, description, severity),
        "level": _LEVELS[severity],
        "message": {"text": diagnostic.message},
        "locations": [_location(loc.path, loc.line, loc.column)],
    }


def _notification(problem: InputProblem, descriptors: _RuleTable) -> JsonObject:
    """An input problem (unreadable file or statement) as a tool execution notification.

    Code scanning shows alerts for results; a statement the tool could not
    read is not a problem in the code's naming, so SARIF §3.58 puts it among
    the invocation's notifications, where it still names file and line.
    """
    diagnostic = problem.diagnostic
    name, description = _diagnostic_names(diagnostic)
    loc = diagnostic.location
    return {
        "descriptor": {
            "id": diagnostic.code,
            "index": descriptors.index(diagnostic.code, name, description, diagnostic.severity),
        },
        "level": _LEVELS[diagnostic.severity],
        "message": {"text": diagnostic.message},
        "locations": [_location(loc.path, loc.line, loc.column)],
    }


def _stale_result(entry: StaleEntry, whitelist_path: str | None, rules: _RuleTable) -> JsonObject:
    return {
        "ruleId": STALE_CODE,
        "ruleIndex": rules.index(
            STALE_CODE,
            STALE_RULE,
            "Whitelist entry no longer excuses anything; delete it",
            Severity.ERROR,
        ),
        "level": "error",
        "message": {"text": stale_text(entry)},
        "locations": [
            _location(stale_path(entry, whitelist_path), entry.location.line, entry.location.column)
        ],
    }


def render_sarif(result: CheckResult, options: RenderOptions) -> str:
    """Render ``result`` as a SARIF 2.1.0 log with one run."""
    rules = _RuleTable()
    results: list[JsonObject] = []
    prints: list[str] = []
    for finding in all_findings(result):
        results.append(_finding_result(finding, rules))
        prints.append(finding_fingerprint(finding))
    notifications: list[JsonObject] = []
    notified = _RuleTable()
    for problem in input_problems(result):
        if diagnostic_category(problem.diagnostic.code) == "input":
            notifications.append(_notification(problem, notified))
            continue
        results.append(_problem_result(problem, rules))
        prints.append(diagnostic_fingerprint(problem.diagnostic))
    for entry in sorted_stale(result):
        results.append(_stale_result(entry, options.whitelist_path, rules))
        prints.append(stale_fingerprint(entry))
    for item, value in zip(results, dedupe_fingerprints(prints), strict=True):
        item["partialFingerprints"] = {FINGERPRINT_KEY: value}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dbnamelint",
                        "version": options.tool_version,
                        "informationUri": INFORMATION_URI,
                        "rules": rules.descriptors(),
                        "notifications": notified.descriptors(),
                    }
                },
                # The tool ran to the end; what it could not read is reported
                # here, not as alerts on the code (see _notification).
                "invocations": [
                    {"executionSuccessful": True, "toolExecutionNotifications": notifications}
                ],
                # Our columns count characters, not UTF-16 code units.
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
