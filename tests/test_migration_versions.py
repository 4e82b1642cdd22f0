"""Two migrations of one folder with one version are DBN016 (trial s6-t2 finding 6).

The oracle is each tool's documented refusal: Flyway's resolver throws "Found
more than one migration with version N" (``1.0`` and ``1`` are one version),
golang-migrate's source driver "duplicate migration file" for a second file of
one version and direction, goose panics "duplicate version N detected". The
real corpus (Ory Kratos: one version per dialect copy, up and down) must stay
free of it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.migration_versions import duplicate_versions
from dbnamelint.model import SourceFile

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


def run(
    root: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, dict[str, Any]]:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mysql\n", encoding="utf-8")
    monkeypatch.chdir(root)
    done = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json"])
    return done.exit_code, json.loads(done.stdout)


def dbn015(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (d["path"], d["severity"], d["message"])
        for d in report["diagnostics"]
        if d["code"] == "DBN016"
    ]


def test_flyway_v2_twice_is_an_error_on_the_later_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, report = run(
        tmp_path,
        {
            "db/V1__init.sql": "CREATE TABLE users (id int);\n",
            "db/V2__a.sql": "CREATE TABLE orders (id int);\n",
            "db/V2__b.sql": "CREATE TABLE items (id int);\n",
        },
        monkeypatch,
    )
    assert code == 1
    [(path, severity, message)] = dbn015(report)
    assert (path, severity) == ("db/V2__b.sql", "error")
    assert "version 2 is also db/V2__a.sql's" in message
    assert "Found more than one migration with version" in message


def test_flyway_1_0_is_version_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _code, report = run(
        tmp_path,
        {
            "db/V1__init.sql": "CREATE TABLE users (id int);\n",
            "db/V1.0__again.sql": "CREATE TABLE orders (id int);\n",
            "db/V1.1__next.sql": "CREATE TABLE items (id int);\n",
        },
        monkeypatch,
    )
    assert [p for p, _s, _m in dbn015(report)] == ["db/V1.0__again.sql"]


def test_golang_migrate_up_and_down_of_one_version_are_not_duplicates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "db/000001_init.up.sql": "CREATE TABLE users (id int);\n",
        "db/000001_init.down.sql": "DROP TABLE users;\n",
        "db/000002_orders.up.sql": "CREATE TABLE orders (id int);\n",
    }
    code, report = run(tmp_path, files, monkeypatch)
    assert code == 0 and dbn015(report) == []
    (tmp_path / "db/000002_items.up.sql").write_text("CREATE TABLE items (id int);\n")
    code, report = run(tmp_path, {}, monkeypatch)
    assert code == 1
    [(path, severity, message)] = dbn015(report)
    assert (path, severity) == ("db/000002_orders.up.sql", "error")  # replay order: items first
    assert "duplicate migration file" in message


def test_numbered_files_from_two_merged_phase_branches_warn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What two branches that each ran ``migrate --write --layout numbered`` leave."""
    code, report = run(
        tmp_path,
        {
            "db/001-init.sql": "CREATE TABLE users (id int);\nCREATE TABLE orders (id int);\n",
            "db/002-more.sql": "CREATE TABLE items (id int);\n",
            "db/003-rename-phase-a.sql": "ALTER TABLE users RENAME TO app_users;\n",
            "db/003-rename-phase-a.down.sql": "ALTER TABLE app_users RENAME TO users;\n",
            "db/003-rename-phase-b.sql": "ALTER TABLE orders RENAME TO app_orders;\n",
            "db/003-rename-phase-b.down.sql": "ALTER TABLE app_orders RENAME TO orders;\n",
        },
        monkeypatch,
    )
    assert code == 0  # a warning: a hand-written runner may accept it
    [(path, severity, message)] = dbn015(report)
    assert (path, severity) == ("db/003-rename-phase-b.sql", "warning")
    assert "db/003-rename-phase-a.sql" in message and "goose" in message


