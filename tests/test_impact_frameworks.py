# ruff: noqa: E501  (OpenCart's lines are copied as the project writes them)
"""``dbnamelint impact`` on names code never spells: table prefixes, Rails conventions.

Fixtures are written from the frameworks' own code and manuals:

- OpenCart's models (``upload/admin/model/setting/setting.php``: the lines
  below are copied from OpenCart 4), WordPress's ``$wpdb->prefix``
  (developer.wordpress.org, class ``wpdb``), CodeIgniter 3's
  ``$this->db->dbprefix('tablename')`` (Query Builder, "Setting your own
  table prefix"): the table is the prefix plus the written rest.
- Rails guides, "Active Record Basics > Naming Conventions": ``Article`` ->
  ``articles``, ``LineItem`` -> ``line_items``, ``Mouse`` -> ``mice``,
  ``Person`` -> ``people``; ``ActiveRecord::ModelSchema``: a namespace's
  ``table_name_prefix``, and single-table inheritance (a subclass reads its
  base's table).
- dbmate's README (``dbmate dump`` writes ``db/schema.sql``: pg_dump's
  output, then ``-- Dbmate schema migrations`` and the version INSERT) and
  pg_dump's header (``-- PostgreSQL database dump``).

Searches run through the real ``git grep``; patches through the real ``git apply``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from dbnamelint.impact.history import is_schema_dump
from dbnamelint.impact.prefixed import schema_prefix
from git_helpers import commit_all, git, init_repo, isolated_git_env, write_files


@pytest.fixture
def make_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)

    def make(files: dict[str, str]) -> Path:
        root = tmp_path / "repo"
        root.mkdir()
        write_files(root, files)
        init_repo(root)
        commit_all(root, "app")
        monkeypatch.chdir(root)
        return root

    return make


def _refs(root: Path) -> list[tuple[str, int, int, str, str, str]]:
    settings = load_settings(root, None, (), (), ())
    impact = collect_impact(settings, root)
    return sorted(
        (r.path, r.line, r.column, r.name, r.confidence, r.context) for r in impact.references
    )


def _apply_diff(root: Path) -> tuple[str, str]:
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (root / "impact.patch").write_text(result.stdout, encoding="utf-8")
    git(root, "apply", "impact.patch")
    return result.stdout, result.stderr


# --------------------------------------------------------------------------
# PHP table prefixes
# --------------------------------------------------------------------------

OC_SCHEMA = """\
CREATE TABLE oc_setting (setting_id int, store_id int, `key` varchar(64));
CREATE TABLE oc_api (api_id int, username varchar(64));
CREATE TABLE oc_product (product_id int);
"""
OC_WHITELIST = """\
phases:
  - {id: "1", title: "Legacy", status: open}
entries:
  - {kind: table, name: oc_setting, phase: "1", target: oc_config_setting}
  - {kind: table, name: oc_api, phase: "1", target: api_client}
