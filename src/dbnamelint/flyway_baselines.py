"""Flyway baseline migrations: which versioned migrations a new database skips.

A baseline migration ``B<version>__<description>.sql`` (Flyway's
``baselineMigrationPrefix``, ``B`` by default, matched case-sensitively as
Flyway's ``ResourceNameParser`` does) is the state of the database after every
versioned migration up to and including its version. On a new database
Flyway runs the latest baseline migration instead of them, then only the
versioned migrations above it, then the repeatable ones; every versioned
migration at or below its version, and every older baseline, is "ignored"
there (Flyway's documentation, "Baseline Migrations" and its tutorial;
``ResolvedMigration.getState``: ``BELOW_BASELINE`` and ``BASELINE_IGNORED``
against ``pendingBaseline``, the newest baseline version). A database
migrated before the baseline existed ignores the baseline instead and keeps
running versioned migrations.

So the replay, which builds what a new database holds, leaves those files
out (:func:`left_out`); they stay the history of older databases, which
:mod:`dbnamelint.baseline_history` compares with the baseline.

A baseline pairs with the versioned migrations of its Flyway group: the
shallowest folder above them that holds Flyway files itself (as ``DBN016``
groups them), where Spring Boot's ``db/migration/common`` and one database's
folder beside it count as one (:func:`~dbnamelint.dialects.merged_flyway_locations`),
and so do the folders config ``flyway_locations`` names together (one Flyway
instance's ``locations``: :func:`configured_instances`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path, PurePosixPath

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import merged_flyway_locations

#: A Flyway version: numbers part by part, trailing zeros dropped (``1.0`` is ``1``).
Version = tuple[int, ...]

_VERSIONED = lazy_compile(r"^V(\d+(?:[._]\d+)*)__", re.IGNORECASE)
_BASELINE = lazy_compile(r"^B(\d+(?:[._]\d+)*)__.*\.sql$", re.DOTALL | re.IGNORECASE)


#: The folders (absolute, normalised) of each Flyway instance config
#: ``flyway_locations`` names: Flyway merges one instance's locations into one
#: version order (set for a run by :func:`configured_instances`).
_INSTANCES: ContextVar[tuple[tuple[str, ...], ...]] = ContextVar(
    "dbnamelint_flyway_instances", default=()
)


@contextmanager
def configured_instances(instances: Sequence[Sequence[str]]) -> Iterator[None]:
    """Within the block, :func:`flyway_groups` joins the folders of each of
    ``instances`` (absolute paths: one Flyway instance's locations each) into
    one group; a file's path, when relative, is taken from the working directory."""
    token = _INSTANCES.set(tuple(tuple(os.path.normpath(f) for f in i) for i in instances))
    try:
        yield
    finally:
        _INSTANCES.reset(token)


def configured_groups(folders: Collection[PurePosixPath]) -> dict[PurePosixPath, PurePosixPath]:
    """Folder of ``folders`` -> its configured instance (named by its first
    location, absolute), for each folder at or under a configured location."""
    instances = _INSTANCES.get()
    if not instances:
        return {}
    out: dict[PurePosixPath, PurePosixPath] = {}
    for folder in folders:
        here = os.path.normpath(Path.cwd() / str(folder))
        for locations in instances:
            if any(here == f or here.startswith(f.rstrip(os.sep) + os.sep) for f in locations):
                out[folder] = PurePosixPath(locations[0].replace("\\", "/"))
                break
    return out


def version_of(text: str) -> Version:
    """Flyway's ``MigrationVersion`` of ``1_2`` / ``1.2.0``: ``(1, 2)``."""
    parts = [int(p) for p in re.split(r"[._]", text)]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def baseline_version(name: str) -> Version | None:
    """The version of a baseline migration's file name (``B5__x.sql``), else None.

    The prefix is case-sensitive (Flyway's ``startsWith``), the ``.sql`` suffix not.
    """
    found = _BASELINE.match(name) if name.startswith("B") else None
    return version_of(found.group(1)) if found is not None else None


def versioned_version(name: str) -> Version | None:
    """The version of a versioned migration's file name (``V1_2__x.sql``), else None."""
    found = _VERSIONED.match(name)
    return version_of(found.group(1)) if found is not None else None


def shown(version: Version) -> str:
    """A version as Flyway prints it (``1.2``)."""
    return ".".join(map(str, version))


def flyway_groups(paths: Collection[str]) -> dict[str, PurePosixPath]:
    """Path -> its Flyway group, for each versioned or baseline migration of ``paths``.

    The group is the shallowest folder above the file holding Flyway files
    itself; Spring Boot's ``db/migration/common`` beside one per-database
    folder (``db/migration/postgresql``) hold their files for the folder
    above them: Flyway runs both locations as one version sequence. The
    folders one ``flyway_locations`` entry names (:func:`configured_instances`)
    are one group, named by the first of them (absolute).
    """
    # Path objects only for Flyway's names: most files of most trees are not.
    named = {
        p: PurePosixPath(q)
        for p in paths
        if _flyway_name((q := p.replace("\\", "/")).rpartition("/")[2])
    }
    holding = {q.parent for q in named.values()}
    configured = configured_groups(holding)
    merged = merged_flyway_locations(holding - configured.keys())
    folders = {f.parent if f.parent in merged else f for f in holding - configured.keys()}
    return {
        p: configured.get(q.parent)
        or next(f for f in (*reversed(q.parent.parents), q.parent) if f in folders)
        for p, q in named.items()
    }


def _flyway_name(name: str) -> bool:
    return _VERSIONED.match(name) is not None or baseline_version(name) is not None


def _may_be_baseline(path: str) -> bool:
    return baseline_version(path.replace("\\", "/").rpartition("/")[2]) is not None


def left_out(paths: Sequence[str]) -> dict[str, str]:
    """Path -> the baseline migration it gives way to, for each file of ``paths``
    a new database does not run: the versioned migrations of a group at or
    below its latest baseline's version, and its older baselines.

    A pure function of the names: the walk notes these files and the
    pipeline leaves them out of the replay from the same answer.
    """
    if not any(_may_be_baseline(p) for p in paths):
        return {}  # most trees: no name to parse
    groups = flyway_groups(paths)
    latest: dict[PurePosixPath, tuple[Version, str]] = {}
    for path, group in groups.items():
        version = baseline_version(PurePosixPath(path.replace("\\", "/")).name)
        if version is not None and (group not in latest or version > latest[group][0]):
            latest[group] = (version, path)
    out: dict[str, str] = {}
    for path, group in groups.items():
        if group not in latest or path == latest[group][1]:
            continue
        top, baseline = latest[group]
        name = PurePosixPath(path.replace("\\", "/")).name
        version = versioned_version(name) or baseline_version(name)
        if version is not None and version <= top:
            out[path] = baseline
    return out
