"""Trial s32 outline's smaller findings.

- ``check server/migrations``, a folder of Sequelize migrations only
  (``queryInterface.createTable(...)``, no SQL string), exited 0 with
  "no SQL files found", though a folder named that holds only code with DDL
  is ``DBN003``, exit 3 (as for Go code): a builder's calls are DDL too
  (:func:`dbnamelint.services.code_schema.code_ddl_files`).
- ``migrate``'s Rails primary-key note came for outline's ``app/models/``,
  its frontend's MobX stores (``.ts``): only Ruby models make a Rails app
  (:func:`dbnamelint.services.migrate.rails_keys.primary_key_note`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.services.migrate.rails_keys import primary_key_note

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


def test_a_named_folder_of_sequelize_migrations_is_dbn003(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "server/migrations"
    folder.mkdir(parents=True)
    (folder / "20160619080644-initial.js").write_text(SEQUELIZE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["check", "--dialect", "postgres", "server/migrations"])
    assert done.exit_code == 3, done.output
    assert "server/migrations:1:1: DBN003 error: no SQL file in this folder" in done.output
    assert "server/migrations/20160619080644-initial.js" in done.output


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
