"""``check --db`` of one copy keeps entries another copy still needs (trial s29).

icingadb keeps its schema for MySQL (``schema/mysql/schema.sql``) and
PostgreSQL (``schema/pgsql/schema.sql``); ``whitelist init`` baselined the
column ``separator``, a reserved word in MySQL only (DBN502). ``check --db``
on the PostgreSQL database called that entry stale ("no longer breaks
DBN502: delete this entry"), and deleting it fails the MySQL copy. An entry
whose object both copies hold and which still excuses a finding on another
copy's object is not judged there (a ``DBN906`` warning counts them); an
entry stale in every copy still is.

Oracles: PostgreSQL runs the PostgreSQL copy, which is the database read;
MariaDB refuses the column unquoted (the reserved word the entry is for).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer, SqlFailed
from pg_server import PgServer

PG = 'CREATE TABLE cmd_args (id int PRIMARY KEY, separator text, "Note" text);\n'
MY = "CREATE TABLE cmd_args (id int PRIMARY KEY, `separator` text, `Note` text);\n"


def _tree(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for folder, text in (("schema/pgsql", PG), ("schema/mysql", MY)):
        (root / folder).mkdir(parents=True)
        (root / folder / "schema.sql").write_text(text, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [schema/mysql, schema/pgsql]\n")
    monkeypatch.chdir(root)
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0


def test_mariadb_refuses_the_word_the_entry_is_for(maria: MysqlServer) -> None:
    with maria.fresh_database("s29_words") as db:
        with pytest.raises(SqlFailed):
            maria.run("CREATE TABLE t (separator text);", database=db)
        maria.run(MY, database=db)


def test_an_entry_the_other_copy_needs_is_not_stale_on_this_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    _tree(tmp_path, monkeypatch)
    entries = (tmp_path / "whitelist.yaml").read_text(encoding="utf-8")
    assert "name: cmd_args.separator" in entries and "rules: [DBN502]" in entries
    with pg.fresh_database("s29_copies") as db:
        pg.run(sql=PG, dbname=db)
        done = CliRunner().invoke(cli, ["check", "--db", pg.database(db)])
        assert "DBN900" not in done.output, done.output
        assert (
            "DBN906 warning: 1 whitelist entry excuses a finding of another database's copy "
            "in the files, not of this postgres one: not called stale here"
        ) in done.output
        assert done.exit_code == 0, done.output
        # the column renamed in both copies and in the database: both entries stale
        for folder, text in (("schema/pgsql", PG), ("schema/mysql", MY)):
            renamed = text.replace("separator", "sep").replace("Note", "note")
            (tmp_path / folder / "schema.sql").write_text(renamed, encoding="utf-8")
        pg.run(sql="ALTER TABLE cmd_args RENAME separator TO sep;", dbname=db)
        pg.run(sql='ALTER TABLE cmd_args RENAME "Note" TO note;', dbname=db)
        done = CliRunner().invoke(cli, ["check", "--db", pg.database(db)])
        assert done.output.count("DBN900") == 2, done.output
        assert done.exit_code == 1
