"""zgo.at/zdb's migration layout (trial s18, goatcounter).

``db/migrate/YYYY-MM-DD-N-name[-postgres|-sqlite].{sql,gotxt}``: a file
without a dialect suffix runs on every database, a ``.gotxt`` file is a Go
text/template zdb renders per database with its template functions
(``tpl.go``), Go migrations sit in ``db/migrate/gomig/``. The trial found a
new ``.gotxt`` migration passing the hook and ``check --base`` unread, zdb's
template actions breaking the reader, dated names read as version 2022,
the shared files missing from the SQLite copy, and ``migrate`` naming its
file ``2023-rename-tables.sql``.

Oracles: zdb's own expansions (:func:`render`, copied from ``tplFuncs`` in
zdb's ``tpl.go``, with its ``' +\\n'`` clean-up) applied to a real
PostgreSQL and to Python's sqlite3, in the order and with the file choice of
zdb's ``Migrate.List``/``Schema`` (:func:`zdb_files`); real git for the gate.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.frontends.sql.sources import SourceSettings
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import load_paths, schema_from_sql
from git_helpers import git, git_workdir, init_repo, isolated_git_env
from pg_server import PgServer
from test_postgres_oracle import model_keys, read_catalog

# -- zdb's own expansions (zgo.at/zdb tpl.go, tplFuncs) --------------------

_ZDB = {
    "auto_increment": {
        "psql": "serial         primary key",
        "sqlite": "integer        primary key autoincrement",
        "maria": "integer        not null auto_increment primary key",
    },
    "auto_increment big": {
        "psql": "bigserial      primary key",
        "sqlite": "integer        primary key autoincrement",
        "maria": "bigint         not null auto_increment primary key",
    },
    "json": {"psql": "jsonb    ", "sqlite": "varchar  ", "maria": "json     "},
    "blob": {"psql": "bytea   ", "sqlite": "blob    ", "maria": "blob    "},
}
_ACTION = re.compile(r"\{\{(\w+)((?:\s+(?:`[^`]*`|\"[^\"]*\"|\w+))*)\s*\}\}")
_ARG = re.compile(r"`([^`]*)`|\"([^\"]*)\"|(\w+)")


def render(template: str, dialect: str) -> str:
    """``template`` as zdb's ``Template(dialect, ...)`` writes it (``psql``,
    ``sqlite``, ``maria``): each function's text from ``tplFuncs``."""

    def one(match: re.Match[str]) -> str:
        fn = match.group(1)
        args = [a.group(1) or a.group(2) or a.group(3) for a in _ARG.finditer(match.group(2))]
        if fn in ("psql", "sqlite", "maria"):
            return args[0] if fn == dialect else ""
        if fn == "auto_increment":
            return _ZDB["auto_increment big" if args else "auto_increment"][dialect]
        if fn in ("json", "jsonb"):
            return _ZDB["json"][dialect]
        if fn == "blob":
            return _ZDB["blob"][dialect]
        if fn == "check_timestamp":
            col = args[0]
            return (
                f"check({col} = strftime('%Y-%m-%d %H:%M:%S', {col}))"
                if dialect == "sqlite"
                else ""
            )
        if fn == "check_date":
            col = args[0]
            return f"check({col} = strftime('%Y-%m-%d', {col}))" if dialect == "sqlite" else ""
        if fn == "cluster":
            return f'cluster {args[0]} using "{args[1]}";' if dialect == "psql" else ""
        if fn == "replica":
            return (
                f'alter table {args[0]} replica identity using index "{args[1]}";'
                if dialect == "psql"
                else ""
            )
        raise AssertionError(f"no such zdb function {fn}")

    return re.sub(r" +\n", "\n", _ACTION.sub(one, template))


_SUFFIXES = {
    "psql": ("-postgres.sql", "-postgresql.sql"),
    "sqlite": ("-sqlite.sql", "-sqlite3.sql"),
}


