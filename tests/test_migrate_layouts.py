"""Where ``migrate --write`` puts a migration, and that it replays last: every layout.

Each tree is small and synthetic, modelled on a real project of its tool
(golang-migrate and kratos, goose, dbmate, sql-migrate, Flyway with several
locations, Liquibase with a master changelog listing unnumbered files,
Prisma's ``0_init`` baseline, Diesel's ``00000000000000_diesel_initial_setup``,
Supabase's date-only names, CORA-style numbered files and module folders),
with what broke earlier naming: files that are not numbered, versions in the
future, a clock behind the tree.

The oracles: dbnamelint's own discovery (the new forward file comes after
every file that touches the table, and re-reading the tree finds the table
renamed and nothing missing), and each tool's documented order (numeric
versions for Flyway, golang-migrate, goose and sql-migrate; file names for
Supabase, dbmate, Prisma and Liquibase ``includeAll``; Diesel's versions
(folder name up to ``_``, dashes removed) as text; include
order for a Liquibase changelog). On PostgreSQL, every migration runs in
the tool's order, then the new one, then its rollback, which restores the
relations and constraints as they were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.frontends.sql.sources import SourceSettings, discover, liquibase_includes
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import load_files
from dbnamelint.services.migrate.layout import Layout, LayoutError, plan_files
from pg_server import PgServer

T = "CREATE TABLE t (id serial PRIMARY KEY, n int);\n"
GOOSE = "-- +goose Up\n{}\n-- +goose Down\nSELECT 1;\n"
DBMATE = "-- migrate:up\n{}\n-- migrate:down\nSELECT 1;\n"
SQL_MIGRATE = "-- +migrate Up\n{}\n-- +migrate Down\nSELECT 1;\n"
LIQUIBASE = "--liquibase formatted sql\n--changeset dev:{}\n{}\n--rollback SELECT 1;\n"


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str]
    paths: tuple[str, ...] = ("db",)
    layout: str | None = None
    #: None: the tool orders by number; "name": by file name; "flyway"; "changelog".
    order: str | None = None
    #: On refusal: what stderr must say (exit 2, nothing written).
    refused: tuple[str, ...] = ()
    #: The written forward file must match this (relative to the tree).
    expect: str = ""


CASES = (
    Case(
        "numbered-unnumbered-files",
        {"db/schema.sql": T, "db/tables.sql": "CREATE TABLE u (t_id int REFERENCES t (id));\n"},
        layout="numbered",
        refused=("db/schema.sql", "schema.sql -> 001-schema.sql", "tables.sql -> 002-tables.sql"),
    ),
    Case(
        # lago's Rails tree: structure.sql beside a views/ folder; the folder
        # replays as a whole, so the folder (not a file in it) takes a number.
        "numbered-with-a-subfolder",
        {
            "db/structure.sql": T,
            "db/views/a_v01.sql": "CREATE VIEW a AS SELECT id FROM t;\n",
            "db/views/b_v01.sql": "CREATE VIEW b AS SELECT id FROM t;\n",
        },
        layout="numbered",
        refused=("structure.sql -> 001-structure.sql", "views/ -> 002-views/"),
    ),
    Case(
        "numbered-then-seed",
        {"db/001-init.sql": T, "db/seed.sql": "ALTER TABLE t ADD COLUMN extra int;\n"},
        refused=("db/seed.sql", "seed.sql -> 002-seed.sql"),
    ),
    Case(
        "numbered-upgrade-folder",
        {"db/001-init.sql": T, "db/upgrade/upgrade-1.sql": "ALTER TABLE t ADD COLUMN x int;\n"},
        refused=("upgrade/upgrade-1.sql",),
    ),
    Case(
        # A later module folder adds a serial column: the migration goes there,
        # after it (beside the creating file, its ALTER SEQUENCE ran too early).
        "module-folder-adds-serial",
        {"db/001-init.sql": T, "db2/001-more.sql": "ALTER TABLE t ADD COLUMN c serial;\n"},
        paths=("db", "db2"),
        expect=r"db2/002-rename-tables\.sql",
    ),
    Case(
        # Every file says its dialect after .sql (one dialect, no config): the
        # counter continues past them and the new files say it too.
        "numbered-dialect-tail",
        {"db/001-a.sql.postgres": T, "db/002-b.sql.postgres": "SELECT 1;\n"},
        layout="numbered",
        expect=r"db/003-rename-tables\.sql\.postgres",
    ),
    Case(
        # Hand-run psql scripts and docker-entrypoint-initdb.d folders: files
        # named by their number alone are a numbered layout (trial finding 15).
        "numbered-number-only",
        {"db/001.sql": T, "db/002.sql": "ALTER TABLE t ADD COLUMN x int;\n"},
        expect=r"db/003-rename-tables\.sql",
    ),
    Case(
        # memos' runner splits a name at "__" and reads the number before it
        # (store/migrator.go): the separator is kept whole (trial s37 memos).
        "numbered-double-underscore",
        {"db/00__init.sql": T, "db/01__more.sql": "SELECT 1;\n"},
        expect=r"db/02__rename_tables\.sql",
    ),
    Case(
        "numbered-width-of-highest",
        {"db/008-init.sql": T, "db/010-more.sql": "SELECT 1;\n", "db/009-x.sql": "SELECT 1;\n"},
        expect=r"db/011-rename-tables\.sql",
    ),
    Case(
        "supabase-date-named-future",
        {
            "supabase/migrations/20250101_init.sql": T,
            "supabase/migrations/20991231_future.sql": "ALTER TABLE t ADD COLUMN x int;\n",
        },
        paths=("supabase/migrations",),
        order="name",
        expect=r"supabase/migrations/20991232000000_rename_tables\.sql",
    ),
    Case(
        "flyway-several-locations",
        {
            "db/migration/V1__init.sql": T,
            "db/migration/V2.5__b.sql": "SELECT 1;\n",
            "db/migration/V10__c.sql": "SELECT 1;\n",
            "db/migration/R__views.sql": "CREATE OR REPLACE VIEW v AS SELECT * FROM t;\n",
            "db/migration/feature/V12__f.sql": "SELECT 1;\n",
        },
        order="flyway",
        expect=r"db/migration/V13__rename_tables\.sql",
    ),
    Case(
        # kestra: V1_1__ ... V1_27__; Flyway compares versions part by part
        # (MigrationVersion), so 1.28 follows 1.27 and stays in the project's line.
        "flyway-underscored-minor-versions",
        {
            "db/migration/V1_1__init.sql": T,
            "db/migration/V1_9__b.sql": "SELECT 1;\n",
            "db/migration/V1_27__c.sql": "SELECT 1;\n",
        },
        order="flyway",
        expect=r"db/migration/V1_28__rename_tables\.sql",
    ),
    Case(
        # hawkbit: three-part versions and a shared ___POSTGRESQL tail per vendor folder.
        "flyway-three-parts-and-a-description-tail",
        {
            "db/migration/POSTGRESQL/V1_0_1__init___POSTGRESQL.sql": T,
            "db/migration/POSTGRESQL/V1_12_3__b___POSTGRESQL.sql": "SELECT 1;\n",
            "db/migration/POSTGRESQL/V1_12_29__c___POSTGRESQL.sql": "SELECT 1;\n",
        },
        order="flyway",
        expect=r"db/migration/POSTGRESQL/V1_12_30__rename_tables___POSTGRESQL\.sql",
    ),
    Case(
        "flyway-dotted-versions",
        {"db/migration/V1.0__init.sql": T, "db/migration/V1.9__b.sql": "SELECT 1;\n"},
        order="flyway",
        expect=r"db/migration/V1\.10__rename_tables\.sql",
    ),
    Case(
        "goose-counters",
        {
            "db/migrations/00001_init.sql": GOOSE.format(T),
            "db/migrations/00002_more.sql": GOOSE.format("SELECT 1;"),
        },
        expect=r"db/migrations/00003_rename_tables\.sql",
    ),
    Case(
        "goose-future-stamp",
        {"db/migrations/20991231235959_init.sql": GOOSE.format(T)},
        expect=r"db/migrations/20991231235960_rename_tables\.sql",
    ),
    Case(
        "golang-migrate-unix-seconds",
        {
            "db/1481574547_init.up.sql": T,
            "db/1481574547_init.down.sql": "DROP TABLE t;\n",
        },
        expect=r"db/1481574548_rename_tables\.up\.sql",
    ),
    Case(
        # Authelia (internal/storage/migrations/<db>/V0001.Initial_Schema.up.sql):
        # the folder's own letters, width and separator are continued.
        "lettered-counters-authelia",
        {
            "db/V0001.Initial_Schema.up.sql": T,
            "db/V0001.Initial_Schema.down.sql": "DROP TABLE t;\n",
            "db/V0009.More.up.sql": "SELECT 1;\n",
        },
        expect=r"db/V0010\.rename_tables\.up\.sql",
    ),
    Case(
        "kratos-twenty-digits",
        {"db/20991231102338000006_init.up.sql": T},
        expect=r"db/20991231102338000007_rename_tables\.up\.sql",
    ),
    Case(
        "dbmate-counters",
        {"db/migrations/0039_init.sql": DBMATE.format(T)},
        order="name",
        expect=r"db/migrations/0040_rename_tables\.sql",
    ),
    Case(
        "sql-migrate-dashes",
        {"migrations/20240821230041-create-accounts.sql": SQL_MIGRATE.format(T)},
        paths=("migrations",),
        expect=r"migrations/\d{14}-rename-tables\.sql",
    ),
    Case(
        "prisma-baseline-and-future",
        {
            "prisma/migrations/0_init/migration.sql": T,
            "prisma/migrations/20991231000000_later/migration.sql": "ALTER TABLE t ADD x int;\n",
        },
        paths=("prisma/migrations",),
        order="name",
        expect=r"prisma/migrations/20991231000001_rename_tables/migration\.sql",
    ),
    Case(
        # umami numbers its Prisma folders 01_init ... 19_add_session_replay:
        # the next number, as wide, not a timestamp (22000000000000_x sorted
        # after a later `prisma migrate dev` folder, 20261202..._x).
        "prisma-counters-umami",
        {
            "prisma/migrations/01_init/migration.sql": T,
            **{
                f"prisma/migrations/{n:02d}_m{n}/migration.sql": "SELECT 1;\n" for n in range(2, 22)
            },
        },
        paths=("prisma/migrations",),
        order="name",
        expect=r"prisma/migrations/22_rename_tables/migration\.sql",
    ),
    Case(
        # Prisma's baselining recipe: a lone 0_init sets no counter; Prisma's timestamps follow.
        "prisma-baseline-alone",
        {"prisma/migrations/0_init/migration.sql": T},
        paths=("prisma/migrations",),
        order="name",
        expect=r"prisma/migrations/\d{14}_rename_tables/migration\.sql",
    ),
    Case(
        # A Diesel tree numbering its folders: the counter, not a dashed '03---'.
        "diesel-counters",
        {
            "migrations/01_create_t/up.sql": T,
            "migrations/01_create_t/down.sql": "DROP TABLE t;\n",
            "migrations/02_add_x/up.sql": "ALTER TABLE t ADD x int;\n",
        },
        paths=("migrations",),
        order="diesel",
        expect=r"migrations/03_rename_tables/up\.sql",
    ),
    Case(
        "diesel-setup-and-future",
        {
            "migrations/00000000000000_diesel_initial_setup/up.sql": "SELECT 1;\n",
            "migrations/2099-01-01-000000_create_t/up.sql": T,
            "migrations/2099-01-01-000000_create_t/down.sql": "DROP TABLE t;\n",
        },
        paths=("migrations",),
        order="diesel",
        expect=r"migrations/2099-01-01-000001_rename_tables/up\.sql",
    ),
    Case(
        # crates.io: 14-digit folders of 2014-2017, then the CLI's dashed ones.
        # Diesel runs 20140924113530 (and 20170804200817) before 2017-09-23-182408.
        "diesel-mixed-folder-styles",
        {
            "migrations/00000000000000_diesel_initial_setup/up.sql": "SELECT 1;\n",
            "migrations/20140924113530_dumped_migration_1/up.sql": T,
            "migrations/20170804200817_add_x/up.sql": "ALTER TABLE t ADD x int;\n",
            "migrations/2017-09-23-182408_add_y/up.sql": "ALTER TABLE t ADD y int;\n",
            "migrations/2017-10-01-000000_drop_x/up.sql": "ALTER TABLE t DROP x;\n",
        },
        paths=("migrations",),
        order="diesel",
        expect=r"migrations/\d{4}-\d{2}-\d{2}-\d{6}_rename_tables/up\.sql",
    ),
    Case(
        # Lemmy: the CLI's dashed folders of 2019-2024, then diesel 2.x's
        # subversioned ones (`{version}-{n:04x}`, diesel_cli create_migration_dir):
        # the latest style goes on, and its version (dashes dropped, 18 digits)
        # sorts last in Diesel's text order.
        "diesel-subversioned-latest",
        {
            "migrations/00000000000000_diesel_initial_setup/up.sql": "SELECT 1;\n",
            "migrations/2019-02-26-002946_create_t/up.sql": T,
            "migrations/2024-06-24-000000_add_x/up.sql": "ALTER TABLE t ADD x int;\n",
            "migrations/2025-07-27-143313-0000_drop_x/up.sql": "ALTER TABLE t DROP x;\n",
        },
        paths=("migrations",),
        order="diesel",
        expect=r"migrations/\d{4}-\d{2}-\d{2}-\d{6}-0000_rename_tables/up\.sql",
    ),
    Case(
        # ...with the latest in the future: one past its subversion.
        "diesel-subversioned-future",
        {
            "migrations/2019-02-26-002946_create_t/up.sql": T,
            "migrations/2099-01-01-000000-0000_add_x/up.sql": "ALTER TABLE t ADD x int;\n",
        },
        paths=("migrations",),
        order="diesel",
        expect=r"migrations/2099-01-01-000000-0001_rename_tables/up\.sql",
    ),
    Case(
        # The latest folder is 14 plain digits after dashed ones: plain goes on.
        "diesel-plain-latest",
        {
            "migrations/2017-09-23-182408_create_t/up.sql": T,
            "migrations/20990101000000_add_x/up.sql": "ALTER TABLE t ADD x int;\n",
        },
        paths=("migrations",),
        order="diesel",
        expect=r"migrations/20990101000001_rename_tables/up\.sql",
    ),
    Case(
        "liquibase-yaml-changelog",
        {
            "db/changelog/changes/create-b.sql": LIQUIBASE.format("b", T),
            "db/changelog/changes/alter-a.sql": LIQUIBASE.format(
                "a", "ALTER TABLE t ADD COLUMN x int;"
            ),
            "db/changelog/db.changelog-master.yaml": (
                "databaseChangeLog:\n"
                "  - include:\n      file: /db/changelog/changes/create-b.sql\n"
                "  - include:\n      file: /db/changelog/changes/alter-a.sql\n"
            ),
        },
        order="changelog",
        expect=r"db/changelog/changes/rename-tables\.sql",
    ),
    Case(
        "liquibase-xml-changelog",
        {
            "db/changes/create-b.sql": LIQUIBASE.format("b", T),
            "db/changes/alter-a.sql": LIQUIBASE.format("a", "ALTER TABLE t ADD COLUMN x int;"),
            "db/changelog.xml": (
                '<?xml version="1.0"?>\n<databaseChangeLog>\n'
                '    <include file="changes/create-b.sql" relativeToChangelogFile="true"/>\n'
                '    <include file="changes/alter-a.sql" relativeToChangelogFile="true"/>\n'
                "</databaseChangeLog>\n"
            ),
        },
        order="changelog",
        expect=r"db/changes/rename-tables\.sql",
    ),
    Case(
        "liquibase-named-without-changelog",
        {
            "db/changes/create-b.sql": LIQUIBASE.format("b", T),
            "db/changes/update-data.sql": LIQUIBASE.format("u", "SELECT 1;"),
        },
        refused=("db/changes/update-data.sql",),
    ),
    # A config whose paths list files and miss the new one gets it appended:
    # tests/test_migrate_listed_paths.py.
)


def _tree(root: Path, case: Case) -> None:
    for rel, text in case.files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    paths = ", ".join(f'"{p}"' for p in case.paths)
    (root / "dbnamelint.yaml").write_text(f"paths: [{paths}]\n", encoding="utf-8")
    (root / "whitelist.yaml").write_text("entries: []\n", encoding="utf-8")


def _tool_key(order: str | None, name: str) -> object:
    if order == "name":
        return name
    if order == "diesel":
        # diesel_migrations: version_from_string (up to `_`, dashes removed),
        # pending migrations sorted by it as text
        return name.split("_", 1)[0].replace("-", "")
    if order == "flyway":
        version = re.match(r"V([\d._]+)__", name)
        assert version, name
        return tuple(int(x) for x in re.split(r"[._]", version.group(1)))
    digits = re.match(r"[A-Za-z]*(\d+)", name)  # Authelia: V0001.x (by the number)
    assert digits, name
    return int(digits.group(1))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_new_migration_replays_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: Case
) -> None:
    _tree(tmp_path, case)
    before = {
        p.relative_to(tmp_path).as_posix(): p.read_text()
        for p in tmp_path.rglob("*")
        if p.is_file()
    }
    monkeypatch.chdir(tmp_path)
    args = ["migrate", "--rename", "t=t_new", "--write"]
    if case.layout:
        args += ["--layout", case.layout]
    result = CliRunner().invoke(cli, args)
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    after = {
        p.relative_to(tmp_path).as_posix(): p.read_text()
        for p in tmp_path.rglob("*")
        if p.is_file()
    }
    if case.refused:
        assert result.exit_code == 2, result.output
        for text in case.refused:
            assert text in result.stderr, result.stderr
        assert after == before  # nothing written, or all of it taken back
        return
    assert result.exit_code == 0, result.stderr
    wrote = re.findall(r"^wrote (\S+) \((forward|forward\+rollback)\)$", result.stderr, re.M)
    assert len(wrote) == 1, result.stderr
    forward = wrote[0][0]
    assert re.fullmatch(case.expect, forward), forward

    # dbnamelint's order: the new file after every other file of the tree's walk.
    found, problems = discover(list(case.paths), SourceSettings(root=tmp_path))
    assert not problems
    order = [f.path for f in found]
    assert order[-1] == forward or (case.order == "flyway" and order[-2] == forward), order
    loaded = load_files(found, tmp_path)
    tables = {o.name for o in loaded.schema.objects if o.kind is ObjectKind.TABLE}
    assert "t_new" in tables and "t" not in tables
    assert not [d for d in loaded.schema.diagnostics if d.code == "DBN011"]

    # The tool's own order.
    new = Path(forward)
    if case.order == "changelog":
        master = next(tmp_path.rglob("*changelog*.*ml"))
        includes = liquibase_includes(master)
        assert includes[-1].endswith(new.name), includes
        assert len(includes) == 3
    elif case.layout is None and new.name in ("up.sql", "migration.sql"):
        siblings = sorted(p.name for p in (tmp_path / new.parent.parent).iterdir())
        assert max(siblings, key=lambda n: _tool_key(case.order, n)) == new.parent.name
    else:
        folder = tmp_path / new.parent
        names = [
            p.name
            for p in folder.iterdir()
            if (p.suffix == ".sql" or p.name.endswith(".sql.postgres"))
            and ".down.sql" not in p.name
            and not p.name.startswith(("U", "R__"))
        ]
        if case.order == "flyway":
            names += [p.name for p in folder.rglob("V*.sql")]
        assert max(names, key=lambda n: _tool_key(case.order, n)) == new.name, names
    if "sql-migrate" in case.id or "goose" in case.id or "dbmate" in case.id:
        assert not any(p.endswith(".down.sql") for p in after)  # one file, both sections


def test_same_day_date_named_file_sorts_before_by_name(tmp_path: Path) -> None:
    """Supabase applies files in name order, where ``20300102_x`` comes after
    ``20300102030405_y`` (``_`` sorts after digits): a migration written that
    day takes the next day's first second, after it both ways."""
    folder = tmp_path / "supabase" / "migrations"
    folder.mkdir(parents=True)
    anchor = folder / "20300102_init.sql"
    anchor.write_text(T)
    files = plan_files(
        Layout.TIMESTAMPED,
        anchor,
        "rename",
        "FWD;\n",
        "BACK;\n",
        now=datetime(2030, 1, 2, 3, 4, 5),
        replayed=[anchor],
    )
    assert files[0].path.name == "20300103000000_rename.sql"
    assert sorted([anchor.name, files[0].path.name])[-1] == files[0].path.name


