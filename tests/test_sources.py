"""Tests for input discovery (dbnamelint.frontends.sql.sources) and dialect names
(dbnamelint.dialects)."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest

from dbnamelint import golang_migrate_names
from dbnamelint.core import readlog
from dbnamelint.dialects import (
    ALIASES,
    DIALECTS,
    OWN_DIALECTS,
    dialect_from_path_words,
    dialect_from_suffix,
    normalize_dialect,
    sqlglot_dialect,
)
from dbnamelint.frontends.sql.sources import (
    CODE_FORMATS,
    SQL_LIKE_EXTENSIONS,
    PathOverride,
    SourceError,
    SourcePlan,
    SourceSettings,
    compile_module_pattern,
    decode_bytes,
    discover,
    is_down_migration,
    natural_key,
    read_source,
    unread_sql_kind,
)
from dbnamelint.frontends.sql.splitting import dialect_family
from dbnamelint.globs import PathGlob
from dbnamelint.model import Diagnostic, Severity, SourceFile

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


def make_tree(root: Path, *names: str, content: str = "select 1;\n") -> None:
    """Create files (and their folders) below ``root``, in a shuffled order."""
    shuffled = list(names)
    random.Random(4).shuffle(shuffled)
    for name in shuffled:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def found(root: Path, *paths: str, **settings: object) -> list[SourceFile]:
    """Discover ``paths`` with cwd = ``root`` and root = ``root``; no diagnostics allowed."""
    files, diagnostics = discover(list(paths), SourceSettings(root=root, **settings))  # type: ignore[arg-type]
    assert diagnostics == ()
    return list(files)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ------------------------------------------------------------------ order


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("2_x.sql", "10_x.sql"),
        ("V1.2__a.sql", "V1.10__b.sql"),
        ("V1__init.sql", "V2__more.sql"),
        ("V2__b.sql", "v10__a.sql"),
        ("20240101_x.up.sql", "20240102_a.up.sql"),
        ("20210425153745_create_history.sql", "20210425153757_create_users.sql"),
        (
            "20150100000001000000_networks.postgres.up.sql",
            "20150100000002000000_identities.postgres.up.sql",
        ),
        ("000009_x.up.sql", "000010_x.up.sql"),
        ("upgrade-pre-0.9.9.sql", "upgrade-pre-0.9.10.sql"),
        ("versioned/v1.9/a.sql", "versioned/v1.10/a.sql"),
        ("a/z.sql", "b/a.sql"),
        ("A.sql", "a.sql"),  # case only breaks ties, and does so deterministically
        ("001-schema.sql", "002-data.sql"),
        # Diesel: the folder's version (up to `_`, dashes dropped) as text
        ("migrations/20140924113530_a/up.sql", "migrations/2017-08-31-230457_b/up.sql"),
        ("migrations/20170804200817_a/up.sql", "migrations/2017-09-23-182408_b/up.sql"),
        ("migrations/2017-09-23-182408_b/up.sql", "migrations/20171001000000_c/up.sql"),
    ],
    ids=[
        "numeric-prefix",
        "flyway-minor-version",
        "flyway-major-version",
        "case-insensitive-before-number",
        "timestamp",
        "atuin-sqlx",
        "kratos-popx",
        "golang-migrate",
        "guacamole-upgrade",
        "temporal-version-folder",
        "folders-compared-first",
        "case-tie",
        "zero-padded",
        "diesel-plain-before-dashed",
        "diesel-same-year",
        "diesel-dashed-before-plain",
    ],
)
def test_natural_key_orders_like_migration_tools(first: str, second: str) -> None:
    assert natural_key(first) < natural_key(second)
    assert sorted([second, first], key=natural_key) == [first, second]


def test_walk_orders_whole_paths_naturally(in_tmp: Path) -> None:
    expected = [
        "db/1_a.sql",
        "db/2_b.sql",
        "db/10_c.sql",
        "db/sub/1_x.sql",
        "db/sub2/x.sql",
        "db/sub10/x.sql",
        "db/V1.10__later.sql",
    ]
    make_tree(in_tmp, *expected)
    assert [f.path for f in found(in_tmp, "db")] == expected


def test_walk_replays_a_mixed_diesel_tree_in_diesels_order(in_tmp: Path) -> None:
    """crates.io keeps 14-digit folders of 2014-2017 beside the CLI's dashed ones;
    Diesel sorts pending migrations by ``version_from_string`` (the name up to
    the first ``_``, dashes removed) compared as text."""
    folders = [
        "2017-10-01-000000_drop_x",
        "20170804200817_add_email_table",
        "00000000000000_diesel_initial_setup",
        "2017-09-23-182408_move_tokens",
        "20140924113530_dumped_migration_1",
        "2026-05-27-120001_later",
    ]
    make_tree(in_tmp, *(f"migrations/{f}/up.sql" for f in folders))
    diesel = sorted(folders, key=lambda f: f.split("_", 1)[0].replace("-", ""))
    assert [f.path for f in found(in_tmp, "migrations")] == [
        f"migrations/{f}/up.sql" for f in diesel
    ]


def test_walk_replays_a_dbmate_folder_in_file_name_order(in_tmp: Path) -> None:
    """dbmate sorts its folder's files by name as bytes (``FindMigrations``:
    ``sort.Slice`` on ``FileName``): a date-only ``20240101_a.sql`` runs after
    ``20240101120000_b.sql`` ('1' < '_'), ``10_c.sql`` before ``9_d.sql``.
    A folder of plain numbered files (no ``-- migrate:up``) keeps natural order."""
    names = ["20240101_a.sql", "20240101120000_b.sql", "10_c.sql", "9_d.sql"]
    make_tree(in_tmp, *(f"db/migrations/{n}" for n in names), content="-- migrate:up\nSELECT 1;\n")
    make_tree(in_tmp, *(f"plain/{n}" for n in names))
    assert [f.path for f in found(in_tmp, "db")] == [
        f"db/migrations/{n}" for n in sorted(names, key=lambda n: n.encode())
    ]
    assert [f.path for f in found(in_tmp, "plain")] == [
        "plain/9_d.sql",
        "plain/10_c.sql",
        "plain/20240101_a.sql",
        "plain/20240101120000_b.sql",
    ]


def test_explicit_paths_keep_command_line_order_and_dedupe(in_tmp: Path) -> None:
    make_tree(in_tmp, "db/1.sql", "db/2.sql", "z.sql", "a.sql")
    paths = [f.path for f in found(in_tmp, "z.sql", "db", "a.sql", "db/1.sql", "./z.sql")]
    assert paths == ["z.sql", "db/1.sql", "db/2.sql", "a.sql"]


def test_symlinked_file_counts_once(in_tmp: Path) -> None:
    make_tree(in_tmp, "db/real.sql")
    (in_tmp / "link.sql").symlink_to(in_tmp / "db" / "real.sql")
    assert [f.path for f in found(in_tmp, "db", "link.sql")] == ["db/real.sql"]


# ---------------------------------------------------------------- walks


def test_walk_picks_sql_files_only_and_skips_hidden_and_vendored(in_tmp: Path) -> None:
    make_tree(
        in_tmp,
        "db/a.sql",
        "db/b.DDL",
        "db/c.SQL",
        "db/d.sql.postgres",
        "db/notes.md",
        "db/data.csv",
        "db/.hidden.sql",
        "db/.git/x.sql",
        "db/.venv/lib/x.sql",
        "db/node_modules/pkg/x.sql",
        "db/__pycache__/x.sql",
    )
    assert [f.path for f in found(in_tmp, "db")] == [
        "db/a.sql",
        "db/b.DDL",
        "db/c.SQL",
        "db/d.sql.postgres",
    ]


def test_golang_migrate_files_with_a_dialect_extension_are_read(in_tmp: Path) -> None:
    """golang-migrate runs every ``<version>_<title>.<up|down>.<ext>`` file
    (its source/parse.go), so ``.up.pgsql`` is a PostgreSQL migration. Beside
    its SQL migrations any other extension is run by the same SQL driver, so
    read too (``.cql``, ``.json``); a folder of such names alone (a Cassandra
    or MongoDB driver's) holds no SQL migration, and nothing there is read,
    nor is a file not named as a migration."""
    make_tree(
        in_tmp,
        "migrations/000001_init.up.sql",
        "migrations/000002_more.up.pgsql",
        "migrations/000002_more.down.pgsql",
        "migrations/000003_m.up.MySQL",
        "migrations/000004_c.up.cql",
        "migrations/000005_j.up.json",
        "migrations/notes.md",
        "cassandra/000001_c.up.cql",
        "mongodb/000001_j.up.json",
    )
    assert [(f.path, f.dialect) for f in found(in_tmp, "migrations")] == [
        ("migrations/000001_init.up.sql", "postgres"),
        ("migrations/000002_more.up.pgsql", "postgres"),
        ("migrations/000003_m.up.MySQL", "mysql"),
        ("migrations/000004_c.up.cql", "postgres"),
        ("migrations/000005_j.up.json", "postgres"),
    ]
    assert found(in_tmp, "cassandra", "mongodb") == []


def test_extensions_that_are_plainly_one_dialect_are_read_in_it(in_tmp: Path) -> None:
    """README "What the reader understands": a walk reads ``.psql``/``.pgsql``
    as PostgreSQL, ``.mysql`` as MySQL, ``.mssql``/``.tsql`` as SQL Server,
    any letter case; the global ``dialect: mariadb`` names the server of a
    ``.mysql`` file, as it does for ``x.mysql.sql``."""
    make_tree(
        in_tmp,
        "db/a.psql",
        "db/b.PGSQL",
        "db/c.mysql",
        "db/d.mssql",
        "db/e.tsql",
        "db/f.sql",
        "db/g.down.psql",
    )
    assert [(f.path, f.dialect, f.dialect_guessed) for f in found(in_tmp, "db")] == [
        ("db/a.psql", "postgres", False),
        ("db/b.PGSQL", "postgres", False),
        ("db/c.mysql", "mysql", False),
        ("db/d.mssql", "tsql", False),
        ("db/e.tsql", "tsql", False),
        ("db/f.sql", "postgres", True),
    ]
    maria = found(in_tmp, "db/c.mysql", dialect="mariadb")
    assert [(f.path, f.dialect) for f in maria] == [("db/c.mysql", "mariadb")]


#: SQL-like files a walk passes over, and what the note says they hold.
UNREAD = {
    "db/hive/schema.hql": "Hive SQL",
    "db/pkg.plsql": "Oracle PL/SQL",
    "db/body.PKB": "Oracle PL/SQL",
    "db/app.sqlite": "a SQLite file (a database or a script)",
    "db/tables.sql.j2": "a template",
    "db/views.SQL.tmpl": "a template",
    "db/old.ddl.bak": "a backup or left-over copy",
    "db/dump.sql.gz": "compressed",
    "db/x.psql.v2": "a .psql file with a .v2 extension",
    # s6-t3 #9: an editor's backup, Oracle tools' procedure/trigger/spec/view files
    "db/d.sql~": "an editor's backup copy",
    "db/p.prc": "Oracle PL/SQL",
    "db/r.TRG": "Oracle PL/SQL",
    "db/u.spc": "Oracle PL/SQL",
    "db/s.vw": "a view's SQL (Oracle tools' .vw)",
}


def test_sql_like_files_a_walk_does_not_read_get_a_located_note(in_tmp: Path) -> None:
    """Nothing the user wrote is skipped without a word: every SQL-like file
    the walk passes over gets one DBN015 info note at the file, saying what
    it holds and how to read it; a rollback, a hidden file, an excluded file
    and files with other extensions get none."""
    make_tree(
        in_tmp,
        "db/001_init.sql",
        *UNREAD,
        "db/001_init.down.sql",
        "db/.scratch.sql.j2",
        "db/.hidden.sql",
        "db/skip/me.sql.j2",
        "db/notes.txt",
        "db/schema.prisma",
    )
    files, problems = discover(["db"], SourceSettings(root=in_tmp, exclude=("db/skip/**",)))
    assert [f.path for f in files] == ["db/001_init.sql"]
    assert sorted((d.code, d.location.path, d.severity) for d in problems) == sorted(
        ("DBN015", path, Severity.INFO) for path in UNREAD
    )
    for note in problems:
        assert note.message.startswith(f"not read ({UNREAD[note.location.path]}): ")
        assert "to `paths` in the config" in note.message
    by_path = {d.location.path: d.message for d in problems}
    assert "`db/hive/**/*.hql`" in by_path["db/hive/schema.hql"]
    assert "`dialect: hive`" in by_path["db/hive/schema.hql"]
    assert "`db/**/*.sql.j2`" in by_path["db/tables.sql.j2"]
    assert "`check --db sqlite:///db/app.sqlite`" in by_path["db/app.sqlite"]


def test_a_glob_that_reads_a_noted_file_drops_its_note(in_tmp: Path) -> None:
    """The note's advice works: a glob in the paths reads the template, and
    the walk's note on it goes; the other template keeps its note."""
    make_tree(in_tmp, "db/001_init.sql", "db/tables.sql.j2", "db/more.sql.tmpl")
    files, problems = discover(["db", "db/**/*.sql.j2"], SourceSettings(root=in_tmp))
    assert [f.path for f in files] == ["db/001_init.sql", "db/tables.sql.j2"]
    assert [(d.code, d.location.path) for d in problems] == [("DBN015", "db/more.sql.tmpl")]


def _hook_files_regex() -> re.Pattern[str]:
    import yaml

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    return re.compile(hook["files"])


def _hook_candidates() -> list[str]:
    """File names around every edge of the hook's regex and the walk."""
    words = sorted(
        {
            *SQL_LIKE_EXTENSIONS,
            *DIALECTS,
            *OWN_DIALECTS,
            *ALIASES,
            "txt", "md", "py", "go", "json", "cql", "sqlx", "db", "dump", "csv", "yaml",
        }
    )  # fmt: skip
    names = ["readme", "up.sql", "down.sql", ".sql", "x.sql~", "x.sql.d"]
    for word in words:
        names += [
            f"x.{word}",
            f"X.{word.upper()}",
            f"x.sql.{word}",
            f"x.{word}.j2",
            f"x.{word}.bak",
            f"000002_x.up.{word}",
            f"000002_x.down.{word}",
            f"x.{word}.up.sql",
            f"x.down.{word}",
        ]
    return names


def test_the_hook_passes_exactly_what_a_walk_reads_or_notes() -> None:
    """.pre-commit-hooks.yaml's ``files:`` regex (pre-commit matches it with
    ``re.search``) against the walk, name by name: a file the hook passes is
    read or noted (DBN015) by a walk, and a file a walk reads or notes is
    passed by the hook. Rollbacks are the documented exception: passed (a
    commit may touch one) and never replayed, and hidden files, which a walk
    skips as it skips hidden folders. golang-migrate's names of any extension
    (``000002_x.up.txt``) count as read: a walk reads them in golang-migrate's
    folders, which a name alone cannot tell (its Go and fizz names it never reads)."""
    hook = _hook_files_regex()
    plan = SourcePlan.build(SourceSettings(root=Path.cwd()))
    walk = SourcePlan.build(SourceSettings(root=Path.cwd(), include_down=True))
    wrong = []
    for name in _hook_candidates():
        for path in (name, f"db/migrations/{name}"):
            passed = hook.search(path) is not None
            if (is_down_migration(name) or name.startswith(".")) and passed:
                continue  # a rollback or a hidden file: passed, never replayed (README)
            taken = (
                walk.wants(name)
                or unread_sql_kind(name) is not None
                or golang_migrate_names.runs_as_sql(name)
            )
            if name.lower().endswith((".yaml", ".yml")):
                taken = True  # the config, the whitelist and packs: not SQL, always passed
            if passed and name.lower().rsplit(".", 1)[-1] in CODE_FORMATS:
                # code named after a database (x.sqlite.cs, sqlc's query.sql.go): the
                # hook's regex passes it, the gate reads it as code, no note
                # (confirmation s39 jellyfin)
                assert unread_sql_kind(name) is None, name
                continue
            if passed != taken:
                wrong.append((path, passed, taken))
    assert wrong == []
    # What the walk reads stays readable: .sql, dialect extensions, golang-migrate.
    assert plan.wants("000002_x.up.postgres") and hook.search("000002_x.up.postgres")
    assert plan.wants("schema.psql") and hook.search("db/schema.psql")
    assert not hook.search("notes.txt") and unread_sql_kind("notes.txt") is None
    # a compose file for a MySQL service is YAML, no SQL left unread (trial s24 spicedb)
    assert unread_sql_kind("docker-compose.mysql.yaml") is None
    # code named after a database is code (confirmation s39 jellyfin's
    # Jellyfin.Database.Providers.Sqlite.csproj), a template of SQL is still noted
    assert unread_sql_kind("Jellyfin.Database.Providers.Sqlite.csproj") is None
    assert unread_sql_kind("Queries.Sqlite.cs") is None
    assert unread_sql_kind("query.sql.go") is None
    assert unread_sql_kind("tables.sql.j2") is not None
    assert unread_sql_kind("schema.mysql.bak") is not None
    # golang-migrate runs any extension: passed; Go code and pop's fizz are not its SQL
    assert hook.search("server/migrations/128_note.up.txt")
    assert not hook.search("db/1_x.up.go") and not hook.search("db/1_x.down.fizz")
    assert not hook.search("db/1_x.UP.txt")  # golang-migrate's regex is case-sensitive


def test_goose_go_migrations_beside_sql_ones_get_a_note(in_tmp: Path) -> None:
    """navidrome's db/migrations: goose runs its .go migrations with the .sql
    ones; they cannot be read, and one info note per folder says how many
    (tests of them, _test.go, are not migrations)."""
    make_tree(
        in_tmp,
        "db/migrations/00001_init.go",
        "db/migrations/00002_users.sql",
        "db/migrations/00003_more.go",
        "db/migrations/00001_init_test.go",
        "src/00004_not_a_folder_of_sql.go",
    )
    files, problems = discover(["db", "src"], SourceSettings(root=in_tmp))
    assert [f.path for f in files] == ["db/migrations/00002_users.sql"]
    assert [(d.code, d.location.path, d.severity) for d in problems] == [
        ("DBN014", "db/migrations/00001_init.go", Severity.INFO)
    ]
    assert problems[0].message.startswith("2 Go migrations in db/migrations/")


def test_explicit_hidden_directory_is_walked(in_tmp: Path) -> None:
    make_tree(in_tmp, ".schemas/a.sql", ".schemas/.git/b.sql")
    assert [f.path for f in found(in_tmp, ".schemas")] == [".schemas/a.sql"]


def test_custom_extensions(in_tmp: Path) -> None:
    make_tree(in_tmp, "db/a.sql", "db/b.psql", "db/c.pgsql")
    files, notes = discover(["db"], SourceSettings(root=in_tmp, extensions=("psql", ".pgsql")))
    assert [f.path for f in files] == ["db/b.psql", "db/c.pgsql"]
    # What narrowed extensions leave out is said, with the glob that reads it.
    assert [(d.code, d.location.path) for d in notes] == [("DBN015", "db/a.sql")]
    assert "`db/**/*.sql`" in notes[0].message


def test_explicit_file_is_taken_whatever_its_extension(in_tmp: Path) -> None:
    make_tree(in_tmp, "schema.txt", "rollback.down.sql")
    paths = [f.path for f in found(in_tmp, "schema.txt", "rollback.down.sql")]
    assert paths == ["schema.txt", "rollback.down.sql"]


# ----------------------------------------------------------- down files


@pytest.mark.parametrize(
    ("name", "is_down"),
    [
        ("20150100000001000000_networks.postgres.down.sql", True),
        ("20150100000001000000_networks.postgres.up.sql", False),
        ("20250708190000000000_x.cockroach.autocommit.down.sql", True),
        ("20250708190000000000_x.autocommit.up.sql", False),
        ("20250501160746_create_kv_db.down.sql", True),
        ("20250501160746_create_kv_db.up.sql", False),
        ("20210425153745_create_history.sql", False),
        ("000001_create_teams.down.sql", True),
        ("0001_init_down.sql", True),
        ("0001_init-down.sql", True),
        ("0001_init.down.postgres.sql", True),
        ("0001_init.DOWN.SQL", True),
        ("U1.2__undo_rename.sql", True),
        ("V1.2__rename.sql", False),
        ("0002_shutdown_jobs.sql", False),
        ("0003_countdown.sql", False),
        ("downloads.sql", False),
        ("down.sql", True),  # Diesel: migrations/<stamp>_<name>/down.sql
        ("up.sql", False),
        ("DOWN.SQL", True),
        ("down.postgres.sql", True),
        ("download.sql", False),
    ],
    ids=str,
)
def test_is_down_migration(name: str, is_down: bool) -> None:
    assert is_down_migration(name) is is_down


@pytest.mark.parametrize(
    ("include_down", "expected"),
    [
        (False, ["m/1_a.up.sql", "m/2_b.postgres.up.sql", "m/3_c.sql"]),
        (
            True,
            [
                "m/1_a.down.sql",
                "m/1_a.up.sql",
                "m/2_b.postgres.down.sql",
                "m/2_b.postgres.up.sql",
                "m/3_c.sql",
            ],
        ),
    ],
    ids=["forward-replay", "include-down"],
)
def test_walk_leaves_out_rollbacks_by_default(
    in_tmp: Path, include_down: bool, expected: list[str]
) -> None:
    make_tree(
        in_tmp,
        "m/1_a.up.sql",
        "m/1_a.down.sql",
        "m/2_b.postgres.up.sql",
        "m/2_b.postgres.down.sql",
        "m/3_c.sql",
    )
    # a sqlx crate, whose `3_c.sql` is a simple migration (golang-migrate never
    # runs such a name: tests/test_golang_migrate_unparsed.py)
    (in_tmp / "Cargo.toml").write_text('[dependencies]\nsqlx = "0.7"\n', encoding="utf-8")
    assert [f.path for f in found(in_tmp, "m", include_down=include_down)] == expected


# ---------------------------------------------------------------- globs


def test_glob_expands_in_natural_order_and_filters_like_a_walk(in_tmp: Path) -> None:
    make_tree(
        in_tmp,
        "db/10_b.sql",
        "db/2_a.sql",
        "db/nested/deep/1_c.sql",
        "db/nested/1_c.down.sql",
        "db/node_modules/x.sql",
        "db/.cache/y.sql",
        "db/readme.md",
    )
    paths = [f.path for f in found(in_tmp, "db/**/*.sql")]
    assert paths == ["db/2_a.sql", "db/10_b.sql", "db/nested/deep/1_c.sql"]


def test_glob_matching_folders_walks_them(in_tmp: Path) -> None:
    make_tree(in_tmp, "module-b/x.sql", "module-a/y.sql", "module-a/z.md")
    files = found(in_tmp, "module-*")
    assert [(f.path, f.module) for f in files] == [("module-a/y.sql", "a"), ("module-b/x.sql", "b")]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("nope.sql", "no such file or directory"),
        ("missing/dir", "no such file or directory"),
        ("db/*.mysql", "no file matches this glob"),
    ],
    ids=["missing-file", "missing-dir", "empty-glob"],
)
def test_missing_paths_are_located_errors_and_do_not_stop_the_rest(
    in_tmp: Path, raw: str, message: str
) -> None:
    make_tree(in_tmp, "db/a.sql")
    files, diagnostics = discover([raw, "db"], SourceSettings(root=in_tmp))
    assert [f.path for f in files] == ["db/a.sql"]
    assert len(diagnostics) == 1
    diagnostic = diagnostics[0]
    assert diagnostic.code == "DBN002"
    assert diagnostic.severity is Severity.ERROR
    assert diagnostic.location.path == raw
    assert diagnostic.message == message


