"""One call from a loaded tree and a request list to the migration's files.

:func:`build_migration` ties the pieces together and returns a
:class:`Migration` (plan, the three scripts, routine bodies naming old
tables, and the files the project's layout wants); nothing is printed or
written here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from msgspec import Struct, field
from msgspec.structs import replace

from dbnamelint.core.identity import split_name
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import DialectProfile, Family, flyway_vendor_folder, profile_for
from dbnamelint.flyway_baselines import configured_instances, flyway_groups, versioned_version
from dbnamelint.go_module import GO_SQL_DRIVER_MYSQL, go_module_requires
from dbnamelint.go_module import GOLANG_MIGRATE as GOLANG_MIGRATE_MODULE
from dbnamelint.model import Event, ObjectKind, Schema, SchemaObject, SourceFile, Statement
from dbnamelint.rules.naming import CaseStyle
from dbnamelint.runner.pipeline import Loaded
from dbnamelint.services.migrate import full_schema
from dbnamelint.services.migrate.bodies import Mention, find_mentions, live_definitions
from dbnamelint.services.migrate.changelog import root_changelog
from dbnamelint.services.migrate.code_altered import with_code_altered
from dbnamelint.services.migrate.layout import (
    Layout,
    LayoutError,
    NewFile,
    detect,
    detect_for_migrate,
    django_note,
    folder_convention,
    is_ecto_dump,
    is_rails_dump,
    liquibase_note,
    other_dbms_note,
    plan_files,
    runner_transaction,
    runner_unknown,
)
from dbnamelint.services.migrate.liquibase_contexts import context_note
from dbnamelint.services.migrate.liquibase_needles import needle_note
from dbnamelint.services.migrate.mysql8 import refuse_dependent_renames
from dbnamelint.services.migrate.placeholders import with_written_names, with_written_views
from dbnamelint.services.migrate.plan import (
    DEPENDENT_KINDS,
    TYPE_KINDS,
    Note,
    Plan,
    PlanError,
    PlanModel,
    Request,
    Step,
    View,
    default_schema_for,
    plan_renames,
    session_database_for,
    target_why,
)
from dbnamelint.services.migrate.rails_keys import primary_key_note
from dbnamelint.services.migrate.rails_views import viewless_dump_note
from dbnamelint.services.migrate.replayed_after import reapplied_files, with_reapplied_uses
from dbnamelint.services.migrate.sql import (
    ScriptOptions,
    render_cleanup,
    render_cleanup_rollback,
    render_forward,
    render_rollback,
    tracking_parts,
)
from dbnamelint.services.migrate.sqlite_rebuild import with_rebuilds
from dbnamelint.services.migrate.sqlite_trigger import with_triggers
from dbnamelint.services.migrate.sqlite_virtual import without_virtual_column_renames
from dbnamelint.services.migrate.transactions import (
    code_tool_note,
    exec_once_note,
    runner_note,
    tool_note,
)
from dbnamelint.services.migrate.unread import unread_texts, without_unfollowed
from dbnamelint.services.migrate.unread_actions import with_unread_actions
from dbnamelint.synapse_layout import store_of as synapse_store


class Migration(Struct, frozen=True):
    """A planned migration: its plan, scripts, mentions and files to write.

    ``after``: the last file (in replay order) that touches what the
    migration renames; the new forward file must replay after it.
    """

    plan: Plan
    forward: str
    rollback: str
    cleanup: str
    mentions: tuple[Mention, ...] = ()
    layout: Layout | None = None
    files: tuple[NewFile, ...] = field(default=())
    after: Path | None = None
    #: Why no file can be named (the layout cannot be told, or no name in it
    #: replays last); only set when the caller plans without writing.
    layout_problem: str | None = None
    #: Mentions left out of ``mentions``: in DO blocks (run once) or in bodies
    #: and views replaced or dropped later (not in the database any more).
    superseded: tuple[Mention, ...] = ()


def _absolute(path: str, root: Path) -> Path:
    found = Path(path)
    return found if found.is_absolute() else root / found


#: Relations a step's object can hang on, tables first: tables, materialized
#: views (their indexes) and views (INSTEAD OF triggers).
_OWNERS = (ObjectKind.TABLE, ObjectKind.MATERIALIZED_VIEW, ObjectKind.VIEW)


def _planned_tables(plan: Plan, schema: Schema) -> list[SchemaObject]:
    """The model's relations ``plan`` touches, in plan order.

    The tables it renames or whose columns, keys, indexes, triggers and
    sequences it renames; the materialized view an index it renames is on
    (the view a trigger is on);
    a sequence it renames that no table's column owns, a type or domain
    (found by their own names). Every step is covered: a step none of these covers would have
    no file to go beside.
    """
    renamed = {(s.schema, s.new.casefold()): s.old for s in plan.tables}
    wanted: list[tuple[tuple[ObjectKind, ...], str | None, str]] = []
    for step in plan.steps:
        kinds: tuple[ObjectKind, ...] = _OWNERS
        name = step.old if step.kind is ObjectKind.TABLE else (step.table or step.owner)
        if not name and step.kind is ObjectKind.SEQUENCE:
            kinds, name = (ObjectKind.SEQUENCE,), step.old
        elif not name and step.kind in TYPE_KINDS:
            kinds, name = TYPE_KINDS, step.old
        elif step.of_type:  # a composite type's attribute: the type
            kinds = (ObjectKind.TYPE,)
        elif step.domain:  # a domain's constraint: the domain (by its name before the plan)
            kinds = (ObjectKind.DOMAIN,)
            name = next(
                (
                    s.old
                    for s in plan.steps
                    if s.kind is ObjectKind.DOMAIN and s.schema == step.schema and s.new == name
                ),
                name,
            )
        if not name:
            continue
        if not (step.domain or step.of_type):
            name = renamed.get((step.schema, name.casefold()), name)
        if (kinds, step.schema, name.casefold()) not in wanted:
            wanted.append((kinds, step.schema, name.casefold()))
    by_name = _Touches.of(schema).by_name
    out = []
    for kinds, schema_name, name in wanted:
        found = [
            obj
            for obj in by_name.get(name, ())
            if obj.kind in kinds and (obj.schema or "").casefold() == (schema_name or "").casefold()
        ]
        if found:  # a table before a view (a compatibility view keeps a table's old name)
            out.append(min(found, key=lambda obj: kinds.index(obj.kind)))
    return out


class _Touches:
    """Who touches which relation, indexed once per model (a plan per request
    would otherwise walk every object and event once per request)."""

    _last: tuple[Schema, _Touches] | None = None

    def __init__(self, schema: Schema) -> None:
        #: Name or earlier name (case-folded) -> the objects so named, model order.
        self.by_name: dict[str, list[SchemaObject]] = {}
        #: (table, table schema) -> paths of the objects attached to it.
        self.attached: dict[tuple[str, str | None], set[str]] = {}
        #: Table name -> paths of the sequences its columns own.
        self.owned: dict[str, set[str]] = {}
        for obj in schema.objects:
            for name in dict.fromkeys(
                (obj.name.casefold(), *map(str.casefold, obj.previous_names))
            ):
                self.by_name.setdefault(name, []).append(obj)
            if obj.owned_by is not None:
                self.owned.setdefault(obj.owned_by[0], set()).add(obj.source.path)
            if obj.table is not None:
                self.attached.setdefault((obj.table, obj.table_schema), set()).add(obj.source.path)
        self._events: tuple[Sequence[Event], dict[str, list[tuple[str, str]]]] | None = None

    @classmethod
    def of(cls, schema: Schema) -> _Touches:
        """The index of ``schema`` (the last one built is kept for the next call)."""
        if cls._last is None or cls._last[0] is not schema:
            cls._last = (schema, cls(schema))
        return cls._last[1]

    def events(self, loaded: Loaded) -> dict[str, list[tuple[str, str]]]:
        """Table name (case-folded) -> (schema case-folded, path) of each event on it."""
        if self._events is not None and self._events[0] is loaded.events:
            return self._events[1]
        found: dict[str, list[tuple[str, str]]] = {}
        for event in loaded.events:
            target = event.table
            if target is None and event.kind is ObjectKind.TABLE and event.name:
                name, schema = event.name, event.schema
            elif target is not None:
                name, schema = target.name, target.schema
            else:
                continue
            found.setdefault(name.casefold(), []).append(
                ((schema or "").casefold(), event.source.path)
            )
        self._events = (loaded.events, found)
        return found


def _touching(table: SchemaObject, loaded: Loaded, seen: frozenset[int] = frozenset()) -> set[str]:
    """Paths of the files that create, rename or alter ``table`` or what hangs on it.

    A view (whose output column a plan renames) also counts the files
    touching the relations it reads: they ran before it, and one of them
    names the migration tool where the view's own file (a Liquibase
    ``sqlFile``) names none."""
    index = _Touches.of(loaded.schema)
    names = {table.name.casefold(), *(p.casefold() for p in table.previous_names)}
    schema = (table.schema or "").casefold()
    paths = {table.source.path}
    if table.created_at is not None:
        paths.add(table.created_at.path)
    paths |= index.owned.get(table.name, set())
    paths |= index.attached.get((table.name, table.schema), set())
    events = index.events(loaded)
    for name in names:
        paths.update(path for where, path in events.get(name, ()) if where in ("", schema))
    if table.kind in (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW):
        seen = seen | {id(table)}
        for read in table.selects_from:
            for source in index.by_name.get(read.casefold(), ()):
                if id(source) not in seen and source.kind in _OWNERS:
                    paths |= _touching(source, loaded, seen | {id(source)})
    return paths


def anchor_file(plan: Plan, loaded: Loaded, root: Path) -> Path | None:
    """The last file, in replay order, that touches a table ``plan`` renames.

    The migration must replay after it, so every file that creates,
    renames or alters the table, its columns, keys, indexes, triggers,
    policies or owned sequences runs first; it goes beside it, or in a
    newer release folder beside its folder (:func:`newest_release`).
    """
    touching: set[str] = set()
    for table in _planned_tables(plan, loaded.schema):
        touching |= _touching(table, loaded)
    # A Go migration list's file steps (dbnamelint.go_list_files) run where the
    # list names them and a new step goes at the list's end: a table they or
    # the list's own steps touch is written after the list's last file step.
    steps: dict[str, str] = {}
    for includer, inc in loaded.included:
        if includer.lower().endswith(".go"):
            steps[includer] = inc.path
    for includer, inc in loaded.included:
        if includer in steps and inc.path in touching:
            touching.add(includer)
    found = [i for i, f in enumerate(loaded.files) if f.path in touching]
    if not found:
        return None
    if loaded.files[found[-1]].path in steps:
        return _absolute(steps[loaded.files[found[-1]].path], root)
    # A file no migration tool names, replayed after the tool's migrations
    # (lemmy's replaceable_schema of routines, rebuilt by its runner after
    # every Diesel migration: trial s28), is no place for a migration: the
    # last file a tool names is, and the plan's notes list the later ones.
    for i in reversed(found):
        path = _absolute(loaded.files[i].path, root)
        try:
            detect_for_migrate(path)
        except LayoutError:
            continue
        return path
    return _absolute(loaded.files[found[-1]].path, root)


def written_after(plan: Plan, loaded: Loaded, root: Path, layout: Layout | None) -> Path | None:
    """The file ``plan``'s migration is written after: :func:`anchor_file`,
    moved on by :func:`newest_release` (Liquibase excepted: its root
    changelog places it). Requests are grouped by this file's folder, not
    the anchor's, so that renames of one database whose tables come from two
    folders (supabase/postgres's ``init-scripts`` and ``migrations``, both
    read as one database) are one migration in the folder it goes to, not one
    per folder aimed at the same new file (trial s29 supabase)."""
    anchor = anchor_file(plan, loaded, root)
    if anchor is not None and not _is_liquibase(anchor, layout):
        anchor = newest_release(anchor, loaded, root)
    return anchor


def newest_release(anchor: Path, loaded: Loaded, root: Path) -> Path:
    """Where a migration that must replay after ``anchor`` goes: the last
    file replayed in the newest release folder beside ``anchor``'s, else ``anchor``.

    A release folder is named with a version (a digit in its name:
    apollo's ``delta/v220-v230``, ``delta/v250-v300``); when ``anchor``'s
    folder is one, a sibling release folder of the same module replayed
    after it is where the tool runs the next upgrade, never the older
    release's own folder (trial s9-t1 #8). Folder-per-migration layouts
    (``migration.sql``, ``up.sql``) name their own new folder, so their
    anchor stays.
    """
    folder = anchor.parent
    if anchor.name in ("migration.sql", "up.sql"):
        return anchor
    if _INITIAL.search(folder.name):
        return _after_initial(anchor, loaded, root)
    if not _names_version(folder.name):
        return anchor
    paths = [(_absolute(f.path, root), f.module) for f in loaded.files]
    module = next((m for p, m in paths if p == anchor), None)
    after = False
    best = anchor
    for path, owner in paths:
        if path == anchor:
            after = True
        elif (
            after
            and owner == module
            and path.parent.parent == folder.parent
            and (path.parent == folder or _names_version(path.parent.name))
        ):
            best = path
    return best


def _names_version(name: str) -> bool:
    return any(c.isdigit() for c in name)


#: A folder of the scripts that set a database up, before its migrations
#: (supabase/postgres's ``migrations/db/init-scripts`` beside ``migrations/db/migrations``).
_INITIAL = lazy_compile(r"(?i)^init(?:ial)?(?:[-_ ]?(?:scripts?|db|sql))?$")


def _after_initial(anchor: Path, loaded: Loaded, root: Path) -> Path:
    """The last file replayed in a sibling folder after the set-up folder of
    ``anchor``, else ``anchor``: its runner applies the set-up scripts to a
    new database only, before every migration (supabase's ``migrate.sh``), so
    a rename written among them would run before the migrations that follow
    (trial s23 supabase)."""
    after = False
    best = anchor
    for f in loaded.files:
        path = _absolute(f.path, root)
        if path == anchor:
            after = True
        elif after and path.parent != anchor.parent and path.parent.parent == anchor.parent.parent:
            best = path
    return best


def _layout_of(anchor: Path, plan: Plan, loaded: Loaded, root: Path) -> Layout:
    """The layout of ``anchor``, else of the file that created the first renamed table."""
    try:
        return detect_for_migrate(anchor)
    except LayoutError:
        for table in _planned_tables(plan, loaded.schema):
            created = table.created_at.path if table.created_at else table.source.path
            try:
                return detect_for_migrate(_absolute(created, root))
            except LayoutError:
                continue
        raise


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
    strict_layout: bool = True,
    planned: Sequence[Request] = (),
    model: PlanModel | None = None,
    column_style: CaseStyle | None = None,
    reached: Callable[[Path], bool] | None = None,
) -> Migration:
    """Plan ``requests`` on ``loaded`` and lay the scripts out as the project's tool expects.

    ``planned``, ``model`` and ``column_style``: as :func:`~.plan.plan_renames` takes them;
    ``reached``: as :func:`~.layout.plan_files` takes it.

    Raises :class:`PlanError` (unknown object, collision, bad name) and
    :class:`~.layout.LayoutError` (no recognisable layout, no name that
    replays last); with ``strict_layout=False`` a layout problem leaves the
    migration without files and says why in :attr:`Migration.layout_problem`
    (the scripts can still be printed).
    """
    plan = plan_renames(
        loaded.schema,
        requests,
        dialect=dialect,
        views=views,
        planned=planned,
        model=model,
        column_style=column_style,
    )
    # Files re-run after the migrations (lemmy's replaceable_schema): their uses
    # of a renamed table are listed, to rename in the same change (trial s36 lemmy)
    reapplied = reapplied_files([f.path for f in loaded.files], root)
    # Names an unread EXECUTE, CALL or builder call may have changed: not renamed
    # (trial s9-t1 #11), each held only to what it can act on (trial s43)
    unread = unread_texts(loaded.diagnostics, statements, loaded.files, root)
    plan = without_unfollowed(plan, unread, loaded.schema, reapplied)
    plan = with_reapplied_uses(plan, statements, reapplied)
    # MySQL 8: a column a CHECK or a generated column uses cannot be renamed
    refuse_dependent_renames(plan, loaded.schema, statements)
    # SQLite: a virtual table's columns are its module's, not renamed by ALTER TABLE
    plan = without_virtual_column_renames(plan, loaded.schema)
    # SQLite constraints: their tables rebuilt, but not those a code migration made
    plan = with_rebuilds(plan, statements, _code_made_tables(loaded.schema))
    plan = with_triggers(plan, statements)  # SQLite triggers: re-created from their text
    plan = with_written_names(plan, loaded.schema, root)  # ${tableName}, not ____________
    plan = with_unread_actions(plan, loaded.diagnostics)  # {{ addColumnIfNeeded "t" ... }}
    if plan.views and profile_for(plan.dialect).family is Family.SQLITE:
        # a view's triggers list the model's columns: not those code migrations add
        plan = with_code_altered(plan, root)
    if not plan.steps:
        if plan.notes:  # e.g. an index whose target waits for its table's phase
            raise PlanError("nothing to rename: " + "; ".join(n.message for n in plan.notes))
        raise PlanError("nothing to rename: every requested object already has its target name")
    anchor = written_after(plan, loaded, root, layout)
    problem: str | None = None
    if anchor is None:
        # Never a plan shown and silently left unwritten: say what has no place.
        problem = (
            "no file in the tree creates or alters what this migration renames ("
            + ", ".join(f"{s.kind.value} {s.old}" for s in plan.steps[:3])
            + (", ..." if len(plan.steps) > 3 else "")
            + "), so there is no migration folder to write it to"
        )
        if strict_layout:
            raise LayoutError(problem)
    try:
        chosen = layout or (_layout_of(anchor, plan, loaded, root) if anchor is not None else None)
    except LayoutError as exc:
        if strict_layout:
            raise
        chosen, problem = None, str(exc)
    plan, bodies = _sqlite_rewrites(plan, statements, loaded.schema, dialect)
    outer = runner_transaction(anchor, chosen)
    options = options or ScriptOptions()
    convention = _convention(anchor, chosen, options, profile_for(plan.dialect).family)
    noted = (
        _forced_transaction_note(plan, chosen, outer)
        if options.forced_transaction and chosen is not None
        else plan
    )  # a note saying the tool's scripts carry no BEGIN/COMMIT would be wrong then
    plan = (
        noted
        if noted is not plan
        else _tool_transaction_note(
            plan, chosen, outer, convention, runner_unknown(anchor, chosen), root
        )
    )
    options = _for_layout(options, chosen, plan, outer, convention)
    if chosen is None and anchor is not None:
        plan, options = _code_tool_transaction(plan, options, anchor)
    old_tables = [s.old for s in plan.tables]
    # A body spelling a renamed column fails at once (NEW."oldName"): no
    # compatibility view answers for a column, so those are listed too.
    old_columns = [s.old for s in plan.steps if s.kind is ObjectKind.COLUMN]
    # MySQL keeps view queries as text: a rename leaves them on the old name.
    mysql_views = profile_for(dialect).family is Family.MYSQL
    profile = profile_for(dialect)
    found = find_mentions(
        bodies,
        [*old_tables, *old_columns],
        views=mysql_views,
        live=live_definitions(loaded.schema),
        # PostgreSQL folds unquoted words to lower case: only a word naming
        # the stored name is a mention. Other families keep ignoring case.
        key=profile.key if profile.family is Family.POSTGRES else None,
        reserved=profile.reserved_words,
        # Scripts the tool runs again (Flyway R__ and callbacks, Liquibase
        # runOnChange/runAlways) fail at their next run on an old name: their
        # files are executed again as written, every statement searched.
        rerun=True,
    )
    if not bodies:
        # SQLite rewrites its bodies and views, but a script the tool runs
        # again is executed as written: those are still searched.
        found += find_mentions(statements, [*old_tables, *old_columns], rerun=True, routines=False)
    # A type renamed: a body casting to the old name fails when it runs; the
    # signatures, columns and views follow it by OID.
    old_types = [s.old for s in plan.steps if s.kind in TYPE_KINDS]
    if old_types:
        typed = find_mentions(
            bodies,
            old_types,
            live=live_definitions(loaded.schema),
            key=profile.key,
            reserved=profile.reserved_words,
            bodies_only=True,
        )
        found = sorted(set(found) | set(typed), key=lambda m: (m.path, m.line, m.old))
    mentions = tuple(m for m in found if m.live)
    left_out = tuple(m for m in found if not m.live)
    # the forward script itself says which bodies it leaves naming an old
    # name (trial s32 outline: stderr alone said its trigger functions'
    # NEW."searchVector" would fail every write once it ran)
    forward = render_forward(plan, replace(options, mentions=_mention_lines(mentions)))
    rollback = render_rollback(plan, options)
    cleanup = render_cleanup(plan, options)
    plan = _multi_statement_note(plan, anchor, chosen)
    files: tuple[NewFile, ...] = ()
    if anchor is not None and chosen is not None:
        try:
            files = _tool_files(
                chosen,
                anchor,
                slug,
                forward,
                rollback,
                loaded,
                root,
                now,
                reached,
                dialect,
                steps=plan.steps,
                name=options.name,
            )
            if chosen is Layout.UPGRADES:
                edit, left = _full_schema_edit(anchor, plan, dialect)
                files = (*files, *edit)
                if left:
                    plan = _noted(plan, left)
        except LayoutError as exc:
            if strict_layout:
                raise
            problem = str(exc)
        if chosen is Layout.UPGRADES and files:
            plan = _noted(plan, _upgrades_note(files, root, plan))
        if chosen is Layout.DJANGO and files:
            models = django_note(anchor, plan.steps, dialect)
            if models is not None:
                plan = _noted(plan, models)
        if chosen is Layout.FLYWAY and files:
            apart = _sibling_instances_note(loaded, root, files[0].path)
            if apart is not None:
                plan = _noted(plan, apart)
        if chosen is Layout.LIQUIBASE:
            # Nothing here can make Liquibase run it: the plan says what to edit.
            by_hand = liquibase_note(anchor, root)
            if by_hand is not None:
                plan = _noted(plan, by_hand)
            changelogs = {_absolute(f.path, root) for f in loaded.files}
            changelogs |= {f.path for f in files if f.role == "changelog"}
            portable = other_dbms_note(files, sorted(changelogs), dialect)
            if portable is not None:
                plan = _noted(plan, portable)
            contexts = context_note([s.old for s in plan.tables], loaded.schema, root)
            if contexts is not None:
                plan = _noted(plan, contexts)
            needles = needle_note(files)
            if needles is not None:
                plan = _noted(plan, needles)
    keys = primary_key_note([v.old for v in plan.views], root, plan.dialect)
    if keys is not None:
        plan = _noted(plan, keys)
    return Migration(
        plan, forward, rollback, cleanup, mentions, chosen, files, anchor, problem, left_out
    )


def _mention_lines(mentions: Sequence[Mention]) -> tuple[str, ...]:
    """The forward script's header lines for ``mentions`` (the plan's
    "Routine bodies, views and scripts ..." list, which went to standard
    error alone: the saved script ran without a word of it)."""
    return tuple(
        f"warning: {m.path}:{m.line}: {m.what} mentions {m.old}, which this script renames: "
        "update it by hand (an old column name fails as soon as the body runs, a re-run "
        "script at its next run)"
        for m in mentions
    )


def _sqlite_rewrites(
    plan: Plan, statements: Sequence[Statement], schema: Schema, dialect: str
) -> tuple[Plan, Sequence[Statement]]:
    """SQLite: the plan with a note on the triggers and views SQLite rewrites
    itself, and no statements left to list as "update by hand"; other
    dialects: both unchanged.

    ``ALTER TABLE ... RENAME TO`` and ``RENAME COLUMN`` rewrite every
    reference in trigger bodies and view definitions (sqlite.org/lang_altertable.html:
    since 3.25/3.26, with ``PRAGMA legacy_alter_table`` off, the default),
    so nothing of theirs needs an edit by hand.
    """
    if profile_for(dialect).family is not Family.SQLITE:
        return plan, statements
    old_names = [s.old for s in plan.steps if s.kind in (ObjectKind.TABLE, ObjectKind.COLUMN)]
    found = [
        m
        for m in find_mentions(
            statements,
            old_names,
            views=True,
            live=live_definitions(schema),
            reserved=profile_for(dialect).reserved_words,
        )
        if m.live
    ]
    # one place per statement: a view naming the table and a renamed column is one place
    where = list(dict.fromkeys(f"{m.path}:{m.line} ({m.what})" for m in found))
    if where:
        places = ", ".join(where[:5])
        more = f" and {len(where) - 5} more" if len(where) > 5 else ""
        plan = _noted(
            plan,
            f"SQLite rewrites the renamed table and column names in trigger bodies and view "
            f"definitions itself (ALTER TABLE ... RENAME, SQLite 3.26+ with "
            f"legacy_alter_table off, the default): nothing to update by hand in {places}{more}",
        )
    return plan, ()


class _Convention(Struct, frozen=True):
    """What the folder's own migrations do, where its runner is unknown
    (:func:`~.layout.runner_unknown`): open transactions of their own or not."""

    folder: Path
    transactions: bool
    read: int
    #: Whether the Go module above requires golang-migrate (None: no go.mod).
    module: bool | None = None
    #: golang-migrate's SQLite folder whose migrations carry BEGIN/COMMIT: its
    #: runner turned the driver's wrapping off (pocket-id's NoTxWrap, trial s26).
    unwrapped: bool = False
    #: golang-migrate on PostgreSQL, whose driver sends each file in one Exec:
    #: the folder's migrations say whether its runner wants BEGIN/COMMIT.
    exec_once: bool = False


def _convention(
    anchor: Path | None, layout: Layout | None, options: ScriptOptions, family: Family
) -> _Convention | None:
    """The folder's convention when nothing else says how its runner applies a
    file and ``--transaction``/``--no-transaction`` did not say it either."""
    if options.forced_transaction is not None or anchor is None:
        return None
    sqlite = family is Family.SQLITE
    if (
        layout is Layout.GOLANG_MIGRATE
        and family is Family.POSTGRES
        and not runner_unknown(anchor, layout)
        and not runner_transaction(anchor, layout)  # Authelia's: its own note
    ):
        # Its driver sends the file in one Exec, which PostgreSQL runs as one
        # implicit transaction: BEGIN/COMMIT add nothing there, and a runner of
        # the project's that applies a batch in one transaction (coder's
        # txnmigrator, trial s29) has that COMMIT end it early. The folder's
        # own migrations say which the project's runner takes.
        seen = folder_convention(anchor, layout)
        if seen is None:
            return None
        return _Convention(anchor.parent, seen[0], seen[1], True, exec_once=True)
    if layout is Layout.GOLANG_MIGRATE and sqlite and not runner_unknown(anchor, layout):
        # The sqlite3 driver wraps each file unless told not to (x-no-tx-wrap in
        # the URL, NoTxWrap in its Config, which no file shows): a BEGIN in the
        # folder's migrations says it was, or they would fail nested.
        seen = folder_convention(anchor, layout)
        if seen is None or not seen[0]:
            return None
        return _Convention(anchor.parent, True, seen[1], True, unwrapped=True)
    if layout is not None and not runner_unknown(anchor, layout):
        return None
    if layout is None and (is_rails_dump(anchor) or is_ecto_dump(anchor)):
        return None  # a Rails or Ecto migration takes the SQL, as the refusal says
    # no tool names the folder's files (the write is refused): its SQL files decide
    found = folder_convention(anchor, layout or Layout.NUMBERED)
    if found is None:
        return None
    return _Convention(anchor.parent, *found, go_module_requires(anchor, GOLANG_MIGRATE_MODULE))


def _for_layout(
    options: ScriptOptions,
    layout: Layout | None,
    plan: Plan,
    outer: bool = False,
    convention: _Convention | None = None,
) -> ScriptOptions:
    """No BEGIN/COMMIT of our own where the tool runs each migration in its transaction.

    ``--transaction``/``--no-transaction`` (``options.forced_transaction``)
    decide alone. Where the runner is unknown (a plain numbered or
    timestamped folder, ``*.up.sql`` files in a module that does not
    require golang-migrate), the folder's own migrations do: none opening a
    transaction of its own says the runner wraps each file (concourse's
    does; a ``BEGIN`` inside it draws PostgreSQL's "there is already a
    transaction in progress" and its ``COMMIT`` ends the runner's
    transaction early), or that each file is sent at once, which
    PostgreSQL runs as one implicit transaction anyway; a SQLite table
    rebuild keeps its own (its ``PRAGMA foreign_keys=OFF`` must run outside one).

    golang-migrate's sqlite3/sqlite drivers wrap every migration in a
    transaction (its database/sqlite3 README: "Migrations must not contain
    explicit BEGIN or COMMIT statements"); its PostgreSQL and MySQL drivers
    do not. A SQLite table rebuild needs ``PRAGMA foreign_keys=OFF`` outside
    any transaction, so it keeps its own BEGIN/COMMIT: goose's file says
    ``-- +goose NO TRANSACTION`` (see :func:`.layout.plan_files`),
    golang-migrate's plan says to run it with ``x-no-tx-wrap=true``.
    ``outer``: the folder's runner wraps its PostgreSQL and SQLite
    migrations in one transaction (:func:`.layout.runner_transaction`).
    """
    if layout is Layout.TEMPORAL:
        # temporal-sql-tool's splitter refuses BEGIN;, DO blocks and guards: plain
        # statements, whatever --transaction says (its note says why)
        return replace(options, transaction=False, plain=True)
    if options.forced_transaction is not None:
        return replace(options, transaction=options.forced_transaction)
    family = profile_for(plan.dialect).family
    if layout is None:
        if convention is not None and not (family is Family.SQLITE and plan.rebuilds):
            return replace(options, transaction=convention.transactions)
        return options
    if outer and family in (Family.POSTGRES, Family.SQLITE):
        return replace(options, transaction=False)
    sqlite = family is Family.SQLITE
    if convention is not None and not (sqlite and plan.rebuilds):
        return replace(options, transaction=convention.transactions)
    if sqlite and plan.rebuilds and layout in (Layout.GOOSE, Layout.GOLANG_MIGRATE):
        return options
    if layout.own_transaction or (layout is Layout.GOLANG_MIGRATE and sqlite):
        return replace(options, transaction=False)
    return options


def _code_tool_transaction(
    plan: Plan, options: ScriptOptions, anchor: Path
) -> tuple[Plan, ScriptOptions]:
    """For a forward script meant for a code migration (``anchor``: an
    Alembic revision, which --write writes as layout ``alembic``; a Django,
    Laravel, Knex... migration, which it does not) whose tool runs it in a transaction of its own
    (:data:`~.transactions.CODE_TOOL_TRANSACTIONS`): no BEGIN/COMMIT unless
    asked for, and a note saying why (trial s34 mealie: the pasted COMMIT
    ended Alembic's transaction part-way). A SQLite table rebuild keeps its
    own (its PRAGMA foreign_keys=OFF must run outside any transaction)."""
    from dbnamelint.code_migrations import code_migration_kind

    family = profile_for(plan.dialect).family
    if not profile_for(plan.dialect).transactional_ddl or (
        family is Family.SQLITE and plan.rebuilds
    ):
        return plan, options
    try:
        text = anchor.read_bytes().decode("utf-8", "replace")
    except OSError:
        return plan, options
    kind = code_migration_kind(anchor.as_posix(), text)
    said = None if kind is None else code_tool_note(kind, family, options.forced_transaction)
    if said is None:
        return plan, options
    if options.forced_transaction is None:
        options = replace(options, transaction=False)
    return _noted(plan, said), options


def _code_made_tables(schema: Schema) -> dict[str, str]:
    """Per table name (folded), the file that made it, for tables made by no
    SQL file (``.sql``/``.ddl``): a code migration, a changelog. Rails'
    ``db/schema.rb`` is read as the SQL ``db:schema:load`` runs, exactly
    (tests/test_drift_rails_compat_view.py rebuilds from it): not one."""
    from dbnamelint.rails_dump import is_schema_rb

    return {
        o.name.casefold(): o.source.path
        for o in schema.objects
        if o.kind is ObjectKind.TABLE
        and not o.source.path.casefold().endswith((".sql", ".ddl"))
        and not is_schema_rb(o.source.path)
    }


def _forced_transaction_note(plan: Plan, layout: Layout, outer: bool) -> Plan:
    """``plan`` with a warning where BEGIN/COMMIT were asked for (``--transaction``,
    the config's ``migrate_transaction: true``) but the tool or the folder's
    runner holds a transaction of its own, whose COMMIT ends it early."""
    family = profile_for(plan.dialect).family
    if not profile_for(plan.dialect).transactional_ddl:
        return plan  # MySQL: no BEGIN/COMMIT is written at all
    if outer and family in (Family.POSTGRES, Family.SQLITE):
        runner = "the folder's runner (Authelia's V0001.Name.up.sql) applies its migrations"
    elif layout.own_transaction or (
        # (a SQLite rebuild keeps its BEGIN/COMMIT anyway: that note says x-no-tx-wrap)
        layout is Layout.GOLANG_MIGRATE and family is Family.SQLITE and not plan.rebuilds
    ):
        runner = f"{layout.value} runs each migration"
    else:
        return plan
    return _noted(
        plan,
        "the scripts carry BEGIN/COMMIT, as --transaction or the config's "
        f"migrate_transaction: true asks, although {runner} in a transaction of its "
        "own: their COMMIT ends that transaction early (PostgreSQL: 'there is already "
        "a transaction in progress'; SQLite refuses the BEGIN)",
    )


def _noted(plan: Plan, text: str) -> Plan:
    """``plan`` with the note ``text`` added after its own."""
    return replace(plan, notes=(*plan.notes, Note(text)))


def _shown_folder(folder: Path, root: Path | None) -> str:
    """``folder`` as the user finds it: relative to ``root`` (ente's
    ``server/migrations``, not ``migrations``), else its name."""
    if root is not None:
        try:
            return folder.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass  # outside the tree (a path given on the command line)
    return folder.name or str(folder)


def _tool_transaction_note(
    plan: Plan,
    layout: Layout | None,
    outer: bool = False,
    convention: _Convention | None = None,
    unknown: bool = False,
    root: Path | None = None,
) -> Plan:
    """``plan`` with a note saying how the tool applies the file and so whether
    the scripts carry BEGIN/COMMIT: where golang-migrate must not wrap a SQLite
    rebuild, where the folder's runner holds the transaction (``outer``; pop),
    where the folder's convention decided (``convention``; ``unknown``: no
    tool is known to run the folder), else the tool's own way
    (:func:`~.transactions.tool_note`). The folder is named from ``root``."""
    family = profile_for(plan.dialect).family
    profile = profile_for(plan.dialect)
    if convention is not None and convention.unwrapped:
        folder = _shown_folder(convention.folder, root)
        return _noted(
            plan,
            "golang-migrate's sqlite3 driver wraps each migration in a transaction unless "
            f"its runner says not to (x-no-tx-wrap=true, or NoTxWrap in its Config), and the "
            f"migrations of {folder}/ open transactions of their own (BEGIN), which a "
            "wrapped one could not: its runner runs them unwrapped, so the scripts carry "
            "BEGIN/COMMIT too (--no-transaction leaves them out)",
        )
    if convention is not None and convention.exec_once:
        folder = _shown_folder(convention.folder, root)
        return _noted(plan, exec_once_note(folder, convention.transactions, convention.read))
    if (
        convention is not None
        and profile.transactional_ddl
        and not (family is Family.SQLITE and plan.rebuilds)
    ):
        folder = _shown_folder(convention.folder, root)
        text = runner_note(
            folder, layout, convention.transactions, convention.read, convention.module
        )
        plan = _noted(plan, text)
    if outer and family in (Family.POSTGRES, Family.SQLITE):
        return _noted(
            plan,
            "the folder's runner (Authelia's V0001.Name.up.sql) applies its pending "
            "migrations in one transaction of its own: the scripts carry no BEGIN/COMMIT"
            + (
                "; the SQLite table rebuild runs inside it, with foreign keys as the "
                "runner's connection sets them"
                if plan.rebuilds
                else ""
            ),
        )
    sqlite = family is Family.SQLITE
    if layout is Layout.POP and profile_for(plan.dialect).transactional_ddl:
        # (MySQL's DDL commits by itself, in pop's transaction or not: nothing to say)
        return _noted(
            plan,
            "pop runs each migration in a transaction of its own and records its version "
            "(schema_migration, or its migration_table_name) in that same transaction: the "
            "scripts carry no BEGIN/COMMIT, whose COMMIT would end pop's transaction early "
            "and leave the renames committed but unrecorded if the version's row then failed"
            + (
                "; the SQLite table rebuild runs inside it, with foreign keys as pop's "
                "connection sets them"
                if sqlite and plan.rebuilds
                else ""
            ),
        )
    if layout is Layout.POSTGRES_MIGRATIONS:
        return _noted(
            plan,
            "postgres-migrations runs each migration file in a transaction of its own with "
            "the INSERT INTO migrations row that records it (unless the file says "
            "'-- postgres-migrations disable-transaction'): the scripts carry no "
            "BEGIN/COMMIT, whose COMMIT would end its transaction early ('there is already "
            "a transaction in progress') and leave the renames committed but unrecorded if "
            "the row then failed; it hashes each file's name and text, so the new files "
            "must not change once applied",
        )
    if layout is Layout.GOLANG_MIGRATE and sqlite and plan.rebuilds:
        return _noted(
            plan,
            "golang-migrate's sqlite3 driver runs each migration in a transaction, where "
            "PRAGMA foreign_keys=OFF does nothing and the table rebuild stops: apply this "
            "migration with x-no-tx-wrap=true in the database URL (the script has its own "
            "BEGIN/COMMIT)",
        )
    if layout is None or unknown:
        return plan  # the folder's own migrations decided (the note above), or nothing did
    said = tool_note(layout, family, bool(plan.rebuilds))
    return plan if said is None else _noted(plan, said)


def _multi_statement_note(plan: Plan, anchor: Path | None, layout: Layout | None) -> Plan:
    """``plan`` with a note where go-sql-driver/mysql will run the migration.

    That driver sends a script of several statements in one ``Exec`` only
    when the DSN says ``multiStatements=true`` (its README, "Parameters":
    off by default); otherwise the server refuses the second statement with
    a syntax error. A Go module that requires it and applies this migration
    through a connection of its own (golang-migrate's ``WithInstance``, or a
    runner that executes each file at once) must have it set. goose and
    sql-migrate send a file statement by statement: no note for them.
    """
    if anchor is None or profile_for(plan.dialect).family is not Family.MYSQL:
        return plan
    if layout in (Layout.GOOSE, Layout.SQL_MIGRATE):
        return plan
    if len(plan.steps) + len(plan.views) < 2 or not go_module_requires(anchor, GO_SQL_DRIVER_MYSQL):
        return plan
    return _noted(
        plan,
        "this Go module uses go-sql-driver/mysql, which runs a file of several "
        "statements only with multiStatements=true in the DSN: check that the "
        "connection applying this migration sets it (a runner that executes each "
        "file in one Exec fails at the second statement without it)",
    )


def flyway_instances(loaded: Loaded, root: Path) -> dict[Path, str]:
    """Absolute path -> its Flyway group (the locations one Flyway instance
    runs as one version order: :func:`~dbnamelint.flyway_baselines.flyway_groups`,
    ``flyway_locations`` included), for each Flyway migration of ``loaded``."""
    with configured_instances(loaded.flyway_locations):
        groups = flyway_groups([f.path for f in loaded.files])
    return {_absolute(path, root): str(group) for path, group in groups.items()}


def _same_instance(loaded: Loaded, root: Path, anchor: Path) -> list[Path]:
    """The files of ``loaded`` (absolute) but the Flyway migrations of other
    instances than ``anchor``'s: a new version follows its own instance's
    versions only (another instance keeps its own history table)."""
    instances = flyway_instances(loaded, root)
    mine = instances.get(anchor)
    files = [_absolute(f.path, root) for f in loaded.files]
    if mine is None:
        return files
    return [f for f in files if instances.get(f, mine) == mine]


def _sibling_instances_note(loaded: Loaded, root: Path, forward: Path) -> str | None:
    """A note when the new Flyway migration ``forward`` sorts below a version
    of a sibling folder read as another Flyway instance (conductor's
    ``migration_postgres_notify`` beside ``migration_postgres``): if one
    Flyway runs both as its locations, it refuses the new version on a
    database migrated past that one, so config ``flyway_locations`` must say so.

    A sibling holding the very version (``db/seed/V2__seed.sql`` beside a new
    ``db/migration/V2__``, both one Flyway's ``flyway.locations``) is worse:
    Flyway refuses every run, a new database's too, before applying anything
    (``CompositeMigrationResolver.checkForIncompatibilities``: "Found more
    than one migration with version 2"; trial s29), so that is said instead."""
    new = versioned_version(forward.name)
    if new is None:
        return None
    instances = flyway_instances(loaded, root)
    mine = instances.get(next((p for p in instances if p.parent == forward.parent), forward))
    above: dict[Path, Path] = {}
    same: dict[Path, Path] = {}
    for path, group in instances.items():
        version = versioned_version(path.name)
        if (
            group != mine
            and path.parent.parent == forward.parent.parent
            and not flyway_vendor_folder(path.parent.name)
            and version is not None
            and version >= new
        ):
            if version == new:
                same[path.parent] = path
                continue
            best = above.get(path.parent)
            if best is None or version > (versioned_version(best.name) or ()):
                above[path.parent] = path
    if not above and not same:
        return None

    def rel(path: Path) -> str:
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)

    named = same or above
    shown = ", ".join(rel(p) for p in sorted(named.values()))
    folders = ", ".join(rel(f) for f in (forward.parent, *sorted({**above, **same})))
    ask = f"name them in the config (flyway_locations: [[{folders}]]) and run migrate again"
    if same:
        # as Flyway prints it: the name's version, '_' read as '.' (MigrationVersion)
        printed = forward.name[1:].split("__", 1)[0].replace("_", ".")
        return (
            f"{forward.name} has the version of {shown} (sibling folders read as other "
            "Flyway instances); if one Flyway runs these folders together (its locations), "
            f"it refuses every migrate, a new database's too (\"Found more than one migration "
            f'with version {printed}"): {ask}'
        )
    return (
        f"{forward.name} sorts below {shown} (sibling folders read as other Flyway "
        "instances); if one Flyway runs these folders together (its locations), it refuses "
        f"{forward.name} on a database migrated past them (outOfOrder is off by default): " + ask
    )


def _group_folder(anchor: Path | None) -> Path | None:
    """The folder a migration goes into: a folder-per-migration layout's parent."""
    if anchor is None:
        return None
    if anchor.name in ("migration.sql", "up.sql"):
        return anchor.parent.parent
    return anchor.parent


def _is_liquibase(anchor: Path, layout: Layout | None) -> bool:
    try:
        return (layout or detect(anchor)) is Layout.LIQUIBASE
    except LayoutError:
        return False


#: What a phase's requests are grouped by, one migration per group: a
#: Liquibase root changelog or a plain folder (:func:`_group_of`), or a
#: Flyway instance (``("flyway", module or None, its Flyway group)``).
_Group = Path | tuple[str, str | None, str | None] | None
_T = TypeVar("_T")


def _group_of(
    anchor: Path | None,
    root: Path,
    layout: Layout | None,
    modules: Mapping[Path, str | None],
    instances: Mapping[Path, str] | None = None,
) -> _Group:
    """What a request's migration is grouped by (``modules``: absolute path ->
    module, ``module_pattern``'s; ``instances``: absolute path -> its Flyway
    group, :func:`flyway_instances`).

    Liquibase: the root changelog that runs ``anchor`` (one changelog, one
    migration for the phase, whatever folders its files sit in: it goes
    after everything the changelog runs). Flyway: the module and the Flyway
    instance (the locations one Flyway runs, :func:`flyway_instances`), as
    Flyway orders every location of an instance by version (two migrations
    of one phase would take one version: DBN016), while another instance
    (a module's own history table) runs on its own, maybe first. Else the folder of ``anchor``
    (:func:`_group_folder`) above any release folders (a version in the
    name: ``delta/v220-v230`` is ``delta``), so the upgrade scripts of one
    database are one group; :func:`_merge_nested` then joins a folder's
    group with those of the folders inside it (trial s9-t1 #8), while
    sibling folders (``db/mod-a``, ``db/mod-b``) keep a migration each.
    """
    if anchor is None:
        return None
    try:
        chosen: Layout | None = layout or detect_for_migrate(anchor)
    except LayoutError:
        chosen = None
    if chosen is Layout.LIQUIBASE:
        found = root_changelog(anchor, root)
        if found is not None:
            return found[0].path
    if chosen is Layout.FLYWAY:
        return ("flyway", modules.get(anchor), (instances or {}).get(anchor))
    if chosen is Layout.SYNAPSE:
        # one delta per store (main, state: each may be a database of its own),
        # whether its tables came from full_schemas/<N>/ or a delta/<N>/
        store = synapse_store(anchor)
        if store is not None:
            return store
    folder = _group_folder(anchor)
    while folder is not None and _names_version(folder.name) and folder.parent != folder:
        folder = folder.parent
    return folder


def _merge_nested(groups: dict[_Group, list[_T]]) -> dict[_Group, list[_T]]:
    """``groups`` with each folder's group joined into the group of the
    outermost folder holding it (``db/`` takes ``db/delta/``), in first-seen order."""
    folders = [g for g in groups if isinstance(g, Path)]
    out: dict[_Group, list[_T]] = {}
    for group, requests in groups.items():
        into = group
        if isinstance(group, Path):
            outer = [f for f in folders if f != group and group.is_relative_to(f)]
            if outer:
                into = min(outer, key=lambda f: len(f.parts))
        out.setdefault(into, []).extend(requests)
    return out


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
    strict_layout: bool = True,
    planned: Sequence[Request] = (),
    column_style: CaseStyle | None = None,
    reached: Callable[[Path], bool] | None = None,
) -> list[Migration]:
    """One migration per folder holding renamed tables (a phase may span modules).

    A migration must replay after the files that create its tables, so
    requests are grouped by the folder their migration goes into (that of
    :func:`written_after`: a set-up folder's tables go with the migrations
    folder replayed after it), folders inside it and release folders joining it
    (Liquibase: by the root changelog that runs that file; Flyway: by
    module), written after the last file that touches what it renames
    (:func:`anchor_file`, :func:`newest_release`);
    the whole request list is planned once first, so a
    collision between groups is still refused. ``planned``: every
    whitelist target (:func:`~.requests.planned_targets`). One
    :class:`~.plan.PlanModel` serves every plan.
    """
    model = PlanModel(loaded.schema, dialect)

    def plan(wanted: Sequence[Request], with_views: bool | Iterable[str] = False) -> Plan:
        return plan_renames(
            loaded.schema,
            wanted,
            dialect=dialect,
            views=with_views,
            planned=planned,
            model=model,
            column_style=column_style,
        )

    known: dict[Path | None, _Group] = {}
    modules = {_absolute(f.path, root): f.module for f in loaded.files}
    instances = flyway_instances(loaded, root)

    def group_of(anchor: Path | None) -> _Group:
        # once per anchor: a Liquibase anchor's changelogs are read to tell it
        if anchor not in known:
            known[anchor] = _group_of(anchor, root, layout, modules, instances)
        return known[anchor]

    full = plan(requests, views)
    groups: dict[_Group, list[Request]] = {}
    table_group: dict[tuple[str | None, str], _Group] = {}
    own = [r for r in requests if r.entry and r.kind in DEPENDENT_KINDS]
    #: Requests that rename nothing themselves (already at their target, or
    #: waiting for another phase): they join a migration that renames
    #: something, whose plan then says why; alone they refuse the run.
    idle: list[Request] = []
    for req in requests:
        if req in own:
            continue
        single = plan([req])
        if not single.steps:
            idle.append(req)
            continue
        folder = group_of(written_after(single, loaded, root, layout))
        groups.setdefault(folder, []).append(req)
        for step in single.tables:
            table_group[(step.schema, step.new)] = folder
    for req in own:
        # An index or constraint entry goes with its table's rename, when the
        # phase renames the table too (planned alone it waits for the table).
        taken = next((s for s in full.steps if s.why == target_why(req.origin)), None)
        key = (taken.schema, taken.table or taken.owner or "") if taken is not None else None
        if key is not None and key in table_group:
            groups.setdefault(table_group[key], []).append(req)
            continue
        try:
            single = plan([req])
        except PlanError:
            if taken is not None:
                raise
            # Renamed by nothing in the whole plan, which took it (at its
            # target once the table is renamed: "accounts_pkey" back on
            # accounts); alone its table keeps its name and it reads stale.
            idle.append(req)
            continue
        if not single.steps:
            idle.append(req)
            continue
        groups.setdefault(group_of(written_after(single, loaded, root, layout)), []).append(req)
    groups = _merge_nested(groups)
    if idle:
        groups.setdefault(next(iter(groups), None), []).extend(idle)
    # as given: the plan compares them with the stored names (a quoted
    # "fooBar" keeps its case); casefolded only to sort them into groups
    wanted = views if isinstance(views, bool) else list(dict.fromkeys(views))
    out = []
    for group in groups.values():
        group_views: bool | Iterable[str] = wanted
        if not isinstance(wanted, bool):
            tables = {
                s.old.casefold()
                for s in plan_renames(
                    loaded.schema, group, dialect=dialect, views=False, model=model
                ).tables
            }
            group_views = [v for v in wanted if v.casefold() in tables]
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
                strict_layout=strict_layout,
                planned=planned,
                model=model,
                column_style=column_style,
                reached=reached,
            )
        )
    return out


def _refuse_unknown_views(loaded: Loaded, views: Iterable[str], found: list[SchemaObject]) -> None:
    """Raise :class:`PlanError` naming each of ``views`` that is no compatibility view.

    A ``--view`` the files do not hold, or hold as an ordinary view, is the
    user's mistake (a typo, a view of their own), never a name to skip: the
    message says which it is and lists the compatibility views there are.
    """
    compat = {o.name.casefold() for o in found}
    plain = {
        o.name.casefold()
        for o in loaded.schema.objects
        if o.kind in (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)
        and not o.compatibility_view_for
    }
    wrong = [v for v in views if v.casefold() not in compat]
    if not wrong:
        return
    every = sorted(
        o.name
        for o in loaded.schema.objects
        if o.kind is ObjectKind.VIEW and o.compatibility_view_for
    )
    reasons = [
        f"{v!r} is a view the files create, not a compatibility view "
        "(no table was renamed from its name)"
        if v.casefold() in plain
        else f"no view {v!r} in the files"
        for v in wrong
    ]
    there = (
        "compatibility views there: " + ", ".join(every)
        if every
        else "the files hold no compatibility view"
    )
    raise PlanError("--view: " + "; ".join(reasons) + f"; {there}")


#: Layouts whose migration --write writes as code (:mod:`.laravel_migration`...).
_CODE_LAYOUTS = frozenset(
    {
        Layout.ALEMBIC,
        Layout.DJANGO,
        Layout.KNEX,
        Layout.SEQUELIZE,
        Layout.LARAVEL,
        Layout.TYPEORM,
        Layout.KYSELY,
    }
)


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
    reached: Callable[[Path], bool] | None = None,
    strict_layout: bool = True,
) -> Migration:
    """The cleanup migration: drop the compatibility views the tree holds (or ``views``).

    ``reached``: as :func:`~.layout.plan_files` takes it. Raises
    :class:`PlanError` when there is no such view, and
    :class:`~.layout.LayoutError` when no tool's layout is known, unless
    ``strict_layout`` is False: then the migration has no files and
    :attr:`Migration.layout_problem` says why (the SQL is still printed).
    """
    wanted = {v.casefold() for v in views} if views is not None else None
    profile = profile_for(dialect)
    found = [
        o
        for o in loaded.schema.objects
        if o.kind is ObjectKind.VIEW
        and o.compatibility_view_for
        and (wanted is None or o.name.casefold() in wanted)
    ]
    if wanted is not None:
        _refuse_unknown_views(loaded, views or (), found)
    if not found:
        raise PlanError("no compatibility view to drop in the files" + viewless_dump_note(loaded))

    def view(o: SchemaObject) -> View:
        # The table's columns and defaults: a rollback re-creates the view as
        # the rename migration made it (SQLite's INSTEAD OF triggers included).
        table = o.compatibility_view_for or ""
        columns = [
            c
            for c in loaded.schema.objects
            if c.kind is ObjectKind.COLUMN and c.table == table and c.schema == o.schema
        ]
        names = tuple(c.name for c in columns)
        defaults = tuple(c.default_sql for c in columns)
        generated = tuple(c.name for c in columns if c.generated)
        shown = tuple(_shown_name(c, o, profile) for c in columns)
        return View(
            o.schema,
            o.name,
            table,
            names,
            defaults,
            schema_text=o.schema_text,
            generated=generated,
            shown=shown if shown != names else (),
        )

    plan = Plan(
        dialect,
        (),
        tuple(view(o) for o in found),
        (),
        default_schema=default_schema_for(found, dialect),
        session_database=session_database_for(loaded.schema.objects, dialect),
    )
    plan = with_written_views(plan, found, root)  # {{.prefix}}sharing, not ___________sharing
    order = {f.path: i for i, f in enumerate(loaded.files)}
    last = max(found, key=lambda o: order.get(o.source.path, -1))
    anchor = _absolute(last.source.path, root)
    problem: str | None = None
    try:
        chosen: Layout | None = layout or detect_for_migrate(anchor)
    except LayoutError as exc:
        if strict_layout:
            raise
        chosen, problem = None, str(exc)  # the SQL is still printed (no --write)
    options = options or ScriptOptions()
    script_options = _for_layout(
        options,
        chosen,
        plan,
        runner_transaction(anchor, chosen),
        _convention(anchor, chosen, options, profile_for(plan.dialect).family),
    )
    if chosen is None:
        # pasted into a code migration (Laravel's, Alembic's...) as the forward
        # script is: no BEGIN/COMMIT where its tool holds a transaction
        # (trial s35 firefly-iii: the cleanup carried them, the forward not)
        plan, script_options = _code_tool_transaction(plan, script_options, anchor)
    elif chosen in _CODE_LAYOUTS and not options.forced_transaction:
        # the note the forward gets (and the cleanup got while --write refused these)
        said = tool_note(chosen, profile_for(plan.dialect).family, bool(plan.rebuilds))
        plan = plan if said is None else _noted(plan, said)
    cleanup = render_cleanup(plan, script_options)
    restore = render_cleanup_rollback(plan, script_options)
    files: tuple[NewFile, ...] = ()
    if chosen is not None:
        try:
            files = _tool_files(
                chosen,
                anchor,
                slug,
                cleanup,
                restore,
                loaded,
                root,
                now,
                reached,
                dialect,
                cleanup=True,
            )
        except LayoutError as exc:
            if strict_layout:
                raise
            problem = str(exc)
    return Migration(plan, "", restore, cleanup, (), chosen, files, anchor, problem)


