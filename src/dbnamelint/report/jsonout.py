"""Machine-readable JSON: every finding, excused ones flagged, nothing dropped.

Scripts and dashboards consume this, so unlike the text report it lists
whitelisted and suppressed findings too (with flags): burn-down charts need
the legacy names as much as the new ones. Keys are stable and sorted.
"""

from __future__ import annotations

import msgspec

from dbnamelint.findings import CheckResult, Finding, GateInfo, StaleEntry
from dbnamelint.jsontext import dumps_indented
from dbnamelint.model import Diagnostic, Severity
from dbnamelint.report.common import (
    RenderOptions,
    Summary,
    all_findings,
    fix_json,
    object_schema,
    sorted_diagnostics,
    sorted_stale,
    stale_path,
    summarize,
)

JsonObject = dict[str, object]


def _finding(finding: Finding, fail_on: Severity) -> JsonObject:
    obj = finding.object
    return {
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "kind": obj.kind.value,
        "name": obj.name,
        "table": obj.table,
        "schema": object_schema(obj),
        "path": obj.location.path,
        "line": obj.location.line,
        "column": obj.location.column,
        "message": finding.message,
        "suggestion": finding.suggestion,
        "fix": fix_json(finding),
        "no_fix": finding.no_fix,
        "rule_fix": finding.rule_fix.new_name if finding.rule_fix else None,
        "whitelisted": finding.whitelisted,
        "whitelist_phase": finding.whitelist_phase,
        "suppressed": finding.suppressed,
        # new and at least as loud as --fail-on (config fail_on): it fails the run
        "fails_run": finding.is_new and finding.severity.at_least(fail_on),
        "qualified_name": obj.qualified_name,
        "module": obj.module,
    }


def _stale(entry: StaleEntry, whitelist_path: str | None) -> JsonObject:
    return {
        "kind": entry.kind,
        "name": entry.name,
        "path": stale_path(entry, whitelist_path),
        "line": entry.location.line,
        "column": entry.location.column,
        "reason": entry.reason,
        "phase": entry.phase,
    }


def _diagnostic(diagnostic: Diagnostic) -> JsonObject:
    return {
        "code": diagnostic.code,
        "path": diagnostic.location.path,
        "line": diagnostic.location.line,
        "column": diagnostic.location.column,
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        # a grouped diagnostic's items in full (DBN909: each hidden finding)
        **({"details": list(diagnostic.details)} if diagnostic.details else {}),
    }


def _summary(summary: Summary) -> JsonObject:
    return {
        "failed": summary.failed,
        "failures": summary.failures,
        "new": summary.new,
        # new findings below --fail-on: listed, counted in "new", not in "failures"
        "not_failing": summary.not_failing,
        "fail_on": summary.fail_on.value,
        "whitelisted": summary.whitelisted,
        "suppressed": summary.suppressed,
        "stale_whitelist": summary.stale,
        "diagnostics": summary.diagnostics,
        "unused_suppressions": summary.unused_suppressions,
        # what "failures" adds up from, besides new, stale and unused suppressions
        "input_errors": summary.input_errors,
        "whitelist_errors": summary.whitelist_errors,
        "warnings": summary.input_warnings,
        "hidden_notes": dict(summary.hidden),
        "files_checked": summary.files_checked,
        "objects_checked": summary.objects_checked,
        "by_code": {c.code: c.count for c in summary.by_code},
        "by_severity": {s.value: n for s, n in summary.by_severity},
    }


def _gate(gate: GateInfo) -> JsonObject:
    return {
        "base": gate.base,
        "base_commit": gate.base_commit,
        "preexisting_findings": gate.preexisting_findings,
        "whitelist_changes": [
            {
                "change": c.change,
                "kind": c.kind,
                "name": c.name,
                "phase": c.phase,
                "target": c.target,
                "rules": "all" if c.rules is None else list(c.rules),
                "rules_added": list(c.rules_added),
                "objects_added": list(c.objects_added),
                "line": c.line or None,
            }
            for c in gate.whitelist_changes
        ],
    }


def render_json(result: CheckResult, options: RenderOptions) -> str:
    """Render ``result`` as one JSON document (UTF-8, not ASCII-escaped)."""
    document: JsonObject = {
        "version": options.tool_version,
        "findings": [_finding(f, result.fail_on) for f in all_findings(result)],
        "stale_whitelist": [_stale(e, options.whitelist_path) for e in sorted_stale(result)],
        "diagnostics": [_diagnostic(d) for d in sorted_diagnostics(result.diagnostics)],
        "unused_suppressions": [
            _diagnostic(d) for d in sorted_diagnostics(result.unused_suppressions)
        ],
        "phases": [
            {
                "id": p.id,
                "title": p.title,
                "status": p.status,
                "remaining": p.remaining,
                "done": p.done,
            }
            for p in result.phases
        ],
        "summary": _summary(summarize(result)),
    }
    if result.gate is not None:
        document["gate"] = _gate(result.gate)
    # msgspec's C encoder and formatter write what json.dumps(indent=2,
    # ensure_ascii=False) writes of this document (strings, ints, bools, None,
    # lists and dicts with string keys; no floats), as for inspect's JSON
    # (:func:`dbnamelint.report.inspect.render_model_json`); a string UTF-8
    # cannot encode (a lone surrogate) goes to :func:`dumps_indented`.
    try:
        text = msgspec.json.format(_ENCODER.encode(document), indent=2).decode()
    except (msgspec.EncodeError, UnicodeError):
        text = dumps_indented(document, ensure_ascii=False)
    return text + "\n"


#: One encoder for the process (msgspec's docs: reuse it).
_ENCODER = msgspec.json.Encoder()
