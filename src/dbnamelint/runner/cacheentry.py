"""How one file's facts are stored in a per-file cache entry (see
:mod:`dbnamelint.runner.readcache`): a pickle of the model's value types,
with the file's path as a placeholder, read back by an unpickler that builds
those types only.

Apart from the cache's location and lookup so that a ``check`` the run
cache replays does not import the model.
"""

from __future__ import annotations

import io
import pickle
from typing import Any, cast

from msgspec import Struct

from dbnamelint.core.diagnostics import DirectiveSpan
from dbnamelint.model import (
    Diagnostic,
    Event,
    Location,
    RoutineStep,
    SourceFile,
)


class FileFacts(Struct, frozen=True):
    """What reading one file produced.

    ``source`` carries the dialect actually used (sniffed when nothing named
    one). Diagnostics are kept in two groups because a run lists every
    file's splitting diagnostics before any file's parsing diagnostics.
    """

    source: SourceFile
    statements: int
    events: tuple[Event, ...]
    split_diagnostics: tuple[Diagnostic, ...]
    parse_diagnostics: tuple[Diagnostic, ...]
    #: Statements with ``dbnamelint:`` comments (suppressions of diagnostics).
    directives: tuple[DirectiveSpan, ...]
    #: Whether the dialect is known rather than a default: named (config,
    #: suffix, folder) or sniffed from a construct of the text. A file
    #: that showed none may take its folder's dialect (pipeline).
    shown: bool = True
    #: Whether a dump tool's header named the dialect (a pg_dump's first
    #: line): that database's dump, whatever its folder's other files are.
    dumped: bool = False
    #: What its statements do with routines (:class:`RoutineStep`): the
    #: DBN012 notes are worked out over every file after loading.
    routine_steps: tuple[RoutineStep, ...] = ()
    #: The files its client includes (\\i, source, .read) read in place (nested ones too), in order
    #: (:mod:`dbnamelint.frontends.sql.client_follow`).
    included: tuple[SourceFile, ...] = ()


#: The only globals an entry may name: the model's value types and builtins
#: that pickle uses for them.
_ALLOWED = frozenset(
    {
        ("dbnamelint.runner.cacheentry", "FileFacts"),
        ("dbnamelint.runner.cacheentry", "_location_here"),
        ("dbnamelint.runner.cacheentry", "_source_here"),
        ("dbnamelint.core.diagnostics", "DirectiveSpan"),
        ("dbnamelint.kinds", "Severity"),
        ("dbnamelint.kinds", "ObjectKind"),
        *(
            ("dbnamelint.model", name)
            for name in (
                "Event",
                "Diagnostic",
                "RoutineStep",
                "Location",
                "SourceFile",
                "Comment",
                "QualifiedName",
                "ConstraintType",
                "EventOp",
                "ViewLevel",
                "ViewQuery",
                "ViewSource",
                "ViewStar",
            )
        ),
    }
)


class _NotRelocatableError(Exception):
    """The facts hold the file's path in a place the entry cannot swap."""


def _location_here(line: int, column: int) -> Location:
    """Names a :class:`Location` in the entry's own file; see :class:`_ModelUnpickler`."""
    raise pickle.UnpicklingError("a cache entry is read by _ModelUnpickler only")


def _source_here(
    dialect: str,
    module: str | None,
    guessed: bool,
    search_path: tuple[str, ...] | None,
    database: str | None,
    goose: str | None,
    drizzle: bool,
) -> SourceFile:
    """Names the entry's own :class:`SourceFile`; see :class:`_ModelUnpickler`."""
    raise pickle.UnpicklingError("a cache entry is read by _ModelUnpickler only")


class _ModelPickler(pickle.Pickler):
    """Writes the file's own path as a placeholder, so an entry serves the same
    text read under any path (the CI gate reads the base tree from a new
    temporary folder on every run).

    The path lives in :class:`Location` and :class:`SourceFile` values only;
    their reducers write those in the file as :func:`_location_here` and
    :func:`_source_here`, which the unpickler binds to the path it reads
    for. (A ``persistent_id`` hook would do it too, but pickle calls it for
    every object, which made writing an entry slower than reading the file.)
    """

    def __init__(self, file: Any, path: str) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._path = path
        # Only these two types are looked up in Python; every other value is
        # written by its own reduce, in C (a Struct's is ``cls, field values``,
        # the layout the unpickler lets back in): a ``reducer_override``,
        # called for every object, cost a Python call per value.
        self.dispatch_table = {Location: self._location, SourceFile: self._source}

    def _location(self, obj: Location) -> tuple[Any, tuple[Any, ...]]:
        if obj.path is self._path:
            return _location_here, (obj.line, obj.column)
        if obj.path == self._path:
            raise _NotRelocatableError  # an equal copy: which one is the path?
        return cast("tuple[Any, tuple[Any, ...]]", obj.__reduce__())

    def _source(self, obj: SourceFile) -> tuple[Any, tuple[Any, ...]]:
        if obj.path is self._path:
            return _source_here, (
                obj.dialect,
                obj.module,
                obj.dialect_guessed,
                obj.search_path,
                obj.database,
                obj.goose,
                obj.drizzle,
            )
        if obj.path == self._path:
            raise _NotRelocatableError
        return cast("tuple[Any, tuple[Any, ...]]", obj.__reduce__())


class _ModelUnpickler(pickle.Unpickler):
    def __init__(self, file: Any, path: str) -> None:
        super().__init__(file)
        self._path = path

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache entry")
        if name == "_location_here":
            path = self._path
            return lambda line, column: Location(path, line, column)
        if name == "_source_here":
            path = self._path
            return lambda dialect, module, guessed, search, database, goose, drizzle: SourceFile(
                path, dialect, module, guessed, search, database, goose, drizzle
            )
        return super().find_class(module, name)


def encode(facts: FileFacts) -> bytes | None:
    """The entry for ``facts``, or None when a value cannot be stored (a path
    held where the placeholder cannot stand, a value pickle cannot write)."""
    try:
        data = io.BytesIO()
        _ModelPickler(data, facts.source.path).dump(facts)
    except (_NotRelocatableError, pickle.PicklingError, TypeError, ValueError, RecursionError):
        return None
    return data.getvalue()


def decode(data: bytes, path: str) -> FileFacts | None:
    """The facts an entry holds, as read from ``path``; None for anything else
    (unreadable, foreign, a type outside the model's, another path's)."""
    try:
        facts = _ModelUnpickler(io.BytesIO(data), path).load()
    except Exception:  # any unreadable entry is just a miss
        return None
    if not isinstance(facts, FileFacts) or facts.source.path != path:
        return None
    return facts
