"""One schema kept for several databases: ``db/postgres``, ``db/sqlite``, ``db/mysql``.

Projects that support several databases (kratos, atuin, sakila) keep one
copy of the schema per dialect, with per-path dialects in the config. The
copies of a table share one identity (the default schema folds away), so
the whitelist has one entry per object, ``whitelist add`` writes one,
``migrate`` plans one copy at a time (and says which), and the burn-down
counts each object once. Every scenario runs the CLI in a real git
repository; generated SQL is applied to a real SQLite database (and to the
real PostgreSQL server when one is configured) and the names read back from
``sqlite_master`` / ``pg_class``.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, init_repo, isolated_git_env
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = """\
extends: [recommended]
paths: [db]
per_path:
  - paths: ["db/postgres/**"]
    dialect: postgres
  - paths: ["db/sqlite/**"]
    dialect: sqlite
  - paths: ["db/mysql/**"]
    dialect: mysql
"""
#: Each copy as its database's own tools write it: PostgreSQL names the
#: default schema, SQLite and MySQL do not.
COPIES = {
    "postgres": """\
CREATE TABLE public.customer (id integer PRIMARY KEY, name text);
CREATE TABLE public.order_item (
    id integer PRIMARY KEY,
    customer_id integer REFERENCES public.customer (id)
);
CREATE INDEX order_item_customer_idx ON public.order_item (customer_id);
""",
    "sqlite": """\
CREATE TABLE customer (id integer PRIMARY KEY, name text);
CREATE TABLE order_item (
    id integer PRIMARY KEY,
    customer_id integer REFERENCES customer (id)
);
CREATE INDEX order_item_customer_idx ON order_item (customer_id);
""",
    "mysql": """\
