"""A whole-run result cache for ``check``: a run whose inputs did not change
replays what it printed.

The per-file cache (:mod:`dbnamelint.runner.readcache`) saves reading, but replay,
the rules, the whitelist and the report run every time: 1.2 s of a second
``check`` over 684 cached files. This cache keeps what one ``check`` wrote
(standard output and standard error, interleaved as written, and the
``--output-file`` text) with its exit code, and replays it when nothing the
run depended on has changed. It is keyed, like ruff's and mypy's caches,
by everything the result is a function of:

* the command's options and arguments (as click parsed them), the current
  directory, today's date (whitelist phases fall due), whether standard
  output and error are terminals and their encodings (colour, frames), and
  the environment variables dbnamelint or git read (``DBNAMELINT_*``,
  ``GIT_*``, ``NO_COLOR``, ``FORCE_COLOR``, ``CLICOLOR*``, ``TERM``,
  ``HOME``, ``LANG``, ``LC_*``, ``PYTHONIOENCODING``, ``PYTHONUTF8``,
  ``TZ``);
* the code: the per-file cache's fingerprint of dbnamelint and sqlglot,
  the Python environment (``sys.prefix``, version), and the modification
  time of every site-packages folder (installing, upgrading or removing any distribution, such as a
  rule plugin or inflect, creates or removes a ``*.dist-info`` folder
  there);
* checked on every lookup, not trusted from the key: the config file that
  is found from the current directory, the bytes of every config layer
  read and of the whitelist; the files to check, found again by
  :func:`~dbnamelint.frontends.sql.sources.discover` with the recorded source settings
  and each hashed (contents, not modification times); and for the gate
  (``--pre-commit``, ``--base``) the repository's top folder and the
  commit the ref names (one ``git rev-parse``: the tree of a commit never
  changes); for ``--pre-commit`` also the index (``git ls-files -s``),
  since the hook reads staged copies, not the working tree's. Both are
  asked once per run: the entry stores what the lookup saw (see
  :meth:`CheckRun._git`).

Not cached: ``--db`` (a live database), ``--format markdown`` (reads git
history and the clock), configs with ``local_rules`` (Python code whose
inputs cannot be known), runs ending in a usage, input or internal error
(exit 2 and above), and ``--no-cache`` or ``$DBNAMELINT_NO_CACHE``.
Entries are JSON files under ``<cache>/<code fingerprint>/runs/``, written
to a temporary file and renamed; one that cannot be read or does not have
the expected shape is a miss.
"""

from __future__ import annotations

import contextlib
import json
import os
import site
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import msgspec
from msgspec import Struct, field

from dbnamelint import atomicfile
from dbnamelint.config.files import find_config
from dbnamelint.core import readlog
from dbnamelint.runner import readcache

if TYPE_CHECKING:  # the config layer imports pydantic; a replayed run never needs it
    from dbnamelint.config import Settings
    from dbnamelint.frontends.sql.sources import PathOverride, SourceSettings
    from dbnamelint.model import WrittenPath

#: Bumped when an entry's shape or the key changes.
FORMAT = 6
#: Entries kept; the oldest are removed past this (on writes only).
MAX_ENTRIES = 256
_ENV_PREFIXES = ("DBNAMELINT_", "GIT_", "LC_", "CLICOLOR")
_ENV_NAMES = frozenset(
    {"NO_COLOR", "FORCE_COLOR", "TERM", "HOME", "LANG", "PYTHONIOENCODING", "PYTHONUTF8", "TZ"}
)
_STDOUT, _STDERR = 0, 1


_digest = readlog.digest


def site_fingerprint() -> list[str]:
    """``path:mtime`` of each site-packages folder (a distribution added,
    upgraded or removed changes its folder's listing, hence its mtime)."""
    folders = [*getattr(site, "getsitepackages", list)(), site.getusersitepackages()]
    out = []
    for folder in folders:
        try:
            out.append(f"{folder}:{Path(folder).stat().st_mtime_ns}")
        except OSError:
            out.append(f"{folder}:-")
    return out


def _environment(environ: Mapping[str, str]) -> list[str]:
    return sorted(
        f"{k}={v}" for k, v in environ.items() if k in _ENV_NAMES or k.startswith(_ENV_PREFIXES)
    )


def _stream_facts(stream: TextIO) -> str:
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return f"{tty}:{getattr(stream, 'encoding', None)}:{getattr(stream, 'errors', None)}"


