"""focalboard's Go-template migrations (trial s24).

focalboard's ``server/services/store/sqlstore/migrate.go`` renders each
``migrations/*.sql`` with ``text/template`` before mattermost/morph runs it:
``{{.prefix}}`` is the table prefix (``focalboard_``, or empty), and its
helper functions (``{{ createIndexIfNeeded "boards" "channel_id" }}``) write
whole statements. :func:`render` does what ``migrate.go`` does for the
actions used here (its ``genCreateIndexIfNeeded``, ``getIndexName``,
``addPrefixIfNeeded``; ``{{- /* ... */ -}}`` trims the blanks around it);
the oracle is PostgreSQL running the rendered text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from git_helpers import commit_all, committed_repo
from mysql_server import MysqlServer
from pg_server import PgServer

_TRIMMED_COMMENT = re.compile(r"\s*\{\{-\s*/\*.*?\*/\s*-\}\}\s*", re.DOTALL)
_CREATE_INDEX = re.compile(r'\{\{\s*createIndexIfNeeded\s+"([^"]*)"\s+"([^"]*)"\s*\}\}')
_RENAME_TABLE = re.compile(r'\{\{\s*renameTableIfNeeded\s+"([^"]*)"\s+"([^"]*)"\s*\}\}')


def _prefixed(name: str, prefix: str) -> str:
    """``addPrefixIfNeeded``."""
    return name if name.startswith(prefix) else prefix + name


def render(template: str, prefix: str) -> str:
    """``template`` as focalboard's ``migrate.go`` renders it for PostgreSQL
    (no schema name set: ``normalizeTablename`` adds none)."""
    text = _TRIMMED_COMMENT.sub("", template)

    def index(match: re.Match[str]) -> str:
        table, columns = match.group(1), match.group(2)
        cols = [c for c in columns.replace(",", " ").split(" ") if c.strip()]
        name = "idx_" + table + "".join("_" + c for c in cols)
        return f"\nCREATE INDEX IF NOT EXISTS {name} ON {_prefixed(table, prefix)} ({columns});\n"

    def rename(match: re.Match[str]) -> str:  # the PostgreSQL branch, the old table there
        old, new = _prefixed(match.group(1), prefix), _prefixed(match.group(2), prefix)
        return f"\nALTER TABLE {old} RENAME TO {new};\n"

    text = _CREATE_INDEX.sub(index, text)
    text = _RENAME_TABLE.sub(rename, text)
    return text.replace("{{.prefix}}", prefix)


# -- 1: template actions alone on their lines, one after another ----------

#: 000018_add_teams_and_boards.up.sql:96-100 and 000009_blocks_history.up.sql:8-13,
#: shortened: two actions in a row, and one after a trimmed comment.
ACTIONS = """CREATE TABLE IF NOT EXISTS {{.prefix}}boards (
    id VARCHAR(36) PRIMARY KEY,
    team_id VARCHAR(36),
    channel_id VARCHAR(36)
);

{{- /* createIndexIfNeeded tableName columns */ -}}
{{ createIndexIfNeeded "boards" "team_id" }}
{{ createIndexIfNeeded "boards" "channel_id" }}
{{ createIndexIfNeeded "boards" "team_id, channel_id" }}
CREATE TABLE IF NOT EXISTS {{.prefix}}teams (id VARCHAR(36) PRIMARY KEY);

{{- /* renameTableIfNeeded oldTableName newTableName */ -}}
{{ renameTableIfNeeded "teams" "teams_history" }}

