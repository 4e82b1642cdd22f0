"""pg_dump's sequence, index, key, serial default and sequence owner statements:
the fast path (parsing/dump_statements.py) reads each exactly as the general
reader does.

The right value is the general reader's (itself checked against PostgreSQL's
catalog elsewhere): every statement is read both ways, the fast path switched
off by replacing it with one that declines, and the events and diagnostics
must be equal. The shapes pg_dump writes must take the fast path (else the
comparison proves nothing); statements it must decline are read the general
way (their result may be an error the fast path would have hidden).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dbnamelint.frontends.sql.parsing as parsing
from dbnamelint.frontends.sql.parsing import parse_statements
from dbnamelint.frontends.sql.parsing.dump_statements import dump_statement
from dbnamelint.frontends.sql.parsing.lexer import tokenizers
from dbnamelint.frontends.sql.sources import SourceFile
from dbnamelint.frontends.sql.splitting import split_statements
from dbnamelint.model import ParseResult

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SOURCE = SourceFile("dump.sql", "postgres", None)


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[ParseResult, ParseResult]:
    statements, _ = split_statements(text, SOURCE)
    fast = parse_statements(statements)
    with monkeypatch.context() as m:
        m.setattr(parsing, "dump_statement", lambda statement, tokens: None)
        general = parse_statements(statements)
    return fast, general


def _taken(text: str) -> bool:
    """Whether the fast path reads the file's one statement."""
    (statement,), _ = split_statements(text, SOURCE)
    tokens = tokenizers(None).get("postgres").tokenize(statement.text)
    return dump_statement(statement, tokens) is not None


PG_DUMP = [
    # pg_dump 9.6-18's own shapes (pg_dump.c dumpConstraint): ONLY, schema-qualified,
    # the action on the next line indented four spaces.
    "ALTER TABLE ONLY public.orders\n    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);\n",
    "ALTER TABLE ONLY public.orders\n    ADD CONSTRAINT orders_a_b_key UNIQUE (a, b);\n",
    "ALTER TABLE ONLY public.line_items\n    ADD CONSTRAINT fk_rails_1 FOREIGN KEY (order_id)"
    " REFERENCES public.orders(id) ON DELETE CASCADE;\n",
    "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_fk FOREIGN KEY (a, b)"
    " REFERENCES public.r(x, y) ON UPDATE SET NULL ON DELETE SET DEFAULT MATCH FULL"
    " DEFERRABLE INITIALLY DEFERRED;\n",
    "ALTER TABLE public.t\n    ADD CONSTRAINT t_fk FOREIGN KEY (a)"
    " REFERENCES public.r(x) NOT VALID;\n",
    'ALTER TABLE ONLY "Sales"."Orders"\n    ADD CONSTRAINT "Orders_pkey" PRIMARY KEY ("Id");\n',
    "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_name_key UNIQUE (name, type, key, value);\n",
    "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_u UNIQUE (a) DEFERRABLE;\n",
    "ALTER TABLE t ADD CONSTRAINT T_Pkey PRIMARY KEY (Id)",  # no ';', mixed case folded
    "-- dbnamelint: ignore[DBN201] legacy\n"
    "ALTER TABLE ONLY s.t ADD CONSTRAINT k PRIMARY KEY (id);\n",
    "SET search_path = app;\nALTER TABLE ONLY t ADD CONSTRAINT k UNIQUE (id);\n",
    # dumpAttrDef's serial default, dumpSequence's owner
    "ALTER TABLE ONLY public.orders ALTER COLUMN id"
    " SET DEFAULT nextval('public.orders_id_seq'::regclass);\n",
    "ALTER TABLE t ALTER id SET DEFAULT nextval('t_id_seq');\n",
    'ALTER TABLE ONLY "S"."T" ALTER COLUMN "Id"'
    ' SET DEFAULT nextval(\'"S"."T_Id_seq"\'::regclass);\n',
    "ALTER SEQUENCE public.orders_id_seq OWNED BY public.orders.id;\n",
    'ALTER SEQUENCE "S"."Seq" OWNED BY "S"."T"."Id";\n',
    "ALTER SEQUENCE s OWNED BY t.ID;\n",
    # dumpSequence, dumpIndex
    "CREATE SEQUENCE public.orders_id_seq\n    AS integer\n    START WITH 1\n"
    "    INCREMENT BY 1\n    NO MINVALUE\n    NO MAXVALUE\n    CACHE 1;\n",
    "CREATE SEQUENCE s START WITH -5 INCREMENT BY -1 MINVALUE -10 MAXVALUE 0 CYCLE;\n",
    'CREATE SEQUENCE "S"."Seq";\n',
    "CREATE UNIQUE INDEX index_orders_on_code ON public.orders USING btree (code);\n",
    'CREATE INDEX idx ON ONLY public.t USING gin (a, "B", name, a);\n',
    'CREATE INDEX "Idx" ON t (Mixed);\n',
    "CREATE INDEX s.idx ON s.t (a);\n",
    # names beyond ASCII (sqlglot's tokens mended by unicode_names), U& and $
    "ALTER TABLE ONLY public.tästä ADD CONSTRAINT tästä_pkey PRIMARY KEY (äö);\n",
    "ALTER TABLE ONLY Ünï ADD CONSTRAINT Ünï_fk FOREIGN KEY (ÄB) REFERENCES Öther(ÄB);\n",
    "ALTER SEQUENCE public.t_ñ_seq OWNED BY public.t.ñ;\n",
    'ALTER TABLE ONLY public.t ADD CONSTRAINT k PRIMARY KEY (U&"d\\0061t", id$x);\n',
    # not pg_dump's, but the same tokens: a comment is no token
    "ALTER TABLE ONLY public.t ADD CONSTRAINT k PRIMARY KEY (id) /* c */ DEFERRABLE;",
]

