"""Tests for the statement splitter.

Each case names the dialect, the input and the exact statements expected as
``(text, "line:column")``; comments as ``"text@line:column"`` per statement;
diagnostics as ``"line:column"`` plus a piece of the message. Every case
also checks the offset invariant, so a wrong offset fails loudly even when
the texts happen to look right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from dbnamelint.frontends.sql.splitting import UNTERMINATED_CODE, dialect_family, split_statements
from dbnamelint.model import Severity, SourceFile, Statement
from dbnamelint.positions import LineIndex

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

#: MySQL executable-comment markers, the only characters allowed to differ
#: between a statement's text and the file (they are blanked to spaces).
_EXEC_MARKERS = re.compile(r"/\*M?!\d*|\*/")


@dataclass(frozen=True)
class Case:
    dialect: str
    sql: str
    statements: tuple[tuple[str, str], ...]
    comments: tuple[tuple[str, ...], ...] | None = None  # per statement, when checked
    diagnostics: tuple[tuple[str, str], ...] = ()  # ("line:col", message part)


def split(sql: str, dialect: str) -> tuple[tuple[Statement, ...], tuple[str, ...]]:
    statements, diagnostics = split_statements(sql, SourceFile("t.sql", dialect, None))
    assert all(d.code == UNTERMINATED_CODE for d in diagnostics)
    # the rest of the file is not read: an error, never a passing run
    assert all(d.severity is Severity.ERROR for d in diagnostics)
    assert all(d.location.path == "t.sql" for d in diagnostics)
    return statements, tuple(
        f"{d.location.line}:{d.location.column} {d.message}" for d in diagnostics
    )


def assert_invariant(text: str, statements: tuple[Statement, ...]) -> None:
    """``text[offset:offset+len]`` is the statement (up to blanked /*! markers)."""
    index = LineIndex(text)
    blankable = set()
    for m in _EXEC_MARKERS.finditer(text):
        blankable.update(range(m.start(), m.end()))
    previous_end = -1
    for st in statements:
        assert st.text, "empty statement emitted"
        assert st.text == st.text.strip(), f"untrimmed statement {st.text!r}"
        assert st.offset > previous_end, "statements overlap or are out of order"
        previous_end = st.offset + len(st.text)
        source = text[st.offset : st.offset + len(st.text)]
        if source != st.text:
            assert len(source) == len(st.text)
            for i, (a, b) in enumerate(zip(source, st.text, strict=True)):
                if a != b:
                    assert b == " " and st.offset + i in blankable, (st.offset + i, st.text)
        assert (st.location.line, st.location.column) == index.line_col(st.offset)
        for c in st.comments:
            assert c.location.path == st.source.path


def check(case: Case) -> None:
    statements, diagnostics = split(case.sql, case.dialect)
    got = tuple((st.text, f"{st.location.line}:{st.location.column}") for st in statements)
    assert got == case.statements
    if case.comments is not None:
        got_comments = tuple(
            tuple(f"{c.text}@{c.location.line}:{c.location.column}" for c in st.comments)
            for st in statements
        )
        assert got_comments == case.comments
    assert len(diagnostics) == len(case.diagnostics), diagnostics
    for got_diag, (where, message) in zip(diagnostics, case.diagnostics, strict=True):
        assert got_diag.startswith(where + " "), got_diag
        assert message in got_diag, got_diag
    assert_invariant(case.sql, statements)


QUOTES = [
    pytest.param(
        Case(
            "postgres",
            "SELECT 'it''s; here';\nSELECT 2;",
            (("SELECT 'it''s; here'", "1:1"), ("SELECT 2", "2:1")),
        ),
        id="pg-single-quote-doubling",
    ),
    pytest.param(
        Case(
            "postgres",
            "SELECT E'a\\';b', e'\\\\';SELECT 2;",
            (("SELECT E'a\\';b', e'\\\\'", "1:1"), ("SELECT 2", "1:24")),
        ),
        id="pg-e-string-backslash-escapes",
    ),
    pytest.param(
        # standard_conforming_strings: a backslash does not escape in '...'
        Case(
            "postgres", "SELECT 'x\\'; SELECT 2;", (("SELECT 'x\\'", "1:1"), ("SELECT 2", "1:14"))
        ),
        id="pg-plain-string-backslash-is-literal",
    ),
    pytest.param(
        Case(
            "postgres",
            "SELECT U&'d\\0061t;a', N'n;';SELECT 2;",
            (("SELECT U&'d\\0061t;a', N'n;'", "1:1"), ("SELECT 2", "1:29")),
        ),
        id="pg-unicode-and-national-strings",
    ),
    pytest.param(
        Case(
            "postgres",
            'CREATE TABLE "a;""b" (x int);\nSELECT 1;',
            (('CREATE TABLE "a;""b" (x int)', "1:1"), ("SELECT 1", "2:1")),
        ),
        id="pg-double-quoted-identifier",
    ),
    pytest.param(
        Case(
            "mysql",
            "INSERT INTO t VALUES ('a\\';b', \"c\\\";d\", 'e'';f');\nSELECT 1;",
            (("INSERT INTO t VALUES ('a\\';b', \"c\\\";d\", 'e'';f')", "1:1"), ("SELECT 1", "2:1")),
        ),
        id="mysql-backslash-and-doubled-quotes",
    ),
    pytest.param(
        Case(
            "mysql",
            "CREATE TABLE `a;``b` (`#x;` int);\nSELECT '#;';",
            (("CREATE TABLE `a;``b` (`#x;` int)", "1:1"), ("SELECT '#;'", "2:1")),
        ),
        id="mysql-backticks-and-hash-inside-quotes",
    ),
    pytest.param(
        Case(
            "tsql",
            "CREATE TABLE [a;]]b] ([c;] int);\nINSERT INTO t VALUES (N'x;y');",
            (("CREATE TABLE [a;]]b] ([c;] int)", "1:1"), ("INSERT INTO t VALUES (N'x;y')", "2:1")),
        ),
        id="tsql-brackets-and-n-strings",
    ),
    pytest.param(
        Case(
            "sqlite",
            'CREATE TABLE [a;b] (`c;` int, "d;" int);\nSELECT 1;',
            (('CREATE TABLE [a;b] (`c;` int, "d;" int)', "1:1"), ("SELECT 1", "2:1")),
        ),
        id="sqlite-brackets-backticks-double-quotes",
    ),
    pytest.param(
        # In PostgreSQL [ is an array subscript, not a quote.
        Case(
            "postgres",
            "SELECT a[1] FROM t; SELECT ']';",
            (("SELECT a[1] FROM t", "1:1"), ("SELECT ']'", "1:21")),
        ),
        id="pg-brackets-are-not-quotes",
    ),
]

COMMENTS = [
    pytest.param(
        Case(
            "postgres",
            "SELECT 1 -- a;b\n, 2;",
            (("SELECT 1 -- a;b\n, 2", "1:1"),),
            (("a;b@1:10",),),
        ),
        id="line-comment-hides-semicolon",
    ),
    pytest.param(
        Case(
            "postgres",
            "/* a /* b; */ c; */ SELECT 1;",
            (("SELECT 1", "1:21"),),
            (("a /* b; */ c;@1:1",),),
        ),
        id="pg-nested-block-comment",
    ),
    pytest.param(
        Case(
            "tsql",
            "/* a /* b; */ c; */ SELECT 1;",
            (("SELECT 1", "1:21"),),
            (("a /* b; */ c;@1:1",),),
        ),
        id="tsql-nested-block-comment",
    ),
    pytest.param(
        # MySQL does not nest: the first */ closes, "c; */ SELECT 1" is SQL.
        Case(
            "mysql",
            "/* a /* b */ c; SELECT 1;",
            (("c", "1:14"), ("SELECT 1", "1:17")),
            (("a /* b@1:1",), ()),
        ),
        id="mysql-block-comments-do-not-nest",
    ),
    pytest.param(
        Case(
            "mysql",
            "SELECT 1; # one;\n#two\nSELECT 2;",
            (("SELECT 1", "1:1"), ("SELECT 2", "3:1")),
            (("one;@1:11",), ("two@2:1",)),
        ),
        id="mysql-hash-comment",
    ),
    pytest.param(
        Case("postgres", "SELECT 1 # 2;\n", (("SELECT 1 # 2", "1:1"),), ((),)),
        id="pg-hash-is-an-operator",
    ),
    pytest.param(
        # MySQL needs whitespace after --; "1--1" is 1 - (-1).
        Case(
            "mysql",
            "SELECT 1--1;\nSELECT 2; -- x\n",
            (("SELECT 1--1", "1:1"), ("SELECT 2", "2:1")),
            ((), ("x@2:11",)),
        ),
        id="mysql-double-dash-needs-space",
    ),
    pytest.param(
        Case(
            "postgres",
            "SELECT 1; -- tail\n-- lead\nSELECT 2 /* in */;\n-- orphan at end\n",
            (("SELECT 1", "1:1"), ("SELECT 2 /* in */", "3:1")),
            (("tail@1:11",), ("lead@2:1", "in@3:10")),
        ),
        id="comment-ownership",
    ),
    pytest.param(
        Case(
            "postgres",
            "CREATE TABLE t (\n  a int -- the a\n);  /* same line */ /* still */\nSELECT 1;",
            (("CREATE TABLE t (\n  a int -- the a\n)", "1:1"), ("SELECT 1", "4:1")),
            (("the a@2:9", "same line@3:5", "still@3:21"), ()),
        ),
        id="comments-on-terminator-line-belong-to-previous",
    ),
    pytest.param(
        Case(
            "postgres",
            ";;\n-- only a comment\n;\nSELECT 1;;",
            (("SELECT 1", "4:1"),),
            (("only a comment@2:1",),),
        ),
        id="empty-statements",
    ),
    pytest.param(
        Case(
            "mysql",
            "/*!40101 SET @x = 1 */;\nflush /*!50503 binary */ logs;",
            (("SET @x = 1", "1:10"), ("flush          binary    logs", "2:1")),
        ),
        id="mysql-executable-comments-are-sql",
    ),
    pytest.param(
        Case(
            "postgres",
            "/*!40101 SET @x = 1 */ SELECT 1;",
            (("SELECT 1", "1:24"),),
            (("!40101 SET @x = 1@1:1",),),
        ),
        id="pg-executable-comment-is-a-comment",
    ),
    pytest.param(
        Case(
            "mysql",
            "/*M!999999\\- enable the sandbox mode */\nSELECT 1;",
            (("SELECT 1", "2:1"),),
            (("M!999999\\- enable the sandbox mode@1:1",),),
        ),
        id="mariadb-sandbox-marker-is-a-comment",
    ),
]

