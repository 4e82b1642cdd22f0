"""One migration per database: which copy of a schema kept for several is planned.

Projects that support several databases keep one schema per dialect
(``db/postgres/*.sql`` and ``db/sqlite/*.sql``, with per-path dialects in
the config). Their copies of a table share one identity (the whitelist has
one entry for them), but each is a table in a different database, and a
rename migration is SQL for one of them. So a run plans exactly one copy:
the dialect asked for (``--dialect``), else the config's, else the one most
of the tree's files are in; the others are named so the user can run again
for them.

Where the copies live side by side and file names say the dialect (kratos'
``x.postgres.up.sql`` beside ``x.sqlite3.up.sql``, Synapse's
``y.sql.postgres``), a new file without that word would run on every
database (see :func:`dbnamelint.runner.pipeline.spread_shared_files`), so the
migration's files get the word too, spelled and placed as the tree does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.core.index import CatalogIndex
from dbnamelint.dialects import copy_of, dialect_from_suffix, normalize_dialect
from dbnamelint.model import Schema, SourceFile
from dbnamelint.runner.pipeline import Loaded, cut
from dbnamelint.services.migrate.plan import PlanError, Request
from dbnamelint.services.migrate.service import Migration
from dbnamelint.whitelist import WhitelistEntry

#: The dialect planned when a tree holds no file at all.
FALLBACK_DIALECT = "postgres"


class Copy(Struct, frozen=True):
    """The part of a tree a migration is planned on, and the copies left out."""

    dialect: str
    loaded: Loaded
    #: Dialects of the other databases the tree keeps the schema for (sorted).
    others: tuple[str, ...] = ()
    #: How the copy's file names say its dialect: (the word, dot-parts after it).
    word: tuple[str, int] | None = None


def _family(dialect: str) -> str:
    """The copy ``dialect``'s files are (mysql and mariadb: one; postgres and cockroach: two)."""
    return copy_of(dialect)


def in_other_copies(
    requests: Sequence[Request], tree: Schema, copy: Copy
) -> tuple[list[Request], list[str]]:
    """The whitelist entries ``copy`` can plan, and a note for each left to another copy.

    ``tree``: the whole tree's model (every copy). An entry whose object
    exists only in other copies (a PostgreSQL-only sequence when the MySQL
    copy is planned) is left out of this copy's plan with a note naming the
    ``--dialect`` that plans it; an entry found in no copy is kept, so the
    planner refuses it as unknown. Requests from the command line
    (``--rename``) are kept as they are.
    """
    if not copy.others:
        return list(requests), []
    index = CatalogIndex(tree)
    family = _family(copy.dialect)
    kept: list[Request] = []
    notes: list[str] = []
    for req in requests:
        if not req.entry:
            kept.append(req)
            continue
        where = sorted({r.obj.source.dialect for r in index.resolve_all(req.kind, req.parts)})
        name = ".".join(p for p, _ in req.parts)
        if not where:
            # SQLite cannot rename a trigger or an index: its copy's run dropped
            # it and created it under its target; this copy never had it.
            made = _made_as_target(req, index, family)
            if made:
                notes.append(
                    f"{req.origin}: {req.kind.value} {name!r} is not in the {copy.dialect} "
                    f"copy; {', '.join(made)} created it under its target already: left out "
                    "of this plan"
                )
                continue
        if not where or any(_family(d) == family for d in where):
            kept.append(req)
            continue
        again = " or ".join(f"--dialect {d}" for d in where)
        notes.append(
            f"{req.origin}: {req.kind.value} {name!r} is not in the {copy.dialect} copy "
            f"(only in {', '.join(where)}); left out of this plan, planned with {again}"
        )
    return kept, notes


def _made_as_target(req: Request, index: CatalogIndex, family: str) -> list[str]:
    """The dialects of other copies than ``family`` holding an object of the
    request's kind under its target on its table (none: not so)."""
    wanted = (*req.parts[:-1], req.target)
    found = index.resolve_all(req.kind, wanted)
    if any(_family(r.obj.source.dialect) == family for r in found):
        return []
    return sorted({r.obj.source.dialect for r in found if not r.renamed})


def copies_left_to_write(requests: Sequence[Request], tree: Schema, copy: Copy) -> tuple[str, ...]:
    """The dialects of ``copy.others`` whose copy (in ``tree``, the whole
    tree's model before this run's files) still has the old name of one of
    the whitelist entries ``requests`` plan: their migrations are still to
    write. A copy renamed by an earlier run is not named again."""
    if not copy.others:
        return ()
    index = CatalogIndex(tree)
    left = set()
    for req in requests:
        if req.entry:
            for found in index.resolve_all(req.kind, req.parts):
                if not found.renamed:
                    left.add(_family(found.obj.source.dialect))
    return tuple(d for d in copy.others if _family(d) in left)


def in_copy(
    entries: Sequence[WhitelistEntry], whole: Schema, planned: Schema
) -> list[WhitelistEntry]:
    """``entries`` but those whose object only another copy of the tree holds
    (MySQL's procedures, when the PostgreSQL copy is planned): that copy's
    run says them. An entry found nowhere stays (it is said either way)."""
    if planned is whole:
        return list(entries)
    mine, tree = CatalogIndex(planned), CatalogIndex(whole)
    return [
        e
        for e in entries
        if mine.resolve(e.kind, e.parts, database=e.database) is not None
        or tree.resolve(e.kind, e.parts, database=e.database) is None
    ]


