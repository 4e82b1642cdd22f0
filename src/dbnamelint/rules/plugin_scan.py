"""Whether any installed distribution may declare entry points of a group.

``importlib.metadata`` is the authority on entry points, but importing it
imports the ``email`` package (to read ``METADATA``) and ``zipfile``: about
30 ms of CPU, an eighth of a ``check --no-cache`` of a one-line file, paid
on every run that builds the rule registry although almost no environment
has a dbnamelint plugin. :func:`may_declare` answers the narrower question
first, reading only what ``importlib.metadata`` would read for it.

It mirrors the standard library's path-based discovery (``MetadataPathFinder``
and ``FastPath``/``Lookup`` in ``importlib/metadata/__init__.py``, CPython
3.10-3.13): a distribution is a ``*.dist-info`` or ``*.egg-info`` child of a
``sys.path`` folder, or the ``EGG-INFO`` folder of a ``*.egg`` folder on the
path, and its entry points are the sections of its ``entry_points.txt``. A
group whose name appears in no such file has no entry points. Whatever it
cannot judge that cheaply answers True (ask ``importlib.metadata``): a
``sys.path`` entry that is a file (a zip archive), an ``entry_points.txt``
that cannot be read, or another finder on ``sys.meta_path`` that finds
distributions of its own.
"""

from __future__ import annotations

import sys
from importlib.machinery import PathFinder
from pathlib import Path

_INFO_SUFFIXES = (".dist-info", ".egg-info")


def may_declare(group: str) -> bool:
    """Whether ``importlib.metadata.entry_points(group=group)`` may be non-empty.

    False only when it is certainly empty. Never raises.
    """
    if any(
        finder is not PathFinder and hasattr(finder, "find_distributions")
        for finder in sys.meta_path
    ):
        return True
    needle = group.encode()
    return any(_folder_declares(root, needle) for root in sys.path)


def _folder_declares(root: str, needle: bytes) -> bool:
    """True when a distribution in ``root`` names ``needle`` in its entry
    points or ``root`` cannot be judged; False when none does."""
    folder = Path(root or ".")
    try:
        children = list(folder.iterdir())
    except OSError:
        # importlib.metadata reads a zip archive's names; a missing entry has none.
        return folder.is_file()
    egg = folder.name.lower().endswith(".egg")
    for child in children:
        low = child.name.lower()
        if low.endswith(_INFO_SUFFIXES) or (egg and low == "egg-info"):
            text = _entry_points_text(child)
            if text is None or needle in text:
                return True
    return False


def _entry_points_text(info: Path) -> bytes | None:
    """The bytes of ``info``'s ``entry_points.txt``; empty when it has none,
    None when it exists but cannot be read."""
    try:
        return (info / "entry_points.txt").read_bytes()
    except FileNotFoundError:
        return b""
    except NotADirectoryError:
        return b""  # an egg-info file (PKG-INFO alone): no entry points
    except OSError:
        return None
