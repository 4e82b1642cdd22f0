"""``init`` leaves a schema dump beside a migrations folder out of ``paths``
(trial s19, hasura-auth: ``go/sql/auth_schema_dump.sql``, a pg_dump, was
proposed beside ``go/migrations/postgres``, and every table was read twice).

The dump is a real one: the migrations applied to PostgreSQL, then
``pg_dump --schema-only``. The oracle for what ``check`` then reads is
``check`` itself without the dump in the tree.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.config import load_settings
from pg_server import PgServer

MOD = "module example.com/app\n\nrequire github.com/golang-migrate/migrate/v4 v4.18.3\n"
UP1 = 'CREATE TABLE users (id int PRIMARY KEY, "Email" text);\n'
UP2 = "CREATE TABLE sessions (id int PRIMARY KEY, user_id int REFERENCES users (id));\n"
QUERY = "-- name: GetUser :one\nSELECT * FROM users WHERE id = $1;\n"


def _pg_dump(pg: PgServer, db: str) -> str:
    binary = shutil.which("pg_dump") or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))), "pg_dump"
    )
    command = [binary, "--schema-only", "--no-owner", "-d", pg.database(db)]
    done = subprocess.run(
        [*command, "--restrict-key=dbnamelint"], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:  # a pg_dump older than the \\restrict lines
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    return done.stdout


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def _run(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(cli, list(args))
    return done.exit_code, done.stdout, done.stderr


@pytest.fixture
def dump(pg: PgServer, tmp_path_factory: pytest.TempPathFactory) -> str:
    migrations = tmp_path_factory.mktemp("applied")
    _tree(migrations, {"1.sql": UP1, "2.sql": UP2})
    with pg.fresh_database("dbn_smalls_init_dump") as db:
        pg.run(files=[migrations / "1.sql", migrations / "2.sql"], dbname=db)
        text = _pg_dump(pg, db)
    assert text.startswith("--\n-- PostgreSQL database dump\n--"), text[:80]
    return text


@pytest.mark.parametrize("beside", [True, False], ids=["with-queries", "alone"])
def test_a_dump_beside_migrations_is_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dump: str, beside: bool
) -> None:
    root = tmp_path / "app"
    files = {
        "go.mod": MOD,
        "go/migrations/postgres/00001_users.up.sql": UP1,
        "go/migrations/postgres/00001_users.down.sql": "DROP TABLE users;\n",
        "go/migrations/postgres/00002_sessions.up.sql": UP2,
        "go/migrations/postgres/00002_sessions.down.sql": "DROP TABLE sessions;\n",
        "go/sql/auth_schema_dump.sql": dump,
    }
    if beside:
        files["go/sql/query.sql"] = QUERY
    _tree(root, files)
    monkeypatch.chdir(root)
    code, out, err = _run("init")
    assert code == 0, err
    assert "Left out: go/sql/auth_schema_dump.sql, a dump of the database" in out, out
    settings = load_settings(root)
    assert not any(p.endswith("auth_schema_dump.sql") for p in settings.paths)
    config = (root / "dbnamelint.yaml").read_text()
    assert "exclude:\n  - go/sql/auth_schema_dump.sql\n" in config, config
    assert ("  - go/sql\n" in config) is beside, config  # a folder of the dump alone goes
    with_config = _run("check", "--no-cache", "--format", "json")
    # The oracle: check on the tree without the dump at all.
    (root / "go/sql/auth_schema_dump.sql").unlink()
    (root / "dbnamelint.yaml").unlink()
    without_dump = _run("check", "--no-cache", "--format", "json")
    assert with_config[0] == without_dump[0]
    assert with_config[1].count('"code"') == without_dump[1].count('"code"')
    assert "DBN023" not in with_config[1]  # no table created twice


def test_a_dump_alone_is_the_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dump: str
) -> None:
    """Without a migrations folder (Rails keeps Ruby migrations) the dump is the schema."""
    _tree(tmp_path, {"db/structure.sql": dump})
    monkeypatch.chdir(tmp_path)
    code, out, err = _run("init")
    assert code == 0, err
    assert "Left out" not in out
    config = (tmp_path / "dbnamelint.yaml").read_text()
    assert "exclude:" not in config and "  - db\n" in config, config


@pytest.mark.parametrize(
    ("name", "dump"),
    [
        ("structure.sql", True),
        ("ci_structure.sql", True),
        ("animals_structure.sql", True),
        ("unified-pricing-infrastructure.sql", False),
        ("infrastructure.sql", False),
    ],
)
def test_only_rails_dump_names_are_dumps_by_name(name: str, dump: bool) -> None:
    """Rails names its dumps ``structure.sql`` and ``<database>_structure.sql``
    (``ci_structure.sql``); a sqitch change named ``...-infrastructure.sql``
    merely ends so (trial s29 Registry: ``init`` left it out as a dump, and
    edits of it passed the gate)."""
    from dbnamelint.impact.history import is_schema_dump

    assert is_schema_dump(f"db/{name}") is dump


def test_a_sqitch_change_named_like_a_dump_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqitch = {
        "sqitch.conf": "[core]\n\tengine = pg\n\ttop_dir = sql\n",
        "sql/sqitch.plan": "%syntax-version=1.0.0\n%project=app\n\n"
        "users 2024-01-01T00:00:00Z A <a@b.c> # users\n"
        "unified-pricing-infrastructure 2024-01-02T00:00:00Z A <a@b.c> # pricing\n",
        "sql/deploy/users.sql": "BEGIN;\nCREATE TABLE users (id int PRIMARY KEY);\nCOMMIT;\n",
        "sql/deploy/unified-pricing-infrastructure.sql": (
            "BEGIN;\nCREATE TABLE billing_periods (id int PRIMARY KEY);\nCOMMIT;\n"
        ),
        "sql/revert/users.sql": "BEGIN;\nDROP TABLE users;\nCOMMIT;\n",
        "sql/revert/unified-pricing-infrastructure.sql": (
            "BEGIN;\nDROP TABLE billing_periods;\nCOMMIT;\n"
        ),
    }
    for name, text in sqitch.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["init"])
    assert done.exit_code == 0, done.output
    assert "a dump of the database" not in done.output, done.output
    listed = CliRunner().invoke(cli, ["inspect"])
    assert "table billing_periods" in listed.output, listed.output