CREATE TABLE `customer` (id integer PRIMARY KEY, name text);
CREATE TABLE `order_item` (
    id integer PRIMARY KEY,
    customer_id integer,
    FOREIGN KEY (customer_id) REFERENCES `customer` (id)
);
CREATE INDEX order_item_customer_idx ON `order_item` (customer_id);
""",
}
HEADER = 'phases:\n  - {id: "1", title: Legacy names, status: open}\nentries:\n'
CUSTOMER = '  - {kind: table, name: NAME, rules: [DBN105], phase: "1", target: customers}\n'
ORDER_ITEM = (
    '  - {kind: table, name: order_item, rules: [DBN105], phase: "1", target: order_items}\n'
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    for dialect, sql in COPIES.items():
        (root / "db" / dialect).mkdir(parents=True)
        (root / "db" / dialect / "V1__init.sql").write_text(sql)
    (root / "dbnamelint.yaml").write_text(CONFIG)
    init_repo(root, "one schema, three databases")
    monkeypatch.chdir(root)
    return root


def entries(root: Path) -> list[dict[str, object]]:
    data = yaml.safe_load((root / "whitelist.yaml").read_text())
    found: list[dict[str, object]] = data["entries"] or []
    return found


def test_the_copies_break_the_rules_once_each(repo: Path) -> None:
    """The premise: every copy of both tables is flagged, in its own file."""
    code, out, _ = run("check", "--no-whitelist", "--format", "json")
    assert code == 1
    flagged = sorted((f["path"], f["qualified_name"]) for f in json.loads(out)["findings"])
    assert flagged == sorted(
        (f"db/{d}/V1__init.sql", name)
        for d in COPIES
        for name in (
            ("public.customer", "public.order_item")
            if d == "postgres"
            else ("customer", "order_item")
        )
    )


def test_init_writes_one_entry_per_object(repo: Path) -> None:
    code, out, _ = run("whitelist", "init")
    assert code == 0
    assert "2 objects, 6 findings excused" in out
    assert [(e["name"], e["rules"], e.get("target")) for e in entries(repo)] == [
        ("customer", ["DBN105"], "customers"),
        ("order_item", ["DBN105"], "order_items"),
    ]
    assert run("check")[0] == 0
    before = (repo / "whitelist.yaml").read_text()
    assert run("whitelist", "prune")[0] == 0
    assert (repo / "whitelist.yaml").read_text() == before


@pytest.mark.parametrize("typed", ["customer", "public.customer", "CUSTOMER"])
def test_add_writes_one_entry_for_every_copy(repo: Path, typed: str) -> None:
    (repo / "whitelist.yaml").write_text(HEADER + ORDER_ITEM)
    code, out, err = run("whitelist", "add", typed)
    assert code == 0, err
    assert out == "added table customer (DBN105) to whitelist.yaml\n"
    assert [e["name"] for e in entries(repo)] == ["order_item", "customer"]
    assert run("check")[0] == 0  # the one entry excuses all three copies
    for again in ("customer", "public.customer", "main.customer"):
        code, _, err = run("whitelist", "add", again)
        assert code == 2
        assert "its findings are already excused" in err, err
    assert len(entries(repo)) == 2


def test_an_entry_written_with_the_default_schema_excuses_every_copy(repo: Path) -> None:
    """An entry ``init`` wrote before the SQLite and MySQL copies existed."""
    (repo / "whitelist.yaml").write_text(
        HEADER + CUSTOMER.replace("NAME", "public.customer") + ORDER_ITEM
    )
    code, out, _ = run("check", "--format", "json")
    assert code == 0, out
    report = json.loads(out)
    assert report["findings"] == [] or all(f["whitelisted"] for f in report["findings"])
    assert report["stale_whitelist"] == []
    code, _, err = run("whitelist", "add", "customer")
    assert code == 2 and "already excused" in err
    assert len(entries(repo)) == 2


def _sqlite_tables(sql_files: list[Path]) -> dict[str, str]:
    """``sqlite_master`` (name -> type) after running the files in order."""
    db = sqlite3.connect(":memory:")
    try:
        for path in sql_files:
            db.executescript(path.read_text())
        rows = db.execute("SELECT name, type FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
        return dict(rows)
    finally:
        db.close()


def test_migrate_plans_one_copy_and_says_which(repo: Path) -> None:
    (repo / "whitelist.yaml").write_text(HEADER + CUSTOMER.replace("NAME", "customer") + ORDER_ITEM)
    commit_all(repo, "whitelist")
    code, out, err = run("migrate", "--phase", "1")
    assert code == 0, err
    planned = out.splitlines()[0]
    chosen = planned.split("(")[1].split(")")[0]  # "Plan (mysql): ..."
    others = sorted(set(COPIES) - {chosen})
    assert (
        f"planning the {chosen} copy (1 file). Run again with --dialect {others[0]} or "
        f"--dialect {others[1]} for the others." in err
    )
    assert "names several tables" not in err
    for dialect in COPIES:
        code, out, err = run("migrate", "--rename", "customer=customers", "--dialect", dialect)
        assert code == 0, err
        assert out.startswith(f"Plan ({dialect}): 1 table, 0 columns"), out
    code, _, err = run("migrate", "--phase", "1", "--dialect", "oracle")
    assert code == 2
    assert "--dialect 'oracle': the tree keeps its schema for mysql, postgres, sqlite only" in err


def test_each_copy_migrated_in_turn_then_the_ratchet_closes(repo: Path) -> None:
    """sqlite first: its migration runs on a real SQLite database; the entries stay
    (two copies keep the legacy names); after all three, they are stale and pruned,
    and the burn-down counts two tables done, not six."""
    (repo / "whitelist.yaml").write_text(HEADER + CUSTOMER.replace("NAME", "customer") + ORDER_ITEM)
    commit_all(repo, "whitelist")

    code, _, err = run("migrate", "--phase", "1", "--dialect", "sqlite", "--write")
    assert code == 0, err
    forward, rollback = (
        repo / "db/sqlite/V2__rename_phase_1.sql",
        repo / "db/sqlite/U2__rename_phase_1.sql",
    )
    assert forward.exists() and rollback.exists()
    assert not list((repo / "db/postgres").glob("V2*")) and not list(
        (repo / "db/mysql").glob("V2*")
    )
    init = repo / "db/sqlite/V1__init.sql"
    after = _sqlite_tables([init, forward])
    assert {n for n, k in after.items() if k == "table"} == {"customers", "order_items"}
    assert {n for n, k in after.items() if k == "view"} == {"customer", "order_item"}
    assert {n for n, k in _sqlite_tables([init, forward, rollback]).items() if k == "table"} == {
        "customer",
        "order_item",
    }

    code, out, _ = run("check", "--format", "json")
    # postgres and mysql still hold the legacy names: the entries stay, and
    # check names each copy left and the run that writes its rename (DBN913)
    assert code == 1, out
    assert json.loads(out)["stale_whitelist"] == []
    left = [d for d in json.loads(out)["diagnostics"] if d["code"] == "DBN913"]
    assert sorted(
        (d["message"].split()[1], d["message"].split("`")[1].split("--dialect ")[1]) for d in left
    ) == [
        ("customer", "mysql --write"),
        ("customer", "postgres --write"),
        ("order_item", "mysql --write"),
        ("order_item", "postgres --write"),
    ], left
    commit_all(repo, "sqlite copy renamed")
    code, out, _ = run("burndown", "--format", "json")
    assert json.loads(out)["summary"] | {"text": None} == {
        "text": None,
        "noun": "tables",
        "start": 2,
        "left": 2,
        "done": 0,
        "percent": 0,
    }

    for dialect in ("postgres", "mysql"):
        code, _, err = run("migrate", "--phase", "1", "--dialect", dialect, "--write")
        assert code == 0, err
    code, out, _ = run("check", "--format", "json")
    stale = json.loads(out)["stale_whitelist"]
    assert code == 1
    assert sorted(e["name"] for e in stale) == ["customer", "order_item"]
    assert all("renamed to its target" in e["reason"] for e in stale), stale
    assert run("whitelist", "prune")[0] == 0
    assert entries(repo) == []
    assert run("check")[0] == 0
    commit_all(repo, "every copy renamed")
    code, out, _ = run("burndown", "--format", "json")
    summary = json.loads(out)["summary"]
    assert (summary["start"], summary["left"], summary["done"]) == (2, 0, 2)
    assert summary["text"] == "2 of 2 tables migrated (100%)"


def test_burndown_counts_an_object_once_whatever_its_entries(repo: Path) -> None:
    """A whitelist from before one identity: one entry per copy's spelling."""
    (repo / "whitelist.yaml").write_text(
        HEADER
        + CUSTOMER.replace("NAME", "customer")
        + CUSTOMER.replace("NAME", "public.customer")
        + ORDER_ITEM
        + ORDER_ITEM.replace("order_item,", "public.order_item,")
    )
    assert run("check")[0] == 0
    commit_all(repo, "whitelist, one entry per spelling")
    for dialect in COPIES:
        (repo / "db" / dialect / "V2__customers.sql").write_text(
            "ALTER TABLE customer RENAME TO customers;\n"
            + (
                "ALTER TABLE customers RENAME CONSTRAINT customer_pkey TO customers_pkey;\n"
                if dialect == "postgres"
                else ""
            )
        )
    text = (repo / "whitelist.yaml").read_text()
    kept = [line for line in text.splitlines(keepends=True) if "target: customers" not in line]
    (repo / "whitelist.yaml").write_text("".join(kept))
    assert run("check")[0] == 0
    commit_all(repo, "customer renamed in every copy")
    code, out, _ = run("burndown", "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert report["summary"]["text"] == "1 of 2 tables migrated (50%)"
    assert [e["name"] for e in report["left"]] in (["order_item"], ["public.order_item"])
    assert [p["left"] for p in report["trend"]] == [2, 1]


def test_fix_targets_are_per_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The copies of ``"OrderItems"`` get the same target; neither "collides" with
    the other, which lives in another database. PostgreSQL keeps the quoted
    name's case and SQLite ignores it, yet the copies get one entry."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dbnamelint.yaml").write_text(CONFIG)
    sql = (
        'CREATE TABLE "OrderItems" (id integer PRIMARY KEY);\n'
        'CREATE INDEX "OrderItems_id" ON "OrderItems" (id);\n'
    )
    for dialect in ("postgres", "sqlite"):
        (tmp_path / "db" / dialect).mkdir(parents=True)
        (tmp_path / "db" / dialect / "V1__init.sql").write_text(sql)
    code, out, _ = run("check", "--format", "json")
    assert code == 1
    fixes = sorted(
        (f["path"], f["qualified_name"], f["suggestion"]) for f in json.loads(out)["findings"]
    )
    assert fixes == [
        (f"db/{d}/V1__init.sql", obj, target)
        for d in ("postgres", "sqlite")
        for obj, target in (
            ("OrderItems", "order_items"),
            ("OrderItems.OrderItems_id", "order_items_id"),
        )
    ]
    code, out, err = run("whitelist", "add", "OrderItems")
    assert code == 0, err
    assert out == "added table OrderItems (DBN101) to whitelist.yaml\n"
    code, out, err = run("whitelist", "add", "orderitems.orderitems_id")
    assert code == 0, err
    assert out == "added index OrderItems.OrderItems_id (DBN301) to whitelist.yaml\n"
    assert run("check")[0] == 0
    added = (tmp_path / "whitelist.yaml").read_text()
    (tmp_path / "whitelist.yaml").unlink()
    assert run("whitelist", "init")[0] == 0
    assert [(e["kind"], e["name"], e.get("target")) for e in entries(tmp_path)] == [
        ("index", "OrderItems.OrderItems_id", "order_items_id"),
        ("table", "OrderItems", "order_items"),
    ]
    assert run("check")[0] == 0
    assert added.count("- kind:") == 2


def test_copies_of_one_family_do_not_collide(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CockroachDB speaks PostgreSQL's DDL, but its copy (flipt's
    ``migrations/cockroachdb``) is another database: the copies' targets are
    the same and neither "collides" with the other, so the whitelist gets a
    target and each copy plans its migration."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [db]\nper_path:\n"
        '  - {paths: ["db/postgres/**"], dialect: postgres}\n'
        '  - {paths: ["db/cockroachdb/**"], dialect: cockroach}\n'
    )
    for folder in ("postgres", "cockroachdb"):
        (tmp_path / "db" / folder).mkdir(parents=True)
        (tmp_path / "db" / folder / "1_lock.up.sql").write_text(
            "CREATE TABLE operation_lock (id integer PRIMARY KEY);\n"
        )
    code, out, _ = run("check", "--format", "json")
    assert code == 1
    assert sorted(
        (f["path"], f["suggestion"], f["no_fix"]) for f in json.loads(out)["findings"]
    ) == [
        (f"db/{folder}/1_lock.up.sql", "operation_locks", None)
        for folder in ("cockroachdb", "postgres")
    ]
    assert run("whitelist", "init")[0] == 0
    assert [(e["name"], e.get("target")) for e in entries(tmp_path)] == [
        ("operation_lock", "operation_locks")
    ]
    for dialect, folder in (("postgres", "postgres"), ("cockroach", "cockroachdb")):
        code, out, err = run("migrate", "--all", "--dialect", dialect)
        assert code == 0, err
        assert f"db/{folder}/2_rename_whitelist_targets.up.sql (forward)" in out
        assert 'ALTER TABLE "operation_lock" RENAME TO "operation_locks";' in out