DOLLARS_AND_CLIENT_COMMANDS = [
    pytest.param(
        Case(
            "postgres",
            "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\nSELECT 2;",
            (
                ("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql", "1:1"),
                ("SELECT 2", "2:1"),
            ),
        ),
        id="pg-dollar-quote",
    ),
    pytest.param(
        Case(
            "postgres",
            "DO $body$ BEGIN PERFORM $$;$$; END; $body$;\nSELECT 2;",
            (("DO $body$ BEGIN PERFORM $$;$$; END; $body$", "1:1"), ("SELECT 2", "2:1")),
        ),
        id="pg-tagged-dollar-quote-containing-dollars",
    ),
    pytest.param(
        Case(
            "postgres",
            "PREPARE p AS SELECT $1, a$b$ FROM t; SELECT 2;",
            (("PREPARE p AS SELECT $1, a$b$ FROM t", "1:1"), ("SELECT 2", "1:38")),
        ),
        id="pg-parameters-and-dollar-in-identifiers",
    ),
    pytest.param(
        Case("duckdb", "SELECT $$ ; $$;", (("SELECT $$ ; $$", "1:1"),)),
        id="unknown-dialect-uses-postgres-rules",
    ),
    pytest.param(
        Case(
            "postgres",
            "\\connect db\nCREATE TABLE a (x int);\n  \\set ON_ERROR_STOP on\n"
            "\\restrict abc\nSELECT 1;\n\\unrestrict abc\n",
            (("CREATE TABLE a (x int)", "2:1"), ("SELECT 1", "5:1")),
        ),
        id="psql-meta-commands",
    ),
    pytest.param(
        Case(
            "postgres",
            "COPY public.t (a, b) FROM stdin;\n1\t;x\n2\t'y\n\\.\nSELECT 1;",
            (("COPY public.t (a, b) FROM stdin", "1:1"), ("SELECT 1", "5:1")),
        ),
        id="copy-from-stdin-data-skipped",
    ),
    pytest.param(
        Case(
            "postgres",
            "copy t from STDIN with (format csv);\na;'b\n\\.\nCOPY t TO stdout;\nSELECT 1;",
            (
                ("copy t from STDIN with (format csv)", "1:1"),
                ("COPY t TO stdout", "4:1"),
                ("SELECT 1", "5:1"),
            ),
        ),
        id="copy-case-insensitive-and-copy-to-not-skipped",
    ),
    pytest.param(
        Case(
            "mysql",
            "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;\nSELECT 2;",
            (("CREATE PROCEDURE p() BEGIN SELECT 1; END", "2:1"), ("SELECT 2", "4:1")),
        ),
        id="mysql-delimiter-dollars",
    ),
    pytest.param(
        Case(
            "mysql",
            "delimiter //\ndrop function if exists f //\ncreate function f() returns int\n"
            "begin return 1; end//\ndelimiter ;\nSELECT 2;",
            (
                ("drop function if exists f", "2:1"),
                ("create function f() returns int\nbegin return 1; end", "3:1"),
                ("SELECT 2", "6:1"),
            ),
        ),
        id="mysql-delimiter-slashes-lowercase",
    ),
    pytest.param(
        Case(
            "mysql",
            "DELIMITER ;;\n/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 "
            "TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET a = 1; END */;;\nDELIMITER ;\n",
            (
                (
                    "CREATE"
                    + " " * len("*/ /*!50017 ")
                    + "DEFINER=`root`@`localhost`"
                    + " " * len("*/ /*!50003 ")
                    + "TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET a = 1; END",
                    "2:10",
                ),
            ),
        ),
        id="mysqldump-trigger-in-executable-comments",
    ),
]

