"""Renderers of a drift result: text, json, markdown, sarif.

Every object is named by its qualified name; locations point at the file
that names it, else at the object's address in the database (which never
holds a password: see :mod:`dbnamelint.frontends.live.url`).
"""

from __future__ import annotations

import hashlib
import json
from types import MappingProxyType

from dbnamelint import __version__
from dbnamelint.applied_migrations import MigrationState
from dbnamelint.core.identity import stored_qualified_name
from dbnamelint.drift import DriftItem, DriftKind, DriftResult
from dbnamelint.report.common import INFORMATION_URI, plural
from dbnamelint.report.sarif import FINGERPRINT_KEY, SARIF_SCHEMA, artifact_location

DRIFT_FORMATS = ("text", "json", "markdown", "sarif")

#: SARIF rule per kind of drift: (id, short description).
_RULES = MappingProxyType(
    {
        DriftKind.ONLY_IN_DATABASE: ("DRIFT1", "Object in the database but not in the files"),
        DriftKind.ONLY_IN_FILES: ("DRIFT2", "Object in the files but not in the database"),
        DriftKind.RENAMED_IN_FILES: ("DRIFT3", "Renamed in the files, not in the database"),
        DriftKind.RENAMED_IN_DATABASE: ("DRIFT4", "Renamed in the database, not in the files"),
        DriftKind.NAME_DIFFERS: ("DRIFT5", "Index or constraint named differently"),
        DriftKind.COMPATIBILITY_VIEW_LEFT: (
            "DRIFT6",
            "Compatibility view still in the database after its cleanup",
        ),
        DriftKind.COMPATIBILITY_VIEW: (
            "DRIFT7",
            "Compatibility view migrate made, kept until the phase's cleanup (not drift)",
        ),
    }
)

_HEADINGS = MappingProxyType(
    {
        DriftKind.ONLY_IN_DATABASE: "Only in the database",
        DriftKind.ONLY_IN_FILES: "Only in the files",
        DriftKind.RENAMED_IN_FILES: "Renamed in the files, not in the database",
        DriftKind.RENAMED_IN_DATABASE: "Renamed in the database, not in the files",
        DriftKind.NAME_DIFFERS: "Named differently",
        DriftKind.COMPATIBILITY_VIEW_LEFT: "Compatibility views left after their cleanup",
        DriftKind.COMPATIBILITY_VIEW: "Compatibility views until the phase's cleanup (not drift)",
    }
)


def render_drift(result: DriftResult, fmt: str) -> str:
    """``result`` in ``fmt`` (one of :data:`DRIFT_FORMATS`), ending with a newline."""
    if fmt == "json":
        return _json(result)
    if fmt == "markdown":
        return _markdown(result)
    if fmt == "sarif":
        return _sarif(result)
    return _text(result)


def _summary(result: DriftResult) -> str:
    differences = result.differences
    if not differences:
        waiting = len(result.items)
        also = (
            f"; {plural(waiting, 'compatibility view')} until the phase's cleanup"
            if waiting
            else ""
        )
        return (
            f"No drift: {result.database} matches the files "
            f"({plural(result.files_objects, 'object')} compared{also})."
        )
    return (
        f"Drift: {plural(len(differences), 'difference')} between {result.database} and the "
        f"files ({plural(result.files_objects, 'object')} in the files, "
        f"{result.database_objects} in the database)."
    )


def _notes(result: DriftResult) -> list[str]:
    """What the migration tools' version tables say, and how much drift that explains."""
    lines = [note for state in result.migrations for note in state.notes()]
    explained = sum(1 for i in result.differences if result.not_applied(i))
    if explained:
        lines.append(
            f"{explained} of the {plural(len(result.differences), 'difference')} "
            f"{'comes' if explained == 1 else 'come'} from migration files the database "
            "has not applied (marked [not applied yet]): run the migrations"
        )
    return lines


def _text(result: DriftResult) -> str:
    lines = []
    for item in result.items:
        path = result.not_applied(item)
        mark = f" [not applied yet: {path}]" if path else ""
        lines.append(f"{item.location}: {item.kind.value}: {item.message}{mark}")
    notes = [f"note: {n}" for n in _notes(result)]
    return "\n".join([*lines, *notes, _summary(result)]) + "\n"