def test_other_folders_and_dialect_copies_are_not_duplicates() -> None:
    files = [
        SourceFile("a/V2__x.sql", "mysql", None),
        SourceFile("b/V2__x.sql", "mysql", None),
        SourceFile("m/20210101000000_users.mysql.up.sql", "mysql", None),
        SourceFile("m/20210101000000_users.postgres.up.sql", "postgres", None),
        SourceFile("m/20210101000000_users.cockroach.up.sql", "postgres", None),
        SourceFile("s/54/full.sql.postgres", "postgres", None),
        SourceFile("s/54/full.sql.sqlite", "sqlite", None),
        SourceFile("n/notes.sql", "mysql", None),
    ]
    assert duplicate_versions(files) == ()
    twice = [
        SourceFile("g/00002_a.sql", "postgres", None),
        SourceFile("g/2_b.sql", "postgres", None),
    ]
    [found] = duplicate_versions(twice)
    assert found.location.path == "g/2_b.sql" and found.code == "DBN016"


def test_a_date_and_time_of_day_is_one_version() -> None:
    """photoprism's runner names its migrations ``20220329-030000.sql`` (its
    ``migrate`` package reads the whole name as the ID; ``.pre.sql`` is an
    earlier stage of the same ID): two times of one day are no duplicates
    (trial s24: 23 DBN016 warnings on photoprism's own numbering)."""
    files = [
        SourceFile("mysql/20220329-030000.sql", "mysql", None),
        SourceFile("mysql/20220329-040000.pre.sql", "mysql", None),
        SourceFile("mysql/20220329-040000.sql", "mysql", None),
        SourceFile("mysql/20220329-061000.sql", "mysql", None),
    ]
    assert duplicate_versions(files) == ()
    [found] = duplicate_versions([*files, SourceFile("mysql/20220329-061000-x.sql", "mysql", None)])
    assert found.code == "DBN016" and "20220329-061000" in found.message


def test_a_dbn015_can_be_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(
        tmp_path,
        {
            "db/V2__a.sql": "CREATE TABLE a (id int);\n",
            "db/V2__b.sql": "CREATE TABLE b (id int);\n",
        },
        monkeypatch,
    )
    done = CliRunner().invoke(cli, ["check", "--no-cache", "--ignore", "DBN016"])
    assert done.exit_code == 0, done.output


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
def test_the_real_corpus_has_no_duplicate_versions() -> None:
    from dbnamelint.frontends.sql.sources import SourceSettings, discover

    checked = 0
    for project in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        for include_down in (False, True):
            files, _ = discover(
                [str(project)], SourceSettings(root=project, include_down=include_down)
            )
            assert duplicate_versions(files) == (), project.name
            checked += len(files)
    assert checked > 1000