BODIES = [
    pytest.param(
        Case(
            "sqlite",
            "CREATE TRIGGER t AFTER INSERT ON a\n BEGIN\n  UPDATE a SET b = CASE WHEN 1 "
            "THEN 2 END WHERE rowid = new.rowid;\n END\n;\nBEGIN TRANSACTION;\nSELECT 1;",
            (
                (
                    "CREATE TRIGGER t AFTER INSERT ON a\n BEGIN\n  UPDATE a SET b = CASE WHEN 1 "
                    "THEN 2 END WHERE rowid = new.rowid;\n END",
                    "1:1",
                ),
                ("BEGIN TRANSACTION", "6:1"),
                ("SELECT 1", "7:1"),
            ),
        ),
        id="sqlite-trigger-with-case",
    ),
    pytest.param(
        Case(
            "mysql",
            "CREATE DEFINER=`root`@`%` TRIGGER t AFTER UPDATE ON a FOR EACH ROW BEGIN\n"
            "  IF new.x THEN SET @y = 1; END IF;\n  CASE new.z WHEN 1 THEN SET @q = 2; END CASE;\n"
            "  WHILE 0 DO SET @w = 3; END WHILE;\nEND;\nSELECT 1;",
            (
                (
                    "CREATE DEFINER=`root`@`%` TRIGGER t AFTER UPDATE ON a FOR EACH ROW BEGIN\n"
                    "  IF new.x THEN SET @y = 1; END IF;\n  CASE new.z WHEN 1 THEN SET @q = 2; "
                    "END CASE;\n  WHILE 0 DO SET @w = 3; END WHILE;\nEND",
                    "1:1",
                ),
                ("SELECT 1", "6:1"),
            ),
        ),
        id="mysql-trigger-without-delimiter",
    ),
    pytest.param(
        Case(
            "postgres",
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n"
            "  SELECT CASE WHEN true THEN 2 END;\nEND;\nBEGIN;\nCREATE TABLE a (x int);\nCOMMIT;",
            (
                (
                    "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n"
                    "  SELECT CASE WHEN true THEN 2 END;\nEND",
                    "1:1",
                ),
                ("BEGIN", "6:1"),
                ("CREATE TABLE a (x int)", "7:1"),
                ("COMMIT", "8:1"),
            ),
        ),
        id="pg-begin-atomic-vs-transaction-begin",
    ),
    pytest.param(
        Case(
            "postgres",
            "SELECT CASE WHEN a THEN 1 END; BEGIN; END;",
            (("SELECT CASE WHEN a THEN 1 END", "1:1"), ("BEGIN", "1:32"), ("END", "1:39")),
        ),
        id="pg-no-block-tracking-in-ordinary-statements",
    ),
    pytest.param(
        Case(
            "tsql",
            "CREATE PROCEDURE p AS\nBEGIN\n  SET NOCOUNT ON;\n  SELECT 1;\nEND\nGO\nSELECT 2",
            (
                ("CREATE PROCEDURE p AS\nBEGIN\n  SET NOCOUNT ON;\n  SELECT 1;\nEND", "1:1"),
                ("SELECT 2", "7:1"),
            ),
        ),
        id="tsql-procedure-runs-to-go",
    ),
    pytest.param(
        Case(
            "tsql",
            "CREATE OR ALTER VIEW v AS\nSELECT 1 AS a;\nDROP TABLE t\n",
            (("CREATE OR ALTER VIEW v AS\nSELECT 1 AS a;\nDROP TABLE t", "1:1"),),
        ),
        id="tsql-view-runs-to-end-of-batch",
    ),
]

