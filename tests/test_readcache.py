"""The per-file cache (dbnamelint.runner.readcache) and the reading progress bar.

The oracle for the cache is the run without it: whatever the cache returns
must equal, value for value, what reading the file afresh produces.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.frontends.sql.sources import SourceSettings, discover
from dbnamelint.runner import progress, readcache
from dbnamelint.runner.cacheentry import FileFacts
from dbnamelint.runner.pipeline import load_files, load_paths
from dbnamelint.runner.readcache import FileCache

SQL = (
    "CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE);\n"
    "-- dbnamelint: disable=DBN101\n"
    "CREATE INDEX users_email_idx ON users (email);\n"
    "ALTER TABLE users RENAME COLUMN email TO email_address;\n"
    "CREATE TABLE broken (;\n"
)


def _tree(tmp_path: Path) -> Path:
    (tmp_path / "a").mkdir(parents=True)
    (tmp_path / "a" / "1_users.sql").write_text(SQL, encoding="utf-8")
    (tmp_path / "a" / "2_orders.sql").write_text(
        "CREATE TABLE orders (id int, user_id int REFERENCES users (id));\n", encoding="utf-8"
    )
    # In a folder of its own: beside plain files it would make them MySQL
    # too (a folder's files share its one shown dialect), read twice.
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "3_mysql.sql").write_text(
        "CREATE TABLE `t` (id int AUTO_INCREMENT) ENGINE=InnoDB;\n", encoding="utf-8"
    )
    (tmp_path / "bad.sql").write_bytes(b"CREATE TABLE x (id int);\x00\n")
    return tmp_path


def _rows(cache_dir: Path) -> dict[str, bytes]:
    """Every entry stored under ``cache_dir``, read with sqlite3 itself."""
    out: dict[str, bytes] = {}
    for db_path in cache_dir.rglob(readcache.DB_NAME):
        with contextlib.closing(sqlite3.connect(db_path)) as db:
            out.update(db.execute("SELECT key, data FROM entries").fetchall())
    return out


def _load(root: Path, cache: FileCache | None) -> object:
    files, _ = discover([str(root)], SourceSettings(root=root))
    return load_files(files, root, cache)


def test_cached_read_equals_fresh_read(tmp_path: Path) -> None:
    root = _tree(tmp_path / "p")
    cache = FileCache(tmp_path / "cache")
    fresh = _load(root, None)
    first = _load(root, cache)  # fills the cache
    assert len(_rows(tmp_path / "cache")) == 3  # the unreadable file is not cached
    second = _load(root, cache)  # served from it
    assert first == fresh
    assert second == fresh


def test_hits_skip_reading_and_edits_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(tmp_path / "p")
    cache = FileCache(tmp_path / "cache")
    _load(root, cache)
    import dbnamelint.runner.pipeline as pipeline

    calls: list[str] = []
    real = pipeline.split_statements

    def counting(text: str, source: object) -> object:
        calls.append(str(getattr(source, "path", "")))
        return real(text, source)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "split_statements", counting)
    _load(root, cache)
    assert calls == []
    (root / "a" / "2_orders.sql").write_text("CREATE TABLE orders2 (id int);\n", "utf-8")
    loaded = _load(root, cache)
    assert [Path(c).name for c in calls] == ["2_orders.sql"]
    assert any(o.name == "orders2" for o in loaded.schema.objects)  # type: ignore[attr-defined]


def test_key_covers_text_dialect_and_module_not_the_path(tmp_path: Path) -> None:
    cache = FileCache(tmp_path)
    from dbnamelint.model import SourceFile

    base = SourceFile("x.sql", "postgres", None)
    sql = "CREATE TABLE a (id int);"
    keys = {
        cache.key(base, sql),
        cache.key(base, "CREATE TABLE b (id int);"),
        cache.key(SourceFile("x.sql", "mysql", None), sql),
        cache.key(SourceFile("x.sql", "postgres", "ws"), sql),
        cache.key(SourceFile("x.sql", "postgres", None, True), sql),
    }
    assert len(keys) == 5
    assert cache.key(SourceFile("elsewhere/y.sql", "postgres", None), sql) == cache.key(base, sql)


def test_an_entry_serves_the_same_text_under_another_path(tmp_path: Path) -> None:
    first = _tree(tmp_path / "one")
    second = _tree(tmp_path / "two")  # same texts, other paths
    cache = FileCache(tmp_path / "cache")
    _load(first, cache)
    entries = _rows(tmp_path / "cache")
    served = _load(second, cache)
    assert _rows(tmp_path / "cache") == entries  # all hits: nothing new written
    assert served == _load(second, None)  # locations name the second tree's files


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("echo pwned > planted-ran",))


def test_planted_and_broken_entries_are_misses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    root = _tree(tmp_path / "p")
    cache = FileCache(tmp_path / "cache")
    fresh = _load(root, None)
    _load(root, cache)
    cache.close()
    keys = sorted(_rows(tmp_path / "cache"))
    (db_path,) = (tmp_path / "cache").rglob(readcache.DB_NAME)
    with contextlib.closing(sqlite3.connect(db_path)) as db, db:
        # one would run a command if unpickled, one is cut short
        db.execute("UPDATE entries SET data = ? WHERE key = ?", (pickle.dumps(_Boom()), keys[0]))
        db.execute("UPDATE entries SET data = substr(data, 1, 40) WHERE key = ?", (keys[1],))
    assert _load(root, FileCache(tmp_path / "cache")) == fresh
    assert not (tmp_path / "planted-ran").exists()
    db_path.write_bytes(b"not a database at all")
    assert _load(root, FileCache(tmp_path / "cache")) == fresh


def test_concurrent_runs_share_one_database(tmp_path: Path) -> None:
    root = _tree(tmp_path / "p")
    cache_dir = tmp_path / "cache"
    script = (
        "import sys; from pathlib import Path; "
        "from dbnamelint.runner.readcache import FileCache; "
        "from dbnamelint.runner.pipeline import load_files; "
        "from dbnamelint.frontends.sql.sources import SourceSettings, discover; "
        "root = Path(sys.argv[1]); files, _ = discover([str(root)], SourceSettings(root=root)); "
        "print(len(load_files(files, root, FileCache(Path(sys.argv[2]))).schema.objects))"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(root), str(cache_dir)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    counts = {run.communicate(timeout=120)[0].strip() for run in runs}
    assert all(run.returncode == 0 for run in runs)
    fresh = _load(root, None)
    assert counts == {str(len(fresh.schema.objects))}  # type: ignore[attr-defined]
    assert len(_rows(cache_dir)) == 3
    assert _load(root, FileCache(cache_dir)) == fresh


def test_other_code_versions_are_dropped_once_unused(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    stale = cache_dir / "0000000000000000"
    in_use = cache_dir / "1111111111111111"
    for folder in (stale, in_use):
        folder.mkdir(parents=True)
        (folder / "files.sqlite").write_bytes(b"old")
    week_and_a_bit = time.time() - readcache.STALE_VERSION_SECONDS - 3600
    os.utime(stale, (week_and_a_bit, week_and_a_bit))
    cache = FileCache(cache_dir)
    root = _tree(tmp_path / "p")
    _load(root, cache)
    assert not stale.exists()  # unused for over a week: an upgrade left it behind
    assert (in_use / "files.sqlite").read_bytes() == b"old"  # another version in use
    assert (cache_dir / cache.fingerprint).is_dir()


def test_two_versions_sharing_the_cache_keep_their_entries(tmp_path: Path) -> None:
    """pre-commit's environment and the project's venv alternate on one cache root."""
    cache_dir = tmp_path / "cache"
    root = _tree(tmp_path / "p")
    first = FileCache(cache_dir)
    _load(root, first)
    other = FileCache(cache_dir)
    other.fingerprint = "f" * 16
    other.directory = cache_dir / other.fingerprint
    _load(root, other)
    assert len(_rows(cache_dir / first.fingerprint)) > 0
    assert len(_rows(cache_dir / other.fingerprint)) > 0


def test_code_version_covers_every_module_of_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reading code lives in other packages than the cache's own
    (``frontends/sql/``): an edit anywhere under ``dbnamelint/`` is a new code
    version, and a ``__pycache__`` is not."""
    package = tmp_path / "dbnamelint"
    ours = package / "runner" / "readcache.py"
    ddl = package / "frontends" / "sql" / "parsing" / "ddl.py"
    for path in (package / "__init__.py", ours, ddl):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(readcache, "__file__", str(ours))
    first = readcache._code_fingerprint()
    (ddl.parent / "__pycache__").mkdir()
    (ddl.parent / "__pycache__" / "ddl.pyc").write_bytes(b"compiled")
    assert readcache._code_fingerprint() == first
    ddl.write_text("x = 12\n", encoding="utf-8")
    second = readcache._code_fingerprint()
    assert second != first
    (package / "__init__.py").write_text("x = 12\n", encoding="utf-8")
    assert readcache._code_fingerprint() not in {first, second}


