"""JUnit XML, which GitLab, Jenkins and Azure show as a test report.

One test case per problem that fails the run (not per object): CI test
views list failing cases with their message, so a finding becomes a readable
red line there. JUnit's two outcomes mean different things and are used so:
``<failure>`` is a check that found something wrong (a finding, a stale or
grown whitelist entry, an unused suppression); ``<error>`` is a check that
could not run (input dbnamelint could not read). Notes and warnings that do
not fail the run are not test cases, so a passing case never hides one; they
go to the suite's ``<system-out>``. A run with no failing case has one
passing case, so a clean run still shows the naming check in the CI view.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from dbnamelint.core.diagnostics import diagnostic_category
from dbnamelint.core.identity import stored_qualified_name
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.findings import CheckResult, Finding
from dbnamelint.model import Diagnostic, Severity
from dbnamelint.report.common import (
    STALE_CODE,
    RenderOptions,
    excuse_text,
    finding_text,
    input_problems,
    listed_findings,
    sorted_stale,
    stale_path,
    stale_text,
)

SUITE_NAME = "dbnamelint"

# Characters XML 1.0 cannot carry at all, even escaped; a quoted SQL
# identifier may contain them, and one of them would make the report unreadable.
_NOT_XML = lazy_compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` with characters XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


class _Suite:
    """Builds the testsuite element and keeps its counters honest."""

    def __init__(self) -> None:
        self.element = ET.Element("testsuite", name=SUITE_NAME)
        self.tests = 0
        self.failures = 0
        self.errors = 0
        self.skipped = 0

    def case(self, classname: str, name: str, path: str | None = None, line: int = 0) -> ET.Element:
        self.tests += 1
        case = ET.SubElement(
            self.element, "testcase", classname=xml_safe(classname), name=xml_safe(name)
        )
        if path:
            case.set("file", xml_safe(path))
            case.set("line", str(line))
        return case

    def outcome(self, case: ET.Element, tag: str, message: str, kind: str, body: str) -> None:
        if tag == "failure":
            self.failures += 1
        elif tag == "error":
            self.errors += 1
        else:
            self.skipped += 1
        child = ET.SubElement(case, tag, message=xml_safe(message), type=xml_safe(kind))
        child.text = xml_safe(body)

    def finish(self) -> ET.Element:
        for key in ("tests", "failures", "errors", "skipped"):
            self.element.set(key, str(getattr(self, key)))
        return self.element


def _add_finding(suite: _Suite, finding: Finding) -> None:
    obj = finding.object
    loc = finding.location
    case = suite.case(
        loc.path,
        f"{finding.code} {obj.kind.value} {stored_qualified_name(obj)}",
        loc.path,
        loc.line,
    )
    text = finding_text(finding)
    body = f"{loc}: {finding.code} {finding.rule}: {text}"
    excuse = excuse_text(finding)
    if excuse:
        suite.outcome(case, "skipped", excuse, finding.code, body)
    else:
        suite.outcome(case, "failure", text, finding.code, body)


def _add_diagnostic(suite: _Suite, diagnostic: Diagnostic) -> None:
    """A failing diagnostic: unreadable input is an error, the rest failures."""
    loc = diagnostic.location
    case = suite.case(loc.path, f"{diagnostic.code} {loc}", loc.path, loc.line)
    body = f"{loc}: {diagnostic.code} {diagnostic.message}"
    could_not_run = (
        diagnostic.severity is Severity.ERROR and diagnostic_category(diagnostic.code) == "input"
    )
    tag = "error" if could_not_run else "failure"
    suite.outcome(case, tag, diagnostic.message, diagnostic.code, body)


def render_junit(result: CheckResult, options: RenderOptions) -> str:
    """Render ``result`` as a JUnit XML document with one testsuite."""
    suite = _Suite()
    for finding in listed_findings(result, options.show_whitelisted):
        _add_finding(suite, finding)
    notes: list[str] = []
    for problem in input_problems(result):
        if problem.fails:
            _add_diagnostic(suite, problem.diagnostic)
        else:
            d = problem.diagnostic
            notes.append(f"{d.location}: {d.code} {d.severity.value}: {d.message}")
    for entry in sorted_stale(result):
        path = stale_path(entry, options.whitelist_path)
        case = suite.case(
            path, f"{STALE_CODE} {entry.kind} {entry.name}", path, entry.location.line
        )
        text = stale_text(entry)
        body = f"{path}:{entry.location.line}:{entry.location.column}: {STALE_CODE} {text}"
        suite.outcome(case, "failure", text, STALE_CODE, body)
    if suite.failures == suite.errors == 0:
        suite.case(SUITE_NAME, "no new naming findings")
    testsuite = suite.finish()
    if notes:
        out = ET.SubElement(testsuite, "system-out")
        out.text = xml_safe("\n".join(notes))
    root = ET.Element("testsuites", name=SUITE_NAME)
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, testsuite.get(key, "0"))
    root.append(testsuite)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