CREATE TABLE IF NOT EXISTS {{.prefix}}teams (id VARCHAR(36) PRIMARY KEY, title TEXT);
"""

TABLES = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"


@pytest.mark.parametrize("prefix", ["focalboard_", ""])
def test_actions_in_a_row_are_each_blanked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, prefix: str
) -> None:
    """Trial s24 focalboard: the second of two actions alone on their lines
    was read as a name glued to the next CREATE TABLE (``DBN005``, ``teams``
    missing). Each is blanked with its note, and the model's tables are
    those PostgreSQL has after the rendered text (a table the action renames
    is not followed: what an action writes is not read)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "000018_boards.up.sql").write_text(ACTIONS)
    done = CliRunner().invoke(
        cli, ["check", "--verbose", "--dialect", "postgres", "000018_boards.up.sql"]
    )
    assert "DBN005" not in done.output, done.output
    blanked = [line for line in done.output.splitlines() if "between statements" in line]
    assert [line.split(":")[1] for line in blanked] == ["8", "9", "10", "14"], done.output
    schema = schema_from_sql(ACTIONS, path="x.sql", dialect="postgres")
    tables = {o.name for o in schema.objects if o.kind is ObjectKind.TABLE}
    assert tables == {"___________boards", "___________teams"}
    with pg.fresh_database(f"dbn_templates24_actions{len(prefix)}") as db:
        pg.run(sql=render(ACTIONS, prefix), dbname=db)
        found = {r["table_name"] for r in pg.query_json(TABLES, db)}
    # The model's tables, the placeholder rendered; the renamed one is the action's.
    assert found == {t.replace("_" * 11, prefix) for t in tables} | {f"{prefix}teams_history"}


# -- 2 and 3: migrate keeps the placeholder in every name holding its run ---

INIT = """CREATE TABLE {{.prefix}}sharing (
    id VARCHAR(36),
    "archivedBy" BIGINT,
    PRIMARY KEY (id)
);
"""
STATE = """SELECT 'table ' || table_name || ' ' || table_type AS what
  FROM information_schema.tables WHERE table_schema = 'public'
UNION ALL SELECT 'column ' || table_name || '.' || column_name
  FROM information_schema.columns WHERE table_schema = 'public'
UNION ALL SELECT 'constraint ' || conname FROM pg_constraint
  WHERE connamespace = 'public'::regnamespace
ORDER BY 1"""


def _state(pg: PgServer, db: str) -> list[str]:
    return [r["what"] for r in pg.query_json(STATE, db)]


@pytest.mark.parametrize("old", ["{{.prefix}}sharing", "___________sharing"])
def test_migrate_writes_the_placeholder_in_every_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, old: str
) -> None:
    """Trial s24 focalboard: the key of ``{{.prefix}}sharing`` was written
    ``"___________sharing_pkey"`` (PostgreSQL: does not exist), the new table
    lost the prefix focalboard's code adds (``s.tablePrefix +
    "sharing_links"``), the cleanup wrote ``DROP VIEW "___________sharing"``,
    and ``--rename '{{.prefix}}sharing=...'`` was refused. The scripts,
    rendered as ``migrate.go`` renders them with the prefix and without,
    run forward, back, forward and cleaned up (and back) on PostgreSQL, each
    state what PostgreSQL gives the same tables made afresh. The table is
    named as the files write it, or as the reader holds it (the trial's)."""
    committed_repo(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
            "migrations/000001_init.up.sql": INIT,
            "migrations/000001_init.down.sql": "DROP TABLE {{.prefix}}sharing;\n",
        },
        monkeypatch,
    )
    done = CliRunner().invoke(
        cli,
        [
            "migrate",
            "--rename",
            f"{old}=sharing_links",
            "--rename-column",
            f'{old}."archivedBy"=archived_by',
            "--write",
        ],
    )
    assert done.exit_code == 0, done.output
    assert "____" not in done.output, done.output
    assert "table       {{.prefix}}sharing -> {{.prefix}}sharing_links  (--rename)" in done.output
    commit_all(tmp_path, "rename")
    cleaned = CliRunner().invoke(cli, ["migrate", "--cleanup", "--write"])
    assert cleaned.exit_code == 0, cleaned.output
    assert "{{.prefix}}sharing (for {{.prefix}}sharing_links)" in cleaned.output
    folder = tmp_path / "migrations"
    scripts = {p.name: p.read_text() for p in folder.glob("00000[23]_*.sql")}
    assert len(scripts) == 4 and not any("____" in t for t in scripts.values()), scripts
    (up,) = [t for n, t in scripts.items() if n.startswith("000002") and n.endswith(".up.sql")]
    (down,) = [t for n, t in scripts.items() if n.startswith("000002") and n.endswith("down.sql")]
    (drop,) = [t for n, t in scripts.items() if n.startswith("000003") and n.endswith(".up.sql")]
    (keep,) = [t for n, t in scripts.items() if n.startswith("000003") and n.endswith("down.sql")]
    assert "RENAME CONSTRAINT {{.prefix}}sharing_pkey TO {{.prefix}}sharing_links_pkey" in up
    assert "DROP VIEW {{.prefix}}sharing;" in drop
    for prefix in ("focalboard_", ""):
        with pg.fresh_database(f"dbn_templates24_mig{len(prefix)}") as db:
            # What PostgreSQL names the tables' keys, made afresh under each name.
            pg.run(sql=render(INIT, prefix), dbname=db)
            before = _state(pg, db)
            pg.run(
                sql=f"DROP TABLE {prefix}sharing; CREATE TABLE {prefix}sharing_links "
                "(id VARCHAR(36), archived_by BIGINT, PRIMARY KEY (id))",
                dbname=db,
            )
            table = _state(pg, db)
            view = [f"table {prefix}sharing VIEW"]
            view += [f"column {prefix}sharing.{c}" for c in ("archivedBy", "id")]
            after = sorted([*table, *view])
            pg.run(sql=f"DROP TABLE {prefix}sharing_links", dbname=db)
            pg.run(sql=render(INIT, prefix), dbname=db)
            assert before == _state(pg, db)
            pg.run(sql=render(up, prefix), dbname=db)
            assert _state(pg, db) == after
            pg.run(sql=render(down, prefix), dbname=db)
            assert _state(pg, db) == before
            pg.run(sql=render(up, prefix), dbname=db)
            pg.run(sql=render(drop, prefix), dbname=db)
            assert _state(pg, db) == table
            pg.run(sql=render(keep, prefix), dbname=db)
            assert _state(pg, db) == after


