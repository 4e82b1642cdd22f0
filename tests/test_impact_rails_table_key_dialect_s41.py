"""The mark of an Active Record condition naming a renamed table quotes the
run's database's own error (trial s41 huginn).

huginn (MySQL) orders by ``"agent_logs.id desc"`` and plucks
``"agent_logs.id"``; once ``AgentLog`` reads ``agent_log_entries`` the query
no longer has ``agent_logs`` in its FROM clause. The mark said "PostgreSQL
says missing FROM-clause entry" on every database. The oracle: the real
MariaDB and SQLite, given the query Active Record then sends with the old
name beside a compatibility view, answer with the words the mark quotes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import mysql_server
from git_helpers import committed_repo
from impact_json import impact_items, impact_json

WHITELIST = """\
phases:
  - {id: "1", title: "Legacy names", status: open}
entries:
  - {kind: table, name: agent_logs, rules: [DBN107], phase: "1", target: agent_log_entries}
"""
CONFIG = """\
paths: [db/structure.sql]
dialect: {dialect}
rules:
  table-legacy-name:
    options:
      names: {{agent_logs: agent_log_entries}}
"""
SCHEMA = "CREATE TABLE agent_logs (id bigint PRIMARY KEY, agent_id bigint, message text);\n"
MODEL = """\
class AgentLog < ActiveRecord::Base
  def self.cleanup!(agent, keep)
    oldest = agent.logs.limit(1).offset(keep - 1).pluck("agent_logs.id").first
    agent.logs.where("agent_logs.id < ?", oldest).delete_all
  end
end
"""
#: What Active Record sends for the `where` above once the model reads the new table.
QUERY = "SELECT agent_log_entries.* FROM agent_log_entries WHERE agent_logs.id < 1"


def _refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str) -> str:
    committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": CONFIG.format(dialect=dialect),
            "whitelist.yaml": WHITELIST,
            "db/structure.sql": SCHEMA,
            "app/models/agent_log.rb": MODEL,
        },
        monkeypatch,
    )
    items = [item for _o, item in impact_items(impact_json()) if item["line"] == 4]
    assert len(items) == 1, items
    return str(items[0]["refused"])


def _said(refused: str, error: str) -> None:
    """The database's error is the mark's words with the column filled in."""
    quoted = refused.split(" says ", 1)[1].split("; rename both", 1)[0]
    assert quoted.replace("<column>", "id") in error, (quoted, error)


def test_sqlite_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    refused = _refused(tmp_path, monkeypatch, "sqlite")
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE agent_log_entries (id bigint PRIMARY KEY)")
    db.execute("CREATE VIEW agent_logs AS SELECT * FROM agent_log_entries")
    with pytest.raises(sqlite3.OperationalError) as error:
        db.execute(QUERY)
    assert refused.split(" says ", 1)[0].endswith("so SQLite")
    _said(refused, str(error.value))


def test_mysql_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: mysql_server.MysqlServer
) -> None:
    refused = _refused(tmp_path, monkeypatch, "mysql")
    with maria.fresh_database("s41huginn_impact") as db:
        maria.run("CREATE TABLE agent_log_entries (id bigint PRIMARY KEY)", database=db)
        maria.run("CREATE VIEW agent_logs AS SELECT * FROM agent_log_entries", database=db)
        with pytest.raises(mysql_server.SqlFailed) as error:
            maria.run(QUERY, database=db)
    assert refused.split(" says ", 1)[0].endswith("so MySQL")
    _said(refused, str(error.value))


AGENT = """\
class Agent < ActiveRecord::Base
  has_many :logs, -> { order("agent_logs.id desc") }, dependent: :delete_all, class_name: "AgentLog"
  scope :with_logs, -> { joins(:logs).where("agent_logs.level > ?", 3) }
  # sorted by "agent_logs.id"
  def label = "agent_logs.id"
end
"""
#: What ``agent.logs`` sends once AgentLog reads the new table (its scope's order kept).
SCOPE_QUERY = (
    "SELECT agent_log_entries.* FROM agent_log_entries WHERE agent_log_entries.agent_id = 1 "
    "ORDER BY agent_logs.id desc"
)


def test_a_scope_bodys_bare_query_names_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bare ``order(...)``/``where(...)`` opening a scope's body (an
    association's scope, ``scope :x, -> {...}``) is the model's own query:
    high and marked, as ``agent.logs.order(...)`` is; other strings stay plain.
    Before, huginn's ``has_many :logs, -> { order("agent_logs.id desc") }`` was
    plain text, though SQLite refuses the query it makes."""
    committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": CONFIG.format(dialect="sqlite"),
            "whitelist.yaml": WHITELIST,
            "db/structure.sql": SCHEMA,
            "app/models/agent.rb": AGENT,
        },
        monkeypatch,
    )
    found = {
        item["line"]: (item["confidence"], bool(item["refused"]))
        for _o, item in impact_items(impact_json("--min-confidence", "plain"))
        if item["path"] == "app/models/agent.rb"
    }
    assert found == {2: ("high", True), 3: ("high", True), 4: ("plain", False), 5: ("plain", False)}
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE agent_log_entries (id bigint PRIMARY KEY, agent_id bigint)")
    db.execute("CREATE VIEW agent_logs AS SELECT * FROM agent_log_entries")
    with pytest.raises(sqlite3.OperationalError, match=r"no such column: agent_logs\.id"):
        db.execute(SCOPE_QUERY)
