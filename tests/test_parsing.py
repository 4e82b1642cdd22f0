"""Parser fixtures: SQL in, naming events out, with exact line:column.

Each case renders the events of a snippet as compact strings, e.g.
``create table users @1:14`` or ``rename column t.a -> b @1:22``, so a
failure shows at a glance which name was lost or mislocated.
"""

from __future__ import annotations

import pytest

from dbnamelint.frontends.sql.parsing import parse_statements
from dbnamelint.frontends.sql.splitting import split_statements
from dbnamelint.model import Event, EventOp, ObjectKind, Severity, SourceFile
from dbnamelint.positions import LineIndex


def render(e: Event) -> str:
    name = e.name if e.name is not None else "(unnamed)"
    partition = e.op in (EventOp.ATTACH, EventOp.DETACH)
    if e.table is not None and not partition:
        name = f"{e.table.name}.{name}"
    elif e.schema:
        name = f"{e.schema}.{name}"
    text = f"{e.op.value} {e.kind.value} {name}"
    if partition and e.table is not None:
        text += f" {'to' if e.op is EventOp.ATTACH else 'from'} {e.table}"
    if e.partition_of is not None:
        text += f" partition of {e.partition_of}"
    if e.new_name:
        text += f" -> {e.new_name}"
    if e.new_schema:
        text += f" -> schema {e.new_schema}"
    if e.constraint_type is not None:
        text += f" {e.constraint_type.value}"
        if e.ref_table is not None:
            text += f" ref {e.ref_table.name}"
    return f"{text} @{e.location.line}:{e.location.column}"


def events_of(sql: str, dialect: str = "postgres") -> tuple[list[str], list[str]]:
    source = SourceFile("t.sql", dialect, None)
    statements, split_diags = split_statements(sql, source)
    result = parse_statements(statements)
    diags = [
        f"{d.code} {d.location.line}:{d.location.column} {d.message}"
        for d in (*split_diags, *result.diagnostics)
    ]
    return [render(e) for e in result.events], diags