def test_explicit_fifo_is_refused_not_read(in_tmp: Path) -> None:
    os.mkfifo(in_tmp / "pipe.sql")
    files, diagnostics = discover(["pipe.sql"], SourceSettings(root=in_tmp))
    assert files == ()
    walked, _ = discover([".", "*.sql"], SourceSettings(root=in_tmp))
    assert walked == ()  # walks and globs pass it by silently
    assert [(d.code, d.message, d.location.path) for d in diagnostics] == [
        ("DBN003", "not a regular file", "pipe.sql")
    ]


def test_glob_whose_matches_are_all_filtered_is_not_an_error(in_tmp: Path) -> None:
    make_tree(in_tmp, "m/1.down.sql")
    files, diagnostics = discover(["m/*.sql"], SourceSettings(root=in_tmp))
    assert files == ()
    assert diagnostics == ()


# -------------------------------------------------------------- excludes


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("legacy/**", "legacy/a/b.sql", True),
        ("legacy", "legacy/a/b.sql", True),
        ("legacy/", "legacy/b.sql", True),
        ("legacy", "src/legacy/b.sql", True),  # no "/" -> any depth, like .gitignore
        ("/legacy", "src/legacy/b.sql", False),
        ("db/legacy", "src/db/legacy/b.sql", False),
        ("**/*.mysql.sql", "a.mysql.sql", True),
        ("**/*.mysql.sql", "x/y/a.mysql.sql", True),
        ("*.mysql.sql", "x/y/a.mysql.sql", True),
        ("db/*.sql", "db/sub/a.sql", False),
        ("db/?.sql", "db/a.sql", True),
        ("db/[ab].sql", "db/b.sql", True),
        ("db/[!ab].sql", "db/b.sql", False),
        ("module-*/db/**", "module-ws/db/schema/1.sql", True),
        ("module-*/db/**", "module-ws/other/1.sql", False),
    ],
    ids=str,
)
def test_path_glob(pattern: str, path: str, matches: bool) -> None:
    assert PathGlob.compile(pattern).matches(path) is matches


