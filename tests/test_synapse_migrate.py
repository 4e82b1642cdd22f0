"""``migrate --write`` in Synapse's schema layout (trial s23 synapse).

Oracles: Synapse's ``synapse/storage/prepare_database.py``, ported below as
:func:`_synapse_order` (the stores' ``full_schemas/<N>`` files sorted
together by file name, then ``delta/<v>`` for ``v`` up to ``SCHEMA_VERSION``
likewise; ``x.sql`` everywhere, ``x.sql.postgres``/``x.sql.sqlite`` on their
engine only; two deltas of one version with one file name in any stores
refused with its ``PrepareDatabaseException``); real PostgreSQL (the whole
upgrade in one transaction, as ``prepare_database`` runs it) and sqlite3
(each file through ``executescript("BEGIN TRANSACTION; " + script)``, as
Synapse's ``Sqlite3Engine.executescript`` does).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.frontends.sql.sources import SourceSettings, discover
from pg_server import PgServer

SCHEMA = Path("synapse/storage/schema")

_RUNNER = """\
CREATE TABLE IF NOT EXISTS schema_version(
    Lock CHAR(1) NOT NULL DEFAULT 'X' UNIQUE,
    version INTEGER NOT NULL,
    upgraded BOOL NOT NULL,
    CHECK (Lock='X')
);
CREATE TABLE IF NOT EXISTS schema_compat_version(
    Lock CHAR(1) NOT NULL DEFAULT 'X' UNIQUE,
    compat_version INTEGER NOT NULL,
    CHECK (Lock='X')
);
CREATE TABLE IF NOT EXISTS applied_schema_deltas(
    version INTEGER NOT NULL,
    file TEXT NOT NULL,
    UNIQUE(version, file)
);
"""

_MAIN_FULL = """\
CREATE TABLE room_depth (room_id TEXT NOT NULL, min_depth BIGINT);
CREATE INDEX room_depth_room ON room_depth (room_id);
CREATE TABLE events (event_id TEXT NOT NULL, room_id TEXT NOT NULL);
"""

_STATE_FULL = """\
CREATE TABLE state_group_edge (state_group BIGINT NOT NULL, prev_state_group BIGINT NOT NULL);
CREATE INDEX state_group_edge_prev_idx ON state_group_edge (prev_state_group);
"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _tree(root: Path) -> Path:
    """A small Synapse schema: full schema 1, deltas 2 and 3, SCHEMA_VERSION 3."""
    schema = root / SCHEMA
    _write(schema / "__init__.py", "SCHEMA_VERSION = 3  # the current version\n")
    _write(schema / "common/schema_version.sql", _RUNNER)
    _write(schema / "common/full_schemas/1/README.txt", "nothing in common\n")
    (schema / "common/delta").mkdir(parents=True)
    for engine in ("postgres", "sqlite"):
        _write(schema / f"main/full_schemas/1/full.sql.{engine}", _MAIN_FULL)
        _write(schema / f"state/full_schemas/1/full.sql.{engine}", _STATE_FULL)
    _write(
        schema / "main/delta/2/01_user_directory.sql",
        "CREATE TABLE user_directory (user_id TEXT NOT NULL, room_id TEXT);\n"
        "CREATE UNIQUE INDEX user_directory_user_idx ON user_directory (user_id);\n",
    )
    _write(
        schema / "main/delta/3/01_events_sender.sql", "ALTER TABLE events ADD COLUMN sender TEXT;\n"
    )
    _write(
        schema / "main/delta/3/02_depth_index.sql.postgres",
        "CREATE INDEX room_depth_depth ON room_depth (min_depth);\n",
    )
    _write(
        schema / "main/delta/3/02_depth_index.sql.sqlite",
        "CREATE INDEX room_depth_depth ON room_depth (min_depth);\n",
    )
    _write(
        schema / "state/delta/3/01_state_edges.sql",
        "CREATE INDEX state_group_edge_idx ON state_group_edge (state_group);\n",
    )
    return schema


