"""What rules produce and what reports consume.

Kept apart from :mod:`dbnamelint.model` because the schema layer must not
know that rules exist; reports in turn see findings only through these
values, never through a rule's internals.
"""

from __future__ import annotations

from dataclasses import dataclass

from dbnamelint.model import Diagnostic, Location, ObjectKind, SchemaObject, Severity


@dataclass(frozen=True, slots=True)
class Finding:
    """One name that breaks one rule.

    ``whitelisted`` is set by the whitelist filter, never by a rule; a rule
    only says what is wrong and, where it can, what the compliant name is.
    """

    code: str  # e.g. DBN101
    rule: str  # kebab-case rule name, e.g. table-missing-module-prefix
    severity: Severity
    object: SchemaObject
    message: str
    suggestion: str | None = None  # a compliant name, when one can be computed
    whitelisted: bool = False
    whitelist_phase: str | None = None  # phase id of the entry that excused it
    suppressed: bool = False  # excused by an inline "-- dbnamelint: ignore[...]"

    @property
    def location(self) -> Location:
        """Where the offending name is written."""
        return self.object.location

    @property
    def kind(self) -> ObjectKind:
        """The kind of the offending object."""
        return self.object.kind

    @property
    def is_new(self) -> bool:
        """True for findings that fail the run (not excused in any way)."""
        return not (self.whitelisted or self.suppressed)


@dataclass(frozen=True, slots=True)
class StaleEntry:
    """A whitelist entry that no longer excuses anything; it must be deleted."""

    kind: str
    name: str  # qualified name as written in the whitelist
    location: Location  # of the entry in whitelist.yaml
    reason: str  # why it is stale: object gone, or object now compliant
    phase: str | None = None
    #: File where the entry's object got its current name (None: the object is gone).
    object_path: str | None = None


@dataclass(frozen=True, slots=True)
class PhaseProgress:
    """Burn-down numbers for one whitelist phase."""

    id: str
    title: str
    status: str
    remaining: int  # entries still in the whitelist for this phase
    done: int  # entries the git history shows were removed (0 without git)


@dataclass(frozen=True, slots=True)
class WhitelistChange:
    """One whitelist entry added, widened or removed between the base and the change.

    ``change`` is ``added``, ``widened`` (it now excuses more rules:
    ``rules_added``), ``removed`` (its object no longer breaks the rules it
    excused: burn-down progress) or ``dropped`` (deleted while its object
    still breaks those rules: the gate fails on it). ``line`` is the entry's
    line in the current whitelist (0 for removed entries).
    """

    change: str
    kind: str
    name: str
    phase: str | None = None
    target: str | None = None
    rules: tuple[str, ...] | None = None  # None: every rule
    rules_added: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True, slots=True)
class GateInfo:
    """What ``check --base REF`` compared against, and what it learned."""

    base: str  # the ref as the user wrote it
    base_commit: str
    preexisting_findings: int  # failing at the base already: not this change's doing
    whitelist_changes: tuple[WhitelistChange, ...] = ()

    def changes(self, *kinds: str) -> tuple[WhitelistChange, ...]:
        """The whitelist changes of the given kinds, in order."""
        return tuple(c for c in self.whitelist_changes if c.change in kinds)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Everything a report needs to render one check run.

    Anything a run could not do (a base whose whitelist is unreadable, a
    partial tree whose entries cannot be judged stale) is a diagnostic, so
    every format shows it; ``gate`` is set for ``check --base``.
    """

    findings: tuple[Finding, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    stale_whitelist: tuple[StaleEntry, ...] = ()
    unused_suppressions: tuple[Diagnostic, ...] = ()
    phases: tuple[PhaseProgress, ...] = ()
    files_checked: int = 0
    objects_checked: int = 0
    gate: GateInfo | None = None
    #: Info notes not listed (shown with --verbose or --select CODE); reports
    #: count them so a total never hides that they exist.
    hidden_diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def new_findings(self) -> tuple[Finding, ...]:
        """Findings that fail the run."""
        return tuple(f for f in self.findings if f.is_new)

    @property
    def failed(self) -> bool:
        """True when the run must exit non-zero."""
        return bool(
            self.new_findings
            or self.stale_whitelist
            or self.unused_suppressions
            or any(d.severity is Severity.ERROR for d in self.diagnostics)
        )
