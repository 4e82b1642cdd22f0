"""The real PostgreSQL parser (libpg_query via pglast) as an oracle.

Used by the corpus recall test and the benchmark: it lists the names a
PostgreSQL file creates or renames, per kind, so our extraction can be
compared with what the server itself would see.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

#: The kinds of object the oracle reports (ObjectKind values).
KINDS = (
    "table",
    "column",
    "index",
    "constraint",
    "view",
    "materialized_view",
    "sequence",
    "type",
    "domain",
    "schema",
    "trigger",
    "policy",
)

_RENAME_KIND = {
    "OBJECT_TABLE": "table",
    "OBJECT_FOREIGN_TABLE": "table",
    "OBJECT_COLUMN": "column",
    "OBJECT_INDEX": "index",
    "OBJECT_TABCONSTRAINT": "constraint",
    "OBJECT_VIEW": "view",
    "OBJECT_MATVIEW": "materialized_view",
    "OBJECT_SEQUENCE": "sequence",
    "OBJECT_TYPE": "type",
    "OBJECT_DOMAIN": "domain",
    "OBJECT_SCHEMA": "schema",
    "OBJECT_TRIGGER": "trigger",
    "OBJECT_POLICY": "policy",
}


def _strings(node: Any) -> list[str]:
    out = []
    for item in node or []:
        s = item.get("String", {}).get("sval") if isinstance(item, dict) else None
        if s is not None:
            out.append(s)
    return out


def _walk(node: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            inner = value
            if key == "CreateDomainStmt":
                inner = {k: x for k, x in value.items() if k != "constraints"}
            yield from _walk(inner)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def names_in(tree: Any) -> Iterator[tuple[str, str]]:
    """(kind, name) for every name a parse tree creates or renames.

    Documented exception: constraints of a CREATE DOMAIN are not listed;
    they belong to a type, not a table, and are not modelled.
    """
    for key, v in _walk(tree):
        if not isinstance(v, dict):
            continue
        if key == "CreateStmt":
            yield "table", v["relation"]["relname"]
        elif key == "ColumnDef" and v.get("colname"):
            yield "column", v["colname"]
        elif key == "Constraint" and v.get("conname"):
            yield "constraint", v["conname"]
        elif key == "IndexStmt" and v.get("idxname"):
            yield "index", v["idxname"]
        elif key == "ViewStmt":
            yield "view", v["view"]["relname"]
        elif key == "CreateTableAsStmt" and v.get("objtype") == "OBJECT_MATVIEW":
            yield "materialized_view", v["into"]["rel"]["relname"]
        elif key == "CreateTableAsStmt":
            yield "table", v["into"]["rel"]["relname"]
        elif key == "CreateSeqStmt":
            yield "sequence", v["sequence"]["relname"]
        elif key in ("CreateEnumStmt", "CreateRangeStmt"):
            yield "type", _strings(v.get("typeName"))[-1]
        elif key == "CompositeTypeStmt":
            yield "type", v["typevar"]["relname"]
        elif key == "CreateDomainStmt":
            yield "domain", _strings(v.get("domainname"))[-1]
        elif key == "CreateSchemaStmt" and v.get("schemaname"):
            yield "schema", v["schemaname"]
        elif key == "CreateTrigStmt":
            yield "trigger", v["trigname"]
        elif key == "CreatePolicyStmt":
            yield "policy", v["policy_name"]
        elif key == "RenameStmt" and v.get("newname"):
            kind = _RENAME_KIND.get(v.get("renameType", ""))
            if kind:
                yield kind, v["newname"]


def pg_names(sql: str) -> set[tuple[str, str]] | None:
    """Names the PostgreSQL parser sees in ``sql``; None if it cannot parse it."""
    # Imported here so that the kind list can be read where pglast is absent.
    from pglast import parser as pg_parser

    try:
        tree = json.loads(pg_parser.parse_sql_json(sql))
    except Exception:
        return None
    return {(k, n) for k, n in names_in(tree)}


def our_names(events: Any) -> set[tuple[str, str]]:
    """(kind, name) our events create or rename to, folded like PostgreSQL."""
    out: set[tuple[str, str]] = set()
    for e in events:
        name = e.new_name if e.op.value == "rename" else e.name
        if not name:
            continue
        folded = name if e.new_quoted or e.quoted else name.lower()
        # PostgreSQL truncates identifiers to 63 bytes (NAMEDATALEN - 1) when it
        # parses them; we keep the name as written so that the length rule can
        # flag it, and clip only to compare with the server's view.
        clipped = folded.encode()[:63].decode(errors="ignore")
        out.add((e.kind.value, clipped))
    return out


def fold(names: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Fold both sides to lower case: pglast lowers unquoted names, keeps quoted ones."""
    return {(k, n.lower()) for k, n in names}