DECLINED = [
    "ALTER TABLE ONLY public.t ADD CONSTRAINT k PRIMARY KEY (id) USING INDEX TABLESPACE x;",
    "ALTER TABLE ONLY public.t ADD CONSTRAINT k UNIQUE NULLS NOT DISTINCT (a);",
    "ALTER TABLE ONLY public.t ADD CONSTRAINT k PRIMARY KEY (id) INCLUDE (a);",
    "ALTER TABLE ONLY public.t ADD CONSTRAINT k CHECK (a > 0);",
    "ALTER TABLE ONLY public.t ADD CONSTRAINT k EXCLUDE USING gist (a WITH &&);",
    "ALTER TABLE ONLY public.t ADD CONSTRAINT k FOREIGN KEY (a) REFERENCES public.r;",
    "ALTER TABLE ONLY public.t ADD CONSTRAINT k FOREIGN KEY (a)"
    " REFERENCES r(x) ON DELETE SET NULL (a);",
    "ALTER TABLE ONLY public.t ADD CONSTRAINT k PRIMARY KEY (id), ADD CONSTRAINT u UNIQUE (a);",
    "ALTER TABLE ONLY db.public.t ADD CONSTRAINT k PRIMARY KEY (id);",
    "ALTER TABLE ONLY public.t ADD CONSTRAINT IF NOT EXISTS k PRIMARY KEY (id);",
    "ALTER TABLE IF EXISTS ONLY public.t ADD CONSTRAINT k PRIMARY KEY (id);",
    "ALTER TABLE ONLY public.t* ADD CONSTRAINT k PRIMARY KEY (id);",
    "ALTER TABLE ONLY public.t ADD CONSTRAINT k PRIMARY KEY (lower(a));",
    "ALTER TABLE ONLY public.t ADD CONSTRAINT k PRIMARY KEY ('a');",
    "ALTER TABLE ONLY public.t ADD CONSTRAINT k PRIMARY KEY (id) CREATE TABLE x (a int);",
    "ALTER TABLE ONLY public.t ADD CONSTRAINT primary PRIMARY KEY (id);",
    "ALTER TABLE ONLY public.t ADD CONSTRAINT k FOREIGN KEY (a) REFERENCES r(x) ON DELETE;",
    "ALTER TABLE ONLY public.t ADD CONSTRAINT k PRIMARY KEY (id",
    "ALTER TABLE ONLY public.t ALTER COLUMN id SET DEFAULT nextval('s'::regclass) + 1;",
    "ALTER TABLE ONLY public.t ALTER COLUMN id SET DEFAULT 0;",
    "ALTER TABLE ONLY public.t ALTER COLUMN id SET NOT NULL;",
    "ALTER TABLE ONLY public.t ALTER COLUMN id TYPE bigint;",
    "ALTER TABLE ONLY public.t ALTER COLUMN id SET DEFAULT nextval('s'::text);",
    "ALTER TABLE ONLY public.t ALTER COLUMN id SET DEFAULT nextval('s'), ADD COLUMN b int;",
    "ALTER SEQUENCE public.s OWNED BY NONE;",
    "ALTER SEQUENCE public.s OWNED BY t;",
    "ALTER SEQUENCE public.s OWNED BY db.public.t.id;",
    "ALTER SEQUENCE IF EXISTS public.s OWNED BY public.t.id;",
    "ALTER SEQUENCE public.s RESTART WITH 5;",
    "ALTER SEQUENCE public.s OWNED BY public.t.id RESTART;",
    "CREATE SEQUENCE public.s OWNED BY public.t.id;",
    "CREATE SEQUENCE IF NOT EXISTS public.s;",
    "CREATE TEMPORARY SEQUENCE s;",
    "CREATE SEQUENCE s START WITH 1 CREATE TABLE t (a int);",
    "CREATE SEQUENCE s AS text;",
    "CREATE INDEX CONCURRENTLY i ON t (a);",
    "CREATE INDEX IF NOT EXISTS i ON t (a);",
    "CREATE INDEX ON t (a);",
    "CREATE INDEX i ON t (a DESC);",
    "CREATE INDEX i ON t (lower(a));",
    "CREATE INDEX i ON t (a) INCLUDE (b);",
    "CREATE INDEX i ON t (a) WHERE b > 0;",
    "CREATE INDEX i ON t USING btree (a) WITH (fillfactor = 70);",
    "CREATE INDEX i ON t (a) TABLESPACE x;",
    'CREATE INDEX i ON t (a COLLATE "C");',
    "CREATE INDEX i ON t (a text_pattern_ops);",
    "CREATE INDEX on ON t (a);",
    "CREATE UNIQUE INDEX i ON t (a) NULLS NOT DISTINCT;",
]


