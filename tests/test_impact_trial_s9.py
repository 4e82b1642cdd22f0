"""``dbnamelint impact`` after trial s9-t1 (#3, #5, #9, #10, #14).

Oracles: the MyBatis-Plus annotation reference (``@TableName`` ``value``:
the table name; ``@TableField``/``@TableId`` ``value``: the column name);
Hibernate ORM's user guide, "Quoted identifiers" (a name in backticks or
escaped double quotes inside the mapping string is quoted in SQL); the Go
specification (an import declaration's string is a package path, no SQL);
a real PostgreSQL 15 running the patched queries (``DBNAMELINT_TEST_PG``).
Searches run through the real ``git grep``, patches through ``git apply``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from test_impact_contexts import _apply, _refs


@pytest.fixture
def make_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    def make(files: dict[str, str], config: str) -> Path:
        return committed_repo(tmp_path / "repo", {"dbnamelint.yaml": config, **files}, monkeypatch)

    return make


# --------------------------------------------------------------------------
# #9: MyBatis-Plus annotations, Hibernate's quoted names in JPA annotations
# --------------------------------------------------------------------------

MYSQL_CONFIG = "paths: [db]\ndialect: mysql\n"
MYSQL_SCHEMA = (
    "CREATE TABLE `Cluster` (`Id` int PRIMARY KEY, `NamespaceId` int);\n"
    "CREATE TABLE core_chart_view (id int PRIMARY KEY, `tableId` int);\n"
)
MYSQL_WHITELIST = """\
phases:
  - {id: "1", title: "Legacy", status: open}
entries:
  - {kind: table, name: Cluster, phase: "1", target: clusters}
  - {kind: column, name: Cluster.NamespaceId, phase: "1", target: namespace_id}
  - {kind: table, name: core_chart_view, phase: "1", target: core_chart_views}
  - {kind: column, name: core_chart_view.tableId, phase: "1", target: table_id}
"""
CHART_VIEW = """\
@TableName("core_chart_view")
public class ChartView {
    @TableId("tableId")
    private Long id;
    @TableField(value = "tableId", fill = FieldFill.INSERT)
    private Long tableId;
}
@com.baomidou.mybatisplus.annotation.TableName(value = "core_chart_view", autoResultMap = true)
class ChartViewLite {}
"""
CLUSTER = """\
@Entity
@Table(name = "`Cluster`")
public class Cluster {
    @Column(name = "\\"NamespaceId\\"", nullable = false)
    private long namespaceId;
}
"""


def test_mybatis_plus_and_hibernate_quoted_mappings_are_high(make_repo: Any) -> None:
    root = make_repo(
        {
            "db/001_init.sql": MYSQL_SCHEMA,
            "whitelist.yaml": MYSQL_WHITELIST,
            "src/ChartView.java": CHART_VIEW,
            "src/Cluster.java": CLUSTER,
        },
        MYSQL_CONFIG,
    )
    view, cluster = "src/ChartView.java", "src/Cluster.java"
    refs = _refs(root)
    assert {r for r in refs if r[3] == "high"} == {
        (view, 1, "core_chart_view", "high", "MyBatis-Plus @TableName"),
        (view, 3, "tableId", "high", "MyBatis-Plus @TableField"),
        (view, 5, "tableId", "high", "MyBatis-Plus @TableField"),
        (view, 8, "core_chart_view", "high", "MyBatis-Plus @TableName"),
        (cluster, 2, "Cluster", "high", "JPA @Table"),
        (cluster, 4, "NamespaceId", "high", "JPA @Column"),
    }
    _apply(root)
    assert (root / view).read_text(encoding="utf-8") == CHART_VIEW.replace(
        '"core_chart_view"', '"core_chart_views"'
    ).replace('"tableId"', '"table_id"')
    # Hibernate's quotes stay around the new name.
    assert (root / cluster).read_text(encoding="utf-8") == CLUSTER.replace(
        "`Cluster`", "`clusters`"
    ).replace('\\"NamespaceId\\"', '\\"namespace_id\\"')


# --------------------------------------------------------------------------
# #3: module paths, imports and URLs are no references
# --------------------------------------------------------------------------

PG_CONFIG = "paths: [db]\ndialect: postgres\n"
POKER_WHITELIST = """\
phases:
  - {id: "1", title: "Legacy", status: open}
entries:
  - {kind: table, name: poker, phase: "1", target: poker_games}
"""
GO_FILE = """\
package poker

import (
\t"fmt"

\t"github.com/StevenWeathers/thunderdome-planning-poker/thunderdome"
\tpoker "example/internal/poker"
)

import "github.com/x/poker/db"

