"""Generated rename migrations on a real PostgreSQL: forward, views, rollback, cleanup.

For every bundled example and every whitelist phase with targets: the tree
runs on a fresh database, one row goes into each table being renamed, the
forward script runs, and then

- the catalog equals dbnamelint's model of the tree plus the new file
  (the comparison of tests/test_postgres_oracle.py);
- the rows read the same by the new name and through the compatibility view,
  and an INSERT through the view lands in the table;
- the rollback makes ``pg_dump --schema-only`` byte-identical to before;
- forward + cleanup leaves no view behind.

Hostile names (quote, space, mixed case, reserved word, 63 bytes) go
through the same round trip.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from dbnamelint.config import load_settings
from dbnamelint.frontends.sql.sources import discover
from dbnamelint.model import ObjectKind, SourceFile
from dbnamelint.runner.pipeline import load_files, read_statements
from dbnamelint.services.lint import default_paths, source_settings
from dbnamelint.services.migrate.plan import Plan
from dbnamelint.services.migrate.requests import from_whitelist, parse_rename
from dbnamelint.services.migrate.service import build_migrations
from dbnamelint.whitelist import load_whitelist
from pg_server import PgServer
from test_migrate_loop import _phases
from test_postgres_oracle import compare, model_keys, read_catalog

REPO = Path(__file__).resolve().parents[1]

#: What Supabase provides before the project's migrations run.
_SUPABASE = "CREATE SCHEMA auth; CREATE TABLE auth.users (id uuid PRIMARY KEY);"


def _pg_dump(pg: PgServer, db: str) -> str:
    """``pg_dump --schema-only``; its random ``\\restrict`` key (15.14+) is fixed."""
    binary = shutil.which("pg_dump") or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))), "pg_dump"
    )
    command = [binary, "--schema-only", "--no-owner", "-d", pg.database(db)]
    done = subprocess.run(
        [*command, "--restrict-key=dbnamelint"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if done.returncode != 0:  # a pg_dump older than the \\restrict lines
        done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=120)
    return done.stdout


def _values(
    pg: PgServer, db: str, relation: str, n: int, shown: dict[str, str] | None = None
) -> str:
    """An INSERT column list and VALUES for ``relation`` (NOT NULL columns without default);
    ``shown``: column -> the name to write it by (a compatibility view's old name)."""
    rows = pg.query_json(
        "SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, "
        "t.typtype AS typtype, a.atttypid::int AS oid "
        "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
        f"WHERE a.attrelid = '{relation.replace(chr(39), chr(39) * 2)}'::regclass "
        "AND a.attnum > 0 AND NOT a.attisdropped "
        "AND a.attnotnull AND NOT a.atthasdef AND a.attidentity = ''",
        db,
    )
    names, values = [], []
    for row in rows:
        kind = row["type"]
        if row["typtype"] == "e":
            label = pg.query_json(
                f"SELECT enumlabel AS l FROM pg_enum WHERE enumtypid = {row['oid']} "
                "ORDER BY enumsortorder LIMIT 1",
                db,
            )[0]["l"]
            value = "'" + label.replace("'", "''") + "'"
        elif kind == "uuid":
            value = "gen_random_uuid()"
        elif kind in ("integer", "bigint", "smallint", "numeric", "real", "double precision"):
            value = str(n)
        elif kind == "boolean":
            value = "true"
        elif kind in ("json", "jsonb"):
            value = "'{}'"
        elif kind.startswith("timestamp") or kind == "date":
            value = "now()"
        elif kind.endswith("[]"):
            value = "'{}'"
        else:
            value = f"'v{n}'"
        name = (shown or {}).get(row["name"], row["name"])
        names.append('"' + name.replace('"', '""') + '"')
        values.append(f"{value}::{kind}")
    if not names:
        return "DEFAULT VALUES"
    return f"({', '.join(names)}) VALUES ({', '.join(values)})"


def _q(name: str, schema: str | None = None) -> str:
    quoted = '"' + name.replace('"', '""') + '"'
    return f"{_q(schema)}.{quoted}" if schema else quoted


def _round_trip(
    pg: PgServer,
    db: str,
    files: list[SourceFile],
    root: Path,
    plan: Plan,
    forward: Path,
    rollback: str,
    cleanup: str,
    setup: str | None,
) -> None:
    if setup:
        pg.run(sql=setup, dbname=db)
    setup_keys = read_catalog(pg, db).objects
    pg.run(
        files=[Path(f.path) if Path(f.path).is_absolute() else root / f.path for f in files],
        dbname=db,
    )
    before = _pg_dump(pg, db)
    # One row per renamed table, foreign keys not enforced (no parent rows needed).
    for step in plan.tables:
        pg.run(
            sql="SET session_replication_role = replica; INSERT INTO "
            f"{_q(step.old, step.schema)} {_values(pg, db, _q(step.old, step.schema), 1)}",
            dbname=db,
        )
    pg.run(files=[forward], dbname=db)

    catalog = read_catalog(pg, db)
    catalog = replace(catalog, objects=catalog.objects - setup_keys)
    new_file = SourceFile(str(forward), "postgres", files[-1].module)
    loaded = load_files([*files, new_file], root)
    diff = compare(catalog, model_keys(loaded.schema.objects))
    assert not diff, diff
    # Re-reading the tree with the new file finds nothing it names missing (DBN011).
    missing = {d.message for d in loaded.schema.diagnostics if d.code == "DBN011"}
    before_missing = {
        d.message for d in load_files(files, root).schema.diagnostics if d.code == "DBN011"
    }
    assert missing <= before_missing, missing - before_missing

    for step in plan.tables:
        new = _q(step.new, step.schema)
        assert pg.query_json(f"SELECT count(*) AS n FROM {new}", db)[0]["n"] == 1
        view = next((v for v in plan.views if v.old == step.old), None)
        if view is not None:
            assert pg.query_json(f"SELECT count(*) AS n FROM {_q(step.old)}", db)[0]["n"] == 1
            # old code writes through the view, renamed columns under their old names
            shown = dict(zip(view.columns, view.shown, strict=True)) if view.shown else {}
            pg.run(
                sql="SET session_replication_role = replica; INSERT INTO "
                f"{_q(step.old)} {_values(pg, db, _q(step.new), 2, shown)}",
                dbname=db,
            )
            assert pg.query_json(f"SELECT count(*) AS n FROM {_q(step.new)}", db)[0]["n"] == 2

    pg.run(sql=rollback, dbname=db)
    assert _pg_dump(pg, db) == before

    pg.run(files=[forward], dbname=db)
    pg.run(sql=cleanup, dbname=db)
    views = {
        r["v"]
        for r in pg.query_json("SELECT viewname AS v FROM pg_views WHERE schemaname = 'public'", db)
    }
    assert not views & {v.old for v in plan.views}


def _example(tmp_path: Path, example: str) -> Path:
    if example == "cora":
        root = tmp_path / "cora"
        shutil.copytree(REPO / "examples" / "cora", root / "examples" / "cora")
        shutil.copy(REPO / "whitelist.yaml", root / "whitelist.yaml")
        (root / "dbnamelint.yaml").write_text("extends: cora\npaths: [examples/cora]\n")
        return root
    root = tmp_path / example
    shutil.copytree(REPO / "examples" / example, root)
    return root


@pytest.mark.slow
@pytest.mark.parametrize(("example", "phase"), _phases())
def test_phase_round_trip(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example: str, phase: str
) -> None:
    root = _example(tmp_path, example)
    monkeypatch.chdir(root)
    settings = load_settings(root, None, (), ())
    files, diags = discover(default_paths(settings, root), source_settings(settings))
    assert not diags
    loaded = load_files(files, root)
    statements, _ = read_statements(files, root)
    requests = from_whitelist(load_whitelist(settings.whitelist_path), {phase})
    migrations = build_migrations(
        loaded, statements, requests, dialect="postgres", root=root, now=datetime(2030, 1, 1)
    )
    setup = _SUPABASE if "supabase" in str(files[0].path) else None
    for number, migration in enumerate(migrations):
        forward = tmp_path / f"forward_{number}.sql"
        forward.write_text(migration.forward)
        with pg.fresh_database(f"dbnl_mig_{number}") as db:
            sub = Plan(migration.plan.dialect, migration.plan.steps, migration.plan.views, ())
            _round_trip(
                pg,
                db,
                list(files),
                root,
                sub,
                forward,
                migration.rollback,
                migration.cleanup,
                setup,
            )


_HOSTILE = (
    ('"it\'s ""quoted"""', 'Table "Two"'),
    ('"my table"', '"select"'),
    ('"MixedCase"', '"' + "n" * 63 + '"'),
)


@pytest.mark.slow
@pytest.mark.parametrize(("old", "new"), _HOSTILE)
def test_hostile_names_round_trip(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str
) -> None:
    schema = tmp_path / "db" / "001_schema.sql"
    schema.parent.mkdir(parents=True)
    schema.write_text(
        f'CREATE TABLE {old} (id serial PRIMARY KEY, "the code" text UNIQUE, n int);\n'
        f"CREATE INDEX ON {old} (n);\n"
    )
    monkeypatch.chdir(tmp_path)
    files = [SourceFile("db/001_schema.sql", "postgres", None)]
    loaded = load_files(files, tmp_path)
    requests = [parse_rename(f"{old}={new}")]
    migration = build_migrations(loaded, [], requests, dialect="postgres", root=tmp_path)[0]
    kinds = {s.kind for s in migration.plan.steps}
    assert {ObjectKind.TABLE, ObjectKind.CONSTRAINT, ObjectKind.INDEX, ObjectKind.SEQUENCE} <= kinds
    forward = tmp_path / "forward.sql"
    forward.write_text(migration.forward)
    with pg.fresh_database("dbnl_mig_hostile") as db:
        _round_trip(
            pg,
            db,
            files,
            tmp_path,
            migration.plan,
            forward,
            migration.rollback,
            migration.cleanup,
            None,
        )


_EVERY_KIND = """
CREATE TABLE ws_configs (
    id bigserial PRIMARY KEY,
    code text UNIQUE,
    parent_id bigint REFERENCES ws_configs (id),
    amount int CHECK (amount > 0),
    during tsrange,
    EXCLUDE USING gist (during WITH &&)
);
CREATE SEQUENCE ws_configs_batch_seq;
CREATE INDEX ON ws_configs (amount);
CREATE INDEX ws_configs_code_lower ON ws_configs (lower(code));
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM ws_configs LIMIT 1;
  RETURN NEW;
END $$;
CREATE TRIGGER ws_configs_touch BEFORE INSERT ON ws_configs
    FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE ws_configs ENABLE ROW LEVEL SECURITY;
CREATE POLICY ws_configs_read ON ws_configs FOR SELECT USING (true);
CREATE TABLE other (ws_configs_id bigint REFERENCES ws_configs (id));
"""


@pytest.mark.slow
def test_every_dependent_kind_round_trip(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys, unique, foreign, check and exclusion constraints, indexes (one on an
    expression), serial and named sequences, a trigger and a policy follow the table;
    the function body naming it is listed; names not built on it stay."""
    path = tmp_path / "db" / "001_schema.sql"
    path.parent.mkdir(parents=True)
    path.write_text(_EVERY_KIND)
    monkeypatch.chdir(tmp_path)
    files = [SourceFile("db/001_schema.sql", "postgres", None)]
    loaded = load_files(files, tmp_path)
    statements, _ = read_statements(files, tmp_path)
    migration = build_migrations(
        loaded,
        statements,
        [parse_rename("ws_configs=ws_cfg_sys")],
        dialect="postgres",
        root=tmp_path,
    )[0]
    renamed = {(s.kind.value, s.old, s.new) for s in migration.plan.steps}
    assert renamed == {
        ("table", "ws_configs", "ws_cfg_sys"),
        ("constraint", "ws_configs_pkey", "ws_cfg_sys_pkey"),
        ("constraint", "ws_configs_code_key", "ws_cfg_sys_code_key"),
        ("constraint", "ws_configs_parent_id_fkey", "ws_cfg_sys_parent_id_fkey"),
        ("constraint", "ws_configs_amount_check", "ws_cfg_sys_amount_check"),
        ("constraint", "ws_configs_during_excl", "ws_cfg_sys_during_excl"),
        ("index", "ws_configs_amount_idx", "ws_cfg_sys_amount_idx"),
        ("index", "ws_configs_code_lower", "ws_cfg_sys_code_lower"),
        ("sequence", "ws_configs_id_seq", "ws_cfg_sys_id_seq"),
        ("sequence", "ws_configs_batch_seq", "ws_cfg_sys_batch_seq"),
        ("trigger", "ws_configs_touch", "ws_cfg_sys_touch"),
        ("policy", "ws_configs_read", "ws_cfg_sys_read"),
    }
    # other.ws_configs_id_fkey belongs to another table: its name stays.
    assert [(m.line, m.what) for m in migration.mentions] == [(15, "function")]
    forward = tmp_path / "forward.sql"
    forward.write_text(migration.forward)
    with pg.fresh_database("dbnl_mig_kinds") as db:
        _round_trip(
            pg,
            db,
            files,
            tmp_path,
            migration.plan,
            forward,
            migration.rollback,
            migration.cleanup,
            None,
        )


_OWNED_SEQUENCES = """
CREATE SCHEMA app;
CREATE TABLE moved (id serial PRIMARY KEY, n int);
ALTER TABLE moved SET SCHEMA app;
CREATE TABLE a (b_id serial PRIMARY KEY);
CREATE TABLE a_b (id serial PRIMARY KEY);
CREATE TABLE recycled (id serial PRIMARY KEY);
ALTER TABLE recycled RENAME TO recycled_old;
CREATE TABLE recycled (id serial PRIMARY KEY, code bigserial);
CREATE TABLE idt (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, x text);
CREATE TABLE later (x int);
ALTER TABLE later ADD COLUMN id serial;
CREATE TABLE conv (id serial PRIMARY KEY);
ALTER TABLE conv ALTER COLUMN id DROP DEFAULT;
DROP SEQUENCE conv_id_seq;
ALTER TABLE conv ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;
CREATE TABLE cols (id serial PRIMARY KEY, item_no serial);
CREATE TABLE dumped (id integer NOT NULL);
CREATE SEQUENCE dumped_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE CACHE 1;
ALTER SEQUENCE dumped_id_seq OWNED BY dumped.id;
CREATE TABLE tickets (id int, number int);
CREATE SEQUENCE tickets_number_seq OWNED BY tickets.number;
"""

_OWNED_SQL = """
SELECT n.nspname AS schema, s.relname AS seq, t.relname AS tbl, a.attname AS col
FROM pg_depend d
JOIN pg_class s ON s.oid = d.objid JOIN pg_namespace n ON n.oid = s.relnamespace
JOIN pg_class t ON t.oid = d.refobjid
JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
  AND s.relkind = 'S' AND d.deptype IN ('a', 'i')
"""


@pytest.mark.slow
def test_owned_sequences_follow_their_columns(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Serial and identity sequences are renamed from the model's ownership, never
    guessed from names: a table moved to another schema takes its sequence along, a
    name PostgreSQL numbered (``a_b_id_seq1``) is recomputed, another table's
    sequence that happens to start with the old name stays, and an identity
    added by ALTER COLUMN ... ADD GENERATED owns its sequence too (renamed with
    its table, as serial ones are), and so does a sequence given to a column
    by ``OWNED BY`` (pg_dump's way). After the forward script the model equals the catalog, the
    ownership the model reports is ``pg_depend``'s, and re-reading the tree says
    nothing is missing (no DBN011)."""
    path = tmp_path / "db" / "001_schema.sql"
    path.parent.mkdir(parents=True)
    path.write_text(_OWNED_SEQUENCES)
    monkeypatch.chdir(tmp_path)
    files = [SourceFile("db/001_schema.sql", "postgres", None)]
    loaded = load_files(files, tmp_path)
    statements, _ = read_statements(files, tmp_path)
    renames = ["app.moved=moved2", "a_b=ab", "recycled=recycled_new", "idt=idents"]
    renames += ["later=later2", "conv=conv2"]
    requests = [parse_rename(r) for r in renames]
    requests.append(parse_rename("cols.item_no=item_number", column=True))
    requests.append(parse_rename("tickets.number=ticket_no", column=True))
    requests.append(parse_rename("dumped=dumped2"))
    migration = build_migrations(
        loaded, statements, requests, dialect="postgres", root=tmp_path, views=False
    )[0]
    sequences = {(s.old, s.new) for s in migration.plan.steps if s.kind is ObjectKind.SEQUENCE}
    # PostgreSQL's ChooseRelationName(table, column, "seq") for the new names.
    assert sequences == {
        ("moved_id_seq", "moved2_id_seq"),
        ("a_b_id_seq1", "ab_id_seq"),  # a_b_id_seq is a's (column b_id)
        ("recycled_id_seq1", "recycled_new_id_seq"),  # recycled_id_seq is recycled_old's
        ("recycled_code_seq", "recycled_new_code_seq"),
        ("idt_id_seq", "idents_id_seq"),
        ("later_id_seq", "later2_id_seq"),
        ("cols_item_no_seq", "cols_item_number_seq"),
        ("conv_id_seq", "conv2_id_seq"),  # ALTER COLUMN id ADD GENERATED ... AS IDENTITY
        # CREATE/ALTER SEQUENCE ... OWNED BY (pg_dump): owned as serial ones are
        ("dumped_id_seq", "dumped2_id_seq"),
        ("tickets_number_seq", "tickets_ticket_no_seq"),
    }
    assert not any("ADD GENERATED" in n.message for n in migration.plan.notes)
    forward = tmp_path / "forward.sql"
    forward.write_text(migration.forward)
    with pg.fresh_database("dbnl_mig_owned") as db:
        _round_trip(
            pg,
            db,
            files,
            tmp_path,
            migration.plan,
            forward,
            migration.rollback,
            migration.cleanup,
            None,
        )
        # _round_trip leaves the database forward + cleanup (no views here)
        after = load_files([*files, SourceFile(str(forward), "postgres", None)], tmp_path)
        assert [d for d in after.schema.diagnostics if d.code == "DBN011"] == []
        owned = {
            (o.schema or "public", o.name, *o.owned_by)
            for o in after.schema.objects
            if o.kind is ObjectKind.SEQUENCE and o.owned_by is not None
        }
        catalog = {
            (r["schema"], r["seq"], r["tbl"], r["col"]) for r in pg.query_json(_OWNED_SQL, db)
        }
        # conv's identity sequence (added by ALTER COLUMN) is modelled too.
        assert ("public", "conv2_id_seq", "conv2", "id") in owned
        assert owned == catalog