def zdb_files(folder: Path, dialect: str) -> list[tuple[str, str]]:
    """(migration name, SQL) in the order zdb's ``Migrate.Run`` runs them for
    ``dialect``: ``List`` keeps ``.sql``/``.gotxt`` files whose ``.sql`` suffix
    names no other database, sorts the names, and ``Schema`` reads
    ``<name>-<dialect>.sql``, then ``<name>.gotxt``, then ``<name>.sql``."""
    others = [s for d, sufs in _SUFFIXES.items() if d != dialect for s in sufs]
    names = set()
    for path in folder.iterdir():
        name = path.name
        if not name.endswith((".sql", ".gotxt")) or name.endswith(tuple(others)):
            continue
        for end in (*_SUFFIXES[dialect], ".gotxt", ".sql"):
            if name.endswith(end):
                names.add(name[: -len(end)])
                break
    out = []
    for name in sorted(names):
        for end in (*_SUFFIXES[dialect], ".gotxt", ".sql"):
            path = folder / f"{name}{end}"
            if path.is_file():
                text = path.read_text()
                out.append((name, render(text, dialect) if end == ".gotxt" else text))
                break
    return out


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


# goatcounter's shapes (db/schema.gotxt, db/migrate/2021-12-02-1-languages.gotxt).
TEMPLATE = """\
create table sites (
	site_id        {{auto_increment}},
	settings       {{jsonb}}      not null,
	created_at     timestamp      not null                 {{check_timestamp "created_at"}}
);

create table hits (
	hit_id         {{auto_increment true}},
	site_id        integer        not null,
	session        {{blob}}       default null,
	day            date           not null                 {{check_date "day"}},
	created_at     timestamp      not null                 {{check_timestamp "created_at"}},

	constraint "hits#site#created" unique(site_id, created_at) {{sqlite "on conflict replace"}}
);
create index "hits#created_at" on hits {{psql "using brin"}}(created_at);
create index "hits#site_id" on hits(site_id);
{{cluster "hits" "hits#site_id"}}
{{replica "hits" "hits#site#created"}}

{{psql `
create table pgonly_stats (
	site_id        integer        not null
);
create index "pgonly_stats#site_id" on pgonly_stats(site_id);
`}}
{{sqlite `create table lite_stats (site_id integer);`}}
"""


def _sqlite_names(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    return {
        (kind, name)
        for kind, name in conn.execute("select type, name from sqlite_master")
        if name != "sqlite_sequence"
    }


def _model_sqlite_names(objects: object) -> set[tuple[str, str]]:
    out = set()
    for o in objects:  # type: ignore[attr-defined]
        if o.kind is ObjectKind.TABLE:
            out.add(("table", o.name))
        elif o.kind is ObjectKind.INDEX or (
            o.kind is ObjectKind.CONSTRAINT and o.name.startswith("sqlite_autoindex_")
        ):
            out.add(("index", o.name))
    return out


def _without_unique_autoindexes(names: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """SQLite names the index of a named UNIQUE constraint ``sqlite_autoindex_*``
    too; the model keeps the constraint's own name. Compared apart."""
    return {n for n in names if not n[1].startswith("sqlite_autoindex_")}


def test_a_gotxt_template_reads_as_zdb_renders_it_for_postgres(pg: PgServer) -> None:
    """The template read as PostgreSQL is the catalog zdb's PostgreSQL
    rendering makes: serial keys and their sequences, the psql-only table,
    no SQLite-only table, the cluster/replica actions no names."""
    schema = schema_from_sql(TEMPLATE, path="db/migrate/2021-01-01-1-a.gotxt", dialect="postgres")
    assert not [d for d in schema.diagnostics if d.severity.value == "error"], schema.diagnostics
    with pg.fresh_database("dbnamelint_zdb_tpl") as db:
        pg.run(sql=render(TEMPLATE, "psql"), dbname=db)
        catalog = read_catalog(pg, db)
    server = {k for k in catalog.objects if not k[3].endswith("_not_null")}
    assert model_keys(schema.objects) == server
    assert ("table", "public", None, "pgonly_stats") in server
    assert ("sequence", "public", None, "hits_hit_id_seq") in server
    # positions do not move: the column after the action is where it is written
    column = next(o for o in schema.objects if o.name == "settings")
    assert (column.location.line, column.location.column) == (3, 2)


def test_a_gotxt_template_reads_as_zdb_renders_it_for_sqlite() -> None:
    """Read as SQLite: the sqlite-only table, rowid keys (no autoindex), the
    unique constraint's autoindex, as sqlite_master has them."""
    schema = schema_from_sql(TEMPLATE, path="db/migrate/2021-01-01-1-a.gotxt", dialect="sqlite")
    assert not [d for d in schema.diagnostics if d.severity.value == "error"], schema.diagnostics
    with sqlite3.connect(":memory:") as conn:
        conn.executescript(render(TEMPLATE, "sqlite"))
        stored = _sqlite_names(conn)
        columns = {r[1] for r in conn.execute("pragma table_info(hits)")}
    assert ("table", "lite_stats") in stored and ("table", "pgonly_stats") not in stored
    assert _model_sqlite_names(schema.objects) == _without_unique_autoindexes(stored)
    # the named unique constraint is SQLite's one autoindex; the rowid keys have none
    assert {n for n in stored if n[1].startswith("sqlite_autoindex_")} == {
        ("index", "sqlite_autoindex_hits_1")
    }
    assert {o.name for o in schema.objects if o.kind is ObjectKind.CONSTRAINT} == {
        "hits#site#created"
    }
    model_columns = {
        o.name for o in schema.objects if o.kind is ObjectKind.COLUMN and o.table == "hits"
    }
    assert model_columns == columns


# -- finding 2: actions between statements, the dialect sniffer -------------


def test_an_action_alone_between_statements_is_not_glued_to_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial repro r1: ``{{replica "t" "t_a"}}`` became ``_____`` in front
    of the next CREATE TABLE (DBN005, table u lost); any action alone on
    its line after a statement writes statements (or nothing), not a name."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r1.sql").write_text(
        'create table t (a int);\n{{replica "t" "t_a"}}\ncreate table u (b int);\n'
        '{{ some_func "x" }}\ncreate table v (c int);\n'
    )
    done = CliRunner().invoke(cli, ["inspect", "--dialect", "postgres", "r1.sql"])
    assert done.exit_code == 0, done.output
    assert "table u" in done.output and "table v" in done.output
    assert "DBN005" not in done.output and "error" not in done.output


def test_auto_increment_is_no_mysql_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Trial repro r4: ``{{auto_increment}}`` made the sniffer read MySQL, so
    the quoted index name was an error; words inside actions tell nothing."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r4.sql").write_text(
        'create table t1 (\n  id {{auto_increment}}\n);\ncreate index "t1#id" on t1(id);\n'
    )
    done = CliRunner().invoke(cli, ["check", "--verbose", "--format", "json", "r4.sql"])
    report = json.loads(done.stdout)
    assert [d["code"] for d in report["diagnostics"] if d["severity"] == "error"] == [], report
    assert "mysql" not in done.stderr and "dialects: postgres" in done.stderr
    schema = schema_from_sql((tmp_path / "r4.sql").read_text(), path="r4.sql", dialect="postgres")
    assert {o.name for o in schema.objects if o.kind is ObjectKind.SEQUENCE} == {"t1_id_seq"}