def _synapse_order(schema: Path, engine: str) -> list[Path]:
    """The files ``prepare_database`` runs on a new ``engine`` database, in its order."""
    version = 3
    stores = ["main", "state"]

    def runs(name: str) -> bool:
        return name.endswith(".sql") or name.endswith(f".sql.{engine}")

    out = [schema / "common/schema_version.sql"]
    full = [
        (p.name, p)
        for store in ["common", *stores]
        for p in (schema / store / "full_schemas/1").iterdir()
        if runs(p.name)
    ]
    out += [p for _, p in sorted(full)]
    for v in range(2, version + 1):
        entries = []
        names: Counter[str] = Counter()
        for store in ["common", *stores]:
            folder = schema / store / "delta" / str(v)
            if folder.is_dir():
                for p in folder.iterdir():
                    entries.append((p.name, str(p), p))
                    names[p.name] += 1
        duplicates = {n for n, c in names.items() if c > 1}
        if duplicates:  # prepare_database's PrepareDatabaseException
            raise AssertionError(f"Found multiple delta files with the same name in v{v}")
        out += [p for name, _, p in sorted(entries) if runs(name)]
    return out


def _synapse_postgres_sends(script: str) -> str:
    """The text PostgreSQL gets of a file Synapse runs: ``PostgresEngine.executescript``
    calls ``LoggingTransaction.execute(sql, ())``, whose ``convert_param_style``
    turns ``?`` into ``%s`` before psycopg2 %-formats the text with the empty
    parameter tuple (``%%`` -> ``%``; ``%s`` or a lone ``%`` fail: Synapse
    1.163's ``IndexError: tuple index out of range``, trial s38 synapse).
    Python's ``%`` operator formats as psycopg2 does."""
    return script.replace("?", "%s") % ()


def _migrate(dialect: str, *extra: str) -> str:
    result = CliRunner().invoke(
        cli,
        [
            "migrate",
            str(SCHEMA),
            "--dialect",
            dialect,
            "--no-cache",
            "--write",
            *extra,
        ],
    )
    assert result.exit_code == 0, result.output
    return result.output


RENAMES = [
    "--name",
    "rename phase 1",
    "--rename",
    "room_depth=room_depths",
    "--rename",
    "user_directory=user_directories",
    "--rename",
    "state_group_edge=state_group_edges",
]


def _text(paths: list[Path]) -> str:
    return "".join(p.read_text(encoding="utf-8") + "\n" for p in paths)


