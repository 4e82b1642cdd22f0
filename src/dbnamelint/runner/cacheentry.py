"""How one file's facts are stored in a per-file cache entry (see
:mod:`dbnamelint.runner.readcache`): MessagePack of the model's value types
(msgspec), read back by a decoder typed to build those types only, the
file's path swapped for the path it is read under.

Apart from the cache's location and lookup so that a ``check`` the run
cache replays does not import the model.
"""

from __future__ import annotations

import msgspec
from msgspec import Struct
from msgspec.structs import force_setattr

from dbnamelint.core.diagnostics import DirectiveSpan
from dbnamelint.model import (
    Diagnostic,
    Event,
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
    #: Whether its comments head sections for several databases (``--
    #: PostgreSQL`` ... ``-- MySQL``: :func:`~dbnamelint.dialects.names.section_dialects`):
    #: its folder holds more than one dialect, so no majority settles it (pipeline).
    sectioned: bool = False


#: One encoder and one typed decoder for the process (msgspec's docs: reuse them).
_ENCODER = msgspec.msgpack.Encoder()
_DECODERS: list[msgspec.msgpack.Decoder[FileFacts]] = []


def _decoder() -> msgspec.msgpack.Decoder[FileFacts]:
    """The typed decoder, built on first use: building it works out the
    decoding of every model value type (14 ms, a tenth of some runs), which
    a run that only writes entries (a first run, all misses) never needs."""
    if not _DECODERS:
        _DECODERS.append(msgspec.msgpack.Decoder(FileFacts))
    return _DECODERS[0]


#: Bytes before the entry's body: whether it may be read under another
#: path (1 byte), then how long its encoded path is (4 bytes).
_HEAD = 5


def encode(facts: FileFacts, text: str = "") -> bytes | None:
    """The entry for ``facts`` read from ``text`` (MessagePack, msgspec's C
    encoder), or None when a value cannot be stored (a lone surrogate).

    An entry is a flag, the file's path as MessagePack encodes that string,
    then the facts. Every value the facts hold is a model value type (a
    frozen ``msgspec.Struct``, an enum, a string, a tuple...), so the typed
    decoder rebuilds exactly those and nothing else: a planted row cannot
    run code. Writing it is about five times faster than pickling the
    75-field events (the big schema's entry: 72 ms pickled, 13 ms here).
    A file whose text holds its own path (a name spelt like it) is served
    under that path only: see :func:`decode`.
    """
    path = facts.source.path
    try:
        here = _ENCODER.encode(path)
        body = _ENCODER.encode(facts)
    except (msgspec.EncodeError, TypeError, ValueError, OverflowError, RecursionError):
        return None
    movable = b"\x00" if path in text else b"\x01"
    return movable + len(here).to_bytes(_HEAD - 1, "big") + here + body


def decode(data: bytes, path: str) -> FileFacts | None:
    """The facts an entry holds, as read from ``path``; None for anything else
    (unreadable, foreign, a type outside the model's, another path's).

    Read under another path (the CI gate reads the base tree from a new
    temporary folder every run), every string equal to the stored path
    becomes ``path``: its encoded bytes (length prefix and text) are swapped
    in the body before decoding. Only paths are such strings (names come from
    the text, which did not hold the path: else the entry is a miss here);
    inside a longer string the bytes would change its length, which the
    typed decoder refuses (a miss), never a wrong value.
    """
    try:
        size = int.from_bytes(data[1:_HEAD], "big")
        here = data[_HEAD : _HEAD + size]
        wanted = _ENCODER.encode(path)
        body: bytes | memoryview = memoryview(data)[_HEAD + size :]
        if here != wanted:
            if data[0] != 1:
                return None
            body = bytes(body).replace(here, wanted)
        facts = _decoder().decode(body)
    except Exception:  # any unreadable entry is just a miss
        return None
    if facts.source.path != path:
        return None
    _share_sources(facts)
    return facts


def _share_sources(facts: FileFacts) -> None:
    """Make equal :class:`SourceFile` values of the events one object again.

    A file's events share its ``SourceFile`` as read, and replay tells a
    file's statements apart by it (``event.source is source``), while a
    decoder builds a value per event: each is set back to the first equal
    one (``msgspec.structs.force_setattr``: the value is equal, so the
    frozen event's hash and equality do not change).
    """
    source = facts.source
    shared: dict[SourceFile, SourceFile] = {source: source}
    for event in facts.events:
        own = event.source
        if own is source:
            continue
        one = source if own == source else shared.setdefault(own, own)
        if one is not own:
            force_setattr(event, "source", one)
