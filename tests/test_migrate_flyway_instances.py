"""Several Flyway instances in one database, and one instance's several locations.

conductor keeps a Flyway instance per module: the core's
``migration_postgres`` (with ``migration_postgres_notify`` among its
``locations``) and the scheduler's ``migration_scheduler`` with its own
history table. ``migrate`` puts each table's renames in the instance that
created it, numbered after that instance's versions only (trial s19 #1).
Config ``flyway_locations`` names the folders one instance runs together:
they replay in Flyway's merged version order and share one version space
(DBN016) (trial s19 #2). The oracle is a real PostgreSQL: each instance's
files are applied in Flyway's order, the written ones after them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import pg_server
from dbnamelint.cli import cli
from dbnamelint.flyway_baselines import version_of
from git_helpers import committed_repo

CORE = "core/db/migration_postgres"
NOTIFY = "core/db/migration_postgres_notify"
SCHED = "scheduler/db/migration_scheduler"


def _tree(config: str) -> dict[str, str]:
    files = {
        "dbnamelint.yaml": config,
        f"{CORE}/V1__init.sql": "CREATE TABLE task (id int PRIMARY KEY);\n",
        f"{CORE}/V2__workflow.sql": "CREATE TABLE workflow (id int PRIMARY KEY);\n",
        f"{NOTIFY}/V2.1__notify.sql": "ALTER TABLE task ADD COLUMN note text;\n",
        f"{SCHED}/V5__scheduler.sql": "CREATE TABLE scheduler (id int PRIMARY KEY);\n",
    }
    for n in range(1, 5):
        files[f"{SCHED}/V{n}__s{n}.sql"] = f"CREATE TABLE s{n} (id int);\n"
    return files


def _migrate(*args: str) -> str:
    done = CliRunner().invoke(
        cli,
        [
            "migrate",
            "--rename",
            "task=tasks",
            "--rename",
            "workflow=workflows",
            "--rename",
            "scheduler=schedulers",
            *args,
        ],
    )
    assert done.exit_code == 0, done.output
    return done.output


def _versioned(root: Path, *folders: str) -> list[Path]:
    """The ``V`` files of ``folders``, in Flyway's merged version order."""
    found = [p for f in folders for p in (root / f).glob("V*__*.sql")]
    return sorted(found, key=lambda p: version_of(re.match(r"V([\d._]+)__", p.name)[1]))  # type: ignore[index]


CONFIGURED = (
    f"paths: [.]\ndialect: postgres\nflyway_locations:\n  - [{CORE}, {NOTIFY}]\n  - [{SCHED}]\n"
)


def test_each_instance_gets_its_own_renames_and_versions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: pg_server.PgServer
) -> None:
    committed_repo(tmp_path, _tree(CONFIGURED), monkeypatch)
    _migrate("--write")
    written = sorted(
        p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*rename_tables*.sql")
    )
    # the core's last file touching its tables is notify's V2.1: after the
    # instance's highest version (2.1), never after the scheduler's V5
    assert written == [
        f"{NOTIFY}/U2.2__rename_tables.sql",
        f"{NOTIFY}/V2.2__rename_tables.sql",
        f"{SCHED}/U6__rename_tables.sql",
        f"{SCHED}/V6__rename_tables.sql",
    ]
    core = (tmp_path / NOTIFY / "V2.2__rename_tables.sql").read_text()
    sched = (tmp_path / SCHED / "V6__rename_tables.sql").read_text()
    assert '"scheduler"' not in core and '"task"' not in sched
    # the scheduler's instance first (conductor's fresh install), then the core's
    with pg.fresh_database("flyway_instances") as db:
        pg.run(files=_versioned(tmp_path, SCHED), dbname=db)
        pg.run(files=_versioned(tmp_path, CORE, NOTIFY), dbname=db)
        rows = pg.query_json(
            "SELECT c.relname, c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v')",
            dbname=db,
        )
    kinds = {r["relname"]: r["kind"] for r in rows}
    for old, new in (("task", "tasks"), ("workflow", "workflows"), ("scheduler", "schedulers")):
        assert (kinds[new], kinds[old]) == ("r", "v")
    # the cleanup too: each instance drops its own compatibility views
    done = CliRunner().invoke(cli, ["migrate", "--cleanup", "--write"])
    assert done.exit_code == 0, done.output
    dropped = sorted(
        p.relative_to(tmp_path).as_posix()
        for p in tmp_path.rglob("V*drop_compatibility_views*.sql")
    )
    assert dropped == [
        f"{NOTIFY}/V2.3__drop_compatibility_views.sql",
        f"{SCHED}/V7__drop_compatibility_views.sql",
    ]
    with pg.fresh_database("flyway_instances") as db:
        pg.run(files=_versioned(tmp_path, SCHED), dbname=db)
        pg.run(files=_versioned(tmp_path, CORE, NOTIFY), dbname=db)
        rows = pg.query_json(
            "SELECT c.relname, c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v')",
            dbname=db,
        )
    assert {r["relname"]: r["kind"] for r in rows} == {
        **{f"s{n}": "r" for n in range(1, 5)},
        "tasks": "r",
        "workflows": "r",
        "schedulers": "r",
    }


