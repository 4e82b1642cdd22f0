"""A per-file cache of what the front end learnt from a file (like ruff's and mypy's).

Reading a file (sniffing, splitting, tokenizing, reading DDL) depends only on
its text, its :class:`~dbnamelint.model.SourceFile` (dialect, module, search path; the
path only appears in locations) and the code doing the reading. An entry is
therefore keyed by a hash of the text, the dialect, the module, a
fingerprint of the installed
dbnamelint and sqlglot (version plus the size and modification time of
every module file, so an upgrade or a local edit invalidates it), and
:data:`FORMAT`, and stores the path as a placeholder filled in when read,
so the same text under another path (the CI gate reads the base tree from a
new temporary folder each run) is a hit. Replay, rules and the whitelist always run: they depend on
every file at once.

Where: ``$DBNAMELINT_CACHE_DIR`` if set, else the user cache directory
(``platformdirs``: ``~/.cache/dbnamelint`` on Linux), else
``.dbnamelint_cache/`` in the current directory (with a ``.gitignore`` of
``*``) when the user cache directory cannot be written. Entries are rows
of one SQLite database per code version (``<fingerprint>/files.sqlite``),
written in one transaction at the end of a read, so concurrent runs
(pre-commit in two worktrees) never see half an entry; an unreadable entry
or database is a miss. Past :data:`MAX_BYTES` of entries, a write removes the oldest-written ones;
the folder of another code version goes when it has not been written for
:data:`STALE_VERSION_SECONDS` (two versions in use at once, such as
pre-commit's and the project's, keep their entries).
Entries are MessagePack read back by a decoder typed to
the model's value types (:mod:`.cacheentry`), so a planted row cannot run code.
The same database keeps the tokenizer snapshots of
:mod:`dbnamelint.frontends.sql.parsing.lexer` (table ``blobs``), which spare a run that
must tokenize a changed file the import of all of sqlglot.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sys
import time
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from dbnamelint import __version__

if TYPE_CHECKING:  # imported when an entry is first read or written
    import sqlite3

    from dbnamelint.model import SourceFile
    from dbnamelint.runner.cacheentry import FileFacts

#: Bumped when :class:`FileFacts`, the entry format or the key changes shape.
FORMAT = 20
#: The entries of one code version are kept under this many bytes: past it, a
#: write removes the oldest-written entries until a quarter of it is free
#: (every edit of a file adds an entry; the old ones would otherwise stay).
MAX_BYTES = 256 * 1024 * 1024
#: Another code version's folder is removed once it has not been written
#: for this long (seconds): a week.
STALE_VERSION_SECONDS = 7 * 24 * 3600
#: The one file holding every entry of a code version (see :meth:`FileCache.flush`).
DB_NAME = "files.sqlite"
#: Environment: where the cache lives, and an off switch (any non-empty value).
DIR_ENV = "DBNAMELINT_CACHE_DIR"
OFF_ENV = "DBNAMELINT_NO_CACHE"
LOCAL_DIR = ".dbnamelint_cache"


def _code_fingerprint() -> str:
    """dbnamelint's version and module files (size, mtime); sqlglot's top-level
    files and its dialects (which hold each dialect's tokenizer settings).

    Stats, not contents: about 150 ``stat`` calls, a few milliseconds. An
    upgrade of either package (or an edit in a development checkout of ours)
    changes them.
    """
    parts = [__version__, str(FORMAT), sys.version]
    ours = Path(__file__).parents[1]  # the whole dbnamelint package
    for dirpath, dirnames, filenames in os.walk(ours):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        parts.extend(_stats(dirpath, sorted(filenames)))
    spec = find_spec("sqlglot")
    if spec is not None and spec.origin:
        folder = os.path.dirname(spec.origin)  # noqa: PTH120
        parts.extend(_stats(folder, sorted(os.listdir(folder))))  # noqa: PTH208
        dialects = os.path.join(folder, "dialects")  # noqa: PTH118
        if os.path.isdir(dialects):  # noqa: PTH112
            parts.extend(_stats(dialects, sorted(os.listdir(dialects))))  # noqa: PTH208
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=8).hexdigest()


def _stats(folder: str, names: list[str]) -> list[str]:
    out = []
    for name in names:
        if name.endswith((".py", ".so", ".pyd")):
            st = os.stat(os.path.join(folder, name))  # noqa: PTH116, PTH118
            out.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return out


class FileCache:
    """Entries under ``directory/<code fingerprint>/``; see the module docs."""

    def __init__(self, directory: Path) -> None:
        self.root = directory
        self.fingerprint = _code_fingerprint()
        self.directory = directory / self.fingerprint
        self._writable: bool | None = None
        self._readable: bool | None = None
        self._pending: dict[str, bytes] = {}
        self._pending_blobs: dict[str, bytes] = {}
        self._db: sqlite3.Connection | None = None
        self.max_bytes = MAX_BYTES

    def key(self, source: SourceFile, text: str) -> str:
        """The entry name for ``text`` read as ``source``.

        The path is not part of it: reading depends on the text, dialect,
        module and starting search path only, and entries carry the path as a
        placeholder.
        """
        h = hashlib.blake2b(digest_size=20)
        h.update(
            "\0".join(
                (
                    self.fingerprint,
                    source.dialect,
                    source.module or "\1",
                    str(source.dialect_guessed),
                    "\1" if source.search_path is None else "\2".join(source.search_path),
                    source.database or "\1",
                    source.goose or "\1",
                    "d" if source.drizzle else "\1",
                )
            ).encode("utf-8", "surrogatepass")
        )
        h.update(b"\0")
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def get(self, key: str, path: str) -> FileFacts | None:
        """The stored facts as read from ``path``, or ``None`` (absent, foreign,
        stale, or a database that cannot be read)."""
        if key in self._pending:
            data: bytes | None = self._pending[key]
        else:
            data = self._lookup(key)
        if data is None:
            return None
        from dbnamelint.runner.cacheentry import decode

        return decode(data, path)

    def put(self, key: str, facts: FileFacts, text: str = "") -> None:
        """Keep ``facts`` read from ``text`` for :meth:`flush`; a value an entry
        cannot hold is skipped."""
        if self._writable is False:
            return
        from dbnamelint.runner.cacheentry import encode

        data = encode(facts, text)
        if data is not None:  # else a value an entry cannot hold: read afresh next time
            self._pending[key] = data

    def get_blob(self, name: str) -> bytes | None:
        """A stored value that is not a file's facts (the tokenizer snapshots of
        :mod:`dbnamelint.frontends.sql.parsing.lexer`), or ``None``; the caller checks it."""
        if name in self._pending_blobs:
            return self._pending_blobs[name]
        return self._lookup(name, "blobs")

    def put_blob(self, name: str, data: bytes) -> None:
        """Keep ``data`` under ``name`` for :meth:`flush`, beside the entries."""
        if self._writable is not False:
            self._pending_blobs[name] = data

    def flush(self) -> None:
        """Store the entries :meth:`put` and the values :meth:`put_blob` kept, in
        one transaction.

        One SQLite file, not a file per entry: creating 684 files and their
        folders was most of a first run over a Diesel tree (0.6-0.9 s,
        measured). SQLite's locking makes concurrent runs (pre-commit in two
        worktrees) safe: a writer waits up to five seconds, a reader sees
        whole transactions only. A cache that cannot be written is skipped.
        """
        if not (self._pending or self._pending_blobs) or self._writable is False:
            return
        import sqlite3

        rows, self._pending = list(self._pending.items()), {}
        blobs, self._pending_blobs = list(self._pending_blobs.items()), {}
        try:
            if self._writable is None:
                self._start()
            db = self._connect()
            with db:
                now = time.time_ns()
                db.executemany(
                    "INSERT OR REPLACE INTO entries (key, written, size, data) VALUES (?, ?, ?, ?)",
                    [(key, now, len(data), data) for key, data in rows],
                )
                db.executemany("INSERT OR REPLACE INTO blobs (name, data) VALUES (?, ?)", blobs)
                _prune(db, self.max_bytes)
        except (OSError, sqlite3.Error):
            self._writable = False
        else:
            self._readable = True  # the database exists now, for this run's later reads

    def _lookup(self, key: str, table: str = "entries") -> bytes | None:
        import sqlite3

        if self._readable is False:
            return None
        if self._readable is None:
            # No database yet (first run, other code version): every key misses.
            self._readable = (self.directory / DB_NAME).is_file()
            if not self._readable:
                return None
        query = _QUERIES[table]
        try:
            row = self._connect().execute(query, (key,)).fetchone()
        except sqlite3.Error:
            self._readable = False
            return None
        return row[0] if row is not None and isinstance(row[0], bytes) else None

    def _connect(self) -> sqlite3.Connection:
        import sqlite3

        if self._db is None:
            db = sqlite3.connect(self.directory / DB_NAME, timeout=5.0)
            # WAL: readers never wait for a writer. A file system without shared
            # memory refuses it, and the default journal works there too.
            with contextlib.suppress(sqlite3.Error):
                db.execute("PRAGMA journal_mode=WAL")
            # A cache needs no fsync per commit: under WAL, NORMAL stays
            # consistent after a crash and may only lose the last runs'
            # entries (misses); FULL's fsync was a tenth of a one-file run.
            db.execute("PRAGMA synchronous=NORMAL")
            # size and written before data: reading them never touches the data pages.
            db.execute(
                "CREATE TABLE IF NOT EXISTS entries "
                "(key TEXT PRIMARY KEY, written INTEGER, size INTEGER, data BLOB)"
            )
            db.execute("CREATE TABLE IF NOT EXISTS blobs (name TEXT PRIMARY KEY, data BLOB)")
            self._db = db
        return self._db

    def close(self) -> None:
        """Store what is pending and close the database (also done at exit)."""
        self.flush()
        if self._db is not None:
            self._db.close()
            self._db = None

    def _start(self) -> None:
        """First write of a run: create the folder, drop other code versions' entries."""
        self.root.mkdir(parents=True, exist_ok=True)
        if self.root.name == LOCAL_DIR:
            ignore = self.root / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by dbnamelint\n*\n", encoding="utf-8")
        if not self.directory.exists():
            # Self-invalidation on upgrade: another version's entries are dead once
            # it is unused, but not while it is in use (pre-commit's environment and
            # the project's own venv often hold different versions, sharing this root).
            unused_since = time.time() - STALE_VERSION_SECONDS
            for old in self.root.iterdir():
                with contextlib.suppress(OSError):
                    if (
                        old.is_dir()
                        and old.name != self.directory.name
                        and old.stat().st_mtime < unused_since
                    ):
                        shutil.rmtree(old, ignore_errors=True)
        self.directory.mkdir(exist_ok=True)
        with contextlib.suppress(OSError):
            os.utime(self.directory)  # this version is in use (see above)
        self._writable = True


