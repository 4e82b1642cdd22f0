"""The gate on temporal's version folders (services/temporal_gate.py, trial s30 temporal).

Oracles: temporal's source (tools/common/schema/updatetask.go: ``manifest``
is a struct without JSON tags decoded by Go's ``encoding/json``, which
matches keys case-insensitively, the last key of a field winning; a
version runs only when it is above the version the database reached,
``sortAndFilterVersions``)) and real git.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.temporal_layout import parse_manifest
from git_helpers import git, isolated_git_env
from pg_server import PgServer, SqlFailed

VERSIONED = "schema/postgresql/v12/temporal/versioned"


def _manifest(version: str, listed: list[str]) -> str:
    return json.dumps(
        {
            "CurrVersion": version,
            "MinCompatibleVersion": "1.0",
            "Description": f"version {version}",
            "SchemaUpdateCqlFiles": listed,
        },
        indent=2,
    )


def _version(root: Path, version: str, files: dict[str, str], manifest: str | None = None) -> Path:
    folder = root / VERSIONED / f"v{version}"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.json").write_text(
        manifest if manifest is not None else _manifest(version, list(files)), encoding="utf-8"
    )
    return folder


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    _version(root, "1.0", {"base.sql": "CREATE TABLE shards (shard_id INT PRIMARY KEY);\n"})
    _version(root, "1.1", {"tasks.sql": "CREATE TABLE tasks (task_id INT PRIMARY KEY);\n"})
    _version(root, "1.2", {"queues.sql": "CREATE TABLE queues (queue_id INT PRIMARY KEY);\n"})
    (root / "dbnamelint.yaml").write_text("paths: [schema]\ndialect: postgres\n", "utf-8")
    monkeypatch.chdir(root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    return root


def _gate(root: Path, *, hook: bool = False) -> tuple[int, list[tuple[str, str]]]:
    git(root, "add", "-A")
    args = ["check", "--pre-commit"] if hook else ["check", "--base", "HEAD"]
    result = CliRunner().invoke(cli, [*args, "--format", "json", "--no-cache"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    said = [*report["diagnostics"], *report["findings"]]
    return result.exit_code, sorted(
        (d["code"], d["path"]) for d in said if d["severity"] == "error"
    )


def test_go_decodes_a_mis_cased_key_as_the_field() -> None:
    """encoding/json: "preferring an exact match but also accepting a
    case-insensitive match"; a later key of the field overwrites."""
    assert parse_manifest(b'{"SchemaUpdateCQLFiles": ["a.sql"]}') == {
        "SchemaUpdateCqlFiles": ["a.sql"]
    }
    dup = (
        b'{"SchemaUpdateCqlFiles": [], "AllowNoCqlFiles": true, "schemaUpdateCqlFiles": ["w.sql"]}'
    )
    assert parse_manifest(dup) == {"SchemaUpdateCqlFiles": ["w.sql"], "AllowNoCqlFiles": True}
    # readManifest: "manifest missing SchemaUpdateCqlFiles" unless AllowNoCqlFiles
    assert parse_manifest(b'{"SchemaUpdateCqlFiles": []}') is None
    assert parse_manifest(b'{"SchemaUpdateCqlFiles": [], "AllowNoCqlFiles": true}') is not None
    assert parse_manifest(b'{"SchemaUpdateCqlFiles": "a.sql"}') is None  # a type error


@pytest.mark.parametrize("key", ["SchemaUpdateCQLFiles", "schemaupdatecqlfiles"])
def test_a_mis_cased_manifest_key_still_runs_its_files(repo: Path, key: str) -> None:
    """Trial s30: the hook took such a version for one the tool refuses (a
    DBN007 note) and its bad table passed."""
    manifest = _manifest("1.3", []).replace('"SchemaUpdateCqlFiles": []', f'"{key}": ["notes.sql"]')
    _version(
        repo, "1.3", {"notes.sql": 'CREATE TABLE workflow_note ("noteText" TEXT);\n'}, manifest
    )
    code, errors = _gate(repo, hook=True)
    assert code == 1
    assert ("DBN201", f"{VERSIONED}/v1.3/notes.sql") in errors, errors