# -- findings 3 and 4: versions, suffixes, shared files --------------------

SHARED_TREE = {
    "db/migrate/2022-01-13-1-a-postgres.sql": 'create table "pg_a" (id int);\n',
    "db/migrate/2022-01-13-1-a-sqlite.sql": "create table lite_a (id int);\n",
    "db/migrate/2022-01-14-1-c.sql": "create table shared_c (id int);\n",
    "db/migrate/2022-01-14-1-d.gotxt": "create table shared_d (\n\tid {{auto_increment}}\n);\n",
    "db/migrate/2022-02-01-1-e-postgres.sql": "alter table shared_c add column pg_e int;\n",
    "db/migrate/2022-02-01-1-e.sql": "alter table shared_c add column generic_e int;\n",
}


def _tables(loaded: object) -> set[tuple[str, str]]:
    return {
        (o.source.dialect, o.name)
        for o in loaded.schema.objects  # type: ignore[attr-defined]
        if o.kind in (ObjectKind.TABLE, ObjectKind.COLUMN)
    }


@pytest.mark.parametrize("config", [None, "postgres"])
def test_shared_files_run_on_every_database_and_a_suffix_replaces_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str | None
) -> None:
    """A file without suffix (``.sql`` or ``.gotxt``) is in the SQLite copy
    too, with or without ``dialect: postgres`` in the config; a
    ``-sqlite.sql`` file stays SQLite under that setting (it was read as
    PostgreSQL and merged); ``x-postgres.sql`` replaces ``x.sql`` on
    PostgreSQL only, as zdb's ``Schema`` picks the file."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, SHARED_TREE)
    loaded = load_paths(["db"], SourceSettings(root=tmp_path, dialect=config))
    tables = _tables(loaded)
    assert {t for d, t in tables if d == "sqlite"} >= {"lite_a", "shared_c", "shared_d"}
    assert {t for d, t in tables if d == "postgres"} >= {"pg_a", "shared_c", "shared_d"}
    assert ("sqlite", "pg_a") not in tables and ("postgres", "lite_a") not in tables
    assert ("postgres", "pg_e") in tables and ("postgres", "generic_e") not in tables
    assert ("sqlite", "generic_e") in tables and ("sqlite", "pg_e") not in tables
    codes = {d.code for d in loaded.diagnostics}
    assert not codes & {"DBN004", "DBN005", "DBN010", "DBN016"}, loaded.diagnostics


def test_each_copy_is_the_database_zdb_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """Oracle: zdb's file choice and order per database, rendered by zdb's
    functions, applied to sqlite3 and PostgreSQL; each copy of the model
    holds exactly the tables and columns the database has."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, SHARED_TREE)
    loaded = load_paths(["db"], SourceSettings(root=tmp_path))
    tables = _tables(loaded)
    with sqlite3.connect(":memory:") as conn:
        for _name, sql in zdb_files(tmp_path / "db/migrate", "sqlite"):
            conn.executescript(sql)
        lite = {("sqlite", n) for (n,) in conn.execute("select name from sqlite_master")}
        for _d, table in list(lite):
            if table == "sqlite_sequence":
                lite.discard(("sqlite", table))
                continue
            lite |= {("sqlite", r[1]) for r in conn.execute(f'pragma table_info("{table}")')}
    assert {t for t in tables if t[0] == "sqlite"} == lite
    with pg.fresh_database("dbnamelint_zdb_copies") as db:
        for _name, sql in zdb_files(tmp_path / "db/migrate", "psql"):
            pg.run(sql=sql, dbname=db)
        catalog = read_catalog(pg, db)
    server = {
        ("postgres", k[3])
        for k in catalog.objects
        if k[0] in ("table", "column") and k[1] == "public"
    }
    assert {t for t in tables if t[0] == "postgres"} == server


