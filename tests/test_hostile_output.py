"""Hostile names, paths and titles in every output medium (issue 15, kinds 10-12).

Text goes to terminals and CI logs, ``github`` to the Actions runner,
markdown to a rendered pull-request comment, SVG to a browser. Each medium
has its own escaping; a property suite throws hostile strings at all of them.
"""

from __future__ import annotations

import html.parser
import re
import xml.dom.minidom

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dbnamelint.burndown import Burndown, Progress, TrendPoint
from dbnamelint.findings import CheckResult, PhaseProgress, StaleEntry
from dbnamelint.model import Diagnostic, Location, ObjectKind, Severity
from dbnamelint.report import FORMATS, render
from dbnamelint.textsafe import visible, visible_path
from test_report_common import finding, obj

#: Terminal attacks: clear screen, OSC 0 (window title), OSC 8 (hyperlink), a
#: bidi override, and a line break followed by a workflow command.
CLEAR = "\x1b[2J"
OSC_TITLE = "\x1b]0;pwned\x07"
OSC_LINK = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
BIDI = "\u202e"
INJECTED = "\n::error file=x.sql,line=1::pwned\n"
EVIL_PATH = "evil\n::error file=x.sql,line=1::pwned\n.sql"

_hostile_chars = st.sampled_from(
    [
        *"\x00\x07\x08\t\n\r\x0b\x0c\x1b\x7f\x85\x9b",
        "\u2028",
        "\u202e",
        "\u2066",
        *":%,@$#[]|`*_<>&\\/ aZ9é",
    ]
)
hostile_text = st.text(_hostile_chars, min_size=1, max_size=30)


def result_with(name: str, path: str = "db/s.sql", title: str = "Phase one") -> CheckResult:
    target = obj(ObjectKind.TABLE, name, path=path, line=3, column=14)
    return CheckResult(
        findings=(
            finding(target, message=f"table name {name!r} is bad", suggestion=name + "_s"),
            finding(target, "DBN101", "x", whitelisted=True, phase=name),
        ),
        diagnostics=(
            Diagnostic(Location(path, 1, 1), Severity.ERROR, f"cannot read {name}", "DBN001"),
        ),
        stale_whitelist=(StaleEntry("table", name, Location(path, 2, 1), f"gone {name}", name),),
        phases=(PhaseProgress(name, title, "open", 1, 0),),
    )


# ----------------------------------------------------------------- text


def assert_terminal_safe(text: str) -> None:
    """No control or bidi character besides line ends; no line a CI runner reads as a command."""
    assert not re.search(
        "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", text
    )
    for line in text.splitlines():
        assert not line.lstrip().startswith("::"), line


def test_terminal_sequences_in_names_are_shown_not_obeyed() -> None:
    name = f"a{CLEAR}{OSC_TITLE}{OSC_LINK}{BIDI}b"
    out = render(result_with(name), "text")
    assert_terminal_safe(out)
    assert "a\\e[2J\\e]0;pwned\\x07" in out  # visible, so a reviewer sees the attack


def test_file_name_with_a_workflow_command_stays_one_line() -> None:
    out = render(result_with("t", path=EVIL_PATH), "text")
    assert_terminal_safe(out)
    assert "evil\\n::error file=x.sql,line=1::pwned\\n.sql:3:14:" in out


def test_path_starting_with_colons_is_prefixed() -> None:
    assert visible_path("::error::x.sql") == "./::error::x.sql"
    assert visible_path("db/a.sql") == "db/a.sql"
    assert visible_path(" ::x.sql") == "./ ::x.sql"  # found by the fuzz run


def test_visible_keeps_printable_text_unchanged() -> None:
    assert visible("Ünïcödé 表 name_1 \"x\" 'y' \\") == "Ünïcödé 表 name_1 \"x\" 'y' \\"
    assert visible("a\nb\rc\td\x1b") == "a\\nb\\rc\\td\\e"
    assert visible("\x9b\u202e") == "\\x9b\\u202e"


@settings(max_examples=300, deadline=None)
@given(hostile_text, hostile_text, hostile_text)
def test_text_report_is_terminal_safe_for_any_name(name: str, path: str, title: str) -> None:
    assert_terminal_safe(render(result_with(name, path, title), "text"))


# ----------------------------------------------------------------- github


def parse_workflow_commands(text: str) -> list[tuple[str, dict[str, str], str]]:
    """Parse lines as the Actions runner does (ActionCommand.TryParseV2).

    The runner splits process output on CR, LF and CRLF only (.NET's
    ReadLine), not on the form feeds and separators ``str.splitlines`` knows.
    """
    out = []
    for line in re.split(r"\r\n|\r|\n", text):
        if not line.startswith("::"):
            continue
        match = re.fullmatch(r"::([^ :]+)(?: ([^:]*))?::(.*)", line)
        assert match, line
        props = {}
        for pair in (match.group(2) or "").split(","):
            if pair:
                key, _, value = pair.partition("=")
                props[key] = value
        out.append((match.group(1), props, match.group(3)))
    return out


def unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return unescape_data(text.replace("%3A", ":").replace("%2C", ","))


