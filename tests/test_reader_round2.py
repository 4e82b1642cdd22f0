"""Issue 14: what teams really write (migration layouts, derived names, no silent loss).

Right values: PostgreSQL answers come from the real server the oracle tests
start (the same files run there and its catalog is compared with the model,
name for name, *including* the sequences the server makes by itself); MySQL
and migration-tool answers from the manuals cited at each case.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.frontends.sql.sources import SourceSettings, discover
from dbnamelint.migration_text import PLACEHOLDER_CODE, drop_rollback_sections, prepare_text
from dbnamelint.model import ObjectKind, Schema
from dbnamelint.rules.base import RuleContext
from dbnamelint.rules.builtin.renamed import NameEmbedsOldTableName
from dbnamelint.runner.pipeline import load_paths, schema_from_sql
from pg_server import PgServer
from test_postgres_oracle import load_on_server, model_keys, read_catalog


def names(schema: Schema, kind: ObjectKind) -> list[str]:
    return [o.name for o in schema.objects if o.kind is kind]


def codes(schema: Schema) -> list[str]:
    return [d.code for d in schema.diagnostics]


def same_as_server(pg: PgServer, tmp_path: Path, db: str, files: dict[str, str]) -> set[str]:
    """Run ``files`` on the server and through the pipeline; assert equal catalogs.

    Unlike the oracle suite, nothing the server derives by itself is
    forgiven: sequences of serial/identity columns must be in the model.
    Returns the kinds compared, so a test can show the comparison is not empty.
    """
    for name, sql in files.items():
        (tmp_path / name).write_text(sql, encoding="utf-8")
    with pg.fresh_database(db) as fresh:
        loaded, catalog = load_on_server(pg, fresh, tmp_path, [tmp_path])
    model = set(model_keys(loaded.schema.objects))
    # A SELECT * view's columns are not all in the model (the star is not
    # expanded): the model's must be the server's, the rest is not compared.
    partial = {(k[1], k[2]) for k in model if k[0] == "view_columns_unknown"}
    model -= {k for k in model if k[0] == "view_columns_unknown"}
    # PostgreSQL 18 catalogs every NOT NULL as a constraint; 15 does not.
    server_side = {
        k
        for k in catalog.objects
        if not (k[0] == "constraint" and k[3].endswith("_not_null"))
        and not (k[0] == "column" and (k[1], k[2]) in partial and k not in model)
    }
    assert model == server_side, (sorted(model - server_side), sorted(server_side - model))
    assert not [d for d in loaded.diagnostics if d.code == "DBN004"]
    return {k[0] for k in model}


# -- 1. Up/Down sections in one file -------------------------------------

UP_DOWN = {
    # goose: https://pressly.github.io/goose/documentation/annotations/
    "goose": ("-- +goose Up", "-- +goose Down"),
    "goose-lower": ("-- +goose up", "-- +goose down"),
    # sql-migrate (rubenv): "-- +migrate Up" / "-- +migrate Down"
    "sql-migrate": ("-- +migrate Up", "-- +migrate Down"),
    # dbmate: https://github.com/amacneil/dbmate#creating-migrations
    "dbmate": ("-- migrate:up", "-- migrate:down"),
}


@pytest.mark.parametrize("tool", sorted(UP_DOWN))
def test_down_section_is_not_replayed(tool: str) -> None:
    up, down = UP_DOWN[tool]
    sql = (
        f'{up}\nCREATE TABLE "UserAccounts" (id int PRIMARY KEY);\n'
        f'{down}\nDROP TABLE "UserAccounts";\n'
    )
    schema = schema_from_sql(sql)
    assert names(schema, ObjectKind.TABLE) == ["UserAccounts"]
    # Positions do not move: the table is where it is in the file.
    table = next(o for o in schema.objects if o.kind is ObjectKind.TABLE)
    assert (table.location.line, table.location.column) == (2, 14)


def test_down_first_then_up_and_several_sections() -> None:
    sql = (
        "-- migrate:down\nDROP TABLE a;\n"
        "-- migrate:up\nCREATE TABLE a (x int);\n"
        "-- migrate:down\nDROP TABLE a;\n"
    )
    assert names(schema_from_sql(sql), ObjectKind.TABLE) == ["a"]
    blanked = drop_rollback_sections(sql)
    assert len(blanked) == len(sql) and blanked.count("\n") == sql.count("\n")
    assert "DROP" not in blanked


def test_file_without_markers_is_unchanged() -> None:
    sql = "-- migrate something\nDROP TABLE a;\n"
    assert drop_rollback_sections(sql) == sql


def _reference_drop(text: str) -> str:
    """The rule as the tools state it, line by line: dbmate's ``migrate:up``
    written so (its ``upRegExp``), sql-migrate's ``+migrate`` likewise, a
    comment line of its own (leading blanks allowed); goose's as its
    ``internal/sqlparser`` reads it: a line that, trimmed, starts with
    ``--`` and holds ``+goose`` in lower case, every ``--`` and the first
    ``+goose`` out, the rest ``up``/``down`` ignoring case (a line goose
    refuses the file on read as the word after ``+goose`` says). A Down
    section runs to the next marker or the end of the file."""
    import re

    other = re.compile(r"^[ \t]*--[ \t]*(?:\+migrate[ \t]+((?i:up|down))|migrate:(up|down))\b")

    def direction(line: str) -> str | None:
        if "+goose" in line and line.strip().startswith("--"):
            cmd = line.replace("--", "").replace("+goose", "", 1).strip().lower()
            if cmd in ("up", "down") and line[:1] not in " \t" and "+goose" not in cmd:
                return cmd
            meant = re.search(r"\+goose[ \t]+(up|down)\b", line, re.IGNORECASE)
            return meant.group(1).lower() if meant else None
        m = other.match(line)
        return (m.group(1) or m.group(2)).lower() if m else None

    markers: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        found = direction(line.rstrip("\r"))
        if found is not None:
            markers.append((pos, pos + len(line), found))
        pos += len(line) + 1
    out, pos = [], 0
    for i, (start, end_line, found) in enumerate(markers):
        del start
        end = markers[i + 1][0] if i + 1 < len(markers) else len(text)
        if found == "down":
            out.append(text[pos:end_line])
            out.append(re.sub(r"[^\r\n]", " ", text[end_line:end]))
            pos = end
    return "".join(out) + text[pos:]


def test_down_sections_match_the_line_anchored_rule_on_mixed_texts() -> None:
    import random

    pieces = [
        "-- +goose Up\n",
        "-- +goose Down\n",
        "  \t-- +GOOSE down extra\n",
        "-- migrate:up\n",
        "-- migrate:down\r\n",
        # (sql-migrate's markers are its own exact rule:
        # tests/test_sql_migrate_reading.py)
        "x -- +goose Down\n",
        "-- -- +goose Down\n",
        "---+goose up\n",
        "CREATE TABLE t (id int);\n",
        "DROP TABLE t;\n",
        "-- migrate:downward\n",
        "SELECT '-- +goose Down';\n",
        "-- +goose Down",
    ]
    rng = random.Random(12)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
        assert drop_rollback_sections(text) == _reference_drop(text), text


# -- 2. Folder-per-migration layouts -----------------------------------------


def test_diesel_down_sql_is_not_replayed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Diesel: migrations/<version>_<name>/{up.sql,down.sql} (diesel.rs guide).
    base = tmp_path / "migrations"
    first = base / "2023-01-01-000000_create_posts"
    second = base / "2023-02-01-000000_rename_posts"
    for folder in (first, second):
        folder.mkdir(parents=True)
    (first / "up.sql").write_text("CREATE TABLE posts (id int, title text);\n")
    (first / "down.sql").write_text("DROP TABLE posts;\n")
    (second / "up.sql").write_text("ALTER TABLE posts RENAME TO blog_posts;\n")
    (second / "down.sql").write_text("ALTER TABLE blog_posts RENAME TO posts;\n")
    monkeypatch.chdir(tmp_path)
    files, diags = discover(["migrations"], SourceSettings(root=tmp_path))
    assert not diags
    assert [f.path for f in files] == [
        "migrations/2023-01-01-000000_create_posts/up.sql",
        "migrations/2023-02-01-000000_rename_posts/up.sql",
    ]


def test_sqitch_replays_deploy_in_plan_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # sqitch: deploy/, revert/, verify/ and the order of sqitch.plan
    # (sqitch-plan manual: pragmas %, tags @, comments #).
    for folder in ("deploy", "revert", "verify"):
        (tmp_path / folder).mkdir()
    (tmp_path / "sqitch.plan").write_text(
        "%syntax-version=1.0.0\n%project=flipr\n\n"
        "zeta_users 2024-01-01T00:00:00Z A <a@x> # first, despite its name\n"
        "alpha_flips [zeta_users] 2024-01-02T00:00:00Z A <a@x>\n"
        "@v1.0 2024-01-03T00:00:00Z A <a@x>\n"
        "beta_rename [alpha_flips] 2024-01-04T00:00:00Z A <a@x>\n"
    )
    (tmp_path / "deploy" / "zeta_users.sql").write_text("CREATE TABLE users (id int);\n")
    (tmp_path / "deploy" / "alpha_flips.sql").write_text(
        "CREATE TABLE flips (id int, user_id int);\n"
    )
    (tmp_path / "deploy" / "beta_rename.sql").write_text("ALTER TABLE users RENAME TO members;\n")
    for name in ("zeta_users", "alpha_flips", "beta_rename"):
        (tmp_path / "revert" / f"{name}.sql").write_text("DROP TABLE users;\n")
        (tmp_path / "verify" / f"{name}.sql").write_text("SELECT 1/0;\n")
    monkeypatch.chdir(tmp_path)
    files, _ = discover(["."], SourceSettings(root=tmp_path))
    assert [f.path for f in files] == [
        "deploy/zeta_users.sql",
        "deploy/alpha_flips.sql",
        "deploy/beta_rename.sql",
    ]


# -- 3. Template placeholders ------------------------------------------------


@pytest.mark.parametrize(
    "placeholder",
    [
        "${schema}",
        "${flyway:defaultSchema}",
        "{{ schema }}",
        "{{.Schema}}",
        "#{schema}",
        "$(schema)",
    ],
)
def test_placeholder_costs_only_its_name(placeholder: str) -> None:
    schema = schema_from_sql(f'CREATE TABLE {placeholder}.users (id int, "Email" text);')
    tables = [o for o in schema.objects if o.kind is ObjectKind.TABLE]
    assert [(t.schema, t.name) for t in tables] == [(None, "users")]
    assert names(schema, ObjectKind.COLUMN) == ["id", "Email"]
    notes = [d for d in schema.diagnostics if d.code == PLACEHOLDER_CODE]
    assert [(n.location.line, n.location.column) for n in notes] == [(1, 14)]
    assert placeholder in notes[0].message
    assert "DBN004" not in codes(schema)


def test_placeholder_name_is_not_judged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A placeholder standing for a table name hides only that name: the
    # table's columns are still judged, the placeholder is not.
    (tmp_path / "V1__t.sql").write_text('CREATE TABLE ${table} (id int, "Email" text);\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli, ["check", "--format", "json", "--no-whitelist", "--verbose", "."]
    )
    report = json.loads(result.stdout)
    judged = {f["qualified_name"] for f in report["findings"]}
    assert any(name.endswith("Email") for name in judged), judged
    # Only the column is judged; the table behind the placeholder is not.
    assert all(name.endswith(".Email") for name in judged), judged
    # Info notes are listed under --verbose.
    assert [d["code"] for d in report["diagnostics"]] == [PLACEHOLDER_CODE]


def test_array_literals_and_strings_are_not_placeholders() -> None:
    sql = "CREATE TABLE t (a int[][] DEFAULT '{{1,2},{3,4}}', b jsonb DEFAULT '{}');"
    text, notes = prepare_text(sql, "x.sql")
    assert text == sql and notes == []


def test_jinja_statements_are_blanked() -> None:
    sql = "{% if true %}\nCREATE TABLE {{ target }}_log (id int);\n{% endif %}\n"
    text, notes = prepare_text(sql, "x.sql")
    assert len(text) == len(sql) and "{%" not in text
    assert len(notes) == 1


def test_go_template_actions_are_blanked_not_read_as_names(pg: PgServer) -> None:
    """focalboard's migrations: ``{{if .postgres}}...{{end}}`` around a column.
    The actions stand for nothing; read as a name they glued ``____insert_at``
    together and swallowed the next column (``"BadCol"`` went unchecked). The
    oracle is the server running the file as the template renders it for
    PostgreSQL (the condition true, its text kept)."""
    template = (
        'CREATE TABLE blocks (id int, {{if .postgres}}insert_at int,{{end}} "BadCol" int);\n'
        "CREATE TABLE boards (id int, {{- /* a comment */ -}} name text);\n"
    )
    text, _ = prepare_text(template, "x.sql")
    assert len(text) == len(template) and "{{" not in text and "_insert_at" not in text
    rendered = template.replace("{{if .postgres}}", "").replace("{{end}}", "")
    rendered = rendered.replace("{{- /* a comment */ -}}", "")
    model = schema_from_sql(template)
    with pg.fresh_database("dbnl_r2_go_actions") as db:
        pg.run(sql=rendered, dbname=db)
        rows = pg.query_json(
            "SELECT c.relname AS t, a.attname AS c FROM pg_attribute a "
            "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND a.attnum > 0 ORDER BY 1, 2",
            db,
        )
    columns = sorted((o.table, o.name) for o in model.objects if o.kind is ObjectKind.COLUMN)
    assert columns == sorted((r["t"], r["c"]) for r in rows)
    assert ("blocks", "BadCol") in columns


def test_flyway_placeholder_against_server(pg: PgServer, tmp_path: Path) -> None:
    # The server runs the statement with the placeholder resolved to public;
    # the model of the unresolved file must name the same objects.
    model = schema_from_sql('CREATE TABLE ${schema}.users (id int PRIMARY KEY, "Email" text);')
    resolved = {"V1__users.sql": 'CREATE TABLE public.users (id int PRIMARY KEY, "Email" text);'}
    kinds = same_as_server(pg, tmp_path, "dbnl_r2_placeholder", resolved)
    assert {"table", "column", "constraint"} <= kinds
    assert model_keys(model.objects) == model_keys(
        schema_from_sql(resolved["V1__users.sql"]).objects
    )


# -- 5. Sequences of serial and identity columns (server) ------------------

SEQUENCE_CASES = {
    "serial-then-rename": (
        "CREATE TABLE invoice (id serial PRIMARY KEY);\nALTER TABLE invoice RENAME TO invoices;\n"
    ),
    "every-serial-type": (
        "CREATE TABLE t (a smallserial, b serial4, c bigserial, d serial8, e serial2);\n"
    ),
    "identity-columns": (
        "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (START WITH 1) PRIMARY KEY,\n"
        "  n bigint GENERATED BY DEFAULT AS IDENTITY);\n"
    ),
    "identity-sequence-name": (
        "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME t_ids START 5));\n"
    ),
    "name-taken-gets-a-number": ("CREATE TABLE t_id_seq (x int);\nCREATE TABLE t (id serial);\n"),
    "quoted-and-long": (
        'CREATE TABLE "Invoice" ("Id" serial);\n'
        "CREATE TABLE a_table_name_that_is_far_too_long_for_postgresql_limits "
        "(a_column_name_that_is_also_quite_long serial);\n"
    ),
    "drop-column-and-table-drop-the-sequence": (
        "CREATE TABLE t (id serial, other serial);\nALTER TABLE t DROP COLUMN other;\n"
        "CREATE TABLE gone (id bigserial);\nDROP TABLE gone;\n"
    ),
    "add-column-later": ("CREATE TABLE t (x int);\nALTER TABLE t ADD COLUMN id bigserial;\n"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(SEQUENCE_CASES))
def test_sequences_match_server(pg: PgServer, tmp_path: Path, case: str) -> None:
    kinds = same_as_server(
        pg, tmp_path, "dbnl_r2_" + case.replace("-", "_")[:40], {"1.sql": SEQUENCE_CASES[case]}
    )
    assert "sequence" in kinds


def test_renamed_table_sequence_is_flagged_by_dbn504() -> None:
    schema = schema_from_sql(SEQUENCE_CASES["serial-then-rename"])
    rule = NameEmbedsOldTableName()
    found = list(rule.check_schema(RuleContext(schema=schema)))
    assert [(v.object.name if v.object else None, v.suggestion) for v in found] == [
        ("invoice_pkey", "invoices_pkey"),
        ("invoice_id_seq", "invoices_id_seq"),
    ]


# -- 11. MySQL ALTER TABLE a RENAME b ----------------------------------------


@pytest.mark.parametrize("words", ["RENAME", "RENAME TO", "RENAME AS"])
def test_mysql_alter_table_rename_without_to(words: str) -> None:
    # MySQL manual §15.1.9 ALTER TABLE: "RENAME [TO | AS] new_tbl_name".
    schema = schema_from_sql(
        f"CREATE TABLE a (x int);\nALTER TABLE a {words} b;\n"
        "ALTER TABLE b RENAME COLUMN x TO y, RENAME INDEX i TO j;\n",
        dialect="mysql",
    )
    assert names(schema, ObjectKind.TABLE) == ["b"]
    assert names(schema, ObjectKind.COLUMN) == ["y"]
    assert "DBN004" not in codes(schema)


# -- 12. Temporary tables ----------------------------------------------------


@pytest.mark.parametrize(
    ("dialect", "sql"),
    [
        ("postgres", 'CREATE TEMP TABLE "TmpRows" (id int PRIMARY KEY);'),
        ("postgres", "CREATE LOCAL TEMPORARY TABLE tmp_rows (id int);"),
        ("postgres", "CREATE GLOBAL TEMPORARY TABLE tmp_rows (id int);"),
        ("mysql", "CREATE TEMPORARY TABLE IF NOT EXISTS `TmpRows` (id int, KEY k (id));"),
        ("sqlite", 'CREATE TEMP TABLE "TmpRows" (id INTEGER PRIMARY KEY);'),
        ("tsql", "CREATE TABLE #TmpRows (id int PRIMARY KEY);"),
    ],
)
def test_temporary_tables_end_with_their_file(dialect: str, sql: str) -> None:
    schema = schema_from_sql(sql + "\nCREATE TABLE kept (id int);\n", dialect=dialect)
    assert names(schema, ObjectKind.TABLE) == ["kept"]
    assert names(schema, ObjectKind.INDEX) == []


def test_temporary_tables_against_server(pg: PgServer, tmp_path: Path) -> None:
    files = {
        "1.sql": 'CREATE TEMP TABLE "TmpRows" (id serial PRIMARY KEY);\n'
        'CREATE INDEX ON "TmpRows" (id);\nCREATE TABLE kept (id int);\n',
        "2.sql": "CREATE TABLE later (id int);\n",
    }
    assert "table" in same_as_server(pg, tmp_path, "dbnl_r2_temp", files)


# -- 13. MySQL's implicit foreign-key index ----------------------------------


def test_mysql_foreign_key_index_named_by_constraint() -> None:
    # MySQL manual §15.1.20.5: the index is named by the CONSTRAINT symbol,
    # else after the referencing column; none when an index already serves.
    schema = schema_from_sql(
        "CREATE TABLE p (id int PRIMARY KEY);\n"
        "CREATE TABLE c (id int PRIMARY KEY, pid int, qid int, rid int, KEY k_r (rid, id),\n"
        "  CONSTRAINT fk_c_p FOREIGN KEY (pid) REFERENCES p (id),\n"
        "  FOREIGN KEY (qid) REFERENCES p (id),\n"
        "  FOREIGN KEY (rid) REFERENCES p (id),\n"
        "  FOREIGN KEY (id) REFERENCES p (id));\n"
        "ALTER TABLE c RENAME INDEX fk_c_p TO idx_c_pid;\n",
        dialect="mysql",
    )
    assert sorted(names(schema, ObjectKind.INDEX)) == ["idx_c_pid", "k_r", "qid"]
    assert "DBN011" not in codes(schema)


def test_postgres_foreign_key_makes_no_index() -> None:
    schema = schema_from_sql(
        "CREATE TABLE p (id int PRIMARY KEY);\n"
        "CREATE TABLE c (pid int CONSTRAINT fk_c_p REFERENCES p (id));\n"
    )
    assert names(schema, ObjectKind.INDEX) == []


# -- 14. PostgreSQL 18 named NOT NULL ---------------------------------------


def test_named_not_null_table_constraint() -> None:
    # PostgreSQL 18 CREATE TABLE: table_constraint "NOT NULL column_name
    # [ NO INHERIT ]", written by pg_dump 18 for renamed NOT NULL constraints.
    schema = schema_from_sql(
        "CREATE TABLE users (email text, name text,\n"
        "  CONSTRAINT users_email_not_null NOT NULL email,\n"
        "  CONSTRAINT users_name_nn NOT NULL name NO INHERIT);\n"
    )
    assert names(schema, ObjectKind.CONSTRAINT) == ["users_email_not_null", "users_name_nn"]
    assert "DBN004" not in codes(schema)


# -- 6. PostgreSQL's implicit names (server) ----------------------------------

NAME_CASES = {
    "expression-indexes": (
        'CREATE TABLE t (a int, b text, "Mixed" int, ts timestamptz);\n'
        "CREATE INDEX ON t (lower(b));\n"
        "CREATE INDEX ON t ((a + 1));\n"
        "CREATE INDEX ON t ((a::text));\n"
        "CREATE INDEX ON t (((b)::int));\n"
        "CREATE INDEX ON t (((b || 'x')::varchar));\n"
        "CREATE INDEX ON t (('x'::text));\n"
        "CREATE INDEX ON t ((CASE WHEN a > 1 THEN 1 END));\n"
        "CREATE INDEX ON t (COALESCE(a, 0), upper(b) DESC);\n"
        'CREATE INDEX ON t (("Mixed"));\n'
        "CREATE INDEX ON t (CAST(b AS int));\n"
        "CREATE INDEX ON t ((ARRAY[a]));\n"
        "CREATE INDEX ON t (date_trunc('day', ts AT TIME ZONE 'UTC'));\n"
        "CREATE INDEX ON t (pg_catalog.upper(b) text_pattern_ops);\n"
        "CREATE INDEX ON t ((a IS NULL));\n"
        "CREATE INDEX ON t ((b::bigint::text));\n"
        "CREATE INDEX ON t ((1::bigint));\n"
    ),
    "include-columns": (
        "CREATE TABLE t (a int, b text, c int, UNIQUE (c) INCLUDE (a, b));\n"
        "CREATE INDEX ON t (a) INCLUDE (b);\n"
        "CREATE UNIQUE INDEX ON t (b) INCLUDE (c);\n"
        "ALTER TABLE t ADD UNIQUE (a, c) INCLUDE (b);\n"
    ),
    "check-constraints": (
        "CREATE TABLE t (a int CHECK (a > 0), b int, c int, CHECK (b > c), CHECK (b > 0),\n"
        "  CONSTRAINT named CHECK (c > 0));\n"
        "ALTER TABLE t ADD CHECK (a < 100);\n"
    ),
    "collisions": (
        "CREATE TABLE t (a int);\nCREATE TABLE t_a_idx (x int);\n"
        "CREATE INDEX ON t (a);\nCREATE INDEX ON t (a);\n"
        "CREATE INDEX ON t (lower(a::text));\nCREATE INDEX ON t (lower(a::text));\n"
    ),
    "using-index": (
        "CREATE TABLE t (a int, b int);\n"
        "CREATE UNIQUE INDEX t_a_uidx ON t (a);\n"
        "ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE USING INDEX t_a_uidx;\n"
        "CREATE UNIQUE INDEX t_b_uidx ON t (b);\n"
        "ALTER TABLE t ADD PRIMARY KEY USING INDEX t_b_uidx;\n"
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(NAME_CASES))
def test_implicit_names_match_server(pg: PgServer, tmp_path: Path, case: str) -> None:
    kinds = same_as_server(
        pg, tmp_path, "dbnl_r2_" + case.replace("-", "_")[:40], {"1.sql": NAME_CASES[case]}
    )
    assert kinds & {"index", "constraint"}


def test_expression_index_name_example() -> None:
    # The issue's example; the server agrees (test_implicit_names_match_server).
    schema = schema_from_sql("CREATE TABLE t (a text);\nCREATE INDEX ON t (lower(a));\n")
    assert names(schema, ObjectKind.INDEX) == ["t_lower_idx"]


def test_mysql_functional_index_keeps_mysql_name() -> None:
    # MySQL 8 §15.1.15 "Functional Key Parts": an unnamed one is functional_index.
    schema = schema_from_sql("CREATE TABLE t (a text, INDEX ((lower(a))));\n", dialect="mysql")
    assert names(schema, ObjectKind.INDEX) == ["functional_index"]


# -- 10. A rename targets what the database finds -----------------------------


def test_sp_rename_without_type_renames_the_constraint() -> None:
    # SQL Server sp_rename: object_type omitted -> the object found by name.
    schema = schema_from_sql(
        "CREATE TABLE t (b int, CONSTRAINT PK_old PRIMARY KEY (b));\nGO\n"
        "EXEC sp_rename 'PK_old', 'PK_t';\nGO\nEXEC sp_rename 'dbo.t', 'orders';\n",
        dialect="tsql",
    )
    objects = {(o.kind, o.name, o.previous_names) for o in schema.objects}
    assert (ObjectKind.CONSTRAINT, "PK_t", ("PK_old",)) in objects
    assert (ObjectKind.TABLE, "orders", ("t",)) in objects
    assert names(schema, ObjectKind.TABLE) == ["orders"]
    assert codes(schema) == []


# -- 8. Columns a statement derives (server) ----------------------------------

DERIVED_CASES = {
    "like": (
        "CREATE TABLE a (x int PRIMARY KEY, y int UNIQUE, z int, CONSTRAINT ck CHECK (y > 0));\n"
        "CREATE INDEX ON a (z);\nCREATE INDEX a_lower ON a (lower(z::text));\n"
        "CREATE TABLE b (LIKE a);\n"
        "CREATE TABLE c (LIKE a INCLUDING ALL);\n"
        "CREATE TABLE d (id int, LIKE a INCLUDING INDEXES, extra text);\n"
        "CREATE TABLE e (LIKE a INCLUDING ALL EXCLUDING INDEXES);\n"
        "CREATE TABLE f (LIKE a INCLUDING CONSTRAINTS);\n"
    ),
    "create-table-as": (
        "CREATE TABLE a (x int, y text);\n"
        "CREATE TABLE b AS SELECT x, y AS why, x + 1 AS plus, lower(y), 1 + 2, x::text AS "
        '"Cast", y "Bare", now() FROM a;\n'
        "CREATE TABLE c AS SELECT * FROM a;\n"
        "CREATE TABLE d AS TABLE a;\n"
        "CREATE TABLE e (p, q) AS SELECT x, y FROM a;\n"
        "CREATE TABLE f AS SELECT DISTINCT x FROM a WHERE x > 0;\n"
        "CREATE TABLE g AS (SELECT y FROM a) WITH NO DATA;\n"
        "CREATE TABLE h AS WITH w AS (SELECT x FROM a) SELECT x AS wx, 'lit' FROM w;\n"
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(DERIVED_CASES))
def test_derived_columns_match_server(pg: PgServer, tmp_path: Path, case: str) -> None:
    kinds = same_as_server(
        pg, tmp_path, "dbnl_r2_" + case.replace("-", "_")[:40], {"1.sql": DERIVED_CASES[case]}
    )
    assert "column" in kinds


def test_like_example_from_the_issue() -> None:
    schema = schema_from_sql("CREATE TABLE a (x int);\nCREATE TABLE b (LIKE a);\n")
    assert [(o.table, o.name) for o in schema.objects if o.kind is ObjectKind.COLUMN] == [
        ("a", "x"),
        ("b", "x"),
    ]


@pytest.mark.parametrize("sql", ["CREATE TABLE b LIKE a;", "CREATE TABLE b (LIKE a);"])
def test_mysql_like_copies_columns_and_index_names(sql: str) -> None:
    # MySQL §15.1.20.3 CREATE TABLE ... LIKE: "column attributes and indexes"
    # are copied, foreign keys are not.
    schema = schema_from_sql(
        "CREATE TABLE p (id int PRIMARY KEY);\n"
        "CREATE TABLE a (x int PRIMARY KEY, y int, KEY k_y (y),\n"
        "  CONSTRAINT fk_a_p FOREIGN KEY (y) REFERENCES p (id));\n" + sql,
        dialect="mysql",
    )
    copied = {(o.kind, o.name) for o in schema.objects if o.table == "b"}
    assert copied == {
        (ObjectKind.COLUMN, "x"),
        (ObjectKind.COLUMN, "y"),
        (ObjectKind.CONSTRAINT, "PRIMARY"),
        (ObjectKind.INDEX, "k_y"),
    }


def test_like_of_unknown_table_is_noted() -> None:
    schema = schema_from_sql("CREATE TABLE b (LIKE elsewhere);\n")
    assert codes(schema) == ["DBN011"]


# -- 9. Elements and search paths (server), and the unread-DDL guard ---------

SCHEMA_CASES = {
    "create-schema-elements": (
        "CREATE SCHEMA s\n"
        "  CREATE TABLE t (a int PRIMARY KEY, b int UNIQUE)\n"
        "  CREATE VIEW v AS SELECT a FROM t\n"
        "  CREATE INDEX ON t (b)\n"
        "  CREATE SEQUENCE q\n"
        "  GRANT SELECT ON t TO PUBLIC;\n"
    ),
    "search-path": (
        "CREATE SCHEMA hr;\nSET search_path TO hr;\n"
        "CREATE TABLE staff (id serial PRIMARY KEY);\n"
        "ALTER TABLE staff RENAME TO employees;\n"
        "CREATE INDEX ON employees (id);\n"
        'SET search_path = "$user", public;\nCREATE TABLE back_home (id int);\n'
        "SELECT pg_catalog.set_config('search_path', 'hr', false);\n"
        "CREATE TABLE again (id int);\n"
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(SCHEMA_CASES))
def test_schemas_match_server(pg: PgServer, tmp_path: Path, case: str) -> None:
    kinds = same_as_server(
        pg, tmp_path, "dbnl_r2_" + case.replace("-", "_")[:40], {"1.sql": SCHEMA_CASES[case]}
    )
    assert "table" in kinds


def test_search_path_ends_with_its_file(tmp_path: Path) -> None:
    # A migration tool runs each file in a session of its own.
    schema = schema_from_sql("SET search_path TO hr;\nCREATE TABLE staff (id int);\n")
    assert [(o.schema, o.name) for o in schema.objects if o.kind is ObjectKind.TABLE] == [
        ("hr", "staff")
    ]
    later = schema_from_sql("CREATE TABLE staff (id int);\n", path="2.sql")
    assert [o.schema for o in later.objects if o.kind is ObjectKind.TABLE] == [None]


@pytest.mark.parametrize(
    ("sql", "where"),
    [
        ("CREATE TABLE t (a int)\nCREATE TABLE u (b int);\n", (2, 1)),
        ("CREATE INDEX i ON t (a)\nDROP TABLE u;\n", (2, 1)),
        ("ALTER TABLE t ADD COLUMN a int\nCREATE TABLE u (b int);\n", (2, 1)),
        ("CREATE VIEW v AS SELECT 1 AS one\nCREATE TABLE u (b int);\n", (2, 1)),
    ],
)
def test_unread_ddl_is_a_located_diagnostic(sql: str, where: tuple[int, int]) -> None:
    schema = schema_from_sql(sql)
    found = [d for d in schema.diagnostics if d.code == "DBN004"]
    assert [(d.location.line, d.location.column) for d in found] == [where]


@pytest.mark.parametrize(
    "sql",
    [
        "ALTER TABLE t ADD COLUMN a int, DROP COLUMN b, ALTER COLUMN c TYPE int;",
        "ALTER TABLE t DROP CONSTRAINT c, ADD CONSTRAINT d UNIQUE (a);",
        "CREATE TABLE t (a int) TABLESPACE x;",
        "CREATE TABLE t AS SELECT 1 AS one WITH NO DATA;",
    ],
)
def test_guard_is_quiet_on_valid_statements(sql: str) -> None:
    assert "DBN004" not in codes(schema_from_sql(sql))


# -- 4. Dialect detection ------------------------------------------------------

_LONG_COLUMN = "a_column_name_that_is_much_too_long_for_postgresql_identifier_limit"  # 67


@pytest.mark.parametrize(
    "header",
    [
        "",  # what drizzle-kit writes: no header at all
        "--\n-- PostgreSQL database dump\n--\n\nSET statement_timeout = 0;\n"
        "SELECT pg_catalog.set_config('search_path', '', false);\n",
    ],
    ids=["bare", "pg_dump"],
)
def test_identity_columns_are_read_as_postgres(
    header: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql = (
        header + "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (START WITH 1) PRIMARY KEY,\n"
        f"  {_LONG_COLUMN} int GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY 1));\n"
    )
    (tmp_path / "0001_init.sql").write_text(sql)
    monkeypatch.chdir(tmp_path)
    loaded = load_paths(["."], SourceSettings(root=tmp_path))
    assert [f.dialect for f in loaded.files] == ["postgres"]
    objects = {(o.kind, o.name) for o in loaded.schema.objects}
    # PostgreSQL names the key t_pkey and the sequences t_id_seq and
    # t_<column cut to fit 63 bytes>_seq (test_sequences_match_server).
    assert (ObjectKind.CONSTRAINT, "t_pkey") in objects
    assert (ObjectKind.SEQUENCE, "t_id_seq") in objects
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--no-whitelist", "."])
    report = json.loads(result.stdout)
    # The column is the name PostgreSQL keeps (its first 63 bytes); DBN501
    # reports the name as written.
    assert any(
        f["code"] == "DBN501"
        and f["qualified_name"].endswith("." + _LONG_COLUMN[:63])
        and repr(_LONG_COLUMN) in f["message"]
        for f in report["findings"]
    ), report["findings"]


def test_identity_example_names_match_server(pg: PgServer, tmp_path: Path) -> None:
    files = {
        "1.sql": "CREATE TABLE t (\n"
        "  id int GENERATED ALWAYS AS IDENTITY (START WITH 1) PRIMARY KEY);\n"
    }
    assert "constraint" in same_as_server(pg, tmp_path, "dbnl_r2_identity", files)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CREATE TABLE t (id int IDENTITY(1,1) PRIMARY KEY);", "tsql"),
        ("CREATE TABLE t (id int IDENTITY (1, 1));\nGO\n", "tsql"),
        ("-- MySQL dump 10.13  Distrib 8.0.36\nCREATE TABLE t (id int);", "mysql"),
        # mariadb-dump 10.11's header; the server line decides, whichever client
        (
            "-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB\n--\n"
            "-- Server version\t10.11.19-MariaDB-0+deb12u1\nCREATE TABLE t (id int);",
            "mariadb",
        ),
        (
            "-- MySQL dump 10.13\n-- Server version\t10.6.5-MariaDB\nCREATE TABLE t (a int);",
            "mariadb",
        ),
        ("-- MariaDB dump 10.19\n-- Server version\t8.0.36\nCREATE TABLE t (a int);", "mysql"),
        ("-- MariaDB dump 10.19\nCREATE TABLE t (id int);", "mariadb"),
        ("ALTER TABLE public.t OWNER TO app;", "postgres"),
    ],
)
def test_sniffing_signals(text: str, expected: str) -> None:
    from dbnamelint.dialects import sniff_dialect

    assert sniff_dialect(text, "generic") == expected


# -- 15. Trees that hold several dialects ------------------------------------


def _synapse_like(root: Path) -> None:
    """Synapse's layout: shared x.sql beside per-dialect y.sql.postgres / y.sql.sqlite."""
    (root / "delta" / "01").mkdir(parents=True)
    (root / "delta" / "02").mkdir(parents=True)
    (root / "delta" / "01" / "users.sql").write_text('CREATE TABLE "UserAccounts" (id int);\n')
    (root / "delta" / "01" / "extra.sql.postgres").write_text("CREATE TABLE pg_items (id int);\n")
    (root / "delta" / "01" / "extra.sql.sqlite").write_text("CREATE TABLE lite_items (id int);\n")
    (root / "delta" / "02" / "rename.sql").write_text(
        'ALTER TABLE "UserAccounts" RENAME TO "Members";\n'
    )


