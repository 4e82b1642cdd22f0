"""``migrate --write`` in a sequelize-cli project writes a new Sequelize migration.

It used to refuse (exit 2: "a Knex, Kysely, Sequelize ... migration, written
in its framework's API: --write does not write one"). Now the phase is a
migration after the folder's last, named as ``sequelize migration:generate``
names one (``YYYYMMDDHHMMSS-<name>.js``), in sequelize-cli's shape
(``module.exports = { async up(queryInterface) {...} }``), each of ``up`` and
``down`` running its script's statements in one
``queryInterface.sequelize.transaction`` (sequelize-cli opens none, and each
query could take another connection of the pool); ``--cleanup --write`` a
migration after it.

Oracle: sequelize-cli 6.6.2 itself (tests/knexseq, ``npm ci``): ``sequelize
db:migrate``, ``db:migrate:undo`` and ``db:migrate`` again on PostgreSQL 15
and MariaDB (``mysql2``), the catalog read after each; dbnamelint's reader
takes the migration for the renames (DBN900, ``whitelist prune``) and the
gate (``check --base``, real git) accepts it, the PostgreSQL DO block's
``%s`` included (the ``{ transaction }`` options fill nothing in).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

import mysql_server
from catalog_names import maria_tables, pg_relations
from git_helpers import committed_repo
from node_oracle import KNEXSEQ
from pg_server import PgServer
from written_migration import assert_taken_as_renames, written_file
from written_migration import dbnamelint as _dbnamelint

INIT = """'use strict';

/** @type {import('sequelize-cli').Migration} */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('UserPrefs', {
      id: { type: Sequelize.INTEGER, primaryKey: true, autoIncrement: true },
      theme: { type: Sequelize.TEXT },
    });
  },
  async down(queryInterface) {
    await queryInterface.dropTable('UserPrefs');
  },
};
"""
WHITELIST = """phases:
  - id: "1"
    title: legacy
    status: open
entries:
  - kind: table
    name: UserPrefs
    rules: [DBN101]
    phase: "1"
    target: user_prefs
