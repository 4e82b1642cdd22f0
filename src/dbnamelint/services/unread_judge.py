"""The gate on DDL a change adds to a SQL file the run leaves out by choice.

A full ``schema.sql`` kept beside versioned deltas is one database twice;
``DBN023`` tells the user to ``exclude`` one copy, and from then on the
copy was never read: a change appending ``CREATE TABLE "WorkflowTags"`` to
it passed the hook and ``check --base`` with a ``DBN008`` warning (trial
s22 temporal). Such a file is not refused (``DBN032``: excluding it was a
reviewed choice), but the names its new statements (:class:`.UnreadDdl`)
make are judged: their events are replayed after the tree's, the
configured rules and the whitelist judge them as new migration DDL, and a
bad name is the rule's finding at the name in that file.

Only what the change adds counts: a name failing at the base, or one the
read tree's own findings already report (the same table in the delta), is
not said twice. The replay's own complaints are not said: the copy repeats
what the tree made, which is no fault of the copy. DDL the new statements
hide from every rule (dynamic SQL, ``DBN013``; a routine of the file whose
body runs DDL, called there, ``DBN012``) is said, as it is in a read file:
the gate refuses it (trial s29 icingadb: an ``EXECUTE format('ALTER TABLE
...')`` in a new upgrade script of the excluded ``upgrades/`` folder passed).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from msgspec.structs import replace

from dbnamelint.config import drop_per_path_ignored
from dbnamelint.core.diagnostics import DiagnosticSelection
from dbnamelint.core.index import catalog_of
from dbnamelint.diagnostic_filter import filter_diagnostics
from dbnamelint.findings import CheckResult, Finding
from dbnamelint.frontends.liquibase.reader import read_as
from dbnamelint.frontends.sql.sources import reading_staged
from dbnamelint.model import Diagnostic, Event, EventOp, ObjectKind, Schema
from dbnamelint.replay.engine import replay
from dbnamelint.rules.engine import run_rules
from dbnamelint.runner.pipeline import read_file, with_routine_notes
from dbnamelint.services.finding_keys import FindingKey, finding_keys
from dbnamelint.services.lint import Evaluation
from dbnamelint.services.unchecked_ddl import UnreadDdl
from dbnamelint.whitelist.apply import apply_whitelist


def _renames_already_made(schema: Schema, events: Sequence[Event]) -> list[Event]:
    """Renames of ``events`` the read tree already shows made, undone first,
    last rename first: an upgrade script beside a full schema edited to the
    new names (``migrate``'s ``upgrades`` layout) renames ``comment`` to
    ``comments``, which the tree already makes, so replayed as written the
    renames find nothing and its compatibility view ``comment`` is no view
    of a renamed table (judged as a new legacy name). Undone, they replay as
    the script runs on the database it upgrades. Only a rename whose new
    name the tree has and whose old name it has not is undone."""
    have = {
        (o.kind, (o.table or "").casefold(), o.name.casefold())
        for o in schema.objects
        if o.kind in (ObjectKind.TABLE, ObjectKind.COLUMN, ObjectKind.INDEX, ObjectKind.CONSTRAINT)
    }
    out: list[Event] = []
    for event in reversed(events):
        if (
            event.op is not EventOp.RENAME
            or not event.name
            or not event.new_name
            or event.new_schema is not None
            or event.kind not in _UNDONE
        ):
            continue
        table = (event.table.name if event.table is not None else "").casefold()
        owner = "" if event.kind is ObjectKind.TABLE else table
        if (event.kind, owner, event.new_name.casefold()) not in have:
            continue
        if (event.kind, owner, event.name.casefold()) in have:
            continue
        out.append(
            replace(
                event,
                name=event.new_name,
                new_name=event.name,
                quoted=event.new_quoted,
                new_quoted=event.quoted,
                statement=-1,
            )
        )
    return out


_UNDONE = frozenset({ObjectKind.TABLE, ObjectKind.COLUMN, ObjectKind.INDEX, ObjectKind.CONSTRAINT})


def judge_unread_ddl(
    current: Evaluation,
    files: Sequence[UnreadDdl],
    *,
    failing: frozenset[FindingKey],
    cwd: Path,
    unread: Callable[[Diagnostic], bool],
) -> tuple[list[Finding], list[Diagnostic]]:
    """(the new findings on names the new statements of ``files`` make, the
    diagnostics of DDL those statements hide: each one ``unread`` tells, in a
    new statement, not accepted by an inline ``ignore``).

    ``failing``: the finding keys failing at the base.
    """
    if not files:
        return [], []
    events: list[Event] = []
    hidden: list[Diagnostic] = []
    paths: set[str] = set()
    for file in files:
        real = os.path.realpath(cwd / file.source.path)
        with reading_staged((), {real: file.data}), read_as(file.dbms):
            facts = read_file(file.source, None, None)
        # judged as run: a Liquibase guard that skipped the changeset (its
        # preConditions fail on the schema the files build), or a DO block's
        # IF arm its condition did not pick, is no reason here
        events += [
            replace(e, liquibase_guard=None, branches=())
            if e.liquibase_guard is not None or e.branches
            else e
            for e in facts.events
            if any(s.holds(e) for s in file.fresh)
        ]
        paths.add(file.source.path)
        # the DBN012 notes of the file's own routines (others' are not read here)
        parsed = with_routine_notes([(facts.source, facts.parse_diagnostics, facts.routine_steps)])
        fresh = tuple(
            d
            for d in (*facts.split_diagnostics, *parsed)
            if unread(d)
            and any(s.location.line <= d.location.line <= s.last_line for s in file.fresh)
        )
        hidden += filter_diagnostics(
            CheckResult(findings=(), diagnostics=fresh),
            DiagnosticSelection(show_info=True),
            facts.directives,
        ).diagnostics
    if not events:
        return [], hidden
    settings = current.settings
    undone = _renames_already_made(current.loaded.schema, events)
    schema = replay((*current.loaded.events, *undone, *events))
    ctx = settings.rule_context(schema)
    raw = [f for f in run_rules(schema, settings.rules, ctx) if f.location.path in paths]
    findings = drop_per_path_ignored(raw, settings, cwd)
    applied = apply_whitelist(
        findings, schema, current.whitelist, active_rules=settings.active_rules, complete=False
    )
    index = catalog_of(schema)
    said: set[FindingKey] = set()
    current_index = catalog_of(current.loaded.schema)
    for finding in current.result.findings:
        said |= finding_keys(finding, current_index)
    out: list[Finding] = []
    for finding in applied.findings:
        if not finding.is_new:
            continue
        mine = finding_keys(finding, index)
        if mine & failing or mine & said:
            continue
        out.append(finding)
    return out, hidden
