"""Another database's copy of the migrations, left out of the run: applied history for the gate.

``dbnamelint init`` leaves out a folder named for a database dbnamelint has
no dialect for (kestra's ``jdbc-h2/.../migrations/h2``: H2's ``CREATE
ALIAS`` read as PostgreSQL would be misread), and a walk leaves out a
folder named for a database whose language it does not read (golang-migrate's
``cassandra/``, ``spanner/``). Their files are still a migration tool's
history on that database: kestra's local and standalone backend keeps an H2
file database that Flyway migrates at start-up and validates by checksum as
anywhere. Trial s36 kestra: editing, deleting, renaming an applied H2
migration, or adding one below the last committed version, passed the hook
and ``check --base`` with at most a ``DBN008`` warning while the same change
in the PostgreSQL folder was refused.

So the gate gives such files what it gives the migrations it reads
(``DBN025``: :func:`~dbnamelint.services.edited_history.edited_migrations`,
:func:`~dbnamelint.services.edited_history.deleted_migrations`; ``DBN016``:
:func:`~dbnamelint.services.late_migrations.late_migrations`), told by their
names and folders as for a read one (a Flyway ``V<n>__x.sql``, golang-migrate's
``x.up.sql`` ...): their text is compared as tokens and by the tool's
checksum, never parsed into the schema. A test's fixture folder is left
alone (fixtures are no database's history), and so is a file the run reads
(a ``per_path`` dialect or a ``databases:`` entry reads the copy as a
migration folder of its own).

Only the files a change touches are looked at (``git diff`` since the base,
which the gate asks anyway), and the committed files of their folders (the
base's tree listing, the gate's too) for the versions a new one sorts below.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from pathlib import Path

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.config import Settings
from dbnamelint.dialects.names import UNREADABLE_DATABASE_FOLDERS, other_database_word
from dbnamelint.fixture_paths import is_test_file
from dbnamelint.frontends.sql.sources import SourcePlan
from dbnamelint.gitutil import diff_names, repository_root, tree_names
from dbnamelint.model import SourceFile
from dbnamelint.services.lint import source_settings


class OtherCopies(Struct, frozen=True):
    """Another database's migrations a change touches, as the run shows paths."""

    #: Each touched file (and each committed file of its folder) -> the database
    #: its path is named for.
    databases: dict[str, str]
    #: The touched files still on disk (edited or new), as the run would read them.
    sources: tuple[SourceFile, ...]
    #: The files of their folders at the base: the history a new one joins.
    committed: frozenset[str]


NONE = OtherCopies({}, (), frozenset())


def _database(rel: str) -> str | None:
    """The database a folder of ``rel`` (``/``-separated) is named for, when
    dbnamelint has no dialect for it or does not read its language, else None."""
    for part in rel.split("/")[:-1]:
        word = other_database_word(part)
        if word is not None:
            return word
        if part.lower() in UNREADABLE_DATABASE_FOLDERS:
            return part.lower()
    return None


def _names(data: bytes) -> Iterator[str]:
    return filter(None, data.decode("utf-8", "surrogateescape").split("\0"))


def _shown(path: Path, cwd: Path) -> str:
    return Path(os.path.relpath(path, cwd)).as_posix()


def other_database_history(
    settings: Settings, cwd: Path, commit: str, *, staged: bool, read: Collection[str]
) -> OtherCopies:
    """The files this change edits, deletes, renames or adds since ``commit``
    (the index's change when ``staged``, else the working tree's) that sit in
    a folder named for another database (module docstring) and that the run
    did not read (``read``: the run's paths, as it shows them). Raises
    :class:`~dbnamelint.gitutil.GitError`."""
    repo = repository_root(cwd)
    named = {
        rel: database
        for rel in _names(diff_names(repo, commit, cached=staged))
        if (database := _database(rel)) is not None and not is_test_file(rel)
    }
    if not named:
        return NONE  # (the common case: no settings compiled)
    plan = SourcePlan.build(source_settings(settings), cwd)
    done = {os.path.realpath(cwd / p) for p in read}
    touched = {
        rel: database
        for rel, database in named.items()
        if plan.wants(rel.rpartition("/")[2]) and os.path.realpath(repo / rel) not in done
    }
    if not touched:
        return NONE
    folders = {rel.rpartition("/")[0] for rel in touched}
    committed = {
        rel: _database(rel) or ""
        for rel in _names(tree_names(repo, commit))
        if rel.rpartition("/")[0] in folders and plan.wants(rel.rpartition("/")[2])
    }
    databases = {_shown(repo / rel, cwd): db for rel, db in {**committed, **touched}.items()}
    sources = tuple(
        replace(plan.source_for(Path(os.path.normpath(repo / rel))), path=_shown(repo / rel, cwd))
        for rel in sorted(touched)
        if (repo / rel).is_file()
    )
    return OtherCopies(databases, sources, frozenset(_shown(repo / rel, cwd) for rel in committed))