def test_excludes_apply_to_walks_globs_and_explicit_files(in_tmp: Path) -> None:
    make_tree(in_tmp, "db/keep.sql", "db/legacy/old.sql", "db/generated.sql", "other/x.sql")
    settings = SourceSettings(root=in_tmp, exclude=("db/legacy", "generated.sql", "other/**"))
    files, diagnostics = discover(["db", "db/*.sql", "other/x.sql"], settings)
    assert [f.path for f in files] == ["db/keep.sql"]
    # the file named explicitly stays out, but not in silence (trial s30 temporal)
    assert [(d.location.path, d.code, d.severity.value) for d in diagnostics] == [
        ("other/x.sql", "DBN015", "warning")
    ]
    assert "`exclude:` entry 'other/**' leaves this file out" in diagnostics[0].message


# ---------------------------------------------------------------- dialects


@pytest.mark.parametrize(
    ("name", "dialect"),
    [
        ("20150100000001000000_networks.postgres.up.sql", "postgres"),
        ("20150100000001000000_networks.cockroach.up.sql", "cockroach"),
        ("20150100000001000000_networks.mysql.up.sql", "mysql"),
        ("20150100000001000000_networks.sqlite3.up.sql", "sqlite"),
        ("20250505150900000000_code_address_type.sqlite.down.sql", "sqlite"),
        ("20260616000000000000_x.postgres.autocommit.up.sql", "postgres"),
        ("20250708190000000001_x.cockroach.autocommit.up.sql", "cockroach"),
        ("schema.postgres.sql", "postgres"),
        ("schema.sql.postgres", "postgres"),
        ("schema.pg.sql", "postgres"),
        ("schema.mysql.sql", "mysql"),
        ("schema.mariadb.sql", "mariadb"),
        ("schema.sqlite.sql", "sqlite"),
        ("schema.mssql.sql", "tsql"),
        ("schema.tsql.sql", "tsql"),
        ("schema.down.mysql.sql", "mysql"),
        ("schema.MySQL.ddl", "mysql"),
        ("schema.snowflake.sql", "snowflake"),
        ("20250708190000000000_x.autocommit.up.sql", None),
        ("20250708190000000000_x.up.sql", None),
        ("Chinook_MySql.ddl.sql", None),
        ("mysql.sql", None),  # the stem is a name, not a suffix
        ("employees_partitioned_5.1.sql", None),
        ("V1.2__rename.sql", None),
        ("schema.postgres", None),  # dialect-last only after an extension
        ("schema.sql", None),
    ],
    ids=str,
)
def test_dialect_from_suffix(name: str, dialect: str | None) -> None:
    assert dialect_from_suffix(name) == dialect