def test_shared_files_run_on_every_dialect_of_the_tree(tmp_path: Path) -> None:
    _synapse_like(tmp_path)
    loaded = load_paths([str(tmp_path)], SourceSettings(root=tmp_path))
    tables = sorted(
        (o.source.dialect, o.name, o.previous_names)
        for o in loaded.schema.objects
        if o.kind is ObjectKind.TABLE
    )
    assert tables == [
        ("postgres", "Members", ("UserAccounts",)),
        ("postgres", "pg_items", ()),
        ("sqlite", "Members", ("UserAccounts",)),
        ("sqlite", "lite_items", ()),
    ]


def test_finding_in_two_dialects_is_reported_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _synapse_like(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--no-whitelist", "."])
    findings = json.loads(result.stdout)["findings"]
    members = [f for f in findings if f["qualified_name"] == "Members"]
    assert len(members) == 1
    assert "(in postgres, sqlite)" in members[0]["message"]


def test_single_dialect_tree_is_unchanged(tmp_path: Path) -> None:
    (tmp_path / "a.sql").write_text("CREATE TABLE a (id int);\n")
    (tmp_path / "b.sql.sqlite").write_text("CREATE TABLE b (id int);\n")
    loaded = load_paths([str(tmp_path)], SourceSettings(root=tmp_path))
    assert sorted(f.dialect for f in loaded.files) == ["postgres", "sqlite"]


def test_inspect_reads_the_config_paths_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The order of `paths` is the replay order: `later` renames what `first` made.
    (tmp_path / "first").mkdir()
    (tmp_path / "later").mkdir()
    (tmp_path / "ignored").mkdir()
    (tmp_path / "first" / "z.sql").write_text("CREATE TABLE old_items (id int);\n")
    (tmp_path / "later" / "a.sql").write_text("ALTER TABLE old_items RENAME TO items;\n")
    (tmp_path / "ignored" / "x.sql").write_text("CREATE TABLE not_read (id int);\n")
    (tmp_path / ".dbnamelint.yaml").write_text("paths: [first, later]\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["inspect", "--format", "json"])
    assert result.exit_code == 0, result.output
    tables = [o["name"] for o in json.loads(result.stdout)["objects"] if o["kind"] == "table"]
    assert tables == ["items"]


def test_dialect_specific_file_replaces_the_shared_one(tmp_path: Path) -> None:
    # pop/fizz (kratos): x.mysql.up.sql is run on MySQL instead of x.up.sql,
    # which every other dialect of the tree runs.
    (tmp_path / "1_t.up.sql").write_text('CREATE TABLE "shared_items" (id int);\n')
    (tmp_path / "1_t.mysql.up.sql").write_text("CREATE TABLE `mysql_items` (id int);\n")
    (tmp_path / "2_u.sqlite3.up.sql").write_text("CREATE TABLE lite_items (id int);\n")
    loaded = load_paths([str(tmp_path)], SourceSettings(root=tmp_path))
    tables = sorted(
        (o.source.dialect, o.name) for o in loaded.schema.objects if o.kind is ObjectKind.TABLE
    )
    assert tables == [
        ("mysql", "mysql_items"),
        ("sqlite", "lite_items"),
        ("sqlite", "shared_items"),
    ]
    assert not [d for d in loaded.diagnostics if d.code == "DBN004"]


# Synapse fills $%AUTO_INCREMENT_PRIMARY_KEY%$ per engine
# (synapse/storage/engines/postgres.py and sqlite.py).
SYNAPSE_PK = (
    "CREATE TABLE sliding_sync_connections(\n"
    "    connection_key $%AUTO_INCREMENT_PRIMARY_KEY%$,\n"
    "    user_id TEXT NOT NULL\n);\n"
)
SYNAPSE_ENGINE_TEXT = {
    "postgres": "BIGINT PRIMARY KEY GENERATED ALWAYS AS IDENTITY",
    "sqlite": "INTEGER PRIMARY KEY AUTOINCREMENT",
}


def test_synapse_primary_key_placeholder_is_read_as_the_engine_writes_it(pg: PgServer) -> None:
    placeholder = "$%AUTO_INCREMENT_PRIMARY_KEY%$"
    schema = schema_from_sql(SYNAPSE_PK, dialect="postgres")
    with pg.fresh_database("dbnamelint_synapse_pk") as db:
        pg.run(sql=SYNAPSE_PK.replace(placeholder, SYNAPSE_ENGINE_TEXT["postgres"]), dbname=db)
        catalog = read_catalog(pg, db)
    server = {k for k in catalog.objects if not k[3].endswith("_not_null")}
    assert model_keys(schema.objects) == server
    assert {k[0] for k in server} >= {"table", "constraint", "sequence"}
    # Positions do not move: user_id is where it is written.
    column = next(o for o in schema.objects if o.name == "user_id")
    assert (column.location.line, column.location.column) == (3, 5)
    assert any(
        "read as postgres's 'bigserial PRIMARY KEY'" in d.message for d in schema.diagnostics
    )


def test_synapse_primary_key_placeholder_in_sqlite_matches_sqlite_master() -> None:
    import sqlite3

    placeholder = "$%AUTO_INCREMENT_PRIMARY_KEY%$"
    schema = schema_from_sql(SYNAPSE_PK, dialect="sqlite")
    with sqlite3.connect(":memory:") as conn:
        conn.executescript(SYNAPSE_PK.replace(placeholder, SYNAPSE_ENGINE_TEXT["sqlite"]))
        stored = {
            (row[0], row[1])
            for row in conn.execute("SELECT type, name FROM sqlite_master")
            if not row[1].startswith("sqlite_")
        }
        columns = [r[1] for r in conn.execute("PRAGMA table_info(sliding_sync_connections)")]
    assert stored == {("table", "sliding_sync_connections")}  # a rowid alias: no index
    model = {(o.kind.value, o.name) for o in schema.objects if o.kind is not ObjectKind.COLUMN}
    assert model == stored
    assert [o.name for o in schema.objects if o.kind is ObjectKind.COLUMN] == columns


def test_column_lists_keep_the_quoting_that_tells_a_from_quoted_A(
    pg: PgServer, tmp_path: Path
) -> None:
    # PostgreSQL: bare A is column a, "A" another column. Keys on each are two
    # keys, implicit names use the stored spelling, and dropping "A" drops
    # only what lists "A".
    kinds = same_as_server(
        pg,
        tmp_path,
        "dbnamelint_quoted_lists",
        {
            "1.sql": (
                'CREATE TABLE t (a int, "A" int, UNIQUE ("A"), UNIQUE (a), '
                '"Mixed" int, "mixed" int);\n'
                'CREATE INDEX ON t ("A");\nCREATE INDEX ON t (A);\n'
                "CREATE INDEX ON t (Mixed);\n"
                'CREATE TABLE u (Id int PRIMARY KEY, "ID" int UNIQUE);\n'
                "CREATE TABLE v (a int, UNIQUE (a), UNIQUE (A));\n"
            ),
            "2.sql": 'ALTER TABLE t DROP COLUMN "A";\nALTER TABLE u RENAME COLUMN Id TO Ident;\n'
            "CREATE INDEX ON u (IDENT);\n",
        },
    )
    assert {"index", "constraint"} <= kinds


def test_temporal_foreign_key_lists_its_period_column() -> None:
    # PostgreSQL 18 (CREATE TABLE, "FOREIGN KEY ( column_name [, ... ] [, PERIOD
    # column_name ] )"): the PERIOD column is the key's last column, so the
    # implicit name is built from it as from the others (ChooseConstraintName
    # over fk_attrs). A column named period stays a column.
    sql = (
        "CREATE TABLE h (film_id int, valid_at daterange, period int, "
        "PRIMARY KEY (film_id, valid_at WITHOUT OVERLAPS));\n"
        "CREATE TABLE o (film_id int, valid_at daterange, period int,\n"
        "  FOREIGN KEY (film_id, PERIOD valid_at) REFERENCES h (film_id, PERIOD valid_at),\n"
        "  FOREIGN KEY (period) REFERENCES h (period));\n"
        "CREATE INDEX ON o (period DESC);\n"
    )
    schema = schema_from_sql(sql)
    keys = {
        o.name: o.columns
        for o in schema.objects
        if o.kind in (ObjectKind.CONSTRAINT, ObjectKind.INDEX) and o.table == "o"
    }
    assert keys["o_film_id_valid_at_fkey"] == ("film_id", "valid_at")
    assert keys["o_period_fkey"] == ("period",)
    assert keys["o_period_idx"] == ("period",)


def test_a_key_using_a_quoted_index_adopts_it(pg: PgServer, tmp_path: Path) -> None:
    # ALTER TABLE ... ADD CONSTRAINT c PRIMARY KEY USING INDEX i: the index
    # becomes the constraint's (hatchet writes the quoted names Prisma made).
    kinds = same_as_server(
        pg,
        tmp_path,
        "dbnamelint_using_index",
        {
            "1.sql": (
                'CREATE TABLE "Foo" (id int NOT NULL, code text NOT NULL);\n'
                'CREATE UNIQUE INDEX "Foo_pkey" ON "Foo"(id);\n'
                'ALTER TABLE "Foo" ADD CONSTRAINT "Foo_pkey" PRIMARY KEY USING INDEX "Foo_pkey";\n'
                'CREATE UNIQUE INDEX Foo_Code_Idx ON "Foo"(code);\n'
                'ALTER TABLE "Foo" ADD CONSTRAINT foo_code_key UNIQUE USING INDEX FOO_CODE_IDX;\n'
            ),
        },
    )
    assert kinds == {"table", "column", "constraint"}


def test_a_function_in_pg_temp_ends_with_its_session(pg: PgServer, tmp_path: Path) -> None:
    # CREATE FUNCTION pg_temp.f: a temporary function, gone when the file's
    # session ends, as a temporary table is (the catalog has no trace of it).
    sql = (
        "CREATE FUNCTION pg_temp.gen_id() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
        "CREATE TABLE t (id int DEFAULT 1);\n"
        "CREATE FUNCTION keep_me() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;\n"
    )
    (tmp_path / "1.sql").write_text(sql, encoding="utf-8")
    with pg.fresh_database("dbnamelint_pg_temp") as db:
        pg.run(files=[tmp_path / "1.sql"], dbname=db)
        functions = pg.query_json(
            "SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')",
            dbname=db,
        )
    loaded = load_paths([str(tmp_path)], SourceSettings(root=tmp_path, dialect="postgres"))
    model = [o.name for o in loaded.schema.objects if o.kind is ObjectKind.FUNCTION]
    assert model == [r["proname"] for r in functions] == ["keep_me"]


def test_identity_added_to_an_existing_column_makes_its_sequence(
    pg: PgServer, tmp_path: Path
) -> None:
    # ente: DROP SEQUENCE ...; ALTER TABLE ... ALTER COLUMN ... ADD GENERATED
    # ALWAYS AS IDENTITY: PostgreSQL makes <table>_<col>_seq for the column
    # (or the SEQUENCE NAME given), as for an identity column in CREATE TABLE.
    kinds = same_as_server(
        pg,
        tmp_path,
        "dbnamelint_identity_added",
        {
            "1.sql": (
                "CREATE TABLE users (user_id bigint NOT NULL, other_id bigint NOT NULL);\n"
                "ALTER TABLE users ALTER COLUMN user_id ADD GENERATED ALWAYS AS IDENTITY;\n"
                "ALTER TABLE ONLY users ALTER COLUMN other_id ADD GENERATED BY DEFAULT"
                " AS IDENTITY (SEQUENCE NAME users_other_seq START WITH 5);\n"
            ),
        },
    )
    assert "sequence" in kinds
