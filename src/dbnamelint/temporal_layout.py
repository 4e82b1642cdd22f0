"""Temporal's schema folders: which files ``temporal-sql-tool update-schema`` runs, in which order.

Read in temporal's source (``tools/common/schema/updatetask.go``
``buildChangeSet``/``readSchemaDir``/``readManifest``/``parseSQLStmts``,
``common/persistence/query_util.go`` ``LoadAndSplitQueryFromReaders``):

- the schema folder (``schema/postgresql/v12/temporal/versioned``) holds one
  folder per version, named ``v<version>`` (``^v[\\d.]+``, a semantic version
  read tolerantly: ``v1.10`` is 1.10.0); other entries are passed over with
  a warning;
- versions run in semantic-version order (``v1.10`` after ``v1.9``), each
  folder's ``manifest.json`` (``CurrVersion``, ``MinCompatibleVersion``,
  ``Description``, ``SchemaUpdateCqlFiles``) naming the files it runs, in
  that order; a file it does not list never runs;
- each file is split into statements by temporal's own splitter and the
  statements run one by one, outside any transaction; a statement failing
  with "already exist" or "not found" is skipped;
- the full ``schema.sql`` beside ``versioned/`` builds the same database
  (``setup-schema``): the reader says so with ``DBN023`` (``sequences``).

Files below such a folder that no manifest lists are left out of the replay
with a ``DBN007`` info note each, as Synapse's and sqitch's are.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from dbnamelint.core import readlog
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import Diagnostic, Location, Severity

#: Diagnostic code for a file the layout's tool never runs (shared with Synapse, sqitch).
NOT_REPLAYED_CODE = "DBN007"
MANIFEST = "manifest.json"
#: The manifest key listing a version's files (named for Cassandra, used for SQL too).
FILES_KEY = "SchemaUpdateCqlFiles"
#: A version folder temporal's ``readSchemaDir`` takes and ``semver.ParseTolerant`` reads.
_VERSION_DIR = lazy_compile(r"v(\d+)(?:\.(\d+))?(?:\.(\d+))?")
_MAX_MANIFEST_BYTES = 100_000
_TOOL = "temporal-sql-tool update-schema"


#: The tool's own tables, which ``temporal-sql-tool`` creates in every
#: database it sets up (``setup-schema``, ``update-schema``: its SQL plugins'
#: ``CreateSchemaVersionTables``, ``common/persistence/sql/sqlplugin/{postgresql,
#: mysql,sqlite}/admin.go``): ``schema_version (version_partition, db_name,
#: creation_time, curr_version, min_compatible_version, PRIMARY KEY
#: (version_partition, db_name))``, the version a database reached, and
#: ``schema_update_history (version_partition, year, month, update_time,
#: description, manifest_md5, new_version, old_version, PRIMARY KEY
#: (version_partition, year, month, update_time))``, one row per version run.
#: No schema file creates them; ``schema_version`` is Flyway's old table's
#: name too, so which tool's it is comes from the tree (:func:`tool_tables`).
TOOL_TABLES: tuple[str, ...] = ("schema_version", "schema_update_history")
TOOL_NAME = "temporal-sql-tool"
#: The folder of version folders beside temporal's full ``schema.sql``.
VERSIONED = "versioned"


def version_key(folder: str) -> tuple[int, int, int] | None:
    """``(major, minor, patch)`` of a version folder name (``v1.10`` -> (1, 10, 0)), or None."""
    found = _VERSION_DIR.fullmatch(folder)
    if found is None:
        return None
    return (int(found.group(1)), int(found.group(2) or 0), int(found.group(3) or 0))


def is_version_folder(folder: Path, filenames: Sequence[str]) -> bool:
    """Whether a walked folder with these files is one of temporal's version folders."""
    return MANIFEST in filenames and version_key(folder.name) is not None


def version_of(path: Path) -> tuple[int, int, int] | None:
    """The version of the temporal version folder holding the file ``path``
    (its folder named ``v<version>`` with a temporal ``manifest.json``), or None."""
    key = version_key(path.parent.name)
    if key is None or read_manifest(path.parent / MANIFEST) is None:
        return None
    return key


