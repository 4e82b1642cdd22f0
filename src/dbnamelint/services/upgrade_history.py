"""Upgrade scripts below a full schema, left out by the config: applied history for the gate.

``dbnamelint init`` leaves out a folder of upgrade scripts below a full
schema's folder (icingadb's ``schema/mysql/upgrades/`` below
``schema/mysql/schema.sql``, guacamole's ``schema/upgrade/``, Apollo's
``mysql-default/delta/``): a new database runs the full schema, an older
one the upgrades, never both, so reading both makes every table twice
(``DBN023``). Left out of the model, they are still what every older
installation ran: icingadb's ``doc/04-Upgrading.md`` has the administrator
"apply all schema versions in their order, starting with the earliest
release" (``mysql ... < schema/mysql/upgrades/1.2.3.sql``). An edited one
changes no database that ran it, and a new database never runs it; a
deleted one leaves an installation between its versions without the way up
(trial s29 icingadb: a column renamed in ``upgrades/1.4.0.sql``, and
``git rm`` of ``pgsql/upgrades/1.1.1.sql``, passed the hook and ``check
--base`` in silence). So the gate judges an edit or deletion of one the
base had as a migration's (``DBN025``,
:func:`~dbnamelint.services.edited_history.edited_migrations`,
:func:`~dbnamelint.services.edited_history.deleted_migrations`); a new one
is no edit (its new statements are judged: :mod:`.unread_judge`).

Which excluded files are upgrade scripts is told as ``init`` tells it
(:func:`~dbnamelint.services.project_scan.upgrade_folders`: a ``DBN023``
clash whose later folder is inside the earlier one, not the root, and holds
no migration tool's files, or temporal's SQLite-style ``versioned/`` that
does not build its full schema), from the base's tree, where the file was: a
config needs no key of its own for it. Only when a change edits or deletes
a file the config excludes is anything read (the config's paths holding
such a file, at the base, without the ``exclude`` entries covering it).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.config import Settings
from dbnamelint.core import readlog
from dbnamelint.frontends.sql.sources import SourcePlan
from dbnamelint.gitutil import (
    diff_names,
    extract_tree,
    relative_to_repo,
    repository_root,
    under_any,
)
from dbnamelint.globs import GLOB_CHARS, PathGlob
from dbnamelint.model import SourceFile
from dbnamelint.services.lint import source_settings


class UpgradeScripts(Struct, frozen=True):
    """The upgrade scripts a change edits or deletes, as the run shows paths."""

    #: Each script -> the folder of the full schema it sits below.
    schemas: dict[str, str]
    #: Those still on disk (edited), as the run would read them.
    sources: tuple[SourceFile, ...]


#: Small files outside the paths read that say how their files are read (the
#: gate's base tree holds them too: a crate's sqlx driver, which goose runs).
_MANIFESTS = frozenset({"Cargo.toml", "go.mod", "dbconf.yml"})


def _shown(path: Path, cwd: Path) -> str:
    try:
        return path.relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _fixed(pattern: str) -> str:
    """The folder above a glob's first wildcard (the pattern itself without one)."""
    glob = GLOB_CHARS.search(pattern)
    return pattern if glob is None else pattern[: glob.start()].rsplit("/", 1)[0] or "."


def applied_upgrades(
    settings: Settings, cwd: Path, commit: str, *, staged: bool, scratch: str | None = None
) -> UpgradeScripts:
    """The files the config's ``exclude`` leaves out that this change edits
    or deletes since ``commit`` (the index's change when ``staged``, else the
    working tree's) and that sit, in the tree at ``commit``, in a folder of
    upgrade scripts below a full schema (module docstring). ``scratch``:
    where the base's files are written. Raises
    :class:`~dbnamelint.gitutil.GitError`."""
    none = UpgradeScripts({}, ())
    if not settings.exclude:
        return none
    repo = repository_root(cwd)
    plan = SourcePlan.build(source_settings(settings), cwd)
    globs = [(p, PathGlob.compile(p)) for p in settings.exclude]
    changed = diff_names(repo, commit, cached=staged, only="MD").decode("utf-8", "surrogateescape")
    candidates: dict[str, set[str]] = {}  # repository path -> the exclude entries covering it
    for rel in filter(None, changed.split("\0")):
        path = repo / rel
        if not plan.wants(path.name):
            continue
        under = plan.relative_to_root(path)
        covering = {p for p, g in globs if under is not None and g.matches(under)}
        if covering:
            candidates[rel] = covering
    if not candidates:
        return none
    root = relative_to_repo(repo, settings.root)
    if root is None:
        return none
    # The configured paths holding a candidate (the root when none is configured).
    scopes: list[str] = []
    for entry in settings.paths or (".",):
        fixed = relative_to_repo(repo, Path(os.path.normpath(settings.root / _fixed(entry))))
        if fixed is not None and any(under_any([fixed])(rel) for rel in candidates):
            scopes.append(fixed)
    # (a path inside another is read with it: read twice, its tables would clash)
    scopes = [s for s in scopes if not any(o != s and under_any([o])(s) for o in scopes)]
    if not scopes:
        return none
    # (imported here: the hook's every run need not load what init reads a tree with)
    from dbnamelint.services.project_scan import upgrade_folders

    lifted = set().union(*candidates.values())
    with tempfile.TemporaryDirectory(prefix="dbnamelint-upgrades-", dir=scratch) as tmp:
        readlog.note_scratch(str(Path(tmp).resolve()))
        base = Path(tmp).resolve() / "tree"
        base.mkdir()
        inside_scopes = under_any(scopes)
        # (and what tells a folder's tool and dialect, as the gate's base tree has it)
        extract_tree(
            repo,
            commit,
            base,
            lambda path: inside_scopes(path) or path.rpartition("/")[2] in _MANIFESTS,
        )
        base_root = base / root if root != "." else base
        source = replace(
            source_settings(settings),
            root=base_root,
            exclude=tuple(p for p in settings.exclude if p not in lifted),
            flyway_locations=(),
        )
        folders = upgrade_folders([str(base / s) for s in scopes if (base / s).exists()], source)
    schemas: dict[str, str] = {}
    for folder, schema in folders.items():
        inside = under_any([f"{root}/{folder}" if root != "." else folder])
        full = f"{root}/{schema}" if root != "." else schema
        for rel in candidates:
            if inside(rel):
                schemas[_shown(repo / rel, cwd)] = _shown(repo / full, cwd)
    sources = tuple(
        replace(plan.source_for(Path(os.path.normpath(cwd / shown))), path=shown)
        for shown in sorted(schemas)
        if Path(os.path.normpath(cwd / shown)).is_file()
    )
    return UpgradeScripts(schemas, sources)
