"""Running configured rules over a schema and turning violations into findings.

Severity belongs to the configuration, not to the rule, so the engine takes
(rule, severity) pairs. Findings come out in one stable order so that every
report, baseline and snapshot test sees the same sequence on every run.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator, Sequence

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.core.compatibility import OldColumns, keeps_old_name, old_columns
from dbnamelint.dialects import profile_for
from dbnamelint.findings import Finding
from dbnamelint.go_list_sql import is_runner_object as is_go_runner_object
from dbnamelint.liquibase_tables import is_configured_tool_object
from dbnamelint.migration_text import PLACEHOLDER_CODE, has_placeholder, holds_placeholder
from dbnamelint.model import (
    ConstraintType,
    Diagnostic,
    Location,
    Schema,
    SchemaObject,
    Severity,
)
from dbnamelint.rules.base import Rule, RuleContext, Violation
from dbnamelint.rules.fixes import merge_fixes
from dbnamelint.rules.stored import profile_of, stored_object
from dbnamelint.synapse_layout import is_runner_object
from dbnamelint.tool_tables import dumped_tool_tables, in_tables, is_dumped_tool_object


class RuleCrash(Struct, frozen=True):
    """What is known about a rule that raised: a bug, never the user's fault."""

    code: str
    rule: str
    object_name: str | None
    location: Location
    error: str  # exception type and message
    where: str  # innermost frame, file:line, to find the bug without a traceback

    @property
    def diagnostic(self) -> Diagnostic:
        """The crash as a located diagnostic, for reports."""
        subject = f" on {self.object_name}" if self.object_name else ""
        return Diagnostic(
            location=self.location,
            severity=Severity.ERROR,
            message=f"internal error in rule {self.code} {self.rule}{subject}: "
            f"{self.error} (at {self.where})",
            code=self.code,
        )


class RuleCrashError(Exception):
    """Raised by :func:`run_rules` when a rule raises; maps to ExitCode.INTERNAL."""

    def __init__(self, crash: RuleCrash) -> None:
        self.crash = crash
        super().__init__(crash.diagnostic.message)


def _crash(rule: Rule, obj: SchemaObject | None, ctx: RuleContext, exc: BaseException) -> RuleCrash:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
    if obj is not None:
        location = obj.location
    else:
        first = ctx.schema.files[0].path if ctx.schema.files else "<schema>"
        location = Location(ctx.config_path or first, 1, 1)
    return RuleCrash(
        code=rule.code,
        rule=rule.name,
        object_name=obj.qualified_name if obj is not None else None,
        location=location,
        error=f"{type(exc).__name__}: {exc}",
        where=where,
    )


def _violations(
    rule: Rule,
    schema: Schema,
    ctx: RuleContext,
    stored: dict[int, SchemaObject] | None = None,
    found_on: dict[tuple[int, int], list[Violation]] | None = None,
    compatibility: OldColumns | None = None,
) -> Iterator[tuple[Violation, SchemaObject | None]]:
    """What ``rule`` finds, with the object each violation was found on.

    ``stored`` memoizes :func:`stored_object` by ``id`` of the object across
    the rules of one run (each object is folded once, not once per rule).
    ``found_on`` collects what the rule found on each judged object, keyed by
    ``(id(rule), id(judged))``, when that object was judged as stored.
    ``compatibility``: the compatibility views and the old column names their
    columns keep, which no rule judges (:func:`old_columns`; a table of the
    same name in another copy is judged, so is a view's column of a new name).
    """
    if stored is None:
        stored = {}
    if rule.kinds:
        # Looked up once per rule, not once per object and rule.
        check, as_stored = rule.check, not rule.judges_source_spelling
        primary_key = ConstraintType.PRIMARY_KEY
        for obj in schema.of_kind(*rule.kinds):
            if obj.constraint_type is primary_key and _fixed_by_server(obj):
                continue  # MySQL's PRIMARY: no DDL can give it another name
            if compatibility and keeps_old_name(obj, compatibility):
                continue  # the old names, kept on purpose for old code
            judged = obj
            if as_stored:
                memo = stored.get(id(obj))
                if memo is None:
                    memo = stored[id(obj)] = stored_object(obj, ctx)
                judged = memo
            try:
                found = list(check(judged, ctx))
                if found and obj.written_name and not _breaks_as_written(rule, judged, ctx):
                    found = []  # only the database's cut breaks it: DBN501 says so
            except (Exception, SystemExit) as exc:  # sys.exit: a crash, not a verdict
                raise RuleCrashError(_crash(rule, obj, ctx, exc)) from exc
            if found:
                if found_on is not None and as_stored:
                    found_on[id(rule), id(judged)] = found
                for violation in found:
                    yield violation, obj
    try:
        found = list(rule.check_schema(ctx))
    except (Exception, SystemExit) as exc:
        raise RuleCrashError(_crash(rule, None, ctx, exc)) from exc
    for violation in found:
        yield violation, None


