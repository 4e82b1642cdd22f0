"""sqlglot's tokenizer without the rest of sqlglot (dbnamelint.frontends.sql.parsing.lexer).

Oracles: sqlglot itself (``Dialect.get_or_raise(d).tokenizer()`` and
``Parser.TYPE_TOKENS``, imported whole), and for the CLI the same command
run with ``--no-cache``, which never reads a snapshot. What a process
imported is read from its ``sys.modules``.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from sqlglot.dialects.dialect import Dialect
from sqlglot.parser import Parser
from sqlglot.tokenizer_core import TokenizerCore

from conftest import CORPUS, REPO
from dbnamelint.dialects.names import ALIASES, DIALECTS, OWN_DIALECTS, normalize_dialect
from dbnamelint.frontends.sql.parsing import _SQLGLOT_DIALECT, bundled, lexer
from dbnamelint.frontends.sql.parsing.unicode_names import UnicodeNames
from dbnamelint.runner.readcache import DB_NAME, FileCache

#: Every sqlglot dialect a name dbnamelint accepts is read with.
READ_WITH = sorted(
    {
        _SQLGLOT_DIALECT.get(d, d)
        for d in {normalize_dialect(n) for n in (*DIALECTS, *OWN_DIALECTS, *ALIASES)}
    }
)
#: The one dialect whose tokenizer is more than a TokenizerCore (it picks
#: between Hive's and Trino's), so it is never snapshotted.
NOT_SNAPSHOTTED = {"athena"}
#: Modules that only loading sqlglot whole brings in.
HEAVY = ("sqlglot", "sqlglot.expressions", "sqlglot.parser", "sqlglot.dialects")

#: Texts the tokenizers must agree on besides files: errors included.
EXTRA_TEXTS = (
    *lexer.PROBES,
    "SELECT 'unterminated",
    'CREATE TABLE "unterminated (id int)',
    "/* never closed",
    "SELECT $tag$ never closed",
    "SELECT x'0G', b'102', 0b101, 1e, .5, 5., 1_2_3, 0x, N'",
    "SELECT `a``b`, [a]]b], \"a\"\"b\", 'a\\'b', E'\\x41', U&'\\0041'",
    "CREATE TABLE t (a int) -- trailing\n/*+ hint */ SELECT /*+ x */ 1 # hash\n",
    "{# jinja #} SELECT {{ var }} FROM {% if x %}t{% endif %}",
    "\ufeffCREATE TABLE \u00fcber (gr\u00f6\u00dfe int); SELECT '\ud800'",
)


def _texts() -> list[str]:
    """Every SQL file of the tests, the examples and (when present) the corpus,
    once per distinct content, then :data:`EXTRA_TEXTS`."""
    roots = [REPO / "tests", REPO / "examples"]
    if CORPUS.is_dir():
        roots.append(CORPUS)
    seen: dict[bytes, str] = {}
    for root in roots:
        for path in sorted(root.rglob("*.sql")):
            data = path.read_bytes()
            seen.setdefault(data, data.decode("utf-8", "surrogateescape"))
    return [*seen.values(), *EXTRA_TEXTS]


TEXTS = _texts()


def _outcome(tokenizer: lexer.Tokenizing, text: str) -> object:
    try:
        tokens = tokenizer.tokenize(text)
    except lexer.SqlglotError as exc:
        return ("error", type(exc), str(exc))
    return [(t.token_type, t.text, t.line, t.col, t.start, t.end, t.comments) for t in tokens]


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> lexer.Tokenizers:
    """Tokenizers read back from snapshots that a first run recorded."""
    directory = tmp_path_factory.mktemp("snapshots")
    first = lexer.Tokenizers(FileCache(directory), shipped=None)
    for dialect in READ_WITH:
        first.get(dialect)
    first.type_tokens()
    assert set(first.origins.values()) == {"sqlglot"}
    store = FileCache(directory)
    first_store = first.store
    assert isinstance(first_store, FileCache)
    first_store.close()
    return lexer.Tokenizers(store, shipped=None)


def test_every_accepted_dialect_is_covered() -> None:
    assert len(READ_WITH) == len(DIALECTS) == 33
    assert {"postgres", "mysql", "sqlite", "tsql", "oracle"} <= set(READ_WITH)


def _core(built: object) -> object:
    """The snapshot tokenizer itself: PostgreSQL's is wrapped to fold
    ``U&"..."`` names (:class:`UnicodeNames`), which sqlglot leaves as three
    tokens on purpose; the snapshot under it must equal sqlglot's."""
    if isinstance(built, UnicodeNames):
        return built.inner
    return built