"""
OC_MODEL = """\
<?php
class ModelSettingSetting extends Model {
	public function getSettings() {
		$query = $this->db->query("SELECT * FROM " . DB_PREFIX . "setting WHERE store_id = '0'");
		$this->db->query("DELETE FROM `" . DB_PREFIX . "setting` WHERE `code` = '" . $this->db->escape($code) . "'");
		$this->db->query("INSERT INTO `" . DB_PREFIX . "api` SET username = '" . $this->db->escape($data['username']) . "'");
		$rows = $wpdb->get_results("SELECT * FROM {$wpdb->prefix}setting WHERE 1");
		$name = $this->db->dbprefix('setting');
		$t = DB_PREFIX . 'setting';
		// SELECT * FROM " . DB_PREFIX . "setting
		$other = DB_PREFIX . "settings";
		$word = "setting";
	}
}
"""


def _opencart(make_repo: Any) -> Path:
    return make_repo(  # type: ignore[no-any-return]
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: mysql\n",
            "whitelist.yaml": OC_WHITELIST,
            "db/opencart.sql": OC_SCHEMA,
            "admin/model/setting/setting.php": OC_MODEL,
        }
    )


def test_schema_prefix_is_the_first_word_most_tables_share() -> None:
    assert schema_prefix(["oc_setting", "oc_api", "oc_product"]) == "oc_"
    assert schema_prefix(["wp_posts", "wp_options", "users"]) == "wp_"
    assert schema_prefix(["users", "posts", "post_tags"]) is None  # 1 of 3
    assert schema_prefix([]) is None


def test_prefixed_names_are_references_to_the_prefixed_table(make_repo: Any) -> None:
    root = _opencart(make_repo)
    path = "admin/model/setting/setting.php"
    lines = OC_MODEL.splitlines()

    def at(number: int, before: str, rest: str, confidence: str, context: str) -> tuple[Any, ...]:
        column = lines[number - 1].index(before + rest) + len(before) + 1
        return (path, number, column, rest, confidence, context)

    assert _refs(root) == [
        at(4, '"', "setting", "high", "table prefix (SQL)"),
        at(5, '"', "setting", "high", "table prefix (SQL)"),
        at(6, '"', "api", "high", "table prefix (SQL)"),
        at(7, "}", "setting", "high", "table prefix (SQL)"),
        at(8, "'", "setting", "high", "CodeIgniter dbprefix()"),
        at(9, "'", "setting", "plain", "table prefix"),  # a name, no SQL in sight
        at(10, '"', "setting", "plain", "comment"),
    ]


def test_diff_rewrites_only_the_rest_and_only_when_the_prefix_stays(make_repo: Any) -> None:
    root = _opencart(make_repo)
    _patch, notes = _apply_diff(root)
    lines = (root / "admin/model/setting/setting.php").read_text(encoding="utf-8").splitlines()
    assert lines[3].endswith('FROM " . DB_PREFIX . "config_setting WHERE store_id = \'0\'");')
    assert '`" . DB_PREFIX . "config_setting` WHERE' in lines[4]
    assert "{$wpdb->prefix}config_setting WHERE" in lines[6]
    assert "dbprefix('config_setting')" in lines[7]
    # api_client drops the prefix: DB_PREFIX . "api" cannot build it.
    assert '`" . DB_PREFIX . "api` SET' in lines[5]
    api_column = OC_MODEL.splitlines()[5].index('"api') + 2
    assert f"setting.php:6:{api_column}: api not rewritten" in notes
    assert "does not keep the prefix" in notes
    assert lines[8:] == OC_MODEL.splitlines()[8:]  # plain, comment, other words untouched


# --------------------------------------------------------------------------
# Rails models named by convention
# --------------------------------------------------------------------------

RAILS_SCHEMA = """\
CREATE TABLE articles (id bigint PRIMARY KEY);
CREATE TABLE line_items (id bigint PRIMARY KEY);
CREATE TABLE mice (id bigint PRIMARY KEY);
CREATE TABLE people (id bigint PRIMARY KEY);
CREATE TABLE ci_builds (id bigint PRIMARY KEY);
CREATE TABLE legacy_orders (id bigint PRIMARY KEY);
"""
RAILS_WHITELIST = """\
phases:
  - {id: "1", title: "Legacy", status: open}
entries:
  - {kind: table, name: articles, phase: "1", target: posts}
  - {kind: table, name: line_items, phase: "1", target: order_lines}
  - {kind: table, name: mice, phase: "1", target: rodents}
  - {kind: table, name: people, phase: "1", target: persons}
  - {kind: table, name: ci_builds, phase: "1", target: ci_jobs}
  - {kind: table, name: legacy_orders, phase: "1", target: orders}
