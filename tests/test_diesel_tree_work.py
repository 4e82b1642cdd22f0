"""The per-folder work of reading a Diesel tree (a folder per migration).

A Diesel project keeps each migration in a folder of its own
(``<version>_x/up.sql`` and ``down.sql``), so whatever a run does once per
folder or per file is paid hundreds of times on the first ``check`` of such
a tree (issue 12's 684-folder benchmark). These tests count that work, not
its time: a look for drizzle's journal (a ``stat``) in every folder that
has no ``meta/`` folder, a listing of every folder for the Go files of a
migration list (shiori's ``newFileMigration``) with its real path, the
real path of every file read to tell whether the folder named on the
command line held any, and the system calls of reading a file (a stat
before opening it; a buffered ``open``'s terminal check and seek). The
files found, their dialect and the output stay as they were (the discovery
tests and ``tests/test_output_digest.py`` hold those).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from dbnamelint import drizzle_layout, go_list_files, tool_dialect
from dbnamelint.core import readlog
from dbnamelint.frontends.sql import sources
from dbnamelint.frontends.sql.sources import SourceError, SourceSettings, discover, read_bytes
from dbnamelint.model import SourceFile
from dbnamelint.services import code_schema

FOLDERS = 12


def _diesel_tree(root: Path, count: int = FOLDERS) -> None:
    for i in range(count):
        folder = root / "migrations" / f"2020-01-{1 + i:02d}-000000_create_t{i}"
        folder.mkdir(parents=True)
        (folder / "up.sql").write_text(
            f"CREATE TABLE t{i} (id integer PRIMARY KEY);\n", encoding="utf-8"
        )
        (folder / "down.sql").write_text(f"DROP TABLE t{i};\n", encoding="utf-8")


def _counting(calls: list[str], real: Callable[[str], bool]) -> Callable[[str], bool]:
    def counted(folder: str) -> bool:
        calls.append(str(folder))
        return real(folder)

    return counted


def test_no_journal_looked_for_in_folders_without_meta(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _diesel_tree(tmp_path)
    drizzle = tmp_path / "migrations" / "drizzle"  # a drizzle folder in the same walk
    (drizzle / "meta").mkdir(parents=True)
    (drizzle / "meta" / "_journal.json").write_text(
        '{"dialect": "sqlite", "entries": [{"idx": 0, "tag": "0000_init"}]}', encoding="utf-8"
    )
    (drizzle / "0000_init.sql").write_text("CREATE TABLE d (id integer);\n", encoding="utf-8")
    calls: list[str] = []
    monkeypatch.setattr(drizzle_layout, "has_journal", _counting(calls, drizzle_layout.has_journal))
    monkeypatch.setattr(tool_dialect, "has_journal", _counting(calls, drizzle_layout.has_journal))
    monkeypatch.chdir(tmp_path)

    files, _ = discover(["migrations"], SourceSettings(root=tmp_path))

    # Only the drizzle folder, the one with a meta/ folder, is looked at
    # (before: twice in each of the 12 Diesel folders as well).
    assert {Path(c).name for c in calls} == {"drizzle"}
    ups = [f for f in files if f.path.endswith("up.sql")]
    assert len(ups) == FOLDERS
    assert not any(f.drizzle for f in ups)
    (journaled,) = (f for f in files if f.path.endswith("0000_init.sql"))
    assert journaled.drizzle
    assert journaled.dialect == "sqlite"  # the journal's dialect, as before


def test_named_folder_resolves_one_read_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _diesel_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    asked: list[str] = []
    real = os.path.realpath

    def counted(path: str | os.PathLike[str], *, strict: bool = False) -> str:
        asked.append(os.fspath(path))
        return real(path, strict=strict)

    monkeypatch.setattr(code_schema.os.path, "realpath", counted)
    read = [f"migrations/{p.parent.name}/up.sql" for p in tmp_path.glob("migrations/*/up.sql")]

    found = code_schema.named_code_folders(["migrations"], tmp_path, "postgres", read)

    assert found == []
    # The folder and the first read file, which lies in it (before: every file).
    assert len([a for a in asked if a.endswith("up.sql")]) == 1


def test_named_folder_without_read_files_still_noted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder named beside the Diesel tree that holds no read file, only
    code with DDL, is still DBN003: every read file is looked at before
    saying none lies in it."""
    _diesel_tree(tmp_path, 3)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "boot.go").write_text(
        "package app\n\nfunc init() {\n"
        '\tdb.Exec("CREATE TABLE IF NOT EXISTS Settings (id int)")\n}\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    read = [f"migrations/{p.parent.name}/up.sql" for p in tmp_path.glob("migrations/*/up.sql")]

    found = code_schema.named_code_folders(["migrations", "app"], tmp_path, "postgres", read)

    assert [(d.location.path, d.code) for d in found] == [("app", "DBN003")]


def _source(path: str) -> SourceFile:
    return SourceFile(path=path, dialect="postgres", module=None)


def test_a_file_is_read_without_a_stat_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of the tree, named relative to the current directory, is
    opened at once: no ``exists`` first (a stat per file)."""
    _diesel_tree(tmp_path, 1)
    monkeypatch.chdir(tmp_path)
    (up,) = tmp_path.glob("migrations/*/up.sql")
    rel = str(up.relative_to(tmp_path))
    asked: list[str] = []
    real = os.path.exists

    def counted(path: str | os.PathLike[str]) -> bool:
        asked.append(os.fspath(path))
        return real(path)

    monkeypatch.setattr(sources.os.path, "exists", counted)
    assert read_bytes(_source(rel), tmp_path) == up.read_bytes()
    assert asked == []


def test_a_file_missing_here_is_read_from_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As before: a relative path the current directory lacks is the root's."""
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "a.sql").write_bytes(b"CREATE TABLE a (id int);\n")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert read_bytes(_source("a.sql"), tmp_path / "root") == b"CREATE TABLE a (id int);\n"
    with pytest.raises(SourceError) as raised:
        read_bytes(_source("b.sql"), tmp_path / "root")
    assert raised.value.diagnostic.message == "no such file or directory"