def _tool_files(
    chosen: Layout,
    anchor: Path,
    slug: str,
    up: str,
    down: str,
    loaded: Loaded,
    root: Path,
    now: datetime | None,
    reached: Callable[[Path], bool] | None,
    dialect: str,
    *,
    cleanup: bool = False,
    steps: Sequence[Step] = (),
    name: str | None = None,
) -> tuple[NewFile, ...]:
    """The files ``chosen``'s tool reads for a migration (``up``) and its
    rollback (``down``) after ``anchor`` (:func:`~.layout.plan_files`; a Flyway
    version counts its own instance's files only). Raises
    :class:`~.layout.LayoutError` when no name replays last."""
    return tuple(
        plan_files(
            chosen,
            anchor,
            slug,
            up,
            down,
            now=now or datetime.now(),
            cleanup=cleanup,
            replayed=(
                _same_instance(loaded, root, anchor)
                if chosen is Layout.FLYWAY
                else [_absolute(f.path, root) for f in loaded.files]
            ),
            root=root,
            reached=reached,
            dialect=dialect,
            steps=steps,
            name=name,
        )
    )


def _full_schema_edit(
    anchor: Path, plan: Plan, dialect: str
) -> tuple[tuple[NewFile, ...], str | None]:
    """The full schema ``anchor`` with the plan's renames written in
    (:mod:`.full_schema`): a new database runs it instead of the upgrade
    scripts; and a note on the old names it still writes where the edit
    does not rename (None: none). Raises :class:`~.layout.LayoutError` when
    it cannot be read."""
    try:
        with anchor.open(encoding="utf-8", newline="") as handle:
            original = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise LayoutError(f"{anchor}: the full schema cannot be read to edit it: {exc}") from None
    old_of = {s.new.casefold(): s.old for s in plan.tables}
    renames = full_schema.Renames(
        [
            (
                s.kind,
                old_of.get(s.table.casefold(), s.table) if s.table is not None else None,
                s.old,
                s.new,
            )
            for s in plan.steps
        ]
    )
    try:
        edited = full_schema.rewrite(original, dialect, renames)
    except ValueError as exc:
        raise LayoutError(
            f"{anchor}: the full schema cannot be tokenized to edit it: {exc}"
        ) from None
    left = None
    if edited.left:
        places = ", ".join(f"{name} (line {line})" for line, name in edited.left[:5])
        more = f" and {len(edited.left) - 5} more" if len(edited.left) > 5 else ""
        left = (
            f"{anchor.name} still writes {places}{more}, old names of this plan where the "
            "edit renames nothing (not after the word that names such an object, or a "
            "renamed column in a view): check them by hand, a new database runs that text"
        )
    if not edited.replaced:
        return (), left
    return (NewFile(anchor, edited.text, "full schema", replaces=original),), left