def is_schema_file(path: str) -> bool:
    """Whether the SQL file ``path`` is one of a temporal schema folder's: in a
    version folder (:func:`version_of`), or the full ``schema.sql`` beside a
    ``versioned/`` folder holding version folders (``setup-schema``'s)."""
    return _schema_file_at(str(Path(path).absolute()))  # the process may change folders


@lru_cache(maxsize=256)
def _schema_file_at(path: str) -> bool:
    file = Path(path)
    return version_of(file) is not None or bool(versions(file.parent / VERSIONED))


def tool_tables(paths: Iterable[str]) -> dict[str, str]:
    """:data:`TOOL_TABLES` -> ``"temporal-sql-tool"`` when one of the read
    files ``paths`` is a temporal schema folder's (:func:`is_schema_file`),
    else empty: a database of such a tree is set up by the tool, which keeps
    its version in these tables (trial s30 temporal: ``drift`` reported
    ``schema_update_history`` only in the database, and called
    ``schema_version`` Flyway's)."""
    seen: set[str] = set()
    for path in paths:
        folder = str(Path(path).parent)
        if folder in seen:
            continue
        seen.add(folder)
        if is_schema_file(path):
            return dict.fromkeys(TOOL_TABLES, TOOL_NAME)
    return {}


#: Folders a search of a tree for temporal's version folders does not enter.
_NOT_SEARCHED = frozenset({"node_modules", "vendor", "third_party"})
_MAX_SEARCHED = 20_000


def tree_tool_tables(top: Path) -> dict[str, str]:
    """:func:`tool_tables` for a tree whose files are not read (``inspect
    --db``): whether a folder below ``top`` holds a temporal version folder
    (``v<version>/manifest.json`` listing its files), among the first
    :data:`_MAX_SEARCHED` folders (``inspect --db`` run in a home folder)."""
    for searched, (folder, dirs, names) in enumerate(os.walk(top)):
        if searched >= _MAX_SEARCHED:
            break
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _NOT_SEARCHED)
        here = Path(folder)
        if is_version_folder(here, names) and read_manifest(here / MANIFEST) is not None:
            return dict.fromkeys(TOOL_TABLES, TOOL_NAME)
    return {}