@pytest.mark.parametrize(
    ("alias", "dialect"),
    [
        ("postgres", "postgres"),
        ("PostgreSQL", "postgres"),
        ("pg", "postgres"),
        ("psql", "postgres"),
        # pop's spellings (pop.go dialectSynonyms): one dialect of its own
        ("cockroach", "cockroach"),
        ("cockroachdb", "cockroach"),
        ("crdb", "cockroach"),
        ("sqlite3", "sqlite"),
        ("sqlite", "sqlite"),
        ("mssql", "tsql"),
        ("sqlserver", "tsql"),
        ("sql-server", "tsql"),
        ("tsql", "tsql"),
        ("mariadb", "mariadb"),
        (" MySQL ", "mysql"),
        ("bigquery", "bigquery"),
    ],
    ids=lambda v: str(v).strip(),
)
def test_normalize_dialect(alias: str, dialect: str) -> None:
    assert normalize_dialect(alias) == dialect


@pytest.mark.parametrize("name", ["postgress", "", "oracle db", "sql"], ids=repr)
def test_normalize_dialect_rejects_unknown_names(name: str) -> None:
    with pytest.raises(ValueError, match="unknown dialect"):
        normalize_dialect(name)


def test_dialect_list_matches_installed_sqlglot() -> None:
    sqlglot = pytest.importorskip("sqlglot")
    for name in DIALECTS:
        assert sqlglot.Dialect.get_or_raise(name) is not None, name
    installed = {d.lower() for d in sqlglot.dialects.DIALECTS}
    assert installed == set(DIALECTS)
    assert set(ALIASES.values()) <= set(DIALECTS) | set(OWN_DIALECTS)
    # dbnamelint's own names are read with a sqlglot dialect and are not one
    assert not set(OWN_DIALECTS) & installed
    assert set(OWN_DIALECTS.values()) <= set(DIALECTS)