@pytest.mark.parametrize("dialect", READ_WITH)
def test_snapshot_tokens_equal_sqlglot_tokens(warm: lexer.Tokenizers, dialect: str) -> None:
    built = _core(warm.get(dialect))
    if dialect in NOT_SNAPSHOTTED:
        assert warm.origins[dialect] == "sqlglot"
    else:
        assert warm.origins[dialect] == "snapshot"
        assert type(built) is TokenizerCore
    real = Dialect.get_or_raise(dialect).tokenizer()
    if CORPUS.is_dir():
        assert len(TEXTS) > 2000  # the corpus is really read
    differing = [text[:80] for text in TEXTS if _outcome(built, text) != _outcome(real, text)]
    assert differing == []


def test_type_tokens_snapshot_equals_the_parsers(warm: lexer.Tokenizers) -> None:
    assert warm.type_tokens() == frozenset(Parser.TYPE_TOKENS)
    assert warm.origins[lexer.TYPE_TOKENS_NAME] == "snapshot"


def _blobs(directory: Path) -> dict[str, bytes]:
    (db_path,) = directory.rglob(DB_NAME)
    with contextlib.closing(sqlite3.connect(db_path)) as db:
        return dict(db.execute("SELECT name, data FROM blobs").fetchall())


def _decoded(blobs: dict[str, bytes]) -> dict[str, object]:
    """Snapshots as values (a set's order in the bytes varies between processes)."""
    return {name: pickle.loads(data) for name, data in blobs.items()}


def _set_blob(directory: Path, name: str, data: bytes) -> None:
    (db_path,) = directory.rglob(DB_NAME)
    with contextlib.closing(sqlite3.connect(db_path)) as db, db:
        db.execute("INSERT OR REPLACE INTO blobs (name, data) VALUES (?, ?)", (name, data))


def _recorded(directory: Path, *dialects: str) -> None:
    tokenizers = lexer.Tokenizers(FileCache(directory), shipped=None)
    for dialect in dialects:
        tokenizers.get(dialect)
    tokenizers.type_tokens()
    store = tokenizers.store
    assert isinstance(store, FileCache)
    store.close()


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("echo pwned > planted-ran",))


def test_bad_snapshots_are_misses_and_are_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _recorded(tmp_path, "postgres", "mysql", "sqlite", "tsql")
    good = _blobs(tmp_path)
    postgres = pickle.loads(good[lexer.snapshot_name("postgres")])  # plain values: safe here
    no_create = {**postgres["arguments"]["keywords"]}
    del no_create["CREATE"]
    bad = {
        # cut short, and code that would run if unpickled
        "postgres": good[lexer.snapshot_name("postgres")][:50],
        "mysql": pickle.dumps(_Boom()),
        # PostgreSQL's snapshot filed under another dialect
        "sqlite": good[lexer.snapshot_name("postgres")],
        # arguments this TokenizerCore refuses; and a changed keyword table
        # that the probe statements catch
        "tsql": lexer._dumps({**postgres, "dialect": "tsql", "arguments": {"bogus": 1}}),
    }
    for dialect, data in bad.items():
        _set_blob(tmp_path, lexer.snapshot_name(dialect), data)
    _set_blob(tmp_path, lexer.TYPE_TOKENS_NAME, lexer._dumps(frozenset({1, 2})))
    tokenizers = lexer.Tokenizers(FileCache(tmp_path), shipped=None)
    for dialect in bad:
        real = Dialect.get_or_raise(dialect).tokenizer()
        assert _outcome(tokenizers.get(dialect), lexer.PROBES[0]) == _outcome(real, lexer.PROBES[0])
        assert tokenizers.origins[dialect] == "sqlglot"
    assert tokenizers.type_tokens() == frozenset(Parser.TYPE_TOKENS)
    assert tokenizers.origins[lexer.TYPE_TOKENS_NAME] == "sqlglot"
    assert not (tmp_path / "planted-ran").exists()
    store = tokenizers.store
    assert isinstance(store, FileCache)
    store.close()
    assert _decoded(_blobs(tmp_path)) == _decoded(good)  # written again, as a first run does

    changed = {**postgres, "arguments": {**postgres["arguments"], "keywords": no_create}}
    _set_blob(tmp_path, lexer.snapshot_name("postgres"), lexer._dumps(changed))
    again = lexer.Tokenizers(FileCache(tmp_path), shipped=None)
    again.get("postgres")
    assert again.origins["postgres"] == "sqlglot"


def test_a_tokenizer_that_is_more_than_a_core_is_not_snapshotted(tmp_path: Path) -> None:
    _recorded(tmp_path, "athena", "trino")
    assert lexer.snapshot_name("athena") not in _blobs(tmp_path)
    assert lexer.snapshot_name("trino") in _blobs(tmp_path)