@pytest.mark.slow
def test_check_db_does_not_judge_other_copies_entries(repo: Path, pg: PgServer) -> None:
    """The PostgreSQL database of the tree cannot say whether an entry for an
    object only the MySQL copy has is stale; it is left unjudged, with a note.
    An entry of its own copy whose object the database lacks is still stale."""
    from pg_server import pg_url

    (repo / "db" / "mysql" / "V2__mysql_only.sql").write_text(
        "CREATE INDEX IX_order_item_id ON `order_item` (id);\n"
    )
    (repo / "db" / "postgres" / "V2__postgres_only.sql").write_text(
        'CREATE INDEX "IX_order_item_pg" ON public.order_item (id);\n'
    )
    assert run("whitelist", "init")[0] == 0
    names = {e["name"] for e in entries(repo)}
    assert {"order_item.IX_order_item_id", "order_item.IX_order_item_pg"} <= names, names
    assert run("check")[0] == 0
    with pg.fresh_database("dbnamelint_copies_stale") as db:
        # The database is the PostgreSQL copy without its V2: the entry for
        # its index is stale there; the MySQL copy's index is no concern of it.
        pg.run(files=[repo / "db" / "postgres" / "V1__init.sql"], dbname=db)
        code, out, err = run("check", "--db", pg_url(pg, db), "--format", "json")
    report = json.loads(out)
    assert code == 1, err
    assert [e["name"] for e in report["stale_whitelist"]] == ["order_item.IX_order_item_pg"]
    notes = [(d["code"], d["message"]) for d in report["diagnostics"]]
    assert ("DBN906", notes[0][1]) == notes[0] and "1 whitelist entry names objects" in notes[0][1]


