"""Inline ``dbnamelint: ignore[...]`` directives: parsing, matching, unused, malformed."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import pytest

from dbnamelint.findings import Finding
from dbnamelint.model import (
    Comment,
    Diagnostic,
    Location,
    ObjectKind,
    Schema,
    SchemaObject,
    Severity,
    SourceFile,
)
from dbnamelint.rules.base import Rule
from dbnamelint.suppressions import Directive, apply_suppressions, parse_directive

SOURCE = SourceFile("db/schema.sql", "postgres", None)


def comment(text: str, line: int = 1) -> Comment:
    return Comment(text, Location(SOURCE.path, line, 1))


def obj(name: str, *comments: Comment, kind: ObjectKind = ObjectKind.TABLE) -> SchemaObject:
    return SchemaObject(
        kind=kind,
        name=name,
        location=Location(SOURCE.path, 3, 14),
        source=SOURCE,
        suppressions=comments,
    )


def finding(o: SchemaObject, code: str = "DBN104", rule: str = "table-type-infix") -> Finding:
    return Finding(code, rule, Severity.ERROR, o, "bad name")


@pytest.mark.parametrize(
    ("text", "rules", "reason"),
    [
        ("dbnamelint: ignore[DBN101]", ("DBN101",), ""),
        (
            "dbnamelint: ignore[DBN101,table-type-infix] legacy, phase 1",
            ("DBN101", "table-type-infix"),
            "legacy, phase 1",
        ),
        ("dbnamelint: ignore[ DBN101 , dbn104 ]", ("DBN101", "dbn104"), ""),
        ("dbnamelint: ignore", None, ""),
        ("dbnamelint: ignore kept for the mobile app", None, "kept for the mobile app"),
        ("DBNameLint:ignore[DBN101]", ("DBN101",), ""),
        ("-- dbnamelint: ignore[DBN101]", ("DBN101",), ""),
        ("# dbnamelint: ignore[DBN101]", ("DBN101",), ""),
        ("/* dbnamelint: ignore[DBN101] why */", ("DBN101",), "why"),
        ("users table; dbnamelint: ignore[DBN105]", ("DBN105",), ""),
    ],
    ids=[
        "one-code",
        "code-and-name-with-reason",
        "spaces",
        "bare-ignore",
        "bare-ignore-with-reason",
        "case-and-no-space",
        "sql-marker-left-in",
        "mysql-marker-left-in",
        "block-markers-left-in",
        "after-prose",
    ],
)
def test_parse_directive(text: str, rules: tuple[str, ...] | None, reason: str) -> None:
    parsed = parse_directive(comment(text))
    assert isinstance(parsed, Directive)
    assert parsed.rules == rules
    assert parsed.reason == reason


@pytest.mark.parametrize(
    "text",
    [
        "dbnamelint: ignor[DBN101]",
        "dbnamelint: ignore[DBN101",
        "dbnamelint: ignore[]",
        "dbnamelint: ignore[DBN101,,DBN104]",
        "dbnamelint: ignore[DBN 101]",
        "dbnamelint: ignored",
        "dbnamelint: disable[DBN101]",
        "dbnamelint:",
    ],
    ids=[
        "typo",
        "unclosed",
        "empty-list",
        "empty-item",
        "space-in-code",
        "ignored",
        "other-verb",
        "nothing",
    ],
)
def test_malformed_directive_is_a_diagnostic(text: str) -> None:
    parsed = parse_directive(comment(text, line=7))
    assert isinstance(parsed, Diagnostic)
    assert parsed.code == "DBN021"
    assert parsed.location == Location(SOURCE.path, 7, 1)
    assert "malformed suppression" in parsed.message


@pytest.mark.parametrize(
    "text",
    ["plain comment", "see dbnamelint docs", "dbnamelint ignore[DBN101] (no colon)", ""],
    ids=["plain", "mentions-tool", "no-colon", "empty"],
)
def test_comments_without_directive(text: str) -> None:
    assert parse_directive(comment(text)) is None


MATCH_CASES = [
    pytest.param("dbnamelint: ignore[DBN104]", True, (), id="code"),
    pytest.param("dbnamelint: ignore[dbn104]", True, (), id="code-any-case"),
    pytest.param("dbnamelint: ignore[table-type-infix]", True, (), id="name"),
    pytest.param("dbnamelint: ignore", True, (), id="all"),
    pytest.param(
        "dbnamelint: ignore[DBN104,DBN101]",
        True,
        ("unused suppression ignore[DBN101]",),
        id="partly-unused",
    ),
    pytest.param(
        "dbnamelint: ignore[DBN101]", False, ("unused suppression ignore[DBN101]",), id="other-code"
    ),
    pytest.param(
        "dbnamelint: ignor[DBN104]",
        False,
        (
            "malformed suppression 'dbnamelint: ignor[DBN104]'; expected "
            "'dbnamelint: ignore[CODE,...] reason' or 'dbnamelint: ignore'",
        ),
        id="malformed",
    ),
]


@pytest.mark.parametrize(("text", "suppressed", "messages"), MATCH_CASES)
def test_apply_suppressions(text: str, suppressed: bool, messages: tuple[str, ...]) -> None:
    target = obj("ws_activity_log", comment("created for the activity feed"), comment(text, 2))
    (result,), diagnostics = apply_suppressions([finding(target)])
    assert result.suppressed is suppressed
    assert result.is_new is not suppressed
    assert tuple(d.message for d in diagnostics) == messages
    assert all(d.location == Location(SOURCE.path, 2, 1) for d in diagnostics)
    assert all(d.severity is Severity.WARNING for d in diagnostics)


def test_a_statement_comment_shared_by_its_objects_is_reported_once() -> None:
    shared = comment("dbnamelint: ignore[DBN201]", 1)
    table = obj("Users", shared)
    column = obj("userId", shared, kind=ObjectKind.COLUMN)
    findings = [finding(table, "DBN101", "table-name-case"), finding(column, "DBN201", "col")]
    result, diagnostics = apply_suppressions(findings)
    assert [f.suppressed for f in result] == [False, True]
    assert diagnostics == ()


def test_unused_bare_ignore_and_objects_without_findings() -> None:
    quiet = obj("app_users", comment("dbnamelint: ignore", 4))
    noisy = obj("Users", comment("dbnamelint: ignore[DBN101]", 9))
    result, diagnostics = apply_suppressions(
        [finding(noisy, "DBN101", "table-name-case")], schema=Schema((quiet, noisy))
    )
    assert result[0].suppressed
    assert diagnostics == (
        Diagnostic(
            Location(SOURCE.path, 4, 1), Severity.WARNING, "unused suppression ignore", "DBN020"
        ),
    )


def test_without_schema_objects_without_findings_are_not_seen() -> None:
    quiet = obj("app_users", comment("dbnamelint: ignore", 4))
    _, diagnostics = apply_suppressions([], schema=None)
    assert diagnostics == ()
    _, diagnostics = apply_suppressions([], schema=Schema((quiet,)))
    assert len(diagnostics) == 1


def test_rules_that_did_not_run_are_not_unused() -> None:
    target = obj("t", comment("dbnamelint: ignore[DBN104,DBN301]", 2))
    _, diagnostics = apply_suppressions(
        [], schema=Schema((target,)), active_rules={"DBN104", "table-type-infix"}
    )
    assert [d.message for d in diagnostics] == ["unused suppression ignore[DBN104]"]


class InfixRule(Rule):
    code = "DBN104"
    name = "table-type-infix"


KNOWN: Mapping[str, type[Rule]] = MappingProxyType({"DBN104": InfixRule})


def test_unknown_rule_is_reported_with_known_rules() -> None:
    target = obj("t", comment("dbnamelint: ignore[DBN104,table-type-infx]", 2))
    (result,), diagnostics = apply_suppressions([finding(target)], known_rules=KNOWN)
    assert result.suppressed
    assert [(d.code, d.message) for d in diagnostics] == [
        ("DBN021", "suppression: unknown rule 'table-type-infx' (did you mean table-type-infix?)"),
    ]


def test_diagnostics_are_sorted_by_location() -> None:
    a = obj("a", comment("dbnamelint: ignore[DBN1]", 9))
    b = obj("b", comment("dbnamelint: nope", 3))
    _, diagnostics = apply_suppressions([], schema=Schema((a, b)))
    assert [d.location.line for d in diagnostics] == [3, 9]
    assert [d.code for d in diagnostics] == ["DBN021", "DBN020"]