def next_manifest(last: dict[str, object], version: str, description: str, name: str) -> str:
    """The ``manifest.json`` text of a new version ``version`` running the one
    file ``name``, after the last version's manifest ``last``: its
    ``MinCompatibleVersion`` kept, or the new version where the last one
    named itself (each version compatible with itself only); two-space
    indented, as temporal's are."""
    current = str(last.get("CurrVersion", ""))
    minimum = str(last.get("MinCompatibleVersion", current))
    data = {
        "CurrVersion": version,
        "MinCompatibleVersion": version if minimum == current else minimum,
        "Description": description,
        FILES_KEY: [name],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def read_manifest(path: Path) -> dict[str, object] | None:
    """The JSON object of a temporal ``manifest.json`` as :func:`parse_manifest`
    reads it, or None (unreadable, or a manifest the tool refuses)."""
    readlog.note_path(str(path))
    try:
        if path.stat().st_size > _MAX_MANIFEST_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    return parse_manifest(data)


#: The fields of temporal's ``manifest`` struct (``updatetask.go``), none tagged.
_FIELDS = ("CurrVersion", "MinCompatibleVersion", "Description", FILES_KEY, "AllowNoCqlFiles")


class _Pairs(list[tuple[str, object]]):
    """A JSON object's members in order, duplicates kept."""


def parse_manifest(data: bytes) -> dict[str, object] | None:
    """A ``manifest.json``'s fields as temporal's ``readManifest`` decodes them
    with Go's ``encoding/json``, or None where it fails (not JSON, a field of
    the wrong type, no files without ``AllowNoCqlFiles``).

    The struct's fields carry no JSON tags, so a key matches a field by its
    name, exactly or else case-insensitively (``encoding/json`` Unmarshal:
    "preferring an exact match but also accepting a case-insensitive match"),
    and a later key of the same field overwrites an earlier one:
    ``"schemaUpdateCqlFiles"`` lists the version's files as well (trial s30
    temporal: a mis-cased key hid a new version's bad table from the gate,
    which took the version as one the tool refuses). Keys are returned under
    the fields' names; ``null`` is the field's zero value."""
    try:
        text = data.decode("utf-8")
        members = json.loads(text, object_pairs_hook=_Pairs)
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(members, _Pairs):
        return None
    out: dict[str, object] = {}
    for key, value in members:
        field = key if key in _FIELDS else _folded_field(key)
        if field is not None:
            out[field] = value
    files = out.get(FILES_KEY) or []
    allowed = out.get("AllowNoCqlFiles") or False
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    if not isinstance(allowed, bool) or (not files and not allowed):
        return None  # "manifest missing SchemaUpdateCqlFiles"
    if any(not isinstance(out.get(f) or "", str) for f in _FIELDS[:3]):
        return None
    out[FILES_KEY] = files
    return out


def _folded_field(key: str) -> str | None:
    folded = key.casefold()
    return next((f for f in _FIELDS if f.casefold() == folded), None)


def versions(root: Path) -> list[tuple[tuple[int, int, int], Path, dict[str, object]]]:
    """``(version, folder, manifest)`` of each version folder of ``root`` with a
    temporal manifest, in the order ``update-schema`` runs them."""
    readlog.note_path(str(root))
    try:
        folders = [p for p in root.iterdir() if p.is_dir()]
    except OSError:
        return []
    out = []
    for folder in folders:
        key = version_key(folder.name)
        manifest = read_manifest(folder / MANIFEST) if key is not None else None
        if key is not None and manifest is not None:
            out.append((key, folder, manifest))
    out.sort(key=lambda item: item[0])
    return out


def order(
    paths: list[Path],
    roots: Sequence[Path],
    problems: list[Diagnostic] | None,
    display: Callable[[Path], str],
) -> list[Path]:
    """``paths`` with the files below each temporal schema folder in ``roots``
    in ``update-schema``'s order: versions in version order, each version's
    files in its manifest's order. They take the place of the first of them;
    files no manifest lists are left out, with a ``DBN007`` info note each in
    ``problems``. Other files keep their places."""
    for root in dict.fromkeys(roots):
        paths = _order_root(paths, root, problems, display)
    return paths


def _order_root(
    paths: list[Path],
    root: Path,
    problems: list[Diagnostic] | None,
    display: Callable[[Path], str],
) -> list[Path]:
    found = versions(root)
    if not found:
        return paths
    place: dict[str, tuple[int, int]] = {}
    for rank, (_, folder, manifest) in enumerate(found):
        listed = manifest[FILES_KEY]
        assert isinstance(listed, list)  # read_manifest checked it
        for index, name in enumerate(listed):
            place.setdefault(str(folder / name), (rank, index))
    out: list[Path] = []
    kept: list[tuple[tuple[int, int], Path]] = []
    first: int | None = None
    for path in paths:
        if root not in path.parents:
            out.append(path)
            continue
        if first is None:
            first = len(out)
        at = place.get(str(path))
        if at is not None:
            kept.append((at, path))
        elif problems is not None:
            problems.append(
                Diagnostic(
                    Location(display(path), 1, 1),
                    Severity.INFO,
                    f"not replayed: {_why(path, root)}; name the file on the command line to "
                    "read it anyway",
                    NOT_REPLAYED_CODE,
                )
            )
    if first is None:
        return paths
    kept.sort(key=lambda item: item[0])
    out[first:first] = [path for _, path in kept]
    return out


def _why(path: Path, root: Path) -> str:
    """Why ``update-schema`` never runs ``path`` below the schema folder ``root``."""
    top = path.relative_to(root).parts[0]
    if path.parent == root or version_key(top) is None:
        where = "beside" if path.parent == root else f"in {top}/, not one of"
        return (
            f"{_TOOL} runs only the files a version folder's (v<major>.<minor>/) {MANIFEST}"
            f" lists, and this file is {where} the version folders"
        )
    if read_manifest(root / top / MANIFEST) is None:
        return f"{top}/ has no {MANIFEST} that lists {FILES_KEY}, so {_TOOL} refuses that version"
    return f"{top}/{MANIFEST} does not list it in {FILES_KEY}, so {_TOOL} never runs it"
