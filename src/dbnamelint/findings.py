"""What rules produce and what reports consume.

Kept apart from :mod:`dbnamelint.model` because the schema layer must not
know that rules exist; reports in turn see findings only through these
values, never through a rule's internals.
"""

from __future__ import annotations

from msgspec import Struct
from msgspec.structs import force_setattr

from dbnamelint.model import Diagnostic, Location, ObjectKind, SchemaObject, Severity


class Rename(Struct, frozen=True):
    """A fix as data: rename the finding's object to ``new_name``.

    ``new_name`` is the name as the database will store it; ``quoted`` says
    whether DDL must quote it to get exactly that spelling (for example a
    name that is not all lower case in PostgreSQL, or a reserved word).
    Consumers (``whitelist init``, the migration generator, SARIF ``fixes``)
    read this value instead of parsing a message.
    """

    new_name: str
    quoted: bool = False


#: Every kind of fix a rule can propose; renames are the only kind so far.
Fix = Rename


class TableFollow(Struct, frozen=True):
    """Why an index's, constraint's, trigger's or sequence's merged target
    spells a name its table does not have yet: the target follows the
    table's own target (``touch_teams`` for trigger ``TouchTeam`` on
    ``team``, whose target is ``teams``), so that ``migrate`` renaming both
    leaves no name spelling the old one (``DBN504``)."""

    table: str  #: the table's name today
    target: str  #: the table's merged target
    #: The object's merged target on the table as named today (``touch_team``):
    #: a name that passes now, which ``migrate`` renames with the table.
    today: str


class Finding(Struct, frozen=True):
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
    #: The object's one merged target (see :mod:`dbnamelint.rules.fixes`): the
    #: same on every finding of one object. ``suggestion`` is its ``new_name``.
    fix: Fix | None = None
    #: What this rule alone proposed, before merging (kept for explanations).
    rule_fix: Fix | None = None
    #: Set when no name satisfies every active rule: why, naming the rules.
    no_fix: str | None = None
    #: A case rule's finding on words only the name as written shows (an
    #: unquoted ``apiTokens``, stored ``apitokens`` by PostgreSQL): any
    #: whitelist entry of the object excuses it, so an entry ``whitelist init``
    #: wrote before such words were judged (for other rules) keeps working.
    hidden_words: bool = False
    #: Set when ``fix`` follows the table's target rather than its name
    #: today (text reports say so; closing confirmation s36, umami).
    follows: TableFollow | None = None

    def __post_init__(self) -> None:
        # A finding built with only a suggestion (tests, plugins) still has
        # its fix as data, so reports never disagree with each other.
        if self.fix is None and self.suggestion:
            force_setattr(self, "fix", Rename(self.suggestion))

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


class StaleEntry(Struct, frozen=True):
    """A whitelist entry that no longer excuses anything; it must be deleted."""

    kind: str
    name: str  # qualified name as written in the whitelist
    location: Location  # of the entry in whitelist.yaml
    reason: str  # why it is stale: object gone, or object now compliant
    phase: str | None = None
    #: File where the entry's object got its current name (None: the object is gone).
    object_path: str | None = None


class PhaseProgress(Struct, frozen=True):
    """Burn-down numbers for one whitelist phase."""

    id: str
    title: str
    status: str
    remaining: int  # entries still in the whitelist for this phase
    done: int  # entries the git history shows were removed (0 without git)


class WhitelistChange(Struct, frozen=True):
    """One whitelist entry added, widened or removed between the base and the change.

    ``change`` is ``added``, ``widened`` (it now excuses more rules:
    ``rules_added``, or more objects, a scope key such as ``database:``
    deleted or changed: ``objects_added``), ``repointed`` (its object was renamed, not to the
    entry's ``target``, and the entry edited to the new name: ``rules_added``
    holds the name it had), ``removed`` (its object no longer breaks the
    rules it excused: burn-down progress) or ``dropped`` (deleted while its
    object still breaks those rules: the gate fails on it). ``line`` is the
    entry's line in the current whitelist (0 for removed entries).
    """

    change: str
    kind: str
    name: str
    phase: str | None = None
    target: str | None = None
    rules: tuple[str, ...] | None = None  # None: every rule
    rules_added: tuple[str, ...] = ()
    line: int = 0
    #: Objects the entry now excuses and the base's entries for it did not
    #: (``table store in database 'b'``), for a widened entry.
    objects_added: tuple[str, ...] = ()
    #: The entry's line in the base's whitelist (a removed or dropped entry), else 0.
    base_line: int = 0


class GateInfo(Struct, frozen=True):
    """What ``check --base REF`` compared against, and what it learned."""

    base: str  # the ref as the user wrote it
    base_commit: str
    preexisting_findings: int  # failing at the base already: not this change's doing
    whitelist_changes: tuple[WhitelistChange, ...] = ()

    def changes(self, *kinds: str) -> tuple[WhitelistChange, ...]:
        """The whitelist changes of the given kinds, in order."""
        return tuple(c for c in self.whitelist_changes if c.change in kinds)


class CheckResult(Struct, frozen=True):
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
    #: Warnings and errors the config's selection (``ignore:``, ``per_path``)
    #: leaves out: not reported; the gate compares them with the base's config.
    ignored_diagnostics: tuple[Diagnostic, ...] = ()
    #: The quietest severity of a new finding that fails the run (``--fail-on``,
    #: config ``fail_on``): a rule set to ``severity: warning`` is reported but,
    #: by default, does not fail it.
    fail_on: Severity = Severity.ERROR

    @property
    def new_findings(self) -> tuple[Finding, ...]:
        """Findings neither whitelisted nor suppressed: listed, and counted by the gate."""
        return tuple(f for f in self.findings if f.is_new)

    @property
    def failing_findings(self) -> tuple[Finding, ...]:
        """New findings at least as loud as :attr:`fail_on`: they fail the run."""
        return tuple(f for f in self.new_findings if f.severity.at_least(self.fail_on))

    @property
    def failed(self) -> bool:
        """True when the run must exit non-zero."""
        return bool(
            self.failing_findings
            or self.stale_whitelist
            or self.unused_suppressions
            or any(d.severity is Severity.ERROR for d in self.diagnostics)
        )
