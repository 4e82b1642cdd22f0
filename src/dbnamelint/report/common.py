"""What every report format shares: ordering, wording, counting, identity.

Each format module only decides layout. Keeping the wording of a finding
("table \"x\": message") and the ordering in one place is what makes the
text, GitHub, SARIF and Markdown outputs of one run say the same thing in
the same order, so a user can match a CI annotation to a local run.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from types import MappingProxyType

from msgspec import Struct

from dbnamelint.core.diagnostics import DIAGNOSTICS, diagnostic_category
from dbnamelint.core.identity import ref_of, stored_name, stored_qualified_name
from dbnamelint.findings import CheckResult, Finding, StaleEntry
from dbnamelint.model import Diagnostic, Location, SchemaObject, Severity
from dbnamelint.report.frames import SourceLines

#: Code and name under which stale whitelist entries are reported; they are
#: not produced by a rule, but every format needs a code to show for them.
STALE_CODE = "DBN900"
STALE_RULE = "stale-whitelist-entry"

INFORMATION_URI = "https://github.com/dbnamelint/dbnamelint"

_NAME_ESCAPES = MappingProxyType({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})

#: Loudest first: summaries list errors before warnings.
SEVERITIES_LOUD_FIRST = (Severity.ERROR, Severity.WARNING, Severity.INFO)


class RenderOptions(Struct, frozen=True):
    """The knobs of :func:`dbnamelint.report.render`, passed to every format."""

    color: bool = False
    show_whitelisted: bool = False
    tool_version: str = "0"
    whitelist_path: str | None = None
    quiet: bool = False  # text: the listed problems only, no summary
    statistics: bool = False  # text: counts per code instead of one line each
    #: text: the offending line under each problem, the name underlined;
    #: None means no frames (and no file is read).
    source_lines: SourceLines | None = None


class View(Struct, frozen=True):
    """How the user asked to see a report (command-line flags), for any format.

    Only the text format shows source frames, statistics or honours
    ``quiet``; machine formats ignore everything but ``verbose`` (which
    decides, upstream, whether info notes are in the result at all).
    """

    color: bool = False
    quiet: bool = False
    statistics: bool = False
    show_source: bool = False
    verbose: bool = False


class CodeCount(Struct, frozen=True):
    """How many new findings one rule produced."""

    code: str
    rule: str
    count: int


class Summary(Struct, frozen=True):
    """The numbers every format prints at the end, computed once.

    ``failures`` counts exactly what makes :attr:`CheckResult.failed` true,
    so "Found N errors." never disagrees with the exit code.
    """

    new: int
    whitelisted: int
    suppressed: int
    stale: int
    diagnostics: int
    error_diagnostics: int
    unused_suppressions: int
    by_code: tuple[CodeCount, ...]
    by_severity: tuple[tuple[Severity, int], ...]
    failures: int
    failed: bool
    files_checked: int
    objects_checked: int
    input_errors: int = 0  # error diagnostics about the SQL input (DBN0xx)
    input_warnings: int = 0  # warning diagnostics (any category) that do not fail the run
    #: whitelist and gate errors (DBN9xx, DBN025), stale entries aside
    whitelist_errors: int = 0
    hidden: tuple[tuple[str, int], ...] = ()  # info notes not listed, per code
    #: New findings quieter than ``--fail-on``: listed, not failing the run.
    not_failing: int = 0
    fail_on: Severity = Severity.ERROR
    #: ``whitelist_errors`` per code, in code order.
    gate_errors: tuple[tuple[str, int], ...] = ()
    #: ``input_warnings`` per code, in code order.
    warnings_by_code: tuple[tuple[str, int], ...] = ()
    #: Info notes listed (``--verbose``, ``--select``), not those only counted.
    listed_infos: int = 0
    #: New findings below ``--fail-on`` per severity, loudest first.
    quiet_by_severity: tuple[tuple[Severity, int], ...] = ()
    #: Of ``input_errors``, those :data:`INPUT_ERROR_NAMES` names, per code.
    named_input_errors: tuple[tuple[str, int], ...] = ()

    @property
    def passed_text(self) -> str:
        """``All checks passed!``, or with what was listed without failing the run
        (``All checks passed (2 warnings).``): a bare "passed!" under a screen of
        warnings reads as if nothing were said (ESLint counts them the same way)."""
        quiet = dict(self.quiet_by_severity)
        warnings = self.input_warnings + quiet.get(Severity.WARNING, 0)
        infos = self.listed_infos + quiet.get(Severity.INFO, 0)
        parts = [plural(n, one) for n, one in ((warnings, "warning"), (infos, "info note")) if n]
        return f"All checks passed ({', '.join(parts)})." if parts else "All checks passed!"

    @property
    def failure_parts(self) -> tuple[str, ...]:
        """What makes up :attr:`failures`, each count named for what it is:
        ``64 new findings``, ``1 config relaxation`` (``DBN909``)."""
        parts: list[tuple[int, str, str | None]] = [
            (self.new - self.not_failing, "new finding", None),
            (self.input_errors - sum(n for _, n in self.named_input_errors), "input error", None),
            *((n, *INPUT_ERROR_NAMES[code]) for code, n in self.named_input_errors),
            (self.stale, "stale whitelist entry", "stale whitelist entries"),
        ]
        for code, count in self.gate_errors:
            one, many = GATE_ERROR_NAMES.get(code, ("whitelist error", "whitelist errors"))
            parts.append((count, one, many))
        parts.append((self.unused_suppressions, "unused or malformed suppression", None))
        return tuple(plural(n, one, many) for n, one, many in parts if n)

    @property
    def warning_text(self) -> str:
        """``3 warnings, not failing the run: object-redefined x2, whitelist-entry-rule-off.``;
        empty without warnings. Only errors fail a run: each kind of warning is
        named (its ``dbnamelint rules`` name), so the line reads as being about them."""
        if not self.input_warnings:
            return ""
        kinds = ", ".join(
            (DIAGNOSTICS[code].name if code in DIAGNOSTICS else code)
            + (f" x{count}" if count > 1 else "")
            for code, count in self.warnings_by_code
        )
        head = f"{plural(self.input_warnings, 'warning')}, not failing the run"
        return f"{head}: {kinds}." if kinds else f"{head}."


#: Errors about the input that are no reading error, named for what they are
#: (singular, plural): a Prisma schema behind its migrations (trial s26
#: ghostfolio: "1 input error" read as if a file could not be read).
INPUT_ERROR_NAMES = MappingProxyType(
    {"DBN029": ("Prisma schema difference", "Prisma schema differences")}
)

#: How summaries name each kind of whitelist or gate error (singular, plural).
GATE_ERROR_NAMES = MappingProxyType(
    {
        # An error only in the gate: dynamic DDL the change adds (its names unread).
        "DBN012": (
            "call of a routine running DDL added",
            "calls of routines running DDL added",
        ),
        "DBN013": ("dynamic DDL statement added", "dynamic DDL statements added"),
        # `CREATE TABLE ${t}` added: a name left to a placeholder, unread
        "DBN006": ("name left to a placeholder added", "names left to placeholders added"),
        # schema.rb DDL the reader does not read (`execute "ALTER ..."`), added
        "DBN917": ("unread schema.rb DDL statement added", "unread schema.rb DDL statements added"),
        "DBN032": (
            "file not checked given new DDL",
            "files not checked given new DDL",
        ),
        "DBN037": (
            "rename breaking a trigger routine",
            "renames breaking trigger routines",
        ),
        "DBN025": (
            "committed migration edited or deleted",
            "committed migrations edited or deleted",
        ),
        "DBN901": ("whitelist entry added or widened", "whitelist entries added or widened"),
        "DBN902": ("off-plan rename", "off-plan renames"),
        "DBN903": ("whitelist entry deleted unfixed", "whitelist entries deleted unfixed"),
        "DBN905": ("unreadable base whitelist", "unreadable base whitelists"),
        "DBN908": ("inline suppression added", "inline suppressions added"),
        "DBN909": ("config relaxation", "config relaxations"),
        "DBN910": ("bad whitelist target", "bad whitelist targets"),
        "DBN913": ("copy not yet renamed", "copies not yet renamed"),
    }
)


def forward_slashes(path: str) -> str:
    """``path`` with ``/`` separators, as web consumers (GitLab, SARIF) expect."""
    return path.replace("\\", "/")


def location_key(location: Location) -> tuple[str, int, int]:
    """Sort key of a location: path, then line, then column."""
    return (location.path, location.line, location.column)


def finding_key(finding: Finding) -> tuple[str, int, int, str, str, str, str]:
    """Total order on findings, so equal positions still sort the same way."""
    obj = finding.object
    return (
        *location_key(obj.location),
        finding.code,
        obj.kind.value,
        obj.qualified_name,
        finding.message,
    )


def diagnostic_key(diagnostic: Diagnostic) -> tuple[str, int, int, str, str]:
    """Total order on diagnostics."""
    return (*location_key(diagnostic.location), diagnostic.code, diagnostic.message)


def stale_key(entry: StaleEntry) -> tuple[str, int, int, str, str]:
    """Total order on stale whitelist entries."""
    return (*location_key(entry.location), entry.kind, entry.name)


def listed_findings(result: CheckResult, show_whitelisted: bool) -> tuple[Finding, ...]:
    """Findings a human-facing format lists: new ones, plus excused ones on request."""
    chosen = (f for f in result.findings if show_whitelisted or f.is_new)
    return tuple(sorted(chosen, key=finding_key))


def all_findings(result: CheckResult) -> tuple[Finding, ...]:
    """Every finding in report order, for machine formats that flag excused ones."""
    return tuple(sorted(result.findings, key=finding_key))


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Diagnostics in report order."""
    return tuple(sorted(diagnostics, key=diagnostic_key))


