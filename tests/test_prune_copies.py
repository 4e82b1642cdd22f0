"""`whitelist prune` keeps an entry while a copy of its object still has the old name.

Trial s23, gophish: goose migrations for two databases, `db/db_mysql/migrations`
and `db/db_sqlite3/migrations`. `groups` is reserved in MySQL 8 (DBN502), not in
SQLite (nor MariaDB), and `key` in MySQL and MariaDB, not in SQLite: the entries
are the MySQL copy's findings only. `migrate --phase 1 --write` wrote the MySQL
copy's rename; `whitelist prune` then removed both entries ("no longer breaks
DBN502", the SQLite copy breaking nothing) and `migrate --phase 1 --dialect sqlite`
found "phase 1 has no entry left", while the Go code both databases share
expected the new names. Now the entries stay, `check` names the copy left
(DBN913) and the run that writes its rename, and once both copies are renamed
the prune says so. The oracles: real git (the phase marked done from its
history), and each copy's migrations run on real MariaDB and SQLite.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import mysql_server
from cli_json import run_text
from git_helpers import commit_all, git, init_repo, isolated_git_env

#: (folder of the MySQL copy, of the SQLite copy, first migration's file name)
LAYOUTS = {
    "goose": ("db/db_mysql/migrations", "db/db_sqlite3/migrations", "20160101000000_init.sql"),
    "golang-migrate": ("db/migrations/mysql", "db/migrations/sqlite3", "1_init.up.sql"),
}
MYSQL = (
    "CREATE TABLE `groups` (id integer PRIMARY KEY, name varchar(255));\n"
    "CREATE TABLE `headers` (id integer PRIMARY KEY, `key` varchar(255));\n"
)
SQLITE = (
    'CREATE TABLE "groups" (id integer PRIMARY KEY, name varchar(255));\n'
    'CREATE TABLE "headers" (id integer PRIMARY KEY, "key" varchar(255));\n'
)


def _goose(text: str) -> str:
    return f"-- +goose Up\n{text}-- +goose Down\nDROP TABLE headers;\nDROP TABLE `groups`;\n"


def _up(path: Path) -> str:
    """The forward SQL of a migration file: goose's Up section, or a whole .up.sql."""
    text = path.read_text(encoding="utf-8")
    return text.split("-- +goose Down", 1)[0]


def _forward_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.endswith(".down.sql"))


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    mysql, sqlite, first = LAYOUTS[request.param]
    root = tmp_path / "proj"
    for folder, text in ((mysql, MYSQL), (sqlite, SQLITE)):
        (root / folder).mkdir(parents=True)
        body = _goose(text) if request.param == "goose" else text
        (root / folder / first).write_text(body, encoding="utf-8")
        if request.param == "golang-migrate":
            down = first.replace(".up.", ".down.")
            (root / folder / down).write_text("DROP TABLE headers;\n", encoding="utf-8")
    init_repo(root, "schema")
    monkeypatch.chdir(root)
    code, out = run_text("init")
    assert code == 0, out
    config = (root / "dbnamelint.yaml").read_text(encoding="utf-8")
    assert f"  - {mysql}\n  - {sqlite}\n" in config and "\ndialect:" not in config, config
    code, out = run_text("whitelist", "init")
    assert code == 0, out
    text = (root / "whitelist.yaml").read_text(encoding="utf-8")
    entries = text.split("entries:\n", 1)[1]
    assert entries == (
        "  - kind: column\n    name: headers.key\n    rules: [DBN502]\n"
        '    phase: "1"\n    target: header_key\n'
        '  - kind: table\n    name: groups\n    rules: [DBN502]\n    phase: "1"\n'
    ), entries
    (root / "whitelist.yaml").write_text(text + "    target: target_groups\n", encoding="utf-8")
    commit_all(root, "naming standard: legacy baseline, target for groups")
    return root


