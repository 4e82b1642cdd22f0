"""pop/fizz trees (ory/hydra, ory/kratos): one schema kept for several databases.

pop names a migration ``<version>_<name>[.<dialect>][.autocommit].<up|down>.sql``
(https://gobuffalo.io/documentation/database/migrations/; Ory's popx
``match.go`` adds ``.autocommit``). For each version a database runs its
dialect's own file and, only when there is none, the generic one (popx
``Migrations.sortAndFilter``, keyed by version alone). ``cockroach`` is a
dialect of its own in pop: its files never run on PostgreSQL.

Every database below is built by running, in pop's order, exactly the files
pop would run on it; its catalog is then the oracle.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import init_repo, isolated_git_env
from mysql_server import MysqlServer
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

#: One table per copy, each as its database's files write it; the CockroachDB
#: copy also has an index (in CockroachDB's inline form) the others lack.
INIT = {
    "postgres": "CREATE TABLE network (id uuid PRIMARY KEY, name text);\n",
    "cockroach": "CREATE TABLE network (id UUID PRIMARY KEY, name STRING, INDEX (name));\n",
    "mysql": "CREATE TABLE network (id char(36) PRIMARY KEY, name varchar(10));\n",
    "sqlite3": "CREATE TABLE network (id char(36) PRIMARY KEY, name text);\n",
}
WHITELIST = """\
phases:
  - {id: "1", title: Legacy names, status: open}
entries:
  - {kind: table, name: network, rules: [DBN105], phase: "1", target: networks}
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def pop_files(folder: Path, dialect: str) -> list[Path]:
    """The up files pop runs on ``dialect``, in its order (popx sortAndFilter)."""
    chosen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.up.sql")):
        match = re.fullmatch(r"(\d+)_[^.]+(?:\.([a-z0-9]+))?(?:\.autocommit)?\.up\.sql", path.name)
        assert match is not None, path.name
        version, word = match.group(1), match.group(2)
        if word in (None, "autocommit"):
            chosen.setdefault(version, path)
        elif word == dialect:
            chosen[version] = path
    return [chosen[v] for v in sorted(chosen)]


@pytest.fixture
def hydra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "hydra"
    folder = root / "migrations"
    folder.mkdir(parents=True)
    for dialect, sql in INIT.items():
        (folder / f"20200101000000_init.{dialect}.up.sql").write_text(sql)
    (root / "dbnamelint.yaml").write_text("extends: [recommended]\npaths: [migrations]\n")
    (root / "whitelist.yaml").write_text(WHITELIST)
    init_repo(root, "hydra-style tree")
    monkeypatch.chdir(root)
    return root


def test_cockroach_files_are_a_copy_of_their_own(hydra: Path) -> None:
    code, _, err = run("check", "-v", "--no-cache")
    assert code == 0, err
    line = next(x for x in err.splitlines() if "dialects:" in x)
    assert line.endswith(
        "dialects: cockroach (1 file), mysql (1 file), postgres (1 file), sqlite (1 file)"
    ), line
    code, out, _ = run("check", "-v", "--no-cache", "--select", "DBN010")
    assert "created again" not in out


@pytest.mark.slow
def test_drift_compares_postgresql_with_the_postgres_copy_only(hydra: Path, pg: PgServer) -> None:
    from pg_server import pg_url

    folder = hydra / "migrations"
    with pg.fresh_database("dbnamelint_pop_copies") as db:
        pg.run(files=pop_files(folder, "postgres"), dbname=db)
        indexes = pg.query_json("SELECT indexname FROM pg_indexes WHERE tablename = 'network'", db)
        assert [r["indexname"] for r in indexes] == ["network_pkey"]
        code, out, err = run("drift", "--db", pg_url(pg, db), "--format", "json")
    assert code == 0, out + err
    assert json.loads(out)["drift"] == []
    assert "not compared with a postgres database" in err