@pytest.mark.parametrize(
    ("layout", "names", "expected"),
    [
        # Phase 1 written as 22000000000000_x, its cleanup as 22000000000001_x:
        # one past 22000000000000 is taken, even though rename_phase_2 sorts
        # after drop_compatibility_views.
        (
            Layout.PRISMA,
            ["01_init", "22000000000000_rename_phase_1", "22000000000001_drop_compatibility_views"],
            "22000000000002_rename_phase_2",
        ),
        # A migration written in the same second as the last one: not its version.
        (Layout.PRISMA, ["20300102030405_a"], "20300102030406_rename_phase_2"),
        (Layout.TIMESTAMPED, ["20300102030405_a.sql"], "20300102030406_rename_phase_2.sql"),
        (Layout.DBMATE, ["20300102030405_a.sql"], "20300102030406_rename_phase_2.sql"),
        (Layout.GOOSE, ["20300102030405_a.sql"], "20300102030406_rename_phase_2.sql"),
    ],
)
def test_a_new_version_is_never_one_already_taken(
    tmp_path: Path, layout: Layout, names: list[str], expected: str
) -> None:
    """A version names one migration (``DBN016``; goose refuses a second file of
    it, dbmate skips it): a name that sorts after another of the same version
    is not enough."""
    root = tmp_path / "migrations"
    sections = {Layout.DBMATE: DBMATE, Layout.GOOSE: GOOSE}
    text = sections[layout].format(T) if layout in sections else T
    paths = []
    for name in names:
        if layout is Layout.PRISMA:
            (root / name).mkdir(parents=True)
            paths.append(root / name / "migration.sql")
        else:
            root.mkdir(exist_ok=True)
            paths.append(root / name)
        paths[-1].write_text(text)
    files = plan_files(
        layout,
        paths[-1],
        "rename_phase_2",
        "FWD;\n",
        "BACK;\n",
        now=datetime(2030, 1, 2, 3, 4, 5),
        replayed=paths,
    )
    written = files[0].path
    assert (written.parent.name if layout is Layout.PRISMA else written.name) == expected


