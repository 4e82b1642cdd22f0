"""Which database runs a code file, as a tree kept for several databases tells.

A project with one module per database (conductor's ``sqlite-persistence/``
holding both ``src/main/java/.../SqliteQueueDAO.java`` and
``src/main/resources/db/migration_sqlite/``) keeps each database's code
beside its migrations. A code file's databases are the families of the
schema files below its nearest folder that holds any (the repository's
root aside): ``sqlite-persistence/src/main`` holds SQLite's migrations, so
its DAO is SQLite's code; ``scheduler/core`` lies in ``scheduler/``, which
holds all three copies, so it runs on each; ``core/`` holds none, and
nothing tells (None).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from dbnamelint.dialects import profile_for
from dbnamelint.impact.result import ObjectImpact


def code_families(
    schema_files: Iterable[tuple[str, str]],
) -> Callable[[str], frozenset[str] | None]:
    """From ``(path, dialect)`` of every schema file (paths relative, ``/``
    separated), the function giving a code file's path the families
    (:class:`~dbnamelint.dialects.Family` values) of the schema files below
    its nearest folder holding any, or None when only the root holds some."""
    below: dict[str, set[str]] = {}
    for path, dialect in schema_files:
        family = profile_for(dialect).family.value
        parts = path.strip("/").split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            below.setdefault("/".join(parts[:depth]), set()).add(family)
    frozen = {folder: frozenset(families) for folder, families in below.items()}

    def families(path: str) -> frozenset[str] | None:
        parts = path.strip("/").split("/")[:-1]
        for depth in range(len(parts), 0, -1):
            found = frozen.get("/".join(parts[:depth]))
            if found is not None:
                return found
        return None

    return families


def assumed_notes(
    objects: Sequence[ObjectImpact], families: Callable[[str], frozenset[str] | None]
) -> list[str]:
    """One note per database assumed: the files whose SQL names an object kept
    for several databases and whose folders tell none (``families`` None),
    judged as the code of the object's reported copy (the configured dialect's,
    else the first)."""
    assumed: dict[tuple[str, tuple[str, ...]], dict[str, None]] = {}
    for obj in objects:
        if len(obj.dialects) < 2:
            continue
        family = profile_for(obj.target.dialect).family.value
        for ref in obj.references:
            if ref.statement is not None and families(ref.path) is None:
                assumed.setdefault((family, obj.dialects), {})[ref.path] = None
    return [
        f"{len(paths)} file{'s' if len(paths) != 1 else ''} with SQL naming tables kept for "
        f"{', '.join(kept)} lie beside no database's migrations (e.g. {next(iter(paths))}): "
        f"judged as {family}'s code for what a compatibility view refuses "
        "(`dbnamelint impact --dialect X` judges them as X's)"
        for (family, kept), paths in assumed.items()
    ]
