"""``check --format json`` is written by msgspec's encoder and formatter;
the text must be exactly what ``json.dumps(indent=2, ensure_ascii=False)``
makes of the same document, plus a newline (as before it was written so).

Oracle: ``json.dumps`` itself, over the document the text parses back to
(every value of the report is a string, int, bool, None, list or dict with
string keys, all of which ``json.loads`` gives back as they were), for every
report case of test_report_common.py and for findings on generated objects
with hostile names (quotes, backslashes, control characters, line
separators, astral characters), and for a lone surrogate msgspec cannot
encode (the general path).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dbnamelint.findings import CheckResult
from dbnamelint.model import Diagnostic, Location, ObjectKind, Severity
from dbnamelint.report import render
from test_report_common import CASE_IDS, CASES, finding, obj


def reference(text: str) -> str:
    return json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("case", CASE_IDS)
def test_every_report_case(case: str) -> None:
    text = render(CASES[case], "json", tool_version="1.2.3", whitelist_path="whitelist.yaml")
    assert text == reference(text)


_HOSTILE = st.sampled_from(['"', "\\", "\n", "\r", "\t", "\x00", "\u2028", "\U0001f600"])
_names = st.text(st.characters(codec="utf-8") | _HOSTILE, min_size=1, max_size=12)


@given(st.lists(st.tuples(_names, _names, _names), min_size=1, max_size=4), _names)
def test_generated_findings(named: list[tuple[str, str, str]], message: str) -> None:
    findings = tuple(
        finding(obj(ObjectKind.TABLE, name, path=path), message=message, suggestion=suggestion)
        for name, path, suggestion in named
    )
    diagnostics = (Diagnostic(Location(named[0][1], 2, 3), Severity.WARNING, message, "DBN005"),)
    result = CheckResult(findings=findings, diagnostics=diagnostics)
    text = render(result, "json", tool_version="1.2.3")
    assert text == reference(text)


def test_a_lone_surrogate_takes_the_general_path() -> None:
    """Text decoded with ``surrogateescape`` can hold one; UTF-8 cannot."""
    result = CheckResult(findings=(finding(obj(ObjectKind.TABLE, "t\udcff")),))
    text = render(result, "json", tool_version="1.2.3")
    assert '"t\udcff"' in text
    assert json.loads(text)["findings"][0]["name"] == "t\udcff"
