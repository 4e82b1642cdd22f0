"""Shared report inputs (hand-made CheckResults) and tests of the shared helpers.

The other ``test_report_*`` modules import the builders from here, so every
format is exercised on the same named cases.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import pytest
from msgspec.structs import replace

from dbnamelint.findings import (
    CheckResult,
    Finding,
    GateInfo,
    PhaseProgress,
    StaleEntry,
    WhitelistChange,
)
from dbnamelint.model import Diagnostic, Location, ObjectKind, SchemaObject, Severity, SourceFile
from dbnamelint.report import FORMATS, UnknownFormatError, render
from dbnamelint.report.common import (
    dedupe_fingerprints,
    finding_fingerprint,
    finding_message,
    finding_text,
    summarize,
)


def obj(
    kind: ObjectKind,
    name: str,
    *,
    path: str = "db/ws.sql",
    line: int = 1,
    column: int = 1,
    table: str | None = None,
    schema: str | None = None,
    module: str | None = "ws",
    quoted: bool = False,
) -> SchemaObject:
    """A schema object written at ``path:line:column`` (PostgreSQL: an unquoted
    name is shown folded, as the database stores it)."""
    attached = table is not None
    return SchemaObject(
        kind=kind,
        name=name,
        location=Location(path, line, column),
        source=SourceFile(path, "postgres", module),
        schema=None if attached else schema,
        table=table,
        table_schema=schema if attached else None,
        quoted=quoted,
    )


def finding(
    target: SchemaObject,
    code: str = "DBN104",
    rule: str = "table-type-infix",
    *,
    severity: Severity = Severity.ERROR,
    message: str = "log table must read <prefix>_log_<rest>",
    suggestion: str | None = None,
    whitelisted: bool = False,
    phase: str | None = None,
    suppressed: bool = False,
) -> Finding:
    """A finding on ``target``."""
    return Finding(
        code=code,
        rule=rule,
        severity=severity,
        object=target,
        message=message,
        suggestion=suggestion,
        whitelisted=whitelisted,
        whitelist_phase=phase,
        suppressed=suppressed,
    )


ACTIVITY = obj(ObjectKind.TABLE, "ws_activity_log", line=3, column=14)
# Quoted: PostgreSQL keeps a camelCase column only as "userId".
USER_ID = obj(
    ObjectKind.COLUMN, "userId", line=5, column=5, table="ws_users", schema="public", quoted=True
)
SYS_RAG = obj(ObjectKind.TABLE, "sys_rag", path="db/ai.sql", line=2, column=14, module="ai")
WEIRD = obj(
    ObjectKind.TABLE,
    'Ünïcödé 100%, "quoted" <b>|`x`|</b>: a\nb',
    path="db/dir, with: odd%chars/s.sql",
    line=7,
    column=3,
)

LOG_FINDING = finding(ACTIVITY, suggestion="ws_log_activity")
CASE_FINDING = finding(
    USER_ID,
    "DBN201",
    "column-identifier-case",
    severity=Severity.WARNING,
    message="name is camelCase, expected snake_case",
    suggestion="user_id",
)
INFO_FINDING = finding(
    ACTIVITY, "DBN150", "table-plural", severity=Severity.INFO, message="last word not plural"
)
LEGACY_FINDING = finding(
    SYS_RAG,
    "DBN101",
    "table-missing-module-prefix",
    message="table must start with ai_",
    suggestion="ai_rag",
    whitelisted=True,
    phase="phase-1",
)
SUPPRESSED_FINDING = finding(
    obj(ObjectKind.INDEX, "idx1", line=9, column=14, table="ws_activity_log"),
    "DBN301",
    "index-name-template",
    message="expected idx_ws_activity_log_ws_id",
    suppressed=True,
)
WEIRD_FINDING = finding(WEIRD, message='bad 100% name, "x": <y> | z', suggestion="a,b:c%")

STALE = StaleEntry(
    kind="table",
    name="sys_old",
    location=Location("whitelist.yaml", 12, 5),
    reason="object no longer exists",
    phase="phase-1",
)
PARSE_ERROR = Diagnostic(
    Location("db/ws.sql", 2, 1), Severity.ERROR, "cannot read CREATE POLICY", "DBN001"
)
PARSE_WARNING = Diagnostic(
    Location("db/ai.sql", 1, 1), Severity.WARNING, "rename of unknown table t", "DBN010"
)
UNUSED = Diagnostic(
    Location("db/ws.sql", 4, 3), Severity.WARNING, "unused suppression ignore[DBN999]", "DBN020"
)

#: The named inputs every format is tested on.
CASES: Mapping[str, CheckResult] = MappingProxyType(
    {
        "empty": CheckResult(findings=(), files_checked=2, objects_checked=10),
        "one": CheckResult(findings=(LOG_FINDING,), files_checked=1, objects_checked=3),
        "mixed": CheckResult(findings=(INFO_FINDING, CASE_FINDING, LOG_FINDING)),
        "whitelisted": CheckResult(
            findings=(LEGACY_FINDING, SUPPRESSED_FINDING),
            phases=(PhaseProgress("phase-1", "Module prefixes", "active", 2, 0),),
        ),
        "stale": CheckResult(findings=(LEGACY_FINDING,), stale_whitelist=(STALE,)),
        "diagnostics": CheckResult(
            findings=(), diagnostics=(PARSE_WARNING, PARSE_ERROR), unused_suppressions=(UNUSED,)
        ),
        "warning-only-diagnostic": CheckResult(findings=(), diagnostics=(PARSE_WARNING,)),
        "special": CheckResult(findings=(WEIRD_FINDING,)),
        "everything": CheckResult(
            findings=(
                WEIRD_FINDING,
                LEGACY_FINDING,
                LOG_FINDING,
                CASE_FINDING,
                SUPPRESSED_FINDING,
                INFO_FINDING,
            ),
            diagnostics=(PARSE_ERROR, PARSE_WARNING),
            stale_whitelist=(STALE,),
            unused_suppressions=(UNUSED,),
            phases=(
                PhaseProgress("phase-1", "Module prefixes", "active", 2, 1),
                PhaseProgress("phase-2", "Type infixes", "planned", 5, 0),
            ),
            files_checked=3,
            objects_checked=42,
            gate=GateInfo(
                "main",
                "0" * 40,
                3,
                (
                    WhitelistChange("added", "table", "ws_tmp", phase="phase-2", line=7),
                    WhitelistChange("removed", "table", "sys_old", target="sys_new"),
                ),
            ),
        ),
    }
)
CASE_IDS = tuple(CASES)


def reordered(result: CheckResult) -> CheckResult:
    """``result`` with every collection reversed; reports must not care."""
    return CheckResult(
        findings=result.findings[::-1],
        diagnostics=result.diagnostics[::-1],
        stale_whitelist=result.stale_whitelist[::-1],
        unused_suppressions=result.unused_suppressions[::-1],
        phases=result.phases,
        files_checked=result.files_checked,
        objects_checked=result.objects_checked,
        gate=result.gate,
    )


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", CASE_IDS)
def test_output_does_not_depend_on_input_order(case: str, fmt: str) -> None:
    result = CASES[case]
    for show in (False, True):
        first = render(result, fmt, show_whitelisted=show, tool_version="9.9")
        again = render(reordered(result), fmt, show_whitelisted=show, tool_version="9.9")
        assert first == again
        assert first.endswith("\n")


def test_formats_lists_every_documented_format_with_text_first() -> None:
    assert FORMATS[0] == "text"
    assert set(FORMATS) == {"text", "json", "github", "sarif", "junit", "gitlab", "markdown"}


def test_unknown_format_is_a_typed_error_naming_the_choices() -> None:
    with pytest.raises(UnknownFormatError) as info:
        render(CASES["empty"], "yaml")
    assert info.value.fmt == "yaml"
    assert "sarif" in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("target", "message", "expected"),
    [
        (ACTIVITY, "bad infix", 'table "ws_activity_log": bad infix'),
        (
            ACTIVITY,
            'table "ws_activity_log" lacks an infix',
            'table "ws_activity_log" lacks an infix',
        ),
        (USER_ID, "camelCase", 'column "public.ws_users.userId": camelCase'),
        (USER_ID, 'column "userId" is camelCase', 'column "userId" is camelCase'),
        (
            obj(ObjectKind.MATERIALIZED_VIEW, "mv"),
            "x",
            'materialized view "mv": x',
        ),
        (obj(ObjectKind.TABLE, 'a"b\nc\\'), "x", r'table "a\"b\nc\\": x'),
        (obj(ObjectKind.TABLE, "t\x01"), "x", r'table "t\x01": x'),
    ],
    ids=[
        "prefixed",
        "already-named",
        "attached",
        "attached-named",
        "kind-words",
        "escapes",
        "ctrl",
    ],
)
def test_finding_message_names_its_object_once(
    target: SchemaObject, message: str, expected: str
) -> None:
    assert finding_message(finding(target, message=message)) == expected


def test_finding_text_appends_the_suggestion_only_when_there_is_one() -> None:
    assert finding_text(LOG_FINDING).endswith(" (suggestion: ws_log_activity)")
    assert "suggestion" not in finding_text(INFO_FINDING)


SUMMARY_ROWS = [
    ("empty", 0, 0, 0, 0, 0, False),
    ("one", 1, 0, 0, 0, 1, True),
    # an error, a warning and an info finding: only the error fails (--fail-on error)
    ("mixed", 3, 0, 0, 0, 1, True),
    ("whitelisted", 0, 1, 1, 0, 0, False),
    ("stale", 0, 1, 0, 1, 1, True),
    # one error diagnostic + one unused suppression; the warning does not fail
    ("diagnostics", 0, 0, 0, 0, 2, True),
    ("warning-only-diagnostic", 0, 0, 0, 0, 0, False),
    ("everything", 4, 1, 1, 1, 5, True),
]


@pytest.mark.parametrize(
    ("case", "new", "whitelisted", "suppressed", "stale", "failures", "failed"),
    SUMMARY_ROWS,
    ids=[row[0] for row in SUMMARY_ROWS],
)
def test_summary_counts_agree_with_failed(
    case: str, new: int, whitelisted: int, suppressed: int, stale: int, failures: int, failed: bool
) -> None:
    summary = summarize(CASES[case])
    assert (summary.new, summary.whitelisted, summary.suppressed, summary.stale) == (
        new,
        whitelisted,
        suppressed,
        stale,
    )
    assert summary.failures == failures
    assert summary.failed is failed is CASES[case].failed


def test_summary_groups_new_findings_by_code_most_frequent_first() -> None:
    summary = summarize(CASES["everything"])
    assert [(c.code, c.rule, c.count) for c in summary.by_code] == [
        ("DBN104", "table-type-infix", 2),
        ("DBN150", "table-plural", 1),
        ("DBN201", "column-identifier-case", 1),
    ]
    assert summary.by_severity == ((Severity.ERROR, 2), (Severity.WARNING, 1), (Severity.INFO, 1))


def test_fingerprint_follows_identity_not_line() -> None:
    moved = finding(obj(ObjectKind.TABLE, "ws_activity_log", path="db/ws.sql", line=99, column=1))
    other_kind = finding(obj(ObjectKind.VIEW, "ws_activity_log"))
    other_code = finding(ACTIVITY, "DBN105")
    base = finding_fingerprint(LOG_FINDING)
    assert finding_fingerprint(moved) == base
    assert finding_fingerprint(other_kind) != base
    assert finding_fingerprint(other_code) != base
    # the default schema written out is the same object (ObjectRef)
    qualified = finding(replace(ACTIVITY, schema="public"))
    assert finding_fingerprint(qualified) == finding_fingerprint(finding(ACTIVITY))
    assert finding_fingerprint(finding(replace(ACTIVITY, schema="audit"))) != finding_fingerprint(
        finding(ACTIVITY)
    )


def test_dedupe_fingerprints_keeps_first_and_separates_repeats() -> None:
    out = dedupe_fingerprints(["a", "b", "a", "a"])
    assert out[:2] == ("a", "b")
    assert len(set(out)) == 4
    assert dedupe_fingerprints(["a", "b", "a", "a"]) == out