def _breaks_as_written(rule: Rule, judged: SchemaObject, ctx: RuleContext) -> bool:
    """Whether ``rule`` also objects to the name the author wrote, before the
    database cut it to its limit (``trigger_..._entity_updation`` kept as
    ``trigger_..._entity_``): a trailing ``_`` or half a word left by the cut
    is the length rule's finding, not a second one on the cut spelling."""
    assert judged.written_name is not None
    written = judged.written_name
    if not rule.judges_source_spelling:
        written = profile_of(judged, ctx).fold(written, judged.quoted)
    whole = replace(judged, name=written, written_name=None)
    return any(True for _ in rule.check(whole, ctx))


def _fixed_by_server(obj: SchemaObject) -> bool:
    """Whether the dialect fixes ``obj``'s name itself (a MySQL primary key is
    always ``PRIMARY``): no rule can ask for another, no target can reach one."""
    return profile_for(obj.source.dialect).primary_key_name is not None


def _sort_key(f: Finding) -> tuple[str, int, int, str, str, str]:
    loc = f.location
    return (loc.path, loc.line, loc.column, f.code, f.object.qualified_name, f.message)


def run_rules(
    schema: Schema, rules: Sequence[tuple[Rule, Severity]], ctx: RuleContext
) -> tuple[Finding, ...]:
    """Findings of every rule on ``schema``, ordered by path, line, column, code.

    Rules judge each name as the database stores it (see
    :mod:`dbnamelint.rules.stored`); the findings keep the object as written.
    Every finding on one object then carries the object's one merged target
    (:func:`dbnamelint.rules.fixes.merge_fixes`).

    Raises :class:`RuleCrashError` when a rule raises: the CLI reports it as an
    internal error (no traceback) rather than as a finding.
    """
    findings: list[Finding] = []
    stored: dict[int, SchemaObject] = {}  # the schema keeps every object alive meanwhile
    found_on: dict[tuple[int, int], list[Violation]] = {}
    # Files holding placeholders (their DBN006 notes): there a run inside a
    # name is one too (``idx_{{$.Prefix}}_jobs_{{.}}_cv``: trial s25 rudder);
    # elsewhere ``bad____name`` is a name as written, and judged.
    templated = {d.location.path for d in schema.diagnostics if d.code == PLACEHOLDER_CODE}
    compatibility = old_columns(schema.objects)
    dumped = dumped_tool_tables(schema)  # xormigrate's `migration` in a dump...
    for rule, severity in rules:
        for violation, checked in _violations(rule, schema, ctx, stored, found_on, compatibility):
            target = violation.object or checked
            if target is not None and (
                has_placeholder(target.name)
                or (
                    holds_placeholder(target.name)
                    and (target.location.path in templated or target.source.path in templated)
                )
            ):
                # A template placeholder (or one in it): the real name is unknown,
                # but not what the rest of it spells (``{{.prefix}}BadTable``).
                findings += [
                    _finding(rule, severity, target, literal)
                    for literal in rule.check_literal(target, ctx)
                ]
                continue
            if target is not None and (
                is_runner_object(target)
                or is_go_runner_object(target)
                or is_dumped_tool_object(target)
                or in_tables(target, dumped)
                or is_configured_tool_object(target)
            ):
                # a runner's version tables (Synapse's, a Go list's, a dump's,
                # Liquibase's under the names the project configures)
                continue
            if target is None:
                crash = _crash(
                    rule, None, ctx, ValueError("check_schema yielded a violation without object")
                )
                raise RuleCrashError(crash)
            findings.append(_finding(rule, severity, target, violation))

    def judge(rule: Rule, obj: SchemaObject) -> list[Violation]:
        if stored.get(id(obj)) is obj and rule.judges_as_check and not rule.judges_source_spelling:
            # An object the loop above judged as stored (the merger starts
            # from each object's stored name): the same call, already made.
            return found_on.get((id(rule), id(obj)), []) if obj.kind in rule.kinds else []
        try:
            return list(rule.check_name(obj, ctx))
        except (Exception, SystemExit) as exc:
            raise RuleCrashError(_crash(rule, obj, ctx, exc)) from exc

    merged = merge_fixes(findings, schema, [rule for rule, _ in rules], ctx, judge)
    return tuple(sorted(_merge_dialect_copies(list(merged), schema), key=_sort_key))


