"""Flyway baseline migrations (``B<version>__x.sql``) replay as Flyway builds a new database.

Flyway's documentation ("Baseline Migrations" and its tutorial; the
``baselineMigrationPrefix`` setting): ``B5__x.sql`` is the state after every
versioned migration up to and including ``V5``; a new database runs the
latest baseline migration first, then the versioned migrations above it,
then the repeatable ones ("repeatable migrations are executed as normal");
"migrations with a version less than or equal to the latest baseline
migration's version are ignored" there, and the history table records the
baseline with type ``SQL_BASELINE``. Flyway's source agrees
(``ResolvedMigration.getState``: ``BELOW_BASELINE`` / ``BASELINE_IGNORED``
against the newest pending baseline; ``ResourceNameParser`` matches the
prefix case-sensitively).

The oracle is PostgreSQL: the files run on a fresh database in the order
written here from those documents (not from ``discover``), and its catalog is
the model's judge; a second database runs the versioned migrations instead,
as an older database did, and says whether a baseline is faithful, which is
what ``DBN026`` claims to tell.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.flyway_baselines import left_out
from dbnamelint.frontends.sql.sources import SourceSettings, discover
from dbnamelint.migration_versions import duplicate_versions
from dbnamelint.model import Severity, SourceFile
from dbnamelint.runner.pipeline import load_paths
from dbnamelint.services.migrate.layout import Layout, detect, flyway_next_version
from git_helpers import commit_all, git, init_repo, write_files
from pg_server import PgServer, pg_url
from test_drift_tool_tables import drifted
from test_postgres_oracle import Catalog, compare, model_keys, read_catalog
from test_runcache import _check as _cached
from test_runcache import _fresh as _uncached

V1 = (
    "CREATE TABLE language (id serial PRIMARY KEY, code text NOT NULL UNIQUE);\n"
    "CREATE INDEX language_code_idx ON language (code);\n"
    "CREATE TABLE note (id int PRIMARY KEY, body text);\n"
)
V2 = "ALTER TABLE language RENAME TO languages;\nDROP TABLE note;\n"
V3 = "CREATE TABLE books (id int PRIMARY KEY, language_id int REFERENCES languages (id));\n"
#: What pg_dump writes for the database V1..V3 leave (names spelled out; the
#: serial column's sequence keeps the table's first name).
B3 = (
    "CREATE SEQUENCE language_id_seq AS integer;\n"
    "CREATE TABLE languages (\n"
    "    id integer DEFAULT nextval('language_id_seq'::regclass) NOT NULL,\n"
    "    code text NOT NULL\n"
    ");\n"
    "ALTER SEQUENCE language_id_seq OWNED BY languages.id;\n"
    "CREATE TABLE books (id integer NOT NULL, language_id integer);\n"
    "ALTER TABLE ONLY languages ADD CONSTRAINT language_pkey PRIMARY KEY (id);\n"
    "ALTER TABLE ONLY languages ADD CONSTRAINT language_code_key UNIQUE (code);\n"
    "ALTER TABLE ONLY books ADD CONSTRAINT books_pkey PRIMARY KEY (id);\n"
    "CREATE INDEX language_code_idx ON languages USING btree (code);\n"
    "ALTER TABLE ONLY books\n"
    "    ADD CONSTRAINT books_language_id_fkey FOREIGN KEY (language_id)\n"
    "    REFERENCES languages(id);\n"
)
TREE = {
    "db/migration/V1__init.sql": V1,
    "db/migration/V2__rename.sql": V2,
    "db/migration/V3__books.sql": V3,
    "db/migration/B1__old_baseline.sql": V1,
    "db/migration/B3__baseline.sql": B3,
    "db/migration/V4__titles.sql": (
        "ALTER TABLE books ADD COLUMN title text;\nCREATE INDEX books_title_idx ON books (title);\n"
    ),
    "db/migration/R__views.sql": (
        "CREATE OR REPLACE VIEW book_titles AS SELECT id, title FROM books;\n"
    ),
}
TREE_NAMES = [p.rpartition("/")[2] for p in TREE]
#: A new database, as Flyway migrates it: the latest baseline, the versions above it, repeatables.
NEW_DATABASE = ("B3__baseline.sql", "V4__titles.sql", "R__views.sql")
#: A database migrated before the baselines were added: every versioned migration.
OLDER_DATABASE = (
    "V1__init.sql",
    "V2__rename.sql",
    "V3__books.sql",
    "V4__titles.sql",
    "R__views.sql",
)


def _run_on(pg: PgServer, root: Path, names: tuple[str, ...], name: str) -> Catalog:
    with pg.fresh_database(name) as db:
        pg.run(files=[root / "db/migration" / n for n in names], dbname=db)
        return read_catalog(pg, db)


def _diagnostics(root: Path) -> list[tuple[str, str, int, str]]:
    loaded = load_paths(["db"], SourceSettings(root=root, dialect="postgres"))
    return [
        (d.code, Path(d.location.path).name, d.location.line, d.severity.value)
        for d in loaded.diagnostics
    ]


def test_the_replay_is_the_latest_baseline_then_later_versions_then_repeatables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, TREE)
    monkeypatch.chdir(tmp_path)
    found, notes = discover(["db"], SourceSettings(root=Path(), dialect="postgres"))
    loaded = load_paths(["db"], SourceSettings(root=Path(), dialect="postgres"))
    assert [Path(f.path).name for f in loaded.files] == list(NEW_DATABASE)
    # What a new database skips is still found (the gate guards it) and said, file by file.
    assert [Path(f.path).name for f in loaded.history] == [
        "B1__old_baseline.sql",
        "V1__init.sql",
        "V2__rename.sql",
        "V3__books.sql",  # the baseline's own version: ignored too
    ]
    assert {Path(f.path).name for f in found} == set(TREE_NAMES)
    assert [(d.code, d.severity, Path(d.location.path).name) for d in notes] == [
        ("DBN007", Severity.INFO, n) for n in ("B1__old_baseline.sql", *OLDER_DATABASE[:3])
    ]
    assert "a new database runs only the latest one, db/migration/B3__baseline.sql" in (
        notes[0].message
    )
    assert "stands for every versioned migration up to version 3" in notes[1].message


@pytest.mark.slow
def test_the_model_is_what_postgres_holds_after_flyway_builds_a_new_database(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, TREE)
    new = _run_on(pg, tmp_path, NEW_DATABASE, "dbn_flyway_b_new")
    older = _run_on(pg, tmp_path, OLDER_DATABASE, "dbn_flyway_b_older")
    assert new.objects == older.objects  # the baseline is faithful: both databases agree
    monkeypatch.chdir(tmp_path)
    loaded = load_paths(["db"], SourceSettings(root=Path(), dialect="postgres"))
    diff = compare(new, model_keys(loaded.schema.objects))
    assert not diff, (diff.only_server, diff.only_model)
    # Nothing created twice, nothing to compare: only the notes of the files skipped.
    assert {d.code for d in loaded.diagnostics} == {"DBN007"}


def test_a_faithful_baseline_keeps_the_history_of_its_objects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding a baseline changes no finding: the table renamed in V2 is still
    a renamed table (DBN504 on the names that kept its old one), as it is
    without the baseline, only located where the new database gets them."""
    write_files(tmp_path, TREE)
    monkeypatch.chdir(tmp_path)

    def findings() -> set[tuple[str, str, str]]:
        result = CliRunner().invoke(cli, ["check", "db", "--no-cache", "--format", "json"])
        return {
            (f["code"], f["kind"], f["qualified_name"])
            for f in json.loads(result.stdout)["findings"]
        }

    with_baseline = findings()
    for name in ("B1__old_baseline.sql", "B3__baseline.sql"):
        (tmp_path / "db/migration" / name).unlink()
    assert findings() == with_baseline
    assert ("DBN504", "index", "languages.language_code_idx") in with_baseline


