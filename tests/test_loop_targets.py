"""One target per object, and ``migrate`` writes it: the rename loop closes.

A Prisma-style tree (quoted PascalCase tables, camelCase columns, keys and
indexes named ``<Table>_<columns>_<suffix>``, serial sequences, a CHECK
PostgreSQL names itself) goes through the README's loop: ``whitelist init``,
``migrate --phase P --write``, ``whitelist prune``, ``check``. The check
must pass: every dependent name ``migrate`` wrote is the target
``whitelist init`` planned for it (no DBN902) and passes every rule (no new
finding). The real PostgreSQL is the oracle for the names: the model's
constraint, index and sequence names equal the catalog's before and after
the migration, the forward script applies, and the rollback restores
``pg_dump --schema-only`` exactly.

Unit tests pin :mod:`dbnamelint.rules.dependents` and DBN504 on the cases a
user trial found (documenso, sakila).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.model import ObjectKind, SourceFile
from dbnamelint.rules.dependents import dependent_name, table_part
from dbnamelint.rules.naming import CaseStyle, underscore_words
from dbnamelint.runner.pipeline import load_files
from pg_server import PgServer
from test_migrate_loop import _git, _run

_INIT = """\
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "providerAccountId" TEXT NOT NULL,
    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "UserSecurityAuditLog" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    CONSTRAINT "UserSecurityAuditLog_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "OrganisationClaim" (
    "id" TEXT NOT NULL,
    CONSTRAINT "OrganisationClaim_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Organisation" (
    "id" TEXT NOT NULL,
    "organisationClaimId" TEXT NOT NULL,
    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "InvoiceLine" (
    "id" SERIAL NOT NULL,
    "amount" INTEGER NOT NULL CHECK ("amount" > 0),
    CONSTRAINT "InvoiceLine_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE UNIQUE INDEX "Account_provider_providerAccountId_key"
    ON "Account"("provider", "providerAccountId");
CREATE UNIQUE INDEX "Organisation_organisationClaimId_key" ON "Organisation"("organisationClaimId");
CREATE INDEX "UserSecurityAuditLog_userId_idx" ON "UserSecurityAuditLog"("userId");
ALTER TABLE "Account" ADD CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId")
    REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_organisationClaimId_fkey"
    FOREIGN KEY ("organisationClaimId") REFERENCES "OrganisationClaim"("id");
ALTER TABLE "UserSecurityAuditLog" ADD CONSTRAINT "UserSecurityAuditLog_userId_fkey"
    FOREIGN KEY ("userId") REFERENCES "User"("id");
"""

_MIGRATIONS = Path("prisma/migrations")

#: Constraint, index and sequence names of the public schema, from the catalog.
_NAMES_SQL = """
SELECT c.conname AS name FROM pg_constraint c
  JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'
UNION
SELECT r.relname FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace
  WHERE n.nspname = 'public' AND r.relkind IN ('i', 'S')
"""

_SNAKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "app"
    first = root / _MIGRATIONS / "20240101000000_init" / "migration.sql"
    first.parent.mkdir(parents=True)
    first.write_text(_INIT, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(f"paths: [{_MIGRATIONS.as_posix()}]\n", "utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "legacy")
    return root


def _forward_files(root: Path) -> list[Path]:
    return sorted((root / _MIGRATIONS).glob("*/migration.sql"))


def _model_names(root: Path) -> set[str]:
    files = [
        SourceFile(p.relative_to(root).as_posix(), "postgres", None) for p in _forward_files(root)
    ]
    schema = load_files(files, root).schema
    kinds = (ObjectKind.CONSTRAINT, ObjectKind.INDEX, ObjectKind.SEQUENCE)
    return {o.name for o in schema.objects if o.kind in kinds}


def _catalog(pg: PgServer, db: str) -> set[str]:
    return {row["name"] for row in pg.query_json(_NAMES_SQL, db)}


def _pg_dump(pg: PgServer, db: str) -> str:
    binary = shutil.which("pg_dump") or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))), "pg_dump"
    )
    done = subprocess.run(
        [binary, "--schema-only", "-d", pg.database(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    return re.sub(r"^\\(un)?restrict .*$", "", done.stdout, flags=re.MULTILINE)


def _loop(root: Path, monkeypatch: pytest.MonkeyPatch, group_by: str, phases: int | None) -> None:
    code, _, err = _run(root, monkeypatch, "whitelist", "init", "--group-by", group_by)
    assert code == 0, err
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "whitelist")
    data = yaml.safe_load((root / "whitelist.yaml").read_text(encoding="utf-8"))
    ids = [str(p["id"]) for p in data["phases"]][:phases]
    for phase in ids:
        code, out, err = _run(root, monkeypatch, "migrate", "--phase", phase, "--write")
        assert code == 0, out + err
        code, out, err = _run(root, monkeypatch, "whitelist", "prune")
        assert code == 0, out + err
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 0, out + err
    assert "All checks passed!" in out


def _oracle(pg: PgServer, root: Path, db_name: str) -> set[str]:
    """Apply the tree, check the model against the catalog, roll back; the names after."""
    forward = _forward_files(root)
    init, renames = forward[:1], forward[1:]
    assert renames, "migrate wrote no migration"
    with pg.fresh_database(db_name) as db:
        pg.run(files=init, dbname=db)
        legacy = _pg_dump(pg, db)
        pg.run(files=renames, dbname=db)
        after = _catalog(pg, db)
        # what check judged is what the database holds
        assert after == _model_names(root)
        for path in reversed(renames):
            pg.run(files=[path.parent / "down.sql"], dbname=db)
        assert _pg_dump(pg, db) == legacy
    return after


def test_table_phase_writes_every_dependent_target(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--group-by rule``, then the table phase only (the user trial): the keys,
    indexes and sequences migrate renames with the tables get exactly the targets
    ``whitelist init`` wrote for them, so prune removes their entries and check
    passes; the column entries stay, still excusing their columns."""
    root = _project(tmp_path)
    with pg.fresh_database("dbnl_loop_targets_legacy") as db:
        pg.run(files=_forward_files(root), dbname=db)
        assert _catalog(pg, db) == _model_names(root)  # the model names what PostgreSQL named
    _loop(root, monkeypatch, "rule", phases=1)
    names = _oracle(pg, root, "dbnl_loop_targets_rule")
    assert all(_SNAKE.fullmatch(n) for n in names), sorted(names)
    # the trial's cases, by name (the columns are still camelCase in the database)
    assert {
        "accounts_pkey",
        "accounts_user_id_fkey",
        "accounts_provider_provider_account_id_key",
        "organisations_organisation_claim_id_key",
        "user_security_audit_logs_id_seq",
        "invoice_lines_pkey",
        "invoice_lines_amount_check",
    } <= names
    entries = yaml.safe_load((root / "whitelist.yaml").read_text(encoding="utf-8"))["entries"]
    assert {e["kind"] for e in entries} == {"column"}


def test_whole_loop_by_module_empties_the_whitelist(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--group-by module``: one phase renames tables, columns and every name
    built on them; after prune the whitelist is empty and check passes."""
    root = _project(tmp_path)
    _loop(root, monkeypatch, "module", phases=None)
    names = _oracle(pg, root, "dbnl_loop_targets_module")
    assert all(_SNAKE.fullmatch(n) for n in names), sorted(names)
    assert "accounts_provider_provider_account_id_key" in names
    entries = yaml.safe_load((root / "whitelist.yaml").read_text(encoding="utf-8"))["entries"]
    assert entries == []


@pytest.mark.parametrize(
    ("name", "old", "new", "columns", "expected"),
    [
        ("Account_userId_fkey", "Account", "accounts", ("userId",), "accounts_user_id_fkey"),
        ("Account_pkey", "Account", "accounts", ("id",), "accounts_pkey"),
        (
            "Account_provider_providerAccountId_key",
            "Account",
            "accounts",
            ("provider", "providerAccountId"),
            "accounts_provider_provider_account_id_key",
        ),
        # the table and a column share a name: the first run is the table's
        ("tag_tag_key", "tag", "tags", ("tag",), "tags_tag_key"),
        # ... also when the column spells it only once: the leading run is the
        # table's (trial s6-t3 #11: doc_json on doc (..., doc) is docs_json)
        ("doc_json", "doc", "docs", ("data", "doc"), "docs_json"),
        ("doc_idx", "doc", "docs", ("doc",), "docs_idx"),
        (
            "idx_unq_rental_rental_date_inventory_id",
            "rental",
            "rentals",
            ("rental_date", "inventory_id"),
            "idx_unq_rentals_rental_date_inventory_id",
        ),
        # a column spelling words of the table's name the name opens with
        # does not take them (trial s23 synapse: pusher_throttle_pkey stayed)
        (
            "pusher_throttle_pkey",
            "pusher_throttle",
            "pusher_throttles",
            ("pusher", "room_id"),
            "pusher_throttles_pkey",
        ),
        (
            "user_threepid_id_server_idx",
            "user_threepid_id_server",
            "user_threepid_id_servers",
            ("user_id", "medium", "address", "id_server"),
            "user_threepid_id_servers_idx",
        ),
        ("pusher_idx", "pusher_throttle", "pusher_throttles", ("pusher",), None),
        # ... nor words of the table's name spelled after a prefix (trial s24
        # spicedb: pk_relation_tuple and ix_relation_tuple_by_subject stayed)
        (
            "pk_relation_tuple",
            "relation_tuple",
            "relation_tuples",
            ("relation", "x"),
            "pk_relation_tuples",
        ),
        (
            "ix_relation_tuple_x",
            "relation_tuple",
            "relation_tuples",
            ("relation",),
            "ix_relation_tuples_x",
        ),
        (
            "pk_namespace_config",
            "namespace_config",
            "namespace_configs",
            ("namespace", "created_xid"),
            "pk_namespace_configs",
        ),
        (
            "uq_namespace_living_xid",
            "namespace_config",
            "namespace_configs",
            ("namespace", "living_xid"),
            None,
        ),
        ("ix_user_roles_user", "user_roles", "role_grants", ("user",), "ix_role_grants_user"),
        # a word of a column name is never the table's
        ("rental_date", "rental", "rentals", ("rental_date", "inventory_id"), None),
        ("account_id_idx", "account", "accounts", ("account_id",), None),
        # semaphore (trial s26): a random suffix already in the style stays as
        # written (it came out fk_y38_rt)
        (
            "task_build_task_id_fk_y38rt",
            "task",
            "tasks",
            ("build_task_id",),
            "tasks_build_task_id_fk_y38rt",
        ),
        ("task_h2o_idx", "task", "tasks", ("id",), "tasks_h2o_idx"),
    ],
)
def test_dependent_name(
    name: str, old: str, new: str, columns: tuple[str, ...], expected: str | None
) -> None:
    assert dependent_name(name, old, new, columns, style=CaseStyle.SNAKE_CASE) == expected


@pytest.mark.parametrize(
    ("name", "old", "current", "columns"),
    [
        # documenso after Account -> accounts and the column renames
        ("accounts_provider_provider_account_id_key", "Account", "accounts",
         ("provider", "provider_account_id")),
        ("organisations_organisation_claim_id_key", "Organisation", "organisations",
         ("organisation_claim_id",)),
        # sakila: a unique key named after its first column
        ("rental_date", "rental", "rentals", ("rental_date", "inventory_id", "customer_id")),
    ],
)  # fmt: skip
def test_column_words_are_not_the_table(
    name: str, old: str, current: str, columns: tuple[str, ...]
) -> None:
    assert table_part(underscore_words(name), old, current, columns) is None


def test_renamed_column_part_follows(tmp_path: Path) -> None:
    assert (
        dependent_name(
            "Account_userId_fkey", "Account", None, ("userId",), {"userId": "owner_id"}, None
        )
        == "Account_owner_id_fkey"
    )


_DBN504_TREE = """\
CREATE TABLE "User" (id serial PRIMARY KEY);
CREATE TABLE user_security_audit_logs (id serial PRIMARY KEY);
CREATE TABLE rental (
    rental_id serial,
    rental_date date NOT NULL,
    inventory_id integer NOT NULL,
    CONSTRAINT rental_pkey PRIMARY KEY (rental_id)
);
CREATE UNIQUE INDEX rental_date ON rental (rental_date, inventory_id);
ALTER TABLE "User" RENAME TO users;
ALTER TABLE rental RENAME TO rentals;
"""

_OWNED_SQL = """
SELECT s.relname AS seq, t.relname AS tbl FROM pg_depend d
  JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
  JOIN pg_class t ON t.oid = d.refobjid
  WHERE d.deptype IN ('a', 'i')
"""


def test_dbn504_judges_only_the_renamed_tables_objects(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sequence owned by another table whose name starts with the old name
    (``user_security_audit_logs_id_seq`` after ``"User"`` -> ``users``) and a
    unique key named after its column (``rental_date``) are not stale; the
    renamed tables' own key and sequences are, with the name migrate writes."""
    path = tmp_path / "db" / "001_schema.sql"
    path.parent.mkdir()
    path.write_text(_DBN504_TREE, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", "utf-8")
    with pg.fresh_database("dbnl_loop_targets_dbn504") as db:
        pg.run(files=[path], dbname=db)
        owned = {(r["seq"], r["tbl"]) for r in pg.query_json(_OWNED_SQL, db)}
    # the catalog's ownership: what DBN504 must go by
    assert ("user_security_audit_logs_id_seq", "user_security_audit_logs") in owned
    assert ("User_id_seq", "users") in owned
    code, out, _ = _run(tmp_path, monkeypatch, "check", "--select", "DBN504")
    assert code == 1
    flagged = dict(re.findall(r"DBN504 \w+ \"[^\"]*?([^.\"]+)\".*\(suggestion: (\w+)\)", out))
    assert flagged == {
        "User_pkey": "users_pkey",  # PostgreSQL named it after the old table
        "User_id_seq": "users_id_seq",
        "rental_rental_id_seq": "rentals_rental_id_seq",
        "rental_pkey": "rentals_pkey",
    }


def test_a_key_named_like_postgres_names_it_follows_the_renamed_table(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pg_dump writes every key's name (``ADD CONSTRAINT pusher_throttle_pkey``);
    a column spelling the table name's first word (``pusher``) kept it from
    following the rename (trial s23 synapse). Oracle: the names PostgreSQL
    gives the renamed tables made from scratch."""
    dump = (
        "CREATE TABLE pusher_throttle (pusher bigint NOT NULL, room_id text NOT NULL);\n"
        "ALTER TABLE ONLY pusher_throttle ADD CONSTRAINT pusher_throttle_pkey "
        "PRIMARY KEY (pusher, room_id);\n"
        "CREATE TABLE account_validity (account bigint NOT NULL, x int);\n"
        "ALTER TABLE ONLY account_validity ADD CONSTRAINT account_validity_pkey "
        "PRIMARY KEY (account);\n"
    )
    (tmp_path / "db").mkdir()
    (tmp_path / "db/001.sql").write_text(dump, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    planned = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--no-views"])
    assert planned.exit_code == 0, planned.output
    sql = planned.stdout
    forward = sql[sql.index("-- ==== forward ====") : sql.index("-- ==== rollback ====")]
    keys = (
        "SELECT conname AS name FROM pg_constraint WHERE contype = 'p' "
        "AND connamespace = 'public'::regnamespace ORDER BY 1"
    )
    with pg.fresh_database("dbnl_loop_pusher") as db:
        pg.run(sql=dump, dbname=db)
        pg.run(sql=forward, dbname=db)
        renamed = [r["name"] for r in pg.query_json(keys, db)]
    with pg.fresh_database("dbnl_loop_pusher_new") as db:
        pg.run(
            sql="CREATE TABLE pusher_throttles (pusher bigint, room_id text, "
            "PRIMARY KEY (pusher, room_id));"
            "CREATE TABLE account_validities (account bigint PRIMARY KEY, x int);",
            dbname=db,
        )
        fresh = [r["name"] for r in pg.query_json(keys, db)]
    assert renamed == fresh == ["account_validities_pkey", "pusher_throttles_pkey"]
