"""sqlx named parameters that bind through a ``db`` struct tag the patch renames.

In sqlx, ``db.NamedExec("... VALUES (:name, :unitPrice)", p)`` (also
``NamedQuery``, ``sqlx.Named``, ``PrepareNamed``...) looks each ``:name``
up among the ``db`` tag names of the struct passed (sqlx README, "Named
queries"; ``bindStruct`` reads the fields through the ``db`` tag mapper),
spelled exactly. When ``impact --diff`` renames ``db:"unitPrice"`` to
``db:"unit_price"`` (so ``Get``/``Select`` still scan the renamed column),
the parameter ``:unitPrice`` of a Go file must follow, or the call fails
with ``could not find name unitPrice``. Parameters are renamed only when
every place that tag name is written as a ``db`` tag is renamed to one new
name; a Go file that also holds the old name as a string literal (a map
argument's key, ``map[string]any{"unitPrice": ...}``) gets a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from msgspec.structs import replace

from dbnamelint.impact.classify import HIGH
from dbnamelint.impact.scan import Reference

#: Context of a ``:name`` parameter the patch renames with its struct tag.
LABEL = "sqlx named parameter (db tag renamed)"
_TAG = "Go struct tag db"


def named_parameters(
    references: Iterable[Reference], rewritten: Iterable[Reference], read: dict[str, str]
) -> tuple[list[Reference], list[str]]:
    """(parameters to rename, notes) for the ``db`` tags among ``rewritten``.

    ``references``: every reference found (bind parameters are plain ones);
    ``rewritten``: those the patch renames; ``read``: Go files' text by path
    (for the map-key note), filled by the caller.
    """
    references = list(references)
    renamed: dict[str, set[str]] = {}
    owners: dict[str, Reference] = {}
    done = {(r.path, r.line, r.column) for r in rewritten if r.context == _TAG}
    for ref in rewritten:
        if ref.context == _TAG and ref.target.target:
            renamed.setdefault(ref.name, set()).add(ref.target.target)
            owners[ref.name] = ref
    kept = {
        r.name for r in references if r.context == _TAG and (r.path, r.line, r.column) not in done
    }
    params: dict[tuple[str, int, int], Reference] = {}
    notes: list[str] = []
    for ref in references:
        if ref.context != "bind parameter" or not ref.path.endswith(".go"):
            continue
        news = renamed.get(ref.name)
        if not news or not ref.text[: ref.column - 1].endswith(":"):
            continue
        if len(news) > 1 or ref.name in kept:
            notes.append(
                f"{ref.path}:{ref.line}:{ref.column}: :{ref.name} not rewritten: the db tag "
                f"{ref.name} it binds is renamed in some structs and not in others"
                if ref.name in kept
                else f"{ref.path}:{ref.line}:{ref.column}: :{ref.name} not rewritten: the db "
                f"tag {ref.name} is renamed to {', '.join(sorted(news))}"
            )
            continue
        owner = owners[ref.name]
        params[(ref.path, ref.line, ref.column)] = replace(
            ref, target=owner.target, confidence=HIGH, context=LABEL, shared=()
        )
    for path in sorted({p for p, _l, _c in params}):
        text = read.get(path, "")
        keys = sorted(
            {
                r.name
                for r in params.values()
                if r.path == path and re.search(rf'"{re.escape(r.name)}"\s*:', text)
            }
        )
        if keys:
            notes.append(
                f"{path}: renamed the sqlx named parameters "
                + ", ".join(f":{k}" for k in keys)
                + " with their db tags; where one binds a map argument, rename its key too"
            )
    return list(params.values()), notes
