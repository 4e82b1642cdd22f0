"""Help text for a code, as ``dbnamelint rules CODE`` prints it, for report formats.

SARIF consumers (GitHub code scanning, IDEs) show a rule's ``help`` next to
each alert; taking it from the same place as ``dbnamelint rules`` keeps the
two from drifting. Rules document themselves (their docstrings); every other
code is in :mod:`dbnamelint.core.diagnostics`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from msgspec import Struct

from dbnamelint.core.diagnostics import DIAGNOSTICS, diagnostic_doc
from dbnamelint.report.common import INFORMATION_URI
from dbnamelint.rules.base import Rule

#: Where the README documents rules and diagnostics (SARIF ``helpUri``).
RULES_URI = f"{INFORMATION_URI}/blob/main/README.md#rules"
DIAGNOSTICS_URI = f"{INFORMATION_URI}/blob/main/README.md#diagnostics"


class RuleHelp(Struct, frozen=True):
    """One code's documentation: a paragraph, the full Markdown text and a link."""

    full_description: str
    markdown: str
    uri: str


@functools.cache
def _rules() -> Mapping[str, type[Rule]]:
    from dbnamelint.rules.registry import RuleLoadError, discover_rules

    try:
        return discover_rules()
    except RuleLoadError:  # a broken plugin: help for the built-ins is still right
        return {}


def _section(text: str, heading: str) -> str:
    """The first paragraph under ``heading`` (a ``## `` line), or ''."""
    lines = text.splitlines()
    try:
        start = [line.strip() for line in lines].index(heading) + 1
    except ValueError:
        return ""
    paragraph: list[str] = []
    for line in lines[start:]:
        if line.startswith("#"):
            break
        if not line.strip():
            if paragraph:
                break
            continue
        paragraph.append(line.strip())
    return " ".join(paragraph)


def rule_help(code: str) -> RuleHelp | None:
    """Help for a rule or diagnostic code, or None for a code nobody documents."""
    info = DIAGNOSTICS.get(code)
    if info is not None:
        return RuleHelp(info.what, diagnostic_doc(info), DIAGNOSTICS_URI)
    cls = _rules().get(code)
    if cls is None:
        return None
    from dbnamelint.rules.docs import rule_doc, summary

    text = rule_doc(cls)
    return RuleHelp(_section(text, "## What it does") or summary(cls), text, RULES_URI)
