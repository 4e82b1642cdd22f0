"""``impact`` counts TypeORM's ``@JoinTable({ name })`` and ``@ViewEntity({
name })`` as mappings of the table they name (high confidence).

Trial s39 (n8n): ``WorkflowEntity.tags`` is ``@ManyToMany`` with
``@JoinTable({ name: 'workflows_tags', joinColumn: {...} })``, the name on
the line below the decorator; renaming ``workflows_tags`` listed it as plain
text only, so ``--diff`` left it and the relation would read a table that
is gone once the compatibility view is cleaned up. The name of a
``joinColumn`` object inside it is a column's, never the table's.

Oracle: TypeORM 1.1.3 builds the entities' metadata: the junction table it
reads and writes is the ``@JoinTable``'s ``name``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from git_helpers import committed_repo
from impact_json import impact_items, impact_json
from node_oracle import TYPEORM, node_for

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [db]\ndialect: postgres\n"
SCHEMA = """CREATE TABLE workflow_entity (id integer PRIMARY KEY);
CREATE TABLE tags (id integer PRIMARY KEY);
CREATE TABLE workflows_tags ("workflowId" integer, "tagId" integer);
CREATE VIEW active_workflows AS SELECT id FROM workflow_entity;
"""
WHITELIST = """phases:
  - {id: "1", title: "tags", status: open}
entries:
  - {kind: table, name: workflows_tags, rules: all, phase: "1", target: workflow_tags}
  - {kind: table, name: tags, rules: all, phase: "1", target: tag_labels}
  - {kind: view, name: active_workflows, rules: all, phase: "1", target: workflows_active}
"""
ENTITY = """import { Entity, JoinTable, ManyToMany, ViewEntity } from '@n8n/typeorm';

@Entity()
export class WorkflowEntity {
	@ManyToMany('TagEntity', 'workflows')
	@JoinTable({
		name: 'workflows_tags', // the junction table of this relation
		joinColumn: { name: 'tags', referencedColumnName: 'id' },
	})
	tags?: TagEntity[];
}

@ViewEntity({ name: 'active_workflows', expression: 'SELECT id FROM workflow_entity' })
export class ActiveWorkflow {}
"""


def _high(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, str]]:
    committed_repo(
        tmp_path / "app",
        {
            ".dbnamelint.yml": CONFIG,
            "db/001_init.sql": SCHEMA,
            "whitelist.yaml": WHITELIST,
            "src/entities/workflow-entity.ts": ENTITY,
        },
        monkeypatch,
    )
    return sorted(
        (obj["name"], item["line"], item["context"])
        for obj, item in impact_items(impact_json("--min-confidence", "high"))
        if item["path"] == "src/entities/workflow-entity.ts"
    )


def test_join_table_and_view_entity_names_are_high_confidence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _high(tmp_path, monkeypatch) == [
        ("active_workflows", 13, "TypeORM @ViewEntity"),
        ("workflows_tags", 7, "TypeORM @JoinTable"),
    ]  # `tags` on line 8 is the joinColumn's name, a column's


#: The entities in plain JavaScript (decorators applied by hand), TypeORM's
#: junction table printed.
ORACLE = """require("reflect-metadata");
const { DataSource, Entity, PrimaryColumn, ManyToMany, JoinTable } = require("typeorm");
class Tag {}
class Workflow {}
PrimaryColumn("int")(Tag.prototype, "id");
Entity({ name: "tags" })(Tag);
PrimaryColumn("int")(Workflow.prototype, "id");
ManyToMany(() => Tag)(Workflow.prototype, "tags");
JoinTable({ name: "workflows_tags", joinColumn: { name: "tags", referencedColumnName: "id" } })(
  Workflow.prototype, "tags");
Entity({ name: "workflow_entity" })(Workflow);
(async () => {
  const source = new DataSource({ type: "postgres", entities: [Tag, Workflow] });
  await source.buildMetadatas();
  const junction = source.getMetadata(Workflow).manyToManyRelations[0].junctionEntityMetadata;
  console.log(JSON.stringify([junction.tableName, junction.columns.map((c) => c.databaseName)]));
})();
"""


def test_typeorm_reads_the_join_table_by_that_name(tmp_path: Path) -> None:
    node = node_for(TYPEORM, "typeorm")
    script = tmp_path / "junction.cjs"
    script.write_text(ORACLE)
    env = {**os.environ, "NODE_PATH": str(TYPEORM / "node_modules"), "FORCE_COLOR": "0"}
    done = subprocess.run(
        [node, str(script)], check=True, capture_output=True, text=True, env=env, cwd=TYPEORM
    )
    table, columns = json.loads(done.stdout)
    assert table == "workflows_tags"
    assert "tags" in columns  # the joinColumn's name: a column of it