def test_flyway_duplicate_in_a_subfolder_of_the_location_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Flyway scans a location recursively; ``3_1`` is version 3.1 (trial s6-t3 #7)."""
    code, report = run(
        tmp_path,
        {
            "db/V3.1__e.sql": "CREATE TABLE es (id int);\n",
            "db/sub/V3_1__f.sql": "CREATE TABLE fs (id int);\n",
        },
        monkeypatch,
    )
    assert code == 1
    [(path, severity, message)] = dbn015(report)
    pair = {"db/V3.1__e.sql", "db/sub/V3_1__f.sql"}
    assert path in pair and severity == "error"  # on the later one in replay order
    assert (pair - {path}).pop() in message and "Flyway" in message


def test_flyway_projects_in_sibling_folders_stay_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two modules, each its own Flyway location, may each have a V1."""
    _, report = run(
        tmp_path,
        {
            "db/a/V1__x.sql": "CREATE TABLE aas (id int);\n",
            "db/b/V1__y.sql": "CREATE TABLE bbs (id int);\n",
        },
        monkeypatch,
    )
    assert dbn015(report) == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("20240101000000_d.sql", "20240101000000_e.sql"),
        ("20240101000000_f.up.sql", "20240101000000_g.up.sql"),
    ],
)
def test_sqlx_crate_duplicate_is_an_error_that_names_sqlx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: str, second: str
) -> None:
    """sqlx keys ``_sqlx_migrations`` by the version (trial s6-t3 #17)."""
    (tmp_path / "Cargo.toml").write_text('[package]\nname="x"\n[dependencies]\nsqlx = "0.8"\n')
    code, report = run(
        tmp_path,
        {
            f"db/{first}": "CREATE TABLE dds (id int);\n",
            f"db/{second}": "CREATE TABLE ees (id int);\n",
        },
        monkeypatch,
    )
    assert code == 1
    [(path, severity, message)] = dbn015(report)
    assert (path, severity) == (f"db/{second}", "error")
    assert "sqlx" in message and "_sqlx_migrations_pkey" in message
    assert "goose" not in message and "golang-migrate" not in message


GOOSE = "-- +goose Up\n{sql}\n-- +goose Down\nSELECT 1;\n"
DBMATE = "-- migrate:up\n{sql}\n\n-- migrate:down\nSELECT 1;\n"
SQL_MIGRATE = "-- +migrate Up\n{sql}\n-- +migrate Down\nSELECT 1;\n"


@pytest.mark.parametrize(
    ("template", "tool", "severity", "code"),
    [
        # goose's collectMigrations: "goose: duplicate version N detected".
        pytest.param(GOOSE, "goose refuses the folder", "error", 1, id="goose"),
        # dbmate's FindMigrations marks a file applied by its version, and
        # schema_migrations.version is the primary key: never both applied.
        pytest.param(DBMATE, "dbmate keys schema_migrations", "error", 1, id="dbmate"),
        # sql-migrate's migration Id is the file name: both are applied, in
        # name order (an info note, not listed: tests/test_sql_migrate_reading.py).
        pytest.param(SQL_MIGRATE, "", "info", 0, id="sql-migrate"),
    ],
)
def test_same_second_versions_fail_where_the_tool_refuses_them(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    template: str,
    tool: str,
    severity: str,
    code: int,
) -> None:
    """Trial s7-t3 #11: two branches ran ``migrate --write`` in the same second."""
    exit_code, report = run(
        tmp_path,
        {
            "db/20261201191000_init.sql": template.format(
                sql="CREATE TABLE users (id int);\nCREATE TABLE notifiers (id int);"
            ),
            "db/20261201191839_rename_phase_rule_dbn504.sql": template.format(
                sql="ALTER TABLE users RENAME TO app_users;"
            ),
            "db/20261201191839_rename_tables.sql": template.format(
                sql="ALTER TABLE notifiers RENAME TO notifier_channels;"
            ),
        },
        monkeypatch,
    )
    assert exit_code == code
    if severity == "info":
        assert dbn015(report) == []
        return
    [(path, found, message)] = dbn015(report)
    assert (path, found) == ("db/20261201191839_rename_tables.sql", severity)
    assert tool in message and "20261201191839_rename_phase_rule_dbn504.sql" in message


def test_the_gate_fails_on_a_goose_duplicate_the_merge_introduces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from git_helpers import commit_all, init_repo

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    run(
        tmp_path,
        {"db/20261201191000_init.sql": GOOSE.format(sql="CREATE TABLE users (id int);")},
        monkeypatch,
    )
    init_repo(tmp_path, "init")
    for name in ("a", "b"):
        (tmp_path / f"db/20261201191839_{name}.sql").write_text(
            GOOSE.format(sql=f"CREATE TABLE {name}_things (id int);")
        )
    commit_all(tmp_path, "merge")
    done = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD~1"])
    assert done.exit_code == 1, done.output
    assert "db/20261201191839_b.sql:1:1: DBN016 error" in done.output


def test_liquibase_formatted_sql_files_have_no_versions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s8-t1 #5 (Xtages' ``00009-a`` / ``00009-b``). Liquibase keys a changeset by
    ``author:id`` and its file path (Liquibase docs, "DATABASECHANGELOG table": ID,
    AUTHOR, FILENAME) and runs files in the changelog's order, so a shared number in
    two formatted-SQL file names is no clash; renaming one would make Liquibase run it
    again. The same names without the Liquibase header still warn."""
    head = "-- liquibase formatted sql\n-- changeset x:{n}\n"
    files = {
        "db/00009-a.sql": head.format(n=1) + "CREATE TABLE t1 (id int);\n",
        "db/00009-b.sql": head.format(n=2) + "CREATE TABLE t2 (id int);\n",
    }
    code, report = run(tmp_path, files, monkeypatch)
    assert code == 0 and dbn015(report) == []
    for name, text in files.items():
        (tmp_path / name).write_text(text.split("\n", 2)[2], encoding="utf-8")
    _code, report = run(tmp_path, {}, monkeypatch)
    assert [p for p, _s, _m in dbn015(report)] == ["db/00009-b.sql"]


@pytest.mark.parametrize(
    ("go_mod", "severity", "code"),
    [
        # shiori (trial s10-t2 #1): its own runner names each file; 0000 twice is fine.
        (
            "module github.com/go-shiori/shiori\n\nrequire github.com/jmoiron/sqlx v1.3.5\n",
            "warning",
            0,
        ),
        ("module x\n\nrequire (\n\tgithub.com/golang-migrate/migrate/v4 v4.17.0\n)\n", "error", 1),
        (None, "error", 1),  # no Go module: the names say golang-migrate
    ],
)
def test_golang_migrate_names_in_a_go_module_that_does_not_use_it_warn(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    go_mod: str | None,
    severity: str,
    code: int,
) -> None:
    if go_mod is not None:
        (tmp_path / "go.mod").write_text(go_mod, encoding="utf-8")
    exit_code, report = run(
        tmp_path,
        {
            "db/0000_system_create.up.sql": "CREATE TABLE settings (id int);\n",
            "db/0000_system_insert.up.sql": "INSERT INTO settings VALUES (1);\n",
        },
        monkeypatch,
    )
    [(path, found, message)] = dbn015(report)
    assert (path, found, exit_code) == ("db/0000_system_insert.up.sql", severity, code)
    assert ("does not require golang-migrate" in message) is (severity == "warning")


@pytest.mark.parametrize(
    "twin",
    [
        "db/rollback/V1_30__retry_more.sql",
        "db/rollback/V1_30__retry.sql",
        "db/rollbacks/V1.30__x.sql",
    ],
)
def test_flyway_duplicate_in_a_rollback_subfolder_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, twin: str
) -> None:
    """Trial s28 kestra: a ``rollback/`` folder is a rollback to other tools,
    but Flyway scans its location recursively and takes every ``V`` name
    (``ResourceNameParser``): ``rollback/V1_30__x.sql`` is a second version
    1.30 ("Found more than one migration with version 1.30")."""
    code, report = run(
        tmp_path,
        {
            "db/V1__init.sql": "CREATE TABLE queues (id int);\n",
            "db/V1_30__retry.sql": "ALTER TABLE queues ADD COLUMN retry_count int;\n",
            twin: "ALTER TABLE queues ADD COLUMN retry_more int;\n",
        },
        monkeypatch,
    )
    assert code == 1
    [(path, severity, message)] = dbn015(report)
    pair = {"db/V1_30__retry.sql", twin}
    assert path in pair and severity == "error"
    assert (pair - {path}).pop() in message and "Found more than one migration" in message
    assert "move rollbacks out of the location" in message  # closing confirmation s28


def test_a_flyway_rollback_folder_holds_migrations_flyway_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Flyway runs ``rollback/V3__drop.sql`` as version 3: it is read and
    judged. Its undo ``U2__x.sql`` and a name Flyway passes over
    (``undo_retry.sql``) stay unread."""
    code, report = run(
        tmp_path,
        {
            "db/V1__init.sql": "CREATE TABLE queues (id int);\n",
            "db/V2__retry.sql": "ALTER TABLE queues ADD COLUMN retry_count int;\n",
            "db/rollback/V3__more.sql": "ALTER TABLE queues ADD COLUMN retryMore int;\n",
            "db/rollback/U2__retry.sql": "ALTER TABLE queues ADD COLUMN undoOne int;\n",
            "db/rollback/undo_retry.sql": "ALTER TABLE queues ADD COLUMN undoTwo int;\n",
        },
        monkeypatch,
    )
    named = {(f["path"], f["name"]) for f in report["findings"]}
    assert named == {("db/rollback/V3__more.sql", "retryMore")}
    assert code == 1


def test_the_rollback_folder_of_another_tool_stays_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Numbered migrations (no Flyway location): ``rollback/`` is not walked."""
    code, report = run(
        tmp_path,
        {
            "db/001_init.sql": "CREATE TABLE queues (id int);\n",
            "db/002_retry.sql": "ALTER TABLE queues ADD COLUMN retry_count int;\n",
            "db/rollback/V2__retry.sql": "ALTER TABLE queues ADD COLUMN retryMore int;\n",
            "db/rollback/002_retry.sql": "ALTER TABLE queues DROP COLUMN retry_count;\n",
        },
        monkeypatch,
    )
    assert (code, report["findings"], dbn015(report)) == (0, [], [])


@pytest.mark.parametrize("twin", ["db/rollback/V1__init.sql", "db/rollbacks/V1__drop.sql"])
def test_one_exactly_named_flyway_migration_makes_a_flyway_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, twin: str
) -> None:
    """Trial s29: a new Flyway project's only ``V1__init.sql`` beside its
    ``rollback/V1__init.sql`` was not taken for a Flyway location (two
    migrations were asked for), so the rollback folder was left out and
    Flyway's refusal ("Found more than one migration with version 1") went
    unsaid. One versioned migration named exactly as Flyway's defaults name
    it (``V``, a version, ``__``, ``.sql``, case-sensitive as
    ``ResourceNameParser`` matches them) is enough."""
    code, report = run(
        tmp_path,
        {
            "db/V1__init.sql": "CREATE TABLE queues (id int);\n",
            twin: "DROP TABLE queues;\n",
        },
        monkeypatch,
    )
    assert code == 1
    [(path, severity, message)] = dbn015(report)
    pair = {"db/V1__init.sql", twin}
    assert path in pair and severity == "error"
    assert (pair - {path}).pop() in message and "Found more than one migration" in message


@pytest.mark.parametrize(
    "only", ["db/v1__init.sql", "db/V1__init.SQL", "db/U1__init.sql", "db/V1_init.sql"]
)
def test_one_name_flyway_would_not_take_as_versioned_makes_no_flyway_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, only: str
) -> None:
    """Flyway matches ``V`` and ``.sql`` case-sensitively, and an undo
    migration or a single ``_`` is no versioned migration: one such file
    alone leaves ``rollback/`` a rollback folder, as before."""
    code, report = run(
        tmp_path,
        {
            only: "CREATE TABLE queues (id int);\n",
            "db/rollback/V1__init.sql": "DROP TABLE queues;\n",
        },
        monkeypatch,
    )
    assert (code, dbn015(report)) == (0, [])


def test_an_authelia_version_used_twice_is_an_error_that_names_authelia(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s33 (authelia): a second ``V0010.*.up.sql`` stopped every command with
    ``KeyError: 'Authelia'``. Authelia's loadMigrations (internal/storage/
    migrations.go) keeps both files of a version above the database's and skips
    both once that version is run (skipMigration), so a database past it never
    gets the second: the error README's DBN016 row promises."""
    code, report = run(
        tmp_path,
        {
            "db/V0009.Init.up.sql": "CREATE TABLE users (id int);\n",
            "db/V0010.Audit.up.sql": "CREATE TABLE audits (id int);\n",
            "db/V0010.AuditEvents.up.sql": "CREATE TABLE audit_events (id int);\n",
        },
        monkeypatch,
    )
    assert code == 1
    [(path, severity, message)] = dbn015(report)
    assert (path, severity) == ("db/V0010.AuditEvents.up.sql", "error")
    assert "is also db/V0010.Audit.up.sql's" in message
    assert "Authelia runs both on a new database" in message
