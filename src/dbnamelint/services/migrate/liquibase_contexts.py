"""Tables a Liquibase changeset with a ``context`` (or ``labels``) creates.

Liquibase runs a changeset whose ``context`` does not match the run's
``--contexts`` not at all (Liquibase documentation, "Contexts"); JHipster
creates ``jhi_date_time_wrapper`` in a changeset with ``context="test"``
and runs its production databases with ``contexts: prod``. The changeset
``migrate`` writes has no context, so on such a database it renames a
table that is not there, fails, and (one transaction) renames nothing: the
application does not start. The reader runs every context (it cannot know
which a deployment runs), so the plan says which renamed tables only some
contexts create (confirmation trial s22, jhipster-sample-app).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dbnamelint.frontends.liquibase.tree import changesets
from dbnamelint.model import ObjectKind, Schema

#: The changeset attributes that keep it from some runs.
_FILTERS = ("context", "contextFilter", "labels")


def _filter_at(path: Path, line: int) -> tuple[str, str, str] | None:
    """(attribute, value, changeset id) of the changeset of the changelog
    ``path`` that holds ``line``, when that changeset has a context or
    labels; None otherwise (no such changeset, an unreadable file)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = changesets(text, path.suffix)
    if not found:
        return None
    holding = [c for c in found if c.node.line <= line]
    if not holding:
        return None
    node = holding[-1].node
    for attribute in _FILTERS:
        value = node.get(attribute)
        if value is not None:
            return attribute, value, node.get("id") or "?"
    return None


def context_note(tables: Sequence[str], schema: Schema, root: Path) -> str | None:
    """The plan's note when tables renamed by it (``tables``: their catalog
    names now) are created in a changelog changeset that only some contexts or
    labels run, else None. Paths are taken below ``root`` when relative."""
    wanted = set(tables)
    said: list[str] = []
    for obj in schema.objects:
        if obj.kind is not ObjectKind.TABLE or obj.name not in wanted:
            continue
        where = obj.created_at or obj.location
        path = Path(where.path)
        if path.suffix.lower() not in (".xml", ".yaml", ".yml", ".json"):
            continue
        found = _filter_at(path if path.is_absolute() else root / path, where.line)
        if found is not None:
            attribute, value, ident = found
            said.append(f'{obj.name} ({where}: changeset "{ident}", {attribute}="{value}")')
    if not said:
        return None
    return (
        "Liquibase creates " + "; ".join(sorted(said)) + " only in a run with that context "
        "or label; the new changeset has none, so a database run without it has no such "
        "table, the rename fails there and the changeset renames nothing: move those "
        "tables' renames to a changeset of their own with the same "
        "context or labels (or run that database's renames with it)"
    )
