"""``impact`` on dex's shapes (trial s22: Go migrations as a list of SQL strings).

1. A Go migration list (``var migrations = []migration{{stmts: []string{...}}}``)
   is history: every string of it keeps the old name, its DML too; a fresh
   install replays it before the step that renames. sqlite3 is the oracle: the
   list's strings, then the rename, run in order on a new database.
2. Markdown prose is text: only a fence tagged ``sql`` (CommonMark's info
   string), or a paragraph that reads as a SQL statement, is SQL.
3. So ``migrate --cleanup --write`` and ``burndown`` count neither.
4. A Go helper whose parameter is spliced into SQL as the table
   (``c.delete("client", "id", id)``, dex's crud.go): the string passed there
   names the table. sqlite3 runs the statement the helper builds.

The search runs through the real ``git grep``; patches through ``git apply``.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from dbnamelint.impact.prose import code_blocks
from git_helpers import commit_all, committed_repo, git

CONFIG = "paths: [db/migrations]\ndialect: sqlite\n"
SCHEMA = {
    "db/migrations/001.sql": "create table password (email text primary key, grps text);\n"
    "create table client (id text primary key, name text);\n",
    "db/migrations/002.sql": "alter table password rename to passwords;\n"
    "alter table client rename to clients;\n",
}
MIGRATE_GO = """\
package sql

type migration struct {
\tstmts []string
}

// All SQL flavors share migration strategies.
var migrations = []migration{
\t{
\t\tstmts: []string{
\t\t\t`create table password (
\t\t\t\temail text primary key,
\t\t\t\tgrps text
\t\t\t);`,
\t\t\t`create table client (id text primary key, name text);`,
\t\t},
\t},
\t{
\t\tstmts: []string{
\t\t\t`update password set grps = '[]' where grps is null;`,
\t\t\t`insert into client (id, name) values ('web', 'Web');`,
\t\t},
\t},
}

func (c *conn) emails() {
\tc.Query(`select email from password`)
}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    def make(files: dict[str, str]) -> Path:
        every = {"dbnamelint.yaml": CONFIG, **SCHEMA, **files}
        return committed_repo(tmp_path / "repo", every, monkeypatch)

    return make


def _impact(*args: str) -> Result:
    result = CliRunner().invoke(cli, ["impact", "--renamed-only", *args])
    assert result.exit_code == 0, result.output
    return result


def _apply(root: Path) -> str:
    patch = _impact("--diff").stdout
    if patch:
        (root / "fix.patch").write_text(patch, encoding="utf-8")
        git(root, "apply", "fix.patch")
        (root / "fix.patch").unlink()
    return patch


def _refs(*args: str) -> dict[tuple[str, int], tuple[str, str]]:
    data = json.loads(_impact("--format", "json", "--min-confidence", "plain", *args).stdout)
    return {
        (r["path"], r["line"]): (r["confidence"], r["context"])
        for phase in data["phases"]
        for o in phase["objects"]
        for r in o["items"]
    }


def _go_strings(text: str) -> list[str]:
    return re.findall(r"`([^`]*)`", text)


# --------------------------------------------------------------------------
# 1. A Go migration list keeps the old names, DML included
# --------------------------------------------------------------------------


def test_a_go_migration_list_is_history_and_a_fresh_install_still_runs(repo: Any) -> None:
    root = repo({"storage/sql/migrate.go": MIGRATE_GO})
    shown = _impact().stdout
    assert "Migration history and release notes (past names: never counted or patched)" in shown
    assert "storage/sql/migrate.go (4, in a migration list)" in shown
    # The live query of the same file is code: listed and patched.
    assert "storage/sql/migrate.go:27:" in shown
    assert "DDL in code" not in shown  # the list's DDL is a step, not start-up DDL
    _apply(root)
    patched = (root / "storage/sql/migrate.go").read_text(encoding="utf-8")
    assert "select email from passwords" in patched
    # Oracle: a fresh install replays the list's steps, then the rename.
    db = sqlite3.connect(":memory:")
    for statement in _go_strings(patched)[:-1]:
        db.execute(statement)
    db.executescript((root / "db/migrations/002.sql").read_text(encoding="utf-8"))
    db.execute(_go_strings(patched)[-1])  # the live query runs on the renamed table
    assert db.execute("select name from clients").fetchall() == [("Web",)]