def test_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    root = _tree(tmp_path / "p")
    assert _load(root, FileCache(blocker / "cache")) == _load(root, None)


def test_local_fallback_is_gitignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(readcache.DIR_ENV, raising=False)
    monkeypatch.setattr(os, "access", lambda *_a, **_k: False)  # user cache dir read-only
    directory = readcache.default_directory()
    assert directory == tmp_path / ".dbnamelint_cache"
    _load(_tree(tmp_path / "p"), FileCache(directory))
    assert (directory / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_cli_uses_the_cache_unless_told_not_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path / "p")
    monkeypatch.chdir(root)
    cache_dir = tmp_path / "cli-cache"
    monkeypatch.setenv(readcache.DIR_ENV, str(cache_dir))
    try:
        off = CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json", "a", "b"])
        assert not cache_dir.exists()
        on = CliRunner().invoke(cli, ["inspect", "--format", "json", "a", "b"])
        assert len(_rows(cache_dir)) == 3
        again = CliRunner().invoke(cli, ["inspect", "--format", "json", "a", "b"])
        monkeypatch.setenv(readcache.OFF_ENV, "1")
        env_off = CliRunner().invoke(cli, ["check", "--no-whitelist", "a", "b"])
    finally:
        readcache.disable()
        progress.enable(False)
    assert off.stdout == on.stdout == again.stdout
    assert '"name": "email_address"' in on.stdout
    assert env_off.exit_code == 1  # still checks, just without the cache


