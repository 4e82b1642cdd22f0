"""Trial s32 outline's smaller findings.

- ``check server/migrations``, a folder of Sequelize migrations only
  (``queryInterface.createTable(...)``, no SQL string), exited 0 with
  "no SQL files found": the folder is now read as the SQL Sequelize runs
  (:mod:`dbnamelint.knexseq_schema`), its names judged where they are written.
- ``migrate``'s Rails primary-key note came for outline's ``app/models/``,
  its frontend's MobX stores (``.ts``): only Ruby models make a Rails app
  (:func:`dbnamelint.services.migrate.rails_keys.primary_key_note`).
- The gate's DBN013 note for ``createTable(tableName, ...)`` showed
  ``(${tableName})``: the builder's argument as the hole the SQL laid over
  the call has, not as the code writes it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import check_entries, stage
from dbnamelint.cli import cli
from dbnamelint.services.migrate.rails_keys import primary_key_note
from git_helpers import committed_repo

#: sequelize-cli's migration skeleton (``migration:generate``), with a table.
SEQUELIZE = """'use strict';

module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('apiKeys', {
      id: { type: Sequelize.UUID, primaryKey: true },
      userId: { type: Sequelize.UUID },
    });
  },

  async down(queryInterface) {
    await queryInterface.dropTable('apiKeys');
  },
};
"""


def test_a_named_folder_of_sequelize_migrations_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "server/migrations"
    folder.mkdir(parents=True)
    (folder / "20160619080644-initial.js").write_text(SEQUELIZE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["check", "--dialect", "postgres", "server/migrations"])
    assert done.exit_code == 1, done.output
    # each name where the migration writes it (line 5: createTable's literal,
    # line 7: the attribute's key)
    assert 'initial.js:5:42: DBN101 table "apiKeys"' in done.output
    assert 'initial.js:7:7: DBN201 column "apiKeys.userId"' in done.output
    assert "no SQL file" not in done.output


def test_no_rails_note_for_a_frontend_models_folder(tmp_path: Path) -> None:
    models = tmp_path / "app/models"
    models.mkdir(parents=True)
    (models / "ApiKey.ts").write_text("export default class ApiKey {}\n", encoding="utf-8")
    assert primary_key_note(["apiKeys"], tmp_path) is None
    (models / "api_key.rb").write_text(
        'class ApiKey < ApplicationRecord\n  self.table_name = "apiKeys"\nend\n', encoding="utf-8"
    )
    note = primary_key_note(["apiKeys"], tmp_path)
    assert note is not None and note.startswith("Rails: Active Record reads")


BUILT = """'use strict';
const tableName = process.env.REVIEWS_TABLE || "document_reviews";
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable(tableName, {
      id: { type: Sequelize.INTEGER, primaryKey: true },
    });
    await queryInterface.sequelize.query(`CREATE TABLE ${tableName}_log (id int)`);
  },
  async down(queryInterface) {
    await queryInterface.dropTable(tableName);
  },
};
"""


def test_a_builder_calls_computed_name_is_shown_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DBN013 for ``createTable(tableName, ...)`` showed ``(${tableName})``,
    though the code has no template literal there; a template's own hole
    is still shown as written."""
    root = committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": 'paths: ["db"]\ndialect: postgres\n',
            "db/schema.sql": "CREATE TABLE users (id int PRIMARY KEY);\n",
        },
        monkeypatch,
    )
    stage(root, "server/migrations/20260901000000-reviews.js", BUILT)
    _status, found = check_entries("--pre-commit", "--no-cache")
    notes = sorted((line, message) for code, _p, line, _s, message in found if code == "DBN013")
    assert [line for line, _ in notes] == [5, 8], notes
    assert "is completed when the code runs (tableName):" in notes[0][1]
    assert "is completed when the code runs (${tableName}):" in notes[1][1]