def choose_copy(loaded: Loaded, wanted: str | None, configured: str | None) -> Copy:
    """The copy to plan: ``wanted`` (``--dialect``), else ``configured``, else the tree's.

    A tree in one database family is planned whole, in ``wanted`` or
    ``configured`` if given (the generated SQL's dialect; ``configured`` only
    when of the tree's family: files that all say another dialect are not
    its). A tree in several
    is cut to the files of the chosen copy (:func:`dbnamelint.dialects.copy_of`:
    a family's, but CockroachDB's files are a copy apart from PostgreSQL's).
    Raises :class:`PlanError` when a dialect asked for has no files in a
    tree of several copies.
    """
    counts = Counter(f.dialect for f in loaded.files)
    families = {_family(d) for d in counts}
    if len(families) <= 1:
        # The dialect the objects were read in: a file sniffed as one dialect
        # by its name may read as another (sakila's MySQL as schema.sql).
        read = Counter(o.source.dialect for o in loaded.schema.objects) or counts
        most = read.most_common(1)[0][0] if read else FALLBACK_DIALECT
        if configured is not None and counts and _family(configured) not in families:
            # `dialect:` is the default of files that do not say theirs, and
            # every file here says another (a crate's sqlx driver, a suffix)
            configured = None
        if wanted is not None and counts and _family(wanted) not in families:
            # another database's SQL from this model would miss the names that
            # database gives itself (a primary key, a serial's sequence)
            kept = ", ".join(sorted(counts))
            raise PlanError(
                f"--dialect {wanted!r}: the tree's files are read as {kept}, where names "
                f"fold and quote differently; plan them for their database with --dialect "
                f"{sorted(counts)[0]} (or `dialect: {sorted(counts)[0]}` in the config)"
            )
        dialect = wanted or configured or most
        # Every file says its dialect in its name (001-a.sql.postgres): so do
        # the new ones, or a run without a configured dialect would guess it.
        suffixed = bool(loaded.files) and all(
            dialect_from_suffix(Path(f.path).name) is not None for f in loaded.files
        )
        word = _dialect_word(loaded.files, _family(dialect)) if suffixed else None
        return Copy(dialect, loaded, (), word)
    dialect = wanted or configured or counts.most_common(1)[0][0]
    family = _family(dialect)
    if family not in families:
        origin = "--dialect" if wanted else "the config's dialect"
        kept = ", ".join(sorted(counts))
        raise PlanError(
            f"{origin} {dialect!r}: the tree keeps its schema for {kept} only; "
            f"choose one with --dialect"
        )
    # another copy's notes (its CALLs, its unread statements) are its run's to say
    chosen = cut(loaded, lambda f: _family(f.dialect) == family)
    others = tuple(sorted({d for d in counts if _family(d) != family}))
    return Copy(dialect, chosen, others, _dialect_word(chosen.files, family))


def _word_family(word: str) -> str | None:
    try:
        return _family(normalize_dialect(word))
    except ValueError:
        return None


def _dialect_word(files: Sequence[SourceFile], family: str) -> tuple[str, int] | None:
    """The word (``sqlite3``) and its place (dot-parts after it) the tree's own
    file names use for ``family``; None when its files are told apart otherwise."""
    for found in files:
        name = Path(found.path).name
        if dialect_from_suffix(name) is None:
            continue
        parts = name.split(".")
        for index in range(len(parts) - 1, 0, -1):
            if _word_family(parts[index]) == family:
                return parts[index], len(parts) - 1 - index
    return None


def named_for_copy(migration: Migration, copy: Copy) -> Migration:
    """``migration`` with the copy's dialect word in each new file name that lacks one.

    ``x_rename.up.sql`` becomes ``x_rename.sqlite3.up.sql`` in a tree of
    ``x.sqlite3.up.sql`` files, and ``x_rename.sql`` becomes
    ``x_rename.sql.postgres`` in a tree of ``y.sql.postgres`` files. A
    changelog the plan edits (a Liquibase ``include`` of the new file) names
    the renamed file.
    """
    if copy.word is None:
        return migration
    word, after = copy.word
    files = []
    renamed: dict[str, str] = {}
    for new in migration.files:
        parts = new.path.name.split(".")
        if new.replaces is not None:  # an existing file edited (a Liquibase changelog)
            files.append(new)
        elif dialect_from_suffix(new.path.name) is None and len(parts) > after:
            parts.insert(len(parts) - after, word)
            renamed[new.path.name] = ".".join(parts)
            files.append(replace(new, path=new.path.with_name(".".join(parts))))
        else:
            files.append(new)
    for i, new in enumerate(files):
        if new.replaces is None:
            continue
        text = new.text
        for old_name, new_name in renamed.items():
            if old_name not in new.replaces:  # the include this plan added names it
                text = text.replace(old_name, new_name)
        files[i] = replace(new, text=text)
    return replace(migration, files=tuple(files))
