"""Sequelize's queryInterface calls read as the SQL Sequelize 6 really sends.

Trial s32 (outline): ``addColumn('collections', 'reviewPolicy', {field:
'review_policy'})`` passed the hook, the gate reading ``field:``, which
Sequelize honours in ``createTable`` and ``changeColumn`` (``attributesToSQL``:
``attribute.field || key``) but not in ``addColumn`` (``addColumnQuery``
quotes the key): the real column is ``"reviewPolicy"``. The reverse (key
``review_state``, ``field: 'reviewState'``) was a false ``DBN201``.
``changeColumn(t, c, {type: Sequelize.ENUM(...)})`` creates the type
``enum_<table>_<column>`` and was not read; nor were ``createFunction``,
``createTrigger``, ``renameTrigger``, ``renameFunction`` and the drops,
and ``createDatabase`` gave no ``DBN013``.

Oracle: Sequelize 6.37.5 (tests/knexseq/run.cjs) runs the migration's ``up``
on PostgreSQL 15; the SQL :mod:`dbnamelint.knexseq_schema` reads from it,
run on another database, makes the same tables, columns, constraints,
indexes, enum types, functions and triggers. Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, new_file_errors
from git_helpers import committed_repo, git
from node_oracle import KNEXSEQ, builder_text, node_for, run_sequelize
from pg_server import PgServer, public_names

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = "CREATE TABLE users (id integer PRIMARY KEY);\n"

ORACLE = """'use strict';
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('docs', {
      id: { type: Sequelize.INTEGER, primaryKey: true },
      moodKey: { type: Sequelize.ENUM('a', 'b'), field: 'mood_col' },
      title: { type: Sequelize.STRING },
      body: { type: Sequelize.STRING },
      ownerId: { type: Sequelize.INTEGER },
      slug: { type: Sequelize.STRING },
    }, { uniqueKeys: { docsPair: { fields: ['ownerId', 'body'] } } });
    await queryInterface.addColumn('docs', 'reviewPolicy', { type: Sequelize.STRING, field: 'review_policy' });
    await queryInterface.addColumn('docs', 'review_state', { type: Sequelize.STRING, field: 'reviewState' });
    await queryInterface.addColumn('docs', 'kindX', { type: Sequelize.ENUM('x', 'y'), field: 'kind_x' });
    await queryInterface.changeColumn('docs', 'editorVersion', { type: Sequelize.ENUM('v1', 'v2'), field: 'title' });
    await queryInterface.changeColumn('docs', 'body', Sequelize.ENUM('v1', 'v2'));
    await queryInterface.changeColumn('docs', 'ownerId', { type: Sequelize.INTEGER, references: { model: 'users', key: 'id' } });
    await queryInterface.changeColumn('docs', 'slug', { type: Sequelize.STRING, unique: true });
    await queryInterface.addIndex('docs', ['review_state']);
    await queryInterface.addIndex('docs', ['slug'], { name: 'docs_slug_idx' });
    await queryInterface.removeIndex('docs', ['review_state']);
    await queryInterface.removeIndex('docs', 'docs_slug_idx');
    await queryInterface.addConstraint('docs', { fields: ['title'], type: 'unique', name: 'docs_title_uq' });
    await queryInterface.removeConstraint('docs', 'docs_title_uq');
    await queryInterface.createFunction('touchDoc', [], 'trigger', 'plpgsql', 'RETURN NEW;', [], {});
    await queryInterface.createTrigger('docs', 'docsTouch', 'before', ['insert', 'update'], 'touchDoc', [], []);
    await queryInterface.renameTrigger('docs', 'docsTouch', 'docs_touch');
    await queryInterface.renameFunction('touchDoc', [], 'touch_doc');
    await queryInterface.createFunction('scratchFn', [], 'trigger', 'plpgsql', 'RETURN NEW;', [], {});
    await queryInterface.dropFunction('scratchFn', []);
    await queryInterface.createTable('scratch', { id: { type: Sequelize.INTEGER }, mood: { type: Sequelize.ENUM('p') } });
    await queryInterface.dropTable('scratch');
    await queryInterface.dropEnum('enum_scratch_mood');
    await queryInterface.dropSchema('scratchZone');
  },
};
"""  # noqa: E501

#: A schema the migration's ``dropSchema`` drops (with its table: CASCADE).
DROPPED = 'CREATE SCHEMA "scratchZone";\nCREATE TABLE "scratchZone".t (id int);\n'
ROUTINES = {
    "schemas": "SELECT 's' AS t, nspname AS n FROM pg_namespace "
    "WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'",
    "functions": "SELECT 'f' AS t, proname AS n FROM pg_proc "
    "WHERE pronamespace = 'public'::regnamespace",
    "triggers": "SELECT tgrelid::regclass::text AS t, tgname AS n FROM pg_trigger "
    "WHERE NOT tgisinternal",
}


def _names(pg: PgServer, db: str) -> dict[str, list[tuple[str, str]]]:
    names = public_names(pg, db)
    for kind, query in ROUTINES.items():
        names[kind] = sorted((str(r["t"]), str(r["n"])) for r in pg.query_json(query, db))
    return names


def _our_sql(text: str) -> str:
    from dbnamelint.knexseq_schema import builder_sql

    return builder_text(builder_sql, "migrations/20240103000000-docs.js", text)


def test_the_sql_makes_what_sequelize_makes(pg: PgServer, tmp_path: Path) -> None:
    """``field:`` honoured by ``createTable`` and ``changeColumn``, not by
    ``addColumn``; each ENUM's ``enum_<table>_<column>`` type; a function's
    name folded (Sequelize does not quote it); triggers; the drops."""
    node_for(KNEXSEQ, "sequelize")
    sql = _our_sql(ORACLE)
    module = tmp_path / "migration.js"
    module.write_text(ORACLE)
    with pg.fresh_database("seq_ddl_theirs") as db:
        pg.run(sql=SCHEMA + DROPPED, dbname=db)
        run_sequelize(module, pg.url(db))
        theirs = _names(pg, db)
    with pg.fresh_database("seq_ddl_ours") as db:
        pg.run(sql=SCHEMA + DROPPED + sql, dbname=db)
        ours = _names(pg, db)
    assert ours == theirs
    # what Sequelize 6.37.5 made (so the comparison cannot pass on an empty read)
    assert ("docs", "reviewPolicy") in theirs["columns"]
    assert ("docs", "review_state") in theirs["columns"]
    assert ("t", "enum_docs_title") in theirs["types"]
    assert ("t", "enum_docs_mood_col") in theirs["types"]
    assert ("docs", "docs_slug_key") in theirs["constraints"]
    assert ("docs", "docs_ownerId_body_key") in theirs["constraints"]
    assert theirs["functions"] == [("f", "touch_doc")]
    assert theirs["triggers"] == [("docs", "docs_touch")]
    assert theirs["schemas"] == [("s", "public")]


GATE_PATH = "migrations/20240103000000-reviews.js"
GATE = """module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.addColumn('documents', 'reviewPolicy', {
      type: Sequelize.STRING,
      field: 'review_policy',
    });
    await queryInterface.addColumn('documents', 'review_state', { type: Sequelize.STRING, field: 'reviewState' });
    await queryInterface.changeColumn('documents', 'editor_version', { type: Sequelize.ENUM('v1', 'v2'), field: 'editorVersion' });
    await queryInterface.createFunction('touch_document', [], 'trigger', 'plpgsql', 'RETURN NEW;', [], {});
    await queryInterface.createTrigger('documents', 'touchDocument', 'before', ['update'], 'touch_document', [], []);
    await queryInterface.createTrigger('documents', 'documents_touch', 'after', ['insert'], 'touch_document', [], []);
    await queryInterface.renameTrigger('documents', 'documents_touch', 'documentsTouched');
    await queryInterface.createTable('pins', { id: { type: Sequelize.INTEGER }, user_id: { type: Sequelize.INTEGER } }, {
      uniqueKeys: { pinsUser: { fields: ['user_id', 'id'] } },
    });
  },
};
"""  # noqa: E501

#: Each at its literal's line.
EXPECTED_GATE = [
    ("DBN201", 3),  # reviewPolicy: addColumn names the column by its key
    ("DBN505", 8),  # enum_documents_editorVersion: the type changeColumn makes
    ("DBN505", 10),  # touchDocument
    ("DBN505", 12),  # documentsTouched
]


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": 'paths: ["schema.sql"]\ndialect: postgres\n',
            "schema.sql": SCHEMA
            + 'CREATE TABLE documents (id integer PRIMARY KEY, "editorVersion" text);\n',
        },
        monkeypatch,
    )


def test_a_new_sequelize_migrations_ddl_is_judged_as_sequelize_runs_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, GATE_PATH, GATE) == EXPECTED_GATE


def test_create_database_is_dbn013_and_a_computed_drop_is_no_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``createDatabase`` makes a name the model does not hold: the gate's
    ``DBN013`` warning at the call. A drop makes no name, so one whose name
    the code computes is neither read nor a finding."""
    from dbnamelint.knexseq_schema import builder_sql

    text = (
        "module.exports = {\n"
        "  async up(queryInterface) {\n"
        "    await queryInterface.createDatabase('reviewData');\n"
        "    await queryInterface.removeIndex('documents', indexName);\n"
        "    await queryInterface.dropTable(`${prefix}_old`);\n"
        "  },\n"
        "};\n"
    )
    found = builder_sql(GATE_PATH, text)
    assert [u.call for u in found.unread] == ["createDatabase"]
    assert found.calls == []
    root = _repo(tmp_path, monkeypatch)
    (root / GATE_PATH).parent.mkdir(parents=True, exist_ok=True)
    (root / GATE_PATH).write_text(text)
    git(root, "add", "-A")
    _status, entries = check_entries("--pre-commit", "--no-cache")
    assert [(c, p, line) for c, p, line, _s, _m in entries if p == GATE_PATH] == [
        ("DBN013", GATE_PATH, 3)
    ], entries


