"""An entry never moves to a same-named object of another schema (trial s12).

``session_replay`` and ``umami.session_replay`` are two tables. The entry
``whitelist init`` writes for the first (``session_replay``, the default
schema left out) names that table only: once it is renamed the entry is
stale (``DBN900``, removed by ``whitelist prune``), and it never excuses
``umami.session_replay``, before or after the rename. It used to: an entry
without a schema matched any schema, the default one preferred, so when the
default schema's table lost the name the entry silently moved to the other
schema's, and check, prune, migrate, burndown and impact all believed it.

The oracle is PostgreSQL's own name resolution: under the default
``search_path`` a name without a schema denotes the ``public`` table, and
nothing once that table is renamed (``to_regclass``), whatever other schemas
hold. README: *How an entry finds its object*, *The ratchet*.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import pg_server
from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo, git

INIT = (
    "CREATE TABLE session_replay (id int);\n"
    "CREATE TABLE website_event (id int);\n"
    "CREATE SCHEMA umami;\n"
    "CREATE TABLE umami.session_replay (id int);\n"
    "CREATE TABLE umami.website_event (id int);\n"
)
RENAME = "ALTER TABLE session_replay RENAME TO session_replays;\n"
CONFIG = "paths: [db]\ndialect: postgres\n"
ENTRIES = ["session_replay", "umami.session_replay", "umami.website_event", "website_event"]


def _run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args))
    return done.exit_code, done.output


def _adopted(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The trial's project: both schemas' tables, the whitelist ``init`` wrote, committed."""
    committed_repo(root, {"dbnamelint.yaml": CONFIG, "db/001_init.sql": INIT}, monkeypatch)
    code, output = _run("whitelist", "init")
    assert code == 0, output
    commit_all(root, "adopt dbnamelint")
    return root


def _names(root: Path) -> list[str]:
    data = yaml.safe_load((root / "whitelist.yaml").read_text())
    return sorted(e["name"] for e in data["entries"])


def _drop_entry(root: Path, name: str) -> None:
    """Delete one entry (``whitelist init`` writes each as five lines)."""
    lines = (root / "whitelist.yaml").read_text().splitlines(keepends=True)
    at = lines.index(f"    name: {name}\n") - 1
    assert lines[at] == "  - kind: table\n"
    del lines[at : at + 5]
    (root / "whitelist.yaml").write_text("".join(lines))


def _line_of(root: Path, name: str) -> int:
    """The line of the entry's ``- kind:``, where its diagnostics point (1-based)."""
    lines = (root / "whitelist.yaml").read_text().splitlines()
    return lines.index(f"    name: {name}")


def _schemas_resolved(pg: pg_server.PgServer, db: str, names: list[str]) -> dict[str, str | None]:
    """The schema PostgreSQL resolves each written name to (None: no such relation)."""
    out: dict[str, str | None] = {}
    for name in names:
        rows = pg.query_json(
            "SELECT n.nspname AS s FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE c.oid = to_regclass('{name}')",
            db,
        )
        out[name] = rows[0]["s"] if rows else None
    return out


def test_init_writes_one_entry_per_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _adopted(tmp_path / "p", monkeypatch)
    assert _names(root) == ENTRIES
    assert _run("check")[0] == 0


def test_a_rename_in_the_default_schema_makes_its_entry_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _adopted(tmp_path / "p", monkeypatch)
    (root / "db/002_rename.sql").write_text(RENAME)
    code, output = _run("check")
    assert code == 1, output
    stale = [line for line in output.splitlines() if "DBN900" in line]
    assert stale == [
        f"whitelist.yaml:{_line_of(root, 'session_replay')}:5: DBN900 stale whitelist entry "
        "table session_replay (phase 1): renamed to its target session_replays at "
        "db/002_rename.sql:1:38: delete this entry"
    ]
    # prune removes that entry and no other; then the ratchet holds again
    code, output = _run("whitelist", "prune")
    assert code == 0, output
    assert "removed table session_replay (whitelist.yaml:" in output
    assert _names(root) == [n for n in ENTRIES if n != "session_replay"]
    assert _run("check")[0] == 0


