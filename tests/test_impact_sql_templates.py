"""``impact --diff`` on a SQL template (trial s18 goatmisc #1, goatcounter's ``db/schema.gotxt``).

A ``.gotxt`` file was read line by line: ``create table store`` and
``"store#key"`` were renamed, ``create unique index ... on store(key)``,
``select store.key from store`` and ``{{replica "store" "store#key"}}`` were
not, and PostgreSQL said ``relation "store" does not exist`` on the patched
schema. A template whose lines open SQL statements is now read as SQL
(:mod:`dbnamelint.impact.sqltemplates`), its actions as the values they fill
in; a file still read line by line knows the ``ON`` of ``CREATE INDEX``,
``CREATE TRIGGER``, ``CREATE POLICY`` and ``GRANT``, ``(LIKE t``,
``INHERITS (t`` and ``ANALYZE t``.

The oracles: ``git apply`` takes the patch; the template rendered for
PostgreSQL and for SQLite creates, patched, the same catalog as the
original, with the renamed table's and index's new names (PostgreSQL's
``pg_catalog``, SQLite's ``sqlite_master`` and ``foreign_key_list``).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.impact.sqltemplates import is_sql_template
from git_helpers import committed_repo, git
from pg_server import PgServer

CONFIG = "paths: [db/migrations]\ndialect: postgres\n"
INIT = (
    "CREATE TABLE store (key varchar NOT NULL, value text NOT NULL);\n"
    'CREATE UNIQUE INDEX "store#key" ON store(key);\n'
)
# As goatcounter writes db/schema.gotxt: every place SQL names the table.
SCHEMA = """{{psql `
create function touch() returns trigger language plpgsql as $$ begin return new; end $$;
`}}
create table store (
	key        varchar   not null,
	value      text      not null,
	created_at timestamp          {{check_timestamp "created_at"}}
);
create unique index "store#key" on store(key);
create index "store#value" on store (value);
{{replica "store" "store#key"}}

create table hits (
	hit_id     {{auto_increment}},
	store_key  varchar references store(key),
	k2         varchar references "store" (key)
);
insert into store(key, value) values ('a', 'b');
insert into "store" (key, value) values ('c', 'd');
create view store_keys as
	select store.key, "store"."value" from store join hits on hits.store_key = store.key;
{{psql `
create table store_copy (like store including all);
create table store_child () inherits (store);
create trigger store_touch before insert on store for each row execute function touch();
alter table store enable row level security;
create policy store_read on store using (true);
grant select on table store to public;
comment on table store is 'key-value';
`}}
"""
# goatcounter's e-mail templates are .gotxt too: text, never SQL.
EMAIL = (
    '{{template "_email_top.gotxt" .}}\n'
    "Select a store from the list below to see its visits:\n"
    "{{range $s := .Stores}}- {{$s.Name}}: {{$s.URL}}\n{{end}}\n"
)
# A file of no known language (an autoconf-style .in): still read line by line.
SEED = (
    'create index "store#created" on store (created_at);\n'
    "insert into store(key, value) values ('e', 'f');\n"
    "grant select, insert on store to public;\n"
    "analyze store;\n"
)

RENAMED = {"store": "stores", "store#key": "stores_key"}


def _render(text: str, postgres: bool) -> str:
    """The template as goatcounter's zdb renders it for PostgreSQL or SQLite."""

    def action(m: re.Match[str]) -> str:
        name = m.group(1)
        args = [a[1:-1] for a in re.findall(r'`[^`]*`|"[^"]*"', m.group(2))]
        if name == "psql":
            return args[0] if postgres else ""
        if name == "auto_increment":
            return "serial primary key" if postgres else "integer primary key autoincrement"
        if name == "check_timestamp":
            check = f"check({args[0]} = strftime('%Y-%m-%d %H:%M:%S', {args[0]}))"
            return "" if postgres else check
        if name == "replica":
            replica = f'alter table "{args[0]}" replica identity using index "{args[1]}";'
            return replica if postgres else ""
        raise AssertionError(f"unknown template function {name}")

    out = re.sub(r'\{\{(\w+)((?:\s+(?:`[^`]*`|"[^"]*"))*)\s*\}\}', action, text)
    assert "{{" not in out, out
    return out


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": CONFIG,
        "db/migrations/001_init.sql": INIT,
        "db/schema.gotxt": SCHEMA,
        "db/seed.sql.in": SEED,
        "tpl/email_list.gotxt": EMAIL,
    }
    root = committed_repo(tmp_path / "goat", files, monkeypatch)
    done = CliRunner().invoke(cli, ["whitelist", "init"])
    assert done.exit_code == 0, done.output
    whitelist = (root / "whitelist.yaml").read_text(encoding="utf-8")
    assert "target: stores\n" in whitelist and "target: stores_key\n" in whitelist
    return root