TSQL = [
    pytest.param(
        Case(
            "tsql",
            "GO\nSELECT 1\ngo 5\n  GO  \nSELECT 2\nGO -- done\nSELECT 3\nGOTO x",
            (("SELECT 1", "2:1"), ("SELECT 2", "5:1"), ("SELECT 3\nGOTO x", "7:1")),
            ((), ("done@6:4",), ()),
        ),
        id="go-lines",
    ),
    pytest.param(
        Case(
            "tsql",
            "CREATE TABLE a (x int)\nALTER TABLE a ADD y int\nCREATE NONCLUSTERED INDEX ix ON a"
            " (x)\nINSERT INTO a VALUES (1)\nEXEC sp_x 'a'\nSET ANSI_NULLS ON\nUSE db\n"
            "PRINT 'x'\nDECLARE @v int\nGRANT SELECT ON a TO r\nDELETE FROM a\nUPDATE a SET x = 1",
            (
                ("CREATE TABLE a (x int)", "1:1"),
                ("ALTER TABLE a ADD y int", "2:1"),
                ("CREATE NONCLUSTERED INDEX ix ON a (x)", "3:1"),
                ("INSERT INTO a VALUES (1)", "4:1"),
                ("EXEC sp_x 'a'", "5:1"),
                ("SET ANSI_NULLS ON", "6:1"),
                ("USE db", "7:1"),
                ("PRINT 'x'", "8:1"),
                ("DECLARE @v int", "9:1"),
                ("GRANT SELECT ON a TO r", "10:1"),
                ("DELETE FROM a", "11:1"),
                ("UPDATE a SET x = 1", "12:1"),
            ),
        ),
        id="keyword-at-line-start-splits",
    ),
    pytest.param(
        Case(
            "tsql",
            "CREATE TABLE a (\n  id int,\nprint varchar(10),\nuse int\n)\n"
            "ALTER TABLE a\n  ALTER COLUMN id bigint\nALTER TABLE a\nDROP CONSTRAINT c\n"
            "UPDATE a\nSET id = 1;\nWITH c AS (SELECT 1 AS x)\nDELETE FROM a\n"
            "INSERT INTO a\nEXEC sp_rows\n"
            "WITH d AS (SELECT 2 AS y)\nSELECT * FROM d\nDROP TABLE a\n"
            "ALTER TABLE a\nWITH CHECK ADD CONSTRAINT fk FOREIGN KEY (x) REFERENCES b (x)\n"
            "CREATE INDEX ix ON a (x)\nWITH (FILLFACTOR = 80)",
            (
                ("CREATE TABLE a (\n  id int,\nprint varchar(10),\nuse int\n)", "1:1"),
                ("ALTER TABLE a\n  ALTER COLUMN id bigint", "6:1"),
                ("ALTER TABLE a\nDROP CONSTRAINT c", "8:1"),
                ("UPDATE a\nSET id = 1", "10:1"),
                ("WITH c AS (SELECT 1 AS x)\nDELETE FROM a", "12:1"),
                ("INSERT INTO a\nEXEC sp_rows", "14:1"),
                ("WITH d AS (SELECT 2 AS y)\nSELECT * FROM d", "16:1"),
                ("DROP TABLE a", "18:1"),
                (
                    "ALTER TABLE a\nWITH CHECK ADD CONSTRAINT fk FOREIGN KEY (x) REFERENCES b (x)",
                    "19:1",
                ),
                ("CREATE INDEX ix ON a (x)\nWITH (FILLFACTOR = 80)", "21:1"),
            ),
        ),
        id="keyword-that-continues-the-statement",
    ),
    pytest.param(
        Case(
            "tsql",
            "CREATE TABLE a (x int) -- about a\n-- about b\nCREATE TABLE b (y int)\n"
            "-- before go\nGO\nIF OBJECT_ID('c') IS NULL\n  CREATE TABLE c (z int)\n",
            (
                ("CREATE TABLE a (x int)", "1:1"),
                ("CREATE TABLE b (y int)", "3:1"),
                ("IF OBJECT_ID('c') IS NULL", "6:1"),
                ("CREATE TABLE c (z int)", "7:3"),
            ),
            (("about a@1:24",), ("about b@2:1",), ("before go@4:1",), ()),
        ),
        id="comments-around-implicit-ends",
    ),
    pytest.param(
        Case(
            "tsql",
            "CREATE TRIGGER [t] ON [a]\n   INSTEAD OF DELETE\nAS BEGIN\n    SET NOCOUNT ON;\n"
            "    DELETE FROM [a] WHERE [id] IN (SELECT [id] FROM DELETED);\nEND\nGO\n",
            (
                (
                    "CREATE TRIGGER [t] ON [a]\n   INSTEAD OF DELETE\n"
                    "AS BEGIN\n    SET NOCOUNT ON;\n"
                    "    DELETE FROM [a] WHERE [id] IN (SELECT [id] FROM DELETED);\nEND",
                    "1:1",
                ),
            ),
        ),
        id="trigger-body-not-split-at-keywords",
    ),
    pytest.param(
        # Other dialects never split on line breaks.
        Case(
            "postgres",
            "CREATE TABLE a (x int)\nALTER TABLE a ADD y int;",
            (("CREATE TABLE a (x int)\nALTER TABLE a ADD y int", "1:1"),),
        ),
        id="postgres-needs-semicolons",
    ),
]

