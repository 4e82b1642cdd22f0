"""An entry's rename done in some copies of its object, not yet in others.

A schema kept for several databases (goose's ``db/db_mysql/migrations``
beside ``db/db_sqlite3/migrations``, golang-migrate's ``db/mysql`` beside
``db/postgres``), or a hand-written entry without ``database:`` in a tree of
separate databases (config ``databases:``), has one entry for every copy of
its object. ``migrate`` writes one copy's rename at a time, so for a while a
copy is renamed and another still carries the old name. The entry then stays:
it is the other copy's rename plan, even where that copy's rules never
flagged the name (``groups`` is reserved in MySQL, not in SQLite: trial s23,
gophish, whose shared Go code then expected the new name in both).
"""

from __future__ import annotations

from collections.abc import Sequence

from dbnamelint.core.identity import split_name
from dbnamelint.core.index import CatalogIndex, Resolved
from dbnamelint.dialects.profile import copy_of, profile_for
from dbnamelint.model import Diagnostic, ObjectKind, SchemaObject, Severity, SourceFile
from dbnamelint.whitelist.entries import WhitelistEntry

#: A copy still carries the entry's name while another copy has its rename.
COPY_NOT_RENAMED_CODE = "DBN913"


def renamed_copies(
    entry: WhitelistEntry, copies: Sequence[Resolved], index: CatalogIndex
) -> list[SchemaObject]:
    """The copies of the entry's object that left its name: renamed, or (SQLite
    cannot rename an index) dropped and created again under its ``target``
    in a catalog where no object carries the old name any more."""
    done = [c.obj for c in copies if c.renamed]
    if entry.target is None or entry.kind in (ObjectKind.TABLE, ObjectKind.COLUMN):
        return done  # every dialect renames those: a table of that name is another one
    holding = {c.obj.source.catalog for c in copies}
    wanted = (*entry.parts[:-1], split_name(entry.target)[-1])
    for again in index.resolve_all(entry.kind, wanted, database=entry.database):
        catalog = again.obj.source.catalog
        if not again.renamed and catalog not in holding:
            done.append(again.obj)
    return done


def at_target(entry: WhitelistEntry, obj: SchemaObject) -> bool:
    """Whether ``obj`` carries the entry's ``target`` (its last part) as its
    dialect stores both: ``Keyword07`` unquoted is PostgreSQL's ``keyword07``."""
    if entry.target is None:
        return False
    text, quoted = split_name(entry.target)[-1]
    profile = profile_for(obj.source.dialect)
    kind = obj.kind.value
    return profile.key(text, quoted, kind) == profile.key(obj.name, obj.quoted, kind)


def copies_left(
    entry: WhitelistEntry, copies: Sequence[Resolved], index: CatalogIndex
) -> tuple[list[SchemaObject], list[SchemaObject]]:
    """(copies still carrying the entry's name, copies that left it) when
    both exist; two empty lists otherwise (nothing renamed, or every copy)."""
    # A copy that stores the target already left the name too, with no rename
    # to write (PostgreSQL folds the unquoted Keyword07 to the target keyword07:
    # ``migrate`` says "needs no rename"); only the others wait for one.
    left = [c.obj for c in copies if not c.renamed and not at_target(entry, c.obj)]
    if not left:
        return [], []
    done = renamed_copies(entry, copies, index)
    return (left, done) if done else ([], [])


def copy_label(obj: SchemaObject) -> str:
    """How a copy is named in a message: ``the sqlite copy``, ``database billing``."""
    if obj.source.database is None:
        return f"the {copy_of(obj.source.dialect)} copy"
    return f"database {obj.source.database}"


def _command(
    entry: WhitelistEntry,
    obj: SchemaObject,
    done: Sequence[SchemaObject],
    files: Sequence[SourceFile],
) -> str:
    """The ``migrate`` run that writes ``obj``'s rename: the entry's phase (or
    every target, or the name the other copy took), its database when the
    renamed copies are of another, its dialect when its database (``files``:
    the tree's) keeps copies of several (or, files unknown, a renamed copy is
    of another)."""
    args = ["dbnamelint migrate"]
    new = done[0].name
    if entry.phase is not None:
        args.append(f"--phase {entry.phase}")
    elif entry.target is not None:
        args.append("--all")
    elif obj.kind is ObjectKind.TABLE:
        args.append(f"--rename {obj.name}={new}")
    elif obj.kind is ObjectKind.COLUMN and obj.table is not None:
        args.append(f"--rename-column {obj.table}.{obj.name}={new}")
    database = obj.source.database
    if database is not None and any(d.source.database != database for d in done):
        args.append(f"--database {database}")
    family = copy_of(obj.source.dialect)
    families = {copy_of(f.dialect) for f in files if f.database == database}
    if not files:
        families = {copy_of(d.source.dialect) for d in done} | {family}
    if len(families) > 1:
        args.append(f"--dialect {obj.source.dialect}")
    args.append("--write")
    return " ".join(args)


def _renamed_in(entry: WhitelistEntry, done: Sequence[SchemaObject]) -> str:
    """``renamed to its target t in the mysql copy at f:1:2`` (each copy renamed)."""
    where = ", ".join(sorted({f"{copy_label(d)} at {d.location}" for d in done}))
    to = "to its target " if entry.target is not None else "to "
    return f"renamed {to}{done[0].name} in {where}"


def _still_named(
    entry: WhitelistEntry,
    obj: SchemaObject,
    done: Sequence[SchemaObject],
    files: Sequence[SourceFile],
) -> str:
    """``the sqlite copy still has the name g (f:1:2): `...` writes its rename``."""
    return (
        f"{copy_label(obj)} still has the name {obj.name} ({obj.location}): "
        f"`{_command(entry, obj, done, files)}` writes its rename"
    )


def copy_left_diagnostics(
    entry: WhitelistEntry,
    left: Sequence[SchemaObject],
    done: Sequence[SchemaObject],
    files: Sequence[SourceFile] = (),
) -> list[Diagnostic]:
    """One ``DBN913`` error per copy ``left`` with the entry's old name, at the
    entry's line, naming where the rename was made and the ``migrate`` run
    that writes the copy's own (``files``: the tree's, telling whether that
    run needs ``--dialect``)."""
    renamed = _renamed_in(entry, done)
    return [
        Diagnostic(
            entry.location,
            Severity.ERROR,
            f"{entry.kind.value} {entry.name} was {renamed}, but "
            f"{_still_named(entry, obj, done, files)}; "
            "the entry stays until every copy has its rename",
            COPY_NOT_RENAMED_CODE,
        )
        for obj in left
    ]


def copy_left_reason(entry: WhitelistEntry, index: CatalogIndex) -> str | None:
    """Why deleting ``entry`` loses a rename plan, or None: its object was
    renamed in one copy (of ``index``'s tree) and another still has the old
    name (``check --base`` refuses such a deletion, DBN903)."""
    copies = index.resolve_all(entry.kind, entry.parts, database=entry.database)
    left, done = copies_left(entry, copies, index)
    if not left:
        return None
    names = ", ".join(f"{copy_label(o)} still has the name {o.name} ({o.location})" for o in left)
    runs = ", ".join(f"`{_command(entry, o, done, index.schema.files)}`" for o in left)
    return (
        f"{names} while it was {_renamed_in(entry, done)}: restore the entry (it stays "
        f"until every copy has its rename), and {runs} writes the rename left"
    )