@pytest.mark.parametrize(
    "text",
    [
        "async function up({ context: queryInterface }) {\n"
        "  await queryInterface.createTable('audit_logs', { id: { type: 'INTEGER' } });\n"
        "}\n"
        "async function down({ context: queryInterface }) {\n"
        "  await queryInterface.dropTable('audit_logs');\n"
        "  await queryInterface.createTable('RollbackOnly', { badName: { type: 'INTEGER' } });\n"
        "}\n"
        "module.exports = { up, down };\n",
        "const up = async ({ context: queryInterface }) => {\n"
        "  await queryInterface.createTable('audit_logs', { id: { type: 'INTEGER' } });\n"
        "};\n"
        "const down = async ({ context: queryInterface }) => {\n"
        "  await queryInterface.dropTable('audit_logs');\n"
        "  await queryInterface.createTable('RollbackOnly', { badName: { type: 'INTEGER' } });\n"
        "};\n"
        "module.exports = { up, down };\n",
    ],
    ids=["function-declarations", "const-arrows"],
)
def test_an_umzug_migrations_down_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """umzug's ``async function down({ context })`` / ``const down = async
    (...) =>`` beside ``module.exports = { up, down }`` is the rollback: its
    ``dropTable`` must not drop what ``up`` made, nor its names be judged
    (umzug runs ``down`` only on a revert)."""
    from dbnamelint.knexseq_schema import builder_sql

    (call,) = builder_sql(GATE_PATH, text).calls
    assert "audit_logs" in " ".join(s for _, s, _ in call[2])
    root = _repo(tmp_path, monkeypatch)
    (root / GATE_PATH).parent.mkdir(parents=True, exist_ok=True)
    (root / GATE_PATH).write_text(text)
    git(root, "add", "-A")
    status, entries = check_entries("--pre-commit", "--no-cache")
    assert status == 0, entries
