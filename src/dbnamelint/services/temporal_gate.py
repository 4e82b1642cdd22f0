"""The gate on temporal's version folders: an applied version's manifest
edited or its folder deleted (``DBN025``), a new version below an applied
one (``DBN016``).

``temporal-sql-tool update-schema`` records the version a database reached
(``schema_version``) and runs only the version folders above it
(``updatetask.go`` ``sortAndFilterVersions``: versions in ``(current,
target]``). A version folder committed at the base may have run on a
database already, so its ``manifest.json`` is history: a file added to its
``SchemaUpdateCqlFiles`` never runs there, a file taken out stays applied
there, and the folder deleted leaves its objects behind; a new version
numbered below a committed one (``v1.18.1`` after ``v1.19``) never runs on a
database that reached the higher one (trial s30 temporal: each passed the
hook, and the model held what such databases lack). An edit of an applied
file itself is already ``DBN025`` (:mod:`dbnamelint.services.edited_history`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from dbnamelint.gitutil import (
    now_bytes,
    relative_to_repo,
    repository_root,
    show_bytes,
    tree_names,
)
from dbnamelint.model import Diagnostic, Location, Severity, SourceFile
from dbnamelint.services.edited_history import EDITED_MIGRATION_CODE
from dbnamelint.temporal_layout import FILES_KEY, MANIFEST, parse_manifest, version_key

#: A migration new below one committed: the code Flyway's and golang-migrate's get.
OUT_OF_ORDER_CODE = "DBN016"
_TOOL = "temporal-sql-tool update-schema"


def _roots(files: Sequence[SourceFile], cwd: Path) -> list[Path]:
    """The schema folders (``versioned/``) holding the version folders of ``files``."""
    found: dict[Path, None] = {}
    for source in files:
        path = Path(os.path.normpath(cwd / source.path))
        if version_key(path.parent.name) is not None and (path.parent / MANIFEST).is_file():
            found.setdefault(path.parent.parent, None)
    return list(found)


def _committed(names: bytes, root: str) -> dict[str, tuple[int, int, int]]:
    """The version folders below ``root`` (repository-relative) holding a
    manifest at the base, by name."""
    out: dict[str, tuple[int, int, int]] = {}
    prefix = root.rstrip("/") + "/" if root not in ("", ".") else ""
    for raw in names.split(b"\0"):
        name = os.fsdecode(raw)
        if not name.startswith(prefix):
            continue
        parts = PurePosixPath(name[len(prefix) :]).parts
        if len(parts) == 2 and parts[1] == MANIFEST and (key := version_key(parts[0])):
            out[parts[0]] = key
    return out


def manifest_edits(
    files: Sequence[SourceFile], cwd: Path, commit: str, ref: str, *, staged: bool = False
) -> list[Diagnostic]:
    """``DBN025`` for each version folder committed at ``commit`` (below the
    schema folders whose version folders ``files`` hold) whose manifest's
    file list (as :func:`~dbnamelint.temporal_layout.parse_manifest` reads
    it) differs now, or which is gone; ``DBN016`` for each version folder new
    since ``commit`` numbered below a committed one. ``staged``: the index's
    manifests (a pre-commit run), else the working tree's. Raises
    :class:`~dbnamelint.gitutil.GitError` when git fails."""
    roots = _roots(files, cwd)
    if not roots:
        return []
    repo = repository_root(cwd)
    names = tree_names(repo, commit)
    out: list[Diagnostic] = []
    for root in roots:
        rel = relative_to_repo(repo, root)
        if rel is None:
            continue
        committed = _committed(names, rel)
        if not committed:
            continue  # a new schema folder: nothing applied from it yet
        top = max(committed.values())
        top_name = next(n for n, k in committed.items() if k == top)
        for name in sorted(committed, key=committed.__getitem__):
            manifest_rel = f"{rel}/{name}/{MANIFEST}" if rel != "." else f"{name}/{MANIFEST}"
            shown = Path(os.path.relpath(repo / manifest_rel, cwd)).as_posix()
            before = parse_manifest(show_bytes(repo, commit, manifest_rel) or b"")
            data = now_bytes(repo, manifest_rel, staged)
            if data is None:
                out.append(_edited(shown, ref, f"deletes the version {name} committed at {ref}"))
                continue
            now = parse_manifest(data)
            listed_before = before.get(FILES_KEY) if before is not None else None
            listed_now = now.get(FILES_KEY) if now is not None else None
            if listed_before != listed_now:
                out.append(
                    _edited(
                        shown,
                        ref,
                        f"changes the files {name}/{MANIFEST} runs ({_listed(listed_before)} at "
                        f"{ref}, {_listed(listed_now)} now)",
                    )
                )
        for name, key in _new_versions(root, committed):
            if key < top:
                folder = Path(os.path.relpath(root / name / MANIFEST, cwd)).as_posix()
                out.append(
                    Diagnostic(
                        Location(folder, 1, 1),
                        Severity.ERROR,
                        f"the version {name} is new since {ref} and below the committed "
                        f"{top_name}: {_TOOL} runs only the versions above the one a database "
                        f"reached, so a database at {top_name} never runs it; number it above "
                        f"{top_name}",
                        OUT_OF_ORDER_CODE,
                    )
                )
    return out


def _new_versions(
    root: Path, committed: dict[str, tuple[int, int, int]]
) -> list[tuple[str, tuple[int, int, int]]]:
    try:
        folders = sorted(p for p in root.iterdir() if p.is_dir())
    except OSError:
        return []
    return [
        (p.name, key)
        for p in folders
        if p.name not in committed
        and (key := version_key(p.name)) is not None
        and (p / MANIFEST).is_file()
    ]


def _listed(files: object) -> str:
    if not isinstance(files, list):
        return "none the tool accepts"
    return "[" + ", ".join(str(f) for f in files) + "]" if files else "none"


def _edited(shown: str, ref: str, what: str) -> Diagnostic:
    return Diagnostic(
        Location(shown, 1, 1),
        Severity.ERROR,
        f"this change {what}: {_TOOL} runs only the versions above the one a database "
        f"reached, so a database past this version keeps what the version committed at {ref} "
        "made and never runs what this change adds to it; leave an applied version as it "
        "is and put the change in a new version folder above the last one",
        EDITED_MIGRATION_CODE,
    )