def test_dated_names_are_whole_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Trial: ``2022-01-13-1-a.sql`` and ``2022-01-14-1-c.sql`` were both
    'version 2022' (26 DBN016 on goatcounter). zdb's version is the whole
    name: twins and two names of one date are no duplicates; ``x.sql``
    beside ``x.gotxt`` is (zdb reads one of them), and
    ``-postgres``/``-postgresql`` of one name too."""
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path,
        {
            **SHARED_TREE,
            "db/migrate/2024-08-19-1-rm-updates2.sql": "create table r (id int);\n",
            "db/migrate/2024-08-19-1-sizes-idx.sql": "create index s on r (id);\n",
            "db/migrate/2024-09-01-1-x.sql": "create table x1 (id int);\n",
            "db/migrate/2024-09-01-1-x.gotxt": "create table x2 (id int);\n",
            "db/migrate/2024-09-02-1-y-postgres.sql": "create table y1 (id int);\n",
            "db/migrate/2024-09-02-1-y-postgresql.sql": "create table y2 (id int);\n",
        },
    )
    loaded = load_paths(["db"], SourceSettings(root=tmp_path))
    found = [
        (d.location.path, d.severity.value, d.message.split(":")[0])
        for d in loaded.diagnostics
        if d.code == "DBN016"
    ]
    assert found == [
        (
            "db/migrate/2024-09-01-1-x.sql",
            "error",
            "migration version 2024-09-01-1-x is also db/migrate/2024-09-01-1-x.gotxt's",
        ),
        (
            "db/migrate/2024-09-02-1-y-postgresql.sql",
            "error",
            "migration version 2024-09-02-1-y is also db/migrate/2024-09-02-1-y-postgres.sql's",
        ),
    ]


# -- finding 1: the gate and the hook --------------------------------------


@pytest.fixture
def goat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A committed zdb tree (go.mod requiring zgo.at/zdb, no config)."""
    root = git_workdir(tmp_path / "goat", monkeypatch)
    write(
        root,
        {
            "go.mod": "module example.com/goat\n\nrequire zgo.at/zdb v0.0.0\n",
            **SHARED_TREE,
            "db/schema.gotxt": "create table sites (\n\tsite_id {{auto_increment}}\n);\n",
            "db/query/list.gotxt": "select 1 {{if .x}}from sites{{end}};\n",
            "db/migrate/gomig/gomig.go": "package gomig\n",
            "db/migrate/gomig/2021-12-08-1-set-chart-text.go": "package gomig\n",
        },
    )
    init_repo(root, "base")
    return root