@pytest.mark.parametrize("tree", list(LAYOUTS), indirect=True)
def test_entry_stays_until_every_copy_is_renamed(
    tree: Path, maria: mysql_server.MysqlServer
) -> None:
    mysql, sqlite = (tree / f for f in _folders(tree))
    code, out = run_text("migrate", "--phase", "1", "--write")
    assert code == 0, out
    assert "planning the mysql copy" in out
    assert "next: write the other copies' migrations (--dialect sqlite, same phase)" in out
    assert len(_forward_files(mysql)) == 2 and len(_forward_files(sqlite)) == 1

    # The SQLite copy still has both names: each entry stays, and check says why.
    code, out = run_text("check")
    assert code == 1, out
    for kind, name, new, old in (
        ("column", "headers.key", "header_key", "key"),
        ("table", "groups", "target_groups", "groups"),
    ):
        assert (
            f"DBN913 error: {kind} {name} was renamed to its target {new} in the mysql copy at "
            f"{mysql.relative_to(tree).as_posix()}/" in out
        ), out
        assert (
            f"but the sqlite copy still has the name {old} "
            f"({sqlite.relative_to(tree).as_posix()}/" in out
        ), out
    assert out.count("`dbnamelint migrate --phase 1 --dialect sqlite --write` writes its") == 2
    assert "DBN900" not in out and "no longer breaks" not in out
    before = (tree / "whitelist.yaml").read_bytes()
    code, out = run_text("whitelist", "prune")
    assert code == 0, out
    assert "kept column headers.key (whitelist.yaml:9): renamed to its target header_key" in out
    assert "kept table groups (whitelist.yaml:14): renamed to its target target_groups" in out
    assert "removed" not in out and "marked phase" not in out, out
    assert (tree / "whitelist.yaml").read_bytes() == before
    commit_all(tree, "rename phase 1 (mysql)")

    # The run check named plans the SQLite copy from the entries still there.
    code, out = run_text("migrate", "--phase", "1", "--dialect", "sqlite", "--write")
    assert code == 0, out
    # the MySQL copy has its renames already: no copy is left to name
    assert "next: `dbnamelint whitelist prune` removes the 2 whitelist entries" in out, out
    code, out = run_text("whitelist", "prune")
    assert code == 0, out
    assert "removed table groups (whitelist.yaml:14): renamed to its target target_groups at" in out
    assert out.count("(the mysql copy) and ") == 2 and out.count("(the sqlite copy)") == 2, out
    assert "marked phase 1 done (status: done)" in out
    code, out = run_text("check")
    assert code == 0, out
    commit_all(tree, "rename phase 1 (sqlite)")

    # Each copy's migrations, forward, on its own database.
    with maria.fresh_database("prunecopies") as db:
        for path in _forward_files(mysql):
            maria.run(_up(path), database=db)
        tables = maria.run(
            "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES "
            "WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1",
            database=db,
        ).splitlines()
        columns = maria.run(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
            "DATABASE() AND TABLE_NAME = 'headers' ORDER BY ORDINAL_POSITION",
            database=db,
        ).split()
    assert tables == ["groups\tVIEW", "headers\tBASE TABLE", "target_groups\tBASE TABLE"]
    assert columns == ["id", "header_key"]
    con = sqlite3.connect(":memory:")
    for path in _forward_files(sqlite):
        con.executescript(_up(path))
    kinds = con.execute("SELECT name, type FROM sqlite_master ORDER BY 1").fetchall()
    assert ("target_groups", "table") in kinds and ("groups", "table") not in kinds, kinds
    assert [r[1] for r in con.execute("PRAGMA table_info(headers)")] == ["id", "header_key"]


def _folders(tree: Path) -> tuple[str, str]:
    """The two copies' folders of ``tree`` (whichever layout it was made with)."""
    for mysql, sqlite, _ in LAYOUTS.values():
        if (tree / mysql).is_dir():
            return mysql, sqlite
    raise AssertionError(f"no known layout in {tree}")


DATABASES_CONFIG = """\
paths: [db]
databases:
  main: [db/main]
  audit: [db/audit]
per_path:
  - {paths: ["db/main/**"], dialect: mysql}
  - {paths: ["db/audit/**"], dialect: sqlite}
"""