def test_a_migration_the_run_leaves_out_still_orders_the_tool(tmp_path: Path) -> None:
    """Supabase applies every ``<version>_x.sql`` of its folder in name order,
    also one the config leaves out of the checked paths: a new file goes after it."""
    folder = tmp_path / "supabase" / "migrations"
    folder.mkdir(parents=True)
    anchor = folder / "20250101000000_init.sql"
    anchor.write_text(T)
    (folder / "20991231000000_later.sql").write_text("SELECT 1;\n")
    files = plan_files(
        Layout.TIMESTAMPED,
        anchor,
        "rename",
        "FWD;\n",
        "BACK;\n",
        now=datetime(2030, 1, 2, 3, 4, 5),
        replayed=[anchor],  # 20991231000000_later.sql excluded
    )
    assert files[0].path.name == "20991231000001_rename.sql"


def test_a_diesel_refusal_counts_the_tries_and_does_not_advise_renaming(tmp_path: Path) -> None:
    """Nothing Diesel names sorts after ``99999999999999`` as text (one past it is
    ``100000000000000``, before it as text); the version is the key of
    ``__diesel_schema_migrations``, so renaming that applied migration would
    make Diesel run it again: the refusal must not advise it, nor list every try."""
    root = tmp_path / "migrations"
    names = [f"2017-09-{d:02d}-000000_m{d}" for d in range(1, 29)]
    names += ["20140924113530_dumped", "99999999999999_future"]
    for name in names:
        (root / name).mkdir(parents=True)
        (root / name / "up.sql").write_text(T)
    anchor = root / names[-1] / "up.sql"
    with pytest.raises(LayoutError) as refused:
        plan_files(
            Layout.DIESEL,
            anchor,
            "rename",
            "FWD;\n",
            "BACK;\n",
            now=datetime(2030, 1, 2, 3, 4, 5),
            replayed=[root / n / "up.sql" for n in names],
        )
    message = str(refused.value)
    assert re.search(r"\(tried 3\d versions\): \d{14}_\w+ sorts after", message), message
    assert "2030" not in message  # the candidates are counted, not listed
    assert not re.search(r"rename \d{14}_\w+ to", message)
    assert "apply it again" in message


