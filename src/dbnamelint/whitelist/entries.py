"""What a loaded whitelist is: phases and entries (no YAML, no pydantic).

Apart from :mod:`.format`, which reads and validates the file, so that a
run whose whitelist comes from the cache (:mod:`.loading`) imports neither.
"""

from __future__ import annotations

from datetime import date

from msgspec import Struct

from dbnamelint.config.errors import ConfigError
from dbnamelint.core.identity import NamePart, split_name
from dbnamelint.findings import Finding
from dbnamelint.model import TABLE_ATTACHED_KINDS, Location, ObjectKind

DEFAULT_PHASE = "1"


class WhitelistError(ConfigError):
    """A whitelist file that cannot be used; the CLI exits with 2."""


class Phase(Struct, frozen=True):
    """A named step of the renaming plan; informative only."""

    id: str
    title: str = ""
    status: str = "open"
    owner: str | None = None
    due: date | None = None


class WhitelistEntry(Struct, frozen=True):
    """One excused object: which rules it may break, and why."""

    kind: ObjectKind
    name: str  # qualified name as written
    location: Location  # of the entry in the whitelist file
    rules: tuple[str, ...] | None = None  # None: every rule
    phase: str | None = None
    target: str | None = None
    reason: str | None = None
    #: Where ``target:`` is written (None: no target, or an entry built in code).
    target_location: Location | None = None
    #: The schema a name written without one names in this run, instead of
    #: the default schema: the one ``check --db --schema X`` reads for an
    #: object the files qualify with a template placeholder.
    implied_schema: str | None = None
    #: ``database:``: the separate database of the tree (config ``databases:``)
    #: whose object this is; None: the object of that name in every one.
    database: str | None = None

    @property
    def parts(self) -> tuple[NamePart, ...]:
        """The name split into parts, each with whether it was quoted (the
        implied schema first when the name writes none). A template
        placeholder (``{{.prefix}}boards.archivedBy``) is read as the run of
        underscores the reader holds for it (``___________boards``)."""
        name = self.name
        if "{" in name or "$" in name or "%" in name:
            from dbnamelint.migration_text import masked  # rare: no import otherwise

            name = masked(name)
        parts = split_name(name)
        if self.implied_schema is not None and len(parts) == (
            2 if self.kind in TABLE_ATTACHED_KINDS else 1
        ):
            return ((self.implied_schema, False), *parts)
        return parts

    def covers(self, finding: Finding) -> bool:
        """Whether this entry lists the rule the finding is about.

        A finding on words only the written name shows (``hidden_words``:
        ``apiTokens``, stored ``apitokens``) is covered by any entry of its
        object: the entry already plans that object's rename, and entries
        written before those words were judged list the other rules only."""
        if self.rules is None or finding.hidden_words:
            return True
        wanted = {r.lower() for r in self.rules}
        return finding.code.lower() in wanted or finding.rule.lower() in wanted


class Whitelist(Struct, frozen=True):
    """A loaded whitelist file (empty when the file does not exist)."""

    path: str
    phases: tuple[Phase, ...] = ()
    entries: tuple[WhitelistEntry, ...] = ()
    #: Phase id -> where the file declares it (its ``status:`` line when
    #: written, else its ``id:``); kept apart so a Phase compares by meaning.
    phase_locations: tuple[tuple[str, Location], ...] = ()

    def phase_location(self, phase_id: str) -> Location:
        """Where phase ``phase_id`` is declared (the file's first line when unknown)."""
        return dict(self.phase_locations).get(phase_id, Location(self.path, 1, 1))
