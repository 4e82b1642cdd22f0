"""``migrate --cleanup`` refuses only for places that really read a view it drops.

A compatibility view stands in for a table's old name. ``r."eventKey"`` is
column ``eventKey`` of whatever ``r`` reads, not the view ``"EventKey"``:
the letters match without case, but PostgreSQL compares quoted names
exactly and a qualifier other than a schema makes a column. The trial's
case (hatchet): the cleanup refused, citing ``r."eventKey"`` as a use of
``EventKey``, where ``impact`` had it right (a column). The oracle is
PostgreSQL: after the cleanup ran, what it refused for fails and what it
let pass runs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.model import Location, SourceFile, Statement
from dbnamelint.services.migrate.bodies import find_mentions
from git_helpers import commit_all, init_repo, write_files
from pg_server import PgServer, SqlFailed

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

INIT = """\
CREATE TABLE "EventKey" (id bigint PRIMARY KEY, key text);
CREATE TABLE event_refs (id bigint PRIMARY KEY, "eventKey" text, "EventKey" text);
"""
#: Two bodies: one reads columns through an alias (case-differing and exact
#: spellings of the view's name), one reads the view by its schema.
BODIES = """\
CREATE FUNCTION ref_keys() RETURNS bigint LANGUAGE sql AS $$
  SELECT count(r."EventKey") + count(r."eventKey") FROM event_refs r
$$;
CREATE FUNCTION key_count() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(*) FROM public."EventKey");
END $$;
"""
CODE = 'SELECT r."eventKey", r.id FROM event_refs r WHERE r."eventKey" IS NOT NULL;\n'


def test_cleanup_reads_columns_as_columns(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(
        tmp_path,
        {
            "db/001_init.sql": INIT,
            "db/002_bodies.sql": BODIES,
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        },
    )
    init_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> tuple[str, str]:
        result = runner.invoke(cli, list(args))
        assert result.exit_code == code, result.output
        return result.stdout, result.stderr

    run("whitelist", "init")
    # the columns wait for a later phase: this cleanup drops only "EventKey"
    listing = (tmp_path / "whitelist.yaml").read_text(encoding="utf-8")
    listing = listing.replace(
        "    status: open\n", '    status: open\n  - id: "2"\n    title: "Columns"\n', 1
    ).replace('rules: [DBN201]\n    phase: "1"', 'rules: [DBN201]\n    phase: "2"')
    (tmp_path / "whitelist.yaml").write_text(listing, encoding="utf-8")
    commit_all(tmp_path, "baseline")
    run("migrate", "--phase", "1", "--write")
    run("whitelist", "prune")
    write_files(tmp_path, {"app/queries.sql": CODE})
    commit_all(tmp_path, "phase 1 and code")

    _, said = run("migrate", "--cleanup", "--write", code=2)
    assert "db/002_bodies.sql:6 (function reads EventKey)" in said
    assert "002_bodies.sql:2" not in said  # r."EventKey", r."eventKey": columns
    assert "code still uses" not in said  # app/queries.sql: r."eventKey" is a column
    run("migrate", "--cleanup", "--write", "--force")

    with pg.fresh_database("dbnl_cleanup_columns") as db:
        migrations = sorted((tmp_path / "db").glob("*.sql"))
        assert any("drop_compatibility_views" in p.name for p in migrations)
        pg.run(files=migrations, dbname=db)
        # what the cleanup let pass runs without the view ...
        pg.run(sql=CODE, dbname=db)
        assert pg.query_json("SELECT ref_keys() AS n", db) == [{"n": 0}]
        # ... and what it refused for is broken by it
        with pytest.raises(SqlFailed, match=r'relation "public\.EventKey" does not exist'):
            pg.run(sql="SELECT key_count()", dbname=db)


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ('SELECT r."EventKey" FROM t r', False),  # alias.column
        ('SELECT "t"."EventKey" FROM t', False),  # table.column
        ('SELECT * FROM public."EventKey"', True),  # schema.relation
        ('SELECT * FROM "public" . "EventKey"', True),
        ('SELECT * FROM app."EventKey"', True),
        ('SELECT * FROM "EventKey"', True),
        ('SELECT "EventKey".id FROM "EventKey"', True),
        ('SELECT * FROM "eventKey"', False),  # another name in PostgreSQL
    ],
)
def test_a_qualified_name_is_a_relation_only_after_a_schema(body: str, found: bool) -> None:
    text = f"CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ {body} $$;"
    stmt = Statement(text, 0, Location("f.sql", 1, 1), SourceFile("f.sql", "postgres", None))
    mentions = find_mentions(
        [stmt],
        ["EventKey"],
        key=lambda name, quoted: name if quoted else name.lower(),
        schemas=frozenset({"public", "app"}),
    )
    assert bool(mentions) is found
