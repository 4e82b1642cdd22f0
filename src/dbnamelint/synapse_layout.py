"""Synapse's schema folders: which files a new database gets, in which order.

Synapse (``synapse/storage/prepare_database.py``) keeps, per data store
(``common``, ``main``, ``state``), a folder with ``full_schemas/<N>/`` and
``delta/<N>/`` subfolders. A new database gets:

1. ``common/schema_version.sql`` (``_get_or_create_schema_state``);
2. the latest full schema: ``N`` = the largest ``common/full_schemas/<N>``
   not above ``SCHEMA_VERSION``; the files of ``full_schemas/<N>/`` of every
   store, sorted together by file name, then path (``_setup_new_database``);
3. for each version ``v`` from ``N + 1`` to ``SCHEMA_VERSION``, the files of
   ``delta/<v>/`` of every store, sorted together by file name, then path
   (``_upgrade_existing_database``).

Older full schemas and deltas up to ``N`` are history that full schema
``N`` already contains, and deltas above ``SCHEMA_VERSION`` are not applied
yet: such files are left out of the replay with an info note (``DBN007``)
each, as a rollback is. ``SCHEMA_VERSION`` is read from the ``__init__.py``
beside the stores when there is one (no upper bound otherwise).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from dbnamelint.core import readlog
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import Diagnostic, Location, ObjectKind, SchemaObject, Severity

#: Diagnostic code owned by this module: a file the layout's tool never applies.
NOT_REPLAYED_CODE = "DBN007"

FULL_SCHEMAS = "full_schemas"
DELTA = "delta"
_SCHEMA_VERSION = lazy_compile(r"^SCHEMA_VERSION\s*=\s*(\d+)", re.MULTILINE)
_MAX_INIT_BYTES = 200_000


def is_store(dirnames: Sequence[str]) -> bool:
    """Whether a folder with these subfolders is a Synapse data store."""
    return FULL_SCHEMAS in dirnames and DELTA in dirnames


def store_of(path: Path) -> Path | None:
    """The store holding the file ``path`` of its ``full_schemas/<N>/`` or
    ``delta/<N>/`` folder (``.../schema/main`` for ``main/delta/74/x.sql``),
    or beside them (``common/schema_version.sql``), or None."""
    folder = path.parent
    if (folder / FULL_SCHEMAS).is_dir() and (folder / DELTA).is_dir():
        return folder
    kind = folder.parent
    store = kind.parent
    if not (folder.name.isascii() and folder.name.isdigit()) or kind.name not in (
        FULL_SCHEMAS,
        DELTA,
    ):
        return None
    if not ((store / FULL_SCHEMAS).is_dir() and (store / DELTA).is_dir()):
        return None
    return store


def schema_version(root: Path) -> int | None:
    """``SCHEMA_VERSION`` of the ``__init__.py`` in ``root`` (the folder of the
    stores), or None without one: the version a new delta goes into."""
    return _schema_version(root)


#: The runner's own tables, which ``common/schema_version.sql`` creates and
#: ``prepare_database`` reads and writes by these names (``schema_version``,
#: ``schema_compat_version``, ``applied_schema_deltas``; module schemas'
#: ``applied_module_schemas``): renaming one breaks every Synapse start.
RUNNER_TABLES: frozenset[str] = frozenset(
    {"schema_version", "schema_compat_version", "applied_schema_deltas", "applied_module_schemas"}
)
RUNNER_FILE = "schema_version.sql"


def _runner_file(path: str) -> bool:
    """Whether ``path`` (as the reader shows it) is a Synapse store's ``schema_version.sql``."""
    return _runner_at(str(Path(path).absolute()))  # the process may change folders


@lru_cache(maxsize=64)
def _runner_at(path: str) -> bool:
    return store_of(Path(path)) is not None