BOARDS = """CREATE TABLE {{.prefix}}boards (
    id VARCHAR(36) PRIMARY KEY,
    "archivedBy" BIGINT
);
"""
WHITELISTED = """phases:
  - {id: "1", title: x, status: open}
entries:
  - kind: column
    name: "{{.prefix}}boards.archivedBy"
    rules: [DBN201]
    phase: "1"
    target: archived_by
"""


@pytest.mark.parametrize("by", ["hand", "init", "add"])
def test_a_whitelist_entry_names_the_table_by_its_placeholder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, by: str
) -> None:
    """Trial s24 focalboard: ``whitelist init`` spelled the table of
    ``{{.prefix}}boards`` as ``___________boards``, and an entry written as
    the files write it was stale. ``init`` and ``add`` write the placeholder
    now (``add`` takes it too); the
    entry, so written, excuses the column (no stale entry, no new finding)
    and ``migrate --phase`` renames it, the rendered script run on PostgreSQL."""
    files = {
        "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
        "migrations/000001_init.up.sql": BOARDS,
        "migrations/000001_init.down.sql": "DROP TABLE {{.prefix}}boards;\n",
    }
    if by == "hand":
        files["whitelist.yaml"] = WHITELISTED
    committed_repo(tmp_path, files, monkeypatch)
    if by != "hand":  # written by init, or added by the name the files write
        command = ["init"] if by == "init" else ["add", "{{.prefix}}boards.archivedBy"]
        made = CliRunner().invoke(cli, ["whitelist", *command])
        assert made.exit_code == 0, made.output
        written = (tmp_path / "whitelist.yaml").read_text()
        assert '    name: "{{.prefix}}boards.archivedBy"\n' in written, written
        assert "    target: archived_by\n" in written, written
    checked = CliRunner().invoke(cli, ["check"])
    assert checked.exit_code == 0, checked.output
    assert "stale" not in checked.output and "1 whitelisted" in checked.output
    done = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert done.exit_code == 0, done.output
    (up,) = (tmp_path / "migrations").glob("000002_*.up.sql")
    (down,) = (tmp_path / "migrations").glob("000002_*.down.sql")
    columns = (
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = 'focalboard_boards' ORDER BY 1"
    )
    with pg.fresh_database("dbn_templates24_entry") as db:
        pg.run(sql=render(BOARDS, "focalboard_"), dbname=db)
        pg.run(sql=render(up.read_text(), "focalboard_"), dbname=db)
        assert [r["column_name"] for r in pg.query_json(columns, db)] == ["archived_by", "id"]
        pg.run(sql=render(down.read_text(), "focalboard_"), dbname=db)
        assert [r["column_name"] for r in pg.query_json(columns, db)] == ["archivedBy", "id"]