def _check(*args: str) -> tuple[int, list[tuple[str, str, str]], str]:
    done = CliRunner().invoke(cli, ["check", *args, "--format", "json"])
    assert done.exception is None or isinstance(done.exception, SystemExit), done.output
    report = json.loads(done.stdout)
    found = [
        (d["code"], d["severity"], d["path"])
        for d in (*report.get("findings", ()), *report["diagnostics"])
    ]
    return done.exit_code, found, done.output


EVIL = 'create table "EvilTpl" (\n\tid {{auto_increment}},\n\tname varchar\n);\n'


def test_a_new_gotxt_migration_is_judged_by_the_gate_and_the_hook(goat: Path) -> None:
    """Trial #1: a new ``.gotxt`` migration creating ``"EvilTpl"`` passed the
    hook and ``check --base`` without a word. It is read (in every copy) and
    its table judged."""
    new = "db/migrate/2026-04-01-1-evil.gotxt"
    write(goat, {new: EVIL})
    code, found, output = _check("--base", "HEAD")
    assert code == 1 and ("DBN101", "error", new) in found, output
    git(goat, "add", "-A")
    code, found, output = _check("--pre-commit", new)
    assert code == 1 and ("DBN101", "error", new) in found, output


def test_unread_gotxt_files_and_go_migrations_get_their_notes(goat: Path) -> None:
    """``schema.gotxt`` and a query template are SQL-like files a walk does
    not read (DBN015, saying what they are); Go migrations named as zdb's
    get DBN014 like goose's, a new one included."""
    write(goat, {"db/migrate/gomig/2027-01-01-1-gobad.go": "package gomig\n"})
    code, found, output = _check("--select", "DBN014,DBN015")
    assert code == 0, output
    assert sorted(found) == [
        ("DBN014", "info", "db/migrate/gomig/2021-12-08-1-set-chart-text.go"),
        ("DBN015", "info", "db/query/list.gotxt"),
        ("DBN015", "info", "db/schema.gotxt"),
    ], output
    report = json.loads(
        CliRunner().invoke(cli, ["check", "--select", "DBN014,DBN015", "--format", "json"]).stdout
    )
    messages = {d["path"]: d["message"] for d in report["diagnostics"]}
    assert messages["db/migrate/gomig/2021-12-08-1-set-chart-text.go"].startswith(
        "2 Go migrations in db/migrate/gomig/"
    )
    assert "zdb's schema template" in messages["db/schema.gotxt"]


# -- finding 5: migrate writes zdb's names, one per database ---------------


def test_migrate_writes_dated_twins_that_run(goat: Path) -> None:
    """Trial #5: ``migrate --rename`` wrote ``db/migrate/2023-rename-tables.sql``.
    It writes ``<date>-<N>-rename-tables-postgres.sql``, and the run for the
    SQLite copy its ``-sqlite.sql`` twin under the same name (one ``version``
    row on every database). Each forward script runs on its database built
    the way zdb builds it, and renames the table there."""
    runner = CliRunner()
    for dialect in ("postgres", "sqlite"):
        done = runner.invoke(
            cli, ["migrate", "--rename", "shared_c=shared_cs", "--dialect", dialect, "--write"]
        )
        assert done.exit_code == 0, done.output
    written = sorted(p.name for p in (goat / "db/migrate").glob("*rename*"))
    assert len(written) == 2, written
    stem = written[0].removesuffix("-postgres.sql")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-\d+-rename-tables", stem), written
    assert written == [f"{stem}-postgres.sql", f"{stem}-sqlite.sql"]
    assert stem > "2022-02-01-1-e"
    assert sorted(p.name for p in (goat / "db/rollbacks").iterdir()) == written
    # zdb runs the twins as the last migration of each database
    with sqlite3.connect(":memory:") as conn:
        files = zdb_files(goat / "db/migrate", "sqlite")
        assert files[-1][0] == stem
        for _name, sql in files:
            conn.executescript(sql)
        assert {n for (n,) in conn.execute("select name from sqlite_master")} >= {"shared_cs"}
    check = runner.invoke(cli, ["check", "--select", "DBN010,DBN016,DBN004"])
    assert check.exit_code == 0, check.output