# -- snapshots shipped with the package (dbnamelint.frontends.sql.parsing.bundled) -----------------


@pytest.fixture(scope="module")
def shipped() -> lexer.Tokenizers:
    """Tokenizers from the shipped snapshots alone (no cache)."""
    found = bundled.bundled()
    if found is None:
        pytest.skip(f"no snapshots shipped for sqlglot {bundled.sqlglot_version()}")
    return lexer.Tokenizers(None, shipped=found)


def test_snapshots_are_shipped_for_the_sqlglot_the_project_pins() -> None:
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"sqlglot[c]~=30.30.0"' in pyproject  # the pin this test knows
    assert (bundled.ROOT / "sqlglot-30.30.0" / "1" / "postgres.z").is_file()
    import sqlglot

    assert bundled.sqlglot_version() == sqlglot.__version__


@pytest.mark.parametrize("dialect", READ_WITH)
def test_shipped_tokens_equal_sqlglot_tokens(shipped: lexer.Tokenizers, dialect: str) -> None:
    built = _core(shipped.get(dialect))
    real = Dialect.get_or_raise(dialect).tokenizer()
    if dialect in NOT_SNAPSHOTTED:
        assert shipped.origins[dialect] == "sqlglot"
    else:
        assert shipped.origins[dialect] == "shipped"
        assert type(built) is TokenizerCore
        assert (
            lexer._arguments_of(real)
            == pickle.loads(
                zlib.decompress(
                    (bundled.bundled().folder / bundled.file_name(lexer.snapshot_name(dialect)))  # type: ignore[union-attr]
                    .read_bytes()
                )
            )["arguments"]
        )
    differing = [text[:80] for text in TEXTS if _outcome(built, text) != _outcome(real, text)]
    assert differing == []


def test_shipped_type_tokens_equal_the_parsers(shipped: lexer.Tokenizers) -> None:
    assert shipped.type_tokens() == frozenset(Parser.TYPE_TOKENS)
    assert shipped.origins[lexer.TYPE_TOKENS_NAME] == "shipped"


def test_write_bundle_writes_the_shipped_files(tmp_path: Path) -> None:
    """The shipped folder is what the generator writes from the installed sqlglot
    (same files, same values): a stale or hand-edited snapshot fails here."""
    found = bundled.bundled()
    if found is None:
        pytest.skip(f"no snapshots shipped for sqlglot {bundled.sqlglot_version()}")
    written = bundled.write_bundle(tmp_path)

    def values(folder: Path) -> dict[str, object]:
        return {
            str(p.relative_to(folder)): pickle.loads(zlib.decompress(p.read_bytes()))
            for p in sorted(folder.rglob("*.z"))
        }

    assert written.name == found.folder.name
    assert len(values(written)) == len(READ_WITH) - len(NOT_SNAPSHOTTED) + 1
    assert values(written) == values(found.folder)


def test_a_shipped_snapshot_that_does_not_rebuild_its_tokenizer_is_a_miss(tmp_path: Path) -> None:
    found = bundled.bundled()
    if found is None:
        pytest.skip(f"no snapshots shipped for sqlglot {bundled.sqlglot_version()}")
    fake = tmp_path / "shipped"
    shutil.copytree(found.folder, fake)
    name = lexer.snapshot_name("postgres")
    snapshot = pickle.loads(zlib.decompress((fake / bundled.file_name(name)).read_bytes()))
    keywords = {k: v for k, v in snapshot["arguments"]["keywords"].items() if k != "CREATE"}
    snapshot["arguments"] = {**snapshot["arguments"], "keywords": keywords}
    (fake / bundled.file_name(name)).write_bytes(zlib.compress(lexer._dumps(snapshot)))
    (fake / bundled.file_name(lexer.snapshot_name("mysql"))).write_bytes(b"not zlib")
    tokenizers = lexer.Tokenizers(None, shipped=bundled.BundledSnapshots(fake))
    for dialect in ("postgres", "mysql"):
        real = Dialect.get_or_raise(dialect).tokenizer()
        assert _outcome(tokenizers.get(dialect), lexer.PROBES[0]) == _outcome(real, lexer.PROBES[0])
        assert tokenizers.origins[dialect] == "sqlglot"
    tokenizers.get("sqlite")
    assert tokenizers.origins["sqlite"] == "shipped"


def test_version_is_read_from_sqlglots_version_file(tmp_path: Path) -> None:
    assert bundled._VERSION.search("__version__ = version = '30.30.0'\n").group(1) == "30.30.0"  # type: ignore[union-attr]
    assert bundled._VERSION.search('__version__ = "1.2.3"\n').group(1) == "1.2.3"  # type: ignore[union-attr]