def _patch(root: Path) -> str:
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (root.parent / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(root, "apply", str(root.parent / "fix.patch"))
    return result.stdout


def _pg_catalog(pg: PgServer, db: str) -> dict[str, Any]:
    """What PostgreSQL holds: relations, indexes (with their table and replica
    identity), foreign keys, parents, triggers, policies, view dependencies."""
    queries = {
        "relations": "SELECT relname AS n, relkind AS k FROM pg_class "
        "WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'v')",
        "indexes": "SELECT i.indexrelid::regclass::text AS n, i.indrelid::regclass::text AS t, "
        "i.indisreplident AS r FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE c.relnamespace = 'public'::regnamespace",
        "foreign_keys": "SELECT conrelid::regclass::text AS t, confrelid::regclass::text AS f "
        "FROM pg_constraint WHERE contype = 'f'",
        "parents": "SELECT inhrelid::regclass::text AS c, inhparent::regclass::text AS p "
        "FROM pg_inherits",
        "triggers": "SELECT tgname AS n, tgrelid::regclass::text AS t FROM pg_trigger "
        "WHERE NOT tgisinternal",
        "policies": "SELECT polname AS n, polrelid::regclass::text AS t FROM pg_policy",
        "view_reads": "SELECT DISTINCT v.relname AS v, d.refobjid::regclass::text AS t "
        "FROM pg_rewrite r JOIN pg_class v ON v.oid = r.ev_class "
        "JOIN pg_depend d ON d.objid = r.oid AND d.refobjid <> v.oid "
        "WHERE v.relkind = 'v' AND d.classid = 'pg_rewrite'::regclass "
        "AND d.refclassid = 'pg_class'::regclass",
        "comments": "SELECT c.relname AS n, d.description AS d FROM pg_description d "
        "JOIN pg_class c ON c.oid = d.objoid WHERE d.classoid = 'pg_class'::regclass",
    }
    return {
        key: sorted(
            (tuple(str(v).strip('"') for v in row.values()) for row in pg.query_json(q, dbname=db)),
        )
        for key, q in queries.items()
    }


def _renamed(catalog: dict[str, Any]) -> dict[str, Any]:
    """``catalog`` with the names the rename plan changes changed."""
    return {
        key: sorted(tuple(RENAMED.get(v, v) for v in row) for row in rows)
        for key, rows in catalog.items()
    }


def _sqlite_catalog(sql: str) -> dict[str, Any]:
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(sql)
        master = sorted(db.execute("SELECT type, name, tbl_name FROM sqlite_master").fetchall())
        keys = sorted(row[2] for row in db.execute("PRAGMA foreign_key_list(hits)"))
        view = db.execute("SELECT * FROM store_keys").fetchall()
    finally:
        db.close()
    return {"master": master, "references": keys, "view_rows": len(view)}


def test_a_sql_template_is_patched_whole_and_creates_the_renamed_schema(
    repo: Path, pg: PgServer
) -> None:
    with pg.fresh_database("goatmisc_tpl_before") as db:
        pg.run(sql=_render(SCHEMA, postgres=True), dbname=db)
        before = _pg_catalog(pg, db)
    before_sqlite = _sqlite_catalog(_render(SCHEMA, postgres=False))

    patch = _patch(repo)
    assert "tpl/email_list.gotxt" not in patch
    patched = (repo / "db/schema.gotxt").read_text(encoding="utf-8")
    assert '{{replica "stores" "stores_key"}}' in patched
    assert re.search(r"\bstore\b(?!#value)", patched) is None, patched

    with pg.fresh_database("goatmisc_tpl_after") as db:
        pg.run(sql=_render(patched, postgres=True), dbname=db)
        after = _pg_catalog(pg, db)
    assert after == _renamed(before)
    assert ("stores_key", "stores", "True") in after["indexes"]  # the replica identity
    assert ("store_keys", "stores") in after["view_reads"]

    after_sqlite = _sqlite_catalog(_render(patched, postgres=False))
    assert after_sqlite == {
        "master": sorted(
            (kind, RENAMED.get(name, name), RENAMED.get(table, table))
            for kind, name, table in before_sqlite["master"]
        ),
        "references": ["stores", "stores"],
        "view_rows": before_sqlite["view_rows"],
    }


def test_a_file_read_line_by_line_knows_on_and_the_other_table_positions(
    repo: Path, pg: PgServer
) -> None:
    _patch(repo)
    seed = (repo / "db/seed.sql.in").read_text(encoding="utf-8")
    assert seed == SEED.replace("store (", "stores (").replace("store(", "stores(").replace(
        "on store ", "on stores "
    ).replace("analyze store;", "analyze stores;")
    with pg.fresh_database("goatmisc_tpl_seed") as db:
        pg.run(sql=_render((repo / "db/schema.gotxt").read_text(encoding="utf-8"), True), dbname=db)
        pg.run(sql=seed, dbname=db)
        rows = pg.query_json("SELECT count(*) AS n FROM stores", dbname=db)
    assert rows == [{"n": 3}]


@pytest.mark.parametrize(
    ("path", "text", "sql"),
    [
        ("db/schema.gotxt", SCHEMA, True),
        ("db/query/x.gotxt", "with x as (\n\tselect {{.Select}} from {{.Table}}\n)\n", True),
        ("tables.sql.j2", "{% for t in tables %}{{ t }}{% endfor %}\n", True),
        ("tpl/email_list.gotxt", EMAIL, False),
        ("tpl/email.gotxt", "Update your password:\n{{.URL}}\n", False),
        ("db/seed.sql.in", SEED, False),  # no template's extension: line by line
        ("db/schema.sql", SCHEMA, False),  # SQL already
    ],
)
def test_which_templates_are_sql(path: str, text: str, sql: bool) -> None:
    assert is_sql_template(path, text) is sql