@pytest.mark.parametrize(
    ("path", "dialect"),
    [
        ("temporal/schema/mysql/v8/temporal/schema.sql", "mysql"),
        ("temporal/schema/postgresql/v12/temporal/schema.sql", "postgres"),
        ("temporal/schema/sqlite/v3/temporal/schema.sql", "sqlite"),
        ("modules/guacamole-auth-jdbc-sqlserver/schema/001-create-schema.sql", "tsql"),
        ("sql-server-sakila-db/sql-server-sakila-schema.sql", "tsql"),
        ("ChinookDatabase/DataSources/Chinook_SqlServer.ddl.sql", "tsql"),
        ("ChinookDatabase/DataSources/Chinook_PostgreSql_SerialPKs.ddl.sql", "postgres"),
        ("ChinookDatabase/DataSources/Chinook_Sqlite_AutoIncrementPKs.ddl.sql", "sqlite"),
        ("crates/atuin-server-postgres/migrations/1_x.sql", "postgres"),
        ("migrations/mssql/1.sql", "tsql"),
        ("db/mariadb/1.sql", "mariadb"),
        ("db/clickhouse/migrations/01_edit_keys.sql", "clickhouse"),  # umami
        ("warehouse/snowflake/tables.sql", "snowflake"),
        ("analytics/duckdb-schema.sql", "duckdb"),
        ("clickhouse-local/x.sql", "clickhouse"),
        ("clickhousex/x.sql", None),
        ("mysql/from_sqlite.sql", "sqlite"),  # the nearest name wins
        ("tools/mysqldump/x.sql", None),
        ("nosqlite/x.sql", None),
        ("pg/x.sql", None),
        ("employees/objects.sql", None),
    ],
    ids=str,
)
def test_dialect_from_path_words(path: str, dialect: str | None) -> None:
    assert dialect_from_path_words(path.split("/")) == dialect


def test_dialect_precedence(in_tmp: Path) -> None:
    make_tree(
        in_tmp,
        "mysql/a.sqlite3.up.sql",  # suffix beats folder
        "mysql/b.sql",  # folder when nothing else
        "plain/c.sql",  # default
        "legacy/mysql/d.postgres.sql",  # override beats suffix and folder
    )
    overrides = (PathOverride("legacy/**", dialect="tsql"),)
    detected = {f.path: f.dialect for f in found(in_tmp, ".", overrides=overrides)}
    assert detected == {
        "legacy/mysql/d.postgres.sql": "tsql",
        "mysql/a.sqlite3.up.sql": "sqlite",
        "mysql/b.sql": "mysql",
        "plain/c.sql": "postgres",
    }
    with_global = {
        f.path: f.dialect for f in found(in_tmp, ".", overrides=overrides, dialect="MariaDB")
    }
    assert with_global == {
        "legacy/mysql/d.postgres.sql": "tsql",
        "mysql/a.sqlite3.up.sql": "sqlite",  # suffix still beats the global setting
        "mysql/b.sql": "mariadb",
        "plain/c.sql": "mariadb",  # global beats folder words and the default
    }


def test_folder_names_above_the_root_are_not_dialect_hints(tmp_path: Path) -> None:
    project = tmp_path / "mysql-tools" / "project"
    make_tree(project, "db/a.sql")
    files, _ = discover([str(project / "db")], SourceSettings(root=project))
    assert [f.dialect for f in files] == ["postgres"]


# ---------------------------------------------------------------- overrides


def test_first_matching_override_wins_per_setting(in_tmp: Path) -> None:
    make_tree(in_tmp, "crates/server-pg/m/1.sql", "crates/client/m/1.sql", "other/1.sql")
    overrides = (
        PathOverride("crates/server-pg/**", dialect="postgres"),
        PathOverride("crates/**", dialect="sqlite3", module="rust"),
        PathOverride("crates/client/**", dialect="mysql", module="client"),
    )
    detected = {
        f.path: (f.dialect, f.module)
        for f in found(in_tmp, ".", overrides=overrides, module_pattern="crates/{module}/")
    }
    assert detected == {
        # dialect from the first override, module from the first one that sets it
        "crates/server-pg/m/1.sql": ("postgres", "rust"),
        "crates/client/m/1.sql": ("sqlite", "rust"),
        "other/1.sql": ("postgres", None),
    }


@pytest.mark.parametrize(
    "settings",
    [
        {"dialect": "postgress"},
        {"overrides": (PathOverride("x/**", dialect="oracle9"),)},
        {"module_pattern": "modules/"},
        {"module_pattern": "{module}/{module}/"},
        {"exclude": ("",)},
    ],
    ids=["global-dialect", "override-dialect", "no-placeholder", "two-placeholders", "empty-glob"],
)
def test_bad_settings_raise_value_error(in_tmp: Path, settings: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        discover(["."], SourceSettings(root=in_tmp, **settings))  # type: ignore[arg-type]


# ---------------------------------------------------------------- modules


@pytest.mark.parametrize(
    ("pattern", "path", "module"),
    [
        ("module-{module}/", "module-ws/db/schema/003-ws-config.sql", "ws"),
        ("module-{module}/", "backend/module-billing/db/1.sql", "billing"),
        ("module-{module}/", "xmodule-ws/db/1.sql", None),
        ("module-{module}/", "module-ws.sql", None),  # a file never names a module
        ("modules/{module}/", "modules/auth/schema.sql", "auth"),
        ("modules/{module}", "modules/auth/sub/schema.sql", "auth"),
        ("modules/{module}/", "modules/schema.sql", None),
        ("crates/{module}/migrations/", "crates/atuin-client/migrations/1.sql", "atuin-client"),
        ("crates/{module}/migrations/", "crates/atuin-client/record-migrations/1.sql", None),
        (
            "crates/{module}/*migrations/",
            "crates/atuin-client/record-migrations/1.sql",
            "atuin-client",
        ),
        (
            "crates/atuin-{module}/",
            "crates/atuin-server-postgres/migrations/1.sql",
            "server-postgres",
        ),
        ("{module}/db/", "services/billing/db/1.sql", "billing"),
        ("{module}/db/", "billing/db/sub/1.sql", "billing"),
        ("/{module}/db/", "services/billing/db/1.sql", None),
        ("/{module}/", "services/billing/db/1.sql", "services"),
        ("**/svc-{module}/", "a/b/svc-x/1.sql", "x"),
    ],
    ids=str,
)
def test_module_pattern(in_tmp: Path, pattern: str, path: str, module: str | None) -> None:
    make_tree(in_tmp, path)
    files = found(in_tmp, path, module_pattern=pattern)
    assert [f.module for f in files] == [module]
    assert compile_module_pattern(pattern).pattern  # compiles on its own, too


# ------------------------------------------------------------ shown paths


def test_paths_outside_cwd_are_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_tree(tmp_path, "project/db/a.sql", "elsewhere/b.sql")
    monkeypatch.chdir(tmp_path / "project")
    files, diagnostics = discover(["db", "../elsewhere/b.sql"], SourceSettings(root=Path()))
    assert diagnostics == ()
    assert [f.path for f in files] == ["db/a.sql", (tmp_path / "elsewhere/b.sql").as_posix()]
    assert all("\\" not in f.path and ".." not in f.path for f in files)


def test_absolute_argument_below_cwd_is_shown_relative(in_tmp: Path) -> None:
    make_tree(in_tmp, "db/a.sql")
    assert [f.path for f in found(in_tmp, str(in_tmp / "db"))] == ["db/a.sql"]


# --------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"", ""),
        (b"create table t (id int);\n", "create table t (id int);\n"),
        (b"\xef\xbb\xbfcreate table t();", "create table t();"),
        (b"a;\r\nb;\r\n", "a;\r\nb;\r\n"),
        ("create table caf\u00e9 ();".encode(), "create table caf\u00e9 ();"),
        ("select 1;".encode("utf-16"), "select 1;"),
        ("select 1;".encode("utf-16-be").join([b"\xfe\xff", b""]), "select 1;"),
        ("select '\u00e9';".encode("utf-32"), "select '\u00e9';"),
    ],
    ids=["empty", "ascii", "utf8-bom", "crlf", "utf8", "utf16-le-bom", "utf16-be-bom", "utf32"],
)
def test_decode_bytes(data: bytes, text: str) -> None:
    assert decode_bytes(data, "x.sql") == text