# -- whole processes -----------------------------------------------------------

#: Runs the CLI, then writes the sqlglot modules the process loaded to $MODULES_OUT.
RUNNER = """
import atexit, json, os, sys

def _report():
    loaded = sorted(m for m in sys.modules if m == "sqlglot" or m.startswith("sqlglot."))
    with open(os.environ["MODULES_OUT"], "w", encoding="utf-8") as out:
        json.dump(loaded, out)

atexit.register(_report)
from dbnamelint.cli import main
sys.argv = ["dbnamelint", *sys.argv[1:]]
main()
"""


class _Cli:
    """Runs ``dbnamelint`` in a fresh process over a copy of the test dumps."""

    def __init__(self, tmp_path: Path) -> None:
        self.project = tmp_path / "project"
        shutil.copytree(REPO / "tests" / "fixtures" / "dumps", self.project / "dumps")
        self.cache = tmp_path / "cache"
        self.modules_out = tmp_path / "modules.json"
        self.edits = 0
        # These runs are about the cache's snapshots: the shipped ones are off.
        self.extra_env = {bundled.OFF_ENV: "1"}

    def edit(self) -> None:
        """Change every file, so neither the run cache nor the per-file cache serves it."""
        self.edits += 1
        for path in sorted((self.project / "dumps").rglob("*.sql")):
            with path.open("a", encoding="utf-8") as f:
                f.write(f"\n-- edited {self.edits}\n")

    def run(self, *args: str) -> tuple[int, bytes, list[str]]:
        env = {**os.environ, "DBNAMELINT_CACHE_DIR": str(self.cache), **self.extra_env}
        env["MODULES_OUT"] = str(self.modules_out)
        env.pop("DBNAMELINT_NO_CACHE", None)
        done = subprocess.run(
            [sys.executable, "-c", RUNNER, *args],
            cwd=self.project,
            env=env,
            capture_output=True,
            check=False,
            timeout=300,
        )
        assert done.returncode in (0, 1), done.stderr.decode()
        modules = json.loads(self.modules_out.read_text(encoding="utf-8"))
        return done.returncode, done.stdout, modules


@pytest.fixture
def cli(tmp_path: Path) -> _Cli:
    return _Cli(tmp_path)


def _light(modules: list[str]) -> bool:
    assert "sqlglot.tokenizer_core" in modules
    return not set(HEAVY) & set(modules)


@pytest.mark.slow
def test_warm_runs_load_only_the_tokenizer_and_print_the_same(cli: _Cli) -> None:
    check = ("check", "--format", "json", "dumps")
    inspect = ("inspect", "--format", "json", "dumps")
    _, _, first = cli.run(*check)
    assert not _light(first)  # the first run records the snapshots
    assert {"tokenizer/1/postgres", "tokenizer/1/mysql", "tokenizer/1/tsql"} <= set(
        _blobs(cli.cache)
    )
    for command in (check, inspect):
        cli.edit()
        code, out, modules = cli.run(*command)
        assert _light(modules), modules
        no_code, no_out, no_modules = cli.run(command[0], "--no-cache", *command[1:])
        assert not _light(no_modules)  # --no-cache reads no snapshot
        assert (code, out) == (no_code, no_out)
        assert json.loads(out)  # a real report, not an empty one


@pytest.mark.slow
def test_a_corrupt_snapshot_falls_back_to_sqlglot_with_the_same_output(cli: _Cli) -> None:
    check = ("check", "--format", "json", "dumps")
    cli.run(*check)
    good = _blobs(cli.cache)
    for name in good:
        _set_blob(cli.cache, name, b"\x80\x05not a pickle")
    cli.edit()
    code, out, modules = cli.run(*check)
    assert not _light(modules)
    assert (code, out) == cli.run("check", "--no-cache", *check[1:])[:2]
    assert _decoded(_blobs(cli.cache)) == _decoded(good)  # repaired by the run that fell back
    cli.edit()
    code, out, modules = cli.run(*check)
    assert _light(modules)
    assert (code, out) == cli.run("check", "--no-cache", *check[1:])[:2]