"""
RAILS_FILES = {
    "app/models/application_record.rb": (
        "class ApplicationRecord < ActiveRecord::Base\n  primary_abstract_class\nend\n"
    ),
    "app/models/article.rb": "class Article < ApplicationRecord\n  has_many :line_items\nend\n",
    "app/models/line_item.rb": "class LineItem < ApplicationRecord\nend\n",
    # Written on one line (trial s7-t4 #9): the patch goes before its "; end".
    "app/models/mouse.rb": "class Mouse < ActiveRecord::Base; end\n",
    # Single-table inheritance: reads articles, no reference of its own.
    "app/models/featured_article.rb": "class FeaturedArticle < Article\nend\n",
    "app/models/person.rb": 'class Person < ApplicationRecord\n  self.table_name = "people"\nend\n',
    "app/models/order.rb": "class Order < ApplicationRecord\nend\n",  # orders: not a target
    "app/models/ci.rb": "module Ci\n  def self.table_name_prefix\n    'ci_'\n  end\nend\n",
    "app/models/ci/application_record.rb": (
        "module Ci\n  class ApplicationRecord < ::ApplicationRecord\n"
        "    self.abstract_class = true\n  end\nend\n"
    ),
    "app/models/ci/build.rb": (
        "module Ci\n  class Build < Ci::ApplicationRecord\n    def retry!\n    end\n  end\nend\n"
    ),
    # Not a model folder: a class named Article elsewhere is no table.
    "lib/article.rb": "class Article < ApplicationRecord\nend\n",
}


def _rails(make_repo: Any) -> Path:
    return make_repo(  # type: ignore[no-any-return]
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": RAILS_WHITELIST,
            "db/structure_main.sql": RAILS_SCHEMA,
            **RAILS_FILES,
        }
    )


def test_rails_models_are_their_conventional_tables(make_repo: Any) -> None:
    root = _rails(make_repo)
    label = "Rails model (convention)"
    assert _refs(root) == [
        ("app/models/article.rb", 1, 7, "Article", "high", label),
        ("app/models/article.rb", 2, 13, "line_items", "plain", "text"),  # has_many :line_items
        ("app/models/ci/build.rb", 2, 9, "Build", "high", label),
        ("app/models/line_item.rb", 1, 7, "LineItem", "high", label),
        ("app/models/mouse.rb", 1, 7, "Mouse", "high", label),
        ("app/models/person.rb", 2, 22, "people", "high", "Rails self.table_name"),
    ]


def test_diff_maps_each_model_with_self_table_name(make_repo: Any) -> None:
    root = _rails(make_repo)
    _apply_diff(root)

    def text(path: str) -> str:
        return (root / path).read_text(encoding="utf-8")

    assert text("app/models/article.rb") == (
        'class Article < ApplicationRecord\n  self.table_name = "posts"\n'
        "  has_many :line_items\nend\n"
    )
    assert text("app/models/ci/build.rb").splitlines()[1:3] == [
        "  class Build < Ci::ApplicationRecord",
        '    self.table_name = "ci_jobs"',
    ]
    assert text("app/models/person.rb").splitlines()[1] == '  self.table_name = "persons"'
    assert text("app/models/mouse.rb") == (
        'class Mouse < ActiveRecord::Base; self.table_name = "rodents"; end\n'
    )
    assert text("app/models/featured_article.rb") == RAILS_FILES["app/models/featured_article.rb"]
    assert text("lib/article.rb") == RAILS_FILES["lib/article.rb"]


# --------------------------------------------------------------------------
# Schema dumps, source maps, index names
# --------------------------------------------------------------------------

DBMATE_DUMP = """\
SET statement_timeout = 0;
SET client_encoding = 'UTF8';

CREATE TABLE public.queue (
    id integer NOT NULL
);

--
-- PostgreSQL database dump complete
--


--
-- Dbmate schema migrations
--

INSERT INTO public.schema_migrations (version) VALUES
    ('20240101120000');
"""
PG_DUMP = """\
--
-- PostgreSQL database dump
--

-- Dumped from database version 15.4

