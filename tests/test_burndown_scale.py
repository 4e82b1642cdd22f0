"""The burn-down at scale gives what a brute-force computation gives.

``burndown`` on a whitelist of hundreds of entries used to compare every
entry with every schema object (the code-reference targets) and every
entry of every version with every other; it now looks objects up by key
and identifies each distinct name once. These tests hold the fast paths
to the slow ones: the targets against the previous implementation (kept
here, quadratic as it was), and the whole JSON report of a generated,
really committed history against numbers computed from each version with
the pure-Python YAML parser and an uncached identity per entry.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from msgspec.structs import replace

from dbnamelint.cli import cli
from dbnamelint.config import load_settings
from dbnamelint.core.identity import split_name
from dbnamelint.core.index import CatalogIndex
from dbnamelint.impact.targets import (
    RENAMED_KINDS,
    Target,
    _own_schema,
    _schemas,
    entry_target,
    needs_quotes,
    previous_written,
    renamed_from,
    same_object,
    stored_names,
    targets_for,
)
from dbnamelint.model import TABLE_ATTACHED_KINDS, Location, ObjectKind, Schema, SchemaObject
from dbnamelint.runner.pipeline import load_paths
from dbnamelint.services.lint import default_paths, source_settings
from dbnamelint.whitelist import Whitelist, parse_whitelist
from dbnamelint.whitelist.changes import EntryIdentity
from dbnamelint.whitelist.format import WhitelistEntry
from git_helpers import commit_all, git, init_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def schema_sql(tables: int) -> str:
    """Quoted PascalCase and snake_case tables in two schemas, renames, indexes."""
    out = ["CREATE SCHEMA app;"]
    for i in range(tables):
        if i % 3 == 0:
            out.append(
                f'CREATE TABLE "Order{i}" ("id" integer PRIMARY KEY, "userId" integer, '
                f'"createdAt" timestamp);'
            )
            out.append(f'CREATE INDEX "Order{i}_userId_idx" ON "Order{i}" ("userId");')
        elif i % 3 == 1:
            out.append(f"CREATE TABLE item{i} (id integer PRIMARY KEY, ItemName text);")
            out.append(f"CREATE TABLE app.item{i} (id integer PRIMARY KEY, OwnerId integer);")
        else:
            out.append(f"CREATE TABLE old_thing{i} (id integer PRIMARY KEY, Flag boolean);")
            out.append(f"ALTER TABLE old_thing{i} RENAME TO Thing{i};")
            out.append(f"ALTER TABLE Thing{i} RENAME COLUMN Flag TO IsOn;")
    return "\n".join(out) + "\n"


def load_schema(root: Path) -> tuple[Schema, str | None]:
    settings = load_settings(root)
    return load_paths(default_paths(settings, root), source_settings(settings)).schema, (
        settings.dialect
    )


# --------------------------------------------------------------------------
# Code-reference targets: the previous, quadratic implementation
# --------------------------------------------------------------------------


def _table_previous_before(schema: Schema, obj: SchemaObject | None) -> Iterable[str]:
    if obj is None or not obj.table:
        return ()
    names: list[str] = [obj.table]
    for table in schema.objects:
        if table.kind is ObjectKind.TABLE and table.name == obj.table:
            names += table.previous_names
    return names


def targets_before(whitelist: Whitelist, schema: Schema) -> tuple[Target, ...]:
    """``targets_for`` by brute force: every entry compared with every object
    (also with every object's earlier names, for entries a rename made stale)."""
    out: list[Target] = []
    covered: set[int] = set()
    objects = list(schema.objects)
    for entry in whitelist.entries:
        obj = next((o for o in objects if same_object(entry, o)), None)
        parts = split_name(entry.name)
        if obj is None and entry.kind in TABLE_ATTACHED_KINDS and len(parts) >= 2:
            # the entry's table renamed since: the object under the table's new name
            now = next(
                (
                    t.name
                    for t in objects
                    if t.kind is ObjectKind.TABLE
                    and parts[-2][0].casefold() in {p.casefold() for p in t.previous_names}
                ),
                None,
            )
            if now is not None:
                moved = (*parts[:-2], (now, False), parts[-1])
                obj = next((o for o in objects if same_object(entry, o, moved)), None)
        if obj is None:
            renamed = next(
                (
                    o
                    for o in objects
                    if o.kind is entry.kind
                    and renamed_from(o, parts, _table_previous_before(schema, o))
                ),
                None,
            )
            if renamed is not None and id(renamed) not in covered:
                target = _renamed_before(schema, renamed, entry.phase)
                if target is not None:
                    covered.add(id(renamed))
                    out.append(replace(target, stale_entry=True))
                    continue
        if obj is not None:
            covered.add(id(obj))
        before = _table_previous_before(schema, obj) if entry.kind in TABLE_ATTACHED_KINDS else ()
        out.append(entry_target(entry, parts, obj, before))
    for obj in objects:
        if id(obj) in covered or not obj.previous_names or obj.kind not in RENAMED_KINDS:
            continue
        target = _renamed_before(schema, obj, None)
        if target is not None:
            out.append(target)
    return tuple(out)


def _renamed_before(schema: Schema, obj: SchemaObject, phase: str | None) -> Target | None:
    dialect = obj.source.dialect
    names, stored = stored_names([(obj.name, obj.quoted), *previous_written(obj)], dialect)
    if len(names) < 2:
        return None
    attached = obj.kind in TABLE_ATTACHED_KINDS
    return Target(
        kind=obj.kind.value,
        name=obj.qualified_name,
        phase=phase,
        target=obj.name,
        old_names=names[1:],
        schemas=_schemas(_own_schema(obj), dialect),
        tables=tuple(dict.fromkeys(_table_previous_before(schema, obj))) if attached else (),
        exact=needs_quotes(stored[1], dialect),
        renamed=True,
        stored=stored[1:],
        dialect=dialect,
    )


def spellings(obj: SchemaObject) -> list[tuple[str, str]]:
    """(kind, written name) variants naming ``obj`` or nearly: case, quotes, schema, old names."""
    kind = obj.kind.value
    names = [obj.name, *obj.previous_names]
    owners = [obj.table] if obj.table else [None]
    out = []
    for name in names:
        for owner in owners:
            base = name if owner is None else f"{owner}.{name}"
            quoted = f'"{name}"' if owner is None else f'"{owner}"."{name}"'
            schema = obj.table_schema if obj.kind in TABLE_ATTACHED_KINDS else obj.schema
            out += [(kind, base), (kind, base.upper()), (kind, quoted), (kind, quoted.lower())]
            out.append((kind, f"{schema or 'public'}.{base}"))
            out.append((kind, f"other.{base}"))
    return out


def test_targets_match_the_quadratic_implementation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001.sql").write_text(schema_sql(60))
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    schema, _dialect = load_schema(tmp_path)
    rng = random.Random(7)
    written = [s for obj in schema.objects for s in spellings(obj)]
    written += [("table", "nowhere"), ("column", "nowhere.id"), ("index", "x.y.z")]
    rng.shuffle(written)
    lines = ["entries:"]
    for n, (kind, name) in enumerate(written):
        lines.append(f"  - kind: {kind}")
        lines.append(f"    name: {json.dumps(name)}")
        lines.append(f"    rules: [X{n}]")  # one object may have several entries
        if n % 4 == 0:
            lines.append(f"    target: new_{n}")
    whitelist = parse_whitelist("\n".join(lines) + "\n")
    assert len(whitelist.entries) > 1000
    new, old = targets_for(whitelist, schema), targets_before(whitelist, schema)
    assert new == old
    # the comparison covers found, missing, renamed and attached objects alike
    assert any(t.exact for t in new) and any(not t.exact for t in new)
    assert any(len(t.old_names) > 1 for t in new)
    assert any(len(t.tables) > 1 for t in new)
    assert any(t.stale_entry for t in new)  # entries naming an old name of a renamed object


# --------------------------------------------------------------------------
# The whole report against a brute-force computation over real commits
# --------------------------------------------------------------------------


def brute_force(
    versions: list[tuple[str, list[dict[str, Any]]]], identify: EntryIdentity
) -> dict[str, Any]:
    """Start/left/done per phase and the trend, every version identified anew."""

    def ident(item: dict[str, Any]) -> object:
        entry = WhitelistEntry(ObjectKind(item["kind"]), item["name"], Location("w", 1, 1))
        return identify(entry)

    ids = [[(ident(i), i) for i in items] for _, items in versions]
    latest_phase: dict[object, str] = {}
    for version in ids:
        for key, item in version:
            latest_phase[key] = item.get("phase") or ""
    current = {key for key, _ in ids[-1]}
    phases: dict[str, dict[str, int]] = {}
    for key, phase in latest_phase.items():
        row = phases.setdefault(phase, {"start": 0, "left": 0})
        row["start"] += 1
        row["left"] += key in current
    trend = []
    for (commit, _), version in zip(versions, ids, strict=True):
        keys = {key for key, _ in version}
        by_phase: dict[str, int] = {}
        for key in keys:
            by_phase[latest_phase[key]] = by_phase.get(latest_phase[key], 0) + 1
        trend.append((commit, len(keys), by_phase))
    return {
        "start": len(latest_phase),
        "left": len(current),
        "phases": phases,
        "trend": trend,
    }


def test_report_matches_brute_force_over_a_generated_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path
    (root / "db").mkdir()
    (root / "db" / "001.sql").write_text(schema_sql(90))
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    init_repo(root)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["whitelist", "init", "--group-by", "rule"])
    assert result.exit_code == 0, result.output
    commit_all(root, "whitelist", date="2026-02-01T10:00:00+00:00")
    rng = random.Random(11)
    for step in range(4):
        data = yaml.load((root / "whitelist.yaml").read_text(), Loader=yaml.SafeLoader)
        entries = data["entries"]
        kept = [e for e in entries if rng.random() > 0.25]
        if step == 1:  # respelled entries stay one object; a late phase adds new ones
            for e in kept[::5]:
                e["name"] = e["name"].upper() if '"' not in e["name"] else e["name"]
            data["phases"].append({"id": "late", "title": "Added later", "status": "open"})
            kept.append({"kind": "table", "name": "not_a_table_yet", "phase": "late"})
            kept.append({"kind": "column", "name": "item1.no_such_column", "phase": "late"})
        data["entries"] = kept
        (root / "whitelist.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
        commit_all(root, f"step {step}", date=f"2026-02-0{step + 2}T10:00:00+00:00")

    result = CliRunner().invoke(cli, ["burndown", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)

    commits = git(root, "log", "--reverse", "--format=%H", "--", "whitelist.yaml").split()
    versions = [
        (c, yaml.load(git(root, "show", f"{c}:whitelist.yaml"), Loader=yaml.SafeLoader)["entries"])
        for c in commits
    ]
    schema, dialect = load_schema(root)
    expected = brute_force(versions, EntryIdentity(CatalogIndex(schema), dialect))

    assert expected["start"] > 100 and 0 < expected["left"] < expected["start"]
    assert report["summary"]["start"] == expected["start"]
    assert report["summary"]["left"] == expected["left"]
    assert report["summary"]["done"] == expected["start"] - expected["left"]
    got_phases = {p["id"]: {"start": p["start"], "left": p["left"]} for p in report["phases"]}
    assert got_phases == expected["phases"]
    assert [(t["commit"], t["left"]) for t in report["trend"]] == [
        (c, n) for c, n, _ in expected["trend"]
    ]
    for point, (_, _, by_phase) in zip(report["trend"], expected["trend"], strict=True):
        assert {k: v for k, v in point["by_phase"].items() if v} == by_phase
    assert len(report["left"]) == expected["left"]