@pytest.mark.parametrize("text", PG_DUMP)
def test_pg_dump_shapes_take_the_fast_path_and_read_the_same(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _taken(text.split(";\n", 1)[-1] if text.startswith("SET") else text)
    fast, general = _both(text, monkeypatch)
    assert fast.events or " SET DEFAULT nextval(" in text  # a default names nothing
    assert fast == general


@pytest.mark.parametrize("text", DECLINED)
def test_other_shapes_are_left_to_the_general_reader(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not _taken(text)
    fast, general = _both(text, monkeypatch)
    assert fast == general


_BARE = st.sampled_from(
    ["id", "a", "b2", "name", "type", "key", "value", "user", "order", "Mixed", "only", "add"]
)
_NAME = st.one_of(_BARE, _BARE.map(lambda n: f'"{n}"'), st.just('"Has Space"'))
_QNAME = st.one_of(_NAME, st.tuples(_NAME, _NAME).map(".".join))
_COLUMNS = st.lists(_NAME, min_size=1, max_size=3).map(lambda c: "(" + ", ".join(c) + ")")
_TAIL = st.sampled_from(
    [
        "",
        " ON DELETE CASCADE",
        " ON UPDATE NO ACTION ON DELETE RESTRICT",
        " MATCH SIMPLE",
        " NOT VALID",
        " DEFERRABLE INITIALLY IMMEDIATE",
        " NOT DEFERRABLE",
        " ON DELETE SET NULL (a)",
        " WITH x",
    ]
)


@st.composite
def _statements(draw: st.DrawFn) -> str:
    only = draw(st.sampled_from(["ONLY ", "", "only "]))
    table, name = draw(_QNAME), draw(_NAME)
    kind = draw(st.sampled_from(["PRIMARY KEY", "UNIQUE", "FOREIGN KEY", "primary  key"]))
    body = f"{kind} {draw(_COLUMNS)}"
    if "FOREIGN" in kind:
        body += f" REFERENCES {draw(_QNAME)}{draw(_COLUMNS)}"
    body += draw(_TAIL)
    space = draw(st.sampled_from([" ", "\n    ", "\t"]))
    return f"ALTER TABLE {only}{table}{space}ADD CONSTRAINT {name} {body};\n"


@st.composite
def _defaults_and_owners(draw: st.DrawFn) -> str:
    table, column, sequence = draw(_QNAME), draw(_NAME), draw(_QNAME)
    if draw(st.booleans()):
        cast = draw(st.sampled_from(["::regclass", "", "::text", "::REGCLASS"]))
        word = draw(st.sampled_from(["COLUMN ", "", "column "]))
        return (
            f"ALTER TABLE {draw(st.sampled_from(['ONLY ', '']))}{table} ALTER {word}{column}"
            f" SET DEFAULT nextval('{sequence}'{cast});\n"
        )
    owner = draw(st.one_of(_QNAME.map(lambda t: f"{t}.{column}"), st.just("NONE"), _NAME))
    return f"ALTER SEQUENCE {sequence} OWNED BY {owner};\n"


@st.composite
def _sequences_and_indexes(draw: st.DrawFn) -> str:
    name, table = draw(_QNAME), draw(_QNAME)
    if draw(st.booleans()):
        option = st.sampled_from(
            [
                *("AS integer", "START WITH 1", "INCREMENT BY -2", "NO MINVALUE", "CACHE 1"),
                *("MAXVALUE 9", "CYCLE", "OWNED BY t.a", "AS text", "OWNED BY NONE"),
            ]
        )
        return f"CREATE SEQUENCE {name} {' '.join(draw(st.lists(option, max_size=4)))};\n"
    unique = draw(st.sampled_from(["UNIQUE ", ""]))
    only = draw(st.sampled_from(["ONLY ", ""]))
    using = draw(st.sampled_from(["", "USING btree ", "USING hash ", "using GIN "]))
    tail = draw(st.sampled_from(["", " INCLUDE (b)", " WHERE a > 0", " DESC"]))
    return f"CREATE {unique}INDEX {name} ON {only}{table} {using}{draw(_COLUMNS)}{tail};\n"


@given(st.one_of(_statements(), _defaults_and_owners(), _sequences_and_indexes()))
def test_generated_statements_read_the_same_either_way(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, general = _both(text, monkeypatch)
    assert fast == general


def _corpus_alters() -> Iterator[Path]:
    for path in sorted(CORPUS.rglob("*.sql")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        upper = text.upper()
        if any(w in upper for w in ("ADD CONSTRAINT", "OWNED BY", "SEQUENCE", "INDEX")):
            yield path


def test_every_corpus_schema_reads_the_same_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every corpus file holding ADD CONSTRAINT, OWNED BY, CREATE SEQUENCE or CREATE
    INDEX, read as PostgreSQL both ways."""
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not here")
    taken = 0
    for path in _corpus_alters():
        text = path.read_text(encoding="utf-8")
        fast, general = _both(text, monkeypatch)
        assert fast == general, path
        statements, _ = split_statements(text, SOURCE)
        lexer = tokenizers(None).get("postgres")
        taken += sum(
            dump_statement(s, lexer.tokenize(s.text)) is not None
            for s in statements
            if s.text[:6].upper() in ("ALTER ", "CREATE")
        )
    assert taken > 100  # the corpus's dumps hold hundreds of such keys
