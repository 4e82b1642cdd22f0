"""temporal's schema layout (``temporal-sql-tool``): read in its order, written as its next version.

Oracles: temporal's source (``tools/common/schema/updatetask.go``: versions
in semantic-version order, each version's files as its ``manifest.json``
lists them, statements run one by one in no transaction;
``common/persistence/query_util.go``: the splitter, ported in
:mod:`dbnamelint.temporal_split`, which ``migrate`` asks before it writes; the
refusals below are the Go source's own messages), real PostgreSQL and
MariaDB running the statements as that splitter cuts them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint import temporal_split as temporal_splitter
from dbnamelint.cli import cli
from dbnamelint.frontends.sql.sources import SourceSettings, discover
from git_helpers import git, isolated_git_env
from mysql_server import MysqlServer
from pg_server import PgServer, SqlFailed


def _version(root: Path, version: str, files: dict[str, str], listed: list[str]) -> None:
    folder = root / f"v{version}"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    manifest = {
        "CurrVersion": version,
        "MinCompatibleVersion": "1.0",
        "Description": f"version {version}",
        "SchemaUpdateCqlFiles": listed,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def _tree(root: Path) -> Path:
    """A temporal schema folder whose manifests order files against their names."""
    versioned = root / "versioned"
    _version(
        versioned,
        "1.0",
        {"init.sql": "CREATE TABLE accounts (id BIGINT PRIMARY KEY);\n"},
        ["init.sql"],
    )
    # b_create.sql must run before a_alter.sql: the manifest says so, the names do not
    _version(
        versioned,
        "1.9",
        {
            "a_alter.sql": "ALTER TABLE orders ADD COLUMN note VARCHAR(10);\n",
            "b_create.sql": "CREATE TABLE orders (id BIGINT PRIMARY KEY, account_id BIGINT);\n",
            "stray.sql": "CREATE TABLE stray (id BIGINT);\n",
        },
        ["b_create.sql", "a_alter.sql"],
    )
    # v1.10 after v1.9 (semantic versions, not text)
    _version(
        versioned,
        "1.10",
        {"idx.sql": "CREATE INDEX orders_account_idx ON orders (account_id);\n"},
        ["idx.sql"],
    )
    return versioned


ORDER = [
    "versioned/v1.0/init.sql",
    "versioned/v1.9/b_create.sql",
    "versioned/v1.9/a_alter.sql",
    "versioned/v1.10/idx.sql",
]


def test_versions_replay_in_manifest_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    files, problems = discover(["."], SourceSettings(root=tmp_path))
    assert [f.path for f in files] == ORDER
    notes = [(p.location.path, p.code, p.message) for p in problems]
    assert notes == [
        (
            "versioned/v1.9/stray.sql",
            "DBN007",
            "not replayed: v1.9/manifest.json does not list it in SchemaUpdateCqlFiles, so "
            "temporal-sql-tool update-schema never runs it; name the file on the command line "
            "to read it anyway",
        )
    ]
    # the oracle: that order builds the database; the files' name order does not
    with pg.fresh_database("templayout_order") as db:
        pg.run(files=[tmp_path / p for p in ORDER], dbname=db)
        cols = pg.query_json(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'orders'"
            " ORDER BY column_name",
            db,
        )
        assert [c["column_name"] for c in cols] == ["account_id", "id", "note"]
    with pg.fresh_database("templayout_names") as db, pytest.raises(SqlFailed):
        pg.run(files=sorted((tmp_path / "versioned" / "v1.9").glob("[ab]_*.sql")), dbname=db)
    result = CliRunner().invoke(
        cli, ["check", ".", "--dialect", "postgres", "--verbose", "--no-cache"]
    )
    assert result.exit_code == 0, result.output
    assert "DBN011" not in result.output  # no ALTER of a table not created yet
    assert "versioned/v1.9/stray.sql:1:1: DBN007 info: not replayed" in result.output
    # README: temporal's full schema.sql beside versioned/ builds the same database
    (tmp_path / "schema.sql").write_text(
        "CREATE TABLE accounts (id BIGINT PRIMARY KEY);\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["check", ".", "--dialect", "postgres", "--no-cache"])
    assert (
        "versioned/v1.0/init.sql:1:14: DBN023 warning: table 'accounts' is created again "
        "while the one at schema.sql:1:14 stands"
    ) in result.output


def _plan_tree(root: Path) -> None:
    versioned = root / "versioned"
    _version(
        versioned,
        "1.0",
        {"init.sql": "CREATE TABLE accounts (id BIGINT PRIMARY KEY, userName VARCHAR(10));\n"},
        ["init.sql"],
    )
    _version(
        versioned,
        "1.1",
        {
            "more.sql": "CREATE TABLE Orders (id BIGINT PRIMARY KEY, account_id BIGINT);\n"
            "CREATE INDEX ordersByAccount ON Orders (account_id);\n"
        },
        ["more.sql"],
    )


def _migrate(root: Path, dialect: str, *extra: str) -> str:
    result = CliRunner().invoke(
        cli,
        [
            "migrate",
            "versioned",
            "--dialect",
            dialect,
            "--no-cache",
            "--write",
            "--rename",
            "Orders=customer_orders",
            "--rename-column",
            "accounts.userName=user_name",
            *extra,
        ],
    )
    assert result.exit_code == 0, result.output
    return result.output


def _split(path: Path) -> list[str]:
    return temporal_splitter.statements(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("dialect", ["postgres", "mariadb"])
def test_migrate_writes_the_next_version(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialect: str,
    pg: PgServer,
    maria: MysqlServer,
) -> None:
    _plan_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = _migrate(tmp_path, dialect)
    assert "in no transaction" in out  # the plan says how the tool runs them
    version = tmp_path / "versioned" / "v1.2"
    manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == {
        "CurrVersion": "1.2",
        "MinCompatibleVersion": "1.0",
        "Description": "rename tables and columns",
        "SchemaUpdateCqlFiles": ["rename_tables_and_columns.sql"],
    }
    forward_file = version / "rename_tables_and_columns.sql"
    rollback_file = tmp_path / "rollbacks" / "v1.2" / "rename_tables_and_columns.sql"
    assert rollback_file.is_file()
    cleanup_run = CliRunner().invoke(
        cli, ["migrate", "versioned", "--dialect", dialect, "--no-cache", "--cleanup", "--write"]
    )
    assert cleanup_run.exit_code == 0, cleanup_run.output
    cleanup_file = tmp_path / "versioned" / "v1.3" / "drop_compatibility_views.sql"
    assert json.loads((cleanup_file.parent / "manifest.json").read_text())["CurrVersion"] == "1.3"
    # every file temporal-sql-tool would run splits, and each statement is one it takes
    forward, rollback, cleanup = (_split(p) for p in (forward_file, rollback_file, cleanup_file))
    assert forward and rollback and cleanup
    assert not any("BEGIN" in s or "COMMIT" in s for s in forward + rollback + cleanup)
    # the tree replays as the tool runs it: init, more, the renames, the cleanup
    files, _ = discover(["versioned"], SourceSettings(root=tmp_path))
    assert [f.path for f in files][-2:] == [
        "versioned/v1.2/rename_tables_and_columns.sql",
        "versioned/v1.3/drop_compatibility_views.sql",
    ]
    schema = [
        s for p in ("v1.0/init.sql", "v1.1/more.sql") for s in _split(tmp_path / "versioned" / p)
    ]
    steps = [*schema, *forward, *rollback, *forward, *cleanup]
    if dialect == "postgres":
        with pg.fresh_database("templayout_pg") as db:
            for stmt in steps:  # one statement at a time, as execStmts runs them
                pg.run(sql=stmt, dbname=db)
            rows = pg.query_json(
                "SELECT table_name, table_type FROM information_schema.tables"
                " WHERE table_schema = 'public' ORDER BY table_name",
                db,
            )
            cols = pg.query_json(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_name = 'accounts' ORDER BY column_name",
                db,
            )
    else:
        with maria.fresh_database("templayout_my") as db:
            for stmt in steps:
                maria.run(stmt, database=db)
            found = maria.run(
                "SELECT table_name, table_type FROM information_schema.tables"
                f" WHERE table_schema = '{db}' ORDER BY table_name",
                database=db,
            )
            rows = [
                {"table_name": a, "table_type": b}
                for a, b in (line.split("\t") for line in found.strip().splitlines()[-2:])
            ]
            cols_text = maria.run(
                "SELECT column_name FROM information_schema.columns"
                f" WHERE table_schema = '{db}' AND table_name = 'accounts' ORDER BY column_name",
                database=db,
            )
            cols = [{"column_name": c} for c in cols_text.strip().splitlines()[-2:]]
    assert rows == [
        {"table_name": "accounts", "table_type": "BASE TABLE"},
        {"table_name": "customer_orders", "table_type": "BASE TABLE"},
    ]
    assert [c["column_name"] for c in cols] == ["id", "user_name"]


RENAME_END = ["--rename", "Orders=order_end"]


def test_a_script_the_splitter_refuses_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trial's failures, reproduced with the port (why the layout writes plain
    statements), and a MySQL name its splitter misreads refused before any write."""
    with pytest.raises(temporal_splitter.SplitError, match="unmatched `BEGIN`"):
        temporal_splitter.statements("BEGIN;\nALTER TABLE a RENAME TO b;\nCOMMIT;\n")
    with pytest.raises(temporal_splitter.SplitError, match="unmatched `END`"):
        temporal_splitter.statements(
            "DO $dbnamelint$ BEGIN PERFORM CASE WHEN true THEN 1 END; END $dbnamelint$;"
        )
    with pytest.raises(temporal_splitter.SplitError, match="CQL prefix not in whitelist"):
        temporal_splitter.statements("RENAME TABLE a TO b;")
    # backquotes are no quotes to it, and `_` bounds a word: `order_end` holds END
    with pytest.raises(temporal_splitter.SplitError, match="unmatched `END`"):
        temporal_splitter.statements("ALTER TABLE `orders` RENAME TO `order_end`;")
    _plan_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(
        cli,
        ["migrate", "versioned", "--dialect", "mariadb", "--no-cache", "--write", *RENAME_END],
    )
    assert done.exit_code == 2, done.output
    assert (
        "temporal-sql-tool would refuse this forward script (error reading contents: "
        "unmatched `END` keyword)" in done.output
    )
    assert not (tmp_path / "versioned" / "v1.2").exists()