def test_facts_survive_a_round_trip(tmp_path: Path) -> None:
    root = _tree(tmp_path / "p")
    cache = FileCache(tmp_path / "cache")
    files, _ = discover([str(root / "a")], SourceSettings(root=root))
    from dbnamelint.runner.pipeline import read_file

    for found in files:
        facts = read_file(found, root, None)
        key = cache.key(found, (root / "a" / Path(found.path).name).read_text("utf-8"))
        cache.put(key, facts)
        assert cache.get(key, found.path) == facts
        assert isinstance(cache.get(key, found.path), FileFacts)


# ------------------------------------------------------------------ progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(tmp_path / "p")
    settings = SourceSettings(root=root)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    progress.enable()
    try:
        terminal = _Terminal()
        monkeypatch.setattr("sys.stderr", terminal)
        load_paths([str(root)], settings)
        pipe = io.StringIO()
        monkeypatch.setattr("sys.stderr", pipe)
        load_paths([str(root)], settings)
    finally:
        progress.enable(False)
    assert "reading" in terminal.getvalue()
    assert "4/4" in terminal.getvalue()
    assert pipe.getvalue() == ""


def test_progress_bar_waits_for_long_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(tmp_path / "p")
    progress.enable()
    try:
        terminal = _Terminal()
        monkeypatch.setattr("sys.stderr", terminal)
        load_paths([str(root)], SourceSettings(root=root))  # DELAY is 1 s: too quick for a bar
    finally:
        progress.enable(False)
    assert terminal.getvalue() == ""


def test_the_cache_is_kept_under_its_size_by_dropping_the_oldest_entries(tmp_path: Path) -> None:
    # Every edit of a file adds an entry; past the cap, a write removes the
    # oldest-written ones (down to three quarters of it), never the new ones.
    root = tmp_path / "p"
    root.mkdir()
    path = root / "schema.sql"
    sizes: list[int] = []
    written: list[str] = []
    cap = 0
    for version in range(12):
        path.write_text(
            "".join(f"CREATE TABLE t{version}_{i} (id int, name text);\n" for i in range(40)),
            encoding="utf-8",
        )
        cache = FileCache(tmp_path / "cache")
        if version == 0:
            _load(root, cache)
            cache.close()
            (only,) = _rows(tmp_path / "cache").values()
            cap = len(only) * 4  # room for four entries of this size
            sizes.append(len(only))
            written.append(next(iter(_rows(tmp_path / "cache"))))
            continue
        cache.max_bytes = cap
        fresh = _load(root, None)
        assert _load(root, cache) == fresh
        cache.close()
        rows = _rows(tmp_path / "cache")
        written.append(next(k for k in rows if k not in written))
        assert sum(len(v) for v in rows.values()) <= cap
        assert written[-1] in rows  # this run's entry stays
        kept = [k for k in written if k in rows]
        assert kept == written[-len(kept) :]  # only the oldest went
    assert len(_rows(tmp_path / "cache")) < 12
    # What remains is still served: the newest entry is a hit.
    cache = FileCache(tmp_path / "cache")
    files, _ = discover([str(root)], SourceSettings(root=root))
    text = path.read_text(encoding="utf-8")
    assert cache.get(cache.key(files[0], text), files[0].path) is not None


