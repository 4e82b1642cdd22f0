"""The search_path a migration runner starts each file with (config ``search_path:``).

supabase/storage runs every migration with ``-c search_path=storage,public``
(trial s6-t1 finding 5): ``ALTER TABLE t ADD COLUMN c`` then means
``storage.t``. The oracle is PostgreSQL itself: the files run as such a
runner runs them (one session per file, the path given as a connection
option in ``PGOPTIONS``, so ``RESET search_path`` returns to it), and the
catalog must be the model that ``search_path: [storage, public]`` gives;
``drift`` then has nothing to say. Without the setting the model differs
from that catalog (what the trial saw), so the setting is what makes it right.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from dbnamelint.exitcodes import ExitCode
from dbnamelint.frontends.sql.sources import SourceSettings, discover
from dbnamelint.runner.pipeline import load_files
from pg_server import PgServer
from test_postgres_oracle import compare, model_keys, read_catalog

FILES = {
    "001_init.sql": (
        "CREATE SCHEMA storage;\n"
        "CREATE TABLE storage.t (id int);\n"
        "CREATE TABLE storage.iceberg_namespaces (id int, bucket_name text, catalog_id int,"
        " name text);\n"
        "CREATE UNIQUE INDEX idx_iceberg_namespaces_bucket_id"
        " ON storage.iceberg_namespaces (bucket_name, name);\n"
    ),
    # unqualified names, as storage's 0047/0048 write them
    "002_alter.sql": (
        "ALTER TABLE t ADD COLUMN c int;\n"
        "ALTER TABLE iceberg_namespaces ADD COLUMN metadata jsonb;\n"
        "CREATE TABLE made_here (id int PRIMARY KEY);\n"
        "CREATE INDEX ON t (c);\n"
        "DROP INDEX IF EXISTS idx_iceberg_namespaces_bucket_id;\n"
        "CREATE UNIQUE INDEX IF NOT EXISTS idx_iceberg_namespaces_bucket_id"
        " ON storage.iceberg_namespaces (catalog_id, name);\n"
    ),
    # the file's own SET wins until RESET, which returns to the runner's path
    "003_session.sql": (
        "SET search_path TO public;\n"
        "CREATE TABLE in_public (id int);\n"
        "RESET search_path;\n"
        "CREATE TABLE after_reset (id int);\n"
    ),
    # a new file starts again from the runner's path
    "004_next.sql": "CREATE TABLE next_file (id int);\n",
}

RUNNER_PATH = ("storage", "public")


def _write(tmp_path: Path) -> Path:
    db = tmp_path / "db"
    db.mkdir()
    for name, sql in FILES.items():
        (db / name).write_text(sql, encoding="utf-8")
    return db


def _run_like_the_runner(
    pg: PgServer, dbname: str, files: list[Path], path: tuple[str, ...] = RUNNER_PATH
) -> None:
    """One psql session per file, the search_path set as a connection option."""
    env = {
        **os.environ,
        "PGOPTIONS": f"-c search_path={','.join(path)} -c client_min_messages=warning",
    }
    for path in files:
        done = subprocess.run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", pg.database(dbname), "-f", path],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr


def _model(root: Path, search_path: tuple[str, ...] | None) -> Any:
    settings = SourceSettings(root=root, dialect="postgres", search_path=search_path)
    found, problems = discover([str(root / "db")], settings)
    assert not problems
    return load_files(found, root).schema.objects


@pytest.mark.slow
def test_the_model_is_the_catalog_of_files_run_with_the_runners_path(
    pg: PgServer, tmp_path: Path
) -> None:
    db = _write(tmp_path)
    with pg.fresh_database("dbnl_search_path") as name:
        _run_like_the_runner(pg, name, sorted(db.iterdir()))
        catalog = read_catalog(pg, name)
        indexes = pg.query_json(
            "SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index"
            " WHERE indexrelid = 'storage.idx_iceberg_namespaces_bucket_id'::regclass",
            name,
        )
    # the oracle: the unqualified names landed in storage, SET/RESET as documented
    assert ("column", "storage", "t", "c") in catalog.objects
    assert ("table", "public", None, "in_public") in catalog.objects
    assert ("table", "storage", None, "after_reset") in catalog.objects
    assert "(catalog_id, name)" in indexes[0]["def"]
    diff = compare(catalog, model_keys(_model(tmp_path, RUNNER_PATH)))
    assert not diff, diff
    # without the setting the model is the one the trial saw: not this catalog
    assert compare(catalog, model_keys(_model(tmp_path, None)))
    objects = _model(tmp_path, RUNNER_PATH)
    (index,) = (o for o in objects if o.name == "idx_iceberg_namespaces_bucket_id")
    assert index.columns == ("catalog_id", "name")


def _cli(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def _where(result: Result) -> dict[str, tuple[Any, Any]]:
    assert result.exit_code == 0, result.output
    objects = json.loads(result.stdout)["objects"]
    return {o["qualified_name"]: (o["schema"], o["table"]) for o in objects}


def test_config_and_command_line_set_the_starting_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path)
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "dbnamelint.yaml"
    config.write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    plain = _where(_cli(["inspect", "--format", "json"]))
    assert "t.c" in plain and "storage.t.c" not in plain
    given = _where(_cli(["inspect", "--format", "json", "--search-path", "storage, public"]))
    assert "storage.t.c" in given and "t.c" not in given
    assert given["storage.after_reset"] == ("storage", None)
    assert given["in_public"] == (None, None)
    # the string form reads as PostgreSQL reads the setting; the list form is exact
    for setting in ("search_path: 'Storage, public'", "search_path: [storage, public]"):
        config.write_text(f"paths: [db]\ndialect: postgres\n{setting}\n", encoding="utf-8")
        assert _where(_cli(["inspect", "--format", "json"])) == given
    # per_path: only the files it covers
    config.write_text(
        "paths: [db]\ndialect: postgres\n"
        "per_path:\n  - paths: ['db/002_*.sql']\n    search_path: [storage, public]\n",
        encoding="utf-8",
    )
    partial = _where(_cli(["inspect", "--format", "json"]))
    assert "storage.t.c" in partial and "after_reset" in partial
    # the command line beats the config, and check reads the same way
    config.write_text("paths: [db]\ndialect: postgres\nsearch_path: [public]\n", encoding="utf-8")
    assert _where(_cli(["inspect", "--format", "json", "--search-path", "storage,public"])) == given
    for args in ([], ["--search-path", "storage,public"]):
        checked = _cli(["check", "--format", "json", "--no-whitelist", *args])
        assert checked.exit_code == 1, checked.output
        names = {f["qualified_name"] for f in json.loads(checked.stdout)["findings"]}
        expected = given if args else _where(_cli(["inspect", "--format", "json"]))
        assert names and names <= set(expected)


def test_the_command_line_beats_a_per_path_search_path_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README: ``--search-path`` beats the config, its ``per_path`` items
    included (trial s15 supabase/storage #9: they still won)."""
    _write(tmp_path)
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "dbnamelint.yaml"
    config.write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    given = _where(_cli(["inspect", "--format", "json", "--search-path", "storage, public"]))
    config.write_text(
        "paths: [db]\ndialect: postgres\n"
        "per_path:\n  - paths: ['db/*.sql']\n    search_path: [public]\n",
        encoding="utf-8",
    )
    assert "storage.t.c" not in _where(_cli(["inspect", "--format", "json"]))
    assert _where(_cli(["inspect", "--format", "json", "--search-path", "storage,public"])) == given
    checked = _cli(
        ["check", "--format", "json", "--no-whitelist", "--search-path", "storage,public"]
    )
    names = {f["qualified_name"] for f in json.loads(checked.stdout)["findings"]}
    assert names and names <= set(given)
    assert any(n.startswith("storage.") for n in names)