def test_synapse_layout_writes_a_delta_per_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    schema = _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    before = {e: _synapse_order(schema, e) for e in ("postgres", "sqlite")}
    out = {d: _migrate(d, *RENAMES) for d in ("postgres", "sqlite")}
    assert "prepare_database" in out["postgres"]  # the plan says how Synapse runs it
    assert "rollbacks/ beside the stores" in out["postgres"]
    written = {
        e: (
            schema / f"main/delta/3/03_rename_phase_1.sql.{e}",
            schema / f"state/delta/3/03_rename_phase_1_state.sql.{e}",
        )
        for e in ("postgres", "sqlite")
    }
    rollbacks = {
        e: (
            schema / f"rollbacks/main/3/03_rename_phase_1.sql.{e}",
            schema / f"rollbacks/state/3/03_rename_phase_1_state.sql.{e}",
        )
        for e in ("postgres", "sqlite")
    }
    for engine in ("postgres", "sqlite"):
        for path in (*written[engine], *rollbacks[engine]):
            assert path.is_file(), path
            lines = path.read_text(encoding="utf-8").splitlines()
            assert "BEGIN;" not in lines and "COMMIT;" not in lines
    for dialect in ("postgres", "sqlite"):
        _migrate(dialect, "--cleanup")
    cleanups = {
        e: sorted(
            p
            for store in ("main", "state")
            for p in (schema / store / "delta/3").glob(f"04_*.sql.{e}")
        )
        for e in ("postgres", "sqlite")
    }
    assert [p.name for p in cleanups["postgres"]] == [
        "04_drop_compatibility_views.sql.postgres",
        "04_drop_compatibility_views_state.sql.postgres",
    ]
    for engine in ("postgres", "sqlite"):
        # Synapse runs the new deltas last, its duplicate-name check passing
        order = _synapse_order(schema, engine)
        assert order[: len(before[engine])] == before[engine]
        assert set(order[len(before[engine]) :]) == {*written[engine], *cleanups[engine]}
    # dbnamelint replays them last too
    files, _ = discover([str(SCHEMA)], SourceSettings(root=tmp_path))
    replayed = [f.path for f in files if not f.path.endswith(".sqlite")]
    assert set(replayed[-4:]) == {
        p.relative_to(tmp_path).as_posix() for p in (*written["postgres"], *cleanups["postgres"])
    }
    scripts = {
        e: [
            _text(before[e]),
            _text(list(written[e])),
            _text(list(rollbacks[e])),
            _text(list(written[e])),
            _text(cleanups[e]),
        ]
        for e in ("postgres", "sqlite")
    }
    with pg.fresh_database("synapsemigrate") as db:
        for step, script in enumerate(scripts["postgres"]):
            # one transaction per upgrade, as prepare_database runs it; every step
            # but the rollback (run by hand with psql) as Synapse's engine sends it
            sent = script if step == 2 else _synapse_postgres_sends(script)
            script_file = tmp_path / "step.sql"
            script_file.write_text(f"BEGIN;\n{sent}COMMIT;\n", encoding="utf-8")
            pg.run(files=[script_file], dbname=db)
        pg_tables = [
            r["table_name"]
            for r in pg.query_json(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = 'public' ORDER BY table_name",
                db,
            )
        ]
    con = sqlite3.connect(tmp_path / "synapse.db", isolation_level=None)
    try:
        for script in scripts["sqlite"]:
            con.executescript(f"BEGIN TRANSACTION; {script}")
            con.execute("COMMIT")
        lite_tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
            )
        ]
    finally:
        con.close()
    expected = [
        "applied_schema_deltas",
        "events",
        "room_depths",
        "schema_compat_version",
        "schema_version",
        "state_group_edges",
        "user_directories",
    ]
    assert pg_tables == expected
    assert [t for t in lite_tables if not t.startswith("sqlite_")] == expected


def test_detect_names_synapse(tmp_path: Path) -> None:
    from dbnamelint.services.migrate.layout import Layout, detect

    schema = _tree(tmp_path)
    assert detect(schema / "main/full_schemas/1/full.sql.postgres") is Layout.SYNAPSE
    assert detect(schema / "main/delta/3/01_events_sender.sql") is Layout.SYNAPSE
    assert detect(schema / "common/schema_version.sql") is Layout.SYNAPSE


def test_python_deltas_get_the_code_migration_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """prepare_database runs a delta's ``run_create`` (``04_x.py``) in its version's
    order: what it does is not in the model, and the note says so (DBN014), for
    the deltas a new database gets only (delta/1 is in full_schemas/1 already)."""
    schema = _tree(tmp_path)
    _write(schema / "main/delta/3/05_backfill.py", "def run_create(cur, database_engine): ...\n")
    _write(schema / "main/delta/1/02_old.py", "def run_create(cur, database_engine): ...\n")
    _write(schema / "main/delta/1/01_old.sql", "SELECT 1;\n")
    monkeypatch.chdir(tmp_path)
    _, problems = discover([str(SCHEMA)], SourceSettings(root=tmp_path))
    notes = [(d.location.path, d.message) for d in problems if d.code == "DBN014"]
    assert notes == [
        (
            f"{SCHEMA}/main/delta/3/05_backfill.py",
            f"1 Python migration in {SCHEMA}/main/delta/3/ (05_backfill.py) is not read: "
            "its schema changes are Python code, so the model has only what the .sql files do",
        )
    ]