# -- the branch a database flag chooses --------------------------------------

#: 000009_blocks_history.up.sql's columns (shortened): morph renders with the
#: flags postgres, mysql and sqlite, one true.
BRANCHES = """CREATE TABLE IF NOT EXISTS {{.prefix}}blocks (
    id VARCHAR(36),
    {{if .mysql}}`schema`{{else}}schema{{end}} BIGINT,
    {{if .postgres}}fields JSON{{else if .sqlite}}fields TEXT{{else}}fields LONGTEXT{{end}},
    {{if .mysql}}`insert_at` DATETIME(6){{else}}insert_at TIMESTAMP{{end}}
);
"""
_IF = re.compile(r"\{\{if \.(\w+)\}\}(.*?)(?=\{\{else|\{\{end\}\})")
_BRANCHES = re.compile(r"\{\{if \.\w+\}\}.*?\{\{end\}\}")


def render_branches(template: str, database: str, prefix: str) -> str:
    """text/template's ``{{if .flag}}A{{else if .flag2}}B{{else}}C{{end}}``
    with ``database``'s flag the only true one (non-nested, as here)."""

    def choose(match: re.Match[str]) -> str:
        parts = re.split(r"(\{\{else(?: if \.\w+)?\}\}|\{\{end\}\})", match.group())
        head = re.match(r"\{\{if \.(\w+)\}\}", parts[0])
        assert head is not None
        branches = [(head.group(1), parts[0][head.end() :])]
        for tag, body in zip(parts[1::2], parts[2::2], strict=False):
            if tag != "{{end}}":
                flag = re.match(r"\{\{else if \.(\w+)\}\}", tag)
                branches.append((flag.group(1) if flag else "", body))
        return next((body for flag, body in branches if flag in (database, "")), "")

    return _BRANCHES.sub(choose, template).replace("{{.prefix}}", prefix)


@pytest.mark.parametrize(("dialect", "flag"), [("postgres", "postgres"), ("mariadb", "mysql")])
def test_only_the_databases_branch_is_read(
    dialect: str, flag: str, pg: PgServer, maria: MysqlServer
) -> None:
    """Trial s24 focalboard 000001 and 000009: both branches of ``{{if
    .mysql}}`schema`{{else}}schema{{end}}`` were read, and PostgreSQL's copy
    failed on MySQL's backticks (``DBN004``). Oracle: each database running
    the text rendered for it has the columns the model holds."""
    schema = schema_from_sql(BRANCHES, path="000009.up.sql", dialect=dialect)
    columns = sorted(o.name for o in schema.objects if o.kind is ObjectKind.COLUMN)
    rendered = render_branches(BRANCHES, flag, "focalboard_")
    query = (
        "SELECT column_name AS c FROM information_schema.columns "
        "WHERE table_name = 'focalboard_blocks' ORDER BY 1"
    )
    if flag == "postgres":
        with pg.fresh_database("dbn_templates24_branches") as db:
            pg.run(sql=rendered, dbname=db)
            found = [r["c"] for r in pg.query_json(query, db)]
    else:
        with maria.fresh_database("dbn_templates24_branches") as db:
            maria.run(rendered, database=db)
            found = sorted(maria.run(query.replace(" AS c", ""), database=db).split())
    assert columns == found == ["fields", "id", "insert_at", "schema"]


# -- an unread action naming a renamed table: the plan says what it misses ---

ADD_COLUMN = '{{ addColumnIfNeeded "file_info" "path" "varchar(512)" "varchar(512)" }}\n'


