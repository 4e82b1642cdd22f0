"""JHipster's "needle" comments in a root changelog the new include follows.

JHipster's generator adds each new entity's changelogs where its comments
``<!-- jhipster-needle-liquibase-add-changelog ... -->`` (and
``-add-constraints-changelog``, ``-add-incremental-changelog``) stand in
``master.xml``, above the include ``migrate`` appends after the last entry.
A changelog generated later that names a renamed table by its new name then
runs before the rename on a new database and fails there (confirmation
trial s22, jhipster-sample-app). No place is right for both: before the
needles, the rename would run before the constraints changelogs already
listed after them. So the plan says it.
"""

from __future__ import annotations

from collections.abc import Sequence

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.services.migrate.layout import NewFile

_NEEDLE = lazy_compile(r"jhipster-needle-liquibase-add-[\w-]*changelog")


def needle_note(files: Sequence[NewFile]) -> str | None:
    """The plan's note when a changelog ``files`` edits (role ``changelog``)
    keeps JHipster's needle comments above the include added to it, else None."""
    for edited in files:
        if edited.role != "changelog" or edited.replaces is None:
            continue
        before = edited.replaces
        added = next(
            (i for i, (a, b) in enumerate(zip(before, edited.text, strict=False)) if a != b),
            len(before),
        )
        needles = sorted({m.group() for m in _NEEDLE.finditer(edited.text, 0, added)})
        if needles:
            return (
                f"{edited.path.name} keeps JHipster's needle comments ({', '.join(needles)}) "
                "above the include this adds: changelogs JHipster generates later go there, "
                "before the rename, and one naming a renamed table by its new name fails on a "
                "new database; move their includes below this one when you add them"
            )
    return None