def item_json(item: DriftItem) -> dict[str, object]:
    """One difference as the JSON report spells it (stable field names)."""
    f, d = item.files, item.database
    loc = None if f is None else item.location  # a view left: the cleanup's DROP
    return {
        "drift": item.kind.value,
        "kind": item.object_kind.value,
        "name": item.name,
        "files_name": None if f is None else stored_qualified_name(f),
        "database_name": None if d is None else stored_qualified_name(d),
        "path": None if loc is None else loc.path,
        "line": None if loc is None else loc.line,
        "column": None if loc is None else loc.column,
        "database_location": None if d is None else d.location.path,
        "message": item.message,
    }


def migration_json(state: MigrationState) -> dict[str, object]:
    """What one version table says, as the JSON report spells it."""
    return {
        "tool": state.tool,
        "table": state.table,
        "version": state.current,
        "dirty": state.dirty,
        "not_applied": [{"version": v, "path": p} for v, p in state.unapplied],
        "applied_without_file": list(state.missing),
        "failed": list(state.failed),
        "unreadable": state.unreadable,
        "notes": list(state.notes()),
    }


def _json(result: DriftResult) -> str:
    drift = []
    for item in result.items:
        entry = item_json(item)
        entry["not_applied_yet"] = result.not_applied(item)
        drift.append(entry)
    doc = {
        "database": result.database,
        "drift": drift,
        "files_objects": result.files_objects,
        "database_objects": result.database_objects,
        "migrations": [migration_json(m) for m in result.migrations],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'").replace("\n", " ")


def _markdown(result: DriftResult) -> str:
    lines = ["## dbnamelint drift", "", _summary(result)]
    lines += [f"\n> {_cell(n)}" for n in _notes(result)]
    for kind, heading in _HEADINGS.items():
        items = [i for i in result.items if i.kind is kind]
        if not items:
            continue
        lines += ["", f"### {heading} ({len(items)})", "", "| kind | files | database |"]
        lines.append("|---|---|---|")
        for i in items:
            f = stored_qualified_name(i.files) if i.files else "-"
            d = stored_qualified_name(i.database) if i.database else "-"
            lines.append(f"| {i.object_kind.value} | `{_cell(f)}` | `{_cell(d)}` |")
    return "\n".join(lines) + "\n"


def _level(kind: DriftKind) -> str:
    """SARIF level: a note for what is not drift, else an error."""
    return "note" if kind is DriftKind.COMPATIBILITY_VIEW else "error"


def _sarif_result(item: DriftItem, rule_index: int) -> dict[str, object]:
    location: dict[str, object] = {
        "logicalLocations": [{"fullyQualifiedName": item.name, "kind": item.object_kind.value}]
    }
    if item.files is not None:
        loc = item.location
        location["physicalLocation"] = {
            "artifactLocation": artifact_location(loc.path),
            "region": {"startLine": max(loc.line, 1), "startColumn": max(loc.column, 1)},
        }
    identity = f"{item.kind.value}\0{item.object_kind.value}\0{item.name}"
    result: dict[str, object] = {
        "ruleId": _RULES[item.kind][0],
        "ruleIndex": rule_index,
        "level": _level(item.kind),
        "message": {"text": item.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: hashlib.sha256(identity.encode()).hexdigest()},
    }
    if item.database is not None:
        result["properties"] = {"databaseLocation": item.database.location.path}
    return result


def _sarif(result: DriftResult) -> str:
    used = list(dict.fromkeys(i.kind for i in result.items))
    index = {kind: n for n, kind in enumerate(used)}
    rules = [
        {
            "id": _RULES[k][0],
            "name": k.value.replace("_", "-"),
            "shortDescription": {"text": _RULES[k][1]},
            "defaultConfiguration": {"level": _level(k)},
        }
        for k in used
    ]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dbnamelint",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_sarif_result(i, index[i.kind]) for i in result.items],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
