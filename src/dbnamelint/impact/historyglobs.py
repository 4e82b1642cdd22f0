"""The config's word on which files are migration history: ``impact_history:``
and ``impact_code:``.

The names and folders migration tools use (:mod:`dbnamelint.impact.history`)
cannot tell every project's files apart: an upgrade-scripts folder no tool
names, or a runner named as a migration. A file, folder or glob (relative to
the config's folder, as ``exclude:`` and ``per_path`` read them) listed under
``impact_history`` is history: never counted, patched or taken as a use by
``migrate --cleanup``; one under ``impact_code`` is live code: counted and
patched. A file both list is code: a name code still uses must not be
dropped for want of a count.
"""

from __future__ import annotations

import os
from pathlib import Path

from dbnamelint.config import Settings
from dbnamelint.frontends.sql.database_paths import names_nothing
from dbnamelint.globs import PathGlob


def configured_history(settings: Settings, cwd: Path, path: str) -> bool | None:
    """True when the config lists ``path`` (relative to ``cwd``) as history,
    False as code, None when it does not list it (or it lies outside the root)."""
    if not settings.impact_history and not settings.impact_code:
        return None
    relative = os.path.relpath((cwd / path).absolute(), settings.root.absolute())
    if relative == ".." or relative.startswith(("../", "..\\")):
        return None
    relative = relative.replace("\\", "/")
    if any(PathGlob.compile(p).matches(relative) for p in settings.impact_code):
        return False
    if any(PathGlob.compile(p).matches(relative) for p in settings.impact_history):
        return True
    return None


def configured_excluded(settings: Settings, cwd: Path, path: str) -> bool:
    """Whether the config's ``exclude:`` leaves ``path`` (relative to ``cwd``)
    out of the schema: an SQL file there is no schema file, so it is code
    ``impact`` searches (an application's query files, which ``init``
    excludes)."""
    if not settings.exclude:
        return False
    relative = os.path.relpath((cwd / path).absolute(), settings.root.absolute())
    if relative == ".." or relative.startswith(("../", "..\\")):
        return False
    relative = relative.replace("\\", "/")
    return any(PathGlob.compile(p).matches(relative) for p in settings.exclude)


def unmatched_notes(settings: Settings) -> list[str]:
    """A note per ``impact_history``/``impact_code`` entry that names nothing
    below the root (a typo there leaves the file to the usual rules)."""
    out: list[str] = []
    for key, patterns in (
        ("impact_history", settings.impact_history),
        ("impact_code", settings.impact_code),
    ):
        for number, pattern in enumerate(patterns):
            why = names_nothing(pattern, settings.root)
            if why is not None:
                out.append(
                    f"{key}[{number}]: {why}: {pattern!r} (relative to the config's folder) "
                    "marks no file"
                )
    return out