def _upgrades_note(files: Sequence[NewFile], root: Path, plan: Plan) -> str:
    """What an upgrades-layout migration is and what is left to the project."""
    script = next((f for f in files if f.role == "upgrade"), None)
    full = next((f for f in files if f.role == "full schema"), None)
    shown = _shown_path(script.path, root) if script is not None else "the upgrade script"
    client = "psql -f" if profile_for(plan.dialect).family is Family.POSTGRES else "mysql <"
    note = (
        f"{shown} is a new upgrade script (no tool runs it: an older database is upgraded "
        f"with `{client} {shown}`, in its version's turn; not read by `check`, as the "
        "config leaves the upgrades folder out)"
    )
    if full is not None:
        note += (
            f", and {_shown_path(full.path, root)} is edited in place to make the new names, "
            "as a new database runs it instead of the upgrades"
        )
    if plan.views:
        note += (
            "; the compatibility views are in the upgrade script only, which `check` does "
            "not read, so `migrate --cleanup` will not find them: drop them in a later "
            "upgrade script (the cleanup script below)"
        )
    return (
        note + "; a schema version the project records (icingadb's `INSERT INTO "
        "icingadb_schema`) is for you to add to both"
    )


def _shown_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def build_cleanups(
    loaded: Loaded,
    *,
    dialect: str,
    root: Path,
    views: Iterable[str] | None = None,
    options: ScriptOptions | None = None,
    layout: Layout | None = None,
    slug: str = "drop_compatibility_views",
    now: datetime | None = None,
    reached: Callable[[Path], bool] | None = None,
    strict_layout: bool = True,
) -> list[Migration]:
    """:func:`build_cleanup` once per migration group holding compatibility
    views (grouped as :func:`build_migrations` groups renames: a Flyway
    instance, a folder, a Liquibase root changelog), so each instance drops
    its own views, after the files that made them. Raises :class:`PlanError`
    when there is no such view."""
    wanted = {v.casefold() for v in views} if views is not None else None
    modules = {_absolute(f.path, root): f.module for f in loaded.files}
    instances = flyway_instances(loaded, root)
    groups: dict[_Group, list[str]] = {}
    for obj in loaded.schema.objects:
        if obj.kind is not ObjectKind.VIEW or not obj.compatibility_view_for:
            continue
        if wanted is not None and obj.name.casefold() not in wanted:
            continue
        anchor = _absolute(obj.source.path, root)
        group = _group_of(anchor, root, layout, modules, instances)
        groups.setdefault(group, []).append(obj.name)
    if len(groups) < 2:
        return [
            build_cleanup(
                loaded,
                dialect=dialect,
                root=root,
                views=views,
                options=options,
                layout=layout,
                slug=slug,
                now=now,
                reached=reached,
                strict_layout=strict_layout,
            )
        ]
    return [
        build_cleanup(
            loaded,
            dialect=dialect,
            root=root,
            views=names,
            options=options,
            layout=layout,
            slug=slug,
            now=now,
            reached=reached,
            strict_layout=strict_layout,
        )
        for names in _merge_nested(groups).values()
    ]