@pytest.mark.slow
def test_migrate_plans_each_copy_in_its_own_files(hydra: Path, pg: PgServer) -> None:
    folder = hydra / "migrations"
    code, out, err = run("migrate", "--phase", "1", "--dialect", "cockroach")
    assert code == 0, err
    assert out.startswith("Plan (cockroach): 1 table"), out
    code, out, err = run("migrate", "--phase", "1", "--dialect", "postgres", "--write")
    assert code == 0, err
    written = sorted(p.name for p in folder.glob("*rename*"))
    assert len(written) == 2, written
    assert all(".postgres." in name and ".cockroach." not in name for name in written)
    with pg.fresh_database("dbnamelint_pop_migrate") as db:
        pg.run(files=pop_files(folder, "postgres"), dbname=db)
        tables = pg.query_json(
            "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE nspname = 'public' AND relkind = 'r'",
            db,
        )
    assert [r["relname"] for r in tables] == ["networks"]
    # The CockroachDB copy still has its legacy name: pop never ran the file there.
    code, out, _ = run("check", "--format", "json", "--no-cache")
    assert json.loads(out)["stale_whitelist"] == []


def test_a_generic_file_yields_to_a_dialect_file_of_its_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """popx pairs files by version alone: ``x.autocommit.up.sql`` is replaced by
    ``x.mysql.up.sql``, and ``2_a.up.sql`` by ``2_b.sqlite3.up.sql``."""
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "1_init.up.sql").write_text("CREATE TABLE flow (id int PRIMARY KEY, exp int);\n")
    (folder / "2_expiry.autocommit.up.sql").write_text(
        "CREATE INDEX CONCURRENTLY flow_exp_concurrent_idx ON flow (exp);\n"
    )
    (folder / "2_expiry.mysql.up.sql").write_text("CREATE INDEX flow_exp_idx ON flow (exp);\n")
    (folder / "3_a.up.sql").write_text("CREATE INDEX flow_id_idx ON flow (id);\n")
    (folder / "3_b.sqlite3.up.sql").write_text("SELECT 1;\n")
    monkeypatch.chdir(tmp_path)
    assert [p.name for p in pop_files(folder, "mysql")] == [
        "1_init.up.sql",
        "2_expiry.mysql.up.sql",
        "3_a.up.sql",
    ]
    code, out, err = run("inspect", "--no-cache", "--format", "json", "migrations")
    assert code == 0, err
    indexes = {
        (o["name"], o["dialect"])
        for o in json.loads(out)["objects"]
        if o["kind"] == "index" and not o["implicit"]
    }
    assert indexes == {
        ("flow_exp_idx", "mysql"),
        ("flow_id_idx", "mysql"),
        ("flow_exp_concurrent_idx", "sqlite"),
    }


@pytest.mark.slow
def test_check_db_on_mariadb_takes_facts_from_the_mysql_copy_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    """The PostgreSQL copy names its key "primary"; InnoDB's PRIMARY is no one's choice."""
    (tmp_path / "001_a.mysql.up.sql").write_text(
        "CREATE TABLE acc (sig varchar(10) NOT NULL PRIMARY KEY);\n"
    )
    (tmp_path / "001_a.postgres.up.sql").write_text(
        'CREATE TABLE acc (sig varchar(10) NOT NULL, CONSTRAINT "primary" PRIMARY KEY (sig));\n'
    )
    monkeypatch.chdir(tmp_path)
    with maria.fresh_database("dbnamelint_pop_facts") as db:
        maria.run(file=tmp_path / "001_a.mysql.up.sql", database=db)
        names = maria.run(
            "SELECT constraint_name FROM information_schema.table_constraints "
            f"WHERE table_schema = '{db}' AND table_name = 'acc'"
        )
        assert names.split() == ["PRIMARY"]
        code, out, err = run("check", "--no-cache", "--db", maria.url(db), ".")
    assert code == 0, out + err
    assert "DBN401" not in out


