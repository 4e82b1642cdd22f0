"""A JS/TS migration whose ``up`` takes a context object: the runner and the
schema helpers it hands over are judged by the gate, never passed silently.

Trial s39 (n8n): TypeORM runs n8n's migrations through a wrapper that calls
``up({ queryRunner, tablePrefix, schemaBuilder })``; the classes implement
n8n's own ``ReversibleMigration`` and import ``@n8n/typeorm``. Two kinds of
new migration passed ``check --base`` and the hook in silence:

- ``queryRunner.renameColumn(...)``, ``queryRunner.addColumn(t, new
  TableColumn({ name: 'BadCol' }))``: TypeORM's QueryRunner calls, not known
  as TypeORM's (no ``MigrationInterface``, no ``"typeorm"`` import, no
  ``up(queryRunner)``), so not read;
- ``createTable('BadThing').withColumns(column('Id'))``,
  ``addColumns('workflow_entity', [column('BadColumn')])``: the project's
  schema DSL taken from the context, no DDL string at all; an edit inside
  such a call in an applied migration passed too.

Oracle: TypeORM 1.1.3 (tests/typeorm/run.cjs) runs the context-style
migration through a wrapper like n8n's on PostgreSQL 15: the SQL the gate
reads for it makes the same names. Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, new_file_errors, stage
from git_helpers import committed_repo
from node_oracle import TYPEORM, builder_text, run_cjs
from pg_server import PgServer, public_names

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [db]\ndialect: postgres\n"
SCHEMA = "CREATE TABLE users (id integer PRIMARY KEY, name text);\n"

#: n8n's shape: a context object, the project's own interface, no "typeorm" import.
CONTEXT = """import type { MigrationContext, ReversibleMigration } from '../migration-types';

export class AddThings1700000000000 implements ReversibleMigration {
	async up({ queryRunner, tablePrefix }: MigrationContext) {
		await queryRunner.createTable(new Table({ name: 'BuilderTable', columns: [{ name: 'someCol', type: 'int' }] }));
		await queryRunner.addColumn('users', new TableColumn({ name: 'lastLogin', type: 'timestamp' }));
		await queryRunner.renameColumn('users', 'name', 'userName');
		await queryRunner.changeColumn('users', 'id', new TableColumn({ name: 'userId', type: 'int' }));
	}

	async down({ queryRunner }: MigrationContext) {
		await queryRunner.dropTable('BuilderTable');
	}
}
"""  # noqa: E501
#: The runner renamed in the pattern, and TypeORM imported from a scoped fork.
RENAMED = (
    CONTEXT.replace("{ queryRunner, tablePrefix }", "{ queryRunner: qr, tablePrefix }")
    .replace("await queryRunner.", "await qr.")
    .replace(
        "import type { MigrationContext, ReversibleMigration } from '../migration-types';",
        "import { Table, TableColumn } from '@n8n/typeorm';\n"
        "import type { MigrationContext, ReversibleMigration } from '../migration-types';",
    )
)
PATH = "src/migrations/postgresdb/1700000000000-AddThings.ts"


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> Path:
    return committed_repo(
        tmp_path / "app",
        {".dbnamelint.yml": CONFIG, "db/schema.sql": SCHEMA, **files},
        monkeypatch,
    )


@pytest.mark.parametrize("text", [CONTEXT, RENAMED], ids=["destructured", "renamed-fork"])
def test_the_runner_a_context_hands_over_is_read_as_typeorms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    root = _repo(tmp_path, monkeypatch, {})
    first = text.count("\n", 0, text.index("createTable(")) + 1
    assert new_file_errors(root, PATH, text) == [
        ("DBN013", first + 3),  # changeColumn: not read
        ("DBN101", first),  # BuilderTable
        ("DBN105", first),  # BuilderTable: not plural
        ("DBN201", first),  # someCol
        ("DBN201", first + 1),  # lastLogin
        ("DBN201", first + 2),  # userName
    ]


#: n8n's DSL: helpers taken from the context; ``column`` and ``down``'s are not DDL calls.
DSL = """import type { MigrationContext, ReversibleMigration } from '../migration-types';

const tableName = 'BadThing';

export class CreateBadThing1700000000001 implements ReversibleMigration {
	async up({ schemaBuilder: { createTable, addColumns, createIndex, column }, logger }: MigrationContext) {
		logger.info('creating');
		await createTable(tableName)
			.withColumns(column('Id').varchar(36).primary.notNull, column('UserName').text)
			.withIndexOn('UserName');
		await addColumns('users', [column('BadColumn').varchar(36)]);
		await createIndex('users', ['BadColumn'], true, 'BadIndexName');
	}

