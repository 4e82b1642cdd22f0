"""``impact --diff`` keeps a Prisma model's key and index names when a column is renamed.

Trial s40 (documenso): ``migrate --rename-column '"RateLimit"."createdAt"=created_at'``
renamed the column and its index (``RateLimit_createdAt_idx`` ->
``rate_limits_created_at_idx``); the patch gave the field ``@map("created_at")``
but left ``@@index([createdAt])`` bare. Prisma derives an index's name from the
*database* column names (prisma.io, "Database mapping > Constraint and index
names": ``{table}_{columns}_idx``, ``_key``, ``_fkey``), so it would name it
``RateLimit_created_at_idx`` and the next ``prisma migrate dev`` would rename the
index back (``prisma migrate diff`` of the pulled schema and the patched one
said ``Renamed index `rate_limits_created_at_idx` to `RateLimit_created_at_idx```).
A table rename already got ``map:``; a column rename alone did not.

The names the database holds come from a real PostgreSQL running the
migrations; the derived ones from Prisma's documented convention.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo, isolated_git_env, write_files

INIT = """\
CREATE TABLE "Team" ("id" INTEGER NOT NULL, CONSTRAINT "Team_pkey" PRIMARY KEY ("id"));
CREATE TABLE "Document" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "slug" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Document_slug_key" ON "Document"("slug");
CREATE INDEX "Document_teamId_idx" ON "Document"("teamId");
CREATE INDEX "Document_createdAt_idx" ON "Document"("createdAt");
CREATE UNIQUE INDEX "Document_teamId_slug_key" ON "Document"("teamId", "slug");
ALTER TABLE "Document" ADD CONSTRAINT "Document_teamId_fkey" FOREIGN KEY ("teamId")
    REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
"""
#: What ``migrate --rename-column`` writes: the column, and the index named after
#: it renamed to its target; the foreign key and the two-column unique key keep
#: their names (PostgreSQL does not rename them with the column).
RENAME = """\
ALTER TABLE "Document" RENAME COLUMN "teamId" TO "team_id";
ALTER INDEX "Document_teamId_idx" RENAME TO "documents_team_id_idx";
"""
MODELS = """\
model Document {
  id        Int      @id @default(autoincrement())
  teamId    Int
  slug      String   @unique
  createdAt DateTime
  team      Team     @relation(fields: [teamId], references: [id])

  @@unique([teamId, slug])
  @@index([teamId])
  @@index([createdAt])
}

model Team {
  id        Int        @id
  documents Document[]
}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    root.mkdir()
    write_files(
        root,
        {
            "dbnamelint.yaml": "paths: [prisma/migrations]\ndialect: postgres\n",
            "whitelist.yaml": 'phases:\n  - {id: "1", title: "L", status: open}\nentries: []\n',
            "prisma/migrations/20240101000000_init/migration.sql": INIT,
            "prisma/migrations/20240201000000_rename/migration.sql": RENAME,
            "prisma/schema.prisma": MODELS,
        },
    )
    init_repo(root)
    commit_all(root, "app")
    monkeypatch.chdir(root)
    return root


def _catalog(root: Path, pg: Any) -> dict[str, str]:
    """Each key and index of Document by what it covers, as PostgreSQL names it."""
    with pg.fresh_database("dbnamelint_prisma_colkeys") as db:
        files = sorted((root / "prisma/migrations").glob("*/migration.sql"))
        pg.run(files=files, dbname=db)
        rows = pg.query_json(
            "SELECT conname::text AS name, (SELECT string_agg(attname, ',' ORDER BY k.n) "
            "FROM unnest(conkey) WITH ORDINALITY k(a, n) JOIN pg_attribute ON attrelid = "
            "conrelid AND attnum = k.a) AS cols, contype::text AS kind FROM pg_constraint "
            "WHERE conrelid = '\"Document\"'::regclass UNION ALL "
            "SELECT c.relname::text, (SELECT string_agg(attname, ',' ORDER BY k.n) "
            "FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(a, n) JOIN pg_attribute ON "
            "attrelid = i.indrelid AND attnum = k.a), CASE WHEN i.indisunique THEN 'u' "
            "ELSE 'i' END FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = '\"Document\"'::regclass AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = i.indexrelid)",
            dbname=db,
        )
    return {f"{r['kind']}:{r['cols']}": r["name"] for r in rows}


def test_a_column_rename_maps_the_keys_whose_derived_name_it_changes(repo: Path, pg: Any) -> None:
    catalog = _catalog(repo, pg)
    assert catalog == {
        "p:id": "Document_pkey",
        "f:team_id": "Document_teamId_fkey",
        "u:slug": "Document_slug_key",
        "u:team_id,slug": "Document_teamId_slug_key",
        "i:team_id": "documents_team_id_idx",
        "i:createdAt": "Document_createdAt_idx",
    }
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (repo / "impact.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", "impact.patch")
    # Prisma derives Document_team_id_fkey, Document_team_id_slug_key and
    # Document_team_id_idx from the mapped column: each differs from the
    # catalog's name, so each gets map:. The primary key, the slug key and the
    # createdAt index cover no renamed column, and their derived names are the
    # catalog's: left alone.
    assert (repo / "prisma/schema.prisma").read_text(encoding="utf-8") == (
        MODELS.replace("  teamId    Int\n", '  teamId    Int @map("team_id")\n')
        .replace("references: [id])", f'references: [id], map: "{catalog["f:team_id"]}")')
        .replace(
            "@@unique([teamId, slug])",
            f'@@unique([teamId, slug], map: "{catalog["u:team_id,slug"]}")',
        )
        .replace("@@index([teamId])", f'@@index([teamId], map: "{catalog["i:team_id"]}")')
    )