#: B3 gone wrong: the index V1 made is missing, a table and a column are new.
B3_UNFAITHFUL = (
    B3.replace("CREATE INDEX language_code_idx ON languages USING btree (code);\n", "")
    .replace("language_id integer);", "language_id integer, isbn text);")
    .replace(
        "CREATE TABLE books", "CREATE TABLE extras (id integer PRIMARY KEY);\nCREATE TABLE books"
    )
)
_HEAD = re.compile(r"^([a-z ]+?) (\S+) (?:is made by|is left by|of the baseline)")


def _catalog_difference(left: Catalog, right: Catalog) -> set[tuple[str, str, str]]:
    """(side, kind, name) of each object one side has and the other not, less
    the parts of a table that side has as a whole (``drift`` lists the table)."""
    out = set()
    for side, mine, other in (("baseline", right, left), ("history", left, right)):
        only = mine.objects - other.objects - mine.derived
        whole = {(k[1], k[3]) for k in only if k[0] == "table"}
        for kind, schema, table, name in only:
            if table is not None and (schema, table) in whole:
                continue
            out.add((side, kind, f"{table}.{name}" if table else name))
    return out


@pytest.mark.slow
def test_dbn026_names_what_postgres_holds_differently_after_the_baseline(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, {**TREE, "db/migration/B3__baseline.sql": B3_UNFAITHFUL})
    history = _run_on(pg, tmp_path, OLDER_DATABASE[:3], "dbn_flyway_b_hist")
    baseline = _run_on(pg, tmp_path, ("B3__baseline.sql",), "dbn_flyway_b_base")
    expected = _catalog_difference(history, baseline)
    assert expected == {
        ("history", "index", "languages.language_code_idx"),
        ("baseline", "table", "extras"),
        ("baseline", "column", "books.isbn"),
    }
    monkeypatch.chdir(tmp_path)
    loaded = load_paths(["db"], SourceSettings(root=Path(), dialect="postgres"))
    found = [d for d in loaded.diagnostics if d.code == "DBN026"]
    assert {d.severity for d in found} == {Severity.ERROR}
    heads = {}
    for d in found:
        head = _HEAD.match(d.message)
        assert head is not None, d.message
        side = "baseline" if "is left by" not in d.message else "history"
        heads[(side, head.group(1), head.group(2))] = Path(d.location.path).name
    assert set(heads) == expected
    # Each where its name is written: in the baseline, or in the migration that made it.
    assert heads[("history", "index", "languages.language_code_idx")] == "V1__init.sql"
    assert heads[("baseline", "table", "extras")] == "B3__baseline.sql"
    result = CliRunner().invoke(cli, ["check", "db", "--no-cache"])
    assert result.exit_code == 1, result.output
    line = B3_UNFAITHFUL.splitlines().index("CREATE TABLE extras (id integer PRIMARY KEY);") + 1
    assert f"B3__baseline.sql:{line}:14: DBN026 error: table extras is made by" in result.output