@pytest.mark.parametrize("renamed", [False, True], ids=["before-rename", "after-rename"])
def test_the_schema_less_entry_never_excuses_the_other_schemas_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, renamed: bool
) -> None:
    root = _adopted(tmp_path / "p", monkeypatch)
    if renamed:
        (root / "db/002_rename.sql").write_text(RENAME)
    _drop_entry(root, "umami.session_replay")
    code, output = _run("check")
    assert code == 1, output
    assert 'db/001_init.sql:4:20: DBN105 table "umami.session_replay"' in output
    assert ("DBN900 stale whitelist entry table session_replay" in output) is renamed
    code, output = _run("whitelist", "prune", "--dry-run")
    assert ("would remove table session_replay " in output) is renamed


def test_entries_resolve_as_postgresql_resolves_their_names(
    pg: pg_server.PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each entry is stale exactly when PostgreSQL resolves its written name to
    no relation, before and after the rename (default search_path)."""
    root = _adopted(tmp_path / "p", monkeypatch)
    with pg.fresh_database("dbn_schema_scope") as db:
        pg.run(sql=INIT, dbname=db)
        for step in ("before", "after"):
            if step == "after":
                (root / "db/002_rename.sql").write_text(RENAME)
                pg.run(sql=RENAME, dbname=db)
            resolved = _schemas_resolved(pg, db, ENTRIES)
            code, output = _run("check")
            stale = {n for n in ENTRIES if f"stale whitelist entry table {n} " in output}
            assert stale == {n for n, s in resolved.items() if s is None}, (step, output)
            assert code == (1 if stale else 0), output
    assert resolved == {
        "session_replay": None,
        "umami.session_replay": "umami",
        "umami.website_event": "umami",
        "website_event": "public",
    }


@pytest.mark.parametrize("renamed", [False, True], ids=["before-rename", "after-rename"])
@pytest.mark.parametrize(
    "written", ["session_replay", "public.session_replay", "umami.session_replay"]
)
def test_an_entry_excuses_the_table_its_schema_names(
    pg: pg_server.PgServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    written: str,
    renamed: bool,
) -> None:
    """No schema written means the default schema, a written one that one:
    the entry excuses the table PostgreSQL resolves its name to, and is stale
    when PostgreSQL resolves it to none."""
    sql = INIT + (RENAME if renamed else "")
    committed_repo(tmp_path / "p", {"dbnamelint.yaml": CONFIG, "db/001.sql": sql}, monkeypatch)
    Path("whitelist.yaml").write_text(
        f"entries:\n  - kind: table\n    name: {written}\n    rules: [DBN105]\n"
    )
    with pg.fresh_database("dbn_schema_scope_one") as db:
        pg.run(sql=sql, dbname=db)
        (schema,) = _schemas_resolved(pg, db, [written]).values()
    code, output = _run("check")
    reported = {
        where
        for where, text in (("public", 'table "session_replay"'), ("umami", '"umami.session_'))
        if text in output
    }
    breaking = {"umami"} if renamed else {"public", "umami"}
    assert reported == breaking - {schema}, output
    assert ("DBN900 stale whitelist entry" in output) is (schema is None), output
    assert code == 1


def test_an_entry_without_schema_for_a_table_only_another_schema_has(
    pg: pg_server.PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hand-written without its schema, the entry names nothing; the message says
    which schema's table was meant."""
    sql = "CREATE SCHEMA umami;\nCREATE TABLE umami.session_replay (id int);\n"
    committed_repo(tmp_path / "p", {"dbnamelint.yaml": CONFIG, "db/001.sql": sql}, monkeypatch)
    Path("whitelist.yaml").write_text(
        "entries:\n  - kind: table\n    name: session_replay\n    rules: [DBN105]\n"
    )
    with pg.fresh_database("dbn_schema_scope_other") as db:
        pg.run(sql=sql, dbname=db)
        assert _schemas_resolved(pg, db, ["session_replay", "umami.session_replay"]) == {
            "session_replay": None,
            "umami.session_replay": "umami",
        }
    code, output = _run("check")
    assert code == 1
    assert 'DBN105 table "umami.session_replay"' in output
    assert (
        "whitelist.yaml:2:5: DBN900 stale whitelist entry table session_replay: no table named "
        "session_replay exists in the default schema (an entry without a schema names only its "
        "objects): did you mean umami.session_replay? write the schema, or delete the entry if "
        "the table is gone"
    ) in output


def test_burndown_counts_each_schemas_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _adopted(tmp_path / "p", monkeypatch)
    (root / "db/002_rename.sql").write_text(
        RENAME + "ALTER TABLE website_event RENAME TO website_events;\n"
    )
    commit_all(root, "rename the public tables")
    code, output = _run("burndown", "--format", "json")
    assert code == 0, output
    doc = json.loads(output)
    # not pruned yet: four entries, four objects
    assert (doc["summary"]["start"], doc["summary"]["left"]) == (4, 4)
    assert _run("whitelist", "prune")[0] == 0
    commit_all(root, "prune")
    doc = json.loads(_run("burndown", "--format", "json")[1])
    assert doc["summary"] == {
        "text": "2 of 4 tables migrated (50%)",
        "noun": "tables",
        "start": 4,
        "left": 2,
        "done": 2,
        "percent": 50,
    }
    assert sorted(e["name"] for e in doc["left"]) == ["umami.session_replay", "umami.website_event"]
    phase = next(p for p in doc["phases"] if p["id"] == "1")
    assert (phase["start"], phase["left"], phase["done"]) == (4, 2, 2)


def test_migrate_plans_the_other_schemas_renames(
    pg: pg_server.PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The phase renames the three tables still carrying their names, notes the
    stale entry (which check and prune then agree on), and its migration leaves
    PostgreSQL with every table renamed."""
    root = _adopted(tmp_path / "p", monkeypatch)
    (root / "db/002_rename.sql").write_text(RENAME)
    code, output = _run("migrate", "--phase", "1", "--no-views", "--write")
    assert code == 0, output
    assert (
        f"table session_replay (whitelist.yaml:{_line_of(root, 'session_replay')}): needs no "
        "rename, it is named 'session_replays' already"
    ) in output
    forward = (root / "db/003_rename_phase_1.sql").read_text()
    renames = sorted(line for line in forward.splitlines() if line.startswith("ALTER TABLE"))
    assert renames == [
        'ALTER TABLE "umami"."session_replay" RENAME TO "session_replays";',
        'ALTER TABLE "umami"."website_event" RENAME TO "website_events";',
        'ALTER TABLE "website_event" RENAME TO "website_events";',
    ]
    with pg.fresh_database("dbn_schema_scope_migrate") as db:
        pg.run(files=sorted((root / "db").glob("*.sql")), dbname=db)
        rows = pg.query_json(
            "SELECT table_schema AS s, table_name AS t FROM information_schema.tables "
            "WHERE table_schema IN ('public', 'umami') ORDER BY 1, 2",
            db,
        )
    assert [(r["s"], r["t"]) for r in rows] == [
        ("public", "session_replays"),
        ("public", "website_events"),
        ("umami", "session_replays"),
        ("umami", "website_events"),
    ]
    code, output = _run("whitelist", "prune")
    assert code == 0, output
    assert output.count("removed table ") == 4
    assert _run("check")[0] == 0


def test_impact_patch_notes_the_other_schemas_table_is_not_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """public.website_event renamed to website_events says nothing of
    umami.website_event: code naming it is patched ahead of its migration."""
    root = _adopted(tmp_path / "p", monkeypatch)
    (root / "db/002_rename.sql").write_text("ALTER TABLE website_event RENAME TO website_events;\n")
    (root / "app").mkdir()
    (root / "app/q.py").write_text('Q = "SELECT id FROM umami.website_event"\n')
    commit_all(root, "code")
    done = CliRunner().invoke(cli, ["impact", "--diff"])
    assert done.exit_code == 0, done.output
    assert '+Q = "SELECT id FROM umami.website_events"' in done.stdout
    assert (
        "the patch also renames 1 object the schema has not renamed yet "
        "(umami.website_event -> website_events)"
    ) in done.stderr


CH_CONFIG = (
    'paths: [pg, ch]\ndialect: postgres\nper_path:\n  - paths: ["ch/**"]\n    dialect: clickhouse\n'
)


@pytest.mark.parametrize("renamed", [False, True], ids=["before-rename", "after-rename"])
def test_clickhouse_database_copy_is_another_object(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, renamed: bool
) -> None:
    """A per-path ClickHouse part with database ``umami``: the PostgreSQL
    entry without a schema does not excuse ``umami.session_replay`` there."""
    files = {
        "dbnamelint.yaml": CH_CONFIG,
        "pg/001_init.sql": "CREATE TABLE session_replay (id int);\n",
        "ch/001_init.sql": (
            "CREATE TABLE umami.session_replay (id UUID) ENGINE = MergeTree ORDER BY id;\n"
        ),
    }
    root = committed_repo(tmp_path / "p", files, monkeypatch)
    assert _run("whitelist", "init")[0] == 0
    assert _names(root) == ["session_replay", "umami.session_replay"]
    if renamed:
        (root / "pg/002_rename.sql").write_text(RENAME)
    code, output = _run("check")
    assert code == (1 if renamed else 0), output
    assert ("DBN900 stale whitelist entry table session_replay " in output) is renamed
    _drop_entry(root, "umami.session_replay")
    code, output = _run("check")
    assert code == 1, output
    assert 'ch/001_init.sql:1:20: DBN105 table "umami.session_replay"' in output


def test_gate_refuses_the_other_schemas_entry_deleted_beside_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A branch renames public.session_replay and deletes umami.session_replay's
    entry: the entry left does not stand in for the deleted one."""
    root = _adopted(tmp_path / "p", monkeypatch)
    git(root, "branch", "-M", "main")
    git(root, "checkout", "-q", "-b", "feature")
    (root / "db/002_rename.sql").write_text(RENAME)
    _drop_entry(root, "umami.session_replay")
    commit_all(root, "rename, and drop an entry")
    code, output = _run("check", "--base", "main")
    assert code == 1, output
    assert (
        "DBN903 error: whitelist entry for table umami.session_replay was deleted since main, "
        "but the name still breaks DBN105"
    ) in output
    assert "DBN900 stale whitelist entry table session_replay " in output


def test_a_dropped_index_entry_does_not_move_to_the_other_schemas_index(
    pg: pg_server.PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same fault for a dropped object of a table-attached kind."""
    sql = (
        'CREATE TABLE events (id int);\nCREATE INDEX "IdxEvents" ON events (id);\n'
        "CREATE SCHEMA umami;\nCREATE TABLE umami.events (id int);\n"
        'CREATE INDEX "IdxEvents" ON umami.events (id);\n'
    )
    drop = 'DROP INDEX "IdxEvents";\n'
    root = committed_repo(
        tmp_path / "p", {"dbnamelint.yaml": CONFIG, "db/001.sql": sql}, monkeypatch
    )
    assert _run("whitelist", "init")[0] == 0
    assert _names(root) == ["events.IdxEvents", "umami.events.IdxEvents"]
    (root / "db/002.sql").write_text(drop)
    with pg.fresh_database("dbn_schema_scope_index") as db:
        pg.run(sql=sql + drop, dbname=db)
        resolved = _schemas_resolved(pg, db, ['"IdxEvents"', 'umami."IdxEvents"'])
    assert resolved == {'"IdxEvents"': None, 'umami."IdxEvents"': "umami"}
    code, output = _run("check")
    assert code == 1, output
    assert (
        "DBN900 stale whitelist entry index events.IdxEvents (phase 1): no index named " in output
    )
    assert "stale whitelist entry index umami." not in output
    lines = (root / "whitelist.yaml").read_text().splitlines(keepends=True)
    at = lines.index("    name: umami.events.IdxEvents\n") - 1
    del lines[at : at + 5]
    (root / "whitelist.yaml").write_text("".join(lines))
    code, output = _run("check")
    assert code == 1, output
    assert 'db/001.sql:5:14: DBN301 index "umami.events.IdxEvents"' in output
