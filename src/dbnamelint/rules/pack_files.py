"""Where rule packs are: by name (shipped with dbnamelint) or by path.

Apart from :mod:`.pack_loader` (which reads and checks a pack's YAML) so that
the run cache can name the files a configuration was read from without
importing PyYAML or the rules.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:  # pragma: no cover - Python 3.10
        from importlib.abc import Traversable

PACK_SUFFIX = ".yaml"


def _source_checkout_dir() -> Path:
    # src/dbnamelint/rules/pack_files.py -> repository root / "rules"
    return Path(__file__).resolve().parents[3] / "rules"


def pack_dirs() -> Iterator[Traversable]:
    """Installed packs first (wheel: dbnamelint/packs/), then a source checkout."""
    # An installed package is a folder: its packs are found beside this file
    # without importlib.resources (8 ms of imports in a 0.2 s run).
    installed: Traversable = Path(__file__).parent.parent / "packs"
    if not installed.is_dir() and not Path(__file__).is_file():  # a zipped install
        from importlib import resources

        installed = resources.files("dbnamelint").joinpath("packs")
    if installed.is_dir():
        yield installed
    checkout = _source_checkout_dir()
    if checkout.is_dir():
        yield checkout


def list_packs() -> tuple[str, ...]:
    """Names of the packs that ship with dbnamelint, sorted."""
    names = {
        entry.name[: -len(PACK_SUFFIX)]
        for folder in pack_dirs()
        for entry in folder.iterdir()
        if entry.name.endswith(PACK_SUFFIX) and entry.is_file()
    }
    return tuple(sorted(names))


def is_path(name_or_path: str | Path) -> bool:
    text = str(name_or_path)
    return (
        isinstance(name_or_path, Path)
        or "/" in text
        or "\\" in text
        or (text.endswith((".yaml", ".yml")))
    )


def locate(name_or_path: str | Path, root: Path | None) -> Traversable | None:
    if is_path(name_or_path):
        path = Path(name_or_path)
        if not path.is_absolute() and root is not None:
            path = root / path
        return path if path.is_file() else None
    for folder in pack_dirs():
        candidate = folder.joinpath(f"{name_or_path}{PACK_SUFFIX}")
        if candidate.is_file():
            return candidate
    return None


def find_pack(name_or_path: str | Path, root: Path | None = None) -> Path | None:
    """The file of a pack given by name (``cora``) or path (relative to ``root``).

    None when there is no such pack, or when it lives inside a zipped
    install and has no file-system path (:func:`load_pack` still reads it).
    """
    found = locate(name_or_path, root)
    return found if isinstance(found, Path) else None