def _shown_name(column: SchemaObject, view: SchemaObject, profile: DialectProfile) -> str:
    """The name compatibility view ``view`` shows ``column`` under: its name
    before the migration that made the view when that migration renamed it
    (the rename migration shows renamed columns under their old names), else
    its name."""
    if not column.previous_names or column.source.path != view.source.path:
        return column.name
    quoted = column.previous_quoted[-1] if column.previous_quoted else True
    return profile.fold(column.previous_names[-1], quoted)


def resolve_tracking_table(schema: Schema, text: str, dialect: str) -> tuple[str, str | None]:
    """``--tracking-table [schema.]table`` for the scripts, and why it may fail.

    ``text`` is read as SQL writes a name (:func:`~.sql.tracking_parts`:
    ``app.sys_table_migrations``, ``"App"."Log"``). A table of the files
    with that name (compared as ``dialect`` compares stored names; an
    unquoted part also matches a name stored with its case as written, and
    without a schema part any schema's table matches) gives the stored
    spelling, every part quoted (the schema only when written); the second
    value is then None. Otherwise ``text`` is kept and the second value is
    a warning: the scripts stop before any change when the database has no
    such table (:meth:`~.sql._Sql.guard`), and it may be made outside the
    files (by the migration tool, by hand). Raises
    :class:`~.plan.PlanError` when ``text`` is not one or two parts.
    """
    profile = profile_for(dialect)
    want_schema, want = tracking_parts(text, dialect)
    raw = split_name(text.strip())
    exact = {profile.key(want, True, "table")}
    if not raw[-1][1]:  # unquoted: also the name as written, case kept
        exact.add(profile.key(raw[-1][0], True, "table"))
    for obj in schema.objects:
        if obj.kind is not ObjectKind.TABLE or profile.key(obj.name, True, "table") not in exact:
            continue
        if want_schema is not None:
            # No schema and no default one (MySQL): the connection's database.
            stored = obj.schema or profile.default_schema or want_schema
            if profile.key(stored, True) != profile.key(want_schema, True):
                continue
            return f"{_quoted(stored)}.{_quoted(obj.name)}", None
        return _quoted(obj.name), None
    shown = f"{want_schema}.{want}" if want_schema else want
    return text, (
        f"--tracking-table {text}: no file in the tree creates a table named {shown!r}; "
        "the forward and rollback scripts start with a check that stops them before any "
        "change when the database has no such table: create it first, with columns "
        "old_name, new_name (text) and migrated_at (timestamp)"
    )