def test_without_the_key_each_folder_is_an_instance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two sibling Flyway folders: one file each, never one for both (mini2)."""
    files = {
        "dbnamelint.yaml": "paths: [.]\ndialect: postgres\n",
        "core/db/migration/V1__init.sql": "CREATE TABLE task (id int PRIMARY KEY);\n",
        "scheduler/db/migration_scheduler/V1__sched.sql": (
            "CREATE TABLE scheduler (id int PRIMARY KEY);\n"
        ),
    }
    committed_repo(tmp_path, files, monkeypatch)
    done = CliRunner().invoke(
        cli, ["migrate", "--rename", "task=tasks", "--rename", "scheduler=schedulers", "--write"]
    )
    assert done.exit_code == 0, done.output
    assert (tmp_path / "core/db/migration/V2__rename_tables.sql").is_file()
    assert (tmp_path / "scheduler/db/migration_scheduler/V2__rename_tables.sql").is_file()
    # each instance keeps its own history table: one row each to delete by hand
    assert (
        "for scheduler/db/migration_scheduler/U2__rename_tables.sql: DELETE FROM "
        "flyway_schema_history WHERE version = '2'"
    ) in done.output


MINI1 = {
    "db/migration_main/V1__init.sql": "CREATE TABLE jobs (id int PRIMARY KEY);\n",
    "db/migration_extra/V1.1__idx.sql": "CREATE INDEX jobs_id_idx ON jobs (id);\n",
    "db/migration_main/V2__rename.sql": "ALTER TABLE jobs RENAME TO job_runs;\n",
}


def _check(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, ["check", *args])
    return done.exit_code, done.output


def test_configured_locations_replay_in_version_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = "paths: [db]\ndialect: postgres\n"
    committed_repo(tmp_path / "apart", {"dbnamelint.yaml": config, **MINI1}, monkeypatch)
    code, output = _check("--select", "DBN011")
    assert "DBN011" in output  # folder by folder: V1.1 replays after V2's rename
    together = config + "flyway_locations: [[db/migration_main, db/migration_extra]]\n"
    committed_repo(tmp_path / "one", {"dbnamelint.yaml": together, **MINI1}, monkeypatch)
    code, output = _check("--select", "DBN011")
    assert (code, "DBN011" in output) == (0, False), output
    # PostgreSQL agrees with that order: V1, V1.1, V2 run
    code, output = _check("--select", "DBN0", "--format", "json")
    assert code == 0, output


def test_one_version_in_two_locations_of_an_instance_is_dbn016(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "dbnamelint.yaml": (
            "paths: [db]\ndialect: postgres\n"
            "flyway_locations: [[db/migration_main, db/migration_extra]]\n"
        ),
        **MINI1,
        "db/migration_extra/V2__more.sql": "CREATE TABLE more (id int);\n",
    }
    committed_repo(tmp_path, files, monkeypatch)
    code, output = _check("--select", "DBN016")
    assert code == 1 and "DBN016" in output and "db/migration_extra/V2__more.sql" in output


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("[[]]", "flyway_locations[0]: an empty list"),
        ("[[db/a], [db/a/]]", "flyway_locations[1]: 'db/a/' is named twice"),
        ("[[/abs]]", "is not a folder relative to the config's folder"),
    ],
)
def test_bad_flyway_locations_are_config_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, message: str
) -> None:
    files = {"dbnamelint.yaml": f"paths: [db]\nflyway_locations: {value}\n", **MINI1}
    committed_repo(tmp_path, files, monkeypatch)
    code, output = _check()
    assert code == 2 and message in output and "dbnamelint.yaml:2" in output, output


def test_a_version_below_a_sibling_folder_asks_for_flyway_locations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """conductor without the key: the notify folder's V10.2 sorts below the
    sibling ``migration_postgres``' V18, which one Flyway running both refuses."""
    files = {
        f"{CORE}/V1__init.sql": "CREATE TABLE task (id int PRIMARY KEY);\n",
        f"{CORE}/V2__workflow.sql": "CREATE TABLE workflow (id int PRIMARY KEY);\n",
        f"{NOTIFY}/V1.1__notify.sql": "ALTER TABLE task ADD COLUMN note text;\n",
    }
    config = "paths: [.]\ndialect: postgres\n"
    committed_repo(tmp_path / "apart", {"dbnamelint.yaml": config, **files}, monkeypatch)
    done = CliRunner().invoke(cli, ["migrate", "--rename", "task=tasks"])
    assert done.exit_code == 0, done.output
    assert f"{NOTIFY}/V1.2__rename_tables.sql (forward)" in done.output
    assert f"V1.2__rename_tables.sql sorts below {CORE}/V2__workflow.sql" in " ".join(
        done.output.split()
    )
    together = config + f"flyway_locations: [[{CORE}, {NOTIFY}]]\n"
    committed_repo(tmp_path / "one", {"dbnamelint.yaml": together, **files}, monkeypatch)
    done = CliRunner().invoke(cli, ["migrate", "--rename", "task=tasks"])
    assert done.exit_code == 0, done.output
    assert f"{NOTIFY}/V3__rename_tables.sql (forward)" in done.output
    assert "sorts below" not in done.output