def test_an_empty_schema_name_is_a_located_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [db]\nsearch_path: 'storage,,public'\n", encoding="utf-8"
    )
    result = _cli(["check"])
    assert result.exit_code == ExitCode.USAGE
    assert "dbnamelint.yaml:2:" in result.stderr and "empty schema name" in result.stderr
    bad = _cli(["inspect", "--search-path", "a,,b", "db"])
    assert bad.exit_code == ExitCode.USAGE and "empty schema name" in bad.output


@pytest.mark.slow
def test_drift_has_nothing_to_say_with_the_runners_path(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _write(tmp_path)
    monkeypatch.chdir(tmp_path)
    info = dict(part.split("=", 1) for part in pg.conninfo.split())
    with pg.fresh_database("dbnl_search_path_drift") as name:
        _run_like_the_runner(pg, name, sorted(db.iterdir()))
        url = f"postgresql://{info.get('user', 'postgres')}@{info['host']}:{info['port']}/{name}"
        (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\n", encoding="utf-8")
        without = _cli(["drift", "--db", url, "--format", "json"])
        (tmp_path / "dbnamelint.yaml").write_text(
            "paths: [db]\nsearch_path: [storage, public]\n", encoding="utf-8"
        )
        with_path = _cli(["drift", "--db", url, "--format", "json"])
    assert without.exit_code == 1 and json.loads(without.stdout)["drift"]
    assert with_path.exit_code == 0, with_path.output
    assert json.loads(with_path.stdout)["drift"] == []


_EARLY = """\
CREATE TABLE early_items (id int PRIMARY KEY);
CREATE SCHEMA app;
CREATE TABLE later_items (id int PRIMARY KEY, early_id int REFERENCES early_items(id));
"""

_RELATIONS = """
SELECT n.nspname || '.' || c.relname || ':' || c.relkind::text AS rel
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname IN ('public', 'app') AND c.relkind IN ('r', 'v') ORDER BY 1
"""


def test_a_public_tables_view_is_created_beside_it_when_the_path_starts_elsewhere(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Trial s6-t3 #10: with [app, public] an unqualified CREATE VIEW lands in app.
    db = tmp_path / "db"
    db.mkdir()
    (db / "001.sql").write_text(_EARLY, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [db]\ndialect: postgres\nsearch_path: [app, public]\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = _cli(["migrate", "--rename", "early_items=first_items", "--write"])
    assert result.exit_code == 0, result.output
    forward = next(p for p in db.iterdir() if p.name != "001.sql")
    rollback = next(p for p in tmp_path.rglob("*.sql") if p.parent != db)
    path = ("app", "public")
    with pg.fresh_database("dbnl_search_path_view") as name:
        _run_like_the_runner(pg, name, [db / "001.sql"], path)
        before = pg.query_json(_RELATIONS, name)
        assert {"rel": "public.early_items:r"} in before
        _run_like_the_runner(pg, name, [forward], path)
        after = [r["rel"] for r in pg.query_json(_RELATIONS, name)]
        assert after == [
            "app.later_items:r",
            "public.early_items:v",
            "public.first_items:r",
        ]
        _run_like_the_runner(pg, name, [rollback], path)
        assert pg.query_json(_RELATIONS, name) == before


#: trial s26 zero2prod: a quoted mixed-case schema first on the path
QUOTED_FIRST = (
    'CREATE SCHEMA "Newsletter";\n'
    'SET search_path TO "Newsletter", public;\n'
    'CREATE TABLE "IssueArchive2" (id int PRIMARY KEY);\n'
    "SET search_path = 'Newsletter', \"public\";\n"
    'CREATE TABLE "IssueArchive3" (id int);\n'
    "RESET search_path;\n"
    "CREATE TABLE plain_table (id int);\n"
)


@pytest.mark.slow
def test_a_quoted_schema_first_on_the_path_takes_the_table(pg: PgServer, tmp_path: Path) -> None:
    """The table lands in "Newsletter", the first entry, which the files
    create: it went to public (the next entry), so ``migrate`` renamed a
    table the database did not hold there. Oracle: ``pg_namespace``."""
    (tmp_path / "001_x.sql").write_text(QUOTED_FIRST, encoding="utf-8")
    with pg.fresh_database("dbnl_quoted_path") as name:
        pg.run(files=[tmp_path / "001_x.sql"], dbname=name)
        rows = pg.query_json(
            "SELECT c.relname AS table, n.nspname AS schema FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind = 'r' AND n.nspname IN ('Newsletter', 'public')",
            name,
        )
    server = {r["table"]: (None if r["schema"] == "public" else r["schema"]) for r in rows}
    assert server == {
        "IssueArchive2": "Newsletter",
        "IssueArchive3": "Newsletter",
        "plain_table": None,
    }
    where = _where(
        _cli(
            [
                "inspect",
                "--no-cache",
                "--format",
                "json",
                "--dialect",
                "postgres",
                str(tmp_path / "001_x.sql"),
            ]
        )
    )
    model = {
        q.rsplit(".", 1)[-1]: s for q, (s, t) in where.items() if t is None and q != "Newsletter"
    }
    assert model == server