UNTERMINATED = [
    pytest.param(
        Case(
            "postgres",
            "SELECT 1;\nSELECT 'abc;\n",
            (("SELECT 1", "1:1"), ("SELECT 'abc;", "2:1")),
            diagnostics=(("2:8", "unterminated string literal opened here"),),
        ),
        id="pg-quote",
    ),
    pytest.param(
        Case(
            "postgres",
            "SELECT E'a\\';",
            (("SELECT E'a\\';", "1:1"),),
            diagnostics=(("1:8", "unterminated string literal"),),
        ),
        id="pg-e-string",
    ),
    pytest.param(
        Case(
            "postgres",
            'SELECT "abc;',
            (('SELECT "abc;', "1:1"),),
            diagnostics=(("1:8", 'expected a closing "'),),
        ),
        id="pg-identifier",
    ),
    pytest.param(
        Case(
            "postgres",
            "CREATE FUNCTION f() AS $body$ SELECT 1; $$;\n",
            (("CREATE FUNCTION f() AS $body$ SELECT 1; $$;", "1:1"),),
            diagnostics=(("1:24", "unterminated '$body$' dollar-quoted string opened here"),),
        ),
        id="pg-dollar",
    ),
    pytest.param(
        Case(
            "postgres",
            "SELECT 1; /* a /* b */ SELECT 2;",
            (("SELECT 1", "1:1"),),
            diagnostics=(("1:11", "unterminated /* comment opened here; expected */"),),
        ),
        id="pg-nested-comment-between-statements",
    ),
    pytest.param(
        Case(
            "postgres",
            "COPY t FROM stdin;\n1\n2\n",
            (("COPY t FROM stdin", "1:1"),),
            diagnostics=(("2:1", "unterminated COPY data"),),
        ),
        id="pg-copy-data",
    ),
    pytest.param(
        Case(
            "mysql",
            "SELECT `abc;",
            (("SELECT `abc;", "1:1"),),
            diagnostics=(("1:8", "expected a closing `"),),
        ),
        id="mysql-backtick",
    ),
    pytest.param(
        Case(
            "mysql",
            "/*!40101 SET @x = 1;",
            (("SET @x = 1", "1:10"),),
            diagnostics=(("1:1", "unterminated /*! executable comment"),),
        ),
        id="mysql-executable-comment",
    ),
    pytest.param(
        Case(
            "tsql",
            "SELECT [abc\nGO\n",
            (("SELECT [abc\nGO", "1:1"),),
            diagnostics=(("1:8", "expected a closing ]"),),
        ),
        id="tsql-bracket",
    ),
    pytest.param(
        Case(
            "sqlite",
            "CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1;",
            (("CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1;", "1:1"),),
            diagnostics=(("1:1", "inside BEGIN ... END"),),
        ),
        id="sqlite-trigger-without-end",
    ),
]

