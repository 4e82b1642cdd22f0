"""``migrate``'s Rails note on models left on a compatibility view names the
catalog the app's own database keeps primary keys in (trial s41 huginn).

huginn is a MySQL app: the note said "(PostgreSQL: pg_index rows with
indisprimary)" there. Active Record's mysql2 adapter reads the ``PRIMARY``
index from ``information_schema.statistics``; the oracle is MariaDB, whose
catalog holds that row for the renamed table and none for the view, the
reason the model finds no primary key.
"""

from __future__ import annotations

from pathlib import Path

import mysql_server
from dbnamelint.services.migrate.rails_keys import primary_key_note

MODEL = "class AgentLog < ActiveRecord::Base\nend\n"


def test_the_mysql_note_names_the_catalog_that_lacks_the_key(
    tmp_path: Path, maria: mysql_server.MysqlServer
) -> None:
    (tmp_path / "app/models").mkdir(parents=True)
    (tmp_path / "app/models/agent_log.rb").write_text(MODEL, encoding="utf-8")
    note = primary_key_note(["agent_logs"], tmp_path, "mysql")
    assert note is not None
    assert "(MySQL: information_schema.statistics' PRIMARY index)" in note
    assert "pg_index" not in note
    with maria.fresh_database("s41huginn_keys") as db:
        maria.run("CREATE TABLE agent_log_entries (id bigint PRIMARY KEY)", database=db)
        maria.run("CREATE VIEW agent_logs AS SELECT * FROM agent_log_entries", database=db)
        rows = maria.run(
            "SELECT table_name FROM information_schema.statistics"
            f" WHERE table_schema = '{db}' AND index_name = 'PRIMARY'"
        ).split()
    assert rows == ["agent_log_entries"]  # the view has no PRIMARY row: no key for the model