// Rules: https://thunderdome.dev/poker/rules
func count(db *sql.DB) error {
\t_, err := db.Exec("DELETE FROM poker WHERE id = $1", 1)
\treturn err
}
"""
TS_FILE = """\
import { poker } from "@thunderdome/poker";
import type { Game } from "./poker/game";
export { scale } from "../poker";
const lazy = await import("./poker/lazy");
const cjs = require("./poker/cjs");
const rows = await sql`SELECT * FROM poker`;
"""
PY_FILE = """\
from app.poker import models
import poker.models
rows = cur.execute("SELECT id FROM poker")
"""


def test_module_paths_imports_and_urls_are_no_references(make_repo: Any) -> None:
    root = make_repo(
        {
            "db/001_init.sql": "CREATE TABLE poker (id int);\n",
            "whitelist.yaml": POKER_WHITELIST,
            "go.mod": "module github.com/StevenWeathers/thunderdome-planning-poker\n\n"
            "require github.com/x/poker v1.0.0\n",
            "go.sum": "github.com/x/poker v1.0.0 h1:abc=\n",
            "poker.go": GO_FILE,
            "app.ts": TS_FILE,
            "app.py": PY_FILE,
        },
        PG_CONFIG,
    )
    # Only the SQL remains: every other "poker" is a package, a module or a URL's.
    assert _refs(root) == {
        ("poker.go", 14, "poker", "high", "SQL"),
        ("app.ts", 6, "poker", "high", "SQL"),
        ("app.py", 3, "poker", "high", "SQL"),
    }


# --------------------------------------------------------------------------
# #14: error and log messages are prose, not SQL
# --------------------------------------------------------------------------

GO_ERRORS = """\
package x

func f() error {
\tif _, err := db.Exec("INSERT INTO poker (id) VALUES ($1)", 1); err != nil {
\t\treturn fmt.Errorf("failed to insert into poker table: %v", err)
\t}
\tlog.Printf("select rows from poker for %s", id)
\treturn errors.Wrap(err, "could not delete from poker")
}

func g() error {
\treturn fmt.Errorf(
\t\t"select rows from poker: %w", err)
}
"""
PY_ERRORS = """\
def f(cur):
    cur.execute("update poker set id = 1")
    logger.warning("update poker set failed")
    raise ValueError(f"insert into poker table failed: {cur}")
"""
JAVA_ERRORS = """\
class F {
    void f() {
        jdbc.update("DELETE FROM poker WHERE id = ?", 1);
        throw new IllegalStateException("cannot delete from poker where the game runs");
    }
}
"""
RUST_ERRORS = """\
fn f() -> Result<()> {
    sqlx::query("select id from poker").execute(&pool).await
        .context("select id from poker failed")?;
    warn!("insert into poker values skipped");
    Ok(())
}
"""
JS_ERRORS = """\
await db.query("select id from poker where id = $1", [id]);
console.error(`delete from poker where id = ${id} failed`);
throw new Error("update poker set failed");
const msg = "failed to insert into poker table";
"""


def test_error_and_log_messages_are_not_sql(make_repo: Any) -> None:
    files = {
        "x.go": GO_ERRORS,
        "f.py": PY_ERRORS,
        "F.java": JAVA_ERRORS,
        "f.rs": RUST_ERRORS,
        "f.js": JS_ERRORS,
    }
    root = make_repo(
        {"db/001_init.sql": "CREATE TABLE poker (id int);\n", "whitelist.yaml": POKER_WHITELIST}
        | files,
        PG_CONFIG,
    )
    high = {(r[0], r[1]) for r in _refs(root) if r[3] == "high"}
    # The statements the code runs, and nothing of its messages.
    assert high == {("x.go", 4), ("f.py", 2), ("F.java", 3), ("f.rs", 2), ("f.js", 1)}
    _apply(root)
    for name, text in files.items():
        lines = text.splitlines(keepends=True)
        patched = (root / name).read_text(encoding="utf-8").splitlines(keepends=True)
        changed = {i + 1 for i, (a, b) in enumerate(zip(lines, patched, strict=True)) if a != b}
        assert changed == {n for p, n in high if p == name}, name


# --------------------------------------------------------------------------
# #10: a new name SQL must quote is written quoted
# --------------------------------------------------------------------------

JOB_SCHEMA = (
    'CREATE TABLE "Job" ("id" TEXT PRIMARY KEY, "finished_at" TIMESTAMP, status int, '
    "sort_key int);\n"
)
JOB_WHITELIST = """\
phases:
  - {id: "1", title: "Legacy", status: open}
entries:
  - {kind: table, name: '"Job"', phase: "1", target: jobs}
  - {kind: column, name: '"Job".finished_at', phase: "1", target: '"finishedAt"'}
  - {kind: column, name: '"Job".sort_key', phase: "1", target: '"order"'}
"""
JOB_PY = '''\
SQL = []


class Cursor:
    def execute(self, sql):
        SQL.append(sql)


cur = Cursor()
cur.execute("""
    UPDATE "Job"
    SET status = 1, finished_at = now(), sort_key = 2
