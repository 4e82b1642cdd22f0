"""``init``'s ``paths``: a folder calling a procedure a later file of it creates, file by file.

The files of one folder replay in name order, and a runner may run them
otherwise: Lemmy's code runs ``replaceable_schema/utils.sql``, which creates
``r.create_triggers``, before ``triggers.sql``, which calls it (trial s36
lemmy F8). PostgreSQL refuses a CALL of a procedure that does not exist yet,
so a folder whose ``CALL`` the replay reaches before the procedure's
``CREATE`` (the ``DBN012`` note of
:func:`~dbnamelint.replay.routine_runs.created_later_in`) cannot be the
runner's order: its files are listed one by one, each creating file before
the files calling it, the rest in name order. Only folders of no migration
tool: a tool's own order is its names'.
"""

from __future__ import annotations

import os
from collections.abc import Container, Sequence
from pathlib import Path, PurePosixPath

from dbnamelint.frontends.sql.sources import natural_key
from dbnamelint.replay.routine_runs import created_later_in
from dbnamelint.runner.pipeline import Loaded


def _relative(path: str, root: Path) -> PurePosixPath | None:
    absolute = Path(path) if Path(path).is_absolute() else Path.cwd() / path
    try:
        return PurePosixPath(Path(os.path.normpath(absolute)).relative_to(root).as_posix())
    except ValueError:
        return None


def in_call_order(
    paths: Sequence[str], loaded: Loaded, root: Path, plain_folders: Container[str]
) -> tuple[str, ...]:
    """``paths`` with each of ``plain_folders`` (of no migration tool) whose
    file calls a procedure a later file of it creates replaced by its files,
    creators first (see the module docstring). A folder with nested folders
    stays as it is (its note says what to do): ``.``, when ``paths`` is the
    common folder of many, holds the migrations too."""
    needs: dict[PurePosixPath, set[PurePosixPath]] = {}  # caller -> its creators
    for diagnostic in loaded.diagnostics:
        creator = created_later_in(diagnostic)
        caller = _relative(diagnostic.location.path, root)
        made_in = _relative(creator, root) if creator is not None else None
        if caller is not None and made_in is not None and made_in.parent == caller.parent:
            needs.setdefault(caller, set()).add(made_in)
    if not needs:
        return tuple(paths)
    out: list[str] = []
    for entry in paths:
        folder = PurePosixPath(entry)
        files = sorted(
            {r for f in loaded.files if (r := _relative(f.path, root)) and folder in r.parents},
            key=lambda r: natural_key(r.as_posix()),
        )
        if (
            entry not in plain_folders
            or not any(c.parent == folder for c in needs)
            or any(f.parent != folder for f in files)
        ):
            out.append(entry)
            continue
        listed = set(paths)
        out.extend(
            f.as_posix() for f in _creators_first(files, needs) if f.as_posix() not in listed
        )
    return tuple(out)


def _creators_first(
    files: list[PurePosixPath], needs: dict[PurePosixPath, set[PurePosixPath]]
) -> list[PurePosixPath]:
    """``files`` (name order) with each after the files it needs; a cycle keeps name order."""
    order: list[PurePosixPath] = []
    left = list(files)
    while left:
        ready = next((f for f in left if not needs.get(f, set()) & set(left)), left[0])
        order.append(ready)
        left.remove(ready)
    return order
