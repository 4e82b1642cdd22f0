"""A pull-request comment: what is new, what to delete, how the rename goes.

A bot posts this on a pull request, so it must say at a glance whether the
change passes, then give the reviewer exactly the actionable items: new
findings with their suggested names, stale whitelist entries to delete, and
how the whitelist changed. Legacy names stay folded away in ``<details>``.
Everything user-written goes through :func:`code` or :func:`escape`, because
a table name is rendered as Markdown *and* HTML by GitHub and GitLab.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dbnamelint.core.diagnostics import diagnostic_category
from dbnamelint.core.identity import stored_qualified_name
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.findings import CheckResult, Finding, GateInfo, WhitelistChange
from dbnamelint.report.common import (
    RenderOptions,
    Summary,
    input_problems,
    kind_label,
    listed_findings,
    plural,
    sorted_stale,
    stale_path,
    summarize,
)

# Inline markup: emphasis, code, links/images ([ ]), HTML/autolinks (< >),
# entities (&), strikethrough (~) and table cells (|). With [ and ] escaped,
# ( ) ! # + are plain text inside a line, so they are left alone: GitHub
# renders "\(60%\)" correctly, but every plain-text view (mail, chat
# previews, the raw comment) shows the backslashes.
_SPECIAL = lazy_compile(r"([\\`*_\[\]<>|~&])")
# What starts a block when it opens a line: heading, list item, quote, rule.
_BLOCK_START = lazy_compile(r"^(?:[0-9]+(?=[.)])|(?=[#\-+=]))")
#: Diagnostics by what they are about, so a grown whitelist is never listed
#: as a problem with the SQL.
_DIAGNOSTIC_SECTIONS = (
    ("input", "Input problems"),
    ("suppression", "Inline suppressions"),
    ("whitelist", "Whitelist problems"),
    ("gate", "Gate problems"),
)
_BACKTICKS = lazy_compile(r"`+")


#: What GitHub turns into something live after Markdown is rendered, where a
#: backslash cannot help: mentions, issue and commit references, autolinks
#: (``www.``, ``scheme://``, e-mail) and ``$`` math. Inside a code span none
#: of them happens.
_LIVE = lazy_compile(r"[@$]|#\d|://|www\.|\bGH-\d|\b[0-9a-fA-F]{7,40}\b", re.IGNORECASE)


def escape(text: str) -> str:
    """Text that renders literally and inertly in a table cell, heading or list item.

    One line. Markup is backslash-escaped (and a leading block marker, so a
    list item cannot become a heading); text GitHub would make live (a URL,
    an ``@mention``, ``#12``, a commit hash, ``$math$``) becomes a code span.
    """
    flat = " ".join(text.splitlines())
    if _LIVE.search(flat):
        return code(flat)
    escaped = _SPECIAL.sub(r"\\\1", flat)
    found = _BLOCK_START.match(escaped)
    if found is None:
        return escaped
    return f"{found.group()}\\{escaped[found.end() :]}"


def code(text: str) -> str:
    """``text`` as an inline code span safe inside a table cell.

    The fence is one backtick longer than any run inside the text, and ``|``
    is escaped because GFM splits table cells before it reads code spans.
    """
    text = " ".join(text.splitlines()).replace("|", "\\|")
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def _headline(summary: Summary) -> str:
    if not summary.failed:
        return "## ✅ dbnamelint: a" + summary.passed_text[1:].rstrip("!.")
    return "## ❌ dbnamelint: " + ", ".join(summary.failure_parts)


def _counts_line(summary: Summary) -> list[str]:
    parts = []
    if summary.files_checked:
        parts.append(plural(summary.files_checked, "file"))
    if summary.objects_checked:
        parts.append(plural(summary.objects_checked, "object"))
    if summary.whitelisted:
        parts.append(plural(summary.whitelisted, "whitelisted legacy name"))
    if summary.suppressed:
        parts.append(f"{summary.suppressed} suppressed inline")
    return ["", " · ".join(parts) + "."] if parts else []


def _finding_row(finding: Finding) -> list[str]:
    loc = finding.location
    obj = finding.object
    return [
        code(f"{loc.path}:{loc.line}"),
        f"{escape(kind_label(obj))} {code(stored_qualified_name(obj))}",
        f"{finding.code} {code(finding.rule)}",
        escape(finding.message),  # the Object column already names the object
        code(finding.suggestion) if finding.suggestion else "",
    ]


def _describe_change(change: WhitelistChange) -> str:
    """One whitelist change as the CI gate found it."""
    tail = f" (phase {escape(change.phase)})" if change.phase else ""
    target = f" → {code(change.target)}" if change.target and change.change == "removed" else ""
    return f"{escape(change.kind)} {code(change.name)}{target}{tail}"


#: Headings of each kind of whitelist change, in the order shown.
_CHANGE_TITLES = (
    ("added", "Added"),
    ("widened", "Widened"),
    ("repointed", "Moved to a renamed object's new name"),
    ("removed", "Removed (fixed)"),
    ("dropped", "Deleted while still breaking the rules"),
)


def _whitelist_changes(gate: GateInfo | None) -> list[str]:
    if gate is None:
        return []
    lines: list[str] = []
    for kind, title in _CHANGE_TITLES:
        items = gate.changes(kind)
        if items:
            lines += ["", f"**{title} ({len(items)})**", ""]
            lines.extend(f"- {_describe_change(item)}" for item in items)
    if not lines:
        return []
    return ["", "### Whitelist changes", *lines]


def render_markdown(result: CheckResult, options: RenderOptions) -> str:
    """Render ``result`` as a Markdown pull-request comment."""
    summary = summarize(result)
    lines = [_headline(summary), *_counts_line(summary)]
    new = listed_findings(result, show_whitelisted=False)
    if new:
        lines += ["", "### New findings", ""]
        lines += _table(
            ("Location", "Object", "Rule", "Message", "Suggestion"),
            [_finding_row(f) for f in new],
        )
    stale = sorted_stale(result)
    if stale:
        target = code(options.whitelist_path) if options.whitelist_path else "the whitelist"
        lines += ["", "### Stale whitelist entries", "", f"Delete these from {target}:", ""]
        lines += _table(
            ("Entry", "Kind", "Name", "Reason", "Phase"),
            [
                [
                    code(f"{stale_path(e, options.whitelist_path)}:{e.location.line}"),
                    escape(e.kind),
                    code(e.name),
                    escape(e.reason),
                    escape(e.phase or ""),
                ]
                for e in stale
            ],
        )
    problems = input_problems(result)
    for category, title in _DIAGNOSTIC_SECTIONS:
        chosen = [
            p.diagnostic for p in problems if diagnostic_category(p.diagnostic.code) == category
        ]
        if not chosen:
            continue
        lines += ["", f"### {title}", ""]
        lines += _table(
            ("Location", "Code", "Severity", "Message"),
            [
                [
                    code(f"{d.location.path}:{d.location.line}"),
                    d.code,
                    d.severity.value,
                    escape(d.message),
                ]
                for d in chosen
            ],
        )
    lines += _whitelist_changes(result.gate)
    if result.phases:
        lines += ["", "### Rename progress", ""]
        lines += _table(
            ("Phase", "Status", "Left", "Done"),
            [
                [
                    f"{escape(p.id)} — {escape(p.title)}",
                    escape(p.status),
                    str(p.remaining),
                    str(p.done),
                ]
                for p in result.phases
            ],
        )
    legacy = [f for f in listed_findings(result, show_whitelisted=True) if f.whitelisted]
    if legacy:
        lines += [
            "",
            "<details>",
            f"<summary>{plural(len(legacy), 'whitelisted legacy name')}</summary>",
            "",
        ]
        lines += _table(
            ("Location", "Object", "Rule", "Phase"),
            [
                [
                    code(f"{f.location.path}:{f.location.line}"),
                    f"{escape(kind_label(f.object))} {code(stored_qualified_name(f.object))}",
                    f"{f.code} {code(f.rule)}",
                    escape(f.whitelist_phase or ""),
                ]
                for f in legacy
            ],
        )
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"