def test_a_value_of_a_migrations_slice_type_is_a_list(repo: Any) -> None:
    """photoprism's generated ``var DialectMySQL = Migrations{{ID: ..., Statements:
    []string{...}}}`` (trial s24: its steps were "rename it by hand" and blocked
    the cleanup); a struct literal such as ``MigrationConfig{...}`` is none."""
    generated = (
        "package migrate\n\n// Generated code, do not edit.\n\n"
        "var DialectMySQL = Migrations{\n"
        '\t{ID: "20211121-094727", Statements: []string{"DROP INDEX i ON password;"}},\n'
        '\t{ID: "20220329-030000", Statements: []string{"ALTER TABLE client ADD x int;"}},\n'
        "}\n\n"
        'var cfg = MigrationConfig{Probe: "select name from client"}\n'
    )
    repo({"internal/entity/migrate/dialect_mysql.go": generated})
    shown = _impact().stdout
    assert "internal/entity/migrate/dialect_mysql.go (2, in a migration list)" in shown
    assert "internal/entity/migrate/dialect_mysql.go:10:" in shown  # the config: live code


def test_start_up_ddl_under_another_name_is_no_migration_list(repo: Any) -> None:
    """``var schema = []string{...}`` runs at every start: it needs the new name."""
    go = "package app\n\nvar schema = []string{\n\t`create table if not exists client (id text)`,\n"
    go += "}\n"
    repo({"app/schema.go": go})
    shown = _impact().stdout
    assert "app/schema.go:4:" in shown
    assert "DDL in code runs as a migration step or at start-up" in shown
    assert "in a migration list" not in shown


# --------------------------------------------------------------------------
# 2. Markdown prose is text; a ```sql fence is SQL
# --------------------------------------------------------------------------

GUIDE_MD = """\
# SSO

**Example: SSO Flow**

```
1. User logs into client-A as alice
   AuthSession.ClientStates["client-A"] = {UserID: "alice"}
```

```text
client holds the secret
```

1. Register a client first

```sql
select name from client where id = 'web';
```

```
DELETE FROM client WHERE id = 'old';
```
"""


def test_markdown_prose_and_untagged_fences_are_text(repo: Any) -> None:
    root = repo({"docs/sso.md": GUIDE_MD})
    refs = _refs()
    assert refs[("docs/sso.md", 6)] == ("plain", "prose")
    assert refs[("docs/sso.md", 7)] == ("plain", "prose")
    assert refs[("docs/sso.md", 11)] == ("plain", "prose")
    assert refs[("docs/sso.md", 14)] == ("plain", "prose")
    assert refs[("docs/sso.md", 17)] == ("high", "SQL")
    assert refs[("docs/sso.md", 21)] == ("high", "SQL")  # reads as a statement
    _apply(root)
    after = (root / "docs/sso.md").read_text(encoding="utf-8")
    assert "1. User logs into client-A as alice" in after
    assert "client holds the secret" in after
    assert "select name from clients where id = 'web';" in after
    assert "DELETE FROM clients WHERE id = 'old';" in after


def test_fence_tags() -> None:
    text = "```sql\na\n```\n```PostgreSQL\nb\n```\n```go\nc\n```\n```\nd\n```\n"
    assert [text[a:b] for a, b in code_blocks("r.md", text)] == ["a\n", "b\n"]
    go = '```go\ndb.Exec("DELETE FROM client WHERE id = $1", id)\nx := client\n```\n'
    assert [go[a:b] for a, b in code_blocks("r.md", go)] == ["DELETE FROM client WHERE id = $1"]


# --------------------------------------------------------------------------
# 3. migrate --cleanup and burndown count neither
# --------------------------------------------------------------------------

FLOW_MD = "# Flow\n\n```\n1. read settings from the database\nthen settings again\n```\n"
SETTINGS_GO = """\
package app

var migrations = []string{
\t`create table settings (key text primary key, value text)`,
\t`update settings set value = '' where value is null`,
}
"""