def test_min_compatible_version_follows_the_last_manifest() -> None:
    """A last manifest compatible with itself only makes the new one so too; one
    naming an older version passes it on (temporal's own keep 1.0 throughout)."""
    from dbnamelint.temporal_layout import next_manifest

    own = {"CurrVersion": "2.3", "MinCompatibleVersion": "2.3"}
    older = {"CurrVersion": "1.19", "MinCompatibleVersion": "1.0"}
    assert json.loads(next_manifest(own, "2.4", "x", "x.sql"))["MinCompatibleVersion"] == "2.4"
    assert json.loads(next_manifest(older, "1.20", "x", "x.sql"))["MinCompatibleVersion"] == "1.0"


def test_the_written_rollback_passes_the_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The confirmation trial (s22): the rollback `migrate --write` saves in
    `rollbacks/v1.1/` was refused by `check --base` as the rollback of no
    migration (DBN032), though its migration is `versioned/v1.1/` of the same
    name. Real git: the written files, committed as a change, pass the gate."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    base = root / "schema" / "postgresql" / "v12" / "temporal"
    _version(
        base / "versioned",
        "1.0",
        {"schema.sql": "CREATE TABLE history_node (id BIGINT PRIMARY KEY);\n"},
        ["schema.sql"],
    )
    (root / "dbnamelint.yaml").write_text("paths: [schema]\ndialect: postgres\n", "utf-8")
    monkeypatch.chdir(root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    done = CliRunner().invoke(
        cli, ["migrate", "--rename", "history_node=history_nodes", "--write", "--no-cache"]
    )
    assert done.exit_code == 0, done.output
    rollbacks = sorted(p.relative_to(root).as_posix() for p in root.rglob("rollbacks/*/*.sql"))
    forwards = sorted(p.relative_to(root).as_posix() for p in (base / "versioned").rglob("*.sql"))
    assert (
        len(rollbacks) == 1 and rollbacks[0].rsplit("/", 2)[-2:] == forwards[-1].rsplit("/", 2)[-2:]
    )
    git(root, "add", "-A")
    gate = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache"])
    assert gate.exit_code == 0, gate.output
    assert "DBN032" not in gate.output
