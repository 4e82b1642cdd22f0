"""``impact`` after trial s19 (conductor) #1: English in string literals is not SQL.

With table ``task`` renamed, conductor's tests were ``high [SQL]`` 44 times
and ``--diff`` rewrote their English: JUnit messages (``"Join task should
execute successfully ..."``), Spock blocks (``when: "JOIN task is
executed"``), UI text in TSX (``<Text>Update task</Text>``, ``... from task
definitions``), a schema's ``description: "Join task"``, a Spock feature's
name (``"Test fork join workflow using ..."``), a label ``"Group by key"``.
A string is SQL with SQL's shape: a statement, or a fragment whose ``FROM``/
``JOIN``/``INTO``/``WHERE`` is followed by a name and then its end, an alias,
a clause or punctuation; and its keywords cased as SQL writes them, not as a
sentence opens. The DAO's query pieces stay high.

Oracle: sqlite3 prepares the DAO's query and each piece as the clause it is
(``SELECT * `` + ``FROM ...``), and rejects each English string put where
its opening keyword would be a clause; the search runs through real git.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dbnamelint.impact.classify import reads_as_sql
from git_helpers import committed_repo
from test_impact_contexts import _refs

SCHEMA = "CREATE TABLE task (task_id text PRIMARY KEY, wf text, json_data text);\n"
WHITELIST = """\
phases:
  - {id: "1", title: "Legacy", status: open}
entries:
  - {kind: table, name: task, phase: "1", target: tasks}
"""
# A DAO's query built from pieces (lines 3-6): each names the table in SQL.
DAO = """\
class TaskDao {
  static final String QUERY =
      "SELECT json_data FROM task "
          + "JOIN task t2 ON t2.task_id = task.task_id "
          + "LEFT JOIN task USING (task_id) "
          + "WHERE task.task_id = ?";
  static final String INSERT = "INSERT INTO task (task_id, wf) VALUES (?, ?)";
}
"""
PROSE_JAVA = """\
class TestJoin {
  void t() {
    assertTrue("Join task should execute successfully when all tasks succeed", result);
    assertEquals("JOIN task '" + ref + "' should be present in workflow", x);
    assertFalse("JOIN task executed by the async executor", y);
  }
}
"""
PROSE_GROOVY = """\
class ForkJoinSpec {
  def "Test fork join task using external payload storage"() {
    when: "JOIN task is polled and executed"
    then: true
  }
}
"""
PROSE_TSX = """\
export const Form = () => (
  <Box>
    <Text>
      Update task
    </Text>
    Input templates (Default key-values from task definitions)
    <Label description="Join task" />
  </Box>
);
"""
PROSE_TS = """\
export const schema = {
  type: "object",
  description: "Join task",
};
"""
# The English strings above, as written (each the whole string literal).
ENGLISH = [
    "Join task should execute successfully when all tasks succeed",
    "JOIN task '",
    "JOIN task executed by the async executor",
    "Test fork join task using external payload storage",
    "JOIN task is polled and executed",
]
# English by its case alone: SQLite would read these (keywords ignore case),
# but SQL in code is written in upper or lower case, not as a sentence opens.
CASED = ["Join task", "Group by key", "From task definitions"]
# The DAO's strings, and fragments of the shapes conductor's DAOs build.
SQL = [
    "SELECT json_data FROM task ",
    "JOIN task t2 ON t2.task_id = task.task_id ",
    "LEFT JOIN task USING (task_id) ",
    "WHERE task.task_id = ?",
    "INSERT INTO task (task_id, wf) VALUES (?, ?)",
    "FROM task ",
    "FROM task",
    "from task t where t.wf = ?",
    "GROUP BY task_id",
    "select json_data from task",
]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": SCHEMA,
        "dao/TaskDao.java": DAO,
        "core/TestJoin.java": PROSE_JAVA,
        "it/ForkJoinSpec.groovy": PROSE_GROOVY,
        "ui/Form.tsx": PROSE_TSX,
        "ui/Schemas.ts": PROSE_TS,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _clause(text: str) -> str:
    """``text`` as SQLite reads it where it stands: a piece opening with a clause
    completes a query (``SELECT * `` + ``FROM ...``), a statement stands alone;
    a Spock name from its ``join``."""
    head = text.split(maxsplit=1)[0].upper()
    if head == "TEST":
        text, head = text[text.upper().index("JOIN") :], "JOIN"
    text = text.replace("?", "'x'")
    if head == "FROM":
        return "SELECT * " + text
    if head == "LEFT":  # USING (task_id): the table on its left under another name
        return "SELECT * FROM task t0 " + text
    if head in {"JOIN", "WHERE", "GROUP"}:
        return "SELECT * FROM task " + text
    return text


def test_sqlite_reads_the_sql_and_rejects_the_english() -> None:
    con = sqlite3.connect(":memory:")
    con.executescript(SCHEMA)
    for text in SQL:
        con.execute(_clause(text))  # prepares and runs: SQL
    for text in ENGLISH:
        with pytest.raises(sqlite3.Error):
            con.execute(_clause(text))


def test_reads_as_sql_follows_the_shape() -> None:
    assert [t for t in SQL if not reads_as_sql(t)] == []
    assert [t for t in ENGLISH + CASED if reads_as_sql(t)] == []


def test_english_in_code_is_plain_and_the_dao_high(repo: Path) -> None:
    high = sorted((p, line) for p, line, _, conf, _ in _refs(repo) if conf == "high")
    assert high == [("dao/TaskDao.java", n) for n in (3, 4, 4, 5, 6, 7)]