def test_changelog_edit_keeps_line_endings_and_last_line(tmp_path: Path) -> None:
    """A CRLF master whose last line has no line break (as Windows editors leave
    it) gets the new include in the same style, and Liquibase's own YAML reading
    of it lists the new file last."""
    master = tmp_path / "db" / "changelog" / "db.changelog-master.yaml"
    changes = master.parent / "changes"
    changes.mkdir(parents=True)
    (changes / "create-t.sql").write_text(LIQUIBASE.format("t", T))
    text = (
        "databaseChangeLog:\r\n"
        "  - include:\r\n      file: /db/changelog/changes/create-t.sql\r\n"
        "  - include:\r\n      file: /db/changelog/changes/seed.sql"
    )
    master.write_bytes(text.encode())
    (changes / "seed.sql").write_text(LIQUIBASE.format("s", "SELECT 1;"))
    files = plan_files(
        Layout.LIQUIBASE,
        changes / "create-t.sql",
        "rename_t",
        "FWD;\n",
        "BACK;\n",
        now=datetime(2030, 1, 1),
        root=tmp_path,
    )
    edit = next(f for f in files if f.role == "changelog")
    assert edit.replaces == text
    assert edit.text == (
        text + "\r\n  - include:\r\n      file: /db/changelog/changes/rename-t.sql"
    )
    master.write_bytes(edit.text.encode())
    assert liquibase_includes(master)[-1] == "/db/changelog/changes/rename-t.sql"