@pytest.mark.parametrize(
    ("data", "line", "column", "message"),
    [
        (
            b"a;\nb;\nselect \xff;\n",
            3,
            8,
            "invalid UTF-8 byte 0xff at line 3, column 8; expected UTF-8 text",
        ),
        (
            "caf\u00e9 \xe9".encode("latin-1"),
            1,
            4,
            "invalid UTF-8 byte 0xe9 at line 1, column 4; expected UTF-8 text",
        ),
        (
            "\u00e9\u00e9 ".encode() + b"\xc3",  # truncated sequence at end of file
            1,
            4,
            "invalid UTF-8 byte 0xc3 at line 1, column 4; expected UTF-8 text",
        ),
        (
            b"\xef\xbb\xbfab\x80",  # BOM does not count as a column
            1,
            3,
            "invalid UTF-8 byte 0x80 at line 1, column 3; expected UTF-8 text",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00",
            3,
            1,
            "binary file (NUL byte at line 3, column 1); expected UTF-8 text"
            " (UTF-16 needs a byte-order mark)",
        ),
        (
            "select 1;".encode("utf-16-le"),  # UTF-16 without BOM: looks binary
            1,
            2,
            "binary file (NUL byte at line 1, column 2); expected UTF-8 text"
            " (UTF-16 needs a byte-order mark)",
        ),
        (b"\xff\xfe\x00\xd8", 1, 1, "invalid UTF-16 text"),  # lone surrogate
        (b"\xff\xfea\x00\x00\x00", 1, 1, "binary file (contains a NUL character)"),
    ],
    ids=[
        "bad-byte-line-3",
        "latin1",
        "truncated",
        "after-bom",
        "png",
        "utf16-no-bom",
        "bad-utf16",
        "utf16-with-nul",
    ],
)
def test_decode_bytes_errors_are_located(data: bytes, line: int, column: int, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        decode_bytes(data, "db/x.sql")
    diagnostic = caught.value.diagnostic
    assert (diagnostic.location.path, diagnostic.location.line) == ("db/x.sql", line)
    assert diagnostic.location.column == column
    assert diagnostic.message == message
    assert diagnostic.code == "DBN003"
    assert diagnostic.severity is Severity.ERROR


def test_read_source_reads_discovered_files(in_tmp: Path) -> None:
    (in_tmp / "db").mkdir()
    (in_tmp / "db" / "a.sql").write_bytes(b"\xef\xbb\xbfcreate table a ();\r\n")
    (in_tmp / "db" / "b.sql").write_bytes(b"x\n\xfe")
    files, _ = discover(["db"], SourceSettings(root=in_tmp))
    first, second = (read_source(f) for f in files)
    assert first == "create table a ();\r\n"
    assert isinstance(second, Diagnostic)
    assert (second.location.path, second.location.line, second.location.column) == (
        "db/b.sql",
        2,
        1,
    )


def test_read_source_falls_back_to_root_for_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "only_below_root.sql").write_text("select 1;", encoding="utf-8")
    source = SourceFile("only_below_root.sql", "postgres", None)
    assert read_source(source, root=tmp_path) == "select 1;"
    assert isinstance(read_source(source), Diagnostic)


def test_read_source_prefers_cwd_as_discover_shows_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # config root at the repo, user runs from a subfolder holding a same-named file
    make_tree(tmp_path, "db/a.sql", content="-- root copy\n")
    make_tree(tmp_path / "sub", "db/a.sql", content="-- cwd copy\n")
    monkeypatch.chdir(tmp_path / "sub")
    files, _ = discover(["db"], SourceSettings(root=tmp_path))
    assert [f.path for f in files] == ["db/a.sql"]
    assert read_source(files[0], root=tmp_path) == "-- cwd copy\n"


@pytest.mark.parametrize(
    ("setup", "code", "message"),
    [
        ("missing", "DBN002", "no such file or directory"),
        ("directory", "DBN003", "is a directory, not a file"),
        ("unreadable", "DBN003", "cannot read file: permission denied"),
    ],
    ids=["missing", "directory", "permission"],
)
def test_read_source_never_raises_for_unreadable_files(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, setup: str, code: str, message: str
) -> None:
    target = in_tmp / "x.sql"
    if setup == "directory":
        target.mkdir()
    elif setup == "unreadable":
        target.write_text("select 1;", encoding="utf-8")
        # chmod 0 does not stop root (CI containers), so the OS error is simulated
        denied = PermissionError(13, "Permission denied")
        monkeypatch.setattr(readlog, "read_noting", lambda path: (_ for _ in ()).throw(denied))
    result = read_source(SourceFile("x.sql", "postgres", None))
    assert isinstance(result, Diagnostic)
    assert (result.code, result.message, result.location.path) == (code, message, "x.sql")


# ------------------------------------------------------------------ corpus


def _readme_dialect(rel: str) -> str:
    """The dialect corpus/README.md and the PROVENANCE files give a corpus file."""
    project = rel.split("/", 1)[0]
    if project == "kratos":
        suffix = re.search(r"\.(postgres|cockroach|mysql|sqlite3?)\.(?:autocommit\.)?up\.sql$", rel)
        # no suffix = runs on all dialects; we lint it as the default
        return {
            "mysql": "mysql",
            "sqlite": "sqlite",
            "sqlite3": "sqlite",
            "cockroach": "cockroach",
        }.get(suffix.group(1) if suffix else "", "postgres")
    if project == "atuin":
        return "postgres" if "/atuin-server-postgres/" in rel else "sqlite"
    if project == "employees":
        return "mysql"
    if project in {"temporal", "guacamole", "sakila", "chinook"}:
        lowered = rel.lower()
        for word, dialect in (
            ("sqlserver", "tsql"),
            ("sql-server", "tsql"),
            ("mysql", "mysql"),
            ("sqlite", "sqlite"),
            ("postgres", "postgres"),
        ):
            if word in lowered:
                return dialect
        raise AssertionError(f"no dialect word in {rel}")
    return "postgres"