def _file_digest(path: str | Path) -> str | None:
    """The digest of a file's bytes, or None when it cannot be read.

    While a run records, a file the run read is digested as it read it
    (:mod:`dbnamelint.core.readlog`), not read again.
    """
    log = readlog.current()
    if log is not None and (seen := log.digest_of(os.fspath(path))) is not None:
        return seen
    try:
        return _digest(readlog.read_noting(os.fspath(path)))
    except OSError:
        return None


# -------------------------------------------------------------- recording


class _Tee:
    """A text stream writing through to ``stream`` and keeping what was written.

    Only what click needs of a text stream: it writes ``str`` (bytes raise
    ``TypeError`` as the real stream does, which is how click tells text
    streams from binary ones), has no ``buffer`` (so click never writes
    around it), and answers ``isatty``/``encoding`` as the real stream.
    """

    def __init__(self, stream: TextIO, which: int, chunks: list[tuple[int, str]]) -> None:
        self.unrecorded = stream  # the progress bar writes here: it is not output
        self._which = which
        self._chunks = chunks

    def write(self, text: str) -> int:
        written = self.unrecorded.write(text)
        if text:
            self._chunks.append((self._which, text))
        return written

    def flush(self) -> None:
        self.unrecorded.flush()

    def isatty(self) -> bool:
        return self.unrecorded.isatty()

    def fileno(self) -> int:
        return self.unrecorded.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str | None:
        return getattr(self.unrecorded, "encoding", None)

    @property
    def errors(self) -> str | None:
        return getattr(self.unrecorded, "errors", None)

    @property
    def closed(self) -> bool:
        return bool(getattr(self.unrecorded, "closed", False))


class Recording(Struct):
    """What a run printed, while :meth:`CheckRun.record` is in effect."""

    chunks: list[tuple[int, str]] = field(default_factory=list)
    _saved: tuple[TextIO, TextIO] | None = None

    def start(self) -> None:
        self._saved = (sys.stdout, sys.stderr)
        sys.stdout = _Tee(sys.stdout, _STDOUT, self.chunks)
        sys.stderr = _Tee(sys.stderr, _STDERR, self.chunks)

    def stop(self) -> None:
        if self._saved is not None:
            sys.stdout, sys.stderr = self._saved
            self._saved = None


# -------------------------------------------------------------- the entry


class Inputs(Struct, frozen=True):
    """What a finished run read, as the lookup checks it again."""

    source_settings: SourceSettings
    tree: tuple[str, ...]  # the paths checked (the config's when none were named)
    extra: tuple[str, ...] = ()  # paths whose presence matters (pre-commit's files)
    files: tuple[Path, ...] = ()  # config layers and the whitelist
    #: (configured path, where it resolved): ``tree`` holds the resolved
    #: paths, so a symbolic link among the configured ones pointed elsewhere
    #: must be seen apart
    links: tuple[tuple[str, str], ...] = ()


def _settings_json(settings: SourceSettings) -> dict[str, Any]:
    return {
        "root": str(settings.root),
        "dialect": settings.dialect,
        "overrides": [
            [o.pattern, o.dialect, o.module, _listed(o.search_path), o.database, _written(o)]
            for o in settings.overrides
        ],
        "module_pattern": settings.module_pattern,
        "exclude": list(settings.exclude),
        "extensions": list(settings.extensions),
        "include_down": settings.include_down,
        "search_path": _listed(settings.search_path),
        "flyway_locations": [list(i) for i in settings.flyway_locations],
    }


def _written(override: PathOverride) -> list[object] | None:
    """Where the config wrote a database's pattern (its errors point there)."""
    where = override.written
    if where is None:
        return None
    at = where.location
    return [where.key, where.pattern, at.path, at.line, at.column]


def _written_from(data: Sequence[Any] | None) -> WrittenPath | None:
    if data is None:
        return None
    from dbnamelint.model import Location, WrittenPath

    key, pattern, path, line, column = data
    return WrittenPath(key, pattern, Location(path, line, column))


def _listed(path: tuple[str, ...] | None) -> list[str] | None:
    return None if path is None else list(path)


def _tupled(path: Sequence[str] | None) -> tuple[str, ...] | None:
    return None if path is None else tuple(path)