#: Every shape of event the reader makes that a model value holds: view
#: bodies split into query levels (ViewLevel), a star and its FROM list
#: (ViewStar, ViewSource) with a derived table's columns (ViewQuery),
#: statements acting on a table
#: (USE: TRUNCATE, COPY, COMMENT ON TABLE), triggers with their events.
EVERY_SHAPE = """\
CREATE TABLE t (id int PRIMARY KEY, a text);
CREATE VIEW v AS SELECT t.*, (SELECT count(*) FROM t AS u WHERE u.id = t.id) AS n FROM t;
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER tr INSTEAD OF INSERT OR UPDATE ON v FOR EACH ROW EXECUTE FUNCTION f();
CREATE VIEW d AS WITH c (x) AS (SELECT id FROM t) SELECT * FROM c, (SELECT 1 AS one) s;
TRUNCATE t;
COMMENT ON TABLE t IS 'x';
ALTER TABLE t ALTER COLUMN a SET NOT NULL;
"""


def _entries_round_trip(path: Path) -> None:
    from dbnamelint.model import SourceFile
    from dbnamelint.runner.cacheentry import decode, encode
    from dbnamelint.runner.pipeline import read_file

    facts = read_file(SourceFile(str(path), "postgres", None, False, None), None, None)
    data = encode(facts)
    assert data is not None, path
    assert decode(data, str(path)) == facts, path  # a refused type would be a miss


def test_every_event_shape_is_served_from_the_cache(tmp_path: Path) -> None:
    """A model type the entry's unpickler does not allow makes every entry of
    a file holding it a miss: the output stays right (a miss reads the file
    again), so only this finds it; the hook on a slice with views read its
    files afresh on every run until ViewLevel was allowed."""
    path = tmp_path / "shapes.sql"
    path.write_text(EVERY_SHAPE, encoding="utf-8")
    _entries_round_trip(path)
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    if corpus.is_dir():  # every shared corpus file too, when present
        for sql in sorted(corpus.rglob("*.sql"))[:400]:
            _entries_round_trip(sql)


def _read(path: str, text: str, tmp_path: Path) -> FileFacts:
    from dbnamelint.model import SourceFile
    from dbnamelint.runner.pipeline import read_file

    target = tmp_path / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return read_file(SourceFile(str(target), "postgres", None, False, None), None, None)


def test_an_entry_read_under_another_path_swaps_paths_only(tmp_path: Path) -> None:
    """An entry holds its path once per location; read under another path
    (the gate's temporary base tree) every one becomes that path, and a name
    the file spells like its own path is never swapped: such an entry is
    served under its own path only (a miss elsewhere, read afresh)."""
    from dbnamelint.runner.cacheentry import decode, encode

    plain = "CREATE TABLE t (id int PRIMARY KEY);\nCREATE INDEX t_id_idx ON t (id);\n"
    one = _read("one/x.sql", plain, tmp_path)
    two = _read("two/x.sql", plain, tmp_path)
    data = encode(one, plain)
    assert data is not None
    assert decode(data, str(tmp_path / "two/x.sql")) == two
    assert decode(data, str(tmp_path / "one/x.sql")) == one

    spelt = f'CREATE TABLE "{tmp_path / "one/y.sql"}" (id int);\n'
    own = _read("one/y.sql", spelt, tmp_path)
    assert [o.name for o in own.events] == [str(tmp_path / "one/y.sql"), "id"]
    data = encode(own, spelt)
    assert data is not None
    assert decode(data, str(tmp_path / "one/y.sql")) == own
    assert decode(data, str(tmp_path / "two/y.sql")) is None  # not a table renamed by the swap


def test_a_served_entrys_events_share_their_files_source(tmp_path: Path) -> None:
    """Replay tells a file's statements apart by its events' one ``SourceFile``
    object (``event.source is source``), as a fresh read gives it; a served
    entry gives the same, under its own path and another (trial s31: a gate's
    DBN023 note on a base file served under the head's path was lost)."""
    from dbnamelint.runner.cacheentry import decode, encode

    text = "CREATE TABLE t (id int PRIMARY KEY);\nCREATE INDEX t_id_idx ON t (id);\n"
    one = _read("one/x.sql", text, tmp_path)
    assert all(e.source is one.source for e in one.events)
    data = encode(one, text)
    assert data is not None
    for path in (tmp_path / "one/x.sql", tmp_path / "two/x.sql"):
        served = decode(data, str(path))
        assert served is not None
        assert len(served.events) > 2
        assert all(e.source is served.source for e in served.events)