CRLF_AND_EMPTY = [
    pytest.param(Case("postgres", "", ()), id="empty-file"),
    pytest.param(Case("postgres", "  \n-- only a comment\n\n", ()), id="only-comments"),
    pytest.param(
        Case(
            "postgres",
            "CREATE TABLE a (x int);\r\n-- c\r\nSELECT 1\r\n;\r\n",
            (("CREATE TABLE a (x int)", "1:1"), ("SELECT 1", "3:1")),
            ((), ("c@2:1",)),
        ),
        id="crlf-postgres",
    ),
    pytest.param(
        Case(
            "postgres",
            "COPY t FROM stdin;\r\n1\t2\r\n\\.\r\n\\connect x\r\nSELECT 1;\r\n",
            (("COPY t FROM stdin", "1:1"), ("SELECT 1", "5:1")),
        ),
        id="crlf-copy-and-meta-command",
    ),
    pytest.param(
        Case(
            "tsql",
            "SELECT 1\r\nGO\r\nCREATE TABLE a (x int)\r\nALTER TABLE a ADD y int\r\n",
            (
                ("SELECT 1", "1:1"),
                ("CREATE TABLE a (x int)", "3:1"),
                ("ALTER TABLE a ADD y int", "4:1"),
            ),
        ),
        id="crlf-tsql",
    ),
    pytest.param(
        Case(
            "mysql",
            "DELIMITER ;;\r\nSELECT 1;;\r\nDELIMITER ;\r\nSELECT 2;\r\n",
            (("SELECT 1", "2:1"), ("SELECT 2", "4:1")),
        ),
        id="crlf-mysql-delimiter",
    ),
]