def test_a_baseline_that_renames_a_legacy_table_is_no_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The way the gate would be fooled: a new baseline spelling the legacy
    name the new way. Older databases still hold the old name."""
    write_files(
        tmp_path,
        {
            "db/V1__init.sql": "CREATE TABLE tbl_user (id int PRIMARY KEY);\n",
            "db/B1__baseline.sql": "CREATE TABLE users (id int PRIMARY KEY);\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "db", "--no-cache"])
    assert result.exit_code == 1, result.output
    assert (
        "db/B1__baseline.sql:1:14: DBN026 error: table users of the baseline migration "
        "db/B1__baseline.sql is tbl_user after the versioned migrations up to version 1 "
        "(V1__init.sql) (db/V1__init.sql:1:14): databases migrated before the baseline have "
        "that name"
    ) in result.output
    assert result.output.count("DBN026") == 1


@pytest.mark.parametrize(
    ("names", "skipped"),
    [
        # Flyway compares versions part by part as numbers; 2.0 is 2; "_" is ".".
        (["B1_10__b.sql", "V1_9__a.sql", "V1_10__c.sql", "V1_11__d.sql"], {"V1_9__a", "V1_10__c"}),
        (["B2__b.sql", "V2.0__a.sql", "V2.0.1__c.sql"], {"V2.0__a"}),
        # The prefix is case-sensitive (ResourceNameParser: startsWith "B").
        (["b2__b.sql", "V1__a.sql"], set()),
        # A baseline above every versioned migration stands for them all.
        (["V1__a.sql", "V2__b.sql", "B7__b.sql"], {"V1__a", "V2__b"}),
        # Only the latest baseline runs; the older one is skipped with the versions.
        (["B1__old.sql", "B3__new.sql", "V2__a.sql", "V4__c.sql"], {"B1__old", "V2__a"}),
    ],
)
def test_which_files_a_new_database_skips(names: list[str], skipped: set[str]) -> None:
    paths = [f"db/{n}" for n in names]
    assert {p[3:-4] for p in left_out(paths)} == skipped


def test_groups_stay_apart_and_a_location_is_scanned_below() -> None:
    paths = [
        "mod-a/db/B2__b.sql",
        "mod-a/db/sub/V1__a.sql",  # Flyway scans a location recursively
        "mod-b/db/V1__a.sql",  # another module's location: no baseline there
        "db/migration/common/B2__b.sql",  # Spring Boot's common/ + postgresql/: one sequence
        "db/migration/postgresql/V2__a.sql",
    ]
    assert left_out(paths) == {
        "mod-a/db/sub/V1__a.sql": "mod-a/db/B2__b.sql",
        "db/migration/postgresql/V2__a.sql": "db/migration/common/B2__b.sql",
    }


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_files(tmp_path, {**TREE, "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n"})
    init_repo(tmp_path, "init")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _gate() -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache"])
    return result.exit_code, result.output


@pytest.mark.slow
def test_the_gate_still_guards_the_migrations_a_baseline_stands_for(repo: Path) -> None:
    assert _gate()[0] == 0
    v2 = repo / "db/migration/V2__rename.sql"
    v2.write_text(V2 + "ALTER TABLE languages ADD COLUMN extra int;\n", encoding="utf-8")
    code, out = _gate()
    assert code == 1, out
    assert "db/migration/V2__rename.sql:3:1: DBN025 error: this flyway migration was" in out
    git(repo, "checkout", "--", "db/migration/V2__rename.sql")
    (repo / "db/migration/V1__init.sql").unlink()
    code, out = _gate()
    assert code == 1, out
    assert "db/migration/V1__init.sql:1:1: DBN025 error: this flyway migration was " in out


@pytest.mark.slow
def test_a_committed_baseline_edited_in_place_is_history_rewritten(repo: Path) -> None:
    b3 = repo / "db/migration/B3__baseline.sql"
    b3.write_text(B3.replace("language_code_idx ON", "languages_code_idx ON"), encoding="utf-8")
    code, out = _gate()
    assert code == 1, out
    assert "db/migration/B3__baseline.sql:11:1: DBN025 error:" in out
    assert "Flyway does not check a baseline migration's checksum once applied" in out


def test_a_new_migration_is_numbered_above_the_baseline() -> None:
    assert flyway_next_version(["V1__a.sql", "V7__b.sql", "B8__baseline.sql"]) == "9"
    assert flyway_next_version(["V1_9__a.sql", "B1_10__b.sql"]) == "1_11"
    assert flyway_next_version(["b9__not_a_baseline.sql", "V2__a.sql"]) == "3"
    assert detect(Path("db/B8__baseline.sql")) is Layout.FLYWAY


@pytest.mark.slow
def test_migrate_writes_a_rename_of_a_table_the_baseline_made(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table's last file is the baseline (the versioned migrations are
    history): the rename is ``V3``, above it, and replays after it on a new
    database, where PostgreSQL then holds what the files say (drift clean)."""
    write_files(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [db/migration]\ndialect: postgres\n",
            "db/migration/V1__init.sql": "CREATE TABLE tbl_user (id int PRIMARY KEY);\n",
            "db/migration/B2__baseline.sql": "CREATE TABLE tbl_user (id int PRIMARY KEY);\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli, ["migrate", "--rename", "tbl_user=users", "--write", "--name", "rename"]
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / "db/migration"
    assert sorted(p.name for p in folder.iterdir()) == [
        "B2__baseline.sql",
        "U3__rename.sql",
        "V1__init.sql",
        "V3__rename.sql",
    ]
    with pg.fresh_database("dbn_flyway_b_migrate") as db:
        pg.run(files=[folder / "B2__baseline.sql", folder / "V3__rename.sql"], dbname=db)
        check = CliRunner().invoke(cli, ["drift", "--db", pg_url(pg, db), "--format", "json"])
        assert (check.exit_code, drifted(check.stdout)) == (0, []), check.output


@pytest.mark.slow
def test_the_run_cache_sees_an_edit_of_a_migration_the_baseline_stands_for(
    tmp_path: Path,
) -> None:
    """Not replayed, but read for DBN026: a cached ``check`` must not replay
    the output of the file's old text."""
    root = tmp_path / "p"
    write_files(root, {**TREE, "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n"})
    cache = tmp_path / "cache"
    first = _cached(root, cache)
    again = _cached(root, cache)
    assert again.replayed and (again.code, again.stdout) == (first.code, first.stdout)
    (root / "db/migration/V1__init.sql").write_text(
        V1 + "CREATE TABLE only_old (id int);\n", encoding="utf-8"
    )
    edited = _cached(root, cache)
    fresh = _uncached(root, cache)
    assert (edited.code, edited.stdout, edited.stderr) == (fresh.code, fresh.stdout, fresh.stderr)
    assert "V1__init.sql:4:14: DBN026 error: table only_old is left by" in edited.stdout


def test_a_baseline_and_a_versioned_migration_of_one_version_are_no_duplicates() -> None:
    """Flyway: "you can have both a baseline migration and a versioned migration at
    the same version"; two baselines of one version clash as two versioned ones do."""
    files = [
        SourceFile(f"db/{n}", "postgres", None)
        for n in ("B5__baseline.sql", "V5__e.sql", "B5_0__again.sql", "V6__f.sql")
    ]
    (found,) = duplicate_versions(files)
    assert (found.code, found.location.path) == ("DBN016", "db/B5_0__again.sql")
    assert found.message.startswith("migration version 5_0 is also db/B5__baseline.sql's")
    assert duplicate_versions(files[:2]) == ()


@pytest.mark.slow
def test_adding_a_faithful_baseline_passes_the_gate_with_its_whitelist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Legacy names excused at the base stay excused, none turns stale or new."""
    versioned = {p: sql for p, sql in TREE.items() if "/B" not in p}
    write_files(tmp_path, {**versioned, "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n"})
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    assert "languages.language_code_idx" in (tmp_path / "whitelist.yaml").read_text()
    init_repo(tmp_path, "versioned migrations only")
    write_files(tmp_path, {p: sql for p, sql in TREE.items() if "/B" in p})
    commit_all(tmp_path, "add the baselines")
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD~1", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "whitelisted (legacy) findings" in result.output


def test_a_whitelist_entry_still_finds_a_table_by_its_name_before_the_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``language`` was renamed to its target in V2, behind the baseline: the
    entry is done (stale, "renamed to its target"), as without the baseline,
    not an entry whose object is gone."""
    write_files(
        tmp_path,
        {
            **TREE,
            "whitelist.yaml": "entries:\n  - kind: table\n    name: language\n"
            "    rules: [DBN105]\n    target: languages\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "db", "--no-cache"])
    assert (
        "whitelist.yaml:2:5: DBN900 stale whitelist entry table language: renamed to its "
        "target languages at db/migration/B3__baseline.sql:2:14: delete this entry"
    ) in result.output


def test_a_compatibility_view_behind_the_baseline_stays_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The view V2 left under the table's old name (as ``migrate`` writes one)
    is the same in the model with the baseline (pg_dump spells its ``*`` out)
    as without it."""
    write_files(
        tmp_path,
        {
            "db/V1__a.sql": "CREATE TABLE language (id int PRIMARY KEY, code text);\n",
            "db/V2__b.sql": "ALTER TABLE language RENAME TO languages;\n"
            "CREATE VIEW language AS SELECT * FROM languages;\n",
            "db/B2__c.sql": "CREATE TABLE languages (id integer NOT NULL, code text);\n"
            "ALTER TABLE ONLY languages ADD CONSTRAINT language_pkey PRIMARY KEY (id);\n"
            "CREATE VIEW language AS\n SELECT languages.id,\n    languages.code\n"
            "   FROM languages;\n",
        },
    )
    monkeypatch.chdir(tmp_path)

    def facts() -> set[tuple[str, str, str | None, tuple[str, ...]]]:
        loaded = load_paths(["db"], SourceSettings(root=Path(), dialect="postgres"))
        return {
            (o.kind.value, o.name, o.compatibility_view_for, o.previous_names)
            for o in loaded.schema.objects
            if o.table is None
        }

    with_baseline = facts()
    (tmp_path / "db/B2__c.sql").unlink()
    assert with_baseline == facts()
    assert ("view", "language", "languages", ()) in with_baseline