""")
cur.execute('SELECT finished_at FROM "Job"')
cur.execute("SELECT j.finished_at, j.sort_key FROM \\"Job\\" j WHERE \\"finished_at\\" IS NULL")
cur.execute(
    "SELECT sort_key "
    "FROM \\"Job\\" ORDER BY finished_at"
)
'''
#: After the rename: what the migration makes (PostgreSQL stores the quoted names exactly).
JOB_AFTER = (
    'CREATE TABLE jobs (id text PRIMARY KEY, "finishedAt" timestamp, status int, "order" int);'
)


def test_diff_quotes_names_postgres_would_fold_and_the_queries_run(make_repo: Any, pg: Any) -> None:
    root = make_repo(
        {"db/001_init.sql": JOB_SCHEMA, "whitelist.yaml": JOB_WHITELIST, "app.py": JOB_PY},
        PG_CONFIG,
    )
    _apply(root)
    patched = (root / "app.py").read_text(encoding="utf-8")
    # Python itself reads the patched literals (an escape wrong here is a syntax error).
    scope: dict[str, Any] = {}
    exec(compile(patched, "app.py", "exec"), scope)
    statements = scope["SQL"]
    assert len(statements) == 4
    assert all('"finishedAt"' in s for s in statements)
    assert 'SET status = 1, "finishedAt" = now(), "order" = 2' in statements[0]
    with pg.fresh_database("dbnl_impact_s9_quoting") as db:
        pg.run(sql=JOB_AFTER, dbname=db)
        for statement in statements:
            pg.run(sql=statement.replace("now()", "now()::timestamp"), dbname=db)
        # The premise: written bare, PostgreSQL folds the name and finds no column.
        with pytest.raises(Exception, match='column "finishedat" does not exist'):
            pg.run(sql="SELECT finishedAt FROM jobs", dbname=db)


GRP_SCHEMA = "CREATE TABLE grp (id int PRIMARY KEY, sort_key int);\n"
GRP_WHITELIST = """\
phases:
  - {id: "1", title: "Legacy", status: open}
entries:
  - {kind: table, name: grp, phase: "1", target: group}
  - {kind: column, name: grp.sort_key, phase: "1", target: order}
"""
GRP_GO = """\
package x

const groupTable = "grp"

func f(db *sql.DB) {
\tdb.Query("SELECT sort_key FROM grp WHERE id = ?", 1)
\tdb.Query(`SELECT id FROM grp WHERE sort_key = ?`, 1)
}
"""
GRP_JS = "const q = `SELECT sort_key FROM grp WHERE id = ?`;\nprocess.stdout.write(q);\n"
GRP_JAVA = """\
@TableName("grp")
class Grp {
    @TableField("sort_key")
    private Integer sortKey;
}
@Entity
@Table(name = "grp")
class GrpEntity {
    @Column(name = "sort_key")
    private Integer sortKey;
}
"""


def test_diff_quotes_mysql_reserved_targets_as_each_literal_allows(
    make_repo: Any, maria: Any
) -> None:
    root = make_repo(
        {
            "db/001_init.sql": GRP_SCHEMA,
            "whitelist.yaml": GRP_WHITELIST,
            "x.go": GRP_GO,
            "q.js": GRP_JS,
            "Grp.java": GRP_JAVA,
        },
        MYSQL_CONFIG,
    )
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (root / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(root, "apply", "fix.patch")
    go = (root / "x.go").read_text(encoding="utf-8")
    assert 'db.Query("SELECT `order` FROM `group` WHERE id = ?", 1)' in go
    # A Go raw string cannot hold a backtick: left as written, with a note.
    assert "db.Query(`SELECT id FROM grp WHERE sort_key = ?`, 1)" in go
    assert "x.go:7:" in result.stderr and "cannot hold" in result.stderr
    # A table-name constant stays bare, with a note to quote it where it is used.
    assert 'const groupTable = "group"' in go and "x.go:3:" in result.stderr
    assert (
        (root / "q.js")
        .read_text(encoding="utf-8")
        .startswith("const q = `SELECT \\`order\\` FROM \\`group\\` WHERE id = ?`;")
    )
    java = (root / "Grp.java").read_text(encoding="utf-8")
    assert '@TableName("`group`")' in java and '@TableField("`order`")' in java
    assert '@Table(name = "`group`")' in java and '@Column(name = "`order`")' in java
    with maria.fresh_database("dbnl_impact_s9_quoting") as db:
        maria.run("CREATE TABLE `group` (id int PRIMARY KEY, `order` int)", database=db)
        statements = [go.split('db.Query("')[1].split('"')[0].replace("?", "1")]
        if shutil.which("node"):  # JavaScript itself reads the escaped template
            done = subprocess.run(
                ["node", str(root / "q.js")], capture_output=True, text=True, check=True
            )
            statements.append(done.stdout.replace("?", "1"))
        for statement in statements:
            maria.run(statement, database=db)
        # The premise: MariaDB refuses the reserved words bare.
        with pytest.raises(Exception, match="syntax"):
            maria.run("SELECT order FROM `group`", database=db)
