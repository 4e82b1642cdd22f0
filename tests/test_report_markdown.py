"""The pull-request comment: headline, actionable sections, safe escaping."""

from __future__ import annotations

import re

import pytest

from dbnamelint.findings import CheckResult, GateInfo, WhitelistChange
from dbnamelint.report import render
from dbnamelint.report.markdown import code, escape
from test_report_common import CASE_IDS, CASES


def md(case: str | CheckResult) -> str:
    result = CASES[case] if isinstance(case, str) else case
    return render(result, "markdown", whitelist_path="whitelist.yaml")


def cells(row: str) -> list[str]:
    """Split a GFM table row the way GFM does: on pipes not escaped by a backslash."""
    assert row.startswith("| ") and row.endswith(" |"), row
    return [c.strip() for c in re.split(r"(?<!\\)\|", row[1:-1])]


def section(text: str, title: str) -> list[str]:
    """The lines under a ``### title`` heading, up to the next heading or details."""
    lines = text.splitlines()
    start = lines.index(f"### {title}") + 1
    end = next(
        (i for i in range(start, len(lines)) if lines[i].startswith(("###", "<details>"))),
        len(lines),
    )
    return [line for line in lines[start:end] if line]


@pytest.mark.parametrize("case", CASE_IDS)
def test_headline_matches_outcome(case: str) -> None:
    first = md(case).splitlines()[0]
    if CASES[case].failed:
        assert first.startswith("## ❌ dbnamelint: ")
    else:
        assert first.startswith("## ✅ dbnamelint: all checks passed")


@pytest.mark.parametrize(
    ("case", "headline"),
    [
        ("one", "## ❌ dbnamelint: 1 new finding"),
        ("stale", "## ❌ dbnamelint: 1 stale whitelist entry"),
        (
            "diagnostics",
            "## ❌ dbnamelint: 1 input error, 1 unused or malformed suppression",
        ),
        (
            "everything",
            "## ❌ dbnamelint: 2 new findings, 1 input error, 1 stale whitelist entry,"
            " 1 unused or malformed suppression",
        ),
    ],
    ids=["one", "stale", "diagnostics", "everything"],
)
def test_headline_says_what_failed(case: str, headline: str) -> None:
    assert md(case).splitlines()[0] == headline


@pytest.mark.parametrize("case", CASE_IDS)
def test_every_table_row_has_as_many_cells_as_its_header(case: str) -> None:
    widths: list[int] = []
    for line in md(case).splitlines():
        if line.startswith("| "):
            widths.append(len(cells(line)))
        elif line.startswith("|---"):
            assert line.count("|") - 1 == widths[-1]
        elif widths:
            assert len(set(widths)) == 1, (case, widths)
            widths = []
    assert len(set(widths)) <= 1


def test_new_findings_table() -> None:
    rows = section(md("one"), "New findings")
    assert cells(rows[0]) == ["Location", "Object", "Rule", "Message", "Suggestion"]
    assert cells(rows[2]) == [
        "`db/ws.sql:3`",
        "table `ws_activity_log`",
        "DBN104 `table-type-infix`",
        "log table must read \\<prefix\\>\\_log\\_\\<rest\\>",
        "`ws_log_activity`",
    ]
    assert len(rows) == 3


def test_special_characters_cannot_break_the_table_or_inject_html() -> None:
    text = md("special")
    (row,) = section(text, "New findings")[2:]
    location, obj_cell, _, message, suggestion = cells(row)
    assert location == "`db/dir, with: odd%chars/s.sql:7`"
    # the name sits in a code span two backticks long because it contains one
    assert obj_cell == 'table ``Ünïcödé 100%, "quoted" <b>\\|`x`\\|</b>: a b``'
    assert "\\<y\\> \\| z" in message
    assert suggestion == "`a,b:c%`"
    outside_code = re.sub(r"(`+).*?\1", "", text)
    assert "<b>" not in outside_code and "<y>" not in outside_code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("plain", "`plain`"),
        ("a|b", "`a\\|b`"),
        ("a`b", "``a`b``"),
        ("`edge`", "`` `edge` ``"),
        ("two\nlines", "`two lines`"),
        ("<script>", "`<script>`"),
    ],
    ids=["plain", "pipe", "backtick", "edge-backticks", "newline", "html"],
)
def test_code_span(raw: str, expected: str) -> None:
    assert code(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("plain text", "plain text"),
        ("a_b*c", "a\\_b\\*c"),
        ("<img src=x>", "\\<img src=x\\>"),
        ("x | y", "x \\| y"),
        ("[link](u)", "\\[link\\](u)"),
        ("6 of 13 (46%)", "6 of 13 (46%)"),
        ("# not a heading", "\\# not a heading"),
        ("1. not a list", "1\\. not a list"),
        ("a\nb", "a b"),
    ],
    ids=["plain", "emphasis", "html", "pipe", "link", "percent", "heading", "list", "newline"],
)
def test_escape(raw: str, expected: str) -> None:
    assert escape(raw) == expected