def test_read_noting_reads_through_the_descriptor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bytes, signature and digest as a buffered ``open`` gave them,
    without one (it asked whether each file was a terminal, and where it
    stood): empty and large files, and a folder refused as before."""
    empty, large = tmp_path / "empty.sql", tmp_path / "large.sql"
    empty.write_bytes(b"")
    large.write_bytes(b"SELECT 1;\n" * 5000)

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("open() called")

    log = readlog.start()
    try:
        monkeypatch.setattr("builtins.open", refused)
        assert readlog.read_noting(str(empty)) == b""
        assert readlog.read_noting(str(large)) == b"SELECT 1;\n" * 5000
        with pytest.raises(IsADirectoryError):
            readlog.read_noting(str(tmp_path))
        monkeypatch.undo()
    finally:
        readlog.stop(log)
    assert log.digest_of(str(large)) == readlog.digest(large.read_bytes())
    assert log.signatures[str(large)] == readlog.signature(large.stat())
    assert str(tmp_path) not in log.signatures


def test_file_name_dialect_asked_once_per_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file of a Diesel tree is ``up.sql``: what the name says of the
    dialect is worked out once, and the crate's backend (Cargo.toml's
    diesel features) still gives each file its dialect."""
    _diesel_tree(tmp_path)
    (tmp_path / "Cargo.toml").write_text(
        '[package]\nname = "app"\n\n[dependencies]\ndiesel = { version = "2", '
        'features = ["sqlite"] }\n',
        encoding="utf-8",
    )
    asked: list[str] = []
    real = sources.dialect_from_suffix

    def counted(name: str, extensions: tuple[str, ...] = (".sql", ".ddl")) -> str | None:
        asked.append(name)
        return real(name, extensions)

    monkeypatch.setattr(sources, "dialect_from_suffix", counted)
    monkeypatch.chdir(tmp_path)

    files, _ = discover(["migrations"], SourceSettings(root=tmp_path))

    assert len(files) == FOLDERS
    assert {f.dialect for f in files} == {"sqlite"}
    assert asked == ["up.sql"]