def test_a_write_is_checked_in_the_merged_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new ``V4`` follows ``migration_extra/V2`` in Flyway's order, though
    a folder-by-folder walk reads that file after it: the write stands."""
    files = {
        "dbnamelint.yaml": (
            "paths: [db]\ndialect: postgres\n"
            "flyway_locations: [[db/migration_main, db/migration_extra]]\n"
        ),
        "db/migration_main/V1__init.sql": "CREATE TABLE jobs (id int PRIMARY KEY);\n",
        "db/migration_extra/V2__idx.sql": "CREATE INDEX jobs_id_idx ON jobs (id);\n",
        "db/migration_main/V3__note.sql": "ALTER TABLE jobs ADD COLUMN note text;\n",
    }
    committed_repo(tmp_path, files, monkeypatch)
    done = CliRunner().invoke(cli, ["migrate", "--rename", "jobs=job_runs", "--write"])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "db/migration_main/V4__rename_tables.sql").is_file()


def test_the_gate_compares_versions_across_an_instance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new ``migration_extra/V1.5`` below the committed ``migration_main/V2``
    of the same instance: Flyway refuses it on a database past V2 (DBN016)."""
    files = {
        "dbnamelint.yaml": (
            "paths: [db]\ndialect: postgres\n"
            "flyway_locations: [[db/migration_main, db/migration_extra]]\n"
        ),
        "db/migration_main/V1__init.sql": "CREATE TABLE jobs (id int PRIMARY KEY);\n",
        "db/migration_main/V2__more.sql": "CREATE TABLE more (id int PRIMARY KEY);\n",
    }
    committed_repo(tmp_path, files, monkeypatch)
    (tmp_path / "db/migration_extra").mkdir()
    (tmp_path / "db/migration_extra/V1.5__idx.sql").write_text(
        "CREATE INDEX jobs_id_idx ON jobs (id);\n"
    )
    code, output = _check("--base", "HEAD", "--select", "DBN016")
    assert code == 1 and "DBN016" in output and "V1.5__idx.sql" in output, output


def test_a_version_a_sibling_folder_holds_asks_for_flyway_locations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s29: ``flyway.locations=db/migration,db/seed`` (one Flyway, one
    database) without the config's key: the new ``db/migration/V2__`` takes
    the version ``db/seed/V2__seed.sql`` holds, which one Flyway running both
    refuses on every database (``CompositeMigrationResolver``: "Found more
    than one migration with version 2"); the plan said nothing, as only a
    version sorting below a sibling's was noted. With the key, one migration
    for the phase, numbered after both folders."""
    files = {
        "db/migration/V1__init.sql": "CREATE TABLE task (id int PRIMARY KEY);\n",
        "db/seed/V2__seed.sql": (
            "CREATE TABLE seeds (id int PRIMARY KEY, task_id int REFERENCES task (id));\n"
        ),
    }
    config = "paths: [db]\ndialect: postgres\n"
    committed_repo(tmp_path / "apart", {"dbnamelint.yaml": config, **files}, monkeypatch)
    done = CliRunner().invoke(
        cli, ["migrate", "--rename", "task=tasks", "--rename", "seeds=seed_rows"]
    )
    assert done.exit_code == 0, done.output
    text = " ".join(done.output.split())
    assert "db/migration/V2__rename_tables.sql (forward)" in text
    assert (
        "V2__rename_tables.sql has the version of db/seed/V2__seed.sql (sibling folders read "
        "as other Flyway instances); if one Flyway runs these folders together (its "
        "locations), it refuses every migrate, a new database's too (\"Found more than one "
        'migration with version 2"): name them in the config (flyway_locations: '
        "[[db/migration, db/seed]]) and run migrate again"
    ) in text
    together = config + "flyway_locations: [[db/migration, db/seed]]\n"
    committed_repo(tmp_path / "one", {"dbnamelint.yaml": together, **files}, monkeypatch)
    done = CliRunner().invoke(
        cli, ["migrate", "--rename", "task=tasks", "--rename", "seeds=seed_rows"]
    )
    assert done.exit_code == 0, done.output
    forwards = re.findall(r"(\S+) \(forward\)", done.output)
    assert forwards == ["db/seed/V3__rename_tables.sql"]
    assert "has the version of" not in done.output