@pytest.mark.slow
def test_the_postgres_copy_migrates_on_postgresql(repo: Path, pg: PgServer) -> None:
    (repo / "whitelist.yaml").write_text(HEADER + CUSTOMER.replace("NAME", "customer") + ORDER_ITEM)
    code, _, err = run("migrate", "--phase", "1", "--dialect", "postgres", "--write")
    assert code == 0, err
    folder = repo / "db/postgres"
    tables = (
        "SELECT c.relname AS name, c.relkind AS kind FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
        "AND c.relkind IN ('r', 'v', 'i') ORDER BY 1"
    )
    with pg.fresh_database("dbnamelint_copies") as db:
        pg.run(files=[folder / "V1__init.sql", folder / "V2__rename_phase_1.sql"], dbname=db)
        after = {r["name"]: r["kind"] for r in pg.query_json(tables, dbname=db)}
        pg.run(files=[folder / "U2__rename_phase_1.sql"], dbname=db)
        back = {r["name"]: r["kind"] for r in pg.query_json(tables, dbname=db)}
    assert {n for n, k in after.items() if k == "r"} == {"customers", "order_items"}
    assert {n for n, k in after.items() if k == "v"} == {"customer", "order_item"}
    assert {n for n, k in back.items() if k == "r"} == {"customer", "order_item"}
    assert not {n for n, k in back.items() if k == "v"}