CASES = [
    (
        "pg-create-table-inline-constraints",
        "postgres",
        'CREATE TABLE public."Foo" (\n'
        "  id int PRIMARY KEY,\n"
        "  name text CONSTRAINT nn NOT NULL,\n"
        "  ref int REFERENCES bar(id),\n"
        "  UNIQUE (name),\n"
        "  CONSTRAINT ck CHECK (id > 0)\n"
        ");",
        [
            "create table public.Foo @1:21",
            "create column Foo.id @2:3",
            "create constraint Foo.(unnamed) primary_key @2:10",
            "create column Foo.name @3:3",
            "create constraint Foo.nn not_null @3:24",
            "create column Foo.ref @4:3",
            "create constraint Foo.(unnamed) foreign_key ref bar @4:11",
            "create constraint Foo.(unnamed) unique @5:3",
            "create constraint Foo.ck check @6:14",
        ],
    ),
    (
        "pg-index-on-only-and-unnamed",
        "postgres",
        "CREATE INDEX idx_a ON ONLY public.t USING btree (a);\n"
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix2 ON t (lower(b));\n"
        "CREATE INDEX ON t (c);",
        [
            "create index t.idx_a @1:14",
            "create index t.ix2 @2:48",
            "create index t.(unnamed) @3:14",
        ],
    ),
    (
        "pg-rename-column-without-keyword",
        "postgres",
        "ALTER TABLE t RENAME col TO new_col;",
        ["rename column t.col -> new_col @1:22"],
    ),
    (
        "pg-alter-table-renames",
        "postgres",
        "ALTER TABLE ONLY t RENAME COLUMN a TO b;\n"
        "ALTER TABLE t RENAME TO u;\n"
        "ALTER TABLE IF EXISTS u RENAME CONSTRAINT c1 TO c2;\n"
        "ALTER TABLE u SET SCHEMA archive;",
        [
            "rename column t.a -> b @1:34",
            "rename table t -> u @2:13",
            "rename constraint u.c1 -> c2 @3:43",
            "rename table u -> schema archive @4:13",
        ],
    ),
    (
        "pg-alter-other-renames",
        "postgres",
        "ALTER INDEX i RENAME TO j;\n"
        "ALTER SEQUENCE s RENAME TO s2;\n"
        "ALTER VIEW v RENAME TO v2;\n"
        "ALTER MATERIALIZED VIEW mv RENAME TO mv2;\n"
        "ALTER TYPE mood RENAME TO feeling;\n"
        "ALTER TRIGGER trg ON t RENAME TO trg2;\n"
        "ALTER POLICY p ON t RENAME TO p2;",
        [
            "rename index i -> j @1:13",
            "rename sequence s -> s2 @2:16",
            "rename view v -> v2 @3:12",
            "rename materialized_view mv -> mv2 @4:25",
            "rename type mood -> feeling @5:12",
            "rename trigger t.trg -> trg2 @6:15",
            "rename policy t.p -> p2 @7:14",
        ],
    ),
    (
        "pg-add-drop",
        "postgres",
        "ALTER TABLE t ADD COLUMN IF NOT EXISTS c int, "
        "ADD CONSTRAINT t_fk FOREIGN KEY (c) REFERENCES z(id);\n"
        "ALTER TABLE t DROP COLUMN c, DROP CONSTRAINT IF EXISTS t_fk;",
        [
            "create column t.c @1:40",
            "create constraint t.t_fk foreign_key ref z @1:62",
            "drop column t.c @2:27",
            "drop constraint t.t_fk @2:56",
        ],
    ),
    (
        "pg-drop-several",
        "postgres",
        "DROP TABLE IF EXISTS a, b CASCADE;\nDROP INDEX i1, i2;\nDROP VIEW IF EXISTS v;",
        [
            "drop table a @1:22",
            "drop table b @1:25",
            "drop index i1 @2:12",
            "drop index i2 @2:16",
            "drop view v @3:21",
        ],
    ),
    (
        "pg-views-and-compat",
        "postgres",
        "CREATE VIEW messages AS SELECT * FROM comms_messages;\n"
        "CREATE MATERIALIZED VIEW mv AS SELECT a FROM x WITH NO DATA;",
        [
            "create view messages @1:13",
            "create materialized_view mv @2:26",
            "create column mv.a @2:39",  # its output column (SELECT * is not expanded)
        ],
    ),
    (
        "pg-types-domains-sequences-schemas",
        "postgres",
        "CREATE SCHEMA IF NOT EXISTS app;\n"
        "CREATE TYPE app.mood AS ENUM ('a', 'b');\n"
        "CREATE DOMAIN email AS text CHECK (VALUE ~ '@');\n"
        "CREATE SEQUENCE public.s START 1;",
        [
            "create schema app @1:29",
            "create type app.mood @2:17",
            "create domain email @3:15",
            "create constraint email.(unnamed) check @3:29",  # the domain's
            "create sequence public.s @4:24",
        ],
    ),
    (
        "pg-triggers-policies-functions",
        "postgres",
        "CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql;\n"
        "CREATE TRIGGER trg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();\n"
        'CREATE POLICY "Allow read" ON t FOR SELECT USING (true);',
        [
            "create function f @1:17",
            "create trigger t.trg @2:16",
            "create policy t.Allow read @3:15",
        ],
    ),
    (
        "pg-do-block-ddl",
        "postgres",
        "DO $$ BEGIN\n  CREATE TYPE status AS ENUM ('a');\nEXCEPTION WHEN duplicate_object "
        "THEN null;\nEND $$;",
        ["create type status @2:15"],
    ),
    (
        "pg-partition-and-exclude",
        "postgres",
        "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (1) TO (2);\n"
        "CREATE TABLE r (a int CONSTRAINT a_nn NOT NULL, b int, EXCLUDE USING gist (b WITH =));",
        [
            "create table p1 partition of p @1:14",
            "create table r @2:14",
            "create column r.a @2:17",
            "create constraint r.a_nn not_null @2:34",
            "create column r.b @2:49",
            "create constraint r.(unnamed) exclusion @2:56",
        ],
    ),
    (
        "pg-harmless-pass-silently",
        "postgres",
        "SET search_path = public;\nGRANT ALL ON t TO x;\nALTER TABLE t OWNER TO me;\n"
        "ALTER TABLE t ENABLE ROW LEVEL SECURITY;\nCREATE EXTENSION IF NOT EXISTS pgcrypto;\n"
        "COMMENT ON TABLE t IS 'x';\n"
        "SELECT pg_catalog.set_config('search_path', '', false);",
        # No name changes; the two a view refuses are USE events (DBN022), and
        # GRANT's table is one too (a name renamed away: DBN028).
        ["use table t @2:14", "use table t @4:13", "use table t @6:18"],
    ),
    (
        "pg-table-use",
        "postgres",
        'TRUNCATE TABLE ONLY a, s."B" * RESTART IDENTITY;\nCOPY s.c (x, y) FROM stdin;\n\\.\n'
        "COPY (SELECT * FROM d) TO STDOUT;\nCOPY e TO STDOUT;\nCOMMENT ON COLUMN f.x IS 'x';\n"
        "REINDEX (VERBOSE) TABLE CONCURRENTLY g;\nCLUSTER VERBOSE h USING h_pkey;\n"
        "ALTER TABLE i ALTER COLUMN x SET NOT NULL, ALTER x SET DEFAULT 1;\n"
        # Not a relation: the pre-8.3 CLUSTER index ON table, and no name at all.
        'CLUSTER j_idx ON j;\nCLUSTER VERBOSE;\nCOMMENT ON TABLE "K""k" IS \'x\';',
        [
            "use table a @1:21",
            "use table s.B @1:26",
            "use table s.c @2:8",
            "use table e @5:6",
            "use table g @7:38",
            "use table h @8:17",
            "use table i @9:13",
            'use table K"k @12:18',
        ],
    ),
    (
        "mysql-alter-table-use",
        "mysql",
        "ALTER TABLE a RENAME TO b;\nRENAME TABLE b TO a;\nTRUNCATE a;\nTRUNCATE TABLE `d`.`c``x`;",
        [
            "use table a @1:13",
            "rename table a -> b @1:13",
            "rename table b -> a @2:14",
            "use table a @3:10",
            "use table d.c`x @4:20",
        ],
    ),
    (
        "pg-index-partition",
        "postgres",
        "ALTER INDEX p_idx ATTACH PARTITION s.p1_idx;",
        ["attach index s.p1_idx partition of p_idx @1:38"],
    ),
    (
        "pg-partitions",
        "postgres",
        "CREATE TABLE IF NOT EXISTS s.p1 PARTITION OF public.p FOR VALUES IN (1);\n"
        "CREATE TABLE p_default PARTITION OF p (CONSTRAINT c CHECK (a > 0)) DEFAULT;\n"
        "ALTER TABLE ONLY public.p ATTACH PARTITION public.p2 FOR VALUES FROM (2) TO (3);\n"
        "ALTER TABLE p DETACH PARTITION p2 CONCURRENTLY;\n"
        "CREATE TABLE p (a int) PARTITION BY RANGE (a);",
        [
            "create table s.p1 partition of public.p @1:30",
            "create table p_default partition of p @2:14",
            "create constraint p_default.c check @2:51",
            "attach table public.p2 to public.p @3:51",
            "detach table p2 from p @4:32",
            "create table p @5:14",
            "create column p.a @5:17",
        ],
    ),
    (
        "mysql-create-with-keys",
        "mysql",
        "CREATE TABLE `film` (\n"
        "  `film_id` int NOT NULL,\n"
        "  PRIMARY KEY (`film_id`),\n"
        "  KEY `idx_title` (`title`),\n"
        "  UNIQUE KEY `uq_x` (`x`),\n"
        "  CONSTRAINT `fk_lang` FOREIGN KEY (`lang_id`) REFERENCES `language` (`id`)\n"
        ") ENGINE=InnoDB;",
        [
            "create table film @1:14",
            "create column film.film_id @2:3",
            "create constraint film.(unnamed) primary_key @3:3",
            "create index film.idx_title @4:7",
            "create constraint film.uq_x unique @5:14",
            "create constraint film.fk_lang foreign_key ref language @6:14",
        ],
    ),
    (
        "mysql-rename-table-list-and-change",
        "mysql",
        "RENAME TABLE a TO b, c TO d;\nALTER TABLE t CHANGE old_c new_c int, RENAME INDEX x TO y;",
        [
            "rename table a -> b @1:14",
            "rename table c -> d @1:22",
            "rename column t.old_c -> new_c @2:22",
            "rename index t.x -> y @2:52",
        ],
    ),
    (
        "sqlite-without-rowid-and-rename",
        "sqlite",
        'CREATE TABLE "kv" (k text PRIMARY KEY, v text) WITHOUT ROWID;\n'
        "ALTER TABLE kv RENAME v TO value;\nALTER TABLE kv RENAME TO store;",
        [
            "create table kv @1:14",
            "create column kv.k @1:20",
            "create constraint kv.(unnamed) primary_key @1:27",
            "create column kv.v @1:40",
            "rename column kv.v -> value @2:23",
            "rename table kv -> store @3:13",
        ],
    ),
    (
        "tsql-brackets-and-sp-rename",
        "tsql",
        "CREATE TABLE [dbo].[Album] (\n  [AlbumId] INT NOT NULL,\n"
        "  CONSTRAINT [PK_Album] PRIMARY KEY CLUSTERED ([AlbumId])\n);\nGO\n"
        "EXEC sp_rename 'dbo.Album', 'albums';\nGO\n"
        "IF OBJECT_ID('x') IS NULL CREATE TABLE x (a int);\nGO",
        [
            "create table dbo.Album @1:20",
            "create column Album.AlbumId @2:3",
            "create constraint Album.PK_Album primary_key @3:14",
            "rename table dbo.Album -> albums @6:16",
            "create table x @8:40",
            "create column x.a @8:43",
        ],
    ),
]


