"""MySQL's own table syntax tells `init` the dialect, and read as PostgreSQL or
SQLite it is a located error, not silence.

``ALTER TABLE t ADD COLUMN c int AFTER b``, ``MODIFY COLUMN``, ``UNSIGNED``,
an index inside ``CREATE TABLE`` (``KEY idx (id)``) gave `init` no clue, so
it wrote no dialect (PostgreSQL), and `check` then read them as PostgreSQL
without a word: the reader passes over a column position, and made a column
``key`` of the inline index. The oracles: MariaDB runs each construct;
PostgreSQL refuses each; sqlite3 refuses each but ``UNSIGNED``/``ZEROFILL``/a
column's ``AUTO_INCREMENT`` (words of a type name there). Real MySQL files
of the shared corpus (temporal's ``schema/mysql/v8``, kratos' ``.mysql.up.sql``)
that show no backtick, ``ENGINE=`` or ``AUTO_INCREMENT`` are sniffed MySQL.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from dbnamelint.cli import cli
from dbnamelint.dialects import sniff_signal
from mysql_server import MysqlServer
from mysql_server import SqlFailed as MysqlFailed
from pg_server import PgServer
from pg_server import SqlFailed as PgFailed

SETUP = "CREATE TABLE base_rows (id int NOT NULL, b int, PRIMARY KEY (id))"
#: Each construct: (its statement, after SETUP, the text the error stands at,
#: whether sqlite3 refuses it too: it takes words of a type name, `int AFTER b`,
#: but not after a constraint, `NOT NULL AUTO_INCREMENT`).
CASES = {
    "after": ("ALTER TABLE base_rows ADD COLUMN c int AFTER b", "AFTER", False),
    "first": ("ALTER TABLE base_rows ADD COLUMN c int FIRST", "FIRST", False),
    "after_null": ("ALTER TABLE base_rows ADD COLUMN c int NULL AFTER b", "AFTER", True),
    "modify": ("ALTER TABLE base_rows MODIFY COLUMN b bigint", "MODIFY", True),
    "change": ("ALTER TABLE base_rows CHANGE b c bigint", "CHANGE", True),
    "add_index": ("ALTER TABLE base_rows ADD INDEX idx_b (b)", "INDEX", True),
    "drop_fk": ("ALTER TABLE base_rows DROP PRIMARY KEY", "DROP", True),
    "unsigned": ("CREATE TABLE u_rows (id int UNSIGNED NOT NULL)", "UNSIGNED", False),
    "auto_increment": (
        "CREATE TABLE a_rows (id int NOT NULL AUTO_INCREMENT PRIMARY KEY)",
        "AUTO_INCREMENT",
        True,
    ),
    "type_auto_increment": (
        "CREATE TABLE i_rows (id int AUTO_INCREMENT PRIMARY KEY)",
        "AUTO_INCREMENT",
        False,
    ),
    "inline_key": ("CREATE TABLE k_rows (\n  id int,\n  KEY idx_k (id)\n)", "KEY", True),
    "unique_key": ("CREATE TABLE q_rows (id int, UNIQUE KEY uq_q (id))", "UNIQUE", True),
    "engine": ("CREATE TABLE e_rows (id int) ENGINE=InnoDB", "ENGINE", True),
    "charset": ("CREATE TABLE c_rows (id int) DEFAULT CHARSET=utf8mb4", "DEFAULT", True),
    "character_set": (
        "CREATE TABLE s_rows (id int)\nDEFAULT\n  CHARACTER SET utf8mb4",
        "DEFAULT",
        True,
    ),
    "collate": ("CREATE TABLE l_rows (id int) DEFAULT COLLATE utf8mb4_bin", "DEFAULT", True),
    "type_comment": ("CREATE TABLE n_rows (id int COMMENT 'the key')", "COMMENT", False),
    "column_comment": ("CREATE TABLE m_rows (id int NOT NULL COMMENT 'the key')", "COMMENT", True),
    "lower_case": (
        "create table w_rows (id int not null auto_increment primary key)",
        "auto_increment",
        True,
    ),
    "on_update": (
        "CREATE TABLE t_rows (at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP "
        "ON UPDATE CURRENT_TIMESTAMP)",
        "ON",
        True,
    ),
}
#: What PostgreSQL and sqlite3 take, read with no such error.
PLAIN = (
    "CREATE TABLE p_rows (id int PRIMARY KEY, key varchar(10), comment text,\n"
    "  parent_id int REFERENCES p_rows (id) ON UPDATE CASCADE);\n"
    "CREATE INDEX p_rows_key ON p_rows (key);\n"
    "ALTER TABLE p_rows ADD COLUMN after_at int;\n"
)


def _sqlite_refuses(sql: str) -> bool:
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(f"{SETUP};\n{sql};")
    except sqlite3.Error:
        return True
    finally:
        conn.close()
    return False


def test_mariadb_runs_each(maria: MysqlServer) -> None:
    with maria.fresh_database("mysql_syntax") as db:
        failed = {}
        for name, (sql, _, _) in CASES.items():
            try:
                maria.run(f"DROP TABLE IF EXISTS base_rows; {SETUP}; {sql};", database=db)
            except MysqlFailed as exc:
                failed[name] = str(exc)
    assert failed == {}


def test_postgres_refuses_each_and_sqlite_all_but_type_words(pg: PgServer) -> None:
    with pg.fresh_database("mysql_syntax") as db:
        taken = {}
        for name, (sql, _, _) in CASES.items():
            try:
                pg.run(sql=f"DROP TABLE IF EXISTS base_rows; {SETUP}; {sql};", dbname=db)
            except PgFailed:
                continue
            taken[name] = sql
        pg.run(sql=PLAIN, dbname=db)
    assert taken == {}
    assert {n: _sqlite_refuses(sql) for n, (sql, _, _) in CASES.items()} == {
        n: refused for n, (_, _, refused) in CASES.items()
    }
    assert not _sqlite_refuses(PLAIN)


def _check(root: Path, *args: str) -> list[tuple[int, int, str]]:
    result = CliRunner().invoke(cli, ["check", *args, "--no-cache", "--format", "json", "db"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    return [
        (d["line"], d["column"], d["message"])
        for d in report["diagnostics"]
        if d["code"] == "DBN004"
    ]


@pytest.mark.parametrize("dialect", ["postgres", "sqlite"])
def test_check_says_where_each_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str
) -> None:
    (tmp_path / "db").mkdir()
    for n, (name, (sql, _, _)) in enumerate(CASES.items()):
        (tmp_path / "db" / f"{n:02}_{name}.sql").write_text(f"{SETUP};\n{sql};\n", "utf-8")
    (tmp_path / "db" / "99_plain.sql").write_text(PLAIN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found = {}
    result = CliRunner().invoke(
        cli, ["check", "--dialect", dialect, "--no-cache", "--format", "json", "db"]
    )
    for d in json.loads(result.stdout)["diagnostics"]:
        if d["code"] == "DBN004":
            found[Path(d["path"]).stem.split("_", 1)[1]] = (d["line"], d["column"], d["message"])
    refused = {n for n, (_, _, both) in CASES.items() if dialect == "postgres" or both}
    assert set(found) == refused
    for name in refused:
        sql, word, _ = CASES[name]
        line, column, message = found[name]
        lines = sql.split("\n")
        row = next(i for i, text in enumerate(lines) if f" {word}" in f" {text}")
        assert (line, column) == (row + 2, f" {lines[row]}".index(f" {word}") + 1), name
        assert f"which {dialect} refuses (this file is read as {dialect})" in message


def test_without_a_dialect_the_error_says_it_was_assumed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PostgreSQL's constructs outnumber MySQL's AFTER: read as PostgreSQL, assumed.
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "1_a.sql").write_text(
        "CREATE EXTENSION citext;\nCREATE TYPE mood AS ENUM ('ok');\n"
        f"{SETUP};\n{CASES['after'][0]};\n",
        "utf-8",
    )
    monkeypatch.chdir(tmp_path)
    found = _check(tmp_path)
    assert [(line, column) for line, column, _ in found] == [(4, 40)]
    assert "read as postgres by assumption: nothing names its dialect" in found[0][2]


def test_a_file_read_in_its_folders_dialect_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two PostgreSQL files and one with MySQL's AFTER: the folder's majority reads it.
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "1_a.sql").write_text("CREATE EXTENSION citext;\n", "utf-8")
    (tmp_path / "db" / "2_b.sql").write_text(f"{SETUP};\nALTER TABLE base_rows OWNER TO x;\n")
    (tmp_path / "db" / "3_c.sql").write_text(CASES["after"][0] + ";\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    found = _check(tmp_path)
    assert [(line, column) for line, column, _ in found] == [(1, 40)]
    assert "which postgres refuses (this file is read as postgres)" in found[0][2]


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
MYSQL_FILES = [
    "temporal/schema/mysql/v8/temporal/versioned/v1.8/alter_columns.sql",
    "temporal/schema/mysql/v8/temporal/versioned/v1.5/cluster_membership.sql",
    "kratos/persistence/sql/migrations/sql/20230313141439000000_session_token_length.mysql.up.sql",
]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is absent")
@pytest.mark.parametrize("rel", MYSQL_FILES)
def test_init_reads_mysql_from_real_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rel: str
) -> None:
    text = (CORPUS / rel).read_text(encoding="utf-8")
    assert sniff_signal(text) == "mysql"
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001_change.sql").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    if shutil.which("git"):
        import subprocess

        subprocess.run(["git", "init", "-q"], check=True)
    result = CliRunner().invoke(cli, ["init", "."])
    assert result.exit_code == 0, result.output
    assert "Dialect: mysql" in result.output
    assert "dialect: mysql" in (tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8")


#: The words whose test is more than a substring (``KEY`` but a primary or
#: foreign key's, ``ON UPDATE CURRENT_TIMESTAMP`` but not ``CASCADE``,
#: ``DEFAULT CHARACTER SET``, ``DROP PRIMARY KEY``) and filler; each plain
#: word of ``_NEEDED`` is its own substring.
_PIECES = (
    "KEY", "PRIMARY KEY", "foreign key", "primary  key", "DEFAULT", "character", "collate", "ON",
    "update", "CURRENT_TIMESTAMP", "now", "DROP", "cascade", "x_key", "(", ")", ",", "=",
    "varying", "primary", "FOREIGN", "\n", "\t", "AFTER",
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=6), st.lists(st.sampled_from([" ", "  ", "\n"])))
def test_the_cheap_look_out_misses_nothing_the_pattern_finds(
    words: list[str], gaps: list[str]
) -> None:
    """``_maybe`` (substrings of the upper-cased text) is a superset of the
    pattern it spares: a statement it passes over holds nothing MySQL's."""
    from dbnamelint.frontends.sql.parsing import foreign_syntax

    text = "".join(w + (gaps[i] if i < len(gaps) else " ") for i, w in enumerate(words))
    if foreign_syntax._MAYBE.search(text) is not None:
        assert foreign_syntax._maybe(text.upper()), text