def test_an_applied_manifest_edited_or_deleted_is_refused(repo: Path) -> None:
    v11 = repo / VERSIONED / "v1.1"
    (v11 / "extra.sql").write_text("ALTER TABLE tasks ADD COLUMN archived_at TIMESTAMP;\n")
    (v11 / "manifest.json").write_text(_manifest("1.1", ["tasks.sql", "extra.sql"]))
    assert _gate(repo) == (1, [("DBN025", f"{VERSIONED}/v1.1/manifest.json")])
    assert _gate(repo, hook=True)[1] == [("DBN025", f"{VERSIONED}/v1.1/manifest.json")]
    git(repo, "checkout", "-q", "HEAD", "--", ".")
    (v11 / "extra.sql").unlink()
    # the same files in another layout of the JSON: not an edit
    (v11 / "manifest.json").write_text(json.dumps(json.loads(_manifest("1.1", ["tasks.sql"]))))
    assert _gate(repo) == (0, [])
    # an applied version deleted: its objects stay in every database that ran it
    shutil.rmtree(repo / VERSIONED / "v1.2")
    code, errors = _gate(repo)
    assert code == 1 and ("DBN025", f"{VERSIONED}/v1.2/manifest.json") in errors, errors


def test_a_new_version_below_an_applied_one_is_refused(repo: Path) -> None:
    """A database that reached v1.2 never runs a new v1.1.1 (update-schema
    runs the versions in (current, target]); above v1.2 it runs."""
    _version(repo, "1.1.1", {"note.sql": "ALTER TABLE tasks ADD COLUMN note TEXT;\n"})
    assert _gate(repo) == (1, [("DBN016", f"{VERSIONED}/v1.1.1/manifest.json")])
    assert _gate(repo, hook=True) == (1, [("DBN016", f"{VERSIONED}/v1.1.1/manifest.json")])
    shutil.rmtree(repo / VERSIONED / "v1.1.1")
    _version(repo, "1.3", {"note.sql": "ALTER TABLE tasks ADD COLUMN note TEXT;\n"})
    assert _gate(repo) == (0, [])


def test_a_table_created_again_keeps_the_standing_one(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """temporal-sql-tool skips a statement failing with "already exist"
    (updatetask.go execStmts), so a later version's plain CREATE TABLE of a
    standing table does nothing: PostgreSQL, run statement by statement with
    that error skipped, keeps the first definition, and so does the model
    (before, the new definition replaced it: its column owner_host was in the
    model and not in the database, trial s30 temporal)."""
    root = tmp_path / "repo"
    _version(root, "1.0", {"base.sql": "CREATE TABLE shards (shard_id INT PRIMARY KEY);\n"})
    again = "CREATE TABLE shards (shard_id INT PRIMARY KEY, owner_host TEXT);\n"
    _version(root, "1.1", {"again.sql": again})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check", "--dialect", "postgres", "--no-cache", "schema"])
    assert (
        f"{VERSIONED}/v1.1/again.sql:1:14: DBN010 warning: table 'shards' exists already "
        "(created at schema/postgresql/v12/temporal/versioned/v1.0/base.sql:1:14), so this "
        "CREATE TABLE fails with 'already exists', which temporal-sql-tool skips"
    ) in result.output, result.output
    with pg.fresh_database("dbn_temporal_again") as db:
        for path in (root / VERSIONED / "v1.0/base.sql", root / VERSIONED / "v1.1/again.sql"):
            try:
                pg.run(sql=path.read_text(), dbname=db)
            except SqlFailed as failed:  # what the tool skips, and only that
                assert "already exist" in str(failed)
        drift = CliRunner().invoke(
            cli, ["drift", "--dialect", "postgres", "--no-cache", "--db", pg.url(db), "schema"]
        )
        assert drift.exit_code == 0, drift.output