#: A Go migration list (shiori's) whose file steps run its folder's files:
#: a file there that it does not name is never run.
_GO_LIST = """\
package database

var postgresMigrations = []migration{
\tnewFileMigration("0.0.0", "0.1.0", "postgres/0000_initial"),
}
"""


def test_go_list_folders_listed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A migration folder holding no Go file, below folders whose Go files hold
    no migration list, is no list's: the walk's own listing says so, with no
    second listing (and real path) of every Diesel folder. A list above a
    walked folder still decides which of its files run."""
    _diesel_tree(tmp_path)
    shiori = tmp_path / "internal" / "database"
    (shiori / "migrations" / "postgres").mkdir(parents=True)
    (shiori / "pg.go").write_text(_GO_LIST, encoding="utf-8")
    steps = shiori / "migrations" / "postgres"
    (steps / "0000_initial.up.sql").write_text("CREATE TABLE users (id int);\n", encoding="utf-8")
    (steps / "0009_draft.up.sql").write_text("CREATE TABLE drafts (id int);\n", encoding="utf-8")
    listed: list[str] = []
    real = go_list_files.package_files

    def counted(folder: str) -> list[str]:
        listed.append(folder)
        return real(folder)

    monkeypatch.setattr(go_list_files, "package_files", counted)
    monkeypatch.chdir(tmp_path)

    files, problems = discover(["."], SourceSettings(root=tmp_path))

    # Before: each of the 12 Diesel folders was listed again for Go files.
    assert not [f for f in listed if Path(f).name.startswith("2020-")]
    assert len(listed) == len(set(listed))
    read = sorted(f.path for f in files)
    assert len([p for p in read if p.endswith("up.sql") and "2020-" in p]) == FOLDERS
    # the list's unnamed file is left out, with its note (as before)
    assert "internal/database/migrations/postgres/0000_initial.up.sql" in read
    assert not [p for p in read if p.endswith("0009_draft.up.sql")]
    (note,) = (d for d in problems if d.location.path.endswith("0009_draft.up.sql"))
    assert note.code == "DBN007"
    assert "internal/database/pg.go" in note.message


#: Counts the typed decoders made for cache entries, then runs the command line.
_COUNT_DECODERS = """
import sys
import msgspec

made = []
real = msgspec.msgpack.Decoder


def Counted(*args, **kwargs):
    made.append(getattr(args[0], "__name__", "") if args else "")
    return real(*args, **kwargs)


msgspec.msgpack.Decoder = Counted
from dbnamelint.cli import main

try:
    main()  # the arguments after -c's program
except SystemExit:
    pass
print("decoders:", made.count("FileFacts"), file=sys.stderr)
"""


def _decoders_made(tree: Path, cache: Path) -> int:
    env = {**os.environ, "DBNAMELINT_CACHE_DIR": str(cache)}
    env.pop("DBNAMELINT_NO_CACHE", None)
    args = ["check", "--dialect", "postgres", "migrations"]
    done = subprocess.run(
        [sys.executable, "-c", _COUNT_DECODERS, *args],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (line,) = (x for x in done.stderr.splitlines() if x.startswith("decoders:"))
    return int(line.split()[1])


def test_first_run_builds_no_entry_decoder(tmp_path: Path) -> None:
    """A first run reads every file and finds no entry, so it needs no typed
    decoder of entries, whose building works out every model value type's
    decoding (14 ms); a run that reads entries builds it once."""
    _diesel_tree(tmp_path)
    cache = tmp_path.parent / f"{tmp_path.name}-cache"
    assert _decoders_made(tmp_path, cache) == 0  # before: 1, made at import
    (tmp_path / "migrations" / "2020-01-01-000000_create_t0" / "up.sql").write_text(
        "CREATE TABLE t0 (id integer PRIMARY KEY, note text);\n", encoding="utf-8"
    )
    assert _decoders_made(tmp_path, cache) == 1  # the other 11 files from the cache
