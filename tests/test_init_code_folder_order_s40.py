"""``init`` writes code migration folders in the order they replay (trial s40, CTFd).

CTFd keeps a plugin's own Alembic chain in
``CTFd/plugins/dynamic_challenges/migrations`` (``def upgrade(op=None)``, run by
``CTFd.plugins.migrations.upgrade()`` once the main chain, ``migrations/versions``,
has run): its revisions alter ``dynamic_challenge``, which the main chain
creates. ``init`` listed the folders in name order, ``CTFd/...`` first, and the
config's order is the replay order: the plugin's columns were added to a table
not made yet (``DBN011`` "list that file first in paths") and the main chain's
old columns, which the plugin drops, stayed in the model. SQL folders were
ordered so already (tests/test_init_path_order.py); code migration folders now
are too. Oracle: Alembic runs the main chain, then the plugin's, on
PostgreSQL; ``drift`` against the written config finds nothing.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from alembic_oracle import alembic, needs_alembic
from dbnamelint.cli import cli
from pg_server import PgServer

ENV_PY = (
    "from alembic import context\nfrom sqlalchemy import create_engine\n"
    "engine = create_engine(context.config.get_main_option('sqlalchemy.url'))\n"
    "with engine.connect() as connection:\n"
    "    context.configure(connection=connection)\n"
    "    with context.begin_transaction():\n"
    "        context.run_migrations()\n"
)
MAIN = "migrations/versions/0001_init.py"
PLUGIN = "app/plugins/scores/migrations/0a01_prefix.py"
FILES = {
    MAIN: """from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade():
    op.create_table(
        "scores",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("initial", sa.Integer()),
    )
""",
    # a plugin's chain: ``op`` passed in by the runner, as CTFd's plugins have it
    PLUGIN: """import sqlalchemy as sa

revision = "0a01"
down_revision = None


def upgrade(op=None):
    op.add_column("scores", sa.Column("score_initial", sa.Integer()))
    op.drop_column("scores", "initial")
""",
}


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def _alembic_upgrade(root: Path, scripts: Path, url: str, env: str) -> None:
    """``alembic upgrade head`` of the revisions in ``scripts/versions``
    (``env``: the env.py, which hands ``op`` to a plugin's revisions)."""
    command = alembic()
    assert command is not None
    (scripts / "env.py").write_text(env)
    ini = root / f"{scripts.name}.ini"
    ini.write_text(f"[alembic]\nscript_location = {scripts}\nsqlalchemy.url = {url}\n")
    done = subprocess.run(
        [command, "-c", str(ini), "upgrade", "head"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


@needs_alembic
def test_a_plugin_chain_altering_the_main_chains_tables_comes_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    code, _out = _run("init")
    assert code == 0
    config = (tmp_path / "dbnamelint.yaml").read_text()
    listed = [line.strip()[2:] for line in config.splitlines() if line.startswith("  - ")]
    assert listed[:2] == ["migrations/versions", "app/plugins/scores/migrations"], config
    _code, out = _run("check", "--no-cache", "--verbose", "--format", "json")
    assert "DBN011" not in [d["code"] for d in json.loads(out)["diagnostics"]], out
    # the oracle: the main chain, then the plugin's (its upgrade(op) given Alembic's op)
    scratch = tmp_path.parent / f"{tmp_path.name}_alembic"
    main, plugin = scratch / "main", scratch / "plugin"
    (main / "versions").mkdir(parents=True)
    (plugin / "versions").mkdir(parents=True)
    (main / "versions" / "0001_init.py").write_text(FILES[MAIN])
    (plugin / "versions" / "0a01_prefix.py").write_text(FILES[PLUGIN])
    # its own version table, and Alembic's op passed to upgrade(op=None)
    plugin_env = ENV_PY.replace(
        "context.configure(connection=connection)",
        "context.configure(connection=connection, version_table='plugin_version')",
    ).replace(
        "        context.run_migrations()\n",
        "        from alembic import op\n        context.run_migrations(op=op)\n",
    )
    with pg.fresh_database("s40_ctfd_init_order") as db:
        url = pg.url(db).replace("postgresql://", "postgresql+psycopg2://", 1)
        _alembic_upgrade(scratch, main, url, ENV_PY)
        _alembic_upgrade(scratch, plugin, url, plugin_env)
        code, out = _run(
            "drift",
            "--no-cache",
            "--db",
            pg.url(db),
            "--ignore-table",
            "plugin_version",
            "--format",
            "json",
        )
    assert (code, json.loads(out)["drift"]) == (0, []), out