# --- on a real PostgreSQL, in each tool's own order ----------------------------------------

_SECTION_MARKS = {
    "goose": ("-- +goose up", "-- +goose down"),
    "sql-migrate": ("-- +migrate up", "-- +migrate down"),
    "dbmate": ("-- migrate:up", "-- migrate:down"),
}


def _section(text: str, keep: str, skip: str) -> str:
    """The lines after ``keep`` markers up to a ``skip`` marker (the tools' own rule)."""
    out, on = [], True
    for line in text.splitlines():
        low = line.strip().lower()
        if low.startswith(keep):
            on = True
        elif low.startswith(skip):
            on = False
        elif on:
            out.append(line)
    return "\n".join(out) + "\n"


def _tool_scripts(case: Case, root: Path, forward: Path) -> tuple[list[str], str]:
    """Every forward script in the tool's order (the new one last) and the new rollback."""
    tool = next((t for t in _SECTION_MARKS if t in case.id), None)
    if tool is not None:
        up, down = _SECTION_MARKS[tool]
        files = sorted(forward.parent.glob("*.sql"), key=lambda p: _tool_key(case.order, p.name))
        return [_section(p.read_text(), up, down) for p in files], _section(
            forward.read_text(), down, up
        )
    if case.order == "changelog":
        master = next(root.rglob("*changelog*.*ml"))
        files = [next(root.rglob(Path(include).name)) for include in liquibase_includes(master)]
        # Liquibase's own pattern for a rollback line: `--[\s]*rollback (.*)`
        rollback = "\n".join(
            found.group(1)
            for line in forward.read_text().splitlines()
            if (found := re.match(r"--\s*rollback (.*)", line))
        )
        return [p.read_text() for p in files], rollback
    if forward.name in ("up.sql", "migration.sql"):
        folders = sorted(
            (p for p in forward.parent.parent.iterdir() if (p / forward.name).exists()),
            key=lambda p: _tool_key(case.order, p.name),
        )
        return [(p / forward.name).read_text() for p in folders], (
            forward.parent / "down.sql"
        ).read_text()
    if case.order == "flyway":
        files = sorted(forward.parent.rglob("V*__*.sql"), key=lambda p: _tool_key("flyway", p.name))
        undo = forward.with_name("U" + forward.name[1:])
        return [p.read_text() for p in files], undo.read_text()
    if forward.name.endswith(".up.sql"):
        files = sorted(forward.parent.glob("*.up.sql"), key=lambda p: _tool_key(None, p.name))
        down = forward.with_name(forward.name.replace(".up.sql", ".down.sql"))
        return [p.read_text() for p in files], down.read_text()
    if case.order == "name":  # Supabase: rollbacks beside the migrations folder
        files = sorted(forward.parent.glob("*.sql"), key=lambda p: p.name)
        return [p.read_text() for p in files], (
            forward.parent.parent / "rollbacks" / forward.name
        ).read_text()
    # numbered, and module folders: psql over the files in the walk's order
    files = [root / f.path for f in discover(list(case.paths), SourceSettings(root=root))[0]]
    # the rollback out of the folder (a runner of every *.sql there would run it)
    rollbacks = forward.parent.parent / "rollbacks"
    if forward.parent == root:
        rollbacks = root / "rollbacks"
    elif len(case.paths) > 1:  # sibling migration folders: one rollbacks/<folder>/ each
        rollbacks = rollbacks / forward.parent.name
    return [p.read_text() for p in files], (rollbacks / forward.name).read_text()