@pytest.mark.parametrize("case", QUOTES)
def test_quotes(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", COMMENTS)
def test_comments(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", DOLLARS_AND_CLIENT_COMMANDS)
def test_dollars_and_client_commands(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", BODIES)
def test_bodies(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", TSQL)
def test_tsql_batches(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", UNTERMINATED)
def test_unterminated(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", CRLF_AND_EMPTY)
def test_crlf_and_empty(case: Case) -> None:
    check(case)


@pytest.mark.parametrize(
    ("dialect", "family"),
    [
        ("postgres", "postgres"),
        ("cockroach", "postgres"),
        ("MySQL", "mysql"),
        ("mariadb", "mysql"),
        ("sqlite", "sqlite"),
        ("tsql", "tsql"),
        ("snowflake", "postgres"),
    ],
    ids=str,
)
def test_dialect_family(dialect: str, family: str) -> None:
    assert dialect_family(dialect) == family


def test_given_line_index_is_used_consistently() -> None:
    text = "SELECT 1;\n\nSELECT 2;"
    source = SourceFile("t.sql", "postgres", None)
    with_index = split_statements(text, source, LineIndex(text))
    assert with_index == split_statements(text, source)
    assert [s.location.line for s in with_index[0]] == [1, 3]


def test_statements_carry_their_source() -> None:
    source = SourceFile("db/a.sql", "sqlite", "ws")
    statements, _ = split_statements("SELECT 1; -- x\n", source)
    assert statements[0].source is source
    assert statements[0].comments[0].location.path == "db/a.sql"


# --- corpus -------------------------------------------------------------------


def _corpus_dialect(path: Path) -> str:
    text = str(path).lower()
    if "mysql" in text:
        return "mysql"
    if "sqlite" in text:
        return "sqlite"
    if "sqlserver" in text or "sql-server" in text:
        return "tsql"
    return "postgres"


def _corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    files = sorted(CORPUS.rglob("*.sql"))
    if not files:
        pytest.skip("corpus has no .sql files")
    return files


@pytest.mark.corpus
def test_corpus_splits_with_exact_offsets() -> None:
    failures: list[str] = []
    total = 0
    for path in _corpus_files():
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        source = SourceFile(str(path), _corpus_dialect(path), None)
        try:
            statements, diagnostics = split_statements(text, source)
            assert_invariant(text, statements)
        except Exception as exc:  # collect every failing file
            failures.append(f"{path}: {exc!r}")
            continue
        total += len(statements)
        # The corpus is valid SQL: a warning here means the splitter misread it.
        failures.extend(f"{d.location}: {d.message}" for d in diagnostics)
        if "create table" in text.lower() and not statements:
            failures.append(f"{path}: no statements")
    assert not failures, "\n".join(failures[:20])
    assert total > 1000


@pytest.mark.corpus
def test_corpus_tsql_statements_start_with_a_statement_keyword() -> None:
    """A T-SQL split in the middle of a statement shows up as an odd first word."""
    starters = {
        "CREATE",
        "ALTER",
        "DROP",
        "INSERT",
        "UPDATE",
        "DELETE",
        "EXEC",
        "EXECUTE",
        "SET",
        "USE",
        "PRINT",
        "DECLARE",
        "IF",
        "GRANT",
        "BEGIN",
        "END",
        "ELSE",
        "SELECT",
        "WITH",
    }
    files = [p for p in _corpus_files() if _corpus_dialect(p) == "tsql"]
    if not files:
        pytest.skip("no T-SQL files in the corpus")
    odd = []
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        statements, _ = split_statements(text, SourceFile(str(path), "tsql", None))
        odd.extend(
            f"{st.location}: {st.text[:60]!r}"
            for st in statements
            if st.text.split(None, 1)[0].upper() not in starters
        )
        triggers = [st for st in statements if st.text.upper().startswith("CREATE TRIGGER")]
        assert all(st.text.rstrip().upper().endswith("END") for st in triggers), path
    assert not odd, "\n".join(odd)