def _finding(rule: Rule, severity: Severity, target: SchemaObject, violation: Violation) -> Finding:
    """``violation`` of ``rule`` on ``target`` as a finding of the configured ``severity``."""
    return Finding(
        code=rule.code,
        rule=rule.name,
        severity=severity,
        object=target,
        message=violation.message,
        suggestion=violation.suggestion,
        fix=violation.fix,
        rule_fix=violation.fix,
        hidden_words=violation.hidden_words,
    )


def _merge_dialect_copies(findings: list[Finding], schema: Schema) -> list[Finding]:
    """One finding per name written once but replayed for several dialects.

    A file shared by the dialects of a tree (``pipeline.spread_shared_files``)
    yields the same finding once per dialect; it is reported once, its
    message naming the dialects. A finding in only some of a shared file's
    copies names those (``Lock`` breaks a rule in SQLite, which keeps its
    case, not in PostgreSQL, which folds it). The copies' messages may differ
    only in the case of the name their dialects store (a Java migration's
    ``CREATE TABLE sp_deviceGroup`` is ``sp_deviceGroup`` to MySQL and
    ``sp_devicegroup`` to PostgreSQL: trial s33 hawkbit had two DBN105 for
    it): one finding, worded with the name as written.
    """
    copies: dict[str, set[str]] = {}
    for source in schema.files:
        copies.setdefault(source.path, set()).add(source.dialect)
    groups: dict[tuple[str, str, int, int, str, str], list[Finding]] = {}
    for finding in findings:
        loc = finding.location
        key = (
            finding.code,
            loc.path,
            loc.line,
            loc.column,
            finding.message.casefold(),
            finding.object.name.casefold(),
        )
        groups.setdefault(key, []).append(finding)
    if len(groups) > 1 and any(f.hidden_words for f in findings):
        # The words PostgreSQL's fold hides (``PingArchives``) are the name
        # MySQL and SQLite keep and call not snake_case: one finding, worded
        # as theirs, naming every dialect.
        kept = {(*k[:4], k[5]): k for k, g in groups.items() if not g[0].hidden_words}
        for key in [k for k, g in groups.items() if g[0].hidden_words]:
            into = kept.get((*key[:4], key[5]))
            if into is not None:
                groups[into].extend(groups.pop(key))
    out: list[Finding] = []
    for group in groups.values():
        dialects = sorted({f.object.source.dialect for f in group})
        # the copy whose message quotes the name as the file writes it
        first = next((f for f in group if f.object.name in f.message), group[0])
        shared = len(copies.get(first.location.path, ())) > 1
        if len(dialects) > 1 or shared:
            first = replace(first, message=f"{first.message} (in {', '.join(dialects)})")
        out.append(first)
    return out
