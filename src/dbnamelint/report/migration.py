"""The text of ``dbnamelint migrate``: the plan, what it cannot do, and the SQL."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from dbnamelint.migration_versions import AUTHELIA_LAYOUT
from dbnamelint.model import ObjectKind
from dbnamelint.report.common import plural
from dbnamelint.services.migrate.bodies import Mention
from dbnamelint.services.migrate.layout import runner_transaction
from dbnamelint.services.migrate.service import Migration
from dbnamelint.services.migrate.view_limits import view_limits


def _wrap(text: str, width: int = 88) -> list[str]:
    """``text`` cut at spaces into lines of at most ``width`` characters."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)


#: How many mentions in code no longer run the plan lists (the Lemmy trial had 150).
_SUPERSEDED_SHOWN = 5


def _superseded(mentions: Sequence[Mention]) -> list[str]:
    """Old names in code the database no longer runs: a heading that says
    there is nothing to update, then the first few, then how many more.

    Never a heading with nothing under it: the Lemmy trial's plan showed
    "update them by hand" above a lone "(150 more mentions left out...)".
    """
    count = plural(len(mentions), "mention")
    shown = mentions[:_SUPERSEDED_SHOWN]
    first = "" if len(shown) == len(mentions) else f", the first {len(shown)}"
    lines = [
        f"Old names in code the database no longer runs ({count}{first}; nothing to update: "
        "a DO block ran once, when its migration was applied, and a function, trigger or "
        "view replaced or dropped by a later migration is not in the database):"
    ]
    for m in shown:
        why = "ran once" if m.what == "do block" else "replaced or dropped later"
        lines.append(f"  {m.path}:{m.line}: {m.what} mentions {m.old} ({why})")
    if len(mentions) > len(shown):
        rest = len(mentions) - len(shown)
        lines.append(f"  ({plural(rest, 'more mention')} of that kind not listed)")
    return lines


def render_summary(
    migration: Migration, files: Sequence[str], *, cleanup: bool = False, written: bool = False
) -> str:
    """Plan, notes, routine bodies naming old tables and the files:
    everything :func:`render_plan` prints before the SQL."""
    plan = migration.plan
    out: list[str] = []
    if not cleanup:
        counts = {k: sum(1 for s in plan.steps if s.kind is k) for k in ObjectKind}
        tables, columns = counts[ObjectKind.TABLE], counts[ObjectKind.COLUMN]
        types, domains = counts[ObjectKind.TYPE], counts[ObjectKind.DOMAIN]
        dependents = len(plan.steps) - tables - columns - types - domains
        counts_text = ", ".join(
            (
                plural(tables, "table"),
                plural(columns, "column"),
                plural(dependents, "dependent name"),
                *([plural(types, "type")] if types else []),
                *([plural(domains, "domain")] if domains else []),
                plural(len(plan.views), "compatibility view"),
            )
        )
        out.append(f"Plan ({plan.dialect}): {counts_text}")
        out.append("")
        width = max(len(s.kind.value) for s in plan.steps)
        for step in plan.steps:
            owner = f"{plan.shown(step.table)}." if step.table else ""
            old, new = plan.shown(step.old), plan.shown(step.new)
            out.append(f"  {step.kind.value:<{width}}  {owner}{old} -> {new}  ({step.why})")
        if plan.views:
            out.append("")
            out.append("Compatibility views (old name reads the new table):")
            out += [f"  {plan.shown(v.old)} -> {plan.shown(v.new)}" for v in plan.views]
            limits = view_limits(plan.dialect)
            if limits is not None:
                lines = _wrap(f"note: {limits.text()}")
                out += [f"  {lines[0]}", *(f"        {line}" for line in lines[1:])]
    else:
        out.append(
            f"Cleanup ({plan.dialect}): drop {plural(len(plan.views), 'compatibility view')}"
        )
        out += [f"  {plan.shown(v.old)} (for {plan.shown(v.new)})" for v in plan.views]
    if plan.notes:
        out.append("")
        out.append("Notes:")
        out += [f"  - {n.message}" for n in plan.notes]
    if migration.mentions:
        out.append("")
        out.append(
            "Routine bodies, views and scripts the tool runs again that still name an old "
            "table or column (update them by hand; an old column name fails as soon as the "
            "body runs, a re-run script at its next run):"
        )
        out += [f"  {m.path}:{m.line}: {m.what} mentions {m.old}" for m in migration.mentions]
    if migration.superseded:
        out += ["", *_superseded(migration.superseded)]
    if files:
        out.append("")
        layout = migration.layout.value if migration.layout else "?"
        if migration.files and runner_transaction(migration.files[0].path, migration.layout):
            # V0001.Name.up.sql: golang-migrate's suffixes, not its names (trial s33 authelia)
            layout = AUTHELIA_LAYOUT
        state = "written" if written else "not written (--write writes them)"
        out.append(f"Files ({layout} layout), {state}:")
        out += [f"  {path} ({new.role})" for path, new in zip(files, migration.files, strict=True)]
    return "\n".join(out) + "\n"


def render_plan(
    migration: Migration, files: Sequence[str], *, cleanup: bool = False, written: bool = False
) -> str:
    """Plan, notes, routine bodies naming old tables, files, then the scripts."""
    head = render_summary(migration, files, cleanup=cleanup, written=written)
    out = [head]
    if not cleanup:
        out += ["-- ==== forward ====", migration.forward.rstrip("\n"), ""]
        out += ["-- ==== rollback ====", migration.rollback.rstrip("\n"), ""]
    out += [_CLEANUP_HEADING, migration.cleanup.rstrip("\n")]
    return "\n".join(out) + "\n"


_CLEANUP_HEADING = "-- ==== cleanup (run once no code reads the old names) ===="


def render_sql(migration: Migration, *, cleanup: bool = False) -> str:
    """The SQL ``-o FILE`` saves: the one script that runs now, as a database
    client runs a file (``sqlite3 app.db < FILE``, ``psql -f FILE``).

    The forward script (with ``cleanup``, the cleanup script) alone: the
    scripts that must not run with it (the rollback, the later cleanup; after
    a cleanup, its rollback) are no part of a file one runs (trial s20 ente
    #3). A last comment says where they are (:func:`saved_note`).
    """
    if cleanup:
        now = [_CLEANUP_HEADING, migration.cleanup.rstrip("\n")]
    else:
        now = ["-- ==== forward ====", migration.forward.rstrip("\n")]
    return "\n".join([*now, f"-- {_left_out(cleanup, 'this file')}", ""])


def _left_out(cleanup: bool, where: str) -> str:
    """What ``-o`` leaves out of ``where``, and where it is."""
    if cleanup:  # the printed plan shows the cleanup alone too
        return (
            f"its rollback (re-creating the views) is not in {where}: --write writes it "
            "with the cleanup, as the migration tool's files"
        )
    # no backtick: the file is pasted into a Go raw string step (trial confirm35)
    return (
        f"the rollback and cleanup are not in {where}: dbnamelint migrate without -o "
        "prints them; --write writes the migration tool's files"
    )


def saved_note(shown: str, cleanup: bool) -> str:
    """The line ``-o`` ends with on standard error: what went to ``shown``, where the rest is."""
    script = "cleanup" if cleanup else "forward"
    return f"saved the {script} SQL to {shown}; {_left_out(cleanup, 'it')}"
