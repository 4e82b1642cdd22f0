"""Vendored code: other projects' files a tree keeps a copy of.

``vendor/`` (Go modules, Composer, a web app's ``static/js/vendor/``),
``node_modules/`` and ``third_party/`` hold no project code: a word there
(jQuery's ``key``, a vendored editor's ``CHANGES.md``) is no use of the
schema, and no patch should edit it. ``impact`` leaves them out of its
search unless a path it is given names such a folder itself (``dbnamelint
impact static/js/vendor``). Minified scripts (``*.min.js``) are skipped as
generated assets (:mod:`~dbnamelint.impact.assets`).
"""

from __future__ import annotations

from collections.abc import Iterable

#: Folders holding other projects' code, whatever their depth.
FOLDERS = frozenset({"vendor", "node_modules", "third_party"})


def is_vendored(path: str) -> bool:
    """Whether ``path`` (relative, ``/``-separated) is a vendored file."""
    return any(f in FOLDERS for f in path.split("/")[:-1])


def asked_for(pathspecs: Iterable[str]) -> bool:
    """Whether a path the user gave names vendored code itself (then it is searched)."""
    return any(any(part in FOLDERS for part in p.strip("/").split("/")) for p in pathspecs)


def skipped_note(paths: list[str]) -> str:
    """The summary note for the vendored files left out (the first three named)."""
    noun = "file" if len(paths) == 1 else "files"
    shown = ", ".join(paths[:3]) + (", ..." if len(paths) > 3 else "")
    return (
        f"{len(paths)} vendored {noun} left out (vendor/, node_modules/, third_party/: "
        f"other projects' code): {shown}; a path given that names one "
        "is searched (dbnamelint impact static/js/vendor)"
    )
