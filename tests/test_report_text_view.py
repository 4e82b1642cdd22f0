"""Text report flags: --statistics, --quiet, code frames and hidden-note counts."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from dbnamelint.findings import CheckResult
from dbnamelint.model import Diagnostic, Location, Severity
from dbnamelint.report import View, render
from dbnamelint.report.common import RenderOptions
from dbnamelint.report.frames import code_frame, token_width
from dbnamelint.report.text import render_text
from test_report_common import CASES


def test_statistics_replace_the_lines_with_counts_per_code() -> None:
    lines = render(CASES["mixed"], "text", view=View(statistics=True)).splitlines()
    assert lines == [
        "1  DBN104  table-type-infix",
        "1  DBN150  table-plural",
        "1  DBN201  column-identifier-case",
        "",
        "New findings by severity: 1 error, 1 warning, 1 info",
        "2 new findings below --fail-on, not failing the run.",
        "Found 1 problem: 1 new finding.",
    ]


def test_statistics_count_diagnostics_under_their_registry_names() -> None:
    text = render(CASES["diagnostics"], "text", view=View(statistics=True))
    assert "1  DBN001  unterminated-input" in text
    assert "1  DBN020  unused-suppression" in text


def test_quiet_prints_only_the_problems() -> None:
    full = render(CASES["mixed"], "text").splitlines()
    quiet = render(CASES["mixed"], "text", view=View(quiet=True)).splitlines()
    assert quiet == full[: full.index("")]
    assert render(CASES["empty"], "text", view=View(quiet=True)) == ""


def test_hidden_notes_are_counted_in_the_summary() -> None:
    notes = tuple(
        Diagnostic(Location("a.sql", n, 1), Severity.INFO, "x", code)
        for n, code in enumerate(["DBN010", "DBN011", "DBN011"], 1)
    )
    text = render(CheckResult(findings=(), hidden_diagnostics=notes), "text")
    assert text.splitlines() == [
        "3 info notes not listed (DBN010 x1, DBN011 x2); --verbose or --select CODE lists them.",
        "All checks passed!",
    ]


def _lines(text: str) -> dict[str, Sequence[str]]:
    return {"db/ws.sql": text.splitlines()}


def test_frame_underlines_the_name_at_the_finding() -> None:
    source = "-- a\n\nCREATE TABLE ws_activity_log (id int);\n"
    options = RenderOptions(source_lines=_lines(source).get)
    text = render_text(CASES["one"], options)
    assert text.splitlines()[1:5] == [
        "  |",
        "3 | CREATE TABLE ws_activity_log (id int);",
        "  |              ^^^^^^^^^^^^^^^ DBN104",
        "  |",
    ]


@pytest.mark.parametrize(
    ("line", "start", "width"),
    [
        ('CREATE TABLE "Odd ""x"" name" (', 13, len('"Odd ""x"" name"')),
        ("CREATE TABLE [dbo] (", 13, 5),
        ("CREATE TABLE `a b` (", 13, 5),
        ("CREATE TABLE abc$1 (", 13, 5),
        ("CREATE TABLE ", 13, 1),
        ('CREATE TABLE "unterminated', 13, len('"unterminated')),
    ],
)
def test_token_width_covers_quoted_and_plain_identifiers(line: str, start: int, width: int) -> None:
    assert token_width(line, start) == width


def test_frame_expands_tabs_so_the_caret_lines_up() -> None:
    frame = code_frame(["\tCREATE TABLE t (id int);"], 1, 15, "DBN101")
    assert frame is not None
    assert frame[1] == "1 |     CREATE TABLE t (id int);"
    assert frame[2] == "  |                  ^ DBN101"


def test_frame_is_skipped_when_the_line_is_gone() -> None:
    assert code_frame(["one line"], 5, 1, "DBN101") is None
    options = RenderOptions(source_lines=lambda path: None)
    assert render_text(CASES["one"], options) == render(CASES["one"], "text")