@pytest.mark.corpus
def test_corpus_discovery_matches_readme(monkeypatch: pytest.MonkeyPatch) -> None:
    if not (CORPUS / "README.md").is_file():
        pytest.skip("shared corpus not present")
    monkeypatch.chdir(CORPUS)
    settings = SourceSettings(
        root=CORPUS,
        overrides=(
            # what these projects would write in their configs: the README's
            # dialects that no path spells out
            PathOverride("atuin/crates/atuin-server-postgres/**", dialect="postgres"),
            PathOverride("atuin/**", dialect="sqlite", module=None),
            PathOverride("employees/**", dialect="mysql"),
        ),
        module_pattern="crates/{module}/",
    )
    files, diagnostics = discover(["."], settings)
    assert diagnostics == ()

    expected = {
        path.relative_to(CORPUS).as_posix()
        for path in CORPUS.rglob("*.sql")
        if not re.search(r"\.down\.sql$", path.name)
    }
    paths = [f.path for f in files]
    assert len(paths) == len(set(paths))
    assert set(paths) == expected

    wrong = {f.path: f.dialect for f in files if f.dialect != _readme_dialect(f.path)}
    assert wrong == {}
    modules = {f.module for f in files if f.path.startswith("atuin/")}
    assert modules == {
        "atuin-ai",
        "atuin-client",
        "atuin-kv",
        "atuin-scripts",
        "atuin-server-postgres",
        "atuin-server-sqlite",
    }
    # replay order inside one migrations folder is by timestamp
    kratos = [p for p in paths if p.startswith("kratos/persistence/sql/migrations/sql/")]
    stamps = [int(p.rsplit("/", 1)[1].split("_", 1)[0]) for p in kratos]
    assert stamps == sorted(stamps)
    temporal = [p for p in paths if p.startswith("temporal/schema/mysql/v8/temporal/versioned/")]
    versions = [tuple(map(int, p.split("/")[6][1:].split("."))) for p in temporal]
    assert versions == sorted(versions)


SNIFF_CASES = [
    ("mysql-backticks", "CREATE TABLE `t` (`a` int) ENGINE=InnoDB;", "mysql"),
    ("mysql-source-command", "SOURCE load_departments.dump ;\nSOURCE x.dump;", "mysql"),
    ("pg-column-named-source", "CREATE TABLE leads (\n  id int,\n  source text\n);", "postgres"),
    (
        "pg-backticks-only-in-comments",
        '-- drop the `expires` column\nALTER TABLE "S" DROP COLUMN "expires";',
        "postgres",
    ),
    ("tsql-go-batches", "CREATE TABLE [dbo].[t] ([a] NVARCHAR(10))\nGO\n", "tsql"),
    ("sqlite-autoincrement", "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);", "sqlite"),
    (
        "pg-dollar-quotes",
        "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;",
        "postgres",
    ),
    ("no-signal-defaults", "CREATE TABLE t (a int);", "postgres"),
    (
        "oracle-export",
        'CREATE TABLE "HR"."EMP" ("ID" NUMBER(6,0), "NAME" VARCHAR2(20)) TABLESPACE "USERS";\n/\n',
        "oracle",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in SNIFF_CASES], ids=[c[0] for c in SNIFF_CASES]
)
def test_sniff_dialect(text: str, expected: str) -> None:
    from dbnamelint.dialects import sniff_dialect

    assert sniff_dialect(text) == expected


FLYWAY_ORDER = [
    (
        "versions-before-repeatables",
        ["R__order_report_view.sql", "V2.1__add_total.sql", "V2__rename.sql", "V1__init.sql"],
        ["V1__init.sql", "V2__rename.sql", "V2.1__add_total.sql", "R__order_report_view.sql"],
    ),
    (
        "underscore-versions-are-dotted",
        ["V1.2__z.sql", "V10__x.sql", "V1_1__y.sql", "V1__a.sql"],
        ["V1__a.sql", "V1_1__y.sql", "V1.2__z.sql", "V10__x.sql"],
    ),
    (
        # Flyway's ResolvedMigrationComparator: repeatables by description as
        # Java String.compareTo ("10 replace view" < "9 base view" < "B" < "a").
        "repeatables-by-description-as-plain-text",
        ["R__9_base_view.sql", "R__a.sql", "R__10_replace_view.sql", "V10__x.sql", "R__B.sql"],
        ["V10__x.sql", "R__10_replace_view.sql", "R__9_base_view.sql", "R__B.sql", "R__a.sql"],
    ),
    (
        "non-flyway-names-unchanged",
        ["10_x.sql", "2_x.sql", "R_tool.sql"],
        ["2_x.sql", "10_x.sql", "R_tool.sql"],
    ),
]


@pytest.mark.parametrize(
    ("names", "expected"), [c[1:] for c in FLYWAY_ORDER], ids=[c[0] for c in FLYWAY_ORDER]
)
def test_flyway_order(names: list[str], expected: list[str]) -> None:
    assert sorted(names, key=natural_key) == expected


def test_real_paths_resolve_as_realpath_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Oracle: os.path.realpath, over symlinked folders and files, dots, dangling
    links and a loop, absolute and relative."""
    import os

    from dbnamelint.frontends.sql.sources import RealPaths, discover_real_paths

    root = tmp_path / "r"
    (root / "real" / "deep").mkdir(parents=True)
    (root / "real" / "deep" / "a.sql").write_text("CREATE TABLE a (id int);\n", "utf-8")
    (root / "real" / "b.sql").write_text("CREATE TABLE b (id int);\n", "utf-8")
    (root / "linked").symlink_to(root / "real", target_is_directory=True)
    (root / "real" / "c.sql").symlink_to(root / "real" / "deep" / "a.sql")
    (root / "real" / "dangling.sql").symlink_to(root / "nowhere.sql")
    (root / "loop").symlink_to(root / "loop")
    monkeypatch.chdir(root)
    paths = [
        "real/deep/a.sql",
        "linked/deep/a.sql",
        "linked/c.sql",
        "real/dangling.sql",
        "linked/../real/b.sql",
        "loop/x.sql",
        "b.sql",
        str(root / "linked" / "deep" / "a.sql"),
        str(root / "linked" / "b.sql"),
        "linked/deep/../b.sql",
    ]
    real = RealPaths()
    assert [real(p) for p in paths] == [os.path.realpath(p) for p in paths]
    assert [real(p) for p in paths] == [os.path.realpath(p) for p in paths]  # from its memo
    found, _ = discover(["linked", "real"], SourceSettings(root=root))
    assert discover_real_paths(["linked", "real"], SourceSettings(root=root)) == {
        os.path.realpath(f.path) for f in found
    }


def test_natural_key_components_equal_natsorts() -> None:
    """Oracle: natsort's own INT | IGNORECASE key (ASCII parts are keyed without it)."""
    from natsort import natsort_keygen, ns

    from dbnamelint.frontends.sql.sources import _natural_part

    natsort_key = natsort_keygen(alg=ns.INT | ns.IGNORECASE)
    rng = random.Random(12)
    alphabet = "aZq09175_.-  V__x\\" + "!#$%&'()+,;=@[]^`{}~"
    names = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(20000)]
    names += [
        "0" * 300,
        "a" + "9" * 150 + "b",
        "007",
        "Stra\u00dfe1",
        "\u0661\u0662x",
        "\u00b2",
        "x\u00bdy",
        "\u216b3",
        "",
    ]
    assert [_natural_part(n) for n in names] == [tuple(natsort_key(n)) for n in names]