def is_runner_object(obj: SchemaObject) -> bool:
    """Whether ``obj`` is one of Synapse's runner tables (:data:`RUNNER_TABLES`)
    or a column, index or constraint of one, as a Synapse store's
    ``schema_version.sql`` creates it: the runner's, not the project's to
    rename (a ``schema_version`` table anywhere else is not)."""
    table = obj.name if obj.kind is ObjectKind.TABLE else obj.table
    if table is None or table.casefold() not in RUNNER_TABLES:
        return False
    path = obj.source.path
    return Path(path).name == RUNNER_FILE and _runner_file(path)


def runner_tables(paths: Iterable[str]) -> dict[str, str]:
    """:data:`RUNNER_TABLES` -> ``"Synapse"`` when one of the read files
    ``paths`` is a Synapse store's ``schema_version.sql``, else empty: the
    tables a database's side leaves out as a tool's own
    (:func:`dbnamelint.tool_tables.leave_out`'s ``always``)."""
    found = any(Path(p).name == RUNNER_FILE and _runner_file(p) for p in paths)
    return dict.fromkeys(sorted(RUNNER_TABLES), "Synapse") if found else {}


def tree_runner_tables(top: Path) -> dict[str, str]:
    """:func:`runner_tables` for a tree whose files are not read (``inspect
    --db``): Synapse's checkout (``synapse/storage/schema/common/``) or its
    schema folder at ``top``."""
    for schema in (top / "synapse" / "storage" / "schema", top):
        runner = schema / "common" / RUNNER_FILE
        if runner.is_file():
            return runner_tables([str(runner)])
    return {}


def applies_delta_folder(folder: Path) -> bool:
    """Whether ``folder`` is a store's ``delta/<v>/`` that a new database gets
    (``v`` above the full schema it starts from, not above ``SCHEMA_VERSION``):
    its Python deltas (``04_x.py``, their ``run_create``) run there too."""
    kind = folder.parent
    store = kind.parent
    if kind.name != DELTA or not (folder.name.isascii() and folder.name.isdigit()):
        return False
    if not (store / FULL_SCHEMAS).is_dir():
        return False
    root = store.parent
    limit = _schema_version(root)
    common = root / "common"
    starts = [
        v
        for v in _versions((common if common.is_dir() else store) / FULL_SCHEMAS)
        if limit is None or v <= limit
    ]
    version = int(folder.name)
    return bool(starts) and version > max(starts) and (limit is None or version <= limit)


def _versions(folder: Path) -> list[int]:
    """Numeric subfolder names of ``folder`` (none when it cannot be listed)."""
    try:
        names = [entry.name for entry in folder.iterdir() if entry.is_dir()]
    except OSError:
        return []
    return [int(n) for n in names if n.isascii() and n.isdigit()]