def test_cockroach_enforces_no_identifier_length(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CockroachDB reports max_identifier_length 128 but enforces no limit and
    cuts nothing (cockroachdb/cockroach#26433, #44961, #48443); PostgreSQL cuts at 63 bytes."""
    long = "t" + "_abcdefgh" * 8  # 73 bytes
    (tmp_path / "1_a.postgres.up.sql").write_text(f"CREATE TABLE {long} (id int);\n")
    (tmp_path / "1_a.cockroach.up.sql").write_text(f"CREATE TABLE {long} (id int);\n")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("check", "--no-cache", "--select", "DBN501", "--format", "json", ".")
    assert code == 1
    assert {f["path"] for f in json.loads(out)["findings"]} == {"1_a.postgres.up.sql"}


def test_cockroach_inline_indexes_and_families() -> None:
    """CockroachDB's CREATE TABLE takes ``INDEX [name] (cols)``, ``UNIQUE INDEX``,
    ``INVERTED INDEX`` and ``FAMILY [name] (cols)`` as elements (docs, CREATE
    TABLE: index_def, family_def). Unnamed, an index is ``<table>_<cols>_idx``,
    a unique one ``<table>_<cols>_key`` (docs, CREATE INDEX: "key indicates the
    index applies the Unique constraint; idx indicates it does not"). A family
    is storage, not a named object of the model."""
    from dbnamelint.runner.pipeline import schema_from_sql

    sql = (
        "CREATE TABLE gadget (id uuid, name text, doc jsonb, INDEX (id),"
        " UNIQUE INDEX gadget_name_uq (name), INVERTED INDEX (doc),"
        " INDEX named_idx (name, id) STORING (doc), FAMILY f1 (id, name), FAMILY (doc),"
        " UNIQUE INDEX (id, name));\n"
        "CREATE UNIQUE INDEX ON gadget (doc);\n"
    )
    schema = schema_from_sql(sql, path="1_a.cockroach.up.sql", dialect="cockroach")
    found = sorted((o.kind.value, o.name) for o in schema.objects if o.kind.value != "table")
    assert found == [
        ("column", "doc"),
        ("column", "id"),
        ("column", "name"),
        ("constraint", "gadget_id_name_key"),
        ("constraint", "gadget_name_uq"),
        ("index", "gadget_doc_idx"),
        ("index", "gadget_doc_key"),
        ("index", "gadget_id_idx"),
        ("index", "named_idx"),
    ]
    # The same text is not PostgreSQL's: there INDEX and FAMILY start no element.
    assert "gadget_id_idx" not in {
        o.name for o in schema_from_sql(sql, path="1_a.postgres.up.sql").objects
    }


def test_cockroach_columns_named_index_or_family_stay_columns(pg: PgServer) -> None:
    """``index int`` and ``family varchar(10)`` are columns (PostgreSQL's grammar,
    which CockroachDB's follows, takes both; checked on the real server)."""
    from dbnamelint.runner.pipeline import schema_from_sql

    sql = "CREATE TABLE kit (family varchar(10), index int);\n"
    with pg.fresh_database("dbnamelint_crdb_cols") as db:
        pg.run(sql=sql, dbname=db)
        rows = pg.query_json(
            "SELECT attname FROM pg_attribute WHERE attrelid = 'kit'::regclass AND attnum > 0 "
            "ORDER BY attnum",
            db,
        )
    schema = schema_from_sql(sql, path="1_a.cockroach.up.sql", dialect="cockroach")
    columns = [o.name for o in schema.objects if o.kind.value == "column"]
    assert columns == [r["attname"] for r in rows] == ["family", "index"]


def test_a_generic_file_yields_when_dialect_is_given_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """Trial s24 (keto): with ``--dialect postgres`` (or the config's
    ``dialect:``), a generic file naming no dialect was read as PostgreSQL
    beside the ``.postgres.up.sql`` of its version, which popx runs instead:
    the generic file's CockroachDB ``INDEX i (c) WHERE ...`` became a column
    ``INDEX``. Oracle: PostgreSQL running what popx runs there."""
    folder = tmp_path / "migrations"
    folder.mkdir()
    generic = (
        "CREATE TABLE tuples (id int, nid text, INDEX tuples_nid_idx (nid) WHERE nid IS NULL);\n"
    )
    own = (
        "CREATE TABLE tuples (id int, nid text);\n"
        "CREATE INDEX tuples_nid_idx ON tuples (nid) WHERE nid IS NULL;\n"
    )
    (folder / "1_tuples.up.sql").write_text(generic)
    (folder / "1_tuples.postgres.up.sql").write_text(own)
    (folder / "1_tuples.mysql.up.sql").write_text("CREATE TABLE tuples (id int, nid text);\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(
        "inspect", "--no-cache", "--format", "json", "--dialect", "postgres", "migrations"
    )
    assert code == 0, err
    model = sorted(
        (o["kind"], o["name"])
        for o in json.loads(out)["objects"]
        if o["dialect"] == "postgres" and o["kind"] in ("column", "index")
    )
    with pg.fresh_database("dbn_pop_given_dialect") as db:
        pg.run(sql=own, dbname=db)
        catalog = sorted(
            [
                ("column", r["n"])
                for r in pg.query_json(
                    "SELECT column_name AS n FROM information_schema.columns "
                    "WHERE table_name = 'tuples'",
                    db,
                )
            ]
            + [
                ("index", r["n"])
                for r in pg.query_json(
                    "SELECT indexname AS n FROM pg_indexes WHERE tablename = 'tuples'", db
                )
            ]
        )
    assert model == catalog == [("column", "id"), ("column", "nid"), ("index", "tuples_nid_idx")]


def _sqlite_names(files: list[Path]) -> set[str]:
    """What SQLite holds after running ``files`` in order (the catalog oracle)."""
    import sqlite3

    db = sqlite3.connect(":memory:")
    try:
        for path in files:
            db.executescript(path.read_text())
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    finally:
        db.close()


def test_a_new_dialect_file_at_a_committed_version_is_an_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """kratos (trial s25): ``V_x.sqlite3.up.sql`` added beside the committed
    generic ``V_x.up.sql`` passed the hook and ``check --base``. popx runs it
    in the generic file's place on a new SQLite database only; one that
    applied V keeps what the generic file made."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "kratos"
    folder = root / "migrations"
    folder.mkdir(parents=True)
    (folder / "20200101000000_init.up.sql").write_text(
        "CREATE TABLE messages (id char(36) PRIMARY KEY, status int, created_at int);\n"
    )
    (folder / "20200102000000_status_idx.up.sql").write_text(
        "CREATE INDEX messages_status_idx ON messages (status);\n"
    )
    (folder / "20200103000000_more.mysql.up.sql").write_text(
        "CREATE INDEX messages_created_idx ON messages (created_at);\n"
    )
    (root / "dbnamelint.yaml").write_text("paths: [migrations]\n")
    (root / "go.mod").write_text(
        "module example.com/kratos\n\ngo 1.22\n\nrequire github.com/gobuffalo/pop/v6 v6.1.1\n"
    )
    init_repo(root, "pop tree")
    monkeypatch.chdir(root)
    applied = _sqlite_names(pop_files(folder, "sqlite3"))
    shadow = folder / "20200102000000_status_idx.sqlite3.up.sql"
    shadow.write_text(
        "CREATE INDEX messages_status_created_idx ON messages (status, created_at);\n"
    )
    # Not an edit for a dialect that never ran the version: MySQL's own file,
    # and SQLite's copy of a version only MySQL had.
    (folder / "20200103000000_more.sqlite3.up.sql").write_text(
        "CREATE INDEX messages_created_idx ON messages (created_at);\n"
    )
    fresh = _sqlite_names(pop_files(folder, "sqlite3"))
    # The oracle: a new SQLite database and one that applied the version differ.
    assert "messages_status_idx" in applied - fresh
    assert "messages_status_created_idx" in fresh - applied
    code, out, _ = run("check", "--no-cache", "--base", "HEAD", "--format", "json")
    errors = [
        (d["code"], d["path"]) for d in json.loads(out)["diagnostics"] if d["severity"] == "error"
    ]
    assert (code, errors) == (
        1,
        [("DBN025", "migrations/20200102000000_status_idx.sqlite3.up.sql")],
    )
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    code, out, _ = run("check", "--no-cache", "--pre-commit", "--format", "json")
    errors = [
        (d["code"], d["path"]) for d in json.loads(out)["diagnostics"] if d["severity"] == "error"
    ]
    assert (code, errors) == (
        1,
        [("DBN025", "migrations/20200102000000_status_idx.sqlite3.up.sql")],
    )