def test_a_key_whose_derived_name_matches_needs_no_map(repo: Path, pg: Any) -> None:
    """The rename migration also names every key as Prisma derives it for the
    mapped column: the patch adds the field's @map and nothing else."""
    (repo / "prisma/migrations/20240201000000_rename/migration.sql").write_text(
        'ALTER TABLE "Document" RENAME COLUMN "teamId" TO "team_id";\n'
        'ALTER INDEX "Document_teamId_idx" RENAME TO "Document_team_id_idx";\n'
        'ALTER INDEX "Document_teamId_slug_key" RENAME TO "Document_team_id_slug_key";\n'
        'ALTER TABLE "Document" RENAME CONSTRAINT "Document_teamId_fkey" '
        'TO "Document_team_id_fkey";\n',
        encoding="utf-8",
    )
    commit_all(repo, "names as Prisma derives them")
    catalog = _catalog(repo, pg)
    assert {catalog[k] for k in ("f:team_id", "u:team_id,slug", "i:team_id")} == {
        "Document_team_id_fkey",
        "Document_team_id_slug_key",
        "Document_team_id_idx",
    }
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (repo / "impact.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", "impact.patch")
    assert (repo / "prisma/schema.prisma").read_text(encoding="utf-8") == MODELS.replace(
        "  teamId    Int\n", '  teamId    Int @map("team_id")\n'
    )


def test_the_full_patch_maps_keys_as_the_planned_column_rename_leaves_them(
    repo: Path, pg: Any
) -> None:
    """A whitelist that plans a column's rename (and no table's) and gives its
    index a target of its own: the full patch, applied once ``migrate``'s
    forward script ran, maps the keys covering the column to the names that
    script leaves (``document_team_idx``, where Prisma would derive
    ``Document_team_id_idx``). Those come from a real PostgreSQL running the
    migrations and the phase's forward script."""
    (repo / "prisma/migrations/20240201000000_rename").joinpath("migration.sql").unlink()
    (repo / "prisma/migrations/20240201000000_rename").rmdir()
    (repo / "whitelist.yaml").write_text(
        'phases:\n  - {id: "1", title: "L", status: open}\nentries:\n'
        '  - {kind: column, name: \'"Document"."teamId"\', rules: [DBN201], phase: "1", '
        "target: team_id}\n"
        '  - {kind: index, name: \'"Document"."Document_teamId_idx"\', rules: [DBN301], '
        'phase: "1", target: document_team_idx}\n',
        encoding="utf-8",
    )
    commit_all(repo, "plan a column rename")
    planned = CliRunner().invoke(cli, ["migrate", "--phase", "1"])
    assert planned.exit_code == 0, planned.output
    forward = planned.stdout.split("-- ==== forward ====")[1].split("-- ==== rollback ====")[0]
    with pg.fresh_database("dbnamelint_prisma_colplan") as db:
        files = sorted((repo / "prisma/migrations").glob("*/migration.sql"))
        pg.run(files=files, dbname=db)
        pg.run(sql=forward, dbname=db)
        names = {
            r["name"]
            for r in pg.query_json(
                "SELECT conname::text AS name FROM pg_constraint "
                "WHERE conrelid = '\"Document\"'::regclass UNION "
                "SELECT relname::text FROM pg_index JOIN pg_class ON pg_class.oid = indexrelid "
                "WHERE indrelid = '\"Document\"'::regclass",
                dbname=db,
            )
        }
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (repo / "impact.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", "impact.patch")
    patched = (repo / "prisma/schema.prisma").read_text(encoding="utf-8")
    # The name Prisma gives each attribute over team_id: its map:, else the
    # derived {table}_{database columns}_{suffix}; each must be the catalog's.
    over_team_id = {
        "fkey": _named(patched, "references: [id]", "Document_team_id_fkey"),
        "key": _named(patched, "@@unique([teamId, slug]", "Document_team_id_slug_key"),
        "idx": _named(patched, "@@index([teamId]", "Document_team_id_idx"),
    }
    assert '@map("team_id")' in patched
    assert "document_team_idx" in names
    assert set(over_team_id.values()) <= names, (over_team_id, names)


def _named(schema: str, attribute: str, derived: str) -> str:
    """The name of the index or key whose attribute holds ``attribute``."""
    line = next(line for line in schema.splitlines() if attribute in line)
    if 'map: "' in line:
        return line.split('map: "')[1].split('"')[0]
    return derived