def test_runner_tables_are_synapses_not_the_projects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """prepare_database reads and writes schema_version, schema_compat_version
    and applied_schema_deltas by name (common/schema_version.sql creates them):
    not linted, not renamed, in a Synapse tree only."""
    _tree(tmp_path)
    _write(tmp_path / "other/db/001-init.sql", _RUNNER)  # the same tables in a plain folder
    monkeypatch.chdir(tmp_path)
    synapse = CliRunner().invoke(cli, ["check", str(SCHEMA), "--no-cache"])
    assert "room_depth" in synapse.output  # the project's tables are linted
    assert "schema_version" not in synapse.output
    assert "Lock" not in synapse.output
    other = CliRunner().invoke(cli, ["check", "other/db", "--no-cache"])
    assert "schema_version" in other.output  # elsewhere a schema_version table is linted
    result = CliRunner().invoke(
        cli,
        [
            "migrate",
            str(SCHEMA),
            "--dialect",
            "postgres",
            "--no-cache",
            "--rename",
            "room_depth=room_depths",
            "--rename",
            "schema_version=schema_versions",
            "--rename-column",
            "schema_compat_version.Lock=lock",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (
        "note: not renamed: schema_version, schema_compat_version.Lock: Synapse's runner tables"
        in result.output
    )
    assert 'RENAME TO "room_depths"' in result.output
    assert "schema_versions" not in result.output


def test_inspect_db_names_synapses_runner_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """``inspect --db`` in Synapse's tree calls schema_version Synapse's (no file
    read); elsewhere a runner's table by its name, not Flyway's: its columns
    (``lock``, ``version``, ``upgraded``) are not Flyway 4's ``installed_rank``,
    ``script``... ``check --db`` does not lint them."""
    _tree(tmp_path)
    (tmp_path / "plain").mkdir()
    with pg.fresh_database("synapsemigrate_db") as db:
        pg.run(sql=_RUNNER + "CREATE TABLE room_depth (room_id TEXT);", dbname=db)
        url = pg.url(db)
        monkeypatch.chdir(tmp_path)
        synapse = CliRunner().invoke(cli, ["inspect", "--db", url])
        checked = CliRunner().invoke(cli, ["check", str(SCHEMA), "--db", url, "--no-cache"])
        monkeypatch.chdir(tmp_path / "plain")
        plain = CliRunner().invoke(cli, ["inspect", "--db", url])
    assert "schema_version (Synapse's own table" in synapse.output, synapse.output
    assert "applied_schema_deltas (Synapse's own table" in synapse.output
    assert "schema_version (a migration runner's own table" in plain.output, plain.output
    assert "Flyway" not in plain.output.split("its columns are not")[0], plain.output
    assert "room_depth" in checked.output, checked.output
    assert "Lock" not in checked.output


def test_a_question_mark_synapse_cannot_send_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # convert_param_style turns every '?' of a PostgreSQL delta into '%s'
    # (_synapse_postgres_sends): no spelling of it reaches the server
    schema = _tree(tmp_path)
    (schema / "main/delta/3/01_events_sender.sql").write_text(
        'CREATE TABLE "why?" (id BIGINT);\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli,
        [
            "migrate",
            str(SCHEMA),
            "--dialect",
            "postgres",
            "--no-cache",
            "--write",
            "--name",
            "rename phase 1",
            "--rename",
            "why?=whys",
        ],
    )
    assert result.exit_code == 2, result.output
    assert "holds '?', which Synapse's PostgreSQL runner turns into a parameter" in result.output
    assert "Traceback" not in result.output
    assert not list((schema / "main/delta/3").glob("03_*"))
    # SQLite's executescript sends the text as it is
    result = CliRunner().invoke(
        cli,
        [
            "migrate",
            str(SCHEMA),
            "--dialect",
            "sqlite",
            "--no-cache",
            "--write",
            "--name",
            "rename phase 1",
            "--rename",
            "why?=whys",
        ],
    )
    assert result.exit_code == 0, result.output
