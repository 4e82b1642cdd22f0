"""``impact`` on a drizzle-orm project (trial s27 dokploy, karakeep).

drizzle-orm names the database's objects in its schema file:
``pgTable("dns_provider", { dnsProviderId: text("dnsProviderId") })``,
``pgEnum("DnsProviderType", [...])``, ``sqliteTable(...)``; the first string
argument of the table constructor and of each column builder is the
database name (drizzle-orm's ``pg-core``/``sqlite-core``/``mysql-core``
documentation, "SQL schema declaration"). The trials found them rated plain
text, so ``migrate --cleanup`` dropped a view the app still read; drizzle-kit's
``meta/*_snapshot.json`` counted as code (about 580 references each); and
JSON in MDX API docs reported as SQL. Oracles: drizzle-kit generate (in
tests/test_drizzle_migrate.py, after the patch printed here), the documents.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo

SCHEMA = """\
import { pgTable, serial, text, integer, pgEnum } from "drizzle-orm/pg-core";
export const kindEnum = pgEnum("DnsProviderType", ["a", "b"]);
export const dnsProvider = pgTable("dnsProvider", {
  dnsProviderId: text("dnsProviderId").primaryKey(),
  providerType: kindEnum("providerType"),
  ownerId: integer("ownerId"),
});
"""
MIGRATION = """\
CREATE TYPE "public"."DnsProviderType" AS ENUM('a', 'b');--> statement-breakpoint
CREATE TABLE "dnsProvider" (
\t"dnsProviderId" text PRIMARY KEY NOT NULL,
\t"providerType" "DnsProviderType",
\t"ownerId" integer
);
"""
SNAPSHOT = json.dumps(
    {"tables": {"public.dnsProvider": {"name": "dnsProvider", "columns": {"ownerId": {}}}}}
)
MDX = (
    '<ApiTabs body={{"content":{"application/json":{"schema":{"properties":'
    '{"ownerId":{"type":"string"}}}}},"description":"Fields to update, set them all"}} />\n'
)
WHITELIST = """\
phases:
  - {id: "1", title: "x", status: open}
entries:
  - {kind: table, name: dnsProvider, phase: "1", target: dns_providers}
  - {kind: column, name: dnsProvider.dnsProviderId, phase: "1", target: dns_provider_id}
  - {kind: column, name: dnsProvider.ownerId, phase: "1", target: owner_id}
  - {kind: type, name: public.DnsProviderType, phase: "1", target: dns_provider_type}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": "paths: [drizzle]\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST,
            "drizzle/0000_init.sql": MIGRATION,
            "drizzle/meta/_journal.json": json.dumps(
                {"entries": [{"idx": 0, "when": 1, "tag": "0000_init", "breakpoints": True}]}
            ),
            "drizzle/meta/0000_snapshot.json": SNAPSHOT,
            "src/db/schema.ts": SCHEMA,
            "docs/api/update.api.mdx": MDX,
        },
        monkeypatch,
    )


def test_the_schema_files_names_are_high_confidence(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    items = [i for phase in report["phases"] for o in phase["objects"] for i in o["items"]]
    high = sorted((i["path"], i["line"], i["context"]) for i in items if i["confidence"] == "high")
    assert high == [
        ("src/db/schema.ts", 2, "Drizzle schema"),
        ("src/db/schema.ts", 3, "Drizzle schema"),
        ("src/db/schema.ts", 4, "Drizzle column"),
        ("src/db/schema.ts", 6, "Drizzle column"),
    ], high
    assert "drizzle/meta/0000_snapshot.json" in json.dumps(report["history"])
    # the MDX page's JSON is prose, not SQL: a plain reference at most
    assert {i["confidence"] for i in items if i["path"].endswith(".mdx")} <= {"plain"}


def test_the_patch_renames_the_schema_file(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--diff"])
    assert result.exit_code == 0, result.output
    assert 'export const kindEnum = pgEnum("dns_provider_type", ["a", "b"]);' in result.stdout
    assert 'export const dnsProvider = pgTable("dns_providers", {' in result.stdout
    assert '  dnsProviderId: text("dns_provider_id").primaryKey(),' in result.stdout
    assert '  ownerId: integer("owner_id"),' in result.stdout
    assert "update.api.mdx" not in result.stdout