CREATE TABLE public.queue (id integer NOT NULL);
"""


def test_schema_dumps_are_not_code() -> None:
    assert is_schema_dump("db/schema.sql", "SET statement_timeout = 0;", DBMATE_DUMP[-200:])
    assert is_schema_dump("database/dump.sql", PG_DUMP)
    assert is_schema_dump("db/ci_structure.sql")
    assert is_schema_dump("db/structure.sql")
    assert is_schema_dump("db/dump.sql", "-- MySQL dump 10.13  Distrib 8.0.36")
    assert not is_schema_dump("db/schema.sql", "CREATE TABLE queue (id int);", "")
    assert not is_schema_dump("src/structure.sql.rb")


def test_dumps_are_generated_and_assets_are_skipped(make_repo: Any) -> None:
    long_line = "var a=1;" * 1000 + 'q("SELECT * FROM queue")\n'
    root = make_repo(
        {
            "dbnamelint.yaml": "paths: [db/schema]\ndialect: postgres\n",
            "whitelist.yaml": (
                'phases:\n  - {id: "1", title: "L", status: open}\nentries:\n'
                '  - {kind: table, name: queue, phase: "1", target: queues}\n'
            ),
            "db/schema/001.sql": "CREATE TABLE queue (id int);\n",
            "db/schema.sql": DBMATE_DUMP,
            "db/dump.sql": PG_DUMP,
            "db/ci_structure.sql": "CREATE TABLE public.queue (id int);\n",
            "web/app.min.js": 'q("SELECT * FROM queue")\n',
            "web/app.js.map": '{"sourcesContent":["q(\\"SELECT * FROM queue\\")"]}\n',
            "web/bundle.js": long_line,
            "src/app.js": 'q("SELECT * FROM queue")\n',
            # Trial s7-t4 #0c: a Go file with a long embedded literal is code.
            "src/embed.go": 'package x\nvar blob = "' + "a" * 6000 + '"\n'
            "const q = `SELECT * FROM queue`\n",
        }
    )
    settings = load_settings(root, None, (), (), ())
    impact = collect_impact(settings, root)
    assert [(r.path, r.line) for r in impact.references] == [("src/app.js", 1), ("src/embed.go", 3)]
    # A dump is its tool's output: listed apart, regenerated after the migration.
    assert impact.history_files() == []
    assert impact.generated_markers == {
        "db/ci_structure.sql": "Rails' structure.sql (db:schema:dump)",
        "db/dump.sql": "a database dump's header (-- PostgreSQL database dump)",
        "db/schema.sql": "dbmate's schema dump (-- Dbmate schema migrations)",
    }
    assert (
        "3 source-map or minified files skipped (generated assets, not code): "
        "web/app.js.map, web/app.min.js, web/bundle.js"
    ) in impact.notes
    patch, _notes = _apply_diff(root)
    assert [line for line in patch.splitlines() if line.startswith("+++")] == [
        "+++ b/src/app.js",
        "+++ b/src/embed.go",
    ]


def test_an_index_named_as_its_column_is_referenced_only_as_an_index(make_repo: Any) -> None:
    root = make_repo(
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: mysql\n",
            "whitelist.yaml": (
                'phases:\n  - {id: "1", title: "L", status: open}\nentries:\n'
                "  - {kind: index, name: t.customer_id, phase: '1', target: idx_t_customer_id}\n"
            ),
            "db/001.sql": (
                "CREATE TABLE t (id int, customer_id int, KEY customer_id (customer_id));\n"
            ),
            "a.php": (
                '<?php $x = $row["customer_id"];\n'
                '$db->query("SELECT * FROM t FORCE INDEX (customer_id) WHERE customer_id = 1");\n'
                '$db->query("ALTER TABLE t DROP INDEX customer_id");\n'
                '$db->query("SELECT customer_id FROM t");\n'
            ),
        }
    )
    assert [(p, line, col) for p, line, col, *_rest in _refs(root)] == [
        ("a.php", 2, 42),
        ("a.php", 3, 38),
    ]


# --------------------------------------------------------------------------
# Prisma: names derived from a mapped model's table
# --------------------------------------------------------------------------

PRISMA = """\
model Document {
  id     Int    @id @default(autoincrement())
  teamId Int    @map("team_id")
  slug   String @unique
  team   Team   @relation(fields: [teamId], references: [id])

  @@index([teamId])
  @@unique([teamId, slug], map: "doc_team_slug")
}