def _quoted(part: str) -> str:
    """``part`` as one quoted name :func:`~.sql.tracking_parts` reads back exactly."""
    return '"' + part.replace('"', '""') + '"'


def replay_problems(
    migrations: Sequence[Migration], read: Sequence[SourceFile], root: Path
) -> list[str]:
    """Why ``dbnamelint check`` would not replay each written migration last.

    ``read``: the files a fresh discovery of the tree finds, in replay
    order, once the migrations are written. A forward file must be among
    them (the configured paths, extensions and excludes might leave it
    out) and come after :attr:`Migration.after`.
    """
    order = {_absolute(f.path, root).resolve(): i for i, f in enumerate(read)}
    problems = []
    for migration in migrations:
        forward = next(
            (f for f in migration.files if f.role in ("forward", "forward+rollback", "cleanup")),
            None,
        )
        if forward is None:
            continue
        at = order.get(forward.path.resolve())
        if at is None:
            problems.append(
                f"{forward.path}: `dbnamelint check` would not read it (the configured paths, "
                "extensions or excludes leave it out); add its folder to `paths`"
            )
        elif migration.after is not None and at < order.get(migration.after.resolve(), -1):
            problems.append(
                f"{forward.path}: `dbnamelint check` would replay it before {migration.after}, "
                "which touches the renamed tables; rename that file so it sorts first, or "
                "write the migration with --layout matching that folder"
            )
    return problems
