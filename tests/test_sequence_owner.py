"""A sequence belongs to the table whose column owns it, as PostgreSQL records it.

``CREATE SEQUENCE s OWNED BY t.c`` and ``ALTER SEQUENCE s OWNED BY t.c``
make column ``t.c`` own ``s`` (``pg_depend`` deptype 'a', as for
``serial``); ``OWNED BY NONE`` ends it. The model keeps that
(``SchemaObject.owned_by``; tests/test_owned_sequences_oracle.py checks it
against ``pg_depend``), so DBN504 and ``migrate`` judge and rename the
sequence with its real table. The trial's case (hatchet): after
``"Step"`` -> ``steps``, DBN504 blamed ``step_run_order_seq`` (owned by
``"StepRun"."order"``) on ``"Step"``, and the phase's own migration failed
``check``. A sequence nobody owns is named after the longest table name
that starts it, as written or in snake_case (``step_run`` is ``StepRun``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.rules.dependents import name_owner
from dbnamelint.runner.pipeline import schema_from_sql
from git_helpers import commit_all, init_repo, write_files
from pg_server import PgServer


def test_owned_by_of_what_the_files_never_made_is_noted() -> None:
    schema = schema_from_sql(
        "CREATE TABLE t (id int);\nCREATE SEQUENCE s;\nALTER SEQUENCE nope OWNED BY t.id;\n"
        "ALTER SEQUENCE s OWNED BY t.missing;\n"
    )
    assert [(d.location.line, d.message) for d in schema.diagnostics] == [
        (3, "sequence 'nope' is not created in the files; its owner is set here"),
        (4, "column 't.missing' is not created in the files; sequence 's' is owned by it here"),
    ]


@pytest.mark.parametrize(
    ("name", "owner"),
    [
        ("step_run_order_seq", "StepRun"),  # snake spelling of the longer name wins
        ("StepRun_order_seq", "StepRun"),
        ("step_order_seq", "Step"),
        ("steprunner_seq", None),  # a word run, never part of a word
        ("presence_stream_sequence", "presence_stream"),
    ],
)
def test_a_sequence_nobody_owns_is_named_after_the_longest_table(
    name: str, owner: str | None
) -> None:
    assert name_owner(name, ["Step", "StepRun", "presence", "presence_stream"]) == owner


#: The trial's tree in small: ``step_run_position_seq`` owned by ``StepRun``,
#: ``step_run_batch_seq`` owned by nobody but named after ``StepRun``.
TREE = """\
CREATE TABLE "Step" (id bigint PRIMARY KEY);
CREATE TABLE "StepRun" (id bigint PRIMARY KEY, position bigint);
CREATE SEQUENCE step_run_position_seq;
ALTER SEQUENCE step_run_position_seq OWNED BY "StepRun".position;
ALTER TABLE "StepRun" ALTER COLUMN position SET DEFAULT nextval('step_run_position_seq'::regclass);
CREATE SEQUENCE step_run_batch_seq;
"""


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_phase_migration_passes_check_and_runs(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(
        tmp_path, {"db/001_init.sql": TREE, "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n"}
    )
    init_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, list(args))
        assert result.exit_code == 0, result.output
        return result.output

    run("whitelist", "init")
    commit_all(tmp_path, "baseline")
    run("migrate", "--phase", "1", "--write")
    run("whitelist", "prune")
    result = runner.invoke(cli, ["check", "--format", "json"])
    assert json.loads(result.stdout)["findings"] == []
    assert result.exit_code == 0
    written = sorted((tmp_path / "db").glob("*rename_phase_1*.sql"))
    assert len(written) == 1
    forward = written[0].read_text(encoding="utf-8")
    assert 'ALTER TABLE "Step" RENAME TO "steps"' in forward
    assert 'ALTER TABLE "StepRun" RENAME TO "step_runs"' in forward
    assert "ALTER SEQUENCE" not in forward  # neither sequence spells "Step" or "StepRun"
    with pg.fresh_database("dbnl_seq_owner_mig") as db:
        pg.run(files=sorted((tmp_path / "db").glob("*.sql")), dbname=db)
        assert pg.query_json("SELECT nextval('step_run_position_seq') AS n", db) == [{"n": 1}]