@pytest.mark.slow
@pytest.mark.parametrize("case", [c for c in CASES if not c.refused], ids=lambda c: c.id)
def test_written_migration_applies_in_tool_order_and_rolls_back(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: Case
) -> None:
    """Every migration in the tool's order, then the new one, on PostgreSQL; its
    rollback (Down section, ``U`` file, ``down.sql``, ``--rollback`` lines,
    ``rollbacks/``) gives back the schema ``pg_dump`` showed before."""
    _tree(tmp_path, case)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "t=t_new", "--write"])
    assert result.exit_code == 0, result.stderr
    forward = (
        tmp_path
        / re.findall(r"^wrote (\S+) \((?:forward|forward\+rollback)\)$", result.stderr, re.M)[0]
    )
    scripts, rollback = _tool_scripts(case, tmp_path, forward)
    assert scripts[-1] != "" and forward.read_text().count("RENAME") >= 1
    with pg.fresh_database("dbnl_layouts") as db:
        for script in scripts[:-1]:
            pg.run(sql=script, dbname=db)
        before = pg.query_json(_SHAPE, db)
        pg.run(sql=scripts[-1], dbname=db)
        tables = {r["name"] for r in pg.query_json(_SHAPE, db) if r["kind"] == "r"}
        assert "t_new" in tables and "t" not in tables
        pg.run(sql=rollback, dbname=db)
        assert pg.query_json(_SHAPE, db) == before