def _settings_from_json(data: Mapping[str, Any]) -> SourceSettings:
    from dbnamelint.frontends.sql.sources import PathOverride, SourceSettings

    return SourceSettings(
        root=Path(data["root"]),
        dialect=data["dialect"],
        overrides=tuple(
            PathOverride(p, d, m, _tupled(s), db, _written_from(w))
            for p, d, m, s, db, w in data["overrides"]
        ),
        module_pattern=data["module_pattern"],
        exclude=tuple(data["exclude"]),
        extensions=tuple(data["extensions"]),
        include_down=bool(data["include_down"]),
        search_path=_tupled(data.get("search_path")),
        flyway_locations=tuple(tuple(i) for i in data.get("flyway_locations", ())),
    )


def _side_digest(path: str) -> str | None:
    """A side input's state (:func:`dbnamelint.core.readlog.note_side`): a
    folder's sorted listing, a file's bytes, None when neither exists."""
    if os.path.isdir(path):  # noqa: PTH112 - str paths, as the read log keeps them
        try:
            return _digest("dir", *sorted(os.listdir(path)))  # noqa: PTH208
        except OSError:
            return None
    return _file_digest(path)


def _discovered(paths: Sequence[str], settings: SourceSettings) -> str:
    """One digest of what :func:`discover` finds under ``paths`` and of each
    file's bytes (an unreadable file digests as such: the run reported it)."""
    from dbnamelint.frontends.sql.sources import discover

    files, problems = discover(paths, settings) if paths else ((), ())
    parts: list[str | bytes] = [f"! {d.code} {d.location} {d.message}" for d in problems]
    cwd = os.getcwd()  # noqa: PTH109 - strings: a Path per file was a third of a replay
    for f in files:
        parts.append(
            f"{f.path}\t{f.dialect}\t{f.module}\t{f.dialect_guessed}\t{_listed(f.search_path)}"
        )
        parts.append(_file_digest(os.path.join(cwd, f.path)) or "-")  # noqa: PTH118
    return _digest(*parts)