class InputProblem(Struct, frozen=True):
    """A diagnostic or an unused suppression, and whether it fails the run.

    Unused suppressions fail the run whatever their severity (see
    :attr:`CheckResult.failed`); other diagnostics fail it only as errors.
    """

    diagnostic: Diagnostic
    fails: bool
    unused_suppression: bool = False


def input_problems(result: CheckResult) -> tuple[InputProblem, ...]:
    """Diagnostics and unused suppressions together, in report order."""
    problems = [InputProblem(d, d.severity is Severity.ERROR) for d in result.diagnostics]
    problems += [InputProblem(d, True, True) for d in result.unused_suppressions]
    return tuple(sorted(problems, key=lambda p: diagnostic_key(p.diagnostic)))


def sorted_stale(result: CheckResult) -> tuple[StaleEntry, ...]:
    """Stale whitelist entries in report order."""
    return tuple(sorted(result.stale_whitelist, key=stale_key))


def stale_path(entry: StaleEntry, whitelist_path: str | None) -> str:
    """The file to blame for a stale entry; the whitelist path when the entry lacks one."""
    return entry.location.path or whitelist_path or "whitelist.yaml"


def kind_label(obj: SchemaObject) -> str:
    """The object's kind as words: ``materialized view``."""
    if obj.procedure:
        return "procedure"  # kind FUNCTION, made by CREATE PROCEDURE
    return obj.kind.value.replace("_", " ")