def test_tree_walked_again_skips_folders_already_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder given as ``walked`` is not entered; every other file still is."""
    from dbnamelint.frontends.sql.sources import discover_real_paths

    make_tree(tmp_path, "migrations/1_a/up.sql", "migrations/2_b/up.sql", "seed/x.sql", "y.sql")
    monkeypatch.chdir(tmp_path)
    settings = SourceSettings(root=tmp_path)
    everything = discover_real_paths(["."], settings)
    assert len(everything) == 4
    rest = discover_real_paths(["."], settings, walked=["migrations", "nothing-here"])
    assert rest == {p for p in everything if "/migrations/" not in p}
    assert discover_real_paths(["migrations"], settings, walked=["migrations"]) == set()


def test_supabase_migrations_replay_in_name_order(tmp_path: Path) -> None:
    """The Supabase CLI applies supabase/migrations in file-name order (it lists the
    folder with Go's os.ReadDir, sorted by name); other folders stay number-aware."""
    names = ["20240101_a.sql", "20240101120000_b.sql", "20240102_c.sql", "9_d.sql"]
    for folder in ("supabase/migrations", "db/migrations"):
        (tmp_path / folder).mkdir(parents=True)
        for name in names:
            (tmp_path / folder / name).write_text("SELECT 1;\n", encoding="utf-8")
    settings = SourceSettings(root=tmp_path)
    for walked in (str(tmp_path), str(tmp_path / "supabase" / "migrations")):
        files, _ = discover([walked], settings)
        supabase = [
            Path(f.path).name for f in files if Path(f.path).parent.parent.name == "supabase"
        ]
        assert supabase == sorted(names)  # plain code-point order, as the CLI applies them
    files, _ = discover([str(tmp_path / "db")], settings)
    assert [Path(f.path).name for f in files] == [
        "9_d.sql",
        "20240101_a.sql",
        "20240102_c.sql",
        "20240101120000_b.sql",
    ]
    globbed, _ = discover([str(tmp_path / "supabase" / "migrations" / "*.sql")], settings)
    assert [Path(f.path).name for f in globbed] == sorted(names)


def test_prisma_migrations_replay_in_name_order(tmp_path: Path) -> None:
    """Prisma applies ``migrations/<folder>/migration.sql`` in plain name order
    (@prisma/migrate's listMigrations sorts the folder names lexicographically),
    so a ``migrate``-written ``20261201092340_rename`` runs before a later
    ``20_add`` and the column it adds lands on the renamed table."""
    folders = {
        "01_init": 'CREATE TABLE "t_items" (id int);\n',
        "20261201092340_rename": 'ALTER TABLE "t_items" RENAME TO "items";\n',
        "20_add": 'ALTER TABLE "items" ADD COLUMN "badName" int;\n',
        "9_more": "CREATE TABLE x (id int);\n",
    }
    for top in ("prisma/migrations", "db/postgresql/migrations"):
        for name, sql in folders.items():
            (tmp_path / top / name).mkdir(parents=True)
            (tmp_path / top / name / "migration.sql").write_text(sql, encoding="utf-8")
    settings = SourceSettings(root=tmp_path)
    for walked in ("prisma/migrations", "prisma", "db/postgresql/migrations", "."):
        files, _ = discover([str(tmp_path / walked)], settings)
        order = [Path(f.path).parent.name for f in files]
        by_top = [n for n in order if n in folders]
        half = len(by_top) // 2 if walked == "." else len(by_top)
        assert by_top[:half] == sorted(folders), walked  # code-point order
    # the number-aware order elsewhere is untouched
    (tmp_path / "plain").mkdir()
    for name in ("20_add.sql", "9_more.sql"):
        (tmp_path / "plain" / name).write_text("SELECT 1;\n", encoding="utf-8")
    files, _ = discover([str(tmp_path / "plain")], settings)
    assert [Path(f.path).name for f in files] == ["9_more.sql", "20_add.sql"]


def test_prisma_order_lets_check_see_the_later_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trial's tree: in Prisma's order the badly named column is on
    ``items`` and DBN201 reports it (the number-aware order lost it)."""
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    for name, sql in {
        "1_init": 'CREATE TABLE "t_items" (id int);\n',
        "20240101000000_rename": 'ALTER TABLE "t_items" RENAME TO "items";\n',
        "20_add": 'ALTER TABLE "items" ADD COLUMN "badName" int;\n',
    }.items():
        (tmp_path / "prisma" / "migrations" / name).mkdir(parents=True)
        (tmp_path / "prisma" / "migrations" / name / "migration.sql").write_text(sql, "utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [prisma/migrations]\ndialect: postgres\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json"])
    assert result.exit_code == 1, result.output
    assert '"badName"' in result.output and "DBN201" in result.output


def test_mariadb_is_a_dialect_of_its_own_read_as_mysql() -> None:
    """``mariadb`` keeps its name (its implicit names differ) and is read
    with sqlglot's MySQL, with MySQL's lexical rules."""
    assert normalize_dialect("MariaDB") == "mariadb"
    assert sqlglot_dialect("mariadb") == "mysql"
    assert sqlglot_dialect("postgres") == "postgres"
    assert dialect_from_suffix("001_init.mariadb.up.sql") == "mariadb"
    assert dialect_family("mariadb") == "mysql"


def test_a_mariadb_setting_names_the_server_of_mysql_suffixed_files(in_tmp: Path) -> None:
    """kratos-style ``x.mysql.up.sql`` under ``dialect: mariadb`` replays with
    the shared files, as MariaDB; other suffixes keep their own dialect."""
    make_tree(in_tmp, "1_a.mysql.up.sql", "2_b.up.sql", "3_c.postgres.up.sql")
    detected = {f.path: f.dialect for f in found(in_tmp, ".", dialect="mariadb")}
    assert detected == {
        "1_a.mysql.up.sql": "mariadb",
        "2_b.up.sql": "mariadb",
        "3_c.postgres.up.sql": "postgres",
    }
    plain = {f.path: f.dialect for f in found(in_tmp, ".", dialect="mysql")}
    assert plain["1_a.mysql.up.sql"] == "mysql"


def test_a_prisma_schema_named_is_refused_with_where_to_look(tmp_path: Path) -> None:
    """Trial s17 #6: read as SQL, schema.prisma gave one DBN005 ("GENERATOR")
    and 0 objects; it is named as what it is, and the migrations pointed to."""
    make_tree(tmp_path, "prisma/migrations/1_init/migration.sql")
    (tmp_path / "prisma" / "schema.prisma").write_text("generator client {\n}\n", "utf-8")
    found, problems = discover(
        [str(tmp_path / "prisma" / "schema.prisma")], SourceSettings(root=tmp_path)
    )
    assert found == ()
    assert [(d.code, d.severity.value) for d in problems] == [("DBN003", "error")]
    assert "a Prisma schema, not SQL" in problems[0].message
    assert "prisma/migrations" in problems[0].message