def test_an_edited_shared_migration_is_one_dbn025(goat: Path) -> None:
    """A shared ``.gotxt`` is read once per database of the tree; editing it
    after it was committed is one DBN025 error, not one per copy (pop's
    shared ``x.up.sql`` was reported twice the same way)."""
    path = goat / "db/migrate/2022-01-14-1-d.gotxt"
    path.write_text(path.read_text() + "create table later (id int);\n")
    code, found, output = _check("--base", "HEAD")
    assert code == 1, output
    assert [f for f in found if f[0] == "DBN025"] == [
        ("DBN025", "error", "db/migrate/2022-01-14-1-d.gotxt")
    ], output


def test_an_edited_shared_pop_migration_is_one_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for kratos' shape: ``1_a.up.sql`` beside ``.postgres.`` and
    ``.sqlite3.`` files runs on both databases; one edit, one DBN025."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path,
        {
            "m/1_a.up.sql": "CREATE TABLE a (id int);\n",
            "m/2_b.postgres.up.sql": "CREATE TABLE b (id int);\n",
            "m/2_b.sqlite3.up.sql": "CREATE TABLE b (id int);\n",
        },
    )
    init_repo(tmp_path, "base")
    (tmp_path / "m/1_a.up.sql").write_text("CREATE TABLE a (id int);\nCREATE TABLE c (id int);\n")
    code, found, output = _check("--base", "HEAD")
    assert code == 1 and [f for f in found if f[0] == "DBN025"] == [
        ("DBN025", "error", "m/1_a.up.sql")
    ], output


def test_undated_names_are_zdb_s_only_in_a_module_that_requires_zdb(tmp_path: Path) -> None:
    """zdb does not insist on dates: any file of ``db/migrate/`` follows its
    rules in a Go module whose go.mod requires zgo.at/zdb. Elsewhere a
    ``db/migrate/001-a.sql`` stays a numbered file (``migrate`` numbers the
    next one), and ``from-mysql.sql`` names no dialect."""
    from dbnamelint import zdb_layout
    from dbnamelint.services.migrate.layout import Layout, detect

    plain, zdb = tmp_path / "plain", tmp_path / "zdb"
    write(plain, {"go.mod": "module a\n", "db/migrate/001-a.sql": "", "db/migrate/b-mysql.sql": ""})
    write(
        zdb,
        {
            "go.mod": "module b\n\nrequire (\n\tzgo.at/zdb v0.0.0-2024\n)\n",
            "db/migrate/001-a.sql": "",
            "db/migrate/b-sqlite3.sql": "",
            "db/migrate/c.gotxt": "",
        },
    )
    assert detect(plain / "db/migrate/001-a.sql") is Layout.NUMBERED
    assert zdb_layout.dash_dialect(str(plain / "db/migrate/b-mysql.sql")) is None
    assert detect(zdb / "db/migrate/001-a.sql") is Layout.ZDB
    assert zdb_layout.dash_dialect(str(zdb / "db/migrate/b-sqlite3.sql")) == "sqlite"
    assert zdb_layout.migration_name(str(zdb / "db/migrate/b-sqlite3.sql")) == "b"
    assert zdb_layout.migration_name(str(zdb / "db/migrate/c.gotxt")) == "c"
    # a dated name is zdb's anywhere
    assert detect(plain / "db/migrate/001-a.sql") is Layout.NUMBERED
    write(plain, {"x/2024-01-02-1-y-postgresql.sql": ""})
    assert detect(plain / "x/2024-01-02-1-y-postgresql.sql") is Layout.ZDB
    assert zdb_layout.dash_dialect(str(plain / "x/2024-01-02-1-y-postgresql.sql")) == "postgres"


def test_dialect_blocks_keep_their_text_for_their_database_only() -> None:
    """``{{psql ...}}``, ``{{sqlite ...}}``, ``{{maria ...}}`` (older zdb's
    ``{{mysql ...}}``) keep their text in their database's files, in place,
    and are blank in the others' (zdb's functions return "" there)."""
    from dbnamelint.migration_text import prepare_text

    text = (
        'create table t (a int {{maria "not null"}} {{mysql `unique`}} {{psql "check (a > 0)"}});\n'
    )
    for dialect, kept in (
        ("mariadb", "create table t (a int not null unique );"),
        ("postgres", "create table t (a int check (a > 0) );"),
        ("sqlite", "create table t (a int );"),
    ):
        out, notes = prepare_text(text, "x.sql", dialect)
        assert len(out) == len(text) and " ".join(out.split()) == kept, out
        assert out.index("not null" if dialect == "mariadb" else "(a") == text.index(
            "not null" if dialect == "mariadb" else "(a"
        )
        assert len(notes) == 3