def quote_name(name: str) -> str:
    """``name`` in double quotes, escaped so it stays on one line.

    Quoted SQL identifiers may contain quotes, newlines and control
    characters; one-line formats must not be broken by them.
    """
    out = []
    for char in name:
        if char in _NAME_ESCAPES:
            out.append(_NAME_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def describe_object(obj: SchemaObject) -> str:
    """``table "ws_activity_log"``: which object, as a reader would name it: in
    double quotes, so as the database stores it (``CREATE TABLE LANGUAGE`` is
    PostgreSQL's ``"language"``, not ``"LANGUAGE"``)."""
    return f"{kind_label(obj)} {quote_name(stored_qualified_name(obj))}"


def finding_message(finding: Finding) -> str:
    """The finding's message, naming its object unless the rule already did.

    Rules are free to word messages as they like; when a message already
    quotes the object's name we do not repeat it, otherwise we prefix it so
    that a line of output is understandable on its own.
    """
    obj = finding.object
    named = (obj.name, obj.qualified_name, stored_name(obj), stored_qualified_name(obj))
    if any(f'"{n}"' in finding.message for n in named):
        return finding.message
    return f"{describe_object(obj)}: {finding.message}"


def follows_note(finding: Finding) -> str:
    """``, with table team's target teams; touch_team with its name today``
    when the suggestion follows its table's target (:attr:`Finding.follows`),
    else ``""``: a suggestion spelling a table name no file has yet says why,
    and which name fits the table as it is (``migrate`` renames that one
    with the table)."""
    follow = finding.follows
    if follow is None:
        return ""
    return (
        f", with table {follow.table}'s target {follow.target}; {follow.today} with its name today"
    )


def finding_text(finding: Finding) -> str:
    """Message plus suggestion, the one-line wording used by most formats."""
    text = finding_message(finding)
    if finding.suggestion:
        note = f"; note: {finding.no_fix}" if finding.no_fix else ""
        text += f" (suggestion: {finding.suggestion}{follows_note(finding)}{note})"
    elif finding.no_fix:
        text += f" (no consistent fix: {finding.no_fix})"
    return text


def fix_json(finding: Finding) -> dict[str, object] | None:
    """The finding's merged fix as JSON data, or None."""
    if finding.fix is None:
        return None
    return {"kind": "rename", "new_name": finding.fix.new_name, "quoted": finding.fix.quoted}


def excuse_text(finding: Finding) -> str | None:
    """Why an excused finding does not fail the run, or ``None`` for a new one."""
    if finding.whitelisted:
        phase = f", phase {finding.whitelist_phase}" if finding.whitelist_phase else ""
        return f"whitelisted legacy name{phase}"
    if finding.suppressed:
        return "suppressed inline"
    return None


def stale_text(entry: StaleEntry) -> str:
    """``stale whitelist entry table sys_rag: reason``."""
    phase = f" (phase {entry.phase})" if entry.phase else ""
    return f"stale whitelist entry {entry.kind} {entry.name}{phase}: {entry.reason}"


def fingerprint(*parts: str) -> str:
    """A stable hash of identity parts (never a line number, which moves)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8"))
    return digest.hexdigest()[:32]


def finding_fingerprint(finding: Finding) -> str:
    """Identity of a finding across edits: code + the object's :class:`ObjectRef`.

    ``users`` and ``public.users`` (the default schema) give one fingerprint,
    so code scanning does not see a fixed and a new alert when a file starts
    qualifying its names.
    """
    ref = ref_of(finding.object)
    return fingerprint(finding.code, ref.kind, ref.schema or "", ref.table or "", ref.name)


def diagnostic_fingerprint(diagnostic: Diagnostic) -> str:
    """Identity of a diagnostic: code, file and message (not its line)."""
    return fingerprint(diagnostic.code, diagnostic.location.path, diagnostic.message)


def stale_fingerprint(entry: StaleEntry) -> str:
    """Identity of a stale entry: what it names, not where it sits in the file."""
    return fingerprint(STALE_CODE, entry.kind, entry.name)


def dedupe_fingerprints(prints: Iterable[str]) -> tuple[str, ...]:
    """Make fingerprints unique while keeping the first of each unchanged.

    Two findings of one rule on one object share an identity; consumers such
    as GitLab would merge them, so the second gets a derived fingerprint.
    """
    seen: Counter[str] = Counter()
    out = []
    for value in prints:
        seen[value] += 1
        out.append(value if seen[value] == 1 else fingerprint(value, str(seen[value])))
    return tuple(out)


def object_schema(obj: SchemaObject) -> str | None:
    """The schema an object lives in; attached objects live in their table's."""
    return obj.schema if obj.schema is not None else obj.table_schema


def summarize(result: CheckResult) -> Summary:
    """Count everything once, for every format's summary."""
    new = result.new_findings
    by_code: Counter[tuple[str, str]] = Counter((f.code, f.rule) for f in new)
    by_severity: Counter[Severity] = Counter(f.severity for f in new)
    error_diagnostics = sum(1 for d in result.diagnostics if d.severity is Severity.ERROR)
    gate_errors: Counter[str] = Counter(
        d.code
        for d in result.diagnostics
        if d.severity is Severity.ERROR
        and (diagnostic_category(d.code) in ("whitelist", "gate") or d.code in GATE_ERROR_NAMES)
    )
    whitelist_errors = sum(gate_errors.values())
    named: Counter[str] = Counter(
        d.code
        for d in result.diagnostics
        if d.severity is Severity.ERROR
        and d.code in INPUT_ERROR_NAMES
        and d.code not in gate_errors
    )
    warnings: Counter[str] = Counter(
        d.code for d in result.diagnostics if d.severity is Severity.WARNING
    )
    hidden: Counter[str] = Counter(d.code for d in result.hidden_diagnostics)
    quiet: Counter[Severity] = Counter(
        f.severity for f in new if not f.severity.at_least(result.fail_on)
    )
    failing = len(result.failing_findings)
    failures = (
        failing + len(result.stale_whitelist) + len(result.unused_suppressions) + error_diagnostics
    )
    return Summary(
        new=len(new),
        not_failing=len(new) - failing,
        fail_on=result.fail_on,
        whitelisted=sum(1 for f in result.findings if f.whitelisted),
        suppressed=sum(1 for f in result.findings if f.suppressed and not f.whitelisted),
        stale=len(result.stale_whitelist),
        diagnostics=len(result.diagnostics),
        error_diagnostics=error_diagnostics,
        unused_suppressions=len(result.unused_suppressions),
        by_code=tuple(
            CodeCount(code, rule, count)
            for (code, rule), count in sorted(by_code.items(), key=lambda kv: (-kv[1], kv[0]))
        ),
        by_severity=tuple((s, by_severity[s]) for s in SEVERITIES_LOUD_FIRST if by_severity[s]),
        failures=failures,
        failed=result.failed,
        files_checked=result.files_checked,
        objects_checked=result.objects_checked,
        input_errors=error_diagnostics - whitelist_errors,
        input_warnings=sum(1 for d in result.diagnostics if d.severity is Severity.WARNING),
        whitelist_errors=whitelist_errors,
        hidden=tuple(sorted(hidden.items())),
        gate_errors=tuple(sorted(gate_errors.items())),
        warnings_by_code=tuple(sorted(warnings.items())),
        listed_infos=sum(1 for d in result.diagnostics if d.severity is Severity.INFO),
        quiet_by_severity=tuple((s, quiet[s]) for s in SEVERITIES_LOUD_FIRST if quiet[s]),
        named_input_errors=tuple(sorted(named.items())),
    )


def one_line(text: str) -> str:
    """``text`` with line breaks turned into spaces, for line-oriented formats."""
    return " ".join(text.splitlines()) if "\n" in text or "\r" in text else text


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 error`` / ``2 errors``."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def first_few(items: Sequence[str], limit: int = 5) -> str:
    """``a, b, c, d, e and 3 more``: the first ``limit`` items, then how many are left."""
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def severity_counts(pairs: Iterable[tuple[Severity, int]]) -> str:
    """``2 errors, 1 warning, 3 info``."""
    return ", ".join(plural(n, s.value, "info" if s is Severity.INFO else None) for s, n in pairs)