def _schema_version(root: Path) -> int | None:
    """``SCHEMA_VERSION`` of ``root/__init__.py``, or None without one."""
    init = root / "__init__.py"
    readlog.note_side(str(init.absolute()))  # the run cache: a new SCHEMA_VERSION
    try:
        if init.stat().st_size > _MAX_INIT_BYTES:
            return None
        found = _SCHEMA_VERSION.search(init.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None
    return int(found.group(1)) if found else None


def order(
    paths: list[Path],
    stores: Sequence[Path],
    problems: list[Diagnostic] | None,
    display: Callable[[Path], str],
) -> list[Path]:
    """``paths`` with each group of sibling stores in Synapse's order.

    The files of a group take the place of its first file; files a new
    database never gets are left out, with a ``DBN007`` info note each in
    ``problems``. Other files keep their places.
    """
    groups: dict[Path, list[Path]] = {}
    for store in stores:
        groups.setdefault(store.parent, []).append(store)
    for root, group in groups.items():
        paths = _order_group(paths, root, group, problems, display)
    return paths


def _order_group(
    paths: list[Path],
    root: Path,
    group: list[Path],
    problems: list[Diagnostic] | None,
    display: Callable[[Path], str],
) -> list[Path]:
    limit = _schema_version(root)
    common = [s for s in group if s.name == "common"]
    versions = [
        v
        for s in (common or group)
        for v in _versions(s / FULL_SCHEMAS)
        if limit is None or v <= limit
    ]
    if not versions:
        return paths  # no full schema to start from: Synapse cannot build one either
    base = max(versions)
    names = {str(s): s for s in group}
    kept: list[tuple[tuple[int, int, str, str], Path]] = []
    first: int | None = None
    out: list[Path] = []
    for path in paths:
        store, parts = _store_of(path, names)
        if store is None:
            out.append(path)
            continue
        if first is None:
            first = len(out)
        key, why = _place(parts, base, limit)
        if key is not None:
            kept.append(((*key, parts[-1], str(path)), path))
        elif problems is not None:
            message = (
                f"not replayed: {why} (Synapse builds a new database from"
                f" {FULL_SCHEMAS}/{base} and the deltas after it; name the file on the command"
                " line to read it anyway)"
            )
            problems.append(
                Diagnostic(Location(display(path), 1, 1), Severity.INFO, message, NOT_REPLAYED_CODE)
            )
    if first is None:
        return paths
    kept.sort(key=lambda item: item[0])
    out[first:first] = [path for _, path in kept]
    return out


def _store_of(path: Path, stores: dict[str, Path]) -> tuple[Path | None, tuple[str, ...]]:
    """The store holding ``path`` (up to three folders up) and the parts below it."""
    parts: list[str] = [path.name]
    folder = path.parent
    for _ in range(4):
        store = stores.get(str(folder))
        if store is not None:
            return store, tuple(reversed(parts))
        parts.append(folder.name)
        folder = folder.parent
    return None, ()


def _place(
    parts: tuple[str, ...], base: int, limit: int | None
) -> tuple[tuple[int, int] | None, str]:
    """Where a file ``parts`` below its store replays, or why it does not."""
    if len(parts) == 1:
        return (0, 0), ""  # beside the folders: common/schema_version.sql runs first
    folder = parts[0]
    version = int(parts[1]) if parts[1].isascii() and parts[1].isdigit() else None
    if len(parts) != 3 or version is None or folder not in (FULL_SCHEMAS, DELTA):
        return None, "Synapse applies only the files directly in a numbered folder"
    if folder == FULL_SCHEMAS:
        if version == base:
            return (1, 0), ""
        if version > base:
            return None, f"a full schema above SCHEMA_VERSION {limit}"
        return None, f"an older full schema, superseded by {FULL_SCHEMAS}/{base}"
    if version <= base:
        return None, f"a delta already contained in {FULL_SCHEMAS}/{base}"
    if limit is not None and version > limit:
        return None, f"a delta above SCHEMA_VERSION {limit}, not applied yet"
    return (2, version), ""


def history_part(path: Path) -> tuple[str, int] | None:
    """``(folder, version)`` when ``path`` is a file directly in a numbered
    folder of a Synapse data store (``<store>/delta/<N>/x`` or
    ``<store>/full_schemas/<N>/x``, the store holding both folders on disk),
    else None.

    Both are applied history (``synapse/storage/prepare_database.py``): a
    delta is recorded by name in ``applied_schema_deltas`` and never run
    again (``_upgrade_existing_database``), and a full schema is what a new
    database was created from (``_setup_new_database``), read by nothing
    afterwards.
    """
    folder = path.parent
    kind = folder.parent.name
    if kind not in (DELTA, FULL_SCHEMAS) or not (folder.name.isascii() and folder.name.isdigit()):
        return None
    store = folder.parent.parent
    if not ((store / DELTA).is_dir() and (store / FULL_SCHEMAS).is_dir()):
        return None
    return kind, int(folder.name)


def pending_delta(path: Path) -> bool:
    """Whether ``path`` is a delta above ``SCHEMA_VERSION``: not replayed yet
    (:data:`NOT_REPLAYED_CODE`), but every database runs it once the version
    is raised (``_upgrade_existing_database`` applies the deltas up to
    ``SCHEMA_VERSION``), so what it creates is new DDL the gate judges."""
    found = history_part(path)
    if found is None or found[0] != DELTA:
        return False
    limit = _schema_version(path.parent.parent.parent.parent)
    return limit is not None and found[1] > limit
