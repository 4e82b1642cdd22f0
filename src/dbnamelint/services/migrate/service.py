"""One call from a loaded tree and a request list to the migration's files.

:func:`build_migration` ties the pieces together and returns a
:class:`Migration` (plan, the three scripts, routine bodies naming old
tables, and the files the project's layout wants); nothing is printed or
written here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from dbnamelint.model import ObjectKind, Schema, Statement
from dbnamelint.pipeline import Loaded
from dbnamelint.services.migrate.bodies import Mention, find_mentions
from dbnamelint.services.migrate.layout import Layout, NewFile, detect, plan_files
from dbnamelint.services.migrate.plan import Note, Plan, PlanError, Request, View, plan_renames
from dbnamelint.services.migrate.sql import (
    ScriptOptions,
    render_cleanup,
    render_forward,
    render_rollback,
)


@dataclass(frozen=True, slots=True)
class Migration:
    """A planned migration: its plan, scripts, mentions and files to write."""

    plan: Plan
    forward: str
    rollback: str
    cleanup: str
    mentions: tuple[Mention, ...] = ()
    layout: Layout | None = None
    files: tuple[NewFile, ...] = field(default=())


def anchor_file(plan: Plan, schema: Schema, root: Path) -> Path | None:
    """The file where the first renamed table got its current name (module-aware placement)."""
    for step in plan.steps:
        table = step.old if step.kind is ObjectKind.TABLE else step.table
        for obj in schema.objects:
            if (
                obj.kind is ObjectKind.TABLE
                and table is not None
                and (
                    obj.name.casefold() == table.casefold()
                    or any(p.casefold() == table.casefold() for p in obj.previous_names)
                )
            ):
                path = Path(obj.source.path)
                return path if path.is_absolute() else root / path
    return None


#: ``ALTER TABLE t ALTER COLUMN c ADD GENERATED ... AS IDENTITY``: PostgreSQL
#: creates an owned sequence the reader does not model (an identity column
#: declared in CREATE TABLE or ADD COLUMN is modelled, and renamed).
_ADD_IDENTITY = re.compile(r"\bADD\s+GENERATED\b[^;]*?\bAS\s+IDENTITY\b", re.IGNORECASE)


def _identity_notes(plan: Plan, statements: Sequence[Statement]) -> list[Note]:
    """Identity added to an existing column: its sequence is not in the model; say so."""
    notes = []
    for step in plan.tables:
        word = re.compile(rf"(?<![\w$]){re.escape(step.old)}(?![\w$])", re.IGNORECASE)
        if any(_ADD_IDENTITY.search(s.text) and word.search(s.text) for s in statements):
            notes.append(
                Note(
                    f"table {step.old!r}: a column becomes an identity column (ALTER COLUMN ... "
                    "ADD GENERATED ... AS IDENTITY); the sequence PostgreSQL creates for it is "
                    "not in the model, so it keeps its name (rename it with ALTER SEQUENCE ... "
                    "RENAME TO if your standard covers sequences)"
                )
            )
    return notes


def build_migration(
    loaded: Loaded,
    statements: Sequence[Statement],
    requests: Sequence[Request],
    *,
    dialect: str,
    root: Path,
    views: bool | Iterable[str] = True,
    options: ScriptOptions | None = None,
    layout: Layout | None = None,
    slug: str = "rename",
    now: datetime | None = None,
) -> Migration:
    """Plan ``requests`` on ``loaded`` and lay the scripts out as the project's tool expects.

    Raises :class:`PlanError` (unknown object, collision, bad name) and
    :class:`~.layout.LayoutError` (no recognisable layout).
    """
    plan = plan_renames(loaded.schema, requests, dialect=dialect, views=views)
    plan = replace(plan, notes=(*plan.notes, *_identity_notes(plan, statements)))
    if not plan.steps:
        raise PlanError("nothing to rename: every requested object already has its target name")
    anchor = anchor_file(plan, loaded.schema, root)
    chosen = layout or (detect(anchor) if anchor is not None else None)
    options = _for_layout(options or ScriptOptions(), chosen)
    forward = render_forward(plan, options)
    rollback = render_rollback(plan, options)
    cleanup = render_cleanup(plan, options)
    old_tables = [s.old for s in plan.tables]
    mentions = tuple(find_mentions(statements, old_tables))
    files: tuple[NewFile, ...] = ()
    if anchor is not None and chosen is not None:
        files = tuple(
            plan_files(chosen, anchor, slug, forward, rollback, now=now or datetime.now())
        )
    return Migration(plan, forward, rollback, cleanup, mentions, chosen, files)


def _for_layout(options: ScriptOptions, layout: Layout | None) -> ScriptOptions:
    """No BEGIN/COMMIT of our own where the tool runs each migration in its transaction."""
    if layout is not None and layout.own_transaction:
        return replace(options, transaction=False)
    return options


def _group_folder(anchor: Path | None) -> Path | None:
    """The folder a migration goes into: a folder-per-migration layout's parent."""
    if anchor is None:
        return None
    if anchor.name in ("migration.sql", "up.sql"):
        return anchor.parent.parent
    return anchor.parent