@settings(max_examples=300, deadline=None)
@given(hostile_text, hostile_text)
def test_github_commands_round_trip_any_name_and_path(name: str, path: str) -> None:
    result = result_with(name, path)
    commands = parse_workflow_commands(render(result, "github"))
    # one command per new finding, input problem and stale entry; nothing injected
    assert len(commands) == 3
    for _, props, message in commands:
        assert set(props) == {"file", "line", "col", "title"}
        assert unescape_property(props["file"]) == path
        assert "\n" not in message and "\r" not in message
    assert any(name in unescape_data(m) for _, _, m in commands)


# ----------------------------------------------------------------- markdown

cmarkgfm = pytest.importorskip("cmarkgfm")


class _Inert(html.parser.HTMLParser):
    """Collects text outside ``<code>`` and every link a renderer made."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.outside: list[str] = []
        self.links = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "code":
            self.depth += 1
        if tag in {"a", "img", "script", "iframe", "math"}:
            self.links += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "code":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.outside.append(data)


def gfm(markdown: str) -> _Inert:
    from cmarkgfm.cmark import Options

    rendered = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    parser = _Inert()
    parser.feed(rendered)
    return parser


#: What GitHub turns live after rendering: links (autolinked or written),
#: mentions, issue/commit references and math.
LIVE_OUTSIDE_CODE = re.compile(r"https?://|www\.|@\w|#\d|\$|\b[0-9a-f]{7,40}\b", re.IGNORECASE)


@pytest.mark.parametrize(
    "name",
    [
        "https://evil.example/phish",
        "www.evil.example",
        "@octocat",
        "$\\sqrt{x}$",
        "see #12",
        "fix 0123456789abcdef0123",
        "[click](https://evil.example)",
        "<img src=x onerror=alert(1)>",
        "a@b.example",
    ],
)
def test_markdown_names_are_inert_in_a_real_gfm_renderer(name: str) -> None:
    report = render(result_with(name, title=name), "markdown", whitelist_path="whitelist.yaml")
    parsed = gfm(report)
    assert parsed.links == 0
    outside = "".join(parsed.outside)
    assert not LIVE_OUTSIDE_CODE.search(outside), outside


@settings(max_examples=300, deadline=None)
@given(hostile_text, hostile_text)
def test_markdown_is_inert_for_any_name(name: str, title: str) -> None:
    parsed = gfm(render(result_with(name, title=title), "markdown", whitelist_path="w.yaml"))
    assert parsed.links == 0
    assert not LIVE_OUTSIDE_CODE.search("".join(parsed.outside))


# ----------------------------------------------------------------- every format


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_hostile_names(fmt: str) -> None:
    """No format crashes or drops the finding on a name full of controls."""
    name = f"x{CLEAR}{OSC_LINK}{BIDI}{INJECTED}\x00%,:"
    out = render(result_with(name, path=EVIL_PATH), fmt, whitelist_path="whitelist.yaml")
    assert out
    if fmt == "text":
        assert_terminal_safe(out)


# ----------------------------------------------------------------- SVG chart


def burndown_with_titles(titles: list[str]) -> Burndown:
    """A two-commit burn-down with one phase per title."""
    phases = tuple(Progress(f"p{i}", t, "open", "open", 2, 1, 1) for i, t in enumerate(titles))
    trend = tuple(
        TrendPoint(
            f"{m:07d}",
            f"2026-0{m}-01",
            len(titles) * (3 - m),
            tuple((p.key, 3 - m) for p in phases),
        )
        for m in (1, 2)
    )
    total = Progress("", "total", "open", "", 2 * len(titles), len(titles), len(titles))
    return Burndown("whitelist.yaml", True, total, "entries", phases, (), (), trend)


def test_svg_chart_with_control_characters_in_titles_is_valid_xml() -> None:
    pytest.importorskip("pygal")
    from dbnamelint.report.burndown_chart import chart_svg

    titles = ["a\x00b", "c\x1b[2Jd", "e\x0cf", "g\x7f\x85h", "<&>'\"", "\ud7ff\ufffe"]
    svg = chart_svg(burndown_with_titles(titles))
    document = xml.dom.minidom.parseString(svg.encode())  # raises on invalid XML
    assert "c\\e[2Jd" in svg  # the title is shown escaped, not dropped
    assert document.documentElement.tagName == "svg"


@pytest.mark.parametrize("count", [21, 300])
def test_svg_chart_with_hundreds_of_phases_is_made(count: int) -> None:
    """pygal looped forever at 21 phases: its legend left no plot height."""
    pytest.importorskip("pygal")
    from dbnamelint.report.burndown_chart import chart_svg

    titles = [f"Phase {i}: rename the legacy tables of module {i}" for i in range(count)]
    svg = chart_svg(burndown_with_titles(titles))
    root = xml.dom.minidom.parseString(svg.encode()).documentElement
    assert root.tagName == "svg"
    assert root.getElementsByTagName("path")  # the lines were drawn


@settings(max_examples=60, deadline=None)
@given(st.lists(hostile_text, min_size=1, max_size=4))
def test_svg_chart_is_valid_xml_for_any_titles(titles: list[str]) -> None:
    pytest.importorskip("pygal")
    from dbnamelint.report.burndown_chart import chart_svg

    xml.dom.minidom.parseString(chart_svg(burndown_with_titles(titles)).encode())