class CheckRun:
    """One ``check`` run's entry: :meth:`replay` it, or :meth:`record` and :meth:`save`.

    ``params`` are the command's parsed options (name -> value); ``gate_ref``
    the ref a gate run compares with (``HEAD`` for ``--pre-commit``).
    """

    def __init__(
        self,
        cache: readcache.FileCache,
        params: Mapping[str, object],
        *,
        gate_ref: str | None,
        cwd: Path,
        environ: Mapping[str, str] | None = None,
        today: date | None = None,
    ) -> None:
        self.cwd = cwd
        self.gate_ref = gate_ref
        self.pre_commit = bool(params.get("pre_commit"))
        when = (today or date.today()).isoformat()
        options = sorted(f"{k}={v!r}" for k, v in params.items())
        key = _digest(
            str(FORMAT),
            cache.fingerprint,
            sys.prefix,  # the environment, whichever of its python links started it
            sys.version,
            *site_fingerprint(),
            str(cwd),
            when,
            _stream_facts(sys.stdout),
            _stream_facts(sys.stderr),
            *options,
            "\1",
            *_environment(os.environ if environ is None else environ),
        )
        self.folder = cache.directory / "runs"
        self.path = self.folder / f"{key}.json"
        self.recording: Recording | None = None
        self._reads: readlog.ReadLog | None = None  # what the run read, while recording

    # ---------------------------------------------------------- lookup

    def _git(self) -> str | None:
        """The repository's state the entry is keyed by.

        Asked of git once per command (:mod:`dbnamelint.runner.gitmemo`):
        the store records what the lookup saw before the run, not a second
        answer after it (a lookup that stopped earlier, at a changed config
        or no entry, asked nothing: the store asks then). The run takes
        ``HEAD``'s commit from that same answer, so the commit in the entry
        is the one the gate compared with.
        The index is read by the run between the two moments either way; if
        it changes while the run reads it, the entry was stored under the
        state after the run, the very one the next lookup sees (which then
        replayed a result of the old index); now it is stored under the
        state before, which a lookup meets again only if the index is put
        back exactly as it was.
        """
        if self.gate_ref is None and not self.pre_commit:
            return None
        from dbnamelint.gitutil import index_state, ref_state

        state = ref_state(self.cwd, self.gate_ref) if self.gate_ref is not None else ""
        if self.pre_commit:  # the hook reads the index, which the files' bytes do not show
            state += "\0" + readlog.digest(index_state(self.cwd))
        elif self.gate_ref is not None and state.startswith("0\n"):
            # ``--base`` judges the SQL files the change adds or edits outside the
            # tree too (DBN032): which files differ from the base, wherever they are.
            from dbnamelint.gitutil import GitError, diff_statuses, repository_root

            try:
                changes = diff_statuses(repository_root(self.cwd), self.gate_ref, cached=False)
            except GitError as exc:
                changes = str(exc).encode("utf-8", "replace")
            state += "\0" + readlog.digest(changes)
        return state

    def lookup(self) -> dict[str, Any] | None:
        """The stored entry if every input it names is unchanged, else None."""
        try:
            entry = _from_json(self.path.read_bytes())
            if entry.get("format") != FORMAT:
                return None
            if entry["config"] != found_config(self.cwd):
                return None
            for name, expected in entry["files"].items():
                if _file_digest(Path(name)) != expected:
                    return None
            for name, expected in entry["side"].items():
                if _side_digest(name) != expected:
                    return None
            if entry["git"] != self._git():
                return None
            if any(os.path.realpath(link) != target for link, target in entry["links"]):
                return None
            if not _stamp_holds(entry.get("stamp")) and not self._rediscovered(entry):
                return None
            if not isinstance(entry["exit"], int) or not isinstance(entry["chunks"], list):
                return None
        except Exception:  # unreadable, foreign or half-written: a miss
            return None
        return dict(entry)

    def _rediscovered(self, entry: dict[str, Any]) -> bool:
        """Whether walking and reading the inputs again finds what the entry
        recorded; if so, the entry is signed anew for the next lookup."""
        settings = _settings_from_json(entry["sources"])
        log = readlog.start()
        try:
            seen = [
                _discovered(entry["tree"], settings),
                _discovered(entry["extra"], settings),
            ]
        finally:
            readlog.stop(log)
        if seen != entry["inputs"]:
            return False
        stamp = _stamp(log)
        if stamp is not None:
            with contextlib.suppress(OSError, ValueError):
                self._write(_to_json({**entry, "stamp": stamp}))
        return True

    def replay(self, write_output: Callable[[str, Path], None]) -> int | None:
        """Print the stored run and return its exit code, or None on a miss."""
        entry = self.lookup()
        if entry is None:
            return None
        output = entry.get("output")
        if output is not None:
            write_output(output[1], Path(output[0]))
        streams = (sys.stdout, sys.stderr)
        for which, text in entry["chunks"]:
            stream = streams[which]
            stream.write(text)
            stream.flush()
        return int(entry["exit"])

    # ---------------------------------------------------------- recording

    def record(self) -> None:
        """Keep what the run prints from now on (until :meth:`save` or :meth:`abandon`)."""
        self.recording = Recording()
        self.recording.start()
        self._reads = readlog.start()

    def abandon(self) -> None:
        """Stop recording; store nothing."""
        if self.recording is not None:
            self.recording.stop()
            self.recording = None
        if self._reads is not None:
            readlog.stop(self._reads)
            self._reads = None

    def save(self, code: int, inputs: Inputs, output: Path | None) -> None:
        """Store the run (exit 0 or 1 only); a cache that cannot be written is skipped."""
        recording, self.recording = self.recording, None
        if recording is None:
            return
        recording.stop()
        reads, self._reads = self._reads, None
        try:
            if code in (0, 1):
                self._store(code, inputs, output, recording)
        finally:
            if reads is not None:
                readlog.stop(reads)

    def _store(self, code: int, inputs: Inputs, output: Path | None, recording: Recording) -> None:
        # The files and discoveries the run read are digested as it read
        # them (the read log): no second walk, no second read.
        if output is not None and not _rereadable(self.cwd / output):
            return  # the report went to a device, FIFO or descriptor: reading it back would block
        try:
            entry = {
                "format": FORMAT,
                "config": found_config(self.cwd),
                "files": {str(p): _file_digest(p) for p in _absolute(inputs.files, self.cwd)},
                "git": self._git(),
                # Files beside the tree the result read or looked for (a Prisma schema).
                "side": {}
                if (log := readlog.current()) is None
                else {p: _side_digest(p) for p in sorted(log.side)},
                "sources": _settings_json(inputs.source_settings),
                "tree": list(inputs.tree),
                "links": [list(pair) for pair in inputs.links],
                "extra": list(inputs.extra),
                "inputs": [
                    _discovered(inputs.tree, inputs.source_settings),
                    _discovered(inputs.extra, inputs.source_settings),
                ],
                # after "inputs": digesting a file the run did not read signs it too
                "stamp": None if (log := readlog.current()) is None else _stamp(log),
                "chunks": recording.chunks,
                "output": None
                if output is None
                else [str(output), (self.cwd / output).read_text(encoding="utf-8")],
                "exit": code,
            }
            self._write(_to_json(entry))
        except (OSError, ValueError):
            return

    def _write(self, data: bytes) -> None:
        atomicfile.write_bytes(self.path, data, durable=False)
        prune(self.folder)