CASES += [
    (
        "oracle-package-and-sqlplus-run-line",
        "oracle",
        "CREATE OR REPLACE PACKAGE emp_pkg AS PROCEDURE hire; END emp_pkg;\n/\n"
        "CREATE INDEX emp_email_ix ON hr.employees (email) TABLESPACE idx;",
        ["create index employees.emp_email_ix @3:14"],
    ),
    (
        "snowflake-table-modifiers-and-warehouse-objects",
        "snowflake",
        "CREATE OR REPLACE TRANSIENT TABLE raw.events (id NUMBER);\n"
        "CREATE STAGE my_stage URL='s3://x';\nCREATE OR REPLACE FILE FORMAT f TYPE = CSV;\n"
        "CREATE EXTERNAL TABLE ext_t (a int) LOCATION = @my_stage;",
        [
            "create table raw.events @1:39",
            "create column events.id @1:47",
            "create table ext_t @4:23",
            "create column ext_t.a @4:30",
        ],
    ),
    (
        "bigquery-quoted-paths",
        "bigquery",
        "CREATE TABLE `proj.dataset.Orders` (order_id INT64);\n"
        "ALTER TABLE dataset.Orders RENAME TO orders;",
        [
            "create table dataset.Orders @1:14",
            "create column Orders.order_id @1:37",
            "rename table dataset.Orders -> orders @2:21",
        ],
    ),
]

