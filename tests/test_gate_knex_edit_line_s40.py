"""An edit inside a Knex chain of an applied migration is located at its line (trial s40 F9).

uptime-kuma's ``2025-09-02-0000-add-domain-expiry.js`` is one Knex chain,
``knex.schema.alterTable("monitor", ...).createTable("domain_expiry", ...)``:
a column renamed in the ``createTable`` at line 11 gave ``DBN025`` at line 2,
quoting the chain's first call (``alter table "monitor" add column ...``),
as if that had changed. The chain's SQL is one string; the diagnostic now
stands at the line the change rewrote. Oracle: real git.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MIGRATION = "migrations/2025-09-02-0000-add-domain-expiry.js"
TEXT = """exports.up = function (knex) {
    return knex.schema
        .alterTable("monitor", function (table) {
            table.boolean("domain_expiry_notification").defaultTo(1);
        })
        .createTable("domain_expiry", (table) => {
            table.increments("id");
            table.datetime("last_check");
            // Use VARCHAR(255) for MySQL/MariaDB compatibility with unique constraint
            // Maximum domain name length is 253 characters (255 octets on the wire)
            table.string("domain", 255).unique().notNullable();
            table.datetime("expiry");
        });
};

exports.down = function (knex) {
    return knex.schema.dropTable("domain_expiry");
};
"""
FILES = {
    "migrations/2025-01-01-0000-init.js": """exports.up = function (knex) {
    return knex.schema.createTable("monitor", (table) => {
        table.increments("id");
    });
};
exports.down = function (knex) {};
""",
    MIGRATION: TEXT,
}


@pytest.mark.parametrize("dialect", ["postgres", "sqlite"])
def test_the_rewritten_line_is_named(git_project: Path, dialect: str) -> None:
    adopted_repo(git_project, FILES, f"paths: [migrations]\ndialect: {dialect}\n")
    edited = TEXT.replace('table.string("domain", 255)', 'table.string("domain_name", 255)')
    (git_project / MIGRATION).write_text(edited)
    git(git_project, "add", "-A")
    args = ["check", "--no-cache", "--base", "HEAD", "--format", "json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    found = [
        (d["line"], d["message"])
        for d in json.loads(result.stdout)["diagnostics"]
        if d["code"] == "DBN025"
    ]
    assert [line for line, _ in found] == [11], found
    assert 'alter table "monitor"' not in found[0][1], found