def test_copies_told_apart_by_file_name_get_their_own_migration_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """kratos (pop/fizz): ``x.up.sql`` runs on every database, ``x.sqlite3.up.sql`` on
    SQLite only. A rename file without the dialect word would run PostgreSQL's
    SQL on SQLite, so each copy's migration carries its word, as the tree spells it."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "kratos"
    folder = root / "migrations"
    folder.mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text("extends: [recommended]\npaths: [migrations]\n")
    shared = folder / "20200101000000_init.up.sql"
    shared.write_text("CREATE TABLE customer (id integer PRIMARY KEY, name text);\n")
    items = "CREATE TABLE order_item (id integer PRIMARY KEY, customer_id integer);\n"
    (folder / "20200201000000_items.postgres.up.sql").write_text(items)
    (folder / "20200201000000_items.sqlite3.up.sql").write_text(items)
    (root / "whitelist.yaml").write_text(HEADER + CUSTOMER.replace("NAME", "customer") + ORDER_ITEM)
    init_repo(root, "kratos-style tree")
    monkeypatch.chdir(root)
    assert run("check")[0] == 0

    code, _, err = run("migrate", "--phase", "1", "--dialect", "sqlite", "--write")
    assert code == 0, err
    (forward,) = folder.glob("*_rename_phase_1.sqlite3.up.sql")
    (rollback,) = folder.glob("*_rename_phase_1.sqlite3.down.sql")
    assert not [p for p in folder.glob("*rename*") if p not in (forward, rollback)]
    sqlite_files = [shared, folder / "20200201000000_items.sqlite3.up.sql"]
    after = _sqlite_tables([*sqlite_files, forward])
    assert {n for n, k in after.items() if k == "table"} == {"customers", "order_items"}
    assert {n for n, k in _sqlite_tables([*sqlite_files, forward, rollback]).items()} == {
        "customer",
        "order_item",
    }
    code, out, _ = run("check", "--format", "json")
    assert code == 1, out  # the PostgreSQL copy still holds both legacy names
    assert json.loads(out)["stale_whitelist"] == []
    left = [d["message"] for d in json.loads(out)["diagnostics"] if d["code"] == "DBN913"]
    assert len(left) == 2 and all(
        "the postgres copy still has the name" in m
        and "`dbnamelint migrate --phase 1 --dialect postgres --write`" in m
        for m in left
    ), left

    code, _, err = run("migrate", "--phase", "1", "--dialect", "postgres", "--write")
    assert code == 0, err
    assert len(list(folder.glob("*_rename_phase_1.postgres.up.sql"))) == 1
    code, out, _ = run("check", "--format", "json")
    assert code == 1
    assert sorted(e["name"] for e in json.loads(out)["stale_whitelist"]) == [
        "customer",
        "order_item",
    ]
    assert run("whitelist", "prune")[0] == 0
    assert run("check")[0] == 0


def _two_dialect_tree(root: Path, shared: str) -> None:
    """db/01 in PostgreSQL and SQLite (suffixes), and ``shared`` as db/02.sql,
    which names no dialect and so is read once per dialect."""
    db = root / "db"
    db.mkdir()
    (db / "01.sql.postgres").write_text("CREATE TABLE a (id serial);\n", encoding="utf-8")
    (db / "01.sql.sqlite").write_text(
        "CREATE TABLE a (id integer PRIMARY KEY AUTOINCREMENT);\n", encoding="utf-8"
    )
    (db / "02.sql").write_text(shared, encoding="utf-8")


def test_a_shared_file_s_unreadable_statement_is_reported_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # db/02.sql has no dialect of its own: it is read once per dialect the
    # tree's suffixes name. Its one unreadable statement is one problem.
    _two_dialect_tree(tmp_path, 'CREATE TABLE (x int);\nCREATE TABLE "Bad" (id int);\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json", "db"])
    report = json.loads(result.stdout)
    problems = [(d["path"], d["line"], d["code"]) for d in report["diagnostics"]]
    assert problems == [("db/02.sql", 1, "DBN004")]
    assert report["summary"]["input_errors"] == 1
    assert [f["code"] for f in report["findings"]] == ["DBN101"]


def test_a_finding_in_some_copies_of_a_shared_file_names_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Unquoted Lock: PostgreSQL folds it to lock (no finding there), SQLite
    # keeps the case as written (sqlite_master oracle below).
    shared = 'CREATE TABLE locks (Lock int);\nCREATE TABLE "Bad" (id int);\n'
    _two_dialect_tree(tmp_path, shared)
    with sqlite3.connect(":memory:") as conn:
        conn.executescript(shared)
        assert [r[1] for r in conn.execute("PRAGMA table_info(locks)")] == ["Lock"]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "db"])
    lines = [line for line in result.stdout.splitlines() if "DBN" in line]
    assert any(
        "'Lock'" in line and line.endswith("(in sqlite) (suggestion: lock)") for line in lines
    )
    assert any("'Bad'" in line and "(in postgres, sqlite)" in line for line in lines)