model Team {
  id        Int        @id
  documents Document[]
}
"""


def test_mapping_a_prisma_model_lists_the_names_prisma_derives_from_it(make_repo: Any) -> None:
    # Prisma's default names (prisma.io, "Database mapping > Constraint and index
    # names"): {table}_pkey, {table}_{columns}_key / _idx / _fkey, database columns.
    root = make_repo(
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": (
                'phases:\n  - {id: "1", title: "L", status: open}\nentries:\n'
                '  - {kind: table, name: Document, phase: "1", target: documents}\n'
            ),
            # No key in the schema: the names Prisma derives are listed to check.
            "db/001.sql": 'CREATE TABLE "Document" (id int, team_id int, slug text);\n',
            "prisma/schema.prisma": PRISMA,
        }
    )
    _patch, notes = _apply_diff(root)
    assert (
        "prisma/schema.prisma:1: model Document now maps to documents, and Prisma derives "
        "these names from it: documents_pkey (@id, patched line 2), documents_slug_key "
        "(@unique, patched line 4), documents_team_id_fkey (@relation(fields: [teamId], references: [id]), "
        "patched line 5), "
        "documents_team_id_idx (@@index([teamId]), patched line 7); add map:"
    ) in notes
    assert "doc_team_slug" not in notes  # its map: keeps the database's name


PRISMA_INIT = """\
CREATE TABLE "Team" ("id" INTEGER NOT NULL, CONSTRAINT "Team_pkey" PRIMARY KEY ("id"));
CREATE TABLE "Document" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "slug" TEXT NOT NULL,
    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Document_slug_key" ON "Document"("slug");
CREATE INDEX "Document_teamId_idx" ON "Document"("teamId");
ALTER TABLE "Document" ADD CONSTRAINT "Document_teamId_fkey" FOREIGN KEY ("teamId")
    REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
"""
PRISMA_RENAME = """\
ALTER TABLE "Document" RENAME TO "documents";
ALTER INDEX "Document_teamId_idx" RENAME TO "documents_team_id_idx";
ALTER TABLE "documents" RENAME CONSTRAINT "Document_teamId_fkey" TO "documents_team_id_fkey";
"""
PRISMA_MODELS = """\
model Document {
  id     Int    @id @default(autoincrement())
  teamId Int
  slug   String @unique
  team   Team   @relation(fields: [teamId], references: [id])

  @@index([teamId])
}

