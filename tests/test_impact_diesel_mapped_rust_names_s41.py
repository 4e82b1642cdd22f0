"""A model's ``#[diesel(table_name = t)]`` once the crate's ``table!`` maps ``t``.

Trial s41 (vaultwarden): ``impact --diff`` maps a renamed table in
``schema.rs`` (``#[sql_name = "twofactors"]`` above ``twofactor (uuid) {``)
and leaves the models' ``#[diesel(table_name = twofactor)]`` as written, as
docs/impact.md says: the attribute names the ``table!`` module (Diesel's
``table!`` docs: "This will create a new public module, with the same name,
as the name of the table"), whose ``#[sql_name]`` now gives the database's
name. Yet the attribute stayed a high-confidence use of the old table, so
``migrate --cleanup --write`` refused for ever ("code still uses
twofactor"). The same holds for ``#[diesel(column_name = c)]`` and a column
``#[sql_name]`` maps (vaultwarden's ``ciphers.key``, a MySQL reserved word).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo, git

FILES = {
    "Cargo.toml": '[package]\nname = "vault"\nversion = "0.1.0"\n\n[dependencies]\ndiesel = "2"\n',
    "diesel.toml": '[print_schema]\nfile = "src/schema.rs"\n',
    "migrations/2024-01-01-000000_init/up.sql": (
        "CREATE TABLE twofactor (uuid CHAR(36) NOT NULL PRIMARY KEY, `key` TEXT NOT NULL);\n"
    ),
    "migrations/2024-01-01-000000_init/down.sql": "DROP TABLE twofactor;\n",
    "src/schema.rs": (
        "table! {\n    twofactor (uuid) {\n        uuid -> Text,\n        key -> Text,\n    }\n}\n"
    ),
    "src/models.rs": (
        "use crate::schema::twofactor;\n\n"
        "#[derive(Queryable, Insertable)]\n"
        "#[diesel(table_name = twofactor)]\n"
        "pub struct TwoFactor {\n"
        "    pub uuid: String,\n"
        "    #[diesel(column_name = key)]\n"
        "    pub totp: String,\n"
        "}\n"
    ),
    "dbnamelint.yaml": "paths: [migrations]\ndialect: mysql\n",
}


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _high(repo: Path) -> set[tuple[str, int, str]]:
    """(path, line, context) of each high-confidence reference `impact` lists."""
    out = _run("impact", "--format", "json")
    assert out.exit_code == 0, out.output
    found: set[tuple[str, int, str]] = set()
    for phase in json.loads(out.stdout)["phases"]:
        for obj in phase["objects"]:
            for ref in obj["items"]:
                if ref["confidence"] == "high":
                    found.add((ref["path"], ref["line"], ref["context"]))
    return found


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    committed_repo(tmp_path, FILES, monkeypatch)
    assert _run("whitelist", "init").exit_code == 0
    commit_all(tmp_path, "adopt")
    migrate = _run("migrate", "--phase", "1", "--write")
    assert migrate.exit_code == 0, migrate.output
    assert len(list((tmp_path / "migrations").glob("*_rename_phase_1/up.sql"))) == 1
    commit_all(tmp_path, "rename phase 1")
    return tmp_path


def test_attributes_count_until_the_schema_maps_them(repo: Path) -> None:
    """Before the patch both attributes use the old names; after it, the
    ``table!`` maps them and neither is a use: the cleanup is written."""
    before = _high(repo)
    assert ("src/models.rs", 4, "Diesel table_name") in before
    assert ("src/models.rs", 7, "Diesel column_name") in before

    diff = _run("impact", "--diff")
    assert diff.exit_code == 0, diff.output
    (repo / "fix.patch").write_text(diff.stdout)
    git(repo, "apply", "fix.patch")
    (repo / "fix.patch").unlink()
    schema = (repo / "src/schema.rs").read_text()
    assert '#[sql_name = "twofactors"]\n    twofactor (uuid) {' in schema, schema
    assert '#[sql_name = "twofactor_key"]\n        key -> Text,' in schema, schema
    assert (repo / "src/models.rs").read_text() == FILES["src/models.rs"]  # left as written
    commit_all(repo, "map the renames")

    assert _high(repo) == set()
    cleanup = _run("migrate", "--cleanup", "--write")
    assert cleanup.exit_code == 0, cleanup.output
    assert "code still uses" not in cleanup.output


def test_a_mapping_holds_in_its_own_crate_only(repo: Path) -> None:
    """A second crate whose ``table!`` still spells ``twofactor`` keeps its
    model's attribute a use of the old table, the first crate's mapping aside."""
    mapped = FILES["src/schema.rs"].replace(
        "    twofactor (uuid) {", '    #[sql_name = "twofactors"]\n    twofactor (uuid) {'
    )
    (repo / "src/schema.rs").write_text(mapped)
    for path in ("Cargo.toml", "src/schema.rs", "src/models.rs"):
        target = repo / "tools/export" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(FILES[path].replace('name = "vault"', 'name = "export"'))
    commit_all(repo, "a second crate")

    high = _high(repo)
    assert ("tools/export/src/models.rs", 4, "Diesel table_name") in high
    assert ("tools/export/src/schema.rs", 2, "Diesel table!") in high
    assert ("src/models.rs", 4, "Diesel table_name") not in high