def build_migrations(
    loaded: Loaded,
    statements: Sequence[Statement],
    requests: Sequence[Request],
    *,
    dialect: str,
    root: Path,
    views: bool | Iterable[str] = True,
    options: ScriptOptions | None = None,
    layout: Layout | None = None,
    slug: str = "rename",
    now: datetime | None = None,
) -> list[Migration]:
    """One migration per folder holding renamed tables (a phase may span modules).

    A migration must replay after the files that create its tables, so
    requests are grouped by the folder of the file where their table got its
    current name; the whole request list is planned once first, so a
    collision between groups is still refused.
    """
    plan_renames(loaded.schema, requests, dialect=dialect, views=views)
    groups: dict[Path | None, list[Request]] = {}
    for req in requests:
        single = plan_renames(loaded.schema, [req], dialect=dialect, views=False)
        anchor = anchor_file(single, loaded.schema, root)
        groups.setdefault(_group_folder(anchor), []).append(req)
    wanted = views if isinstance(views, bool) else {v.casefold() for v in views}
    out = []
    for group in groups.values():
        group_views: bool | Iterable[str] = wanted
        if not isinstance(wanted, bool):
            tables = {
                s.old.casefold()
                for s in plan_renames(loaded.schema, group, dialect=dialect, views=False).tables
            }
            group_views = [v for v in wanted if v in tables]
        out.append(
            build_migration(
                loaded,
                statements,
                group,
                dialect=dialect,
                root=root,
                views=group_views,
                options=options,
                layout=layout,
                slug=slug,
                now=now,
            )
        )
    return out


def build_cleanup(
    loaded: Loaded,
    *,
    dialect: str,
    root: Path,
    views: Iterable[str] | None = None,
    options: ScriptOptions | None = None,
    layout: Layout | None = None,
    slug: str = "drop_compatibility_views",
    now: datetime | None = None,
) -> Migration:
    """The cleanup migration: drop the compatibility views the tree holds (or ``views``).

    Raises :class:`PlanError` when there is no such view.
    """
    wanted = {v.casefold() for v in views} if views is not None else None
    found = [
        o
        for o in loaded.schema.objects
        if o.kind is ObjectKind.VIEW
        and o.compatibility_view_for
        and (wanted is None or o.name.casefold() in wanted)
    ]
    if not found:
        raise PlanError("no compatibility view to drop in the files")
    plan = Plan(
        dialect,
        (),
        tuple(View(o.schema, o.name, o.compatibility_view_for or "") for o in found),
        (),
    )
    path = Path(found[0].source.path)
    anchor = path if path.is_absolute() else root / path
    chosen = layout or detect(anchor)
    cleanup = render_cleanup(plan, _for_layout(options or ScriptOptions(), chosen))
    files = tuple(
        plan_files(chosen, anchor, slug, cleanup, "", now=now or datetime.now(), cleanup=True)
    )
    return Migration(plan, "", "", cleanup, (), chosen, files)
