"""golang-migrate-named Go templates: ``000001_create_tables.up.tmpl`` (trial s25 rudder).

rudder-server keeps its job queue's schema in folders of ``NNNNNN_x.up.tmpl``
files only, renders each with Go's ``text/template`` and runs them through
golang-migrate. A walk read golang-migrate's names of any extension only in a
folder holding a ``.up.sql``, so these folders were never read, and nothing
said so: a new ``000015_x.up.tmpl`` creating ``"jobId"`` passed the hook and
``check --base``. Such names now make the folder golang-migrate's, and its
templates are read as the SQL they render to. A name holding a placeholder
inside it (``"idx_{{$.Prefix}}_jobs_{{.}}_cv"``) is unknown until rendered,
as one a placeholder starts or ends is, and is not judged; in a file with no
placeholder a run of underscores is written as it stands, and judged.

Oracles: PostgreSQL (the rendered templates' catalog), real git.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import check_json
from dbnamelint.cli import cli
from git_helpers import adopted_repo, git, isolated_git_env
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [sql/migrations]\ndialect: postgres\n"
CREATE = (
    "-- Journals table\n"
    "CREATE TABLE IF NOT EXISTS {{.Prefix}}_journal (id BIGSERIAL PRIMARY KEY, done BOOLEAN);\n"
    "CREATE TABLE IF NOT EXISTS job_runs (id BIGINT PRIMARY KEY, custom_val TEXT);\n"
    "{{range .Datasets}}\n"
    '    CREATE INDEX IF NOT EXISTS "idx_{{$.Prefix}}_runs_{{.}}_cv" ON job_runs (custom_val);\n'
    "{{end}}\n"
)
FILES = {
    "sql/migrations/jobsdb/000001_create_tables.up.tmpl": CREATE,
    "sql/migrations/node/000001_init.up.sql": "CREATE TABLE nodes (id INT PRIMARY KEY);\n",
}
BAD = (
    'CREATE TABLE IF NOT EXISTS "{{.Prefix}}_retry_log" (id BIGSERIAL PRIMARY KEY, '
    '"jobId" BIGINT NOT NULL);\n'
)


def _render(text: str, prefix: str, datasets: list[str]) -> str:
    """The text ``text/template`` renders for these templates' actions:
    ``{{.Prefix}}``, ``{{$.Prefix}}``, ``{{.}}`` in ``{{range .Datasets}}``."""

    def ranged(match: re.Match[str]) -> str:
        body = match.group(1)
        return "".join(body.replace("{{.}}", d) for d in datasets)

    text = re.sub(r"\{\{range \.Datasets\}\}(.*?)\{\{end\}\}", ranged, text, flags=re.DOTALL)
    return text.replace("{{$.Prefix}}", prefix).replace("{{.Prefix}}", prefix)


@pytest.fixture
def rudder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "rudder"
    root.mkdir()
    monkeypatch.chdir(root)
    adopted_repo(root, FILES, CONFIG)
    return root


def _inspected(root: Path) -> dict[str, set[str]]:
    result = CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json"])
    assert result.exit_code == 0, result.output
    out: dict[str, set[str]] = {}
    for o in json.loads(result.stdout)["objects"]:
        out.setdefault(o["kind"], set()).add(o["stored_name"])
    return out


def test_the_templates_are_read(rudder: Path, pg: PgServer) -> None:
    model = _inspected(rudder)
    # What PostgreSQL makes of the rendered templates (prefix gw, datasets 1, 2).
    name = "dbnl_gm_templates"
    pg.run(sql=f"DROP DATABASE IF EXISTS {name}")
    pg.run(sql=f"CREATE DATABASE {name}")
    try:
        pg.run(sql=_render(CREATE, "gw", ["1", "2"]), dbname=name)
        made = set(pg.public_tables(name))
    finally:
        pg.run(sql=f"DROP DATABASE IF EXISTS {name}")
    assert made == {"gw_journal", "job_runs"}
    assert {"job_runs", "nodes"} <= model["table"]  # both folders read
    # the placeholder table: one table, its name unknown until rendered
    assert len(model["table"]) == 3
    assert {"custom_val", "done"} <= model["column"]


def test_a_new_bad_template_fails_the_gate(rudder: Path) -> None:
    (rudder / "sql/migrations/jobsdb/000002_add_retry_log.up.tmpl").write_text(BAD)
    expected = [
        (
            "DBN201",
            "jobId",
            "sql/migrations/jobsdb/000002_add_retry_log.up.tmpl",
            1,
            BAD.index('"jobId"') + 1,
        )
    ]
    code, found, _ = check_json("--base", "HEAD")
    assert (code, found) == (1, expected)
    git(rudder, "add", "-A")
    code, found, _ = check_json(
        "--pre-commit", "sql/migrations/jobsdb/000002_add_retry_log.up.tmpl"
    )
    assert (code, found) == (1, expected)


def test_an_edited_applied_template_is_refused(rudder: Path) -> None:
    path = rudder / "sql/migrations/jobsdb/000001_create_tables.up.tmpl"
    path.write_text(CREATE.replace("done BOOLEAN", "done BOOLEAN, op_owner TEXT"))
    code, found, diagnostics = check_json("--base", "HEAD")
    assert (code, found) == (1, [])
    assert [(d["code"], d["path"]) for d in diagnostics if d["severity"] == "error"] == [
        ("DBN025", "sql/migrations/jobsdb/000001_create_tables.up.tmpl")
    ]


def test_a_placeholder_inside_a_name_is_not_judged_a_literal_run_is(rudder: Path) -> None:
    # Before: idx______________runs_______cv was a DBN301 error, its fix idx_runs_cv.
    code, found, _ = check_json()
    assert (code, found) == (0, [])
    plain = rudder / "sql/migrations/node/000002_more.up.sql"
    plain.write_text('CREATE INDEX "Nodes____Id" ON nodes (id);\n')
    code, found, _ = check_json()
    assert code == 1
    assert [(f[0], f[1]) for f in found] == [("DBN301", "Nodes____Id")]


@pytest.mark.parametrize(
    ("table", "bad"),
    [
        ("{{.Prefix}}_RetryLog", True),  # whatever the prefix, RetryLog is no snake_case
        ("{{.Prefix}}RetryLog", True),
        ("{{.Prefix}}_retry_logs", False),
        ("{{.Prefix}}_retry_logs_{{.}}", False),
    ],
)
def test_what_a_name_spells_besides_its_placeholder_is_judged(
    rudder: Path, table: str, bad: bool
) -> None:
    """A name a placeholder starts was not judged at all: a new template's
    ``CREATE TABLE {{.Prefix}}RetryLog`` passed the gate (trial s25). Its
    case is judged on what it spells, with no fix (the prefix is unknown)."""
    path = rudder / "sql/migrations/jobsdb/000002_retry.up.tmpl"
    path.write_text(f"CREATE TABLE IF NOT EXISTS {table} (id BIGINT PRIMARY KEY);\n")
    code, found, _ = check_json("--base", "HEAD")
    assert (code, [f[0] for f in found]) == ((1, ["DBN101"]) if bad else (0, []))
