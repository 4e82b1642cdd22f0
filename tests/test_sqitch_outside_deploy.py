"""Files below a sqitch top dir but outside its ``deploy/`` are no changes (trial s29).

BeeeOn's ``pgsql/`` holds ``sqitch.plan``, ``deploy/``, ``revert/``,
``verify/`` and also ``queries/`` (the prepared statements the application
loads) and ``perf/`` (benchmarks); Registry's ``sql/`` holds ``seed/``.
``sqitch deploy`` runs the plan's ``deploy/<change>.sql`` only (sqitch-deploy
manual), yet these were replayed: a perf helper's function was in the model,
and ``impact`` never searched the queries, so ``migrate --cleanup`` dropped a
compatibility view they read. They are ``DBN007`` notes now, and ``impact``
searches them as the application's SQL. The oracle is PostgreSQL running the
plan's deploy scripts: the function is not there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from pg_server import PgServer

FILES = {
    "dbnamelint.yaml": "paths: [pgsql]\ndialect: postgres\n",
    "pgsql/sqitch.conf": "[core]\n\tengine = pg\n",
    "pgsql/sqitch.plan": "%syntax-version=1.0.0\n%project=app\n\n"
    "gateway 2024-01-01T00:00:00Z A <a@b.c> # gateways\n",
    "pgsql/deploy/gateway.sql": "BEGIN;\nCREATE TABLE gateway (id int PRIMARY KEY);\nCOMMIT;\n",
    "pgsql/revert/gateway.sql": "BEGIN;\nDROP TABLE gateway;\nCOMMIT;\n",
    "pgsql/queries/gateways/fetch.sql": "SELECT g.id FROM gateway AS g WHERE g.id = $1;\n",
    "pgsql/perf/_common.sql": (
        "CREATE FUNCTION explain_analyze(q text) RETURNS void LANGUAGE plpgsql AS $$\n"
        "BEGIN EXECUTE 'EXPLAIN ANALYZE ' || q; END $$;\n"
    ),
    "whitelist.yaml": 'phases:\n  - {id: "1", title: "x", status: open}\nentries:\n'
    '  - {kind: table, name: gateway, rules: [DBN105], phase: "1", target: gateways}\n',
}


def test_sqitch_deploys_only_its_plans_scripts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    committed_repo(tmp_path, FILES, monkeypatch)
    with pg.fresh_database("s29_sqitch_aside") as db:
        pg.run(files=[tmp_path / "pgsql/deploy/gateway.sql"], dbname=db)  # what deploy runs
        functions = pg.query_json(
            "SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace", db
        )
    assert functions == []
    done = CliRunner().invoke(cli, ["inspect", "--format", "json"])
    kinds = sorted({(o["kind"], o["name"]) for o in json.loads(done.stdout)["objects"]})
    assert ("function", "explain_analyze") not in kinds
    assert ("table", "gateway") in kinds
    checked = CliRunner().invoke(cli, ["check", "--select", "DBN007", "--verbose"])
    for path in ("pgsql/queries/gateways/fetch.sql", "pgsql/perf/_common.sql"):
        assert f"{path}:1:1: DBN007 info: not replayed" in checked.output, checked.output


def test_impact_searches_the_queries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    committed_repo(tmp_path, FILES, monkeypatch)
    done = CliRunner().invoke(cli, ["impact", "--format", "json"])
    assert done.exit_code == 0, done.output
    text = json.dumps(json.loads(done.stdout))
    assert "pgsql/queries/gateways/fetch.sql" in text
    listed = CliRunner().invoke(cli, ["impact"])
    assert "pgsql/queries/gateways/fetch.sql:1:18: high [SQL]" in listed.output, listed.output


@pytest.mark.parametrize("folder", ["seed", "queries"])
def test_new_ddl_outside_deploy_is_judged_in_the_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    """Closing confirmation of trial s29: with those folders no longer read, a
    seed script (run by hand) adding ``CREATE TABLE "BadSeed"`` passed the
    gate with a hidden DBN007 note. Its new statements' names are judged, as
    an excluded file's are; a compliant one passes."""
    committed_repo(tmp_path, FILES, monkeypatch)
    name = f"pgsql/{folder}/extra.sql"
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text('CREATE TABLE "BadSeed" (id int);\n', encoding="utf-8")
    git(tmp_path, "add", "-A")
    done = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache"])
    assert done.exit_code == 1, done.output
    assert f'{name}:1:14: DBN101 table "BadSeed"' in done.output, done.output
    (tmp_path / name).write_text("CREATE TABLE seeds (id int);\n", encoding="utf-8")
    git(tmp_path, "add", "-A")
    done = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache"])
    assert done.exit_code == 0, done.output