def test_an_unread_action_naming_a_renamed_table_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s24 focalboard 000039: ``addColumnIfNeeded`` adds ``path``, which
    the model lacks; SQLite's INSTEAD OF INSERT trigger on the compatibility
    view listed the other columns, so an insert through the old name stored
    ``path`` as NULL. The plan now says so. Oracle: sqlite3 running the
    rendered tree, then the forward script, then that insert."""
    import sqlite3

    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations/000001_init.up.sql").write_text(
        "CREATE TABLE file_info (id VARCHAR(36) PRIMARY KEY, name TEXT);\n"
    )
    (tmp_path / "migrations/000002_path.up.sql").write_text(
        ADD_COLUMN + "CREATE TABLE other_things (id int);\n"
    )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [migrations]\ndialect: sqlite\n")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["migrate", "--rename", "file_info=file_infos"])
    assert done.exit_code == 0, done.output
    assert (
        "migrations/000002_path.up.sql:1: the template action {{ addColumnIfNeeded "
        '"file_info" "path" "varchar(512)" "varchar(512)" }} names file_info and is not read'
    ) in done.output
    assert "so an insert through the old name drops what it adds" in done.output
    forward = done.stdout[
        done.stdout.index("-- ==== forward ====") : done.stdout.index("-- ==== rollback ====")
    ]
    db = sqlite3.connect(":memory:")
    db.executescript((tmp_path / "migrations/000001_init.up.sql").read_text())
    db.execute("ALTER TABLE file_info ADD COLUMN path varchar(512)")  # what the action writes
    db.executescript(forward)
    db.execute("INSERT INTO file_info (id, name, path) VALUES ('a', 'x', '/data/x')")
    assert db.execute("SELECT path FROM file_infos").fetchall() == [(None,)]  # what the note says


# -- code that adds the prefix at run time: impact finds it ------------------

STORE_GO = """package store

func (s *Store) save() {
\tquery := s.getQueryBuilder().Insert(s.tablePrefix + "sharing").Columns("id")
\trows := s.getQueryBuilder().Select("id").From(s.tablePrefix + "sharing")
\tlabel := s.tablePrefix + "sharing"
\t_, _ = s.db.Exec("DELETE FROM " + s.tablePrefix + "sharing WHERE id = 'x'")
}
"""
RENAMED = (
    "ALTER TABLE {{.prefix}}sharing RENAME TO {{.prefix}}sharing_links;\n"
    "CREATE VIEW {{.prefix}}sharing AS SELECT * FROM {{.prefix}}sharing_links;\n"
)


def test_impact_finds_the_table_the_code_prefixes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """Trial s24 focalboard: ``From(s.tablePrefix + "sharing")`` was "not
    referenced", so ``migrate --cleanup --write`` was not refused and dropping
    the view would break the app. Now each is a reference (high where SQL or
    a query builder's table argument comes before it), the cleanup is
    refused, and ``--diff`` rewrites the rest. Oracle: PostgreSQL running the
    rendered tree, the cleanup, and the patched statement."""
    committed_repo(
        tmp_path / "fb",
        {
            "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
            "migrations/000001_init.up.sql": INIT,
            "migrations/000002_rename.up.sql": RENAMED,
            "store/sharing.go": STORE_GO,
        },
        monkeypatch,
    )
    found = CliRunner().invoke(cli, ["impact", "--min-confidence", "plain"])
    assert found.exit_code == 0, found.output
    lines = [line.strip() for line in found.stdout.splitlines() if "store/sharing.go:" in line]
    assert [line.split(": ")[1].split("]")[0] for line in lines] == [
        "high [table prefix (SQL)",
        "high [table prefix (SQL)",
        "plain [table prefix",
        "high [table prefix (SQL)",
    ]
    cleanup = CliRunner().invoke(cli, ["migrate", "--cleanup"])
    assert "code still uses ___________sharing (3 high-confidence references" in cleanup.output
    diff = CliRunner().invoke(cli, ["impact", "--diff"]).stdout
    assert '+\t_, _ = s.db.Exec("DELETE FROM " + s.tablePrefix + "sharing_links WHERE' in diff
    drop = cleanup.stdout[cleanup.stdout.index("-- ==== cleanup") :].split("-- ==== rollback")[0]
    with pg.fresh_database("dbn_templates24_prefix") as db:
        prefix = "focalboard_"
        pg.run(sql=render(INIT + RENAMED, prefix) + render(drop, prefix), dbname=db)
        pg.run(sql=f"DELETE FROM {prefix}sharing_links WHERE id = 'x'", dbname=db)  # patched
        assert pg.refused_lines(f"DELETE FROM {prefix}sharing WHERE id = 'x';", db)  # old name