def test_cleanup_write_is_not_refused_by_migration_steps_or_prose(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "db/001_init.sql": "CREATE TABLE settings (key text PRIMARY KEY, value text);\n",
            "app/migrate.go": SETTINGS_GO,
            "docs/flow.md": FLOW_MD,
        },
        monkeypatch,
    )
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["migrate", "--rename", "settings=app_settings", "--write"]).exit_code
        == 0
    )
    commit_all(root, "renamed")
    result = runner.invoke(cli, ["migrate", "--cleanup", "--write"])
    assert result.exit_code == 0, result.stderr
    assert "code still uses" not in result.stderr
    assert (root / "db/003_drop_compatibility_views.sql").is_file()


def test_burndown_counts_only_code_that_uses_the_old_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": 'phases:\n  - {id: "1", title: "Legacy", status: open}\nentries:\n'
            '  - {kind: table, name: settings, phase: "1", target: app_settings}\n',
            "db/001_init.sql": "CREATE TABLE settings (key text PRIMARY KEY, value text);\n",
            "app/migrate.go": SETTINGS_GO,
            "docs/flow.md": FLOW_MD,
            "app/q.go": "package app\n\nconst q = `SELECT value FROM settings WHERE key = $1`\n",
        },
        monkeypatch,
    )
    result = CliRunner().invoke(cli, ["burndown", "--format", "json"])
    assert result.exit_code == 0, result.output
    (phase,) = json.loads(result.stdout)["phases"]
    assert phase["code_references"] == 1  # app/q.go only


# --------------------------------------------------------------------------
# 4. A helper's table parameter
# --------------------------------------------------------------------------

CRUD_GO = """\
package sql

import "fmt"

func (c *conn) DeleteClient(id string) error {
\treturn c.delete("client", "id", id)
}

func (c *conn) DeleteByClient(id string) error {
\treturn c.delete("grant", "client", id)
}

// Do NOT call directly. Does not escape table.
func (c *conn) delete(table, field, id string) error {
\t_, err := c.Exec(`delete from `+table+` where `+field+` = $1`, id)
\treturn err
}

func count(c *conn, table string) string {
\treturn fmt.Sprintf("select count(*) from %s", table)
}

func clients(c *conn) string {
\tfmt.Println("client")
\treturn count(c, "client")
}
"""


def test_a_string_passed_as_a_helpers_table_parameter_names_the_table(repo: Any) -> None:
    root = repo({"storage/sql/crud.go": CRUD_GO})
    refs = _refs()
    assert refs[("storage/sql/crud.go", 6)] == ("high", "Go table parameter")
    assert refs[("storage/sql/crud.go", 25)] == ("high", "Go table parameter")
    assert refs[("storage/sql/crud.go", 10)][0] == "plain"  # the field, no table
    assert refs[("storage/sql/crud.go", 24)][0] == "plain"  # a message
    _apply(root)
    after = (root / "storage/sql/crud.go").read_text(encoding="utf-8")
    table = re.search(r'c\.delete\("(\w+)", "id", id\)', after)
    assert table is not None
    counted = re.search(r'count\(c, "(\w+)"\)', after)
    assert counted is not None
    # Oracle: the statements the helpers build run on the renamed schema.
    db = sqlite3.connect(":memory:")
    for name in ("001.sql", "002.sql"):
        db.executescript((root / "db/migrations" / name).read_text(encoding="utf-8"))
    db.execute("insert into clients (id, name) values ('web', 'Web')")
    db.execute("delete from " + table.group(1) + " where id = ?", ("web",))
    assert db.execute("select count(*) from " + counted.group(1)).fetchone() == (0,)


def test_a_call_in_another_file_of_the_package_is_found(repo: Any) -> None:
    """dex's storage/sql package: the helper in crud.go, a caller in another file;
    a file of another package calling a function of that name is not read so."""
    caller = "package sql\n\nfunc (c *conn) gc(id string) error {\n"
    caller += '\treturn c.delete("client", "id", id)\n}\n'
    other = 'package web\n\nfunc (s *server) purge() {\n\ts.delete("client", "x", "y")\n}\n'
    repo({"storage/sql/crud.go": CRUD_GO, "storage/sql/gc.go": caller, "web/purge.go": other})
    refs = _refs()
    assert refs[("storage/sql/gc.go", 4)] == ("high", "Go table parameter")
    assert refs[("web/purge.go", 4)][0] == "plain"