model Team {
  id        Int        @id
  documents Document[]
}
"""


def test_a_mapped_prisma_model_keeps_the_databases_key_names(make_repo: Any, pg: Any) -> None:
    # The schema renamed the table, one index and the FK; PostgreSQL keeps the
    # primary key's and the unique index's names. Prisma would derive
    # documents_pkey, documents_slug_key, documents_teamId_idx and
    # documents_teamId_fkey, so each attribute needs map: with the catalog's name.
    root = make_repo(
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": 'phases:\n  - {id: "1", title: "L", status: open}\nentries: []\n',
            "db/001_init.sql": PRISMA_INIT,
            "db/002_rename.sql": PRISMA_RENAME,
            "prisma/schema.prisma": PRISMA_MODELS,
        }
    )
    with pg.fresh_database("dbnamelint_prisma_keys") as db:
        pg.run(files=[root / "db/001_init.sql", root / "db/002_rename.sql"], dbname=db)
        catalog = {
            row["kind"]: row["name"]
            for row in pg.query_json(
                "SELECT CASE contype WHEN 'p' THEN 'pkey' WHEN 'f' THEN 'fkey' END AS kind, "
                "conname AS name FROM pg_constraint WHERE conrelid = 'documents'::regclass "
                "AND contype IN ('p', 'f') UNION ALL "
                "SELECT CASE WHEN indisunique THEN 'key' ELSE 'idx' END, relname "
                "FROM pg_index JOIN pg_class ON pg_class.oid = indexrelid "
                "WHERE indrelid = 'documents'::regclass AND NOT indisprimary",
                dbname=db,
            )
        }
    assert catalog == {
        "pkey": "Document_pkey",
        "key": "Document_slug_key",
        "idx": "documents_team_id_idx",
        "fkey": "documents_team_id_fkey",
    }
    _apply_diff(root)
    assert (root / "prisma/schema.prisma").read_text(encoding="utf-8") == (
        PRISMA_MODELS.replace(
            "  @@index([teamId])\n}", '  @@index([teamId])\n  @@map("documents")\n}'
        )
        .replace("@id @default", f'@id(map: "{catalog["pkey"]}") @default')
        .replace("String @unique", f'String @unique(map: "{catalog["key"]}")')
        .replace("references: [id])", f'references: [id], map: "{catalog["fkey"]}")')
        .replace("@@index([teamId])", f'@@index([teamId], map: "{catalog["idx"]}")')
    )


PRISMA_TRIAL_INIT = """\
CREATE TABLE "Document" ("id" TEXT NOT NULL, "teamId" INTEGER NOT NULL, "title" TEXT,
    CONSTRAINT "Document_pkey" PRIMARY KEY ("id"));
CREATE INDEX "Document_teamId_idx" ON "Document"("teamId");
CREATE UNIQUE INDEX "Document_title_key" ON "Document"("title");
CREATE TABLE "Team" ("id" SERIAL NOT NULL, CONSTRAINT "Team_pkey" PRIMARY KEY ("id"));
ALTER TABLE "Document" ADD CONSTRAINT "Document_teamId_fkey" FOREIGN KEY ("teamId")
    REFERENCES "Team"("id");
