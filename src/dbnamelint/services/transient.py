"""The gate on names a change makes that a later statement drops or renames away.

The rules judge the replay's final model, so a name made by one file and
dropped or renamed away by a later one was never judged, though every
database that ran the first file holds it: with ``paths: ["."]`` a new
``internal/migrations/v6.3.0.sql`` (sorted before ``schema.sql``) made
``webhook_logs ("statusCode" int)``, ``schema.sql`` later dropped and
recreated the table with ``status_code``, and the hook passed, while the
upgrade path of every production database runs only ``v6.3.0.sql``
(trial s30 listmonk). Likewise a migration making ``"BadTable"`` that a
later migration of the same change drops or renames: a database upgraded
in between holds it.

Replay keeps such names (:class:`~dbnamelint.model.Transient`, each as the
object was just before, located where its name was written). The gate runs
the naming rules (each name judged alone; not the rules judging the whole
schema, such as required columns) on them and reports a bad one as the
rule's own finding at that statement, when:

* the statement that wrote the name is in a file the change adds or edits,
  and the name ended in another file: a name made and dropped (or renamed
  away) by one migration file is not judged, as no database that finished
  the file holds it (one where it failed midway holds a failed migration,
  repaired anyway); nor is a temporary table, gone with its session (replay
  keeps none);
* no object of the final model has the name in the same catalog (that
  one is judged already; another dialect's namesake is judged by its own
  dialect's rules);
* the base had no finding of that rule on that name, failing, excused or
  transient itself: an old statement's name is history, not the change's.

Inline ``ignore`` directives at the statement, ``per_path`` ignores and
whitelist entries excuse such a finding as any other.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from dbnamelint.config import drop_per_path_ignored
from dbnamelint.core.identity import ref_of
from dbnamelint.core.index import catalog_of
from dbnamelint.findings import Finding
from dbnamelint.model import Location, Schema, SchemaObject
from dbnamelint.rules.base import Rule
from dbnamelint.rules.engine import run_rules
from dbnamelint.services.finding_keys import FindingKey, finding_keys
from dbnamelint.services.lint import Evaluation
from dbnamelint.suppressions import apply_suppressions
from dbnamelint.whitelist.apply import apply_whitelist


def _held_names(schema: Schema) -> list[SchemaObject]:
    """The transient objects of ``schema`` that ended in another file than
    the one writing their name and that no final object of their catalog
    has the name of (the first of several holding one name there).

    Keyed by catalog as well as by name: the copies of one upgrade for
    each dialect (memos' ``store/migration/{sqlite,mysql,postgres}``) hold
    one name in each catalog, and a rule may judge it by the dialect (a
    word reserved in PostgreSQL alone), so one copy, or a live namesake in
    another catalog, judged for all passed the others (trial s37 memos)."""
    live = {(o.source.catalog, ref_of(o)) for o in schema.objects}
    out: list[SchemaObject] = []
    seen = set(live)
    for held in schema.transient:
        obj = held.object
        if held.ended.path == obj.location.path:
            continue  # made and gone within one file
        ref = (obj.source.catalog, ref_of(obj))
        if ref in seen:
            continue
        seen.add(ref)
        out.append(obj)
    return out


def transient_findings(
    evaluation: Evaluation, files: Collection[str] | None = None
) -> tuple[tuple[Finding, ...], Schema]:
    """The naming rules' findings on the transient names of ``evaluation``
    (:func:`_held_names`), only those written in ``files`` when given, with
    the schema they were judged in (for their keys). Not yet excused."""
    schema = evaluation.loaded.schema
    held = _held_names(schema)
    if files is not None:
        held = [o for o in held if o.location.path in files]
    judged = Schema(objects=tuple(held), files=schema.files)
    if not held:
        return (), judged
    settings = evaluation.settings
    # Rules judging the whole schema (required columns, renamed leftovers)
    # judge the final model; a name held for a while is judged by its own.
    rules = [
        (rule, severity)
        for rule, severity in settings.rules
        if type(rule).check_schema is Rule.check_schema
    ]
    ctx = settings.rule_context(judged)
    mine = {id(o) for o in held}
    found = tuple(f for f in run_rules(judged, rules, ctx) if id(f.object) in mine)
    return found, judged


def transient_keys(evaluation: Evaluation) -> frozenset[FindingKey]:
    """The keys of every finding on a transient name of ``evaluation`` (the base's)."""
    found, judged = transient_findings(evaluation)
    index = catalog_of(judged)
    return frozenset(key for f in found for key in finding_keys(f, index))


def judge_transient(
    current: Evaluation,
    changed: Callable[[str], bool],
    *,
    known: frozenset[FindingKey],
    cwd: Path,
) -> tuple[list[Finding], frozenset[Location]]:
    """(the new findings on transient names written in files the change adds
    or edits, the locations of the whitelist entries excusing one of those
    names). ``changed`` tells such a file, given a path as the model shows
    it; ``known``: every finding key of the base (failing, excused, or on a
    transient name there).

    The final model lacks the names such an entry excuses, so the run judging
    it calls the entry stale; in the gate of the change adding the name it is
    not (it excuses a finding the gate judges). Once the change is merged the
    name is history and the entry stale: an inline ``ignore`` at the
    statement is the lasting form.
    """
    if not current.loaded.schema.transient:
        return [], frozenset()
    paths = {
        path
        for path in {t.object.location.path for t in current.loaded.schema.transient}
        if changed(path)
    }
    found, judged = transient_findings(current, paths)
    if not found:
        return [], frozenset()
    settings = current.settings
    index = catalog_of(judged)
    # said of the final model already: in the same catalog only (another
    # dialect's copy of the name is its own, reported at its own file)
    said: set[tuple[str, FindingKey]] = set()
    current_index = catalog_of(current.loaded.schema)
    for finding in current.result.findings:
        catalog = finding.object.source.catalog
        said |= {(catalog, key) for key in finding_keys(finding, current_index)}
    fresh = [
        f
        for f in drop_per_path_ignored(found, settings, cwd)
        if not (finding_keys(f, index) & known)
        and not {(f.object.source.catalog, key) for key in finding_keys(f, index)} & said
    ]
    suppressed, _unused = apply_suppressions(
        fresh, known_rules=settings.registry, active_rules=settings.active_rules
    )
    whitelist = current.whitelist
    applied = apply_whitelist(
        suppressed,
        Schema(objects=tuple(f.object for f in fresh), files=judged.files),
        whitelist,
        active_rules=settings.active_rules,
    )
    # (every object judged here is such a name: an entry not stale here excuses one)
    stale = {s.location for s in applied.stale}
    used = frozenset(e.location for e in whitelist.entries if e.location not in stale)
    return [f for f in applied.findings if f.is_new], used
