"""Names the files write with a template placeholder, written back as the files write them.

The reader sees ``${tableName}`` (Flyway), ``{{ .Table }}`` or ``%PREFIX%``
as a run of underscores of the same length (:func:`~dbnamelint.migration_text.prepare_text`),
so the placeholder's name is unknown and never judged. A plan may still
touch such a table (a column of conductor's ``${tableName}`` renamed): its
text and its scripts must then say ``${tableName}``, as the tool that fills
the placeholder in expects, never ``____________`` (trial s19). The text is
read back from the file at the object's location: the underscores stand
exactly where the placeholder was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.sql.sources import read_source
from dbnamelint.model import ObjectKind, Schema, SchemaObject
from dbnamelint.placeholder_runs import run_texts, spelled
from dbnamelint.positions import LineIndex
from dbnamelint.services.migrate.plan import Note, Plan

#: What a placeholder leaves in a name (``migration_text._RUN``).
_RUN = lazy_compile(r"_{4,}")


def _written(obj: SchemaObject, root: Path) -> str | None:
    """``obj``'s name as its file writes it at its location, when a placeholder
    stands where the name has underscores and every other character agrees."""
    text = read_source(obj.source, root)
    if not isinstance(text, str) or obj.location.line < 1:
        return None
    start = LineIndex(text).offset(obj.location.line, obj.location.column)
    name = obj.name
    # The placeholder's text may be longer than its run when quoted: none is.
    written = text[start : start + len(name)]
    if len(written) != len(name) or written == name:
        return None
    if any(c != w for c, w in zip(name, written, strict=True) if c != "_"):
        return None
    return written


def written_names(plan: Plan, schema: Schema, root: Path) -> dict[str, str]:
    """Each table name of ``plan`` holding a placeholder's run -> as its file writes it."""
    wanted = {
        name
        for step in plan.steps
        for name in (step.table, step.old if step.kind is ObjectKind.TABLE else None)
        if name and _RUN.search(name)
    }
    out: dict[str, str] = {}
    for obj in schema.of_kind(ObjectKind.TABLE):
        if obj.name in wanted and obj.name not in out:
            written = _written(obj, root)
            if written is not None:
                out[obj.name] = written
    return out


def respelled(text: str, names: Iterable[tuple[str, str]]) -> str:
    """``text`` with each of ``names``' first (a whole name) spelled as its
    second, and then every other run of those names' runs as its placeholder
    (``___________sharing_links`` -> ``{{.prefix}}sharing_links``)."""
    names = tuple(names)
    for name, written in names:
        form = written  # a replacement string would read its backslashes

        def written_form(_match: re.Match[str], form: str = form) -> str:
            return form

        text = re.sub(rf"(?<![\w$]){re.escape(name)}(?!\w)", written_form, text)
    return spelled(text, run_texts(names)) or text


def with_written_names(plan: Plan, schema: Schema, root: Path) -> Plan:
    """``plan`` knowing its placeholder names as written (:attr:`Plan.written`),
    its notes so far spelling them so."""
    names = written_names(plan, schema, root)
    if not names:
        return plan
    pairs = tuple(sorted(names.items()))
    notes = tuple(Note(respelled(n.message, pairs)) for n in plan.notes)
    return replace(plan, written=pairs, notes=notes)


def with_written_views(plan: Plan, views: Iterable[SchemaObject], root: Path) -> Plan:
    """A cleanup's ``plan`` knowing how the files write its compatibility
    views' names when a placeholder's run is in them (``CREATE VIEW
    {{.prefix}}sharing``): :attr:`Plan.written`, from which the names made
    of the same run are spelled too (the table ``{{.prefix}}sharing_links``)."""
    names: dict[str, str] = {}
    for view in views:
        if view.name not in names and _RUN.search(view.name):
            written = _written(view, root)
            if written is not None:
                names[view.name] = written
    if not names:
        return plan
    return replace(plan, written=tuple(sorted({*plan.written, *names.items()})))