def test_no_cache_never_reads_a_snapshot(cli: _Cli) -> None:
    """A snapshot that passes every check but says something else: the cached
    run uses it (the output changes), a ``--no-cache`` run does not."""
    target = cli.project / "dumps" / "liquibase" / "changelog.postgres.sql"
    target.write_text("CREATE TABLE orders (id int, zzz_note text);\n", encoding="utf-8")
    inspect = ("inspect", "--format", "json", "dumps/liquibase")
    _, pristine, _ = cli.run("inspect", "--no-cache", *inspect[1:])
    cli.run(*inspect)
    name = lexer.snapshot_name("postgres")
    snapshot = pickle.loads(_blobs(cli.cache)[name])
    keywords = {**snapshot["arguments"]["keywords"], "ZZZ_NOTE": lexer.TokenType.STRING}
    snapshot["arguments"] = {**snapshot["arguments"], "keywords": keywords}
    _set_blob(cli.cache, name, lexer._dumps(snapshot))
    cli.edit()
    _, tampered, modules = cli.run(*inspect)
    assert _light(modules)
    assert b'"zzz_note"' not in tampered
    _, no_cache, modules = cli.run("inspect", "--no-cache", *inspect[1:])
    assert not _light(modules)
    assert b'"zzz_note"' in no_cache
    assert no_cache == pristine


@pytest.mark.slow
def test_a_first_run_reads_the_shipped_snapshots_and_prints_what_sqlglot_gives(
    cli: _Cli,
) -> None:
    """No cache at all (``--no-cache``, or a first run on a new machine): the
    shipped snapshots spare the import of sqlglot, and the output is byte for
    byte the one of a run that builds its tokenizers from sqlglot itself."""
    if bundled.bundled() is None:
        pytest.skip(f"no snapshots shipped for sqlglot {bundled.sqlglot_version()}")
    for command in (
        ("check", "--format", "json", "dumps"),
        ("inspect", "--format", "json", "dumps"),
    ):
        cli.extra_env = {bundled.OFF_ENV: "1"}
        real = cli.run(command[0], "--no-cache", *command[1:])
        assert not _light(real[2])
        cli.extra_env = {}
        for args in ((command[0], "--no-cache", *command[1:]), command):
            shutil.rmtree(cli.cache, ignore_errors=True)
            code, out, modules = cli.run(*args)
            assert _light(modules), (args, modules)
            assert (code, out) == real[:2]
            assert json.loads(out)


#: What both processes print: sqlglot's results and its classes' identities.
REPORT = """
out = {
    "parsed": [repr(sqlglot.parse_one(q, read=d)) for q, d in QUERIES],
    "sql": [sqlglot.transpile(q, read=d, write="tsql")[0] for q, d in QUERIES],
    "tokens": [repr(t) for t in sqlglot.tokenize("SELECT 'a' AS \\"b\\" -- c")],
    "same": [
        sqlglot.TokenType is lexer.TokenType,
        sqlglot.errors.SqlglotError is lexer.SqlglotError,
        sqlglot.tokenizer_core.Token is lexer.Token,
        sqlglot.helper.is_iterable([1]) and not sqlglot.helper.is_iterable(exp.column("a")),
        type(sqlglot.__spec__.loader).__name__,
        type(sqlglot.expressions.__spec__.loader).__name__,
        any(type(f).__name__ == "_Resume" for f in sys.meta_path),
    ],
}
print(json.dumps(out))
"""
#: After the light import, sqlglot imported whole in the same process.
AFTER_LIGHT = (
    """
import json, sys
from dbnamelint.frontends.sql.parsing import lexer
light = sorted(m for m in sys.modules if m.startswith("sqlglot"))
assert "sqlglot" not in sys.modules and "sqlglot.tokenizer_core" in sys.modules, light
import sqlglot
import sqlglot.errors
from sqlglot.tokens import Tokenizer
from sqlglot import exp
"""
    + REPORT
)
PLAIN = (
    """
import json, sys
import sqlglot
from sqlglot import exp
from dbnamelint.frontends.sql.parsing import lexer
"""
    + REPORT
)
QUERIES = (
    '[("select 1", "postgres"),'
    ' ("CREATE TABLE t (id int PRIMARY KEY, x varchar(10) DEFAULT \'a\')", "mysql"),'
    ' ("SELECT a::int FROM s.t WHERE b ILIKE \'%x\' LIMIT 3", "postgres"),'
    ' ("SELECT TOP 5 [a] FROM [t]", "tsql")]'
)


def test_sqlglot_imported_whole_after_the_light_import_works_as_usual() -> None:
    def run(script: str) -> dict[str, object]:
        done = subprocess.run(
            [sys.executable, "-c", f"QUERIES = {QUERIES}\n{script}"],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        return dict(json.loads(done.stdout))

    after = run(AFTER_LIGHT)
    assert after == run(PLAIN)
    assert after["same"] == [True, True, True, True, "SourceFileLoader", "SourceFileLoader", False]
    assert "Select" in str(after["parsed"])
