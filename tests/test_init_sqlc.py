"""``init`` leaves what sqlc reads out of ``paths`` beside a migrations folder
(trial s25 hatchet: ``sql/schema/*.sql``, the copy its ``sqlc.yaml`` names as
``schema:``, and ``pkg/repository/sqlcv1``, its ``queries:``, were proposed
with the goose migrations; every table was read twice, ``DBN023``, and 912 of
913 findings pointed at the copy).

sqlc reads both to generate code (docs.sqlc.dev, "Configuration"); no
migration tool runs them. The oracle for what ``check`` then reads is
``check`` on the tree without the sqlc files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli

MIGRATION = (
    "-- +goose Up\n"
    'CREATE TABLE "APIToken" (id uuid PRIMARY KEY, "tenantId" uuid);\n'
    '-- +goose Down\nDROP TABLE "APIToken";\n'
)
SCHEMA_COPY = 'CREATE TABLE "APIToken" (id uuid PRIMARY KEY, "tenantId" uuid);\n'
QUERIES = '-- name: GetToken :one\nSELECT * FROM "APIToken" WHERE id = $1;\n'
EXTRA = "-- never written to the schema: sqlc only\nCREATE TABLE tmp_lookup (id int);\n"
SQLC = """version: "2"
sql:
  - engine: "postgresql"
    queries:
      - api_token.sql
    schema:
      - ../../sql/schema/v1-core.sql
      - ./additional-tables.sql
    gen:
      go: {package: "sqlcv1", out: "."}
"""
FILES = {
    "cmd/migrate/migrations/20240101000000_v1_0_0.sql": MIGRATION,
    "sql/schema/v1-core.sql": SCHEMA_COPY,
    "pkg/sqlcv1/sqlc.yaml": SQLC,
    "pkg/sqlcv1/api_token.sql": QUERIES,
    "pkg/sqlcv1/additional-tables.sql": EXTRA,
}


def _run(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(cli, list(args))
    return done.exit_code, done.stdout, done.stderr


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_sqlc_files_beside_migrations_are_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "hatchet"
    _tree(root, FILES)
    monkeypatch.chdir(root)
    code, out, err = _run("init")
    assert code == 0, err
    assert "Left out: pkg/sqlcv1, sql/schema, what sqlc reads" in out, out
    config = (root / "dbnamelint.yaml").read_text()
    assert "exclude:\n  - pkg/sqlcv1\n  - sql/schema\n" in config, config
    with_config = _run("check", "--no-cache", "--format", "json")
    assert "DBN023" not in with_config[1]  # no table created twice
    # The oracle: check on the tree without the sqlc files.
    for name in (
        "sql/schema/v1-core.sql",
        "pkg/sqlcv1/api_token.sql",
        "pkg/sqlcv1/additional-tables.sql",
    ):
        (root / name).unlink()
    (root / "dbnamelint.yaml").unlink()
    without = _run("check", "--no-cache", "--format", "json")
    assert with_config[0] == without[0]
    assert with_config[1].count('"code"') == without[1].count('"code"')


def test_a_folder_keeping_other_sql_is_listed_by_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file sqlc does not name stays read: its folder is not excluded whole."""
    root = tmp_path / "app"
    _tree(root, {**FILES, "sql/schema/seed_functions.sql": "CREATE TABLE seeds (id int);\n"})
    monkeypatch.chdir(root)
    code, _out, err = _run("init")
    assert code == 0, err
    config = yaml.safe_load((root / "dbnamelint.yaml").read_text())
    assert config["exclude"] == ["pkg/sqlcv1", "sql/schema/v1-core.sql"], config
    assert "sql/schema" in config["paths"], config


def test_sqlc_alone_is_left_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without migrations, sqlc's schema is the only schema there is (river's)."""
    files = {k: v for k, v in FILES.items() if not k.startswith("cmd/")}
    _tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    code, out, err = _run("init")
    assert code == 0, err
    assert "what sqlc reads" not in out
