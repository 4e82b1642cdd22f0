"""What an impact search found: references per object, with totals."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from msgspec import Struct, field

from dbnamelint.impact.classify import HIGH, Confidence
from dbnamelint.impact.keys import KeyName
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.targets import Target
from dbnamelint.whitelist import Phase


def _files(references: Iterable[Reference]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.path for r in references))


def counted(references: Iterable[Reference], min_confidence: Confidence) -> list[Reference]:
    """The references at ``min_confidence`` or above ("plain" keeps all)."""
    return [r for r in references if min_confidence != HIGH or r.confidence == HIGH]


def used_name(ref: Reference) -> str:
    """The old name ``ref`` uses: as written, or the target's legacy name where
    the code names the object without spelling it (a Rails or Django model
    naming its table by convention, ``class Channel`` for ``api_channel``)."""
    olds = {n.casefold() for n in (*ref.target.old_names, *ref.target.stored)}
    return ref.name if ref.name.casefold() in olds else ref.target.old_names[0]


def places(references: Iterable[Reference]) -> list[Reference]:
    """One reference per place in code (path, line, column), in first-seen
    order; a high-confidence one where any of the place's is.

    A place the context cannot attribute to one object (``created_at``
    with no table in sight) is a reference to each candidate object but
    one place to change: totals over several objects count it once, and
    as high confidence when one object's list shows it so (trial s31
    windmill: ``group_`` in ``INSERT INTO usr_to_group (..., group_ ...)``,
    plain text for the table ``group_``, high for the column
    ``usr_to_group.group_``, made the total say 4 high beside 5 listed).
    """
    seen: dict[tuple[str, int, int], Reference] = {}
    for ref in references:
        key = (ref.path, ref.line, ref.column)
        held = seen.get(key)
        if held is None or (held.confidence != HIGH and ref.confidence == HIGH):
            seen[key] = ref
    return list(seen.values())


def totals_text(references: Iterable[Reference]) -> str:
    """``13 references in 4 files`` (singular forms for one), each place counted once."""
    refs = places(references)
    files = len(_files(refs))
    noun = "reference" if len(refs) == 1 else "references"
    return f"{len(refs)} {noun} in {files} {'file' if files == 1 else 'files'}"


class ObjectImpact(Struct, frozen=True):
    """One target with every reference to its old names, in file order."""

    target: Target
    references: tuple[Reference, ...]
    #: The families of the schema copies this object stands for (one per
    #: database the tree keeps it for), in first-seen order.
    dialects: tuple[str, ...] = ()

    @property
    def files(self) -> tuple[str, ...]:
        """Files with at least one reference, first-seen order."""
        return _files(self.references)

    def by_file(self) -> list[tuple[str, list[Reference]]]:
        """References grouped per file, files in first-seen order."""
        out: dict[str, list[Reference]] = {}
        for ref in self.references:
            out.setdefault(ref.path, []).append(ref)
        return list(out.items())

    def count(self, min_confidence: Confidence = "plain") -> int:
        """How many references at ``min_confidence`` or above."""
        return len(counted(self.references, min_confidence))


class Impact(Struct, frozen=True):
    """The whole search: every target (referenced or not), phases, counts."""

    objects: tuple[ObjectImpact, ...]
    phases: tuple[Phase, ...]
    files_searched: int  # files the pre-filter passed to the regex
    excluded: tuple[str, ...]  # schema files and the whitelist, never searched
    notes: tuple[str, ...] = ()
    #: References in migration history (other schema copies, ORM migrations):
    #: applied already, so never counted, patched or taken as code's use.
    history: tuple[Reference, ...] = ()
    #: References in a tool's output (a schema dump, sqlc's ``queries.sql.go``:
    #: :mod:`~dbnamelint.impact.generated`): its tool rewrites them after the
    #: migration, so never counted or patched.
    generated: tuple[Reference, ...] = ()
    #: Each file of ``generated`` -> the mark that shows it generated.
    generated_markers: Mapping[str, str] = field(default_factory=dict)
    #: The files of ``generated`` that are schema dumps (no code runs them).
    schema_dumps: tuple[str, ...] = ()
    #: References in another database's code (``repository/postgresql/`` when the
    #: configured copy is MySQL's): that database keeps the old names until its
    #: own migration, so never counted or patched either.
    other_database: tuple[Reference, ...] = ()
    #: The schema's key and index names per table (current name, folded), for
    #: ``impact --diff`` to keep an ORM's derived names in step.
    keys: Mapping[str, tuple[KeyName, ...]] = field(default_factory=dict)
    #: The same once the renames ``migrate`` plans for the searched phases
    #: ran (tables under their new names); None when not asked for or not
    #: plannable.
    planned_keys: Mapping[str, tuple[KeyName, ...]] | None = None
    #: Each current name's holders per database family, when the schema is
    #: kept for several (:func:`~dbnamelint.impact.sharedcode.current_names`):
    #: ``--diff`` leaves code another copy's old name still serves.
    current_names: Mapping[tuple[str, str], tuple[tuple[str, str], ...]] = field(
        default_factory=dict
    )
    #: The separate database searched for (``--database``; config ``databases:``),
    #: when the tree holds several; None otherwise.
    database: str | None = None
    #: Each referencing file a ``databases:`` entry lists, or whose package
    #: holds only that database's migrations (:mod:`~dbnamelint.impact.codeowners`)
    #: -> that database: another one's are in ``other_database``; a file none
    #: lists may run on any.
    code_databases: Mapping[str, str] = field(default_factory=dict)
    #: Each referencing file no entry lists whose package holds several
    #: databases' migrations (:mod:`~dbnamelint.impact.codeowners`) -> those
    #: databases: it runs on one of them, no other.
    code_candidates: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: The referencing files counted for ``database`` that no entry lists and
    #: no package attributes to it alone: they may run on other databases too.
    unattributed: tuple[str, ...] = ()
    #: Each referencing file written for a database engine that speaks no SQL
    #: (:func:`~dbnamelint.impact.nonsql.engine_of`: ``schema/cassandra/x.cql``,
    #: Go code importing gocql) -> that engine; its files are in ``other_database``.
    engines: Mapping[str, str] = field(default_factory=dict)
    #: (kind, name case-folded) -> (owning table case-folded or "", database) of
    #: each object the tree's other separate databases hold now: ``--diff``
    #: leaves code no database lists on such a name (it may run there too).
    other_databases_names: Mapping[tuple[str, str], tuple[tuple[str, str], ...]] = field(
        default_factory=dict
    )

    def unattributed_files(self) -> list[tuple[str, int]]:
        """(path, places) of each counted file no database is known for, with
        a high-confidence place (prose's plain mentions are no code to attribute)."""
        files = set(self.unattributed)
        refs = tuple(r for r in self.references if r.path in files)
        code = {r.path for r in refs if r.confidence == HIGH or r.refused}
        return _per_file(tuple(r for r in refs if r.path in code))

    def history_files(self) -> list[tuple[str, int]]:
        """(path, places) of each migration file naming an old name, path order."""
        return _per_file(self.history)

    def generated_files(self) -> list[tuple[str, int]]:
        """(path, places) of each generated file naming an old name, path order."""
        return _per_file(self.generated)

    def generated_code(self) -> tuple[Reference, ...]:
        """The references of ``generated`` in code (not in a dump): code runs as
        it was built until it is regenerated and deployed, so the old name
        must go on working for it (a compatibility view kept, not dropped)."""
        return tuple(r for r in self.generated if r.path not in self.schema_dumps)

    def other_database_files(self) -> list[tuple[str, int]]:
        """(path, places) of each other database's code file naming an old name."""
        return _per_file(self.other_database)

    @property
    def references(self) -> tuple[Reference, ...]:
        """Every reference, grouped by object."""
        return tuple(r for o in self.objects for r in o.references)

    def phase_groups(self) -> list[tuple[str | None, list[ObjectImpact]]]:
        """Objects per phase: the whitelist's phases in order, then unknown (None)."""
        order = [p.id for p in self.phases]
        groups: dict[str | None, list[ObjectImpact]] = {}
        for obj in self.objects:
            groups.setdefault(obj.target.phase, []).append(obj)
        keys = [k for k in order if k in groups] + [k for k in groups if k not in order]
        return [(k, groups[k]) for k in keys]

    def phase_title(self, phase: str | None) -> str:
        """``Phase 2: User-facing tables``; objects without a phase share one group."""
        if phase is None:
            return "Renamed already, or no phase"
        found = next((p for p in self.phases if p.id == phase), None)
        title = f"Phase {phase}"
        return f"{title}: {found.title}" if found is not None and found.title else title

    def references_per_phase(self, min_confidence: Confidence = "high") -> dict[str, int]:
        """Places in code left per phase id (``""`` for none), for the burn-down.

        A place shared by several of a phase's objects counts once.
        """
        out: dict[str, int] = {}
        for phase, objects in self.phase_groups():
            refs = [r for o in objects for r in counted(o.references, min_confidence)]
            out[phase or ""] = len(places(refs))
        return out

    def referenced(self, min_confidence: Confidence = "high") -> tuple[ObjectImpact, ...]:
        """Objects that code still references (at ``min_confidence`` or above)."""
        return tuple(o for o in self.objects if o.count(min_confidence))

    def referenced_names(self, min_confidence: Confidence = "high") -> frozenset[str]:
        """Old names (case-folded) that code still uses, e.g. to decide views.

        A rename from ``messages`` needs a compatibility view named
        ``messages`` exactly when ``"messages"`` is in this set.
        """
        running = self.generated_code()
        return frozenset(
            used_name(r).casefold()
            for r in (
                *(r for o in self.objects for r in counted(o.references, min_confidence)),
                *counted(running, min_confidence),
            )
        )


def _per_file(references: tuple[Reference, ...]) -> list[tuple[str, int]]:
    out: dict[str, int] = {}
    for ref in places(references):
        out[ref.path] = out.get(ref.path, 0) + 1
    return sorted(out.items())
