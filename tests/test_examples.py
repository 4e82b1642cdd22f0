"""The bundled examples, one per pack, checked through the real CLI.

Each example is a team in the middle of its seed document's renaming plan:
a schema tree in the legacy state, the pack as its config, and a whitelist
of the renames still pending. These tests pin what a user of the example
sees: `check` passes; without the whitelist it flags exactly the legacy
names the seed lists (the tables below are copied from the seeds, not from
the tool's output); the seed's target state, built by applying every
pending rename, is clean; the whitelist round trip holds; and how many of
the seed's targets the findings suggest.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from dbnamelint.frontends.sql.sources import SourceSettings, discover
from dbnamelint.whitelist import split_name
from seed_data import (
    CORA_PENDING,
    CORE_LEGACY,
    CORE_MISSING,
    DBA_DERIVED,
    DBA_PHASE_2,
    FUNCTIONAL_DERIVED,
    FUNCTIONAL_RENAMES,
    SNAKE_PENDING,
)

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"

#: Rules whose suggestion is the pack's explicit old -> new list, not derived.
LISTED_RULES = frozenset({"DBN107", "DBN202"})

# The seeds' tables (what `pending` and `missing` below hold) are in seed_data,
# shared with test_seeds.


@dataclass(frozen=True)
class Example:
    """One bundled example and what its seed says about it."""

    id: str
    root: Path  # where `dbnamelint check` runs
    copy: tuple[str, ...]  # what a copy of the example needs, relative to root
    tree: str  # the schema tree, relative to root
    whitelist: str  # relative to root
    pending: Mapping[str, str | None]  # legacy object -> the seed's new name
    missing: tuple[str, ...] = ()  # required objects the seed says are not there yet
    # Where the target-state migration goes: a path relative to root, with
    # {dir} the folder of the file that defines the renamed object.
    target_file: str = "{dir}/999_target_state.sql"
    any_hits: frozenset[str] = field(default_factory=frozenset)
    derived_hits: frozenset[str] = field(default_factory=frozenset)


EXAMPLES_UNDER_TEST = (
    Example(
        id="cora",
        root=REPO,
        copy=("pyproject.toml", "whitelist.yaml", "examples/cora"),
        tree="examples/cora",
        whitelist="whitelist.yaml",
        pending=CORA_PENDING,
        target_file="{dir}/999-target-state.sql",
        # No explicit list in the cora pack: every hit is derived (DBN104,
        # with the pack's scope words: sys_idp_audit_log -> access_log_idp_audit).
        # Miss: ai_state_model_validation (the seed drops `model`).
        any_hits=frozenset(CORA_PENDING) - {"ai_model_validation_progress"},
        derived_hits=frozenset(CORA_PENDING) - {"ai_model_validation_progress"},
    ),
    Example(
        id="dba-domains",
        root=EXAMPLES / "dba-domains",
        copy=(".",),
        tree="supabase/migrations",
        whitelist="whitelist.yaml",
        pending=DBA_PHASE_2,
        target_file="{dir}/29991231_target_state.sql",
        any_hits=frozenset(DBA_PHASE_2),
        # The pack's derivations (see seed_data) that fall in phase 2.
        derived_hits=DBA_DERIVED & frozenset(DBA_PHASE_2),
    ),
    Example(
        id="canonical-core",
        root=EXAMPLES / "canonical-core",
        copy=(".",),
        tree="db/schema",
        whitelist="whitelist.yaml",
        pending=CORE_LEGACY,
        missing=CORE_MISSING,
        # Canonical names are decisions, not derivations: only the list hits.
        any_hits=frozenset(k for k, v in CORE_LEGACY.items() if v),
        derived_hits=frozenset(),
    ),
    Example(
        id="prisma-map",
        root=EXAMPLES / "prisma-map",
        copy=(".",),
        tree="prisma/migrations",
        whitelist="whitelist.yaml",
        pending=SNAKE_PENDING,
        target_file="prisma/migrations/29991231000000_target_state/migration.sql",
        any_hits=frozenset(SNAKE_PENDING),
        # DBN101 suggests `user` (case only) and DBN105 `Users` (plural only);
        # chaining them would give `users` (see test_seeds), but no single
        # finding does. The Assistant -> chat_ renames are product decisions.
        derived_hits=frozenset(),
    ),
    Example(
        id="functional-prefixes",
        root=EXAMPLES / "functional-prefixes",
        copy=(".",),
        tree="supabase/migrations",
        whitelist="whitelist.yaml",
        pending=FUNCTIONAL_RENAMES,
        target_file="{dir}/29991231000000_target_state.sql",
        any_hits=frozenset(FUNCTIONAL_RENAMES),
        derived_hits=FUNCTIONAL_DERIVED,
    ),
)

by_example = pytest.mark.parametrize("example", EXAMPLES_UNDER_TEST, ids=lambda e: e.id)


# --- helpers ----------------------------------------------------------------------------


def run(args: Sequence[str]) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def check_json(*args: str) -> tuple[int, dict[str, Any]]:
    result = run(["check", "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout)


def copy_example(example: Example, dest: Path) -> Path:
    """A private copy of the example, so tests can change it."""
    for rel in example.copy:
        src = example.root / rel
        if src.is_dir():
            shutil.copytree(src, dest / rel, dirs_exist_ok=True)
        else:
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def load_entries(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data.get("entries") or [])


def plain(name: str) -> str:
    """A whitelist name without its quotes: '"A"."b"' -> 'A.b'."""
    return ".".join(part for part, _ in split_name(name))


def replay_files(root: Path, tree: str) -> list[str]:
    """The files `check` replays, in its order: the examples' configs leave
    rollback scripts out (`inspect` reads no config, so it is told here)."""
    found, diagnostics = discover([tree], SourceSettings(root=root))
    assert not diagnostics
    return [f.path for f in found if not f.path.endswith("_ROLLBACK.sql")]


def inspect_objects(root: Path, tree: str) -> list[dict[str, Any]]:
    result = run(
        ["inspect", "--dialect", "postgres", "--format", "json", *replay_files(root, tree)]
    )
    assert result.exit_code == 0, result.output
    objects: list[dict[str, Any]] = json.loads(result.stdout)["objects"]
    return objects


def flagged_objects(findings: Sequence[Mapping[str, Any]]) -> set[str]:
    return {f["qualified_name"] for f in findings}


_BARE = re.compile(r"[a-z_][a-z0-9_]*")


def q(name: str) -> str:
    return name if _BARE.fullmatch(name) else '"' + name.replace('"', '""') + '"'


def replace_words(name: str, old: str, new: str) -> str | None:
    """``name`` with ``old`` (as whole ``_``-separated words) replaced, or None."""
    pattern = re.compile(r"(?<![^_])" + re.escape(old) + r"(?![^_])")
    if pattern.search(name) is None:
        return None
    return pattern.sub(new, name, count=1)


def target_migration(example: Example, root: Path) -> dict[Path, list[str]]:
    """SQL that moves every pending legacy object to the seed's target.

    Generated from the whitelist's `target`s: tables and columns are renamed,
    and, as a DBA would in the same migration, the indexes and constraints
    that spell the old table name or a renamed column's old name (PostgreSQL keeps
    them on a rename).
    Legacy columns without a target are dropped (seed 002, Phase 5: "Remove
    or archive legacy columns") and required objects still missing are added
    (seed 002, Phase 1: "add canonical columns/tables before removing
    legacy").
    """
    code, report = check_json("--no-whitelist")
    assert code == 1
    # A missing table is reported at the config that requires it: not a folder to migrate.
    where = {
        f["qualified_name"]: Path(f["path"]).parent.as_posix()
        for f in report["findings"]
        if f["path"].startswith(example.tree + "/")
    }
    objects = inspect_objects(root, example.tree)

    out: dict[Path, list[str]] = {}

    def emit(anchor: str, sql: str) -> None:
        rel = example.target_file.format(dir=where.get(anchor, example.tree))
        out.setdefault(root / rel, []).append(sql)

    entries = load_entries(root / example.whitelist)
    renamed: dict[str, str] = {}
    produced: set[str] = set()
    #: (table, index) -> the index's name after its table's rename
    indexes: dict[tuple[str, str], str] = {}
    for entry in entries:
        name, target = plain(entry["name"]), entry.get("target")
        if entry["kind"] == "table" and target:
            renamed[name] = target
            produced.add(target)
            emit(name, f"ALTER TABLE {q(name)} RENAME TO {q(target)};")
            for obj in objects:
                if obj["kind"] == "sequence" and obj["name"].startswith(f"{name}_"):
                    # serial/identity sequences keep the old name too (DBN504)
                    seq = replace_words(obj["name"], name, target)
                    if seq is not None:
                        emit(name, f"ALTER SEQUENCE {q(obj['name'])} RENAME TO {q(seq)};")
                    continue
                if obj["table"] != name or obj["kind"] not in ("index", "constraint"):
                    continue
                new = replace_words(obj["name"], name, target)
                if new is None:
                    continue
                if obj["kind"] == "index":
                    indexes[(name, obj["name"])] = new
                    emit(name, f"ALTER INDEX {q(obj['name'])} RENAME TO {q(new)};")
                else:
                    emit(
                        name,
                        f"ALTER TABLE {q(target)} RENAME CONSTRAINT {q(obj['name'])} TO {q(new)};",
                    )
    for entry in entries:
        name, target, kind = plain(entry["name"]), entry.get("target"), entry["kind"]
        if kind != "column":
            continue
        table, column = name.rsplit(".", 1)
        current = q(renamed.get(table, table))
        if target:
            produced.add(f"{table}.{target}")
            emit(name, f"ALTER TABLE {current} RENAME COLUMN {q(column)} TO {q(target)};")
            for obj in objects:
                # an index named after the column follows it too (DBN504, as migrate does)
                if obj["table"] != table or obj["kind"] != "index":
                    continue
                now = indexes.get((table, obj["name"]), obj["name"])
                new = replace_words(now, column, target)
                if new is not None:
                    emit(name, f"ALTER INDEX {q(now)} RENAME TO {q(new)};")
        elif entry.get("rules") != ["DBN503"]:
            emit(name, f"ALTER TABLE {current} DROP COLUMN {q(column)};")
    for entry in entries:
        name = plain(entry["name"])
        if entry.get("rules") != ["DBN503"] or name in produced:
            continue
        if entry["kind"] == "table":
            emit(name, f"CREATE TABLE {q(name)} (id bigint PRIMARY KEY);")
        else:
            table, column = name.rsplit(".", 1)
            emit(name, f"ALTER TABLE {q(table)} ADD COLUMN {q(column)} text;")
    return out


def apply_target_state(example: Example, root: Path) -> None:
    """Append the target-state migration and delete the whitelist."""
    for path, statements in target_migration(example, root).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(statements) + "\n", encoding="utf-8")
    (root / example.whitelist).unlink()


def hits(example: Example, findings: Sequence[Mapping[str, Any]]) -> tuple[set[str], set[str]]:
    """Pending objects whose findings suggest the seed's target: by any rule,
    and by a rule that derives it (not the pack's explicit list)."""
    any_hit: set[str] = set()
    derived: set[str] = set()
    for name, target in example.pending.items():
        if target is None:
            continue
        mine = [f for f in findings if f["qualified_name"] == name]
        # every finding of one object carries the one merged target
        assert len({f["suggestion"] for f in mine}) == 1, mine
        if mine and mine[0]["suggestion"] == target:
            any_hit.add(name)
        if any(f["rule_fix"] == target and f["code"] not in LISTED_RULES for f in mine):
            derived.add(name)
    return any_hit, derived


@pytest.fixture
def in_copy(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    example: Example = request.param
    root = copy_example(example, tmp_path / example.id)
    monkeypatch.chdir(root)
    yield root


# --- tests ----------------------------------------------------------------------------


@by_example
def test_check_passes_mid_migration(example: Example, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(example.root)
    result = run(["check", "--no-color"])
    assert result.exit_code == 0, result.output
    assert "All checks passed!" in result.output
    excused = len(load_entries(example.root / example.whitelist))
    match = re.search(r"(\d+) whitelisted", result.output)
    assert match is not None
    assert int(match.group(1)) >= excused  # every entry excuses at least one finding


@by_example
def test_whitelist_lists_the_seeds_pending_renames(example: Example) -> None:
    entries = load_entries(example.root / example.whitelist)
    legacy = {plain(e["name"]): e.get("target") for e in entries if e.get("rules") != ["DBN503"]}
    drift = {plain(e["name"]) for e in entries if e.get("rules") == ["DBN503"]}
    assert legacy == dict(example.pending)
    assert drift == set(example.missing)
    phases = {
        str(p["id"])
        for p in yaml.safe_load((example.root / example.whitelist).read_text(encoding="utf-8"))[
            "phases"
        ]
    }
    assert {str(e["phase"]) for e in entries} <= phases


@by_example
def test_without_whitelist_exactly_the_seeds_legacy_names_are_flagged(
    example: Example, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example.root)
    code, report = check_json("--no-whitelist")
    assert code == 1
    assert report["diagnostics"] == [] and report["stale_whitelist"] == []
    assert flagged_objects(report["findings"]) == set(example.pending) | set(example.missing)
    missing = {f["qualified_name"] for f in report["findings"] if f["code"] == "DBN503"}
    assert missing == set(example.missing)


@pytest.mark.parametrize("in_copy", EXAMPLES_UNDER_TEST, ids=lambda e: e.id, indirect=True)
def test_target_state_is_clean(in_copy: Path, request: pytest.FixtureRequest) -> None:
    example: Example = request.node.callspec.params["in_copy"]
    apply_target_state(example, in_copy)
    code, report = check_json()
    assert [(f["code"], f["qualified_name"]) for f in report["findings"]] == []
    assert report["diagnostics"] == [] and report["stale_whitelist"] == []
    assert code == 0


@pytest.mark.parametrize("in_copy", EXAMPLES_UNDER_TEST, ids=lambda e: e.id, indirect=True)
def test_whitelist_round_trip(in_copy: Path, request: pytest.FixtureRequest) -> None:
    example: Example = request.node.callspec.params["in_copy"]
    generated = in_copy / example.whitelist
    result = run(["whitelist", "init", "--force", "-o", str(generated)])
    assert result.exit_code == 0, result.output
    regenerated = {plain(e["name"]) for e in load_entries(generated)}
    assert regenerated == set(example.pending) | set(example.missing)
    code, report = check_json()
    assert code == 0
    assert [f for f in report["findings"] if not f["whitelisted"]] == []


@pytest.mark.parametrize("in_copy", EXAMPLES_UNDER_TEST, ids=lambda e: e.id, indirect=True)
def test_deleting_one_entry_fails_with_exactly_its_object(
    in_copy: Path, request: pytest.FixtureRequest
) -> None:
    example: Example = request.node.callspec.params["in_copy"]
    path = in_copy / example.whitelist
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    victim = next(e for e in data["entries"] if e.get("target"))
    data["entries"].remove(victim)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, report = check_json()
    assert code == 1
    new = [f for f in report["findings"] if not f["whitelisted"]]
    assert {f["qualified_name"] for f in new} == {plain(victim["name"])}
    assert report["stale_whitelist"] == []


@by_example
def test_suggestion_hit_rate(
    example: Example, monkeypatch: pytest.MonkeyPatch, record_property: Any
) -> None:
    monkeypatch.chdir(example.root)
    _, report = check_json("--no-whitelist")
    any_hit, derived = hits(example, report["findings"])
    with_target = sum(1 for t in example.pending.values() if t)
    rate = f"{len(any_hit)}/{with_target} suggested, {len(derived)}/{with_target} derived"
    record_property("suggestion_hit_rate", rate)
    print(f"{example.id}: {rate}")
    assert any_hit == example.any_hits
    assert derived == example.derived_hits


def test_console_script_checks_an_example() -> None:
    """The real entry point, in a fresh interpreter, from the example's folder."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(REPO / "src"), env.get("PYTHONPATH", "")) if p
    )
    env["NO_COLOR"] = "1"
    proc = subprocess.run(
        [sys.executable, "-m", "dbnamelint.cli", "check"],
        cwd=EXAMPLES / "prisma-map",
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "All checks passed!" in proc.stdout
    assert "21 whitelisted" in proc.stdout


# --- a real PostgreSQL server accepts the examples ------------------------------------

#: What Supabase provides before the first migration runs.
SUPABASE_SETUP = "CREATE SCHEMA auth; CREATE TABLE auth.users (id uuid PRIMARY KEY);"

#: Names in the public schema the way the server stores them. Indexes that
#: back a PRIMARY KEY/UNIQUE constraint are the constraint (as in the model).
CATALOG_SQL = """
SELECT 'table' AS kind, relname AS name FROM pg_class
 WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')
UNION ALL
SELECT 'view', relname FROM pg_class
 WHERE relnamespace = 'public'::regnamespace AND relkind = 'v'
UNION ALL
SELECT 'constraint', conname FROM pg_constraint
 WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'u', 'f', 'c', 'x')
UNION ALL
SELECT 'index', c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
 WHERE c.relnamespace = 'public'::regnamespace
   AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid
                   AND k.contype IN ('p', 'u', 'x'))
"""


def model_names(root: Path, tree: str) -> set[tuple[str, str]]:
    kinds = {"table", "view", "constraint", "index"}
    return {(o["kind"], o["name"]) for o in inspect_objects(root, tree) if o["kind"] in kinds}


@pytest.mark.slow
@pytest.mark.parametrize("in_copy", EXAMPLES_UNDER_TEST, ids=lambda e: e.id, indirect=True)
@pytest.mark.parametrize("state", ["legacy", "target"])
def test_postgresql_runs_the_example_and_agrees_with_the_model(
    in_copy: Path, state: str, request: pytest.FixtureRequest, pg: Any
) -> None:
    """The examples are real migrations: PostgreSQL runs them, legacy and
    target state, and ends with the names dbnamelint's model has (so the
    target-state renames of indexes and constraints name real objects)."""
    example: Example = request.node.callspec.params["in_copy"]
    if state == "target":
        apply_target_state(example, in_copy)
    files = [in_copy / f for f in replay_files(in_copy, example.tree)]
    dbname = "dbnl_example_" + re.sub(r"\W", "_", example.id) + "_" + state
    with pg.fresh_database(dbname) as db:
        pg.run(sql=SUPABASE_SETUP, dbname=db)
        pg.run(files=files, dbname=db)
        rows = pg.query_json(CATALOG_SQL, dbname=db)
    assert {(r["kind"], r["name"]) for r in rows} == model_names(in_copy, example.tree)
