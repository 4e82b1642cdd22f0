"""The nearest build manifest above a file (``Cargo.toml``, ``go.mod``): which
tool runs a project's migrations is often said there, not by the file names.

Every place looked at is a side input of the run cache
(:func:`~dbnamelint.core.readlog.note_side`), present or not: an edit of
``go.mod``, or one added nearer, can change the verdict.
"""

from __future__ import annotations

import os
from pathlib import Path

from dbnamelint.core import readlog


def nearest_manifest_path(anchor: Path, name: str) -> Path | None:
    """The first file called ``name`` in ``anchor``'s folders, upwards, or None."""
    for folder in anchor.parents:
        manifest = folder / name
        readlog.note_side(os.path.abspath(manifest))  # noqa: PTH100 - the log keeps str paths
        if manifest.is_file():
            return manifest
    return None


def nearest_manifest(anchor: Path, name: str) -> str | None:
    """The text of the first file called ``name`` in ``anchor``'s folders,
    upwards; None when there is none or it cannot be read."""
    manifest = nearest_manifest_path(anchor, name)
    if manifest is None:
        return None
    try:
        return manifest.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