def _prune(db: sqlite3.Connection, max_bytes: int) -> None:
    """Remove the oldest-written entries when all of them exceed ``max_bytes``,
    down to three quarters of it (so a run does not prune again at once)."""
    (total,) = db.execute("SELECT COALESCE(SUM(size), 0) FROM entries").fetchone()
    if total <= max_bytes:
        return
    excess = total - max_bytes * 3 // 4
    doomed: list[tuple[str]] = []
    for key, size in db.execute("SELECT key, size FROM entries ORDER BY written, key").fetchall():
        if excess <= 0:
            break
        doomed.append((key,))
        excess -= size
    db.executemany("DELETE FROM entries WHERE key = ?", doomed)


#: How :meth:`FileCache._lookup` reads each table.
_QUERIES = {
    "entries": "SELECT data FROM entries WHERE key = ?",
    "blobs": "SELECT data FROM blobs WHERE name = ?",
}


def default_directory() -> Path:
    """``$DBNAMELINT_CACHE_DIR``, the user cache directory, or ``.dbnamelint_cache``."""
    configured = os.environ.get(DIR_ENV)
    if configured:
        return Path(configured)
    try:
        from platformdirs import user_cache_dir
    except ImportError:
        return Path.cwd() / LOCAL_DIR
    user = Path(user_cache_dir("dbnamelint", appauthor=False))
    try:
        user.mkdir(parents=True, exist_ok=True)
        if os.access(user, os.W_OK):
            return user
    except OSError:
        pass
    return Path.cwd() / LOCAL_DIR


class _Process:
    """This process's choice (set by the CLI, read by the pipeline)."""

    cache: FileCache | None = None


def enable(directory: Path | None = None) -> FileCache | None:
    """Use a cache for this process's runs, unless ``$DBNAMELINT_NO_CACHE`` is set."""
    off = os.environ.get(OFF_ENV)
    _Process.cache = None if off else FileCache(directory or default_directory())
    if _Process.cache is not None:
        import atexit

        atexit.register(_Process.cache.close)
    return _Process.cache


def disable() -> None:
    """Stop caching (``--no-cache``)."""
    _Process.cache = None


def active() -> FileCache | None:
    """The cache runs should use, or ``None`` (the default for library callers)."""
    return _Process.cache