def test_stale_entries_say_delete_these() -> None:
    lines = section(md("stale"), "Stale whitelist entries")
    assert lines[0] == "Delete these from `whitelist.yaml`:"
    assert cells(lines[3]) == [
        "`whitelist.yaml:12`",
        "table",
        "`sys_old`",
        "object no longer exists",
        "phase-1",
    ]


def test_whitelist_changes_only_when_the_gate_filled_them() -> None:
    assert "### Whitelist changes" not in md("one")
    lines = section(md("everything"), "Whitelist changes")
    assert lines == [
        "**Added (1)**",
        "- table `ws_tmp` (phase phase-2)",
        "**Removed (fixed) (1)**",
        "- table `sys_old` → `sys_new`",
    ]
    dropped = CheckResult(
        findings=(),
        gate=GateInfo("main", "0" * 40, 0, (WhitelistChange("dropped", "table", "a"),)),
    )
    assert section(md(dropped), "Whitelist changes") == [
        "**Deleted while still breaking the rules (1)**",
        "- table `a`",
    ]


def test_phase_progress_table() -> None:
    rows = section(md("everything"), "Rename progress")
    assert [cells(r) for r in rows[2:]] == [
        ["phase-1 — Module prefixes", "active", "2", "1"],
        ["phase-2 — Type infixes", "planned", "5", "0"],
    ]
    assert "### Rename progress" not in md("one")


def test_legacy_names_are_folded_away() -> None:
    text = md("whitelisted")
    assert text.splitlines()[0] == "## ✅ dbnamelint: all checks passed"
    assert "### New findings" not in text
    folded = text[text.index("<details>") : text.index("</details>")]
    assert "<summary>1 whitelisted legacy name</summary>" in folded
    assert "`sys_rag`" in folded
    # inline-suppressed findings are not legacy names
    assert "idx1" not in folded
    assert "<details>" not in md("one")


def test_input_problems_listed() -> None:
    rows = section(md("diagnostics"), "Input problems")
    assert [cells(r)[:3] for r in rows[2:]] == [
        ["`db/ai.sql:1`", "DBN010", "warning"],
        ["`db/ws.sql:2`", "DBN001", "error"],
    ]
    rows = section(md("diagnostics"), "Inline suppressions")
    assert [cells(r)[:3] for r in rows[2:]] == [["`db/ws.sql:4`", "DBN020", "warning"]]


def test_whitelist_growth_is_not_an_input_problem() -> None:
    from dbnamelint.model import Diagnostic, Location, Severity

    growth = Diagnostic(Location("whitelist.yaml", 4, 3), Severity.ERROR, "entry added", "DBN901")
    text = md(CheckResult(findings=(), diagnostics=(growth,)))
    assert "### Input problems" not in text
    assert [cells(r)[1] for r in section(text, "Whitelist problems")[2:]] == ["DBN901"]
    assert text.splitlines()[0] == "## ❌ dbnamelint: 1 whitelist entry added or widened"


def test_consumer_commonmark_renders_cells_literally() -> None:
    """A CommonMark + GFM-tables parser shows escaped text exactly as written."""
    markdown_it = pytest.importorskip("markdown_it")
    parser = markdown_it.MarkdownIt("commonmark").enable("table").enable("strikethrough")
    for raw in ["6 of 13 (46%)", "a_b*c ~~d~~ [l](u) <b>&amp;", "# x", "1. y", "x | y"]:
        tokens = parser.parse(f"| h |\n|---|\n| {escape(raw)} |\n")
        inline = [t for t in tokens if t.type == "inline"][1]
        children = inline.children or []
        assert [c.type for c in children] == ["text"] * len(children), raw
        assert "".join(c.content for c in children) == raw
        listed = next(t for t in parser.parse(f"- {escape(raw)}\n") if t.type == "inline")
        assert listed.content and not any(
            t.type.startswith("heading") for t in parser.parse(f"- {escape(raw)}\n")
        )