@pytest.fixture
def databases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "proj"
    for name, text in (("main", MYSQL), ("audit", SQLITE)):
        groups = text.splitlines(keepends=True)[0]  # groups only
        (root / "db" / name).mkdir(parents=True)
        (root / "db" / name / "1_init.up.sql").write_text(groups, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(DATABASES_CONFIG, encoding="utf-8")
    init_repo(root, "schema")
    monkeypatch.chdir(root)
    return root


def test_separate_databases_entry_of_one_database_is_stale_once_it_is_renamed(
    databases: Path,
) -> None:
    """`whitelist init` writes `database: main`: audit's `groups` is another
    database's table, which the entry never named; renamed in main, it is done."""
    assert run_text("whitelist", "init")[0] == 0
    text = (databases / "whitelist.yaml").read_text(encoding="utf-8")
    assert "    name: groups\n    rules: [DBN502]\n" in text and "database: main" in text
    assert "database: audit" not in text
    (databases / "whitelist.yaml").write_text(text + "    target: target_groups\n", "utf-8")
    commit_all(databases, "baseline")
    code, out = run_text("migrate", "--phase", "1", "--database", "main", "--write")
    assert code == 0, out
    code, out = run_text("check")
    assert code == 1 and "DBN913" not in out, out
    assert "DBN900 stale whitelist entry table groups (phase 1): renamed to its target" in out
    code, out = run_text("whitelist", "prune")
    assert code == 0 and "removed table groups" in out, out
    assert run_text("check")[0] == 0


def test_separate_databases_entry_without_database_waits_for_each(databases: Path) -> None:
    """An entry without `database:` names the table in every database: it
    stays until audit's is renamed too, and check names `--database audit`."""
    (databases / "whitelist.yaml").write_text(
        'phases:\n  - {id: "1", title: Legacy names, status: open}\nentries:\n'
        '  - {kind: table, name: groups, rules: [DBN502], phase: "1", target: target_groups}\n',
        encoding="utf-8",
    )
    assert run_text("check")[0] == 0
    commit_all(databases, "baseline")
    code, out = run_text("migrate", "--phase", "1", "--database", "main", "--write")
    assert code == 0, out
    code, out = run_text("check")
    assert code == 1, out
    assert (
        "whitelist.yaml:4:5: DBN913 error: table groups was renamed to its target target_groups "
        "in database main at db/main/" in out
    ), out
    assert (
        "but database audit still has the name groups (db/audit/1_init.up.sql:1:14): "
        "`dbnamelint migrate --phase 1 --database audit --write` writes its rename" in out
    ), out
    code, out = run_text("whitelist", "prune")
    assert code == 0 and "kept table groups (whitelist.yaml:4)" in out, out
    code, out = run_text("migrate", "--phase", "1", "--database", "audit", "--write")
    assert code == 0, out
    code, out = run_text("whitelist", "prune")
    assert code == 0 and "removed table groups (whitelist.yaml:4)" in out, out
    assert "db/audit/2_rename_phase_1.up.sql:5:32 (database audit) and db/main/" in out, out
    assert run_text("check")[0] == 0


@pytest.mark.parametrize("tree", ["goose"], indirect=True)
def test_hook_and_gate_on_a_copy_left(tree: Path) -> None:
    """The hook reports the copy left on the commit of the MySQL copy's rename;
    what the old prune did next (both entries gone) is refused by `check
    --base` as an entry deleted unfixed (DBN903), naming the copy left; once
    that copy is renamed too, deleting them is progress."""
    assert run_text("migrate", "--phase", "1", "--write")[0] == 0
    # The hook, on the commit holding the MySQL copy's rename, says the copy left.
    git(tree, "add", "-A")
    (new,) = git(tree, "diff", "--cached", "--name-only").split()
    code, out = run_text("check", "--pre-commit", new)
    assert code == 1 and out.count("DBN913 error") == 2, out
    assert "`dbnamelint migrate --phase 1 --dialect sqlite --write` writes its rename" in out
    commit_all(tree, "rename phase 1 (mysql)")
    text = (tree / "whitelist.yaml").read_text(encoding="utf-8")
    emptied = text.split("entries:\n", 1)[0] + "entries: []\n"
    (tree / "whitelist.yaml").write_text(emptied, encoding="utf-8")
    code, out = run_text("check", "--base", "HEAD")
    assert code == 1, out
    assert (
        "whitelist.yaml:8:1: DBN903 error: whitelist entry for column headers.key was deleted "
        "since HEAD, but the sqlite copy still has the name key (db/db_sqlite3/migrations/"
        "20160101000000_init.sql:3:49) while it was renamed to its target header_key in the "
        "mysql copy at db/db_mysql/migrations/" in out
    ), out
    assert out.count("`dbnamelint migrate --phase 1 --dialect sqlite --write` writes the") == 2
    (tree / "whitelist.yaml").write_text(text, encoding="utf-8")
    assert run_text("migrate", "--phase", "1", "--dialect", "sqlite", "--write")[0] == 0
    commit_all(tree, "rename phase 1 (sqlite)")
    (tree / "whitelist.yaml").write_text(emptied, encoding="utf-8")
    code, out = run_text("check", "--base", "HEAD")
    assert code == 0, out