CASES += [
    (
        "tsql-named-default-and-nonclustered-index",
        "tsql",
        "ALTER TABLE actor ADD CONSTRAINT [DF_actor_last_update] DEFAULT (getdate()) FOR "
        "last_update\nGO\nCREATE UNIQUE NONCLUSTERED INDEX [IX_a] ON [dbo].[actor] ([name])\nGO",
        [
            "create constraint actor.DF_actor_last_update default @1:34",
            "create index actor.IX_a @3:34",
        ],
    ),
    (
        "cockroach-constraint-if-not-exists-and-inverted-index",
        "postgres",
        'ALTER TABLE t ADD CONSTRAINT IF NOT EXISTS "t_fk" FOREIGN KEY (a) REFERENCES u (id);\n'
        "CREATE INVERTED INDEX t_cfg_idx ON t (config);",
        [
            "create constraint t.t_fk foreign_key ref u @1:44",
            "create index t.t_cfg_idx @2:23",
        ],
    ),
]


@pytest.mark.parametrize(
    ("dialect", "sql", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_events(dialect: str, sql: str, expected: list[str]) -> None:
    events, diags = events_of(sql, dialect)
    assert diags == []
    assert events == expected


STATEMENT_CASES = [
    (
        "table-then-alters",
        "postgres",
        "CREATE TABLE t (a int, UNIQUE (a));\n"
        "ALTER TABLE t ADD UNIQUE (a), ADD b int;\n"
        "ALTER TABLE t ADD UNIQUE (a), ADD b int;",
        [
            ("create table t", "1:1 CREATE TABLE t"),
            ("create column t.a", "1:1 CREATE TABLE t"),
            ("create constraint t.(unnamed) unique", "1:1 CREATE TABLE t"),
            ("create constraint t.(unnamed) unique", "2:1 ALTER TABLE t"),
            ("create column t.b", "2:1 ALTER TABLE t"),
            ("create constraint t.(unnamed) unique", "3:1 ALTER TABLE t"),
            ("create column t.b", "3:1 ALTER TABLE t"),
        ],
    ),
    (
        "set-schema-and-rename",
        "postgres",
        "ALTER TABLE t SET SCHEMA s; ALTER TABLE s.t RENAME TO u;",
        [("rename table t", "1:1 ALTER TABLE t"), ("rename table s.t", "1:29 ALTER TABLE s.t")],
    ),
    (
        "do-block-statements-are-their-own",
        "postgres",
        "DO $$ BEGIN\n  CREATE TABLE x (a int);\n  ALTER TABLE x ADD UNIQUE (a);\nEND $$;",
        [
            ("create table x", "2:3 CREATE TABLE x"),
            ("create column x.a", "2:3 CREATE TABLE x"),
            ("create constraint x.(unnamed) unique", "3:3 ALTER TABLE x"),
        ],
    ),
    (
        "mysql-rename-list-is-one-statement",
        "mysql",
        "RENAME TABLE a TO b, c TO d;",
        [("rename table a", "1:1 RENAME TABLE a"), ("rename table c", "1:1 RENAME TABLE a")],
    ),
]


@pytest.mark.parametrize(
    ("dialect", "sql", "expected"),
    [c[1:] for c in STATEMENT_CASES],
    ids=[c[0] for c in STATEMENT_CASES],
)
def test_events_know_their_statement(
    dialect: str, sql: str, expected: list[tuple[str, str]]
) -> None:
    """``Event.statement`` is the offset of the statement's text in the file."""
    source = SourceFile("t.sql", dialect, None)
    statements, _ = split_statements(sql, source)
    lines = LineIndex(sql)

    def statement_of(e: Event) -> str:
        line, column = lines.line_col(e.statement)
        return f"{line}:{column} " + " ".join(sql[e.statement :].split()[:3])

    events = parse_statements(statements).events
    assert [(render(e).split(" @")[0].split(" -> ")[0], statement_of(e)) for e in events] == (
        expected
    )


BAD = [
    ("unclosed-table", "postgres", "CREATE TABLE t (a int", "DBN004", "CREATE TABLE"),
    ("unknown-create", "postgres", "CREATE WIDGET w;", "DBN004", "CREATE"),
    ("garbage-statement", "postgres", "FROB the knob;", "DBN005", "FROB"),
    ("index-without-table", "postgres", "CREATE INDEX i ON ;", "DBN004", "a table name"),
]


@pytest.mark.parametrize(
    ("dialect", "sql", "code", "mentions"), [c[1:] for c in BAD], ids=[c[0] for c in BAD]
)
def test_unreadable_ddl_is_a_located_diagnostic(
    dialect: str, sql: str, code: str, mentions: str
) -> None:
    _, diags = events_of(sql, dialect)
    assert len(diags) == 1
    assert diags[0].startswith(f"{code} 1:")
    assert mentions.lower() in diags[0].lower()


@pytest.mark.parametrize(
    ("sql", "meant"),
    [
        ('CREAT TABLE "BadName" (id int);', "CREATE"),
        ("ALTR TABLE t ADD COLUMN c int;", "ALTER"),
        ("DORP TABLE t;", "DROP"),
        ("FROB the knob;", None),  # nothing like DDL: a warning, as before
        ("FILTER x;", None),  # 0.73 to ALTER: below the cut
        ("PROMPT creating tables", None),  # SQL*Plus
    ],
)
def test_a_misspelt_ddl_word_fails_the_run(sql: str, meant: str | None) -> None:
    """The database rejects ``CREAT TABLE``, and the name in it was never
    checked: an error saying what was meant, not a warning the run passes."""
    statements, _ = split_statements(sql, SourceFile("t.sql", "postgres", None))
    (diag,) = parse_statements(statements).diagnostics
    assert diag.code == "DBN005"
    if meant is None:
        assert diag.severity is Severity.WARNING and "did you mean" not in diag.message
    else:
        assert diag.severity is Severity.ERROR
        assert diag.message.endswith(f"did you mean {meant}? nothing in it was read")


def test_an_execute_of_built_text_in_a_do_block_is_noted() -> None:
    """EXECUTE 'literal' is read (the PostgreSQL oracle case do-execute-literal);
    text built at run time cannot be, and DBN013 says so at the EXECUTE: a
    warning, as that text holds CREATE (tests/test_dynamic_ddl.py)."""
    sql = (
        "DO $$ BEGIN EXECUTE format('CREATE TABLE %I (id int)', v_x); "
        "EXECUTE 'CREATE TABLE t' || 2 || ' (id int)'; END $$;"
    )
    statements, _ = split_statements(sql, SourceFile("t.sql", "postgres", None))
    parsed = parse_statements(statements)
    assert parsed.events == ()
    assert [(d.code, d.severity, d.location.column) for d in parsed.diagnostics] == [
        ("DBN013", Severity.WARNING, 13),
        ("DBN013", Severity.WARNING, 62),
    ]


def test_unreadable_table_keeps_the_names_it_could_read() -> None:
    events, diags = events_of("CREATE TABLE kept (a int, b int CHECK (", "postgres")
    assert events[0] == "create table kept @1:14"
    assert diags


def test_reading_restores_the_garbage_collector_state() -> None:
    """The pipeline pauses the collector for speed; it must give it back as it was."""
    import gc

    from dbnamelint.runner.pipeline import schema_from_sql

    assert gc.isenabled()
    schema_from_sql("CREATE TABLE t (a int);")
    assert gc.isenabled()
    gc.disable()
    try:
        schema_from_sql("CREATE TABLE t (a int);")
        assert not gc.isenabled()
    finally:
        gc.enable()


VIEW_BODIES = [
    ("plain-alias", "SELECT * FROM comms_messages", True, ["comms_messages"]),
    ("alias-with-check-option", "SELECT * FROM public.x WITH CHECK OPTION", True, ["x"]),
    ("filtered", "SELECT * FROM x WHERE a = 1", False, ["x"]),
    ("projection", "SELECT a FROM x", False, ["x"]),
    ("join", "SELECT * FROM x JOIN y ON x.id = y.id", False, ["x", "y"]),
    ("subquery", "SELECT * FROM (SELECT a FROM z) s", False, ["z"]),
]


@pytest.mark.parametrize(
    ("body", "star", "sources"), [c[1:] for c in VIEW_BODIES], ids=[c[0] for c in VIEW_BODIES]
)
def test_view_sources_and_select_star(body: str, star: bool, sources: list[str]) -> None:
    statements, _ = split_statements(
        f"CREATE VIEW v AS {body};", SourceFile("t.sql", "postgres", None)
    )
    event, *columns = parse_statements(statements).events  # then its output columns
    assert {c.kind for c in columns} <= {ObjectKind.COLUMN}
    assert event.view_is_select_star is star
    assert [q.name for q in event.selects_from] == sources


COLUMN_TYPES = [
    ("sqlite-integer", "sqlite", "id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", "INTEGER"),
    ("sqlite-lower-case", "sqlite", "id integer primary key", "integer"),
    ("sqlite-quoted-type", "sqlite", 'id "INTEGER" PRIMARY KEY', "INTEGER"),
    ("sqlite-no-type", "sqlite", "id PRIMARY KEY", None),
    ("sqlite-no-type-no-constraint", "sqlite", "id", None),
    ("sqlite-width-kept", "sqlite", "id INTEGER(10) PRIMARY KEY", "INTEGER(10)"),
    ("sqlite-words", "sqlite", "n UNSIGNED  BIG\n INT UNIQUE", "UNSIGNED BIG INT"),
    ("sqlite-named-constraint", "sqlite", "b INTEGER CONSTRAINT x UNIQUE", "INTEGER"),
    (
        "pg-varying",
        "postgres",
        "a character varying(20) NOT NULL DEFAULT 'x'",
        "character varying(20)",
    ),
    ("pg-char", "postgres", "a character(3)", "character(3)"),
    ("pg-time-zone", "postgres", "b timestamp(3) with time zone", "timestamp(3) with time zone"),
    ("pg-array", "postgres", "c int[] REFERENCES x", "int[]"),
    (
        "pg-two-word-token",
        "postgres",
        "d double  precision GENERATED ALWAYS AS IDENTITY",
        "double precision",
    ),
    ("pg-schema-type", "postgres", 'e public.mood COLLATE "C"', "public.mood"),
    ("pg-numeric", "postgres", "f numeric( 10, 2 ) CHECK (f > 0)", "numeric( 10, 2 )"),
    ("mysql-charset", "mysql", "a varchar(10) CHARACTER SET utf8 COLLATE x", "varchar(10)"),
    (
        "mysql-unsigned",
        "mysql",
        "b int(11) unsigned zerofill AUTO_INCREMENT",
        "int(11) unsigned zerofill",
    ),
    ("mysql-enum", "mysql", "c enum('a','b') NULL COMMENT 'x'", "enum('a','b')"),
    ("mysql-on-update", "mysql", "d datetime ON UPDATE CURRENT_TIMESTAMP", "datetime"),
    ("tsql-brackets", "tsql", "[a] [int] IDENTITY(1,1) NOT NULL", "int"),
    ("tsql-max", "tsql", "b nvarchar(max) NULL", "nvarchar(max)"),
    ("tsql-computed", "tsql", "c AS (a + 1)", None),
]


@pytest.mark.parametrize(
    ("dialect", "column", "expected"),
    [c[1:] for c in COLUMN_TYPES],
    ids=[c[0] for c in COLUMN_TYPES],
)
def test_column_events_carry_the_declared_type(
    dialect: str, column: str, expected: str | None
) -> None:
    statements, _ = split_statements(
        f"CREATE TABLE t ({column}, z int)", SourceFile("t.sql", dialect, None)
    )
    result = parse_statements(statements)
    assert result.diagnostics == ()
    types = [e.data_type for e in result.events if e.kind is ObjectKind.COLUMN]
    assert types == [expected, "int"]


def test_added_column_carries_its_type() -> None:
    statements, _ = split_statements(
        "ALTER TABLE t ADD COLUMN z bigint NOT NULL", SourceFile("t.sql", "postgres", None)
    )
    (event,) = parse_statements(statements).events
    assert (event.name, event.data_type) == ("z", "bigint")


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        pytest.param("CREATE TABLE t (k TEXT PRIMARY KEY) WITHOUT ROWID", True, id="without-rowid"),
        pytest.param(
            "CREATE TABLE t (k TEXT PRIMARY KEY) STRICT, without rowid", True, id="after-strict"
        ),
        pytest.param(
            "CREATE TABLE t (k TEXT PRIMARY KEY) WITHOUT ROWID, STRICT", True, id="before-strict"
        ),
        pytest.param("CREATE TABLE t (k TEXT PRIMARY KEY) STRICT", False, id="strict-only"),
        pytest.param("CREATE TABLE t (k TEXT PRIMARY KEY)", False, id="rowid-table"),
        pytest.param('CREATE TABLE t ("WITHOUT ROWID" TEXT)', False, id="only-a-column-name"),
    ],
)
def test_without_rowid_is_read(sql: str, expected: bool) -> None:
    statements, _ = split_statements(sql, SourceFile("t.sql", "sqlite", None))
    result = parse_statements(statements)
    assert result.diagnostics == ()
    tables = [e for e in result.events if e.kind is ObjectKind.TABLE]
    assert [t.without_rowid for t in tables] == [expected]
