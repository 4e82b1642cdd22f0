"""``check --db --schema X`` takes a template placeholder schema as X, as ``drift`` does.

A tree whose migrations qualify names with a placeholder
(``{{ .Namespace }}."UserAccount"``, supabase/auth's pop/fizz files) is
rendered by its tool before it runs; the database holds the objects in the
schema the placeholder stood for. The whitelist, inline suppressions and
rename history are written against the files, so a check of the database
must find them on the database's objects of that schema. The oracle is a
real PostgreSQL: each file rendered with the namespace and run with psql,
``drift --schema`` saying the database is the files, and the files' own
check giving the verdict the database's must equal.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

PLACEHOLDER = "{{ .Namespace }}"
NAMESPACE = "tenant_a"
INIT = f"""\
CREATE TABLE {PLACEHOLDER}."UserAccount" (id int PRIMARY KEY, "FirstName" text);
CREATE INDEX "IdxName" ON {PLACEHOLDER}."UserAccount" ("FirstName");
CREATE TABLE {PLACEHOLDER}.good_items (id int PRIMARY KEY);
-- dbnamelint: ignore[DBN101,DBN105] read by the reporting tool under this name
CREATE TABLE {PLACEHOLDER}."LegacyReport" (id int);
CREATE TABLE {PLACEHOLDER}."OldName" (id int);
"""
RENAME = f'ALTER TABLE {PLACEHOLDER}."OldName" RENAME TO old_names;\n'


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def verdict(report: dict[str, Any]) -> dict[str, Any]:
    """What a check decided, without where the objects were read from."""
    findings = report["findings"]

    def of(kept: Any) -> list[tuple[str, str, str]]:
        return sorted((f["code"], f["kind"], f["name"]) for f in findings if kept(f))

    return {
        "new": of(lambda f: not f["whitelisted"] and not f["suppressed"]),
        "whitelisted": of(lambda f: f["whitelisted"]),
        "suppressed": of(lambda f: f["suppressed"]),
        "stale": sorted(e["name"] for e in report["stale_whitelist"]),
        "partial": [d["message"] for d in report["diagnostics"] if d["code"] == "DBN906"],
    }


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Migrations written with a placeholder schema, a config, and the
    whitelist ``whitelist init`` writes for them (from the files)."""
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    (migrations / "000001_init.up.sql").write_text(
        f"CREATE SCHEMA IF NOT EXISTS {PLACEHOLDER};\n" + INIT, encoding="utf-8"
    )
    (migrations / "000002_rename.up.sql").write_text(RENAME, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(
        "extends: snake-case\npaths: [migrations]\ndialect: postgres\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = run("whitelist", "init")
    assert code == 0, out + err
    return tmp_path


def load_rendered(pg: PgServer, db: str, tree: Path) -> None:
    """Each migration as its tool runs it: the placeholder filled in, in order."""
    rendered = []
    for path in sorted((tree / "migrations").glob("*.up.sql")):
        out = tree / f"rendered-{path.name}"
        out.write_text(path.read_text(encoding="utf-8").replace(PLACEHOLDER, NAMESPACE))
        rendered.append(out)
    pg.run(files=rendered, dbname=db)


def test_check_db_matches_the_files_verdict_in_the_placeholder_schema(
    pg: PgServer, tree: Path
) -> None:
    code, out, _ = run("check", "--format", "json")
    files = verdict(json.loads(out))
    assert code == 0 and files["new"] == [] and files["stale"] == [], out
    # The suppressed table is neither new nor whitelisted; the others are excused.
    assert files["suppressed"] == [
        ("DBN101", "table", "LegacyReport"),
        ("DBN105", "table", "LegacyReport"),
    ]
    assert ("DBN101", "table", "UserAccount") in files["whitelisted"]
    with pg.fresh_database("dbn_check_template") as db:
        load_rendered(pg, db, tree)
        tables = pg.query_json(
            "SELECT table_name AS t FROM information_schema.tables "
            f"WHERE table_schema = '{NAMESPACE}'",
            dbname=db,
        )
        names = {r["t"] for r in tables}
        assert names == {"UserAccount", "good_items", "LegacyReport", "old_names"}
        url = pg.url(db)
        code, out, err = run("drift", "--db", url, "--schema", NAMESPACE, "--format", "json")
        assert (code, json.loads(out)["drift"]) == (0, []), out + err

        code, out, err = run("check", "--db", url, "--schema", NAMESPACE, "--format", "json")
        live = verdict(json.loads(out))
        assert live == files, err
        assert code == 0
        # Said on stderr as drift says it.
        assert f"whose schema is the template placeholder {PLACEHOLDER}" in err
        assert f"are compared in schema {NAMESPACE} (--schema)" in err

        # Without --schema the placeholder's schema is unknown: the run says how to name it.
        code, out, err = run("check", "--db", url, "--format", "json")
        assert "give the schema it stands for with --schema NAME" in err


def test_stale_entries_are_judged_as_the_files_judge_them(pg: PgServer, tree: Path) -> None:
    """The files hold nothing outside the placeholder's schema, so a read of
    that schema judges staleness: an entry whose object is gone is stale in
    both checks; an entry qualified with a schema the read left out is
    stale for the files but not judged by the database read (DBN906)."""
    wl = tree / "whitelist.yaml"
    wl.write_text(
        wl.read_text(encoding="utf-8")
        + '  - kind: table\n    name: GoneTable\n    phase: "1"\n'
        + '  - kind: table\n    name: elsewhere.Legacy\n    phase: "1"\n',
        encoding="utf-8",
    )
    code, out, _ = run("check", "--format", "json")
    files = verdict(json.loads(out))
    assert (code, files["stale"]) == (1, ["GoneTable", "elsewhere.Legacy"]), out
    with pg.fresh_database("dbn_check_template_stale") as db:
        load_rendered(pg, db, tree)
        url = pg.url(db)
        code, out, err = run("check", "--db", url, "--schema", NAMESPACE, "--format", "json")
        live = verdict(json.loads(out))
        assert code == 1, out + err
        assert live["stale"] == ["GoneTable"]
        assert (live["new"], live["whitelisted"]) == (files["new"], files["whitelisted"])
        assert live["partial"] == [
            f"1 whitelist entry names a schema --schema {NAMESPACE} did not read: not "
            "checked for staleness (run without --schema to judge them)"
        ]