def _to_json(entry: Mapping[str, Any]) -> bytes:
    """``entry`` as JSON by msgspec's C encoder: the Diesel tree's 212 kB
    entry, a signature per folder and file, took ``json.dumps`` about five
    times as long. What msgspec refuses (a lone surrogate in the output
    recorded) is written by ``json.dumps``, as before; the values are
    strings, integers, booleans, None, lists and string-keyed objects, which
    both read back alike."""
    try:
        return msgspec.json.encode(entry)
    except (msgspec.EncodeError, TypeError, ValueError, OverflowError):  # UnicodeEncodeError too
        return json.dumps(entry).encode("utf-8")


def _from_json(data: bytes) -> dict[str, Any]:
    """A stored entry (:func:`_to_json`); ``json.loads`` for what msgspec's
    decoder refuses (what ``json.dumps`` wrote, or a broken file: a miss)."""
    try:
        entry = msgspec.json.decode(data)
    except msgspec.DecodeError:
        entry = json.loads(data.decode("utf-8"))
    if not isinstance(entry, dict):
        raise TypeError("a run cache entry is a JSON object")
    return entry


def _stamp(log: readlog.ReadLog) -> dict[str, Any] | None:
    """The signatures a lookup can check instead of walking and reading
    again (:mod:`dbnamelint.core.readlog`), or None when they would not do."""
    if not log.stampable:
        return None
    return {"started": log.started, "signatures": log.stamped_signatures()}


def _stamp_holds(stamp: object) -> bool:
    """Whether a stored stamp shows every folder listed and file read unchanged."""
    if not isinstance(stamp, dict):
        return False
    signatures, started = stamp.get("signatures"), stamp.get("started")
    if not isinstance(signatures, dict) or not isinstance(started, int):
        return False
    return readlog.signatures_hold(signatures, started)


def _rereadable(output: Path) -> bool:
    """Whether the report written to ``output`` can be read back: a regular
    file, not a FIFO, device or ``/dev/stdout`` (:mod:`dbnamelint.atomicfile`)."""
    try:
        target, descriptor = atomicfile.resolve_link(output)
        return not descriptor and target.is_file()
    except OSError:
        return False


def config_files(settings: Settings, cwd: Path, *, whitelist: bool = True) -> tuple[Path, ...]:
    """The files a run's configuration was read from: the config, its
    ``extends`` files and packs (a source checkout's ``rules/*.yaml`` are not
    in the code fingerprint), and (unless ``whitelist`` is false) the whitelist."""
    from dbnamelint.rules.pack_files import find_pack

    files: list[Path] = []
    if settings.config_path is not None:
        files.append(settings.config_path)
    for layer in settings.layers:
        if layer.startswith("<pack ") and layer.endswith(">"):
            pack = find_pack(layer[len("<pack ") : -1])
            if pack is not None:
                files.append(pack)
        elif not layer.startswith("<"):
            files.append(Path(layer))
    if whitelist:
        listed = Path(settings.whitelist_path)
        files.append(listed if listed.is_absolute() else settings.root / listed)
    return tuple(p if p.is_absolute() else cwd.resolve() / p for p in files)


def _absolute(paths: Iterable[Path], cwd: Path) -> list[Path]:
    return sorted({p if p.is_absolute() else cwd / p for p in paths})


def found_config(cwd: Path) -> str | None:
    found = find_config(cwd)
    return None if found is None else str(found)


def prune(folder: Path, suffix: str = ".json", keep: int = MAX_ENTRIES) -> None:
    """Drop the oldest ``*suffix`` entries of ``folder`` past ``keep``."""
    try:
        entries = [e for e in os.scandir(folder) if e.name.endswith(suffix)]
        if len(entries) <= keep:
            return
        entries.sort(key=lambda e: e.stat().st_mtime_ns)
        for old in entries[: len(entries) - keep]:
            Path(old.path).unlink(missing_ok=True)
    except OSError:
        return


def start(params: Mapping[str, object], *, gate_ref: str | None, cwd: Path) -> CheckRun | None:
    """The run's entry when caching is on for this process (see :func:`readcache.enable`)."""
    cache = readcache.active()
    if cache is None:
        return None
    return CheckRun(cache, params, gate_ref=gate_ref, cwd=cwd)