"""
CLI = KNEXSEQ / "node_modules" / "sequelize-cli" / "lib" / "sequelize"


def _needs_cli(driver: str) -> None:
    if shutil.which("node") is None or not CLI.exists():
        pytest.skip("sequelize-cli not installed: npm ci --prefix tests/knexseq")
    if not (KNEXSEQ / "node_modules" / driver).is_dir():
        pytest.skip(f"{driver} not installed: npm ci --prefix tests/knexseq")


def _project(root: Path, monkeypatch: pytest.MonkeyPatch, dialect: str) -> Path:
    files = {
        "dbnamelint.yaml": f"paths:\n  - migrations\ndialect: {dialect}\n",
        "whitelist.yaml": WHITELIST,
        ".gitignore": "node_modules\n",
        "migrations/20240101000000-init.js": INIT,
    }
    committed_repo(root, files, monkeypatch)
    (root / "node_modules").symlink_to(KNEXSEQ / "node_modules")
    return root


def _sequelize(root: Path, url: str, *args: str) -> str:
    node = shutil.which("node")
    assert node is not None
    done = subprocess.run(
        [node, str(CLI), *args, "--url", url],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
        env=dict(os.environ),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _written(root: Path, pattern: str) -> Path:
    return written_file(root / "migrations", pattern)


def _pg_names(pg: PgServer, db: str) -> dict[str, str]:
    return pg_relations(pg, db, "SequelizeMeta")


def _maria_names(maria: mysql_server.MysqlServer, db: str) -> dict[str, str]:
    return maria_tables(maria, db, "SequelizeMeta")


def _run(root: Path, url: str, names: Callable[[], dict[str, str]], table: str, view: str) -> None:
    """sequelize-cli applies the phase, undoes it, applies it again; dbnamelint
    reads it back; then the cleanup, applied and undone."""
    _sequelize(root, url, "db:migrate")
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 0, output
    written = _written(root, r"\d{14}-rename_phase_1\.js")
    text = written.read_text()
    assert "await queryInterface.sequelize.transaction(async (transaction) => {" in text
    assert "BEGIN;" not in text and "COMMIT" not in text
    renamed = {"user_prefs": table, "UserPrefs": view}
    assert f"{written.stem}: migrated" in _sequelize(root, url, "db:migrate")
    assert names() == renamed
    _sequelize(root, url, "db:migrate:undo")
    assert names() == {"UserPrefs": table}
    _sequelize(root, url, "db:migrate")
    assert names() == renamed

    assert_taken_as_renames(root, stale="DBN900 stale whitelist entry table UserPrefs")

    status, output = _dbnamelint("migrate", "--phase", "1", "--cleanup", "--write")
    assert status == 0, output
    cleanup = _written(root, r"\d{14}-drop_compatibility_views\.js")
    assert cleanup.name > written.name
    _sequelize(root, url, "db:migrate")
    assert names() == {"user_prefs": table}
    _sequelize(root, url, "db:migrate:undo")
    assert names() == renamed
    status, output = _dbnamelint("check", "--base", "HEAD", ".")
    assert status == 0, output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_sequelize_cli_applies_undoes_and_reapplies_on_postgres(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _needs_cli("pg")
    root = _project(tmp_path / "app", monkeypatch, "postgres")
    with pg.fresh_database("s41_seqwrite_pg") as db:
        _run(root, pg.url(db), lambda: _pg_names(pg, db), "r", "v")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_sequelize_cli_applies_undoes_and_reapplies_on_mariadb(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _needs_cli("mysql2")
    root = _project(tmp_path / "app", monkeypatch, "mariadb")
    with maria.fresh_database("s41_seqwrite_maria") as db:
        _run(root, maria.url(db), lambda: _maria_names(maria, db), "BASE TABLE", "VIEW")


#: A name holding what a JavaScript template literal (a backslash, a
#: backquote, ``${``) and Sequelize's replacements (``?``, ``:name``,
#: ``$1``: filled in only when given) would each change.
ODD = "Odd ? :name $1 \\ `q` ${x}"


def _odd(root: Path, quote: str) -> None:
    from dbnamelint.services.migrate.sequelize_migration import render

    def q(name: str) -> str:
        return quote + name.replace(quote, quote * 2) + quote

    ups = [f"CREATE TABLE {q(ODD)} (id integer)"]
    (root / "migrations").mkdir(parents=True)
    (root / "migrations" / "20240101000000-odd.js").write_text(
        render("odd names", ups, [f"DROP TABLE {q(ODD)}"])
    )


def test_odd_names_reach_postgres_as_written(pg: PgServer, tmp_path: Path) -> None:
    _needs_cli("pg")
    _odd(tmp_path, '"')
    with pg.fresh_database("s41_seqwrite_odd") as db:
        _sequelize(tmp_path, pg.url(db), "db:migrate")
        assert _pg_names(pg, db) == {ODD: "r"}
        _sequelize(tmp_path, pg.url(db), "db:migrate:undo")
        assert _pg_names(pg, db) == {}


def test_odd_names_reach_mariadb_as_written(
    maria: mysql_server.MysqlServer, tmp_path: Path
) -> None:
    _needs_cli("mysql2")
    _odd(tmp_path, "`")
    with maria.fresh_database("s41_seqwrite_odd") as db:
        _sequelize(tmp_path, maria.url(db), "db:migrate")
        assert _maria_names(maria, db) == {ODD: "BASE TABLE"}
        _sequelize(tmp_path, maria.url(db), "db:migrate:undo")
        assert _maria_names(maria, db) == {}


def test_an_umzug_shape_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """umzug's ``up({ context: queryInterface })`` is not sequelize-cli's
    shape: exit 2, one located line, nothing written."""
    umzug = INIT.replace(
        "async up(queryInterface, Sequelize)", "async up({ context: queryInterface })"
    )
    umzug = umzug.replace("Sequelize.", "DataTypes.")
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": "paths:\n  - migrations\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST,
            "migrations/20240101000000-init.js": umzug,
        },
        monkeypatch,
    )
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 2, output
    assert "20240101000000-init.js: the folder's last Sequelize migration is not in" in output
    assert "Traceback" not in output
    assert sorted(p.name for p in (root / "migrations").iterdir()) == ["20240101000000-init.js"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_gate_reads_a_query_given_only_its_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``sequelize.query(sql, { transaction })`` fills nothing in (only
    ``replacements``/``bind`` do): its ``%s`` is SQL text, so the statement is
    read and judged (a ``DBN201`` of the column); the gate took the options
    for parameters and refused it unread (``DBN013``). Given an array, still
    parameters (``DBN013``)."""
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": "paths:\n  - migrations\ndialect: postgres\n",
            "migrations/20240101000000-init.js": INIT,
        },
        monkeypatch,
    )
    query = 'ALTER TABLE "UserPrefs" ADD COLUMN "Bad%sCol" integer'
    (root / "migrations" / "20240201000000-col.js").write_text(
        "module.exports = {\n  async up(queryInterface) {\n"
        "    await queryInterface.sequelize.transaction(async (transaction) => {\n"
        f"      await queryInterface.sequelize.query(`{query}`, {{ transaction }});\n"
        "    });\n  },\n};\n"
    )
    (root / "migrations" / "20240301000000-param.js").write_text(
        "module.exports = {\n  async up(queryInterface) {\n"
        f"    await queryInterface.sequelize.query(`{query.replace('Bad', 'Other')}`, [1]);\n"
        "  },\n};\n"
    )
    status, output = _dbnamelint("check", "--base", "HEAD", ".")
    assert status == 1, output
    lines = [line for line in output.splitlines() if ": DBN" in line]
    assert any(
        line.startswith("migrations/20240201000000-col.js:4:")
        and "DBN201" in line
        and "Bad%sCol" in line
        for line in lines
    ), output
    assert not any(
        line.startswith("migrations/20240201000000-col.js") and "DBN013" in line for line in lines
    )
    assert any(
        line.startswith("migrations/20240301000000-param.js") and "DBN013" in line for line in lines
    )
