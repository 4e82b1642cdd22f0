"""Rendering of ``dbnamelint inspect``: the model, or the events, as text or JSON.

The JSON field names are a public interface (tools build on them), so they
are spelled out here once rather than derived from dataclass fields.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from dbnamelint.core.identity import earlier_names
from dbnamelint.dialects import profile_for
from dbnamelint.jsontext import dumps_indented
from dbnamelint.model import Diagnostic, Event, EventOp, Schema, SchemaObject
from dbnamelint.report.common import plural
from dbnamelint.textsafe import visible_path


def diagnostic_json(d: Diagnostic) -> dict[str, object]:
    """A diagnostic as the JSON outputs spell it."""
    return {
        "code": d.code,
        "path": d.location.path,
        "line": d.location.line,
        "column": d.location.column,
        "severity": d.severity.value,
        "message": d.message,
    }


def stored_name(o: SchemaObject) -> str:
    """``o``'s name as the catalog stores it: folded as its dialect folds an
    unquoted name (PostgreSQL: ``OBJECT_TYPE`` -> ``object_type``), as
    written when quoted; ``name`` is the spelling the file used."""
    return profile_for(o.source.dialect).fold(o.name, o.quoted)


def object_json(o: SchemaObject) -> dict[str, object]:
    """One object of the final model (``stored_name``: see :func:`stored_name`)."""
    return {
        "kind": o.kind.value,
        "name": o.name,
        "schema": o.schema,
        "table": o.table,
        "qualified_name": o.qualified_name,
        "path": o.location.path,
        "line": o.location.line,
        "column": o.location.column,
        "module": o.module,
        "dialect": o.source.dialect,
        "database": o.source.database,
        "quoted": o.quoted,
        "implicit": o.implicit,
        "previous_names": list(o.previous_names),
        "constraint_type": o.constraint_type.value if o.constraint_type else None,
        "columns": list(o.columns),
        "ref_table": o.ref_table,
        "compatibility_view_for": o.compatibility_view_for,
        "partition_of": o.partition_of,
        "written_name": o.written_name,
        "stored_name": stored_name(o),
        # a view whose output columns are not all listed (``SELECT *``)
        "columns_unknown": o.columns_unknown,
        # A PostgreSQL domain's constraint: ``table`` names the domain.
        **({"domain": True} if o.domain else {}),
        # A PostgreSQL composite type's attribute: ``table`` names the type.
        **({"composite": True} if o.composite else {}),
    }


def event_op(e: Event) -> str:
    """What ``e`` does, as listed: a column redefined under its own name
    (PostgreSQL ``ALTER COLUMN c TYPE t``, MySQL ``MODIFY c t`` or ``CHANGE c
    c t``) is "retype", not a rename (trial s22 temporal)."""
    if e.op is EventOp.RENAME and e.redefines and e.new_name == e.name:
        return "retype"
    return e.op.value


def event_json(e: Event) -> dict[str, object]:
    """One naming event, as written in the source.

    ``op`` is "create", "rename", "retype", "drop", "attach" or "detach" (a
    partition: ``name`` is the partition, ``table`` its parent). ``search_path``: the
    PostgreSQL search path the statement ran with, when not the default
    (replay resolves unqualified names through it).
    """
    loc = e.new_location if e.name is None and e.new_location else e.location
    return {
        "op": event_op(e),
        "kind": e.kind.value,
        "name": e.name,
        "schema": e.schema,
        "new_name": e.new_name,
        "new_schema": e.new_schema,
        "table": e.table.name if e.table else None,
        "path": loc.path,
        "line": loc.line,
        "column": loc.column,
        "dialect": e.source.dialect,
        "database": e.source.database,
        "module": e.source.module,
        "constraint_type": e.constraint_type.value if e.constraint_type else None,
        "columns": list(e.columns),
        "partition_of": str(e.partition_of) if e.partition_of else None,
        "search_path": list(e.search_path) if e.search_path is not None else None,
        **({"domain": True} if e.domain else {}),  # ``table`` names a domain
        **({"composite": True} if e.composite else {}),  # ``table`` names a composite type
    }


#: One encoder for the process (msgspec's docs: reuse it).
_ENCODER = msgspec.json.Encoder()


def render_model_json(schema: Schema, diagnostics: Iterable[Diagnostic]) -> str:
    """``inspect --format json``: ``json.dumps(document, indent=2,
    ensure_ascii=False)`` of ``{"objects": [...], "diagnostics": [...]}``,
    byte for byte, written by msgspec's C encoder and formatter (the
    standard library's indented writer was a quarter of a large inspect).

    The document holds strings, ints, bools, None and lists only, which
    msgspec writes as ``json.dumps`` does (ints, escapes, non-ASCII text as
    is: tests/test_inspect_json_text.py holds it to ``json.dumps``); floats,
    which it writes otherwise, never occur. A string pickle cannot encode
    in UTF-8 (a lone surrogate) goes to :func:`dumps_indented`.
    """
    document = {
        "objects": [object_json(o) for o in schema.objects],
        "diagnostics": [diagnostic_json(d) for d in diagnostics],
    }
    try:
        return msgspec.json.format(_ENCODER.encode(document), indent=2).decode()
    except (msgspec.EncodeError, UnicodeError):
        return dumps_indented(document, ensure_ascii=False)


def render_events_json(events: Iterable[Event], diagnostics: Iterable[Diagnostic]) -> str:
    """``inspect --events --format json`` (naming events only: not ``EventOp.USE``)."""
    return dumps_indented(
        {
            "events": [event_json(e) for e in events if e.op is not EventOp.USE],
            "diagnostics": [diagnostic_json(d) for d in diagnostics],
        },
        ensure_ascii=False,
    )


#: Kinds whose plural is not the kind's name plus "s" (:class:`~dbnamelint.kinds.ObjectKind`).
_PLURALS = {"index": "indexes", "policy": "policies"}


def _counted(count: int, kind: str) -> str:
    """``1 table``, ``3 indexes``, ``2 materialized views``: a kind counted."""
    word = kind.replace("_", " ")
    return plural(count, word, _PLURALS.get(kind))


def render_model_text(schema: Schema, diagnostics: Iterable[Diagnostic]) -> str:
    """A human listing: one object per line, attached objects indented, each
    name as stored (``written LANGUAGE`` beside it when the file spelled it
    otherwise).

    Names and paths are untrusted: each line goes through
    :func:`~dbnamelint.textsafe.visible_path` (no terminal controls, no
    line breaks, never a leading ``::``).
    """
    lines: list[str] = []
    for o in schema.objects:
        indent = "    " if o.table else ""
        extra: list[str] = []
        # Each name as the catalog stores it, as every other report names it
        # (PostgreSQL folds Lemmy's unquoted ``CREATE TABLE LANGUAGE`` to
        # ``language``; ``pg_class.relname`` says so), the spelling beside it.
        fold = profile_for(o.source.dialect).fold
        if o.previous_names:
            extra.append("was " + ", ".join(fold(n, q) for n, q in earlier_names(o)))
        stored = stored_name(o)
        if stored != o.name:
            extra.append(f"written {o.name}")
        if o.implicit:
            extra.append("name chosen by the database")
        if o.written_name:
            extra.append(f"written {o.written_name}, cut by the database")
        if o.compatibility_view_for:
            extra.append(f"compatibility view for {o.compatibility_view_for}")
        if o.partition_of:
            extra.append(f"partition of {o.partition_of}")
        if o.columns_unknown:  # JSON columns_unknown: the columns below are not all
            extra.append("columns in part unknown")
        if o.module:
            extra.append(f"module {o.module}")
        shown = f"{o.schema}.{stored}" if o.schema and not o.table else stored
        suffix = f"  ({'; '.join(extra)})" if extra else ""
        kind = "procedure" if o.procedure else o.kind.value  # JSON keeps "function"
        lines.append(f"{o.location}: {indent}{kind} {shown}{suffix}")
    lines.extend(_diagnostic_lines(diagnostics))
    counts: dict[str, int] = {}
    for o in schema.objects:
        kind = "procedure" if o.procedure else o.kind.value
        counts[kind] = counts.get(kind, 0) + 1
    summary = ", ".join(_counted(n, k) for k, n in sorted(counts.items()))
    lines.append(plural(len(schema.objects), "object") + (f": {summary}" if summary else ""))
    return "\n".join(map(visible_path, lines))


def render_events_text(events: Iterable[Event], diagnostics: Iterable[Diagnostic]) -> str:
    """A human listing of naming events in file order."""
    lines: list[str] = []
    for e in events:
        if e.op is EventOp.USE:
            continue  # TRUNCATE and the like: no name changes (replay judges them)
        target = e.name or "(unnamed)"
        change = ""
        if e.op in (EventOp.ATTACH, EventOp.DETACH):
            change = f" {'to' if e.op is EventOp.ATTACH else 'from'} {e.table}" if e.table else ""
        elif e.table is not None:
            target = f"{e.table.name}.{target}"
        if e.partition_of is not None:
            change = f" partition of {e.partition_of}"
        op = event_op(e)
        if op == "retype":
            change = f" to {e.data_type}" if e.data_type else ""
        elif e.new_name:
            change = f" -> {e.new_name}"
        if e.new_schema:
            change += f" (schema {e.new_schema})"
        lines.append(f"{e.location}: {op} {e.kind.value} {target}{change}")
    lines.extend(_diagnostic_lines(diagnostics))
    return "\n".join(map(visible_path, lines))


def _diagnostic_lines(diagnostics: Iterable[Diagnostic]) -> list[str]:
    return [f"{d.location}: {d.code} {d.severity.value}: {d.message}" for d in diagnostics]