#: Every relation and constraint by name: what a rename changes and a rollback restores.
_SHAPE = (
    "SELECT c.relname AS name, c.relkind::text AS kind FROM pg_class c "
    "WHERE c.relnamespace = 'public'::regnamespace "
    "UNION ALL SELECT conname, 'k' FROM pg_constraint "
    "WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2"
)


def test_memos_version_folders_keep_the_double_underscore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """memos' ``0.N/NN__slug.sql`` (trial s37): the newest version folder's
    next number, ``__`` kept (its runner reads ``Atoi`` of what precedes
    ``__``: ``03_rename_tables.sql`` stopped every start), the rollback in
    ``rollbacks/<version>/`` out of the runner's ``*/*.sql`` glob."""
    _tree(
        tmp_path,
        Case(
            "memos",
            {"db/0.9/00__init.sql": T, "db/0.10/00__more.sql": "SELECT 1;\n"},
        ),
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "t=t_new", "--write"])
    assert result.exit_code == 0, result.stderr
    written = re.findall(r"^wrote (\S+) \((forward|rollback)\)$", result.stderr, re.M)
    assert written == [
        ("db/0.10/01__rename_tables.sql", "forward"),
        ("db/rollbacks/0.10/01__rename_tables.sql", "rollback"),
    ]