"""
PRISMA_TRIAL_MODELS = """\
model Document {
  id     String  @id
  teamId Int
  title  String? @unique
  team   Team    @relation(fields: [teamId], references: [id])
  @@index([teamId])
}
model Team {
  id        Int        @id @default(autoincrement())
  documents Document[]
}
"""


def test_the_full_patch_keeps_the_key_names_the_phase_leaves(make_repo: Any, pg: Any) -> None:
    """Trial s7-t4 #6: the phase renames the keys to the names Prisma derives
    for the new tables, so the full patch (applied after that migration)
    adds no ``map:``; the names the database then holds come from a real
    PostgreSQL running the migrations and the phase's forward script, the
    derived ones from Prisma's documented convention (prisma.io, "Database
    mapping > Constraint and index names": ``{table}_pkey``,
    ``{table}_{columns}_key`` / ``_idx`` / ``_fkey``)."""
    root = make_repo(
        {
            "dbnamelint.yaml": "paths: [prisma/migrations]\ndialect: postgres\n",
            "prisma/migrations/20240101000000_init/migration.sql": PRISMA_TRIAL_INIT,
            "prisma/migrations/20240201000000_rename/migration.sql": (
                'ALTER TABLE "Document" RENAME TO "documents";\n'
            ),
            "prisma/schema.prisma": PRISMA_TRIAL_MODELS,
        }
    )
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    commit_all(root, "whitelist")
    planned = CliRunner().invoke(cli, ["migrate", "--phase", "1"])
    assert planned.exit_code == 0, planned.output
    forward = planned.stdout.split("-- ==== forward ====")[1].split("-- ==== rollback ====")[0]
    with pg.fresh_database("dbnamelint_prisma_phase") as db:
        migrations = sorted((root / "prisma/migrations").glob("*/migration.sql"))
        pg.run(files=migrations, dbname=db)
        pg.run(sql=forward, dbname=db)
        catalog = {
            row["name"]
            for row in pg.query_json(
                "SELECT conname::text AS name FROM pg_constraint WHERE contype IN ('p', 'f') "
                "AND conrelid IN ('documents'::regclass, 'teams'::regclass) UNION "
                "SELECT relname::text FROM pg_index JOIN pg_class ON pg_class.oid = indexrelid "
                "WHERE indrelid IN ('documents'::regclass, 'teams'::regclass)",
                dbname=db,
            )
        }
    derived = {
        "documents_pkey",
        "documents_title_key",
        "documents_team_id_idx",
        "documents_team_id_fkey",
        "teams_pkey",
    }
    assert catalog == derived  # what the database holds after the phase
    _patch, notes = _apply_diff(root)
    patched = (root / "prisma/schema.prisma").read_text(encoding="utf-8")
    assert "map:" not in patched, patched
    assert '@@map("documents")' in patched and '@@map("teams")' in patched
    assert '@map("team_id")' in patched
    assert "derives these names" not in notes


def test_a_model_whose_abstract_base_is_in_another_file_is_counted(make_repo: Any) -> None:
    root = make_repo(
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": RAILS_WHITELIST,
            "db/structure_main.sql": RAILS_SCHEMA,
            "app/models/shared_record.rb": (
                "class SharedRecord < ActiveRecord::Base\n  self.abstract_class = true\nend\n"
            ),
            "app/models/line_item.rb": "class LineItem < SharedRecord\nend\n",
            # A subclass of a concrete model (STI) stays no reference.
            "app/models/gift_line_item.rb": "class GiftLineItem < LineItem\nend\n",
        }
    )
    assert [(p, line, name) for p, line, _c, name, *_r in _refs(root)] == [
        ("app/models/line_item.rb", 1, "LineItem")
    ]


def test_rails_prefix_on_an_abstract_base_and_a_model_namespace(make_repo: Any) -> None:
    # As GitLab writes them: Ci::ApplicationRecord defines table_name_prefix
    # (inherited by its subclasses), and MergeRequest::Metrics lives in the
    # namespace of the model MergeRequest (Active Record: merge_request_metrics).
    # The three tables are gisia's (db/main/000-structure.sql, db/ci_structure.sql).
    root = make_repo(
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": (
                'phases:\n  - {id: "1", title: "L", status: open}\nentries:\n'
                '  - {kind: table, name: ci_pipelines, phase: "1", target: ci_runs}\n'
                '  - {kind: table, name: merge_request_metrics, phase: "1", target: mr_metrics}\n'
                '  - {kind: table, name: merge_requests, phase: "1", target: mrs}\n'
            ),
            "db/schema.sql": (
                "CREATE TABLE ci_pipelines (id bigint);\n"
                "CREATE TABLE merge_request_metrics (id bigint);\n"
                "CREATE TABLE merge_requests (id bigint);\n"
            ),
            "app/models/ci/application_record.rb": (
                "module Ci\n  class ApplicationRecord < ::ApplicationRecord\n"
                "    self.abstract_class = true\n\n    def self.table_name_prefix\n"
                "      'ci_'\n    end\n  end\nend\n"
            ),
            "app/models/ci/pipeline.rb": "module Ci\n  class Pipeline < Ci::ApplicationRecord\n  end\nend\n",
            "app/models/merge_request.rb": "class MergeRequest < ApplicationRecord\nend\n",
            "app/models/merge_request/metrics.rb": (
                "class MergeRequest::Metrics < ApplicationRecord\n  belongs_to :merge_request\nend\n"
            ),
        }
    )
    assert [(p, line, name) for p, line, _c, name, *_r in _refs(root) if name[0].isupper()] == [
        ("app/models/ci/pipeline.rb", 2, "Pipeline"),
        ("app/models/merge_request.rb", 1, "MergeRequest"),
        ("app/models/merge_request/metrics.rb", 1, "Metrics"),
    ]
