"""Inline suppressions: ``-- dbnamelint: ignore[DBN101,table-type-infix] reason``.

A directive lives in a comment of the statement that created or renamed the
object, so it travels with the name: renaming the object in a later
migration drops the old directive's effect. Directives that excuse nothing
are reported, like ruff's unused ``noqa``, so they cannot pile up and hide
future findings; a misspelt directive is reported rather than ignored,
because the author clearly meant to suppress something.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.config import RuleRegistry, expand_selector
from dbnamelint.core.diagnostics import lookup_diagnostic
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.findings import Finding
from dbnamelint.model import Comment, Diagnostic, Schema, Severity

UNUSED_CODE = "DBN020"
MALFORMED_CODE = "DBN021"

_MENTION = lazy_compile(r"\bdbnamelint\s*:\s*", re.IGNORECASE)
_DIRECTIVE = lazy_compile(
    r"ignore(?:\[(?P<rules>[^\]\[]*)\])?(?:\s+(?P<reason>.*)|\s*$)", re.IGNORECASE | re.DOTALL
)
_RULE_KEY = lazy_compile(r"[A-Za-z]+[0-9]+|[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_MARKERS = lazy_compile(r"^\s*(?:--|#|/\*)?\s*(.*?)\s*(?:\*/)?\s*$", re.DOTALL)
#: A Liquibase formatted-SQL changeset header, ``--changeset author:id ...``
#: (Liquibase manual, "Example Changelogs: SQL Format"): ``dbnamelint:x``
#: there is an author and an id (``migrate --write`` writes one), no directive.
_CHANGESET_HEADER = lazy_compile(r"changeset\s+\S", re.IGNORECASE)


class Directive(Struct, frozen=True):
    """A well-formed ``dbnamelint: ignore`` directive."""

    comment: Comment
    rules: tuple[str, ...] | None  # as written; None means every rule
    reason: str = ""

    def matches(self, finding: Finding) -> str | None:
        """The listed key that excuses ``finding`` ("*" for a bare ignore), if any."""
        if self.rules is None:
            return "*"
        for key in self.rules:
            if key.lower() in {finding.code.lower(), finding.rule.lower()}:
                return key
        return None

    @property
    def text(self) -> str:
        """The directive as users write it, for messages."""
        return "ignore" if self.rules is None else f"ignore[{','.join(self.rules)}]"


def parse_directive(comment: Comment) -> Directive | Diagnostic | None:
    """A comment's directive, a diagnostic if it is malformed, or None.

    Only ``dbnamelint:`` (with the colon) starts a directive, so prose that
    mentions the tool's name is not mistaken for one.
    """
    if _MENTION.search(comment.text) is None:
        return None  # the text around the markers holds no mention either
    body = _MARKERS.sub(r"\1", comment.text)
    mention = _MENTION.search(body)
    if mention is None or _CHANGESET_HEADER.match(body):
        return None
    rest = body[mention.end() :]
    found = _DIRECTIVE.match(rest)
    if found is None:
        return _malformed(comment, rest)
    reason = (found.group("reason") or "").strip()
    listed = found.group("rules")
    if listed is None:
        return Directive(comment, None, reason)
    keys = tuple(key.strip() for key in listed.split(","))
    if not keys or any(not _RULE_KEY.fullmatch(key) for key in keys):
        return _malformed(comment, rest)
    return Directive(comment, keys, reason)


def _malformed(comment: Comment, rest: str) -> Diagnostic:
    shown = rest.strip().splitlines()[0][:60] if rest.strip() else ""
    return Diagnostic(
        comment.location,
        Severity.WARNING,
        f"malformed suppression 'dbnamelint: {shown}'; "
        "expected 'dbnamelint: ignore[CODE,...] reason' or 'dbnamelint: ignore'",
        MALFORMED_CODE,
    )


def apply_suppressions(
    findings: Sequence[Finding],
    *,
    schema: Schema | None = None,
    known_rules: RuleRegistry | None = None,
    active_rules: Collection[str] | None = None,
) -> tuple[tuple[Finding, ...], tuple[Diagnostic, ...]]:
    """Mark findings excused inline; report unused and malformed directives.

    ``schema`` lets directives on objects without any finding be reported as
    unused too (without it only the findings' objects are looked at).
    ``known_rules`` makes an unknown code a diagnostic. ``active_rules``
    (codes and names that ran) keeps directives for rules not run this time,
    e.g. under ``--select``, from being called unused.
    """
    comments = _comments((f.object.suppressions for f in findings), schema)
    parsed = {comment: parse_directive(comment) for comment in comments}
    used: dict[Comment, set[str]] = {}

    out: list[Finding] = []
    for finding in findings:
        excused = False
        for comment in finding.object.suppressions:
            directive = parsed.get(comment)
            if isinstance(directive, Directive):
                key = directive.matches(finding)
                if key is not None:
                    used.setdefault(comment, set()).add(key)
                    excused = True
        out.append(replace(finding, suppressed=True) if excused else finding)

    diagnostics: list[Diagnostic] = []
    for comment, result in parsed.items():
        if isinstance(result, Diagnostic):
            diagnostics.append(result)
        elif isinstance(result, Directive):
            diagnostics += _check_directive(
                result, used.get(comment, set()), known_rules, active_rules
            )
    diagnostics.sort(key=lambda d: (d.location.path, d.location.line, d.location.column, d.code))
    return tuple(out), tuple(diagnostics)


def _comments(groups: Iterable[Sequence[Comment]], schema: Schema | None) -> list[Comment]:
    """Each comment once: a statement's comments are shared by all its objects."""
    seen: dict[Comment, None] = {}
    # The objects of one statement share its comments' tuple: each is taken once.
    groups_seen: set[int] = set()
    kept: list[Sequence[Comment]] = []  # keeps each id() taken valid
    every = (*groups, *((o.suppressions for o in schema.objects) if schema is not None else ()))
    for group in every:
        if not group or id(group) in groups_seen:
            continue
        groups_seen.add(id(group))
        kept.append(group)
        seen.update(dict.fromkeys(group))
    return list(seen)


def _check_directive(
    directive: Directive,
    used: set[str],
    known_rules: RuleRegistry | None,
    active_rules: Collection[str] | None,
) -> list[Diagnostic]:
    location = directive.comment.location
    if directive.rules is None:
        if used:
            return []
        return [Diagnostic(location, Severity.WARNING, "unused suppression ignore", UNUSED_CODE)]
    out: list[Diagnostic] = []
    unused: list[str] = []
    active = {a.lower() for a in active_rules} if active_rules is not None else None
    for key in directive.rules:
        if lookup_diagnostic(key) is not None:
            continue  # a diagnostic code: judged by dbnamelint.diagnostic_filter
        if known_rules is not None:
            try:
                expand_selector(key, known_rules, prefixes=False)
            except LookupError as exc:
                out.append(
                    Diagnostic(
                        location, Severity.WARNING, f"suppression: {exc.args[0]}", MALFORMED_CODE
                    )
                )
                continue
        if key in used or (active is not None and key.lower() not in active):
            continue
        unused.append(key)
    if unused:
        out.append(
            Diagnostic(
                location,
                Severity.WARNING,
                f"unused suppression ignore[{','.join(unused)}]",
                UNUSED_CODE,
            )
        )
    return out
