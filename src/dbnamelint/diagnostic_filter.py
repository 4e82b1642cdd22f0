"""Which diagnostics a run lists: selection, info notes, inline suppressions.

Applied to a :class:`~dbnamelint.findings.CheckResult` after the rules ran,
before the report and the exit code are decided, so a diagnostic the user
switched off neither prints nor fails the run, and one they did not switch
off always does. Info notes that are merely hidden are kept (as
``hidden_diagnostics``) so reports can count them.
"""

from __future__ import annotations

from collections.abc import Sequence

from msgspec.structs import replace

from dbnamelint.core.diagnostics import (
    DIAGNOSTICS,
    DiagnosticSelection,
    DirectiveSpan,
    lookup_diagnostic,
)
from dbnamelint.findings import CheckResult
from dbnamelint.model import Comment, Diagnostic, Severity
from dbnamelint.suppressions import UNUSED_CODE, Directive, parse_directive

#: An applied migration edited, which the gate, not this filter, judges.
EDITED_CODE = "DBN025"
#: Code migrations whose DBN025 acceptance the gate reads from their text.
_CODE_FILES = (".py", ".php")


def _diagnostic_keys(directive: Directive) -> dict[str, str]:
    """Code -> key as written, for the directive's keys that name diagnostics."""
    out: dict[str, str] = {}
    for key in directive.rules or ():
        info = lookup_diagnostic(key)
        if info is not None:
            out[info.code] = key
    return out


def _suppressor(
    diagnostic: Diagnostic, spans: Sequence[DirectiveSpan], parsed: dict[Comment, Directive]
) -> tuple[Comment, str] | None:
    """The directive comment and key that excuse ``diagnostic``, if any."""
    info = DIAGNOSTICS.get(diagnostic.code)
    if info is not None and not info.ignorable:
        return None
    for span in spans:
        if not span.covers(diagnostic.location):
            continue
        for comment in span.comments:
            directive = parsed.get(comment)
            if directive is None:
                continue
            key = _diagnostic_keys(directive).get(diagnostic.code)
            if key is not None:
                return comment, key
    return None


def _unused(parsed: dict[Comment, Directive], used: dict[Comment, set[str]]) -> list[Diagnostic]:
    out = []
    for comment, directive in parsed.items():
        keys = _diagnostic_keys(directive)
        if not keys:
            continue
        left = [
            key
            for code, key in keys.items()
            if key not in used.get(comment, set())
            # in a code migration the gate reads the acceptance of its edit
            # from the file's text (services.code_ddl._edited_alembic): used there
            and not (code == EDITED_CODE and comment.location.path.lower().endswith(_CODE_FILES))
        ]
        if left:
            out.append(
                Diagnostic(
                    comment.location,
                    Severity.WARNING,
                    f"unused suppression ignore[{','.join(left)}]",
                    UNUSED_CODE,
                )
            )
    return out


def filter_diagnostics(
    result: CheckResult,
    selection: DiagnosticSelection,
    spans: Sequence[DirectiveSpan] = (),
) -> CheckResult:
    """``result`` with diagnostics selected, suppressed inline and info notes hidden.

    Directive keys naming diagnostic codes that excuse nothing are reported
    as unused suppressions (DBN020), like rule keys are.
    """
    parsed: dict[Comment, Directive] = {}
    for span in spans:
        for comment in span.comments:
            directive = parse_directive(comment)
            if isinstance(directive, Directive) and _diagnostic_keys(directive):
                parsed[comment] = directive
    used: dict[Comment, set[str]] = {}
    kept: list[Diagnostic] = []
    hidden: list[Diagnostic] = []
    ignored: list[Diagnostic] = []
    for diagnostic in result.diagnostics:
        excuse = _suppressor(diagnostic, spans, parsed) if parsed else None
        if excuse is not None:
            used.setdefault(excuse[0], set()).add(excuse[1])
        elif selection.lists(diagnostic.code, diagnostic.severity):
            kept.append(diagnostic)
        elif diagnostic.severity is Severity.INFO and selection.hides(diagnostic.code):
            hidden.append(diagnostic)
        elif diagnostic.severity is not Severity.INFO:
            ignored.append(diagnostic)
    unused = [*result.unused_suppressions, *_unused(parsed, used)]
    return replace(
        result,
        diagnostics=tuple(kept),
        unused_suppressions=tuple(d for d in unused if selection.lists(d.code, d.severity)),
        hidden_diagnostics=(*result.hidden_diagnostics, *hidden),
        ignored_diagnostics=(*result.ignored_diagnostics, *ignored),
    )