	async down({ schemaBuilder: { dropTable } }: MigrationContext) {
		await dropTable(tableName);
	}
}
"""  # noqa: E501
DSL_PATH = "src/migrations/common/1700000000001-CreateBadThing.ts"


def test_a_schema_helper_from_the_context_is_dbn013_in_a_new_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch, {})
    assert new_file_errors(root, DSL_PATH, DSL) == [("DBN013", 8), ("DBN013", 11), ("DBN013", 12)]
    accepted = DSL.replace(
        "\tasync up(", "\t// dbnamelint: ignore[DBN013] names checked by hand\n\tasync up("
    )
    stage(root, DSL_PATH, accepted)
    status, found = check_entries("--pre-commit", "--no-cache")
    assert status == 0, found


#: The context kept whole: the runner destructured in the body is TypeORM's
#: (read); a helper reached through the context, or a runner reached so, is not.
WHOLE = """import type { MigrationContext, ReversibleMigration } from '../migration-types';

export class Whole1700000000002 implements ReversibleMigration {
	async up(context: MigrationContext) {
		const { queryRunner, schemaBuilder } = context;
		await queryRunner.addColumn('users', new TableColumn({ name: 'badCol', type: 'int' }));
		await context.queryRunner.renameColumn('users', 'name', 'userName');
		await schemaBuilder.createTable('BadThing').withColumns(schemaBuilder.column('Id'));
		await context.schemaBuilder.addColumns('users', [context.schemaBuilder.column('Other')]);
	}
}
"""


def test_a_context_kept_whole_is_judged_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch, {})
    path = "src/migrations/postgresdb/1700000000002-Whole.ts"
    assert new_file_errors(root, path, WHOLE) == [
        ("DBN013", 7),  # context.queryRunner.renameColumn: not read
        ("DBN013", 8),  # schemaBuilder.createTable
        ("DBN013", 9),  # context.schemaBuilder.addColumns
        ("DBN201", 6),  # badCol: queryRunner.addColumn read
    ]


#: An applied DSL migration: a column added inside its multi-line call.
APPLIED = """import type { MigrationContext, ReversibleMigration } from '../migration-types';

export class CreateHistory1600000000000 implements ReversibleMigration {
	async up({ schemaBuilder: { createTable, column } }: MigrationContext) {
		await createTable('workflow_history')
			.withColumns(
				column('version_id').varchar(36).primary.notNull,
				column('authors').varchar(255).notNull,
			)
			.withTimestamps;
	}
}
"""
APPLIED_PATH = "src/migrations/common/1600000000000-CreateHistory.ts"


def test_an_edit_inside_an_applied_helper_call_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch, {APPLIED_PATH: APPLIED})
    status, found = check_entries("--base", "HEAD", "--no-cache")
    assert status == 0, found  # the committed call is not new
    edited = APPLIED.replace(
        "\t\t\t\tcolumn('authors')", "\t\t\t\tcolumn('BadAuthor').text,\n\t\t\t\tcolumn('authors')"
    )
    stage(root, APPLIED_PATH, edited)
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 1, found
        mine = [(c, line, s) for c, p, line, s, _ in found if p == APPLIED_PATH]
        assert mine == [("DBN013", 5, "error")], mine
        assert "is edited since" in found[0][4], found


#: For the oracle: the context-style migration with every call read, as
#: CommonJS, and a wrapper handing it the runner as n8n's does.
ORACLE = """const { Table, TableColumn } = require("typeorm");

class AddThings {
  async up({ queryRunner, tablePrefix }) {
    await queryRunner.createTable(new Table({ name: "BuilderTable", columns: [{ name: "someCol", type: "int", isPrimary: true }] }));
    await queryRunner.addColumn("users", new TableColumn({ name: "lastLogin", type: "timestamp", isNullable: true }));
    await queryRunner.renameColumn("users", "name", "userName");
  }
}
module.exports = AddThings;
"""  # noqa: E501
WRAPPER = """const Inner = require("./1700000000000-AddThings.js");
module.exports = class AddThings1700000000000 {
  async up(runner) {
    await new Inner().up({ queryRunner: runner, tablePrefix: "" });
  }
};
"""


def test_the_read_sql_makes_the_names_typeorm_makes(pg: PgServer, tmp_path: Path) -> None:
    from dbnamelint.typeorm_schema import builder_sql

    sql = builder_text(builder_sql, "migrations/1700000000000-AddThings.js", ORACLE)
    (tmp_path / "1700000000000-AddThings.js").write_text(ORACLE)
    wrapper = tmp_path / "wrapper.js"
    wrapper.write_text(WRAPPER)
    with pg.fresh_database("ctx_theirs") as db:
        pg.run(sql=SCHEMA, dbname=db)
        run_cjs(TYPEORM, "typeorm", str(wrapper), pg.url(db))
        theirs = public_names(pg, db)
    with pg.fresh_database("ctx_ours") as db:
        pg.run(sql=SCHEMA + sql, dbname=db)
        ours = public_names(pg, db)
    # TypeORM's own migrations table aside
    made = {k: [(t, n) for t, n in v if "migrations" not in (t, n)] for k, v in theirs.items()}
    assert ours == made
    assert {("users", "userName"), ("BuilderTable", "someCol")} <= set(ours["columns"])
